//! `baken import signalen FILE`: signals from CSV or JSON, all or nothing.
//!
//! JSON: an array of signal objects exactly as the API takes them (`POST /api/v1/signalen`).
//! CSV (UTF-8, header row, comma or semicolon separated): the columns below; `fenomenen` lists values
//! separated by `|`. One person, one organisation, one address, one vehicle and one bank account per
//! row; empty cells are absent.

use baken_domain::entiteit::EntiteitInvoer;
use baken_domain::signaal::{MelderInvoer, SignaalInvoer};
use std::collections::HashMap;
use std::path::Path;

/// The CSV columns this importer understands.
pub const CSV_COLUMNS: &[&str] = &[
    "gemeente",
    "ontvangstdatum",
    "waargenomenOp",
    "bron",
    "politieStuk",
    "omschrijving",
    "fenomenen",
    "indicatoren",
    "bronBetrouwbaarheid",
    "informatieBetrouwbaarheid",
    "toegewezenAan",
    "melderNaam",
    "melderContact",
    "melderAnoniem",
    "persoonBsn",
    "persoonVoornamen",
    "persoonVoorvoegsel",
    "persoonAchternaam",
    "persoonGeboortedatum",
    "persoonRol",
    "organisatieNaam",
    "organisatieKvkNummer",
    "adresPostcode",
    "adresHuisnummer",
    "adresHuisletter",
    "adresHuisnummertoevoeging",
    "adresStraat",
    "adresWoonplaats",
    "kenteken",
    "iban",
];

pub fn read(path: &Path) -> anyhow::Result<Vec<SignaalInvoer>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("{} lezen: {e}", path.display()))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('[');
    if is_json {
        return serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{} is geen geldige JSON-lijst van signalen: {e}",
                path.display()
            )
        });
    }
    let delimiter = if text
        .lines()
        .next()
        .is_some_and(|h| h.matches(';').count() > h.matches(',').count())
    {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let unknown: Vec<&String> = headers
        .iter()
        .filter(|h| !CSV_COLUMNS.contains(&h.as_str()))
        .collect();
    if !unknown.is_empty() {
        anyhow::bail!(
            "onbekende kolommen: {}. Bekende kolommen: {}",
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            CSV_COLUMNS.join(", ")
        );
    }
    let mut signals = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| anyhow::anyhow!("rij {}: {e}", index + 1))?;
        let row: HashMap<&str, &str> = headers
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .filter(|(_, v)| !v.is_empty())
            .collect();
        signals.push(from_row(&row));
    }
    Ok(signals)
}

fn from_row(row: &HashMap<&str, &str>) -> SignaalInvoer {
    let get = |k: &str| row.get(k).map(|v| v.to_string());
    let any = |keys: &[&str]| keys.iter().any(|k| row.contains_key(k));
    let mut subjecten = Vec::new();
    if any(&[
        "persoonBsn",
        "persoonAchternaam",
        "persoonVoornamen",
        "persoonGeboortedatum",
    ]) {
        subjecten.push(EntiteitInvoer {
            soort: "persoon".into(),
            rol: get("persoonRol"),
            bsn: get("persoonBsn"),
            voornamen: get("persoonVoornamen"),
            voorvoegsel: get("persoonVoorvoegsel"),
            achternaam: get("persoonAchternaam"),
            geboortedatum: get("persoonGeboortedatum"),
            ..Default::default()
        });
    }
    if any(&["organisatieNaam", "organisatieKvkNummer"]) {
        subjecten.push(EntiteitInvoer {
            soort: "organisatie".into(),
            naam: get("organisatieNaam"),
            kvk_nummer: get("organisatieKvkNummer"),
            ..Default::default()
        });
    }
    let mut objecten = Vec::new();
    if any(&["adresPostcode", "adresHuisnummer", "adresStraat"]) {
        objecten.push(EntiteitInvoer {
            soort: "adres".into(),
            postcode: get("adresPostcode"),
            huisnummer: get("adresHuisnummer"),
            huisletter: get("adresHuisletter"),
            huisnummertoevoeging: get("adresHuisnummertoevoeging"),
            straat: get("adresStraat"),
            woonplaats: get("adresWoonplaats"),
            ..Default::default()
        });
    }
    if any(&["kenteken"]) {
        objecten.push(EntiteitInvoer {
            soort: "voertuig".into(),
            kenteken: get("kenteken"),
            ..Default::default()
        });
    }
    if any(&["iban"]) {
        objecten.push(EntiteitInvoer {
            soort: "rekening".into(),
            iban: get("iban"),
            ..Default::default()
        });
    }
    let melder = any(&["melderNaam", "melderContact", "melderAnoniem"]).then(|| MelderInvoer {
        naam: get("melderNaam"),
        contact: get("melderContact"),
        anoniem: row
            .get("melderAnoniem")
            .is_some_and(|v| matches!(v.to_lowercase().as_str(), "ja" | "true" | "1")),
    });
    SignaalInvoer {
        gemeente: get("gemeente").unwrap_or_default(),
        ontvangstdatum: get("ontvangstdatum").unwrap_or_default(),
        waargenomen_op: get("waargenomenOp"),
        bron: get("bron").unwrap_or_default(),
        politie_stuk: get("politieStuk"),
        melder,
        omschrijving: get("omschrijving").unwrap_or_default(),
        fenomenen: row
            .get("fenomenen")
            .map(|v| v.split('|').map(|f| f.trim().to_string()).collect())
            .unwrap_or_default(),
        indicatoren: get("indicatoren"),
        bron_betrouwbaarheid: get("bronBetrouwbaarheid"),
        informatie_betrouwbaarheid: get("informatieBetrouwbaarheid"),
        toegewezen_aan: get("toegewezenAan"),
        subjecten,
        objecten,
    }
}
