//! The letters of an intervention under the Awb: the intent (voornemen, with the invitation to give
//! a view and when) and the decision (besluit, with the grace period and the notice of objection:
//! where, within six weeks). Typeset from the intervention's facts, legal basis and motivation, with
//! the municipality's letterhead and signatory from configuration; stored as an attachment of the
//! dossier (PDF) and journaled. The letter is a draft for the signatory: recording the step
//! (`voornemen`, `besluit`) names it.

use super::{Maatregel, gezette_stappen};
use crate::Services;
use crate::audit::{AuditAction, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use baken_domain::Actor;
use baken_domain::dossier::Vertrouwelijkheid;
use baken_domain::maatregelen::{Bevoegd, Stap};
use baken_domain::protocol::Duur;
use baken_domain::termijnen;
use baken_domain::tijd::{format_date_long_nl, today_nl};
use baken_store::EntiteitRecord;
use uuid::Uuid;

/// Which letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brief {
    Voornemen,
    Besluit,
}

impl Brief {
    pub fn parse(value: &str) -> Result<Brief, String> {
        match value.trim() {
            "voornemen" => Ok(Brief::Voornemen),
            "besluit" => Ok(Brief::Besluit),
            other => Err(format!(
                "Onbekende brief '{other}'. Kies uit: voornemen, besluit."
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Brief::Voornemen => "voornemen",
            Brief::Besluit => "besluit",
        }
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

impl Services {
    /// Drafts the intent or the decision letter of an intervention as a PDF, stores it as an
    /// attachment of the dossier (in the intervention's class) and journals it; gives the
    /// attachment's id. 409 when the procedure has no such step, or it was skipped (urgent use).
    pub async fn intervention_letter(
        &self,
        actor: &Actor,
        maatregel_id: Uuid,
        brief: Brief,
        ctx: &RequestContext,
    ) -> ServiceResult<Uuid> {
        let m = self
            .intervention(actor, maatregel_id, "brief opstellen")
            .await?;
        Self::require_work(actor)?;
        let bibob = m.instrument.klasse == Vertrouwelijkheid::Bibob;
        if bibob && !actor.bibob_clearance {
            return Err(ServiceError::Forbidden);
        }
        let stap = match brief {
            Brief::Voornemen => Stap::Voornemen,
            Brief::Besluit => Stap::Besluit,
        };
        if !m.instrument.stappen.contains(&stap) || m.overgeslagen.contains(&stap) {
            return Err(ServiceError::conflict(
                "geen-brief",
                format!(
                    "Bij deze maatregel hoort geen brief '{}'.",
                    stap.label().to_lowercase()
                ),
            ));
        }
        let mut tx = self.store.begin_read().await?;
        let dossier = Self::full_dossier(tx.as_mut(), actor, m.record.dossier_id).await?;
        let entiteiten: Vec<EntiteitRecord> = tx
            .dossier_entiteiten(dossier.id)
            .await?
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        drop(tx);
        let gemeente = self
            .gemeente_namen(std::slice::from_ref(&dossier.gemeente))
            .await?
            .remove(0);
        let gegevens = self.letter_data(&m, brief, &gemeente, &entiteiten);
        let titel = format!(
            "{}: {}",
            match brief {
                Brief::Voornemen => "Voornemen",
                Brief::Besluit => "Besluit",
            },
            m.instrument.naam
        );
        let kop = self
            .kop(
                actor,
                &titel,
                format!("Gemeente {gemeente} · kenmerk {}", m.record.nummer),
                if bibob {
                    "Bibob (art. 28 Wet Bibob)"
                } else {
                    "Vertrouwelijk · persoonsgegevens"
                },
            )
            .await?;
        let pdf = baken_reports::render(baken_reports::Sjabloon::Maatregelbrief, &kop, &gegevens)
            .await
            .map_err(crate::rapporten::report_error)?;
        let mut upload = self.start_attachment(actor, dossier.id).await?;
        upload.write(&pdf)?;
        let naam = format!("{}-{}.pdf", brief.as_str(), m.record.nummer);
        let bijlage = self
            .finish_attachment(
                actor,
                upload,
                &naam,
                "application/pdf",
                Some(if bibob { "bibob" } else { "normaal" }),
                ctx,
            )
            .await?;
        let mut tx = self.store.begin().await?;
        self.record_intervention_change(
            tx.as_mut(),
            actor,
            &dossier,
            &m.record,
            format!(
                "{} {}: brief '{}' opgesteld ({naam}), ter ondertekening.",
                m.instrument.naam,
                m.record.nummer,
                stap.label().to_lowercase()
            ),
            AuditAction::MaatregelBriefOpgesteld,
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(bijlage)
    }

    /// What the letter says, as the template reads it.
    fn letter_data(
        &self,
        m: &Maatregel,
        brief: Brief,
        gemeente: &str,
        entiteiten: &[EntiteitRecord],
    ) -> serde_json::Value {
        let r = &m.record;
        let hoofd = self.config.briefhoofd(r.gemeente.as_str());
        let today = today_nl(self.clock.now());
        let college = m.instrument.bevoegd == Bevoegd::College;
        let afzender = if college {
            format!("Het college van burgemeester en wethouders van {gemeente}")
        } else {
            format!("De burgemeester van {gemeente}")
        };
        let adressaten: Vec<&EntiteitRecord> = entiteiten
            .iter()
            .filter(|e| r.adressaten.contains(&e.id))
            .collect();
        let object = r
            .object_id
            .and_then(|o| entiteiten.iter().find(|e| e.id == o))
            .map(|e| e.entiteit.weergave());
        let mut geadresseerde: Vec<String> = adressaten.iter().map(|e| e.entiteit.naam()).collect();
        if geadresseerde.is_empty() {
            geadresseerde.push("De bewoner(s) en de eigenaar".into());
        }
        if let Some(o) = &object {
            geadresseerde.push(o.clone());
        }
        let aanhef = match adressaten.first().and_then(|e| e.entiteit.aanspreeknaam()) {
            Some(naam) if adressaten.len() == 1 => format!("Geachte heer, mevrouw {naam},"),
            _ => "Geachte heer, mevrouw,".to_string(),
        };
        let naam = lower_first(&m.instrument.naam);
        let pand = object
            .as_ref()
            .map(|o| format!(" van het pand {o}"))
            .unwrap_or_default();
        let gezet = gezette_stappen(&m.stappen);
        let rapportage = gezet
            .iter()
            .find(|s| s.stap == Stap::BestuurlijkeRapportage)
            .map(|s| s.datum);
        let inleiding = match rapportage {
            Some(d) => format!(
                "Op {} ontving ik een bestuurlijke rapportage van de politie{pand}. Daaruit blijkt wat hieronder onder ‘Motivering’ staat. In deze brief leest u wat ik {} en waarom.",
                format_date_long_nl(d),
                if brief == Brief::Voornemen {
                    "van plan ben"
                } else {
                    "heb besloten"
                }
            ),
            None => format!(
                "Naar aanleiding van wat de gemeente {gemeente} heeft vastgesteld{pand} leest u in deze brief wat ik {} en waarom.",
                if brief == Brief::Voornemen {
                    "van plan ben"
                } else {
                    "heb besloten"
                }
            ),
        };
        let duur = r.duur.as_deref().and_then(|d| Duur::parse(d).ok());
        let voor_duur = duur
            .map(|d| format!(" voor de duur van {}", d.omschrijving()))
            .unwrap_or_default();
        let grond = r.grond.as_ref().and_then(|g| {
            m.instrument
                .gronden
                .iter()
                .find(|x| &x.code == g)
                .map(|x| format!(" De grond is: {}.", lower_first(&x.omschrijving)))
        });
        let begunstiging = m
            .instrument
            .begunstigingstermijn
            .as_deref()
            .and_then(|d| Duur::parse(d).ok())
            .map(|d| {
                termijnen::eigen_termijn(
                    today,
                    d,
                    "Begunstigingstermijn",
                    &self.config.gelijkgestelde_dagen,
                )
            });
        let maatregel = match brief {
            Brief::Voornemen => format!("Ik ben van plan te besluiten tot {naam}{pand}{voor_duur}."),
            Brief::Besluit => format!(
                "Ik besluit tot {naam}{pand}{voor_duur}.{}",
                begunstiging
                    .as_ref()
                    .map(|b| format!(
                        " U krijgt een begunstigingstermijn tot en met {}: binnen die termijn kunt u zelf aan dit besluit voldoen. Doet u dat niet, dan voert de gemeente het uit.",
                        format_date_long_nl(b.einddatum)
                    ))
                    .unwrap_or_default()
            ),
        };
        let spoed = (r.spoed && brief == Brief::Besluit).then(|| {
            format!(
                "De situatie is zo spoedeisend dat ik u vooraf niet in de gelegenheid heb gesteld uw zienswijze te geven ({}): {}",
                m.instrument
                    .spoed
                    .as_ref()
                    .map_or("artikel 4:11 Algemene wet bestuursrecht", |s| s.grondslag.as_str()),
                r.spoed_motivering.clone().unwrap_or_default()
            )
        });
        let grondslag = format!(
            "Ik baseer mij op {}.{}",
            m.instrument.grondslag,
            grond.unwrap_or_default()
        );
        let beleid = format!(
            "Daarbij volg ik het {} van de gemeente {gemeente} (beleidsregel in de zin van artikel 4:81 Algemene wet bestuursrecht).",
            r.beleidsregel
        );
        let motivering = r.motivering.clone().unwrap_or_else(|| {
            "De maatregel is geschikt om de overtreding te beëindigen, noodzakelijk omdat een lichter middel niet volstaat, en evenredig gelet op de belangen van u en van de omgeving.".into()
        });
        let mut termijnen_tekst = Vec::new();
        let zienswijze = m
            .instrument
            .zienswijzetermijn
            .as_deref()
            .and_then(|d| Duur::parse(d).ok());
        if brief == Brief::Voornemen
            && let Some(z) = zienswijze
        {
            let t = termijnen::eigen_termijn(
                today,
                z,
                "Zienswijzetermijn",
                &self.config.gelijkgestelde_dagen,
            );
            termijnen_tekst.push(format!(
                "Voordat ik een besluit neem, kunt u uw zienswijze geven, schriftelijk of mondeling (artikel 4:8 Algemene wet bestuursrecht). Dat kan tot en met {}. Wilt u uw zienswijze mondeling geven, neem dan contact op via {}.",
                format_date_long_nl(t.einddatum),
                if hoofd.contact.is_empty() { "het nummer bovenaan deze brief".to_string() } else { hoofd.contact.clone() }
            ));
        }
        let waar = if hoofd.bezwaar_adres.is_empty() {
            lower_first(&afzender)
        } else {
            format!("{}, {}", lower_first(&afzender), hoofd.bezwaar_adres)
        };
        let rechtsmiddel = match brief {
            Brief::Besluit => format!(
                "Bent u het niet eens met dit besluit, dan kunt u bezwaar maken. Dat doet u binnen zes weken na de dag waarop dit besluit is bekendgemaakt (artikel 6:7 en 6:8 Algemene wet bestuursrecht), bij {waar}. Vermeld in uw bezwaarschrift uw naam en adres, de datum, het kenmerk {} van dit besluit en waarom u het er niet mee eens bent, en onderteken het. Een bezwaar schort de werking van het besluit niet op.",
                r.nummer
            ),
            Brief::Voornemen => format!(
                "Tegen dit voornemen kunt u nog geen bezwaar maken. Tegen het besluit dat volgt wel: binnen zes weken na de dag waarop het is bekendgemaakt (artikel 6:7 Algemene wet bestuursrecht), bij {waar}."
            ),
        };
        let voorlopige_voorziening = (brief == Brief::Besluit).then(|| {
            "Hebt u bezwaar gemaakt en kan de beslissing daarop niet worden afgewacht, dan kunt u de voorzieningenrechter van de rechtbank vragen een voorlopige voorziening te treffen (artikel 8:81 Algemene wet bestuursrecht). Daarvoor betaalt u griffierecht.".to_string()
        });
        let (ondertekenaar, functie, namens) = ondertekening(college, &hoofd, gemeente);
        serde_json::json!({
            "gemeente": gemeente,
            "afzender": afzender,
            "adres": hoofd.adres,
            "contact": if hoofd.contact.is_empty() { format!("Gemeente {gemeente}") } else { hoofd.contact.clone() },
            "geadresseerde": geadresseerde,
            "datum": format_date_long_nl(today),
            "kenmerk": r.nummer,
            "onderwerp": format!("{} {naam}{pand}", if brief == Brief::Voornemen { "Voornemen tot" } else { "Besluit tot" }),
            "aanhef": aanhef,
            "inleiding": inleiding,
            "kop_maatregel": if brief == Brief::Voornemen { "Wat ik van plan ben" } else { "Mijn besluit" },
            "maatregel": maatregel,
            "spoed": spoed,
            "grondslag": grondslag,
            "beleid": beleid,
            "motivering": motivering,
            "termijnen": termijnen_tekst,
            "kop_rechtsmiddel": if brief == Brief::Voornemen { "Zienswijze en bezwaar" } else { "Bezwaar" },
            "rechtsmiddel": rechtsmiddel,
            "voorlopige_voorziening": voorlopige_voorziening,
            "ondertekenaar": ondertekenaar,
            "functie": functie,
            "namens": namens,
        })
    }
}

/// Who signs, in what function, on whose behalf: the mayor by name when configured, else the
/// office; for the college, who signs on its behalf.
fn ondertekening(
    college: bool,
    hoofd: &crate::config::Briefhoofd,
    gemeente: &str,
) -> (String, String, String) {
    if college {
        (
            if hoofd.namens_college.is_empty() {
                format!("Het college van burgemeester en wethouders van {gemeente}")
            } else {
                hoofd.namens_college.clone()
            },
            String::new(),
            format!("namens het college van burgemeester en wethouders van {gemeente},"),
        )
    } else {
        if hoofd.burgemeester.is_empty() {
            (
                format!("De burgemeester van {gemeente}"),
                String::new(),
                String::new(),
            )
        } else {
            (
                hoofd.burgemeester.clone(),
                format!("burgemeester van {gemeente}"),
                String::new(),
            )
        }
    }
}
