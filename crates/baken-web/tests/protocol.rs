//! The privacy protocol at work through the API: a transition and a source consultation refused
//! until privacy check 1 is approved and permits the source; loading a new version. On both
//! databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    source_research_waits_for_privacy_check_1,
    a_new_protocol_version_changes_the_rules_and_keeps_history,
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
    let app = TestApp::spawn(backend).await;
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
