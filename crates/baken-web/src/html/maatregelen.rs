//! Intervention pages: proposing one under the catalogue (`/signalen/{id}/maatregelen/nieuw`), the
//! intervention with its timeline of steps and deadlines and the form for the next step
//! (`/maatregelen/{id}`), and the deadline overview (`/termijnen`). Thin handlers over the
//! interventions services; every form re-renders with its errors at the fields.

use super::form::{FormState, renamed, snake};
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_core::maatregelen::{Maatregel, MaatregelInput, StapInput, TermijnRegel};
use baken_domain::maatregelen::tijdlijn::Aan;
use baken_domain::maatregelen::uitkomst::{conclusie, format_bedrag};
use baken_domain::maatregelen::{BibobGrond, Gevaar, Stap};
use baken_domain::tijd::{format_date_nl, format_date_weekday_nl};
use serde::Deserialize;
use uuid::Uuid;

use super::signalen::{parse_uuid, some};

/// An instrument as the proposal form explains it.
pub struct InstrumentUitleg {
    pub naam: String,
    pub grondslag: String,
    pub bevoegd: &'static str,
    pub gronden: Vec<(String, String)>,
    pub spoed: bool,
    pub duur: bool,
}

/// A line of the Damocles matrix as the form shows it.
pub struct MatrixRegel {
    pub overtreding: String,
    pub object: &'static str,
    pub hoeveelheid: &'static str,
    pub maatregel: String,
}

/// "signaal" or "casus", as a sentence names the dossier.
fn dossier_woord(soort: baken_domain::dossier::DossierSoort) -> &'static str {
    match soort {
        baken_domain::dossier::DossierSoort::Casus => "casus",
        baken_domain::dossier::DossierSoort::Signaal => "signaal",
    }
}

pub(crate) fn matrix_regels(catalogus: &baken_domain::maatregelen::Catalogus) -> Vec<MatrixRegel> {
    catalogus
        .document
        .damocles
        .iter()
        .map(|r| MatrixRegel {
            overtreding: match r.overtreding {
                1 => "eerste".into(),
                2 => "tweede".into(),
                _ => "derde en volgende".into(),
            },
            object: r.object.label(),
            hoeveelheid: r.hoeveelheid.label(),
            maatregel: format!(
                "{}{}",
                catalogus
                    .instrument(&r.instrument)
                    .map_or(r.instrument.clone(), |i| i.naam.clone()),
                r.duur
                    .as_deref()
                    .and_then(|d| baken_domain::protocol::Duur::parse(d).ok())
                    .map(|d| format!(", {}", d.omschrijving()))
                    .unwrap_or_default()
            ),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "maatregelen/nieuw.html")]
pub struct NieuwPage {
    shell: Shell,
    id: Uuid,
    nummer: String,
    /// The signal's or case's page, and which of the two it is.
    dossier_pad: String,
    dossier_woord: &'static str,
    form: FormState,
    instrumenten: Vec<(String, String)>,
    uitleg: Vec<InstrumentUitleg>,
    gronden: Vec<(String, String)>,
    subjecten: Vec<(String, String)>,
    objecten: Vec<(String, String)>,
    beleidsregel: String,
    matrix: Vec<MatrixRegel>,
}

async fn nieuw_page(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    form: FormState,
) -> Result<NieuwPage, PageError> {
    let actor = &user.view.actor;
    let view = state
        .services
        .signal(actor, id, "GET /signalen/{id}/maatregelen/nieuw")
        .await?;
    if view.toegang != baken_domain::dossier::DossierAccess::Full {
        return Err(PageError::Service(ServiceError::NotFound));
    }
    let catalogus = state
        .services
        .catalogue_view(actor, Some(&view.dossier.gemeente))
        .await?
        .catalogus;
    let mut instrumenten = vec![(String::new(), "Kies een instrument".to_string())];
    instrumenten.extend(
        catalogus
            .instrumenten()
            .iter()
            .filter(|i| {
                i.klasse != baken_domain::dossier::Vertrouwelijkheid::Bibob || actor.bibob_clearance
            })
            .map(|i| (i.code.clone(), i.naam.clone())),
    );
    let uitleg = catalogus
        .instrumenten()
        .iter()
        .map(|i| InstrumentUitleg {
            naam: i.naam.clone(),
            grondslag: i.grondslag.clone(),
            bevoegd: i.bevoegd.label(),
            gronden: i
                .gronden
                .iter()
                .map(|g| (g.code.clone(), g.omschrijving.clone()))
                .collect(),
            spoed: i.spoed.is_some(),
            duur: i.duur_verplicht,
        })
        .collect();
    let gronden = vec![
        (
            String::new(),
            "Geen grond (niet van toepassing)".to_string(),
        ),
        ("a".to_string(), "a-grond".to_string()),
        ("b".to_string(), "b-grond".to_string()),
        ("c".to_string(), "c-grond".to_string()),
    ];
    let mut subjecten = Vec::new();
    let mut objecten = vec![(String::new(), "Geen object".to_string())];
    for e in &view.entiteiten {
        let item = (
            e.entiteit.id.to_string(),
            format!(
                "{} ({})",
                e.entiteit.entiteit.weergave(),
                e.rol.label().to_lowercase()
            ),
        );
        if e.entiteit.entiteit.soort().is_subject() {
            subjecten.push(item);
        } else {
            objecten.push(item);
        }
    }
    let matrix = matrix_regels(&catalogus);
    Ok(NieuwPage {
        shell: Shell::signed_in(state, &user.view, "Maatregel voorstellen", "/signalen").await,
        id,
        nummer: view.dossier.nummer.clone(),
        dossier_pad: crate::html::form::dossier_path(view.dossier.soort, id),
        dossier_woord: dossier_woord(view.dossier.soort),
        form,
        instrumenten,
        uitleg,
        gronden,
        subjecten,
        objecten,
        beleidsregel: catalogus.beleidsregel().to_string(),
        matrix,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<NieuwPage, PageError> {
    nieuw_page(&state, &user, parse_uuid(&id)?, FormState::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let mut form = FormState::default();
    let mut adressaten = Vec::new();
    for (k, v) in &fields {
        if k == "adressaten" {
            form.multi.entry(k.clone()).or_default().push(v.clone());
            if let Ok(u) = Uuid::parse_str(v) {
                adressaten.push(u);
            }
        } else {
            form.values.insert(k.clone(), v.clone());
        }
    }
    let input = MaatregelInput {
        instrument: form.value("instrument"),
        grond: some(&form.value("grond")),
        spoed: form.value("spoed") == "ja",
        spoed_motivering: some(&form.value("spoed_motivering")),
        duur: some(&form.value("duur")),
        adressaten,
        object_id: some(&form.value("object")).and_then(|o| Uuid::parse_str(&o).ok()),
        motivering: some(&form.value("motivering")),
    };
    let result = state
        .services
        .propose_intervention(&user.view.actor, id, &input, &user.ctx)
        .await;
    match result {
        Ok(record) => Ok(crate::flash::redirect(
            &format!("/maatregelen/{}", record.id),
            "maatregel",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            form.errors = renamed(&errors, |n| {
                // `adressaten[0]` → the checkbox group; `spoedMotivering` → `spoed_motivering`.
                if n.starts_with("adressaten") {
                    "adressaten".into()
                } else {
                    snake(n)
                }
            });
            let page = nieuw_page(&state, &user, id, form).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A deadline as the intervention page shows it.
pub struct TermijnWeergave {
    pub omschrijving: String,
    pub aan: &'static str,
    pub einddatum: String,
    pub stand: &'static str,
    pub verlopen: bool,
    pub toelichting: Vec<String>,
}

/// A recorded step as the timeline shows it.
pub struct StapWeergave {
    pub naam: String,
    pub datum: String,
    pub details: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "maatregelen/maatregel.html")]
pub struct MaatregelPage {
    shell: Shell,
    id: Uuid,
    /// The signal's or case's page, and which of the two it is.
    dossier_pad: String,
    dossier_woord: &'static str,
    nummer: String,
    dossier_nummer: String,
    titel: String,
    feiten: Vec<(&'static str, String)>,
    termijnen: Vec<TermijnWeergave>,
    stappen: Vec<StapWeergave>,
    overgeslagen: Vec<String>,
    lopend: bool,
    stap_opties: Vec<(String, String)>,
    form: FormState,
    /// The letters this procedure has: value and button text.
    brieven: Vec<(&'static str, &'static str)>,
    /// Whether the procedure has a Bibob conclusion or an amount to record, and the choices.
    met_gevaar: bool,
    met_bedrag: bool,
    gevaar_opties: Vec<(String, String)>,
    grond_opties: Vec<(String, String)>,
}

fn maatregel_page(state: &AppState, shell: Shell, m: &Maatregel, form: FormState) -> MaatregelPage {
    let today = baken_domain::tijd::today_nl(state.services.clock().now());
    let r = &m.record;
    let mut feiten = vec![
        ("Instrument", m.instrument.naam.clone()),
        ("Grondslag", m.instrument.grondslag.clone()),
        (
            "Bevoegd",
            match m.instrument.bevoegd {
                baken_domain::maatregelen::Bevoegd::Burgemeester => "De burgemeester".to_string(),
                baken_domain::maatregelen::Bevoegd::College => {
                    "Het college van burgemeester en wethouders".to_string()
                }
            },
        ),
        (
            "Beleid",
            format!("{} (catalogus {})", r.beleidsregel, r.catalogus_versie),
        ),
    ];
    if let Some(g) = &r.grond {
        let omschrijving = m
            .instrument
            .gronden
            .iter()
            .find(|x| &x.code == g)
            .map_or(g.clone(), |x| x.omschrijving.clone());
        feiten.push(("Grond", omschrijving));
    }
    if let Some(d) = r
        .duur
        .as_deref()
        .and_then(|d| baken_domain::protocol::Duur::parse(d).ok())
    {
        feiten.push(("Duur", d.omschrijving()));
    }
    if r.spoed {
        feiten.push((
            "Spoedeisend",
            r.spoed_motivering.clone().unwrap_or_default(),
        ));
    }
    if let Some(mo) = &r.motivering {
        feiten.push(("Motivering", mo.clone()));
    }
    // What the penalties brought: forfeited, collected, costs recovered.
    for (stap, label) in [
        (Stap::Verbeurte, "Dwangsommen verbeurd"),
        (Stap::Invordering, "Dwangsommen ingevorderd"),
        (Stap::Kostenverhaal, "Kosten verhaald"),
    ] {
        let bedragen: Vec<i64> = m
            .stappen
            .iter()
            .filter(|s| s.stap == stap.as_str())
            .filter_map(|s| s.bedrag_cent)
            .collect();
        if !bedragen.is_empty() {
            feiten.push((
                label,
                format!(
                    "{} ({}×)",
                    format_bedrag(bedragen.iter().sum()),
                    bedragen.len()
                ),
            ));
        }
    }
    feiten.push((
        "Stand",
        match r.status.as_str() {
            "lopend" => "Lopend".to_string(),
            "afgerond" => "Afgerond".to_string(),
            other => other.to_string(),
        },
    ));
    let termijnen = m
        .termijnen
        .iter()
        .map(|d| TermijnWeergave {
            omschrijving: d.omschrijving.clone(),
            aan: match d.aan {
                Aan::Gemeente => "Gemeente",
                Aan::Betrokkene => "Betrokkene",
            },
            einddatum: format_date_weekday_nl(d.termijn.einddatum),
            stand: if d.voldaan {
                "Voldaan"
            } else if d.termijn.einddatum < today {
                "Verlopen"
            } else {
                "Loopt"
            },
            verlopen: !d.voldaan && d.termijn.einddatum < today,
            toelichting: d.termijn.toelichting.clone(),
        })
        .collect();
    let stappen = m
        .stappen
        .iter()
        .map(|s| {
            let mut details = Vec::new();
            if let Some(d) = s
                .duur
                .as_deref()
                .and_then(|d| baken_domain::protocol::Duur::parse(d).ok())
            {
                details.push(format!("Duur: {}", d.omschrijving()));
            }
            if let Some(e) = &s.ecli {
                details.push(e.clone());
            }
            if let Some(g) = s.gevaar.as_deref().and_then(|g| Gevaar::parse(g).ok()) {
                let grond = s
                    .bibob_grond
                    .as_deref()
                    .and_then(|g| BibobGrond::parse(g).ok());
                details.push(conclusie(g, grond));
            }
            if let Some(c) = s.bedrag_cent {
                details.push(format!("Bedrag: {}", format_bedrag(c)));
            }
            if let Some(t) = &s.toelichting {
                details.push(t.clone());
            }
            StapWeergave {
                naam: Stap::parse(&s.stap)
                    .map(|x| x.label().to_string())
                    .unwrap_or_else(|_| s.stap.clone()),
                datum: format_date_nl(s.datum),
                details,
            }
        })
        .collect();
    let mut stap_opties = vec![(String::new(), "Kies de stap".to_string())];
    stap_opties.extend(
        m.volgende
            .iter()
            .map(|s| (s.as_str().to_string(), s.label().to_string())),
    );
    let brieven = [
        (Stap::Voornemen, "voornemen", "Brief voornemen opstellen"),
        (Stap::Besluit, "besluit", "Besluit opstellen"),
    ]
    .into_iter()
    .filter(|(stap, _, _)| m.instrument.stappen.contains(stap) && !m.overgeslagen.contains(stap))
    .map(|(_, value, label)| (value, label))
    .collect();
    let met_gevaar = [Stap::EigenOnderzoek, Stap::BibobAdvies, Stap::BibobMelding]
        .iter()
        .any(|s| m.instrument.stappen.contains(s));
    let met_bedrag = [Stap::Verbeurte, Stap::Invordering, Stap::Kostenverhaal]
        .iter()
        .any(|s| m.instrument.stappen.contains(s));
    let kies = |leeg: &str, opties: Vec<(String, String)>| {
        std::iter::once((String::new(), leeg.to_string()))
            .chain(opties)
            .collect::<Vec<_>>()
    };
    MaatregelPage {
        met_gevaar,
        met_bedrag,
        gevaar_opties: kies(
            "Geen conclusie (nog)",
            Gevaar::ALL
                .iter()
                .map(|g| (g.as_str().to_string(), g.label().to_string()))
                .collect(),
        ),
        grond_opties: kies(
            "Geen grond",
            BibobGrond::ALL
                .iter()
                .map(|g| (g.as_str().to_string(), g.label().to_string()))
                .collect(),
        ),
        brieven,
        shell,
        id: r.id,
        dossier_pad: crate::html::form::dossier_path(m.dossier_soort, r.dossier_id),
        dossier_woord: dossier_woord(m.dossier_soort),
        nummer: r.nummer.clone(),
        dossier_nummer: m.dossier_nummer.clone(),
        titel: m.instrument.naam.clone(),
        feiten,
        termijnen,
        stappen,
        overgeslagen: m
            .overgeslagen
            .iter()
            .map(|s| s.label().to_string())
            .collect(),
        lopend: r.status == "lopend",
        stap_opties,
        form,
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<MaatregelPage, PageError> {
    let m = state
        .services
        .intervention(&user.view.actor, parse_uuid(&id)?, "GET /maatregelen/{id}")
        .await?;
    let shell = Shell::signed_in(
        &state,
        &user.view,
        &format!("Maatregel {}", m.record.nummer),
        "/termijnen",
    )
    .await;
    let mut form = FormState::default();
    form.values.insert(
        "datum".into(),
        baken_domain::tijd::today_nl(state.services.clock().now()).to_string(),
    );
    Ok(maatregel_page(&state, shell, &m, form))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StapForm {
    stap: String,
    datum: String,
    duur: String,
    toelichting: String,
    ecli: String,
    gevaar: String,
    bibob_grond: String,
    bedrag: String,
}

pub async fn record_step(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<StapForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let result = state
        .services
        .record_step(
            &user.view.actor,
            id,
            &StapInput {
                stap: f.stap.clone(),
                datum: f.datum.clone(),
                duur: some(&f.duur),
                toelichting: some(&f.toelichting),
                ecli: some(&f.ecli),
                bijlage_id: None,
                gevaar: some(&f.gevaar),
                bibob_grond: some(&f.bibob_grond),
                bedrag: some(&f.bedrag),
            },
            &user.ctx,
        )
        .await;
    match result {
        Ok(_) => Ok(crate::flash::redirect(
            &format!("/maatregelen/{id}#kop-termijnen"),
            "maatregel-stap",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let m = state
                .services
                .intervention(&user.view.actor, id, "POST /maatregelen/{id}/stappen")
                .await?;
            let mut form = FormState::default();
            for (k, v) in [
                ("stap", &f.stap),
                ("datum", &f.datum),
                ("duur", &f.duur),
                ("toelichting", &f.toelichting),
                ("ecli", &f.ecli),
                ("gevaar", &f.gevaar),
                ("bibob_grond", &f.bibob_grond),
                ("bedrag", &f.bedrag),
            ] {
                form.values.insert(k.into(), v.clone());
            }
            form.errors = renamed(&errors, snake);
            let shell = Shell::signed_in(
                &state,
                &user.view,
                &format!("Maatregel {}", m.record.nummer),
                "/termijnen",
            )
            .await;
            Ok((
                StatusCode::BAD_REQUEST,
                maatregel_page(&state, shell, &m, form),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BriefForm {
    soort: String,
}

/// Drafts a letter (PDF, an attachment of the signal) and returns to the intervention.
pub async fn letter(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<BriefForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let brief = baken_core::maatregelen::Brief::parse(&f.soort).map_err(|e| {
        let mut errors = baken_domain::ValidationErrors::new();
        errors.add_code("soort", "onbekend", e);
        PageError::Service(ServiceError::Invalid(errors))
    })?;
    state
        .services
        .intervention_letter(&user.view.actor, id, brief, &user.ctx)
        .await?;
    Ok(crate::flash::redirect(
        &format!("/maatregelen/{id}#kop-brieven"),
        "maatregel-brief",
        state.config.secure_cookies(),
    ))
}

/// A line of the deadline overview.
pub struct OverzichtRegel {
    pub omschrijving: String,
    pub einddatum: String,
    pub aan: &'static str,
    /// The signal's or case's page.
    pub dossier_pad: String,
    pub dossier_nummer: String,
    pub maatregel: Option<Uuid>,
    pub verantwoordelijke: String,
}

fn overzicht_regels(regels: &[TermijnRegel]) -> Vec<OverzichtRegel> {
    regels
        .iter()
        .map(|r| OverzichtRegel {
            omschrijving: r.termijn.omschrijving.clone(),
            einddatum: format_date_weekday_nl(r.termijn.einddatum),
            aan: if r.termijn.aan == "gemeente" {
                "Gemeente"
            } else {
                "Betrokkene"
            },
            dossier_pad: crate::html::form::dossier_path(r.dossier_soort, r.termijn.dossier_id),
            dossier_nummer: r.dossier_nummer.clone(),
            maatregel: r.termijn.maatregel_id,
            verantwoordelijke: r.verantwoordelijke.clone(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "termijnen.html")]
pub struct TermijnenPage {
    shell: Shell,
    team: bool,
    mag_team: bool,
    weken: u16,
    /// Overdue, this week, later: heading, anchor and lines.
    groepen: Vec<(&'static str, &'static str, Vec<OverzichtRegel>)>,
    /// The link to the next page, with the same choices.
    volgende: Option<String>,
    vandaag: String,
}

pub async fn overview(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<crate::api::TermijnenQuery>,
) -> Result<TermijnenPage, PageError> {
    let vraag = crate::api::parse_overview_query(&q)?;
    let actor = &user.view.actor;
    let o = state
        .services
        .deadline_overview(actor, &vraag, "GET /termijnen")
        .await?;
    let (team, weken) = (vraag.team, vraag.weken);
    let volgende = o.volgende.as_ref().map(|na| {
        let mut params: Vec<(&str, String)> = Vec::new();
        if team {
            params.push(("team", "ja".into()));
        }
        if weken != 8 {
            params.push(("weken", weken.to_string()));
        }
        if vraag.limiet != baken_core::maatregelen::TERMIJNEN_PER_PAGINA {
            params.push(("limiet", vraag.limiet.to_string()));
        }
        params.push(("na", na.clone()));
        format!(
            "/termijnen?{}",
            serde_urlencoded::to_string(&params).unwrap_or_default()
        )
    });
    Ok(TermijnenPage {
        shell: Shell::signed_in(&state, &user.view, "Termijnen", "/termijnen").await,
        team,
        mag_team: actor.has_role(baken_domain::Role::Coordinator),
        weken,
        groepen: vec![
            ("Verlopen", "verlopen", overzicht_regels(&o.verlopen)),
            ("Deze week", "deze-week", overzicht_regels(&o.deze_week)),
            ("Later", "later", overzicht_regels(&o.later)),
        ],
        volgende,
        vandaag: o.vandaag.map(format_date_weekday_nl).unwrap_or_default(),
    })
}

pub(super) fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/signalen/{id}/maatregelen/nieuw", get(new_form))
        .route("/signalen/{id}/maatregelen", post(create))
        .route("/maatregelen/{id}", get(show))
        .route("/maatregelen/{id}/stappen", post(record_step))
        .route("/maatregelen/{id}/brieven", post(letter))
        .route("/termijnen", get(overview))
}
