//! `/verzoeken`: requests of data subjects (AVG art. 15-21), for the privacy officer. The person is
//! named by BSN only in request bodies, never in a URL.

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use super::verwerkingslog::{InzageDossier, inzage_dossier};
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_core::verzoeken::{BeperkingInvoer, HerbeoordelingInvoer, VerzoekInvoer};
use baken_core::{BeperkingRecord, VerzoekRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

/// A request as registered.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuwVerzoek {
    /// `inzage`, `rectificatie`, `wissing`, `beperking` or `bezwaar`.
    pub soort: String,
    pub bsn: String,
    /// YYYY-MM-DD; default today. The deadline is one month later.
    pub ontvangen_op: Option<String>,
    /// The municipality handling it (required when the officer serves several).
    pub gemeente: Option<String>,
    pub toelichting: Option<String>,
}

/// A request of a data subject.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Verzoek {
    pub id: String,
    pub kenmerk: String,
    pub soort: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gemeente: Option<String>,
    pub ontvangen_op: String,
    pub termijn_tot: String,
    pub verlengd: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verlenging_motivering: Option<String>,
    /// Open after its deadline.
    pub te_laat: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub besluit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub besluit_motivering: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beantwoord_op: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toelichting: Option<String>,
}

/// A person registered without a BSN under the same surname and date of birth.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Kandidaat {
    pub entiteit: String,
    pub weergave: String,
    pub bevestigd: bool,
}

/// A part of the answer withheld under art. 41 UAVG.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Beperking {
    pub id: String,
    pub dossier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journaalpost: Option<String>,
    /// The letter of art. 41 lid 1 UAVG (`a`-`j`).
    pub grond: String,
    pub motivering: String,
    pub herbeoordeling: String,
    /// The latest re-evaluation (RFC 3339) and its reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub herbeoordeeld_op: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub herbeoordeling_motivering: Option<String>,
    /// When it was lifted (RFC 3339); a lifted restriction withholds nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opgeheven_op: Option<String>,
}

/// A re-evaluation of a restriction.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Herbeoordeling {
    /// `handhaven` (keep, with the next date) or `opheffen` (lift).
    pub uitkomst: String,
    pub motivering: String,
    /// When keeping: the next re-evaluation date (YYYY-MM-DD, after today).
    pub herbeoordeling: String,
}

/// A request with everything found about the person (for the privacy officer).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerzoekDossier {
    pub verzoek: Verzoek,
    #[schema(value_type = Object)]
    pub persoon: Option<serde_json::Value>,
    pub kandidaten: Vec<Kandidaat>,
    pub beperkingen: Vec<Beperking>,
    pub dossiers: Vec<InzageDossier>,
    /// Why the deadline cannot be extended, if it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verlenging_niet_mogelijk: Option<String>,
}

/// The answer to the data subject, restrictions applied.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerzoekAntwoord {
    pub verzoek: Verzoek,
    #[schema(value_type = Object)]
    pub persoon: Option<serde_json::Value>,
    pub dossiers: Vec<InzageDossier>,
    /// The grounds of art. 41 UAVG on which parts are withheld.
    pub beperkingsgronden: Vec<String>,
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Verlenging {
    /// Why two more months are needed (the data subject is told).
    pub motivering: String,
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Identiteit {
    /// The id of a candidate person.
    pub entiteit: String,
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuweBeperking {
    /// The signal's id.
    pub dossier: String,
    /// One entry of it; absent: the whole dossier.
    pub journaalpost: Option<String>,
    /// The letter of art. 41 lid 1 UAVG (`a`-`j`).
    pub grond: String,
    pub motivering: String,
    /// When to look at the restriction again (YYYY-MM-DD, after today).
    pub herbeoordeling: String,
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct VerzoekBesluit {
    /// `toegewezen`, `deels-toegewezen` or `afgewezen`.
    pub besluit: String,
    /// Required unless the request is granted in full.
    pub motivering: String,
}

fn verzoek(state: &AppState, v: &VerzoekRecord) -> Verzoek {
    Verzoek {
        id: v.id.to_string(),
        kenmerk: baken_core::rapporten::kenmerk(v.id),
        soort: v.soort.clone(),
        gemeente: v.gemeente.as_ref().map(|g| g.to_string()),
        ontvangen_op: v.ontvangen_op.to_string(),
        termijn_tot: v.termijn_tot.to_string(),
        verlengd: v.verlengd_op.is_some(),
        verlenging_motivering: v.verlenging_motivering.clone(),
        te_laat: state.services.request_late(v),
        besluit: v.besluit.clone(),
        besluit_motivering: v.besluit_motivering.clone(),
        beantwoord_op: v.beantwoord_op.map(|t| t.to_string()),
        toelichting: v.toelichting.clone(),
    }
}

fn beperking(b: &BeperkingRecord) -> Beperking {
    Beperking {
        id: b.id.to_string(),
        dossier: b.dossier_id.to_string(),
        journaalpost: b.journaalpost_id.map(|p| p.to_string()),
        grond: b.grond.clone(),
        motivering: b.motivering.clone(),
        herbeoordeling: b.herbeoordeling.to_string(),
        herbeoordeeld_op: b.herbeoordeeld_op.map(|t| t.to_string()),
        herbeoordeling_motivering: b.herbeoordeling_motivering.clone(),
        opgeheven_op: b.opgeheven_op.map(|t| t.to_string()),
    }
}

fn request_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

/// The requests of the officer's municipalities, open ones first by deadline.
#[utoipa::path(get, path = "/verzoeken", operation_id = "verzoeken", tag = "privacyprotocol", security(("apiToken" = [])),
    responses((status = 200, body = [Verzoek]), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<Json<Vec<Verzoek>>, Problem> {
    let found = state.services.requests(&caller.actor).await?;
    Ok(Json(found.iter().map(|v| verzoek(&state, v)).collect()))
}

/// Registers a request of a data subject with its legal deadline.
#[utoipa::path(post, path = "/verzoeken", operation_id = "verzoek_registreren", tag = "privacyprotocol", security(("apiToken" = [])),
    request_body = NieuwVerzoek,
    responses((status = 201, body = Verzoek, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(nieuw): ApiJson<NieuwVerzoek>,
) -> Result<Response, Problem> {
    let v = state
        .services
        .register_request(
            &caller.actor,
            &VerzoekInvoer {
                soort: nieuw.soort,
                bsn: nieuw.bsn,
                ontvangen_op: nieuw.ontvangen_op,
                gemeente: nieuw.gemeente,
                toelichting: nieuw.toelichting,
            },
            &caller.ctx,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/verzoeken/{}", v.id))],
        Json(verzoek(&state, &v)),
    )
        .into_response())
}

/// A request with everything Baken holds about the person, candidates for the same person, and
/// the restrictions (the reads are logged).
#[utoipa::path(get, path = "/verzoeken/{id}", operation_id = "verzoek", tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path, description = "Het id van het verzoek")),
    responses((status = 200, body = VerzoekDossier), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<VerzoekDossier>, Problem> {
    let detail = state
        .services
        .request_detail(&caller.actor, request_id(&id)?, &caller.ctx)
        .await?;
    Ok(Json(VerzoekDossier {
        verzoek: verzoek(&state, &detail.verzoek),
        persoon: detail
            .persoon
            .as_ref()
            .map(|p| serde_json::to_value(&p.entiteit).expect("serialises")),
        kandidaten: detail
            .kandidaten
            .iter()
            .map(|k| Kandidaat {
                entiteit: k.entiteit.id.to_string(),
                weergave: k.entiteit.entiteit.weergave(),
                bevestigd: k.bevestigd,
            })
            .collect(),
        beperkingen: detail.beperkingen.iter().map(beperking).collect(),
        dossiers: detail.dossiers.into_iter().map(inzage_dossier).collect(),
        verlenging_niet_mogelijk: detail.verlenging_geweigerd.map(str::to_string),
    }))
}

/// Extends the deadline by two months (once, within the first month, with reasons).
#[utoipa::path(post, path = "/verzoeken/{id}/verlenging", operation_id = "verzoek_verlengen", tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path, description = "Het id van het verzoek")), request_body = Verlenging,
    responses((status = 200, body = Verzoek), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn extend(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Verlenging>,
) -> Result<Json<Verzoek>, Problem> {
    let v = state
        .services
        .extend_request(
            &caller.actor,
            request_id(&id)?,
            &body.motivering,
            &caller.ctx,
        )
        .await?;
    Ok(Json(verzoek(&state, &v)))
}

/// Confirms that a candidate person is the data subject; their dossiers join the answer.
#[utoipa::path(post, path = "/verzoeken/{id}/identiteiten", operation_id = "verzoek_identiteit_bevestigen", tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path, description = "Het id van het verzoek")), request_body = Identiteit,
    responses((status = 204), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Identiteit>,
) -> Result<StatusCode, Problem> {
    state
        .services
        .confirm_identity(&caller.actor, request_id(&id)?, &body.entiteit, &caller.ctx)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withholds a dossier or one entry from the answer under art. 41 UAVG.
#[utoipa::path(post, path = "/verzoeken/{id}/beperkingen", operation_id = "verzoek_beperken", tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path, description = "Het id van het verzoek")), request_body = NieuweBeperking,
    responses((status = 201, body = Beperking), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn restrict(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NieuweBeperking>,
) -> Result<(StatusCode, Json<Beperking>), Problem> {
    let b = state
        .services
        .restrict_answer(
            &caller.actor,
            request_id(&id)?,
            &BeperkingInvoer {
                dossier: body.dossier,
                journaalpost: body.journaalpost,
                grond: body.grond,
                motivering: body.motivering,
                herbeoordeling: body.herbeoordeling,
            },
            &caller.ctx,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(beperking(&b))))
}

/// Re-evaluates a restriction: keep it with a new date, or lift it (it then no longer withholds
/// anything from the answer).
#[utoipa::path(post, path = "/verzoeken/{id}/beperkingen/{beperking}/herbeoordeling", operation_id = "verzoek_beperking_herbeoordelen",
    tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path, description = "Het id van het verzoek"), ("beperking" = String, Path, description = "Het id van de beperking")),
    request_body = Herbeoordeling,
    responses((status = 200, body = Beperking), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn reassess(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, beperking_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<Herbeoordeling>,
) -> Result<Json<Beperking>, Problem> {
    let b = state
        .services
        .reassess_restriction(
            &caller.actor,
            request_id(&id)?,
            request_id(&beperking_id)?,
            &HerbeoordelingInvoer {
                uitkomst: body.uitkomst,
                motivering: body.motivering,
                herbeoordeling: body.herbeoordeling,
            },
            &caller.ctx,
        )
        .await?;
    Ok(Json(beperking(&b)))
}

/// Decides the request and marks it answered.
#[utoipa::path(post, path = "/verzoeken/{id}/besluit", operation_id = "verzoek_besluiten", tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path, description = "Het id van het verzoek")), request_body = VerzoekBesluit,
    responses((status = 200, body = Verzoek), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VerzoekBesluit>,
) -> Result<Json<Verzoek>, Problem> {
    let v = state
        .services
        .decide_request(
            &caller.actor,
            request_id(&id)?,
            &body.besluit,
            &body.motivering,
            &caller.ctx,
        )
        .await?;
    Ok(Json(verzoek(&state, &v)))
}

/// The answer to the data subject, restrictions applied: JSON, or PDF with `Accept:
/// application/pdf`. Producing it is logged as an export.
#[utoipa::path(get, path = "/verzoeken/{id}/antwoord", operation_id = "verzoek_antwoord", tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path, description = "Het id van het verzoek")),
    responses((status = 200, description = "Het antwoord, als JSON of als PDF", content((VerzoekAntwoord = "application/json"), (String = "application/pdf"))),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn answer(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let id = request_id(&id)?;
    let wants_pdf = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/pdf"));
    if wants_pdf {
        let pdf = state
            .services
            .request_answer_pdf(&caller.actor, id, &caller.ctx)
            .await?;
        return Ok(pdf_response(pdf, &format!("antwoord-{id}.pdf")));
    }
    let a = state
        .services
        .request_answer(&caller.actor, id, &caller.ctx)
        .await?;
    Ok(Json(VerzoekAntwoord {
        verzoek: verzoek(&state, &a.verzoek),
        persoon: a
            .persoon
            .as_ref()
            .map(|p| serde_json::to_value(&p.entiteit).expect("serialises")),
        dossiers: a.dossiers.into_iter().map(inzage_dossier).collect(),
        beperkingsgronden: a.gronden.iter().map(|g| g.as_str().to_string()).collect(),
    })
    .into_response())
}

/// A PDF as a download, never shown inline by the browser's viewer of our origin, never cached.
pub fn pdf_response(pdf: Vec<u8>, filename: &str) -> Response {
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Requests of data subjects. Each route is registered with its OpenAPI operation.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(show))
        .routes(utoipa_axum::routes!(extend))
        .routes(utoipa_axum::routes!(confirm))
        .routes(utoipa_axum::routes!(restrict))
        .routes(utoipa_axum::routes!(reassess))
        .routes(utoipa_axum::routes!(decide))
        .routes(utoipa_axum::routes!(answer))
}
