//! Rows of the requests aggregate.

use super::*;

use baken_domain::{GemeenteCode, UserId};
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[derive(sqlx::FromRow)]
pub struct VerzoekRow {
    id: Uuid,
    soort: String,
    betrokkene: String,
    betrokkene_type: String,
    ontvangen_op: time::Date,
    termijn_tot: time::Date,
    geregistreerd_door: Uuid,
    geregistreerd_op: Instant,
    beantwoord_op: Option<Instant>,
    gemeente_code: Option<String>,
    entiteit_id: Option<Uuid>,
    toelichting: Option<String>,
    verlengd_op: Option<Instant>,
    verlenging_motivering: Option<String>,
    besluit: Option<String>,
    besluit_motivering: Option<String>,
}

impl VerzoekRow {
    pub fn into_record(self) -> StoreResult<baken_store::VerzoekRecord> {
        Ok(baken_store::VerzoekRecord {
            id: self.id,
            soort: self.soort,
            betrokkene: self.betrokkene,
            betrokkene_type: self.betrokkene_type,
            ontvangen_op: self.ontvangen_op,
            termijn_tot: self.termijn_tot,
            geregistreerd_door: UserId(self.geregistreerd_door),
            geregistreerd_op: self.geregistreerd_op,
            beantwoord_op: self.beantwoord_op,
            gemeente: self
                .gemeente_code
                .map(|g| GemeenteCode::parse(&g).map_err(|e| corrupt("gemeente_code", e)))
                .transpose()?,
            entiteit_id: self.entiteit_id,
            toelichting: self.toelichting,
            verlengd_op: self.verlengd_op,
            verlenging_motivering: self.verlenging_motivering,
            besluit: self.besluit,
            besluit_motivering: self.besluit_motivering,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct BeperkingRow {
    id: Uuid,
    verzoek_id: Uuid,
    dossier_id: Uuid,
    journaalpost_id: Option<Uuid>,
    grond: String,
    motivering: String,
    herbeoordeling: time::Date,
    vastgelegd_door: Uuid,
    vastgelegd_op: Instant,
    herbeoordeeld_op: Option<Instant>,
    herbeoordeling_motivering: Option<String>,
    opgeheven_op: Option<Instant>,
}

impl From<BeperkingRow> for baken_store::BeperkingRecord {
    fn from(r: BeperkingRow) -> Self {
        baken_store::BeperkingRecord {
            id: r.id,
            verzoek_id: r.verzoek_id,
            dossier_id: r.dossier_id,
            journaalpost_id: r.journaalpost_id,
            grond: r.grond,
            motivering: r.motivering,
            herbeoordeling: r.herbeoordeling,
            vastgelegd_door: UserId(r.vastgelegd_door),
            vastgelegd_op: r.vastgelegd_op,
            herbeoordeeld_op: r.herbeoordeeld_op,
            herbeoordeling_motivering: r.herbeoordeling_motivering,
            opgeheven_op: r.opgeheven_op,
        }
    }
}
