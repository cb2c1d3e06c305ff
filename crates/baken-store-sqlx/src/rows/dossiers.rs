//! Rows of the dossiers aggregate.

use super::*;

use baken_domain::{GemeenteCode, UserId};
use baken_store::StoreResult;
use sqlx::types::Uuid;

/// Values of a dossier that are stored in a derived form.
pub struct DossierBinds {
    pub sorteer_op: i64,
    pub fenomenen: String,
    pub team: String,
}

impl From<&baken_store::DossierRecord> for DossierBinds {
    fn from(d: &baken_store::DossierRecord) -> Self {
        let fenomenen: Vec<&str> = d.fenomenen.iter().map(|f| f.as_str()).collect();
        let team: Vec<String> = d.team.iter().map(|u| u.to_string()).collect();
        DossierBinds {
            sorteer_op: d.sorteer_sleutel(),
            fenomenen: serde_json::to_string(&fenomenen).expect("strings serialise"),
            team: serde_json::to_string(&team).expect("strings serialise"),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct DossierRow {
    id: Uuid,
    soort: String,
    gemeente_code: String,
    nummer: String,
    status: String,
    eigenaar_id: Uuid,
    toegewezen_aan: Option<Uuid>,
    geregistreerd_door: Uuid,
    aangemaakt_op: Instant,
    gewijzigd_op: Instant,
    ontvangstdatum: time::Date,
    waargenomen_op: Option<Instant>,
    bron: String,
    politie_stuk: Option<String>,
    omschrijving: String,
    indicatoren: Option<String>,
    bron_betrouwbaarheid: Option<String>,
    informatie_betrouwbaarheid: Option<String>,
    melder_naam: Option<String>,
    melder_contact: Option<String>,
    melder_anoniem: bool,
    versie: i64,
    fenomenen: String,
    team: String,
    herbeoordelen_op: Option<time::Date>,
    /// Only in queries that join a link.
    #[sqlx(default)]
    pub rol: Option<String>,
    /// Only in queries that join a link.
    #[sqlx(default)]
    pub entiteit_id: Option<Uuid>,
}

impl DossierRow {
    pub fn into_record(self) -> StoreResult<baken_store::DossierRecord> {
        use baken_domain::signaal::{
            Bron, BronBetrouwbaarheid, Fenomeen, InfoBetrouwbaarheid, PolitieStuk, SignaalStatus,
        };
        let fenomenen: Vec<String> = serde_json::from_str(&self.fenomenen)
            .map_err(|e| corrupt("fenomenen", e.to_string()))?;
        let team: Vec<String> =
            serde_json::from_str(&self.team).map_err(|e| corrupt("team", e.to_string()))?;
        Ok(baken_store::DossierRecord {
            id: self.id,
            soort: baken_domain::dossier::DossierSoort::parse(&self.soort)
                .map_err(|e| corrupt("soort", e))?,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente", e))?,
            nummer: self.nummer,
            status: SignaalStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            eigenaar: UserId(self.eigenaar_id),
            toegewezen_aan: self.toegewezen_aan.map(UserId),
            geregistreerd_door: UserId(self.geregistreerd_door),
            team: team
                .iter()
                .map(|t| Uuid::parse_str(t).map(UserId))
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt("team", e.to_string()))?,
            aangemaakt_op: self.aangemaakt_op,
            gewijzigd_op: self.gewijzigd_op,
            ontvangstdatum: self.ontvangstdatum,
            waargenomen_op: self.waargenomen_op,
            bron: Bron::parse(&self.bron).map_err(|e| corrupt("bron", e))?,
            politie_stuk: self
                .politie_stuk
                .map(|p| PolitieStuk::parse(&p))
                .transpose()
                .map_err(|e| corrupt("politie_stuk", e))?,
            omschrijving: self.omschrijving,
            indicatoren: self.indicatoren,
            bron_betrouwbaarheid: self
                .bron_betrouwbaarheid
                .map(|b| BronBetrouwbaarheid::parse(&b))
                .transpose()
                .map_err(|e| corrupt("bron_betrouwbaarheid", e))?,
            informatie_betrouwbaarheid: self
                .informatie_betrouwbaarheid
                .map(|b| InfoBetrouwbaarheid::parse(&b))
                .transpose()
                .map_err(|e| corrupt("informatie_betrouwbaarheid", e))?,
            melder_naam: self.melder_naam,
            melder_contact: self.melder_contact,
            melder_anoniem: self.melder_anoniem,
            fenomenen: fenomenen
                .iter()
                .map(|f| Fenomeen::parse(f))
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt("fenomenen", e))?,
            versie: self.versie,
            herbeoordelen_op: self.herbeoordelen_op,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ToegangsverzoekRow {
    id: Uuid,
    dossier_id: Uuid,
    gemeente_code: String,
    gevraagd_door: Uuid,
    gevraagd_op: Instant,
    reden: String,
    besluit: Option<String>,
    beslist_door: Option<Uuid>,
    beslist_op: Option<Instant>,
    motivering: Option<String>,
}

impl ToegangsverzoekRow {
    pub fn into_record(self) -> baken_store::StoreResult<baken_store::ToegangsverzoekRecord> {
        Ok(baken_store::ToegangsverzoekRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            gemeente: baken_domain::GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            gevraagd_door: baken_domain::UserId(self.gevraagd_door),
            gevraagd_op: self.gevraagd_op,
            reden: self.reden,
            besluit: self.besluit,
            beslist_door: self.beslist_door.map(baken_domain::UserId),
            beslist_op: self.beslist_op,
            motivering: self.motivering,
        })
    }
}
