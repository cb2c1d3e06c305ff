//! The storage port for municipalities, users, their second factor and recovery codes, and sign-in throttling.

use crate::*;
use async_trait::async_trait;

/// The queries on municipalities, users, their second factor and recovery codes, and sign-in throttling.
#[async_trait]
pub trait AccountsRead: Send {
    async fn list_gemeenten(&mut self) -> StoreResult<Vec<Gemeente>>;
    async fn count_users(&mut self) -> StoreResult<i64>;
    async fn user_by_id(&mut self, id: UserId) -> StoreResult<Option<UserRecord>>;
    async fn user_by_email(&mut self, email: &str) -> StoreResult<Option<UserRecord>>;
    /// Only the display name (one cheap query, for pages that mention people).
    async fn user_name(&mut self, id: UserId) -> StoreResult<Option<String>>;
    /// Display names of several users in one query (unknown ids are left out).
    async fn user_names(&mut self, ids: &[UserId]) -> StoreResult<Vec<(UserId, String)>>;
    async fn list_users(&mut self) -> StoreResult<Vec<UserRecord>>;
    async fn count_unused_recovery_codes(&mut self, id: UserId) -> StoreResult<i64>;

    // Sign-in throttling, keyed by account or client address.
    async fn throttle(&mut self, key: &str) -> StoreResult<Option<ThrottleRecord>>;
}

/// The changes to municipalities, users, their second factor and recovery codes, and sign-in throttling.
#[async_trait]
pub trait AccountsWrite: Send {
    // Municipalities.
    async fn insert_gemeente(&mut self, gemeente: &Gemeente) -> StoreResult<()>;
    async fn rename_gemeente(
        &mut self,
        code: &GemeenteCode,
        naam: &GemeenteNaam,
    ) -> StoreResult<bool>;

    // Users.
    async fn insert_user(&mut self, user: &UserRecord) -> StoreResult<()>;
    async fn update_user_profile(
        &mut self,
        id: UserId,
        update: &UserProfileUpdate,
    ) -> StoreResult<bool>;
    async fn set_user_access(
        &mut self,
        id: UserId,
        roles: &[Role],
        gemeenten: &[GemeenteCode],
    ) -> StoreResult<()>;
    async fn set_password_hash(&mut self, id: UserId, hash: &str) -> StoreResult<()>;
    async fn set_totp(&mut self, id: UserId, totp: &TotpState) -> StoreResult<()>;
    async fn replace_recovery_codes(
        &mut self,
        id: UserId,
        code_hashes: &[String],
    ) -> StoreResult<()>;
    /// Consumes a recovery code: true when it existed and was unused (it is then marked used).
    async fn use_recovery_code(&mut self, id: UserId, code_hash: &str) -> StoreResult<bool>;
    async fn put_throttle(&mut self, record: &ThrottleRecord) -> StoreResult<()>;
    async fn clear_throttle(&mut self, key: &str) -> StoreResult<()>;
    /// Serialises the transactions that lock the same key until they end (an advisory lock where
    /// the database has one; SQLite's write transactions are serial already). Lock keys in one
    /// order everywhere.
    async fn lock_key(&mut self, key: &str) -> StoreResult<()>;
}
