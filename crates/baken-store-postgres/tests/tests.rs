//! The store conformance suite against a fresh PostgreSQL database per test, plus PostgreSQL-only
//! checks. Fails (never skips) when PostgreSQL is not reachable.

use baken_store::Store;
use baken_store_postgres::testing::fresh_store;

async fn fresh() -> Box<dyn Store> {
    Box::new(fresh_store().await)
}

baken_store::conformance_tests!(fresh());
baken_store_sqlx::adapter_tests!(fresh_store());

/// Forwards TCP connections to `target`, holding every answer of the server back by `delay`: a
/// slow network, so that a `BEGIN` can be cancelled while it is in flight.
async fn slow_proxy(target: std::net::SocketAddr, delay: std::time::Duration) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let server = tokio::net::TcpStream::connect(target).await.unwrap();
            let (mut client_read, mut client_write) = client.into_split();
            let (mut server_read, mut server_write) = server.into_split();
            tokio::spawn(async move {
                let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
            });
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 64 * 1024];
                while let Ok(n) = server_read.read(&mut buffer).await {
                    if n == 0 {
                        break;
                    }
                    tokio::time::sleep(delay).await;
                    if client_write.write_all(&buffer[..n]).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    port
}

/// A client that disconnects while `BEGIN` is in flight drops the request, and with it the
/// `begin` future (sqlx 0.9.0's `Pool::begin` is not cancel-safe: transact-rs/sqlx#4393). The
/// connection must not go back to the pool inside a transaction that nothing ends: the next
/// request would run inside it. A pool of one connection, so the next borrower gets that one.
#[tokio::test]
async fn a_cancelled_begin_leaves_no_transaction_behind() {
    let store = fresh_store().await;
    let options = (*store.pool().connect_options()).clone();
    let target: std::net::SocketAddr = format!("{}:{}", options.get_host(), options.get_port())
        .parse()
        .unwrap_or_else(|_| "127.0.0.1:5432".parse().unwrap());
    let port = slow_proxy(target, std::time::Duration::from_millis(40)).await;
    let one = baken_store_postgres::PgStore::from_pool(
        sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.port(port))
            .await
            .unwrap(),
    );
    // Warm: the one connection exists and is idle.
    one.begin().await.unwrap().commit().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    // Through the proxy a begin takes about three round trips of 40 ms (the acquire's ping, then
    // BEGIN): cancelled at 50-110 ms, the BEGIN is on its way or its answer is.
    for wait in [50, 80, 110, 20] {
        let cancelled =
            tokio::time::timeout(std::time::Duration::from_millis(wait), one.begin()).await;
        assert!(cancelled.is_err(), "the BEGIN was still in flight");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let mut conn = one.pool().acquire().await.unwrap();
        assert!(
            !in_transaction(&mut conn).await,
            "the connection came back inside a transaction"
        );
    }
    let tx = one.begin().await.unwrap();
    tx.commit().await.unwrap();
}

/// A savepoint exists only inside a transaction block: outside one PostgreSQL refuses it.
async fn in_transaction(conn: &mut sqlx::pool::PoolConnection<sqlx::Postgres>) -> bool {
    match sqlx::query("SAVEPOINT probe").execute(&mut **conn).await {
        Ok(_) => {
            sqlx::query("RELEASE SAVEPOINT probe")
                .execute(&mut **conn)
                .await
                .unwrap();
            true
        }
        Err(e) if e.to_string().contains("transaction blocks") => false,
        Err(e) => panic!("{e}"),
    }
}

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
