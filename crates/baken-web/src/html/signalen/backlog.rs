//! The backlog page.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::html::form::FormState;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_core::dossiers::BacklogQuery;
use baken_domain::signaal::{Bron, Fenomeen, SignaalStatus};

#[derive(Template, WebTemplate)]
#[template(path = "signalen/backlog.html")]
pub struct BacklogPage {
    shell: Shell,
    gemeente: String,
    form: FormState,
    regels: Vec<Regel>,
    volgende: Option<String>,
    status_opties: Vec<(String, String)>,
    bron_opties: Vec<(String, String)>,
    fenomeen_opties: Vec<(String, String)>,
}

pub async fn backlog(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<BacklogQuery>,
) -> Result<Response, PageError> {
    let shell = Shell::signed_in(&state, &user.view, "Signalen", "/signalen").await;
    let gemeente = shell
        .user
        .as_ref()
        .map(|u| u.active_gemeente().to_string())
        .unwrap_or_default();
    let mut form = FormState::default();
    for (name, value) in [
        ("status", &query.status),
        ("bron", &query.bron),
        ("fenomeen", &query.fenomeen),
        ("toegewezenAan", &query.toegewezen_aan),
        ("ouderDanDagen", &query.ouder_dan_dagen),
        ("sortering", &query.sortering),
    ] {
        form.values
            .insert(name.into(), value.clone().unwrap_or_default());
    }
    let mut page = BacklogPage {
        shell,
        gemeente,
        form,
        regels: vec![],
        volgende: None,
        status_opties: choices(
            SignaalStatus::ALL,
            SignaalStatus::as_str,
            SignaalStatus::label,
            Some("Alle statussen"),
        ),
        bron_opties: choices(Bron::ALL, Bron::as_str, Bron::label, Some("Alle bronnen")),
        fenomeen_opties: choices(
            Fenomeen::ALL,
            Fenomeen::as_str,
            Fenomeen::label,
            Some("Alle fenomenen"),
        ),
    };
    match state
        .services
        .backlog(&user.view.actor, user.view.active_gemeente(), &query)
        .await
    {
        Ok(result) => {
            page.regels = result
                .regels
                .iter()
                .map(|r| regel(&r.dossier, r.toegang, &result.namen))
                .collect();
            page.volgende = result.volgende.map(|cursor| {
                let mut params: Vec<(&str, &str)> = page
                    .form
                    .values
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                params.push(("na", &cursor));
                format!(
                    "/signalen?{}",
                    serde_urlencoded::to_string(&params).unwrap_or_default()
                )
            });
            Ok(page.into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            page.form.errors = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
