//! Requests for a privacy check: a team member asks the privacy officer to decide check 1 (or 2A,
//! 2B) on a dossier; the request waits on the officer's start page until a decision on that
//! check closes it, and the requester sees the decision. The officer's start page also lists the
//! access requests and the restrictions that wait for her ([`Services::privacy_queue`]).

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, Vertrouwelijkheid, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::{Actor, Role, UserId, ValidationErrors};
use baken_store::{DossierRecord, PrivacytoetsRecord, ToetsaanvraagRecord, VerzoekRecord};
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The longest explanation of a request.
const MAX_TOELICHTING: usize = 4000;
/// How many of their own requests a team member sees on the start page.
const EIGEN_AANVRAGEN: i64 = 10;

/// A request for a privacy check as entered.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ToetsaanvraagInvoer {
    /// `1`, `2A`, `2B` (as the protocol names them).
    pub toets: String,
    /// Why the check is needed now, and for check 1 which sources the team wants to consult.
    pub toelichting: String,
}

/// One request with what a list shows of it.
#[derive(Debug, Clone)]
pub struct Toetsaanvraag {
    pub aanvraag: ToetsaanvraagRecord,
    pub dossier_nummer: String,
    /// The check's name in the protocol in force (`Privacytoets 1`).
    pub toets_naam: String,
    pub aangevraagd_door: String,
    /// The decision that closed it.
    pub besluit: Option<PrivacytoetsRecord>,
    /// Whole days it has been waiting (open) or waited (decided).
    pub dagen: i64,
}

/// What waits for the privacy officer.
#[derive(Debug, Clone, Default)]
pub struct Werkvoorraad {
    /// Open requests for a privacy check, oldest first.
    pub toetsaanvragen: Vec<Toetsaanvraag>,
    /// Open access and other data subject requests, earliest deadline first.
    pub verzoeken: Vec<VerzoekRecord>,
    /// Restrictions whose re-evaluation date has come.
    pub beperkingen: Vec<crate::verzoeken::TeHerbeoordelen>,
}

impl Services {
    /// A team member asks for a privacy check on a dossier they work on. One open request per
    /// check and dossier; journaled, so the team sees it was asked.
    pub async fn request_privacy_check(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &ToetsaanvraagInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<ToetsaanvraagRecord> {
        let mut tx = self.store.begin().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        Self::require_work(actor)?;
        tx.lock_dossier(dossier_id).await?;
        let (protocol, _, _) = self
            .protocol_in_force(tx.as_mut(), &dossier.gemeente)
            .await?;
        let mut errors = ValidationErrors::new();
        let toets = match input.toets.trim() {
            "" => {
                errors.add_code("toets", "verplicht", "Kies de privacytoets.");
                None
            }
            code => {
                let found = protocol.toets(code);
                if found.is_none() {
                    errors.add_code(
                        "toets",
                        "onbekend",
                        "Deze privacytoets staat niet in het privacyprotocol.",
                    );
                }
                found
            }
        };
        let toelichting = input.toelichting.trim();
        if toelichting.is_empty() {
            errors.add_code(
                "toelichting",
                "verplicht",
                "Leg uit waarom de toets nu nodig is (en welke bronnen, bij privacytoets 1).",
            );
        } else if toelichting.chars().count() > MAX_TOELICHTING {
            errors.add_code(
                "toelichting",
                "te-lang",
                format!("Hoogstens {MAX_TOELICHTING} tekens."),
            );
        }
        errors.into_result()?;
        let toets = toets.expect("checked above");
        if tx
            .dossier_toetsaanvragen(dossier_id)
            .await?
            .iter()
            .any(|a| a.besluit.is_none() && a.toets == toets.code)
        {
            return Err(ServiceError::conflict(
                "toetsaanvraag-loopt",
                format!(
                    "{} is voor dit signaal al aangevraagd; de {} beslist erover.",
                    toets.naam,
                    toets.goedkeurder.label().to_lowercase()
                ),
            ));
        }
        let now = self.clock.now();
        let author = self.author(tx.as_mut(), actor).await?;
        let mut entry = self.system_entry(
            dossier_id,
            &author,
            JournaalSoort::Privacytoets,
            format!(
                "{} aangevraagd bij de {}. Toelichting: {toelichting}",
                toets.naam,
                toets.goedkeurder.label().to_lowercase()
            ),
        );
        entry.vertrouwelijkheid = Vertrouwelijkheid::Normaal;
        self.append_entry(tx.as_mut(), &entry).await?;
        let record = ToetsaanvraagRecord {
            id: Uuid::new_v4(),
            dossier_id,
            gemeente: dossier.gemeente.clone(),
            toets: toets.code.clone(),
            toelichting: toelichting.to_string(),
            aangevraagd_door: actor.user_id,
            aangevraagd_op: now,
            besluit: None,
            beslist_op: None,
        };
        tx.insert_toetsaanvraag(&record).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            AuditAction::PrivacytoetsAangevraagd,
            Some(format!("signaal:{dossier_id}")),
            Outcome::Gelukt,
            json!({"toets": record.toets}),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// A dossier's requests for a privacy check with their decisions, for the dossier page.
    /// Full access only (the caller has already read the dossier and logged that read).
    pub async fn check_requests_of(
        &self,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<Vec<Toetsaanvraag>> {
        let mut tx = self.store.begin_read().await?;
        self.check_requests_in(tx.as_mut(), actor, dossier).await
    }

    /// [`Services::check_requests_of`] inside a read the caller holds.
    pub(crate) async fn check_requests_in(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<Vec<Toetsaanvraag>> {
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Ok(Vec::new());
        }
        let aanvragen = tx.dossier_toetsaanvragen(dossier.id).await?;
        if aanvragen.is_empty() {
            return Ok(Vec::new());
        }
        let nummers = BTreeMap::from([(dossier.id, dossier.nummer.clone())]);
        self.describe_requests(tx, aanvragen, &nummers).await
    }

    /// What waits for the privacy officer in all her municipalities: open check requests, open
    /// data subject requests and restrictions due. Only privacy officers; each dossier named is
    /// in the access log.
    pub async fn privacy_queue(&self, actor: &Actor, context: &str) -> ServiceResult<Werkvoorraad> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        let open = tx.open_toetsaanvragen(&actor.gemeenten).await?;
        let ids: Vec<Uuid> = open.iter().map(|a| a.dossier_id).collect();
        let dossiers = tx.dossiers_by_ids(&ids).await?;
        // Only dossiers the officer may see in full (her municipalities, her classes).
        let nummers: BTreeMap<Uuid, String> = dossiers
            .iter()
            .filter(|d| dossier_access(actor, &d.facts()) == DossierAccess::Full)
            .map(|d| (d.id, d.nummer.clone()))
            .collect();
        let open = open
            .into_iter()
            .filter(|a| nummers.contains_key(&a.dossier_id))
            .collect();
        let toetsaanvragen = self.describe_requests(tx.as_mut(), open, &nummers).await?;
        let verzoeken = tx
            .verzoeken(&actor.gemeenten)
            .await?
            .into_iter()
            .filter(|v| v.beantwoord_op.is_none())
            .collect();
        drop(tx);
        let beperkingen = self.restrictions_due(actor).await?;
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = toetsaanvragen
            .iter()
            .map(|a| ("toetsaanvraag", a.aanvraag.id, Some(a.aanvraag.dossier_id)))
            .collect();
        if !logged.is_empty() {
            self.log_access(actor, &logged, context).await?;
        }
        Ok(Werkvoorraad {
            toetsaanvragen,
            verzoeken,
            beperkingen,
        })
    }

    /// A team member's own recent requests for a privacy check, newest first, with the decision
    /// once taken: the requester sees the outcome on the start page. Requests on dossiers the
    /// member can no longer see in full are left out; each one listed is in the access log.
    pub async fn my_check_requests(
        &self,
        actor: &Actor,
        context: &str,
    ) -> ServiceResult<Vec<Toetsaanvraag>> {
        let mut tx = self.store.begin_read().await?;
        let mine = tx
            .toetsaanvragen_door(actor.user_id, EIGEN_AANVRAGEN)
            .await?;
        if mine.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = mine.iter().map(|a| a.dossier_id).collect();
        let nummers: BTreeMap<Uuid, String> = tx
            .dossiers_by_ids(&ids)
            .await?
            .iter()
            .filter(|d| dossier_access(actor, &d.facts()) == DossierAccess::Full)
            .map(|d| (d.id, d.nummer.clone()))
            .collect();
        let mine: Vec<ToetsaanvraagRecord> = mine
            .into_iter()
            .filter(|a| nummers.contains_key(&a.dossier_id))
            .collect();
        let described = self.describe_requests(tx.as_mut(), mine, &nummers).await?;
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = described
            .iter()
            .map(|a| ("toetsaanvraag", a.aanvraag.id, Some(a.aanvraag.dossier_id)))
            .collect();
        if !logged.is_empty() {
            self.log_access(actor, &logged, context).await?;
        }
        Ok(described)
    }

    /// Names, check names, decisions and ages for a list of requests.
    async fn describe_requests(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        aanvragen: Vec<ToetsaanvraagRecord>,
        nummers: &BTreeMap<Uuid, String>,
    ) -> ServiceResult<Vec<Toetsaanvraag>> {
        let users: Vec<UserId> = aanvragen.iter().map(|a| a.aangevraagd_door).collect();
        let namen: BTreeMap<UserId, String> = tx.user_names(&users).await?.into_iter().collect();
        let mut protocols = BTreeMap::new();
        let mut besluiten: BTreeMap<Uuid, Vec<PrivacytoetsRecord>> = BTreeMap::new();
        let now = self.clock.now();
        let mut out = Vec::with_capacity(aanvragen.len());
        for aanvraag in aanvragen {
            if !protocols.contains_key(&aanvraag.gemeente) {
                let (protocol, _, _) = self.protocol_in_force(&mut *tx, &aanvraag.gemeente).await?;
                protocols.insert(aanvraag.gemeente.clone(), protocol);
            }
            let toets_naam = protocols[&aanvraag.gemeente]
                .toets(&aanvraag.toets)
                .map_or_else(
                    || format!("Privacytoets {}", aanvraag.toets),
                    |t| t.naam.clone(),
                );
            let besluit = match aanvraag.besluit {
                Some(id) => {
                    if let std::collections::btree_map::Entry::Vacant(slot) =
                        besluiten.entry(aanvraag.dossier_id)
                    {
                        slot.insert(tx.dossier_privacytoetsen(aanvraag.dossier_id).await?);
                    }
                    besluiten[&aanvraag.dossier_id]
                        .iter()
                        .find(|b| b.id == id)
                        .cloned()
                }
                None => None,
            };
            let until = aanvraag.beslist_op.unwrap_or(now);
            out.push(Toetsaanvraag {
                dossier_nummer: nummers
                    .get(&aanvraag.dossier_id)
                    .cloned()
                    .unwrap_or_default(),
                toets_naam,
                aangevraagd_door: namen
                    .get(&aanvraag.aangevraagd_door)
                    .cloned()
                    .unwrap_or_default(),
                besluit,
                dagen: (until - aanvraag.aangevraagd_op).whole_days().max(0),
                aanvraag,
            });
        }
        Ok(out)
    }
}

impl Services {
    /// A dossier's requests for a privacy check (API): full access only; logged as a read.
    pub async fn check_requests(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<Toetsaanvraag>> {
        let dossier = {
            let mut tx = self.store.begin_read().await?;
            Self::full_dossier(tx.as_mut(), actor, dossier_id).await?
        };
        let found = self.check_requests_of(actor, &dossier).await?;
        self.log_access(
            actor,
            &[("toetsaanvragen", dossier_id, Some(dossier_id))],
            context,
        )
        .await?;
        Ok(found)
    }

    /// A dossier's weighings by criterion, oldest first: full access only; logged as a read.
    pub async fn weighings(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<baken_store::WegingRecord>> {
        let found = {
            let mut tx = self.store.begin_read().await?;
            Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
            tx.dossier_wegingen(dossier_id).await?
        };
        self.log_access(
            actor,
            &[("wegingen", dossier_id, Some(dossier_id))],
            context,
        )
        .await?;
        Ok(found)
    }
}
