//! The findings of the outside probe (issue 10): each test failed on the code before its fix.
//! On both databases.

use crate::signalen::{ApiUser, api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    search_pages_and_cursors_count_only_what_the_caller_may_see,
    an_entity_shows_only_what_the_own_municipality_recorded,
    the_backlog_pages_over_what_the_caller_may_see_and_index_lines_say_little,
    parallel_sign_ins_check_at_most_the_limit,
    a_forged_forwarded_for_does_not_escape_throttling,
    a_legal_hold_needs_full_access,
    where_else_is_logged_and_rate_limited_like_an_identifier_search,
    signals_have_bounded_entities_and_credentials_bounded_requests,
    tokens_expire_and_end_with_the_password_and_sign_out_everywhere,
    a_callers_traceparent_does_not_choose_the_trace,
    a_nul_character_is_invalid_input_everywhere,
    dates_are_bounded_and_iso_8601_in_the_api,
    only_the_owner_or_coordinator_changes_who_works_on_a_dossier,
);

pub(crate) async fn grant_bibob(app: &TestApp, user: &ApiUser, role: &str) {
    let id = baken_domain::UserId(uuid::Uuid::parse_str(&user.id).unwrap());
    let record = app
        .services
        .user(&baken_core::Caller::System, id)
        .await
        .unwrap();
    let update = baken_core::UserUpdateInput {
        name: record.name.to_string(),
        roles: vec![role.into()],
        gemeenten: record.gemeenten.iter().map(|g| g.to_string()).collect(),
        active: true,
        bibob_clearance: true,
    };
    app.services
        .update_user(
            &baken_core::Caller::System,
            id,
            &update,
            &Default::default(),
        )
        .await
        .unwrap();
}

async fn search(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response = post_json(app, token, "/api/v1/signalen/_zoek", &body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn signal_with(gemeente: &str, omschrijving: &str) -> Value {
    let mut body = valid_signal(gemeente);
    body["omschrijving"] = json!(omschrijving);
    body
}

async fn search_pages_and_cursors_count_only_what_the_caller_may_see(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = api_user(&app, "eigenaar@example.nl", "teamlid", &["GM0534"]).await;
    let colleague = api_user(&app, "collega@example.nl", "teamlid", &["GM0534"]).await;
    let coordinator = api_user(&app, "coord@example.nl", "coordinator", &["GM0534"]).await;
    let mayor = api_user(&app, "bm@example.nl", "burgemeester", &["GM0534"]).await;
    grant_bibob(&app, &coordinator, "coordinator").await;
    let first = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let bibob = post_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{first}/journaalposten"),
        &json!({"soort": "partnerinformatie", "tekst": "LBB-advies over zwavelzuur.", "vertrouwelijkheid": "bibob"}),
    )
    .await;
    assert_eq!(bibob.status(), 201);
    let second = create(
        &app,
        &colleague.token,
        &signal_with("GM0534", "Opslag van zwavelzuur in de schuur."),
    )
    .await;

    // The owner of the first dossier sees neither the Bibob entry nor the colleague's dossier in
    // full: no hit, and no cursor that says there is more.
    let (status, found) = search(
        &app,
        &owner.token,
        json!({"zoekterm": "zwavelzuur", "limiet": 1}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(found["treffers"], json!([]), "{found}");
    assert!(found.get("volgende").is_none(), "no cursor: {found}");
    // The colleague sees their own dossier, and no cursor for the Bibob entry behind it.
    let (_, found) = search(
        &app,
        &colleague.token,
        json!({"zoekterm": "zwavelzuur", "limiet": 1}),
    )
    .await;
    assert_eq!(found["treffers"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["treffers"][0]["signaal"]["id"], second.as_str());
    assert!(found.get("volgende").is_none(), "{found}");
    // The coordinator with clearance sees both, a page at a time.
    let (_, page) = search(
        &app,
        &coordinator.token,
        json!({"zoekterm": "zwavelzuur", "limiet": 1}),
    )
    .await;
    assert_eq!(page["treffers"].as_array().unwrap().len(), 1);
    let cursor = page["volgende"]
        .as_str()
        .expect("a second page")
        .to_string();
    let (_, rest) = search(
        &app,
        &coordinator.token,
        json!({"zoekterm": "zwavelzuur", "limiet": 1, "na": cursor}),
    )
    .await;
    assert_eq!(rest["treffers"].as_array().unwrap().len(), 1);
    assert!(rest.get("volgende").is_none());
    let ids: Vec<&str> = [&page, &rest]
        .iter()
        .map(|p| p["treffers"][0]["signaal"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second.as_str(), first.as_str()], "newest text first");
    // The mayor has no search at all.
    let (status, problem) = search(&app, &mayor.token, json!({"zoekterm": "zwavelzuur"})).await;
    assert_eq!(status, 403, "{problem}");
    let (status, _) = search(&app, &mayor.token, json!({"bsn": "999900006"})).await;
    assert_eq!(status, 403);
}

fn subject(signal: &Value) -> &Value {
    signal["subjecten"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["soort"] == "persoon")
        .expect("a person")
}

async fn an_entity_shows_only_what_the_own_municipality_recorded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let hillegom = api_user(&app, "h@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let mut full = valid_signal("GM0553");
    full["subjecten"] = json!([
        {"soort": "persoon", "bsn": "999900006", "voornamen": "Jan", "achternaam": "Jansen", "geboortedatum": "1977-07-07"},
        {"soort": "organisatie", "naam": "Hennep Holding B.V.", "kvkNummer": "12345678"}
    ]);
    full["objecten"] =
        json!([{"soort": "rekening", "iban": "NL91ABNA0417164300", "tenaamstelling": "J. Jansen"}]);
    let in_lisse = create(&app, &lisse.token, &full).await;

    let mut sparse = valid_signal("GM0534");
    sparse["subjecten"] = json!([
        {"soort": "persoon", "bsn": "999900006", "achternaam": "J."},
        {"soort": "organisatie", "naam": "HH", "kvkNummer": "12345678"}
    ]);
    sparse["objecten"] = json!([{"soort": "rekening", "iban": "NL91ABNA0417164300"}]);
    let in_hillegom = create(&app, &hillegom.token, &sparse).await;

    let (_, signal) = get_json(
        &app,
        &hillegom.token,
        &format!("/api/v1/signalen/{in_hillegom}"),
    )
    .await;
    let text = signal.to_string();
    for lisse_only in ["Jan", "1977", "Hennep Holding", "J. Jansen"] {
        assert!(
            !text.contains(lisse_only),
            "{lisse_only} leaked into Hillegom: {signal}"
        );
    }
    let person = subject(&signal);
    assert_eq!(
        person["gegevens"]["achternaam"], "J.",
        "the user's own input is kept"
    );
    assert_eq!(person["ookEldersBekend"], true, "only the neutral fact");
    assert!(
        signal["subjecten"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["gegevens"]["naam"] == "HH")
    );
    let person_id = person["id"].as_str().unwrap().to_string();
    let (status, entity) = get_json(
        &app,
        &hillegom.token,
        &format!("/api/v1/subjecten/{person_id}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!entity.to_string().contains("Jan\""), "{entity}");
    assert_eq!(entity["ookEldersBekend"], true);

    // Lisse's record is Lisse's: unchanged, and closed to Hillegom by its id.
    let (_, theirs) = get_json(&app, &lisse.token, &format!("/api/v1/signalen/{in_lisse}")).await;
    let their_person = subject(&theirs);
    assert_eq!(their_person["gegevens"]["voornamen"], "Jan");
    assert_eq!(their_person["gegevens"]["achternaam"], "Jansen");
    assert_ne!(
        their_person["id"], person["id"],
        "one record per municipality"
    );
    let their_id = their_person["id"].as_str().unwrap();
    assert_eq!(
        get_json(
            &app,
            &hillegom.token,
            &format!("/api/v1/subjecten/{their_id}")
        )
        .await
        .0,
        404
    );

    // A later Hillegom signal adds to Hillegom's record (a filled field keeps its value).
    let mut more = valid_signal("GM0534");
    more["subjecten"] = json!([{"soort": "persoon", "bsn": "999900006", "voornamen": "Johannes", "achternaam": "Janssen"}]);
    more["objecten"] = json!([]);
    create(&app, &hillegom.token, &more).await;
    let (_, again) = get_json(
        &app,
        &hillegom.token,
        &format!("/api/v1/subjecten/{person_id}"),
    )
    .await;
    assert_eq!(again["gegevens"]["voornamen"], "Johannes", "{again}");
    assert_eq!(again["gegevens"]["achternaam"], "J.");
    assert_eq!(again["ookBekendIn"].as_array().unwrap().len(), 2);
}

async fn the_backlog_pages_over_what_the_caller_may_see_and_index_lines_say_little(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let owner = api_user(&app, "eigenaar@example.nl", "teamlid", &["GM0534"]).await;
    let colleague = api_user(&app, "collega@example.nl", "teamlid", &["GM0534"]).await;
    let mayor = api_user(&app, "bm@example.nl", "burgemeester", &["GM0534"]).await;
    for _ in 0..2 {
        create(&app, &owner.token, &valid_signal("GM0534")).await;
    }
    let (status, _) = get_json(
        &app,
        &mayor.token,
        "/api/v1/signalen?limiet=1&fenomeen=hennep",
    )
    .await;
    assert_eq!(status, 403, "the mayor has no backlog");
    let mayor_browser = app.signed_in_browser("bm@example.nl").await;
    assert_eq!(app.get(&mayor_browser, "/signalen").await.status(), 403);
    assert_eq!(
        app.get(&mayor_browser, "/signalen/nieuw").await.status(),
        403,
        "nor the intake form with the staff list"
    );

    // Index lines: that the dossier exists, not where it came from or who works on it.
    let (_, page) = get_json(&app, &colleague.token, "/api/v1/signalen?limiet=1").await;
    let line = &page["signalen"][0];
    assert_eq!(line["toegang"], "index", "{page}");
    for hidden in [
        "bron",
        "eigenaar",
        "bronBetrouwbaarheid",
        "informatieBetrouwbaarheid",
        "toegewezenAan",
    ] {
        assert!(
            line.get(hidden).is_none(),
            "{hidden} on an index line: {line}"
        );
    }
    assert!(
        page["volgende"].is_string(),
        "two index lines, one per page"
    );
    // A filter on what an index line does not show finds only dossiers seen in full, and the
    // cursor says nothing of the others.
    let (_, filtered) = get_json(
        &app,
        &colleague.token,
        "/api/v1/signalen?limiet=1&bron=inwoner",
    )
    .await;
    assert_eq!(filtered["signalen"], json!([]), "{filtered}");
    assert!(filtered.get("volgende").is_none(), "{filtered}");
    let (_, own) = get_json(&app, &owner.token, "/api/v1/signalen?limiet=1&bron=inwoner").await;
    assert_eq!(own["signalen"].as_array().unwrap().len(), 1);
    assert_eq!(own["signalen"][0]["bron"], "inwoner");
    assert!(own["volgende"].is_string());
    let html = app
        .get(
            &app.signed_in_browser("collega@example.nl").await,
            "/signalen?bron=inwoner",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("Volgende pagina"),
        "no next page link from hidden rows"
    );
}

async fn parallel_sign_ins_check_at_most_the_limit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.user("doel@example.nl", "teamlid", &["GM0534"]).await;
    let mut attempts = Vec::new();
    for n in 0..30 {
        let app_url = app.at("/aanmelden");
        let password = if n == 17 {
            PASSWORD.to_string()
        } else {
            format!("fout-{n}")
        };
        attempts.push(tokio::spawn(async move {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap()
                .post(app_url)
                .header("sec-fetch-site", "same-origin")
                .form(&[
                    ("email", "doel@example.nl"),
                    ("wachtwoord", password.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut checked = 0;
    let mut refused = 0;
    let mut signed_in = false;
    for attempt in attempts {
        match attempt.await.unwrap() {
            429 => refused += 1,
            401 => checked += 1,
            303 => {
                checked += 1;
                signed_in = true;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(
        checked <= 5,
        "{checked} passwords checked against a limit of 5"
    );
    assert_eq!(checked + refused, 30);
    if signed_in {
        // The right password was among the five checked: that success took back its own count,
        // so four failures stand; one more locks the account.
        let wrong = app
            .sign_in(&app.browser(), "doel@example.nl", "nog-fout")
            .await;
        assert_eq!(wrong.status(), 401);
    }
    // Afterwards the account stays locked, also for the right password.
    let late = app
        .sign_in(&app.browser(), "doel@example.nl", PASSWORD)
        .await;
    assert_eq!(late.status(), 429);
}

async fn a_forged_forwarded_for_does_not_escape_throttling(backend: Backend) {
    let app = TestApp::spawn_web(backend, |_| {}, |w| w.trust_forwarded_for = true).await;
    let mut statuses = Vec::new();
    for n in 0..7 {
        let email = format!("gebruiker{n}@example.nl");
        app.user(&email, "teamlid", &["GM0534"]).await;
        let response = app
            .browser()
            .post(app.at("/aanmelden"))
            // The client claims a new address each time; the proxy appends the real one.
            .header("x-forwarded-for", format!("10.0.0.{n}, 192.0.2.7"))
            .form(&[("email", email.as_str()), ("wachtwoord", "fout")])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 401, 401, 429, 429],
        "one address, one limit"
    );
    // Another client behind the same proxy is not locked out with it.
    app.user("ander@example.nl", "teamlid", &["GM0534"]).await;
    let other = app
        .browser()
        .post(app.at("/aanmelden"))
        .header("x-forwarded-for", "192.0.2.8")
        .form(&[("email", "ander@example.nl"), ("wachtwoord", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 303);
}

async fn a_legal_hold_needs_full_access(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = api_user(&app, "eigenaar@example.nl", "teamlid", &["GM0534"]).await;
    let jurist = api_user(&app, "jurist@example.nl", "jurist", &["GM0534"]).await;
    let id = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let hold = |token: String, method: reqwest::Method| {
        let url = app.at(&format!("/api/v1/signalen/{id}/juridische-blokkade"));
        async move {
            reqwest::Client::new()
                .request(method, url)
                .bearer_auth(token)
                .json(&json!({"reden": "Bezwaar loopt."}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        hold(jurist.token.clone(), reqwest::Method::POST).await,
        404,
        "index line only"
    );
    assert_eq!(
        hold(jurist.token.clone(), reqwest::Method::DELETE).await,
        404
    );
    let (_, journal) = get_json(
        &app,
        &owner.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert_eq!(
        journal.as_array().unwrap().len(),
        1,
        "nothing was journaled"
    );
    let teamed = app
        .api()
        .patch(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(&owner.token)
        .json(&json!({"team": [jurist.id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(teamed.status(), 200);
    assert_eq!(
        hold(jurist.token.clone(), reqwest::Method::POST).await,
        204,
        "on the team"
    );
    assert_eq!(
        hold(jurist.token.clone(), reqwest::Method::DELETE).await,
        204
    );
}

async fn where_else_is_logged_and_rate_limited_like_an_identifier_search(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.mfa_required = false;
        c.identifier_lookups_per_minute = 4;
    })
    .await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let prober = api_user(&app, "h@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    create(&app, &lisse.token, &valid_signal("GM0553")).await;
    let browser = app.signed_in_browser("h@example.nl").await;
    let probe = |bsn: &'static str| {
        let (app, browser) = (&app, &browser);
        async move {
            app.post(browser, "/signalen/nieuw/elders", &[("persoon_bsn", bsn)])
                .await
        }
    };
    let hint = probe("999900006").await;
    assert_eq!(hint.status(), 200);
    assert!(
        hint.text()
            .await
            .unwrap()
            .contains("Ook bekend bij een andere gemeente")
    );
    assert_eq!(probe("999900018").await.status(), 200, "an unknown BSN");

    // The look-ups are in the processing log under the person, with the user, and on the
    // privacy officer's anomaly report as searches without a dossier of one's own.
    let found: Value = post_json(
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
        found.as_array().unwrap().iter().any(|r| r["uitvoerders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["gebruiker"] == prober.id.as_str())),
        "the look-up is logged under the person: {found}"
    );
    let (_, anomalies) = get_json(&app, &privacy.token, "/api/v1/verwerkingslog/afwijkingen").await;
    let flagged = anomalies
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["gebruiker"] == prober.id.as_str() && a["soort"] == "zoeken-zonder-dossier")
        .unwrap_or_else(|| panic!("{anomalies}"));
    assert_eq!(flagged["aantal"], 2);

    // Identifier look-ups share one limit per user: two more are allowed, then 429.
    let (status, search_hit) = search(&app, &prober.token, json!({"bsn": "999900006"})).await;
    assert_eq!(status, 200);
    assert_eq!(search_hit["treffers"], json!([]));
    assert_eq!(
        search_hit["ookEldersBekend"], true,
        "the neutral hit, nothing else"
    );
    assert_eq!(probe("999900006").await.status(), 200);
    assert_eq!(probe("999900006").await.status(), 429);
    let (status, problem) = search(&app, &prober.token, json!({"bsn": "999900006"})).await;
    assert_eq!(status, 429, "{problem}");
}

async fn signals_have_bounded_entities_and_credentials_bounded_requests(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.requests_per_minute = 30).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let mut crowded = valid_signal("GM0534");
    crowded["subjecten"] = json!(
        (0..60)
            .map(|n| json!({"soort": "persoon", "achternaam": format!("Persoon {n}")}))
            .collect::<Vec<_>>()
    );
    let refused = post_json(&app, &team.token, "/api/v1/signalen", &crowded).await;
    assert_eq!(refused.status(), 400);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(
        problem["invalidParams"][0]["name"], "subjecten",
        "{problem}"
    );
    let (_, page) = get_json(&app, &team.token, "/api/v1/signalen").await;
    assert_eq!(page["signalen"], json!([]), "nothing stored");

    // Requests per token: beyond the limit 429 with Retry-After; another credential is not
    // affected.
    let mut last = 0;
    let mut retry_after = None;
    for _ in 0..40 {
        let response = app
            .api()
            .get(app.at("/api/v1/gebruikersprofiel"))
            .bearer_auth(&team.token)
            .send()
            .await
            .unwrap();
        last = response.status().as_u16();
        if last == 429 {
            retry_after = response.headers().get("retry-after").cloned();
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json"
            );
            break;
        }
    }
    assert_eq!(last, 429);
    assert!(retry_after.is_some());
    let other = api_user(&app, "o@example.nl", "teamlid", &["GM0534"]).await;
    assert_eq!(
        get_json(&app, &other.token, "/api/v1/gebruikersprofiel")
            .await
            .0,
        200
    );
}

async fn tokens_expire_and_end_with_the_password_and_sign_out_everywhere(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("t@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.signed_in_browser("t@example.nl").await;
    let profile = |token: String| {
        let app = &app;
        async move { get_json(app, &token, "/api/v1/gebruikersprofiel").await.0 }
    };
    let make = |dagen: &'static str| {
        let (app, browser) = (&app, &browser);
        async move {
            let page = app
                .post(
                    browser,
                    "/account/tokens",
                    &[("naam", "koppeling"), ("dagen", dagen)],
                )
                .await
                .text()
                .await
                .unwrap();
            between(&page, "data-testid=\"new-token\">", "<").to_string()
        }
    };
    let refused = app
        .post(
            &browser,
            "/account/tokens",
            &[("naam", "te lang"), ("dagen", "9999")],
        )
        .await;
    assert_eq!(refused.status(), 400);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Kies een geldigheid van 1 tot en met 365 dagen.")
    );

    // A token expires: at creation it gets an expiry, shown on the account page.
    let (record, short) = app
        .services
        .create_api_token_for(
            &baken_core::Caller::System,
            "t@example.nl",
            "kort",
            Some(1),
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(profile(short.clone()).await, 200);
    let expiry = record.expires_at.expect("an expiry");
    assert!(expiry <= time::OffsetDateTime::now_utc() + time::Duration::days(1));
    app.clock.advance(time::Duration::days(2));
    assert_eq!(profile(short).await, 401, "expired");
    app.clock.advance(time::Duration::days(-2));
    let account = app.get(&browser, "/account").await.text().await.unwrap();
    assert!(account.contains("Geldig tot"), "listed with its expiry");

    // A new password ends every token.
    let token = make("").await;
    assert_eq!(profile(token.clone()).await, 200);
    let changed = app
        .post(
            &browser,
            "/account/wachtwoord",
            &[
                ("huidig", PASSWORD),
                ("nieuw", "veilig-nieuw-wachtwoord-2026"),
                ("herhaling", "veilig-nieuw-wachtwoord-2026"),
            ],
        )
        .await;
    assert!(
        changed.status().is_redirection() || changed.status() == 200,
        "{}",
        changed.status()
    );
    assert_eq!(
        profile(token).await,
        401,
        "the password change ended the token"
    );

    // Signing out everywhere too.
    let token = make("30").await;
    assert_eq!(profile(token.clone()).await, 200);
    let out = app.post(&browser, "/account/afmelden-overal", &[]).await;
    assert!(out.status().is_redirection(), "{}", out.status());
    assert_eq!(
        profile(token).await,
        401,
        "sign out everywhere ended the token"
    );
}

async fn a_callers_traceparent_does_not_choose_the_trace(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let foreign = "4bf92f3577b34da6a3ce929d0e0e4736";
    let read = app
        .api()
        .get(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(&team.token)
        .header("traceparent", format!("00-{foreign}-00f067aa0ba902b7-01"))
        .send()
        .await
        .unwrap();
    let answered = read.headers()["traceresponse"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        !answered.contains(foreign),
        "a trace of Baken's own: {answered}"
    );
    assert_eq!(answered.len(), 55, "{answered}");
}

async fn a_nul_character_is_invalid_input_everywhere(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let mut body = valid_signal("GM0534");
    body["omschrijving"] = json!("Hennep\u{0}geur");
    body["subjecten"][0]["achternaam"] = json!("Jan\u{0}sen");
    let refused = post_json(&app, &team.token, "/api/v1/signalen", &body).await;
    assert_eq!(refused.status(), 400);
    let problem: Value = refused.json().await.unwrap();
    let mut names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["omschrijving", "subjecten[0].achternaam"],
        "{problem}"
    );
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    let entry = post_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
        &json!({"soort": "notitie", "tekst": "a\u{0}b"}),
    )
    .await;
    assert_eq!(entry.status(), 400);
    // The same through a form.
    let browser = app.signed_in_browser("t@example.nl").await;
    let form = app
        .post(
            &browser,
            &format!("/signalen/{id}/journaal"),
            &[("soort", "notitie"), ("tekst", "a\u{0}b")],
        )
        .await;
    assert_eq!(form.status(), 400);
    assert!(form.text().await.unwrap().contains("tekst"));
    // And from a file: a signal with a NUL is an invalid row, not a stored one.
    let input = baken_domain::signaal::SignaalInvoer {
        gemeente: "GM0534".into(),
        ontvangstdatum: "2026-11-20".into(),
        bron: "inwoner".into(),
        omschrijving: "Tekst met \u{0} erin".into(),
        fenomenen: vec!["hennep".into()],
        ..Default::default()
    };
    let errors = input
        .parse(time::macros::date!(2026 - 12 - 01))
        .unwrap_err();
    assert!(errors.for_field("omschrijving").is_some());
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert_eq!(journal.as_array().unwrap().len(), 1, "nothing was added");
}

async fn dates_are_bounded_and_iso_8601_in_the_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    for day in ["-0001-01-01", "0001-01-01", "1899-12-31"] {
        let mut body = valid_signal("GM0534");
        body["ontvangstdatum"] = json!(day);
        body["subjecten"][0]["geboortedatum"] = json!(day);
        let refused = post_json(&app, &team.token, "/api/v1/signalen", &body).await;
        assert_eq!(refused.status(), 400, "{day}");
        let problem: Value = refused.json().await.unwrap();
        let names: Vec<&str> = problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["ontvangstdatum", "subjecten[0].geboortedatum"],
            "{day}: {problem}"
        );
    }
    let mut body = valid_signal("GM0534");
    body["subjecten"][0]["geboortedatum"] = json!("1977-07-07");
    let id = create(&app, &team.token, &body).await;
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    assert_eq!(
        subject(&signal)["gegevens"]["geboortedatum"],
        "1977-07-07",
        "{signal}"
    );
    assert_eq!(signal["ontvangstdatum"], "2026-11-20");
}

async fn only_the_owner_or_coordinator_changes_who_works_on_a_dossier(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = api_user(&app, "eigenaar@example.nl", "teamlid", &["GM0534"]).await;
    let member = api_user(&app, "lid@example.nl", "teamlid", &["GM0534"]).await;
    let other = api_user(&app, "ander@example.nl", "analist", &["GM0534"]).await;
    let coordinator = api_user(&app, "coord@example.nl", "coordinator", &["GM0534"]).await;
    let id = create(&app, &owner.token, &valid_signal("GM0534")).await;
    let patch = |token: String, body: Value| {
        let app = &app;
        let path = format!("/api/v1/signalen/{id}");
        async move {
            let response = app
                .api()
                .patch(app.at(&path))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    };
    assert_eq!(
        patch(owner.token.clone(), json!({"team": [member.id]}))
            .await
            .0,
        200
    );
    let (status, problem) =
        patch(member.token.clone(), json!({"team": [member.id, other.id]})).await;
    assert_eq!(
        status, 400,
        "a team member does not widen the team: {problem}"
    );
    assert_eq!(problem["invalidParams"][0]["name"], "team");
    let (status, problem) = patch(member.token.clone(), json!({"toegewezenAan": member.id})).await;
    assert_eq!(status, 400, "nor take the dossier on: {problem}");
    assert_eq!(problem["invalidParams"][0]["name"], "toegewezenAan");
    assert_eq!(
        patch(
            coordinator.token.clone(),
            json!({"toegewezenAan": member.id})
        )
        .await
        .0,
        200,
        "the coordinator assigns"
    );
    let (_, signal) = get_json(&app, &other.token, &format!("/api/v1/signalen/{id}")).await;
    assert_eq!(signal["toegang"], "index", "the analyst was never added");
    // A change based on an old version is a conflict with a code beside the Dutch text.
    let (status, problem) = patch(
        owner.token.clone(),
        json!({"indicatoren": "x", "versie": 1}),
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["code"], "versie-verouderd");
}
