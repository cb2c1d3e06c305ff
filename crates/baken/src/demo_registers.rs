//! The demo's local registers: a fictitious BAG of every demo address, a trade register of the
//! demo companies and a sanctions list naming two of the demo persons, written in the formats
//! Baken imports (LVBAG XML, the CSV layout, FollowTheMoney lines) and imported the way an
//! operator would, so that every consultation works in the demo without a network.

use baken_core::audit::RequestContext;
use baken_core::registers::{Bestand, EigenRegisterImport};
use baken_core::{Caller, Services};
use baken_domain::GemeenteCode;
use baken_domain::eigen_register::Kolomkoppeling;
use baken_store::Register;

/// (demo postcode prefix, woonplaats id, gemeentecode digits, woonplaats) as in the demo signals.
const PLAATSEN: [(&str, &str, &str, &str); 3] = [
    ("2181", "2460", "0534", "Hillegom"),
    ("2161", "2459", "0553", "Lisse"),
    ("2171", "2461", "1525", "Sassenheim"),
];
const GEBRUIK: [&str; 4] = [
    "woonfunctie",
    "winkelfunctie",
    "industriefunctie",
    "bijeenkomstfunctie",
];

fn bestand(naam: &str, inhoud: String) -> Bestand {
    Bestand {
        naam: naam.into(),
        inhoud: Box::new(std::io::Cursor::new(inhoud.into_bytes())),
    }
}

fn extract(objects: &[String]) -> String {
    let stands: Vec<String> = objects
        .iter()
        .map(|o| {
            format!("<sl:stand><sl-bag-extract:bagObject>{o}</sl-bag-extract:bagObject></sl:stand>")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sl-bag-extract:bagStand xmlns:sl-bag-extract=\"http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601\" xmlns:sl=\"http://www.kadaster.nl/schemas/standlevering-generiek/1.0\" xmlns:Objecten=\"www.kadaster.nl/schemas/lvbag/imbag/objecten/v20200601\" xmlns:Objecten-ref=\"www.kadaster.nl/schemas/lvbag/imbag/objecten-ref/v20200601\" xmlns:gml=\"http://www.opengis.net/gml/3.2\"><sl:standBestand>\n{}\n</sl:standBestand></sl-bag-extract:bagStand>\n",
        stands.join("\n")
    )
}

/// The BAG of the demo: the addresses the demo signals use (the same pools of streets, postcodes
/// and numbers), each a verblijfsobject in a pand of its own.
fn bag() -> Vec<Bestand> {
    let (mut wpl, mut opr, mut num, mut vbo, mut pnd) = (vec![], vec![], vec![], vec![], vec![]);
    let straten = crate::demo_signalen::STRATEN;
    for (prefix, woonplaats_id, gm, woonplaats) in PLAATSEN {
        wpl.push(format!("<Objecten:Woonplaats><Objecten:identificatie>{woonplaats_id}</Objecten:identificatie><Objecten:naam>{woonplaats}</Objecten:naam><Objecten:status>Woonplaats aangewezen</Objecten:status></Objecten:Woonplaats>"));
        for (s, straat) in straten.iter().enumerate() {
            opr.push(format!("<Objecten:OpenbareRuimte><Objecten:identificatie>{gm}30000000{s:04}</Objecten:identificatie><Objecten:naam>{straat}</Objecten:naam><Objecten:status>Naamgeving uitgegeven</Objecten:status><Objecten:ligtIn><Objecten-ref:WoonplaatsRef>{woonplaats_id}</Objecten-ref:WoonplaatsRef></Objecten:ligtIn></Objecten:OpenbareRuimte>"));
        }
        let mut seen = std::collections::BTreeSet::new();
        for address in 0..70usize {
            let suffix = ["XA", "XB", "XC", "XD", "XE"][address % 5];
            let nummer = 1 + address * 3 % 140;
            if !seen.insert((suffix, nummer)) {
                continue;
            }
            let s = address % straten.len();
            let id = format!("{gm}2000000{address:05}");
            num.push(format!("<Objecten:Nummeraanduiding><Objecten:identificatie>{id}</Objecten:identificatie><Objecten:huisnummer>{nummer}</Objecten:huisnummer><Objecten:postcode>{prefix}{suffix}</Objecten:postcode><Objecten:status>Naamgeving uitgegeven</Objecten:status><Objecten:ligtAan><Objecten-ref:OpenbareRuimteRef>{gm}30000000{s:04}</Objecten-ref:OpenbareRuimteRef></Objecten:ligtAan></Objecten:Nummeraanduiding>"));
            let pand = format!("{gm}1000000{address:05}");
            vbo.push(format!("<Objecten:Verblijfsobject><Objecten:heeftAlsHoofdadres><Objecten-ref:NummeraanduidingRef>{id}</Objecten-ref:NummeraanduidingRef></Objecten:heeftAlsHoofdadres><Objecten:identificatie>{gm}0100000{address:05}</Objecten:identificatie><Objecten:gebruiksdoel>{}</Objecten:gebruiksdoel><Objecten:oppervlakte>{}</Objecten:oppervlakte><Objecten:status>Verblijfsobject in gebruik</Objecten:status><Objecten:maaktDeelUitVan><Objecten-ref:PandRef>{pand}</Objecten-ref:PandRef></Objecten:maaktDeelUitVan></Objecten:Verblijfsobject>", GEBRUIK[address % GEBRUIK.len()], 40 + address * 37 % 900));
            pnd.push(format!("<Objecten:Pand><Objecten:identificatie>{pand}</Objecten:identificatie><Objecten:oorspronkelijkBouwjaar>{}</Objecten:oorspronkelijkBouwjaar><Objecten:status>Pand in gebruik</Objecten:status></Objecten:Pand>", 1900 + address * 13 % 120));
        }
    }
    vec![
        bestand("9999WPL01012026_000001.xml", extract(&wpl)),
        bestand("9999OPR01012026_000001.xml", extract(&opr)),
        bestand("9999NUM01012026_000001.xml", extract(&num)),
        bestand("9999VBO01012026_000001.xml", extract(&vbo)),
        bestand("9999PND01012026_000001.xml", extract(&pnd)),
    ]
}

/// The demo companies (their KvK numbers as the demo signals give them), each at a demo address.
fn kvk() -> Vec<Bestand> {
    let mut csv = String::from(
        "kvkNummer;vestigingsnummer;naam;handelsnamen;rechtsvorm;indHoofdvestiging;straatnaam;huisnummer;huisletter;huisnummerToevoeging;postcode;plaats;sbiCodes;datumAanvang;datumEinde;nummerAanduidingId\n",
    );
    let sbi = [
        "0113", "4511", "5210", "5630", "4120", "9602", "4941", "6810", "9602", "4711",
    ];
    for (company, naam) in crate::demo_signalen::BEDRIJVEN.iter().enumerate() {
        let (prefix, _, _, woonplaats) = PLAATSEN[company % PLAATSEN.len()];
        let address = company * 7;
        let suffix = ["XA", "XB", "XC", "XD", "XE"][address % 5];
        let straat = crate::demo_signalen::STRATEN[address % crate::demo_signalen::STRATEN.len()];
        let rechtsvorm = if naam.ends_with(" BV") {
            "BeslotenVennootschap"
        } else {
            "Eenmanszaak"
        };
        let einde = if company == 6 { "20250630" } else { "" };
        csv.push_str(&format!(
            "9{:07};{:012};{naam};;{rechtsvorm};Ja;{straat};{};;;{prefix}{suffix};{woonplaats};{};{}0101;{einde};\n",
            1234 + company * 7919,
            38_500_000 + company,
            1 + address * 3 % 140,
            sbi[company % sbi.len()],
            2015 + company % 9,
        ));
    }
    vec![bestand("demo-handelsregister.csv", csv)]
}

/// A fictitious sanctions list and PEP list naming two of the demo persons.
fn sancties() -> Vec<Bestand> {
    let lines = [
        r#"{"id": "demo-sven-de-proef", "schema": "Person", "caption": "Sven de Proef", "datasets": ["demo_sanctielijst"], "properties": {"name": ["Sven de Proef"], "birthDate": ["1962"], "nationality": ["nl"], "topics": ["sanction"]}}"#,
        r#"{"id": "demo-sanctie-1", "schema": "Sanction", "datasets": ["demo_sanctielijst"], "properties": {"entity": ["demo-sven-de-proef"], "program": ["Fictieve sanctieregeling"]}}"#,
        r#"{"id": "demo-lotte-denkbeeld", "schema": "Person", "caption": "Lotte Denkbeeld", "datasets": ["demo_pep"], "properties": {"name": ["Lotte Denkbeeld"], "position": ["Wethouder (fictief)"], "topics": ["role.pep"]}}"#,
    ];
    vec![bestand("demo-entities.ftm.json", lines.join("\n") + "\n")]
}

/// Each municipality's own registers: a fictitious permit register (found by address; the
/// protocol lets it be consulted hit/no-hit) and a register of the social domain naming eight of
/// the demo persons (referral only: the team never sees what it holds).
fn eigen() -> Vec<(EigenRegisterImport, Vec<Bestand>)> {
    let mut out = Vec::new();
    for (prefix, _, gm, woonplaats) in PLAATSEN {
        let gemeente = GemeenteCode::parse(&format!("GM{gm}")).expect("a demo code");
        let mut vergunningen = String::from("Zaaknummer;Postcode;Huisnummer;Soort;Verleend op\n");
        for address in (0..70usize).step_by(7) {
            let suffix = ["XA", "XB", "XC", "XD", "XE"][address % 5];
            vergunningen.push_str(&format!(
                "{gm}-V-{address:03};{prefix}{suffix};{};{};{}-0{}-15\n",
                1 + address * 3 % 140,
                [
                    "Exploitatievergunning horeca",
                    "Drank- en horecavergunning",
                    "Omgevingsvergunning (bouwen)"
                ][address % 3],
                2018 + address % 7,
                1 + address % 9,
            ));
        }
        out.push((
            EigenRegisterImport {
                gemeente: gemeente.clone(),
                bron: "vergunningen".into(),
                koppeling: Kolomkoppeling::parse(
                    "id=Zaaknummer,postcode=Postcode,huisnummer=Huisnummer",
                )
                .expect("a demo mapping"),
            },
            vec![bestand(
                &format!("demo-vergunningen-{woonplaats}.csv"),
                vergunningen,
            )],
        ));
        let mut sociaal = String::from("Dossiernummer;Naam;Voorziening;Regisseur\n");
        for (i, person) in (0..16usize).step_by(2).enumerate() {
            let (voorvoegsel, achternaam) = crate::demo_signalen::ACHTERNAMEN[person];
            let naam = [
                crate::demo_signalen::VOORNAMEN[person],
                voorvoegsel,
                achternaam,
            ]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
            sociaal.push_str(&format!(
                "SD-{gm}-{i:03};{naam};{};Regisseur {}\n",
                [
                    "Wmo-begeleiding (fictief)",
                    "Schuldhulpverlening (fictief)",
                    "Jeugdhulp in het gezin (fictief)"
                ][i % 3],
                ["A", "B"][i % 2],
            ));
        }
        out.push((
            EigenRegisterImport {
                gemeente,
                bron: "sociaal-domein".into(),
                koppeling: Kolomkoppeling::parse("id=Dossiernummer,naam=Naam")
                    .expect("a demo mapping"),
            },
            vec![bestand(
                &format!("demo-sociaal-domein-{woonplaats}.csv"),
                sociaal,
            )],
        ));
    }
    out
}

/// Imports the three demo registers and each municipality's own.
pub async fn seed(services: &Services, ctx: &RequestContext) -> anyhow::Result<u64> {
    let mut objecten = 0;
    for (register, bestanden) in [
        (Register::Bag, bag()),
        (Register::Kvk, kvk()),
        (Register::Sancties, sancties()),
    ] {
        objecten += services
            .import_register(&Caller::System, register, bestanden, &|_| {}, ctx)
            .await?
            .gelezen;
    }
    for (eigen, bestanden) in eigen() {
        objecten += services
            .import_eigen_register(&Caller::System, &eigen, bestanden, &|_| {}, ctx)
            .await?
            .gelezen;
    }
    Ok(objecten)
}
