//! The SQLite adapter: Baken's embedded default. One file, WAL journal, foreign keys on, deleted
//! content overwritten (`secure_delete`), and every transaction takes the write lock up front
//! (`BEGIN IMMEDIATE`) so that read-then-write use cases never fail with `SQLITE_BUSY`.

use async_trait::async_trait;
use baken_store::{Store, StoreError, StoreResult, Tx};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

baken_store_sqlx::sqlx_tx!(SqliteTx, Sqlite);

/// A Baken database in one SQLite file.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating when missing) the database at a `sqlite://PATH` URL. Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(baken_store_sqlx::backend)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(20))
            .pragma("secure_delete", "ON");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(baken_store_sqlx::backend)?;
        Ok(Self { pool })
    }

    /// Applies the pending migrations of `migrations/`.
    pub async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("./migrations")
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Backend(e.to_string()))
    }

    /// The pool, for adapter-level tests that must look at raw rows.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(baken_store_sqlx::backend)?;
        Ok(Box::new(SqliteTx::new(tx)))
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(baken_store_sqlx::backend)?;
        Ok(())
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
