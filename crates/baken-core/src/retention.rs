//! Retention: the protocol's retention rules applied to closed signals, legal holds, and the
//! removal of data subject requests two years after their answer.
//!
//! `run_retention` finds every closed signal whose retention period (counted from its closing
//! decision, under the protocol in force for its municipality on the given day) has ended, and
//! destroys, anonymises or archives it as the rule says — unless a legal hold blocks it. Each
//! signal is handled in its own transaction, so a failure never leaves half a dossier; what was done
//! is recorded per batch without identifying data, and the journal chain keeps its hashes, so
//! `baken verify` still passes.

use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use crate::{Caller, Services};
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::protocol::{BewaarActie, Duur};
use baken_domain::signaal::SignaalStatus;
use baken_domain::{Actor, GemeenteCode, Role, ValidationErrors};
use baken_store::{BewaringRecord, VernietigingRecord};
use serde_json::json;
use std::collections::BTreeMap;
use time::Date;
use uuid::Uuid;

/// What a retention run did (or, dry, would do).
#[derive(Debug, Clone, Default)]
pub struct RetentionReport {
    pub dry_run: bool,
    pub vandaag: Option<Date>,
    pub batch: Uuid,
    pub vernietigd: usize,
    pub geanonimiseerd: usize,
    pub gearchiveerd: usize,
    /// Due, but under a legal hold.
    pub vastgehouden: usize,
    /// Requests of data subjects removed two years after their answer.
    pub verzoeken_verwijderd: usize,
    /// The records of this batch (also for a dry run, then not stored).
    pub regels: Vec<VernietigingRecord>,
}

impl Services {
    /// Applies the retention rules as of `vandaag` (the command line may name another day).
    pub async fn run_retention(
        &self,
        caller: &Caller,
        vandaag: Date,
        dry_run: bool,
        ctx: &RequestContext,
    ) -> ServiceResult<RetentionReport> {
        match caller {
            Caller::System => {}
            Caller::User(actor) if actor.has_role(Role::Privacyfunctionaris) => {}
            Caller::User(_) => return Err(ServiceError::Forbidden),
        }
        let open = {
            let mut tx = self.store.begin_read().await?;
            tx.bewaring_open().await?
        };
        let mut report = RetentionReport {
            dry_run,
            vandaag: Some(vandaag),
            batch: Uuid::new_v4(),
            ..Default::default()
        };
        let mut protocols = BTreeMap::new();
        for record in open {
            if let Caller::User(actor) = caller
                && !actor.may_access_gemeente(&record.gemeente)
            {
                continue;
            }
            let Some((uitkomst, afgesloten_op)) = record.uitkomst.clone().zip(record.afgesloten_op)
            else {
                continue;
            };
            if !protocols.contains_key(&record.gemeente) {
                let mut tx = self.store.begin_read().await?;
                let (protocol, _, _) = self
                    .protocol_in_force_on(tx.as_mut(), &record.gemeente, vandaag)
                    .await?;
                protocols.insert(record.gemeente.clone(), protocol);
            }
            let protocol = &protocols[&record.gemeente];
            // A signal by the rule for its outcome; a closed case by the protocol's case rules.
            let (soort, duur, actie) = if let Ok(status) = SignaalStatus::parse(&uitkomst) {
                let Some(rule) = protocol.bewaartermijn("signaal", status) else {
                    continue;
                };
                ("signaal", rule.duur.clone(), rule.actie)
            } else if uitkomst == baken_domain::casus::CasusStatus::Afgesloten.as_str() {
                let regels = protocol.casus();
                ("casus", regels.bewaartermijn.clone(), regels.bewaaractie)
            } else {
                continue;
            };
            let start = baken_domain::tijd::today_nl(afgesloten_op);
            let due = Duur::parse(&duur)
                .map_err(ServiceError::Internal)?
                .na(start);
            if due > vandaag {
                continue;
            }
            if record.blokkade_reden.is_some() {
                report.vastgehouden += 1;
                continue;
            }
            let vernietiging = VernietigingRecord {
                id: Uuid::new_v4(),
                batch_id: report.batch,
                dossier_id: record.dossier_id,
                nummer: record.nummer.clone(),
                gemeente: record.gemeente.clone(),
                soort: soort.into(),
                uitkomst: uitkomst.clone(),
                afgesloten_op,
                regel: format!(
                    "{}: {soort} {uitkomst} {duur} {}",
                    protocol.versie(),
                    actie.as_str()
                ),
                actie: match actie {
                    BewaarActie::Vernietigen => "vernietigd",
                    BewaarActie::Anonimiseren => "geanonimiseerd",
                    BewaarActie::Archiveren => "gearchiveerd",
                }
                .into(),
                uitgevoerd_op: self.clock.now(),
                uitgevoerd_door: caller
                    .actor_id()
                    .map_or("systeem".to_string(), |u| u.to_string()),
            };
            if !dry_run {
                self.apply_rule(&record, actie, &vernietiging, ctx).await?;
            }
            match actie {
                BewaarActie::Vernietigen => report.vernietigd += 1,
                BewaarActie::Anonimiseren => report.geanonimiseerd += 1,
                BewaarActie::Archiveren => report.gearchiveerd += 1,
            }
            report.regels.push(vernietiging);
        }
        // Requests of data subjects: kept two years after the answer (the processing register),
        // each removed in its own transaction.
        let answered = {
            let mut tx = self.store.begin_read().await?;
            let tomorrow = vandaag.next_day().unwrap_or(vandaag);
            tx.verzoeken_beantwoord_voor(tomorrow.midnight().assume_utc())
                .await?
        };
        for verzoek in answered {
            let Some(beantwoord) = verzoek.beantwoord_op else {
                continue;
            };
            let own = match (caller, &verzoek.gemeente) {
                (Caller::System, _) => true,
                (Caller::User(actor), Some(g)) => actor.may_access_gemeente(g),
                (Caller::User(_), None) => false,
            };
            if !own
                || !baken_domain::verzoek::te_verwijderen(
                    baken_domain::tijd::today_nl(beantwoord),
                    vandaag,
                )
            {
                continue;
            }
            if !dry_run {
                self.remove_request_for_retention(caller, &verzoek, ctx)
                    .await?;
            }
            report.verzoeken_verwijderd += 1;
        }
        if !dry_run && report.vernietigd + report.geanonimiseerd > 0 {
            self.store.compact().await?;
        }
        if !dry_run {
            let mut tx = self.store.begin().await?;
            Audit {
                at: self.clock.now(),
                actor: caller.actor_id(),
                ctx,
            }
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::BewaartermijnenToegepast,
                Some(format!("batch:{}", report.batch)),
                crate::audit::Outcome::Gelukt,
                json!({
                    "peildatum": vandaag.to_string(),
                    "vernietigd": report.vernietigd,
                    "geanonimiseerd": report.geanonimiseerd,
                    "gearchiveerd": report.gearchiveerd,
                    "vastgehouden": report.vastgehouden,
                    "verzoeken_verwijderd": report.verzoeken_verwijderd,
                }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(report)
    }

    /// One signal, in one transaction: the action, a journal entry that says so (no personal data),
    /// a processing-log record, and the destruction record.
    async fn apply_rule(
        &self,
        record: &BewaringRecord,
        actie: BewaarActie,
        vernietiging: &VernietigingRecord,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        tx.lock_dossier(record.dossier_id).await?;
        let removed = match actie {
            BewaarActie::Vernietigen => Some(tx.destroy_content(record.dossier_id).await?),
            BewaarActie::Anonimiseren => Some(tx.anonymise(record.dossier_id).await?),
            BewaarActie::Archiveren => None,
        };
        tx.set_afgehandeld(record.dossier_id, &vernietiging.actie)
            .await?;
        tx.insert_vernietiging(vernietiging).await?;
        let system = crate::kernel::journal::Author {
            id: baken_domain::UserId(Uuid::nil()),
            naam: "Baken (bewaartermijnen)".into(),
            rollen: vec![],
        };
        let entry = self.system_entry(
            record.dossier_id,
            &system,
            JournaalSoort::Notitie,
            format!(
                "Bewaartermijn verstreken; {} {} volgens regel {}.",
                vernietiging.soort, vernietiging.actie, vernietiging.regel
            ),
        );
        self.append_entry(tx.as_mut(), &entry).await?;
        let trace = crate::trace::current();
        let now = self.clock.now();
        let mut processing = self.processing_record(
            &trace,
            &format!("signaal.{}", vernietiging.actie),
            "signaalregistratie",
            None,
            Some(record.dossier_id),
            (now, now),
        );
        processing.gemeente = Some(record.gemeente.clone());
        tx.append_verwerking(&processing).await?;
        Audit {
            at: now,
            actor: None,
            ctx,
        }
        .write(
            tx.as_mut(),
            match vernietiging.actie.as_str() {
                "vernietigd" => crate::audit::AuditAction::SignaalVernietigd,
                "geanonimiseerd" => crate::audit::AuditAction::SignaalGeanonimiseerd,
                _ => crate::audit::AuditAction::SignaalGearchiveerd,
            },
            Some(format!("signaal:{}", record.dossier_id)),
            crate::audit::Outcome::Gelukt,
            json!({"batch": vernietiging.batch_id, "regel": vernietiging.regel}),
        )
        .await?;
        tx.commit().await?;
        // The files go once the keys are gone (a file left behind cannot be decrypted).
        if let (Some(removed), Some(store)) = (removed, self.attachments.as_ref()) {
            for bijlage in removed.bijlagen {
                store.remove(bijlage);
            }
        }
        Ok(())
    }

    /// Sets or lifts a legal hold on a signal (privacy officer or jurist). Recorded in the journal.
    pub async fn set_legal_hold(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        reden: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        if !(actor.has_role(Role::Privacyfunctionaris) || actor.has_role(Role::Jurist)) {
            return Err(ServiceError::Forbidden);
        }
        let reden = reden.map(str::trim).filter(|r| !r.is_empty());
        let mut tx = self.store.begin().await?;
        let dossier = tx
            .dossier(dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        // A hold decides whether retention may destroy the dossier, and is journaled in it: only
        // who sees the dossier in full (a jurist on its team, the privacy officer) sets or lifts it.
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        if let Some(r) = reden
            && r.chars().count() > 500
        {
            let mut errors = ValidationErrors::new();
            errors.add("reden", "Hoogstens 500 tekens.");
            return Err(ServiceError::Invalid(errors));
        }
        let now = self.clock.now();
        tx.set_blokkade(dossier_id, reden, Some(actor.user_id), now)
            .await?;
        let author = self.author(tx.as_mut(), actor).await?;
        let entry = self.system_entry(
            dossier_id,
            &author,
            JournaalSoort::Notitie,
            match reden {
                Some(r) => format!("Juridische blokkade ingesteld: {r}"),
                None => "Juridische blokkade opgeheven.".to_string(),
            },
        );
        self.append_entry(tx.as_mut(), &entry).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            if reden.is_some() {
                crate::audit::AuditAction::BlokkadeIngesteld
            } else {
                crate::audit::AuditAction::BlokkadeOpgeheven
            },
            Some(format!("signaal:{dossier_id}")),
            crate::audit::Outcome::Gelukt,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The destruction records, newest first (of one batch when given), for the privacy officer.
    pub async fn destruction_records(
        &self,
        caller: &Caller,
        batch: Option<Uuid>,
    ) -> ServiceResult<Vec<VernietigingRecord>> {
        let gemeenten: Option<Vec<GemeenteCode>> = match caller {
            Caller::System => None,
            Caller::User(actor) if actor.has_role(Role::Privacyfunctionaris) => {
                Some(actor.gemeenten.clone())
            }
            Caller::User(_) => return Err(ServiceError::Forbidden),
        };
        let mut tx = self.store.begin_read().await?;
        Ok(tx
            .vernietigingen(batch, 10_000)
            .await?
            .into_iter()
            .filter(|r| gemeenten.as_ref().is_none_or(|g| g.contains(&r.gemeente)))
            .collect())
    }
}

/// Demo data only: signals whose retention period has already passed, so the job can be seen at
/// work on a fresh demo database.
impl Services {
    #[doc(hidden)]
    pub async fn backdate_closure_for_demo(
        &self,
        dossier_id: Uuid,
        days: i64,
    ) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        let Some(record) = tx.bewaring(dossier_id).await? else {
            return Err(ServiceError::NotFound);
        };
        let (Some(uitkomst), Some(at)) = (record.uitkomst, record.afgesloten_op) else {
            return Err(ServiceError::conflict(
                "niet-afgesloten",
                "Dit signaal is niet afgesloten.",
            ));
        };
        tx.set_afgesloten(dossier_id, &uitkomst, at - time::Duration::days(days))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
