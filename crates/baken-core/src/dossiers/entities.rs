//! Subjects and objects as a viewer may know them: one entity, and lists by kind.

use super::*;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::entiteit::Rol;
use baken_domain::{Actor, Permission, ValidationErrors};
use baken_store::DossierRecord;
use std::collections::BTreeMap;
use uuid::Uuid;

impl Services {
    /// An entity, visible when the actor has full access to at least one dossier it appears in.
    pub async fn entity(
        &self,
        actor: &Actor,
        id: Uuid,
        context: &str,
    ) -> ServiceResult<EntiteitView> {
        let mut tx = self.store.begin_read().await?;
        let entiteit = tx.entiteit(id).await?.ok_or(ServiceError::NotFound)?;
        let linked = tx.entiteit_dossiers(id).await?;
        if !may_know_entity(actor, &entiteit, &linked) {
            return Err(ServiceError::NotFound);
        }
        let (dossiers, elders_andere_gemeente) = Self::elsewhere(actor, None, linked);
        drop(tx);
        let subjects = Self::data_subjects([&entiteit]);
        self.log_reads(
            actor,
            &[("entiteit", id, None)],
            context,
            &subjects,
            self.clock.now(),
        )
        .await?;
        Ok(EntiteitView {
            entiteit,
            dossiers,
            elders_andere_gemeente,
        })
    }

    /// The subjects or objects the actor may know, a page at a time: each appears in at least one
    /// dossier the actor has full access to. Every listed entity is logged.
    pub async fn entities(
        &self,
        actor: &Actor,
        categorie: Categorie,
        soort: Option<&str>,
        na: Option<&str>,
        limiet: Option<i64>,
        context: &str,
    ) -> ServiceResult<EntiteitenPagina> {
        use baken_domain::entiteit::EntiteitSoort;
        if !(actor.may(Permission::WorkDossiers)
            || actor.has_role(baken_domain::Role::Privacyfunctionaris))
        {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let of_category: Vec<EntiteitSoort> = EntiteitSoort::ALL
            .iter()
            .copied()
            .filter(|s| s.is_subject() == (categorie == Categorie::Subjecten))
            .collect();
        let soorten = match soort.map(str::trim).filter(|s| !s.is_empty()) {
            None => of_category.clone(),
            Some(s) => match EntiteitSoort::parse(s) {
                Ok(soort) if of_category.contains(&soort) => vec![soort],
                _ => {
                    let namen: Vec<&str> = of_category.iter().map(|s| s.as_str()).collect();
                    errors.add("soort", format!("Kies een van: {}.", namen.join(", ")));
                    vec![]
                }
            },
        };
        let after = match na.map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => match Uuid::parse_str(n) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("na", "Dit is geen geldige vervolgcursor.");
                    None
                }
            },
        };
        let limit = limiet.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            errors.add("limiet", "Kies een limiet van 1 tot en met 100.");
        }
        errors.into_result()?;
        let mut tx = self.store.begin_read().await?;
        let found = tx
            .list_entiteiten(&baken_store::EntiteitFilter {
                gemeenten: actor.gemeenten.clone(),
                soorten,
                alle_dossiers: actor.has_role(baken_domain::Role::Coordinator)
                    || actor.has_role(baken_domain::Role::Privacyfunctionaris),
                betrokkene: actor.user_id,
                na: after,
                limit,
            })
            .await?;
        let volgende = (found.len() as i64 == limit)
            .then(|| found.last().map(|e| e.id.to_string()))
            .flatten();
        let ids: Vec<Uuid> = found.iter().map(|e| e.id).collect();
        let mut appearances: BTreeMap<Uuid, Vec<(DossierRecord, Rol)>> = BTreeMap::new();
        for (entiteit, dossier, rol) in tx.entiteiten_dossiers(&ids).await? {
            appearances
                .entry(entiteit)
                .or_default()
                .push((dossier, rol));
        }
        drop(tx);
        let mut entiteiten = Vec::new();
        for entiteit in found {
            let linked = appearances.remove(&entiteit.id).unwrap_or_default();
            // The authoritative need-to-know check; the query only pre-selects.
            if !may_know_entity(actor, &entiteit, &linked) {
                continue;
            }
            let (dossiers, elders_andere_gemeente) = Self::elsewhere(actor, None, linked);
            entiteiten.push(EntiteitView {
                entiteit,
                dossiers,
                elders_andere_gemeente,
            });
        }
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = entiteiten
            .iter()
            .map(|e| ("entiteit", e.entiteit.id, None))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(EntiteitenPagina {
            entiteiten,
            volgende,
        })
    }
}
