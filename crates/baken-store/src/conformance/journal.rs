//! Conformance cases for journal rows and chain heads, attachments.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn journal_rows_and_heads(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.lock_dossier(dossier.id).await.unwrap();
    assert_eq!(tx.last_chain(dossier.id).await.unwrap(), None);
    let mut rows = Vec::new();
    for n in 1..=3 {
        let chain = ChainRecord {
            dossier_id: dossier.id,
            volgnummer: n,
            entry_id: Uuid::new_v4(),
            content_hash: vec![n as u8; 32],
            link_hash: vec![100 + n as u8; 32],
            handtekening: vec![n as u8; 64],
            geregistreerd_op: now(),
        };
        let content = format!("{{\"n\":{n}}}").into_bytes();
        tx.insert_journal(&chain, &content).await.unwrap();
        rows.push(JournalRow {
            chain,
            canoniek: Some(content),
        });
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.journal(dossier.id).await.unwrap(), rows);
    assert_eq!(
        tx.last_chain(dossier.id).await.unwrap().as_ref(),
        Some(&rows[2].chain)
    );
    assert_eq!(tx.journal_dossiers().await.unwrap(), vec![dossier.id]);
    let duplicate = ChainRecord {
        entry_id: Uuid::new_v4(),
        ..rows[2].chain.clone()
    };
    assert!(
        matches!(
            tx.insert_journal(&duplicate, b"{}").await.unwrap_err(),
            StoreError::Conflict(_)
        ),
        "a sequence number is used once"
    );
    drop(tx);

    let mut tx = store.begin().await.unwrap();
    let mut head = HeadRecord {
        dossier_id: dossier.id,
        volgnummer: 2,
        link_hash: vec![1; 32],
        handtekening: vec![2; 64],
        sleutel_id: "k1".into(),
        getekend_op: now(),
    };
    tx.put_head(&head).await.unwrap();
    head.volgnummer = 3;
    head.link_hash = vec![3; 32];
    tx.put_head(&head).await.unwrap();
    assert_eq!(tx.head(dossier.id).await.unwrap().as_ref(), Some(&head));
    assert_eq!(tx.heads().await.unwrap(), vec![head]);
}

pub async fn attachments_round_trip(store: &dyn Store) {
    use baken_domain::dossier::Vertrouwelijkheid;
    let user = dossier_fixture(store).await;
    let dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    let bijlage = BijlageRecord {
        id: Uuid::new_v4(),
        dossier_id: dossier.id,
        bestandsnaam: "foto voorgevel.jpg".into(),
        mediatype: "image/jpeg".into(),
        grootte: 123_456,
        sha256: vec![7; 32],
        sleutel: Some(vec![1; 72]),
        sleutel_id: "m1".into(),
        nonce_prefix: vec![2; 19],
        vertrouwelijkheid: Vertrouwelijkheid::Vertrouwelijk,
        aangemaakt_op: now(),
        aangemaakt_door: user,
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.insert_bijlage(&bijlage).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.bijlage(bijlage.id).await.unwrap().as_ref(),
        Some(&bijlage)
    );
    assert_eq!(
        tx.dossier_bijlagen(dossier.id).await.unwrap(),
        vec![bijlage]
    );
    assert_eq!(tx.bijlage(Uuid::new_v4()).await.unwrap(), None);
}
