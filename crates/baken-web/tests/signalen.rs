//! Signals through the API: validation, creation, the journal, need-to-know, confidentiality,
//! shared entities and search. On both databases.

use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    invalid_identifiers_are_all_named_and_nothing_is_stored,
    a_signal_is_created_with_its_journal_which_cannot_be_changed,
    other_municipalities_get_404_and_bibob_entries_are_shielded,
    shared_entities_show_where_else_they_appear,
    search_finds_only_what_the_caller_may_see,
    the_intake_form_shows_every_error_in_dutch_and_keeps_the_input,
    attachments_are_encrypted_authorised_and_never_inline,
    the_team_is_managed_from_the_dossier_page,
);

pub struct ApiUser {
    pub token: String,
    pub id: String,
}

pub async fn api_user(app: &TestApp, email: &str, role: &str, gemeenten: &[&str]) -> ApiUser {
    app.user(email, role, gemeenten).await;
    let (record, token) = app
        .services
        .create_api_token(
            &baken_core::Caller::System,
            email,
            "test",
            &Default::default(),
        )
        .await
        .unwrap();
    ApiUser {
        token,
        id: record.user_id.to_string(),
    }
}

pub fn valid_signal(gemeente: &str) -> Value {
    json!({
        "gemeente": gemeente,
        "ontvangstdatum": "2026-11-20",
        "bron": "inwoner",
        "omschrijving": "Sterke hennepgeur bij de loods, ramen dichtgeplakt.",
        "fenomenen": ["hennep"],
        "subjecten": [{"soort": "persoon", "bsn": "999900006", "voornamen": "Jan", "achternaam": "Jansen", "rol": "bewoner"}],
        "objecten": [
            {"soort": "adres", "postcode": "2181 ab", "huisnummer": "12", "straat": "Stationsweg", "woonplaats": "Hillegom"},
            {"soort": "voertuig", "kenteken": "GB-123-X"}
        ]
    })
}

pub async fn post_json(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.api()
        .post(app.at(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

pub async fn get_json(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let response = app
        .api()
        .get(app.at(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn create(app: &TestApp, token: &str, body: &Value) -> String {
    let response = post_json(app, token, "/api/v1/signalen", body).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let location = location(&response);
    let created: Value = response.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/signalen/{id}"));
    id
}

async fn invalid_identifiers_are_all_named_and_nothing_is_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let user = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let mut body = valid_signal("GM0534");
    body["subjecten"][0]["bsn"] = json!("123456789");
    body["objecten"][0]["postcode"] = json!("12345");
    body["objecten"][1]["kenteken"] = json!("AAAAAA");
    let response = post_json(&app, &user.token, "/api/v1/signalen", &body).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "subjecten[0].bsn",
            "objecten[0].postcode",
            "objecten[1].kenteken"
        ]
    );
    assert!(
        problem["invalidParams"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("elfproef"),
        "Dutch reason"
    );
    let (_, page) = get_json(&app, &user.token, "/api/v1/signalen?gemeente=GM0534").await;
    assert_eq!(
        page["signalen"].as_array().unwrap().len(),
        0,
        "nothing stored"
    );

    let not_json = app
        .api()
        .post(app.at("/api/v1/signalen"))
        .bearer_auth(&user.token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(
        not_json.headers()["content-type"],
        "application/problem+json"
    );
}

async fn a_signal_is_created_with_its_journal_which_cannot_be_changed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let user = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &user.token, &valid_signal("GM0534")).await;
    let (status, signal) = get_json(&app, &user.token, &format!("/api/v1/signalen/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        signal["nummer"].as_str().unwrap().starts_with("S-20"),
        "{signal}"
    );
    assert_eq!(signal["status"], "ontvangen");
    assert_eq!(signal["toegang"], "volledig");
    assert_eq!(signal["subjecten"][0]["gegevens"]["bsn"], "999900006");
    let object = |soort: &str| {
        signal["objecten"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["soort"] == soort)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        object("adres")["gegevens"]["postcode"],
        "2181AB",
        "normalised"
    );
    assert_eq!(object("voertuig")["gegevens"]["kenteken"], "GB-123-X");

    let journal_path = format!("/api/v1/signalen/{id}/journaalposten");
    let (_, journal) = get_json(&app, &user.token, &journal_path).await;
    assert_eq!(journal.as_array().unwrap().len(), 1);
    assert!(
        journal[0]["tekst"]
            .as_str()
            .unwrap()
            .contains("geregistreerd")
    );

    let entry = post_json(&app, &user.token, &journal_path, &json!({"soort": "waarneming", "tekst": "Ramen afgeplakt met folie.", "gebeurdOp": "2026-11-21T21:30:00+01:00"})).await;
    assert_eq!(entry.status(), 201);
    let entry_location = location(&entry);
    let entry_id = entry.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(entry_location, format!("{journal_path}/{entry_id}"));
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::PATCH,
        reqwest::Method::DELETE,
    ] {
        let response = app
            .api()
            .request(method.clone(), app.at(&entry_location))
            .bearer_auth(&user.token)
            .json(&json!({"tekst": "anders"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method}");
        assert_eq!(response.headers()["allow"], "GET,HEAD");
    }
    let correction = post_json(&app, &user.token, &journal_path, &json!({"soort": "correctie", "tekst": "Het was vrijdag, niet zaterdag.", "corrigeert": entry_id})).await;
    assert_eq!(correction.status(), 201);
    let bad_correction = post_json(
        &app,
        &user.token,
        &journal_path,
        &json!({"soort": "correctie", "tekst": "x"}),
    )
    .await;
    assert_eq!(bad_correction.status(), 400);
    let (_, journal) = get_json(&app, &user.token, &journal_path).await;
    assert_eq!(journal.as_array().unwrap().len(), 3);
    assert_eq!(
        journal[1]["tekst"], "Ramen afgeplakt met folie.",
        "the original stays"
    );
    assert_eq!(journal[1]["gecorrigeerdDoor"], json!([3]));
    assert_eq!(journal[2]["corrigeert"], entry_id);

    let patched = app
        .api()
        .patch(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(&user.token)
        .json(&json!({"status": "intake", "motivering": "Concreet en recent.", "versie": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    let stale = app
        .api()
        .patch(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(&user.token)
        .json(&json!({"status": "weging", "versie": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 409, "a stale version is refused");
    let jump = app
        .api()
        .patch(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(&user.token)
        .json(&json!({"status": "naar-casus"}))
        .send()
        .await
        .unwrap();
    assert_eq!(jump.status(), 409, "transitions follow the status model");
    let (_, journal) = get_json(&app, &user.token, &journal_path).await;
    assert!(
        journal[3]["tekst"]
            .as_str()
            .unwrap()
            .contains("ontvangen → intake"),
        "{}",
        journal[3]
    );
}

async fn other_municipalities_get_404_and_bibob_entries_are_shielded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = api_user(&app, "eigenaar@example.nl", "teamlid", &["GM0534"]).await;
    let stranger = api_user(&app, "lisse@example.nl", "teamlid", &["GM0553"]).await;
    let colleague = api_user(&app, "collega@example.nl", "teamlid", &["GM0534"]).await;
    let coordinator = api_user(&app, "coord@example.nl", "coordinator", &["GM0534"]).await;
    let id = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let path = format!("/api/v1/signalen/{id}");

    for p in [path.clone(), format!("{path}/journaalposten")] {
        let (status, body) = get_json(&app, &stranger.token, &p).await;
        assert_eq!(status, 404, "{p}");
        assert_eq!(body["status"], 404);
    }
    let (status, index) = get_json(&app, &colleague.token, &path).await;
    assert_eq!(status, 200);
    assert_eq!(index["toegang"], "index");
    assert!(
        index.get("omschrijving").is_none() && index.get("subjecten").is_none(),
        "index line only: {index}"
    );
    assert_eq!(
        get_json(&app, &colleague.token, &format!("{path}/journaalposten"))
            .await
            .0,
        404
    );

    // The owner has no Bibob clearance and cannot record Bibob information.
    let refused = post_json(
        &app,
        &owner.token,
        &format!("{path}/journaalposten"),
        &json!({"soort": "notitie", "tekst": "x", "vertrouwelijkheid": "bibob"}),
    )
    .await;
    assert_eq!(refused.status(), 400);
    // A coordinator with clearance can.
    let coordinator_id = baken_domain::UserId(uuid::Uuid::parse_str(&coordinator.id).unwrap());
    let record = app
        .services
        .user(&baken_core::Caller::System, coordinator_id)
        .await
        .unwrap();
    let update = baken_core::UserUpdateInput {
        name: record.name.to_string(),
        roles: vec!["coordinator".into()],
        gemeenten: vec!["GM0534".into()],
        active: true,
        bibob_clearance: true,
    };
    app.services
        .update_user(
            &baken_core::Caller::System,
            coordinator_id,
            &update,
            &Default::default(),
        )
        .await
        .unwrap();
    let secret = post_json(&app, &coordinator.token, &format!("{path}/journaalposten"), &json!({"soort": "partnerinformatie", "tekst": "LBB-advies: ernstig gevaar.", "vertrouwelijkheid": "bibob"})).await;
    assert_eq!(secret.status(), 201);

    let (_, for_owner) = get_json(&app, &owner.token, &format!("{path}/journaalposten")).await;
    let shielded = &for_owner[1];
    assert_eq!(shielded["afgeschermd"], true, "{shielded}");
    assert!(
        shielded.get("tekst").is_none() && shielded.get("vertrouwelijkheid").is_none(),
        "no content: {shielded}"
    );
    let (_, for_coordinator) =
        get_json(&app, &coordinator.token, &format!("{path}/journaalposten")).await;
    assert_eq!(for_coordinator[1]["tekst"], "LBB-advies: ernstig gevaar.");
}

async fn shared_entities_show_where_else_they_appear(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let hillegom = api_user(&app, "h@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let first = create(&app, &hillegom.token, &valid_signal("GM0534")).await;
    let second = create(&app, &hillegom.token, &valid_signal("GM0534")).await;
    let third = create(&app, &lisse.token, &valid_signal("GM0553")).await;

    let (_, signal) = get_json(&app, &hillegom.token, &format!("/api/v1/signalen/{second}")).await;
    let address = signal["objecten"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["soort"] == "adres")
        .unwrap();
    let known: Vec<&str> = address["ookBekendIn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["signaal"].as_str().unwrap())
        .collect();
    assert_eq!(
        known,
        [first.as_str()],
        "the earlier Hillegom signal, not itself, not Lisse's"
    );
    assert_eq!(
        address["ookEldersBekend"], true,
        "Lisse's signal only as a neutral fact"
    );
    assert!(
        !signal.to_string().contains(&third),
        "nothing of the other municipality's signal"
    );

    let entity = address["id"].as_str().unwrap();
    let (status, object) =
        get_json(&app, &hillegom.token, &format!("/api/v1/objecten/{entity}")).await;
    assert_eq!(status, 200);
    assert_eq!(object["ookBekendIn"].as_array().unwrap().len(), 2);
    assert_eq!(
        get_json(
            &app,
            &hillegom.token,
            &format!("/api/v1/subjecten/{entity}")
        )
        .await
        .0,
        404,
        "an address is no subject"
    );
    let outsider = api_user(&app, "o@example.nl", "teamlid", &["GM0534"]).await;
    assert_eq!(
        get_json(&app, &outsider.token, &format!("/api/v1/objecten/{entity}"))
            .await
            .0,
        404,
        "index-only users do not see entities"
    );

    // The collections: subjects and objects the caller works with, never another municipality's.
    let (status, subjects) = get_json(&app, &hillegom.token, "/api/v1/subjecten").await;
    assert_eq!(status, 200);
    let persons = subjects["subjecten"].as_array().unwrap();
    assert_eq!(
        persons.len(),
        1,
        "one person, shared by both signals: {subjects}"
    );
    assert_eq!(persons[0]["soort"], "persoon");
    let (_, objects) = get_json(&app, &hillegom.token, "/api/v1/objecten?limiet=1").await;
    assert_eq!(objects["objecten"].as_array().unwrap().len(), 1);
    let cursor = objects["volgende"]
        .as_str()
        .expect("a second page")
        .to_string();
    let (_, rest) = get_json(
        &app,
        &hillegom.token,
        &format!("/api/v1/objecten?limiet=1&na={cursor}"),
    )
    .await;
    let mut kinds: Vec<&str> = [&objects, &rest]
        .iter()
        .flat_map(|page| page["objecten"].as_array().unwrap())
        .map(|o| o["soort"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["adres", "voertuig"]);
    let (_, vehicles) = get_json(&app, &hillegom.token, "/api/v1/objecten?soort=voertuig").await;
    assert_eq!(vehicles["objecten"].as_array().unwrap().len(), 1);
    assert!(vehicles.get("volgende").is_none());
    let (_, none) = get_json(&app, &outsider.token, "/api/v1/objecten").await;
    assert_eq!(
        none["objecten"].as_array().unwrap().len(),
        0,
        "nothing for a colleague who works on none of them"
    );
    let (status, problem) = get_json(
        &app,
        &hillegom.token,
        "/api/v1/subjecten?soort=adres&limiet=veel&na=x",
    )
    .await;
    assert_eq!(status, 400);
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["soort", "na", "limiet"]);
}

async fn search_finds_only_what_the_caller_may_see(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let hillegom = api_user(&app, "h@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let id = create(&app, &hillegom.token, &valid_signal("GM0534")).await;
    let found: Value = post_json(
        &app,
        &hillegom.token,
        "/api/v1/signalen/_zoek",
        &json!({"zoekterm": "hennepgeur loods"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(found["treffers"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["treffers"][0]["signaal"]["id"], id.as_str());
    let none: Value = post_json(
        &app,
        &lisse.token,
        "/api/v1/signalen/_zoek",
        &json!({"zoekterm": "hennepgeur"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(none["treffers"].as_array().unwrap().len(), 0);
    let by_bsn: Value = post_json(
        &app,
        &hillegom.token,
        "/api/v1/signalen/_zoek",
        &json!({"bsn": "999900006"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(by_bsn["treffers"][0]["signaal"]["id"], id.as_str());
    assert!(
        by_bsn["treffers"][0]["signaal"]
            .get("omschrijving")
            .is_none(),
        "identifier search gives index lines"
    );
    let invalid = post_json(
        &app,
        &hillegom.token,
        "/api/v1/signalen/_zoek",
        &json!({"bsn": "123456789"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["invalidParams"][0]["name"],
        "bsn"
    );
    let entry = post_json(
        &app,
        &hillegom.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
        &json!({"soort": "veldbezoek", "tekst": "Zonnepanelen op het dak van de schuur."}),
    )
    .await;
    assert_eq!(entry.status(), 201);
    let in_journal: Value = post_json(
        &app,
        &hillegom.token,
        "/api/v1/signalen/_zoek",
        &json!({"zoekterm": "zonnepanelen"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(in_journal["treffers"][0]["gevondenIn"], "journaalpost");
    assert!(in_journal.get("volgende").is_none(), "one page");

    // Pages: newest first, continued with the cursor until the last page has none.
    create(&app, &hillegom.token, &valid_signal("GM0534")).await;
    create(&app, &hillegom.token, &valid_signal("GM0534")).await;
    let mut seen = Vec::new();
    let mut na: Option<String> = None;
    for _ in 0..3 {
        let page: Value = post_json(
            &app,
            &hillegom.token,
            "/api/v1/signalen/_zoek",
            &json!({"zoekterm": "hennepgeur", "limiet": 2, "na": na}),
        )
        .await
        .json()
        .await
        .unwrap();
        for hit in page["treffers"].as_array().unwrap() {
            seen.push(hit["signaal"]["id"].as_str().unwrap().to_string());
        }
        na = page["volgende"].as_str().map(String::from);
        if na.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 3, "three signals, each once: {seen:?}");
    assert_eq!(seen.last().unwrap(), &id, "the oldest comes last");
    let bad = post_json(
        &app,
        &hillegom.token,
        "/api/v1/signalen/_zoek",
        &json!({"zoekterm": "hennepgeur", "limiet": 0, "na": "x"}),
    )
    .await;
    assert_eq!(bad.status(), 400);
    let problem: Value = bad.json().await.unwrap();
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["na", "limiet"]);
}

async fn the_intake_form_shows_every_error_in_dutch_and_keeps_the_input(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("t@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.signed_in_browser("t@example.nl").await;
    let form = [
        ("gemeente", "GM0534"),
        ("ontvangstdatum", "2026-11-20"),
        ("bron", "inwoner"),
        ("omschrijving", "Hennepgeur bij de schuur."),
        ("fenomenen", "hennep"),
        ("persoon_bsn", "123456789"),
        ("persoon_achternaam", "Verzonnen"),
        ("adres_postcode", "21810"),
        ("adres_huisnummer", "7"),
        ("voertuig_kenteken", "123456"),
    ];
    let response = app.post(&browser, "/signalen/nieuw", &form).await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    for expected in [
        "voldoet niet aan de elfproef",
        "Een postcode bestaat uit vier cijfers en twee letters",
        "geen geldig Nederlands kenteken",
    ] {
        assert!(page.contains(expected), "missing: {expected}");
    }
    for (field, kept) in [
        ("veld-omschrijving", "Hennepgeur bij de schuur."),
        ("veld-persoon_achternaam", "Verzonnen"),
        ("veld-adres_huisnummer", "7"),
    ] {
        assert!(
            page.contains(field) && page.contains(kept),
            "{field} keeps {kept}"
        );
    }
    assert!(
        page.contains("id=\"fout-persoon_bsn\"")
            && page.contains("id=\"fout-adres_postcode\"")
            && page.contains("id=\"fout-voertuig_kenteken\""),
        "each error next to its field"
    );
    let backlog = app.get(&browser, "/signalen").await.text().await.unwrap();
    assert!(
        backlog.contains("Geen signalen gevonden."),
        "nothing stored"
    );

    let ok = [
        ("persoon_bsn", "999900006"),
        ("adres_postcode", "2181 XA"),
        ("voertuig_kenteken", "GB-123-X"),
    ];
    let fixed: Vec<(&str, &str)> = form
        .iter()
        .map(|(k, v)| (*k, ok.iter().find(|(n, _)| n == k).map_or(*v, |(_, v)| *v)))
        .collect();
    let created = app.post(&browser, "/signalen/nieuw", &fixed).await;
    assert_eq!(created.status(), 303);
    let dossier = app
        .get(&browser, &location(&created))
        .await
        .text()
        .await
        .unwrap();
    assert!(dossier.contains("Signaal S-") && dossier.contains("Hennepgeur bij de schuur."));

    // While typing the next signal, the form's htmx partial shows where the person is known.
    let first = location(&created);
    let partial = app
        .post(
            &browser,
            "/signalen/nieuw/elders",
            &[
                ("persoon_bsn", "999900006"),
                ("voertuig_kenteken", "XX-99-XX"),
            ],
        )
        .await;
    assert_eq!(partial.status(), 200);
    let partial = partial.text().await.unwrap();
    assert!(
        partial.contains("Al bekend in Baken") && partial.contains(&format!("href=\"{first}\"")),
        "{partial}"
    );
    assert_eq!(
        partial.matches("<li>").count(),
        1,
        "the unknown vehicle finds nothing"
    );
    let nothing = app
        .post(
            &browser,
            "/signalen/nieuw/elders",
            &[("persoon_bsn", "12345")],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !nothing.contains("Al bekend"),
        "an incomplete BSN finds nothing"
    );
}

async fn attachments_are_encrypted_authorised_and_never_inline(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = api_user(&app, "h@example.nl", "teamlid", &["GM0534"]).await;
    let stranger = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let id = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let marker = "GEHEIM-PROCES-VERBAAL-0451";
    let content: Vec<u8> = format!("<html><script>alert(1)</script>{marker}</html>")
        .repeat(3000)
        .into_bytes();
    let form = reqwest::multipart::Form::new()
        .text("vertrouwelijkheid", "vertrouwelijk")
        .part(
            "bestand",
            reqwest::multipart::Part::bytes(content.clone())
                .file_name("verslag ‘veldbezoek’.html")
                .mime_str("text/html")
                .unwrap(),
        );
    let path = format!("/api/v1/signalen/{id}/bijlagen");
    let response = app
        .api()
        .post(app.at(&path))
        .bearer_auth(&owner.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let location = location(&response);

    let (status, list) = get_json(&app, &owner.token, &path).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["grootte"], content.len());
    // Listing attachments (file names may be personal data) is logged like every other read.
    app.user("fg@example.nl", "privacyfunctionaris", &["GM0534"])
        .await;
    let users = app
        .services
        .users(&baken_core::Caller::System)
        .await
        .unwrap();
    let privacy = app
        .services
        .actor(
            users
                .iter()
                .find(|u| u.email.as_str() == "fg@example.nl")
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    let dossier = uuid::Uuid::parse_str(&id).unwrap();
    let logged = app
        .services
        .access_log_of(&privacy, dossier, 50)
        .await
        .unwrap();
    assert!(
        logged
            .iter()
            .any(|r| r.object_soort == "bijlagen" && r.context.contains("/bijlagen")),
        "{logged:?}"
    );
    let owner_actor = app
        .services
        .actor(baken_domain::UserId(
            uuid::Uuid::parse_str(&owner.id).unwrap(),
        ))
        .await
        .unwrap();
    assert!(
        matches!(
            app.services.access_log_of(&owner_actor, dossier, 5).await,
            Err(baken_core::ServiceError::Forbidden)
        ),
        "only the privacy officer"
    );
    let download = app
        .api()
        .get(app.at(&location))
        .bearer_auth(&owner.token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.headers()["content-type"],
        "application/octet-stream",
        "never rendered as HTML"
    );
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), content.as_slice());

    for p in [path.clone(), location.clone()] {
        assert_eq!(
            app.api()
                .get(app.at(&p))
                .bearer_auth(&stranger.token)
                .send()
                .await
                .unwrap()
                .status(),
            404,
            "{p}"
        );
    }
    let (_, journal) = get_json(
        &app,
        &owner.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert!(
        journal
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["soort"] == "document-ontvangen"),
        "the upload is in the journal"
    );

    // At rest: neither the file store nor the database holds the content in the clear.
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(&app.attachments_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            stored.push(std::fs::read(path).unwrap());
        }
    }
    assert_eq!(
        stored.len(),
        1,
        "one encrypted file, no temporary leftovers"
    );
    assert!(
        !contains(&stored[0], marker.as_bytes()),
        "the file store holds ciphertext only"
    );
    if let Some(db) = &app.sqlite_file {
        for suffix in ["", "-wal"] {
            if let Ok(bytes) = std::fs::read(format!("{}{suffix}", db.display())) {
                assert!(
                    !contains(&bytes, marker.as_bytes()),
                    "the database file holds no content"
                );
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn the_team_is_managed_from_the_dossier_page(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let owner = api_user(&app, "eigenaar@example.nl", "teamlid", &["GM0534"]).await;
    let colleague = api_user(&app, "collega@example.nl", "analist", &["GM0534"]).await;
    app.user("lisse@example.nl", "teamlid", &["GM0553"]).await;
    let id = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let owner_browser = app.signed_in_browser("eigenaar@example.nl").await;
    let colleague_browser = app.signed_in_browser("collega@example.nl").await;
    let before = app
        .get(&colleague_browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        before.contains("alleen de indexregel"),
        "not in the team yet"
    );
    assert_eq!(
        app.get(&colleague_browser, &format!("/signalen/{id}/team"))
            .await
            .status(),
        403,
        "only who sees the dossier manages its team"
    );

    let form = app
        .get(&owner_browser, &format!("/signalen/{id}/team"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        form.contains(&colleague.id),
        "colleagues of the municipality are offered"
    );
    assert!(
        !form.contains("lisse@example.nl") && !form.contains(&owner.id),
        "{form}"
    );
    let versie = form
        .split("name=\"versie\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let saved = app
        .post(
            &owner_browser,
            &format!("/signalen/{id}/team"),
            &[
                ("team", colleague.id.as_str()),
                ("motivering", "Analist voor de vastgoedkant."),
                ("versie", versie.as_str()),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let after = app
        .get(&colleague_browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        after.contains("Sterke hennepgeur") && after.contains("Team: Test analist."),
        "full access, and the change is in the journal"
    );

    let refused = app
        .post(
            &owner_browser,
            &format!("/signalen/{id}/team"),
            &[("team", "niet-een-id")],
        )
        .await;
    assert_eq!(refused.status(), 400);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Onbekende medewerker.")
    );
}
