//! The start page and the municipality switcher.

use crate::AppState;
use crate::error::PageError;
use crate::html::signalen::dossier::{AanvraagRegel, aanvraag_regel};
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use baken_domain::Permission;
use baken_domain::tijd::format_date_nl;
use serde::Deserialize;
use uuid::Uuid;

pub struct Card {
    pub href: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "start.html")]
pub struct StartPage {
    shell: Shell,
    name: String,
    gemeente: String,
    roles: String,
    mfa_enabled: bool,
    cards: Vec<Card>,
    /// The privacy officer's queue (only for privacy officers).
    wachtrij: Option<Wachtrij>,
    /// A team member's own requests for a privacy check and where they stand.
    mijn_aanvragen: Vec<(Uuid, String, AanvraagRegel)>,
    /// The actor's own deadlines that have passed and that end this week, when there are any.
    /// Deadlines passed and ending this week; tasks overdue and due this week.
    termijnen: Option<(usize, usize, usize, usize)>,
    /// Requests to join a team the user decides on: dossier id, number, who, when, reason.
    toegang: Vec<(Uuid, String, String, String, String)>,
}

/// What waits for the privacy officer, as the start page lists it.
pub struct Wachtrij {
    /// Dossier id, number, municipality name, request.
    toetsen: Vec<(Uuid, String, String, AanvraagRegel)>,
    /// Request id, reference, kind, deadline, late.
    verzoeken: Vec<(Uuid, String, &'static str, String, bool)>,
    /// Request id, reference, dossier number, date.
    beperkingen: Vec<(Uuid, String, String, String)>,
}

pub async fn start(State(state): State<AppState>, user: SignedIn) -> Result<StartPage, PageError> {
    let shell = Shell::signed_in(&state, &user.view, "Start", "/").await;
    let gemeente = shell
        .user
        .as_ref()
        .map(|u| u.active_gemeente().to_string())
        .unwrap_or_default();
    let roles = shell
        .user
        .as_ref()
        .map(|u| u.roles.to_lowercase())
        .unwrap_or_default();
    let actor = &user.view.actor;
    let mut cards = Vec::new();
    if actor.may(Permission::WorkDossiers) || actor.may(Permission::ReadProcessingLog) {
        cards.push(Card {
            href: "/signalen",
            title: "Signalen",
            text: "De signalen van uw gemeente: filteren, openen en het journaal bijhouden.",
        });
    }
    if actor.may(Permission::WorkDossiers) {
        cards.push(Card {
            href: "/signalen/nieuw",
            title: "Nieuw signaal",
            text: "Een signaal registreren met de subjecten en objecten waar het over gaat.",
        });
        cards.push(Card {
            href: "/signalen/zoeken",
            title: "Zoeken",
            text: "Zoeken in signalen en journaals, of op BSN, kenteken of adres.",
        });
    }
    if actor.may(Permission::Administer) {
        cards.push(Card {
            href: "/beheer/gebruikers",
            title: "Gebruikers en rollen",
            text: "Accounts aanmaken, rollen en gemeenten toekennen, tweede factor herstellen.",
        });
        cards.push(Card {
            href: "/beheer/gemeenten",
            title: "Gemeenten",
            text: "De gemeenten waarvoor de werkorganisatie werkt.",
        });
        cards.push(Card {
            href: "/beheer/audit",
            title: "Auditlog",
            text: "Aanmeldingen en beheerhandelingen.",
        });
    }
    cards.push(Card {
        href: "/account",
        title: "Mijn account",
        text: "Wachtwoord, tweede factor, actieve sessies en API-tokens.",
    });
    let wachtrij = if actor.has_role(baken_domain::Role::Privacyfunctionaris) {
        let w = state.services.privacy_queue(actor, "GET /").await?;
        Some(Wachtrij {
            toetsen: w
                .toetsaanvragen
                .iter()
                .map(|a| {
                    (
                        a.aanvraag.dossier_id,
                        a.dossier_nummer.clone(),
                        shell.gemeente(&a.aanvraag.gemeente),
                        aanvraag_regel(a),
                    )
                })
                .collect(),
            verzoeken: w
                .verzoeken
                .iter()
                .map(|v| {
                    (
                        v.id,
                        baken_core::verzoeken::kenmerk(v.id),
                        baken_domain::verzoek::VerzoekSoort::parse(&v.soort)
                            .map_or("Verzoek", |s| s.label()),
                        format_date_nl(v.termijn_tot),
                        state.services.request_late(v),
                    )
                })
                .collect(),
            beperkingen: w
                .beperkingen
                .iter()
                .map(|t| {
                    (
                        t.beperking.verzoek_id,
                        t.kenmerk.clone(),
                        t.dossier_nummer.clone().unwrap_or_default(),
                        format_date_nl(t.beperking.herbeoordeling),
                    )
                })
                .collect(),
        })
    } else {
        None
    };
    let mijn_aanvragen = if actor.may(Permission::WorkDossiers) {
        state
            .services
            .my_check_requests(actor, "GET /")
            .await?
            .iter()
            .map(|a| {
                (
                    a.aanvraag.dossier_id,
                    a.dossier_nummer.clone(),
                    aanvraag_regel(a),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let termijnen = if actor.may(Permission::WorkDossiers) {
        let h = state.services.reminder(actor, "GET /").await?;
        (!h.is_empty()).then_some((
            h.verlopen.len(),
            h.deze_week.len(),
            h.taken_te_laat,
            h.taken_deze_week,
        ))
    } else {
        None
    };
    let toegang = if actor.may(Permission::WorkDossiers) {
        state
            .services
            .join_requests_for(actor, "GET /")
            .await?
            .into_iter()
            .map(|t| {
                (
                    t.verzoek.dossier_id,
                    t.dossier_nummer,
                    t.gevraagd_door,
                    crate::shell::format_instant(&t.verzoek.gevraagd_op),
                    t.verzoek.reden,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(StartPage {
        name: user.view.user.name.to_string(),
        gemeente,
        roles,
        mfa_enabled: user.view.user.totp.confirmed,
        cards,
        wachtrij,
        mijn_aanvragen,
        termijnen,
        toegang,
        shell,
    })
}

#[derive(Deserialize)]
pub struct ChooseGemeente {
    gemeente: String,
}

pub async fn choose_gemeente(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<ChooseGemeente>,
) -> Result<Response, PageError> {
    state
        .services
        .choose_gemeente(&user.view, &form.gemeente)
        .await?;
    Ok(Redirect::to("/").into_response())
}

/// The routes of this area.
pub(super) fn router() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/", get(start))
        .route("/gemeente-kiezen", post(choose_gemeente))
}
