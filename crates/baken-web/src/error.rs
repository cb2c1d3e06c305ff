//! How service errors become pages. (The API has its own mapping to problem+json in `api`.)

use crate::shell::{ErrorPage, Shell};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use baken_core::ServiceError;

/// Why an HTML route did not render its page.
#[derive(Debug)]
pub enum PageError {
    /// A service refused or failed.
    Service(ServiceError),
    /// Not an error but a detour: the user must first go elsewhere (e.g. the second factor).
    Detour(&'static str),
}

impl From<ServiceError> for PageError {
    fn from(error: ServiceError) -> Self {
        PageError::Service(error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error = match self {
            PageError::Detour(to) => return Redirect::to(to).into_response(),
            PageError::Service(error) => error,
        };
        let (status, title, message) = match &error {
            ServiceError::Unauthenticated => return Redirect::to("/aanmelden").into_response(),
            ServiceError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Geen toegang",
                "U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt, neem dan contact op met de beheerder.".to_string(),
            ),
            ServiceError::NotFound => (
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Deze pagina bestaat niet, of u heeft er geen toegang toe.".to_string(),
            ),
            ServiceError::Conflict { message, .. } => (StatusCode::CONFLICT, "Dit kan nu niet", message.clone()),
            ServiceError::Unavailable { message, .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "Bron niet beschikbaar", message.clone())
            }
            ServiceError::Refused(weigering) => (
                if weigering.niet_bevoegd { StatusCode::FORBIDDEN } else { StatusCode::CONFLICT },
                "Niet toegestaan door het privacyprotocol",
                weigering.melding(),
            ),
            ServiceError::Locked { until } => {
                let page = ErrorPage {
                    shell: Shell::bare("Tijdelijk geblokkeerd"),
                    title: "Tijdelijk geblokkeerd",
                    message: "Er zijn in korte tijd te veel pogingen of verzoeken gedaan. Probeer het later opnieuw.".to_string(),
                };
                return (StatusCode::TOO_MANY_REQUESTS, [retry_after(*until)], page).into_response();
            }
            ServiceError::InvalidCredentials | ServiceError::Invalid(_) => {
                (StatusCode::BAD_REQUEST, "Ongeldige invoer", "De invoer klopt niet. Ga terug en probeer het opnieuw.".to_string())
            }
            ServiceError::Internal(cause) => {
                tracing::error!(%cause, "internal error on an HTML route");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Er ging iets mis",
                    "Er ging iets mis aan onze kant. Probeer het later opnieuw; blijft het misgaan, meld het dan bij de beheerder.".to_string(),
                )
            }
        };
        let page = ErrorPage {
            shell: Shell::bare(title),
            title,
            message,
        };
        (status, page).into_response()
    }
}

/// A `Retry-After` header (whole seconds, at least 1) for a refusal that lasts until `until`.
pub fn retry_after(until: time::OffsetDateTime) -> (axum::http::HeaderName, String) {
    let seconds = (until - time::OffsetDateTime::now_utc())
        .whole_seconds()
        .max(1);
    (axum::http::header::RETRY_AFTER, seconds.to_string())
}
