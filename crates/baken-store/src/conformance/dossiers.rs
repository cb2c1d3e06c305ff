//! Conformance cases for dossiers: numbers, versions, the backlog's filters and paging, look-ups.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn dossiers_round_trip_with_numbers_and_versions(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let hillegom = GemeenteCode::parse("GM0534").unwrap();
    let lisse = GemeenteCode::parse("GM0553").unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.next_signaal_nummer(&hillegom, 2026).await.unwrap(), 1);
    assert_eq!(tx.next_signaal_nummer(&hillegom, 2026).await.unwrap(), 2);
    assert_eq!(
        tx.next_signaal_nummer(&lisse, 2026).await.unwrap(),
        1,
        "per municipality"
    );
    assert_eq!(
        tx.next_signaal_nummer(&hillegom, 2027).await.unwrap(),
        1,
        "per year"
    );
    let mut dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    dossier.fenomenen = vec![Fenomeen::Hennep, Fenomeen::Witwassen];
    tx.insert_dossier(&dossier).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.dossier(dossier.id).await.unwrap().as_ref(),
        Some(&dossier)
    );
    let mut changed = dossier.clone();
    changed.status = SignaalStatus::Intake;
    changed.toegewezen_aan = Some(user);
    changed.fenomenen = vec![Fenomeen::Drugslab];
    changed.herbeoordelen_op = Some(time::macros::date!(2027 - 03 - 01));
    changed.versie = 2;
    assert!(tx.update_dossier(&changed, 1).await.unwrap());
    assert!(
        !tx.update_dossier(&changed, 1).await.unwrap(),
        "a stale version is refused"
    );
    assert_eq!(
        tx.dossier(dossier.id).await.unwrap().as_ref(),
        Some(&changed)
    );
    assert_eq!(tx.dossier(Uuid::new_v4()).await.unwrap(), None);
}

pub async fn backlog_filters_and_keyset_paging(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let start = now() - Duration::days(10);
    let mut all = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for i in 0..7 {
        let mut d = sample_dossier(
            "GM0534",
            &format!("S-2026-{i:04}"),
            user,
            start + Duration::days(i),
        );
        if i % 2 == 0 {
            d.status = SignaalStatus::Weging;
            d.bron = Bron::Politie;
            d.fenomenen = vec![Fenomeen::Drugslab, Fenomeen::Witwassen];
            d.toegewezen_aan = Some(user);
        }
        tx.insert_dossier(&d).await.unwrap();
        all.push(d);
    }
    tx.insert_dossier(&sample_dossier("GM0553", "S-2026-0001", user, start))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let base = DossierFilter {
        gemeente: GemeenteCode::parse("GM0534").unwrap(),
        status: None,
        bron: None,
        fenomeen: None,
        toegewezen_aan: None,
        ontvangen_vanaf: None,
        ontvangen_tot: None,
        sort: DossierSort::NieuwsteEerst,
        na: None,
        limit: 3,
    };
    let mut tx = store.begin_read().await.unwrap();
    let numbers =
        |rows: &[DossierRecord]| rows.iter().map(|d| d.nummer.clone()).collect::<Vec<_>>();
    let page1 = tx.list_dossiers(&base).await.unwrap();
    assert_eq!(
        numbers(&page1),
        ["S-2026-0006", "S-2026-0005", "S-2026-0004"]
    );
    let last = page1.last().unwrap();
    let cursor = Some((last.sorteer_sleutel(), last.id));
    let page2 = tx
        .list_dossiers(&DossierFilter {
            na: cursor,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        numbers(&page2),
        ["S-2026-0003", "S-2026-0002", "S-2026-0001"]
    );
    let oldest = tx
        .list_dossiers(&DossierFilter {
            sort: DossierSort::OudsteEerst,
            limit: 2,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(numbers(&oldest), ["S-2026-0000", "S-2026-0001"]);

    let by_status = tx
        .list_dossiers(&DossierFilter {
            status: Some(SignaalStatus::Weging),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_status.len(), 4);
    let by_bron = tx
        .list_dossiers(&DossierFilter {
            bron: Some(Bron::Inwoner),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_bron.len(), 3);
    let by_fenomeen = tx
        .list_dossiers(&DossierFilter {
            fenomeen: Some(Fenomeen::Witwassen),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_fenomeen.len(), 4);
    let by_assignee = tx
        .list_dossiers(&DossierFilter {
            toegewezen_aan: Some(user),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_assignee.len(), 4);
    let by_date = tx
        .list_dossiers(&DossierFilter {
            ontvangen_vanaf: Some(all[2].ontvangstdatum),
            ontvangen_tot: Some(all[4].ontvangstdatum),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        numbers(&by_date),
        ["S-2026-0004", "S-2026-0003", "S-2026-0002"]
    );
    drop(tx);

    // The order is by the day received, not by the moment registered: a signal registered last
    // but received before all others is the oldest.
    let mut late = sample_dossier("GM0534", "S-2026-0007", user, now());
    late.ontvangstdatum = (start - Duration::days(5)).date();
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&late).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    let oldest = tx
        .list_dossiers(&DossierFilter {
            sort: DossierSort::OudsteEerst,
            limit: 2,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(numbers(&oldest), ["S-2026-0007", "S-2026-0000"]);
    let newest = tx
        .list_dossiers(&DossierFilter {
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        numbers(&newest).last().map(String::as_str),
        Some("S-2026-0007")
    );
    let first = &oldest[0];
    let after_first = tx
        .list_dossiers(&DossierFilter {
            sort: DossierSort::OudsteEerst,
            na: Some((first.sorteer_sleutel(), first.id)),
            limit: 1,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        numbers(&after_first),
        ["S-2026-0000"],
        "the cursor follows the same order"
    );
}

/// Several dossiers by id, persons by date-of-birth marker, access records in a period.
pub async fn lookups_by_ids_markers_and_periods(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let a = sample_dossier("GM0534", "S-2026-0001", user, now());
    let b = sample_dossier("GM0553", "S-2026-0001", user, now());
    let without_bsn = person("GM0534", None, "Jansen");
    let with_bsn = person("GM0553", Some("999900006"), "Jansen");
    let mut other = person("GM0534", None, "Jansen");
    if let Entiteit::Persoon { geboortedatum, .. } = &mut other.entiteit {
        *geboortedatum = Some(time::macros::date!(1980 - 01 - 01));
    }
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&a).await.unwrap();
    tx.insert_dossier(&b).await.unwrap();
    for e in [&without_bsn, &with_bsn, &other] {
        tx.insert_entiteit(e).await.unwrap();
    }
    let mut found: Vec<Uuid> = tx
        .dossiers_by_ids(&[a.id, b.id, Uuid::new_v4()])
        .await
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    found.sort();
    let mut both = vec![a.id, b.id];
    both.sort();
    assert_eq!(found, both, "unknown ids are left out");
    assert!(tx.dossiers_by_ids(&[]).await.unwrap().is_empty());
    let marker = baken_domain::entiteit::geboortekenmerk(time::macros::date!(1977 - 07 - 07));
    let mut born: Vec<Uuid> = tx
        .personen_met_kenmerk(&marker)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    born.sort();
    let mut expected = vec![without_bsn.id, with_bsn.id];
    expected.sort();
    assert_eq!(
        born, expected,
        "the same date of birth, in any municipality"
    );

    let t0 = now();
    for (n, dossier) in [(0, a.id), (10, b.id), (20, a.id)] {
        tx.append_access(&AccessRecord {
            id: Uuid::new_v4(),
            at: t0 + Duration::minutes(n),
            user,
            object_soort: "dossier".into(),
            object_id: dossier,
            dossier_id: Some(dossier),
            context: "test".into(),
            trace_id: None,
        })
        .await
        .unwrap();
    }
    let period = tx
        .access_between(t0 + Duration::minutes(5), t0 + Duration::minutes(25), 10)
        .await
        .unwrap();
    assert_eq!(
        period.iter().map(|r| r.object_id).collect::<Vec<_>>(),
        [b.id, a.id],
        "within the period, oldest first"
    );
    assert_eq!(
        tx.access_between(t0, t0 + Duration::minutes(30), 1)
            .await
            .unwrap()
            .len(),
        1
    );
    tx.commit().await.unwrap();
}

pub async fn join_requests_round_trip(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    let lisse = sample_dossier("GM0553", "S-2026-0001", user, now());
    let verzoek = |d: &DossierRecord, at: OffsetDateTime| ToegangsverzoekRecord {
        id: Uuid::new_v4(),
        dossier_id: d.id,
        gemeente: d.gemeente.clone(),
        gevraagd_door: user,
        gevraagd_op: at,
        reden: "Zelfde adres als mijn casus.".into(),
        besluit: None,
        beslist_door: None,
        beslist_op: None,
        motivering: None,
    };
    let first = verzoek(&dossier, now() - Duration::hours(1));
    let second = verzoek(&dossier, now());
    let elsewhere = verzoek(&lisse, now() - Duration::hours(2));
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.insert_dossier(&lisse).await.unwrap();
    for v in [&second, &first, &elsewhere] {
        tx.insert_toegangsverzoek(v).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.toegangsverzoeken(dossier.id).await.unwrap(),
        vec![first.clone(), second.clone()],
        "oldest first"
    );
    assert_eq!(
        tx.open_toegangsverzoeken(&[gm("GM0534")]).await.unwrap(),
        vec![first.clone(), second.clone()]
    );
    let decided = ToegangsverzoekRecord {
        besluit: Some("toegekend".into()),
        beslist_door: Some(user),
        beslist_op: Some(now()),
        motivering: Some("Werkt aan hetzelfde adres.".into()),
        ..first.clone()
    };
    assert!(tx.beslis_toegangsverzoek(&decided).await.unwrap());
    assert!(
        !tx.beslis_toegangsverzoek(&ToegangsverzoekRecord {
            besluit: Some("afgewezen".into()),
            ..decided.clone()
        })
        .await
        .unwrap(),
        "a decided request stays decided"
    );
    assert_eq!(
        tx.open_toegangsverzoeken(&[gm("GM0534"), gm("GM0553")])
            .await
            .unwrap(),
        vec![elsewhere.clone(), second.clone()]
    );
    assert_eq!(tx.toegangsverzoeken(dossier.id).await.unwrap()[0], decided);
    assert!(tx.open_toegangsverzoeken(&[]).await.unwrap().is_empty());
    tx.destroy_content(dossier.id).await.unwrap();
    assert!(tx.toegangsverzoeken(dossier.id).await.unwrap().is_empty());
    tx.commit().await.unwrap();
}

pub async fn dossiers_held_by_a_user(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let other = sample_user("o@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let third = sample_user("d@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let owned = sample_dossier("GM0534", "S-2026-0001", user, now() - Duration::hours(3));
    let assigned = DossierRecord {
        eigenaar: other.id,
        geregistreerd_door: other.id,
        team: vec![other.id],
        toegewezen_aan: Some(user),
        ..sample_dossier(
            "GM0534",
            "S-2026-0002",
            other.id,
            now() - Duration::hours(2),
        )
    };
    let member = DossierRecord {
        eigenaar: other.id,
        geregistreerd_door: other.id,
        team: vec![other.id, user],
        ..sample_dossier(
            "GM0534",
            "S-2026-0003",
            other.id,
            now() - Duration::hours(1),
        )
    };
    let not_mine = DossierRecord {
        eigenaar: other.id,
        geregistreerd_door: other.id,
        team: vec![other.id],
        ..sample_dossier("GM0534", "S-2026-0004", other.id, now())
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&other).await.unwrap();
    tx.insert_user(&third).await.unwrap();
    for d in [&owned, &assigned, &member, &not_mine] {
        tx.insert_dossier(d).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    let ids = |ds: Vec<DossierRecord>| ds.into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(
        ids(read.dossiers_van(user).await.unwrap()),
        vec![member.id, assigned.id, owned.id],
        "owner, assignee or team member; newest first"
    );
    assert_eq!(
        ids(read.dossiers_van(third.id).await.unwrap()),
        Vec::<Uuid>::new()
    );
    assert_eq!(read.dossiers_van(other.id).await.unwrap().len(), 3);
}
