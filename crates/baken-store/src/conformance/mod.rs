//! The conformance suite: behaviour every adapter must show, run by each adapter's tests against a
//! real database (a temporary SQLite file; a fresh PostgreSQL database).
//!
//! Adapters call [`conformance_tests!`](crate::conformance_tests) with an expression that yields a fresh,
//! migrated `Box<dyn Store>`; each case becomes its own `#[tokio::test]`.

// Conformance cases read as one story each; the limits are for production code.
#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

pub(crate) use crate::*;
pub(crate) use baken_domain::entiteit::{Entiteit, EntiteitSoort, Rol};
pub(crate) use baken_domain::identifiers::{Kenteken, Postcode};
pub(crate) use baken_domain::signaal::{Bron, Fenomeen, SignaalStatus};
pub(crate) use baken_domain::{DisplayName, Email};
pub(crate) use time::{Duration, OffsetDateTime};
pub(crate) use uuid::Uuid;

mod accounts;
mod cases;
mod consultations;
mod dossiers;
mod eigen_registers;
mod entities;
mod interventions;
mod journal;
mod logs;
mod meetings;
mod partner_requests;
mod protocol;
mod registers;
mod requests;
mod retention;
mod search;
mod sessions;
mod transactions;
pub use accounts::*;
pub use cases::*;
pub use consultations::*;
pub use dossiers::*;
pub use eigen_registers::*;
pub use entities::*;
pub use interventions::*;
pub use journal::*;
pub use logs::*;
pub use meetings::*;
pub use partner_requests::*;
pub use protocol::*;
pub use registers::*;
pub use requests::*;
pub use retention::*;
pub use search::*;
pub use sessions::*;
pub use transactions::*;

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
            reads_do_not_wait_for_a_writer, dossiers_round_trip_with_numbers_and_versions, dossiers_held_by_a_user,
            backlog_filters_and_keyset_paging, entities_are_shared_by_key, journal_rows_and_heads,
            access_log_round_trip, search_matches_all_terms_within_one_municipality, attachments_round_trip,
            protocol_versions_and_privacy_checks, weighings_and_check_requests, join_requests_round_trip, interventions_steps_and_deadlines, catalogue_versions, cases_and_tasks_round_trip,
            meetings_agendas_and_decisions, requests_round_trip_and_retention,
            retention_destroys_and_anonymises_per_dossier, lookups_by_ids_markers_and_periods,
            a_locked_key_waits_for_the_holder, bag_register_round_trip, kvk_register_round_trip,
            sanctions_register_round_trip, own_registers_round_trip, consultations_round_trip,
            partner_requests_round_trip);
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

pub(crate) fn gemeente(code: &str, naam: &str) -> Gemeente {
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

pub(crate) async fn with_gemeenten(store: &dyn Store, codes: &[(&str, &str)]) {
    let mut tx = store.begin().await.unwrap();
    for (code, naam) in codes {
        tx.insert_gemeente(&gemeente(code, naam)).await.unwrap();
    }
    tx.commit().await.unwrap();
}

pub(crate) fn session(user: UserId, token_hash: &str, stage: SessionStage) -> SessionRecord {
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

pub(crate) fn audit(action: &str, actor: Option<UserId>) -> AuditRecord {
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
        soort: baken_domain::dossier::DossierSoort::Signaal,
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
        herbeoordelen_op: None,
    }
}

pub(crate) fn person(gemeente: &str, bsn: Option<&str>, achternaam: &str) -> EntiteitRecord {
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

pub(crate) fn link_of(dossier: Uuid, entiteit: Uuid, user: UserId) -> DossierEntiteitRecord {
    DossierEntiteitRecord {
        dossier_id: dossier,
        entiteit_id: entiteit,
        rol: Rol::Betrokkene,
        aangemaakt_op: now(),
        aangemaakt_door: user,
    }
}
