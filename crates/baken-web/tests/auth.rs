//! Signing in: passwords, throttling, the second factor, sessions.

use crate::support::*;
use time::Duration;

crate::on_both_backends!(
    wrong_password_is_refused_without_saying_which_part_was_wrong,
    five_failures_lock_the_account_even_for_the_right_password,
    totp_enrolment_verification_replay_and_recovery_code,
    sessions_expire_after_idle_time,
    sign_out_everywhere_ends_every_session,
    session_token_rotates_when_sign_in_completes,
);

async fn wrong_password_is_refused_without_saying_which_part_was_wrong(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.browser();

    let wrong_password = app
        .sign_in(&browser, "a@example.nl", "niet-het-goede-wachtwoord")
        .await;
    assert_eq!(wrong_password.status(), 401);
    let page = wrong_password.text().await.unwrap();
    assert!(page.contains("Deze combinatie van e-mailadres en wachtwoord klopt niet."));
    assert!(
        page.contains("value=\"a@example.nl\""),
        "the e-mail address is kept"
    );

    let unknown = app.sign_in(&browser, "niemand@example.nl", PASSWORD).await;
    assert_eq!(unknown.status(), 401);
    assert!(
        unknown.text().await.unwrap().contains("klopt niet"),
        "same answer for an unknown account"
    );

    let empty = app.sign_in(&browser, "", "").await;
    assert_eq!(empty.status(), 400);
    let page = empty.text().await.unwrap();
    assert!(page.contains("Vul uw e-mailadres in.") && page.contains("Vul uw wachtwoord in."));

    assert_eq!(
        location(&app.get(&browser, "/").await),
        "/aanmelden",
        "still not signed in"
    );
    let audit = app
        .services
        .recent_audit(&baken_core::Caller::System, 10)
        .await
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|r| r.action == "aanmelden.mislukt")
            .count(),
        2
    );
}

async fn five_failures_lock_the_account_even_for_the_right_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.browser();
    for _ in 0..5 {
        assert_eq!(
            app.sign_in(&browser, "a@example.nl", "fout-fout-fout-fout")
                .await
                .status(),
            401
        );
    }
    let started = std::time::Instant::now();
    let locked = app.sign_in(&browser, "a@example.nl", PASSWORD).await;
    assert_eq!(
        locked.status(),
        429,
        "refused although the password is right"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(20),
        "the refusal is delayed"
    );
    assert!(
        locked
            .text()
            .await
            .unwrap()
            .contains("te veel mislukte pogingen")
    );
    assert_eq!(location(&app.get(&browser, "/").await), "/aanmelden");

    // After the lock-out period the right password works again.
    app.clock.advance(Duration::minutes(16));
    let response = app.sign_in(&browser, "a@example.nl", PASSWORD).await;
    assert_eq!(location(&response), "/mfa/inrichten");
    let audit = app
        .services
        .recent_audit(&baken_core::Caller::System, 20)
        .await
        .unwrap();
    assert!(audit.iter().any(|r| r.action == "aanmelden.geweigerd"));
}

async fn totp_enrolment_verification_replay_and_recovery_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.browser();

    // Before enrolment nothing but the enrolment page is reachable.
    let response = app.sign_in(&browser, "a@example.nl", PASSWORD).await;
    assert_eq!(location(&response), "/mfa/inrichten");
    assert_eq!(location(&app.get(&browser, "/").await), "/mfa/inrichten");
    let page = app
        .get(&browser, "/mfa/inrichten")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<svg"), "QR code as inline SVG");
    let secret = between(&page, "data-testid=\"totp-secret\">", "<").to_string();

    let wrong = app
        .post(&browser, "/mfa/inrichten", &[("code", "000000")])
        .await;
    let expected_wrong = if totp_now(&secret) == "000000" {
        200
    } else {
        400
    };
    assert_eq!(wrong.status(), expected_wrong);
    if expected_wrong == 400 {
        assert!(wrong.text().await.unwrap().contains("Deze code klopt niet"));
    }

    let code = totp_now(&secret);
    let enrolled = app
        .post(&browser, "/mfa/inrichten", &[("code", &code)])
        .await;
    assert_eq!(enrolled.status(), 200);
    let page = enrolled.text().await.unwrap();
    let recovery: Vec<String> = page
        .split("<li><code class=\"utrecht-code\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(recovery.len(), 10);
    assert_eq!(
        app.get(&browser, "/").await.status(),
        200,
        "signed in after enrolment"
    );

    // Next sign-in asks for the code; the code just used is refused (replay), a recovery code works once.
    let second = app.browser();
    assert_eq!(
        location(&app.sign_in(&second, "a@example.nl", PASSWORD).await),
        "/mfa"
    );
    assert_eq!(
        location(&app.get(&second, "/").await),
        "/mfa",
        "no access before the second factor"
    );
    let replay = app.post(&second, "/mfa", &[("code", &code)]).await;
    assert_eq!(replay.status(), 401, "a TOTP code is accepted only once");
    let ok = app
        .post(&second, "/mfa", &[("code", &recovery[0].to_uppercase())])
        .await;
    assert_eq!(location(&ok), "/");
    assert_eq!(app.get(&second, "/").await.status(), 200);

    let third = app.browser();
    app.sign_in(&third, "a@example.nl", PASSWORD).await;
    assert_eq!(
        app.post(&third, "/mfa", &[("code", &recovery[0])])
            .await
            .status(),
        401,
        "a recovery code works once"
    );
    // A code for the next 30-second step (allowed clock drift) that was not used before works.
    let next_step = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 30;
    assert_eq!(
        location(
            &app.post(&third, "/mfa", &[("code", &totp_at(&secret, next_step))])
                .await
        ),
        "/"
    );
}

async fn sessions_expire_after_idle_time(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.signed_in_browser("a@example.nl").await;
    assert_eq!(app.get(&browser, "/").await.status(), 200);
    app.clock.advance(Duration::minutes(29));
    assert_eq!(
        app.get(&browser, "/").await.status(),
        200,
        "activity within the idle time keeps the session"
    );
    app.clock.advance(Duration::minutes(29));
    assert_eq!(
        app.get(&browser, "/").await.status(),
        200,
        "the previous request reset the idle timer"
    );
    app.clock.advance(Duration::minutes(31));
    assert_eq!(
        location(&app.get(&browser, "/").await),
        "/aanmelden",
        "idle too long: signed out"
    );
    let audit = app
        .services
        .recent_audit(&baken_core::Caller::System, 5)
        .await
        .unwrap();
    assert!(audit.iter().any(|r| r.action == "sessie.verlopen"));
}

async fn sign_out_everywhere_ends_every_session(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let laptop = app.signed_in_browser("a@example.nl").await;
    let phone = app.signed_in_browser("a@example.nl").await;
    let page = app.get(&laptop, "/account").await.text().await.unwrap();
    assert_eq!(
        page.matches("/beeindigen").count(),
        1,
        "the other session is listed with an end button"
    );
    assert!(page.contains("Deze sessie"));

    let response = app.post(&laptop, "/account/afmelden-overal", &[]).await;
    assert_eq!(location(&response), "/aanmelden");
    assert_eq!(location(&app.get(&laptop, "/").await), "/aanmelden");
    assert_eq!(
        location(&app.get(&phone, "/").await),
        "/aanmelden",
        "the other session ended too"
    );
}

async fn session_token_rotates_when_sign_in_completes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.user("a@example.nl", "teamlid", &["GM0534"]).await;
    let browser = app.browser();
    let first = app.sign_in(&browser, "a@example.nl", PASSWORD).await;
    let cookie = first
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "Secure is relaxed for plain-HTTP localhost only"
    );
    let page = app
        .get(&browser, "/mfa/inrichten")
        .await
        .text()
        .await
        .unwrap();
    let secret = between(&page, "data-testid=\"totp-secret\">", "<").to_string();
    let done = app
        .post(&browser, "/mfa/inrichten", &[("code", &totp_now(&secret))])
        .await;
    let rotated = done
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let token = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(
        token(&cookie),
        token(&rotated),
        "a new token after the second factor"
    );

    // The pre-MFA token no longer works.
    let stale = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = stale
        .get(app.at("/"))
        .header("cookie", token(&cookie))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/aanmelden");
}
