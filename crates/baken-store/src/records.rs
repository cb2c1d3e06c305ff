//! Plain records as the store keeps them. Validated domain values go in; the store does not judge.

use baken_domain::{DisplayName, Email, GemeenteCode, Role, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A user account.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: UserId,
    pub email: Email,
    pub name: DisplayName,
    /// PHC string (argon2id).
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub gemeenten: Vec<GemeenteCode>,
    pub active: bool,
    /// May this user see Wet Bibob information (art. 28)? Granted by an administrator.
    pub bibob_clearance: bool,
    pub totp: TotpState,
    pub created_at: OffsetDateTime,
}

/// Changes an administrator may make to an account's profile.
#[derive(Debug, Clone, PartialEq)]
pub struct UserProfileUpdate {
    pub name: DisplayName,
    pub active: bool,
    pub bibob_clearance: bool,
}

/// A user's TOTP second factor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TotpState {
    /// Base32 secret; present from the moment enrolment starts.
    pub secret: Option<String>,
    /// True once the user proved possession with a valid code.
    pub confirmed: bool,
    /// The last 30-second step a code was accepted for, so a code is accepted only once.
    pub last_step: Option<i64>,
}

/// Failed sign-in attempts for one key (`account:<email>` or `client:<address>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleRecord {
    pub key: String,
    pub failures: i64,
    pub first_failure_at: OffsetDateTime,
    pub locked_until: Option<OffsetDateTime>,
}

/// How far a session has come through sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Password accepted; the TOTP code is still due.
    AwaitingMfa,
    /// Password accepted; the account has no second factor yet and must enrol one.
    MustEnrolMfa,
    /// Fully signed in.
    Complete,
}

impl SessionStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::AwaitingMfa => "mfa",
            SessionStage::MustEnrolMfa => "mfa-inrichten",
            SessionStage::Complete => "volledig",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            SessionStage::AwaitingMfa,
            SessionStage::MustEnrolMfa,
            SessionStage::Complete,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// A browser session. Only the SHA-256 of its token is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub id: Uuid,
    pub token_hash: String,
    pub user_id: UserId,
    pub stage: SessionStage,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// The municipality the user chose to work in (switcher), if any.
    pub active_gemeente: Option<GemeenteCode>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

/// A bearer token for the API. Only the SHA-256 of the token is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiTokenRecord {
    pub id: Uuid,
    pub user_id: UserId,
    pub label: String,
    pub token_hash: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

/// One entry of the security audit log: who did what, when, with which outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub actor: Option<UserId>,
    /// Dotted event name, e.g. `aanmelden.mislukt`.
    pub action: String,
    /// What it was done to, e.g. `gebruiker:<uuid>`; never personal data in clear.
    pub object: Option<String>,
    /// `gelukt`, `mislukt` or `geweigerd`.
    pub outcome: String,
    pub client_addr: Option<String>,
    pub details: serde_json::Value,
}

/// Which audit records to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    pub action_prefix: Option<String>,
    pub limit: i64,
}
