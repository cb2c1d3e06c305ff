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

/// Starts a new W3C trace for every request from outside, so the processing log and the access log
/// of this request share one trace id that the caller cannot choose (a caller's `traceparent` would
/// otherwise put its reads under another person's trace). A valid incoming `traceparent` is kept
/// only as a link, in the server log. Answers with `traceresponse`.
pub async fn trace_context(request: Request, next: Next) -> Response {
    use baken_domain::verwerking::TraceContext;
    let incoming = request
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .and_then(TraceContext::parse);
    let trace = baken_core::trace::new_trace();
    if let Some(link) = incoming {
        tracing::debug!(
            trace = %trace.trace_hex(),
            linked_trace = %link.trace_hex(),
            linked_span = %link.span_hex(),
            "new trace, linked to the caller's"
        );
    }
    let mut response = baken_core::trace::within(trace, next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&trace.traceparent()) {
        response.headers_mut().insert("traceresponse", value);
    }
    response
}

/// Bounds requests per credential: per API token, per session cookie, or (without either) per
/// client address, `requests_per_minute` each. Beyond it: 429 with `Retry-After` (problem+json on
/// the API). Static assets and health checks are not counted.
pub async fn rate_limit(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/static/") || path == "/healthz" || path == "/readyz" {
        return next.run(request).await;
    }
    let headers = request.headers();
    let key = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| format!("token:{}", fingerprint(v)))
        .or_else(|| {
            headers
                .get_all(axum::http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .find_map(|c| c.trim().strip_prefix(concat!("baken_sessie", "=")))
                .map(|v| format!("sessie:{}", fingerprint(v)))
        })
        .or_else(|| {
            request
                .extensions()
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|ci| format!("adres:{}", ci.0.ip()))
        });
    if let Some(key) = key
        && let Err(until) = state.requests.check(&key, state.services.clock().now())
    {
        let refusal = baken_core::ServiceError::Locked { until };
        return if path.starts_with("/api/") {
            crate::api::Problem::from(refusal).into_response()
        } else {
            crate::error::PageError::from(refusal).into_response()
        };
    }
    next.run(request).await
}

/// A short, non-reversible stand-in for a credential, so the limiter holds no tokens.
fn fingerprint(secret: &str) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(secret.as_bytes())[..12])
}

/// Refuses a form post whose fields hold a NUL character (`%00`) before any handler sees it: no
/// database stores one alike (PostgreSQL refuses it), and no browser sends one from typing. The
/// answer is a 400 page naming the fields. (The API does the same in its JSON extractor; a signal
/// imported from a file is checked by the domain.)
pub async fn refuse_nul_in_forms(request: Request, next: Next) -> Response {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let fields = nul_form_fields(&bytes);
    if !fields.is_empty() {
        let page = crate::shell::ErrorPage {
            shell: crate::shell::Shell::bare("Ongeldige invoer"),
            title: "Ongeldige invoer",
            message: format!(
                "Deze velden bevatten een ongeldig teken (NUL): {}. Ga terug en pas ze aan.",
                fields.join(", ")
            ),
        };
        return (StatusCode::BAD_REQUEST, page).into_response();
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// The largest form body read (as axum's default body limit).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The names of the urlencoded fields whose value holds a NUL character.
fn nul_form_fields(body: &[u8]) -> Vec<String> {
    body.split(|b| *b == b'&')
        .filter_map(|pair| {
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &pair[..0]),
            };
            let has_nul = |v: &[u8]| v.contains(&0) || v.windows(3).any(|w| w == b"%00");
            (has_nul(value) || has_nul(name)).then(|| {
                String::from_utf8_lossy(name)
                    .replace("%00", "")
                    .replace('+', " ")
            })
        })
        .collect()
}

#[cfg(test)]
mod nul_tests {
    #[test]
    fn fields_with_a_nul_are_named() {
        assert_eq!(
            super::nul_form_fields(b"naam=Jan&tekst=a%00b&x=%2500"),
            ["tekst"]
        );
        assert!(super::nul_form_fields(b"a=1&b=2").is_empty());
    }
}
