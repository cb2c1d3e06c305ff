//! Local registers from public bulk data: the BAG (the Kadaster's extract), the trade register
//! (a CSV file in Baken's layout, or saved KvK API responses) and the sanctions and PEP lists
//! (FollowTheMoney lines). Each imported all or nothing, with only the differences written (a
//! second import of the same file changes nothing), and the look-ups an operator checks them with.
//!
//! An import is a full stand of each object type it holds: what the register has of such a type
//! and the files do not is removed. Types the files do not hold are left as they are.

use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use crate::{Caller, Services};
use baken_connectors::LeesFout;
use baken_connectors::bag::ExtractReader;
use baken_connectors::eigen::EigenCsvReader;
use baken_connectors::ftm::FtmReader;
use baken_connectors::kvk::{CsvReader, lees_api_antwoorden};
use baken_domain::eigen_register::{Kolomkoppeling, check_broncode};
use baken_domain::kvk::KvkVestiging;
use baken_domain::sanctie::{SanctieEntiteit, naam_sleutel};
use baken_domain::{GemeenteCode, ValidationErrors};
use baken_store::{BagAdresRecord, BagAdresVraag, Register, RegisterObject, RegisterSoort, Tx};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::io::BufRead;

/// Objects read before their digests are compared and the differences written.
const BATCH: usize = 2_000;
/// Ids read at a time when looking for what the files no longer hold.
const WALK: i64 = 10_000;
/// The most entities a name look-up in the sanctions lists gives.
const MAX_TREFFERS: i64 = 50;

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
pub struct ImportRapport {
    pub per_soort: BTreeMap<RegisterSoort, Telling>,
    /// Objects read (current occurrences).
    pub gelezen: u64,
}

impl ImportRapport {
    /// Whether the import changed nothing.
    pub fn ongewijzigd(&self) -> bool {
        self.per_soort
            .values()
            .all(|t| t.nieuw == 0 && t.gewijzigd == 0 && t.verwijderd == 0)
    }
}

/// One file to import: its name (for messages and, for the trade register, its kind: `.json` is
/// saved API responses, anything else the CSV layout) and its content.
pub struct Bestand {
    pub naam: String,
    pub inhoud: Box<dyn BufRead + Send>,
}

/// The digest a stored object is compared by: of every field Baken keeps.
fn digest(object: &RegisterObject) -> String {
    hex::encode(&Sha256::digest(format!("{object:?}").as_bytes())[..16])
}

/// Ids of digits (BAG ids, KvK and establishment numbers) are kept as numbers while an import
/// runs, tagged with their length so that `00012345` and `12345` stay apart: ten million of them
/// fit in little memory. Other ids (FtM) are kept as text.
fn numeric(id: &str) -> Option<u64> {
    (!id.is_empty() && id.len() <= 16 && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.parse::<u64>().ok())
        .flatten()
        .map(|n| n | ((id.len() as u64) << 56))
}

/// The ids an import has read, per object type.
#[derive(Default)]
struct Gezien {
    getallen: HashSet<u64>,
    teksten: HashSet<Box<str>>,
}

impl Gezien {
    /// Whether the id is new.
    fn insert(&mut self, id: &str) -> bool {
        match numeric(id) {
            Some(n) => self.getallen.insert(n),
            None => self.teksten.insert(id.into()),
        }
    }

    fn contains(&self, id: &str) -> bool {
        match numeric(id) {
            Some(n) => self.getallen.contains(&n),
            None => self.teksten.contains(id),
        }
    }
}

/// An own register to import: whose, under which source of the protocol, and which columns
/// hold the keys.
#[derive(Debug, Clone)]
pub struct EigenRegisterImport {
    pub gemeente: GemeenteCode,
    pub bron: String,
    pub koppeling: Kolomkoppeling,
}

/// What is imported: one of the public registers, or an own register.
#[derive(Clone, Copy)]
enum Doel<'a> {
    Publiek(Register),
    /// An own register; `true`: of a source consulted by referral only, whose content is not kept.
    Eigen(&'a EigenRegisterImport, bool),
}

impl Doel<'_> {
    fn register(self) -> Register {
        match self {
            Doel::Publiek(r) => r,
            Doel::Eigen(..) => Register::Eigen,
        }
    }
}

/// A reader of one file, whatever its register and format.
enum Lezer {
    Bag(ExtractReader<Box<dyn BufRead + Send>>),
    KvkCsv(CsvReader<Box<dyn BufRead + Send>>),
    KvkApi(std::vec::IntoIter<KvkVestiging>),
    Ftm(FtmReader<Box<dyn BufRead + Send>>),
    Eigen(EigenCsvReader<Box<dyn BufRead + Send>>),
}

/// The separator a CSV file's header row uses: a semicolon (as Dutch spreadsheets write) or a
/// comma.
fn separator(inhoud: &mut Box<dyn BufRead + Send>) -> Result<u8, LeesFout> {
    let head = inhoud.fill_buf().map_err(|e| LeesFout {
        regel: 1,
        element: None,
        melding: format!("niet te lezen: {e}"),
    })?;
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let semicolons = line.iter().filter(|b| **b == b';').count();
    let commas = line.iter().filter(|b| **b == b',').count();
    Ok(if semicolons >= commas { b';' } else { b',' })
}

impl Lezer {
    fn open(doel: Doel<'_>, bestand: Bestand) -> Result<Self, LeesFout> {
        let json = std::path::Path::new(&bestand.naam)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json"));
        let mut inhoud = bestand.inhoud;
        Ok(match doel {
            Doel::Publiek(Register::Bag) => Lezer::Bag(ExtractReader::new(inhoud)),
            Doel::Publiek(Register::Kvk) if json => {
                Lezer::KvkApi(lees_api_antwoorden(inhoud)?.into_iter())
            }
            Doel::Publiek(Register::Kvk) => {
                let scheiding = separator(&mut inhoud)?;
                Lezer::KvkCsv(CsvReader::new(inhoud, scheiding)?)
            }
            Doel::Publiek(Register::Sancties) => Lezer::Ftm(FtmReader::new(inhoud)),
            Doel::Eigen(eigen, _) => {
                let scheiding = separator(&mut inhoud)?;
                Lezer::Eigen(EigenCsvReader::new(
                    inhoud,
                    scheiding,
                    (&eigen.gemeente, &eigen.bron),
                    &eigen.koppeling,
                )?)
            }
            Doel::Publiek(Register::Eigen) => {
                return Err(LeesFout {
                    regel: 0,
                    element: None,
                    melding: "een eigen register vraagt een gemeente, bron en kolomkoppeling"
                        .into(),
                });
            }
        })
    }

    fn next(&mut self) -> Result<Option<RegisterObject>, LeesFout> {
        Ok(match self {
            Lezer::Bag(r) => r.next_object()?.map(RegisterObject::Bag),
            Lezer::KvkCsv(r) => r.next_vestiging()?.map(RegisterObject::Kvk),
            Lezer::KvkApi(r) => r.next().map(RegisterObject::Kvk),
            Lezer::Ftm(r) => r.next_entiteit()?.map(RegisterObject::Sanctie),
            Lezer::Eigen(r) => r.next_rij()?.map(RegisterObject::Eigen),
        })
    }

    fn line(&self) -> u64 {
        match self {
            Lezer::Bag(r) => r.line(),
            Lezer::KvkCsv(r) => r.line(),
            Lezer::KvkApi(_) => 0,
            Lezer::Ftm(r) => r.line(),
            Lezer::Eigen(r) => r.line(),
        }
    }
}

fn refused(bestand: &str, melding: impl std::fmt::Display) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add("bestand", format!("{bestand}, {melding}"));
    ServiceError::Invalid(errors)
}

impl Services {
    /// Imports a BAG extract (its files in any order). See [`Services::import_register`].
    pub async fn import_bag(
        &self,
        caller: &Caller,
        bestanden: Vec<Bestand>,
        voortgang: &(dyn Fn(u64) + Sync),
        ctx: &RequestContext,
    ) -> ServiceResult<ImportRapport> {
        self.import_register(caller, Register::Bag, bestanden, voortgang, ctx)
            .await
    }

    /// Imports files into a local register, in one transaction: a file that is malformed or
    /// breaks off is refused with the file, line and element, and nothing of the import is kept.
    /// `voortgang` hears the number of objects read so far, now and then. For the operator (the
    /// command line) and the administrator.
    pub async fn import_register(
        &self,
        caller: &Caller,
        register: Register,
        bestanden: Vec<Bestand>,
        voortgang: &(dyn Fn(u64) + Sync),
        ctx: &RequestContext,
    ) -> ServiceResult<ImportRapport> {
        if let Caller::User(actor) = caller
            && !actor.has_role(baken_domain::Role::Beheerder)
        {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin().await?;
        let rapport = self
            .import_in(
                tx.as_mut(),
                caller,
                Doel::Publiek(register),
                bestanden,
                voortgang,
                ctx,
            )
            .await?;
        tx.commit().await?;
        Ok(rapport)
    }

    /// Imports a municipality's own register from CSV files under a column mapping, like
    /// [`Services::import_register`]: all or nothing, only the differences written, and what
    /// the files no longer hold removed (of this municipality's register of this source only).
    /// The source must be in the municipality's protocol in force, which says how the team may
    /// consult it (hit/no-hit, content, or referral only).
    pub async fn import_eigen_register(
        &self,
        caller: &Caller,
        eigen: &EigenRegisterImport,
        bestanden: Vec<Bestand>,
        voortgang: &(dyn Fn(u64) + Sync),
        ctx: &RequestContext,
    ) -> ServiceResult<ImportRapport> {
        if let Caller::User(actor) = caller
            && (!actor.has_role(baken_domain::Role::Beheerder)
                || !actor.gemeenten.contains(&eigen.gemeente))
        {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        if let Err(e) = check_broncode(&eigen.bron) {
            errors.add("bron", e);
        }
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let Some(gemeente) = tx
            .list_gemeenten()
            .await?
            .into_iter()
            .find(|g| g.code == eigen.gemeente)
        else {
            let mut errors = ValidationErrors::new();
            errors.add("gemeente", "Deze gemeente is niet bekend in Baken.");
            return Err(ServiceError::Invalid(errors));
        };
        let (protocol, _, _) = self.protocol_in_force(tx.as_mut(), &eigen.gemeente).await?;
        let Some(definitie) = protocol
            .document
            .bronnen
            .iter()
            .find(|b| b.code == eigen.bron)
        else {
            let mut errors = ValidationErrors::new();
            errors.add(
                "bron",
                format!(
                    "De bron {} staat niet in het privacyprotocol van {}: neem haar daar eerst op, met fasen, wijze, doelen en grondslag.",
                    eigen.bron,
                    gemeente.naam.as_str()
                ),
            );
            return Err(ServiceError::Invalid(errors));
        };
        // What the team may never see is not kept either: of a source consulted by referral only,
        // Baken holds the keys a subject is found by, not the content (AVG art. 5 lid 1 sub c).
        let alleen_sleutels = definitie.wijze == baken_domain::protocol::Wijze::Verwijzing;
        let rapport = self
            .import_in(
                tx.as_mut(),
                caller,
                Doel::Eigen(eigen, alleen_sleutels),
                bestanden,
                voortgang,
                ctx,
            )
            .await?;
        tx.commit().await?;
        Ok(rapport)
    }

    async fn import_in(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        doel: Doel<'_>,
        bestanden: Vec<Bestand>,
        voortgang: &(dyn Fn(u64) + Sync),
        ctx: &RequestContext,
    ) -> ServiceResult<ImportRapport> {
        let register = doel.register();
        let mut rapport = ImportRapport::default();
        let mut seen: BTreeMap<RegisterSoort, Gezien> = BTreeMap::new();
        for bestand in bestanden {
            let naam = bestand.naam.clone();
            let mut lezer = Lezer::open(doel, bestand).map_err(|e| refused(&naam, e))?;
            let mut batch = Vec::with_capacity(BATCH);
            loop {
                let next = match (doel, lezer.next().map_err(|e| refused(&naam, e))?) {
                    (Doel::Eigen(_, true), Some(RegisterObject::Eigen(mut rij))) => {
                        rij.velden.clear();
                        Some(RegisterObject::Eigen(rij))
                    }
                    (_, next) => next,
                };
                let at_end = next.is_none();
                if let Some(object) = next {
                    if register == Register::Bag && numeric(object.id()).is_none() {
                        return Err(refused(
                            &naam,
                            format!(
                                "regel {}: de identificatie {:?} is geen BAG-id",
                                lezer.line(),
                                object.id()
                            ),
                        ));
                    }
                    // The first occurrence of an id counts; a repeat is read past.
                    if seen.entry(object.soort()).or_default().insert(object.id()) {
                        batch.push(object);
                        rapport.gelezen += 1;
                    }
                }
                if batch.len() == BATCH || (at_end && !batch.is_empty()) {
                    apply(&mut *tx, &batch, &mut rapport).await?;
                    batch.clear();
                    voortgang(rapport.gelezen);
                }
                if at_end {
                    break;
                }
            }
        }
        for (soort, ids) in &seen {
            let verwijderd = remove_missing(&mut *tx, *soort, ids, doel).await?;
            rapport.per_soort.entry(*soort).or_default().verwijderd = verwijderd;
        }
        let mut details: serde_json::Map<String, serde_json::Value> = rapport
            .per_soort
            .iter()
            .map(|(soort, t)| {
                (
                    soort.sleutel().to_string(),
                    json!({"nieuw": t.nieuw, "gewijzigd": t.gewijzigd, "ongewijzigd": t.ongewijzigd, "verwijderd": t.verwijderd}),
                )
            })
            .collect();
        if let Doel::Eigen(e, _) = doel {
            details.insert("gemeente".into(), json!(e.gemeente.as_str()));
        }
        Audit {
            at: self.clock.now(),
            actor: caller.actor_id(),
            ctx,
        }
        .write(
            tx,
            AuditAction::RegisterGeimporteerd,
            Some(match doel {
                Doel::Publiek(r) => format!("register:{}", r.code()),
                // Whose register it is goes in the details: the subject stays a plain name.
                Doel::Eigen(e, _) => format!("register:{}", e.bron),
            }),
            Outcome::Gelukt,
            serde_json::Value::Object(details),
        )
        .await?;
        Ok(rapport)
    }

    /// The current addresses at a postcode and house number in the local BAG register, with the
    /// letter and addition as given (`None`: any). Public data: not in the access log.
    pub async fn bag_zoek(&self, vraag: BagAdresVraag<'_>) -> ServiceResult<Vec<BagAdresRecord>> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx.bag_adressen(vraag).await?)
    }

    /// The registrations under a KvK number in the local trade register, for the operator's
    /// check of an import (the team consults it from a dossier, with a purpose).
    pub async fn kvk_zoek(&self, kvk_nummer: &str) -> ServiceResult<Vec<KvkVestiging>> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx.kvk_op_nummer(kvk_nummer).await?)
    }

    /// The entities of the local sanctions lists with this name (in any case, with or without
    /// diacritics), for the operator's check of an import.
    pub async fn sancties_zoek(&self, naam: &str) -> ServiceResult<Vec<SanctieEntiteit>> {
        let sleutel = naam_sleutel(naam);
        if sleutel.is_empty() {
            let mut errors = ValidationErrors::new();
            errors.add("naam", "Geef een naam met letters of cijfers.");
            return Err(ServiceError::Invalid(errors));
        }
        let mut tx = self.store.begin_read().await?;
        Ok(tx.sancties_op_naam(&sleutel, MAX_TREFFERS).await?)
    }
}

/// Compares a batch with what is stored and writes what is new or changed.
async fn apply(
    tx: &mut dyn Tx,
    batch: &[RegisterObject],
    rapport: &mut ImportRapport,
) -> ServiceResult<()> {
    let digests: Vec<String> = batch.iter().map(digest).collect();
    let mut write: Vec<(&RegisterObject, &str)> = Vec::new();
    for soort in RegisterSoort::ALLE {
        let of_kind: Vec<(&RegisterObject, &str)> = batch
            .iter()
            .zip(&digests)
            .filter(|(o, _)| o.soort() == soort)
            .map(|(o, d)| (o, d.as_str()))
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let ids: Vec<&str> = of_kind.iter().map(|(o, _)| o.id()).collect();
        let stored: BTreeMap<String, String> =
            tx.register_hashes(soort, &ids).await?.into_iter().collect();
        let telling = rapport.per_soort.entry(soort).or_default();
        for (object, hash) in of_kind {
            match stored.get(object.id()) {
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
        tx.register_schrijf(&write).await?;
    }
    Ok(())
}

/// Removes what the register holds of a type and the import did not.
async fn remove_missing(
    tx: &mut dyn Tx,
    soort: RegisterSoort,
    seen: &Gezien,
    doel: Doel<'_>,
) -> ServiceResult<u64> {
    let mut after: Option<String> = None;
    let mut gone = Vec::new();
    loop {
        let ids = match doel {
            // An own register: only this municipality's register of this source.
            Doel::Eigen(e, _) => {
                tx.eigen_ids(&e.gemeente, &e.bron, after.as_deref(), WALK)
                    .await?
            }
            Doel::Publiek(_) => tx.register_ids(soort, after.as_deref(), WALK).await?,
        };
        let Some(last) = ids.last().cloned() else {
            break;
        };
        gone.extend(ids.into_iter().filter(|id| !seen.contains(id)));
        after = Some(last);
    }
    if gone.is_empty() {
        return Ok(0);
    }
    Ok(tx.register_verwijder(soort, &gone).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kept_as_numbers_and_only_digits_count() {
        assert_eq!(
            numeric("0553200000012345"),
            Some(553_200_000_012_345 | (16 << 56))
        );
        assert_eq!(numeric("2459"), Some(2459 | (4 << 56)));
        assert_ne!(numeric("000012345678"), numeric("12345678"));
        assert_eq!(numeric(""), None);
        assert_eq!(numeric("05532000000123a5"), None);
        assert_eq!(numeric("05532000000123456"), None);
    }
}
