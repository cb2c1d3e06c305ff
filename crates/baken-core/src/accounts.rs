//! Signing in and staying signed in: passwords, throttling, the TOTP second factor, recovery codes,
//! sessions and API tokens.

use crate::Services;
use crate::audit::{Audit, RequestContext, user_object};
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{
    constant_time_eq, hash_password, random_bytes, random_token, token_hash, verify_password,
};
use baken_domain::{Actor, Email, GemeenteCode, UserId, ValidationErrors, password};
use baken_store::{
    ApiTokenRecord, SessionRecord, SessionStage, ThrottleRecord, TotpState, Tx, UserRecord,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use totp_rs::{Algorithm, Secret, TOTP};
use uuid::Uuid;

/// The result of a correct password: a new session and what it still needs.
#[derive(Debug, Clone)]
pub struct SignInOutcome {
    /// The session token for the cookie. Shown once; only its hash is stored.
    pub token: String,
    pub stage: SessionStage,
}

/// A signed-in session, resolved from its token.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub session: SessionRecord,
    pub user: UserRecord,
    pub actor: Actor,
}

impl SessionView {
    /// The municipality the user works in now: the chosen one, else the first they hold.
    pub fn active_gemeente(&self) -> Option<&GemeenteCode> {
        self.session
            .active_gemeente
            .as_ref()
            .or(self.user.gemeenten.first())
    }
}

/// What the enrolment page shows: the secret as text and as QR code.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret_base32: String,
    pub otpauth_url: String,
    pub qr_svg: String,
}

const TOTP_STEP_SECONDS: i64 = 30;
const RECOVERY_CODE_COUNT: usize = 10;
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

pub(crate) fn actor_of(user: &UserRecord) -> Actor {
    Actor {
        user_id: user.id,
        roles: user.roles.clone(),
        gemeenten: user.gemeenten.clone(),
        bibob_clearance: user.bibob_clearance,
    }
}

fn totp_for(secret: &str, issuer: &str, account: &str) -> ServiceResult<TOTP> {
    let bytes = Secret::Encoded(secret.to_string())
        .to_bytes()
        .map_err(|e| ServiceError::Internal(format!("totp secret: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        TOTP_STEP_SECONDS as u64,
        bytes,
        Some(issuer.to_string()),
        account.to_string(),
    )
    .map_err(|e| ServiceError::Internal(format!("totp: {e}")))
}

/// The step a code is valid for, checking one step either side for clock drift and never accepting
/// a step at or before the last one used (so a code works once).
fn accepted_step(
    totp: &TOTP,
    code: &str,
    now: OffsetDateTime,
    last_step: Option<i64>,
) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    let current = now.unix_timestamp() / TOTP_STEP_SECONDS;
    (current - 1..=current + 1).find(|step| {
        last_step.is_none_or(|last| *step > last)
            && constant_time_eq(&totp.generate((*step * TOTP_STEP_SECONDS) as u64), &code)
    })
}

fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let bytes = random_bytes::<10>();
            let chars: String = bytes
                .iter()
                .map(|b| RECOVERY_ALPHABET[*b as usize % RECOVERY_ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// How long an API token lives when its creator does not say.
pub const TOKEN_DEFAULT_DAYS: i64 = 90;

impl Services {
    fn audit<'a>(&self, actor: Option<UserId>, ctx: &'a RequestContext) -> Audit<'a> {
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

    /// Gives a session a new token (after each step up in sign-in), so a token seen before sign-in is
    /// worthless after it.
    async fn rotate(
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

    /// Starts (or shows again) TOTP enrolment for a session that must enrol, or for a signed-in user
    /// without a second factor.
    pub async fn enrolment(&self, view: &SessionView) -> ServiceResult<Enrolment> {
        let may_enrol = view.session.stage == SessionStage::MustEnrolMfa
            || (view.session.stage == SessionStage::Complete && !view.user.totp.confirmed);
        if !may_enrol {
            return Err(ServiceError::Conflict(
                "Voor dit account is al een tweede factor ingesteld.".into(),
            ));
        }
        let secret = match &view.user.totp.secret {
            Some(secret) => secret.clone(),
            None => {
                let secret = Secret::Raw(random_bytes::<20>().to_vec())
                    .to_encoded()
                    .to_string();
                let mut tx = self.store.begin().await?;
                tx.set_totp(
                    view.user.id,
                    &TotpState {
                        secret: Some(secret.clone()),
                        confirmed: false,
                        last_step: None,
                    },
                )
                .await?;
                tx.commit().await?;
                secret
            }
        };
        let totp = totp_for(&secret, &self.config.totp_issuer, view.user.email.as_str())?;
        let otpauth_url = totp.get_url();
        let qr_svg = qrcode::QrCode::new(otpauth_url.as_bytes())
            .map_err(|e| ServiceError::Internal(format!("qr: {e}")))?
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build();
        // The renderer emits an XML declaration; inline SVG in HTML must not have one.
        let qr_svg = match qr_svg.find("<svg") {
            Some(start) => qr_svg[start..].to_string(),
            None => qr_svg,
        };
        Ok(Enrolment {
            secret_base32: secret,
            otpauth_url,
            qr_svg,
        })
    }

    /// Confirms enrolment with a first valid code. Returns the session's new token and the recovery
    /// codes, which are shown this once.
    pub async fn confirm_enrolment(
        &self,
        token: &str,
        code: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<(String, Vec<String>)> {
        let view = self.session(token, ctx).await?;
        self.enrolment(&view).await?;
        let user = {
            let mut tx = self.store.begin().await?;
            tx.user_by_id(view.user.id)
                .await?
                .ok_or(ServiceError::Unauthenticated)?
        };
        let secret = user
            .totp
            .secret
            .clone()
            .ok_or(ServiceError::Unauthenticated)?;
        let totp = totp_for(&secret, &self.config.totp_issuer, user.email.as_str())?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let audit = self.audit(Some(user.id), ctx);
        let Some(step) = accepted_step(&totp, code, now, user.totp.last_step) else {
            audit
                .write(
                    tx.as_mut(),
                    crate::audit::AuditAction::MfaInrichtenMislukt,
                    user_object(user.id),
                    crate::audit::Outcome::Mislukt,
                    json!({}),
                )
                .await?;
            tx.commit().await?;
            let mut errors = ValidationErrors::new();
            errors.add("code", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwste code.");
            return Err(ServiceError::Invalid(errors));
        };
        tx.set_totp(
            user.id,
            &TotpState {
                secret: Some(secret),
                confirmed: true,
                last_step: Some(step),
            },
        )
        .await?;
        let codes = new_recovery_codes();
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| token_hash(&normalise_recovery_code(c)))
            .collect();
        tx.replace_recovery_codes(user.id, &hashes).await?;
        let mut session = view.session.clone();
        let new_token = self
            .rotate(tx.as_mut(), &mut session, SessionStage::Complete)
            .await?;
        audit
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::MfaIngericht,
                user_object(user.id),
                crate::audit::Outcome::Gelukt,
                json!({}),
            )
            .await?;
        tx.commit().await?;
        Ok((new_token, codes))
    }

    /// Replaces the recovery codes of a signed-in user who has a second factor.
    pub async fn regenerate_recovery_codes(
        &self,
        view: &SessionView,
        ctx: &RequestContext,
    ) -> ServiceResult<Vec<String>> {
        if !view.user.totp.confirmed {
            return Err(ServiceError::Conflict(
                "Stel eerst een tweede factor in.".into(),
            ));
        }
        let codes = new_recovery_codes();
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| token_hash(&normalise_recovery_code(c)))
            .collect();
        let mut tx = self.store.begin().await?;
        tx.replace_recovery_codes(view.user.id, &hashes).await?;
        self.audit(Some(view.user.id), ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::MfaHerstelcodesVernieuwd,
                user_object(view.user.id),
                crate::audit::Outcome::Gelukt,
                json!({}),
            )
            .await?;
        tx.commit().await?;
        Ok(codes)
    }

    pub async fn count_recovery_codes(&self, user: UserId) -> ServiceResult<i64> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx.count_unused_recovery_codes(user).await?)
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

impl Services {
    /// Removes sessions past their absolute expiry (idle ones are removed when next presented).
    pub async fn purge_expired_sessions(&self) -> ServiceResult<u64> {
        let mut tx = self.store.begin().await?;
        let purged = tx.delete_sessions_expired_before(self.clock.now()).await?;
        tx.commit().await?;
        Ok(purged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_totp_code_is_accepted_once_and_within_one_step() {
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        let totp = totp_for(&secret, "Baken", "a@example.nl").unwrap();
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let code = totp.generate(now.unix_timestamp() as u64);
        let step = accepted_step(&totp, &code, now, None).expect("current code accepted");
        assert_eq!(
            accepted_step(&totp, &code, now, Some(step)),
            None,
            "replay refused"
        );
        let later = now + Duration::seconds(95);
        assert_eq!(
            accepted_step(&totp, &code, later, None),
            None,
            "old code refused"
        );
        assert_eq!(
            accepted_step(&totp, "000000", now, None).is_some(),
            code == "000000"
        );
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalised() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), codes.len());
        assert_eq!(normalise_recovery_code(" ABCDE-fghjk "), "abcdefghjk");
    }
}
