//! Recording a procedure step of an intervention: checked against the procedure (no step the
//! catalogue does not name, none that urgent use skipped, the intent before the decision, the
//! decision before it is made known), then the deadlines recomputed and stored.

use super::{Maatregel, gezette_stappen, tekst};
use crate::Services;
use crate::audit::{AuditAction, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::maatregelen::Stap;
use baken_domain::protocol::Duur;
use baken_domain::{Actor, ValidationErrors};
use baken_store::MaatregelStapRecord;
use uuid::Uuid;

/// A step as the pages and the API send it.
#[derive(Debug, Clone, Default)]
pub struct StapInput {
    pub stap: String,
    /// `JJJJ-MM-DD`; the day it happened (or, for an intent or decision, the date of the letter).
    pub datum: String,
    /// The duration of a closure's start or extension (`P3M`).
    pub duur: Option<String>,
    pub toelichting: Option<String>,
    /// The court decision's ECLI (appeal, higher appeal).
    pub ecli: Option<String>,
    pub bijlage_id: Option<Uuid>,
    /// A Bibob conclusion's degree of danger (`geen`, `mindere-mate`, `ernstig`) and its ground
    /// (`a`, `b`, `a-en-b`): an own investigation, the bureau's advice, the register notice.
    pub gevaar: Option<String>,
    pub bibob_grond: Option<String>,
    /// A penalty forfeited or collected, or costs recovered, in euros (`2.500,00`).
    pub bedrag: Option<String>,
}

/// A step as checked.
struct Checked {
    stap: Stap,
    datum: time::Date,
    duur: Option<String>,
    ecli: Option<String>,
    toelichting: Option<String>,
    uitkomst: baken_domain::maatregelen::Uitkomst,
}

/// Steps that may only follow another one.
const VOLGORDE: &[(Stap, Stap)] = &[
    (Stap::Zienswijze, Stap::Voornemen),
    (Stap::Hoorgesprek, Stap::Voornemen),
    // The party is heard before an adverse decision (Awb 4:8), unless urgent use skipped it.
    (Stap::Besluit, Stap::Voornemen),
    (Stap::Bekendmaking, Stap::Besluit),
    (Stap::Publicatie, Stap::Besluit),
    (Stap::Uitvoering, Stap::Besluit),
    (Stap::Ingang, Stap::Besluit),
    (Stap::Verlenging, Stap::Ingang),
    (Stap::Opheffing, Stap::Besluit),
    (Stap::Einde, Stap::Besluit),
    (Stap::Verbeurte, Stap::Bekendmaking),
    (Stap::Invordering, Stap::Verbeurte),
    (Stap::Bezwaar, Stap::Bekendmaking),
    (Stap::Hoorzitting, Stap::Bezwaar),
    (Stap::BeslissingOpBezwaar, Stap::Bezwaar),
    (Stap::Beroep, Stap::BeslissingOpBezwaar),
    (Stap::UitspraakBeroep, Stap::Beroep),
    (Stap::HogerBeroep, Stap::UitspraakBeroep),
    (Stap::UitspraakHogerBeroep, Stap::HogerBeroep),
    (Stap::BibobVerlenging, Stap::BibobAdviesaanvraag),
    (Stap::BibobAdvies, Stap::BibobAdviesaanvraag),
];

/// Steps that happen once; the others (an extension, a penalty forfeited) may recur.
fn eenmalig(stap: Stap) -> bool {
    !matches!(
        stap,
        Stap::Verlenging
            | Stap::Verbeurte
            | Stap::Invordering
            | Stap::Gesprek
            | Stap::Waarschuwing
            | Stap::Hoorgesprek
            | Stap::VoorlopigeVoorziening
    )
}

/// `ECLI:NL:RVS:2022:285`: the European Case Law Identifier as Dutch courts write it.
fn ecli_geldig(ecli: &str) -> bool {
    let parts: Vec<&str> = ecli.split(':').collect();
    parts.len() == 5
        && parts[0] == "ECLI"
        && parts[1].len() == 2
        && parts[1].chars().all(|c| c.is_ascii_uppercase())
        && !parts[2].is_empty()
        && parts[2].len() <= 7
        && parts[2]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && parts[3].len() == 4
        && parts[3].chars().all(|c| c.is_ascii_digit())
        && !parts[4].is_empty()
        && parts[4].len() <= 25
        && parts[4]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.')
}

impl Services {
    /// Records a step of an intervention in its dossier's journal and recomputes its deadlines.
    pub async fn record_step(
        &self,
        actor: &Actor,
        maatregel_id: Uuid,
        input: &StapInput,
        ctx: &RequestContext,
    ) -> ServiceResult<Maatregel> {
        let mut tx = self.store.begin().await?;
        let record = tx
            .maatregel(maatregel_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, record.dossier_id).await?;
        let Some(record) = self
            .knowable_interventions(tx.as_mut(), actor, vec![record])
            .await?
            .pop()
        else {
            return Err(ServiceError::NotFound);
        };
        Self::require_work(actor)?;
        tx.lock_dossier(dossier.id).await?;
        let mut stappen = tx.maatregel_stappen(maatregel_id).await?;
        let catalogus = self.catalogue_of(tx.as_mut(), &record).await?;
        let view =
            self.describe_intervention(&catalogus, record.clone(), &dossier, stappen.clone())?;
        if view.instrument.klasse == baken_domain::dossier::Vertrouwelijkheid::Bibob
            && !actor.bibob_clearance
        {
            return Err(ServiceError::Forbidden);
        }
        if record.status != "lopend" {
            return Err(ServiceError::conflict(
                "maatregel-afgerond",
                "Deze maatregel is afgerond; er komen geen stappen meer bij.",
            ));
        }
        let checked = self
            .check_step(tx.as_mut(), &dossier, &record, &view, &stappen, input)
            .await?;
        let Checked {
            stap,
            datum,
            duur,
            ecli,
            toelichting,
            uitkomst,
        } = checked;

        let now = self.clock.now();
        let step = MaatregelStapRecord {
            id: Uuid::new_v4(),
            maatregel_id,
            stap: stap.as_str().to_string(),
            datum,
            duur,
            toelichting,
            ecli,
            bijlage_id: input.bijlage_id,
            gevaar: uitkomst.gevaar.map(|g| g.as_str().to_string()),
            bibob_grond: uitkomst.bibob_grond.map(|g| g.as_str().to_string()),
            bedrag_cent: uitkomst.bedrag_cent,
            geregistreerd_op: now,
            geregistreerd_door: actor.user_id,
        };
        tx.insert_maatregel_stap(&step).await?;
        stappen.push(step.clone());
        stappen.sort_by_key(|s| (s.datum, s.geregistreerd_op));
        let mut next = record.clone();
        if matches!(
            stap,
            Stap::Einde | Stap::Opheffing | Stap::UitspraakHogerBeroep
        ) || (stap == Stap::Waarschuwing
            && view.instrument.stappen.last() == Some(&Stap::Waarschuwing))
        {
            next.status = "afgerond".into();
        }
        next.versie = record.versie + 1;
        if !tx.update_maatregel(&next, record.versie).await? {
            return Err(ServiceError::conflict(
                "versie-verouderd",
                "De maatregel is intussen door iemand anders gewijzigd. Probeer het opnieuw.",
            ));
        }
        let deadlines = self
            .store_deadlines(tx.as_mut(), &next, &view.instrument, &stappen)
            .await?;
        let mut zin = format!(
            "{} {}: {} op {}.",
            view.instrument.naam,
            record.nummer,
            stap.label(),
            baken_domain::tijd::format_date_nl(datum)
        );
        if let Some(e) = &step.ecli {
            zin.push_str(&format!(" {e}."));
        }
        if let Some(g) = uitkomst.gevaar {
            zin.push_str(&format!(
                " {}.",
                baken_domain::maatregelen::uitkomst::conclusie(g, uitkomst.bibob_grond)
            ));
        }
        if let Some(c) = uitkomst.bedrag_cent {
            zin.push_str(&format!(
                " Bedrag: {}.",
                baken_domain::maatregelen::uitkomst::format_bedrag(c)
            ));
        }
        if let Some(t) = &step.toelichting {
            zin.push_str(&format!(" {t}"));
        }
        for d in deadlines
            .iter()
            .filter(|d| !d.voldaan && newly_started(stap, d.soort))
        {
            zin.push_str(&format!(
                " {}: uiterlijk {}.",
                d.omschrijving,
                baken_domain::tijd::format_date_nl(d.termijn.einddatum)
            ));
        }
        self.record_intervention_change(
            tx.as_mut(),
            actor,
            &dossier,
            &next,
            zin,
            AuditAction::MaatregelStapVastgelegd,
            ctx,
        )
        .await?;
        tx.commit().await?;
        self.describe_intervention(&catalogus, next, &dossier, stappen)
    }

    /// Checks a step against the procedure and the steps so far; every problem is named.
    async fn check_step(
        &self,
        tx: &mut dyn baken_store::Tx,
        dossier: &baken_store::DossierRecord,
        record: &baken_store::MaatregelRecord,
        view: &Maatregel,
        stappen: &[MaatregelStapRecord],
        input: &StapInput,
    ) -> ServiceResult<Checked> {
        let today = baken_domain::tijd::today_nl(self.clock.now());
        let mut errors = ValidationErrors::new();
        let stap = match input.stap.trim() {
            "" => {
                errors.add_code("stap", "verplicht", "Kies de stap.");
                None
            }
            s => match Stap::parse(s) {
                Err(e) => {
                    errors.add_code("stap", "onbekend", e);
                    None
                }
                Ok(s) if view.overgeslagen.contains(&s) => {
                    errors.add_code(
                        "stap",
                        "ongeldig",
                        format!(
                            "{} is bij deze spoedeisende toepassing overgeslagen.",
                            s.label()
                        ),
                    );
                    None
                }
                Ok(s) if !view.instrument.stappen.contains(&s) => {
                    errors.add_code(
                        "stap",
                        "ongeldig",
                        format!("{} hoort niet bij {}.", s.label(), view.instrument.naam),
                    );
                    None
                }
                Ok(s) => Some(s),
            },
        };
        let gezet = gezette_stappen(stappen);
        if let Some(s) = stap {
            if eenmalig(s) && gezet.iter().any(|g| g.stap == s) {
                errors.add_code(
                    "stap",
                    "ongeldig",
                    format!("{} is al vastgelegd.", s.label()),
                );
            }
            for (na, voor) in VOLGORDE {
                if *na == s
                    && view.instrument.stappen.contains(voor)
                    && !view.overgeslagen.contains(voor)
                    && !gezet.iter().any(|g| g.stap == *voor)
                {
                    errors.add_code(
                        "stap",
                        "ongeldig",
                        format!("Eerst: {}.", voor.label().to_lowercase()),
                    );
                }
            }
        }
        let datum = match input.datum.trim() {
            "" => {
                errors.add_code("datum", "verplicht", "Vul de datum in (JJJJ-MM-DD).");
                None
            }
            d => match baken_domain::entiteit::parse_date(d) {
                Err(e) => {
                    errors.add_code("datum", "formaat", e);
                    None
                }
                Ok(d) if d > today => {
                    errors.add_code(
                        "datum",
                        "ongeldig",
                        "Een stap wordt vastgelegd als hij gebeurd is: de datum ligt in de toekomst.",
                    );
                    None
                }
                Ok(d) => Some(d),
            },
        };
        if let (Some(s), Some(d)) = (stap, datum) {
            // A step does not happen before the step it follows.
            for (na, voor) in VOLGORDE {
                if *na == s
                    && let Some(eerder) = gezet
                        .iter()
                        .filter(|g| g.stap == *voor)
                        .map(|g| g.datum)
                        .max()
                    && d < eerder
                {
                    errors.add_code(
                        "datum",
                        "ongeldig",
                        format!(
                            "Deze stap kan niet vóór {} ({}) liggen.",
                            voor.label().to_lowercase(),
                            baken_domain::tijd::format_date_nl(eerder)
                        ),
                    );
                }
            }
        }
        let duur = match input
            .duur
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            None if matches!(stap, Some(Stap::Ingang | Stap::Verlenging))
                && view.instrument.duur_verplicht =>
            {
                // The start takes the decision's duration when none is given.
                match (stap, &record.duur) {
                    (Some(Stap::Ingang), Some(d)) => Some(d.clone()),
                    _ => {
                        errors.add_code("duur", "verplicht", "Geef de duur (bijvoorbeeld P3M).");
                        None
                    }
                }
            }
            None => None,
            Some(d) => match Duur::parse(d) {
                Ok(_) => Some(d.to_string()),
                Err(e) => {
                    errors.add_code("duur", "formaat", e);
                    None
                }
            },
        };
        let ecli = match input
            .ecli
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            Some(e) if !stap.is_some_and(Stap::heeft_ecli) => {
                errors.add_code(
                    "ecli",
                    "ongeldig",
                    "Een ECLI hoort alleen bij een uitspraak.",
                );
                let _ = e;
                None
            }
            Some(e) if !ecli_geldig(e) => {
                errors.add_code(
                    "ecli",
                    "formaat",
                    "Geen geldige ECLI; bijvoorbeeld ECLI:NL:RVS:2022:285.",
                );
                None
            }
            other => other.map(str::to_string),
        };
        let toelichting = tekst(input.toelichting.as_deref(), "toelichting", &mut errors);
        let uitkomst = baken_domain::maatregelen::uitkomst::check_uitkomst(
            stap,
            input.gevaar.as_deref(),
            input.bibob_grond.as_deref(),
            input.bedrag.as_deref(),
            &mut errors,
        );
        if let Some(b) = input.bijlage_id
            && tx
                .bijlage(b)
                .await?
                .is_none_or(|a| a.dossier_id != dossier.id)
        {
            errors.add_code("bijlage", "onbekend", "Kies een bijlage van dit dossier.");
        }
        errors.into_result()?;
        Ok(Checked {
            stap: stap.expect("valid"),
            datum: datum.expect("valid"),
            duur,
            ecli,
            toelichting,
            uitkomst,
        })
    }
}

/// Whether recording `stap` started the deadline `soort` (named in the journal entry).
fn newly_started(stap: Stap, soort: &str) -> bool {
    matches!(
        (stap, soort),
        (Stap::Voornemen, "zienswijzetermijn")
            | (
                Stap::Bekendmaking,
                "bezwaartermijn" | "begunstigingstermijn"
            )
            | (
                Stap::BibobAdviesaanvraag | Stap::BibobVerlenging,
                "bibob-adviestermijn"
            )
            | (Stap::Bezwaar, "beslistermijn-bezwaar")
            | (Stap::BeslissingOpBezwaar, "beroepstermijn")
            | (Stap::UitspraakBeroep, "hoger-beroepstermijn")
            | (Stap::Ingang | Stap::Verlenging, "einde-sluiting")
    )
}

#[cfg(test)]
mod tests {
    use super::ecli_geldig;

    #[test]
    fn ecli_as_dutch_courts_write_it() {
        assert!(ecli_geldig("ECLI:NL:RVS:2022:285"));
        assert!(ecli_geldig("ECLI:NL:RBZWB:2021:2800"));
        assert!(!ecli_geldig("ECLI:NL:RVS:22:285"));
        assert!(!ecli_geldig("NL:RVS:2022:285"));
        assert!(!ecli_geldig("ECLI:nl:RVS:2022:285"));
        assert!(!ecli_geldig("ECLI:NL:RVS:2022:"));
    }
}
