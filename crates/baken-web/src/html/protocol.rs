//! `/protocol`: the privacy protocol in force, rendered from the same data the engine enforces.

use super::form::FormState;
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
use baken_core::ServiceError;
use baken_core::protocol::{RaadplegingInvoer, ToetsInvoer};
use baken_core::rapporten::ProtocolWeergave;
use baken_domain::tijd::format_date_nl;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "protocol.html")]
pub struct ProtocolPage {
    shell: Shell,
    p: ProtocolWeergave,
    gemeenten: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProtocolQuery {
    gemeente: Option<String>,
}

fn wanted_gemeente(user: &SignedIn, query: ProtocolQuery) -> Option<String> {
    query
        .gemeente
        .or_else(|| user.view.active_gemeente().map(|g| g.to_string()))
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<ProtocolQuery>,
) -> Result<ProtocolPage, PageError> {
    let actor = &user.view.actor;
    let view = state
        .services
        .protocol_of(actor, wanted_gemeente(&user, query).as_deref())
        .await?;
    let all = state.services.gemeenten().await?;
    let naam_van = |code: &baken_domain::GemeenteCode| {
        all.iter()
            .find(|g| &g.code == code)
            .map_or(code.to_string(), |g| g.naam.to_string())
    };
    Ok(ProtocolPage {
        shell: Shell::signed_in(&state, &user.view, "Privacyprotocol", "/protocol").await,
        p: ProtocolWeergave::of(&view, &naam_van(&view.gemeente)),
        gemeenten: actor
            .gemeenten
            .iter()
            .map(|g| (g.to_string(), naam_van(g)))
            .collect(),
    })
}

/// `/protocol.pdf`: the same document as PDF.
pub async fn show_pdf(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<ProtocolQuery>,
) -> Result<Response, PageError> {
    let pdf = state
        .services
        .protocol_document_pdf(&user.view.actor, wanted_gemeente(&user, query).as_deref())
        .await?;
    Ok(crate::api::pdf_response(pdf, "privacyprotocol.pdf"))
}

/// The decision form of one privacy check; field names carry the check's code (`1-noodzaak`), so
/// the forms of several checks can share a page.
pub struct ToetsFormulier {
    code: String,
    naam: String,
    aspecten: Vec<(String, String)>,
    bronnen: Vec<(String, String)>,
    motivering: String,
    /// The field of the decision (`1-besluit`): nothing is chosen until the officer chooses.
    besluit: String,
}

/// `/signalen/{id}/protocol`: what the protocol allows for this signal now, the privacy-check
/// decisions, and the forms to decide a check and to record a source consultation.
#[derive(Template, WebTemplate)]
#[template(path = "signalen/protocol.html")]
pub struct SignalProtocolPage {
    shell: Shell,
    id: uuid::Uuid,
    nummer: String,
    fase: String,
    versie: String,
    melding: Option<String>,
    form: FormState,
    vervolg: Vec<(String, String)>,
    besluiten: Vec<String>,
    toetsen: Vec<ToetsFormulier>,
    mag_raadplegen: bool,
    bronnen: Vec<(String, String)>,
    doelen: Vec<(String, String)>,
    uitkomsten: Vec<(String, String)>,
    /// The sources of this phase Baken holds a local register of, their purposes, and the
    /// subjects and objects to consult them about.
    lokaal: Vec<(String, String)>,
    lokaal_doelen: Vec<(String, String)>,
    onderwerpen: Vec<(String, String)>,
}

async fn signal_protocol_page(
    state: &AppState,
    user: &SignedIn,
    id: uuid::Uuid,
    form: FormState,
    melding: Option<String>,
) -> Result<SignalProtocolPage, PageError> {
    let actor = &user.view.actor;
    let (dossier, protocol, checks) = state
        .services
        .protocol_state(actor, id, "GET /signalen/{id}/protocol")
        .await?;
    let d = &protocol.document;
    let vervolg = protocol
        .overgangen_van(dossier.status)
        .map(|o| {
            let mut vereist = Vec::new();
            if o.motivering {
                vereist.push("motivering".to_string());
            }
            if let Some(t) = o.privacytoets.as_deref().and_then(|t| protocol.toets(t)) {
                vereist.push(format!("goedgekeurde {}", t.naam.to_lowercase()));
            }
            if !o.rollen.is_empty() {
                let rollen: Vec<String> =
                    o.rollen.iter().map(|r| r.label().to_lowercase()).collect();
                vereist.push(format!("besluit van de {}", rollen.join(" of ")));
            }
            (
                o.naar.label().to_string(),
                if vereist.is_empty() {
                    "geen voorwaarden".into()
                } else {
                    vereist.join(", ")
                },
            )
        })
        .collect();
    let besluiten = checks
        .iter()
        .map(|c| {
            let naam = protocol
                .toets(&c.toets)
                .map_or(c.toets.clone(), |t| t.naam.clone());
            if c.goedgekeurd {
                let bronnen: Vec<String> = c
                    .bronnen
                    .iter()
                    .map(|b| protocol.bron(b).map_or(b.clone(), |x| x.naam.clone()))
                    .collect();
                format!(
                    "{naam} goedgekeurd op {}, geldig tot en met {}{}",
                    format_instant(&c.beslist_op),
                    format_date_nl(c.geldig_tot),
                    if bronnen.is_empty() {
                        String::new()
                    } else {
                        format!("; bronnen: {}", bronnen.join(", "))
                    }
                )
            } else {
                format!("{naam} afgewezen op {}", format_instant(&c.beslist_op))
            }
        })
        .collect();
    // The decision forms only for who may decide a check of this protocol.
    let toetsen = d
        .privacytoetsen
        .iter()
        .filter(|t| actor.has_role(t.goedkeurder))
        .map(|t| ToetsFormulier {
            code: t.code.clone(),
            naam: t.naam.clone(),
            aspecten: t
                .vastleggen
                .iter()
                .map(|a| {
                    let mut label = a.replace('-', " ");
                    label[..1].make_ascii_uppercase();
                    (format!("{}-{a}", t.code), label)
                })
                .collect(),
            bronnen: d
                .bronnen
                .iter()
                .filter(|b| b.privacytoets.as_deref() == Some(t.code.as_str()))
                .map(|b| (b.code.clone(), b.naam.clone()))
                .collect(),
            motivering: format!("{}-motivering", t.code),
            besluit: format!("{}-besluit", t.code),
        })
        .collect();
    let in_phase: Vec<&baken_domain::protocol::BronDefinitie> = d
        .bronnen
        .iter()
        .filter(|b| b.fasen.contains(&dossier.status))
        .collect();
    let mag_raadplegen = actor.may(baken_domain::Permission::WorkDossiers);
    let codes: Vec<&str> = in_phase.iter().map(|b| b.code.as_str()).collect();
    let lokale_bronnen = state
        .services
        .lokale_bronnen(std::slice::from_ref(&dossier.gemeente), &codes)
        .await?;
    let lokaal: Vec<&baken_domain::protocol::BronDefinitie> = in_phase
        .iter()
        .copied()
        .filter(|b| lokale_bronnen.contains(&b.code))
        .collect();
    let onderwerpen = if mag_raadplegen && !lokaal.is_empty() {
        state
            .services
            .raadpleegbare_onderwerpen(actor, id, "GET /signalen/{id}/protocol")
            .await?
            .into_iter()
            .map(|(id, naam)| (id.to_string(), naam))
            .collect()
    } else {
        Vec::new()
    };
    Ok(SignalProtocolPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            &format!("Privacyprotocol bij {}", dossier.nummer),
            "/signalen",
        )
        .await,
        id,
        nummer: dossier.nummer.clone(),
        fase: dossier.status.label().to_string(),
        versie: protocol.versie().to_string(),
        melding,
        form,
        vervolg,
        besluiten,
        toetsen,
        mag_raadplegen,
        lokaal_doelen: lokaal
            .iter()
            .flat_map(|b| {
                b.doelen
                    .iter()
                    .map(move |doel| (doel.clone(), format!("{}: {doel}", b.naam)))
            })
            .collect(),
        lokaal: lokaal
            .iter()
            .map(|b| (b.code.clone(), b.naam.clone()))
            .collect(),
        onderwerpen,
        bronnen: in_phase
            .iter()
            .map(|b| (b.code.clone(), b.naam.clone()))
            .collect(),
        doelen: in_phase
            .iter()
            .flat_map(|b| {
                b.doelen
                    .iter()
                    .map(move |doel| (doel.clone(), format!("{}: {doel}", b.naam)))
            })
            .collect(),
        uitkomsten: vec![
            ("no-hit".into(), "No-hit: niets bekend".into()),
            ("hit".into(), "Hit: er is iets bekend".into()),
        ],
    })
}

pub(super) fn parse_uuid(id: &str) -> Result<uuid::Uuid, PageError> {
    uuid::Uuid::parse_str(id).map_err(|_| PageError::Service(ServiceError::NotFound))
}

pub async fn signal_protocol(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<SignalProtocolPage, PageError> {
    signal_protocol_page(&state, &user, parse_uuid(&id)?, FormState::default(), None).await
}

/// After a refused or invalid action: the page again, with the input and what blocked it.
pub(super) async fn refused_page(
    state: &AppState,
    user: &SignedIn,
    id: uuid::Uuid,
    mut form: FormState,
    error: ServiceError,
) -> Result<Response, PageError> {
    let (status, melding) = match error {
        ServiceError::Invalid(errors) => {
            form.errors = errors;
            (StatusCode::BAD_REQUEST, None)
        }
        ServiceError::Refused(weigering) => (
            if weigering.niet_bevoegd {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            },
            Some(weigering.melding()),
        ),
        // The source is slow or down: the page stays, with what was filled in.
        ServiceError::Unavailable { message, .. } => {
            (StatusCode::SERVICE_UNAVAILABLE, Some(message))
        }
        other => return Err(other.into()),
    };
    let page = signal_protocol_page(state, user, id, form, melding).await?;
    Ok((status, page).into_response())
}

/// The decision form: every aspect of every check the user may decide, as named fields.
pub async fn decide_check(
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
    let bronnen: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "bronnen")
        .map(|(_, v)| v.clone())
        .collect();
    let toets = value("toets");
    let prefix = format!("{toets}-");
    let prefix_for_errors = prefix.clone();
    let input = ToetsInvoer {
        besluit: value(&format!("{prefix}besluit")),
        antwoorden: fields
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix(&prefix)
                    .filter(|aspect| !["besluit", "motivering"].contains(aspect))
                    .map(|aspect| (aspect.to_string(), v.clone()))
            })
            .collect(),
        bronnen: bronnen.clone(),
        motivering: Some(value(&format!("{prefix}motivering"))),
        toets,
    };
    match state
        .services
        .decide_privacy_check(&user.view.actor, id, &input, &user.ctx)
        .await
    {
        Ok(_) => Ok(crate::flash::redirect(
            &format!("/signalen/{id}/protocol"),
            "toetsbesluit",
            state.config.secure_cookies(),
        )),
        Err(error) => {
            let mut form = FormState::default();
            for (k, v) in &fields {
                if k != "bronnen" {
                    form.values.insert(k.clone(), v.clone());
                }
            }
            form.multi.insert("bronnen".into(), bronnen);
            // The service names fields without the check's prefix; this form's fields carry it.
            let error = match error {
                ServiceError::Invalid(errors) => {
                    let mut renamed = baken_domain::ValidationErrors::new();
                    for e in errors.iter() {
                        let name = match e.name.as_str() {
                            "motivering" | "besluit" => format!("{prefix_for_errors}{}", e.name),
                            other => match other.strip_prefix("antwoorden.") {
                                Some(aspect) => format!("{prefix_for_errors}{aspect}"),
                                None => other.to_string(),
                            },
                        };
                        renamed.add_code(name, e.code, e.reason.clone());
                    }
                    ServiceError::Invalid(renamed)
                }
                other => other,
            };
            refused_page(&state, &user, id, form, error).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConsultForm {
    bron: String,
    doel: String,
    uitkomst: String,
    toelichting: String,
}

pub async fn consult(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ConsultForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let input = RaadplegingInvoer {
        bron: form.bron.clone(),
        doel: form.doel.clone(),
        uitkomst: form.uitkomst.clone(),
        toelichting: Some(form.toelichting.clone()),
    };
    match state
        .services
        .consult_source(&user.view.actor, id, &input, &user.ctx)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/signalen/{id}#journaal")).into_response()),
        Err(error) => {
            let mut state_form = FormState::default();
            for (k, v) in [
                ("bron", &form.bron),
                ("doel", &form.doel),
                ("uitkomst", &form.uitkomst),
                ("toelichting", &form.toelichting),
            ] {
                state_form.values.insert(k.into(), v.clone());
            }
            refused_page(&state, &user, id, state_form, error).await
        }
    }
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/protocol", get(show))
        .route("/protocol.pdf", get(show_pdf))
        .route("/signalen/{id}/protocol", get(signal_protocol))
        .route("/signalen/{id}/privacytoetsen", post(decide_check))
        .route("/signalen/{id}/bronraadplegingen", post(consult))
}
