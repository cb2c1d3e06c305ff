//! The sqlx implementation of the port for sessions and API tokens. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::SessionsRead`] and [`baken_store::SessionsWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_sessions {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::SessionsRead for $name {
            async fn session_by_token_hash(&mut self, token_hash: &str) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::SessionRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::SessionRow>(
                    concat!("SELECT ", $crate::session_columns!(), " FROM sessions WHERE token_hash = $1"),
                )
                .bind(token_hash)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .map($crate::rows::SessionRow::into_record)
                .transpose()
            }

            async fn list_user_sessions(&mut self, user: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::SessionRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::SessionRow>(
                    concat!("SELECT ", $crate::session_columns!(), " FROM sessions WHERE user_id = $1 ORDER BY created_at DESC"),
                )
                .bind(user.0)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::SessionRow::into_record)
                .collect()
            }

            async fn api_token_by_hash(&mut self, token_hash: &str) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::ApiTokenRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::ApiTokenRow>(
                    concat!("SELECT ", $crate::api_token_columns!(), " FROM api_tokens WHERE token_hash = $1"),
                )
                .bind(token_hash)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .map(Into::into))
            }

            async fn list_api_tokens(&mut self, user: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::ApiTokenRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::ApiTokenRow>(
                    concat!("SELECT ", $crate::api_token_columns!(), " FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC"),
                )
                .bind(user.0)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map(Into::into)
                .collect())
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::SessionsWrite for $name {
            async fn insert_session(&mut self, s: &$crate::baken_store::SessionRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO sessions (id, token_hash, user_id, stage, created_at, last_seen_at, expires_at, active_gemeente, client_addr, user_agent) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(s.id)
                .bind(&s.token_hash)
                .bind(s.user_id.0)
                .bind(s.stage.as_str())
                .bind(s.created_at)
                .bind(s.last_seen_at)
                .bind(s.expires_at)
                .bind(s.active_gemeente.as_ref().map(|g| g.as_str()))
                .bind(&s.client_addr)
                .bind(&s.user_agent)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "token"))?;
                Ok(())
            }

            async fn update_session(&mut self, s: &$crate::baken_store::SessionRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "UPDATE sessions SET token_hash = $2, stage = $3, last_seen_at = $4, expires_at = $5, active_gemeente = $6 WHERE id = $1",
                )
                .bind(s.id)
                .bind(&s.token_hash)
                .bind(s.stage.as_str())
                .bind(s.last_seen_at)
                .bind(s.expires_at)
                .bind(s.active_gemeente.as_ref().map(|g| g.as_str()))
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "token"))?;
                Ok(())
            }

            async fn delete_session(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("DELETE FROM sessions WHERE id = $1")
                    .bind(id)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }

            async fn delete_user_sessions(
                &mut self,
                user: $crate::baken_domain::UserId,
                keep: Option<$crate::sqlx::types::Uuid>,
            ) -> $crate::baken_store::StoreResult<u64> {
                let done = $crate::sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id <> $2)")
                    .bind(user.0)
                    .bind(keep)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(done.rows_affected())
            }

            async fn delete_sessions_expired_before(&mut self, cutoff: $crate::rows::Instant) -> $crate::baken_store::StoreResult<u64> {
                let done = $crate::sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                    .bind(cutoff)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(done.rows_affected())
            }

            async fn insert_api_token(&mut self, t: &$crate::baken_store::ApiTokenRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO api_tokens (id, user_id, label, token_hash, created_at, last_used_at, revoked_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(t.id)
                .bind(t.user_id.0)
                .bind(&t.label)
                .bind(&t.token_hash)
                .bind(t.created_at)
                .bind(t.last_used_at)
                .bind(t.revoked_at)
                .bind(t.expires_at)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "token"))?;
                Ok(())
            }

            async fn revoke_user_api_tokens(
                &mut self,
                user: $crate::baken_domain::UserId,
                at: $crate::rows::Instant,
            ) -> $crate::baken_store::StoreResult<u64> {
                Ok($crate::sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                    .bind(user.0)
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .rows_affected())
            }

            async fn revoke_api_token(
                &mut self,
                user: $crate::baken_domain::UserId,
                id: $crate::sqlx::types::Uuid,
                at: $crate::rows::Instant,
            ) -> $crate::baken_store::StoreResult<bool> {
                let done = $crate::sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
                    .bind(id)
                    .bind(user.0)
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(done.rows_affected() == 1)
            }

            async fn touch_api_token(&mut self, id: $crate::sqlx::types::Uuid, at: $crate::rows::Instant) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(at)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }
        }
    };
}
