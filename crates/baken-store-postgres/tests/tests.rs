//! The store conformance suite against a fresh PostgreSQL database per test, plus PostgreSQL-only
//! checks. Fails (never skips) when PostgreSQL is not reachable.

use baken_store::Store;
use baken_store_postgres::testing::fresh_store;

async fn fresh() -> Box<dyn Store> {
    Box::new(fresh_store().await)
}

baken_store::conformance_tests!(fresh());
baken_store_sqlx::adapter_tests!(fresh_store());

/// PostgreSQL numbers its parameters `$N`.
#[test]
fn generated_parameter_lists_are_dollar_numbered() {
    assert_eq!(
        baken_store_sqlx::placeholders::<sqlx::Postgres>(6, 3),
        "$6, $7, $8"
    );
    assert_eq!(
        baken_store_sqlx::value_rows::<sqlx::Postgres>(2, 2),
        "($1, $2), ($3, $4)"
    );
}
