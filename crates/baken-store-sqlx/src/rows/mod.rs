//! Row types, decoded the same way on both backends, and their conversion into store records.

mod accounts;
mod cases;
mod consultations;
mod dossiers;
mod entities;
mod interventions;
mod journal;
mod logs;
mod meetings;
mod partner_requests;
mod protocol;
mod requests;
mod retention;
mod search;
mod sessions;
pub use accounts::*;
pub use cases::*;
pub use consultations::*;
pub use dossiers::*;
pub use entities::*;
pub use interventions::*;
pub use journal::*;
pub use logs::*;
pub use meetings::*;
pub use partner_requests::*;
pub use protocol::*;
pub use requests::*;
pub use retention::*;
pub use search::*;
pub use sessions::*;

use baken_store::StoreError;

pub type Instant = time::OffsetDateTime;
/// A calendar date as both backends store it.
pub type Day = time::Date;

/// Turns a value the database holds but the domain refuses into a backend error: it means the
/// database was changed behind Baken's back.
pub(crate) fn corrupt(what: &str, reason: String) -> StoreError {
    StoreError::Backend(format!("invalid {what} in database: {reason}"))
}

#[macro_export]
#[doc(hidden)]
macro_rules! toegangsverzoek_columns {
    () => {
        "id, dossier_id, gemeente_code, gevraagd_door, gevraagd_op, reden, besluit, beslist_door, beslist_op, motivering"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! toetsaanvraag_columns {
    () => {
        "id, dossier_id, gemeente_code, toets, toelichting, aangevraagd_door, aangevraagd_op, besluit, beslist_op"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! user_columns {
    () => {
        "id, email, name, password_hash, active, bibob_clearance, totp_secret, totp_confirmed, totp_last_step, created_at"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! verzoek_columns {
    () => {
        "id, soort, betrokkene, betrokkene_type, ontvangen_op, termijn_tot, geregistreerd_door, geregistreerd_op, beantwoord_op, \
         gemeente_code, entiteit_id, toelichting, verlengd_op, verlenging_motivering, besluit, besluit_motivering"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! session_columns {
    () => {
        "id, token_hash, user_id, stage, created_at, last_seen_at, expires_at, active_gemeente, client_addr, user_agent"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! api_token_columns {
    () => {
        "id, user_id, label, token_hash, created_at, last_used_at, revoked_at, expires_at"
    };
}
