//! The storage port for interventions (maatregelen): the intervention, its recorded procedure steps
//! and the deadlines computed from them (kept as rows, so that a deadline overview is one indexed
//! query, however many interventions are open).

use crate::*;
use async_trait::async_trait;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// An intervention on a dossier, under an instrument of the municipality's catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct MaatregelRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub gemeente: GemeenteCode,
    /// Human number per municipality and year, e.g. `M-2026-0007`.
    pub nummer: String,
    /// The instrument's code in the catalogue, and the catalogue version and policy rule it
    /// was taken under (named in the decision).
    pub instrument: String,
    pub catalogus_versie: String,
    pub beleidsregel: String,
    /// `burgemeester` or `college`, of [`Self::gemeente`].
    pub bevoegd: String,
    pub grond: Option<String>,
    pub spoed: bool,
    pub spoed_motivering: Option<String>,
    /// ISO 8601 duration of a closure (`P3M`).
    pub duur: Option<String>,
    /// The addressees and the object (entities linked to the dossier).
    pub adressaten: Vec<Uuid>,
    pub object_id: Option<Uuid>,
    /// Suitable, necessary, proportionate: the motivation of the decision.
    pub motivering: Option<String>,
    /// `lopend`, `afgerond` or `ingetrokken`.
    pub status: String,
    /// Who carries it (the case director, usually); the deadlines land on their overview.
    pub verantwoordelijke: UserId,
    pub aangemaakt_op: OffsetDateTime,
    pub aangemaakt_door: UserId,
    /// Incremented on every change (optimistic locking).
    pub versie: i64,
}

/// A procedure step as recorded: never changed, only followed by later ones.
#[derive(Debug, Clone, PartialEq)]
pub struct MaatregelStapRecord {
    pub id: Uuid,
    pub maatregel_id: Uuid,
    /// The step's code ([`baken_domain::maatregelen::Stap`]).
    pub stap: String,
    pub datum: Date,
    pub duur: Option<String>,
    pub toelichting: Option<String>,
    /// The court decision's ECLI (appeal, higher appeal).
    pub ecli: Option<String>,
    /// A letter or document of the step (an attachment of the dossier).
    pub bijlage_id: Option<Uuid>,
    /// A Bibob conclusion's degree of danger ([`baken_domain::maatregelen::Gevaar`]).
    pub gevaar: Option<String>,
    /// Its ground ([`baken_domain::maatregelen::BibobGrond`]).
    pub bibob_grond: Option<String>,
    /// A penalty forfeited or collected, or costs recovered, in euro cents.
    pub bedrag_cent: Option<i64>,
    pub geregistreerd_op: OffsetDateTime,
    pub geregistreerd_door: UserId,
}

/// A deadline, as computed from an intervention's steps (or set for a dossier's own work).
#[derive(Debug, Clone, PartialEq)]
pub struct TermijnRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub maatregel_id: Option<Uuid>,
    pub gemeente: GemeenteCode,
    /// `bezwaartermijn`, `beslistermijn-bezwaar`, … (see the deadline engine).
    pub soort: String,
    pub omschrijving: String,
    /// `gemeente` or `betrokkene`: who has to act.
    pub aan: String,
    pub einddatum: Date,
    pub voldaan: bool,
    pub verantwoordelijke: UserId,
}

/// A version of a municipality's catalogue of interventions as adopted: the same shape as a
/// privacy protocol version (the TOML text, its hash, who loaded it when).
pub type CatalogusVersieRecord = ProtocolVersieRecord;

/// The queries on interventions, their steps and deadlines.
#[async_trait]
pub trait InterventionsRead: Send {
    /// Every loaded catalogue version for a municipality, latest adoption date first (then
    /// latest loaded).
    async fn catalogus_versies(
        &mut self,
        gemeente: &GemeenteCode,
    ) -> StoreResult<Vec<CatalogusVersieRecord>>;
    async fn maatregel(&mut self, id: Uuid) -> StoreResult<Option<MaatregelRecord>>;
    /// A dossier's interventions, oldest first.
    async fn maatregelen_van(&mut self, dossier: Uuid) -> StoreResult<Vec<MaatregelRecord>>;
    /// The running interventions someone carries, oldest first (a handover).
    async fn lopende_maatregelen_van(&mut self, user: UserId) -> StoreResult<Vec<MaatregelRecord>>;
    /// An intervention's steps in the order they happened (then as recorded).
    async fn maatregel_stappen(&mut self, maatregel: Uuid)
    -> StoreResult<Vec<MaatregelStapRecord>>;
    /// The steps of all a dossier's interventions, in the order they happened (then as recorded).
    async fn dossier_maatregel_stappen(
        &mut self,
        dossier: Uuid,
    ) -> StoreResult<Vec<MaatregelStapRecord>>;
    /// A dossier's deadlines, earliest first.
    async fn termijnen_van(&mut self, dossier: Uuid) -> StoreResult<Vec<TermijnRecord>>;
    /// Interventions by id, in no particular order; unknown ids are left out.
    async fn maatregelen_by_ids(&mut self, ids: &[Uuid]) -> StoreResult<Vec<MaatregelRecord>>;
    /// Open deadlines (not met) as the query says, earliest first (then by id), each with what
    /// an overview needs of its dossier and intervention (one query, however many lines).
    async fn open_termijnen(
        &mut self,
        query: &OpenTermijnen<'_>,
    ) -> StoreResult<Vec<OpenTermijnRecord>>;
}

/// An open deadline with its dossier's number, kind and access facts, and its intervention's
/// instrument and catalogue version (for the Bibob check), as an overview reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenTermijnRecord {
    pub termijn: TermijnRecord,
    pub dossier_nummer: String,
    pub dossier_soort: baken_domain::dossier::DossierSoort,
    pub dossier: baken_domain::dossier::DossierFacts,
    /// The instrument's code and the catalogue version it was taken under.
    pub instrument: Option<(String, String)>,
}

/// Which open deadlines to read: in these municipalities, up to and including `tot`, only one
/// person's when `verantwoordelijke` is given, after the cursor `na` (the last line of the page
/// before: its last day and id), at most `limit`.
#[derive(Debug, Clone)]
pub struct OpenTermijnen<'a> {
    pub gemeenten: &'a [GemeenteCode],
    pub verantwoordelijke: Option<UserId>,
    pub tot: Date,
    pub na: Option<(Date, Uuid)>,
    pub limit: i64,
}

/// The changes to interventions, their steps and deadlines.
#[async_trait]
pub trait InterventionsWrite: Send {
    /// Stores a catalogue version; a conflict when the municipality has that version already.
    async fn insert_catalogus(&mut self, versie: &CatalogusVersieRecord) -> StoreResult<()>;
    /// The next number in a municipality's series of interventions for a year.
    async fn next_maatregel_nummer(
        &mut self,
        gemeente: &GemeenteCode,
        jaar: i32,
    ) -> StoreResult<i64>;
    async fn insert_maatregel(&mut self, maatregel: &MaatregelRecord) -> StoreResult<()>;
    /// Stores the changeable fields when the stored version is `expected_versie`; false when
    /// someone changed it first.
    async fn update_maatregel(
        &mut self,
        maatregel: &MaatregelRecord,
        expected_versie: i64,
    ) -> StoreResult<bool>;
    async fn insert_maatregel_stap(&mut self, stap: &MaatregelStapRecord) -> StoreResult<()>;
    /// Replaces an intervention's deadlines by a fresh computation.
    async fn replace_termijnen(
        &mut self,
        maatregel: Uuid,
        termijnen: &[TermijnRecord],
    ) -> StoreResult<()>;
    /// Replaces a dossier's own deadlines of one kind (not an intervention's: a case's end of
    /// monitoring, say) by these.
    async fn replace_dossier_termijnen(
        &mut self,
        dossier: Uuid,
        soort: &str,
        termijnen: &[TermijnRecord],
    ) -> StoreResult<()>;
    /// Moves every open intervention of `van` in these dossiers, with its deadlines, to `naar`
    /// (a handover); the number of interventions moved.
    async fn draag_maatregelen_over(
        &mut self,
        dossiers: &[Uuid],
        van: UserId,
        naar: UserId,
    ) -> StoreResult<u64>;
}
