//! The storage port for the append-only logs: access log, processing log (Logboek Dataverwerkingen), security audit log.

use crate::*;
use async_trait::async_trait;

/// The queries on the append-only logs: access log, processing log (Logboek Dataverwerkingen), security audit log.
#[async_trait]
pub trait LogsRead: Send {
    async fn list_access(
        &mut self,
        object_id: Option<uuid::Uuid>,
        user: Option<UserId>,
        limit: i64,
    ) -> StoreResult<Vec<AccessRecord>>;
    /// The access-log records of these traces (the users behind processing-log records).
    async fn access_by_traces(&mut self, trace_ids: &[String]) -> StoreResult<Vec<AccessRecord>>;
    /// Access-log records in a period, oldest first (for the anomaly report).
    async fn access_between(
        &mut self,
        vanaf: time::OffsetDateTime,
        tot: time::OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<AccessRecord>>;
    /// The trace ids of one user's access-log records, newest first.
    async fn traces_of_user(&mut self, user: UserId, limit: i64) -> StoreResult<Vec<String>>;
    async fn list_verwerkingen(
        &mut self,
        filter: &VerwerkingFilter,
    ) -> StoreResult<Vec<VerwerkingRecord>>;
    async fn list_audit(&mut self, filter: &AuditFilter) -> StoreResult<Vec<AuditRecord>>;
}

/// The changes to the append-only logs: access log, processing log (Logboek Dataverwerkingen), security audit log.
#[async_trait]
pub trait LogsWrite: Send {
    // Access log (append-only) and search.
    async fn append_access(&mut self, record: &AccessRecord) -> StoreResult<()>;
    /// Many access records in as few statements as the database allows (the group commit's path).
    async fn append_access_batch(&mut self, records: &[AccessRecord]) -> StoreResult<()>;

    // The processing log (append-only).
    async fn append_verwerking(&mut self, record: &VerwerkingRecord) -> StoreResult<()>;
    /// Many processing-log records in as few statements as the database allows.
    async fn append_verwerkingen(&mut self, records: &[VerwerkingRecord]) -> StoreResult<()>;

    // Security audit log (append-only).
    async fn append_audit(&mut self, record: &AuditRecord) -> StoreResult<()>;
}
