//! `/signalen/{id}/bronraadplegingen`: consulting a source about a signal's subject. Of a local
//! register (BAG, trade register, sanctions lists) Baken answers itself, hit/no-hit first, and
//! the content only with `/{raadpleging}/inhoud`, a justified follow-up of a hit; of any other
//! source the user records the outcome.

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::BronraadplegingRecord;
use baken_core::ServiceError;
use baken_core::protocol::RaadplegingInvoer;
use baken_core::raadplegingen::{Raadplegingsuitkomst, RegisterRaadplegingInvoer};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

/// A consultation of a source, as sent.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct RaadplegingVerzoek {
    /// A source code of the catalogue (`brp`, `bag`, `kvk`, `woz`, `sancties`, …).
    pub bron: String,
    /// One of the purposes the catalogue lists for the source.
    pub doel: String,
    /// The id of a subject or object of the signal: Baken consults its local register of the
    /// source (`bag`, `kvk`, `sancties`) itself and answers hit or no-hit. Leave it out to
    /// record the outcome of another consultation yourself with `uitkomst`.
    pub onderwerp: Option<String>,
    /// `hit` or `no-hit`, when recording a consultation done elsewhere.
    pub uitkomst: String,
    /// What was found (only for sources consulted for content, recorded by hand).
    pub toelichting: Option<String>,
}

/// The justified follow-up of a hit, as sent.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct InhoudVerzoek {
    /// Why the content is needed for the consultation's purpose (recorded in the journal).
    pub toelichting: String,
}

/// A consultation.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bronraadpleging {
    /// The journal entry that records it (as `Location`).
    pub id: String,
    /// The consultation itself (for a follow-up: `/bronraadplegingen/{raadpleging}/inhoud`).
    pub raadpleging: String,
    pub bron: String,
    pub doel: String,
    /// `hit-no-hit` (also for a source consulted by referral only), or `inhoud` for a follow-up.
    pub stap: String,
    /// Whether the source knows the subject.
    pub hit: bool,
    /// The subject consulted about (an entity id of the signal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub onderwerp: Option<String>,
    /// For a follow-up: the hit/no-hit consultation it follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vervolg_op: Option<String>,
    /// ISO 8601.
    pub tijdstip: String,
    /// Only in the answer to a follow-up: what the register holds of the subject, a record a
    /// line, as taken over into the journal. Never in a hit/no-hit answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inhoud: Option<Vec<String>>,
    /// Only in the answer to a consultation of a source the protocol lets be consulted by
    /// referral only (`verwijzing`), when it knows the subject: whom to turn to. The content
    /// stays with the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verwijzing: Option<String>,
}

fn resource(r: &BronraadplegingRecord, inhoud: Option<Vec<String>>) -> Bronraadpleging {
    Bronraadpleging {
        id: r.journaal_id.to_string(),
        raadpleging: r.id.to_string(),
        bron: r.bron.clone(),
        doel: r.doel.clone(),
        stap: r.stap.as_str().to_string(),
        hit: r.hit,
        onderwerp: r.entiteit_id.map(|e| e.to_string()),
        vervolg_op: r.vervolg_op.map(|v| v.to_string()),
        tijdstip: r
            .op
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        inhoud,
        verwijzing: None,
    }
}

fn created(dossier: Uuid, uitkomst: &Raadplegingsuitkomst) -> Response {
    let r = &uitkomst.raadpleging;
    let location = format!(
        "/api/v1/signalen/{dossier}/journaalposten/{}",
        r.journaal_id
    );
    let inhoud = uitkomst.inhoud.as_ref().map(|i| i.regels());
    let mut body = resource(r, inhoud);
    body.verwijzing = uitkomst.verwijzing.clone();
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(body),
    )
        .into_response()
}

/// Consults a source about the signal when the protocol allows it (source in the catalogue, the
/// signal's phase, a listed purpose, and an approved privacy check that permits the source). With
/// `onderwerp`, Baken consults its local register and answers only hit or no-hit; without it, the
/// outcome given is recorded. Either way the consultation becomes a journal entry (`Location`)
/// and a processing-log record.
#[utoipa::path(post, path = "/signalen/{id}/bronraadplegingen", operation_id = "bronraadpleging_vastleggen", tag = "privacyprotocol", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = RaadplegingVerzoek,
    responses((status = 201, body = Bronraadpleging, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A live source is slow, down or refused (code `bron-storing`, `bron-te-traag`, …); nothing was recorded", body = Problem, content_type = "application/problem+json")))]
pub async fn consult(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RaadplegingVerzoek>,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    if let Some(onderwerp) = input.onderwerp.filter(|o| !o.trim().is_empty()) {
        let uitkomst = state
            .services
            .raadpleeg_register(
                &caller.actor,
                dossier,
                &RegisterRaadplegingInvoer {
                    bron: input.bron,
                    doel: input.doel,
                    onderwerp,
                },
                &caller.ctx,
            )
            .await?;
        return Ok(created(dossier, &uitkomst));
    }
    let record = state
        .services
        .consult_source(
            &caller.actor,
            dossier,
            &RaadplegingInvoer {
                bron: input.bron,
                doel: input.doel,
                uitkomst: input.uitkomst,
                toelichting: input.toelichting,
            },
            &caller.ctx,
        )
        .await?;
    let location = format!(
        "/api/v1/signalen/{dossier}/journaalposten/{}",
        record.journaal_id
    );
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(resource(&record, None)),
    )
        .into_response())
}

/// The signal's consultations, newest first (what they found is in their journal entries).
#[utoipa::path(get, path = "/signalen/{id}/bronraadplegingen", operation_id = "bronraadplegingen_lijst", tag = "privacyprotocol", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Vec<Bronraadpleging>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Bronraadpleging>>, Problem> {
    let records = state
        .services
        .bronraadplegingen(
            &caller.actor,
            parse_id(&id)?,
            "API GET /signalen/{id}/bronraadplegingen",
        )
        .await?;
    Ok(Json(records.iter().map(|r| resource(r, None)).collect()))
}

/// The justified follow-up of a hit: the local register's content about the subject, where the
/// protocol lets the source be consulted for content (else 409 naming the rule). The reason and
/// what was taken over go into the journal.
#[utoipa::path(post, path = "/signalen/{id}/bronraadplegingen/{raadpleging}/inhoud", operation_id = "bronraadpleging_inhoud", tag = "privacyprotocol", security(("apiToken" = [])),
    params(("id" = String, Path), ("raadpleging" = String, Path, description = "The hit/no-hit consultation")),
    request_body = InhoudVerzoek,
    responses((status = 201, body = Bronraadpleging, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A live source is slow, down or refused (code `bron-storing`, `bron-te-traag`, …); nothing was recorded", body = Problem, content_type = "application/problem+json")))]
pub async fn content(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, raadpleging)): Path<(String, String)>,
    ApiJson(input): ApiJson<InhoudVerzoek>,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let uitkomst = state
        .services
        .raadpleeg_register_inhoud(
            &caller.actor,
            dossier,
            parse_id(&raadpleging)?,
            &input.toelichting,
            &caller.ctx,
        )
        .await?;
    Ok(created(dossier, &uitkomst))
}

/// One source of the protocol's catalogue.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bron {
    pub code: String,
    pub naam: String,
    /// The phases (signal statuses) in which it may be consulted.
    pub fasen: Vec<String>,
    /// `hit-no-hit`, `inhoud` or `verwijzing` (referral only: the content stays with the source).
    pub wijze: String,
    /// The purposes a consultation names one of.
    pub doelen: Vec<String>,
    pub grondslag: String,
    /// The privacy check whose approval must name the source, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacytoets: Option<String>,
    /// For a source consulted by referral only: whom the team turns to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Whether Baken holds a local register of it (then `onderwerp` lets Baken consult it).
    pub lokaal_register: bool,
    /// Whether Baken asks the source live over its API (then `onderwerp` lets Baken consult
    /// it, and a consultation may answer 503 when the source is slow or down).
    pub live: bool,
    /// For a local register: objects per type (`nummeraanduidingen`, `kvk_vestigingen`, …; `rijen`
    /// for a municipality's own register).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub aantallen: Option<std::collections::BTreeMap<String, i64>>,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct BronnenQuery {
    /// CBS code; by default the caller's first municipality.
    pub gemeente: Option<String>,
}

/// The sources of the privacy protocol in force for a municipality: when and how each may be
/// consulted, and what Baken's local registers hold.
#[utoipa::path(get, path = "/bronnen", operation_id = "bronnen_lijst", tag = "privacyprotocol", security(("apiToken" = [])), params(BronnenQuery),
    responses((status = 200, body = Vec<Bron>), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn sources(
    State(state): State<AppState>,
    caller: ApiCaller,
    axum::extract::Query(query): axum::extract::Query<BronnenQuery>,
) -> Result<Json<Vec<Bron>>, Problem> {
    let (_, bronnen) = state
        .services
        .bronnen(&caller.actor, query.gemeente.as_deref())
        .await?;
    Ok(Json(
        bronnen
            .into_iter()
            .map(|b| Bron {
                lokaal_register: b.register.is_some(),
                live: b.live,
                aantallen: b.register.map(|r| {
                    r.into_iter()
                        .map(|(soort, n)| (soort.sleutel().to_string(), n))
                        .collect()
                }),
                code: b.definitie.code,
                naam: b.definitie.naam,
                fasen: b
                    .definitie
                    .fasen
                    .iter()
                    .map(|f| f.as_str().to_string())
                    .collect(),
                wijze: b.definitie.wijze.as_str().to_string(),
                doelen: b.definitie.doelen,
                grondslag: b.definitie.grondslag,
                privacytoets: b.definitie.privacytoets,
                contact: b.definitie.contact,
            })
            .collect(),
    ))
}

/// Consultations of sources and the source catalogue. Each route is registered with its OpenAPI
/// operation.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(consult, list))
        .routes(utoipa_axum::routes!(content))
        .routes(utoipa_axum::routes!(sources))
}
