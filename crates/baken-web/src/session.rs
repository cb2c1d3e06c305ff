//! Who is asking: the client's address, and the session behind the cookie.

use crate::AppState;
use crate::error::PageError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use baken_core::SessionStage;
use baken_core::{RequestContext, ServiceError, SessionView};
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "baken_sessie";

/// The request's context for auditing: client address and user agent.
pub struct Client(pub RequestContext);

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .config
            .trust_forwarded_for
            .then(|| {
                parts
                    .headers
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
            })
            .flatten()
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string());
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ci| ci.0.ip().to_string());
        let user_agent = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        Ok(Client(RequestContext {
            client_addr: forwarded.or(peer),
            user_agent,
        }))
    }
}

/// A cookie carrying a session token, with the attributes the security baseline asks for.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .path("/")
        .build()
}

/// Removes the session cookie.
pub fn cleared_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}

/// A fully signed-in user. Pages that need one redirect to sign-in without it.
pub struct SignedIn {
    pub view: SessionView,
    pub ctx: RequestContext,
}

/// A session at any stage of sign-in (for the second-factor pages).
pub struct AnySession {
    pub view: SessionView,
    pub token: String,
    pub ctx: RequestContext,
}

async fn resolve(
    parts: &mut Parts,
    state: &AppState,
) -> Result<(SessionView, String, RequestContext), PageError> {
    let Client(ctx) = Client::from_request_parts(parts, state)
        .await
        .unwrap_or_else(|never| match never {});
    let jar = CookieJar::from_headers(&parts.headers);
    let token = jar
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_string())
        .ok_or(PageError::Service(ServiceError::Unauthenticated))?;
    let view = state.services.session(&token, &ctx).await?;
    Ok((view, token, ctx))
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (view, _token, ctx) = resolve(parts, state).await?;
        match view.session.stage {
            SessionStage::Complete => Ok(SignedIn { view, ctx }),
            SessionStage::AwaitingMfa => Err(PageError::Detour("/mfa")),
            SessionStage::MustEnrolMfa => Err(PageError::Detour("/mfa/inrichten")),
        }
    }
}

impl FromRequestParts<AppState> for AnySession {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (view, token, ctx) = resolve(parts, state).await?;
        Ok(AnySession { view, token, ctx })
    }
}
