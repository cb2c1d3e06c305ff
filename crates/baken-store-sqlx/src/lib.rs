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
pub use tokio;

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

/// `$first, $first+1, …` for `count` values: an `IN (…)` list that stays parameterised. On SQLite
/// the numbers are written `?N`: SQLite resolves a `$N` *name* with a linear search over all names
/// seen so far, which makes a long list quadratic to parse.
/// The unique key of one municipality's record of an entity: `GMdddd|bsn:…`.
pub fn scoped_sleutel(gemeente: &baken_domain::GemeenteCode, sleutel: &str) -> String {
    format!("{}|{sleutel}", gemeente.as_str())
}

pub fn placeholders<DB: sqlx::Database>(first: usize, count: usize) -> String {
    let sigil = if DB::NAME == "SQLite" { '?' } else { '$' };
    (first..first + count)
        .map(|n| format!("{sigil}{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($1, …, $k), ($k+1, …), …` for `rows` rows of `columns` values: a multi-row `VALUES` list
/// that stays parameterised, for a statement with no other parameters. On SQLite every value is a
/// bare `?` (numbered in order): no names to look up when parsing or binding, where `$N` or `?N`
/// cost a search per parameter — for a 500-row insert, most of the statement's time.
pub fn value_rows<DB: sqlx::Database>(rows: usize, columns: usize) -> String {
    if DB::NAME == "SQLite" {
        let row = format!("({})", vec!["?"; columns].join(", "));
        return vec![row; rows].join(", ");
    }
    (0..rows)
        .map(|row| format!("({})", placeholders::<DB>(row * columns + 1, columns)))
        .collect::<Vec<_>>()
        .join(", ")
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
    (store = $store:ident, tx = $tx:ident, db = $db:ty, name = $name:literal, begin = |$pool:ident| $begin:expr, begin_read = |$rpool:ident| $begin_read:expr,
     lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path, compact = $compact:expr) => {
        $crate::sqlx_tx!(
            $tx,
            $db,
            lock_dossier = $lock,
            lock_key = $lock_key,
            search = $search,
            search_terms = $terms
        );

        /// A Baken database on this backend.
        #[derive(Clone)]
        pub struct $store {
            pool: $crate::sqlx::Pool<$db>,
        }

        impl $store {
            /// A store over an existing pool (adapter tests use a pool of one connection).
            pub fn from_pool(pool: $crate::sqlx::Pool<$db>) -> Self {
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
                // In a task of its own: a caller dropped while BEGIN is in flight (a client that
                // went away) cannot interrupt it, and the finished transaction, dropped unused,
                // rolls back. sqlx 0.9.0's `Pool::begin` is not cancel-safe on PostgreSQL
                // (transact-rs/sqlx#4393): the connection went back to the pool inside it.
                let pool = self.pool.clone();
                let tx = $crate::tokio::spawn(async move {
                    let $pool = &pool;
                    $begin.await
                })
                .await
                .map_err(|e| $crate::baken_store::StoreError::Backend(e.to_string()))?
                .map_err($crate::backend)?;
                Ok(Box::new($tx::new(tx)))
            }

            async fn begin_read(
                &self,
            ) -> $crate::baken_store::StoreResult<Box<dyn $crate::baken_store::ReadTx>> {
                let pool = self.pool.clone();
                let tx = $crate::tokio::spawn(async move {
                    let $rpool = &pool;
                    $begin_read.await
                })
                .await
                .map_err(|e| $crate::baken_store::StoreError::Backend(e.to_string()))?
                .map_err($crate::backend)?;
                Ok(Box::new($tx::new(tx)))
            }

            async fn compact(&self) -> $crate::baken_store::StoreResult<()> {
                let statements: &[&'static str] = $compact;
                for statement in statements {
                    $crate::sqlx::query(*statement)
                        .execute(&self.pool)
                        .await
                        .map_err($crate::backend)?;
                }
                Ok(())
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
        async fn append_only_tables_refuse_changes_in_the_database() {
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
            tx = store.begin().await.unwrap();
            tx.insert_gemeente(&$crate::baken_domain::Gemeente {
                code: $crate::baken_domain::GemeenteCode::parse("GM0534").unwrap(),
                naam: $crate::baken_domain::GemeenteNaam::parse("Hillegom").unwrap(),
            })
            .await
            .unwrap();
            tx.insert_protocol(&$crate::baken_store::ProtocolVersieRecord {
                id: $crate::sqlx::types::Uuid::new_v4(),
                gemeente: $crate::baken_domain::GemeenteCode::parse("GM0534").unwrap(),
                versie: "1".into(),
                vastgesteld_op: $crate::rows::Instant::now_utc().date(),
                tekst: String::new(),
                sha256: String::new(),
                geladen_op: $crate::rows::Instant::now_utc(),
                geladen_door: None,
            })
            .await
            .unwrap();
            tx.append_verwerking(&$crate::baken_store::VerwerkingRecord {
                id: $crate::sqlx::types::Uuid::new_v4(),
                trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".into(),
                span_id: "00f067aa0ba902b7".into(),
                parent_span_id: None,
                actie: "dossier.lezen".into(),
                start_op: $crate::rows::Instant::now_utc(),
                eind_op: $crate::rows::Instant::now_utc(),
                status: 1,
                verwerkingsactiviteit: "inzage".into(),
                betrokkene: None,
                betrokkene_type: None,
                dossier_id: None,
                gemeente: None,
            })
            .await
            .unwrap();
            tx.commit().await.unwrap();
            for statement in [
                "UPDATE audit_log SET outcome = 'mislukt'",
                "DELETE FROM audit_log",
                "UPDATE protocolversies SET versie = '2'",
                "DELETE FROM protocolversies",
                "UPDATE verwerkingslog SET actie = 'x'",
                "DELETE FROM verwerkingslog",
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
/// `lock_dossier`, `lock_key` and `search` are the statements that differ per database; `search_terms` turns
/// search terms into the `search` statement's first parameter.
#[macro_export]
macro_rules! sqlx_tx {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
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
                // One round trip for both lists.
                let mut roles = Vec::new();
                let mut gemeenten = Vec::new();
                for r in $crate::sqlx::query(
                    "SELECT 'r' AS k, role AS v FROM user_roles WHERE user_id = $1 \
                     UNION ALL SELECT 'g' AS k, gemeente_code AS v FROM user_gemeenten WHERE user_id = $1 ORDER BY 1, 2",
                )
                .bind(row.id)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                {
                    let value = r.get::<String, _>(1);
                    if r.get::<String, _>(0) == "r" {
                        roles.push(value);
                    } else {
                        gemeenten.push(value);
                    }
                }
                row.into_record(roles, gemeenten)
            }

            async fn replace_fenomenen(&mut self, d: &$crate::baken_store::DossierRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("DELETE FROM dossier_fenomenen WHERE dossier_id = $1")
                    .bind(d.id)
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                for fenomeen in &d.fenomenen {
                    $crate::sqlx::query("INSERT INTO dossier_fenomenen (dossier_id, fenomeen) VALUES ($1, $2)")
                        .bind(d.id)
                        .bind(fenomeen.as_str())
                        .execute(&mut *self.tx)
                        .await
                        .map_err($crate::backend)?;
                }
                Ok(())
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
        impl $crate::baken_store::ReadTx for $name {
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

            async fn dossier(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::DossierRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::DossierRow>(concat!("SELECT ", $crate::dossier_select!(), " FROM dossiers d WHERE d.id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .map($crate::rows::DossierRow::into_record)
                    .transpose()
            }

            async fn list_dossiers(&mut self, f: &$crate::baken_store::DossierFilter) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::DossierRecord>> {
                let sql = match f.sort {
                    $crate::baken_store::DossierSort::NieuwsteEerst => concat!("SELECT ", $crate::dossier_select!(), " FROM dossiers d ", $crate::dossier_filter!(),
                        " AND ($8 IS NULL OR d.sorteer_op < $8 OR (d.sorteer_op = $8 AND d.id < $9)) ORDER BY d.sorteer_op DESC, d.id DESC LIMIT $10"),
                    $crate::baken_store::DossierSort::OudsteEerst => concat!("SELECT ", $crate::dossier_select!(), " FROM dossiers d ", $crate::dossier_filter!(),
                        " AND ($8 IS NULL OR d.sorteer_op > $8 OR (d.sorteer_op = $8 AND d.id > $9)) ORDER BY d.sorteer_op ASC, d.id ASC LIMIT $10"),
                };
                $crate::sqlx::query_as::<_, $crate::rows::DossierRow>(sql)
                    .bind(f.gemeente.as_str())
                    .bind(f.status.map(|s| s.as_str()))
                    .bind(f.bron.map(|b| b.as_str()))
                    .bind(f.fenomeen.map(|x| x.as_str()))
                    .bind(f.toegewezen_aan.map(|u| u.0))
                    .bind(f.ontvangen_vanaf)
                    .bind(f.ontvangen_tot)
                    .bind(f.na.map(|(key, _)| key))
                    .bind(f.na.map(|(_, id)| id))
                    .bind(f.limit)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::DossierRow::into_record)
                    .collect()
            }

            async fn entiteit_by_sleutel(&mut self, gemeente: &$crate::baken_domain::GemeenteCode, sleutel: &str) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::EntiteitRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>("SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten WHERE sleutel = $1")
                    .bind($crate::scoped_sleutel(gemeente, sleutel))
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .map($crate::rows::EntiteitRow::into_record)
                    .transpose()
            }

            async fn entiteit(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::EntiteitRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>("SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .map($crate::rows::EntiteitRow::into_record)
                    .transpose()
            }

            async fn dossiers_met_sleutel(&mut self, sleutel: &str) -> $crate::baken_store::StoreResult<Vec<($crate::baken_store::DossierRecord, $crate::baken_domain::entiteit::Rol)>> {
                let rows = $crate::sqlx::query_as::<_, $crate::rows::DossierRow>(
                    concat!("SELECT ", $crate::dossier_select!(), ", l.rol, l.entiteit_id FROM entiteiten e \
                     JOIN dossier_entiteiten l ON l.entiteit_id = e.id JOIN dossiers d ON d.id = l.dossier_id \
                     WHERE e.identificatie = $1 ORDER BY d.sorteer_op DESC"),
                )
                .bind(sleutel)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                let mut result = Vec::with_capacity(rows.len());
                for row in rows {
                    let rol = row.rol.clone().unwrap_or_default();
                    result.push((row.into_record()?, $crate::baken_domain::entiteit::Rol::parse(&rol).map_err(|e| $crate::baken_store::StoreError::Backend(e))?));
                }
                Ok(result)
            }

            async fn list_entiteiten(&mut self, f: &$crate::baken_store::EntiteitFilter) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::EntiteitRecord>> {
                if f.gemeenten.is_empty() || f.soorten.is_empty() {
                    return Ok(Vec::new());
                }
                // Need-to-know mirrored from `baken_domain::dossier::dossier_access` (the service
                // checks it again): owner, assignee, registering user, team member, or every dossier.
                let sql = format!(
                    "SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten e WHERE ($1 IS NULL OR e.id > $1) AND e.soort IN ({}) \
                     AND EXISTS (SELECT 1 FROM dossier_entiteiten l JOIN dossiers d ON d.id = l.dossier_id \
                       WHERE l.entiteit_id = e.id AND d.gemeente_code IN ({}) \
                       AND ($2 OR d.eigenaar_id = $3 OR d.toegewezen_aan = $3 OR d.geregistreerd_door = $3 OR d.team LIKE $4)) \
                     ORDER BY e.id LIMIT $5",
                    $crate::placeholders::<$db>(6, f.soorten.len()),
                    $crate::placeholders::<$db>(6 + f.soorten.len(), f.gemeenten.len()),
                );
                // Only `$n` placeholders are formatted in; every value is bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>($crate::sqlx::AssertSqlSafe(sql))
                    .bind(f.na)
                    .bind(f.alle_dossiers)
                    .bind(f.betrokkene.0)
                    .bind(format!("%\"{}\"%", f.betrokkene.0))
                    .bind(f.limit);
                for soort in &f.soorten {
                    query = query.bind(soort.as_str());
                }
                for gemeente in &f.gemeenten {
                    query = query.bind(gemeente.as_str());
                }
                query
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::EntiteitRow::into_record)
                    .collect()
            }

            async fn dossier_entiteiten(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<($crate::baken_store::EntiteitRecord, $crate::baken_domain::entiteit::Rol)>> {
                $crate::sqlx::query_as::<_, $crate::rows::LinkedEntiteitRow>(
                    "SELECT e.id, e.gemeente_code, e.gegevens, e.aangemaakt_op, l.rol FROM dossier_entiteiten l JOIN entiteiten e ON e.id = l.entiteit_id \
                     WHERE l.dossier_id = $1 ORDER BY l.aangemaakt_op, e.weergave",
                )
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::LinkedEntiteitRow::into_pair)
                .collect()
            }

            async fn entiteit_dossiers(&mut self, entiteit: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<($crate::baken_store::DossierRecord, $crate::baken_domain::entiteit::Rol)>> {
                Ok(self
                    .entiteiten_dossiers(&[entiteit])
                    .await?
                    .into_iter()
                    .map(|(_, dossier, rol)| (dossier, rol))
                    .collect())
            }

            async fn entiteiten_dossiers(&mut self, entiteiten: &[$crate::sqlx::types::Uuid]) -> $crate::baken_store::StoreResult<Vec<($crate::sqlx::types::Uuid, $crate::baken_store::DossierRecord, $crate::baken_domain::entiteit::Rol)>> {
                if entiteiten.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    concat!("SELECT ", $crate::dossier_select!(), ", l.rol, q.id AS entiteit_id FROM entiteiten q \
                     JOIN entiteiten e ON e.id = q.id OR e.identificatie = q.identificatie \
                     JOIN dossier_entiteiten l ON l.entiteit_id = e.id JOIN dossiers d ON d.id = l.dossier_id \
                     WHERE q.id IN ({}) ORDER BY d.sorteer_op DESC"),
                    $crate::placeholders::<$db>(1, entiteiten.len())
                );
                // Only `$n` placeholders are formatted in; the ids are bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::DossierRow>($crate::sqlx::AssertSqlSafe(sql));
                for id in entiteiten {
                    query = query.bind(*id);
                }
                let rows = query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?;
                let mut result = Vec::with_capacity(rows.len());
                for row in rows {
                    let rol = row.rol.clone().unwrap_or_default();
                    let entiteit = row.entiteit_id.ok_or_else(|| $crate::baken_store::StoreError::Backend("link without entity".into()))?;
                    result.push((entiteit, row.into_record()?, $crate::baken_domain::entiteit::Rol::parse(&rol).map_err(|e| $crate::baken_store::StoreError::Backend(e))?));
                }
                Ok(result)
            }

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

            async fn dossiers_by_ids(&mut self, ids: &[$crate::sqlx::types::Uuid]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::DossierRecord>> {
                let mut result = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(500) {
                    let sql = format!(
                        concat!("SELECT ", $crate::dossier_columns!(), " FROM dossiers WHERE id IN ({})"),
                        $crate::placeholders::<$db>(1, chunk.len())
                    );
                    // Only `$n` placeholders are formatted in; the ids are bound.
                    let mut query = $crate::sqlx::query_as::<_, $crate::rows::DossierRow>($crate::sqlx::AssertSqlSafe(sql));
                    for id in chunk {
                        query = query.bind(*id);
                    }
                    for row in query.persistent(false).fetch_all(&mut *self.tx).await.map_err($crate::backend)? {
                        result.push(row.into_record()?);
                    }
                }
                Ok(result)
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

            async fn bewaring_open(&mut self) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BewaringRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BewaringRow>(
                    "SELECT b.dossier_id, d.gemeente_code, d.nummer, b.uitkomst, b.afgesloten_op, b.blokkade_reden, b.afgehandeld \
                     FROM bewaring b JOIN dossiers d ON d.id = b.dossier_id \
                     WHERE b.afgehandeld IS NULL AND b.uitkomst IS NOT NULL ORDER BY b.afgesloten_op, b.dossier_id",
                )
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::BewaringRow::into_record).collect()
            }

            async fn bewaring(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::BewaringRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BewaringRow>(
                    "SELECT b.dossier_id, d.gemeente_code, d.nummer, b.uitkomst, b.afgesloten_op, b.blokkade_reden, b.afgehandeld \
                     FROM bewaring b JOIN dossiers d ON d.id = b.dossier_id WHERE b.dossier_id = $1",
                )
                .bind(dossier)
                .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                .map($crate::rows::BewaringRow::into_record).transpose()
            }

            async fn vernietigingen(&mut self, batch: Option<$crate::sqlx::types::Uuid>, limit: i64) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::VernietigingRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::VernietigingRow>(
                    "SELECT id, batch_id, dossier_id, nummer, gemeente_code, soort, uitkomst, afgesloten_op, regel, actie, uitgevoerd_op, uitgevoerd_door \
                     FROM vernietigingen WHERE ($1 IS NULL OR batch_id = $1) ORDER BY uitgevoerd_op DESC, nummer LIMIT $2",
                )
                .bind(batch).bind(limit)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::VernietigingRow::into_record).collect()
            }

            async fn verzoeken(&mut self, gemeenten: &[$crate::baken_domain::GemeenteCode]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::VerzoekRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "SELECT {} FROM verzoeken WHERE gemeente_code IN ({}) ORDER BY beantwoord_op IS NOT NULL, termijn_tot, geregistreerd_op",
                    $crate::verzoek_columns!(),
                    $crate::placeholders::<$db>(1, gemeenten.len()),
                );
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::VerzoekRow>($crate::sqlx::AssertSqlSafe(sql));
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                    .into_iter().map($crate::rows::VerzoekRow::into_record).collect()
            }

            async fn verzoeken_beantwoord_voor(&mut self, voor: $crate::rows::Instant) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::VerzoekRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::VerzoekRow>(concat!(
                    "SELECT ", $crate::verzoek_columns!(), " FROM verzoeken WHERE beantwoord_op IS NOT NULL AND beantwoord_op < $1 ORDER BY beantwoord_op"
                ))
                .bind(voor)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::VerzoekRow::into_record).collect()
            }

            async fn verzoek(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::VerzoekRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::VerzoekRow>(concat!("SELECT ", $crate::verzoek_columns!(), " FROM verzoeken WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                    .map($crate::rows::VerzoekRow::into_record).transpose()
            }

            async fn beperkingen(&mut self, verzoek: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BeperkingRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::BeperkingRow>(
                    "SELECT id, verzoek_id, dossier_id, journaalpost_id, grond, motivering, herbeoordeling, vastgelegd_door, vastgelegd_op, \
                     herbeoordeeld_op, herbeoordeling_motivering, opgeheven_op FROM verzoek_beperkingen WHERE verzoek_id = $1 ORDER BY vastgelegd_op, id",
                )
                .bind(verzoek)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map(Into::into).collect())
            }

            async fn beperkingen_te_herbeoordelen(&mut self, gemeenten: &[$crate::baken_domain::GemeenteCode], tot: $crate::rows::Day) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BeperkingRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "SELECT b.id, b.verzoek_id, b.dossier_id, b.journaalpost_id, b.grond, b.motivering, b.herbeoordeling, b.vastgelegd_door, b.vastgelegd_op, \
                     b.herbeoordeeld_op, b.herbeoordeling_motivering, b.opgeheven_op FROM verzoek_beperkingen b JOIN verzoeken v ON v.id = b.verzoek_id \
                     WHERE b.herbeoordeling <= $1 AND b.opgeheven_op IS NULL AND v.gemeente_code IN ({}) ORDER BY b.herbeoordeling, b.vastgelegd_op, b.id",
                    $crate::placeholders::<$db>(2, gemeenten.len()),
                );
                // Only placeholders are formatted in; every value is bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::BeperkingRow>($crate::sqlx::AssertSqlSafe(sql)).bind(tot);
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                Ok(query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?.into_iter().map(Into::into).collect())
            }

            async fn verzoek_identiteiten(&mut self, verzoek: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::sqlx::types::Uuid>> {
                $crate::sqlx::query_scalar("SELECT entiteit_id FROM verzoek_identiteiten WHERE verzoek_id = $1 ORDER BY bevestigd_op")
                    .bind(verzoek)
                    .fetch_all(&mut *self.tx).await.map_err($crate::backend)
            }

            async fn personen_met_kenmerk(&mut self, kenmerk: &str) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::EntiteitRecord>> {
                // The marker holds only digits, dashes, dots and brackets: no LIKE wildcards.
                Ok($crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>(
                    "SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten WHERE soort = 'persoon' AND weergave LIKE $1 ORDER BY id LIMIT 200",
                )
                .bind(format!("% {kenmerk}"))
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::EntiteitRow::into_record).collect::<Result<Vec<_>, _>>()?)
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

            async fn next_signaal_nummer(&mut self, gemeente: &$crate::baken_domain::GemeenteCode, jaar: i32) -> $crate::baken_store::StoreResult<i64> {
                $crate::sqlx::query_scalar(
                    "INSERT INTO signaal_nummers (gemeente_code, jaar, laatste) VALUES ($1, $2, 1) \
                     ON CONFLICT (gemeente_code, jaar) DO UPDATE SET laatste = signaal_nummers.laatste + 1 RETURNING laatste",
                )
                .bind(gemeente.as_str())
                .bind(i64::from(jaar))
                .fetch_one(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "gemeente"))
            }

            async fn insert_dossier(&mut self, d: &$crate::baken_store::DossierRecord) -> $crate::baken_store::StoreResult<()> {
                let row = $crate::rows::DossierBinds::from(d);
                $crate::sqlx::query(concat!("INSERT INTO dossiers (", $crate::dossier_columns!(), ") \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)"))
                    .bind(d.id).bind("signaal").bind(d.gemeente.as_str()).bind(&d.nummer).bind(d.status.as_str())
                    .bind(d.eigenaar.0).bind(d.toegewezen_aan.map(|u| u.0)).bind(d.geregistreerd_door.0)
                    .bind(d.aangemaakt_op).bind(d.gewijzigd_op).bind(d.ontvangstdatum).bind(d.waargenomen_op)
                    .bind(d.bron.as_str()).bind(d.politie_stuk.map(|p| p.as_str())).bind(&d.omschrijving).bind(&d.indicatoren)
                    .bind(d.bron_betrouwbaarheid.map(|b| b.as_str())).bind(d.informatie_betrouwbaarheid.map(|b| b.as_str()))
                    .bind(&d.melder_naam).bind(&d.melder_contact).bind(d.melder_anoniem).bind(d.versie)
                    .bind(row.sorteer_op).bind(&row.fenomenen).bind(&row.team)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "nummer"))?;
                self.replace_fenomenen(d).await
            }

            async fn update_dossier(&mut self, d: &$crate::baken_store::DossierRecord, expected_versie: i64) -> $crate::baken_store::StoreResult<bool> {
                let row = $crate::rows::DossierBinds::from(d);
                let done = $crate::sqlx::query(
                    "UPDATE dossiers SET status = $2, eigenaar_id = $3, toegewezen_aan = $4, gewijzigd_op = $5, waargenomen_op = $6, \
                     omschrijving = $7, indicatoren = $8, bron_betrouwbaarheid = $9, informatie_betrouwbaarheid = $10, \
                     versie = $11, fenomenen = $12, team = $13 WHERE id = $1 AND versie = $14",
                )
                .bind(d.id).bind(d.status.as_str()).bind(d.eigenaar.0).bind(d.toegewezen_aan.map(|u| u.0)).bind(d.gewijzigd_op)
                .bind(d.waargenomen_op).bind(&d.omschrijving).bind(&d.indicatoren)
                .bind(d.bron_betrouwbaarheid.map(|b| b.as_str())).bind(d.informatie_betrouwbaarheid.map(|b| b.as_str()))
                .bind(d.versie).bind(&row.fenomenen).bind(&row.team).bind(expected_versie)
                .execute(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                self.replace_fenomenen(d).await?;
                Ok(true)
            }

            async fn lock_dossier(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query($lock).bind(id).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn lock_key(&mut self, key: &str) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query($lock_key).bind(key).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_entiteit(&mut self, e: &$crate::baken_store::EntiteitRecord) -> $crate::baken_store::StoreResult<()> {
                let identificatie = e.entiteit.sleutel();
                $crate::sqlx::query("INSERT INTO entiteiten (id, soort, sleutel, weergave, gegevens, aangemaakt_op, gemeente_code, identificatie) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                    .bind(e.id)
                    .bind(e.entiteit.soort().as_str())
                    .bind(identificatie.as_deref().map(|k| $crate::scoped_sleutel(&e.gemeente, k)))
                    .bind(e.entiteit.weergave())
                    .bind($crate::sqlx::types::Json(&e.entiteit))
                    .bind(e.aangemaakt_op)
                    .bind(e.gemeente.as_str())
                    .bind(identificatie)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(|err| $crate::map_err(err, "sleutel"))?;
                Ok(())
            }

            async fn update_entiteit(&mut self, e: &$crate::baken_store::EntiteitRecord) -> $crate::baken_store::StoreResult<()> {
                let done = $crate::sqlx::query("UPDATE entiteiten SET weergave = $2, gegevens = $3 WHERE id = $1 AND gemeente_code = $4 AND soort = $5")
                    .bind(e.id)
                    .bind(e.entiteit.weergave())
                    .bind($crate::sqlx::types::Json(&e.entiteit))
                    .bind(e.gemeente.as_str())
                    .bind(e.entiteit.soort().as_str())
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                if done.rows_affected() == 0 {
                    return Err($crate::baken_store::StoreError::MissingReference("entiteit"));
                }
                Ok(())
            }

            async fn link_entiteit(&mut self, l: &$crate::baken_store::DossierEntiteitRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO dossier_entiteiten (dossier_id, entiteit_id, rol, aangemaakt_op, aangemaakt_door) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (dossier_id, entiteit_id, rol) DO NOTHING",
                )
                .bind(l.dossier_id).bind(l.entiteit_id).bind(l.rol.as_str()).bind(l.aangemaakt_op).bind(l.aangemaakt_door.0)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "entiteit"))?;
                Ok(())
            }

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

            async fn append_verwerking(&mut self, r: &$crate::baken_store::VerwerkingRecord) -> $crate::baken_store::StoreResult<()> {
                self.append_verwerkingen(std::slice::from_ref(r)).await
            }

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

            async fn set_afgesloten(&mut self, dossier: $crate::sqlx::types::Uuid, uitkomst: &str, at: $crate::rows::Instant) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO bewaring (dossier_id, uitkomst, afgesloten_op) VALUES ($1, $2, $3) \
                     ON CONFLICT (dossier_id) DO UPDATE SET uitkomst = excluded.uitkomst, afgesloten_op = excluded.afgesloten_op",
                )
                .bind(dossier).bind(uitkomst).bind(at)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn set_blokkade(&mut self, dossier: $crate::sqlx::types::Uuid, reden: Option<&str>, door: Option<$crate::baken_domain::UserId>, at: $crate::rows::Instant) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO bewaring (dossier_id, blokkade_reden, blokkade_door, blokkade_op) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (dossier_id) DO UPDATE SET blokkade_reden = excluded.blokkade_reden, blokkade_door = excluded.blokkade_door, blokkade_op = excluded.blokkade_op",
                )
                .bind(dossier).bind(reden).bind(door.map(|u| u.0)).bind(at)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn set_afgehandeld(&mut self, dossier: $crate::sqlx::types::Uuid, actie: &str) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("UPDATE bewaring SET afgehandeld = $2 WHERE dossier_id = $1")
                    .bind(dossier).bind(actie)
                    .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn destroy_content(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<$crate::baken_store::Vernietigd> {
                let mut done = self.anonymise(dossier).await?;
                done.journaalinhoud = $crate::sqlx::query("DELETE FROM journaal_inhoud WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                done.zoekteksten = $crate::sqlx::query("DELETE FROM zoekteksten WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                $crate::sqlx::query("DELETE FROM privacytoetsen WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                done.bijlagen = $crate::sqlx::query_scalar::<_, $crate::sqlx::types::Uuid>(
                    "SELECT id FROM bijlagen WHERE dossier_id = $1 AND sleutel IS NOT NULL ORDER BY id",
                )
                .bind(dossier).fetch_all(&mut *self.tx).await.map_err($crate::backend)?;
                // Crypto-shredding: without its wrapped key an attachment cannot be decrypted.
                $crate::sqlx::query("UPDATE bijlagen SET sleutel = NULL, bestandsnaam = 'vernietigd' WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query(
                    "UPDATE dossiers SET omschrijving = '', indicatoren = NULL, waargenomen_op = NULL WHERE id = $1",
                )
                .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(done)
            }

            async fn anonymise(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<$crate::baken_store::Vernietigd> {
                let mut done = $crate::baken_store::Vernietigd::default();
                let linked: Vec<$crate::sqlx::types::Uuid> = $crate::sqlx::query_scalar(
                    "SELECT DISTINCT entiteit_id FROM dossier_entiteiten WHERE dossier_id = $1",
                )
                .bind(dossier).fetch_all(&mut *self.tx).await.map_err($crate::backend)?;
                done.koppelingen = $crate::sqlx::query("DELETE FROM dossier_entiteiten WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                for entity in linked {
                    done.entiteiten += $crate::sqlx::query(
                        "DELETE FROM entiteiten WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM dossier_entiteiten l WHERE l.entiteit_id = $1)",
                    )
                    .bind(entity).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                }
                $crate::sqlx::query("UPDATE dossiers SET melder_naam = NULL, melder_contact = NULL WHERE id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(done)
            }

            async fn insert_vernietiging(&mut self, r: &$crate::baken_store::VernietigingRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO vernietigingen (id, batch_id, dossier_id, nummer, gemeente_code, soort, uitkomst, afgesloten_op, regel, actie, uitgevoerd_op, uitgevoerd_door) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(r.id).bind(r.batch_id).bind(r.dossier_id).bind(&r.nummer).bind(r.gemeente.as_str()).bind(&r.soort)
                .bind(&r.uitkomst).bind(r.afgesloten_op).bind(&r.regel).bind(&r.actie).bind(r.uitgevoerd_op).bind(&r.uitgevoerd_door)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_verzoek(&mut self, v: &$crate::baken_store::VerzoekRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO verzoeken (id, soort, betrokkene, betrokkene_type, ontvangen_op, termijn_tot, geregistreerd_door, geregistreerd_op, beantwoord_op, \
                     gemeente_code, entiteit_id, toelichting, verlengd_op, verlenging_motivering, besluit, besluit_motivering) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                )
                .bind(v.id).bind(&v.soort).bind(&v.betrokkene).bind(&v.betrokkene_type).bind(v.ontvangen_op).bind(v.termijn_tot)
                .bind(v.geregistreerd_door.0).bind(v.geregistreerd_op).bind(v.beantwoord_op)
                .bind(v.gemeente.as_ref().map(|g| g.as_str().to_string())).bind(v.entiteit_id).bind(&v.toelichting)
                .bind(v.verlengd_op).bind(&v.verlenging_motivering).bind(&v.besluit).bind(&v.besluit_motivering)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn delete_verzoek(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<()> {
                for statement in [
                    "DELETE FROM verzoek_beperkingen WHERE verzoek_id = $1",
                    "DELETE FROM verzoek_identiteiten WHERE verzoek_id = $1",
                    "DELETE FROM verzoeken WHERE id = $1",
                ] {
                    $crate::sqlx::query(statement).bind(id).execute(&mut *self.tx).await.map_err($crate::backend)?;
                }
                Ok(())
            }

            async fn update_verzoek(&mut self, v: &$crate::baken_store::VerzoekRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "UPDATE verzoeken SET termijn_tot = $2, beantwoord_op = $3, verlengd_op = $4, verlenging_motivering = $5, \
                     besluit = $6, besluit_motivering = $7 WHERE id = $1",
                )
                .bind(v.id).bind(v.termijn_tot).bind(v.beantwoord_op).bind(v.verlengd_op).bind(&v.verlenging_motivering)
                .bind(&v.besluit).bind(&v.besluit_motivering)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_beperking(&mut self, b: &$crate::baken_store::BeperkingRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO verzoek_beperkingen (id, verzoek_id, dossier_id, journaalpost_id, grond, motivering, herbeoordeling, vastgelegd_door, vastgelegd_op, \
                     herbeoordeeld_op, herbeoordeling_motivering, opgeheven_op) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(b.id).bind(b.verzoek_id).bind(b.dossier_id).bind(b.journaalpost_id).bind(&b.grond).bind(&b.motivering)
                .bind(b.herbeoordeling).bind(b.vastgelegd_door.0).bind(b.vastgelegd_op)
                .bind(b.herbeoordeeld_op).bind(&b.herbeoordeling_motivering).bind(b.opgeheven_op)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn update_beperking(&mut self, b: &$crate::baken_store::BeperkingRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "UPDATE verzoek_beperkingen SET herbeoordeling = $1, herbeoordeeld_op = $2, herbeoordeling_motivering = $3, opgeheven_op = $4 WHERE id = $5",
                )
                .bind(b.herbeoordeling).bind(b.herbeoordeeld_op).bind(&b.herbeoordeling_motivering).bind(b.opgeheven_op).bind(b.id)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_verzoek_identiteit(
                &mut self,
                verzoek: $crate::sqlx::types::Uuid,
                entiteit: $crate::sqlx::types::Uuid,
                door: $crate::baken_domain::UserId,
                op: $crate::rows::Instant,
            ) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO verzoek_identiteiten (verzoek_id, entiteit_id, bevestigd_door, bevestigd_op) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (verzoek_id, entiteit_id) DO NOTHING",
                )
                .bind(verzoek).bind(entiteit).bind(door.0).bind(op)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn set_beantwoord(&mut self, id: $crate::sqlx::types::Uuid, at: $crate::rows::Instant) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("UPDATE verzoeken SET beantwoord_op = $2 WHERE id = $1")
                    .bind(id).bind(at)
                    .execute(&mut *self.tx).await.map_err($crate::backend)?;
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
