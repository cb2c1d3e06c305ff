//! The trade register (Handelsregister of the KvK) in bulk, for the local register: a CSV file in
//! Baken's documented layout (`docs/registers.md`), or saved responses of the KvK APIs
//! (Basisprofiel and Vestigingsprofiel, as JSON: one response, or an array of them).
//!
//! A row or response that is not right is refused with its line or element and the field, so
//! that an importer keeps nothing of the file.

use crate::LeesFout;
use baken_domain::identifiers::{
    KvkNummer, Postcode, Vestigingsnummer, parse_huisletter, parse_huisnummer, parse_toevoeging,
};
use baken_domain::kvk::{KvkAdres, KvkVestiging};
use serde_json::Value;
use std::io::Read;

/// The columns of the CSV layout, as its header row names them (the KvK API's field names).
/// `kvkNummer` and `naam` are required; `handelsnamen` and `sbiCodes` separate values with `|`.
pub const KOLOMMEN: [&str; 16] = [
    "kvkNummer",
    "vestigingsnummer",
    "naam",
    "handelsnamen",
    "rechtsvorm",
    "indHoofdvestiging",
    "straatnaam",
    "huisnummer",
    "huisletter",
    "huisnummerToevoeging",
    "postcode",
    "plaats",
    "sbiCodes",
    "datumAanvang",
    "datumEinde",
    "nummerAanduidingId",
];

/// The longest text kept of one field.
const MAX_FIELD: usize = 500;

fn fout(regel: u64, element: Option<String>, melding: impl Into<String>) -> LeesFout {
    LeesFout {
        regel,
        element,
        melding: melding.into(),
    }
}

/// A date as the register writes it (`20190301`) or in ISO form, to ISO.
fn datum(text: &str) -> Result<String, String> {
    let t = text.trim();
    let iso = if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &t[..4], &t[4..6], &t[6..])
    } else {
        t.to_string()
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(&iso, format)
        .map(|_| iso)
        .map_err(|_| format!("{t:?} is geen datum (jjjjmmdd of jjjj-mm-dd)"))
}

fn tekst(value: &str) -> Option<String> {
    let t = value.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn ja_nee(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "ja" | "j" | "true" | "1" => Ok(true),
        "nee" | "n" | "false" | "0" | "" => Ok(false),
        other => Err(format!("{other:?} is geen ja of nee")),
    }
}

/// Checks the fields of one registration, naming the first field that is wrong.
struct Velden {
    kvk_nummer: String,
    vestigingsnummer: String,
    naam: String,
    handelsnamen: Vec<String>,
    rechtsvorm: String,
    hoofdvestiging: String,
    adres: [String; 6],
    sbi: Vec<String>,
    datum_aanvang: String,
    datum_einde: String,
    nummeraanduiding: String,
}

impl Velden {
    fn check(self) -> Result<KvkVestiging, String> {
        let veld = |naam: &str, e: String| format!("{naam}: {e}");
        for (naam, value) in [
            ("naam", &self.naam),
            ("straatnaam", &self.adres[0]),
            ("plaats", &self.adres[5]),
            ("rechtsvorm", &self.rechtsvorm),
        ] {
            if value.len() > MAX_FIELD {
                return Err(veld(naam, format!("langer dan {MAX_FIELD} tekens")));
            }
        }
        let kvk_nummer = KvkNummer::parse(&self.kvk_nummer)
            .map_err(|e| veld("kvkNummer", e))?
            .as_str()
            .to_string();
        let vestigingsnummer = match tekst(&self.vestigingsnummer) {
            Some(v) => Some(
                Vestigingsnummer::parse(&v)
                    .map_err(|e| veld("vestigingsnummer", e))?
                    .as_str()
                    .to_string(),
            ),
            None => None,
        };
        let naam = tekst(&self.naam).ok_or_else(|| veld("naam", "ontbreekt".into()))?;
        let [straat, nummer, letter, toevoeging, postcode, plaats] = &self.adres;
        let adres = KvkAdres {
            straatnaam: tekst(straat),
            huisnummer: tekst(nummer)
                .map(|n| parse_huisnummer(&n))
                .transpose()
                .map_err(|e| veld("huisnummer", e))?,
            huisletter: tekst(letter)
                .map(|l| parse_huisletter(&l))
                .transpose()
                .map_err(|e| veld("huisletter", e))?,
            toevoeging: tekst(toevoeging)
                .map(|t| parse_toevoeging(&t))
                .transpose()
                .map_err(|e| veld("huisnummerToevoeging", e))?,
            postcode: tekst(postcode)
                .map(|p| Postcode::parse(&p).map(|p| p.as_str().to_string()))
                .transpose()
                .map_err(|e| veld("postcode", e))?,
            plaats: tekst(plaats),
        };
        let nummeraanduiding = match tekst(&self.nummeraanduiding) {
            Some(id) => Some(
                baken_domain::identifiers::BagId::parse(&id)
                    .map_err(|e| veld("nummerAanduidingId", e))?
                    .as_str()
                    .to_string(),
            ),
            None => None,
        };
        Ok(KvkVestiging {
            hoofdvestiging: ja_nee(&self.hoofdvestiging)
                .map_err(|e| veld("indHoofdvestiging", e))?,
            datum_aanvang: tekst(&self.datum_aanvang)
                .map(|d| datum(&d))
                .transpose()
                .map_err(|e| veld("datumAanvang", e))?,
            datum_einde: tekst(&self.datum_einde)
                .map(|d| datum(&d))
                .transpose()
                .map_err(|e| veld("datumEinde", e))?,
            kvk_nummer,
            vestigingsnummer,
            naam,
            handelsnamen: self.handelsnamen,
            rechtsvorm: tekst(&self.rechtsvorm),
            adres,
            sbi: self.sbi,
            nummeraanduiding,
        })
    }
}

fn lijst(value: &str) -> Vec<String> {
    value.split('|').filter_map(tekst).collect()
}

/// Reads the CSV layout one registration at a time (comma or semicolon separated, with a header
/// row naming the columns in any order; unknown columns are refused, so that a wrong file is not
/// half read).
pub struct CsvReader<R: Read> {
    rows: csv::StringRecordsIntoIter<R>,
    index: [Option<usize>; 16],
    line: u64,
}

impl<R: Read> CsvReader<R> {
    /// Reads the header row. `scheiding` is the separator (`b','` or `b';'`).
    pub fn new(input: R, scheiding: u8) -> Result<Self, LeesFout> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(scheiding)
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| fout(1, None, format!("de kopregel is niet te lezen: {e}")))?
            .clone();
        let mut index = [None; 16];
        for (i, header) in headers.iter().enumerate() {
            let header = header.trim().trim_start_matches('\u{feff}');
            match KOLOMMEN.iter().position(|k| k.eq_ignore_ascii_case(header)) {
                Some(k) => index[k] = Some(i),
                None => {
                    return Err(fout(
                        1,
                        None,
                        format!(
                            "onbekende kolom {header:?}; de kolommen zijn {}",
                            KOLOMMEN.join(", ")
                        ),
                    ));
                }
            }
        }
        for required in [0, 2] {
            if index[required].is_none() {
                return Err(fout(
                    1,
                    None,
                    format!("de kolom {} ontbreekt", KOLOMMEN[required]),
                ));
            }
        }
        Ok(Self {
            rows: reader.into_records(),
            index,
            line: 1,
        })
    }

    /// The line of the row read last.
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn next_vestiging(&mut self) -> Result<Option<KvkVestiging>, LeesFout> {
        let Some(row) = self.rows.next() else {
            return Ok(None);
        };
        let row = row.map_err(|e| {
            let regel = e.position().map_or(self.line + 1, |p| p.line());
            fout(regel, None, format!("deze regel is niet te lezen: {e}"))
        })?;
        self.line = row.position().map_or(self.line + 1, |p| p.line());
        let get = |k: usize| -> String {
            self.index[k]
                .and_then(|i| row.get(i))
                .unwrap_or("")
                .to_string()
        };
        let velden = Velden {
            kvk_nummer: get(0),
            vestigingsnummer: get(1),
            naam: get(2),
            handelsnamen: lijst(&get(3)),
            rechtsvorm: get(4),
            hoofdvestiging: get(5),
            adres: [get(6), get(7), get(8), get(9), get(10), get(11)],
            sbi: lijst(&get(12)),
            datum_aanvang: get(13),
            datum_einde: get(14),
            nummeraanduiding: get(15),
        };
        let element = Some(format!("kvkNummer {}", velden.kvk_nummer.trim()));
        velden
            .check()
            .map(Some)
            .map_err(|e| fout(self.line, element, e))
    }
}

fn s(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => if *b { "ja" } else { "nee" }.into(),
        _ => String::new(),
    }
}

/// A Vestiging of the Vestigingsprofiel or of a Basisprofiel's `_embedded.hoofdvestiging`.
fn vestiging(v: &Value, eigenaar: Option<&Value>, basis: Option<&Value>) -> Velden {
    let adressen = v.get("adressen").and_then(Value::as_array);
    let adres = adressen.and_then(|a| {
        a.iter()
            .find(|a| a.get("type").and_then(Value::as_str) == Some("bezoekadres"))
            .or_else(|| a.first())
    });
    let a = |k: &str| s(adres.and_then(|a| a.get(k)));
    let namen: Vec<String> = v
        .get("handelsnamen")
        .or_else(|| basis.and_then(|b| b.get("handelsnamen")))
        .and_then(Value::as_array)
        .map(|h| {
            h.iter()
                .map(|n| s(n.get("naam")))
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let naam = [s(v.get("eersteHandelsnaam")), s(v.get("statutaireNaam"))]
        .into_iter()
        .chain(namen.first().cloned())
        .chain(basis.map(|b| s(b.get("naam"))))
        .find(|n| !n.is_empty())
        .unwrap_or_default();
    let sbi = v
        .get("sbiActiviteiten")
        .or_else(|| basis.and_then(|b| b.get("sbiActiviteiten")))
        .and_then(Value::as_array)
        .map(|list| {
            let mut codes: Vec<(bool, String)> = list
                .iter()
                .map(|a| (s(a.get("indHoofdactiviteit")) != "Ja", s(a.get("sbiCode"))))
                .filter(|(_, c)| !c.is_empty())
                .collect();
            codes.sort_by_key(|(neven, _)| *neven);
            codes.into_iter().map(|(_, c)| c).collect()
        })
        .unwrap_or_default();
    let registratie = v
        .get("materieleRegistratie")
        .or_else(|| basis.and_then(|b| b.get("materieleRegistratie")));
    Velden {
        kvk_nummer: s(v
            .get("kvkNummer")
            .or_else(|| basis.and_then(|b| b.get("kvkNummer")))),
        vestigingsnummer: s(v.get("vestigingsnummer")),
        handelsnamen: namen.into_iter().filter(|n| *n != naam).collect(),
        naam,
        rechtsvorm: s(eigenaar.and_then(|e| e.get("rechtsvorm"))),
        hoofdvestiging: s(v.get("indHoofdvestiging")),
        adres: [
            a("straatnaam"),
            a("huisnummer"),
            a("huisletter"),
            a("huisnummerToevoeging"),
            a("postcode"),
            a("plaats"),
        ],
        sbi,
        datum_aanvang: s(registratie.and_then(|r| r.get("datumAanvang"))),
        datum_einde: s(registratie.and_then(|r| r.get("datumEinde"))),
        nummeraanduiding: s(adres
            .and_then(|a| a.get("geoData"))
            .and_then(|g| g.get("nummerAanduidingId"))),
    }
}

/// One saved API response: a Vestigingsprofiel (it has a `vestigingsnummer`), or a Basisprofiel
/// (its hoofdvestiging when embedded, else the legal person itself).
fn response(v: &Value) -> Result<Velden, String> {
    if !v.is_object() {
        return Err("geen KvK-antwoord (een JSON-object verwacht)".into());
    }
    if v.get("kvkNummer").is_none() {
        return Err("kvkNummer: ontbreekt".into());
    }
    if v.get("vestigingsnummer").is_some() {
        return Ok(vestiging(v, None, None));
    }
    let embedded = v.get("_embedded");
    let eigenaar = embedded.and_then(|e| e.get("eigenaar"));
    match embedded.and_then(|e| e.get("hoofdvestiging")) {
        Some(hoofd) => {
            let mut velden = vestiging(hoofd, eigenaar, Some(v));
            velden.hoofdvestiging = "Ja".into();
            Ok(velden)
        }
        None => {
            let mut velden = vestiging(v, eigenaar, Some(v));
            velden.vestigingsnummer = String::new();
            Ok(velden)
        }
    }
}

/// One KvK API response (a Basisprofiel or a Vestigingsprofiel) as a registration, or what is
/// wrong with it: for the live connector.
pub(crate) fn uit_antwoord(v: &Value) -> Result<KvkVestiging, String> {
    response(v).and_then(Velden::check)
}

/// Reads a file of saved KvK API responses (one JSON object, or an array of them) whole: such
/// files are small. The element is named by its place in the array (from 1).
pub fn lees_api_antwoorden(input: impl Read) -> Result<Vec<KvkVestiging>, LeesFout> {
    let value: Value = serde_json::from_reader(input).map_err(|e| {
        fout(
            e.line() as u64,
            None,
            format!("geen geldige JSON (kolom {}): {e}", e.column()),
        )
    })?;
    let items: Vec<&Value> = match &value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let element = Some(format!("antwoord {}", i + 1));
            response(item)
                .and_then(Velden::check)
                .map_err(|e| fout(0, element, e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "kvkNummer;vestigingsnummer;naam;handelsnamen;rechtsvorm;indHoofdvestiging;straatnaam;huisnummer;huisletter;huisnummerToevoeging;postcode;plaats;sbiCodes;datumAanvang;datumEinde;nummerAanduidingId\n\
        69599084;000038509504;Test EMZ Dagobert;Dagobert Beheer|Eendenkooi;Eenmanszaak;Ja;Abebe Bikilalaan;17;;;1034 WT;Amsterdam;6420|4791;20190301;;0363200000123456\n\
        68750110;;Test BV Donald;;Besloten Vennootschap;nee;;;;;;;;2018-01-15;2023-06-30;\n";

    #[test]
    fn the_csv_layout_is_read_row_by_row() {
        let mut reader = CsvReader::new(CSV.as_bytes(), b';').unwrap();
        let first = reader.next_vestiging().unwrap().unwrap();
        assert_eq!(first.id(), "000038509504");
        assert_eq!(first.naam, "Test EMZ Dagobert");
        assert_eq!(first.handelsnamen, ["Dagobert Beheer", "Eendenkooi"]);
        assert!(first.hoofdvestiging);
        assert_eq!(first.adres.postcode.as_deref(), Some("1034WT"));
        assert_eq!(first.adres.huisnummer, Some(17));
        assert_eq!(first.sbi, ["6420", "4791"]);
        assert_eq!(first.datum_aanvang.as_deref(), Some("2019-03-01"));
        assert_eq!(first.nummeraanduiding.as_deref(), Some("0363200000123456"));
        let second = reader.next_vestiging().unwrap().unwrap();
        assert_eq!(second.id(), "68750110");
        assert!(second.beeindigd());
        assert_eq!(reader.line(), 3);
        assert!(reader.next_vestiging().unwrap().is_none());
    }

    #[test]
    fn a_wrong_row_is_refused_with_its_line_and_field() {
        let bad = CSV.replace("1034 WT", "1034 W");
        let mut reader = CsvReader::new(bad.as_bytes(), b';').unwrap();
        let e = reader.next_vestiging().unwrap_err();
        assert_eq!(e.regel, 2);
        assert!(e.melding.starts_with("postcode:"), "{e}");
        assert_eq!(e.element.as_deref(), Some("kvkNummer 69599084"));

        // A file that breaks off mid-row has a short last row.
        let cut = &CSV[..CSV.len() - 20];
        let mut reader = CsvReader::new(cut.as_bytes(), b';').unwrap();
        reader.next_vestiging().unwrap();
        let e = reader.next_vestiging().unwrap_err();
        assert_eq!(e.regel, 3, "{e}");

        let e = CsvReader::new("kvkNummer;naam;kleur\n".as_bytes(), b';')
            .err()
            .unwrap();
        assert!(e.melding.contains("onbekende kolom \"kleur\""), "{e}");
        let e = CsvReader::new("kvkNummer;plaats\n".as_bytes(), b';')
            .err()
            .unwrap();
        assert!(e.melding.contains("naam ontbreekt"), "{e}");
    }

    #[test]
    fn saved_api_responses_are_read() {
        let json = r#"[
          {"kvkNummer": "68750110", "naam": "Test BV Donald", "formeleRegistratiedatum": "20180115",
           "materieleRegistratie": {"datumAanvang": "20180115"},
           "sbiActiviteiten": [{"sbiCode": "4791", "indHoofdactiviteit": "Nee"}, {"sbiCode": "6420", "indHoofdactiviteit": "Ja"}],
           "_embedded": {
             "eigenaar": {"rsin": "857587973", "rechtsvorm": "BesloteVennootschap"},
             "hoofdvestiging": {"vestigingsnummer": "000037178598", "kvkNummer": "68750110",
               "eersteHandelsnaam": "Test BV Donald", "indHoofdvestiging": "Ja",
               "adressen": [{"type": "correspondentieadres", "postcode": "9999AA", "plaats": "Elders"},
                            {"type": "bezoekadres", "straatnaam": "Hizzaarderlaan", "huisnummer": 3, "huisletter": "a",
                             "postcode": "8911AB", "plaats": "Lollum",
                             "geoData": {"nummerAanduidingId": "1900200000012345"}}]}}},
          {"vestigingsnummer": "000038509520", "kvkNummer": "68750110", "eersteHandelsnaam": "Donald Filiaal",
           "indHoofdvestiging": "Nee", "handelsnamen": [{"naam": "Donald Filiaal", "volgorde": 1}, {"naam": "Kwik", "volgorde": 2}]}
        ]"#;
        let all = lees_api_antwoorden(json.as_bytes()).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id(), "000037178598");
        assert!(all[0].hoofdvestiging);
        assert_eq!(all[0].rechtsvorm.as_deref(), Some("BesloteVennootschap"));
        assert_eq!(all[0].adres.huisnummer, Some(3));
        assert_eq!(all[0].adres.huisletter.as_deref(), Some("A"));
        assert_eq!(all[0].sbi, ["6420", "4791"]);
        assert_eq!(all[0].nummeraanduiding.as_deref(), Some("1900200000012345"));
        assert_eq!(all[1].naam, "Donald Filiaal");
        assert_eq!(all[1].handelsnamen, ["Kwik"]);
        assert!(!all[1].hoofdvestiging);

        let e = lees_api_antwoorden(r#"[{"kvkNummer": "6875011"}]"#.as_bytes()).unwrap_err();
        assert_eq!(e.element.as_deref(), Some("antwoord 1"));
        assert!(e.melding.starts_with("kvkNummer:"), "{e}");
        let e = lees_api_antwoorden(r#"[{"kvkNummer": "68750110", "naam": "X"}"#.as_bytes())
            .unwrap_err();
        assert!(e.melding.starts_with("geen geldige JSON"), "{e}");
    }
}
