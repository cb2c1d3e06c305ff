//! RFC 9457 problem details, as the NL API Design Rules ask: `status`, `title`, `detail`, and for
//! invalid input `invalidParams` naming every invalid field at once.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::ServiceError;
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A URI for the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For invalid input: every invalid field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
    /// What went wrong, machine-readable: for a conflict (`versie-verouderd`, `al-afgehandeld`,
    /// `niet-afgesloten`, …) and for a refusal by the privacy protocol (`privacyprotocol`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For a refusal by the privacy protocol: what is missing before the action is allowed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ontbreekt: Vec<String>,
    #[serde(skip)]
    pub www_authenticate: bool,
    /// For 429: when to try again (sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<time::OffsetDateTime>,
}

/// One invalid field of a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidParam {
    /// The field name as sent.
    pub name: String,
    /// What is wrong: `verplicht`, `formaat`, `elfproef`, `onbekend`, `te-lang`, `type`,
    /// `ongeldig-teken` or `ongeldig`.
    pub code: String,
    /// Why it is invalid, in Dutch.
    pub reason: String,
}

impl Problem {
    pub fn new(status: StatusCode, title: &str, detail: &str) -> Self {
        Problem {
            kind: "about:blank".into(),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
            code: None,
            ontbreekt: Vec::new(),
            www_authenticate: false,
            retry_after: None,
        }
    }
}

impl From<ServiceError> for Problem {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Invalid(errors) => {
                let mut problem = Problem::new(
                    StatusCode::BAD_REQUEST,
                    "Ongeldige invoer",
                    "Een of meer velden zijn ongeldig; zie invalidParams.",
                );
                problem.invalid_params = errors
                    .iter()
                    .map(|e| InvalidParam {
                        name: e.name.clone(),
                        code: e.code.into(),
                        reason: e.reason.clone(),
                    })
                    .collect();
                problem
            }
            ServiceError::Unauthenticated | ServiceError::InvalidCredentials => {
                let mut problem = Problem::new(
                    StatusCode::UNAUTHORIZED,
                    "Niet geauthenticeerd",
                    "Stuur een geldig API-token mee als 'Authorization: Bearer <token>'.",
                );
                problem.www_authenticate = true;
                problem
            }
            ServiceError::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "Geen toegang",
                "Uw rollen staan deze handeling niet toe.",
            ),
            ServiceError::NotFound => Problem::new(
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Deze resource bestaat niet, of u heeft er geen toegang toe.",
            ),
            ServiceError::Conflict { code, message } => {
                let mut problem = Problem::new(StatusCode::CONFLICT, "Conflict", &message);
                problem.code = Some(code.into());
                problem
            }
            ServiceError::Refused(weigering) => {
                let mut problem = Problem::new(
                    if weigering.niet_bevoegd {
                        StatusCode::FORBIDDEN
                    } else {
                        StatusCode::CONFLICT
                    },
                    "Niet toegestaan door het privacyprotocol",
                    &weigering.regel,
                );
                problem.kind = "urn:baken:privacyprotocol".into();
                problem.code = Some("privacyprotocol".into());
                problem.ontbreekt = weigering.ontbreekt;
                problem
            }
            ServiceError::Locked { until } => {
                let mut problem = Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Te veel verzoeken",
                    "Er zijn in korte tijd te veel pogingen of verzoeken gedaan; probeer het na Retry-After seconden opnieuw.",
                );
                problem.retry_after = Some(until);
                problem
            }
            ServiceError::Unavailable { code, message } => {
                let mut problem = Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Bron niet beschikbaar",
                    &message,
                );
                problem.code = Some(code.into());
                problem
            }
            ServiceError::Internal(cause) => {
                tracing::error!(%cause, "internal error on an API route");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Interne fout",
                    "Er ging iets mis aan onze kant.",
                )
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let www_authenticate = self.www_authenticate;
        let retry_after = self.retry_after;
        let mut response = (status, axum::Json(self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if www_authenticate {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(until) = retry_after {
            let (name, value) = crate::error::retry_after(until);
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}
