//! Checking a proposed intervention against the catalogue (the ground, urgency and duration rules),
//! and the Damocles matrix's proposal.

use super::{Catalogus, Stap};
use crate::ValidationErrors;
use crate::protocol::Duur;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The kind of premises in the Damocles matrix.
    Objectsoort {
        Woning = "woning", "Woning";
        Lokaal = "lokaal", "Lokaal of bedrijfspand";
    }
);

vocabulary!(
    /// The quantity found, as the Damocles matrix distinguishes it.
    Hoeveelheid {
        Handel = "handel", "Handelshoeveelheid";
        Groot = "groot", "Grote hoeveelheid of professionele opzet";
    }
);

/// An intervention as proposed: which instrument, on what ground, whether urgent and why, for how long.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MaatregelInvoer {
    pub instrument: String,
    pub grond: Option<String>,
    pub spoed: bool,
    pub spoed_motivering: Option<String>,
    /// ISO 8601 duration (`P3M`) of a closure.
    pub duur: Option<String>,
}

/// What the catalogue makes of a valid proposal: the steps to go through and the checked values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub instrument: String,
    pub stappen: Vec<Stap>,
    /// Steps left out because the intervention is urgent.
    pub overgeslagen: Vec<Stap>,
    pub grond: Option<String>,
    pub spoed: bool,
    pub duur: Option<Duur>,
}

/// The measure the Damocles matrix proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damoclesvoorstel {
    pub instrument: String,
    pub naam: String,
    pub duur: Option<Duur>,
    /// The line of the matrix, in words, for the motivation.
    pub regel: String,
}

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Catalogus {
    /// Checks a proposed intervention: a known instrument; a ground when the instrument asks one
    /// (174a: a, b or c); urgency only where allowed and only with a motivation; a duration where
    /// the decision must set one. Every problem is reported, under the API's field names.
    pub fn controleer(&self, invoer: &MaatregelInvoer) -> Result<Procedure, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let Some(instrument) = self.instrument(invoer.instrument.trim()) else {
            if invoer.instrument.trim().is_empty() {
                errors.add_code("instrument", "verplicht", "Kies het instrument.");
            } else {
                let known: Vec<&str> = self
                    .instrumenten()
                    .iter()
                    .map(|i| i.code.as_str())
                    .collect();
                errors.add_code(
                    "instrument",
                    "onbekend",
                    format!("Onbekend instrument. Kies uit: {}.", known.join(", ")),
                );
            }
            return Err(errors);
        };
        let grond = filled(&invoer.grond);
        if instrument.gronden.is_empty() {
            if grond.is_some() {
                errors.add_code(
                    "grond",
                    "ongeldig",
                    format!("{} kent geen gronden; laat de grond leeg.", instrument.naam),
                );
            }
        } else {
            let codes: Vec<&str> = instrument.gronden.iter().map(|g| g.code.as_str()).collect();
            match grond {
                None if !instrument.grond_verplicht => {}
                None => errors.add_code(
                    "grond",
                    "verplicht",
                    format!(
                        "Kies de grond ({}) van {}.",
                        codes.join(", "),
                        instrument.grondslag
                    ),
                ),
                Some(g) if !codes.contains(&g) => errors.add_code(
                    "grond",
                    "onbekend",
                    format!("Onbekende grond '{g}'. Kies uit: {}.", codes.join(", ")),
                ),
                Some(_) => {}
            }
        }
        let mut overgeslagen = Vec::new();
        if invoer.spoed {
            match &instrument.spoed {
                None => errors.add_code(
                    "spoed",
                    "ongeldig",
                    format!(
                        "{} kent geen spoedeisende toepassing zonder voornemen.",
                        instrument.naam
                    ),
                ),
                Some(spoed) => {
                    if filled(&invoer.spoed_motivering).is_none() {
                        errors.add_code(
                            "spoedMotivering",
                            "verplicht",
                            format!(
                                "Motiveer waarom de zaak zo spoedeisend is dat een voornemen en zienswijze niet kunnen worden afgewacht ({}).",
                                spoed.grondslag
                            ),
                        );
                    }
                    overgeslagen = spoed.slaat_over.clone();
                }
            }
        } else if filled(&invoer.spoed_motivering).is_some() {
            errors.add_code(
                "spoedMotivering",
                "ongeldig",
                "Een spoedmotivering hoort alleen bij een spoedeisende toepassing.",
            );
        }
        let duur = match filled(&invoer.duur) {
            None if instrument.duur_verplicht => {
                errors.add_code(
                    "duur",
                    "verplicht",
                    format!(
                        "Geef de duur van de {} (bijvoorbeeld P3M).",
                        instrument.naam.to_lowercase()
                    ),
                );
                None
            }
            None => None,
            Some(text) => match Duur::parse(text) {
                Ok(d) if d == Duur::parse("P0D").expect("valid") => {
                    errors.add_code("duur", "ongeldig", "Een duur van nul dagen is geen duur.");
                    None
                }
                Ok(d) => Some(d),
                Err(e) => {
                    errors.add_code("duur", "formaat", e);
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Procedure {
            instrument: instrument.code.clone(),
            stappen: instrument
                .stappen
                .iter()
                .copied()
                .filter(|s| !overgeslagen.contains(s))
                .collect(),
            overgeslagen,
            grond: grond.map(str::to_string),
            spoed: invoer.spoed,
            duur,
        })
    }

    /// The measure the municipality's Damocles matrix proposes for this offence (the third and
    /// later count as the third), object and quantity.
    pub fn damocles_voorstel(
        &self,
        overtreding: u8,
        object: Objectsoort,
        hoeveelheid: Hoeveelheid,
    ) -> Option<Damoclesvoorstel> {
        let overtreding = overtreding.clamp(1, 3);
        let regel = self.document.damocles.iter().find(|r| {
            r.overtreding == overtreding && r.object == object && r.hoeveelheid == hoeveelheid
        })?;
        let instrument = self.instrument(&regel.instrument)?;
        let duur = regel.duur.as_deref().and_then(|d| Duur::parse(d).ok());
        let keer = match overtreding {
            1 => "eerste overtreding",
            2 => "tweede overtreding",
            _ => "derde of latere overtreding",
        };
        Some(Damoclesvoorstel {
            instrument: instrument.code.clone(),
            naam: instrument.naam.clone(),
            duur,
            regel: format!(
                "{}: {keer}, {}, {} → {}{}",
                self.beleidsregel(),
                object.label().to_lowercase(),
                hoeveelheid.label().to_lowercase(),
                instrument.naam.to_lowercase(),
                duur.map(|d| format!(" voor {}", d.omschrijving()))
                    .unwrap_or_default()
            ),
        })
    }
}
