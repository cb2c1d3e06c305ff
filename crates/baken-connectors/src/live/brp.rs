//! BRP API Personen v2 (Haal Centraal, RvIG): one `POST /personen` whose body names the question
//! (`type`) and the fields asked (`fields`), so that no personal data is in a URL. Baken asks
//! only the fields its purpose needs: for hit/no-hit the number alone, for content the name,
//! birth date and address. The municipal gateway's purpose-binding headers (`x-doelbinding`,
//! `x-verwerking`, `x-gebruiker`, `x-origin-oin`) come from configuration and the user.

use super::{BronConfig, BronFout, HttpBron, Methode, niet_leeg, tekst};
use serde_json::{Value, json};

/// What hit/no-hit asks: only whether the person or an inhabitant exists.
pub const VELDEN_HIT: &[&str] = &["burgerservicenummer"];
/// What a justified follow-up asks of a person.
pub const VELDEN_INHOUD: &[&str] = &[
    "burgerservicenummer",
    "naam.volledigeNaam",
    "geboorte.datum",
    "verblijfplaats",
];
/// What a follow-up asks of the inhabitants of an address (search results are `PersoonBeperkt`).
pub const VELDEN_BEWONERS: &[&str] = &[
    "burgerservicenummer",
    "naam.volledigeNaam",
    "geboorte.datum",
];

/// A person as the BRP gave the asked fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrpPersoon {
    pub bsn: String,
    pub naam: Option<String>,
    /// As the BRP writes it in full (`langFormaat`, "26 mei 1983"), or the ISO date.
    pub geboortedatum: Option<String>,
    /// The address of residence on one line, when asked and domestic.
    pub verblijfplaats: Option<String>,
    /// The BAG nummeraanduiding of the address of residence.
    pub nummeraanduiding: Option<String>,
    /// The person's data are under secrecy (`geheimhoudingPersoonsgegevens`).
    pub geheim: bool,
}

/// Who asks, for the gateway's protocol: the user's id (not a name).
#[derive(Debug, Clone)]
pub struct BrpGebruiker(pub String);

/// The BRP API.
#[derive(Debug)]
pub struct BrpLive(HttpBron);

impl BrpLive {
    pub fn new(config: BronConfig) -> Result<Self, BronFout> {
        HttpBron::new("De BRP", config).map(Self)
    }

    /// `RaadpleegMetBurgerservicenummer` for one number.
    pub async fn raadpleeg(
        &self,
        bsn: &str,
        velden: &[&str],
        gebruiker: &BrpGebruiker,
    ) -> Result<Vec<BrpPersoon>, BronFout> {
        self.personen(
            json!({
                "type": "RaadpleegMetBurgerservicenummer",
                "burgerservicenummer": [bsn],
                "fields": velden,
            }),
            gebruiker,
        )
        .await
    }

    /// `ZoekMetPostcodeEnHuisnummer`: the living persons registered at the address.
    pub async fn bewoners(
        &self,
        (postcode, huisnummer, huisletter, toevoeging): (&str, u32, &str, &str),
        velden: &[&str],
        gebruiker: &BrpGebruiker,
    ) -> Result<Vec<BrpPersoon>, BronFout> {
        let mut body = json!({
            "type": "ZoekMetPostcodeEnHuisnummer",
            "postcode": postcode,
            "huisnummer": huisnummer,
            "fields": velden,
        });
        if !huisletter.is_empty() {
            body["huisletter"] = json!(huisletter);
        }
        if !toevoeging.is_empty() {
            body["huisnummertoevoeging"] = json!(toevoeging);
        }
        self.personen(body, gebruiker).await
    }

    async fn personen(
        &self,
        body: Value,
        gebruiker: &BrpGebruiker,
    ) -> Result<Vec<BrpPersoon>, BronFout> {
        let c = self.0.config();
        // The gateways cut header values at 242 characters.
        let kop = |v: &str| v.chars().take(242).collect::<String>();
        let mut headers = vec![
            ("accept", "application/json".to_string()),
            ("x-doelbinding", kop(&c.doelbinding)),
            ("x-verwerking", kop(&c.verwerking)),
            ("x-gebruiker", kop(&gebruiker.0)),
            ("x-origin-oin", kop(&c.oin)),
        ];
        headers.retain(|(_, v)| !v.is_empty());
        if !c.api_sleutel.is_empty() {
            headers.push(("x-api-key", c.api_sleutel.clone()));
        }
        let url = self.0.url(&["personen"], &[]);
        let antwoord = self
            .0
            .vraag(Methode::Post, url, &headers, Some(&body))
            .await?;
        if antwoord.status == 404 {
            return Err(BronFout::Configuratie {
                bron: self.0.naam().into(),
                reden: "de basis_url wijst niet naar de BRP API Personen (404 op /personen)".into(),
            });
        }
        let json = antwoord.json(self.0.naam())?;
        let Some(Value::Array(personen)) = json.get("personen") else {
            return Err(self.0.onleesbaar("personen ontbreekt"));
        };
        personen
            .iter()
            .map(|p| persoon(p).map_err(|r| self.0.onleesbaar(r)))
            .collect()
    }
}

fn persoon(p: &Value) -> Result<BrpPersoon, String> {
    let bsn = tekst(p.get("burgerservicenummer"));
    if bsn.len() != 9 || !bsn.bytes().all(|b| b.is_ascii_digit()) {
        return Err("burgerservicenummer ontbreekt of heeft geen 9 cijfers".into());
    }
    let datum = p.pointer("/geboorte/datum");
    let geboortedatum = niet_leeg(tekst(datum.and_then(|d| d.get("langFormaat"))))
        .or_else(|| niet_leeg(tekst(datum.and_then(|d| d.get("datum")))));
    let verblijf = p.get("verblijfplaats");
    let adres = verblijf.and_then(|v| v.get("verblijfadres"));
    let verblijfplaats = adres.map(|a| {
        let s = |k: &str| tekst(a.get(k));
        let nummer = [s("huisnummer"), s("huisletter")].concat();
        let toevoeging = s("huisnummertoevoeging");
        let straat = niet_leeg(s("officieleStraatnaam")).unwrap_or_else(|| s("korteStraatnaam"));
        let mut regel = format!("{straat} {nummer}");
        if !toevoeging.is_empty() {
            regel.push('-');
            regel.push_str(&toevoeging);
        }
        format!("{regel}, {} {}", s("postcode"), s("woonplaats"))
            .trim()
            .to_string()
    });
    let geheim = match p.get("geheimhoudingPersoonsgegevens") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0) > 0,
        _ => false,
    };
    Ok(BrpPersoon {
        bsn,
        naam: niet_leeg(tekst(p.pointer("/naam/volledigeNaam"))),
        geboortedatum,
        verblijfplaats,
        nummeraanduiding: niet_leeg(tekst(
            verblijf.and_then(|v| v.get("nummeraanduidingIdentificatie")),
        )),
        geheim,
    })
}
