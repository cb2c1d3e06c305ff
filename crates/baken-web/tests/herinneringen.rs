//! E-mail reminders (issue 13): against a local SMTP sink started by the test, the colleague with
//! an overdue deadline and a task due today gets one message, with counts, the deadline's kind,
//! date and dossier number and links — and nothing from the dossier (no description, no name, no
//! task text); a colleague with nothing open gets none; a relay that refuses is reported and
//! audited as failed. On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use base64::Engine;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

crate::on_both_backends!(the_morning_digest_names_deadlines_and_counts_but_no_dossier_data);

/// A message as the sink received it.
#[derive(Debug, Clone)]
struct Ontvangen {
    aan: String,
    data: String,
}

/// A minimal SMTP server (RFC 5321) on a free port: it accepts every message, or refuses every
/// recipient with 550 when `weigeren` is set.
async fn smtp_sink(weigeren: bool) -> (String, Arc<Mutex<Vec<Ontvangen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let inbox = Arc::new(Mutex::new(Vec::new()));
    let keep = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let inbox = keep.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut aan = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        b"250 ok\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        aan = line[8..]
                            .trim()
                            .trim_matches(|c| c == '<' || c == '>')
                            .to_string();
                        if weigeren {
                            b"550 no such user\r\n"
                        } else {
                            b"250 ok\r\n"
                        }
                    } else if upper == "DATA" {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        inbox.lock().unwrap().push(Ontvangen {
                            aan: aan.clone(),
                            data,
                        });
                        b"250 queued\r\n"
                    } else if upper == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        return;
                    } else {
                        b"500 what\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (address, inbox)
}

fn body(data: &str) -> String {
    let (_, encoded) = data.split_once("\n\n").unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.replace('\n', ""))
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

async fn the_morning_digest_names_deadlines_and_counts_but_no_dossier_data(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let _quiet = api_user(&app, "q@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let nummer = signal["nummer"].as_str().unwrap().to_string();
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "opiumwet-13b-sluiting", "duur": "P3M"}),
    )
    .await;
    let m: serde_json::Value = response.json().await.unwrap();
    let today = baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc());
    // An intent of 30 days ago: the two-week view term has passed.
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/maatregelen/{}/stappen", m["id"].as_str().unwrap()),
        &json!({"stap": "voornemen", "datum": (today - time::Duration::days(30)).to_string()}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/taken"),
        &json!({"omschrijving": "Jan Jansen bellen over de loods", "uiterlijkOp": today.to_string()}),
    )
    .await;
    assert_eq!(response.status(), 201);

    // In the application, the start page says the same.
    let browser = app.signed_in_browser("t@example.nl").await;
    let start = app.get(&browser, "/").await.text().await.unwrap();
    assert!(
        between(&start, r#"id="mijn-termijnen""#, "</p>").contains("1 verlopen"),
        "{start}"
    );
    assert!(
        between(&start, r#"id="mijn-taken-melding""#, "</p>").contains("1 deze week"),
        "{start}"
    );

    let (relay, inbox) = smtp_sink(false).await;
    let smtp = baken_core::mail::SmtpConfig {
        relay,
        afzender: "baken@hillegom.nl".into(),
        basis_url: "https://baken.hillegom.nl/".into(),
        timeout_seconden: 5,
    };
    let ctx = baken_core::RequestContext::default();
    let done = app.services.send_reminders(&smtp, &ctx).await.unwrap();
    assert_eq!((done.verstuurd, done.mislukt), (1, 0));
    let received = inbox.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "only who has something open");
    assert_eq!(received[0].aan, "t@example.nl");
    let text = body(&received[0].data);
    assert!(
        text.contains(&nummer) && text.contains("Verlopen termijnen"),
        "{text}"
    );
    assert!(text.to_lowercase().contains("zienswijze"), "{text}");
    assert!(
        text.contains("1 over de datum") || text.contains("0 over de datum, 1 deze week"),
        "{text}"
    );
    assert!(
        text.contains("https://baken.hillegom.nl/termijnen"),
        "{text}"
    );
    for secret in ["Jansen", "loods", "hennepgeur", "Stationsweg", "999900006"] {
        assert!(!text.contains(secret), "{secret} in the e-mail: {text}");
        assert!(!received[0].data.contains(secret));
    }
    assert!(
        received[0]
            .data
            .contains("Subject: Baken: 1 termijn verlopen"),
        "{}",
        received[0].data
    );

    // A relay that refuses: reported and audited as failed.
    let (relay, _) = smtp_sink(true).await;
    let refused = baken_core::mail::SmtpConfig {
        relay,
        ..smtp.clone()
    };
    let done = app.services.send_reminders(&refused, &ctx).await.unwrap();
    assert_eq!((done.verstuurd, done.mislukt), (0, 1));
    let mut tx = app.store.begin_read().await.unwrap();
    let audit = tx
        .list_audit(&baken_store::AuditFilter {
            action_prefix: Some("herinnering".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let outcomes: Vec<&str> = audit
        .iter()
        .filter(|a| a.action == "herinnering.verstuurd")
        .map(|a| a.outcome.as_str())
        .collect();
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(outcomes.contains(&"gelukt") && outcomes.contains(&"mislukt"));
    // A relay that is down: a clear message, nothing sent.
    let down = baken_core::mail::SmtpConfig {
        relay: "127.0.0.1:9".into(),
        ..smtp
    };
    let done = app.services.send_reminders(&down, &ctx).await.unwrap();
    assert_eq!(done.mislukt, 1);
}
