//! Baken's domain: the vocabulary of the werkorganisatie, validated values ("parse, don't validate"),
//! roles and the authorisation decisions that every service applies.
//!
//! This crate does no I/O. It is the one place where the rules live, so that the store, the services,
//! the HTML pages and the API cannot disagree about what a valid municipality code, e-mail address or
//! password is, or about who may do what.

pub mod account;
pub mod authz;
pub mod bag;
pub mod casus;
pub mod dossier;
pub mod eigen_register;
pub mod entiteit;
pub mod gemeente;
pub mod identifiers;
pub mod journal;
pub mod kvk;
pub mod maatregelen;
pub mod overleg;
pub mod partnerverzoek;
pub mod password;
pub mod protocol;
pub mod sanctie;
pub mod signaal;
pub mod termijnen;
pub mod tijd;
pub mod validation;
pub mod verwerking;
pub mod verzoek;
mod vocabulary;
pub mod weging;

pub use account::{DisplayName, Email, Role, UserId};
pub use authz::{Actor, Permission};
pub use gemeente::{Gemeente, GemeenteCode, GemeenteNaam};
pub use validation::{FieldError, ValidationErrors};
