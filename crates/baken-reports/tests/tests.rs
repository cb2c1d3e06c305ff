//! Renders every document and reads it back with `pdftotext` (poppler-utils, installed by
//! `scripts/setup.sh`): what the data says must be on the page, markup in user text must stay text.

use baken_reports::{Kop, RapportFout, Sjabloon, render};
use serde_json::json;
use std::process::Command;

fn kop(titel: &str) -> Kop {
    Kop {
        titel: titel.into(),
        onderwerp: "Gemeente Hillegom".into(),
        rubricering: "Vertrouwelijk".into(),
        opgesteld_door: "Pim Privacy".into(),
        opgesteld_op: "29 november 2026, 04:10".into(),
        tijdstip: time::macros::datetime!(2026-11-29 03:10 UTC),
    }
}

fn text_of(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("document.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    assert!(out.status.success());
    // Collapse the layout's runs of spaces so a phrase can be found whatever the column widths.
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn destruction_statement_lists_every_signal_with_provenance_on_the_page() {
    let regels: Vec<_> = (1..=60)
        .map(|n| {
            json!({"nummer": format!("S-2025-{n:04}"), "gemeente": "GM0534", "soort": "signaal",
                   "uitkomst": "Geen actie", "afgesloten_op": "3 januari 2025", "regel": "ccv-2026.1: signaal geen-actie P1Y vernietigen",
                   "actie": "vernietigen"})
        })
        .collect();
    let pdf = render(
        Sjabloon::Vernietigingsverklaring,
        &kop("Verklaring van vernietiging"),
        &json!({"batch": "0193a", "uitgevoerd_op": "29 november 2026", "uitgevoerd_door": "systeem", "regels": regels}),
    )
    .await
    .unwrap();
    let text = text_of(&pdf);
    assert!(text.contains("Verklaring van vernietiging"), "{text}");
    assert!(text.contains("S-2025-0001") && text.contains("S-2025-0060"));
    assert!(text.contains("Aantal signalen 60"), "{text}");
    // Sixty rows need a second page; the footer is on each.
    assert!(text.contains("pagina 2 van"), "{text}");
    assert_eq!(
        text.matches("opgesteld door Pim Privacy op 29 november 2026, 04:10")
            .count(),
        text.matches("pagina ").count()
    );
    assert!(text.contains("VERTROUWELIJK"));
}

#[tokio::test]
async fn user_text_is_printed_as_text_never_evaluated() {
    let hostile = "#panic(\"stuk\") *vet* $x^2$ <label> @ref // geen commentaar";
    let pdf = render(
        Sjabloon::Vernietigingsverklaring,
        &kop("Verklaring"),
        &json!({"batch": hostile, "uitgevoerd_op": "1 januari 2027", "uitgevoerd_door": "#let x = 1", "regels": []}),
    )
    .await
    .unwrap();
    let text = text_of(&pdf);
    assert!(text.contains(hostile), "{text}");
    assert!(text.contains("#let x = 1"));
}

#[tokio::test]
async fn missing_data_is_an_error_not_a_panic() {
    let error = render(
        Sjabloon::Antwoord,
        &kop("Antwoord"),
        &json!({"kenmerk": "V-1"}),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, RapportFout::Opmaak(_)), "{error:?}");
}
