//! Partner requests (partnerverzoeken): a question from a dossier to a partner — the police, the
//! tax office, the public prosecutor, a department of the municipality — with a purpose, a legal
//! basis and a date by which the answer is asked; the answer recorded when it comes, with who gave
//! it and how reliable the source and the information are (the police's A–C/X and 1–4 scales).
//! A request is open until it is answered or withdrawn; both end it for good.

use crate::ValidationErrors;
use crate::signaal::{BronBetrouwbaarheid, InfoBetrouwbaarheid};
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};
use time::Date;

vocabulary!(
    /// The kind of partner asked.
    PartnerSoort {
        Politie = "politie", "Politie";
        OpenbaarMinisterie = "openbaar-ministerie", "Openbaar Ministerie";
        Belastingdienst = "belastingdienst", "Belastingdienst";
        Omgevingsdienst = "omgevingsdienst", "Omgevingsdienst";
        Brandweer = "brandweer", "Brandweer / veiligheidsregio";
        Riec = "riec", "RIEC";
        Woningcorporatie = "woningcorporatie", "Woningcorporatie";
        Afdeling = "afdeling", "Afdeling van de gemeente";
        Anders = "anders", "Andere partner";
    }
);

vocabulary!(
    /// Where a request stands.
    PartnerverzoekStatus {
        Open = "open", "Uitstaand";
        Beantwoord = "beantwoord", "Beantwoord";
        Ingetrokken = "ingetrokken", "Ingetrokken";
    }
);

/// The longest partner name, source name, purpose or legal basis.
pub const MAX_KORT: usize = 300;
/// The longest question, answer or reason of withdrawal.
pub const MAX_TEKST: usize = 10_000;

/// A request as sent, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct PartnerverzoekInvoer {
    pub partner_soort: String,
    /// Which partner exactly: "Politie eenheid Den Haag, district Bollenstreek".
    pub partner: String,
    pub vraag: String,
    pub doel: String,
    pub grondslag: String,
    /// The date by which the answer is asked (`JJJJ-MM-DD` or `DD-MM-JJJJ`).
    pub antwoord_voor: String,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NieuwPartnerverzoek {
    pub partner_soort: PartnerSoort,
    pub partner: String,
    pub vraag: String,
    pub doel: String,
    pub grondslag: String,
    pub antwoord_voor: Date,
}

/// An answer as sent, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct PartnerAntwoordInvoer {
    pub antwoord: String,
    /// The day the answer came (`JJJJ-MM-DD` or `DD-MM-JJJJ`).
    pub ontvangen: String,
    /// Who gave it (name or function at the partner).
    pub bron: String,
    pub bron_betrouwbaarheid: String,
    pub informatie_betrouwbaarheid: String,
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerAntwoord {
    pub antwoord: String,
    pub ontvangen: Date,
    pub bron: String,
    pub bron_betrouwbaarheid: BronBetrouwbaarheid,
    pub informatie_betrouwbaarheid: InfoBetrouwbaarheid,
}

/// Required text of at most `max` characters, trimmed.
fn tekst(
    errors: &mut ValidationErrors,
    name: &str,
    value: &str,
    max: usize,
    leeg: &str,
) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        errors.add_code(name, "verplicht", leeg);
        return None;
    }
    if v.chars().count() > max {
        errors.add_code(name, "te-lang", format!("Hoogstens {max} tekens."));
        return None;
    }
    Some(v.to_string())
}

fn datum(errors: &mut ValidationErrors, name: &str, value: &str, leeg: &str) -> Option<Date> {
    if value.trim().is_empty() {
        errors.add_code(name, "verplicht", leeg);
        return None;
    }
    errors.check(name, crate::entiteit::parse_date(value))
}

impl PartnerverzoekInvoer {
    /// Checks every field at once; `vandaag` is the day the request is sent (the answer is
    /// asked for a later day).
    pub fn check(&self, vandaag: Date) -> Result<NieuwPartnerverzoek, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let partner_soort = if self.partner_soort.trim().is_empty() {
            errors.add_code("partnerSoort", "verplicht", "Kies het soort partner.");
            None
        } else {
            errors.check(
                "partnerSoort",
                PartnerSoort::parse(self.partner_soort.trim()),
            )
        };
        let partner = tekst(
            &mut errors,
            "partner",
            &self.partner,
            MAX_KORT,
            "Noem de partner aan wie het verzoek gaat.",
        );
        let vraag = tekst(
            &mut errors,
            "vraag",
            &self.vraag,
            MAX_TEKST,
            "Schrijf op wat u de partner vraagt.",
        );
        let doel = tekst(
            &mut errors,
            "doel",
            &self.doel,
            MAX_KORT,
            "Geef het doel van het verzoek.",
        );
        let grondslag = tekst(
            &mut errors,
            "grondslag",
            &self.grondslag,
            MAX_KORT,
            "Geef de grondslag waarop de partner mag verstrekken (bijvoorbeeld het RIEC-convenant).",
        );
        let antwoord_voor = datum(
            &mut errors,
            "antwoordVoor",
            &self.antwoord_voor,
            "Geef de datum waarop u het antwoord uiterlijk wilt hebben.",
        );
        if let Some(d) = antwoord_voor
            && d <= vandaag
        {
            errors.add_code(
                "antwoordVoor",
                "te-vroeg",
                "Het antwoord kan ten vroegste morgen komen: kies een latere datum.",
            );
        }
        errors.into_result()?;
        Ok(NieuwPartnerverzoek {
            partner_soort: partner_soort.expect("checked"),
            partner: partner.expect("checked"),
            vraag: vraag.expect("checked"),
            doel: doel.expect("checked"),
            grondslag: grondslag.expect("checked"),
            antwoord_voor: antwoord_voor.expect("checked"),
        })
    }
}

impl PartnerAntwoordInvoer {
    /// Checks every field at once: the answer came on or after `verstuurd` and not after
    /// `vandaag`.
    pub fn check(
        &self,
        verstuurd: Date,
        vandaag: Date,
    ) -> Result<PartnerAntwoord, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let antwoord = tekst(
            &mut errors,
            "antwoord",
            &self.antwoord,
            MAX_TEKST,
            "Leg vast wat de partner antwoordde.",
        );
        let ontvangen = datum(
            &mut errors,
            "ontvangen",
            &self.ontvangen,
            "Geef de datum waarop het antwoord binnenkwam.",
        );
        match ontvangen {
            Some(d) if d > vandaag => errors.add_code(
                "ontvangen",
                "te-laat",
                "Een antwoord kan niet in de toekomst zijn binnengekomen.",
            ),
            Some(d) if d < verstuurd => errors.add_code(
                "ontvangen",
                "te-vroeg",
                "Het antwoord kan niet eerder zijn binnengekomen dan het verzoek is verstuurd.",
            ),
            _ => {}
        }
        let bron = tekst(
            &mut errors,
            "bron",
            &self.bron,
            MAX_KORT,
            "Noem wie bij de partner antwoordde (naam of functie).",
        );
        let bron_betrouwbaarheid = if self.bron_betrouwbaarheid.trim().is_empty() {
            errors.add_code(
                "bronBetrouwbaarheid",
                "verplicht",
                "Schat de betrouwbaarheid van de bron (A, B, C of X).",
            );
            None
        } else {
            errors.check(
                "bronBetrouwbaarheid",
                BronBetrouwbaarheid::parse(&self.bron_betrouwbaarheid.trim().to_lowercase()),
            )
        };
        let informatie_betrouwbaarheid = if self.informatie_betrouwbaarheid.trim().is_empty() {
            errors.add_code(
                "informatieBetrouwbaarheid",
                "verplicht",
                "Schat de betrouwbaarheid van de informatie (1 tot en met 4).",
            );
            None
        } else {
            errors.check(
                "informatieBetrouwbaarheid",
                InfoBetrouwbaarheid::parse(self.informatie_betrouwbaarheid.trim()),
            )
        };
        errors.into_result()?;
        Ok(PartnerAntwoord {
            antwoord: antwoord.expect("checked"),
            ontvangen: ontvangen.expect("checked"),
            bron: bron.expect("checked"),
            bron_betrouwbaarheid: bron_betrouwbaarheid.expect("checked"),
            informatie_betrouwbaarheid: informatie_betrouwbaarheid.expect("checked"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn invoer() -> PartnerverzoekInvoer {
        PartnerverzoekInvoer {
            partner_soort: "politie".into(),
            partner: "Politie eenheid Den Haag".into(),
            vraag: "Is het adres bij u bekend?".into(),
            doel: "Aanvullen van de informatiepositie".into(),
            grondslag: "RIEC-convenant".into(),
            antwoord_voor: "2026-12-21".into(),
        }
    }

    #[test]
    fn a_request_names_every_missing_field_and_asks_a_later_day() {
        let errors = PartnerverzoekInvoer::default()
            .check(date!(2026 - 12 - 07))
            .unwrap_err();
        let names: Vec<(&str, &str)> = errors.iter().map(|e| (e.name.as_str(), e.code)).collect();
        assert_eq!(
            names,
            [
                ("partnerSoort", "verplicht"),
                ("partner", "verplicht"),
                ("vraag", "verplicht"),
                ("doel", "verplicht"),
                ("grondslag", "verplicht"),
                ("antwoordVoor", "verplicht")
            ]
        );
        let today = PartnerverzoekInvoer {
            antwoord_voor: "07-12-2026".into(),
            partner_soort: "marechaussee".into(),
            ..invoer()
        }
        .check(date!(2026 - 12 - 07))
        .unwrap_err();
        let names: Vec<&str> = today.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["partnerSoort", "antwoordVoor"]);
        let ok = invoer().check(date!(2026 - 12 - 07)).unwrap();
        assert_eq!(ok.antwoord_voor, date!(2026 - 12 - 21));
        assert_eq!(ok.partner_soort, PartnerSoort::Politie);
    }

    #[test]
    fn an_answer_comes_between_the_request_and_today_with_both_reliabilities() {
        let mut a = PartnerAntwoordInvoer {
            antwoord: "Bekend: twee meldingen in 2026.".into(),
            ontvangen: "2026-12-10".into(),
            bron: "wijkagent".into(),
            bron_betrouwbaarheid: "B".into(),
            informatie_betrouwbaarheid: "2".into(),
        };
        let ok = a
            .check(date!(2026 - 12 - 07), date!(2026 - 12 - 10))
            .unwrap();
        assert_eq!(ok.bron_betrouwbaarheid, BronBetrouwbaarheid::B);
        assert_eq!(
            ok.informatie_betrouwbaarheid,
            InfoBetrouwbaarheid::BekendBijBron
        );
        a.ontvangen = "2026-12-06".into();
        a.informatie_betrouwbaarheid = "5".into();
        let errors = a
            .check(date!(2026 - 12 - 07), date!(2026 - 12 - 10))
            .unwrap_err();
        let names: Vec<(&str, &str)> = errors.iter().map(|e| (e.name.as_str(), e.code)).collect();
        assert_eq!(names[0], ("ontvangen", "te-vroeg"));
        assert_eq!(names[1].0, "informatieBetrouwbaarheid");
        a.ontvangen = "2026-12-11".into();
        let errors = a
            .check(date!(2026 - 12 - 07), date!(2026 - 12 - 10))
            .unwrap_err();
        assert_eq!(errors.iter().next().unwrap().code, "te-laat");
    }
}
