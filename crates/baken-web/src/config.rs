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
}
