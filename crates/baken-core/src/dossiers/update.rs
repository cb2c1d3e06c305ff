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
        let current = tx.dossier(id).await?.ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &current.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        Self::require_work(actor)?;
        let mut errors = ValidationErrors::new();
        let mut next = current.clone();
        let mut notes = Vec::new();
        if let Some(status) = change.status.as_deref().filter(|s| !s.trim().is_empty())
            && let Some(status) = errors.check("status", SignaalStatus::parse(status))
            && status != current.status
        {
            // The protocol in force decides: transition, role, motivation, privacy check.
            let (protocol, _, _) = self
                .protocol_in_force(tx.as_mut(), &current.gemeente)
                .await?;
            let besluiten = self.toetsbesluiten(tx.as_mut(), &current).await?;
            let stand = baken_domain::protocol::Dossierstand {
                gemeente: &current.gemeente,
                status: current.status,
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
            if status.is_closed() {
                // The closing decision starts the retention period.
                tx.set_afgesloten(id, status.as_str(), self.clock.now())
                    .await?;
            }
            notes.push(format!(
                "Status: {} → {} (protocol {}{}).",
                current.status.label().to_lowercase(),
                status.label().to_lowercase(),
                protocol.versie(),
                overgang
                    .weging
                    .as_deref()
                    .and_then(|w| protocol.weging(w))
                    .map(|w| format!(", {}", w.naam.to_lowercase()))
                    .unwrap_or_default()
            ));
            next.status = status;
        }
        if let Some(value) = &change.toegewezen_aan {
            next.toegewezen_aan = match value.trim() {
                "" => None,
                v => match Uuid::parse_str(v) {
                    Ok(user) => {
                        self.check_assignee(
                            tx.as_mut(),
                            UserId(user),
                            &current.gemeente,
                            "toegewezenAan",
                            &mut errors,
                        )
                        .await?;
                        Some(UserId(user))
                    }
                    Err(_) => {
                        errors.add("toegewezenAan", "Onbekende medewerker.");
                        None
                    }
                },
            };
            if next.toegewezen_aan != current.toegewezen_aan {
                let name = match next.toegewezen_aan {
                    Some(u) => tx
                        .user_by_id(u)
                        .await?
                        .map(|u| u.name.to_string())
                        .unwrap_or_default(),
                    None => "niemand".into(),
                };
                notes.push(format!("Toegewezen aan: {name}."));
            }
        }
        if let Some(values) = &change.fenomenen {
            let mut parsed = Vec::new();
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                if let Some(f) = errors.check("fenomenen", Fenomeen::parse(value))
                    && !parsed.contains(&f)
                {
                    parsed.push(f);
                }
            }
            parsed.sort();
            if parsed.is_empty() && errors.for_field("fenomenen").is_none() {
                errors.add("fenomenen", "Kies minstens één fenomeen (of 'overig').");
            }
            if parsed != current.fenomenen {
                notes.push(format!(
                    "Fenomenen: {}.",
                    parsed
                        .iter()
                        .map(|f| f.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            next.fenomenen = parsed;
        }
        if let Some(value) = &change.indicatoren {
            next.indicatoren = optional_text(&Some(value.clone()));
            if next
                .indicatoren
                .as_ref()
                .is_some_and(|i| i.chars().count() > 4000)
            {
                errors.add("indicatoren", "Hoogstens 4000 tekens.");
            }
            if next.indicatoren != current.indicatoren {
                notes.push(format!(
                    "Indicatoren: {}.",
                    next.indicatoren.as_deref().unwrap_or("(leeg)")
                ));
            }
        }
        if let Some(value) = &change.bron_betrouwbaarheid {
            next.bron_betrouwbaarheid = optional_text(&Some(value.clone()))
                .and_then(|v| errors.check("bronBetrouwbaarheid", BronBetrouwbaarheid::parse(&v)));
            if next.bron_betrouwbaarheid != current.bron_betrouwbaarheid {
                notes.push(format!(
                    "Betrouwbaarheid bron: {}.",
                    next.bron_betrouwbaarheid.map_or("onbekend", |b| b.label())
                ));
            }
        }
        if let Some(value) = &change.informatie_betrouwbaarheid {
            next.informatie_betrouwbaarheid = optional_text(&Some(value.clone())).and_then(|v| {
                errors.check("informatieBetrouwbaarheid", InfoBetrouwbaarheid::parse(&v))
            });
            if next.informatie_betrouwbaarheid != current.informatie_betrouwbaarheid {
                notes.push(format!(
                    "Betrouwbaarheid informatie: {}.",
                    next.informatie_betrouwbaarheid
                        .map_or("onbekend", |b| b.label())
                ));
            }
        }
        if let Some(values) = &change.team {
            let mut team = Vec::new();
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                match Uuid::parse_str(value.trim()) {
                    Ok(user) => {
                        self.check_assignee(
                            tx.as_mut(),
                            UserId(user),
                            &current.gemeente,
                            "team",
                            &mut errors,
                        )
                        .await?;
                        if !team.contains(&UserId(user)) {
                            team.push(UserId(user));
                        }
                    }
                    Err(_) => errors.add("team", "Onbekende medewerker."),
                }
            }
            if team != current.team {
                let mut names = Vec::new();
                for member in &team {
                    names.push(
                        tx.user_by_id(*member)
                            .await?
                            .map(|u| u.name.to_string())
                            .unwrap_or_default(),
                    );
                }
                notes.push(format!(
                    "Team: {}.",
                    if names.is_empty() {
                        "(leeg)".to_string()
                    } else {
                        names.join(", ")
                    }
                ));
            }
            next.team = team;
        }
        // Who works on a dossier is decided by its owner or the coordinator, not by whoever is on
        // its team: a team member cannot widen need-to-know or take the dossier on by themself.
        let steers =
            current.eigenaar == actor.user_id || actor.has_role(baken_domain::Role::Coordinator);
        if !steers {
            if next.team != current.team {
                errors.add(
                    "team",
                    "Alleen de eigenaar of de coördinator wijzigt het team.",
                );
            }
            if next.toegewezen_aan != current.toegewezen_aan {
                errors.add(
                    "toegewezenAan",
                    "Alleen de eigenaar of de coördinator wijst het signaal toe.",
                );
            }
        }
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
            return Ok(current);
        }
        next.versie = current.versie + 1;
        next.gewijzigd_op = self.clock.now();
        if !tx.update_dossier(&next, current.versie).await? {
            return Err(ServiceError::conflict(
                "versie-verouderd",
                "Het signaal is intussen door iemand anders gewijzigd. Laad het opnieuw.",
            ));
        }
        let author = self.author(tx.as_mut(), actor).await?;
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
        self.append_entry(tx.as_mut(), &entry).await?;
        Audit {
            at: next.gewijzigd_op,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            crate::audit::AuditAction::SignaalGewijzigd,
            Some(format!("signaal:{id}")),
            crate::audit::Outcome::Gelukt,
            json!({"versie": next.versie}),
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }
}
