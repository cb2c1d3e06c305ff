//! The storage port for partner requests (partnerverzoeken): a question from a dossier to a
//! partner with a purpose, a legal basis and a date for the answer; answered or withdrawn once,
//! never changed after that; destroyed with the dossier's content.

use crate::*;
use async_trait::async_trait;
use baken_domain::partnerverzoek::{PartnerSoort, PartnerverzoekStatus};
use baken_domain::signaal::{BronBetrouwbaarheid, InfoBetrouwbaarheid};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The answer to a partner request, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerAntwoordRecord {
    pub antwoord: String,
    /// The day it came.
    pub ontvangen: Date,
    /// Who gave it at the partner.
    pub bron: String,
    pub bron_betrouwbaarheid: BronBetrouwbaarheid,
    pub informatie_betrouwbaarheid: InfoBetrouwbaarheid,
}

/// One partner request.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerverzoekRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub partner_soort: PartnerSoort,
    /// Which partner exactly.
    pub partner: String,
    pub vraag: String,
    pub doel: String,
    pub grondslag: String,
    /// The answer is asked by this day.
    pub antwoord_voor: Date,
    pub status: PartnerverzoekStatus,
    pub door: UserId,
    pub op: OffsetDateTime,
    /// The journal entry that records the request.
    pub journaal_id: Uuid,
    /// When answered: the answer.
    pub antwoord: Option<PartnerAntwoordRecord>,
    /// When withdrawn: why.
    pub reden_intrekking: Option<String>,
    /// Who answered or withdrew it, when, and the journal entry that records it.
    pub afgehandeld: Option<(UserId, OffsetDateTime, Uuid)>,
}

/// The queries on partner requests.
#[async_trait]
pub trait PartnerRequestsRead: Send {
    async fn partnerverzoek(&mut self, id: Uuid) -> StoreResult<Option<PartnerverzoekRecord>>;
    /// A dossier's partner requests, newest first.
    async fn partnerverzoeken(&mut self, dossier: Uuid) -> StoreResult<Vec<PartnerverzoekRecord>>;
}

/// The changes to partner requests.
#[async_trait]
pub trait PartnerRequestsWrite: Send {
    async fn insert_partnerverzoek(&mut self, record: &PartnerverzoekRecord) -> StoreResult<()>;
    /// Stores the answer or the withdrawal of `record` (its status, answer or reason, and who
    /// ended it) when the stored request is still open; false when it was ended first.
    async fn sluit_partnerverzoek(&mut self, record: &PartnerverzoekRecord) -> StoreResult<bool>;
}
