//! The dossier page: facts, entities, journal, the journal and status forms.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::html::form::{FormState, renamed, snake};
use crate::session::SignedIn;
use crate::shell::{Shell, format_instant};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_core::dossiers::{
    EntiteitInDossier, JournaalInvoer, JournaalPost, SignaalView, SignaalWijziging,
};
use baken_domain::dossier::{DossierAccess, Vertrouwelijkheid};
use baken_domain::journal::JournaalSoort;
use baken_domain::{UserId, ValidationErrors};
use serde::Deserialize;
use uuid::Uuid;

pub use super::regels::{Koppeling, Post};
pub(super) use super::regels::{koppeling, post};

#[derive(Template, WebTemplate)]
#[template(path = "signalen/dossier.html")]
pub struct DossierPage {
    shell: Shell,
    id: Uuid,
    volledig: bool,
    feiten: Vec<(&'static str, String)>,
    omschrijving: String,
    melder: Option<String>,
    subjecten: Vec<Koppeling>,
    objecten: Vec<Koppeling>,
    posten: Vec<Post>,
    form: FormState,
    soort_opties: Vec<(String, String)>,
    klasse_opties: Vec<(String, String)>,
    correctie_opties: Vec<(String, String)>,
    status_opties: Vec<(String, String)>,
    /// The status form's own input and errors (it re-renders on a refusal).
    status_form: FormState,
    versie: i64,
    bijlagen: Vec<(Uuid, String, String)>,
    pub(super) bijlage_fouten: ValidationErrors,
    bijlagen_ingericht: bool,
    team: Vec<String>,
    toegewezen: bool,
    /// The weighing the next step records, and its criteria.
    weging_naam: Option<String>,
    criteria: Vec<Criterium>,
    /// The answers a criterion takes: value and label.
    keuzes: Vec<(&'static str, &'static str)>,
    aanvragen: Vec<AanvraagRegel>,
    toets_opties: Vec<(String, String)>,
    /// The privacy-check request form's own input and errors.
    pub(super) toets_form: FormState,
    mag_werken: bool,
    /// Sees only the index line and may ask to join the team.
    mag_vragen: bool,
    /// Decides who works on the dossier (owner or coordinator).
    stuurt: bool,
    /// The viewer's own request waits for a decision.
    eigen_open: bool,
    toegang: Vec<super::toegang::ToegangRegel>,
    /// The oldest undecided request: the one the decision form is for.
    eerste_open: Uuid,
    /// The join forms' own input and errors.
    pub(super) toegang_form: FormState,
    /// The dossier's interventions: id, number, instrument, state.
    maatregelen: Vec<(Uuid, String, String, String)>,
    /// `Signaal S-…` or `Casus C-…`.
    titel: String,
    /// A case's own part, a signal's case, and the tasks (see [`crate::html::casussen`]).
    pub(crate) casus: crate::html::casussen::CasusDeel,
}

/// The dossier's interventions as its page lists them: id, number, instrument, state.
fn maatregel_regels(
    maatregelen: &[baken_core::maatregelen::Maatregel],
) -> Vec<(Uuid, String, String, String)> {
    maatregelen
        .iter()
        .map(|m| {
            let open = m.termijnen.iter().filter(|t| !t.voldaan).count();
            (
                m.record.id,
                m.record.nummer.clone(),
                m.instrument.naam.clone(),
                match (m.record.status.as_str(), open) {
                    ("lopend", 0) => "Lopend".to_string(),
                    ("lopend", 1) => "Lopend, 1 open termijn".to_string(),
                    ("lopend", n) => format!("Lopend, {n} open termijnen"),
                    _ => "Afgerond".to_string(),
                },
            )
        })
        .collect()
}
/// The facts the dossier page lists; an index line shows that the dossier exists, not who works
/// on it or where it came from.
fn feiten(
    d: &baken_core::DossierRecord,
    volledig: bool,
    shell: &Shell,
    name: &dyn Fn(UserId) -> String,
    werk: &baken_core::dossiers::DossierWerk,
    today: time::Date,
) -> Vec<(&'static str, String)> {
    let fenomenen = d
        .fenomenen
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(", ");
    let mut feiten = vec![
        ("Status", d.status.label().to_string()),
        ("Gemeente", shell.gemeente(&d.gemeente)),
        ("Ontvangen", date_nl(d.ontvangstdatum)),
    ];
    if volledig {
        feiten.push((
            "Bron",
            match d.politie_stuk {
                Some(p) => format!("{} ({})", d.bron.label(), p.label().to_lowercase()),
                None => d.bron.label().to_string(),
            },
        ));
    }
    feiten.push(("Fenomenen", fenomenen));
    if volledig {
        feiten.push(("Eigenaar", name(d.eigenaar)));
        feiten.push((
            "Toegewezen aan",
            d.toegewezen_aan
                .map(name)
                .unwrap_or_else(|| "niemand".into()),
        ));
    }
    if let Some(op) = d.herbeoordelen_op {
        let wanneer = if op <= today {
            format!("{} (nu opnieuw wegen)", date_nl(op))
        } else {
            date_nl(op)
        };
        feiten.push(("Opnieuw wegen op", wanneer));
    }
    if let Some(b) = &werk.bewaring {
        feiten.push(("Bewaartermijn", bewaring_tekst(b)));
    }
    if let Some(at) = &d.waargenomen_op {
        feiten.push(("Waargenomen", format_instant(at)));
    }
    if let Some(b) = d.bron_betrouwbaarheid {
        feiten.push(("Betrouwbaarheid bron", b.label().into()));
    }
    if let Some(b) = d.informatie_betrouwbaarheid {
        feiten.push(("Betrouwbaarheid informatie", b.label().into()));
    }
    if let Some(i) = &d.indicatoren {
        feiten.push(("Indicatoren", i.clone()));
    }
    feiten
}

pub(crate) async fn dossier_page(
    state: &AppState,
    user: &SignedIn,
    view: SignaalView,
    form: FormState,
) -> Result<DossierPage, PageError> {
    let context = match view.dossier.soort {
        baken_domain::dossier::DossierSoort::Casus => "GET /casussen/{id}",
        baken_domain::dossier::DossierSoort::Signaal => "GET /signalen/{id}",
    };
    let delen = state
        .services
        .dossier_delen(&user.view.actor, &view.dossier, context)
        .await?;
    let bijlagen = view
        .bijlagen
        .iter()
        .map(|b| {
            (
                b.id,
                b.bestandsnaam.clone(),
                format!(
                    "{} kB, {}",
                    (b.grootte + 1023) / 1024,
                    format_instant(&b.aangemaakt_op)
                ),
            )
        })
        .collect();
    let d = &view.dossier;
    let (titel, nav) = match d.soort {
        baken_domain::dossier::DossierSoort::Casus => (format!("Casus {}", d.nummer), "/casussen"),
        baken_domain::dossier::DossierSoort::Signaal => {
            (format!("Signaal {}", d.nummer), "/signalen")
        }
    };
    let shell = Shell::signed_in(state, &user.view, &titel, nav).await;
    let casus =
        crate::html::casussen::deel(state, user, d, view.toegang, &view.namen, &delen).await?;
    let werk = &delen.werk;
    let toegang = &delen.toegangsverzoeken;
    let name = |u: UserId| view.namen.get(&u).cloned().unwrap_or_default();
    let volledig = view.toegang == DossierAccess::Full;
    let today = baken_domain::tijd::today_nl(state.services.clock().now());
    let feiten = feiten(d, volledig, &shell, &name, werk, today);
    let melder = melder(&view);
    let correctie_opties = std::iter::once((String::new(), "Geen (nieuwe post)".to_string()))
        .chain(view.journaal.iter().filter_map(|p| match p {
            JournaalPost::Zichtbaar {
                volgnummer, inhoud, ..
            } => Some((
                inhoud.id.to_string(),
                format!(
                    "Post {volgnummer}: {}",
                    inhoud.tekst.chars().take(60).collect::<String>()
                ),
            )),
            _ => None,
        }))
        .collect();
    let status_opties = std::iter::once((
        String::new(),
        format!("Blijft: {}", d.status.label().to_lowercase()),
    ))
    .chain(
        werk.vervolg
            .iter()
            .map(|s| (s.as_str().to_string(), s.label().to_string())),
    )
    .collect();
    let koppel = |e: &EntiteitInDossier| koppeling(e, &shell);
    let subjecten = view
        .entiteiten
        .iter()
        .filter(|e| e.entiteit.entiteit.soort().is_subject())
        .map(koppel)
        .collect();
    let objecten = view
        .entiteiten
        .iter()
        .filter(|e| !e.entiteit.entiteit.soort().is_subject())
        .map(|e| {
            let mut k = koppel(e);
            k.feiten = delen
                .bag_feiten
                .iter()
                .find(|(id, _)| *id == k.id)
                .map(|(_, f)| f.clone());
            k
        })
        .collect();
    let (criteria, toets_opties) = werk_velden(werk);
    let mag_vragen = !volledig && user.view.actor.may(baken_domain::Permission::WorkDossiers);
    let stuurt = volledig
        && (d.eigenaar == user.view.actor.user_id
            || user.view.actor.has_role(baken_domain::Role::Coordinator));
    let eigen_open = toegang
        .iter()
        .any(|t| t.verzoek.gevraagd_door == user.view.actor.user_id && t.verzoek.besluit.is_none());
    let toegang = super::toegang::toegang_regels(toegang);
    let mag_werken = volledig && user.view.actor.may(baken_domain::Permission::WorkDossiers);
    let maatregelen = maatregel_regels(&delen.maatregelen);
    let aanvragen = werk.aanvragen.iter().map(aanvraag_regel).collect();
    Ok(DossierPage {
        shell,
        id: d.id,

        volledig: view.toegang == DossierAccess::Full,
        feiten,
        omschrijving: d.omschrijving.clone(),
        melder,
        subjecten,
        objecten,
        posten: view.journaal.iter().map(post).collect(),
        form,
        soort_opties: choices(
            JournaalSoort::ALL,
            JournaalSoort::as_str,
            JournaalSoort::label,
            None,
        )
        .into_iter()
        .filter(|(v, _)| v != "statuswijziging" && v != "maatregel")
        .collect(),
        klasse_opties: choices(
            Vertrouwelijkheid::ALL,
            Vertrouwelijkheid::as_str,
            Vertrouwelijkheid::label,
            None,
        ),
        correctie_opties,
        status_opties,
        status_form: FormState::default(),
        versie: d.versie,
        bijlagen,
        bijlage_fouten: ValidationErrors::new(),
        bijlagen_ingericht: state.services.attachment_limit() > 0,
        team: d.team.iter().map(|u| name(*u)).collect(),
        toegewezen: d.toegewezen_aan.is_some(),
        weging_naam: werk.weging.as_ref().map(|w| w.naam.clone()),
        criteria,
        keuzes: baken_domain::weging::Antwoord::ALL
            .iter()
            .map(|a| (a.as_str(), a.label()))
            .collect(),
        aanvragen,
        toets_opties,
        toets_form: FormState::default(),
        maatregelen,
        mag_werken,
        mag_vragen,
        stuurt,
        eigen_open,
        eerste_open: toegang
            .iter()
            .find(|t| t.open)
            .map(|t| t.id)
            .unwrap_or_default(),
        toegang,
        toegang_form: FormState::default(),
        titel,
        casus,
    })
}

/// The reporter as the viewer may see them.
fn melder(view: &SignaalView) -> Option<String> {
    let d = &view.dossier;
    if d.melder_anoniem {
        Some("Anoniem".to_string())
    } else if !view.melder_zichtbaar {
        Some("Afgeschermd".to_string())
    } else {
        let text = [d.melder_naam.clone(), d.melder_contact.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        (!text.is_empty()).then_some(text)
    }
}

/// The weighing's criteria and the privacy checks that can be requested, as the forms show them.
fn werk_velden(
    werk: &baken_core::dossiers::DossierWerk,
) -> (Vec<Criterium>, Vec<(String, String)>) {
    let criteria = werk
        .weging
        .as_ref()
        .map(|w| {
            w.criteria
                .iter()
                .enumerate()
                .map(|(i, c)| Criterium {
                    antwoord: format!("wegingsantwoorden_{}_antwoord", i + 1),
                    toelichting: format!("wegingsantwoorden_{}_toelichting", i + 1),
                    vraag: c.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let toets_opties = std::iter::once((String::new(), "Kies een privacytoets".to_string()))
        .chain(
            werk.toetsen
                .iter()
                .map(|(code, naam, wie)| (code.clone(), format!("{naam} (beslist door de {wie})"))),
        )
        .collect();
    (criteria, toets_opties)
}

/// One criterion of the weighing in the status form: its question and its two field names.
pub struct Criterium {
    pub vraag: String,
    pub antwoord: String,
    pub toelichting: String,
}

/// A request for a privacy check as the dossier page lists it: what, by whom, and where it stands.
pub struct AanvraagRegel {
    pub toets: String,
    pub door: String,
    pub op: String,
    pub toelichting: String,
    pub stand: String,
}

pub(crate) fn aanvraag_regel(a: &baken_core::toetsaanvragen::Toetsaanvraag) -> AanvraagRegel {
    let stand = match &a.besluit {
        Some(b) if b.goedgekeurd => format!(
            "Goedgekeurd op {}, geldig tot en met {}",
            date_nl(baken_domain::tijd::today_nl(b.beslist_op)),
            date_nl(b.geldig_tot)
        ),
        Some(b) => format!(
            "Afgewezen op {}{}",
            date_nl(baken_domain::tijd::today_nl(b.beslist_op)),
            b.motivering
                .as_ref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        ),
        None if a.dagen == 1 => "Wacht op besluit (1 dag)".to_string(),
        None => format!("Wacht op besluit ({} dagen)", a.dagen),
    };
    AanvraagRegel {
        toets: a.toets_naam.clone(),
        door: a.aangevraagd_door.clone(),
        op: format_instant(&a.aanvraag.aangevraagd_op),
        toelichting: a.aanvraag.toelichting.clone(),
        stand,
    }
}

/// When and how a closed signal ends, as a sentence.
fn bewaring_tekst(b: &baken_core::dossiers::Bewaring) -> String {
    use baken_domain::protocol::{BewaarActie, Duur};
    if let Some(done) = &b.afgehandeld {
        return format!("Afgehandeld: {done}.");
    }
    let actie = match b.actie {
        BewaarActie::Vernietigen => "Wordt vernietigd",
        BewaarActie::Anonimiseren => "Wordt geanonimiseerd",
        BewaarActie::Archiveren => "Gaat naar het archief",
    };
    let duur = Duur::parse(&b.duur).map_or_else(|_| b.duur.clone(), Duur::omschrijving);
    let mut text = format!(
        "{actie} op {} ({duur} na het besluit ‘{}’ van {}).",
        date_nl(b.op),
        b.uitkomst.label().to_lowercase(),
        date_nl(b.afgesloten_op)
    );
    if b.vastgehouden {
        text.push_str(" Vastgehouden: dat gebeurt pas als de blokkade is opgeheven.");
    }
    text
}

pub async fn dossier(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<DossierPage, PageError> {
    let id = parse_uuid(&id)?;
    // The page's reads (dossier, work, interventions, tasks) are logged in one commit.
    state
        .services
        .reads_logged_once(async {
            let view = state
                .services
                .signal(&user.view.actor, id, "GET /signalen/{id}")
                .await?;
            dossier_page(&state, &user, view, new_entry_form()).await
        })
        .await
}

/// The journal form as a dossier page first shows it: an observation of the normal class.
pub(crate) fn new_entry_form() -> FormState {
    let mut form = FormState::default();
    form.values.insert("soort".into(), "waarneming".into());
    form.values
        .insert("vertrouwelijkheid".into(), "normaal".into());
    form
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EntryForm {
    soort: String,
    tekst: String,
    gebeurd_op: String,
    vertrouwelijkheid: String,
    bron: String,
    grondslag: String,
    doel: String,
    corrigeert: String,
}

pub async fn add_entry(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<EntryForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let soort = if form.corrigeert.trim().is_empty() {
        form.soort.clone()
    } else {
        "correctie".into()
    };
    let input = JournaalInvoer {
        soort,
        tekst: form.tekst.clone(),
        gebeurd_op: some(&form.gebeurd_op),
        vertrouwelijkheid: some(&form.vertrouwelijkheid),
        bron: some(&form.bron),
        grondslag: some(&form.grondslag),
        doel: some(&form.doel),
        corrigeert: some(&form.corrigeert),
        ..Default::default()
    };
    match state
        .services
        .add_journal_entry(&user.view.actor, id, &input, &user.ctx)
        .await
    {
        Ok(_) => Ok(crate::flash::redirect(
            &format!("/signalen/{id}#journaal"),
            "journaal",
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let view = state
                .services
                .signal(&user.view.actor, id, "POST /signalen/{id}/journaal")
                .await?;
            let mut state_form = FormState::default();
            for (name, value) in [
                ("soort", &form.soort),
                ("tekst", &form.tekst),
                ("gebeurd_op", &form.gebeurd_op),
                ("vertrouwelijkheid", &form.vertrouwelijkheid),
                ("bron", &form.bron),
                ("grondslag", &form.grondslag),
                ("doel", &form.doel),
                ("corrigeert", &form.corrigeert),
            ] {
                state_form.values.insert(name.into(), value.clone());
            }
            state_form.errors = renamed(&errors, snake);
            Ok((
                StatusCode::BAD_REQUEST,
                dossier_page(&state, &user, view, state_form).await?,
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// The answers per criterion of a weighing as a form sends them (`wegingsantwoorden_{n}_antwoord`,
/// `…_toelichting`); a criterion with neither was not answered.
pub(crate) fn wegingsantwoorden(
    fields: &[(String, String)],
) -> Vec<baken_domain::weging::CriteriumInvoer> {
    let mut antwoorden =
        std::collections::BTreeMap::<u32, baken_domain::weging::CriteriumInvoer>::new();
    for (k, v) in fields {
        let Some(rest) = k.strip_prefix("wegingsantwoorden_") else {
            continue;
        };
        let Some((n, deel)) = rest.split_once('_') else {
            continue;
        };
        let Ok(n) = n.parse::<u32>() else { continue };
        let entry = antwoorden
            .entry(n)
            .or_insert_with(|| baken_domain::weging::CriteriumInvoer {
                criterium: n,
                ..Default::default()
            });
        match deel {
            "antwoord" => entry.antwoord = v.clone(),
            "toelichting" => entry.toelichting = some(v),
            _ => {}
        }
    }
    // A criterion with neither an answer nor an explanation was not answered.
    antwoorden
        .into_values()
        .filter(|a| !a.antwoord.trim().is_empty() || a.toelichting.is_some())
        .collect()
}

/// The status form: status, motivation, re-weigh date, version, and the answer and explanation
/// per criterion of the weighing (`wegingsantwoorden_{n}_antwoord`, `…_toelichting`).
pub async fn change_status(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let antwoorden = wegingsantwoorden(&fields);
    let change = SignaalWijziging {
        status: some(&value("status")),
        motivering: some(&value("motivering")),
        herbeoordelen_op: some(&value("herbeoordelen_op")),
        wegingsantwoorden: Some(antwoorden),
        versie: value("versie").trim().parse().ok(),
        ..Default::default()
    };
    let (status, errors) = match state
        .services
        .update_signal(&user.view.actor, id, &change, &user.ctx)
        .await
    {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("/signalen/{id}"),
                "status",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (StatusCode::BAD_REQUEST, renamed(&errors, snake)),
        // A protocol refusal or a concurrent change is shown at the form, with the input kept.
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
        Err(other) => return Err(other.into()),
    };
    let view = state
        .services
        .signal(&user.view.actor, id, "POST /signalen/{id}/status")
        .await?;
    let mut page = dossier_page(&state, &user, view, new_entry_form()).await?;
    for (k, v) in fields {
        if k != "versie" {
            page.status_form.values.insert(k, v);
        }
    }
    page.status_form.errors = errors;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToetsaanvraagForm {
    toets: String,
    toelichting: String,
}

/// A team member asks for a privacy check from the dossier.
pub async fn request_check(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ToetsaanvraagForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let input = baken_core::toetsaanvragen::ToetsaanvraagInvoer {
        toets: form.toets.clone(),
        toelichting: form.toelichting.clone(),
    };
    let (status, errors) = match state
        .services
        .request_privacy_check(&user.view.actor, id, &input, &user.ctx)
        .await
    {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("/signalen/{id}#kop-toetsen"),
                "toetsaanvraag",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (StatusCode::BAD_REQUEST, errors),
        Err(ServiceError::Conflict { message, .. }) => {
            let mut errors = ValidationErrors::new();
            errors.add("toets", message);
            (StatusCode::CONFLICT, errors)
        }
        Err(other) => return Err(other.into()),
    };
    let view = state
        .services
        .signal(&user.view.actor, id, "POST /signalen/{id}/toetsaanvragen")
        .await?;
    let mut page = dossier_page(&state, &user, view, new_entry_form()).await?;
    page.toets_form.values.insert("toets".into(), form.toets);
    page.toets_form
        .values
        .insert("toelichting".into(), form.toelichting);
    page.toets_form.errors = errors;
    Ok((status, page).into_response())
}
