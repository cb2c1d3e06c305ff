//! Rows of the accounts aggregate.

use super::*;

use baken_domain::{DisplayName, Email, Gemeente, GemeenteCode, GemeenteNaam, Role, UserId};
use baken_store::{StoreResult, ThrottleRecord, TotpState, UserRecord};
use sqlx::types::Uuid;

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
