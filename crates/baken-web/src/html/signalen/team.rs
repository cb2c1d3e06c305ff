//! A dossier's team page.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::html::form::FormState;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_core::dossiers::SignaalWijziging;
use baken_domain::dossier::DossierAccess;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Template, WebTemplate)]
#[template(path = "signalen/team.html")]
pub struct TeamPage {
    shell: Shell,
    id: Uuid,
    nummer: String,
    versie: i64,
    medewerkers: Vec<(String, String)>,
    form: FormState,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TeamForm {
    team: Vec<String>,
    motivering: String,
    versie: Option<i64>,
}

pub(super) async fn team_page(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    form: FormState,
) -> Result<TeamPage, PageError> {
    let view = state
        .services
        .signal(&user.view.actor, id, "GET /signalen/{id}/team")
        .await?;
    if view.toegang != DossierAccess::Full {
        return Err(PageError::Service(ServiceError::Forbidden));
    }
    let d = &view.dossier;
    let medewerkers = state
        .services
        .assignable_users(&user.view.actor, &d.gemeente)
        .await?
        .into_iter()
        .filter(|(u, _)| *u != d.eigenaar)
        .map(|(u, naam)| (u.to_string(), naam))
        .collect();
    let mut form = form;
    if !form.multi.contains_key("team") {
        form.multi.insert(
            "team".into(),
            d.team.iter().map(|u| u.to_string()).collect(),
        );
    }
    Ok(TeamPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            &format!("Team van {}", d.nummer),
            "/signalen",
        )
        .await,
        id,
        nummer: d.nummer.clone(),
        versie: d.versie,
        medewerkers,
        form,
    })
}

pub async fn team_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<TeamPage, PageError> {
    team_page(&state, &user, parse_uuid(&id)?, FormState::default()).await
}

pub async fn change_team(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let change = SignaalWijziging {
        team: Some(form.team.clone()),
        motivering: some(&form.motivering),
        versie: form.versie,
        ..Default::default()
    };
    match state
        .services
        .update_signal(&user.view.actor, id, &change, &user.ctx)
        .await
    {
        Ok(_) => Ok(crate::flash::redirect(
            &format!("/signalen/{id}"),
            "team",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let mut state_form = FormState {
                errors,
                ..Default::default()
            };
            state_form.multi.insert("team".into(), form.team.clone());
            state_form
                .values
                .insert("motivering".into(), form.motivering.clone());
            let page = team_page(&state, &user, id, state_form).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
