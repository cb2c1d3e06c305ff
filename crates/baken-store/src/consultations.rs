//! The storage port for consultations of sources (bronraadplegingen): which source was consulted
//! about which subject of a dossier, in which step (hit/no-hit first, content only after a
//! justified follow-up), with what outcome, and the journal entry that records it.

use crate::*;
use async_trait::async_trait;
use baken_domain::protocol::Wijze;
use time::OffsetDateTime;
use uuid::Uuid;

/// One consultation.
#[derive(Debug, Clone, PartialEq)]
pub struct BronraadplegingRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    /// The subject or object consulted about (`None`: recorded by hand without one).
    pub entiteit_id: Option<Uuid>,
    /// The source's code in the protocol's catalogue (`bag`, `kvk`, `sancties`, …).
    pub bron: String,
    /// The purpose it was consulted for (one the protocol lists for the source).
    pub doel: String,
    /// Hit/no-hit, or content (a follow-up of a hit).
    pub stap: Wijze,
    pub hit: bool,
    /// The journal entry that records it.
    pub journaal_id: Uuid,
    /// For a follow-up: the hit/no-hit consultation it follows.
    pub vervolg_op: Option<Uuid>,
    pub door: UserId,
    pub op: OffsetDateTime,
}

/// The queries on consultations.
#[async_trait]
pub trait ConsultationsRead: Send {
    async fn bronraadpleging(&mut self, id: Uuid) -> StoreResult<Option<BronraadplegingRecord>>;
    /// A dossier's consultations, newest first.
    async fn bronraadplegingen(&mut self, dossier: Uuid)
    -> StoreResult<Vec<BronraadplegingRecord>>;
}

/// The changes to consultations (recorded once, never changed; destroyed with the dossier).
#[async_trait]
pub trait ConsultationsWrite: Send {
    async fn insert_bronraadpleging(&mut self, record: &BronraadplegingRecord) -> StoreResult<()>;
}
