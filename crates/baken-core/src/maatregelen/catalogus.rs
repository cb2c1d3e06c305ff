//! The catalogue of interventions per municipality, versioned like the privacy protocol: a
//! municipality loads its own version (TOML, checked completely before anything is stored), the
//! version in force is the one with the latest adoption date that has come (Baken's default until
//! then), and an intervention is always read under the version it was taken under.

use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use crate::{Caller, Services};
use baken_domain::maatregelen::Catalogus;
use baken_domain::{Actor, GemeenteCode, ValidationErrors};
use baken_store::{CatalogusVersieRecord, MaatregelRecord, ReadTx, StoreError};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use uuid::Uuid;

/// The catalogue every municipality uses until it loads its own.
static STANDAARD: LazyLock<Arc<Catalogus>> = LazyLock::new(|| Arc::new(Catalogus::standaard()));

/// Parsed versions by id and hash: a stored text never changes, so it is parsed once.
type Parsed = HashMap<(Uuid, String), Arc<Catalogus>>;
static PARSED: LazyLock<Mutex<Parsed>> = LazyLock::new(Default::default);

/// A municipality's catalogue as its page shows it: the version in force and every loaded one.
#[derive(Debug, Clone)]
pub struct CatalogusView {
    pub gemeente: GemeenteCode,
    pub catalogus: Arc<Catalogus>,
    /// The loaded version in force; `None` while Baken's default applies.
    pub in_force: Option<CatalogusVersieRecord>,
    pub geschiedenis: Vec<CatalogusVersieRecord>,
}

fn parsed(version: &CatalogusVersieRecord) -> ServiceResult<Arc<Catalogus>> {
    let key = (version.id, version.sha256.clone());
    if let Some(c) = PARSED.lock().expect("catalogue cache").get(&key) {
        return Ok(c.clone());
    }
    let catalogus =
        Arc::new(Catalogus::parse(&version.tekst).map_err(|e| {
            ServiceError::Internal(format!("stored catalogue does not parse: {e:?}"))
        })?);
    let mut cache = PARSED.lock().expect("catalogue cache");
    if cache.len() >= 256 {
        cache.clear();
    }
    cache.insert(key, catalogus.clone());
    Ok(catalogus)
}

impl Services {
    /// Baken's default catalogue (what `baken maatregelen catalogus` prints).
    pub fn standard_catalogue(&self) -> Arc<Catalogus> {
        STANDAARD.clone()
    }

    /// Loads a catalogue version for one or more municipalities. The document is checked
    /// completely first; nothing is stored when anything is wrong, and a version number is used
    /// once per municipality.
    pub async fn load_catalogue(
        &self,
        caller: &Caller,
        gemeenten: &[String],
        tekst: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<Vec<CatalogusVersieRecord>> {
        let mut errors = ValidationErrors::new();
        let catalogus = match Catalogus::parse(tekst) {
            Ok(c) => Some(c),
            Err(problems) => {
                for problem in problems {
                    errors.add("catalogus", problem);
                }
                None
            }
        };
        let codes = self
            .adopting_gemeenten(caller, gemeenten, &mut errors)
            .await?;
        errors.into_result()?;
        let catalogus = catalogus.expect("checked");
        let sha256 = hex::encode(Sha256::digest(tekst.as_bytes()));
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut loaded = Vec::new();
        for gemeente in codes {
            let record = CatalogusVersieRecord {
                id: Uuid::new_v4(),
                gemeente: gemeente.clone(),
                versie: catalogus.versie().to_string(),
                vastgesteld_op: catalogus.vastgesteld_op,
                tekst: tekst.to_string(),
                sha256: sha256.clone(),
                geladen_op: now,
                geladen_door: caller.actor_id(),
            };
            match tx.insert_catalogus(&record).await {
                Err(StoreError::Conflict(_)) => {
                    let mut errors = ValidationErrors::new();
                    errors.add_code(
                        "catalogus",
                        "bestaat-al",
                        format!(
                            "Gemeente {gemeente} heeft al een catalogus met versie '{}'; geef de nieuwe versie een eigen versienummer.",
                            record.versie
                        ),
                    );
                    return Err(ServiceError::Invalid(errors));
                }
                other => other?,
            }
            Audit {
                at: now,
                actor: caller.actor_id(),
                ctx,
            }
            .write(
                tx.as_mut(),
                AuditAction::CatalogusGeladen,
                Some(format!("gemeente:{gemeente}")),
                Outcome::Gelukt,
                json!({"versie": record.versie, "vastgesteldOp": record.vastgesteld_op.to_string(), "sha256": sha256}),
            )
            .await?;
            loaded.push(record);
        }
        tx.commit().await?;
        Ok(loaded)
    }

    /// The catalogue in force for a municipality today, with the loaded version it is (if any)
    /// and every loaded version.
    async fn catalogue_state(
        &self,
        tx: &mut dyn ReadTx,
        gemeente: &GemeenteCode,
    ) -> ServiceResult<(
        Arc<Catalogus>,
        Option<CatalogusVersieRecord>,
        Vec<CatalogusVersieRecord>,
    )> {
        let today = self.today();
        let history = tx.catalogus_versies(gemeente).await?;
        match history.iter().find(|v| v.vastgesteld_op <= today) {
            Some(v) => Ok((parsed(v)?, Some(v.clone()), history)),
            None => Ok((STANDAARD.clone(), None, history)),
        }
    }

    /// The catalogue in force for a municipality today.
    pub(crate) async fn catalogue_in_force(
        &self,
        tx: &mut dyn ReadTx,
        gemeente: &GemeenteCode,
    ) -> ServiceResult<Arc<Catalogus>> {
        Ok(self.catalogue_state(tx, gemeente).await?.0)
    }

    /// The catalogue an intervention was taken under (see [`Self::catalogue_version`]).
    pub(crate) async fn catalogue_of(
        &self,
        tx: &mut dyn ReadTx,
        record: &MaatregelRecord,
    ) -> ServiceResult<Arc<Catalogus>> {
        self.catalogue_version(tx, &record.gemeente, &record.catalogus_versie)
            .await
    }

    /// A municipality's catalogue of a given version: its loaded version of that number, or the
    /// default when that is the version named; the one in force otherwise.
    pub(crate) async fn catalogue_version(
        &self,
        tx: &mut dyn ReadTx,
        gemeente: &GemeenteCode,
        versie: &str,
    ) -> ServiceResult<Arc<Catalogus>> {
        let (in_force, _, history) = self.catalogue_state(tx, gemeente).await?;
        if in_force.versie() == versie {
            return Ok(in_force);
        }
        if let Some(v) = history.iter().find(|v| v.versie == versie) {
            return parsed(v);
        }
        if STANDAARD.versie() == versie {
            return Ok(STANDAARD.clone());
        }
        Ok(in_force)
    }

    /// Whether an instrument of a catalogue version is of the class `bibob`; the catalogues
    /// looked up are kept in `seen` for the next call of the same request.
    pub(crate) async fn is_bibob_instrument(
        &self,
        tx: &mut dyn ReadTx,
        (gemeente, instrument, versie): (&GemeenteCode, &str, &str),
        seen: &mut HashMap<(GemeenteCode, String), Arc<Catalogus>>,
    ) -> ServiceResult<bool> {
        let key = (gemeente.clone(), versie.to_string());
        let catalogus = match seen.get(&key) {
            Some(c) => c.clone(),
            None => {
                let c = self.catalogue_version(tx, gemeente, versie).await?;
                seen.insert(key, c.clone());
                c
            }
        };
        Ok(catalogus
            .instrument(instrument)
            .is_some_and(|i| i.klasse == baken_domain::dossier::Vertrouwelijkheid::Bibob))
    }

    /// The catalogue of a municipality the actor works for, for its page and the API; 404 for
    /// another municipality.
    pub async fn catalogue_view(
        &self,
        actor: &Actor,
        gemeente: Option<&GemeenteCode>,
    ) -> ServiceResult<CatalogusView> {
        let gemeente = match gemeente {
            Some(g) => g.clone(),
            None => actor
                .gemeenten
                .first()
                .cloned()
                .ok_or(ServiceError::Forbidden)?,
        };
        if !actor.may_access_gemeente(&gemeente) {
            return Err(ServiceError::NotFound);
        }
        let mut tx = self.store.begin_read().await?;
        let (catalogus, in_force, geschiedenis) =
            self.catalogue_state(tx.as_mut(), &gemeente).await?;
        Ok(CatalogusView {
            gemeente,
            catalogus,
            in_force,
            geschiedenis,
        })
    }

    /// For the operator (command line): the catalogue in force for a municipality and every
    /// loaded version.
    pub async fn catalogue_history(&self, gemeente: &str) -> ServiceResult<CatalogusView> {
        let gemeente = GemeenteCode::parse(gemeente).map_err(|e| {
            let mut errors = ValidationErrors::new();
            errors.add_code("gemeente", "formaat", e);
            ServiceError::Invalid(errors)
        })?;
        let mut tx = self.store.begin_read().await?;
        let (catalogus, in_force, geschiedenis) =
            self.catalogue_state(tx.as_mut(), &gemeente).await?;
        Ok(CatalogusView {
            gemeente,
            catalogus,
            in_force,
            geschiedenis,
        })
    }
}
