//! Intake: registering a signal (form, API, import), numbering it, linking its subjects and objects.

use super::*;
use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::Vertrouwelijkheid;
use baken_domain::entiteit::Entiteit;
use baken_domain::journal::JournaalSoort;
use baken_domain::signaal::{Bron, SignaalInvoer, SignaalStatus};
use baken_domain::{Actor, GemeenteCode, Permission, UserId, ValidationErrors};
use baken_store::{DossierEntiteitRecord, DossierRecord, EntiteitRecord, ReadTx, SearchText, Tx};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

impl Services {
    /// Checks that `user` may be assigned work in `gemeente`.
    pub(crate) async fn check_assignee(
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
            crate::audit::AuditAction::SignalenGeimporteerd,
            None,
            crate::audit::Outcome::Gelukt,
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

    pub(crate) async fn insert_signal(
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
            soort: baken_domain::dossier::DossierSoort::Signaal,
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
            herbeoordelen_op: None,
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
        self.log_change_access(
            tx,
            actor.user_id,
            ("dossier", record.id),
            Some(record.id),
            "signaal registreren",
        )
        .await?;
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
            crate::audit::AuditAction::SignaalAangemaakt,
            Some(format!("signaal:{}", record.id)),
            crate::audit::Outcome::Gelukt,
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
    pub(super) async fn find_or_create_entity(
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
}
