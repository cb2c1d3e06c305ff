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
