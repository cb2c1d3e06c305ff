//! `/signalen`, their `/journaalposten`, `/signalen/_zoek`, and `/subjecten/{id}`, `/objecten/{id}`.

mod bijlagen;
mod entiteiten;
mod journaal;
mod koppelingen;
mod signaal;
mod zoeken;
pub use bijlagen::*;
pub use entiteiten::*;
pub use journaal::*;
pub use signaal::*;
pub use zoeken::*;

use crate::AppState;
use crate::api::problem::Problem;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use baken_core::ServiceError;
use baken_core::dossiers::ElderRef;
use baken_domain::UserId;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

/// JSON body extractor whose rejections are problem+json in Dutch.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .is_some_and(|m| {
                m.eq_ignore_ascii_case("application/json")
                    || (m.starts_with("application/") && m.ends_with("+json"))
            });
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Verkeerd gegevensformaat",
                "Stuur de gegevens als application/json.",
            ));
        }
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                Problem::new(
                    rejection.status(),
                    "Ongeldig verzoek",
                    &rejection.body_text(),
                )
            })?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "Ongeldig verzoek",
                &format!("De inhoud van het verzoek is geen geldige JSON: {e}"),
            )
        })?;
        // No database stores a NUL character alike (PostgreSQL refuses it): invalid everywhere.
        let nul = baken_domain::validation::nul_fields(&value);
        if !nul.is_empty() {
            let mut errors = baken_domain::ValidationErrors::new();
            for field in nul {
                errors.add_code(field, "ongeldig-teken", baken_domain::validation::NUL_REDEN);
            }
            return Err(ServiceError::Invalid(errors).into());
        }
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|e| ServiceError::Invalid(shape_error(&e)).into())
    }
}

/// A JSON body of the wrong shape or type, as the field it concerns and a Dutch reason: a missing
/// field (`verplicht`) or a value of the wrong type (`type`), like every other invalid input.
pub(super) fn shape_error(
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> baken_domain::ValidationErrors {
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let message = e.inner().to_string();
    let message = message.split(" at line ").next().unwrap_or_default();
    let join = |field: &str| {
        if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        }
    };
    let mut errors = baken_domain::ValidationErrors::new();
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        errors.add_code(join(field), "verplicht", "Dit veld is verplicht.");
    } else if let Some(expected) = message
        .strip_prefix("invalid type: ")
        .and_then(|r| r.split_once(", expected "))
        .map(|(_, expected)| expected)
    {
        errors.add(
            if path.is_empty() {
                "body".to_string()
            } else {
                path
            },
            format!("Verkeerd type: verwacht {}.", dutch_kind(expected)),
        );
    } else {
        errors.add(
            if path.is_empty() {
                "body".to_string()
            } else {
                path
            },
            "Deze waarde heeft niet de juiste vorm.",
        );
    }
    errors
}

/// serde's name for what it expected, in Dutch.
pub(super) fn dutch_kind(expected: &str) -> &'static str {
    if expected.contains("string") {
        "tekst"
    } else if expected.contains("sequence") {
        "een lijst"
    } else if expected.contains("bool") {
        "waar of onwaar (true/false)"
    } else if expected.contains("integer")
        || expected.contains("number")
        || expected.contains("i64")
    {
        "een getal"
    } else if expected.contains("struct") || expected.contains("map") {
        "een object"
    } else {
        "een andere waarde"
    }
}

pub(super) fn context(method: &str, path: &str) -> String {
    format!("API {method} {path}")
}

/// A person linked to a signal (owner, assignee, author).
#[derive(Serialize, ToSchema)]
pub struct Medewerker {
    pub id: String,
    pub naam: String,
}

pub(super) fn medewerker(id: UserId, namen: &BTreeMap<UserId, String>) -> Medewerker {
    Medewerker {
        id: id.to_string(),
        naam: namen.get(&id).cloned().unwrap_or_default(),
    }
}

/// Where else a subject or object appears, as far as the caller may know.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OokBekendIn {
    pub signaal: String,
    pub nummer: String,
    pub gemeente: String,
    pub status: String,
    pub rol: String,
}

pub(super) fn elders(refs: &[ElderRef]) -> Vec<OokBekendIn> {
    refs.iter()
        .map(|r| OokBekendIn {
            signaal: r.dossier_id.to_string(),
            nummer: r.nummer.clone(),
            gemeente: r.gemeente.to_string(),
            status: r.status.as_str().into(),
            rol: r.rol.as_str().into(),
        })
        .collect()
}

pub(super) fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

pub(super) fn rfc3339(at: &time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Signals, their journal and attachments, search, subjects and objects. Each route is registered with its OpenAPI operation.
pub(super) fn router(upload_limit: usize) -> OpenApiRouter<AppState> {
    // Only the upload route accepts bodies beyond axum's default limit.
    let uploads = OpenApiRouter::new()
        .routes(utoipa_axum::routes!(attachments, upload))
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(utoipa_axum::routes!(download))
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(search))
        .routes(utoipa_axum::routes!(show, update))
        .routes(utoipa_axum::routes!(journal, add_entry))
        .routes(utoipa_axum::routes!(show_entry))
        .routes(utoipa_axum::routes!(koppelingen::link))
        .routes(utoipa_axum::routes!(koppelingen::correct))
        .routes(utoipa_axum::routes!(koppelingen::unlink))
        .routes(utoipa_axum::routes!(
            koppelingen::ask,
            koppelingen::requests
        ))
        .routes(utoipa_axum::routes!(koppelingen::decide))
        .routes(utoipa_axum::routes!(subjects))
        .routes(utoipa_axum::routes!(objects))
        .routes(utoipa_axum::routes!(subject))
        .routes(utoipa_axum::routes!(object))
}
