//! The storage port for dossiers (a signal's dossier): numbering, the record, the backlog.

use crate::*;
use async_trait::async_trait;

/// The queries on dossiers (a signal's dossier): numbering, the record, the backlog.
#[async_trait]
pub trait DossiersRead: Send {
    async fn dossier(&mut self, id: uuid::Uuid) -> StoreResult<Option<DossierRecord>>;
    async fn list_dossiers(&mut self, filter: &DossierFilter) -> StoreResult<Vec<DossierRecord>>;
    /// Every dossier a user holds as owner, assignee or team member, newest first (a handover).
    async fn dossiers_van(&mut self, user: UserId) -> StoreResult<Vec<DossierRecord>>;
    /// Several dossiers by id in one query (unknown ids are left out).
    async fn dossiers_by_ids(&mut self, ids: &[uuid::Uuid]) -> StoreResult<Vec<DossierRecord>>;
    /// A dossier's requests to join its team, oldest first.
    async fn toegangsverzoeken(
        &mut self,
        dossier: uuid::Uuid,
    ) -> StoreResult<Vec<ToegangsverzoekRecord>>;
    /// The undecided requests to join a team in these municipalities, oldest first.
    async fn open_toegangsverzoeken(
        &mut self,
        gemeenten: &[GemeenteCode],
    ) -> StoreResult<Vec<ToegangsverzoekRecord>>;
}

/// The changes to dossiers (a signal's dossier): numbering, the record, the backlog.
#[async_trait]
pub trait DossiersWrite: Send {
    // Dossiers (signals).
    /// The next number in a municipality's series for a year (1, 2, …), reserved in this transaction.
    async fn next_signaal_nummer(&mut self, gemeente: &GemeenteCode, jaar: i32)
    -> StoreResult<i64>;
    async fn insert_dossier(&mut self, dossier: &DossierRecord) -> StoreResult<()>;
    /// Stores changed fields when the stored version is `expected_versie`; false when someone else
    /// changed it first (or it does not exist).
    async fn update_dossier(
        &mut self,
        dossier: &DossierRecord,
        expected_versie: i64,
    ) -> StoreResult<bool>;
    /// Serialises appends to one dossier's journal (a row lock where the database has them).
    async fn lock_dossier(&mut self, id: uuid::Uuid) -> StoreResult<()>;
    async fn insert_toegangsverzoek(&mut self, verzoek: &ToegangsverzoekRecord) -> StoreResult<()>;
    /// Records the decision on an undecided request; false when it was decided already.
    async fn beslis_toegangsverzoek(
        &mut self,
        verzoek: &ToegangsverzoekRecord,
    ) -> StoreResult<bool>;
}
