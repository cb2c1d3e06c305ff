//! Consulting Baken's local registers from a dossier (bronraadplegingen): the BAG, the trade
//! register and the sanctions lists, about one subject or object of the dossier.
//!
//! Hit/no-hit first: the protocol in force must allow the source in the dossier's phase for the
//! purpose given (and its privacy check, where it asks one), and the user learns only whether the
//! source knows the subject. The content comes only with a justified follow-up of a hit, where the
//! protocol lets the source be consulted for content. Every step is a journal entry
//! (`bronraadpleging`, with source, legal basis and purpose, linked to the subject), a
//! processing-log record for the subject, an access-log record and an audit event, in one
//! transaction with the consultation's own record.

use crate::Services;
use crate::audit::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::entiteit::Entiteit;
use baken_domain::kvk::KvkVestiging;
use baken_domain::protocol::{Wijze, vervolg_toegestaan};
use baken_domain::sanctie::{SanctieEntiteit, naam_sleutel};
use baken_domain::{Actor, ValidationErrors};
use baken_store::{
    BagAdresRecord, BagAdresVraag, BronraadplegingRecord, EntiteitRecord, ReadTx, Tx,
};
use uuid::Uuid;

/// The most records a consultation takes over.
const MAX_RECORDS: i64 = 50;
/// The longest justification of a follow-up.
const MAX_TOELICHTING: usize = 2000;

/// A consultation of a local register as asked.
#[derive(Debug, Clone, Default)]
pub struct RegisterRaadplegingInvoer {
    /// `bag`, `kvk` or `sancties`.
    pub bron: String,
    /// One of the purposes the protocol lists for the source.
    pub doel: String,
    /// The id of a subject or object of the dossier.
    pub onderwerp: String,
}

/// What a register knows of a subject: only given with a follow-up for content.
#[derive(Debug, Clone, PartialEq)]
pub enum RegisterInhoud {
    Adressen(Vec<BagAdresRecord>),
    Inschrijvingen(Vec<KvkVestiging>),
    Entiteiten(Vec<SanctieEntiteit>),
    /// Rows of the municipality's own register of the source.
    Rijen(Vec<baken_domain::eigen_register::EigenRij>),
    /// Persons as the BRP gave the fields asked (for an address: those registered there).
    Personen(Vec<baken_connectors::live::brp::BrpPersoon>),
}

/// A consultation done: its record (with hit or no-hit) and, for a follow-up, the content.
#[derive(Debug, Clone)]
pub struct Raadplegingsuitkomst {
    pub raadpleging: BronraadplegingRecord,
    /// The source's name in the protocol's catalogue.
    pub bron_naam: String,
    /// How the protocol lets the source be consulted (whether a follow-up for content can come).
    pub wijze: Wijze,
    pub inhoud: Option<RegisterInhoud>,
    /// For a source consulted by referral only that knows the subject: whom to turn to.
    pub verwijzing: Option<String>,
}

/// One consultation as its page shows it: the record, the source's name and how it may be
/// consulted, the subject, and whether the content was already asked for.
#[derive(Debug, Clone)]
pub struct RaadplegingWeergave {
    pub raadpleging: BronraadplegingRecord,
    pub bron_naam: String,
    pub wijze: Wijze,
    /// The subject as people read it (name and birth date, the address).
    pub onderwerp: Option<String>,
    /// The follow-ups for content of this consultation, newest first.
    pub vervolgen: Vec<BronraadplegingRecord>,
    /// For a source consulted by referral only: whom the team turns to.
    pub contact: Option<String>,
}

/// A source of the protocol in force, with what Baken's local register of it holds.
#[derive(Debug, Clone)]
pub struct BronStand {
    pub definitie: baken_domain::protocol::BronDefinitie,
    /// For a source with a local register: how many objects of each type it holds.
    pub register: Option<Vec<(baken_store::RegisterSoort, i64)>>,
    /// Baken asks the source live, over its API (configured in `bronnen_live`).
    pub live: bool,
}

/// The sources Baken holds a local register of.
pub const LOKALE_BRONNEN: [&str; 3] = ["bag", "kvk", "sancties"];

/// What one consultation holds until it is recorded: the open transaction, what the protocol
/// allowed, the subject and the source's answer.
type Gevraagd = (
    Box<dyn Tx>,
    crate::protocol::Toegestaan,
    EntiteitRecord,
    RegisterInhoud,
);

fn invalid(field: &str, reason: impl Into<String>) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add(field, reason);
    ServiceError::Invalid(errors)
}

/// Looks the subject up in the source's local register (an own register: the municipality's).
async fn zoek(
    tx: &mut dyn ReadTx,
    gemeente: &baken_domain::GemeenteCode,
    bron: &str,
    onderwerp: &Entiteit,
) -> ServiceResult<RegisterInhoud> {
    let adres = |e: &Entiteit| match e {
        Entiteit::Adres {
            postcode,
            huisnummer,
            huisletter,
            huisnummertoevoeging,
            ..
        } => Some((
            postcode.as_str().to_string(),
            *huisnummer,
            huisletter.clone().unwrap_or_default(),
            huisnummertoevoeging.clone().unwrap_or_default(),
        )),
        _ => None,
    };
    match bron {
        "bag" => {
            let Some((postcode, huisnummer, letter, toevoeging)) = adres(onderwerp) else {
                return Err(invalid(
                    "onderwerp",
                    "In de BAG staan adressen: kies een adres.",
                ));
            };
            Ok(RegisterInhoud::Adressen(
                tx.bag_adressen(BagAdresVraag {
                    postcode: &postcode,
                    huisnummer,
                    huisletter: Some(&letter),
                    toevoeging: Some(&toevoeging),
                })
                .await?,
            ))
        }
        "kvk" => match onderwerp {
            Entiteit::Organisatie {
                kvk_nummer: Some(kvk),
                vestigingsnummer,
                ..
            } => {
                let mut found = tx.kvk_op_nummer(kvk.as_str()).await?;
                if let Some(v) = vestigingsnummer {
                    found.retain(|f| f.vestigingsnummer.as_deref() == Some(v.as_str()));
                }
                Ok(RegisterInhoud::Inschrijvingen(found))
            }
            Entiteit::Organisatie { .. } => Err(invalid(
                "onderwerp",
                "Deze organisatie heeft geen KvK-nummer: vul het aan, of raadpleeg het register op het adres.",
            )),
            other => match adres(other) {
                Some((postcode, huisnummer, letter, toevoeging)) => {
                    Ok(RegisterInhoud::Inschrijvingen(
                        tx.kvk_op_adres(
                            BagAdresVraag {
                                postcode: &postcode,
                                huisnummer,
                                huisletter: Some(&letter),
                                toevoeging: Some(&toevoeging),
                            },
                            MAX_RECORDS,
                        )
                        .await?,
                    ))
                }
                None => Err(invalid(
                    "onderwerp",
                    "In het Handelsregister staan organisaties en adressen: kies een organisatie of een adres.",
                )),
            },
        },
        "sancties" => match onderwerp {
            Entiteit::Persoon { .. } | Entiteit::Organisatie { .. } => {
                let sleutel = naam_sleutel(&onderwerp.naam());
                Ok(RegisterInhoud::Entiteiten(
                    tx.sancties_op_naam(&sleutel, MAX_RECORDS).await?,
                ))
            }
            _ => Err(invalid(
                "onderwerp",
                "Op sanctie- en PEP-lijsten staan personen en organisaties: kies een persoon of een organisatie.",
            )),
        },
        _ => match crate::eigen_registers::zoek(tx, gemeente, bron, onderwerp).await? {
            Some(rijen) => Ok(RegisterInhoud::Rijen(rijen)),
            None => Err(invalid(
                "bron",
                "Van deze bron heeft Baken geen lokaal register: leg de uitkomst van de raadpleging zelf vast.",
            )),
        },
    }
}

impl RegisterInhoud {
    fn is_hit(&self) -> bool {
        match self {
            RegisterInhoud::Adressen(a) => !a.is_empty(),
            RegisterInhoud::Inschrijvingen(v) => !v.is_empty(),
            RegisterInhoud::Entiteiten(e) => !e.is_empty(),
            RegisterInhoud::Rijen(r) => !r.is_empty(),
            RegisterInhoud::Personen(p) => !p.is_empty(),
        }
    }

    /// What was taken over, a line per record, for the journal.
    pub fn regels(&self) -> Vec<String> {
        match self {
            RegisterInhoud::Adressen(adressen) => adressen
                .iter()
                .map(|a| {
                    let n = &a.nummeraanduiding;
                    let mut parts = vec![format!(
                        "{} {}{}{}, {} {}",
                        a.straat.as_deref().unwrap_or("(straat onbekend)"),
                        n.huisnummer,
                        n.huisletter.as_deref().unwrap_or(""),
                        n.toevoeging
                            .as_deref()
                            .map(|t| format!("-{t}"))
                            .unwrap_or_default(),
                        n.postcode.as_deref().map(postcode_nl).unwrap_or_default(),
                        a.woonplaats.as_deref().unwrap_or("")
                    )];
                    parts.push(format!("nummeraanduiding {}", n.id));
                    if let Some(o) = &a.object {
                        parts.push(format!("verblijfsobject {}", o.id));
                        if !o.gebruiksdoelen.is_empty() {
                            parts.push(format!("gebruiksdoel {}", o.gebruiksdoelen.join(", ")));
                        }
                        if let Some(m2) = o.oppervlakte {
                            parts.push(format!("{m2} m²"));
                        }
                    }
                    if let Some(jaar) = a.pand.as_ref().and_then(|p| p.bouwjaar) {
                        parts.push(format!("bouwjaar {jaar}"));
                    }
                    parts.join("; ")
                })
                .collect(),
            RegisterInhoud::Inschrijvingen(list) => list
                .iter()
                .map(|v| {
                    let mut parts = vec![v.naam.clone(), format!("KvK {}", v.kvk_nummer)];
                    if let Some(n) = &v.vestigingsnummer {
                        parts.push(format!("vestiging {n}"));
                    }
                    if let Some(r) = &v.rechtsvorm {
                        parts.push(r.clone());
                    }
                    if !v.sbi.is_empty() {
                        parts.push(format!("SBI {}", v.sbi.join(", ")));
                    }
                    if let Some(d) = &v.datum_einde {
                        parts.push(format!("beëindigd {d}"));
                    }
                    parts.join("; ")
                })
                .collect(),
            RegisterInhoud::Entiteiten(list) => list
                .iter()
                .map(|e| {
                    let mut parts = vec![e.caption.clone(), format!("{} {}", e.schema, e.id)];
                    if !e.topics.is_empty() {
                        parts.push(e.topics.join(", "));
                    }
                    if !e.datasets.is_empty() {
                        parts.push(format!("lijst {}", e.datasets.join(", ")));
                    }
                    parts.join("; ")
                })
                .collect(),
            RegisterInhoud::Rijen(list) => list.iter().map(|r| r.regel()).collect(),
            RegisterInhoud::Personen(list) => list
                .iter()
                .map(|p| {
                    if p.geheim {
                        // Secrecy binds what is passed on to third parties, not the
                        // municipality's own task; the team is told to handle it so.
                        return format!(
                            "{}; BSN {}; geheimhouding persoonsgegevens: niet verstrekken aan derden",
                            p.naam.as_deref().unwrap_or("(naam niet gevraagd)"),
                            p.bsn
                        );
                    }
                    let mut parts = vec![
                        p.naam.clone().unwrap_or_else(|| "(naam niet gevraagd)".into()),
                        format!("BSN {}", p.bsn),
                    ];
                    if let Some(d) = &p.geboortedatum {
                        parts.push(format!("geboren {d}"));
                    }
                    if let Some(a) = &p.verblijfplaats {
                        parts.push(format!("ingeschreven op {a}"));
                    }
                    parts.join("; ")
                })
                .collect(),
        }
    }
}

/// A postcode as people write it: `2181 XA`.
fn postcode_nl(postcode: &str) -> String {
    if postcode.len() == 6 && postcode.is_ascii() {
        format!("{} {}", &postcode[..4], &postcode[4..])
    } else {
        postcode.to_string()
    }
}

/// The subject in the dossier, or an invalid-field error naming `onderwerp`.
async fn onderwerp_in(
    tx: &mut dyn Tx,
    dossier: Uuid,
    onderwerp: &str,
) -> ServiceResult<EntiteitRecord> {
    let not_there = || {
        invalid(
            "onderwerp",
            "Kies een betrokkene of object van dit dossier.",
        )
    };
    let id = Uuid::parse_str(onderwerp.trim()).map_err(|_| not_there())?;
    tx.dossier_entiteiten(dossier)
        .await?
        .into_iter()
        .map(|(e, _)| e)
        .find(|e| e.id == id)
        .ok_or_else(not_there)
}

/// What the BAG says of the dossier's addresses whose BAG content the team asked for with a
/// justified follow-up, as (entity, facts): use purposes, surface and building year, read from
/// the register now. Addresses never consulted for content get nothing.
pub(crate) async fn bag_feiten_in(
    tx: &mut dyn ReadTx,
    (dossier_id, gemeente): (Uuid, &baken_domain::GemeenteCode),
) -> ServiceResult<Vec<(Uuid, String)>> {
    let mut ids: Vec<Uuid> = tx
        .bronraadplegingen(dossier_id)
        .await?
        .into_iter()
        .filter(|r| r.bron == "bag" && r.stap == Wijze::Inhoud)
        .filter_map(|r| r.entiteit_id)
        .collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let Some(entiteit) = tx.entiteit(id).await? else {
            continue;
        };
        let RegisterInhoud::Adressen(adressen) =
            zoek(tx, gemeente, "bag", &entiteit.entiteit).await?
        else {
            continue;
        };
        let Some(adres) = adressen.first() else {
            continue;
        };
        let mut feiten = Vec::new();
        if let Some(o) = &adres.object {
            if !o.gebruiksdoelen.is_empty() {
                feiten.push(o.gebruiksdoelen.join(", "));
            }
            if let Some(m2) = o.oppervlakte {
                feiten.push(format!("{m2} m²"));
            }
        }
        if let Some(jaar) = adres.pand.as_ref().and_then(|p| p.bouwjaar) {
            feiten.push(format!("bouwjaar {jaar}"));
        }
        if !feiten.is_empty() {
            out.push((id, feiten.join(", ")));
        }
    }
    Ok(out)
}

impl Services {
    /// Checks the consultation against the protocol (and, for a follow-up of a consultation with
    /// outcome `vervolg_van`, whether content may follow) and asks the source: a local register
    /// in the same transaction; a live source between two, so that no transaction (and no
    /// SQLite writer lock) is held while the source answers, with the protocol and the subject
    /// checked again before anything is recorded.
    async fn vraag_bron(
        &self,
        actor: &Actor,
        (dossier_id, bron, doel): (Uuid, &str, &str),
        onderwerp: &str,
        vervolg_van: Option<bool>,
    ) -> ServiceResult<Gevraagd> {
        let check = |allowed: &crate::protocol::Toegestaan| match vervolg_van {
            Some(hit) => vervolg_toegestaan(&allowed.bron, hit).map_err(ServiceError::Refused),
            None => Ok(()),
        };
        let mut tx = self.store.begin().await?;
        let allowed = self
            .allow_consultation(tx.as_mut(), actor, dossier_id, bron, doel)
            .await?;
        check(&allowed)?;
        let subject = onderwerp_in(tx.as_mut(), dossier_id, onderwerp).await?;
        if !self.live.heeft(bron) {
            let found = zoek(
                tx.as_mut(),
                &allowed.dossier.gemeente,
                bron,
                &subject.entiteit,
            )
            .await?;
            return Ok((tx, allowed, subject, found));
        }
        drop(tx);
        let found = self
            .live
            .zoek(
                allowed.dossier.gemeente.as_str(),
                bron,
                vervolg_van.is_some(),
                &subject.entiteit,
                &actor.user_id.0.to_string(),
            )
            .await?;
        let mut tx = self.store.begin().await?;
        let allowed = self
            .allow_consultation(tx.as_mut(), actor, dossier_id, bron, doel)
            .await?;
        check(&allowed)?;
        let again = onderwerp_in(tx.as_mut(), dossier_id, onderwerp).await?;
        if again.entiteit != subject.entiteit {
            return Err(ServiceError::Conflict {
                code: "onderwerp-gewijzigd",
                message: "Het onderwerp is gewijzigd terwijl de bron werd geraadpleegd: raadpleeg opnieuw.".into(),
            });
        }
        Ok((tx, allowed, again, found))
    }

    /// Consults a local register about a subject of the dossier, hit/no-hit: the answer and the
    /// journal entry say only whether the source knows the subject.
    pub async fn raadpleeg_register(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &RegisterRaadplegingInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<Raadplegingsuitkomst> {
        let mut errors = ValidationErrors::new();
        let bron = input.bron.trim();
        // The public registers, and the own registers of the caller's municipalities (what the
        // caller may know of, whatever the dossier: the answer says nothing about it).
        if bron.is_empty()
            || self
                .lokale_bronnen(&actor.gemeenten, &[bron])
                .await?
                .is_empty()
        {
            errors.add(
                "bron",
                "Kies een bron die Baken zelf kan raadplegen: bag, kvk, sancties, een eigen register van de gemeente of een live ingestelde bron.",
            );
        }
        if input.doel.trim().is_empty() {
            errors.add("doel", "Geef het doel van de raadpleging.");
        }
        if input.onderwerp.trim().is_empty() {
            errors.add(
                "onderwerp",
                "Kies een betrokkene of object van dit dossier.",
            );
        }
        errors.into_result()?;
        let (mut tx, allowed, onderwerp, inhoud) = self
            .vraag_bron(
                actor,
                (dossier_id, bron, &input.doel),
                &input.onderwerp,
                None,
            )
            .await?;
        let hit = inhoud.is_hit();
        let tekst = match (allowed.bron.wijze, hit) {
            // Referral only: the team learns that the source knows the subject and whom to ask.
            (Wijze::Verwijzing, true) => format!(
                "Raadpleging {} (alleen verwijzing) over {}: verwijzing; de inhoud blijft bij de bron, het team kan terecht bij {}.",
                allowed.bron.naam,
                onderwerp.entiteit.weergave(),
                allowed
                    .bron
                    .contact
                    .as_deref()
                    .unwrap_or("de houder van de bron")
            ),
            (Wijze::Verwijzing, false) => format!(
                "Raadpleging {} (alleen verwijzing) over {}: geen verwijzing.",
                allowed.bron.naam,
                onderwerp.entiteit.weergave(),
            ),
            _ => format!(
                "Raadpleging {} (hit/no-hit) over {}: {}.",
                allowed.bron.naam,
                onderwerp.entiteit.weergave(),
                if hit { "hit" } else { "no-hit" }
            ),
        };
        let journaal_id = self
            .record_consultation(
                tx.as_mut(),
                actor,
                &allowed,
                (&input.doel, tekst),
                Some(&onderwerp),
                ctx,
            )
            .await?;
        let record = BronraadplegingRecord {
            id: Uuid::new_v4(),
            dossier_id,
            entiteit_id: Some(onderwerp.id),
            bron: allowed.bron.code.clone(),
            doel: input.doel.trim().to_string(),
            stap: Wijze::HitNoHit,
            hit,
            journaal_id,
            vervolg_op: None,
            door: actor.user_id,
            op: self.clock.now(),
        };
        tx.insert_bronraadpleging(&record).await?;
        tx.commit().await?;
        let verwijzing = (allowed.bron.wijze == Wijze::Verwijzing && hit)
            .then(|| allowed.bron.contact.clone())
            .flatten();
        Ok(Raadplegingsuitkomst {
            raadpleging: record,
            bron_naam: allowed.bron.naam.clone(),
            wijze: allowed.bron.wijze,
            inhoud: None,
            verwijzing,
        })
    }

    /// The justified follow-up of a hit: the register's content about the subject, where the
    /// protocol lets the source be consulted for content. The journal entry records the reason
    /// and what was taken over, with the source.
    pub async fn raadpleeg_register_inhoud(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        raadpleging: Uuid,
        toelichting: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<Raadplegingsuitkomst> {
        let toelichting = toelichting.trim();
        if toelichting.is_empty() {
            return Err(invalid(
                "toelichting",
                "Leg vast waarom de inhoud nodig is voor het doel van de raadpleging.",
            ));
        }
        if toelichting.chars().count() > MAX_TOELICHTING {
            return Err(invalid(
                "toelichting",
                format!("Hoogstens {MAX_TOELICHTING} tekens."),
            ));
        }
        // Another dossier's consultation does not exist here (and the dossier's visibility is
        // checked below, before anything of the consultation is used).
        let eerste = self
            .store
            .begin_read()
            .await?
            .bronraadpleging(raadpleging)
            .await?
            .filter(|r| r.dossier_id == dossier_id && r.stap == Wijze::HitNoHit)
            .ok_or(ServiceError::NotFound)?;
        let doel = eerste.doel.clone();
        let entiteit_id = eerste.entiteit_id.ok_or(ServiceError::NotFound)?;
        let (mut tx, allowed, onderwerp, inhoud) = self
            .vraag_bron(
                actor,
                (dossier_id, &eerste.bron, &doel),
                &entiteit_id.to_string(),
                Some(eerste.hit),
            )
            .await?;
        let regels = inhoud.regels();
        let mut tekst = format!(
            "Raadpleging {} (inhoudelijk, na een hit) over {}.\nReden: {toelichting}\n",
            allowed.bron.naam,
            onderwerp.entiteit.weergave(),
        );
        if regels.is_empty() {
            tekst.push_str(
                "Het register kent het onderwerp inmiddels niet meer; niets overgenomen.",
            );
        } else {
            tekst.push_str("Overgenomen:");
            for regel in &regels {
                tekst.push_str("\n- ");
                tekst.push_str(regel);
            }
        }
        let journaal_id = self
            .record_consultation(
                tx.as_mut(),
                actor,
                &allowed,
                (&doel, tekst),
                Some(&onderwerp),
                ctx,
            )
            .await?;
        let record = BronraadplegingRecord {
            id: Uuid::new_v4(),
            dossier_id,
            entiteit_id: Some(onderwerp.id),
            bron: eerste.bron.clone(),
            doel,
            stap: Wijze::Inhoud,
            hit: inhoud.is_hit(),
            journaal_id,
            vervolg_op: Some(eerste.id),
            door: actor.user_id,
            op: self.clock.now(),
        };
        tx.insert_bronraadpleging(&record).await?;
        tx.commit().await?;
        Ok(Raadplegingsuitkomst {
            raadpleging: record,
            bron_naam: allowed.bron.naam.clone(),
            wijze: allowed.bron.wijze,
            inhoud: Some(inhoud),
            verwijzing: None,
        })
    }

    /// A dossier's consultations, newest first, for a viewer with full access (else the dossier
    /// does not exist); in the access log. What a consultation found is in its journal entry, not
    /// here.
    pub async fn bronraadplegingen(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<BronraadplegingRecord>> {
        let mut tx = self.store.begin_read().await?;
        Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        let records = tx.bronraadplegingen(dossier_id).await?;
        drop(tx);
        // Which subjects were looked up where is itself about them: the list is in the access log.
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = records
            .iter()
            .map(|r| ("bronraadpleging", r.id, Some(dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(records)
    }

    /// One consultation of the dossier for its page (the viewer sees the dossier in full, else
    /// neither exists). The subject shown is in the access log.
    pub async fn bronraadpleging_weergave(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        raadpleging: Uuid,
        context: &str,
    ) -> ServiceResult<RaadplegingWeergave> {
        let mut tx = self.store.begin_read().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        let all = tx.bronraadplegingen(dossier_id).await?;
        let record = all
            .iter()
            .find(|r| r.id == raadpleging)
            .cloned()
            .ok_or(ServiceError::NotFound)?;
        let vervolgen = all
            .iter()
            .filter(|r| r.vervolg_op == Some(record.id))
            .cloned()
            .collect();
        let onderwerp = match record.entiteit_id {
            Some(e) => tx.entiteit(e).await?,
            None => None,
        };
        let (protocol, _, _) = self
            .protocol_in_force(tx.as_mut(), &dossier.gemeente)
            .await?;
        let (bron_naam, wijze, contact) = protocol
            .bron(&record.bron)
            .map_or((record.bron.clone(), record.stap, None), |b| {
                (b.naam.clone(), b.wijze, b.contact.clone())
            });
        drop(tx);
        if let Some(e) = &onderwerp {
            self.log_access(actor, &[("entiteit", e.id, Some(dossier_id))], context)
                .await?;
        }
        Ok(RaadplegingWeergave {
            raadpleging: record,
            bron_naam,
            wijze,
            onderwerp: onderwerp.map(|e| e.entiteit.weergave()),
            vervolgen,
            contact,
        })
    }

    /// The subjects and objects of the dossier a local register can be consulted about, as
    /// (id, how people read it), for the consultation form; in the access log.
    pub async fn raadpleegbare_onderwerpen(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<(Uuid, String)>> {
        let mut tx = self.store.begin_read().await?;
        Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        let onderwerpen: Vec<(Uuid, String)> = tx
            .dossier_entiteiten(dossier_id)
            .await?
            .into_iter()
            .filter(|(e, _)| {
                matches!(
                    e.entiteit,
                    Entiteit::Persoon { .. }
                        | Entiteit::Organisatie { .. }
                        | Entiteit::Adres { .. }
                )
            })
            .map(|(e, _)| (e.id, e.entiteit.weergave()))
            .collect();
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = onderwerpen
            .iter()
            .map(|(id, _)| ("entiteit", *id, Some(dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(onderwerpen)
    }

    /// Of `codes`, the sources Baken can consult itself for a municipality's dossiers: the
    /// public registers and the municipality's own registers (one indexed probe each, not a
    /// count). Names no one: not logged.
    pub async fn lokale_bronnen(
        &self,
        gemeenten: &[baken_domain::GemeenteCode],
        codes: &[&str],
    ) -> ServiceResult<Vec<String>> {
        let mut tx = self.store.begin_read().await?;
        let mut out = Vec::new();
        for code in codes {
            if LOKALE_BRONNEN.contains(code) || self.live.heeft(code) {
                out.push(code.to_string());
                continue;
            }
            for gemeente in gemeenten {
                if !tx.eigen_ids(gemeente, code, None, 1).await?.is_empty() {
                    out.push(code.to_string());
                    break;
                }
            }
        }
        Ok(out)
    }

    /// The source catalogue of the protocol in force for a municipality (by default the actor's
    /// first), with the size of each local register: what the team can consult, and how.
    pub async fn bronnen(
        &self,
        actor: &Actor,
        gemeente: Option<&str>,
    ) -> ServiceResult<(baken_domain::GemeenteCode, Vec<BronStand>)> {
        let view = self.protocol_of(actor, gemeente).await?;
        let mut tx = self.store.begin_read().await?;
        let eigen = tx.eigen_bronnen(&view.gemeente).await?;
        let mut out = Vec::new();
        for definitie in &view.protocol.document.bronnen {
            if let Some((_, n)) = eigen.iter().find(|(c, _)| *c == definitie.code) {
                out.push(BronStand {
                    definitie: definitie.clone(),
                    register: Some(vec![(baken_store::RegisterSoort::EigenRij, *n)]),
                    live: false,
                });
                continue;
            }
            let register = match definitie.code.as_str() {
                "bag" => Some(
                    baken_store::RegisterSoort::ALLE
                        .into_iter()
                        .filter(|s| s.register() == baken_store::Register::Bag)
                        .collect::<Vec<_>>(),
                ),
                "kvk" => Some(vec![baken_store::RegisterSoort::KvkVestiging]),
                "sancties" => Some(vec![baken_store::RegisterSoort::SanctieEntiteit]),
                _ => None,
            };
            let register = match register {
                Some(soorten) => {
                    let mut counts = Vec::new();
                    for soort in soorten {
                        counts.push((soort, tx.register_aantal(soort).await?));
                    }
                    Some(counts)
                }
                None => None,
            };
            out.push(BronStand {
                live: self.live.heeft(&definitie.code),
                definitie: definitie.clone(),
                register,
            });
        }
        Ok((view.gemeente, out))
    }
}
