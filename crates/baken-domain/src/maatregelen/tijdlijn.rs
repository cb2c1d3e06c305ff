//! An intervention's deadlines, computed from the steps recorded so far: the catalogue says which
//! terms apply, the deadline engine computes them. Pure: recomputed whenever a step is recorded.

use super::stap::Gevolg;
use super::{Instrument, Stap};
use crate::protocol::Duur;
use crate::termijnen::{self, Termijn};
use serde::Serialize;
use time::{Date, Duration};

/// A step as recorded, with its date and, for the start or extension of a closure, its duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GezetteStap {
    pub stap: Stap,
    pub datum: Date,
    pub duur: Option<Duur>,
}

/// Who has to act before the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aan {
    /// The municipality (decide on the objection, the Bibob bureau's advice awaited).
    Gemeente,
    /// The party concerned (a view, an objection, an appeal, the grace period).
    Betrokkene,
}

/// One deadline of an intervention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    /// A stable code (`bezwaartermijn`, `beslistermijn-bezwaar`, …).
    pub soort: &'static str,
    pub omschrijving: String,
    pub aan: Aan,
    pub termijn: Termijn,
    /// The step that ends it has been recorded (a view came, the decision on objection was taken).
    pub voldaan: bool,
}

fn laatste(stappen: &[GezetteStap], stap: Stap) -> Option<&GezetteStap> {
    stappen
        .iter()
        .filter(|s| s.stap == stap)
        .max_by_key(|s| s.datum)
}

fn heeft(stappen: &[GezetteStap], stap: Stap) -> bool {
    stappen.iter().any(|s| s.stap == stap)
}

/// The deadlines the recorded steps have started, in the order of their last day.
pub fn deadlines(
    instrument: &Instrument,
    stappen: &[GezetteStap],
    gelijkgesteld: &[Date],
) -> Vec<Deadline> {
    let mut out = Vec::new();
    let eigen = |text: &Option<String>| text.as_deref().and_then(|t| Duur::parse(t).ok());
    let mut bezwaar_einde = None;
    for gezet in stappen {
        let Some(gevolg) = gezet.stap.gevolg() else {
            continue;
        };
        match gevolg {
            Gevolg::Zienswijzetermijn => {
                if let Some(duur) = eigen(&instrument.zienswijzetermijn) {
                    out.push(Deadline {
                        soort: "zienswijzetermijn",
                        omschrijving: "Zienswijze op het voornemen".into(),
                        aan: Aan::Betrokkene,
                        termijn: termijnen::eigen_termijn(
                            gezet.datum,
                            duur,
                            "Zienswijzetermijn",
                            gelijkgesteld,
                        ),
                        voldaan: heeft(stappen, Stap::Zienswijze)
                            || heeft(stappen, Stap::Hoorgesprek),
                    });
                }
            }
            Gevolg::Bezwaartermijn => {
                if let Some(duur) = eigen(&instrument.begunstigingstermijn) {
                    out.push(Deadline {
                        soort: "begunstigingstermijn",
                        omschrijving: "Begunstigingstermijn: de last uitvoeren".into(),
                        aan: Aan::Betrokkene,
                        termijn: termijnen::eigen_termijn(
                            gezet.datum,
                            duur,
                            "Begunstigingstermijn",
                            gelijkgesteld,
                        ),
                        voldaan: heeft(stappen, Stap::Uitvoering)
                            || heeft(stappen, Stap::Verbeurte),
                    });
                }
                if instrument.bezwaar {
                    let t = termijnen::bezwaartermijn(gezet.datum, gelijkgesteld);
                    bezwaar_einde = Some(t.einddatum);
                    out.push(Deadline {
                        soort: "bezwaartermijn",
                        omschrijving: "Bezwaar maken tegen het besluit".into(),
                        aan: Aan::Betrokkene,
                        termijn: t,
                        voldaan: heeft(stappen, Stap::Bezwaar),
                    });
                }
            }
            Gevolg::BibobAdviestermijn | Gevolg::BibobVerlengd => {
                // One term for the advice: the request's, extended when the extension is recorded.
                if gevolg == Gevolg::BibobVerlengd {
                    continue;
                }
                let verlengd = heeft(stappen, Stap::BibobVerlenging);
                out.push(Deadline {
                    soort: "bibob-adviestermijn",
                    omschrijving: "Advies van het Landelijk Bureau Bibob".into(),
                    aan: Aan::Gemeente,
                    termijn: termijnen::bibob_adviestermijn(gezet.datum, verlengd, gelijkgesteld),
                    voldaan: heeft(stappen, Stap::BibobAdvies),
                });
            }
            Gevolg::BeslistermijnBezwaar => {
                // Counted from the end of the objection term, not from the day the objection came.
                let einde = bezwaar_einde.or_else(|| {
                    laatste(stappen, Stap::Bekendmaking)
                        .map(|b| termijnen::bezwaartermijn(b.datum, gelijkgesteld).einddatum)
                });
                let Some(einde) = einde else { continue };
                out.push(Deadline {
                    soort: "beslistermijn-bezwaar",
                    omschrijving: "Beslissen op het bezwaar".into(),
                    aan: Aan::Gemeente,
                    termijn: termijnen::beslistermijn_bezwaar(
                        einde,
                        instrument.stappen.contains(&Stap::Hoorzitting),
                        false,
                        gelijkgesteld,
                    ),
                    voldaan: heeft(stappen, Stap::BeslissingOpBezwaar),
                });
            }
            Gevolg::Beroepstermijn => out.push(Deadline {
                soort: "beroepstermijn",
                omschrijving: "Beroep instellen tegen de beslissing op bezwaar".into(),
                aan: Aan::Betrokkene,
                termijn: termijnen::beroepstermijn(gezet.datum, gelijkgesteld),
                voldaan: heeft(stappen, Stap::Beroep),
            }),
            Gevolg::HogerBeroepstermijn => out.push(Deadline {
                soort: "hoger-beroepstermijn",
                omschrijving: "Hoger beroep instellen tegen de uitspraak".into(),
                aan: Aan::Betrokkene,
                termijn: termijnen::beroepstermijn(gezet.datum, gelijkgesteld),
                voldaan: heeft(stappen, Stap::HogerBeroep),
            }),
        }
    }
    if let Some(einde) = einde_sluiting(stappen) {
        let ingang = laatste(stappen, Stap::Ingang).expect("an end needs a start");
        out.push(Deadline {
            soort: "einde-sluiting",
            omschrijving: "Einde van de sluiting".into(),
            aan: Aan::Gemeente,
            termijn: Termijn {
                aanvang: ingang.datum,
                gewone_einddatum: einde,
                einddatum: einde,
                toelichting: vec![format!(
                    "Sluiting vanaf {} tot en met {}.",
                    crate::tijd::format_date_weekday_nl(ingang.datum),
                    crate::tijd::format_date_weekday_nl(einde)
                )],
            },
            voldaan: heeft(stappen, Stap::Einde) || heeft(stappen, Stap::Opheffing),
        });
    }
    out.sort_by_key(|d| d.termijn.einddatum);
    out
}

/// The last day of a closure: its start plus its duration, plus every recorded extension, counted
/// through the day before (a closure of three months from 1 June runs to 31 August).
pub fn einde_sluiting(stappen: &[GezetteStap]) -> Option<Date> {
    let ingang = laatste(stappen, Stap::Ingang)?;
    let duur = ingang.duur?;
    let mut einde = duur.na(ingang.datum) - Duration::days(1);
    let mut verlengingen: Vec<&GezetteStap> = stappen
        .iter()
        .filter(|s| s.stap == Stap::Verlenging && s.duur.is_some())
        .collect();
    verlengingen.sort_by_key(|s| s.datum);
    for v in verlengingen {
        einde = v.duur.expect("filtered").na(einde + Duration::days(1)) - Duration::days(1);
    }
    Some(einde)
}
