//! Static assets, embedded in the binary so a deployment is one file and nothing comes from a CDN.

use crate::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

const UTRECHT_CSS: &str = include_str!("../static/vendor/utrecht-component-library-css-9.0.4.css");
const UTRECHT_THEME: &str = include_str!("../static/vendor/utrecht-design-tokens-5.0.1-theme.css");
const HTMX_JS: &str = include_str!("../static/vendor/htmx-2.0.11.min.js");
const BAKEN_CSS: &str = include_str!("../static/baken.css");
const BAKEN_JS: &str = include_str!("../static/baken.js");
const FAVICON: &str = include_str!("../static/favicon.svg");

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/static/utrecht-9.0.4.css",
            get(|| async { asset("text/css", UTRECHT_CSS) }),
        )
        .route("/static/theme.css", get(theme))
        .route(
            "/static/htmx-2.0.11.min.js",
            get(|| async { asset("text/javascript", HTMX_JS) }),
        )
        .route(
            "/static/baken.css",
            get(|| async { asset("text/css", BAKEN_CSS) }),
        )
        .route(
            "/static/baken.js",
            get(|| async { asset("text/javascript", BAKEN_JS) }),
        )
        .route(
            "/static/favicon.svg",
            get(|| async { asset("image/svg+xml", FAVICON) }),
        )
        .route(
            "/favicon.ico",
            get(|| async { asset("image/svg+xml", FAVICON) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

async fn theme(State(state): State<AppState>) -> Response {
    let mut response = match &state.config.theme_css {
        Some(css) => css.clone().into_response(),
        None => UTRECHT_THEME.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}
