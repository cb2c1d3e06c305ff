//! The page frame every HTML page shares (`base.html`: title, demo banner, navigation, the
//! municipality switcher), the error page, and how instants are shown. Its own module, so that the
//! page modules and the error mapping depend on it and not on each other.

use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use baken_core::SessionView;
use baken_domain::Permission;

/// A link in the main navigation.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// A municipality in the switcher.
pub struct GemeenteOption {
    pub code: String,
    pub naam: String,
    pub selected: bool,
}

/// The signed-in user as the page frame shows them.
pub struct ShellUser {
    pub name: String,
    pub roles: String,
    pub nav: Vec<NavItem>,
    pub gemeenten: Vec<GemeenteOption>,
}

impl ShellUser {
    pub fn active_gemeente(&self) -> &str {
        self.gemeenten
            .iter()
            .find(|g| g.selected)
            .map(|g| g.naam.as_str())
            .unwrap_or("")
    }
}

/// What the page frame (`base.html`) needs: title, banner, navigation, switcher.
pub struct Shell {
    pub title: String,
    pub demo: bool,
    pub organisatie: String,
    pub user: Option<ShellUser>,
    /// Every municipality's name by code, so that pages say "Lisse" where a record says GM0553.
    pub namen: std::collections::BTreeMap<String, String>,
    /// The confirmation of what the user just saved.
    pub melding: Option<&'static str>,
}

impl Shell {
    /// A frame without user or deployment details (error pages rendered outside a handler).
    pub fn bare(title: &str) -> Self {
        Shell {
            title: title.to_string(),
            demo: false,
            organisatie: String::new(),
            user: None,
            namen: Default::default(),
            melding: None,
        }
    }

    /// A frame for a page shown before sign-in.
    pub fn public(state: &AppState, title: &str) -> Self {
        Shell {
            title: title.to_string(),
            demo: state.config.demo,
            organisatie: state.config.organisatie.clone(),
            user: None,
            namen: Default::default(),
            melding: None,
        }
    }

    /// A frame for a signed-in user; `current` is the `href` of the navigation item to mark.
    pub async fn signed_in(
        state: &AppState,
        view: &SessionView,
        title: &str,
        current: &str,
    ) -> Self {
        let actor = &view.actor;
        let mut nav = vec![NavItem {
            href: "/",
            label: "Start",
            current: false,
        }];
        if actor.may(Permission::WorkDossiers) || actor.may(Permission::ReadProcessingLog) {
            nav.push(NavItem {
                href: "/signalen",
                label: "Signalen",
                current: false,
            });
        }
        if actor.has_role(baken_domain::Role::Coordinator) {
            nav.push(NavItem {
                href: "/signalen/triage",
                label: "Triage",
                current: false,
            });
        }
        if actor.may(Permission::WorkDossiers) {
            nav.push(NavItem {
                href: "/overleggen",
                label: "Overleggen",
                current: false,
            });
            nav.push(NavItem {
                href: "/casussen",
                label: "Casussen",
                current: false,
            });
            nav.push(NavItem {
                href: "/taken",
                label: "Taken",
                current: false,
            });
            nav.push(NavItem {
                href: "/termijnen",
                label: "Termijnen",
                current: false,
            });
        }
        if !actor.gemeenten.is_empty() {
            nav.push(NavItem {
                href: "/protocol",
                label: "Privacyprotocol",
                current: false,
            });
        }
        if actor.may(Permission::ReadProcessingLog) {
            nav.push(NavItem {
                href: "/privacy/verwerkingslog",
                label: "Verwerkingslog",
                current: false,
            });
        }
        if actor.may(Permission::Administer) {
            nav.push(NavItem {
                href: "/beheer",
                label: "Beheer",
                current: false,
            });
        }
        nav.push(NavItem {
            href: "/account",
            label: "Mijn account",
            current: false,
        });
        for item in &mut nav {
            item.current = item.href == current;
        }
        let names = state.services.gemeenten().await.unwrap_or_default();
        let active = view.active_gemeente().cloned();
        let gemeenten = view
            .user
            .gemeenten
            .iter()
            .map(|code| GemeenteOption {
                code: code.to_string(),
                naam: names
                    .iter()
                    .find(|g| &g.code == code)
                    .map(|g| g.naam.to_string())
                    .unwrap_or_else(|| code.to_string()),
                selected: Some(code) == active.as_ref(),
            })
            .collect();
        let roles = view
            .user
            .roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ");
        Shell {
            title: title.to_string(),
            demo: state.config.demo,
            organisatie: state.config.organisatie.clone(),
            user: Some(ShellUser {
                name: view.user.name.to_string(),
                roles,
                nav,
                gemeenten,
            }),
            namen: names
                .iter()
                .map(|g| (g.code.to_string(), g.naam.to_string()))
                .collect(),
            melding: crate::flash::current(),
        }
    }

    /// A municipality's name for a person to read (its code only when it is unknown).
    pub fn gemeente(&self, code: &impl std::fmt::Display) -> String {
        let code = code.to_string();
        self.namen.get(&code).cloned().unwrap_or(code)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub shell: Shell,
    pub title: &'static str,
    pub message: String,
}

pub async fn not_found() -> impl IntoResponse {
    let page = ErrorPage {
        shell: Shell::bare("Niet gevonden"),
        title: "Niet gevonden",
        message: "Deze pagina bestaat niet, of u heeft er geen toegang toe.".into(),
    };
    (StatusCode::NOT_FOUND, page)
}

/// Every municipality's name by code (for fragments rendered without the page frame).
pub async fn gemeente_namen(state: &AppState) -> std::collections::BTreeMap<String, String> {
    state
        .services
        .gemeenten()
        .await
        .unwrap_or_default()
        .iter()
        .map(|g| (g.code.to_string(), g.naam.to_string()))
        .collect()
}

/// An instant as Dutch readers expect it: local time, day first.
pub fn format_instant(at: &time::OffsetDateTime) -> String {
    baken_domain::tijd::format_nl(*at)
}
