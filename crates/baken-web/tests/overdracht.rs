//! Handover (issue 13): what a colleague holds, and the coordinator's bulk reassignment to a
//! successor with a journal entry in every dossier touched; afterwards the first one's overview is
//! empty. Only a coordinator of the colleague's municipality; another municipality gets not found.
//! On both databases.

use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use serde_json::{Value, json};

crate::on_both_backends!(a_handover_moves_all_open_work_and_journals_it_in_every_dossier);

fn count(v: &Value, key: &str) -> usize {
    v[key].as_array().map_or(0, Vec::len)
}

async fn a_handover_moves_all_open_work_and_journals_it_in_every_dossier(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let leaving = api_user(&app, "weg@example.nl", "teamlid", &["GM0534"]).await;
    let successor = api_user(&app, "nieuw@example.nl", "teamlid", &["GM0534"]).await;
    let coordinator = api_user(&app, "c@example.nl", "coordinator", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "coordinator", &["GM0553"]).await;
    let lisse_member = api_user(&app, "lt@example.nl", "teamlid", &["GM0553"]).await;
    let first = create(&app, &leaving.token, &valid_signal("GM0534")).await;
    let second = create(&app, &leaving.token, &valid_signal("GM0534")).await;
    let response = post_json(
        &app,
        &leaving.token,
        &format!("/api/v1/signalen/{first}/maatregelen"),
        &json!({"instrument": "opiumwet-13b-sluiting", "duur": "P3M"}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let m: Value = response.json().await.unwrap();
    let mid = m["id"].as_str().unwrap().to_string();
    let yesterday = (baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc())
        - time::Duration::days(1))
    .to_string();
    let response = post_json(
        &app,
        &leaving.token,
        &format!("/api/v1/maatregelen/{mid}/stappen"),
        &json!({"stap": "voornemen", "datum": yesterday}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let response = post_json(
        &app,
        &leaving.token,
        &format!("/api/v1/signalen/{second}/taken"),
        &json!({"omschrijving": "Buurtonderzoek afronden"}),
    )
    .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);

    // One's own work; a colleague's only for the coordinator; another municipality: not found.
    let path = format!("/api/v1/overdrachten/{}", leaving.id);
    let (status, own) = get_json(&app, &leaving.token, &path).await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(
        (
            count(&own, "signalen"),
            count(&own, "maatregelen"),
            count(&own, "termijnen"),
            count(&own, "taken")
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(own["signalen"][0]["als"], json!(["eigenaar"]));
    let (status, _) = get_json(&app, &successor.token, &path).await;
    assert_eq!(status, 403);
    let (status, _) = get_json(&app, &lisse.token, &path).await;
    assert_eq!(status, 404);
    let (status, seen) = get_json(&app, &coordinator.token, &path).await;
    assert_eq!(status, 200);
    assert_eq!(seen, own);

    // Only a coordinator hands over; the successor must work in the municipality; a reason.
    let body = |naar: &str, reden: &str| json!({"van": leaving.id, "naar": naar, "reden": reden});
    let response = post_json(
        &app,
        &leaving.token,
        "/api/v1/overdrachten",
        &body(&successor.id, "Vertrek"),
    )
    .await;
    assert_eq!(response.status(), 403);
    let response = post_json(
        &app,
        &coordinator.token,
        "/api/v1/overdrachten",
        &body(&lisse_member.id, ""),
    )
    .await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["reden", "naar"], "{problem}");
    let response = post_json(
        &app,
        &lisse.token,
        "/api/v1/overdrachten",
        &body(&lisse_member.id, "Vertrek"),
    )
    .await;
    assert_eq!(response.status(), 404);
    // Nothing moved by the refusals.
    let (_, still) = get_json(&app, &coordinator.token, &path).await;
    assert_eq!(still, own);

    let response = post_json(
        &app,
        &coordinator.token,
        "/api/v1/overdrachten",
        &body(&successor.id, "Vertrekt per 1 januari"),
    )
    .await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let done: Value = response.json().await.unwrap();
    assert_eq!(done, json!({"signalen": 2, "maatregelen": 1, "taken": 1}));

    // The first one's overview is empty; the successor holds it all, deadlines included.
    let (_, after) = get_json(&app, &coordinator.token, &path).await;
    assert_eq!(
        (
            count(&after, "signalen"),
            count(&after, "maatregelen"),
            count(&after, "termijnen"),
            count(&after, "taken")
        ),
        (0, 0, 0, 0),
        "{after}"
    );
    let (_, theirs) = get_json(
        &app,
        &successor.token,
        &format!("/api/v1/overdrachten/{}", successor.id),
    )
    .await;
    assert_eq!(
        (
            count(&theirs, "signalen"),
            count(&theirs, "maatregelen"),
            count(&theirs, "termijnen"),
            count(&theirs, "taken")
        ),
        (2, 1, 1, 1),
        "{theirs}"
    );
    let (_, overview) = get_json(&app, &successor.token, "/api/v1/termijnen?weken=104").await;
    assert_eq!(
        count(&overview, "later") + count(&overview, "dezeWeek") + count(&overview, "verlopen"),
        1
    );
    let (_, overview) = get_json(&app, &leaving.token, "/api/v1/termijnen?weken=104").await;
    assert_eq!(
        count(&overview, "later") + count(&overview, "dezeWeek") + count(&overview, "verlopen"),
        0
    );

    // A journal entry in every dossier touched, read by the successor, who now owns them.
    for id in [&first, &second] {
        let (status, journal) = get_json(
            &app,
            &successor.token,
            &format!("/api/v1/signalen/{id}/journaalposten"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            journal.as_array().unwrap().iter().any(|p| p["tekst"]
                .as_str()
                .unwrap_or_default()
                .contains("Overgedragen van")
                && p["tekst"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Vertrekt per 1 januari")),
            "{journal}"
        );
        let (_, signal) = get_json(&app, &successor.token, &format!("/api/v1/signalen/{id}")).await;
        assert_eq!(signal["eigenaar"]["id"], successor.id.as_str(), "{signal}");
    }
}
