//! Signing in and staying signed in: passwords, throttling, the TOTP second factor, recovery codes,
//! sessions and API tokens.

mod mfa;
mod sessions;
mod signin;
mod tokens;

use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{constant_time_eq, random_bytes};
use baken_domain::{Actor, GemeenteCode};
use baken_store::{SessionRecord, SessionStage, UserRecord};
use time::OffsetDateTime;
use totp_rs::{Algorithm, Secret, TOTP};

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

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

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
