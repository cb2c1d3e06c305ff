//! What the SQLite and PostgreSQL adapters share.
//!
//! Both backends accept the same SQL for almost everything Baken stores (sqlx binds `$1` on both, and
//! `uuid`, `time` and JSON values map to native types on each). Writing that SQL twice would let the
//! two adapters drift apart, so it lives here once: [`sqlx_tx!`] implements [`baken_store::Tx`] for a
//! `sqlx::Transaction` of one backend. The adapter crates keep what truly differs: connection options,
//! their migrations (types, triggers, full-text search) and how a transaction begins.

pub mod rows;

#[doc(hidden)]
pub use async_trait;
#[doc(hidden)]
pub use baken_domain;
#[doc(hidden)]
pub use baken_store;
#[doc(hidden)]
pub use serde_json;
#[doc(hidden)]
pub use sqlx;

use baken_store::StoreError;

/// Maps a sqlx error to the store's terms; `subject` names what a uniqueness or reference
/// violation concerns at this call site.
pub fn map_err(error: sqlx::Error, subject: &'static str) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        if db.is_unique_violation() {
            return StoreError::Conflict(subject);
        }
        if db.is_foreign_key_violation() {
            return StoreError::MissingReference(subject);
        }
    }
    StoreError::Backend(error.to_string())
}

/// Maps an error where no constraint is expected.
pub fn backend(error: sqlx::Error) -> StoreError {
    StoreError::Backend(error.to_string())
}

/// Defines an adapter's `Store` type over a `sqlx::Pool<$db>` (migrations from the invoking crate's
/// `migrations/` folder) and its `Tx` type. `begin` is how a (writing) transaction starts on this
/// backend, `begin_read` how a read-only one does.
#[macro_export]
macro_rules! sqlx_store {
    (store = $store:ident, tx = $tx:ident, db = $db:ty, name = $name:literal, begin = |$pool:ident| $begin:expr, begin_read = |$rpool:ident| $begin_read:expr) => {
        $crate::sqlx_tx!($tx, $db);

        /// A Baken database on this backend.
        #[derive(Clone)]
        pub struct $store {
            pool: $crate::sqlx::Pool<$db>,
        }

        impl $store {
            fn from_pool(pool: $crate::sqlx::Pool<$db>) -> Self {
                Self { pool }
            }

            /// Applies the pending migrations of this adapter's `migrations/`.
            pub async fn migrate(&self) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::migrate!("./migrations")
                    .run(&self.pool)
                    .await
                    .map_err(|e| $crate::baken_store::StoreError::Backend(e.to_string()))
            }

            /// The pool, for adapter-level tests that must look at raw rows.
            pub fn pool(&self) -> &$crate::sqlx::Pool<$db> {
                &self.pool
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::Store for $store {
            async fn begin(
                &self,
            ) -> $crate::baken_store::StoreResult<Box<dyn $crate::baken_store::Tx>> {
                let $pool = &self.pool;
                let tx = $begin.await.map_err($crate::backend)?;
                Ok(Box::new($tx::new(tx)))
            }

            async fn begin_read(
                &self,
            ) -> $crate::baken_store::StoreResult<Box<dyn $crate::baken_store::Tx>> {
                let $rpool = &self.pool;
                let tx = $begin_read.await.map_err($crate::backend)?;
                Ok(Box::new($tx::new(tx)))
            }

            async fn ping(&self) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("SELECT 1")
                    .execute(&self.pool)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }

            fn backend(&self) -> &'static str {
                $name
            }
        }
    };
}

/// Tests every adapter runs besides the conformance suite: guarantees the database itself gives,
/// checked with raw SQL. `$fresh` is an async expression yielding a fresh, migrated adapter store.
#[macro_export]
macro_rules! adapter_tests {
    ($fresh:expr) => {
        #[tokio::test]
        async fn audit_rows_cannot_be_changed_in_the_database() {
            use $crate::baken_store::Store as _;
            let store = $fresh.await;
            let mut tx = store.begin().await.unwrap();
            tx.append_audit(&$crate::baken_store::AuditRecord {
                id: $crate::sqlx::types::Uuid::new_v4(),
                at: $crate::rows::Instant::now_utc(),
                actor: None,
                action: "test".into(),
                object: None,
                outcome: "gelukt".into(),
                client_addr: None,
                details: $crate::serde_json::json!({}),
            })
            .await
            .unwrap();
            tx.commit().await.unwrap();
            for statement in [
                "UPDATE audit_log SET outcome = 'mislukt'",
                "DELETE FROM audit_log",
            ] {
                let refused = $crate::sqlx::query(statement).execute(store.pool()).await;
                assert!(
                    refused.unwrap_err().to_string().contains("append-only"),
                    "{statement} was allowed"
                );
            }
        }
    };
}

/// Implements [`baken_store::Tx`] for `$name`, a wrapper around `sqlx::Transaction<'static, $db>`.
#[macro_export]
macro_rules! sqlx_tx {
    ($name:ident, $db:ty) => {
        /// A transaction on this backend.
        pub struct $name {
            tx: $crate::sqlx::Transaction<'static, $db>,
        }

        impl $name {
            pub fn new(tx: $crate::sqlx::Transaction<'static, $db>) -> Self {
                Self { tx }
            }

            async fn load_access(
                &mut self,
                row: $crate::rows::UserRow,
            ) -> $crate::baken_store::StoreResult<$crate::baken_store::UserRecord> {
                use $crate::sqlx::Row as _;
                let roles = $crate::sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
                    .bind(row.id)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map(|r| r.get::<String, _>(0))
                    .collect();
                let gemeenten = $crate::sqlx::query("SELECT gemeente_code FROM user_gemeenten WHERE user_id = $1 ORDER BY gemeente_code")
                    .bind(row.id)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map(|r| r.get::<String, _>(0))
                    .collect();
                row.into_record(roles, gemeenten)
            }

            async fn insert_access(
                &mut self,
                id: $crate::baken_domain::UserId,
                roles: &[$crate::baken_domain::Role],
                gemeenten: &[$crate::baken_domain::GemeenteCode],
            ) -> $crate::baken_store::StoreResult<()> {
                for role in roles {
                    $crate::sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                        .bind(id.0)
                        .bind(role.as_str())
                        .execute(&mut *self.tx)
                        .await
                        .map_err(|e| $crate::map_err(e, "rol"))?;
                }
                for gemeente in gemeenten {
                    $crate::sqlx::query("INSERT INTO user_gemeenten (user_id, gemeente_code) VALUES ($1, $2)")
                        .bind(id.0)
                        .bind(gemeente.as_str())
                        .execute(&mut *self.tx)
                        .await
                        .map_err(|e| $crate::map_err(e, "gemeente"))?;
                }
                Ok(())
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::Tx for $name {
            async fn commit(self: Box<Self>) -> $crate::baken_store::StoreResult<()> {
                self.tx.commit().await.map_err($crate::backend)
            }

            async fn insert_gemeente(&mut self, gemeente: &$crate::baken_domain::Gemeente) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("INSERT INTO gemeenten (code, naam) VALUES ($1, $2)")
                    .bind(gemeente.code.as_str())
                    .bind(gemeente.naam.as_str())
                    .execute(&mut *self.tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "code"))?;
                Ok(())
            }

            async fn rename_gemeente(
                &mut self,
                code: &$crate::baken_domain::GemeenteCode,
                naam: &$crate::baken_domain::GemeenteNaam,
            ) -> $crate::baken_store::StoreResult<bool> {
                let done = $crate::sqlx::query("UPDATE gemeenten SET naam = $2 WHERE code = $1")
                    .bind(code.as_str())
                    .bind(naam.as_str())
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(done.rows_affected() == 1)
            }

            async fn list_gemeenten(&mut self) -> $crate::baken_store::StoreResult<Vec<$crate::baken_domain::Gemeente>> {
                $crate::sqlx::query_as::<_, $crate::rows::GemeenteRow>("SELECT code, naam FROM gemeenten ORDER BY code")
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::GemeenteRow::into_gemeente)
                    .collect()
            }

            async fn count_users(&mut self) -> $crate::baken_store::StoreResult<i64> {
                $crate::sqlx::query_scalar("SELECT COUNT(*) FROM users")
                    .fetch_one(&mut *self.tx)
                    .await
                    .map_err($crate::backend)
            }

            async fn insert_user(&mut self, user: &$crate::baken_store::UserRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO users (id, email, name, password_hash, active, bibob_clearance, totp_secret, totp_confirmed, totp_last_step, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(user.id.0)
                .bind(user.email.as_str())
                .bind(user.name.as_str())
                .bind(&user.password_hash)
                .bind(user.active)
                .bind(user.bibob_clearance)
                .bind(&user.totp.secret)
                .bind(user.totp.confirmed)
                .bind(user.totp.last_step)
                .bind(user.created_at)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "email"))?;
                self.insert_access(user.id, &user.roles, &user.gemeenten).await
            }

            async fn user_by_id(&mut self, id: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::UserRecord>> {
                let row = $crate::sqlx::query_as::<_, $crate::rows::UserRow>(
                    concat!("SELECT ", $crate::user_columns!(), " FROM users WHERE id = $1"),
                )
                .bind(id.0)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                match row {
                    Some(row) => Ok(Some(self.load_access(row).await?)),
                    None => Ok(None),
                }
            }

            async fn user_by_email(&mut self, email: &str) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::UserRecord>> {
                let row = $crate::sqlx::query_as::<_, $crate::rows::UserRow>(
                    concat!("SELECT ", $crate::user_columns!(), " FROM users WHERE email = $1"),
                )
                .bind(email)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                match row {
                    Some(row) => Ok(Some(self.load_access(row).await?)),
                    None => Ok(None),
                }
            }

            async fn list_users(&mut self) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::UserRecord>> {
                let rows = $crate::sqlx::query_as::<_, $crate::rows::UserRow>(
                    concat!("SELECT ", $crate::user_columns!(), " FROM users ORDER BY name, email"),
                )
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                let mut users = Vec::with_capacity(rows.len());
                for row in rows {
                    users.push(self.load_access(row).await?);
                }
                Ok(users)
            }

            async fn update_user_profile(
                &mut self,
                id: $crate::baken_domain::UserId,
                update: &$crate::baken_store::UserProfileUpdate,
            ) -> $crate::baken_store::StoreResult<bool> {
                let done = $crate::sqlx::query("UPDATE users SET name = $2, active = $3, bibob_clearance = $4 WHERE id = $1")
                    .bind(id.0)
                    .bind(update.name.as_str())
                    .bind(update.active)
                    .bind(update.bibob_clearance)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_user_access(
                &mut self,
                id: $crate::baken_domain::UserId,
                roles: &[$crate::baken_domain::Role],
                gemeenten: &[$crate::baken_domain::GemeenteCode],
            ) -> $crate::baken_store::StoreResult<()> {
                for sql in ["DELETE FROM user_roles WHERE user_id = $1", "DELETE FROM user_gemeenten WHERE user_id = $1"] {
                    $crate::sqlx::query(sql).bind(id.0).execute(&mut *self.tx).await.map_err($crate::backend)?;
                }
                self.insert_access(id, roles, gemeenten).await
            }

            async fn set_password_hash(&mut self, id: $crate::baken_domain::UserId, hash: &str) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(hash)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }

            async fn set_totp(&mut self, id: $crate::baken_domain::UserId, totp: &$crate::baken_store::TotpState) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("UPDATE users SET totp_secret = $2, totp_confirmed = $3, totp_last_step = $4 WHERE id = $1")
                    .bind(id.0)
                    .bind(&totp.secret)
                    .bind(totp.confirmed)
                    .bind(totp.last_step)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }

            async fn replace_recovery_codes(&mut self, id: $crate::baken_domain::UserId, code_hashes: &[String]) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                    .bind(id.0)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                for hash in code_hashes {
                    $crate::sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, used) VALUES ($1, $2, $3)")
                        .bind(id.0)
                        .bind(hash)
                        .bind(false)
                        .execute(&mut *self.tx)
                        .await
                        .map_err(|e| $crate::map_err(e, "herstelcode"))?;
                }
                Ok(())
            }

            async fn use_recovery_code(&mut self, id: $crate::baken_domain::UserId, code_hash: &str) -> $crate::baken_store::StoreResult<bool> {
                let done = $crate::sqlx::query("UPDATE recovery_codes SET used = $3 WHERE user_id = $1 AND code_hash = $2 AND used = $4")
                    .bind(id.0)
                    .bind(code_hash)
                    .bind(true)
                    .bind(false)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(done.rows_affected() == 1)
            }

            async fn count_unused_recovery_codes(&mut self, id: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<i64> {
                $crate::sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used = $2")
                    .bind(id.0)
                    .bind(false)
                    .fetch_one(&mut *self.tx)
                    .await
                    .map_err($crate::backend)
            }

            async fn throttle(&mut self, key: &str) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::ThrottleRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::ThrottleRow>(
                    "SELECT key, failures, first_failure_at, locked_until FROM login_throttle WHERE key = $1",
                )
                .bind(key)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .map(Into::into))
            }

            async fn put_throttle(&mut self, record: &$crate::baken_store::ThrottleRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO login_throttle (key, failures, first_failure_at, locked_until) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, \
                     first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until",
                )
                .bind(&record.key)
                .bind(record.failures)
                .bind(record.first_failure_at)
                .bind(record.locked_until)
                .execute(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                Ok(())
            }

            async fn clear_throttle(&mut self, key: &str) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("DELETE FROM login_throttle WHERE key = $1")
                    .bind(key)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }

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
                    "INSERT INTO api_tokens (id, user_id, label, token_hash, created_at, last_used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(t.id)
                .bind(t.user_id.0)
                .bind(&t.label)
                .bind(&t.token_hash)
                .bind(t.created_at)
                .bind(t.last_used_at)
                .bind(t.revoked_at)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "token"))?;
                Ok(())
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
    };
}
