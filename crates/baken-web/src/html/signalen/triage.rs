//! The coordinator's triage page: open signals of all municipalities with their age, counts per
//! status, workload per person, and assignment from the list.

use super::*;
use crate::AppState;
use crate::error::PageError;
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use baken_core::dossiers::SignaalWijziging;
use baken_core::dossiers::triage::{OPEN_STATUSES, TRIAGE_PER_STATUS};
use serde::Deserialize;

/// A line of the triage table.
pub struct TriageLijn {
    pub id: Uuid,
    pub nummer: String,
    pub gemeente: String,
    pub status: &'static str,
    pub ontvangen: String,
    pub dagen_sinds_ontvangst: i64,
    pub dagen_stil: i64,
    /// Monitoring whose re-weigh date has come.
    pub opnieuw_wegen: Option<String>,
    pub toegewezen_id: String,
    pub versie: i64,
    /// Who may be assigned (id, name), for the select.
    pub opties: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "signalen/triage.html")]
pub struct TriagePage {
    shell: Shell,
    statussen: Vec<&'static str>,
    /// Per municipality (name): the counts in the order of `statussen`, and the total.
    tellingen: Vec<(String, Vec<String>, usize)>,
    werkvoorraad: Vec<(String, usize)>,
    regels: Vec<TriageLijn>,
    per_status: i64,
}

fn dagen(n: i64) -> String {
    match n {
        0 => "vandaag".into(),
        1 => "1 dag".into(),
        n => format!("{n} dagen"),
    }
}

impl TriagePage {
    fn dagen(&self, n: &i64) -> String {
        dagen(*n)
    }
}

pub async fn triage(State(state): State<AppState>, user: SignedIn) -> Result<Response, PageError> {
    let view = state.services.triage(&user.view.actor).await?;
    let shell = Shell::signed_in(&state, &user.view, "Triage", "/signalen/triage").await;
    let naam = |u: Option<UserId>| {
        u.and_then(|u| view.namen.get(&u).cloned())
            .unwrap_or_else(|| "niemand".into())
    };
    let mut tellingen = Vec::new();
    for gemeente in &user.view.actor.gemeenten {
        let counts: Vec<_> = view
            .tellingen
            .iter()
            .filter(|t| &t.gemeente == gemeente)
            .collect();
        let total = counts.iter().map(|t| t.aantal).sum();
        tellingen.push((
            shell.gemeente(gemeente),
            counts
                .iter()
                .map(|t| format!("{}{}", t.aantal, if t.meer { "+" } else { "" }))
                .collect(),
            total,
        ));
    }
    let werkvoorraad = view
        .werkvoorraad
        .iter()
        .map(|(u, n)| (naam(*u), *n))
        .collect();
    let regels = view
        .regels
        .iter()
        .map(|r| {
            let d = &r.dossier;
            let opties = std::iter::once((String::new(), "Niemand".to_string()))
                .chain(
                    view.medewerkers
                        .get(&d.gemeente)
                        .into_iter()
                        .flatten()
                        .map(|(u, n)| (u.to_string(), n.clone())),
                )
                .collect();
            TriageLijn {
                id: d.id,
                nummer: d.nummer.clone(),
                gemeente: shell.gemeente(&d.gemeente),
                status: d.status.label(),
                ontvangen: date_nl(d.ontvangstdatum),
                dagen_sinds_ontvangst: r.dagen_sinds_ontvangst,
                dagen_stil: r.dagen_stil,
                opnieuw_wegen: r
                    .opnieuw_wegen
                    .then(|| d.herbeoordelen_op.map(date_nl).unwrap_or_default()),
                toegewezen_id: d.toegewezen_aan.map(|u| u.to_string()).unwrap_or_default(),
                versie: d.versie,
                opties,
            }
        })
        .collect();
    Ok(TriagePage {
        shell,
        statussen: OPEN_STATUSES.iter().map(|s| s.label()).collect(),
        tellingen,
        werkvoorraad,
        regels,
        per_status: TRIAGE_PER_STATUS,
    }
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssignForm {
    toegewezen_aan: String,
    versie: Option<i64>,
}

/// Assignment from the triage list; back to the list with a confirmation. A refusal (someone
/// changed the signal meanwhile, an unknown colleague) shows the error page with the reason.
pub async fn assign(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Result<Response, PageError> {
    let id = parse_uuid(&id)?;
    let change = SignaalWijziging {
        toegewezen_aan: Some(form.toegewezen_aan.trim().to_string()),
        motivering: Some("Toegewezen vanuit de triage.".into()),
        versie: form.versie,
        ..Default::default()
    };
    state
        .services
        .update_signal(&user.view.actor, id, &change, &user.ctx)
        .await?;
    Ok(crate::flash::redirect(
        &format!("/signalen/triage#signaal-{id}"),
        "toegewezen",
        state.config.secure_cookies(),
    ))
}
