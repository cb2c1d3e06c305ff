//! Changing a signal: status under the protocol, assignee, team, ratings; every change journaled.

use super::*;
use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::signaal::{BronBetrouwbaarheid, Fenomeen, InfoBetrouwbaarheid, SignaalStatus};
use baken_domain::{Actor, UserId, ValidationErrors};
use baken_store::DossierRecord;
use serde_json::json;
use uuid::Uuid;

impl Services {
    /// Changes a signal's editable fields; every change is written to the journal.
    pub async fn update_signal(
        &self,
        actor: &Actor,
        id: Uuid,
        change: &SignaalWijziging,
        ctx: &RequestContext,
    ) -> ServiceResult<DossierRecord> {
        let mut tx = self.store.begin().await?;
        let (next, changed) = self
            .apply_signal_change(tx.as_mut(), actor, id, change, ctx)
            .await?;
        if changed.is_some() {
            tx.commit().await?;
        }
        Ok(next)
    }

    /// A signal's change inside the caller's transaction (a meeting's decision journals its own
    /// entry beside it): the record as it is afterwards, and the journal entry of the change when
    /// anything changed (nothing is written otherwise).
    pub(crate) async fn apply_signal_change(
        &self,
        tx: &mut dyn baken_store::Tx,
        actor: &Actor,
        id: Uuid,
        change: &SignaalWijziging,
        ctx: &RequestContext,
    ) -> ServiceResult<(DossierRecord, Option<Uuid>)> {
        let current = tx.dossier(id).await?.ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &current.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        Self::require_work(actor)?;
        let mut d = Draft {
            next: current.clone(),
            current: &current,
            notes: Vec::new(),
            errors: ValidationErrors::new(),
            weging: None,
        };
        self.change_status(&mut *tx, actor, change, &mut d).await?;
        Self::change_reweigh(change, self.today(), &mut d);
        self.change_assignee(&mut *tx, change, &mut d).await?;
        Self::change_fields(change, &mut d);
        self.change_team(&mut *tx, change, &mut d).await?;
        Self::check_steering(actor, &mut d);
        let Draft {
            mut next,
            notes,
            mut errors,
            weging,
            ..
        } = d;
        let motivering = optional_text(&change.motivering);
        if motivering
            .as_ref()
            .is_some_and(|m| m.chars().count() > MAX_TEKST)
        {
            errors.add("motivering", format!("Hoogstens {MAX_TEKST} tekens."));
        }
        errors.into_result()?;
        if let Some(expected) = change.versie
            && expected != current.versie
        {
            return Err(ServiceError::conflict(
                "versie-verouderd",
                "Het signaal is intussen door iemand anders gewijzigd. Laad het opnieuw.",
            ));
        }
        if notes.is_empty() {
            return Ok((current, None));
        }
        next.versie = current.versie + 1;
        next.gewijzigd_op = self.clock.now();
        if !tx.update_dossier(&next, current.versie).await? {
            return Err(ServiceError::conflict(
                "versie-verouderd",
                "Het signaal is intussen door iemand anders gewijzigd. Laad het opnieuw.",
            ));
        }
        let author = self.author(&mut *tx, actor).await?;
        let mut text = notes.join(" ");
        if let Some(m) = &motivering {
            text.push_str(&format!(" Motivering: {m}"));
        }
        let soort = if next.status != current.status {
            JournaalSoort::Statuswijziging
        } else {
            JournaalSoort::Notitie
        };
        let entry = self.system_entry(id, &author, soort, text);
        self.append_entry(&mut *tx, &entry).await?;
        if let Some(mut weging) = weging {
            weging.motivering = motivering.clone();
            weging.gewogen_op = next.gewijzigd_op;
            weging.journaalpost = entry.id;
            tx.insert_weging(&weging).await?;
        }
        Audit {
            at: next.gewijzigd_op,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            &mut *tx,
            crate::audit::AuditAction::SignaalGewijzigd,
            Some(format!("signaal:{id}")),
            crate::audit::Outcome::Gelukt,
            json!({"versie": next.versie}),
        )
        .await?;
        Ok((next, Some(entry.id)))
    }
}

/// A change being worked out: the record as it will be, the journal notes, the field errors.
struct Draft<'a> {
    current: &'a DossierRecord,
    next: DossierRecord,
    notes: Vec<String>,
    errors: ValidationErrors,
    /// The weighing by criterion the status change records (its journal entry follows).
    weging: Option<baken_store::WegingRecord>,
}

impl Services {
    /// A new status, as the protocol in force allows (transition, role, motivation, privacy check).
    async fn change_status(
        &self,
        tx: &mut dyn baken_store::Tx,
        actor: &Actor,
        change: &SignaalWijziging,
        d: &mut Draft<'_>,
    ) -> ServiceResult<()> {
        let id = d.current.id;
        if let Some(status) = change.status.as_deref().filter(|s| !s.trim().is_empty())
            && let Some(status) = d.errors.check("status", SignaalStatus::parse(status))
            && status != d.current.status
        {
            // The protocol in force decides: transition, role, motivation, privacy check.
            let (protocol, _, _) = self
                .protocol_in_force(&mut *tx, &d.current.gemeente)
                .await?;
            let besluiten = self.toetsbesluiten(&mut *tx, d.current).await?;
            let stand = baken_domain::protocol::Dossierstand {
                gemeente: &d.current.gemeente,
                status: d.current.status,
                besluiten: &besluiten,
                vandaag: self.today(),
            };
            let motivated = change
                .motivering
                .as_deref()
                .is_some_and(|m| !m.trim().is_empty());
            let overgang = protocol
                .transition(actor, stand, status, motivated)
                .map_err(ServiceError::Refused)?;
            let weging = overgang.weging.as_deref().and_then(|w| protocol.weging(w));
            let invoer = change.wegingsantwoorden.as_deref().unwrap_or_default();
            match weging {
                Some(weging) => {
                    let antwoorden = baken_domain::weging::beoordeel(weging, invoer, &mut d.errors);
                    if antwoorden.len() == weging.criteria.len() {
                        d.weging = Some(baken_store::WegingRecord {
                            id: Uuid::new_v4(),
                            dossier_id: id,
                            weging: weging.code.clone(),
                            protocol_versie: protocol.versie().to_string(),
                            van: d.current.status.as_str().into(),
                            naar: status.as_str().into(),
                            antwoorden,
                            motivering: None,
                            gewogen_door: actor.user_id,
                            gewogen_op: self.clock.now(),
                            journaalpost: Uuid::nil(),
                        });
                    }
                }
                None if !invoer.is_empty() => d.errors.add_code(
                    "wegingsantwoorden",
                    "ongeldig",
                    format!(
                        "De overgang naar de status ‘{}’ vraagt geen weging; laat de criteria leeg.",
                        status.label()
                    ),
                ),
                None => {}
            }
            if status.is_closed() {
                // The closing decision starts the retention period.
                tx.set_afgesloten(id, status.as_str(), self.clock.now())
                    .await?;
            }
            d.notes.push(format!(
                "Status: {} → {} (protocol {}{}).",
                d.current.status.label().to_lowercase(),
                status.label().to_lowercase(),
                protocol.versie(),
                // Named here only when its answers do not follow.
                weging
                    .filter(|_| d.weging.is_none())
                    .map(|w| format!(", {}", w.naam.to_lowercase()))
                    .unwrap_or_default()
            ));
            if let (Some(w), Some(record)) = (weging, &d.weging) {
                d.notes
                    .push(baken_domain::weging::als_tekst(w, &record.antwoorden));
            }
            d.next.status = status;
        } else if change
            .wegingsantwoorden
            .as_ref()
            .is_some_and(|a| !a.is_empty())
        {
            d.errors.add_code(
                "wegingsantwoorden",
                "ongeldig",
                "Een weging hoort bij een statuswijziging: kies de nieuwe status.",
            );
        }
        Ok(())
    }

    /// The day a monitored signal is weighed again: required when monitoring starts, after today
    /// and at most two years ahead; gone when monitoring ends. On that day the signal is back on
    /// the coordinator's queue.
    #[allow(clippy::collapsible_match)]
    fn change_reweigh(change: &SignaalWijziging, today: time::Date, d: &mut Draft<'_>) {
        const FIELD: &str = "herbeoordelenOp";
        let given = optional_text(&change.herbeoordelen_op);
        let parsed = given
            .as_deref()
            .and_then(|v| d.errors.check(FIELD, baken_domain::entiteit::parse_date(v)));
        if d.next.status != SignaalStatus::Monitoren {
            if given.is_some() {
                d.errors.add(
                    FIELD,
                    "Een herbeoordelingsdatum hoort alleen bij monitoren.",
                );
            }
            d.next.herbeoordelen_op = None;
            return;
        }
        match parsed {
            Some(date) if date > today && date <= today + time::Duration::days(731) => {
                // The same date again changes nothing (and writes no note).
                if d.current.herbeoordelen_op != Some(date) {
                    d.next.herbeoordelen_op = Some(date);
                    d.notes.push(format!(
                        "Herbeoordeling op {}.",
                        baken_domain::tijd::format_date_nl(date)
                    ));
                }
            }
            Some(_) => d.errors.add(
                FIELD,
                "Kies een datum na vandaag, hoogstens twee jaar vooruit.",
            ),
            None if given.is_none()
                && d.current.status != SignaalStatus::Monitoren
                && d.next.herbeoordelen_op.is_none() =>
            {
                d.errors.add(
                    FIELD,
                    "Geef bij monitoren de datum waarop het signaal opnieuw wordt gewogen.",
                );
            }
            None => {}
        }
    }

    /// A new assignee (a team member of the municipality, or nobody).
    async fn change_assignee(
        &self,
        tx: &mut dyn baken_store::Tx,
        change: &SignaalWijziging,
        d: &mut Draft<'_>,
    ) -> ServiceResult<()> {
        if let Some(value) = &change.toegewezen_aan {
            d.next.toegewezen_aan = match value.trim() {
                "" => None,
                v => match Uuid::parse_str(v) {
                    Ok(user) => {
                        self.check_assignee(
                            &mut *tx,
                            UserId(user),
                            &d.current.gemeente,
                            "toegewezenAan",
                            &mut d.errors,
                        )
                        .await?;
                        Some(UserId(user))
                    }
                    Err(_) => {
                        d.errors.add("toegewezenAan", "Onbekende medewerker.");
                        None
                    }
                },
            };
            if d.next.toegewezen_aan != d.current.toegewezen_aan {
                let name = match d.next.toegewezen_aan {
                    Some(u) => tx
                        .user_by_id(u)
                        .await?
                        .map(|u| u.name.to_string())
                        .unwrap_or_default(),
                    None => "niemand".into(),
                };
                d.notes.push(format!("Toegewezen aan: {name}."));
            }
        }
        Ok(())
    }

    /// Phenomena, indicators and the reliability ratings.
    fn change_fields(change: &SignaalWijziging, d: &mut Draft<'_>) {
        if let Some(values) = &change.fenomenen {
            let mut parsed = Vec::new();
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                if let Some(f) = d.errors.check("fenomenen", Fenomeen::parse(value))
                    && !parsed.contains(&f)
                {
                    parsed.push(f);
                }
            }
            parsed.sort();
            if parsed.is_empty() && d.errors.for_field("fenomenen").is_none() {
                d.errors
                    .add("fenomenen", "Kies minstens één fenomeen (of 'overig').");
            }
            if parsed != d.current.fenomenen {
                d.notes.push(format!(
                    "Fenomenen: {}.",
                    parsed
                        .iter()
                        .map(|f| f.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            d.next.fenomenen = parsed;
        }
        if let Some(value) = &change.indicatoren {
            d.next.indicatoren = optional_text(&Some(value.clone()));
            if d.next
                .indicatoren
                .as_ref()
                .is_some_and(|i| i.chars().count() > 4000)
            {
                d.errors.add("indicatoren", "Hoogstens 4000 tekens.");
            }
            if d.next.indicatoren != d.current.indicatoren {
                d.notes.push(format!(
                    "Indicatoren: {}.",
                    d.next.indicatoren.as_deref().unwrap_or("(leeg)")
                ));
            }
        }
        if let Some(value) = &change.bron_betrouwbaarheid {
            d.next.bron_betrouwbaarheid = optional_text(&Some(value.clone())).and_then(|v| {
                d.errors
                    .check("bronBetrouwbaarheid", BronBetrouwbaarheid::parse(&v))
            });
            if d.next.bron_betrouwbaarheid != d.current.bron_betrouwbaarheid {
                d.notes.push(format!(
                    "Betrouwbaarheid bron: {}.",
                    d.next
                        .bron_betrouwbaarheid
                        .map_or("onbekend", |b| b.label())
                ));
            }
        }
        if let Some(value) = &change.informatie_betrouwbaarheid {
            d.next.informatie_betrouwbaarheid = optional_text(&Some(value.clone())).and_then(|v| {
                d.errors
                    .check("informatieBetrouwbaarheid", InfoBetrouwbaarheid::parse(&v))
            });
            if d.next.informatie_betrouwbaarheid != d.current.informatie_betrouwbaarheid {
                d.notes.push(format!(
                    "Betrouwbaarheid informatie: {}.",
                    d.next
                        .informatie_betrouwbaarheid
                        .map_or("onbekend", |b| b.label())
                ));
            }
        }
    }

    /// A new team (colleagues of the municipality besides the owner).
    async fn change_team(
        &self,
        tx: &mut dyn baken_store::Tx,
        change: &SignaalWijziging,
        d: &mut Draft<'_>,
    ) -> ServiceResult<()> {
        if let Some(values) = &change.team {
            let mut team = Vec::new();
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                match Uuid::parse_str(value.trim()) {
                    Ok(user) => {
                        self.check_assignee(
                            &mut *tx,
                            UserId(user),
                            &d.current.gemeente,
                            "team",
                            &mut d.errors,
                        )
                        .await?;
                        if !team.contains(&UserId(user)) {
                            team.push(UserId(user));
                        }
                    }
                    Err(_) => d.errors.add("team", "Onbekende medewerker."),
                }
            }
            if team != d.current.team {
                let mut names = Vec::new();
                for member in &team {
                    names.push(
                        tx.user_by_id(*member)
                            .await?
                            .map(|u| u.name.to_string())
                            .unwrap_or_default(),
                    );
                }
                d.notes.push(format!(
                    "Team: {}.",
                    if names.is_empty() {
                        "(leeg)".to_string()
                    } else {
                        names.join(", ")
                    }
                ));
            }
            d.next.team = team;
        }
        Ok(())
    }

    /// Who works on a dossier is decided by its owner or the coordinator.
    fn check_steering(actor: &Actor, d: &mut Draft<'_>) {
        // Who works on a dossier is decided by its owner or the coordinator, not by whoever is on
        // its team: a team member cannot widen need-to-know or take the dossier on by themself.
        let steers =
            d.current.eigenaar == actor.user_id || actor.has_role(baken_domain::Role::Coordinator);
        if !steers {
            if d.next.team != d.current.team {
                d.errors.add(
                    "team",
                    "Alleen de eigenaar of de coördinator wijzigt het team.",
                );
            }
            if d.next.toegewezen_aan != d.current.toegewezen_aan {
                d.errors.add(
                    "toegewezenAan",
                    "Alleen de eigenaar of de coördinator wijst het signaal toe.",
                );
            }
        }
    }
}
