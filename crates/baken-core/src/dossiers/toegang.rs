//! Asking to join a dossier's team: a colleague who sees only the index line ("this dossier
//! exists") asks, with a reason; the owner or the coordinator grants (the colleague joins the
//! team) or refuses, with a motivation. Both steps are in the journal and the audit log.

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::{Actor, Role, UserId, ValidationErrors};
use baken_store::{DossierRecord, ToegangsverzoekRecord};
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

const MAX_REDEN: usize = 2000;

/// A request to join a team, with the names a page shows.
#[derive(Debug, Clone)]
pub struct Toegangsverzoek {
    pub verzoek: ToegangsverzoekRecord,
    pub dossier_nummer: String,
    pub gevraagd_door: String,
}

fn text(
    value: Option<&str>,
    field: &'static str,
    missing: &'static str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            errors.add_code(field, "verplicht", missing);
            None
        }
        Some(v) if v.chars().count() > MAX_REDEN => {
            errors.add_code(field, "te-lang", format!("Hoogstens {MAX_REDEN} tekens."));
            None
        }
        Some(v) => Some(v.to_string()),
    }
}

/// Whether the actor decides who works on the dossier.
fn steers(actor: &Actor, dossier: &DossierRecord) -> bool {
    dossier_access(actor, &dossier.facts()) == DossierAccess::Full
        && (dossier.eigenaar == actor.user_id || actor.has_role(Role::Coordinator))
}

impl Services {
    /// A colleague who sees only the index line asks to join the team. One open request per
    /// person and dossier.
    pub async fn ask_to_join(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        reden: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<ToegangsverzoekRecord> {
        let mut tx = self.store.begin().await?;
        let dossier = tx
            .dossier(dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        match dossier_access(actor, &dossier.facts()) {
            DossierAccess::IndexOnly => {}
            DossierAccess::Full => {
                return Err(ServiceError::conflict(
                    "al-toegang",
                    "U werkt al aan dit signaal.",
                ));
            }
            _ => return Err(ServiceError::NotFound),
        }
        Self::require_work(actor)?;
        let mut errors = ValidationErrors::new();
        let reden = text(
            reden,
            "reden",
            "Leg uit waarom u aan dit signaal moet werken (need-to-know).",
            &mut errors,
        );
        errors.into_result()?;
        tx.lock_dossier(dossier_id).await?;
        if tx
            .toegangsverzoeken(dossier_id)
            .await?
            .iter()
            .any(|v| v.besluit.is_none() && v.gevraagd_door == actor.user_id)
        {
            return Err(ServiceError::conflict(
                "toegang-gevraagd",
                "U hebt al om toegang gevraagd; de eigenaar of de coördinator beslist.",
            ));
        }
        let now = self.clock.now();
        let record = ToegangsverzoekRecord {
            id: Uuid::new_v4(),
            dossier_id,
            gemeente: dossier.gemeente.clone(),
            gevraagd_door: actor.user_id,
            gevraagd_op: now,
            reden: reden.expect("given"),
            besluit: None,
            beslist_door: None,
            beslist_op: None,
            motivering: None,
        };
        tx.insert_toegangsverzoek(&record).await?;
        let author = self.author(tx.as_mut(), actor).await?;
        let entry = self.system_entry(
            dossier_id,
            &author,
            JournaalSoort::Notitie,
            format!(
                "{} vraagt om toegang tot het signaal. Reden: {}",
                author.naam, record.reden
            ),
        );
        self.append_entry(tx.as_mut(), &entry).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            AuditAction::ToegangGevraagd,
            Some(format!("signaal:{dossier_id}")),
            Outcome::Gelukt,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// The owner or the coordinator decides on a request: granted, the colleague joins the team.
    pub async fn decide_join(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        verzoek_id: Uuid,
        toekennen: Option<bool>,
        motivering: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        if !steers(actor, &dossier) {
            return Err(ServiceError::Forbidden);
        }
        tx.lock_dossier(dossier_id).await?;
        let verzoek = tx
            .toegangsverzoeken(dossier_id)
            .await?
            .into_iter()
            .find(|v| v.id == verzoek_id)
            .ok_or(ServiceError::NotFound)?;
        let mut errors = ValidationErrors::new();
        if toekennen.is_none() {
            errors.add_code("besluit", "verplicht", "Kies toekennen of afwijzen.");
        }
        let motivering = match toekennen {
            // A refusal says why; a grant may.
            Some(false) => text(
                motivering,
                "motivering",
                "Motiveer waarom de toegang wordt afgewezen.",
                &mut errors,
            ),
            _ => motivering
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string),
        };
        errors.into_result()?;
        let toekennen = toekennen.expect("chosen");
        let now = self.clock.now();
        let decided = ToegangsverzoekRecord {
            besluit: Some(if toekennen { "toegekend" } else { "afgewezen" }.into()),
            beslist_door: Some(actor.user_id),
            beslist_op: Some(now),
            motivering: motivering.clone(),
            ..verzoek.clone()
        };
        if !tx.beslis_toegangsverzoek(&decided).await? {
            return Err(ServiceError::conflict(
                "al-beslist",
                "Over dit verzoek is al beslist.",
            ));
        }
        let naam = tx
            .user_by_id(verzoek.gevraagd_door)
            .await?
            .map(|u| u.name.to_string())
            .unwrap_or_default();
        if toekennen && !dossier.team.contains(&verzoek.gevraagd_door) {
            // Only a colleague of the dossier's municipality joins its team.
            let mut errors = ValidationErrors::new();
            self.check_assignee(
                tx.as_mut(),
                verzoek.gevraagd_door,
                &dossier.gemeente,
                "besluit",
                &mut errors,
            )
            .await?;
            errors.into_result()?;
            let mut next = dossier.clone();
            next.team.push(verzoek.gevraagd_door);
            next.versie = dossier.versie + 1;
            next.gewijzigd_op = now;
            if !tx.update_dossier(&next, dossier.versie).await? {
                return Err(ServiceError::conflict(
                    "versie-verouderd",
                    "Het signaal is intussen door iemand anders gewijzigd. Probeer het opnieuw.",
                ));
            }
        }
        let author = self.author(tx.as_mut(), actor).await?;
        let mut tekst = if toekennen {
            format!("Toegang toegekend aan {naam}: lid van het team.")
        } else {
            format!("Toegang voor {naam} afgewezen.")
        };
        if let Some(m) = &motivering {
            tekst.push_str(&format!(" Motivering: {m}"));
        }
        let entry = self.system_entry(dossier_id, &author, JournaalSoort::Notitie, tekst);
        self.append_entry(tx.as_mut(), &entry).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            AuditAction::ToegangBeslist,
            Some(format!("signaal:{dossier_id}")),
            Outcome::Gelukt,
            json!({"toegekend": toekennen, "gebruiker": verzoek.gevraagd_door}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The requests on a dossier the viewer sees: all of them for whoever steers it; otherwise
    /// only the viewer's own.
    pub async fn join_requests_of(
        &self,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<Vec<Toegangsverzoek>> {
        let mut tx = self.store.begin_read().await?;
        self.join_requests_in(tx.as_mut(), actor, dossier).await
    }

    /// [`Services::join_requests_of`] inside a read the caller holds.
    pub(crate) async fn join_requests_in(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<Vec<Toegangsverzoek>> {
        let all = tx.toegangsverzoeken(dossier.id).await?;
        let visible: Vec<ToegangsverzoekRecord> = if steers(actor, dossier) {
            all
        } else {
            all.into_iter()
                .filter(|v| v.gevraagd_door == actor.user_id)
                .collect()
        };
        let ids: Vec<UserId> = visible.iter().map(|v| v.gevraagd_door).collect();
        let namen: BTreeMap<UserId, String> = tx.user_names(&ids).await?.into_iter().collect();
        Ok(visible
            .into_iter()
            .map(|verzoek| Toegangsverzoek {
                dossier_nummer: dossier.nummer.clone(),
                gevraagd_door: namen
                    .get(&verzoek.gevraagd_door)
                    .cloned()
                    .unwrap_or_default(),
                verzoek,
            })
            .collect())
    }

    /// The undecided requests on dossiers the actor steers (owner, or coordinator of the
    /// municipality), oldest first: for the start page. Each dossier named is in the access log.
    pub async fn join_requests_for(
        &self,
        actor: &Actor,
        context: &str,
    ) -> ServiceResult<Vec<Toegangsverzoek>> {
        let mut tx = self.store.begin_read().await?;
        let open = tx.open_toegangsverzoeken(&actor.gemeenten).await?;
        if open.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = open.iter().map(|v| v.dossier_id).collect();
        let dossiers: BTreeMap<Uuid, DossierRecord> = tx
            .dossiers_by_ids(&ids)
            .await?
            .into_iter()
            .filter(|d| steers(actor, d))
            .map(|d| (d.id, d))
            .collect();
        let open: Vec<ToegangsverzoekRecord> = open
            .into_iter()
            .filter(|v| dossiers.contains_key(&v.dossier_id))
            .collect();
        let users: Vec<UserId> = open.iter().map(|v| v.gevraagd_door).collect();
        let namen: BTreeMap<UserId, String> = tx.user_names(&users).await?.into_iter().collect();
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = open
            .iter()
            .map(|v| ("toegangsverzoek", v.id, Some(v.dossier_id)))
            .collect();
        if !logged.is_empty() {
            self.log_access(actor, &logged, context).await?;
        }
        Ok(open
            .into_iter()
            .map(|verzoek| Toegangsverzoek {
                dossier_nummer: dossiers[&verzoek.dossier_id].nummer.clone(),
                gevraagd_door: namen
                    .get(&verzoek.gevraagd_door)
                    .cloned()
                    .unwrap_or_default(),
                verzoek,
            })
            .collect())
    }
}
