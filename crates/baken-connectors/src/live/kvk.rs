//! The KvK Handelsregister APIs: Zoeken v2 (`GET /api/v2/zoeken`, by KvK number or by address),
//! Basisprofiel (`GET /api/v1/basisprofielen/{kvkNummer}`) and Vestigingsprofiel
//! (`GET /api/v1/vestigingsprofielen/{vestigingsnummer}`), with `geoData=true` for the BAG ids.
//! The key goes in the `apikey` header; errors are `{"fout": [{code, omschrijving}]}`, and a
//! search that finds nothing may answer 404 with such a body.

use super::{BronConfig, BronFout, HttpBron, Methode, niet_leeg, tekst};
use baken_domain::kvk::{KvkAdres, KvkVestiging};
use serde_json::Value;

/// What to search the trade register for.
#[derive(Debug, Clone, Copy)]
pub enum KvkVraag<'a> {
    Nummer(&'a str),
    /// Postcode (`1234AB`) and house number (with letter, `""` for none).
    Adres(&'a str, u32, &'a str),
}

/// The KvK APIs, under one base URL (`https://api.kvk.nl`, or `https://api.kvk.nl/test`).
#[derive(Debug)]
pub struct KvkLive(HttpBron);

impl KvkLive {
    pub fn new(config: BronConfig) -> Result<Self, BronFout> {
        HttpBron::new("Het Handelsregister (KvK)", config).map(Self)
    }

    fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![("accept", "application/json".to_string())];
        if !self.0.config().api_sleutel.is_empty() {
            headers.push(("apikey", self.0.config().api_sleutel.clone()));
        }
        headers
    }

    async fn get(&self, pad: &[&str], query: &[(&str, String)]) -> Result<Option<Value>, BronFout> {
        let url = self.0.url(pad, query);
        let antwoord = self
            .0
            .vraag(Methode::Get, url, &self.headers(), None)
            .await?;
        if antwoord.status == 404 {
            return Ok(None);
        }
        antwoord.json(self.0.naam()).map(Some)
    }

    /// Zoeken: the registrations found (at most 100, the first page), inactive ones left out.
    pub async fn zoeken(&self, vraag: KvkVraag<'_>) -> Result<Vec<KvkVestiging>, BronFout> {
        let mut query = vec![("resultatenPerPagina", "100".to_string())];
        match vraag {
            KvkVraag::Nummer(n) => query.push(("kvkNummer", n.to_string())),
            KvkVraag::Adres(postcode, huisnummer, huisletter) => {
                query.push(("postcode", postcode.to_string()));
                query.push(("huisnummer", huisnummer.to_string()));
                if !huisletter.is_empty() {
                    query.push(("huisletter", huisletter.to_string()));
                }
            }
        }
        let Some(json) = self.get(&["api", "v2", "zoeken"], &query).await? else {
            return Ok(Vec::new());
        };
        let resultaten = match json.get("resultaten") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(r)) => r,
            Some(_) => return Err(self.0.onleesbaar("resultaten is geen lijst")),
        };
        resultaten
            .iter()
            .filter(|r| tekst(r.get("actief")) != "Nee")
            .map(|r| resultaat(r).map_err(|e| self.0.onleesbaar(e)))
            .collect()
    }

    /// The Basisprofiel of a KvK number: its main establishment (or the legal person).
    pub async fn basisprofiel(&self, kvk_nummer: &str) -> Result<Option<KvkVestiging>, BronFout> {
        self.profiel(&["api", "v1", "basisprofielen", kvk_nummer])
            .await
    }

    /// The Vestigingsprofiel of an establishment.
    pub async fn vestigingsprofiel(
        &self,
        vestigingsnummer: &str,
    ) -> Result<Option<KvkVestiging>, BronFout> {
        self.profiel(&["api", "v1", "vestigingsprofielen", vestigingsnummer])
            .await
    }

    /// A profile with its BAG ids (`geoData=true`), read as the bulk import reads a saved one.
    async fn profiel(&self, pad: &[&str]) -> Result<Option<KvkVestiging>, BronFout> {
        let Some(json) = self.get(pad, &[("geoData", "true".to_string())]).await? else {
            return Ok(None);
        };
        crate::kvk::uit_antwoord(&json)
            .map(Some)
            .map_err(|e| self.0.onleesbaar(e))
    }
}

fn resultaat(r: &Value) -> Result<KvkVestiging, String> {
    let kvk = tekst(r.get("kvkNummer"));
    if kvk.len() != 8 || !kvk.bytes().all(|b| b.is_ascii_digit()) {
        return Err("kvkNummer ontbreekt of heeft geen 8 cijfers".into());
    }
    let adres = r.pointer("/adres/binnenlandsAdres");
    let a = |k: &str| niet_leeg(tekst(adres.and_then(|a| a.get(k))));
    Ok(KvkVestiging {
        kvk_nummer: kvk,
        vestigingsnummer: niet_leeg(tekst(r.get("vestigingsnummer"))),
        naam: tekst(r.get("naam")),
        handelsnamen: Vec::new(),
        rechtsvorm: None,
        hoofdvestiging: tekst(r.get("type")) == "hoofdvestiging",
        adres: KvkAdres {
            straatnaam: a("straatnaam"),
            huisnummer: a("huisnummer").and_then(|n| n.parse().ok()),
            huisletter: a("huisletter").map(|l| l.to_uppercase()),
            toevoeging: None,
            postcode: a("postcode").map(|p| p.replace(' ', "").to_uppercase()),
            plaats: a("plaats"),
        },
        sbi: Vec::new(),
        datum_aanvang: None,
        datum_einde: None,
        nummeraanduiding: None,
    })
}
