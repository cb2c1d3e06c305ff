//! The storage port for privacy protocol versions, privacy-check decisions and the requests for
//! them, and the weighings by criterion.

use crate::*;
use async_trait::async_trait;

/// The queries on privacy protocol versions and privacy-check decisions.
#[async_trait]
pub trait ProtocolRead: Send {
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
    /// A dossier's weighings by criterion, oldest first.
    async fn dossier_wegingen(&mut self, dossier: uuid::Uuid) -> StoreResult<Vec<WegingRecord>>;
    /// A dossier's requests for a privacy check, oldest first.
    async fn dossier_toetsaanvragen(
        &mut self,
        dossier: uuid::Uuid,
    ) -> StoreResult<Vec<ToetsaanvraagRecord>>;
    /// The open requests for a privacy check in these municipalities, oldest first.
    async fn open_toetsaanvragen(
        &mut self,
        gemeenten: &[GemeenteCode],
    ) -> StoreResult<Vec<ToetsaanvraagRecord>>;
    /// A user's own requests, newest first, at most `limit`.
    async fn toetsaanvragen_door(
        &mut self,
        user: UserId,
        limit: i64,
    ) -> StoreResult<Vec<ToetsaanvraagRecord>>;
}

/// The changes to privacy protocol versions and privacy-check decisions.
#[async_trait]
pub trait ProtocolWrite: Send {
    // The privacy protocol and decisions on privacy checks.
    async fn insert_protocol(&mut self, versie: &ProtocolVersieRecord) -> StoreResult<()>;
    async fn insert_privacytoets(&mut self, toets: &PrivacytoetsRecord) -> StoreResult<()>;
    async fn insert_weging(&mut self, weging: &WegingRecord) -> StoreResult<()>;
    async fn insert_toetsaanvraag(&mut self, aanvraag: &ToetsaanvraagRecord) -> StoreResult<()>;
    /// Closes a dossier's open requests for a check with the decision; gives how many it closed.
    async fn sluit_toetsaanvragen(
        &mut self,
        dossier: uuid::Uuid,
        toets: &str,
        besluit: uuid::Uuid,
        op: time::OffsetDateTime,
    ) -> StoreResult<u64>;
}
