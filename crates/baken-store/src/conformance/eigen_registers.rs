//! Conformance cases for the municipalities' own registers.

use super::*;
use baken_domain::eigen_register::{EigenRij, RijAdres};

fn rij(gemeente: &str, bron: &str, rij_id: &str) -> EigenRij {
    let gemeente = GemeenteCode::parse(gemeente).unwrap();
    EigenRij {
        id: format!("{}{rij_id}", EigenRij::scope(&gemeente, bron)),
        gemeente,
        bron: bron.into(),
        rij_id: rij_id.into(),
        adres: Some(RijAdres {
            postcode: "2161AB".into(),
            huisnummer: 12,
            huisletter: String::new(),
            toevoeging: "BIS".into(),
        }),
        kvk_nummer: Some("69599084".into()),
        bsn: Some("111222333".into()),
        naam_sleutel: Some("sven de proef".into()),
        velden: vec![
            ("Soort".into(), "Exploitatievergunning".into()),
            ("Verleend op".into(), "2021-05-01".into()),
        ],
    }
}

/// Rows stored, found by each key within one municipality's register of one source only,
/// walked by id, counted per source, replaced and removed.
pub async fn own_registers_round_trip(store: &dyn Store) {
    let lisse = GemeenteCode::parse("GM0553").unwrap();
    let hillegom = GemeenteCode::parse("GM0534").unwrap();
    let a = rij("GM0553", "vergunningen", "V-1");
    let mut b = rij("GM0553", "vergunningen", "V-2");
    b.adres = None;
    b.kvk_nummer = None;
    b.bsn = None;
    let other_source = rij("GM0553", "woz", "W-1");
    let other_municipality = rij("GM0534", "vergunningen", "V-1");
    let objecten: Vec<RegisterObject> = [&a, &b, &other_source, &other_municipality]
        .into_iter()
        .map(|r| RegisterObject::Eigen(r.clone()))
        .collect();
    let mut tx = store.begin().await.unwrap();
    let rows: Vec<(&RegisterObject, &str)> = objecten.iter().map(|o| (o, "e1")).collect();
    tx.register_schrijf(&rows).await.unwrap();
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    let adres = |huisletter, toevoeging| {
        EigenVraag::Adres(BagAdresVraag {
            postcode: "2161AB",
            huisnummer: 12,
            huisletter,
            toevoeging,
        })
    };
    assert_eq!(
        read.eigen_rijen(&lisse, "vergunningen", adres(Some(""), Some("bis")), 10)
            .await
            .unwrap(),
        vec![a.clone()]
    );
    assert!(
        read.eigen_rijen(&lisse, "vergunningen", adres(Some(""), Some("")), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        read.eigen_rijen(&lisse, "vergunningen", EigenVraag::Kvk("69599084"), 10)
            .await
            .unwrap(),
        vec![a.clone()]
    );
    assert_eq!(
        read.eigen_rijen(&lisse, "vergunningen", EigenVraag::Bsn("111222333"), 10)
            .await
            .unwrap(),
        vec![a.clone()]
    );
    let by_name = read
        .eigen_rijen(
            &lisse,
            "vergunningen",
            EigenVraag::Naam("sven de proef"),
            10,
        )
        .await
        .unwrap();
    assert_eq!(by_name, vec![a.clone(), b.clone()]);
    assert_eq!(
        read.eigen_rijen(&lisse, "vergunningen", EigenVraag::Naam("sven de proef"), 1)
            .await
            .unwrap()
            .len(),
        1
    );
    // Another municipality's register of the same source is another register.
    assert_eq!(
        read.eigen_rijen(&hillegom, "vergunningen", EigenVraag::Kvk("69599084"), 10)
            .await
            .unwrap(),
        vec![other_municipality.clone()]
    );
    assert!(
        read.eigen_rijen(&hillegom, "woz", EigenVraag::Kvk("69599084"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        read.eigen_bronnen(&lisse).await.unwrap(),
        vec![("vergunningen".to_string(), 2), ("woz".to_string(), 1)]
    );
    assert_eq!(
        read.eigen_ids(&lisse, "vergunningen", None, 10)
            .await
            .unwrap(),
        [a.id.clone(), b.id.clone()]
    );
    assert_eq!(
        read.eigen_ids(&lisse, "vergunningen", Some(&a.id), 10)
            .await
            .unwrap(),
        [b.id.clone()]
    );
    assert_eq!(
        read.register_aantal(RegisterSoort::EigenRij).await.unwrap(),
        4
    );
    let mut hashes = read
        .register_hashes(RegisterSoort::EigenRij, &[a.id.as_str(), "GM0553/woz/X"])
        .await
        .unwrap();
    hashes.sort();
    assert_eq!(hashes, vec![(a.id.clone(), "e1".to_string())]);
    drop(read);

    let mut changed = a.clone();
    changed.velden[0].1 = "Drank- en horecavergunning".into();
    let changed_object = RegisterObject::Eigen(changed.clone());
    let mut tx = store.begin().await.unwrap();
    tx.register_schrijf(&[(&changed_object, "e2")])
        .await
        .unwrap();
    assert_eq!(
        tx.register_verwijder(RegisterSoort::EigenRij, &[b.id.clone()])
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.eigen_rijen(
            &lisse,
            "vergunningen",
            EigenVraag::Naam("sven de proef"),
            10
        )
        .await
        .unwrap(),
        vec![changed]
    );
    assert_eq!(
        read.eigen_bronnen(&hillegom).await.unwrap(),
        vec![("vergunningen".to_string(), 1)]
    );
}
