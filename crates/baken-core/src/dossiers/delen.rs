//! The parts of a dossier's page beside the dossier itself, read together: the protocol's work
//! on it, the requests to join it, the case a signal went into, its tasks and its interventions.
//! One read transaction and one log write for all of them, instead of one of each per part (the
//! page became twice as slow on PostgreSQL when each part had its own; BENCHMARKS.md).

use super::toegang::Toegangsverzoek;
use super::werk::DossierWerk;
use crate::Services;
use crate::casussen::{Casus, Taak};
use crate::error::ServiceResult;
use crate::maatregelen::Maatregel;
use baken_domain::Actor;
use baken_domain::dossier::{DossierAccess, DossierSoort, dossier_access};
use baken_store::DossierRecord;
use uuid::Uuid;

/// What a dossier's page shows beside the dossier. Empty for a viewer without full access but
/// the viewer's own requests to join.
#[derive(Debug, Clone, Default)]
pub struct DossierDelen {
    pub werk: DossierWerk,
    pub toegangsverzoeken: Vec<Toegangsverzoek>,
    /// The case a signal went into (id and number), when the viewer sees that case in full.
    pub in_casus: Option<(Uuid, String)>,
    /// A signal's tasks (a case's come with the case).
    pub taken: Vec<Taak>,
    /// A case dossier's case: its record, linked signals, tasks and phases.
    pub casus: Option<Casus>,
    pub maatregelen: Vec<Maatregel>,
    /// What the BAG says of addresses the team consulted it about for content (entity, facts).
    pub bag_feiten: Vec<(Uuid, String)>,
}

impl Services {
    /// The parts of the page of a dossier the viewer has just read (with [`Services::signal`]);
    /// the tasks and interventions shown are in the access log.
    pub async fn dossier_delen(
        &self,
        actor: &Actor,
        dossier: &DossierRecord,
        context: &str,
    ) -> ServiceResult<DossierDelen> {
        let mut tx = self.store.begin_read().await?;
        let toegangsverzoeken = self.join_requests_in(tx.as_mut(), actor, dossier).await?;
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Ok(DossierDelen {
                toegangsverzoeken,
                ..DossierDelen::default()
            });
        }
        let werk = self.dossier_work_in(tx.as_mut(), actor, dossier).await?;
        let (in_casus, taken, casus) = match dossier.soort {
            DossierSoort::Signaal => (
                Self::case_of_signal_in(tx.as_mut(), actor, dossier).await?,
                self.tasks_in(tx.as_mut(), actor, dossier).await?,
                None,
            ),
            DossierSoort::Casus => match tx.casus(dossier.id).await? {
                Some(record) => (
                    None,
                    Vec::new(),
                    Some(
                        self.case_in(tx.as_mut(), actor, dossier.clone(), record)
                            .await?,
                    ),
                ),
                None => (None, Vec::new(), None),
            },
        };
        let maatregelen = self.interventions_in(tx.as_mut(), actor, dossier).await?;
        let bag_feiten =
            crate::raadplegingen::bag_feiten_in(tx.as_mut(), (dossier.id, &dossier.gemeente))
                .await?;
        drop(tx);
        let mut logged: Vec<(&str, Uuid, Option<Uuid>)> =
            casus.as_ref().map(Self::case_reads).unwrap_or_default();
        logged.extend(
            taken
                .iter()
                .map(|t| ("taak", t.record.id, Some(dossier.id)))
                .chain(
                    maatregelen
                        .iter()
                        .map(|m| ("maatregel", m.record.id, Some(dossier.id))),
                ),
        );
        self.log_access(actor, &logged, context).await?;
        Ok(DossierDelen {
            werk,
            toegangsverzoeken,
            in_casus,
            taken,
            casus,
            maatregelen,
            bag_feiten,
        })
    }
}
