//! The store conformance suite against a fresh SQLite file per test, plus SQLite-only checks.

use baken_store::Store;
use baken_store_sqlite::SqliteStore;

async fn fresh() -> Box<dyn Store> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("baken.db").display());
    // Keep the directory for the life of the test process; the OS temp cleaner removes it.
    std::mem::forget(dir);
    let store = SqliteStore::connect(&url).await.expect("open sqlite");
    store.migrate().await.expect("migrate sqlite");
    Box::new(store)
}

baken_store::conformance_tests!(fresh());

#[tokio::test]
async fn audit_rows_cannot_be_changed_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::connect(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.append_audit(&baken_store::AuditRecord {
        id: uuid::Uuid::new_v4(),
        at: baken_store::conformance::now(),
        actor: None,
        action: "test".into(),
        object: None,
        outcome: "gelukt".into(),
        client_addr: None,
        details: serde_json::json!({}),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let update = sqlx::query("UPDATE audit_log SET outcome = 'mislukt'")
        .execute(store.pool())
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log")
        .execute(store.pool())
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn secure_delete_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::connect(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    let on: i64 = sqlx::query_scalar("PRAGMA secure_delete")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(on, 1);
}
