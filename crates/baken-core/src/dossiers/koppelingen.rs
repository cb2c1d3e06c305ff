//! A dossier's subjects and objects after intake: add one, correct one, unlink one. The same
//! validation as at intake (field errors under `entiteit.…`), the same municipality's record of
//! an identifier (ADR 0009), every change in the journal with its reason, in the processing log
//! for the data subject and in the audit log.

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::entiteit::{Entiteit, EntiteitInvoer, Rol};
use baken_domain::journal::JournaalSoort;
use baken_domain::{Actor, ValidationErrors};
use baken_store::{DossierEntiteitRecord, DossierRecord, EntiteitRecord, Tx};
use serde_json::json;
use uuid::Uuid;

/// The prefix of the field errors of an entity form (`entiteit.bsn`, `entiteit.postcode`, …).
const VELD: &str = "entiteit";
/// The longest reason for a correction or unlinking.
const MAX_MOTIVERING: usize = 4000;

/// What changed in the dossier's subjects and objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wijziging {
    Toegevoegd,
    Gecorrigeerd,
    Ontkoppeld,
}

impl Wijziging {
    fn actie(self) -> (&'static str, &'static str) {
        match self {
            Wijziging::Toegevoegd => ("entiteit.koppelen", "toegevoegd"),
            Wijziging::Gecorrigeerd => ("entiteit.corrigeren", "gecorrigeerd"),
            Wijziging::Ontkoppeld => ("entiteit.ontkoppelen", "ontkoppeld"),
        }
    }
}

fn motivering(input: Option<&str>, errors: &mut ValidationErrors) -> Option<String> {
    match input.map(str::trim).filter(|m| !m.is_empty()) {
        None => {
            errors.add_code(
                "motivering",
                "verplicht",
                "Geef de reden: het journaal legt vast waarom dit is veranderd.",
            );
            None
        }
        Some(m) if m.chars().count() > MAX_MOTIVERING => {
            errors.add_code(
                "motivering",
                "te-lang",
                format!("Hoogstens {MAX_MOTIVERING} tekens."),
            );
            None
        }
        Some(m) => Some(m.to_string()),
    }
}

fn label(entiteit: &Entiteit, rol: Rol) -> String {
    format!("{} ({})", entiteit.weergave(), rol.label().to_lowercase())
}

impl Services {
    /// Adds a subject or object to a dossier the actor works on.
    pub async fn link_entity(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &EntiteitInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<Uuid> {
        let mut tx = self.store.begin().await?;
        let dossier = self.editable(tx.as_mut(), actor, dossier_id).await?;
        let mut errors = ValidationErrors::new();
        let parsed = input.parse(VELD, &mut errors);
        let linked = tx.dossier_entiteiten(dossier_id).await?;
        let max = self.config.max_entiteiten_per_signaal;
        if linked.len() >= max {
            errors.add_code(
                "entiteit",
                "ongeldig",
                format!("Een signaal heeft hoogstens {max} subjecten en objecten samen."),
            );
        }
        errors.into_result()?;
        let (entiteit, rol) = parsed.expect("valid without errors");
        let now = self.clock.now();
        let id = self
            .find_or_create_entity(tx.as_mut(), &dossier.gemeente, &entiteit, now)
            .await?;
        if linked.iter().any(|(e, r)| e.id == id && *r == rol) {
            return Err(ServiceError::conflict(
                "al-gekoppeld",
                "Dit subject of object hoort al met deze rol bij het signaal.",
            ));
        }
        tx.link_entiteit(&DossierEntiteitRecord {
            dossier_id,
            entiteit_id: id,
            rol,
            aangemaakt_op: now,
            aangemaakt_door: actor.user_id,
        })
        .await?;
        let record = tx.entiteit(id).await?.ok_or(ServiceError::NotFound)?;
        let tekst = format!("Toegevoegd: {}.", label(&record.entiteit, rol));
        self.record_change(
            tx.as_mut(),
            actor,
            &dossier,
            &record,
            Wijziging::Toegevoegd,
            tekst,
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Corrects a subject or object of the dossier: its attributes (the municipality's one record
    /// of it, so every dossier that names it shows the correction), its role, or — when the
    /// identifier itself was wrong — another record in its place. The reason is required.
    pub async fn correct_entity(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        (entiteit_id, rol_nu): (Uuid, Rol),
        input: &EntiteitInvoer,
        reden: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<Uuid> {
        let mut tx = self.store.begin().await?;
        let dossier = self.editable(tx.as_mut(), actor, dossier_id).await?;
        let old = self
            .linked(tx.as_mut(), dossier_id, entiteit_id, rol_nu)
            .await?;
        let mut errors = ValidationErrors::new();
        let parsed = input.parse(VELD, &mut errors);
        let reden = motivering(reden, &mut errors);
        if let Some((nieuw, _)) = &parsed
            && nieuw.soort() != old.entiteit.soort()
        {
            errors.add_code(
                "entiteit.soort",
                "ongeldig",
                format!(
                    "Een correctie houdt de soort ({}); ontkoppel en voeg toe voor iets anders.",
                    old.entiteit.soort().label().to_lowercase()
                ),
            );
        }
        errors.into_result()?;
        let ((nieuw, rol), reden) = (parsed.expect("valid"), reden.expect("given"));
        let now = self.clock.now();
        let was = label(&old.entiteit, rol_nu);
        let id = if nieuw.sleutel() == old.entiteit.sleutel() {
            if nieuw != old.entiteit {
                tx.update_entiteit(&EntiteitRecord {
                    entiteit: nieuw.clone(),
                    ..old.clone()
                })
                .await?;
            }
            old.id
        } else {
            self.find_or_create_entity(tx.as_mut(), &dossier.gemeente, &nieuw, now)
                .await?
        };
        if id != old.id || rol != rol_nu {
            tx.unlink_entiteit(dossier_id, old.id, rol_nu).await?;
            tx.link_entiteit(&DossierEntiteitRecord {
                dossier_id,
                entiteit_id: id,
                rol,
                aangemaakt_op: now,
                aangemaakt_door: actor.user_id,
            })
            .await?;
        }
        let record = tx.entiteit(id).await?.ok_or(ServiceError::NotFound)?;
        let nu = label(&record.entiteit, rol);
        if nu == was {
            return Ok(id);
        }
        let elders = tx
            .entiteit_dossiers(id)
            .await?
            .iter()
            .filter(|(d, _)| d.id != dossier_id && d.gemeente == dossier.gemeente)
            .count();
        let mut tekst = format!("Gecorrigeerd: {was} → {nu}. Reden: {reden}");
        if id == old.id && elders > 0 {
            tekst.push_str(&format!(
                " (De correctie geldt ook in {elders} ander{} signa{} waarin dit voorkomt.)",
                if elders == 1 { "" } else { "e" },
                if elders == 1 { "al" } else { "len" }
            ));
        }
        self.record_change(
            tx.as_mut(),
            actor,
            &dossier,
            &record,
            Wijziging::Gecorrigeerd,
            tekst,
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes a subject or object off the dossier (the record stays for the other dossiers that
    /// name it). The reason is required.
    pub async fn unlink_entity(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        entiteit_id: Uuid,
        rol: Rol,
        reden: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut tx = self.store.begin().await?;
        let dossier = self.editable(tx.as_mut(), actor, dossier_id).await?;
        let old = self
            .linked(tx.as_mut(), dossier_id, entiteit_id, rol)
            .await?;
        let mut errors = ValidationErrors::new();
        let reden = motivering(reden, &mut errors);
        errors.into_result()?;
        tx.unlink_entiteit(dossier_id, entiteit_id, rol).await?;
        let tekst = format!(
            "Ontkoppeld: {}. Reden: {}",
            label(&old.entiteit, rol),
            reden.expect("given")
        );
        self.record_change(
            tx.as_mut(),
            actor,
            &dossier,
            &old,
            Wijziging::Ontkoppeld,
            tekst,
            ctx,
        )
        .await?;
        tx.commit().await.map_err(Into::into)
    }

    /// A dossier the actor works on, locked for the change; otherwise not found (or forbidden for
    /// a role that does not work on dossiers).
    async fn editable(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        dossier_id: Uuid,
    ) -> ServiceResult<DossierRecord> {
        let dossier = Self::full_dossier(&mut *tx, actor, dossier_id).await?;
        Self::require_work(actor)?;
        tx.lock_dossier(dossier_id).await?;
        Ok(dossier)
    }

    /// An entity linked to the dossier with this role; otherwise not found.
    async fn linked(
        &self,
        tx: &mut dyn Tx,
        dossier_id: Uuid,
        entiteit_id: Uuid,
        rol: Rol,
    ) -> ServiceResult<EntiteitRecord> {
        tx.dossier_entiteiten(dossier_id)
            .await?
            .into_iter()
            .find(|(e, r)| e.id == entiteit_id && *r == rol)
            .map(|(e, _)| e)
            .ok_or(ServiceError::NotFound)
    }

    /// The journal entry (linked to the entity), the processing record for the data subject, the
    /// change in the access log and the audit record of one change.
    #[allow(clippy::too_many_arguments)]
    async fn record_change(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        dossier: &DossierRecord,
        entiteit: &EntiteitRecord,
        wijziging: Wijziging,
        tekst: String,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let now = self.clock.now();
        let (actie, woord) = wijziging.actie();
        let author = self.author(tx, actor).await?;
        let mut entry = self.system_entry(dossier.id, &author, JournaalSoort::Notitie, tekst);
        if wijziging != Wijziging::Ontkoppeld {
            entry.koppelingen = vec![entiteit.id];
        }
        self.append_entry(tx, &entry).await?;
        let trace = crate::trace::current();
        let processing = self.processing_records(
            &trace,
            (actie, "signaalregistratie"),
            &Self::data_subjects([entiteit]),
            (Some(dossier.id), Some(dossier.gemeente.clone())),
            (now, self.clock.now()),
        );
        tx.append_verwerkingen(&processing).await?;
        self.log_change_access(
            tx,
            actor.user_id,
            ("entiteit", entiteit.id),
            Some(dossier.id),
            &format!("subject of object {woord}"),
        )
        .await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            AuditAction::SignaalGewijzigd,
            Some(format!("signaal:{}", dossier.id)),
            Outcome::Gelukt,
            json!({"entiteit": entiteit.id, "wijziging": woord}),
        )
        .await?;
        Ok(())
    }
}
