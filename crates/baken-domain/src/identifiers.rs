//! Dutch identifiers, parsed into normalised values. Each `parse` accepts what people type (spaces,
//! dashes, lower case) and returns the canonical form, or a Dutch reason why the value cannot be right.
//! Formal validity is not existence: a BSN that passes the eleven-test may still belong to nobody.
//! Rules and sources: `shared/reference/domain-research.md` §8.1.

use serde::{Deserialize, Serialize};

fn digits_only(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect()
}

/// The eleven-test of BSN and RSIN: weights 9..2 and −1, sum divisible by 11 and not zero.
fn eleven_test(digits: &[u8; 9]) -> bool {
    let sum: i64 = digits[..8]
        .iter()
        .enumerate()
        .map(|(i, d)| i64::from(*d) * (9 - i as i64))
        .sum::<i64>()
        - i64::from(digits[8]);
    sum != 0 && sum % 11 == 0
}

fn nine_digits(input: &str) -> Option<[u8; 9]> {
    let mut raw = digits_only(input);
    if raw.len() == 8 {
        raw.insert(0, '0'); // Legacy eight-digit notation.
    }
    if raw.len() != 9 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = [0u8; 9];
    for (slot, b) in digits.iter_mut().zip(raw.bytes()) {
        *slot = b - b'0';
    }
    Some(digits)
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

/// Burgerservicenummer: nine digits passing the eleven-test.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bsn(String);
string_newtype!(Bsn);

impl Bsn {
    pub fn parse(input: &str) -> Result<Self, String> {
        match nine_digits(input) {
            Some(d) if eleven_test(&d) => {
                Ok(Self(d.iter().map(|d| char::from(b'0' + d)).collect()))
            }
            Some(_) => Err("Dit BSN klopt niet: het voldoet niet aan de elfproef.".into()),
            None => Err("Een BSN bestaat uit negen cijfers.".into()),
        }
    }
}

/// Rechtspersonen en Samenwerkingsverbanden Informatienummer: nine digits, eleven-test.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rsin(String);
string_newtype!(Rsin);

impl Rsin {
    pub fn parse(input: &str) -> Result<Self, String> {
        match nine_digits(input) {
            Some(d) if eleven_test(&d) => {
                Ok(Self(d.iter().map(|d| char::from(b'0' + d)).collect()))
            }
            Some(_) => Err("Dit RSIN klopt niet: het voldoet niet aan de elfproef.".into()),
            None => Err("Een RSIN bestaat uit negen cijfers.".into()),
        }
    }
}

fn fixed_digits(input: &str, len: usize) -> Option<String> {
    let raw = digits_only(input);
    (raw.len() == len && raw.bytes().all(|b| b.is_ascii_digit())).then_some(raw)
}

/// KvK-nummer: exactly eight digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KvkNummer(String);
string_newtype!(KvkNummer);

impl KvkNummer {
    pub fn parse(input: &str) -> Result<Self, String> {
        fixed_digits(input, 8)
            .map(Self)
            .ok_or_else(|| "Een KvK-nummer bestaat uit acht cijfers.".into())
    }
}

/// Vestigingsnummer: exactly twelve digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Vestigingsnummer(String);
string_newtype!(Vestigingsnummer);

impl Vestigingsnummer {
    pub fn parse(input: &str) -> Result<Self, String> {
        fixed_digits(input, 12)
            .map(Self)
            .ok_or_else(|| "Een vestigingsnummer bestaat uit twaalf cijfers.".into())
    }
}

/// A BAG object id: sixteen digits (gemeentecode, object type, serial number).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BagId(String);
string_newtype!(BagId);

impl BagId {
    pub fn parse(input: &str) -> Result<Self, String> {
        let id = fixed_digits(input, 16)
            .ok_or_else(|| "Een BAG-id bestaat uit zestien cijfers.".to_string())?;
        const TYPES: [&str; 6] = ["01", "02", "03", "10", "20", "30"];
        if TYPES.contains(&&id[4..6]) {
            Ok(Self(id))
        } else {
            Err("Dit BAG-id heeft een onbekend objecttype (cijfers 5 en 6).".into())
        }
    }
}

/// Postcode, normalised to `1234AB`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);
string_newtype!(Postcode);

impl Postcode {
    pub fn parse(input: &str) -> Result<Self, String> {
        let code: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let bytes = code.as_bytes();
        let valid = bytes.len() == 6
            && (b'1'..=b'9').contains(&bytes[0])
            && bytes[1..4].iter().all(u8::is_ascii_digit)
            && bytes[4..].iter().all(u8::is_ascii_uppercase)
            && !matches!(&code[4..], "SA" | "SD" | "SS");
        if valid {
            Ok(Self(code))
        } else {
            Err(
                "Een postcode bestaat uit vier cijfers en twee letters, bijvoorbeeld 2181 AB."
                    .into(),
            )
        }
    }
}

/// Huisnummer 1 to 99999.
pub fn parse_huisnummer(input: &str) -> Result<u32, String> {
    match input.trim().parse::<u32>() {
        Ok(n) if (1..=99_999).contains(&n) => Ok(n),
        _ => Err("Een huisnummer is een getal van 1 tot en met 99999.".into()),
    }
}

/// Huisletter: one letter, stored upper case.
pub fn parse_huisletter(input: &str) -> Result<String, String> {
    let letter = input.trim().to_ascii_uppercase();
    if letter.len() == 1 && letter.as_bytes()[0].is_ascii_uppercase() {
        Ok(letter)
    } else {
        Err("Een huisletter is één letter.".into())
    }
}

/// Huisnummertoevoeging: up to four letters or digits (`-` and `/` are display only).
pub fn parse_toevoeging(input: &str) -> Result<String, String> {
    let addition: String = input
        .trim()
        .trim_start_matches(['-', '/'])
        .to_ascii_uppercase();
    if !addition.is_empty()
        && addition.len() <= 4
        && addition.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        Ok(addition)
    } else {
        Err("Een toevoeging bestaat uit hoogstens vier letters of cijfers.".into())
    }
}

/// A Dutch licence plate, normalised and formatted by its side code (e.g. `GB-123-X`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Kenteken(String);
string_newtype!(Kenteken);

/// Side codes 1–14 as groups of L(etter)/D(igit) lengths.
const SIDE_CODES: [&[(char, usize)]; 14] = [
    &[('L', 2), ('D', 2), ('D', 2)],
    &[('D', 2), ('D', 2), ('L', 2)],
    &[('D', 2), ('L', 2), ('D', 2)],
    &[('L', 2), ('D', 2), ('L', 2)],
    &[('L', 2), ('L', 2), ('D', 2)],
    &[('D', 2), ('L', 2), ('L', 2)],
    &[('D', 2), ('L', 3), ('D', 1)],
    &[('D', 1), ('L', 3), ('D', 2)],
    &[('L', 2), ('D', 3), ('L', 1)],
    &[('L', 1), ('D', 3), ('L', 2)],
    &[('L', 3), ('D', 2), ('L', 1)],
    &[('L', 1), ('D', 2), ('L', 3)],
    &[('D', 1), ('L', 2), ('D', 3)],
    &[('D', 3), ('L', 2), ('D', 1)],
];

const FORBIDDEN_LETTERS: [&str; 15] = [
    "GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV", "TBS", "SS", "SD", "PVV", "SGP", "VVD", "FVD",
    "BBB",
];

impl Kenteken {
    pub fn parse(input: &str) -> Result<Self, String> {
        let invalid = || {
            Err(
                "Dit is geen geldig Nederlands kenteken, bijvoorbeeld GB-123-X of 12-ABC-3."
                    .to_string(),
            )
        };
        let plate: String = input
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        if plate.len() != 6
            || input
                .chars()
                .any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == ' '))
        {
            return invalid();
        }
        for (index, groups) in SIDE_CODES.iter().enumerate() {
            let side_code = index + 1;
            let mut rest = plate.as_str();
            let mut parts = Vec::new();
            let fits = groups.iter().all(|(kind, len)| {
                let (part, tail) = rest.split_at(*len);
                rest = tail;
                parts.push(part);
                part.bytes().all(|b| {
                    if *kind == 'L' {
                        b.is_ascii_uppercase()
                    } else {
                        b.is_ascii_digit()
                    }
                })
            });
            if !fits {
                continue;
            }
            let letter_groups: Vec<&str> = groups
                .iter()
                .zip(&parts)
                .filter(|((k, _), _)| *k == 'L')
                .map(|(_, p)| *p)
                .collect();
            let letters: String = letter_groups.concat();
            if side_code >= 4 && letters.chars().any(|c| "AEIOUCQ".contains(c)) {
                return invalid();
            }
            if letter_groups
                .iter()
                .any(|g| FORBIDDEN_LETTERS.iter().any(|f| g.contains(f)))
            {
                return invalid();
            }
            return Ok(Self(parts.join("-")));
        }
        invalid()
    }
}

/// IBAN, normalised without spaces; ISO 7064 mod 97; Dutch IBANs are 18 characters with a bank code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iban(String);
string_newtype!(Iban);

impl Iban {
    pub fn parse(input: &str) -> Result<Self, String> {
        let iban: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let shape_ok = (15..=34).contains(&iban.len())
            && iban.bytes().take(2).all(|b| b.is_ascii_uppercase())
            && iban.bytes().skip(2).take(2).all(|b| b.is_ascii_digit())
            && iban.bytes().all(|b| b.is_ascii_alphanumeric());
        let dutch_ok = !iban.starts_with("NL")
            || (iban.len() == 18
                && iban.as_bytes()[4..8].iter().all(u8::is_ascii_uppercase)
                && iban.as_bytes()[8..].iter().all(u8::is_ascii_digit));
        if !shape_ok || !dutch_ok {
            return Err("Dit is geen geldig IBAN, bijvoorbeeld NL91 ABNA 0417 1643 00.".into());
        }
        let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
        let remainder = rearranged.chars().fold(0u32, |acc, c| {
            let value = c.to_digit(36).expect("alphanumeric");
            if value < 10 {
                (acc * 10 + value) % 97
            } else {
                (acc * 100 + value) % 97
            }
        });
        if remainder == 1 {
            Ok(Self(iban))
        } else {
            Err("Dit IBAN klopt niet: het controlegetal is onjuist.".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bsn_eleven_test() {
        assert_eq!(Bsn::parse("999900006").unwrap().as_str(), "999900006");
        assert_eq!(Bsn::parse("9999.00.018").unwrap().as_str(), "999900018");
        assert!(Bsn::parse("123456789").unwrap_err().contains("elfproef"));
        assert!(
            Bsn::parse("000000000").is_err(),
            "zero passes the bare mod test but is no BSN"
        );
        assert!(Bsn::parse("12345").unwrap_err().contains("negen cijfers"));
        assert!(Bsn::parse("99990000a").is_err());
    }

    #[test]
    fn rsin_kvk_vestiging_bag() {
        assert!(Rsin::parse("002065538").is_ok());
        assert!(Rsin::parse("002065539").is_err());
        assert_eq!(KvkNummer::parse("0123 4567").unwrap().as_str(), "01234567");
        assert!(KvkNummer::parse("1234567").is_err());
        assert!(Vestigingsnummer::parse("000012345678").is_ok());
        assert!(Vestigingsnummer::parse("12345678").is_err());
        assert!(BagId::parse("0534010000012345").is_ok());
        assert!(BagId::parse("0534990000012345").is_err());
        assert!(BagId::parse("053401000001234").is_err());
    }

    #[test]
    fn postcodes_are_normalised() {
        assert_eq!(Postcode::parse("2181 ab").unwrap().as_str(), "2181AB");
        for bad in ["0181AB", "2181A", "2181 SS", "21811AB", "ABCD12", ""] {
            assert!(Postcode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn address_parts() {
        assert_eq!(parse_huisnummer("12"), Ok(12));
        assert!(
            parse_huisnummer("0").is_err()
                && parse_huisnummer("100000").is_err()
                && parse_huisnummer("1a").is_err()
        );
        assert_eq!(parse_huisletter("b"), Ok("B".into()));
        assert!(parse_huisletter("bb").is_err());
        assert_eq!(parse_toevoeging("-2hg"), Ok("2HG".into()));
        assert!(parse_toevoeging("12345").is_err());
    }

    #[test]
    fn licence_plates_by_side_code() {
        for (input, formatted) in [
            ("ab-12-34", "AB-12-34"),
            ("12-34-AB", "12-34-AB"),
            ("GB123X", "GB-123-X"),
            ("12-BBF-3", "12-BBF-3"),
            ("1-KBT-23", "1-KBT-23"),
            ("X-999-ZZ", "X-999-ZZ"),
            ("999-ZZ-9", "999-ZZ-9"),
            ("9-ZZ-999", "9-ZZ-999"),
        ] {
            assert_eq!(
                Kenteken::parse(input).map(|k| k.to_string()),
                Ok(formatted.to_string()),
                "{input}"
            );
        }
        for bad in [
            "123456", "ABCDEF", "12-AB", "GA-123-X", "12-SSB-3", "NSB-12-X", "12-34-56", "AB-12-3!",
        ] {
            assert!(Kenteken::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn iban_mod_97() {
        assert_eq!(
            Iban::parse("nl91 abna 0417 1643 00").unwrap().as_str(),
            "NL91ABNA0417164300"
        );
        assert!(
            Iban::parse("NL91ABNA0417164301")
                .unwrap_err()
                .contains("controlegetal")
        );
        assert!(
            Iban::parse("NL91ABNA041716430").is_err(),
            "Dutch IBANs have 18 characters"
        );
        assert!(Iban::parse("DE89370400440532013000").is_ok());
    }

    proptest! {
        /// Every nine-digit number with a valid check digit parses, and exactly one check digit is valid
        /// for prefixes whose weighted sum leaves a remainder below 10.
        #[test]
        fn bsn_parse_is_idempotent(n in 0u32..1_000_000_000) {
            let text = format!("{n:09}");
            if let Ok(bsn) = Bsn::parse(&text) {
                prop_assert_eq!(Bsn::parse(bsn.as_str()).unwrap(), bsn.clone());
                prop_assert_eq!(bsn.as_str(), text);
            }
        }

        #[test]
        fn postcode_normalisation_is_idempotent(d in 1000u32..9999, a in "[A-Z]{2}") {
            let raw = format!("{d} {}", a.to_lowercase());
            if let Ok(pc) = Postcode::parse(&raw) {
                prop_assert_eq!(Postcode::parse(pc.as_str()).unwrap(), pc);
            }
        }
    }
}
