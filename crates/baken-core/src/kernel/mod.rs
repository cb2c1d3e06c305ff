//! The shared kernel of the services: what every capability needs and none owns — the clock's
//! day, the role checks every read starts with, display names. Its parts: `journal` (appending to a
//! dossier's hash chain, signed) and `logs` (the access and processing logs, written before data
//! leaves a service).

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::{Actor, Permission, UserId};
use baken_store::ReadTx;
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// A text field with content, trimmed; `None` when empty.
pub(crate) fn optional_text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

pub(crate) mod journal;
pub(crate) mod logs;

impl Services {
    pub(crate) fn today(&self) -> Date {
        baken_domain::tijd::nl_local(self.clock.now()).date()
    }

    /// A dossier the actor may see in full; otherwise not found (a denial that reveals nothing).
    pub(crate) async fn full_dossier(
        tx: &mut dyn ReadTx,
        actor: &Actor,
        id: uuid::Uuid,
    ) -> ServiceResult<baken_store::DossierRecord> {
        let dossier = tx.dossier(id).await?.ok_or(ServiceError::NotFound)?;
        if baken_domain::dossier::dossier_access(actor, &dossier.facts())
            != baken_domain::dossier::DossierAccess::Full
        {
            return Err(ServiceError::NotFound);
        }
        Ok(dossier)
    }

    pub(crate) fn require_work(actor: &Actor) -> ServiceResult<()> {
        if actor.may(Permission::WorkDossiers) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// Roles that read dossiers: the team's roles and the privacy officer. The mayor and the
    /// administrator have no backlog and no search.
    pub(crate) fn require_reader(actor: &Actor) -> ServiceResult<()> {
        if actor.may(Permission::WorkDossiers)
            || actor.has_role(baken_domain::Role::Privacyfunctionaris)
        {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    pub(crate) async fn names(
        &self,
        tx: &mut dyn ReadTx,
        ids: impl IntoIterator<Item = UserId>,
    ) -> ServiceResult<BTreeMap<UserId, String>> {
        let ids: Vec<UserId> = ids
            .into_iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let names: BTreeMap<UserId, String> = tx.user_names(&ids).await?.into_iter().collect();
        Ok(names)
    }
}
