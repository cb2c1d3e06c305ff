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

            async fn dossier_wegingen(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::WegingRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::WegingRow>(
                    "SELECT id, dossier_id, weging, protocol_versie, van, naar, antwoorden, motivering, gewogen_door, gewogen_op, journaalpost \
                     FROM wegingen WHERE dossier_id = $1 ORDER BY gewogen_op, id",
                )
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::WegingRow::into_record)
                .collect()
            }

            async fn dossier_toetsaanvragen(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::ToetsaanvraagRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::ToetsaanvraagRow>(concat!(
                    "SELECT ", $crate::toetsaanvraag_columns!(), " FROM toetsaanvragen WHERE dossier_id = $1 ORDER BY aangevraagd_op, id"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::ToetsaanvraagRow::into_record)
                .collect()
            }

            async fn open_toetsaanvragen(&mut self, gemeenten: &[$crate::baken_domain::GemeenteCode]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::ToetsaanvraagRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                // Only placeholders are formatted in; every value is bound.
                let sql = format!(
                    "SELECT {} FROM toetsaanvragen WHERE besluit IS NULL AND gemeente_code IN ({}) ORDER BY aangevraagd_op, id",
                    $crate::toetsaanvraag_columns!(),
                    $crate::placeholders::<$db>(1, gemeenten.len()),
                );
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::ToetsaanvraagRow>($crate::sqlx::AssertSqlSafe(sql));
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                    .into_iter().map($crate::rows::ToetsaanvraagRow::into_record).collect()
            }

            async fn toetsaanvragen_door(&mut self, user: $crate::baken_domain::UserId, limit: i64) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::ToetsaanvraagRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::ToetsaanvraagRow>(concat!(
                    "SELECT ", $crate::toetsaanvraag_columns!(), " FROM toetsaanvragen WHERE aangevraagd_door = $1 ORDER BY aangevraagd_op DESC, id LIMIT $2"
                ))
                .bind(user.0)
                .bind(limit)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::ToetsaanvraagRow::into_record)
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

            async fn insert_weging(&mut self, w: &$crate::baken_store::WegingRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO wegingen (id, dossier_id, weging, protocol_versie, van, naar, antwoorden, motivering, gewogen_door, gewogen_op, journaalpost) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(w.id)
                .bind(w.dossier_id)
                .bind(&w.weging)
                .bind(&w.protocol_versie)
                .bind(&w.van)
                .bind(&w.naar)
                .bind($crate::serde_json::to_string(&w.antwoorden).expect("answers serialise"))
                .bind(&w.motivering)
                .bind(w.gewogen_door.0)
                .bind(w.gewogen_op)
                .bind(w.journaalpost)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "weging"))?;
                Ok(())
            }

            async fn insert_toetsaanvraag(&mut self, a: &$crate::baken_store::ToetsaanvraagRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO toetsaanvragen (id, dossier_id, gemeente_code, toets, toelichting, aangevraagd_door, aangevraagd_op, besluit, beslist_op) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(a.id)
                .bind(a.dossier_id)
                .bind(a.gemeente.as_str())
                .bind(&a.toets)
                .bind(&a.toelichting)
                .bind(a.aangevraagd_door.0)
                .bind(a.aangevraagd_op)
                .bind(a.besluit)
                .bind(a.beslist_op)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "toetsaanvraag"))?;
                Ok(())
            }

            async fn sluit_toetsaanvragen(&mut self, dossier: $crate::sqlx::types::Uuid, toets: &str, besluit: $crate::sqlx::types::Uuid, op: $crate::rows::Instant) -> $crate::baken_store::StoreResult<u64> {
                Ok($crate::sqlx::query(
                    "UPDATE toetsaanvragen SET besluit = $3, beslist_op = $4 WHERE dossier_id = $1 AND toets = $2 AND besluit IS NULL",
                )
                .bind(dossier)
                .bind(toets)
                .bind(besluit)
                .bind(op)
                .execute(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .rows_affected())
            }
        }
    };
}
