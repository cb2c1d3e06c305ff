//! What a step establishes beyond its date (issue 13): a Bibob conclusion names the degree of
//! danger and its ground (Wet Bibob art. 3), a forfeited or collected penalty its amount; refused
//! with every field named when missing or out of place, shown on the intervention's page and in
//! the journal. On both databases.

use crate::maatregelen::{days_ago, invalid, step};
use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    a_bibob_conclusion_names_the_danger_and_its_ground,
    a_penalty_records_its_amount_and_the_page_adds_them_up,
);

async fn propose(app: &TestApp, token: &str, signal: &str, body: Value) -> String {
    let response = post_json(
        app,
        token,
        &format!("/api/v1/signalen/{signal}/maatregelen"),
        &body,
    )
    .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let m: Value = response.json().await.unwrap();
    m["id"].as_str().unwrap().to_string()
}

fn recorded<'a>(m: &'a Value, stap: &str) -> Vec<&'a Value> {
    m["stappen"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["stap"] == stap)
        .collect()
}

async fn a_bibob_conclusion_names_the_danger_and_its_ground(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    crate::lekken::grant_bibob(&app, &coordinator, "coordinator").await;
    let id = create(&app, &coordinator.token, &valid_signal("GM0534")).await;
    let bid = propose(
        &app,
        &coordinator.token,
        &id,
        json!({"instrument": "bibob-weigering"}),
    )
    .await;
    // The own investigation may be recorded before it concludes; a ground without a danger not.
    let (status, problem) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "eigen-onderzoek", "datum": days_ago(30), "bibobGrond": "a"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![("bibobGrond".to_string(), "ongeldig".to_string())]
    );
    let (status, _) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "eigen-onderzoek", "datum": days_ago(30)}),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "bibob-adviesaanvraag", "datum": days_ago(20)}),
    )
    .await;
    assert_eq!(status, 201);
    // The bureau's advice without its conclusion; then a danger without its ground; then an
    // unknown degree, an amount where none belongs: each field named.
    let (status, problem) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "bibob-advies", "datum": days_ago(2)}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![("gevaar".to_string(), "verplicht".to_string())]
    );
    let (status, problem) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "bibob-advies", "datum": days_ago(2), "gevaar": "ernstig"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![("bibobGrond".to_string(), "verplicht".to_string())]
    );
    let (status, problem) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "bibob-advies", "datum": days_ago(2), "gevaar": "groot", "bedrag": "100"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![
            ("gevaar".to_string(), "onbekend".to_string()),
            ("bedrag".to_string(), "ongeldig".to_string())
        ]
    );
    // The wrong JSON type is named too.
    let (status, problem) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "bibob-advies", "datum": days_ago(2), "gevaar": 3}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(invalid(&problem)[0].0, "gevaar", "{problem}");
    let (status, m) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "bibob-advies", "datum": days_ago(2), "gevaar": "ernstig", "bibobGrond": "a-en-b"}),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    let advies = recorded(&m, "bibob-advies");
    assert_eq!(advies.len(), 1);
    assert_eq!(advies[0]["gevaar"], "ernstig");
    assert_eq!(advies[0]["bibobGrond"], "a-en-b");
    assert!(advies[0].get("bedrag").is_none());
    // Read back as stored.
    let (_, m) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/maatregelen/{bid}"),
    )
    .await;
    assert_eq!(recorded(&m, "bibob-advies")[0]["gevaar"], "ernstig");
    // A conclusion belongs to the Bibob steps only.
    let (status, problem) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "voornemen", "datum": days_ago(1), "gevaar": "ernstig", "bibobGrond": "a"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![
            ("gevaar".to_string(), "ongeldig".to_string()),
            ("bibobGrond".to_string(), "ongeldig".to_string())
        ]
    );
    // The journal (Bibob class, for the cleared) names the conclusion; the page shows it.
    let (_, journal) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert!(
        journal.to_string().contains("Conclusie: ernstig gevaar"),
        "{journal}"
    );
    let browser = app.signed_in_browser("c@example.nl").await;
    let page = app
        .get(&browser, &format!("/maatregelen/{bid}"))
        .await
        .text()
        .await
        .unwrap();
    let verloop = between(&page, r#"id="stappen""#, "</ol>");
    assert!(
        verloop.contains("Conclusie: ernstig gevaar, a- en b-grond"),
        "{verloop}"
    );
    assert!(page.contains(r#"name="gevaar""#), "the form asks for it");
}

async fn a_penalty_records_its_amount_and_the_page_adds_them_up(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let person = signal["subjecten"][0]["id"].as_str().unwrap().to_string();
    let mid = propose(
        &app,
        &team.token,
        &id,
        json!({"instrument": "opiumwet-13b-dwangsom", "adressaten": [person]}),
    )
    .await;
    for (stap, dagen) in [("voornemen", 40), ("besluit", 20), ("bekendmaking", 19)] {
        let (status, body) = step(
            &app,
            &team.token,
            &mid,
            json!({"stap": stap, "datum": days_ago(dagen)}),
        )
        .await;
        assert_eq!(status, 201, "{stap}: {body}");
    }
    // Through the page: a forfeiture without its amount, then with a wrong one, re-renders the
    // form with the error at its field in Dutch and the input kept.
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .get(&browser, &format!("/maatregelen/{mid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"name="bedrag""#), "the form asks for it");
    assert!(
        !page.contains(r#"name="gevaar""#),
        "no Bibob conclusion on a penalty"
    );
    let path = format!("/maatregelen/{mid}/stappen");
    let datum = days_ago(5);
    let response = app
        .post(&browser, &path, &[("stap", "verbeurte"), ("datum", &datum)])
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"id="fout-bedrag""#), "error at the field");
    assert!(page.contains("Vul het bedrag in"), "in Dutch");
    let response = app
        .post(
            &browser,
            &path,
            &[("stap", "verbeurte"), ("datum", &datum), ("bedrag", "twee")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(page.contains("Geen geldig bedrag"), "named");
    assert!(page.contains(r#"value="twee""#), "input kept");
    for (datum, bedrag) in [(days_ago(5), "2.500,00"), (days_ago(3), "€ 2500")] {
        let response = app
            .post(
                &browser,
                &path,
                &[("stap", "verbeurte"), ("datum", &datum), ("bedrag", bedrag)],
            )
            .await;
        assert_eq!(response.status(), 303, "{bedrag}");
    }
    let (status, m) = step(
        &app,
        &team.token,
        &mid,
        json!({"stap": "invordering", "datum": days_ago(1), "bedrag": "5000.00"}),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    let verbeurd: Vec<&str> = recorded(&m, "verbeurte")
        .iter()
        .map(|s| s["bedrag"].as_str().unwrap())
        .collect();
    assert_eq!(verbeurd, ["2500.00", "2500.00"]);
    assert_eq!(recorded(&m, "invordering")[0]["bedrag"], "5000.00");
    let page = app
        .get(&browser, &format!("/maatregelen/{mid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<dt>Dwangsommen verbeurd</dt><dd>€ 5.000,00 (2×)</dd>"),
        "{page}"
    );
    assert!(page.contains("<dt>Dwangsommen ingevorderd</dt><dd>€ 5.000,00 (1×)</dd>"));
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert!(
        journal.to_string().contains("Bedrag: € 2.500,00"),
        "{journal}"
    );
}
