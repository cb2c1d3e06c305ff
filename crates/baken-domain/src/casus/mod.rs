//! Cases (casussen): the team's own approach of one or more signals (CCV step 4), and tasks.
//!
//! A case is a dossier of its own kind: it has the journal, attachments, entity links,
//! need-to-know and access log of every dossier. What is particular to it lives here: its
//! lifecycle (the CCV model of [`CasusStatus::may_become`], narrowed by the municipality's
//! privacy protocol in its `[casus]` section, see [`crate::protocol::CasusRegels`]), the reasons a
//! case is closed, and the tasks of the team.

use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// Where a case is in its lifecycle.
    CasusStatus {
        Aangemaakt = "aangemaakt", "Aangemaakt";
        PlanVanAanpak = "plan-van-aanpak", "Plan van aanpak";
        InUitvoering = "in-uitvoering", "In uitvoering";
        Nazorg = "nazorg", "Nazorg en monitoring";
        Afgesloten = "afgesloten", "Afgesloten";
    }
);

impl CasusStatus {
    /// The transitions the model allows; a municipality's protocol may narrow them.
    ///
    /// Aangemaakt → plan van aanpak (after privacy check 2A) → in uitvoering (after 2B) → nazorg
    /// (monitoring after the interventions) → afgesloten; back from nazorg to in uitvoering when
    /// monitoring shows new facts; closure is possible from every open phase (the approach may
    /// turn out unnecessary, or the case may go to the RIEC).
    pub fn may_become(self, next: CasusStatus) -> bool {
        use CasusStatus::*;
        match self {
            Aangemaakt => matches!(next, PlanVanAanpak | Afgesloten),
            PlanVanAanpak => matches!(next, InUitvoering | Afgesloten),
            InUitvoering => matches!(next, Nazorg | Afgesloten),
            Nazorg => matches!(next, InUitvoering | Afgesloten),
            Afgesloten => false,
        }
    }

    pub fn is_closed(self) -> bool {
        self == CasusStatus::Afgesloten
    }
}

vocabulary!(
    /// Why a case was closed (recorded with the closure; it starts the retention period).
    Afsluitreden {
        DoelBereikt = "doel-bereikt", "Doel bereikt";
        InterventieUitgevoerd = "interventie-uitgevoerd", "Interventie uitgevoerd";
        Overgedragen = "overgedragen", "Overgedragen (RIEC, politie of afdeling)";
        OnvoldoendeGrond = "onvoldoende-grond", "Onvoldoende grond";
        BetrokkeneVertrokken = "betrokkene-vertrokken", "Betrokkene vertrokken";
        Samengevoegd = "samengevoegd", "Samengevoegd met een andere casus";
    }
);

vocabulary!(
    /// Where a task stands.
    TaakStatus {
        Open = "open", "Open";
        Bezig = "bezig", "Bezig";
        Afgerond = "afgerond", "Afgerond";
        Vervallen = "vervallen", "Vervallen";
    }
);

impl TaakStatus {
    /// Still to be done (it stays on the owner's list).
    pub fn is_open(self) -> bool {
        matches!(self, TaakStatus::Open | TaakStatus::Bezig)
    }
}

/// The longest name of a case, department or partner.
pub const MAX_NAAM: usize = 200;
/// The most departments or partners a case names.
pub const MAX_BETROKKEN: usize = 30;

/// Checks a list of names (departments, partners): trimmed, none empty, none longer than
/// [`MAX_NAAM`], no duplicates, at most [`MAX_BETROKKEN`]. Returns the cleaned list or the
/// reason in Dutch.
pub fn namenlijst(invoer: &[String]) -> Result<Vec<String>, String> {
    let mut namen: Vec<String> = Vec::new();
    for naam in invoer {
        let naam = naam.trim();
        if naam.is_empty() {
            continue;
        }
        if naam.chars().count() > MAX_NAAM {
            return Err(format!("Een naam is hoogstens {MAX_NAAM} tekens."));
        }
        if naam.chars().any(char::is_control) {
            return Err("Een naam bevat geen regeleinden of stuurtekens.".into());
        }
        if !namen.iter().any(|n| n.eq_ignore_ascii_case(naam)) {
            namen.push(naam.to_string());
        }
    }
    if namen.len() > MAX_BETROKKEN {
        return Err(format!("Hoogstens {MAX_BETROKKEN} namen."));
    }
    Ok(namen)
}

/// The case number in a municipality's series for a year: `C-2026-0007`.
pub fn casusnummer(jaar: i32, volgnummer: i64) -> String {
    format!("C-{jaar}-{volgnummer:04}")
}

#[cfg(test)]
mod tests;
