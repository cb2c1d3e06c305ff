//! Partner requests (partnerverzoeken) from a dossier: the team asks the police, the tax office,
//! the public prosecutor or a department something about the dossier, with a purpose, a legal
//! basis and a day by which the answer is asked; the answer is recorded when it comes, with who
//! gave it and how reliable the source and the information are; or the request is withdrawn.
//!
//! Each step is a journal entry in the dossier (`partnerverzoek` for the request, `partnerinformatie`
//! for the answer, with the partner as source), a processing-log record per data subject, an
//! access-log record and a typed audit event, in one transaction with the request's own record.
//! An open request's answer day is a deadline of the dossier (`antwoord-partnerverzoek`), so it is
//! on the owner's and the team's deadline overviews until the answer comes.

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::journal::JournaalSoort;
use baken_domain::partnerverzoek::{
    PartnerAntwoordInvoer, PartnerverzoekInvoer, PartnerverzoekStatus,
};
use baken_domain::tijd::format_date_long_nl;
use baken_domain::{Actor, Permission};
use baken_store::{PartnerAntwoordRecord, PartnerverzoekRecord, TermijnRecord, Tx};
use serde_json::json;
use uuid::Uuid;

/// The kind of the deadline an open request puts on its dossier.
pub const TERMIJNSOORT: &str = "antwoord-partnerverzoek";
/// The processing a partner request belongs to (the protocol's source research).
const VERWERKING: &str = "bronnenonderzoek";
/// The longest reason of a withdrawal.
const MAX_REDEN: usize = 2000;

fn stale() -> ServiceError {
    ServiceError::Conflict {
        code: "partnerverzoek-afgehandeld",
        message: "Dit verzoek is al beantwoord of ingetrokken.".into(),
    }
}

impl Services {
    /// Sends a partner request from the dossier (the caller sees it in full and works on
    /// dossiers): recorded with its journal entry, processing-log record and deadline.
    pub async fn partnerverzoek_versturen(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &PartnerverzoekInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<PartnerverzoekRecord> {
        let mut tx = self.store.begin().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        if !actor.may(Permission::WorkDossiers) {
            return Err(ServiceError::Forbidden);
        }
        let nieuw = input.check(self.today())?;
        tx.lock_dossier(dossier_id).await?;
        let author = self.author(tx.as_mut(), actor).await?;
        let tekst = format!(
            "Verzoek aan {} ({}): {}\nDoel: {}\nGrondslag: {}\nAntwoord gevraagd uiterlijk {}.",
            nieuw.partner,
            nieuw.partner_soort.label(),
            nieuw.vraag,
            nieuw.doel,
            nieuw.grondslag,
            format_date_long_nl(nieuw.antwoord_voor),
        );
        let mut entry =
            self.system_entry(dossier_id, &author, JournaalSoort::Partnerverzoek, tekst);
        entry.doel = Some(nieuw.doel.clone());
        entry.grondslag = Some(nieuw.grondslag.clone());
        self.append_entry(tx.as_mut(), &entry).await?;
        let record = PartnerverzoekRecord {
            id: Uuid::new_v4(),
            dossier_id,
            partner_soort: nieuw.partner_soort,
            partner: nieuw.partner,
            vraag: nieuw.vraag,
            doel: nieuw.doel,
            grondslag: nieuw.grondslag,
            antwoord_voor: nieuw.antwoord_voor,
            status: PartnerverzoekStatus::Open,
            door: actor.user_id,
            op: self.clock.now(),
            journaal_id: entry.id,
            antwoord: None,
            reden_intrekking: None,
            afgehandeld: None,
        };
        tx.insert_partnerverzoek(&record).await?;
        self.after_partner_step(
            tx.as_mut(),
            actor,
            (&dossier, &record),
            ("partner.verzoeken", AuditAction::PartnerverzoekVerstuurd),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Records the partner's answer to an open request of the dossier.
    pub async fn partnerverzoek_beantwoorden(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        verzoek: Uuid,
        input: &PartnerAntwoordInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<PartnerverzoekRecord> {
        let mut tx = self.store.begin().await?;
        let (dossier, current) = self
            .open_request(tx.as_mut(), actor, dossier_id, verzoek)
            .await?;
        let verstuurd = baken_domain::tijd::nl_local(current.op).date();
        let antwoord = input.check(verstuurd, self.today())?;
        let author = self.author(tx.as_mut(), actor).await?;
        let tekst = format!(
            "Antwoord van {} op het verzoek van {}, ontvangen {} (bron: {}; betrouwbaarheid bron {}, informatie {}):\n{}",
            current.partner,
            format_date_long_nl(verstuurd),
            format_date_long_nl(antwoord.ontvangen),
            antwoord.bron,
            antwoord.bron_betrouwbaarheid.label(),
            antwoord.informatie_betrouwbaarheid.label(),
            antwoord.antwoord,
        );
        let mut entry =
            self.system_entry(dossier_id, &author, JournaalSoort::Partnerinformatie, tekst);
        entry.bron = Some(current.partner.clone());
        entry.doel = Some(current.doel.clone());
        entry.grondslag = Some(current.grondslag.clone());
        // As the police write it: source and information in one code, B2.
        entry.betrouwbaarheid = Some(format!(
            "{}{}",
            antwoord.bron_betrouwbaarheid.as_str().to_uppercase(),
            antwoord.informatie_betrouwbaarheid.as_str()
        ));
        self.append_entry(tx.as_mut(), &entry).await?;
        let next = PartnerverzoekRecord {
            status: PartnerverzoekStatus::Beantwoord,
            antwoord: Some(PartnerAntwoordRecord {
                antwoord: antwoord.antwoord,
                ontvangen: antwoord.ontvangen,
                bron: antwoord.bron,
                bron_betrouwbaarheid: antwoord.bron_betrouwbaarheid,
                informatie_betrouwbaarheid: antwoord.informatie_betrouwbaarheid,
            }),
            afgehandeld: Some((actor.user_id, self.clock.now(), entry.id)),
            ..current
        };
        if !tx.sluit_partnerverzoek(&next).await? {
            return Err(stale());
        }
        self.after_partner_step(
            tx.as_mut(),
            actor,
            (&dossier, &next),
            ("partner.antwoord", AuditAction::PartnerverzoekBeantwoord),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Withdraws an open request of the dossier, with the reason.
    pub async fn partnerverzoek_intrekken(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        verzoek: Uuid,
        reden: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<PartnerverzoekRecord> {
        let mut tx = self.store.begin().await?;
        let (dossier, current) = self
            .open_request(tx.as_mut(), actor, dossier_id, verzoek)
            .await?;
        let reden = reden.trim();
        let mut errors = baken_domain::ValidationErrors::new();
        if reden.is_empty() {
            errors.add_code("reden", "verplicht", "Geef aan waarom het verzoek vervalt.");
        } else if reden.chars().count() > MAX_REDEN {
            errors.add_code("reden", "te-lang", format!("Hoogstens {MAX_REDEN} tekens."));
        }
        errors.into_result()?;
        let author = self.author(tx.as_mut(), actor).await?;
        let tekst = format!(
            "Verzoek aan {} van {} ingetrokken. Reden: {reden}",
            current.partner,
            format_date_long_nl(baken_domain::tijd::nl_local(current.op).date()),
        );
        let entry = self.system_entry(dossier_id, &author, JournaalSoort::Partnerverzoek, tekst);
        self.append_entry(tx.as_mut(), &entry).await?;
        let next = PartnerverzoekRecord {
            status: PartnerverzoekStatus::Ingetrokken,
            reden_intrekking: Some(reden.to_string()),
            afgehandeld: Some((actor.user_id, self.clock.now(), entry.id)),
            ..current
        };
        if !tx.sluit_partnerverzoek(&next).await? {
            return Err(stale());
        }
        self.after_partner_step(
            tx.as_mut(),
            actor,
            (&dossier, &next),
            ("partner.intrekken", AuditAction::PartnerverzoekIngetrokken),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// A dossier's partner requests, newest first, for a viewer with full access (else the
    /// dossier does not exist); in the access log.
    pub async fn partnerverzoeken(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<PartnerverzoekRecord>> {
        let mut tx = self.store.begin_read().await?;
        Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        let records = tx.partnerverzoeken(dossier_id).await?;
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = records
            .iter()
            .map(|r| ("partnerverzoek", r.id, Some(dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(records)
    }

    /// One partner request of the dossier (another dossier's does not exist here); in the
    /// access log.
    pub async fn partnerverzoek(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        verzoek: Uuid,
        context: &str,
    ) -> ServiceResult<PartnerverzoekRecord> {
        let mut tx = self.store.begin_read().await?;
        Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        let record = tx
            .partnerverzoek(verzoek)
            .await?
            .filter(|r| r.dossier_id == dossier_id)
            .ok_or(ServiceError::NotFound)?;
        drop(tx);
        self.log_access(
            actor,
            &[("partnerverzoek", record.id, Some(dossier_id))],
            context,
        )
        .await?;
        Ok(record)
    }

    /// The open request `verzoek` of a dossier the caller sees in full and works on.
    async fn open_request(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        dossier_id: Uuid,
        verzoek: Uuid,
    ) -> ServiceResult<(baken_store::DossierRecord, PartnerverzoekRecord)> {
        let dossier = Self::full_dossier(tx, actor, dossier_id).await?;
        let current = tx
            .partnerverzoek(verzoek)
            .await?
            .filter(|r| r.dossier_id == dossier_id)
            .ok_or(ServiceError::NotFound)?;
        if !actor.may(Permission::WorkDossiers) {
            return Err(ServiceError::Forbidden);
        }
        tx.lock_dossier(dossier_id).await?;
        if current.status != PartnerverzoekStatus::Open {
            return Err(stale());
        }
        Ok((dossier, current))
    }

    /// What every step writes beside its journal entry: the dossier's answer deadlines anew
    /// (one per open request, for the one who sent it), the processing log per data subject,
    /// the access log and the audit event.
    async fn after_partner_step(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        (dossier, record): (&baken_store::DossierRecord, &PartnerverzoekRecord),
        (actie, audit): (&str, AuditAction),
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let termijnen: Vec<TermijnRecord> = tx
            .partnerverzoeken(dossier.id)
            .await?
            .into_iter()
            .filter(|r| r.status == PartnerverzoekStatus::Open)
            .map(|r| TermijnRecord {
                id: r.id,
                dossier_id: dossier.id,
                maatregel_id: None,
                gemeente: dossier.gemeente.clone(),
                soort: TERMIJNSOORT.into(),
                omschrijving: format!("Antwoord van {} ({})", r.partner, dossier.nummer),
                aan: "partner".into(),
                einddatum: r.antwoord_voor,
                voldaan: false,
                verantwoordelijke: r.door,
            })
            .collect();
        tx.replace_dossier_termijnen(dossier.id, TERMIJNSOORT, &termijnen)
            .await?;
        let entities: Vec<baken_store::EntiteitRecord> = tx
            .dossier_entiteiten(dossier.id)
            .await?
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        let trace = crate::trace::current();
        let now = self.clock.now();
        let processing = self.processing_records(
            &trace,
            (actie, VERWERKING),
            &Self::data_subjects(&entities),
            (Some(dossier.id), Some(dossier.gemeente.clone())),
            (now, now),
        );
        tx.append_verwerkingen(&processing).await?;
        self.log_change_access(
            tx,
            actor.user_id,
            ("partnerverzoek", record.id),
            Some(dossier.id),
            actie,
        )
        .await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            audit,
            Some(format!("partnerverzoek:{}", record.id)),
            Outcome::Gelukt,
            json!({"dossier": dossier.id, "partnerSoort": record.partner_soort.as_str(), "status": record.status.as_str(), "trace": trace.trace_hex()}),
        )
        .await?;
        Ok(())
    }
}
