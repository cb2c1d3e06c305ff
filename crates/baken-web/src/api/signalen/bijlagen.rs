//! A signal's attachments.

use super::*;
use crate::AppState;
use crate::api::caller::ApiCaller;
use crate::api::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An attachment's metadata. The file itself: `GET …/bijlagen/{bijlageId}` (always a download).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bijlage {
    pub id: String,
    pub bestandsnaam: String,
    pub mediatype: String,
    pub grootte: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    pub vertrouwelijkheid: String,
    pub aangemaakt_op: String,
}

/// The attachments of a signal the caller may see.
#[utoipa::path(get, path = "/signalen/{id}/bijlagen", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Bijlage]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn attachments(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Bijlage>>, Problem> {
    let list = state
        .services
        .list_attachments(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}/bijlagen"),
        )
        .await?;
    Ok(Json(
        list.into_iter()
            .map(|b| Bijlage {
                id: b.id.to_string(),
                bestandsnaam: b.bestandsnaam,
                mediatype: b.mediatype,
                grootte: b.grootte,
                sha256: b.sha256.iter().map(|x| format!("{x:02x}")).collect(),
                vertrouwelijkheid: b.vertrouwelijkheid.as_str().into(),
                aangemaakt_op: rfc3339(&b.aangemaakt_op),
            })
            .collect(),
    ))
}

/// Uploads an attachment (`multipart/form-data`: optional `vertrouwelijkheid`, then `bestand`).
/// Stored encrypted; the size limit is configurable (default 50 MB).
#[utoipa::path(post, path = "/signalen/{id}/bijlagen", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body(content = crate::api::schemas::BijlageUploadSchema, content_type = "multipart/form-data"),
    responses((status = 201, body = Aangemaakt, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let attachment = crate::uploads::receive(
        &state.services,
        &caller.actor,
        dossier,
        multipart,
        &caller.ctx,
    )
    .await?;
    let location = format!("/api/v1/signalen/{dossier}/bijlagen/{attachment}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Aangemaakt {
            id: attachment.to_string(),
            nummer: None,
        }),
    )
        .into_response())
}

/// Downloads an attachment (`Content-Disposition: attachment`, never inline). Logged.
#[utoipa::path(get, path = "/signalen/{id}/bijlagen/{bijlageId}", tag = "signalen", security(("apiToken" = [])),
    params(("id" = String, Path), ("bijlageId" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn download(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, bijlage)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let (record, bytes) = state
        .services
        .read_attachment(
            &caller.actor,
            parse_id(&id)?,
            parse_id(&bijlage)?,
            &context("GET", "/signalen/{id}/bijlagen/{bijlageId}"),
        )
        .await?;
    Ok(crate::uploads::download(&record, bytes))
}
