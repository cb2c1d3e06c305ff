//! The sqlx implementation of the port for privacy protocol versions and privacy-check decisions. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::ProtocolRead`] and [`baken_store::ProtocolWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_protocol {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::ProtocolRead for $name {
            async fn protocol_versies(&mut self, gemeente: &$crate::baken_domain::GemeenteCode) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::ProtocolVersieRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::ProtocolVersieRow>(
                    "SELECT id, gemeente_code, versie, vastgesteld_op, tekst, sha256, geladen_op, geladen_door FROM protocolversies \
                     WHERE gemeente_code = $1 ORDER BY vastgesteld_op DESC, geladen_op DESC",
                )
                .bind(gemeente.as_str())
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::ProtocolVersieRow::into_record)
                .collect()
            }

            async fn dossier_privacytoetsen(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::PrivacytoetsRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::PrivacytoetsRow>(
                    "SELECT id, dossier_id, toets, goedgekeurd, bronnen, antwoorden, motivering, geldig_tot, protocol_versie, beslist_door, beslist_op, journaalpost \
                     FROM privacytoetsen WHERE dossier_id = $1 ORDER BY beslist_op, id",
                )
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::PrivacytoetsRow::into_record)
                .collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::ProtocolWrite for $name {
            async fn insert_protocol(&mut self, v: &$crate::baken_store::ProtocolVersieRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO protocolversies (id, gemeente_code, versie, vastgesteld_op, tekst, sha256, geladen_op, geladen_door) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(v.id)
                .bind(v.gemeente.as_str())
                .bind(&v.versie)
                .bind(v.vastgesteld_op)
                .bind(&v.tekst)
                .bind(&v.sha256)
                .bind(v.geladen_op)
                .bind(v.geladen_door.map(|u| u.0))
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "protocolversie"))?;
                Ok(())
            }

            async fn insert_privacytoets(&mut self, t: &$crate::baken_store::PrivacytoetsRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO privacytoetsen (id, dossier_id, toets, goedgekeurd, bronnen, antwoorden, motivering, geldig_tot, protocol_versie, beslist_door, beslist_op, journaalpost) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(t.id)
                .bind(t.dossier_id)
                .bind(&t.toets)
                .bind(t.goedgekeurd)
                .bind($crate::serde_json::to_string(&t.bronnen).expect("strings serialise"))
                .bind($crate::serde_json::to_string(&t.antwoorden).expect("strings serialise"))
                .bind(&t.motivering)
                .bind(t.geldig_tot)
                .bind(&t.protocol_versie)
                .bind(t.beslist_door.0)
                .bind(t.beslist_op)
                .bind(t.journaalpost)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "privacytoets"))?;
                Ok(())
            }
        }
    };
}
