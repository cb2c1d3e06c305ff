//! Signal pages: backlog, intake, dossier (journal timeline), entity, search.

mod backlog;
mod bijlagen;
pub(crate) mod dossier;
mod entity;
mod intake;
mod koppelingen;
mod regels;
mod search;
mod team;
mod toegang;
mod triage;
use backlog::*;
use bijlagen::*;
use dossier::*;
use entity::*;
use intake::*;
use search::*;
use team::*;
use triage::*;

use crate::error::PageError;
use baken_core::{DossierRecord, ServiceError};
use baken_domain::UserId;
use baken_domain::dossier::DossierAccess;
use std::collections::BTreeMap;
use uuid::Uuid;

pub(super) fn choices<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    empty: Option<&str>,
) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = empty
        .map(|e| vec![(String::new(), e.to_string())])
        .unwrap_or_default();
    options.extend(
        all.iter()
            .map(|v| (value(*v).to_string(), label(*v).to_string())),
    );
    options
}

pub(super) fn date_nl(date: time::Date) -> String {
    baken_domain::tijd::format_date_nl(date)
}

/// A backlog line as shown.
pub struct Regel {
    pub id: Uuid,
    pub nummer: String,
    /// The municipality's code; pages show its name (`shell.gemeente`).
    pub gemeente: String,
    pub status: &'static str,
    pub ontvangen: String,
    pub bron: &'static str,
    pub fenomenen: String,
    pub toegewezen: String,
    pub volledig: bool,
}

pub(super) fn regel(
    d: &DossierRecord,
    toegang: DossierAccess,
    namen: &BTreeMap<UserId, String>,
) -> Regel {
    Regel {
        id: d.id,
        nummer: d.nummer.clone(),
        gemeente: d.gemeente.to_string(),
        status: d.status.label(),
        ontvangen: date_nl(d.ontvangstdatum),
        bron: if toegang == DossierAccess::Full {
            d.bron.label()
        } else {
            "—"
        },
        fenomenen: d
            .fenomenen
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", "),
        toegewezen: d
            .toegewezen_aan
            .and_then(|u| namen.get(&u).cloned())
            .unwrap_or_else(|| "—".into()),
        volledig: toegang == DossierAccess::Full,
    }
}

pub(crate) fn parse_uuid(id: &str) -> Result<Uuid, PageError> {
    Uuid::parse_str(id).map_err(|_| PageError::Service(ServiceError::NotFound))
}

pub(crate) fn some(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// The signal pages: backlog, intake, search, dossier, journal, team, attachments, entities.
pub(super) fn router(upload_limit: usize) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    // Only the upload route accepts bodies beyond axum's default limit.
    let uploads = axum::Router::new()
        .route("/signalen/{id}/bijlagen", post(upload))
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit));
    axum::Router::new()
        .merge(uploads)
        .route("/signalen/{id}/bijlagen/{bijlage}", get(download))
        .route("/signalen", get(backlog))
        .route("/signalen/triage", get(triage))
        .route("/signalen/{id}/toewijzing", post(assign))
        .route("/signalen/nieuw", get(intake_form).post(intake))
        .route("/signalen/nieuw/elders", post(intake_elsewhere))
        .route("/signalen/zoeken", get(search_form).post(search))
        .route("/signalen/{id}", get(dossier))
        .route("/signalen/{id}/journaal", post(add_entry))
        .route("/signalen/{id}/status", post(change_status))
        .route(
            "/signalen/{id}/toetsaanvragen",
            post(dossier::request_check),
        )
        .route("/signalen/{id}/koppelingen", post(koppelingen::add))
        .route(
            "/signalen/{id}/koppelingen/nieuw",
            get(koppelingen::new_form),
        )
        .route(
            "/signalen/{id}/koppelingen/{entiteit}",
            get(koppelingen::edit_form).post(koppelingen::correct),
        )
        .route(
            "/signalen/{id}/toegangsverzoeken",
            post(toegang::ask_to_join),
        )
        .route(
            "/signalen/{id}/toegangsverzoeken/{verzoek}",
            post(toegang::decide_join),
        )
        .route("/signalen/{id}/team", get(team_form).post(change_team))
        .route("/entiteiten/{id}", get(entity))
}
