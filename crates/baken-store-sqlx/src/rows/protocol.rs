//! Rows of the protocol aggregate.

use super::*;

use baken_domain::{GemeenteCode, UserId};
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[derive(sqlx::FromRow)]
pub struct ProtocolVersieRow {
    id: Uuid,
    gemeente_code: String,
    versie: String,
    vastgesteld_op: time::Date,
    tekst: String,
    sha256: String,
    geladen_op: Instant,
    geladen_door: Option<Uuid>,
}

impl ProtocolVersieRow {
    pub fn into_record(self) -> StoreResult<baken_store::ProtocolVersieRecord> {
        Ok(baken_store::ProtocolVersieRecord {
            id: self.id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            versie: self.versie,
            vastgesteld_op: self.vastgesteld_op,
            tekst: self.tekst,
            sha256: self.sha256,
            geladen_op: self.geladen_op,
            geladen_door: self.geladen_door.map(UserId),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct PrivacytoetsRow {
    id: Uuid,
    dossier_id: Uuid,
    toets: String,
    goedgekeurd: bool,
    bronnen: String,
    antwoorden: String,
    motivering: Option<String>,
    geldig_tot: time::Date,
    protocol_versie: String,
    beslist_door: Uuid,
    beslist_op: Instant,
    journaalpost: Uuid,
}

impl PrivacytoetsRow {
    pub fn into_record(self) -> StoreResult<baken_store::PrivacytoetsRecord> {
        Ok(baken_store::PrivacytoetsRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            toets: self.toets,
            goedgekeurd: self.goedgekeurd,
            bronnen: serde_json::from_str(&self.bronnen)
                .map_err(|e| corrupt("bronnen", e.to_string()))?,
            antwoorden: serde_json::from_str(&self.antwoorden)
                .map_err(|e| corrupt("antwoorden", e.to_string()))?,
            motivering: self.motivering,
            geldig_tot: self.geldig_tot,
            protocol_versie: self.protocol_versie,
            beslist_door: UserId(self.beslist_door),
            beslist_op: self.beslist_op,
            journaalpost: self.journaalpost,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct WegingRow {
    id: Uuid,
    dossier_id: Uuid,
    weging: String,
    protocol_versie: String,
    van: String,
    naar: String,
    antwoorden: String,
    motivering: Option<String>,
    gewogen_door: Uuid,
    gewogen_op: Instant,
    journaalpost: Uuid,
}

impl WegingRow {
    pub fn into_record(self) -> StoreResult<baken_store::WegingRecord> {
        Ok(baken_store::WegingRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            weging: self.weging,
            protocol_versie: self.protocol_versie,
            van: self.van,
            naar: self.naar,
            antwoorden: serde_json::from_str(&self.antwoorden)
                .map_err(|e| corrupt("antwoorden", e.to_string()))?,
            motivering: self.motivering,
            gewogen_door: UserId(self.gewogen_door),
            gewogen_op: self.gewogen_op,
            journaalpost: self.journaalpost,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ToetsaanvraagRow {
    id: Uuid,
    dossier_id: Uuid,
    gemeente_code: String,
    toets: String,
    toelichting: String,
    aangevraagd_door: Uuid,
    aangevraagd_op: Instant,
    besluit: Option<Uuid>,
    beslist_op: Option<Instant>,
}

impl ToetsaanvraagRow {
    pub fn into_record(self) -> StoreResult<baken_store::ToetsaanvraagRecord> {
        Ok(baken_store::ToetsaanvraagRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            toets: self.toets,
            toelichting: self.toelichting,
            aangevraagd_door: UserId(self.aangevraagd_door),
            aangevraagd_op: self.aangevraagd_op,
            besluit: self.besluit,
            beslist_op: self.beslist_op,
        })
    }
}
