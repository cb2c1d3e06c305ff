//! Plain records as the store keeps them. Validated domain values go in; the store does not judge.

use baken_domain::{DisplayName, Email, GemeenteCode, Role, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A user account.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: UserId,
    pub email: Email,
    pub name: DisplayName,
    /// PHC string (argon2id).
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub gemeenten: Vec<GemeenteCode>,
    pub active: bool,
    /// May this user see Wet Bibob information (art. 28)? Granted by an administrator.
    pub bibob_clearance: bool,
    pub totp: TotpState,
    pub created_at: OffsetDateTime,
}

/// Changes an administrator may make to an account's profile.
#[derive(Debug, Clone, PartialEq)]
pub struct UserProfileUpdate {
    pub name: DisplayName,
    pub active: bool,
    pub bibob_clearance: bool,
}

/// A user's TOTP second factor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TotpState {
    /// Base32 secret; present from the moment enrolment starts.
    pub secret: Option<String>,
    /// True once the user proved possession with a valid code.
    pub confirmed: bool,
    /// The last 30-second step a code was accepted for, so a code is accepted only once.
    pub last_step: Option<i64>,
}

/// Failed sign-in attempts for one key (`account:<email>` or `client:<address>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleRecord {
    pub key: String,
    pub failures: i64,
    pub first_failure_at: OffsetDateTime,
    pub locked_until: Option<OffsetDateTime>,
}

/// How far a session has come through sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Password accepted; the TOTP code is still due.
    AwaitingMfa,
    /// Password accepted; the account has no second factor yet and must enrol one.
    MustEnrolMfa,
    /// Fully signed in.
    Complete,
}

impl SessionStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::AwaitingMfa => "mfa",
            SessionStage::MustEnrolMfa => "mfa-inrichten",
            SessionStage::Complete => "volledig",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            SessionStage::AwaitingMfa,
            SessionStage::MustEnrolMfa,
            SessionStage::Complete,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// A browser session. Only the SHA-256 of its token is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub id: Uuid,
    pub token_hash: String,
    pub user_id: UserId,
    pub stage: SessionStage,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// The municipality the user chose to work in (switcher), if any.
    pub active_gemeente: Option<GemeenteCode>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

/// A bearer token for the API. Only the SHA-256 of the token is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiTokenRecord {
    pub id: Uuid,
    pub user_id: UserId,
    pub label: String,
    pub token_hash: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    /// When it stops working; `None` for tokens made before tokens expired (the services apply
    /// the maximum lifetime from `created_at`).
    pub expires_at: Option<OffsetDateTime>,
}

/// One entry of the security audit log: who did what, when, with which outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub actor: Option<UserId>,
    /// Dotted event name, e.g. `aanmelden.mislukt`.
    pub action: String,
    /// What it was done to, e.g. `gebruiker:<uuid>`; never personal data in clear.
    pub object: Option<String>,
    /// `gelukt`, `mislukt` or `geweigerd`.
    pub outcome: String,
    pub client_addr: Option<String>,
    pub details: serde_json::Value,
}

/// Which audit records to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    pub action_prefix: Option<String>,
    pub limit: i64,
}

/// A dossier; for now every dossier is a signal's (cases follow), so the signal's fields live here.
#[derive(Debug, Clone, PartialEq)]
pub struct DossierRecord {
    pub id: Uuid,
    /// A signal's dossier or a case's (a case keeps its own fields in [`crate::CasusRecord`]; its
    /// dossier row holds what every dossier has, with status `naar-casus`).
    pub soort: baken_domain::dossier::DossierSoort,
    pub gemeente: GemeenteCode,
    /// Human number per municipality and year, e.g. `S-2026-0142`.
    pub nummer: String,
    pub status: baken_domain::signaal::SignaalStatus,
    pub eigenaar: UserId,
    pub toegewezen_aan: Option<UserId>,
    pub geregistreerd_door: UserId,
    pub team: Vec<UserId>,
    pub aangemaakt_op: OffsetDateTime,
    pub gewijzigd_op: OffsetDateTime,
    pub ontvangstdatum: time::Date,
    pub waargenomen_op: Option<OffsetDateTime>,
    pub bron: baken_domain::signaal::Bron,
    pub politie_stuk: Option<baken_domain::signaal::PolitieStuk>,
    pub omschrijving: String,
    pub indicatoren: Option<String>,
    pub bron_betrouwbaarheid: Option<baken_domain::signaal::BronBetrouwbaarheid>,
    pub informatie_betrouwbaarheid: Option<baken_domain::signaal::InfoBetrouwbaarheid>,
    pub melder_naam: Option<String>,
    pub melder_contact: Option<String>,
    pub melder_anoniem: bool,
    pub fenomenen: Vec<baken_domain::signaal::Fenomeen>,
    /// Incremented on every change (optimistic locking for PATCH).
    pub versie: i64,
    /// While monitoring: the day the signal is weighed again (then it is back on the queue).
    pub herbeoordelen_op: Option<time::Date>,
}

impl DossierRecord {
    /// The backlog's order: the day the signal was received, then the time of day it was
    /// registered (so that signals received on one day keep the order they were entered in).
    /// Microseconds; it never changes, since the received date and registration are fixed.
    pub fn sorteer_sleutel(&self) -> i64 {
        const DAY: i64 = 86_400_000_000;
        let day = i64::from(
            self.ontvangstdatum.to_julian_day()
                - time::macros::date!(1970 - 01 - 01).to_julian_day(),
        );
        let registered = (self.aangemaakt_op.unix_timestamp_nanos() / 1000) as i64;
        day * DAY + registered.rem_euclid(DAY)
    }

    /// The facts access decisions need.
    pub fn facts(&self) -> baken_domain::dossier::DossierFacts {
        baken_domain::dossier::DossierFacts {
            gemeente: self.gemeente.clone(),
            eigenaar: self.eigenaar,
            team: self.team.clone(),
            toegewezen_aan: self.toegewezen_aan,
            geregistreerd_door: self.geregistreerd_door,
        }
    }
}

/// Backlog order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DossierSort {
    #[default]
    NieuwsteEerst,
    OudsteEerst,
}

/// Which dossiers of one municipality to list: filters, order and the keyset cursor.
#[derive(Debug, Clone)]
pub struct DossierFilter {
    pub gemeente: GemeenteCode,
    pub status: Option<baken_domain::signaal::SignaalStatus>,
    pub bron: Option<baken_domain::signaal::Bron>,
    pub fenomeen: Option<baken_domain::signaal::Fenomeen>,
    pub toegewezen_aan: Option<UserId>,
    pub ontvangen_vanaf: Option<time::Date>,
    pub ontvangen_tot: Option<time::Date>,
    pub sort: DossierSort,
    /// Continue after this (sort key, id): the last row of the previous page.
    pub na: Option<(i64, Uuid)>,
    pub limit: i64,
}

/// Which entities to list: those of some kinds that appear in a dossier of the given municipalities
/// that the user works on (or any dossier there, for roles that see them all). The service checks
/// need-to-know again on what this returns; this only keeps pages full.
#[derive(Debug, Clone)]
pub struct EntiteitFilter {
    pub gemeenten: Vec<GemeenteCode>,
    pub soorten: Vec<baken_domain::entiteit::EntiteitSoort>,
    /// Every dossier of those municipalities counts, not only the user's own.
    pub alle_dossiers: bool,
    pub betrokkene: UserId,
    /// Continue after this entity id (ids order the list).
    pub na: Option<Uuid>,
    pub limit: i64,
}

/// A shared subject or object.
#[derive(Debug, Clone, PartialEq)]
pub struct EntiteitRecord {
    pub id: Uuid,
    /// The municipality that recorded it: each is a separate controller, so the same identifier
    /// in another municipality is another record with that municipality's attributes.
    pub gemeente: GemeenteCode,
    pub entiteit: baken_domain::entiteit::Entiteit,
    pub aangemaakt_op: OffsetDateTime,
}

/// A link between a dossier and an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct DossierEntiteitRecord {
    pub dossier_id: Uuid,
    pub entiteit_id: Uuid,
    pub rol: baken_domain::entiteit::Rol,
    pub aangemaakt_op: OffsetDateTime,
    pub aangemaakt_door: UserId,
}

/// One link of a dossier's journal chain. Never changes once written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRecord {
    pub dossier_id: Uuid,
    pub volgnummer: i64,
    pub entry_id: Uuid,
    pub content_hash: Vec<u8>,
    pub link_hash: Vec<u8>,
    /// Signature of this link by the installation's journal key.
    pub handtekening: Vec<u8>,
    pub geregistreerd_op: OffsetDateTime,
}

/// A chain link with its content, when the content still exists (retention may destroy it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    pub chain: ChainRecord,
    pub canoniek: Option<Vec<u8>>,
}

/// The signed head of a dossier's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadRecord {
    pub dossier_id: Uuid,
    pub volgnummer: i64,
    pub link_hash: Vec<u8>,
    pub handtekening: Vec<u8>,
    pub sleutel_id: String,
    pub getekend_op: OffsetDateTime,
}

/// A read of a dossier, entity, attachment or search result.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessRecord {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub user: UserId,
    /// `dossier`, `entiteit`, `bijlage`, `zoekresultaat`, `journaal`.
    pub object_soort: String,
    pub object_id: Uuid,
    pub dossier_id: Option<Uuid>,
    /// Where and why: the route or API operation.
    pub context: String,
    /// The W3C trace the read belongs to: links it to its processing-log records.
    pub trace_id: Option<String>,
}

/// A searchable text: a signal's description or a journal entry's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    pub dossier_id: Uuid,
    pub entry_id: Option<Uuid>,
    pub vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid,
    pub tekst: String,
}

/// A full-text match; matches come newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Position in the index, newest highest: a page's last cursor continues the search.
    pub cursor: i64,
    /// The dossier the text belongs to (read in the same query).
    pub dossier: DossierRecord,
    pub entry_id: Option<Uuid>,
    pub vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid,
}

/// An attachment's metadata. The bytes are encrypted in the file store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BijlageRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub bestandsnaam: String,
    pub mediatype: String,
    pub grootte: i64,
    /// SHA-256 of the plaintext.
    pub sha256: Vec<u8>,
    /// The file key, wrapped by the master key; `None` once crypto-shredded.
    pub sleutel: Option<Vec<u8>>,
    pub sleutel_id: String,
    pub nonce_prefix: Vec<u8>,
    pub vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid,
    pub aangemaakt_op: OffsetDateTime,
    pub aangemaakt_door: UserId,
}

/// A loaded version of a municipality's privacy protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolVersieRecord {
    pub id: Uuid,
    pub gemeente: GemeenteCode,
    pub versie: String,
    pub vastgesteld_op: time::Date,
    /// The document as loaded (TOML).
    pub tekst: String,
    /// SHA-256 of the text, hex: what was adopted, verifiably.
    pub sha256: String,
    pub geladen_op: OffsetDateTime,
    /// Who loaded it; `None` from the command line.
    pub geladen_door: Option<UserId>,
}

/// A decision on a privacy check for one dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivacytoetsRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub toets: String,
    pub goedgekeurd: bool,
    /// The sources the approval permits.
    pub bronnen: Vec<String>,
    /// What the approver recorded, per aspect of the check.
    pub antwoorden: Vec<(String, String)>,
    pub motivering: Option<String>,
    /// The last day the approval holds.
    pub geldig_tot: time::Date,
    pub protocol_versie: String,
    pub beslist_door: UserId,
    pub beslist_op: OffsetDateTime,
    /// The journal entry that records the decision.
    pub journaalpost: Uuid,
}

/// A weighing by criterion: the answers recorded when a signal left a phase. Append-only.
#[derive(Debug, Clone, PartialEq)]
pub struct WegingRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    /// The weighing's code in the protocol (`weging-1-2`, `weging-3`, `weging-4`).
    pub weging: String,
    pub protocol_versie: String,
    /// The status left and the status reached (API values).
    pub van: String,
    pub naar: String,
    /// The answers per criterion, in the criteria's order.
    pub antwoorden: Vec<baken_domain::weging::CriteriumAntwoord>,
    pub motivering: Option<String>,
    pub gewogen_door: UserId,
    pub gewogen_op: OffsetDateTime,
    /// The journal entry that records the weighing.
    pub journaalpost: Uuid,
}

/// A request for a privacy check: a team member asks the approver to decide check 1, 2A or 2B
/// on a dossier. Open until a decision on that check for that dossier closes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ToetsaanvraagRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    /// The dossier's municipality: the approver's queue is per municipality.
    pub gemeente: GemeenteCode,
    pub toets: String,
    /// Why the check is needed now (and which sources, for check 1).
    pub toelichting: String,
    pub aangevraagd_door: UserId,
    pub aangevraagd_op: OffsetDateTime,
    /// The decision that closed it.
    pub besluit: Option<Uuid>,
    pub beslist_op: Option<OffsetDateTime>,
}

/// A colleague who sees only a dossier's index line asks to join its team; the owner or the
/// coordinator decides.
#[derive(Debug, Clone, PartialEq)]
pub struct ToegangsverzoekRecord {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub gemeente: GemeenteCode,
    pub gevraagd_door: UserId,
    pub gevraagd_op: OffsetDateTime,
    pub reden: String,
    /// `toegekend` or `afgewezen`, once decided.
    pub besluit: Option<String>,
    pub beslist_door: Option<UserId>,
    pub beslist_op: Option<OffsetDateTime>,
    pub motivering: Option<String>,
}

/// A record of the processing log (Logboek Dataverwerkingen). Holds no user and no identifier: the
/// data subject is a keyed pseudonym; the access log holds the user for the same trace.
#[derive(Debug, Clone, PartialEq)]
pub struct VerwerkingRecord {
    pub id: Uuid,
    /// 32 hex digits.
    pub trace_id: String,
    /// 16 hex digits.
    pub span_id: String,
    pub parent_span_id: Option<String>,
    /// The action, e.g. `dossier.lezen`, `signaal.registreren`, `bron.raadplegen`.
    pub actie: String,
    pub start_op: OffsetDateTime,
    pub eind_op: OffsetDateTime,
    /// 0 unset, 1 ok, 2 error (as the standard).
    pub status: i16,
    /// The processing activity of the register (code).
    pub verwerkingsactiviteit: String,
    pub betrokkene: Option<String>,
    /// `BSN`, `KvK` or `entiteit`.
    pub betrokkene_type: Option<String>,
    pub dossier_id: Option<Uuid>,
    pub gemeente: Option<GemeenteCode>,
}

/// Which processing-log records to list (all conditions together), newest first.
#[derive(Debug, Clone, Default)]
pub struct VerwerkingFilter {
    pub betrokkene: Option<String>,
    pub dossier_id: Option<Uuid>,
    pub verwerkingsactiviteit: Option<String>,
    pub vanaf: Option<OffsetDateTime>,
    pub tot: Option<OffsetDateTime>,
    /// Only these traces (e.g. those of one user's reads).
    pub trace_ids: Option<Vec<String>>,
    pub limit: i64,
}

/// Retention state of a dossier: the start of its retention period and any legal hold.
#[derive(Debug, Clone, PartialEq)]
pub struct BewaringRecord {
    pub dossier_id: Uuid,
    pub gemeente: GemeenteCode,
    pub nummer: String,
    /// The closing outcome (a signal status), once there is one.
    pub uitkomst: Option<String>,
    pub afgesloten_op: Option<OffsetDateTime>,
    /// A legal hold blocks destruction and anonymisation while set.
    pub blokkade_reden: Option<String>,
    /// `vernietigd`, `geanonimiseerd` or `gearchiveerd` once handled.
    pub afgehandeld: Option<String>,
}

/// A non-identifying record of one destruction, anonymisation or archiving.
#[derive(Debug, Clone, PartialEq)]
pub struct VernietigingRecord {
    pub id: Uuid,
    pub batch_id: Uuid,
    pub dossier_id: Uuid,
    pub nummer: String,
    pub gemeente: GemeenteCode,
    pub soort: String,
    pub uitkomst: String,
    pub afgesloten_op: OffsetDateTime,
    /// The rule applied, e.g. `ccv-2026.1: signaal geen-actie P1Y vernietigen`.
    pub regel: String,
    pub actie: String,
    pub uitgevoerd_op: OffsetDateTime,
    /// `systeem` or a user id.
    pub uitgevoerd_door: String,
}

/// What destroying a dossier's content removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vernietigd {
    pub journaalinhoud: u64,
    pub zoekteksten: u64,
    pub koppelingen: u64,
    pub entiteiten: u64,
    /// Attachments whose keys were destroyed; their files can go too.
    pub bijlagen: Vec<Uuid>,
}

/// A data subject's request (AVG art. 15-21), registered with its legal deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct VerzoekRecord {
    pub id: Uuid,
    /// `inzage`, `rectificatie`, `verwijdering`, `beperking`, `bezwaar`.
    pub soort: String,
    /// The subject's pseudonym (as in the processing log).
    pub betrokkene: String,
    pub betrokkene_type: String,
    pub ontvangen_op: time::Date,
    pub termijn_tot: time::Date,
    pub geregistreerd_door: UserId,
    pub geregistreerd_op: OffsetDateTime,
    /// When the request was decided and answered.
    pub beantwoord_op: Option<OffsetDateTime>,
    /// The municipality handling the request (`None` only for requests from before it was kept).
    pub gemeente: Option<GemeenteCode>,
    /// The person as Baken knows them, when known at registration.
    pub entiteit_id: Option<Uuid>,
    pub toelichting: Option<String>,
    /// The one extension (art. 12 lid 3 AVG) and why.
    pub verlengd_op: Option<OffsetDateTime>,
    pub verlenging_motivering: Option<String>,
    /// `toegewezen`, `deels-toegewezen`, `afgewezen`.
    pub besluit: Option<String>,
    pub besluit_motivering: Option<String>,
}

/// A part of an answer withheld under art. 41 UAVG: a whole dossier or one journal entry.
#[derive(Debug, Clone, PartialEq)]
pub struct BeperkingRecord {
    pub id: Uuid,
    pub verzoek_id: Uuid,
    pub dossier_id: Uuid,
    pub journaalpost_id: Option<Uuid>,
    /// The letter of art. 41 lid 1 UAVG.
    pub grond: String,
    pub motivering: String,
    /// When the restriction must be looked at again.
    pub herbeoordeling: time::Date,
    pub vastgelegd_door: UserId,
    pub vastgelegd_op: OffsetDateTime,
    /// The latest re-evaluation and its reasons.
    pub herbeoordeeld_op: Option<OffsetDateTime>,
    pub herbeoordeling_motivering: Option<String>,
    /// Lifted: the part is no longer withheld.
    pub opgeheven_op: Option<OffsetDateTime>,
}
