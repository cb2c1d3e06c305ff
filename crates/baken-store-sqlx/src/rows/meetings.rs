//! Rows of the meetings aggregate.

use super::*;

use baken_domain::overleg::{Deelnemer, OverlegSoort, OverlegStatus};
use baken_domain::{GemeenteCode, UserId};
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[macro_export]
#[doc(hidden)]
macro_rules! overleg_columns {
    () => {
        "id, gemeente_code, soort, datum, titel, voorzitter_id, deelnemers, status, verslag, aangemaakt_door, \
         aangemaakt_op, versie"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! agendapunt_columns {
    () => {
        "overleg_id, dossier_id, positie, toegevoegd_op, besluit, toelichting, journaalpost_id, besloten_op"
    };
}

/// The attendees as stored: a JSON array.
pub fn deelnemers_json(deelnemers: &[Deelnemer]) -> String {
    serde_json::to_string(deelnemers).expect("attendees serialise")
}

#[derive(sqlx::FromRow)]
pub struct OverlegRow {
    id: Uuid,
    gemeente_code: String,
    soort: String,
    datum: Day,
    titel: String,
    voorzitter_id: Uuid,
    deelnemers: String,
    status: String,
    verslag: Option<String>,
    aangemaakt_door: Uuid,
    aangemaakt_op: Instant,
    versie: i64,
}

impl OverlegRow {
    pub fn into_record(self) -> StoreResult<baken_store::OverlegRecord> {
        Ok(baken_store::OverlegRecord {
            id: self.id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            soort: OverlegSoort::parse(&self.soort).map_err(|e| corrupt("soort", e))?,
            datum: self.datum,
            titel: self.titel,
            voorzitter: UserId(self.voorzitter_id),
            deelnemers: serde_json::from_str(&self.deelnemers)
                .map_err(|e| corrupt("deelnemers", e.to_string()))?,
            status: OverlegStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            verslag: self.verslag,
            aangemaakt_door: UserId(self.aangemaakt_door),
            aangemaakt_op: self.aangemaakt_op,
            versie: self.versie,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AgendapuntRow {
    overleg_id: Uuid,
    dossier_id: Uuid,
    positie: i64,
    toegevoegd_op: Instant,
    besluit: Option<String>,
    toelichting: Option<String>,
    journaalpost_id: Option<Uuid>,
    besloten_op: Option<Instant>,
}

impl AgendapuntRow {
    pub fn into_record(self) -> baken_store::AgendapuntRecord {
        baken_store::AgendapuntRecord {
            overleg_id: self.overleg_id,
            dossier_id: self.dossier_id,
            positie: self.positie,
            toegevoegd_op: self.toegevoegd_op,
            besluit: self.besluit,
            toelichting: self.toelichting,
            journaalpost: self.journaalpost_id,
            besloten_op: self.besloten_op,
        }
    }
}
