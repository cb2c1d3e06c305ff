//! The sqlx implementation of the port for the full-text index. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::SearchRead`] and [`baken_store::SearchWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_search {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::SearchRead for $name {
            async fn search(
                &mut self,
                gemeente: &$crate::baken_domain::GemeenteCode,
                terms: &[String],
                before: Option<i64>,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::SearchHit>> {
                if terms.is_empty() {
                    return Ok(Vec::new());
                }
                // Not a cached statement: the planner must see the actual terms (a common word walks
                // the newest texts, a rare one uses the word index).
                $crate::sqlx::query_as::<_, $crate::rows::SearchHitRow>($search)
                    .persistent(false)
                    .bind($terms(gemeente, terms))
                    .bind(gemeente.as_str())
                    .bind(before.unwrap_or(i64::MAX))
                    .bind(limit)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::SearchHitRow::into_hit)
                    .collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::SearchWrite for $name {
            async fn index_text(&mut self, t: &$crate::baken_store::SearchText) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO zoekteksten (dossier_id, entry_id, vertrouwelijkheid, tekst, gemeente_code) \
                     SELECT $1, $2, $3, $4, gemeente_code FROM dossiers WHERE id = $1",
                )
                .bind(t.dossier_id).bind(t.entry_id).bind(t.vertrouwelijkheid.as_str()).bind(&t.tekst)
                .execute(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                Ok(())
            }
        }
    };
}
