//! The data subject of a request as Baken knows them, what may be disclosed, and the logging of
//! every step (processing log and audit log).

use super::*;
use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::entiteit::{Entiteit, geboortekenmerk};
use baken_domain::journal::JournaalInhoud;
use baken_domain::{Actor, Role};
use baken_store::{EntiteitRecord, ReadTx, Tx, VerzoekRecord};
use serde_json::json;
use std::collections::BTreeSet;
use time::OffsetDateTime;
use uuid::Uuid;

impl Services {
    /// The request, if the actor is a privacy officer of its municipality; otherwise 403 (not a
    /// privacy officer) or 404 (someone else's request).
    pub(super) async fn request_of(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        id: Uuid,
    ) -> ServiceResult<VerzoekRecord> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let verzoek = tx.verzoek(id).await?.ok_or(ServiceError::NotFound)?;
        let visible = match &verzoek.gemeente {
            Some(g) => actor.may_access_gemeente(g),
            None => verzoek.geregistreerd_door == actor.user_id,
        };
        if visible {
            Ok(verzoek)
        } else {
            Err(ServiceError::NotFound)
        }
    }

    /// The request's data subject as Baken knows them.
    pub(super) async fn subject_of(
        &self,
        tx: &mut dyn ReadTx,
        verzoek: &VerzoekRecord,
    ) -> ServiceResult<Betrokkene> {
        Ok(Betrokkene {
            persoon: match verzoek.entiteit_id {
                Some(e) => tx.entiteit(e).await?,
                None => None,
            },
            bevestigd: tx.verzoek_identiteiten(verzoek.id).await?,
        })
    }

    /// Persons without a BSN with the same surname and date of birth as `persoon`.
    pub(super) async fn candidates(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        persoon: Option<&EntiteitRecord>,
    ) -> ServiceResult<Vec<EntiteitRecord>> {
        let Some(persoon) = persoon else {
            return Ok(Vec::new());
        };
        let Entiteit::Persoon {
            geboortedatum: Some(geboren),
            ..
        } = &persoon.entiteit
        else {
            return Ok(Vec::new());
        };
        let surname = surname_key(&persoon.entiteit);
        Ok(tx
            .personen_met_kenmerk(&geboortekenmerk(*geboren))
            .await?
            .into_iter()
            .filter(|e| {
                e.id != persoon.id
                    && actor.may_access_gemeente(&e.gemeente)
                    && matches!(e.entiteit, Entiteit::Persoon { bsn: None, .. })
                    && surname_key(&e.entiteit) == surname
            })
            .collect())
    }

    /// Every dossier of the actor's municipalities that mentions one of `personen`, with what
    /// may be disclosed.
    pub(super) async fn dossiers_of(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        verzoek: &VerzoekRecord,
        personen: &[Uuid],
    ) -> ServiceResult<Vec<InzageDossier>> {
        // A request is addressed to one controller: the municipality handling it. Dossiers of the
        // officer's other municipalities (separate controllers) are not part of its answer.
        let controller = verzoek
            .gemeente
            .clone()
            .or_else(|| actor.gemeenten.first().cloned());
        let mut seen = BTreeSet::new();
        let mut dossiers = Vec::new();
        for persoon in personen {
            for (dossier, rol) in tx.entiteit_dossiers(*persoon).await? {
                if !actor.may_access_gemeente(&dossier.gemeente)
                    || controller.as_ref() != Some(&dossier.gemeente)
                    || !seen.insert(dossier.id)
                {
                    continue;
                }
                let mut journaal = Vec::new();
                let mut afgeschermd = 0;
                for row in tx.journal(dossier.id).await? {
                    match row
                        .canoniek
                        .as_deref()
                        .map(JournaalInhoud::from_canonical)
                        .transpose()
                        .map_err(ServiceError::Internal)?
                    {
                        Some(inhoud) if disclosable(inhoud.vertrouwelijkheid) => {
                            journaal.push(InzagePost {
                                id: row.chain.entry_id,
                                gebeurd_op: inhoud.gebeurd_op,
                                soort: inhoud.soort,
                                tekst: inhoud.tekst,
                            });
                        }
                        _ => afgeschermd += 1,
                    }
                }
                dossiers.push(InzageDossier {
                    dossier_id: dossier.id,
                    nummer: dossier.nummer,
                    gemeente: dossier.gemeente,
                    ontvangstdatum: dossier.ontvangstdatum,
                    status: dossier.status,
                    fenomenen: dossier.fenomenen,
                    rol,
                    omschrijving: dossier.omschrijving,
                    journaal,
                    afgeschermd,
                    beperkt: 0,
                });
            }
        }
        dossiers.sort_by_key(|d| std::cmp::Reverse(d.ontvangstdatum));
        Ok(dossiers)
    }

    /// The dossiers read for a request, in the access log (the officer's reads are reads too).
    pub(super) async fn log_dossier_reads(
        &self,
        actor: &Actor,
        dossiers: &[InzageDossier],
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let entries: Vec<(&str, Uuid, Option<Uuid>)> = dossiers
            .iter()
            .map(|d| ("verzoek", d.dossier_id, Some(d.dossier_id)))
            .collect();
        self.log_reads(actor, &entries, "verzoek van betrokkene", &[], started)
            .await
    }

    /// One step of handling a request: an audit record (with the user) and a processing record
    /// (with the subject's pseudonym, without the user) in the same transaction.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn log_request_step(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        verzoek: &VerzoekRecord,
        actie: crate::audit::AuditAction,
        ctx: &RequestContext,
        details: serde_json::Value,
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let event = RequestEvent {
            user: Some(actor.user_id),
            gemeente: verzoek
                .gemeente
                .clone()
                .or_else(|| actor.gemeenten.first().cloned()),
            verwerking: actie.as_str(),
            audit: actie,
        };
        self.log_request_event(tx, verzoek, event, ctx, details, started)
            .await
    }

    /// The processing record (subject as pseudonym) and the audit record of something done with a
    /// request, under the current trace.
    async fn log_request_event(
        &self,
        tx: &mut dyn Tx,
        verzoek: &VerzoekRecord,
        event: RequestEvent<'_>,
        ctx: &RequestContext,
        details: serde_json::Value,
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let now = self.clock.now();
        let trace = crate::trace::current();
        let mut record = self.processing_record(
            &trace,
            event.verwerking,
            ACTIVITEIT,
            None,
            None,
            (started, now),
        );
        record.betrokkene = Some(verzoek.betrokkene.clone());
        record.betrokkene_type = Some(verzoek.betrokkene_type.clone());
        record.gemeente = event.gemeente;
        tx.append_verwerking(&record).await?;
        if let Some(user) = event.user {
            self.log_change_access(
                tx,
                user,
                ("verzoek", verzoek.id),
                None,
                "verzoek van betrokkene",
            )
            .await?;
        }
        let mut details = details;
        details["trace"] = json!(trace.trace_hex());
        Audit {
            at: now,
            actor: event.user,
            ctx,
        }
        .write(
            tx,
            event.audit,
            Some(format!("verzoek:{}", verzoek.id)),
            crate::audit::Outcome::Gelukt,
            details,
        )
        .await?;
        Ok(())
    }

    /// Removes a request answered more than the retention period ago, with its restrictions and
    /// confirmed identities, in one transaction with an audit record (no personal data) and a
    /// processing record (the subject's pseudonym). Called by the retention job.
    pub(crate) async fn remove_request_for_retention(
        &self,
        caller: &crate::Caller,
        verzoek: &VerzoekRecord,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.delete_verzoek(verzoek.id).await?;
        let event = RequestEvent {
            user: caller.actor_id(),
            gemeente: verzoek.gemeente.clone(),
            verwerking: "verzoek.verwijderen",
            audit: crate::audit::AuditAction::VerzoekVerwijderd,
        };
        let details = json!({
            "reden": "bewaartermijn",
            "kenmerk": super::kenmerk(verzoek.id),
            "beantwoord_op": verzoek.beantwoord_op.map(|b| baken_domain::tijd::today_nl(b).to_string()),
        });
        self.log_request_event(tx.as_mut(), verzoek, event, ctx, details, started)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
