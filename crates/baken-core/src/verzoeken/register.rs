//! Registering requests of data subjects with their legal deadline, and the officer's lists.

use super::*;
use crate::Services;
use crate::audit::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::identifiers::Bsn;
use baken_domain::verzoek::{Besluit, VerzoekSoort, termijn};
use baken_domain::{Actor, GemeenteCode, Role, ValidationErrors};
use baken_store::VerzoekRecord;
use serde_json::json;
use time::Date;
use uuid::Uuid;

impl Services {
    /// Registers an access request for a BSN (received on `ontvangen_op`, default today) and
    /// produces the answer at once. Privacy officer only; every step is logged.
    pub async fn answer_access_request(
        &self,
        actor: &Actor,
        bsn: &str,
        ontvangen_op: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<InzageAntwoord> {
        let verzoek = self
            .register_request(
                actor,
                &VerzoekInvoer {
                    soort: VerzoekSoort::Inzage.as_str().into(),
                    bsn: bsn.into(),
                    ontvangen_op: ontvangen_op.map(str::to_string),
                    ..VerzoekInvoer::default()
                },
                ctx,
            )
            .await?;
        let antwoord = self.request_answer(actor, verzoek.id, ctx).await?;
        let mut verzoek = antwoord.verzoek.clone();
        let now = self.clock.now();
        verzoek.beantwoord_op = Some(now);
        verzoek.besluit = Some(Besluit::Toegewezen.as_str().into());
        let mut tx = self.store.begin().await?;
        tx.update_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::InzageverzoekBeantwoorden,
            ctx,
            json!({"dossiers": antwoord.dossiers.len(), "termijnTot": verzoek.termijn_tot.to_string()}),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(InzageAntwoord {
            verzoek,
            persoon: antwoord.persoon,
            dossiers: antwoord.dossiers,
        })
    }

    /// Registers a request of a data subject with its legal deadline.
    pub async fn register_request(
        &self,
        actor: &Actor,
        invoer: &VerzoekInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekRecord> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let soort = errors.check("soort", VerzoekSoort::parse(&invoer.soort));
        let bsn = errors.check("bsn", Bsn::parse(&invoer.bsn));
        let received = match invoer
            .ontvangen_op
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(day) => errors.check("ontvangenOp", baken_domain::entiteit::parse_date(day)),
            None => Some(self.today_for_requests()),
        };
        if received.is_some_and(|d| d > self.today_for_requests()) {
            errors.add(
                "ontvangenOp",
                "Een verzoek kan niet in de toekomst zijn ontvangen.",
            );
        }
        let gemeente = match invoer
            .gemeente
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
        {
            Some(g) => match GemeenteCode::parse(g) {
                Ok(code) if actor.may_access_gemeente(&code) => Some(code),
                Ok(_) => {
                    errors.add("gemeente", "U behandelt geen verzoeken voor deze gemeente.");
                    None
                }
                Err(e) => {
                    errors.add("gemeente", e);
                    None
                }
            },
            None if actor.gemeenten.len() == 1 => actor.gemeenten.first().cloned(),
            None => {
                errors.add("gemeente", "Kies de gemeente die het verzoek behandelt.");
                None
            }
        };
        let toelichting = invoer
            .toelichting
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if toelichting
            .as_ref()
            .is_some_and(|t| t.chars().count() > 4000)
        {
            errors.add("toelichting", "Hoogstens 4000 tekens.");
        }
        errors.into_result()?;
        let (soort, bsn, received) = (
            soort.expect("checked"),
            bsn.expect("checked"),
            received.expect("checked"),
        );
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        // The request's municipality's record of the person (each municipality keeps its own);
        // the dossiers of the other records with this BSN in the officer's municipalities are
        // found through it (`entiteit_dossiers` follows the identifier).
        let key = format!("bsn:{bsn}");
        let mut persoon = None;
        for g in gemeente.iter().chain(actor.gemeenten.iter()) {
            if let Some(found) = tx.entiteit_by_sleutel(g, &key).await? {
                persoon = Some(found);
                break;
            }
        }
        let verzoek = VerzoekRecord {
            id: Uuid::now_v7(),
            soort: soort.as_str().into(),
            betrokkene: self.pseudonym("BSN", &bsn.to_string()),
            betrokkene_type: "BSN".into(),
            ontvangen_op: received,
            termijn_tot: termijn(received, false),
            geregistreerd_door: actor.user_id,
            geregistreerd_op: started,
            beantwoord_op: None,
            gemeente,
            entiteit_id: persoon.map(|p| p.id),
            toelichting,
            verlengd_op: None,
            verlenging_motivering: None,
            besluit: None,
            besluit_motivering: None,
        };
        tx.insert_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekRegistreren,
            ctx,
            json!({"soort": verzoek.soort, "termijnTot": verzoek.termijn_tot.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(verzoek)
    }

    /// The requests of the officer's municipalities, open ones first by deadline.
    pub async fn requests(&self, actor: &Actor) -> ServiceResult<Vec<VerzoekRecord>> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        Ok(tx.verzoeken(&actor.gemeenten).await?)
    }

    /// The restrictions of the officer's requests whose re-evaluation date has come: each with the
    /// request's reference and the dossier's number. A restriction may only last as long as its
    /// ground (art. 41 UAVG), so these are the officer's to look at again.
    pub async fn restrictions_due(&self, actor: &Actor) -> ServiceResult<Vec<TeHerbeoordelen>> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        let due = tx
            .beperkingen_te_herbeoordelen(&actor.gemeenten, self.today_for_requests())
            .await?;
        let ids: Vec<Uuid> = due.iter().map(|b| b.dossier_id).collect();
        let nummers: std::collections::BTreeMap<Uuid, String> = tx
            .dossiers_by_ids(&ids)
            .await?
            .into_iter()
            .map(|d| (d.id, d.nummer))
            .collect();
        Ok(due
            .into_iter()
            .map(|beperking| TeHerbeoordelen {
                kenmerk: super::kenmerk(beperking.verzoek_id),
                dossier_nummer: nummers.get(&beperking.dossier_id).cloned(),
                beperking,
            })
            .collect())
    }

    /// Whether a request is late: open after its deadline.
    pub fn request_late(&self, verzoek: &VerzoekRecord) -> bool {
        verzoek.beantwoord_op.is_none() && self.today_for_requests() > verzoek.termijn_tot
    }

    pub(super) fn today_for_requests(&self) -> Date {
        baken_domain::tijd::today_nl(self.clock.now())
    }
}
