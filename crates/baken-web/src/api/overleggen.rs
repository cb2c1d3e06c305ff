//! `/overleggen`: the signal meeting (its agenda drawn from the signals that await weighing),
//! case meetings, the RIEC case meeting and the triangle; the agenda, the decision per item (the
//! protocol's transition in that dossier, journaled there as `overlegbesluit`), attendees and
//! action items (tasks on the owner's list, see `/taken`). What a meeting shows is filtered per
//! dossier for the caller: the minutes of each attendee hold what the protocol lets them see.

use super::caller::ApiCaller;
use super::casussen::{TaakResource, taak_resource, user_id};
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_core::overleggen::{
    ActiepuntInvoer, BesluitInvoer, Overleg, OverlegInvoer, OverlegWijziging,
};
use baken_domain::dossier::DossierAccess;
use baken_domain::{UserId, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

fn user_ids(values: &[String], field: &str, errors: &mut ValidationErrors) -> Vec<UserId> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| match Uuid::parse_str(v.trim()) {
            Ok(u) => Some(UserId(u)),
            Err(_) => {
                errors.add_code(
                    format!("{field}[{i}]"),
                    "formaat",
                    "Geen geldige gebruikers-id.",
                );
                None
            }
        })
        .collect()
}

/// A meeting to plan.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuwOverleg {
    /// `signalenoverleg`, `casusoverleg`, `riec-casusoverleg` or `driehoek`.
    pub soort: String,
    /// ISO 8601 date.
    #[schema(format = Date)]
    pub datum: String,
    /// Default: the kind and the date.
    #[schema(max_length = 200)]
    pub titel: Option<String>,
    /// Municipality code (`GM0534`); the caller's first when absent.
    pub gemeente: Option<String>,
    /// The chair's user id; the caller when absent.
    pub voorzitter: Option<String>,
    /// User ids of colleagues who attend (each must work in the municipality).
    pub deelnemers: Vec<String>,
    /// Participants from outside, each `Naam (Organisatie)`.
    pub externen: Vec<String>,
}

/// A change of a meeting; absent fields stay as they are.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct OverlegWijzigen {
    #[schema(max_length = 200)]
    pub titel: Option<String>,
    #[schema(format = Date)]
    pub datum: Option<String>,
    pub voorzitter: Option<String>,
    pub deelnemers: Option<Vec<String>>,
    pub externen: Option<Vec<String>>,
    /// General notes of the meeting (about a dossier: in its journal).
    #[schema(max_length = 20000)]
    pub verslag: Option<String>,
    /// `afgerond` closes the meeting: its agenda and decisions are then fixed.
    pub status: Option<String>,
    pub versie: Option<i64>,
}

/// A dossier to put on the agenda.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AgendapuntToevoegen {
    /// The dossier's id (a signal or a case of the meeting's municipality).
    pub dossier: String,
}

/// The decision on an agenda item.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct OverlegBesluit {
    /// The dossier's next status as the protocol allows it from the current one: for a signal
    /// e.g. `bronnenonderzoek`, `monitoren`, `geen-actie`, `naar-casus`; for a case its next
    /// phase (`plan-van-aanpak`, …).
    pub besluit: String,
    #[schema(max_length = 8000)]
    pub motivering: Option<String>,
    /// The answer to each criterion, when the transition records a weighing.
    #[schema(value_type = Option<Vec<crate::api::schemas::CriteriumInvoerSchema>>)]
    pub wegingsantwoorden: Option<Vec<baken_domain::weging::CriteriumInvoer>>,
    /// With `monitoren`: the day the signal is weighed again (ISO 8601 date).
    pub herbeoordelen_op: Option<String>,
    /// With a case's closure.
    pub afsluitreden: Option<String>,
    /// With a case's `nazorg`: its last day.
    pub nazorg_tot: Option<String>,
}

/// An action item of the meeting.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ActiepuntToevoegen {
    #[schema(max_length = 1000)]
    pub omschrijving: Option<String>,
    /// The owner's user id; the chair when absent.
    pub eigenaar: Option<String>,
    /// ISO 8601 date, today or later.
    pub uiterlijk_op: Option<String>,
    /// A dossier on the agenda it concerns (the owner must work on it).
    pub dossier: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeelnemerResource {
    /// The colleague's user id; absent for a participant from outside.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gebruiker: Option<String>,
    pub naam: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisatie: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BesluitKeuze {
    pub code: String,
    pub naam: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgendapuntResource {
    pub dossier: String,
    pub nummer: String,
    /// `signaal` or `casus`.
    pub soort: String,
    /// The dossier's status now, in words.
    pub status: String,
    pub ontvangen: String,
    pub fenomenen: Vec<String>,
    /// `volledig`, or `index` (the dossier's existence only: no motivation, no choices).
    pub toegang: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub besluit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub besluit_naam: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub besloten_op: Option<String>,
    /// The `overlegbesluit` journal entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journaalpost: Option<String>,
    /// The decisions the protocol allows now.
    pub keuzes: Vec<BesluitKeuze>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverlegResource {
    pub id: String,
    pub gemeente: String,
    /// `signalenoverleg`, `casusoverleg`, `riec-casusoverleg`, `driehoek`.
    pub soort: String,
    pub datum: String,
    pub titel: String,
    pub voorzitter: String,
    pub voorzitter_naam: String,
    pub deelnemers: Vec<DeelnemerResource>,
    /// `gepland` or `afgerond`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verslag: Option<String>,
    /// The agenda as the caller may see it (items the caller may not know of are left out).
    pub agenda: Vec<AgendapuntResource>,
    pub actiepunten: Vec<TaakResource>,
    /// The caller chairs (or coordinates): may keep the agenda and decide.
    pub mag_voorzitten: bool,
    pub versie: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverlegRegelResource {
    pub id: String,
    pub soort: String,
    pub datum: String,
    pub titel: String,
    pub status: String,
    pub voorzitter_naam: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgendaBijgewerkt {
    /// How many signals were added.
    pub toegevoegd: usize,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn resource(o: &Overleg) -> OverlegResource {
    let r = &o.record;
    OverlegResource {
        id: r.id.to_string(),
        gemeente: r.gemeente.as_str().into(),
        soort: r.soort.as_str().into(),
        datum: r.datum.to_string(),
        titel: r.titel.clone(),
        voorzitter: r.voorzitter.0.to_string(),
        voorzitter_naam: o.voorzitter.clone(),
        deelnemers: r
            .deelnemers
            .iter()
            .map(|d| DeelnemerResource {
                gebruiker: d.gebruiker.map(|u| u.0.to_string()),
                naam: d.naam.clone(),
                organisatie: d.organisatie.clone(),
            })
            .collect(),
        status: r.status.as_str().into(),
        verslag: r.verslag.clone(),
        agenda: o
            .punten
            .iter()
            .map(|p| AgendapuntResource {
                dossier: p.record.dossier_id.to_string(),
                nummer: p.nummer.clone(),
                soort: p.soort.as_str().into(),
                status: p.status.clone(),
                ontvangen: p.ontvangen.to_string(),
                fenomenen: p.fenomenen.iter().map(|f| f.as_str().to_string()).collect(),
                toegang: if p.toegang == DossierAccess::Full {
                    "volledig".into()
                } else {
                    "index".into()
                },
                besluit: p.record.besluit.clone(),
                besluit_naam: p.besluit.clone(),
                motivering: p.record.toelichting.clone(),
                besloten_op: p.record.besloten_op.map(rfc3339),
                journaalpost: p.record.journaalpost.map(|j| j.to_string()),
                keuzes: p
                    .keuzes
                    .iter()
                    .map(|(code, naam)| BesluitKeuze {
                        code: code.clone(),
                        naam: naam.clone(),
                    })
                    .collect(),
            })
            .collect(),
        actiepunten: o.actiepunten.iter().map(taak_resource).collect(),
        mag_voorzitten: o.mag_voorzitten,
        versie: r.versie,
    }
}

async fn view(
    state: &AppState,
    caller: &ApiCaller,
    id: Uuid,
    context: &str,
) -> Result<OverlegResource, Problem> {
    let o = state.services.meeting(&caller.actor, id, context).await?;
    Ok(resource(&o))
}

/// The meetings of the caller's municipalities: planned ones first (the next on top), then the
/// held ones.
#[utoipa::path(get, path = "/overleggen", operation_id = "overleggen", tag = "overleggen", security(("apiToken" = [])),
    responses((status = 200, body = [OverlegRegelResource]), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<Json<Vec<OverlegRegelResource>>, Problem> {
    let lines = state.services.meetings(&caller.actor).await?;
    Ok(Json(
        lines
            .iter()
            .map(|l| OverlegRegelResource {
                id: l.record.id.to_string(),
                soort: l.record.soort.as_str().into(),
                datum: l.record.datum.to_string(),
                titel: l.record.titel.clone(),
                status: l.record.status.as_str().into(),
                voorzitter_naam: l.voorzitter.clone(),
            })
            .collect(),
    ))
}

/// Plans a meeting: 201 with it. A `signalenoverleg` gets its agenda at once: the signals that
/// await weighing, and those in monitoring whose date has come by the meeting's date, oldest
/// first (only those the caller sees in full). 400 names every invalid field.
#[utoipa::path(post, path = "/overleggen", operation_id = "overleg_plannen", tag = "overleggen", security(("apiToken" = [])),
    request_body = NieuwOverleg,
    responses((status = 201, body = OverlegResource, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<NieuwOverleg>,
) -> Result<Response, Problem> {
    let mut errors = ValidationErrors::new();
    let voorzitter = user_id(input.voorzitter.as_deref(), "voorzitter", &mut errors);
    let deelnemers = user_ids(&input.deelnemers, "deelnemers", &mut errors);
    errors.into_result().map_err(ServiceError::Invalid)?;
    let record = state
        .services
        .plan_meeting(
            &caller.actor,
            &OverlegInvoer {
                soort: input.soort,
                datum: input.datum,
                titel: input.titel,
                gemeente: input.gemeente,
                voorzitter,
                deelnemers,
                externen: input.externen,
            },
            &caller.ctx,
        )
        .await?;
    let body = view(&state, &caller, record.id, "API POST /overleggen").await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/overleggen/{}", record.id),
        )],
        Json(body),
    )
        .into_response())
}

/// One meeting with its agenda, decisions and action items as the caller may see them (each
/// dossier shown is written to the access log).
#[utoipa::path(get, path = "/overleggen/{id}", operation_id = "overleg", tag = "overleggen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = OverlegResource), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<OverlegResource>, Problem> {
    Ok(Json(
        view(&state, &caller, parse_id(&id)?, "API GET /overleggen/{id}").await?,
    ))
}

/// Changes the meeting's title, date, chair, attendees or notes, or closes it (`status:
/// afgerond`). Only the chair or a coordinator (403); 409 on a stale `versie` or a closed meeting.
#[utoipa::path(patch, path = "/overleggen/{id}", operation_id = "overleg_wijzigen", tag = "overleggen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = OverlegWijzigen,
    responses((status = 200, body = OverlegResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OverlegWijzigen>,
) -> Result<Json<OverlegResource>, Problem> {
    let id = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let voorzitter = user_id(input.voorzitter.as_deref(), "voorzitter", &mut errors);
    let deelnemers = input
        .deelnemers
        .as_ref()
        .map(|d| user_ids(d, "deelnemers", &mut errors));
    errors.into_result().map_err(ServiceError::Invalid)?;
    state
        .services
        .update_meeting(
            &caller.actor,
            id,
            &OverlegWijziging {
                titel: input.titel,
                datum: input.datum,
                voorzitter,
                deelnemers,
                externen: input.externen,
                verslag: input.verslag,
                status: input.status,
                versie: input.versie,
            },
            &caller.ctx,
        )
        .await?;
    Ok(Json(
        view(&state, &caller, id, "API PATCH /overleggen/{id}").await?,
    ))
}

/// Puts a dossier on the agenda: 201 with the meeting. 400 when the dossier is not found (or
/// not known to the caller), is closed or is already on it.
#[utoipa::path(post, path = "/overleggen/{id}/agendapunten", operation_id = "agendapunt_toevoegen", tag = "overleggen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = AgendapuntToevoegen,
    responses((status = 201, body = OverlegResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn add_item(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AgendapuntToevoegen>,
) -> Result<Response, Problem> {
    let id = parse_id(&id)?;
    let Ok(dossier) = Uuid::parse_str(input.dossier.trim()) else {
        let mut errors = ValidationErrors::new();
        errors.add_code("dossier", "formaat", "Geen geldige dossier-id.");
        return Err(ServiceError::Invalid(errors).into());
    };
    state
        .services
        .add_agenda_item(&caller.actor, id, dossier, &caller.ctx)
        .await?;
    let body = view(
        &state,
        &caller,
        id,
        "API POST /overleggen/{id}/agendapunten",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Takes an undecided item off the agenda: 204. 409 when it was decided.
#[utoipa::path(delete, path = "/overleggen/{id}/agendapunten/{dossierId}", operation_id = "agendapunt_verwijderen", tag = "overleggen", security(("apiToken" = [])),
    params(("id" = String, Path), ("dossierId" = String, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn remove_item(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, dossier)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    state
        .services
        .remove_agenda_item(
            &caller.actor,
            parse_id(&id)?,
            parse_id(&dossier)?,
            &caller.ctx,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Draws the agenda again: adds the signals that came to await weighing since.
#[utoipa::path(post, path = "/overleggen/{id}/agenda-bijwerken", operation_id = "agenda_bijwerken", tag = "overleggen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = AgendaBijgewerkt), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn refresh(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<AgendaBijgewerkt>, Problem> {
    let toegevoegd = state
        .services
        .refresh_agenda(&caller.actor, parse_id(&id)?, &caller.ctx)
        .await?;
    Ok(Json(AgendaBijgewerkt { toegevoegd }))
}

/// Records the decision on an item: the protocol's transition in that dossier and an
/// `overlegbesluit` entry in its journal. 409 names the rule when the protocol refuses (a
/// weighing, motivation or privacy check missing, a transition it does not allow); 400 names
/// invalid fields (`besluit`, `wegingsantwoorden.{n}.antwoord`, `herbeoordelenOp`).
#[utoipa::path(post, path = "/overleggen/{id}/agendapunten/{dossierId}/besluit", operation_id = "agendapunt_besluit", tag = "overleggen", security(("apiToken" = [])),
    params(("id" = String, Path), ("dossierId" = String, Path)),
    request_body = OverlegBesluit,
    responses((status = 200, body = OverlegResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, dossier)): Path<(String, String)>,
    ApiJson(input): ApiJson<OverlegBesluit>,
) -> Result<Json<OverlegResource>, Problem> {
    let id = parse_id(&id)?;
    state
        .services
        .decide_agenda_item(
            &caller.actor,
            id,
            parse_id(&dossier)?,
            &BesluitInvoer {
                besluit: input.besluit,
                motivering: input.motivering,
                wegingsantwoorden: input.wegingsantwoorden,
                herbeoordelen_op: input.herbeoordelen_op,
                afsluitreden: input.afsluitreden,
                nazorg_tot: input.nazorg_tot,
            },
            &caller.ctx,
        )
        .await?;
    Ok(Json(
        view(
            &state,
            &caller,
            id,
            "API POST /overleggen/{id}/agendapunten/{dossierId}/besluit",
        )
        .await?,
    ))
}

/// Adds an action item: 201 with it; it is on the owner's `/taken`. 400 names every invalid
/// field (an owner who cannot work on the dossier, a dossier not on the agenda, a past date).
#[utoipa::path(post, path = "/overleggen/{id}/actiepunten", operation_id = "actiepunt_toevoegen", tag = "overleggen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = ActiepuntToevoegen,
    responses((status = 201, body = TaakResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn add_action(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActiepuntToevoegen>,
) -> Result<Response, Problem> {
    let id = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let eigenaar = user_id(input.eigenaar.as_deref(), "eigenaar", &mut errors);
    let dossier = match input
        .dossier
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(v) => match Uuid::parse_str(v) {
            Ok(u) => Some(u),
            Err(_) => {
                errors.add_code("dossier", "formaat", "Geen geldige dossier-id.");
                None
            }
        },
    };
    errors.into_result().map_err(ServiceError::Invalid)?;
    let record = state
        .services
        .add_action_item(
            &caller.actor,
            id,
            &ActiepuntInvoer {
                omschrijving: input.omschrijving,
                eigenaar,
                uiterlijk_op: input.uiterlijk_op,
                dossier,
            },
            &caller.ctx,
        )
        .await?;
    let o = state
        .services
        .meeting(&caller.actor, id, "API POST /overleggen/{id}/actiepunten")
        .await?;
    let taak = o
        .actiepunten
        .iter()
        .find(|t| t.record.id == record.id)
        .ok_or(ServiceError::NotFound)?;
    Ok((StatusCode::CREATED, Json(taak_resource(taak))).into_response())
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(get, update))
        .routes(utoipa_axum::routes!(add_item))
        .routes(utoipa_axum::routes!(remove_item))
        .routes(utoipa_axum::routes!(refresh))
        .routes(utoipa_axum::routes!(decide))
        .routes(utoipa_axum::routes!(add_action))
}
