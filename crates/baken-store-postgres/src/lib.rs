//! The PostgreSQL adapter, for larger deployments. Append-only tables are guarded by triggers in the
//! database itself, so not even a bug in Baken can change them.

use baken_store::StoreResult;
use sqlx::Postgres;
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

pub mod testing;

baken_store_sqlx::sqlx_store!(
    store = PgStore,
    tx = PgTx,
    db = Postgres,
    name = "postgres",
    begin = |pool| pool.begin(),
    begin_read = |pool| pool.begin()
);

impl PgStore {
    /// Connects to a `postgres://` URL. Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(baken_store_sqlx::backend)?;
        Ok(Self::from_pool(pool))
    }
}
