//! Receiving and serving attachments, shared by the pages and the API.

use axum::extract::Multipart;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use baken_core::{BijlageRecord, RequestContext, ServiceError, Services};
use baken_domain::{Actor, ValidationErrors};
use uuid::Uuid;

fn invalid(field: &str, reason: &str) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add(field, reason);
    ServiceError::Invalid(errors)
}

/// Streams a multipart upload (`vertrouwelijkheid`, then `bestand`) into an encrypted attachment.
pub async fn receive(
    services: &Services,
    actor: &Actor,
    dossier: Uuid,
    mut multipart: Multipart,
    ctx: &RequestContext,
) -> Result<Uuid, ServiceError> {
    let mut upload = services.start_attachment(actor, dossier).await?;
    let mut name = String::new();
    let mut media_type = String::from("application/octet-stream");
    let mut class = None;
    let too_large = || {
        invalid(
            "bestand",
            "Het bestand is te groot of de upload is afgebroken.",
        )
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|_| too_large())? {
        match field.name() {
            Some("bestand") => {
                name = field.file_name().unwrap_or_default().to_string();
                if let Some(kind) = field.content_type() {
                    media_type = kind.to_string();
                }
                while let Some(chunk) = field.chunk().await.map_err(|_| too_large())? {
                    upload.write(&chunk)?;
                }
            }
            Some("vertrouwelijkheid") => class = Some(field.text().await.map_err(|_| too_large())?),
            _ => {}
        }
    }
    services
        .finish_attachment(actor, upload, &name, &media_type, class.as_deref(), ctx)
        .await
}

/// RFC 5987 encoding for `filename*`.
fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The file as a download: never rendered inline, whatever it claims to be.
/// An attachment as a download, decrypted while it is sent (never rendered inline).
pub fn download(record: &BijlageRecord, body: baken_core::attachments::AttachmentBody) -> Response {
    let ascii: String = record
        .bestandsnaam
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encode_filename(&record.bestandsnaam)
    );
    let stream = futures_util::stream::unfold(body, |mut body| async move {
        body.next().await.map(|chunk| {
            (
                chunk.map(bytes::Bytes::from).map_err(std::io::Error::other),
                body,
            )
        })
    });
    let mut response = axum::body::Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    if let Ok(length) = HeaderValue::from_str(&record.grootte.to_string()) {
        headers.insert(header::CONTENT_LENGTH, length);
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
