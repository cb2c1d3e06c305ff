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
#[async_trait]
pub trait ReadTx: Send {
    async fn list_gemeenten(&mut self) -> StoreResult<Vec<Gemeente>>;
    async fn count_users(&mut self) -> StoreResult<i64>;
    async fn user_by_id(&mut self, id: UserId) -> StoreResult<Option<UserRecord>>;
    async fn user_by_email(&mut self, email: &str) -> StoreResult<Option<UserRecord>>;
    /// Only the display name (one cheap query, for pages that mention people).
    async fn user_name(&mut self, id: UserId) -> StoreResult<Option<String>>;
    /// Display names of several users in one query (unknown ids are left out).
    async fn user_names(&mut self, ids: &[UserId]) -> StoreResult<Vec<(UserId, String)>>;
    async fn list_users(&mut self) -> StoreResult<Vec<UserRecord>>;
    async fn count_unused_recovery_codes(&mut self, id: UserId) -> StoreResult<i64>;

    // Sign-in throttling, keyed by account or client address.
    async fn throttle(&mut self, key: &str) -> StoreResult<Option<ThrottleRecord>>;
    async fn session_by_token_hash(
        &mut self,
        token_hash: &str,
    ) -> StoreResult<Option<SessionRecord>>;
    async fn list_user_sessions(&mut self, user: UserId) -> StoreResult<Vec<SessionRecord>>;
    async fn api_token_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<ApiTokenRecord>>;
    async fn list_api_tokens(&mut self, user: UserId) -> StoreResult<Vec<ApiTokenRecord>>;
    async fn dossier(&mut self, id: uuid::Uuid) -> StoreResult<Option<DossierRecord>>;
    async fn list_dossiers(&mut self, filter: &DossierFilter) -> StoreResult<Vec<DossierRecord>>;

    // Entities and their links.
    /// One municipality's record of the entity with this identifier key (`Entiteit::sleutel`).
    async fn entiteit_by_sleutel(
        &mut self,
        gemeente: &GemeenteCode,
        sleutel: &str,
    ) -> StoreResult<Option<EntiteitRecord>>;
    /// Every dossier, in any municipality, linked to an entity with this identifier key, newest
    /// first. The service decides what the caller may know of them.
    async fn dossiers_met_sleutel(
        &mut self,
        sleutel: &str,
    ) -> StoreResult<Vec<(DossierRecord, baken_domain::entiteit::Rol)>>;
    async fn entiteit(&mut self, id: uuid::Uuid) -> StoreResult<Option<EntiteitRecord>>;
    async fn dossier_entiteiten(
        &mut self,
        dossier: uuid::Uuid,
    ) -> StoreResult<Vec<(EntiteitRecord, baken_domain::entiteit::Rol)>>;
    async fn entiteit_dossiers(
        &mut self,
        entiteit: uuid::Uuid,
    ) -> StoreResult<Vec<(DossierRecord, baken_domain::entiteit::Rol)>>;

    /// Entities by kind for a list view, ordered by id (see [`EntiteitFilter`]).
    async fn list_entiteiten(
        &mut self,
        filter: &EntiteitFilter,
    ) -> StoreResult<Vec<EntiteitRecord>>;
    /// The dossiers of several entities in one query: (entity, dossier, role), newest dossier first.
    /// Besides an entity's own links, this includes the dossiers of every other municipality's
    /// record with the same identifier (the service shows those only as a neutral fact).
    async fn entiteiten_dossiers(
        &mut self,
        entiteiten: &[uuid::Uuid],
    ) -> StoreResult<Vec<(uuid::Uuid, DossierRecord, baken_domain::entiteit::Rol)>>;

    // The journal.
    async fn last_chain(&mut self, dossier: uuid::Uuid) -> StoreResult<Option<ChainRecord>>;
    /// A dossier's whole journal in chain order, with content where it still exists.
    async fn journal(&mut self, dossier: uuid::Uuid) -> StoreResult<Vec<JournalRow>>;
    /// Every dossier that has a journal.
    async fn journal_dossiers(&mut self) -> StoreResult<Vec<uuid::Uuid>>;
    async fn head(&mut self, dossier: uuid::Uuid) -> StoreResult<Option<HeadRecord>>;
    async fn heads(&mut self) -> StoreResult<Vec<HeadRecord>>;
    async fn bijlage(&mut self, id: uuid::Uuid) -> StoreResult<Option<BijlageRecord>>;
    async fn dossier_bijlagen(&mut self, dossier: uuid::Uuid) -> StoreResult<Vec<BijlageRecord>>;
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
    /// Several dossiers by id in one query (unknown ids are left out).
    async fn dossiers_by_ids(&mut self, ids: &[uuid::Uuid]) -> StoreResult<Vec<DossierRecord>>;
    /// The trace ids of one user's access-log records, newest first.
    async fn traces_of_user(&mut self, user: UserId, limit: i64) -> StoreResult<Vec<String>>;
    async fn list_verwerkingen(
        &mut self,
        filter: &VerwerkingFilter,
    ) -> StoreResult<Vec<VerwerkingRecord>>;
    /// Full-text search within one municipality: every term must match. Newest text first; with
    /// `before` (the cursor of the previous page's last hit) only older texts.
    async fn search(
        &mut self,
        gemeente: &GemeenteCode,
        terms: &[String],
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<SearchHit>>;
    /// Every loaded version for a municipality, latest adoption date first (then latest loaded).
    async fn protocol_versies(
        &mut self,
        gemeente: &GemeenteCode,
    ) -> StoreResult<Vec<ProtocolVersieRecord>>;
    /// A dossier's privacy-check decisions, oldest first.
    async fn dossier_privacytoetsen(
        &mut self,
        dossier: uuid::Uuid,
    ) -> StoreResult<Vec<PrivacytoetsRecord>>;
    /// Closed dossiers not yet handled (with their municipality and number).
    async fn bewaring_open(&mut self) -> StoreResult<Vec<BewaringRecord>>;
    async fn bewaring(&mut self, dossier: uuid::Uuid) -> StoreResult<Option<BewaringRecord>>;
    /// Destruction records, newest first; of one batch when given.
    async fn vernietigingen(
        &mut self,
        batch: Option<uuid::Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<VernietigingRecord>>;
    /// The requests handled by these municipalities, nearest deadline first.
    async fn verzoeken(&mut self, gemeenten: &[GemeenteCode]) -> StoreResult<Vec<VerzoekRecord>>;
    async fn verzoek(&mut self, id: uuid::Uuid) -> StoreResult<Option<VerzoekRecord>>;
    /// Every answered request answered before `voor`, oldest first (retention).
    async fn verzoeken_beantwoord_voor(
        &mut self,
        voor: time::OffsetDateTime,
    ) -> StoreResult<Vec<VerzoekRecord>>;
    async fn beperkingen(&mut self, verzoek: uuid::Uuid) -> StoreResult<Vec<BeperkingRecord>>;
    /// The restrictions of these municipalities' requests due for re-evaluation on or before `tot`
    /// and not lifted, earliest first.
    async fn beperkingen_te_herbeoordelen(
        &mut self,
        gemeenten: &[GemeenteCode],
        tot: time::Date,
    ) -> StoreResult<Vec<BeperkingRecord>>;
    async fn verzoek_identiteiten(&mut self, verzoek: uuid::Uuid) -> StoreResult<Vec<uuid::Uuid>>;
    /// Persons whose display text ends with `kenmerk` (see `entiteit::geboortekenmerk`): the
    /// candidates for "the same person registered without a BSN".
    async fn personen_met_kenmerk(&mut self, kenmerk: &str) -> StoreResult<Vec<EntiteitRecord>>;
    async fn list_audit(&mut self, filter: &AuditFilter) -> StoreResult<Vec<AuditRecord>>;
}

/// A transaction that reads and writes. Dropping it without [`Tx::commit`] rolls everything back.
///
/// After any error the transaction is finished (PostgreSQL refuses further statements): drop it.
#[async_trait]
pub trait Tx: ReadTx {
    async fn commit(self: Box<Self>) -> StoreResult<()>;

    // Municipalities.
    async fn insert_gemeente(&mut self, gemeente: &Gemeente) -> StoreResult<()>;
    async fn rename_gemeente(
        &mut self,
        code: &GemeenteCode,
        naam: &GemeenteNaam,
    ) -> StoreResult<bool>;

    // Users.
    async fn insert_user(&mut self, user: &UserRecord) -> StoreResult<()>;
    async fn update_user_profile(
        &mut self,
        id: UserId,
        update: &UserProfileUpdate,
    ) -> StoreResult<bool>;
    async fn set_user_access(
        &mut self,
        id: UserId,
        roles: &[Role],
        gemeenten: &[GemeenteCode],
    ) -> StoreResult<()>;
    async fn set_password_hash(&mut self, id: UserId, hash: &str) -> StoreResult<()>;
    async fn set_totp(&mut self, id: UserId, totp: &TotpState) -> StoreResult<()>;
    async fn replace_recovery_codes(
        &mut self,
        id: UserId,
        code_hashes: &[String],
    ) -> StoreResult<()>;
    /// Consumes a recovery code: true when it existed and was unused (it is then marked used).
    async fn use_recovery_code(&mut self, id: UserId, code_hash: &str) -> StoreResult<bool>;
    async fn put_throttle(&mut self, record: &ThrottleRecord) -> StoreResult<()>;
    async fn clear_throttle(&mut self, key: &str) -> StoreResult<()>;
    /// Serialises the transactions that lock the same key until they end (an advisory lock where
    /// the database has one; SQLite's write transactions are serial already). Lock keys in one
    /// order everywhere.
    async fn lock_key(&mut self, key: &str) -> StoreResult<()>;

    // Sessions.
    async fn insert_session(&mut self, session: &SessionRecord) -> StoreResult<()>;
    async fn update_session(&mut self, session: &SessionRecord) -> StoreResult<()>;
    async fn delete_session(&mut self, id: uuid::Uuid) -> StoreResult<()>;
    /// Deletes every session of a user except `keep`; returns how many were deleted.
    async fn delete_user_sessions(
        &mut self,
        user: UserId,
        keep: Option<uuid::Uuid>,
    ) -> StoreResult<u64>;
    async fn delete_sessions_expired_before(
        &mut self,
        cutoff: time::OffsetDateTime,
    ) -> StoreResult<u64>;

    // API tokens.
    async fn insert_api_token(&mut self, token: &ApiTokenRecord) -> StoreResult<()>;
    /// Revokes every active token of a user (password change, sign out everywhere); how many.
    async fn revoke_user_api_tokens(
        &mut self,
        user: UserId,
        at: time::OffsetDateTime,
    ) -> StoreResult<u64>;
    async fn revoke_api_token(
        &mut self,
        user: UserId,
        id: uuid::Uuid,
        at: time::OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn touch_api_token(
        &mut self,
        id: uuid::Uuid,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;

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
    async fn insert_entiteit(&mut self, entiteit: &EntiteitRecord) -> StoreResult<()>;
    /// Replaces an entity's attributes (same id, municipality and identifier).
    async fn update_entiteit(&mut self, entiteit: &EntiteitRecord) -> StoreResult<()>;
    async fn link_entiteit(&mut self, link: &DossierEntiteitRecord) -> StoreResult<()>;
    async fn insert_journal(&mut self, chain: &ChainRecord, canoniek: &[u8]) -> StoreResult<()>;
    async fn put_head(&mut self, head: &HeadRecord) -> StoreResult<()>;

    // Attachments.
    async fn insert_bijlage(&mut self, bijlage: &BijlageRecord) -> StoreResult<()>;

    // Access log (append-only) and search.
    async fn append_access(&mut self, record: &AccessRecord) -> StoreResult<()>;
    /// Many access records in as few statements as the database allows (the group commit's path).
    async fn append_access_batch(&mut self, records: &[AccessRecord]) -> StoreResult<()>;

    // The processing log (append-only).
    async fn append_verwerking(&mut self, record: &VerwerkingRecord) -> StoreResult<()>;
    /// Many processing-log records in as few statements as the database allows.
    async fn append_verwerkingen(&mut self, records: &[VerwerkingRecord]) -> StoreResult<()>;

    async fn index_text(&mut self, text: &SearchText) -> StoreResult<()>;

    // The privacy protocol and decisions on privacy checks.
    async fn insert_protocol(&mut self, versie: &ProtocolVersieRecord) -> StoreResult<()>;
    async fn insert_privacytoets(&mut self, toets: &PrivacytoetsRecord) -> StoreResult<()>;

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

    // Requests of data subjects.
    async fn insert_verzoek(&mut self, verzoek: &VerzoekRecord) -> StoreResult<()>;
    async fn set_beantwoord(&mut self, id: uuid::Uuid, at: time::OffsetDateTime)
    -> StoreResult<()>;
    /// Removes a request with its restrictions and confirmed identities (retention).
    async fn delete_verzoek(&mut self, id: uuid::Uuid) -> StoreResult<()>;
    /// Stores the request's changeable state: deadline, extension, decision, answered.
    async fn update_verzoek(&mut self, verzoek: &VerzoekRecord) -> StoreResult<()>;
    async fn insert_beperking(&mut self, beperking: &BeperkingRecord) -> StoreResult<()>;
    /// Stores a restriction's re-evaluation: its next date, when and why, lifted or not.
    async fn update_beperking(&mut self, beperking: &BeperkingRecord) -> StoreResult<()>;
    /// Records that the privacy officer confirmed `entiteit` as the same person.
    async fn insert_verzoek_identiteit(
        &mut self,
        verzoek: uuid::Uuid,
        entiteit: uuid::Uuid,
        door: UserId,
        op: time::OffsetDateTime,
    ) -> StoreResult<()>;

    // Security audit log (append-only).
    async fn append_audit(&mut self, record: &AuditRecord) -> StoreResult<()>;
}
