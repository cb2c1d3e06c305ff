//! Retention: destruction on both databases, the destruction statement as a page, PDF and CSV.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(retention_destroys_on_both_databases_and_the_statement_is_on_a_page,);

async fn retention_destroys_on_both_databases_and_the_statement_is_on_a_page(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let mut body = valid_signal("GM0534");
    body["omschrijving"] = json!("Hennepgeur, VERNIETIGMARKER.");
    let id = create(&app, &team.token, &body).await;
    for (status, motivering) in [
        ("intake", None),
        ("weging", Some("Ondermijning.")),
        ("geen-actie", Some("Te vaag.")),
    ] {
        let (code, body) = patch_signal(
            &app,
            &team.token,
            &id,
            json!({"status": status, "motivering": motivering}),
        )
        .await;
        assert_eq!(code, 200, "{body}");
    }
    let later = time::OffsetDateTime::now_utc().date() + time::Duration::days(400);
    let report = app
        .services
        .run_retention(
            &baken_core::Caller::System,
            later,
            false,
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(report.vernietigd, 1);

    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    assert!(!signal.to_string().contains("VERNIETIGMARKER"), "{signal}");
    assert!(
        !signal.to_string().contains("999900006"),
        "the person's link is gone"
    );
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert!(
        journal.to_string().contains("Bewaartermijn verstreken"),
        "{journal}"
    );
    let found: Value = post_json(
        &app,
        &team.token,
        "/api/v1/signalen/_zoek",
        &json!({"zoekterm": "vernietigmarker"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(found["treffers"].as_array().unwrap().len(), 0);
    let verified = app
        .services
        .verify_journals(&app.services.journal_verifier())
        .await
        .unwrap();
    assert!(verified.failures.is_empty(), "the chain still verifies");

    let teamlid = app.signed_in_browser("t@example.nl").await;
    assert_eq!(
        app.get(&teamlid, "/privacy/vernietigingen").await.status(),
        403
    );
    let officer = app.signed_in_browser("p@example.nl").await;
    let page = app
        .get(&officer, "/privacy/vernietigingen")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("S-") && page.contains("signaal geen-actie P1Y vernietigen"),
        "{page}"
    );
    let csv = app
        .get(
            &officer,
            &format!("/privacy/vernietigingen.csv?batch={}", report.batch),
        )
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(!csv.contains("VERNIETIGMARKER") && !csv.contains("999900006"));
    let pdf = app
        .get(
            &officer,
            &format!("/privacy/vernietigingen.pdf?batch={}", report.batch),
        )
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains("Verklaring van vernietiging")
            && text.contains("signaal geen-actie P1Y vernietigen"),
        "{text}"
    );
    assert!(!text.contains("VERNIETIGMARKER") && !text.contains("999900006"));
    assert_eq!(
        app.get(
            &teamlid,
            &format!("/privacy/vernietigingen.pdf?batch={}", report.batch)
        )
        .await
        .status(),
        403
    );
    // The protocol document as PDF, from the same data as the page, for every team member.
    let protocol = app.get(&teamlid, "/protocol.pdf").await;
    assert_eq!(protocol.status(), 200);
    let text = pdf_text(&protocol.bytes().await.unwrap());
    for expected in [
        "Privacyprotocol",
        "Register van verwerkingsactiviteiten",
        "Bewaartermijnen",
        "Privacytoets 1",
        "Casussen",
        "goedgekeurde privacytoets 2a",
        "Nazorg duurt standaard 6 maanden",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

/// The text of a PDF, by `pdftotext` (poppler-utils, installed by `scripts/setup.sh`), with runs of
/// white space collapsed.
pub fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("document.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is installed by scripts/setup.sh");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
