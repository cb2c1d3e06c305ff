//! The privacy protocol as data, and the engine that enforces it.
//!
//! A municipality's protocol (after the CCV "Modelprotocol ondermijning") is a TOML document: the
//! phases and allowed transitions of a signal with the weighing and privacy check each needs, the
//! privacy checks 1, 2A and 2B, the source catalogue, who may see each confidentiality class, the
//! register of processing activities (AVG art. 30) and the retention rules. [`Protocol::parse`]
//! checks a document completely (every error at once, in Dutch); the decision functions
//! ([`Protocol::transition`], [`Protocol::consultation`], [`Protocol::approve_check`]) are pure, so
//! the services call them before every such action and the property tests below can drive them
//! through arbitrary sequences.

use crate::dossier::Vertrouwelijkheid;
use crate::signaal::SignaalStatus;
use crate::vocabulary::vocabulary;
use crate::{Actor, GemeenteCode, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::Date;

/// The protocol Baken ships: the CCV model. Loaded for a municipality until it adopts its own.
pub const CCV_MODEL: &str = include_str!("../protocol/ccv-model.toml");

vocabulary!(
    /// How a source may be consulted.
    Wijze {
        HitNoHit = "hit-no-hit", "Hit/no-hit (alleen of er iets bekend is)";
        Inhoud = "inhoud", "Inhoudelijk";
    }
);

vocabulary!(
    /// What happens when a retention period ends.
    BewaarActie {
        Vernietigen = "vernietigen", "Vernietigen";
        Anonimiseren = "anonimiseren", "Anonimiseren";
        Archiveren = "archiveren", "Overbrengen naar het archief";
    }
);

/// The document as written. [`Protocol`] is the checked form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolDocument {
    pub protocol: Kop,
    #[serde(default)]
    pub fasen: Vec<Fase>,
    #[serde(default)]
    pub wegingen: Vec<Weging>,
    #[serde(default)]
    pub overgangen: Vec<Overgang>,
    #[serde(default)]
    pub privacytoetsen: Vec<Privacytoets>,
    #[serde(default)]
    pub bronnen: Vec<BronDefinitie>,
    #[serde(default)]
    pub klassen: Vec<Klasse>,
    #[serde(default)]
    pub verwerkingen: Vec<Verwerking>,
    #[serde(default)]
    pub bewaartermijnen: Vec<Bewaartermijn>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kop {
    pub naam: String,
    pub versie: String,
    /// Adoption date (YYYY-MM-DD): the version applies from this day.
    pub vastgesteld_op: String,
    pub vastgesteld_door: String,
    #[serde(default)]
    pub toelichting: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fase {
    pub status: SignaalStatus,
    /// The CCV step (1–4) the phase belongs to.
    pub stap: u8,
    pub omschrijving: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weging {
    pub code: String,
    pub naam: String,
    #[serde(default)]
    pub criteria: Vec<String>,
}

/// An allowed transition and what it requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overgang {
    pub van: SignaalStatus,
    pub naar: SignaalStatus,
    /// Who may make it; empty: anyone who works on the dossier.
    #[serde(default)]
    pub rollen: Vec<Role>,
    #[serde(default)]
    pub motivering: bool,
    /// The weighing this transition records (its criteria are shown with the decision).
    #[serde(default)]
    pub weging: Option<String>,
    /// A privacy check that must be approved and still valid.
    #[serde(default)]
    pub privacytoets: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacytoets {
    pub code: String,
    pub naam: String,
    pub moment: String,
    /// The role that approves.
    pub goedkeurder: Role,
    /// The aspects the approver must record (e.g. `noodzaak`, `proportionaliteit`).
    pub vastleggen: Vec<String>,
    /// How long an approval holds (ISO 8601, e.g. `P3M`).
    pub geldigheid: String,
    #[serde(default)]
    pub toelichting: Option<String>,
}

/// A source in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BronDefinitie {
    pub code: String,
    pub naam: String,
    /// The phases in which it may be consulted.
    pub fasen: Vec<SignaalStatus>,
    pub wijze: Wijze,
    /// The purposes it may be consulted for; a consultation names one of them.
    pub doelen: Vec<String>,
    pub grondslag: String,
    /// A privacy check whose approval must name this source.
    #[serde(default)]
    pub privacytoets: Option<String>,
    /// The processing activity (register code) a consultation belongs to.
    pub verwerking: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Klasse {
    pub klasse: Vertrouwelijkheid,
    pub wie: String,
}

/// A processing activity of the register (AVG art. 30).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verwerking {
    pub code: String,
    pub naam: String,
    pub doel: String,
    pub grondslag: String,
    pub gegevens: Vec<String>,
    pub betrokkenen: Vec<String>,
    pub ontvangers: Vec<String>,
    pub bewaartermijn: String,
    pub verantwoordelijke: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bewaartermijn {
    /// The kind of record (`signaal`; cases follow with their issue).
    pub soort: String,
    /// The outcome the rule applies to.
    pub uitkomst: SignaalStatus,
    /// The start event: `besluit` (the decision that gave the outcome).
    pub start: String,
    /// ISO 8601 duration, e.g. `P1Y`.
    pub duur: String,
    pub actie: BewaarActie,
}

/// A calendar duration of ISO 8601 (`P1Y6M`, `P3M`, `P2W`, `P30D`); no time part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duur {
    pub jaren: u32,
    pub maanden: u32,
    pub dagen: u32,
}

impl Duur {
    pub fn parse(input: &str) -> Result<Duur, String> {
        let bad = || format!("'{input}' is geen ISO 8601-duur zoals P1Y, P6M, P2W of P30D.");
        let rest = input.trim().strip_prefix('P').ok_or_else(bad)?;
        if rest.is_empty() {
            return Err(bad());
        }
        let mut duur = Duur {
            jaren: 0,
            maanden: 0,
            dagen: 0,
        };
        let mut number = String::new();
        let mut last_unit = 0;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let order = match c {
                'Y' => 1,
                'M' => 2,
                'W' => 3,
                'D' => 4,
                _ => return Err(bad()),
            };
            if number.is_empty() || order <= last_unit {
                return Err(bad());
            }
            let n: u32 = number.parse().map_err(|_| bad())?;
            if n > 1200 {
                return Err(bad());
            }
            match c {
                'Y' => duur.jaren = n,
                'M' => duur.maanden = n,
                'W' => duur.dagen += 7 * n,
                _ => duur.dagen += n,
            }
            number.clear();
            last_unit = order;
        }
        if !number.is_empty() {
            return Err(bad());
        }
        Ok(duur)
    }

    /// In words: `1 jaar`, `3 maanden`, `1 jaar en 6 maanden`, `14 dagen`.
    pub fn omschrijving(self) -> String {
        let part = |n: u32, one: &str, more: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {more}")),
        };
        let parts: Vec<String> = [
            part(self.jaren, "jaar", "jaar"),
            part(self.maanden, "maand", "maanden"),
            part(self.dagen, "dag", "dagen"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            "direct".into()
        } else {
            parts.join(" en ")
        }
    }

    /// The day this duration after `start` (a month end is kept within the month: 31 January plus
    /// one month is 28 or 29 February).
    pub fn na(self, start: Date) -> Date {
        let months = start.year() as i64 * 12
            + (start.month() as i64 - 1)
            + self.jaren as i64 * 12
            + self.maanden as i64;
        let year = months.div_euclid(12) as i32;
        let month = time::Month::try_from((months.rem_euclid(12) + 1) as u8).expect("1..=12");
        let day = start.day().min(month.length(year));
        let shifted = Date::from_calendar_date(year, month, day).expect("valid day");
        shifted + time::Duration::days(self.dagen as i64)
    }
}

/// A checked protocol: every reference resolves, every duration parses, every transition is one
/// the CCV model allows (a protocol may narrow the model, never widen it).
#[derive(Debug, Clone, PartialEq)]
pub struct Protocol {
    pub document: ProtocolDocument,
    pub vastgesteld_op: Date,
}

/// The decision on a privacy check, as the engine needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toetsbesluit {
    pub toets: String,
    pub goedgekeurd: bool,
    pub gemeente: GemeenteCode,
    /// The last day the approval holds.
    #[serde(with = "crate::tijd::iso_date")]
    pub geldig_tot: Date,
    /// The sources it permits.
    pub bronnen: Vec<String>,
}

impl Toetsbesluit {
    fn holds(&self, toets: &str, gemeente: &GemeenteCode, vandaag: Date) -> bool {
        self.goedgekeurd
            && self.toets == toets
            && &self.gemeente == gemeente
            && vandaag <= self.geldig_tot
    }
}

/// What the engine needs to know about a signal: where it is, what phase it is in, the decisions on
/// its privacy checks, and the day.
#[derive(Debug, Clone, Copy)]
pub struct Dossierstand<'a> {
    pub gemeente: &'a GemeenteCode,
    pub status: SignaalStatus,
    pub besluiten: &'a [Toetsbesluit],
    pub vandaag: Date,
}

/// Why the protocol refuses an action: the rule, in Dutch, and what is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weigering {
    pub regel: String,
    pub ontbreekt: Vec<String>,
    /// `true` when the actor may never do this (403); otherwise a condition is unmet (409).
    pub niet_bevoegd: bool,
}

impl Weigering {
    fn condition(regel: impl Into<String>, ontbreekt: Vec<String>) -> Self {
        Weigering {
            regel: regel.into(),
            ontbreekt,
            niet_bevoegd: false,
        }
    }

    fn forbidden(regel: impl Into<String>) -> Self {
        Weigering {
            regel: regel.into(),
            ontbreekt: vec![],
            niet_bevoegd: true,
        }
    }

    /// One sentence for a page or a problem detail.
    pub fn melding(&self) -> String {
        if self.ontbreekt.is_empty() {
            self.regel.clone()
        } else {
            format!("{} Ontbreekt: {}.", self.regel, self.ontbreekt.join("; "))
        }
    }
}

/// A consultation the protocol allows.
#[derive(Debug, Clone, PartialEq)]
pub struct ToegestaneRaadpleging<'a> {
    pub bron: &'a BronDefinitie,
    pub verwerking: &'a Verwerking,
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(" of ")
}

impl Protocol {
    /// Reads and checks a protocol document; every problem is reported.
    pub fn parse(text: &str) -> Result<Protocol, Vec<String>> {
        let document: ProtocolDocument = toml::from_str(text).map_err(|e| {
            vec![format!(
                "Het protocol is geen geldig TOML-document: {}",
                e.message()
            )]
        })?;
        Self::check(document)
    }

    /// The default protocol (CCV model).
    pub fn ccv_model() -> Protocol {
        Self::parse(CCV_MODEL).expect("the shipped protocol is valid")
    }

    fn check(document: ProtocolDocument) -> Result<Protocol, Vec<String>> {
        let mut errors = Vec::new();
        let vastgesteld_op = crate::entiteit::parse_date(&document.protocol.vastgesteld_op);
        if vastgesteld_op.is_err() {
            errors.push("protocol.vastgesteld_op: geef een datum als JJJJ-MM-DD.".to_string());
        }
        for (field, value) in [
            ("protocol.naam", &document.protocol.naam),
            ("protocol.versie", &document.protocol.versie),
            (
                "protocol.vastgesteld_door",
                &document.protocol.vastgesteld_door,
            ),
        ] {
            if value.trim().is_empty() {
                errors.push(format!("{field}: mag niet leeg zijn."));
            }
        }
        let unique = |errors: &mut Vec<String>, what: &str, codes: Vec<&str>| -> BTreeSet<String> {
            let mut seen = BTreeSet::new();
            for code in codes {
                if !seen.insert(code.to_string()) {
                    errors.push(format!("{what} '{code}' staat er meer dan eens in."));
                }
            }
            seen
        };
        let wegingen = unique(
            &mut errors,
            "Weging",
            document.wegingen.iter().map(|w| w.code.as_str()).collect(),
        );
        let toetsen = unique(
            &mut errors,
            "Privacytoets",
            document
                .privacytoetsen
                .iter()
                .map(|t| t.code.as_str())
                .collect(),
        );
        let verwerkingen = unique(
            &mut errors,
            "Verwerking",
            document
                .verwerkingen
                .iter()
                .map(|v| v.code.as_str())
                .collect(),
        );
        unique(
            &mut errors,
            "Bron",
            document.bronnen.iter().map(|b| b.code.as_str()).collect(),
        );
        if document.overgangen.is_empty() {
            errors.push("Het protocol noemt geen enkele overgang.".into());
        }
        let mut pairs = BTreeSet::new();
        for o in &document.overgangen {
            let name = format!("Overgang {} → {}", o.van, o.naar);
            if !o.van.may_become(o.naar) {
                errors.push(format!("{name}: het CCV-model kent deze overgang niet; een protocol mag het model beperken, niet uitbreiden."));
            }
            if !pairs.insert((o.van, o.naar)) {
                errors.push(format!("{name} staat er meer dan eens in."));
            }
            if let Some(w) = &o.weging
                && !wegingen.contains(w)
            {
                errors.push(format!("{name}: onbekende weging '{w}'."));
            }
            if let Some(t) = &o.privacytoets
                && !toetsen.contains(t)
            {
                errors.push(format!("{name}: onbekende privacytoets '{t}'."));
            }
        }
        for t in &document.privacytoetsen {
            if let Err(e) = Duur::parse(&t.geldigheid) {
                errors.push(format!("Privacytoets {}: geldigheid {e}", t.code));
            }
            if t.vastleggen.is_empty() {
                errors.push(format!(
                    "Privacytoets {}: noem wat de goedkeurder vastlegt.",
                    t.code
                ));
            }
        }
        for b in &document.bronnen {
            if b.fasen.is_empty() || b.doelen.is_empty() {
                errors.push(format!(
                    "Bron {}: noem de fasen en de doelen waarvoor de bron mag worden geraadpleegd.",
                    b.code
                ));
            }
            if let Some(t) = &b.privacytoets
                && !toetsen.contains(t)
            {
                errors.push(format!("Bron {}: onbekende privacytoets '{t}'.", b.code));
            }
            if !verwerkingen.contains(&b.verwerking) {
                errors.push(format!(
                    "Bron {}: onbekende verwerking '{}' (zie het verwerkingsregister).",
                    b.code, b.verwerking
                ));
            }
        }
        let mut outcomes = BTreeSet::new();
        for r in &document.bewaartermijnen {
            if let Err(e) = Duur::parse(&r.duur) {
                errors.push(format!("Bewaartermijn voor {}: duur {e}", r.uitkomst));
            }
            if r.soort != "signaal" {
                errors.push(format!(
                    "Bewaartermijn: onbekende soort '{}' (bekend: signaal).",
                    r.soort
                ));
            }
            if r.start != "besluit" {
                errors.push(format!(
                    "Bewaartermijn voor {}: onbekende startgebeurtenis '{}' (bekend: besluit).",
                    r.uitkomst, r.start
                ));
            }
            if !r.uitkomst.is_closed() {
                errors.push(format!("Bewaartermijn voor {}: een bewaartermijn begint pas bij een afsluitende uitkomst.", r.uitkomst));
            }
            if !outcomes.insert((r.soort.clone(), r.uitkomst)) {
                errors.push(format!(
                    "Bewaartermijn voor {} staat er meer dan eens in.",
                    r.uitkomst
                ));
            }
        }
        // Every outcome a signal can reach has a retention rule: nothing is kept without an end.
        let mut reachable = BTreeSet::new();
        for o in &document.overgangen {
            if o.naar.is_closed()
                && reachable.insert(o.naar)
                && !outcomes.contains(&("signaal".to_string(), o.naar))
            {
                errors.push(format!(
                    "Uitkomst {}: het protocol noemt geen bewaartermijn; elke afsluitende uitkomst heeft er een nodig.",
                    o.naar
                ));
            }
        }
        // From one status every weighed transition records the same weighing, so the team answers
        // one set of criteria whatever the outcome.
        let mut per_status = std::collections::BTreeMap::new();
        let mut reported = BTreeSet::new();
        for o in &document.overgangen {
            if let Some(w) = &o.weging {
                let first = *per_status.entry(o.van).or_insert(w);
                if first != w && reported.insert(o.van) {
                    errors.push(format!(
                        "Vanuit {}: de overgangen vragen verschillende wegingen ('{first}' en '{w}'); één weging per fase.",
                        o.van
                    ));
                }
            }
        }
        for w in &document.wegingen {
            if w.criteria.is_empty() {
                errors.push(format!("Weging {}: noem de criteria.", w.code));
            }
        }
        match (errors.is_empty(), vastgesteld_op) {
            (true, Ok(vastgesteld_op)) => Ok(Protocol {
                document,
                vastgesteld_op,
            }),
            _ => Err(errors),
        }
    }

    pub fn versie(&self) -> &str {
        &self.document.protocol.versie
    }

    pub fn toets(&self, code: &str) -> Option<&Privacytoets> {
        self.document.privacytoetsen.iter().find(|t| t.code == code)
    }

    pub fn bron(&self, code: &str) -> Option<&BronDefinitie> {
        self.document.bronnen.iter().find(|b| b.code == code)
    }

    pub fn verwerking(&self, code: &str) -> Option<&Verwerking> {
        self.document.verwerkingen.iter().find(|v| v.code == code)
    }

    pub fn weging(&self, code: &str) -> Option<&Weging> {
        self.document.wegingen.iter().find(|w| w.code == code)
    }

    /// The weighing recorded when a signal leaves this status (the same for every weighed
    /// transition from it; [`Protocol::parse`] checks that).
    pub fn weging_vanuit(&self, van: SignaalStatus) -> Option<&Weging> {
        self.overgangen_van(van)
            .find_map(|o| o.weging.as_deref())
            .and_then(|w| self.weging(w))
    }

    /// The transitions this protocol allows from a status.
    pub fn overgangen_van(&self, van: SignaalStatus) -> impl Iterator<Item = &Overgang> {
        self.document
            .overgangen
            .iter()
            .filter(move |o| o.van == van)
    }

    /// The retention rule for a record that ended with this outcome.
    pub fn bewaartermijn(&self, soort: &str, uitkomst: SignaalStatus) -> Option<&Bewaartermijn> {
        self.document
            .bewaartermijnen
            .iter()
            .find(|r| r.soort == soort && r.uitkomst == uitkomst)
    }

    fn check_gemeente(actor: &Actor, gemeente: &GemeenteCode) -> Result<(), Weigering> {
        if actor.may_access_gemeente(gemeente) {
            Ok(())
        } else {
            Err(Weigering::forbidden("U werkt niet voor deze gemeente."))
        }
    }

    /// May `actor` move the signal from its status to `naar`? `motivering` says whether one was
    /// given.
    pub fn transition(
        &self,
        actor: &Actor,
        stand: Dossierstand<'_>,
        naar: SignaalStatus,
        motivering: bool,
    ) -> Result<&Overgang, Weigering> {
        let Dossierstand {
            gemeente,
            status: van,
            besluiten,
            vandaag,
        } = stand;
        Self::check_gemeente(actor, gemeente)?;
        let Some(overgang) = self
            .document
            .overgangen
            .iter()
            .find(|o| o.van == van && o.naar == naar)
        else {
            let allowed: Vec<String> = self
                .overgangen_van(van)
                .map(|o| o.naar.label().to_lowercase())
                .collect();
            return Err(Weigering::condition(
                format!(
                    "Het privacyprotocol (versie {}) staat de overgang van de status ‘{}’ naar ‘{}’ niet toe.",
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
                "Volgens het privacyprotocol beslist alleen de {} over de overgang naar de status ‘{}’.",
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
                    "De overgang naar de status ‘{}’ vraagt volgens het privacyprotocol om meer.",
                    naar.label()
                ),
                ontbreekt,
            ))
        }
    }

    /// May `actor` consult source `bron` for `doel` in the signal?
    pub fn consultation(
        &self,
        actor: &Actor,
        stand: Dossierstand<'_>,
        bron: &str,
        doel: &str,
    ) -> Result<ToegestaneRaadpleging<'_>, Weigering> {
        let Dossierstand {
            gemeente,
            status,
            besluiten,
            vandaag,
        } = stand;
        Self::check_gemeente(actor, gemeente)?;
        if !actor.may(crate::Permission::WorkDossiers) {
            return Err(Weigering::forbidden(
                "Alleen medewerkers van het team raadplegen bronnen.",
            ));
        }
        let Some(definitie) = self.bron(bron) else {
            return Err(Weigering::condition(
                format!("Bron '{bron}' staat niet in de bronnencatalogus van het privacyprotocol."),
                vec![],
            ));
        };
        let mut ontbreekt = Vec::new();
        if !definitie.fasen.contains(&status) {
            let fasen: Vec<String> = definitie
                .fasen
                .iter()
                .map(|f| f.label().to_lowercase())
                .collect();
            return Err(Weigering::condition(
                format!(
                    "{} mag volgens het privacyprotocol alleen worden geraadpleegd in de fase {}; dit signaal is in de fase {}.",
                    definitie.naam,
                    fasen.join(" of "),
                    status.label().to_lowercase()
                ),
                vec![],
            ));
        }
        if !definitie.doelen.iter().any(|d| d == doel.trim()) {
            ontbreekt.push(format!(
                "een toegestaan doel ({})",
                definitie.doelen.join("; ")
            ));
        }
        if let Some(code) = &definitie.privacytoets {
            let valid: Vec<&Toetsbesluit> = besluiten
                .iter()
                .filter(|b| b.holds(code, gemeente, vandaag))
                .collect();
            let naam = self.toets(code).map_or(code.as_str(), |t| t.naam.as_str());
            if valid.is_empty() {
                ontbreekt.push(format!("een goedgekeurde, geldige {}", naam.to_lowercase()));
            } else if !valid.iter().any(|b| b.bronnen.iter().any(|x| x == bron)) {
                return Err(Weigering::condition(
                    format!(
                        "De goedgekeurde {} staat raadpleging van {} niet toe.",
                        naam.to_lowercase(),
                        definitie.naam
                    ),
                    vec![format!(
                        "{} in de toegestane bronnen van de toets",
                        definitie.naam
                    )],
                ));
            }
        }
        if !ontbreekt.is_empty() {
            return Err(Weigering::condition(
                format!(
                    "Raadpleging van {} vraagt volgens het privacyprotocol om meer.",
                    definitie.naam
                ),
                ontbreekt,
            ));
        }
        let verwerking = self
            .verwerking(&definitie.verwerking)
            .expect("checked when the protocol was parsed");
        Ok(ToegestaneRaadpleging {
            bron: definitie,
            verwerking,
        })
    }

    /// May `actor` approve privacy check `toets` for a signal of `gemeente`, with these recorded
    /// answers (aspect → text) and permitted sources? Returns the check and the last valid day.
    pub fn approve_check(
        &self,
        actor: &Actor,
        gemeente: &GemeenteCode,
        toets: &str,
        antwoorden: &[(String, String)],
        bronnen: &[String],
        vandaag: Date,
    ) -> Result<(&Privacytoets, Date), Weigering> {
        Self::check_gemeente(actor, gemeente)?;
        let Some(definitie) = self.toets(toets) else {
            return Err(Weigering::condition(
                format!("Privacytoets '{toets}' staat niet in het privacyprotocol."),
                vec![],
            ));
        };
        if !actor.has_role(definitie.goedkeurder) {
            return Err(Weigering::forbidden(format!(
                "Alleen de {} keurt {} goed.",
                definitie.goedkeurder.label().to_lowercase(),
                definitie.naam.to_lowercase()
            )));
        }
        let mut ontbreekt: Vec<String> = definitie
            .vastleggen
            .iter()
            .filter(|aspect| {
                !antwoorden
                    .iter()
                    .any(|(k, v)| k == *aspect && !v.trim().is_empty())
            })
            .map(|aspect| format!("vastlegging van {aspect}"))
            .collect();
        for bron in bronnen {
            match self.bron(bron) {
                Some(b) if b.privacytoets.as_deref() == Some(toets) => {}
                Some(b) => ontbreekt.push(format!(
                    "{} valt niet onder {}",
                    b.naam,
                    definitie.naam.to_lowercase()
                )),
                None => ontbreekt.push(format!("bron '{bron}' uit de bronnencatalogus")),
            }
        }
        if !ontbreekt.is_empty() {
            return Err(Weigering::condition(
                format!("{} kan zo niet worden goedgekeurd.", definitie.naam),
                ontbreekt,
            ));
        }
        let duur =
            Duur::parse(&definitie.geldigheid).expect("checked when the protocol was parsed");
        // Valid up to and including the same date one period later.
        Ok((definitie, duur.na(vandaag)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserId;
    use proptest::prelude::*;
    use time::macros::date;

    fn gm(code: &str) -> GemeenteCode {
        GemeenteCode::parse(code).unwrap()
    }

    fn actor(roles: Vec<Role>, gemeenten: &[&str]) -> Actor {
        Actor {
            user_id: UserId::new(),
            roles,
            gemeenten: gemeenten.iter().map(|g| gm(g)).collect(),
            bibob_clearance: false,
        }
    }

    #[test]
    fn the_shipped_protocol_is_valid_and_complete() {
        let p = Protocol::ccv_model();
        assert_eq!(p.vastgesteld_op, date!(2026 - 01 - 01));
        for code in ["1", "2A", "2B"] {
            assert!(p.toets(code).is_some(), "privacy check {code}");
        }
        assert_eq!(
            p.bewaartermijn("signaal", SignaalStatus::GeenActie)
                .map(|r| (r.duur.as_str(), r.actie)),
            Some(("P1Y", BewaarActie::Vernietigen)),
            "CCV step 2: one year, then destroyed"
        );
        for status in SignaalStatus::ALL {
            assert!(
                p.document.fasen.iter().any(|f| f.status == *status),
                "phase {status} described"
            );
        }
        for klasse in Vertrouwelijkheid::ALL {
            assert!(
                p.document.klassen.iter().any(|k| k.klasse == *klasse),
                "class {klasse} described"
            );
        }
    }

    #[test]
    fn every_reachable_outcome_has_a_retention_rule_and_every_phase_one_weighing() {
        let ccv = Protocol::ccv_model();
        for o in &ccv.document.overgangen {
            if o.naar.is_closed() {
                assert!(
                    ccv.bewaartermijn("signaal", o.naar).is_some(),
                    "{} has a retention rule",
                    o.naar
                );
            }
        }
        assert_eq!(
            ccv.weging_vanuit(SignaalStatus::Weging)
                .map(|w| w.code.as_str()),
            Some("weging-3")
        );
        assert_eq!(ccv.weging_vanuit(SignaalStatus::Monitoren), None);
        // Without the rule for "naar-casus", and with two weighings asked from "weging".
        let rule = "[[bewaartermijnen]]\nsoort = \"signaal\"\nuitkomst = \"naar-casus\"\nstart = \"besluit\"\nduur = \"P5Y\"\nactie = \"anonimiseren\"\n";
        assert!(CCV_MODEL.contains(rule));
        let broken = CCV_MODEL.replace(rule, "").replace(
            "naar = \"monitoren\"\nweging = \"weging-3\"",
            "naar = \"monitoren\"\nweging = \"weging-4\"",
        );
        let errors = Protocol::parse(&broken).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].contains("Uitkomst naar-casus: het protocol noemt geen bewaartermijn"));
        assert!(errors[1].contains("Vanuit weging: de overgangen vragen verschillende wegingen"));
    }

    #[test]
    fn every_problem_of_a_document_is_named() {
        let broken = CCV_MODEL
            .replace(
                "vastgesteld_op = \"2026-01-01\"",
                "vastgesteld_op = \"1 januari\"",
            )
            .replace("geldigheid = \"P3M\"", "geldigheid = \"drie maanden\"")
            .replace(
                "van = \"monitoren\"\nnaar = \"weging\"",
                "van = \"geen-actie\"\nnaar = \"weging\"",
            )
            .replace(
                "verwerking = \"signaalregistratie\"\n\n[[bronnen]]\ncode = \"kvk\"",
                "verwerking = \"onbekend\"\n\n[[bronnen]]\ncode = \"kvk\"",
            );
        let errors = Protocol::parse(&broken).unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors.iter().any(|e| e.contains("vastgesteld_op")));
        assert!(
            errors
                .iter()
                .any(|e| e.contains("Privacytoets 1: geldigheid"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("Overgang geen-actie → weging"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("onbekende verwerking 'onbekend'"))
        );
        assert!(
            Protocol::parse("[protocol]\nnaam = 1").unwrap_err()[0].contains("geen geldig TOML")
        );
        let unknown_field = CCV_MODEL.replace("stap = 3\n", "stap = 3\nkleur = \"rood\"\n");
        assert!(
            Protocol::parse(&unknown_field).is_err(),
            "typos are not ignored"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(
            Duur::parse("P1Y").unwrap().na(date!(2025 - 03 - 14)),
            date!(2026 - 03 - 14)
        );
        assert_eq!(
            Duur::parse("P1M").unwrap().na(date!(2026 - 01 - 31)),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            Duur::parse("P1Y6M").unwrap().na(date!(2024 - 08 - 31)),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            Duur::parse("P2W").unwrap().na(date!(2026 - 12 - 25)),
            date!(2027 - 01 - 08)
        );
        for bad in [
            "", "P", "1Y", "PY", "P1D1Y", "P1H", "P1Y2", "PT1H", "P99999Y",
        ] {
            assert!(Duur::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn source_research_needs_privacy_check_1() {
        let p = Protocol::ccv_model();
        let team = actor(vec![Role::Teamlid], &["GM0534"]);
        let privacy = actor(vec![Role::Privacyfunctionaris], &["GM0534"]);
        let g = gm("GM0534");
        let today = date!(2026 - 11 - 29);
        let refused = p
            .transition(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Weging,
                    besluiten: &[],
                    vandaag: today,
                },
                SignaalStatus::Bronnenonderzoek,
                true,
            )
            .unwrap_err();
        assert!(!refused.niet_bevoegd);
        assert!(
            refused.melding().contains("privacytoets 1"),
            "{}",
            refused.melding()
        );

        let answers: Vec<(String, String)> = [
            "grondslag",
            "verenigbaarheid",
            "noodzaak",
            "proportionaliteit",
            "subsidiariteit",
        ]
        .iter()
        .map(|a| (a.to_string(), "Vastgelegd.".to_string()))
        .collect();
        assert!(
            p.approve_check(&team, &g, "1", &answers, &["brp".into()], today)
                .unwrap_err()
                .niet_bevoegd
        );
        let missing = p
            .approve_check(&privacy, &g, "1", &answers[..3], &["bag".into()], today)
            .unwrap_err();
        assert_eq!(missing.ontbreekt.len(), 3, "{missing:?}");
        let (_, until) = p
            .approve_check(&privacy, &g, "1", &answers, &["brp".into()], today)
            .unwrap();
        assert_eq!(until, date!(2027 - 02 - 28));
        let approved = vec![Toetsbesluit {
            toets: "1".into(),
            goedgekeurd: true,
            gemeente: g.clone(),
            geldig_tot: until,
            bronnen: vec!["brp".into()],
        }];
        assert!(
            p.transition(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Weging,
                    besluiten: &approved,
                    vandaag: today
                },
                SignaalStatus::Bronnenonderzoek,
                true
            )
            .is_ok()
        );
        assert!(
            p.transition(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Weging,
                    besluiten: &approved,
                    vandaag: until + time::Duration::days(1)
                },
                SignaalStatus::Bronnenonderzoek,
                true
            )
            .is_err(),
            "an approval expires"
        );
        let doel = "Vaststellen wie op het adres staat ingeschreven";
        assert!(
            p.consultation(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Bronnenonderzoek,
                    besluiten: &approved,
                    vandaag: today
                },
                "brp",
                doel
            )
            .is_ok()
        );
        let woz = p
            .consultation(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Bronnenonderzoek,
                    besluiten: &approved,
                    vandaag: today,
                },
                "woz",
                "Vaststellen van eigendom en gebruik van het object",
            )
            .unwrap_err();
        assert!(
            woz.melding()
                .contains("staat raadpleging van Waardering Onroerende Zaken (WOZ) niet toe"),
            "{}",
            woz.melding()
        );
        let too_early = p
            .consultation(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Weging,
                    besluiten: &approved,
                    vandaag: today,
                },
                "brp",
                doel,
            )
            .unwrap_err();
        assert!(
            too_early
                .melding()
                .contains("alleen worden geraadpleegd in de fase bronnenonderzoek")
        );
        let other = actor(vec![Role::Coordinator], &["GM0553"]);
        assert!(
            p.consultation(
                &other,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Bronnenonderzoek,
                    besluiten: &approved,
                    vandaag: today
                },
                "brp",
                doel
            )
            .unwrap_err()
            .niet_bevoegd
        );
    }

    #[test]
    fn roles_and_motivation_per_transition() {
        let p = Protocol::ccv_model();
        let g = gm("GM0534");
        let today = date!(2026 - 11 - 29);
        let team = actor(vec![Role::Teamlid], &["GM0534"]);
        let coordinator = actor(vec![Role::Coordinator], &["GM0534"]);
        let riec = |a: &Actor, m: bool| {
            p.transition(
                a,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Weging,
                    besluiten: &[],
                    vandaag: today,
                },
                SignaalStatus::DoorgezetRiec,
                m,
            )
        };
        assert!(riec(&team, true).unwrap_err().niet_bevoegd);
        assert_eq!(
            riec(&coordinator, false).unwrap_err().ontbreekt,
            ["een motivering"]
        );
        assert!(riec(&coordinator, true).is_ok());
        assert!(
            p.transition(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Ontvangen,
                    besluiten: &[],
                    vandaag: today
                },
                SignaalStatus::Intake,
                false
            )
            .is_ok()
        );
        let skipped = p
            .transition(
                &team,
                Dossierstand {
                    gemeente: &g,
                    status: SignaalStatus::Ontvangen,
                    besluiten: &[],
                    vandaag: today,
                },
                SignaalStatus::GeenActie,
                true,
            )
            .unwrap_err();
        assert!(
            skipped
                .melding()
                .contains("toegestaan vanaf hier: intake, samengevoegd"),
            "{}",
            skipped.melding()
        );
    }

    /// An action in a generated sequence.
    #[derive(Debug, Clone)]
    enum Action {
        Move(usize, bool),
        Approve(usize, Vec<usize>, bool),
        Consult(usize, usize),
        Wait(u16),
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            (0..SignaalStatus::ALL.len(), any::<bool>()).prop_map(|(s, m)| Action::Move(s, m)),
            (
                0..3usize,
                prop::collection::vec(0..7usize, 0..4),
                any::<bool>()
            )
                .prop_map(|(t, b, full)| Action::Approve(t, b, full)),
            (0..7usize, 0..3usize).prop_map(|(b, d)| Action::Consult(b, d)),
            (0..120u16).prop_map(Action::Wait),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever sequence of actions is tried, everything the engine allows respects the
        /// protocol: source research only with a valid check 1, consultations only of permitted
        /// sources in permitted phases, and nothing at all across municipalities.
        #[test]
        fn no_sequence_of_allowed_actions_breaks_the_protocol(
            actions in prop::collection::vec(action(), 1..60),
            role in prop::sample::select(vec![Role::Teamlid, Role::Coordinator, Role::Privacyfunctionaris, Role::Analist]),
            elsewhere in any::<bool>(),
            start in 0..SignaalStatus::ALL.len(),
        ) {
            let p = Protocol::ccv_model();
            let g = gm("GM0534");
            let who = actor(vec![role, Role::Privacyfunctionaris], &[if elsewhere { "GM0553" } else { "GM0534" }]);
            let worker = actor(vec![role], &[if elsewhere { "GM0553" } else { "GM0534" }]);
            let sources = ["brp", "bag", "kvk", "woz", "brk", "vergunningen", "onbekend"];
            let checks = ["1", "2A", "2B"];
            let mut status = SignaalStatus::ALL[start];
            let mut besluiten: Vec<Toetsbesluit> = vec![];
            let mut today = date!(2026 - 01 - 01);
            for a in actions {
                match a {
                    Action::Move(to, motivated) => {
                        // Mostly a step the model knows, sometimes any status at all.
                        let next: Vec<SignaalStatus> = SignaalStatus::ALL.iter().copied().filter(|s| status.may_become(*s)).collect();
                        let to = if to % 4 != 0 && !next.is_empty() { next[to % next.len()] } else { SignaalStatus::ALL[to] };
                        if p.transition(&worker, Dossierstand { gemeente: &g, status, besluiten: &besluiten, vandaag: today }, to, motivated).is_ok() {
                            prop_assert!(!elsewhere, "no decision crosses municipalities");
                            prop_assert!(status.may_become(to), "only transitions of the model");
                            if to == SignaalStatus::Bronnenonderzoek {
                                prop_assert!(besluiten.iter().any(|b| b.toets == "1" && b.goedgekeurd && today <= b.geldig_tot));
                            }
                            status = to;
                        }
                    }
                    Action::Approve(t, b, full) => {
                        let answers: Vec<(String, String)> = p.toets(checks[t]).unwrap().vastleggen.iter()
                            .enumerate()
                            .map(|(i, a)| (a.clone(), if full || i > 0 { "ja".into() } else { String::new() }))
                            .collect();
                        // Checks 2A and 2B permit no sources; mostly ask for none there.
                        let bronnen: Vec<String> = b.iter().filter(|_| t == 0 || b.len() == 3).map(|i| sources[*i].to_string()).collect();
                        if let Ok((_, until)) = p.approve_check(&who, &g, checks[t], &answers, &bronnen, today) {
                            prop_assert!(!elsewhere);
                            prop_assert!(full, "every aspect recorded");
                            prop_assert!(until >= today);
                            besluiten.push(Toetsbesluit { toets: checks[t].into(), goedgekeurd: true, gemeente: g.clone(), geldig_tot: until, bronnen });
                        }
                    }
                    Action::Consult(b, d) => {
                        let source = sources[b];
                        let doel = p.bron(source).and_then(|x| x.doelen.get(d)).cloned().unwrap_or_else(|| "iets anders".into());
                        if let Ok(allowed) = p.consultation(&worker, Dossierstand { gemeente: &g, status, besluiten: &besluiten, vandaag: today }, source, &doel) {
                            prop_assert!(!elsewhere);
                            prop_assert!(allowed.bron.fasen.contains(&status));
                            prop_assert!(allowed.bron.doelen.contains(&doel));
                            if let Some(code) = &allowed.bron.privacytoets {
                                prop_assert!(besluiten.iter().any(|x| &x.toets == code && today <= x.geldig_tot && x.bronnen.iter().any(|s| s == source)));
                            }
                        }
                    }
                    Action::Wait(days) => today += time::Duration::days(days as i64),
                }
            }
        }
    }
}
