//! Cases and tasks (issue 13): a case started from a signal the protocol moved to `naar-casus`,
//! carried through privacy checks 2A and 2B, its plan of approach, tasks, an intervention,
//! nazorg with its end on the deadline overview, and closure with a reason; refusals name the rule
//! or the field; another municipality and a colleague outside the team get not found; a handover
//! moves the case and its tasks. On both databases.

use crate::signalen::{ApiUser, api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(
    a_case_runs_from_its_signal_through_2a_2b_and_nazorg_to_closure,
    a_handover_moves_a_case_its_tasks_and_its_deadlines,
    the_pages_start_a_case_refuse_at_the_form_and_list_the_tasks,
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
    body: &Value,
) -> (u16, Value) {
    let response = app
        .api()
        .request(method, app.at(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> (u16, Value) {
    send(app, reqwest::Method::POST, token, path, body).await
}

/// Moves a new signal through weighing and source research to `naar-casus` (the coordinator
/// decides weighing 4), with privacy check 1 approved on the way.
pub async fn signal_naar_casus(
    app: &TestApp,
    coordinator: &ApiUser,
    privacy: &ApiUser,
    gemeente: &str,
) -> String {
    let id = create(app, &coordinator.token, &valid_signal(gemeente)).await;
    for (status, motivering) in [
        ("intake", None),
        ("weging", Some("Ondermijning, onze taak, ons gebied.")),
    ] {
        let (code, body) = patch_signal(
            app,
            &coordinator.token,
            &id,
            json!({"status": status, "motivering": motivering}),
        )
        .await;
        assert_eq!(code, 200, "{body}");
    }
    let approved = post_json(
        app,
        &privacy.token,
        &format!("/api/v1/signalen/{id}/privacytoetsen"),
        &crate::protocol::approval(&["brp"]),
    )
    .await;
    assert_eq!(approved.status(), 201);
    for status in ["bronnenonderzoek", "naar-casus"] {
        let (code, body) = patch_signal(
            app,
            &coordinator.token,
            &id,
            json!({"status": status, "motivering": "Concreet en recent; hit in de BRP."}),
        )
        .await;
        assert_eq!(code, 200, "{status}: {body}");
    }
    id
}

fn check(toets: &str, aspects: &[&str]) -> Value {
    let antwoorden: serde_json::Map<String, Value> = aspects
        .iter()
        .map(|a| (a.to_string(), json!(format!("Vastgelegd: {a}."))))
        .collect();
    json!({"toets": toets, "besluit": "goedgekeurd", "antwoorden": antwoorden, "bronnen": []})
}

async fn a_case_runs_from_its_signal_through_2a_2b_and_nazorg_to_closure(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let member = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let outsider = api_user(&app, "o@example.nl", "teamlid", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "coordinator", &["GM0553"]).await;
    let fresh = create(&app, &coordinator.token, &valid_signal("GM0534")).await;
    let signal = signal_naar_casus(&app, &coordinator, &privacy, "GM0534").await;

    // Every problem at its field: no name, no goal, a signal not yet decided, one unknown, a
    // director who cannot work there.
    let (code, problem) = post(
        &app,
        &coordinator.token,
        "/api/v1/casussen",
        &json!({"naam": "", "signalen": [fresh, uuid::Uuid::new_v4().to_string(), "geen-id"], "regisseur": lisse.id.clone()}),
    )
    .await;
    assert_eq!(code, 400, "{problem}");
    let fields = invalid(&problem);
    assert!(fields.contains(&"signalen[2]".to_string()), "{problem}");
    let (code, problem) = post(
        &app,
        &coordinator.token,
        "/api/v1/casussen",
        &json!({"naam": "", "signalen": [fresh, uuid::Uuid::new_v4().to_string()], "regisseur": lisse.id.clone()}),
    )
    .await;
    assert_eq!(code, 400);
    let fields = invalid(&problem);
    for f in ["naam", "doel", "signalen[0]", "signalen[1]"] {
        assert!(fields.contains(&f.to_string()), "{f} in {problem}");
    }
    assert!(problem.to_string().contains("naar casus"), "{problem}");

    let body = json!({
        "naam": "Tulpstraat 1A",
        "doel": "De hennepkwekerij beëindigen en herhaling voorkomen.",
        "signalen": [signal],
        "team": [member.id.clone()],
        "afdelingen": ["Openbare orde en veiligheid", "Juridische zaken"],
        "partners": ["Politie"]
    });
    let (code, case) = post(&app, &coordinator.token, "/api/v1/casussen", &body).await;
    assert_eq!(code, 201, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    assert!(
        case["nummer"].as_str().unwrap().starts_with("C-20"),
        "{case}"
    );
    assert_eq!(case["status"], "aangemaakt");
    assert_eq!(case["regisseur"], coordinator.id.to_string());
    assert_eq!(case["signalen"][0]["id"], signal.as_str());
    assert_eq!(case["signalen"][0]["status"], "naar-casus");
    // The case is found by its name; not from another municipality.
    for (token, expected) in [(&coordinator.token, 1), (&lisse.token, 0)] {
        let (code, found) = post(
            &app,
            token,
            "/api/v1/signalen/_zoek",
            &json!({"zoekterm": "Tulpstraat"}),
        )
        .await;
        assert_eq!(code, 200, "{found}");
        let hits = found["treffers"].as_array().unwrap();
        assert_eq!(hits.len(), expected, "{found}");
        if expected == 1 {
            assert_eq!(hits[0]["signaal"]["id"], id.as_str(), "{found}");
        }
    }
    // A signal belongs to one case.
    let (code, problem) = post(&app, &coordinator.token, "/api/v1/casussen", &body).await;
    assert_eq!(code, 400);
    assert!(
        problem.to_string().contains("hoort al bij casus"),
        "{problem}"
    );

    // The case is a dossier: the signal's subjects and objects are linked, its journal says where
    // it came from, and the signal's journal where it went.
    let (_, dossier) = get_json(&app, &member.token, &format!("/api/v1/signalen/{id}")).await;
    let (_, source) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{signal}"),
    )
    .await;
    assert_eq!(
        dossier["subjecten"][0]["id"], source["subjecten"][0]["id"],
        "the same record"
    );
    let (_, journal) = get_json(
        &app,
        &member.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    assert!(
        journal.to_string().contains("gestart vanuit signaal"),
        "{journal}"
    );
    let (_, journal) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/signalen/{signal}/journaalposten"),
    )
    .await;
    assert!(journal.to_string().contains(&format!(
        "Opgenomen in casus {}",
        case["nummer"].as_str().unwrap()
    )));

    // Need-to-know: another municipality and a colleague outside the team get not found; the
    // list leaves it out for them.
    for who in [&lisse, &outsider] {
        let (code, _) = get_json(&app, &who.token, &format!("/api/v1/casussen/{id}")).await;
        assert_eq!(code, 404);
        let (_, list) = get_json(&app, &who.token, "/api/v1/casussen").await;
        assert_eq!(list, json!([]));
        let (code, _) = post(
            &app,
            &who.token,
            &format!("/api/v1/casussen/{id}/status"),
            &json!({"status": "afgesloten"}),
        )
        .await;
        assert_eq!(code, 404);
    }
    let (_, list) = get_json(&app, &member.token, "/api/v1/casussen").await;
    assert_eq!(list[0]["id"], id.as_str());
    // A signal's id is not a case.
    let (code, _) = get_json(&app, &member.token, &format!("/api/v1/casussen/{signal}")).await;
    assert_eq!(code, 404);

    // 2A before the plan of approach: the rule is named.
    let status = format!("/api/v1/casussen/{id}/status");
    let (code, problem) = post(
        &app,
        &member.token,
        &status,
        &json!({"status": "plan-van-aanpak"}),
    )
    .await;
    assert_eq!(code, 409, "{problem}");
    assert!(problem.to_string().contains("privacytoets 2a"), "{problem}");
    let (code, problem) = post(&app, &member.token, &status, &json!({"status": "nazorg"})).await;
    assert_eq!(code, 409);
    assert!(problem.to_string().contains("niet toe"), "{problem}");
    let approved = post_json(
        &app,
        &privacy.token,
        &format!("/api/v1/signalen/{id}/privacytoetsen"),
        &check(
            "2A",
            &["gegevens", "ontvangers", "noodzaak", "proportionaliteit"],
        ),
    )
    .await;
    assert_eq!(approved.status(), 201, "{:?}", approved.text().await);
    let (code, case) = post(
        &app,
        &member.token,
        &status,
        &json!({"status": "plan-van-aanpak"}),
    )
    .await;
    assert_eq!(code, 200, "{case}");
    assert_eq!(case["status"], "plan-van-aanpak");

    // 2B and a plan of approach before execution.
    let (code, problem) = post(
        &app,
        &member.token,
        &status,
        &json!({"status": "in-uitvoering"}),
    )
    .await;
    assert_eq!(code, 409);
    assert!(problem.to_string().contains("privacytoets 2b"), "{problem}");
    let approved = post_json(
        &app,
        &privacy.token,
        &format!("/api/v1/signalen/{id}/privacytoetsen"),
        &check(
            "2B",
            &[
                "bevoegdheid",
                "gegevens",
                "ontvangers",
                "noodzaak",
                "sectorale-beperkingen",
            ],
        ),
    )
    .await;
    assert_eq!(approved.status(), 201, "{:?}", approved.text().await);
    let (code, problem) = post(
        &app,
        &member.token,
        &status,
        &json!({"status": "in-uitvoering"}),
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(invalid(&problem), vec!["planVanAanpak"]);
    let (code, problem) = send(
        &app,
        reqwest::Method::PATCH,
        &member.token,
        &format!("/api/v1/casussen/{id}"),
        &json!({"planVanAanpak": "Bestuurlijke rapportage afwachten; 13b-sluiting voorbereiden.", "partners": ["Politie", "Woningcorporatie"], "versie": 99}),
    )
    .await;
    assert_eq!(code, 409, "stale version: {problem}");
    let (code, case) = send(
        &app,
        reqwest::Method::PATCH,
        &member.token,
        &format!("/api/v1/casussen/{id}"),
        &json!({"planVanAanpak": "Bestuurlijke rapportage afwachten; 13b-sluiting voorbereiden.", "partners": ["Politie", "Woningcorporatie"]}),
    )
    .await;
    assert_eq!(code, 200, "{case}");
    assert_eq!(case["partners"], json!(["Politie", "Woningcorporatie"]));
    let (code, case) = post(
        &app,
        &member.token,
        &status,
        &json!({"status": "in-uitvoering"}),
    )
    .await;
    assert_eq!(code, 200, "{case}");

    // Tasks: the owner must work on the case; the task lands on the owner's list.
    let taken = format!("/api/v1/signalen/{id}/taken");
    let (code, problem) = post(
        &app,
        &member.token,
        &taken,
        &json!({"omschrijving": "", "eigenaar": outsider.id.clone(), "uiterlijkOp": "2020-01-01"}),
    )
    .await;
    assert_eq!(code, 400);
    let mut fields = invalid(&problem);
    fields.sort();
    assert_eq!(
        fields,
        vec!["eigenaar", "omschrijving", "uiterlijkOp"],
        "{problem}"
    );
    let due = (baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc())
        + time::Duration::days(14))
    .to_string();
    let (code, task) = post(&app, &member.token, &taken, &json!({"omschrijving": "Eigenaar van het pand benaderen", "eigenaar": coordinator.id.clone(), "uiterlijkOp": due})).await;
    assert_eq!(code, 201, "{task}");
    assert_eq!(task["status"], "open");
    let (_, mine) = get_json(&app, &coordinator.token, "/api/v1/taken").await;
    assert_eq!(mine[0]["id"], task["id"]);
    assert_eq!(mine[0]["dossierNummer"], case["nummer"]);
    let (_, theirs) = get_json(&app, &outsider.token, "/api/v1/taken").await;
    assert_eq!(theirs, json!([]));
    let (code, _) = send(
        &app,
        reqwest::Method::PATCH,
        &outsider.token,
        &format!("/api/v1/taken/{}", task["id"].as_str().unwrap()),
        &json!({"status": "afgerond"}),
    )
    .await;
    assert_eq!(code, 404, "a task of a dossier one does not see");

    // An intervention on the case (it is not refused as a closed dossier).
    let person = dossier["subjecten"][0]["id"].as_str().unwrap();
    let (code, m) = post(
        &app,
        &member.token,
        &format!("/api/v1/signalen/{id}/maatregelen"),
        &json!({"instrument": "opiumwet-13b-sluiting", "duur": "P3M", "adressaten": [person], "motivering": "Geschikt, noodzakelijk en evenredig."}),
    )
    .await;
    assert_eq!(code, 201, "{m}");

    // Nazorg: its end is a deadline on the director's overview.
    let (code, problem) = post(&app, &member.token, &status, &json!({"status": "nazorg", "motivering": "Sluiting uitgevoerd.", "nazorgTot": "2020-01-01"})).await;
    assert_eq!(code, 400);
    assert_eq!(invalid(&problem), vec!["nazorgTot"]);
    let (code, case) = post(
        &app,
        &member.token,
        &status,
        &json!({"status": "nazorg", "motivering": "Sluiting uitgevoerd."}),
    )
    .await;
    assert_eq!(code, 200, "{case}");
    let expected = baken_domain::protocol::Duur::parse("P6M")
        .unwrap()
        .na(baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc()));
    assert_eq!(case["nazorgTot"], expected.to_string());
    let (_, overview) = get_json(&app, &coordinator.token, "/api/v1/termijnen?weken=104").await;
    assert!(
        overview["later"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["soort"] == "nazorg" && t["einddatum"] == expected.to_string()),
        "{overview}"
    );

    // Closure: a motivation (the protocol) and a reason (the field); it lapses open tasks.
    let (code, problem) = post(
        &app,
        &member.token,
        &status,
        &json!({"status": "afgesloten"}),
    )
    .await;
    assert_eq!(code, 409);
    assert!(problem.to_string().contains("motivering"), "{problem}");
    let (code, problem) = post(&app, &member.token, &status, &json!({"status": "afgesloten", "motivering": "Geen nieuwe signalen.", "afsluitreden": "misschien"})).await;
    assert_eq!(code, 400);
    assert_eq!(invalid(&problem), vec!["afsluitreden"]);
    let (code, case) = post(&app, &member.token, &status, &json!({"status": "afgesloten", "motivering": "Geen nieuwe signalen.", "afsluitreden": "doel-bereikt"})).await;
    assert_eq!(code, 200, "{case}");
    assert_eq!(case["afsluitreden"], "doel-bereikt");
    assert_eq!(case["taken"][0]["status"], "vervallen");
    assert!(case["nazorgTot"].is_null());
    let (_, overview) = get_json(&app, &coordinator.token, "/api/v1/termijnen?weken=104").await;
    assert!(
        !overview.to_string().contains("\"nazorg\""),
        "the monitoring deadline is gone: {overview}"
    );
    let (_, journal) = get_json(
        &app,
        &member.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    let text = journal.to_string();
    for expected in [
        "aangemaakt → plan van aanpak",
        "na privacytoets 2a",
        "in uitvoering → nazorg",
        "Reden van afsluiten: doel bereikt",
        "Bewaartermijn: 5 jaar",
        "Taak voor",
    ] {
        assert!(text.contains(expected), "{expected} in the journal: {text}");
    }
    let (code, _) = send(
        &app,
        reqwest::Method::PATCH,
        &member.token,
        &format!("/api/v1/casussen/{id}"),
        &json!({"naam": "Anders"}),
    )
    .await;
    assert_eq!(code, 409, "a closed case stays as it was");
    let (_, open) = get_json(&app, &member.token, "/api/v1/casussen").await;
    assert_eq!(open, json!([]));
    let (_, all) = get_json(&app, &member.token, "/api/v1/casussen?ookAfgesloten=true").await;
    assert_eq!(all[0]["status"], "afgesloten");
    let (code, problem) = get_json(
        &app,
        &member.token,
        "/api/v1/casussen?ookAfgesloten=misschien",
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(invalid(&problem), vec!["ookAfgesloten"]);
    // The backlog of signals does not list the case.
    let (_, backlog) = get_json(&app, &member.token, "/api/v1/signalen").await;
    assert!(!backlog.to_string().contains(&id), "{backlog}");
}

async fn a_handover_moves_a_case_its_tasks_and_its_deadlines(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let leaving = api_user(&app, "weg@example.nl", "teamlid", &["GM0534"]).await;
    let successor = api_user(&app, "nieuw@example.nl", "teamlid", &["GM0534"]).await;
    let signal = signal_naar_casus(&app, &coordinator, &privacy, "GM0534").await;
    let (code, case) = post(
        &app,
        &coordinator.token,
        "/api/v1/casussen",
        &json!({"naam": "Dorpsstraat 3", "doel": "Sluiting en nazorg.", "signalen": [signal], "regisseur": leaving.id.clone()}),
    )
    .await;
    assert_eq!(code, 201, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    assert_eq!(case["regisseur"], leaving.id.to_string());
    let (code, task) = post(
        &app,
        &leaving.token,
        &format!("/api/v1/signalen/{id}/taken"),
        &json!({"omschrijving": "Buurtonderzoek"}),
    )
    .await;
    assert_eq!(code, 201, "{task}");
    assert_eq!(task["eigenaar"], leaving.id.to_string());
    let (_, holdings) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/overdrachten/{}", leaving.id),
    )
    .await;
    assert!(holdings["signalen"].to_string().contains(&id), "{holdings}");
    assert_eq!(holdings["taken"][0]["id"], task["id"]);
    let (code, done) = post(
        &app,
        &coordinator.token,
        "/api/v1/overdrachten",
        &json!({"van": leaving.id.clone(), "naar": successor.id.clone(), "reden": "Vertrek"}),
    )
    .await;
    assert_eq!(code, 200, "{done}");
    assert_eq!(done["taken"], 1);
    let (_, holdings) = get_json(
        &app,
        &coordinator.token,
        &format!("/api/v1/overdrachten/{}", leaving.id),
    )
    .await;
    assert_eq!(holdings["signalen"], json!([]));
    assert_eq!(holdings["taken"], json!([]));
    let (_, case) = get_json(&app, &successor.token, &format!("/api/v1/casussen/{id}")).await;
    assert_eq!(case["regisseur"], successor.id.to_string(), "{case}");
    assert_eq!(case["taken"][0]["eigenaar"], successor.id.to_string());
    let (_, mine) = get_json(&app, &successor.token, "/api/v1/taken").await;
    assert_eq!(mine[0]["id"], task["id"]);
    let (code, _) = get_json(&app, &leaving.token, &format!("/api/v1/casussen/{id}")).await;
    assert_eq!(code, 404, "the one who left no longer works on it");
}

async fn the_pages_start_a_case_refuse_at_the_form_and_list_the_tasks(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let signal = signal_naar_casus(&app, &coordinator, &privacy, "GM0534").await;
    let browser = app.signed_in_browser("c@example.nl").await;

    // The signal's page offers to start a case; the form keeps the input and names every field.
    let page = app
        .get(&browser, &format!("/signalen/{signal}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("/casussen/nieuw?signaal={signal}")),
        "{page}"
    );
    let form = app
        .get(&browser, &format!("/casussen/nieuw?signaal={signal}"))
        .await;
    assert_eq!(form.status(), 200);
    let refused = app
        .post(
            &browser,
            "/casussen/nieuw",
            &[
                ("signaal", signal.as_str()),
                ("naam", ""),
                ("doel", ""),
                ("partners", "Politie"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains(r##"href="#veld-naam""##) && page.contains(r##"href="#veld-doel""##),
        "{page}"
    );
    assert!(page.contains(">Politie</textarea>"), "the input is kept");
    let started = app
        .post(
            &browser,
            "/casussen/nieuw",
            &[
                ("signaal", signal.as_str()),
                ("naam", "Tulpstraat 1A"),
                ("doel", "Kwekerij beëindigen."),
                ("afdelingen", "OOV\nJuridische zaken"),
                ("partners", "Politie"),
            ],
        )
        .await;
    assert_eq!(started.status(), 303, "{:?}", started.text().await);
    let case_path = location(&started);
    assert!(case_path.starts_with("/casussen/"), "{case_path}");
    let id = case_path.trim_start_matches("/casussen/").to_string();
    let page = app.get(&browser, &case_path).await.text().await.unwrap();
    assert!(
        page.contains("<h1 class=\"utrecht-heading-1\">Casus C-"),
        "{page}"
    );
    assert!(page.contains("De casus is gestart"), "the confirmation");
    // The page's reads go to the access log in one commit, under the request's one trace: the
    // dossier and the case, read by the coordinator from the case page.
    let officer = app
        .services
        .actor(baken_domain::UserId(
            uuid::Uuid::parse_str(&privacy.id).unwrap(),
        ))
        .await
        .unwrap();
    let case_id = uuid::Uuid::parse_str(&id).unwrap();
    let logged = app
        .services
        .access_log_of(&officer, case_id, 50)
        .await
        .unwrap();
    let reader = baken_domain::UserId(uuid::Uuid::parse_str(&coordinator.id).unwrap());
    let page_reads: Vec<_> = logged
        .iter()
        .filter(|r| r.user == reader && r.context == "GET /casussen/{id}")
        .collect();
    for soort in ["dossier", "casus"] {
        assert!(
            page_reads.iter().any(|r| r.object_soort == soort),
            "{soort}: {logged:?}"
        );
    }
    let dossier_read = page_reads
        .iter()
        .find(|r| r.object_soort == "dossier")
        .unwrap();
    let case_read = page_reads
        .iter()
        .find(|r| r.object_soort == "casus" && r.trace_id == dossier_read.trace_id);
    assert!(case_read.is_some(), "one trace per page: {page_reads:?}");
    assert!(
        page.contains("id=\"kop-journaal\"") && page.contains("id=\"kop-bijlagen\""),
        "the dossier kernel's parts"
    );
    assert!(
        !page.contains("id=\"kop-status\""),
        "no signal status form on a case"
    );
    assert!(
        page.contains(&format!("href=\"/signalen/{signal}\"")),
        "the linked signal"
    );
    let signal_page = app
        .get(&browser, &format!("/signalen/{signal}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        signal_page.contains(&format!("href=\"/casussen/{id}\"")),
        "the signal names its case"
    );

    // The phase form: a refusal of the protocol at the field, with the input kept.
    let refused = app
        .post(
            &browser,
            &format!("/casussen/{id}/fase"),
            &[
                ("status", "plan-van-aanpak"),
                ("motivering", "Casusoverleg gepland."),
            ],
        )
        .await;
    assert_eq!(refused.status(), 409);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Niet toegestaan door het privacyprotocol")
            && page.contains("privacytoets 2a"),
        "{page}"
    );
    assert!(page.contains(">Casusoverleg gepland.</textarea>"));

    // Tasks: errors at their fields; then on the page and on the owner's list.
    let refused = app
        .post(
            &browser,
            &format!("/signalen/{id}/taken"),
            &[("omschrijving", ""), ("uiterlijk_op", "1-2-2020")],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains(r##"href="#veld-omschrijving""##)
            && page.contains(r##"href="#veld-uiterlijk_op""##),
        "{page}"
    );
    let added = app
        .post(
            &browser,
            &format!("/signalen/{id}/taken"),
            &[("omschrijving", "Buurtonderzoek"), ("eigenaar", "")],
        )
        .await;
    assert_eq!(added.status(), 303);
    assert_eq!(location(&added), format!("/casussen/{id}#kop-taken"));
    let mine = app.get(&browser, "/taken").await.text().await.unwrap();
    let table = between(&mine, r#"id="mijn-taken""#, "</table>");
    assert!(
        table.contains("Buurtonderzoek") && table.contains(&format!("href=\"/casussen/{id}\"")),
        "{mine}"
    );
    let list = app.get(&browser, "/casussen").await.text().await.unwrap();
    assert!(
        between(&list, r#"id="casussen""#, "</table>").contains("Tulpstraat 1A"),
        "{list}"
    );
}
