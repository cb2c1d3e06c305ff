//! Conformance cases for requests of data subjects.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

/// Requests of data subjects: stored and changed, with restrictions and confirmed identities;
/// found for retention by the moment they were answered; removed with all their parts.
pub async fn requests_round_trip_and_retention(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let gemeente = GemeenteCode::parse("GM0534").unwrap();
    let request = |soort: &str, beantwoord_op: Option<OffsetDateTime>| VerzoekRecord {
        id: Uuid::new_v4(),
        soort: soort.into(),
        betrokkene: format!("pseudoniem-{soort}"),
        betrokkene_type: "BSN".into(),
        ontvangen_op: now().date() - Duration::days(40),
        termijn_tot: now().date() - Duration::days(10),
        geregistreerd_door: user,
        geregistreerd_op: now() - Duration::days(40),
        beantwoord_op,
        gemeente: Some(gemeente.clone()),
        entiteit_id: Some(Uuid::new_v4()),
        toelichting: Some("Brief".into()),
        verlengd_op: None,
        verlenging_motivering: None,
        besluit: None,
        besluit_motivering: None,
    };
    let old = request("wissing", Some(now() - Duration::days(800)));
    let older = request("inzage", Some(now() - Duration::days(900)));
    let recent = request("bezwaar", Some(now() - Duration::days(5)));
    let open = request("rectificatie", None);
    let mut tx = store.begin().await.unwrap();
    for r in [&old, &older, &recent, &open] {
        tx.insert_verzoek(r).await.unwrap();
    }
    let mut decided = old.clone();
    decided.besluit = Some("deels-toegewezen".into());
    decided.besluit_motivering = Some("Lopend onderzoek".into());
    tx.update_verzoek(&decided).await.unwrap();
    let beperking = BeperkingRecord {
        id: Uuid::new_v4(),
        verzoek_id: old.id,
        dossier_id: Uuid::new_v4(),
        journaalpost_id: None,
        grond: "h".into(),
        motivering: "Toezicht".into(),
        herbeoordeling: now().date() + Duration::days(30),
        vastgelegd_door: user,
        vastgelegd_op: now(),
        herbeoordeeld_op: None,
        herbeoordeling_motivering: None,
        opgeheven_op: None,
    };
    tx.insert_beperking(&beperking).await.unwrap();
    let identity = Uuid::new_v4();
    tx.insert_verzoek_identiteit(old.id, identity, user, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.verzoek(old.id).await.unwrap(), Some(decided.clone()));
    assert_eq!(
        tx.beperkingen(old.id).await.unwrap(),
        vec![beperking.clone()]
    );
    assert_eq!(
        tx.verzoek_identiteiten(old.id).await.unwrap(),
        vec![identity]
    );
    let herbeoordeling = now().date() + Duration::days(30);
    assert_eq!(
        tx.beperkingen_te_herbeoordelen(std::slice::from_ref(&gemeente), herbeoordeling)
            .await
            .unwrap(),
        vec![beperking.clone()],
        "due on its re-evaluation date"
    );
    assert!(
        tx.beperkingen_te_herbeoordelen(
            std::slice::from_ref(&gemeente),
            herbeoordeling - Duration::days(1)
        )
        .await
        .unwrap()
        .is_empty()
    );
    assert!(
        tx.beperkingen_te_herbeoordelen(&[GemeenteCode::parse("GM0553").unwrap()], herbeoordeling)
            .await
            .unwrap()
            .is_empty(),
        "another municipality's requests"
    );
    drop(tx);
    // Kept with a later date, then lifted: a lifted restriction is never due again.
    let mut kept = beperking.clone();
    kept.herbeoordeling = herbeoordeling + Duration::days(60);
    kept.herbeoordeeld_op = Some(now());
    kept.herbeoordeling_motivering = Some("Onderzoek loopt nog.".into());
    let mut tx = store.begin().await.unwrap();
    tx.update_beperking(&kept).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.beperkingen(old.id).await.unwrap(), vec![kept.clone()]);
    assert!(
        tx.beperkingen_te_herbeoordelen(std::slice::from_ref(&gemeente), herbeoordeling)
            .await
            .unwrap()
            .is_empty()
    );
    drop(tx);
    let mut lifted = kept.clone();
    lifted.opgeheven_op = Some(now());
    let mut tx = store.begin().await.unwrap();
    tx.update_beperking(&lifted).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.beperkingen(old.id).await.unwrap(), vec![lifted]);
    assert!(
        tx.beperkingen_te_herbeoordelen(
            std::slice::from_ref(&gemeente),
            herbeoordeling + Duration::days(365)
        )
        .await
        .unwrap()
        .is_empty()
    );
    let due = tx
        .verzoeken_beantwoord_voor(now() - Duration::days(730))
        .await
        .unwrap();
    assert_eq!(
        due.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![older.id, old.id],
        "answered more than two years ago, oldest first; never the open one"
    );
    drop(tx);

    let mut tx = store.begin().await.unwrap();
    tx.delete_verzoek(old.id).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.verzoek(old.id).await.unwrap(), None);
    assert!(tx.beperkingen(old.id).await.unwrap().is_empty());
    assert!(tx.verzoek_identiteiten(old.id).await.unwrap().is_empty());
    assert_eq!(
        tx.verzoeken(&[gemeente]).await.unwrap().len(),
        3,
        "the others stay"
    );
}
