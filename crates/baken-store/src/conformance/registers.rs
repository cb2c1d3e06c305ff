//! Conformance cases for the local registers (the BAG).

use super::*;
use baken_domain::bag::*;

fn woonplaats(id: &str, naam: &str) -> BagObject {
    BagObject::Woonplaats(Woonplaats {
        id: id.into(),
        naam: naam.into(),
        status: "Woonplaats aangewezen".into(),
    })
}

fn straat(id: &str, naam: &str, woonplaats: &str) -> BagObject {
    BagObject::OpenbareRuimte(OpenbareRuimte {
        id: id.into(),
        naam: naam.into(),
        woonplaats: woonplaats.into(),
        status: "Naamgeving uitgegeven".into(),
    })
}

fn adres(
    id: &str,
    huisnummer: u32,
    letter: Option<&str>,
    toevoeging: Option<&str>,
) -> Nummeraanduiding {
    Nummeraanduiding {
        id: id.into(),
        postcode: Some("2161AB".into()),
        huisnummer,
        huisletter: letter.map(Into::into),
        toevoeging: toevoeging.map(Into::into),
        openbare_ruimte: "0553300000000001".into(),
        woonplaats: None,
        status: "Naamgeving uitgegeven".into(),
    }
}

/// Objects of every type stored, found by exact address with their street, place, object and
/// building; replaced by id; walked in order; removed.
pub async fn bag_register_round_trip(store: &dyn Store) {
    let twaalf = adres("0553200000000012", 12, None, None);
    let twaalf_a = adres("0553200000000013", 12, Some("A"), None);
    let twaalf_a_bis = adres("0553200000000014", 12, Some("A"), Some("BIS"));
    // In another woonplaats than its street's.
    let mut dertien = adres("0553200000000015", 13, None, None);
    dertien.woonplaats = Some("3000".into());
    let object = Adresseerbaar {
        id: "0553010000000012".into(),
        soort: Soort::Verblijfsobject,
        hoofdadres: twaalf.id.clone(),
        nevenadressen: vec![twaalf_a.id.clone()],
        gebruiksdoelen: vec!["woonfunctie".into(), "winkelfunctie".into()],
        oppervlakte: Some(142),
        punt: Some((96251.25, 478124.5)),
        panden: vec!["0553100000000001".into(), "0553100000000002".into()],
        status: "Verblijfsobject in gebruik".into(),
    };
    let pand = Pand {
        id: "0553100000000001".into(),
        bouwjaar: Some(1926),
        status: "Pand in gebruik".into(),
    };
    let objecten = vec![
        woonplaats("2459", "Lisse"),
        woonplaats("3000", "De Engel"),
        straat("0553300000000001", "Heereweg", "2459"),
        BagObject::Nummeraanduiding(twaalf.clone()),
        BagObject::Nummeraanduiding(twaalf_a.clone()),
        BagObject::Nummeraanduiding(twaalf_a_bis.clone()),
        BagObject::Nummeraanduiding(dertien.clone()),
        BagObject::Adresseerbaar(object.clone()),
        BagObject::Pand(pand.clone()),
    ];
    let mut tx = store.begin().await.unwrap();
    let rows: Vec<(&BagObject, &str)> = objecten.iter().map(|o| (o, "h1")).collect();
    tx.bag_schrijf(&rows).await.unwrap();
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    for (soort, count) in [
        (BagSoort::Woonplaats, 2),
        (BagSoort::OpenbareRuimte, 1),
        (BagSoort::Nummeraanduiding, 4),
        (BagSoort::Adresseerbaar, 1),
        (BagSoort::Pand, 1),
    ] {
        assert_eq!(read.bag_aantal(soort).await.unwrap(), count, "{soort:?}");
    }
    let vraag = |huisnummer, huisletter, toevoeging| BagAdresVraag {
        postcode: "2161AB",
        huisnummer,
        huisletter,
        toevoeging,
    };
    // Exact: no letter and no addition is the plain number only.
    let found = read
        .bag_adressen(vraag(12, Some(""), Some("")))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let found = &found[0];
    assert_eq!(found.nummeraanduiding, twaalf);
    assert_eq!(found.straat.as_deref(), Some("Heereweg"));
    assert_eq!(found.woonplaats.as_deref(), Some("Lisse"));
    assert_eq!(found.object.as_ref(), Some(&object));
    assert_eq!(found.pand.as_ref(), Some(&pand));
    // Any letter and addition: all three at number 12, plain first; a side address has no object
    // of its own here.
    let all = read.bag_adressen(vraag(12, None, None)).await.unwrap();
    let ids: Vec<&str> = all.iter().map(|a| a.nummeraanduiding.id.as_str()).collect();
    assert_eq!(ids, [&twaalf.id, &twaalf_a.id, &twaalf_a_bis.id]);
    assert!(all[1].object.is_none() && all[1].pand.is_none());
    let exact = read
        .bag_adressen(vraag(12, Some("A"), Some("BIS")))
        .await
        .unwrap();
    assert_eq!(exact.len(), 1);
    assert_eq!(exact[0].nummeraanduiding, twaalf_a_bis);
    // Its own woonplaats wins over the street's.
    let other = read.bag_adressen(vraag(13, None, None)).await.unwrap();
    assert_eq!(other[0].woonplaats.as_deref(), Some("De Engel"));
    assert!(
        read.bag_adressen(vraag(14, None, None))
            .await
            .unwrap()
            .is_empty()
    );
    let mut hashes = read
        .bag_hashes(
            BagSoort::Nummeraanduiding,
            &[&twaalf.id, "0553200000009999", &dertien.id],
        )
        .await
        .unwrap();
    hashes.sort();
    assert_eq!(
        hashes,
        vec![
            (twaalf.id.clone(), "h1".to_string()),
            (dertien.id.clone(), "h1".to_string())
        ]
    );
    let first = read
        .bag_ids(BagSoort::Nummeraanduiding, None, 2)
        .await
        .unwrap();
    assert_eq!(first, [twaalf.id.clone(), twaalf_a.id.clone()]);
    let rest = read
        .bag_ids(BagSoort::Nummeraanduiding, Some(&first[1]), 10)
        .await
        .unwrap();
    assert_eq!(rest, [twaalf_a_bis.id.clone(), dertien.id.clone()]);
    drop(read);

    // Replaced by id: new fields and digest; removed by id.
    let mut moved = twaalf.clone();
    moved.postcode = Some("2161AC".into());
    let moved_object = BagObject::Nummeraanduiding(moved.clone());
    let mut tx = store.begin().await.unwrap();
    tx.bag_schrijf(&[(&moved_object, "h2")]).await.unwrap();
    assert_eq!(
        tx.bag_verwijder(
            BagSoort::Nummeraanduiding,
            &[dertien.id.clone(), "0553200000009999".into()]
        )
        .await
        .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.bag_aantal(BagSoort::Nummeraanduiding).await.unwrap(),
        3
    );
    assert!(
        read.bag_adressen(vraag(12, Some(""), Some("")))
            .await
            .unwrap()
            .is_empty()
    );
    let there = read
        .bag_adressen(BagAdresVraag {
            postcode: "2161AC",
            huisnummer: 12,
            huisletter: None,
            toevoeging: None,
        })
        .await
        .unwrap();
    assert_eq!(there[0].nummeraanduiding, moved);
    assert_eq!(
        read.bag_hashes(BagSoort::Nummeraanduiding, &[&twaalf.id])
            .await
            .unwrap(),
        vec![(twaalf.id.clone(), "h2".to_string())]
    );
}
