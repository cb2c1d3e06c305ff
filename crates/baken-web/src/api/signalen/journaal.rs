//! A signal's journal entries.

use super::*;
use crate::AppState;
use crate::api::caller::ApiCaller;
use crate::api::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use baken_core::dossiers::{JournaalInvoer, JournaalPost};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// A journal entry, or only that one exists when the caller may not see its class.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Journaalpost {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub volgnummer: i64,
    pub geregistreerd_op: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub afgeschermd: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub vernietigd: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tekst: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gebeurd_op: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auteur: Option<Medewerker>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vertrouwelijkheid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bron: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betrouwbaarheid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grondslag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrigeert: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gecorrigeerd_door: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub koppelingen: Vec<String>,
}

pub fn journaalpost(post: &JournaalPost, by_volgnummer: &BTreeMap<i64, Uuid>) -> Journaalpost {
    let empty = |volgnummer: i64, at: &time::OffsetDateTime| Journaalpost {
        id: None,
        volgnummer,
        geregistreerd_op: rfc3339(at),
        afgeschermd: false,
        vernietigd: false,
        soort: None,
        tekst: None,
        gebeurd_op: None,
        auteur: None,
        vertrouwelijkheid: None,
        bron: None,
        betrouwbaarheid: None,
        grondslag: None,
        doel: None,
        corrigeert: None,
        gecorrigeerd_door: vec![],
        koppelingen: vec![],
    };
    match post {
        JournaalPost::Afgeschermd {
            volgnummer,
            geregistreerd_op,
            ..
        } => Journaalpost {
            afgeschermd: true,
            ..empty(*volgnummer, geregistreerd_op)
        },
        JournaalPost::Vernietigd {
            volgnummer,
            entry_id,
            geregistreerd_op,
        } => Journaalpost {
            vernietigd: true,
            id: Some(entry_id.to_string()),
            ..empty(*volgnummer, geregistreerd_op)
        },
        JournaalPost::Zichtbaar {
            volgnummer,
            inhoud,
            gecorrigeerd_door,
            corrigeert,
        } => Journaalpost {
            id: Some(inhoud.id.to_string()),
            soort: Some(inhoud.soort.as_str().into()),
            tekst: Some(inhoud.tekst.clone()),
            gebeurd_op: Some(rfc3339(&inhoud.gebeurd_op)),
            auteur: Some(Medewerker {
                id: inhoud.auteur.to_string(),
                naam: inhoud.auteur_naam.clone(),
            }),
            vertrouwelijkheid: Some(inhoud.vertrouwelijkheid.as_str().into()),
            bron: inhoud.bron.clone(),
            betrouwbaarheid: inhoud.betrouwbaarheid.clone(),
            grondslag: inhoud.grondslag.clone(),
            doel: inhoud.doel.clone(),
            corrigeert: corrigeert
                .and_then(|n| by_volgnummer.get(&n))
                .map(|id| id.to_string()),
            gecorrigeerd_door: gecorrigeerd_door.clone(),
            koppelingen: inhoud.koppelingen.iter().map(|k| k.to_string()).collect(),
            ..empty(*volgnummer, &inhoud.geregistreerd_op)
        },
    }
}

pub(super) fn ids_by_volgnummer(posts: &[JournaalPost]) -> BTreeMap<i64, Uuid> {
    posts
        .iter()
        .filter_map(|p| match p {
            JournaalPost::Zichtbaar {
                volgnummer, inhoud, ..
            } => Some((*volgnummer, inhoud.id)),
            JournaalPost::Vernietigd {
                volgnummer,
                entry_id,
                ..
            } => Some((*volgnummer, *entry_id)),
            JournaalPost::Afgeschermd { .. } => None,
        })
        .collect()
}

/// The journal of a signal in order; entries of a class the caller may not see are `afgeschermd`.
#[utoipa::path(get, path = "/signalen/{id}/journaalposten", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Journaalpost]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn journal(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Journaalpost>>, Problem> {
    let posts = state
        .services
        .journal_of(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}/journaalposten"),
        )
        .await?;
    let ids = ids_by_volgnummer(&posts);
    Ok(Json(posts.iter().map(|p| journaalpost(p, &ids)).collect()))
}

/// Appends a journal entry (a correction refers to the entry it corrects with `corrigeert`).
/// Entries never change: PUT, PATCH and DELETE answer 405.
#[utoipa::path(post, path = "/signalen/{id}/journaalposten", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = crate::api::schemas::JournaalInvoerSchema,
    responses((status = 201, body = Aangemaakt, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn add_entry(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<JournaalInvoer>,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let entry = state
        .services
        .add_journal_entry(&caller.actor, dossier, &input, &caller.ctx)
        .await?;
    let location = format!("/api/v1/signalen/{dossier}/journaalposten/{entry}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Aangemaakt {
            id: entry.to_string(),
            nummer: None,
        }),
    )
        .into_response())
}

/// One journal entry.
#[utoipa::path(get, path = "/signalen/{id}/journaalposten/{postId}", tag = "signalen", security(("apiToken" = [])),
    params(("id" = String, Path), ("postId" = String, Path)),
    responses((status = 200, body = Journaalpost), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 405, body = Problem, content_type = "application/problem+json")))]
pub async fn show_entry(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, post)): Path<(String, String)>,
) -> Result<Json<Journaalpost>, Problem> {
    let post = parse_id(&post)?;
    let posts = state
        .services
        .journal_of(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}/journaalposten/{postId}"),
        )
        .await?;
    let ids = ids_by_volgnummer(&posts);
    let volgnummer = ids
        .iter()
        .find(|(_, entry)| **entry == post)
        .map(|(n, _)| *n)
        .ok_or(ServiceError::NotFound)?;
    let found = posts.iter().find(|p| matches!(p, JournaalPost::Zichtbaar { volgnummer: n, .. } | JournaalPost::Vernietigd { volgnummer: n, .. } if *n == volgnummer));
    Ok(Json(journaalpost(
        found.ok_or(ServiceError::NotFound)?,
        &ids,
    )))
}
