//! Signal pages: backlog, intake, dossier (journal timeline), entity, search.

use super::form::{FormState, renamed, snake};
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::{Shell, format_instant};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use baken_core::dossiers::{
    BacklogQuery, EntiteitInDossier, EntiteitView, JournaalInvoer, JournaalPost, SignaalView,
    SignaalWijziging,
};
use baken_core::{DossierRecord, ServiceError};
use baken_domain::dossier::{DossierAccess, Vertrouwelijkheid};
use baken_domain::entiteit::EntiteitInvoer;
use baken_domain::journal::JournaalSoort;
use baken_domain::signaal::{
    Bron, BronBetrouwbaarheid, Fenomeen, InfoBetrouwbaarheid, MelderInvoer, PolitieStuk,
    SignaalInvoer, SignaalStatus,
};
use baken_domain::{UserId, ValidationErrors};
use serde::Deserialize;
use std::collections::BTreeMap;
use uuid::Uuid;

fn choices<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    empty: Option<&str>,
) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = empty
        .map(|e| vec![(String::new(), e.to_string())])
        .unwrap_or_default();
    options.extend(
        all.iter()
            .map(|v| (value(*v).to_string(), label(*v).to_string())),
    );
    options
}

fn date_nl(date: time::Date) -> String {
    baken_domain::tijd::format_date_nl(date)
}

/// A backlog line as shown.
pub struct Regel {
    pub id: Uuid,
    pub nummer: String,
    pub status: &'static str,
    pub ontvangen: String,
    pub bron: &'static str,
    pub fenomenen: String,
    pub toegewezen: String,
    pub volledig: bool,
}

fn regel(d: &DossierRecord, toegang: DossierAccess, namen: &BTreeMap<UserId, String>) -> Regel {
    Regel {
        id: d.id,
        nummer: d.nummer.clone(),
        status: d.status.label(),
        ontvangen: date_nl(d.ontvangstdatum),
        bron: if toegang == DossierAccess::Full {
            d.bron.label()
        } else {
            "—"
        },
        fenomenen: d
            .fenomenen
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", "),
        toegewezen: d
            .toegewezen_aan
            .and_then(|u| namen.get(&u).cloned())
            .unwrap_or_else(|| "—".into()),
        volledig: toegang == DossierAccess::Full,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/backlog.html")]
pub struct BacklogPage {
    shell: Shell,
    gemeente: String,
    form: FormState,
    regels: Vec<Regel>,
    volgende: Option<String>,
    status_opties: Vec<(String, String)>,
    bron_opties: Vec<(String, String)>,
    fenomeen_opties: Vec<(String, String)>,
}

pub async fn backlog(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<BacklogQuery>,
) -> Result<Response, PageError> {
    let shell = Shell::signed_in(&state, &user.view, "Signalen", "/signalen").await;
    let gemeente = shell
        .user
        .as_ref()
        .map(|u| u.active_gemeente().to_string())
        .unwrap_or_default();
    let mut form = FormState::default();
    for (name, value) in [
        ("status", &query.status),
        ("bron", &query.bron),
        ("fenomeen", &query.fenomeen),
        ("toegewezen_aan", &query.toegewezen_aan),
        ("ouder_dan_dagen", &query.ouder_dan_dagen),
        ("sortering", &query.sortering),
    ] {
        form.values
            .insert(name.into(), value.clone().unwrap_or_default());
    }
    let mut page = BacklogPage {
        shell,
        gemeente,
        form,
        regels: vec![],
        volgende: None,
        status_opties: choices(
            SignaalStatus::ALL,
            SignaalStatus::as_str,
            SignaalStatus::label,
            Some("Alle statussen"),
        ),
        bron_opties: choices(Bron::ALL, Bron::as_str, Bron::label, Some("Alle bronnen")),
        fenomeen_opties: choices(
            Fenomeen::ALL,
            Fenomeen::as_str,
            Fenomeen::label,
            Some("Alle fenomenen"),
        ),
    };
    match state
        .services
        .backlog(&user.view.actor, user.view.active_gemeente(), &query)
        .await
    {
        Ok(result) => {
            page.regels = result
                .regels
                .iter()
                .map(|r| regel(&r.dossier, r.toegang, &result.namen))
                .collect();
            page.volgende = result.volgende.map(|cursor| {
                let mut params: Vec<String> = page
                    .form
                    .values
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| format!("{}={v}", camel(k)))
                    .collect();
                params.push(format!("na={cursor}"));
                format!("/signalen?{}", params.join("&"))
            });
            Ok(page.into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            page.form.errors = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Form names back to the query's camelCase.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/nieuw.html")]
pub struct IntakePage {
    shell: Shell,
    form: FormState,
    gemeente_opties: Vec<(String, String)>,
    bron_opties: Vec<(String, String)>,
    politie_opties: Vec<(String, String)>,
    fenomenen: Vec<(String, String)>,
    bron_betrouwbaarheid_opties: Vec<(String, String)>,
    info_betrouwbaarheid_opties: Vec<(String, String)>,
    medewerker_opties: Vec<(String, String)>,
    persoon_rollen: Vec<(String, String)>,
}

async fn intake_page(
    state: &AppState,
    user: &SignedIn,
    form: FormState,
) -> Result<IntakePage, PageError> {
    // A form a role cannot submit is not offered (the service refuses the submission anyway).
    if !user.view.actor.may(baken_domain::Permission::WorkDossiers) {
        return Err(ServiceError::Forbidden.into());
    }
    let shell = Shell::signed_in(state, &user.view, "Nieuw signaal", "/signalen").await;
    let gemeente_opties = shell
        .user
        .as_ref()
        .map(|u| {
            u.gemeenten
                .iter()
                .map(|g| (g.code.clone(), g.naam.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut medewerker_opties = vec![(String::new(), "Nog niemand".to_string())];
    if let Some(gemeente) = user.view.active_gemeente() {
        medewerker_opties.extend(
            state
                .services
                .assignable_users(&user.view.actor, gemeente)
                .await?
                .into_iter()
                .map(|(id, naam)| (id.to_string(), naam)),
        );
    }
    use baken_domain::entiteit::Rol;
    Ok(IntakePage {
        shell,
        form,
        gemeente_opties,
        bron_opties: choices(Bron::ALL, Bron::as_str, Bron::label, Some("Kies de bron")),
        politie_opties: choices(
            PolitieStuk::ALL,
            PolitieStuk::as_str,
            PolitieStuk::label,
            Some("Niet van toepassing"),
        ),
        fenomenen: choices(Fenomeen::ALL, Fenomeen::as_str, Fenomeen::label, None),
        bron_betrouwbaarheid_opties: choices(
            BronBetrouwbaarheid::ALL,
            BronBetrouwbaarheid::as_str,
            BronBetrouwbaarheid::label,
            Some("Onbekend"),
        ),
        info_betrouwbaarheid_opties: choices(
            InfoBetrouwbaarheid::ALL,
            InfoBetrouwbaarheid::as_str,
            InfoBetrouwbaarheid::label,
            Some("Onbekend"),
        ),
        medewerker_opties,
        persoon_rollen: choices(Rol::ALL, Rol::as_str, Rol::label, None),
    })
}

pub async fn intake_form(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<IntakePage, PageError> {
    let mut form = FormState::default();
    form.values.insert(
        "gemeente".into(),
        user.view
            .active_gemeente()
            .map(|g| g.to_string())
            .unwrap_or_default(),
    );
    form.values.insert(
        "ontvangstdatum".into(),
        baken_domain::tijd::nl_local(state.services.clock().now())
            .date()
            .to_string(),
    );
    form.values
        .insert("persoon_rol".into(), "betrokkene".into());
    intake_page(&state, &user, form).await
}

/// The intake form's fields, flat (one person, one organisation, one address, one vehicle).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct IntakeForm {
    gemeente: String,
    ontvangstdatum: String,
    waargenomen_op: String,
    bron: String,
    politie_stuk: String,
    melder_naam: String,
    melder_contact: String,
    melder_anoniem: Option<String>,
    omschrijving: String,
    fenomenen: Vec<String>,
    indicatoren: String,
    bron_betrouwbaarheid: String,
    informatie_betrouwbaarheid: String,
    toegewezen_aan: String,
    persoon_bsn: String,
    persoon_voornamen: String,
    persoon_voorvoegsel: String,
    persoon_achternaam: String,
    persoon_geboortedatum: String,
    persoon_rol: String,
    organisatie_naam: String,
    organisatie_kvk: String,
    adres_postcode: String,
    adres_huisnummer: String,
    adres_huisletter: String,
    adres_toevoeging: String,
    adres_straat: String,
    adres_woonplaats: String,
    voertuig_kenteken: String,
}

fn some(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

impl IntakeForm {
    /// The signal input, and which form block each listed entity came from.
    fn to_input(&self) -> (SignaalInvoer, Vec<(String, &'static str)>) {
        let mut blocks = Vec::new();
        let mut subjecten = Vec::new();
        let mut objecten = Vec::new();
        let person = [
            &self.persoon_bsn,
            &self.persoon_voornamen,
            &self.persoon_achternaam,
            &self.persoon_geboortedatum,
        ]
        .iter()
        .any(|v| !v.trim().is_empty());
        if person {
            blocks.push((format!("subjecten[{}]", subjecten.len()), "persoon"));
            subjecten.push(EntiteitInvoer {
                soort: "persoon".into(),
                rol: some(&self.persoon_rol),
                bsn: some(&self.persoon_bsn),
                voornamen: some(&self.persoon_voornamen),
                voorvoegsel: some(&self.persoon_voorvoegsel),
                achternaam: some(&self.persoon_achternaam),
                geboortedatum: some(&self.persoon_geboortedatum),
                ..Default::default()
            });
        }
        if !self.organisatie_naam.trim().is_empty() || !self.organisatie_kvk.trim().is_empty() {
            blocks.push((format!("subjecten[{}]", subjecten.len()), "organisatie"));
            subjecten.push(EntiteitInvoer {
                soort: "organisatie".into(),
                naam: some(&self.organisatie_naam),
                kvk_nummer: some(&self.organisatie_kvk),
                ..Default::default()
            });
        }
        let address = [
            &self.adres_postcode,
            &self.adres_huisnummer,
            &self.adres_huisletter,
            &self.adres_toevoeging,
            &self.adres_straat,
        ]
        .iter()
        .any(|v| !v.trim().is_empty());
        if address {
            blocks.push((format!("objecten[{}]", objecten.len()), "adres"));
            objecten.push(EntiteitInvoer {
                soort: "adres".into(),
                postcode: some(&self.adres_postcode),
                huisnummer: some(&self.adres_huisnummer),
                huisletter: some(&self.adres_huisletter),
                huisnummertoevoeging: some(&self.adres_toevoeging),
                straat: some(&self.adres_straat),
                woonplaats: some(&self.adres_woonplaats),
                ..Default::default()
            });
        }
        if !self.voertuig_kenteken.trim().is_empty() {
            blocks.push((format!("objecten[{}]", objecten.len()), "voertuig"));
            objecten.push(EntiteitInvoer {
                soort: "voertuig".into(),
                kenteken: some(&self.voertuig_kenteken),
                ..Default::default()
            });
        }
        let melder = MelderInvoer {
            naam: some(&self.melder_naam),
            contact: some(&self.melder_contact),
            anoniem: self.melder_anoniem.is_some(),
        };
        let input = SignaalInvoer {
            gemeente: self.gemeente.clone(),
            ontvangstdatum: self.ontvangstdatum.clone(),
            waargenomen_op: some(&self.waargenomen_op),
            bron: self.bron.clone(),
            politie_stuk: some(&self.politie_stuk),
            melder: Some(melder),
            omschrijving: self.omschrijving.clone(),
            fenomenen: self.fenomenen.clone(),
            indicatoren: some(&self.indicatoren),
            bron_betrouwbaarheid: some(&self.bron_betrouwbaarheid),
            informatie_betrouwbaarheid: some(&self.informatie_betrouwbaarheid),
            toegewezen_aan: some(&self.toegewezen_aan),
            subjecten,
            objecten,
        };
        (input, blocks)
    }

    fn state(&self) -> FormState {
        let mut form = FormState::default();
        let pairs: [(&str, &String); 26] = [
            ("gemeente", &self.gemeente),
            ("ontvangstdatum", &self.ontvangstdatum),
            ("waargenomen_op", &self.waargenomen_op),
            ("bron", &self.bron),
            ("politie_stuk", &self.politie_stuk),
            ("melder_naam", &self.melder_naam),
            ("melder_contact", &self.melder_contact),
            ("omschrijving", &self.omschrijving),
            ("indicatoren", &self.indicatoren),
            ("bron_betrouwbaarheid", &self.bron_betrouwbaarheid),
            (
                "informatie_betrouwbaarheid",
                &self.informatie_betrouwbaarheid,
            ),
            ("toegewezen_aan", &self.toegewezen_aan),
            ("persoon_bsn", &self.persoon_bsn),
            ("persoon_voornamen", &self.persoon_voornamen),
            ("persoon_voorvoegsel", &self.persoon_voorvoegsel),
            ("persoon_achternaam", &self.persoon_achternaam),
            ("persoon_geboortedatum", &self.persoon_geboortedatum),
            ("persoon_rol", &self.persoon_rol),
            ("organisatie_naam", &self.organisatie_naam),
            ("organisatie_kvk", &self.organisatie_kvk),
            ("adres_postcode", &self.adres_postcode),
            ("adres_huisnummer", &self.adres_huisnummer),
            ("adres_huisletter", &self.adres_huisletter),
            ("adres_toevoeging", &self.adres_toevoeging),
            ("adres_straat", &self.adres_straat),
            ("adres_woonplaats", &self.adres_woonplaats),
        ];
        for (name, value) in pairs {
            form.values.insert(name.into(), value.clone());
        }
        form.values
            .insert("voertuig_kenteken".into(), self.voertuig_kenteken.clone());
        if self.melder_anoniem.is_some() {
            form.values.insert("melder_anoniem".into(), "on".into());
        }
        form.multi
            .insert("fenomenen".into(), self.fenomenen.clone());
        form
    }
}

/// Maps the service's field names (`subjecten[0].bsn`, `waargenomenOp`) to this form's names.
fn form_errors(errors: &ValidationErrors, blocks: &[(String, &'static str)]) -> ValidationErrors {
    let mut mapped = ValidationErrors::new();
    for e in errors.iter() {
        let name = match blocks
            .iter()
            .find(|(prefix, _)| e.name.starts_with(&format!("{prefix}.")))
        {
            Some((prefix, block)) => {
                let field = &e.name[prefix.len() + 1..];
                let field = match field {
                    "kvkNummer" => "kvk",
                    "huisnummertoevoeging" => "toevoeging",
                    other => other,
                };
                format!("{block}_{}", snake(field))
            }
            None if e.name == "melder" => "melder_naam".into(),
            None => snake(&e.name),
        };
        mapped.add_code(name, e.code, e.reason.clone());
    }
    mapped
}

/// What the intake form's subjects and objects are already known from.
#[derive(Template, WebTemplate)]
#[template(path = "signalen/elders.html")]
pub struct ElsewherePartial {
    bevindingen: Vec<Bevinding>,
}

pub struct Bevinding {
    soort: &'static str,
    elders: Vec<(Uuid, String, &'static str, &'static str)>,
    andere_gemeente: bool,
}

/// htmx partial for the intake form: where else the entities typed so far appear. Incomplete or
/// invalid identifiers simply find nothing; the form's own validation reports them on submit.
pub async fn intake_elsewhere(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<IntakeForm>,
) -> Result<ElsewherePartial, PageError> {
    let (input, _) = form.to_input();
    let mut bevindingen = Vec::new();
    for mut entity in input.subjecten.into_iter().chain(input.objecten) {
        // Only the identifying fields matter for the look-up.
        entity.achternaam.get_or_insert_with(|| "-".into());
        entity.naam.get_or_insert_with(|| "-".into());
        let Some((elders, andere_gemeente)) = state
            .services
            .where_else(&user.view.actor, &entity, "POST /signalen/nieuw/elders")
            .await?
        else {
            continue;
        };
        bevindingen.push(Bevinding {
            soort: baken_domain::entiteit::EntiteitSoort::parse(&entity.soort)
                .map(|s| s.label())
                .unwrap_or("Entiteit"),
            elders: elders
                .iter()
                .map(|r| {
                    (
                        r.dossier_id,
                        format!("{} ({})", r.nummer, r.gemeente),
                        r.status.label(),
                        r.rol.label(),
                    )
                })
                .collect(),
            andere_gemeente,
        });
    }
    Ok(ElsewherePartial { bevindingen })
}

pub async fn intake(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<IntakeForm>,
) -> Result<Response, PageError> {
    let (input, blocks) = form.to_input();
    match state
        .services
        .create_signal(&user.view.actor, &input, &user.ctx)
        .await
    {
        Ok(created) => Ok(Redirect::to(&format!("/signalen/{}", created.id)).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let mut state_form = form.state();
            state_form.errors = form_errors(&errors, &blocks);
            Ok((
                StatusCode::BAD_REQUEST,
                intake_page(&state, &user, state_form).await?,
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// A linked entity as shown.
pub struct Koppeling {
    pub id: Uuid,
    pub soort: &'static str,
    pub rol: &'static str,
    pub weergave: String,
    pub elders: Vec<(Uuid, String, &'static str)>,
    pub elders_andere_gemeente: bool,
}

fn koppeling(e: &EntiteitInDossier) -> Koppeling {
    Koppeling {
        id: e.entiteit.id,
        soort: e.entiteit.entiteit.soort().label(),
        rol: e.rol.label(),
        weergave: e.entiteit.entiteit.weergave(),
        elders: e
            .elders
            .iter()
            .map(|r| {
                (
                    r.dossier_id,
                    format!("{} ({})", r.nummer, r.gemeente),
                    r.status.label(),
                )
            })
            .collect(),
        elders_andere_gemeente: e.elders_andere_gemeente,
    }
}

/// A journal entry as shown.
pub struct Post {
    pub volgnummer: i64,
    pub zichtbaar: bool,
    pub vernietigd: bool,
    pub soort: &'static str,
    pub tekst: String,
    pub gebeurd: String,
    pub geregistreerd: String,
    pub auteur: String,
    pub klasse: Option<&'static str>,
    pub bron: String,
    pub grondslag: String,
    pub corrigeert: Option<i64>,
    pub gecorrigeerd_door: Vec<i64>,
}

fn post(p: &JournaalPost) -> Post {
    let blank = |volgnummer: i64, at: &time::OffsetDateTime| Post {
        volgnummer,
        zichtbaar: false,
        vernietigd: false,
        soort: "",
        tekst: String::new(),
        gebeurd: String::new(),
        geregistreerd: format_instant(at),
        auteur: String::new(),
        klasse: None,
        bron: String::new(),
        grondslag: String::new(),
        corrigeert: None,
        gecorrigeerd_door: vec![],
    };
    match p {
        JournaalPost::Afgeschermd {
            volgnummer,
            geregistreerd_op,
            ..
        } => blank(*volgnummer, geregistreerd_op),
        JournaalPost::Vernietigd {
            volgnummer,
            geregistreerd_op,
            ..
        } => Post {
            vernietigd: true,
            ..blank(*volgnummer, geregistreerd_op)
        },
        JournaalPost::Zichtbaar {
            volgnummer,
            inhoud,
            gecorrigeerd_door,
            corrigeert,
        } => Post {
            zichtbaar: true,
            soort: inhoud.soort.label(),
            tekst: inhoud.tekst.clone(),
            gebeurd: format_instant(&inhoud.gebeurd_op),
            auteur: inhoud.auteur_naam.clone(),
            klasse: (inhoud.vertrouwelijkheid != Vertrouwelijkheid::Normaal)
                .then(|| inhoud.vertrouwelijkheid.label()),
            bron: [
                inhoud.bron.clone(),
                inhoud
                    .betrouwbaarheid
                    .clone()
                    .map(|b| format!("betrouwbaarheid {b}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
            grondslag: [
                inhoud.grondslag.clone(),
                inhoud.doel.clone().map(|d| format!("doel: {d}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; "),
            corrigeert: *corrigeert,
            gecorrigeerd_door: gecorrigeerd_door.clone(),
            ..blank(*volgnummer, &inhoud.geregistreerd_op)
        },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/dossier.html")]
pub struct DossierPage {
    shell: Shell,
    id: Uuid,
    nummer: String,
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
    bijlage_fouten: ValidationErrors,
    bijlagen_ingericht: bool,
    team: Vec<String>,
    toegewezen: bool,
}

async fn dossier_page(
    state: &AppState,
    user: &SignedIn,
    view: SignaalView,
    form: FormState,
) -> DossierPage {
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
    let name = |u: UserId| view.namen.get(&u).cloned().unwrap_or_default();
    let volledig = view.toegang == DossierAccess::Full;
    let fenomenen = d
        .fenomenen
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(", ");
    // An index line shows that the dossier exists, not who works on it or where it came from.
    let mut feiten = vec![
        ("Status", d.status.label().to_string()),
        ("Gemeente", d.gemeente.to_string()),
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
    let melder = if d.melder_anoniem {
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
    };
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
        SignaalStatus::ALL
            .iter()
            .filter(|s| d.status.may_become(**s))
            .map(|s| (s.as_str().to_string(), s.label().to_string())),
    )
    .collect();
    DossierPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            &format!("Signaal {}", d.nummer),
            "/signalen",
        )
        .await,
        id: d.id,
        nummer: d.nummer.clone(),
        volledig: view.toegang == DossierAccess::Full,
        feiten,
        omschrijving: d.omschrijving.clone(),
        melder,
        subjecten: view
            .entiteiten
            .iter()
            .filter(|e| e.entiteit.entiteit.soort().is_subject())
            .map(koppeling)
            .collect(),
        objecten: view
            .entiteiten
            .iter()
            .filter(|e| !e.entiteit.entiteit.soort().is_subject())
            .map(koppeling)
            .collect(),
        posten: view.journaal.iter().map(post).collect(),
        form,
        soort_opties: choices(
            JournaalSoort::ALL,
            JournaalSoort::as_str,
            JournaalSoort::label,
            None,
        )
        .into_iter()
        .filter(|(v, _)| v != "statuswijziging")
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
    }
}

fn parse_uuid(id: &str) -> Result<Uuid, PageError> {
    Uuid::parse_str(id).map_err(|_| PageError::Service(ServiceError::NotFound))
}

pub async fn dossier(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<DossierPage, PageError> {
    let view = state
        .services
        .signal(&user.view.actor, parse_uuid(&id)?, "GET /signalen/{id}")
        .await?;
    Ok(dossier_page(&state, &user, view, new_entry_form()).await)
}

/// The journal form as a dossier page first shows it: an observation of the normal class.
fn new_entry_form() -> FormState {
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
        Ok(_) => Ok(Redirect::to(&format!("/signalen/{id}#journaal")).into_response()),
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
                dossier_page(&state, &user, view, state_form).await,
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
    motivering: String,
    versie: Option<i64>,
}

pub async fn change_status(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let change = SignaalWijziging {
        status: some(&form.status),
        motivering: some(&form.motivering),
        versie: form.versie,
        ..Default::default()
    };
    let (status, errors) = match state
        .services
        .update_signal(&user.view.actor, id, &change, &user.ctx)
        .await
    {
        Ok(_) => return Ok(Redirect::to(&format!("/signalen/{id}")).into_response()),
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
    let mut page = dossier_page(&state, &user, view, new_entry_form()).await;
    page.status_form
        .values
        .insert("status".into(), form.status.clone());
    page.status_form
        .values
        .insert("motivering".into(), form.motivering.clone());
    page.status_form.errors = errors;
    Ok((status, page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/team.html")]
pub struct TeamPage {
    shell: Shell,
    id: Uuid,
    nummer: String,
    versie: i64,
    medewerkers: Vec<(String, String)>,
    form: FormState,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TeamForm {
    team: Vec<String>,
    motivering: String,
    versie: Option<i64>,
}

async fn team_page(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    form: FormState,
) -> Result<TeamPage, PageError> {
    let view = state
        .services
        .signal(&user.view.actor, id, "GET /signalen/{id}/team")
        .await?;
    if view.toegang != DossierAccess::Full {
        return Err(PageError::Service(ServiceError::Forbidden));
    }
    let d = &view.dossier;
    let medewerkers = state
        .services
        .assignable_users(&user.view.actor, &d.gemeente)
        .await?
        .into_iter()
        .filter(|(u, _)| *u != d.eigenaar)
        .map(|(u, naam)| (u.to_string(), naam))
        .collect();
    let mut form = form;
    if !form.multi.contains_key("team") {
        form.multi.insert(
            "team".into(),
            d.team.iter().map(|u| u.to_string()).collect(),
        );
    }
    Ok(TeamPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            &format!("Team van {}", d.nummer),
            "/signalen",
        )
        .await,
        id,
        nummer: d.nummer.clone(),
        versie: d.versie,
        medewerkers,
        form,
    })
}

pub async fn team_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<TeamPage, PageError> {
    team_page(&state, &user, parse_uuid(&id)?, FormState::default()).await
}

pub async fn change_team(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let change = SignaalWijziging {
        team: Some(form.team.clone()),
        motivering: some(&form.motivering),
        versie: form.versie,
        ..Default::default()
    };
    match state
        .services
        .update_signal(&user.view.actor, id, &change, &user.ctx)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/signalen/{id}")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let mut state_form = FormState {
                errors,
                ..Default::default()
            };
            state_form.multi.insert("team".into(), form.team.clone());
            state_form
                .values
                .insert("motivering".into(), form.motivering.clone());
            let page = team_page(&state, &user, id, state_form).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/entiteit.html")]
pub struct EntityPage {
    shell: Shell,
    soort: &'static str,
    weergave: String,
    gegevens: Vec<(String, String)>,
    dossiers: Vec<(Uuid, String, &'static str, &'static str)>,
    elders_andere_gemeente: bool,
}

fn gegevens(view: &EntiteitView) -> Vec<(String, String)> {
    let value = serde_json::to_value(&view.entiteit.entiteit).unwrap_or_default();
    value
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| k.as_str() != "soort")
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub async fn entity(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<EntityPage, PageError> {
    let view = state
        .services
        .entity(&user.view.actor, parse_uuid(&id)?, "GET /entiteiten/{id}")
        .await?;
    Ok(EntityPage {
        shell: Shell::signed_in(
            &state,
            &user.view,
            view.entiteit.entiteit.soort().label(),
            "/signalen",
        )
        .await,
        soort: view.entiteit.entiteit.soort().label(),
        weergave: view.entiteit.entiteit.weergave(),
        gegevens: gegevens(&view),
        dossiers: view
            .dossiers
            .iter()
            .map(|r| {
                (
                    r.dossier_id,
                    format!("{} ({})", r.nummer, r.gemeente),
                    r.status.label(),
                    r.rol.label(),
                )
            })
            .collect(),
        elders_andere_gemeente: view.elders_andere_gemeente,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchForm {
    zoekterm: String,
    /// Cursor of the next page of a text search.
    na: String,
    bsn: String,
    kenteken: String,
    postcode: String,
    huisnummer: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/zoeken.html")]
pub struct SearchPage {
    shell: Shell,
    form: FormState,
    gezocht: bool,
    resultaten: Vec<(Regel, &'static str)>,
    /// Cursor for "more results" of a text search.
    volgende: Option<String>,
    /// Identifier search: also known in a municipality the user does not work for.
    elders: bool,
}

pub async fn search_form(State(state): State<AppState>, user: SignedIn) -> SearchPage {
    SearchPage {
        shell: Shell::signed_in(&state, &user.view, "Zoeken", "/signalen").await,
        form: FormState::default(),
        gezocht: false,
        resultaten: vec![],
        volgende: None,
        elders: false,
    }
}

/// Search is a POST: terms and identifiers (BSN!) never appear in a URL or an access log line.
pub async fn search(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<SearchForm>,
) -> Result<Response, PageError> {
    let mut page = SearchPage {
        shell: Shell::signed_in(&state, &user.view, "Zoeken", "/signalen").await,
        form: FormState::default(),
        gezocht: true,
        resultaten: vec![],
        volgende: None,
        elders: false,
    };
    for (name, value) in [
        ("zoekterm", &form.zoekterm),
        ("bsn", &form.bsn),
        ("kenteken", &form.kenteken),
        ("postcode", &form.postcode),
        ("huisnummer", &form.huisnummer),
    ] {
        page.form.values.insert(name.into(), value.clone());
    }
    let namen = BTreeMap::new();
    let outcome = if some(&form.zoekterm).is_some() {
        state
            .services
            .search(
                &user.view.actor,
                &form.zoekterm,
                some(&form.na).as_deref(),
                None,
                "POST /signalen/zoeken",
            )
            .await
            .map(|found| {
                page.volgende = found.volgende;
                found
                    .resultaten
                    .iter()
                    .map(|r| {
                        (
                            regel(&r.dossier, DossierAccess::Full, &namen),
                            if r.deel == "omschrijving" {
                                "omschrijving"
                            } else {
                                "journaal"
                            },
                        )
                    })
                    .collect()
            })
    } else {
        let soort = if some(&form.bsn).is_some() {
            "persoon"
        } else if some(&form.kenteken).is_some() {
            "voertuig"
        } else {
            "adres"
        };
        let invoer = EntiteitInvoer {
            soort: soort.into(),
            bsn: some(&form.bsn),
            achternaam: Some("-".into()),
            kenteken: some(&form.kenteken),
            postcode: some(&form.postcode),
            huisnummer: some(&form.huisnummer),
            ..Default::default()
        };
        state
            .services
            .search_by_identifier(&user.view.actor, &invoer, "POST /signalen/zoeken")
            .await
            .map(|(found, elders)| {
                page.elders = elders;
                found
                    .iter()
                    .map(|(d, toegang)| (regel(d, *toegang, &namen), "subject of object"))
                    .collect()
            })
    };
    match outcome {
        Ok(resultaten) => {
            page.resultaten = resultaten;
            Ok(page.into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            page.gezocht = false;
            page.form.errors = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn upload(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    match crate::uploads::receive(&state.services, &user.view.actor, id, multipart, &user.ctx).await
    {
        Ok(_) => Ok(Redirect::to(&format!("/signalen/{id}#bijlagen")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let view = state
                .services
                .signal(&user.view.actor, id, "POST /signalen/{id}/bijlagen")
                .await?;
            let mut page = dossier_page(&state, &user, view, new_entry_form()).await;
            page.bijlage_fouten = errors;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn download(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, bijlage)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (record, bytes) = state
        .services
        .read_attachment(
            &user.view.actor,
            parse_uuid(&id)?,
            parse_uuid(&bijlage)?,
            "GET /signalen/{id}/bijlagen/{bijlage}",
        )
        .await?;
    Ok(crate::uploads::download(&record, bytes))
}

/// The signal pages: backlog, intake, search, dossier, journal, team, attachments, entities.
pub(super) fn router(upload_limit: usize) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    // Only the upload route accepts bodies beyond axum's default limit.
    let uploads = axum::Router::new()
        .route("/signalen/{id}/bijlagen", post(upload))
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit));
    axum::Router::new()
        .merge(uploads)
        .route("/signalen/{id}/bijlagen/{bijlage}", get(download))
        .route("/signalen", get(backlog))
        .route("/signalen/nieuw", get(intake_form).post(intake))
        .route("/signalen/nieuw/elders", post(intake_elsewhere))
        .route("/signalen/zoeken", get(search_form).post(search))
        .route("/signalen/{id}", get(dossier))
        .route("/signalen/{id}/journaal", post(add_entry))
        .route("/signalen/{id}/status", post(change_status))
        .route("/signalen/{id}/team", get(team_form).post(change_team))
        .route("/entiteiten/{id}", get(entity))
}
