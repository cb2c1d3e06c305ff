//! Interventions (maatregelen) on a dossier: proposed under an instrument of the municipality's
//! catalogue (its ground, urgency and duration rules checked there), carried through their
//! procedure steps, with the legal deadlines recomputed at every step. Every change writes a journal
//! entry in the dossier, a processing-log record and an audit record; every read is logged.

mod brieven;
mod catalogus;
mod stappen;
mod termijnen;

pub use brieven::Brief;
pub use catalogus::CatalogusView;

pub use stappen::StapInput;
pub use termijnen::{
    TERMIJNEN_MAX_PAGINA, TERMIJNEN_PER_PAGINA, TermijnRegel, TermijnenVraag, Termijnenoverzicht,
};

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::maatregelen::tijdlijn::{self, Deadline, GezetteStap};
use baken_domain::maatregelen::{Catalogus, Instrument, MaatregelInvoer, Stap};
use baken_domain::protocol::Duur;
use baken_domain::{Actor, ValidationErrors};
use baken_store::{
    DossierRecord, MaatregelRecord, MaatregelStapRecord, OpenTermijnRecord, TermijnRecord, Tx,
};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

const MAX_TEKST: usize = 4000;

/// A proposed intervention as the pages and the API send it.
#[derive(Debug, Clone, Default)]
pub struct MaatregelInput {
    pub instrument: String,
    pub grond: Option<String>,
    pub spoed: bool,
    pub spoed_motivering: Option<String>,
    pub duur: Option<String>,
    /// Entities of the dossier the decision is addressed to.
    pub adressaten: Vec<Uuid>,
    /// The premises (an entity of the dossier).
    pub object_id: Option<Uuid>,
    /// Suitable, necessary, proportionate.
    pub motivering: Option<String>,
}

/// An intervention with what a page shows: its instrument, steps, the steps still to come and the
/// deadlines.
#[derive(Debug, Clone)]
pub struct Maatregel {
    pub record: MaatregelRecord,
    pub dossier_nummer: String,
    /// Whether the intervention is on a signal or a case (the page links back to it).
    pub dossier_soort: baken_domain::dossier::DossierSoort,
    pub instrument: Instrument,
    pub stappen: Vec<MaatregelStapRecord>,
    /// The procedure's steps not recorded yet, in order (urgent use leaves some out).
    pub volgende: Vec<Stap>,
    pub overgeslagen: Vec<Stap>,
    pub termijnen: Vec<Deadline>,
}

pub(crate) fn tekst(
    value: Option<&str>,
    field: &'static str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if v.chars().count() > MAX_TEKST {
        errors.add_code(field, "te-lang", format!("Hoogstens {MAX_TEKST} tekens."));
        return None;
    }
    Some(v.to_string())
}

impl Services {
    /// The interventions among `records` the actor may know of at all: a Bibob intervention (by
    /// the class of its instrument in the catalogue it was taken under) only for a person cleared
    /// for Wet Bibob information (art. 28 Wet Bibob); the rest with the dossier.
    pub(crate) async fn knowable_interventions(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        records: Vec<MaatregelRecord>,
    ) -> ServiceResult<Vec<MaatregelRecord>> {
        if actor.bibob_clearance {
            return Ok(records);
        }
        let mut seen = HashMap::new();
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let key = (
                &record.gemeente,
                record.instrument.as_str(),
                record.catalogus_versie.as_str(),
            );
            if !self.is_bibob_instrument(tx, key, &mut seen).await? {
                out.push(record);
            }
        }
        Ok(out)
    }

    /// The open deadlines among `rows` the actor may know of: those of a Bibob intervention only
    /// for a cleared person (art. 28 Wet Bibob).
    pub(crate) async fn knowable_deadlines(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        rows: Vec<OpenTermijnRecord>,
    ) -> ServiceResult<Vec<OpenTermijnRecord>> {
        if actor.bibob_clearance {
            return Ok(rows);
        }
        let mut seen = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some((instrument, versie)) = &row.instrument {
                let key = (&row.termijn.gemeente, instrument.as_str(), versie.as_str());
                if self.is_bibob_instrument(tx, key, &mut seen).await? {
                    continue;
                }
            }
            out.push(row);
        }
        Ok(out)
    }

    /// Proposes an intervention on a dossier the actor works on in full. The catalogue's rules are
    /// checked (a 174a closure needs its ground; urgent use needs a motivation); addressees and the
    /// object must be subjects or objects of the dossier. 404 for a dossier the actor may not see.
    pub async fn propose_intervention(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        input: &MaatregelInput,
        ctx: &RequestContext,
    ) -> ServiceResult<MaatregelRecord> {
        let mut tx = self.store.begin().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        Self::require_work(actor)?;
        if Self::dossier_closed(tx.as_mut(), &dossier).await? {
            return Err(ServiceError::conflict(
                "dossier-afgesloten",
                "Dit dossier is afgesloten; een maatregel hoort bij een lopend dossier.",
            ));
        }
        let catalogus = self
            .catalogue_in_force(tx.as_mut(), &dossier.gemeente)
            .await?;
        if catalogus
            .instrument(input.instrument.trim())
            .is_some_and(|i| i.klasse == baken_domain::dossier::Vertrouwelijkheid::Bibob)
            && !actor.bibob_clearance
        {
            // Art. 28 Wet Bibob: only a cleared person handles Bibob material.
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let procedure = match catalogus.controleer(&MaatregelInvoer {
            instrument: input.instrument.clone(),
            grond: input.grond.clone(),
            spoed: input.spoed,
            spoed_motivering: input.spoed_motivering.clone(),
            duur: input.duur.clone(),
        }) {
            Ok(p) => Some(p),
            Err(e) => {
                for f in e.iter() {
                    errors.add_code(f.name.clone(), f.code, f.reason.clone());
                }
                None
            }
        };
        let gekoppeld: Vec<Uuid> = tx
            .dossier_entiteiten(dossier_id)
            .await?
            .iter()
            .map(|(e, _)| e.id)
            .collect();
        for (i, a) in input.adressaten.iter().enumerate() {
            if !gekoppeld.contains(a) {
                errors.add_code(
                    format!("adressaten[{i}]"),
                    "onbekend",
                    "Kies een betrokkene van dit dossier.",
                );
            }
        }
        if let Some(o) = input.object_id
            && !gekoppeld.contains(&o)
        {
            errors.add_code("object", "onbekend", "Kies een object van dit dossier.");
        }
        let spoed_motivering = tekst(
            input.spoed_motivering.as_deref(),
            "spoedMotivering",
            &mut errors,
        );
        let motivering = tekst(input.motivering.as_deref(), "motivering", &mut errors);
        errors.into_result()?;
        let procedure = procedure.expect("valid");
        let instrument = catalogus
            .instrument(&procedure.instrument)
            .expect("checked");
        let now = self.clock.now();
        let jaar = baken_domain::tijd::today_nl(now).year();
        let n = tx.next_maatregel_nummer(&dossier.gemeente, jaar).await?;
        let record = MaatregelRecord {
            id: Uuid::new_v4(),
            dossier_id,
            gemeente: dossier.gemeente.clone(),
            nummer: format!("M-{jaar}-{n:04}"),
            instrument: instrument.code.clone(),
            catalogus_versie: catalogus.versie().to_string(),
            beleidsregel: catalogus.beleidsregel().to_string(),
            bevoegd: instrument.bevoegd.as_str().to_string(),
            grond: procedure.grond.clone(),
            spoed: procedure.spoed,
            spoed_motivering,
            duur: input
                .duur
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            adressaten: input.adressaten.clone(),
            object_id: input.object_id,
            motivering,
            status: "lopend".into(),
            verantwoordelijke: actor.user_id,
            aangemaakt_op: now,
            aangemaakt_door: actor.user_id,
            versie: 1,
        };
        tx.insert_maatregel(&record).await?;
        let mut zin = format!(
            "Maatregel {} voorgesteld: {} ({}).",
            record.nummer, instrument.naam, instrument.grondslag
        );
        if let Some(g) = &record.grond {
            zin.push_str(&format!(" Grond: {g}."));
        }
        if let Some(d) = &record.duur
            && let Ok(d) = Duur::parse(d)
        {
            zin.push_str(&format!(" Duur: {}.", d.omschrijving()));
        }
        if record.spoed {
            zin.push_str(&format!(
                " Spoedeisend, zonder voornemen en zienswijze: {}",
                record.spoed_motivering.as_deref().unwrap_or_default()
            ));
        }
        self.record_intervention_change(
            tx.as_mut(),
            actor,
            &dossier,
            &record,
            zin,
            AuditAction::MaatregelVoorgesteld,
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// An intervention with its steps and deadlines, for an actor who sees its dossier in full;
    /// the read is logged.
    pub async fn intervention(
        &self,
        actor: &Actor,
        id: Uuid,
        context: &str,
    ) -> ServiceResult<Maatregel> {
        let mut tx = self.store.begin_read().await?;
        let record = tx.maatregel(id).await?.ok_or(ServiceError::NotFound)?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, record.dossier_id).await?;
        let Some(record) = self
            .knowable_interventions(tx.as_mut(), actor, vec![record])
            .await?
            .pop()
        else {
            return Err(ServiceError::NotFound);
        };
        let stappen = tx.maatregel_stappen(id).await?;
        let catalogus = self.catalogue_of(tx.as_mut(), &record).await?;
        drop(tx);
        let view = self.describe_intervention(&catalogus, record, &dossier, stappen)?;
        self.log_access(
            actor,
            &[("maatregel", view.record.id, Some(dossier.id))],
            context,
        )
        .await?;
        Ok(view)
    }

    /// A dossier's interventions, for an actor who sees it in full; logged.
    pub async fn interventions_of(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<Maatregel>> {
        let mut tx = self.store.begin_read().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, dossier_id).await?;
        let out = self.interventions_in(tx.as_mut(), actor, &dossier).await?;
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = out
            .iter()
            .map(|m| ("maatregel", m.record.id, Some(dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(out)
    }

    /// A dossier's interventions inside a read the caller holds, for an actor who sees the
    /// dossier in full; the caller logs them (`maatregel` with the dossier).
    pub(crate) async fn interventions_in(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<Vec<Maatregel>> {
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let dossier_id = dossier.id;
        let mut out = Vec::new();
        let records = tx.maatregelen_van(dossier_id).await?;
        let records = self.knowable_interventions(tx, actor, records).await?;
        // All steps of the dossier in one query, and each catalogue version once.
        let mut stappen: HashMap<Uuid, Vec<MaatregelStapRecord>> = HashMap::new();
        if !records.is_empty() {
            for stap in tx.dossier_maatregel_stappen(dossier_id).await? {
                stappen.entry(stap.maatregel_id).or_default().push(stap);
            }
        }
        let mut catalogi: HashMap<String, std::sync::Arc<Catalogus>> = HashMap::new();
        for record in records {
            let catalogus = match catalogi.get(&record.catalogus_versie) {
                Some(c) => c.clone(),
                None => {
                    let c = self.catalogue_of(tx, &record).await?;
                    catalogi.insert(record.catalogus_versie.clone(), c.clone());
                    c
                }
            };
            let eigen = stappen.remove(&record.id).unwrap_or_default();
            out.push(self.describe_intervention(&catalogus, record, dossier, eigen)?);
        }
        Ok(out)
    }

    /// An intervention with its instrument (from the catalogue it was taken under), the steps to
    /// come and its deadlines.
    pub(crate) fn describe_intervention(
        &self,
        catalogus: &Catalogus,
        record: MaatregelRecord,
        dossier: &DossierRecord,
        stappen: Vec<MaatregelStapRecord>,
    ) -> ServiceResult<Maatregel> {
        let instrument = catalogus
            .instrument(&record.instrument)
            .cloned()
            .ok_or_else(|| {
                ServiceError::Internal(format!(
                    "instrument {} not in the catalogue",
                    record.instrument
                ))
            })?;
        let overgeslagen = if record.spoed {
            instrument
                .spoed
                .as_ref()
                .map(|s| s.slaat_over.clone())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let gezet = gezette_stappen(&stappen);
        let volgende = instrument
            .stappen
            .iter()
            .copied()
            .filter(|s| !overgeslagen.contains(s) && !gezet.iter().any(|g| g.stap == *s))
            .collect();
        let termijnen = tijdlijn::deadlines(&instrument, &gezet, &self.config.gelijkgestelde_dagen);
        Ok(Maatregel {
            record,
            dossier_nummer: dossier.nummer.clone(),
            dossier_soort: dossier.soort,
            instrument,
            stappen,
            volgende,
            overgeslagen,
            termijnen,
        })
    }

    /// The journal entry, processing-log record and audit record of a change to an intervention.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn record_intervention_change(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        dossier: &DossierRecord,
        record: &MaatregelRecord,
        tekst: String,
        action: AuditAction,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let now = self.clock.now();
        let author = self.author(tx, actor).await?;
        let mut entry = self.system_entry(dossier.id, &author, JournaalSoort::Maatregel, tekst);
        entry.koppelingen = record
            .adressaten
            .iter()
            .copied()
            .chain(record.object_id)
            .collect();
        let catalogus = self.catalogue_of(tx, record).await?;
        if is_bibob(&catalogus, record) {
            entry.vertrouwelijkheid = baken_domain::dossier::Vertrouwelijkheid::Bibob;
        }
        self.append_entry(tx, &entry).await?;
        let entiteiten: Vec<baken_store::EntiteitRecord> = tx
            .dossier_entiteiten(dossier.id)
            .await?
            .into_iter()
            .map(|(e, _)| e)
            .filter(|e| record.adressaten.contains(&e.id))
            .collect();
        let trace = crate::trace::current();
        let processing = self.processing_records(
            &trace,
            ("maatregel.vastleggen", "bestuurlijke-handhaving"),
            &Self::data_subjects(entiteiten.iter()),
            (Some(dossier.id), Some(dossier.gemeente.clone())),
            (now, self.clock.now()),
        );
        tx.append_verwerkingen(&processing).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            action,
            Some(format!("maatregel:{}", record.id)),
            Outcome::Gelukt,
            json!({"dossier": dossier.id, "instrument": record.instrument}),
        )
        .await?;
        Ok(())
    }

    /// Recomputes an intervention's deadlines from its steps and stores them.
    pub(crate) async fn store_deadlines(
        &self,
        tx: &mut dyn Tx,
        record: &MaatregelRecord,
        instrument: &Instrument,
        stappen: &[MaatregelStapRecord],
    ) -> ServiceResult<Vec<Deadline>> {
        let deadlines = tijdlijn::deadlines(
            instrument,
            &gezette_stappen(stappen),
            &self.config.gelijkgestelde_dagen,
        );
        let rows: Vec<TermijnRecord> = deadlines
            .iter()
            .map(|d| TermijnRecord {
                id: Uuid::new_v4(),
                dossier_id: record.dossier_id,
                maatregel_id: Some(record.id),
                gemeente: record.gemeente.clone(),
                soort: d.soort.to_string(),
                omschrijving: format!("{} ({})", d.omschrijving, record.nummer),
                aan: match d.aan {
                    tijdlijn::Aan::Gemeente => "gemeente",
                    tijdlijn::Aan::Betrokkene => "betrokkene",
                }
                .into(),
                einddatum: d.termijn.einddatum,
                voldaan: d.voldaan,
                verantwoordelijke: record.verantwoordelijke,
            })
            .collect();
        tx.replace_termijnen(record.id, &rows).await?;
        Ok(deadlines)
    }
}

/// Whether an intervention's instrument is of the class `bibob` in this catalogue.
fn is_bibob(catalogus: &Catalogus, record: &MaatregelRecord) -> bool {
    catalogus
        .instrument(&record.instrument)
        .is_some_and(|i| i.klasse == baken_domain::dossier::Vertrouwelijkheid::Bibob)
}

/// The recorded steps as the deadline engine reads them (unknown codes, which the catalogue would
/// have refused, are skipped).
pub(crate) fn gezette_stappen(stappen: &[MaatregelStapRecord]) -> Vec<GezetteStap> {
    stappen
        .iter()
        .filter_map(|s| {
            Some(GezetteStap {
                stap: Stap::parse(&s.stap).ok()?,
                datum: s.datum,
                duur: s.duur.as_deref().and_then(|d| Duur::parse(d).ok()),
            })
        })
        .collect()
}
