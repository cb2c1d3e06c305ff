//! The deadline overview: a person's own open deadlines, or (for a coordinator) the team's, grouped
//! as overdue, this week and later. Built from the stored deadline rows in one indexed query.

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::{Actor, Role, UserId};
use baken_store::TermijnRecord;
use std::collections::BTreeMap;
use time::{Date, Duration};

/// The most deadlines one overview lists; beyond, the page says so.
const MAX_REGELS: i64 = 500;
/// How many open deadlines are read to fill it: what the caller may not see is filtered out before
/// counting, so whether the list is cut off does not depend on hidden lines (up to this bound).
const MAX_GELEZEN: i64 = 10_000;

/// One line of the overview, with the names a page shows.
#[derive(Debug, Clone)]
pub struct TermijnRegel {
    pub termijn: TermijnRecord,
    pub dossier_nummer: String,
    pub verantwoordelijke: String,
}

/// The overview, grouped.
#[derive(Debug, Clone, Default)]
pub struct Termijnenoverzicht {
    pub verlopen: Vec<TermijnRegel>,
    pub deze_week: Vec<TermijnRegel>,
    pub later: Vec<TermijnRegel>,
    /// More than the overview lists.
    pub afgekapt: bool,
    pub vandaag: Option<Date>,
}

impl Services {
    /// Open deadlines up to `weken` weeks ahead: the actor's own, or with `team` the whole team's
    /// in the actor's municipalities (coordinators only; others get 403).
    pub async fn deadline_overview(
        &self,
        actor: &Actor,
        team: bool,
        weken: u16,
        context: &str,
    ) -> ServiceResult<Termijnenoverzicht> {
        Self::require_work(actor)?;
        if team && !actor.has_role(Role::Coordinator) {
            return Err(ServiceError::Forbidden);
        }
        let vandaag = baken_domain::tijd::today_nl(self.clock.now());
        let tot = vandaag + Duration::weeks(i64::from(weken.clamp(1, 104)));
        let mut tx = self.store.begin_read().await?;
        let rows = tx
            .open_termijnen(
                &actor.gemeenten,
                (!team).then_some(actor.user_id),
                tot,
                MAX_GELEZEN,
            )
            .await?;
        // One query for the dossiers and one for the names, not one per line. Only dossiers the
        // actor sees in full: a deadline names the intervention.
        let mut ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.dossier_id).collect();
        ids.sort();
        ids.dedup();
        let nummers: BTreeMap<uuid::Uuid, String> = tx
            .dossiers_by_ids(&ids)
            .await?
            .into_iter()
            .filter(|d| dossier_access(actor, &d.facts()) == DossierAccess::Full)
            .map(|d| (d.id, d.nummer))
            .collect();
        let rows: Vec<TermijnRecord> = rows
            .into_iter()
            .filter(|r| nummers.contains_key(&r.dossier_id))
            .collect();
        let rows = self.knowable_deadlines(tx.as_mut(), actor, rows).await?;
        let afgekapt = rows.len() as i64 > MAX_REGELS;
        let rows: Vec<TermijnRecord> = rows.into_iter().take(MAX_REGELS as usize).collect();
        let mut people: Vec<UserId> = rows.iter().map(|r| r.verantwoordelijke).collect();
        people.sort_by_key(|u| u.0);
        people.dedup();
        let namen: BTreeMap<UserId, String> = tx.user_names(&people).await?.into_iter().collect();
        drop(tx);
        let logged: Vec<(&str, uuid::Uuid, Option<uuid::Uuid>)> = rows
            .iter()
            .map(|r| ("termijn", r.id, Some(r.dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        let einde_week =
            vandaag + Duration::days(i64::from(7 - vandaag.weekday().number_from_monday()));
        let mut overzicht = Termijnenoverzicht {
            afgekapt,
            vandaag: Some(vandaag),
            ..Termijnenoverzicht::default()
        };
        for termijn in rows {
            let regel = TermijnRegel {
                dossier_nummer: nummers
                    .get(&termijn.dossier_id)
                    .cloned()
                    .unwrap_or_default(),
                verantwoordelijke: namen
                    .get(&termijn.verantwoordelijke)
                    .cloned()
                    .unwrap_or_default(),
                termijn,
            };
            if regel.termijn.einddatum < vandaag {
                overzicht.verlopen.push(regel);
            } else if regel.termijn.einddatum <= einde_week {
                overzicht.deze_week.push(regel);
            } else {
                overzicht.later.push(regel);
            }
        }
        Ok(overzicht)
    }
}
