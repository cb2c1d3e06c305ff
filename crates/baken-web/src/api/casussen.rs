//! `/casussen` (cases started from signals in `naar-casus`, their lifecycle under the privacy
//! protocol, linked signals and tasks) and `/taken` (one's own open tasks, and changing a task). A
//! case is a dossier: its journal, attachments, entity links, privacy checks and interventions are
//! reached under `/signalen/{id}/…` with the case's id.

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_core::casussen::{
    Casus, CasusInvoer, CasusStatusInvoer, CasusWijziging, Taak, TaakInvoer,
};
use baken_domain::{UserId, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

pub(super) fn user_id(
    value: Option<&str>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<UserId> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    match Uuid::parse_str(v) {
        Ok(u) => Some(UserId(u)),
        Err(_) => {
            errors.add_code(field, "formaat", "Geen geldige gebruikers-id.");
            None
        }
    }
}

/// A case to start.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuweCasus {
    /// A short name: the address or the undertaking.
    #[schema(max_length = 200)]
    pub naam: String,
    /// What the team wants to achieve.
    #[schema(max_length = 8000)]
    pub doel: String,
    /// Ids of signals with status `naar-casus`, of one municipality, in no case yet.
    #[schema(min_items = 1)]
    pub signalen: Vec<String>,
    /// The case director's user id; the caller when absent.
    pub regisseur: Option<String>,
    /// User ids of further team members (each must work in the municipality).
    pub team: Vec<String>,
    /// Municipal departments involved (at most 30 names of at most 200 characters).
    pub afdelingen: Vec<String>,
    /// Partner organisations involved (at most 30).
    pub partners: Vec<String>,
}

/// A change of a case's own fields; absent fields stay as they are.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct CasusWijzigen {
    #[schema(max_length = 200)]
    pub naam: Option<String>,
    #[schema(max_length = 8000)]
    pub doel: Option<String>,
    /// The plan of approach; an empty string removes it.
    #[schema(max_length = 8000)]
    pub plan_van_aanpak: Option<String>,
    pub afdelingen: Option<Vec<String>>,
    pub partners: Option<Vec<String>>,
    /// A new case director (user id).
    pub regisseur: Option<String>,
    /// The version the change is based on; 409 when someone changed the case first.
    pub versie: Option<i64>,
}

/// A step in the case's lifecycle.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct CasusFaseWijzigen {
    /// `plan-van-aanpak` (needs an approved privacy check 2A), `in-uitvoering` (2B and a plan of
    /// approach), `nazorg`, `afgesloten` (with `afsluitreden` and `motivering`), as the protocol's
    /// `[casus]` section allows from the current phase.
    pub status: String,
    #[schema(max_length = 8000)]
    pub motivering: Option<String>,
    /// `doel-bereikt`, `interventie-uitgevoerd`, `overgedragen`, `onvoldoende-grond`,
    /// `betrokkene-vertrokken`, `samengevoegd`.
    pub afsluitreden: Option<String>,
    /// With `nazorg`: its last day (ISO 8601 date); default the protocol's period from today.
    pub nazorg_tot: Option<String>,
    pub versie: Option<i64>,
}

/// Another signal for the case.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct SignaalKoppelen {
    pub signaal: String,
}

/// A task to add, or a change of one (absent fields stay as they are).
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct TaakInvoerResource {
    #[schema(max_length = 1000)]
    pub omschrijving: Option<String>,
    /// The owner's user id (must work on the dossier); the caller when absent on creation.
    pub eigenaar: Option<String>,
    /// The due date (ISO 8601); an empty string removes it.
    pub uiterlijk_op: Option<String>,
    /// `open`, `bezig`, `afgerond`, `vervallen`.
    pub status: Option<String>,
    pub versie: Option<i64>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaakResource {
    pub id: String,
    pub omschrijving: String,
    pub eigenaar: String,
    pub eigenaar_naam: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uiterlijk_op: Option<String>,
    pub status: String,
    pub te_laat: bool,
    /// The dossier (signal or case) it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dossier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dossier_nummer: Option<String>,
    /// The meeting of an action item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overleg: Option<String>,
    pub versie: i64,
}

pub(super) fn taak_resource(t: &Taak) -> TaakResource {
    let r = &t.record;
    TaakResource {
        id: r.id.to_string(),
        omschrijving: r.omschrijving.clone(),
        eigenaar: r.eigenaar.0.to_string(),
        eigenaar_naam: t.eigenaar.clone(),
        uiterlijk_op: r.uiterlijk_op.map(|d| d.to_string()),
        status: r.status.as_str().into(),
        te_laat: t.te_laat,
        dossier: r.dossier_id.map(|d| d.to_string()),
        dossier_nummer: t.dossier.as_ref().map(|(n, _)| n.clone()),
        overleg: r.overleg_id.map(|o| o.to_string()),
        versie: r.versie,
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GekoppeldSignaal {
    pub id: String,
    pub nummer: String,
    pub status: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CasusOvergangResource {
    pub naar: String,
    pub motivering: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacytoets: Option<String>,
    pub rollen: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CasusResource {
    /// The case's dossier id (its journal and attachments are under `/signalen/{id}/…`).
    pub id: String,
    pub nummer: String,
    pub gemeente: String,
    pub naam: String,
    pub doel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_van_aanpak: Option<String>,
    /// `aangemaakt`, `plan-van-aanpak`, `in-uitvoering`, `nazorg`, `afgesloten`.
    pub status: String,
    pub regisseur: String,
    pub regisseur_naam: String,
    pub team: Vec<String>,
    pub afdelingen: Vec<String>,
    pub partners: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nazorg_tot: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub afsluitreden: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub afgesloten_op: Option<String>,
    pub aangemaakt_op: String,
    pub signalen: Vec<GekoppeldSignaal>,
    /// Linked signals the caller may not see, by count only.
    pub signalen_afgeschermd: usize,
    pub taken: Vec<TaakResource>,
    /// The steps the protocol allows from the current phase.
    pub overgangen: Vec<CasusOvergangResource>,
    pub protocol_versie: String,
    pub versie: i64,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn resource(c: &Casus) -> CasusResource {
    let r = &c.record;
    CasusResource {
        id: r.dossier_id.to_string(),
        nummer: c.dossier.nummer.clone(),
        gemeente: r.gemeente.as_str().into(),
        naam: r.naam.clone(),
        doel: r.doel.clone(),
        plan_van_aanpak: r.plan_van_aanpak.clone(),
        status: r.status.as_str().into(),
        regisseur: c.dossier.eigenaar.0.to_string(),
        regisseur_naam: c.regisseur.clone(),
        team: c.dossier.team.iter().map(|u| u.0.to_string()).collect(),
        afdelingen: r.afdelingen.clone(),
        partners: r.partners.clone(),
        nazorg_tot: r.nazorg_tot.map(|d| d.to_string()),
        afsluitreden: r.afsluitreden.map(|a| a.as_str().into()),
        afgesloten_op: r.afgesloten_op.map(rfc3339),
        aangemaakt_op: rfc3339(r.aangemaakt_op),
        signalen: c
            .signalen
            .iter()
            .map(|(id, nummer, status)| GekoppeldSignaal {
                id: id.to_string(),
                nummer: nummer.clone(),
                status: status.as_str().into(),
            })
            .collect(),
        signalen_afgeschermd: c.signalen_afgeschermd,
        taken: c.taken.iter().map(taak_resource).collect(),
        overgangen: c
            .overgangen
            .iter()
            .map(|o| CasusOvergangResource {
                naar: o.naar.as_str().into(),
                motivering: o.motivering,
                privacytoets: o.privacytoets.clone(),
                rollen: o.rollen.iter().map(|r| r.as_str().to_string()).collect(),
            })
            .collect(),
        protocol_versie: c.protocol_versie.clone(),
        versie: r.versie,
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CasusRegelResource {
    pub id: String,
    pub nummer: String,
    pub naam: String,
    pub status: String,
    pub regisseur_naam: String,
    pub signalen: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nazorg_tot: Option<String>,
}

#[derive(Deserialize, Default, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct CasussenQuery {
    /// `true`: closed cases too (default only open ones).
    pub ook_afgesloten: Option<String>,
}

/// The cases the caller sees in full (need-to-know), open ones first, newest first.
#[utoipa::path(get, path = "/casussen", operation_id = "casussen", tag = "casussen", security(("apiToken" = [])), params(CasussenQuery),
    responses((status = 200, body = [CasusRegelResource]), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<CasussenQuery>,
) -> Result<Json<Vec<CasusRegelResource>>, Problem> {
    let ook_afgesloten = match q.ook_afgesloten.as_deref().map(str::trim) {
        None | Some("") | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            let mut errors = ValidationErrors::new();
            errors.add_code("ookAfgesloten", "formaat", "Kies true of false.");
            return Err(ServiceError::Invalid(errors).into());
        }
    };
    let lines = state
        .services
        .cases(&caller.actor, ook_afgesloten, "API GET /casussen")
        .await?;
    Ok(Json(
        lines
            .iter()
            .map(|l| CasusRegelResource {
                id: l.record.dossier_id.to_string(),
                nummer: l.nummer.clone(),
                naam: l.record.naam.clone(),
                status: l.record.status.as_str().into(),
                regisseur_naam: l.regisseur.clone(),
                signalen: l.signalen,
                nazorg_tot: l.record.nazorg_tot.map(|d| d.to_string()),
            })
            .collect(),
    ))
}

/// Starts a case from signals with status `naar-casus`: 201 with it. The signals are linked (not
/// copied) and their subjects and objects are linked to the case. 400 names every invalid field
/// (a signal not found, not in `naar-casus`, in another case or another municipality; a director
/// or member who cannot work there).
#[utoipa::path(post, path = "/casussen", operation_id = "casus_starten", tag = "casussen", security(("apiToken" = [])),
    request_body = NieuweCasus,
    responses((status = 201, body = CasusResource, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<NieuweCasus>,
) -> Result<Response, Problem> {
    let mut errors = ValidationErrors::new();
    let signalen: Vec<Uuid> = input
        .signalen
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match Uuid::parse_str(s.trim()) {
            Ok(u) => Some(u),
            Err(_) => {
                errors.add_code(format!("signalen[{i}]"), "formaat", "Geen geldige id.");
                None
            }
        })
        .collect();
    let regisseur = user_id(input.regisseur.as_deref(), "regisseur", &mut errors);
    let team: Vec<UserId> = input
        .team
        .iter()
        .enumerate()
        .filter_map(|(i, s)| user_id(Some(s), &format!("team[{i}]"), &mut errors))
        .collect();
    errors.into_result().map_err(ServiceError::Invalid)?;
    let record = state
        .services
        .start_case(
            &caller.actor,
            &CasusInvoer {
                naam: input.naam,
                doel: input.doel,
                signalen,
                regisseur,
                team,
                afdelingen: input.afdelingen,
                partners: input.partners,
            },
            &caller.ctx,
        )
        .await?;
    let view = state
        .services
        .case(&caller.actor, record.dossier_id, "API POST /casussen")
        .await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/casussen/{}", record.dossier_id),
        )],
        Json(resource(&view)),
    )
        .into_response())
}

/// One case with its linked signals, tasks and the steps the protocol allows next.
#[utoipa::path(get, path = "/casussen/{id}", operation_id = "casus", tag = "casussen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = CasusResource), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CasusResource>, Problem> {
    let view = state
        .services
        .case(&caller.actor, parse_id(&id)?, "API GET /casussen/{id}")
        .await?;
    Ok(Json(resource(&view)))
}

/// Changes the case's own fields (journaled). 400 names every invalid field; 409 on a stale
/// `versie` or a closed case.
#[utoipa::path(patch, path = "/casussen/{id}", operation_id = "casus_wijzigen", tag = "casussen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = CasusWijzigen,
    responses((status = 200, body = CasusResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CasusWijzigen>,
) -> Result<Json<CasusResource>, Problem> {
    let id = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let regisseur = user_id(input.regisseur.as_deref(), "regisseur", &mut errors);
    errors.into_result().map_err(ServiceError::Invalid)?;
    state
        .services
        .update_case(
            &caller.actor,
            id,
            &CasusWijziging {
                naam: input.naam,
                doel: input.doel,
                plan_van_aanpak: input.plan_van_aanpak,
                afdelingen: input.afdelingen,
                partners: input.partners,
                regisseur,
                versie: input.versie,
            },
            &caller.ctx,
        )
        .await?;
    let view = state
        .services
        .case(&caller.actor, id, "API PATCH /casussen/{id}")
        .await?;
    Ok(Json(resource(&view)))
}

/// Moves the case to another phase as the protocol's `[casus]` section allows: 200 with it. 409
/// names the rule when the protocol refuses (privacy check 2A or 2B missing, no motivation, a
/// step the protocol does not allow); 400 names invalid fields (no plan of approach before
/// execution, no closing reason, a monitoring end in the past).
#[utoipa::path(post, path = "/casussen/{id}/status", operation_id = "casus_fase", tag = "casussen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = CasusFaseWijzigen,
    responses((status = 200, body = CasusResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn status(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CasusFaseWijzigen>,
) -> Result<Json<CasusResource>, Problem> {
    let id = parse_id(&id)?;
    state
        .services
        .change_case_status(
            &caller.actor,
            id,
            &CasusStatusInvoer {
                status: input.status,
                motivering: input.motivering,
                afsluitreden: input.afsluitreden,
                nazorg_tot: input.nazorg_tot,
                versie: input.versie,
            },
            &caller.ctx,
        )
        .await?;
    let view = state
        .services
        .case(&caller.actor, id, "API POST /casussen/{id}/status")
        .await?;
    Ok(Json(resource(&view)))
}

/// Links another signal with status `naar-casus` to the case (journaled in both).
#[utoipa::path(post, path = "/casussen/{id}/signalen", operation_id = "casus_signaal_koppelen", tag = "casussen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = SignaalKoppelen,
    responses((status = 200, body = CasusResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn link(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SignaalKoppelen>,
) -> Result<Json<CasusResource>, Problem> {
    let id = parse_id(&id)?;
    let signaal = Uuid::parse_str(input.signaal.trim()).map_err(|_| {
        let mut errors = ValidationErrors::new();
        errors.add_code("signaal", "formaat", "Geen geldige id.");
        ServiceError::Invalid(errors)
    })?;
    state
        .services
        .link_signal_to_case(&caller.actor, id, signaal, &caller.ctx)
        .await?;
    let view = state
        .services
        .case(&caller.actor, id, "API POST /casussen/{id}/signalen")
        .await?;
    Ok(Json(resource(&view)))
}

fn taak_invoer(input: TaakInvoerResource) -> Result<TaakInvoer, ServiceError> {
    let mut errors = ValidationErrors::new();
    let eigenaar = user_id(input.eigenaar.as_deref(), "eigenaar", &mut errors);
    errors.into_result().map_err(ServiceError::Invalid)?;
    Ok(TaakInvoer {
        omschrijving: input.omschrijving,
        eigenaar,
        uiterlijk_op: input.uiterlijk_op,
        status: input.status,
        versie: input.versie,
    })
}

/// A dossier's tasks (signal or case): open ones first by due date.
#[utoipa::path(get, path = "/signalen/{id}/taken", operation_id = "taken_van_dossier", tag = "casussen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [TaakResource]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn dossier_tasks(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<TaakResource>>, Problem> {
    let taken = state
        .services
        .tasks_of(
            &caller.actor,
            parse_id(&id)?,
            "API GET /signalen/{id}/taken",
        )
        .await?;
    Ok(Json(taken.iter().map(taak_resource).collect()))
}

/// Adds a task to a dossier (journaled): 201. The owner must work on the dossier; 400 names
/// every invalid field.
#[utoipa::path(post, path = "/signalen/{id}/taken", operation_id = "taak_toevoegen", tag = "casussen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = TaakInvoerResource,
    responses((status = 201, body = TaakResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn add_task(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TaakInvoerResource>,
) -> Result<Response, Problem> {
    let id = parse_id(&id)?;
    let record = state
        .services
        .add_task(&caller.actor, id, &taak_invoer(input)?, &caller.ctx)
        .await?;
    let taken = state
        .services
        .tasks_of(&caller.actor, id, "API POST /signalen/{id}/taken")
        .await?;
    let taak = taken
        .iter()
        .find(|t| t.record.id == record.id)
        .ok_or(ServiceError::NotFound)?;
    Ok((StatusCode::CREATED, Json(taak_resource(taak))).into_response())
}

/// The caller's open tasks and action items, earliest due date first.
#[utoipa::path(get, path = "/taken", operation_id = "mijn_taken", tag = "casussen", security(("apiToken" = [])),
    responses((status = 200, body = [TaakResource])))]
pub async fn mine(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<Json<Vec<TaakResource>>, Problem> {
    let taken = state
        .services
        .my_tasks(&caller.actor, "API GET /taken")
        .await?;
    Ok(Json(taken.iter().map(taak_resource).collect()))
}

/// Changes a task (journaled in its dossier): 200 with it. 400 names every invalid field; 409 on
/// a stale `versie`.
#[utoipa::path(patch, path = "/taken/{id}", operation_id = "taak_wijzigen", tag = "casussen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = TaakInvoerResource,
    responses((status = 200, body = TaakResource), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn update_task(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TaakInvoerResource>,
) -> Result<Json<TaakResource>, Problem> {
    let id = parse_id(&id)?;
    let record = state
        .services
        .update_task(&caller.actor, id, &taak_invoer(input)?, &caller.ctx)
        .await?;
    let taken = match record.dossier_id {
        Some(d) => {
            state
                .services
                .tasks_of(&caller.actor, d, "API PATCH /taken/{id}")
                .await?
        }
        None => {
            state
                .services
                .my_tasks(&caller.actor, "API PATCH /taken/{id}")
                .await?
        }
    };
    let taak = taken
        .iter()
        .find(|t| t.record.id == id)
        .ok_or(ServiceError::NotFound)?;
    Ok(Json(taak_resource(taak)))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(get, update))
        .routes(utoipa_axum::routes!(status))
        .routes(utoipa_axum::routes!(link))
        .routes(utoipa_axum::routes!(dossier_tasks, add_task))
        .routes(utoipa_axum::routes!(mine))
        .routes(utoipa_axum::routes!(update_task))
}
