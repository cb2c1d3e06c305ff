//! Conformance cases for municipalities, users, second factors and the sign-in throttle.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn gemeenten_round_trip(store: &dyn Store) {
    with_gemeenten(store, &[("GM0553", "Lisse"), ("GM0534", "Hillegom")]).await;
    let mut tx = store.begin().await.unwrap();
    let list = tx.list_gemeenten().await.unwrap();
    assert_eq!(
        list,
        vec![gemeente("GM0534", "Hillegom"), gemeente("GM0553", "Lisse")],
        "sorted by code"
    );
    assert!(
        tx.rename_gemeente(
            &list[0].code,
            &GemeenteNaam::parse("Hillegom (ZH)").unwrap()
        )
        .await
        .unwrap()
    );
    assert!(
        !tx.rename_gemeente(&GemeenteCode::parse("GM9999").unwrap(), &list[0].naam)
            .await
            .unwrap()
    );
    assert_eq!(
        tx.list_gemeenten().await.unwrap()[0].naam.as_str(),
        "Hillegom (ZH)"
    );
}

pub async fn duplicate_gemeente_conflicts(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_gemeente(&gemeente("GM0534", "Anders"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
}

pub async fn users_round_trip_with_access(store: &dyn Store) {
    with_gemeenten(
        store,
        &[
            ("GM0534", "Hillegom"),
            ("GM0553", "Lisse"),
            ("GM1525", "Teylingen"),
        ],
    )
    .await;
    let user = sample_user(
        "A.de.Vries@Example.nl",
        vec![Role::Teamlid, Role::Analist],
        &["GM0534", "GM0553"],
    );
    assert!(user.roles.is_sorted(), "records hold roles in domain order");
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&user).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.user_by_id(user.id).await.unwrap().as_ref(), Some(&user));
    assert_eq!(
        tx.user_by_email("a.de.vries@example.nl")
            .await
            .unwrap()
            .as_ref(),
        Some(&user)
    );
    assert_eq!(tx.user_by_email("someone@else.nl").await.unwrap(), None);
    assert_eq!(
        tx.user_name(user.id).await.unwrap().as_deref(),
        Some("Anna de Vries")
    );
    assert_eq!(tx.user_name(UserId::new()).await.unwrap(), None);
    assert_eq!(tx.count_users().await.unwrap(), 1);

    let teylingen = GemeenteCode::parse("GM1525").unwrap();
    tx.set_user_access(
        user.id,
        &[Role::Burgemeester],
        std::slice::from_ref(&teylingen),
    )
    .await
    .unwrap();
    tx.set_password_hash(user.id, "new-hash").await.unwrap();
    let update = UserProfileUpdate {
        name: DisplayName::parse("A. de Vries").unwrap(),
        active: false,
        bibob_clearance: true,
    };
    assert!(tx.update_user_profile(user.id, &update).await.unwrap());
    assert!(
        !tx.update_user_profile(UserId::new(), &update)
            .await
            .unwrap()
    );
    let changed = tx.user_by_id(user.id).await.unwrap().unwrap();
    assert_eq!(changed.roles, vec![Role::Burgemeester]);
    assert_eq!(changed.gemeenten, vec![teylingen]);
    assert_eq!(changed.password_hash, "new-hash");
    assert_eq!(
        (
            changed.name.as_str(),
            changed.active,
            changed.bibob_clearance
        ),
        ("A. de Vries", false, true)
    );
    assert_eq!(tx.list_users().await.unwrap().len(), 1);
}

pub async fn duplicate_email_conflicts(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&sample_user(
        "a@example.nl",
        vec![Role::Teamlid],
        &["GM0534"],
    ))
    .await
    .unwrap();
    let err = tx
        .insert_user(&sample_user(
            "a@example.nl",
            vec![Role::Jurist],
            &["GM0534"],
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("email")), "{err:?}");
}

pub async fn user_needs_known_gemeente(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_user(&sample_user(
            "a@example.nl",
            vec![Role::Teamlid],
            &["GM0534"],
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::MissingReference(_)), "{err:?}");
}

pub async fn totp_and_recovery_codes(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let user = sample_user("a@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&user).await.unwrap();
    let totp = TotpState {
        secret: Some("JBSWY3DPEHPK3PXP".into()),
        confirmed: true,
        last_step: Some(12345),
    };
    tx.set_totp(user.id, &totp).await.unwrap();
    assert_eq!(tx.user_by_id(user.id).await.unwrap().unwrap().totp, totp);

    tx.replace_recovery_codes(user.id, &["h1".into(), "h2".into()])
        .await
        .unwrap();
    assert_eq!(tx.count_unused_recovery_codes(user.id).await.unwrap(), 2);
    assert!(tx.use_recovery_code(user.id, "h1").await.unwrap());
    assert!(
        !tx.use_recovery_code(user.id, "h1").await.unwrap(),
        "a code is used once"
    );
    assert!(!tx.use_recovery_code(user.id, "nope").await.unwrap());
    assert_eq!(tx.count_unused_recovery_codes(user.id).await.unwrap(), 1);
    tx.replace_recovery_codes(user.id, &["h3".into()])
        .await
        .unwrap();
    assert!(
        !tx.use_recovery_code(user.id, "h2").await.unwrap(),
        "replaced codes are gone"
    );
    assert_eq!(tx.count_unused_recovery_codes(user.id).await.unwrap(), 1);
}

pub async fn throttle_round_trip(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.throttle("account:a@example.nl").await.unwrap(), None);
    let mut record = ThrottleRecord {
        key: "account:a@example.nl".into(),
        failures: 1,
        first_failure_at: now(),
        locked_until: None,
    };
    tx.put_throttle(&record).await.unwrap();
    record.failures = 6;
    record.locked_until = Some(now() + Duration::minutes(15));
    tx.put_throttle(&record).await.unwrap();
    assert_eq!(
        tx.throttle(&record.key).await.unwrap(),
        Some(record.clone())
    );
    tx.clear_throttle(&record.key).await.unwrap();
    assert_eq!(tx.throttle(&record.key).await.unwrap(), None);
}
