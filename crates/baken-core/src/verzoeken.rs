//! Requests of data subjects (AVG art. 15-21), handled by the privacy officer.
//!
//! A request is registered with its kind and legal deadline (one month, once extendable by two
//! with reasons). Baken finds everything about the person across the officer's municipalities:
//! the person by BSN, and persons registered without a BSN under the same surname and date of
//! birth, which count once the officer confirms them. The officer may withhold parts of the answer
//! under art. 41 UAVG (a whole dossier or one entry, with the ground, a motivation and a date to
//! look at it again), decides, and produces the answer as JSON and PDF.
//!
//! The answer never contains the reporter, other persons or objects, or entries of the classes
//! `melder-beschermd`, `bibob` (art. 28 Wet Bibob) or `politie-burgemeester` (police information
//! under the Wpg); what is withheld is counted so the answer can say so. Every step is written to
//! the security audit log and the processing log (activity `rechten-betrokkenen`). Nothing is
//! written into the dossiers' journals: a request must not alert the team working on the person.

use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::dossier::Vertrouwelijkheid;
use baken_domain::entiteit::{Entiteit, Rol, geboortekenmerk};
use baken_domain::identifiers::Bsn;
use baken_domain::journal::{JournaalInhoud, JournaalSoort};
use baken_domain::signaal::{Fenomeen, SignaalStatus};
use baken_domain::verzoek::{Art41Grond, Besluit, VerzoekSoort, termijn, verlenging_geweigerd};
use baken_domain::{Actor, GemeenteCode, Role, ValidationErrors};
use baken_store::{BeperkingRecord, EntiteitRecord, ReadTx, Tx, VerzoekRecord};
use serde_json::json;
use std::collections::BTreeSet;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

const ACTIVITEIT: &str = "rechten-betrokkenen";

/// One disclosable journal entry.
#[derive(Debug, Clone)]
pub struct InzagePost {
    pub id: Uuid,
    pub gebeurd_op: OffsetDateTime,
    pub soort: JournaalSoort,
    pub tekst: String,
}

/// One dossier that mentions the person.
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
    pub journaal: Vec<InzagePost>,
    /// Entries withheld (protected classes) or already destroyed.
    pub afgeschermd: usize,
    /// Entries withheld under art. 41 UAVG (only in an answer).
    pub beperkt: usize,
}

/// The answer to an access request as `POST /inzageverzoeken` gives it at once.
#[derive(Debug, Clone)]
pub struct InzageAntwoord {
    pub verzoek: VerzoekRecord,
    /// The person as Baken registered them.
    pub persoon: Option<EntiteitRecord>,
    pub dossiers: Vec<InzageDossier>,
}

/// New request, as entered.
#[derive(Debug, Clone, Default)]
pub struct VerzoekInvoer {
    pub soort: String,
    pub bsn: String,
    pub ontvangen_op: Option<String>,
    pub gemeente: Option<String>,
    pub toelichting: Option<String>,
}

/// A restriction as entered: a dossier, optionally one entry of it.
#[derive(Debug, Clone, Default)]
pub struct BeperkingInvoer {
    pub dossier: String,
    pub journaalpost: Option<String>,
    pub grond: String,
    pub motivering: String,
    pub herbeoordeling: String,
}

/// A restriction whose re-evaluation date has come.
#[derive(Debug, Clone)]
pub struct TeHerbeoordelen {
    pub beperking: BeperkingRecord,
    /// The request's reference (`V-…`).
    pub kenmerk: String,
    /// The dossier's number, unless the dossier has since been removed.
    pub dossier_nummer: Option<String>,
}

/// A re-evaluation as entered: `handhaven` (with the next date) or `opheffen`, with reasons.
#[derive(Debug, Clone, Default)]
pub struct HerbeoordelingInvoer {
    pub uitkomst: String,
    pub motivering: String,
    pub herbeoordeling: String,
}

/// A person registered without a BSN under the same surname and date of birth.
#[derive(Debug, Clone)]
pub struct Kandidaat {
    pub entiteit: EntiteitRecord,
    pub bevestigd: bool,
}

/// Everything the privacy officer sees of a request.
#[derive(Debug, Clone)]
pub struct VerzoekDetail {
    pub verzoek: VerzoekRecord,
    pub soort: VerzoekSoort,
    pub persoon: Option<EntiteitRecord>,
    pub kandidaten: Vec<Kandidaat>,
    pub beperkingen: Vec<BeperkingRecord>,
    /// Everything found (restricted parts included, marked by `beperkingen`).
    pub dossiers: Vec<InzageDossier>,
    /// Why the deadline cannot be extended, if it cannot.
    pub verlenging_geweigerd: Option<&'static str>,
    pub te_laat: bool,
}

/// The answer to the data subject, restrictions applied.
#[derive(Debug, Clone)]
pub struct Antwoord {
    pub verzoek: VerzoekRecord,
    pub soort: VerzoekSoort,
    pub persoon: Option<EntiteitRecord>,
    pub dossiers: Vec<InzageDossier>,
    /// The grounds of art. 41 UAVG on which something is withheld (never what or where).
    pub gronden: Vec<Art41Grond>,
    /// Per dossier municipality: the processing activity (purpose, legal basis, retention).
    pub verwerking: Option<baken_domain::protocol::Verwerking>,
}

/// The data subject of a request: the person found by BSN at registration, and the identities the
/// privacy officer confirmed as the same person.
struct Betrokkene {
    persoon: Option<EntiteitRecord>,
    bevestigd: Vec<Uuid>,
}

impl Betrokkene {
    /// Every entity that counts as the data subject.
    fn entiteiten(&self) -> Vec<Uuid> {
        self.persoon
            .iter()
            .map(|p| p.id)
            .chain(self.bevestigd.iter().copied())
            .collect()
    }
}

fn disclosable(class: Vertrouwelijkheid) -> bool {
    matches!(
        class,
        Vertrouwelijkheid::Normaal | Vertrouwelijkheid::Vertrouwelijk
    )
}

fn invalid(field: &str, reason: impl Into<String>) -> ServiceError {
    let mut errors = ValidationErrors::new();
    errors.add(field, reason);
    ServiceError::Invalid(errors)
}

fn surname_key(entiteit: &Entiteit) -> Option<String> {
    match entiteit {
        Entiteit::Persoon { achternaam, .. } => Some(
            achternaam
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect(),
        ),
        _ => None,
    }
}

impl Services {
    /// Registers an access request for a BSN (received on `ontvangen_op`, default today) and
    /// produces the answer at once. Privacy officer only; every step is logged.
    pub async fn answer_access_request(
        &self,
        actor: &Actor,
        bsn: &str,
        ontvangen_op: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<InzageAntwoord> {
        let verzoek = self
            .register_request(
                actor,
                &VerzoekInvoer {
                    soort: VerzoekSoort::Inzage.as_str().into(),
                    bsn: bsn.into(),
                    ontvangen_op: ontvangen_op.map(str::to_string),
                    ..VerzoekInvoer::default()
                },
                ctx,
            )
            .await?;
        let antwoord = self.request_answer(actor, verzoek.id, ctx).await?;
        let mut verzoek = antwoord.verzoek.clone();
        let now = self.clock.now();
        verzoek.beantwoord_op = Some(now);
        verzoek.besluit = Some(Besluit::Toegewezen.as_str().into());
        let mut tx = self.store.begin().await?;
        tx.update_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::InzageverzoekBeantwoorden,
            ctx,
            json!({"dossiers": antwoord.dossiers.len(), "termijnTot": verzoek.termijn_tot.to_string()}),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(InzageAntwoord {
            verzoek,
            persoon: antwoord.persoon,
            dossiers: antwoord.dossiers,
        })
    }

    /// Registers a request of a data subject with its legal deadline.
    pub async fn register_request(
        &self,
        actor: &Actor,
        invoer: &VerzoekInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekRecord> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut errors = ValidationErrors::new();
        let soort = errors.check("soort", VerzoekSoort::parse(&invoer.soort));
        let bsn = errors.check("bsn", Bsn::parse(&invoer.bsn));
        let received = match invoer
            .ontvangen_op
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(day) => errors.check("ontvangenOp", baken_domain::entiteit::parse_date(day)),
            None => Some(self.today_for_requests()),
        };
        if received.is_some_and(|d| d > self.today_for_requests()) {
            errors.add(
                "ontvangenOp",
                "Een verzoek kan niet in de toekomst zijn ontvangen.",
            );
        }
        let gemeente = match invoer
            .gemeente
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
        {
            Some(g) => match GemeenteCode::parse(g) {
                Ok(code) if actor.may_access_gemeente(&code) => Some(code),
                Ok(_) => {
                    errors.add("gemeente", "U behandelt geen verzoeken voor deze gemeente.");
                    None
                }
                Err(e) => {
                    errors.add("gemeente", e);
                    None
                }
            },
            None if actor.gemeenten.len() == 1 => actor.gemeenten.first().cloned(),
            None => {
                errors.add("gemeente", "Kies de gemeente die het verzoek behandelt.");
                None
            }
        };
        let toelichting = invoer
            .toelichting
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if toelichting
            .as_ref()
            .is_some_and(|t| t.chars().count() > 4000)
        {
            errors.add("toelichting", "Hoogstens 4000 tekens.");
        }
        errors.into_result()?;
        let (soort, bsn, received) = (
            soort.expect("checked"),
            bsn.expect("checked"),
            received.expect("checked"),
        );
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        // The request's municipality's record of the person (each municipality keeps its own);
        // the dossiers of the other records with this BSN in the officer's municipalities are
        // found through it (`entiteit_dossiers` follows the identifier).
        let key = format!("bsn:{bsn}");
        let mut persoon = None;
        for g in gemeente.iter().chain(actor.gemeenten.iter()) {
            if let Some(found) = tx.entiteit_by_sleutel(g, &key).await? {
                persoon = Some(found);
                break;
            }
        }
        let verzoek = VerzoekRecord {
            id: Uuid::now_v7(),
            soort: soort.as_str().into(),
            betrokkene: self.pseudonym("BSN", &bsn.to_string()),
            betrokkene_type: "BSN".into(),
            ontvangen_op: received,
            termijn_tot: termijn(received, false),
            geregistreerd_door: actor.user_id,
            geregistreerd_op: started,
            beantwoord_op: None,
            gemeente,
            entiteit_id: persoon.map(|p| p.id),
            toelichting,
            verlengd_op: None,
            verlenging_motivering: None,
            besluit: None,
            besluit_motivering: None,
        };
        tx.insert_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekRegistreren,
            ctx,
            json!({"soort": verzoek.soort, "termijnTot": verzoek.termijn_tot.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(verzoek)
    }

    /// The requests of the officer's municipalities, open ones first by deadline.
    pub async fn requests(&self, actor: &Actor) -> ServiceResult<Vec<VerzoekRecord>> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        Ok(tx.verzoeken(&actor.gemeenten).await?)
    }

    /// The restrictions of the officer's requests whose re-evaluation date has come: each with the
    /// request's reference and the dossier's number. A restriction may only last as long as its
    /// ground (art. 41 UAVG), so these are the officer's to look at again.
    pub async fn restrictions_due(&self, actor: &Actor) -> ServiceResult<Vec<TeHerbeoordelen>> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        let due = tx
            .beperkingen_te_herbeoordelen(&actor.gemeenten, self.today_for_requests())
            .await?;
        let ids: Vec<Uuid> = due.iter().map(|b| b.dossier_id).collect();
        let nummers: std::collections::BTreeMap<Uuid, String> = tx
            .dossiers_by_ids(&ids)
            .await?
            .into_iter()
            .map(|d| (d.id, d.nummer))
            .collect();
        Ok(due
            .into_iter()
            .map(|beperking| TeHerbeoordelen {
                kenmerk: crate::rapporten::kenmerk(beperking.verzoek_id),
                dossier_nummer: nummers.get(&beperking.dossier_id).cloned(),
                beperking,
            })
            .collect())
    }

    /// Whether a request is late: open after its deadline.
    pub fn request_late(&self, verzoek: &VerzoekRecord) -> bool {
        verzoek.beantwoord_op.is_none() && self.today_for_requests() > verzoek.termijn_tot
    }

    /// A request as the privacy officer works on it: the person, candidate identities, everything
    /// found, the restrictions. The reads are logged.
    pub async fn request_detail(
        &self,
        actor: &Actor,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekDetail> {
        let started = self.clock.now();
        let mut tx = self.store.begin_read().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let soort = VerzoekSoort::parse(&verzoek.soort).map_err(ServiceError::Internal)?;
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        let kandidaten = self
            .candidates(tx.as_mut(), actor, betrokkene.persoon.as_ref())
            .await?
            .into_iter()
            .map(|entiteit| Kandidaat {
                bevestigd: betrokkene.bevestigd.contains(&entiteit.id),
                entiteit,
            })
            .collect();
        let beperkingen = tx.beperkingen(id).await?;
        let dossiers = self
            .dossiers_of(tx.as_mut(), actor, &betrokkene.entiteiten())
            .await?;
        drop(tx);
        self.log_dossier_reads(actor, &dossiers, started).await?;
        let verlenging = verlenging_geweigerd(
            verzoek.ontvangen_op,
            verzoek.verlengd_op.is_some(),
            verzoek.beantwoord_op.is_some(),
            self.today_for_requests(),
        );
        let mut tx = self.store.begin().await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekInzien,
            ctx,
            json!({"dossiers": dossiers.len()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(VerzoekDetail {
            te_laat: self.request_late(&verzoek),
            verzoek,
            soort,
            persoon: betrokkene.persoon,
            kandidaten,
            beperkingen,
            dossiers,
            verlenging_geweigerd: verlenging,
        })
    }

    /// Extends the deadline by two months (once, within the first month, with reasons for the
    /// data subject).
    pub async fn extend_request(
        &self,
        actor: &Actor,
        id: Uuid,
        motivering: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekRecord> {
        let motivering = motivering.trim();
        if motivering.is_empty() {
            return Err(invalid(
                "motivering",
                "Geef de reden van de verlenging; de betrokkene krijgt die te horen.",
            ));
        }
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        if let Some(reason) = verlenging_geweigerd(
            verzoek.ontvangen_op,
            verzoek.verlengd_op.is_some(),
            verzoek.beantwoord_op.is_some(),
            self.today_for_requests(),
        ) {
            return Err(ServiceError::Conflict(reason.into()));
        }
        verzoek.termijn_tot = termijn(verzoek.ontvangen_op, true);
        verzoek.verlengd_op = Some(started);
        verzoek.verlenging_motivering = Some(motivering.into());
        tx.update_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekVerlengen,
            ctx,
            json!({"termijnTot": verzoek.termijn_tot.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(verzoek)
    }

    /// Confirms that a person registered without a BSN is the data subject.
    pub async fn confirm_identity(
        &self,
        actor: &Actor,
        id: Uuid,
        entiteit: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let entiteit = Uuid::parse_str(entiteit.trim())
            .map_err(|_| invalid("entiteit", "Kies een van de gevonden personen."))?;
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        let candidates = self
            .candidates(tx.as_mut(), actor, betrokkene.persoon.as_ref())
            .await?;
        if !candidates.iter().any(|c| c.id == entiteit) {
            return Err(invalid(
                "entiteit",
                "Deze persoon komt niet overeen met achternaam en geboortedatum van de betrokkene.",
            ));
        }
        tx.insert_verzoek_identiteit(id, entiteit, actor.user_id, started)
            .await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekIdentiteitBevestigen,
            ctx,
            json!({"entiteit": entiteit}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Withholds a dossier or one of its entries from the answer under art. 41 UAVG.
    pub async fn restrict_answer(
        &self,
        actor: &Actor,
        id: Uuid,
        invoer: &BeperkingInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<BeperkingRecord> {
        let mut errors = ValidationErrors::new();
        let grond = errors.check("grond", Art41Grond::parse(&invoer.grond));
        let motivering = invoer.motivering.trim();
        if motivering.is_empty() {
            errors.add(
                "motivering",
                "Motiveer waarom dit belang zwaarder weegt dan het recht van de betrokkene.",
            );
        }
        let herbeoordeling = self.next_review_date(&mut errors, &invoer.herbeoordeling);
        let dossier = Uuid::parse_str(invoer.dossier.trim()).ok();
        if dossier.is_none() {
            errors.add("dossier", "Kies een dossier uit het antwoord.");
        }
        let post = match invoer
            .journaalpost
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => None,
            Some(p) => match Uuid::parse_str(p) {
                Ok(p) => Some(p),
                Err(_) => {
                    errors.add("journaalpost", "Kies een journaalpost uit het dossier.");
                    None
                }
            },
        };
        errors.into_result()?;
        let dossier = dossier.expect("checked");
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        if verzoek.beantwoord_op.is_some() {
            return Err(ServiceError::Conflict(
                "Het verzoek is al afgehandeld.".into(),
            ));
        }
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        let found = self
            .dossiers_of(tx.as_mut(), actor, &betrokkene.entiteiten())
            .await?;
        let Some(in_answer) = found.iter().find(|d| d.dossier_id == dossier) else {
            return Err(invalid(
                "dossier",
                "Dit dossier hoort niet bij het antwoord.",
            ));
        };
        if let Some(post) = post
            && !in_answer.journaal.iter().any(|j| j.id == post)
        {
            return Err(invalid(
                "journaalpost",
                "Deze journaalpost hoort niet bij het antwoord.",
            ));
        }
        let beperking = BeperkingRecord {
            id: Uuid::now_v7(),
            verzoek_id: id,
            dossier_id: dossier,
            journaalpost_id: post,
            grond: grond.expect("checked").as_str().into(),
            motivering: motivering.into(),
            herbeoordeling: herbeoordeling.expect("checked"),
            vastgelegd_door: actor.user_id,
            vastgelegd_op: started,
            herbeoordeeld_op: None,
            herbeoordeling_motivering: None,
            opgeheven_op: None,
        };
        tx.insert_beperking(&beperking).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekBeperken,
            ctx,
            json!({"dossier": dossier, "journaalpost": post, "grond": beperking.grond,
                   "herbeoordeling": beperking.herbeoordeling.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(beperking)
    }

    /// Re-evaluates a restriction at (or before) its re-evaluation date: keep it with a new date
    /// after today, or lift it; reasons either way. Also after the answer — a lifted part is then
    /// in the answer again, for a supplementary answer to the data subject.
    pub async fn reassess_restriction(
        &self,
        actor: &Actor,
        id: Uuid,
        beperking_id: Uuid,
        invoer: &HerbeoordelingInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<BeperkingRecord> {
        let mut errors = ValidationErrors::new();
        let opheffen = match invoer.uitkomst.trim() {
            "handhaven" => Some(false),
            "opheffen" => Some(true),
            _ => {
                errors.add("uitkomst", "Kies handhaven of opheffen.");
                None
            }
        };
        let motivering = invoer.motivering.trim();
        if motivering.is_empty() {
            errors.add(
                "motivering",
                "Motiveer waarom de grond er nog wel of niet meer is.",
            );
        }
        let volgende = if opheffen == Some(false) {
            self.next_review_date(&mut errors, &invoer.herbeoordeling)
        } else {
            None
        };
        errors.into_result()?;
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let Some(mut beperking) = tx
            .beperkingen(id)
            .await?
            .into_iter()
            .find(|b| b.id == beperking_id)
        else {
            return Err(ServiceError::NotFound);
        };
        if beperking.opgeheven_op.is_some() {
            return Err(ServiceError::Conflict(
                "Deze beperking is al opgeheven.".into(),
            ));
        }
        beperking.herbeoordeeld_op = Some(started);
        beperking.herbeoordeling_motivering = Some(motivering.into());
        match volgende {
            Some(datum) => beperking.herbeoordeling = datum,
            None => beperking.opgeheven_op = Some(started),
        }
        tx.update_beperking(&beperking).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekBeperkingHerbeoordelen,
            ctx,
            json!({"beperking": beperking.id, "uitkomst": if volgende.is_some() { "handhaven" } else { "opheffen" },
                   "herbeoordeling": beperking.herbeoordeling.to_string()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(beperking)
    }

    /// Decides a request and marks it answered.
    pub async fn decide_request(
        &self,
        actor: &Actor,
        id: Uuid,
        besluit: &str,
        motivering: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<VerzoekRecord> {
        let mut errors = ValidationErrors::new();
        let besluit = errors.check("besluit", Besluit::parse(besluit));
        let motivering = motivering.trim();
        if motivering.is_empty() && besluit != Some(Besluit::Toegewezen) {
            errors.add(
                "motivering",
                "Motiveer een (deels) afgewezen verzoek; de betrokkene krijgt de motivering.",
            );
        }
        errors.into_result()?;
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        if verzoek.beantwoord_op.is_some() {
            return Err(ServiceError::Conflict(
                "Het verzoek is al afgehandeld.".into(),
            ));
        }
        verzoek.besluit = Some(besluit.expect("checked").as_str().into());
        verzoek.besluit_motivering = Some(motivering.to_string()).filter(|m| !m.is_empty());
        verzoek.beantwoord_op = Some(started);
        tx.update_verzoek(&verzoek).await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekBesluiten,
            ctx,
            json!({"besluit": verzoek.besluit}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(verzoek)
    }

    /// The answer to the data subject with the restrictions applied. Producing it is an export
    /// of personal data and logged as one.
    pub async fn request_answer(
        &self,
        actor: &Actor,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<Antwoord> {
        let started = self.clock.now();
        let mut tx = self.store.begin_read().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let soort = VerzoekSoort::parse(&verzoek.soort).map_err(ServiceError::Internal)?;
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        // A lifted restriction no longer withholds anything.
        let beperkingen: Vec<BeperkingRecord> = tx
            .beperkingen(id)
            .await?
            .into_iter()
            .filter(|b| b.opgeheven_op.is_none())
            .collect();
        let mut dossiers = self
            .dossiers_of(tx.as_mut(), actor, &betrokkene.entiteiten())
            .await?;
        let gemeente = verzoek
            .gemeente
            .clone()
            .or_else(|| actor.gemeenten.first().cloned());
        let verwerking = match &gemeente {
            Some(g) => self
                .protocol_in_force(tx.as_mut(), g)
                .await?
                .0
                .verwerking("signaalregistratie")
                .cloned(),
            None => None,
        };
        drop(tx);
        self.log_dossier_reads(actor, &dossiers, started).await?;
        let mut gronden = BTreeSet::new();
        dossiers.retain(|d| {
            match beperkingen
                .iter()
                .find(|b| b.dossier_id == d.dossier_id && b.journaalpost_id.is_none())
            {
                Some(b) => {
                    gronden.extend(Art41Grond::parse(&b.grond).ok());
                    false
                }
                None => true,
            }
        });
        for dossier in &mut dossiers {
            let before = dossier.journaal.len();
            dossier.journaal.retain(|post| {
                match beperkingen
                    .iter()
                    .find(|b| b.journaalpost_id == Some(post.id))
                {
                    Some(b) => {
                        gronden.extend(Art41Grond::parse(&b.grond).ok());
                        false
                    }
                    None => true,
                }
            });
            dossier.beperkt = before - dossier.journaal.len();
        }
        let mut tx = self.store.begin().await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekAntwoordExporteren,
            ctx,
            json!({"dossiers": dossiers.len(), "gronden": gronden.iter().map(|g| g.as_str()).collect::<Vec<_>>()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(Antwoord {
            verzoek,
            soort,
            persoon: betrokkene.persoon,
            dossiers,
            gronden: gronden.into_iter().collect(),
            verwerking,
        })
    }

    /// The request, if the actor is a privacy officer of its municipality; otherwise 403 (not a
    /// privacy officer) or 404 (someone else's request).
    async fn request_of(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        id: Uuid,
    ) -> ServiceResult<VerzoekRecord> {
        if !actor.has_role(Role::Privacyfunctionaris) {
            return Err(ServiceError::Forbidden);
        }
        let verzoek = tx.verzoek(id).await?.ok_or(ServiceError::NotFound)?;
        let visible = match &verzoek.gemeente {
            Some(g) => actor.may_access_gemeente(g),
            None => verzoek.geregistreerd_door == actor.user_id,
        };
        if visible {
            Ok(verzoek)
        } else {
            Err(ServiceError::NotFound)
        }
    }

    /// The request's data subject as Baken knows them.
    async fn subject_of(
        &self,
        tx: &mut dyn ReadTx,
        verzoek: &VerzoekRecord,
    ) -> ServiceResult<Betrokkene> {
        Ok(Betrokkene {
            persoon: match verzoek.entiteit_id {
                Some(e) => tx.entiteit(e).await?,
                None => None,
            },
            bevestigd: tx.verzoek_identiteiten(verzoek.id).await?,
        })
    }

    /// Persons without a BSN with the same surname and date of birth as `persoon`.
    async fn candidates(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        persoon: Option<&EntiteitRecord>,
    ) -> ServiceResult<Vec<EntiteitRecord>> {
        let Some(persoon) = persoon else {
            return Ok(Vec::new());
        };
        let Entiteit::Persoon {
            geboortedatum: Some(geboren),
            ..
        } = &persoon.entiteit
        else {
            return Ok(Vec::new());
        };
        let surname = surname_key(&persoon.entiteit);
        Ok(tx
            .personen_met_kenmerk(&geboortekenmerk(*geboren))
            .await?
            .into_iter()
            .filter(|e| {
                e.id != persoon.id
                    && actor.may_access_gemeente(&e.gemeente)
                    && matches!(e.entiteit, Entiteit::Persoon { bsn: None, .. })
                    && surname_key(&e.entiteit) == surname
            })
            .collect())
    }

    /// Every dossier of the actor's municipalities that mentions one of `personen`, with what
    /// may be disclosed.
    async fn dossiers_of(
        &self,
        tx: &mut dyn ReadTx,
        actor: &Actor,
        personen: &[Uuid],
    ) -> ServiceResult<Vec<InzageDossier>> {
        let mut seen = BTreeSet::new();
        let mut dossiers = Vec::new();
        for persoon in personen {
            for (dossier, rol) in tx.entiteit_dossiers(*persoon).await? {
                if !actor.may_access_gemeente(&dossier.gemeente) || !seen.insert(dossier.id) {
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
                            journaal.push(InzagePost {
                                id: row.chain.entry_id,
                                gebeurd_op: inhoud.gebeurd_op,
                                soort: inhoud.soort,
                                tekst: inhoud.tekst,
                            });
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
                    beperkt: 0,
                });
            }
        }
        dossiers.sort_by_key(|d| std::cmp::Reverse(d.ontvangstdatum));
        Ok(dossiers)
    }

    /// The dossiers read for a request, in the access log (the officer's reads are reads too).
    async fn log_dossier_reads(
        &self,
        actor: &Actor,
        dossiers: &[InzageDossier],
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let entries: Vec<(&str, Uuid, Option<Uuid>)> = dossiers
            .iter()
            .map(|d| ("verzoek", d.dossier_id, Some(d.dossier_id)))
            .collect();
        self.log_reads(actor, &entries, "verzoek van betrokkene", &[], started)
            .await
    }

    /// One step of handling a request: an audit record (with the user) and a processing record
    /// (with the subject's pseudonym, without the user) in the same transaction.
    #[allow(clippy::too_many_arguments)]
    async fn log_request_step(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        verzoek: &VerzoekRecord,
        actie: crate::audit::AuditAction,
        ctx: &RequestContext,
        details: serde_json::Value,
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let event = RequestEvent {
            user: Some(actor.user_id),
            gemeente: verzoek
                .gemeente
                .clone()
                .or_else(|| actor.gemeenten.first().cloned()),
            verwerking: actie.as_str(),
            audit: actie,
        };
        self.log_request_event(tx, verzoek, event, ctx, details, started)
            .await
    }

    /// The processing record (subject as pseudonym) and the audit record of something done with a
    /// request, under the current trace.
    async fn log_request_event(
        &self,
        tx: &mut dyn Tx,
        verzoek: &VerzoekRecord,
        event: RequestEvent<'_>,
        ctx: &RequestContext,
        details: serde_json::Value,
        started: OffsetDateTime,
    ) -> ServiceResult<()> {
        let now = self.clock.now();
        let trace = crate::trace::current();
        let mut record = self.processing_record(
            &trace,
            event.verwerking,
            ACTIVITEIT,
            None,
            None,
            (started, now),
        );
        record.betrokkene = Some(verzoek.betrokkene.clone());
        record.betrokkene_type = Some(verzoek.betrokkene_type.clone());
        record.gemeente = event.gemeente;
        tx.append_verwerking(&record).await?;
        let mut details = details;
        details["trace"] = json!(trace.trace_hex());
        Audit {
            at: now,
            actor: event.user,
            ctx,
        }
        .write(
            tx,
            event.audit,
            Some(format!("verzoek:{}", verzoek.id)),
            crate::audit::Outcome::Gelukt,
            details,
        )
        .await?;
        Ok(())
    }

    fn today_for_requests(&self) -> Date {
        baken_domain::tijd::today_nl(self.clock.now())
    }

    /// A restriction's (next) re-evaluation date, as entered: a valid date after today, or an
    /// error at `herbeoordeling`.
    fn next_review_date(&self, errors: &mut ValidationErrors, input: &str) -> Option<Date> {
        let today = self.today_for_requests();
        let date = errors.check("herbeoordeling", baken_domain::entiteit::parse_date(input))?;
        if date <= today {
            errors.add("herbeoordeling", "Kies een datum na vandaag.");
            return None;
        }
        Some(date)
    }

    /// Removes a request answered more than the retention period ago, with its restrictions and
    /// confirmed identities, in one transaction with an audit record (no personal data) and a
    /// processing record (the subject's pseudonym). Called by the retention job.
    pub(crate) async fn remove_request_for_retention(
        &self,
        caller: &crate::Caller,
        verzoek: &VerzoekRecord,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        let started = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.delete_verzoek(verzoek.id).await?;
        let event = RequestEvent {
            user: caller.actor_id(),
            gemeente: verzoek.gemeente.clone(),
            verwerking: "verzoek.verwijderen",
            audit: crate::audit::AuditAction::VerzoekVerwijderd,
        };
        let details = json!({
            "reden": "bewaartermijn",
            "kenmerk": crate::rapporten::kenmerk(verzoek.id),
            "beantwoord_op": verzoek.beantwoord_op.map(|b| baken_domain::tijd::today_nl(b).to_string()),
        });
        self.log_request_event(tx.as_mut(), verzoek, event, ctx, details, started)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Who did what with a request: the user (none for the system), the municipality the processing
/// record is filed under, and the action names in the processing log and the audit log.
struct RequestEvent<'a> {
    user: Option<baken_domain::UserId>,
    gemeente: Option<GemeenteCode>,
    verwerking: &'a str,
    audit: crate::audit::AuditAction,
}
