//! The catalogue of interventions (maatregelen) as data: each instrument with its legal basis,
//! competent authority, procedure steps and deadline rules, and the municipality's Damocles policy
//! matrix. Like the privacy protocol it is a TOML document, versioned per municipality; Baken ships
//! a default ([`STANDAARD`]). [`Catalogus::parse`] reports every problem at once.

mod invoer;
pub mod stap;
pub mod tijdlijn;
pub mod uitkomst;

pub use invoer::{Damoclesvoorstel, Hoeveelheid, MaatregelInvoer, Objectsoort, Procedure};
pub use stap::Stap;
pub use uitkomst::{BibobGrond, Gevaar, Uitkomst};

use crate::dossier::Vertrouwelijkheid;
use crate::protocol::Duur;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};
use time::Date;

/// The catalogue Baken ships; `baken maatregelen catalogus` prints it as the start of one's own.
pub const STANDAARD: &str = include_str!("../../catalogus/maatregelen.toml");

vocabulary!(
    /// Who decides: each mayor and each college is a separate administrative body.
    Bevoegd {
        Burgemeester = "burgemeester", "De burgemeester";
        College = "college", "Het college van burgemeester en wethouders";
    }
);

/// The document as written. [`Catalogus`] is the checked form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogusDocument {
    pub catalogus: Kop,
    #[serde(default)]
    pub instrumenten: Vec<Instrument>,
    #[serde(default)]
    pub damocles: Vec<Damoclesregel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kop {
    pub naam: String,
    pub versie: String,
    /// Adoption date (YYYY-MM-DD).
    pub vastgesteld_op: String,
    /// The policy rule the catalogue carries out (e.g. the Damoclesbeleid), named in decisions.
    pub beleidsregel: String,
}

/// A ground an instrument must be based on (174a: a, b or c).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grond {
    pub code: String,
    pub omschrijving: String,
}

/// Urgency: whether the instrument may be used without prior intent, and what that takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spoed {
    /// The steps skipped in urgent use (the intent and the view of the party concerned).
    pub slaat_over: Vec<Stap>,
    /// The legal basis of the urgent use, named in the decision.
    pub grondslag: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub code: String,
    pub naam: String,
    /// The legal basis, as the decision names it.
    pub grondslag: String,
    pub bevoegd: Bevoegd,
    /// The procedure steps in their order.
    pub stappen: Vec<Stap>,
    /// Whether the decision is open to objection (a warning letter is not a decision).
    #[serde(default)]
    pub bezwaar: bool,
    /// A duration (closure) must be set in the decision.
    #[serde(default)]
    pub duur_verplicht: bool,
    /// The grounds one of which is named; empty: none asked.
    #[serde(default)]
    pub gronden: Vec<Grond>,
    /// Whether the ground must be named when the intervention is proposed (174a); `false` where it
    /// follows from the outcome (Bibob: the a- or b-ground of the advice and the own findings).
    #[serde(default = "ja")]
    pub grond_verplicht: bool,
    /// Urgent use without prior intent, when the instrument allows it (with a recorded motivation).
    #[serde(default)]
    pub spoed: Option<Spoed>,
    /// The time for a view after the intent (a term the municipality sets).
    #[serde(default)]
    pub zienswijzetermijn: Option<String>,
    /// The grace period after the decision (a term the municipality sets).
    #[serde(default)]
    pub begunstigingstermijn: Option<String>,
    /// The confidentiality class of the intervention's documents (Bibob: art. 28 Wet Bibob).
    #[serde(default = "normaal")]
    pub klasse: Vertrouwelijkheid,
    #[serde(default)]
    pub toelichting: Option<String>,
}

fn ja() -> bool {
    true
}

fn normaal() -> Vertrouwelijkheid {
    Vertrouwelijkheid::Normaal
}

/// One line of the Damocles policy matrix: offence, kind of object, quantity → proposed measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Damoclesregel {
    /// 1, 2, or 3 for the third and later.
    pub overtreding: u8,
    pub object: Objectsoort,
    pub hoeveelheid: Hoeveelheid,
    pub instrument: String,
    /// The proposed duration of a closure.
    #[serde(default)]
    pub duur: Option<String>,
}

/// A checked catalogue: every step known, every reference resolving, every duration parsing, the
/// matrix complete and without contradictions.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogus {
    pub document: CatalogusDocument,
    pub vastgesteld_op: Date,
}

impl Catalogus {
    /// Reads and checks a catalogue document; every problem is reported.
    pub fn parse(text: &str) -> Result<Catalogus, Vec<String>> {
        let document: CatalogusDocument = toml::from_str(text).map_err(|e| {
            vec![format!(
                "De catalogus is geen geldig TOML-document: {}",
                e.message()
            )]
        })?;
        Self::check(document)
    }

    /// The catalogue Baken ships.
    pub fn standaard() -> Catalogus {
        Self::parse(STANDAARD).expect("the shipped catalogue is valid")
    }

    fn check(document: CatalogusDocument) -> Result<Catalogus, Vec<String>> {
        let mut errors = Vec::new();
        let vastgesteld_op = crate::entiteit::parse_date(&document.catalogus.vastgesteld_op);
        if vastgesteld_op.is_err() {
            errors.push("catalogus.vastgesteld_op: geef een datum als JJJJ-MM-DD.".to_string());
        }
        for (field, value) in [
            ("catalogus.naam", &document.catalogus.naam),
            ("catalogus.versie", &document.catalogus.versie),
            ("catalogus.beleidsregel", &document.catalogus.beleidsregel),
        ] {
            if value.trim().is_empty() {
                errors.push(format!("{field}: vul dit in."));
            }
        }
        let mut codes = std::collections::BTreeSet::new();
        for (i, instrument) in document.instrumenten.iter().enumerate() {
            let at = format!("instrumenten[{i}] ({})", instrument.code);
            if instrument.code.trim().is_empty()
                || !instrument
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                errors.push(format!(
                    "{at}: de code bestaat uit kleine letters, cijfers en streepjes."
                ));
            }
            if !codes.insert(instrument.code.as_str()) {
                errors.push(format!("{at}: de code komt twee keer voor."));
            }
            for (field, value) in [
                ("naam", &instrument.naam),
                ("grondslag", &instrument.grondslag),
            ] {
                if value.trim().is_empty() {
                    errors.push(format!("{at}.{field}: vul dit in."));
                }
            }
            if instrument.stappen.is_empty() {
                errors.push(format!("{at}.stappen: noem ten minste één stap."));
            }
            let mut seen = std::collections::BTreeSet::new();
            for stap in &instrument.stappen {
                if !seen.insert(*stap) {
                    errors.push(format!("{at}.stappen: '{stap}' komt twee keer voor."));
                }
            }
            if instrument.bezwaar && !instrument.stappen.contains(&Stap::Bekendmaking) {
                errors.push(format!(
                    "{at}: een besluit waartegen bezwaar openstaat, heeft de stap 'bekendmaking' (daar begint de bezwaartermijn)."
                ));
            }
            if instrument.stappen.contains(&Stap::Voornemen)
                && instrument.zienswijzetermijn.is_none()
            {
                errors.push(format!(
                    "{at}.zienswijzetermijn: een voornemen vraagt een termijn voor de zienswijze."
                ));
            }
            for (field, value) in [
                ("zienswijzetermijn", &instrument.zienswijzetermijn),
                ("begunstigingstermijn", &instrument.begunstigingstermijn),
            ] {
                if let Some(v) = value
                    && let Err(e) = Duur::parse(v)
                {
                    errors.push(format!("{at}.{field}: {e}"));
                }
            }
            let mut gronden = std::collections::BTreeSet::new();
            for grond in &instrument.gronden {
                if grond.code.trim().is_empty() || !gronden.insert(grond.code.as_str()) {
                    errors.push(format!(
                        "{at}.gronden: elke grond heeft een eigen, niet-lege code."
                    ));
                }
            }
            if let Some(spoed) = &instrument.spoed {
                for stap in &spoed.slaat_over {
                    if !instrument.stappen.contains(stap) {
                        errors.push(format!(
                            "{at}.spoed.slaat_over: '{stap}' is geen stap van dit instrument."
                        ));
                    }
                    if matches!(stap, Stap::Besluit | Stap::Bekendmaking) {
                        errors.push(format!(
                            "{at}.spoed.slaat_over: ook bij spoed wordt een besluit genomen en bekendgemaakt."
                        ));
                    }
                }
                if spoed.grondslag.trim().is_empty() {
                    errors.push(format!("{at}.spoed.grondslag: vul dit in."));
                }
            }
        }
        let mut matrix = std::collections::BTreeMap::new();
        for (i, regel) in document.damocles.iter().enumerate() {
            let at = format!("damocles[{i}]");
            if !(1..=3).contains(&regel.overtreding) {
                errors.push(format!("{at}.overtreding: 1, 2 of 3 (derde en volgende)."));
            }
            match document
                .instrumenten
                .iter()
                .find(|x| x.code == regel.instrument)
            {
                None => errors.push(format!(
                    "{at}.instrument: '{}' staat niet in de catalogus.",
                    regel.instrument
                )),
                Some(instrument) => {
                    if instrument.duur_verplicht && regel.duur.is_none() {
                        errors.push(format!("{at}.duur: '{}' vraagt een duur.", instrument.code));
                    }
                }
            }
            if let Some(v) = &regel.duur
                && let Err(e) = Duur::parse(v)
            {
                errors.push(format!("{at}.duur: {e}"));
            }
            if matrix
                .insert((regel.overtreding, regel.object, regel.hoeveelheid), i)
                .is_some()
            {
                errors.push(format!(
                    "{at}: deze combinatie van overtreding, object en hoeveelheid staat er al."
                ));
            }
        }
        if !document.damocles.is_empty() {
            for overtreding in 1..=3 {
                for object in Objectsoort::ALL {
                    for hoeveelheid in Hoeveelheid::ALL {
                        if !matrix.contains_key(&(overtreding, *object, *hoeveelheid)) {
                            errors.push(format!(
                                "damocles: geen regel voor overtreding {overtreding}, {}, {}.",
                                object.label().to_lowercase(),
                                hoeveelheid.label().to_lowercase()
                            ));
                        }
                    }
                }
            }
        }
        match (errors.is_empty(), vastgesteld_op) {
            (true, Ok(vastgesteld_op)) => Ok(Catalogus {
                document,
                vastgesteld_op,
            }),
            _ => Err(errors),
        }
    }

    pub fn instrumenten(&self) -> &[Instrument] {
        &self.document.instrumenten
    }

    pub fn instrument(&self, code: &str) -> Option<&Instrument> {
        self.document.instrumenten.iter().find(|i| i.code == code)
    }

    pub fn versie(&self) -> &str {
        &self.document.catalogus.versie
    }

    pub fn beleidsregel(&self) -> &str {
        &self.document.catalogus.beleidsregel
    }
}

#[cfg(test)]
mod tests;
