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
        let forwarded = if state.config.trust_forwarded_for {
            forwarded_client(&parts.headers, state.config.trusted_proxies)
        } else {
            if parts.headers.contains_key("x-forwarded-for")
                && !FORWARDED_WARNED.swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                tracing::warn!(
                    "requests carry X-Forwarded-For but trust_forwarded_for is off: every client \
                     behind the proxy counts as the proxy's address for sign-in throttling and \
                     audit; set web.trust_forwarded_for (and web.trusted_proxies) if Baken runs \
                     behind a reverse proxy"
                );
            }
            None
        };
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

/// Whether the warning about an untrusted `X-Forwarded-For` was logged already.
static FORWARDED_WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The client's address as the trusted proxies saw it: each proxy appends the address it received
/// the request from, so the client is the `proxies`-th value from the right. Values to the left of
/// it are the client's own claims and never used. `None` when the header has fewer values than
/// there are proxies, or the value is not an IP address.
pub fn forwarded_client(headers: &axum::http::HeaderMap, proxies: usize) -> Option<String> {
    let values: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let index = values.len().checked_sub(proxies.max(1))?;
    values[index]
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
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
