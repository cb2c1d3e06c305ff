//! Meetings (overleggen): the signal meeting whose agenda is drawn from the signals that await
//! weighing (and those whose monitoring date has come), oldest first; case meetings, the RIEC case
//! meeting and the triangle. The chair (or a coordinator) keeps the agenda, records a decision per
//! item (the protocol's transition in that dossier, see `agenda`), the attendees (colleagues and
//! named participants from outside) and action items, which are tasks on their owner's list.
//!
//! What a reader sees of a meeting is filtered per dossier: an item the reader may not know of is
//! left out (not counted), an item known by its index line shows its number and status only. The
//! minutes are the same view, so every attendee's copy shows what the protocol lets them see.

mod agenda;
mod verslag;

pub use agenda::{ActiepuntInvoer, BesluitInvoer};

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::casussen::Taak;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::{DossierAccess, DossierSoort, dossier_access};
use baken_domain::overleg::{self, Deelnemer, OverlegSoort, OverlegStatus};
use baken_domain::signaal::{Fenomeen, SignaalStatus};
use baken_domain::{Actor, GemeenteCode, Role, UserId, ValidationErrors};
use baken_store::{AgendapuntRecord, DossierFilter, DossierRecord, DossierSort, OverlegRecord, Tx};
use serde_json::json;
use time::Date;
use uuid::Uuid;

const MAX_TITEL: usize = 200;
const MAX_VERSLAG: usize = 20_000;
/// The most items an agenda draws at once.
const AGENDA_MAX: i64 = 100;
/// How many meetings the list shows.
const LIJST_MAX: i64 = 200;

/// A meeting as the pages and the API plan it.
#[derive(Debug, Clone, Default)]
pub struct OverlegInvoer {
    pub soort: String,
    /// `JJJJ-MM-DD`.
    pub datum: String,
    /// A title; the kind and date when empty.
    pub titel: Option<String>,
    /// The actor's active municipality when not given.
    pub gemeente: Option<String>,
    /// The actor when not given.
    pub voorzitter: Option<UserId>,
    /// Colleagues who attend (the chair always does).
    pub deelnemers: Vec<UserId>,
    /// Participants from outside: `Naam (Organisatie)` per line.
    pub externen: Vec<String>,
}

/// A change of a meeting; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OverlegWijziging {
    pub titel: Option<String>,
    pub datum: Option<String>,
    pub voorzitter: Option<UserId>,
    pub deelnemers: Option<Vec<UserId>>,
    pub externen: Option<Vec<String>>,
    /// General notes (not about a dossier: those go in its journal).
    pub verslag: Option<String>,
    /// `afgerond` closes the meeting (the agenda is then fixed).
    pub status: Option<String>,
    pub versie: Option<i64>,
}

/// An item on the agenda as a reader may see it.
#[derive(Debug, Clone)]
pub struct Agendapunt {
    pub record: AgendapuntRecord,
    pub nummer: String,
    pub soort: DossierSoort,
    /// The dossier's status now, in words (a case's phase for a case).
    pub status: String,
    pub ontvangen: Date,
    pub fenomenen: Vec<Fenomeen>,
    /// `Full` or `Index`: with an index line, the decision's motivation is not shown.
    pub toegang: DossierAccess,
    /// The decision in words.
    pub besluit: Option<String>,
    /// The decisions the protocol allows from the dossier's status (for the chair's form).
    pub keuzes: Vec<(String, String)>,
    /// The criteria of the weighing the protocol records with a decision from this status.
    pub criteria: Vec<String>,
}

/// A meeting with what its page and minutes show to this reader.
#[derive(Debug, Clone)]
pub struct Overleg {
    pub record: OverlegRecord,
    pub voorzitter: String,
    pub punten: Vec<Agendapunt>,
    /// Action items: those of dossiers the reader sees in full and those without a dossier.
    pub actiepunten: Vec<Taak>,
    /// The reader chairs it (or coordinates): may keep the agenda and decide.
    pub mag_voorzitten: bool,
}

/// A line of the list of meetings.
#[derive(Debug, Clone)]
pub struct OverlegRegel {
    pub record: OverlegRecord,
    pub voorzitter: String,
}

fn titel(value: Option<&str>, errors: &mut ValidationErrors) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if v.chars().count() > MAX_TITEL || v.chars().any(char::is_control) {
        errors.add_code(
            "titel",
            "te-lang",
            format!("Hoogstens {MAX_TITEL} tekens, op één regel."),
        );
        return None;
    }
    Some(v.to_string())
}

fn externen(lines: &[String], errors: &mut ValidationErrors) -> Vec<Deelnemer> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.chars().count() > MAX_TITEL || line.chars().any(char::is_control) {
            errors.add_code(
                format!("externen[{i}]"),
                "te-lang",
                format!("Hoogstens {MAX_TITEL} tekens per deelnemer."),
            );
            continue;
        }
        if let Some(d) = overleg::parse_extern(line)
            && !out.contains(&d)
        {
            out.push(d);
        }
    }
    out
}

impl Services {
    /// A meeting of a municipality the actor works for; otherwise not found.
    pub(crate) async fn visible_meeting(
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        id: Uuid,
    ) -> ServiceResult<OverlegRecord> {
        Self::require_reader(actor)?;
        let o = tx.overleg(id).await?.ok_or(ServiceError::NotFound)?;
        if !actor.may_access_gemeente(&o.gemeente) {
            return Err(ServiceError::NotFound);
        }
        Ok(o)
    }

    /// The chair keeps the agenda and decides; a coordinator of the municipality may stand in.
    pub(crate) fn may_chair(actor: &Actor, o: &OverlegRecord) -> bool {
        actor.may(baken_domain::Permission::WorkDossiers)
            && (o.voorzitter == actor.user_id || actor.has_role(Role::Coordinator))
    }

    fn require_chair(actor: &Actor, o: &OverlegRecord) -> ServiceResult<()> {
        if Self::may_chair(actor, o) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    fn require_open(o: &OverlegRecord) -> ServiceResult<()> {
        if o.status == OverlegStatus::Afgerond {
            return Err(ServiceError::conflict(
                "overleg-afgerond",
                "Dit overleg is afgerond; de agenda en de besluiten liggen vast.",
            ));
        }
        Ok(())
    }

    /// The colleagues at a meeting: the chair first, each once, each one who works in the
    /// municipality; names as the accounts give them.
    async fn colleagues(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        voorzitter: UserId,
        ids: &[UserId],
        gemeente: &GemeenteCode,
        errors: &mut ValidationErrors,
    ) -> ServiceResult<Vec<Deelnemer>> {
        let mut all = vec![voorzitter];
        for u in ids {
            if !all.contains(u) {
                all.push(*u);
            }
        }
        let names = self.names(&mut *tx, all.iter().copied()).await?;
        let mut out = Vec::new();
        for (i, u) in all.iter().enumerate() {
            let field = if i == 0 {
                "voorzitter".to_string()
            } else {
                format!("deelnemers[{}]", i - 1)
            };
            self.check_assignee(&mut *tx, *u, gemeente, &field, errors)
                .await?;
            out.push(Deelnemer {
                gebruiker: Some(*u),
                naam: names.get(u).cloned().unwrap_or_default(),
                organisatie: None,
            });
        }
        Ok(out)
    }

    /// Plans a meeting. A signal meeting's agenda is drawn at once from the signals that await
    /// weighing and those whose monitoring date has come by the meeting's date, oldest first.
    pub async fn plan_meeting(
        &self,
        actor: &Actor,
        input: &OverlegInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<OverlegRecord> {
        Self::require_work(actor)?;
        let mut errors = ValidationErrors::new();
        let soort = match input.soort.trim() {
            "" => {
                errors.add_code("soort", "verplicht", "Kies het soort overleg.");
                None
            }
            s => errors.check("soort", OverlegSoort::parse(s)),
        };
        let datum = match input.datum.trim() {
            "" => {
                errors.add_code("datum", "verplicht", "Vul de datum van het overleg in.");
                None
            }
            v => errors.check("datum", baken_domain::entiteit::parse_date(v)),
        };
        let titel = titel(input.titel.as_deref(), &mut errors);
        let gemeente = match input.gemeente.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => errors.check("gemeente", GemeenteCode::parse(code)),
            _ => actor.gemeenten.first().cloned(),
        };
        let Some(gemeente) = gemeente else {
            errors.add_code("gemeente", "verplicht", "Kies een gemeente.");
            return Err(errors.into());
        };
        if !actor.may_access_gemeente(&gemeente) {
            errors.add_code("gemeente", "onbekend", "U werkt niet voor deze gemeente.");
            return Err(errors.into());
        }
        let externen = externen(&input.externen, &mut errors);
        let mut tx = self.store.begin().await?;
        let voorzitter = input.voorzitter.unwrap_or(actor.user_id);
        let mut deelnemers = self
            .colleagues(
                tx.as_mut(),
                voorzitter,
                &input.deelnemers,
                &gemeente,
                &mut errors,
            )
            .await?;
        errors.into_result()?;
        let (soort, datum) = (soort.expect("checked"), datum.expect("checked"));
        deelnemers.extend(externen);
        let now = self.clock.now();
        let record = OverlegRecord {
            id: Uuid::new_v4(),
            gemeente,
            soort,
            datum,
            titel: titel.unwrap_or_else(|| {
                format!(
                    "{} {}",
                    soort.label(),
                    baken_domain::tijd::format_date_nl(datum)
                )
            }),
            voorzitter,
            deelnemers,
            status: OverlegStatus::Gepland,
            verslag: None,
            aangemaakt_door: actor.user_id,
            aangemaakt_op: now,
            versie: 1,
        };
        tx.insert_overleg(&record).await?;
        let getrokken = if soort.weegt_signalen() {
            self.draw_agenda(tx.as_mut(), actor, &record).await?
        } else {
            0
        };
        self.record_meeting_change(
            tx.as_mut(),
            actor,
            &record,
            AuditAction::OverlegGepland,
            json!({"soort": soort.as_str(), "agendapunten": getrokken}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Adds to the agenda the signals that await weighing, and those in monitoring whose date
    /// has come by the meeting's date, that are not on it yet, oldest first; only those the
    /// actor sees in full. How many were added.
    pub(crate) async fn draw_agenda(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        o: &OverlegRecord,
    ) -> ServiceResult<usize> {
        let filter = |status| DossierFilter {
            gemeente: o.gemeente.clone(),
            status: Some(status),
            bron: None,
            fenomeen: None,
            toegewezen_aan: None,
            ontvangen_vanaf: None,
            ontvangen_tot: None,
            sort: DossierSort::OudsteEerst,
            na: None,
            limit: AGENDA_MAX,
        };
        let mut kandidaten: Vec<DossierRecord> =
            tx.list_dossiers(&filter(SignaalStatus::Weging)).await?;
        kandidaten.extend(
            tx.list_dossiers(&filter(SignaalStatus::Monitoren))
                .await?
                .into_iter()
                .filter(|d| d.herbeoordelen_op.is_some_and(|op| op <= o.datum)),
        );
        kandidaten.retain(|d| {
            d.soort == DossierSoort::Signaal
                && dossier_access(actor, &d.facts()) == DossierAccess::Full
        });
        kandidaten.sort_by_key(|d| (d.ontvangstdatum, d.aangemaakt_op, d.id));
        let bestaand = tx.agendapunten(o.id).await?;
        let mut positie = bestaand.iter().map(|p| p.positie).max().unwrap_or(0);
        let now = self.clock.now();
        let mut added = 0;
        for d in kandidaten.into_iter().take(AGENDA_MAX as usize) {
            if bestaand.iter().any(|p| p.dossier_id == d.id) {
                continue;
            }
            positie += 1;
            tx.insert_agendapunt(&AgendapuntRecord {
                overleg_id: o.id,
                dossier_id: d.id,
                positie,
                toegevoegd_op: now,
                besluit: None,
                toelichting: None,
                journaalpost: None,
                besloten_op: None,
            })
            .await?;
            added += 1;
        }
        Ok(added)
    }

    /// The meetings of the actor's municipalities: planned ones first (the next on top), then
    /// the held ones.
    pub async fn meetings(&self, actor: &Actor) -> ServiceResult<Vec<OverlegRegel>> {
        Self::require_reader(actor)?;
        let mut tx = self.store.begin_read().await?;
        let records = tx.overleggen(&actor.gemeenten, LIJST_MAX).await?;
        let names = self
            .names(tx.as_mut(), records.iter().map(|o| o.voorzitter))
            .await?;
        Ok(records
            .into_iter()
            .map(|record| OverlegRegel {
                voorzitter: names.get(&record.voorzitter).cloned().unwrap_or_default(),
                record,
            })
            .collect())
    }

    /// A meeting with its agenda and action items as this reader may see them; each dossier on
    /// it that is shown is written to the access log first.
    pub async fn meeting(&self, actor: &Actor, id: Uuid, context: &str) -> ServiceResult<Overleg> {
        let mut tx = self.store.begin_read().await?;
        let record = Self::visible_meeting(tx.as_mut(), actor, id).await?;
        let punten = tx.agendapunten(id).await?;
        let ids: Vec<Uuid> = punten.iter().map(|p| p.dossier_id).collect();
        let dossiers = if ids.is_empty() {
            Vec::new()
        } else {
            tx.dossiers_by_ids(&ids).await?
        };
        let (protocol, _, _) = self
            .protocol_in_force(tx.as_mut(), &record.gemeente)
            .await?;
        let mut zichtbaar = Vec::new();
        let mut logged = Vec::new();
        for p in punten {
            let Some(d) = dossiers.iter().find(|d| d.id == p.dossier_id) else {
                continue;
            };
            let toegang = dossier_access(actor, &d.facts());
            if toegang == DossierAccess::None {
                continue;
            }
            logged.push(("dossier", d.id, Some(d.id)));
            let (status, keuzes, besluit) = match d.soort {
                DossierSoort::Signaal => (
                    d.status.label().to_string(),
                    protocol
                        .overgangen_van(d.status)
                        .map(|o| (o.naar.as_str().to_string(), o.naar.label().to_string()))
                        .collect(),
                    p.besluit.as_deref().map(|b| {
                        SignaalStatus::parse(b).map_or(b.to_string(), |s| s.label().to_string())
                    }),
                ),
                DossierSoort::Casus => {
                    let fase = tx.casus(d.id).await?.map(|c| c.status);
                    (
                        fase.map_or_else(String::new, |f| f.label().to_string()),
                        fase.map(|f| {
                            protocol
                                .casusovergangen_van(f)
                                .map(|o| (o.naar.as_str().to_string(), o.naar.label().to_string()))
                                .collect()
                        })
                        .unwrap_or_default(),
                        p.besluit.as_deref().map(|b| {
                            baken_domain::casus::CasusStatus::parse(b)
                                .map_or(b.to_string(), |s| s.label().to_string())
                        }),
                    )
                }
            };
            let mut record = p;
            if toegang != DossierAccess::Full {
                record.toelichting = None;
                record.journaalpost = None;
            }
            zichtbaar.push(Agendapunt {
                record,
                nummer: d.nummer.clone(),
                soort: d.soort,
                status,
                ontvangen: d.ontvangstdatum,
                fenomenen: d.fenomenen.clone(),
                toegang,
                besluit,
                criteria: match (d.soort, toegang) {
                    (DossierSoort::Signaal, DossierAccess::Full) => protocol
                        .weging_vanuit(d.status)
                        .map(|w| w.criteria.clone())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                },
                keuzes: if toegang == DossierAccess::Full {
                    keuzes
                } else {
                    Vec::new()
                },
            });
        }
        let taken: Vec<_> = tx
            .taken_van_overleg(id)
            .await?
            .into_iter()
            .filter(|t| {
                t.dossier_id.is_none_or(|dossier| {
                    dossiers.iter().any(|d| {
                        d.id == dossier && dossier_access(actor, &d.facts()) == DossierAccess::Full
                    })
                })
            })
            .collect();
        let actiepunten = self.describe_tasks(tx.as_mut(), taken).await?;
        let voorzitter = self
            .names(tx.as_mut(), [record.voorzitter])
            .await?
            .remove(&record.voorzitter)
            .unwrap_or_default();
        drop(tx);
        self.log_access(actor, &logged, context).await?;
        Ok(Overleg {
            mag_voorzitten: Self::may_chair(actor, &record),
            record,
            voorzitter,
            punten: zichtbaar,
            actiepunten,
        })
    }

    /// Changes a meeting's title, date, chair, attendees or notes, or closes it (chair only).
    pub async fn update_meeting(
        &self,
        actor: &Actor,
        id: Uuid,
        change: &OverlegWijziging,
        ctx: &RequestContext,
    ) -> ServiceResult<OverlegRecord> {
        let mut tx = self.store.begin().await?;
        let current = Self::visible_meeting(tx.as_mut(), actor, id).await?;
        Self::require_chair(actor, &current)?;
        Self::require_open(&current)?;
        let mut errors = ValidationErrors::new();
        let mut next = current.clone();
        if let Some(t) = titel(change.titel.as_deref(), &mut errors) {
            next.titel = t;
        }
        if let Some(v) = change
            .datum
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            && let Some(d) = errors.check("datum", baken_domain::entiteit::parse_date(v))
        {
            next.datum = d;
        }
        if let Some(v) = &change.verslag {
            let v = v.trim();
            if v.chars().count() > MAX_VERSLAG {
                errors.add_code(
                    "verslag",
                    "te-lang",
                    format!("Hoogstens {MAX_VERSLAG} tekens."),
                );
            } else {
                next.verslag = Some(v.to_string()).filter(|v| !v.is_empty());
            }
        }
        if change.voorzitter.is_some() || change.deelnemers.is_some() || change.externen.is_some() {
            next.voorzitter = change.voorzitter.unwrap_or(current.voorzitter);
            let bestaand: Vec<UserId> = current
                .deelnemers
                .iter()
                .filter_map(|d| d.gebruiker)
                .collect();
            let ids = change.deelnemers.clone().unwrap_or(bestaand);
            let mut deelnemers = self
                .colleagues(
                    tx.as_mut(),
                    next.voorzitter,
                    &ids,
                    &next.gemeente,
                    &mut errors,
                )
                .await?;
            match &change.externen {
                Some(lines) => deelnemers.extend(externen(lines, &mut errors)),
                None => {
                    deelnemers.extend(current.deelnemers.iter().filter(|d| d.is_extern()).cloned())
                }
            }
            next.deelnemers = deelnemers;
        }
        match change.status.as_deref().map(str::trim) {
            None | Some("") => {}
            Some(s) => {
                if let Some(status) = errors.check("status", OverlegStatus::parse(s)) {
                    next.status = status;
                }
            }
        }
        errors.into_result()?;
        if let Some(v) = change.versie
            && v != current.versie
        {
            return Err(stale());
        }
        if next == current {
            return Ok(current);
        }
        next.versie = current.versie + 1;
        if !tx.update_overleg(&next, current.versie).await? {
            return Err(stale());
        }
        self.record_meeting_change(
            tx.as_mut(),
            actor,
            &next,
            AuditAction::OverlegGewijzigd,
            json!({"status": next.status.as_str(), "versie": next.versie}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// The audit record of a meeting's change (its journal entries are the dossiers').
    pub(crate) async fn record_meeting_change(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        o: &OverlegRecord,
        action: AuditAction,
        details: serde_json::Value,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let mut details = details;
        details["overleg"] = json!(o.id);
        details["gemeente"] = json!(o.gemeente.as_str());
        Audit {
            at: self.clock.now(),
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            action,
            Some(format!("overleg:{}", o.id)),
            Outcome::Gelukt,
            details,
        )
        .await?;
        Ok(())
    }
}

pub(crate) fn stale() -> ServiceError {
    ServiceError::conflict(
        "versie-verouderd",
        "Het overleg is intussen door iemand anders gewijzigd. Laad het opnieuw.",
    )
}
