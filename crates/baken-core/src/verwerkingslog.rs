//! The privacy officer's view of the processing log: search by data subject (BSN or KvK number,
//! turned into the same pseudonym the log holds), user, dossier, processing activity and period;
//! each processing comes with the users the access log records for the same trace.

use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::identifiers::{Bsn, KvkNummer};
use baken_domain::{Actor, Permission, UserId, ValidationErrors};
use baken_store::{VerwerkingFilter, VerwerkingRecord};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;
use uuid::Uuid;

/// What to look for; every given criterion must hold.
#[derive(Debug, Clone, Default)]
pub struct VerwerkingZoekvraag {
    pub bsn: Option<String>,
    pub kvk_nummer: Option<String>,
    /// A user id: the processings in that user's traces.
    pub gebruiker: Option<String>,
    pub dossier: Option<String>,
    pub verwerkingsactiviteit: Option<String>,
    /// First day (YYYY-MM-DD), inclusive.
    pub vanaf: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    pub tot: Option<String>,
}

/// Who was behind a processing: from the access log, same trace.
#[derive(Debug, Clone)]
pub struct Uitvoerder {
    pub gebruiker: UserId,
    pub naam: String,
    pub op: OffsetDateTime,
    pub context: String,
}

#[derive(Debug, Clone)]
pub struct Verwerking {
    pub record: VerwerkingRecord,
    pub uitvoerders: Vec<Uitvoerder>,
}

const MAX_RESULTS: i64 = 500;

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Services {
    /// Searches the processing log (privacy officer only). The search itself is audited, without
    /// the identifier searched for.
    pub async fn search_processing_log(
        &self,
        actor: &Actor,
        vraag: &VerwerkingZoekvraag,
        ctx: &RequestContext,
    ) -> ServiceResult<Vec<Verwerking>> {
        if !actor.may(Permission::ReadProcessingLog) {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let mut betrokkene = None;
        if let Some(bsn) = filled(&vraag.bsn)
            && let Some(bsn) = errors.check("bsn", Bsn::parse(bsn))
        {
            betrokkene = Some(self.pseudonym("BSN", &bsn.to_string()));
        }
        if let Some(kvk) = filled(&vraag.kvk_nummer)
            && let Some(kvk) = errors.check("kvkNummer", KvkNummer::parse(kvk))
        {
            if betrokkene.is_some() {
                errors.add(
                    "kvkNummer",
                    "Zoek op één betrokkene tegelijk: BSN of KvK-nummer.",
                );
            }
            betrokkene = Some(self.pseudonym("KvK", &kvk.to_string()));
        }
        let uuid = |field: &str, value: Option<&str>, errors: &mut ValidationErrors| {
            value.and_then(|v| match Uuid::parse_str(v) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(field, "Dit is geen geldige id.");
                    None
                }
            })
        };
        let gebruiker = uuid("gebruiker", filled(&vraag.gebruiker), &mut errors);
        let dossier = uuid("dossier", filled(&vraag.dossier), &mut errors);
        let day = |field: &str, value: Option<&str>, errors: &mut ValidationErrors| {
            value.and_then(|v| errors.check(field, baken_domain::entiteit::parse_date(v)))
        };
        let vanaf = day("vanaf", filled(&vraag.vanaf), &mut errors);
        let tot = day("tot", filled(&vraag.tot), &mut errors);
        errors.into_result()?;

        let mut tx = self.store.begin_read().await?;
        let trace_ids = match gebruiker {
            Some(user) => Some(tx.traces_of_user(UserId(user), 5000).await?),
            None => None,
        };
        let records = tx
            .list_verwerkingen(&VerwerkingFilter {
                betrokkene: betrokkene.clone(),
                dossier_id: dossier,
                verwerkingsactiviteit: filled(&vraag.verwerkingsactiviteit).map(String::from),
                vanaf: vanaf.map(|d| d.midnight().assume_utc()),
                tot: tot.map(|d| d.next_day().unwrap_or(d).midnight().assume_utc()),
                trace_ids,
                limit: MAX_RESULTS,
            })
            .await?;
        // Only processings of the officer's own municipalities.
        let mut gemeente_of: BTreeMap<Uuid, Option<baken_domain::GemeenteCode>> = BTreeMap::new();
        for id in records
            .iter()
            .filter_map(|r| r.dossier_id)
            .collect::<BTreeSet<_>>()
        {
            gemeente_of.insert(id, tx.dossier(id).await?.map(|d| d.gemeente));
        }
        let records: Vec<VerwerkingRecord> = records
            .into_iter()
            .filter(|r| {
                let gemeente = r
                    .dossier_id
                    .and_then(|d| gemeente_of.get(&d).cloned().flatten())
                    .or_else(|| r.gemeente.clone());
                gemeente.is_some_and(|g| actor.may_access_gemeente(&g))
            })
            .collect();
        let traces: Vec<String> = records
            .iter()
            .map(|r| r.trace_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let access = tx.access_by_traces(&traces).await?;
        let users: Vec<UserId> = access
            .iter()
            .map(|a| a.user)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let names: BTreeMap<UserId, String> = tx.user_names(&users).await?.into_iter().collect();
        drop(tx);
        let mut by_trace: BTreeMap<String, Vec<Uitvoerder>> = BTreeMap::new();
        for a in access {
            let list = by_trace
                .entry(a.trace_id.clone().unwrap_or_default())
                .or_default();
            if !list
                .iter()
                .any(|u| u.gebruiker == a.user && u.context == a.context)
            {
                list.push(Uitvoerder {
                    gebruiker: a.user,
                    naam: names.get(&a.user).cloned().unwrap_or_default(),
                    op: a.at,
                    context: a.context,
                });
            }
        }
        let mut tx = self.store.begin().await?;
        Audit {
            at: self.clock.now(),
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            "verwerkingslog.doorzocht",
            None,
            "gelukt",
            json!({
                "opBetrokkene": betrokkene.is_some(),
                "gebruiker": gebruiker,
                "dossier": dossier,
                "activiteit": filled(&vraag.verwerkingsactiviteit),
                "vanaf": vanaf.map(|d| d.to_string()),
                "tot": tot.map(|d| d.to_string()),
                "resultaten": records.len(),
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(records
            .into_iter()
            .map(|record| Verwerking {
                uitvoerders: by_trace.get(&record.trace_id).cloned().unwrap_or_default(),
                record,
            })
            .collect())
    }
}
