//! The daily work of the team (issue 12): the backlog's filters and orders through the page and
//! the API, the neutral hit of an identifier known only elsewhere, and pages that read as words
//! (municipality names, labelled entity values, the processing log's actions and who did them).
//! On both databases.

use crate::bewaren::pdf_text;
use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    the_backlog_filters_and_orders_as_chosen,
    an_identifier_known_only_elsewhere_gives_the_neutral_hit_and_nothing_else,
    pages_say_names_and_words_not_codes_and_keys,
    the_processing_log_says_what_was_done_and_by_whom,
    the_access_answer_is_a_letter_of_one_controller_with_what_article_15_requires,
    the_triage_view_shows_age_counts_and_names_and_assigns_from_the_list,
    a_monitored_signal_returns_to_the_queue_on_its_reweigh_date,
);

/// The numbers on a backlog page, in the order shown.
fn numbers_on_page(html: &str) -> Vec<String> {
    let table = between(html, "<tbody", "</tbody>");
    table
        .split("href=\"/signalen/")
        .skip(1)
        .map(|part| between(part, "\">", "</a>").to_string())
        .collect()
}

fn signal_received(gemeente: &str, date: &str, text: &str) -> Value {
    let mut body = valid_signal(gemeente);
    body["ontvangstdatum"] = json!(date);
    body["omschrijving"] = json!(text);
    body["subjecten"] = json!([]);
    body["objecten"] = json!([]);
    body
}

async fn the_backlog_filters_and_orders_as_chosen(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let me = api_user(&app, "coordinator@example.nl", "coordinator", &["GM0534"]).await;
    let colleague = api_user(&app, "collega@example.nl", "teamlid", &["GM0534"]).await;
    // Registered in this order, received in another: the second was received first.
    let first = create(
        &app,
        &me.token,
        &signal_received("GM0534", "2026-11-10", "Eerste registratie."),
    )
    .await;
    let second = create(
        &app,
        &me.token,
        &signal_received("GM0534", "2026-10-01", "Tweede registratie."),
    )
    .await;
    let third = create(
        &app,
        &me.token,
        &signal_received("GM0534", "2026-11-20", "Derde registratie."),
    )
    .await;
    for (id, to) in [(&first, &me.id), (&third, &colleague.id)] {
        let response = app
            .api()
            .patch(app.at(&format!("/api/v1/signalen/{id}")))
            .bearer_auth(&me.token)
            .json(&json!({"toegewezenAan": to, "versie": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
    }
    let number = |id: &str| {
        let app = &app;
        let token = me.token.clone();
        let id = id.to_string();
        async move {
            let (_, signal) = get_json(app, &token, &format!("/api/v1/signalen/{id}")).await;
            signal["nummer"].as_str().unwrap().to_string()
        }
    };
    let (n1, n2, n3) = (
        number(&first).await,
        number(&second).await,
        number(&third).await,
    );

    let browser = app.signed_in_browser("coordinator@example.nl").await;
    let page = |query: String| {
        let (app, browser) = (&app, &browser);
        async move {
            let response = app.get(browser, &format!("/signalen{query}")).await;
            assert_eq!(response.status(), 200, "{query}");
            response.text().await.unwrap()
        }
    };
    assert_eq!(
        numbers_on_page(&page(String::new()).await),
        [n3.as_str(), n1.as_str(), n2.as_str()],
        "newest received first"
    );
    assert_eq!(
        numbers_on_page(&page("?sortering=oudste".into()).await),
        [n2.as_str(), n1.as_str(), n3.as_str()],
        "oldest received first, not the order of registration"
    );
    let mine = page("?toegewezenAan=mij".into()).await;
    assert_eq!(
        numbers_on_page(&mine),
        [n1.as_str()],
        "'Aan mij' shows only my signals"
    );
    // The filter form sends the names the backlog reads (it sent `toegewezen_aan`, which was
    // ignored, so "Aan mij" showed everyone's).
    for name in [
        "toegewezenAan",
        "ouderDanDagen",
        "sortering",
        "status",
        "bron",
        "fenomeen",
    ] {
        assert!(
            mine.contains(&format!("name=\"{name}\"")),
            "form field {name}"
        );
    }
    assert!(!mine.contains("name=\"toegewezen_aan\""));
    assert!(
        mine.contains("<option value=\"mij\" selected>"),
        "the filter stays chosen"
    );
    assert_eq!(
        numbers_on_page(&page(format!("?toegewezenAan={}", colleague.id)).await),
        [n3.as_str()]
    );
    // Received at least 40 days before today's 1 December: only the October signal.
    let today = baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc());
    let days = (today - time::macros::date!(2026 - 10 - 01)).whole_days() - 1;
    let old = page(format!("?ouderDanDagen={days}")).await;
    assert_eq!(
        numbers_on_page(&old),
        [n2.as_str()],
        "'Ouder dan' filters by the day received"
    );
    // Paging keeps the filters and the order.
    let first_page = page("?sortering=oudste&limiet=2".into()).await;
    assert_eq!(numbers_on_page(&first_page), [n2.as_str(), n1.as_str()]);
    let next = between(&first_page, "href=\"/signalen?", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    assert!(
        next.contains("sortering=oudste") && next.contains("na="),
        "{next}"
    );

    let next_page = app
        .get(&browser, &format!("/signalen?{next}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(numbers_on_page(&next_page), [n3.as_str()]);
    let wrong = app.get(&browser, "/signalen?ouderDanDagen=veel").await;
    assert_eq!(wrong.status(), 400);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Vul een aantal dagen in")
    );

    // The same through the API.
    let (_, oldest) = get_json(
        &app,
        &me.token,
        "/api/v1/signalen?gemeente=GM0534&sortering=oudste",
    )
    .await;
    let api_numbers: Vec<&str> = oldest["signalen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["nummer"].as_str().unwrap())
        .collect();
    assert_eq!(api_numbers, [n2.as_str(), n1.as_str(), n3.as_str()]);
    let (_, mine) = get_json(
        &app,
        &me.token,
        "/api/v1/signalen?gemeente=GM0534&toegewezenAan=mij",
    )
    .await;
    assert_eq!(mine["signalen"].as_array().unwrap().len(), 1);
}

async fn an_identifier_known_only_elsewhere_gives_the_neutral_hit_and_nothing_else(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let lisse = api_user(&app, "lisse@example.nl", "teamlid", &["GM0553"]).await;
    let hillegom = api_user(&app, "hillegom@example.nl", "teamlid", &["GM0534"]).await;
    let mut body = valid_signal("GM0553");
    body["omschrijving"] = json!("Kwekerij vermoed in de schuur achter de woning.");
    body["subjecten"] = json!([
        {"soort": "persoon", "bsn": "999900006", "voornamen": "Jan", "achternaam": "Jansen", "rol": "bewoner"},
        {"soort": "organisatie", "naam": "Groeibedrijf BV", "kvkNummer": "12345678", "vestigingsnummer": "000012345678", "rol": "exploitant"}
    ]);
    body["objecten"] = json!([
        {"soort": "adres", "postcode": "2161 AB", "huisnummer": "7", "huisletter": "A", "straat": "Heereweg", "woonplaats": "Lisse"},
        {"soort": "voertuig", "kenteken": "GB-123-X"}
    ]);
    create(&app, &lisse.token, &body).await;

    for query in [
        json!({"bsn": "999900006"}),
        json!({"kvkNummer": "12345678"}),
        json!({"postcode": "2161AB", "huisnummer": "7"}),
        json!({"postcode": "2161 ab", "huisnummer": 7, "huisletter": "A"}),
        json!({"kenteken": "GB123X"}),
    ] {
        let response = post_json(&app, &hillegom.token, "/api/v1/signalen/_zoek", &query).await;
        assert_eq!(response.status(), 200, "{query}");
        let found: Value = response.json().await.unwrap();
        assert_eq!(
            found,
            json!({"treffers": [], "ookEldersBekend": true}),
            "{query}: the neutral hit and nothing else"
        );
    }
    // Another house number is not the same address.
    let other: Value = post_json(
        &app,
        &hillegom.token,
        "/api/v1/signalen/_zoek",
        &json!({"postcode": "2161AB", "huisnummer": "70"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(other, json!({"treffers": []}));

    // The page says the same, in words, and shows no number of Lisse's.
    let browser = app.signed_in_browser("hillegom@example.nl").await;
    let page = app
        .post(&browser, "/signalen/zoeken", &[("kvkNummer", "12345678")])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("id=\"ook-elders\""),
        "neutral hit on the page"
    );
    assert!(page.contains("Resultaten (0)"));
    assert!(
        !page.contains("S-2026-"),
        "no dossier number of the other municipality"
    );
    assert!(!page.contains("Groeibedrijf"));

    // Every identifier search is logged, the neutral ones flagged for the privacy officer.
    let entries = app
        .store
        .begin_read()
        .await
        .unwrap()
        .list_access(None, None, 100)
        .await
        .unwrap();
    let questions = entries
        .iter()
        .filter(|a| a.object_soort == "identificatiezoekvraag-zonder-eigen-dossier")
        .count();
    assert_eq!(
        questions, 7,
        "five API searches, one without a hit, one on the page"
    );
}

async fn pages_say_names_and_words_not_codes_and_keys(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let user = api_user(
        &app,
        "multi@example.nl",
        "coordinator",
        &["GM0534", "GM0553"],
    )
    .await;
    let mut body = valid_signal("GM0553");
    body["subjecten"] = json!([
        {"soort": "persoon", "bsn": "999900006", "voornamen": "Jan", "achternaam": "Jansen", "geboortedatum": "1963-08-16", "rol": "bewoner"},
        {"soort": "organisatie", "naam": "Groeibedrijf BV", "kvkNummer": "12345678", "rol": "exploitant"}
    ]);
    let id = create(&app, &user.token, &body).await;
    create(&app, &user.token, &valid_signal("GM0534")).await;
    let (_, signal) = get_json(&app, &user.token, &format!("/api/v1/signalen/{id}")).await;
    let browser = app.signed_in_browser("multi@example.nl").await;
    let dossier = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        dossier.contains("<dd>Lisse</dd>"),
        "the municipality by name"
    );
    let entities = signal["subjecten"].as_array().unwrap();
    for entity in entities {
        let eid = entity["id"].as_str().unwrap();
        let page = app
            .get(&browser, &format!("/entiteiten/{eid}"))
            .await
            .text()
            .await
            .unwrap();
        let main = between(&page, "<main", "</main>");
        for raw in ["kvkNummer", "geboortedatum", "[1963", "GM0553", "GM0534"] {
            assert!(!main.contains(raw), "{raw} on the entity page: {main}");
        }
        if entity["gegevens"]["soort"] == "persoon" {
            assert!(
                main.contains("<dt>Geboortedatum</dt><dd>16-08-1963</dd>"),
                "{main}"
            );
            assert!(
                main.contains("(Lisse)"),
                "its dossier with the municipality's name"
            );
        } else {
            assert!(
                main.contains("<dt>KvK-nummer</dt><dd>12345678</dd>"),
                "{main}"
            );
        }
    }
    // A text search over both municipalities says which municipality each number belongs to.
    let found = app
        .post(&browser, "/signalen/zoeken", &[("zoekterm", "hennepgeur")])
        .await
        .text()
        .await
        .unwrap();
    let results = between(&found, "id=\"zoekresultaten\"", "</ul>");
    assert!(
        results.contains("Lisse") && results.contains("Hillegom"),
        "{results}"
    );
    assert!(!results.contains("GM0"), "{results}");
}

async fn the_processing_log_says_what_was_done_and_by_whom(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "team@example.nl", "teamlid", &["GM0534"]).await;
    app.user("privacy@example.nl", "privacyfunctionaris", &["GM0534"])
        .await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let browser = app.signed_in_browser("privacy@example.nl").await;
    let response = app
        .post(&browser, "/privacy/verwerkingslog", &[("bsn", "999900006")])
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let table = between(&page, "id=\"verwerkingen\"", "</table>");
    assert!(table.contains("Signaal geregistreerd"), "{table}");
    assert!(table.contains("Dossier ingezien"), "{table}");
    assert!(
        table.contains("Registratie en weging van signalen"),
        "the activity by its name: {table}"
    );
    let rows: Vec<&str> = table.split("<tr").skip(2).collect();
    assert!(rows.len() >= 2, "{table}");
    for row in &rows {
        assert!(
            row.contains("Test teamlid"),
            "every row names who did it: {row}"
        );
        // What a person reads: the text, not the link targets.
        let row: String = row
            .split("href=\"")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('"').map_or("", |(_, rest)| rest)
                }
            })
            .collect();
        for raw in [
            "/signalen",
            "{id}",
            "GET ",
            "POST ",
            ".lezen",
            "signaal.registreren",
        ] {
            assert!(!row.contains(raw), "{raw} in {row}");
        }
    }
}

async fn the_access_answer_is_a_letter_of_one_controller_with_what_article_15_requires(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let hillegom = api_user(&app, "h@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    // One privacy officer serving both municipalities, each a controller of its own.
    let officer = api_user(
        &app,
        "p@example.nl",
        "privacyfunctionaris",
        &["GM0534", "GM0553"],
    )
    .await;
    let mut own = valid_signal("GM0534");
    own["omschrijving"] = json!("Veel bezoekers aan de loods in Hillegom.");
    create(&app, &hillegom.token, &own).await;
    let mut other = valid_signal("GM0553");
    other["omschrijving"] = json!("Geurklachten bij de kwekerij in Lisse.");
    create(&app, &lisse.token, &other).await;
    let created = post_json(
        &app,
        &officer.token,
        "/api/v1/verzoeken",
        &json!({"soort": "inzage", "bsn": "999900006", "gemeente": "GM0534", "ontvangenOp": "2026-11-03"}),
    )
    .await;
    assert_eq!(created.status(), 201, "{:?}", created.text().await);
    let path = created.headers()["location"].to_str().unwrap().to_string();
    let (_, answer) = get_json(&app, &officer.token, &format!("{path}/antwoord")).await;
    let text = serde_json::to_string(&answer).unwrap();
    assert!(
        text.contains("Hillegom") || text.contains("GM0534"),
        "{text}"
    );
    assert!(
        !text.contains("Geurklachten"),
        "Lisse's dossier is not in Hillegom's answer: {text}"
    );

    let pdf = |path: String| {
        let app = &app;
        let token = officer.token.clone();
        async move {
            let response = app
                .api()
                .get(app.at(&format!("{path}/antwoord")))
                .bearer_auth(&token)
                .header("accept", "application/pdf")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            pdf_text(&response.bytes().await.unwrap())
        }
    };
    let draft = pdf(path.clone()).await;
    assert!(
        draft.contains("CONCEPT"),
        "before the decision it is a draft: {draft}"
    );
    let decided = post_json(
        &app,
        &officer.token,
        &format!("{path}/besluit"),
        &json!({"besluit": "toegewezen", "motivering": ""}),
    )
    .await;
    assert_eq!(decided.status(), 200, "{:?}", decided.text().await);
    let letter = pdf(path).await;
    let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in [
        // A letter: letterhead, addressee, date, reference, subject, salutation, signatory.
        "Gemeente Hillegom",
        "College van burgemeester en wethouders van Hillegom",
        "Jan Jansen",
        "Datum",
        "Kenmerk",
        "Onderwerp: Uw verzoek om inzage van 3 november 2026",
        "Geachte heer, mevrouw Jansen,",
        "Met vriendelijke groet,",
        "namens het college van burgemeester en wethouders van Hillegom,",
        "Test privacyfunctionaris",
        // Art. 15 AVG beside the data: purposes, categories, recipients, retention, origin,
        // rights, the complaint to the Autoriteit Persoonsgegevens, automated decisions.
        "Uw gegevens",
        "Veel bezoekers aan de loods in Hillegom.",
        "Waarom de gemeente uw gegevens verwerkt",
        "Welke soorten gegevens",
        "Aan wie de gemeente gegevens verstrekt",
        "Hoe lang de gemeente uw gegevens bewaart",
        "Waar de gegevens vandaan komen",
        "Autoriteit Persoonsgegevens",
        "Geautomatiseerde besluitvorming",
        "binnen zes weken",
        "Deze brief gaat alleen over de gegevens van de gemeente Hillegom.",
    ] {
        assert!(flat.contains(part), "the letter lacks “{part}”: {flat}");
    }
    assert!(!flat.contains("CONCEPT"), "decided: no longer a draft");
    assert!(
        !flat.contains("Geurklachten") && !flat.contains("Lisse"),
        "{flat}"
    );
    assert!(!flat.contains("GM0"), "no municipality code: {flat}");
}

async fn the_triage_view_shows_age_counts_and_names_and_assigns_from_the_list(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534", "GM0553"]).await;
    let colleague = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    // Ages are counted in Dutch days: near midnight the UTC date is another day.
    let today = baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc());
    let received = |days: i64| (today - time::Duration::days(days)).to_string();
    let old = create(
        &app,
        &coordinator.token,
        &signal_received("GM0534", &received(30), "Oud signaal."),
    )
    .await;
    let recent = create(
        &app,
        &coordinator.token,
        &signal_received("GM0534", &received(2), "Recent signaal."),
    )
    .await;
    let lisse = create(
        &app,
        &coordinator.token,
        &signal_received("GM0553", &received(10), "Signaal in Lisse."),
    )
    .await;
    let number = |id: String| {
        let app = &app;
        let token = coordinator.token.clone();
        async move {
            let (_, s) = get_json(app, &token, &format!("/api/v1/signalen/{id}")).await;
            s["nummer"].as_str().unwrap().to_string()
        }
    };
    let (n_old, n_recent, n_lisse) = (
        number(old.clone()).await,
        number(recent.clone()).await,
        number(lisse.clone()).await,
    );

    let browser = app.signed_in_browser("c@example.nl").await;
    let response = app.get(&browser, "/signalen/triage").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("href=\"/signalen/triage\""),
        "the coordinator's navigation offers it"
    );
    let table = between(&page, "id=\"triage\"", "</table>");
    let positions: Vec<usize> = [&old, &lisse, &recent]
        .iter()
        .map(|id| table.find(&format!("id=\"signaal-{id}\"")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "oldest received first: {n_old}, {n_lisse}, {n_recent}"
    );
    assert!(
        table.contains("(30 dagen)") && table.contains("(10 dagen)") && table.contains("(2 dagen)"),
        "{table}"
    );
    assert!(
        table.contains("Hillegom") && table.contains("Lisse"),
        "municipality names"
    );
    assert!(!table.contains("GM0"), "no codes");
    assert!(table.contains("vandaag"), "last activity today");
    let counts = between(&page, "id=\"tellingen\"", "</table>");
    let hillegom_row = between(counts, "Hillegom", "</tr>");
    assert!(
        hillegom_row.contains("data-label=\"Ontvangen\">2<")
            && hillegom_row.contains("data-label=\"Totaal\">2<"),
        "{hillegom_row}"
    );
    let lisse_row = between(counts, "Lisse", "</tr>");
    assert!(
        lisse_row.contains("data-label=\"Totaal\">1<"),
        "{lisse_row}"
    );
    assert!(between(&page, "id=\"werkvoorraad\"", "</ul>").contains("niemand: 3 open signalen"));

    // Assign from the list: back to the list, with a confirmation shown once.
    let assigned = app
        .post(
            &browser,
            &format!("/signalen/{old}/toewijzing"),
            &[("toegewezen_aan", colleague.id.as_str()), ("versie", "1")],
        )
        .await;
    assert_eq!(assigned.status(), 303);
    assert_eq!(
        location(&assigned),
        format!("/signalen/triage#signaal-{old}")
    );
    let after = app
        .get(&browser, "/signalen/triage")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        after.contains("Het signaal is toegewezen."),
        "confirmation after the save"
    );
    assert!(
        between(&after, "id=\"werkvoorraad\"", "</ul>").contains("Test teamlid: 1 open signaal")
    );
    let again = app
        .get(&browser, "/signalen/triage")
        .await
        .text()
        .await
        .unwrap();
    assert!(!again.contains("Het signaal is toegewezen."), "shown once");
    let (_, signal) = get_json(&app, &coordinator.token, &format!("/api/v1/signalen/{old}")).await;
    assert_eq!(signal["toegewezenAan"]["id"], colleague.id.as_str());
    let (_, journal) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{old}/journaalposten"),
    )
    .await;
    assert!(
        journal.to_string().contains("Toegewezen vanuit de triage."),
        "journaled with the reason"
    );
    // A stale version is refused, and nothing changes.
    let stale = app
        .post(
            &browser,
            &format!("/signalen/{old}/toewijzing"),
            &[("toegewezen_aan", ""), ("versie", "1")],
        )
        .await;
    assert_eq!(stale.status(), 409);

    // Only coordinators.
    let team = app.signed_in_browser("t@example.nl").await;
    assert_eq!(app.get(&team, "/signalen/triage").await.status(), 403);
    let home = app.get(&team, "/").await.text().await.unwrap();
    assert!(!home.contains("href=\"/signalen/triage\""));
}

async fn a_monitored_signal_returns_to_the_queue_on_its_reweigh_date(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let other = create(
        &app,
        &coordinator.token,
        &signal_received("GM0534", "2026-01-05", "Het oudste signaal."),
    )
    .await;
    let id = create(
        &app,
        &coordinator.token,
        &signal_received("GM0534", "2026-06-01", "Te volgen signaal."),
    )
    .await;
    let patch = |body: Value| {
        let app = &app;
        let token = coordinator.token.clone();
        let id = id.clone();
        async move { patch_signal(app, &token, &id, body).await }
    };
    for status in ["intake", "weging"] {
        let (code, body) = patch(json!({"status": status, "motivering": "Besproken."})).await;
        assert_eq!(code, 200, "{body}");
    }
    let today = app.clock.now().date();
    // Monitoring needs the day it is weighed again: not missing, not in the past.
    for (date, reason) in [
        (None, "Geef bij monitoren de datum"),
        (Some(today.to_string()), "na vandaag"),
        (Some("volgende week".to_string()), "geldige datum"),
    ] {
        let (code, problem) =
            patch(json!({"status": "monitoren", "motivering": "Volgen.", "herbeoordelenOp": date}))
                .await;
        assert_eq!(code, 400, "{problem}");
        assert_eq!(
            problem["invalidParams"][0]["name"], "herbeoordelenOp",
            "{problem}"
        );
        assert!(
            problem["invalidParams"][0]["reason"]
                .as_str()
                .unwrap()
                .contains(reason),
            "{problem}"
        );
    }
    let due = today + time::Duration::days(14);
    let (code, signal) = patch(json!({"status": "monitoren", "motivering": "Volgen tot na de zomer.", "herbeoordelenOp": due.to_string()})).await;
    assert_eq!(code, 200, "{signal}");
    assert_eq!(signal["herbeoordelenOp"], due.to_string());
    let (_, journal) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert!(journal.to_string().contains(&format!(
        "Herbeoordeling op {}",
        baken_domain::tijd::format_date_nl(due)
    )));

    let browser = app.signed_in_browser("c@example.nl").await;
    let page = app
        .get(&browser, "/signalen/triage")
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Opnieuw wegen sinds"), "not due yet");
    let table = between(&page, "id=\"triage\"", "</table>");
    assert!(
        table.find(&other).unwrap() < table.find(&id).unwrap(),
        "oldest first while not due"
    );

    // On the day itself it is back on the queue: flagged, and first.
    app.clock.advance(time::Duration::days(14));
    let browser = app.signed_in_browser("c@example.nl").await;
    let page = app
        .get(&browser, "/signalen/triage")
        .await
        .text()
        .await
        .unwrap();
    let table = between(&page, "id=\"triage\"", "</table>");
    assert!(
        table.contains(&format!(
            "Opnieuw wegen sinds {}",
            baken_domain::tijd::format_date_nl(due)
        )),
        "{table}"
    );
    assert!(
        table.find(&id).unwrap() < table.find(&other).unwrap(),
        "due again: at the top"
    );
    let dossier = app
        .get(&browser, &format!("/signalen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        dossier.contains("(nu opnieuw wegen)"),
        "the dossier says so too"
    );

    // Weighing again ends monitoring and its date.
    let (code, signal) = patch(json!({"status": "weging", "motivering": "Opnieuw gewogen."})).await;
    assert_eq!(code, 200, "{signal}");
    assert!(signal.get("herbeoordelenOp").is_none(), "{signal}");
    let (code, problem) =
        patch(json!({"herbeoordelenOp": (due + time::Duration::days(30)).to_string()})).await;
    assert_eq!(code, 400, "only while monitoring: {problem}");
}
