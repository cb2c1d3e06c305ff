//! Weighing by criterion: the answers a team gives to the criteria of one of the protocol's
//! weighings (1 and 2, 3, 4) when a signal leaves a phase. Pure: [`beoordeel`] checks a set of
//! answers against the weighing's criteria and gives every field error at once.

use crate::ValidationErrors;
use crate::protocol::Weging;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The answer to one criterion.
    Antwoord {
        Ja = "ja", "Ja";
        Nee = "nee", "Nee";
        Onbekend = "onbekend", "Niet vast te stellen";
    }
);

/// The longest explanation of one answer.
pub const MAX_TOELICHTING: usize = 4000;

/// One answer as entered: the criterion's number (1 for the weighing's first criterion), the
/// answer and an optional explanation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CriteriumInvoer {
    pub criterium: u32,
    pub antwoord: String,
    pub toelichting: Option<String>,
}

/// One checked answer, with the criterion's text as the protocol put it at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CriteriumAntwoord {
    pub criterium: String,
    pub antwoord: Antwoord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toelichting: Option<String>,
}

/// The field an answer's error shows at: `wegingsantwoorden.{n}.antwoord` (or `.toelichting`).
pub fn veld(criterium: usize, deel: &str) -> String {
    format!("wegingsantwoorden.{criterium}.{deel}")
}

/// Checks the answers to a weighing: every criterion answered exactly once with ja, nee or
/// niet vast te stellen, no unknown criterion, explanations within [`MAX_TOELICHTING`]. Gives
/// the answers in the criteria's order.
pub fn beoordeel(
    weging: &Weging,
    invoer: &[CriteriumInvoer],
    errors: &mut ValidationErrors,
) -> Vec<CriteriumAntwoord> {
    let n = weging.criteria.len();
    for i in invoer {
        if i.criterium == 0 || i.criterium as usize > n {
            errors.add_code(
                "wegingsantwoorden",
                "onbekend",
                format!(
                    "{} kent geen criterium {} (wel 1 tot en met {n}).",
                    weging.naam, i.criterium
                ),
            );
        }
    }
    let mut antwoorden = Vec::with_capacity(n);
    for (index, criterium) in weging.criteria.iter().enumerate() {
        let nummer = index + 1;
        let gegeven: Vec<&CriteriumInvoer> = invoer
            .iter()
            .filter(|i| i.criterium as usize == nummer)
            .collect();
        if gegeven.len() > 1 {
            errors.add_code(
                veld(nummer, "antwoord"),
                "ongeldig",
                "Dit criterium is meer dan eens beantwoord.",
            );
            continue;
        }
        let Some(gegeven) = gegeven.first() else {
            errors.add_code(
                veld(nummer, "antwoord"),
                "verplicht",
                "Beantwoord dit criterium: ja, nee of niet vast te stellen.",
            );
            continue;
        };
        let antwoord = if gegeven.antwoord.trim().is_empty() {
            errors.add_code(
                veld(nummer, "antwoord"),
                "verplicht",
                "Beantwoord dit criterium: ja, nee of niet vast te stellen.",
            );
            None
        } else {
            errors.check(
                &veld(nummer, "antwoord"),
                Antwoord::parse(&gegeven.antwoord),
            )
        };
        let toelichting = gegeven
            .toelichting
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if toelichting
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_TOELICHTING)
        {
            errors.add_code(
                veld(nummer, "toelichting"),
                "te-lang",
                format!("Hoogstens {MAX_TOELICHTING} tekens."),
            );
        }
        if antwoord == Some(Antwoord::Onbekend) && toelichting.is_none() {
            errors.add_code(
                veld(nummer, "toelichting"),
                "verplicht",
                "Leg uit waarom dit niet vast te stellen is.",
            );
        }
        if let Some(antwoord) = antwoord {
            antwoorden.push(CriteriumAntwoord {
                criterium: criterium.clone(),
                antwoord,
                toelichting,
            });
        }
    }
    antwoorden
}

/// The answers as the journal records them:
/// `Weging 3: … — Criterium: ja (toelichting); Criterium: nee.`
pub fn als_tekst(weging: &Weging, antwoorden: &[CriteriumAntwoord]) -> String {
    let regels: Vec<String> = antwoorden
        .iter()
        .map(|a| {
            let vraag = a.criterium.trim_end_matches(['?', '.']);
            let antwoord = a.antwoord.label().to_lowercase();
            match &a.toelichting {
                Some(t) => format!("{vraag}: {antwoord} ({})", t.trim_end_matches('.')),
                None => format!("{vraag}: {antwoord}"),
            }
        })
        .collect();
    format!("{} — {}.", weging.naam, regels.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weging() -> Weging {
        Weging {
            code: "weging-3".into(),
            naam: "Weging 3: zwaarte van het signaal".into(),
            criteria: vec![
                "Voldoende concreet".into(),
                "Van recente datum".into(),
                "Onderwerp van een trend- of fenomeenanalyse".into(),
            ],
        }
    }

    fn answer(criterium: u32, antwoord: &str, toelichting: Option<&str>) -> CriteriumInvoer {
        CriteriumInvoer {
            criterium,
            antwoord: antwoord.into(),
            toelichting: toelichting.map(str::to_string),
        }
    }

    #[test]
    fn every_criterion_is_answered_in_order() {
        let mut errors = ValidationErrors::new();
        let answers = beoordeel(
            &weging(),
            &[
                answer(3, "nee", None),
                answer(1, "ja", Some("Adres en tijden genoemd")),
                answer(2, "JA", None),
            ],
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(&str, Antwoord)> = answers
            .iter()
            .map(|a| (a.criterium.as_str(), a.antwoord))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Voldoende concreet", Antwoord::Ja),
                ("Van recente datum", Antwoord::Ja),
                ("Onderwerp van een trend- of fenomeenanalyse", Antwoord::Nee),
            ]
        );
        assert_eq!(
            als_tekst(&weging(), &answers),
            "Weging 3: zwaarte van het signaal — Voldoende concreet: ja (Adres en tijden genoemd); \
             Van recente datum: ja; Onderwerp van een trend- of fenomeenanalyse: nee."
        );
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let mut errors = ValidationErrors::new();
        let answers = beoordeel(
            &weging(),
            &[
                answer(1, "misschien", None),
                answer(2, "onbekend", Some("  ")),
                answer(2, "ja", None),
                answer(7, "ja", None),
            ],
            &mut errors,
        );
        let fields: Vec<&str> = errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "wegingsantwoorden",
                "wegingsantwoorden.1.antwoord",
                "wegingsantwoorden.2.antwoord",
                "wegingsantwoorden.3.antwoord",
            ]
        );
        assert!(answers.is_empty());
        let mut errors = ValidationErrors::new();
        beoordeel(&weging(), &[answer(1, "onbekend", None)], &mut errors);
        assert!(
            errors
                .for_field("wegingsantwoorden.1.toelichting")
                .is_some_and(|e| e.contains("waarom"))
        );
        let mut errors = ValidationErrors::new();
        beoordeel(
            &weging(),
            &[answer(1, "ja", Some(&"x".repeat(MAX_TOELICHTING + 1)))],
            &mut errors,
        );
        assert!(
            errors
                .for_field("wegingsantwoorden.1.toelichting")
                .is_some()
        );
    }
}
