//! Cases (casussen): started from one or more signals that the protocol moved to `naar-casus`
//! (they are linked, not copied), carried through the lifecycle of the protocol's `[casus]`
//! section. A case is a dossier of soort `casus`, so the journal, attachments, entity links, team,
//! need-to-know, privacy checks and access log are the dossier kernel's; this module adds the
//! case's own fields and the steps of its lifecycle. Every change writes a journal entry in each
//! dossier it touches, a processing-log record and an audit record; every read is logged.

mod starten;
mod status;
mod taken;

pub use status::CasusStatusInvoer;
pub use taken::{Taak, TaakInvoer};

use crate::Services;
use crate::audit::{Audit, AuditAction, Outcome, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::casus::{self, CasusStatus};
use baken_domain::dossier::{DossierAccess, DossierSoort, dossier_access};
use baken_domain::journal::JournaalSoort;
use baken_domain::protocol::CasusOvergang;
use baken_domain::signaal::{Fenomeen, SignaalStatus};
use baken_domain::{Actor, UserId, ValidationErrors};
use baken_store::{CasusRecord, DossierEntiteitRecord, DossierRecord, Tx};
use serde_json::json;
use uuid::Uuid;

const MAX_TEKST: usize = 8000;

/// A case as the pages and the API start it.
#[derive(Debug, Clone, Default)]
pub struct CasusInvoer {
    pub naam: String,
    pub doel: String,
    /// Signals in `naar-casus`, of one municipality, not yet in a case.
    pub signalen: Vec<Uuid>,
    /// The case director (casusregisseur); the actor when not given.
    pub regisseur: Option<UserId>,
    /// Team members besides the director.
    pub team: Vec<UserId>,
    pub afdelingen: Vec<String>,
    pub partners: Vec<String>,
}

/// A change of a case's own fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CasusWijziging {
    pub naam: Option<String>,
    pub doel: Option<String>,
    pub plan_van_aanpak: Option<String>,
    pub afdelingen: Option<Vec<String>>,
    pub partners: Option<Vec<String>>,
    pub regisseur: Option<UserId>,
    /// The version the change was made on (optimistic locking).
    pub versie: Option<i64>,
}

/// A case with what its page shows beside the dossier kernel's parts.
#[derive(Debug, Clone)]
pub struct Casus {
    pub record: CasusRecord,
    pub dossier: DossierRecord,
    pub regisseur: String,
    /// The linked signals the viewer may see: id, number, status.
    pub signalen: Vec<(Uuid, String, SignaalStatus)>,
    /// How many linked signals the viewer may not see (they are named only by count).
    pub signalen_afgeschermd: usize,
    pub taken: Vec<Taak>,
    /// The steps the protocol allows from here.
    pub overgangen: Vec<CasusOvergang>,
    /// The phase's description in the protocol.
    pub fase: Option<String>,
    pub protocol_versie: String,
    /// The default monitoring period (`P6M`) and the retention after closure, as written.
    pub nazorg_standaard: String,
    pub bewaartermijn: String,
}

/// A line of the list of cases.
#[derive(Debug, Clone)]
pub struct CasusRegel {
    pub record: CasusRecord,
    pub nummer: String,
    pub regisseur: String,
    pub signalen: usize,
}

pub(crate) fn tekst(
    value: Option<&str>,
    field: &'static str,
    verplicht: Option<&str>,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty());
    match v {
        None => {
            if let Some(m) = verplicht {
                errors.add_code(field, "verplicht", m);
            }
            None
        }
        Some(v) if v.chars().count() > MAX_TEKST => {
            errors.add_code(field, "te-lang", format!("Hoogstens {MAX_TEKST} tekens."));
            None
        }
        Some(v) => Some(v.to_string()),
    }
}

fn naam(value: &str, errors: &mut ValidationErrors) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        errors.add_code(
            "naam",
            "verplicht",
            "Geef de casus een korte naam (bijvoorbeeld het adres of de onderneming).",
        );
        None
    } else if v.chars().count() > casus::MAX_NAAM || v.chars().any(char::is_control) {
        errors.add_code(
            "naam",
            "ongeldig",
            format!("Hoogstens {} tekens, op één regel.", casus::MAX_NAAM),
        );
        None
    } else {
        Some(v.to_string())
    }
}

fn namen(value: &[String], field: &'static str, errors: &mut ValidationErrors) -> Vec<String> {
    match casus::namenlijst(value) {
        Ok(v) => v,
        Err(e) => {
            errors.add_code(field, "ongeldig", e);
            Vec::new()
        }
    }
}

impl Services {
    /// A case the actor sees in full: its dossier and its record; otherwise not found.
    pub(crate) async fn full_case(
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        id: Uuid,
    ) -> ServiceResult<(DossierRecord, CasusRecord)> {
        let dossier = Self::full_dossier(tx, actor, id).await?;
        if dossier.soort != DossierSoort::Casus {
            return Err(ServiceError::NotFound);
        }
        let record = tx.casus(id).await?.ok_or(ServiceError::NotFound)?;
        Ok((dossier, record))
    }

    /// Whether a dossier's work has ended: a signal by its closing status, a case by its own.
    pub(crate) async fn dossier_closed(
        tx: &mut dyn baken_store::ReadTx,
        dossier: &DossierRecord,
    ) -> ServiceResult<bool> {
        Ok(match dossier.soort {
            DossierSoort::Signaal => dossier.status.is_closed(),
            DossierSoort::Casus => tx
                .casus(dossier.id)
                .await?
                .is_none_or(|c| c.status.is_closed()),
        })
    }

    /// The signals a case starts from: each one the actor sees in full, in `naar-casus`, not in
    /// a case yet, all of one municipality; what is wrong is said at its field.
    async fn case_signals(
        tx: &mut dyn baken_store::Tx,
        actor: &Actor,
        ids: &[Uuid],
        errors: &mut ValidationErrors,
    ) -> ServiceResult<Vec<DossierRecord>> {
        let mut signalen: Vec<DossierRecord> = Vec::new();
        if ids.is_empty() {
            errors.add_code(
                "signalen",
                "verplicht",
                "Kies het signaal (of de signalen) waaruit de casus voortkomt.",
            );
        }
        for (i, id) in ids.iter().enumerate() {
            let field = format!("signalen[{i}]");
            let found = tx.dossier(*id).await?.filter(|d| {
                d.soort == DossierSoort::Signaal
                    && dossier_access(actor, &d.facts()) == DossierAccess::Full
            });
            let Some(d) = found else {
                errors.add_code(field, "onbekend", "Dit signaal is niet gevonden.");
                continue;
            };
            if signalen.iter().any(|s| s.id == d.id) {
                continue;
            }
            if d.status != SignaalStatus::NaarCasus {
                errors.add_code(
                    field,
                    "status",
                    format!(
                        "Signaal {} heeft de status ‘{}’; een casus start pas na het besluit ‘naar casus’ (weging 4).",
                        d.nummer,
                        d.status.label().to_lowercase()
                    ),
                );
                continue;
            }
            if let Some(c) = tx.casus_van_signaal(d.id).await? {
                let nummer = tx.dossier(c).await?.map(|x| x.nummer).unwrap_or_default();
                errors.add_code(
                    field,
                    "al-in-casus",
                    format!("Signaal {} hoort al bij casus {nummer}.", d.nummer),
                );
                continue;
            }
            if let Some(first) = signalen.first()
                && first.gemeente != d.gemeente
            {
                errors.add_code(
                    field,
                    "andere-gemeente",
                    "Een casus hoort bij één gemeente; dit signaal speelt in een andere.",
                );
                continue;
            }
            signalen.push(d);
        }
        Ok(signalen)
    }

    /// A case with its linked signals, tasks and next steps, for an actor who sees it in full;
    /// the read is logged. 404 for anyone else, and for a signal's id.
    pub async fn case(&self, actor: &Actor, id: Uuid, context: &str) -> ServiceResult<Casus> {
        Self::require_reader(actor)?;
        let mut tx = self.store.begin_read().await?;
        let (dossier, record) = Self::full_case(tx.as_mut(), actor, id).await?;
        let view = self.case_in(tx.as_mut(), actor, dossier, record).await?;
        drop(tx);
        self.log_access(actor, &Self::case_reads(&view), context)
            .await?;
        Ok(view)
    }

    /// What a case's page lists of the case as read (its record and tasks), for the access log.
    pub(crate) fn case_reads(view: &Casus) -> Vec<(&'static str, Uuid, Option<Uuid>)> {
        let id = view.dossier.id;
        let mut logged: Vec<(&str, Uuid, Option<Uuid>)> = vec![("casus", id, Some(id))];
        logged.extend(view.taken.iter().map(|t| ("taak", t.record.id, Some(id))));
        logged
    }

    /// A case the actor sees in full (its dossier and record already read), inside a read the
    /// caller holds; the caller logs [`Services::case_reads`].
    pub(crate) async fn case_in(
        &self,
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        dossier: DossierRecord,
        record: CasusRecord,
    ) -> ServiceResult<Casus> {
        let id = dossier.id;
        let (protocol, _, _) = self.protocol_in_force(&mut *tx, &dossier.gemeente).await?;
        let ids = tx.signalen_van_casus(id).await?;
        let gelinkt = tx.dossiers_by_ids(&ids).await?;
        let mut signalen = Vec::new();
        for sid in &ids {
            if let Some(s) = gelinkt
                .iter()
                .find(|d| d.id == *sid && dossier_access(actor, &d.facts()) == DossierAccess::Full)
            {
                signalen.push((s.id, s.nummer.clone(), s.status));
            }
        }
        let afgeschermd = ids.len() - signalen.len();
        let records = tx.taken_van_dossier(id).await?;
        let taken = self.describe_tasks(&mut *tx, records).await?;
        let regisseur = self
            .names(&mut *tx, [dossier.eigenaar])
            .await?
            .remove(&dossier.eigenaar)
            .unwrap_or_default();
        let overgangen = protocol
            .casusovergangen_van(record.status)
            .cloned()
            .collect();
        let fase = protocol
            .casusfase(record.status)
            .map(|f| f.omschrijving.clone());
        let regels = protocol.casus();
        let view = Casus {
            nazorg_standaard: regels.nazorg.clone(),
            bewaartermijn: regels.bewaartermijn.clone(),
            protocol_versie: protocol.versie().to_string(),
            record,
            dossier,
            regisseur,
            signalen,
            signalen_afgeschermd: afgeschermd,
            taken,
            overgangen,
            fase,
        };
        Ok(view)
    }

    /// The case a signal was taken into, when the actor may see that case in full.
    pub async fn case_of_signal(
        &self,
        actor: &Actor,
        signaal: Uuid,
    ) -> ServiceResult<Option<(Uuid, String)>> {
        let mut tx = self.store.begin_read().await?;
        let signaal = Self::full_dossier(tx.as_mut(), actor, signaal).await?;
        Self::case_of_signal_in(tx.as_mut(), actor, &signaal).await
    }

    /// The case a signal the actor sees in full went into, inside a read the caller holds.
    pub(crate) async fn case_of_signal_in(
        tx: &mut dyn baken_store::ReadTx,
        actor: &Actor,
        signaal: &DossierRecord,
    ) -> ServiceResult<Option<(Uuid, String)>> {
        if dossier_access(actor, &signaal.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let Some(c) = tx.casus_van_signaal(signaal.id).await? else {
            return Ok(None);
        };
        Ok(tx
            .dossier(c)
            .await?
            .filter(|d| dossier_access(actor, &d.facts()) == DossierAccess::Full)
            .map(|d| (d.id, d.nummer)))
    }

    /// The cases of the actor's municipalities that the actor sees in full (need-to-know: the
    /// team, the coordinator, the privacy officer), open ones first; closed ones when asked.
    pub async fn cases(
        &self,
        actor: &Actor,
        ook_afgesloten: bool,
        context: &str,
    ) -> ServiceResult<Vec<CasusRegel>> {
        Self::require_reader(actor)?;
        const MAX: i64 = 500;
        let mut tx = self.store.begin_read().await?;
        let records = tx.casussen(&actor.gemeenten, ook_afgesloten, MAX).await?;
        let ids: Vec<Uuid> = records.iter().map(|c| c.dossier_id).collect();
        let dossiers = tx.dossiers_by_ids(&ids).await?;
        let mut lines = Vec::new();
        for record in records {
            let Some(d) = dossiers.iter().find(|d| d.id == record.dossier_id) else {
                continue;
            };
            if dossier_access(actor, &d.facts()) != DossierAccess::Full {
                continue;
            }
            lines.push((record, d.nummer.clone(), d.eigenaar));
        }
        let names = self
            .names(tx.as_mut(), lines.iter().map(|(_, _, e)| *e))
            .await?;
        let mut out = Vec::with_capacity(lines.len());
        for (record, nummer, eigenaar) in lines {
            let signalen = tx.signalen_van_casus(record.dossier_id).await?.len();
            out.push(CasusRegel {
                regisseur: names.get(&eigenaar).cloned().unwrap_or_default(),
                record,
                nummer,
                signalen,
            });
        }
        drop(tx);
        let logged: Vec<(&str, Uuid, Option<Uuid>)> = out
            .iter()
            .map(|c| ("casus", c.record.dossier_id, Some(c.record.dossier_id)))
            .collect();
        self.log_access(actor, &logged, context).await?;
        Ok(out)
    }

    /// Changes a case's own fields (name, goal, plan of approach, departments, partners, director);
    /// each change is journaled.
    pub async fn update_case(
        &self,
        actor: &Actor,
        id: Uuid,
        change: &CasusWijziging,
        ctx: &RequestContext,
    ) -> ServiceResult<CasusRecord> {
        Self::require_work(actor)?;
        let mut tx = self.store.begin().await?;
        let (dossier, current) = Self::full_case(tx.as_mut(), actor, id).await?;
        if current.status.is_closed() {
            return Err(ServiceError::conflict(
                "casus-afgesloten",
                "Deze casus is afgesloten; wat erin staat, blijft zoals het was.",
            ));
        }
        let mut errors = ValidationErrors::new();
        let mut next = current.clone();
        let mut notes = Vec::new();
        if let Some(v) = &change.naam
            && let Some(v) = naam(v, &mut errors)
            && v != current.naam
        {
            notes.push(format!("Naam: {v}."));
            next.naam = v;
        }
        if let Some(v) = &change.doel
            && let Some(v) = tekst(
                Some(v),
                "doel",
                Some("Het doel mag niet leeg zijn."),
                &mut errors,
            )
            && v != current.doel
        {
            notes.push(format!("Doel: {v}"));
            next.doel = v;
        }
        if let Some(v) = &change.plan_van_aanpak {
            let v = tekst(Some(v), "planVanAanpak", None, &mut errors);
            if v != current.plan_van_aanpak {
                notes.push(match &v {
                    Some(p) => format!("Plan van aanpak: {p}"),
                    None => "Plan van aanpak verwijderd.".into(),
                });
                next.plan_van_aanpak = v;
            }
        }
        if let Some(v) = &change.afdelingen {
            let v = namen(v, "afdelingen", &mut errors);
            if v != current.afdelingen {
                notes.push(format!("Betrokken afdelingen: {}.", lijst(&v)));
                next.afdelingen = v;
            }
        }
        if let Some(v) = &change.partners {
            let v = namen(v, "partners", &mut errors);
            if v != current.partners {
                notes.push(format!("Betrokken partners: {}.", lijst(&v)));
                next.partners = v;
            }
        }
        let mut dossier_next = dossier.clone();
        if let Some(r) = change.regisseur
            && r != dossier.eigenaar
        {
            self.check_assignee(tx.as_mut(), r, &dossier.gemeente, "regisseur", &mut errors)
                .await?;
            let oud = dossier.eigenaar;
            dossier_next.eigenaar = r;
            dossier_next.team.retain(|u| *u != r);
            if !dossier_next.team.contains(&oud) {
                dossier_next.team.push(oud);
            }
            let names = self.names(tx.as_mut(), [oud, r]).await?;
            notes.push(format!(
                "Casusregisseur: {} (was {}).",
                names.get(&r).cloned().unwrap_or_default(),
                names.get(&oud).cloned().unwrap_or_default()
            ));
        }
        errors.into_result()?;
        if let Some(v) = change.versie
            && v != current.versie
        {
            return Err(stale());
        }
        if notes.is_empty() {
            return Ok(current);
        }
        tx.lock_dossier(id).await?;
        next.versie = current.versie + 1;
        if !tx.update_casus(&next, current.versie).await? {
            return Err(stale());
        }
        if dossier_next != dossier {
            dossier_next.versie = dossier.versie + 1;
            dossier_next.gewijzigd_op = self.clock.now();
            if !tx.update_dossier(&dossier_next, dossier.versie).await? {
                return Err(stale());
            }
        }
        let author = self.author(tx.as_mut(), actor).await?;
        let entry = self.system_entry(id, &author, JournaalSoort::Notitie, notes.join(" "));
        self.append_entry(tx.as_mut(), &entry).await?;
        self.record_case_change(
            tx.as_mut(),
            actor,
            &dossier,
            &[],
            AuditAction::CasusGewijzigd,
            json!({"versie": next.versie}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Links another signal (in `naar-casus`, of the case's municipality, in no case yet).
    pub async fn link_signal_to_case(
        &self,
        actor: &Actor,
        id: Uuid,
        signaal: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        Self::require_work(actor)?;
        let mut tx = self.store.begin().await?;
        let (dossier, record) = Self::full_case(tx.as_mut(), actor, id).await?;
        if record.status.is_closed() {
            return Err(ServiceError::conflict(
                "casus-afgesloten",
                "Deze casus is afgesloten; er kunnen geen signalen meer bij.",
            ));
        }
        let mut errors = ValidationErrors::new();
        let found = tx.dossier(signaal).await?.filter(|d| {
            d.soort == DossierSoort::Signaal
                && d.gemeente == dossier.gemeente
                && dossier_access(actor, &d.facts()) == DossierAccess::Full
        });
        let Some(s) = found else {
            errors.add_code("signaal", "onbekend", "Dit signaal is niet gevonden.");
            return Err(errors.into());
        };
        if s.status != SignaalStatus::NaarCasus {
            errors.add_code(
                "signaal",
                "status",
                format!(
                    "Signaal {} heeft de status ‘{}’; alleen een signaal met het besluit ‘naar casus’ komt in een casus.",
                    s.nummer,
                    s.status.label().to_lowercase()
                ),
            );
        } else if tx.casus_van_signaal(s.id).await?.is_some() {
            errors.add_code(
                "signaal",
                "al-in-casus",
                format!("Signaal {} hoort al bij een casus.", s.nummer),
            );
        }
        errors.into_result()?;
        let now = self.clock.now();
        tx.lock_dossier(id).await?;
        tx.koppel_signaal(id, s.id, now).await?;
        let bestaand: Vec<(Uuid, baken_domain::entiteit::Rol)> = tx
            .dossier_entiteiten(id)
            .await?
            .into_iter()
            .map(|(e, r)| (e.id, r))
            .collect();
        let mut entiteiten = Vec::new();
        for (e, rol) in tx.dossier_entiteiten(s.id).await? {
            if !bestaand.contains(&(e.id, rol)) {
                tx.link_entiteit(&DossierEntiteitRecord {
                    dossier_id: id,
                    entiteit_id: e.id,
                    rol,
                    aangemaakt_op: now,
                    aangemaakt_door: actor.user_id,
                })
                .await?;
                entiteiten.push(e);
            }
        }
        let author = self.author(tx.as_mut(), actor).await?;
        let entry = self.system_entry(
            id,
            &author,
            JournaalSoort::Notitie,
            format!("Signaal {} aan de casus gekoppeld.", s.nummer),
        );
        self.append_entry(tx.as_mut(), &entry).await?;
        tx.lock_dossier(s.id).await?;
        let entry = self.system_entry(
            s.id,
            &author,
            JournaalSoort::Notitie,
            format!("Opgenomen in casus {}.", dossier.nummer),
        );
        self.append_entry(tx.as_mut(), &entry).await?;
        self.record_case_change(
            tx.as_mut(),
            actor,
            &dossier,
            &entiteiten,
            AuditAction::CasusGewijzigd,
            json!({"signaal": s.id}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The processing-log records and the audit record of a change to a case.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn record_case_change(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        dossier: &DossierRecord,
        entiteiten: &[baken_store::EntiteitRecord],
        action: AuditAction,
        details: serde_json::Value,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let now = self.clock.now();
        let trace = crate::trace::current();
        let processing = self.processing_records(
            &trace,
            ("casus.vastleggen", "bestuurlijke-handhaving"),
            &Self::data_subjects(entiteiten.iter()),
            (Some(dossier.id), Some(dossier.gemeente.clone())),
            (now, self.clock.now()),
        );
        tx.append_verwerkingen(&processing).await?;
        let mut details = details;
        details["casus"] = json!(dossier.id);
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx,
            action,
            Some(format!("casus:{}", dossier.id)),
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
        "De casus is intussen door iemand anders gewijzigd. Laad hem opnieuw.",
    )
}

fn lijst(v: &[String]) -> String {
    if v.is_empty() {
        "geen".into()
    } else {
        v.join(", ")
    }
}
