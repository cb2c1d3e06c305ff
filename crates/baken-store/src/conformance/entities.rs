//! Conformance cases for entities and their links to dossiers.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn entities_are_shared_by_key(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let first = sample_dossier("GM0534", "S-2026-0001", user, now());
    let second = sample_dossier("GM0553", "S-2026-0001", user, now() + Duration::seconds(1));
    let address = EntiteitRecord {
        id: Uuid::new_v4(),
        gemeente: gm("GM0534"),
        entiteit: Entiteit::Adres {
            postcode: Postcode::parse("2181AB").unwrap(),
            huisnummer: 12,
            huisletter: None,
            huisnummertoevoeging: None,
            straat: Some("Stationsweg".into()),
            woonplaats: Some("Hillegom".into()),
            bag_id: None,
        },
        aangemaakt_op: now(),
    };
    // Lisse's own record of the same address: each municipality keeps what it entered.
    let address_lisse = EntiteitRecord {
        id: Uuid::new_v4(),
        gemeente: gm("GM0553"),
        entiteit: Entiteit::Adres {
            postcode: Postcode::parse("2181AB").unwrap(),
            huisnummer: 12,
            huisletter: None,
            huisnummertoevoeging: None,
            straat: None,
            woonplaats: None,
            bag_id: None,
        },
        aangemaakt_op: now(),
    };
    let car = EntiteitRecord {
        id: Uuid::new_v4(),
        gemeente: gm("GM0534"),
        entiteit: Entiteit::Voertuig {
            kenteken: Kenteken::parse("GB-123-X").unwrap(),
        },
        aangemaakt_op: now(),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&first).await.unwrap();
    tx.insert_dossier(&second).await.unwrap();
    tx.insert_entiteit(&address).await.unwrap();
    tx.insert_entiteit(&address_lisse).await.unwrap();
    tx.insert_entiteit(&car).await.unwrap();
    let key = address.entiteit.sleutel().unwrap();
    assert_eq!(
        tx.entiteit_by_sleutel(&gm("GM0534"), &key)
            .await
            .unwrap()
            .as_ref(),
        Some(&address)
    );
    assert_eq!(
        tx.entiteit_by_sleutel(&gm("GM0553"), &key)
            .await
            .unwrap()
            .as_ref(),
        Some(&address_lisse),
        "the same key, another municipality's record"
    );
    assert_eq!(
        tx.entiteit_by_sleutel(&gm("GM0553"), &car.entiteit.sleutel().unwrap())
            .await
            .unwrap(),
        None
    );
    assert_eq!(tx.entiteit(car.id).await.unwrap().as_ref(), Some(&car));
    let link = |dossier: Uuid, entiteit: Uuid, rol: Rol| DossierEntiteitRecord {
        dossier_id: dossier,
        entiteit_id: entiteit,
        rol,
        aangemaakt_op: now(),
        aangemaakt_door: user,
    };
    tx.link_entiteit(&link(first.id, address.id, Rol::Locatie))
        .await
        .unwrap();
    tx.link_entiteit(&link(first.id, address.id, Rol::Locatie))
        .await
        .unwrap();
    tx.link_entiteit(&link(first.id, car.id, Rol::Gebruiker))
        .await
        .unwrap();
    tx.link_entiteit(&link(second.id, address_lisse.id, Rol::Eigenaar))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let linked = tx.dossier_entiteiten(first.id).await.unwrap();
    assert_eq!(
        linked.len(),
        2,
        "linking twice with the same role is one link"
    );
    // Unlinking removes exactly one (dossier, entity, role); the entity stays.
    tx.link_entiteit(&link(first.id, car.id, Rol::Eigenaar))
        .await
        .unwrap();
    assert!(
        tx.unlink_entiteit(first.id, car.id, Rol::Eigenaar)
            .await
            .unwrap()
    );
    assert!(
        !tx.unlink_entiteit(first.id, car.id, Rol::Eigenaar)
            .await
            .unwrap(),
        "a link that is gone is not removed twice"
    );
    assert!(
        !tx.unlink_entiteit(second.id, car.id, Rol::Gebruiker)
            .await
            .unwrap()
    );
    assert_eq!(tx.dossier_entiteiten(first.id).await.unwrap().len(), 2);
    assert!(tx.entiteit(car.id).await.unwrap().is_some());
    let elsewhere = tx.entiteit_dossiers(address.id).await.unwrap();
    assert_eq!(
        elsewhere
            .iter()
            .map(|(d, r)| (d.id, *r))
            .collect::<Vec<_>>(),
        vec![(second.id, Rol::Eigenaar), (first.id, Rol::Locatie)],
        "the dossiers of every record with the same identifier"
    );
    assert_eq!(
        tx.dossiers_met_sleutel(&key)
            .await
            .unwrap()
            .iter()
            .map(|(d, r)| (d.id, *r))
            .collect::<Vec<_>>(),
        vec![(second.id, Rol::Eigenaar), (first.id, Rol::Locatie)]
    );
    // A shorter key finds the keys that extend it after a `:` (every letter and addition of a
    // house number), never a key that merely starts with the same characters.
    let number = key.trim_end_matches(':');
    assert_eq!(
        tx.dossiers_met_sleutel(number).await.unwrap().len(),
        2,
        "{number} finds {key}"
    );
    let shorter = &number[..number.len() - 1];
    assert!(
        tx.dossiers_met_sleutel(shorter).await.unwrap().is_empty(),
        "{shorter} is another house number"
    );
    assert!(
        tx.dossiers_met_sleutel("bsn:999900006")
            .await
            .unwrap()
            .is_empty()
    );
    let mut batch: Vec<(Uuid, Uuid, Rol)> = tx
        .entiteiten_dossiers(&[address.id, car.id])
        .await
        .unwrap()
        .into_iter()
        .map(|(e, d, r)| (e, d.id, r))
        .collect();
    batch.sort();
    let mut expected = vec![
        (address.id, first.id, Rol::Locatie),
        (address.id, second.id, Rol::Eigenaar),
        (car.id, first.id, Rol::Gebruiker),
    ];
    expected.sort();
    assert_eq!(batch, expected, "several entities' dossiers in one query");
    assert!(tx.entiteiten_dossiers(&[]).await.unwrap().is_empty());

    // A record's attributes are completed in place; another municipality's stays as it was.
    let mut completed = address_lisse.clone();
    if let Entiteit::Adres { straat, .. } = &mut completed.entiteit {
        *straat = Some("Stationsweg".into());
    }
    tx.update_entiteit(&completed).await.unwrap();
    assert_eq!(
        tx.entiteit(address_lisse.id).await.unwrap().as_ref(),
        Some(&completed)
    );
    assert_eq!(
        tx.entiteit(address.id).await.unwrap().as_ref(),
        Some(&address)
    );
    let unknown = EntiteitRecord {
        id: Uuid::new_v4(),
        ..completed.clone()
    };
    assert!(matches!(
        tx.update_entiteit(&unknown).await.unwrap_err(),
        StoreError::MissingReference(_)
    ));

    // Lists: by kind, municipality and involvement, ordered by id with a cursor.
    let member = UserId::new();
    let car_lisse = EntiteitRecord {
        id: Uuid::new_v4(),
        gemeente: gm("GM0553"),
        ..car.clone()
    };
    tx.insert_entiteit(&car_lisse).await.unwrap();
    let mut third = sample_dossier("GM0553", "S-2026-0002", user, now());
    third.team = vec![member];
    tx.insert_dossier(&third).await.unwrap();
    tx.link_entiteit(&link(third.id, car_lisse.id, Rol::Gebruiker))
        .await
        .unwrap();
    let list =
        |gemeenten: &[&str], soorten: &[EntiteitSoort], alle: bool, wie: UserId| EntiteitFilter {
            gemeenten: gemeenten.iter().map(|g| gm(g)).collect(),
            soorten: soorten.to_vec(),
            alle_dossiers: alle,
            betrokkene: wie,
            na: None,
            limit: 10,
        };
    let ids = |found: Vec<EntiteitRecord>| found.into_iter().map(|e| e.id).collect::<Vec<_>>();
    let mut both = vec![address.id, car.id];
    both.sort();
    let kinds = [EntiteitSoort::Adres, EntiteitSoort::Voertuig];
    assert_eq!(
        ids(tx
            .list_entiteiten(&list(&["GM0534"], &kinds, false, user))
            .await
            .unwrap()),
        both
    );
    assert!(
        tx.list_entiteiten(&list(&["GM0534"], &kinds, false, UserId::new()))
            .await
            .unwrap()
            .is_empty(),
        "not involved: nothing"
    );
    assert_eq!(
        ids(tx
            .list_entiteiten(&list(&["GM0534"], &kinds, true, UserId::new()))
            .await
            .unwrap()),
        both
    );
    assert_eq!(
        ids(tx
            .list_entiteiten(&list(&["GM0553"], &kinds, false, member))
            .await
            .unwrap()),
        vec![car_lisse.id],
        "a team member sees the entities of that dossier only"
    );
    assert_eq!(
        ids(tx
            .list_entiteiten(&list(&["GM0534"], &[EntiteitSoort::Voertuig], false, user))
            .await
            .unwrap()),
        vec![car.id]
    );
    assert!(
        tx.list_entiteiten(&list(&["GM0534"], &[EntiteitSoort::Persoon], true, user))
            .await
            .unwrap()
            .is_empty()
    );
    let mut first_page = list(&["GM0534"], &kinds, false, user);
    first_page.limit = 1;
    assert_eq!(
        ids(tx.list_entiteiten(&first_page).await.unwrap()),
        both[..1].to_vec()
    );
    first_page.na = Some(both[0]);
    assert_eq!(
        ids(tx.list_entiteiten(&first_page).await.unwrap()),
        both[1..].to_vec(),
        "the cursor continues"
    );

    let names = tx.user_names(&[user, UserId::new()]).await.unwrap();
    assert_eq!(names.len(), 1, "unknown ids are left out");
    assert_eq!(names[0].0, user);

    let duplicate = EntiteitRecord {
        id: Uuid::new_v4(),
        ..address.clone()
    };
    assert!(
        matches!(
            tx.insert_entiteit(&duplicate).await.unwrap_err(),
            StoreError::Conflict(_)
        ),
        "one record per key and municipality"
    );
}
