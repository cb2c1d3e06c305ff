//! `baken import bag` and `baken bag zoek`: the local BAG register from the Kadaster's extract,
//! and the operator's check of it.

use crate::cli::BagCommand;
use baken_core::audit::RequestContext;
use baken_core::registers::{BagImportRapport, Bestand};
use baken_core::{Caller, Services};
use baken_domain::ValidationErrors;
use baken_domain::identifiers::{Postcode, parse_huisletter, parse_huisnummer, parse_toevoeging};
use baken_store::{BagAdresRecord, BagAdresVraag};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// No address matched: nothing on standard output, exit status 1.
#[derive(Debug)]
pub struct Geen;

impl std::fmt::Display for Geen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Geen adres gevonden in het lokale BAG-register.")
    }
}

impl std::error::Error for Geen {}

/// The files named, a directory standing for its `.xml` files in name order.
fn files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| anyhow::anyhow!("{} is niet te lezen: {e}", path.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
                .collect();
            inside.sort();
            if inside.is_empty() {
                anyhow::bail!(
                    "{} bevat geen XML-bestanden van een BAG-extract",
                    path.display()
                );
            }
            out.extend(inside);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub async fn import(
    services: &Services,
    ctx: &RequestContext,
    paths: &[PathBuf],
) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut bestanden = Vec::new();
    for path in files(paths)? {
        let file = std::fs::File::open(&path)
            .map_err(|e| anyhow::anyhow!("{} is niet te lezen: {e}", path.display()))?;
        bestanden.push(Bestand {
            naam: name(&path),
            inhoud: Box::new(BufReader::with_capacity(256 * 1024, file)),
        });
    }
    let count = bestanden.len();
    eprintln!("BAG-extract: {count} bestand(en) lezen…");
    let last = std::sync::Mutex::new(0u64);
    let progress = |gelezen: u64| {
        let mut last = last.lock().expect("progress");
        if gelezen >= *last + 100_000 {
            *last = gelezen;
            eprintln!(
                "  {gelezen} objecten gelezen ({} s)",
                started.elapsed().as_secs()
            );
        }
    };
    let rapport = services
        .import_bag(&Caller::System, bestanden, &progress, ctx)
        .await?;
    print_report(&rapport, count, started.elapsed().as_secs());
    Ok(())
}

fn print_report(rapport: &BagImportRapport, bestanden: usize, seconds: u64) {
    if rapport.ongewijzigd() {
        println!(
            "BAG-register ongewijzigd: {} objecten uit {bestanden} bestand(en) gelezen, alles was al zo ({seconds} s).",
            rapport.gelezen
        );
    } else {
        println!(
            "BAG-register bijgewerkt: {} objecten uit {bestanden} bestand(en) gelezen ({seconds} s).",
            rapport.gelezen
        );
    }
    for (soort, t) in &rapport.per_soort {
        println!(
            "  {}: {} nieuw, {} gewijzigd, {} ongewijzigd, {} verwijderd",
            soort.naam(),
            t.nieuw,
            t.gewijzigd,
            t.ongewijzigd,
            t.verwijderd
        );
    }
}

pub async fn run(services: &Services, command: BagCommand) -> anyhow::Result<()> {
    match command {
        BagCommand::Zoek {
            postcode,
            huisnummer,
            huisletter,
            toevoeging,
        } => {
            let mut errors = ValidationErrors::new();
            let postcode = errors.check("postcode", Postcode::parse(&postcode));
            let huisnummer = errors.check("huisnummer", parse_huisnummer(&huisnummer));
            let huisletter = huisletter
                .as_deref()
                .map(|l| errors.check("huisletter", parse_huisletter(l)));
            let toevoeging = toevoeging
                .as_deref()
                .map(|t| errors.check("toevoeging", parse_toevoeging(t)));
            errors
                .into_result()
                .map_err(baken_core::error::ServiceError::Invalid)?;
            let (Some(postcode), Some(huisnummer)) = (postcode, huisnummer) else {
                unreachable!("checked")
            };
            let (huisletter, toevoeging) = (huisletter.flatten(), toevoeging.flatten());
            let adressen = services
                .bag_zoek(BagAdresVraag {
                    postcode: postcode.as_str(),
                    huisnummer,
                    huisletter: huisletter.as_deref(),
                    toevoeging: toevoeging.as_deref(),
                })
                .await?;
            if adressen.is_empty() {
                return Err(Geen.into());
            }
            for adres in &adressen {
                println!("{}", line(adres));
            }
            Ok(())
        }
    }
}

/// One address a line: the address as people write it, then its ids and facts.
fn line(adres: &BagAdresRecord) -> String {
    let n = &adres.nummeraanduiding;
    let mut nummer = n.huisnummer.to_string();
    if let Some(letter) = &n.huisletter {
        nummer.push_str(letter);
    }
    if let Some(toevoeging) = &n.toevoeging {
        nummer.push('-');
        nummer.push_str(toevoeging);
    }
    let postcode = n.postcode.as_deref().unwrap_or("");
    let mut parts = vec![
        format!(
            "{} {nummer}, {} {}",
            adres.straat.as_deref().unwrap_or("(straat onbekend)"),
            postcode,
            adres
                .woonplaats
                .as_deref()
                .unwrap_or("(woonplaats onbekend)")
        ),
        format!("nummeraanduiding {}", n.id),
    ];
    match &adres.object {
        Some(object) => {
            let soort = match object.soort {
                baken_domain::bag::Soort::Verblijfsobject => "verblijfsobject",
                baken_domain::bag::Soort::Ligplaats => "ligplaats",
                baken_domain::bag::Soort::Standplaats => "standplaats",
            };
            parts.push(format!("{soort} {}", object.id));
            if !object.gebruiksdoelen.is_empty() {
                parts.push(format!("gebruiksdoel {}", object.gebruiksdoelen.join(", ")));
            }
            if let Some(m2) = object.oppervlakte {
                parts.push(format!("{m2} m²"));
            }
        }
        None => parts.push("geen verblijfsobject met dit hoofdadres".into()),
    }
    if let Some(pand) = &adres.pand
        && let Some(jaar) = pand.bouwjaar
    {
        parts.push(format!("bouwjaar {jaar}"));
    }
    parts.join(" | ")
}
