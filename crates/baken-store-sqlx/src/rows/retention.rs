//! Rows of the retention aggregate.

use super::*;

use baken_domain::GemeenteCode;
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[derive(sqlx::FromRow)]
pub struct BewaringRow {
    dossier_id: Uuid,
    gemeente_code: String,
    nummer: String,
    uitkomst: Option<String>,
    afgesloten_op: Option<Instant>,
    blokkade_reden: Option<String>,
    afgehandeld: Option<String>,
}

impl BewaringRow {
    pub fn into_record(self) -> StoreResult<baken_store::BewaringRecord> {
        Ok(baken_store::BewaringRecord {
            dossier_id: self.dossier_id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            nummer: self.nummer,
            uitkomst: self.uitkomst,
            afgesloten_op: self.afgesloten_op,
            blokkade_reden: self.blokkade_reden,
            afgehandeld: self.afgehandeld,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct VernietigingRow {
    id: Uuid,
    batch_id: Uuid,
    dossier_id: Uuid,
    nummer: String,
    gemeente_code: String,
    soort: String,
    uitkomst: String,
    afgesloten_op: Instant,
    regel: String,
    actie: String,
    uitgevoerd_op: Instant,
    uitgevoerd_door: String,
}

impl VernietigingRow {
    pub fn into_record(self) -> StoreResult<baken_store::VernietigingRecord> {
        Ok(baken_store::VernietigingRecord {
            id: self.id,
            batch_id: self.batch_id,
            dossier_id: self.dossier_id,
            nummer: self.nummer,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            soort: self.soort,
            uitkomst: self.uitkomst,
            afgesloten_op: self.afgesloten_op,
            regel: self.regel,
            actie: self.actie,
            uitgevoerd_op: self.uitgevoerd_op,
            uitgevoerd_door: self.uitgevoerd_door,
        })
    }
}
