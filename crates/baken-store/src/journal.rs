//! The storage port for the journal's hash chain, its signed heads, and attachments' metadata.

use crate::*;
use async_trait::async_trait;

/// The queries on the journal's hash chain, its signed heads, and attachments' metadata.
#[async_trait]
pub trait JournalRead: Send {
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
}

/// The changes to the journal's hash chain, its signed heads, and attachments' metadata.
#[async_trait]
pub trait JournalWrite: Send {
    async fn insert_journal(&mut self, chain: &ChainRecord, canoniek: &[u8]) -> StoreResult<()>;
    async fn put_head(&mut self, head: &HeadRecord) -> StoreResult<()>;

    // Attachments.
    async fn insert_bijlage(&mut self, bijlage: &BijlageRecord) -> StoreResult<()>;
}
