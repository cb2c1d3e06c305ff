//! Local registers from public bulk data. Today the BAG: the Kadaster's extract imported all or
//! nothing, with only the differences written (a second import of the same extract changes
//! nothing), and the exact address look-up an operator checks it with.
//!
//! An import is a full stand of each object type it holds: what the register has of such a type
//! and the extract does not is removed. Types the extract does not hold are left as they are.

use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use crate::{Caller, Services};
use baken_connectors::bag::ExtractReader;
use baken_domain::ValidationErrors;
use baken_domain::bag::BagObject;
use baken_store::{BagAdresRecord, BagAdresVraag, BagSoort, Tx, bag_id};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::io::BufRead;

/// Objects read before their digests are compared and the differences written.
const BATCH: usize = 2_000;
/// Ids read at a time when looking for what the extract no longer holds.
const WALK: i64 = 10_000;

/// What an import did to one object type.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Telling {
    pub nieuw: u64,
    pub gewijzigd: u64,
    pub ongewijzigd: u64,
    pub verwijderd: u64,
}

/// What an import did, per object type it held.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BagImportRapport {
    pub per_soort: BTreeMap<BagSoort, Telling>,
    /// Objects read (current occurrences).
    pub gelezen: u64,
}

impl BagImportRapport {
    /// Whether the import changed nothing.
    pub fn ongewijzigd(&self) -> bool {
        self.per_soort
            .values()
            .all(|t| t.nieuw == 0 && t.gewijzigd == 0 && t.verwijderd == 0)
    }
}

/// One file of an extract: its name (for messages) and its content.
pub struct Bestand {
    pub naam: String,
    pub inhoud: Box<dyn BufRead + Send>,
}

/// The digest a stored object is compared by: of every field Baken keeps.
fn digest(object: &BagObject) -> String {
    hex::encode(&Sha256::digest(format!("{object:?}").as_bytes())[..16])
}

/// BAG ids are digits (four for a woonplaats, sixteen for the rest); kept as numbers while an
/// import runs, so that ten million of them fit in little memory.
fn numeric(id: &str) -> Option<u64> {
    (!id.is_empty() && id.len() <= 16 && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.parse().ok())
        .flatten()
}

fn refused(bestand: &str, melding: impl std::fmt::Display) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add("bestand", format!("{bestand}, {melding}"));
    ServiceError::Invalid(errors)
}

impl Services {
    /// Imports a BAG extract (its files in any order), in one transaction: a file that is
    /// malformed or breaks off is refused with the file, line and element, and nothing of the
    /// import is kept. `voortgang` hears the number of objects read so far, now and then.
    /// For the operator (the command line) and the administrator.
    pub async fn import_bag(
        &self,
        caller: &Caller,
        bestanden: Vec<Bestand>,
        voortgang: &(dyn Fn(u64) + Sync),
        ctx: &RequestContext,
    ) -> ServiceResult<BagImportRapport> {
        if let Caller::User(actor) = caller
            && !actor.has_role(baken_domain::Role::Beheerder)
        {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin().await?;
        let mut rapport = BagImportRapport::default();
        let mut seen: BTreeMap<BagSoort, HashSet<u64>> = BTreeMap::new();
        for bestand in bestanden {
            let mut reader = ExtractReader::new(bestand.inhoud);
            let mut batch = Vec::with_capacity(BATCH);
            loop {
                let next = reader
                    .next_object()
                    .map_err(|e| refused(&bestand.naam, e))?;
                let at_end = next.is_none();
                if let Some(object) = next {
                    let Some(id) = numeric(bag_id(&object)) else {
                        return Err(refused(
                            &bestand.naam,
                            format!(
                                "regel {}: de identificatie {:?} is geen BAG-id",
                                reader.line(),
                                bag_id(&object)
                            ),
                        ));
                    };
                    // The first current occurrence of an id counts; a repeat is read past.
                    if seen.entry(BagSoort::of(&object)).or_default().insert(id) {
                        batch.push(object);
                        rapport.gelezen += 1;
                    }
                }
                if batch.len() == BATCH || (at_end && !batch.is_empty()) {
                    apply(tx.as_mut(), &batch, &mut rapport).await?;
                    batch.clear();
                    voortgang(rapport.gelezen);
                }
                if at_end {
                    break;
                }
            }
        }
        for (soort, ids) in &seen {
            let verwijderd = remove_missing(tx.as_mut(), *soort, ids).await?;
            rapport.per_soort.entry(*soort).or_default().verwijderd = verwijderd;
        }
        let details: serde_json::Map<String, serde_json::Value> = rapport
            .per_soort
            .iter()
            .map(|(soort, t)| {
                (
                    soort.table().trim_start_matches("bag_").to_string(),
                    json!({"nieuw": t.nieuw, "gewijzigd": t.gewijzigd, "ongewijzigd": t.ongewijzigd, "verwijderd": t.verwijderd}),
                )
            })
            .collect();
        Audit {
            at: self.clock.now(),
            actor: caller.actor_id(),
            ctx,
        }
        .write(
            tx.as_mut(),
            AuditAction::RegisterGeimporteerd,
            Some("register:bag".into()),
            Outcome::Gelukt,
            serde_json::Value::Object(details),
        )
        .await?;
        tx.commit().await?;
        Ok(rapport)
    }

    /// The current addresses at a postcode and house number in the local BAG register, with the
    /// letter and addition as given (`None`: any). Public data: not in the access log.
    pub async fn bag_zoek(&self, vraag: BagAdresVraag<'_>) -> ServiceResult<Vec<BagAdresRecord>> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx.bag_adressen(vraag).await?)
    }
}

/// Compares a batch with what is stored and writes what is new or changed.
async fn apply(
    tx: &mut dyn Tx,
    batch: &[BagObject],
    rapport: &mut BagImportRapport,
) -> ServiceResult<()> {
    let digests: Vec<String> = batch.iter().map(digest).collect();
    let mut write: Vec<(&BagObject, &str)> = Vec::new();
    for soort in BagSoort::ALLE {
        let of_kind: Vec<(&BagObject, &str)> = batch
            .iter()
            .zip(&digests)
            .filter(|(o, _)| BagSoort::of(o) == soort)
            .map(|(o, d)| (o, d.as_str()))
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let ids: Vec<&str> = of_kind.iter().map(|(o, _)| bag_id(o)).collect();
        let stored: BTreeMap<String, String> =
            tx.bag_hashes(soort, &ids).await?.into_iter().collect();
        let telling = rapport.per_soort.entry(soort).or_default();
        for (object, hash) in of_kind {
            match stored.get(bag_id(object)) {
                None => telling.nieuw += 1,
                Some(h) if h == hash => {
                    telling.ongewijzigd += 1;
                    continue;
                }
                Some(_) => telling.gewijzigd += 1,
            }
            write.push((object, hash));
        }
    }
    if !write.is_empty() {
        tx.bag_schrijf(&write).await?;
    }
    Ok(())
}

/// Removes what the register holds of a type and the import did not.
async fn remove_missing(
    tx: &mut dyn Tx,
    soort: BagSoort,
    seen: &HashSet<u64>,
) -> ServiceResult<u64> {
    let mut after: Option<String> = None;
    let mut gone = Vec::new();
    loop {
        let ids = tx.bag_ids(soort, after.as_deref(), WALK).await?;
        let Some(last) = ids.last().cloned() else {
            break;
        };
        gone.extend(
            ids.into_iter()
                .filter(|id| numeric(id).is_none_or(|n| !seen.contains(&n))),
        );
        after = Some(last);
    }
    if gone.is_empty() {
        return Ok(0);
    }
    Ok(tx.bag_verwijder(soort, &gone).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kept_as_numbers_and_only_digits_count() {
        assert_eq!(numeric("0553200000012345"), Some(553_200_000_012_345));
        assert_eq!(numeric("2459"), Some(2459));
        assert_eq!(numeric(""), None);
        assert_eq!(numeric("05532000000123a5"), None);
        assert_eq!(numeric("05532000000123456"), None);
    }
}
