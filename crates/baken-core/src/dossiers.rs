//! Signals and their dossiers: intake, the dossier view, the backlog, the journal, entities, search
//! and verification of the tamper-evident chain.
//!
//! Every read is decided here with the domain's need-to-know and confidentiality rules and written to
//! the access log before the data leaves the service (no log, no data). Denials that could reveal
//! that something exists are `NotFound`.

use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{
    DossierAccess, DossierFacts, Vertrouwelijkheid, dossier_access, may_see_class,
};
use baken_domain::entiteit::{Entiteit, Rol};
use baken_domain::journal::{self, ChainBreak, JournaalInhoud, JournaalSoort};
use baken_domain::signaal::{
    Bron, BronBetrouwbaarheid, Fenomeen, InfoBetrouwbaarheid, SignaalInvoer, SignaalStatus,
    parse_moment,
};
use baken_domain::{Actor, GemeenteCode, Permission, UserId, ValidationErrors};
use baken_store::{
    AccessRecord, ChainRecord, DossierEntiteitRecord, DossierFilter, DossierRecord, DossierSort,
    EntiteitRecord, HeadRecord, ReadTx, SearchText, Tx,
};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// The result of an intake.
#[derive(Debug, Clone)]
pub struct SignaalAangemaakt {
    pub id: Uuid,
    pub nummer: String,
}

/// Another dossier an entity appears in, that the viewer may know of.
#[derive(Debug, Clone)]
pub struct ElderRef {
    pub dossier_id: Uuid,
    pub nummer: String,
    pub status: SignaalStatus,
    pub gemeente: GemeenteCode,
    pub rol: Rol,
    pub toegang: DossierAccess,
}

/// An entity as shown in a dossier, with where else it appears.
#[derive(Debug, Clone)]
pub struct EntiteitInDossier {
    pub entiteit: EntiteitRecord,
    pub rol: Rol,
    pub elders: Vec<ElderRef>,
    /// Also known in a municipality the viewer does not work for: only this neutral fact.
    pub elders_andere_gemeente: bool,
}

/// A journal entry as one viewer may see it.
#[derive(Debug, Clone)]
pub enum JournaalPost {
    Zichtbaar {
        volgnummer: i64,
        inhoud: Box<JournaalInhoud>,
        gecorrigeerd_door: Vec<i64>,
        corrigeert: Option<i64>,
    },
    /// The viewer may not see this entry's class: only that an entry exists, and when.
    Afgeschermd {
        volgnummer: i64,
        entry_id: Uuid,
        geregistreerd_op: OffsetDateTime,
    },
    /// Content destroyed under the retention rules; the chain link remains.
    Vernietigd {
        volgnummer: i64,
        entry_id: Uuid,
        geregistreerd_op: OffsetDateTime,
    },
}

/// A signal's dossier as one viewer may see it.
#[derive(Debug, Clone)]
pub struct SignaalView {
    /// Content fields the viewer may not see are emptied (description for index-only viewers,
    /// reporter details unless the viewer may see a protected reporter).
    pub dossier: DossierRecord,
    pub toegang: DossierAccess,
    pub melder_zichtbaar: bool,
    pub entiteiten: Vec<EntiteitInDossier>,
    pub journaal: Vec<JournaalPost>,
    /// Display names of the people mentioned (owner, assignee, team, authors).
    pub namen: BTreeMap<UserId, String>,
    /// Attachments the viewer may see.
    pub bijlagen: Vec<baken_store::BijlageRecord>,
}

/// One line of the backlog.
#[derive(Debug, Clone)]
pub struct BacklogRegel {
    pub dossier: DossierRecord,
    pub toegang: DossierAccess,
}

/// A page of the backlog and the cursor of the next page.
#[derive(Debug, Clone)]
pub struct BacklogPagina {
    pub regels: Vec<BacklogRegel>,
    pub volgende: Option<String>,
    pub namen: BTreeMap<UserId, String>,
}

/// Backlog query as it arrives (query string or form); validated as a whole.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BacklogQuery {
    pub gemeente: Option<String>,
    pub status: Option<String>,
    pub bron: Option<String>,
    pub fenomeen: Option<String>,
    /// A user id, or `mij`.
    pub toegewezen_aan: Option<String>,
    /// Only signals received at least this many days ago.
    pub ouder_dan_dagen: Option<String>,
    /// Only signals received at most this many days ago.
    pub jonger_dan_dagen: Option<String>,
    /// `nieuwste` (default) or `oudste`.
    pub sortering: Option<String>,
    /// Cursor from the previous page.
    pub na: Option<String>,
    pub limiet: Option<String>,
}

/// A new journal entry as typed or sent.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JournaalInvoer {
    pub soort: String,
    pub tekst: String,
    pub gebeurd_op: Option<String>,
    pub vertrouwelijkheid: Option<String>,
    pub bron: Option<String>,
    pub betrouwbaarheid: Option<String>,
    pub grondslag: Option<String>,
    pub doel: Option<String>,
    pub lezers: Vec<String>,
    pub corrigeert: Option<String>,
    pub koppelingen: Vec<String>,
}

/// Changes to a signal's editable fields; absent means unchanged, an empty string clears.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SignaalWijziging {
    pub status: Option<String>,
    pub toegewezen_aan: Option<String>,
    pub fenomenen: Option<Vec<String>>,
    pub indicatoren: Option<String>,
    pub bron_betrouwbaarheid: Option<String>,
    pub informatie_betrouwbaarheid: Option<String>,
    /// The team (user ids) that works on the signal besides its owner: need-to-know.
    pub team: Option<Vec<String>>,
    /// Why: recorded in the journal with the change.
    pub motivering: Option<String>,
    /// The version the change is based on; refused when someone changed the signal since.
    pub versie: Option<i64>,
}

/// A search result the viewer may see.
#[derive(Debug, Clone)]
pub struct Zoekresultaat {
    pub dossier: DossierRecord,
    /// Where the terms were found: `omschrijving` or `journaalpost`.
    pub deel: &'static str,
    pub entry_id: Option<Uuid>,
}

/// Access-log kinds of a search by identifier: with or without a dossier the searcher works on.
pub const ZOEKVRAAG: &str = "identificatiezoekvraag";
pub const ZOEKVRAAG_ZONDER_DOSSIER: &str = "identificatiezoekvraag-zonder-eigen-dossier";

/// A page of search results, newest text first.
#[derive(Debug, Clone)]
pub struct Zoekpagina {
    pub resultaten: Vec<Zoekresultaat>,
    /// Cursor for the next page (`na`); absent on the last page.
    pub volgende: Option<String>,
}

/// Results per search page unless the caller asks otherwise (at most [`MAX_ZOEKLIMIET`]).
pub const ZOEKLIMIET: i64 = 25;
pub const MAX_ZOEKLIMIET: i64 = 100;
/// The largest batch of index hits read at once while skipping hits the actor may not see.
const SEARCH_BATCH_MAX: i64 = 400;

/// An entity and the dossiers the viewer may know it from.
#[derive(Debug, Clone)]
pub struct EntiteitView {
    pub entiteit: EntiteitRecord,
    pub dossiers: Vec<ElderRef>,
    pub elders_andere_gemeente: bool,
}

/// A page of subjects or objects.
#[derive(Debug, Clone)]
pub struct EntiteitenPagina {
    pub entiteiten: Vec<EntiteitView>,
    /// Cursor for the next page (`na`); absent on the last page.
    pub volgende: Option<String>,
}

/// Subjects (who) or objects (what).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Categorie {
    Subjecten,
    Objecten,
}

/// The outcome of `baken verify`.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub dossiers: usize,
    pub entries: usize,
    pub failures: Vec<VerifyFailure>,
}

/// A dossier whose chain or head does not verify, at the first entry that fails.
#[derive(Debug, Clone)]
pub struct VerifyFailure {
    pub dossier_id: Uuid,
    pub nummer: String,
    pub volgnummer: Option<i64>,
    pub entry_id: Option<Uuid>,
    pub reden: String,
}

/// A signed chain head for an external archive.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeadExport {
    pub dossier_id: Uuid,
    pub volgnummer: i64,
    pub link_hash: String,
    pub handtekening: String,
    pub sleutel_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub getekend_op: OffsetDateTime,
}

const MAX_TEKST: usize = 20_000;
const BACKLOG_DEFAULT: i64 = 50;
const BACKLOG_MAX: i64 = 200;

fn optional_text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// Whether the actor may see an entity record: it belongs to one of the actor's municipalities and
/// the actor sees in full a dossier of that municipality it is linked to. (`linked` may hold other
/// municipalities' dossiers of the same identifier; those never open another's record.)
fn may_know_entity(
    actor: &Actor,
    entiteit: &EntiteitRecord,
    linked: &[(DossierRecord, Rol)],
) -> bool {
    actor.may_access_gemeente(&entiteit.gemeente)
        && linked.iter().any(|(d, _)| {
            d.gemeente == entiteit.gemeente
                && dossier_access(actor, &d.facts()) == DossierAccess::Full
        })
}

/// The key the backlog is ordered and continued by (creation time in microseconds).
fn backlog_key(d: &DossierRecord) -> i64 {
    (d.aangemaakt_op.unix_timestamp_nanos() / 1000) as i64
}

/// What a list shows of a dossier. Lists never carry content (the dossier view does, and is
/// logged). An index line — a dossier the actor may only know exists — shows its number,
/// municipality, status, dates and phenomena: not its source, reliability ratings, police
/// document, assignee or team. (The owner is in the record for access decisions; the adapters
/// do not render it on an index line.)
pub fn index_line(mut dossier: DossierRecord, toegang: DossierAccess) -> DossierRecord {
    dossier.omschrijving.clear();
    dossier.indicatoren = None;
    dossier.melder_naam = None;
    dossier.melder_contact = None;
    if toegang != DossierAccess::Full {
        dossier.waargenomen_op = None;
        dossier.bron_betrouwbaarheid = None;
        dossier.informatie_betrouwbaarheid = None;
        dossier.politie_stuk = None;
        dossier.toegewezen_aan = None;
        dossier.team.clear();
    }
    dossier
}

impl Services {
    fn today(&self) -> Date {
        baken_domain::tijd::nl_local(self.clock.now()).date()
    }

    fn require_work(actor: &Actor) -> ServiceResult<()> {
        if actor.may(Permission::WorkDossiers) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// Roles that read dossiers: the team's roles and the privacy officer. The mayor and the
    /// administrator have no backlog and no search.
    fn require_reader(actor: &Actor) -> ServiceResult<()> {
        if actor.may(Permission::WorkDossiers)
            || actor.has_role(baken_domain::Role::Privacyfunctionaris)
        {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// Up to `wanted` search hits in one municipality that the actor may see, newest first, with
    /// which part of the dossier matched. Hidden hits are skipped in batches until enough visible
    /// ones are found or the index is exhausted.
    async fn visible_hits(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        gemeente: &GemeenteCode,
        terms: &[String],
        mut before: Option<i64>,
        wanted: i64,
    ) -> ServiceResult<Vec<(baken_store::SearchHit, &'static str)>> {
        let mut visible = Vec::new();
        let mut batch = wanted;
        loop {
            let found = tx.search(gemeente, terms, before, batch).await?;
            let exhausted = (found.len() as i64) < batch;
            before = found.last().map(|h| h.cursor).or(before);
            for hit in found {
                if let Some(deel) = self.hit_visible(tx, actor, &hit).await? {
                    visible.push((hit, deel));
                    if visible.len() as i64 == wanted {
                        return Ok(visible);
                    }
                }
            }
            if exhausted {
                return Ok(visible);
            }
            batch = (batch * 2).min(SEARCH_BATCH_MAX);
        }
    }

    /// Whether the actor may see a search hit: full access to its dossier and the class of the
    /// text. `Some` names the part that matched.
    async fn hit_visible(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        hit: &baken_store::SearchHit,
    ) -> ServiceResult<Option<&'static str>> {
        let facts = hit.dossier.facts();
        if dossier_access(actor, &facts) != DossierAccess::Full {
            return Ok(None);
        }
        let visible = match hit.entry_id {
            None => true,
            // Whether a police entry is visible depends on its named readers, which only the
            // entry itself holds.
            Some(entry) if hit.vertrouwelijkheid == Vertrouwelijkheid::PolitieBurgemeester => tx
                .journal(hit.dossier.id)
                .await?
                .into_iter()
                .find(|r| r.chain.entry_id == entry)
                .and_then(|r| r.canoniek)
                .and_then(|c| JournaalInhoud::from_canonical(&c).ok())
                .is_some_and(|i| {
                    may_see_class(
                        actor,
                        &facts,
                        i.vertrouwelijkheid,
                        i.auteur,
                        &i.lezers,
                        actor.bibob_clearance,
                    )
                }),
            Some(_) => may_see_class(
                actor,
                &facts,
                hit.vertrouwelijkheid,
                UserId(Uuid::nil()),
                &[],
                actor.bibob_clearance,
            ),
        };
        Ok(visible.then_some(if hit.entry_id.is_some() {
            "journaalpost"
        } else {
            "omschrijving"
        }))
    }

    async fn names(
        &self,
        tx: &mut dyn ReadTx,
        ids: impl IntoIterator<Item = UserId>,
    ) -> ServiceResult<BTreeMap<UserId, String>> {
        let ids: Vec<UserId> = ids
            .into_iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let names: BTreeMap<UserId, String> = tx.user_names(&ids).await?.into_iter().collect();
        Ok(names)
    }

    /// Writes reads to the access log in their own transaction, before the data is returned, each
    /// with a processing-log record in the current trace (no data subject known here).
    async fn log_access(
        &self,
        actor: &Actor,
        entries: &[(&str, Uuid, Option<Uuid>)],
        context: &str,
    ) -> ServiceResult<()> {
        self.log_reads(actor, entries, context, &[], self.clock.now())
            .await
    }

    /// Writes reads to the access log (with the user) and the processing log (with the data
    /// subjects as pseudonyms, without the user), under the current trace, and waits until both
    /// are committed: no log, no data.
    pub(crate) async fn log_reads(
        &self,
        actor: &Actor,
        entries: &[(&str, Uuid, Option<Uuid>)],
        context: &str,
        subjects: &[(String, String)],
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let at = self.clock.now();
        let trace = crate::trace::current();
        let trace_id = trace.trace_hex();
        let access = entries
            .iter()
            .map(|(soort, object, dossier)| AccessRecord {
                // Time-ordered ids keep the log's unique index appending, not scattering.
                id: Uuid::now_v7(),
                at,
                user: actor.user_id,
                object_soort: soort.to_string(),
                object_id: *object,
                dossier_id: *dossier,
                context: context.chars().take(200).collect(),
                trace_id: Some(trace_id.clone()),
            })
            .collect();
        let mut processing = Vec::new();
        if subjects.is_empty() {
            // No data subject known (search results, entities, index lines): one processing record
            // per kind of read; the access log still names every object, under the same trace.
            let mut kinds: BTreeMap<&str, Vec<Option<Uuid>>> = BTreeMap::new();
            for (soort, _, dossier) in entries {
                kinds.entry(soort).or_default().push(*dossier);
            }
            for (soort, dossiers) in kinds {
                let mut record = self.processing_record(
                    &trace,
                    &format!("{soort}.lezen"),
                    "inzage",
                    None,
                    if dossiers.len() == 1 {
                        dossiers[0]
                    } else {
                        None
                    },
                    (started, at),
                );
                // Without one dossier, the reader's municipality keeps it in view of its officer.
                if record.dossier_id.is_none() {
                    record.gemeente = actor.gemeenten.first().cloned();
                }
                processing.push(record);
            }
        } else {
            for (soort, _, dossier) in entries {
                // An entity read has no dossier; the reader's municipality keeps it in view.
                let gemeente = dossier
                    .is_none()
                    .then(|| actor.gemeenten.first().cloned())
                    .flatten();
                processing.extend(self.processing_records(
                    &trace,
                    (&format!("{soort}.lezen"), "inzage"),
                    subjects,
                    (*dossier, gemeente),
                    (started, at),
                ));
            }
        }
        self.access_log()
            .log((access, processing))
            .await
            .map_err(ServiceError::Internal)
    }

    /// One processing-log record in `trace` (a new span under the trace's own span).
    pub(crate) fn processing_record(
        &self,
        trace: &baken_domain::verwerking::TraceContext,
        actie: &str,
        activiteit: &str,
        subject: Option<&(String, String)>,
        dossier: Option<Uuid>,
        (start, end): (OffsetDateTime, OffsetDateTime),
    ) -> baken_store::VerwerkingRecord {
        baken_store::VerwerkingRecord {
            id: Uuid::now_v7(),
            trace_id: trace.trace_hex(),
            span_id: hex::encode(crate::trace::new_span_id()),
            parent_span_id: Some(trace.span_hex()),
            actie: actie.into(),
            start_op: start,
            eind_op: end,
            status: 1,
            verwerkingsactiviteit: activiteit.into(),
            betrokkene: subject.map(|(soort, waarde)| {
                baken_domain::verwerking::pseudoniem(&self.pseudonym_key, soort, waarde)
            }),
            betrokkene_type: subject.map(|(soort, _)| soort.clone()),
            dossier_id: dossier,
            gemeente: None,
        }
    }

    /// The processing-log records of one action (`(actie, activiteit)`) on a dossier (`(id,
    /// municipality)`): one per data subject, or one without a subject when none is known.
    pub(crate) fn processing_records(
        &self,
        trace: &baken_domain::verwerking::TraceContext,
        (actie, activiteit): (&str, &str),
        subjects: &[(String, String)],
        (dossier, gemeente): (Option<Uuid>, Option<GemeenteCode>),
        span: (OffsetDateTime, OffsetDateTime),
    ) -> Vec<baken_store::VerwerkingRecord> {
        let subjects: Vec<Option<&(String, String)>> = if subjects.is_empty() {
            vec![None]
        } else {
            subjects.iter().map(Some).collect()
        };
        subjects
            .into_iter()
            .map(|subject| {
                let mut record =
                    self.processing_record(trace, actie, activiteit, subject, dossier, span);
                record.gemeente = gemeente.clone();
                record
            })
            .collect()
    }

    /// The data subjects among entities, as (identifier type, value) for pseudonymisation: a
    /// person by BSN, an organisation by KvK number, otherwise by Baken's entity id.
    pub(crate) fn data_subjects<'a>(
        entities: impl IntoIterator<Item = &'a EntiteitRecord>,
    ) -> Vec<(String, String)> {
        entities
            .into_iter()
            .filter_map(|e| match &e.entiteit {
                Entiteit::Persoon { bsn: Some(bsn), .. } => Some(("BSN".into(), bsn.to_string())),
                Entiteit::Organisatie {
                    kvk_nummer: Some(kvk),
                    ..
                } => Some(("KvK".into(), kvk.to_string())),
                Entiteit::Persoon { .. } | Entiteit::Organisatie { .. } => {
                    Some(("entiteit".into(), e.id.to_string()))
                }
                _ => None,
            })
            // One record per data subject, however often they are linked.
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// The pseudonym of an identifier, to search the processing log with.
    pub(crate) fn pseudonym(&self, soort: &str, waarde: &str) -> String {
        baken_domain::verwerking::pseudoniem(&self.pseudonym_key, soort, waarde)
    }

    /// Appends an entry to a dossier's chain (for other modules of this crate).
    pub(crate) async fn append_entry_for(
        &self,
        tx: &mut dyn Tx,
        inhoud: &JournaalInhoud,
    ) -> ServiceResult<ChainRecord> {
        self.append_entry(tx, inhoud).await
    }

    /// The author of an entry as recorded in it (for other modules of this crate).
    pub(crate) async fn author_of(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
    ) -> ServiceResult<baken_core_user::Author> {
        self.author(tx, actor).await
    }

    /// A new journal entry by `author`, now, class `normaal` (for other modules of this crate).
    pub(crate) fn entry_by(
        &self,
        dossier: Uuid,
        author: &baken_core_user::Author,
        soort: JournaalSoort,
        tekst: String,
    ) -> JournaalInhoud {
        self.system_entry(dossier, author, soort, tekst)
    }

    /// Logs one read (for other modules of this crate).
    pub(crate) async fn log_access_public(
        &self,
        actor: &Actor,
        soort: &str,
        object: Uuid,
        dossier: Uuid,
        context: &str,
    ) -> ServiceResult<()> {
        self.log_access(actor, &[(soort, object, Some(dossier))], context)
            .await
    }

    /// Appends an entry to a dossier's chain, re-signs the head and indexes the text.
    async fn append_entry(
        &self,
        tx: &mut dyn Tx,
        inhoud: &JournaalInhoud,
    ) -> ServiceResult<ChainRecord> {
        let dossier = inhoud.dossier_id;
        tx.lock_dossier(dossier).await?;
        let last = tx.last_chain(dossier).await?;
        let volgnummer = last.as_ref().map_or(1, |c| c.volgnummer + 1);
        let previous: [u8; 32] = match &last {
            Some(c) => c.link_hash.as_slice().try_into().map_err(|_| {
                ServiceError::Internal("stored link hash has the wrong length".into())
            })?,
            None => journal::GENESIS,
        };
        let canonical = inhoud.canonical();
        let content_hash = journal::content_hash(&canonical);
        let link_hash = journal::link_hash(dossier, volgnummer, &previous, &content_hash);
        let handtekening = self
            .signer
            .sign(&journal::head_message(dossier, volgnummer, &link_hash));
        let chain = ChainRecord {
            dossier_id: dossier,
            volgnummer,
            entry_id: inhoud.id,
            content_hash: content_hash.to_vec(),
            link_hash: link_hash.to_vec(),
            handtekening: handtekening.clone(),
            geregistreerd_op: inhoud.geregistreerd_op,
        };
        tx.insert_journal(&chain, &canonical).await?;
        tx.put_head(&HeadRecord {
            dossier_id: dossier,
            volgnummer,
            link_hash: link_hash.to_vec(),
            handtekening,
            sleutel_id: self.signer.key_id().to_string(),
            getekend_op: inhoud.geregistreerd_op,
        })
        .await?;
        tx.index_text(&SearchText {
            dossier_id: dossier,
            entry_id: Some(inhoud.id),
            vertrouwelijkheid: inhoud.vertrouwelijkheid,
            tekst: inhoud.tekst.clone(),
        })
        .await?;
        Ok(chain)
    }

    fn system_entry(
        &self,
        dossier: Uuid,
        author: &baken_core_user::Author,
        soort: JournaalSoort,
        tekst: String,
    ) -> JournaalInhoud {
        let now = self.clock.now();
        JournaalInhoud {
            id: Uuid::new_v4(),
            dossier_id: dossier,
            soort,
            tekst,
            gebeurd_op: now,
            geregistreerd_op: now,
            auteur: author.id,
            auteur_naam: author.naam.clone(),
            auteur_rollen: author.rollen.clone(),
            bron: None,
            betrouwbaarheid: None,
            grondslag: None,
            doel: None,
            vertrouwelijkheid: Vertrouwelijkheid::Normaal,
            lezers: vec![],
            corrigeert: None,
            koppelingen: vec![],
        }
    }

    async fn author(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
    ) -> ServiceResult<baken_core_user::Author> {
        let user = tx
            .user_by_id(actor.user_id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        Ok(baken_core_user::Author {
            id: user.id,
            naam: user.name.to_string(),
            rollen: user.roles.clone(),
        })
    }

    /// Checks that `user` may be assigned work in `gemeente`.
    async fn check_assignee(
        &self,
        tx: &mut dyn ReadTx,
        user: UserId,
        gemeente: &GemeenteCode,
        field: &str,
        errors: &mut ValidationErrors,
    ) -> ServiceResult<()> {
        let ok = tx.user_by_id(user).await?.is_some_and(|u| {
            u.active
                && u.gemeenten.contains(gemeente)
                && crate::accounts::actor_of(&u).may(Permission::WorkDossiers)
        });
        if !ok {
            errors.add(
                field,
                "Deze medewerker kan in deze gemeente geen signalen behandelen.",
            );
        }
        Ok(())
    }

    /// Registers a signal: validates everything at once, numbers it, links its subjects and objects
    /// (existing entities are found by their identifiers), writes the first journal entry, and audits.
    pub async fn create_signal(
        &self,
        actor: &Actor,
        input: &SignaalInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<SignaalAangemaakt> {
        Self::require_work(actor)?;
        let mut tx = self.store.begin().await?;
        let signaal = self
            .validate_signal(tx.as_mut(), actor, input)
            .await?
            .map_err(ServiceError::Invalid)?;
        let created = self
            .insert_signal(tx.as_mut(), actor, &signaal, ctx)
            .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Imports signals all-or-nothing: every row is validated first; with any invalid row nothing is
    /// stored and every invalid row is reported (1-based). Then all rows go in one transaction.
    /// `progress` is called with (done, total) while storing.
    pub async fn import_signals(
        &self,
        actor: &Actor,
        inputs: &[SignaalInvoer],
        ctx: &RequestContext,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> ServiceResult<Result<Vec<SignaalAangemaakt>, Vec<(usize, ValidationErrors)>>> {
        Self::require_work(actor)?;
        // Every row is validated before anything is written, in a read transaction: a file with
        // errors never takes the write lock (on SQLite the one writer, which the access log needs).
        let mut valid = Vec::with_capacity(inputs.len());
        let mut invalid = Vec::new();
        {
            let mut tx = self.store.begin_read().await?;
            for (index, input) in inputs.iter().enumerate() {
                match self.validate_signal(tx.as_mut(), actor, input).await? {
                    Ok(signaal) => valid.push(signaal),
                    Err(errors) => invalid.push((index + 1, errors)),
                }
            }
        }
        if !invalid.is_empty() {
            return Ok(Err(invalid));
        }
        let mut tx = self.store.begin().await?;
        let mut created = Vec::with_capacity(valid.len());
        for (index, signaal) in valid.iter().enumerate() {
            created.push(self.insert_signal(tx.as_mut(), actor, signaal, ctx).await?);
            progress(index + 1, valid.len());
        }
        Audit {
            at: self.clock.now(),
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            "signalen.geimporteerd",
            None,
            "gelukt",
            json!({"aantal": created.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(created))
    }

    /// Validates one signal; the outer error is a storage failure, the inner one the field errors.
    async fn validate_signal(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        input: &SignaalInvoer,
    ) -> ServiceResult<Result<baken_domain::signaal::NieuwSignaal, ValidationErrors>> {
        let (parsed, mut errors) = match input.parse(self.today()) {
            Ok(parsed) => (Some(parsed), ValidationErrors::new()),
            Err(errors) => (None, errors),
        };
        if let Ok(code) = GemeenteCode::parse(&input.gemeente)
            && !actor.may_access_gemeente(&code)
        {
            errors.add("gemeente", "U werkt niet voor deze gemeente.");
        }
        // Every read of a dossier writes one processing record per data subject: a signal with
        // unbounded entities would let one read write unbounded rows.
        let max = self.config.max_entiteiten_per_signaal;
        if input.subjecten.len() + input.objecten.len() > max {
            errors.add(
                "subjecten",
                format!("Een signaal heeft hoogstens {max} subjecten en objecten samen."),
            );
        }
        if let Some(p) = &parsed
            && let Some(assignee) = p.toegewezen_aan
        {
            self.check_assignee(tx, assignee, &p.gemeente, "toegewezenAan", &mut errors)
                .await?;
        }
        Ok(match errors.into_result() {
            Ok(()) => Ok(parsed.expect("no errors")),
            Err(errors) => Err(errors),
        })
    }

    async fn insert_signal(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        signaal: &baken_domain::signaal::NieuwSignaal,
        ctx: &RequestContext,
    ) -> ServiceResult<SignaalAangemaakt> {
        let now = self.clock.now();
        let author = self.author(tx, actor).await?;
        let jaar = self.today().year();
        let volgnummer = tx.next_signaal_nummer(&signaal.gemeente, jaar).await?;
        let nummer = format!("S-{jaar}-{volgnummer:04}");
        let melder = signaal.melder.clone().unwrap_or_default();
        let record = DossierRecord {
            id: Uuid::new_v4(),
            gemeente: signaal.gemeente.clone(),
            nummer: nummer.clone(),
            status: SignaalStatus::Ontvangen,
            eigenaar: actor.user_id,
            toegewezen_aan: signaal.toegewezen_aan,
            geregistreerd_door: actor.user_id,
            team: vec![],
            aangemaakt_op: now,
            gewijzigd_op: now,
            ontvangstdatum: signaal.ontvangstdatum,
            waargenomen_op: signaal.waargenomen_op,
            bron: signaal.bron,
            politie_stuk: signaal.politie_stuk,
            omschrijving: signaal.omschrijving.clone(),
            indicatoren: signaal.indicatoren.clone(),
            bron_betrouwbaarheid: signaal.bron_betrouwbaarheid,
            informatie_betrouwbaarheid: signaal.informatie_betrouwbaarheid,
            melder_naam: optional_text(&melder.naam),
            melder_contact: optional_text(&melder.contact),
            melder_anoniem: melder.anoniem || signaal.bron == Bron::MeldMisdaadAnoniem,
            fenomenen: signaal.fenomenen.clone(),
            versie: 1,
        };
        tx.insert_dossier(&record).await?;
        let mut linked = Vec::new();
        for (entiteit, rol) in &signaal.entiteiten {
            let id = self
                .find_or_create_entity(tx, &signaal.gemeente, entiteit, now)
                .await?;
            tx.link_entiteit(&DossierEntiteitRecord {
                dossier_id: record.id,
                entiteit_id: id,
                rol: *rol,
                aangemaakt_op: now,
                aangemaakt_door: actor.user_id,
            })
            .await?;
            linked.push(id);
        }
        // Processing log: the registration, once per data subject, in this transaction.
        let trace = crate::trace::current();
        let entities: Vec<EntiteitRecord> = signaal
            .entiteiten
            .iter()
            .zip(&linked)
            .map(|((entiteit, _), id)| EntiteitRecord {
                id: *id,
                gemeente: signaal.gemeente.clone(),
                entiteit: entiteit.clone(),
                aangemaakt_op: now,
            })
            .collect();
        let processing = self.processing_records(
            &trace,
            ("signaal.registreren", "signaalregistratie"),
            &Self::data_subjects(&entities),
            (Some(record.id), Some(record.gemeente.clone())),
            (now, self.clock.now()),
        );
        tx.append_verwerkingen(&processing).await?;
        let searchable = match &record.indicatoren {
            Some(indicatoren) => format!("{}\n{indicatoren}", record.omschrijving),
            None => record.omschrijving.clone(),
        };
        tx.index_text(&SearchText {
            dossier_id: record.id,
            entry_id: None,
            vertrouwelijkheid: Vertrouwelijkheid::Normaal,
            tekst: searchable,
        })
        .await?;
        let mut entry = self.system_entry(
            record.id,
            &author,
            JournaalSoort::Statuswijziging,
            format!(
                "Signaal {nummer} geregistreerd. Bron: {}. Status: {}.",
                record.bron.label(),
                record.status.label().to_lowercase()
            ),
        );
        entry.koppelingen = linked;
        self.append_entry(tx, &entry).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            "signaal.aangemaakt",
            Some(format!("signaal:{}", record.id)),
            "gelukt",
            json!({"gemeente": record.gemeente, "nummer": nummer, "trace": trace.trace_hex()}),
        )
        .await?;
        Ok(SignaalAangemaakt {
            id: record.id,
            nummer,
        })
    }

    /// The municipality's own record of an entity with this identifier, completed with what the
    /// new input adds (a filled field keeps its value), or a new record. Another municipality's
    /// record of the same identifier is never used: each municipality is its own controller.
    async fn find_or_create_entity(
        &self,
        tx: &mut dyn Tx,
        gemeente: &GemeenteCode,
        entiteit: &Entiteit,
        now: OffsetDateTime,
    ) -> ServiceResult<Uuid> {
        if let Some(key) = entiteit.sleutel()
            && let Some(mut existing) = tx.entiteit_by_sleutel(gemeente, &key).await?
        {
            if let Some(completed) = existing.entiteit.aangevuld(entiteit) {
                existing.entiteit = completed;
                tx.update_entiteit(&existing).await?;
            }
            return Ok(existing.id);
        }
        let record = EntiteitRecord {
            id: Uuid::new_v4(),
            gemeente: gemeente.clone(),
            entiteit: entiteit.clone(),
            aangemaakt_op: now,
        };
        tx.insert_entiteit(&record).await?;
        Ok(record.id)
    }

    /// Where else an entity appears, as far as this viewer may know.
    fn elsewhere(
        actor: &Actor,
        this: Option<Uuid>,
        dossiers: Vec<(DossierRecord, Rol)>,
    ) -> (Vec<ElderRef>, bool) {
        let mut refs = Vec::new();
        let mut other_gemeente = false;
        for (d, rol) in dossiers.into_iter().filter(|(d, _)| Some(d.id) != this) {
            match dossier_access(actor, &d.facts()) {
                DossierAccess::None => other_gemeente |= !actor.may_access_gemeente(&d.gemeente),
                toegang => refs.push(ElderRef {
                    dossier_id: d.id,
                    nummer: d.nummer,
                    status: d.status,
                    gemeente: d.gemeente,
                    rol,
                    toegang,
                }),
            }
        }
        (refs, other_gemeente)
    }

    /// A signal's dossier as this viewer may see it. `context` says where it is shown (for the log).
    pub async fn signal(
        &self,
        actor: &Actor,
        id: Uuid,
        context: &str,
    ) -> ServiceResult<SignaalView> {
        let started = self.clock.now();
        let mut tx = self.store.begin_read().await?;
        let mut dossier = tx.dossier(id).await?.ok_or(ServiceError::NotFound)?;
        let facts = dossier.facts();
        let toegang = dossier_access(actor, &facts);
        if toegang == DossierAccess::None {
            return Err(ServiceError::NotFound);
        }
        let clearance = actor.bibob_clearance;
        let melder_zichtbaar = may_see_class(
            actor,
            &facts,
            Vertrouwelijkheid::MelderBeschermd,
            facts.geregistreerd_door,
            &[],
            clearance,
        );
        if !melder_zichtbaar {
            dossier.melder_naam = None;
            dossier.melder_contact = None;
        }
        let mut entiteiten = Vec::new();
        let mut journaal = Vec::new();
        let mut people: Vec<UserId> = [
            Some(dossier.eigenaar),
            dossier.toegewezen_aan,
            Some(dossier.geregistreerd_door),
        ]
        .into_iter()
        .flatten()
        .collect();
        people.extend(dossier.team.iter().copied());
        if toegang == DossierAccess::Full {
            let linked = tx.dossier_entiteiten(id).await?;
            let ids: Vec<Uuid> = linked.iter().map(|(e, _)| e.id).collect();
            let mut appearances: BTreeMap<Uuid, Vec<(DossierRecord, Rol)>> = BTreeMap::new();
            for (entiteit, other, rol) in tx.entiteiten_dossiers(&ids).await? {
                appearances.entry(entiteit).or_default().push((other, rol));
            }
            for (entiteit, rol) in linked {
                let (elders, elders_andere_gemeente) = Self::elsewhere(
                    actor,
                    Some(id),
                    appearances.remove(&entiteit.id).unwrap_or_default(),
                );
                entiteiten.push(EntiteitInDossier {
                    entiteit,
                    rol,
                    elders,
                    elders_andere_gemeente,
                });
            }
            journaal = self
                .visible_journal(tx.as_mut(), actor, &facts, clearance, id)
                .await?;
            for post in &journaal {
                if let JournaalPost::Zichtbaar { inhoud, .. } = post {
                    people.push(inhoud.auteur);
                }
            }
        } else {
            dossier = index_line(dossier, toegang);
            people.clear();
        }
        let bijlagen = if toegang == DossierAccess::Full {
            crate::attachments::visible_attachments(tx.as_mut(), actor, &facts, clearance, id)
                .await?
        } else {
            vec![]
        };
        let namen = self.names(tx.as_mut(), people).await?;
        drop(tx);
        let subjects = Self::data_subjects(entiteiten.iter().map(|e| &e.entiteit));
        self.log_reads(
            actor,
            &[("dossier", id, Some(id))],
            context,
            &subjects,
            started,
        )
        .await?;
        Ok(SignaalView {
            dossier,
            toegang,
            melder_zichtbaar,
            entiteiten,
            journaal,
            namen,
            bijlagen,
        })
    }

    async fn visible_journal(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        facts: &DossierFacts,
        clearance: bool,
        id: Uuid,
    ) -> ServiceResult<Vec<JournaalPost>> {
        let rows = tx.journal(id).await?;
        let mut by_entry = BTreeMap::new();
        let mut parsed = Vec::new();
        for row in &rows {
            by_entry.insert(row.chain.entry_id, row.chain.volgnummer);
            let inhoud = row
                .canoniek
                .as_deref()
                .map(JournaalInhoud::from_canonical)
                .transpose()
                .map_err(ServiceError::Internal)?;
            parsed.push((row, inhoud));
        }
        let mut corrections: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (row, inhoud) in &parsed {
            if let Some(target) = inhoud
                .as_ref()
                .and_then(|i| i.corrigeert)
                .and_then(|t| by_entry.get(&t))
            {
                corrections
                    .entry(*target)
                    .or_default()
                    .push(row.chain.volgnummer);
            }
        }
        Ok(parsed
            .into_iter()
            .map(|(row, inhoud)| {
                let volgnummer = row.chain.volgnummer;
                match inhoud {
                    None => JournaalPost::Vernietigd {
                        volgnummer,
                        entry_id: row.chain.entry_id,
                        geregistreerd_op: row.chain.geregistreerd_op,
                    },
                    Some(inhoud)
                        if may_see_class(
                            actor,
                            facts,
                            inhoud.vertrouwelijkheid,
                            inhoud.auteur,
                            &inhoud.lezers,
                            clearance,
                        ) =>
                    {
                        JournaalPost::Zichtbaar {
                            volgnummer,
                            gecorrigeerd_door: corrections.remove(&volgnummer).unwrap_or_default(),
                            corrigeert: inhoud.corrigeert.and_then(|t| by_entry.get(&t).copied()),
                            inhoud: Box::new(inhoud),
                        }
                    }
                    Some(_) => JournaalPost::Afgeschermd {
                        volgnummer,
                        entry_id: row.chain.entry_id,
                        geregistreerd_op: row.chain.geregistreerd_op,
                    },
                }
            })
            .collect())
    }

    /// The journal of a signal alone (API), with the same rules as the dossier view.
    pub async fn journal_of(
        &self,
        actor: &Actor,
        id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<JournaalPost>> {
        let mut tx = self.store.begin_read().await?;
        let dossier = tx.dossier(id).await?.ok_or(ServiceError::NotFound)?;
        let facts = dossier.facts();
        if dossier_access(actor, &facts) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let clearance = actor.bibob_clearance;
        let posts = self
            .visible_journal(tx.as_mut(), actor, &facts, clearance, id)
            .await?;
        let linked = tx.dossier_entiteiten(id).await?;
        drop(tx);
        let subjects = Self::data_subjects(linked.iter().map(|(e, _)| e));
        self.log_reads(
            actor,
            &[("journaal", id, Some(id))],
            context,
            &subjects,
            self.clock.now(),
        )
        .await?;
        Ok(posts)
    }

    /// Adds a journal entry (or a correction of one) to a signal the actor works on.
    pub async fn add_journal_entry(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &JournaalInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<Uuid> {
        let mut tx = self.store.begin().await?;
        let dossier = tx.dossier(id).await?.ok_or(ServiceError::NotFound)?;
        let facts = dossier.facts();
        if dossier_access(actor, &facts) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        if !(actor.may(Permission::WorkDossiers) || actor.may(Permission::ReadProcessingLog)) {
            return Err(ServiceError::Forbidden);
        }
        let clearance = actor.bibob_clearance;
        let mut errors = ValidationErrors::new();
        let soort = errors.check("soort", JournaalSoort::parse(&input.soort));
        if soort == Some(JournaalSoort::Statuswijziging) {
            errors.add(
                "soort",
                "Statuswijzigingen legt Baken zelf vast; wijzig de status van het signaal.",
            );
        }
        let tekst = input.tekst.trim().to_string();
        if tekst.is_empty() {
            errors.add("tekst", "Vul de tekst van de journaalpost in.");
        } else if tekst.chars().count() > MAX_TEKST {
            errors.add("tekst", format!("Hoogstens {MAX_TEKST} tekens."));
        }
        let now = self.clock.now();
        let gebeurd_op = match optional_text(&input.gebeurd_op) {
            Some(v) => match parse_moment(&v) {
                Ok(at) if at > now + Duration::minutes(5) => {
                    errors.add(
                        "gebeurdOp",
                        "Het moment van de gebeurtenis kan niet in de toekomst liggen.",
                    );
                    None
                }
                Ok(at) => Some(at),
                Err(reason) => {
                    errors.add("gebeurdOp", reason);
                    None
                }
            },
            None => Some(now),
        };
        let vertrouwelijkheid = match optional_text(&input.vertrouwelijkheid) {
            Some(v) => errors.check("vertrouwelijkheid", Vertrouwelijkheid::parse(&v)),
            None => Some(Vertrouwelijkheid::Normaal),
        };
        if vertrouwelijkheid == Some(Vertrouwelijkheid::Bibob) && !clearance {
            errors.add(
                "vertrouwelijkheid",
                "U bent niet bevoegd Bibob-informatie vast te leggen.",
            );
        }
        let mut lezers = Vec::new();
        for value in input.lezers.iter().filter(|v| !v.trim().is_empty()) {
            match Uuid::parse_str(value.trim()) {
                Ok(id) if tx.user_by_id(UserId(id)).await?.is_some_and(|u| u.active) => {
                    lezers.push(UserId(id))
                }
                _ => errors.add("lezers", "Onbekende medewerker."),
            }
        }
        let existing = tx.journal(id).await?;
        let corrigeert = match optional_text(&input.corrigeert) {
            Some(v) => match Uuid::parse_str(&v) {
                Ok(target) if existing.iter().any(|r| r.chain.entry_id == target) => Some(target),
                _ => {
                    errors.add(
                        "corrigeert",
                        "Deze journaalpost bestaat niet in dit dossier.",
                    );
                    None
                }
            },
            None => None,
        };
        if soort == Some(JournaalSoort::Correctie)
            && corrigeert.is_none()
            && errors.for_field("corrigeert").is_none()
        {
            errors.add(
                "corrigeert",
                "Geef aan welke journaalpost deze correctie corrigeert.",
            );
        }
        if corrigeert.is_some() && soort.is_some_and(|s| s != JournaalSoort::Correctie) {
            errors.add(
                "soort",
                "Een post die een andere corrigeert, heeft de soort correctie.",
            );
        }
        let linked: BTreeSet<Uuid> = tx
            .dossier_entiteiten(id)
            .await?
            .into_iter()
            .map(|(e, _)| e.id)
            .collect();
        let mut koppelingen = Vec::new();
        for value in input.koppelingen.iter().filter(|v| !v.trim().is_empty()) {
            match Uuid::parse_str(value.trim()) {
                Ok(entity) if linked.contains(&entity) => koppelingen.push(entity),
                _ => errors.add(
                    "koppelingen",
                    "Koppel alleen subjecten en objecten van dit dossier.",
                ),
            }
        }
        let bounded = |field: &str, value: &Option<String>, errors: &mut ValidationErrors| {
            let text = optional_text(value);
            if text.as_ref().is_some_and(|t| t.chars().count() > 500) {
                errors.add(field, "Hoogstens 500 tekens.");
            }
            text
        };
        let bron = bounded("bron", &input.bron, &mut errors);
        let betrouwbaarheid = bounded("betrouwbaarheid", &input.betrouwbaarheid, &mut errors);
        let grondslag = bounded("grondslag", &input.grondslag, &mut errors);
        let doel = bounded("doel", &input.doel, &mut errors);
        errors.into_result()?;
        let author = self.author(tx.as_mut(), actor).await?;
        let inhoud = JournaalInhoud {
            id: Uuid::new_v4(),
            dossier_id: id,
            soort: soort.expect("checked"),
            tekst,
            gebeurd_op: gebeurd_op.expect("checked"),
            geregistreerd_op: now,
            auteur: author.id,
            auteur_naam: author.naam,
            auteur_rollen: author.rollen,
            bron,
            betrouwbaarheid,
            grondslag,
            doel,
            vertrouwelijkheid: vertrouwelijkheid.expect("checked"),
            lezers,
            corrigeert,
            koppelingen,
        };
        self.append_entry(tx.as_mut(), &inhoud).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            "journaal.toegevoegd",
            Some(format!("signaal:{id}")),
            "gelukt",
            json!({"soort": inhoud.soort, "post": inhoud.id}),
        )
        .await?;
        tx.commit().await?;
        Ok(inhoud.id)
    }

    /// Changes a signal's editable fields; every change is written to the journal.
    pub async fn update_signal(
        &self,
        actor: &Actor,
        id: Uuid,
        change: &SignaalWijziging,
        ctx: &RequestContext,
    ) -> ServiceResult<DossierRecord> {
        let mut tx = self.store.begin().await?;
        let current = tx.dossier(id).await?.ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &current.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        Self::require_work(actor)?;
        let mut errors = ValidationErrors::new();
        let mut next = current.clone();
        let mut notes = Vec::new();
        if let Some(status) = change.status.as_deref().filter(|s| !s.trim().is_empty())
            && let Some(status) = errors.check("status", SignaalStatus::parse(status))
            && status != current.status
        {
            // The protocol in force decides: transition, role, motivation, privacy check.
            let (protocol, _, _) = self
                .protocol_in_force(tx.as_mut(), &current.gemeente)
                .await?;
            let besluiten = self.toetsbesluiten(tx.as_mut(), &current).await?;
            let stand = baken_domain::protocol::Dossierstand {
                gemeente: &current.gemeente,
                status: current.status,
                besluiten: &besluiten,
                vandaag: self.today(),
            };
            let motivated = change
                .motivering
                .as_deref()
                .is_some_and(|m| !m.trim().is_empty());
            let overgang = protocol
                .transition(actor, stand, status, motivated)
                .map_err(ServiceError::Refused)?;
            if status.is_closed() {
                // The closing decision starts the retention period.
                tx.set_afgesloten(id, status.as_str(), self.clock.now())
                    .await?;
            }
            notes.push(format!(
                "Status: {} → {} (protocol {}{}).",
                current.status.label().to_lowercase(),
                status.label().to_lowercase(),
                protocol.versie(),
                overgang
                    .weging
                    .as_deref()
                    .and_then(|w| protocol.weging(w))
                    .map(|w| format!(", {}", w.naam.to_lowercase()))
                    .unwrap_or_default()
            ));
            next.status = status;
        }
        if let Some(value) = &change.toegewezen_aan {
            next.toegewezen_aan = match value.trim() {
                "" => None,
                v => match Uuid::parse_str(v) {
                    Ok(user) => {
                        self.check_assignee(
                            tx.as_mut(),
                            UserId(user),
                            &current.gemeente,
                            "toegewezenAan",
                            &mut errors,
                        )
                        .await?;
                        Some(UserId(user))
                    }
                    Err(_) => {
                        errors.add("toegewezenAan", "Onbekende medewerker.");
                        None
                    }
                },
            };
            if next.toegewezen_aan != current.toegewezen_aan {
                let name = match next.toegewezen_aan {
                    Some(u) => tx
                        .user_by_id(u)
                        .await?
                        .map(|u| u.name.to_string())
                        .unwrap_or_default(),
                    None => "niemand".into(),
                };
                notes.push(format!("Toegewezen aan: {name}."));
            }
        }
        if let Some(values) = &change.fenomenen {
            let mut parsed = Vec::new();
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                if let Some(f) = errors.check("fenomenen", Fenomeen::parse(value))
                    && !parsed.contains(&f)
                {
                    parsed.push(f);
                }
            }
            parsed.sort();
            if parsed.is_empty() && errors.for_field("fenomenen").is_none() {
                errors.add("fenomenen", "Kies minstens één fenomeen (of 'overig').");
            }
            if parsed != current.fenomenen {
                notes.push(format!(
                    "Fenomenen: {}.",
                    parsed
                        .iter()
                        .map(|f| f.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            next.fenomenen = parsed;
        }
        if let Some(value) = &change.indicatoren {
            next.indicatoren = optional_text(&Some(value.clone()));
            if next
                .indicatoren
                .as_ref()
                .is_some_and(|i| i.chars().count() > 4000)
            {
                errors.add("indicatoren", "Hoogstens 4000 tekens.");
            }
            if next.indicatoren != current.indicatoren {
                notes.push(format!(
                    "Indicatoren: {}.",
                    next.indicatoren.as_deref().unwrap_or("(leeg)")
                ));
            }
        }
        if let Some(value) = &change.bron_betrouwbaarheid {
            next.bron_betrouwbaarheid = optional_text(&Some(value.clone()))
                .and_then(|v| errors.check("bronBetrouwbaarheid", BronBetrouwbaarheid::parse(&v)));
            if next.bron_betrouwbaarheid != current.bron_betrouwbaarheid {
                notes.push(format!(
                    "Betrouwbaarheid bron: {}.",
                    next.bron_betrouwbaarheid.map_or("onbekend", |b| b.label())
                ));
            }
        }
        if let Some(value) = &change.informatie_betrouwbaarheid {
            next.informatie_betrouwbaarheid = optional_text(&Some(value.clone())).and_then(|v| {
                errors.check("informatieBetrouwbaarheid", InfoBetrouwbaarheid::parse(&v))
            });
            if next.informatie_betrouwbaarheid != current.informatie_betrouwbaarheid {
                notes.push(format!(
                    "Betrouwbaarheid informatie: {}.",
                    next.informatie_betrouwbaarheid
                        .map_or("onbekend", |b| b.label())
                ));
            }
        }
        if let Some(values) = &change.team {
            let mut team = Vec::new();
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                match Uuid::parse_str(value.trim()) {
                    Ok(user) => {
                        self.check_assignee(
                            tx.as_mut(),
                            UserId(user),
                            &current.gemeente,
                            "team",
                            &mut errors,
                        )
                        .await?;
                        if !team.contains(&UserId(user)) {
                            team.push(UserId(user));
                        }
                    }
                    Err(_) => errors.add("team", "Onbekende medewerker."),
                }
            }
            if team != current.team {
                let mut names = Vec::new();
                for member in &team {
                    names.push(
                        tx.user_by_id(*member)
                            .await?
                            .map(|u| u.name.to_string())
                            .unwrap_or_default(),
                    );
                }
                notes.push(format!(
                    "Team: {}.",
                    if names.is_empty() {
                        "(leeg)".to_string()
                    } else {
                        names.join(", ")
                    }
                ));
            }
            next.team = team;
        }
        // Who works on a dossier is decided by its owner or the coordinator, not by whoever is on
        // its team: a team member cannot widen need-to-know or take the dossier on by themself.
        let steers =
            current.eigenaar == actor.user_id || actor.has_role(baken_domain::Role::Coordinator);
        if !steers {
            if next.team != current.team {
                errors.add(
                    "team",
                    "Alleen de eigenaar of de coördinator wijzigt het team.",
                );
            }
            if next.toegewezen_aan != current.toegewezen_aan {
                errors.add(
                    "toegewezenAan",
                    "Alleen de eigenaar of de coördinator wijst het signaal toe.",
                );
            }
        }
        let motivering = optional_text(&change.motivering);
        if motivering
            .as_ref()
            .is_some_and(|m| m.chars().count() > MAX_TEKST)
        {
            errors.add("motivering", format!("Hoogstens {MAX_TEKST} tekens."));
        }
        errors.into_result()?;
        if let Some(expected) = change.versie
            && expected != current.versie
        {
            return Err(ServiceError::Conflict(
                "Het signaal is intussen door iemand anders gewijzigd. Laad het opnieuw.".into(),
            ));
        }
        if notes.is_empty() {
            return Ok(current);
        }
        next.versie = current.versie + 1;
        next.gewijzigd_op = self.clock.now();
        if !tx.update_dossier(&next, current.versie).await? {
            return Err(ServiceError::Conflict(
                "Het signaal is intussen door iemand anders gewijzigd. Laad het opnieuw.".into(),
            ));
        }
        let author = self.author(tx.as_mut(), actor).await?;
        let mut text = notes.join(" ");
        if let Some(m) = &motivering {
            text.push_str(&format!(" Motivering: {m}"));
        }
        let soort = if next.status != current.status {
            JournaalSoort::Statuswijziging
        } else {
            JournaalSoort::Notitie
        };
        let entry = self.system_entry(id, &author, soort, text);
        self.append_entry(tx.as_mut(), &entry).await?;
        Audit {
            at: next.gewijzigd_op,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            "signaal.gewijzigd",
            Some(format!("signaal:{id}")),
            "gelukt",
            json!({"versie": next.versie}),
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// A page of the backlog of one municipality (the actor's active one by default).
    pub async fn backlog(
        &self,
        actor: &Actor,
        default_gemeente: Option<&GemeenteCode>,
        query: &BacklogQuery,
    ) -> ServiceResult<BacklogPagina> {
        Self::require_reader(actor)?;
        let mut errors = ValidationErrors::new();
        let gemeente = match optional_text(&query.gemeente) {
            Some(code) => errors.check("gemeente", GemeenteCode::parse(&code)),
            None => default_gemeente
                .cloned()
                .or_else(|| actor.gemeenten.first().cloned()),
        };
        if let Some(g) = &gemeente
            && !actor.may_access_gemeente(g)
        {
            errors.add("gemeente", "U werkt niet voor deze gemeente.");
        }
        let status = optional_text(&query.status)
            .and_then(|v| errors.check("status", SignaalStatus::parse(&v)));
        let bron = optional_text(&query.bron).and_then(|v| errors.check("bron", Bron::parse(&v)));
        let fenomeen = optional_text(&query.fenomeen)
            .and_then(|v| errors.check("fenomeen", Fenomeen::parse(&v)));
        let toegewezen_aan = match optional_text(&query.toegewezen_aan).as_deref() {
            None => None,
            Some("mij") => Some(actor.user_id),
            Some(v) => errors.check(
                "toegewezenAan",
                Uuid::parse_str(v)
                    .map(UserId)
                    .map_err(|_| "Onbekende medewerker.".to_string()),
            ),
        };
        let today = self.today();
        let days = |field: &str, value: &Option<String>, errors: &mut ValidationErrors| {
            optional_text(value).and_then(|v| match v.parse::<i64>() {
                Ok(n) if (0..=36_500).contains(&n) => Some(today - Duration::days(n)),
                _ => {
                    errors.add(field, "Vul een aantal dagen in (0 of meer).");
                    None
                }
            })
        };
        let ontvangen_tot = days("ouderDanDagen", &query.ouder_dan_dagen, &mut errors);
        let ontvangen_vanaf = days("jongerDanDagen", &query.jonger_dan_dagen, &mut errors);
        let sort = match optional_text(&query.sortering).as_deref() {
            None | Some("nieuwste") => DossierSort::NieuwsteEerst,
            Some("oudste") => DossierSort::OudsteEerst,
            Some(_) => {
                errors.add("sortering", "Kies nieuwste of oudste.");
                DossierSort::NieuwsteEerst
            }
        };
        let na = optional_text(&query.na).and_then(|cursor| {
            let parsed = cursor
                .split_once('.')
                .and_then(|(key, id)| Some((key.parse::<i64>().ok()?, Uuid::parse_str(id).ok()?)));
            if parsed.is_none() {
                errors.add("na", "Ongeldige vervolgpagina.");
            }
            parsed
        });
        let limit = match optional_text(&query.limiet) {
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (1..=BACKLOG_MAX).contains(&n) => n,
                _ => {
                    errors.add(
                        "limiet",
                        format!("Kies een limiet van 1 tot en met {BACKLOG_MAX}."),
                    );
                    BACKLOG_DEFAULT
                }
            },
            None => BACKLOG_DEFAULT,
        };
        let Some(gemeente) = gemeente else {
            errors.add("gemeente", "Kies een gemeente.");
            return Err(ServiceError::Invalid(errors));
        };
        errors.into_result()?;
        let filter = DossierFilter {
            gemeente,
            status,
            bron,
            fenomeen,
            toegewezen_aan,
            ontvangen_vanaf,
            ontvangen_tot,
            sort,
            na,
            limit: limit + 1,
        };
        let mut tx = self.store.begin_read().await?;
        // Access is decided before paging, so that the page, whether a next page exists and its
        // cursor are computed over what the actor may see. Filters on what an index line does not
        // show (source, assignee) only match dossiers the actor sees in full.
        let content_filter = filter.bron.is_some() || filter.toegewezen_aan.is_some();
        let mut regels: Vec<BacklogRegel> = Vec::new();
        let mut filter = filter;
        let mut more = false;
        'pages: loop {
            let rows = tx.list_dossiers(&filter).await?;
            let exhausted = (rows.len() as i64) < filter.limit;
            filter.na = rows.last().map(|d| (backlog_key(d), d.id));
            for dossier in rows {
                let toegang = dossier_access(actor, &dossier.facts());
                if toegang == DossierAccess::None
                    || (content_filter && toegang != DossierAccess::Full)
                {
                    continue;
                }
                if regels.len() as i64 == limit {
                    more = true;
                    break 'pages;
                }
                regels.push(BacklogRegel {
                    dossier: index_line(dossier, toegang),
                    toegang,
                });
            }
            if exhausted {
                break;
            }
            filter.limit = (filter.limit * 2).min(SEARCH_BATCH_MAX);
        }
        let volgende = if more {
            regels
                .last()
                .map(|r| format!("{}.{}", backlog_key(&r.dossier), r.dossier.id))
        } else {
            None
        };
        let people: Vec<UserId> = regels
            .iter()
            .flat_map(|r| [Some(r.dossier.eigenaar), r.dossier.toegewezen_aan])
            .flatten()
            .collect();
        let namen = self.names(tx.as_mut(), people).await?;
        Ok(BacklogPagina {
            regels,
            volgende,
            namen,
        })
    }

    /// Full-text search over descriptions and journal text in the actor's municipalities, newest
    /// text first, a page at a time (`na` is the previous page's `volgende`). Only what the actor
    /// may see is returned, and every result is logged.
    pub async fn search(
        &self,
        actor: &Actor,
        query: &str,
        na: Option<&str>,
        limiet: Option<i64>,
        context: &str,
    ) -> ServiceResult<Zoekpagina> {
        Self::require_reader(actor)?;
        let terms: Vec<String> = query
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(|t| t.trim_matches('-').to_lowercase())
            .filter(|t| !t.is_empty())
            .take(8)
            .collect();
        let mut errors = ValidationErrors::new();
        if terms.is_empty() || terms.iter().any(|t| t.chars().count() > 64) {
            errors.add(
                "zoekterm",
                "Vul een of meer woorden in (hoogstens 64 tekens per woord).",
            );
        }
        let before = match na.map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => match n.parse::<i64>() {
                Ok(cursor) if cursor > 0 => Some(cursor),
                _ => {
                    errors.add("na", "Dit is geen geldige vervolgcursor.");
                    None
                }
            },
        };
        let limit = limiet.unwrap_or(ZOEKLIMIET);
        if !(1..=MAX_ZOEKLIMIET).contains(&limit) {
            errors.add(
                "limiet",
                format!("Kies een limiet van 1 tot en met {MAX_ZOEKLIMIET}."),
            );
        }
        errors.into_result()?;
        let mut tx = self.store.begin_read().await?;
        // Access is decided before paging: per municipality the newest `limit + 1` texts the actor
        // may see, so that neither the page, nor whether a next page exists, nor its cursor depends
        // on text the actor may not see (a cursor for a word only in a Bibob entry was an oracle).
        let mut visible = Vec::new();
        for gemeente in &actor.gemeenten {
            visible.extend(
                self.visible_hits(tx.as_mut(), actor, gemeente, &terms, before, limit + 1)
                    .await?,
            );
        }
        visible.sort_by_key(|(h, _)| std::cmp::Reverse(h.cursor));
        let more = visible.len() as i64 > limit;
        visible.truncate(limit as usize);
        let volgende = more
            .then(|| visible.last().map(|(h, _)| h.cursor.to_string()))
            .flatten();
        let resultaten: Vec<Zoekresultaat> = visible
            .into_iter()
            .map(|(hit, deel)| {
                let mut dossier = hit.dossier;
                dossier.melder_naam = None;
                dossier.melder_contact = None;
                Zoekresultaat {
                    dossier,
                    deel,
                    entry_id: hit.entry_id,
                }
            })
            .collect();
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = resultaten
            .iter()
            .map(|r| ("zoekresultaat", r.dossier.id, Some(r.dossier.id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(Zoekpagina {
            resultaten,
            volgende,
        })
    }

    /// Counts one identifier look-up of the actor against the limit per minute: an identifier
    /// look-up tells whether a person is known (also, neutrally, in another municipality), so it
    /// must not be possible in bulk.
    fn count_lookup(&self, actor: &Actor) -> ServiceResult<()> {
        self.lookups
            .check(&actor.user_id.0.to_string(), self.clock.now())
            .map_err(|until| {
                tracing::warn!(user = %actor.user_id.0, "identifier look-ups over the limit");
                ServiceError::Locked { until }
            })
    }

    /// The data subject an identifier names, for the processing log: (kind, value).
    fn subject_of_key(entiteit: &Entiteit) -> Vec<(String, String)> {
        match entiteit {
            Entiteit::Persoon { bsn: Some(bsn), .. } => vec![("BSN".into(), bsn.to_string())],
            Entiteit::Organisatie {
                kvk_nummer: Some(kvk),
                ..
            } => vec![("KvK".into(), kvk.to_string())],
            _ => vec![],
        }
    }

    /// Writes an identifier look-up to the access log (the question, and every dossier it shows)
    /// and the processing log (the data subject it names). A question that finds no dossier of
    /// one's own is flagged for the privacy officer's anomaly report.
    async fn log_lookup(
        &self,
        actor: &Actor,
        entiteit: &Entiteit,
        shown: &[(&'static str, Uuid)],
        own: bool,
        context: &str,
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let mut logged: Vec<(&str, Uuid, Option<Uuid>)> =
            shown.iter().map(|(s, d)| (*s, *d, Some(*d))).collect();
        logged.push((
            if own {
                ZOEKVRAAG
            } else {
                ZOEKVRAAG_ZONDER_DOSSIER
            },
            Uuid::nil(),
            None,
        ));
        self.log_reads(
            actor,
            &logged,
            context,
            &Self::subject_of_key(entiteit),
            started,
        )
        .await
    }

    /// The dossiers an identifier (BSN, KvK number, address, licence plate, IBAN) appears in, as far
    /// as the actor may know them, and whether it is known in a municipality the actor does not
    /// work for (only that: the neutral hit). Content is never included; the question and each
    /// result are logged, and look-ups are rate-limited.
    pub async fn search_by_identifier(
        &self,
        actor: &Actor,
        input: &baken_domain::entiteit::EntiteitInvoer,
        context: &str,
    ) -> ServiceResult<(Vec<(DossierRecord, DossierAccess)>, bool)> {
        Self::require_reader(actor)?;
        let started = self.clock.now();
        let mut prefixed = ValidationErrors::new();
        let parsed = input.parse("zoek", &mut prefixed);
        let mut errors = ValidationErrors::new();
        for e in prefixed.iter() {
            errors.add(e.name.trim_start_matches("zoek."), e.reason.clone());
        }
        let parsed = parsed.map(|(e, _)| e);
        let key = parsed.as_ref().and_then(Entiteit::sleutel);
        if key.is_none() && errors.is_empty() {
            errors.add("zoekterm", "Geef een zoekterm of een identificatie (bsn, kvkNummer, kenteken, iban, of postcode en huisnummer).");
        }
        errors.into_result()?;
        let (entiteit, key) = (parsed.expect("checked"), key.expect("checked"));
        self.count_lookup(actor)?;
        let mut tx = self.store.begin_read().await?;
        let linked = tx.dossiers_met_sleutel(&key).await?;
        drop(tx);
        let mut found = Vec::new();
        let mut elders = false;
        let mut seen = BTreeSet::new();
        for (dossier, _) in linked {
            match dossier_access(actor, &dossier.facts()) {
                DossierAccess::None => elders |= !actor.may_access_gemeente(&dossier.gemeente),
                toegang => {
                    if seen.insert(dossier.id) {
                        found.push((index_line(dossier, toegang), toegang));
                    }
                }
            }
        }
        let own = found.iter().any(|(_, t)| *t == DossierAccess::Full);
        let shown: Vec<(&str, Uuid)> = found.iter().map(|(d, _)| ("zoekresultaat", d.id)).collect();
        self.log_lookup(actor, &entiteit, &shown, own, context, started)
            .await?;
        Ok((found, elders))
    }

    /// While a signal is being registered: where an entity the form describes already appears, as
    /// far as the actor may know it (other municipalities only as a neutral flag). `None` while the
    /// input does not yet identify an entity, or when Baken does not know it. Every look-up is
    /// logged like an identifier search and counts against the same limit.
    pub async fn where_else(
        &self,
        actor: &Actor,
        input: &baken_domain::entiteit::EntiteitInvoer,
        context: &str,
    ) -> ServiceResult<Option<(Vec<ElderRef>, bool)>> {
        Self::require_work(actor)?;
        let started = self.clock.now();
        let mut ignored = ValidationErrors::new();
        let Some((entiteit, _)) = input.parse("elders", &mut ignored) else {
            return Ok(None);
        };
        let Some(key) = entiteit.sleutel() else {
            return Ok(None);
        };
        self.count_lookup(actor)?;
        let mut tx = self.store.begin_read().await?;
        let linked = tx.dossiers_met_sleutel(&key).await?;
        drop(tx);
        let (refs, elders) = Self::elsewhere(actor, None, linked);
        let own = refs.iter().any(|r| r.toegang == DossierAccess::Full);
        let shown: Vec<(&str, Uuid)> = refs
            .iter()
            .map(|r| ("dossierregel", r.dossier_id))
            .collect();
        self.log_lookup(actor, &entiteit, &shown, own, context, started)
            .await?;
        if refs.is_empty() && !elders {
            return Ok(None);
        }
        Ok(Some((refs, elders)))
    }

    /// An entity, visible when the actor has full access to at least one dossier it appears in.
    pub async fn entity(
        &self,
        actor: &Actor,
        id: Uuid,
        context: &str,
    ) -> ServiceResult<EntiteitView> {
        let mut tx = self.store.begin_read().await?;
        let entiteit = tx.entiteit(id).await?.ok_or(ServiceError::NotFound)?;
        let linked = tx.entiteit_dossiers(id).await?;
        if !may_know_entity(actor, &entiteit, &linked) {
            return Err(ServiceError::NotFound);
        }
        let (dossiers, elders_andere_gemeente) = Self::elsewhere(actor, None, linked);
        drop(tx);
        let subjects = Self::data_subjects([&entiteit]);
        self.log_reads(
            actor,
            &[("entiteit", id, None)],
            context,
            &subjects,
            self.clock.now(),
        )
        .await?;
        Ok(EntiteitView {
            entiteit,
            dossiers,
            elders_andere_gemeente,
        })
    }

    /// The subjects or objects the actor may know, a page at a time: each appears in at least one
    /// dossier the actor has full access to. Every listed entity is logged.
    pub async fn entities(
        &self,
        actor: &Actor,
        categorie: Categorie,
        soort: Option<&str>,
        na: Option<&str>,
        limiet: Option<i64>,
        context: &str,
    ) -> ServiceResult<EntiteitenPagina> {
        use baken_domain::entiteit::EntiteitSoort;
        if !(actor.may(Permission::WorkDossiers)
            || actor.has_role(baken_domain::Role::Privacyfunctionaris))
        {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let of_category: Vec<EntiteitSoort> = EntiteitSoort::ALL
            .iter()
            .copied()
            .filter(|s| s.is_subject() == (categorie == Categorie::Subjecten))
            .collect();
        let soorten = match soort.map(str::trim).filter(|s| !s.is_empty()) {
            None => of_category.clone(),
            Some(s) => match EntiteitSoort::parse(s) {
                Ok(soort) if of_category.contains(&soort) => vec![soort],
                _ => {
                    let namen: Vec<&str> = of_category.iter().map(|s| s.as_str()).collect();
                    errors.add("soort", format!("Kies een van: {}.", namen.join(", ")));
                    vec![]
                }
            },
        };
        let after = match na.map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => match Uuid::parse_str(n) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("na", "Dit is geen geldige vervolgcursor.");
                    None
                }
            },
        };
        let limit = limiet.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            errors.add("limiet", "Kies een limiet van 1 tot en met 100.");
        }
        errors.into_result()?;
        let mut tx = self.store.begin_read().await?;
        let found = tx
            .list_entiteiten(&baken_store::EntiteitFilter {
                gemeenten: actor.gemeenten.clone(),
                soorten,
                alle_dossiers: actor.has_role(baken_domain::Role::Coordinator)
                    || actor.has_role(baken_domain::Role::Privacyfunctionaris),
                betrokkene: actor.user_id,
                na: after,
                limit,
            })
            .await?;
        let volgende = (found.len() as i64 == limit)
            .then(|| found.last().map(|e| e.id.to_string()))
            .flatten();
        let ids: Vec<Uuid> = found.iter().map(|e| e.id).collect();
        let mut appearances: BTreeMap<Uuid, Vec<(DossierRecord, Rol)>> = BTreeMap::new();
        for (entiteit, dossier, rol) in tx.entiteiten_dossiers(&ids).await? {
            appearances
                .entry(entiteit)
                .or_default()
                .push((dossier, rol));
        }
        drop(tx);
        let mut entiteiten = Vec::new();
        for entiteit in found {
            let linked = appearances.remove(&entiteit.id).unwrap_or_default();
            // The authoritative need-to-know check; the query only pre-selects.
            if !may_know_entity(actor, &entiteit, &linked) {
                continue;
            }
            let (dossiers, elders_andere_gemeente) = Self::elsewhere(actor, None, linked);
            entiteiten.push(EntiteitView {
                entiteit,
                dossiers,
                elders_andere_gemeente,
            });
        }
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = entiteiten
            .iter()
            .map(|e| ("entiteit", e.entiteit.id, None))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(EntiteitenPagina {
            entiteiten,
            volgende,
        })
    }

    /// Checks every journal chain and every head signature. Reads everything; changes nothing.
    pub async fn verify_journals(
        &self,
        verifier: &crate::JournalVerifier,
    ) -> ServiceResult<VerifyReport> {
        let mut tx = self.store.begin_read().await?;
        let mut report = VerifyReport::default();
        for dossier_id in tx.journal_dossiers().await? {
            report.dossiers += 1;
            let nummer = tx
                .dossier(dossier_id)
                .await?
                .map(|d| format!("{} ({})", d.nummer, d.gemeente))
                .unwrap_or_else(|| dossier_id.to_string());
            let rows = tx.journal(dossier_id).await?;
            report.entries += rows.len();
            let fail = |volgnummer: Option<i64>, reden: String| VerifyFailure {
                dossier_id,
                nummer: nummer.clone(),
                volgnummer,
                entry_id: volgnummer.and_then(|n| {
                    rows.iter()
                        .find(|r| r.chain.volgnummer == n)
                        .map(|r| r.chain.entry_id)
                }),
                reden,
            };
            let mut chain = Vec::with_capacity(rows.len());
            let mut malformed = None;
            for row in &rows {
                match (
                    <[u8; 32]>::try_from(row.chain.content_hash.as_slice()),
                    <[u8; 32]>::try_from(row.chain.link_hash.as_slice()),
                ) {
                    (Ok(content_hash), Ok(link_hash)) => chain.push(journal::ChainRow {
                        sequence: row.chain.volgnummer,
                        content_hash,
                        link_hash,
                        canonical: row.canoniek.as_deref(),
                    }),
                    _ => {
                        malformed = Some(row.chain.volgnummer);
                        break;
                    }
                }
            }
            if let Some(n) = malformed {
                report
                    .failures
                    .push(fail(Some(n), "hash met onjuiste lengte".into()));
                continue;
            }
            // Someone who recomputes every hash without the key is caught by the per-link signatures,
            // at the first link they changed.
            let bad_signature = rows.iter().find(|r| {
                let link: [u8; 32] = r
                    .chain
                    .link_hash
                    .as_slice()
                    .try_into()
                    .expect("checked above");
                !verifier.verify(
                    &journal::head_message(dossier_id, r.chain.volgnummer, &link),
                    &r.chain.handtekening,
                )
            });
            let chain_result = journal::verify_chain(dossier_id, &chain);
            let break_at = match &chain_result {
                Err(ChainBreak::Content { sequence } | ChainBreak::Link { sequence }) => {
                    Some(*sequence)
                }
                Err(ChainBreak::Sequence { found, .. }) => Some(*found),
                Ok(_) => None,
            };
            if let Some(bad) = bad_signature
                && break_at.is_none_or(|b| bad.chain.volgnummer < b)
            {
                report.failures.push(fail(
                    Some(bad.chain.volgnummer),
                    "handtekening van deze schakel is ongeldig (keten gewijzigd zonder de sleutel)"
                        .into(),
                ));
                continue;
            }
            let head_hash = match chain_result {
                Ok(head) => head,
                Err(ChainBreak::Content { sequence }) => {
                    report.failures.push(fail(
                        Some(sequence),
                        "inhoud komt niet overeen met de opgeslagen hash".into(),
                    ));
                    continue;
                }
                Err(ChainBreak::Link { sequence }) => {
                    report.failures.push(fail(
                        Some(sequence),
                        "schakel volgt niet uit de vorige schakel en de inhoud".into(),
                    ));
                    continue;
                }
                Err(ChainBreak::Sequence { expected, found }) => {
                    report.failures.push(fail(
                        Some(found),
                        format!("volgnummer {found} waar {expected} werd verwacht"),
                    ));
                    continue;
                }
            };
            let last = rows.last().map_or(0, |r| r.chain.volgnummer);
            match tx.head(dossier_id).await? {
                None => report.failures.push(fail(Some(last), "geen ondertekende kop".into())),
                Some(head) if head.volgnummer != last || head.link_hash != head_hash => {
                    report.failures.push(fail(Some(last.min(head.volgnummer.max(1))), format!("ondertekende kop (post {}) past niet bij de keten (post {last})", head.volgnummer)))
                }
                Some(head) if head.sleutel_id != verifier.key_id() || !verifier.verify(&journal::head_message(dossier_id, head.volgnummer, &head_hash), &head.handtekening) => {
                    report.failures.push(fail(Some(last), "handtekening van de kop is ongeldig (keten herberekend zonder de sleutel?)".into()))
                }
                Some(_) => {}
            }
        }
        Ok(report)
    }

    /// The signed heads of every chain, for an external archive.
    pub async fn export_heads(&self) -> ServiceResult<Vec<HeadExport>> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx
            .heads()
            .await?
            .into_iter()
            .map(|h| HeadExport {
                dossier_id: h.dossier_id,
                volgnummer: h.volgnummer,
                link_hash: hex::encode(&h.link_hash),
                handtekening: hex::encode(&h.handtekening),
                sleutel_id: h.sleutel_id,
                getekend_op: h.getekend_op,
            })
            .collect())
    }

    /// The access log for one object (or dossier), newest first: for the privacy officer only.
    pub async fn access_log_of(
        &self,
        actor: &Actor,
        object: Uuid,
        limit: i64,
    ) -> ServiceResult<Vec<baken_store::AccessRecord>> {
        if !actor.may(Permission::ReadProcessingLog) {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        Ok(tx.list_access(Some(object), None, limit).await?)
    }

    /// Users who may be assigned signals in a municipality (for forms).
    pub async fn assignable_users(
        &self,
        actor: &Actor,
        gemeente: &GemeenteCode,
    ) -> ServiceResult<Vec<(UserId, String)>> {
        // Who works in the team is for those who work in it (the intake form, the team page) and
        // the privacy officer (the processing log's user filter); not for the mayor.
        Self::require_reader(actor)?;
        if !actor.may_access_gemeente(gemeente) {
            return Err(ServiceError::NotFound);
        }
        let mut tx = self.store.begin_read().await?;
        Ok(tx
            .list_users()
            .await?
            .into_iter()
            .filter(|u| u.active && u.gemeenten.contains(gemeente))
            .filter(|u| crate::accounts::actor_of(u).may(Permission::WorkDossiers))
            .map(|u| (u.id, u.name.to_string()))
            .collect())
    }
}

/// The author of a journal entry as recorded in it.
pub(crate) mod baken_core_user {
    pub struct Author {
        pub id: baken_domain::UserId,
        pub naam: String,
        pub rollen: Vec<baken_domain::Role>,
    }
}

/// Volume data for benchmarks and load tests (`baken bench-data`): fictitious signals with journal
/// entries, written through the same insert and append paths as real ones (numbering, entity links,
/// hash chain, signatures, full-text index), in batched transactions.
impl Services {
    #[doc(hidden)]
    pub async fn generate_volume(
        &self,
        actor: &Actor,
        gemeente: &GemeenteCode,
        signals: usize,
        entries_per_signal: usize,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> ServiceResult<Vec<Uuid>> {
        const WORDS: [&str; 24] = [
            "hennepgeur",
            "loods",
            "zolder",
            "stroomverbruik",
            "bestelbus",
            "nachtelijk",
            "verkeer",
            "contant",
            "vastgoed",
            "huurder",
            "eigenaar",
            "kwekerij",
            "vaten",
            "chemische",
            "lucht",
            "bedrijfspand",
            "inschrijving",
            "uitbuiting",
            "overnachten",
            "verbouwing",
            "shishalounge",
            "kapsalon",
            "autohandel",
            "opslag",
        ];
        const STREETS: [&str; 6] = [
            "Demostraat",
            "Voorbeeldlaan",
            "Fictieweg",
            "Proefpad",
            "Testkade",
            "Verzinsel",
        ];
        let ctx = RequestContext {
            client_addr: Some("bench-data".into()),
            user_agent: None,
        };
        let mut ids = Vec::with_capacity(signals);
        let mut seed: u64 = 0x5eed_0001;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let batch = 250;
        let mut done = 0;
        while done < signals {
            let mut tx = self.store.begin().await?;
            let author = self.author(tx.as_mut(), actor).await?;
            for _ in 0..batch.min(signals - done) {
                let words: Vec<&str> = (0..8).map(|_| WORDS[next() % WORDS.len()]).collect();
                let address = next() % (signals / 2 + 1);
                let input = SignaalInvoer {
                    gemeente: gemeente.to_string(),
                    ontvangstdatum: (self.today() - Duration::days((next() % 700) as i64))
                        .to_string(),
                    bron: Bron::ALL[next() % Bron::ALL.len()].as_str().into(),
                    omschrijving: format!("Signaal over {}.", words.join(" ")),
                    fenomenen: vec![Fenomeen::ALL[next() % Fenomeen::ALL.len()].as_str().into()],
                    objecten: vec![baken_domain::entiteit::EntiteitInvoer {
                        soort: "adres".into(),
                        postcode: Some(format!(
                            "{} {}",
                            1000 + address % 8999,
                            ["XA", "XB", "XC", "XD"][address % 4]
                        )),
                        huisnummer: Some((1 + address % 400).to_string()),
                        straat: Some(STREETS[address % STREETS.len()].into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                };
                let signaal = input.parse(self.today()).map_err(ServiceError::Invalid)?;
                let created = self
                    .insert_signal(tx.as_mut(), actor, &signaal, &ctx)
                    .await?;
                for n in 0..entries_per_signal {
                    let words: Vec<&str> = (0..12).map(|_| WORDS[next() % WORDS.len()]).collect();
                    let mut entry = self.system_entry(
                        created.id,
                        &author,
                        JournaalSoort::ALL[n % 8],
                        format!("Post {n}: {}.", words.join(" ")),
                    );
                    entry.geregistreerd_op = self.clock.now();
                    self.append_entry(tx.as_mut(), &entry).await?;
                }
                ids.push(created.id);
                done += 1;
            }
            tx.commit().await?;
            progress(done, signals);
        }
        Ok(ids)
    }
}
