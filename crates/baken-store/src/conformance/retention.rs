//! Conformance cases for retention: closing, holds, destruction and anonymisation.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

/// Closing, holds, destruction and anonymisation per dossier, and the destruction records.
pub async fn retention_destroys_and_anonymises_per_dossier(store: &dyn Store) {
    use baken_domain::dossier::Vertrouwelijkheid;
    let user = dossier_fixture(store).await;
    let doomed = sample_dossier("GM0534", "S-2026-0001", user, now());
    let kept = sample_dossier("GM0534", "S-2026-0002", user, now() + Duration::seconds(1));
    let anon = sample_dossier("GM0534", "S-2026-0003", user, now() + Duration::seconds(2));
    let shared = person("GM0534", Some("999900006"), "Jansen");
    let only_doomed = person("GM0534", None, "Pietersen");
    let mut tx = store.begin().await.unwrap();
    for d in [&doomed, &kept, &anon] {
        tx.insert_dossier(d).await.unwrap();
        tx.index_text(&SearchText {
            dossier_id: d.id,
            entry_id: None,
            vertrouwelijkheid: Vertrouwelijkheid::Normaal,
            tekst: format!("zolderkwekerij {}", d.nummer),
        })
        .await
        .unwrap();
    }
    tx.insert_entiteit(&shared).await.unwrap();
    tx.insert_entiteit(&only_doomed).await.unwrap();
    for (d, e) in [
        (doomed.id, shared.id),
        (doomed.id, only_doomed.id),
        (kept.id, shared.id),
        (anon.id, shared.id),
    ] {
        tx.link_entiteit(&link_of(d, e, user)).await.unwrap();
    }
    let chain = ChainRecord {
        dossier_id: doomed.id,
        volgnummer: 1,
        entry_id: Uuid::new_v4(),
        content_hash: vec![1; 32],
        link_hash: vec![2; 32],
        handtekening: vec![3; 64],
        geregistreerd_op: now(),
    };
    tx.insert_journal(&chain, b"{\"tekst\":\"geheim\"}")
        .await
        .unwrap();
    let closed = now();
    tx.set_afgesloten(doomed.id, "geen-actie", closed)
        .await
        .unwrap();
    tx.set_afgesloten(anon.id, "geen-actie", closed)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let mut open: Vec<Uuid> = tx
        .bewaring_open()
        .await
        .unwrap()
        .iter()
        .map(|b| b.dossier_id)
        .collect();
    open.sort();
    let mut expected = vec![doomed.id, anon.id];
    expected.sort();
    assert_eq!(
        open, expected,
        "closed and not yet handled; the open one not"
    );
    let record = tx.bewaring(doomed.id).await.unwrap().unwrap();
    assert_eq!(record.uitkomst.as_deref(), Some("geen-actie"));
    assert_eq!(record.afgesloten_op, Some(closed));
    assert_eq!(record.nummer, "S-2026-0001");
    assert_eq!(record.gemeente.as_str(), "GM0534");
    assert_eq!(
        tx.bewaring(kept.id).await.unwrap().and_then(|b| b.uitkomst),
        None
    );

    // A legal hold is set and lifted.
    tx.set_blokkade(anon.id, Some("Bezwaar loopt"), Some(user), now())
        .await
        .unwrap();
    assert_eq!(
        tx.bewaring(anon.id)
            .await
            .unwrap()
            .unwrap()
            .blokkade_reden
            .as_deref(),
        Some("Bezwaar loopt")
    );
    tx.set_blokkade(anon.id, None, Some(user), now())
        .await
        .unwrap();
    assert_eq!(
        tx.bewaring(anon.id).await.unwrap().unwrap().blokkade_reden,
        None
    );

    // Destruction: content, search texts, links and the entities no other dossier needs.
    let done = tx.destroy_content(doomed.id).await.unwrap();
    assert_eq!(done.journaalinhoud, 1);
    assert_eq!(done.zoekteksten, 1);
    assert_eq!(done.koppelingen, 2);
    assert_eq!(done.entiteiten, 1, "the person of the kept dossier stays");
    assert!(done.bijlagen.is_empty());
    let journal = tx.journal(doomed.id).await.unwrap();
    assert_eq!(journal.len(), 1, "the chain row stays");
    assert_eq!(journal[0].canoniek, None, "its content is gone");
    let destroyed = tx.dossier(doomed.id).await.unwrap().unwrap();
    assert!(destroyed.omschrijving.is_empty() && destroyed.indicatoren.is_none());
    assert!(tx.entiteit(only_doomed.id).await.unwrap().is_none());
    assert!(tx.entiteit(shared.id).await.unwrap().is_some());
    let gm = GemeenteCode::parse("GM0534").unwrap();
    let hits: Vec<Uuid> = tx
        .search(&gm, &["zolderkwekerij".into()], None, 10)
        .await
        .unwrap()
        .iter()
        .map(|h| h.dossier.id)
        .collect();
    assert!(
        !hits.contains(&doomed.id) && hits.contains(&kept.id),
        "{hits:?}"
    );

    // Anonymisation: links and the reporter, not the content.
    let done = tx.anonymise(anon.id).await.unwrap();
    assert_eq!((done.koppelingen, done.entiteiten), (1, 0));
    let anonymised = tx.dossier(anon.id).await.unwrap().unwrap();
    assert_eq!(anonymised.melder_naam, None);
    assert_eq!(anonymised.omschrijving, anon.omschrijving);
    assert!(tx.dossier_entiteiten(anon.id).await.unwrap().is_empty());

    tx.set_afgehandeld(doomed.id, "vernietigd").await.unwrap();
    tx.set_afgehandeld(anon.id, "geanonimiseerd").await.unwrap();
    assert!(tx.bewaring_open().await.unwrap().is_empty(), "handled");
    assert_eq!(
        tx.bewaring(doomed.id)
            .await
            .unwrap()
            .unwrap()
            .afgehandeld
            .as_deref(),
        Some("vernietigd")
    );

    // Destruction records, newest first, per batch.
    let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
    for (n, (batch, d)) in [(first, &doomed), (second, &anon)].into_iter().enumerate() {
        tx.insert_vernietiging(&VernietigingRecord {
            id: Uuid::new_v4(),
            batch_id: batch,
            dossier_id: d.id,
            nummer: d.nummer.clone(),
            gemeente: d.gemeente.clone(),
            soort: "signaal".into(),
            uitkomst: "geen-actie".into(),
            afgesloten_op: closed,
            regel: "ccv: signaal geen-actie P1Y vernietigen".into(),
            actie: "vernietigd".into(),
            uitgevoerd_op: now() + Duration::seconds(n as i64),
            uitgevoerd_door: "systeem".into(),
        })
        .await
        .unwrap();
    }
    let all = tx.vernietigingen(None, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|v| v.batch_id).collect::<Vec<_>>(),
        [second, first],
        "newest first"
    );
    let one = tx.vernietigingen(Some(first), 10).await.unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].nummer, "S-2026-0001");
    assert_eq!(tx.vernietigingen(None, 1).await.unwrap().len(), 1);
    tx.commit().await.unwrap();
}
