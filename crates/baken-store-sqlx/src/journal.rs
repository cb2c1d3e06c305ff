//! The sqlx implementation of the port for the journal's hash chain, its signed heads, and attachments' metadata. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::JournalRead`] and [`baken_store::JournalWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_journal {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::JournalRead for $name {
            async fn last_chain(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::ChainRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::ChainRow>(
                    "SELECT dossier_id, volgnummer, entry_id, content_hash, link_hash, handtekening, geregistreerd_op FROM journaal_keten \
                     WHERE dossier_id = $1 ORDER BY volgnummer DESC LIMIT 1",
                )
                .bind(dossier)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)
                .map(|row| row.map(Into::into))
            }

            async fn journal(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::JournalRow>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::JournalRowSql>(
                    "SELECT k.dossier_id, k.volgnummer, k.entry_id, k.content_hash, k.link_hash, k.handtekening, k.geregistreerd_op, i.canoniek \
                     FROM journaal_keten k LEFT JOIN journaal_inhoud i ON i.entry_id = k.entry_id WHERE k.dossier_id = $1 ORDER BY k.volgnummer",
                )
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map(Into::into)
                .collect())
            }

            async fn journal_dossiers(&mut self) -> $crate::baken_store::StoreResult<Vec<$crate::sqlx::types::Uuid>> {
                $crate::sqlx::query_scalar("SELECT DISTINCT dossier_id FROM journaal_keten")
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)
            }

            async fn head(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::HeadRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::HeadRow>(
                    "SELECT dossier_id, volgnummer, link_hash, handtekening, sleutel_id, getekend_op FROM journaal_koppen WHERE dossier_id = $1",
                )
                .bind(dossier)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)
                .map(|row| row.map(Into::into))
            }

            async fn heads(&mut self) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::HeadRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::HeadRow>(
                    "SELECT dossier_id, volgnummer, link_hash, handtekening, sleutel_id, getekend_op FROM journaal_koppen ORDER BY dossier_id",
                )
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map(Into::into)
                .collect())
            }

            async fn bijlage(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::BijlageRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BijlageRow>(concat!("SELECT ", $crate::bijlage_columns!(), " FROM bijlagen WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .map($crate::rows::BijlageRow::into_record)
                    .transpose()
            }

            async fn dossier_bijlagen(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BijlageRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BijlageRow>(concat!("SELECT ", $crate::bijlage_columns!(), " FROM bijlagen WHERE dossier_id = $1 ORDER BY aangemaakt_op, bestandsnaam"))
                    .bind(dossier)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::BijlageRow::into_record)
                    .collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::JournalWrite for $name {
            async fn insert_journal(&mut self, c: &$crate::baken_store::ChainRecord, canoniek: &[u8]) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO journaal_keten (dossier_id, volgnummer, entry_id, content_hash, link_hash, handtekening, geregistreerd_op) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(c.dossier_id).bind(c.volgnummer).bind(c.entry_id).bind(&c.content_hash).bind(&c.link_hash).bind(&c.handtekening).bind(c.geregistreerd_op)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "volgnummer"))?;
                $crate::sqlx::query("INSERT INTO journaal_inhoud (entry_id, dossier_id, canoniek) VALUES ($1, $2, $3)")
                    .bind(c.entry_id).bind(c.dossier_id).bind(canoniek)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }

            async fn put_head(&mut self, h: &$crate::baken_store::HeadRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO journaal_koppen (dossier_id, volgnummer, link_hash, handtekening, sleutel_id, getekend_op) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (dossier_id) DO UPDATE SET volgnummer = excluded.volgnummer, link_hash = excluded.link_hash, \
                     handtekening = excluded.handtekening, sleutel_id = excluded.sleutel_id, getekend_op = excluded.getekend_op",
                )
                .bind(h.dossier_id).bind(h.volgnummer).bind(&h.link_hash).bind(&h.handtekening).bind(&h.sleutel_id).bind(h.getekend_op)
                .execute(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_bijlage(&mut self, b: &$crate::baken_store::BijlageRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO bijlagen (id, dossier_id, bestandsnaam, mediatype, grootte, sha256, sleutel, sleutel_id, nonce_prefix, vertrouwelijkheid, aangemaakt_op, aangemaakt_door) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(b.id).bind(b.dossier_id).bind(&b.bestandsnaam).bind(&b.mediatype).bind(b.grootte).bind(&b.sha256).bind(&b.sleutel)
                .bind(&b.sleutel_id).bind(&b.nonce_prefix).bind(b.vertrouwelijkheid.as_str()).bind(b.aangemaakt_op).bind(b.aangemaakt_door.0)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "dossier"))?;
                Ok(())
            }
        }
    };
}
