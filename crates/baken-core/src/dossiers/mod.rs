//! Signals and their dossiers: intake, the dossier view, the backlog, the journal, entities, search
//! and verification of the tamper-evident chain.
//!
//! Every read is decided here with the domain's need-to-know and confidentiality rules and written to
//! the access log before the data leaves the service (no log, no data). Denials that could reveal
//! that something exists are `NotFound`.

mod backlog;
mod delen;
mod entities;
mod entries;
mod intake;
mod koppelingen;
mod search;
pub mod toegang;
pub mod triage;
mod update;
mod verify;
mod view;
mod werk;
pub use delen::DossierDelen;
pub use werk::{Bewaring, DossierWerk};

pub(crate) use crate::kernel::optional_text;
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::entiteit::Rol;
use baken_domain::journal::JournaalInhoud;
use baken_domain::signaal::SignaalStatus;
use baken_domain::{Actor, GemeenteCode, UserId};
use baken_store::{DossierRecord, EntiteitRecord};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;
/// The result of an intake.
#[derive(Debug, Clone)]
pub struct SignaalAangemaakt {
    pub id: Uuid,
    pub nummer: String,
}

/// Another dossier an entity appears in, that the viewer may know of.
#[derive(Debug, Clone)]
pub struct ElderRef {
    pub dossier_id: Uuid,
    pub nummer: String,
    pub status: SignaalStatus,
    pub gemeente: GemeenteCode,
    pub rol: Rol,
    pub toegang: DossierAccess,
}

/// An entity as shown in a dossier, with where else it appears.
#[derive(Debug, Clone)]
pub struct EntiteitInDossier {
    pub entiteit: EntiteitRecord,
    pub rol: Rol,
    pub elders: Vec<ElderRef>,
    /// Also known in a municipality the viewer does not work for: only this neutral fact.
    pub elders_andere_gemeente: bool,
}

/// A journal entry as one viewer may see it.
#[derive(Debug, Clone)]
pub enum JournaalPost {
    Zichtbaar {
        volgnummer: i64,
        inhoud: Box<JournaalInhoud>,
        gecorrigeerd_door: Vec<i64>,
        corrigeert: Option<i64>,
    },
    /// The viewer may not see this entry's class: only that an entry exists, and when.
    Afgeschermd {
        volgnummer: i64,
        entry_id: Uuid,
        geregistreerd_op: OffsetDateTime,
    },
    /// Content destroyed under the retention rules; the chain link remains.
    Vernietigd {
        volgnummer: i64,
        entry_id: Uuid,
        geregistreerd_op: OffsetDateTime,
    },
}

/// A signal's dossier as one viewer may see it.
#[derive(Debug, Clone)]
pub struct SignaalView {
    /// Content fields the viewer may not see are emptied (description for index-only viewers,
    /// reporter details unless the viewer may see a protected reporter).
    pub dossier: DossierRecord,
    pub toegang: DossierAccess,
    pub melder_zichtbaar: bool,
    pub entiteiten: Vec<EntiteitInDossier>,
    pub journaal: Vec<JournaalPost>,
    /// Display names of the people mentioned (owner, assignee, team, authors).
    pub namen: BTreeMap<UserId, String>,
    /// Attachments the viewer may see.
    pub bijlagen: Vec<baken_store::BijlageRecord>,
}

/// One line of the backlog.
#[derive(Debug, Clone)]
pub struct BacklogRegel {
    pub dossier: DossierRecord,
    pub toegang: DossierAccess,
}

/// A page of the backlog and the cursor of the next page.
#[derive(Debug, Clone)]
pub struct BacklogPagina {
    pub regels: Vec<BacklogRegel>,
    pub volgende: Option<String>,
    pub namen: BTreeMap<UserId, String>,
}

/// Backlog query as it arrives (query string or form); validated as a whole.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BacklogQuery {
    pub gemeente: Option<String>,
    pub status: Option<String>,
    pub bron: Option<String>,
    pub fenomeen: Option<String>,
    /// A user id, or `mij`.
    pub toegewezen_aan: Option<String>,
    /// Only signals received at least this many days ago.
    pub ouder_dan_dagen: Option<String>,
    /// Only signals received at most this many days ago.
    pub jonger_dan_dagen: Option<String>,
    /// `nieuwste` (default) or `oudste`.
    pub sortering: Option<String>,
    /// Cursor from the previous page.
    pub na: Option<String>,
    pub limiet: Option<String>,
}

/// A new journal entry as typed or sent.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JournaalInvoer {
    pub soort: String,
    pub tekst: String,
    pub gebeurd_op: Option<String>,
    pub vertrouwelijkheid: Option<String>,
    pub bron: Option<String>,
    pub betrouwbaarheid: Option<String>,
    pub grondslag: Option<String>,
    pub doel: Option<String>,
    pub lezers: Vec<String>,
    pub corrigeert: Option<String>,
    pub koppelingen: Vec<String>,
}

/// Changes to a signal's editable fields; absent means unchanged, an empty string clears.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SignaalWijziging {
    pub status: Option<String>,
    pub toegewezen_aan: Option<String>,
    pub fenomenen: Option<Vec<String>>,
    pub indicatoren: Option<String>,
    pub bron_betrouwbaarheid: Option<String>,
    pub informatie_betrouwbaarheid: Option<String>,
    /// The team (user ids) that works on the signal besides its owner: need-to-know.
    pub team: Option<Vec<String>>,
    /// While monitoring (required when monitoring starts): the day the signal is weighed
    /// again, `YYYY-MM-DD`.
    pub herbeoordelen_op: Option<String>,
    /// With a status change that records a weighing: the answer to each of its criteria.
    pub wegingsantwoorden: Option<Vec<baken_domain::weging::CriteriumInvoer>>,
    /// Why: recorded in the journal with the change.
    pub motivering: Option<String>,
    /// The version the change is based on; refused when someone changed the signal since.
    pub versie: Option<i64>,
}

/// A search result the viewer may see.
#[derive(Debug, Clone)]
pub struct Zoekresultaat {
    pub dossier: DossierRecord,
    /// Where the terms were found: `omschrijving` or `journaalpost`.
    pub deel: &'static str,
    pub entry_id: Option<Uuid>,
}

/// Access-log kinds of a search by identifier: with or without a dossier the searcher works on.
pub const ZOEKVRAAG: &str = "identificatiezoekvraag";
pub const ZOEKVRAAG_ZONDER_DOSSIER: &str = "identificatiezoekvraag-zonder-eigen-dossier";

/// A page of search results, newest text first.
#[derive(Debug, Clone)]
pub struct Zoekpagina {
    pub resultaten: Vec<Zoekresultaat>,
    /// Cursor for the next page (`na`); absent on the last page.
    pub volgende: Option<String>,
}

/// Results per search page unless the caller asks otherwise (at most [`MAX_ZOEKLIMIET`]).
pub const ZOEKLIMIET: i64 = 25;
pub const MAX_ZOEKLIMIET: i64 = 100;
/// The largest batch of index hits read at once while skipping hits the actor may not see.
const SEARCH_BATCH_MAX: i64 = 400;

/// An entity and the dossiers the viewer may know it from.
#[derive(Debug, Clone)]
pub struct EntiteitView {
    pub entiteit: EntiteitRecord,
    pub dossiers: Vec<ElderRef>,
    pub elders_andere_gemeente: bool,
}

/// A page of subjects or objects.
#[derive(Debug, Clone)]
pub struct EntiteitenPagina {
    pub entiteiten: Vec<EntiteitView>,
    /// Cursor for the next page (`na`); absent on the last page.
    pub volgende: Option<String>,
}

/// Subjects (who) or objects (what).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Categorie {
    Subjecten,
    Objecten,
}

/// The outcome of `baken verify`.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub dossiers: usize,
    pub entries: usize,
    pub failures: Vec<VerifyFailure>,
}

/// A dossier whose chain or head does not verify, at the first entry that fails.
#[derive(Debug, Clone)]
pub struct VerifyFailure {
    pub dossier_id: Uuid,
    pub nummer: String,
    pub volgnummer: Option<i64>,
    pub entry_id: Option<Uuid>,
    pub reden: String,
}

/// A signed chain head for an external archive.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeadExport {
    pub dossier_id: Uuid,
    pub volgnummer: i64,
    pub link_hash: String,
    pub handtekening: String,
    pub sleutel_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub getekend_op: OffsetDateTime,
}

const MAX_TEKST: usize = 20_000;
const BACKLOG_DEFAULT: i64 = 50;
const BACKLOG_MAX: i64 = 200;

/// Whether the actor may see an entity record: it belongs to one of the actor's municipalities and
/// the actor sees in full a dossier of that municipality it is linked to. (`linked` may hold other
/// municipalities' dossiers of the same identifier; those never open another's record.)
fn may_know_entity(
    actor: &Actor,
    entiteit: &EntiteitRecord,
    linked: &[(DossierRecord, Rol)],
) -> bool {
    actor.may_access_gemeente(&entiteit.gemeente)
        && linked.iter().any(|(d, _)| {
            d.gemeente == entiteit.gemeente
                && dossier_access(actor, &d.facts()) == DossierAccess::Full
        })
}

/// The key the backlog is ordered and continued by (creation time in microseconds).
/// Whose names a list of dossiers shows: owners and assignees.
fn owners_and_assignees<'a>(dossiers: impl Iterator<Item = &'a DossierRecord>) -> Vec<UserId> {
    dossiers
        .flat_map(|d| [Some(d.eigenaar), d.toegewezen_aan])
        .flatten()
        .collect()
}

fn backlog_key(d: &DossierRecord) -> i64 {
    d.sorteer_sleutel()
}

/// What a list shows of a dossier. Lists never carry content (the dossier view does, and is
/// logged). An index line — a dossier the actor may only know exists — shows its number,
/// municipality, status, dates and phenomena: not its source, reliability ratings, police
/// document, assignee or team. (The owner is in the record for access decisions; the adapters
/// do not render it on an index line.)
pub fn index_line(mut dossier: DossierRecord, toegang: DossierAccess) -> DossierRecord {
    dossier.omschrijving.clear();
    dossier.indicatoren = None;
    dossier.melder_naam = None;
    dossier.melder_contact = None;
    if toegang != DossierAccess::Full {
        dossier.waargenomen_op = None;
        dossier.bron_betrouwbaarheid = None;
        dossier.informatie_betrouwbaarheid = None;
        dossier.politie_stuk = None;
        dossier.toegewezen_aan = None;
        dossier.team.clear();
    }
    dossier
}
