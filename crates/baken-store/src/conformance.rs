//! The conformance suite: behaviour every adapter must show, run by each adapter's tests against a
//! real database (a temporary SQLite file; a fresh PostgreSQL database).
//!
//! Adapters call [`conformance_tests!`](crate::conformance_tests) with an expression that yields a fresh,
//! migrated `Box<dyn Store>`; each case becomes its own `#[tokio::test]`.

use crate::*;
use baken_domain::{DisplayName, Email};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Expands to one `#[tokio::test]` per conformance case. `$fresh` is an async expression
/// producing a fresh, migrated `Box<dyn Store>`.
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:expr) => {
        $crate::conformance_tests!(@cases $fresh;
            gemeenten_round_trip, duplicate_gemeente_conflicts, users_round_trip_with_access,
            duplicate_email_conflicts, user_needs_known_gemeente, rollback_discards_everything,
            totp_and_recovery_codes, throttle_round_trip, sessions_lifecycle, api_tokens_lifecycle,
            audit_is_listed_newest_first_and_filtered, instants_keep_microseconds,
            reads_do_not_wait_for_a_writer);
    };
    (@cases $fresh:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let store = $fresh.await;
                $crate::conformance::$case(store.as_ref()).await;
            }
        )*
    };
}

/// Now, truncated to microseconds: both backends keep microsecond precision.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000)
        .expect("valid nanosecond")
}

fn gemeente(code: &str, naam: &str) -> Gemeente {
    Gemeente {
        code: GemeenteCode::parse(code).unwrap(),
        naam: GemeenteNaam::parse(naam).unwrap(),
    }
}

pub fn sample_user(email: &str, roles: Vec<Role>, gemeenten: &[&str]) -> UserRecord {
    UserRecord {
        id: UserId::new(),
        email: Email::parse(email).unwrap(),
        name: DisplayName::parse("Anna de Vries").unwrap(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        roles,
        gemeenten: gemeenten
            .iter()
            .map(|g| GemeenteCode::parse(g).unwrap())
            .collect(),
        active: true,
        bibob_clearance: false,
        totp: TotpState::default(),
        created_at: now(),
    }
}

async fn with_gemeenten(store: &dyn Store, codes: &[(&str, &str)]) {
    let mut tx = store.begin().await.unwrap();
    for (code, naam) in codes {
        tx.insert_gemeente(&gemeente(code, naam)).await.unwrap();
    }
    tx.commit().await.unwrap();
}

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

pub async fn rollback_discards_everything(store: &dyn Store) {
    {
        let mut tx = store.begin().await.unwrap();
        tx.insert_gemeente(&gemeente("GM0534", "Hillegom"))
            .await
            .unwrap();
        tx.append_audit(&audit("gemeente.toegevoegd", None))
            .await
            .unwrap();
        // Dropped without commit.
    }
    let mut tx = store.begin().await.unwrap();
    assert!(tx.list_gemeenten().await.unwrap().is_empty());
    assert!(
        tx.list_audit(&AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .is_empty()
    );
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

fn session(user: UserId, token_hash: &str, stage: SessionStage) -> SessionRecord {
    let at = now();
    SessionRecord {
        id: Uuid::new_v4(),
        token_hash: token_hash.into(),
        user_id: user,
        stage,
        created_at: at,
        last_seen_at: at,
        expires_at: at + Duration::hours(12),
        active_gemeente: None,
        client_addr: Some("127.0.0.1".into()),
        user_agent: Some("test".into()),
    }
}

pub async fn sessions_lifecycle(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let user = sample_user("a@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&user).await.unwrap();
    let mut first = session(user.id, "hash-1", SessionStage::AwaitingMfa);
    let second = session(user.id, "hash-2", SessionStage::Complete);
    let third = session(user.id, "hash-3", SessionStage::Complete);
    for s in [&first, &second, &third] {
        tx.insert_session(s).await.unwrap();
    }
    assert_eq!(
        tx.session_by_token_hash("hash-1").await.unwrap().as_ref(),
        Some(&first)
    );
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_session(&session(user.id, "hash-1", SessionStage::Complete))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("token")), "{err:?}");
    drop(tx);
    let mut tx = store.begin().await.unwrap();

    first.stage = SessionStage::Complete;
    first.token_hash = "hash-1b".into();
    first.last_seen_at = now() + Duration::seconds(5);
    first.active_gemeente = Some(GemeenteCode::parse("GM0534").unwrap());
    tx.update_session(&first).await.unwrap();
    assert_eq!(
        tx.session_by_token_hash("hash-1").await.unwrap(),
        None,
        "rotated token no longer matches"
    );
    assert_eq!(
        tx.session_by_token_hash("hash-1b").await.unwrap().as_ref(),
        Some(&first)
    );
    assert_eq!(tx.list_user_sessions(user.id).await.unwrap().len(), 3);

    tx.delete_session(third.id).await.unwrap();
    assert_eq!(
        tx.delete_user_sessions(user.id, Some(first.id))
            .await
            .unwrap(),
        1
    );
    let left = tx.list_user_sessions(user.id).await.unwrap();
    assert_eq!(
        left.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![first.id]
    );
    assert_eq!(
        tx.delete_sessions_expired_before(now() + Duration::hours(13))
            .await
            .unwrap(),
        1
    );
    assert!(tx.list_user_sessions(user.id).await.unwrap().is_empty());
}

pub async fn api_tokens_lifecycle(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let user = sample_user("a@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let other = sample_user("b@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&user).await.unwrap();
    tx.insert_user(&other).await.unwrap();
    let token = ApiTokenRecord {
        id: Uuid::new_v4(),
        user_id: user.id,
        label: "koppeling".into(),
        token_hash: "th".into(),
        created_at: now(),
        last_used_at: None,
        revoked_at: None,
    };
    tx.insert_api_token(&token).await.unwrap();
    assert_eq!(
        tx.api_token_by_hash("th").await.unwrap().as_ref(),
        Some(&token)
    );
    let used = now() + Duration::seconds(1);
    tx.touch_api_token(token.id, used).await.unwrap();
    assert_eq!(
        tx.api_token_by_hash("th")
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(used)
    );
    assert!(
        !tx.revoke_api_token(other.id, token.id, now())
            .await
            .unwrap(),
        "only the owner revokes"
    );
    assert!(tx.revoke_api_token(user.id, token.id, now()).await.unwrap());
    assert!(
        tx.api_token_by_hash("th")
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_some()
    );
    assert_eq!(tx.list_api_tokens(user.id).await.unwrap().len(), 1);
    assert!(tx.list_api_tokens(other.id).await.unwrap().is_empty());
}

fn audit(action: &str, actor: Option<UserId>) -> AuditRecord {
    AuditRecord {
        id: Uuid::new_v4(),
        at: now(),
        actor,
        action: action.into(),
        object: Some("gebruiker:x".into()),
        outcome: "gelukt".into(),
        client_addr: Some("127.0.0.1".into()),
        details: serde_json::json!({"reden": "test"}),
    }
}

pub async fn audit_is_listed_newest_first_and_filtered(store: &dyn Store) {
    let actor = UserId::new();
    let mut tx = store.begin().await.unwrap();
    let mut first = audit("aanmelden.mislukt", None);
    first.at = now() - Duration::seconds(10);
    let second = audit("aanmelden.gelukt", Some(actor));
    let third = audit("gebruiker.toegevoegd", Some(actor));
    for r in [&first, &second, &third] {
        tx.append_audit(r).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let all = tx
        .list_audit(&AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2], first, "oldest last");
    let login = tx
        .list_audit(&AuditFilter {
            action_prefix: Some("aanmelden.".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(login.len(), 2);
    let by_actor = tx
        .list_audit(&AuditFilter {
            actor: Some(actor),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_actor.len(), 1);
    let like_is_not_a_wildcard = tx
        .list_audit(&AuditFilter {
            action_prefix: Some("%".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(like_is_not_a_wildcard.is_empty());
}

pub async fn instants_keep_microseconds(store: &dyn Store) {
    let mut tx = store.begin().await.unwrap();
    let mut record = audit("x", None);
    record.at = OffsetDateTime::from_unix_timestamp_nanos(1_764_000_000_123_456_000).unwrap();
    tx.append_audit(&record).await.unwrap();
    let listed = tx
        .list_audit(&AuditFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed[0].at, record.at);
}

pub async fn reads_do_not_wait_for_a_writer(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let mut writer = store.begin().await.unwrap();
    writer
        .insert_gemeente(&gemeente("GM0553", "Lisse"))
        .await
        .unwrap();
    let read = async {
        let mut reader = store.begin_read().await.unwrap();
        reader.list_gemeenten().await.unwrap()
    };
    let seen = tokio::time::timeout(std::time::Duration::from_secs(3), read)
        .await
        .expect("a reader must not wait for the writer");
    assert_eq!(
        seen,
        vec![gemeente("GM0534", "Hillegom")],
        "uncommitted rows are invisible"
    );
    writer.commit().await.unwrap();
    let mut reader = store.begin_read().await.unwrap();
    assert_eq!(reader.list_gemeenten().await.unwrap().len(), 2);
}
