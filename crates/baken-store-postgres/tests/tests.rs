//! The store conformance suite against a fresh PostgreSQL database per test, plus PostgreSQL-only
//! checks. Fails (never skips) when PostgreSQL is not reachable.

use baken_store::Store;
use baken_store_postgres::testing::fresh_store;

async fn fresh() -> Box<dyn Store> {
    Box::new(fresh_store().await)
}

baken_store::conformance_tests!(fresh());

#[tokio::test]
async fn audit_rows_cannot_be_changed_in_the_database() {
    let store = fresh_store().await;
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
