//! Demo signals: about 300 fictitious signals over the three demo municipalities, with journals and
//! subjects and objects that recur across dossiers. Every person, company, address, licence plate and
//! bank account here is invented (BSNs in the RvIG test range 999…, streets that exist nowhere).
//! Deterministic: every demo shows the same data.

use baken_core::dossiers::{JournaalInvoer, SignaalWijziging};
use baken_core::{RequestContext, Services};
use baken_domain::Actor;
use baken_domain::entiteit::EntiteitInvoer;
use baken_domain::signaal::{MelderInvoer, SignaalInvoer};

/// A small deterministic generator (64-bit LCG), enough to vary demo data.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub(crate) const VOORNAMEN: [&str; 16] = [
    "Joost", "Marloes", "Sven", "Ilse", "Bram", "Noor", "Thijs", "Femke", "Ruben", "Lotte", "Daan",
    "Sanne", "Milan", "Eva", "Koen", "Iris",
];
pub(crate) const ACHTERNAMEN: [(&str, &str); 16] = [
    ("", "Verzonnen"),
    ("van", "Voorbeeld"),
    ("de", "Proef"),
    ("", "Fictief"),
    ("van der", "Demo"),
    ("", "Testman"),
    ("de", "Bedenker"),
    ("", "Oefenaar"),
    ("van", "Schijndel-Nep"),
    ("", "Denkbeeld"),
    ("ter", "Probeer"),
    ("", "Namaker"),
    ("van den", "Bosch-Fictie"),
    ("", "Verdicht"),
    ("de", "Vries-Demo"),
    ("", "Onecht"),
];
pub(crate) const STRATEN: [&str; 8] = [
    "Demostraat",
    "Voorbeeldlaan",
    "Fictieweg",
    "Proefpad",
    "Testkade",
    "Verzinsel",
    "Oefenhof",
    "Denkbeeldweg",
];
/// (gemeente code, demo postcode prefix, woonplaats)
const PLAATSEN: [(&str, &str, &str); 3] = [
    ("GM0534", "2181", "Hillegom"),
    ("GM0553", "2161", "Lisse"),
    ("GM1525", "2171", "Sassenheim"),
];
pub(crate) const BEDRIJVEN: [&str; 10] = [
    "Kwekerij De Verzonnen Bol",
    "Autohandel Fictief",
    "Opslag Voorbeeld BV",
    "Shisha Lounge Demo",
    "Bouwbedrijf Proefsteen",
    "Nagelstudio Nep",
    "Transport Denkbeeld",
    "Vastgoed Testgrond BV",
    "Kapsalon Verzinsel",
    "Schoonmaak Oefenaar",
];
const OMSCHRIJVINGEN: [(&str, &[&str]); 10] = [
    (
        "Buren melden een sterke hennepgeur en afgeplakte ramen aan de achterzijde.",
        &["hennep"],
    ),
    (
        "Hoog stroomverbruik en warmtebeeld van de zolder; mogelijk een kwekerij.",
        &["hennep"],
    ),
    (
        "Melding van chemische lucht en vaten bij een loods; mogelijk een drugslab.",
        &["drugslab", "milieucriminaliteit"],
    ),
    (
        "Veel kortstondig verkeer bij de woning, ook 's nachts; vermoeden van drugshandel.",
        &["drugshandel"],
    ),
    (
        "Bedrijf zonder zichtbare activiteit met grote contante omzet.",
        &["witwassen"],
    ),
    (
        "Pand in korte tijd meermaals doorverkocht tegen afwijkende prijzen.",
        &["vastgoed", "witwassen"],
    ),
    (
        "Arbeiders overnachten in een bedrijfsruimte; signalen van uitbuiting.",
        &["mensenhandel"],
    ),
    (
        "Meer personen ingeschreven dan er wonen kunnen; mogelijk adresfraude.",
        &["adresfraude"],
    ),
    (
        "Zorgbureau declareert veel uren op één adres zonder cliënten.",
        &["zorgfraude"],
    ),
    (
        "Clubhuis met verbouwing zonder vergunning; leden van een motorclub gezien.",
        &["motorclubs"],
    ),
];
const BRONNEN: [&str; 11] = [
    "meld-misdaad-anoniem",
    "politie",
    "interne-afdeling",
    "toezicht",
    "omgevingsdienst",
    "inwoner",
    "sociaal-domein",
    "partner",
    "riec",
    "andere-gemeente",
    "eigen-waarneming",
];
const POSTEN: [(&str, &str); 6] = [
    (
        "waarneming",
        "Bij een veldbezoek waren de ramen aan de achterzijde afgeplakt.",
    ),
    (
        "telefonisch-contact",
        "Woningcorporatie gebeld: huurder staat sinds twee jaar ingeschreven.",
    ),
    (
        "bronraadpleging",
        "BAG geraadpleegd: verblijfsobject met woonfunctie, 96 m².",
    ),
    (
        "partnerinformatie",
        "Netbeheerder meldt een afwijkend verbruikspatroon.",
    ),
    (
        "overlegbesluit",
        "Signalenoverleg: nader onderzoek, privacytoets 1 aanvragen.",
    ),
    (
        "veldbezoek",
        "Buitenkant bekeken samen met de toezichthouder; geen bijzonderheden aan de voorzijde.",
    ),
];

/// A BSN in the RvIG test range (999…) that passes the eleven-test.
fn test_bsn(seed: u32) -> String {
    let mut n = 999_000_000 + (seed * 37) % 1_000_000;
    loop {
        let digits: Vec<i64> = format!("{n:09}")
            .bytes()
            .map(|b| i64::from(b - b'0'))
            .collect();
        let sum: i64 = digits[..8]
            .iter()
            .enumerate()
            .map(|(i, d)| d * (9 - i as i64))
            .sum::<i64>()
            - digits[8];
        if sum % 11 == 0 && sum != 0 {
            return format!("{n:09}");
        }
        n += 1;
    }
}

fn kenteken(i: usize) -> String {
    const LETTERS: &[u8] = b"BDFGHJKLNPRTXZ";
    let a = LETTERS[i % LETTERS.len()] as char;
    let b = LETTERS[(i / 3 + 5) % LETTERS.len()] as char;
    let c = LETTERS[(i * 7 + 2) % LETTERS.len()] as char;
    format!("{a}{b}-{:03}-{c}", 100 + (i * 37) % 900)
}

// The demo story, told in order (fictitious people, places and events): one long function reads
// better than scattered parts. The length limit is for the services.
#[allow(clippy::too_many_lines)]
pub async fn seed(
    services: &Services,
    actors: &[Actor],
    coordinator_with_bibob: &Actor,
    privacy_officer: &Actor,
) -> anyhow::Result<usize> {
    let ctx = RequestContext {
        client_addr: Some("demo".into()),
        user_agent: None,
    };
    let mut dice = Dice(20_261_128);
    let today = time::OffsetDateTime::now_utc().date();
    let mut created = 0;
    for i in 0..300usize {
        let (gemeente, prefix, woonplaats) = PLAATSEN[i % PLAATSEN.len()];
        let actor = actors
            .iter()
            .filter(|a| a.gemeenten.iter().any(|g| g.as_str() == gemeente))
            .nth(i % 4)
            .unwrap_or(&actors[0]);
        let (omschrijving, fenomenen) = dice.pick(&OMSCHRIJVINGEN);
        let bron = *dice.pick(&BRONNEN);
        // Pools small enough that persons, addresses and vehicles recur across signals.
        let person = dice.below(90) as u32;
        let address = dice.below(70);
        let (voorvoegsel, achternaam) = ACHTERNAMEN[person as usize % ACHTERNAMEN.len()];
        let mut subjecten = vec![EntiteitInvoer {
            soort: "persoon".into(),
            rol: Some(
                dice.pick(&["bewoner", "huurder", "eigenaar", "betrokkene"])
                    .to_string(),
            ),
            bsn: (!person.is_multiple_of(3)).then(|| test_bsn(person)),
            voornamen: Some(VOORNAMEN[person as usize % VOORNAMEN.len()].into()),
            voorvoegsel: (!voorvoegsel.is_empty()).then(|| voorvoegsel.to_string()),
            achternaam: Some(achternaam.into()),
            geboortedatum: Some(format!(
                "{}-{:02}-{:02}",
                1960 + person % 40,
                1 + person % 12,
                1 + person % 28
            )),
            ..Default::default()
        }];
        if i % 4 == 0 {
            let company = dice.below(BEDRIJVEN.len());
            subjecten.push(EntiteitInvoer {
                soort: "organisatie".into(),
                rol: Some("exploitant".into()),
                naam: Some(BEDRIJVEN[company].into()),
                kvk_nummer: Some(format!("9{:07}", 1234 + company * 7919)),
                ..Default::default()
            });
        }
        let mut objecten = vec![EntiteitInvoer {
            soort: "adres".into(),
            postcode: Some(format!(
                "{prefix} {}",
                ["XA", "XB", "XC", "XD", "XE"][address % 5]
            )),
            huisnummer: Some(format!("{}", 1 + address * 3 % 140)),
            straat: Some(STRATEN[address % STRATEN.len()].into()),
            woonplaats: Some(woonplaats.into()),
            ..Default::default()
        }];
        if i % 3 == 0 {
            objecten.push(EntiteitInvoer {
                soort: "voertuig".into(),
                kenteken: Some(kenteken(dice.below(30))),
                ..Default::default()
            });
        }
        let melder = match bron {
            "meld-misdaad-anoniem" => None,
            "inwoner" if i % 2 == 0 => Some(MelderInvoer {
                naam: Some("Buurtbewoner (fictief)".into()),
                contact: Some("06-00000000".into()),
                anoniem: false,
            }),
            "inwoner" => Some(MelderInvoer {
                anoniem: true,
                ..Default::default()
            }),
            _ => None,
        };
        let input = SignaalInvoer {
            gemeente: gemeente.into(),
            ontvangstdatum: (today - time::Duration::days((i as i64 * 41) % 700)).to_string(),
            bron: bron.into(),
            politie_stuk: (bron == "politie").then(|| {
                if i % 2 == 0 {
                    "bestuurlijke-rapportage"
                } else {
                    "hennepinformatiebericht"
                }
                .into()
            }),
            melder,
            omschrijving: (*omschrijving).into(),
            fenomenen: fenomenen.iter().map(|f| f.to_string()).collect(),
            bron_betrouwbaarheid: Some(["a", "b", "c", "x"][i % 4].into()),
            informatie_betrouwbaarheid: Some(["1", "2", "3", "4"][i % 4].into()),
            subjecten,
            objecten,
            ..Default::default()
        };
        let signal = services.create_signal(actor, &input, &ctx).await?;
        created += 1;
        for _ in 0..dice.below(4) {
            let (soort, tekst) = dice.pick(&POSTEN);
            let entry = JournaalInvoer {
                soort: (*soort).into(),
                tekst: (*tekst).into(),
                ..Default::default()
            };
            services
                .add_journal_entry(actor, signal.id, &entry, &ctx)
                .await?;
        }
        if i % 2 == 0 {
            // Every phase and outcome, in every municipality; the coordinator decides, as the
            // protocol asks for some of these transitions.
            const PATHS: [&[&str]; 10] = [
                &["intake"],
                &["intake", "weging"],
                &["intake", "weging", "geen-actie"],
                &["intake", "buiten-scope"],
                &["intake", "weging", "monitoren"],
                &["intake", "weging", "doorgezet-intern"],
                &["intake", "weging", "doorgezet-riec"],
                &["intake", "weging", "bronnenonderzoek"],
                &["intake", "weging", "bronnenonderzoek", "naar-casus"],
                &["intake", "weging", "doorgezet-politie"],
            ];
            let steps = PATHS[(i / 2) % PATHS.len()];
            let actor = coordinator_with_bibob;
            let mut van = baken_domain::signaal::SignaalStatus::Ontvangen;
            for (n, status) in steps.iter().enumerate() {
                if *status == "bronnenonderzoek" {
                    // A team member asks for privacy check 1 from the dossier first.
                    let request = baken_core::toetsaanvragen::ToetsaanvraagInvoer {
                        toets: "1".into(),
                        toelichting: "Voor het bronnenonderzoek: BRP, WOZ en vergunningen, eerst hit/no-hit, om vast te stellen wie het pand gebruikt.".into(),
                    };
                    services
                        .request_privacy_check(actor, signal.id, &request, &ctx)
                        .await?;
                    // The protocol asks for privacy check 1 first; the privacy officer approves it.
                    let approval = baken_core::protocol::ToetsInvoer {
                        toets: "1".into(),
                        besluit: "goedgekeurd".into(),
                        antwoorden: [
                            ("grondslag", "Art. 6 lid 1 sub e AVG; art. 172 Gemeentewet."),
                            ("verenigbaarheid", "Verder gebruik past bij de openbare-ordetaak van de burgemeester."),
                            ("noodzaak", "Zonder deze bronnen is niet vast te stellen wie het pand gebruikt."),
                            ("proportionaliteit", "Eerst hit/no-hit; alleen bij een hit meer."),
                            ("subsidiariteit", "Een minder ingrijpend middel is er niet."),
                        ]
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                        bronnen: vec![
                            "brp".into(),
                            "woz".into(),
                            "vergunningen".into(),
                            "sancties".into(),
                            "sociaal-domein".into(),
                        ],
                        motivering: None,
                    };
                    services
                        .decide_privacy_check(privacy_officer, signal.id, &approval, &ctx)
                        .await?;
                }
                let change = SignaalWijziging {
                    status: Some((*status).into()),
                    motivering: Some(
                        if n + 1 == steps.len() {
                            "Besproken in het signalenoverleg."
                        } else {
                            "Intake afgerond."
                        }
                        .into(),
                    ),
                    // Monitoring runs until a re-weigh date, here within the next two months.
                    herbeoordelen_op: (*status == "monitoren").then(|| {
                        let today = baken_domain::tijd::today_nl(services.clock().now());
                        (today + time::Duration::days(1 + (i as i64 % 60))).to_string()
                    }),
                    wegingsantwoorden: Some(demo_weighing(van, status)),
                    ..Default::default()
                };
                services
                    .update_signal(actor, signal.id, &change, &ctx)
                    .await?;
                van = baken_domain::signaal::SignaalStatus::parse(status)
                    .map_err(anyhow::Error::msg)?;
                if n + 1 == steps.len() && *status == "weging" && (i / 2) % 3 == 0 {
                    // Waiting on the privacy officer's start page.
                    let request = baken_core::toetsaanvragen::ToetsaanvraagInvoer {
                        toets: "1".into(),
                        toelichting: "Zwaar genoeg voor bronnenonderzoek: graag BRP en WOZ (hit/no-hit) om te zien wie er staat ingeschreven en wie eigenaar is.".into(),
                    };
                    services
                        .request_privacy_check(actor, signal.id, &request, &ctx)
                        .await?;
                }
                if *status == "geen-actie" && (i / 2) % 20 == 2 {
                    // Closed long ago: past the one-year retention period of "geen actie".
                    services.backdate_closure_for_demo(signal.id, 400).await?;
                    if i == 4 {
                        services
                            .set_legal_hold(
                                privacy_officer,
                                signal.id,
                                Some("Bezwaar tegen de weigering van inzage loopt nog (demo)."),
                                &ctx,
                            )
                            .await?;
                    }
                }
                if *status == "bronnenonderzoek" {
                    let consultation = baken_core::protocol::RaadplegingInvoer {
                        bron: "brp".into(),
                        doel: "Vaststellen wie op het adres staat ingeschreven".into(),
                        uitkomst: if i % 2 == 0 { "hit" } else { "no-hit" }.into(),
                        toelichting: None,
                    };
                    services
                        .consult_source(actor, signal.id, &consultation, &ctx)
                        .await?;
                }
            }
        }
        if i % 2 == 0 && crate::demo_casework::PATH_NAAR_CASUS == (i / 2) % 10 {
            crate::demo_casework::demo_case(
                services,
                coordinator_with_bibob,
                privacy_officer,
                &signal,
                i,
                &ctx,
            )
            .await?;
        }
        if i % 5 == 4 {
            let view = services.signal(actor, signal.id, "demo").await?;
            crate::demo_casework::demo_intervention(services, actor, &view, i, &ctx).await?;
        }
        if i % 30 == 0 {
            let report = format!(
                "Verslag veldbezoek (fictief)\n\nSignaal {}\nAdres: {} {}, {woonplaats}\nBevindingen: ramen aan de achterzijde afgeplakt, geen zichtbare activiteit overdag.\n",
                signal.nummer,
                STRATEN[address % STRATEN.len()],
                1 + address * 3 % 140
            );
            let mut upload = services.start_attachment(actor, signal.id).await?;
            upload.write(report.as_bytes())?;
            services
                .finish_attachment(
                    actor,
                    upload,
                    "verslag-veldbezoek.txt",
                    "text/plain",
                    None,
                    &ctx,
                )
                .await?;
        }
        if i % 25 == 0
            && coordinator_with_bibob
                .gemeenten
                .iter()
                .any(|g| g.as_str() == gemeente)
        {
            let entry = JournaalInvoer {
                soort: "partnerinformatie".into(),
                tekst:
                    "Advies Landelijk Bureau Bibob ontvangen (fictief): mindere mate van gevaar."
                        .into(),
                vertrouwelijkheid: Some("bibob".into()),
                grondslag: Some("Wet Bibob art. 28".into()),
                ..Default::default()
            };
            services
                .add_journal_entry(coordinator_with_bibob, signal.id, &entry, &ctx)
                .await?;
        }
    }
    crate::demo_casework::demo_meetings(services, coordinator_with_bibob, &ctx).await?;
    Ok(created)
}

/// The demo's answers to the weighing a transition records (the CCV model's criteria): yes
/// where the outcome goes on, no where it stops.
fn demo_weighing(
    van: baken_domain::signaal::SignaalStatus,
    naar: &str,
) -> Vec<baken_domain::weging::CriteriumInvoer> {
    let protocol = baken_domain::protocol::Protocol::ccv_model();
    let Some(weging) = protocol.weging_vanuit(van) else {
        return Vec::new();
    };
    (1..=weging.criteria.len() as u32)
        .map(|criterium| {
            let nee = match naar {
                "buiten-scope" => criterium == 3,
                "geen-actie" => criterium != 2,
                "monitoren" => criterium == 1,
                _ => false,
            };
            baken_domain::weging::CriteriumInvoer {
                criterium,
                antwoord: if nee { "nee" } else { "ja" }.into(),
                toelichting: (criterium == 1).then(|| {
                    if nee {
                        "Te weinig concreet om op te treden (demo).".into()
                    } else {
                        "Volgt uit de melding en het journaal (demo).".into()
                    }
                }),
            }
        })
        .collect()
}

/// Two data subject requests for the privacy officer: an open request for access with the deadline
/// running, and a request for erasure decided in part, with an art. 41 restriction on the answer.
pub async fn seed_requests(services: &Services, privacy_officer: &Actor) -> anyhow::Result<usize> {
    let ctx = RequestContext {
        client_addr: Some("demo".into()),
        user_agent: None,
    };
    let today = baken_domain::tijd::today_nl(services.clock().now());
    // A request goes to the municipality (controller) where the person is known.
    let gemeente_van = |bsn: String| async move {
        let invoer = EntiteitInvoer {
            soort: "persoon".into(),
            bsn: Some(bsn),
            achternaam: Some("-".into()),
            ..Default::default()
        };
        let (found, _) = services
            .search_by_identifier(privacy_officer, &invoer, "demo")
            .await?;
        anyhow::Ok(
            found
                .first()
                .map(|(d, _)| d.gemeente.to_string())
                .or_else(|| privacy_officer.gemeenten.first().map(|g| g.to_string())),
        )
    };
    let gemeente = gemeente_van(test_bsn(1)).await?;
    services
        .register_request(
            privacy_officer,
            &baken_core::verzoeken::VerzoekInvoer {
                soort: "inzage".into(),
                bsn: test_bsn(1),
                ontvangen_op: Some((today - time::Duration::days(9)).to_string()),
                gemeente: gemeente.clone(),
                toelichting: Some("Brief met kopie identiteitsbewijs, balie Stadhuis.".into()),
            },
            &ctx,
        )
        .await?;
    let decided = services
        .register_request(
            privacy_officer,
            &baken_core::verzoeken::VerzoekInvoer {
                soort: "wissing".into(),
                bsn: test_bsn(2),
                ontvangen_op: Some((today - time::Duration::days(24)).to_string()),
                gemeente: gemeente_van(test_bsn(2)).await?,
                toelichting: Some(
                    "Verzoek per e-mail, identiteit aan de balie vastgesteld.".into(),
                ),
            },
            &ctx,
        )
        .await?;
    let detail = services
        .request_detail(privacy_officer, decided.id, &ctx)
        .await?;
    if let Some(dossier) = detail.dossiers.first() {
        services
            .restrict_answer(
                privacy_officer,
                decided.id,
                &baken_core::verzoeken::BeperkingInvoer {
                    dossier: dossier.dossier_id.to_string(),
                    journaalpost: None,
                    grond: "h".into(),
                    motivering:
                        "Lopend bestuurlijk onderzoek; verstrekking nu zou het onderzoek schaden."
                            .into(),
                    herbeoordeling: (today + time::Duration::days(90)).to_string(),
                },
                &ctx,
            )
            .await?;
    }
    services
        .decide_request(
            privacy_officer,
            decided.id,
            "deels-toegewezen",
            "Gegevens zonder noodzaak voor de taak zijn gewist; de gegevens in het lopende onderzoek blijven bewaard (art. 17 lid 3 AVG).",
            &ctx,
        )
        .await?;
    Ok(2)
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_identifiers_are_valid() {
        for seed in 0..200 {
            assert!(baken_domain::identifiers::Bsn::parse(&super::test_bsn(seed)).is_ok());
        }
        for i in 0..30 {
            assert!(
                baken_domain::identifiers::Kenteken::parse(&super::kenteken(i)).is_ok(),
                "{}",
                super::kenteken(i)
            );
        }
    }
}
