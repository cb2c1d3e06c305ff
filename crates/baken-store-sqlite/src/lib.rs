//! The SQLite adapter: Baken's embedded default. One file, WAL journal, foreign keys on, deleted
//! content overwritten (`secure_delete`), and every transaction takes the write lock up front
//! (`BEGIN IMMEDIATE`) so that read-then-write use cases never fail with `SQLITE_BUSY`.

use baken_store::StoreResult;
use sqlx::Sqlite;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

baken_store_sqlx::sqlx_store!(
    store = SqliteStore,
    tx = SqliteTx,
    db = Sqlite,
    name = "sqlite",
    begin = |pool| pool.begin_with("BEGIN IMMEDIATE"),
    begin_read = |pool| pool.begin(),
    // BEGIN IMMEDIATE already serialises every writer.
    lock_dossier = "SELECT 1 FROM dossiers WHERE id = $1",
    // The FTS index drives, newest match first, so it can stop after the first matches instead of
    // ranking every one (a common word matches a large part of all texts). Joined directly, SQLite
    // may loop over dossiers instead.
    search = "SELECT t.dossier_id, t.entry_id, t.vertrouwelijkheid FROM \
              (SELECT rowid FROM zoekindex WHERE zoekindex MATCH $1 ORDER BY rowid DESC LIMIT 1000) m \
              JOIN zoekteksten t ON t.rowid = m.rowid JOIN dossiers d ON d.id = t.dossier_id \
              WHERE d.gemeente_code = $2 ORDER BY m.rowid DESC LIMIT $3",
    search_terms = fts5_query
);

/// Every term as a quoted FTS5 string, so nothing a user types is read as query syntax; all must match.
fn fts5_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
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
        Ok(Self::from_pool(pool))
    }
}
