//! The deadline overview: a person's own open deadlines, or (for a coordinator) the team's, grouped
//! as overdue, this week and later, a page at a time (earliest first). Built from the stored
//! deadline rows with one indexed keyset query that brings each line's dossier facts along.

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, DossierSoort, dossier_access};
use baken_domain::{Actor, Role, UserId, ValidationErrors};
use baken_store::{OpenTermijnRecord, OpenTermijnen, TermijnRecord};
use std::collections::BTreeMap;
use time::{Date, Duration};
use uuid::Uuid;

/// Lines per page unless asked otherwise, and the most one page lists.
pub const TERMIJNEN_PER_PAGINA: usize = 100;
pub const TERMIJNEN_MAX_PAGINA: usize = 500;
/// How many open deadlines one page reads at most to fill itself: what the caller may not see is
/// left out before counting, so whether there is a next page does not depend on hidden lines (up
/// to this bound).
const MAX_GELEZEN: i64 = 10_000;

/// Which deadlines: the team's or the actor's own, how far ahead, from where, how many.
#[derive(Debug, Clone)]
pub struct TermijnenVraag {
    pub team: bool,
    /// Weeks ahead (1 to 104).
    pub weken: u16,
    /// The cursor of the previous page (`volgende`).
    pub na: Option<String>,
    pub limiet: usize,
}

impl Default for TermijnenVraag {
    fn default() -> Self {
        TermijnenVraag {
            team: false,
            weken: 8,
            na: None,
            limiet: TERMIJNEN_PER_PAGINA,
        }
    }
}

/// One line of the overview, with the names a page shows.
#[derive(Debug, Clone)]
pub struct TermijnRegel {
    pub termijn: TermijnRecord,
    pub dossier_nummer: String,
    /// A signal's or a case's deadline (the page links to the one or the other).
    pub dossier_soort: DossierSoort,
    pub verantwoordelijke: String,
}

/// One page of the overview, grouped.
#[derive(Debug, Clone, Default)]
pub struct Termijnenoverzicht {
    pub verlopen: Vec<TermijnRegel>,
    pub deze_week: Vec<TermijnRegel>,
    pub later: Vec<TermijnRegel>,
    /// The cursor of the next page (`na`); absent on the last.
    pub volgende: Option<String>,
    pub vandaag: Option<Date>,
}

fn cursor(t: &TermijnRecord) -> String {
    format!("{}.{}", t.einddatum, t.id)
}

fn parse_cursor(value: &str) -> Option<(Date, Uuid)> {
    let (datum, id) = value.trim().split_once('.')?;
    Some((
        baken_domain::entiteit::parse_date(datum).ok()?,
        Uuid::parse_str(id).ok()?,
    ))
}

impl Services {
    /// Open deadlines up to `weken` weeks ahead: the actor's own, or with `team` the whole team's
    /// in the actor's municipalities (coordinators only; others get 403); one page of `limiet`
    /// lines after the cursor `na`.
    pub async fn deadline_overview(
        &self,
        actor: &Actor,
        vraag: &TermijnenVraag,
        context: &str,
    ) -> ServiceResult<Termijnenoverzicht> {
        Self::require_work(actor)?;
        if vraag.team && !actor.has_role(Role::Coordinator) {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let na = match vraag.na.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => {
                let parsed = parse_cursor(v);
                if parsed.is_none() {
                    errors.add_code("na", "formaat", "Ongeldige vervolgpagina.");
                }
                parsed
            }
        };
        if !(1..=TERMIJNEN_MAX_PAGINA).contains(&vraag.limiet) {
            errors.add_code(
                "limiet",
                "formaat",
                format!("Kies een limiet van 1 tot en met {TERMIJNEN_MAX_PAGINA}."),
            );
        }
        errors.into_result()?;
        let limiet = vraag.limiet;
        let vandaag = baken_domain::tijd::today_nl(self.clock.now());
        let tot = vandaag + Duration::weeks(i64::from(vraag.weken.clamp(1, 104)));
        let mut tx = self.store.begin_read().await?;
        // Read a page at a time, earliest first, keeping what the actor may see, until one more
        // line than the page lists is found (so "there is a next page" counts visible lines only)
        // or all are read (up to a bound).
        let mut rows: Vec<OpenTermijnRecord> = Vec::new();
        let mut na = na;
        let mut gelezen = 0;
        let mut want = limiet as i64 + 1;
        while rows.len() <= limiet && gelezen < MAX_GELEZEN {
            let want_now = want.min(MAX_GELEZEN - gelezen);
            let page = tx
                .open_termijnen(&OpenTermijnen {
                    gemeenten: &actor.gemeenten,
                    verantwoordelijke: (!vraag.team).then_some(actor.user_id),
                    tot,
                    na,
                    limit: want_now,
                })
                .await?;
            gelezen += page.len() as i64;
            // A page shorter than asked for is the last there is.
            let vol = page.len() as i64 == want_now;
            na = page.last().map(|t| (t.termijn.einddatum, t.termijn.id));
            // Only dossiers the actor sees in full: a deadline names the intervention.
            let page: Vec<OpenTermijnRecord> = page
                .into_iter()
                .filter(|r| dossier_access(actor, &r.dossier) == DossierAccess::Full)
                .collect();
            rows.extend(self.knowable_deadlines(tx.as_mut(), actor, page).await?);
            if !vol {
                break;
            }
            want = (want * 2).min(1_000);
        }
        let more = rows.len() > limiet;
        rows.truncate(limiet);
        let volgende = more
            .then(|| rows.last().map(|r| cursor(&r.termijn)))
            .flatten();
        let mut people: Vec<UserId> = rows.iter().map(|r| r.termijn.verantwoordelijke).collect();
        people.sort_by_key(|u| u.0);
        people.dedup();
        let namen: BTreeMap<UserId, String> = tx.user_names(&people).await?.into_iter().collect();
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = rows
            .iter()
            .map(|r| ("termijn", r.termijn.id, Some(r.termijn.dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        let einde_week =
            vandaag + Duration::days(i64::from(7 - vandaag.weekday().number_from_monday()));
        let mut overzicht = Termijnenoverzicht {
            volgende,
            vandaag: Some(vandaag),
            ..Termijnenoverzicht::default()
        };
        for row in rows {
            let regel = TermijnRegel {
                dossier_nummer: row.dossier_nummer,
                dossier_soort: row.dossier_soort,
                verantwoordelijke: namen
                    .get(&row.termijn.verantwoordelijke)
                    .cloned()
                    .unwrap_or_default(),
                termijn: row.termijn,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back() {
        let t = TermijnRecord {
            id: Uuid::new_v4(),
            dossier_id: Uuid::new_v4(),
            maatregel_id: None,
            gemeente: baken_domain::GemeenteCode::parse("GM0534").unwrap(),
            soort: "bezwaartermijn".into(),
            omschrijving: "Bezwaar".into(),
            aan: "betrokkene".into(),
            einddatum: time::macros::date!(2027 - 03 - 01),
            voldaan: false,
            verantwoordelijke: UserId::new(),
        };
        assert_eq!(parse_cursor(&cursor(&t)), Some((t.einddatum, t.id)));
        assert_eq!(parse_cursor("2027-03-01"), None);
        assert_eq!(parse_cursor("gisteren.x"), None);
    }
}
