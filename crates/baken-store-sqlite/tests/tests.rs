//! The store conformance suite against a fresh SQLite file per test, plus SQLite-only checks.

use baken_store::Store;
use baken_store_sqlite::SqliteStore;

async fn fresh_sqlite() -> SqliteStore {
    fresh_sqlite_restarting_at(baken_store_sqlite::RESTART_FRAMES).await
}

async fn fresh_sqlite_restarting_at(restart_frames: i64) -> SqliteStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("baken.db").display());
    // Keep the directory for the life of the test process; the OS temp cleaner removes it.
    std::mem::forget(dir);
    let store = SqliteStore::connect_restarting_at(&url, restart_frames)
        .await
        .expect("open sqlite");
    store.migrate().await.expect("migrate sqlite");
    store
}

async fn fresh() -> Box<dyn Store> {
    Box::new(fresh_sqlite().await)
}

baken_store::conformance_tests!(fresh());
baken_store_sqlx::adapter_tests!(fresh_sqlite());

/// A request that is cancelled (the client went away) while its `BEGIN IMMEDIATE` waits for the
/// write lock must not hand the connection to the next borrower inside a transaction. With a pool
/// of one connection the next borrower gets that very connection.
#[tokio::test]
async fn a_cancelled_begin_leaves_no_transaction_behind() {
    use sqlx::Connection;
    let store = fresh_sqlite().await;
    let options = (*store.pool().connect_options()).clone();
    let one = SqliteStore::from_pool(
        sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .unwrap(),
    );
    for _ in 0..3 {
        // Another writer holds the lock, so the BEGIN IMMEDIATE waits (busy timeout).
        let mut blocker = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut blocker)
            .await
            .unwrap();
        let cancelled =
            tokio::time::timeout(std::time::Duration::from_millis(50), one.begin()).await;
        assert!(cancelled.is_err(), "the begin was still waiting");
        sqlx::query("COMMIT").execute(&mut blocker).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let mut conn = one.pool().acquire().await.unwrap();
        assert!(
            !in_transaction(&mut conn).await,
            "the connection came back inside a transaction"
        );
    }
    let tx = one.begin().await.unwrap();
    tx.commit().await.unwrap();
}

/// SQLite refuses a `BEGIN` inside a transaction.
async fn in_transaction(conn: &mut sqlx::pool::PoolConnection<sqlx::Sqlite>) -> bool {
    match sqlx::query("BEGIN").execute(&mut **conn).await {
        Ok(_) => {
            sqlx::query("ROLLBACK").execute(&mut **conn).await.unwrap();
            false
        }
        Err(e) if e.to_string().contains("within a transaction") => true,
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn secure_delete_is_on() {
    let store = fresh_sqlite().await;
    let on: i64 = sqlx::query_scalar("PRAGMA secure_delete")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(on, 1);
}

/// Generated parameter lists carry no `$N` names on SQLite: SQLite looks each name up with a linear
/// search, which made a 500-row log insert spend most of its time parsing (see BENCHMARKS.md).
#[test]
fn generated_parameter_lists_are_numbered_not_named() {
    assert_eq!(
        baken_store_sqlx::placeholders::<sqlx::Sqlite>(6, 3),
        "?6, ?7, ?8"
    );
    assert_eq!(
        baken_store_sqlx::value_rows::<sqlx::Sqlite>(2, 3),
        "(?, ?, ?), (?, ?, ?)"
    );
}

/// No commit checkpoints the WAL (a request would wait for the disk with it); a background task
/// copies it into the database file within seconds.
#[tokio::test]
async fn the_wal_is_checkpointed_in_the_background_not_in_a_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("baken.db");
    let store = SqliteStore::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    // Let the checkpointer catch up with the migrations, then measure the database file.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let mut conn = store.pool().acquire().await.unwrap();
    let auto: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(auto, 0, "no checkpoint inside a commit");
    drop(conn);
    let before = std::fs::metadata(&path).unwrap().len();
    let mut tx = store.pool().begin().await.unwrap();
    sqlx::query("CREATE TABLE ballast (x BLOB)")
        .execute(&mut *tx)
        .await
        .unwrap();
    for _ in 0..400 {
        sqlx::query("INSERT INTO ballast VALUES (zeroblob(4096))")
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        before,
        "the commit left its pages in the WAL"
    );
    tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
    assert!(
        std::fs::metadata(&path).unwrap().len() > before + 400 * 4096,
        "the background checkpoint copied them into the database file"
    );
}

/// The bundled SQLite is built with the options of `.cargo/config.toml`: no memory statistics
/// (a global mutex in every allocation) and a page cache per connection (not one behind a shared
/// mutex). Without them eight busy connections spent a quarter of their CPU waiting on futexes.
#[tokio::test]
async fn sqlite_is_built_without_shared_allocator_locks() {
    let store = fresh_sqlite().await;
    let options: Vec<String> = sqlx::query_scalar("PRAGMA compile_options")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "built without LIBSQLITE3_FLAGS from .cargo/config.toml: {options:?}"
    );
    assert!(
        !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
        "one page cache shared by every connection: {options:?}"
    );
}

/// Every pooled connection has the larger page cache and keeps statement journals in memory.
#[tokio::test]
async fn connections_have_their_cache_and_memory_temp_store() {
    let store = fresh_sqlite().await;
    let mut conn = store.pool().acquire().await.unwrap();
    let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(cache, -16384, "16 MiB of page cache");
    let temp: i64 = sqlx::query_scalar("PRAGMA temp_store")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(temp, 2, "temp_store = MEMORY");
}

/// Under steady writing with readers always around, a passive checkpoint never lets the WAL start
/// over and it grows with every write (it had reached a gigabyte under load). The background task
/// then restarts it: the number of frames in the WAL falls back instead of only rising.
#[tokio::test]
async fn the_wal_starts_over_under_steady_writes_and_reads() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    // A small threshold (8 MiB) so the test need not write the default 256 MiB.
    const THRESHOLD: i64 = 2048;
    let store = fresh_sqlite_restarting_at(THRESHOLD).await;
    sqlx::query("CREATE TABLE ballast (x BLOB)")
        .execute(store.pool())
        .await
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    // Two readers in turn, each holding its snapshot for a while: there is always one.
    for offset in [0u64, 15] {
        let (pool, stop) = (store.pool().clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(offset)).await;
            while !stop.load(Ordering::Relaxed) {
                let mut tx = pool.begin().await.unwrap();
                let _: i64 = sqlx::query_scalar("SELECT count(*) FROM ballast")
                    .fetch_one(&mut *tx)
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(30)).await;
                tx.commit().await.unwrap();
            }
        }));
    }
    // One writer that never pauses.
    {
        let (pool, stop) = (store.pool().clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let mut tx = pool.begin().await.unwrap();
                for _ in 0..64 {
                    sqlx::query("INSERT INTO ballast VALUES (zeroblob(4000))")
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
                sqlx::query("DELETE FROM ballast WHERE rowid % 2 = 0")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    let mut conn = store.pool().acquire().await.unwrap();
    let (mut highest, mut restarted) = (0i64, false);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !restarted && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let frames: i64 = {
            use sqlx::Row;
            let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            row.get(1)
        };
        // Past the restart threshold, then fewer: the WAL started over.
        restarted = highest > THRESHOLD && frames < highest;
        highest = highest.max(frames);
    }
    drop(conn);
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    assert!(restarted, "the WAL only grew, to {highest} frames");
}
