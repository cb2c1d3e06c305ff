//! Rows of the consultations aggregate.

use super::*;

use baken_domain::UserId;
use baken_domain::protocol::Wijze;
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[macro_export]
#[doc(hidden)]
macro_rules! bronraadpleging_columns {
    () => {
        "id, dossier_id, entiteit_id, bron, doel, stap, hit, journaal_id, vervolg_op, door_id, op"
    };
}

#[derive(sqlx::FromRow)]
pub struct BronraadplegingRow {
    id: Uuid,
    dossier_id: Uuid,
    entiteit_id: Option<Uuid>,
    bron: String,
    doel: String,
    stap: String,
    hit: bool,
    journaal_id: Uuid,
    vervolg_op: Option<Uuid>,
    door_id: Uuid,
    op: Instant,
}

impl BronraadplegingRow {
    pub fn into_record(self) -> StoreResult<baken_store::BronraadplegingRecord> {
        Ok(baken_store::BronraadplegingRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            entiteit_id: self.entiteit_id,
            bron: self.bron,
            doel: self.doel,
            stap: Wijze::parse(&self.stap).map_err(|e| corrupt("stap", e))?,
            hit: self.hit,
            journaal_id: self.journaal_id,
            vervolg_op: self.vervolg_op,
            door: UserId(self.door_id),
            op: self.op,
        })
    }
}
