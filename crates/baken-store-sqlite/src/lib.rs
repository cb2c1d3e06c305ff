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
    lock_key = "SELECT $1",
    // The FTS index drives, newest match first, so it can stop after the first matches instead of
    // ranking every one (a common word matches a large part of all texts). Joined directly, SQLite
    // may loop over dossiers instead.
    search = concat!(
        "SELECT t.rowid AS zoek_rowid, t.entry_id AS zoek_entry_id, t.vertrouwelijkheid AS zoek_vertrouwelijkheid, ",
        baken_store_sqlx::dossier_select!(),
        " FROM (SELECT rowid FROM zoekindex WHERE zoekindex MATCH $1 AND rowid < $3 ORDER BY rowid DESC LIMIT $4) m \
          JOIN zoekteksten t ON t.rowid = m.rowid JOIN dossiers d ON d.id = t.dossier_id \
          WHERE d.gemeente_code = $2 ORDER BY t.rowid DESC"
    ),
    search_terms = fts5_query,
    // FTS5 keeps deleted entries in its segments until they are merged; the WAL keeps old pages
    // until a checkpoint. With `secure_delete` the freed pages are then overwritten.
    compact = &[
        "INSERT INTO zoekindex (zoekindex) VALUES ('optimize')",
        "PRAGMA wal_checkpoint(TRUNCATE)"
    ]
);

/// The municipality and every term as column filters with quoted FTS5 strings, so nothing a user
/// types is read as query syntax; all must match.
fn fts5_query(gemeente: &baken_domain::GemeenteCode, terms: &[String]) -> String {
    let mut query = format!("gemeente_code : \"{}\"", gemeente.as_str());
    for term in terms {
        query.push_str(&format!(" AND tekst : \"{}\"", term.replace('"', "\"\"")));
    }
    query
}

impl SqliteStore {
    /// Opens (creating when missing) the database at a `sqlite://PATH` URL. Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_restarting_at(url, RESTART_FRAMES).await
    }

    /// [`SqliteStore::connect`] with the WAL starting over from `restart_frames` frames on
    /// instead of [`RESTART_FRAMES`] (tests use a small WAL).
    pub async fn connect_restarting_at(url: &str, restart_frames: i64) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(baken_store_sqlx::backend)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(20))
            .pragma("secure_delete", "ON")
            // 16 MiB of page cache per connection (SQLite's default is 2 MiB): the working set of
            // a busy team's pages stays in memory instead of being read from the file again.
            .pragma("cache_size", "-16384")
            // Statement journals (a multi-row insert into the logs keeps one, to undo just that
            // statement) in memory instead of a temporary file.
            .pragma("temp_store", "MEMORY")
            // No checkpoint inside a commit: the commit that filled the WAL would copy it into
            // the database and wait for the disk, and every request waiting for that commit (a
            // dossier page waits for its access-log record) with it. A background task does it.
            .pragma("wal_autocheckpoint", "0")
            // After the WAL starts over its file is cut back to this size (64 MiB).
            .pragma("journal_size_limit", "67108864");
        let files = DatabaseFiles::of(options.get_filename());
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A connection to a file does not hang up: sqlx's ping before every hand-out (a round
            // trip to the connection's worker thread) checks nothing here.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(baken_store_sqlx::backend)?;
        tokio::spawn(checkpoint_in_the_background(
            pool.clone(),
            restart_frames,
            files,
        ));
        Ok(Self::from_pool(pool))
    }
}

/// How often the background task copies the WAL into the database.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);
/// From how many WAL frames (of 4 KiB) on the task makes the WAL start over (about 256 MiB). A
/// restart holds every writer up while it copies the rest and syncs the file, and each request
/// waits for its access-log record to be written: at 32 MiB that happened every few seconds
/// under load and put 100 ms into the p99 of every logged page (BENCHMARKS.md, session 14).
pub const RESTART_FRAMES: i64 = 65536;

/// The directory of the database file, whose file system the checkpointer flushes beside the
/// requests (none for an in-memory database).
#[derive(Clone, Debug)]
struct DatabaseFiles {
    directory: std::path::PathBuf,
}

impl DatabaseFiles {
    fn of(database: &std::path::Path) -> Option<Self> {
        let name = database.to_string_lossy();
        if name.is_empty() || name.starts_with(":memory:") || name.contains("mode=memory") {
            return None;
        }
        let directory = match database.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        Some(Self { directory })
    }

    /// Writes out what the checkpoints copied into the database file (and the commits into the
    /// WAL), on a blocking thread, while SQLite's locks are free.
    ///
    /// A passive checkpoint under load copies the WAL into the database file but syncs that file
    /// only when it reached the WAL's end, and with writers appending it never does: the pages it
    /// wrote stay in the kernel's cache until the RESTART, which syncs them all while it holds
    /// the writer lock (158-174 ms at 256 MiB, BENCHMARKS.md session 16). Flushed here first, the
    /// RESTART's own sync has only the last moments to write.
    ///
    /// The file system is flushed (`syncfs`) through a descriptor of the directory, not of the
    /// database file: closing any descriptor of that file would drop the POSIX locks SQLite holds
    /// on it for this process, and another process could then take it for the last user.
    async fn flush(&self) -> std::io::Result<()> {
        let directory = self.directory.clone();
        tokio::task::spawn_blocking(move || sync_file_system(&directory))
            .await
            .map_err(std::io::Error::other)?
    }
}

#[cfg(target_os = "linux")]
fn sync_file_system(directory: &std::path::Path) -> std::io::Result<()> {
    let dir = std::fs::File::open(directory)?;
    rustix::fs::syncfs(&dir).map_err(std::io::Error::from)
}

/// Elsewhere the RESTART syncs the database file itself, as before.
#[cfg(not(target_os = "linux"))]
fn sync_file_system(_: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

/// Checkpoints the WAL every [`CHECKPOINT_EVERY`] beside the requests (PASSIVE: it waits for no
/// reader or writer, and no writer waits for it), until the pool is closed. Under steady load
/// some reader always holds a snapshot, so a passive checkpoint never lets the WAL start over and
/// it grows without end (a gigabyte in a few minutes of the casework bench, every lookup slower).
/// So once the WAL passes `restart_frames` ([`RESTART_FRAMES`] by default), a RESTART checkpoint
/// waits briefly for the readers of the moment (new readers go on; writers wait at most a quarter
/// second) and the next write starts the WAL over from its beginning; the file is cut back to its
/// limit. What the passive checkpoints copied is flushed to disk beside the requests first
/// ([`DatabaseFiles::flush`]), so the restart holds the writers only briefly.
async fn checkpoint_in_the_background(
    pool: sqlx::SqlitePool,
    restart_frames: i64,
    files: Option<DatabaseFiles>,
) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut copied = 0;
    loop {
        tick.tick().await;
        if pool.is_closed() {
            return;
        }
        if let Err(e) = checkpoint(&pool, restart_frames, files.as_ref(), &mut copied).await {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}

/// A PASSIVE checkpoint: the WAL's frames and how many of them are now in the database file.
async fn passive(conn: &mut sqlx::SqliteConnection) -> Result<(i64, i64), sqlx::Error> {
    use sqlx::Row;
    let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(conn)
        .await?;
    Ok((row.try_get(1)?, row.try_get(2)?))
}

/// One round: a PASSIVE checkpoint, flushed when it copied anything (`copied` is how far the
/// previous round got), and the restart once the WAL is long enough.
async fn checkpoint(
    pool: &sqlx::SqlitePool,
    restart_frames: i64,
    files: Option<&DatabaseFiles>,
    copied: &mut i64,
) -> Result<(), sqlx::Error> {
    use sqlx::Row;
    let mut conn = pool.acquire().await?;
    let (frames, now_copied) = passive(&mut conn).await?;
    // Flushed every round it copied something, the writes go out evenly instead of all at the
    // restart.
    if let Some(files) = files
        && now_copied != *copied
    {
        let started = std::time::Instant::now();
        files.flush().await.map_err(sqlx::Error::Io)?;
        tracing::debug!(
            frames,
            copied = now_copied,
            ms = started.elapsed().as_millis(),
            "WAL copied and flushed beside the writers"
        );
    }
    *copied = now_copied;
    if frames < restart_frames {
        return Ok(());
    }
    if let Some(files) = files {
        // What came in during the flush, copied and flushed too: little is left for the restart.
        passive(&mut conn).await?;
        files.flush().await.map_err(sqlx::Error::Io)?;
    }
    // After the restart the WAL counts from nought again.
    *copied = 0;
    sqlx::query("PRAGMA busy_timeout = 250")
        .execute(&mut *conn)
        .await?;
    let started = std::time::Instant::now();
    let restarted = sqlx::query("PRAGMA wal_checkpoint(RESTART)")
        .fetch_one(&mut *conn)
        .await;
    // The connection goes back to the pool with the usual patience, whatever happened.
    sqlx::query("PRAGMA busy_timeout = 20000")
        .execute(&mut *conn)
        .await?;
    match restarted {
        Ok(row) if row.try_get::<i64, _>(0)? == 0 => {
            tracing::debug!(frames, ms = started.elapsed().as_millis(), "WAL restarted");
        }
        Ok(_) => tracing::debug!(
            frames,
            ms = started.elapsed().as_millis(),
            "WAL restart waited in vain; next round"
        ),
        Err(e) => return Err(e),
    }
    Ok(())
}
