//! Requests of data subjects (AVG art. 15-21): their kinds, legal deadlines and decisions, and the
//! grounds of art. 41 UAVG on which the answer may be restricted.

use crate::protocol::Duur;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};
use time::Date;

vocabulary!(
    /// What the data subject asks for.
    VerzoekSoort {
        Inzage = "inzage", "Inzage (art. 15 AVG)";
        Rectificatie = "rectificatie", "Rectificatie (art. 16 AVG)";
        Wissing = "wissing", "Wissing (art. 17 AVG)";
        Beperking = "beperking", "Beperking van de verwerking (art. 18 AVG)";
        Bezwaar = "bezwaar", "Bezwaar (art. 21 AVG)";
    }
);

vocabulary!(
    /// The decision on a request.
    Besluit {
        Toegewezen = "toegewezen", "Toegewezen";
        DeelsToegewezen = "deels-toegewezen", "Deels toegewezen";
        Afgewezen = "afgewezen", "Afgewezen";
    }
);

vocabulary!(
    /// Art. 41 lid 1 UAVG: the interests for which the rights of art. 12-21 AVG may be restricted.
    Art41Grond {
        NationaleVeiligheid = "a", "a. de nationale veiligheid";
        Landsverdediging = "b", "b. landsverdediging";
        OpenbareVeiligheid = "c", "c. de openbare veiligheid";
        Strafrecht = "d", "d. de voorkoming, het onderzoek, de opsporing en de vervolging van strafbare feiten of de tenuitvoerlegging van straffen";
        AlgemeenBelang = "e", "e. andere belangrijke doelstellingen van algemeen belang, met name een belangrijk economisch of financieel belang";
        Rechtspraak = "f", "f. de bescherming van de onafhankelijkheid van de rechter en van gerechtelijke procedures";
        Beroepscodes = "g", "g. de voorkoming, het onderzoek, de opsporing en de vervolging van schendingen van de beroepscodes voor gereglementeerde beroepen";
        Toezicht = "h", "h. een taak op het gebied van toezicht, inspectie of regelgeving die verband houdt met de uitoefening van het openbaar gezag";
        RechtenVanAnderen = "i", "i. de bescherming van de betrokkene of van de rechten en vrijheden van anderen";
        Vorderingen = "j", "j. de inning van civielrechtelijke vorderingen";
    }
);

/// The answer is due one month after receipt (art. 12 lid 3 AVG).
pub const TERMIJN: Duur = Duur {
    jaren: 0,
    maanden: 1,
    dagen: 0,
};

/// Complex or numerous requests may take two more months, if the data subject is told why within
/// the first month.
pub const VERLENGING: Duur = Duur {
    jaren: 0,
    maanden: 2,
    dagen: 0,
};

/// A request and its answer are kept two years after the answer (the processing register of the
/// protocol: "Verzoek en antwoord: 2 jaar na afhandeling"), then removed by the retention job.
pub const BEWAARTERMIJN: Duur = Duur {
    jaren: 2,
    maanden: 0,
    dagen: 0,
};

/// Whether a request answered on `beantwoord` is due for removal on `vandaag`.
pub fn te_verwijderen(beantwoord: Date, vandaag: Date) -> bool {
    BEWAARTERMIJN.na(beantwoord) <= vandaag
}

/// The deadline of a request received on `ontvangen`, with or without the extension.
pub fn termijn(ontvangen: Date, verlengd: bool) -> Date {
    let eerste = TERMIJN.na(ontvangen);
    if verlengd {
        VERLENGING.na(eerste)
    } else {
        eerste
    }
}

/// Why a deadline cannot be extended (the extension must be announced within the first month,
/// and only once), or `None` when it can.
pub fn verlenging_geweigerd(
    ontvangen: Date,
    al_verlengd: bool,
    afgehandeld: bool,
    vandaag: Date,
) -> Option<&'static str> {
    if afgehandeld {
        Some("Het verzoek is al afgehandeld.")
    } else if al_verlengd {
        Some("De termijn is al verlengd; dat kan één keer.")
    } else if vandaag > termijn(ontvangen, false) {
        Some("De termijn van een maand is verstreken; verlengen moest binnen die maand.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn deadlines_follow_calendar_months_and_the_extension_adds_two() {
        assert_eq!(termijn(date!(2026 - 11 - 29), false), date!(2026 - 12 - 29));
        assert_eq!(termijn(date!(2026 - 11 - 29), true), date!(2027 - 02 - 28));
        // 31 January plus a month is the last day of February.
        assert_eq!(termijn(date!(2027 - 01 - 31), false), date!(2027 - 02 - 28));
    }

    #[test]
    fn requests_are_kept_two_years_after_the_answer() {
        assert!(!te_verwijderen(
            date!(2026 - 11 - 29),
            date!(2028 - 11 - 28)
        ));
        assert!(te_verwijderen(date!(2026 - 11 - 29), date!(2028 - 11 - 29)));
        // Answered on 29 February: due on the last day of February two years on.
        assert!(!te_verwijderen(
            date!(2028 - 02 - 29),
            date!(2030 - 02 - 27)
        ));
        assert!(te_verwijderen(date!(2028 - 02 - 29), date!(2030 - 02 - 28)));
    }

    #[test]
    fn an_extension_is_possible_once_and_only_within_the_first_month() {
        let received = date!(2026 - 11 - 01);
        assert_eq!(
            verlenging_geweigerd(received, false, false, date!(2026 - 12 - 01)),
            None
        );
        assert!(verlenging_geweigerd(received, false, false, date!(2026 - 12 - 02)).is_some());
        assert!(verlenging_geweigerd(received, true, false, date!(2026 - 11 - 05)).is_some());
        assert!(verlenging_geweigerd(received, false, true, date!(2026 - 11 - 05)).is_some());
    }

    #[test]
    fn the_grounds_are_the_ten_of_article_41() {
        assert_eq!(Art41Grond::ALL.len(), 10);
        assert_eq!(Art41Grond::parse("d").unwrap(), Art41Grond::Strafrecht);
        assert!(Art41Grond::parse("k").is_err());
    }
}
