//! The storage port for sessions and API tokens.

use crate::*;
use async_trait::async_trait;

/// The queries on sessions and API tokens.
#[async_trait]
pub trait SessionsRead: Send {
    async fn session_by_token_hash(
        &mut self,
        token_hash: &str,
    ) -> StoreResult<Option<SessionRecord>>;
    async fn list_user_sessions(&mut self, user: UserId) -> StoreResult<Vec<SessionRecord>>;
    async fn api_token_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<ApiTokenRecord>>;
    async fn list_api_tokens(&mut self, user: UserId) -> StoreResult<Vec<ApiTokenRecord>>;
}

/// The changes to sessions and API tokens.
#[async_trait]
pub trait SessionsWrite: Send {
    // Sessions.
    async fn insert_session(&mut self, session: &SessionRecord) -> StoreResult<()>;
    async fn update_session(&mut self, session: &SessionRecord) -> StoreResult<()>;
    async fn delete_session(&mut self, id: uuid::Uuid) -> StoreResult<()>;
    /// Deletes every session of a user except `keep`; returns how many were deleted.
    async fn delete_user_sessions(
        &mut self,
        user: UserId,
        keep: Option<uuid::Uuid>,
    ) -> StoreResult<u64>;
    async fn delete_sessions_expired_before(
        &mut self,
        cutoff: time::OffsetDateTime,
    ) -> StoreResult<u64>;

    // API tokens.
    async fn insert_api_token(&mut self, token: &ApiTokenRecord) -> StoreResult<()>;
    /// Revokes every active token of a user (password change, sign out everywhere); how many.
    async fn revoke_user_api_tokens(
        &mut self,
        user: UserId,
        at: time::OffsetDateTime,
    ) -> StoreResult<u64>;
    async fn revoke_api_token(
        &mut self,
        user: UserId,
        id: uuid::Uuid,
        at: time::OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn touch_api_token(
        &mut self,
        id: uuid::Uuid,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
}
