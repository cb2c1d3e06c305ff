//! The storage port for subjects and objects, per municipality, and their links to dossiers.

use crate::*;
use async_trait::async_trait;

/// The queries on subjects and objects, per municipality, and their links to dossiers.
#[async_trait]
pub trait EntitiesRead: Send {
    // Entities and their links.
    /// One municipality's record of the entity with this identifier key (`Entiteit::sleutel`).
    async fn entiteit_by_sleutel(
        &mut self,
        gemeente: &GemeenteCode,
        sleutel: &str,
    ) -> StoreResult<Option<EntiteitRecord>>;
    /// Every dossier, in any municipality, linked to an entity with this identifier key or a key
    /// that extends it after a `:` (`kvk:12345678` also finds its establishments
    /// `kvk:12345678:…`; `adres:2161AB:12` every letter and addition of that number), newest
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
    /// Persons whose display text ends with `kenmerk` (see `entiteit::geboortekenmerk`): the
    /// candidates for "the same person registered without a BSN".
    async fn personen_met_kenmerk(&mut self, kenmerk: &str) -> StoreResult<Vec<EntiteitRecord>>;
}

/// The changes to subjects and objects, per municipality, and their links to dossiers.
#[async_trait]
pub trait EntitiesWrite: Send {
    async fn insert_entiteit(&mut self, entiteit: &EntiteitRecord) -> StoreResult<()>;
    /// Replaces an entity's attributes (same id, municipality and identifier).
    async fn update_entiteit(&mut self, entiteit: &EntiteitRecord) -> StoreResult<()>;
    async fn link_entiteit(&mut self, link: &DossierEntiteitRecord) -> StoreResult<()>;
    /// Removes one link (dossier, entity, role); gives whether there was one. The entity stays.
    async fn unlink_entiteit(
        &mut self,
        dossier: uuid::Uuid,
        entiteit: uuid::Uuid,
        rol: baken_domain::entiteit::Rol,
    ) -> StoreResult<bool>;
}
