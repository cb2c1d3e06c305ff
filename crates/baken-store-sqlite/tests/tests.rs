//! The store conformance suite against a fresh SQLite file per test, plus SQLite-only checks.

use baken_store::Store;
use baken_store_sqlite::SqliteStore;

async fn fresh_sqlite() -> SqliteStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("baken.db").display());
    // Keep the directory for the life of the test process; the OS temp cleaner removes it.
    std::mem::forget(dir);
    let store = SqliteStore::connect(&url).await.expect("open sqlite");
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
