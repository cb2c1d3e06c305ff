//! What the SQLite and PostgreSQL adapters share.
//!
//! Both backends accept the same SQL for almost everything Baken stores (sqlx binds `$1` on both, and
//! `uuid`, `time` and JSON values map to native types on each). Writing that SQL twice would let the
//! two adapters drift apart, so it lives here once: [`sqlx_tx!`] implements [`baken_store::Tx`] for a
//! `sqlx::Transaction` of one backend. The adapter crates keep what truly differs: connection options,
//! their migrations (types, triggers, full-text search) and how a transaction begins.

mod accounts;
mod cases;
#[doc(hidden)]
pub mod consultations;
mod dossiers;
pub mod eigen_registers;
mod entities;
mod interventions;
mod journal;
mod logs;
mod meetings;
#[doc(hidden)]
pub mod partner_requests;
mod protocol;
pub mod register_zoek;
pub mod registers;
mod requests;
mod retention;
pub mod rows;
mod search;
mod sessions;

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

/// What a transaction type of an adapter works on: a database transaction, or, for reads on a
/// backend where a transaction adds nothing, a plain connection from the pool.
///
/// On PostgreSQL at READ COMMITTED every statement takes its own snapshot, inside a transaction or
/// not, so a reading "transaction" there only cost two round trips (BEGIN and ROLLBACK) per page
/// part. On SQLite a read transaction holds one snapshot for all its statements and is kept.
pub enum Conn<DB: sqlx::Database> {
    Tx(sqlx::Transaction<'static, DB>),
    Plain(sqlx::pool::PoolConnection<DB>),
}

impl<DB: sqlx::Database> Conn<DB> {
    /// Commits a transaction; a plain connection has nothing to commit.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Conn::Tx(tx) => tx.commit().await,
            Conn::Plain(_) => Ok(()),
        }
    }
}

impl<DB: sqlx::Database> From<sqlx::Transaction<'static, DB>> for Conn<DB> {
    fn from(tx: sqlx::Transaction<'static, DB>) -> Self {
        Conn::Tx(tx)
    }
}

impl<DB: sqlx::Database> From<sqlx::pool::PoolConnection<DB>> for Conn<DB> {
    fn from(connection: sqlx::pool::PoolConnection<DB>) -> Self {
        Conn::Plain(connection)
    }
}

impl<DB: sqlx::Database> std::ops::Deref for Conn<DB> {
    type Target = DB::Connection;

    fn deref(&self) -> &DB::Connection {
        match self {
            Conn::Tx(tx) => tx,
            Conn::Plain(connection) => connection,
        }
    }
}

impl<DB: sqlx::Database> std::ops::DerefMut for Conn<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        match self {
            Conn::Tx(tx) => tx,
            Conn::Plain(connection) => connection,
        }
    }
}

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
/// backend, `begin_read` how a read-only one does (a transaction or a plain connection, see [`Conn`]).
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
            tx: $crate::Conn<$db>,
        }

        impl $name {
            pub fn new(tx: impl Into<$crate::Conn<$db>>) -> Self {
                Self { tx: tx.into() }
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

        $crate::sqlx_accounts!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_sessions!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_dossiers!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_entities!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_journal!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_search!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_logs!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_protocol!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_retention!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_requests!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_interventions!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_cases!($name, $db, lock_dossier = $lock, lock_key = $lock_key, search = $search, search_terms = $terms);
        $crate::sqlx_meetings!($name, $db);
        $crate::sqlx_registers!($name, $db);
        $crate::sqlx_register_zoek!($name, $db);
        $crate::sqlx_eigen_registers!($name, $db);
        $crate::sqlx_consultations!($name, $db);
        $crate::sqlx_partner_requests!($name, $db);

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::Tx for $name {

            async fn commit(self: Box<Self>) -> $crate::baken_store::StoreResult<()> {
                self.tx.commit().await.map_err($crate::backend)
            }
        }
    };
}
