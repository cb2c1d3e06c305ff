//! Rows of the interventions aggregate.

use super::*;

use baken_domain::{GemeenteCode, UserId};
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[macro_export]
#[doc(hidden)]
macro_rules! maatregel_columns {
    () => {
        "id, dossier_id, gemeente_code, nummer, instrument, catalogus_versie, beleidsregel, bevoegd, grond, spoed, \
         spoed_motivering, duur, adressaten, object_id, motivering, status, verantwoordelijke, aangemaakt_op, aangemaakt_door, versie"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! maatregel_stap_columns {
    () => {
        "id, maatregel_id, stap, datum, duur, toelichting, ecli, bijlage_id, geregistreerd_op, geregistreerd_door, gevaar, bibob_grond, bedrag_cent"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! termijn_columns {
    () => {
        "id, dossier_id, maatregel_id, gemeente_code, soort, omschrijving, aan, einddatum, voldaan, verantwoordelijke"
    };
}

/// The addressees as stored: a JSON array of ids.
pub fn adressaten_json(ids: &[Uuid]) -> String {
    let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    serde_json::to_string(&ids).expect("strings serialise")
}

#[derive(sqlx::FromRow)]
pub struct MaatregelRow {
    id: Uuid,
    dossier_id: Uuid,
    gemeente_code: String,
    nummer: String,
    instrument: String,
    catalogus_versie: String,
    beleidsregel: String,
    bevoegd: String,
    grond: Option<String>,
    spoed: bool,
    spoed_motivering: Option<String>,
    duur: Option<String>,
    adressaten: String,
    object_id: Option<Uuid>,
    motivering: Option<String>,
    status: String,
    verantwoordelijke: Uuid,
    aangemaakt_op: Instant,
    aangemaakt_door: Uuid,
    versie: i64,
}

impl MaatregelRow {
    pub fn into_record(self) -> StoreResult<baken_store::MaatregelRecord> {
        let adressaten: Vec<String> = serde_json::from_str(&self.adressaten)
            .map_err(|e| corrupt("adressaten", e.to_string()))?;
        Ok(baken_store::MaatregelRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            nummer: self.nummer,
            instrument: self.instrument,
            catalogus_versie: self.catalogus_versie,
            beleidsregel: self.beleidsregel,
            bevoegd: self.bevoegd,
            grond: self.grond,
            spoed: self.spoed,
            spoed_motivering: self.spoed_motivering,
            duur: self.duur,
            adressaten: adressaten
                .iter()
                .map(|s| Uuid::parse_str(s))
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt("adressaten", e.to_string()))?,
            object_id: self.object_id,
            motivering: self.motivering,
            status: self.status,
            verantwoordelijke: UserId(self.verantwoordelijke),
            aangemaakt_op: self.aangemaakt_op,
            aangemaakt_door: UserId(self.aangemaakt_door),
            versie: self.versie,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct MaatregelStapRow {
    id: Uuid,
    maatregel_id: Uuid,
    stap: String,
    datum: Day,
    duur: Option<String>,
    toelichting: Option<String>,
    ecli: Option<String>,
    bijlage_id: Option<Uuid>,
    geregistreerd_op: Instant,
    geregistreerd_door: Uuid,
    gevaar: Option<String>,
    bibob_grond: Option<String>,
    bedrag_cent: Option<i64>,
}

impl From<MaatregelStapRow> for baken_store::MaatregelStapRecord {
    fn from(r: MaatregelStapRow) -> Self {
        baken_store::MaatregelStapRecord {
            id: r.id,
            maatregel_id: r.maatregel_id,
            stap: r.stap,
            datum: r.datum,
            duur: r.duur,
            toelichting: r.toelichting,
            ecli: r.ecli,
            bijlage_id: r.bijlage_id,
            gevaar: r.gevaar,
            bibob_grond: r.bibob_grond,
            bedrag_cent: r.bedrag_cent,
            geregistreerd_op: r.geregistreerd_op,
            geregistreerd_door: UserId(r.geregistreerd_door),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct TermijnRow {
    id: Uuid,
    dossier_id: Uuid,
    maatregel_id: Option<Uuid>,
    gemeente_code: String,
    soort: String,
    omschrijving: String,
    aan: String,
    einddatum: Day,
    voldaan: bool,
    verantwoordelijke: Uuid,
}

impl TermijnRow {
    pub fn into_record(self) -> StoreResult<baken_store::TermijnRecord> {
        Ok(baken_store::TermijnRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            maatregel_id: self.maatregel_id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            soort: self.soort,
            omschrijving: self.omschrijving,
            aan: self.aan,
            einddatum: self.einddatum,
            voldaan: self.voldaan,
            verantwoordelijke: UserId(self.verantwoordelijke),
        })
    }
}

/// The columns of an open deadline with its dossier's facts and its intervention's instrument
/// (`termijnen t JOIN dossiers d LEFT JOIN maatregelen m`).
#[macro_export]
#[doc(hidden)]
macro_rules! open_termijn_columns {
    () => {
        "t.id, t.dossier_id, t.maatregel_id, t.gemeente_code, t.soort, t.omschrijving, t.aan, t.einddatum, t.voldaan, t.verantwoordelijke, \
         d.nummer AS dossier_nummer, d.soort AS dossier_soort, d.gemeente_code AS dossier_gemeente, d.eigenaar_id AS dossier_eigenaar, \
         d.team AS dossier_team, d.toegewezen_aan AS dossier_toegewezen, d.geregistreerd_door AS dossier_registrator, \
         m.instrument AS maatregel_instrument, m.catalogus_versie AS maatregel_catalogus"
    };
}

#[derive(sqlx::FromRow)]
pub struct OpenTermijnRow {
    #[sqlx(flatten)]
    termijn: TermijnRow,
    dossier_nummer: String,
    dossier_soort: String,
    dossier_gemeente: String,
    dossier_eigenaar: Uuid,
    dossier_team: String,
    dossier_toegewezen: Option<Uuid>,
    dossier_registrator: Uuid,
    maatregel_instrument: Option<String>,
    maatregel_catalogus: Option<String>,
}

impl OpenTermijnRow {
    pub fn into_record(self) -> StoreResult<baken_store::OpenTermijnRecord> {
        let team: Vec<String> =
            serde_json::from_str(&self.dossier_team).map_err(|e| corrupt("team", e.to_string()))?;
        Ok(baken_store::OpenTermijnRecord {
            termijn: self.termijn.into_record()?,
            dossier_nummer: self.dossier_nummer,
            dossier_soort: baken_domain::dossier::DossierSoort::parse(&self.dossier_soort)
                .map_err(|e| corrupt("soort", e))?,
            dossier: baken_domain::dossier::DossierFacts {
                gemeente: GemeenteCode::parse(&self.dossier_gemeente)
                    .map_err(|e| corrupt("gemeente_code", e))?,
                eigenaar: UserId(self.dossier_eigenaar),
                team: team
                    .iter()
                    .map(|u| Uuid::parse_str(u).map(UserId))
                    .collect::<Result<_, _>>()
                    .map_err(|e| corrupt("team", e.to_string()))?,
                toegewezen_aan: self.dossier_toegewezen.map(UserId),
                geregistreerd_door: UserId(self.dossier_registrator),
            },
            instrument: self.maatregel_instrument.zip(self.maatregel_catalogus),
        })
    }
}
