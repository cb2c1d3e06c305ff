//! Attachments: upload and download.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;

pub async fn upload(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    match crate::uploads::receive(&state.services, &user.view.actor, id, multipart, &user.ctx).await
    {
        Ok(_) => Ok(crate::flash::redirect(
            &format!("/signalen/{id}#bijlagen"),
            "bijlage",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let view = state
                .services
                .signal(&user.view.actor, id, "POST /signalen/{id}/bijlagen")
                .await?;
            let mut page = dossier_page(&state, &user, view, new_entry_form()).await?;
            page.bijlage_fouten = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn download(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, bijlage)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (record, bytes) = state
        .services
        .read_attachment(
            &user.view.actor,
            parse_uuid(&id)?,
            parse_uuid(&bijlage)?,
            "GET /signalen/{id}/bijlagen/{bijlage}",
        )
        .await?;
    Ok(crate::uploads::download(&record, bytes))
}
