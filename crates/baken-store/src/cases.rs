//! The storage port for cases (casussen) and tasks (taken). A case is a dossier of soort `casus`
//! (its journal, attachments, entity links and team are the dossier's); this port holds what is
//! particular to it, the signals it was started from, and the tasks of a dossier or a meeting.

use crate::*;
use async_trait::async_trait;
use baken_domain::casus::{Afsluitreden, CasusStatus, TaakStatus};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// What a case holds beside its dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct CasusRecord {
    /// The case's dossier (soort `casus`).
    pub dossier_id: Uuid,
    pub gemeente: GemeenteCode,
    pub status: CasusStatus,
    /// A short name (the address or the undertaking), shown in lists.
    pub naam: String,
    pub doel: String,
    pub plan_van_aanpak: Option<String>,
    /// Municipal departments involved (names).
    pub afdelingen: Vec<String>,
    /// Partner organisations involved (names).
    pub partners: Vec<String>,
    /// While in nazorg: the last day of monitoring.
    pub nazorg_tot: Option<Date>,
    pub afsluitreden: Option<Afsluitreden>,
    pub afgesloten_op: Option<OffsetDateTime>,
    pub aangemaakt_op: OffsetDateTime,
    /// Incremented on every change (optimistic locking).
    pub versie: i64,
}

/// A task: of a dossier (signal or case), or an action item of a meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct TaakRecord {
    pub id: Uuid,
    pub gemeente: GemeenteCode,
    pub dossier_id: Option<Uuid>,
    pub overleg_id: Option<Uuid>,
    pub omschrijving: String,
    pub eigenaar: UserId,
    pub uiterlijk_op: Option<Date>,
    pub status: TaakStatus,
    pub aangemaakt_door: UserId,
    pub aangemaakt_op: OffsetDateTime,
    pub afgerond_op: Option<OffsetDateTime>,
    pub versie: i64,
}

/// The queries on cases.
#[async_trait]
pub trait CasesRead: Send {
    async fn casus(&mut self, dossier: Uuid) -> StoreResult<Option<CasusRecord>>;
    /// The cases of these municipalities, open ones first, then newest first; at most `limit`.
    async fn casussen(
        &mut self,
        gemeenten: &[GemeenteCode],
        ook_afgesloten: bool,
        limit: i64,
    ) -> StoreResult<Vec<CasusRecord>>;
    /// The case a signal was taken into, if any.
    async fn casus_van_signaal(&mut self, signaal: Uuid) -> StoreResult<Option<Uuid>>;
    /// The signals a case was started from or later linked to, in the order they were linked.
    async fn signalen_van_casus(&mut self, casus: Uuid) -> StoreResult<Vec<Uuid>>;
}

/// The changes to cases.
#[async_trait]
pub trait CasesWrite: Send {
    /// The next number in a municipality's series of cases for a year.
    async fn next_casus_nummer(&mut self, gemeente: &GemeenteCode, jaar: i32) -> StoreResult<i64>;
    async fn insert_casus(&mut self, casus: &CasusRecord) -> StoreResult<()>;
    /// Stores the changeable fields when the stored version is `expected_versie`; false when
    /// someone changed it first.
    async fn update_casus(
        &mut self,
        casus: &CasusRecord,
        expected_versie: i64,
    ) -> StoreResult<bool>;
    /// Links a signal to a case; a signal belongs to one case at most (`Conflict("casus")`).
    async fn koppel_signaal(
        &mut self,
        casus: Uuid,
        signaal: Uuid,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
}

/// The queries on tasks.
#[async_trait]
pub trait TasksRead: Send {
    async fn taak(&mut self, id: Uuid) -> StoreResult<Option<TaakRecord>>;
    /// A dossier's tasks: open ones first by due date, then the rest newest first.
    async fn taken_van_dossier(&mut self, dossier: Uuid) -> StoreResult<Vec<TaakRecord>>;
    /// A meeting's action items, as created.
    async fn taken_van_overleg(&mut self, overleg: Uuid) -> StoreResult<Vec<TaakRecord>>;
    /// Someone's open tasks, earliest due date first (those without one last).
    async fn open_taken_van(&mut self, eigenaar: UserId) -> StoreResult<Vec<TaakRecord>>;
}

/// The changes to tasks.
#[async_trait]
pub trait TasksWrite: Send {
    async fn insert_taak(&mut self, taak: &TaakRecord) -> StoreResult<()>;
    /// Stores owner, due date, status and text when the stored version is `expected_versie`.
    async fn update_taak(&mut self, taak: &TaakRecord, expected_versie: i64) -> StoreResult<bool>;
    /// Moves every open task of `van` in these dossiers to `naar` (a handover); how many.
    async fn draag_taken_over(
        &mut self,
        dossiers: &[Uuid],
        van: UserId,
        naar: UserId,
    ) -> StoreResult<u64>;
}
