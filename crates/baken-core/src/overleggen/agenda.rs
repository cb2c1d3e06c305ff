//! A meeting's agenda: items added and removed by the chair, the decision per item — the
//! protocol's transition in that dossier, refused with the rule named like any other, and an
//! `overlegbesluit` entry in its journal — and action items, which are tasks on the owner's list.

use super::*;
use crate::casussen::CasusStatusInvoer;
use crate::dossiers::SignaalWijziging;
use baken_domain::casus::TaakStatus;
use baken_domain::journal::JournaalSoort;
use baken_store::TaakRecord;

/// The decision on an agenda item: the dossier's next status (a signal's, or a case's phase),
/// with what that transition asks for.
#[derive(Debug, Clone, Default)]
pub struct BesluitInvoer {
    pub besluit: String,
    pub motivering: Option<String>,
    /// A weighing by criterion, when the protocol asks for one with this transition.
    pub wegingsantwoorden: Option<Vec<baken_domain::weging::CriteriumInvoer>>,
    /// For monitoring: the day the signal is weighed again.
    pub herbeoordelen_op: Option<String>,
    /// For a case's closure.
    pub afsluitreden: Option<String>,
    /// For a case's monitoring: its last day.
    pub nazorg_tot: Option<String>,
}

/// An action item of a meeting.
#[derive(Debug, Clone, Default)]
pub struct ActiepuntInvoer {
    pub omschrijving: Option<String>,
    /// The chair when not given.
    pub eigenaar: Option<UserId>,
    pub uiterlijk_op: Option<String>,
    /// A dossier on the agenda it is about (the owner must work on it).
    pub dossier: Option<Uuid>,
}

impl Services {
    /// Puts a dossier the chair sees in full on the agenda (at the end).
    pub async fn add_agenda_item(
        &self,
        actor: &Actor,
        id: Uuid,
        dossier: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<AgendapuntRecord> {
        let mut tx = self.store.begin().await?;
        let o = Self::visible_meeting(tx.as_mut(), actor, id).await?;
        Self::require_chair(actor, &o)?;
        Self::require_open(&o)?;
        let mut errors = ValidationErrors::new();
        let found = tx
            .dossier(dossier)
            .await?
            .filter(|d| d.gemeente == o.gemeente)
            .filter(|d| dossier_access(actor, &d.facts()) == DossierAccess::Full);
        let Some(d) = found else {
            errors.add_code("dossier", "onbekend", "Dit dossier is niet gevonden.");
            return Err(errors.into());
        };
        if Self::dossier_closed(tx.as_mut(), &d).await? {
            errors.add_code(
                "dossier",
                "afgesloten",
                format!(
                    "{} is afgesloten; er valt niets meer te besluiten.",
                    d.nummer
                ),
            );
            return Err(errors.into());
        }
        let agenda = tx.agendapunten(id).await?;
        if agenda.iter().any(|p| p.dossier_id == d.id) {
            errors.add_code(
                "dossier",
                "al-op-agenda",
                format!("{} staat al op de agenda.", d.nummer),
            );
            return Err(errors.into());
        }
        let punt = AgendapuntRecord {
            overleg_id: id,
            dossier_id: d.id,
            positie: agenda.iter().map(|p| p.positie).max().unwrap_or(0) + 1,
            toegevoegd_op: self.clock.now(),
            besluit: None,
            toelichting: None,
            journaalpost: None,
            besloten_op: None,
        };
        tx.insert_agendapunt(&punt).await?;
        self.record_meeting_change(
            tx.as_mut(),
            actor,
            &o,
            AuditAction::OverlegGewijzigd,
            json!({"agendapunt": "toegevoegd", "dossier": d.id}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(punt)
    }

    /// Takes an undecided item off the agenda; a decided one stays (409). An item the chair
    /// cannot see is not found.
    pub async fn remove_agenda_item(
        &self,
        actor: &Actor,
        id: Uuid,
        dossier: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        let o = Self::visible_meeting(tx.as_mut(), actor, id).await?;
        Self::require_chair(actor, &o)?;
        Self::require_open(&o)?;
        let d = Self::full_dossier(tx.as_mut(), actor, dossier).await?;
        let punt = tx
            .agendapunten(id)
            .await?
            .into_iter()
            .find(|p| p.dossier_id == d.id)
            .ok_or(ServiceError::NotFound)?;
        if punt.besluit.is_some() {
            return Err(ServiceError::conflict(
                "besluit-genomen",
                "Over dit agendapunt is al besloten; het blijft op de agenda.",
            ));
        }
        tx.delete_agendapunt(id, d.id).await?;
        self.record_meeting_change(
            tx.as_mut(),
            actor,
            &o,
            AuditAction::OverlegGewijzigd,
            json!({"agendapunt": "verwijderd", "dossier": d.id}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Draws the agenda again: adds the signals that came to await weighing since (chair only).
    pub async fn refresh_agenda(
        &self,
        actor: &Actor,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<usize> {
        let mut tx = self.store.begin().await?;
        let o = Self::visible_meeting(tx.as_mut(), actor, id).await?;
        Self::require_chair(actor, &o)?;
        Self::require_open(&o)?;
        let added = self.draw_agenda(tx.as_mut(), actor, &o).await?;
        if added > 0 {
            self.record_meeting_change(
                tx.as_mut(),
                actor,
                &o,
                AuditAction::OverlegGewijzigd,
                json!({"agendapunten": added}),
                ctx,
            )
            .await?;
            tx.commit().await?;
        }
        Ok(added)
    }

    /// The chair's decision on an item: the protocol's transition in that dossier (refused, with
    /// the rule named, when a weighing, motivation or privacy check is missing) and an
    /// `overlegbesluit` entry in its journal, in one transaction.
    pub async fn decide_agenda_item(
        &self,
        actor: &Actor,
        id: Uuid,
        dossier: Uuid,
        input: &BesluitInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<AgendapuntRecord> {
        let mut tx = self.store.begin().await?;
        let o = Self::visible_meeting(tx.as_mut(), actor, id).await?;
        Self::require_chair(actor, &o)?;
        Self::require_open(&o)?;
        let d = Self::full_dossier(tx.as_mut(), actor, dossier).await?;
        let mut punt = tx
            .agendapunten(id)
            .await?
            .into_iter()
            .find(|p| p.dossier_id == d.id)
            .ok_or(ServiceError::NotFound)?;
        if punt.besluit.is_some() {
            return Err(ServiceError::conflict(
                "besluit-genomen",
                "Over dit agendapunt is in dit overleg al besloten.",
            ));
        }
        let besluit = input.besluit.trim();
        if besluit.is_empty() {
            let mut errors = ValidationErrors::new();
            errors.add_code("besluit", "verplicht", "Kies het besluit over dit dossier.");
            return Err(errors.into());
        }
        let motivering = crate::casussen::tekst(
            input.motivering.as_deref(),
            "motivering",
            None,
            &mut ValidationErrors::new(),
        );
        let (van, naar) = match d.soort {
            DossierSoort::Signaal => {
                let change = SignaalWijziging {
                    status: Some(besluit.to_string()),
                    motivering: input.motivering.clone(),
                    wegingsantwoorden: input.wegingsantwoorden.clone(),
                    herbeoordelen_op: input.herbeoordelen_op.clone(),
                    ..Default::default()
                };
                let (next, changed) = self
                    .apply_signal_change(tx.as_mut(), actor, d.id, &change, ctx)
                    .await
                    .map_err(|e| rename_field(e, "status", "besluit"))?;
                if changed.is_none() || next.status == d.status {
                    let mut errors = ValidationErrors::new();
                    errors.add_code(
                        "besluit",
                        "ongewijzigd",
                        format!("{} heeft deze status al; kies een ander besluit.", d.nummer),
                    );
                    return Err(errors.into());
                }
                (
                    d.status.label().to_lowercase(),
                    next.status.label().to_lowercase(),
                )
            }
            DossierSoort::Casus => {
                let vorige = tx.casus(d.id).await?.ok_or(ServiceError::NotFound)?.status;
                let (next, _) = self
                    .apply_case_status(
                        tx.as_mut(),
                        actor,
                        d.id,
                        &CasusStatusInvoer {
                            status: besluit.to_string(),
                            motivering: input.motivering.clone(),
                            afsluitreden: input.afsluitreden.clone(),
                            nazorg_tot: input.nazorg_tot.clone(),
                            versie: None,
                        },
                        ctx,
                    )
                    .await
                    .map_err(|e| rename_field(e, "status", "besluit"))?;
                (
                    vorige.label().to_lowercase(),
                    next.status.label().to_lowercase(),
                )
            }
        };
        let author = self.author(tx.as_mut(), actor).await?;
        let mut tekst = format!(
            "Besluit in het {} ‘{}’ van {}: {van} → {naar}.",
            o.soort.label().to_lowercase(),
            o.titel,
            baken_domain::tijd::format_date_nl(o.datum),
        );
        let aanwezig: Vec<String> = o
            .deelnemers
            .iter()
            .map(|p| match &p.organisatie {
                Some(org) => format!("{} ({org})", p.naam),
                None => p.naam.clone(),
            })
            .collect();
        if !aanwezig.is_empty() {
            tekst.push_str(&format!(" Aanwezig: {}.", aanwezig.join(", ")));
        }
        if let Some(m) = &motivering {
            tekst.push_str(&format!(" Motivering: {m}"));
        }
        let entry = self.system_entry(d.id, &author, JournaalSoort::Overlegbesluit, tekst);
        self.append_entry(tx.as_mut(), &entry).await?;
        punt.besluit = Some(besluit.to_string());
        punt.toelichting = motivering;
        punt.journaalpost = Some(entry.id);
        punt.besloten_op = Some(self.clock.now());
        tx.besluit_agendapunt(&punt).await?;
        let entiteiten: Vec<_> = tx
            .dossier_entiteiten(d.id)
            .await?
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        let trace = crate::trace::current();
        let now = self.clock.now();
        let processing = self.processing_records(
            &trace,
            ("overleg.besluiten", "bestuurlijke-handhaving"),
            &Self::data_subjects(entiteiten.iter()),
            (Some(d.id), Some(d.gemeente.clone())),
            (now, now),
        );
        tx.append_verwerkingen(&processing).await?;
        self.record_meeting_change(
            tx.as_mut(),
            actor,
            &o,
            AuditAction::OverlegBesluit,
            json!({"dossier": d.id, "besluit": besluit}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(punt)
    }

    /// An action item of the meeting, on its owner's task list (chair only). About a dossier on
    /// the agenda, the owner must work on that dossier; the dossier's journal records it.
    pub async fn add_action_item(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ActiepuntInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<TaakRecord> {
        let mut tx = self.store.begin().await?;
        let o = Self::visible_meeting(tx.as_mut(), actor, id).await?;
        Self::require_chair(actor, &o)?;
        let mut errors = ValidationErrors::new();
        let omschrijving = Self::task_text(input.omschrijving.as_deref(), &mut errors);
        let eigenaar = input.eigenaar.unwrap_or(o.voorzitter);
        let dossier = match input.dossier {
            None => None,
            Some(d) => {
                let op_agenda = tx.agendapunten(id).await?.iter().any(|p| p.dossier_id == d);
                let found = tx
                    .dossier(d)
                    .await?
                    .filter(|_| op_agenda)
                    .filter(|x| dossier_access(actor, &x.facts()) == DossierAccess::Full);
                if found.is_none() {
                    errors.add_code(
                        "dossier",
                        "onbekend",
                        "Dit dossier staat niet op de agenda.",
                    );
                }
                found
            }
        };
        match &dossier {
            Some(d) => Self::check_task_owner(tx.as_mut(), eigenaar, d, &mut errors).await?,
            None => {
                self.check_assignee(tx.as_mut(), eigenaar, &o.gemeente, "eigenaar", &mut errors)
                    .await?;
            }
        }
        let uiterlijk_op = self.due_date(input.uiterlijk_op.as_deref(), &mut errors);
        errors.into_result()?;
        let record = TaakRecord {
            id: Uuid::new_v4(),
            gemeente: o.gemeente.clone(),
            dossier_id: dossier.as_ref().map(|d| d.id),
            overleg_id: Some(o.id),
            omschrijving: omschrijving.expect("checked"),
            eigenaar,
            uiterlijk_op,
            status: TaakStatus::Open,
            aangemaakt_door: actor.user_id,
            aangemaakt_op: self.clock.now(),
            afgerond_op: None,
            versie: 1,
        };
        tx.insert_taak(&record).await?;
        if let Some(d) = &dossier {
            tx.lock_dossier(d.id).await?;
            let naam = self
                .names(tx.as_mut(), [eigenaar])
                .await?
                .remove(&eigenaar)
                .unwrap_or_default();
            let mut tekst = format!(
                "Actiepunt uit het {} van {} voor {naam}: {}",
                o.soort.label().to_lowercase(),
                baken_domain::tijd::format_date_nl(o.datum),
                record.omschrijving
            );
            if let Some(u) = record.uiterlijk_op {
                tekst.push_str(&format!(
                    " (uiterlijk {})",
                    baken_domain::tijd::format_date_nl(u)
                ));
            }
            self.task_changed(tx.as_mut(), actor, d, &record, tekst, ctx)
                .await?;
        } else {
            self.record_meeting_change(
                tx.as_mut(),
                actor,
                &o,
                AuditAction::TaakVastgelegd,
                json!({"taak": record.id}),
                ctx,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(record)
    }
}

/// A refusal of the dossier's own rules, with its field named as the meeting's form names it.
fn rename_field(error: ServiceError, van: &str, naar: &str) -> ServiceError {
    match error {
        ServiceError::Invalid(errors) => ServiceError::Invalid(errors.renamed(van, naar)),
        other => other,
    }
}
