//! The conformance suite: behaviour every adapter must show, run by each adapter's tests against a
//! real database (a temporary SQLite file; a fresh PostgreSQL database).
//!
//! Adapters call [`conformance_tests!`](crate::conformance_tests) with an expression that yields a fresh,
//! migrated `Box<dyn Store>`; each case becomes its own `#[tokio::test]`.

// Conformance cases read as one story each; the limits are for production code.
#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

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
            reads_do_not_wait_for_a_writer, dossiers_round_trip_with_numbers_and_versions,
            backlog_filters_and_keyset_paging, entities_are_shared_by_key, journal_rows_and_heads,
            access_log_round_trip, search_matches_all_terms_within_one_municipality, attachments_round_trip,
            protocol_versions_and_privacy_checks, requests_round_trip_and_retention,
            retention_destroys_and_anonymises_per_dossier, lookups_by_ids_markers_and_periods,
            a_locked_key_waits_for_the_holder);
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
        expires_at: Some(now() + Duration::days(90)),
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

    // All of a user's tokens at once (password change, sign out everywhere); not another's.
    for (hash, owner) in [("t1", &user), ("t2", &user), ("t3", &other)] {
        tx.insert_api_token(&ApiTokenRecord {
            id: Uuid::new_v4(),
            user_id: owner.id,
            token_hash: hash.into(),
            expires_at: None,
            ..token.clone()
        })
        .await
        .unwrap();
    }
    assert_eq!(
        tx.revoke_user_api_tokens(user.id, now()).await.unwrap(),
        2,
        "the two active ones; the revoked one stays as it was"
    );
    assert!(
        tx.list_api_tokens(user.id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.revoked_at.is_some())
    );
    assert!(
        tx.api_token_by_hash("t3")
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_none()
    );
    assert_eq!(
        tx.api_token_by_hash("t1")
            .await
            .unwrap()
            .unwrap()
            .expires_at,
        None
    );
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

use baken_domain::entiteit::{Entiteit, EntiteitSoort, Rol};
use baken_domain::identifiers::{Kenteken, Postcode};
use baken_domain::signaal::{Bron, Fenomeen, SignaalStatus};

/// Two municipalities and one user; returns the user's id.
pub async fn dossier_fixture(store: &dyn Store) -> UserId {
    with_gemeenten(store, &[("GM0534", "Hillegom"), ("GM0553", "Lisse")]).await;
    let user = sample_user("t@example.nl", vec![Role::Teamlid], &["GM0534", "GM0553"]);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&user).await.unwrap();
    tx.commit().await.unwrap();
    user.id
}

pub fn sample_dossier(
    gemeente: &str,
    nummer: &str,
    user: UserId,
    at: OffsetDateTime,
) -> DossierRecord {
    DossierRecord {
        id: Uuid::new_v4(),
        gemeente: GemeenteCode::parse(gemeente).unwrap(),
        nummer: nummer.into(),
        status: SignaalStatus::Ontvangen,
        eigenaar: user,
        toegewezen_aan: None,
        geregistreerd_door: user,
        team: vec![user],
        aangemaakt_op: at,
        gewijzigd_op: at,
        ontvangstdatum: at.date(),
        waargenomen_op: Some(at - Duration::days(2)),
        bron: Bron::Inwoner,
        politie_stuk: None,
        omschrijving: "Hennepgeur bij de achterdeur".into(),
        indicatoren: Some("stroomverbruik".into()),
        bron_betrouwbaarheid: Some(baken_domain::signaal::BronBetrouwbaarheid::B),
        informatie_betrouwbaarheid: None,
        melder_naam: Some("Buurvrouw".into()),
        melder_contact: None,
        melder_anoniem: false,
        fenomenen: vec![Fenomeen::Hennep],
        versie: 1,
    }
}

pub async fn dossiers_round_trip_with_numbers_and_versions(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let hillegom = GemeenteCode::parse("GM0534").unwrap();
    let lisse = GemeenteCode::parse("GM0553").unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.next_signaal_nummer(&hillegom, 2026).await.unwrap(), 1);
    assert_eq!(tx.next_signaal_nummer(&hillegom, 2026).await.unwrap(), 2);
    assert_eq!(
        tx.next_signaal_nummer(&lisse, 2026).await.unwrap(),
        1,
        "per municipality"
    );
    assert_eq!(
        tx.next_signaal_nummer(&hillegom, 2027).await.unwrap(),
        1,
        "per year"
    );
    let mut dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    dossier.fenomenen = vec![Fenomeen::Hennep, Fenomeen::Witwassen];
    tx.insert_dossier(&dossier).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.dossier(dossier.id).await.unwrap().as_ref(),
        Some(&dossier)
    );
    let mut changed = dossier.clone();
    changed.status = SignaalStatus::Intake;
    changed.toegewezen_aan = Some(user);
    changed.fenomenen = vec![Fenomeen::Drugslab];
    changed.versie = 2;
    assert!(tx.update_dossier(&changed, 1).await.unwrap());
    assert!(
        !tx.update_dossier(&changed, 1).await.unwrap(),
        "a stale version is refused"
    );
    assert_eq!(
        tx.dossier(dossier.id).await.unwrap().as_ref(),
        Some(&changed)
    );
    assert_eq!(tx.dossier(Uuid::new_v4()).await.unwrap(), None);
}

pub async fn backlog_filters_and_keyset_paging(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let start = now() - Duration::days(10);
    let mut all = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for i in 0..7 {
        let mut d = sample_dossier(
            "GM0534",
            &format!("S-2026-{i:04}"),
            user,
            start + Duration::days(i),
        );
        if i % 2 == 0 {
            d.status = SignaalStatus::Weging;
            d.bron = Bron::Politie;
            d.fenomenen = vec![Fenomeen::Drugslab, Fenomeen::Witwassen];
            d.toegewezen_aan = Some(user);
        }
        tx.insert_dossier(&d).await.unwrap();
        all.push(d);
    }
    tx.insert_dossier(&sample_dossier("GM0553", "S-2026-0001", user, start))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let base = DossierFilter {
        gemeente: GemeenteCode::parse("GM0534").unwrap(),
        status: None,
        bron: None,
        fenomeen: None,
        toegewezen_aan: None,
        ontvangen_vanaf: None,
        ontvangen_tot: None,
        sort: DossierSort::NieuwsteEerst,
        na: None,
        limit: 3,
    };
    let mut tx = store.begin_read().await.unwrap();
    let numbers =
        |rows: &[DossierRecord]| rows.iter().map(|d| d.nummer.clone()).collect::<Vec<_>>();
    let page1 = tx.list_dossiers(&base).await.unwrap();
    assert_eq!(
        numbers(&page1),
        ["S-2026-0006", "S-2026-0005", "S-2026-0004"]
    );
    let last = page1.last().unwrap();
    let cursor = Some((
        (last.aangemaakt_op.unix_timestamp_nanos() / 1000) as i64,
        last.id,
    ));
    let page2 = tx
        .list_dossiers(&DossierFilter {
            na: cursor,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        numbers(&page2),
        ["S-2026-0003", "S-2026-0002", "S-2026-0001"]
    );
    let oldest = tx
        .list_dossiers(&DossierFilter {
            sort: DossierSort::OudsteEerst,
            limit: 2,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(numbers(&oldest), ["S-2026-0000", "S-2026-0001"]);

    let by_status = tx
        .list_dossiers(&DossierFilter {
            status: Some(SignaalStatus::Weging),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_status.len(), 4);
    let by_bron = tx
        .list_dossiers(&DossierFilter {
            bron: Some(Bron::Inwoner),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_bron.len(), 3);
    let by_fenomeen = tx
        .list_dossiers(&DossierFilter {
            fenomeen: Some(Fenomeen::Witwassen),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_fenomeen.len(), 4);
    let by_assignee = tx
        .list_dossiers(&DossierFilter {
            toegewezen_aan: Some(user),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_assignee.len(), 4);
    let by_date = tx
        .list_dossiers(&DossierFilter {
            ontvangen_vanaf: Some(all[2].ontvangstdatum),
            ontvangen_tot: Some(all[4].ontvangstdatum),
            limit: 50,
            ..base.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        numbers(&by_date),
        ["S-2026-0004", "S-2026-0003", "S-2026-0002"]
    );
}

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

pub async fn access_log_round_trip(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let dossier = Uuid::new_v4();
    let mut tx = store.begin().await.unwrap();
    for (soort, object) in [("dossier", dossier), ("entiteit", Uuid::new_v4())] {
        tx.append_access(&AccessRecord {
            id: Uuid::new_v4(),
            at: now(),
            user,
            object_soort: soort.into(),
            object_id: object,
            dossier_id: Some(dossier),
            context: "GET /signalen/{id}".into(),
            trace_id: Some(format!("{:032x}", object.as_u128())),
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.list_access(Some(dossier), None, 10).await.unwrap().len(),
        2,
        "by dossier"
    );
    assert_eq!(
        tx.list_access(None, Some(user), 1).await.unwrap()[0].object_soort,
        "entiteit",
        "newest first"
    );
    assert!(
        tx.list_access(None, Some(UserId::new()), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let traces = tx.traces_of_user(user, 10).await.unwrap();
    assert_eq!(traces.len(), 2);
    let by_trace = tx.access_by_traces(&traces[..1]).await.unwrap();
    assert_eq!(by_trace.len(), 1);
    assert_eq!(by_trace[0].trace_id.as_ref(), Some(&traces[0]));
    assert!(tx.access_by_traces(&[]).await.unwrap().is_empty());
    drop(tx);

    // The processing log: found by data subject, dossier, activity, period and trace.
    let record =
        |trace: &str, subject: Option<&str>, activity: &str, at: OffsetDateTime| VerwerkingRecord {
            id: Uuid::new_v4(),
            trace_id: trace.into(),
            span_id: "00f067aa0ba902b7".into(),
            parent_span_id: None,
            actie: "dossier.lezen".into(),
            start_op: at,
            eind_op: at + Duration::milliseconds(3),
            status: 1,
            verwerkingsactiviteit: activity.into(),
            betrokkene: subject.map(String::from),
            betrokkene_type: subject.map(|_| "BSN".into()),
            dossier_id: Some(dossier),
            gemeente: Some(GemeenteCode::parse("GM0534").unwrap()),
        };
    let early = record(
        &traces[1],
        Some("pseudoniem-a"),
        "inzage",
        now() - Duration::days(2),
    );
    let late = record(&traces[0], Some("pseudoniem-b"), "bronnenonderzoek", now());
    let anonymous = record(&traces[0], None, "inzage", now());
    let mut tx = store.begin().await.unwrap();
    tx.append_verwerking(&early).await.unwrap();
    tx.append_verwerkingen(&[late.clone(), anonymous.clone()])
        .await
        .unwrap();
    tx.append_verwerkingen(&[]).await.unwrap();
    // Many at once: more rows than one statement takes.
    let many: Vec<AccessRecord> = (0..1234)
        .map(|n| AccessRecord {
            id: Uuid::new_v4(),
            at: now(),
            user,
            object_soort: "zoekresultaat".into(),
            object_id: Uuid::new_v4(),
            dossier_id: None,
            context: format!("zoekopdracht {n}"),
            trace_id: Some("f".repeat(32)),
        })
        .collect();
    tx.append_access_batch(&many).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    let stored = tx.access_by_traces(&["f".repeat(32)]).await.unwrap();
    assert_eq!(stored, many, "all of them, in order");
    drop(tx);
    let mut tx = store.begin_read().await.unwrap();
    let all = VerwerkingFilter {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        tx.list_verwerkingen(&all).await.unwrap(),
        vec![anonymous.clone(), late.clone(), early.clone()]
    );
    let by_subject = VerwerkingFilter {
        betrokkene: Some("pseudoniem-a".into()),
        ..all.clone()
    };
    assert_eq!(
        tx.list_verwerkingen(&by_subject).await.unwrap(),
        vec![early.clone()]
    );
    let by_activity = VerwerkingFilter {
        verwerkingsactiviteit: Some("bronnenonderzoek".into()),
        ..all.clone()
    };
    assert_eq!(
        tx.list_verwerkingen(&by_activity).await.unwrap(),
        vec![late.clone()]
    );
    let by_period = VerwerkingFilter {
        vanaf: Some(now() - Duration::days(1)),
        ..all.clone()
    };
    assert_eq!(tx.list_verwerkingen(&by_period).await.unwrap().len(), 2);
    let before = VerwerkingFilter {
        tot: Some(now() - Duration::days(1)),
        ..all.clone()
    };
    assert_eq!(
        tx.list_verwerkingen(&before).await.unwrap(),
        vec![early.clone()]
    );
    let by_trace = VerwerkingFilter {
        trace_ids: Some(vec![traces[1].clone()]),
        ..all.clone()
    };
    assert_eq!(tx.list_verwerkingen(&by_trace).await.unwrap(), vec![early]);
    let no_traces = VerwerkingFilter {
        trace_ids: Some(vec![]),
        ..all.clone()
    };
    assert!(tx.list_verwerkingen(&no_traces).await.unwrap().is_empty());
    let other = VerwerkingFilter {
        dossier_id: Some(Uuid::new_v4()),
        ..all
    };
    assert!(tx.list_verwerkingen(&other).await.unwrap().is_empty());
}

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

pub async fn protocol_versions_and_privacy_checks(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let date = |y: i32, m: u8, d: u8| {
        time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
    };
    let version =
        |gemeente: &str, versie: &str, vastgesteld: time::Date, loaded: OffsetDateTime| {
            ProtocolVersieRecord {
                id: Uuid::new_v4(),
                gemeente: gm(gemeente),
                versie: versie.into(),
                vastgesteld_op: vastgesteld,
                tekst: format!("[protocol]\nversie = \"{versie}\"\n"),
                sha256: "ab".repeat(32),
                geladen_op: loaded,
                geladen_door: Some(user),
            }
        };
    let first = version("GM0534", "2026.1", date(2026, 1, 1), now());
    let second = version(
        "GM0534",
        "2026.2",
        date(2026, 6, 1),
        now() - Duration::days(1),
    );
    let lisse = ProtocolVersieRecord {
        geladen_door: None,
        ..version("GM0553", "2026.1", date(2026, 1, 1), now())
    };
    let mut tx = store.begin().await.unwrap();
    for v in [&first, &second, &lisse] {
        tx.insert_protocol(v).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.protocol_versies(&gm("GM0534")).await.unwrap(),
        vec![second.clone(), first.clone()],
        "latest adoption date first, whatever the loading order"
    );
    assert_eq!(
        tx.protocol_versies(&gm("GM0553")).await.unwrap(),
        vec![lisse]
    );
    assert!(matches!(
        tx.insert_protocol(&ProtocolVersieRecord {
            id: Uuid::new_v4(),
            ..first.clone()
        })
        .await
        .unwrap_err(),
        StoreError::Conflict(_)
    ));
    drop(tx);

    let dossier = sample_dossier("GM0534", "S-2026-0001", user, now());
    let decision = PrivacytoetsRecord {
        id: Uuid::new_v4(),
        dossier_id: dossier.id,
        toets: "1".into(),
        goedgekeurd: true,
        bronnen: vec!["brp".into(), "woz".into()],
        antwoorden: vec![
            (
                "noodzaak".into(),
                "Zonder BRP is niet vast te stellen wie er woont.".into(),
            ),
            ("proportionaliteit".into(), "Alleen hit/no-hit.".into()),
        ],
        motivering: Some("Akkoord.".into()),
        geldig_tot: date(2027, 2, 28),
        protocol_versie: "2026.2".into(),
        beslist_door: user,
        beslist_op: now(),
        journaalpost: Uuid::new_v4(),
    };
    let refused = PrivacytoetsRecord {
        id: Uuid::new_v4(),
        goedgekeurd: false,
        bronnen: vec![],
        antwoorden: vec![],
        motivering: None,
        beslist_op: now() + Duration::seconds(1),
        ..decision.clone()
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&dossier).await.unwrap();
    tx.insert_privacytoets(&decision).await.unwrap();
    tx.insert_privacytoets(&refused).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.dossier_privacytoetsen(dossier.id).await.unwrap(),
        vec![decision, refused],
        "oldest first, answers and sources intact"
    );
    assert!(
        tx.dossier_privacytoetsen(Uuid::new_v4())
            .await
            .unwrap()
            .is_empty()
    );
}

/// Requests of data subjects: stored and changed, with restrictions and confirmed identities;
/// found for retention by the moment they were answered; removed with all their parts.
pub async fn requests_round_trip_and_retention(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let gemeente = GemeenteCode::parse("GM0534").unwrap();
    let request = |soort: &str, beantwoord_op: Option<OffsetDateTime>| VerzoekRecord {
        id: Uuid::new_v4(),
        soort: soort.into(),
        betrokkene: format!("pseudoniem-{soort}"),
        betrokkene_type: "BSN".into(),
        ontvangen_op: now().date() - Duration::days(40),
        termijn_tot: now().date() - Duration::days(10),
        geregistreerd_door: user,
        geregistreerd_op: now() - Duration::days(40),
        beantwoord_op,
        gemeente: Some(gemeente.clone()),
        entiteit_id: Some(Uuid::new_v4()),
        toelichting: Some("Brief".into()),
        verlengd_op: None,
        verlenging_motivering: None,
        besluit: None,
        besluit_motivering: None,
    };
    let old = request("wissing", Some(now() - Duration::days(800)));
    let older = request("inzage", Some(now() - Duration::days(900)));
    let recent = request("bezwaar", Some(now() - Duration::days(5)));
    let open = request("rectificatie", None);
    let mut tx = store.begin().await.unwrap();
    for r in [&old, &older, &recent, &open] {
        tx.insert_verzoek(r).await.unwrap();
    }
    let mut decided = old.clone();
    decided.besluit = Some("deels-toegewezen".into());
    decided.besluit_motivering = Some("Lopend onderzoek".into());
    tx.update_verzoek(&decided).await.unwrap();
    let beperking = BeperkingRecord {
        id: Uuid::new_v4(),
        verzoek_id: old.id,
        dossier_id: Uuid::new_v4(),
        journaalpost_id: None,
        grond: "h".into(),
        motivering: "Toezicht".into(),
        herbeoordeling: now().date() + Duration::days(30),
        vastgelegd_door: user,
        vastgelegd_op: now(),
        herbeoordeeld_op: None,
        herbeoordeling_motivering: None,
        opgeheven_op: None,
    };
    tx.insert_beperking(&beperking).await.unwrap();
    let identity = Uuid::new_v4();
    tx.insert_verzoek_identiteit(old.id, identity, user, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.verzoek(old.id).await.unwrap(), Some(decided.clone()));
    assert_eq!(
        tx.beperkingen(old.id).await.unwrap(),
        vec![beperking.clone()]
    );
    assert_eq!(
        tx.verzoek_identiteiten(old.id).await.unwrap(),
        vec![identity]
    );
    let herbeoordeling = now().date() + Duration::days(30);
    assert_eq!(
        tx.beperkingen_te_herbeoordelen(std::slice::from_ref(&gemeente), herbeoordeling)
            .await
            .unwrap(),
        vec![beperking.clone()],
        "due on its re-evaluation date"
    );
    assert!(
        tx.beperkingen_te_herbeoordelen(
            std::slice::from_ref(&gemeente),
            herbeoordeling - Duration::days(1)
        )
        .await
        .unwrap()
        .is_empty()
    );
    assert!(
        tx.beperkingen_te_herbeoordelen(&[GemeenteCode::parse("GM0553").unwrap()], herbeoordeling)
            .await
            .unwrap()
            .is_empty(),
        "another municipality's requests"
    );
    drop(tx);
    // Kept with a later date, then lifted: a lifted restriction is never due again.
    let mut kept = beperking.clone();
    kept.herbeoordeling = herbeoordeling + Duration::days(60);
    kept.herbeoordeeld_op = Some(now());
    kept.herbeoordeling_motivering = Some("Onderzoek loopt nog.".into());
    let mut tx = store.begin().await.unwrap();
    tx.update_beperking(&kept).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.beperkingen(old.id).await.unwrap(), vec![kept.clone()]);
    assert!(
        tx.beperkingen_te_herbeoordelen(std::slice::from_ref(&gemeente), herbeoordeling)
            .await
            .unwrap()
            .is_empty()
    );
    drop(tx);
    let mut lifted = kept.clone();
    lifted.opgeheven_op = Some(now());
    let mut tx = store.begin().await.unwrap();
    tx.update_beperking(&lifted).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.beperkingen(old.id).await.unwrap(), vec![lifted]);
    assert!(
        tx.beperkingen_te_herbeoordelen(
            std::slice::from_ref(&gemeente),
            herbeoordeling + Duration::days(365)
        )
        .await
        .unwrap()
        .is_empty()
    );
    let due = tx
        .verzoeken_beantwoord_voor(now() - Duration::days(730))
        .await
        .unwrap();
    assert_eq!(
        due.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![older.id, old.id],
        "answered more than two years ago, oldest first; never the open one"
    );
    drop(tx);

    let mut tx = store.begin().await.unwrap();
    tx.delete_verzoek(old.id).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.verzoek(old.id).await.unwrap(), None);
    assert!(tx.beperkingen(old.id).await.unwrap().is_empty());
    assert!(tx.verzoek_identiteiten(old.id).await.unwrap().is_empty());
    assert_eq!(
        tx.verzoeken(&[gemeente]).await.unwrap().len(),
        3,
        "the others stay"
    );
}

fn person(gemeente: &str, bsn: Option<&str>, achternaam: &str) -> EntiteitRecord {
    EntiteitRecord {
        id: Uuid::new_v4(),
        gemeente: GemeenteCode::parse(gemeente).unwrap(),
        entiteit: Entiteit::Persoon {
            bsn: bsn.map(|b| baken_domain::identifiers::Bsn::parse(b).unwrap()),
            voornamen: None,
            voorvoegsel: None,
            achternaam: achternaam.into(),
            geboortedatum: Some(time::macros::date!(1977 - 07 - 07)),
        },
        aangemaakt_op: now(),
    }
}

fn link_of(dossier: Uuid, entiteit: Uuid, user: UserId) -> DossierEntiteitRecord {
    DossierEntiteitRecord {
        dossier_id: dossier,
        entiteit_id: entiteit,
        rol: Rol::Betrokkene,
        aangemaakt_op: now(),
        aangemaakt_door: user,
    }
}

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

/// Several dossiers by id, persons by date-of-birth marker, access records in a period.
pub async fn lookups_by_ids_markers_and_periods(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let a = sample_dossier("GM0534", "S-2026-0001", user, now());
    let b = sample_dossier("GM0553", "S-2026-0001", user, now());
    let without_bsn = person("GM0534", None, "Jansen");
    let with_bsn = person("GM0553", Some("999900006"), "Jansen");
    let mut other = person("GM0534", None, "Jansen");
    if let Entiteit::Persoon { geboortedatum, .. } = &mut other.entiteit {
        *geboortedatum = Some(time::macros::date!(1980 - 01 - 01));
    }
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&a).await.unwrap();
    tx.insert_dossier(&b).await.unwrap();
    for e in [&without_bsn, &with_bsn, &other] {
        tx.insert_entiteit(e).await.unwrap();
    }
    let mut found: Vec<Uuid> = tx
        .dossiers_by_ids(&[a.id, b.id, Uuid::new_v4()])
        .await
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    found.sort();
    let mut both = vec![a.id, b.id];
    both.sort();
    assert_eq!(found, both, "unknown ids are left out");
    assert!(tx.dossiers_by_ids(&[]).await.unwrap().is_empty());
    let marker = baken_domain::entiteit::geboortekenmerk(time::macros::date!(1977 - 07 - 07));
    let mut born: Vec<Uuid> = tx
        .personen_met_kenmerk(&marker)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    born.sort();
    let mut expected = vec![without_bsn.id, with_bsn.id];
    expected.sort();
    assert_eq!(
        born, expected,
        "the same date of birth, in any municipality"
    );

    let t0 = now();
    for (n, dossier) in [(0, a.id), (10, b.id), (20, a.id)] {
        tx.append_access(&AccessRecord {
            id: Uuid::new_v4(),
            at: t0 + Duration::minutes(n),
            user,
            object_soort: "dossier".into(),
            object_id: dossier,
            dossier_id: Some(dossier),
            context: "test".into(),
            trace_id: None,
        })
        .await
        .unwrap();
    }
    let period = tx
        .access_between(t0 + Duration::minutes(5), t0 + Duration::minutes(25), 10)
        .await
        .unwrap();
    assert_eq!(
        period.iter().map(|r| r.object_id).collect::<Vec<_>>(),
        [b.id, a.id],
        "within the period, oldest first"
    );
    assert_eq!(
        tx.access_between(t0, t0 + Duration::minutes(30), 1)
            .await
            .unwrap()
            .len(),
        1
    );
    tx.commit().await.unwrap();
}

/// `lock_key` serialises transactions that lock the same key: the second waits for the first.
pub async fn a_locked_key_waits_for_the_holder(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let mut first = store.begin().await.unwrap();
    first.lock_key("account:a@example.nl").await.unwrap();
    let released = std::sync::Mutex::new(None);
    let second = async {
        let mut tx = store.begin().await.unwrap();
        tx.lock_key("account:a@example.nl").await.unwrap();
        let got = std::time::Instant::now();
        tx.commit().await.unwrap();
        got
    };
    let holder = async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        *released.lock().unwrap() = Some(std::time::Instant::now());
        first.commit().await.unwrap();
    };
    let (got, ()) = tokio::join!(second, holder);
    let released = released.lock().unwrap().expect("released");
    assert!(
        got >= released,
        "the second lock was taken before the first was released"
    );
}
