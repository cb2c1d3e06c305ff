//! Requests of data subjects: access requests, deadlines and extension, confirmed identities,
//! restrictions under art. 41 UAVG and their re-evaluation, the answer as PDF, removal after two
//! years. On both databases.

use crate::bewaren::pdf_text;
use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    an_access_request_discloses_what_may_be_disclosed_to_the_privacy_officer_only,
    a_request_is_handled_with_deadline_identities_restrictions_and_a_pdf_answer,
    the_request_pages_show_dutch_errors_keep_input_and_give_the_answer_as_pdf,
    answered_requests_are_removed_two_years_after_the_answer,
    a_restriction_is_kept_or_lifted_at_its_re_evaluation,
);

async fn an_access_request_discloses_what_may_be_disclosed_to_the_privacy_officer_only(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let mut body = valid_signal("GM0534");
    body["melder"] = json!({"naam": "Mevrouw Melder", "contact": "06-12345678"});
    let id = create(&app, &team.token, &body).await;
    create(&app, &lisse.token, &valid_signal("GM0553")).await;
    for (class, text) in [
        ("normaal", "Veldbezoek: niemand thuis."),
        (
            "melder-beschermd",
            "MELDERGEHEIM: de buurvrouw van nummer 14.",
        ),
        (
            "politie-burgemeester",
            "POLITIEGEHEIM: bestuurlijke rapportage.",
        ),
    ] {
        let entry = post_json(
            &app,
            &team.token,
            &format!("/api/v1/signalen/{id}/journaalposten"),
            &json!({"soort": "notitie", "tekst": text, "vertrouwelijkheid": class}),
        )
        .await;
        assert_eq!(entry.status(), 201, "{class}");
    }

    let request = json!({"bsn": "999900006", "ontvangenOp": "2026-11-02"});
    assert_eq!(
        post_json(&app, &team.token, "/api/v1/inzageverzoeken", &request)
            .await
            .status(),
        403
    );
    let answer = post_json(&app, &privacy.token, "/api/v1/inzageverzoeken", &request).await;
    assert_eq!(answer.status(), 200);
    let answer: Value = answer.json().await.unwrap();
    assert_eq!(answer["termijnTot"], "2026-12-02", "one month");
    assert_eq!(answer["persoon"]["achternaam"], "Jansen");
    let dossiers = answer["dossiers"].as_array().unwrap();
    assert_eq!(
        dossiers.len(),
        1,
        "only this officer's municipality: {answer}"
    );
    assert_eq!(dossiers[0]["rol"], "bewoner");
    assert_eq!(
        dossiers[0]["afgeschermd"], 2,
        "the protected entries are withheld, and counted"
    );
    let text = answer.to_string();
    assert!(text.contains("Veldbezoek: niemand thuis."));
    for secret in [
        "MELDERGEHEIM",
        "POLITIEGEHEIM",
        "Mevrouw Melder",
        "06-12345678",
        "GB-123-X",
        "Stationsweg",
    ] {
        assert!(!text.contains(secret), "{secret} must not be disclosed");
    }
    let invalid = post_json(
        &app,
        &privacy.token,
        "/api/v1/inzageverzoeken",
        &json!({"bsn": "123456789", "ontvangenOp": "morgen"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["invalidParams"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let logged: Value = post_json(
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
        logged
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actie"] == "inzageverzoek.beantwoorden"),
        "the request is in the processing log: {logged}"
    );
}

async fn a_request_is_handled_with_deadline_identities_restrictions_and_a_pdf_answer(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let mut known = valid_signal("GM0534");
    known["subjecten"][0]["geboortedatum"] = json!("1980-03-07");
    let a = create(&app, &team.token, &known).await;
    let mut alias = valid_signal("GM0534");
    alias["omschrijving"] = json!("Bestelbus 's nachts bij de loods.");
    alias["subjecten"] = json!([{"soort": "persoon", "voornamen": "J.", "achternaam": "Jansen", "geboortedatum": "1980-03-07", "rol": "eigenaar"}]);
    let b = create(&app, &team.token, &alias).await;
    let mut other = valid_signal("GM0534");
    other["subjecten"] = json!([{"soort": "persoon", "voornamen": "Piet", "achternaam": "Jansen", "geboortedatum": "1991-01-01", "rol": "bewoner"}]);
    create(&app, &team.token, &other).await;
    let mut entry_ids = Vec::new();
    for text in [
        "Veldbezoek: niemand thuis.",
        "Gesprek met de huisbaas over de huurder.",
    ] {
        let entry = post_json(
            &app,
            &team.token,
            &format!("/api/v1/signalen/{a}/journaalposten"),
            &json!({"soort": "notitie", "tekst": text, "vertrouwelijkheid": "normaal"}),
        )
        .await;
        assert_eq!(entry.status(), 201);
        entry_ids.push(
            entry.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }

    let invalid = post_json(
        &app,
        &privacy.token,
        "/api/v1/verzoeken",
        &json!({"soort": "klacht", "bsn": "123"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["invalidParams"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let request = json!({"soort": "inzage", "bsn": "999900006", "toelichting": "Per brief, identiteit gecontroleerd."});
    assert_eq!(
        post_json(&app, &team.token, "/api/v1/verzoeken", &request)
            .await
            .status(),
        403
    );
    let created = post_json(&app, &privacy.token, "/api/v1/verzoeken", &request).await;
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let verzoek: Value = created.json().await.unwrap();
    let id = verzoek["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/verzoeken/{id}"));
    assert!(!location.contains("999900006") && !verzoek.to_string().contains("999900006"));
    assert_eq!(
        get_json(&app, &lisse.token, &location).await.0,
        404,
        "another municipality's officer"
    );

    let (status, detail) = get_json(&app, &privacy.token, &location).await;
    assert_eq!(status, 200);
    assert_eq!(detail["dossiers"].as_array().unwrap().len(), 1, "{detail}");
    let kandidaten = detail["kandidaten"].as_array().unwrap();
    assert_eq!(
        kandidaten.len(),
        1,
        "same surname and date of birth, not Piet: {detail}"
    );
    assert_eq!(kandidaten[0]["bevestigd"], false);
    let confirm = post_json(
        &app,
        &privacy.token,
        &format!("{location}/identiteiten"),
        &json!({"entiteit": kandidaten[0]["entiteit"]}),
    )
    .await;
    assert_eq!(confirm.status(), 204);
    let (_, detail) = get_json(&app, &privacy.token, &location).await;
    assert_eq!(
        detail["dossiers"].as_array().unwrap().len(),
        2,
        "the confirmed identity's dossier joins"
    );

    let bad = post_json(
        &app,
        &privacy.token,
        &format!("{location}/beperkingen"),
        &json!({"dossier": a, "grond": "z", "motivering": " ", "herbeoordeling": "2020-01-01"}),
    )
    .await;
    assert_eq!(bad.status(), 400);
    assert_eq!(
        bad.json::<Value>().await.unwrap()["invalidParams"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    for restriction in [
        json!({"dossier": b, "grond": "d", "motivering": "Lopend strafrechtelijk onderzoek.", "herbeoordeling": "2030-01-01"}),
        json!({"dossier": a, "journaalpost": entry_ids[1], "grond": "i", "motivering": "Rechten van de verhuurder.", "herbeoordeling": "2030-01-01"}),
    ] {
        assert_eq!(
            post_json(
                &app,
                &privacy.token,
                &format!("{location}/beperkingen"),
                &restriction
            )
            .await
            .status(),
            201
        );
    }

    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/verlenging"),
            &json!({"motivering": ""})
        )
        .await
        .status(),
        400
    );
    let extended = post_json(
        &app,
        &privacy.token,
        &format!("{location}/verlenging"),
        &json!({"motivering": "Veel dossiers in twee gemeenten."}),
    )
    .await;
    assert_eq!(extended.status(), 200);
    let extended: Value = extended.json().await.unwrap();
    assert_eq!(extended["verlengd"], true);
    assert!(extended["termijnTot"].as_str().unwrap() > verzoek["termijnTot"].as_str().unwrap());
    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/verlenging"),
            &json!({"motivering": "Nog eens."})
        )
        .await
        .status(),
        409,
        "once"
    );

    let (status, answer) = get_json(&app, &privacy.token, &format!("{location}/antwoord")).await;
    assert_eq!(status, 200);
    let dossiers = answer["dossiers"].as_array().unwrap();
    assert_eq!(
        dossiers.len(),
        1,
        "the restricted dossier is left out: {answer}"
    );
    assert_eq!(dossiers[0]["beperkt"], 1);
    assert_eq!(answer["beperkingsgronden"], json!(["d", "i"]));
    let text = answer.to_string();
    assert!(text.contains("Veldbezoek: niemand thuis."));
    for withheld in ["huisbaas", "Bestelbus", "GB-123-X", "Stationsweg"] {
        assert!(
            !text.contains(withheld),
            "{withheld} must not be in the answer"
        );
    }
    let pdf = app
        .api()
        .get(app.at(&format!("{location}/antwoord")))
        .bearer_auth(&privacy.token)
        .header("accept", "application/pdf")
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains("Veldbezoek: niemand thuis.") && text.contains("Jan Jansen"),
        "{text}"
    );
    assert!(
        text.contains("artikel 41, eerste lid, onder d, van de Uitvoeringswet AVG"),
        "{text}"
    );
    for withheld in [
        "huisbaas",
        "Bestelbus",
        "GB-123-X",
        "Lopend strafrechtelijk",
    ] {
        assert!(
            !text.contains(withheld),
            "{withheld} must not be in the PDF"
        );
    }

    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/besluit"),
            &json!({"besluit": "deels-toegewezen"})
        )
        .await
        .status(),
        400,
        "a partial grant needs reasons"
    );
    let decided = post_json(&app, &privacy.token, &format!("{location}/besluit"),
        &json!({"besluit": "deels-toegewezen", "motivering": "Deels beperkt op grond van art. 41 UAVG."})).await;
    assert_eq!(decided.status(), 200);
    assert!(decided.json::<Value>().await.unwrap()["beantwoordOp"].is_string());
    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &format!("{location}/besluit"),
            &json!({"besluit": "toegewezen"})
        )
        .await
        .status(),
        409
    );
    let (_, list) = get_json(&app, &privacy.token, "/api/v1/verzoeken").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        get_json(&app, &team.token, "/api/v1/verzoeken").await.0,
        403
    );

    let logged: Value = post_json(
        &app,
        &privacy.token,
        "/api/v1/verwerkingslog/_zoek",
        &json!({"bsn": "999900006"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let acties: Vec<&str> = logged
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["actie"].as_str())
        .collect();
    for step in [
        "verzoek.registreren",
        "verzoek.identiteit-bevestigen",
        "verzoek.beperken",
        "verzoek.verlengen",
        "verzoek.antwoord-exporteren",
        "verzoek.besluiten",
    ] {
        assert!(
            acties.contains(&step),
            "{step} in the processing log: {acties:?}"
        );
    }
}

async fn the_request_pages_show_dutch_errors_keep_input_and_give_the_answer_as_pdf(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let a = create(&app, &team.token, &valid_signal("GM0534")).await;
    let teamlid = app.signed_in_browser("t@example.nl").await;
    let officer = app.signed_in_browser("p@example.nl").await;
    assert_eq!(app.get(&teamlid, "/privacy/verzoeken").await.status(), 403);

    let refused = app
        .post(
            &officer,
            "/privacy/verzoeken",
            &[
                ("soort", "inzage"),
                ("bsn", "123456789"),
                ("ontvangen_op", "morgen"),
                ("toelichting", "Brief van 3 november"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Controleer de invoer"), "{page}");
    assert!(
        page.contains("Vul een geldige datum in"),
        "the date error in Dutch"
    );
    assert!(
        page.contains("fout-bsn") && page.contains("fout-ontvangen_op"),
        "each error at its field"
    );
    assert!(page.contains("Brief van 3 november"), "the input is kept");
    assert_eq!(
        app.get(&officer, "/privacy/verzoeken")
            .await
            .text()
            .await
            .unwrap()
            .matches("/privacy/verzoeken/")
            .count(),
        0,
        "nothing was stored"
    );

    let registered = app
        .post(
            &officer,
            "/privacy/verzoeken",
            &[
                ("soort", "inzage"),
                ("bsn", "999900006"),
                ("ontvangen_op", ""),
                ("toelichting", ""),
            ],
        )
        .await;
    let detail_path = location(&registered);
    assert!(
        detail_path.starts_with("/privacy/verzoeken/"),
        "{detail_path}"
    );
    assert!(!detail_path.contains("999900006"));
    let detail = app.get(&officer, &detail_path).await.text().await.unwrap();
    assert!(
        detail.contains("Jan Jansen") && detail.contains("Sterke hennepgeur"),
        "{detail}"
    );
    assert!(
        detail.contains("(Hillegom), ") && !detail.contains("(GM0534)"),
        "the dossier's municipality by name: {detail}"
    );

    let bad = app
        .post(
            &officer,
            &format!("{detail_path}/beperking"),
            &[
                ("beperking_dossier", a.as_str()),
                ("beperking_journaalpost", ""),
                ("beperking_grond", "d"),
                ("beperking_motivering", "Lopend onderzoek."),
                ("beperking_herbeoordeling", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 400);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("Kies een datum na vandaag.") && page.contains("Lopend onderzoek."),
        "{page}"
    );
    assert_eq!(
        page.matches("utrecht-form-field-error-message").count(),
        1,
        "only the date is wrong: the form's field names reach the service"
    );
    let restricted = app
        .post(
            &officer,
            &format!("{detail_path}/beperking"),
            &[
                ("beperking_dossier", a.as_str()),
                ("beperking_journaalpost", ""),
                ("beperking_grond", "d"),
                ("beperking_motivering", "Lopend onderzoek."),
                ("beperking_herbeoordeling", "2031-01-01"),
            ],
        )
        .await;
    assert_eq!(location(&restricted), detail_path);
    let detail = app.get(&officer, &detail_path).await.text().await.unwrap();
    assert!(
        detail.contains("Beperkt (art. 41 lid 1 onder d UAVG), herbeoordeling 01-01-2031"),
        "{detail}"
    );

    let pdf = app
        .get(&officer, &format!("{detail_path}/antwoord.pdf"))
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        !text.contains("Sterke hennepgeur")
            && text.contains("artikel 41, eerste lid, onder d, van de Uitvoeringswet AVG"),
        "{text}"
    );
    assert!(text.contains("CONCEPT"), "no decision yet: a draft");
    assert_eq!(
        app.get(&teamlid, &format!("{detail_path}/antwoord.pdf"))
            .await
            .status(),
        403
    );
}

/// The retention job removes a request two years after its answer (the processing register), with
/// its restrictions; an open request and another municipality's stay; a dry run removes nothing.
async fn answered_requests_are_removed_two_years_after_the_answer(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let dossier = create(&app, &team.token, &valid_signal("GM0534")).await;
    let register = |token: String, body: Value| {
        let app = &app;
        async move {
            let created = post_json(app, &token, "/api/v1/verzoeken", &body).await;
            assert_eq!(created.status(), 201);
            created.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let answered = register(
        privacy.token.clone(),
        json!({"soort": "wissing", "bsn": "999900006"}),
    )
    .await;
    let restricted = post_json(
        &app,
        &privacy.token,
        &format!("{answered}/beperkingen"),
        &json!({"dossier": dossier, "grond": "h", "motivering": "Lopend onderzoek.",
            "herbeoordeling": (time::OffsetDateTime::now_utc().date() + time::Duration::days(10)).to_string()}),
    )
    .await;
    assert_eq!(restricted.status(), 201, "{:?}", restricted.text().await);
    let answered_id = answered.rsplit('/').next().unwrap().to_string();

    // Once its re-evaluation date has come, the restriction is listed for the officer to look at
    // again — not before, and not for another municipality's officer.
    let section = |page: String| {
        page.find(r#"id="kop-herbeoordelen""#).map(|start| {
            page[start..]
                .split("</section>")
                .next()
                .unwrap()
                .to_string()
        })
    };
    let officer_page = |email: &'static str| {
        let app = &app;
        async move {
            let browser = app.signed_in_browser(email).await;
            app.get(&browser, "/privacy/verzoeken")
                .await
                .text()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        section(officer_page("p@example.nl").await),
        None,
        "not yet due"
    );
    app.clock.advance(time::Duration::days(10));
    let due = section(officer_page("p@example.nl").await).expect("listed once due");
    assert!(
        due.contains(&format!(r#"href="/privacy/verzoeken/{answered_id}""#))
            && due.contains("het hele dossier, onder h"),
        "{due}"
    );
    assert_eq!(
        section(officer_page("pl@example.nl").await),
        None,
        "Lisse's officer"
    );
    let decided = post_json(
        &app,
        &privacy.token,
        &format!("{answered}/besluit"),
        &json!({"besluit": "afgewezen", "motivering": "Nodig voor de lopende taak."}),
    )
    .await;
    assert_eq!(decided.status(), 200);
    let open = register(
        privacy.token.clone(),
        json!({"soort": "inzage", "bsn": "999900006"}),
    )
    .await;
    let elsewhere = register(
        lisse.token.clone(),
        json!({"soort": "inzage", "bsn": "999900006"}),
    )
    .await;
    let lisse_decided = post_json(
        &app,
        &lisse.token,
        &format!("{elsewhere}/besluit"),
        &json!({"besluit": "toegewezen"}),
    )
    .await;
    assert_eq!(lisse_decided.status(), 200);

    let today = time::OffsetDateTime::now_utc().date();
    let retention = |vandaag: time::Date, dry_run: bool, caller: baken_core::Caller| {
        let services = app.services.clone();
        async move {
            services
                .run_retention(&caller, vandaag, dry_run, &Default::default())
                .await
                .unwrap()
                .verzoeken_verwijderd
        }
    };
    let officer_id = baken_domain::UserId(privacy.id.parse().unwrap());
    let officer = baken_core::Caller::User(app.services.actor(officer_id).await.unwrap());
    // The answers were given ten days on (the clock was advanced above).
    let almost = today + time::Duration::days(365 * 2 + 7);
    let due = today + time::Duration::days(365 * 2 + 15);
    assert_eq!(
        retention(almost, false, officer.clone()).await,
        0,
        "not yet"
    );
    assert_eq!(
        retention(due, true, officer.clone()).await,
        1,
        "dry run counts"
    );
    assert_eq!(
        get_json(&app, &privacy.token, &answered).await.0,
        200,
        "dry run removes nothing"
    );
    assert_eq!(
        retention(due, false, officer).await,
        1,
        "the officer's run removes only their own municipality's request"
    );
    assert_eq!(get_json(&app, &privacy.token, &answered).await.0, 404);
    assert_eq!(
        get_json(&app, &privacy.token, &open).await.0,
        200,
        "open requests stay"
    );
    assert_eq!(get_json(&app, &lisse.token, &elsewhere).await.0, 200);
    assert_eq!(
        retention(due, false, baken_core::Caller::System).await,
        1,
        "the system's run: Lisse's"
    );
    assert_eq!(get_json(&app, &lisse.token, &elsewhere).await.0, 404);

    // The removal is in the processing log under the subject, and nothing identifies them in the audit.
    let logged: Value = post_json(
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
        logged
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actie"] == "verzoek.verwijderen"),
        "{logged}"
    );
}

/// At its re-evaluation date a restriction is kept with a new date or lifted, with reasons; a
/// lifted part is in the answer again. Errors all at once; another municipality's officer gets 404.
async fn a_restriction_is_kept_or_lifted_at_its_re_evaluation(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "pl@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let dossier = create(&app, &team.token, &valid_signal("GM0534")).await;
    let created = post_json(
        &app,
        &privacy.token,
        "/api/v1/verzoeken",
        &json!({"soort": "inzage", "bsn": "999900006"}),
    )
    .await;
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let today = time::OffsetDateTime::now_utc().date();
    let restricted: Value = post_json(
        &app,
        &privacy.token,
        &format!("{location}/beperkingen"),
        &json!({"dossier": dossier, "grond": "h", "motivering": "Lopend onderzoek.",
            "herbeoordeling": (today + time::Duration::days(10)).to_string()}),
    )
    .await
    .json()
    .await
    .unwrap();
    let reassess = format!(
        "{location}/beperkingen/{}/herbeoordeling",
        restricted["id"].as_str().unwrap()
    );
    let decided = post_json(
        &app,
        &privacy.token,
        &format!("{location}/besluit"),
        &json!({"besluit": "deels-toegewezen", "motivering": "Deels beperkt."}),
    )
    .await;
    assert_eq!(decided.status(), 200);
    let answer_text = || async {
        get_json(&app, &privacy.token, &format!("{location}/antwoord"))
            .await
            .1
            .to_string()
    };
    assert!(
        !answer_text().await.contains("Sterke hennepgeur"),
        "withheld"
    );
    app.clock.advance(time::Duration::days(10));

    let invalid = post_json(
        &app,
        &privacy.token,
        &reassess,
        &json!({"uitkomst": "misschien"}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    let mut names: Vec<String> = invalid.json::<Value>().await.unwrap()["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["motivering", "uitkomst"]);
    let past = post_json(
        &app,
        &privacy.token,
        &reassess,
        &json!({"uitkomst": "handhaven", "motivering": "Loopt nog.", "herbeoordeling": today.to_string()}),
    )
    .await;
    assert_eq!(past.status(), 400, "the next date must lie after today");
    assert_eq!(
        post_json(
            &app,
            &lisse.token,
            &reassess,
            &json!({"uitkomst": "opheffen", "motivering": "x"})
        )
        .await
        .status(),
        404
    );

    // Kept, through the request page's form: first with errors (at their fields, in Dutch), then
    // with reasons and a new date.
    let officer = app.signed_in_browser("p@example.nl").await;
    let detail_path = format!(
        "/privacy/verzoeken/{}",
        location.rsplit('/').next().unwrap()
    );
    let beperking_id = restricted["id"].as_str().unwrap().to_string();
    let step = format!("{detail_path}/herbeoordeling");
    let refused = app
        .post(
            &officer,
            &step,
            &[
                ("herbeoordeling_beperking", beperking_id.as_str()),
                ("herbeoordeling_uitkomst", "handhaven"),
                ("herbeoordeling_motivering", ""),
                ("herbeoordeling_herbeoordeling", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("fout-herbeoordeling_motivering")
            && page.contains("fout-herbeoordeling_herbeoordeling"),
        "{page}"
    );
    let next = (today + time::Duration::days(60)).to_string();
    let kept = app
        .post(
            &officer,
            &step,
            &[
                ("herbeoordeling_beperking", beperking_id.as_str()),
                ("herbeoordeling_uitkomst", "handhaven"),
                ("herbeoordeling_motivering", "Onderzoek loopt nog."),
                ("herbeoordeling_herbeoordeling", next.as_str()),
            ],
        )
        .await;
    assert_eq!(crate::support::location(&kept), detail_path);
    let (_, detail) = get_json(&app, &privacy.token, &location).await;
    let kept = &detail["beperkingen"][0];
    assert_eq!(
        kept["herbeoordelingMotivering"], "Onderzoek loopt nog.",
        "{detail}"
    );
    assert_eq!(kept["herbeoordeling"], next.as_str());
    assert!(kept["opgehevenOp"].is_null());
    assert!(
        !answer_text().await.contains("Sterke hennepgeur"),
        "still withheld"
    );
    let officer = app.signed_in_browser("p@example.nl").await;
    let list = app
        .get(&officer, "/privacy/verzoeken")
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains("kop-herbeoordelen"), "no longer due");

    let lifted = post_json(
        &app,
        &privacy.token,
        &reassess,
        &json!({"uitkomst": "opheffen", "motivering": "Onderzoek afgerond."}),
    )
    .await;
    assert_eq!(lifted.status(), 200);
    assert!(lifted.json::<Value>().await.unwrap()["opgehevenOp"].is_string());
    assert!(
        answer_text().await.contains("Sterke hennepgeur"),
        "in the answer again"
    );
    assert_eq!(
        post_json(
            &app,
            &privacy.token,
            &reassess,
            &json!({"uitkomst": "opheffen", "motivering": "Nog eens."})
        )
        .await
        .status(),
        409
    );

    let detail_path = format!(
        "/privacy/verzoeken/{}",
        location.rsplit('/').next().unwrap()
    );
    let page = app.get(&officer, &detail_path).await.text().await.unwrap();
    let listed = between(&page, r#"id="beperkingen""#, "</ul>");
    assert!(
        listed.contains("opgeheven op") && listed.contains("Onderzoek afgerond."),
        "{listed}"
    );
    assert!(
        !page.contains("Beperking herbeoordelen"),
        "nothing left to re-evaluate"
    );

    let logged = post_json(
        &app,
        &privacy.token,
        "/api/v1/verwerkingslog/_zoek",
        &json!({"bsn": "999900006"}),
    )
    .await
    .json::<Value>()
    .await
    .unwrap();
    assert_eq!(
        logged
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["actie"] == "verzoek.beperking-herbeoordelen")
            .count(),
        2
    );
}
