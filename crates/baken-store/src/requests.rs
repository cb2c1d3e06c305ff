//! The storage port for requests of data subjects, their restrictions and confirmed identities.

use crate::*;
use async_trait::async_trait;

/// The queries on requests of data subjects, their restrictions and confirmed identities.
#[async_trait]
pub trait RequestsRead: Send {
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
}

/// The changes to requests of data subjects, their restrictions and confirmed identities.
#[async_trait]
pub trait RequestsWrite: Send {
    // Requests of data subjects.
    async fn insert_verzoek(&mut self, verzoek: &VerzoekRecord) -> StoreResult<()>;
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
}
