//! `/privacy/verwerkingslog`: the privacy officer searches the processing log (a POST: a BSN never
//! appears in a URL).

use super::form::FormState;
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::{Shell, format_instant};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_core::verwerkingslog::VerwerkingZoekvraag;
use baken_domain::Permission;
use serde::Deserialize;

pub struct Regel {
    moment: String,
    actie: String,
    activiteit: String,
    dossier: Option<String>,
    door: String,
    trace: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "verwerkingslog.html")]
pub struct LogPage {
    shell: Shell,
    form: FormState,
    medewerkers: Vec<(String, String)>,
    activiteiten: Vec<(String, String)>,
    gezocht: bool,
    regels: Vec<Regel>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LogForm {
    bsn: String,
    kvk_nummer: String,
    gebruiker: String,
    verwerkingsactiviteit: String,
    vanaf: String,
    tot: String,
}

async fn page(state: &AppState, user: &SignedIn, form: FormState) -> Result<LogPage, PageError> {
    let actor = &user.view.actor;
    if !actor.may(Permission::ReadProcessingLog) {
        return Err(PageError::Service(ServiceError::Forbidden));
    }
    let mut medewerkers = vec![(String::new(), "Iedereen".to_string())];
    for gemeente in &actor.gemeenten {
        for (id, naam) in state.services.assignable_users(actor, gemeente).await? {
            if !medewerkers.iter().any(|(i, _)| *i == id.to_string()) {
                medewerkers.push((id.to_string(), naam));
            }
        }
    }
    let protocol = state.services.protocol_of(actor, None).await?;
    let activiteiten = std::iter::once((String::new(), "Alle".to_string()))
        .chain(
            protocol
                .protocol
                .document
                .verwerkingen
                .iter()
                .map(|v| (v.code.clone(), v.naam.clone())),
        )
        .collect();
    Ok(LogPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            "Verwerkingslog",
            "/privacy/verwerkingslog",
        )
        .await,
        form,
        medewerkers,
        activiteiten,
        gezocht: false,
        regels: vec![],
    })
}

pub async fn form(State(state): State<AppState>, user: SignedIn) -> Result<LogPage, PageError> {
    page(&state, &user, FormState::default()).await
}

pub async fn search(
    State(state): State<AppState>,
    user: SignedIn,
    Form(input): Form<LogForm>,
) -> Result<Response, PageError> {
    let mut form = FormState::default();
    for (name, value) in [
        ("bsn", &input.bsn),
        ("kvk_nummer", &input.kvk_nummer),
        ("gebruiker", &input.gebruiker),
        ("verwerkingsactiviteit", &input.verwerkingsactiviteit),
        ("vanaf", &input.vanaf),
        ("tot", &input.tot),
    ] {
        form.values.insert(name.into(), value.clone());
    }
    let vraag = VerwerkingZoekvraag {
        bsn: Some(input.bsn.clone()),
        kvk_nummer: Some(input.kvk_nummer.clone()),
        gebruiker: Some(input.gebruiker.clone()),
        dossier: None,
        verwerkingsactiviteit: Some(input.verwerkingsactiviteit.clone()),
        vanaf: Some(input.vanaf.clone()),
        tot: Some(input.tot.clone()),
    };
    match state
        .services
        .search_processing_log(&user.view.actor, &vraag, &user.ctx)
        .await
    {
        Ok(found) => {
            let mut result = page(&state, &user, form).await?;
            result.gezocht = true;
            let activiteit = |code: &str| {
                result
                    .activiteiten
                    .iter()
                    .find(|(c, _)| c == code)
                    .map_or_else(|| code.to_string(), |(_, naam)| naam.clone())
            };
            let regels = found
                .iter()
                .map(|v| Regel {
                    moment: format_instant(&v.record.start_op),
                    actie: baken_domain::verwerking::handeling(&v.record.actie),
                    activiteit: activiteit(&v.record.verwerkingsactiviteit),
                    dossier: v.record.dossier_id.map(|d| d.to_string()),
                    door: door(v),
                    trace: v.record.trace_id.chars().take(8).collect(),
                })
                .collect();
            result.regels = regels;
            Ok(result.into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut errors_form = form;
            for e in errors.iter() {
                let name = if e.name == "kvkNummer" {
                    "kvk_nummer".to_string()
                } else {
                    e.name.clone()
                };
                errors_form.errors.add_code(name, e.code, e.reason.clone());
            }
            let result = page(&state, &user, errors_form).await?;
            Ok((StatusCode::BAD_REQUEST, result).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Who did it, by name (each once); Baken itself for what the retention rules do.
fn door(v: &baken_core::verwerkingslog::Verwerking) -> String {
    let mut namen: Vec<&str> = Vec::new();
    for u in &v.uitvoerders {
        if !namen.contains(&u.naam.as_str()) {
            namen.push(&u.naam);
        }
    }
    if namen.is_empty() {
        let automatic = [
            "signaal.vernietigen",
            "signaal.anonimiseren",
            "signaal.archiveren",
            "verzoek.verwijderen",
        ];
        return if automatic.contains(&v.record.actie.as_str()) {
            "Baken (bewaartermijn)".into()
        } else {
            "onbekend".into()
        };
    }
    namen.join(", ")
}

#[derive(Template, WebTemplate)]
#[template(path = "afwijkingen.html")]
pub struct AnomalyPage {
    shell: Shell,
    form: FormState,
    bevindingen: Vec<(String, &'static str, usize)>,
    drempel_toewijzing: usize,
    drempel_bulk: usize,
    venster: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Periode {
    vanaf: String,
    tot: String,
}

/// `/privacy/afwijkingen`: the anomaly report (dates in the URL are no personal data).
pub async fn anomalies(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Query(periode): axum::extract::Query<Periode>,
) -> Result<Response, PageError> {
    use baken_core::verwerkingslog::{
        BULK_VENSTER_MINUTEN, DREMPEL_BUITEN_TOEWIJZING, DREMPEL_BULK,
    };
    let mut form = FormState::default();
    form.values.insert("vanaf".into(), periode.vanaf.clone());
    form.values.insert("tot".into(), periode.tot.clone());
    let result = state
        .services
        .anomaly_report(
            &user.view.actor,
            Some(&periode.vanaf),
            Some(&periode.tot),
            &user.ctx,
        )
        .await;
    let (status, bevindingen) = match result {
        Ok(found) => (
            StatusCode::OK,
            found
                .into_iter()
                .map(|b| (b.naam, b.afwijking.label(), b.aantal))
                .collect(),
        ),
        Err(ServiceError::Invalid(errors)) => {
            form.errors = errors;
            (StatusCode::BAD_REQUEST, vec![])
        }
        Err(other) => return Err(other.into()),
    };
    let page = AnomalyPage {
        shell: Shell::signed_in(
            &state,
            &user.view,
            "Afwijkingenrapport",
            "/privacy/verwerkingslog",
        )
        .await,
        form,
        bevindingen,
        drempel_toewijzing: DREMPEL_BUITEN_TOEWIJZING,
        drempel_bulk: DREMPEL_BULK,
        venster: BULK_VENSTER_MINUTEN,
    };
    Ok((status, page).into_response())
}

pub struct Batch {
    id: uuid::Uuid,
    op: String,
    regels: Vec<(String, String, String, String, String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "vernietigingen.html")]
pub struct DestructionPage {
    shell: Shell,
    batches: Vec<Batch>,
}

/// `/privacy/vernietigingen`: the destruction statements, per batch (privacy officer).
pub async fn destructions(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<DestructionPage, PageError> {
    let records = state
        .services
        .destruction_records(&baken_core::Caller::User(user.view.actor.clone()), None)
        .await?;
    let mut batches: Vec<Batch> = Vec::new();
    for r in records {
        let row = (
            r.nummer.clone(),
            r.gemeente.to_string(),
            baken_domain::signaal::SignaalStatus::parse(&r.uitkomst)
                .map_or(r.uitkomst.clone(), |s| s.label().to_string()),
            baken_domain::tijd::format_date_nl(baken_domain::tijd::today_nl(r.afgesloten_op)),
            r.regel.clone(),
            r.actie.clone(),
        );
        match batches.iter_mut().find(|b| b.id == r.batch_id) {
            Some(batch) => batch.regels.push(row),
            None => batches.push(Batch {
                id: r.batch_id,
                op: format_instant(&r.uitgevoerd_op),
                regels: vec![row],
            }),
        }
    }
    Ok(DestructionPage {
        shell: Shell::signed_in(
            &state,
            &user.view,
            "Verklaringen van vernietiging",
            "/privacy/verwerkingslog",
        )
        .await,
        batches,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BatchQuery {
    batch: String,
}

/// One batch's destruction statement as PDF (for the archive).
pub async fn destruction_pdf(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Query(query): axum::extract::Query<BatchQuery>,
) -> Result<Response, PageError> {
    let batch = uuid::Uuid::parse_str(query.batch.trim())
        .map_err(|_| PageError::Service(ServiceError::NotFound))?;
    let pdf = state
        .services
        .destruction_statement_pdf(&user.view.actor, batch)
        .await?;
    Ok(crate::api::pdf_response(
        pdf,
        &format!("verklaring-van-vernietiging-{batch}.pdf"),
    ))
}

/// One batch's destruction statement as CSV (for the archive).
pub async fn destruction_csv(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Query(query): axum::extract::Query<BatchQuery>,
) -> Result<Response, PageError> {
    let batch = uuid::Uuid::parse_str(query.batch.trim())
        .map_err(|_| PageError::Service(ServiceError::NotFound))?;
    let records = state
        .services
        .destruction_records(
            &baken_core::Caller::User(user.view.actor.clone()),
            Some(batch),
        )
        .await?;
    if records.is_empty() {
        return Err(PageError::Service(ServiceError::NotFound));
    }
    let quote = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    let mut csv = String::from(
        "batch,nummer,gemeente,soort,uitkomst,afgesloten_op,regel,actie,uitgevoerd_op,uitgevoerd_door\n",
    );
    for r in records {
        let fields = [
            r.batch_id.to_string(),
            r.nummer,
            r.gemeente.to_string(),
            r.soort,
            r.uitkomst,
            r.afgesloten_op.date().to_string(),
            r.regel,
            r.actie,
            r.uitgevoerd_op.to_string(),
            r.uitgevoerd_door,
        ];
        csv.push_str(
            &fields
                .iter()
                .map(|f| quote(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
    }
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"verklaring-van-vernietiging-{batch}.csv\""),
            ),
        ],
        csv,
    )
        .into_response())
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/privacy/afwijkingen", get(anomalies))
        .route("/privacy/vernietigingen", get(destructions))
        .route("/privacy/vernietigingen.pdf", get(destruction_pdf))
        .route("/privacy/vernietigingen.csv", get(destruction_csv))
        .route("/privacy/verwerkingslog", get(form).post(search))
}
