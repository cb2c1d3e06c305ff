//! A dossier's subjects and objects after intake (issue 12): add, correct and unlink, with the
//! intake's validation, the municipality's one record of an identifier, "where else", the journal
//! and the processing log; another municipality gets not found. Asking to join a dossier's team
//! from its index line, decided by the owner. On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::Value;

crate::on_both_backends!(
    subjects_and_objects_are_added_corrected_and_unlinked_after_intake,
    a_colleague_asks_to_join_from_the_index_line_and_the_owner_decides,
    the_api_adds_corrects_unlinks_and_asks_to_join,
);

async fn journal_texts(app: &TestApp, token: &str, id: &str) -> Vec<String> {
    let (_, journal) = get_json(app, token, &format!("/api/v1/signalen/{id}/journaalposten")).await;
    journal
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["tekst"].as_str().map(str::to_string))
        .collect()
}

async fn subjects_and_objects_are_added_corrected_and_unlinked_after_intake(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let mut other = valid_signal("GM0534");
    other["subjecten"] = serde_json::json!([]);
    other["objecten"] = serde_json::json!([{"soort": "voertuig", "kenteken": "99-XX-99"}]);
    let other = create(&app, &team.token, &other).await;
    let browser = app.signed_in_browser("t@example.nl").await;

    // Add: choose the kind, then its fields; the intake's validation at the field.
    let page = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(r#"href="/signalen/{id}/koppelingen/nieuw""#)));
    let page = app
        .get(&browser, &format!("/signalen/{id}/koppelingen/nieuw"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("?soort=voertuig"), "the kinds to choose from");
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/koppelingen"),
            &[
                ("soort", "voertuig"),
                ("entiteit_kenteken", "GEEN KENTEKEN!"),
                ("entiteit_rol", "gebruiker"),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(
        page.contains(r#"id="fout-entiteit_kenteken""#)
            && page.contains(r#"value="GEEN KENTEKEN!""#),
        "the error at its field, the input kept"
    );
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/koppelingen"),
            &[
                ("soort", "voertuig"),
                ("entiteit_kenteken", "99-xx-99"),
                ("entiteit_rol", "gebruiker"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        location(&response),
        format!("/signalen/{id}#kop-betrokkenen")
    );
    // The municipality's record of that plate is the one the other signal has: "where else".
    let page = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let section = between(&page, r#"id="kop-betrokkenen""#, "</section>");
    assert!(
        section.contains("99-XX-99") && section.contains(&format!(r#"href="/signalen/{other}""#)),
        "{section}"
    );
    // The same again with the same role: a conflict, not a second line.
    let again = app
        .post(
            &browser,
            &format!("/signalen/{id}/koppelingen"),
            &[
                ("soort", "voertuig"),
                ("entiteit_kenteken", "99XX99"),
                ("entiteit_rol", "gebruiker"),
            ],
        )
        .await;
    assert_eq!(again.status(), 409);

    // Correct the person's name: the reason is required; the correction is journaled.
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let person = signal["subjecten"][0]["id"].as_str().unwrap().to_string();
    let edit = format!("/signalen/{id}/koppelingen/{person}");
    let page = app
        .get(&browser, &format!("{edit}?rol=bewoner"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"name="entiteit_achternaam" type="text" value="Jansen""#),
        "the form starts from what is recorded"
    );
    let fields = [
        ("rol_nu", "bewoner"),
        ("soort", "persoon"),
        ("entiteit_bsn", "999900006"),
        ("entiteit_voornamen", "Jan"),
        ("entiteit_achternaam", "Janssen"),
        ("entiteit_rol", "bewoner"),
    ];
    let response = app.post(&browser, &edit, &fields).await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains(r#"id="fout-motivering""#)
    );
    let mut with_reason = fields.to_vec();
    with_reason.push(("motivering", "Achternaam volgens de BRP."));
    let response = app.post(&browser, &edit, &with_reason).await;
    assert_eq!(response.status(), 303);
    let texts = journal_texts(&app, &team.token, &id).await;
    assert!(
        texts.iter().any(|t| t
            == "Gecorrigeerd: Jan Jansen (bewoner) → Jan Janssen (bewoner). Reden: Achternaam volgens de BRP."),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Toegevoegd: Kenteken 99-XX-99 (gebruiker).")),
        "{texts:?}"
    );

    // A wrong BSN: the right person's record takes its place.
    let response = app
        .post(
            &browser,
            &edit,
            &[
                ("rol_nu", "bewoner"),
                ("soort", "persoon"),
                ("entiteit_bsn", "111222333"),
                ("entiteit_achternaam", "Janssen"),
                ("entiteit_rol", "bewoner"),
                ("motivering", "Verkeerd BSN overgenomen."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let subjects = signal["subjecten"].as_array().unwrap();
    assert_eq!(subjects.len(), 1, "{signal}");
    let replaced = subjects[0]["id"].as_str().unwrap().to_string();
    assert_ne!(replaced, person);

    // Unlink: the reason is required, the record stays.
    let unlink = format!("/signalen/{id}/koppelingen/{replaced}");
    let response = app
        .post(
            &browser,
            &unlink,
            &[
                ("rol_nu", "bewoner"),
                ("soort", "persoon"),
                ("actie", "ontkoppelen"),
                ("reden", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    let section = between(&page, r#"id="kop-ontkoppelen""#, "</section>");
    assert!(section.contains(r#"id="fout-reden""#), "{section}");
    let response = app
        .post(
            &browser,
            &unlink,
            &[
                ("rol_nu", "bewoner"),
                ("soort", "persoon"),
                ("actie", "ontkoppelen"),
                ("reden", "Woont er niet."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    assert_eq!(signal["subjecten"], Value::Array(vec![]));
    // The record stays (in no dossier of this user now, so the API does not show it).
    let mut tx = app.store.begin_read().await.unwrap();
    assert!(
        tx.entiteit(uuid::Uuid::parse_str(&replaced).unwrap())
            .await
            .unwrap()
            .is_some()
    );
    drop(tx);
    let (code, _) = get_json(&app, &team.token, &format!("/api/v1/subjecten/{replaced}")).await;
    assert_eq!(code, 404);
    let texts = journal_texts(&app, &team.token, &id).await;
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Ontkoppeld: Janssen (bewoner). Reden: Woont er niet.")),
        "{texts:?}"
    );

    // The processing log names what was done to the data subject.
    let mut tx = app.store.begin_read().await.unwrap();
    let records = tx
        .list_verwerkingen(&baken_store::VerwerkingFilter {
            dossier_id: Some(uuid::Uuid::parse_str(&id).unwrap()),
            limit: 200,
            ..Default::default()
        })
        .await
        .unwrap();
    for actie in [
        "entiteit.koppelen",
        "entiteit.corrigeren",
        "entiteit.ontkoppelen",
    ] {
        assert!(records.iter().any(|r| r.actie == actie), "{actie}");
    }
    drop(tx);

    // Another municipality: not found, for the page and the change.
    let lisse = app.signed_in_browser("l@example.nl").await;
    assert_eq!(
        app.get(&lisse, &format!("/signalen/{id}/koppelingen/nieuw"))
            .await
            .status(),
        404
    );
    let response = app
        .post(
            &lisse,
            &format!("/signalen/{id}/koppelingen"),
            &[
                ("soort", "voertuig"),
                ("entiteit_kenteken", "12-AB-34"),
                ("entiteit_rol", "gebruiker"),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);
}

async fn a_colleague_asks_to_join_from_the_index_line_and_the_owner_decides(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let owner = api_user(&app, "o@example.nl", "teamlid", &["GM0534"]).await;
    let colleague = api_user(&app, "c@example.nl", "teamlid", &["GM0534"]).await;
    api_user(&app, "d@example.nl", "teamlid", &["GM0534"]).await;
    api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let id = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let asker = app.signed_in_browser("c@example.nl").await;
    let path = format!("/signalen/{id}");

    // The index line offers the question; a reason is required.
    let page = app.get(&asker, &path).await.text().await.unwrap();
    assert!(page.contains("U ziet alleen de indexregel") && page.contains("Toegang vragen"));
    assert!(!page.contains("Sterke hennepgeur"));
    let ask = format!("/signalen/{id}/toegangsverzoeken");
    let response = app.post(&asker, &ask, &[("toegang_reden", " ")]).await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains(r#"id="fout-toegang_reden""#)
    );
    let response = app
        .post(
            &asker,
            &ask,
            &[("toegang_reden", "Zelfde loods als mijn casus S-2026-0040.")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = app.get(&asker, &path).await.text().await.unwrap();
    assert!(
        page.contains("Wacht op besluit"),
        "the asker sees it waiting"
    );
    let again = app
        .post(&asker, &ask, &[("toegang_reden", "Nog eens.")])
        .await;
    assert_eq!(again.status(), 409);
    // Another municipality's user cannot even ask: not found.
    let lisse = app.signed_in_browser("l@example.nl").await;
    assert_eq!(
        app.post(&lisse, &ask, &[("toegang_reden", "x")])
            .await
            .status(),
        404
    );

    // The owner finds it on the start page and on the dossier; a refusal needs a motivation.
    let decider = app.signed_in_browser("o@example.nl").await;
    let start = app.get(&decider, "/").await.text().await.unwrap();
    let listed = between(&start, r#"id="verzoeken-om-toegang""#, "</table>");
    assert!(
        listed.contains("Test teamlid") && listed.contains("Zelfde loods"),
        "{listed}"
    );
    let page = app.get(&decider, &path).await.text().await.unwrap();
    let section = between(&page, r#"id="kop-toegang""#, "</section>");
    let verzoek = between(section, &format!("/signalen/{id}/toegangsverzoeken/"), "\"").to_string();
    let decide = format!("/signalen/{id}/toegangsverzoeken/{verzoek}");
    let response = app
        .post(
            &decider,
            &decide,
            &[("toegang_besluit", "afwijzen"), ("toegang_motivering", "")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(
        page.contains(r#"id="fout-toegang_motivering""#)
            && page.contains(r#"value="afwijzen" checked"#)
    );
    // A colleague who is not the owner (nor the coordinator) does not decide.
    let other = app.signed_in_browser("d@example.nl").await;
    assert_eq!(
        app.post(&other, &decide, &[("toegang_besluit", "toekennen")])
            .await
            .status(),
        404,
        "without access to the dossier: not found"
    );
    let response = app
        .post(
            &decider,
            &decide,
            &[
                ("toegang_besluit", "toekennen"),
                ("toegang_motivering", "Zelfde loods."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.post(
            &decider,
            &decide,
            &[("toegang_besluit", "afwijzen"), ("toegang_motivering", "x")]
        )
        .await
        .status(),
        409,
        "decided once"
    );

    // Now on the team: the content shows; the journal has both steps.
    let page = app.get(&asker, &path).await.text().await.unwrap();
    assert!(
        page.contains("Sterke hennepgeur"),
        "the colleague sees the content now"
    );
    let (_, signal) = get_json(&app, &colleague.token, &format!("/api/v1/signalen/{id}")).await;
    assert_eq!(
        signal["omschrijving"],
        "Sterke hennepgeur bij de loods, ramen dichtgeplakt."
    );
    let texts = journal_texts(&app, &owner.token, &id).await;
    assert!(
        texts.iter().any(|t| t
            .starts_with("Test teamlid vraagt om toegang tot het signaal. Reden: Zelfde loods")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t
            == "Toegang toegekend aan Test teamlid: lid van het team. Motivering: Zelfde loods."),
        "{texts:?}"
    );
    let start = app.get(&decider, "/").await.text().await.unwrap();
    assert!(
        !start.contains("verzoeken-om-toegang"),
        "nothing left to decide"
    );
    // A team member who is not the owner does not decide on the next request: forbidden.
    let response = app
        .post(&other, &ask, &[("toegang_reden", "Ook ik.")])
        .await;
    assert_eq!(response.status(), 303);
    let page = app.get(&decider, &path).await.text().await.unwrap();
    let section = between(&page, r#"id="kop-toegang""#, "</section>");
    let next = between(section, &format!("/signalen/{id}/toegangsverzoeken/"), "\"").to_string();
    assert_eq!(
        app.post(
            &asker,
            &format!("/signalen/{id}/toegangsverzoeken/{next}"),
            &[("toegang_besluit", "toekennen")]
        )
        .await
        .status(),
        403
    );
}

async fn the_api_adds_corrects_unlinks_and_asks_to_join(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let owner = api_user(&app, "o@example.nl", "teamlid", &["GM0534"]).await;
    let colleague = api_user(&app, "c@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let base = format!("/api/v1/signalen/{id}/koppelingen");

    let wrong = post_json(
        &app,
        &owner.token,
        &base,
        &serde_json::json!({"soort": "adres", "postcode": "2181AB", "huisnummer": {"n": 3}}),
    )
    .await;
    assert_eq!(wrong.status(), 400, "wrong JSON type");
    let bad = post_json(
        &app,
        &owner.token,
        &base,
        &serde_json::json!({"soort": "rekening", "iban": "NL00BANK0123456789"}),
    )
    .await;
    assert_eq!(bad.status(), 400);
    let problem: Value = bad.json().await.unwrap();
    assert_eq!(
        problem["invalidParams"][0]["name"], "entiteit.iban",
        "{problem}"
    );
    let added = post_json(&app, &owner.token, &base, &serde_json::json!({"soort": "organisatie", "naam": "Loods BV", "kvkNummer": "12345678", "rol": "eigenaar"})).await;
    assert_eq!(added.status(), 201);
    assert!(location(&added).starts_with("/api/v1/subjecten/"));
    let entity = added.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let put = |body: Value| {
        let app = &app;
        let token = owner.token.clone();
        let path = format!("{base}/{entity}");
        async move {
            app.api()
                .put(app.at(&path))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let response = put(serde_json::json!({"rolNu": "eigenaar", "entiteit": {"soort": "organisatie", "naam": "Loods B.V.", "kvkNummer": "12345678", "rol": "eigenaar"}})).await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(
        problem["invalidParams"][0]["name"], "motivering",
        "{problem}"
    );
    let response = put(serde_json::json!({"rolNu": "eigenaar", "motivering": "Naam volgens KvK.", "entiteit": {"soort": "organisatie", "naam": "Loods B.V.", "kvkNummer": "12345678", "rol": "eigenaar"}})).await;
    assert_eq!(response.status(), 200);
    let (_, signal) = get_json(&app, &owner.token, &format!("/api/v1/signalen/{id}")).await;
    assert!(signal.to_string().contains("Loods B.V."), "{signal}");
    let gone = post_json(
        &app,
        &owner.token,
        &format!("{base}/{entity}/ontkoppeling"),
        &serde_json::json!({"rolNu": "eigenaar", "motivering": "Verkeerde onderneming."}),
    )
    .await;
    assert_eq!(gone.status(), 204);
    let again = post_json(
        &app,
        &owner.token,
        &format!("{base}/{entity}/ontkoppeling"),
        &serde_json::json!({"rolNu": "eigenaar", "motivering": "Nog eens."}),
    )
    .await;
    assert_eq!(again.status(), 404, "no such link any more");

    // Asking to join through the API.
    let ask = format!("/api/v1/signalen/{id}/toegangsverzoeken");
    assert_eq!(
        post_json(&app, &owner.token, &ask, &serde_json::json!({"reden": "x"}))
            .await
            .status(),
        409,
        "the owner works on it already"
    );
    let asked = post_json(
        &app,
        &colleague.token,
        &ask,
        &serde_json::json!({"reden": "Zelfde adres."}),
    )
    .await;
    assert_eq!(asked.status(), 201);
    let verzoek = asked.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, list) = get_json(&app, &owner.token, &ask).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let decide = format!("{ask}/{verzoek}/besluit");
    assert_eq!(
        post_json(
            &app,
            &owner.token,
            &decide,
            &serde_json::json!({"besluit": "misschien"})
        )
        .await
        .status(),
        400
    );
    assert_eq!(
        post_json(
            &app,
            &colleague.token,
            &decide,
            &serde_json::json!({"besluit": "toekennen"})
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        post_json(
            &app,
            &owner.token,
            &decide,
            &serde_json::json!({"besluit": "toekennen"})
        )
        .await
        .status(),
        204
    );
    let (_, signal) = get_json(&app, &colleague.token, &format!("/api/v1/signalen/{id}")).await;
    assert_eq!(
        signal["omschrijving"],
        "Sterke hennepgeur bij de loods, ramen dichtgeplakt."
    );
}
