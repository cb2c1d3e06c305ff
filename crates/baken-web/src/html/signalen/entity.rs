//! An entity (subject or object) page.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use uuid::Uuid;

#[derive(Template, WebTemplate)]
#[template(path = "signalen/entiteit.html")]
pub struct EntityPage {
    shell: Shell,
    soort: &'static str,
    weergave: String,
    gegevens: Vec<(&'static str, String)>,
    dossiers: Vec<(Uuid, String, &'static str, &'static str)>,
    elders_andere_gemeente: bool,
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
    let shell = Shell::signed_in(
        &state,
        &user.view,
        view.entiteit.entiteit.soort().label(),
        "/signalen",
    )
    .await;
    Ok(EntityPage {
        soort: view.entiteit.entiteit.soort().label(),
        weergave: view.entiteit.entiteit.weergave(),
        gegevens: view.entiteit.entiteit.kenmerken(),
        dossiers: view
            .dossiers
            .iter()
            .map(|r| {
                (
                    r.dossier_id,
                    format!("{} ({})", r.nummer, shell.gemeente(&r.gemeente)),
                    r.status.label(),
                    r.rol.label(),
                )
            })
            .collect(),
        elders_andere_gemeente: view.elders_andere_gemeente,
        shell,
    })
}
