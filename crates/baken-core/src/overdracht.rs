//! Handover (overdracht): everything a colleague holds — open dossiers as owner, assignee or team
//! member, running interventions, open deadlines — and a bulk reassignment to a successor that
//! writes a journal entry in every dossier it touches, so the successor continues from the
//! dossiers alone. A coordinator of the colleague's municipalities does it; a colleague may look at
//! their own holdings.

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::journal::JournaalSoort;
use baken_domain::{Actor, Role, UserId, ValidationErrors};
use baken_store::{DossierRecord, MaatregelRecord, TermijnRecord};
use serde_json::json;

/// How far ahead a handover lists open deadlines.
const TERMIJNEN_VOORUIT_DAGEN: i64 = 3650;

/// What one person holds.
#[derive(Debug, Clone, Default)]
pub struct Bezit {
    pub naam: String,
    /// Open dossiers with how the person holds each (`eigenaar`, `toegewezen`, `team`).
    pub dossiers: Vec<(DossierRecord, Vec<&'static str>)>,
    pub maatregelen: Vec<MaatregelRecord>,
    /// Each intervention's instrument by name (from the catalogue it was taken under).
    pub instrumenten: std::collections::BTreeMap<uuid::Uuid, String>,
    pub termijnen: Vec<TermijnRecord>,
    /// Open tasks and action items.
    pub taken: Vec<crate::casussen::Taak>,
}

impl Bezit {
    pub fn is_empty(&self) -> bool {
        self.dossiers.is_empty()
            && self.maatregelen.is_empty()
            && self.termijnen.is_empty()
            && self.taken.is_empty()
    }
}

/// What a handover moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overdracht {
    pub dossiers: usize,
    pub maatregelen: u64,
    pub taken: u64,
}

fn houdt(d: &DossierRecord, user: UserId) -> Vec<&'static str> {
    let mut how = Vec::new();
    if d.eigenaar == user {
        how.push("eigenaar");
    }
    if d.toegewezen_aan == Some(user) {
        how.push("toegewezen");
    }
    if d.team.contains(&user) && d.eigenaar != user {
        how.push("team");
    }
    how
}

impl Services {
    /// Whether the actor may see or move what `of` holds: themselves (to look), or a coordinator
    /// who works for every municipality `of` works for. Anyone else: not found.
    async fn may_hand_over(
        &self,
        actor: &Actor,
        of: UserId,
        move_it: bool,
    ) -> ServiceResult<String> {
        let mut tx = self.store.begin_read().await?;
        let user = tx.user_by_id(of).await?.ok_or(ServiceError::NotFound)?;
        let coordinator = actor.has_role(Role::Coordinator)
            && !user.gemeenten.is_empty()
            && user.gemeenten.iter().all(|g| actor.gemeenten.contains(g));
        if coordinator || (!move_it && actor.user_id == of) {
            Ok(user.name.to_string())
        } else if actor.user_id == of || user.gemeenten.iter().any(|g| actor.gemeenten.contains(g))
        {
            Err(ServiceError::Forbidden)
        } else {
            Err(ServiceError::NotFound)
        }
    }

    /// Everything `of` holds that is still open; logged as a read of each dossier.
    pub async fn holdings(&self, actor: &Actor, of: UserId, context: &str) -> ServiceResult<Bezit> {
        let naam = self.may_hand_over(actor, of, false).await?;
        let today = baken_domain::tijd::today_nl(self.clock.now());
        let mut tx = self.store.begin_read().await?;
        let gemeenten = tx
            .user_by_id(of)
            .await?
            .map(|u| u.gemeenten)
            .unwrap_or_default();
        let mut dossiers: Vec<(DossierRecord, Vec<&'static str>)> = Vec::new();
        for d in tx.dossiers_van(of).await? {
            if !Self::dossier_closed(tx.as_mut(), &d).await? {
                let how = houdt(&d, of);
                dossiers.push((d, how));
            }
        }
        // A Bibob intervention stays out of the list of someone not cleared for it (art. 28 Wet
        // Bibob); a handover moves it all the same.
        let lopend = tx.lopende_maatregelen_van(of).await?;
        let maatregelen: Vec<MaatregelRecord> = self
            .knowable_interventions(tx.as_mut(), actor, lopend)
            .await?;
        let mut instrumenten = std::collections::BTreeMap::new();
        for m in &maatregelen {
            let catalogus = self.catalogue_of(tx.as_mut(), m).await?;
            let naam = catalogus
                .instrument(&m.instrument)
                .map_or(m.instrument.clone(), |i| i.naam.clone());
            instrumenten.insert(m.id, naam);
        }

        let termijnen = tx
            .open_termijnen(&baken_store::OpenTermijnen {
                gemeenten: &gemeenten,
                verantwoordelijke: Some(of),
                tot: today + time::Duration::days(TERMIJNEN_VOORUIT_DAGEN),
                na: None,
                limit: 10_000,
            })
            .await?;
        // A Bibob intervention's deadlines stay out of the list too.
        let termijnen: Vec<TermijnRecord> = self
            .knowable_deadlines(tx.as_mut(), actor, termijnen)
            .await?
            .into_iter()
            .map(|r| r.termijn)
            .collect();
        let taken = tx.open_taken_van(of).await?;
        let taken = self.describe_tasks(tx.as_mut(), taken).await?;
        drop(tx);
        let logged: Vec<(&str, uuid::Uuid, Option<uuid::Uuid>)> = dossiers
            .iter()
            .map(|(d, _)| ("signaal", d.id, Some(d.id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(Bezit {
            naam,
            dossiers,
            maatregelen,
            instrumenten,
            termijnen,
            taken,
        })
    }

    /// Moves all open work of `van` to `naar`: ownership, assignment and team places of every open
    /// dossier, the running interventions and their deadlines, in one transaction, with a journal
    /// entry in every dossier touched. `naar` must be able to work in each dossier's municipality.
    pub async fn hand_over(
        &self,
        actor: &Actor,
        van: UserId,
        naar: Option<UserId>,
        reden: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<Overdracht> {
        let van_naam = self.may_hand_over(actor, van, true).await?;
        let mut errors = ValidationErrors::new();
        let reden = reden.map(str::trim).filter(|r| !r.is_empty());
        if reden.is_none() {
            errors.add_code(
                "reden",
                "verplicht",
                "Geef de reden van de overdracht (bijvoorbeeld vertrek, verlof).",
            );
        } else if reden.is_some_and(|r| r.chars().count() > 2000) {
            errors.add_code("reden", "te-lang", "Hoogstens 2000 tekens.");
        }
        let Some(naar) = naar else {
            errors.add_code(
                "naar",
                "verplicht",
                "Kies de collega die het werk overneemt.",
            );
            return Err(errors.into());
        };
        if naar == van {
            errors.add_code(
                "naar",
                "ongeldig",
                "Kies een andere collega dan degene die overdraagt.",
            );
        }
        let mut tx = self.store.begin().await?;
        let mut dossiers: Vec<DossierRecord> = Vec::new();
        for d in tx.dossiers_van(van).await? {
            if !Self::dossier_closed(tx.as_mut(), &d).await? {
                dossiers.push(d);
            }
        }
        // The successor must work where each dossier is, and where each action item of a
        // meeting without a dossier is.
        let losse_taken: Vec<baken_domain::GemeenteCode> = tx
            .open_taken_van(van)
            .await?
            .into_iter()
            .filter(|t| t.dossier_id.is_none())
            .map(|t| t.gemeente)
            .collect();
        let mut gemeenten: Vec<&baken_domain::GemeenteCode> = Vec::new();
        for g in dossiers
            .iter()
            .map(|d| &d.gemeente)
            .chain(losse_taken.iter())
        {
            if !gemeenten.contains(&g) {
                gemeenten.push(g);
            }
        }
        for g in gemeenten {
            self.check_assignee(tx.as_mut(), naar, g, "naar", &mut errors)
                .await?;
        }
        errors.into_result()?;
        let reden = reden.expect("checked");
        let naar_naam = tx
            .user_by_id(naar)
            .await?
            .map(|u| u.name.to_string())
            .unwrap_or_default();
        let now = self.clock.now();
        let author = self.author(tx.as_mut(), actor).await?;
        let mut touched = Vec::new();
        for d in &dossiers {
            tx.lock_dossier(d.id).await?;
            let how = houdt(d, van);
            let mut next = d.clone();
            if next.eigenaar == van {
                next.eigenaar = naar;
            }
            if next.toegewezen_aan == Some(van) {
                next.toegewezen_aan = Some(naar);
            }
            next.team.retain(|u| *u != van);
            if !next.team.contains(&naar) {
                next.team.push(naar);
            }
            next.versie = d.versie + 1;
            next.gewijzigd_op = now;
            if !tx.update_dossier(&next, d.versie).await? {
                return Err(ServiceError::conflict(
                    "versie-verouderd",
                    format!(
                        "Signaal {} is intussen gewijzigd. Probeer de overdracht opnieuw.",
                        d.nummer
                    ),
                ));
            }
            let entry = self.system_entry(
                d.id,
                &author,
                JournaalSoort::Notitie,
                format!(
                    "Overgedragen van {van_naam} aan {naar_naam} ({}). Reden: {reden}",
                    how.iter()
                        .map(|h| match *h {
                            "eigenaar" => "eigenaar",
                            "toegewezen" => "toegewezen medewerker",
                            _ => "lid van het team",
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            self.append_entry(tx.as_mut(), &entry).await?;
            touched.push(d.id);
        }
        // Interventions on dossiers outside the list (a closed signal's) move too.
        let mut all: Vec<uuid::Uuid> = touched.clone();
        for m in tx.lopende_maatregelen_van(van).await? {
            if !all.contains(&m.dossier_id) {
                all.push(m.dossier_id);
                let entry = self.system_entry(
                    m.dossier_id,
                    &author,
                    JournaalSoort::Notitie,
                    format!(
                        "Maatregelen overgedragen van {van_naam} aan {naar_naam}. Reden: {reden}"
                    ),
                );
                self.append_entry(tx.as_mut(), &entry).await?;
            }
        }
        let maatregelen = tx.draag_maatregelen_over(&all, van, naar).await?;
        let taken = self
            .move_tasks(
                tx.as_mut(),
                &mut all,
                (van, naar),
                &author,
                &format!("Taken overgedragen van {van_naam} aan {naar_naam}. Reden: {reden}"),
            )
            .await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            AuditAction::WerkOvergedragen,
            Some(format!("gebruiker:{}", van.0)),
            Outcome::Gelukt,
            json!({"naar": naar.0.to_string(), "dossiers": touched.len(), "maatregelen": maatregelen, "taken": taken}),
        )
        .await?;
        tx.commit().await?;
        Ok(Overdracht {
            dossiers: touched.len(),
            maatregelen,
            taken,
        })
    }

    /// Moves the leaver's open tasks: those in dossiers outside `all` too (each gets a journal
    /// entry and joins `all`), and a meeting's action items without a dossier. How many.
    async fn move_tasks(
        &self,
        tx: &mut dyn baken_store::Tx,
        all: &mut Vec<uuid::Uuid>,
        (van, naar): (UserId, UserId),
        author: &crate::kernel::journal::Author,
        tekst: &str,
    ) -> ServiceResult<u64> {
        // Tasks in dossiers outside the list move too, with an entry there.
        for t in tx.open_taken_van(van).await? {
            if let Some(d) = t.dossier_id
                && !all.contains(&d)
            {
                all.push(d);
                tx.lock_dossier(d).await?;
                let entry = self.system_entry(d, author, JournaalSoort::Notitie, tekst.to_string());
                self.append_entry(&mut *tx, &entry).await?;
            }
        }
        let mut taken = tx.draag_taken_over(all, van, naar).await?;
        // Action items of a meeting without a dossier move as they are (no journal to write).
        for mut t in tx.open_taken_van(van).await? {
            if t.dossier_id.is_none() {
                let versie = t.versie;
                t.eigenaar = naar;
                t.versie += 1;
                if tx.update_taak(&t, versie).await? {
                    taken += 1;
                }
            }
        }
        Ok(taken)
    }
}
