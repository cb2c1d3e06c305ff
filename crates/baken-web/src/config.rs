//! Settings of the HTTP layer.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebConfig {
    /// The address users reach Baken at, e.g. `https://baken.example.nl`. Decides whether cookies are
    /// `Secure` (always, except for plain-HTTP localhost) and whether HSTS is sent (HTTPS).
    pub public_url: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
    /// How many trusted reverse proxies stand in front of Baken: the client address is the one the
    /// outermost of them appended (that many values from the right of `X-Forwarded-For`).
    pub trusted_proxies: usize,
    /// The contents of a CSS file with the deployment's design tokens, scoped to `.utrecht-theme`
    /// like the NL Design System themes; the Utrecht theme when empty.
    pub theme_css: Option<String>,
    /// Shows the demo banner (set by `baken demo`).
    pub demo: bool,
    /// The organisation's name in the page header.
    pub organisatie: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            trust_forwarded_for: false,
            trusted_proxies: 1,
            theme_css: None,
            demo: false,
            organisatie: "Werkorganisatie".into(),
        }
    }
}

impl WebConfig {
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Cookies may drop `Secure` only when Baken is reached over plain HTTP on this machine.
    pub fn secure_cookies(&self) -> bool {
        let local = ["http://localhost", "http://127.0.0.1", "http://[::1]"]
            .iter()
            .any(|p| {
                self.public_url == *p
                    || self.public_url.starts_with(&format!("{p}:"))
                    || self.public_url.starts_with(&format!("{p}/"))
            });
        !local
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_is_relaxed_only_for_plain_http_localhost() {
        let with = |url: &str| WebConfig {
            public_url: url.into(),
            ..Default::default()
        };
        assert!(!with("http://127.0.0.1:8080").secure_cookies());
        assert!(!with("http://localhost").secure_cookies());
        assert!(with("https://localhost:8443").secure_cookies());
        assert!(with("http://baken.example.nl").secure_cookies());
        assert!(with("http://localhost.example.nl").secure_cookies());
        assert!(with("https://baken.example.nl").is_https());
    }

    #[test]
    fn the_client_is_what_the_trusted_proxy_appended() {
        use crate::session::forwarded_client;
        let headers = |values: &[&str]| {
            let mut h = axum::http::HeaderMap::new();
            for v in values {
                h.append("x-forwarded-for", v.parse().unwrap());
            }
            h
        };
        let forged = headers(&["10.9.9.9, 192.0.2.7"]);
        assert_eq!(forwarded_client(&forged, 1).as_deref(), Some("192.0.2.7"));
        assert_eq!(forwarded_client(&forged, 2).as_deref(), Some("10.9.9.9"));
        assert_eq!(
            forwarded_client(&forged, 3),
            None,
            "fewer values than proxies"
        );
        let split = headers(&["1.1.1.1", "192.0.2.8"]);
        assert_eq!(forwarded_client(&split, 1).as_deref(), Some("192.0.2.8"));
        assert_eq!(forwarded_client(&headers(&["niet-een-adres"]), 1), None);
    }
}
