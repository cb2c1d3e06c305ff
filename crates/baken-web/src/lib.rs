//! Baken's HTTP adapters. Two faces over the same services:
//!
//! * server-rendered Dutch HTML (askama templates, NL Design System CSS, htmx as an optional
//!   enhancement: every page and form works without JavaScript), signed in with a session cookie;
//! * a JSON API under `/api/v1` following the NL API Design Rules, signed in with a bearer token.
//!
//! Handlers parse the request, call one service method and render its result. They decide nothing
//! about access themselves; the services do.

mod api;
mod assets;
pub mod config;
mod error;
mod flash;
mod html;
mod middleware;
mod session;
mod shell;
mod uploads;

use axum::Router;
use baken_core::Services;
use std::sync::Arc;

pub use api::openapi_document;
pub use config::WebConfig;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub config: Arc<WebConfig>,
    /// Requests per session, token or (unauthenticated) client address.
    pub requests: Arc<baken_core::ratelimit::RateLimiter>,
}

/// The whole application: pages, API, health checks and static assets, with the security layers.
pub fn router(services: Services, config: WebConfig) -> Router {
    let requests = Arc::new(baken_core::ratelimit::RateLimiter::new(
        services.config().requests_per_minute,
        time::Duration::minutes(1),
    ));
    let state = AppState {
        services,
        config: Arc::new(config),
        requests,
    };
    // Forms and JSON bodies stay under axum's default limit (2 MB); only uploads may be larger.
    let upload_limit = state.services.attachment_limit() as usize + 64 * 1024;
    let pages = html::router(upload_limit)
        .layer(axum::middleware::from_fn(flash::carry))
        .layer(axum::middleware::from_fn(middleware::refuse_nul_in_forms))
        .layer(axum::middleware::from_fn(
            middleware::refuse_cross_site_writes,
        ));
    Router::new()
        .merge(pages)
        .nest("/api/v1", api::router(upload_limit))
        .merge(assets::router())
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .route("/readyz", axum::routing::get(readyz))
        .fallback(shell::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn(middleware::trace_context))
        .with_state(state)
}

async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::http::StatusCode {
    if state.services.ready().await {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    }
}
