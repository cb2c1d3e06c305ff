//! `/overdrachten`: what a colleague holds, and the coordinator's bulk handover to a successor.

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use baken_core::ServiceError;
use baken_domain::{UserId, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GehoudenSignaal {
    pub id: String,
    pub nummer: String,
    pub status: String,
    /// `eigenaar`, `toegewezen`, `team`.
    pub als: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GehoudenMaatregel {
    pub id: String,
    pub nummer: String,
    pub instrument: String,
    pub signaal: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GehoudenTermijn {
    pub id: String,
    pub soort: String,
    pub omschrijving: String,
    pub einddatum: String,
    pub signaal: String,
}

/// Everything still open that one person holds.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Werkvoorraad {
    pub gebruiker: String,
    pub naam: String,
    pub signalen: Vec<GehoudenSignaal>,
    pub maatregelen: Vec<GehoudenMaatregel>,
    pub termijnen: Vec<GehoudenTermijn>,
    /// Open tasks and action items.
    pub taken: Vec<super::casussen::TaakResource>,
}

/// What a colleague holds: open signals (as owner, assignee or team member), running
/// interventions and open deadlines. One's own, or a colleague's for a coordinator of their
/// municipalities; 404 for someone of another municipality.
#[utoipa::path(get, path = "/overdrachten/{gebruikerId}", operation_id = "werkvoorraad", tag = "maatregelen", security(("apiToken" = [])), params(("gebruikerId" = String, Path)),
    responses((status = 200, body = Werkvoorraad), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn holdings(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Werkvoorraad>, Problem> {
    let user = UserId(Uuid::parse_str(&id).map_err(|_| ServiceError::NotFound)?);
    let b = state
        .services
        .holdings(&caller.actor, user, "API GET /overdrachten/{gebruikerId}")
        .await?;
    Ok(Json(Werkvoorraad {
        gebruiker: user.0.to_string(),
        naam: b.naam.clone(),
        signalen: b
            .dossiers
            .iter()
            .map(|(d, als)| GehoudenSignaal {
                id: d.id.to_string(),
                nummer: d.nummer.clone(),
                status: d.status.as_str().into(),
                als: als.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
        maatregelen: b
            .maatregelen
            .iter()
            .map(|m| GehoudenMaatregel {
                id: m.id.to_string(),
                nummer: m.nummer.clone(),
                instrument: m.instrument.clone(),
                signaal: m.dossier_id.to_string(),
            })
            .collect(),
        termijnen: b
            .termijnen
            .iter()
            .map(|t| GehoudenTermijn {
                id: t.id.to_string(),
                soort: t.soort.clone(),
                omschrijving: t.omschrijving.clone(),
                einddatum: t.einddatum.to_string(),
                signaal: t.dossier_id.to_string(),
            })
            .collect(),
        taken: b.taken.iter().map(super::casussen::taak_resource).collect(),
    }))
}

/// A handover.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuweOverdracht {
    /// The colleague whose open work moves.
    pub van: String,
    /// The successor.
    pub naar: String,
    /// Why (leaving, leave); written in every journal.
    #[schema(max_length = 2000)]
    pub reden: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverdrachtResultaat {
    pub signalen: usize,
    pub maatregelen: u64,
    pub taken: u64,
}

/// Moves all open work of `van` to `naar` (coordinators of `van`'s municipalities): ownership,
/// assignment and team places of every open signal, running interventions and their deadlines,
/// with a journal entry in every dossier touched. 400 names every invalid field.
#[utoipa::path(post, path = "/overdrachten", operation_id = "overdragen", tag = "maatregelen", security(("apiToken" = [])),
    request_body = NieuweOverdracht,
    responses((status = 200, body = OverdrachtResultaat), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn hand_over(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<NieuweOverdracht>,
) -> Result<Json<OverdrachtResultaat>, Problem> {
    let mut errors = ValidationErrors::new();
    let van = match Uuid::parse_str(input.van.trim()) {
        Ok(u) => Some(UserId(u)),
        Err(_) => {
            errors.add_code(
                "van",
                if input.van.trim().is_empty() {
                    "verplicht"
                } else {
                    "formaat"
                },
                "Geef de gebruikers-id van wie het werk overdraagt.",
            );
            None
        }
    };
    let naar = match input.naar.trim() {
        "" => None,
        n => match Uuid::parse_str(n) {
            Ok(u) => Some(UserId(u)),
            Err(_) => {
                errors.add_code("naar", "formaat", "Geen geldige gebruikers-id.");
                None
            }
        },
    };
    errors.into_result().map_err(ServiceError::Invalid)?;
    let done = state
        .services
        .hand_over(
            &caller.actor,
            van.expect("valid"),
            naar,
            Some(&input.reden),
            &caller.ctx,
        )
        .await?;
    Ok(Json(OverdrachtResultaat {
        signalen: done.dossiers,
        maatregelen: done.maatregelen,
        taken: done.taken,
    }))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(holdings))
        .routes(utoipa_axum::routes!(hand_over))
}
