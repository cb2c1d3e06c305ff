//! Audit records for the security audit log, written in the transaction of the action they describe.

use baken_domain::UserId;
use baken_store::{AuditRecord, StoreResult, Tx};
use time::OffsetDateTime;
use uuid::Uuid;

/// What the adapter knows about the request that started a use case.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

pub(crate) struct Audit<'a> {
    pub at: OffsetDateTime,
    pub actor: Option<UserId>,
    pub ctx: &'a RequestContext,
}

impl Audit<'_> {
    pub async fn write(
        &self,
        tx: &mut dyn Tx,
        action: &str,
        object: Option<String>,
        outcome: &str,
        details: serde_json::Value,
    ) -> StoreResult<()> {
        tx.append_audit(&AuditRecord {
            id: Uuid::new_v4(),
            at: self.at,
            actor: self.actor,
            action: action.into(),
            object,
            outcome: outcome.into(),
            client_addr: self.ctx.client_addr.clone(),
            details,
        })
        .await
    }
}

pub(crate) fn user_object(id: UserId) -> Option<String> {
    Some(format!("gebruiker:{id}"))
}
