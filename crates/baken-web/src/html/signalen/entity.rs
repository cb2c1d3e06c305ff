//! An entity (subject or object) page.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use baken_core::dossiers::EntiteitView;
use uuid::Uuid;

#[derive(Template, WebTemplate)]
#[template(path = "signalen/entiteit.html")]
pub struct EntityPage {
    shell: Shell,
    soort: &'static str,
    weergave: String,
    gegevens: Vec<(String, String)>,
    dossiers: Vec<(Uuid, String, &'static str, &'static str)>,
    elders_andere_gemeente: bool,
}

pub(super) fn gegevens(view: &EntiteitView) -> Vec<(String, String)> {
    let value = serde_json::to_value(&view.entiteit.entiteit).unwrap_or_default();
    value
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| k.as_str() != "soort")
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub async fn entity(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<EntityPage, PageError> {
    let view = state
        .services
        .entity(&user.view.actor, parse_uuid(&id)?, "GET /entiteiten/{id}")
        .await?;
    Ok(EntityPage {
        shell: Shell::signed_in(
            &state,
            &user.view,
            view.entiteit.entiteit.soort().label(),
            "/signalen",
        )
        .await,
        soort: view.entiteit.entiteit.soort().label(),
        weergave: view.entiteit.entiteit.weergave(),
        gegevens: gegevens(&view),
        dossiers: view
            .dossiers
            .iter()
            .map(|r| {
                (
                    r.dossier_id,
                    format!("{} ({})", r.nummer, r.gemeente),
                    r.status.label(),
                    r.rol.label(),
                )
            })
            .collect(),
        elders_andere_gemeente: view.elders_andere_gemeente,
    })
}
