//! Reminders: what each colleague has to do soon — their deadlines that have passed or end this
//! week, and their tasks and action items that are overdue or due this week. In the application it
//! is on the start page; when SMTP is configured, a daily e-mail digest goes to everyone who has
//! any (`baken herinneringen versturen`, and every morning within `serve`).
//!
//! The e-mail holds no data from the dossiers: counts, the kind and last day of each deadline and
//! the dossier's number, and links into Baken. A task's text can name a person, so it stays in
//! Baken. Each digest is in the audit log (sent or failed), never with its content.

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::ServiceResult;
use crate::mail::{Bericht, SmtpConfig};
use baken_domain::Permission;
use baken_domain::tijd::format_date_nl;
use serde_json::json;
use time::Duration;

/// One colleague's reminder.
#[derive(Debug, Clone)]
pub struct Herinnering {
    pub email: String,
    pub naam: String,
    /// Deadline lines: last day, kind, dossier number.
    pub verlopen: Vec<(time::Date, String, String)>,
    pub deze_week: Vec<(time::Date, String, String)>,
    pub taken_te_laat: usize,
    pub taken_deze_week: usize,
}

impl Herinnering {
    pub fn is_empty(&self) -> bool {
        self.verlopen.is_empty()
            && self.deze_week.is_empty()
            && self.taken_te_laat == 0
            && self.taken_deze_week == 0
    }

    /// The e-mail: subject and plain text.
    pub fn bericht(&self, basis_url: &str) -> Bericht {
        let mut delen = Vec::new();
        let n =
            |k: usize, een: &str, meer: &str| format!("{k} {}", if k == 1 { een } else { meer });
        if !self.verlopen.is_empty() {
            delen.push(n(
                self.verlopen.len(),
                "termijn verlopen",
                "termijnen verlopen",
            ));
        }
        if !self.deze_week.is_empty() {
            delen.push(n(
                self.deze_week.len(),
                "termijn deze week",
                "termijnen deze week",
            ));
        }
        let taken = self.taken_te_laat + self.taken_deze_week;
        if taken > 0 {
            delen.push(n(taken, "taak", "taken"));
        }
        let mut tekst = format!("Beste {},\n\nIn Baken staat voor u:\n", self.naam);
        let regels = |kop: &str, lijst: &[(time::Date, String, String)], tekst: &mut String| {
            if lijst.is_empty() {
                return;
            }
            tekst.push_str(&format!("\n{kop}\n"));
            for (datum, soort, nummer) in lijst {
                tekst.push_str(&format!(
                    "- {}: {soort} ({nummer})\n",
                    format_date_nl(*datum)
                ));
            }
        };
        regels("Verlopen termijnen:", &self.verlopen, &mut tekst);
        regels(
            "Termijnen die deze week aflopen:",
            &self.deze_week,
            &mut tekst,
        );
        if taken > 0 {
            tekst.push_str(&format!(
                "\nTaken en actiepunten: {} over de datum, {} deze week.\n",
                self.taken_te_laat, self.taken_deze_week
            ));
        }
        let basis = basis_url.trim_end_matches('/');
        tekst.push_str(&format!(
            "\nBekijk ze in Baken: {basis}/termijnen en {basis}/taken\n\n\
             Deze e-mail bevat geen gegevens uit de dossiers. U ontvangt hem omdat u in Baken werkt; \
             de herinnering komt elke werkdag zolang er iets openstaat.\n"
        ));
        Bericht {
            aan: self.email.clone(),
            onderwerp: format!("Baken: {}", delen.join(", ")),
            tekst,
        }
    }
}

/// What a run sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verzending {
    pub verstuurd: usize,
    pub mislukt: usize,
}

impl Services {
    /// What the actor has to do soon (the start page shows it; the digest sends it): deadlines
    /// that have passed or end this week, tasks overdue or due this week. Name and address empty.
    pub async fn reminder(
        &self,
        actor: &baken_domain::Actor,
        context: &str,
    ) -> ServiceResult<Herinnering> {
        let today = self.today();
        let week = today + Duration::days(7);
        let vraag = crate::maatregelen::TermijnenVraag {
            weken: 1,
            limiet: crate::maatregelen::TERMIJNEN_MAX_PAGINA,
            ..Default::default()
        };
        let overzicht = self.deadline_overview(actor, &vraag, context).await?;
        let regel = |r: &crate::maatregelen::TermijnRegel| {
            (
                r.termijn.einddatum,
                r.termijn.omschrijving.clone(),
                r.dossier_nummer.clone(),
            )
        };
        let taken = self.my_tasks(actor, context).await?;
        let due: Vec<time::Date> = taken.iter().filter_map(|t| t.record.uiterlijk_op).collect();
        Ok(Herinnering {
            email: String::new(),
            naam: String::new(),
            verlopen: overzicht.verlopen.iter().map(regel).collect(),
            deze_week: overzicht.deze_week.iter().map(regel).collect(),
            taken_te_laat: due.iter().filter(|d| **d < today).count(),
            taken_deze_week: due.iter().filter(|d| **d >= today && **d <= week).count(),
        })
    }

    /// The reminders of every active colleague who works on dossiers (empty ones left out). Each
    /// colleague's deadlines and tasks are read as that colleague (need-to-know applies, and the
    /// reads are in the access log under their name, context `e-mailherinnering`).
    pub async fn reminders(&self) -> ServiceResult<Vec<Herinnering>> {
        let users = {
            let mut tx = self.store.begin_read().await?;
            tx.list_users().await?
        };
        let mut out = Vec::new();
        for u in users.into_iter().filter(|u| u.active) {
            let actor = crate::accounts::actor_of(&u);
            if !actor.may(Permission::WorkDossiers) {
                continue;
            }
            let open = self.reminder(&actor, "e-mailherinnering").await?;
            let herinnering = Herinnering {
                email: u.email.to_string(),
                naam: u.name.to_string(),
                ..open
            };
            if !herinnering.is_empty() {
                out.push(herinnering);
            }
        }
        Ok(out)
    }

    /// Sends the reminders through the relay; each one sent or failed is in the audit log.
    pub async fn send_reminders(
        &self,
        smtp: &SmtpConfig,
        ctx: &RequestContext,
    ) -> ServiceResult<Verzending> {
        let mut done = Verzending::default();
        for h in self.reminders().await? {
            let result = crate::mail::send(smtp, &h.bericht(&smtp.basis_url)).await;
            let (outcome, details) = match &result {
                Ok(()) => {
                    done.verstuurd += 1;
                    (
                        Outcome::Gelukt,
                        json!({"termijnen": h.verlopen.len() + h.deze_week.len()}),
                    )
                }
                Err(error) => {
                    done.mislukt += 1;
                    tracing::warn!(%error, "a reminder could not be sent");
                    (Outcome::Mislukt, json!({"fout": error.to_string()}))
                }
            };
            let mut tx = self.store.begin().await?;
            let user = tx.user_by_email(&h.email).await?.map(|u| u.id);
            Audit {
                at: self.clock.now(),
                actor: None,
                ctx,
            }
            .write(
                tx.as_mut(),
                AuditAction::HerinneringVerstuurd,
                user.map(|u| format!("gebruiker:{}", u.0)),
                outcome,
                details,
            )
            .await?;
            tx.commit().await?;
        }
        Ok(done)
    }
}
