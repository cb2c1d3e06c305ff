//! Security baseline: headers, cross-site writes, role-based access to administration.

use crate::support::*;

crate::on_both_backends!(
    burgemeester_cannot_reach_administration,
    beheerder_manages_users_with_dutch_field_errors
);

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let client = app.api();
    for path in [
        "/aanmelden",
        "/healthz",
        "/api/v1/openapi.json",
        "/bestaat-niet",
        "/static/baken.css",
    ] {
        let response = client.get(app.at(path)).send().await.unwrap();
        let h = response.headers();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("CSP on {path}"))
            .to_str()
            .unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY", "{path}");
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer", "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
        if !path.starts_with("/static/") {
            assert_eq!(h.get("cache-control").unwrap(), "no-store", "{path}");
        }
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.mfa_required = false).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.signed_in_browser("a@example.nl").await;

    let forged = browser
        .post(app.at("/afmelden"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let forged = reqwest::Client::new()
        .post(app.at("/aanmelden"))
        .header("origin", "https://kwaadwillend.example")
        .form(&[("email", "a@example.nl"), ("wachtwoord", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "Origin of another site is refused");
    assert_eq!(
        app.get(&browser, "/").await.status(),
        200,
        "the cross-site sign-out did not happen"
    );

    // The same request from the page itself works.
    let same_origin = browser
        .post(app.at("/afmelden"))
        .header("origin", app.url.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(location(&same_origin), "/aanmelden");
}

#[tokio::test]
async fn nothing_changes_on_get() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.mfa_required = false).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.signed_in_browser("a@example.nl").await;
    for path in [
        "/afmelden",
        "/account/afmelden-overal",
        "/gemeente-kiezen",
        "/account/tokens",
    ] {
        let status = app.get(&browser, path).await.status();
        assert_eq!(status, 405, "GET {path} must not act");
    }
    assert_eq!(
        app.get(&browser, "/").await.status(),
        200,
        "still signed in"
    );
}

async fn burgemeester_cannot_reach_administration(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("bm@example.nl", "burgemeester", &["GM0534"]).await;
    let browser = app.signed_in_browser("bm@example.nl").await;
    let start = app.get(&browser, "/").await.text().await.unwrap();
    assert!(
        !start.contains("href=\"/beheer\""),
        "no administration in the navigation"
    );
    for path in [
        "/beheer",
        "/beheer/gebruikers",
        "/beheer/gebruikers/nieuw",
        "/beheer/gemeenten",
        "/beheer/audit",
    ] {
        assert_eq!(app.get(&browser, path).await.status(), 403, "GET {path}");
    }
    let attempt = app
        .post(
            &browser,
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "x@example.nl"),
                ("naam", "X"),
                ("rollen", "beheerder"),
                ("wachtwoord", "een-lang-en-sterk-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(attempt.status(), 403);
    assert!(attempt.text().await.unwrap().contains("Geen toegang"));
    let add_gemeente = app
        .post(
            &browser,
            "/beheer/gemeenten",
            &[("code", "GM0575"), ("naam", "Noordwijk")],
        )
        .await;
    assert_eq!(add_gemeente.status(), 403);
    assert_eq!(
        app.services.gemeenten().await.unwrap().len(),
        2,
        "nothing was added"
    );
    assert_eq!(
        app.services
            .users(&baken_core::Caller::System)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn beheerder_manages_users_with_dutch_field_errors(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("beheer@example.nl", "beheerder", &[]).await;
    let browser = app.signed_in_browser("beheer@example.nl").await;

    let invalid = app
        .post(
            &browser,
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "geen-adres"),
                ("naam", "Nieuwe Collega"),
                ("rollen", "burgemeester"),
                ("gemeenten", "GM0534"),
                ("gemeenten", "GM0553"),
                ("wachtwoord", "kort"),
            ],
        )
        .await;
    assert_eq!(invalid.status(), 400);
    let page = invalid.text().await.unwrap();
    assert!(
        page.contains("Vul een geldig e-mailadres in"),
        "e-mail error"
    );
    assert!(
        page.contains("Een burgemeester hoort bij precies één gemeente."),
        "role rule"
    );
    assert!(page.contains("minstens 12 tekens"), "password error");
    assert!(
        page.contains("value=\"Nieuwe Collega\""),
        "other input is kept"
    );
    assert_eq!(
        app.services
            .users(&baken_core::Caller::System)
            .await
            .unwrap()
            .len(),
        1,
        "nothing stored"
    );

    let created = app
        .post(
            &browser,
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "nieuw@example.nl"),
                ("naam", "Nieuwe Collega"),
                ("rollen", "teamlid"),
                ("rollen", "analist"),
                ("gemeenten", "GM0553"),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&created), "/beheer/gebruikers");
    let list = app
        .get(&browser, "/beheer/gebruikers")
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("nieuw@example.nl") && list.contains("Teamlid, Analist"));

    let duplicate = app
        .post(
            &browser,
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "NIEUW@example.nl"),
                ("naam", "Dubbel"),
                ("rollen", "teamlid"),
                ("gemeenten", "GM0553"),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), 400);
    assert!(
        duplicate
            .text()
            .await
            .unwrap()
            .contains("Er bestaat al een account met dit e-mailadres.")
    );
}
