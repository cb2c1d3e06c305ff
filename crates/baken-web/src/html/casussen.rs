//! Pages for cases and tasks: the list of cases, starting a case from a signal in `naar-casus`,
//! the case's part of its dossier page (facts, phase form, fields, linked signals), the tasks of
//! a dossier and "Mijn taken". A case's page is its dossier page: the journal, attachments,
//! subjects and objects, privacy checks and interventions are the dossier kernel's.

use crate::AppState;
use crate::error::PageError;
use crate::html::form::{FormState, dossier_path, keep, renamed, snake, value};
use crate::html::signalen::dossier::{DossierPage, dossier_page, new_entry_form};
use crate::html::signalen::{parse_uuid, some};
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::DossierRecord;
use baken_core::ServiceError;
use baken_core::casussen::{CasusInvoer, CasusStatusInvoer, CasusWijziging, Taak, TaakInvoer};
use baken_domain::casus::{Afsluitreden, TaakStatus};
use baken_domain::dossier::{DossierAccess, DossierSoort};
use baken_domain::{UserId, ValidationErrors};
use serde::Deserialize;
use uuid::Uuid;

fn date_nl(d: time::Date) -> String {
    baken_domain::tijd::format_date_nl(d)
}

/// A task as a list shows it.
pub struct TaakRegel {
    pub id: Uuid,
    pub omschrijving: String,
    pub eigenaar: String,
    pub uiterlijk: String,
    pub status: &'static str,
    pub open: bool,
    pub te_laat: bool,
    /// The dossier's page and number.
    pub dossier: Option<(String, String)>,
}

pub(crate) fn taak_regel(t: &Taak) -> TaakRegel {
    let r = &t.record;
    TaakRegel {
        id: r.id,
        omschrijving: r.omschrijving.clone(),
        eigenaar: t.eigenaar.clone(),
        uiterlijk: r
            .uiterlijk_op
            .map(date_nl)
            .unwrap_or_else(|| "geen datum".into()),
        status: r.status.label(),
        open: r.status.is_open(),
        te_laat: t.te_laat,
        dossier: r
            .dossier_id
            .zip(t.dossier.as_ref())
            .map(|(id, (nummer, soort))| {
                (
                    match soort {
                        DossierSoort::Casus => format!("/casussen/{id}"),
                        DossierSoort::Signaal => format!("/signalen/{id}"),
                    },
                    nummer.clone(),
                )
            }),
    }
}

/// The case's own part of its dossier page.
pub struct CasusBlok {
    pub afgesloten: bool,
    pub fase: String,
    pub naam: String,
    pub doel: String,
    pub plan: String,
    pub afdelingen: Vec<String>,
    pub partners: Vec<String>,
    pub feiten: Vec<(&'static str, String)>,
    pub signalen: Vec<(Uuid, String, &'static str)>,
    pub afgeschermd: usize,
    pub fase_opties: Vec<(String, String)>,
    pub reden_opties: Vec<(String, String)>,
    pub versie: i64,
}

/// What a dossier page shows about cases and tasks: for a case its part; for a signal the case it
/// went into, or whether one can be started; for both the tasks and their form.
#[derive(Default)]
pub struct CasusDeel {
    pub casus: Option<CasusBlok>,
    pub in_casus: Option<(Uuid, String)>,
    pub kan_starten: bool,
    pub taken: Vec<TaakRegel>,
    pub eigenaar_opties: Vec<(String, String)>,
    /// The forms' own input and errors: the case's fields, its phase, a new task.
    pub form: FormState,
    pub fase_form: FormState,
    pub taak_form: FormState,
    /// No new tasks: the case is closed.
    pub gesloten: bool,
}

pub(crate) async fn deel(
    state: &AppState,
    user: &SignedIn,
    d: &DossierRecord,
    toegang: DossierAccess,
    namen: &std::collections::BTreeMap<UserId, String>,
    delen: &baken_core::dossiers::DossierDelen,
) -> Result<CasusDeel, PageError> {
    if toegang != DossierAccess::Full {
        return Ok(CasusDeel::default());
    }
    let actor = &user.view.actor;
    let mut deel = CasusDeel::default();
    // Who may own a task: the people who work on the dossier.
    let mut mensen: Vec<UserId> = vec![d.eigenaar];
    mensen.extend(d.toegewezen_aan);
    mensen.extend(d.team.iter().copied());
    mensen.dedup();
    let mut opties = vec![(String::new(), "Ikzelf".to_string())];
    for u in mensen {
        if u != actor.user_id && !opties.iter().any(|(v, _)| *v == u.0.to_string()) {
            opties.push((u.0.to_string(), namen.get(&u).cloned().unwrap_or_default()));
        }
    }
    deel.eigenaar_opties = opties;
    match d.soort {
        DossierSoort::Casus => {
            // Read with the page's other parts; only a page without it reads the case itself.
            let gelezen;
            let c = match &delen.casus {
                Some(c) => c,
                None => {
                    gelezen = state
                        .services
                        .case(actor, d.id, "GET /casussen/{id}")
                        .await?;
                    &gelezen
                }
            };
            deel.taken = c.taken.iter().map(taak_regel).collect();
            let r = &c.record;
            let mut feiten = vec![
                ("Fase", r.status.label().to_string()),
                ("Casusregisseur", c.regisseur.clone()),
                (
                    "Gestart",
                    date_nl(baken_domain::tijd::today_nl(r.aangemaakt_op)),
                ),
            ];
            if let Some(t) = r.nazorg_tot {
                feiten.push(("Nazorg tot en met", date_nl(t)));
            }
            if let (Some(reden), Some(op)) = (r.afsluitreden, r.afgesloten_op) {
                feiten.push((
                    "Afgesloten",
                    format!(
                        "{} ({})",
                        date_nl(baken_domain::tijd::today_nl(op)),
                        reden.label().to_lowercase()
                    ),
                ));
                let bewaar = baken_domain::protocol::Duur::parse(&c.bewaartermijn)
                    .map(|d| d.omschrijving())
                    .unwrap_or_default();
                feiten.push(("Bewaartermijn", format!("{bewaar} na het afsluiten")));
            }
            deel.gesloten = r.status.is_closed();
            deel.casus = Some(CasusBlok {
                afgesloten: r.status.is_closed(),
                fase: c.fase.clone().unwrap_or_default(),
                naam: r.naam.clone(),
                doel: r.doel.clone(),
                plan: r.plan_van_aanpak.clone().unwrap_or_default(),
                afdelingen: r.afdelingen.clone(),
                partners: r.partners.clone(),
                feiten,
                signalen: c
                    .signalen
                    .iter()
                    .map(|(id, n, s)| (*id, n.clone(), s.label()))
                    .collect(),
                afgeschermd: c.signalen_afgeschermd,
                fase_opties: std::iter::once((String::new(), "Kies de volgende fase".to_string()))
                    .chain(c.overgangen.iter().map(|o| {
                        let mut label = o.naar.label().to_string();
                        if let Some(t) = &o.privacytoets {
                            label.push_str(&format!(" (na privacytoets {t})"));
                        }
                        (o.naar.as_str().to_string(), label)
                    }))
                    .collect(),
                reden_opties: std::iter::once((String::new(), "Alleen bij afsluiten".to_string()))
                    .chain(
                        Afsluitreden::ALL
                            .iter()
                            .map(|a| (a.as_str().to_string(), a.label().to_string())),
                    )
                    .collect(),
                versie: r.versie,
            });
            let mut form = FormState::default();
            form.values.insert("naam".into(), r.naam.clone());
            form.values.insert("doel".into(), r.doel.clone());
            form.values.insert(
                "plan_van_aanpak".into(),
                r.plan_van_aanpak.clone().unwrap_or_default(),
            );
            form.values
                .insert("afdelingen".into(), r.afdelingen.join("\n"));
            form.values.insert("partners".into(), r.partners.join("\n"));
            deel.form = form;
        }
        DossierSoort::Signaal => {
            deel.in_casus = delen.in_casus.clone();
            deel.kan_starten = deel.in_casus.is_none()
                && d.status == baken_domain::signaal::SignaalStatus::NaarCasus
                && actor.may(baken_domain::Permission::WorkDossiers);
            deel.taken = delen.taken.iter().map(taak_regel).collect();
        }
    }
    Ok(deel)
}

/// A case's page: its dossier page with the case's part.
pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<DossierPage, PageError> {
    let id = parse_uuid(&id)?;
    // The page's reads (dossier, case, work, interventions) are logged in one commit.
    state
        .services
        .reads_logged_once(async {
            let view = state
                .services
                .signal(&user.view.actor, id, "GET /casussen/{id}")
                .await?;
            if view.dossier.soort != DossierSoort::Casus {
                return Err(ServiceError::NotFound.into());
            }
            dossier_page(&state, &user, view, new_entry_form()).await
        })
        .await
}

async fn page_with(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    context: &str,
    set: impl FnOnce(&mut CasusDeel),
) -> Result<DossierPage, PageError> {
    let view = state.services.signal(&user.view.actor, id, context).await?;
    let mut page = dossier_page(state, user, view, new_entry_form()).await?;
    set(&mut page.casus);
    Ok(page)
}

fn lines(value: &str) -> Vec<String> {
    value.lines().map(str::to_string).collect()
}

/// The fields of a case (name, goal, plan of approach, departments, partners).
pub async fn update(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let change = CasusWijziging {
        naam: Some(value(&fields, "naam")),
        doel: Some(value(&fields, "doel")),
        plan_van_aanpak: Some(value(&fields, "plan_van_aanpak")),
        afdelingen: Some(lines(&value(&fields, "afdelingen"))),
        partners: Some(lines(&value(&fields, "partners"))),
        regisseur: None,
        versie: value(&fields, "versie").trim().parse().ok(),
    };
    let (code, errors) = match state
        .services
        .update_case(&user.view.actor, id, &change, &user.ctx)
        .await
    {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("/casussen/{id}"),
                "casus",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (StatusCode::BAD_REQUEST, renamed(&errors, snake)),
        Err(ServiceError::Conflict { message, .. }) => {
            let mut errors = ValidationErrors::new();
            errors.add("naam", message);
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e.into()),
    };
    let page = page_with(&state, &user, id, "POST /casussen/{id}", |deel| {
        deel.form = keep(&fields);
        deel.form.errors = errors;
    })
    .await?;
    Ok((code, page).into_response())
}

/// The phase form: next phase, motivation, closing reason, end of monitoring.
pub async fn phase(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let input = CasusStatusInvoer {
        status: value(&fields, "status"),
        motivering: some(&value(&fields, "motivering")),
        afsluitreden: some(&value(&fields, "afsluitreden")),
        nazorg_tot: some(&value(&fields, "nazorg_tot")),
        versie: value(&fields, "versie").trim().parse().ok(),
    };
    let (code, errors) = match state
        .services
        .change_case_status(&user.view.actor, id, &input, &user.ctx)
        .await
    {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("/casussen/{id}"),
                "casus-fase",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (StatusCode::BAD_REQUEST, renamed(&errors, snake)),
        Err(ServiceError::Refused(weigering)) => {
            let mut errors = ValidationErrors::new();
            errors.add(
                "status",
                format!(
                    "Niet toegestaan door het privacyprotocol: {}",
                    weigering.melding()
                ),
            );
            let code = if weigering.niet_bevoegd {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            };
            (code, errors)
        }
        Err(ServiceError::Conflict { message, .. }) => {
            let mut errors = ValidationErrors::new();
            errors.add("status", message);
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e.into()),
    };
    let page = page_with(&state, &user, id, "POST /casussen/{id}/fase", |deel| {
        deel.fase_form = keep(&fields);
        deel.fase_form.errors = errors;
    })
    .await?;
    Ok((code, page).into_response())
}

/// A new task in a dossier (a case's or a signal's).
pub async fn add_task(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let eigenaar = some(&value(&fields, "eigenaar"))
        .and_then(|e| Uuid::parse_str(&e).ok())
        .map(UserId);
    let input = TaakInvoer {
        omschrijving: Some(value(&fields, "omschrijving")),
        eigenaar,
        uiterlijk_op: some(&value(&fields, "uiterlijk_op")),
        status: None,
        versie: None,
    };
    let result = state
        .services
        .add_task(&user.view.actor, id, &input, &user.ctx)
        .await;
    let view = state
        .services
        .signal(&user.view.actor, id, "POST /signalen/{id}/taken")
        .await?;
    let (code, errors) = match result {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("{}#kop-taken", dossier_path(view.dossier.soort, id)),
                "taak",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (StatusCode::BAD_REQUEST, renamed(&errors, snake)),
        Err(ServiceError::Conflict { message, .. }) => {
            let mut errors = ValidationErrors::new();
            errors.add("omschrijving", message);
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e.into()),
    };
    let mut page = dossier_page(&state, &user, view, new_entry_form()).await?;
    page.casus.taak_form = keep(&fields);
    page.casus.taak_form.errors = errors;
    Ok((code, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TaakStatusForm {
    status: String,
    versie: String,
    /// `taken`: back to one's own list; otherwise to the dossier.
    terug: String,
}

/// A task's status (open, busy, done, lapsed), from a dossier page or one's own list.
pub async fn task_status(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<TaakStatusForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let record = state
        .services
        .update_task(
            &user.view.actor,
            id,
            &TaakInvoer {
                status: Some(f.status),
                versie: f.versie.trim().parse().ok(),
                ..Default::default()
            },
            &user.ctx,
        )
        .await?;
    let target = match (f.terug.as_str(), record.dossier_id) {
        ("taken", _) | (_, None) => "/taken".to_string(),
        (_, Some(d)) => {
            let view = state
                .services
                .signal(&user.view.actor, d, "POST /taken/{id}")
                .await?;
            format!("{}#kop-taken", dossier_path(view.dossier.soort, d))
        }
    };
    Ok(crate::flash::redirect(
        &target,
        "taak",
        state.config.secure_cookies(),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "casussen/lijst.html")]
pub struct LijstPage {
    shell: Shell,
    regels: Vec<(Uuid, String, String, &'static str, String, usize, String)>,
    ook_afgesloten: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LijstQuery {
    afgesloten: String,
}

pub async fn list(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<LijstQuery>,
) -> Result<LijstPage, PageError> {
    let ook_afgesloten = q.afgesloten == "ja";
    let lines = state
        .services
        .cases(&user.view.actor, ook_afgesloten, "GET /casussen")
        .await?;
    let shell = Shell::signed_in(&state, &user.view, "Casussen", "/casussen").await;
    Ok(LijstPage {
        shell,
        regels: lines
            .iter()
            .map(|l| {
                (
                    l.record.dossier_id,
                    l.nummer.clone(),
                    l.record.naam.clone(),
                    l.record.status.label(),
                    l.regisseur.clone(),
                    l.signalen,
                    l.record.nazorg_tot.map(date_nl).unwrap_or_default(),
                )
            })
            .collect(),
        ook_afgesloten,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "casussen/nieuw.html")]
pub struct NieuwPage {
    shell: Shell,
    signaal: Uuid,
    signaal_nummer: String,
    form: FormState,
    regisseur_opties: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NieuwQuery {
    signaal: String,
}

async fn nieuw_page(
    state: &AppState,
    user: &SignedIn,
    signaal: Uuid,
    form: FormState,
) -> Result<NieuwPage, PageError> {
    let view = state
        .services
        .signal(&user.view.actor, signaal, "GET /casussen/nieuw")
        .await?;
    if view.toegang != DossierAccess::Full || view.dossier.soort != DossierSoort::Signaal {
        return Err(ServiceError::NotFound.into());
    }
    let d = &view.dossier;
    let mut regisseur_opties = vec![(String::new(), "Ikzelf".to_string())];
    let mut mensen = vec![d.eigenaar];
    mensen.extend(d.toegewezen_aan);
    mensen.extend(d.team.iter().copied());
    for u in mensen {
        if u != user.view.actor.user_id
            && !regisseur_opties.iter().any(|(v, _)| *v == u.0.to_string())
        {
            regisseur_opties.push((
                u.0.to_string(),
                view.namen.get(&u).cloned().unwrap_or_default(),
            ));
        }
    }
    let shell = Shell::signed_in(state, &user.view, "Casus starten", "/casussen").await;
    Ok(NieuwPage {
        shell,
        signaal,
        signaal_nummer: d.nummer.clone(),
        form,
        regisseur_opties,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<NieuwQuery>,
) -> Result<NieuwPage, PageError> {
    let signaal = parse_uuid(&q.signaal)?;
    let mut form = FormState::default();
    form.values
        .insert("afdelingen".into(), "Openbare orde en veiligheid".into());
    nieuw_page(&state, &user, signaal, form).await
}

pub async fn create(
    State(state): State<AppState>,
    user: SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let signaal = parse_uuid(&value(&fields, "signaal"))?;
    let regisseur = some(&value(&fields, "regisseur"))
        .and_then(|e| Uuid::parse_str(&e).ok())
        .map(UserId);
    let input = CasusInvoer {
        naam: value(&fields, "naam"),
        doel: value(&fields, "doel"),
        signalen: vec![signaal],
        regisseur,
        team: Vec::new(),
        afdelingen: lines(&value(&fields, "afdelingen")),
        partners: lines(&value(&fields, "partners")),
    };
    match state
        .services
        .start_case(&user.view.actor, &input, &user.ctx)
        .await
    {
        Ok(record) => Ok(crate::flash::redirect(
            &format!("/casussen/{}", record.dossier_id),
            "casus-gestart",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let mut form = keep(&fields);
            // A problem with the signal itself is shown at the top of the form.
            form.errors = renamed(&errors, |n| {
                if n.starts_with("signalen") {
                    "signaal".into()
                } else {
                    snake(n)
                }
            });
            let page = nieuw_page(&state, &user, signaal, form).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "taken.html")]
pub struct TakenPage {
    shell: Shell,
    taken: Vec<TaakRegel>,
    status_opties: Vec<(String, String)>,
}

pub async fn mine(State(state): State<AppState>, user: SignedIn) -> Result<TakenPage, PageError> {
    let taken = state
        .services
        .my_tasks(&user.view.actor, "GET /taken")
        .await?;
    let shell = Shell::signed_in(&state, &user.view, "Mijn taken", "/taken").await;
    Ok(TakenPage {
        shell,
        taken: taken.iter().map(taak_regel).collect(),
        status_opties: TaakStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label().to_string()))
            .collect(),
    })
}

pub(super) fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/casussen", get(list))
        .route("/casussen/nieuw", get(new_form).post(create))
        .route("/casussen/{id}", get(show).post(update))
        .route("/casussen/{id}/fase", post(phase))
        .route("/signalen/{id}/taken", post(add_task))
        .route("/taken", get(mine))
        .route("/taken/{id}", post(task_status))
}
