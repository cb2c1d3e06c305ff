//! The API base: tokens, problem+json, API-Version, 404/405 conventions.

use crate::support::*;

crate::on_both_backends!(
    token_gives_the_users_profile_until_revoked,
    json_of_the_wrong_shape_is_a_400_naming_each_field_in_dutch
);

async fn json_of_the_wrong_shape_is_a_400_naming_each_field_in_dutch(backend: Backend) {
    use crate::signalen::{api_user, post_json, valid_signal};
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    // A number for the house number is accepted: the BAG API sends one.
    let mut numeric = valid_signal("GM0534");
    numeric["objecten"][0]["huisnummer"] = serde_json::json!(12);
    let created = post_json(&app, &team.token, "/api/v1/signalen", &numeric).await;
    assert_eq!(created.status(), 201, "{:?}", created.text().await);

    let problem = |body: serde_json::Value| {
        let app = &app;
        let token = team.token.clone();
        async move {
            let response = post_json(app, &token, "/api/v1/signalen", &body).await;
            assert_eq!(response.status(), 400);
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json"
            );
            let problem: serde_json::Value = response.json().await.unwrap();
            let params = problem["invalidParams"].as_array().unwrap().clone();
            params
                .iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().to_string(),
                        p["reason"].as_str().unwrap().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let mut wrong_type = valid_signal("GM0534");
    wrong_type["objecten"][0]["huisnummer"] = serde_json::json!(true);
    assert_eq!(
        problem(wrong_type).await,
        [(
            "objecten[0].huisnummer".to_string(),
            "Verkeerd type: verwacht tekst.".to_string()
        )]
    );
    let mut missing = valid_signal("GM0534");
    missing.as_object_mut().unwrap().remove("ontvangstdatum");
    let named = problem(missing).await;
    assert_eq!(named.len(), 1, "{named:?}");
    assert_eq!(named[0].0, "ontvangstdatum");
    // Each invalid parameter says what is wrong in a code, beside the Dutch reason.
    let mut coded = valid_signal("GM0534");
    coded["subjecten"][0]["bsn"] = serde_json::json!("123456789");
    coded["objecten"][0]["postcode"] = serde_json::json!("12345");
    coded["omschrijving"] = serde_json::json!("");
    coded["bron"] = serde_json::json!("roddel");
    let response = post_json(&app, &team.token, "/api/v1/signalen", &coded).await;
    let body: serde_json::Value = response.json().await.unwrap();
    let code_of = |name: &str| {
        body["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["code"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{name} not named: {body}"))
    };
    assert_eq!(code_of("subjecten[0].bsn"), "elfproef");
    assert_eq!(code_of("objecten[0].postcode"), "formaat");
    assert_eq!(code_of("omschrijving"), "verplicht");
    assert_eq!(code_of("bron"), "onbekend");
    let mut not_a_list = valid_signal("GM0534");
    not_a_list["fenomenen"] = serde_json::json!("hennep");
    assert_eq!(
        problem(not_a_list).await,
        [(
            "fenomenen".to_string(),
            "Verkeerd type: verwacht een lijst.".to_string()
        )]
    );
}

async fn token_gives_the_users_profile_until_revoked(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("a@example.nl", "analist", &["GM0534", "GM0553"])
        .await;
    let (record, token) = app
        .services
        .create_api_token(
            &baken_core::Caller::System,
            "a@example.nl",
            "koppeling",
            &Default::default(),
        )
        .await
        .unwrap();
    let api = app.api();
    let response = api
        .get(app.at("/api/v1/gebruikersprofiel"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("api-version").unwrap(), "1.0.0");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["email"], "a@example.nl");
    assert_eq!(body["rollen"], serde_json::json!(["analist"]));
    assert_eq!(body["gemeenten"], serde_json::json!(["GM0534", "GM0553"]));

    let gemeenten: serde_json::Value = api
        .get(app.at("/api/v1/gemeenten"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(gemeenten.as_array().unwrap().len(), 2);

    // Revoked through the account page, the token stops working.
    let browser = app.signed_in_browser("a@example.nl").await;
    let revoked = app
        .post(
            &browser,
            &format!("/account/tokens/{}/intrekken", record.id),
            &[],
        )
        .await;
    assert_eq!(location(&revoked), "/account#tokens");
    let response = api
        .get(app.at("/api/v1/gebruikersprofiel"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn errors_are_problem_json_with_api_version() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let api = app.api();
    let cases = [
        (reqwest::Method::GET, "/api/v1/gebruikersprofiel", None, 401),
        (
            reqwest::Method::GET,
            "/api/v1/gebruikersprofiel",
            Some("bkn_onzin"),
            401,
        ),
        (
            reqwest::Method::GET,
            "/api/v1/gebruikersprofiel/",
            None,
            404,
        ),
        (reqwest::Method::GET, "/api/v1/bestaat-niet", None, 404),
        (
            reqwest::Method::DELETE,
            "/api/v1/gebruikersprofiel",
            None,
            405,
        ),
        (reqwest::Method::POST, "/api/v1/openapi.json", None, 405),
    ];
    for (method, path, token, status) in cases {
        let mut request = api.request(method.clone(), app.at(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{method} {path}");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "application/problem+json",
            "{method} {path}"
        );
        assert_eq!(
            response.headers().get("api-version").unwrap(),
            "1.0.0",
            "{method} {path}"
        );
        if status == 405 {
            assert!(
                response
                    .headers()
                    .get("allow")
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .contains("GET"),
                "Allow on 405"
            );
        }
        if status == 401 {
            assert_eq!(
                response.headers().get("www-authenticate").unwrap(),
                "Bearer"
            );
        }
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], status, "{method} {path}");
        assert!(
            body["title"].is_string() && body["detail"].is_string(),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_session_cookie_does_not_open_the_api() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.mfa_required = false).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.signed_in_browser("a@example.nl").await;
    assert_eq!(
        app.get(&browser, "/api/v1/gebruikersprofiel")
            .await
            .status(),
        401,
        "the API takes bearer tokens only"
    );
}

#[tokio::test]
async fn openapi_document_describes_the_api() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .api()
        .get(app.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        "*"
    );
    let doc: serde_json::Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    assert!(doc["paths"]["/gebruikersprofiel"]["get"]["responses"]["401"].is_object());
    assert!(doc["components"]["securitySchemes"]["apiToken"].is_object());
    // The committed copy must match what is served, so reviewers see every contract change.
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../../docs/openapi.json")).unwrap();
    assert_eq!(
        doc, committed,
        "docs/openapi.json is out of date: run `baken openapi > docs/openapi.json`"
    );
}
