//! Consulting Baken's local registers from a signal (issue 14): the protocol decides which source
//! may be consulted in which phase and for what purpose; hit/no-hit comes first and its answer and
//! journal entry hold nothing of the source; the content comes only with a justified follow-up of
//! a hit of a source consulted for content; every step is in the journal and the processing log.
//! On both databases.

use crate::protocol::{approval, patch_status};
use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use baken_domain::bag::{
    Adresseerbaar, BagObject, Nummeraanduiding, OpenbareRuimte, Pand, Soort, Woonplaats,
};
use baken_domain::kvk::{KvkAdres, KvkVestiging};
use baken_domain::sanctie::SanctieEntiteit;
use baken_store::RegisterObject;
use serde_json::{Value, json};

crate::on_both_backends!(
    local_registers_answer_hit_or_no_hit_first_and_content_only_when_justified,
    the_protocol_page_consults_a_register_and_shows_content_once,
);

/// The registers as an import leaves them: the address of the signal in the BAG, its company in
/// the trade register, and a listed person of the same name as the signal's subject.
async fn load_registers(app: &TestApp) {
    let objects = [
        RegisterObject::Bag(BagObject::Woonplaats(Woonplaats {
            id: "2460".into(),
            naam: "Hillegom".into(),
            status: "Woonplaats aangewezen".into(),
        })),
        RegisterObject::Bag(BagObject::OpenbareRuimte(OpenbareRuimte {
            id: "0534300000000001".into(),
            naam: "Stationsweg".into(),
            woonplaats: "2460".into(),
            status: "Naamgeving uitgegeven".into(),
        })),
        RegisterObject::Bag(BagObject::Nummeraanduiding(Nummeraanduiding {
            id: "0534200000000012".into(),
            postcode: Some("2181AB".into()),
            huisnummer: 12,
            huisletter: None,
            toevoeging: None,
            openbare_ruimte: "0534300000000001".into(),
            woonplaats: None,
            status: "Naamgeving uitgegeven".into(),
        })),
        RegisterObject::Bag(BagObject::Adresseerbaar(Adresseerbaar {
            id: "0534010000000012".into(),
            soort: Soort::Verblijfsobject,
            hoofdadres: "0534200000000012".into(),
            nevenadressen: vec![],
            gebruiksdoelen: vec!["industriefunctie".into()],
            oppervlakte: Some(640),
            punt: None,
            panden: vec!["0534100000000001".into()],
            status: "Verblijfsobject in gebruik".into(),
        })),
        RegisterObject::Bag(BagObject::Pand(Pand {
            id: "0534100000000001".into(),
            bouwjaar: Some(1978),
            status: "Pand in gebruik".into(),
        })),
        RegisterObject::Kvk(KvkVestiging {
            kvk_nummer: "69599084".into(),
            vestigingsnummer: Some("000038509504".into()),
            naam: "Dagobert Handel".into(),
            handelsnamen: vec![],
            rechtsvorm: Some("Eenmanszaak".into()),
            hoofdvestiging: true,
            adres: KvkAdres {
                postcode: Some("2181AB".into()),
                huisnummer: Some(12),
                ..KvkAdres::default()
            },
            sbi: vec!["4711".into()],
            datum_aanvang: None,
            datum_einde: None,
            nummeraanduiding: None,
        }),
        RegisterObject::Sanctie(SanctieEntiteit {
            id: "NK-jansen".into(),
            schema: "Person".into(),
            caption: "Jan Jansen".into(),
            namen: vec!["Jan Jansen".into()],
            geboortedata: vec!["1970".into()],
            landen: vec!["nl".into()],
            topics: vec!["sanction".into()],
            datasets: vec!["nl_terrorism_list".into()],
            nummers: vec![],
            properties: "{}".into(),
        }),
    ];
    let mut tx = app.store.begin().await.unwrap();
    let rows: Vec<(&RegisterObject, &str)> = objects.iter().map(|o| (o, "h")).collect();
    tx.register_schrijf(&rows).await.unwrap();
    tx.commit().await.unwrap();
}

/// The id of the signal's entity of this kind.
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

async fn journal_texts(app: &TestApp, token: &str, id: &str) -> Vec<String> {
    let (_, journal) = get_json(app, token, &format!("/api/v1/signalen/{id}/journaalposten")).await;
    journal
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["soort"] == "bronraadpleging")
        .map(|p| p["tekst"].as_str().unwrap().to_string())
        .collect()
}

async fn local_registers_answer_hit_or_no_hit_first_and_content_only_when_justified(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    load_registers(&app).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    let lisse = api_user(&app, "l@example.nl", "teamlid", &["GM0553"]).await;
    let mut body = valid_signal("GM0534");
    body["subjecten"].as_array_mut().unwrap().push(json!(
        {"soort": "organisatie", "naam": "Dagobert Handel", "kvkNummer": "69599084", "rol": "exploitant"}
    ));
    let id = create(&app, &team.token, &body).await;
    let adres = entity(&app, &team.token, &id, "objecten", "adres").await;
    let persoon = entity(&app, &team.token, &id, "subjecten", "persoon").await;
    let organisatie = entity(&app, &team.token, &id, "subjecten", "organisatie").await;
    let path = format!("/api/v1/signalen/{id}/bronraadplegingen");
    let bag = |onderwerp: &str| json!({"bron": "bag", "doel": "Vaststellen van het object en de gebruiksfunctie", "onderwerp": onderwerp});

    // The catalogue with what the local registers hold.
    let (status, bronnen) = get_json(&app, &team.token, "/api/v1/bronnen").await;
    assert_eq!(status, 200);
    let bron = |code: &str| {
        bronnen
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        bron("bag")["aantallen"]["nummeraanduidingen"],
        1,
        "{bronnen}"
    );
    assert_eq!(bron("kvk")["aantallen"]["kvk_vestigingen"], 1);
    assert_eq!(
        (
            bron("sancties")["wijze"].as_str(),
            bron("sancties")["lokaalRegister"].as_bool()
        ),
        (Some("hit-no-hit"), Some(true))
    );
    assert_eq!(
        (
            bron("brp")["lokaalRegister"].as_bool(),
            bron("brp").get("aantallen")
        ),
        (Some(false), None)
    );
    assert_eq!(
        get_json(&app, &team.token, "/api/v1/bronnen?gemeente=GM0553")
            .await
            .0,
        404
    );

    // Every missing field at once, in Dutch; a source without a local register is named.
    let invalid = post_json(
        &app,
        &team.token,
        &path,
        &json!({"bron": "brp", "onderwerp": adres}),
    )
    .await;
    assert_eq!(invalid.status(), 400);
    let problem: Value = invalid.json().await.unwrap();
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bron", "doel"], "{problem}");

    // The BAG in the intake phase, about the address: a hit, and nothing of the source in the
    // answer or the journal.
    // Not in the received phase: refused with the rule.
    let early = post_json(&app, &team.token, &path, &bag(&adres)).await;
    assert_eq!(early.status(), 409);
    assert!(
        early.json::<Value>().await.unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("dit signaal is in de fase ontvangen")
    );
    assert_eq!(
        patch_status(&app, &team.token, &id, "intake", None).await.0,
        200
    );
    // A purpose the protocol does not list for the source: refused with the rule.
    let wrong = post_json(
        &app,
        &team.token,
        &path,
        &json!({"bron": "bag", "doel": "Nieuwsgierigheid", "onderwerp": adres}),
    )
    .await;
    assert_eq!(wrong.status(), 409);
    let problem: Value = wrong.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Raadpleging van Basisregistratie Adressen en Gebouwen (BAG) vraagt"),
        "{problem}"
    );
    assert!(
        problem["ontbreekt"][0]
            .as_str()
            .unwrap()
            .starts_with("een toegestaan doel"),
        "{problem}"
    );

    let hit = post_json(&app, &team.token, &path, &bag(&adres)).await;
    assert_eq!(hit.status(), 201);
    let hit: Value = hit.json().await.unwrap();
    assert_eq!(
        (hit["stap"].as_str(), hit["hit"].as_bool()),
        (Some("hit-no-hit"), Some(true)),
        "{hit}"
    );
    assert!(hit.get("inhoud").is_none(), "{hit}");
    // Ids and the time are generated: "640" or "1978" may turn up in them by chance.
    let mut shown = hit.clone();
    for generated in ["id", "onderwerp", "raadpleging", "tijdstip"] {
        shown.as_object_mut().unwrap().remove(generated);
    }
    let text = shown.to_string();
    for content in ["0534200000000012", "industriefunctie", "640", "1978"] {
        assert!(
            !text.contains(content),
            "hit/no-hit answer holds {content}: {text}"
        );
    }
    let texts = journal_texts(&app, &team.token, &id).await;
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].starts_with(
            "Raadpleging Basisregistratie Adressen en Gebouwen (BAG) (hit/no-hit) over "
        ),
        "{texts:?}"
    );
    assert!(texts[0].ends_with(": hit."), "{texts:?}");
    for content in ["0534200000000012", "industriefunctie", "1978"] {
        assert!(!texts[0].contains(content), "{texts:?}");
    }
    // The BAG knows no persons.
    let person = post_json(&app, &team.token, &path, &bag(&persoon)).await;
    assert_eq!(person.status(), 400);
    let problem: Value = person.json().await.unwrap();
    assert_eq!(problem["invalidParams"][0]["name"], "onderwerp");

    // The follow-up: a reason is required; then the content, with the reason and what was taken
    // over in the journal.
    let raadpleging = hit["raadpleging"].as_str().unwrap();
    let follow = format!("{path}/{raadpleging}/inhoud");
    let unjustified = post_json(&app, &team.token, &follow, &json!({"toelichting": " "})).await;
    assert_eq!(unjustified.status(), 400);
    let content = post_json(
        &app,
        &team.token,
        &follow,
        &json!({"toelichting": "Gebruiksfunctie nodig voor de weging."}),
    )
    .await;
    assert_eq!(content.status(), 201);
    let content: Value = content.json().await.unwrap();
    assert_eq!(content["stap"], "inhoud");
    assert_eq!(content["vervolgOp"], raadpleging);
    let regels = content["inhoud"].as_array().unwrap();
    assert_eq!(regels.len(), 1, "{content}");
    let regel = regels[0].as_str().unwrap();
    assert!(
        regel.contains("Stationsweg 12, 2181 AB Hillegom")
            && regel.contains("industriefunctie")
            && regel.contains("640 m²")
            && regel.contains("bouwjaar 1978"),
        "{regel}"
    );
    let texts = journal_texts(&app, &team.token, &id).await;
    assert_eq!(texts.len(), 2);
    assert!(
        texts.iter().any(
            |t| t.contains("Reden: Gebruiksfunctie nodig voor de weging.")
                && t.contains("Overgenomen:")
                && t.contains("industriefunctie")
        ),
        "{texts:?}"
    );

    // Another municipality's team member: the signal and its consultations do not exist.
    assert_eq!(
        post_json(&app, &lisse.token, &path, &bag(&adres))
            .await
            .status(),
        404
    );
    assert_eq!(
        post_json(&app, &lisse.token, &follow, &json!({"toelichting": "x"}))
            .await
            .status(),
        404
    );
    assert_eq!(get_json(&app, &lisse.token, &path).await.0, 404);

    // The sanctions lists: only in source research, after privacy check 1 naming them; hit/no-hit
    // only, so no follow-up for content.
    let sancties = json!({"bron": "sancties", "doel": "Nagaan of een betrokkene op een sanctie- of PEP-lijst staat", "onderwerp": persoon});
    let early = post_json(&app, &team.token, &path, &sancties).await;
    assert_eq!(early.status(), 409);
    assert!(
        early.json::<Value>().await.unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("alleen worden geraadpleegd in de fase bronnenonderzoek")
    );
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
        &approval(&["brp", "sancties"]),
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
    let listed = post_json(&app, &team.token, &path, &sancties).await;
    assert_eq!(listed.status(), 201);
    let listed: Value = listed.json().await.unwrap();
    assert_eq!(listed["hit"], true, "Jan Jansen is on the list: {listed}");
    assert!(!listed.to_string().contains("nl_terrorism_list"));
    let more = post_json(
        &app,
        &team.token,
        &format!("{path}/{}/inhoud", listed["raadpleging"].as_str().unwrap()),
        &json!({"toelichting": "Welke lijst?"}),
    )
    .await;
    assert_eq!(more.status(), 409);
    let problem: Value = more.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("mag volgens het privacyprotocol alleen hit/no-hit worden geraadpleegd"),
        "{problem}"
    );
    let texts = journal_texts(&app, &team.token, &id).await;
    assert!(
        texts
            .iter()
            .all(|t| !t.contains("nl_terrorism_list") && !t.contains("NK-jansen")),
        "{texts:?}"
    );

    // The trade register about the organisation: a hit by KvK number; about the address too.
    let kvk = |onderwerp: &str| json!({"bron": "kvk", "doel": "Vaststellen van de onderneming, vestiging en bestuurders", "onderwerp": onderwerp});
    let company: Value = post_json(&app, &team.token, &path, &kvk(&organisatie))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(company["hit"], true, "{company}");
    let at_address: Value = post_json(&app, &team.token, &path, &kvk(&adres))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(at_address["hit"], true, "{at_address}");
    // No-hit: a follow-up has nothing to show.
    let nobody: Value = post_json(&app, &team.token, &path, &json!({"bron": "sancties", "doel": "Nagaan of een betrokkene op een sanctie- of PEP-lijst staat", "onderwerp": organisatie})).await.json().await.unwrap();
    assert_eq!(nobody["hit"], false, "{nobody}");

    // The list of consultations, newest first; each in the processing log.
    let (status, list) = get_json(&app, &team.token, &path).await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 6, "{list:?}");
    assert_eq!(list[0]["raadpleging"], nobody["raadpleging"]);
    assert!(list.iter().all(|r| r.get("inhoud").is_none()));
    let mut tx = app.store.begin_read().await.unwrap();
    let records = tx
        .list_verwerkingen(&baken_store::VerwerkingFilter {
            dossier_id: Some(uuid::Uuid::parse_str(&id).unwrap()),
            limit: 200,
            ..Default::default()
        })
        .await
        .unwrap();
    let consultations = records
        .iter()
        .filter(|r| r.actie == "bron.raadplegen")
        .count();
    // The address consultations name no data subject (one record each), the person's and the
    // organisation's one each.
    assert_eq!(consultations, 6, "{records:?}");
    // The list of consultations read above is in the access log, one record per consultation.
    let member = baken_domain::UserId(uuid::Uuid::parse_str(&team.id).unwrap());
    let access = tx.list_access(None, Some(member), 500).await.unwrap();
    let listed = access
        .iter()
        .filter(|a| a.object_soort == "bronraadpleging" && a.context.contains("bronraadplegingen"))
        .count();
    assert_eq!(listed, 6, "{access:?}");
}

async fn the_protocol_page_consults_a_register_and_shows_content_once(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    load_registers(&app).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    assert_eq!(
        patch_status(&app, &team.token, &id, "intake", None).await.0,
        200
    );
    let adres = entity(&app, &team.token, &id, "objecten", "adres").await;
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .get(&browser, &format!("/signalen/{id}/protocol"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Raadplegen in een lokaal register"), "{page}");
    assert!(
        page.contains(&format!("value=\"{adres}\"")),
        "the address is offered"
    );

    // Invalid: the form again with the field's error in Dutch, the input kept.
    let missing = app
        .post(
            &browser,
            &format!("/signalen/{id}/bronraadplegingen/register"),
            &[
                ("register_bron", "bag"),
                ("register_onderwerp", &adres),
                ("register_doel", ""),
            ],
        )
        .await;
    assert_eq!(missing.status(), 400);
    let text = missing.text().await.unwrap();
    assert!(text.contains("Geef het doel van de raadpleging."), "{text}");

    let done = app
        .post(
            &browser,
            &format!("/signalen/{id}/bronraadplegingen/register"),
            &[
                ("register_bron", "bag"),
                ("register_onderwerp", &adres),
                (
                    "register_doel",
                    "Vaststellen van het object en de gebruiksfunctie",
                ),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let result_path = location(&done);
    assert!(
        result_path.starts_with(&format!("/signalen/{id}/bronraadplegingen/")),
        "{result_path}"
    );
    let result = app.get(&browser, &result_path).await.text().await.unwrap();
    assert!(
        result.contains("Hit: de bron kent het onderwerp"),
        "{result}"
    );
    assert!(result.contains("Inhoud opvragen"), "{result}");
    assert!(
        !result.contains("industriefunctie"),
        "no content before the follow-up"
    );

    let dossier_path = format!("/signalen/{id}");
    let before = app.get(&browser, &dossier_path).await.text().await.unwrap();
    assert!(
        !before.contains("Volgens de BAG"),
        "no BAG facts after hit/no-hit only"
    );
    let follow = format!("{result_path}/inhoud");
    let unjustified = app.post(&browser, &follow, &[("toelichting", "")]).await;
    assert_eq!(unjustified.status(), 400);
    assert!(
        unjustified
            .text()
            .await
            .unwrap()
            .contains("Leg vast waarom de inhoud nodig is")
    );
    let content = app
        .post(
            &browser,
            &follow,
            &[("toelichting", "Gebruiksfunctie nodig voor de weging.")],
        )
        .await;
    assert_eq!(content.status(), 200);
    let content = content.text().await.unwrap();
    assert!(
        content.contains("industriefunctie") && content.contains("bouwjaar 1978"),
        "{content}"
    );
    // Where the address lives: the dossier page shows the BAG's facts of it now.
    let after = app.get(&browser, &dossier_path).await.text().await.unwrap();
    assert!(
        after.contains("Volgens de BAG: industriefunctie, 640 m², bouwjaar 1978"),
        "{after}"
    );
    // The page itself shows it only in that answer; afterwards it points at the journal.
    let again = app.get(&browser, &result_path).await.text().await.unwrap();
    assert!(!again.contains("industriefunctie"), "{again}");
    assert!(again.contains("al eerder opgevraagd"), "{again}");

    // Another municipality's colleague: the consultation does not exist.
    app.user("l@example.nl", "teamlid", &["GM0553"]).await;
    let lisse = app.signed_in_browser("l@example.nl").await;
    assert_eq!(app.get(&lisse, &result_path).await.status(), 404);
    assert_eq!(
        app.post(&lisse, &follow, &[("toelichting", "x")])
            .await
            .status(),
        404
    );
}
