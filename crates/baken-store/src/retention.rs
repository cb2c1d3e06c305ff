//! The storage port for retention: closing outcomes, legal holds, destruction and its records.

use crate::*;
use async_trait::async_trait;

/// The queries on retention: closing outcomes, legal holds, destruction and its records.
#[async_trait]
pub trait RetentionRead: Send {
    /// Closed dossiers not yet handled (with their municipality and number).
    async fn bewaring_open(&mut self) -> StoreResult<Vec<BewaringRecord>>;
    async fn bewaring(&mut self, dossier: uuid::Uuid) -> StoreResult<Option<BewaringRecord>>;
    /// Destruction records, newest first; of one batch when given.
    async fn vernietigingen(
        &mut self,
        batch: Option<uuid::Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<VernietigingRecord>>;
}

/// The changes to retention: closing outcomes, legal holds, destruction and its records.
#[async_trait]
pub trait RetentionWrite: Send {
    // Retention.
    /// Records a dossier's closing outcome (the start of its retention period).
    async fn set_afgesloten(
        &mut self,
        dossier: uuid::Uuid,
        uitkomst: &str,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Sets (`Some`) or lifts (`None`) a legal hold.
    async fn set_blokkade(
        &mut self,
        dossier: uuid::Uuid,
        reden: Option<&str>,
        door: Option<UserId>,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    async fn set_afgehandeld(&mut self, dossier: uuid::Uuid, actie: &str) -> StoreResult<()>;
    /// Removes a dossier's content: journal content, search texts, privacy-check answers, entity
    /// links (and entities no other dossier needs), attachment keys, and the identifying fields of
    /// the dossier row. The chain rows, heads and the dossier's number and dates stay.
    async fn destroy_content(&mut self, dossier: uuid::Uuid) -> StoreResult<Vernietigd>;
    /// Removes what identifies persons: entity links (and orphaned entities) and the reporter.
    async fn anonymise(&mut self, dossier: uuid::Uuid) -> StoreResult<Vernietigd>;
    async fn insert_vernietiging(&mut self, record: &VernietigingRecord) -> StoreResult<()>;
}
