//! A dossier's subjects and objects after intake: choose a kind and add one, correct one or
//! unlink one (`/signalen/{id}/koppelingen/…`). Thin: the services validate and journal.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::html::form::{FormState, renamed, snake};
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::ServiceError;
use baken_domain::ValidationErrors;
use baken_domain::entiteit::{EntiteitInvoer, EntiteitSoort, Rol};
use serde::Deserialize;
use uuid::Uuid;

/// A field of the entity form: form name, label, input kind, hint.
pub struct Veld {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub hint: Option<&'static str>,
}

const fn veld(name: &'static str, label: &'static str) -> Veld {
    Veld {
        name,
        label,
        kind: "text",
        hint: None,
    }
}

/// The fields of one kind of entity, named as the service names them (`entiteit.bsn` →
/// `entiteit_bsn`).
fn velden(soort: EntiteitSoort) -> Vec<Veld> {
    match soort {
        EntiteitSoort::Persoon => vec![
            Veld {
                hint: Some("Negen cijfers; Baken controleert de elfproef."),
                ..veld("entiteit_bsn", "BSN")
            },
            veld("entiteit_voornamen", "Voornamen"),
            veld("entiteit_voorvoegsel", "Tussenvoegsel"),
            veld("entiteit_achternaam", "Achternaam"),
            Veld {
                kind: "date",
                ..veld("entiteit_geboortedatum", "Geboortedatum")
            },
        ],
        EntiteitSoort::Organisatie => vec![
            veld("entiteit_naam", "(Handels)naam"),
            Veld {
                hint: Some("Acht cijfers."),
                ..veld("entiteit_kvk_nummer", "KvK-nummer")
            },
            veld("entiteit_vestigingsnummer", "Vestigingsnummer"),
            veld("entiteit_rsin", "RSIN"),
            veld("entiteit_rechtsvorm", "Rechtsvorm"),
        ],
        EntiteitSoort::Adres => vec![
            Veld {
                hint: Some("Bijvoorbeeld 2181 AB."),
                ..veld("entiteit_postcode", "Postcode")
            },
            veld("entiteit_huisnummer", "Huisnummer"),
            veld("entiteit_huisletter", "Huisletter"),
            veld("entiteit_huisnummertoevoeging", "Toevoeging"),
            veld("entiteit_straat", "Straat"),
            veld("entiteit_woonplaats", "Woonplaats"),
            veld("entiteit_bag_id", "BAG-identificatie"),
        ],
        EntiteitSoort::Voertuig => vec![Veld {
            hint: Some("Bijvoorbeeld GB-123-X."),
            ..veld("entiteit_kenteken", "Kenteken")
        }],
        EntiteitSoort::Rekening => vec![
            veld("entiteit_iban", "IBAN"),
            veld("entiteit_tenaamstelling", "Tenaamstelling"),
        ],
        EntiteitSoort::Gebied => vec![
            veld("entiteit_naam", "Naam van het gebied"),
            Veld {
                kind: "textarea",
                ..veld("entiteit_omschrijving", "Omschrijving")
            },
        ],
    }
}

/// The form's values as the service's input.
fn invoer(soort: EntiteitSoort, form: &[(String, String)]) -> EntiteitInvoer {
    let value = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| some(v))
    };
    EntiteitInvoer {
        soort: soort.as_str().into(),
        rol: value("entiteit_rol"),
        bsn: value("entiteit_bsn"),
        voornamen: value("entiteit_voornamen"),
        voorvoegsel: value("entiteit_voorvoegsel"),
        achternaam: value("entiteit_achternaam"),
        geboortedatum: value("entiteit_geboortedatum"),
        naam: value("entiteit_naam"),
        kvk_nummer: value("entiteit_kvk_nummer"),
        vestigingsnummer: value("entiteit_vestigingsnummer"),
        rsin: value("entiteit_rsin"),
        rechtsvorm: value("entiteit_rechtsvorm"),
        postcode: value("entiteit_postcode"),
        huisnummer: value("entiteit_huisnummer"),
        huisletter: value("entiteit_huisletter"),
        huisnummertoevoeging: value("entiteit_huisnummertoevoeging"),
        straat: value("entiteit_straat"),
        woonplaats: value("entiteit_woonplaats"),
        bag_id: value("entiteit_bag_id"),
        kenteken: value("entiteit_kenteken"),
        iban: value("entiteit_iban"),
        tenaamstelling: value("entiteit_tenaamstelling"),
        omschrijving: value("entiteit_omschrijving"),
    }
}

/// An input's values as the form's values (to correct an entity, the form starts from it).
fn waarden(input: &EntiteitInvoer) -> FormState {
    let mut form = FormState::default();
    let json = serde_json::to_value(input).expect("input serialises");
    if let Some(fields) = json.as_object() {
        for (k, v) in fields {
            if let Some(v) = v.as_str() {
                form.values
                    .insert(format!("entiteit_{}", snake(k)), v.to_string());
            }
        }
    }
    form
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/koppeling.html")]
pub struct KoppelingPage {
    shell: Shell,
    id: Uuid,
    nummer: String,
    /// Choosing the kind (no kind yet), adding one of a kind, or correcting one.
    soort: Option<EntiteitSoort>,
    soorten: Vec<(&'static str, &'static str)>,
    /// When correcting: the entity and its role now.
    huidig: Option<(Uuid, String, &'static str)>,
    velden: Vec<Veld>,
    rollen: Vec<(String, String)>,
    form: FormState,
    ontkoppel_form: FormState,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    soort: Option<EntiteitSoort>,
    huidig: Option<(Uuid, Rol)>,
    form: Option<FormState>,
    ontkoppel_form: FormState,
) -> Result<KoppelingPage, PageError> {
    let view = state
        .services
        .signal(&user.view.actor, id, "GET /signalen/{id}/koppelingen")
        .await?;
    if view.toegang != baken_domain::dossier::DossierAccess::Full
        || !user.view.actor.may(baken_domain::Permission::WorkDossiers)
    {
        return Err(PageError::Service(ServiceError::NotFound));
    }
    let mut form = form;
    let huidig = match huidig {
        Some((entiteit, rol)) => {
            let found = view
                .entiteiten
                .iter()
                .find(|e| e.entiteit.id == entiteit && e.rol == rol)
                .ok_or(PageError::Service(ServiceError::NotFound))?;
            // A correction starts from what is recorded now.
            if form.is_none() {
                form = Some(waarden(&EntiteitInvoer::van(&found.entiteit.entiteit, rol)));
            }
            Some((entiteit, found.entiteit.entiteit.weergave(), rol.as_str()))
        }
        None => None,
    };
    let form = form.unwrap_or_default();
    let d = &view.dossier;
    Ok(KoppelingPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            &format!("Subjecten en objecten van {}", d.nummer),
            "/signalen",
        )
        .await,
        id,
        nummer: d.nummer.clone(),
        soort,
        soorten: EntiteitSoort::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        huidig,
        velden: soort.map(velden).unwrap_or_default(),
        rollen: choices(Rol::ALL, Rol::as_str, Rol::label, None),
        form,
        ontkoppel_form,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SoortQuery {
    soort: String,
    rol: String,
}

/// `/signalen/{id}/koppelingen/nieuw`: choose a kind; `?soort=persoon`: its form.
pub async fn new_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SoortQuery>,
) -> Result<KoppelingPage, PageError> {
    let soort = EntiteitSoort::parse(&query.soort).ok();
    let mut form = FormState::default();
    form.values.insert(
        "entiteit_rol".into(),
        if soort == Some(EntiteitSoort::Adres) {
            "locatie"
        } else {
            "betrokkene"
        }
        .into(),
    );
    page(
        &state,
        &user,
        parse_uuid(&id)?,
        soort,
        None,
        Some(form),
        FormState::default(),
    )
    .await
}

/// The service's errors at the form's fields.
fn errors_at_fields(errors: &ValidationErrors) -> ValidationErrors {
    renamed(errors, snake)
}

fn kept(fields: &[(String, String)]) -> FormState {
    let mut form = FormState::default();
    for (k, v) in fields {
        form.values.insert(k.clone(), v.clone());
    }
    form
}

pub async fn add(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let soort = fields
        .iter()
        .find(|(k, _)| k == "soort")
        .and_then(|(_, v)| EntiteitSoort::parse(v).ok())
        .ok_or(PageError::Service(ServiceError::NotFound))?;
    match state
        .services
        .link_entity(&user.view.actor, id, &invoer(soort, &fields), &user.ctx)
        .await
    {
        Ok(_) => Ok(crate::flash::redirect(
            &format!("/signalen/{id}#kop-betrokkenen"),
            "koppeling",
            state.config.secure_cookies(),
        )),
        Err(error) => {
            let (status, errors) = match error {
                ServiceError::Invalid(errors) => {
                    (StatusCode::BAD_REQUEST, errors_at_fields(&errors))
                }
                ServiceError::Conflict { message, .. } => {
                    let mut errors = ValidationErrors::new();
                    errors.add("entiteit_rol", message);
                    (StatusCode::CONFLICT, errors)
                }
                other => return Err(other.into()),
            };
            let mut form = kept(&fields);
            form.errors = errors;
            let page = page(
                &state,
                &user,
                id,
                Some(soort),
                None,
                Some(form),
                FormState::default(),
            )
            .await?;
            Ok((status, page).into_response())
        }
    }
}

/// `/signalen/{id}/koppelingen/{entiteit}?rol=…`: correct or unlink one.
pub async fn edit_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, entiteit)): Path<(String, String)>,
    Query(query): Query<SoortQuery>,
) -> Result<KoppelingPage, PageError> {
    let (id, entiteit) = (parse_uuid(&id)?, parse_uuid(&entiteit)?);
    let rol = Rol::parse(&query.rol).map_err(|_| PageError::Service(ServiceError::NotFound))?;
    let soort = state
        .services
        .signal(
            &user.view.actor,
            id,
            "GET /signalen/{id}/koppelingen/{entiteit}",
        )
        .await?
        .entiteiten
        .iter()
        .find(|e| e.entiteit.id == entiteit && e.rol == rol)
        .map(|e| e.entiteit.entiteit.soort())
        .ok_or(PageError::Service(ServiceError::NotFound))?;
    page(
        &state,
        &user,
        id,
        Some(soort),
        Some((entiteit, rol)),
        None,
        FormState::default(),
    )
    .await
}

pub async fn correct(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, entiteit)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (id, entiteit) = (parse_uuid(&id)?, parse_uuid(&entiteit)?);
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let rol_nu =
        Rol::parse(&value("rol_nu")).map_err(|_| PageError::Service(ServiceError::NotFound))?;
    let soort = EntiteitSoort::parse(&value("soort"))
        .map_err(|_| PageError::Service(ServiceError::NotFound))?;
    let result = if value("actie") == "ontkoppelen" {
        state
            .services
            .unlink_entity(
                &user.view.actor,
                id,
                entiteit,
                rol_nu,
                Some(&value("reden")),
                &user.ctx,
            )
            .await
            .map(|()| "ontkoppeld")
    } else {
        state
            .services
            .correct_entity(
                &user.view.actor,
                id,
                (entiteit, rol_nu),
                &invoer(soort, &fields),
                Some(&value("motivering")),
                &user.ctx,
            )
            .await
            .map(|_| "gecorrigeerd")
    };
    match result {
        Ok(code) => Ok(crate::flash::redirect(
            &format!("/signalen/{id}#kop-betrokkenen"),
            code,
            state.config.secure_cookies(),
        )),
        Err(ServiceError::Invalid(errors)) => {
            let ontkoppelen = value("actie") == "ontkoppelen";
            let mut errors = errors_at_fields(&errors);
            if ontkoppelen {
                // The unlink form names its reason `reden`.
                let mut renamed = ValidationErrors::new();
                for e in errors.iter() {
                    let name = if e.name == "motivering" {
                        "reden"
                    } else {
                        e.name.as_str()
                    };
                    renamed.add_code(name, e.code, e.reason.clone());
                }
                errors = renamed;
            }
            let mut ontkoppel_form = FormState::default();
            let form = if ontkoppelen {
                ontkoppel_form.values.insert("reden".into(), value("reden"));
                ontkoppel_form.errors = errors;
                None
            } else {
                let mut form = kept(&fields);
                form.errors = errors;
                Some(form)
            };
            let page = page(
                &state,
                &user,
                id,
                Some(soort),
                Some((entiteit, rol_nu)),
                form,
                ontkoppel_form,
            )
            .await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
