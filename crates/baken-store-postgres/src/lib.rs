//! The PostgreSQL adapter, for larger deployments. Append-only tables are guarded by triggers in the
//! database itself, so not even a bug in Baken can change them.

use async_trait::async_trait;
use baken_store::{Store, StoreError, StoreResult, Tx};
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};
use std::time::Duration;

pub mod testing;

baken_store_sqlx::sqlx_tx!(PgTx, Postgres);

/// A Baken database on a PostgreSQL server.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to a `postgres://` URL. Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
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
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait]
impl Store for PgStore {
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.pool.begin().await.map_err(baken_store_sqlx::backend)?;
        Ok(Box::new(PgTx::new(tx)))
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(baken_store_sqlx::backend)?;
        Ok(())
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}
