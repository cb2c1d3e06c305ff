//! The storage port for the full-text index.

use crate::*;
use async_trait::async_trait;

/// The queries on the full-text index.
#[async_trait]
pub trait SearchRead: Send {
    /// Full-text search within one municipality: every term must match. Newest text first; with
    /// `before` (the cursor of the previous page's last hit) only older texts.
    async fn search(
        &mut self,
        gemeente: &GemeenteCode,
        terms: &[String],
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<SearchHit>>;
}

/// The changes to the full-text index.
#[async_trait]
pub trait SearchWrite: Send {
    async fn index_text(&mut self, text: &SearchText) -> StoreResult<()>;
}
