//! Requests of data subjects (AVG art. 15-21). Built so far: the access request (art. 15). The
//! privacy officer registers it with its legal deadline and gets the answer: every dossier of the
//! officer's municipalities that mentions the person, with what may be disclosed — never the
//! reporter, never other persons or objects, never entries of the classes `melder-beschermd`,
//! `bibob` (art. 28 Wet Bibob) or `politie-burgemeester` (police information under the Wpg); what
//! is withheld is counted so the answer can say so.

use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::Vertrouwelijkheid;
use baken_domain::entiteit::Rol;
use baken_domain::identifiers::Bsn;
use baken_domain::journal::{JournaalInhoud, JournaalSoort};
use baken_domain::protocol::Duur;
use baken_domain::signaal::{Fenomeen, SignaalStatus};
use baken_domain::{Actor, GemeenteCode, Role, ValidationErrors};
use baken_store::{EntiteitRecord, VerzoekRecord};
use serde_json::json;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// One dossier in the answer to an access request.
#[derive(Debug, Clone)]
pub struct InzageDossier {
    pub dossier_id: Uuid,
    pub nummer: String,
    pub gemeente: GemeenteCode,
    pub ontvangstdatum: Date,
    pub status: SignaalStatus,
    pub fenomenen: Vec<Fenomeen>,
    /// The person's role in it.
    pub rol: Rol,
    pub omschrijving: String,
    /// The disclosable journal entries: when, kind, text.
    pub journaal: Vec<(OffsetDateTime, JournaalSoort, String)>,
    /// Entries withheld (protected classes) or already destroyed.
    pub afgeschermd: usize,
}

/// The answer to an access request.
#[derive(Debug, Clone)]
pub struct InzageAntwoord {
    pub verzoek: VerzoekRecord,
    /// The person as Baken registered them.
    pub persoon: Option<EntiteitRecord>,
    pub dossiers: Vec<InzageDossier>,
}

fn disclosable(class: Vertrouwelijkheid) -> bool {
    matches!(
        class,
        Vertrouwelijkheid::Normaal | Vertrouwelijkheid::Vertrouwelijk
    )
}

impl Services {
    /// Registers an access request for a BSN (received on `ontvangen_op`, default today) and
    /// produces the answer. Privacy officer only; every step is logged.
    pub async fn answer_access_request(
        &self,
        actor: &Actor,
        bsn: &str,
        ontvangen_op: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<InzageAntwoord> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let bsn = errors.check("bsn", Bsn::parse(bsn));
        let received = match ontvangen_op.map(str::trim).filter(|d| !d.is_empty()) {
            Some(day) => errors.check("ontvangenOp", baken_domain::entiteit::parse_date(day)),
            None => Some(self.today_for_requests()),
        };
        errors.into_result()?;
        let (bsn, received) = (bsn.expect("checked"), received.expect("checked"));
        let started = self.clock.now();
        let mut tx = self.store.begin_read().await?;
        let persoon = tx.entiteit_by_sleutel(&format!("bsn:{bsn}")).await?;
        let mut dossiers = Vec::new();
        if let Some(persoon) = &persoon {
            for (dossier, rol) in tx.entiteit_dossiers(persoon.id).await? {
                if !actor.may_access_gemeente(&dossier.gemeente) {
                    continue;
                }
                let mut journaal = Vec::new();
                let mut afgeschermd = 0;
                for row in tx.journal(dossier.id).await? {
                    match row
                        .canoniek
                        .as_deref()
                        .map(JournaalInhoud::from_canonical)
                        .transpose()
                        .map_err(ServiceError::Internal)?
                    {
                        Some(inhoud) if disclosable(inhoud.vertrouwelijkheid) => {
                            journaal.push((inhoud.gebeurd_op, inhoud.soort, inhoud.tekst));
                        }
                        _ => afgeschermd += 1,
                    }
                }
                dossiers.push(InzageDossier {
                    dossier_id: dossier.id,
                    nummer: dossier.nummer,
                    gemeente: dossier.gemeente,
                    ontvangstdatum: dossier.ontvangstdatum,
                    status: dossier.status,
                    fenomenen: dossier.fenomenen,
                    rol,
                    omschrijving: dossier.omschrijving,
                    journaal,
                    afgeschermd,
                });
            }
        }
        drop(tx);
        let subject = ("BSN".to_string(), bsn.to_string());
        let entries: Vec<(&str, Uuid, Option<Uuid>)> = dossiers
            .iter()
            .map(|d| ("inzageverzoek", d.dossier_id, Some(d.dossier_id)))
            .collect();
        self.log_reads(
            actor,
            &entries,
            "inzageverzoek",
            std::slice::from_ref(&subject),
            started,
        )
        .await?;
        let now = self.clock.now();
        let verzoek = VerzoekRecord {
            id: Uuid::new_v4(),
            soort: "inzage".into(),
            betrokkene: self.pseudonym("BSN", &bsn.to_string()),
            betrokkene_type: "BSN".into(),
            ontvangen_op: received,
            termijn_tot: Duur::parse("P1M").expect("valid").na(received),
            geregistreerd_door: actor.user_id,
            geregistreerd_op: now,
            beantwoord_op: Some(now),
        };
        let trace = crate::trace::current();
        let mut tx = self.store.begin().await?;
        tx.insert_verzoek(&verzoek).await?;
        let mut record = self.processing_record(
            &trace,
            "inzageverzoek.beantwoorden",
            "rechten-betrokkenen",
            Some(&subject),
            None,
            (started, now),
        );
        record.gemeente = actor.gemeenten.first().cloned();
        tx.append_verwerking(&record).await?;
        Audit {
            at: now,
            actor: Some(actor.user_id),
            ctx,
        }
        .write(
            tx.as_mut(),
            "inzageverzoek.beantwoord",
            Some(format!("verzoek:{}", verzoek.id)),
            "gelukt",
            json!({"dossiers": dossiers.len(), "termijnTot": verzoek.termijn_tot.to_string(), "trace": trace.trace_hex()}),
        )
        .await?;
        tx.commit().await?;
        Ok(InzageAntwoord {
            verzoek,
            persoon,
            dossiers,
        })
    }

    fn today_for_requests(&self) -> Date {
        baken_domain::tijd::today_nl(self.clock.now())
    }
}
