//! The storage port for privacy protocol versions and privacy-check decisions.

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
}

/// The changes to privacy protocol versions and privacy-check decisions.
#[async_trait]
pub trait ProtocolWrite: Send {
    // The privacy protocol and decisions on privacy checks.
    async fn insert_protocol(&mut self, versie: &ProtocolVersieRecord) -> StoreResult<()>;
    async fn insert_privacytoets(&mut self, toets: &PrivacytoetsRecord) -> StoreResult<()>;
}
