//! The dossier as a viewer may see it: need-to-know, classes, where its entities appear elsewhere.

use super::*;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{
    DossierAccess, DossierFacts, Vertrouwelijkheid, dossier_access, may_see_class,
};
use baken_domain::entiteit::Rol;
use baken_domain::journal::JournaalInhoud;
use baken_domain::{Actor, UserId};
use baken_store::{DossierRecord, ReadTx};
use std::collections::BTreeMap;
use uuid::Uuid;

impl Services {
    /// Where else an entity appears, as far as this viewer may know.
    pub(crate) fn elsewhere(
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
}
