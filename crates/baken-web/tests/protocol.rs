//! The privacy protocol at work: a transition and a source consultation refused until privacy
//! check 1 is approved and permits the source; loading a new version (API and browser); refusals
//! at the status form. On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    source_research_waits_for_privacy_check_1,
    a_new_protocol_version_changes_the_rules_and_keeps_history,
    an_administrator_loads_a_version_in_the_browser,
    the_status_form_shows_refusals_at_the_form_and_keeps_the_input,
);

pub async fn patch_status(
    app: &TestApp,
    token: &str,
    id: &str,
    status: &str,
    motivering: Option<&str>,
) -> (u16, Value) {
    patch_signal(
        app,
        token,
        id,
        json!({"status": status, "motivering": motivering}),
    )
    .await
}

pub fn approval(bronnen: &[&str]) -> Value {
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
    incomplete["antwoorden"]
        .as_object_mut()
        .unwrap()
        .remove("noodzaak");
    // A missing aspect is a field error of its own (400), every one at once.
    let refused = post_json(&app, &privacy.token, &path, &incomplete).await;
    assert_eq!(refused.status(), 400);
    let problem: Value = refused.json().await.unwrap();
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["antwoorden.noodzaak", "antwoorden.subsidiariteit"],
        "{problem}"
    );
    assert_eq!(problem["invalidParams"][0]["code"], "verplicht");
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
            .split("<td class=\"utrecht-table__cell\" data-label=\"Uitkomst\">Geen actie</td><td class=\"utrecht-table__cell\" data-label=\"Termijn\">")
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
    // The case lifecycle of the protocol's [casus] section is on the page too.
    let casus = between(&document, r#"id="kop-casus""#, "</section>");
    assert!(
        casus.contains("Plan van aanpak") && casus.contains("goedgekeurde privacytoets 2b"),
        "{casus}"
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
