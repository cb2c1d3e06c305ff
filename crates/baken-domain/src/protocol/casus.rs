//! The case part of the privacy protocol: the lifecycle of a case (phases and the transitions the
//! municipality allows, with the privacy checks 2A and 2B as conditions), the default monitoring
//! period after the interventions, and the retention of a closed case.

use super::{BewaarActie, Duur, Protocol, Toetsbesluit, Weigering, roles_text};
use crate::casus::CasusStatus;
use crate::{Actor, GemeenteCode, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::LazyLock;
use time::Date;

/// The `[casus]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasusRegels {
    /// How long monitoring (nazorg) lasts after the interventions, unless the team names a date
    /// (ISO 8601, e.g. `P6M`).
    pub nazorg: String,
    /// How long a closed case is kept, counted from its closure (ISO 8601).
    pub bewaartermijn: String,
    /// What happens then.
    pub bewaaractie: BewaarActie,
    #[serde(default)]
    pub fasen: Vec<CasusFase>,
    #[serde(default)]
    pub overgangen: Vec<CasusOvergang>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasusFase {
    pub status: CasusStatus,
    pub omschrijving: String,
}

/// An allowed step in a case's lifecycle and what it requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasusOvergang {
    pub van: CasusStatus,
    pub naar: CasusStatus,
    /// Who may make it; empty: anyone who works on the case.
    #[serde(default)]
    pub rollen: Vec<Role>,
    #[serde(default)]
    pub motivering: bool,
    /// A privacy check that must be approved for this case and still valid (`2A`, `2B`).
    #[serde(default)]
    pub privacytoets: Option<String>,
}

/// The CCV model's case rules: they apply to a protocol that has no `[casus]` section (one
/// adopted before cases existed).
static CCV_CASUS: LazyLock<CasusRegels> = LazyLock::new(|| {
    #[derive(Deserialize)]
    struct Alleen {
        casus: CasusRegels,
    }
    let value: toml::Table =
        toml::from_str(super::CCV_MODEL).expect("the shipped protocol is TOML");
    let casus = value
        .get("casus")
        .expect("the shipped protocol has a [casus] section");
    let mut table = toml::Table::new();
    table.insert("casus".into(), casus.clone());
    let alleen: Alleen = table
        .try_into()
        .expect("the shipped [casus] section is valid");
    alleen.casus
});

/// The problems of a `[casus]` section, in Dutch (empty when it is sound).
pub(super) fn check(regels: &CasusRegels, toetsen: &BTreeSet<String>) -> Vec<String> {
    let mut errors = Vec::new();
    if let Err(e) = Duur::parse(&regels.nazorg) {
        errors.push(format!("casus.nazorg: {e}"));
    }
    if let Err(e) = Duur::parse(&regels.bewaartermijn) {
        errors.push(format!("casus.bewaartermijn: {e}"));
    }
    if regels.overgangen.is_empty() {
        errors.push("casus: het protocol noemt geen enkele overgang van een casus.".into());
    }
    let mut pairs = BTreeSet::new();
    let mut sluitbaar = BTreeSet::new();
    for o in &regels.overgangen {
        let name = format!("Casusovergang {} → {}", o.van, o.naar);
        if !o.van.may_become(o.naar) {
            errors.push(format!(
                "{name}: het model kent deze overgang niet; een protocol mag het model beperken, niet uitbreiden."
            ));
        }
        if !pairs.insert((o.van, o.naar)) {
            errors.push(format!("{name} staat er meer dan eens in."));
        }
        if let Some(t) = &o.privacytoets
            && !toetsen.contains(t)
        {
            errors.push(format!("{name}: onbekende privacytoets '{t}'."));
        }
        if o.naar.is_closed() {
            if !o.motivering {
                errors.push(format!("{name}: afsluiten vraagt altijd een motivering."));
            }
            sluitbaar.insert(o.van);
        }
    }
    // Every phase a case can reach can also be closed: no case is kept without an end.
    let mut bereikbaar = BTreeSet::from([CasusStatus::Aangemaakt]);
    bereikbaar.extend(regels.overgangen.iter().map(|o| o.naar));
    for status in bereikbaar {
        if !status.is_closed() && !sluitbaar.contains(&status) {
            errors.push(format!(
                "Casusfase {status}: er is geen overgang naar afgesloten; elke fase moet kunnen worden afgesloten."
            ));
        }
    }
    errors
}

impl Protocol {
    /// The case rules in force: the protocol's own, or the CCV model's when it has none.
    pub fn casus(&self) -> &CasusRegels {
        self.document.casus.as_ref().unwrap_or(&CCV_CASUS)
    }

    /// The transitions this protocol allows a case from a status.
    pub fn casusovergangen_van(&self, van: CasusStatus) -> impl Iterator<Item = &CasusOvergang> {
        self.casus().overgangen.iter().filter(move |o| o.van == van)
    }

    /// The description of a case phase, when the protocol gives one.
    pub fn casusfase(&self, status: CasusStatus) -> Option<&CasusFase> {
        self.casus().fasen.iter().find(|f| f.status == status)
    }

    /// May `actor` move a case of `gemeente` from `van` to `naar` (the `stap`), with these
    /// decisions on its privacy checks, on `vandaag`? `motivering` says whether one was given.
    pub fn casus_transition(
        &self,
        actor: &Actor,
        gemeente: &GemeenteCode,
        (van, naar): (CasusStatus, CasusStatus),
        motivering: bool,
        besluiten: &[Toetsbesluit],
        vandaag: Date,
    ) -> Result<&CasusOvergang, Weigering> {
        Self::check_gemeente(actor, gemeente)?;
        let Some(overgang) = self.casusovergangen_van(van).find(|o| o.naar == naar) else {
            let allowed: Vec<String> = self
                .casusovergangen_van(van)
                .map(|o| o.naar.label().to_lowercase())
                .collect();
            return Err(Weigering::condition(
                format!(
                    "Het privacyprotocol (versie {}) staat voor een casus de overgang van ‘{}’ naar ‘{}’ niet toe.",
                    self.versie(),
                    van.label(),
                    naar.label()
                ),
                if allowed.is_empty() {
                    vec![]
                } else {
                    vec![format!("toegestaan vanaf hier: {}", allowed.join(", "))]
                },
            ));
        };
        if !overgang.rollen.is_empty() && !overgang.rollen.iter().any(|r| actor.has_role(*r)) {
            return Err(Weigering::forbidden(format!(
                "Volgens het privacyprotocol beslist alleen de {} over de overgang van een casus naar ‘{}’.",
                roles_text(&overgang.rollen),
                naar.label()
            )));
        }
        let mut ontbreekt = Vec::new();
        if overgang.motivering && !motivering {
            ontbreekt.push("een motivering".to_string());
        }
        if let Some(code) = &overgang.privacytoets
            && !besluiten.iter().any(|b| b.holds(code, gemeente, vandaag))
        {
            let naam = self.toets(code).map_or(code.as_str(), |t| t.naam.as_str());
            ontbreekt.push(format!("een goedgekeurde, geldige {}", naam.to_lowercase()));
        }
        if ontbreekt.is_empty() {
            Ok(overgang)
        } else {
            Err(Weigering::condition(
                format!(
                    "De overgang van de casus naar ‘{}’ vraagt volgens het privacyprotocol om meer.",
                    naar.label()
                ),
                ontbreekt,
            ))
        }
    }
}
