//! The municipality's own registers (permits, WOZ, enforcement cases, Wmo providers, a sector
//! register of the social domain): rows of a CSV file that the team can consult from a dossier
//! like the public registers, each under its own source in the privacy protocol.
//!
//! A column mapping ([`Kolomkoppeling`]) says which columns hold the keys a subject is found by
//! (an address, a KvK number, a BSN, a name) and, optionally, the row's own id; every other
//! column is content, kept under its header. A register belongs to one municipality: another
//! municipality's dossiers never find its rows.

use crate::GemeenteCode;
use crate::identifiers::{
    Bsn, KvkNummer, Postcode, parse_huisletter, parse_huisnummer, parse_toevoeging,
};
use crate::sanctie::naam_sleutel;
use std::fmt;

/// What a mapped column gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sleutel {
    /// The row's own id in the register (a permit number, a case number). Without it a row is
    /// known by its content: a changed row is then a removed one and a new one.
    Id,
    Postcode,
    Huisnummer,
    Huisletter,
    Toevoeging,
    KvkNummer,
    Bsn,
    Naam,
}

impl Sleutel {
    pub const ALLE: [Sleutel; 8] = [
        Sleutel::Id,
        Sleutel::Postcode,
        Sleutel::Huisnummer,
        Sleutel::Huisletter,
        Sleutel::Toevoeging,
        Sleutel::KvkNummer,
        Sleutel::Bsn,
        Sleutel::Naam,
    ];

    /// As a mapping writes it.
    pub fn code(self) -> &'static str {
        match self {
            Sleutel::Id => "id",
            Sleutel::Postcode => "postcode",
            Sleutel::Huisnummer => "huisnummer",
            Sleutel::Huisletter => "huisletter",
            Sleutel::Toevoeging => "toevoeging",
            Sleutel::KvkNummer => "kvk",
            Sleutel::Bsn => "bsn",
            Sleutel::Naam => "naam",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALLE
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// Which column holds each key: `postcode=Postcode,huisnummer=Huisnr,kvk=KvK-nummer`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kolomkoppeling {
    pub kolommen: Vec<(Sleutel, String)>,
}

impl fmt::Display for Kolomkoppeling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .kolommen
            .iter()
            .map(|(s, k)| format!("{}={k}", s.code()))
            .collect();
        f.write_str(&parts.join(","))
    }
}

impl Kolomkoppeling {
    /// Reads `sleutel=Kolom,…` (keys: id, postcode, huisnummer, huisletter, toevoeging, kvk, bsn,
    /// naam). A mapping must let a subject be found: an address (postcode with house number), a
    /// KvK number, a BSN or a name.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut kolommen: Vec<(Sleutel, String)> = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((sleutel, kolom)) = part.split_once('=') else {
                return Err(format!(
                    "{part:?} is geen koppeling; schrijf sleutel=Kolom, bijvoorbeeld postcode=Postcode"
                ));
            };
            let Some(sleutel) = Sleutel::parse(sleutel) else {
                let codes: Vec<&str> = Sleutel::ALLE.iter().map(|s| s.code()).collect();
                return Err(format!(
                    "onbekende sleutel {:?}; de sleutels zijn {}",
                    sleutel.trim(),
                    codes.join(", ")
                ));
            };
            let kolom = kolom.trim();
            if kolom.is_empty() {
                return Err(format!("bij {} ontbreekt de kolom", sleutel.code()));
            }
            if kolommen.iter().any(|(s, _)| *s == sleutel) {
                return Err(format!("{} is twee keer gekoppeld", sleutel.code()));
            }
            kolommen.push((sleutel, kolom.to_string()));
        }
        let koppeling = Self { kolommen };
        let has = |s| koppeling.kolom(s).is_some();
        if has(Sleutel::Postcode) != has(Sleutel::Huisnummer) {
            return Err("een adres vraagt postcode en huisnummer samen".into());
        }
        if (has(Sleutel::Huisletter) || has(Sleutel::Toevoeging)) && !has(Sleutel::Postcode) {
            return Err(
                "huisletter en toevoeging horen bij een adres: koppel ook postcode en huisnummer"
                    .into(),
            );
        }
        if !(has(Sleutel::Postcode)
            || has(Sleutel::KvkNummer)
            || has(Sleutel::Bsn)
            || has(Sleutel::Naam))
        {
            return Err("koppel ten minste één sleutel waarop een onderwerp te vinden is: postcode en huisnummer, kvk, bsn of naam".into());
        }
        Ok(koppeling)
    }

    /// The column mapped to a key.
    pub fn kolom(&self, sleutel: Sleutel) -> Option<&str> {
        self.kolommen
            .iter()
            .find(|(s, _)| *s == sleutel)
            .map(|(_, k)| k.as_str())
    }
}

/// A source code of the protocol that an own register can be held under: lower-case letters,
/// digits and hyphens (it is part of every row's stored id).
pub fn check_broncode(code: &str) -> Result<(), String> {
    let ok = !code.is_empty()
        && code.len() <= 40
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !code.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err("Een broncode bestaat uit kleine letters, cijfers en streepjes (hoogstens 40), zoals in het privacyprotocol.".into())
    }
}

/// An exact address as a row gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RijAdres {
    /// Normalised (`1234AB`).
    pub postcode: String,
    pub huisnummer: u32,
    /// Empty for none.
    pub huisletter: String,
    /// Empty for none.
    pub toevoeging: String,
}

/// One row of an own register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EigenRij {
    /// Its key in the store, unique over every own register: `GM0553/vergunningen/V-12`.
    pub id: String,
    pub gemeente: GemeenteCode,
    /// The protocol's source code.
    pub bron: String,
    /// The row's id within the register (its own, or a digest of its content).
    pub rij_id: String,
    pub adres: Option<RijAdres>,
    pub kvk_nummer: Option<String>,
    pub bsn: Option<String>,
    /// [`naam_sleutel`] of the name.
    pub naam_sleutel: Option<String>,
    /// Every other column, as (header, value), in the file's order; empty values left out.
    pub velden: Vec<(String, String)>,
}

/// The id of a row without an id column: a digest of its values.
fn digest(values: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for value in values {
        hasher.update(value.trim().as_bytes());
        hasher.update([0x1f]);
    }
    format!("#{}", hex::encode(&hasher.finalize()[..12]))
}

/// The longest value kept of one column.
const MAX_VELD: usize = 1000;

impl EigenRij {
    /// The prefix of every stored id of a municipality's register: `GM0553/vergunningen/`.
    pub fn scope(gemeente: &GemeenteCode, bron: &str) -> String {
        format!("{}/{bron}/", gemeente.as_str())
    }

    /// One row from its header and values under a mapping. A row without an id column is known
    /// by a digest of its values. The error names the column.
    pub fn from_row(
        (gemeente, bron): (&GemeenteCode, &str),
        koppeling: &Kolomkoppeling,
        headers: &[String],
        values: &[&str],
    ) -> Result<Self, String> {
        let get = |s: Sleutel| -> Option<&str> {
            let kolom = koppeling.kolom(s)?;
            let i = headers.iter().position(|h| h.eq_ignore_ascii_case(kolom))?;
            values.get(i).map(|v| v.trim()).filter(|v| !v.is_empty())
        };
        let fout = |s: Sleutel, e: String| {
            format!("kolom {}: {e}", koppeling.kolom(s).unwrap_or_default())
        };
        let adres = match (get(Sleutel::Postcode), get(Sleutel::Huisnummer)) {
            (Some(p), Some(n)) => Some(RijAdres {
                postcode: Postcode::parse(p)
                    .map_err(|e| fout(Sleutel::Postcode, e))?
                    .as_str()
                    .to_string(),
                huisnummer: parse_huisnummer(n).map_err(|e| fout(Sleutel::Huisnummer, e))?,
                huisletter: get(Sleutel::Huisletter)
                    .map(parse_huisletter)
                    .transpose()
                    .map_err(|e| fout(Sleutel::Huisletter, e))?
                    .unwrap_or_default(),
                toevoeging: get(Sleutel::Toevoeging)
                    .map(parse_toevoeging)
                    .transpose()
                    .map_err(|e| fout(Sleutel::Toevoeging, e))?
                    .unwrap_or_default(),
            }),
            (None, None) => None,
            (None, Some(_)) => {
                return Err(fout(Sleutel::Postcode, "leeg bij een huisnummer".into()));
            }
            (Some(_), None) => {
                return Err(fout(Sleutel::Huisnummer, "leeg bij een postcode".into()));
            }
        };
        let kvk_nummer = get(Sleutel::KvkNummer)
            .map(|k| KvkNummer::parse(k).map(|k| k.as_str().to_string()))
            .transpose()
            .map_err(|e| fout(Sleutel::KvkNummer, e))?;
        let bsn = get(Sleutel::Bsn)
            .map(|b| Bsn::parse(b).map(|b| b.as_str().to_string()))
            .transpose()
            .map_err(|e| fout(Sleutel::Bsn, e))?;
        let naam_sleutel = get(Sleutel::Naam)
            .map(naam_sleutel)
            .filter(|k| !k.is_empty());
        if adres.is_none() && kvk_nummer.is_none() && bsn.is_none() && naam_sleutel.is_none() {
            return Err(
                "deze rij heeft geen sleutel waarop een onderwerp te vinden is (adres, kvk, bsn of naam)"
                    .into(),
            );
        }
        let mapped: Vec<&str> = koppeling
            .kolommen
            .iter()
            .filter(|(s, _)| *s == Sleutel::Id)
            .map(|(_, k)| k.as_str())
            .collect();
        let mut velden = Vec::new();
        for (header, value) in headers.iter().zip(values) {
            let value = value.trim();
            if value.is_empty() || mapped.iter().any(|m| m.eq_ignore_ascii_case(header)) {
                continue;
            }
            if value.chars().count() > MAX_VELD {
                return Err(format!("kolom {header}: hoogstens {MAX_VELD} tekens"));
            }
            velden.push((header.clone(), value.to_string()));
        }
        let rij_id = match get(Sleutel::Id) {
            Some(id) if id.chars().count() <= 100 => id.to_string(),
            Some(_) => return Err(fout(Sleutel::Id, "hoogstens 100 tekens".into())),
            None => digest(values),
        };
        Ok(Self {
            id: format!("{}{rij_id}", Self::scope(gemeente, bron)),
            gemeente: gemeente.clone(),
            bron: bron.to_string(),
            rij_id,
            adres,
            kvk_nummer,
            bsn,
            naam_sleutel,
            velden,
        })
    }

    /// The row as a line for the journal: its content columns.
    pub fn regel(&self) -> String {
        self.velden
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gm() -> GemeenteCode {
        GemeenteCode::parse("GM0553").unwrap()
    }

    #[test]
    fn a_mapping_is_read_and_must_find_a_subject() {
        let k = Kolomkoppeling::parse("id=Nummer, postcode=Postcode,huisnummer=Huisnr").unwrap();
        assert_eq!(k.kolom(Sleutel::Id), Some("Nummer"));
        assert_eq!(
            k.to_string(),
            "id=Nummer,postcode=Postcode,huisnummer=Huisnr"
        );
        assert!(
            Kolomkoppeling::parse("id=Nummer")
                .unwrap_err()
                .contains("ten minste")
        );
        assert!(
            Kolomkoppeling::parse("postcode=P")
                .unwrap_err()
                .contains("samen")
        );
        assert!(
            Kolomkoppeling::parse("telefoon=T")
                .unwrap_err()
                .contains("onbekende sleutel")
        );
        assert!(
            Kolomkoppeling::parse("naam=A,naam=B")
                .unwrap_err()
                .contains("twee keer")
        );
        assert!(
            Kolomkoppeling::parse("naam")
                .unwrap_err()
                .contains("geen koppeling")
        );
    }

    #[test]
    fn a_row_keeps_its_keys_normalised_and_the_rest_as_content() {
        let k = Kolomkoppeling::parse("id=Nr,postcode=Pc,huisnummer=Hn,kvk=KvK,naam=Naam").unwrap();
        let headers: Vec<String> = ["Nr", "Pc", "Hn", "KvK", "Naam", "Soort", "Leeg"]
            .map(String::from)
            .to_vec();
        let rij = EigenRij::from_row(
            (&gm(), "vergunningen"),
            &k,
            &headers,
            &[
                "V-12",
                "2161 ab",
                "7",
                "12345678",
                "Café Zéver",
                "Drank- en horeca",
                "",
            ],
        )
        .unwrap();
        assert_eq!(rij.id, "GM0553/vergunningen/V-12");
        let adres = rij.adres.as_ref().unwrap();
        assert_eq!((adres.postcode.as_str(), adres.huisnummer), ("2161AB", 7));
        assert_eq!(rij.naam_sleutel.as_deref(), Some("cafe zever"));
        // Keys are content too (the register says them); the id column is not.
        assert_eq!(rij.velden.len(), 5);
        assert!(rij.regel().contains("Soort: Drank- en horeca"));
        let wrong = EigenRij::from_row(
            (&gm(), "vergunningen"),
            &k,
            &headers,
            &["V-13", "2161", "7", "", "", "", ""],
        )
        .unwrap_err();
        assert!(wrong.starts_with("kolom Pc:"), "{wrong}");
        let digest = EigenRij::from_row(
            (&gm(), "vergunningen"),
            &Kolomkoppeling::parse("bsn=BSN").unwrap(),
            &["BSN".to_string()],
            &["111222333"],
        )
        .unwrap();
        assert!(digest.rij_id.starts_with('#') && digest.rij_id.len() == 25);
        assert!(
            EigenRij::from_row(
                (&gm(), "x"),
                &Kolomkoppeling::parse("bsn=BSN").unwrap(),
                &["BSN".to_string()],
                &["123456789"],
            )
            .unwrap_err()
            .starts_with("kolom BSN")
        );
    }

    #[test]
    fn source_codes_are_plain() {
        assert!(check_broncode("sociaal-domein").is_ok());
        for wrong in ["", "Sociaal", "a/b", "-x", "a b"] {
            assert!(check_broncode(wrong).is_err(), "{wrong}");
        }
    }
}
