//! Settings the services need. The binary fills them from `baken.toml`, `BAKEN_*` and flags.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CoreConfig {
    /// Whether every account must use a second factor. Only a demo turns this off.
    pub mfa_required: bool,
    /// A session ends after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// A session ends this many hours after sign-in, however active.
    pub session_absolute_hours: i64,
    /// Failed sign-ins (per account and per client address) before further attempts are refused.
    pub login_max_failures: i64,
    /// Failures older than this many minutes are forgotten.
    pub login_failure_window_minutes: i64,
    /// How long sign-in stays refused once the limit is reached.
    pub login_lockout_minutes: i64,
    /// How long each attempt beyond the limit is held before it is refused.
    pub login_refusal_delay_ms: u64,
    /// The issuer shown in authenticator apps.
    pub totp_issuer: String,
    /// The largest attachment accepted, in megabytes.
    pub bijlage_max_mb: u64,
    /// Identifier look-ups (search by BSN, KvK number, address, plate or IBAN, and the intake's
    /// "where else") per user per minute; more are refused (429) and the refusal is logged.
    pub identifier_lookups_per_minute: u32,
    /// Requests per session or API token per minute (429 beyond).
    pub requests_per_minute: u32,
    /// Subjects plus objects on one signal, at intake and in total.
    pub max_entiteiten_per_signaal: usize,
    /// The longest an API token may live, in days; a token asks for its own expiry within it.
    pub token_max_days: i64,
    /// The days the Crown put on a par with a public holiday by royal decree (Algemene termijnenwet
    /// art. 3 lid 3, published in the Staatscourant), as `JJJJ-MM-DD`: a statutory term does not
    /// end on them either. The holidays of the law itself are computed.
    #[serde(with = "baken_domain::tijd::iso_dates")]
    pub gelijkgestelde_dagen: Vec<time::Date>,
    /// Per municipality (CBS code, `GM0534`): the letterhead and signatory of its intervention
    /// letters. A municipality without one gets letters signed by "de burgemeester van …".
    pub briefhoofden: std::collections::BTreeMap<String, Briefhoofd>,
    /// The mail relay for the daily e-mail reminders; none: no e-mail is sent.
    pub smtp: Option<crate::mail::SmtpConfig>,
    /// The sources consulted live, by their code in the protocol (`bag`, `kvk`, `brp`,
    /// `sancties` for a yente-compatible screening service), each with its base URL, key, time-out,
    /// rate, size limit and cache lifetime. A source not listed is read from Baken's local
    /// register of it, where there is one.
    pub bronnen_live: std::collections::BTreeMap<String, baken_connectors::live::BronConfig>,
}

/// A municipality's letterhead and signatory for the letters of interventions.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Briefhoofd {
    /// Postal address lines printed under the letterhead.
    pub adres: Vec<String>,
    /// The mayor's name (signs the mayor's decisions).
    pub burgemeester: String,
    /// Who signs on behalf of the college (name and function), when the college decides.
    pub namens_college: String,
    /// Where an objection goes (postal address, or a web address), printed in the notice.
    pub bezwaar_adres: String,
    /// Contact for the letter (team and telephone).
    pub contact: String,
}

impl CoreConfig {
    /// The letterhead of a municipality (the CBS code in any case), or an empty one.
    pub fn briefhoofd(&self, gemeente: &str) -> Briefhoofd {
        self.briefhoofden
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(gemeente))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

impl Default for CoreConfig {
    fn default() -> Self {
        Self {
            mfa_required: true,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            login_max_failures: 5,
            login_failure_window_minutes: 15,
            login_lockout_minutes: 15,
            login_refusal_delay_ms: 2000,
            totp_issuer: "Baken".into(),
            bijlage_max_mb: 50,
            identifier_lookups_per_minute: 60,
            requests_per_minute: 1200,
            max_entiteiten_per_signaal: 50,
            token_max_days: 365,
            gelijkgestelde_dagen: Vec::new(),
            briefhoofden: std::collections::BTreeMap::new(),
            smtp: None,
            bronnen_live: std::collections::BTreeMap::new(),
        }
    }
}
