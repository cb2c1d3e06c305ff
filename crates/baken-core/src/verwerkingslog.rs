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
            crate::audit::AuditAction::VerwerkingslogDoorzocht,
            None,
            crate::audit::Outcome::Gelukt,
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

/// What the anomaly report flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Afwijking {
    /// Many dossiers opened that the user is not involved in.
    BuitenToewijzing,
    /// Many reads in a short time.
    Bulkinzage,
    /// Reads in the evening, at night or in the weekend.
    BuitenWerktijd,
    /// Searches for persons or objects without a dossier of one's own about them.
    ZoekenZonderDossier,
}

impl Afwijking {
    pub fn label(self) -> &'static str {
        match self {
            Afwijking::BuitenToewijzing => "Veel dossiers geopend buiten de eigen toewijzing",
            Afwijking::Bulkinzage => "Bulkinzage: veel dossiers in korte tijd",
            Afwijking::BuitenWerktijd => "Inzage buiten werktijd (avond, nacht, weekend)",
            Afwijking::ZoekenZonderDossier => "Zoeken op personen of objecten zonder eigen dossier",
        }
    }
}

/// One flagged user and why.
#[derive(Debug, Clone)]
pub struct Bevinding {
    pub gebruiker: UserId,
    pub naam: String,
    pub afwijking: Afwijking,
    /// How many reads or searches the finding is about.
    pub aantal: usize,
}

/// Thresholds of the anomaly report.
pub const DREMPEL_BUITEN_TOEWIJZING: usize = 10;
pub const DREMPEL_BULK: usize = 30;
pub const BULK_VENSTER_MINUTEN: i64 = 10;

impl Services {
    /// The anomaly report over a period (privacy officer only): users who open many dossiers they
    /// are not involved in, read many dossiers in a short time, read outside working hours, or
    /// search persons without a dossier of their own. Only the officer's municipalities count.
    pub async fn anomaly_report(
        &self,
        actor: &Actor,
        vanaf: Option<&str>,
        tot: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<Vec<Bevinding>> {
        if !actor.may(Permission::ReadProcessingLog) {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let today = baken_domain::tijd::today_nl(self.clock.now());
        let day = |field: &str,
                   value: Option<&str>,
                   default: time::Date,
                   errors: &mut ValidationErrors| {
            match value.map(str::trim).filter(|v| !v.is_empty()) {
                Some(v) => errors
                    .check(field, baken_domain::entiteit::parse_date(v))
                    .unwrap_or(default),
                None => default,
            }
        };
        let from = day(
            "vanaf",
            vanaf,
            today - time::Duration::days(30),
            &mut errors,
        );
        let until = day("tot", tot, today, &mut errors);
        errors.into_result()?;
        let start = from.midnight().assume_utc();
        let end = until.next_day().unwrap_or(until).midnight().assume_utc();
        let mut tx = self.store.begin_read().await?;
        let records = tx.access_between(start, end, 200_000).await?;
        let ids: Vec<Uuid> = records
            .iter()
            .filter_map(|r| r.dossier_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let dossiers: BTreeMap<Uuid, baken_store::DossierRecord> = tx
            .dossiers_by_ids(&ids)
            .await?
            .into_iter()
            .filter(|d| actor.may_access_gemeente(&d.gemeente))
            .map(|d| (d.id, d))
            .collect();
        let mut outside: BTreeMap<UserId, BTreeSet<Uuid>> = BTreeMap::new();
        let mut reads: BTreeMap<UserId, Vec<OffsetDateTime>> = BTreeMap::new();
        let mut after_hours: BTreeMap<UserId, usize> = BTreeMap::new();
        let mut searches: BTreeMap<UserId, usize> = BTreeMap::new();
        for r in &records {
            if r.object_soort == crate::dossiers::ZOEKVRAAG_ZONDER_DOSSIER {
                *searches.entry(r.user).or_default() += 1;
                continue;
            }
            let Some(dossier) = r.dossier_id.and_then(|d| dossiers.get(&d)) else {
                continue;
            };
            if r.object_soort != "dossier" && r.object_soort != "journaal" {
                continue;
            }
            let facts = dossier.facts();
            let involved = facts.eigenaar == r.user
                || facts.team.contains(&r.user)
                || facts.toegewezen_aan == Some(r.user)
                || facts.geregistreerd_door == r.user;
            if !involved {
                outside.entry(r.user).or_default().insert(dossier.id);
            }
            reads.entry(r.user).or_default().push(r.at);
            let local = baken_domain::tijd::nl_local(r.at);
            let weekend = matches!(
                local.weekday(),
                time::Weekday::Saturday | time::Weekday::Sunday
            );
            if weekend || local.hour() < 7 || local.hour() >= 20 {
                *after_hours.entry(r.user).or_default() += 1;
            }
        }
        let mut findings: Vec<(UserId, Afwijking, usize)> = Vec::new();
        for (user, set) in outside {
            if set.len() >= DREMPEL_BUITEN_TOEWIJZING {
                findings.push((user, Afwijking::BuitenToewijzing, set.len()));
            }
        }
        for (user, times) in reads {
            // The largest number of reads within any window of the bulk length.
            let window = time::Duration::minutes(BULK_VENSTER_MINUTEN);
            let mut most = 0;
            let mut first = 0;
            for last in 0..times.len() {
                while times[last] - times[first] > window {
                    first += 1;
                }
                most = most.max(last - first + 1);
            }
            if most >= DREMPEL_BULK {
                findings.push((user, Afwijking::Bulkinzage, most));
            }
        }
        findings.extend(
            after_hours
                .into_iter()
                .map(|(u, n)| (u, Afwijking::BuitenWerktijd, n)),
        );
        findings.extend(
            searches
                .into_iter()
                .map(|(u, n)| (u, Afwijking::ZoekenZonderDossier, n)),
        );
        let users: Vec<UserId> = findings
            .iter()
            .map(|(u, _, _)| *u)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Searches carry no dossier, so keep findings to users of the officer's own
        // municipalities: another municipality's staff are its own officer's concern.
        let mut colleagues = BTreeSet::new();
        for user in &users {
            if tx
                .user_by_id(*user)
                .await?
                .is_some_and(|u| u.gemeenten.iter().any(|g| actor.may_access_gemeente(g)))
            {
                colleagues.insert(*user);
            }
        }
        findings.retain(|(u, _, _)| colleagues.contains(u));
        let names: BTreeMap<UserId, String> = tx.user_names(&users).await?.into_iter().collect();
        drop(tx);
        let mut tx = self.store.begin().await?;
        Audit {
            at: self.clock.now(),
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            crate::audit::AuditAction::VerwerkingslogAfwijkingen,
            None,
            crate::audit::Outcome::Gelukt,
            json!({"vanaf": from.to_string(), "tot": until.to_string(), "bevindingen": findings.len()}),
        )
        .await?;
        tx.commit().await?;
        findings.sort_by_key(|(u, a, n)| (*a, std::cmp::Reverse(*n), *u));
        Ok(findings
            .into_iter()
            .map(|(gebruiker, afwijking, aantal)| Bevinding {
                naam: names.get(&gebruiker).cloned().unwrap_or_default(),
                gebruiker,
                afwijking,
                aantal,
            })
            .collect())
    }
}
