//! Tasks (taken) of a dossier — a case's or a signal's — with an owner and a due date. The owner
//! must work on the dossier (need-to-know); a task shows on the owner's list only while they still
//! may see its dossier. Every change is journaled in the dossier.

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::casus::TaakStatus;
use baken_domain::dossier::{DossierAccess, DossierSoort, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::{Actor, UserId, ValidationErrors};
use baken_store::{DossierRecord, TaakRecord};
use serde_json::json;
use uuid::Uuid;

const MAX_OMSCHRIJVING: usize = 1000;

/// A task as entered or changed; `None` leaves a field as it is on a change.
#[derive(Debug, Clone, Default)]
pub struct TaakInvoer {
    pub omschrijving: Option<String>,
    /// The actor when not given (on creation).
    pub eigenaar: Option<UserId>,
    /// `JJJJ-MM-DD`; an empty string removes it on a change.
    pub uiterlijk_op: Option<String>,
    pub status: Option<String>,
    pub versie: Option<i64>,
}

/// A task with what a list shows of it.
#[derive(Debug, Clone)]
pub struct Taak {
    pub record: TaakRecord,
    pub eigenaar: String,
    /// The dossier's number and kind, when the task belongs to one.
    pub dossier: Option<(String, DossierSoort)>,
    /// Open and its due date has passed.
    pub te_laat: bool,
}

impl Services {
    /// Names, dossiers and lateness of tasks.
    pub(crate) async fn describe_tasks(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        records: Vec<TaakRecord>,
    ) -> ServiceResult<Vec<Taak>> {
        let names = self.names(tx, records.iter().map(|t| t.eigenaar)).await?;
        let ids: Vec<Uuid> = records.iter().filter_map(|t| t.dossier_id).collect();
        let dossiers = if ids.is_empty() {
            Vec::new()
        } else {
            tx.dossiers_by_ids(&ids).await?
        };
        let today = self.today();
        Ok(records
            .into_iter()
            .map(|record| Taak {
                eigenaar: names.get(&record.eigenaar).cloned().unwrap_or_default(),
                dossier: record
                    .dossier_id
                    .and_then(|id| dossiers.iter().find(|d| d.id == id))
                    .map(|d| (d.nummer.clone(), d.soort)),
                te_laat: record.status.is_open() && record.uiterlijk_op.is_some_and(|d| d < today),
                record,
            })
            .collect())
    }

    /// Whether `user` may own a task in `dossier`: an active colleague who sees it in full.
    pub(crate) async fn check_task_owner(
        tx: &mut dyn baken_store::ReadTx,
        user: UserId,
        dossier: &DossierRecord,
        errors: &mut ValidationErrors,
    ) -> ServiceResult<()> {
        let ok = tx.user_by_id(user).await?.is_some_and(|u| {
            u.active
                && dossier_access(&crate::accounts::actor_of(&u), &dossier.facts())
                    == DossierAccess::Full
        });
        if !ok {
            errors.add_code(
                "eigenaar",
                "geen-toegang",
                "Deze medewerker werkt niet aan dit dossier; voeg hem of haar eerst toe aan het team.",
            );
        }
        Ok(())
    }

    /// A task's due date: today or later.
    pub(crate) fn due_date(
        &self,
        value: Option<&str>,
        errors: &mut ValidationErrors,
    ) -> Option<time::Date> {
        let today = self.today();
        match value.map(str::trim) {
            None | Some("") => None,
            Some(v) => match errors.check("uiterlijkOp", baken_domain::entiteit::parse_date(v)) {
                Some(d) if d < today => {
                    errors.add_code("uiterlijkOp", "verleden", "Kies vandaag of een latere dag.");
                    None
                }
                d => d,
            },
        }
    }

    pub(crate) fn task_text(value: Option<&str>, errors: &mut ValidationErrors) -> Option<String> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => {
                errors.add_code("omschrijving", "verplicht", "Beschrijf de taak.");
                None
            }
            Some(v) if v.chars().count() > MAX_OMSCHRIJVING => {
                errors.add_code(
                    "omschrijving",
                    "te-lang",
                    format!("Hoogstens {MAX_OMSCHRIJVING} tekens."),
                );
                None
            }
            Some(v) => Some(v.to_string()),
        }
    }

    /// Adds a task to a dossier the actor works on in full; journaled there.
    pub async fn add_task(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &TaakInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<TaakRecord> {
        Self::require_work(actor)?;
        let mut tx = self.store.begin().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        if Self::dossier_closed(tx.as_mut(), &dossier).await?
            && dossier.soort == DossierSoort::Casus
        {
            return Err(ServiceError::conflict(
                "casus-afgesloten",
                "Deze casus is afgesloten; er komen geen taken meer bij.",
            ));
        }
        let mut errors = ValidationErrors::new();
        let omschrijving = Self::task_text(input.omschrijving.as_deref(), &mut errors);
        let eigenaar = input.eigenaar.unwrap_or(actor.user_id);
        Self::check_task_owner(tx.as_mut(), eigenaar, &dossier, &mut errors).await?;
        let uiterlijk_op = self.due_date(input.uiterlijk_op.as_deref(), &mut errors);
        if input
            .status
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty() && s.trim() != "open")
        {
            errors.add_code("status", "ongeldig", "Een nieuwe taak is open.");
        }
        errors.into_result()?;
        let now = self.clock.now();
        let record = TaakRecord {
            id: Uuid::new_v4(),
            gemeente: dossier.gemeente.clone(),
            dossier_id: Some(dossier.id),
            overleg_id: None,
            omschrijving: omschrijving.expect("checked"),
            eigenaar,
            uiterlijk_op,
            status: TaakStatus::Open,
            aangemaakt_door: actor.user_id,
            aangemaakt_op: now,
            afgerond_op: None,
            versie: 1,
        };
        tx.lock_dossier(dossier.id).await?;
        tx.insert_taak(&record).await?;
        let naam = self
            .names(tx.as_mut(), [eigenaar])
            .await?
            .remove(&eigenaar)
            .unwrap_or_default();
        let mut tekst = format!("Taak voor {naam}: {}", record.omschrijving);
        if let Some(d) = record.uiterlijk_op {
            tekst.push_str(&format!(
                " (uiterlijk {})",
                baken_domain::tijd::format_date_nl(d)
            ));
        }
        self.task_changed(tx.as_mut(), actor, &dossier, &record, tekst, ctx)
            .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Changes a task (text, owner, due date, status) in a dossier the actor works on in full.
    pub async fn update_task(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &TaakInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<TaakRecord> {
        Self::require_work(actor)?;
        let mut tx = self.store.begin().await?;
        let current = tx.taak(id).await?.ok_or(ServiceError::NotFound)?;
        // A meeting's action item has no dossier: only its owner changes it here.
        let dossier = match current.dossier_id {
            Some(d) => Some(Self::full_dossier(tx.as_mut(), actor, d).await?),
            None if current.eigenaar == actor.user_id => None,
            None => return Err(ServiceError::NotFound),
        };
        let mut errors = ValidationErrors::new();
        let mut next = current.clone();
        let mut notes = Vec::new();
        if input.omschrijving.is_some()
            && let Some(v) = Self::task_text(input.omschrijving.as_deref(), &mut errors)
            && v != current.omschrijving
        {
            notes.push(format!("omschrijving: {v}"));
            next.omschrijving = v;
        }
        if let Some(e) = input.eigenaar
            && e != current.eigenaar
        {
            match &dossier {
                Some(d) => Self::check_task_owner(tx.as_mut(), e, d, &mut errors).await?,
                None => errors.add_code(
                    "eigenaar",
                    "ongeldig",
                    "Een actiepunt van een overleg draagt de voorzitter over.",
                ),
            }
            let naam = self
                .names(tx.as_mut(), [e])
                .await?
                .remove(&e)
                .unwrap_or_default();
            notes.push(format!("eigenaar: {naam}"));
            next.eigenaar = e;
        }
        if let Some(v) = input.uiterlijk_op.as_deref().map(str::trim) {
            let d = if v.is_empty() {
                None
            } else {
                errors.check("uiterlijkOp", baken_domain::entiteit::parse_date(v))
            };
            if (!v.is_empty() && d.is_none()) || d == current.uiterlijk_op {
            } else {
                notes.push(match d {
                    Some(d) => format!("uiterlijk {}", baken_domain::tijd::format_date_nl(d)),
                    None => "geen uiterste datum meer".into(),
                });
                next.uiterlijk_op = d;
            }
        }
        if let Some(s) = input
            .status
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            && let Some(s) = errors.check("status", TaakStatus::parse(s))
            && s != current.status
        {
            notes.push(format!("status: {}", s.label().to_lowercase()));
            next.status = s;
            next.afgerond_op = (s == TaakStatus::Afgerond).then(|| self.clock.now());
        }
        errors.into_result()?;
        if let Some(v) = input.versie
            && v != current.versie
        {
            return Err(ServiceError::conflict(
                "versie-verouderd",
                "De taak is intussen door iemand anders gewijzigd. Laad haar opnieuw.",
            ));
        }
        if notes.is_empty() {
            return Ok(current);
        }
        next.versie = current.versie + 1;
        if !tx.update_taak(&next, current.versie).await? {
            return Err(ServiceError::conflict(
                "versie-verouderd",
                "De taak is intussen door iemand anders gewijzigd. Laad haar opnieuw.",
            ));
        }
        let tekst = format!(
            "Taak ‘{}’ gewijzigd: {}.",
            current.omschrijving,
            notes.join("; ")
        );
        match &dossier {
            Some(d) => {
                tx.lock_dossier(d.id).await?;
                self.task_changed(tx.as_mut(), actor, d, &next, tekst, ctx)
                    .await?;
            }
            None => {
                Audit {
                    at: self.clock.now(),
                    actor: Some(actor.user_id),
                    ctx,
                }
                .write(
                    tx.as_mut(),
                    AuditAction::TaakVastgelegd,
                    Some(format!("taak:{}", next.id)),
                    Outcome::Gelukt,
                    json!({"versie": next.versie}),
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(next)
    }

    /// The actor's open tasks whose dossier they still see in full, earliest due date first; the
    /// read is logged.
    pub async fn my_tasks(&self, actor: &Actor, context: &str) -> ServiceResult<Vec<Taak>> {
        let mut tx = self.store.begin_read().await?;
        let records = tx.open_taken_van(actor.user_id).await?;
        let ids: Vec<Uuid> = records.iter().filter_map(|t| t.dossier_id).collect();
        let dossiers = if ids.is_empty() {
            Vec::new()
        } else {
            tx.dossiers_by_ids(&ids).await?
        };
        let visible: Vec<TaakRecord> = records
            .into_iter()
            .filter(|t| match t.dossier_id {
                None => true,
                Some(id) => dossiers.iter().any(|d| {
                    d.id == id && dossier_access(actor, &d.facts()) == DossierAccess::Full
                }),
            })
            .collect();
        let taken = self.describe_tasks(tx.as_mut(), visible).await?;
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = taken
            .iter()
            .map(|t| ("taak", t.record.id, t.record.dossier_id))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(taken)
    }

    /// A dossier's tasks, for an actor who sees it in full; logged.
    pub async fn tasks_of(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<Taak>> {
        let mut tx = self.store.begin_read().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        let taken = self.tasks_in(tx.as_mut(), actor, &dossier).await?;
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = taken
            .iter()
            .map(|t| ("taak", t.record.id, Some(dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(taken)
    }

    /// A dossier's tasks inside a read the caller holds, for an actor who sees it in full; the
    /// caller logs them (`taak` with the dossier).
    pub(crate) async fn tasks_in(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<Vec<Taak>> {
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let records = tx.taken_van_dossier(dossier.id).await?;
        self.describe_tasks(tx, records).await
    }

    pub(crate) async fn task_changed(
        &self,
        tx: &mut dyn baken_store::Tx,
        actor: &Actor,
        dossier: &DossierRecord,
        record: &TaakRecord,
        tekst: String,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let author = self.author(tx, actor).await?;
        let entry = self.system_entry(dossier.id, &author, JournaalSoort::Notitie, tekst);
        self.append_entry(tx, &entry).await?;
        Audit {
            at: self.clock.now(),
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            AuditAction::TaakVastgelegd,
            Some(format!("taak:{}", record.id)),
            Outcome::Gelukt,
            json!({"dossier": dossier.id, "versie": record.versie}),
        )
        .await?;
        Ok(())
    }
}
