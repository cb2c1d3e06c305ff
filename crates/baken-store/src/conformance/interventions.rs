//! Conformance cases of the interventions aggregate: interventions, steps, deadlines.

use super::*;
use time::macros::date;

fn maatregel(d: &DossierRecord, nummer: &str, user: UserId, at: OffsetDateTime) -> MaatregelRecord {
    MaatregelRecord {
        id: Uuid::new_v4(),
        dossier_id: d.id,
        gemeente: d.gemeente.clone(),
        nummer: nummer.into(),
        instrument: "opiumwet-13b-sluiting".into(),
        catalogus_versie: "2026.1".into(),
        beleidsregel: "Damoclesbeleid (model)".into(),
        bevoegd: "burgemeester".into(),
        grond: None,
        spoed: false,
        spoed_motivering: None,
        duur: Some("P3M".into()),
        adressaten: vec![Uuid::new_v4(), Uuid::new_v4()],
        object_id: Some(Uuid::new_v4()),
        motivering: Some("Geschikt, noodzakelijk en evenredig.".into()),
        status: "lopend".into(),
        verantwoordelijke: user,
        aangemaakt_op: at,
        aangemaakt_door: user,
        versie: 1,
    }
}

fn termijn(
    m: &MaatregelRecord,
    soort: &str,
    einddatum: time::Date,
    voldaan: bool,
) -> TermijnRecord {
    TermijnRecord {
        id: Uuid::new_v4(),
        dossier_id: m.dossier_id,
        maatregel_id: Some(m.id),
        gemeente: m.gemeente.clone(),
        soort: soort.into(),
        omschrijving: format!("Termijn {soort}"),
        aan: "betrokkene".into(),
        einddatum,
        voldaan,
        verantwoordelijke: m.verantwoordelijke,
    }
}

pub async fn interventions_steps_and_deadlines(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let other = sample_user("o@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    let lisse = sample_dossier("GM0553", "S-2026-0001", user, now());
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&other).await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.insert_dossier(&lisse).await.unwrap();
    assert_eq!(
        tx.next_maatregel_nummer(&gm("GM0534"), 2026).await.unwrap(),
        1
    );
    assert_eq!(
        tx.next_maatregel_nummer(&gm("GM0534"), 2026).await.unwrap(),
        2
    );
    assert_eq!(
        tx.next_maatregel_nummer(&gm("GM0553"), 2026).await.unwrap(),
        1
    );
    let first = maatregel(&dossier, "M-2026-0001", user, now() - Duration::hours(1));
    let second = MaatregelRecord {
        instrument: "gemeentewet-174a-sluiting".into(),
        grond: Some("b".into()),
        spoed: true,
        spoed_motivering: Some("Explosie".into()),
        adressaten: vec![],
        object_id: None,
        motivering: None,
        ..maatregel(&dossier, "M-2026-0002", user, now())
    };
    let elsewhere = maatregel(&lisse, "M-2026-0001", user, now());
    for m in [&second, &first, &elsewhere] {
        tx.insert_maatregel(m).await.unwrap();
    }
    assert!(matches!(
        tx.insert_maatregel(&MaatregelRecord {
            id: Uuid::new_v4(),
            ..first.clone()
        })
        .await,
        Err(StoreError::Conflict(_))
    ));
    drop(tx);
    // The conflict ended that transaction: redo it and commit.
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&other).await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.insert_dossier(&lisse).await.unwrap();
    for m in [&second, &first, &elsewhere] {
        tx.insert_maatregel(m).await.unwrap();
    }
    let stap = |m: &MaatregelRecord, stap: &str, datum: time::Date| MaatregelStapRecord {
        id: Uuid::new_v4(),
        maatregel_id: m.id,
        stap: stap.into(),
        datum,
        duur: None,
        toelichting: Some(format!("{stap} vastgelegd")),
        ecli: None,
        bijlage_id: None,
        geregistreerd_op: now(),
        geregistreerd_door: user,
    };
    let besluit = stap(&first, "besluit", date!(2026 - 12 - 17));
    let voornemen = stap(&first, "voornemen", date!(2026 - 12 - 01));
    let uitspraak = MaatregelStapRecord {
        ecli: Some("ECLI:NL:RBDHA:2027:123".into()),
        duur: Some("P3M".into()),
        bijlage_id: Some(Uuid::new_v4()),
        ..stap(&first, "uitspraak-beroep", date!(2027 - 06 - 01))
    };
    for s in [&besluit, &uitspraak, &voornemen] {
        tx.insert_maatregel_stap(s).await.unwrap();
    }
    let zienswijze = termijn(&first, "zienswijzetermijn", date!(2026 - 12 - 15), true);
    let bezwaar = termijn(&first, "bezwaartermijn", date!(2027 - 01 - 29), false);
    let begunstiging = termijn(&first, "begunstigingstermijn", date!(2027 - 01 - 04), false);
    tx.replace_termijnen(
        first.id,
        &[zienswijze.clone(), bezwaar.clone(), begunstiging.clone()],
    )
    .await
    .unwrap();
    let lisse_termijn = termijn(&elsewhere, "bezwaartermijn", date!(2027 - 01 - 01), false);
    tx.replace_termijnen(elsewhere.id, std::slice::from_ref(&lisse_termijn))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    assert_eq!(read.maatregel(first.id).await.unwrap(), Some(first.clone()));
    assert_eq!(read.maatregel(Uuid::new_v4()).await.unwrap(), None);
    assert_eq!(
        read.maatregelen_van(dossier.id).await.unwrap(),
        vec![first.clone(), second.clone()],
        "oldest first"
    );
    assert_eq!(
        read.maatregel_stappen(first.id).await.unwrap(),
        vec![voornemen.clone(), besluit.clone(), uitspraak.clone()],
        "in the order they happened"
    );
    assert_eq!(
        read.termijnen_van(dossier.id).await.unwrap(),
        vec![zienswijze.clone(), begunstiging.clone(), bezwaar.clone()]
    );
    // Open deadlines: met ones left out, up to the day given, per municipality, earliest first.
    assert_eq!(
        read.open_termijnen(&[gm("GM0534")], None, date!(2027 - 12 - 31), 100)
            .await
            .unwrap(),
        vec![begunstiging.clone(), bezwaar.clone()]
    );
    assert_eq!(
        read.open_termijnen(&[gm("GM0534")], None, date!(2027 - 01 - 10), 100)
            .await
            .unwrap(),
        vec![begunstiging.clone()]
    );
    assert_eq!(
        read.open_termijnen(
            &[gm("GM0534"), gm("GM0553")],
            None,
            date!(2027 - 12 - 31),
            2
        )
        .await
        .unwrap(),
        vec![lisse_termijn.clone(), begunstiging.clone()]
    );
    assert_eq!(
        read.open_termijnen(&[gm("GM0534")], Some(other.id), date!(2027 - 12 - 31), 100)
            .await
            .unwrap(),
        vec![]
    );
    assert!(
        read.open_termijnen(&[], None, date!(2027 - 12 - 31), 100)
            .await
            .unwrap()
            .is_empty()
    );
    drop(read);

    // A new computation replaces the old; a changed intervention needs the version it read.
    let mut tx = store.begin().await.unwrap();
    let bezwaar_voldaan = TermijnRecord {
        voldaan: true,
        ..bezwaar.clone()
    };
    tx.replace_termijnen(first.id, &[zienswijze.clone(), bezwaar_voldaan.clone()])
        .await
        .unwrap();
    let changed = MaatregelRecord {
        status: "afgerond".into(),
        motivering: None,
        adressaten: vec![],
        versie: 2,
        ..first.clone()
    };
    assert!(tx.update_maatregel(&changed, 1).await.unwrap());
    assert!(
        !tx.update_maatregel(&changed, 1).await.unwrap(),
        "stale version"
    );
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.maatregel(first.id).await.unwrap(),
        Some(changed.clone())
    );
    assert_eq!(
        read.termijnen_van(dossier.id).await.unwrap(),
        vec![zienswijze.clone(), bezwaar_voldaan.clone()]
    );
    drop(read);

    // A handover moves the open interventions and every deadline of those dossiers.
    let mut read = store.begin_read().await.unwrap();
    let mut running = read.lopende_maatregelen_van(user).await.unwrap();
    running.sort_by_key(|m| m.id);
    let mut expected = vec![second.clone(), elsewhere.clone()];
    expected.sort_by_key(|m| m.id);
    assert_eq!(
        running, expected,
        "the running ones, not the finished first"
    );
    assert!(
        read.lopende_maatregelen_van(other.id)
            .await
            .unwrap()
            .is_empty()
    );
    drop(read);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.draag_maatregelen_over(&[dossier.id], user, other.id)
            .await
            .unwrap(),
        1,
        "only the open one (the first is finished)"
    );
    assert_eq!(
        tx.draag_maatregelen_over(&[], user, other.id)
            .await
            .unwrap(),
        0
    );
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.maatregel(second.id)
            .await
            .unwrap()
            .unwrap()
            .verantwoordelijke,
        other.id
    );
    assert_eq!(read.maatregel(second.id).await.unwrap().unwrap().versie, 2);
    assert_eq!(
        read.maatregel(first.id)
            .await
            .unwrap()
            .unwrap()
            .verantwoordelijke,
        user
    );
    assert!(
        read.termijnen_van(dossier.id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.verantwoordelijke == other.id)
    );
    assert_eq!(
        read.maatregel(elsewhere.id)
            .await
            .unwrap()
            .unwrap()
            .verantwoordelijke,
        user,
        "another dossier is left alone"
    );
    drop(read);

    // Destroying a dossier's content takes its interventions, steps and deadlines with it.
    let mut tx = store.begin().await.unwrap();
    tx.destroy_content(dossier.id).await.unwrap();
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert!(read.maatregelen_van(dossier.id).await.unwrap().is_empty());
    assert!(read.maatregel_stappen(first.id).await.unwrap().is_empty());
    assert!(read.termijnen_van(dossier.id).await.unwrap().is_empty());
    assert_eq!(
        read.maatregelen_van(lisse.id).await.unwrap(),
        vec![elsewhere]
    );
}
