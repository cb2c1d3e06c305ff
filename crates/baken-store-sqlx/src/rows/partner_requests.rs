//! Rows of the partner requests aggregate.

use super::*;

use baken_domain::UserId;
use baken_domain::partnerverzoek::{PartnerSoort, PartnerverzoekStatus};
use baken_domain::signaal::{BronBetrouwbaarheid, InfoBetrouwbaarheid};
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[macro_export]
#[doc(hidden)]
macro_rules! partnerverzoek_columns {
    () => {
        "id, dossier_id, partner_soort, partner, vraag, doel, grondslag, antwoord_voor, status, door_id, op, \
         journaal_id, antwoord, ontvangen, antwoord_bron, bron_betrouwbaarheid, informatie_betrouwbaarheid, \
         reden_intrekking, afgehandeld_door, afgehandeld_op, afhandeling_journaal_id"
    };
}

#[derive(sqlx::FromRow)]
pub struct PartnerverzoekRow {
    id: Uuid,
    dossier_id: Uuid,
    partner_soort: String,
    partner: String,
    vraag: String,
    doel: String,
    grondslag: String,
    antwoord_voor: Day,
    status: String,
    door_id: Uuid,
    op: Instant,
    journaal_id: Uuid,
    antwoord: Option<String>,
    ontvangen: Option<Day>,
    antwoord_bron: Option<String>,
    bron_betrouwbaarheid: Option<String>,
    informatie_betrouwbaarheid: Option<String>,
    reden_intrekking: Option<String>,
    afgehandeld_door: Option<Uuid>,
    afgehandeld_op: Option<Instant>,
    afhandeling_journaal_id: Option<Uuid>,
}

impl PartnerverzoekRow {
    pub fn into_record(self) -> StoreResult<baken_store::PartnerverzoekRecord> {
        let antwoord = match (self.antwoord, self.ontvangen) {
            (Some(antwoord), Some(ontvangen)) => Some(baken_store::PartnerAntwoordRecord {
                antwoord,
                ontvangen,
                bron: self.antwoord_bron.unwrap_or_default(),
                bron_betrouwbaarheid: BronBetrouwbaarheid::parse(
                    self.bron_betrouwbaarheid.as_deref().unwrap_or(""),
                )
                .map_err(|e| corrupt("bron_betrouwbaarheid", e))?,
                informatie_betrouwbaarheid: InfoBetrouwbaarheid::parse(
                    self.informatie_betrouwbaarheid.as_deref().unwrap_or(""),
                )
                .map_err(|e| corrupt("informatie_betrouwbaarheid", e))?,
            }),
            _ => None,
        };
        let afgehandeld = match (
            self.afgehandeld_door,
            self.afgehandeld_op,
            self.afhandeling_journaal_id,
        ) {
            (Some(door), Some(op), Some(journaal)) => Some((UserId(door), op, journaal)),
            _ => None,
        };
        Ok(baken_store::PartnerverzoekRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            partner_soort: PartnerSoort::parse(&self.partner_soort)
                .map_err(|e| corrupt("partner_soort", e))?,
            partner: self.partner,
            vraag: self.vraag,
            doel: self.doel,
            grondslag: self.grondslag,
            antwoord_voor: self.antwoord_voor,
            status: PartnerverzoekStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            door: UserId(self.door_id),
            op: self.op,
            journaal_id: self.journaal_id,
            antwoord,
            reden_intrekking: self.reden_intrekking,
            afgehandeld,
        })
    }
}
