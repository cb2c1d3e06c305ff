//! The intake form: registering a signal, with "where else" as you type.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::html::form::{FormState, snake};
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_domain::ValidationErrors;
use baken_domain::entiteit::EntiteitInvoer;
use baken_domain::signaal::{
    Bron, BronBetrouwbaarheid, Fenomeen, InfoBetrouwbaarheid, MelderInvoer, PolitieStuk,
    SignaalInvoer,
};
use serde::Deserialize;
use uuid::Uuid;

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

pub(super) async fn intake_page(
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
pub(super) fn form_errors(
    errors: &ValidationErrors,
    blocks: &[(String, &'static str)],
) -> ValidationErrors {
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
    let namen = crate::shell::gemeente_namen(&state).await;
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
                        format!(
                            "{} ({})",
                            r.nummer,
                            namen
                                .get(r.gemeente.as_str())
                                .map_or(r.gemeente.as_str(), String::as_str)
                        ),
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
        Ok(created) => Ok(crate::flash::redirect(
            &format!("/signalen/{}", created.id),
            "geregistreerd",
            state.config.secure_cookies(),
        )),
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
