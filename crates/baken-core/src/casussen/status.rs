//! A case's steps through its lifecycle, as the protocol's `[casus]` section allows them: privacy
//! check 2A before the plan of approach, 2B before execution, a monitoring period (nazorg) with its
//! end as a deadline, and closure with a reason, which starts the retention period.

use super::stale;
use crate::Services;
use crate::audit::{AuditAction, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::casus::{Afsluitreden, CasusStatus, TaakStatus};
use baken_domain::journal::JournaalSoort;
use baken_domain::protocol::Duur;
use baken_domain::{Actor, ValidationErrors};
use baken_store::{CasusRecord, TermijnRecord};
use serde_json::json;
use uuid::Uuid;

/// The deadline kind of the end of monitoring.
pub(crate) const NAZORG: &str = "nazorg";

/// A step in a case's lifecycle as the pages and the API send it.
#[derive(Debug, Clone, Default)]
pub struct CasusStatusInvoer {
    pub status: String,
    pub motivering: Option<String>,
    /// Required when closing (`doel-bereikt`, …).
    pub afsluitreden: Option<String>,
    /// When monitoring starts: its last day (default: the protocol's period from today).
    pub nazorg_tot: Option<String>,
    pub versie: Option<i64>,
}

impl Services {
    /// Moves a case to another phase of its lifecycle, as the protocol in force allows (the rule is
    /// named when it refuses).
    pub async fn change_case_status(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &CasusStatusInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<CasusRecord> {
        let mut tx = self.store.begin().await?;
        let (next, _) = self
            .apply_case_status(tx.as_mut(), actor, id, input, ctx)
            .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// A case's change of phase inside the caller's transaction (a meeting's decision journals
    /// its own entry beside it): the case afterwards and the journal entry of the change.
    pub(crate) async fn apply_case_status(
        &self,
        tx: &mut dyn baken_store::Tx,
        actor: &Actor,
        id: Uuid,
        input: &CasusStatusInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<(CasusRecord, Uuid)> {
        Self::require_work(actor)?;
        let (dossier, current) = Self::full_case(&mut *tx, actor, id).await?;
        let mut errors = ValidationErrors::new();
        let naar = match input.status.trim() {
            "" => {
                errors.add_code("status", "verplicht", "Kies de nieuwe fase van de casus.");
                return Err(errors.into());
            }
            s => match CasusStatus::parse(s) {
                Ok(s) => s,
                Err(e) => {
                    errors.add_code("status", "ongeldig", e);
                    return Err(errors.into());
                }
            },
        };
        if naar == current.status {
            errors.add_code(
                "status",
                "ongewijzigd",
                format!(
                    "De casus is al in de fase ‘{}’.",
                    naar.label().to_lowercase()
                ),
            );
            return Err(errors.into());
        }
        let motivering = super::tekst(input.motivering.as_deref(), "motivering", None, &mut errors);
        let (protocol, _, _) = self.protocol_in_force(&mut *tx, &dossier.gemeente).await?;
        let besluiten = self.toetsbesluiten(&mut *tx, &dossier).await?;
        let today = self.today();
        let overgang = protocol
            .casus_transition(
                actor,
                &dossier.gemeente,
                (current.status, naar),
                motivering.is_some(),
                &besluiten,
                today,
            )
            .map_err(ServiceError::Refused)?
            .clone();
        let mut next = current.clone();
        next.status = naar;
        let mut notes = vec![format!(
            "Casusfase: {} → {} (protocol {}{}).",
            current.status.label().to_lowercase(),
            naar.label().to_lowercase(),
            protocol.versie(),
            overgang
                .privacytoets
                .as_deref()
                .and_then(|t| protocol.toets(t))
                .map(|t| format!(", na {}", t.naam.to_lowercase()))
                .unwrap_or_default()
        )];
        let nazorg_tot = input
            .nazorg_tot
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty());
        if naar == CasusStatus::InUitvoering && current.plan_van_aanpak.is_none() {
            errors.add_code(
                "planVanAanpak",
                "verplicht",
                "Leg eerst het plan van aanpak vast: wat wordt uitgevoerd, door wie.",
            );
        }
        if naar == CasusStatus::Nazorg {
            let einde = match nazorg_tot {
                Some(v) => errors.check("nazorgTot", baken_domain::entiteit::parse_date(v)),
                None => Duur::parse(&protocol.casus().nazorg)
                    .ok()
                    .map(|d| d.na(today)),
            };
            match einde {
                Some(d) if d > today && d <= today + time::Duration::days(3 * 366) => {
                    next.nazorg_tot = Some(d);
                    notes.push(format!(
                        "Nazorg tot en met {}.",
                        baken_domain::tijd::format_date_nl(d)
                    ));
                }
                Some(_) => errors.add_code(
                    "nazorgTot",
                    "ongeldig",
                    "Kies een einddatum na vandaag, hoogstens drie jaar vooruit.",
                ),
                None => {}
            }
        } else {
            if nazorg_tot.is_some() {
                errors.add_code(
                    "nazorgTot",
                    "ongeldig",
                    "Een einddatum van de nazorg hoort alleen bij de fase nazorg.",
                );
            }
            next.nazorg_tot = None;
        }
        let reden = input
            .afsluitreden
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty());
        if naar.is_closed() {
            match reden.map(Afsluitreden::parse) {
                None => errors.add_code(
                    "afsluitreden",
                    "verplicht",
                    "Kies de reden waarom de casus wordt afgesloten.",
                ),
                Some(Err(e)) => errors.add_code("afsluitreden", "ongeldig", e),
                Some(Ok(r)) => {
                    next.afsluitreden = Some(r);
                    next.afgesloten_op = Some(self.clock.now());
                    notes.push(format!(
                        "Reden van afsluiten: {}.",
                        r.label().to_lowercase()
                    ));
                }
            }
        } else if reden.is_some() {
            errors.add_code(
                "afsluitreden",
                "ongeldig",
                "Een reden van afsluiten hoort alleen bij afsluiten.",
            );
        }
        errors.into_result()?;
        if let Some(v) = input.versie
            && v != current.versie
        {
            return Err(stale());
        }
        tx.lock_dossier(id).await?;
        next.versie = current.versie + 1;
        if !tx.update_casus(&next, current.versie).await? {
            return Err(stale());
        }
        let termijnen: Vec<TermijnRecord> = next
            .nazorg_tot
            .map(|einde| TermijnRecord {
                id: Uuid::new_v4(),
                dossier_id: id,
                maatregel_id: None,
                gemeente: dossier.gemeente.clone(),
                soort: NAZORG.into(),
                omschrijving: format!("Einde nazorg van casus {}", dossier.nummer),
                aan: "gemeente".into(),
                einddatum: einde,
                voldaan: false,
                verantwoordelijke: dossier.eigenaar,
            })
            .into_iter()
            .collect();
        tx.replace_dossier_termijnen(id, NAZORG, &termijnen).await?;
        if naar.is_closed() {
            let at = next.afgesloten_op.expect("set above");
            Self::close_case(&mut *tx, id, at, &protocol, &mut notes).await?;
        }
        let author = self.author(&mut *tx, actor).await?;
        let mut tekst = notes.join(" ");
        if let Some(m) = &motivering {
            tekst.push_str(&format!(" Motivering: {m}"));
        }
        let entry = self.system_entry(id, &author, JournaalSoort::Statuswijziging, tekst);
        self.append_entry(&mut *tx, &entry).await?;
        self.record_case_change(
            &mut *tx,
            actor,
            &dossier,
            &[],
            AuditAction::CasusGewijzigd,
            json!({"status": naar.as_str(), "versie": next.versie}),
            ctx,
        )
        .await?;
        Ok((next, entry.id))
    }

    /// What a closure does: it starts the case's retention period (named in `notes`), and its
    /// open tasks lapse.
    async fn close_case(
        tx: &mut dyn baken_store::Tx,
        id: Uuid,
        at: time::OffsetDateTime,
        protocol: &baken_domain::protocol::Protocol,
        notes: &mut Vec<String>,
    ) -> ServiceResult<()> {
        // The closure starts the case's retention period; open tasks lapse.
        tx.set_afgesloten(id, CasusStatus::Afgesloten.as_str(), at)
            .await?;
        let mut vervallen = 0;
        for mut t in tx.taken_van_dossier(id).await? {
            if t.status.is_open() {
                let versie = t.versie;
                t.status = TaakStatus::Vervallen;
                t.versie += 1;
                tx.update_taak(&t, versie).await?;
                vervallen += 1;
            }
        }
        if vervallen > 0 {
            notes.push(format!("{vervallen} open taken vervallen."));
        }
        let duur = Duur::parse(&protocol.casus().bewaartermijn)
            .map(|d| d.omschrijving())
            .unwrap_or_default();
        notes.push(format!(
            "Bewaartermijn: {duur} na afsluiten, daarna {}.",
            protocol.casus().bewaaractie.label().to_lowercase()
        ));
        Ok(())
    }
}
