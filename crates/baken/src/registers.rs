//! `baken import bag|kvk|sancties` and the operator's checks `baken kvk zoek` and
//! `baken sancties zoek`: the local registers from public bulk data.

use crate::cli::{KvkCommand, SanctiesCommand};
use baken_core::audit::RequestContext;
use baken_core::registers::{Bestand, EigenRegisterImport, ImportRapport};
use baken_core::{Caller, Services};
use baken_domain::GemeenteCode;
use baken_domain::ValidationErrors;
use baken_domain::eigen_register::{Kolomkoppeling, check_broncode};
use baken_domain::identifiers::KvkNummer;
use baken_domain::kvk::KvkVestiging;
use baken_domain::sanctie::SanctieEntiteit;
use baken_store::Register;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Nothing matched: the message on standard error, nothing on standard output, exit status 1.
#[derive(Debug)]
pub struct Geen(pub &'static str);

impl std::fmt::Display for Geen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Geen {}

/// The extensions of a register's files, for a directory named instead of its files.
fn extensions(register: Register) -> &'static [&'static str] {
    match register {
        Register::Bag => &["xml"],
        Register::Kvk => &["csv", "json"],
        Register::Sancties => &["json", "jsonl", "ftm"],
        Register::Eigen => &["csv"],
    }
}

/// A zip holds at most this many entries (nested zips included): a national BAG extract has
/// some thousands.
const MAX_ZIP_ENTRIES: usize = 100_000;

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("zip"))
}

/// Unpacks a zip into `into`, the zips inside it too (the Kadaster delivers the BAG as a zip of
/// zips per object type), and gives the files of the register's kinds in name order. Entry names
/// that would leave `into` are refused.
fn unzip(
    zip_path: &Path,
    into: &Path,
    wanted: &[&str],
    count: &mut usize,
) -> anyhow::Result<Vec<PathBuf>> {
    let file = std::fs::File::open(zip_path)
        .map_err(|e| anyhow::anyhow!("{} is niet te lezen: {e}", zip_path.display()))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| anyhow::anyhow!("{} is geen leesbaar zip-bestand: {e}", zip_path.display()))?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        *count += 1;
        if *count > MAX_ZIP_ENTRIES {
            anyhow::bail!(
                "{} bevat meer dan {MAX_ZIP_ENTRIES} bestanden",
                zip_path.display()
            );
        }
        let mut entry = archive.by_index(i).map_err(|e| {
            anyhow::anyhow!("{}: deel {i} is niet te lezen: {e}", zip_path.display())
        })?;
        if entry.is_dir() {
            continue;
        }
        let entry_name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let Some(relative) = entry.enclosed_name() else {
            anyhow::bail!(
                "{}: de naam {entry_name:?} valt buiten het archief",
                zip_path.display()
            );
        };
        let inner_zip = is_zip(&relative);
        let kept = relative
            .extension()
            .is_some_and(|x| wanted.iter().any(|w| x.eq_ignore_ascii_case(w)));
        if !inner_zip && !kept {
            continue;
        }
        let target = into.join(format!("{}-{}", *count, name(&relative)));
        let mut written = std::fs::File::create(&target)
            .map_err(|e| anyhow::anyhow!("{} is niet te schrijven: {e}", target.display()))?;
        std::io::copy(&mut entry, &mut written).map_err(|e| {
            anyhow::anyhow!(
                "{}: {entry_name} is niet uit te pakken: {e}",
                zip_path.display()
            )
        })?;
        drop(written);
        if inner_zip {
            out.extend(unzip(&target, into, wanted, count)?);
            std::fs::remove_file(&target).ok();
        } else {
            out.push(target);
        }
    }
    Ok(out)
}

/// The files named: a directory stands for its files of the register's kinds, a zip for the
/// files of those kinds inside it (unpacked into `scratch`, which the caller removes), each in
/// name order.
fn files(register: Register, paths: &[PathBuf], scratch: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let wanted = extensions(register);
    for path in paths {
        if is_zip(path) {
            let into = scratch.join(out.len().to_string());
            std::fs::create_dir_all(&into)?;
            let mut inside = unzip(path, &into, wanted, &mut 0)?;
            if inside.is_empty() {
                anyhow::bail!(
                    "{} bevat geen bestanden voor het {} (.{})",
                    path.display(),
                    register.naam(),
                    wanted.join(", .")
                );
            }
            // In the order of their names inside the archive (the unpacked names keep them).
            inside.sort_by_key(|p| name(p).split_once('-').map(|(_, n)| n.to_string()));
            out.extend(inside);
        } else if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| anyhow::anyhow!("{} is niet te lezen: {e}", path.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| wanted.iter().any(|w| x.eq_ignore_ascii_case(w)))
                })
                .collect();
            inside.sort();
            if inside.is_empty() {
                anyhow::bail!(
                    "{} bevat geen bestanden voor het {} (.{})",
                    path.display(),
                    register.naam(),
                    wanted.join(", .")
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

/// The own register of `baken import register`, checked: the municipality code, the source code
/// and the column mapping.
pub fn eigen_import(
    bron: &str,
    gemeente: &str,
    kolommen: &str,
) -> Result<EigenRegisterImport, baken_core::error::ServiceError> {
    let mut errors = ValidationErrors::new();
    let gemeente = GemeenteCode::parse(gemeente)
        .map_err(|e| errors.add("gemeente", e))
        .ok();
    if let Err(e) = check_broncode(bron.trim()) {
        errors.add("bron", e);
    }
    let koppeling = Kolomkoppeling::parse(kolommen)
        .map_err(|e| errors.add("kolommen", e))
        .ok();
    errors.into_result()?;
    match (gemeente, koppeling) {
        (Some(gemeente), Some(koppeling)) => Ok(EigenRegisterImport {
            gemeente,
            bron: bron.trim().to_string(),
            koppeling,
        }),
        _ => unreachable!("errors were returned above"),
    }
}

/// `baken import bag|kvk|sancties`.
pub async fn import_public(
    services: &Services,
    ctx: &RequestContext,
    register: Register,
    paths: &[PathBuf],
) -> anyhow::Result<()> {
    import_files(services, ctx, (register, None), paths).await
}

/// `baken import register`.
pub async fn import(
    services: &Services,
    ctx: &RequestContext,
    eigen: &EigenRegisterImport,
    paths: &[PathBuf],
) -> anyhow::Result<()> {
    import_files(services, ctx, (Register::Eigen, Some(eigen)), paths).await
}

async fn import_files(
    services: &Services,
    ctx: &RequestContext,
    (register, eigen): (Register, Option<&EigenRegisterImport>),
    paths: &[PathBuf],
) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut bestanden = Vec::new();
    // Unpacked zips go here, next to nothing else, and are removed when the import is done.
    let scratch = tempfile::tempdir()?;
    for path in files(register, paths, scratch.path())? {
        let file = std::fs::File::open(&path)
            .map_err(|e| anyhow::anyhow!("{} is niet te lezen: {e}", path.display()))?;
        let naam = name(&path);
        bestanden.push(Bestand {
            // An unpacked file is named as in its archive.
            naam: if path.starts_with(scratch.path()) {
                naam.split_once('-')
                    .map_or(naam.clone(), |(_, n)| n.to_string())
            } else {
                naam
            },
            inhoud: Box::new(BufReader::with_capacity(256 * 1024, file)),
        });
    }
    let count = bestanden.len();
    let naam = match eigen {
        Some(e) => format!("eigen register {} van {}", e.bron, e.gemeente.as_str()),
        None => register.naam().to_string(),
    };
    eprintln!("{naam}: {count} bestand(en) lezen…");
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
    let rapport = match eigen {
        Some(e) => {
            services
                .import_eigen_register(&Caller::System, e, bestanden, &progress, ctx)
                .await?
        }
        None => {
            services
                .import_register(&Caller::System, register, bestanden, &progress, ctx)
                .await?
        }
    };
    print_report(&naam, &rapport, count, started.elapsed().as_secs());
    Ok(())
}

fn print_report(naam: &str, rapport: &ImportRapport, bestanden: usize, seconds: u64) {
    if rapport.ongewijzigd() {
        println!(
            "{naam} ongewijzigd: {} objecten uit {bestanden} bestand(en) gelezen, alles was al zo ({seconds} s).",
            rapport.gelezen
        );
    } else {
        println!(
            "{naam} bijgewerkt: {} objecten uit {bestanden} bestand(en) gelezen ({seconds} s).",
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

pub async fn kvk(services: &Services, command: KvkCommand) -> anyhow::Result<()> {
    match command {
        KvkCommand::Zoek { kvk_nummer } => {
            let nummer = KvkNummer::parse(&kvk_nummer).map_err(|e| {
                let mut errors = ValidationErrors::new();
                errors.add("kvk_nummer", e);
                baken_core::error::ServiceError::Invalid(errors)
            })?;
            let gevonden = services.kvk_zoek(nummer.as_str()).await?;
            if gevonden.is_empty() {
                return Err(Geen("Geen inschrijving gevonden in het lokale KvK-register.").into());
            }
            for v in &gevonden {
                println!("{}", kvk_line(v));
            }
            Ok(())
        }
    }
}

/// One registration a line: its name, numbers, address and activities.
fn kvk_line(v: &KvkVestiging) -> String {
    let mut parts = vec![
        v.naam.clone(),
        format!("KvK {}", v.kvk_nummer),
        match &v.vestigingsnummer {
            Some(n) if v.hoofdvestiging => format!("hoofdvestiging {n}"),
            Some(n) => format!("nevenvestiging {n}"),
            None => "rechtspersoon zonder vestiging".into(),
        },
    ];
    let a = &v.adres;
    if let (Some(postcode), Some(nummer)) = (&a.postcode, a.huisnummer) {
        let mut huis = nummer.to_string();
        if let Some(l) = &a.huisletter {
            huis.push_str(l);
        }
        if let Some(t) = &a.toevoeging {
            huis.push('-');
            huis.push_str(t);
        }
        parts.push(format!(
            "{} {huis}, {postcode} {}",
            a.straatnaam.as_deref().unwrap_or(""),
            a.plaats.as_deref().unwrap_or("")
        ));
    }
    if let Some(r) = &v.rechtsvorm {
        parts.push(r.clone());
    }
    if !v.sbi.is_empty() {
        parts.push(format!("SBI {}", v.sbi.join(", ")));
    }
    if let Some(einde) = &v.datum_einde {
        parts.push(format!("beëindigd {}", dutch_date(einde)));
    }
    parts.join(" | ")
}

/// `2023-06-30` as people write it: `30-06-2023`.
fn dutch_date(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    match p.as_slice() {
        [y, m, d] => format!("{d}-{m}-{y}"),
        _ => iso.to_string(),
    }
}

pub async fn sancties(services: &Services, command: SanctiesCommand) -> anyhow::Result<()> {
    match command {
        SanctiesCommand::Zoek { naam } => {
            let gevonden = services.sancties_zoek(&naam).await?;
            if gevonden.is_empty() {
                return Err(
                    Geen("Geen entiteit met deze naam in de lokale sanctielijsten.").into(),
                );
            }
            for e in &gevonden {
                println!("{}", sanctie_line(e));
            }
            Ok(())
        }
    }
}

fn sanctie_line(e: &SanctieEntiteit) -> String {
    let mut parts = vec![e.caption.clone(), format!("{} {}", e.schema, e.id)];
    if !e.geboortedata.is_empty() {
        parts.push(format!("geboren {}", e.geboortedata.join(", ")));
    }
    if !e.landen.is_empty() {
        parts.push(format!("land {}", e.landen.join(", ")));
    }
    if !e.topics.is_empty() {
        parts.push(e.topics.join(", "));
    }
    if !e.datasets.is_empty() {
        parts.push(format!("lijst {}", e.datasets.join(", ")));
    }
    parts.join(" | ")
}
