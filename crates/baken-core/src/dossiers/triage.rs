//! The coordinator's triage view: every open signal of all the coordinator's municipalities at
//! once, with its age since receipt and since the last activity, counts per status, and the
//! workload per person, so that work can be assigned from the list.

use super::*;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::signaal::SignaalStatus;
use baken_domain::{Actor, GemeenteCode, Role, UserId};
use baken_store::{DossierFilter, DossierSort};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// How many open signals per municipality and status the view lists (the count says when there
/// are more).
pub const TRIAGE_PER_STATUS: i64 = 200;

/// The statuses in which a signal still waits for the team, in the order of the work.
pub const OPEN_STATUSES: [SignaalStatus; 5] = [
    SignaalStatus::Ontvangen,
    SignaalStatus::Intake,
    SignaalStatus::Weging,
    SignaalStatus::Bronnenonderzoek,
    SignaalStatus::Monitoren,
];

/// One open signal in the triage view.
#[derive(Debug, Clone)]
pub struct TriageRegel {
    pub dossier: DossierRecord,
    /// Whole days since the signal was received.
    pub dagen_sinds_ontvangst: i64,
    /// Whole days since the last change or journal entry.
    pub dagen_stil: i64,
    pub laatste_activiteit: OffsetDateTime,
    /// A monitored signal whose re-weigh date has come: back on the queue, at the top.
    pub opnieuw_wegen: bool,
}

/// The count of open signals of one municipality in one status.
#[derive(Debug, Clone)]
pub struct StatusTelling {
    pub gemeente: GemeenteCode,
    pub status: SignaalStatus,
    pub aantal: usize,
    /// More than [`TRIAGE_PER_STATUS`]: `aantal` is a lower bound.
    pub meer: bool,
}

/// The triage view.
#[derive(Debug, Clone)]
pub struct Triage {
    /// Oldest received first.
    pub regels: Vec<TriageRegel>,
    pub tellingen: Vec<StatusTelling>,
    /// Open signals assigned per person (name), most first; unassigned under `None`.
    pub werkvoorraad: Vec<(Option<UserId>, usize)>,
    pub namen: BTreeMap<UserId, String>,
    /// Per municipality: who may be assigned its signals.
    pub medewerkers: BTreeMap<GemeenteCode, Vec<(UserId, String)>>,
}

impl Services {
    /// The triage view over all the coordinator's municipalities. Only coordinators: they see
    /// every signal of their municipalities in full, so counts and lines hide nothing they may
    /// not know.
    pub async fn triage(&self, actor: &Actor) -> ServiceResult<Triage> {
        if !actor.has_role(Role::Coordinator) {
            return Err(ServiceError::Forbidden);
        }
        let now = self.clock.now();
        let today = self.today();
        let mut tx = self.store.begin_read().await?;
        let mut regels = Vec::new();
        let mut tellingen = Vec::new();
        for gemeente in &actor.gemeenten {
            for status in OPEN_STATUSES {
                let rows = tx
                    .list_dossiers(&DossierFilter {
                        gemeente: gemeente.clone(),
                        status: Some(status),
                        bron: None,
                        fenomeen: None,
                        toegewezen_aan: None,
                        ontvangen_vanaf: None,
                        ontvangen_tot: None,
                        sort: DossierSort::OudsteEerst,
                        na: None,
                        limit: TRIAGE_PER_STATUS + 1,
                    })
                    .await?;
                let meer = rows.len() as i64 > TRIAGE_PER_STATUS;
                let rows: Vec<DossierRecord> =
                    rows.into_iter().take(TRIAGE_PER_STATUS as usize).collect();
                tellingen.push(StatusTelling {
                    gemeente: gemeente.clone(),
                    status,
                    aantal: rows.len(),
                    meer,
                });
                for dossier in rows {
                    let laatste = tx
                        .last_chain(dossier.id)
                        .await?
                        .map_or(dossier.gewijzigd_op, |c| {
                            c.geregistreerd_op.max(dossier.gewijzigd_op)
                        });
                    let opnieuw_wegen = dossier.status == SignaalStatus::Monitoren
                        && dossier.herbeoordelen_op.is_some_and(|d| d <= today);
                    regels.push(TriageRegel {
                        opnieuw_wegen,
                        dagen_sinds_ontvangst: (today - dossier.ontvangstdatum).whole_days(),
                        dagen_stil: (now - laatste).whole_days(),
                        laatste_activiteit: laatste,
                        dossier,
                    });
                }
            }
        }
        // What is due again comes first; then the oldest received.
        regels.sort_by_key(|r| (!r.opnieuw_wegen, r.dossier.sorteer_sleutel(), r.dossier.id));
        let mut per_persoon: BTreeMap<Option<UserId>, usize> = BTreeMap::new();
        for r in &regels {
            *per_persoon.entry(r.dossier.toegewezen_aan).or_default() += 1;
        }
        let mut werkvoorraad: Vec<(Option<UserId>, usize)> = per_persoon.into_iter().collect();
        werkvoorraad.sort_by_key(|(u, n)| (std::cmp::Reverse(*n), u.is_none()));
        // Collected before the await: the iterator borrows the lines.
        let people = owners_and_assignees(regels.iter().map(|r| &r.dossier));
        let namen = self.names(tx.as_mut(), people).await?;
        drop(tx);
        let mut medewerkers = BTreeMap::new();
        for gemeente in &actor.gemeenten {
            medewerkers.insert(
                gemeente.clone(),
                self.assignable_users(actor, gemeente).await?,
            );
        }
        Ok(Triage {
            regels,
            tellingen,
            werkvoorraad,
            namen,
            medewerkers,
        })
    }
}
