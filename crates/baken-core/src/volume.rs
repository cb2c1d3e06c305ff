//! Volume data for benchmarks and load tests (`baken bench-data`), apart from the services: fictitious
//! signals with journal entries, written through the same insert and append paths as real ones
//! (numbering, entity links, hash chain, signatures, full-text index), in batched transactions.

use crate::Services;
use crate::audit::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::journal::JournaalSoort;
use baken_domain::signaal::{Bron, Fenomeen, SignaalInvoer};
use baken_domain::{Actor, GemeenteCode};
use time::Duration;
use uuid::Uuid;

impl Services {
    #[doc(hidden)]
    pub async fn generate_volume(
        &self,
        actor: &Actor,
        gemeente: &GemeenteCode,
        signals: usize,
        entries_per_signal: usize,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> ServiceResult<Vec<Uuid>> {
        const WORDS: [&str; 24] = [
            "hennepgeur",
            "loods",
            "zolder",
            "stroomverbruik",
            "bestelbus",
            "nachtelijk",
            "verkeer",
            "contant",
            "vastgoed",
            "huurder",
            "eigenaar",
            "kwekerij",
            "vaten",
            "chemische",
            "lucht",
            "bedrijfspand",
            "inschrijving",
            "uitbuiting",
            "overnachten",
            "verbouwing",
            "shishalounge",
            "kapsalon",
            "autohandel",
            "opslag",
        ];
        const STREETS: [&str; 6] = [
            "Demostraat",
            "Voorbeeldlaan",
            "Fictieweg",
            "Proefpad",
            "Testkade",
            "Verzinsel",
        ];
        let ctx = RequestContext {
            client_addr: Some("bench-data".into()),
            user_agent: None,
        };
        let mut ids = Vec::with_capacity(signals);
        let mut seed: u64 = 0x5eed_0001;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let batch = 250;
        let mut done = 0;
        while done < signals {
            let mut tx = self.store.begin().await?;
            let author = self.author(tx.as_mut(), actor).await?;
            for _ in 0..batch.min(signals - done) {
                let words: Vec<&str> = (0..8).map(|_| WORDS[next() % WORDS.len()]).collect();
                let address = next() % (signals / 2 + 1);
                let input = SignaalInvoer {
                    gemeente: gemeente.to_string(),
                    ontvangstdatum: (self.today() - Duration::days((next() % 700) as i64))
                        .to_string(),
                    bron: Bron::ALL[next() % Bron::ALL.len()].as_str().into(),
                    omschrijving: format!("Signaal over {}.", words.join(" ")),
                    fenomenen: vec![Fenomeen::ALL[next() % Fenomeen::ALL.len()].as_str().into()],
                    objecten: vec![baken_domain::entiteit::EntiteitInvoer {
                        soort: "adres".into(),
                        postcode: Some(format!(
                            "{} {}",
                            1000 + address % 8999,
                            ["XA", "XB", "XC", "XD"][address % 4]
                        )),
                        huisnummer: Some((1 + address % 400).to_string()),
                        straat: Some(STREETS[address % STREETS.len()].into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                };
                let signaal = input.parse(self.today()).map_err(ServiceError::Invalid)?;
                let created = self
                    .insert_signal(tx.as_mut(), actor, &signaal, &ctx)
                    .await?;
                for n in 0..entries_per_signal {
                    let words: Vec<&str> = (0..12).map(|_| WORDS[next() % WORDS.len()]).collect();
                    let mut entry = self.system_entry(
                        created.id,
                        &author,
                        JournaalSoort::ALL[n % 8],
                        format!("Post {n}: {}.", words.join(" ")),
                    );
                    entry.geregistreerd_op = self.clock.now();
                    self.append_entry(tx.as_mut(), &entry).await?;
                }
                ids.push(created.id);
                done += 1;
            }
            tx.commit().await?;
            progress(done, signals);
        }
        Ok(ids)
    }
}

/// How many cases, interventions and team members `generate_casework` writes.
#[derive(Debug, Clone)]
pub struct CaseworkVolume {
    /// Cases, each started from one of the given signals (in order, round robin).
    pub cases: usize,
    /// Interventions in all, spread evenly over the cases.
    pub interventions: usize,
    /// Who carries the cases and interventions, in turn (their deadlines land on their
    /// overviews); the generating actor when empty.
    pub team: Vec<baken_domain::UserId>,
}

/// What `generate_casework` wrote.
#[derive(Debug, Clone, Default)]
pub struct CaseworkCreated {
    pub cases: Vec<Uuid>,
    pub interventions: usize,
    pub deadlines: usize,
    pub open_deadlines: usize,
}

/// Step plans of the generated interventions: (instrument, steps as (code, days after the
/// start, duration)). A step whose day has not come yet is left out, so younger interventions
/// stand earlier in their procedure and their deadlines are still open.
/// A step of a plan: its code, the day after the start, its duration.
type PlanStap = (&'static str, i64, Option<&'static str>);
const PLANS: [(&str, &[PlanStap]); 5] = [
    (
        "opiumwet-13b-sluiting",
        &[
            ("bestuurlijke-rapportage", 0, None),
            ("voornemen", 7, None),
            ("zienswijze", 20, None),
            ("besluit", 30, None),
            ("bekendmaking", 31, None),
            ("ingang", 45, Some("P6M")),
            ("bezwaar", 70, None),
            ("beslissing-op-bezwaar", 150, None),
            ("beroep", 180, None),
            ("uitspraak-beroep", 300, None),
        ],
    ),
    (
        "last-onder-dwangsom",
        &[
            ("voornemen", 0, None),
            ("besluit", 28, None),
            ("bekendmaking", 29, None),
            ("bezwaar", 60, None),
            ("beslissing-op-bezwaar", 150, None),
            ("beroep", 190, None),
            ("uitspraak-beroep", 320, None),
        ],
    ),
    (
        "gemeentewet-174a-sluiting",
        &[
            ("voornemen", 0, None),
            ("hoorgesprek", 10, None),
            ("besluit", 21, None),
            ("bekendmaking", 22, None),
            ("ingang", 30, Some("P3M")),
            ("bezwaar", 50, None),
            ("beslissing-op-bezwaar", 140, None),
            ("beroep", 170, None),
            ("uitspraak-beroep", 290, None),
        ],
    ),
    (
        "bibob-weigering",
        &[
            ("eigen-onderzoek", 0, None),
            ("bibob-adviesaanvraag", 14, None),
            ("bibob-advies", 60, None),
            ("voornemen", 70, None),
            ("besluit", 100, None),
            ("bekendmaking", 101, None),
            ("bezwaar", 130, None),
            ("beslissing-op-bezwaar", 210, None),
        ],
    ),
    (
        "last-onder-bestuursdwang",
        &[
            ("voornemen", 0, None),
            ("zienswijze", 14, None),
            ("besluit", 28, None),
            ("bekendmaking", 29, None),
            ("bezwaar", 60, None),
            ("beslissing-op-bezwaar", 150, None),
            ("beroep", 180, None),
            ("uitspraak-beroep", 300, None),
        ],
    ),
];

impl Services {
    /// Volume data for the casework benchmark: cases started from existing signals (dossier,
    /// case record, signal link, the signal's subjects and objects, full-text index, a journal
    /// entry), each with interventions whose steps are recorded and whose deadlines the deadline
    /// engine computes and stores, as a real procedure would. Batched transactions.
    #[doc(hidden)]
    pub async fn generate_casework(
        &self,
        actor: &Actor,
        signals: &[Uuid],
        volume: &CaseworkVolume,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> ServiceResult<CaseworkCreated> {
        use baken_domain::casus::{self, CasusStatus};
        use baken_domain::dossier::DossierSoort;
        use baken_domain::signaal::SignaalStatus;
        use baken_store::{CasusRecord, DossierEntiteitRecord, DossierRecord, SearchText};
        if signals.is_empty() || volume.cases == 0 {
            return Ok(CaseworkCreated::default());
        }
        let team = if volume.team.is_empty() {
            vec![actor.user_id]
        } else {
            volume.team.clone()
        };
        let mut created = CaseworkCreated::default();
        let now = self.clock.now();
        let today = self.today();
        let jaar = today.year();
        let mut seed: u64 = 0x5eed_0002;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let batch = 50;
        let mut done = 0;
        while done < volume.cases {
            let mut tx = self.store.begin().await?;
            let author = self.author(tx.as_mut(), actor).await?;
            let chunk: Vec<Uuid> = (done..(done + batch).min(volume.cases))
                .map(|i| signals[i % signals.len()])
                .collect();
            let sources = tx.dossiers_by_ids(&chunk).await?;
            for (k, signal_id) in chunk.iter().enumerate() {
                let case_no = done + k;
                let Some(signal) = sources.iter().find(|d| d.id == *signal_id) else {
                    continue;
                };
                let regisseur = team[case_no % team.len()];
                let mut members: Vec<baken_domain::UserId> = team
                    .iter()
                    .copied()
                    .filter(|u| *u != regisseur)
                    .take(2)
                    .collect();
                if actor.user_id != regisseur && !members.contains(&actor.user_id) {
                    members.push(actor.user_id);
                }
                let n = tx.next_casus_nummer(&signal.gemeente, jaar).await?;
                let dossier = DossierRecord {
                    id: Uuid::new_v4(),
                    soort: DossierSoort::Casus,
                    gemeente: signal.gemeente.clone(),
                    nummer: casus::casusnummer(jaar, n),
                    status: SignaalStatus::NaarCasus,
                    eigenaar: regisseur,
                    toegewezen_aan: None,
                    geregistreerd_door: actor.user_id,
                    team: members,
                    aangemaakt_op: now,
                    gewijzigd_op: now,
                    ontvangstdatum: today,
                    waargenomen_op: None,
                    bron: signal.bron,
                    politie_stuk: None,
                    omschrijving: format!("Casus {}", signal.nummer),
                    indicatoren: None,
                    bron_betrouwbaarheid: None,
                    informatie_betrouwbaarheid: None,
                    melder_naam: None,
                    melder_contact: None,
                    melder_anoniem: false,
                    fenomenen: signal.fenomenen.clone(),
                    versie: 1,
                    herbeoordelen_op: None,
                };
                tx.insert_dossier(&dossier).await?;
                let record = CasusRecord {
                    dossier_id: dossier.id,
                    gemeente: dossier.gemeente.clone(),
                    status: [
                        CasusStatus::PlanVanAanpak,
                        CasusStatus::InUitvoering,
                        CasusStatus::Nazorg,
                    ][case_no % 3],
                    naam: format!("Casus {}", signal.nummer),
                    doel: format!("Ondermijning rond signaal {} doorbreken.", signal.nummer),
                    plan_van_aanpak: Some("Bestuurlijke maatregelen met de partners.".into()),
                    afdelingen: vec!["Vergunningen".into(), "Handhaving".into()],
                    partners: vec!["Politie".into()],
                    nazorg_tot: None,
                    afsluitreden: None,
                    afgesloten_op: None,
                    aangemaakt_op: now,
                    versie: 1,
                };
                tx.insert_casus(&record).await?;
                tx.index_text(&SearchText {
                    dossier_id: dossier.id,
                    entry_id: None,
                    vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid::Normaal,
                    tekst: format!("{}\n{}", record.naam, record.doel),
                })
                .await?;
                tx.koppel_signaal(dossier.id, signal.id, now).await?;
                let mut objecten = Vec::new();
                for (e, rol) in tx.dossier_entiteiten(signal.id).await? {
                    tx.link_entiteit(&DossierEntiteitRecord {
                        dossier_id: dossier.id,
                        entiteit_id: e.id,
                        rol,
                        aangemaakt_op: now,
                        aangemaakt_door: actor.user_id,
                    })
                    .await?;
                    objecten.push(e.id);
                }
                let mut entry = self.system_entry(
                    dossier.id,
                    &author,
                    JournaalSoort::Statuswijziging,
                    format!(
                        "Casus {} gestart vanuit signaal {}.",
                        dossier.nummer, signal.nummer
                    ),
                );
                entry.koppelingen = objecten.clone();
                self.append_entry(tx.as_mut(), &entry).await?;
                // This case's share of the interventions (the first cases take the remainder).
                let share = volume.interventions / volume.cases
                    + usize::from(case_no < volume.interventions % volume.cases);
                let carriers: Vec<baken_domain::UserId> = (0..share)
                    .map(|i| team[(case_no + i) % team.len()])
                    .collect();
                self.generate_interventions(
                    tx.as_mut(),
                    (actor, &author),
                    (&dossier, objecten.first().copied()),
                    &carriers,
                    &mut next,
                    &mut created,
                )
                .await?;
                created.cases.push(dossier.id);
            }
            tx.commit().await?;
            done = (done + batch).min(volume.cases);
            progress(done, volume.cases);
        }
        Ok(created)
    }
    /// The interventions of one generated case, one per carrier: steps by a plan (those whose day
    /// has come), a journal entry, and the deadlines the engine computes from the steps.
    async fn generate_interventions(
        &self,
        tx: &mut dyn baken_store::Tx,
        (actor, author): (&Actor, &crate::kernel::journal::Author),
        (dossier, object): (&baken_store::DossierRecord, Option<Uuid>),
        carriers: &[baken_domain::UserId],
        next: &mut (dyn FnMut() -> usize + Send),
        created: &mut CaseworkCreated,
    ) -> ServiceResult<()> {
        use baken_store::{MaatregelRecord, MaatregelStapRecord};
        let now = self.clock.now();
        let today = self.today();
        let jaar = today.year();
        for carrier in carriers {
            let (code, plan) = PLANS[next() % PLANS.len()];
            let catalogus = self.catalogue_in_force(tx, &dossier.gemeente).await?;
            let Some(instrument) = catalogus.instrument(code) else {
                continue;
            };
            let begin = today - Duration::days((next() % 500) as i64);
            let n = tx.next_maatregel_nummer(&dossier.gemeente, jaar).await?;
            let maatregel = MaatregelRecord {
                id: Uuid::new_v4(),
                dossier_id: dossier.id,
                gemeente: dossier.gemeente.clone(),
                nummer: format!("M-{jaar}-{n:04}"),
                instrument: instrument.code.clone(),
                catalogus_versie: catalogus.versie().to_string(),
                beleidsregel: catalogus.beleidsregel().to_string(),
                bevoegd: instrument.bevoegd.as_str().to_string(),
                grond: (!instrument.gronden.is_empty()).then(|| instrument.gronden[0].code.clone()),
                spoed: false,
                spoed_motivering: None,
                duur: None,
                adressaten: Vec::new(),
                object_id: object,
                motivering: Some("Geschikt, noodzakelijk en evenredig.".into()),
                status: "lopend".into(),
                verantwoordelijke: *carrier,
                aangemaakt_op: now,
                aangemaakt_door: actor.user_id,
                versie: 1,
            };
            tx.insert_maatregel(&maatregel).await?;
            let mut stappen = Vec::new();
            for (stap, dag, duur) in plan.iter() {
                let datum = begin + Duration::days(*dag);
                if datum > today {
                    break;
                }
                let step = MaatregelStapRecord {
                    id: Uuid::new_v4(),
                    maatregel_id: maatregel.id,
                    stap: (*stap).to_string(),
                    datum,
                    duur: duur.map(str::to_string),
                    toelichting: None,
                    ecli: None,
                    bijlage_id: None,
                    // The bureau's advice concludes to a degree of danger and its ground.
                    gevaar: (*stap == "bibob-advies").then(|| "ernstig".to_string()),
                    bibob_grond: (*stap == "bibob-advies").then(|| "a".to_string()),
                    // A forfeited or collected penalty records its amount.
                    bedrag_cent: matches!(*stap, "verbeurte" | "invordering" | "kostenverhaal")
                        .then_some(500_000),
                    geregistreerd_op: now,
                    geregistreerd_door: actor.user_id,
                };
                tx.insert_maatregel_stap(&step).await?;
                stappen.push(step);
            }
            let entry = self.system_entry(
                dossier.id,
                author,
                JournaalSoort::Maatregel,
                format!(
                    "Maatregel {} voorgesteld: {} ({}), {} stappen vastgelegd.",
                    maatregel.nummer,
                    instrument.naam,
                    instrument.grondslag,
                    stappen.len()
                ),
            );
            self.append_entry(tx, &entry).await?;
            let deadlines = self
                .store_deadlines(tx, &maatregel, instrument, &stappen)
                .await?;
            created.interventions += 1;
            created.deadlines += deadlines.len();
            created.open_deadlines += deadlines.iter().filter(|d| !d.voldaan).count();
        }
        Ok(())
    }
}
