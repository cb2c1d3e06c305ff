//! What the protocol in force means on a dossier's page: the statuses it allows from here, the
//! weighing whose criteria the next step asks, the privacy checks that can be requested and the
//! requests made, and — once the signal is closed — when and how it ends.

use super::*;
use crate::Services;
use crate::error::ServiceResult;
use crate::toetsaanvragen::Toetsaanvraag;
use baken_domain::Actor;
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::protocol::{BewaarActie, Duur, Weging};
use baken_domain::signaal::SignaalStatus;
use time::Date;

/// When and how a closed signal ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bewaring {
    pub uitkomst: SignaalStatus,
    pub afgesloten_op: Date,
    /// The rule of the protocol in force: duration (ISO 8601) and action.
    pub duur: String,
    pub actie: BewaarActie,
    /// The day the action is due.
    pub op: Date,
    /// A legal hold keeps it until lifted.
    pub vastgehouden: bool,
    /// Already carried out (`vernietigd`, `geanonimiseerd`, `gearchiveerd`).
    pub afgehandeld: Option<String>,
}

/// The protocol's work on one dossier.
#[derive(Debug, Clone, Default)]
pub struct DossierWerk {
    pub protocol_versie: String,
    /// The statuses the protocol allows from the current one.
    pub vervolg: Vec<SignaalStatus>,
    /// The weighing the next step records, with its criteria.
    pub weging: Option<Weging>,
    /// The privacy checks of the protocol: code, name, approver's role.
    pub toetsen: Vec<(String, String, String)>,
    pub aanvragen: Vec<Toetsaanvraag>,
    pub bewaring: Option<Bewaring>,
}

impl Services {
    /// The protocol's work on a dossier the viewer has just read (and whose read is logged):
    /// nothing for a viewer without full access.
    pub async fn dossier_work(
        &self,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<DossierWerk> {
        let mut tx = self.store.begin_read().await?;
        self.dossier_work_in(tx.as_mut(), actor, dossier).await
    }

    /// [`Services::dossier_work`] inside a read the caller holds.
    pub(crate) async fn dossier_work_in(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        dossier: &DossierRecord,
    ) -> ServiceResult<DossierWerk> {
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Ok(DossierWerk::default());
        }
        let (protocol, _, _) = self.protocol_in_force(tx, &dossier.gemeente).await?;
        let bewaring = if dossier.soort == baken_domain::dossier::DossierSoort::Signaal
            && dossier.status.is_closed()
        {
            match tx.bewaring(dossier.id).await? {
                Some(record) => record.afgesloten_op.and_then(|at| {
                    let rule = protocol.bewaartermijn("signaal", dossier.status)?;
                    let start = baken_domain::tijd::today_nl(at);
                    let op = Duur::parse(&rule.duur).ok()?.na(start);
                    Some(Bewaring {
                        uitkomst: dossier.status,
                        afgesloten_op: start,
                        duur: rule.duur.clone(),
                        actie: rule.actie,
                        op,
                        vastgehouden: record.blokkade_reden.is_some(),
                        afgehandeld: record.afgehandeld.clone(),
                    })
                }),
                None => None,
            }
        } else {
            None
        };
        let aanvragen = self.check_requests_in(tx, actor, dossier).await?;
        Ok(DossierWerk {
            protocol_versie: protocol.versie().to_string(),
            vervolg: protocol
                .overgangen_van(dossier.status)
                .map(|o| o.naar)
                .collect(),
            weging: protocol.weging_vanuit(dossier.status).cloned(),
            toetsen: protocol
                .document
                .privacytoetsen
                .iter()
                .map(|t| {
                    (
                        t.code.clone(),
                        t.naam.clone(),
                        t.goedkeurder.label().to_lowercase(),
                    )
                })
                .collect(),
            aanvragen,
            bewaring,
        })
    }
}
