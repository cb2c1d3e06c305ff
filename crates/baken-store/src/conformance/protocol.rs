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
