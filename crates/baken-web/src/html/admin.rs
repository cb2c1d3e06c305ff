//! Administration pages: users and roles, municipalities, the audit log. The services refuse
//! everyone but a `beheerder`; these handlers only render.

use super::form::FormState;
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::{Shell, format_instant};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use baken_core::UserRecord;
use baken_core::{Caller, NewUserInput, ServiceError, UserUpdateInput};
use baken_domain::{Gemeente, Role, UserId, ValidationErrors};
use serde::Deserialize;
use uuid::Uuid;

fn caller(user: &SignedIn) -> Caller {
    Caller::User(user.view.actor.clone())
}

pub async fn index(State(state): State<AppState>, user: SignedIn) -> Result<Response, PageError> {
    state.services.users(&caller(&user)).await?;
    Ok(Redirect::to("/beheer/gebruikers").into_response())
}

pub struct UserLine {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub roles: String,
    pub gemeenten: String,
    pub active: bool,
    pub mfa: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer/users.html")]
pub struct UsersPage {
    shell: Shell,
    users: Vec<UserLine>,
}

pub async fn users(State(state): State<AppState>, user: SignedIn) -> Result<UsersPage, PageError> {
    let records = state.services.users(&caller(&user)).await?;
    let shell = Shell::signed_in(&state, &user.view, "Gebruikers", "/beheer").await;
    let users = records
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            name: u.name.to_string(),
            email: u.email.to_string(),
            roles: u
                .roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", "),
            gemeenten: u
                .gemeenten
                .iter()
                .map(|g| shell.gemeente(g))
                .collect::<Vec<_>>()
                .join(", "),
            active: u.active,
            mfa: u.totp.confirmed,
        })
        .collect();
    Ok(UsersPage { shell, users })
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The form for a new or an existing account; `id` is set when editing.
#[derive(Template, WebTemplate)]
#[template(path = "beheer/user_form.html")]
pub struct UserFormPage {
    shell: Shell,
    id: Option<UserId>,
    email: String,
    name: String,
    roles: Vec<Choice>,
    gemeenten: Vec<Choice>,
    active: bool,
    bibob: bool,
    mfa: bool,
    errors: ValidationErrors,
}

fn role_choices(selected: &[String]) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().into(),
            label: r.label().into(),
            checked: selected.iter().any(|s| s == r.as_str()),
        })
        .collect()
}

fn gemeente_choices(all: &[Gemeente], selected: &[String]) -> Vec<Choice> {
    all.iter()
        .map(|g| Choice {
            value: g.code.to_string(),
            label: g.naam.to_string(),
            checked: selected.iter().any(|s| s == g.code.as_str()),
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct UserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    naam: String,
    #[serde(default)]
    rollen: Vec<String>,
    #[serde(default)]
    gemeenten: Vec<String>,
    #[serde(default)]
    wachtwoord: String,
    #[serde(default)]
    actief: Option<String>,
    #[serde(default)]
    bibob: Option<String>,
}

async fn form_page(
    state: &AppState,
    user: &SignedIn,
    id: Option<UserId>,
    form: &UserForm,
    existing: Option<&UserRecord>,
    errors: ValidationErrors,
) -> Result<UserFormPage, PageError> {
    let all = state.services.gemeenten().await?;
    let title = if id.is_some() {
        "Gebruiker wijzigen"
    } else {
        "Nieuwe gebruiker"
    };
    Ok(UserFormPage {
        shell: Shell::signed_in(state, &user.view, title, "/beheer").await,
        id,
        email: form.email.clone(),
        name: form.naam.clone(),
        roles: role_choices(&form.rollen),
        gemeenten: gemeente_choices(&all, &form.gemeenten),
        active: form.actief.is_some(),
        bibob: form.bibob.is_some(),
        mfa: existing.is_some_and(|u| u.totp.confirmed),
        errors,
    })
}

pub async fn new_user_form(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<UserFormPage, PageError> {
    state.services.users(&caller(&user)).await?;
    let form = UserForm {
        actief: Some("on".into()),
        ..Default::default()
    };
    form_page(&state, &user, None, &form, None, ValidationErrors::new()).await
}

pub async fn create_user(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<UserForm>,
) -> Result<Response, PageError> {
    let input = NewUserInput {
        email: form.email.clone(),
        name: form.naam.clone(),
        roles: form.rollen.clone(),
        gemeenten: form.gemeenten.clone(),
        password: form.wachtwoord.clone(),
    };
    match state
        .services
        .add_user(&caller(&user), &input, &user.ctx)
        .await
    {
        Ok(_) => Ok(Redirect::to("/beheer/gebruikers").into_response()),
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::BAD_REQUEST,
            form_page(&state, &user, None, &form, None, errors).await?,
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

fn parse_id(id: &str) -> Result<UserId, PageError> {
    Uuid::parse_str(id)
        .map(UserId)
        .map_err(|_| PageError::Service(ServiceError::NotFound))
}

pub async fn edit_user_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<UserFormPage, PageError> {
    let id = parse_id(&id)?;
    let record = state.services.user(&caller(&user), id).await?;
    let form = UserForm {
        email: record.email.to_string(),
        naam: record.name.to_string(),
        rollen: record
            .roles
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
        gemeenten: record.gemeenten.iter().map(|g| g.to_string()).collect(),
        wachtwoord: String::new(),
        actief: record.active.then(|| "on".into()),
        bibob: record.bibob_clearance.then(|| "on".into()),
    };
    form_page(
        &state,
        &user,
        Some(id),
        &form,
        Some(&record),
        ValidationErrors::new(),
    )
    .await
}

pub async fn update_user(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(mut form): Form<UserForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let existing = state.services.user(&caller(&user), id).await?;
    form.email = existing.email.to_string();
    let input = UserUpdateInput {
        name: form.naam.clone(),
        roles: form.rollen.clone(),
        gemeenten: form.gemeenten.clone(),
        active: form.actief.is_some(),
        bibob_clearance: form.bibob.is_some(),
    };
    match state
        .services
        .update_user(&caller(&user), id, &input, &user.ctx)
        .await
    {
        Ok(_) => Ok(Redirect::to("/beheer/gebruikers").into_response()),
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::BAD_REQUEST,
            form_page(&state, &user, Some(id), &form, Some(&existing), errors).await?,
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

pub async fn reset_second_factor(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    state
        .services
        .reset_second_factor(&caller(&user), id, &user.ctx)
        .await?;
    Ok(Redirect::to(&format!("/beheer/gebruikers/{id}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer/gemeenten.html")]
pub struct GemeentenPage {
    shell: Shell,
    gemeenten: Vec<Gemeente>,
    code: String,
    naam: String,
    errors: ValidationErrors,
}

async fn gemeenten_page(
    state: &AppState,
    user: &SignedIn,
    code: String,
    naam: String,
    errors: ValidationErrors,
) -> Result<GemeentenPage, PageError> {
    state.services.users(&caller(user)).await?;
    Ok(GemeentenPage {
        shell: Shell::signed_in(state, &user.view, "Gemeenten", "/beheer").await,
        gemeenten: state.services.gemeenten().await?,
        code,
        naam,
        errors,
    })
}

pub async fn gemeenten(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<GemeentenPage, PageError> {
    gemeenten_page(
        &state,
        &user,
        String::new(),
        String::new(),
        ValidationErrors::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct GemeenteForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    naam: String,
}

pub async fn add_gemeente(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<GemeenteForm>,
) -> Result<Response, PageError> {
    match state
        .services
        .add_gemeente(&caller(&user), &form.code, &form.naam, &user.ctx)
        .await
    {
        Ok(_) => Ok(Redirect::to("/beheer/gemeenten").into_response()),
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::BAD_REQUEST,
            gemeenten_page(&state, &user, form.code, form.naam, errors).await?,
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

pub async fn rename_gemeente(
    State(state): State<AppState>,
    user: SignedIn,
    Path(code): Path<String>,
    Form(form): Form<GemeenteForm>,
) -> Result<Response, PageError> {
    match state
        .services
        .rename_gemeente(&caller(&user), &code, &form.naam, &user.ctx)
        .await
    {
        Ok(()) => Ok(Redirect::to("/beheer/gemeenten").into_response()),
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::BAD_REQUEST,
            gemeenten_page(&state, &user, String::new(), String::new(), errors).await?,
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub outcome: String,
    pub client: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer/audit.html")]
pub struct AuditPage {
    shell: Shell,
    lines: Vec<AuditLine>,
}

pub async fn audit_log(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<AuditPage, PageError> {
    let records = state.services.recent_audit(&caller(&user), 200).await?;
    let users = state.services.users(&caller(&user)).await?;
    let lines = records
        .into_iter()
        .map(|r| AuditLine {
            at: format_instant(&r.at),
            actor: match r.actor {
                Some(id) => users
                    .iter()
                    .find(|u| u.id == id)
                    .map(|u| u.name.to_string())
                    .unwrap_or_else(|| id.to_string()),
                None => "systeem / onbekend".into(),
            },
            action: baken_core::audit::AuditAction::parse(&r.action)
                .map_or(r.action, |a| a.label().to_string()),
            object: r.object.unwrap_or_default(),
            outcome: r.outcome,
            client: r.client_addr.unwrap_or_default(),
        })
        .collect();
    Ok(AuditPage {
        shell: Shell::signed_in(&state, &user.view, "Auditlog", "/beheer").await,
        lines,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "beheer/protocol.html")]
pub struct ProtocolLoadPage {
    shell: Shell,
    form: FormState,
    gemeenten: Vec<(String, String)>,
    geladen: Vec<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ProtocolLoadForm {
    gemeente: Vec<String>,
    protocol: String,
}

async fn protocol_page(
    state: &AppState,
    user: &SignedIn,
    form: FormState,
    geladen: Vec<String>,
) -> Result<ProtocolLoadPage, PageError> {
    if !user.view.actor.may(baken_domain::Permission::Administer) {
        return Err(PageError::Service(baken_core::ServiceError::Forbidden));
    }
    let gemeenten = state
        .services
        .gemeenten()
        .await?
        .into_iter()
        .map(|g| (g.code.to_string(), g.naam.to_string()))
        .collect();
    Ok(ProtocolLoadPage {
        shell: Shell::signed_in(state, &user.view, "Privacyprotocol laden", "/beheer").await,
        form,
        gemeenten,
        geladen,
    })
}

/// `/beheer/protocol`: an administrator loads a protocol version (the same service as the CLI and
/// the API), starting from the default text.
pub async fn protocol_form(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<ProtocolLoadPage, PageError> {
    let mut form = FormState::default();
    form.values.insert(
        "protocol".into(),
        baken_domain::protocol::CCV_MODEL.to_string(),
    );
    protocol_page(&state, &user, form, vec![]).await
}

pub async fn load_protocol(
    State(state): State<AppState>,
    user: SignedIn,
    axum_extra::extract::Form(input): axum_extra::extract::Form<ProtocolLoadForm>,
) -> Result<Response, PageError> {
    let mut form = FormState::default();
    form.values
        .insert("protocol".into(), input.protocol.clone());
    form.multi.insert("gemeente".into(), input.gemeente.clone());
    match state
        .services
        .load_protocol(&caller(&user), &input.gemeente, &input.protocol, &user.ctx)
        .await
    {
        Ok(loaded) => {
            let geladen = loaded
                .iter()
                .map(|v| {
                    format!(
                        "Versie {} geladen voor {}; geldt vanaf {}.",
                        v.versie,
                        v.gemeente,
                        baken_domain::tijd::format_date_nl(v.vastgesteld_op)
                    )
                })
                .collect();
            Ok(protocol_page(&state, &user, form, geladen)
                .await?
                .into_response())
        }
        Err(baken_core::ServiceError::Invalid(errors)) => {
            form.errors = errors;
            let page = protocol_page(&state, &user, form, vec![]).await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/beheer", get(index))
        .route("/beheer/gebruikers", get(users))
        .route(
            "/beheer/gebruikers/nieuw",
            get(new_user_form).post(create_user),
        )
        .route(
            "/beheer/gebruikers/{id}",
            get(edit_user_form).post(update_user),
        )
        .route(
            "/beheer/gebruikers/{id}/mfa-reset",
            post(reset_second_factor),
        )
        .route("/beheer/gemeenten", get(gemeenten).post(add_gemeente))
        .route("/beheer/gemeenten/{code}", post(rename_gemeente))
        .route("/beheer/audit", get(audit_log))
        .route("/beheer/protocol", get(protocol_form).post(load_protocol))
}
