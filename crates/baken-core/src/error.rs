//! The services' error: what went wrong, in terms an adapter maps to a page or a problem+json.

use baken_domain::ValidationErrors;
use baken_store::StoreError;
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The input is invalid; every invalid field is listed.
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    /// No valid session or token.
    #[error("not authenticated")]
    Unauthenticated,
    /// Wrong e-mail address, password or code. Deliberately says no more.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed attempts: refused until the given moment.
    #[error("sign-in refused until {until}")]
    Locked { until: OffsetDateTime },
    /// The caller's roles do not allow this action.
    #[error("forbidden")]
    Forbidden,
    /// The object does not exist, or the caller may not know that it does.
    #[error("not found")]
    NotFound,
    /// The action does not fit the current state: a machine-readable code (`versie-verouderd`, …)
    /// and a Dutch text shown to the user.
    #[error("conflict ({code}): {message}")]
    Conflict { code: &'static str, message: String },
    /// The privacy protocol does not allow this (yet); the refusal names the rule and what is missing.
    #[error("refused by the privacy protocol: {}", .0.regel)]
    Refused(baken_domain::protocol::Weigering),
    /// An outside source Baken asked is slow, down or refused: a machine-readable code
    /// (`bron-storing`, …) and a Dutch text naming the source, never the subject. Nothing changed.
    #[error("source unavailable ({code}): {message}")]
    Unavailable { code: &'static str, message: String },
    /// Storage or another internal part failed. The cause is logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        ServiceError::Internal(error.to_string())
    }
}

impl From<ValidationErrors> for ServiceError {
    fn from(errors: ValidationErrors) -> Self {
        ServiceError::Invalid(errors)
    }
}

impl ServiceError {
    /// A conflict with its code and Dutch message.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Conflict {
            code,
            message: message.into(),
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
