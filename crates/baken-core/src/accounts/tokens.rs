//! API tokens: created with an expiry, resolved per request, listed and revoked.

use super::*;
use crate::Services;
use crate::audit::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_token, token_hash};
use baken_domain::{Actor, Email, ValidationErrors};
use baken_store::ApiTokenRecord;
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

impl Services {
    /// Resolves an API bearer token to the actor it acts for.
    pub async fn authenticate_token(
        &self,
        token: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<Actor> {
        let now = self.clock.now();
        let (record, user) = {
            let mut tx = self.store.begin_read().await?;
            let record = tx
                .api_token_by_hash(&token_hash(token))
                .await?
                .filter(|t| t.revoked_at.is_none() && self.token_expiry(t) > now);
            let Some(record) = record else {
                return Err(ServiceError::Unauthenticated);
            };
            let user = tx
                .user_by_id(record.user_id)
                .await?
                .filter(|u| u.active)
                .ok_or(ServiceError::Unauthenticated)?;
            (record, user)
        };
        if record
            .last_used_at
            .is_none_or(|at| now - at > Duration::minutes(1))
        {
            let mut tx = self.store.begin().await?;
            tx.touch_api_token(record.id, now).await?;
            self.audit(Some(user.id), ctx)
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::TokenGebruikt,
                    Some(format!("token:{}", record.id)),
                    crate::audit::Outcome::Gelukt,
                    json!({}),
                )
                .await?;
            tx.commit().await?;
        }
        Ok(actor_of(&user))
    }

    /// When a token stops working: its own expiry, or (tokens from before expiry existed) the
    /// longest lifetime after its creation.
    pub fn token_expiry(&self, token: &ApiTokenRecord) -> OffsetDateTime {
        let longest = token.created_at + Duration::days(self.config.token_max_days);
        token.expires_at.map_or(longest, |e| e.min(longest))
    }

    /// Creates an API token for the account with this e-mail address, valid for `dagen` days
    /// (default [`TOKEN_DEFAULT_DAYS`], at most the configured maximum). Returns the token, shown
    /// once.
    pub async fn create_api_token(
        &self,
        caller: &crate::Caller,
        email: &str,
        label: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<(ApiTokenRecord, String)> {
        self.create_api_token_for(caller, email, label, None, ctx)
            .await
    }

    /// [`Self::create_api_token`] with a lifetime in days.
    pub async fn create_api_token_for(
        &self,
        caller: &crate::Caller,
        email: &str,
        label: &str,
        dagen: Option<i64>,
        ctx: &RequestContext,
    ) -> ServiceResult<(ApiTokenRecord, String)> {
        let mut errors = ValidationErrors::new();
        let email = errors.check("email", Email::parse(email));
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 {
            errors.add("naam", "Geef het token een naam van 1 tot 100 tekens.");
        }
        let max = self.config.token_max_days;
        let dagen = dagen.unwrap_or(TOKEN_DEFAULT_DAYS.min(max));
        if !(1..=max).contains(&dagen) {
            errors.add(
                "dagen",
                format!("Kies een geldigheid van 1 tot en met {max} dagen."),
            );
        }
        errors.into_result()?;
        let email = email.expect("checked");
        let mut tx = self.store.begin().await?;
        let user = tx
            .user_by_email(email.as_str())
            .await?
            .ok_or(ServiceError::NotFound)?;
        let is_self = matches!(caller, crate::Caller::User(a) if a.user_id == user.id);
        let is_admin =
            matches!(caller, crate::Caller::User(a) if a.may(baken_domain::Permission::Administer));
        if !(matches!(caller, crate::Caller::System) || is_self || is_admin) {
            return Err(ServiceError::NotFound);
        }
        let token = format!("bkn_{}", random_token());
        let record = ApiTokenRecord {
            id: Uuid::new_v4(),
            user_id: user.id,
            label: label.to_string(),
            token_hash: token_hash(&token),
            created_at: self.clock.now(),
            last_used_at: None,
            revoked_at: None,
            expires_at: Some(self.clock.now() + Duration::days(dagen)),
        };
        tx.insert_api_token(&record).await?;
        self.audit(caller.actor_id(), ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::TokenAangemaakt,
                Some(format!("token:{}", record.id)),
                crate::audit::Outcome::Gelukt,
                json!({"gebruiker": user.id, "naam": label, "dagen": dagen}),
            )
            .await?;
        tx.commit().await?;
        Ok((record, token))
    }

    /// The API tokens of a signed-in user.
    pub async fn api_tokens_of(&self, view: &SessionView) -> ServiceResult<Vec<ApiTokenRecord>> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx.list_api_tokens(view.user.id).await?)
    }

    /// Revokes one of the user's own API tokens.
    pub async fn revoke_api_token(
        &self,
        view: &SessionView,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        if !tx
            .revoke_api_token(view.user.id, id, self.clock.now())
            .await?
        {
            return Err(ServiceError::NotFound);
        }
        self.audit(Some(view.user.id), ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::TokenIngetrokken,
                Some(format!("token:{id}")),
                crate::audit::Outcome::Gelukt,
                json!({}),
            )
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
