//! `POST /signalen/_zoek`: by text or identifier.

use super::*;
use crate::AppState;
use crate::api::caller::ApiCaller;
use crate::api::problem::Problem;
use axum::Json;
use axum::extract::State;
use baken_core::dossiers::Zoekresultaat;
use baken_domain::dossier::DossierAccess;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Search: by text (`zoekterm`) or by an identifier (`bsn`, `kvkNummer`, `kenteken`, `iban`,
/// `postcode` + `huisnummer`). A POST, so that no personal data ends up in a URL or a log.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Zoekvraag {
    pub zoekterm: Option<String>,
    /// Text search: cursor of the next page (`volgende` of the previous answer).
    pub na: Option<String>,
    /// Text search: results per page, 1–100 (default 25).
    #[schema(minimum = 1, maximum = 100)]
    pub limiet: Option<i64>,
    pub bsn: Option<String>,
    pub kvk_nummer: Option<String>,
    pub kenteken: Option<String>,
    pub iban: Option<String>,
    pub postcode: Option<String>,
    /// A string or, as the BAG API sends it, a number.
    #[serde(deserialize_with = "baken_domain::validation::text_or_number")]
    #[schema(value_type = Option<String>)]
    pub huisnummer: Option<String>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
}

/// A search result.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Zoektreffer {
    pub signaal: Signaal,
    /// `omschrijving`, `journaalpost` or `subject/object`.
    pub gevonden_in: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journaalpost: Option<String>,
}

/// A page of search results: text matches newest first; identifier matches all at once.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Zoekresultaten {
    pub treffers: Vec<Zoektreffer>,
    /// Text search: cursor for the next page (`na`), absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volgende: Option<String>,
    /// Identifier search: `true` when the identifier is also known in a municipality the caller
    /// does not work for — only that, nothing of it (the neutral hit).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ook_elders_bekend: bool,
}

#[utoipa::path(post, path = "/signalen/_zoek", tag = "signalen", security(("apiToken" = [])), request_body = Zoekvraag,
    responses((status = 200, body = Zoekresultaten), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(vraag): ApiJson<Zoekvraag>,
) -> Result<Json<Zoekresultaten>, Problem> {
    let namen = BTreeMap::new();
    match &vraag.zoekterm {
        Some(term) if !term.trim().is_empty() => {
            let page = state
                .services
                .search(
                    &caller.actor,
                    term,
                    vraag.na.as_deref(),
                    vraag.limiet,
                    &context("POST", "/signalen/_zoek"),
                )
                .await?;
            Ok(Json(Zoekresultaten {
                treffers: page
                    .resultaten
                    .into_iter()
                    .map(|r: Zoekresultaat| Zoektreffer {
                        signaal: signaal_resource(&r.dossier, DossierAccess::Full, &namen),
                        gevonden_in: r.deel.into(),
                        journaalpost: r.entry_id.map(|e| e.to_string()),
                    })
                    .collect(),
                volgende: page.volgende,
                ook_elders_bekend: false,
            }))
        }
        _ => {
            let invoer = baken_domain::entiteit::EntiteitInvoer {
                soort: if vraag.bsn.is_some() {
                    "persoon"
                } else if vraag.kvk_nummer.is_some() {
                    "organisatie"
                } else if vraag.kenteken.is_some() {
                    "voertuig"
                } else if vraag.iban.is_some() {
                    "rekening"
                } else {
                    "adres"
                }
                .into(),
                bsn: vraag.bsn.clone(),
                kvk_nummer: vraag.kvk_nummer.clone(),
                kenteken: vraag.kenteken.clone(),
                iban: vraag.iban.clone(),
                postcode: vraag.postcode.clone(),
                huisnummer: vraag.huisnummer.clone(),
                huisletter: vraag.huisletter.clone(),
                huisnummertoevoeging: vraag.huisnummertoevoeging.clone(),
                achternaam: Some("-".into()),
                naam: Some("-".into()),
                ..Default::default()
            };
            let (found, elders) = state
                .services
                .search_by_identifier(&caller.actor, &invoer, &context("POST", "/signalen/_zoek"))
                .await?;
            Ok(Json(Zoekresultaten {
                treffers: found
                    .into_iter()
                    .map(|(dossier, toegang)| Zoektreffer {
                        signaal: signaal_resource(&dossier, toegang, &namen),
                        gevonden_in: "subject/object".into(),
                        journaalpost: None,
                    })
                    .collect(),
                volgende: None,
                ook_elders_bekend: elders,
            }))
        }
    }
}
