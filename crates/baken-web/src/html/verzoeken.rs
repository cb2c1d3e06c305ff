//! `/privacy/verzoeken`: requests of data subjects for the privacy officer (the same services as
//! `/api/v1/verzoeken`). BSNs travel only in form bodies, never in a URL.

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
use baken_core::BeperkingRecord;
use baken_core::ServiceError;
use baken_core::rapporten::kenmerk;
use baken_core::verzoeken::{BeperkingInvoer, HerbeoordelingInvoer, VerzoekDetail, VerzoekInvoer};
use baken_domain::tijd::{format_date_nl, today_nl};
use baken_domain::verzoek::{Art41Grond, Besluit, VerzoekSoort};
use serde::Deserialize;
use uuid::Uuid;

pub struct Regel {
    id: Uuid,
    kenmerk: String,
    soort: &'static str,
    ontvangen: String,
    termijn: String,
    status: String,
    te_laat: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "privacy/verzoeken.html")]
pub struct RequestsPage {
    shell: Shell,
    regels: Vec<Regel>,
    form: FormState,
    soorten: Vec<(String, String)>,
    gemeenten: Vec<(String, String)>,
    /// Restrictions due for re-evaluation: request id, reference, dossier, ground, date.
    herbeoordelen: Vec<(Uuid, String, String, String, String)>,
}

fn soorten() -> Vec<(String, String)> {
    VerzoekSoort::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect()
}

async fn requests_page(
    state: &AppState,
    user: &SignedIn,
    form: FormState,
) -> Result<RequestsPage, PageError> {
    let found = state.services.requests(&user.view.actor).await?;
    let names = state.services.gemeenten().await?;
    let regels = found
        .iter()
        .map(|v| Regel {
            id: v.id,
            kenmerk: kenmerk(v.id),
            soort: VerzoekSoort::parse(&v.soort).map_or("onbekend", |s| s.label()),
            ontvangen: format_date_nl(v.ontvangen_op),
            termijn: format!(
                "{}{}",
                format_date_nl(v.termijn_tot),
                if v.verlengd_op.is_some() {
                    " (verlengd)"
                } else {
                    ""
                }
            ),
            status: match (&v.besluit, v.beantwoord_op) {
                (Some(b), Some(op)) => format!(
                    "{} op {}",
                    Besluit::parse(b).map_or(b.as_str(), |b| b.label()),
                    format_instant(&op)
                ),
                _ => "Open".into(),
            },
            te_laat: state.services.request_late(v),
        })
        .collect();
    Ok(RequestsPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            "Verzoeken van betrokkenen",
            "/privacy/verwerkingslog",
        )
        .await,
        regels,
        form,
        soorten: soorten(),
        herbeoordelen: state
            .services
            .restrictions_due(&user.view.actor)
            .await?
            .into_iter()
            .map(|t| {
                (
                    t.beperking.verzoek_id,
                    t.kenmerk,
                    t.dossier_nummer
                        .unwrap_or_else(|| "(dossier verwijderd)".into()),
                    match t.beperking.journaalpost_id {
                        Some(_) => format!("één journaalpost, onder {}", t.beperking.grond),
                        None => format!("het hele dossier, onder {}", t.beperking.grond),
                    },
                    format_date_nl(t.beperking.herbeoordeling),
                )
            })
            .collect(),
        gemeenten: user
            .view
            .actor
            .gemeenten
            .iter()
            .map(|g| {
                (
                    g.to_string(),
                    names
                        .iter()
                        .find(|n| &n.code == g)
                        .map_or(g.to_string(), |n| n.naam.to_string()),
                )
            })
            .collect(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    user: SignedIn,
) -> Result<RequestsPage, PageError> {
    let mut form = FormState::default();
    form.values.insert(
        "ontvangen_op".into(),
        today_nl(state.services.clock().now()).to_string(),
    );
    requests_page(&state, &user, form).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RequestForm {
    soort: String,
    bsn: String,
    ontvangen_op: String,
    gemeente: String,
    toelichting: String,
}

pub async fn register(
    State(state): State<AppState>,
    user: SignedIn,
    Form(input): Form<RequestForm>,
) -> Result<Response, PageError> {
    let result = state
        .services
        .register_request(
            &user.view.actor,
            &VerzoekInvoer {
                soort: input.soort.clone(),
                bsn: input.bsn.clone(),
                ontvangen_op: Some(input.ontvangen_op.clone()),
                gemeente: Some(input.gemeente.clone()),
                toelichting: Some(input.toelichting.clone()),
            },
            &user.ctx,
        )
        .await;
    match result {
        Ok(v) => Ok(Redirect::to(&format!("/privacy/verzoeken/{}", v.id)).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let mut form = FormState::default();
            for (k, v) in [
                ("soort", &input.soort),
                ("bsn", &input.bsn),
                ("ontvangen_op", &input.ontvangen_op),
                ("gemeente", &input.gemeente),
                ("toelichting", &input.toelichting),
            ] {
                form.values.insert(k.into(), v.clone());
            }
            form.errors = super::form::renamed(&errors, super::form::snake);
            let page = requests_page(&state, &user, form).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "privacy/verzoek.html")]
pub struct RequestPage {
    shell: Shell,
    id: Uuid,
    kenmerk: String,
    d: VerzoekDetail,
    form: FormState,
    gronden: Vec<(String, String)>,
    besluiten: Vec<(String, String)>,
    dossier_opties: Vec<(String, String)>,
    post_opties: Vec<(String, String)>,
    gemeente_namen: Vec<(String, String)>,
    herbeoordeel_opties: Vec<(String, String)>,
    uitkomst_opties: Vec<(String, String)>,
}

impl RequestPage {
    fn gemeente(&self, code: &impl std::fmt::Display) -> String {
        let code = code.to_string();
        self.gemeente_namen
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code.clone(), |(_, naam)| naam.clone())
    }

    fn besluit(&self, besluit: &str) -> String {
        Besluit::parse(besluit).map_or(besluit.to_string(), |b| b.label().to_string())
    }

    fn datum(&self, d: &time::Date) -> String {
        format_date_nl(*d)
    }

    fn moment(&self, t: &time::OffsetDateTime) -> String {
        format_instant(t)
    }

    fn dossier_nummer(&self, dossier: &Uuid) -> String {
        dossier_nummer(&self.d, dossier)
            .unwrap_or("een dossier dat niet meer bestaat")
            .to_string()
    }

    fn beperking_tekst(&self, b: &BeperkingRecord) -> String {
        let omvang = match b.journaalpost_id {
            Some(_) => format!(
                "een journaalpost van {}",
                self.dossier_nummer(&b.dossier_id)
            ),
            None => self.dossier_nummer(&b.dossier_id),
        };
        let stand = match (b.opgeheven_op, &b.herbeoordeling_motivering) {
            (Some(op), motivering) => format!(
                "opgeheven op {}{}",
                format_instant(&op),
                motivering
                    .as_ref()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default()
            ),
            (None, Some(m)) => format!(
                "gehandhaafd ({m}), herbeoordeling {}",
                format_date_nl(b.herbeoordeling)
            ),
            (None, None) => format!("herbeoordeling {}", format_date_nl(b.herbeoordeling)),
        };
        format!("{omvang}: onder {} — {} ({stand})", b.grond, b.motivering)
    }

    fn beperkt(&self, dossier: &Uuid, post: Option<&Uuid>) -> Option<String> {
        self.d
            .beperkingen
            .iter()
            .filter(|b| b.opgeheven_op.is_none())
            .find(|b| &b.dossier_id == dossier && b.journaalpost_id.as_ref() == post)
            .map(|b| {
                format!(
                    "Beperkt (art. 41 lid 1 onder {} UAVG), herbeoordeling {}",
                    b.grond,
                    format_date_nl(b.herbeoordeling)
                )
            })
    }
}

/// The number of one of the dossiers found for a request.
fn dossier_nummer<'a>(d: &'a VerzoekDetail, dossier: &Uuid) -> Option<&'a str> {
    d.dossiers
        .iter()
        .find(|x| &x.dossier_id == dossier)
        .map(|x| x.nummer.as_str())
}

async fn request_page(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    form: FormState,
) -> Result<RequestPage, PageError> {
    let d = state
        .services
        .request_detail(&user.view.actor, id, &user.ctx)
        .await?;
    let mut dossier_opties = Vec::new();
    let mut post_opties = vec![(String::new(), "Het hele dossier".to_string())];
    for dossier in &d.dossiers {
        dossier_opties.push((dossier.dossier_id.to_string(), dossier.nummer.clone()));
        for post in &dossier.journaal {
            post_opties.push((
                post.id.to_string(),
                format!(
                    "{}: {} van {}",
                    dossier.nummer,
                    post.soort.label(),
                    format_date_nl(today_nl(post.gebeurd_op))
                ),
            ));
        }
    }
    let herbeoordeel_opties: Vec<(String, String)> = d
        .beperkingen
        .iter()
        .filter(|b| b.opgeheven_op.is_none())
        .map(|b| {
            let nummer = dossier_nummer(&d, &b.dossier_id).unwrap_or("?");
            (
                b.id.to_string(),
                format!(
                    "{nummer}{}, onder {}, herbeoordeling {}",
                    if b.journaalpost_id.is_some() {
                        " (één journaalpost)"
                    } else {
                        ""
                    },
                    b.grond,
                    format_date_nl(b.herbeoordeling)
                ),
            )
        })
        .collect();
    Ok(RequestPage {
        shell: Shell::signed_in(
            state,
            &user.view,
            "Verzoek van een betrokkene",
            "/privacy/verwerkingslog",
        )
        .await,
        id,
        kenmerk: kenmerk(id),
        d,
        form,
        gronden: Art41Grond::ALL
            .iter()
            .map(|g| (g.as_str().to_string(), g.label().to_string()))
            .collect(),
        besluiten: Besluit::ALL
            .iter()
            .map(|b| (b.as_str().to_string(), b.label().to_string()))
            .collect(),
        dossier_opties,
        post_opties,
        herbeoordeel_opties,
        uitkomst_opties: vec![
            ("handhaven".into(), "Handhaven".into()),
            ("opheffen".into(), "Opheffen".into()),
        ],
        gemeente_namen: state
            .services
            .gemeenten()
            .await?
            .into_iter()
            .map(|g| (g.code.to_string(), g.naam.to_string()))
            .collect(),
    })
}

fn request_id(id: &str) -> Result<Uuid, PageError> {
    Uuid::parse_str(id).map_err(|_| PageError::Service(ServiceError::NotFound))
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<RequestPage, PageError> {
    request_page(&state, &user, request_id(&id)?, FormState::default()).await
}

/// One step on a request (`verlenging`, `identiteit`, `beperking`, `besluit`): on success back to
/// the request, otherwise the request page again with the errors in Dutch and the input kept. The
/// forms share one page, so their fields carry the step's name (`beperking_grond`).
pub async fn step(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, stap)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = request_id(&id)?;
    let field = |name: &str| {
        let wanted = format!("{stap}_{name}");
        fields
            .iter()
            .find(|(k, _)| *k == wanted)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let services = &state.services;
    let actor = &user.view.actor;
    let result = match stap.as_str() {
        "verlenging" => services
            .extend_request(actor, id, &field("motivering"), &user.ctx)
            .await
            .map(|_| ()),
        "identiteit" => {
            services
                .confirm_identity(actor, id, &field("entiteit"), &user.ctx)
                .await
        }
        "beperking" => services
            .restrict_answer(
                actor,
                id,
                &BeperkingInvoer {
                    dossier: field("dossier"),
                    journaalpost: Some(field("journaalpost")),
                    grond: field("grond"),
                    motivering: field("motivering"),
                    herbeoordeling: field("herbeoordeling"),
                },
                &user.ctx,
            )
            .await
            .map(|_| ()),
        "herbeoordeling" => match Uuid::parse_str(field("beperking").trim()) {
            Ok(beperking) => services
                .reassess_restriction(
                    actor,
                    id,
                    beperking,
                    &HerbeoordelingInvoer {
                        uitkomst: field("uitkomst"),
                        motivering: field("motivering"),
                        herbeoordeling: field("herbeoordeling"),
                    },
                    &user.ctx,
                )
                .await
                .map(|_| ()),
            Err(_) => {
                let mut errors = baken_domain::ValidationErrors::new();
                errors.add("beperking", "Kies een beperking.");
                Err(ServiceError::Invalid(errors))
            }
        },
        "besluit" => services
            .decide_request(
                actor,
                id,
                &field("besluit"),
                &field("motivering"),
                &user.ctx,
            )
            .await
            .map(|_| ()),
        _ => Err(ServiceError::NotFound),
    };
    let failure = match result {
        Ok(()) => {
            return Ok(Redirect::to(&format!("/privacy/verzoeken/{id}")).into_response());
        }
        Err(ServiceError::Invalid(errors)) => errors,
        Err(ServiceError::Conflict { message, .. }) => {
            let mut errors = baken_domain::ValidationErrors::new();
            errors.add(stap.as_str(), message);
            errors
        }
        Err(other) => return Err(other.into()),
    };
    let mut form = FormState::default();
    form.values.extend(fields.iter().cloned());
    form.errors = super::form::renamed(&failure, |name| {
        format!("{stap}_{}", super::form::snake(name))
    });
    let page = request_page(&state, &user, id, form).await?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

/// The answer as PDF (restrictions applied; logged as an export).
pub async fn answer_pdf(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = request_id(&id)?;
    let pdf = state
        .services
        .request_answer_pdf(&user.view.actor, id, &user.ctx)
        .await?;
    Ok(crate::api::pdf_response(
        pdf,
        &format!("antwoord-{}.pdf", kenmerk(id)),
    ))
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/privacy/verzoeken", get(list).post(register))
        .route("/privacy/verzoeken/{id}", get(show))
        .route("/privacy/verzoeken/{id}/antwoord.pdf", get(answer_pdf))
        .route("/privacy/verzoeken/{id}/{stap}", post(step))
}
