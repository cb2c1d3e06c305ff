//! Conformance cases of the consultations aggregate.

use super::*;
use baken_domain::protocol::Wijze;

/// Consultations stored and read back by id and per dossier (newest first, only the dossier's
/// own), a follow-up pointing at its hit; destroyed with the dossier's content.
pub async fn consultations_round_trip(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let at = now();
    let signaal = sample_dossier("GM0534", "S-2026-0001", user, at);
    let ander = sample_dossier("GM0534", "S-2026-0002", user, at);
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&signaal).await.unwrap();
    tx.insert_dossier(&ander).await.unwrap();
    let hit = BronraadplegingRecord {
        id: Uuid::new_v4(),
        dossier_id: signaal.id,
        entiteit_id: Some(Uuid::new_v4()),
        bron: "kvk".into(),
        doel: "Vaststellen van de onderneming".into(),
        stap: Wijze::HitNoHit,
        hit: true,
        journaal_id: Uuid::new_v4(),
        vervolg_op: None,
        door: user,
        op: at,
    };
    let inhoud = BronraadplegingRecord {
        id: Uuid::new_v4(),
        stap: Wijze::Inhoud,
        journaal_id: Uuid::new_v4(),
        vervolg_op: Some(hit.id),
        op: at + Duration::seconds(1),
        ..hit.clone()
    };
    let elders = BronraadplegingRecord {
        id: Uuid::new_v4(),
        dossier_id: ander.id,
        entiteit_id: None,
        bron: "brp".into(),
        hit: false,
        ..hit.clone()
    };
    for r in [&hit, &inhoud, &elders] {
        tx.insert_bronraadpleging(r).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.bronraadpleging(hit.id).await.unwrap(),
        Some(hit.clone())
    );
    assert_eq!(read.bronraadpleging(Uuid::new_v4()).await.unwrap(), None);
    assert_eq!(
        read.bronraadplegingen(signaal.id).await.unwrap(),
        vec![inhoud.clone(), hit.clone()]
    );
    assert_eq!(
        read.bronraadplegingen(ander.id).await.unwrap(),
        vec![elders.clone()]
    );
    drop(read);

    let mut tx = store.begin().await.unwrap();
    tx.destroy_content(signaal.id).await.unwrap();
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert!(read.bronraadplegingen(signaal.id).await.unwrap().is_empty());
    assert_eq!(
        read.bronraadplegingen(ander.id).await.unwrap(),
        vec![elders]
    );
}
