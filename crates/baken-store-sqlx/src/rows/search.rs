//! Rows of the search aggregate.

use super::*;

use baken_store::StoreResult;
use sqlx::types::Uuid;

#[derive(sqlx::FromRow)]
pub struct SearchHitRow {
    zoek_rowid: i64,
    zoek_entry_id: Option<Uuid>,
    zoek_vertrouwelijkheid: String,
    #[sqlx(flatten)]
    dossier: DossierRow,
}

impl SearchHitRow {
    pub fn into_hit(self) -> StoreResult<baken_store::SearchHit> {
        Ok(baken_store::SearchHit {
            cursor: self.zoek_rowid,
            entry_id: self.zoek_entry_id,
            vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid::parse(
                &self.zoek_vertrouwelijkheid,
            )
            .map_err(|e| corrupt("vertrouwelijkheid", e))?,
            dossier: self.dossier.into_record()?,
        })
    }
}

#[macro_export]
#[doc(hidden)]
macro_rules! bijlage_columns {
    () => {
        "id, dossier_id, bestandsnaam, mediatype, grootte, sha256, sleutel, sleutel_id, nonce_prefix, vertrouwelijkheid, aangemaakt_op, aangemaakt_door"
    };
}
