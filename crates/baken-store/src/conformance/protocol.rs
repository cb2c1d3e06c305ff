//! Conformance cases for privacy protocol versions and privacy checks.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn protocol_versions_and_privacy_checks(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let date = |y: i32, m: u8, d: u8| {
        time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
    };
    let version =
        |gemeente: &str, versie: &str, vastgesteld: time::Date, loaded: OffsetDateTime| {
            ProtocolVersieRecord {
                id: Uuid::new_v4(),
                gemeente: gm(gemeente),
                versie: versie.into(),
                vastgesteld_op: vastgesteld,
                tekst: format!("[protocol]\nversie = \"{versie}\"\n"),
                sha256: "ab".repeat(32),
                geladen_op: loaded,
                geladen_door: Some(user),
            }
        };
    let first = version("GM0534", "2026.1", date(2026, 1, 1), now());
    let second = version(
        "GM0534",
        "2026.2",
        date(2026, 6, 1),
        now() - Duration::days(1),
    );
    let lisse = ProtocolVersieRecord {
        geladen_door: None,
        ..version("GM0553", "2026.1", date(2026, 1, 1), now())
    };
    let mut tx = store.begin().await.unwrap();
    for v in [&first, &second, &lisse] {
        tx.insert_protocol(v).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.protocol_versies(&gm("GM0534")).await.unwrap(),
        vec![second.clone(), first.clone()],
        "latest adoption date first, whatever the loading order"
    );
    assert_eq!(
        tx.protocol_versies(&gm("GM0553")).await.unwrap(),
        vec![lisse]
    );
    assert!(matches!(
        tx.insert_protocol(&ProtocolVersieRecord {
            id: Uuid::new_v4(),
            ..first.clone()
        })
        .await
        .unwrap_err(),
        StoreError::Conflict(_)
    ));
    drop(tx);

    let dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    let decision = PrivacytoetsRecord {
        id: Uuid::new_v4(),
        dossier_id: dossier.id,
        toets: "1".into(),
        goedgekeurd: true,
        bronnen: vec!["brp".into(), "woz".into()],
        antwoorden: vec![
            (
                "noodzaak".into(),
                "Zonder BRP is niet vast te stellen wie er woont.".into(),
            ),
            ("proportionaliteit".into(), "Alleen hit/no-hit.".into()),
        ],
        motivering: Some("Akkoord.".into()),
        geldig_tot: date(2027, 2, 28),
        protocol_versie: "2026.2".into(),
        beslist_door: user,
        beslist_op: now(),
        journaalpost: Uuid::new_v4(),
    };
    let refused = PrivacytoetsRecord {
        id: Uuid::new_v4(),
        goedgekeurd: false,
        bronnen: vec![],
        antwoorden: vec![],
        motivering: None,
        beslist_op: now() + Duration::seconds(1),
        ..decision.clone()
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.insert_privacytoets(&decision).await.unwrap();
    tx.insert_privacytoets(&refused).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.dossier_privacytoetsen(dossier.id).await.unwrap(),
        vec![decision, refused],
        "oldest first, answers and sources intact"
    );
    assert!(
        tx.dossier_privacytoetsen(Uuid::new_v4())
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn weighings_and_check_requests(store: &dyn Store) {
    use baken_domain::weging::{Antwoord, CriteriumAntwoord};
    let user = dossier_fixture(store).await;
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    let lisse = sample_dossier("GM0553", "S-2026-0001", user, now());
    let weging = WegingRecord {
        id: Uuid::new_v4(),
        dossier_id: dossier.id,
        weging: "weging-3".into(),
        protocol_versie: "ccv-2026.1".into(),
        van: "weging".into(),
        naar: "monitoren".into(),
        antwoorden: vec![
            CriteriumAntwoord {
                criterium: "Voldoende concreet".into(),
                antwoord: Antwoord::Ja,
                toelichting: Some("Adres en tijden genoemd.".into()),
            },
            CriteriumAntwoord {
                criterium: "Van recente datum".into(),
                antwoord: Antwoord::Onbekend,
                toelichting: Some("Melder noemt geen datum.".into()),
            },
        ],
        motivering: Some("Eerst volgen.".into()),
        gewogen_door: user,
        gewogen_op: now(),
        journaalpost: Uuid::new_v4(),
    };
    let later = WegingRecord {
        id: Uuid::new_v4(),
        weging: "weging-1-2".into(),
        antwoorden: vec![],
        motivering: None,
        gewogen_op: now() + Duration::seconds(5),
        ..weging.clone()
    };
    let aanvraag = |d: &DossierRecord, toets: &str, at: OffsetDateTime| ToetsaanvraagRecord {
        id: Uuid::new_v4(),
        dossier_id: d.id,
        gemeente: d.gemeente.clone(),
        toets: toets.into(),
        toelichting: "BRP en WOZ nodig om te zien wie er woont.".into(),
        aangevraagd_door: user,
        aangevraagd_op: at,
        besluit: None,
        beslist_op: None,
    };
    let first = aanvraag(&dossier, "1", now() - Duration::hours(2));
    let second = aanvraag(&dossier, "1", now() - Duration::hours(1));
    let other_check = aanvraag(&dossier, "2A", now());
    let elsewhere = aanvraag(&lisse, "1", now() - Duration::hours(3));
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.insert_dossier(&lisse).await.unwrap();
    tx.insert_weging(&later).await.unwrap();
    tx.insert_weging(&weging).await.unwrap();
    for a in [&first, &second, &other_check, &elsewhere] {
        tx.insert_toetsaanvraag(a).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.dossier_wegingen(dossier.id).await.unwrap(),
        vec![weging.clone(), later.clone()],
        "oldest first, answers intact"
    );
    assert!(tx.dossier_wegingen(lisse.id).await.unwrap().is_empty());
    assert_eq!(
        tx.open_toetsaanvragen(&[gm("GM0534")]).await.unwrap(),
        vec![first.clone(), second.clone(), other_check.clone()],
        "one municipality's open requests, oldest first"
    );
    assert_eq!(
        tx.open_toetsaanvragen(&[gm("GM0534"), gm("GM0553")])
            .await
            .unwrap()
            .first(),
        Some(&elsewhere)
    );
    assert!(tx.open_toetsaanvragen(&[]).await.unwrap().is_empty());
    drop(tx);

    // A decision on check 1 closes both requests for check 1 of this dossier, nothing else.
    let besluit = Uuid::new_v4();
    let at = now() + Duration::minutes(1);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.sluit_toetsaanvragen(dossier.id, "1", besluit, at)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        tx.sluit_toetsaanvragen(dossier.id, "1", Uuid::new_v4(), at)
            .await
            .unwrap(),
        0,
        "a closed request stays closed by its own decision"
    );
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.open_toetsaanvragen(&[gm("GM0534"), gm("GM0553")])
            .await
            .unwrap(),
        vec![elsewhere.clone(), other_check.clone()]
    );
    let mine = tx.toetsaanvragen_door(user, 3).await.unwrap();
    assert_eq!(
        mine.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![other_check.id, second.id, first.id],
        "newest first, at most the limit"
    );
    assert_eq!(
        (mine[1].besluit, mine[1].beslist_op),
        (Some(besluit), Some(at))
    );
    assert_eq!(
        tx.dossier_toetsaanvragen(dossier.id).await.unwrap().len(),
        3
    );
    drop(tx);

    // Destroying the dossier's content takes its weighings and requests with it.
    let mut tx = store.begin().await.unwrap();
    tx.destroy_content(dossier.id).await.unwrap();
    assert!(tx.dossier_wegingen(dossier.id).await.unwrap().is_empty());
    assert!(
        tx.dossier_toetsaanvragen(dossier.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        tx.dossier_toetsaanvragen(lisse.id).await.unwrap(),
        vec![elsewhere]
    );
    tx.commit().await.unwrap();
}
