//! The decision on one agenda item: its own page, so that the form works without JavaScript and
//! each field has one id; a refusal of the protocol is shown at the decision's field.

use super::*;
use crate::html::signalen::dossier::wegingsantwoorden;

/// One criterion of a weighing in the decision form.
pub struct Criterium {
    pub vraag: String,
    pub antwoord: String,
    pub toelichting: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "overleggen/besluit.html")]
pub struct BesluitPage {
    shell: Shell,
    id: Uuid,
    titel: String,
    punt: PuntRegel,
    keuzes: Vec<(String, String)>,
    criteria: Vec<Criterium>,
    antwoorden: Vec<(&'static str, &'static str)>,
    is_casus: bool,
    reden_opties: Vec<(String, String)>,
    form: FormState,
}

async fn besluit_page(
    state: &AppState,
    user: &SignedIn,
    id: Uuid,
    dossier: Uuid,
    form: FormState,
) -> Result<BesluitPage, PageError> {
    let o = state
        .services
        .meeting(
            &user.view.actor,
            id,
            "GET /overleggen/{id}/agendapunten/{dossier}",
        )
        .await?;
    let open = o.record.status == OverlegStatus::Gepland;
    let p = o
        .punten
        .iter()
        .find(|p| p.record.dossier_id == dossier && p.toegang == DossierAccess::Full)
        .ok_or(ServiceError::NotFound)?;
    let shell = Shell::signed_in(state, &user.view, "Besluit vastleggen", "/overleggen").await;
    Ok(BesluitPage {
        shell,
        id,
        titel: o.record.titel.clone(),
        punt: punt_regel(p, open, o.mag_voorzitten),
        keuzes: std::iter::once((String::new(), "Kies het besluit".to_string()))
            .chain(p.keuzes.iter().cloned())
            .collect(),
        criteria: p
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| Criterium {
                vraag: c.clone(),
                antwoord: format!("wegingsantwoorden_{}_antwoord", i + 1),
                toelichting: format!("wegingsantwoorden_{}_toelichting", i + 1),
            })
            .collect(),
        antwoorden: baken_domain::weging::Antwoord::ALL
            .iter()
            .map(|a| (a.as_str(), a.label()))
            .collect(),
        is_casus: p.soort == DossierSoort::Casus,
        reden_opties: std::iter::once((String::new(), "Alleen bij afsluiten".to_string()))
            .chain(
                baken_domain::casus::Afsluitreden::ALL
                    .iter()
                    .map(|a| (a.as_str().to_string(), a.label().to_string())),
            )
            .collect(),
        form,
    })
}

pub async fn decision_form(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, dossier)): Path<(String, String)>,
) -> Result<BesluitPage, PageError> {
    besluit_page(
        &state,
        &user,
        parse_uuid(&id)?,
        parse_uuid(&dossier)?,
        FormState::default(),
    )
    .await
}

pub async fn decide(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, dossier)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (id, dossier) = (parse_uuid(&id)?, parse_uuid(&dossier)?);
    let input = BesluitInvoer {
        besluit: value(&fields, "besluit"),
        motivering: some(&value(&fields, "motivering")),
        wegingsantwoorden: Some(wegingsantwoorden(&fields)),
        herbeoordelen_op: some(&value(&fields, "herbeoordelen_op")),
        afsluitreden: some(&value(&fields, "afsluitreden")),
        nazorg_tot: some(&value(&fields, "nazorg_tot")),
    };
    let (code, errors) = match state
        .services
        .decide_agenda_item(&user.view.actor, id, dossier, &input, &user.ctx)
        .await
    {
        Ok(_) => {
            return Ok(crate::flash::redirect(
                &format!("/overleggen/{id}#kop-agenda"),
                "besluit",
                state.config.secure_cookies(),
            ));
        }
        Err(ServiceError::Invalid(errors)) => (
            StatusCode::BAD_REQUEST,
            renamed(&errors, |n| {
                // `wegingsantwoorden.1.antwoord` is the form's `wegingsantwoorden_1_antwoord`.
                if n.starts_with("wegingsantwoorden") {
                    n.replace('.', "_")
                } else {
                    snake(n)
                }
            }),
        ),
        Err(ServiceError::Refused(weigering)) => (
            if weigering.niet_bevoegd {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            },
            at_field(
                "besluit",
                format!(
                    "Niet toegestaan door het privacyprotocol: {}",
                    weigering.melding()
                ),
            ),
        ),
        Err(ServiceError::Conflict { message, .. }) => {
            (StatusCode::CONFLICT, at_field("besluit", message))
        }
        Err(e) => return Err(e.into()),
    };
    let mut form = keep(&fields);
    form.errors = errors;
    let page = besluit_page(&state, &user, id, dossier, form).await?;
    Ok((code, page).into_response())
}
