//! The steps of a request: the officer's view, extension, confirmed identities, restrictions under
//! art. 41 UAVG and their re-evaluation, the decision.

use super::*;
use crate::Services;
use crate::audit::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::verzoek::{Art41Grond, Besluit, VerzoekSoort, termijn, verlenging_geweigerd};
use baken_domain::{Actor, ValidationErrors};
use baken_store::{BeperkingRecord, VerzoekRecord};
use serde_json::json;
use time::Date;
use uuid::Uuid;

impl Services {
    /// A request as the privacy officer works on it: the person, candidate identities, everything
    /// found, the restrictions. The reads are logged.
    pub async fn request_detail(
        &self,
        actor: &Actor,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekDetail> {
        let started = self.clock.now();
        let mut tx = self.store.begin_read().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let soort = VerzoekSoort::parse(&verzoek.soort).map_err(ServiceError::Internal)?;
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        let kandidaten = self
            .candidates(tx.as_mut(), actor, betrokkene.persoon.as_ref())
            .await?
            .into_iter()
            .map(|entiteit| Kandidaat {
                bevestigd: betrokkene.bevestigd.contains(&entiteit.id),
                entiteit,
            })
            .collect();
        let beperkingen = tx.beperkingen(id).await?;
        let dossiers = self
            .dossiers_of(tx.as_mut(), actor, &verzoek, &betrokkene.entiteiten())
            .await?;
        drop(tx);
        self.log_dossier_reads(actor, &dossiers, started).await?;
        let verlenging = verlenging_geweigerd(
            verzoek.ontvangen_op,
            verzoek.verlengd_op.is_some(),
            verzoek.beantwoord_op.is_some(),
            self.today_for_requests(),
        );
        let mut tx = self.store.begin().await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekInzien,
            ctx,
            json!({"dossiers": dossiers.len()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(VerzoekDetail {
            te_laat: self.request_late(&verzoek),
            verzoek,
            soort,
            persoon: betrokkene.persoon,
            kandidaten,
            beperkingen,
            dossiers,
            verlenging_geweigerd: verlenging,
        })
    }

    /// Extends the deadline by two months (once, within the first month, with reasons for the
    /// data subject).
    pub async fn extend_request(
        &self,
        actor: &Actor,
        id: Uuid,
        motivering: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekRecord> {
        let motivering = motivering.trim();
        if motivering.is_empty() {
            return Err(invalid(
                "motivering",
                "Geef de reden van de verlenging; de betrokkene krijgt die te horen.",
            ));
        }
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        if let Some(reason) = verlenging_geweigerd(
            verzoek.ontvangen_op,
            verzoek.verlengd_op.is_some(),
            verzoek.beantwoord_op.is_some(),
            self.today_for_requests(),
        ) {
            return Err(ServiceError::conflict("verlenging-niet-mogelijk", reason));
        }
        verzoek.termijn_tot = termijn(verzoek.ontvangen_op, true);
        verzoek.verlengd_op = Some(started);
        verzoek.verlenging_motivering = Some(motivering.into());
        tx.update_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekVerlengen,
            ctx,
            json!({"termijnTot": verzoek.termijn_tot.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(verzoek)
    }

    /// Confirms that a person registered without a BSN is the data subject.
    pub async fn confirm_identity(
        &self,
        actor: &Actor,
        id: Uuid,
        entiteit: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let entiteit = Uuid::parse_str(entiteit.trim())
            .map_err(|_| invalid("entiteit", "Kies een van de gevonden personen."))?;
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        let candidates = self
            .candidates(tx.as_mut(), actor, betrokkene.persoon.as_ref())
            .await?;
        if !candidates.iter().any(|c| c.id == entiteit) {
            return Err(invalid(
                "entiteit",
                "Deze persoon komt niet overeen met achternaam en geboortedatum van de betrokkene.",
            ));
        }
        tx.insert_verzoek_identiteit(id, entiteit, actor.user_id, started)
            .await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekIdentiteitBevestigen,
            ctx,
            json!({"entiteit": entiteit}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Withholds a dossier or one of its entries from the answer under art. 41 UAVG.
    pub async fn restrict_answer(
        &self,
        actor: &Actor,
        id: Uuid,
        invoer: &BeperkingInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<BeperkingRecord> {
        let mut errors = ValidationErrors::new();
        let grond = errors.check("grond", Art41Grond::parse(&invoer.grond));
        let motivering = invoer.motivering.trim();
        if motivering.is_empty() {
            errors.add(
                "motivering",
                "Motiveer waarom dit belang zwaarder weegt dan het recht van de betrokkene.",
            );
        }
        let herbeoordeling = self.next_review_date(&mut errors, &invoer.herbeoordeling);
        let dossier = Uuid::parse_str(invoer.dossier.trim()).ok();
        if dossier.is_none() {
            errors.add("dossier", "Kies een dossier uit het antwoord.");
        }
        let post = match invoer
            .journaalpost
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => None,
            Some(p) => match Uuid::parse_str(p) {
                Ok(p) => Some(p),
                Err(_) => {
                    errors.add("journaalpost", "Kies een journaalpost uit het dossier.");
                    None
                }
            },
        };
        errors.into_result()?;
        let dossier = dossier.expect("checked");
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        if verzoek.beantwoord_op.is_some() {
            return Err(ServiceError::conflict(
                "al-afgehandeld",
                "Het verzoek is al afgehandeld.",
            ));
        }
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        let found = self
            .dossiers_of(tx.as_mut(), actor, &verzoek, &betrokkene.entiteiten())
            .await?;
        let Some(in_answer) = found.iter().find(|d| d.dossier_id == dossier) else {
            return Err(invalid(
                "dossier",
                "Dit dossier hoort niet bij het antwoord.",
            ));
        };
        if let Some(post) = post
            && !in_answer.journaal.iter().any(|j| j.id == post)
        {
            return Err(invalid(
                "journaalpost",
                "Deze journaalpost hoort niet bij het antwoord.",
            ));
        }
        let beperking = BeperkingRecord {
            id: Uuid::now_v7(),
            verzoek_id: id,
            dossier_id: dossier,
            journaalpost_id: post,
            grond: grond.expect("checked").as_str().into(),
            motivering: motivering.into(),
            herbeoordeling: herbeoordeling.expect("checked"),
            vastgelegd_door: actor.user_id,
            vastgelegd_op: started,
            herbeoordeeld_op: None,
            herbeoordeling_motivering: None,
            opgeheven_op: None,
        };
        tx.insert_beperking(&beperking).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekBeperken,
            ctx,
            json!({"dossier": dossier, "journaalpost": post, "grond": beperking.grond,
                   "herbeoordeling": beperking.herbeoordeling.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(beperking)
    }

    /// Re-evaluates a restriction at (or before) its re-evaluation date: keep it with a new date
    /// after today, or lift it; reasons either way. Also after the answer — a lifted part is then
    /// in the answer again, for a supplementary answer to the data subject.
    pub async fn reassess_restriction(
        &self,
        actor: &Actor,
        id: Uuid,
        beperking_id: Uuid,
        invoer: &HerbeoordelingInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<BeperkingRecord> {
        let mut errors = ValidationErrors::new();
        let opheffen = match invoer.uitkomst.trim() {
            "handhaven" => Some(false),
            "opheffen" => Some(true),
            _ => {
                errors.add("uitkomst", "Kies handhaven of opheffen.");
                None
            }
        };
        let motivering = invoer.motivering.trim();
        if motivering.is_empty() {
            errors.add(
                "motivering",
                "Motiveer waarom de grond er nog wel of niet meer is.",
            );
        }
        let volgende = if opheffen == Some(false) {
            self.next_review_date(&mut errors, &invoer.herbeoordeling)
        } else {
            None
        };
        errors.into_result()?;
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let Some(mut beperking) = tx
            .beperkingen(id)
            .await?
            .into_iter()
            .find(|b| b.id == beperking_id)
        else {
            return Err(ServiceError::NotFound);
        };
        if beperking.opgeheven_op.is_some() {
            return Err(ServiceError::conflict(
                "al-opgeheven",
                "Deze beperking is al opgeheven.",
            ));
        }
        beperking.herbeoordeeld_op = Some(started);
        beperking.herbeoordeling_motivering = Some(motivering.into());
        match volgende {
            Some(datum) => beperking.herbeoordeling = datum,
            None => beperking.opgeheven_op = Some(started),
        }
        tx.update_beperking(&beperking).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekBeperkingHerbeoordelen,
            ctx,
            json!({"beperking": beperking.id, "uitkomst": if volgende.is_some() { "handhaven" } else { "opheffen" },
                   "herbeoordeling": beperking.herbeoordeling.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(beperking)
    }

    /// Decides a request and marks it answered.
    pub async fn decide_request(
        &self,
        actor: &Actor,
        id: Uuid,
        besluit: &str,
        motivering: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekRecord> {
        let mut errors = ValidationErrors::new();
        let besluit = errors.check("besluit", Besluit::parse(besluit));
        let motivering = motivering.trim();
        if motivering.is_empty() && besluit != Some(Besluit::Toegewezen) {
            errors.add(
                "motivering",
                "Motiveer een (deels) afgewezen verzoek; de betrokkene krijgt de motivering.",
            );
        }
        errors.into_result()?;
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        if verzoek.beantwoord_op.is_some() {
            return Err(ServiceError::conflict(
                "al-afgehandeld",
                "Het verzoek is al afgehandeld.",
            ));
        }
        verzoek.besluit = Some(besluit.expect("checked").as_str().into());
        verzoek.besluit_motivering = Some(motivering.to_string()).filter(|m| !m.is_empty());
        verzoek.beantwoord_op = Some(started);
        tx.update_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekBesluiten,
            ctx,
            json!({"besluit": verzoek.besluit}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(verzoek)
    }

    /// A restriction's (next) re-evaluation date, as entered: a valid date after today, or an
    /// error at `herbeoordeling`.
    fn next_review_date(&self, errors: &mut ValidationErrors, input: &str) -> Option<Date> {
        let today = self.today_for_requests();
        let date = errors.check("herbeoordeling", baken_domain::entiteit::parse_date(input))?;
        if date <= today {
            errors.add("herbeoordeling", "Kies een datum na vandaag.");
            return None;
        }
        Some(date)
    }
}
