//! Rows of the journal aggregate.

use super::*;

use baken_domain::UserId;
use baken_store::StoreResult;
use sqlx::types::Uuid;

#[derive(sqlx::FromRow)]
pub struct ChainRow {
    dossier_id: Uuid,
    volgnummer: i64,
    entry_id: Uuid,
    content_hash: Vec<u8>,
    link_hash: Vec<u8>,
    handtekening: Vec<u8>,
    geregistreerd_op: Instant,
}

impl From<ChainRow> for baken_store::ChainRecord {
    fn from(r: ChainRow) -> Self {
        baken_store::ChainRecord {
            dossier_id: r.dossier_id,
            volgnummer: r.volgnummer,
            entry_id: r.entry_id,
            content_hash: r.content_hash,
            link_hash: r.link_hash,
            handtekening: r.handtekening,
            geregistreerd_op: r.geregistreerd_op,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct JournalRowSql {
    #[sqlx(flatten)]
    chain: ChainRow,
    canoniek: Option<Vec<u8>>,
}

impl From<JournalRowSql> for baken_store::JournalRow {
    fn from(r: JournalRowSql) -> Self {
        baken_store::JournalRow {
            chain: r.chain.into(),
            canoniek: r.canoniek,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct HeadRow {
    dossier_id: Uuid,
    volgnummer: i64,
    link_hash: Vec<u8>,
    handtekening: Vec<u8>,
    sleutel_id: String,
    getekend_op: Instant,
}

impl From<HeadRow> for baken_store::HeadRecord {
    fn from(r: HeadRow) -> Self {
        baken_store::HeadRecord {
            dossier_id: r.dossier_id,
            volgnummer: r.volgnummer,
            link_hash: r.link_hash,
            handtekening: r.handtekening,
            sleutel_id: r.sleutel_id,
            getekend_op: r.getekend_op,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct BijlageRow {
    id: Uuid,
    dossier_id: Uuid,
    bestandsnaam: String,
    mediatype: String,
    grootte: i64,
    sha256: Vec<u8>,
    sleutel: Option<Vec<u8>>,
    sleutel_id: String,
    nonce_prefix: Vec<u8>,
    vertrouwelijkheid: String,
    aangemaakt_op: Instant,
    aangemaakt_door: Uuid,
}

impl BijlageRow {
    pub fn into_record(self) -> StoreResult<baken_store::BijlageRecord> {
        Ok(baken_store::BijlageRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            bestandsnaam: self.bestandsnaam,
            mediatype: self.mediatype,
            grootte: self.grootte,
            sha256: self.sha256,
            sleutel: self.sleutel,
            sleutel_id: self.sleutel_id,
            nonce_prefix: self.nonce_prefix,
            vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid::parse(
                &self.vertrouwelijkheid,
            )
            .map_err(|e| corrupt("vertrouwelijkheid", e))?,
            aangemaakt_op: self.aangemaakt_op,
            aangemaakt_door: UserId(self.aangemaakt_door),
        })
    }
}
