//! Rows of the sessions aggregate.

use super::*;

use baken_domain::{GemeenteCode, UserId};
use baken_store::{ApiTokenRecord, SessionRecord, SessionStage, StoreResult};
use sqlx::types::Uuid;

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
    expires_at: Option<Instant>,
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
            expires_at: r.expires_at,
        }
    }
}
