//! Rows of the cases and tasks aggregates.

use super::*;

use baken_domain::casus::{Afsluitreden, CasusStatus, TaakStatus};
use baken_domain::{GemeenteCode, UserId};
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[macro_export]
#[doc(hidden)]
macro_rules! casus_columns {
    () => {
        "dossier_id, gemeente_code, status, naam, doel, plan_van_aanpak, afdelingen, partners, nazorg_tot, afsluitreden, \
         afgesloten_op, aangemaakt_op, versie"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! taak_columns {
    () => {
        "id, gemeente_code, dossier_id, overleg_id, omschrijving, eigenaar_id, uiterlijk_op, status, aangemaakt_door, \
         aangemaakt_op, afgerond_op, versie"
    };
}

/// A list of names as stored: a JSON array.
pub fn namen_json(namen: &[String]) -> String {
    serde_json::to_string(namen).expect("strings serialise")
}

#[derive(sqlx::FromRow)]
pub struct CasusRow {
    dossier_id: Uuid,
    gemeente_code: String,
    status: String,
    naam: String,
    doel: String,
    plan_van_aanpak: Option<String>,
    afdelingen: String,
    partners: String,
    nazorg_tot: Option<Day>,
    afsluitreden: Option<String>,
    afgesloten_op: Option<Instant>,
    aangemaakt_op: Instant,
    versie: i64,
}

impl CasusRow {
    pub fn into_record(self) -> StoreResult<baken_store::CasusRecord> {
        Ok(baken_store::CasusRecord {
            dossier_id: self.dossier_id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            status: CasusStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            naam: self.naam,
            doel: self.doel,
            plan_van_aanpak: self.plan_van_aanpak,
            afdelingen: serde_json::from_str(&self.afdelingen)
                .map_err(|e| corrupt("afdelingen", e.to_string()))?,
            partners: serde_json::from_str(&self.partners)
                .map_err(|e| corrupt("partners", e.to_string()))?,
            nazorg_tot: self.nazorg_tot,
            afsluitreden: self
                .afsluitreden
                .map(|r| Afsluitreden::parse(&r))
                .transpose()
                .map_err(|e| corrupt("afsluitreden", e))?,
            afgesloten_op: self.afgesloten_op,
            aangemaakt_op: self.aangemaakt_op,
            versie: self.versie,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct TaakRow {
    id: Uuid,
    gemeente_code: String,
    dossier_id: Option<Uuid>,
    overleg_id: Option<Uuid>,
    omschrijving: String,
    eigenaar_id: Uuid,
    uiterlijk_op: Option<Day>,
    status: String,
    aangemaakt_door: Uuid,
    aangemaakt_op: Instant,
    afgerond_op: Option<Instant>,
    versie: i64,
}

impl TaakRow {
    pub fn into_record(self) -> StoreResult<baken_store::TaakRecord> {
        Ok(baken_store::TaakRecord {
            id: self.id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            dossier_id: self.dossier_id,
            overleg_id: self.overleg_id,
            omschrijving: self.omschrijving,
            eigenaar: UserId(self.eigenaar_id),
            uiterlijk_op: self.uiterlijk_op,
            status: TaakStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            aangemaakt_door: UserId(self.aangemaakt_door),
            aangemaakt_op: self.aangemaakt_op,
            afgerond_op: self.afgerond_op,
            versie: self.versie,
        })
    }
}
