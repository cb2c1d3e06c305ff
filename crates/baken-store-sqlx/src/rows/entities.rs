//! Rows of the entities aggregate.

use super::*;

use baken_domain::GemeenteCode;
use baken_store::StoreResult;
use sqlx::types::{Json, Uuid};

#[derive(sqlx::FromRow)]
pub struct EntiteitRow {
    id: Uuid,
    gemeente_code: String,
    gegevens: Json<baken_domain::entiteit::Entiteit>,
    aangemaakt_op: Instant,
}

/// The columns of an [`EntiteitRow`], for `SELECT`.
pub const ENTITEIT_COLUMNS: &str = "id, gemeente_code, gegevens, aangemaakt_op";

impl EntiteitRow {
    pub fn into_record(self) -> StoreResult<baken_store::EntiteitRecord> {
        Ok(baken_store::EntiteitRecord {
            id: self.id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente code", e))?,
            entiteit: self.gegevens.0,
            aangemaakt_op: self.aangemaakt_op,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct LinkedEntiteitRow {
    id: Uuid,
    gemeente_code: String,
    gegevens: Json<baken_domain::entiteit::Entiteit>,
    aangemaakt_op: Instant,
    rol: String,
}

impl LinkedEntiteitRow {
    pub fn into_pair(
        self,
    ) -> StoreResult<(baken_store::EntiteitRecord, baken_domain::entiteit::Rol)> {
        let rol = baken_domain::entiteit::Rol::parse(&self.rol).map_err(|e| corrupt("rol", e))?;
        Ok((
            baken_store::EntiteitRecord {
                id: self.id,
                gemeente: GemeenteCode::parse(&self.gemeente_code)
                    .map_err(|e| corrupt("gemeente code", e))?,
                entiteit: self.gegevens.0,
                aangemaakt_op: self.aangemaakt_op,
            },
            rol,
        ))
    }
}
