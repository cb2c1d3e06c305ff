//! Meetings (issue 13): a signal meeting whose agenda is drawn from the signals that await
//! weighing, oldest first; the chair's decision per item is the protocol's transition in that
//! dossier (refused with the rule named when a weighing or privacy check is missing) and an
//! `overlegbesluit` journal entry there; attendees from outside, action items on the owner's task
//! list; each reader sees the agenda as need-to-know allows; another municipality gets not found.
//! On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    a_signal_meeting_weighs_its_agenda_under_the_protocol,
    the_meeting_pages_plan_decide_and_show_each_reader_their_minutes,
);

fn invalid(problem: &Value) -> Vec<String> {
    problem["invalidParams"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["name"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    token: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut request = app.api().request(method, app.at(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn to_weging(app: &TestApp, token: &str, id: &str) {
    for (status, motivering) in [
        ("intake", None),
        ("weging", Some("Ondermijning, onze taak.")),
    ] {
        let (code, body) = patch_signal(
            app,
            token,
            id,
            json!({"status": status, "motivering": motivering}),
        )
        .await;
        assert_eq!(code, 200, "{body}");
    }
}

fn agenda(meeting: &Value) -> Vec<String> {
    meeting["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["dossier"].as_str().unwrap().to_string())
        .collect()
}

async fn a_signal_meeting_weighs_its_agenda_under_the_protocol(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let chair = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let member = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "coordinator", &["GM0553"]).await;
    let first = create(&app, &chair.token, &valid_signal("GM0534")).await;
    let second = create(&app, &chair.token, &valid_signal("GM0534")).await;
    let own = create(&app, &member.token, &valid_signal("GM0534")).await;
    let still_intake = create(&app, &chair.token, &valid_signal("GM0534")).await;
    let elsewhere = create(&app, &lisse.token, &valid_signal("GM0553")).await;
    for id in [&first, &second] {
        to_weging(&app, &chair.token, id).await;
    }
    to_weging(&app, &member.token, &own).await;
    to_weging(&app, &lisse.token, &elsewhere).await;
    let (code, _) = patch_signal(
        &app,
        &chair.token,
        &still_intake,
        json!({"status": "intake"}),
    )
    .await;
    assert_eq!(code, 200);

    // Every invalid field at once; JSON of the wrong type is a 400 too.
    let (code, problem) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        "/api/v1/overleggen",
        Some(&json!({"soort": "borrel", "datum": "morgen", "deelnemers": [lisse.id.clone()]})),
    )
    .await;
    assert_eq!(code, 400, "{problem}");
    let fields = invalid(&problem);
    for f in ["soort", "datum", "deelnemers[0]"] {
        assert!(fields.contains(&f.to_string()), "{f}: {problem}");
    }
    let (code, problem) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        "/api/v1/overleggen",
        Some(&json!({"soort": 5, "datum": "2026-12-10"})),
    )
    .await;
    assert_eq!(code, 400, "{problem}");
    assert_eq!(invalid(&problem), vec!["soort".to_string()]);

    // Planned: the agenda holds the signals in weging, oldest first; not the one in intake, not
    // another municipality's.
    let today = baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc()).to_string();
    let (code, meeting) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        "/api/v1/overleggen",
        Some(&json!({
            "soort": "signalenoverleg",
            "datum": today,
            "deelnemers": [member.id.clone()],
            "externen": ["J. de Vries (Politie Hollands Midden)"]
        })),
    )
    .await;
    assert_eq!(code, 201, "{meeting}");
    let id = meeting["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/overleggen/{id}");
    assert_eq!(
        agenda(&meeting),
        vec![first.clone(), second.clone(), own.clone()]
    );
    assert_eq!(
        meeting["deelnemers"].as_array().unwrap().len(),
        3,
        "{meeting}"
    );
    assert_eq!(
        meeting["deelnemers"][2]["organisatie"],
        "Politie Hollands Midden"
    );
    assert_eq!(meeting["magVoorzitten"], true);
    assert!(
        meeting["agenda"][0]["keuzes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["code"] == "bronnenonderzoek"),
        "{meeting}"
    );

    // A team member sees the others' signals by their index line only; another municipality
    // does not see the meeting at all.
    let (code, seen) = get_json(&app, &member.token, &path).await;
    assert_eq!(code, 200);
    assert_eq!(seen["magVoorzitten"], false);
    assert_eq!(seen["agenda"][0]["toegang"], "index");
    assert_eq!(seen["agenda"][0]["keuzes"], json!([]));
    assert_eq!(seen["agenda"][2]["toegang"], "volledig");
    assert_eq!(get_json(&app, &lisse.token, &path).await.0, 404);
    let (_, list) = get_json(&app, &lisse.token, "/api/v1/overleggen").await;
    assert_eq!(list, json!([]));
    let (_, list) = get_json(&app, &member.token, "/api/v1/overleggen").await;
    assert_eq!(list[0]["id"], id.as_str());

    // Only the chair decides. The decision is the protocol's transition: refused with the rule
    // named without the weighing or privacy check 1; nothing changes meanwhile.
    let besluit = |dossier: &str| format!("{path}/agendapunten/{dossier}/besluit");
    let (code, _) = send(
        &app,
        reqwest::Method::POST,
        &member.token,
        &besluit(&own),
        Some(&json!({"besluit": "geen-actie", "motivering": "Niets aan de hand."})),
    )
    .await;
    assert_eq!(code, 403);
    let (code, problem) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &besluit(&first),
        Some(&json!({"besluit": ""})),
    )
    .await;
    assert_eq!(
        (code, invalid(&problem)),
        (400, vec!["besluit".to_string()]),
        "{problem}"
    );
    let decision = json!({
        "besluit": "bronnenonderzoek",
        "motivering": "Concreet en recent.",
        "wegingsantwoorden": ja_op_elk_criterium()
    });
    let (code, problem) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &besluit(&first),
        Some(&decision),
    )
    .await;
    assert_eq!(code, 409, "{problem}");
    assert!(
        problem.to_string().to_lowercase().contains("privacytoets"),
        "{problem}"
    );
    let (_, signal) = get_json(&app, &chair.token, &format!("/api/v1/signalen/{first}")).await;
    assert_eq!(signal["status"], "weging");

    let approved = post_json(
        &app,
        &privacy.token,
        &format!("/api/v1/signalen/{first}/privacytoetsen"),
        &crate::protocol::approval(&["brp"]),
    )
    .await;
    assert_eq!(approved.status(), 201);
    let (code, problem) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &besluit(&first),
        Some(&json!({"besluit": "bronnenonderzoek", "motivering": "Concreet en recent."})),
    )
    .await;
    assert_eq!(code, 400, "{problem}");
    assert!(
        invalid(&problem)
            .iter()
            .any(|f| f.starts_with("wegingsantwoorden")),
        "{problem}"
    );
    let (code, after) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &besluit(&first),
        Some(&decision),
    )
    .await;
    assert_eq!(code, 200, "{after}");
    assert_eq!(after["agenda"][0]["besluit"], "bronnenonderzoek");
    assert_eq!(after["agenda"][0]["motivering"], "Concreet en recent.");
    let (_, signal) = get_json(&app, &chair.token, &format!("/api/v1/signalen/{first}")).await;
    assert_eq!(signal["status"], "bronnenonderzoek");
    let (_, journal) = get_json(
        &app,
        &chair.token,
        &format!("/api/v1/signalen/{first}/journaalposten"),
    )
    .await;
    let entry = journal
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["soort"] == "overlegbesluit")
        .unwrap_or_else(|| panic!("{journal}"));
    let tekst = entry["tekst"].as_str().unwrap();
    assert!(tekst.contains("weging → bronnenonderzoek"), "{tekst}");
    assert!(
        tekst.contains("J. de Vries (Politie Hollands Midden)"),
        "{tekst}"
    );
    assert_eq!(entry["id"], after["agenda"][0]["journaalpost"]);
    let (code, _) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &besluit(&first),
        Some(&decision),
    )
    .await;
    assert_eq!(code, 409);
    // The member reads that it was decided, not why.
    let (_, seen) = get_json(&app, &member.token, &path).await;
    assert_eq!(seen["agenda"][0]["besluit"], "bronnenonderzoek");
    assert!(seen["agenda"][0].get("motivering").is_none(), "{seen}");

    // The chair keeps the agenda: a decided item stays; others come and go, once each.
    let item = |dossier: &str| format!("{path}/agendapunten/{dossier}");
    assert_eq!(
        send(
            &app,
            reqwest::Method::DELETE,
            &chair.token,
            &item(&first),
            None
        )
        .await
        .0,
        409
    );
    assert_eq!(
        send(
            &app,
            reqwest::Method::DELETE,
            &member.token,
            &item(&second),
            None
        )
        .await
        .0,
        403
    );
    assert_eq!(
        send(
            &app,
            reqwest::Method::DELETE,
            &chair.token,
            &item(&second),
            None
        )
        .await
        .0,
        204
    );
    let (_, now) = get_json(&app, &chair.token, &path).await;
    assert_eq!(agenda(&now), vec![first.clone(), own.clone()]);
    let items = format!("{path}/agendapunten");
    let (code, _) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &items,
        Some(&json!({"dossier": second})),
    )
    .await;
    assert_eq!(code, 201);
    for (dossier, code_expected) in [(&second, "al-op-agenda"), (&elsewhere, "onbekend")] {
        let (code, problem) = send(
            &app,
            reqwest::Method::POST,
            &chair.token,
            &items,
            Some(&json!({"dossier": dossier})),
        )
        .await;
        assert_eq!(code, 400, "{problem}");
        assert_eq!(
            problem["invalidParams"][0]["code"], code_expected,
            "{problem}"
        );
    }
    let (code, refreshed) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &format!("{path}/agenda-bijwerken"),
        None,
    )
    .await;
    assert_eq!(
        (code, refreshed["toegevoegd"].as_u64()),
        (200, Some(0)),
        "{refreshed}"
    );

    // Action items land on the owner's task list; an owner must work on the dossier it is about.
    let acties = format!("{path}/actiepunten");
    let (code, problem) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &acties,
        Some(&json!({"omschrijving": "BAG en KvK raadplegen", "eigenaar": member.id.clone(), "dossier": first})),
    )
    .await;
    assert_eq!(
        (code, invalid(&problem)),
        (400, vec!["eigenaar".to_string()]),
        "{problem}"
    );
    let (code, task) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &acties,
        Some(&json!({"omschrijving": "Buurtagent vragen", "eigenaar": member.id.clone(), "dossier": own, "uiterlijkOp": today})),
    )
    .await;
    assert_eq!(code, 201, "{task}");
    assert_eq!(task["overleg"], id.as_str());
    let (_, mine) = get_json(&app, &member.token, "/api/v1/taken").await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == task["id"]),
        "{mine}"
    );
    let (_, journal) = get_json(
        &app,
        &member.token,
        &format!("/api/v1/signalen/{own}/journaalposten"),
    )
    .await;
    assert!(
        journal
            .to_string()
            .contains("Actiepunt uit het signalenoverleg"),
        "{journal}"
    );

    // Closing fixes the agenda; only the chair closes.
    let (code, _) = send(
        &app,
        reqwest::Method::PATCH,
        &member.token,
        &path,
        Some(&json!({"status": "afgerond"})),
    )
    .await;
    assert_eq!(code, 403);
    let (code, closed) = send(
        &app,
        reqwest::Method::PATCH,
        &chair.token,
        &path,
        Some(&json!({"status": "afgerond", "verslag": "Drie signalen besproken.", "versie": now["versie"]})),
    )
    .await;
    assert_eq!(code, 200, "{closed}");
    assert_eq!(closed["status"], "afgerond");
    let (code, problem) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &besluit(&own),
        Some(&json!({"besluit": "geen-actie", "motivering": "Niets aan de hand.", "wegingsantwoorden": ja_op_elk_criterium()})),
    )
    .await;
    assert_eq!(code, 409, "{problem}");
    assert_eq!(problem["code"], "overleg-afgerond", "{problem}");

    // An action item without a dossier moves with a handover, so the leaver holds nothing.
    let (code, general) = send(
        &app,
        reqwest::Method::POST,
        &chair.token,
        &acties,
        Some(&json!({"omschrijving": "Verslag rondsturen", "eigenaar": member.id.clone()})),
    )
    .await;
    assert_eq!(code, 201, "{general}");
    assert!(general.get("dossier").is_none(), "{general}");
    let response = post_json(
        &app,
        &chair.token,
        "/api/v1/overdrachten",
        &json!({"van": member.id, "naar": chair.id, "reden": "Verlof"}),
    )
    .await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let (_, holdings) = get_json(
        &app,
        &chair.token,
        &format!("/api/v1/overdrachten/{}", member.id),
    )
    .await;
    assert_eq!(holdings["taken"], json!([]), "{holdings}");
    let (_, mine) = get_json(&app, &chair.token, "/api/v1/taken").await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == general["id"]),
        "{mine}"
    );
}

async fn the_meeting_pages_plan_decide_and_show_each_reader_their_minutes(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let chair = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let member = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let signal = create(&app, &chair.token, &valid_signal("GM0534")).await;
    to_weging(&app, &chair.token, &signal).await;
    let browser = app.signed_in_browser("c@example.nl").await;

    // Planning: every field error in Dutch at its field, the input kept.
    let refused = app
        .post(
            &browser,
            "/overleggen",
            &[
                ("soort", "borrel"),
                ("datum", "31-02-2026"),
                ("externen", "J. de Vries (Politie)"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains(r##"href="#veld-soort""##) && page.contains(r##"href="#veld-datum""##),
        "{page}"
    );
    assert!(page.contains(">J. de Vries (Politie)</textarea>"), "{page}");
    let today = baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc()).to_string();
    let planned = app
        .post(
            &browser,
            "/overleggen",
            &[
                ("soort", "signalenoverleg"),
                ("datum", today.as_str()),
                ("deelnemers", member.id.as_str()),
                ("externen", "J. de Vries (Politie)"),
            ],
        )
        .await;
    assert_eq!(planned.status(), 303);
    let path = location(&planned);
    let page = app.get(&browser, &path).await.text().await.unwrap();
    let agenda = between(&page, r#"id="agenda""#, "</table>");
    assert!(
        agenda.contains(&format!("href=\"/signalen/{signal}\"")),
        "{page}"
    );
    assert!(page.contains("J. de Vries (Politie)"));

    // The decision page: a refusal of the protocol at the field, the input kept.
    let item = format!("{path}/agendapunten/{signal}");
    assert_eq!(app.get(&browser, &item).await.status(), 200);
    let refused = app
        .post(
            &browser,
            &item,
            &[
                ("besluit", "bronnenonderzoek"),
                ("motivering", "Concreet en recent."),
                ("wegingsantwoorden_1_antwoord", "ja"),
                ("wegingsantwoorden_2_antwoord", "ja"),
                ("wegingsantwoorden_3_antwoord", "ja"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 409);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Niet toegestaan door het privacyprotocol")
            && page.contains("privacytoets 1"),
        "{page}"
    );
    assert!(page.contains(">Concreet en recent.</textarea>"));
    let decided = app
        .post(
            &browser,
            &item,
            &[
                ("besluit", "monitoren"),
                ("motivering", "Eerst zien of het aanhoudt."),
                ("herbeoordelen_op", "2027-03-01"),
                ("wegingsantwoorden_1_antwoord", "ja"),
                ("wegingsantwoorden_2_antwoord", "ja"),
                ("wegingsantwoorden_3_antwoord", "nee"),
                ("wegingsantwoorden_3_toelichting", "Nog niet recent genoeg."),
            ],
        )
        .await;
    assert_eq!(decided.status(), 303, "{:?}", decided.text().await);

    // The minutes: the chair reads the motivation, the member (index line only) does not.
    let minutes = app
        .get(&browser, &format!("{path}/verslag"))
        .await
        .text()
        .await
        .unwrap();
    assert!(minutes.contains("Eerst zien of het aanhoudt."), "{minutes}");
    let other = app.signed_in_browser("t@example.nl").await;
    let theirs = app
        .get(&other, &format!("{path}/verslag"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        theirs.contains("Monitoren") && !theirs.contains("Eerst zien of het aanhoudt."),
        "{theirs}"
    );
    assert_eq!(app.get(&other, &item).await.status(), 404);
    // The same as PDF, per reader.
    let pdf_path = format!("{path}/verslag.pdf");
    let chair_pdf =
        crate::bewaren::pdf_text(&app.get(&browser, &pdf_path).await.bytes().await.unwrap());
    assert!(
        chair_pdf.contains("Eerst zien of het aanhoudt.")
            && chair_pdf.contains("J. de Vries (Politie)"),
        "{chair_pdf}"
    );
    let member_pdf =
        crate::bewaren::pdf_text(&app.get(&other, &pdf_path).await.bytes().await.unwrap());
    assert!(
        member_pdf.contains("Monitoren") && !member_pdf.contains("Eerst zien of het aanhoudt."),
        "{member_pdf}"
    );

    // Closing with notes; afterwards the page shows them and no forms.
    let page = app.get(&browser, &path).await.text().await.unwrap();
    let versie = between(&page, r#"name="versie" value=""#, "\"").to_string();
    let closed = app
        .post(
            &browser,
            &path,
            &[
                ("verslag", "Eén signaal besproken."),
                ("afronden", "ja"),
                ("versie", versie.as_str()),
                ("deelnemers", member.id.as_str()),
            ],
        )
        .await;
    assert_eq!(closed.status(), 303, "{:?}", closed.text().await);
    let page = app.get(&browser, &path).await.text().await.unwrap();
    assert!(
        page.contains("Eén signaal besproken.") && !page.contains("Besluit vastleggen"),
        "{page}"
    );
}
