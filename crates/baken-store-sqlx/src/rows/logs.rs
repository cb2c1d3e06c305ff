//! Rows of the logs aggregate.

use super::*;

use baken_domain::{GemeenteCode, UserId};
use baken_store::{AuditRecord, StoreResult};
use sqlx::types::{Json, Uuid};

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    id: Uuid,
    at: Instant,
    actor: Option<Uuid>,
    action: String,
    object: Option<String>,
    outcome: String,
    client_addr: Option<String>,
    details: Json<serde_json::Value>,
}

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> Self {
        AuditRecord {
            id: r.id,
            at: r.at,
            actor: r.actor.map(UserId),
            action: r.action,
            object: r.object,
            outcome: r.outcome,
            client_addr: r.client_addr,
            details: r.details.0,
        }
    }
}

#[macro_export]
#[doc(hidden)]
macro_rules! dossier_columns {
    () => {
        "id, soort, gemeente_code, nummer, status, eigenaar_id, toegewezen_aan, geregistreerd_door, aangemaakt_op, gewijzigd_op, \
         ontvangstdatum, waargenomen_op, bron, politie_stuk, omschrijving, indicatoren, bron_betrouwbaarheid, informatie_betrouwbaarheid, \
         melder_naam, melder_contact, melder_anoniem, versie, sorteer_op, fenomenen, team, herbeoordelen_op"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! dossier_select {
    () => {
        "d.id, d.soort, d.gemeente_code, d.nummer, d.status, d.eigenaar_id, d.toegewezen_aan, d.geregistreerd_door, d.aangemaakt_op, \
         d.gewijzigd_op, d.ontvangstdatum, d.waargenomen_op, d.bron, d.politie_stuk, d.omschrijving, d.indicatoren, d.bron_betrouwbaarheid, \
         d.informatie_betrouwbaarheid, d.melder_naam, d.melder_contact, d.melder_anoniem, d.versie, d.sorteer_op, d.fenomenen, d.team, d.herbeoordelen_op"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! dossier_filter {
    () => {
        "WHERE d.gemeente_code = $1 AND d.soort = 'signaal' AND ($2 IS NULL OR d.status = $2) AND ($3 IS NULL OR d.bron = $3) \
         AND ($4 IS NULL OR EXISTS (SELECT 1 FROM dossier_fenomenen f WHERE f.dossier_id = d.id AND f.fenomeen = $4)) \
         AND ($5 IS NULL OR d.toegewezen_aan = $5) AND ($6 IS NULL OR d.ontvangstdatum >= $6) AND ($7 IS NULL OR d.ontvangstdatum <= $7)"
    };
}

#[derive(sqlx::FromRow)]
pub struct AccessRow {
    id: Uuid,
    at: Instant,
    user_id: Uuid,
    object_soort: String,
    object_id: Uuid,
    dossier_id: Option<Uuid>,
    context: String,
    trace_id: Option<String>,
}

impl From<AccessRow> for baken_store::AccessRecord {
    fn from(r: AccessRow) -> Self {
        baken_store::AccessRecord {
            id: r.id,
            at: r.at,
            user: UserId(r.user_id),
            object_soort: r.object_soort,
            object_id: r.object_id,
            dossier_id: r.dossier_id,
            context: r.context,
            trace_id: r.trace_id,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct VerwerkingRow {
    id: Uuid,
    trace_id: String,
    span_id: String,
    parent_span_id: Option<String>,
    actie: String,
    start_op: Instant,
    eind_op: Instant,
    status: i16,
    verwerkingsactiviteit: String,
    betrokkene: Option<String>,
    betrokkene_type: Option<String>,
    dossier_id: Option<Uuid>,
    gemeente_code: Option<String>,
}

impl VerwerkingRow {
    pub fn into_record(self) -> StoreResult<baken_store::VerwerkingRecord> {
        Ok(baken_store::VerwerkingRecord {
            id: self.id,
            trace_id: self.trace_id,
            span_id: self.span_id,
            parent_span_id: self.parent_span_id,
            actie: self.actie,
            start_op: self.start_op,
            eind_op: self.eind_op,
            status: self.status,
            verwerkingsactiviteit: self.verwerkingsactiviteit,
            betrokkene: self.betrokkene,
            betrokkene_type: self.betrokkene_type,
            dossier_id: self.dossier_id,
            gemeente: self
                .gemeente_code
                .map(|g| GemeenteCode::parse(&g).map_err(|e| corrupt("gemeente_code", e)))
                .transpose()?,
        })
    }
}
