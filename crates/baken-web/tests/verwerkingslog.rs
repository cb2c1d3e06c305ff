//! The processing log and the access log: every read under one trace, and the privacy officer's
//! anomaly report. On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    every_read_is_in_the_processing_log_and_the_access_log_with_one_trace,
    the_anomaly_report_flags_unusual_reading_and_searching,
);

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
