//! The second factor: TOTP enrolment and its confirmation, recovery codes.

use super::*;
use crate::Services;
use crate::audit::{RequestContext, user_object};
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_bytes, token_hash};
use baken_domain::{UserId, ValidationErrors};
use baken_store::{SessionStage, TotpState};
use serde_json::json;
use totp_rs::Secret;

impl Services {
    /// Starts (or shows again) TOTP enrolment for a session that must enrol, or for a signed-in user
    /// without a second factor.
    pub async fn enrolment(&self, view: &SessionView) -> ServiceResult<Enrolment> {
        let may_enrol = view.session.stage == SessionStage::MustEnrolMfa
            || (view.session.stage == SessionStage::Complete && !view.user.totp.confirmed);
        if !may_enrol {
            return Err(ServiceError::conflict(
                "tweede-factor-al-ingesteld",
                "Voor dit account is al een tweede factor ingesteld.",
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
            return Err(ServiceError::conflict(
                "geen-tweede-factor",
                "Stel eerst een tweede factor in.",
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
}
