//! Serving: bind, run until SIGTERM or Ctrl-C, then finish open requests.

use crate::config::Config;
use baken_core::Services;
use std::net::SocketAddr;

pub async fn serve(services: Services, config: &Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .map_err(|e| anyhow::anyhow!("kan niet luisteren op {}: {e}", config.bind))?;
    let address = listener.local_addr()?;
    let mut web = config.web.clone();
    if web.public_url.is_empty() {
        web.public_url = format!("http://{address}");
    }
    println!(
        "Baken luistert op http://{address} (database: {})",
        services.backend()
    );
    tracing::info!(%address, backend = services.backend(), "listening");
    if web.trust_forwarded_for {
        tracing::info!(
            proxies = web.trusted_proxies,
            "client addresses from X-Forwarded-For, as appended by the trusted proxies"
        );
    } else if address.ip().is_loopback() && web.is_https() {
        // Reached over HTTPS while listening on loopback: almost certainly behind a proxy, and
        // then every client shares the proxy's address (one throttle for everyone).
        tracing::warn!(
            "listening on loopback with an https public_url but trust_forwarded_for is off: \
             behind a reverse proxy every client counts as the proxy's address for sign-in \
             throttling and the audit log; set web.trust_forwarded_for and web.trusted_proxies"
        );
        eprintln!(
            "Let op: Baken lijkt achter een reverse proxy te draaien, maar trust_forwarded_for staat uit. \
             Alle gebruikers delen dan één adres voor de aanmeldbeperking."
        );
    }

    let housekeeping = tokio::spawn(housekeeping(services.clone()));
    let retention = tokio::spawn(nightly_retention(services.clone()));
    let reminders = config
        .core
        .smtp
        .clone()
        .map(|smtp| tokio::spawn(morning_reminders(services.clone(), smtp)));
    let app = baken_web::router(services, web);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    housekeeping.abort();
    retention.abort();
    if let Some(r) = reminders {
        r.abort();
    }
    tracing::info!("stopped");
    Ok(())
}

/// Periodic tidying while serving: expired sessions are removed every ten minutes.
async fn housekeeping(services: Services) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(error) = services.purge_expired_sessions().await {
            tracing::warn!(%error, "purging expired sessions failed");
        }
    }
}

/// The retention rules, every night at 02:00 Dutch time (the same job as `baken retention run`).
async fn nightly_retention(services: Services) {
    loop {
        let now = time::OffsetDateTime::now_utc();
        let local = baken_domain::tijd::nl_local(now);
        let mut next = local.replace_time(time::Time::from_hms(2, 0, 0).expect("valid time"));
        if next <= local {
            next += time::Duration::days(1);
        }
        let wait = (next - local).unsigned_abs();
        tokio::time::sleep(wait).await;
        let today = baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc());
        let ctx = baken_core::RequestContext {
            client_addr: Some("bewaartermijnen".into()),
            user_agent: None,
        };
        match services
            .run_retention(&baken_core::Caller::System, today, false, &ctx)
            .await
        {
            Ok(report) => tracing::info!(
                vernietigd = report.vernietigd,
                geanonimiseerd = report.geanonimiseerd,
                gearchiveerd = report.gearchiveerd,
                vastgehouden = report.vastgehouden,
                verzoeken_verwijderd = report.verzoeken_verwijderd,
                "retention applied"
            ),
            Err(error) => tracing::error!(%error, "retention run failed"),
        }
    }
}

/// The e-mail reminders, every weekday at 07:00 Dutch time (the same as `baken herinneringen
/// versturen`), when a mail relay is configured.
async fn morning_reminders(services: Services, smtp: baken_core::mail::SmtpConfig) {
    loop {
        let local = baken_domain::tijd::nl_local(time::OffsetDateTime::now_utc());
        let mut next = local.replace_time(time::Time::from_hms(7, 0, 0).expect("valid time"));
        if next <= local {
            next += time::Duration::days(1);
        }
        while matches!(
            next.weekday(),
            time::Weekday::Saturday | time::Weekday::Sunday
        ) {
            next += time::Duration::days(1);
        }
        tokio::time::sleep((next - local).unsigned_abs()).await;
        let ctx = baken_core::RequestContext {
            client_addr: Some("herinneringen".into()),
            user_agent: None,
        };
        match services.send_reminders(&smtp, &ctx).await {
            Ok(done) => tracing::info!(
                verstuurd = done.verstuurd,
                mislukt = done.mislukt,
                "reminders sent"
            ),
            Err(error) => tracing::error!(%error, "reminders failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
