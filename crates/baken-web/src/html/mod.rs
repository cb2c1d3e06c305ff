//! The HTML pages. Each module holds the handlers of one area; templates live in `templates/`.

mod account;
mod admin;
mod auth;
mod form;
mod home;
mod protocol;
mod signalen;
mod verwerkingslog;
mod verzoeken;

use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use baken_core::SessionView;
use baken_domain::Permission;

pub fn router(upload_limit: usize) -> Router<AppState> {
    let uploads = Router::new()
        .route("/signalen/{id}/bijlagen", post(signalen::upload))
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit));
    Router::new()
        .merge(uploads)
        .route("/signalen/{id}/bijlagen/{bijlage}", get(signalen::download))
        .route("/", get(home::start))
        .route("/gemeente-kiezen", post(home::choose_gemeente))
        .route("/aanmelden", get(auth::sign_in_form).post(auth::sign_in))
        .route(
            "/mfa",
            get(auth::second_factor_form).post(auth::second_factor),
        )
        .route("/mfa/inrichten", get(auth::enrol_form).post(auth::enrol))
        .route("/afmelden", post(auth::sign_out))
        .route("/account", get(account::overview))
        .route("/account/wachtwoord", post(account::change_password))
        .route(
            "/account/herstelcodes",
            post(account::regenerate_recovery_codes),
        )
        .route(
            "/account/afmelden-overal",
            post(account::sign_out_everywhere),
        )
        .route(
            "/account/sessies/{id}/beeindigen",
            post(account::end_session),
        )
        .route("/account/tokens", post(account::create_token))
        .route(
            "/account/tokens/{id}/intrekken",
            post(account::revoke_token),
        )
        .route("/signalen", get(signalen::backlog))
        .route(
            "/signalen/nieuw",
            get(signalen::intake_form).post(signalen::intake),
        )
        .route("/signalen/nieuw/elders", post(signalen::intake_elsewhere))
        .route(
            "/signalen/zoeken",
            get(signalen::search_form).post(signalen::search),
        )
        .route("/signalen/{id}", get(signalen::dossier))
        .route("/signalen/{id}/journaal", post(signalen::add_entry))
        .route("/signalen/{id}/status", post(signalen::change_status))
        .route(
            "/signalen/{id}/team",
            get(signalen::team_form).post(signalen::change_team),
        )
        .route("/entiteiten/{id}", get(signalen::entity))
        .route("/protocol", get(protocol::show))
        .route("/protocol.pdf", get(protocol::show_pdf))
        .route("/privacy/afwijkingen", get(verwerkingslog::anomalies))
        .route("/privacy/vernietigingen", get(verwerkingslog::destructions))
        .route(
            "/privacy/vernietigingen.pdf",
            get(verwerkingslog::destruction_pdf),
        )
        .route(
            "/privacy/verzoeken",
            get(verzoeken::list).post(verzoeken::register),
        )
        .route("/privacy/verzoeken/{id}", get(verzoeken::show))
        .route(
            "/privacy/verzoeken/{id}/antwoord.pdf",
            get(verzoeken::answer_pdf),
        )
        .route("/privacy/verzoeken/{id}/{stap}", post(verzoeken::step))
        .route(
            "/privacy/vernietigingen.csv",
            get(verwerkingslog::destruction_csv),
        )
        .route(
            "/privacy/verwerkingslog",
            get(verwerkingslog::form).post(verwerkingslog::search),
        )
        .route("/signalen/{id}/protocol", get(protocol::signal_protocol))
        .route(
            "/signalen/{id}/privacytoetsen",
            post(protocol::decide_check),
        )
        .route("/signalen/{id}/bronraadplegingen", post(protocol::consult))
        .route("/beheer", get(admin::index))
        .route("/beheer/gebruikers", get(admin::users))
        .route(
            "/beheer/gebruikers/nieuw",
            get(admin::new_user_form).post(admin::create_user),
        )
        .route(
            "/beheer/gebruikers/{id}",
            get(admin::edit_user_form).post(admin::update_user),
        )
        .route(
            "/beheer/gebruikers/{id}/mfa-reset",
            post(admin::reset_second_factor),
        )
        .route(
            "/beheer/gemeenten",
            get(admin::gemeenten).post(admin::add_gemeente),
        )
        .route("/beheer/gemeenten/{code}", post(admin::rename_gemeente))
        .route("/beheer/audit", get(admin::audit_log))
        .route(
            "/beheer/protocol",
            get(admin::protocol_form).post(admin::load_protocol),
        )
}

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
}

impl Shell {
    /// A frame without user or deployment details (error pages rendered outside a handler).
    pub fn bare(title: &str) -> Self {
        Shell {
            title: title.to_string(),
            demo: false,
            organisatie: String::new(),
            user: None,
        }
    }

    /// A frame for a page shown before sign-in.
    pub fn public(state: &AppState, title: &str) -> Self {
        Shell {
            title: title.to_string(),
            demo: state.config.demo,
            organisatie: state.config.organisatie.clone(),
            user: None,
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
        }
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

/// An instant as Dutch readers expect it: local time, day first.
pub fn format_instant(at: &time::OffsetDateTime) -> String {
    baken_domain::tijd::format_nl(*at)
}
