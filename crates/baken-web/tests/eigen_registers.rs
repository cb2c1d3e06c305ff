//! A municipality's own registers (issue 14): imported from CSV under a column mapping, each
//! under its own source of the protocol; a sector register configured as referral only tells the
//! team that the source knows the subject and whom to ask, never what it holds (API, page and
//! journal); another municipality's register is never consulted. On both databases.

use crate::protocol::{approval, patch_status};
use crate::signalen::{api_user, create, get_json, post_json, valid_signal};
use crate::support::*;
use baken_core::Caller;
use baken_core::audit::RequestContext;
use baken_core::registers::{Bestand, EigenRegisterImport};
use baken_domain::GemeenteCode;
use baken_domain::eigen_register::Kolomkoppeling;
use serde_json::{Value, json};

crate::on_both_backends!(a_referral_only_register_never_shows_its_content,);

/// Imports a municipality's register of the social domain (BSN and name as keys).
async fn import_sociaal_domein(app: &TestApp, gemeente: &str, csv: &str) -> u64 {
    let eigen = EigenRegisterImport {
        gemeente: GemeenteCode::parse(gemeente).unwrap(),
        bron: "sociaal-domein".into(),
        koppeling: Kolomkoppeling::parse("id=Dossier,bsn=BSN,naam=Naam").unwrap(),
    };
    let bestand = Bestand {
        naam: "sociaal-domein.csv".into(),
        inhoud: Box::new(std::io::Cursor::new(csv.as_bytes().to_vec())),
    };
    app.services
        .import_eigen_register(
            &Caller::System,
            &eigen,
            vec![bestand],
            &|_| {},
            &RequestContext::default(),
        )
        .await
        .unwrap()
        .gelezen
}

const HILLEGOM: &str = "Dossier;BSN;Naam;Voorziening\nSD-1;999900006;Jan Jansen;Schuldhulpverlening wegens beslag\nSD-2;;Piet Pietersen;Wmo-begeleiding\n";
const LISSE: &str =
    "Dossier;BSN;Naam;Voorziening\nSD-9;999900006;Jan Jansen;Jeugdhulp in het gezin\n";

async fn a_referral_only_register_never_shows_its_content(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.mfa_required = false).await;
    let team = api_user(&app, "t@example.nl", "teamlid", &["GM0534"]).await;
    let privacy = api_user(&app, "p@example.nl", "privacyfunctionaris", &["GM0534"]).await;
    // Lisse's register knows the subject; Hillegom's does not yet.
    assert_eq!(import_sociaal_domein(&app, "GM0553", LISSE).await, 1);
    assert_eq!(
        import_sociaal_domein(
            &app,
            "GM0534",
            "Dossier;BSN;Naam;Voorziening\nSD-2;;Piet Pietersen;Wmo-begeleiding\n"
        )
        .await,
        1
    );
    let id = create(&app, &team.token, &valid_signal("GM0534")).await;
    for (status, motivering) in [
        ("intake", None),
        ("weging", Some("Ondermijning, eigen taak.")),
    ] {
        assert_eq!(
            patch_status(&app, &team.token, &id, status, motivering)
                .await
                .0,
            200
        );
    }
    let approved = post_json(
        &app,
        &privacy.token,
        &format!("/api/v1/signalen/{id}/privacytoetsen"),
        &approval(&["brp", "sociaal-domein"]),
    )
    .await;
    assert_eq!(approved.status(), 201, "{:?}", approved.text().await);
    assert_eq!(
        patch_status(
            &app,
            &team.token,
            &id,
            "bronnenonderzoek",
            Some("Concreet.")
        )
        .await
        .0,
        200
    );
    let (_, signal) = get_json(&app, &team.token, &format!("/api/v1/signalen/{id}")).await;
    let persoon = signal["subjecten"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/signalen/{id}/bronraadplegingen");
    let ask = json!({"bron": "sociaal-domein", "doel": "Nagaan of het sociaal domein een betrokkene kent, zodat zorg en veiligheid hun aanpak afstemmen", "onderwerp": persoon});

    // The catalogue shows the own register with its size and how it may be consulted.
    let (_, bronnen) = get_json(&app, &team.token, "/api/v1/bronnen").await;
    let sd = bronnen
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "sociaal-domein")
        .cloned()
        .unwrap();
    assert_eq!(
        (sd["wijze"].as_str(), sd["lokaalRegister"].as_bool()),
        (Some("verwijzing"), Some(true)),
        "{sd}"
    );
    assert_eq!(sd["aantallen"]["rijen"], 1, "{sd}");

    // Hillegom's register does not know Jan Jansen; Lisse's does, but is not Hillegom's.
    let none: Value = post_json(&app, &team.token, &path, &ask)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["hit"], false, "{none}");
    assert!(none.get("verwijzing").is_none(), "{none}");

    // After the next import it does: a referral, with whom to ask, and nothing of the row.
    assert_eq!(import_sociaal_domein(&app, "GM0534", HILLEGOM).await, 2);
    // Of a source consulted by referral only, Baken keeps the keys, not the content.
    let mut tx = app.store.begin_read().await.unwrap();
    let kept = tx
        .eigen_rijen(
            &GemeenteCode::parse("GM0534").unwrap(),
            "sociaal-domein",
            baken_store::EigenVraag::Bsn("999900006"),
            10,
        )
        .await
        .unwrap();
    drop(tx);
    assert_eq!(kept.len(), 1);
    assert!(kept[0].velden.is_empty(), "{kept:?}");
    let referral = post_json(&app, &team.token, &path, &ask).await;
    assert_eq!(referral.status(), 201);
    let referral: Value = referral.json().await.unwrap();
    assert_eq!(referral["hit"], true, "{referral}");
    assert!(
        referral["verwijzing"]
            .as_str()
            .unwrap()
            .contains("team Sociaal Domein"),
        "{referral}"
    );
    let secret = ["Schuldhulpverlening", "beslag", "SD-1", "Jeugdhulp", "SD-9"];
    let answer = referral.to_string();
    for s in secret {
        assert!(!answer.contains(s), "the answer holds {s}: {answer}");
    }
    // No follow-up for content, with the rule named.
    let more = post_json(
        &app,
        &team.token,
        &format!(
            "{path}/{}/inhoud",
            referral["raadpleging"].as_str().unwrap()
        ),
        &json!({"toelichting": "Welke voorziening?"}),
    )
    .await;
    assert_eq!(more.status(), 409);
    let problem: Value = more.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("alleen met een verwijzing"),
        "{problem}"
    );
    // Nor recorded by hand with content.
    let by_hand = post_json(
        &app,
        &team.token,
        &path,
        &json!({"bron": "sociaal-domein", "doel": "Nagaan of het sociaal domein een betrokkene kent, zodat zorg en veiligheid hun aanpak afstemmen", "uitkomst": "hit", "toelichting": "Schuldhulp"}),
    )
    .await;
    assert_eq!(by_hand.status(), 400);

    // The journal says there is a referral and whom to ask; nothing of the register.
    let (_, journal) = get_json(
        &app,
        &team.token,
        &format!("/api/v1/signalen/{id}/journaalposten"),
    )
    .await;
    let texts: Vec<String> = journal
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["soort"] == "bronraadpleging")
        .map(|p| p["tekst"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("alleen verwijzing") && t.contains(": verwijzing;")),
        "{texts:?}"
    );
    for s in secret {
        assert!(texts.iter().all(|t| !t.contains(s)), "{texts:?}");
    }

    // The outcome page: a referral, whom to ask, and no way to the content.
    let browser = app.signed_in_browser("t@example.nl").await;
    let page = app
        .get(
            &browser,
            &format!(
                "/signalen/{id}/bronraadplegingen/{}",
                referral["raadpleging"].as_str().unwrap()
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Verwijzing: de bron kent het onderwerp"),
        "{page}"
    );
    assert!(page.contains("team Sociaal Domein"), "{page}");
    assert!(!page.contains("Inhoud opvragen"), "{page}");
    for s in secret {
        assert!(!page.contains(s), "the page holds {s}");
    }
    // The protocol page offers the own register as a local one.
    let protocol = app
        .get(&browser, &format!("/signalen/{id}/protocol"))
        .await
        .text()
        .await
        .unwrap();
    assert!(protocol.contains("value=\"sociaal-domein\""), "{protocol}");

    // A malformed file is refused with its line and column, and nothing of it is kept.
    let eigen = EigenRegisterImport {
        gemeente: GemeenteCode::parse("GM0534").unwrap(),
        bron: "sociaal-domein".into(),
        koppeling: Kolomkoppeling::parse("id=Dossier,bsn=BSN,naam=Naam").unwrap(),
    };
    let wrong = app
        .services
        .import_eigen_register(
            &Caller::System,
            &eigen,
            vec![Bestand {
                naam: "fout.csv".into(),
                inhoud: Box::new(std::io::Cursor::new(
                    b"Dossier;BSN;Naam\nSD-3;;Els\nSD-4;123456789;Kees\n".to_vec(),
                )),
            }],
            &|_| {},
            &RequestContext::default(),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        wrong.contains("fout.csv, regel 3") && wrong.contains("kolom BSN"),
        "{wrong}"
    );
    // A source that is not in the protocol is refused.
    let unknown = app
        .services
        .import_eigen_register(
            &Caller::System,
            &EigenRegisterImport {
                bron: "wmo".into(),
                ..eigen
            },
            Vec::new(),
            &|_| {},
            &RequestContext::default(),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        unknown.contains("staat niet in het privacyprotocol van Hillegom"),
        "{unknown}"
    );
    let again: Value = post_json(&app, &team.token, &path, &ask)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["hit"], true,
        "the failed import kept the register: {again}"
    );
}
