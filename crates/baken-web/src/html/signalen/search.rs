//! Search by text or identifier.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::html::form::FormState;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_domain::dossier::DossierAccess;
use baken_domain::entiteit::EntiteitInvoer;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct SearchForm {
    zoekterm: String,
    /// Cursor of the next page of a text search.
    na: String,
    bsn: String,
    kvk_nummer: String,
    kenteken: String,
    iban: String,
    postcode: String,
    huisnummer: String,
    huisletter: String,
    huisnummertoevoeging: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/zoeken.html")]
pub struct SearchPage {
    shell: Shell,
    form: FormState,
    gezocht: bool,
    resultaten: Vec<(Regel, &'static str)>,
    /// Cursor for "more results" of a text search.
    volgende: Option<String>,
    /// Identifier search: also known in a municipality the user does not work for.
    elders: bool,
}

pub async fn search_form(State(state): State<AppState>, user: SignedIn) -> SearchPage {
    SearchPage {
        shell: Shell::signed_in(&state, &user.view, "Zoeken", "/signalen").await,
        form: FormState::default(),
        gezocht: false,
        resultaten: vec![],
        volgende: None,
        elders: false,
    }
}

/// Search is a POST: terms and identifiers (BSN!) never appear in a URL or an access log line.
pub async fn search(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<SearchForm>,
) -> Result<Response, PageError> {
    let mut page = SearchPage {
        shell: Shell::signed_in(&state, &user.view, "Zoeken", "/signalen").await,
        form: FormState::default(),
        gezocht: true,
        resultaten: vec![],
        volgende: None,
        elders: false,
    };
    for (name, value) in [
        ("zoekterm", &form.zoekterm),
        ("bsn", &form.bsn),
        ("kvkNummer", &form.kvk_nummer),
        ("kenteken", &form.kenteken),
        ("iban", &form.iban),
        ("postcode", &form.postcode),
        ("huisnummer", &form.huisnummer),
        ("huisletter", &form.huisletter),
        ("huisnummertoevoeging", &form.huisnummertoevoeging),
    ] {
        page.form.values.insert(name.into(), value.clone());
    }
    let namen = BTreeMap::new();
    let outcome = if some(&form.zoekterm).is_some() {
        state
            .services
            .search(
                &user.view.actor,
                &form.zoekterm,
                some(&form.na).as_deref(),
                None,
                "POST /signalen/zoeken",
            )
            .await
            .map(|found| {
                page.volgende = found.volgende;
                found
                    .resultaten
                    .iter()
                    .map(|r| {
                        (
                            regel(&r.dossier, DossierAccess::Full, &namen),
                            if r.deel == "omschrijving" {
                                "omschrijving"
                            } else {
                                "journaal"
                            },
                        )
                    })
                    .collect()
            })
    } else {
        let soort = if some(&form.bsn).is_some() {
            "persoon"
        } else if some(&form.kvk_nummer).is_some() {
            "organisatie"
        } else if some(&form.kenteken).is_some() {
            "voertuig"
        } else if some(&form.iban).is_some() {
            "rekening"
        } else {
            "adres"
        };
        let invoer = EntiteitInvoer {
            soort: soort.into(),
            bsn: some(&form.bsn),
            achternaam: Some("-".into()),
            naam: Some("-".into()),
            kvk_nummer: some(&form.kvk_nummer),
            kenteken: some(&form.kenteken),
            iban: some(&form.iban),
            postcode: some(&form.postcode),
            huisnummer: some(&form.huisnummer),
            huisletter: some(&form.huisletter),
            huisnummertoevoeging: some(&form.huisnummertoevoeging),
            ..Default::default()
        };
        state
            .services
            .search_by_identifier(&user.view.actor, &invoer, "POST /signalen/zoeken")
            .await
            .map(|(found, elders)| {
                page.elders = elders;
                found
                    .iter()
                    .map(|(d, toegang)| (regel(d, *toegang, &namen), "subject of object"))
                    .collect()
            })
    };
    match outcome {
        Ok(resultaten) => {
            page.resultaten = resultaten;
            Ok(page.into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            page.gezocht = false;
            page.form.errors = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
