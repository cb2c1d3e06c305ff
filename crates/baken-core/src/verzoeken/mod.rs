//! Requests of data subjects (AVG art. 15-21), handled by the privacy officer.
//!
//! A request is registered with its kind and legal deadline (one month, once extendable by two
//! with reasons). Baken finds everything about the person across the officer's municipalities:
//! the person by BSN, and persons registered without a BSN under the same surname and date of
//! birth, which count once the officer confirms them. The officer may withhold parts of the answer
//! under art. 41 UAVG (a whole dossier or one entry, with the ground, a motivation and a date to
//! look at it again), decides, and produces the answer as JSON and PDF.
//!
//! The answer never contains the reporter, other persons or objects, or entries of the classes
//! `melder-beschermd`, `bibob` (art. 28 Wet Bibob) or `politie-burgemeester` (police information
//! under the Wpg); what is withheld is counted so the answer can say so. Every step is written to
//! the security audit log and the processing log (activity `rechten-betrokkenen`). Nothing is
//! written into the dossiers' journals: a request must not alert the team working on the person.

mod answer;
mod register;
mod steps;
mod subject;

use crate::error::ServiceError;
use baken_domain::dossier::Vertrouwelijkheid;
use baken_domain::entiteit::{Entiteit, Rol};
use baken_domain::journal::JournaalSoort;
use baken_domain::signaal::{Fenomeen, SignaalStatus};
use baken_domain::verzoek::{Art41Grond, VerzoekSoort};
use baken_domain::{GemeenteCode, ValidationErrors};
use baken_store::{BeperkingRecord, EntiteitRecord, VerzoekRecord};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

const ACTIVITEIT: &str = "rechten-betrokkenen";

/// A request's short reference for letters: the last twelve hex digits of its id.
pub fn kenmerk(id: Uuid) -> String {
    let hex = id.simple().to_string();
    format!("V-{}", &hex[hex.len() - 12..]).to_uppercase()
}

/// One disclosable journal entry.
#[derive(Debug, Clone)]
pub struct InzagePost {
    pub id: Uuid,
    pub gebeurd_op: OffsetDateTime,
    pub soort: JournaalSoort,
    pub tekst: String,
}

/// One dossier that mentions the person.
#[derive(Debug, Clone)]
pub struct InzageDossier {
    pub dossier_id: Uuid,
    pub nummer: String,
    pub gemeente: GemeenteCode,
    pub ontvangstdatum: Date,
    pub status: SignaalStatus,
    pub fenomenen: Vec<Fenomeen>,
    /// The person's role in it.
    pub rol: Rol,
    pub omschrijving: String,
    pub journaal: Vec<InzagePost>,
    /// Entries withheld (protected classes) or already destroyed.
    pub afgeschermd: usize,
    /// Entries withheld under art. 41 UAVG (only in an answer).
    pub beperkt: usize,
}

/// The answer to an access request as `POST /inzageverzoeken` gives it at once.
#[derive(Debug, Clone)]
pub struct InzageAntwoord {
    pub verzoek: VerzoekRecord,
    /// The person as Baken registered them.
    pub persoon: Option<EntiteitRecord>,
    pub dossiers: Vec<InzageDossier>,
}

/// New request, as entered.
#[derive(Debug, Clone, Default)]
pub struct VerzoekInvoer {
    pub soort: String,
    pub bsn: String,
    pub ontvangen_op: Option<String>,
    pub gemeente: Option<String>,
    pub toelichting: Option<String>,
}

/// A restriction as entered: a dossier, optionally one entry of it.
#[derive(Debug, Clone, Default)]
pub struct BeperkingInvoer {
    pub dossier: String,
    pub journaalpost: Option<String>,
    pub grond: String,
    pub motivering: String,
    pub herbeoordeling: String,
}

/// A restriction whose re-evaluation date has come.
#[derive(Debug, Clone)]
pub struct TeHerbeoordelen {
    pub beperking: BeperkingRecord,
    /// The request's reference (`V-…`).
    pub kenmerk: String,
    /// The dossier's number, unless the dossier has since been removed.
    pub dossier_nummer: Option<String>,
}

/// A re-evaluation as entered: `handhaven` (with the next date) or `opheffen`, with reasons.
#[derive(Debug, Clone, Default)]
pub struct HerbeoordelingInvoer {
    pub uitkomst: String,
    pub motivering: String,
    pub herbeoordeling: String,
}

/// A person registered without a BSN under the same surname and date of birth.
#[derive(Debug, Clone)]
pub struct Kandidaat {
    pub entiteit: EntiteitRecord,
    pub bevestigd: bool,
}

/// Everything the privacy officer sees of a request.
#[derive(Debug, Clone)]
pub struct VerzoekDetail {
    pub verzoek: VerzoekRecord,
    pub soort: VerzoekSoort,
    pub persoon: Option<EntiteitRecord>,
    pub kandidaten: Vec<Kandidaat>,
    pub beperkingen: Vec<BeperkingRecord>,
    /// Everything found (restricted parts included, marked by `beperkingen`).
    pub dossiers: Vec<InzageDossier>,
    /// Why the deadline cannot be extended, if it cannot.
    pub verlenging_geweigerd: Option<&'static str>,
    pub te_laat: bool,
}

/// The answer to the data subject, restrictions applied.
#[derive(Debug, Clone)]
pub struct Antwoord {
    pub verzoek: VerzoekRecord,
    pub soort: VerzoekSoort,
    pub persoon: Option<EntiteitRecord>,
    pub dossiers: Vec<InzageDossier>,
    /// The grounds of art. 41 UAVG on which something is withheld (never what or where).
    pub gronden: Vec<Art41Grond>,
    /// Per dossier municipality: the processing activity (purpose, legal basis, retention).
    pub verwerking: Option<baken_domain::protocol::Verwerking>,
}

/// The data subject of a request: the person found by BSN at registration, and the identities the
/// privacy officer confirmed as the same person.
struct Betrokkene {
    persoon: Option<EntiteitRecord>,
    bevestigd: Vec<Uuid>,
}

impl Betrokkene {
    /// Every entity that counts as the data subject.
    fn entiteiten(&self) -> Vec<Uuid> {
        self.persoon
            .iter()
            .map(|p| p.id)
            .chain(self.bevestigd.iter().copied())
            .collect()
    }
}

fn disclosable(class: Vertrouwelijkheid) -> bool {
    matches!(
        class,
        Vertrouwelijkheid::Normaal | Vertrouwelijkheid::Vertrouwelijk
    )
}

fn invalid(field: &str, reason: impl Into<String>) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add(field, reason);
    ServiceError::Invalid(errors)
}

fn surname_key(entiteit: &Entiteit) -> Option<String> {
    match entiteit {
        Entiteit::Persoon { achternaam, .. } => Some(
            achternaam
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect(),
        ),
        _ => None,
    }
}

/// Who did what with a request: the user (none for the system), the municipality the processing
/// record is filed under, and the action names in the processing log and the audit log.
struct RequestEvent<'a> {
    user: Option<baken_domain::UserId>,
    gemeente: Option<GemeenteCode>,
    verwerking: &'a str,
    audit: crate::audit::AuditAction,
}
