//! The storage port. Services talk to storage only through [`Store`] and [`Tx`]; each backend
//! (SQLite, PostgreSQL) is an adapter crate that implements them and passes the same
//! [conformance suite](crate::conformance) (feature `conformance`).
//!
//! Every operation runs inside a [`Tx`], so a service can make a change and write its audit record in
//! one transaction: either both are stored or neither is.

use async_trait::async_trait;
use baken_domain::{Gemeente, GemeenteCode, GemeenteNaam, Role, UserId};

pub mod records;
pub use records::*;
mod accounts;
mod cases;
mod consultations;
mod dossiers;
mod entities;
mod interventions;
mod journal;
mod logs;
mod meetings;
mod partner_requests;
mod protocol;
mod registers;
mod requests;
mod retention;
mod search;
mod sessions;
pub use accounts::{AccountsRead, AccountsWrite};
pub use cases::{CasesRead, CasesWrite, CasusRecord, TaakRecord, TasksRead, TasksWrite};
pub use consultations::{BronraadplegingRecord, ConsultationsRead, ConsultationsWrite};
pub use dossiers::{DossiersRead, DossiersWrite};
pub use entities::{EntitiesRead, EntitiesWrite};
pub use interventions::{
    CatalogusVersieRecord, InterventionsRead, InterventionsWrite, MaatregelRecord,
    MaatregelStapRecord, OpenTermijnRecord, OpenTermijnen, TermijnRecord,
};
pub use journal::{JournalRead, JournalWrite};
pub use logs::{LogsRead, LogsWrite};
pub use meetings::{AgendapuntRecord, MeetingsRead, MeetingsWrite, OverlegRecord};
pub use partner_requests::{
    PartnerAntwoordRecord, PartnerRequestsRead, PartnerRequestsWrite, PartnerverzoekRecord,
};
pub use protocol::{ProtocolRead, ProtocolWrite};
pub use registers::{
    BagAdresRecord, BagAdresVraag, EigenRegistersRead, EigenVraag, KvkRead, Register,
    RegisterObject, RegisterSoort, RegistersRead, RegistersWrite, SanctiesRead,
};
pub use requests::{RequestsRead, RequestsWrite};
pub use retention::{RetentionRead, RetentionWrite};
pub use search::{SearchRead, SearchWrite};
pub use sessions::{SessionsRead, SessionsWrite};

#[cfg(feature = "conformance")]
pub mod conformance;

/// What can go wrong in storage, in terms the services can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was violated; the string names the constraint's subject (e.g. `email`).
    #[error("conflict on {0}")]
    Conflict(&'static str),
    /// A referenced row does not exist (e.g. a municipality code that was never added).
    #[error("missing reference: {0}")]
    MissingReference(&'static str),
    /// The database is unreachable or answered with an error we do not map.
    #[error("database error: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A database: the entry point of an adapter.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Starts a transaction. On SQLite this takes the write lock up front (`BEGIN IMMEDIATE`), since
    /// almost every use case writes (an audit record at least).
    async fn begin(&self) -> StoreResult<Box<dyn Tx>>;
    /// Starts a transaction that only reads (its type has no write methods). On SQLite it does not
    /// take the write lock, so reads run side by side (WAL).
    async fn begin_read(&self) -> StoreResult<Box<dyn ReadTx>>;
    /// Checks that the database answers (`/readyz`).
    async fn ping(&self) -> StoreResult<()>;
    /// After a destruction: makes the database overwrite what was deleted where it keeps copies
    /// (SQLite: merges the full-text index, checkpoints the write-ahead log).
    async fn compact(&self) -> StoreResult<()>;
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
}

/// A transaction that only reads: every query of the port, no statement that changes anything.
/// [`Store::begin_read`] gives one; a write through it does not compile. On SQLite it does not take
/// the write lock, so reads run side by side (WAL). Dropping it ends it.
///
/// A write transaction reads too ([`Tx`] extends this trait), so a helper that only reads takes
/// `&mut dyn ReadTx` and serves both:
///
/// ```no_run
/// # async fn example(store: &dyn baken_store::Store, record: &baken_store::AuditRecord) {
/// let mut read = store.begin_read().await.unwrap();
/// let users = read.count_users().await.unwrap();
/// let mut write = store.begin().await.unwrap();
/// write.append_audit(record).await.unwrap();
/// # let _ = users;
/// # }
/// ```
///
/// and writing through a read transaction is refused by the compiler:
///
/// ```compile_fail
/// # async fn example(store: &dyn baken_store::Store, record: &baken_store::AuditRecord) {
/// let mut read = store.begin_read().await.unwrap();
/// read.append_audit(record).await.unwrap(); // no method `append_audit` on `dyn ReadTx`
/// # }
/// ```
pub trait ReadTx:
    AccountsRead
    + SessionsRead
    + DossiersRead
    + EntitiesRead
    + JournalRead
    + SearchRead
    + LogsRead
    + ProtocolRead
    + RetentionRead
    + RequestsRead
    + InterventionsRead
    + CasesRead
    + TasksRead
    + MeetingsRead
    + RegistersRead
    + KvkRead
    + SanctiesRead
    + EigenRegistersRead
    + ConsultationsRead
    + PartnerRequestsRead
{
}

impl<
    T: ?Sized
        + AccountsRead
        + SessionsRead
        + DossiersRead
        + EntitiesRead
        + JournalRead
        + SearchRead
        + LogsRead
        + ProtocolRead
        + RetentionRead
        + RequestsRead
        + InterventionsRead
        + CasesRead
        + TasksRead
        + MeetingsRead
        + RegistersRead
        + KvkRead
        + SanctiesRead
        + EigenRegistersRead
        + ConsultationsRead
        + PartnerRequestsRead,
> ReadTx for T
{
}

/// A transaction that reads and writes. Dropping it without [`Tx::commit`] rolls everything back.
///
/// After any error the transaction is finished (PostgreSQL refuses further statements): drop it.
#[async_trait]
pub trait Tx:
    ReadTx
    + AccountsWrite
    + SessionsWrite
    + DossiersWrite
    + EntitiesWrite
    + JournalWrite
    + SearchWrite
    + LogsWrite
    + ProtocolWrite
    + RetentionWrite
    + RequestsWrite
    + InterventionsWrite
    + CasesWrite
    + TasksWrite
    + MeetingsWrite
    + RegistersWrite
    + ConsultationsWrite
    + PartnerRequestsWrite
{
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}
