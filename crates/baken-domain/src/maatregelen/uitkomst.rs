//! What some steps establish beyond their date: the Bibob conclusion (the degree of danger and its
//! ground, Wet Bibob art. 3) of an own investigation, the national bureau's advice or the notice to
//! the Bibob register; and the amount of a penalty forfeited or collected or of costs recovered.
//! Checked here, without I/O, so the pages, the API and the demo refuse the same things.

use super::Stap;
use crate::ValidationErrors;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The degree of danger a Bibob investigation concludes to (art. 3 lid 1 and 2 Wet Bibob).
    Gevaar {
        Geen = "geen", "Geen gevaar";
        MindereMate = "mindere-mate", "Mindere mate van gevaar";
        Ernstig = "ernstig", "Ernstig gevaar";
    }
);

vocabulary!(
    /// The ground of a Bibob conclusion: the decision would be used to exploit criminal proceeds
    /// (a), to commit crimes (b), or both.
    BibobGrond {
        A = "a", "a-grond: benutten van uit strafbare feiten verkregen voordelen";
        B = "b", "b-grond: plegen van strafbare feiten";
        AEnB = "a-en-b", "a- en b-grond";
    }
);

/// The outcome a step records, as checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uitkomst {
    pub gevaar: Option<Gevaar>,
    pub bibob_grond: Option<BibobGrond>,
    /// In euro cents.
    pub bedrag_cent: Option<i64>,
}

/// Steps that conclude on the degree of danger; the bureau's advice always does.
fn met_gevaar(stap: Stap) -> bool {
    matches!(
        stap,
        Stap::EigenOnderzoek | Stap::BibobAdvies | Stap::BibobMelding
    )
}

fn gevaar_verplicht(stap: Stap) -> bool {
    matches!(stap, Stap::BibobAdvies | Stap::BibobMelding)
}

/// Steps that record an amount; a penalty forfeited or collected always does.
fn met_bedrag(stap: Stap) -> bool {
    matches!(
        stap,
        Stap::Verbeurte | Stap::Invordering | Stap::Kostenverhaal
    )
}

/// The most one step records: ten million euros.
const MAX_CENT: i64 = 1_000_000_000;

/// `2500`, `2.500`, `2500,50`, `€ 2.500,00` or `2500.50`: an amount in euros as people write it,
/// in cents. A dot followed by exactly three digits groups thousands; otherwise it is the decimal
/// separator (as is a comma).
pub fn parse_bedrag(input: &str) -> Result<i64, String> {
    let fout = || {
        format!(
            "Geen geldig bedrag: '{}'. Schrijf bijvoorbeeld 2.500,00.",
            input.trim()
        )
    };
    let s: String = input
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Err(fout());
    }
    let (heel, cent) = match s.rfind([',', '.']) {
        Some(i) => {
            let (voor, na) = (&s[..i], &s[i + 1..]);
            let scheiding = s.as_bytes()[i];
            if scheiding == b'.' && na.len() == 3 && !voor.contains(',') {
                (s.as_str(), "")
            } else {
                (voor, na)
            }
        }
        None => (s.as_str(), ""),
    };
    let heel: String = {
        // Thousands separators: groups of three after the first.
        let groepen: Vec<&str> = heel.split('.').collect();
        if groepen.len() > 1
            && (groepen[0].is_empty()
                || groepen[0].len() > 3
                || groepen[1..].iter().any(|g| g.len() != 3))
        {
            return Err(fout());
        }
        groepen.concat()
    };
    if heel.is_empty()
        || !heel.chars().all(|c| c.is_ascii_digit())
        || cent.len() > 2
        || !cent.chars().all(|c| c.is_ascii_digit())
        || heel.len() > 10
    {
        return Err(fout());
    }
    let euros: i64 = heel.parse().map_err(|_| fout())?;
    let cents: i64 = match cent.len() {
        0 => 0,
        1 => cent.parse::<i64>().map_err(|_| fout())? * 10,
        _ => cent.parse().map_err(|_| fout())?,
    };
    let total = euros * 100 + cents;
    if total == 0 {
        return Err("Een bedrag van nul wordt niet vastgelegd.".into());
    }
    if total > MAX_CENT {
        return Err("Dat bedrag is hoger dan tien miljoen euro; controleer het.".into());
    }
    Ok(total)
}

/// `€ 2.500,00`: an amount in cents as the pages and letters write it.
pub fn format_bedrag(cent: i64) -> String {
    let euros = cent / 100;
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("€ {grouped},{:02}", cent % 100)
}

/// `Conclusie: ernstig gevaar, a-grond: …`: a Bibob conclusion as the journal and the
/// intervention's timeline write it.
pub fn conclusie(gevaar: Gevaar, grond: Option<BibobGrond>) -> String {
    match grond {
        Some(g) => format!(
            "Conclusie: {}, {}",
            gevaar.label().to_lowercase(),
            g.label()
        ),
        None => format!("Conclusie: {}", gevaar.label().to_lowercase()),
    }
}

/// `2500.50`: an amount in cents as the API writes it (two decimals, a dot).
pub fn bedrag_decimaal(cent: i64) -> String {
    format!("{}.{:02}", cent / 100, cent % 100)
}

/// Checks what `stap` records beyond its date; every problem goes into `errors` under the field
/// `gevaar`, `bibobGrond` or `bedrag`.
pub fn check_uitkomst(
    stap: Option<Stap>,
    gevaar: Option<&str>,
    grond: Option<&str>,
    bedrag: Option<&str>,
    errors: &mut ValidationErrors,
) -> Uitkomst {
    fn given(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    let (gevaar, grond, bedrag) = (given(gevaar), given(grond), given(bedrag));
    let mut out = Uitkomst::default();
    let Some(stap) = stap else {
        return out;
    };
    if met_gevaar(stap) {
        match gevaar.map(Gevaar::parse) {
            None if gevaar_verplicht(stap) => errors.add_code(
                "gevaar",
                "verplicht",
                "Kies de mate van gevaar die de conclusie noemt.",
            ),
            None => {}
            Some(Err(e)) => errors.add_code("gevaar", "onbekend", e),
            Some(Ok(g)) => out.gevaar = Some(g),
        }
        match (out.gevaar, grond.map(BibobGrond::parse)) {
            (Some(Gevaar::Geen), Some(_)) => errors.add_code(
                "bibobGrond",
                "ongeldig",
                "Zonder gevaar is er geen grond; laat de grond leeg.",
            ),
            (Some(Gevaar::MindereMate | Gevaar::Ernstig), None) => errors.add_code(
                "bibobGrond",
                "verplicht",
                "Kies de grond van het gevaar: a, b of beide.",
            ),
            (None, Some(_)) if errors.for_field("gevaar").is_none() => errors.add_code(
                "bibobGrond",
                "ongeldig",
                "Een grond hoort bij een conclusie over de mate van gevaar.",
            ),
            (_, Some(Err(e))) => errors.add_code("bibobGrond", "onbekend", e),
            (Some(_), Some(Ok(g))) => out.bibob_grond = Some(g),
            _ => {}
        }
    } else {
        if gevaar.is_some() {
            errors.add_code(
                "gevaar",
                "ongeldig",
                format!(
                    "Bij {} hoort geen mate van gevaar.",
                    stap.label().to_lowercase()
                ),
            );
        }
        if grond.is_some() {
            errors.add_code(
                "bibobGrond",
                "ongeldig",
                format!(
                    "Bij {} hoort geen Bibob-grond.",
                    stap.label().to_lowercase()
                ),
            );
        }
    }
    if met_bedrag(stap) {
        match bedrag.map(parse_bedrag) {
            None => errors.add_code("bedrag", "verplicht", "Vul het bedrag in (in euro)."),
            Some(Err(e)) => errors.add_code("bedrag", "formaat", e),
            Some(Ok(c)) => out.bedrag_cent = Some(c),
        }
    } else if bedrag.is_some() {
        errors.add_code(
            "bedrag",
            "ongeldig",
            format!("Bij {} hoort geen bedrag.", stap.label().to_lowercase()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        for (input, cent) in [
            ("2500", 250_000),
            ("2.500", 250_000),
            ("2.500,00", 250_000),
            ("€ 2.500,50", 250_050),
            ("2500,5", 250_050),
            ("2500.50", 250_050),
            ("1.000.000", 100_000_000),
            ("0,01", 1),
        ] {
            assert_eq!(parse_bedrag(input), Ok(cent), "{input}");
        }
        for input in [
            "",
            "abc",
            "2,500,00",
            "12.34.5",
            "1,234",
            "-5",
            "0",
            "0,00",
            "20.000.000",
        ] {
            assert!(parse_bedrag(input).is_err(), "{input}");
        }
        assert_eq!(format_bedrag(250_050), "€ 2.500,50");
        assert_eq!(format_bedrag(100_000_000), "€ 1.000.000,00");
        assert_eq!(format_bedrag(5), "€ 0,05");
        for cent in [1, 99, 100, 123_456, 1_000_000_000] {
            let written = format_bedrag(cent);
            assert_eq!(parse_bedrag(&written), Ok(cent), "{written}");
            let api = bedrag_decimaal(cent);
            assert_eq!(parse_bedrag(&api), Ok(cent), "{api}");
        }
        assert_eq!(bedrag_decimaal(250_050), "2500.50");
        assert_eq!(
            conclusie(Gevaar::Ernstig, Some(BibobGrond::AEnB)),
            "Conclusie: ernstig gevaar, a- en b-grond"
        );
        assert_eq!(conclusie(Gevaar::Geen, None), "Conclusie: geen gevaar");
    }

    fn check(
        stap: Stap,
        g: Option<&str>,
        gr: Option<&str>,
        b: Option<&str>,
    ) -> (Uitkomst, Vec<String>) {
        let mut errors = ValidationErrors::new();
        let out = check_uitkomst(Some(stap), g, gr, b, &mut errors);
        let mut fields: Vec<String> = errors.iter().map(|e| e.name.clone()).collect();
        fields.dedup();
        (out, fields)
    }

    #[test]
    fn a_bibob_advice_names_the_danger_and_its_ground() {
        assert_eq!(check(Stap::BibobAdvies, None, None, None).1, ["gevaar"]);
        assert_eq!(
            check(Stap::BibobAdvies, Some("ernstig"), None, None).1,
            ["bibobGrond"]
        );
        assert_eq!(
            check(Stap::BibobAdvies, Some("geen"), Some("a"), None).1,
            ["bibobGrond"]
        );
        let (out, errors) = check(Stap::BibobAdvies, Some("ernstig"), Some("a-en-b"), None);
        assert!(errors.is_empty());
        assert_eq!(out.gevaar, Some(Gevaar::Ernstig));
        assert_eq!(out.bibob_grond, Some(BibobGrond::AEnB));
        let (out, errors) = check(Stap::BibobAdvies, Some("geen"), None, None);
        assert!(errors.is_empty());
        assert_eq!(out.gevaar, Some(Gevaar::Geen));
        // An own investigation may be recorded before it concludes.
        assert!(check(Stap::EigenOnderzoek, None, None, None).1.is_empty());
        assert_eq!(
            check(Stap::EigenOnderzoek, None, Some("b"), None).1,
            ["bibobGrond"]
        );
        assert_eq!(
            check(Stap::BibobMelding, Some("heel erg"), None, None).1,
            ["gevaar"]
        );
        // Not on other steps.
        assert_eq!(
            check(Stap::Besluit, Some("ernstig"), Some("a"), Some("10")).1,
            ["gevaar", "bibobGrond", "bedrag"]
        );
    }

    #[test]
    fn a_penalty_records_its_amount() {
        assert_eq!(check(Stap::Verbeurte, None, None, None).1, ["bedrag"]);
        assert_eq!(
            check(Stap::Invordering, None, None, Some("veel")).1,
            ["bedrag"]
        );
        let (out, errors) = check(Stap::Kostenverhaal, None, None, Some("1.250,75"));
        assert!(errors.is_empty());
        assert_eq!(out.bedrag_cent, Some(125_075));
        assert_eq!(
            check(Stap::Verbeurte, Some("geen"), None, Some("5000")).1,
            ["gevaar"]
        );
    }
}
