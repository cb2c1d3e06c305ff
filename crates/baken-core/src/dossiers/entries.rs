//! Adding entries to a dossier's journal (notes, corrections) within the protocol's rules.

use super::*;
use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, Vertrouwelijkheid, dossier_access};
use baken_domain::journal::{JournaalInhoud, JournaalSoort};
use baken_domain::signaal::parse_moment;
use baken_domain::{Actor, Permission, UserId, ValidationErrors};
use serde_json::json;
use std::collections::BTreeSet;
use time::Duration;
use uuid::Uuid;

impl Services {
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
            crate::audit::AuditAction::JournaalToegevoegd,
            Some(format!("signaal:{id}")),
            crate::audit::Outcome::Gelukt,
            json!({"soort": inhoud.soort, "post": inhoud.id}),
        )
        .await?;
        tx.commit().await?;
        Ok(inhoud.id)
    }
}
