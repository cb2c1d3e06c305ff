//! Row types, decoded the same way on both backends, and their conversion into store records.

use baken_domain::{DisplayName, Email, Gemeente, GemeenteCode, GemeenteNaam, Role, UserId};
use baken_store::{
    ApiTokenRecord, AuditRecord, SessionRecord, SessionStage, StoreError, StoreResult,
    ThrottleRecord, TotpState, UserRecord,
};
use sqlx::types::{Json, Uuid};

pub type Instant = time::OffsetDateTime;

/// Turns a value the database holds but the domain refuses into a backend error: it means the
/// database was changed behind Baken's back.
fn corrupt(what: &str, reason: String) -> StoreError {
    StoreError::Backend(format!("invalid {what} in database: {reason}"))
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
macro_rules! session_columns {
    () => {
        "id, token_hash, user_id, stage, created_at, last_seen_at, expires_at, active_gemeente, client_addr, user_agent"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! api_token_columns {
    () => {
        "id, user_id, label, token_hash, created_at, last_used_at, revoked_at"
    };
}

#[derive(sqlx::FromRow)]
pub struct GemeenteRow {
    code: String,
    naam: String,
}

impl GemeenteRow {
    pub fn into_gemeente(self) -> StoreResult<Gemeente> {
        Ok(Gemeente {
            code: GemeenteCode::parse(&self.code).map_err(|e| corrupt("gemeente code", e))?,
            naam: GemeenteNaam::parse(&self.naam).map_err(|e| corrupt("gemeente naam", e))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    email: String,
    name: String,
    password_hash: String,
    active: bool,
    bibob_clearance: bool,
    totp_secret: Option<String>,
    totp_confirmed: bool,
    totp_last_step: Option<i64>,
    created_at: Instant,
}

impl UserRow {
    pub fn into_record(
        self,
        roles: Vec<String>,
        gemeenten: Vec<String>,
    ) -> StoreResult<UserRecord> {
        let mut roles: Vec<Role> = roles
            .iter()
            .map(|r| Role::parse(r))
            .collect::<Result<_, _>>()
            .map_err(|e| corrupt("role", e))?;
        roles.sort();
        Ok(UserRecord {
            id: UserId(self.id),
            email: Email::parse(&self.email).map_err(|e| corrupt("email", e))?,
            name: DisplayName::parse(&self.name).map_err(|e| corrupt("name", e))?,
            password_hash: self.password_hash,
            roles,
            gemeenten: gemeenten
                .iter()
                .map(|g| GemeenteCode::parse(g))
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt("gemeente", e))?,
            active: self.active,
            bibob_clearance: self.bibob_clearance,
            totp: TotpState {
                secret: self.totp_secret,
                confirmed: self.totp_confirmed,
                last_step: self.totp_last_step,
            },
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ThrottleRow {
    key: String,
    failures: i64,
    first_failure_at: Instant,
    locked_until: Option<Instant>,
}

impl From<ThrottleRow> for ThrottleRecord {
    fn from(r: ThrottleRow) -> Self {
        ThrottleRecord {
            key: r.key,
            failures: r.failures,
            first_failure_at: r.first_failure_at,
            locked_until: r.locked_until,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct SessionRow {
    id: Uuid,
    token_hash: String,
    user_id: Uuid,
    stage: String,
    created_at: Instant,
    last_seen_at: Instant,
    expires_at: Instant,
    active_gemeente: Option<String>,
    client_addr: Option<String>,
    user_agent: Option<String>,
}

impl SessionRow {
    pub fn into_record(self) -> StoreResult<SessionRecord> {
        Ok(SessionRecord {
            id: self.id,
            token_hash: self.token_hash,
            user_id: UserId(self.user_id),
            stage: SessionStage::parse(&self.stage)
                .ok_or_else(|| corrupt("session stage", self.stage.clone()))?,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
            expires_at: self.expires_at,
            active_gemeente: self
                .active_gemeente
                .map(|g| GemeenteCode::parse(&g))
                .transpose()
                .map_err(|e| corrupt("active gemeente", e))?,
            client_addr: self.client_addr,
            user_agent: self.user_agent,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ApiTokenRow {
    id: Uuid,
    user_id: Uuid,
    label: String,
    token_hash: String,
    created_at: Instant,
    last_used_at: Option<Instant>,
    revoked_at: Option<Instant>,
}

impl From<ApiTokenRow> for ApiTokenRecord {
    fn from(r: ApiTokenRow) -> Self {
        ApiTokenRecord {
            id: r.id,
            user_id: UserId(r.user_id),
            label: r.label,
            token_hash: r.token_hash,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    id: Uuid,
    at: Instant,
    actor: Option<Uuid>,
    action: String,
    object: Option<String>,
    outcome: String,
    client_addr: Option<String>,
    details: Json<serde_json::Value>,
}

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> Self {
        AuditRecord {
            id: r.id,
            at: r.at,
            actor: r.actor.map(UserId),
            action: r.action,
            object: r.object,
            outcome: r.outcome,
            client_addr: r.client_addr,
            details: r.details.0,
        }
    }
}
