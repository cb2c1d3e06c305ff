//! Pages for meetings: the list with the form to plan one, the meeting (agenda, attendees, action
//! items, notes and closing), the decision on one item (its own page, so that every form works
//! without JavaScript and every field has one id), and the minutes as each reader may see them.

use crate::AppState;
use crate::error::PageError;
use crate::html::casussen::{TaakRegel, taak_regel};
use crate::html::form::{FormState, dossier_path, keep, renamed, snake, value, values};

use crate::html::signalen::{parse_uuid, some};
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_core::overleggen::{
    ActiepuntInvoer, Agendapunt, BesluitInvoer, Overleg, OverlegInvoer, OverlegWijziging,
};
use baken_domain::dossier::{DossierAccess, DossierSoort};
use baken_domain::overleg::{OverlegSoort, OverlegStatus};
use baken_domain::{UserId, ValidationErrors};
use uuid::Uuid;

mod besluit;
use besluit::{decide, decision_form};

fn date_nl(d: time::Date) -> String {
    baken_domain::tijd::format_date_nl(d)
}

fn user_ids(values: &[String]) -> Vec<UserId> {
    values
        .iter()
        .filter_map(|v| Uuid::parse_str(v.trim()).ok())
        .map(UserId)
        .collect()
}

/// A colleague as a checkbox: id, name, checked.
pub struct Collega {
    pub id: String,
    pub naam: String,
    pub gekozen: bool,
}

async fn collega_opties(
    state: &AppState,
    user: &SignedIn,
    gemeente: &baken_domain::GemeenteCode,
    gekozen: &[String],
) -> Result<Vec<Collega>, PageError> {
    Ok(state
        .services
        .assignable_users(&user.view.actor, gemeente)
        .await?
        .into_iter()
        .filter(|(u, _)| *u != user.view.actor.user_id)
        .map(|(u, naam)| Collega {
            gekozen: gekozen.contains(&u.0.to_string()),
            id: u.0.to_string(),
            naam,
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "overleggen/lijst.html")]
pub struct LijstPage {
    shell: Shell,
    /// id, title, kind, date, status, chair.
    regels: Vec<(Uuid, String, &'static str, String, &'static str, String)>,
    form: FormState,
    soort_opties: Vec<(String, String)>,
    collegas: Vec<Collega>,
    mag_plannen: bool,
}

async fn lijst_page(
    state: &AppState,
    user: &SignedIn,
    form: FormState,
) -> Result<LijstPage, PageError> {
    let lines = state.services.meetings(&user.view.actor).await?;
    let shell = Shell::signed_in(state, &user.view, "Overleggen", "/overleggen").await;
    let mag_plannen = user.view.actor.may(baken_domain::Permission::WorkDossiers);
    let collegas = match (mag_plannen, user.view.active_gemeente()) {
        (true, Some(g)) => collega_opties(state, user, g, &values_of(&form, "deelnemers")).await?,
        _ => Vec::new(),
    };
    Ok(LijstPage {
        shell,
        regels: lines
            .iter()
            .map(|l| {
                (
                    l.record.id,
                    l.record.titel.clone(),
                    l.record.soort.label(),
                    date_nl(l.record.datum),
                    l.record.status.label(),
                    l.voorzitter.clone(),
                )
            })
            .collect(),
        form,
        soort_opties: OverlegSoort::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label().to_string()))
            .collect(),
        collegas,
        mag_plannen,
    })
}

/// The values a form kept under one name, comma-joined (checkboxes).
fn values_of(form: &FormState, name: &str) -> Vec<String> {
    form.value(name)
        .split(',')
        .map(str::to_string)
        .filter(|v| !v.is_empty())
        .collect()
}

pub async fn list(State(state): State<AppState>, user: SignedIn) -> Result<LijstPage, PageError> {
    let mut form = FormState::default();
    form.values.insert("soort".into(), "signalenoverleg".into());
    form.values.insert(
        "datum".into(),
        baken_domain::tijd::today_nl(state.services.clock().now()).to_string(),
    );
    lijst_page(&state, &user, form).await
}

pub async fn create(
    State(state): State<AppState>,
    user: SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let deelnemers = values(&fields, "deelnemers");
    let input = OverlegInvoer {
        soort: value(&fields, "soort"),
        datum: value(&fields, "datum"),
        titel: some(&value(&fields, "titel")),
        gemeente: user.view.active_gemeente().map(|g| g.as_str().to_string()),
        voorzitter: None,
        deelnemers: user_ids(&deelnemers),
        externen: value(&fields, "externen")
            .lines()
            .map(str::to_string)
            .collect(),
    };
    match state
        .services
        .plan_meeting(&user.view.actor, &input, &user.ctx)
        .await
    {
        Ok(record) => Ok(crate::flash::redirect(
            &format!("/overleggen/{}", record.id),
            "overleg-gepland",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let mut form = keep(&fields);
            form.values
                .insert("deelnemers".into(), deelnemers.join(","));
            form.errors = renamed(&errors, |n| {
                if n.starts_with("externen") {
                    "externen".into()
                } else if n.starts_with("deelnemers") || n == "voorzitter" {
                    "deelnemers".into()
                } else {
                    snake(n)
                }
            });
            let page = lijst_page(&state, &user, form).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// An agenda item as the meeting page shows it.
pub struct PuntRegel {
    pub dossier: Uuid,
    pub pad: String,
    pub nummer: String,
    pub status: String,
    pub ontvangen: String,
    pub fenomenen: String,
    pub volledig: bool,
    pub besluit: Option<String>,
    pub motivering: Option<String>,
    pub te_besluiten: bool,
}

fn punt_regel(p: &Agendapunt, open: bool, voorzitter: bool) -> PuntRegel {
    let volledig = p.toegang == DossierAccess::Full;
    PuntRegel {
        dossier: p.record.dossier_id,
        pad: dossier_path(p.soort, p.record.dossier_id),
        nummer: p.nummer.clone(),
        status: p.status.clone(),
        ontvangen: date_nl(p.ontvangen),
        fenomenen: p
            .fenomenen
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", "),
        volledig,
        besluit: p.besluit.clone(),
        motivering: p.record.toelichting.clone(),
        te_besluiten: open && voorzitter && volledig && p.record.besluit.is_none(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "overleggen/overleg.html")]
pub struct OverlegPage {
    shell: Shell,
    id: Uuid,
    titel: String,
    feiten: Vec<(&'static str, String)>,
    deelnemers: Vec<String>,
    punten: Vec<PuntRegel>,
    actiepunten: Vec<TaakRegel>,
    verslag: String,
    open: bool,
    voorzitter: bool,
    weegt_signalen: bool,
    versie: i64,
    /// Open cases that may be put on the agenda.
    casus_opties: Vec<(String, String)>,
    eigenaar_opties: Vec<(String, String)>,
    dossier_opties: Vec<(String, String)>,
    collegas: Vec<Collega>,
    agenda_form: FormState,
    actie_form: FormState,
    verslag_form: FormState,
}

#[derive(Default)]
struct Forms {
    agenda: FormState,
    actie: FormState,
    verslag: Option<FormState>,
}

async fn overleg_page(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    context: &str,
    forms: Forms,
) -> Result<OverlegPage, PageError> {
    let actor = &user.view.actor;
    let o: Overleg = state.services.meeting(actor, id, context).await?;
    let r = &o.record;
    let open = r.status == OverlegStatus::Gepland;
    let shell = Shell::signed_in(state, &user.view, &r.titel, "/overleggen").await;
    let feiten = vec![
        ("Soort", r.soort.label().to_string()),
        ("Datum", date_nl(r.datum)),
        ("Gemeente", shell.gemeente(&r.gemeente)),
        ("Voorzitter", o.voorzitter.clone()),
        ("Status", r.status.label().to_string()),
    ];
    let deelnemers = r
        .deelnemers
        .iter()
        .map(|d| match &d.organisatie {
            Some(org) => format!("{} ({org})", d.naam),
            None if d.is_extern() => d.naam.clone(),
            None => format!("{} (gemeente)", d.naam),
        })
        .collect();
    let punten: Vec<PuntRegel> = o
        .punten
        .iter()
        .map(|p| punt_regel(p, open, o.mag_voorzitten))
        .collect();
    let mut casus_opties = Vec::new();
    let mut eigenaar_opties = Vec::new();
    let mut collegas = Vec::new();
    if o.mag_voorzitten && open {
        casus_opties.push((String::new(), "Kies een casus".to_string()));
        casus_opties.extend(
            state
                .services
                .cases(actor, false, context)
                .await?
                .into_iter()
                .filter(|c| c.record.gemeente == r.gemeente)
                .filter(|c| {
                    !o.punten
                        .iter()
                        .any(|p| p.record.dossier_id == c.record.dossier_id)
                })
                .map(|c| {
                    (
                        c.record.dossier_id.to_string(),
                        format!("{} – {}", c.nummer, c.record.naam),
                    )
                }),
        );
        let gekozen: Vec<String> = match &forms.verslag {
            Some(f) => values_of(f, "deelnemers"),
            None => r
                .deelnemers
                .iter()
                .filter_map(|d| d.gebruiker.map(|u| u.0.to_string()))
                .collect(),
        };
        collegas = collega_opties(state, user, &r.gemeente, &gekozen).await?;
    }
    if o.mag_voorzitten {
        eigenaar_opties.push((String::new(), "De voorzitter".to_string()));
        eigenaar_opties.extend(
            state
                .services
                .assignable_users(actor, &r.gemeente)
                .await?
                .into_iter()
                .map(|(u, naam)| (u.0.to_string(), naam)),
        );
    }
    let dossier_opties = std::iter::once((String::new(), "Geen (algemeen actiepunt)".to_string()))
        .chain(
            o.punten
                .iter()
                .filter(|p| p.toegang == DossierAccess::Full)
                .map(|p| (p.record.dossier_id.to_string(), p.nummer.clone())),
        )
        .collect();
    let verslag_form = forms.verslag.unwrap_or_else(|| {
        let mut f = FormState::default();
        f.values
            .insert("verslag".into(), r.verslag.clone().unwrap_or_default());
        f.values.insert(
            "externen".into(),
            r.deelnemers
                .iter()
                .filter(|d| d.is_extern())
                .map(|d| match &d.organisatie {
                    Some(org) => format!("{} ({org})", d.naam),
                    None => d.naam.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        );
        f
    });
    Ok(OverlegPage {
        id,
        titel: r.titel.clone(),
        feiten,
        deelnemers,
        punten,
        actiepunten: o.actiepunten.iter().map(taak_regel).collect(),
        verslag: r.verslag.clone().unwrap_or_default(),
        open,
        voorzitter: o.mag_voorzitten,
        weegt_signalen: r.soort.weegt_signalen(),
        versie: r.versie,
        casus_opties,
        eigenaar_opties,
        dossier_opties,
        collegas,
        agenda_form: forms.agenda,
        actie_form: forms.actie,
        verslag_form,
        shell,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<OverlegPage, PageError> {
    let id = parse_uuid(&id)?;
    overleg_page(&state, &user, id, "GET /overleggen/{id}", Forms::default()).await
}

/// A conflict or refusal shown at a form's field.
fn at_field(field: &str, message: String) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    errors.add(field, message);
    errors
}

/// Puts a case on the agenda, or draws the signals again (`bijwerken`).
pub async fn add_item(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let result = if value(&fields, "bijwerken") == "ja" {
        state
            .services
            .refresh_agenda(&user.view.actor, id, &user.ctx)
            .await
            .map(|_| ())
    } else {
        match Uuid::parse_str(value(&fields, "dossier").trim()) {
            Ok(dossier) => state
                .services
                .add_agenda_item(&user.view.actor, id, dossier, &user.ctx)
                .await
                .map(|_| ()),
            Err(_) => Err(ServiceError::Invalid(at_field(
                "dossier",
                "Kies een casus voor de agenda.".into(),
            ))),
        }
    };
    let (code, errors) = match result {
        Ok(()) => {
            return Ok(crate::flash::redirect(
                &format!("/overleggen/{id}#kop-agenda"),
                "agenda",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (StatusCode::BAD_REQUEST, errors),
        Err(ServiceError::Conflict { message, .. }) => {
            (StatusCode::CONFLICT, at_field("dossier", message))
        }
        Err(e) => return Err(e.into()),
    };
    let mut agenda = keep(&fields);
    agenda.errors = errors;
    let page = overleg_page(
        &state,
        &user,
        id,
        "POST /overleggen/{id}/agendapunten",
        Forms {
            agenda,
            ..Forms::default()
        },
    )
    .await?;
    Ok((code, page).into_response())
}

/// Takes an undecided item off the agenda.
pub async fn remove_item(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, dossier)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    state
        .services
        .remove_agenda_item(&user.view.actor, id, parse_uuid(&dossier)?, &user.ctx)
        .await?;
    Ok(crate::flash::redirect(
        &format!("/overleggen/{id}#kop-agenda"),
        "agenda",
        state.config.secure_cookies(),
    ))
}

/// Notes, attendees and closing.
pub async fn update(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let deelnemers = values(&fields, "deelnemers");
    let change = OverlegWijziging {
        verslag: Some(value(&fields, "verslag")),
        deelnemers: Some(user_ids(&deelnemers)),
        externen: Some(
            value(&fields, "externen")
                .lines()
                .map(str::to_string)
                .collect(),
        ),
        status: (value(&fields, "afronden") == "ja").then(|| "afgerond".to_string()),
        versie: value(&fields, "versie").trim().parse().ok(),
        ..Default::default()
    };
    let (code, errors) = match state
        .services
        .update_meeting(&user.view.actor, id, &change, &user.ctx)
        .await
    {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("/overleggen/{id}"),
                "overleg",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (
            StatusCode::BAD_REQUEST,
            renamed(&errors, |n| {
                if n.starts_with("externen") {
                    "externen".into()
                } else if n.starts_with("deelnemers") || n == "voorzitter" {
                    "deelnemers".into()
                } else {
                    snake(n)
                }
            }),
        ),
        Err(ServiceError::Conflict { message, .. }) => {
            (StatusCode::CONFLICT, at_field("verslag", message))
        }
        Err(e) => return Err(e.into()),
    };
    let mut verslag = keep(&fields);
    verslag
        .values
        .insert("deelnemers".into(), deelnemers.join(","));
    verslag.errors = errors;
    let page = overleg_page(
        &state,
        &user,
        id,
        "POST /overleggen/{id}",
        Forms {
            verslag: Some(verslag),
            ..Forms::default()
        },
    )
    .await?;
    Ok((code, page).into_response())
}

/// A new action item.
pub async fn add_action(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let input = ActiepuntInvoer {
        omschrijving: Some(value(&fields, "omschrijving")),
        eigenaar: some(&value(&fields, "eigenaar"))
            .and_then(|e| Uuid::parse_str(&e).ok())
            .map(UserId),
        uiterlijk_op: some(&value(&fields, "uiterlijk_op")),
        dossier: some(&value(&fields, "dossier")).and_then(|d| Uuid::parse_str(&d).ok()),
    };
    let errors = match state
        .services
        .add_action_item(&user.view.actor, id, &input, &user.ctx)
        .await
    {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("/overleggen/{id}#kop-actiepunten"),
                "actiepunt",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => renamed(&errors, snake),
        Err(e) => return Err(e.into()),
    };
    let mut actie = keep(&fields);
    actie.errors = errors;
    let page = overleg_page(
        &state,
        &user,
        id,
        "POST /overleggen/{id}/actiepunten",
        Forms {
            actie,
            ..Forms::default()
        },
    )
    .await?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "overleggen/verslag.html")]
pub struct VerslagPage {
    shell: Shell,
    id: Uuid,
    titel: String,
    feiten: Vec<(&'static str, String)>,
    deelnemers: Vec<String>,
    punten: Vec<PuntRegel>,
    actiepunten: Vec<TaakRegel>,
    verslag: String,
    lezer: String,
}

/// The minutes as this reader may see them: items of dossiers the reader may not know of are
/// left out, items known by their index line carry no motivation.
pub async fn minutes(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<VerslagPage, PageError> {
    let id = parse_uuid(&id)?;
    let page = overleg_page(
        &state,
        &user,
        id,
        "GET /overleggen/{id}/verslag",
        Forms::default(),
    )
    .await?;
    let shell = Shell::signed_in(&state, &user.view, "Verslag", "/overleggen").await;
    Ok(VerslagPage {
        shell,
        id,
        titel: page.titel,
        feiten: page.feiten,
        deelnemers: page.deelnemers,
        punten: page.punten,
        actiepunten: page.actiepunten,
        verslag: page.verslag,
        lezer: user.view.user.name.to_string(),
    })
}

/// The minutes as PDF, for this reader.
pub async fn minutes_pdf(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let pdf = state
        .services
        .meeting_minutes_pdf(
            &user.view.actor,
            parse_uuid(&id)?,
            "GET /overleggen/{id}/verslag.pdf",
        )
        .await?;
    Ok(crate::api::pdf_response(pdf, "verslag-overleg.pdf"))
}

pub(super) fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/overleggen", get(list).post(create))
        .route("/overleggen/{id}", get(show).post(update))
        .route("/overleggen/{id}/verslag", get(minutes))
        .route("/overleggen/{id}/verslag.pdf", get(minutes_pdf))
        .route("/overleggen/{id}/agendapunten", post(add_item))
        .route(
            "/overleggen/{id}/agendapunten/{dossier}",
            get(decision_form).post(decide),
        )
        .route(
            "/overleggen/{id}/agendapunten/{dossier}/verwijderen",
            post(remove_item),
        )
        .route("/overleggen/{id}/actiepunten", post(add_action))
}
