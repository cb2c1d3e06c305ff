//! The storage port for meetings (overleggen) and their agendas. A meeting's action items are
//! tasks with its id (see [`crate::TasksRead::taken_van_overleg`]); a decision's text is the
//! `overlegbesluit` entry in the dossier's journal, which the agenda item points to.

use crate::*;
use async_trait::async_trait;
use baken_domain::overleg::{Deelnemer, OverlegSoort, OverlegStatus};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlegRecord {
    pub id: Uuid,
    pub gemeente: GemeenteCode,
    pub soort: OverlegSoort,
    pub datum: Date,
    pub titel: String,
    pub voorzitter: UserId,
    pub deelnemers: Vec<Deelnemer>,
    pub status: OverlegStatus,
    /// General notes of the meeting (not about a dossier: those go in its journal).
    pub verslag: Option<String>,
    pub aangemaakt_door: UserId,
    pub aangemaakt_op: OffsetDateTime,
    /// Incremented on every change (optimistic locking).
    pub versie: i64,
}

/// A dossier on a meeting's agenda, with the decision once taken.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendapuntRecord {
    pub overleg_id: Uuid,
    pub dossier_id: Uuid,
    /// The order on the agenda (ascending).
    pub positie: i64,
    pub toegevoegd_op: OffsetDateTime,
    /// The dossier's status the decision set (a signal's or a case's status code).
    pub besluit: Option<String>,
    /// The decision's motivation as the minutes show it (to those who may see the dossier).
    pub toelichting: Option<String>,
    /// The `overlegbesluit` journal entry in the dossier.
    pub journaalpost: Option<Uuid>,
    pub besloten_op: Option<OffsetDateTime>,
}

/// The queries on meetings.
#[async_trait]
pub trait MeetingsRead: Send {
    async fn overleg(&mut self, id: Uuid) -> StoreResult<Option<OverlegRecord>>;
    /// The meetings of these municipalities, planned ones first by date, then the rest latest
    /// first; at most `limit`.
    async fn overleggen(
        &mut self,
        gemeenten: &[GemeenteCode],
        limit: i64,
    ) -> StoreResult<Vec<OverlegRecord>>;
    /// A meeting's agenda in its order.
    async fn agendapunten(&mut self, overleg: Uuid) -> StoreResult<Vec<AgendapuntRecord>>;
    /// The meetings a dossier was on the agenda of, latest first.
    async fn overleggen_van_dossier(&mut self, dossier: Uuid)
    -> StoreResult<Vec<AgendapuntRecord>>;
}

/// The changes to meetings.
#[async_trait]
pub trait MeetingsWrite: Send {
    async fn insert_overleg(&mut self, overleg: &OverlegRecord) -> StoreResult<()>;
    /// Stores title, date, chair, attendees, status and notes when the stored version is
    /// `expected_versie`; false when someone changed it first.
    async fn update_overleg(
        &mut self,
        overleg: &OverlegRecord,
        expected_versie: i64,
    ) -> StoreResult<bool>;
    /// Puts a dossier on the agenda; once per meeting (`Conflict("agendapunt")`).
    async fn insert_agendapunt(&mut self, punt: &AgendapuntRecord) -> StoreResult<()>;
    /// Takes an undecided item off the agenda; false when there was none (or it was decided).
    async fn delete_agendapunt(&mut self, overleg: Uuid, dossier: Uuid) -> StoreResult<bool>;
    /// Records the decision on an item.
    async fn besluit_agendapunt(&mut self, punt: &AgendapuntRecord) -> StoreResult<bool>;
}
