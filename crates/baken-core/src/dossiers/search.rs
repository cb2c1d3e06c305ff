//! Search: full text over what the viewer may see, and look-ups by identifier (logged, limited).

use super::*;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, Vertrouwelijkheid, dossier_access, may_see_class};
use baken_domain::entiteit::Entiteit;
use baken_domain::journal::JournaalInhoud;
use baken_domain::{Actor, GemeenteCode, UserId, ValidationErrors};
use baken_store::{DossierRecord, ReadTx};
use std::collections::BTreeSet;
use time::OffsetDateTime;
use uuid::Uuid;

impl Services {
    /// Up to `wanted` search hits in one municipality that the actor may see, newest first, with
    /// which part of the dossier matched. Hidden hits are skipped in batches until enough visible
    /// ones are found or the index is exhausted.
    async fn visible_hits(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        gemeente: &GemeenteCode,
        terms: &[String],
        mut before: Option<i64>,
        wanted: i64,
    ) -> ServiceResult<Vec<(baken_store::SearchHit, &'static str)>> {
        let mut visible = Vec::new();
        let mut batch = wanted;
        loop {
            let found = tx.search(gemeente, terms, before, batch).await?;
            let exhausted = (found.len() as i64) < batch;
            before = found.last().map(|h| h.cursor).or(before);
            for hit in found {
                if let Some(deel) = self.hit_visible(tx, actor, &hit).await? {
                    visible.push((hit, deel));
                    if visible.len() as i64 == wanted {
                        return Ok(visible);
                    }
                }
            }
            if exhausted {
                return Ok(visible);
            }
            batch = (batch * 2).min(SEARCH_BATCH_MAX);
        }
    }

    /// Whether the actor may see a search hit: full access to its dossier and the class of the
    /// text. `Some` names the part that matched.
    async fn hit_visible(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        hit: &baken_store::SearchHit,
    ) -> ServiceResult<Option<&'static str>> {
        let facts = hit.dossier.facts();
        if dossier_access(actor, &facts) != DossierAccess::Full {
            return Ok(None);
        }
        let visible = match hit.entry_id {
            None => true,
            // Whether a police entry is visible depends on its named readers, which only the
            // entry itself holds.
            Some(entry) if hit.vertrouwelijkheid == Vertrouwelijkheid::PolitieBurgemeester => tx
                .journal(hit.dossier.id)
                .await?
                .into_iter()
                .find(|r| r.chain.entry_id == entry)
                .and_then(|r| r.canoniek)
                .and_then(|c| JournaalInhoud::from_canonical(&c).ok())
                .is_some_and(|i| {
                    may_see_class(
                        actor,
                        &facts,
                        i.vertrouwelijkheid,
                        i.auteur,
                        &i.lezers,
                        actor.bibob_clearance,
                    )
                }),
            Some(_) => may_see_class(
                actor,
                &facts,
                hit.vertrouwelijkheid,
                UserId(Uuid::nil()),
                &[],
                actor.bibob_clearance,
            ),
        };
        Ok(visible.then_some(if hit.entry_id.is_some() {
            "journaalpost"
        } else {
            "omschrijving"
        }))
    }

    /// Full-text search over descriptions and journal text in the actor's municipalities, newest
    /// text first, a page at a time (`na` is the previous page's `volgende`). Only what the actor
    /// may see is returned, and every result is logged.
    pub async fn search(
        &self,
        actor: &Actor,
        query: &str,
        na: Option<&str>,
        limiet: Option<i64>,
        context: &str,
    ) -> ServiceResult<Zoekpagina> {
        Self::require_reader(actor)?;
        let terms: Vec<String> = query
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(|t| t.trim_matches('-').to_lowercase())
            .filter(|t| !t.is_empty())
            .take(8)
            .collect();
        let mut errors = ValidationErrors::new();
        if terms.is_empty() || terms.iter().any(|t| t.chars().count() > 64) {
            errors.add(
                "zoekterm",
                "Vul een of meer woorden in (hoogstens 64 tekens per woord).",
            );
        }
        let before = match na.map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => match n.parse::<i64>() {
                Ok(cursor) if cursor > 0 => Some(cursor),
                _ => {
                    errors.add("na", "Dit is geen geldige vervolgcursor.");
                    None
                }
            },
        };
        let limit = limiet.unwrap_or(ZOEKLIMIET);
        if !(1..=MAX_ZOEKLIMIET).contains(&limit) {
            errors.add(
                "limiet",
                format!("Kies een limiet van 1 tot en met {MAX_ZOEKLIMIET}."),
            );
        }
        errors.into_result()?;
        let mut tx = self.store.begin_read().await?;
        // Access is decided before paging: per municipality the newest `limit + 1` texts the actor
        // may see, so that neither the page, nor whether a next page exists, nor its cursor depends
        // on text the actor may not see (a cursor for a word only in a Bibob entry was an oracle).
        let mut visible = Vec::new();
        for gemeente in &actor.gemeenten {
            visible.extend(
                self.visible_hits(tx.as_mut(), actor, gemeente, &terms, before, limit + 1)
                    .await?,
            );
        }
        visible.sort_by_key(|(h, _)| std::cmp::Reverse(h.cursor));
        let more = visible.len() as i64 > limit;
        visible.truncate(limit as usize);
        let volgende = more
            .then(|| visible.last().map(|(h, _)| h.cursor.to_string()))
            .flatten();
        let resultaten: Vec<Zoekresultaat> = visible
            .into_iter()
            .map(|(hit, deel)| {
                let mut dossier = hit.dossier;
                dossier.melder_naam = None;
                dossier.melder_contact = None;
                Zoekresultaat {
                    dossier,
                    deel,
                    entry_id: hit.entry_id,
                }
            })
            .collect();
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = resultaten
            .iter()
            .map(|r| ("zoekresultaat", r.dossier.id, Some(r.dossier.id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(Zoekpagina {
            resultaten,
            volgende,
        })
    }

    /// Counts one identifier look-up of the actor against the limit per minute: an identifier
    /// look-up tells whether a person is known (also, neutrally, in another municipality), so it
    /// must not be possible in bulk.
    fn count_lookup(&self, actor: &Actor) -> ServiceResult<()> {
        self.lookups
            .check(&actor.user_id.0.to_string(), self.clock.now())
            .map_err(|until| {
                tracing::warn!(user = %actor.user_id.0, "identifier look-ups over the limit");
                ServiceError::Locked { until }
            })
    }

    /// The data subject an identifier names, for the processing log: (kind, value).
    fn subject_of_key(entiteit: &Entiteit) -> Vec<(String, String)> {
        match entiteit {
            Entiteit::Persoon { bsn: Some(bsn), .. } => vec![("BSN".into(), bsn.to_string())],
            Entiteit::Organisatie {
                kvk_nummer: Some(kvk),
                ..
            } => vec![("KvK".into(), kvk.to_string())],
            _ => vec![],
        }
    }

    /// Writes an identifier look-up to the access log (the question, and every dossier it shows)
    /// and the processing log (the data subject it names). A question that finds no dossier of
    /// one's own is flagged for the privacy officer's anomaly report.
    async fn log_lookup(
        &self,
        actor: &Actor,
        entiteit: &Entiteit,
        shown: &[(&'static str, Uuid)],
        own: bool,
        context: &str,
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let mut logged: Vec<(&str, Uuid, Option<Uuid>)> =
            shown.iter().map(|(s, d)| (*s, *d, Some(*d))).collect();
        logged.push((
            if own {
                ZOEKVRAAG
            } else {
                ZOEKVRAAG_ZONDER_DOSSIER
            },
            Uuid::nil(),
            None,
        ));
        self.log_reads(
            actor,
            &logged,
            context,
            &Self::subject_of_key(entiteit),
            started,
        )
        .await
    }

    /// The dossiers an identifier (BSN, KvK number, address, licence plate, IBAN) appears in, as far
    /// as the actor may know them, and whether it is known in a municipality the actor does not
    /// work for (only that: the neutral hit). Content is never included; the question and each
    /// result are logged, and look-ups are rate-limited.
    pub async fn search_by_identifier(
        &self,
        actor: &Actor,
        input: &baken_domain::entiteit::EntiteitInvoer,
        context: &str,
    ) -> ServiceResult<(Vec<(DossierRecord, DossierAccess)>, bool)> {
        Self::require_reader(actor)?;
        let started = self.clock.now();
        let mut prefixed = ValidationErrors::new();
        let parsed = input.parse("zoek", &mut prefixed);
        let mut errors = ValidationErrors::new();
        for e in prefixed.iter() {
            errors.add_code(e.name.trim_start_matches("zoek."), e.code, e.reason.clone());
        }
        let parsed = parsed.map(|(e, _)| e);
        // Without a letter or addition an address key ends in `::`; trimmed, the look-up finds
        // every letter and addition of the number (and a KvK number its establishments).
        let key = parsed
            .as_ref()
            .and_then(Entiteit::sleutel)
            .map(|k| k.trim_end_matches(':').to_string());
        if key.is_none() && errors.is_empty() {
            errors.add("zoekterm", "Geef een zoekterm of een identificatie (bsn, kvkNummer, kenteken, iban, of postcode en huisnummer).");
        }
        errors.into_result()?;
        let (entiteit, key) = (parsed.expect("checked"), key.expect("checked"));
        self.count_lookup(actor)?;
        let mut tx = self.store.begin_read().await?;
        let linked = tx.dossiers_met_sleutel(&key).await?;
        drop(tx);
        let mut found = Vec::new();
        let mut elders = false;
        let mut seen = BTreeSet::new();
        for (dossier, _) in linked {
            match dossier_access(actor, &dossier.facts()) {
                DossierAccess::None => elders |= !actor.may_access_gemeente(&dossier.gemeente),
                toegang => {
                    if seen.insert(dossier.id) {
                        found.push((index_line(dossier, toegang), toegang));
                    }
                }
            }
        }
        let own = found.iter().any(|(_, t)| *t == DossierAccess::Full);
        let shown: Vec<(&str, Uuid)> = found.iter().map(|(d, _)| ("zoekresultaat", d.id)).collect();
        self.log_lookup(actor, &entiteit, &shown, own, context, started)
            .await?;
        Ok((found, elders))
    }

    /// While a signal is being registered: where an entity the form describes already appears, as
    /// far as the actor may know it (other municipalities only as a neutral flag). `None` while the
    /// input does not yet identify an entity, or when Baken does not know it. Every look-up is
    /// logged like an identifier search and counts against the same limit.
    pub async fn where_else(
        &self,
        actor: &Actor,
        input: &baken_domain::entiteit::EntiteitInvoer,
        context: &str,
    ) -> ServiceResult<Option<(Vec<ElderRef>, bool)>> {
        Self::require_work(actor)?;
        let started = self.clock.now();
        let mut ignored = ValidationErrors::new();
        let Some((entiteit, _)) = input.parse("elders", &mut ignored) else {
            return Ok(None);
        };
        let Some(key) = entiteit.sleutel() else {
            return Ok(None);
        };
        self.count_lookup(actor)?;
        let mut tx = self.store.begin_read().await?;
        let linked = tx.dossiers_met_sleutel(&key).await?;
        drop(tx);
        let (refs, elders) = Self::elsewhere(actor, None, linked);
        let own = refs.iter().any(|r| r.toegang == DossierAccess::Full);
        let shown: Vec<(&str, Uuid)> = refs
            .iter()
            .map(|r| ("dossierregel", r.dossier_id))
            .collect();
        self.log_lookup(actor, &entiteit, &shown, own, context, started)
            .await?;
        if refs.is_empty() && !elders {
            return Ok(None);
        }
        Ok(Some((refs, elders)))
    }
}
