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
    // READ COMMITTED gives every statement its own snapshot anyway: no BEGIN and ROLLBACK.
    begin_read = |pool| pool.acquire(),
    lock_dossier = "SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE",
    // A transaction-scoped advisory lock: it also serialises keys that have no row yet.
    lock_key = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
    search = concat!(
        "SELECT t.rowid AS zoek_rowid, t.entry_id AS zoek_entry_id, t.vertrouwelijkheid AS zoek_vertrouwelijkheid, ",
        baken_store_sqlx::dossier_select!(),
        " FROM zoekteksten t JOIN dossiers d ON d.id = t.dossier_id \
          WHERE t.gemeente_code = $2 AND d.gemeente_code = $2 AND t.tsv @@ plainto_tsquery('dutch', $1) AND t.rowid < $3 \
          ORDER BY t.rowid DESC LIMIT $4"
    ),
    search_terms = plain_query,
    // Deleted rows are reclaimed by autovacuum; nothing to do inside Baken.
    compact = &[]
);

/// `plainto_tsquery` parses plain text itself (and ANDs the terms), so the terms are joined as typed.
fn plain_query(_gemeente: &baken_domain::GemeenteCode, terms: &[String]) -> String {
    terms.join(" ")
}

/// How long a pooled connection may have been idle before it is pinged when handed out again.
const PING_AFTER_IDLE: Duration = Duration::from_secs(10);

impl PgStore {
    /// Connects to a `postgres://` URL. Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings every connection it hands out: one more round trip per page part. A
            // connection in use moments ago is alive; one idle for a while (the server may have
            // restarted meanwhile) is still checked first.
            .test_before_acquire(false)
            .before_acquire(|connection, meta| {
                Box::pin(async move {
                    if meta.idle_for < PING_AFTER_IDLE {
                        return Ok(true);
                    }
                    sqlx::Connection::ping(connection).await?;
                    Ok(true)
                })
            })
            .connect(url)
            .await
            .map_err(baken_store_sqlx::backend)?;
        Ok(Self::from_pool(pool))
    }
}
