//! The catalogue of interventions versioned per municipality (issue 13): a municipality loads its
//! own version, which is in force from its adoption date for that municipality only; an
//! intervention keeps the version it was taken under; a version number is used once; a broken
//! text is refused whole; the page shows the version in force and the history. And the deadline
//! overview a page at a time, by cursor. On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    a_municipality_loads_its_own_catalogue_and_interventions_keep_theirs,
    the_deadline_overview_goes_page_by_page,
);

/// The standard catalogue as a municipality's own version: another number and adoption date,
/// and the warning letter renamed.
fn eigen_versie(versie: &str, vastgesteld_op: &str) -> String {
    let standaard = baken_domain::maatregelen::STANDAARD;
    let kop = baken_domain::maatregelen::Catalogus::standaard();
    standaard
        .replacen(
            &format!("versie = \"{}\"", kop.versie()),
            &format!("versie = \"{versie}\""),
            1,
        )
        .replacen(
            &format!("vastgesteld_op = \"{}\"", kop.vastgesteld_op),
            &format!("vastgesteld_op = \"{vastgesteld_op}\""),
            1,
        )
        .replace(
            "naam = \"Waarschuwingsbrief of gesprek\"",
            "naam = \"Waarschuwingsgesprek Hillegom\"",
        )
}

async fn propose(app: &TestApp, token: &str, id: &str) -> Value {
    let response = post_json(
        app,
        token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "waarschuwingsbrief", "motivering": "Eerst een gesprek."}),
    )
    .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    response.json().await.unwrap()
}

async fn a_municipality_loads_its_own_catalogue_and_interventions_keep_theirs(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    app.user("b@example.nl", "beheerder", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let standaard = baken_domain::maatregelen::Catalogus::standaard();
    let before = propose(&app, &team.token, &id).await;
    assert_eq!(before["catalogusVersie"], standaard.versie());

    // A broken text is refused whole, naming what is wrong; nothing is stored.
    let ctx = baken_core::RequestContext::default();
    let kapot = eigen_versie("2026.9", "2026-01-01")
        .replace("stappen = [\"waarschuwing\"", "stappen = [\"vliegen\"");
    let err = app
        .services
        .load_catalogue(
            &baken_core::Caller::System,
            &["GM0534".into()],
            &kapot,
            &ctx,
        )
        .await
        .unwrap_err();
    let baken_core::ServiceError::Invalid(errors) = err else {
        panic!("expected invalid, got {err:?}")
    };
    assert!(errors.iter().any(|e| e.name == "catalogus"), "{errors:?}");
    let (_, c) = get_json(&app, &team.token, "/api/v1/maatregelen/catalogus").await;
    assert_eq!(
        c["versie"],
        standaard.versie(),
        "nothing of the broken text"
    );

    // Only an administrator or the command line loads one.
    let admin = app.services.actor(
        app.services
            .users(&baken_core::Caller::System)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email.as_str() == "t@example.nl")
            .unwrap()
            .id,
    );
    let teamlid = admin.await.unwrap();
    assert!(matches!(
        app.services
            .load_catalogue(
                &baken_core::Caller::User(teamlid),
                &["GM0534".into()],
                &eigen_versie("2026.5", "2026-01-01"),
                &ctx
            )
            .await,
        Err(baken_core::ServiceError::Forbidden)
    ));

    // Hillegom's own version, adopted in the past: in force for Hillegom, not for Lisse.
    let loaded = app
        .services
        .load_catalogue(
            &baken_core::Caller::System,
            &["GM0534".into()],
            &eigen_versie("2026.5", "2026-01-01"),
            &ctx,
        )
        .await
        .unwrap();
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].sha256.len(), 64);
    let (_, c) = get_json(&app, &team.token, "/api/v1/maatregelen/catalogus").await;
    assert_eq!(c["versie"], "2026.5");
    assert!(
        c["instrumenten"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["naam"] == "Waarschuwingsgesprek Hillegom")
    );
    let (_, c) = get_json(&app, &lisse.token, "/api/v1/maatregelen/catalogus").await;
    assert_eq!(c["versie"], standaard.versie(), "Lisse keeps the default");
    // Another municipality's catalogue is not found for a Lisse user.
    let (status, _) = get_json(
        &app,
        &lisse.token,
        "/api/v1/maatregelen/catalogus?gemeente=GM0534",
    )
    .await;
    assert_eq!(status, 404);

    // A version number once per municipality.
    let err = app
        .services
        .load_catalogue(
            &baken_core::Caller::System,
            &["GM0534".into()],
            &eigen_versie("2026.5", "2026-02-01"),
            &ctx,
        )
        .await
        .unwrap_err();
    let baken_core::ServiceError::Invalid(errors) = err else {
        panic!("expected invalid")
    };
    assert_eq!(errors.iter().next().unwrap().code, "bestaat-al");
    // A version adopted in the future is loaded but not yet in force.
    app.services
        .load_catalogue(
            &baken_core::Caller::System,
            &["GM0534".into()],
            &eigen_versie("2099.1", "2099-01-01"),
            &ctx,
        )
        .await
        .unwrap();
    let (_, c) = get_json(&app, &team.token, "/api/v1/maatregelen/catalogus").await;
    assert_eq!(c["versie"], "2026.5");

    // A new intervention is taken under the version in force; the earlier one keeps its own.
    let after = propose(&app, &team.token, &id).await;
    assert_eq!(after["catalogusVersie"], "2026.5");
    let (_, m) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/maatregelen/{}", after["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(m["instrumentNaam"], "Waarschuwingsgesprek Hillegom", "{m}");
    let (_, m) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/maatregelen/{}", before["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(m["catalogusVersie"], standaard.versie());
    assert_eq!(m["instrumentNaam"], "Waarschuwingsbrief of gesprek", "{m}");

    // The page: the version in force, its instruments, the history; Lisse's page the default.
    let browser = app.signed_in_browser("t@example.nl").await;
    let response = app.get(&browser, "/maatregelen/catalogus").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Maatregelencatalogus van Hillegom"), "{page}");
    assert!(page.contains("versie 2026.5"));
    assert!(page.contains("Waarschuwingsgesprek Hillegom"));
    assert!(page.contains("Sluiting artikel 13b Opiumwet"));
    let versies = between(&page, r#"id="versies""#, "</table>");
    assert!(
        versies.contains("2099.1") && versies.contains("Geldt nu"),
        "{versies}"
    );
    let lisse_browser = app.signed_in_browser("l@example.nl").await;
    let page = app
        .get(&lisse_browser, "/maatregelen/catalogus")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Maatregelencatalogus van Lisse"));
    assert!(page.contains("de standaard van Baken"));
    assert!(!page.contains("Waarschuwingsgesprek Hillegom"));
    assert_eq!(
        app.get(&lisse_browser, "/maatregelen/catalogus?gemeente=GM0534")
            .await
            .status(),
        404
    );
    // The load is in the audit trail.
    let audit = app
        .services
        .recent_audit(&baken_core::Caller::System, 20)
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.action == "catalogus.geladen"));
}

async fn the_deadline_overview_goes_page_by_page(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    // Three interventions with an intent each: three view terms.
    let mut ids = Vec::new();
    for _ in 0..3 {
        let response = post_json(
            &app,
            &team.token,
            &format!("/api/v1/signalen/{id}/maatregelen"),
            &json!({"instrument": "last-onder-dwangsom", "motivering": "Noodzakelijk."}),
        )
        .await;
        assert_eq!(response.status(), 201);
        let m: Value = response.json().await.unwrap();
        let mid = m["id"].as_str().unwrap().to_string();
        let response = post_json(
            &app,
            &team.token,
            &format!("/api/v1/maatregelen/{mid}/stappen"),
            &json!({"stap": "voornemen", "datum": baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc()).to_string()}),
        )
        .await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        ids.push(mid);
    }
    let (status, all) = get_json(&app, &team.token, "/api/v1/termijnen?weken=104").await;
    assert_eq!(status, 200);
    let lines = |o: &Value| -> Vec<String> {
        ["verlopen", "dezeWeek", "later"]
            .iter()
            .flat_map(|g| o[g].as_array().unwrap().clone())
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    let everything = lines(&all);
    assert_eq!(everything.len(), 3, "{all}");
    assert!(all.get("volgende").is_none() && all["afgekapt"] == false);

    // One line a page: each page gives the cursor of the next, the last none; together the whole list.
    let mut seen = Vec::new();
    let mut path = "/api/v1/termijnen?weken=104&limiet=1".to_string();
    loop {
        let (status, page) = get_json(&app, &team.token, &path).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(lines(&page));
        match page["volgende"].as_str() {
            Some(na) => {
                assert_eq!(page["afgekapt"], true);
                path = format!("/api/v1/termijnen?weken=104&limiet=1&na={na}");
            }
            None => break,
        }
        assert!(seen.len() <= 3, "the pages end");
    }
    assert_eq!(seen, everything);

    // A bad cursor or limit: 400 naming each.
    let (status, problem) =
        get_json(&app, &team.token, "/api/v1/termijnen?na=gisteren&limiet=0").await;
    assert_eq!(status, 400);
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["limiet"],
        "the limit is checked first: {problem}"
    );
    let (status, problem) = get_json(&app, &team.token, "/api/v1/termijnen?na=gisteren").await;
    assert_eq!(status, 400);
    assert_eq!(problem["invalidParams"][0]["name"], "na");

    // The page links to the next one and to the dossier it belongs to.
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .get(&browser, "/termijnen?weken=104&limiet=2")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(r#"href="/signalen/{id}""#)));
    let next = between(&page, r#"id="volgende" href=""#, "\"").replace("&#38;", "&");
    assert!(
        next.starts_with("/termijnen?weken=104&limiet=2&na="),
        "{next}"
    );
    let page = app.get(&browser, &next).await.text().await.unwrap();
    assert!(!page.contains(r#"id="volgende""#), "the last page");
    assert_eq!(page.matches("Zienswijze op het voornemen").count(), 1);
}
