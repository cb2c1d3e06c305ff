//! Signing in (password, then the second factor), enrolling the second factor, signing out.

use crate::AppState;
use crate::error::PageError;
use crate::session::{AnySession, Client, cleared_cookie, session_cookie};
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use baken_core::ServiceError;
use baken_core::SessionStage;
use baken_domain::ValidationErrors;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    shell: Shell,
    email: String,
    errors: ValidationErrors,
    message: Option<String>,
}

pub async fn sign_in_form(State(state): State<AppState>) -> SignInPage {
    SignInPage {
        shell: Shell::public(&state, "Aanmelden"),
        email: String::new(),
        errors: ValidationErrors::new(),
        message: None,
    }
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    wachtwoord: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    Client(ctx): Client,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    let mut page = SignInPage {
        shell: Shell::public(&state, "Aanmelden"),
        email: form.email.clone(),
        errors: ValidationErrors::new(),
        message: None,
    };
    if form.email.trim().is_empty() {
        page.errors.add("email", "Vul uw e-mailadres in.");
    }
    if form.wachtwoord.is_empty() {
        page.errors.add("wachtwoord", "Vul uw wachtwoord in.");
    }
    if !page.errors.is_empty() {
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    }
    match state
        .services
        .sign_in(&form.email, &form.wachtwoord, &ctx)
        .await
    {
        Ok(outcome) => {
            let jar = jar.add(session_cookie(outcome.token, state.config.secure_cookies()));
            let next = match outcome.stage {
                SessionStage::AwaitingMfa => "/mfa",
                SessionStage::MustEnrolMfa => "/mfa/inrichten",
                SessionStage::Complete => "/",
            };
            Ok((jar, Redirect::to(next)).into_response())
        }
        Err(ServiceError::InvalidCredentials) => {
            page.message = Some("Deze combinatie van e-mailadres en wachtwoord klopt niet.".into());
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
        Err(ServiceError::Locked { until }) => {
            page.message = Some(format!(
                "Er zijn te veel mislukte pogingen gedaan. Aanmelden kan weer na {}.",
                crate::shell::format_instant(&until)
            ));
            Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "second_factor.html")]
pub struct SecondFactorPage {
    shell: Shell,
    message: Option<String>,
}

pub async fn second_factor_form(
    State(state): State<AppState>,
    session: AnySession,
) -> Result<Response, PageError> {
    match session.view.session.stage {
        SessionStage::AwaitingMfa => Ok(SecondFactorPage {
            shell: Shell::public(&state, "Tweede stap"),
            message: None,
        }
        .into_response()),
        SessionStage::MustEnrolMfa => Ok(Redirect::to("/mfa/inrichten").into_response()),
        SessionStage::Complete => Ok(Redirect::to("/").into_response()),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn second_factor(
    State(state): State<AppState>,
    session: AnySession,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    match state
        .services
        .verify_second_factor(&session.token, &form.code, &session.ctx)
        .await
    {
        Ok(token) => Ok((
            jar.add(session_cookie(token, state.config.secure_cookies())),
            Redirect::to("/"),
        )
            .into_response()),
        Err(ServiceError::InvalidCredentials) => {
            let page = SecondFactorPage {
                shell: Shell::public(&state, "Tweede stap"),
                message: Some("Deze code klopt niet. Probeer de nieuwste code uit de app.".into()),
            };
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
        Err(ServiceError::Locked { until }) => {
            let message = format!(
                "Er zijn te veel mislukte pogingen gedaan. Aanmelden kan weer na {}.",
                crate::shell::format_instant(&until)
            );
            Ok((
                StatusCode::TOO_MANY_REQUESTS,
                SecondFactorPage {
                    shell: Shell::public(&state, "Tweede stap"),
                    message: Some(message),
                },
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "enrol.html")]
pub struct EnrolPage {
    shell: Shell,
    qr_svg: String,
    secret: String,
    errors: ValidationErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub shell: Shell,
    pub codes: Vec<String>,
    pub next: &'static str,
}

async fn enrol_page(
    state: &AppState,
    session: &AnySession,
    errors: ValidationErrors,
) -> Result<EnrolPage, PageError> {
    let enrolment = state.services.enrolment(&session.view).await?;
    let shell = if session.view.session.stage == SessionStage::Complete {
        Shell::signed_in(state, &session.view, "Tweede factor instellen", "/account").await
    } else {
        Shell::public(state, "Tweede factor instellen")
    };
    Ok(EnrolPage {
        shell,
        qr_svg: enrolment.qr_svg,
        secret: enrolment.secret_base32,
        errors,
    })
}

pub async fn enrol_form(
    State(state): State<AppState>,
    session: AnySession,
) -> Result<Response, PageError> {
    if session.view.session.stage == SessionStage::AwaitingMfa {
        return Ok(Redirect::to("/mfa").into_response());
    }
    Ok(enrol_page(&state, &session, ValidationErrors::new())
        .await?
        .into_response())
}

pub async fn enrol(
    State(state): State<AppState>,
    session: AnySession,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    match state
        .services
        .confirm_enrolment(&session.token, &form.code, &session.ctx)
        .await
    {
        Ok((token, codes)) => {
            let view = state
                .services
                .complete_session(&token, &session.ctx)
                .await?;
            let page = RecoveryCodesPage {
                shell: Shell::signed_in(&state, &view, "Herstelcodes", "/account").await,
                codes,
                next: "/",
            };
            Ok((
                jar.add(session_cookie(token, state.config.secure_cookies())),
                page,
            )
                .into_response())
        }
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::BAD_REQUEST,
            enrol_page(&state, &session, errors).await?,
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    Client(ctx): Client,
    jar: CookieJar,
) -> Result<Response, PageError> {
    if let Some(cookie) = jar.get(crate::session::SESSION_COOKIE) {
        state.services.sign_out(cookie.value(), &ctx).await?;
    }
    let jar = jar.add(cleared_cookie(state.config.secure_cookies()));
    Ok((jar, Redirect::to("/aanmelden")).into_response())
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/aanmelden", get(sign_in_form).post(sign_in))
        .route("/mfa", get(second_factor_form).post(second_factor))
        .route("/mfa/inrichten", get(enrol_form).post(enrol))
        .route("/afmelden", post(sign_out))
}
