//! Asking to join a dossier's team from its index line, and the owner's or coordinator's
//! decision: thin handlers over `Services::ask_to_join` and `Services::decide_join`.

use super::dossier::{dossier_page, new_entry_form};
use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::html::form::renamed;
use crate::session::SignedIn;
use crate::shell::format_instant;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_domain::ValidationErrors;
use serde::Deserialize;
use uuid::Uuid;

/// The requests to join the team as the dossier page lists them.
pub(super) fn toegang_regels(
    toegang: &[baken_core::dossiers::toegang::Toegangsverzoek],
) -> Vec<ToegangRegel> {
    toegang
        .iter()
        .map(|t| ToegangRegel {
            id: t.verzoek.id,
            door: t.gevraagd_door.clone(),
            op: format_instant(&t.verzoek.gevraagd_op),
            reden: t.verzoek.reden.clone(),
            open: t.verzoek.besluit.is_none(),
            stand: match (t.verzoek.besluit.as_deref(), &t.verzoek.motivering) {
                (None, _) => "Wacht op besluit van de eigenaar of de coördinator".into(),
                (Some("toegekend"), _) => "Toegekend".into(),
                (Some(_), Some(m)) => format!("Afgewezen: {m}"),
                (Some(_), None) => "Afgewezen".into(),
            },
        })
        .collect()
}

/// A request to join the team as the dossier page lists it.
pub struct ToegangRegel {
    pub id: Uuid,
    pub door: String,
    pub op: String,
    pub reden: String,
    pub open: bool,
    pub stand: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToegangForm {
    toegang_reden: String,
    toegang_besluit: String,
    toegang_motivering: String,
}

/// A colleague who sees only the index line asks to join the team.
pub async fn ask_to_join(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ToegangForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let result = state
        .services
        .ask_to_join(&user.view.actor, id, Some(&form.toegang_reden), &user.ctx)
        .await;
    join_result(&state, &user, id, result.map(|_| "toegang-gevraagd"), &form).await
}

/// The owner or the coordinator decides on a request to join.
pub async fn decide_join(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, verzoek)): Path<(String, String)>,
    Form(form): Form<ToegangForm>,
) -> Result<Response, PageError> {
    let (id, verzoek) = (parse_uuid(&id)?, parse_uuid(&verzoek)?);
    let besluit = match form.toegang_besluit.as_str() {
        "toekennen" => Some(true),
        "afwijzen" => Some(false),
        _ => None,
    };
    let result = state
        .services
        .decide_join(
            &user.view.actor,
            id,
            verzoek,
            besluit,
            Some(&form.toegang_motivering),
            &user.ctx,
        )
        .await;
    join_result(&state, &user, id, result.map(|()| "toegang-beslist"), &form).await
}

async fn join_result(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    result: Result<&'static str, ServiceError>,
    form: &ToegangForm,
) -> Result<Response, PageError> {
    let (status, errors) = match result {
        Ok(code) => {
            return Ok(crate::flash::redirect(
                &format!("/signalen/{id}#kop-toegang"),
                code,
                state.config.secure_cookies(),
            ));
        }
        // This form's fields carry the prefix `toegang_` (the page has other forms).
        Err(ServiceError::Invalid(errors)) => (
            StatusCode::BAD_REQUEST,
            renamed(&errors, |n| format!("toegang_{n}")),
        ),
        Err(ServiceError::Conflict { message, .. }) => {
            let mut errors = ValidationErrors::new();
            let field = if form.toegang_besluit.is_empty() && !form.toegang_reden.is_empty() {
                "toegang_reden"
            } else {
                "toegang_besluit"
            };
            errors.add(field, message);
            (StatusCode::CONFLICT, errors)
        }
        Err(other) => return Err(other.into()),
    };
    let view = state
        .services
        .signal(
            &user.view.actor,
            id,
            "POST /signalen/{id}/toegangsverzoeken",
        )
        .await?;
    let mut page = dossier_page(state, user, view, new_entry_form()).await?;
    for (k, v) in [
        ("toegang_reden", &form.toegang_reden),
        ("toegang_besluit", &form.toegang_besluit),
        ("toegang_motivering", &form.toegang_motivering),
    ] {
        page.toegang_form.values.insert(k.into(), v.clone());
    }
    page.toegang_form.errors = errors;
    Ok((status, page).into_response())
}
