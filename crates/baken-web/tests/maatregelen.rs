//! Interventions under the catalogue of instruments (issue 13): an Opiumwet 13b closure carried
//! through its steps with every deadline computed and listed; a 174a closure refused without its
//! ground, urgent use refused without a motivation and its view step skipped with one; a Bibob
//! intervention only for a cleared person; another municipality gets not found. On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};
use time::{Date, Duration};

crate::on_both_backends!(
    an_opiumwet_13b_closure_walks_its_steps_with_every_deadline_computed,
    a_174a_closure_needs_its_ground_and_urgent_use_its_motivation,
    bibob_interventions_are_for_cleared_people_and_others_see_nothing,
    the_pages_propose_an_intervention_record_its_steps_and_list_the_deadlines,
    the_intent_and_decision_letters_are_pdfs_with_the_legal_basis_and_the_objection_notice,
);

pub(crate) fn invalid(problem: &Value) -> Vec<(String, String)> {
    problem["invalidParams"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or_default().to_string(),
                        p["code"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn today() -> Date {
    baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc())
}

pub(crate) fn days_ago(n: i64) -> String {
    (today() - Duration::days(n)).to_string()
}

pub(crate) async fn step(app: &TestApp, token: &str, id: &str, body: Value) -> (u16, Value) {
    let response = post_json(
        app,
        token,
        &format!("/api/v1/maatregelen/{id}/stappen"),
        &body,
    )
    .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn termijn<'a>(m: &'a Value, soort: &str) -> &'a Value {
    m["termijnen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["soort"] == soort)
        .unwrap_or_else(|| panic!("no {soort} in {m}"))
}

async fn an_opiumwet_13b_closure_walks_its_steps_with_every_deadline_computed(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "coordinator", &["GM0553"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let person = signal["subjecten"][0]["id"].as_str().unwrap().to_string();
    let address = signal["objecten"][0]["id"].as_str().unwrap().to_string();

    // The catalogue lists the instruments with their steps.
    let (status, catalogue) = get_json(&app, &team.token, "/api/v1/maatregelen/catalogus").await;
    assert_eq!(status, 200);
    assert!(
        catalogue["instrumenten"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code"] == "opiumwet-13b-sluiting" && i["duurVerplicht"] == true)
    );

    // A closure without a duration, with an addressee not of this dossier: both named.
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "opiumwet-13b-sluiting", "adressaten": [uuid::Uuid::new_v4().to_string()]}),
    )
    .await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(
        invalid(&problem),
        vec![
            ("duur".to_string(), "verplicht".to_string()),
            ("adressaten[0]".to_string(), "onbekend".to_string())
        ]
    );
    // JSON of the wrong type is a 400 naming the field too.
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "opiumwet-13b-sluiting", "spoed": "ja"}),
    )
    .await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(invalid(&problem)[0].0, "spoed", "{problem}");

    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({
            "instrument": "opiumwet-13b-sluiting",
            "duur": "P3M",
            "adressaten": [person],
            "object": address,
            "motivering": "Geschikt, noodzakelijk en evenredig: handelshoeveelheid in een woning."
        }),
    )
    .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let location = location(&response);
    let m: Value = response.json().await.unwrap();
    let mid = m["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/maatregelen/{mid}"));
    assert!(m["nummer"].as_str().unwrap().starts_with("M-"));
    assert_eq!(m["bevoegd"], "burgemeester");
    assert_eq!(m["volgendeStappen"][0], "bestuurlijke-rapportage");
    assert_eq!(m["termijnen"], json!([]));

    // Out of order, in the future, not a step: every one named.
    let (status, problem) = step(
        &app,
        &team.token,
        &mid,
        json!({"stap": "bezwaar", "datum": days_ago(1)}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![("stap".to_string(), "ongeldig".to_string())]
    );
    let (status, problem) = step(
        &app,
        &team.token,
        &mid,
        json!({"stap": "voornemen", "datum": (today() + Duration::days(3)).to_string()}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![("datum".to_string(), "ongeldig".to_string())]
    );
    let (status, problem) = step(
        &app,
        &team.token,
        &mid,
        json!({"stap": "koffie", "datum": "gisteren"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![
            ("stap".to_string(), "onbekend".to_string()),
            ("datum".to_string(), "formaat".to_string())
        ]
    );

    // The procedure, step by step.
    let bekendmaking = today() - Duration::days(39);
    for (stap, ago) in [
        ("bestuurlijke-rapportage", 60),
        ("voornemen", 50),
        ("zienswijze", 45),
        ("besluit", 40),
    ] {
        let (status, body) = step(
            &app,
            &team.token,
            &mid,
            json!({"stap": stap, "datum": days_ago(ago)}),
        )
        .await;
        assert_eq!(status, 201, "{stap}: {body}");
    }
    let (status, m) = step(
        &app,
        &team.token,
        &mid,
        json!({"stap": "bekendmaking", "datum": bekendmaking.to_string(), "toelichting": "Aangetekend verzonden."}),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    let expected = baken_domain::termijnen::bezwaartermijn(bekendmaking, &[]);
    assert_eq!(
        termijn(&m, "bezwaartermijn")["einddatum"],
        expected.einddatum.to_string()
    );
    assert_eq!(termijn(&m, "bezwaartermijn")["aan"], "betrokkene");
    assert_eq!(termijn(&m, "zienswijzetermijn")["voldaan"], true);
    assert!(termijn(&m, "begunstigingstermijn")["einddatum"].is_string());
    // The decision may not come before the intent; a date before it is refused.
    let (status, problem) = step(
        &app,
        &team.token,
        &mid,
        json!({"stap": "uitvoering", "datum": days_ago(41)}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![("datum".to_string(), "ongeldig".to_string())]
    );
    for (stap, ago) in [
        ("publicatie", 38),
        ("uitvoering", 20),
        ("ingang", 20),
        ("bezwaar", 10),
    ] {
        let (status, body) = step(
            &app,
            &team.token,
            &mid,
            json!({"stap": stap, "datum": days_ago(ago)}),
        )
        .await;
        assert_eq!(status, 201, "{stap}: {body}");
    }
    let (_, m) = get_json(&app, &team.token, &format!("/api/v1/maatregelen/{mid}")).await;
    let beslis =
        baken_domain::termijnen::beslistermijn_bezwaar(expected.einddatum, true, false, &[]);
    assert_eq!(
        termijn(&m, "beslistermijn-bezwaar")["einddatum"],
        beslis.einddatum.to_string()
    );
    assert_eq!(termijn(&m, "beslistermijn-bezwaar")["aan"], "gemeente");
    assert_eq!(termijn(&m, "bezwaartermijn")["voldaan"], true);
    let ingang = today() - Duration::days(20);
    let einde = baken_domain::protocol::Duur::parse("P3M")
        .unwrap()
        .na(ingang)
        - Duration::days(1);
    assert_eq!(
        termijn(&m, "einde-sluiting")["einddatum"],
        einde.to_string()
    );
    // An ECLI only with a judgment, and well-formed.
    let (status, problem) = step(
        &app,
        &team.token,
        &mid,
        json!({"stap": "hoorzitting", "datum": days_ago(5), "ecli": "ECLI:NL:RVS:2022:285"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![("ecli".to_string(), "ongeldig".to_string())]
    );

    // Every step is in the dossier's journal, with the deadline it started.
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    let texts: Vec<String> = journal
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["soort"] == "maatregel")
        .map(|p| p["tekst"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 10, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Besluit bekendgemaakt")
        && t.contains(&baken_domain::tijd::format_date_nl(expected.einddatum))));

    // The deadline overview: the member's own open deadlines; the team's only for a coordinator.
    let (status, overview) = get_json(&app, &team.token, "/api/v1/termijnen?weken=104").await;
    assert_eq!(status, 200, "{overview}");
    let all: Vec<&Value> = ["verlopen", "dezeWeek", "later"]
        .iter()
        .flat_map(|k| overview[*k].as_array().unwrap().iter())
        .collect();
    let soorten: Vec<&str> = all.iter().map(|t| t["soort"].as_str().unwrap()).collect();
    assert!(soorten.contains(&"beslistermijn-bezwaar"), "{overview}");
    assert!(soorten.contains(&"einde-sluiting"), "{overview}");
    assert!(
        !soorten.contains(&"bezwaartermijn"),
        "met deadlines are not listed"
    );
    assert!(all.iter().all(|t| t["signaalNummer"] == signal["nummer"]));
    let (status, _) = get_json(&app, &team.token, "/api/v1/termijnen?team=true").await;
    assert_eq!(status, 403);
    let (status, problem) = get_json(
        &app,
        &team.token,
        "/api/v1/termijnen?weken=abc&team=misschien",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        invalid(&problem),
        vec![
            ("team".to_string(), "formaat".to_string()),
            ("weken".to_string(), "formaat".to_string())
        ]
    );

    // Another municipality's coordinator: not found, and nothing of it in their overview.
    let (status, _) = get_json(&app, &lisse.token, &format!("/api/v1/maatregelen/{mid}")).await;
    assert_eq!(status, 404);
    let (status, _) = step(
        &app,
        &lisse.token,
        &mid,
        json!({"stap": "hoorzitting", "datum": days_ago(1)}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, overview) =
        get_json(&app, &lisse.token, "/api/v1/termijnen?team=true&weken=104").await;
    assert_eq!(status, 200);
    assert_eq!(overview["later"], json!([]));
    assert_eq!(overview["verlopen"], json!([]));
    let (status, _) = get_json(
        &app,
        &lisse.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
    )
    .await;
    assert_eq!(status, 404);
}

async fn a_174a_closure_needs_its_ground_and_urgent_use_its_motivation(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let path = format!("/api/v1/signalen/{id}/maatregelen");

    let response = post_json(
        &app,
        &team.token,
        &path,
        &json!({"instrument": "gemeentewet-174a-sluiting", "duur": "P3M"}),
    )
    .await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(
        invalid(&problem),
        vec![("grond".to_string(), "verplicht".to_string())]
    );
    assert!(
        problem["invalidParams"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("174a")
    );

    let urgent = json!({"instrument": "gemeentewet-174a-sluiting", "duur": "P3M", "grond": "b", "spoed": true});
    let response = post_json(&app, &team.token, &path, &urgent).await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(
        invalid(&problem),
        vec![("spoedMotivering".to_string(), "verplicht".to_string())]
    );

    // Nothing was stored by the refusals.
    let (_, list) = get_json(&app, &team.token, &path).await;
    assert_eq!(list, json!([]));

    let mut urgent = urgent;
    urgent["spoedMotivering"] = json!("Explosie aan de voordeur; nieuwe aanslag gevreesd.");
    let response = post_json(&app, &team.token, &path, &urgent).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let m: Value = response.json().await.unwrap();
    assert_eq!(
        m["overgeslagenStappen"],
        json!(["voornemen", "zienswijze", "hoorgesprek"])
    );
    assert!(
        !m["volgendeStappen"]
            .as_array()
            .unwrap()
            .contains(&json!("zienswijze"))
    );
    let mid = m["id"].as_str().unwrap();
    let (status, problem) = step(
        &app,
        &team.token,
        mid,
        json!({"stap": "zienswijze", "datum": days_ago(1)}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        problem["invalidParams"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("overgeslagen")
    );
    // The decision straight away, without intent.
    let (status, body) = step(
        &app,
        &team.token,
        mid,
        json!({"stap": "besluit", "datum": days_ago(1)}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
}

async fn bibob_interventions_are_for_cleared_people_and_others_see_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "bibob-weigering"}),
    )
    .await;
    assert_eq!(
        response.status(),
        403,
        "art. 28 Wet Bibob: only a cleared person"
    );
    let (_, list) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
    )
    .await;
    assert_eq!(list, json!([]));
    // A cleared coordinator records a Bibob refusal on the member's signal: the member, on the
    // team but not cleared, does not learn of it (art. 28 Wet Bibob) — not in the list, not by id,
    // not in the deadlines; the coordinator sees it all.
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    crate::lekken::grant_bibob(&app, &coordinator, "coordinator").await;
    let response = post_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "bibob-weigering"}),
    )
    .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let bibob: Value = response.json().await.unwrap();
    let bid = bibob["id"].as_str().unwrap().to_string();
    let (status, _) = step(
        &app,
        &coordinator.token,
        &bid,
        json!({"stap": "bibob-adviesaanvraag", "datum": days_ago(2)}),
    )
    .await;
    assert_eq!(status, 201);
    let (_, list) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (_, overview) = get_json(
        &app,
        &coordinator.token,
        "/api/v1/termijnen?team=true&weken=104",
    )
    .await;
    assert!(
        overview.to_string().contains("bibob-adviestermijn"),
        "{overview}"
    );
    let (_, list) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
    )
    .await;
    assert_eq!(list, json!([]));
    let (status, _) = get_json(&app, &team.token, &format!("/api/v1/maatregelen/{bid}")).await;
    assert_eq!(status, 404);
    let (status, _) = step(
        &app,
        &team.token,
        &bid,
        json!({"stap": "bibob-advies", "datum": days_ago(1)}),
    )
    .await;
    assert_eq!(status, 404);
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert!(!journal.to_string().contains("Bibob"), "{journal}");

    // An unknown instrument is named, not guessed.
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "13b"}),
    )
    .await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(
        invalid(&problem),
        vec![("instrument".to_string(), "onbekend".to_string())]
    );
    // An unknown intervention: 404, as one of another municipality.
    let (status, _) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/maatregelen/{}", uuid::Uuid::new_v4()),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = get_json(&app, &team.token, "/api/v1/maatregelen/geen-id").await;
    assert_eq!(status, 404);
}

async fn the_pages_propose_an_intervention_record_its_steps_and_list_the_deadlines(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let person = signal["subjecten"][0]["id"].as_str().unwrap().to_string();
    let browser = app.signed_in_browser("t@example.nl").await;

    let page = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let section = between(&page, r#"id="kop-maatregelen""#, "</section>");
    assert!(section.contains("Nog geen maatregelen"), "{section}");
    assert!(section.contains(&format!(r#"href="/signalen/{id}/maatregelen/nieuw""#)));
    let form = app
        .get(&browser, &format!("/signalen/{id}/maatregelen/nieuw"))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains(r#"value="gemeentewet-174a-sluiting""#));
    assert!(
        !form.contains(r#"value="bibob-weigering""#),
        "not cleared for Bibob"
    );
    assert!(
        form.contains(&format!(r#"value="{person}""#)),
        "the dossier's subjects to address"
    );
    assert!(form.contains("Damoclesbeleid"), "the matrix is shown");

    // A 174a closure without its ground and urgent without a motivation: the form again, every
    // error at its field, the input kept.
    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/maatregelen"),
            &[
                ("instrument", "gemeentewet-174a-sluiting"),
                ("duur", "P3M"),
                ("spoed", "ja"),
                ("adressaten", &person),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    for field in ["grond", "spoed_motivering"] {
        assert!(page.contains(&format!(r#"id="fout-{field}""#)), "{field}");
    }
    assert!(page.contains(r#"value="P3M""#), "input kept");
    assert!(
        page.contains(&format!(r#"value="{person}" checked"#)),
        "addressee kept"
    );

    let response = app
        .post(
            &browser,
            &format!("/signalen/{id}/maatregelen"),
            &[
                ("instrument", "gemeentewet-174a-sluiting"),
                ("grond", "c"),
                ("duur", "P3M"),
                ("adressaten", &person),
                (
                    "motivering",
                    "Wapen aangetroffen; ernstige vrees voor verstoring.",
                ),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let at = location(&response);
    assert!(at.starts_with("/maatregelen/"), "{at}");
    let page = app.get(&browser, &at).await.text().await.unwrap();
    assert!(page.contains("Woningsluiting artikel 174a Gemeentewet"));
    assert!(page.contains("wapen of munitie"), "the ground in words");
    assert!(page.contains("Nog geen termijnen"));

    // A step: an error re-renders at its field; then the intent, and its deadline appears.
    let steps = format!("{at}/stappen");
    let response = app
        .post(
            &browser,
            &steps,
            &[("stap", "besluit"), ("datum", "morgen")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"id="fout-stap""#) && page.contains(r#"id="fout-datum""#));
    assert!(page.contains(r#"value="morgen""#));
    // The intent three weeks ago: the view's term (one week for 174a) has passed unmet.
    let weeks_ago = (today() - Duration::days(21)).to_string();
    let page = app.get(&browser, "/").await.text().await.unwrap();
    assert!(!page.contains(r#"id="mijn-termijnen""#), "no deadlines yet");
    let response = app
        .post(
            &browser,
            &steps,
            &[("stap", "voornemen"), ("datum", &weeks_ago)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = app.get(&browser, "/").await.text().await.unwrap();
    assert!(
        between(&page, r#"id="mijn-termijnen""#, "</p>").contains("1 verlopen"),
        "the start page says a deadline has passed"
    );
    let page = app.get(&browser, &at).await.text().await.unwrap();
    let termijnen = between(&page, r#"id="kop-termijnen""#, "</section>");
    assert!(
        termijnen.contains("Zienswijze op het voornemen"),
        "{termijnen}"
    );
    assert!(termijnen.contains("Hoe berekend"));
    assert!(between(&page, r#"id="kop-stappen""#, "</section>").contains("Voornemen verzonden"));

    // The deadline overview: the member's own; the coordinator's team view names who is responsible.
    let page = app.get(&browser, "/termijnen").await.text().await.unwrap();
    assert!(page.contains("Mijn termijnen"));
    assert!(page.contains("Zienswijze op het voornemen"), "{page}");
    assert!(
        !page.contains("Termijnen van het hele team"),
        "not a coordinator"
    );
    assert_eq!(app.get(&browser, "/termijnen?team=ja").await.status(), 403);
    assert_eq!(
        app.get(&browser, "/termijnen?weken=nul").await.status(),
        400
    );
    let coordinator = app.signed_in_browser("c@example.nl").await;
    let page = app
        .get(&coordinator, "/termijnen?team=ja")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Termijnen van het team"));
    assert!(page.contains("Zienswijze op het voornemen") && page.contains("Verantwoordelijk"));
    let page = app
        .get(&coordinator, "/termijnen")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("Zienswijze op het voornemen"),
        "not the coordinator's own"
    );
}

async fn the_intent_and_decision_letters_are_pdfs_with_the_legal_basis_and_the_objection_notice(
    backend: Backend,
) {
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
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let person = signal["subjecten"][0]["id"].as_str().unwrap().to_string();
    let address = signal["objecten"][0]["id"].as_str().unwrap().to_string();
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "opiumwet-13b-sluiting", "duur": "P3M", "adressaten": [person], "object": address,
                "motivering": "Een handelshoeveelheid hennep in de woning; lichtere middelen volstaan niet."}),
    )
    .await;
    let m: Value = response.json().await.unwrap();
    let mid = m["id"].as_str().unwrap().to_string();
    let letters = format!("/api/v1/maatregelen/{mid}/brieven");

    let mut texts = Vec::new();
    for soort in ["voornemen", "besluit"] {
        let response = post_json(&app, &team.token, &letters, &json!({"soort": soort})).await;
        assert_eq!(
            response.status(),
            201,
            "{soort}: {:?}",
            response.text().await
        );
        let at = location(&response);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            at,
            format!(
                "/api/v1/signalen/{id}/bijlagen/{}",
                body["bijlage"].as_str().unwrap()
            )
        );
        let pdf = app
            .api()
            .get(app.at(&at))
            .bearer_auth(&team.token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        texts.push(crate::bewaren::pdf_text(&pdf));
    }
    let (intent, decision) = (&texts[0], &texts[1]);
    for text in [intent, decision] {
        assert!(
            text.contains("artikel 13b, eerste lid, aanhef en onder b, Opiumwet"),
            "{text}"
        );
        assert!(text.contains("zes weken"), "{text}");
        assert!(text.contains("bezwaar"), "{text}");
        assert!(
            text.contains("Gemeente Hillegom") && text.contains("A. Burgemeester"),
            "{text}"
        );
        assert!(text.contains(m["nummer"].as_str().unwrap()), "{text}");
        assert!(text.contains("Jansen"), "addressed to the person: {text}");
    }
    assert!(
        intent.contains("zienswijze") && intent.contains("artikel 4:8"),
        "{intent}"
    );
    assert!(
        decision.contains("Postbus 1, 2180 AA Hillegom"),
        "where to object: {decision}"
    );
    assert!(decision.contains("begunstigingstermijn"), "{decision}");
    assert!(decision.contains("voorlopige voorziening"), "{decision}");

    // Both are in the journal; an unknown letter is named; urgent use has no intent letter.
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert_eq!(
        journal
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["tekst"]
                .as_str()
                .unwrap_or_default()
                .contains("opgesteld"))
            .count(),
        2
    );
    let response = post_json(&app, &team.token, &letters, &json!({"soort": "kerstkaart"})).await;
    assert_eq!(response.status(), 400);
    let response = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "gemeentewet-174a-sluiting", "duur": "P3M", "grond": "a", "spoed": true, "spoedMotivering": "Acuut gevaar."}),
    )
    .await;
    let urgent: Value = response.json().await.unwrap();
    let response = post_json(
        &app,
        &team.token,
        &format!(
            "/api/v1/maatregelen/{}/brieven",
            urgent["id"].as_str().unwrap()
        ),
        &json!({"soort": "voornemen"}),
    )
    .await;
    assert_eq!(response.status(), 409);
}
