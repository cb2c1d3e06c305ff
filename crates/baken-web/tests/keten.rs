//! The whole chain of casework (issue 13, acceptance 1), through the API: a Meld Misdaad Anoniem
//! hemp signal from intake, weighed in a signal meeting, source research after privacy check 1, a
//! case with privacy checks 2A and 2B, an Opiumwet 13b closure (intent letter, view, decision
//! letter, publication, sealing, objection and decision on objection), monitoring and closure.
//! Every step is in a journal, every deadline is computed and listed, both letters are PDFs with
//! the legal basis and the objection notice. On both databases.

use crate::signalen::{api_user, create, get_json, post_json};
use crate::support::*;
use serde_json::{Value, json};
use time::{Date, Duration};

crate::on_both_backends!(a_hemp_signal_runs_from_intake_to_a_closed_case);

fn today() -> Date {
    baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc())
}

fn days_ago(n: i64) -> String {
    (today() - Duration::days(n)).to_string()
}

async fn ok(app: &TestApp, method: reqwest::Method, token: &str, path: &str, body: Value) -> Value {
    let response = app
        .api()
        .request(method, app.at(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let value: Value = response.json().await.unwrap_or(Value::Null);
    assert!((200..300).contains(&status), "{path}: {status} {value}");
    value
}

fn check(toets: &str, aspects: &[&str]) -> Value {
    let antwoorden: serde_json::Map<String, Value> = aspects
        .iter()
        .map(|a| (a.to_string(), json!(format!("Vastgelegd: {a}."))))
        .collect();
    json!({"toets": toets, "besluit": "goedgekeurd", "antwoorden": antwoorden, "bronnen": []})
}

async fn journal_texts(app: &TestApp, token: &str, id: &str) -> Vec<(String, String)> {
    let (_, journal) = get_json(app, token, &format!("/api/v1/signalen/{id}/journaalposten")).await;
    journal
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["soort"].as_str().unwrap_or_default().to_string(),
                p["tekst"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

async fn a_hemp_signal_runs_from_intake_to_a_closed_case(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.mfa_required = false;
        c.briefhoofden.insert(
            "GM0534".into(),
            baken_core::config::Briefhoofd {
                adres: vec!["Postbus 1".into(), "2180 AA Hillegom".into()],
                burgemeester: "A. Burgemeester".into(),
                bezwaar_adres: "Postbus 1, 2180 AA Hillegom".into(),
                contact: "Team Ondermijning, 0252 123 456".into(),
                ..Default::default()
            },
        );
    })
    .await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let token = coordinator.token.as_str();
    use reqwest::Method;

    // Intake: an anonymous report (no reporter is ever recorded) of hemp at an address.
    let signal = create(
        &app,
        token,
        &json!({
            "gemeente": "GM0534",
            "ontvangstdatum": days_ago(90),
            "bron": "meld-misdaad-anoniem",
            "omschrijving": "Melding via Meld Misdaad Anoniem: hennepgeur en stroomkabels naar de zolder.",
            "fenomenen": ["hennep"],
            "subjecten": [{"soort": "persoon", "bsn": "999900006", "voornamen": "Jan", "achternaam": "Jansen", "rol": "bewoner"}],
            "objecten": [{"soort": "adres", "postcode": "2181 AB", "huisnummer": "12", "straat": "Stationsweg", "woonplaats": "Hillegom"}]
        }),
    )
    .await;
    for (status, motivering) in [
        ("intake", None),
        ("weging", Some("Ondermijning, onze taak, ons gebied.")),
    ] {
        let (code, body) = patch_signal(
            &app,
            token,
            &signal,
            json!({"status": status, "motivering": motivering}),
        )
        .await;
        assert_eq!(code, 200, "{body}");
    }

    // The signal meeting weighs it: source research, after privacy check 1.
    let meeting = ok(&app, Method::POST, token, "/api/v1/overleggen", json!({"soort": "signalenoverleg", "datum": today().to_string(), "externen": ["J. de Vries (Politie)"]})).await;
    let mid = meeting["id"].as_str().unwrap().to_string();
    assert_eq!(meeting["agenda"][0]["dossier"], signal.as_str());
    ok(
        &app,
        Method::POST,
        &privacy.token,
        &format!("/api/v1/signalen/{signal}/privacytoetsen"),
        crate::protocol::approval(&["brp"]),
    )
    .await;
    ok(
        &app,
        Method::POST,
        token,
        &format!("/api/v1/overleggen/{mid}/agendapunten/{signal}/besluit"),
        json!({"besluit": "bronnenonderzoek", "motivering": "Concreet en recent; eerst de BRP.", "wegingsantwoorden": ja_op_elk_criterium()}),
    )
    .await;
    ok(
        &app,
        Method::PATCH,
        token,
        &format!("/api/v1/overleggen/{mid}"),
        json!({"status": "afgerond"}),
    )
    .await;

    // Source research: a hit in the BRP (hit/no-hit only); then weighing 4: to a case.
    ok(&app, Method::POST, token, &format!("/api/v1/signalen/{signal}/bronraadplegingen"), json!({"bron": "brp", "doel": "Vaststellen wie op het adres staat ingeschreven", "uitkomst": "hit"})).await;
    let (code, body) = patch_signal(&app, token, &signal, json!({"status": "naar-casus", "motivering": "Hit in de BRP; bestuurlijke aanpak aangewezen."})).await;
    assert_eq!(code, 200, "{body}");

    // The case, with privacy checks 2A and 2B before its plan and its execution.
    let case = ok(&app, Method::POST, token, "/api/v1/casussen", json!({"naam": "Stationsweg 12", "doel": "De hennepkwekerij beëindigen.", "signalen": [signal], "partners": ["Politie"]})).await;
    let cid = case["id"].as_str().unwrap().to_string();
    ok(
        &app,
        Method::POST,
        &privacy.token,
        &format!("/api/v1/signalen/{cid}/privacytoetsen"),
        check(
            "2A",
            &["gegevens", "ontvangers", "noodzaak", "proportionaliteit"],
        ),
    )
    .await;
    ok(
        &app,
        Method::POST,
        token,
        &format!("/api/v1/casussen/{cid}/status"),
        json!({"status": "plan-van-aanpak", "motivering": "Casusoverleg: sluiting voorbereiden."}),
    )
    .await;
    ok(
        &app,
        Method::PATCH,
        token,
        &format!("/api/v1/casussen/{cid}"),
        json!({"planVanAanpak": "Sluiting op grond van art. 13b Opiumwet; verhuurder informeren."}),
    )
    .await;
    ok(
        &app,
        Method::POST,
        &privacy.token,
        &format!("/api/v1/signalen/{cid}/privacytoetsen"),
        check(
            "2B",
            &[
                "bevoegdheid",
                "gegevens",
                "ontvangers",
                "noodzaak",
                "sectorale-beperkingen",
            ],
        ),
    )
    .await;
    ok(
        &app,
        Method::POST,
        token,
        &format!("/api/v1/casussen/{cid}/status"),
        json!({"status": "in-uitvoering", "motivering": "Plan vastgesteld."}),
    )
    .await;

    // The Opiumwet 13b closure on the case, with its letters and every step.
    let (_, c) = get_json(&app, token, &format!("/api/v1/signalen/{cid}")).await;
    let person = c["subjecten"][0]["id"].as_str().unwrap().to_string();
    let address = c["objecten"][0]["id"].as_str().unwrap().to_string();
    let m = ok(
        &app,
        Method::POST,
        token,
        &format!("/api/v1/signalen/{cid}/maatregelen"),
        json!({"instrument": "opiumwet-13b-sluiting", "duur": "P3M", "adressaten": [person], "object": address,
               "motivering": "Geschikt, noodzakelijk en evenredig: een handelshoeveelheid hennep in de woning."}),
    )
    .await;
    let maatregel = m["id"].as_str().unwrap().to_string();
    let step = |stap: &str, ago: i64| (stap.to_string(), ago);
    let mut texts = Vec::new();
    for (stap, ago) in [step("bestuurlijke-rapportage", 70), step("voornemen", 65)] {
        ok(
            &app,
            Method::POST,
            token,
            &format!("/api/v1/maatregelen/{maatregel}/stappen"),
            json!({"stap": stap, "datum": days_ago(ago)}),
        )
        .await;
    }
    for (soort, steps) in [
        (
            "voornemen",
            vec![step("zienswijze", 58), step("besluit", 50)],
        ),
        (
            "besluit",
            vec![
                step("bekendmaking", 49),
                step("publicatie", 48),
                step("uitvoering", 30),
                step("ingang", 30),
                step("bezwaar", 20),
                step("beslissing-op-bezwaar", 5),
            ],
        ),
    ] {
        let letter = post_json(
            &app,
            token,
            &format!("/api/v1/maatregelen/{maatregel}/brieven"),
            &json!({"soort": soort}),
        )
        .await;
        assert_eq!(letter.status(), 201, "{soort}");
        let at = location(&letter);
        let pdf = app
            .api()
            .get(app.at(&at))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        texts.push(crate::bewaren::pdf_text(&pdf));
        for (stap, ago) in steps {
            let body = if stap == "uitvoering" {
                json!({"stap": stap, "datum": days_ago(ago), "toelichting": "Woning verzegeld."})
            } else {
                json!({"stap": stap, "datum": days_ago(ago)})
            };
            ok(
                &app,
                Method::POST,
                token,
                &format!("/api/v1/maatregelen/{maatregel}/stappen"),
                body,
            )
            .await;
        }
    }
    for text in &texts {
        assert!(
            text.contains("artikel 13b, eerste lid, aanhef en onder b, Opiumwet"),
            "{text}"
        );
        assert!(
            text.contains("bezwaar") && text.contains("zes weken"),
            "{text}"
        );
    }

    // Every deadline computed and listed: on the intervention and on the overview.
    let (_, m) = get_json(&app, token, &format!("/api/v1/maatregelen/{maatregel}")).await;
    let soorten: Vec<&str> = m["termijnen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["soort"].as_str().unwrap())
        .collect();
    for soort in [
        "zienswijzetermijn",
        "begunstigingstermijn",
        "bezwaartermijn",
        "beslistermijn-bezwaar",
        "beroepstermijn",
        "einde-sluiting",
    ] {
        assert!(soorten.contains(&soort), "{soort} not in {soorten:?}");
    }
    let (_, overview) = get_json(&app, token, "/api/v1/termijnen?weken=104").await;
    assert!(
        overview.to_string().contains("beroepstermijn"),
        "{overview}"
    );

    // Monitoring, with its end on the overview, and closure with a reason.
    ok(
        &app,
        Method::POST,
        token,
        &format!("/api/v1/casussen/{cid}/status"),
        json!({"status": "nazorg", "motivering": "Sluiting uitgevoerd; zes maanden nazorg."}),
    )
    .await;
    let (_, overview) = get_json(&app, token, "/api/v1/termijnen?weken=104").await;
    assert!(overview.to_string().contains("Einde nazorg"), "{overview}");
    let closed = ok(&app, Method::POST, token, &format!("/api/v1/casussen/{cid}/status"), json!({"status": "afgesloten", "afsluitreden": "interventie-uitgevoerd", "motivering": "Geen nieuwe signalen tijdens de nazorg."})).await;
    assert_eq!(closed["status"], "afgesloten");

    // Every step is in a journal: the signal's and the case's.
    let signal_journal = journal_texts(&app, token, &signal).await;
    for needle in [
        "weging → bronnenonderzoek",
        "J. de Vries (Politie)",
        "Opgenomen in casus",
    ] {
        assert!(
            signal_journal.iter().any(|(_, t)| t.contains(needle)),
            "{needle}: {signal_journal:?}"
        );
    }
    assert!(
        signal_journal
            .iter()
            .any(|(soort, _)| soort == "overlegbesluit")
    );
    assert!(
        signal_journal
            .iter()
            .any(|(soort, _)| soort == "bronraadpleging"),
        "{signal_journal:?}"
    );
    let case_journal = journal_texts(&app, token, &cid).await;
    let all = case_journal
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "gestart vanuit signaal",
        "Plan van aanpak",
        "In uitvoering",
        "Beslissing op bezwaar",
        "Woning verzegeld",
        "opgesteld",
        "Nazorg tot en met",
        "Reden van afsluiten",
    ] {
        assert!(
            all.to_lowercase().contains(&needle.to_lowercase()),
            "{needle}:\n{all}"
        );
    }
}
