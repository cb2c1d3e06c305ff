//! `/signalen/{id}/toetsaanvragen` (asking the privacy officer for a privacy check, and where the
//! requests stand) and `/signalen/{id}/wegingen` (the weighings by criterion a signal went through).

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_core::toetsaanvragen::{Toetsaanvraag, ToetsaanvraagInvoer};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

/// A request for a privacy check, as sent.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuweToetsaanvraag {
    /// `1`, `2A` or `2B` (as the protocol in force names its checks).
    pub toets: String,
    /// Why the check is needed now (for check 1: which sources, for what).
    #[schema(max_length = 4000)]
    pub toelichting: String,
}

/// A request for a privacy check and where it stands.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToetsaanvraagResource {
    pub id: String,
    pub toets: String,
    /// The check's name in the protocol (`Privacytoets 1`).
    pub toets_naam: String,
    pub toelichting: String,
    pub aangevraagd_door: String,
    pub aangevraagd_op: String,
    /// `open`, `goedgekeurd` or `afgewezen`.
    pub stand: String,
    /// The decision's id (see `GET /signalen/{id}/privacytoetsen`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub besluit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslist_op: Option<String>,
}

fn resource(a: &Toetsaanvraag) -> ToetsaanvraagResource {
    ToetsaanvraagResource {
        id: a.aanvraag.id.to_string(),
        toets: a.aanvraag.toets.clone(),
        toets_naam: a.toets_naam.clone(),
        toelichting: a.aanvraag.toelichting.clone(),
        aangevraagd_door: a.aangevraagd_door.clone(),
        aangevraagd_op: a.aanvraag.aangevraagd_op.to_string(),
        stand: match &a.besluit {
            Some(b) if b.goedgekeurd => "goedgekeurd",
            Some(_) => "afgewezen",
            None => "open",
        }
        .into(),
        besluit: a.aanvraag.besluit.map(|b| b.to_string()),
        beslist_op: a.aanvraag.beslist_op.map(|b| b.to_string()),
    }
}

#[utoipa::path(get, path = "/signalen/{id}/toetsaanvragen", operation_id = "toetsaanvragen_lijst", tag = "privacyprotocol", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [ToetsaanvraagResource]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<ToetsaanvraagResource>>, Problem> {
    let found = state
        .services
        .check_requests(
            &caller.actor,
            parse_id(&id)?,
            "API GET /signalen/{id}/toetsaanvragen",
        )
        .await?;
    Ok(Json(found.iter().map(resource).collect()))
}

/// Asks the approver of the protocol (the privacy officer) to decide a check: 201 with the
/// request; 409 while a request for the same check is open.
#[utoipa::path(post, path = "/signalen/{id}/toetsaanvragen", operation_id = "toetsaanvraag_indienen", tag = "privacyprotocol", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = NieuweToetsaanvraag,
    responses((status = 201, body = ToetsaanvraagResource, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NieuweToetsaanvraag>,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let record = state
        .services
        .request_privacy_check(
            &caller.actor,
            dossier,
            &ToetsaanvraagInvoer {
                toets: input.toets,
                toelichting: input.toelichting,
            },
            &caller.ctx,
        )
        .await?;
    let found = state
        .services
        .check_requests(
            &caller.actor,
            dossier,
            "API POST /signalen/{id}/toetsaanvragen",
        )
        .await?;
    let created = found
        .iter()
        .find(|a| a.aanvraag.id == record.id)
        .ok_or(ServiceError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/signalen/{dossier}/toetsaanvragen"),
        )],
        Json(resource(created)),
    )
        .into_response())
}

/// One answer of a weighing.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Criteriumantwoord {
    pub criterium: String,
    /// `ja`, `nee` or `onbekend` (niet vast te stellen).
    pub antwoord: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toelichting: Option<String>,
}

/// A weighing by criterion, recorded with a status change.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WegingResource {
    pub id: String,
    /// The weighing's code in the protocol (`weging-1-2`, `weging-3`, `weging-4`).
    pub weging: String,
    pub protocol_versie: String,
    pub van: String,
    pub naar: String,
    pub antwoorden: Vec<Criteriumantwoord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
    pub gewogen_door: String,
    pub gewogen_op: String,
    pub journaalpost: String,
}

#[utoipa::path(get, path = "/signalen/{id}/wegingen", operation_id = "wegingen_lijst", tag = "privacyprotocol", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [WegingResource]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn weighings(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<WegingResource>>, Problem> {
    let found = state
        .services
        .weighings(
            &caller.actor,
            parse_id(&id)?,
            "API GET /signalen/{id}/wegingen",
        )
        .await?;
    Ok(Json(
        found
            .into_iter()
            .map(|w| WegingResource {
                id: w.id.to_string(),
                weging: w.weging,
                protocol_versie: w.protocol_versie,
                van: w.van,
                naar: w.naar,
                antwoorden: w
                    .antwoorden
                    .into_iter()
                    .map(|a| Criteriumantwoord {
                        criterium: a.criterium,
                        antwoord: a.antwoord.as_str().into(),
                        toelichting: a.toelichting,
                    })
                    .collect(),
                motivering: w.motivering,
                gewogen_door: w.gewogen_door.0.to_string(),
                gewogen_op: w.gewogen_op.to_string(),
                journaalpost: w.journaalpost.to_string(),
            })
            .collect(),
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(weighings))
}
