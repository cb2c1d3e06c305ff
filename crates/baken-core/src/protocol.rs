//! The privacy protocol at work: loading versions, the version in force for a municipality, and the
//! actions the protocol governs (privacy-check decisions, source consultations). Status transitions
//! go through the same engine in [`crate::dossiers`]. Every decision and consultation is written to
//! the dossier's journal in the same transaction as the record itself.

use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use crate::{Caller, Services};
use baken_domain::dossier::{DossierAccess, Vertrouwelijkheid, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::protocol::{Dossierstand, Protocol, Toetsbesluit, Wijze};
use baken_domain::{Actor, GemeenteCode, ValidationErrors};
use baken_store::{PrivacytoetsRecord, ProtocolVersieRecord, ReadTx, StoreError, Tx};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The protocol in force for a municipality, with its history.
#[derive(Debug, Clone)]
pub struct ProtocolView {
    pub gemeente: GemeenteCode,
    pub protocol: Protocol,
    /// The loaded version in force; `None` when the municipality still follows Baken's default.
    pub in_force: Option<ProtocolVersieRecord>,
    /// Every loaded version, latest adoption date first (including versions not yet in force).
    pub geschiedenis: Vec<ProtocolVersieRecord>,
}

/// A privacy-check decision as entered.
#[derive(Debug, Clone, Default)]
pub struct ToetsInvoer {
    /// `1`, `2A`, `2B` (as the protocol names them).
    pub toets: String,
    /// `goedgekeurd` or `afgewezen`.
    pub besluit: String,
    /// What the approver records per aspect the protocol asks for.
    pub antwoorden: Vec<(String, String)>,
    /// Source codes the approval permits.
    pub bronnen: Vec<String>,
    pub motivering: Option<String>,
}

/// A source consultation as entered: which source, for which of its purposes, with what outcome.
#[derive(Debug, Clone, Default)]
pub struct RaadplegingInvoer {
    pub bron: String,
    pub doel: String,
    /// `hit` or `no-hit`.
    pub uitkomst: String,
    /// What was found, for sources consulted for content.
    pub toelichting: Option<String>,
}

const MAX_ANSWER: usize = 4000;

fn refused(weigering: baken_domain::protocol::Weigering) -> ServiceError {
    ServiceError::Refused(weigering)
}

impl Services {
    /// Loads a protocol version for one or more municipalities (a werkorganisatie shares one text).
    /// The document is checked completely first; nothing is stored when anything is wrong.
    pub async fn load_protocol(
        &self,
        caller: &Caller,
        gemeenten: &[String],
        tekst: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<Vec<ProtocolVersieRecord>> {
        let mut errors = ValidationErrors::new();
        let protocol = match Protocol::parse(tekst) {
            Ok(p) => Some(p),
            Err(problems) => {
                for problem in problems {
                    errors.add("protocol", problem);
                }
                None
            }
        };
        let codes = self
            .adopting_gemeenten(caller, gemeenten, &mut errors)
            .await?;
        errors.into_result()?;
        let protocol = protocol.expect("checked");
        let sha256 = hex::encode(Sha256::digest(tekst.as_bytes()));
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut loaded = Vec::new();
        for gemeente in codes {
            let record = ProtocolVersieRecord {
                id: Uuid::new_v4(),
                gemeente: gemeente.clone(),
                versie: protocol.versie().to_string(),
                vastgesteld_op: protocol.vastgesteld_op,
                tekst: tekst.to_string(),
                sha256: sha256.clone(),
                geladen_op: now,
                geladen_door: caller.actor_id(),
            };
            match tx.insert_protocol(&record).await {
                Err(StoreError::Conflict(_)) => {
                    let mut errors = ValidationErrors::new();
                    errors.add(
                        "protocol",
                        format!(
                            "Gemeente {gemeente} heeft al een protocol met versie '{}'; geef de nieuwe versie een eigen versienummer.",
                            record.versie
                        ),
                    );
                    return Err(ServiceError::Invalid(errors));
                }
                other => other?,
            }
            Audit {
                at: now,
                actor: caller.actor_id(),
                ctx,
            }
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::ProtocolGeladen,
                Some(format!("gemeente:{gemeente}")),
                crate::audit::Outcome::Gelukt,
                json!({"versie": record.versie, "vastgesteldOp": record.vastgesteld_op.to_string(), "sha256": sha256}),
            )
            .await?;
            loaded.push(record);
        }
        tx.commit().await?;
        Ok(loaded)
    }

    /// For loading a policy document (protocol, catalogue): only an administrator or the command
    /// line may; the municipalities named must exist (problems go into `errors`).
    pub(crate) async fn adopting_gemeenten(
        &self,
        caller: &Caller,
        gemeenten: &[String],
        errors: &mut ValidationErrors,
    ) -> ServiceResult<Vec<GemeenteCode>> {
        match caller {
            Caller::System => {}
            Caller::User(actor) if actor.may(baken_domain::Permission::Administer) => {}
            Caller::User(_) => return Err(ServiceError::Forbidden),
        }
        let mut codes = Vec::new();
        for g in gemeenten {
            if let Some(code) = errors.check("gemeente", GemeenteCode::parse(g)) {
                codes.push(code);
            }
        }
        if gemeenten.is_empty() {
            errors.add("gemeente", "Noem minstens één gemeente.");
        }
        let known = self.gemeenten().await?;
        for code in &codes {
            if !known.iter().any(|g| &g.code == code) {
                errors.add("gemeente", format!("Gemeente {code} bestaat niet."));
            }
        }
        Ok(codes)
    }

    /// The protocol in force for a municipality today: the loaded version with the latest adoption
    /// date that has arrived, or Baken's default (the CCV model) when there is none.
    pub(crate) async fn protocol_in_force(
        &self,
        tx: &mut dyn ReadTx,
        gemeente: &GemeenteCode,
    ) -> ServiceResult<(
        Protocol,
        Option<ProtocolVersieRecord>,
        Vec<ProtocolVersieRecord>,
    )> {
        let today = baken_domain::tijd::nl_local(self.clock.now()).date();
        self.protocol_in_force_on(tx, gemeente, today).await
    }

    /// The protocol in force for a municipality on a given day.
    pub(crate) async fn protocol_in_force_on(
        &self,
        tx: &mut dyn ReadTx,
        gemeente: &GemeenteCode,
        today: time::Date,
    ) -> ServiceResult<(
        Protocol,
        Option<ProtocolVersieRecord>,
        Vec<ProtocolVersieRecord>,
    )> {
        let history = tx.protocol_versies(gemeente).await?;
        match history.iter().find(|v| v.vastgesteld_op <= today) {
            Some(version) => {
                let protocol = parsed(version)?;
                let version = version.clone();
                Ok((protocol, Some(version), history))
            }
            None => Ok((CCV_MODEL.clone(), None, history)),
        }
    }

    /// The protocol of a municipality the actor works for (every team member may read it).
    pub async fn protocol_of(
        &self,
        actor: &Actor,
        gemeente: Option<&str>,
    ) -> ServiceResult<ProtocolView> {
        let gemeente = match gemeente.map(str::trim).filter(|g| !g.is_empty()) {
            Some(g) => GemeenteCode::parse(g).map_err(|e| {
                let mut errors = ValidationErrors::new();
                errors.add("gemeente", e);
                ServiceError::Invalid(errors)
            })?,
            None => actor
                .gemeenten
                .first()
                .cloned()
                .ok_or(ServiceError::Forbidden)?,
        };
        if !actor.may_access_gemeente(&gemeente) {
            return Err(ServiceError::NotFound);
        }
        let mut tx = self.store.begin_read().await?;
        let (protocol, in_force, geschiedenis) =
            self.protocol_in_force(tx.as_mut(), &gemeente).await?;
        Ok(ProtocolView {
            gemeente,
            protocol,
            in_force,
            geschiedenis,
        })
    }

    /// For the operator (command line): the version in force for a municipality, by name, and every
    /// loaded version.
    pub async fn protocol_history(
        &self,
        gemeente: &str,
    ) -> ServiceResult<(String, Vec<ProtocolVersieRecord>)> {
        let gemeente = GemeenteCode::parse(gemeente).map_err(|e| {
            let mut errors = ValidationErrors::new();
            errors.add("gemeente", e);
            ServiceError::Invalid(errors)
        })?;
        let mut tx = self.store.begin_read().await?;
        let (protocol, in_force, history) = self.protocol_in_force(tx.as_mut(), &gemeente).await?;
        let name = match in_force {
            Some(v) => format!("{} (vastgesteld op {})", v.versie, v.vastgesteld_op),
            None => format!("{} (standaard van Baken)", protocol.versie()),
        };
        Ok((name, history))
    }

    /// A dossier's privacy-check decisions as the engine needs them.
    pub(crate) async fn toetsbesluiten(
        &self,
        tx: &mut dyn Tx,
        dossier: &baken_store::DossierRecord,
    ) -> ServiceResult<Vec<Toetsbesluit>> {
        Ok(tx
            .dossier_privacytoetsen(dossier.id)
            .await?
            .into_iter()
            .map(|t| Toetsbesluit {
                toets: t.toets,
                goedgekeurd: t.goedgekeurd,
                gemeente: dossier.gemeente.clone(),
                geldig_tot: t.geldig_tot,
                bronnen: t.bronnen,
            })
            .collect())
    }

    /// The privacy-check decisions of a signal the actor has full access to.
    pub async fn privacy_checks_of(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<PrivacytoetsRecord>> {
        let mut tx = self.store.begin_read().await?;
        let dossier = tx
            .dossier(dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let checks = tx.dossier_privacytoetsen(dossier_id).await?;
        drop(tx);
        self.log_access(
            actor,
            &[("privacytoetsen", dossier_id, Some(dossier_id))],
            context,
        )
        .await?;
        Ok(checks)
    }

    /// What the protocol means for one signal now: its dossier (header only), the protocol in force
    /// and the decisions on its privacy checks. Full access only; logged as a read.
    pub async fn protocol_state(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<(
        baken_store::DossierRecord,
        Protocol,
        Vec<PrivacytoetsRecord>,
    )> {
        let mut tx = self.store.begin_read().await?;
        let mut dossier = tx
            .dossier(dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let (protocol, _, _) = self
            .protocol_in_force(tx.as_mut(), &dossier.gemeente)
            .await?;
        let checks = tx.dossier_privacytoetsen(dossier_id).await?;
        drop(tx);
        dossier.melder_naam = None;
        dossier.melder_contact = None;
        self.log_access(
            actor,
            &[("privacytoetsen", dossier_id, Some(dossier_id))],
            context,
        )
        .await?;
        Ok((dossier, protocol, checks))
    }

    /// Records a decision on a privacy check, as the protocol in force allows, with a journal entry.
    pub async fn decide_privacy_check(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &ToetsInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<PrivacytoetsRecord> {
        let mut errors = ValidationErrors::new();
        let goedgekeurd = match input.besluit.trim() {
            "goedgekeurd" => true,
            "afgewezen" => false,
            _ => {
                errors.add("besluit", "Kies goedgekeurd of afgewezen.");
                false
            }
        };
        let motivering = input
            .motivering
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string);
        if !goedgekeurd && motivering.is_none() && errors.is_empty() {
            errors.add("motivering", "Motiveer waarom de toets wordt afgewezen.");
        }
        if motivering
            .as_ref()
            .is_some_and(|m| m.chars().count() > MAX_ANSWER)
            || input
                .antwoorden
                .iter()
                .any(|(_, v)| v.chars().count() > MAX_ANSWER)
        {
            errors.add(
                "antwoorden",
                format!("Hoogstens {MAX_ANSWER} tekens per antwoord."),
            );
        }
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let dossier = tx
            .dossier(dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        tx.lock_dossier(dossier_id).await?;
        let (protocol, _, _) = self
            .protocol_in_force(tx.as_mut(), &dossier.gemeente)
            .await?;
        let today = baken_domain::tijd::nl_local(self.clock.now()).date();
        let antwoorden: Vec<(String, String)> = input
            .antwoorden
            .iter()
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let mut bronnen: Vec<String> = input
            .bronnen
            .iter()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .collect();
        bronnen.dedup();
        // Every aspect the check asks for is a field of its own: a missing one shows there.
        if goedgekeurd
            && let Some(t) = protocol.toets(input.toets.trim())
            && actor.has_role(t.goedkeurder)
            && actor.may_access_gemeente(&dossier.gemeente)
        {
            let mut missing = ValidationErrors::new();
            for aspect in &t.vastleggen {
                if !antwoorden.iter().any(|(k, _)| k == aspect) {
                    missing.add_code(
                        format!("antwoorden.{aspect}"),
                        "verplicht",
                        format!(
                            "Leg vast wat u besloot over {} (het protocol vraagt dit bij goedkeuring).",
                            aspect.replace('-', " ")
                        ),
                    );
                }
            }
            missing.into_result()?;
        }
        let (naam, geldig_tot) = if goedgekeurd {
            let (toets, until) = protocol
                .approve_check(
                    actor,
                    &dossier.gemeente,
                    input.toets.trim(),
                    &antwoorden,
                    &bronnen,
                    today,
                )
                .map_err(refused)?;
            (toets.naam.clone(), until)
        } else {
            let toets = protocol.toets(input.toets.trim()).ok_or_else(|| {
                let mut errors = ValidationErrors::new();
                errors.add(
                    "toets",
                    "Deze privacytoets staat niet in het privacyprotocol.",
                );
                ServiceError::Invalid(errors)
            })?;
            if !actor.has_role(toets.goedkeurder) || !actor.may_access_gemeente(&dossier.gemeente) {
                return Err(ServiceError::Forbidden);
            }
            bronnen.clear();
            (toets.naam.clone(), today)
        };
        let author = self.author(tx.as_mut(), actor).await?;
        let mut tekst = if goedgekeurd {
            let permitted: Vec<String> = bronnen
                .iter()
                .map(|b| protocol.bron(b).map_or(b.clone(), |d| d.naam.clone()))
                .collect();
            format!(
                "{naam} goedgekeurd (protocol {}), geldig tot en met {}.{}",
                protocol.versie(),
                baken_domain::tijd::format_date_nl(geldig_tot),
                if permitted.is_empty() {
                    String::new()
                } else {
                    format!(" Toegestane bronnen: {}.", permitted.join(", "))
                }
            )
        } else {
            format!("{naam} afgewezen (protocol {}).", protocol.versie())
        };
        for (aspect, antwoord) in &antwoorden {
            tekst.push_str(&format!("\n{aspect}: {antwoord}"));
        }
        if let Some(m) = &motivering {
            tekst.push_str(&format!("\nMotivering: {m}"));
        }
        // The open requests for this check are answered by this decision.
        let gevraagd: Vec<baken_domain::UserId> = tx
            .dossier_toetsaanvragen(dossier_id)
            .await?
            .into_iter()
            .filter(|a| a.besluit.is_none() && a.toets == input.toets.trim())
            .map(|a| a.aangevraagd_door)
            .collect();
        if !gevraagd.is_empty() {
            let mut namen: Vec<String> = tx
                .user_names(&gevraagd)
                .await?
                .into_iter()
                .map(|(_, n)| n)
                .collect();
            namen.dedup();
            tekst.push_str(&format!("\nAangevraagd door: {}.", namen.join(", ")));
        }
        let mut entry = self.system_entry(dossier_id, &author, JournaalSoort::Privacytoets, tekst);
        entry.grondslag = antwoorden
            .iter()
            .find(|(k, _)| k == "grondslag")
            .map(|(_, v)| v.clone());
        entry.doel = Some(naam.clone());
        entry.vertrouwelijkheid = Vertrouwelijkheid::Normaal;
        self.append_entry(tx.as_mut(), &entry).await?;
        let record = PrivacytoetsRecord {
            id: Uuid::new_v4(),
            dossier_id,
            toets: input.toets.trim().to_string(),
            goedgekeurd,
            bronnen,
            antwoorden,
            motivering,
            geldig_tot,
            protocol_versie: protocol.versie().to_string(),
            beslist_door: actor.user_id,
            beslist_op: self.clock.now(),
            journaalpost: entry.id,
        };
        tx.insert_privacytoets(&record).await?;
        tx.sluit_toetsaanvragen(dossier_id, &record.toets, record.id, record.beslist_op)
            .await?;
        Audit {
            at: self.clock.now(),
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            crate::audit::AuditAction::PrivacytoetsBesloten,
            Some(format!("signaal:{dossier_id}")),
            crate::audit::Outcome::Gelukt,
            json!({"toets": record.toets, "goedgekeurd": goedgekeurd, "protocol": record.protocol_versie}),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Records a consultation of a source done elsewhere (the user gives the outcome), when the
    /// protocol in force allows it, as a journal entry (which source, purpose, legal basis,
    /// outcome) and a consultation record. Local registers are consulted by Baken itself:
    /// [`Services::raadpleeg_register`].
    pub async fn consult_source(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &RaadplegingInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<baken_store::BronraadplegingRecord> {
        let mut errors = ValidationErrors::new();
        let hit = match input.uitkomst.trim() {
            "hit" => true,
            "no-hit" => false,
            _ => {
                errors.add("uitkomst", "Kies hit of no-hit.");
                false
            }
        };
        let toelichting = input
            .toelichting
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if toelichting.is_some_and(|t| t.chars().count() > MAX_ANSWER) {
            errors.add("toelichting", format!("Hoogstens {MAX_ANSWER} tekens."));
        }
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let allowed = self
            .allow_consultation(tx.as_mut(), actor, dossier_id, &input.bron, &input.doel)
            .await?;
        if allowed.bron.wijze != Wijze::Inhoud && toelichting.is_some() {
            let mut errors = ValidationErrors::new();
            errors.add(
                "toelichting",
                format!(
                    "{} mag alleen {} worden geraadpleegd; leg geen inhoud vast.",
                    allowed.bron.naam,
                    if allowed.bron.wijze == Wijze::Verwijzing {
                        "met een verwijzing"
                    } else {
                        "hit/no-hit"
                    }
                ),
            );
            return Err(ServiceError::Invalid(errors));
        }
        let mut tekst = format!(
            "Raadpleging {} ({}): {}.",
            allowed.bron.naam,
            allowed.bron.wijze.label().to_lowercase(),
            if hit { "hit" } else { "no-hit" }
        );
        if let Some(t) = toelichting {
            tekst.push_str(&format!("\n{t}"));
        }
        let entry = self
            .record_consultation(
                tx.as_mut(),
                actor,
                &allowed,
                (&input.doel, tekst),
                None,
                ctx,
            )
            .await?;
        let record = baken_store::BronraadplegingRecord {
            id: Uuid::new_v4(),
            dossier_id,
            entiteit_id: None,
            bron: allowed.bron.code.clone(),
            doel: input.doel.trim().to_string(),
            stap: allowed.bron.wijze,
            hit,
            journaal_id: entry,
            vervolg_op: None,
            door: actor.user_id,
            op: self.clock.now(),
        };
        tx.insert_bronraadpleging(&record).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Whether the protocol in force lets `actor` consult `bron` for `doel` in the dossier (which
    /// the actor must see in full, else it does not exist), with the dossier locked for the
    /// consultation's journal entry.
    pub(crate) async fn allow_consultation(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        dossier_id: Uuid,
        bron: &str,
        doel: &str,
    ) -> ServiceResult<Toegestaan> {
        let dossier = Self::full_dossier(tx, actor, dossier_id).await?;
        tx.lock_dossier(dossier_id).await?;
        let (protocol, _, _) = self.protocol_in_force(tx, &dossier.gemeente).await?;
        let besluiten = self.toetsbesluiten(tx, &dossier).await?;
        let stand = Dossierstand {
            gemeente: &dossier.gemeente,
            status: dossier.status,
            besluiten: &besluiten,
            vandaag: baken_domain::tijd::nl_local(self.clock.now()).date(),
        };
        let allowed = protocol
            .consultation(actor, stand, bron.trim(), doel)
            .map_err(refused)?;
        let (bron, verwerking) = (allowed.bron.clone(), allowed.verwerking.code.clone());
        Ok(Toegestaan {
            bron,
            verwerking,
            protocol_versie: protocol.versie().to_string(),
            dossier,
        })
    }

    /// Records a consultation the protocol allowed: its journal entry (`(doel, tekst)`, with the
    /// source, legal basis and purpose, linked to the subject when there is one), the processing
    /// log (once per data subject: the subject's, or the dossier's when none is named), the
    /// access log and the audit event. Returns the journal entry's id.
    pub(crate) async fn record_consultation(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        allowed: &Toegestaan,
        (doel, tekst): (&str, String),
        onderwerp: Option<&baken_store::EntiteitRecord>,
        ctx: &RequestContext,
    ) -> ServiceResult<Uuid> {
        let dossier_id = allowed.dossier.id;
        let author = self.author(tx, actor).await?;
        let mut entry =
            self.system_entry(dossier_id, &author, JournaalSoort::Bronraadpleging, tekst);
        entry.bron = Some(allowed.bron.naam.clone());
        entry.grondslag = Some(allowed.bron.grondslag.clone());
        entry.doel = Some(doel.trim().to_string());
        if let Some(e) = onderwerp {
            entry.koppelingen = vec![e.id];
        }
        self.append_entry(tx, &entry).await?;
        // Processing log: the consultation, once per data subject.
        let trace = crate::trace::current();
        let entities: Vec<baken_store::EntiteitRecord> = match onderwerp {
            Some(e) => vec![e.clone()],
            None => tx
                .dossier_entiteiten(dossier_id)
                .await?
                .into_iter()
                .map(|(e, _)| e)
                .collect(),
        };
        let now = self.clock.now();
        let processing = self.processing_records(
            &trace,
            ("bron.raadplegen", &allowed.verwerking),
            &Self::data_subjects(&entities),
            (Some(dossier_id), Some(allowed.dossier.gemeente.clone())),
            (now, now),
        );
        tx.append_verwerkingen(&processing).await?;
        self.log_change_access(
            tx,
            actor.user_id,
            ("dossier", dossier_id),
            Some(dossier_id),
            "bron raadplegen",
        )
        .await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            crate::audit::AuditAction::BronGeraadpleegd,
            Some(format!("signaal:{dossier_id}")),
            crate::audit::Outcome::Gelukt,
            json!({"bron": allowed.bron.code, "verwerking": allowed.verwerking, "protocol": allowed.protocol_versie, "trace": trace.trace_hex()}),
        )
        .await?;
        Ok(entry.id)
    }
}

/// A consultation the protocol in force allows: the dossier, the source's definition and the
/// processing activity it belongs to.
pub(crate) struct Toegestaan {
    pub dossier: baken_store::DossierRecord,
    pub bron: baken_domain::protocol::BronDefinitie,
    pub verwerking: String,
    pub protocol_versie: String,
}

/// Baken's default protocol, parsed once: every dossier page of a municipality without its own
/// version consults it.
static CCV_MODEL: std::sync::LazyLock<Protocol> = std::sync::LazyLock::new(Protocol::ccv_model);

/// Stored protocol versions parsed once per process, by version id and text hash (versions are
/// append-only, so the pair never names another text). A handful per municipality; the cache is
/// emptied past 256 entries rather than grown.
static PARSED: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<(uuid::Uuid, String), Protocol>>,
> = std::sync::LazyLock::new(Default::default);

fn parsed(version: &ProtocolVersieRecord) -> ServiceResult<Protocol> {
    let key = (version.id, version.sha256.clone());
    if let Some(p) = PARSED.lock().expect("protocol cache").get(&key) {
        return Ok(p.clone());
    }
    let protocol = Protocol::parse(&version.tekst)
        .map_err(|e| ServiceError::Internal(format!("stored protocol does not parse: {e:?}")))?;
    let mut cache = PARSED.lock().expect("protocol cache");
    if cache.len() >= 256 {
        cache.clear();
    }
    cache.insert(key, protocol.clone());
    Ok(protocol)
}
