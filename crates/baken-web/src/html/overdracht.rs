//! `/overdracht`: what a colleague holds (open dossiers, running interventions, open deadlines) and
//! the coordinator's bulk handover to a successor. Anyone sees their own holdings here.

use super::form::FormState;
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_domain::UserId;
use baken_domain::tijd::format_date_weekday_nl;
use serde::Deserialize;
use uuid::Uuid;

/// One line of a holding.
pub struct BezitRegel {
    pub href: String,
    pub label: String,
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "overdracht.html")]
pub struct OverdrachtPage {
    shell: Shell,
    /// Whose holdings are shown (empty before a coordinator chooses).
    van: String,
    naam: String,
    eigen: bool,
    coordinator: bool,
    collegas: Vec<(String, String)>,
    opvolgers: Vec<(String, String)>,
    /// Dossiers, interventions, deadlines: heading, anchor, lines.
    groepen: Vec<(&'static str, &'static str, Vec<BezitRegel>)>,
    leeg: bool,
    form: FormState,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OverdrachtQuery {
    van: Option<String>,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    van: Option<UserId>,
    form: FormState,
) -> Result<OverdrachtPage, PageError> {
    let actor = &user.view.actor;
    let coordinator = actor.has_role(baken_domain::Role::Coordinator);
    let collegas: Vec<(String, String)> = match (coordinator, user.view.active_gemeente()) {
        (true, Some(g)) => {
            let mut list = vec![(String::new(), "Kies een collega".to_string())];
            list.extend(
                state
                    .services
                    .assignable_users(actor, g)
                    .await?
                    .into_iter()
                    .map(|(u, n)| (u.to_string(), n)),
            );
            list
        }
        _ => Vec::new(),
    };
    let wie = van.unwrap_or(actor.user_id);
    let bezit = if van.is_some() || !coordinator {
        Some(
            state
                .services
                .holdings(actor, wie, "GET /overdracht")
                .await?,
        )
    } else {
        None
    };
    let opvolgers = collegas
        .iter()
        .filter(|(id, _)| *id != wie.to_string())
        .cloned()
        .collect();
    let (naam, dossiers, maatregelen, termijnen, leeg) = match &bezit {
        None => (String::new(), vec![], vec![], vec![], false),
        Some(b) => (
            b.naam.clone(),
            b.dossiers
                .iter()
                .map(|(d, how)| BezitRegel {
                    href: format!("/signalen/{}", d.id),
                    label: d.nummer.clone(),
                    detail: format!("{}; {}", d.status.label(), how.join(", ")),
                })
                .collect(),
            b.maatregelen
                .iter()
                .map(|m| BezitRegel {
                    href: format!("/maatregelen/{}", m.id),
                    label: m.nummer.clone(),
                    detail: b
                        .instrumenten
                        .get(&m.id)
                        .cloned()
                        .unwrap_or_else(|| m.instrument.clone()),
                })
                .collect(),
            b.termijnen
                .iter()
                .map(|t| BezitRegel {
                    href: t
                        .maatregel_id
                        .map_or(format!("/signalen/{}", t.dossier_id), |m| {
                            format!("/maatregelen/{m}")
                        }),
                    label: t.omschrijving.clone(),
                    detail: format!("uiterlijk {}", format_date_weekday_nl(t.einddatum)),
                })
                .collect(),
            b.is_empty(),
        ),
    };
    Ok(OverdrachtPage {
        shell: Shell::signed_in(state, &user.view, "Overdracht", "/overdracht").await,
        van: van.map(|v| v.to_string()).unwrap_or_default(),
        naam,
        eigen: bezit.is_some() && wie == actor.user_id,
        coordinator,
        collegas,
        opvolgers,
        groepen: vec![
            ("Signalen", "signalen", dossiers),
            ("Maatregelen", "maatregelen", maatregelen),
            ("Termijnen", "termijnen", termijnen),
        ],
        leeg,
        form,
    })
}

fn parse_user(value: &str) -> Option<UserId> {
    Uuid::parse_str(value.trim()).ok().map(UserId)
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<OverdrachtQuery>,
) -> Result<OverdrachtPage, PageError> {
    let van = match q.van.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(parse_user(v).ok_or(PageError::Service(ServiceError::NotFound))?),
    };
    let mut form = FormState::default();
    if let Some(v) = van {
        form.values.insert("van".into(), v.to_string());
    }
    page(&state, &user, van, form).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OverdrachtForm {
    van: String,
    naar: String,
    reden: String,
}

pub async fn hand_over(
    State(state): State<AppState>,
    user: SignedIn,
    Form(f): Form<OverdrachtForm>,
) -> Result<Response, PageError> {
    let van = parse_user(&f.van).ok_or(PageError::Service(ServiceError::NotFound))?;
    let result = state
        .services
        .hand_over(
            &user.view.actor,
            van,
            parse_user(&f.naar),
            Some(&f.reden),
            &user.ctx,
        )
        .await;
    match result {
        Ok(_) => Ok(crate::flash::redirect(
            &format!("/overdracht?van={van}"),
            "overgedragen",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let mut form = FormState::default();
            form.values.insert("van".into(), f.van.clone());
            form.values.insert("naar".into(), f.naar.clone());
            form.values.insert("reden".into(), f.reden.clone());
            form.errors = errors;
            let page = page(&state, &user, Some(van), form).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new().route("/overdracht", get(show).post(hand_over))
}
