//! Consulting live sources from a signal (issue 14): the BRP and the trade register configured in
//! `bronnen_live` and asked over their APIs, here local simulators of the published APIs. The
//! protocol is checked before the source is asked (a refused consultation never reaches it);
//! hit/no-hit asks the BRP for the number alone and shows nothing of its answer; content comes
//! with a justified follow-up where the protocol allows it; answers are reused for the source's
//! cache lifetime; a source that is down or slow gives a clear Dutch message and changes nothing
//! in the dossier, which stays usable. On both databases.

use crate::protocol::{approval, patch_status};
use crate::signalen::{api_user, create, get_json, post_json};
use crate::support::*;
use baken_connectors::live::BronConfig;
use baken_connectors::simulator::{Gedrag, SLEUTEL, Simulator};
use serde_json::{Value, json};
use std::time::Duration;

crate::on_both_backends!(live_sources_answer_hit_or_no_hit_and_a_source_down_changes_nothing,);

fn signal() -> Value {
    json!({
        "gemeente": "GM0553",
        "ontvangstdatum": "2026-11-20",
        "bron": "inwoner",
        "omschrijving": "Veel verkeer 's nachts bij de schuur achter het huis.",
        "fenomenen": ["hennep"],
        "subjecten": [
            {"soort": "persoon", "bsn": "999990019", "voornamen": "J.", "achternaam": "Tulp", "rol": "bewoner"},
            {"soort": "organisatie", "naam": "Bloembollen Handel", "kvkNummer": "68750110", "rol": "exploitant"}
        ],
        "objecten": [
            {"soort": "adres", "postcode": "2161 AB", "huisnummer": "12", "straat": "Bloemenlaan", "woonplaats": "Lisse"}
        ]
    })
}

async fn entity(app: &TestApp, token: &str, id: &str, list: &str, soort: &str) -> String {
    let (_, signal) = get_json(app, token, &format!("/api/v1/signalen/{id}")).await;
    signal[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["soort"] == soort)
        .unwrap_or_else(|| panic!("no {soort} in {signal}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn consultations(app: &TestApp, token: &str, id: &str) -> usize {
    let (status, journal) =
        get_json(app, token, &format!("/api/v1/signalen/{id}/journaalposten")).await;
    assert_eq!(status, 200);
    journal
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["soort"] == "bronraadpleging")
        .count()
}

async fn live_sources_answer_hit_or_no_hit_and_a_source_down_changes_nothing(backend: Backend) {
    let brp = Simulator::brp().await;
    let kvk = Simulator::kvk().await;
    let (brp_url, kvk_url) = (
        format!("{}/haalcentraal/api/brp", brp.url()),
        format!("{}/test", kvk.url()),
    );
    let app = TestApp::spawn_with(backend, move |c| {
        c.mfa_required = false;
        c.bronnen_live.insert(
            "brp".into(),
            BronConfig {
                basis_url: brp_url,
                api_sleutel: SLEUTEL.into(),
                timeout_seconden: 1,
                cache_seconden: 0,
                doelbinding: "BRPondermijning".into(),
                verwerking: "bronnenonderzoek@ondermijning".into(),
                oin: "00000001001234567000".into(),
                ..BronConfig::default()
            },
        );
        c.bronnen_live.insert(
            "kvk".into(),
            BronConfig {
                basis_url: kvk_url,
                api_sleutel: SLEUTEL.into(),
                cache_seconden: 300,
                ..BronConfig::default()
            },
        );
    })
    .await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0553"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0553"]).await;
    let hillegom = api_user(&app, "h@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &signal()).await;
    let persoon = entity(&app, &team.token, &id, "subjecten", "persoon").await;
    let organisatie = entity(&app, &team.token, &id, "subjecten", "organisatie").await;
    let adres = entity(&app, &team.token, &id, "objecten", "adres").await;
    let path = format!("/api/v1/signalen/{id}/bronraadplegingen");
    let brp_vraag = |onderwerp: &str| json!({"bron": "brp", "doel": "Vaststellen wie op het adres staat ingeschreven", "onderwerp": onderwerp});
    let kvk_vraag = |onderwerp: &str| json!({"bron": "kvk", "doel": "Vaststellen van de onderneming, vestiging en bestuurders", "onderwerp": onderwerp});

    // The catalogue says which sources are asked live.
    let (_, bronnen) = get_json(&app, &team.token, "/api/v1/bronnen").await;
    let live: Vec<&str> = bronnen
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["live"] == true)
        .map(|b| b["code"].as_str().unwrap())
        .collect();
    assert_eq!(live, ["brp", "kvk"], "{bronnen}");

    // Refused by the protocol (not in source research, no privacy check 1): the source is not
    // asked at all.
    assert_eq!(
        patch_status(&app, &team.token, &id, "intake", None).await.0,
        200
    );
    let early = post_json(&app, &team.token, &path, &brp_vraag(&persoon)).await;
    assert_eq!(early.status(), 409);
    assert!(
        brp.verzoeken().is_empty(),
        "the BRP was asked before the protocol allowed it"
    );
    // Another municipality's member: the signal does not exist, and nothing is asked.
    assert_eq!(
        post_json(&app, &hillegom.token, &path, &brp_vraag(&persoon))
            .await
            .status(),
        404
    );
    assert!(brp.verzoeken().is_empty());

    assert_eq!(
        patch_status(
            &app,
            &team.token,
            &id,
            "weging",
            Some("Ondermijning, eigen taak.")
        )
        .await
        .0,
        200
    );
    let approved = post_json(
        &app,
        &privacy.token,
        &format!("/api/v1/signalen/{id}/privacytoetsen"),
        &approval(&["brp"]),
    )
    .await;
    assert_eq!(approved.status(), 201, "{:?}", approved.text().await);
    assert_eq!(
        patch_status(
            &app,
            &team.token,
            &id,
            "bronnenonderzoek",
            Some("Concreet en recent.")
        )
        .await
        .0,
        200
    );

    // BRP hit/no-hit about the person: a hit; the BRP was asked for the number alone, in the
    // body (never the URL), with the purpose-binding headers and the user; nothing of its
    // answer in the response or the journal.
    let hit = post_json(&app, &team.token, &path, &brp_vraag(&persoon)).await;
    assert_eq!(hit.status(), 201);
    let hit: Value = hit.json().await.unwrap();
    assert_eq!(
        (hit["stap"].as_str(), hit["hit"].as_bool()),
        (Some("hit-no-hit"), Some(true)),
        "{hit}"
    );
    assert!(hit.get("inhoud").is_none(), "{hit}");
    let asked = brp.verzoeken();
    assert_eq!(asked.len(), 1, "{asked:?}");
    let body: Value = serde_json::from_str(&asked[0].body).unwrap();
    assert_eq!(body["fields"], json!(["burgerservicenummer"]), "{body}");
    assert_eq!(body["type"], "RaadpleegMetBurgerservicenummer");
    assert!(!asked[0].uri.contains("999990019"), "{}", asked[0].uri);
    let header = |name: &str| {
        asked[0]
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-doelbinding").as_deref(), Some("BRPondermijning"));
    assert_eq!(header("x-gebruiker").as_deref(), Some(team.id.as_str()));
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    let text = journal.to_string();
    for content in ["Jan Willem", "26 mei 1983", "1983-05-26"] {
        assert!(
            !text.contains(content),
            "the journal holds {content}: {text}"
        );
        assert!(!hit.to_string().contains(content));
    }
    assert!(
        text.contains("Raadpleging Basisregistratie Personen (BRP) (hit/no-hit) over"),
        "{text}"
    );

    // About the address: who is registered there, hit/no-hit.
    let there: Value = post_json(&app, &team.token, &path, &brp_vraag(&adres))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(there["hit"], true, "{there}");
    let asked = brp.verzoeken();
    let body: Value = serde_json::from_str(&asked[1].body).unwrap();
    assert_eq!(body["type"], "ZoekMetPostcodeEnHuisnummer");
    assert_eq!(body["fields"], json!(["burgerservicenummer"]));

    // The default protocol consults the BRP hit/no-hit only: a follow-up is refused with the
    // rule, and the BRP is not asked for it.
    let more = post_json(
        &app,
        &team.token,
        &format!("{path}/{}/inhoud", hit["raadpleging"].as_str().unwrap()),
        &json!({"toelichting": "Wie is het?"}),
    )
    .await;
    assert_eq!(more.status(), 409);
    assert_eq!(brp.verzoeken().len(), 2);

    // The trade register, live: hit/no-hit by number, then the content (the Basisprofiel) with a
    // reason. The second hit/no-hit of the same question comes from the cache.
    let company = post_json(&app, &team.token, &path, &kvk_vraag(&organisatie)).await;
    assert_eq!(company.status(), 201);
    let company: Value = company.json().await.unwrap();
    assert_eq!(company["hit"], true, "{company}");
    assert!(!company.to_string().contains("4622") && !company.to_string().contains("000037178598"));
    let again: Value = post_json(&app, &team.token, &path, &kvk_vraag(&organisatie))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["hit"], true);
    let searches = kvk
        .verzoeken()
        .iter()
        .filter(|v| v.uri.contains("/zoeken"))
        .count();
    assert_eq!(searches, 1, "the second question came from the cache");
    let content = post_json(
        &app,
        &team.token,
        &format!("{path}/{}/inhoud", company["raadpleging"].as_str().unwrap()),
        &json!({"toelichting": "Rechtsvorm en activiteiten nodig voor de weging."}),
    )
    .await;
    assert_eq!(content.status(), 201);
    let content: Value = content.json().await.unwrap();
    let regels = content["inhoud"].as_array().unwrap();
    assert!(
        regels.iter().any(|r| {
            let r = r.as_str().unwrap();
            r.contains("Bloembollen Handel; KvK 68750110") && r.contains("SBI 4622")
        }),
        "{content}"
    );
    assert!(
        kvk.verzoeken()
            .iter()
            .any(|v| v.uri.contains("/basisprofielen/68750110")),
        "the content is the Basisprofiel"
    );

    // The BRP down: 503 with the Dutch message naming the source, nothing recorded, the dossier
    // usable.
    let before = consultations(&app, &team.token, &id).await;
    for (gedrag, code, melding) in [
        (
            Gedrag::Storing(503),
            "bron-storing",
            "De BRP heeft een storing (HTTP 503)",
        ),
        (
            Gedrag::Storing(500),
            "bron-storing",
            "De BRP heeft een storing (HTTP 500)",
        ),
        (
            Gedrag::Traag(Duration::from_millis(2500)),
            "bron-te-traag",
            "De BRP antwoordde niet binnen 1 seconden",
        ),
        (
            Gedrag::TeGroot(2 << 20),
            "bron-antwoord-te-groot",
            "De BRP stuurde een antwoord groter dan 1024 kB",
        ),
    ] {
        brp.zet(gedrag);
        let down = post_json(&app, &team.token, &path, &brp_vraag(&persoon)).await;
        assert_eq!(down.status(), 503, "{code}");
        assert_eq!(
            down.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
        let problem: Value = down.json().await.unwrap();
        assert_eq!(problem["code"], code, "{problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(melding), "{detail}");
        assert!(
            !detail.contains("999990019") && !detail.contains("Tulp"),
            "{detail}"
        );
    }
    assert_eq!(
        consultations(&app, &team.token, &id).await,
        before,
        "nothing recorded"
    );
    assert_eq!(
        get_json(&app, &team.token, &format!("/api/v1/signalen/{id}"))
            .await
            .0,
        200
    );

    // The protocol page while the BRP is down: the form again with the message and what was
    // filled in; the signal's pages still work.
    brp.zet(Gedrag::Storing(502));
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .post(
            &browser,
            &format!("/signalen/{id}/bronraadplegingen/register"),
            &[
                ("register_bron", "brp"),
                ("register_onderwerp", &persoon),
                (
                    "register_doel",
                    "Vaststellen wie op het adres staat ingeschreven",
                ),
            ],
        )
        .await;
    assert_eq!(page.status(), 503);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("De BRP heeft een storing (HTTP 502)"),
        "{text}"
    );
    assert!(text.contains("het dossier blijft bruikbaar"), "{text}");
    assert!(
        text.contains(&format!("value=\"{persoon}\" selected")),
        "the subject is kept: {text}"
    );
    assert!(
        text.contains("value=\"brp\" selected"),
        "the source is kept: {text}"
    );
    assert_eq!(
        app.get(&browser, &format!("/signalen/{id}")).await.status(),
        200
    );

    // Back up: it answers again.
    brp.zet(Gedrag::Normaal);
    assert_eq!(
        post_json(&app, &team.token, &path, &brp_vraag(&persoon))
            .await
            .status(),
        201
    );
    assert_eq!(consultations(&app, &team.token, &id).await, before + 1);
}
