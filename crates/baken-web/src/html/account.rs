//! "Mijn account": password, second factor, sessions and API tokens of the signed-in user.

use crate::AppState;
use crate::error::PageError;
use crate::session::{SignedIn, cleared_cookie};
use crate::shell::{Shell, format_instant};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use baken_core::{Caller, ServiceError};
use baken_domain::ValidationErrors;
use serde::Deserialize;
use uuid::Uuid;

pub struct SessionLine {
    pub id: Uuid,
    pub current: bool,
    pub since: String,
    pub last_seen: String,
    pub client: String,
}

pub struct TokenLine {
    pub id: Uuid,
    pub label: String,
    pub created: String,
    pub last_used: String,
    pub expires: String,
    pub revoked: bool,
    pub expired: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/overview.html")]
pub struct AccountPage {
    shell: Shell,
    email: String,
    roles: String,
    mfa_enabled: bool,
    recovery_codes_left: i64,
    sessions: Vec<SessionLine>,
    tokens: Vec<TokenLine>,
    password_errors: ValidationErrors,
    token_errors: ValidationErrors,
    notice: Option<String>,
    new_token: Option<String>,
}

impl AccountPage {
    async fn load(state: &AppState, user: &SignedIn) -> Result<Self, PageError> {
        let services = &state.services;
        let sessions = services
            .sessions_of(&user.view)
            .await?
            .into_iter()
            .map(|s| SessionLine {
                id: s.id,
                current: s.id == user.view.session.id,
                since: format_instant(&s.created_at),
                last_seen: format_instant(&s.last_seen_at),
                client: [
                    s.client_addr.unwrap_or_default(),
                    s.user_agent
                        .map(|ua| ua.chars().take(60).collect())
                        .unwrap_or_default(),
                ]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
            })
            .collect();
        let tokens = services
            .api_tokens_of(&user.view)
            .await?
            .into_iter()
            .map(|t| TokenLine {
                id: t.id,
                expires: format_instant(&state.services.token_expiry(&t)),
                expired: state.services.token_expiry(&t) <= state.services.clock().now(),
                label: t.label,
                created: format_instant(&t.created_at),
                last_used: t
                    .last_used_at
                    .map(|at| format_instant(&at))
                    .unwrap_or_else(|| "nooit".into()),
                revoked: t.revoked_at.is_some(),
            })
            .collect();
        Ok(AccountPage {
            shell: Shell::signed_in(state, &user.view, "Mijn account", "/account").await,
            email: user.view.user.email.to_string(),
            roles: user
                .view
                .user
                .roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", "),
            mfa_enabled: user.view.user.totp.confirmed,
            recovery_codes_left: services.count_recovery_codes(user.view.user.id).await?,
            sessions,
            tokens,
            password_errors: ValidationErrors::new(),
            token_errors: ValidationErrors::new(),
            notice: None,
            new_token: None,
        })
    }
}

pub async fn overview(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<AccountPage, PageError> {
    AccountPage::load(&state, &user).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    huidig: String,
    #[serde(default)]
    nieuw: String,
    #[serde(default)]
    herhaling: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let result = state
        .services
        .change_password(
            &user.view,
            &form.huidig,
            &form.nieuw,
            &form.herhaling,
            &user.ctx,
        )
        .await;
    let mut page = AccountPage::load(&state, &user).await?;
    match result {
        Ok(()) => {
            page.notice =
                Some("Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.".into());
            page.sessions.retain(|s| s.current);
            Ok(page.into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            page.password_errors = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn regenerate_recovery_codes(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let codes = state
        .services
        .regenerate_recovery_codes(&user.view, &user.ctx)
        .await?;
    let page = super::auth::RecoveryCodesPage {
        shell: Shell::signed_in(&state, &user.view, "Herstelcodes", "/account").await,
        codes,
        next: "/account",
    };
    Ok(page.into_response())
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    user: SignedIn,
    jar: CookieJar,
) -> Result<Response, PageError> {
    state
        .services
        .sign_out_everywhere(&user.view, &user.ctx)
        .await?;
    Ok((
        jar.add(cleared_cookie(state.config.secure_cookies())),
        Redirect::to("/aanmelden"),
    )
        .into_response())
}

pub async fn end_session(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    state
        .services
        .end_session(&user.view, id, &user.ctx)
        .await?;
    Ok(Redirect::to("/account#sessies").into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    naam: String,
    /// Days the token is valid; empty for the default.
    #[serde(default)]
    dagen: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let caller = Caller::User(user.view.actor.clone());
    let result = match form.dagen.trim() {
        "" => Ok(None),
        d => d.parse::<i64>().map(Some).map_err(|_| {
            let mut errors = baken_domain::ValidationErrors::new();
            errors.add("dagen", "Vul een aantal dagen in.");
            ServiceError::Invalid(errors)
        }),
    };
    let result = match result {
        Ok(dagen) => {
            state
                .services
                .create_api_token_for(
                    &caller,
                    user.view.user.email.as_str(),
                    &form.naam,
                    dagen,
                    &user.ctx,
                )
                .await
        }
        Err(e) => Err(e),
    };
    let mut page = AccountPage::load(&state, &user).await?;
    match result {
        Ok((_, token)) => {
            page.new_token = Some(token);
            Ok(page.into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            page.token_errors = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    state
        .services
        .revoke_api_token(&user.view, id, &user.ctx)
        .await?;
    Ok(Redirect::to("/account#tokens").into_response())
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/account", get(overview))
        .route("/account/wachtwoord", post(change_password))
        .route("/account/herstelcodes", post(regenerate_recovery_codes))
        .route("/account/afmelden-overal", post(sign_out_everywhere))
        .route("/account/sessies/{id}/beeindigen", post(end_session))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/intrekken", post(revoke_token))
}
