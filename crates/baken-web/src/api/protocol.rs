//! `/protocol` (the privacy protocol in force and its history; loading a version) and the actions it
//! governs on a signal: `/signalen/{id}/privacytoetsen` and legal holds (consultations are in
//! [`super::bronraadplegingen`]).

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::protocol::{ProtocolView, ToetsInvoer};
use baken_core::{Caller, PrivacytoetsRecord, ProtocolVersieRecord, ServiceError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

fn context(method: &str, path: &str) -> String {
    format!("API {method} {path}")
}

fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

/// A loaded protocol version (the text itself is in `GET /protocol`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Protocolversie {
    pub versie: String,
    pub gemeente: String,
    /// The version applies from this day.
    pub vastgesteld_op: String,
    pub geladen_op: String,
    /// SHA-256 of the loaded text.
    pub sha256: String,
}

fn versie(v: &ProtocolVersieRecord) -> Protocolversie {
    Protocolversie {
        versie: v.versie.clone(),
        gemeente: v.gemeente.to_string(),
        vastgesteld_op: v.vastgesteld_op.to_string(),
        geladen_op: v.geladen_op.to_string(),
        sha256: v.sha256.clone(),
    }
}

/// The privacy protocol in force for a municipality, as data, with its version history.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProtocolResource {
    pub gemeente: String,
    pub versie: String,
    pub vastgesteld_op: String,
    /// `true` while the municipality follows Baken's default (the CCV model).
    pub standaard: bool,
    /// The whole protocol: phases, transitions, weighings, privacy checks, sources, classes,
    /// processing activities and retention rules.
    #[schema(value_type = Object)]
    pub inhoud: serde_json::Value,
    pub geschiedenis: Vec<Protocolversie>,
}

fn protocol_resource(view: &ProtocolView) -> ProtocolResource {
    ProtocolResource {
        gemeente: view.gemeente.to_string(),
        versie: view.protocol.versie().to_string(),
        vastgesteld_op: view.protocol.vastgesteld_op.to_string(),
        standaard: view.in_force.is_none(),
        inhoud: serde_json::to_value(&view.protocol.document).expect("serialises"),
        geschiedenis: view.geschiedenis.iter().map(versie).collect(),
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ProtocolQuery {
    /// CBS code; by default the caller's first municipality.
    pub gemeente: Option<String>,
}

/// The privacy protocol in force (readable by everyone who works for the municipality).
#[utoipa::path(get, path = "/protocol", operation_id = "protocol_tonen", tag = "privacyprotocol", security(("apiToken" = [])), params(ProtocolQuery),
    responses((status = 200, body = ProtocolResource), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<ProtocolQuery>,
) -> Result<Json<ProtocolResource>, Problem> {
    let view = state
        .services
        .protocol_of(&caller.actor, query.gemeente.as_deref())
        .await?;
    Ok(Json(protocol_resource(&view)))
}

/// A protocol version to load.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ProtocolLaden {
    /// The municipalities it is adopted for (a werkorganisatie loads one text for several).
    pub gemeenten: Vec<String>,
    /// The protocol document (TOML).
    pub tekst: String,
}

/// Loads a new protocol version (administrators). It applies from its adoption date; earlier
/// versions stay in the history.
#[utoipa::path(post, path = "/protocol", operation_id = "protocol_laden", tag = "privacyprotocol", security(("apiToken" = [])), request_body = ProtocolLaden,
    responses((status = 201, body = [Protocolversie]), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn load(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<ProtocolLaden>,
) -> Result<Response, Problem> {
    let loaded = state
        .services
        .load_protocol(
            &Caller::User(caller.actor.clone()),
            &input.gemeenten,
            &input.tekst,
            &caller.ctx,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, "/api/v1/protocol".to_string())],
        Json(loaded.iter().map(versie).collect::<Vec<_>>()),
    )
        .into_response())
}

/// A decision on a privacy check.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Privacytoetsbesluit {
    pub id: String,
    pub toets: String,
    pub goedgekeurd: bool,
    pub bronnen: Vec<String>,
    pub antwoorden: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
    /// The last day the approval holds.
    pub geldig_tot: String,
    pub protocol_versie: String,
    pub beslist_door: String,
    pub beslist_op: String,
    pub journaalpost: String,
}

fn besluit(t: &PrivacytoetsRecord) -> Privacytoetsbesluit {
    Privacytoetsbesluit {
        id: t.id.to_string(),
        toets: t.toets.clone(),
        goedgekeurd: t.goedgekeurd,
        bronnen: t.bronnen.clone(),
        antwoorden: t.antwoorden.iter().cloned().collect(),
        motivering: t.motivering.clone(),
        geldig_tot: t.geldig_tot.to_string(),
        protocol_versie: t.protocol_versie.clone(),
        beslist_door: t.beslist_door.to_string(),
        beslist_op: t.beslist_op.to_string(),
        journaalpost: t.journaalpost.to_string(),
    }
}

/// The privacy-check decisions of a signal.
#[utoipa::path(get, path = "/signalen/{id}/privacytoetsen", operation_id = "privacytoetsen_lijst", tag = "privacyprotocol", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Privacytoetsbesluit]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn checks(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Privacytoetsbesluit>>, Problem> {
    let checks = state
        .services
        .privacy_checks_of(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}/privacytoetsen"),
        )
        .await?;
    Ok(Json(checks.iter().map(besluit).collect()))
}

/// A decision on a privacy check, as sent.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ToetsVerzoek {
    /// `1`, `2A` or `2B`.
    pub toets: String,
    /// `goedgekeurd` or `afgewezen`.
    pub besluit: String,
    /// Per aspect the protocol asks for (e.g. `grondslag`, `verenigbaarheid`, `noodzaak`,
    /// `proportionaliteit`, `subsidiariteit`): what the approver records.
    pub antwoorden: BTreeMap<String, String>,
    /// Source codes from the catalogue that the approval permits.
    pub bronnen: Vec<String>,
    pub motivering: Option<String>,
}

/// Records a privacy-check decision (the approver the protocol names, usually the privacy
/// officer). Refusals name the rule: 403 for a role that may never decide, 409 when something is
/// missing.
#[utoipa::path(post, path = "/signalen/{id}/privacytoetsen", operation_id = "privacytoets_beslissen", tag = "privacyprotocol", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = ToetsVerzoek,
    responses((status = 201, body = Privacytoetsbesluit, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ToetsVerzoek>,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let record = state
        .services
        .decide_privacy_check(
            &caller.actor,
            dossier,
            &ToetsInvoer {
                toets: input.toets,
                besluit: input.besluit,
                antwoorden: input.antwoorden.into_iter().collect(),
                bronnen: input.bronnen,
                motivering: input.motivering,
            },
            &caller.ctx,
        )
        .await?;
    let location = format!("/api/v1/signalen/{dossier}/privacytoetsen");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(besluit(&record)),
    )
        .into_response())
}

/// A legal hold, as sent.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct Blokkade {
    /// Why (e.g. a pending objection or appeal).
    pub reden: String,
}

/// Puts a signal under a legal hold (privacy officer or jurist): retention leaves it alone until
/// the hold is lifted.
#[utoipa::path(post, path = "/signalen/{id}/juridische-blokkade", operation_id = "blokkade_instellen", tag = "privacyprotocol",
    security(("apiToken" = [])), params(("id" = String, Path)), request_body = Blokkade,
    responses((status = 204), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn hold(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Blokkade>,
) -> Result<StatusCode, Problem> {
    if input.reden.trim().is_empty() {
        let mut errors = baken_domain::ValidationErrors::new();
        errors.add("reden", "Geef de reden van de blokkade.");
        return Err(ServiceError::Invalid(errors).into());
    }
    state
        .services
        .set_legal_hold(
            &caller.actor,
            parse_id(&id)?,
            Some(&input.reden),
            &caller.ctx,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts a legal hold.
#[utoipa::path(delete, path = "/signalen/{id}/juridische-blokkade", operation_id = "blokkade_opheffen", tag = "privacyprotocol",
    security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn release(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    state
        .services
        .set_legal_hold(&caller.actor, parse_id(&id)?, None, &caller.ctx)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The privacy protocol, privacy checks, source consultations, legal holds. Each route is registered with its OpenAPI operation.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(show, load))
        .routes(utoipa_axum::routes!(checks, decide))
        .routes(utoipa_axum::routes!(hold, release))
}
