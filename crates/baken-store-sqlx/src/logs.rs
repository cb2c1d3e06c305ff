//! The sqlx implementation of the port for the append-only logs: access log, processing log (Logboek Dataverwerkingen), security audit log. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::LogsRead`] and [`baken_store::LogsWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_logs {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::LogsRead for $name {
            async fn list_access(
                &mut self,
                object_id: Option<$crate::sqlx::types::Uuid>,
                user: Option<$crate::baken_domain::UserId>,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::AccessRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::AccessRow>(
                    "SELECT id, at, user_id, object_soort, object_id, dossier_id, context, trace_id FROM toegangslog \
                     WHERE ($1 IS NULL OR object_id = $1 OR dossier_id = $1) AND ($2 IS NULL OR user_id = $2) ORDER BY seq DESC LIMIT $3",
                )
                .bind(object_id)
                .bind(user.map(|u| u.0))
                .bind(limit)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map(Into::into)
                .collect())
            }

            async fn access_by_traces(&mut self, trace_ids: &[String]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::AccessRecord>> {
                if trace_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "SELECT id, at, user_id, object_soort, object_id, dossier_id, context, trace_id FROM toegangslog WHERE trace_id IN ({}) ORDER BY seq",
                    $crate::placeholders::<$db>(1, trace_ids.len())
                );
                // Only `$n` placeholders are formatted in; the ids are bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::AccessRow>($crate::sqlx::AssertSqlSafe(sql));
                for id in trace_ids {
                    query = query.bind(id);
                }
                Ok(query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?.into_iter().map(Into::into).collect())
            }

            async fn access_between(&mut self, vanaf: $crate::rows::Instant, tot: $crate::rows::Instant, limit: i64) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::AccessRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::AccessRow>(
                    "SELECT id, at, user_id, object_soort, object_id, dossier_id, context, trace_id FROM toegangslog \
                     WHERE at >= $1 AND at < $2 ORDER BY seq LIMIT $3",
                )
                .bind(vanaf).bind(tot).bind(limit)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map(Into::into).collect())
            }

            async fn traces_of_user(&mut self, user: $crate::baken_domain::UserId, limit: i64) -> $crate::baken_store::StoreResult<Vec<String>> {
                $crate::sqlx::query_scalar(
                    "SELECT trace_id FROM toegangslog WHERE user_id = $1 AND trace_id IS NOT NULL GROUP BY trace_id ORDER BY MAX(seq) DESC LIMIT $2",
                )
                .bind(user.0)
                .bind(limit)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)
            }

            async fn list_verwerkingen(&mut self, f: &$crate::baken_store::VerwerkingFilter) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::VerwerkingRecord>> {
                let traces = f.trace_ids.as_deref().unwrap_or(&[]);
                if f.trace_ids.is_some() && traces.is_empty() {
                    return Ok(Vec::new());
                }
                let trace_filter = if traces.is_empty() {
                    String::new()
                } else {
                    format!(" AND trace_id IN ({})", $crate::placeholders::<$db>(7, traces.len()))
                };
                let sql = format!(
                    "SELECT id, trace_id, span_id, parent_span_id, actie, start_op, eind_op, status, verwerkingsactiviteit, betrokkene, betrokkene_type, dossier_id, gemeente_code \
                     FROM verwerkingslog WHERE ($1 IS NULL OR betrokkene = $1) AND ($2 IS NULL OR dossier_id = $2) AND ($3 IS NULL OR verwerkingsactiviteit = $3) \
                     AND ($4 IS NULL OR start_op >= $4) AND ($5 IS NULL OR start_op < $5){trace_filter} ORDER BY seq DESC LIMIT $6"
                );
                // Only `$n` placeholders are formatted in; every value is bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::VerwerkingRow>($crate::sqlx::AssertSqlSafe(sql))
                    .bind(&f.betrokkene)
                    .bind(f.dossier_id)
                    .bind(&f.verwerkingsactiviteit)
                    .bind(f.vanaf)
                    .bind(f.tot)
                    .bind(f.limit);
                for id in traces {
                    query = query.bind(id);
                }
                query
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::VerwerkingRow::into_record)
                    .collect()
            }

            async fn list_audit(&mut self, f: &$crate::baken_store::AuditFilter) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::AuditRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::AuditRow>(
                    "SELECT id, at, actor, action, object, outcome, client_addr, details FROM audit_log \
                     WHERE ($1 IS NULL OR actor = $1) AND ($2 IS NULL OR substr(action, 1, length($2)) = $2) \
                     ORDER BY seq DESC LIMIT $3",
                )
                .bind(f.actor.map(|a| a.0))
                .bind(&f.action_prefix)
                .bind(f.limit)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map(Into::into)
                .collect())
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::LogsWrite for $name {
            async fn append_access(&mut self, r: &$crate::baken_store::AccessRecord) -> $crate::baken_store::StoreResult<()> {
                self.append_access_batch(std::slice::from_ref(r)).await
            }

            async fn append_access_batch(&mut self, records: &[$crate::baken_store::AccessRecord]) -> $crate::baken_store::StoreResult<()> {
                // Multi-row inserts: one statement per chunk instead of one per record (and one
                // round trip, on PostgreSQL). 8 parameters a row stays far below both limits.
                for chunk in records.chunks(500) {
                    let sql = format!(
                        "INSERT INTO toegangslog (id, at, user_id, object_soort, object_id, dossier_id, context, trace_id) VALUES {}",
                        $crate::value_rows::<$db>(chunk.len(), 8)
                    );
                    // Only `$n` placeholders are formatted in; every value is bound.
                    let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql));
                    for r in chunk {
                        query = query.bind(r.id).bind(r.at).bind(r.user.0).bind(&r.object_soort).bind(r.object_id).bind(r.dossier_id).bind(&r.context).bind(&r.trace_id);
                    }
                    // Row counts vary per batch: not worth a cached statement each.
                    query.persistent(false).execute(&mut *self.tx).await.map_err($crate::backend)?;
                }
                Ok(())
            }

            async fn append_verwerking(&mut self, r: &$crate::baken_store::VerwerkingRecord) -> $crate::baken_store::StoreResult<()> {
                self.append_verwerkingen(std::slice::from_ref(r)).await
            }

            async fn append_verwerkingen(&mut self, records: &[$crate::baken_store::VerwerkingRecord]) -> $crate::baken_store::StoreResult<()> {
                for chunk in records.chunks(300) {
                    let sql = format!(
                        "INSERT INTO verwerkingslog (id, trace_id, span_id, parent_span_id, actie, start_op, eind_op, status, verwerkingsactiviteit, betrokkene, betrokkene_type, dossier_id, gemeente_code) VALUES {}",
                        $crate::value_rows::<$db>(chunk.len(), 13)
                    );
                    // Only `$n` placeholders are formatted in; every value is bound.
                    let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql));
                    for r in chunk {
                        query = query
                            .bind(r.id)
                            .bind(&r.trace_id)
                            .bind(&r.span_id)
                            .bind(&r.parent_span_id)
                            .bind(&r.actie)
                            .bind(r.start_op)
                            .bind(r.eind_op)
                            .bind(r.status)
                            .bind(&r.verwerkingsactiviteit)
                            .bind(&r.betrokkene)
                            .bind(&r.betrokkene_type)
                            .bind(r.dossier_id)
                            .bind(r.gemeente.as_ref().map(|g| g.as_str()));
                    }
                    // Row counts vary per batch: not worth a cached statement each.
                    query.persistent(false).execute(&mut *self.tx).await.map_err($crate::backend)?;
                }
                Ok(())
            }

            async fn append_audit(&mut self, r: &$crate::baken_store::AuditRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO audit_log (id, at, actor, action, object, outcome, client_addr, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(r.id)
                .bind(r.at)
                .bind(r.actor.map(|a| a.0))
                .bind(&r.action)
                .bind(&r.object)
                .bind(&r.outcome)
                .bind(&r.client_addr)
                .bind($crate::sqlx::types::Json(&r.details))
                .execute(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                Ok(())
            }
        }
    };
}
