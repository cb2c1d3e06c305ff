//! The procedure steps an intervention can go through, and the deadline each one starts.

use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// A step of an intervention's procedure, in the order they usually come.
    Stap {
        BestuurlijkeRapportage = "bestuurlijke-rapportage", "Bestuurlijke rapportage ontvangen";
        EigenOnderzoek = "eigen-onderzoek", "Eigen Bibob-onderzoek";
        BibobAdviesaanvraag = "bibob-adviesaanvraag", "Advies gevraagd aan het Landelijk Bureau Bibob";
        BibobVerlenging = "bibob-verlenging", "Adviestermijn Bibob verlengd";
        BibobAdvies = "bibob-advies", "Bibob-advies ontvangen";
        Waarschuwing = "waarschuwing", "Waarschuwing gegeven";
        Gesprek = "gesprek", "Gesprek gevoerd";
        Voornemen = "voornemen", "Voornemen verzonden";
        Zienswijze = "zienswijze", "Zienswijze ontvangen";
        Hoorgesprek = "hoorgesprek", "Hoorgesprek gehouden";
        Besluit = "besluit", "Besluit genomen";
        Bekendmaking = "bekendmaking", "Besluit bekendgemaakt";
        Publicatie = "publicatie", "Besluit gepubliceerd";
        BibobMelding = "bibob-melding", "Gemeld aan het Bibob-register";
        Uitvoering = "uitvoering", "Uitgevoerd (verzegeling)";
        Ingang = "ingang", "Sluiting ingegaan";
        Verlenging = "verlenging", "Verlengd";
        Opheffing = "opheffing", "Opgeheven";
        Einde = "einde", "Beëindigd";
        Verbeurte = "verbeurte", "Dwangsom verbeurd";
        Invordering = "invordering", "Dwangsom ingevorderd";
        Kostenverhaal = "kostenverhaal", "Kosten verhaald";
        Bezwaar = "bezwaar", "Bezwaar ontvangen";
        Hoorzitting = "hoorzitting", "Hoorzitting bezwaar";
        BeslissingOpBezwaar = "beslissing-op-bezwaar", "Beslissing op bezwaar";
        VoorlopigeVoorziening = "voorlopige-voorziening", "Voorlopige voorziening";
        Beroep = "beroep", "Beroep ingesteld";
        UitspraakBeroep = "uitspraak-beroep", "Uitspraak in beroep";
        HogerBeroep = "hoger-beroep", "Hoger beroep ingesteld";
        UitspraakHogerBeroep = "uitspraak-hoger-beroep", "Uitspraak in hoger beroep";
    }
);

/// The deadline a step starts, when it starts one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gevolg {
    /// The time for a view (the instrument's `zienswijzetermijn`).
    Zienswijzetermijn,
    /// The objection term (six weeks, Awb 6:7) and the grace period of the decision.
    Bezwaartermijn,
    /// The Bibob bureau's advice term (eight weeks, Wet Bibob art. 15).
    BibobAdviestermijn,
    /// The same, extended by four weeks.
    BibobVerlengd,
    /// The decision term on objection (Awb 7:10), counted from the end of the objection term.
    BeslistermijnBezwaar,
    /// The appeal term (six weeks) after the decision on objection.
    Beroepstermijn,
    /// The higher-appeal term (six weeks) after the court's judgment.
    HogerBeroepstermijn,
}

impl Stap {
    pub fn gevolg(self) -> Option<Gevolg> {
        Some(match self {
            Stap::Voornemen => Gevolg::Zienswijzetermijn,
            Stap::Bekendmaking => Gevolg::Bezwaartermijn,
            Stap::BibobAdviesaanvraag => Gevolg::BibobAdviestermijn,
            Stap::BibobVerlenging => Gevolg::BibobVerlengd,
            Stap::Bezwaar => Gevolg::BeslistermijnBezwaar,
            Stap::BeslissingOpBezwaar => Gevolg::Beroepstermijn,
            Stap::UitspraakBeroep => Gevolg::HogerBeroepstermijn,
            _ => return None,
        })
    }

    /// Whether the step records a court decision, which carries an ECLI.
    pub fn heeft_ecli(self) -> bool {
        matches!(self, Stap::UitspraakBeroep | Stap::UitspraakHogerBeroep)
    }
}
