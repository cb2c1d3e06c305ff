//! Documents: what goes into the protocol document, the destruction statement and the answer to
//! a data subject, shared by the HTML pages and the PDFs (typeset by `baken-reports`).

use crate::error::{ServiceError, ServiceResult};
use crate::protocol::ProtocolView;
use crate::verzoeken::Antwoord;
use crate::{Caller, RequestContext, Services};
use baken_domain::protocol::Duur;
use baken_domain::tijd::{format_date_nl, format_nl, today_nl};
use baken_domain::{Actor, GemeenteCode};
use baken_reports::{Kop, Sjabloon};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct FaseRegel {
    pub fase: String,
    pub stap: u8,
    pub omschrijving: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OvergangRegel {
    pub van: String,
    pub naar: String,
    pub vereist: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WegingRegel {
    pub naam: String,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToetsRegel {
    pub naam: String,
    pub moment: String,
    pub goedkeurder: String,
    pub vastleggen: String,
    pub geldigheid: String,
    pub toelichting: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BronRegel {
    pub naam: String,
    pub fasen: String,
    pub wijze: String,
    pub doelen: String,
    pub grondslag: String,
    pub toets: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KlasseRegel {
    pub klasse: String,
    pub wie: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BewaarRegel {
    pub soort: String,
    pub uitkomst: String,
    pub termijn: String,
    pub actie: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersieRegel {
    pub versie: String,
    pub vastgesteld: String,
    pub geladen: String,
    pub sha: String,
    pub geldt: bool,
}

/// The protocol document: the protocol in force as readable text, from the data the engine
/// enforces.
#[derive(Debug, Clone, Serialize)]
pub struct ProtocolWeergave {
    pub naam: String,
    pub gemeente: String,
    pub gemeente_code: String,
    pub versie: String,
    /// Baken's default, not a version the municipality loaded.
    pub standaard: bool,
    pub vastgesteld_op: String,
    pub vastgesteld_door: String,
    pub toelichting: Option<String>,
    pub fasen: Vec<FaseRegel>,
    pub overgangen: Vec<OvergangRegel>,
    /// The case lifecycle (`[casus]`): its phases, steps, monitoring period and retention.
    pub casusfasen: Vec<(String, String)>,
    pub casusovergangen: Vec<OvergangRegel>,
    pub casus_nazorg: String,
    pub casus_bewaren: String,
    pub wegingen: Vec<WegingRegel>,
    pub toetsen: Vec<ToetsRegel>,
    pub bronnen: Vec<BronRegel>,
    pub klassen: Vec<KlasseRegel>,
    pub verwerkingen: Vec<baken_domain::protocol::Verwerking>,
    pub bewaartermijnen: Vec<BewaarRegel>,
    pub geschiedenis: Vec<VersieRegel>,
}

/// What a transition asks, in words: its weighing, a motivation, an approved privacy check, roles.
fn vereist(
    weging: Option<String>,
    motivering: bool,
    toets: Option<String>,
    rollen: &[baken_domain::Role],
) -> String {
    let mut out: Vec<String> = weging.into_iter().collect();
    if motivering {
        out.push("motivering".into());
    }
    if let Some(t) = toets {
        out.push(format!("goedgekeurde {}", t.to_lowercase()));
    }
    if !rollen.is_empty() {
        let rollen: Vec<String> = rollen.iter().map(|r| r.label().to_lowercase()).collect();
        out.push(format!("alleen {}", rollen.join(" of ")));
    }
    if out.is_empty() {
        "—".to_string()
    } else {
        out.join("; ")
    }
}

fn duur(text: &str) -> String {
    Duur::parse(text).map_or_else(|_| text.to_string(), Duur::omschrijving)
}

impl ProtocolWeergave {
    /// `gemeente_naam` is the municipality's name as the installation knows it.
    pub fn of(view: &ProtocolView, gemeente_naam: &str) -> ProtocolWeergave {
        let p = &view.protocol;
        let d = &p.document;
        let toets_naam = |code: &Option<String>| {
            code.as_deref()
                .map(|c| p.toets(c).map_or(c.to_string(), |t| t.naam.clone()))
        };
        let overgangen = d
            .overgangen
            .iter()
            .map(|o| OvergangRegel {
                van: o.van.label().to_string(),
                naar: o.naar.label().to_string(),
                vereist: vereist(
                    o.weging
                        .as_deref()
                        .and_then(|w| p.weging(w))
                        .map(|w| w.naam.clone()),
                    o.motivering,
                    toets_naam(&o.privacytoets),
                    &o.rollen,
                ),
            })
            .collect();
        let casus = p.casus();
        let casusovergangen = casus
            .overgangen
            .iter()
            .map(|o| OvergangRegel {
                van: o.van.label().to_string(),
                naar: o.naar.label().to_string(),
                vereist: vereist(None, o.motivering, toets_naam(&o.privacytoets), &o.rollen),
            })
            .collect();
        ProtocolWeergave {
            casusfasen: casus
                .fasen
                .iter()
                .map(|f| (f.status.label().to_string(), f.omschrijving.clone()))
                .collect(),
            casusovergangen,
            casus_nazorg: duur(&casus.nazorg),
            casus_bewaren: format!(
                "{} na het afsluiten, daarna {}",
                duur(&casus.bewaartermijn),
                casus.bewaaractie.label().to_lowercase()
            ),
            naam: d.protocol.naam.clone(),
            gemeente: gemeente_naam.to_string(),
            gemeente_code: view.gemeente.to_string(),
            versie: p.versie().to_string(),
            standaard: view.in_force.is_none(),
            vastgesteld_op: format_date_nl(p.vastgesteld_op),
            vastgesteld_door: d.protocol.vastgesteld_door.clone(),
            toelichting: d.protocol.toelichting.clone(),
            fasen: d
                .fasen
                .iter()
                .map(|f| FaseRegel {
                    fase: f.status.label().to_string(),
                    stap: f.stap,
                    omschrijving: f.omschrijving.clone(),
                })
                .collect(),
            overgangen,
            wegingen: d
                .wegingen
                .iter()
                .map(|w| WegingRegel {
                    naam: w.naam.clone(),
                    criteria: w.criteria.clone(),
                })
                .collect(),
            toetsen: d
                .privacytoetsen
                .iter()
                .map(|t| ToetsRegel {
                    naam: t.naam.clone(),
                    moment: t.moment.clone(),
                    goedkeurder: t.goedkeurder.label().to_string(),
                    vastleggen: t.vastleggen.join(", "),
                    geldigheid: duur(&t.geldigheid),
                    toelichting: t.toelichting.clone(),
                })
                .collect(),
            bronnen: d
                .bronnen
                .iter()
                .map(|b| BronRegel {
                    naam: b.naam.clone(),
                    fasen: b
                        .fasen
                        .iter()
                        .map(|f| f.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", "),
                    wijze: b.wijze.label().to_string(),
                    doelen: b.doelen.join("; "),
                    grondslag: b.grondslag.clone(),
                    toets: toets_naam(&b.privacytoets).unwrap_or_else(|| "—".into()),
                })
                .collect(),
            klassen: d
                .klassen
                .iter()
                .map(|k| KlasseRegel {
                    klasse: k.klasse.label().to_string(),
                    wie: k.wie.clone(),
                })
                .collect(),
            verwerkingen: d.verwerkingen.clone(),
            bewaartermijnen: d
                .bewaartermijnen
                .iter()
                .map(|r| BewaarRegel {
                    soort: format!("{} (na het besluit)", r.soort),
                    uitkomst: r.uitkomst.label().to_string(),
                    termijn: duur(&r.duur),
                    actie: r.actie.label().to_string(),
                })
                .collect(),
            geschiedenis: view
                .geschiedenis
                .iter()
                .map(|v| VersieRegel {
                    versie: v.versie.clone(),
                    vastgesteld: format_date_nl(v.vastgesteld_op),
                    geladen: format_nl(v.geladen_op),
                    sha: v.sha256.chars().take(16).collect(),
                    geldt: view.in_force.as_ref().is_some_and(|f| f.id == v.id),
                })
                .collect(),
        }
    }
}

/// One line of a destruction statement (no personal data).
#[derive(Debug, Clone, Serialize)]
pub struct VernietigingRegel {
    pub nummer: String,
    pub gemeente: String,
    pub soort: String,
    pub uitkomst: String,
    pub afgesloten_op: String,
    pub regel: String,
    pub actie: String,
}

/// The destruction statement of one batch.
#[derive(Debug, Clone, Serialize)]
pub struct Vernietigingsverklaring {
    pub batch: String,
    pub uitgevoerd_op: String,
    pub uitgevoerd_door: String,
    pub regels: Vec<VernietigingRegel>,
}

pub(crate) fn report_error(error: baken_reports::RapportFout) -> ServiceError {
    match error {
        baken_reports::RapportFout::NietBeschikbaar => {
            ServiceError::conflict("pdf-niet-beschikbaar", error.to_string())
        }
        other => ServiceError::Internal(other.to_string()),
    }
}

impl Services {
    pub(crate) async fn kop(
        &self,
        actor: &Actor,
        titel: &str,
        onderwerp: String,
        rubricering: &str,
    ) -> ServiceResult<Kop> {
        let mut tx = self.store.begin_read().await?;
        let naam = tx
            .user_names(&[actor.user_id])
            .await?
            .into_iter()
            .next()
            .map_or_else(|| actor.user_id.to_string(), |(_, naam)| naam);
        Ok(Kop {
            titel: titel.into(),
            onderwerp,
            rubricering: rubricering.into(),
            opgesteld_door: naam,
            opgesteld_op: format_nl(self.clock.now()),
            tijdstip: self.clock.now(),
        })
    }

    /// The names of these municipalities as the installation knows them (the code when unknown).
    pub(crate) async fn gemeente_namen(
        &self,
        codes: &[GemeenteCode],
    ) -> ServiceResult<Vec<String>> {
        let all = self.gemeenten().await?;
        Ok(codes
            .iter()
            .map(|code| {
                all.iter()
                    .find(|g| &g.code == code)
                    .map_or_else(|| code.to_string(), |g| g.naam.to_string())
            })
            .collect())
    }

    /// The protocol document as PDF (every team member of the municipality may read it).
    pub async fn protocol_document_pdf(
        &self,
        actor: &Actor,
        gemeente: Option<&str>,
    ) -> ServiceResult<Vec<u8>> {
        let view = self.protocol_of(actor, gemeente).await?;
        let naam = self
            .gemeente_namen(std::slice::from_ref(&view.gemeente))
            .await?
            .remove(0);
        let weergave = ProtocolWeergave::of(&view, &naam);
        let kop = self
            .kop(
                actor,
                "Privacyprotocol",
                format!("Gemeente {naam} · versie {}", weergave.versie),
                "Openbaar",
            )
            .await?;
        baken_reports::render(Sjabloon::Protocoldocument, &kop, &weergave)
            .await
            .map_err(report_error)
    }

    /// One batch's destruction statement.
    pub async fn destruction_statement(
        &self,
        actor: &Actor,
        batch: Uuid,
    ) -> ServiceResult<Vernietigingsverklaring> {
        let records = self
            .destruction_records(&Caller::User(actor.clone()), Some(batch))
            .await?;
        let first = records.first().ok_or(ServiceError::NotFound)?;
        let uitgevoerd_door = match first.uitgevoerd_door.as_str() {
            "systeem" => "Baken (nachtelijke bewaartermijnen)".to_string(),
            other => format!("gebruiker {other}"),
        };
        Ok(Vernietigingsverklaring {
            batch: batch.to_string(),
            uitgevoerd_op: format_nl(first.uitgevoerd_op),
            uitgevoerd_door,
            regels: records
                .iter()
                .map(|r| VernietigingRegel {
                    nummer: r.nummer.clone(),
                    gemeente: r.gemeente.to_string(),
                    soort: r.soort.clone(),
                    uitkomst: baken_domain::signaal::SignaalStatus::parse(&r.uitkomst)
                        .map_or(r.uitkomst.clone(), |s| s.label().to_string()),
                    afgesloten_op: format_date_nl(today_nl(r.afgesloten_op)),
                    regel: r.regel.clone(),
                    actie: r.actie.clone(),
                })
                .collect(),
        })
    }

    /// One batch's destruction statement as PDF, for the archive.
    pub async fn destruction_statement_pdf(
        &self,
        actor: &Actor,
        batch: Uuid,
    ) -> ServiceResult<Vec<u8>> {
        let verklaring = self.destruction_statement(actor, batch).await?;
        let kop = self
            .kop(
                actor,
                "Verklaring van vernietiging",
                format!("Batch {batch}"),
                "Vertrouwelijk",
            )
            .await?;
        baken_reports::render(Sjabloon::Vernietigingsverklaring, &kop, &verklaring)
            .await
            .map_err(report_error)
    }

    /// The answer to a data subject as PDF (restrictions applied; logged as an export): a letter
    /// of the municipality that handles the request, with what art. 15 AVG requires beside the
    /// data, signed by the privacy officer who made it; marked as a draft until the decision.
    pub async fn request_answer_pdf(
        &self,
        actor: &Actor,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<Vec<u8>> {
        let antwoord = self.request_answer(actor, id, ctx).await?;
        let controller = antwoord
            .verzoek
            .gemeente
            .clone()
            .or_else(|| actor.gemeenten.first().cloned());
        let gemeente = match &controller {
            Some(code) => self
                .gemeente_namen(std::slice::from_ref(code))
                .await?
                .remove(0),
            None => String::new(),
        };
        let concept = antwoord.verzoek.besluit.is_none();
        let kop = self
            .kop(
                actor,
                &format!(
                    "Uw verzoek om {}",
                    antwoord.soort.as_str().replace('-', " ")
                ),
                format!(
                    "{}Gemeente {gemeente} · kenmerk {}",
                    if concept { "CONCEPT · " } else { "" },
                    kenmerk(antwoord.verzoek.id)
                ),
                "Vertrouwelijk · persoonsgegevens",
            )
            .await?;
        let brief = Brief {
            gemeente: &gemeente,
            ondertekenaar: &kop.opgesteld_door,
            datum: baken_domain::tijd::format_date_long_nl(today_nl(self.clock.now())),
            concept,
        };
        let gegevens = antwoord_gegevens(&antwoord, &brief);
        baken_reports::render(Sjabloon::Antwoord, &kop, &gegevens)
            .await
            .map_err(report_error)
    }
}

/// What makes the answer a letter: who sends it, who signs, when, and whether it is final.
struct Brief<'a> {
    gemeente: &'a str,
    ondertekenaar: &'a str,
    datum: String,
    concept: bool,
}

pub use crate::verzoeken::kenmerk;

const RECHTEN: &str = "U kunt de gemeente vragen onjuiste gegevens te verbeteren of aan te vullen, gegevens te wissen of de verwerking ervan te beperken, en u kunt bezwaar maken tegen de verwerking (artikelen 16 tot en met 21 AVG).";

const KLACHT: &str = "Vindt u dat de gemeente niet goed met uw persoonsgegevens omgaat, dan kunt u contact opnemen met de functionaris gegevensbescherming van de gemeente. U hebt ook het recht een klacht in te dienen bij de Autoriteit Persoonsgegevens (Postbus 93374, 2509 AJ Den Haag, www.autoriteitpersoonsgegevens.nl).";

const HERKOMST: &str = "De gegevens komen uit meldingen en signalen die de gemeente heeft ontvangen (van inwoners, van eigen medewerkers en toezichthouders, en van partners in de bestuurlijke aanpak zoals het RIEC), en uit registers die de gemeente voor deze taak mag raadplegen. Wie iets heeft gemeld, maakt de gemeente niet bekend.";

/// The answer's data as the template reads it.
fn antwoord_gegevens(a: &Antwoord, brief: &Brief<'_>) -> serde_json::Value {
    use baken_domain::verzoek::{Besluit, VerzoekSoort};
    let (naam, achternaam) = match a.persoon.as_ref().map(|p| &p.entiteit) {
        Some(e) => (e.naam(), e.aanspreeknaam().unwrap_or_default()),
        None => ("de verzoeker".to_string(), String::new()),
    };
    let besluit = a
        .verzoek
        .besluit
        .as_deref()
        .and_then(|b| Besluit::parse(b).ok())
        .map(|b| b.label().to_lowercase());
    let ontvangen = baken_domain::tijd::format_date_long_nl(a.verzoek.ontvangen_op);
    let inleiding = match a.soort {
        VerzoekSoort::Inzage => format!(
            "Op {ontvangen} hebt u de gemeente {} gevraagd welke persoonsgegevens zij over u verwerkt in het kader van de bestuurlijke aanpak van ondermijnende criminaliteit (artikel 15 van de Algemene verordening gegevensbescherming, AVG). In deze brief leest u welke gegevens dat zijn, waarom de gemeente ze verwerkt, aan wie zij ze verstrekt, hoe lang zij ze bewaart en waar ze vandaan komen. Een kopie van de gegevens staat onder ‘Uw gegevens’.",
            brief.gemeente
        ),
        _ => format!(
            "Op {ontvangen} hebt u de gemeente {} gevraagd om {}. {}",
            brief.gemeente,
            a.soort.label().to_lowercase(),
            a.verzoek.besluit_motivering.clone().unwrap_or_default()
        ),
    };
    let besluit_tekst = match &besluit {
        Some(b) => format!("Besluit: uw verzoek is {b}."),
        None => "Er is nog geen besluit op uw verzoek genomen. Dit is een concept.".to_string(),
    };
    let verwerking = a.verwerking.as_ref();
    let dossiers: Vec<serde_json::Value> = if a.soort == VerzoekSoort::Inzage {
        a.dossiers
            .iter()
            .map(|d| {
                serde_json::json!({
                    "nummer": d.nummer,
                    "ontvangstdatum": format_date_nl(d.ontvangstdatum),
                    "status": d.status.label(),
                    "fenomenen": d.fenomenen.iter().map(|f| f.label()).collect::<Vec<_>>().join(", "),
                    "rol": d.rol.label(),
                    "omschrijving": Some(d.omschrijving.clone()).filter(|o| !o.is_empty()),
                    "journaal": d.journaal.iter().map(|j| serde_json::json!({
                        "datum": format_date_nl(today_nl(j.gebeurd_op)),
                        "soort": j.soort.label(),
                        "tekst": j.tekst,
                    })).collect::<Vec<_>>(),
                    "afgeschermd": d.afgeschermd + d.beperkt,
                    "afgeschermd_reden": "gegevens over de melder of over anderen, informatie van de politie of uit een Bibob-onderzoek, vernietigde gegevens, of een beperking op grond van artikel 41 UAVG",
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let lijst = |items: Option<&Vec<String>>| items.filter(|v| !v.is_empty()).map(|v| v.join("; "));
    serde_json::json!({
        "concept": brief.concept,
        "gemeente": brief.gemeente,
        "afzender": format!("College van burgemeester en wethouders van {}", brief.gemeente),
        "geadresseerde": naam,
        "aanhef": if achternaam.is_empty() { "Geachte heer, mevrouw,".to_string() } else { format!("Geachte heer, mevrouw {achternaam},") },
        "datum": brief.datum,
        "kenmerk": kenmerk(a.verzoek.id),
        "onderwerp": format!("Uw verzoek om {} van {ontvangen}", a.soort.as_str().replace('-', " ")),
        "termijn_tot": format_date_nl(a.verzoek.termijn_tot),
        "inzage": a.soort == VerzoekSoort::Inzage,
        "inleiding": inleiding,
        "besluit": besluit_tekst,
        "dossiers": dossiers,
        "doel": verwerking.map(|v| v.doel.clone()),
        "grondslag": verwerking.map(|v| v.grondslag.clone()),
        "categorieen": lijst(verwerking.map(|v| &v.gegevens)),
        "ontvangers": lijst(verwerking.map(|v| &v.ontvangers)),
        "bewaartermijn": verwerking.map(|v| v.bewaartermijn.clone()),
        "herkomst": HERKOMST,
        "geautomatiseerd": "De gemeente neemt over u geen besluiten die uitsluitend op geautomatiseerde verwerking berusten, en maakt geen profiel van u (artikel 22 AVG).",
        "andere_gemeenten": format!("Deze brief gaat alleen over de gegevens van de gemeente {}. Andere gemeenten in de samenwerking zijn elk zelf verantwoordelijk voor hun gegevens; een verzoek aan hen richt u aan die gemeente.", brief.gemeente),
        "beperkingen": a.gronden.iter().map(|g| {
            let label = g.label();
            let reden = label.split_once(". ").map_or(label, |(_, rest)| rest);
            serde_json::json!({
                "grond": format!("Een deel van de gegevens verstrekt de gemeente niet, op grond van artikel 41, eerste lid, onder {}, van de Uitvoeringswet AVG (UAVG): dat is nodig in het belang van {reden}.", g.as_str()),
            })
        }).collect::<Vec<_>>(),
        "rechten": RECHTEN,
        "klacht": KLACHT,
        "bezwaar": format!("Dit antwoord is een besluit in de zin van de Algemene wet bestuursrecht (artikel 34 UAVG). Bent u het er niet mee eens, dan kunt u binnen zes weken na de dag waarop deze brief is verzonden bezwaar maken bij het college van burgemeester en wethouders van {}. Vermeld in uw bezwaarschrift uw naam en adres, de datum, het kenmerk van deze brief en waarom u het er niet mee eens bent, en onderteken het.", brief.gemeente),
        "ondertekenaar": brief.ondertekenaar,
        "functie": "privacyfunctionaris",
    })
}
