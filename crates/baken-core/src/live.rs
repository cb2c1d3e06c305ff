//! The live sources behind the consultations: the BAG, the trade register, the BRP and a
//! screening service asked over their APIs, where `bronnen_live` configures them (the source's
//! code in the protocol → how to reach it). A source configured live is asked live; the others
//! are read from Baken's local registers.
//!
//! A live source is never asked inside a database transaction: the consultation checks the
//! protocol first, asks the source, and checks again when it records. Answers are kept for the
//! source's `cache_seconden`, per municipality, question and step (hit/no-hit asks fewer fields
//! than content), in this process's memory only. A source that is slow, down or refuses gives a
//! Dutch message naming the source, never the subject, and changes nothing in the dossier.

use crate::error::{ServiceError, ServiceResult};
use crate::raadplegingen::RegisterInhoud;
use baken_connectors::live::bag::BagLive;
use baken_connectors::live::brp::{
    BrpGebruiker, BrpLive, VELDEN_BEWONERS, VELDEN_HIT, VELDEN_INHOUD,
};
use baken_connectors::live::kvk::{KvkLive, KvkVraag};
use baken_connectors::live::yente::{YenteLive, YenteVraag};
use baken_connectors::live::{BronConfig, BronFout};
use baken_domain::ValidationErrors;
use baken_domain::entiteit::Entiteit;
use baken_store::BagAdresRecord;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most answers kept at once; beyond it, the expired ones go, and if none has, all.
const CACHE_MAX: usize = 4096;

#[derive(Debug)]
enum Client {
    Bag(BagLive),
    Kvk(KvkLive),
    Brp(BrpLive),
    Yente(YenteLive),
}

#[derive(Debug)]
struct Bron {
    /// The client, or why it could not be set up (shown when the source is consulted).
    client: Result<Client, BronFout>,
    cache: Duration,
}

/// (municipality, source, content or hit/no-hit, the question).
type Sleutel = (String, String, bool, String);

/// The configured live sources and their answers of the last minutes.
#[derive(Debug, Default)]
pub(crate) struct LiveBronnen {
    bronnen: BTreeMap<String, Bron>,
    cache: Mutex<HashMap<Sleutel, (Instant, RegisterInhoud)>>,
}

fn invalid(reason: &str) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add("onderwerp", reason);
    ServiceError::Invalid(errors)
}

/// A source's failure for the caller: 503, with a code per kind and the Dutch message.
pub(crate) fn onbeschikbaar(fout: BronFout) -> ServiceError {
    let code = match &fout {
        BronFout::Configuratie { .. } => "bron-niet-ingesteld",
        BronFout::Tijd { .. } => "bron-te-traag",
        BronFout::Onbereikbaar { .. } => "bron-onbereikbaar",
        BronFout::Storing { .. } => "bron-storing",
        BronFout::TeGroot { .. } => "bron-antwoord-te-groot",
        BronFout::Geweigerd { .. } => "bron-weigert-toegang",
        BronFout::TeVeel { .. } => "bron-te-veel-raadplegingen",
        BronFout::Omleiding { .. } => "bron-omleiding",
        BronFout::Vraag { .. } => "bron-weigert-vraag",
        BronFout::Onleesbaar { .. } => "bron-antwoord-onleesbaar",
    };
    ServiceError::Unavailable {
        code,
        message: fout.to_string(),
    }
}

/// An address as (postcode, number, letter, addition), `""` for none.
fn adres(e: &Entiteit) -> Option<(String, u32, String, String)> {
    match e {
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
    }
}

impl LiveBronnen {
    pub(crate) fn new(config: &BTreeMap<String, BronConfig>) -> Self {
        let mut bronnen = BTreeMap::new();
        for (code, c) in config {
            let client = match code.as_str() {
                "bag" => BagLive::new(c.clone()).map(Client::Bag),
                "kvk" => KvkLive::new(c.clone()).map(Client::Kvk),
                "brp" => BrpLive::new(c.clone()).map(Client::Brp),
                "sancties" => YenteLive::new(c.clone()).map(Client::Yente),
                other => {
                    tracing::warn!(
                        bron = other,
                        "bronnen_live: Baken kan deze bron niet live raadplegen; genegeerd"
                    );
                    continue;
                }
            };
            if let Err(fout) = &client {
                tracing::warn!(bron = %code, fout = %fout, "bronnen_live: bron niet ingesteld");
            }
            bronnen.insert(
                code.clone(),
                Bron {
                    client,
                    cache: Duration::from_secs(c.cache_seconden),
                },
            );
        }
        Self {
            bronnen,
            cache: Mutex::default(),
        }
    }

    /// Whether the source is asked live.
    pub(crate) fn heeft(&self, bron: &str) -> bool {
        self.bronnen.contains_key(bron)
    }

    /// Asks the source about the subject: for hit/no-hit (`inhoud` false) only what tells
    /// whether it knows the subject, for content what the follow-up takes over. `gebruiker`
    /// is who asks (the user's id, for the BRP gateway's protocol).
    pub(crate) async fn zoek(
        &self,
        gemeente: &str,
        bron: &str,
        inhoud: bool,
        onderwerp: &Entiteit,
        gebruiker: &str,
    ) -> ServiceResult<RegisterInhoud> {
        let Some(b) = self.bronnen.get(bron) else {
            return Err(ServiceError::Internal(format!(
                "{bron} is not a live source"
            )));
        };
        let client = b.client.as_ref().map_err(|f| onbeschikbaar(f.clone()))?;
        let vraag = vraag(client, onderwerp)?;
        let sleutel = (
            gemeente.to_string(),
            bron.to_string(),
            inhoud,
            vraag.clone(),
        );
        if !b.cache.is_zero()
            && let Some((op, antwoord)) = self.cache.lock().expect("cache").get(&sleutel)
            && op.elapsed() < b.cache
        {
            return Ok(antwoord.clone());
        }
        let antwoord = ask(client, onderwerp, inhoud, gebruiker)
            .await
            .map_err(onbeschikbaar)?;
        if !b.cache.is_zero() {
            let mut cache = self.cache.lock().expect("cache");
            if cache.len() >= CACHE_MAX {
                let levensduur: BTreeMap<&str, Duration> = self
                    .bronnen
                    .iter()
                    .map(|(c, b)| (c.as_str(), b.cache))
                    .collect();
                cache.retain(|(_, bron, _, _), (op, _)| {
                    levensduur
                        .get(bron.as_str())
                        .is_some_and(|d| op.elapsed() < *d)
                });
                if cache.len() >= CACHE_MAX {
                    cache.clear();
                }
            }
            cache.insert(sleutel, (Instant::now(), antwoord.clone()));
        }
        Ok(antwoord)
    }
}

/// The question as a key: the subject's identifier or address, or an invalid subject.
fn vraag(client: &Client, onderwerp: &Entiteit) -> ServiceResult<String> {
    let adres_sleutel =
        |e: &Entiteit| adres(e).map(|(p, n, l, t)| format!("adres:{p}|{n}|{l}|{t}"));
    match client {
        Client::Bag(_) => adres_sleutel(onderwerp)
            .ok_or_else(|| invalid("In de BAG staan adressen: kies een adres.")),
        Client::Brp(_) => match onderwerp {
            Entiteit::Persoon { bsn: Some(bsn), .. } => Ok(format!("bsn:{}", bsn.as_str())),
            Entiteit::Persoon { .. } => Err(invalid(
                "De BRP wordt geraadpleegd op burgerservicenummer: vul het BSN van deze persoon aan, of raadpleeg de BRP op het adres.",
            )),
            other => adres_sleutel(other).ok_or_else(|| {
                invalid("In de BRP staan personen en hun adressen: kies een persoon of een adres.")
            }),
        },
        Client::Kvk(_) => match onderwerp {
            Entiteit::Organisatie {
                kvk_nummer: Some(kvk),
                vestigingsnummer,
                ..
            } => Ok(format!(
                "kvk:{}|{}",
                kvk.as_str(),
                vestigingsnummer.as_ref().map(|v| v.as_str()).unwrap_or("")
            )),
            Entiteit::Organisatie { .. } => Err(invalid(
                "Deze organisatie heeft geen KvK-nummer: vul het aan, of raadpleeg het register op het adres.",
            )),
            other => adres_sleutel(other).ok_or_else(|| {
                invalid(
                    "In het Handelsregister staan organisaties en adressen: kies een organisatie of een adres.",
                )
            }),
        },
        Client::Yente(_) => match onderwerp {
            Entiteit::Persoon { geboortedatum, .. } => Ok(format!(
                "persoon:{}|{}",
                onderwerp.naam(),
                geboortedatum.map(|d| d.to_string()).unwrap_or_default()
            )),
            Entiteit::Organisatie { kvk_nummer, .. } => Ok(format!(
                "organisatie:{}|{}",
                onderwerp.naam(),
                kvk_nummer.as_ref().map(|k| k.as_str()).unwrap_or("")
            )),
            _ => Err(invalid(
                "Op sanctie- en PEP-lijsten staan personen en organisaties: kies een persoon of een organisatie.",
            )),
        },
    }
}

async fn ask(
    client: &Client,
    onderwerp: &Entiteit,
    inhoud: bool,
    gebruiker: &str,
) -> Result<RegisterInhoud, BronFout> {
    let gebruiker = BrpGebruiker(gebruiker.to_string());
    let address = adres(onderwerp);
    match client {
        Client::Bag(bag) => {
            let (p, n, l, t) = address.unwrap_or_default();
            let adressen = bag.adressen(&p, n, &l, &t).await?;
            Ok(RegisterInhoud::Adressen(
                adressen
                    .into_iter()
                    .map(|a| BagAdresRecord {
                        nummeraanduiding: a.nummeraanduiding,
                        straat: Some(a.straat).filter(|s| !s.is_empty()),
                        woonplaats: Some(a.woonplaats).filter(|s| !s.is_empty()),
                        object: a.object,
                        pand: a.pand,
                    })
                    .collect(),
            ))
        }
        Client::Brp(brp) => {
            let personen = match (onderwerp, address) {
                (Entiteit::Persoon { bsn: Some(bsn), .. }, _) => {
                    let velden = if inhoud { VELDEN_INHOUD } else { VELDEN_HIT };
                    brp.raadpleeg(bsn.as_str(), velden, &gebruiker).await?
                }
                (_, Some((p, n, l, t))) => {
                    let velden = if inhoud { VELDEN_BEWONERS } else { VELDEN_HIT };
                    brp.bewoners((&p, n, &l, &t), velden, &gebruiker).await?
                }
                _ => Vec::new(),
            };
            Ok(RegisterInhoud::Personen(personen))
        }
        Client::Kvk(kvk) => {
            let found = match (onderwerp, address) {
                (
                    Entiteit::Organisatie {
                        kvk_nummer: Some(nummer),
                        vestigingsnummer,
                        ..
                    },
                    _,
                ) => {
                    // Content: the profile (legal form, activities, address); hit/no-hit: the
                    // search, which tells only whether the number is registered.
                    match (inhoud, vestigingsnummer) {
                        (true, Some(v)) => kvk
                            .vestigingsprofiel(v.as_str())
                            .await?
                            .into_iter()
                            .collect(),
                        (true, None) => kvk
                            .basisprofiel(nummer.as_str())
                            .await?
                            .into_iter()
                            .collect(),
                        (false, v) => {
                            let mut found = kvk.zoeken(KvkVraag::Nummer(nummer.as_str())).await?;
                            if let Some(v) = v {
                                found.retain(|f| f.vestigingsnummer.as_deref() == Some(v.as_str()));
                            }
                            found
                        }
                    }
                }
                (_, Some((p, n, l, _))) => kvk.zoeken(KvkVraag::Adres(&p, n, &l)).await?,
                _ => Vec::new(),
            };
            Ok(RegisterInhoud::Inschrijvingen(found))
        }
        Client::Yente(yente) => {
            let (schema, geboortedatum, registratienummer) = match onderwerp {
                Entiteit::Persoon { geboortedatum, .. } => {
                    ("Person", geboortedatum.map(|d| d.to_string()), None)
                }
                Entiteit::Organisatie { kvk_nummer, .. } => (
                    "Organization",
                    None,
                    kvk_nummer.as_ref().map(|k| k.as_str().to_string()),
                ),
                _ => ("LegalEntity", None, None),
            };
            let treffers = yente
                .match_(&YenteVraag {
                    schema,
                    naam: onderwerp.naam(),
                    geboortedatum,
                    registratienummer,
                })
                .await?;
            Ok(RegisterInhoud::Entiteiten(
                treffers.into_iter().map(|t| t.entiteit).collect(),
            ))
        }
    }
}
