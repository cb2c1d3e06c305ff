//! Layers every response passes: W3C Trace Context, security headers, and refusal of cross-site
//! writes.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers to every response; `no-store` to everything but static assets.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_static = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set =
        |headers: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
            headers.insert(name, HeaderValue::from_static(value));
        };
    set(headers, header::CONTENT_SECURITY_POLICY, CSP);
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(
        headers,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    if !is_static {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
    if state.config.is_https() {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// Refuses state-changing requests that a browser marks as coming from another site (the approach
/// of Go's `CrossOriginProtection` and tower-http's CSRF layer): `Sec-Fetch-Site` when the browser
/// sends it, else `Origin` against `Host`. Together with `SameSite=Strict` session cookies this stops
/// cross-site request forgery without per-form tokens. Requests with neither header (non-browser
/// clients) carry no ambient browser credentials worth forging and pass.
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(&request) {
        return (
            StatusCode::FORBIDDEN,
            "Dit verzoek kwam van een andere website en is geweigerd.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_cross_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
        return origin == "null"
            || origin_host.is_empty()
            || !origin_host.eq_ignore_ascii_case(host);
    }
    false
}

/// Continues an incoming W3C `traceparent` (or starts a trace) for the request, so the processing
/// log and the access log of this request share one trace id; answers with `traceresponse`.
pub async fn trace_context(request: Request, next: Next) -> Response {
    use baken_domain::verwerking::TraceContext;
    let incoming = request
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .and_then(TraceContext::parse);
    let trace = match incoming {
        Some(parent) => parent.child(baken_core::trace::new_span_id()),
        None => baken_core::trace::new_trace(),
    };
    let mut response = baken_core::trace::within(trace, next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&trace.traceparent()) {
        response.headers_mut().insert("traceresponse", value);
    }
    response
}
