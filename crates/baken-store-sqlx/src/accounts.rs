//! The sqlx implementation of the port for municipalities, users, their second factor and recovery codes, and sign-in throttling. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::AccountsRead`] and [`baken_store::AccountsWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_accounts {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::AccountsRead for $name {
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

            async fn user_name(&mut self, id: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<Option<String>> {
                $crate::sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)
            }

            async fn user_names(&mut self, ids: &[$crate::baken_domain::UserId]) -> $crate::baken_store::StoreResult<Vec<($crate::baken_domain::UserId, String)>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!("SELECT id, name FROM users WHERE id IN ({})", $crate::placeholders::<$db>(1, ids.len()));
                // Only `$n` placeholders are formatted in; the ids are bound.
                let mut query = $crate::sqlx::query_as::<_, ($crate::sqlx::types::Uuid, String)>($crate::sqlx::AssertSqlSafe(sql));
                for id in ids {
                    query = query.bind(id.0);
                }
                Ok(query
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map(|(id, name)| ($crate::baken_domain::UserId(id), name))
                    .collect())
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
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::AccountsWrite for $name {
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

            async fn lock_key(&mut self, key: &str) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query($lock_key).bind(key).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }
        }
    };
}
