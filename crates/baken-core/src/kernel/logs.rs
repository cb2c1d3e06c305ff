//! The access log (who read what, with the user) and the processing log (Logboek Dataverwerkingen:
//! which data subject was processed, as a pseudonym, without the user), under one trace. No log, no
//! data: a read's records are committed before it returns.

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::entiteit::Entiteit;
use baken_domain::{Actor, GemeenteCode};
use baken_store::{AccessRecord, EntiteitRecord};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

tokio::task_local! {
    /// The reads of one page, gathered to be committed together (see [`Services::reads_logged_once`]).
    static READ_BATCH: RefCell<crate::access_log::Records>;
}

impl Services {
    /// Runs `work` (the reads behind one page) with its access-log and processing-log records
    /// gathered and committed in one go when it ends, instead of one commit per service call.
    /// No log, no data still holds at the boundary: the result is only handed back once the
    /// records are committed, and a failure to commit them fails the whole page. The records of
    /// reads that happened are committed even when `work` fails later.
    pub async fn reads_logged_once<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: Future<Output = Result<T, E>>,
        E: From<ServiceError>,
    {
        if READ_BATCH.try_with(|_| ()).is_ok() {
            return work.await;
        }
        let (result, records) = READ_BATCH
            .scope(RefCell::new((Vec::new(), Vec::new())), async {
                let result = work.await;
                (result, READ_BATCH.with(|b| b.take()))
            })
            .await;
        if !records.0.is_empty() || !records.1.is_empty() {
            self.access_log()
                .log(records)
                .await
                .map_err(|e| E::from(ServiceError::Internal(e)))?;
        }
        result
    }

    /// Writes reads to the access log in their own transaction, before the data is returned, each
    /// with a processing-log record in the current trace (no data subject known here).
    pub(crate) async fn log_access(
        &self,
        actor: &Actor,
        entries: &[(&str, Uuid, Option<Uuid>)],
        context: &str,
    ) -> ServiceResult<()> {
        self.log_reads(actor, entries, context, &[], self.clock.now())
            .await
    }

    /// Writes reads to the access log (with the user) and the processing log (with the data
    /// subjects as pseudonyms, without the user), under the current trace, and waits until both
    /// are committed: no log, no data.
    pub(crate) async fn log_reads(
        &self,
        actor: &Actor,
        entries: &[(&str, Uuid, Option<Uuid>)],
        context: &str,
        subjects: &[(String, String)],
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let at = self.clock.now();
        let trace = crate::trace::current();
        let trace_id = trace.trace_hex();
        let access = entries
            .iter()
            .map(|(soort, object, dossier)| AccessRecord {
                // Time-ordered ids keep the log's unique index appending, not scattering.
                id: Uuid::now_v7(),
                at,
                user: actor.user_id,
                object_soort: soort.to_string(),
                object_id: *object,
                dossier_id: *dossier,
                context: context.chars().take(200).collect(),
                trace_id: Some(trace_id.clone()),
            })
            .collect();
        let mut processing = Vec::new();
        if subjects.is_empty() {
            // No data subject known (search results, entities, index lines): one processing record
            // per kind of read; the access log still names every object, under the same trace.
            let mut kinds: BTreeMap<&str, Vec<Option<Uuid>>> = BTreeMap::new();
            for (soort, _, dossier) in entries {
                kinds.entry(soort).or_default().push(*dossier);
            }
            for (soort, dossiers) in kinds {
                let mut record = self.processing_record(
                    &trace,
                    &format!("{soort}.lezen"),
                    "inzage",
                    None,
                    if dossiers.len() == 1 {
                        dossiers[0]
                    } else {
                        None
                    },
                    (started, at),
                );
                // Without one dossier, the reader's municipality keeps it in view of its officer.
                if record.dossier_id.is_none() {
                    record.gemeente = actor.gemeenten.first().cloned();
                }
                processing.push(record);
            }
        } else {
            for (soort, _, dossier) in entries {
                // An entity read has no dossier; the reader's municipality keeps it in view.
                let gemeente = dossier
                    .is_none()
                    .then(|| actor.gemeenten.first().cloned())
                    .flatten();
                processing.extend(self.processing_records(
                    &trace,
                    (&format!("{soort}.lezen"), "inzage"),
                    subjects,
                    (*dossier, gemeente),
                    (started, at),
                ));
            }
        }
        let mut records = Some((access, processing));
        // Inside a page's scope the records wait for its one commit; outside, they go now.
        let _ = READ_BATCH.try_with(|b| {
            if let Some((a, p)) = records.take() {
                let mut batch = b.borrow_mut();
                batch.0.extend(a);
                batch.1.extend(p);
            }
        });
        match records {
            Some(records) => self
                .access_log()
                .log(records)
                .await
                .map_err(ServiceError::Internal),
            _ => Ok(()),
        }
    }

    /// The access-log record of a change that processes personal data (a registration, a
    /// consultation, a step of a request), in the change's own transaction and trace. The
    /// processing log names no user by design; this record says who it was, as for a read.
    pub(crate) async fn log_change_access(
        &self,
        tx: &mut dyn baken_store::Tx,
        user: baken_domain::UserId,
        (soort, object): (&str, Uuid),
        dossier: Option<Uuid>,
        context: &str,
    ) -> ServiceResult<()> {
        let trace = crate::trace::current();
        tx.append_access(&AccessRecord {
            id: Uuid::now_v7(),
            at: self.clock.now(),
            user,
            object_soort: soort.to_string(),
            object_id: object,
            dossier_id: dossier,
            context: context.chars().take(200).collect(),
            trace_id: Some(trace.trace_hex()),
        })
        .await?;
        Ok(())
    }

    /// One processing-log record in `trace` (a new span under the trace's own span).
    pub(crate) fn processing_record(
        &self,
        trace: &baken_domain::verwerking::TraceContext,
        actie: &str,
        activiteit: &str,
        subject: Option<&(String, String)>,
        dossier: Option<Uuid>,
        (start, end): (OffsetDateTime, OffsetDateTime),
    ) -> baken_store::VerwerkingRecord {
        baken_store::VerwerkingRecord {
            id: Uuid::now_v7(),
            trace_id: trace.trace_hex(),
            span_id: hex::encode(crate::trace::new_span_id()),
            parent_span_id: Some(trace.span_hex()),
            actie: actie.into(),
            start_op: start,
            eind_op: end,
            status: 1,
            verwerkingsactiviteit: activiteit.into(),
            betrokkene: subject.map(|(soort, waarde)| {
                baken_domain::verwerking::pseudoniem(&self.pseudonym_key, soort, waarde)
            }),
            betrokkene_type: subject.map(|(soort, _)| soort.clone()),
            dossier_id: dossier,
            gemeente: None,
        }
    }

    /// The processing-log records of one action (`(actie, activiteit)`) on a dossier (`(id,
    /// municipality)`): one per data subject, or one without a subject when none is known.
    pub(crate) fn processing_records(
        &self,
        trace: &baken_domain::verwerking::TraceContext,
        (actie, activiteit): (&str, &str),
        subjects: &[(String, String)],
        (dossier, gemeente): (Option<Uuid>, Option<GemeenteCode>),
        span: (OffsetDateTime, OffsetDateTime),
    ) -> Vec<baken_store::VerwerkingRecord> {
        let subjects: Vec<Option<&(String, String)>> = if subjects.is_empty() {
            vec![None]
        } else {
            subjects.iter().map(Some).collect()
        };
        subjects
            .into_iter()
            .map(|subject| {
                let mut record =
                    self.processing_record(trace, actie, activiteit, subject, dossier, span);
                record.gemeente = gemeente.clone();
                record
            })
            .collect()
    }

    /// The data subjects among entities, as (identifier type, value) for pseudonymisation: a
    /// person by BSN, an organisation by KvK number, otherwise by Baken's entity id.
    pub(crate) fn data_subjects<'a>(
        entities: impl IntoIterator<Item = &'a EntiteitRecord>,
    ) -> Vec<(String, String)> {
        entities
            .into_iter()
            .filter_map(|e| match &e.entiteit {
                Entiteit::Persoon { bsn: Some(bsn), .. } => Some(("BSN".into(), bsn.to_string())),
                Entiteit::Organisatie {
                    kvk_nummer: Some(kvk),
                    ..
                } => Some(("KvK".into(), kvk.to_string())),
                Entiteit::Persoon { .. } | Entiteit::Organisatie { .. } => {
                    Some(("entiteit".into(), e.id.to_string()))
                }
                _ => None,
            })
            // One record per data subject, however often they are linked.
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// The pseudonym of an identifier, to search the processing log with.
    pub(crate) fn pseudonym(&self, soort: &str, waarde: &str) -> String {
        baken_domain::verwerking::pseudoniem(&self.pseudonym_key, soort, waarde)
    }
}
