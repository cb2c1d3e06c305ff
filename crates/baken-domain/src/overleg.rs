//! Meetings (overleggen): the signal meeting that weighs the new signals (CCV step 3), the
//! municipal case meeting, the RIEC case meeting and the triangle (driehoek).
//!
//! A meeting has a chair, attendees (colleagues, and named participants from outside who have no
//! account), an agenda of dossiers and a decision per item. A decision is not a note: it is the
//! protocol's transition in that dossier, refused like any other when a weighing, motivation or
//! privacy check is missing, and journaled there as an `overlegbesluit`. What the minutes show of
//! an item depends on who reads them (need-to-know per dossier).

use crate::UserId;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The kinds of meeting.
    OverlegSoort {
        Signalenoverleg = "signalenoverleg", "Signalenoverleg";
        Casusoverleg = "casusoverleg", "Casusoverleg";
        RiecCasusoverleg = "riec-casusoverleg", "RIEC-casusoverleg";
        Driehoek = "driehoek", "Driehoeksoverleg";
    }
);

impl OverlegSoort {
    /// Whether the meeting is internal to the municipality's team (the signal meeting): its
    /// agenda is drawn from the signals that await weighing.
    pub fn weegt_signalen(self) -> bool {
        self == OverlegSoort::Signalenoverleg
    }

    /// Whether partners from outside the municipality take part as a rule.
    pub fn met_partners(self) -> bool {
        matches!(
            self,
            OverlegSoort::RiecCasusoverleg | OverlegSoort::Driehoek
        )
    }
}

vocabulary!(
    /// Where a meeting stands.
    OverlegStatus {
        Gepland = "gepland", "Gepland";
        Afgerond = "afgerond", "Afgerond";
    }
);

/// Someone at the meeting: a colleague with an account, or a named participant from outside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deelnemer {
    /// The colleague's account; `None` for a participant from outside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gebruiker: Option<UserId>,
    /// The name as the minutes show it (for a colleague: the account's name when recorded).
    pub naam: String,
    /// The organisation of a participant from outside (police, tax office, housing corporation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisatie: Option<String>,
}

impl Deelnemer {
    pub fn is_extern(&self) -> bool {
        self.gebruiker.is_none()
    }
}

/// A participant from outside as typed in a form: `Naam (Organisatie)` or just a name.
pub fn parse_extern(regel: &str) -> Option<Deelnemer> {
    let regel = regel.trim();
    if regel.is_empty() {
        return None;
    }
    let (naam, organisatie) = match regel.rsplit_once('(') {
        Some((naam, rest)) if rest.trim_end().ends_with(')') && !naam.trim().is_empty() => (
            naam.trim().to_string(),
            Some(rest.trim_end().trim_end_matches(')').trim().to_string())
                .filter(|o| !o.is_empty()),
        ),
        _ => (regel.to_string(), None),
    };
    Some(Deelnemer {
        gebruiker: None,
        naam,
        organisatie,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participant_from_outside_is_read_with_their_organisation() {
        let d = parse_extern("  J. de Vries (Politie Hollands Midden) ").unwrap();
        assert_eq!(d.naam, "J. de Vries");
        assert_eq!(d.organisatie.as_deref(), Some("Politie Hollands Midden"));
        assert!(d.is_extern());
        let d = parse_extern("Woonstichting").unwrap();
        assert_eq!((d.naam.as_str(), d.organisatie), ("Woonstichting", None));
        let d = parse_extern("(Belastingdienst)").unwrap();
        assert_eq!(d.naam, "(Belastingdienst)");
        assert!(parse_extern("   ").is_none());
    }

    #[test]
    fn only_the_signal_meeting_weighs_signals() {
        assert!(OverlegSoort::Signalenoverleg.weegt_signalen());
        assert!(!OverlegSoort::Driehoek.weegt_signalen());
        assert!(OverlegSoort::RiecCasusoverleg.met_partners());
        assert_eq!(
            OverlegSoort::parse("riec-casusoverleg").unwrap(),
            OverlegSoort::RiecCasusoverleg
        );
    }
}
