//! Who calls the API: the actor behind the bearer token, and the request's context for auditing.

use super::problem::Problem;
use crate::AppState;
use axum::http::header;
use baken_core::ServiceError;
use baken_domain::Actor;

/// The caller of an API request, authenticated by bearer token.
pub struct ApiCaller {
    pub actor: Actor,
    pub ctx: baken_core::RequestContext,
}

impl axum::extract::FromRequestParts<AppState> for ApiCaller {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let crate::session::Client(ctx) = crate::session::Client::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Problem::from(ServiceError::Unauthenticated))?;
        let actor = state.services.authenticate_token(token, &ctx).await?;
        Ok(ApiCaller { actor, ctx })
    }
}
