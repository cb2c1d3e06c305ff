//! Verification of the tamper-evident journal and the export of its signed heads.

use super::*;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::journal::{self, ChainBreak};
use baken_domain::{Actor, Permission};
use uuid::Uuid;

impl Services {
    /// Checks every journal chain and every head signature. Reads everything; changes nothing.
    pub async fn verify_journals(
        &self,
        verifier: &crate::JournalVerifier,
    ) -> ServiceResult<VerifyReport> {
        let mut tx = self.store.begin_read().await?;
        let mut report = VerifyReport::default();
        for dossier_id in tx.journal_dossiers().await? {
            report.dossiers += 1;
            let nummer = tx
                .dossier(dossier_id)
                .await?
                .map(|d| format!("{} ({})", d.nummer, d.gemeente))
                .unwrap_or_else(|| dossier_id.to_string());
            let rows = tx.journal(dossier_id).await?;
            report.entries += rows.len();
            let fail = |volgnummer: Option<i64>, reden: String| VerifyFailure {
                dossier_id,
                nummer: nummer.clone(),
                volgnummer,
                entry_id: volgnummer.and_then(|n| {
                    rows.iter()
                        .find(|r| r.chain.volgnummer == n)
                        .map(|r| r.chain.entry_id)
                }),
                reden,
            };
            let mut chain = Vec::with_capacity(rows.len());
            let mut malformed = None;
            for row in &rows {
                match (
                    <[u8; 32]>::try_from(row.chain.content_hash.as_slice()),
                    <[u8; 32]>::try_from(row.chain.link_hash.as_slice()),
                ) {
                    (Ok(content_hash), Ok(link_hash)) => chain.push(journal::ChainRow {
                        sequence: row.chain.volgnummer,
                        content_hash,
                        link_hash,
                        canonical: row.canoniek.as_deref(),
                    }),
                    _ => {
                        malformed = Some(row.chain.volgnummer);
                        break;
                    }
                }
            }
            if let Some(n) = malformed {
                report
                    .failures
                    .push(fail(Some(n), "hash met onjuiste lengte".into()));
                continue;
            }
            // Someone who recomputes every hash without the key is caught by the per-link signatures,
            // at the first link they changed.
            let bad_signature = rows.iter().find(|r| {
                let link: [u8; 32] = r
                    .chain
                    .link_hash
                    .as_slice()
                    .try_into()
                    .expect("checked above");
                !verifier.verify(
                    &journal::head_message(dossier_id, r.chain.volgnummer, &link),
                    &r.chain.handtekening,
                )
            });
            let chain_result = journal::verify_chain(dossier_id, &chain);
            let break_at = match &chain_result {
                Err(ChainBreak::Content { sequence } | ChainBreak::Link { sequence }) => {
                    Some(*sequence)
                }
                Err(ChainBreak::Sequence { found, .. }) => Some(*found),
                Ok(_) => None,
            };
            if let Some(bad) = bad_signature
                && break_at.is_none_or(|b| bad.chain.volgnummer < b)
            {
                report.failures.push(fail(
                    Some(bad.chain.volgnummer),
                    "handtekening van deze schakel is ongeldig (keten gewijzigd zonder de sleutel)"
                        .into(),
                ));
                continue;
            }
            let head_hash = match chain_result {
                Ok(head) => head,
                Err(ChainBreak::Content { sequence }) => {
                    report.failures.push(fail(
                        Some(sequence),
                        "inhoud komt niet overeen met de opgeslagen hash".into(),
                    ));
                    continue;
                }
                Err(ChainBreak::Link { sequence }) => {
                    report.failures.push(fail(
                        Some(sequence),
                        "schakel volgt niet uit de vorige schakel en de inhoud".into(),
                    ));
                    continue;
                }
                Err(ChainBreak::Sequence { expected, found }) => {
                    report.failures.push(fail(
                        Some(found),
                        format!("volgnummer {found} waar {expected} werd verwacht"),
                    ));
                    continue;
                }
            };
            let last = rows.last().map_or(0, |r| r.chain.volgnummer);
            match tx.head(dossier_id).await? {
                None => report.failures.push(fail(Some(last), "geen ondertekende kop".into())),
                Some(head) if head.volgnummer != last || head.link_hash != head_hash => {
                    report.failures.push(fail(Some(last.min(head.volgnummer.max(1))), format!("ondertekende kop (post {}) past niet bij de keten (post {last})", head.volgnummer)))
                }
                Some(head) if head.sleutel_id != verifier.key_id() || !verifier.verify(&journal::head_message(dossier_id, head.volgnummer, &head_hash), &head.handtekening) => {
                    report.failures.push(fail(Some(last), "handtekening van de kop is ongeldig (keten herberekend zonder de sleutel?)".into()))
                }
                Some(_) => {}
            }
        }
        Ok(report)
    }

    /// The signed heads of every chain, for an external archive.
    pub async fn export_heads(&self) -> ServiceResult<Vec<HeadExport>> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx
            .heads()
            .await?
            .into_iter()
            .map(|h| HeadExport {
                dossier_id: h.dossier_id,
                volgnummer: h.volgnummer,
                link_hash: hex::encode(&h.link_hash),
                handtekening: hex::encode(&h.handtekening),
                sleutel_id: h.sleutel_id,
                getekend_op: h.getekend_op,
            })
            .collect())
    }

    /// The access log for one object (or dossier), newest first: for the privacy officer only.
    pub async fn access_log_of(
        &self,
        actor: &Actor,
        object: Uuid,
        limit: i64,
    ) -> ServiceResult<Vec<baken_store::AccessRecord>> {
        if !actor.may(Permission::ReadProcessingLog) {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        Ok(tx.list_access(Some(object), None, limit).await?)
    }
}
