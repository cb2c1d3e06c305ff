//! Conformance cases for the full-text search index.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn search_matches_all_terms_within_one_municipality(store: &dyn Store) {
    use baken_domain::dossier::Vertrouwelijkheid;
    let user = dossier_fixture(store).await;
    let hillegom = sample_dossier("GM0534", "S-2026-0001", user, now());
    let lisse = sample_dossier("GM0553", "S-2026-0001", user, now());
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&hillegom).await.unwrap();
    tx.insert_dossier(&lisse).await.unwrap();
    let entry = Uuid::new_v4();
    for (dossier, entry_id, class, text) in [
        (
            hillegom.id,
            None,
            Vertrouwelijkheid::Normaal,
            "Sterke geur van hennep bij de loods aan de Industrieweg",
        ),
        (
            hillegom.id,
            Some(entry),
            Vertrouwelijkheid::Bibob,
            "Bibob-advies over de exploitant van de loods",
        ),
        (
            lisse.id,
            None,
            Vertrouwelijkheid::Normaal,
            "Hennep op zolder, ramen dichtgeplakt",
        ),
    ] {
        tx.index_text(&SearchText {
            dossier_id: dossier,
            entry_id,
            vertrouwelijkheid: class,
            tekst: text.into(),
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    let terms = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let gm = GemeenteCode::parse("GM0534").unwrap();
    let hits = tx.search(&gm, &terms(&["hennep"]), None, 10).await.unwrap();
    assert_eq!(hits.len(), 1, "only this municipality");
    assert_eq!(hits[0].dossier, hillegom, "the dossier comes with the hit");
    assert_eq!(
        (hits[0].entry_id, hits[0].vertrouwelijkheid),
        (None, Vertrouwelijkheid::Normaal)
    );
    let both = tx.search(&gm, &terms(&["loods"]), None, 10).await.unwrap();
    assert_eq!(both.len(), 2);
    assert_eq!(
        (both[0].entry_id, both[0].vertrouwelijkheid),
        (Some(entry), Vertrouwelijkheid::Bibob),
        "newest first, and the class comes with the hit"
    );
    let first_page = tx.search(&gm, &terms(&["loods"]), None, 1).await.unwrap();
    assert_eq!(first_page, both[..1].to_vec());
    let second_page = tx
        .search(&gm, &terms(&["loods"]), Some(first_page[0].cursor), 1)
        .await
        .unwrap();
    assert_eq!(second_page, both[1..].to_vec(), "the cursor continues");
    assert!(
        tx.search(&gm, &terms(&["loods"]), Some(both[1].cursor), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        tx.search(&gm, &terms(&["hennep", "exploitant"]), None, 10)
            .await
            .unwrap()
            .len(),
        0,
        "every term must match one text"
    );
    for hostile in [
        "\"; DROP TABLE dossiers; --",
        "gemeente_code",
        "GM0553",
        "hennep OR zolder",
        "*",
    ] {
        assert!(
            tx.search(&gm, &terms(&[hostile]), None, 10)
                .await
                .unwrap()
                .iter()
                .all(|h| h.dossier.gemeente == gm),
            "query syntax is inert: {hostile}"
        );
    }
    assert!(
        tx.search(&gm, &terms(&["\"; DROP TABLE dossiers; --"]), None, 10)
            .await
            .unwrap()
            .is_empty(),
    );
    assert!(
        tx.search(&gm, &terms(&["GM0534"]), None, 10)
            .await
            .unwrap()
            .is_empty(),
        "the municipality code is not text"
    );
    assert!(tx.search(&gm, &[], None, 10).await.unwrap().is_empty());
}
