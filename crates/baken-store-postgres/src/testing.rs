//! Fresh PostgreSQL databases for tests. Each test gets its own database on the server named by
//! `BAKEN_TEST_POSTGRES_URL` (default: the local server as user `postgres`). When the server cannot be
//! reached the test fails: a storage test must never pass by skipping PostgreSQL.

use crate::PgStore;
use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";

/// Databases left behind by earlier runs are dropped once they are this old.
const STALE_AFTER_SECS: u64 = 6 * 3600;

pub fn admin_url() -> String {
    std::env::var("BAKEN_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string())
}

/// Creates an empty database and returns its URL.
pub async fn fresh_database_url() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let admin = admin_url();
    let mut conn = PgConnection::connect(&admin).await.unwrap_or_else(|e| {
        panic!("PostgreSQL is required for this test and is not reachable at {admin}: {e}. Start it (see README) or set BAKEN_TEST_POSTGRES_URL.")
    });
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    drop_stale(&mut conn, now).await;
    let name = format!(
        "baken_test_{now}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    // The name is built from numbers only, so it is safe to put in the statement.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    format!("{base}/{name}")
}

/// A fresh, migrated store on its own database.
pub async fn fresh_store() -> PgStore {
    let store = PgStore::connect(&fresh_database_url().await)
        .await
        .expect("connect to test database");
    store.migrate().await.expect("migrate test database");
    store
}

async fn drop_stale(conn: &mut PgConnection, now: u64) {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'baken\\_test\\_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for name in names {
        let created: Option<u64> = name.split('_').nth(2).and_then(|s| s.parse().ok());
        let safe = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if safe && created.is_some_and(|c| c + STALE_AFTER_SECS < now) {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut *conn)
            .await;
        }
    }
}
