//! The privacy protocol at work through the API: a transition and a source consultation refused
//! until privacy check 1 is approved and permits the source; loading a new version. On both
//! databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    source_research_waits_for_privacy_check_1,
    a_new_protocol_version_changes_the_rules_and_keeps_history,
    every_read_is_in_the_processing_log_and_the_access_log_with_one_trace,
    an_access_request_discloses_what_may_be_disclosed_to_the_privacy_officer_only,
    the_anomaly_report_flags_unusual_reading_and_searching,
    retention_destroys_on_both_databases_and_the_statement_is_on_a_page,
    an_administrator_loads_a_version_in_the_browser,
    a_request_is_handled_with_deadline_identities_restrictions_and_a_pdf_answer,
    the_request_pages_show_dutch_errors_keep_input_and_give_the_answer_as_pdf,
    the_status_form_shows_refusals_at_the_form_and_keeps_the_input,
    answered_requests_are_removed_two_years_after_the_answer,
    a_restriction_is_kept_or_lifted_at_its_re_evaluation,
);

async fn patch_status(
    app: &TestApp,
    token: &str,
    id: &str,
    status: &str,
    motivering: Option<&str>,
) -> (u16, Value) {
    let response = app
        .api()
        .patch(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(token)
        .json(&json!({"status": status, "motivering": motivering}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn approval(bronnen: &[&str]) -> Value {
    json!({
        "toets": "1",
        "besluit": "goedgekeurd",
        "antwoorden": {
            "grondslag": "Art. 6 lid 1 sub e AVG; BRP-autorisatiebesluit.",
            "verenigbaarheid": "Verder gebruik past bij de openbare-ordetaak.",
            "noodzaak": "Zonder BRP is niet vast te stellen wie er woont.",
            "proportionaliteit": "Alleen hit/no-hit.",
            "subsidiariteit": "Geen minder ingrijpend middel."
        },
        "bronnen": bronnen
    })
}

async fn source_research_waits_for_privacy_check_1(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;

    assert_eq!(
        patch_status(&app, &team.token, &id, "intake", None).await.0,
        200
    );
    let (status, problem) = patch_status(&app, &team.token, &id, "weging", None).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["ontbreekt"][0], "een motivering");
    assert_eq!(
        patch_status(
            &app,
            &team.token,
            &id,
            "weging",
            Some("Ondermijning, eigen taak.")
        )
        .await
        .0,
        200
    );

    // Refused: no privacy check 1 yet — the refusal names the rule and what is missing.
    let (status, problem) = patch_status(
        &app,
        &team.token,
        &id,
        "bronnenonderzoek",
        Some("Concreet en recent."),
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["title"], "Niet toegestaan door het privacyprotocol");
    assert!(
        problem["ontbreekt"][0]
            .as_str()
            .unwrap()
            .contains("privacytoets 1"),
        "{problem}"
    );
    let consult = json!({"bron": "brp", "doel": "Vaststellen wie op het adres staat ingeschreven", "uitkomst": "hit"});
    let early = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/bronraadplegingen"),
        &consult,
    )
    .await;
    assert_eq!(early.status(), 409);
    assert!(
        early.json::<Value>().await.unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("alleen worden geraadpleegd in de fase bronnenonderzoek")
    );

    // Only the privacy officer of this municipality approves, and only with every aspect recorded.
    let path = format!("/api/v1/signalen/{id}/privacytoetsen");
    assert_eq!(
        post_json(&app, &team.token, &path, &approval(&["brp"]))
            .await
            .status(),
        403
    );
    assert_eq!(
        post_json(&app, &lisse.token, &path, &approval(&["brp"]))
            .await
            .status(),
        404
    );
    let mut incomplete = approval(&["brp"]);
    incomplete["antwoorden"]["subsidiariteit"] = json!("");
    let refused = post_json(&app, &privacy.token, &path, &incomplete).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["ontbreekt"],
        json!(["vastlegging van subsidiariteit"])
    );
    let approved = post_json(&app, &privacy.token, &path, &approval(&["brp"])).await;
    assert_eq!(approved.status(), 201);
    let approved: Value = approved.json().await.unwrap();
    assert_eq!(approved["bronnen"], json!(["brp"]));

    assert_eq!(
        patch_status(
            &app,
            &team.token,
            &id,
            "bronnenonderzoek",
            Some("Concreet en recent.")
        )
        .await
        .0,
        200
    );
    let woz = json!({"bron": "woz", "doel": "Vaststellen van eigendom en gebruik van het object", "uitkomst": "hit"});
    let not_permitted = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/bronraadplegingen"),
        &woz,
    )
    .await;
    assert_eq!(not_permitted.status(), 409);
    assert!(
        not_permitted.json::<Value>().await.unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("staat raadpleging van Waardering Onroerende Zaken (WOZ) niet toe")
    );
    let with_content = json!({"bron": "brp", "doel": "Vaststellen wie op het adres staat ingeschreven", "uitkomst": "hit", "toelichting": "Drie personen ingeschreven."});
    assert_eq!(
        post_json(
            &app,
            &team.token,
            &format!("/api/v1/signalen/{id}/bronraadplegingen"),
            &with_content
        )
        .await
        .status(),
        400,
        "hit/no-hit sources record no content"
    );
    let done = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/bronraadplegingen"),
        &consult,
    )
    .await;
    assert_eq!(done.status(), 201);
    let entry = location(&done);

    // Both are in the journal.
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    let kinds: Vec<&str> = journal
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["soort"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"privacytoets") && kinds.contains(&"bronraadpleging"),
        "{kinds:?}"
    );
    let (status, consulted) = get_json(&app, &team.token, &entry).await;
    assert_eq!(status, 200);
    assert_eq!(
        consulted["doel"],
        "Vaststellen wie op het adres staat ingeschreven"
    );
    assert!(consulted["grondslag"].as_str().unwrap().contains("Wet BRP"));
    let (_, checks) = get_json(&app, &team.token, &path).await;
    assert_eq!(checks.as_array().unwrap().len(), 1);
}

async fn a_new_protocol_version_changes_the_rules_and_keeps_history(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let admin = api_user(&app, "b@example.nl", "beheerder", &[]).await;
    let (status, current) = get_json(&app, &team.token, "/api/v1/protocol").await;
    assert_eq!(status, 200);
    assert_eq!(current["standaard"], true);
    assert_eq!(current["versie"], "ccv-2026.1");
    assert_eq!(
        get_json(&app, &team.token, "/api/v1/protocol?gemeente=GM0553")
            .await
            .0,
        404,
        "another municipality's protocol is not this user's"
    );

    // A stricter version: moving to intake now needs a motivation.
    let stricter = baken_domain::protocol::CCV_MODEL
        .replace("versie = \"ccv-2026.1\"", "versie = \"hillegom-2026.2\"")
        .replace(
            "vastgesteld_op = \"2026-01-01\"",
            "vastgesteld_op = \"2026-02-01\"",
        )
        .replace(
            "van = \"ontvangen\"\nnaar = \"intake\"\n",
            "van = \"ontvangen\"\nnaar = \"intake\"\nmotivering = true\n",
        )
        .replace(
            "uitkomst = \"geen-actie\"\nstart = \"besluit\"\nduur = \"P1Y\"",
            "uitkomst = \"geen-actie\"\nstart = \"besluit\"\nduur = \"P6M\"",
        );
    let browser = app.signed_in_browser("t@example.nl").await;
    let before = app.get(&browser, "/protocol").await.text().await.unwrap();
    // The retention table's cell after "Geen actie".
    let geen_actie = |page: &str| {
        let table = page.split("id=\"bewaartermijnen\"").nth(1)?;
        table
            .split("<td class=\"utrecht-table__cell\">Geen actie</td><td class=\"utrecht-table__cell\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .map(String::from)
    };
    assert!(before.contains("ccv-2026.1"));
    assert_eq!(
        geen_actie(&before).as_deref(),
        Some("1 jaar"),
        "the document before"
    );
    let body = json!({"gemeenten": ["GM0534"], "tekst": stricter});
    assert_eq!(
        post_json(&app, &team.token, "/api/v1/protocol", &body)
            .await
            .status(),
        403
    );
    let broken = json!({"gemeenten": ["GM0534", "GM9999"], "tekst": stricter.replace("geldigheid = \"P3M\"", "geldigheid = \"3 maanden\"")});
    let refused = post_json(&app, &admin.token, "/api/v1/protocol", &broken).await;
    assert_eq!(refused.status(), 400);
    let reasons: Vec<String> = refused.json::<Value>().await.unwrap()["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p["name"].as_str().unwrap(),
                p["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0].contains("geldigheid") && reasons[1].contains("GM9999"),
        "{reasons:?}"
    );
    assert_eq!(
        post_json(&app, &admin.token, "/api/v1/protocol", &body)
            .await
            .status(),
        201
    );
    assert_eq!(
        post_json(&app, &admin.token, "/api/v1/protocol", &body)
            .await
            .status(),
        400,
        "a version number is used once"
    );

    let (_, now) = get_json(&app, &team.token, "/api/v1/protocol").await;
    assert_eq!(now["versie"], "hillegom-2026.2");
    let after = app.get(&browser, "/protocol").await.text().await.unwrap();
    assert!(after.contains("hillegom-2026.2") && after.contains("(geldt nu)"));
    assert_eq!(
        geen_actie(&after).as_deref(),
        Some("6 maanden"),
        "the rendered document follows the configuration"
    );
    assert_eq!(now["standaard"], false);
    assert_eq!(now["geschiedenis"].as_array().unwrap().len(), 1);
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let response = app
        .api()
        .patch(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(&team.token)
        .json(&json!({"status": "intake"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409, "the new version's rule applies");
}

async fn every_read_is_in_the_processing_log_and_the_access_log_with_one_trace(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let elsewhere = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;

    // An API read with a caller's traceparent: Baken starts a trace of its own (the caller's is
    // only a link), so nobody can put their reads under another person's trace.
    let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let read = app
        .api()
        .get(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(&team.token)
        .header("traceparent", format!("00-{trace}-00f067aa0ba902b7-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let answered = read.headers()["traceresponse"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(!answered.contains(trace), "{answered}");
    let own_trace = answered.split('-').nth(1).unwrap().to_string();
    // An HTML read by the same user in a browser (a trace of its own).
    let browser = app.signed_in_browser("t@example.nl").await;
    assert_eq!(
        app.get(&browser, &format!("/signalen/{id}")).await.status(),
        200
    );

    let search = |token: String, body: Value| {
        let app = &app;
        async move { post_json(app, &token, "/api/v1/verwerkingslog/_zoek", &body).await }
    };
    let found: Value = search(privacy.token.clone(), json!({"bsn": "999900006"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !found.to_string().contains("999900006"),
        "no BSN in the log or the answer"
    );
    let rows = found.as_array().unwrap();
    assert!(
        !rows.iter().any(|r| r["traceId"] == trace),
        "nothing under the caller's trace"
    );
    let api_read = rows
        .iter()
        .find(|r| r["traceId"] == own_trace.as_str())
        .unwrap_or_else(|| panic!("the API read under Baken's own trace: {found}"));
    assert_eq!(api_read["actie"], "dossier.lezen");
    assert_eq!(api_read["verwerkingsactiviteit"], "inzage");
    assert_eq!(api_read["betrokkeneType"], "BSN");
    assert_eq!(api_read["dossier"], id.as_str());
    assert_eq!(
        api_read["uitvoerders"][0]["gebruiker"],
        team.id.as_str(),
        "the user, from the access log, same trace"
    );
    assert_eq!(
        api_read["uitvoerders"][0]["context"],
        "API GET /signalen/{id}"
    );
    let html_read = rows
        .iter()
        .find(|r| r["actie"] == "dossier.lezen" && r["traceId"] != own_trace.as_str())
        .expect("the HTML read");
    assert_eq!(html_read["uitvoerders"][0]["context"], "GET /signalen/{id}");
    assert!(
        rows.iter().any(|r| r["actie"] == "signaal.registreren"
            && r["verwerkingsactiviteit"] == "signaalregistratie"),
        "the registration too: {found}"
    );

    // An entity page read (no dossier) is found by the person too.
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let person = signal["subjecten"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        get_json(&app, &team.token, &format!("/api/v1/subjecten/{person}"))
            .await
            .0,
        200
    );
    let again: Value = search(privacy.token.clone(), json!({"bsn": "999900006"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actie"] == "entiteit.lezen"),
        "{again}"
    );

    // By user and by activity; never another municipality's; only the privacy officer.
    let by_user: Value = search(
        privacy.token.clone(),
        json!({"gebruiker": team.id, "verwerkingsactiviteit": "inzage"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(by_user.as_array().unwrap().len() >= 2, "{by_user}");
    assert!(
        by_user
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["verwerkingsactiviteit"] == "inzage")
    );
    let other: Value = search(elsewhere.token.clone(), json!({"bsn": "999900006"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other.as_array().unwrap().len(), 0, "{other}");
    assert_eq!(
        search(team.token.clone(), json!({"bsn": "999900006"}))
            .await
            .status(),
        403
    );
    let invalid = search(
        privacy.token.clone(),
        json!({"bsn": "123456789", "vanaf": "gisteren"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["invalidParams"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

async fn an_access_request_discloses_what_may_be_disclosed_to_the_privacy_officer_only(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let mut body = valid_signal("GM0534");
    body["melder"] = json!({"naam": "Mevrouw Melder", "contact": "06-12345678"});
    let id = create(&app, &team.token, &body).await;
    create(&app, &lisse.token, &valid_signal("GM0553")).await;
    for (class, text) in [
        ("normaal", "Veldbezoek: niemand thuis."),
        (
            "melder-beschermd",
            "MELDERGEHEIM: de buurvrouw van nummer 14.",
        ),
        (
            "politie-burgemeester",
            "POLITIEGEHEIM: bestuurlijke rapportage.",
        ),
    ] {
        let entry = post_json(
            &app,
            &team.token,
            &format!("/api/v1/signalen/{id}/journaalposten"),
            &json!({"soort": "notitie", "tekst": text, "vertrouwelijkheid": class}),
        )
        .await;
        assert_eq!(entry.status(), 201, "{class}");
    }

    let request = json!({"bsn": "999900006", "ontvangenOp": "2026-11-02"});
    assert_eq!(
        post_json(&app, &team.token, "/api/v1/inzageverzoeken", &request)
            .await
            .status(),
        403
    );
    let answer = post_json(&app, &privacy.token, "/api/v1/inzageverzoeken", &request).await;
    assert_eq!(answer.status(), 200);
    let answer: Value = answer.json().await.unwrap();
    assert_eq!(answer["termijnTot"], "2026-12-02", "one month");
    assert_eq!(answer["persoon"]["achternaam"], "Jansen");
    let dossiers = answer["dossiers"].as_array().unwrap();
    assert_eq!(
        dossiers.len(),
        1,
        "only this officer's municipality: {answer}"
    );
    assert_eq!(dossiers[0]["rol"], "bewoner");
    assert_eq!(
        dossiers[0]["afgeschermd"], 2,
        "the protected entries are withheld, and counted"
    );
    let text = answer.to_string();
    assert!(text.contains("Veldbezoek: niemand thuis."));
    for secret in [
        "MELDERGEHEIM",
        "POLITIEGEHEIM",
        "Mevrouw Melder",
        "06-12345678",
        "GB-123-X",
        "Stationsweg",
    ] {
        assert!(!text.contains(secret), "{secret} must not be disclosed");
    }
    let invalid = post_json(
        &app,
        &privacy.token,
        "/api/v1/inzageverzoeken",
        &json!({"bsn": "123456789", "ontvangenOp": "morgen"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["invalidParams"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let logged: Value = post_json(
        &app,
        &privacy.token,
        "/api/v1/verwerkingslog/_zoek",
        &json!({"bsn": "999900006"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        logged
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actie"] == "inzageverzoek.beantwoorden"),
        "the request is in the processing log: {logged}"
    );
}

async fn the_anomaly_report_flags_unusual_reading_and_searching(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = api_user(&app, "o@example.nl", "teamlid", &["GM0534"]).await;
    let curious = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let searcher = api_user(&app, "s@example.nl", "analist", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(create(&app, &owner.token, &valid_signal("GM0534")).await);
    }
    for _ in 0..3 {
        for id in &ids {
            assert_eq!(
                get_json(&app, &curious.token, &format!("/api/v1/signalen/{id}"))
                    .await
                    .0,
                200
            );
        }
    }
    let search = post_json(
        &app,
        &searcher.token,
        "/api/v1/signalen/_zoek",
        &json!({"bsn": "111222333"}),
    )
    .await;
    assert_eq!(search.status(), 200);

    let lisse = api_user(&app, "l@example.nl", "analist", &["GM0553"]).await;
    let elsewhere = post_json(
        &app,
        &lisse.token,
        "/api/v1/signalen/_zoek",
        &json!({"bsn": "111222333"}),
    )
    .await;
    assert_eq!(elsewhere.status(), 200);

    assert_eq!(
        get_json(&app, &owner.token, "/api/v1/verwerkingslog/afwijkingen")
            .await
            .0,
        403
    );
    let (status, report) =
        get_json(&app, &privacy.token, "/api/v1/verwerkingslog/afwijkingen").await;
    assert_eq!(status, 200, "{report}");
    let find = |who: &str, kind: &str| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["gebruiker"] == who && b["soort"] == kind)
            .map(|b| b["aantal"].as_u64().unwrap())
    };
    assert_eq!(find(&curious.id, "buiten-toewijzing"), Some(12), "{report}");
    assert_eq!(find(&curious.id, "bulkinzage"), Some(36));
    assert_eq!(find(&searcher.id, "zoeken-zonder-dossier"), Some(1));
    assert_eq!(
        find(&lisse.id, "zoeken-zonder-dossier"),
        None,
        "another municipality's staff are not in this officer's report"
    );
    assert_eq!(
        find(&owner.id, "buiten-toewijzing"),
        None,
        "reading one's own dossiers is not flagged"
    );
    let (status, _) = get_json(
        &app,
        &privacy.token,
        "/api/v1/verwerkingslog/afwijkingen?vanaf=gisteren",
    )
    .await;
    assert_eq!(status, 400);
}

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
        let changed = app
            .api()
            .patch(app.at(&format!("/api/v1/signalen/{id}")))
            .bearer_auth(&team.token)
            .json(&json!({"status": status, "motivering": motivering}))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), 200);
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

async fn a_request_is_handled_with_deadline_identities_restrictions_and_a_pdf_answer(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let mut known = valid_signal("GM0534");
    known["subjecten"][0]["geboortedatum"] = json!("1980-03-07");
    let a = create(&app, &team.token, &known).await;
    let mut alias = valid_signal("GM0534");
    alias["omschrijving"] = json!("Bestelbus 's nachts bij de loods.");
    alias["subjecten"] = json!([{"soort": "persoon", "voornamen": "J.", "achternaam": "Jansen", "geboortedatum": "1980-03-07", "rol": "eigenaar"}]);
    let b = create(&app, &team.token, &alias).await;
    let mut other = valid_signal("GM0534");
    other["subjecten"] = json!([{"soort": "persoon", "voornamen": "Piet", "achternaam": "Jansen", "geboortedatum": "1991-01-01", "rol": "bewoner"}]);
    create(&app, &team.token, &other).await;
    let mut entry_ids = Vec::new();
    for text in [
        "Veldbezoek: niemand thuis.",
        "Gesprek met de huisbaas over de huurder.",
    ] {
        let entry = post_json(
            &app,
            &team.token,
            &format!("/api/v1/signalen/{a}/journaalposten"),
            &json!({"soort": "notitie", "tekst": text, "vertrouwelijkheid": "normaal"}),
        )
        .await;
        assert_eq!(entry.status(), 201);
        entry_ids.push(
            entry.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }

    let invalid = post_json(
        &app,
        &privacy.token,
        "/api/v1/verzoeken",
        &json!({"soort": "klacht", "bsn": "123"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["invalidParams"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let request = json!({"soort": "inzage", "bsn": "999900006", "toelichting": "Per brief, identiteit gecontroleerd."});
    assert_eq!(
        post_json(&app, &team.token, "/api/v1/verzoeken", &request)
            .await
            .status(),
        403
    );
    let created = post_json(&app, &privacy.token, "/api/v1/verzoeken", &request).await;
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let verzoek: Value = created.json().await.unwrap();
    let id = verzoek["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/verzoeken/{id}"));
    assert!(!location.contains("999900006") && !verzoek.to_string().contains("999900006"));
    assert_eq!(
        get_json(&app, &lisse.token, &location).await.0,
        404,
        "another municipality's officer"
    );

    let (status, detail) = get_json(&app, &privacy.token, &location).await;
    assert_eq!(status, 200);
    assert_eq!(detail["dossiers"].as_array().unwrap().len(), 1, "{detail}");
    let kandidaten = detail["kandidaten"].as_array().unwrap();
    assert_eq!(
        kandidaten.len(),
        1,
        "same surname and date of birth, not Piet: {detail}"
    );
    assert_eq!(kandidaten[0]["bevestigd"], false);
    let confirm = post_json(
        &app,
        &privacy.token,
        &format!("{location}/identiteiten"),
        &json!({"entiteit": kandidaten[0]["entiteit"]}),
    )
    .await;
    assert_eq!(confirm.status(), 204);
    let (_, detail) = get_json(&app, &privacy.token, &location).await;
    assert_eq!(
        detail["dossiers"].as_array().unwrap().len(),
        2,
        "the confirmed identity's dossier joins"
    );

    let bad = post_json(
        &app,
        &privacy.token,
        &format!("{location}/beperkingen"),
        &json!({"dossier": a, "grond": "z", "motivering": " ", "herbeoordeling": "2020-01-01"}),
    )
    .await;
    assert_eq!(bad.status(), 400);
    assert_eq!(
        bad.json::<Value>().await.unwrap()["invalidParams"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    for restriction in [
        json!({"dossier": b, "grond": "d", "motivering": "Lopend strafrechtelijk onderzoek.", "herbeoordeling": "2030-01-01"}),
        json!({"dossier": a, "journaalpost": entry_ids[1], "grond": "i", "motivering": "Rechten van de verhuurder.", "herbeoordeling": "2030-01-01"}),
    ] {
        assert_eq!(
            post_json(
                &app,
                &privacy.token,
                &format!("{location}/beperkingen"),
                &restriction
            )
            .await
            .status(),
            201
        );
    }

    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/verlenging"),
            &json!({"motivering": ""})
        )
        .await
        .status(),
        400
    );
    let extended = post_json(
        &app,
        &privacy.token,
        &format!("{location}/verlenging"),
        &json!({"motivering": "Veel dossiers in twee gemeenten."}),
    )
    .await;
    assert_eq!(extended.status(), 200);
    let extended: Value = extended.json().await.unwrap();
    assert_eq!(extended["verlengd"], true);
    assert!(extended["termijnTot"].as_str().unwrap() > verzoek["termijnTot"].as_str().unwrap());
    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/verlenging"),
            &json!({"motivering": "Nog eens."})
        )
        .await
        .status(),
        409,
        "once"
    );

    let (status, answer) = get_json(&app, &privacy.token, &format!("{location}/antwoord")).await;
    assert_eq!(status, 200);
    let dossiers = answer["dossiers"].as_array().unwrap();
    assert_eq!(
        dossiers.len(),
        1,
        "the restricted dossier is left out: {answer}"
    );
    assert_eq!(dossiers[0]["beperkt"], 1);
    assert_eq!(answer["beperkingsgronden"], json!(["d", "i"]));
    let text = answer.to_string();
    assert!(text.contains("Veldbezoek: niemand thuis."));
    for withheld in ["huisbaas", "Bestelbus", "GB-123-X", "Stationsweg"] {
        assert!(
            !text.contains(withheld),
            "{withheld} must not be in the answer"
        );
    }
    let pdf = app
        .api()
        .get(app.at(&format!("{location}/antwoord")))
        .bearer_auth(&privacy.token)
        .header("accept", "application/pdf")
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains("Veldbezoek: niemand thuis.") && text.contains("Jan Jansen"),
        "{text}"
    );
    assert!(text.contains("artikel 41 lid 1 onder d."), "{text}");
    for withheld in [
        "huisbaas",
        "Bestelbus",
        "GB-123-X",
        "Lopend strafrechtelijk",
    ] {
        assert!(
            !text.contains(withheld),
            "{withheld} must not be in the PDF"
        );
    }

    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/besluit"),
            &json!({"besluit": "deels-toegewezen"})
        )
        .await
        .status(),
        400,
        "a partial grant needs reasons"
    );
    let decided = post_json(&app, &privacy.token, &format!("{location}/besluit"),
        &json!({"besluit": "deels-toegewezen", "motivering": "Deels beperkt op grond van art. 41 UAVG."})).await;
    assert_eq!(decided.status(), 200);
    assert!(decided.json::<Value>().await.unwrap()["beantwoordOp"].is_string());
    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/besluit"),
            &json!({"besluit": "toegewezen"})
        )
        .await
        .status(),
        409
    );
    let (_, list) = get_json(&app, &privacy.token, "/api/v1/verzoeken").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        get_json(&app, &team.token, "/api/v1/verzoeken").await.0,
        403
    );

    let logged: Value = post_json(
        &app,
        &privacy.token,
        "/api/v1/verwerkingslog/_zoek",
        &json!({"bsn": "999900006"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let acties: Vec<&str> = logged
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["actie"].as_str())
        .collect();
    for step in [
        "verzoek.registreren",
        "verzoek.identiteit-bevestigen",
        "verzoek.beperken",
        "verzoek.verlengen",
        "verzoek.antwoord-exporteren",
        "verzoek.besluiten",
    ] {
        assert!(
            acties.contains(&step),
            "{step} in the processing log: {acties:?}"
        );
    }
}

async fn an_administrator_loads_a_version_in_the_browser(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("b@example.nl", "beheerder", &[]).await;
    app.user("t@example.nl", "teamlid", &["GM0534"]).await;
    let admin = app.signed_in_browser("b@example.nl").await;
    let teamlid = app.signed_in_browser("t@example.nl").await;
    assert_eq!(app.get(&teamlid, "/beheer/protocol").await.status(), 403);
    let form = app
        .get(&admin, "/beheer/protocol")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("ccv-2026.1"),
        "the form starts from the default"
    );

    let broken = baken_domain::protocol::CCV_MODEL.replace("duur = \"P1Y\"", "duur = \"een jaar\"");
    let refused = app
        .post(
            &admin,
            "/beheer/protocol",
            &[("gemeente", "GM0534"), ("protocol", broken.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(page.contains("ISO 8601-duur"), "every error in Dutch");
    assert!(page.contains("een jaar"), "the input is kept");

    let own = baken_domain::protocol::CCV_MODEL
        .replace("versie = \"ccv-2026.1\"", "versie = \"hillegom-beheer\"");
    let loaded = app
        .post(
            &admin,
            "/beheer/protocol",
            &[("gemeente", "GM0534"), ("protocol", own.as_str())],
        )
        .await;
    assert_eq!(loaded.status(), 200);
    assert!(
        loaded
            .text()
            .await
            .unwrap()
            .contains("Versie hillegom-beheer geladen voor GM0534")
    );
    let document = app.get(&teamlid, "/protocol").await.text().await.unwrap();
    assert!(
        document.contains("hillegom-beheer"),
        "in force for the team"
    );
}

async fn the_request_pages_show_dutch_errors_keep_input_and_give_the_answer_as_pdf(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let a = create(&app, &team.token, &valid_signal("GM0534")).await;
    let teamlid = app.signed_in_browser("t@example.nl").await;
    let officer = app.signed_in_browser("p@example.nl").await;
    assert_eq!(app.get(&teamlid, "/privacy/verzoeken").await.status(), 403);

    let refused = app
        .post(
            &officer,
            "/privacy/verzoeken",
            &[
                ("soort", "inzage"),
                ("bsn", "123456789"),
                ("ontvangen_op", "morgen"),
                ("toelichting", "Brief van 3 november"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Controleer de invoer"), "{page}");
    assert!(
        page.contains("Vul een geldige datum in"),
        "the date error in Dutch"
    );
    assert!(
        page.contains("fout-bsn") && page.contains("fout-ontvangen_op"),
        "each error at its field"
    );
    assert!(page.contains("Brief van 3 november"), "the input is kept");
    assert_eq!(
        app.get(&officer, "/privacy/verzoeken")
            .await
            .text()
            .await
            .unwrap()
            .matches("/privacy/verzoeken/")
            .count(),
        0,
        "nothing was stored"
    );

    let registered = app
        .post(
            &officer,
            "/privacy/verzoeken",
            &[
                ("soort", "inzage"),
                ("bsn", "999900006"),
                ("ontvangen_op", ""),
                ("toelichting", ""),
            ],
        )
        .await;
    let detail_path = location(&registered);
    assert!(
        detail_path.starts_with("/privacy/verzoeken/"),
        "{detail_path}"
    );
    assert!(!detail_path.contains("999900006"));
    let detail = app.get(&officer, &detail_path).await.text().await.unwrap();
    assert!(
        detail.contains("Jan Jansen") && detail.contains("Sterke hennepgeur"),
        "{detail}"
    );
    assert!(
        detail.contains("(Hillegom), ") && !detail.contains("(GM0534)"),
        "the dossier's municipality by name: {detail}"
    );

    let bad = app
        .post(
            &officer,
            &format!("{detail_path}/beperking"),
            &[
                ("beperking_dossier", a.as_str()),
                ("beperking_journaalpost", ""),
                ("beperking_grond", "d"),
                ("beperking_motivering", "Lopend onderzoek."),
                ("beperking_herbeoordeling", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 400);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("Kies een datum na vandaag.") && page.contains("Lopend onderzoek."),
        "{page}"
    );
    assert_eq!(
        page.matches("utrecht-form-field-error-message").count(),
        1,
        "only the date is wrong: the form's field names reach the service"
    );
    let restricted = app
        .post(
            &officer,
            &format!("{detail_path}/beperking"),
            &[
                ("beperking_dossier", a.as_str()),
                ("beperking_journaalpost", ""),
                ("beperking_grond", "d"),
                ("beperking_motivering", "Lopend onderzoek."),
                ("beperking_herbeoordeling", "2031-01-01"),
            ],
        )
        .await;
    assert_eq!(location(&restricted), detail_path);
    let detail = app.get(&officer, &detail_path).await.text().await.unwrap();
    assert!(
        detail.contains("Beperkt (art. 41 lid 1 onder d UAVG), herbeoordeling 01-01-2031"),
        "{detail}"
    );

    let pdf = app
        .get(&officer, &format!("{detail_path}/antwoord.pdf"))
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        !text.contains("Sterke hennepgeur") && text.contains("artikel 41 lid 1 onder d."),
        "{text}"
    );
    assert_eq!(
        app.get(&teamlid, &format!("{detail_path}/antwoord.pdf"))
            .await
            .status(),
        403
    );
}

/// The dossier page's status form: a protocol refusal, an invalid status and a concurrent change
/// re-render the dossier with the message at the form and the motivation kept; nothing changes.
async fn the_status_form_shows_refusals_at_the_form_and_keeps_the_input(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    assert_eq!(
        patch_status(&app, &team.token, &id, "intake", None).await.0,
        200
    );
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let versie = between(&page, r#"name="versie" value=""#, r#"""#).to_string();
    let journal_length = || async {
        get_json(
            &app,
            &team.token,
            &format!("/api/v1/signalen/{id}/journaalposten"),
        )
        .await
        .1
        .as_array()
        .map(Vec::len)
    };
    let before = journal_length().await;
    assert!(before.is_some());
    let status_section = |page: &str| between(page, r#"id="kop-status""#, "</section>").to_string();

    // Into "weging" without a motivation: the protocol refuses, at the form, with the rule.
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/status"),
            &[
                ("status", "weging"),
                ("motivering", ""),
                ("versie", &versie),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.unwrap();
    let section = status_section(&page);
    assert!(section.contains("Controleer de invoer"), "{section}");
    assert!(section.contains("Ontbreekt: een motivering"), "{section}");
    assert!(
        section.contains(r#"<option value="weging" selected"#),
        "{section}"
    );
    // The top of the page says where the message is; the journal form shows no error of the status form.
    assert!(
        page.contains(
            r##"De status is niet gewijzigd. <a class="utrecht-link" href="#kop-status">"##
        )
    );
    let journal_form = between(&page, r#"id="kop-nieuwe-post""#, "</section>");
    assert!(!journal_form.contains("Controleer de invoer"));

    // Further than the protocol allows (no privacy check 1): refused; the motivation is kept.
    let motivering = "Concreet & recent: <b>drie</b> meldingen.";
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/status"),
            &[
                ("status", "bronnenonderzoek"),
                ("motivering", motivering),
                ("versie", &versie),
            ],
        )
        .await;
    let code = response.status();
    let section = status_section(&response.text().await.unwrap());
    assert_eq!(code, 409, "{section}");
    assert!(
        section.contains("Concreet &#38; recent: &#60;b&#62;drie&#60;/b&#62; meldingen.")
            || section.contains("Concreet &amp; recent: &lt;b&gt;drie&lt;/b&gt; meldingen."),
        "{section}"
    );

    // Not a status at all: 400 with a Dutch error at the field.
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/status"),
            &[
                ("status", "opgelost"),
                ("motivering", "x"),
                ("versie", &versie),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let section = status_section(&response.text().await.unwrap());
    assert!(section.contains(r##"href="#veld-status""##), "{section}");

    // Someone else changed the signal meanwhile: the stale version is refused at the form.
    assert_eq!(
        patch_status(&app, &team.token, &id, "weging", Some("Eigen taak."))
            .await
            .0,
        200
    );
    let after_api_change = journal_length().await;
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/status"),
            &[
                ("status", ""),
                ("motivering", "Geen aanleiding."),
                ("versie", &versie),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);
    let section = status_section(&response.text().await.unwrap());
    assert!(
        section.contains("intussen door iemand anders gewijzigd"),
        "{section}"
    );
    assert_eq!(
        journal_length().await,
        after_api_change,
        "a refusal writes nothing"
    );
    assert_eq!(after_api_change.unwrap(), before.unwrap() + 1);
}

/// The retention job removes a request two years after its answer (the processing register), with
/// its restrictions; an open request and another municipality's stay; a dry run removes nothing.
async fn answered_requests_are_removed_two_years_after_the_answer(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let dossier = create(&app, &team.token, &valid_signal("GM0534")).await;
    let register = |token: String, body: Value| {
        let app = &app;
        async move {
            let created = post_json(app, &token, "/api/v1/verzoeken", &body).await;
            assert_eq!(created.status(), 201);
            created.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let answered = register(
        privacy.token.clone(),
        json!({"soort": "wissing", "bsn": "999900006"}),
    )
    .await;
    let restricted = post_json(
        &app,
        &privacy.token,
        &format!("{answered}/beperkingen"),
        &json!({"dossier": dossier, "grond": "h", "motivering": "Lopend onderzoek.",
            "herbeoordeling": (time::OffsetDateTime::now_utc().date() + time::Duration::days(10)).to_string()}),
    )
    .await;
    assert_eq!(restricted.status(), 201, "{:?}", restricted.text().await);
    let answered_id = answered.rsplit('/').next().unwrap().to_string();

    // Once its re-evaluation date has come, the restriction is listed for the officer to look at
    // again — not before, and not for another municipality's officer.
    let section = |page: String| {
        page.find(r#"id="kop-herbeoordelen""#).map(|start| {
            page[start..]
                .split("</section>")
                .next()
                .unwrap()
                .to_string()
        })
    };
    let officer_page = |email: &'static str| {
        let app = &app;
        async move {
            let browser = app.signed_in_browser(email).await;
            app.get(&browser, "/privacy/verzoeken")
                .await
                .text()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        section(officer_page("p@example.nl").await),
        None,
        "not yet due"
    );
    app.clock.advance(time::Duration::days(10));
    let due = section(officer_page("p@example.nl").await).expect("listed once due");
    assert!(
        due.contains(&format!(r#"href="/privacy/verzoeken/{answered_id}""#))
            && due.contains("het hele dossier, onder h"),
        "{due}"
    );
    assert_eq!(
        section(officer_page("pl@example.nl").await),
        None,
        "Lisse's officer"
    );
    let decided = post_json(
        &app,
        &privacy.token,
        &format!("{answered}/besluit"),
        &json!({"besluit": "afgewezen", "motivering": "Nodig voor de lopende taak."}),
    )
    .await;
    assert_eq!(decided.status(), 200);
    let open = register(
        privacy.token.clone(),
        json!({"soort": "inzage", "bsn": "999900006"}),
    )
    .await;
    let elsewhere = register(
        lisse.token.clone(),
        json!({"soort": "inzage", "bsn": "999900006"}),
    )
    .await;
    let lisse_decided = post_json(
        &app,
        &lisse.token,
        &format!("{elsewhere}/besluit"),
        &json!({"besluit": "toegewezen"}),
    )
    .await;
    assert_eq!(lisse_decided.status(), 200);

    let today = time::OffsetDateTime::now_utc().date();
    let retention = |vandaag: time::Date, dry_run: bool, caller: baken_core::Caller| {
        let services = app.services.clone();
        async move {
            services
                .run_retention(&caller, vandaag, dry_run, &Default::default())
                .await
                .unwrap()
                .verzoeken_verwijderd
        }
    };
    let officer_id = baken_domain::UserId(privacy.id.parse().unwrap());
    let officer = baken_core::Caller::User(app.services.actor(officer_id).await.unwrap());
    // The answers were given ten days on (the clock was advanced above).
    let almost = today + time::Duration::days(365 * 2 + 7);
    let due = today + time::Duration::days(365 * 2 + 15);
    assert_eq!(
        retention(almost, false, officer.clone()).await,
        0,
        "not yet"
    );
    assert_eq!(
        retention(due, true, officer.clone()).await,
        1,
        "dry run counts"
    );
    assert_eq!(
        get_json(&app, &privacy.token, &answered).await.0,
        200,
        "dry run removes nothing"
    );
    assert_eq!(
        retention(due, false, officer).await,
        1,
        "the officer's run removes only their own municipality's request"
    );
    assert_eq!(get_json(&app, &privacy.token, &answered).await.0, 404);
    assert_eq!(
        get_json(&app, &privacy.token, &open).await.0,
        200,
        "open requests stay"
    );
    assert_eq!(get_json(&app, &lisse.token, &elsewhere).await.0, 200);
    assert_eq!(
        retention(due, false, baken_core::Caller::System).await,
        1,
        "the system's run: Lisse's"
    );
    assert_eq!(get_json(&app, &lisse.token, &elsewhere).await.0, 404);

    // The removal is in the processing log under the subject, and nothing identifies them in the audit.
    let logged: Value = post_json(
        &app,
        &privacy.token,
        "/api/v1/verwerkingslog/_zoek",
        &json!({"bsn": "999900006"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        logged
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actie"] == "verzoek.verwijderen"),
        "{logged}"
    );
}

/// At its re-evaluation date a restriction is kept with a new date or lifted, with reasons; a
/// lifted part is in the answer again. Errors all at once; another municipality's officer gets 404.
async fn a_restriction_is_kept_or_lifted_at_its_re_evaluation(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let dossier = create(&app, &team.token, &valid_signal("GM0534")).await;
    let created = post_json(
        &app,
        &privacy.token,
        "/api/v1/verzoeken",
        &json!({"soort": "inzage", "bsn": "999900006"}),
    )
    .await;
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let today = time::OffsetDateTime::now_utc().date();
    let restricted: Value = post_json(
        &app,
        &privacy.token,
        &format!("{location}/beperkingen"),
        &json!({"dossier": dossier, "grond": "h", "motivering": "Lopend onderzoek.",
            "herbeoordeling": (today + time::Duration::days(10)).to_string()}),
    )
    .await
    .json()
    .await
    .unwrap();
    let reassess = format!(
        "{location}/beperkingen/{}/herbeoordeling",
        restricted["id"].as_str().unwrap()
    );
    let decided = post_json(
        &app,
        &privacy.token,
        &format!("{location}/besluit"),
        &json!({"besluit": "deels-toegewezen", "motivering": "Deels beperkt."}),
    )
    .await;
    assert_eq!(decided.status(), 200);
    let answer_text = || async {
        get_json(&app, &privacy.token, &format!("{location}/antwoord"))
            .await
            .1
            .to_string()
    };
    assert!(
        !answer_text().await.contains("Sterke hennepgeur"),
        "withheld"
    );
    app.clock.advance(time::Duration::days(10));

    let invalid = post_json(
        &app,
        &privacy.token,
        &reassess,
        &json!({"uitkomst": "misschien"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    let mut names: Vec<String> = invalid.json::<Value>().await.unwrap()["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["motivering", "uitkomst"]);
    let past = post_json(
        &app,
        &privacy.token,
        &reassess,
        &json!({"uitkomst": "handhaven", "motivering": "Loopt nog.", "herbeoordeling": today.to_string()}),
    )
    .await;
    assert_eq!(past.status(), 400, "the next date must lie after today");
    assert_eq!(
        post_json(
            &app,
            &lisse.token,
            &reassess,
            &json!({"uitkomst": "opheffen", "motivering": "x"})
        )
        .await
        .status(),
        404
    );

    // Kept, through the request page's form: first with errors (at their fields, in Dutch), then
    // with reasons and a new date.
    let officer = app.signed_in_browser("p@example.nl").await;
    let detail_path = format!(
        "/privacy/verzoeken/{}",
        location.rsplit('/').next().unwrap()
    );
    let beperking_id = restricted["id"].as_str().unwrap().to_string();
    let step = format!("{detail_path}/herbeoordeling");
    let refused = app
        .post(
            &officer,
            &step,
            &[
                ("herbeoordeling_beperking", beperking_id.as_str()),
                ("herbeoordeling_uitkomst", "handhaven"),
                ("herbeoordeling_motivering", ""),
                ("herbeoordeling_herbeoordeling", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("fout-herbeoordeling_motivering")
            && page.contains("fout-herbeoordeling_herbeoordeling"),
        "{page}"
    );
    let next = (today + time::Duration::days(60)).to_string();
    let kept = app
        .post(
            &officer,
            &step,
            &[
                ("herbeoordeling_beperking", beperking_id.as_str()),
                ("herbeoordeling_uitkomst", "handhaven"),
                ("herbeoordeling_motivering", "Onderzoek loopt nog."),
                ("herbeoordeling_herbeoordeling", next.as_str()),
            ],
        )
        .await;
    assert_eq!(crate::support::location(&kept), detail_path);
    let (_, detail) = get_json(&app, &privacy.token, &location).await;
    let kept = &detail["beperkingen"][0];
    assert_eq!(
        kept["herbeoordelingMotivering"], "Onderzoek loopt nog.",
        "{detail}"
    );
    assert_eq!(kept["herbeoordeling"], next.as_str());
    assert!(kept["opgehevenOp"].is_null());
    assert!(
        !answer_text().await.contains("Sterke hennepgeur"),
        "still withheld"
    );
    let officer = app.signed_in_browser("p@example.nl").await;
    let list = app
        .get(&officer, "/privacy/verzoeken")
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains("kop-herbeoordelen"), "no longer due");

    let lifted = post_json(
        &app,
        &privacy.token,
        &reassess,
        &json!({"uitkomst": "opheffen", "motivering": "Onderzoek afgerond."}),
    )
    .await;
    assert_eq!(lifted.status(), 200);
    assert!(lifted.json::<Value>().await.unwrap()["opgehevenOp"].is_string());
    assert!(
        answer_text().await.contains("Sterke hennepgeur"),
        "in the answer again"
    );
    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &reassess,
            &json!({"uitkomst": "opheffen", "motivering": "Nog eens."})
        )
        .await
        .status(),
        409
    );

    let detail_path = format!(
        "/privacy/verzoeken/{}",
        location.rsplit('/').next().unwrap()
    );
    let page = app.get(&officer, &detail_path).await.text().await.unwrap();
    let listed = between(&page, r#"id="beperkingen""#, "</ul>");
    assert!(
        listed.contains("opgeheven op") && listed.contains("Onderzoek afgerond."),
        "{listed}"
    );
    assert!(
        !page.contains("Beperking herbeoordelen"),
        "nothing left to re-evaluate"
    );

    let logged = post_json(
        &app,
        &privacy.token,
        "/api/v1/verwerkingslog/_zoek",
        &json!({"bsn": "999900006"}),
    )
    .await
    .json::<Value>()
    .await
    .unwrap();
    assert_eq!(
        logged
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["actie"] == "verzoek.beperking-herbeoordelen")
            .count(),
        2
    );
}
