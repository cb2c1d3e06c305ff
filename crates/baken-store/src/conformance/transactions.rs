//! Conformance cases for transactions: rollback, precision, readers beside a writer, key locks.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn rollback_discards_everything(store: &dyn Store) {
    {
        let mut tx = store.begin().await.unwrap();
        tx.insert_gemeente(&gemeente("GM0534", "Hillegom"))
            .await
            .unwrap();
        tx.append_audit(&audit("gemeente.toegevoegd", None))
            .await
            .unwrap();
        // Dropped without commit.
    }
    let mut tx = store.begin().await.unwrap();
    assert!(tx.list_gemeenten().await.unwrap().is_empty());
    assert!(
        tx.list_audit(&AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .is_empty()
    );
}

pub async fn instants_keep_microseconds(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let mut record = audit("x", None);
    record.at = OffsetDateTime::from_unix_timestamp_nanos(1_764_000_000_123_456_000).unwrap();
    tx.append_audit(&record).await.unwrap();
    let listed = tx
        .list_audit(&AuditFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed[0].at, record.at);
}

pub async fn reads_do_not_wait_for_a_writer(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let mut writer = store.begin().await.unwrap();
    writer
        .insert_gemeente(&gemeente("GM0553", "Lisse"))
        .await
        .unwrap();
    let read = async {
        let mut reader = store.begin_read().await.unwrap();
        reader.list_gemeenten().await.unwrap()
    };
    let seen = tokio::time::timeout(std::time::Duration::from_secs(3), read)
        .await
        .expect("a reader must not wait for the writer");
    assert_eq!(
        seen,
        vec![gemeente("GM0534", "Hillegom")],
        "uncommitted rows are invisible"
    );
    writer.commit().await.unwrap();
    let mut reader = store.begin_read().await.unwrap();
    assert_eq!(reader.list_gemeenten().await.unwrap().len(), 2);
}

/// `lock_key` serialises transactions that lock the same key: the second waits for the first.
pub async fn a_locked_key_waits_for_the_holder(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let mut first = store.begin().await.unwrap();
    first.lock_key("account:a@example.nl").await.unwrap();
    let released = std::sync::Mutex::new(None);
    let second = async {
        let mut tx = store.begin().await.unwrap();
        tx.lock_key("account:a@example.nl").await.unwrap();
        let got = std::time::Instant::now();
        tx.commit().await.unwrap();
        got
    };
    let holder = async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        *released.lock().unwrap() = Some(std::time::Instant::now());
        first.commit().await.unwrap();
    };
    let (got, ()) = tokio::join!(second, holder);
    let released = released.lock().unwrap().expect("released");
    assert!(
        got >= released,
        "the second lock was taken before the first was released"
    );
}
