//! Baken's application services. Every use case runs here: it authorises the caller, opens one
//! transaction, does its work, writes its audit record in that same transaction and commits. The web
//! crate and the CLI are thin adapters over these services and never touch the store themselves.

mod access_log;
pub mod accounts;
pub mod admin;
pub mod attachments;
pub mod audit;
pub mod casussen;
pub mod clock;
pub mod config;
pub mod dossiers;
mod eigen_registers;
pub mod error;
pub mod herinneringen;
mod kernel;
mod live;
pub mod maatregelen;
pub mod mail;
pub mod overdracht;
pub mod overleggen;
pub mod partnerverzoeken;
pub mod protocol;
pub mod raadplegingen;
pub mod rapporten;
pub mod ratelimit;
pub mod registers;
pub mod retention;
mod secrets;
pub mod signing;
pub mod toetsaanvragen;
pub mod trace;
pub mod verwerkingslog;
pub mod verzoeken;
mod volume;
pub use volume::{CaseworkCreated, CaseworkVolume};

pub use accounts::{Enrolment, SessionView, SignInOutcome};
pub use admin::{NewUserInput, UserUpdateInput};
pub use audit::RequestContext;
/// Records the adapters render; they come from the store port but adapters see them through core.
pub use baken_store::{
    ApiTokenRecord, AuditRecord, BeperkingRecord, BijlageRecord, BronraadplegingRecord,
    DossierRecord, EntiteitRecord, PrivacytoetsRecord, ProtocolVersieRecord, SessionRecord,
    SessionStage, UserRecord, VerzoekRecord,
};
pub use clock::Clock;
pub use config::CoreConfig;
pub use error::ServiceError;
pub use signing::{JournalSigner, JournalVerifier};

use baken_domain::Actor;
use baken_store::Store;
use std::sync::Arc;

/// Who asks for an administrative action: a signed-in user, or the operator at the command line
/// (who has the database in hand anyway and is audited as `systeem`).
#[derive(Debug, Clone)]
pub enum Caller {
    System,
    User(Actor),
}

impl Caller {
    fn actor_id(&self) -> Option<baken_domain::UserId> {
        match self {
            Caller::System => None,
            Caller::User(actor) => Some(actor.user_id),
        }
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    key
}

/// The municipality list and when it was read.
type GemeentenCache = (std::time::Instant, Vec<baken_domain::Gemeente>);

/// The services, cheap to clone and shared by every request.
#[derive(Clone)]
pub struct Services {
    store: Arc<dyn Store>,
    config: Arc<CoreConfig>,
    clock: Clock,
    signer: Arc<JournalSigner>,
    attachments: Option<Arc<attachments::AttachmentStore>>,
    /// Started on first use, on the runtime that uses it.
    access_log: Arc<std::sync::OnceLock<access_log::AccessLogWriter>>,
    /// Municipalities with the moment they were read.
    gemeenten_cache: Arc<std::sync::RwLock<Option<GemeentenCache>>>,
    /// Key of the data-subject pseudonyms in the processing log (derived from the master key).
    pseudonym_key: Arc<[u8; 32]>,
    /// Identifier look-ups (search by identifier, "where else" at intake) per user.
    lookups: Arc<ratelimit::RateLimiter>,
    /// The sources consulted live, with their answers of the last minutes.
    live: Arc<live::LiveBronnen>,
}

impl Services {
    pub fn new(
        store: Arc<dyn Store>,
        config: CoreConfig,
        clock: Clock,
        signer: JournalSigner,
    ) -> Self {
        Self {
            store,
            clock,
            signer: Arc::new(signer),
            attachments: None,
            access_log: Arc::default(),
            gemeenten_cache: Arc::default(),
            // Replaced by a key derived from the master key in `with_attachments`; without one,
            // pseudonyms are consistent only within this process.
            pseudonym_key: Arc::new(random_key()),
            lookups: Arc::new(ratelimit::RateLimiter::new(
                config.identifier_lookups_per_minute,
                time::Duration::minutes(1),
            )),
            live: Arc::new(live::LiveBronnen::new(&config.bronnen_live)),
            config: Arc::new(config),
        }
    }

    fn access_log(&self) -> &access_log::AccessLogWriter {
        self.access_log
            .get_or_init(|| access_log::AccessLogWriter::start(self.store.clone()))
    }

    /// Enables attachments, stored encrypted in `store`.
    pub fn with_attachments(mut self, store: attachments::AttachmentStore) -> Self {
        self.pseudonym_key = Arc::new(store.derive_key("baken-verwerkingslog-pseudoniem"));
        self.attachments = Some(Arc::new(store));
        self
    }

    /// The largest attachment accepted, in bytes (0 when attachments are not set up).
    pub fn attachment_limit(&self) -> u64 {
        self.attachments.as_ref().map_or(0, |a| a.max_bytes())
    }

    /// The public key that verifies this installation's chain heads.
    pub fn journal_verifier(&self) -> JournalVerifier {
        self.signer.verifier()
    }

    pub fn config(&self) -> &CoreConfig {
        &self.config
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ready(&self) -> bool {
        self.store.ping().await.is_ok()
    }
}
