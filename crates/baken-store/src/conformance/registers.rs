//! Conformance cases for the local registers (the BAG, the trade register, the sanctions lists).

use super::*;
use baken_domain::bag::*;
use baken_domain::kvk::{KvkAdres, KvkVestiging};
use baken_domain::sanctie::SanctieEntiteit;

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
    let objecten: Vec<RegisterObject> = [
        woonplaats("2459", "Lisse"),
        woonplaats("3000", "De Engel"),
        straat("0553300000000001", "Heereweg", "2459"),
        BagObject::Nummeraanduiding(twaalf.clone()),
        BagObject::Nummeraanduiding(twaalf_a.clone()),
        BagObject::Nummeraanduiding(twaalf_a_bis.clone()),
        BagObject::Nummeraanduiding(dertien.clone()),
        BagObject::Adresseerbaar(object.clone()),
        BagObject::Pand(pand.clone()),
    ]
    .into_iter()
    .map(RegisterObject::Bag)
    .collect();
    let mut tx = store.begin().await.unwrap();
    let rows: Vec<(&RegisterObject, &str)> = objecten.iter().map(|o| (o, "h1")).collect();
    tx.register_schrijf(&rows).await.unwrap();
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    for (soort, count) in [
        (RegisterSoort::Woonplaats, 2),
        (RegisterSoort::OpenbareRuimte, 1),
        (RegisterSoort::Nummeraanduiding, 4),
        (RegisterSoort::Adresseerbaar, 1),
        (RegisterSoort::Pand, 1),
    ] {
        assert_eq!(
            read.register_aantal(soort).await.unwrap(),
            count,
            "{soort:?}"
        );
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
        .register_hashes(
            RegisterSoort::Nummeraanduiding,
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
        .register_ids(RegisterSoort::Nummeraanduiding, None, 2)
        .await
        .unwrap();
    assert_eq!(first, [twaalf.id.clone(), twaalf_a.id.clone()]);
    let rest = read
        .register_ids(RegisterSoort::Nummeraanduiding, Some(&first[1]), 10)
        .await
        .unwrap();
    assert_eq!(rest, [twaalf_a_bis.id.clone(), dertien.id.clone()]);
    drop(read);

    // Replaced by id: new fields and digest; removed by id.
    let mut moved = twaalf.clone();
    moved.postcode = Some("2161AC".into());
    let moved_object = RegisterObject::Bag(BagObject::Nummeraanduiding(moved.clone()));
    let mut tx = store.begin().await.unwrap();
    tx.register_schrijf(&[(&moved_object, "h2")]).await.unwrap();
    assert_eq!(
        tx.register_verwijder(
            RegisterSoort::Nummeraanduiding,
            &[dertien.id.clone(), "0553200000009999".into()]
        )
        .await
        .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.register_aantal(RegisterSoort::Nummeraanduiding)
            .await
            .unwrap(),
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
        read.register_hashes(RegisterSoort::Nummeraanduiding, &[&twaalf.id])
            .await
            .unwrap(),
        vec![(twaalf.id.clone(), "h2".to_string())]
    );
}

fn vestiging(kvk: &str, vestiging: Option<&str>, naam: &str, hoofd: bool) -> KvkVestiging {
    KvkVestiging {
        kvk_nummer: kvk.into(),
        vestigingsnummer: vestiging.map(Into::into),
        naam: naam.into(),
        handelsnamen: vec!["Bijnaam | met streep".into(), "Café 't Hoekje".into()],
        rechtsvorm: Some("Eenmanszaak".into()),
        hoofdvestiging: hoofd,
        adres: KvkAdres {
            straatnaam: Some("Heereweg".into()),
            huisnummer: Some(12),
            huisletter: None,
            toevoeging: Some("BIS".into()),
            postcode: Some("2161AB".into()),
            plaats: Some("Lisse".into()),
        },
        sbi: vec!["5630".into(), "4711".into()],
        datum_aanvang: Some("2019-03-01".into()),
        datum_einde: None,
        nummeraanduiding: Some("0553200000000012".into()),
    }
}

/// Registrations stored, found by KvK number (main establishment first) and by address,
/// replaced and removed by id.
pub async fn kvk_register_round_trip(store: &dyn Store) {
    let hoofd = vestiging("69599084", Some("000038509504"), "Dagobert", true);
    let neven = vestiging("69599084", Some("000038509490"), "Dagobert Filiaal", false);
    let mut zonder = vestiging("68750110", None, "Stichting Donald", false);
    zonder.adres = KvkAdres::default();
    zonder.handelsnamen = Vec::new();
    zonder.sbi = Vec::new();
    zonder.rechtsvorm = None;
    zonder.datum_einde = Some("2023-06-30".into());
    zonder.nummeraanduiding = None;
    let objecten: Vec<RegisterObject> = [&hoofd, &neven, &zonder]
        .into_iter()
        .map(|v| RegisterObject::Kvk(v.clone()))
        .collect();
    let mut tx = store.begin().await.unwrap();
    let rows: Vec<(&RegisterObject, &str)> = objecten.iter().map(|o| (o, "k1")).collect();
    tx.register_schrijf(&rows).await.unwrap();
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.register_aantal(RegisterSoort::KvkVestiging)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        read.kvk_op_nummer("69599084").await.unwrap(),
        vec![hoofd.clone(), neven.clone()]
    );
    assert_eq!(
        read.kvk_op_nummer("68750110").await.unwrap(),
        vec![zonder.clone()]
    );
    assert!(read.kvk_op_nummer("12345678").await.unwrap().is_empty());
    let vraag = |huisletter, toevoeging| BagAdresVraag {
        postcode: "2161AB",
        huisnummer: 12,
        huisletter,
        toevoeging,
    };
    let at = read.kvk_op_adres(vraag(None, None), 10).await.unwrap();
    assert_eq!(at, vec![neven.clone(), hoofd.clone()]);
    assert_eq!(
        read.kvk_op_adres(vraag(None, None), 1).await.unwrap().len(),
        1
    );
    assert_eq!(
        read.kvk_op_adres(vraag(Some(""), Some("bis")), 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        read.kvk_op_adres(vraag(Some(""), Some("")), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let mut hashes = read
        .register_hashes(
            RegisterSoort::KvkVestiging,
            &["68750110", "000038509504", "99999999"],
        )
        .await
        .unwrap();
    hashes.sort();
    assert_eq!(
        hashes,
        vec![
            ("000038509504".to_string(), "k1".to_string()),
            ("68750110".to_string(), "k1".to_string())
        ]
    );
    assert_eq!(
        read.register_ids(RegisterSoort::KvkVestiging, None, 10)
            .await
            .unwrap(),
        ["000038509490", "000038509504", "68750110"]
    );
    drop(read);

    let mut moved = neven.clone();
    moved.adres.postcode = Some("2161AC".into());
    let moved_object = RegisterObject::Kvk(moved.clone());
    let mut tx = store.begin().await.unwrap();
    tx.register_schrijf(&[(&moved_object, "k2")]).await.unwrap();
    assert_eq!(
        tx.register_verwijder(
            RegisterSoort::KvkVestiging,
            &["68750110".into(), "99999999".into()]
        )
        .await
        .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.kvk_op_adres(vraag(None, None), 10).await.unwrap(),
        vec![hoofd.clone()]
    );
    assert_eq!(
        read.kvk_op_nummer("69599084").await.unwrap(),
        vec![hoofd, moved]
    );
    assert!(read.kvk_op_nummer("68750110").await.unwrap().is_empty());
}

fn entiteit(id: &str, namen: &[&str]) -> SanctieEntiteit {
    SanctieEntiteit {
        id: id.into(),
        schema: "Person".into(),
        caption: namen.first().copied().unwrap_or(id).into(),
        namen: namen.iter().map(|n| n.to_string()).collect(),
        geboortedata: vec!["1982-04".into()],
        landen: vec!["nl".into()],
        topics: vec!["sanction".into()],
        datasets: vec!["nl_terrorism_list".into()],
        nummers: Vec::new(),
        properties: r#"{"name":["x"]}"#.into(),
    }
}

/// Entities stored and found by any of their names in look-up form; a replaced entity is found
/// by its new names only; a removed one by none.
pub async fn sanctions_register_round_trip(store: &dyn Store) {
    let umit = entiteit("NK-abc", &["Ümit Çağlar", "U. Caglar"]);
    let jan = entiteit("NK-def", &["Jan de Vries"]);
    let ook_jan = entiteit("NK-ghi", &["JAN DE VRIES"]);
    let sanctie = SanctieEntiteit {
        schema: "Sanction".into(),
        namen: Vec::new(),
        ..entiteit("sanc-1", &[])
    };
    let objecten: Vec<RegisterObject> = [&umit, &jan, &ook_jan, &sanctie]
        .into_iter()
        .map(|e| RegisterObject::Sanctie(e.clone()))
        .collect();
    let mut tx = store.begin().await.unwrap();
    let rows: Vec<(&RegisterObject, &str)> = objecten.iter().map(|o| (o, "s1")).collect();
    tx.register_schrijf(&rows).await.unwrap();
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.register_aantal(RegisterSoort::SanctieEntiteit)
            .await
            .unwrap(),
        4
    );
    assert_eq!(
        read.sancties_op_naam("umit caglar", 10).await.unwrap(),
        vec![umit.clone()]
    );
    assert_eq!(
        read.sancties_op_naam("u caglar", 10).await.unwrap(),
        vec![umit.clone()]
    );
    assert_eq!(
        read.sancties_op_naam("jan de vries", 10).await.unwrap(),
        vec![jan.clone(), ook_jan.clone()]
    );
    assert_eq!(
        read.sancties_op_naam("jan de vries", 1).await.unwrap(),
        vec![jan.clone()]
    );
    assert!(read.sancties_op_naam("jan", 10).await.unwrap().is_empty());
    drop(read);

    let mut renamed = umit.clone();
    renamed.namen = vec!["Umit Yilmaz".into()];
    let renamed_object = RegisterObject::Sanctie(renamed.clone());
    let mut tx = store.begin().await.unwrap();
    tx.register_schrijf(&[(&renamed_object, "s2")])
        .await
        .unwrap();
    assert_eq!(
        tx.register_verwijder(RegisterSoort::SanctieEntiteit, &["NK-def".into()])
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert!(
        read.sancties_op_naam("umit caglar", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        read.sancties_op_naam("umit yilmaz", 10).await.unwrap(),
        vec![renamed]
    );
    assert_eq!(
        read.sancties_op_naam("jan de vries", 10).await.unwrap(),
        vec![ook_jan]
    );
    assert_eq!(
        read.register_hashes(RegisterSoort::SanctieEntiteit, &["NK-abc"])
            .await
            .unwrap(),
        vec![("NK-abc".to_string(), "s2".to_string())]
    );
}
