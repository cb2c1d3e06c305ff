//! Consulting a local register from a signal's protocol page: hit/no-hit first
//! (`POST /signalen/{id}/bronraadplegingen/register`), the outcome on its own page, and the
//! justified follow-up for content (`POST …/{raadpleging}/inhoud`), whose answer is shown once and
//! recorded in the journal — never in a URL or a page that can be fetched again.

use super::form::FormState;
use super::protocol::{parse_uuid, refused_page};
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::{Shell, format_instant};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_core::raadplegingen::{RaadplegingWeergave, RegisterRaadplegingInvoer};
use baken_domain::protocol::Wijze;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    register_bron: String,
    register_onderwerp: String,
    register_doel: String,
}

/// Hit/no-hit in a local register; the outcome on its own page.
pub async fn consult(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let input = RegisterRaadplegingInvoer {
        bron: form.register_bron.clone(),
        doel: form.register_doel.clone(),
        onderwerp: form.register_onderwerp.clone(),
    };
    match state
        .services
        .raadpleeg_register(&user.view.actor, id, &input, &user.ctx)
        .await
    {
        Ok(uitkomst) => Ok(Redirect::to(&format!(
            "/signalen/{id}/bronraadplegingen/{}",
            uitkomst.raadpleging.id
        ))
        .into_response()),
        Err(error) => {
            let mut state_form = FormState::default();
            for (k, v) in [
                ("register_bron", &form.register_bron),
                ("register_onderwerp", &form.register_onderwerp),
                ("register_doel", &form.register_doel),
            ] {
                state_form.values.insert(k.into(), v.clone());
            }
            // The service names its fields without this form's prefix.
            let error = match error {
                ServiceError::Invalid(errors) => {
                    let mut renamed = baken_domain::ValidationErrors::new();
                    for e in errors.iter() {
                        renamed.add_code(format!("register_{}", e.name), e.code, e.reason.clone());
                    }
                    ServiceError::Invalid(renamed)
                }
                other => other,
            };
            refused_page(&state, &user, id, state_form, error).await
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/raadpleging.html")]
pub struct RaadplegingPage {
    shell: Shell,
    id: uuid::Uuid,
    r: RaadplegingWeergave,
    tijdstip: String,
    /// A follow-up for content may be asked.
    vervolg_mogelijk: bool,
    form: FormState,
    melding: Option<String>,
    /// Only in the answer to a follow-up.
    inhoud: Option<Vec<String>>,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    id: uuid::Uuid,
    raadpleging: uuid::Uuid,
    form: FormState,
    melding: Option<String>,
    inhoud: Option<Vec<String>>,
) -> Result<RaadplegingPage, PageError> {
    let r = state
        .services
        .bronraadpleging_weergave(
            &user.view.actor,
            id,
            raadpleging,
            "GET /signalen/{id}/bronraadplegingen/{raadpleging}",
        )
        .await?;
    let vervolg_mogelijk = r.wijze == Wijze::Inhoud && r.raadpleging.hit && inhoud.is_none();
    Ok(RaadplegingPage {
        shell: Shell::signed_in(state, &user.view, "Bronraadpleging", "/signalen").await,
        id,
        tijdstip: format_instant(&r.raadpleging.op),
        vervolg_mogelijk,
        r,
        form,
        melding,
        inhoud,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, raadpleging)): Path<(String, String)>,
) -> Result<RaadplegingPage, PageError> {
    page(
        &state,
        &user,
        parse_uuid(&id)?,
        parse_uuid(&raadpleging)?,
        FormState::default(),
        None,
        None,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InhoudForm {
    toelichting: String,
}

/// The justified follow-up: the content, shown in this answer only.
pub async fn content(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, raadpleging)): Path<(String, String)>,
    Form(form): Form<InhoudForm>,
) -> Result<Response, PageError> {
    let (id, raadpleging) = (parse_uuid(&id)?, parse_uuid(&raadpleging)?);
    match state
        .services
        .raadpleeg_register_inhoud(
            &user.view.actor,
            id,
            raadpleging,
            &form.toelichting,
            &user.ctx,
        )
        .await
    {
        Ok(uitkomst) => {
            let regels = uitkomst
                .inhoud
                .as_ref()
                .map(|i| i.regels())
                .unwrap_or_default();
            let page = page(
                &state,
                &user,
                id,
                raadpleging,
                FormState::default(),
                None,
                Some(regels),
            )
            .await?;
            Ok(page.into_response())
        }
        Err(error) => {
            let mut state_form = FormState::default();
            state_form
                .values
                .insert("toelichting".into(), form.toelichting.clone());
            let (status, melding) = match error {
                ServiceError::Invalid(errors) => {
                    state_form.errors = errors;
                    (StatusCode::BAD_REQUEST, None)
                }
                ServiceError::Refused(weigering) => {
                    (StatusCode::CONFLICT, Some(weigering.melding()))
                }
                ServiceError::Unavailable { message, .. } => {
                    (StatusCode::SERVICE_UNAVAILABLE, Some(message))
                }
                other => return Err(other.into()),
            };
            let page = page(&state, &user, id, raadpleging, state_form, melding, None).await?;
            Ok((status, page).into_response())
        }
    }
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/signalen/{id}/bronraadplegingen/register", post(consult))
        .route("/signalen/{id}/bronraadplegingen/{raadpleging}", get(show))
        .route(
            "/signalen/{id}/bronraadplegingen/{raadpleging}/inhoud",
            post(content),
        )
}
