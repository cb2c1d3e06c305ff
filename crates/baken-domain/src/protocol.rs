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
        Verwijzing = "verwijzing", "Alleen verwijzing (de bron houdt de inhoud)";
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
    /// The lifecycle, monitoring and retention of cases; absent: the CCV model's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub casus: Option<CasusRegels>,
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
    /// For a source consulted by referral only: whom the team turns to when the source knows
    /// the subject (a department, a contact point), since the team never sees the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
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

mod casus;
mod duur;
pub use casus::{CasusFase, CasusOvergang, CasusRegels};
pub use duur::Duur;

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

/// May a hit/no-hit consultation of `bron` be followed by one for its content? Hit/no-hit always
/// comes first; content follows only after a hit, and only of a source the protocol lets be
/// consulted for content.
pub fn vervolg_toegestaan(bron: &BronDefinitie, hit: bool) -> Result<(), Weigering> {
    if bron.wijze == Wijze::Verwijzing {
        return Err(Weigering::condition(
            format!(
                "{} mag volgens het privacyprotocol alleen met een verwijzing worden geraadpleegd: de inhoud blijft bij de bron; vraag haar bij {}.",
                bron.naam,
                bron.contact.as_deref().unwrap_or("de houder van de bron")
            ),
            vec![],
        ));
    }
    if bron.wijze != Wijze::Inhoud {
        return Err(Weigering::condition(
            format!(
                "{} mag volgens het privacyprotocol alleen hit/no-hit worden geraadpleegd; de inhoud blijft bij de bron.",
                bron.naam
            ),
            vec![],
        ));
    }
    if !hit {
        return Err(Weigering::condition(
            format!(
                "{} kent het onderwerp niet (no-hit): er is geen inhoud om op te vragen.",
                bron.naam
            ),
            vec![],
        ));
    }
    Ok(())
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
            if b.wijze == Wijze::Verwijzing
                && b.contact.as_deref().is_none_or(|c| c.trim().is_empty())
            {
                errors.push(format!(
                    "Bron {}: een bron met alleen verwijzing noemt bij wie het team terechtkan (contact).",
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
        if let Some(regels) = &document.casus {
            errors.extend(casus::check(regels, &toetsen));
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
mod tests;
