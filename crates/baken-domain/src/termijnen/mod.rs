//! Legal deadlines (termijnen): when a term begins, its plain last day, and the last day after the
//! Algemene termijnenwet. Pure: dates in, dates and reasons out.
//!
//! - A term "binnen zes weken na de dag waarop het besluit is bekendgemaakt" begins the day after
//!   the event (Awb 6:8) and its plain last day is the same weekday six weeks after the event.
//! - Atw art. 1: a statutory term that ends on a Saturday, Sunday or holiday runs to the next day
//!   that is none of these.
//! - Atw art. 2: a statutory term of at least three days is extended so that it holds at least two
//!   days that are none of these.
//!
//! The terms a municipality sets itself (the time for a view, a grace period) are not statutory;
//! Baken still lets them end on a working day, in the resident's favour, and says so.

pub mod feestdagen;

use serde::Serialize;
use time::{Date, Duration};

pub use crate::protocol::Duur;
pub use feestdagen::{Feestdag, feestdag, feestdagen, pasen, vermoedelijk_gelijkgesteld, vrij};

/// A computed term: when it begins, its plain last day, the last day that counts, and why they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Termijn {
    /// The first day of the term (the day after the event).
    #[serde(with = "crate::tijd::iso_date")]
    pub aanvang: Date,
    /// The last day by the plain count.
    #[serde(with = "crate::tijd::iso_date")]
    pub gewone_einddatum: Date,
    /// The last day that counts (after the Atw and any suspension).
    #[serde(with = "crate::tijd::iso_date")]
    pub einddatum: Date,
    /// How the last day was reached, one sentence per step, in Dutch.
    pub toelichting: Vec<String>,
}

/// A term's length as the law says it: `zes weken`, `3 maanden`, `14 dagen`.
pub fn omschrijving(duur: Duur) -> String {
    const WEKEN: [&str; 13] = [
        "",
        "één week",
        "twee weken",
        "drie weken",
        "vier weken",
        "vijf weken",
        "zes weken",
        "zeven weken",
        "acht weken",
        "negen weken",
        "tien weken",
        "elf weken",
        "twaalf weken",
    ];
    if duur.jaren == 0 && duur.maanden == 0 && duur.dagen > 0 && duur.dagen.is_multiple_of(7) {
        let weken = (duur.dagen / 7) as usize;
        return WEKEN
            .get(weken)
            .map_or_else(|| format!("{weken} weken"), |w| (*w).to_string());
    }
    duur.omschrijving()
}

/// The plain last day of a term of `duur` that begins the day after `gebeurtenis`.
pub fn gewoon_einde(gebeurtenis: Date, duur: Duur) -> Date {
    duur.na(gebeurtenis)
}

/// The next day on or after `datum` on which a term may end, with the days passed over.
fn eerste_werkdag(mut datum: Date, gelijkgesteld: &[Date], uitleg: &mut Vec<String>) -> Date {
    while let Some(reden) = vrij(datum, gelijkgesteld) {
        uitleg.push(format!(
            "{} is {reden}: de termijn loopt door tot de volgende dag.",
            crate::tijd::format_date_long_nl(datum)
        ));
        datum += Duration::days(1);
    }
    datum
}

/// Atw art. 1 and 2 on a term from `aanvang` to `einde` (both inclusive).
pub fn algemene_termijnenwet(
    aanvang: Date,
    einde: Date,
    gelijkgesteld: &[Date],
    uitleg: &mut Vec<String>,
) -> Date {
    let mut einde = eerste_werkdag(einde, gelijkgesteld, uitleg);
    let lengte = (einde - aanvang).whole_days() + 1;
    if lengte >= 3 {
        let werkdagen = |tot: Date| {
            let mut n = 0;
            let mut d = aanvang;
            while d <= tot {
                if vrij(d, gelijkgesteld).is_none() {
                    n += 1;
                }
                d += Duration::days(1);
            }
            n
        };
        while werkdagen(einde) < 2 {
            einde += Duration::days(1);
            uitleg.push(
                "De termijn moet ten minste twee werkdagen bevatten (artikel 2 Algemene termijnenwet)."
                    .into(),
            );
            einde = eerste_werkdag(einde, gelijkgesteld, uitleg);
        }
    }
    einde
}

/// A statutory term of `duur` that begins the day after `gebeurtenis`, extended by the Atw.
pub fn wettelijke_termijn(
    gebeurtenis: Date,
    duur: Duur,
    gelijkgesteld: &[Date],
    grondslag: &str,
) -> Termijn {
    let aanvang = gebeurtenis + Duration::days(1);
    let gewoon = gewoon_einde(gebeurtenis, duur);
    let mut toelichting = vec![format!(
        "{grondslag}: {} vanaf {}, gewoon tot en met {}.",
        omschrijving(duur),
        crate::tijd::format_date_weekday_nl(aanvang),
        crate::tijd::format_date_weekday_nl(gewoon)
    )];
    let einde = algemene_termijnenwet(aanvang, gewoon, gelijkgesteld, &mut toelichting);
    Termijn {
        aanvang,
        gewone_einddatum: gewoon,
        einddatum: einde,
        toelichting,
    }
}

const ZES_WEKEN: Duur = Duur {
    jaren: 0,
    maanden: 0,
    dagen: 42,
};

/// The objection term: six weeks from the day after the decision was made known (Awb 6:7 and 6:8).
pub fn bezwaartermijn(bekendmaking: Date, gelijkgesteld: &[Date]) -> Termijn {
    wettelijke_termijn(
        bekendmaking,
        ZES_WEKEN,
        gelijkgesteld,
        "Bezwaartermijn (artikel 6:7 en 6:8 Awb)",
    )
}

/// The appeal term against the decision on objection, or the higher appeal against the court's
/// judgment: six weeks from the day after it was made known or sent (Awb 6:7, 6:8 and 6:24).
pub fn beroepstermijn(bekendmaking: Date, gelijkgesteld: &[Date]) -> Termijn {
    wettelijke_termijn(
        bekendmaking,
        ZES_WEKEN,
        gelijkgesteld,
        "Beroepstermijn (artikel 6:7 en 6:8 Awb)",
    )
}

/// The term for deciding on an objection (Awb 7:10): six weeks, or twelve with an advisory
/// committee, from the day after the objection term ended; postponed by six weeks when the
/// authority says so (lid 3).
pub fn beslistermijn_bezwaar(
    einde_bezwaartermijn: Date,
    adviescommissie: bool,
    verdaagd: bool,
    gelijkgesteld: &[Date],
) -> Termijn {
    let weken = if adviescommissie { 12 } else { 6 } + if verdaagd { 6 } else { 0 };
    let grondslag = match (adviescommissie, verdaagd) {
        (false, false) => "Beslistermijn op bezwaar (artikel 7:10 lid 1 Awb)",
        (true, false) => "Beslistermijn op bezwaar met adviescommissie (artikel 7:10 lid 1 Awb)",
        (_, true) => "Beslistermijn op bezwaar, verdaagd (artikel 7:10 lid 3 Awb)",
    };
    wettelijke_termijn(
        einde_bezwaartermijn,
        Duur {
            jaren: 0,
            maanden: 0,
            dagen: 7 * weken,
        },
        gelijkgesteld,
        grondslag,
    )
}

/// The term the national Bibob bureau has for its advice: eight weeks from the request, extendable
/// once by four weeks (Wet Bibob art. 15).
pub fn bibob_adviestermijn(aanvraag: Date, verlengd: bool, gelijkgesteld: &[Date]) -> Termijn {
    wettelijke_termijn(
        aanvraag,
        Duur {
            jaren: 0,
            maanden: 0,
            dagen: if verlengd { 84 } else { 56 },
        },
        gelijkgesteld,
        if verlengd {
            "Adviestermijn Landelijk Bureau Bibob, verlengd (artikel 15 Wet Bibob)"
        } else {
            "Adviestermijn Landelijk Bureau Bibob (artikel 15 Wet Bibob)"
        },
    )
}

/// A decision term suspended while the Bibob bureau advises (Wet Bibob art. 15 lid 2): the days
/// from the request to the advice (at most eight weeks, twelve when extended) are added to the
/// plain end of the decision term. Without an advice yet, the longest suspension is counted.
pub fn beslistermijn_met_bibob(
    aanvang: Date,
    gewoon_einde: Date,
    adviesaanvraag: Date,
    advies_ontvangen: Option<Date>,
    verlengd: bool,
    gelijkgesteld: &[Date],
) -> Termijn {
    let maximum = Duration::weeks(if verlengd { 12 } else { 8 });
    let opgeschort = match advies_ontvangen {
        Some(ontvangen) if ontvangen >= adviesaanvraag => (ontvangen - adviesaanvraag).min(maximum),
        _ => maximum,
    };
    let verschoven = gewoon_einde + opgeschort;
    let mut toelichting = vec![
        format!(
            "Beslistermijn gewoon tot en met {}.",
            crate::tijd::format_date_weekday_nl(gewoon_einde)
        ),
        format!(
            "Opgeschort voor het Bibob-advies: {} dagen{} (artikel 15 Wet Bibob), dus tot en met {}.",
            opgeschort.whole_days(),
            if advies_ontvangen.is_some() {
                ""
            } else {
                ", het advies is er nog niet: de langste opschorting geteld"
            },
            crate::tijd::format_date_weekday_nl(verschoven)
        ),
    ];
    let einde = algemene_termijnenwet(aanvang, verschoven, gelijkgesteld, &mut toelichting);
    Termijn {
        aanvang,
        gewone_einddatum: gewoon_einde,
        einddatum: einde,
        toelichting,
    }
}

/// A term the municipality sets itself (view, grace period, a partner's reply, the end of
/// monitoring): `duur` from the day after `gebeurtenis`, ending on a working day.
pub fn eigen_termijn(gebeurtenis: Date, duur: Duur, wat: &str, gelijkgesteld: &[Date]) -> Termijn {
    let aanvang = gebeurtenis + Duration::days(1);
    let gewoon = gewoon_einde(gebeurtenis, duur);
    let mut toelichting = vec![format!(
        "{wat}: {} vanaf {}, gewoon tot en met {}.",
        omschrijving(duur),
        crate::tijd::format_date_weekday_nl(aanvang),
        crate::tijd::format_date_weekday_nl(gewoon)
    )];
    let before = toelichting.len();
    let einde = eerste_werkdag(gewoon, gelijkgesteld, &mut toelichting);
    if toelichting.len() > before {
        toelichting.push(
            "Geen wettelijke termijn: Baken laat hem toch op een werkdag eindigen, ten gunste van de betrokkene."
                .into(),
        );
    }
    Termijn {
        aanvang,
        gewone_einddatum: gewoon,
        einddatum: einde,
        toelichting,
    }
}

/// A warning when the last day is one the royal decrees usually put on a par with a holiday but the
/// municipality has not listed: the decree in the Staatscourant decides.
pub fn waarschuwing(termijn: &Termijn, gelijkgesteld: &[Date]) -> Option<String> {
    let einde = termijn.einddatum;
    (!gelijkgesteld.contains(&einde) && vermoedelijk_gelijkgesteld(einde.year()).contains(&einde))
        .then(|| {
            format!(
                "Let op: {} wordt doorgaans bij koninklijk besluit gelijkgesteld met een feestdag (artikel 3 lid 3 Algemene termijnenwet). Staat die dag in het besluit in de Staatscourant, neem hem dan op in de gelijkgestelde dagen; de termijn loopt dan langer.",
                crate::tijd::format_date_weekday_nl(einde)
            )
        })
}

#[cfg(test)]
mod tests;
