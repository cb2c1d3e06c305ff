//! Signing in: the password (throttled per account and client address, counted before it is
//! checked), then the second factor; a new session token after each step.

use super::*;
use crate::Services;
use crate::audit::{Audit, RequestContext, user_object};
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_token, token_hash, verify_password};
use baken_domain::{Email, UserId};
use baken_store::{SessionRecord, SessionStage, ThrottleRecord, TotpState, Tx, UserRecord};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

impl Services {
    pub(super) fn audit<'a>(&self, actor: Option<UserId>, ctx: &'a RequestContext) -> Audit<'a> {
        Audit {
            at: self.clock.now(),
            actor,
            ctx,
        }
    }

    fn throttle_keys(email: &str, ctx: &RequestContext) -> Vec<String> {
        let mut keys = vec![format!("account:{email}")];
        if let Some(addr) = &ctx.client_addr {
            keys.push(format!("client:{addr}"));
        }
        keys
    }

    async fn refuse_slowly(&self) {
        tokio::time::sleep(std::time::Duration::from_millis(
            self.config.login_refusal_delay_ms,
        ))
        .await;
    }

    /// Checks an e-mail address and password. On success a session begins (still awaiting the second
    /// factor when the account has or needs one). Failures are counted per account and per client
    /// address; past the limit every attempt is delayed and refused, even with the right password.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<SignInOutcome> {
        let email = Email::parse(email)
            .map(|e| e.as_str().to_string())
            .unwrap_or_else(|_| email.trim().to_lowercase());
        let now = self.clock.now();
        let keys = Self::throttle_keys(&email, ctx);

        let mut tx = self.store.begin().await?;
        // Check and count in one serialised step per key: parallel attempts cannot all pass the
        // check before any of them is counted.
        for key in &keys {
            tx.lock_key(key).await?;
        }
        let mut locked_until = None;
        for key in &keys {
            if let Some(until) = tx
                .throttle(key)
                .await?
                .and_then(|rec| rec.locked_until)
                .filter(|u| *u > now)
            {
                locked_until = locked_until.max(Some(until));
            }
        }
        if let Some(until) = locked_until {
            self.audit(None, ctx)
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::AanmeldenGeweigerd,
                    None,
                    crate::audit::Outcome::Geweigerd,
                    json!({"email": email, "reden": "te veel mislukte pogingen"}),
                )
                .await?;
            tx.commit().await?;
            self.refuse_slowly().await;
            return Err(ServiceError::Locked { until });
        }
        let user = tx.user_by_email(&email).await?;
        // The attempt counts as a failure before the password is checked; a correct password
        // takes back only its own count. So at most `login_max_failures` passwords are ever
        // checked in a window, however many attempts run at once.
        let mut now_locked = false;
        for key in &keys {
            now_locked |= self.count_failure(tx.as_mut(), key, now).await?;
        }
        tx.commit().await?; // Never hold the write lock while hashing.

        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let password_ok = verify_password(password.to_string(), stored).await;
        let user = user.filter(|u| password_ok && u.active);

        let mut tx = self.store.begin().await?;
        let Some(user) = user else {
            let reason = if password_ok {
                "account niet actief"
            } else {
                "onjuiste combinatie"
            };
            self.audit(None, ctx)
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::AanmeldenMislukt,
                    None,
                    crate::audit::Outcome::Mislukt,
                    json!({"email": email, "reden": reason}),
                )
                .await?;
            tx.commit().await?;
            if now_locked {
                self.refuse_slowly().await;
            }
            return Err(ServiceError::InvalidCredentials);
        };

        for key in &keys {
            tx.lock_key(key).await?;
        }
        for key in &keys {
            self.release_failure(tx.as_mut(), key, now).await?;
        }
        let stage = if user.totp.confirmed {
            SessionStage::AwaitingMfa
        } else if self.config.mfa_required {
            SessionStage::MustEnrolMfa
        } else {
            SessionStage::Complete
        };
        let token = self.start_session(tx.as_mut(), &user, stage, ctx).await?;
        let action = if stage == SessionStage::Complete {
            crate::audit::AuditAction::AanmeldenGelukt
        } else {
            crate::audit::AuditAction::AanmeldenWachtwoordJuist
        };
        self.audit(Some(user.id), ctx)
            .write(
                tx.as_mut(),
                action,
                user_object(user.id),
                crate::audit::Outcome::Gelukt,
                json!({}),
            )
            .await?;
        tx.commit().await?;
        Ok(SignInOutcome { token, stage })
    }

    /// Records one failure for a throttle key; true when the key is now locked.
    async fn count_failure(
        &self,
        tx: &mut dyn Tx,
        key: &str,
        now: OffsetDateTime,
    ) -> ServiceResult<bool> {
        let window = Duration::minutes(self.config.login_failure_window_minutes);
        let mut rec = match tx.throttle(key).await? {
            Some(rec)
                if rec.first_failure_at + window > now
                    || rec.locked_until.is_some_and(|u| u > now) =>
            {
                rec
            }
            _ => ThrottleRecord {
                key: key.to_string(),
                failures: 0,
                first_failure_at: now,
                locked_until: None,
            },
        };
        rec.failures += 1;
        let locked = rec.failures >= self.config.login_max_failures;
        if locked {
            rec.locked_until = Some(now + Duration::minutes(self.config.login_lockout_minutes));
        }
        tx.put_throttle(&rec).await?;
        Ok(locked)
    }

    /// Takes back one counted failure of a key (an attempt that turned out to be right).
    async fn release_failure(
        &self,
        tx: &mut dyn Tx,
        key: &str,
        now: OffsetDateTime,
    ) -> ServiceResult<()> {
        if let Some(mut rec) = tx.throttle(key).await? {
            rec.failures = (rec.failures - 1).max(0);
            if rec.failures < self.config.login_max_failures {
                rec.locked_until = None;
            }
            if rec.failures == 0 && rec.locked_until.is_none_or(|u| u <= now) {
                tx.clear_throttle(key).await?;
            } else {
                tx.put_throttle(&rec).await?;
            }
        }
        Ok(())
    }

    async fn start_session(
        &self,
        tx: &mut dyn Tx,
        user: &UserRecord,
        stage: SessionStage,
        ctx: &RequestContext,
    ) -> ServiceResult<String> {
        let now = self.clock.now();
        let token = random_token();
        tx.insert_session(&SessionRecord {
            id: Uuid::new_v4(),
            token_hash: token_hash(&token),
            user_id: user.id,
            stage,
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::hours(self.config.session_absolute_hours),
            active_gemeente: None,
            client_addr: ctx.client_addr.clone(),
            user_agent: ctx
                .user_agent
                .as_ref()
                .map(|ua| ua.chars().take(300).collect()),
        })
        .await?;
        Ok(token)
    }

    /// Gives a session a new token (after each step up in sign-in), so a token seen before sign-in is
    /// worthless after it.
    pub(super) async fn rotate(
        &self,
        tx: &mut dyn Tx,
        session: &mut SessionRecord,
        stage: SessionStage,
    ) -> ServiceResult<String> {
        let token = random_token();
        session.token_hash = token_hash(&token);
        session.stage = stage;
        session.last_seen_at = self.clock.now();
        tx.update_session(session).await?;
        Ok(token)
    }

    /// Completes sign-in with a TOTP code or a recovery code. Wrong codes count as failed sign-ins.
    pub async fn verify_second_factor(
        &self,
        token: &str,
        code: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<String> {
        let view = self.session(token, ctx).await?;
        if view.session.stage != SessionStage::AwaitingMfa {
            return Err(ServiceError::Unauthenticated);
        }
        let now = self.clock.now();
        let keys = Self::throttle_keys(view.user.email.as_str(), ctx);
        let mut tx = self.store.begin().await?;
        for key in &keys {
            tx.lock_key(key).await?;
        }
        for key in &keys {
            if let Some(until) = tx
                .throttle(key)
                .await?
                .and_then(|r| r.locked_until)
                .filter(|u| *u > now)
            {
                drop(tx);
                self.refuse_slowly().await;
                return Err(ServiceError::Locked { until });
            }
        }
        let totp = totp_for(
            view.user.totp.secret.as_deref().unwrap_or_default(),
            &self.config.totp_issuer,
            view.user.email.as_str(),
        )?;
        let audit = self.audit(Some(view.user.id), ctx);
        let mut session = view.session.clone();
        if let Some(step) = accepted_step(&totp, code, now, view.user.totp.last_step) {
            let state = TotpState {
                last_step: Some(step),
                ..view.user.totp.clone()
            };
            tx.set_totp(view.user.id, &state).await?;
        } else if tx
            .use_recovery_code(view.user.id, &token_hash(&normalise_recovery_code(code)))
            .await?
        {
            audit
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::MfaHerstelcodeGebruikt,
                    user_object(view.user.id),
                    crate::audit::Outcome::Gelukt,
                    json!({}),
                )
                .await?;
        } else {
            for key in &keys {
                self.count_failure(tx.as_mut(), key, now).await?;
            }
            audit
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::AanmeldenMfaMislukt,
                    user_object(view.user.id),
                    crate::audit::Outcome::Mislukt,
                    json!({}),
                )
                .await?;
            tx.commit().await?;
            return Err(ServiceError::InvalidCredentials);
        }
        // Failures are not cleared by a success: they expire with their window, so a successful
        // sign-in cannot reopen the door for parallel guesses.
        let new_token = self
            .rotate(tx.as_mut(), &mut session, SessionStage::Complete)
            .await?;
        audit
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::AanmeldenGelukt,
                user_object(view.user.id),
                crate::audit::Outcome::Gelukt,
                json!({"mfa": true}),
            )
            .await?;
        tx.commit().await?;
        Ok(new_token)
    }
}
