//! The backlog: a page of a municipality's signals over what the viewer may see, and who can be
//! assigned work.

use super::*;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, dossier_access};
use baken_domain::signaal::{Bron, Fenomeen, SignaalStatus};
use baken_domain::{Actor, GemeenteCode, Permission, UserId, ValidationErrors};
use baken_store::{DossierFilter, DossierSort};
use time::Duration;
use uuid::Uuid;

impl Services {
    /// A page of the backlog of one municipality (the actor's active one by default).
    pub async fn backlog(
        &self,
        actor: &Actor,
        default_gemeente: Option<&GemeenteCode>,
        query: &BacklogQuery,
    ) -> ServiceResult<BacklogPagina> {
        Self::require_reader(actor)?;
        let mut errors = ValidationErrors::new();
        let gemeente = match optional_text(&query.gemeente) {
            Some(code) => errors.check("gemeente", GemeenteCode::parse(&code)),
            None => default_gemeente
                .cloned()
                .or_else(|| actor.gemeenten.first().cloned()),
        };
        if let Some(g) = &gemeente
            && !actor.may_access_gemeente(g)
        {
            errors.add("gemeente", "U werkt niet voor deze gemeente.");
        }
        let status = optional_text(&query.status)
            .and_then(|v| errors.check("status", SignaalStatus::parse(&v)));
        let bron = optional_text(&query.bron).and_then(|v| errors.check("bron", Bron::parse(&v)));
        let fenomeen = optional_text(&query.fenomeen)
            .and_then(|v| errors.check("fenomeen", Fenomeen::parse(&v)));
        let toegewezen_aan = match optional_text(&query.toegewezen_aan).as_deref() {
            None => None,
            Some("mij") => Some(actor.user_id),
            Some(v) => errors.check(
                "toegewezenAan",
                Uuid::parse_str(v)
                    .map(UserId)
                    .map_err(|_| "Onbekende medewerker.".to_string()),
            ),
        };
        let today = self.today();
        let days = |field: &str, value: &Option<String>, errors: &mut ValidationErrors| {
            optional_text(value).and_then(|v| match v.parse::<i64>() {
                Ok(n) if (0..=36_500).contains(&n) => Some(today - Duration::days(n)),
                _ => {
                    errors.add(field, "Vul een aantal dagen in (0 of meer).");
                    None
                }
            })
        };
        let ontvangen_tot = days("ouderDanDagen", &query.ouder_dan_dagen, &mut errors);
        let ontvangen_vanaf = days("jongerDanDagen", &query.jonger_dan_dagen, &mut errors);
        let sort = match optional_text(&query.sortering).as_deref() {
            None | Some("nieuwste") => DossierSort::NieuwsteEerst,
            Some("oudste") => DossierSort::OudsteEerst,
            Some(_) => {
                errors.add("sortering", "Kies nieuwste of oudste.");
                DossierSort::NieuwsteEerst
            }
        };
        let na = optional_text(&query.na).and_then(|cursor| {
            let parsed = cursor
                .split_once('.')
                .and_then(|(key, id)| Some((key.parse::<i64>().ok()?, Uuid::parse_str(id).ok()?)));
            if parsed.is_none() {
                errors.add("na", "Ongeldige vervolgpagina.");
            }
            parsed
        });
        let limit = match optional_text(&query.limiet) {
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (1..=BACKLOG_MAX).contains(&n) => n,
                _ => {
                    errors.add(
                        "limiet",
                        format!("Kies een limiet van 1 tot en met {BACKLOG_MAX}."),
                    );
                    BACKLOG_DEFAULT
                }
            },
            None => BACKLOG_DEFAULT,
        };
        let Some(gemeente) = gemeente else {
            errors.add("gemeente", "Kies een gemeente.");
            return Err(ServiceError::Invalid(errors));
        };
        errors.into_result()?;
        let filter = DossierFilter {
            gemeente,
            status,
            bron,
            fenomeen,
            toegewezen_aan,
            ontvangen_vanaf,
            ontvangen_tot,
            sort,
            na,
            limit: limit + 1,
        };
        let mut tx = self.store.begin_read().await?;
        // Access is decided before paging, so that the page, whether a next page exists and its
        // cursor are computed over what the actor may see. Filters on what an index line does not
        // show (source, assignee) only match dossiers the actor sees in full.
        let content_filter = filter.bron.is_some() || filter.toegewezen_aan.is_some();
        let mut regels: Vec<BacklogRegel> = Vec::new();
        let mut filter = filter;
        let mut more = false;
        'pages: loop {
            let rows = tx.list_dossiers(&filter).await?;
            let exhausted = (rows.len() as i64) < filter.limit;
            filter.na = rows.last().map(|d| (backlog_key(d), d.id));
            for dossier in rows {
                let toegang = dossier_access(actor, &dossier.facts());
                if toegang == DossierAccess::None
                    || (content_filter && toegang != DossierAccess::Full)
                {
                    continue;
                }
                if regels.len() as i64 == limit {
                    more = true;
                    break 'pages;
                }
                regels.push(BacklogRegel {
                    dossier: index_line(dossier, toegang),
                    toegang,
                });
            }
            if exhausted {
                break;
            }
            filter.limit = (filter.limit * 2).min(SEARCH_BATCH_MAX);
        }
        let volgende = if more {
            regels
                .last()
                .map(|r| format!("{}.{}", backlog_key(&r.dossier), r.dossier.id))
        } else {
            None
        };
        // Collected before the await: the iterator borrows the lines.
        let people = owners_and_assignees(regels.iter().map(|r| &r.dossier));
        let namen = self.names(tx.as_mut(), people).await?;
        Ok(BacklogPagina {
            regels,
            volgende,
            namen,
        })
    }

    /// Users who may be assigned signals in a municipality (for forms).
    pub async fn assignable_users(
        &self,
        actor: &Actor,
        gemeente: &GemeenteCode,
    ) -> ServiceResult<Vec<(UserId, String)>> {
        // Who works in the team is for those who work in it (the intake form, the team page) and
        // the privacy officer (the processing log's user filter); not for the mayor.
        Self::require_reader(actor)?;
        if !actor.may_access_gemeente(gemeente) {
            return Err(ServiceError::NotFound);
        }
        let mut tx = self.store.begin_read().await?;
        Ok(tx
            .list_users()
            .await?
            .into_iter()
            .filter(|u| u.active && u.gemeenten.contains(gemeente))
            .filter(|u| crate::accounts::actor_of(u).may(Permission::WorkDossiers))
            .map(|u| (u.id, u.name.to_string()))
            .collect())
    }
}
