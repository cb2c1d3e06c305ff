//! BAG Individuele Bevragingen v2 (Kadaster): an exact address with its object and building,
//! from `GET /adressenuitgebreid` (`postcode`, `huisnummer`, `huisletter`,
//! `huisnummertoevoeging`, `exacteMatch=true`). The key goes in `X-Api-Key`, the answer is
//! `application/hal+json` with the addresses under `_embedded.adressen`, coordinates in RD
//! (`Accept-Crs: epsg:28992`).

use super::{BronConfig, BronFout, HttpBron, Methode, niet_leeg, tekst};
use baken_domain::bag::{Adresseerbaar, Nummeraanduiding, Pand, Soort};
use serde_json::Value;

/// One address as the BAG gives it, with its addressable object and first building.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveAdres {
    pub nummeraanduiding: Nummeraanduiding,
    pub straat: String,
    pub woonplaats: String,
    pub object: Option<Adresseerbaar>,
    pub pand: Option<Pand>,
}

/// The BAG API.
#[derive(Debug)]
pub struct BagLive(HttpBron);

impl BagLive {
    pub fn new(config: BronConfig) -> Result<Self, BronFout> {
        HttpBron::new("De BAG (Kadaster)", config).map(Self)
    }

    /// The current addresses at exactly this postcode, number, letter and addition (`""`: none).
    pub async fn adressen(
        &self,
        postcode: &str,
        huisnummer: u32,
        huisletter: &str,
        toevoeging: &str,
    ) -> Result<Vec<LiveAdres>, BronFout> {
        let mut query = vec![
            ("postcode", postcode.to_string()),
            ("huisnummer", huisnummer.to_string()),
            ("exacteMatch", "true".to_string()),
        ];
        if !huisletter.is_empty() {
            query.push(("huisletter", huisletter.to_string()));
        }
        if !toevoeging.is_empty() {
            query.push(("huisnummertoevoeging", toevoeging.to_string()));
        }
        let url = self.0.url(&["adressenuitgebreid"], &query);
        let mut headers = vec![
            ("accept", "application/hal+json".to_string()),
            ("accept-crs", "epsg:28992".to_string()),
        ];
        if !self.0.config().api_sleutel.is_empty() {
            headers.push(("x-api-key", self.0.config().api_sleutel.clone()));
        }
        let antwoord = self.0.vraag(Methode::Get, url, &headers, None).await?;
        if antwoord.status == 404 {
            return Ok(Vec::new());
        }
        let json = antwoord.json(self.0.naam())?;
        let lijst = match json.pointer("/_embedded/adressen") {
            None => return Ok(Vec::new()),
            Some(Value::Array(a)) => a,
            Some(_) => return Err(self.0.onleesbaar("_embedded.adressen is geen lijst")),
        };
        lijst
            .iter()
            .map(|a| adres(a).map_err(|r| self.0.onleesbaar(r)))
            .collect()
    }
}

fn adres(a: &Value) -> Result<LiveAdres, String> {
    let s = |k: &str| tekst(a.get(k));
    let id = s("nummeraanduidingIdentificatie");
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err("nummeraanduidingIdentificatie ontbreekt of heeft geen 16 cijfers".into());
    }
    let huisnummer: u32 = s("huisnummer")
        .parse()
        .map_err(|_| "huisnummer ontbreekt of is geen getal".to_string())?;
    let object_id = s("adresseerbaarObjectIdentificatie");
    let panden: Vec<String> = lijst(a.get("pandIdentificaties"));
    let object = niet_leeg(object_id).map(|oid| {
        let soort = match s("typeAdresseerbaarObject").to_lowercase().as_str() {
            "ligplaats" => Soort::Ligplaats,
            "standplaats" => Soort::Standplaats,
            _ => Soort::Verblijfsobject,
        };
        let punt = a
            .pointer("/adresseerbaarObjectGeometrie/punt/coordinates")
            .and_then(Value::as_array)
            .and_then(|c| Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?)));
        Adresseerbaar {
            id: oid,
            soort,
            hoofdadres: id.clone(),
            nevenadressen: Vec::new(),
            gebruiksdoelen: lijst(a.get("gebruiksdoelen")),
            oppervlakte: s("oppervlakte").parse().ok(),
            punt,
            panden: panden.clone(),
            status: s("adresseerbaarObjectStatus"),
        }
    });
    let pand = panden.first().map(|p| Pand {
        id: p.clone(),
        bouwjaar: lijst(a.get("oorspronkelijkBouwjaar"))
            .first()
            .and_then(|j| j.parse().ok()),
        status: String::new(),
    });
    Ok(LiveAdres {
        nummeraanduiding: Nummeraanduiding {
            id,
            postcode: niet_leeg(s("postcode")),
            huisnummer,
            huisletter: niet_leeg(s("huisletter")),
            toevoeging: niet_leeg(s("huisnummertoevoeging")),
            openbare_ruimte: s("openbareRuimteIdentificatie"),
            woonplaats: niet_leeg(s("woonplaatsIdentificatie")),
            status: "Naamgeving uitgegeven".into(),
        },
        straat: s("openbareRuimteNaam"),
        woonplaats: s("woonplaatsNaam"),
        object,
        pand,
    })
}

/// A JSON list of strings or numbers as texts.
pub(crate) fn lijst(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| tekst(Some(x)))
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default()
}
