//! Sessions: resolving a cookie, idle and absolute time-outs, signing out (here or everywhere), the
//! active municipality, the password change.

use super::*;
use crate::Services;
use crate::audit::{RequestContext, user_object};
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{hash_password, token_hash, verify_password};
use baken_domain::{Actor, GemeenteCode, UserId, ValidationErrors, password};
use baken_store::{SessionRecord, SessionStage, UserRecord};
use serde_json::json;
use time::Duration;
use uuid::Uuid;

impl Services {
    /// Resolves a session token, whatever its stage. Expired (idle or absolute) sessions are ended.
    pub async fn session(&self, token: &str, ctx: &RequestContext) -> ServiceResult<SessionView> {
        let now = self.clock.now();
        let (mut session, user) = {
            let mut tx = self.store.begin_read().await?;
            let Some(session) = tx.session_by_token_hash(&token_hash(token)).await? else {
                return Err(ServiceError::Unauthenticated);
            };
            let user = tx.user_by_id(session.user_id).await?.filter(|u| u.active);
            (session, user)
        };
        let idle = Duration::minutes(self.config.session_idle_minutes);
        let expired = session.last_seen_at + idle < now || session.expires_at < now;
        let Some(user) = user.filter(|_| !expired) else {
            let mut tx = self.store.begin().await?;
            tx.delete_session(session.id).await?;
            self.audit(Some(session.user_id), ctx)
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::SessieVerlopen,
                    Some(format!("sessie:{}", session.id)),
                    crate::audit::Outcome::Gelukt,
                    json!({}),
                )
                .await?;
            tx.commit().await?;
            return Err(ServiceError::Unauthenticated);
        };
        // Writing on every request would serialise all reads on SQLite; a few seconds of slack in
        // the idle time-out is harmless.
        if now - session.last_seen_at > Duration::seconds(15) {
            session.last_seen_at = now;
            let mut tx = self.store.begin().await?;
            tx.update_session(&session).await?;
            tx.commit().await?;
        }
        let actor = actor_of(&user);
        Ok(SessionView {
            session,
            user,
            actor,
        })
    }

    /// Resolves a fully signed-in session (password and, where needed, second factor).
    pub async fn complete_session(
        &self,
        token: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<SessionView> {
        let view = self.session(token, ctx).await?;
        if view.session.stage == SessionStage::Complete {
            Ok(view)
        } else {
            Err(ServiceError::Unauthenticated)
        }
    }

    /// Ends one session (sign out).
    pub async fn sign_out(&self, token: &str, ctx: &RequestContext) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        if let Some(session) = tx.session_by_token_hash(&token_hash(token)).await? {
            tx.delete_session(session.id).await?;
            self.audit(Some(session.user_id), ctx)
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::Afmelden,
                    Some(format!("sessie:{}", session.id)),
                    crate::audit::Outcome::Gelukt,
                    json!({}),
                )
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Ends every session of the user, this one included.
    pub async fn sign_out_everywhere(
        &self,
        view: &SessionView,
        ctx: &RequestContext,
    ) -> ServiceResult<u64> {
        let mut tx = self.store.begin().await?;
        let ended = tx.delete_user_sessions(view.user.id, None).await?;
        let tokens = tx
            .revoke_user_api_tokens(view.user.id, self.clock.now())
            .await?;
        self.audit(Some(view.user.id), ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::AfmeldenOveral,
                user_object(view.user.id),
                crate::audit::Outcome::Gelukt,
                json!({"sessies": ended, "tokens": tokens}),
            )
            .await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// The user's active sessions, newest first.
    pub async fn sessions_of(&self, view: &SessionView) -> ServiceResult<Vec<SessionRecord>> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx.list_user_sessions(view.user.id).await?)
    }

    /// Ends one of the user's own sessions; 404 for anyone else's.
    pub async fn end_session(
        &self,
        view: &SessionView,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        let own = tx
            .list_user_sessions(view.user.id)
            .await?
            .into_iter()
            .any(|s| s.id == id);
        if !own {
            return Err(ServiceError::NotFound);
        }
        tx.delete_session(id).await?;
        self.audit(Some(view.user.id), ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::SessieBeeindigd,
                Some(format!("sessie:{id}")),
                crate::audit::Outcome::Gelukt,
                json!({}),
            )
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Switches the municipality the user works in; only to one they hold.
    pub async fn choose_gemeente(&self, view: &SessionView, code: &str) -> ServiceResult<()> {
        let code = GemeenteCode::parse(code).map_err(|_| ServiceError::NotFound)?;
        if !view.actor.may_access_gemeente(&code) {
            return Err(ServiceError::NotFound);
        }
        let mut session = view.session.clone();
        session.active_gemeente = Some(code);
        let mut tx = self.store.begin().await?;
        tx.update_session(&session).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the user's own password; other sessions are ended.
    pub async fn change_password(
        &self,
        view: &SessionView,
        current: &str,
        new: &str,
        repeat: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut errors = ValidationErrors::new();
        if !verify_password(current.to_string(), Some(view.user.password_hash.clone())).await {
            errors.add("huidig", "Het huidige wachtwoord klopt niet.");
        }
        if let Err(reason) = password::check_new_password(new) {
            errors.add("nieuw", reason);
        } else if new != repeat {
            errors.add("herhaling", "De twee nieuwe wachtwoorden zijn niet gelijk.");
        }
        errors.into_result()?;
        let hash = hash_password(new.to_string())
            .await
            .map_err(ServiceError::Internal)?;
        let mut tx = self.store.begin().await?;
        tx.set_password_hash(view.user.id, &hash).await?;
        let ended = tx
            .delete_user_sessions(view.user.id, Some(view.session.id))
            .await?;
        // A token acts with the account's rights: a new password ends the old tokens too.
        let tokens = tx
            .revoke_user_api_tokens(view.user.id, self.clock.now())
            .await?;
        self.audit(Some(view.user.id), ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::WachtwoordGewijzigd,
                user_object(view.user.id),
                crate::audit::Outcome::Gelukt,
                json!({"andere_sessies_beeindigd": ended, "tokens_ingetrokken": tokens}),
            )
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes sessions past their absolute expiry (idle ones are removed when next presented).
    pub async fn purge_expired_sessions(&self) -> ServiceResult<u64> {
        let mut tx = self.store.begin().await?;
        let purged = tx.delete_sessions_expired_before(self.clock.now()).await?;
        tx.commit().await?;
        Ok(purged)
    }

    /// The actor behind a user id, for adapters that resolved identity elsewhere (tests, CLI).
    pub async fn actor(&self, id: UserId) -> ServiceResult<Actor> {
        let mut tx = self.store.begin_read().await?;
        let user = tx
            .user_by_id(id)
            .await?
            .filter(|u| u.active)
            .ok_or(ServiceError::NotFound)?;
        Ok(actor_of(&user))
    }

    /// The full account record of an actor (for "Mijn account" and the user profile).
    pub async fn profile(&self, actor: &Actor) -> ServiceResult<UserRecord> {
        let mut tx = self.store.begin_read().await?;
        tx.user_by_id(actor.user_id)
            .await?
            .ok_or(ServiceError::NotFound)
    }
}
