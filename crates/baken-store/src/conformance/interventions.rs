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
        gevaar: None,
        bibob_grond: None,
        bedrag_cent: None,
        geregistreerd_op: now(),
        geregistreerd_door: user,
    };
    // What a step establishes beyond its date reads back as written: a Bibob conclusion on
    // the decision's day (the store does not check the procedure) and an amount.
    let besluit = MaatregelStapRecord {
        gevaar: Some("ernstig".into()),
        bibob_grond: Some("a-en-b".into()),
        bedrag_cent: Some(250_050),
        ..stap(&first, "besluit", date!(2026 - 12 - 17))
    };
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
        read.dossier_maatregel_stappen(dossier.id).await.unwrap(),
        vec![voornemen.clone(), besluit.clone(), uitspraak.clone()],
        "every intervention's steps of the dossier, in the order they happened"
    );
    assert!(
        read.dossier_maatregel_stappen(lisse.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        read.termijnen_van(dossier.id).await.unwrap(),
        vec![zienswijze.clone(), begunstiging.clone(), bezwaar.clone()]
    );
    // Open deadlines: met ones left out, up to the day given, per municipality, earliest first.
    let open = |gemeenten: &'static [&'static str], tot: time::Date, limit: i64| {
        let gemeenten: Vec<GemeenteCode> = gemeenten.iter().map(|g| gm(g)).collect();
        (gemeenten, tot, limit)
    };
    fn query(q: &(Vec<GemeenteCode>, time::Date, i64)) -> OpenTermijnen<'_> {
        OpenTermijnen {
            gemeenten: &q.0[..],
            verantwoordelijke: None,
            tot: q.1,
            na: None,
            limit: q.2,
        }
    }
    let hillegom = open(&["GM0534"], date!(2027 - 12 - 31), 100);
    let termijnen =
        |v: Vec<OpenTermijnRecord>| v.into_iter().map(|r| r.termijn).collect::<Vec<_>>();
    // Each line carries its dossier's number, kind and access facts and its intervention's
    // instrument and catalogue version.
    let eerste = read
        .open_termijnen(&query(&hillegom))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(eerste.dossier_nummer, dossier.nummer);
    assert_eq!(eerste.dossier_soort, dossier.soort);
    assert_eq!(eerste.dossier, dossier.facts());
    assert_eq!(
        eerste.instrument,
        Some((first.instrument.clone(), first.catalogus_versie.clone()))
    );
    assert_eq!(
        termijnen(read.open_termijnen(&query(&hillegom)).await.unwrap()),
        vec![begunstiging.clone(), bezwaar.clone()]
    );
    assert_eq!(
        read.open_termijnen(&query(&open(&["GM0534"], date!(2027 - 01 - 10), 100)))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.termijn)
            .collect::<Vec<_>>(),
        vec![begunstiging.clone()]
    );
    let beide = open(&["GM0534", "GM0553"], date!(2027 - 12 - 31), 2);
    assert_eq!(
        termijnen(read.open_termijnen(&query(&beide)).await.unwrap()),
        vec![lisse_termijn.clone(), begunstiging.clone()]
    );
    // Page by page after a cursor (last day, then id): the next page starts after the last line.
    assert_eq!(
        read.open_termijnen(&OpenTermijnen {
            na: Some((begunstiging.einddatum, begunstiging.id)),
            ..query(&beide)
        })
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.termijn)
        .collect::<Vec<_>>(),
        vec![bezwaar.clone()]
    );
    assert_eq!(
        read.open_termijnen(&OpenTermijnen {
            na: Some((lisse_termijn.einddatum, lisse_termijn.id)),
            limit: 1,
            ..query(&beide)
        })
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.termijn)
        .collect::<Vec<_>>(),
        vec![begunstiging.clone()]
    );
    // On the same last day, by id: a cursor before or after the line's own id.
    let voor = Uuid::nil();
    let na = Uuid::max();
    assert_eq!(
        read.open_termijnen(&OpenTermijnen {
            na: Some((bezwaar.einddatum, voor)),
            ..query(&hillegom)
        })
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.termijn)
        .collect::<Vec<_>>(),
        vec![bezwaar.clone()]
    );
    assert_eq!(
        read.open_termijnen(&OpenTermijnen {
            na: Some((bezwaar.einddatum, na)),
            ..query(&hillegom)
        })
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.termijn)
        .collect::<Vec<_>>(),
        vec![]
    );
    assert_eq!(
        read.open_termijnen(&OpenTermijnen {
            verantwoordelijke: Some(other.id),
            ..query(&hillegom)
        })
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.termijn)
        .collect::<Vec<_>>(),
        vec![]
    );
    assert_eq!(
        read.open_termijnen(&OpenTermijnen {
            verantwoordelijke: Some(user),
            na: Some((begunstiging.einddatum, begunstiging.id)),
            ..query(&hillegom)
        })
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.termijn)
        .collect::<Vec<_>>(),
        vec![bezwaar.clone()]
    );
    assert!(
        read.open_termijnen(&query(&open(&[], date!(2027 - 12 - 31), 100)))
            .await
            .unwrap()
            .is_empty()
    );
    // Interventions by id: unknown ids left out, any number of ids.
    let mut found = read
        .maatregelen_by_ids(&[first.id, Uuid::new_v4(), elsewhere.id])
        .await
        .unwrap();
    found.sort_by_key(|m| m.nummer.clone() + m.gemeente.as_str());
    let mut expected = vec![first.clone(), elsewhere.clone()];
    expected.sort_by_key(|m| m.nummer.clone() + m.gemeente.as_str());
    assert_eq!(found, expected);
    let many: Vec<Uuid> = (0..1200)
        .map(|_| Uuid::new_v4())
        .chain([second.id])
        .collect();
    assert_eq!(
        read.maatregelen_by_ids(&many).await.unwrap(),
        vec![second.clone()]
    );
    assert!(read.maatregelen_by_ids(&[]).await.unwrap().is_empty());
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

/// Catalogue versions: per municipality, latest adoption first, a version number once, and the
/// table refuses changes.
pub async fn catalogue_versions(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let version =
        |gemeente: &str, versie: &str, vastgesteld: time::Date, loaded| CatalogusVersieRecord {
            id: Uuid::new_v4(),
            gemeente: gm(gemeente),
            versie: versie.into(),
            vastgesteld_op: vastgesteld,
            tekst: format!("[catalogus]\nversie = \"{versie}\"\n"),
            sha256: "cd".repeat(32),
            geladen_op: loaded,
            geladen_door: Some(user),
        };
    let first = version("GM0534", "2026.1", date!(2026 - 01 - 01), now());
    let second = version(
        "GM0534",
        "2027.1",
        date!(2027 - 01 - 01),
        now() - Duration::days(1),
    );
    let lisse = CatalogusVersieRecord {
        geladen_door: None,
        ..version("GM0553", "2026.1", date!(2026 - 01 - 01), now())
    };
    let mut tx = store.begin().await.unwrap();
    for v in [&first, &second, &lisse] {
        tx.insert_catalogus(v).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.catalogus_versies(&gm("GM0534")).await.unwrap(),
        vec![second.clone(), first.clone()],
        "latest adoption date first, whatever the loading order"
    );
    assert_eq!(
        read.catalogus_versies(&gm("GM0553")).await.unwrap(),
        vec![lisse]
    );
    assert!(
        read.catalogus_versies(&gm("GM0394"))
            .await
            .unwrap()
            .is_empty()
    );
    drop(read);
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_catalogus(&CatalogusVersieRecord {
            id: Uuid::new_v4(),
            ..first.clone()
        })
        .await
        .unwrap_err(),
        StoreError::Conflict(_)
    ));
}
