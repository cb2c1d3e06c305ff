//! Weighing by criterion, the privacy officer's queue and the end of a closed signal (issue 12):
//! the criteria asked as explicit answers and kept; a privacy check requested from the dossier,
//! listed on the officer's start page and decided, with the requester seeing the decision; the
//! destruction date of a closed signal. On both databases.

use crate::protocol::approval;
use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    weighing_asks_every_criterion_keeps_the_answers_and_journals_them,
    a_check_requested_from_the_dossier_waits_on_the_officers_start_page_until_decided,
    a_closed_signal_says_when_it_is_destroyed,
);

fn invalid_names(problem: &Value) -> Vec<String> {
    problem["invalidParams"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["name"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn weighing_asks_every_criterion_keeps_the_answers_and_journals_them(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let patch = |body: Value| patch_signal(&app, &team.token, &id, body);
    assert_eq!(patch(json!({"status": "intake"})).await.0, 200);

    // Without answers: every criterion of weighing 1 and 2 is named, with its code.
    let (code, problem) =
        patch(json!({"status": "weging", "motivering": "Ondermijning.", "wegingsantwoorden": []}))
            .await;
    assert_eq!(code, 400, "{problem}");
    assert_eq!(
        invalid_names(&problem),
        vec![
            "wegingsantwoorden.1.antwoord",
            "wegingsantwoorden.2.antwoord",
            "wegingsantwoorden.3.antwoord"
        ]
    );
    assert_eq!(problem["invalidParams"][0]["code"], "verplicht");
    // Wrong JSON type: a problem naming the field, not a crash or a silent default.
    let (code, problem) = patch(json!({"status": "weging", "motivering": "x", "wegingsantwoorden": [{"criterium": "een", "antwoord": "ja"}]})).await;
    assert_eq!(code, 400, "{problem}");
    assert!(
        invalid_names(&problem)
            .iter()
            .any(|n| n.starts_with("wegingsantwoorden")),
        "{problem}"
    );
    // Unknown answers, an unknown criterion, and "niet vast te stellen" without an explanation.
    let (code, problem) = patch(
        json!({"status": "weging", "motivering": "x", "wegingsantwoorden": [
            {"criterium": 1, "antwoord": "misschien"},
            {"criterium": 2, "antwoord": "onbekend"},
            {"criterium": 3, "antwoord": "ja"},
            {"criterium": 9, "antwoord": "ja"}
        ]}),
    )
    .await;
    assert_eq!(code, 400, "{problem}");
    assert_eq!(
        invalid_names(&problem),
        vec![
            "wegingsantwoorden",
            "wegingsantwoorden.1.antwoord",
            "wegingsantwoorden.2.toelichting"
        ]
    );
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    assert_eq!(signal["status"], "intake", "nothing changed on a refusal");

    let answers = json!([
        {"criterium": 1, "antwoord": "ja", "toelichting": "Hennepgeur en afgeplakte ramen."},
        {"criterium": 2, "antwoord": "ja"},
        {"criterium": 3, "antwoord": "onbekend", "toelichting": "Adres op de grens met Lisse."}
    ]);
    let (code, body) = patch(
        json!({"status": "weging", "motivering": "Eigen taak.", "wegingsantwoorden": answers}),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let (code, weighings) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/wegingen"),
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(weighings.as_array().unwrap().len(), 1, "{weighings}");
    let w = &weighings[0];
    assert_eq!(
        (&w["weging"], &w["van"], &w["naar"], &w["motivering"]),
        (
            &json!("weging-1-2"),
            &json!("intake"),
            &json!("weging"),
            &json!("Eigen taak.")
        )
    );
    assert_eq!(
        w["antwoorden"],
        json!([
            {"criterium": "Is het ondermijning (indicatoren)?", "antwoord": "ja", "toelichting": "Hennepgeur en afgeplakte ramen."},
            {"criterium": "Is er een gemeentelijke taak of bevoegdheid?", "antwoord": "ja"},
            {"criterium": "Speelt het op het grondgebied van de gemeente?", "antwoord": "onbekend", "toelichting": "Adres op de grens met Lisse."}
        ])
    );
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    let last = journal.as_array().unwrap().last().unwrap()["tekst"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        last.contains("Weging 1 en 2: ondermijning, taak en grondgebied — Is het ondermijning (indicatoren): ja (Hennepgeur en afgeplakte ramen); ")
            && last.contains("Speelt het op het grondgebied van de gemeente: niet vast te stellen (Adres op de grens met Lisse).")
            && last.contains("Motivering: Eigen taak."),
        "{last}"
    );
    assert_eq!(
        w["journaalpost"],
        journal.as_array().unwrap().last().unwrap()["id"]
    );
    // Answers where the transition records no weighing are refused, not dropped.
    let other = create(&app, &team.token, &valid_signal("GM0534")).await;
    let (code, problem) = patch_signal(
        &app,
        &team.token,
        &other,
        json!({"status": "intake", "wegingsantwoorden": [{"criterium": 1, "antwoord": "ja"}]}),
    )
    .await;
    assert_eq!(code, 400, "{problem}");
    assert_eq!(invalid_names(&problem), vec!["wegingsantwoorden"]);

    // In the browser: the status form asks weighing 3's criteria; a missing answer shows at its
    // own fieldset, with the other answers kept.
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let form = between(&page, r#"id="kop-status""#, "</section>");
    assert!(
        form.contains("Weging 3: zwaarte van het signaal")
            && form.contains("1. Voldoende concreet")
            && form.contains(r#"name="wegingsantwoorden_3_antwoord" value="onbekend""#),
        "{form}"
    );
    let versie = between(form, r#"name="versie" value=""#, "\"").to_string();
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/status"),
            &[
                ("versie", versie.as_str()),
                ("status", "monitoren"),
                ("motivering", "Volgen."),
                ("herbeoordelen_op", "2099-01-01"),
                ("wegingsantwoorden_1_antwoord", "ja"),
                ("wegingsantwoorden_1_toelichting", "Adres en tijden."),
                ("wegingsantwoorden_3_antwoord", "nee"),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    let form = between(&page, r#"id="kop-status""#, "</section>");
    assert!(
        form.contains(r#"id="fout-wegingsantwoorden_2_antwoord""#)
            && form.contains(r##"href="#veld-wegingsantwoorden_2_antwoord""##)
            && form.contains(r#"id="veld-wegingsantwoorden_2_antwoord""#),
        "{form}"
    );
    assert!(
        form.contains(r#"id="wegingsantwoorden_1_antwoord-ja" name="wegingsantwoorden_1_antwoord" value="ja" checked"#)
            && form.contains("Adres en tijden."),
        "the answers given are kept: {form}"
    );
}

async fn a_check_requested_from_the_dossier_waits_on_the_officers_start_page_until_decided(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let nummer = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}"))
        .await
        .1["nummer"]
        .as_str()
        .unwrap()
        .to_string();
    let member = app.signed_in_browser("t@example.nl").await;

    // Asked from the dossier page; a missing explanation is an error at its field.
    let response = app
        .post(
            &member,
            &format!("/signalen/{id}/toetsaanvragen"),
            &[("toets", "1"), ("toelichting", " ")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    let section = between(&page, r#"id="kop-toetsen""#, "</section>");
    assert!(
        section.contains(r#"id="fout-toelichting""#)
            && section.contains(r#"<option value="1" selected"#),
        "{section}"
    );
    let response = app
        .post(
            &member,
            &format!("/signalen/{id}/toetsaanvragen"),
            &[
                ("toets", "1"),
                ("toelichting", "BRP en WOZ, hit/no-hit: wie woont er?"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/signalen/{id}#kop-toetsen"));
    // Asked twice: refused while the first waits.
    let again = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/toetsaanvragen"),
        &json!({"toets": "1", "toelichting": "Nog eens."}),
    )
    .await;
    assert_eq!(again.status(), 409);
    let bad = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/toetsaanvragen"),
        &json!({"toets": "7", "toelichting": ""}),
    )
    .await;
    assert_eq!(bad.status(), 400);
    let problem: Value = bad.json().await.unwrap();
    assert_eq!(invalid_names(&problem), vec!["toets", "toelichting"]);

    // The requester's start page shows it waiting.
    let start = app.get(&member, "/").await.text().await.unwrap();
    let mine = between(&start, r#"id="mijn-aanvragen""#, "</table>");
    assert!(
        mine.contains(&nummer) && mine.contains("Wacht op besluit"),
        "{mine}"
    );
    // Listing it on the requester's start page is a logged read too.
    let member_id = baken_domain::UserId(uuid::Uuid::parse_str(&team.id).unwrap());
    let mut tx = app.store.begin_read().await.unwrap();
    assert!(
        tx.list_access(None, Some(member_id), 200)
            .await
            .unwrap()
            .iter()
            .any(|r| r.object_soort == "toetsaanvraag" && r.context == "GET /")
    );
    drop(tx);

    // The privacy officer of Hillegom sees it on her start page; Lisse's officer does not.
    let officer = app.signed_in_browser("p@example.nl").await;
    let start = app.get(&officer, "/").await.text().await.unwrap();
    let waiting = between(&start, r#"id="wachtende-toetsen""#, "</table>");
    assert!(
        waiting.contains(&format!(r#"href="/signalen/{id}/protocol""#))
            && waiting.contains("(Hillegom)")
            && waiting.contains("Privacytoets 1")
            && waiting.contains("Test teamlid")
            && waiting.contains("wie woont er?"),
        "{waiting}"
    );
    let elsewhere = app.signed_in_browser("pl@example.nl").await;
    let start = app.get(&elsewhere, "/").await.text().await.unwrap();
    assert!(!start.contains(&nummer) && !start.contains("wachtende-toetsen"));
    assert!(start.contains("Er wacht niets op u"));
    // Listing it is a logged read of the dossier.
    let mut tx = app.store.begin_read().await.unwrap();
    let logged = tx.list_access(None, None, 200).await.unwrap();
    let dossier = uuid::Uuid::parse_str(&id).unwrap();
    assert!(
        logged.iter().any(|r| r.object_soort == "toetsaanvraag"
            && r.dossier_id == Some(dossier)
            && r.context == "GET /"),
        "{logged:?}"
    );
    drop(tx);

    // She decides (missing aspects show at their fields), and the request is closed.
    let response = app
        .post(
            &officer,
            &format!("/signalen/{id}/privacytoetsen"),
            &[
                ("toets", "1"),
                ("1-besluit", "goedgekeurd"),
                ("1-grondslag", "Art. 6 lid 1 sub e AVG."),
            ],
        )
        .await;
    let code = response.status();
    let page = response.text().await.unwrap();
    assert_eq!(code, 400, "{page}");
    assert!(
        page.contains(r#"id="fout-1-noodzaak""#)
            && page.contains(r##"href="#veld-1-subsidiariteit""##),
        "every missing aspect at its own field"
    );
    let decided = post_json(
        &app,
        &privacy.token,
        &format!("/api/v1/signalen/{id}/privacytoetsen"),
        &approval(&["brp"]),
    )
    .await;
    assert_eq!(decided.status(), 201);
    let start = app.get(&officer, "/").await.text().await.unwrap();
    assert!(!start.contains("wachtende-toetsen"), "no longer waiting");
    let start = app.get(&member, "/").await.text().await.unwrap();
    let mine = between(&start, r#"id="mijn-aanvragen""#, "</table>");
    assert!(mine.contains("Goedgekeurd op"), "{mine}");
    let (_, requests) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/toetsaanvragen"),
    )
    .await;
    assert_eq!(requests[0]["stand"], "goedgekeurd", "{requests}");
    assert_eq!(requests[0]["toetsNaam"], "Privacytoets 1");
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    let texts: Vec<&str> = journal
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["tekst"].as_str())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Privacytoets 1 aangevraagd bij de privacyfunctionaris"))
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Aangevraagd door: Test teamlid."))
    );
    // A new request after the decision is allowed again.
    let again = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/toetsaanvragen"),
        &json!({"toets": "1", "toelichting": "Nu ook vergunningen."}),
    )
    .await;
    assert_eq!(again.status(), 201);
}

async fn a_closed_signal_says_when_it_is_destroyed(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    for status in ["intake", "weging", "geen-actie"] {
        let (code, body) = patch_signal(
            &app,
            &team.token,
            &id,
            json!({"status": status, "motivering": "Besproken."}),
        )
        .await;
        assert_eq!(code, 200, "{body}");
    }
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let today = baken_domain::tijd::today_nl(app.clock.now());
    let due = today.replace_year(today.year() + 1).unwrap();
    let fact = between(&page, "Bewaartermijn", "</dd>");
    assert!(
        fact.contains(&format!(
            "Wordt vernietigd op {}",
            baken_domain::tijd::format_date_nl(due)
        )) && fact.contains("1 jaar na het besluit ‘geen actie’"),
        "{fact}"
    );
    // An open signal has no such line.
    let open = create(&app, &team.token, &valid_signal("GM0534")).await;
    let page = app
        .get(&browser, &format!("/signalen/{open}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Bewaartermijn"));
}
