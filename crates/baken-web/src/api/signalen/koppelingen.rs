//! A signal's subjects and objects after intake (`/signalen/{id}/koppelingen`) and asking to join
//! its team (`/signalen/{id}/toegangsverzoeken`): thin adapters over the same services as the
//! pages.

use super::*;
use crate::AppState;
use crate::api::caller::ApiCaller;
use crate::api::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_domain::entiteit::{EntiteitInvoer, Rol};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

fn id_of(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

fn rol_of(rol: &str) -> Result<Rol, ServiceError> {
    Rol::parse(rol).map_err(|reason| {
        let mut errors = baken_domain::ValidationErrors::new();
        errors.add_code("rolNu", "onbekend", reason);
        ServiceError::Invalid(errors)
    })
}

/// Adds a subject or object: the same validation as at intake (errors under `entiteit.…`); an
/// identifier the municipality already knows links its record. 201 with the entity's id.
#[utoipa::path(post, path = "/signalen/{id}/koppelingen", operation_id = "koppeling_toevoegen", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = crate::api::schemas::EntiteitSchema,
    responses((status = 201, body = Aangemaakt, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn link(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EntiteitInvoer>,
) -> Result<Response, Problem> {
    let dossier = id_of(&id)?;
    let entity = state
        .services
        .link_entity(&caller.actor, dossier, &input, &caller.ctx)
        .await?;
    let kind = if baken_domain::entiteit::EntiteitSoort::parse(&input.soort)
        .is_ok_and(|s| s.is_subject())
    {
        "subjecten"
    } else {
        "objecten"
    };
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/{kind}/{entity}"))],
        Json(Aangemaakt {
            id: entity.to_string(),
            nummer: None,
        }),
    )
        .into_response())
}

/// A correction of a linked subject or object.
#[derive(Deserialize, Serialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Correctie {
    /// The role it has in the signal now (`bewoner`, `eigenaar`, …): which link is corrected.
    pub rol_nu: String,
    /// The corrected entity, whole (the same kind); its `rol` is the role from now on.
    #[schema(value_type = crate::api::schemas::EntiteitSchema)]
    pub entiteit: EntiteitInvoer,
    /// Why (required; recorded in the journal).
    #[schema(max_length = 4000)]
    pub motivering: Option<String>,
}

/// Corrects a linked subject or object: its attributes (the municipality's one record of it), its
/// role, or — with another identifier — the right record in its place. 200 with the id linked now.
#[utoipa::path(put, path = "/signalen/{id}/koppelingen/{entiteitId}", operation_id = "koppeling_corrigeren", tag = "signalen", security(("apiToken" = [])),
    params(("id" = String, Path), ("entiteitId" = String, Path)), request_body = Correctie,
    responses((status = 200, body = Aangemaakt), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn correct(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, entiteit)): Path<(String, String)>,
    ApiJson(input): ApiJson<Correctie>,
) -> Result<Json<Aangemaakt>, Problem> {
    let linked = state
        .services
        .correct_entity(
            &caller.actor,
            id_of(&id)?,
            (id_of(&entiteit)?, rol_of(&input.rol_nu)?),
            &input.entiteit,
            input.motivering.as_deref(),
            &caller.ctx,
        )
        .await?;
    Ok(Json(Aangemaakt {
        id: linked.to_string(),
        nummer: None,
    }))
}

/// Taking a subject or object off a signal.
#[derive(Deserialize, Serialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Ontkoppeling {
    /// The role of the link that goes.
    pub rol_nu: String,
    /// Why (required; recorded in the journal).
    #[schema(max_length = 4000)]
    pub motivering: Option<String>,
}

/// Unlinks a subject or object (its record stays for the other signals that name it). 204.
#[utoipa::path(post, path = "/signalen/{id}/koppelingen/{entiteitId}/ontkoppeling", operation_id = "koppeling_ontkoppelen", tag = "signalen", security(("apiToken" = [])),
    params(("id" = String, Path), ("entiteitId" = String, Path)), request_body = Ontkoppeling,
    responses((status = 204), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn unlink(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, entiteit)): Path<(String, String)>,
    ApiJson(input): ApiJson<Ontkoppeling>,
) -> Result<StatusCode, Problem> {
    state
        .services
        .unlink_entity(
            &caller.actor,
            id_of(&id)?,
            id_of(&entiteit)?,
            rol_of(&input.rol_nu)?,
            input.motivering.as_deref(),
            &caller.ctx,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A request to join a signal's team, as sent.
#[derive(Deserialize, Serialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuwToegangsverzoek {
    /// Why the asker must work on the signal (need-to-know).
    #[schema(max_length = 2000)]
    pub reden: Option<String>,
}

/// A request to join a signal's team and where it stands.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToegangsverzoekResource {
    pub id: String,
    pub gevraagd_door: String,
    pub gevraagd_op: String,
    pub reden: String,
    /// `toegekend` or `afgewezen`, once decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub besluit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
}

/// Asks to join the team of a signal the caller sees only as an index line. 201; 409 when the
/// caller works on it already or has asked already.
#[utoipa::path(post, path = "/signalen/{id}/toegangsverzoeken", operation_id = "toegang_vragen", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = NieuwToegangsverzoek,
    responses((status = 201, body = Aangemaakt, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn ask(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NieuwToegangsverzoek>,
) -> Result<Response, Problem> {
    let dossier = id_of(&id)?;
    let record = state
        .services
        .ask_to_join(&caller.actor, dossier, input.reden.as_deref(), &caller.ctx)
        .await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/signalen/{dossier}/toegangsverzoeken"),
        )],
        Json(Aangemaakt {
            id: record.id.to_string(),
            nummer: None,
        }),
    )
        .into_response())
}

/// The requests to join: all of them for the owner or the coordinator, otherwise the caller's own.
#[utoipa::path(get, path = "/signalen/{id}/toegangsverzoeken", operation_id = "toegangsverzoeken_lijst", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [ToegangsverzoekResource]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn requests(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<ToegangsverzoekResource>>, Problem> {
    let view = state
        .services
        .signal(
            &caller.actor,
            id_of(&id)?,
            "API GET /signalen/{id}/toegangsverzoeken",
        )
        .await?;
    let found = state
        .services
        .join_requests_of(&caller.actor, &view.dossier)
        .await?;
    Ok(Json(
        found
            .into_iter()
            .map(|t| ToegangsverzoekResource {
                id: t.verzoek.id.to_string(),
                gevraagd_door: t.gevraagd_door,
                gevraagd_op: t.verzoek.gevraagd_op.to_string(),
                reden: t.verzoek.reden,
                besluit: t.verzoek.besluit,
                motivering: t.verzoek.motivering,
            })
            .collect(),
    ))
}

/// The decision on a request to join.
#[derive(Deserialize, Serialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Toegangsbesluit {
    /// `toekennen` (the asker joins the team) or `afwijzen`.
    pub besluit: String,
    /// Why (required when refusing).
    #[schema(max_length = 2000)]
    pub motivering: Option<String>,
}

/// The owner or the coordinator decides. 204; 403 for anyone else who works on the signal; 409
/// when decided already.
#[utoipa::path(post, path = "/signalen/{id}/toegangsverzoeken/{verzoekId}/besluit", operation_id = "toegang_beslissen", tag = "signalen", security(("apiToken" = [])),
    params(("id" = String, Path), ("verzoekId" = String, Path)), request_body = Toegangsbesluit,
    responses((status = 204), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, verzoek)): Path<(String, String)>,
    ApiJson(input): ApiJson<Toegangsbesluit>,
) -> Result<StatusCode, Problem> {
    let besluit = match input.besluit.trim() {
        "toekennen" => Some(true),
        "afwijzen" => Some(false),
        "" => None,
        _ => {
            let mut errors = baken_domain::ValidationErrors::new();
            errors.add_code("besluit", "onbekend", "Kies toekennen of afwijzen.");
            return Err(ServiceError::Invalid(errors).into());
        }
    };
    state
        .services
        .decide_join(
            &caller.actor,
            id_of(&id)?,
            id_of(&verzoek)?,
            besluit,
            input.motivering.as_deref(),
            &caller.ctx,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
