//! Subjects (persons, organisations) and objects (addresses, vehicles, bank accounts, areas): shared
//! entities that dossiers link to with a role. An entity with a strong identifier (BSN, KvK number,
//! address, licence plate, IBAN) has a match key, so the same one is found again in the next dossier.

use crate::ValidationErrors;
use crate::identifiers::{
    BagId, Bsn, Iban, Kenteken, KvkNummer, Postcode, Rsin, Vestigingsnummer, parse_huisletter,
    parse_huisnummer, parse_toevoeging,
};
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};
use time::Date;

vocabulary!(
    /// What kind of entity.
    EntiteitSoort {
        Persoon = "persoon", "Persoon";
        Organisatie = "organisatie", "Organisatie";
        Adres = "adres", "Adres";
        Voertuig = "voertuig", "Voertuig";
        Rekening = "rekening", "Bankrekening";
        Gebied = "gebied", "Gebied";
    }
);

impl EntiteitSoort {
    /// Subjects are who a signal is about; objects are what.
    pub fn is_subject(self) -> bool {
        matches!(self, EntiteitSoort::Persoon | EntiteitSoort::Organisatie)
    }
}

vocabulary!(
    /// The role an entity plays in a dossier.
    Rol {
        Betrokkene = "betrokkene", "Betrokkene";
        Bewoner = "bewoner", "Bewoner";
        Eigenaar = "eigenaar", "Eigenaar";
        Verhuurder = "verhuurder", "Verhuurder";
        Huurder = "huurder", "Huurder";
        Exploitant = "exploitant", "Exploitant";
        Bestuurder = "bestuurder", "Bestuurder";
        Leidinggevende = "leidinggevende", "Leidinggevende";
        Gemachtigde = "gemachtigde", "Gemachtigde";
        Getuige = "getuige", "Getuige";
        Locatie = "locatie", "Locatie";
        Gebruiker = "gebruiker", "Gebruiker";
    }
);

/// A validated entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "soort", rename_all = "lowercase")]
pub enum Entiteit {
    Persoon {
        #[serde(skip_serializing_if = "Option::is_none")]
        bsn: Option<Bsn>,
        #[serde(skip_serializing_if = "Option::is_none")]
        voornamen: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        voorvoegsel: Option<String>,
        achternaam: String,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::tijd::iso_date_opt"
        )]
        geboortedatum: Option<Date>,
    },
    Organisatie {
        naam: String,
        #[serde(rename = "kvkNummer", skip_serializing_if = "Option::is_none")]
        kvk_nummer: Option<KvkNummer>,
        #[serde(skip_serializing_if = "Option::is_none")]
        vestigingsnummer: Option<Vestigingsnummer>,
        #[serde(skip_serializing_if = "Option::is_none")]
        rsin: Option<Rsin>,
        #[serde(skip_serializing_if = "Option::is_none")]
        rechtsvorm: Option<String>,
    },
    Adres {
        postcode: Postcode,
        huisnummer: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        huisletter: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        huisnummertoevoeging: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        straat: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        woonplaats: Option<String>,
        #[serde(rename = "bagId", skip_serializing_if = "Option::is_none")]
        bag_id: Option<BagId>,
    },
    Voertuig {
        kenteken: Kenteken,
    },
    Rekening {
        iban: Iban,
        #[serde(skip_serializing_if = "Option::is_none")]
        tenaamstelling: Option<String>,
    },
    Gebied {
        naam: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        omschrijving: Option<String>,
    },
}

impl Entiteit {
    pub fn soort(&self) -> EntiteitSoort {
        match self {
            Entiteit::Persoon { .. } => EntiteitSoort::Persoon,
            Entiteit::Organisatie { .. } => EntiteitSoort::Organisatie,
            Entiteit::Adres { .. } => EntiteitSoort::Adres,
            Entiteit::Voertuig { .. } => EntiteitSoort::Voertuig,
            Entiteit::Rekening { .. } => EntiteitSoort::Rekening,
            Entiteit::Gebied { .. } => EntiteitSoort::Gebied,
        }
    }

    /// This entity with what `nieuw` (the same kind, found under the same key) adds: fields this
    /// one leaves empty take `nieuw`'s value; a field already filled keeps its value. `None` when
    /// `nieuw` adds nothing.
    pub fn aangevuld(&self, nieuw: &Entiteit) -> Option<Entiteit> {
        if self.soort() != nieuw.soort() {
            return None;
        }
        let (serde_json::Value::Object(mut have), serde_json::Value::Object(add)) = (
            serde_json::to_value(self).ok()?,
            serde_json::to_value(nieuw).ok()?,
        ) else {
            return None;
        };
        let mut changed = false;
        for (field, value) in add {
            if !have.contains_key(&field) {
                have.insert(field, value);
                changed = true;
            }
        }
        if !changed {
            return None;
        }
        serde_json::from_value(serde_json::Value::Object(have)).ok()
    }

    /// The key under which the same entity is found again, when it has a strong identifier.
    /// Persons without BSN and organisations without KvK number get none (fuzzy matching is the
    /// matching crate's work).
    pub fn sleutel(&self) -> Option<String> {
        match self {
            Entiteit::Persoon { bsn, .. } => bsn.as_ref().map(|b| format!("bsn:{b}")),
            Entiteit::Organisatie {
                kvk_nummer,
                vestigingsnummer,
                ..
            } => match (kvk_nummer, vestigingsnummer) {
                (Some(kvk), Some(vestiging)) => Some(format!("kvk:{kvk}:{vestiging}")),
                (Some(kvk), None) => Some(format!("kvk:{kvk}")),
                _ => None,
            },
            Entiteit::Adres {
                postcode,
                huisnummer,
                huisletter,
                huisnummertoevoeging,
                ..
            } => Some(format!(
                "adres:{postcode}:{huisnummer}:{}:{}",
                huisletter.as_deref().unwrap_or(""),
                huisnummertoevoeging.as_deref().unwrap_or("")
            )),
            Entiteit::Voertuig { kenteken } => {
                Some(format!("kenteken:{}", kenteken.as_str().replace('-', "")))
            }
            Entiteit::Rekening { iban, .. } => Some(format!("iban:{iban}")),
            Entiteit::Gebied { .. } => None,
        }
    }

    /// What is recorded of this entity, as a person reads it: a Dutch label and the value (dates
    /// as `12-08-1963`, postcodes as `2161 AB`), in the order a form asks them. Empty fields are
    /// left out. Contains personal data: for pages and letters, never for logs or URLs.
    pub fn kenmerken(&self) -> Vec<(&'static str, String)> {
        fn add(out: &mut Vec<(&'static str, String)>, label: &'static str, value: Option<String>) {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                out.push((label, v));
            }
        }
        let mut out = Vec::new();
        let o = &mut out;
        match self {
            Entiteit::Persoon {
                bsn,
                voornamen,
                voorvoegsel,
                achternaam,
                geboortedatum,
            } => {
                add(o, "BSN", bsn.as_ref().map(ToString::to_string));
                add(o, "Voornamen", voornamen.clone());
                add(o, "Tussenvoegsel", voorvoegsel.clone());
                add(o, "Achternaam", Some(achternaam.clone()));
                add(
                    o,
                    "Geboortedatum",
                    geboortedatum.map(crate::tijd::format_date_nl),
                );
            }
            Entiteit::Organisatie {
                naam,
                kvk_nummer,
                vestigingsnummer,
                rsin,
                rechtsvorm,
            } => {
                add(o, "Naam", Some(naam.clone()));
                add(
                    o,
                    "KvK-nummer",
                    kvk_nummer.as_ref().map(ToString::to_string),
                );
                add(
                    o,
                    "Vestigingsnummer",
                    vestigingsnummer.as_ref().map(ToString::to_string),
                );
                add(o, "RSIN", rsin.as_ref().map(ToString::to_string));
                add(o, "Rechtsvorm", rechtsvorm.clone());
            }
            Entiteit::Adres {
                postcode,
                huisnummer,
                huisletter,
                huisnummertoevoeging,
                straat,
                woonplaats,
                bag_id,
            } => {
                add(o, "Straat", straat.clone());
                add(o, "Huisnummer", Some(huisnummer.to_string()));
                add(o, "Huisletter", huisletter.clone());
                add(o, "Toevoeging", huisnummertoevoeging.clone());
                add(
                    o,
                    "Postcode",
                    Some(format!(
                        "{} {}",
                        &postcode.as_str()[..4],
                        &postcode.as_str()[4..]
                    )),
                );
                add(o, "Woonplaats", woonplaats.clone());
                add(
                    o,
                    "BAG-nummeraanduiding",
                    bag_id.as_ref().map(ToString::to_string),
                );
            }
            Entiteit::Voertuig { kenteken } => add(o, "Kenteken", Some(kenteken.to_string())),
            Entiteit::Rekening {
                iban,
                tenaamstelling,
            } => {
                add(o, "IBAN", Some(iban.to_string()));
                add(o, "Ten name van", tenaamstelling.clone());
            }
            Entiteit::Gebied { naam, omschrijving } => {
                add(o, "Naam", Some(naam.clone()));
                add(o, "Omschrijving", omschrijving.clone());
            }
        }
        out
    }

    /// A person's name as written in full ("Jan van Voorbeeld"); other entities: [`Self::weergave`].
    pub fn naam(&self) -> String {
        match self {
            Entiteit::Persoon {
                voornamen,
                voorvoegsel,
                achternaam,
                ..
            } => [
                voornamen.as_deref(),
                voorvoegsel.as_deref(),
                Some(achternaam.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
            other => other.weergave(),
        }
    }

    /// A person's surname as a letter addresses them ("mevrouw Van Voorbeeld": without first
    /// names the prefix takes a capital); `None` for other entities.
    pub fn aanspreeknaam(&self) -> Option<String> {
        let Entiteit::Persoon {
            voorvoegsel,
            achternaam,
            ..
        } = self
        else {
            return None;
        };
        let prefix = voorvoegsel.as_deref().map(|v| {
            let mut c = v.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        });
        Some(
            [prefix, Some(achternaam.clone())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// A one-line description for lists (contains personal data: never for logs or URLs).
    pub fn weergave(&self) -> String {
        match self {
            Entiteit::Persoon { geboortedatum, .. } => {
                let name = self.naam();
                match geboortedatum {
                    Some(d) => format!("{name} {}", geboortekenmerk(*d)),
                    None => name,
                }
            }
            Entiteit::Organisatie {
                naam, kvk_nummer, ..
            } => match kvk_nummer {
                Some(kvk) => format!("{naam} (KvK {kvk})"),
                None => naam.clone(),
            },
            Entiteit::Adres {
                postcode,
                huisnummer,
                huisletter,
                huisnummertoevoeging,
                straat,
                woonplaats,
                ..
            } => {
                let number = format!(
                    "{huisnummer}{}{}",
                    huisletter.as_deref().unwrap_or(""),
                    huisnummertoevoeging
                        .as_deref()
                        .map(|t| format!("-{t}"))
                        .unwrap_or_default()
                );
                let pc = format!("{} {}", &postcode.as_str()[..4], &postcode.as_str()[4..]);
                match (straat, woonplaats) {
                    (Some(s), Some(w)) => format!("{s} {number}, {pc} {w}"),
                    (Some(s), None) => format!("{s} {number}, {pc}"),
                    _ => format!("{pc} {number}"),
                }
            }
            Entiteit::Voertuig { kenteken } => format!("Kenteken {kenteken}"),
            Entiteit::Rekening {
                iban,
                tenaamstelling,
            } => match tenaamstelling {
                Some(t) => format!("{iban} t.n.v. {t}"),
                None => iban.to_string(),
            },
            Entiteit::Gebied { naam, .. } => naam.clone(),
        }
    }
}

/// An entity as typed into a form or sent to the API: every field optional text, validated as a whole.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EntiteitInvoer {
    pub soort: String,
    pub rol: Option<String>,
    pub bsn: Option<String>,
    pub voornamen: Option<String>,
    pub voorvoegsel: Option<String>,
    pub achternaam: Option<String>,
    pub geboortedatum: Option<String>,
    pub naam: Option<String>,
    pub kvk_nummer: Option<String>,
    pub vestigingsnummer: Option<String>,
    pub rsin: Option<String>,
    pub rechtsvorm: Option<String>,
    pub postcode: Option<String>,
    /// Text or a JSON number (the BAG API sends a number).
    #[serde(deserialize_with = "crate::validation::text_or_number")]
    pub huisnummer: Option<String>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
    pub straat: Option<String>,
    pub woonplaats: Option<String>,
    pub bag_id: Option<String>,
    pub kenteken: Option<String>,
    pub iban: Option<String>,
    pub tenaamstelling: Option<String>,
    pub omschrijving: Option<String>,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn short_text(
    value: &Option<String>,
    field: &str,
    max: usize,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let text = present(value)?;
    if text.chars().count() > max || text.chars().any(char::is_control) {
        errors.add(
            field,
            format!("Hoogstens {max} tekens, zonder regeleinden."),
        );
        return None;
    }
    Some(text.to_string())
}

/// Parses a date written as `2026-11-28` or `28-11-2026`.
/// How a person's date of birth ends their display text, e.g. `(geb. 07-03-1981)`: what the store
/// matches on to find persons registered without a BSN but with the same date of birth.
pub fn geboortekenmerk(geboortedatum: Date) -> String {
    format!(
        "(geb. {:02}-{:02}-{})",
        geboortedatum.day(),
        u8::from(geboortedatum.month()),
        geboortedatum.year()
    )
}

pub fn parse_date(input: &str) -> Result<Date, String> {
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    let dutch = time::macros::format_description!("[day]-[month]-[year]");
    let date = Date::parse(input.trim(), &iso)
        .or_else(|_| Date::parse(input.trim(), &dutch))
        .map_err(|_| "Vul een geldige datum in, bijvoorbeeld 2026-11-28.".to_string())?;
    if !(crate::tijd::EERSTE_JAAR..=crate::tijd::LAATSTE_JAAR).contains(&date.year()) {
        return Err(format!(
            "Vul een datum in tussen {} en {}.",
            crate::tijd::EERSTE_JAAR,
            crate::tijd::LAATSTE_JAAR
        ));
    }
    Ok(date)
}

impl EntiteitInvoer {
    /// Validates this input; errors are recorded under `prefix.field` (e.g. `subjecten[0].bsn`).
    /// Returns the entity and its role when every field is valid.
    pub fn parse(&self, prefix: &str, errors: &mut ValidationErrors) -> Option<(Entiteit, Rol)> {
        let before = errors.iter().count();
        let f = |name: &str| format!("{prefix}.{name}");
        let soort = errors.check(&f("soort"), EntiteitSoort::parse(&self.soort));
        let rol = match present(&self.rol) {
            Some(r) => errors.check(&f("rol"), Rol::parse(r)),
            None => Some(if soort == Some(EntiteitSoort::Adres) {
                Rol::Locatie
            } else {
                Rol::Betrokkene
            }),
        };
        let entity = match soort? {
            EntiteitSoort::Persoon => {
                let bsn = present(&self.bsn).and_then(|v| errors.check(&f("bsn"), Bsn::parse(v)));
                let achternaam = short_text(&self.achternaam, &f("achternaam"), 200, errors);
                if achternaam.is_none()
                    && bsn.is_none()
                    && errors.for_field(&f("achternaam")).is_none()
                {
                    errors.add(f("achternaam"), "Vul een achternaam of een BSN in.");
                }
                let geboortedatum = present(&self.geboortedatum)
                    .and_then(|v| errors.check(&f("geboortedatum"), parse_date(v)));
                Entiteit::Persoon {
                    bsn,
                    voornamen: short_text(&self.voornamen, &f("voornamen"), 200, errors),
                    voorvoegsel: short_text(&self.voorvoegsel, &f("voorvoegsel"), 20, errors),
                    achternaam: achternaam.unwrap_or_default(),
                    geboortedatum,
                }
            }
            EntiteitSoort::Organisatie => {
                let naam = short_text(&self.naam, &f("naam"), 300, errors);
                if naam.is_none() && errors.for_field(&f("naam")).is_none() {
                    errors.add(f("naam"), "Vul de (handels)naam in.");
                }
                Entiteit::Organisatie {
                    naam: naam.unwrap_or_default(),
                    kvk_nummer: present(&self.kvk_nummer)
                        .and_then(|v| errors.check(&f("kvkNummer"), KvkNummer::parse(v))),
                    vestigingsnummer: present(&self.vestigingsnummer).and_then(|v| {
                        errors.check(&f("vestigingsnummer"), Vestigingsnummer::parse(v))
                    }),
                    rsin: present(&self.rsin)
                        .and_then(|v| errors.check(&f("rsin"), Rsin::parse(v))),
                    rechtsvorm: short_text(&self.rechtsvorm, &f("rechtsvorm"), 100, errors),
                }
            }
            EntiteitSoort::Adres => {
                let postcode = match present(&self.postcode) {
                    Some(v) => errors.check(&f("postcode"), Postcode::parse(v)),
                    None => {
                        errors.add(f("postcode"), "Vul de postcode in.");
                        None
                    }
                };
                let huisnummer = match present(&self.huisnummer) {
                    Some(v) => errors.check(&f("huisnummer"), parse_huisnummer(v)),
                    None => {
                        errors.add(f("huisnummer"), "Vul het huisnummer in.");
                        None
                    }
                };
                let huisletter = present(&self.huisletter)
                    .and_then(|v| errors.check(&f("huisletter"), parse_huisletter(v)));
                let toevoeging = present(&self.huisnummertoevoeging)
                    .and_then(|v| errors.check(&f("huisnummertoevoeging"), parse_toevoeging(v)));
                let bag_id =
                    present(&self.bag_id).and_then(|v| errors.check(&f("bagId"), BagId::parse(v)));
                let straat = short_text(&self.straat, &f("straat"), 200, errors);
                let woonplaats = short_text(&self.woonplaats, &f("woonplaats"), 100, errors);
                Entiteit::Adres {
                    postcode: postcode?,
                    huisnummer: huisnummer?,
                    huisletter,
                    huisnummertoevoeging: toevoeging,
                    straat,
                    woonplaats,
                    bag_id,
                }
            }
            EntiteitSoort::Voertuig => match present(&self.kenteken) {
                Some(v) => Entiteit::Voertuig {
                    kenteken: errors.check(&f("kenteken"), Kenteken::parse(v))?,
                },
                None => {
                    errors.add(f("kenteken"), "Vul het kenteken in.");
                    return None;
                }
            },
            EntiteitSoort::Rekening => match present(&self.iban) {
                Some(v) => Entiteit::Rekening {
                    iban: errors.check(&f("iban"), Iban::parse(v))?,
                    tenaamstelling: short_text(
                        &self.tenaamstelling,
                        &f("tenaamstelling"),
                        200,
                        errors,
                    ),
                },
                None => {
                    errors.add(f("iban"), "Vul het IBAN in.");
                    return None;
                }
            },
            EntiteitSoort::Gebied => {
                let naam = short_text(&self.naam, &f("naam"), 200, errors);
                if naam.is_none() && errors.for_field(&f("naam")).is_none() {
                    errors.add(f("naam"), "Vul de naam van het gebied in.");
                }
                Entiteit::Gebied {
                    naam: naam.unwrap_or_default(),
                    omschrijving: short_text(&self.omschrijving, &f("omschrijving"), 1000, errors),
                }
            }
        };
        (errors.iter().count() == before).then_some((entity, rol?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_input_fills_gaps_but_never_overwrites() {
        let known = Entiteit::Persoon {
            bsn: Some(Bsn::parse("999900006").unwrap()),
            voornamen: None,
            voorvoegsel: None,
            achternaam: "Jansen".into(),
            geboortedatum: None,
        };
        let later = Entiteit::Persoon {
            bsn: Some(Bsn::parse("999900006").unwrap()),
            voornamen: Some("Jan".into()),
            voorvoegsel: None,
            achternaam: "Janssen".into(),
            geboortedatum: None,
        };
        let Some(Entiteit::Persoon {
            voornamen,
            achternaam,
            ..
        }) = known.aangevuld(&later)
        else {
            panic!("the first name is added");
        };
        assert_eq!(voornamen.as_deref(), Some("Jan"));
        assert_eq!(achternaam, "Jansen", "a filled field keeps its value");
        assert!(later.aangevuld(&known).is_none(), "nothing to add");
    }

    #[test]
    fn kenmerken_read_as_words_with_dates_as_people_write_them() {
        let person = Entiteit::Persoon {
            bsn: Some(Bsn::parse("999900006").unwrap()),
            voornamen: Some("Jan".into()),
            voorvoegsel: None,
            achternaam: "Jansen".into(),
            geboortedatum: Some(time::macros::date!(1963 - 08 - 16)),
        };
        assert_eq!(
            person.kenmerken(),
            vec![
                ("BSN", "999900006".to_string()),
                ("Voornamen", "Jan".to_string()),
                ("Achternaam", "Jansen".to_string()),
                ("Geboortedatum", "16-08-1963".to_string()),
            ]
        );
        let adres = Entiteit::Adres {
            postcode: Postcode::parse("2161AB").unwrap(),
            huisnummer: 12,
            huisletter: Some("A".into()),
            huisnummertoevoeging: None,
            straat: None,
            woonplaats: Some("Lisse".into()),
            bag_id: None,
        };
        let labels: Vec<_> = adres
            .kenmerken()
            .into_iter()
            .map(|(l, v)| format!("{l}: {v}"))
            .collect();
        assert_eq!(
            labels,
            [
                "Huisnummer: 12",
                "Huisletter: A",
                "Postcode: 2161 AB",
                "Woonplaats: Lisse"
            ]
        );
    }

    #[test]
    fn a_letter_addresses_the_surname_with_a_capital_prefix() {
        let person = Entiteit::Persoon {
            bsn: None,
            voornamen: Some("Marloes".into()),
            voorvoegsel: Some("van".into()),
            achternaam: "Voorbeeld".into(),
            geboortedatum: None,
        };
        assert_eq!(person.naam(), "Marloes van Voorbeeld");
        assert_eq!(person.aanspreeknaam().as_deref(), Some("Van Voorbeeld"));
        assert_eq!(
            crate::tijd::format_date_long_nl(time::macros::date!(2026 - 12 - 02)),
            "2 december 2026"
        );
    }

    #[test]
    fn every_invalid_field_is_named() {
        let mut errors = ValidationErrors::new();
        let person = EntiteitInvoer {
            soort: "persoon".into(),
            bsn: Some("123456789".into()),
            achternaam: Some("Jansen".into()),
            ..Default::default()
        };
        let address = EntiteitInvoer {
            soort: "adres".into(),
            postcode: Some("12AB34".into()),
            huisnummer: Some("12".into()),
            ..Default::default()
        };
        let car = EntiteitInvoer {
            soort: "voertuig".into(),
            kenteken: Some("ABCDEF".into()),
            ..Default::default()
        };
        assert!(person.parse("subjecten[0]", &mut errors).is_none());
        assert!(address.parse("objecten[0]", &mut errors).is_none());
        assert!(car.parse("objecten[1]", &mut errors).is_none());
        let names: Vec<&str> = errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "subjecten[0].bsn",
                "objecten[0].postcode",
                "objecten[1].kenteken"
            ]
        );
    }

    #[test]
    fn keys_find_the_same_entity_however_it_was_typed() {
        let mut errors = ValidationErrors::new();
        let a = EntiteitInvoer {
            soort: "adres".into(),
            postcode: Some("2181 ab".into()),
            huisnummer: Some("12".into()),
            huisletter: Some("a".into()),
            ..Default::default()
        };
        let b = EntiteitInvoer {
            soort: "adres".into(),
            postcode: Some("2181AB".into()),
            huisnummer: Some(" 12".into()),
            huisletter: Some("A".into()),
            straat: Some("Stationsweg".into()),
            ..Default::default()
        };
        let (a, rol) = a.parse("a", &mut errors).unwrap();
        let (b, _) = b.parse("b", &mut errors).unwrap();
        assert_eq!(a.sleutel(), b.sleutel());
        assert_eq!(rol, Rol::Locatie);
        assert_eq!(b.weergave(), "Stationsweg 12A, 2181 AB");
        let car = EntiteitInvoer {
            soort: "voertuig".into(),
            kenteken: Some("gb-123-x".into()),
            ..Default::default()
        }
        .parse("c", &mut errors)
        .unwrap()
        .0;
        assert_eq!(car.sleutel().unwrap(), "kenteken:GB123X");
        assert!(errors.is_empty());
    }
}

impl EntiteitInvoer {
    /// The input that gives this entity again: a form to correct it starts from here.
    pub fn van(entiteit: &Entiteit, rol: Rol) -> EntiteitInvoer {
        let mut value = serde_json::to_value(entiteit).expect("an entity serialises");
        value["rol"] = serde_json::Value::String(rol.as_str().into());
        serde_json::from_value(value).expect("an entity's fields are input fields")
    }
}

#[cfg(test)]
mod invoer_tests {
    use super::*;

    #[test]
    fn an_entity_gives_the_input_that_parses_to_it_again() {
        let inputs = [
            EntiteitInvoer {
                soort: "persoon".into(),
                rol: Some("eigenaar".into()),
                bsn: Some("999900006".into()),
                voornamen: Some("Jan".into()),
                achternaam: Some("Verzonnen".into()),
                geboortedatum: Some("1981-03-07".into()),
                ..Default::default()
            },
            EntiteitInvoer {
                soort: "adres".into(),
                postcode: Some("2181AB".into()),
                huisnummer: Some("12".into()),
                huisletter: Some("a".into()),
                woonplaats: Some("Hillegom".into()),
                ..Default::default()
            },
            EntiteitInvoer {
                soort: "organisatie".into(),
                naam: Some("Loods BV".into()),
                kvk_nummer: Some("12345678".into()),
                ..Default::default()
            },
        ];
        for input in inputs {
            let mut errors = ValidationErrors::new();
            let (entiteit, rol) = input.parse("e", &mut errors).expect("valid");
            let again = EntiteitInvoer::van(&entiteit, rol);
            let mut errors = ValidationErrors::new();
            assert_eq!(
                again.parse("e", &mut errors),
                Some((entiteit, rol)),
                "{errors:?}"
            );
        }
    }
}
