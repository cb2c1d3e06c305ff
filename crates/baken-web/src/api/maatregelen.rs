//! `/maatregelen` (interventions under the municipality's catalogue of instruments, their procedure
//! steps and legal deadlines), `/signalen/{id}/maatregelen` (a dossier's interventions) and
//! `/termijnen` (the open deadlines of a person or, for a coordinator, the team).

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_core::maatregelen::{
    Maatregel, MaatregelInput, StapInput, TERMIJNEN_MAX_PAGINA, TERMIJNEN_PER_PAGINA, TermijnRegel,
    TermijnenVraag,
};
use baken_domain::ValidationErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

fn parse_ids(ids: &[String], field: &str, errors: &mut ValidationErrors) -> Vec<Uuid> {
    ids.iter()
        .enumerate()
        .filter_map(|(i, s)| match Uuid::parse_str(s.trim()) {
            Ok(u) => Some(u),
            Err(_) => {
                errors.add_code(format!("{field}[{i}]"), "formaat", "Geen geldige id.");
                None
            }
        })
        .collect()
}

/// An optional id field: absent or empty is none; anything else must be an id.
fn optional_id(value: Option<&str>, field: &str, errors: &mut ValidationErrors) -> Option<Uuid> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    match Uuid::parse_str(v) {
        Ok(u) => Some(u),
        Err(_) => {
            errors.add_code(field, "formaat", "Geen geldige id.");
            None
        }
    }
}

/// A proposed intervention.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuweMaatregel {
    /// The instrument's code in the catalogue (`GET /maatregelen/catalogus`), e.g.
    /// `opiumwet-13b-sluiting` or `gemeentewet-174a-sluiting`.
    pub instrument: String,
    /// The ground, where the instrument asks one (174a: `a`, `b` or `c`).
    pub grond: Option<String>,
    /// Urgent use without intent and view, where the instrument allows it.
    pub spoed: bool,
    /// Why it is urgent; required with `spoed`.
    #[schema(max_length = 4000)]
    pub spoed_motivering: Option<String>,
    /// ISO 8601 duration of a closure (`P3M`); required where the decision sets one.
    pub duur: Option<String>,
    /// Ids of the dossier's subjects the decision is addressed to.
    pub adressaten: Vec<String>,
    /// Id of the dossier's object (the premises).
    pub object: Option<String>,
    /// Suitable, necessary, proportionate.
    #[schema(max_length = 4000)]
    pub motivering: Option<String>,
}

/// A procedure step as recorded.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuweStap {
    /// The step's code (`voornemen`, `zienswijze`, `besluit`, `bekendmaking`, `uitvoering`,
    /// `ingang`, `bezwaar`, `beslissing-op-bezwaar`, …; see the instrument's `stappen`).
    pub stap: String,
    /// The day it happened (ISO 8601 date).
    pub datum: String,
    /// ISO 8601 duration of a closure's start or extension.
    pub duur: Option<String>,
    #[schema(max_length = 4000)]
    pub toelichting: Option<String>,
    /// The court decision's ECLI (`uitspraak-beroep`, `uitspraak-hoger-beroep`).
    pub ecli: Option<String>,
    /// Id of an attachment of the dossier (the letter).
    pub bijlage: Option<String>,
    /// The degree of danger a Bibob conclusion names (`geen`, `mindere-mate`, `ernstig`):
    /// required for `bibob-advies` and `bibob-melding`, optional for `eigen-onderzoek`, refused
    /// on other steps.
    pub gevaar: Option<String>,
    /// The ground of that danger (`a`, `b`, `a-en-b`): required with danger, refused without.
    pub bibob_grond: Option<String>,
    /// The amount in euros (`2500.50` or `2.500,50`) of `verbeurte`, `invordering` or
    /// `kostenverhaal` (required there, refused on other steps).
    pub bedrag: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StapResource {
    pub id: String,
    pub stap: String,
    pub naam: String,
    pub datum: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duur: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toelichting: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecli: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bijlage: Option<String>,
    /// A Bibob conclusion: `geen`, `mindere-mate` or `ernstig`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gevaar: Option<String>,
    /// Its ground: `a`, `b` or `a-en-b`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bibob_grond: Option<String>,
    /// An amount in euros with two decimals (`2500.50`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bedrag: Option<String>,
    pub geregistreerd_op: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TermijnResource {
    /// `zienswijzetermijn`, `begunstigingstermijn`, `bezwaartermijn`, `beslistermijn-bezwaar`,
    /// `beroepstermijn`, `hoger-beroepstermijn`, `bibob-adviestermijn`, `einde-sluiting`.
    pub soort: String,
    pub omschrijving: String,
    /// `gemeente` or `betrokkene`: who has to act.
    pub aan: String,
    pub aanvang: String,
    /// The plain last day, before the Algemene termijnenwet.
    pub gewone_einddatum: String,
    /// The last day that counts.
    pub einddatum: String,
    pub voldaan: bool,
    /// How the last day was reached, in Dutch.
    pub toelichting: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MaatregelResource {
    pub id: String,
    pub nummer: String,
    pub signaal: String,
    pub signaal_nummer: String,
    pub instrument: String,
    pub instrument_naam: String,
    pub grondslag: String,
    /// `burgemeester` or `college`.
    pub bevoegd: String,
    pub catalogus_versie: String,
    pub beleidsregel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grond: Option<String>,
    pub spoed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spoed_motivering: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duur: Option<String>,
    pub adressaten: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
    /// `lopend`, `afgerond` or `ingetrokken`.
    pub status: String,
    pub verantwoordelijke: String,
    pub stappen: Vec<StapResource>,
    /// The procedure's steps still to come, in order.
    pub volgende_stappen: Vec<String>,
    /// Steps left out by urgent use.
    pub overgeslagen_stappen: Vec<String>,
    pub termijnen: Vec<TermijnResource>,
    pub versie: i64,
}

fn resource(m: &Maatregel) -> MaatregelResource {
    let r = &m.record;
    MaatregelResource {
        id: r.id.to_string(),
        nummer: r.nummer.clone(),
        signaal: r.dossier_id.to_string(),
        signaal_nummer: m.dossier_nummer.clone(),
        instrument: r.instrument.clone(),
        instrument_naam: m.instrument.naam.clone(),
        grondslag: m.instrument.grondslag.clone(),
        bevoegd: r.bevoegd.clone(),
        catalogus_versie: r.catalogus_versie.clone(),
        beleidsregel: r.beleidsregel.clone(),
        grond: r.grond.clone(),
        spoed: r.spoed,
        spoed_motivering: r.spoed_motivering.clone(),
        duur: r.duur.clone(),
        adressaten: r.adressaten.iter().map(Uuid::to_string).collect(),
        object: r.object_id.map(|o| o.to_string()),
        motivering: r.motivering.clone(),
        status: r.status.clone(),
        verantwoordelijke: r.verantwoordelijke.0.to_string(),
        stappen: m
            .stappen
            .iter()
            .map(|s| StapResource {
                id: s.id.to_string(),
                naam: baken_domain::maatregelen::Stap::parse(&s.stap)
                    .map(|x| x.label().to_string())
                    .unwrap_or_else(|_| s.stap.clone()),
                stap: s.stap.clone(),
                datum: s.datum.to_string(),
                duur: s.duur.clone(),
                toelichting: s.toelichting.clone(),
                ecli: s.ecli.clone(),
                bijlage: s.bijlage_id.map(|b| b.to_string()),
                gevaar: s.gevaar.clone(),
                bibob_grond: s.bibob_grond.clone(),
                bedrag: s
                    .bedrag_cent
                    .map(baken_domain::maatregelen::uitkomst::bedrag_decimaal),
                geregistreerd_op: s.geregistreerd_op.to_string(),
            })
            .collect(),
        volgende_stappen: m.volgende.iter().map(|s| s.as_str().to_string()).collect(),
        overgeslagen_stappen: m
            .overgeslagen
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        termijnen: m
            .termijnen
            .iter()
            .map(|d| TermijnResource {
                soort: d.soort.to_string(),
                omschrijving: d.omschrijving.clone(),
                aan: match d.aan {
                    baken_domain::maatregelen::tijdlijn::Aan::Gemeente => "gemeente",
                    baken_domain::maatregelen::tijdlijn::Aan::Betrokkene => "betrokkene",
                }
                .into(),
                aanvang: d.termijn.aanvang.to_string(),
                gewone_einddatum: d.termijn.gewone_einddatum.to_string(),
                einddatum: d.termijn.einddatum.to_string(),
                voldaan: d.voldaan,
                toelichting: d.termijn.toelichting.clone(),
            })
            .collect(),
        versie: r.versie,
    }
}

/// A signal's interventions, oldest first.
#[utoipa::path(get, path = "/signalen/{id}/maatregelen", operation_id = "maatregelen_van_signaal", tag = "maatregelen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [MaatregelResource]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<MaatregelResource>>, Problem> {
    let found = state
        .services
        .interventions_of(
            &caller.actor,
            parse_id(&id)?,
            "API GET /signalen/{id}/maatregelen",
        )
        .await?;
    Ok(Json(found.iter().map(resource).collect()))
}

/// Proposes an intervention on a signal's dossier under the catalogue: 201 with it. 400 names every
/// invalid field (a 174a closure without `grond`; `spoed` without `spoedMotivering`; a closure
/// without `duur`); 409 on a closed dossier.
#[utoipa::path(post, path = "/signalen/{id}/maatregelen", operation_id = "maatregel_voorstellen", tag = "maatregelen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = NieuweMaatregel,
    responses((status = 201, body = MaatregelResource, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NieuweMaatregel>,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let adressaten = parse_ids(&input.adressaten, "adressaten", &mut errors);
    let object_id = optional_id(input.object.as_deref(), "object", &mut errors);
    errors.into_result().map_err(ServiceError::Invalid)?;
    let record = state
        .services
        .propose_intervention(
            &caller.actor,
            dossier,
            &MaatregelInput {
                instrument: input.instrument,
                grond: input.grond,
                spoed: input.spoed,
                spoed_motivering: input.spoed_motivering,
                duur: input.duur,
                adressaten,
                object_id,
                motivering: input.motivering,
            },
            &caller.ctx,
        )
        .await?;
    let view = state
        .services
        .intervention(
            &caller.actor,
            record.id,
            "API POST /signalen/{id}/maatregelen",
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/maatregelen/{}", record.id),
        )],
        Json(resource(&view)),
    )
        .into_response())
}

/// One intervention with its steps, the steps still to come and its computed deadlines.
#[utoipa::path(get, path = "/maatregelen/{id}", operation_id = "maatregel", tag = "maatregelen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = MaatregelResource), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<MaatregelResource>, Problem> {
    let view = state
        .services
        .intervention(&caller.actor, parse_id(&id)?, "API GET /maatregelen/{id}")
        .await?;
    Ok(Json(resource(&view)))
}

/// Records a procedure step (journaled in the dossier); the deadlines are recomputed. 400 names
/// every invalid field (a step the procedure does not have or skipped, out of order, a date in
/// the future or before the step it follows, an invalid ECLI, a Bibob conclusion without its
/// danger or ground, a penalty without its amount); 409 when finished.
#[utoipa::path(post, path = "/maatregelen/{id}/stappen", operation_id = "maatregel_stap", tag = "maatregelen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = NieuweStap,
    responses((status = 201, body = MaatregelResource, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn step(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NieuweStap>,
) -> Result<Response, Problem> {
    let id = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let bijlage_id = optional_id(input.bijlage.as_deref(), "bijlage", &mut errors);
    errors.into_result().map_err(ServiceError::Invalid)?;
    let view = state
        .services
        .record_step(
            &caller.actor,
            id,
            &StapInput {
                stap: input.stap,
                datum: input.datum,
                duur: input.duur,
                toelichting: input.toelichting,
                ecli: input.ecli,
                bijlage_id,
                gevaar: input.gevaar,
                bibob_grond: input.bibob_grond,
                bedrag: input.bedrag,
            },
            &caller.ctx,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/maatregelen/{id}"))],
        Json(resource(&view)),
    )
        .into_response())
}

/// Which letter to draft.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NieuweBrief {
    /// `voornemen` (the intent, with the invitation to give a view) or `besluit` (the decision,
    /// with the grace period and the notice of objection).
    pub soort: String,
}

/// A drafted letter: an attachment of the signal (PDF).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BriefResource {
    pub bijlage: String,
    pub signaal: String,
}

/// Drafts the intent or decision letter from the intervention's facts, legal basis and motivation
/// (PDF, stored as an attachment of the signal and journaled): 201 with the attachment. 409 when
/// the procedure has no such letter (a warning, or an intent skipped by urgent use).
#[utoipa::path(post, path = "/maatregelen/{id}/brieven", operation_id = "maatregel_brief", tag = "maatregelen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = NieuweBrief,
    responses((status = 201, body = BriefResource, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn letter(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NieuweBrief>,
) -> Result<Response, Problem> {
    let id = parse_id(&id)?;
    let brief = baken_core::maatregelen::Brief::parse(&input.soort).map_err(|e| {
        let mut errors = ValidationErrors::new();
        errors.add_code(
            "soort",
            if input.soort.trim().is_empty() {
                "verplicht"
            } else {
                "onbekend"
            },
            e,
        );
        ServiceError::Invalid(errors)
    })?;
    let bijlage = state
        .services
        .intervention_letter(&caller.actor, id, brief, &caller.ctx)
        .await?;
    let m = state
        .services
        .intervention(&caller.actor, id, "API POST /maatregelen/{id}/brieven")
        .await?;
    let dossier = m.record.dossier_id;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/signalen/{dossier}/bijlagen/{bijlage}"),
        )],
        Json(BriefResource {
            bijlage: bijlage.to_string(),
            signaal: dossier.to_string(),
        }),
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstrumentResource {
    pub code: String,
    pub naam: String,
    pub grondslag: String,
    pub bevoegd: String,
    pub stappen: Vec<String>,
    pub bezwaar: bool,
    pub duur_verplicht: bool,
    /// The grounds one of which must be named (174a: a, b, c).
    pub gronden: Vec<String>,
    /// Whether urgent use without intent is allowed, and which steps it skips.
    pub spoed_slaat_over: Vec<String>,
    pub klasse: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogusResource {
    pub naam: String,
    pub versie: String,
    pub beleidsregel: String,
    pub vastgesteld_op: String,
    pub instrumenten: Vec<InstrumentResource>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CatalogusQuery {
    pub gemeente: Option<String>,
}

/// The catalogue of instruments in force for one of the caller's municipalities.
#[utoipa::path(get, path = "/maatregelen/catalogus", operation_id = "maatregelen_catalogus", tag = "maatregelen", security(("apiToken" = [])),
    params(("gemeente" = Option<String>, Query, description = "CBS-code; standaard de eerste gemeente van de gebruiker")),
    responses((status = 200, body = CatalogusResource), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn catalogue(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<CatalogusQuery>,
) -> Result<Json<CatalogusResource>, Problem> {
    let gemeente = match query
        .gemeente
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        None => caller
            .actor
            .gemeenten
            .first()
            .cloned()
            .ok_or(ServiceError::Forbidden)?,
        Some(g) => {
            let code = baken_domain::GemeenteCode::parse(g).map_err(|e| {
                let mut errors = ValidationErrors::new();
                errors.add_code("gemeente", "formaat", e);
                ServiceError::Invalid(errors)
            })?;
            if !caller.actor.gemeenten.contains(&code) {
                return Err(ServiceError::NotFound.into());
            }
            code
        }
    };
    let c = state
        .services
        .catalogue_view(&caller.actor, Some(&gemeente))
        .await?
        .catalogus;
    Ok(Json(CatalogusResource {
        naam: c.document.catalogus.naam.clone(),
        versie: c.versie().to_string(),
        beleidsregel: c.beleidsregel().to_string(),
        vastgesteld_op: c.vastgesteld_op.to_string(),
        instrumenten: c
            .instrumenten()
            .iter()
            .map(|i| InstrumentResource {
                code: i.code.clone(),
                naam: i.naam.clone(),
                grondslag: i.grondslag.clone(),
                bevoegd: i.bevoegd.as_str().into(),
                stappen: i.stappen.iter().map(|s| s.as_str().to_string()).collect(),
                bezwaar: i.bezwaar,
                duur_verplicht: i.duur_verplicht,
                gronden: i.gronden.iter().map(|g| g.code.clone()).collect(),
                spoed_slaat_over: i
                    .spoed
                    .as_ref()
                    .map(|s| {
                        s.slaat_over
                            .iter()
                            .map(|x| x.as_str().to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                klasse: i.klasse.as_str().into(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TermijnenQuery {
    pub team: Option<String>,
    pub weken: Option<String>,
    pub na: Option<String>,
    pub limiet: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpenTermijn {
    pub id: String,
    pub soort: String,
    pub omschrijving: String,
    pub aan: String,
    pub einddatum: String,
    pub signaal: String,
    pub signaal_nummer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maatregel: Option<String>,
    pub verantwoordelijke: String,
    pub verantwoordelijke_naam: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TermijnenOverzicht {
    pub vandaag: String,
    pub verlopen: Vec<OpenTermijn>,
    pub deze_week: Vec<OpenTermijn>,
    pub later: Vec<OpenTermijn>,
    /// More open deadlines than this page lists.
    pub afgekapt: bool,
    /// The cursor of the next page (give it as `na`); absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volgende: Option<String>,
}

fn open_termijn(r: &TermijnRegel) -> OpenTermijn {
    OpenTermijn {
        id: r.termijn.id.to_string(),
        soort: r.termijn.soort.clone(),
        omschrijving: r.termijn.omschrijving.clone(),
        aan: r.termijn.aan.clone(),
        einddatum: r.termijn.einddatum.to_string(),
        signaal: r.termijn.dossier_id.to_string(),
        signaal_nummer: r.dossier_nummer.clone(),
        maatregel: r.termijn.maatregel_id.map(|m| m.to_string()),
        verantwoordelijke: r.termijn.verantwoordelijke.0.to_string(),
        verantwoordelijke_naam: r.verantwoordelijke.clone(),
    }
}

/// Parses `team`, `weken`, `na` and `limiet` of the deadline overview; every invalid value is
/// named (the cursor and limit are checked by the service).
pub(crate) fn parse_overview_query(q: &TermijnenQuery) -> Result<TermijnenVraag, ServiceError> {
    let mut errors = ValidationErrors::new();
    let team = match q.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None | Some("false") | Some("nee") => false,
        Some("true") | Some("ja") => true,
        Some(_) => {
            errors.add_code("team", "formaat", "Kies true of false.");
            false
        }
    };
    let weken = match q.weken.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        None => 8,
        Some(w) => match w.parse::<u16>() {
            Ok(n) if (1..=104).contains(&n) => n,
            _ => {
                errors.add_code(
                    "weken",
                    "formaat",
                    "Kies een aantal weken van 1 tot en met 104.",
                );
                8
            }
        },
    };
    let limiet = match q.limiet.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        None => TERMIJNEN_PER_PAGINA,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=TERMIJNEN_MAX_PAGINA).contains(&n) => n,
            _ => {
                errors.add_code(
                    "limiet",
                    "formaat",
                    format!("Kies een limiet van 1 tot en met {TERMIJNEN_MAX_PAGINA}."),
                );
                TERMIJNEN_PER_PAGINA
            }
        },
    };
    errors.into_result().map_err(ServiceError::Invalid)?;
    Ok(TermijnenVraag {
        team,
        weken,
        na: q.na.clone(),
        limiet,
    })
}

/// Open deadlines, overdue first: the caller's own, or with `team=true` the whole team's in the
/// caller's municipalities (coordinators; others 403).
#[utoipa::path(get, path = "/termijnen", operation_id = "termijnen_overzicht", tag = "maatregelen", security(("apiToken" = [])),
    params(("team" = Option<bool>, Query, description = "Het hele team (alleen coördinatoren)"),
        ("weken" = Option<i64>, Query, minimum = 1, maximum = 104, description = "Hoe ver vooruit (standaard 8 weken)"),
        ("na" = Option<String>, Query, description = "Vervolgpagina: de `volgende` van de vorige pagina"),
        ("limiet" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Termijnen per pagina (standaard 100)")),
    responses((status = 200, body = TermijnenOverzicht), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn overview(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<TermijnenQuery>,
) -> Result<Json<TermijnenOverzicht>, Problem> {
    let vraag = parse_overview_query(&query)?;
    let o = state
        .services
        .deadline_overview(&caller.actor, &vraag, "API GET /termijnen")
        .await?;
    Ok(Json(TermijnenOverzicht {
        vandaag: o.vandaag.map(|d| d.to_string()).unwrap_or_default(),
        verlopen: o.verlopen.iter().map(open_termijn).collect(),
        deze_week: o.deze_week.iter().map(open_termijn).collect(),
        later: o.later.iter().map(open_termijn).collect(),
        afgekapt: o.volgende.is_some(),
        volgende: o.volgende,
    }))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(catalogue))
        .routes(utoipa_axum::routes!(get))
        .routes(utoipa_axum::routes!(step))
        .routes(utoipa_axum::routes!(letter))
        .routes(utoipa_axum::routes!(overview))
}
