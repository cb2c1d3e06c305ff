//! Row types, decoded the same way on both backends, and their conversion into store records.

use baken_domain::{DisplayName, Email, Gemeente, GemeenteCode, GemeenteNaam, Role, UserId};
use baken_store::{
    ApiTokenRecord, AuditRecord, SessionRecord, SessionStage, StoreError, StoreResult,
    ThrottleRecord, TotpState, UserRecord,
};
use sqlx::types::{Json, Uuid};

pub type Instant = time::OffsetDateTime;
/// A calendar date as both backends store it.
pub type Day = time::Date;

/// Turns a value the database holds but the domain refuses into a backend error: it means the
/// database was changed behind Baken's back.
fn corrupt(what: &str, reason: String) -> StoreError {
    StoreError::Backend(format!("invalid {what} in database: {reason}"))
}

#[macro_export]
#[doc(hidden)]
macro_rules! user_columns {
    () => {
        "id, email, name, password_hash, active, bibob_clearance, totp_secret, totp_confirmed, totp_last_step, created_at"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! verzoek_columns {
    () => {
        "id, soort, betrokkene, betrokkene_type, ontvangen_op, termijn_tot, geregistreerd_door, geregistreerd_op, beantwoord_op, \
         gemeente_code, entiteit_id, toelichting, verlengd_op, verlenging_motivering, besluit, besluit_motivering"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! session_columns {
    () => {
        "id, token_hash, user_id, stage, created_at, last_seen_at, expires_at, active_gemeente, client_addr, user_agent"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! api_token_columns {
    () => {
        "id, user_id, label, token_hash, created_at, last_used_at, revoked_at, expires_at"
    };
}

#[derive(sqlx::FromRow)]
pub struct GemeenteRow {
    code: String,
    naam: String,
}

impl GemeenteRow {
    pub fn into_gemeente(self) -> StoreResult<Gemeente> {
        Ok(Gemeente {
            code: GemeenteCode::parse(&self.code).map_err(|e| corrupt("gemeente code", e))?,
            naam: GemeenteNaam::parse(&self.naam).map_err(|e| corrupt("gemeente naam", e))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    email: String,
    name: String,
    password_hash: String,
    active: bool,
    bibob_clearance: bool,
    totp_secret: Option<String>,
    totp_confirmed: bool,
    totp_last_step: Option<i64>,
    created_at: Instant,
}

impl UserRow {
    pub fn into_record(
        self,
        roles: Vec<String>,
        gemeenten: Vec<String>,
    ) -> StoreResult<UserRecord> {
        let mut roles: Vec<Role> = roles
            .iter()
            .map(|r| Role::parse(r))
            .collect::<Result<_, _>>()
            .map_err(|e| corrupt("role", e))?;
        roles.sort();
        Ok(UserRecord {
            id: UserId(self.id),
            email: Email::parse(&self.email).map_err(|e| corrupt("email", e))?,
            name: DisplayName::parse(&self.name).map_err(|e| corrupt("name", e))?,
            password_hash: self.password_hash,
            roles,
            gemeenten: gemeenten
                .iter()
                .map(|g| GemeenteCode::parse(g))
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt("gemeente", e))?,
            active: self.active,
            bibob_clearance: self.bibob_clearance,
            totp: TotpState {
                secret: self.totp_secret,
                confirmed: self.totp_confirmed,
                last_step: self.totp_last_step,
            },
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ThrottleRow {
    key: String,
    failures: i64,
    first_failure_at: Instant,
    locked_until: Option<Instant>,
}

impl From<ThrottleRow> for ThrottleRecord {
    fn from(r: ThrottleRow) -> Self {
        ThrottleRecord {
            key: r.key,
            failures: r.failures,
            first_failure_at: r.first_failure_at,
            locked_until: r.locked_until,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct SessionRow {
    id: Uuid,
    token_hash: String,
    user_id: Uuid,
    stage: String,
    created_at: Instant,
    last_seen_at: Instant,
    expires_at: Instant,
    active_gemeente: Option<String>,
    client_addr: Option<String>,
    user_agent: Option<String>,
}

impl SessionRow {
    pub fn into_record(self) -> StoreResult<SessionRecord> {
        Ok(SessionRecord {
            id: self.id,
            token_hash: self.token_hash,
            user_id: UserId(self.user_id),
            stage: SessionStage::parse(&self.stage)
                .ok_or_else(|| corrupt("session stage", self.stage.clone()))?,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
            expires_at: self.expires_at,
            active_gemeente: self
                .active_gemeente
                .map(|g| GemeenteCode::parse(&g))
                .transpose()
                .map_err(|e| corrupt("active gemeente", e))?,
            client_addr: self.client_addr,
            user_agent: self.user_agent,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ApiTokenRow {
    id: Uuid,
    user_id: Uuid,
    label: String,
    token_hash: String,
    created_at: Instant,
    last_used_at: Option<Instant>,
    revoked_at: Option<Instant>,
    expires_at: Option<Instant>,
}

impl From<ApiTokenRow> for ApiTokenRecord {
    fn from(r: ApiTokenRow) -> Self {
        ApiTokenRecord {
            id: r.id,
            user_id: UserId(r.user_id),
            label: r.label,
            token_hash: r.token_hash,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
            expires_at: r.expires_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    id: Uuid,
    at: Instant,
    actor: Option<Uuid>,
    action: String,
    object: Option<String>,
    outcome: String,
    client_addr: Option<String>,
    details: Json<serde_json::Value>,
}

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> Self {
        AuditRecord {
            id: r.id,
            at: r.at,
            actor: r.actor.map(UserId),
            action: r.action,
            object: r.object,
            outcome: r.outcome,
            client_addr: r.client_addr,
            details: r.details.0,
        }
    }
}

#[macro_export]
#[doc(hidden)]
macro_rules! dossier_columns {
    () => {
        "id, soort, gemeente_code, nummer, status, eigenaar_id, toegewezen_aan, geregistreerd_door, aangemaakt_op, gewijzigd_op, \
         ontvangstdatum, waargenomen_op, bron, politie_stuk, omschrijving, indicatoren, bron_betrouwbaarheid, informatie_betrouwbaarheid, \
         melder_naam, melder_contact, melder_anoniem, versie, sorteer_op, fenomenen, team"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! dossier_select {
    () => {
        "d.id, d.soort, d.gemeente_code, d.nummer, d.status, d.eigenaar_id, d.toegewezen_aan, d.geregistreerd_door, d.aangemaakt_op, \
         d.gewijzigd_op, d.ontvangstdatum, d.waargenomen_op, d.bron, d.politie_stuk, d.omschrijving, d.indicatoren, d.bron_betrouwbaarheid, \
         d.informatie_betrouwbaarheid, d.melder_naam, d.melder_contact, d.melder_anoniem, d.versie, d.sorteer_op, d.fenomenen, d.team"
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! dossier_filter {
    () => {
        "WHERE d.gemeente_code = $1 AND ($2 IS NULL OR d.status = $2) AND ($3 IS NULL OR d.bron = $3) \
         AND ($4 IS NULL OR EXISTS (SELECT 1 FROM dossier_fenomenen f WHERE f.dossier_id = d.id AND f.fenomeen = $4)) \
         AND ($5 IS NULL OR d.toegewezen_aan = $5) AND ($6 IS NULL OR d.ontvangstdatum >= $6) AND ($7 IS NULL OR d.ontvangstdatum <= $7)"
    };
}

/// Values of a dossier that are stored in a derived form.
pub struct DossierBinds {
    pub sorteer_op: i64,
    pub fenomenen: String,
    pub team: String,
}

/// The integer sort key of a creation instant: unix microseconds.
pub fn sort_key(at: Instant) -> i64 {
    (at.unix_timestamp_nanos() / 1000) as i64
}

impl From<&baken_store::DossierRecord> for DossierBinds {
    fn from(d: &baken_store::DossierRecord) -> Self {
        let fenomenen: Vec<&str> = d.fenomenen.iter().map(|f| f.as_str()).collect();
        let team: Vec<String> = d.team.iter().map(|u| u.to_string()).collect();
        DossierBinds {
            sorteer_op: sort_key(d.aangemaakt_op),
            fenomenen: serde_json::to_string(&fenomenen).expect("strings serialise"),
            team: serde_json::to_string(&team).expect("strings serialise"),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct DossierRow {
    id: Uuid,
    gemeente_code: String,
    nummer: String,
    status: String,
    eigenaar_id: Uuid,
    toegewezen_aan: Option<Uuid>,
    geregistreerd_door: Uuid,
    aangemaakt_op: Instant,
    gewijzigd_op: Instant,
    ontvangstdatum: time::Date,
    waargenomen_op: Option<Instant>,
    bron: String,
    politie_stuk: Option<String>,
    omschrijving: String,
    indicatoren: Option<String>,
    bron_betrouwbaarheid: Option<String>,
    informatie_betrouwbaarheid: Option<String>,
    melder_naam: Option<String>,
    melder_contact: Option<String>,
    melder_anoniem: bool,
    versie: i64,
    fenomenen: String,
    team: String,
    /// Only in queries that join a link.
    #[sqlx(default)]
    pub rol: Option<String>,
    /// Only in queries that join a link.
    #[sqlx(default)]
    pub entiteit_id: Option<Uuid>,
}

impl DossierRow {
    pub fn into_record(self) -> StoreResult<baken_store::DossierRecord> {
        use baken_domain::signaal::{
            Bron, BronBetrouwbaarheid, Fenomeen, InfoBetrouwbaarheid, PolitieStuk, SignaalStatus,
        };
        let fenomenen: Vec<String> = serde_json::from_str(&self.fenomenen)
            .map_err(|e| corrupt("fenomenen", e.to_string()))?;
        let team: Vec<String> =
            serde_json::from_str(&self.team).map_err(|e| corrupt("team", e.to_string()))?;
        Ok(baken_store::DossierRecord {
            id: self.id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente", e))?,
            nummer: self.nummer,
            status: SignaalStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            eigenaar: UserId(self.eigenaar_id),
            toegewezen_aan: self.toegewezen_aan.map(UserId),
            geregistreerd_door: UserId(self.geregistreerd_door),
            team: team
                .iter()
                .map(|t| Uuid::parse_str(t).map(UserId))
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt("team", e.to_string()))?,
            aangemaakt_op: self.aangemaakt_op,
            gewijzigd_op: self.gewijzigd_op,
            ontvangstdatum: self.ontvangstdatum,
            waargenomen_op: self.waargenomen_op,
            bron: Bron::parse(&self.bron).map_err(|e| corrupt("bron", e))?,
            politie_stuk: self
                .politie_stuk
                .map(|p| PolitieStuk::parse(&p))
                .transpose()
                .map_err(|e| corrupt("politie_stuk", e))?,
            omschrijving: self.omschrijving,
            indicatoren: self.indicatoren,
            bron_betrouwbaarheid: self
                .bron_betrouwbaarheid
                .map(|b| BronBetrouwbaarheid::parse(&b))
                .transpose()
                .map_err(|e| corrupt("bron_betrouwbaarheid", e))?,
            informatie_betrouwbaarheid: self
                .informatie_betrouwbaarheid
                .map(|b| InfoBetrouwbaarheid::parse(&b))
                .transpose()
                .map_err(|e| corrupt("informatie_betrouwbaarheid", e))?,
            melder_naam: self.melder_naam,
            melder_contact: self.melder_contact,
            melder_anoniem: self.melder_anoniem,
            fenomenen: fenomenen
                .iter()
                .map(|f| Fenomeen::parse(f))
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt("fenomenen", e))?,
            versie: self.versie,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct EntiteitRow {
    id: Uuid,
    gemeente_code: String,
    gegevens: Json<baken_domain::entiteit::Entiteit>,
    aangemaakt_op: Instant,
}

/// The columns of an [`EntiteitRow`], for `SELECT`.
pub const ENTITEIT_COLUMNS: &str = "id, gemeente_code, gegevens, aangemaakt_op";

impl EntiteitRow {
    pub fn into_record(self) -> StoreResult<baken_store::EntiteitRecord> {
        Ok(baken_store::EntiteitRecord {
            id: self.id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente code", e))?,
            entiteit: self.gegevens.0,
            aangemaakt_op: self.aangemaakt_op,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct LinkedEntiteitRow {
    id: Uuid,
    gemeente_code: String,
    gegevens: Json<baken_domain::entiteit::Entiteit>,
    aangemaakt_op: Instant,
    rol: String,
}

impl LinkedEntiteitRow {
    pub fn into_pair(
        self,
    ) -> StoreResult<(baken_store::EntiteitRecord, baken_domain::entiteit::Rol)> {
        let rol = baken_domain::entiteit::Rol::parse(&self.rol).map_err(|e| corrupt("rol", e))?;
        Ok((
            baken_store::EntiteitRecord {
                id: self.id,
                gemeente: GemeenteCode::parse(&self.gemeente_code)
                    .map_err(|e| corrupt("gemeente code", e))?,
                entiteit: self.gegevens.0,
                aangemaakt_op: self.aangemaakt_op,
            },
            rol,
        ))
    }
}

#[derive(sqlx::FromRow)]
pub struct ChainRow {
    dossier_id: Uuid,
    volgnummer: i64,
    entry_id: Uuid,
    content_hash: Vec<u8>,
    link_hash: Vec<u8>,
    handtekening: Vec<u8>,
    geregistreerd_op: Instant,
}

impl From<ChainRow> for baken_store::ChainRecord {
    fn from(r: ChainRow) -> Self {
        baken_store::ChainRecord {
            dossier_id: r.dossier_id,
            volgnummer: r.volgnummer,
            entry_id: r.entry_id,
            content_hash: r.content_hash,
            link_hash: r.link_hash,
            handtekening: r.handtekening,
            geregistreerd_op: r.geregistreerd_op,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct JournalRowSql {
    #[sqlx(flatten)]
    chain: ChainRow,
    canoniek: Option<Vec<u8>>,
}

impl From<JournalRowSql> for baken_store::JournalRow {
    fn from(r: JournalRowSql) -> Self {
        baken_store::JournalRow {
            chain: r.chain.into(),
            canoniek: r.canoniek,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct HeadRow {
    dossier_id: Uuid,
    volgnummer: i64,
    link_hash: Vec<u8>,
    handtekening: Vec<u8>,
    sleutel_id: String,
    getekend_op: Instant,
}

impl From<HeadRow> for baken_store::HeadRecord {
    fn from(r: HeadRow) -> Self {
        baken_store::HeadRecord {
            dossier_id: r.dossier_id,
            volgnummer: r.volgnummer,
            link_hash: r.link_hash,
            handtekening: r.handtekening,
            sleutel_id: r.sleutel_id,
            getekend_op: r.getekend_op,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct AccessRow {
    id: Uuid,
    at: Instant,
    user_id: Uuid,
    object_soort: String,
    object_id: Uuid,
    dossier_id: Option<Uuid>,
    context: String,
    trace_id: Option<String>,
}

impl From<AccessRow> for baken_store::AccessRecord {
    fn from(r: AccessRow) -> Self {
        baken_store::AccessRecord {
            id: r.id,
            at: r.at,
            user: UserId(r.user_id),
            object_soort: r.object_soort,
            object_id: r.object_id,
            dossier_id: r.dossier_id,
            context: r.context,
            trace_id: r.trace_id,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct SearchHitRow {
    zoek_rowid: i64,
    zoek_entry_id: Option<Uuid>,
    zoek_vertrouwelijkheid: String,
    #[sqlx(flatten)]
    dossier: DossierRow,
}

impl SearchHitRow {
    pub fn into_hit(self) -> StoreResult<baken_store::SearchHit> {
        Ok(baken_store::SearchHit {
            cursor: self.zoek_rowid,
            entry_id: self.zoek_entry_id,
            vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid::parse(
                &self.zoek_vertrouwelijkheid,
            )
            .map_err(|e| corrupt("vertrouwelijkheid", e))?,
            dossier: self.dossier.into_record()?,
        })
    }
}

#[macro_export]
#[doc(hidden)]
macro_rules! bijlage_columns {
    () => {
        "id, dossier_id, bestandsnaam, mediatype, grootte, sha256, sleutel, sleutel_id, nonce_prefix, vertrouwelijkheid, aangemaakt_op, aangemaakt_door"
    };
}

#[derive(sqlx::FromRow)]
pub struct BijlageRow {
    id: Uuid,
    dossier_id: Uuid,
    bestandsnaam: String,
    mediatype: String,
    grootte: i64,
    sha256: Vec<u8>,
    sleutel: Option<Vec<u8>>,
    sleutel_id: String,
    nonce_prefix: Vec<u8>,
    vertrouwelijkheid: String,
    aangemaakt_op: Instant,
    aangemaakt_door: Uuid,
}

impl BijlageRow {
    pub fn into_record(self) -> StoreResult<baken_store::BijlageRecord> {
        Ok(baken_store::BijlageRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            bestandsnaam: self.bestandsnaam,
            mediatype: self.mediatype,
            grootte: self.grootte,
            sha256: self.sha256,
            sleutel: self.sleutel,
            sleutel_id: self.sleutel_id,
            nonce_prefix: self.nonce_prefix,
            vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid::parse(
                &self.vertrouwelijkheid,
            )
            .map_err(|e| corrupt("vertrouwelijkheid", e))?,
            aangemaakt_op: self.aangemaakt_op,
            aangemaakt_door: UserId(self.aangemaakt_door),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ProtocolVersieRow {
    id: Uuid,
    gemeente_code: String,
    versie: String,
    vastgesteld_op: time::Date,
    tekst: String,
    sha256: String,
    geladen_op: Instant,
    geladen_door: Option<Uuid>,
}

impl ProtocolVersieRow {
    pub fn into_record(self) -> StoreResult<baken_store::ProtocolVersieRecord> {
        Ok(baken_store::ProtocolVersieRecord {
            id: self.id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            versie: self.versie,
            vastgesteld_op: self.vastgesteld_op,
            tekst: self.tekst,
            sha256: self.sha256,
            geladen_op: self.geladen_op,
            geladen_door: self.geladen_door.map(UserId),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct PrivacytoetsRow {
    id: Uuid,
    dossier_id: Uuid,
    toets: String,
    goedgekeurd: bool,
    bronnen: String,
    antwoorden: String,
    motivering: Option<String>,
    geldig_tot: time::Date,
    protocol_versie: String,
    beslist_door: Uuid,
    beslist_op: Instant,
    journaalpost: Uuid,
}

impl PrivacytoetsRow {
    pub fn into_record(self) -> StoreResult<baken_store::PrivacytoetsRecord> {
        Ok(baken_store::PrivacytoetsRecord {
            id: self.id,
            dossier_id: self.dossier_id,
            toets: self.toets,
            goedgekeurd: self.goedgekeurd,
            bronnen: serde_json::from_str(&self.bronnen)
                .map_err(|e| corrupt("bronnen", e.to_string()))?,
            antwoorden: serde_json::from_str(&self.antwoorden)
                .map_err(|e| corrupt("antwoorden", e.to_string()))?,
            motivering: self.motivering,
            geldig_tot: self.geldig_tot,
            protocol_versie: self.protocol_versie,
            beslist_door: UserId(self.beslist_door),
            beslist_op: self.beslist_op,
            journaalpost: self.journaalpost,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct VerwerkingRow {
    id: Uuid,
    trace_id: String,
    span_id: String,
    parent_span_id: Option<String>,
    actie: String,
    start_op: Instant,
    eind_op: Instant,
    status: i16,
    verwerkingsactiviteit: String,
    betrokkene: Option<String>,
    betrokkene_type: Option<String>,
    dossier_id: Option<Uuid>,
    gemeente_code: Option<String>,
}

impl VerwerkingRow {
    pub fn into_record(self) -> StoreResult<baken_store::VerwerkingRecord> {
        Ok(baken_store::VerwerkingRecord {
            id: self.id,
            trace_id: self.trace_id,
            span_id: self.span_id,
            parent_span_id: self.parent_span_id,
            actie: self.actie,
            start_op: self.start_op,
            eind_op: self.eind_op,
            status: self.status,
            verwerkingsactiviteit: self.verwerkingsactiviteit,
            betrokkene: self.betrokkene,
            betrokkene_type: self.betrokkene_type,
            dossier_id: self.dossier_id,
            gemeente: self
                .gemeente_code
                .map(|g| GemeenteCode::parse(&g).map_err(|e| corrupt("gemeente_code", e)))
                .transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct BewaringRow {
    dossier_id: Uuid,
    gemeente_code: String,
    nummer: String,
    uitkomst: Option<String>,
    afgesloten_op: Option<Instant>,
    blokkade_reden: Option<String>,
    afgehandeld: Option<String>,
}

impl BewaringRow {
    pub fn into_record(self) -> StoreResult<baken_store::BewaringRecord> {
        Ok(baken_store::BewaringRecord {
            dossier_id: self.dossier_id,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            nummer: self.nummer,
            uitkomst: self.uitkomst,
            afgesloten_op: self.afgesloten_op,
            blokkade_reden: self.blokkade_reden,
            afgehandeld: self.afgehandeld,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct VernietigingRow {
    id: Uuid,
    batch_id: Uuid,
    dossier_id: Uuid,
    nummer: String,
    gemeente_code: String,
    soort: String,
    uitkomst: String,
    afgesloten_op: Instant,
    regel: String,
    actie: String,
    uitgevoerd_op: Instant,
    uitgevoerd_door: String,
}

impl VernietigingRow {
    pub fn into_record(self) -> StoreResult<baken_store::VernietigingRecord> {
        Ok(baken_store::VernietigingRecord {
            id: self.id,
            batch_id: self.batch_id,
            dossier_id: self.dossier_id,
            nummer: self.nummer,
            gemeente: GemeenteCode::parse(&self.gemeente_code)
                .map_err(|e| corrupt("gemeente_code", e))?,
            soort: self.soort,
            uitkomst: self.uitkomst,
            afgesloten_op: self.afgesloten_op,
            regel: self.regel,
            actie: self.actie,
            uitgevoerd_op: self.uitgevoerd_op,
            uitgevoerd_door: self.uitgevoerd_door,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct VerzoekRow {
    id: Uuid,
    soort: String,
    betrokkene: String,
    betrokkene_type: String,
    ontvangen_op: time::Date,
    termijn_tot: time::Date,
    geregistreerd_door: Uuid,
    geregistreerd_op: Instant,
    beantwoord_op: Option<Instant>,
    gemeente_code: Option<String>,
    entiteit_id: Option<Uuid>,
    toelichting: Option<String>,
    verlengd_op: Option<Instant>,
    verlenging_motivering: Option<String>,
    besluit: Option<String>,
    besluit_motivering: Option<String>,
}

impl VerzoekRow {
    pub fn into_record(self) -> StoreResult<baken_store::VerzoekRecord> {
        Ok(baken_store::VerzoekRecord {
            id: self.id,
            soort: self.soort,
            betrokkene: self.betrokkene,
            betrokkene_type: self.betrokkene_type,
            ontvangen_op: self.ontvangen_op,
            termijn_tot: self.termijn_tot,
            geregistreerd_door: UserId(self.geregistreerd_door),
            geregistreerd_op: self.geregistreerd_op,
            beantwoord_op: self.beantwoord_op,
            gemeente: self
                .gemeente_code
                .map(|g| GemeenteCode::parse(&g).map_err(|e| corrupt("gemeente_code", e)))
                .transpose()?,
            entiteit_id: self.entiteit_id,
            toelichting: self.toelichting,
            verlengd_op: self.verlengd_op,
            verlenging_motivering: self.verlenging_motivering,
            besluit: self.besluit,
            besluit_motivering: self.besluit_motivering,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct BeperkingRow {
    id: Uuid,
    verzoek_id: Uuid,
    dossier_id: Uuid,
    journaalpost_id: Option<Uuid>,
    grond: String,
    motivering: String,
    herbeoordeling: time::Date,
    vastgelegd_door: Uuid,
    vastgelegd_op: Instant,
    herbeoordeeld_op: Option<Instant>,
    herbeoordeling_motivering: Option<String>,
    opgeheven_op: Option<Instant>,
}

impl From<BeperkingRow> for baken_store::BeperkingRecord {
    fn from(r: BeperkingRow) -> Self {
        baken_store::BeperkingRecord {
            id: r.id,
            verzoek_id: r.verzoek_id,
            dossier_id: r.dossier_id,
            journaalpost_id: r.journaalpost_id,
            grond: r.grond,
            motivering: r.motivering,
            herbeoordeling: r.herbeoordeling,
            vastgelegd_door: UserId(r.vastgelegd_door),
            vastgelegd_op: r.vastgelegd_op,
            herbeoordeeld_op: r.herbeoordeeld_op,
            herbeoordeling_motivering: r.herbeoordeling_motivering,
            opgeheven_op: r.opgeheven_op,
        }
    }
}
