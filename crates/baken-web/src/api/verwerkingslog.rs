//! The privacy officer's part of the API: `POST /verwerkingslog/_zoek` searches the processing log,
//! `POST /inzageverzoeken` answers an access request (AVG art. 15). POSTs, because the data subject
//! is named by BSN or KvK number, which must never appear in a URL.

use super::caller::ApiCaller;
use super::problem::Problem;
use super::signalen::ApiJson;
use crate::AppState;
use axum::Json;
use axum::extract::State;
use baken_core::verwerkingslog::{Verwerking, VerwerkingZoekvraag};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// Search criteria; all given criteria must hold.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct VerwerkingZoekverzoek {
    /// The data subject by BSN (turned into the log's pseudonym; never stored).
    pub bsn: Option<String>,
    /// The data subject by KvK number.
    pub kvk_nummer: Option<String>,
    /// A user id: processings in that user's traces.
    pub gebruiker: Option<String>,
    /// A signal id.
    pub dossier: Option<String>,
    /// A processing activity of the register (e.g. `inzage`, `signaalregistratie`).
    pub verwerkingsactiviteit: Option<String>,
    /// First day, YYYY-MM-DD.
    pub vanaf: Option<String>,
    /// Last day, YYYY-MM-DD.
    pub tot: Option<String>,
}

/// Who the access log records for the same trace.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Uitvoerder {
    pub gebruiker: String,
    pub naam: String,
    pub op: String,
    pub context: String,
}

/// A processing of personal data (Logboek Dataverwerkingen), with the users of its trace.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Verwerkingsregel {
    pub trace_id: String,
    pub span_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_span_id: Option<String>,
    pub actie: String,
    pub start: String,
    pub eind: String,
    /// 0 unset, 1 ok, 2 error.
    pub status: i16,
    pub verwerkingsactiviteit: String,
    /// The data subject's pseudonym.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betrokkene: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betrokkene_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dossier: Option<String>,
    pub uitvoerders: Vec<Uitvoerder>,
}

fn regel(v: &Verwerking) -> Verwerkingsregel {
    let r = &v.record;
    Verwerkingsregel {
        trace_id: r.trace_id.clone(),
        span_id: r.span_id.clone(),
        parent_span_id: r.parent_span_id.clone(),
        actie: r.actie.clone(),
        start: r.start_op.to_string(),
        eind: r.eind_op.to_string(),
        status: r.status,
        verwerkingsactiviteit: r.verwerkingsactiviteit.clone(),
        betrokkene: r.betrokkene.clone(),
        betrokkene_type: r.betrokkene_type.clone(),
        dossier: r.dossier_id.map(|d| d.to_string()),
        uitvoerders: v
            .uitvoerders
            .iter()
            .map(|u| Uitvoerder {
                gebruiker: u.gebruiker.to_string(),
                naam: u.naam.clone(),
                op: u.op.to_string(),
                context: u.context.clone(),
            })
            .collect(),
    }
}

/// Searches the processing log (privacy officer). Newest first, at most 500.
#[utoipa::path(post, path = "/verwerkingslog/_zoek", operation_id = "verwerkingslog_zoeken", tag = "privacyprotocol", security(("apiToken" = [])), request_body = VerwerkingZoekverzoek,
    responses((status = 200, body = [Verwerkingsregel]), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(vraag): ApiJson<VerwerkingZoekverzoek>,
) -> Result<Json<Vec<Verwerkingsregel>>, Problem> {
    let found = state
        .services
        .search_processing_log(
            &caller.actor,
            &VerwerkingZoekvraag {
                bsn: vraag.bsn,
                kvk_nummer: vraag.kvk_nummer,
                gebruiker: vraag.gebruiker,
                dossier: vraag.dossier,
                verwerkingsactiviteit: vraag.verwerkingsactiviteit,
                vanaf: vraag.vanaf,
                tot: vraag.tot,
            },
            &caller.ctx,
        )
        .await?;
    Ok(Json(found.iter().map(regel).collect()))
}

/// An access request (AVG art. 15) as received.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Inzageverzoek {
    pub bsn: String,
    /// The day the request was received (YYYY-MM-DD); default today. The deadline is one month later.
    pub ontvangen_op: Option<String>,
}

/// A journal entry that may be disclosed.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InzagePost {
    /// The entry's id (to restrict it under art. 41 UAVG).
    pub id: String,
    pub gebeurd_op: String,
    pub soort: String,
    pub tekst: String,
}

/// A dossier that mentions the person, as far as it may be disclosed.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InzageDossier {
    /// The signal's id.
    pub id: String,
    pub nummer: String,
    pub gemeente: String,
    pub ontvangstdatum: String,
    pub status: String,
    pub fenomenen: Vec<String>,
    pub rol: String,
    pub omschrijving: String,
    pub journaal: Vec<InzagePost>,
    /// Entries withheld (reporter protection, Wet Bibob, police information) or destroyed.
    pub afgeschermd: usize,
    /// Entries withheld under art. 41 UAVG (in an answer).
    pub beperkt: usize,
}

/// The answer to an access request: the registered request with its deadline and what Baken holds.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Inzageantwoord {
    pub verzoek: String,
    pub ontvangen_op: String,
    pub termijn_tot: String,
    #[schema(value_type = Object)]
    pub persoon: Option<serde_json::Value>,
    pub dossiers: Vec<InzageDossier>,
}

/// Registers an access request for a BSN and produces the answer (privacy officer only). Never
/// includes reporters, other persons or objects, or entries of protected classes.
#[utoipa::path(post, path = "/inzageverzoeken", operation_id = "inzageverzoek_beantwoorden", tag = "privacyprotocol", security(("apiToken" = [])),
    request_body = Inzageverzoek,
    responses((status = 200, body = Inzageantwoord), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn access_request(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(verzoek): ApiJson<Inzageverzoek>,
) -> Result<Json<Inzageantwoord>, Problem> {
    let answer = state
        .services
        .answer_access_request(
            &caller.actor,
            &verzoek.bsn,
            verzoek.ontvangen_op.as_deref(),
            &caller.ctx,
        )
        .await?;
    Ok(Json(Inzageantwoord {
        verzoek: answer.verzoek.id.to_string(),
        ontvangen_op: answer.verzoek.ontvangen_op.to_string(),
        termijn_tot: answer.verzoek.termijn_tot.to_string(),
        persoon: answer
            .persoon
            .as_ref()
            .map(|p| serde_json::to_value(&p.entiteit).expect("serialises")),
        dossiers: answer.dossiers.into_iter().map(inzage_dossier).collect(),
    }))
}

/// A dossier of an answer as the API shows it.
pub(crate) fn inzage_dossier(d: baken_core::verzoeken::InzageDossier) -> InzageDossier {
    InzageDossier {
        id: d.dossier_id.to_string(),
        nummer: d.nummer,
        gemeente: d.gemeente.to_string(),
        ontvangstdatum: d.ontvangstdatum.to_string(),
        status: d.status.as_str().into(),
        fenomenen: d.fenomenen.iter().map(|f| f.as_str().to_string()).collect(),
        rol: d.rol.as_str().into(),
        omschrijving: d.omschrijving,
        journaal: d
            .journaal
            .into_iter()
            .map(|p| InzagePost {
                id: p.id.to_string(),
                gebeurd_op: p.gebeurd_op.to_string(),
                soort: p.soort.as_str().into(),
                tekst: p.tekst,
            })
            .collect(),
        afgeschermd: d.afgeschermd,
        beperkt: d.beperkt,
    }
}

/// The period of the anomaly report (dates only; no personal data in the URL).
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct Periode {
    /// First day (YYYY-MM-DD); default 30 days ago.
    pub vanaf: Option<String>,
    /// Last day (YYYY-MM-DD); default today.
    pub tot: Option<String>,
}

/// A user the anomaly report flags.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Afwijking {
    pub gebruiker: String,
    pub naam: String,
    /// `buiten-toewijzing`, `bulkinzage`, `buiten-werktijd`, `zoeken-zonder-dossier`.
    pub soort: String,
    pub omschrijving: String,
    pub aantal: usize,
}

/// The anomaly report over a period (privacy officer).
#[utoipa::path(get, path = "/verwerkingslog/afwijkingen", operation_id = "afwijkingen", tag = "privacyprotocol", security(("apiToken" = [])),
    params(Periode),
    responses((status = 200, body = [Afwijking]), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn anomalies(
    State(state): State<AppState>,
    caller: ApiCaller,
    axum::extract::Query(periode): axum::extract::Query<Periode>,
) -> Result<Json<Vec<Afwijking>>, Problem> {
    use baken_core::verwerkingslog::Afwijking as Soort;
    let found = state
        .services
        .anomaly_report(
            &caller.actor,
            periode.vanaf.as_deref(),
            periode.tot.as_deref(),
            &caller.ctx,
        )
        .await?;
    Ok(Json(
        found
            .into_iter()
            .map(|b| Afwijking {
                gebruiker: b.gebruiker.to_string(),
                naam: b.naam,
                soort: match b.afwijking {
                    Soort::BuitenToewijzing => "buiten-toewijzing",
                    Soort::Bulkinzage => "bulkinzage",
                    Soort::BuitenWerktijd => "buiten-werktijd",
                    Soort::ZoekenZonderDossier => "zoeken-zonder-dossier",
                }
                .into(),
                omschrijving: b.afwijking.label().into(),
                aantal: b.aantal,
            })
            .collect(),
    ))
}

/// The processing log, access requests, the anomaly report. Each route is registered with its OpenAPI operation.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(access_request))
        .routes(utoipa_axum::routes!(anomalies))
        .routes(utoipa_axum::routes!(search))
}
