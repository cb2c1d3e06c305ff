//! `baken`: the one binary. Serves the application, runs migrations and administers municipalities,
//! users and API tokens from the command line. All work is done by `baken-core`; this crate only
//! reads configuration, opens the database and wires things together.

mod bag;
mod bench_registers;
mod cli;
mod config;
mod demo;
mod demo_casework;
mod demo_registers;
mod demo_signalen;
mod import;
mod registers;
mod server;
mod termijn;

use anyhow::Context;
use baken_core::{
    Caller, Clock, JournalSigner, NewUserInput, RequestContext, ServiceError, Services,
};
use baken_store::Store;
use clap::Parser;
use cli::{
    Cli, Command, GemeenteCommand, ImportCommand, JournaalCommand, ProtocolCommand,
    RetentionCommand, TokenCommand, UserCommand,
};
use std::io::Read;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match config::load(&cli) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("Configuratiefout: {error}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config.log);
    if let Command::Maatregelen { command } = &cli.command
        && command.is_pure()
    {
        return maatregelen(command);
    }
    if let Command::Termijn { command } = cli.command {
        // Pure: no runtime, no database.
        return match termijn::run(command, &config.core.gelijkgestelde_dagen) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("Fout: {error:#}");
                ExitCode::from(2)
            }
        };
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(none) = error.downcast_ref::<registers::Geen>() {
                eprintln!("{none}");
                return ExitCode::FAILURE;
            }
            if let Some(ServiceError::Invalid(errors)) = error.downcast_ref::<ServiceError>() {
                for e in errors.iter() {
                    eprintln!("{}: {}", e.name, e.reason);
                }
                return ExitCode::from(2);
            }
            eprintln!("Fout: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `baken maatregelen laden|versies`: the catalogue versions of a municipality in the database.
async fn catalogue_versions(
    config: &config::Config,
    ctx: &RequestContext,
    command: cli::MaatregelenCommand,
) -> anyhow::Result<()> {
    let services = services(config).await?;
    match command {
        cli::MaatregelenCommand::Laden { file, gemeente } => {
            let tekst = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{} is niet te lezen: {e}", file.display()))?;
            for v in services
                .load_catalogue(&Caller::System, &gemeente, &tekst, ctx)
                .await?
            {
                println!(
                    "Catalogus {} geladen voor {}, geldt vanaf {} (sha256 {}).",
                    v.versie, v.gemeente, v.vastgesteld_op, v.sha256
                );
            }
        }
        cli::MaatregelenCommand::Versies { gemeente } => {
            let view = services.catalogue_history(&gemeente).await?;
            match &view.in_force {
                Some(v) => println!(
                    "Geldend: {} (vastgesteld op {})",
                    v.versie, v.vastgesteld_op
                ),
                None => println!("Geldend: {} (standaard van Baken)", view.catalogus.versie()),
            }
            for v in &view.geschiedenis {
                println!(
                    "{} vastgesteld op {}, geladen op {}, sha256 {}",
                    v.versie,
                    v.vastgesteld_op,
                    baken_domain::tijd::format_nl(v.geladen_op),
                    v.sha256
                );
            }
        }
        cli::MaatregelenCommand::Catalogus | cli::MaatregelenCommand::Controleer { .. } => {
            unreachable!("pure commands are handled before the runtime starts")
        }
    }
    Ok(())
}

/// `baken maatregelen catalogus|controleer`: pure, like `termijn`.
fn maatregelen(command: &cli::MaatregelenCommand) -> ExitCode {
    use baken_domain::maatregelen::{Catalogus, STANDAARD};
    match command {
        cli::MaatregelenCommand::Catalogus => {
            print!("{STANDAARD}");
            ExitCode::SUCCESS
        }
        cli::MaatregelenCommand::Controleer { file } => {
            let text = match std::fs::read_to_string(file) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("Fout: {}: {e}", file.display());
                    return ExitCode::from(2);
                }
            };
            match Catalogus::parse(&text) {
                Ok(c) => {
                    println!(
                        "De catalogus klopt: {} instrumenten, versie {}, vastgesteld op {}.",
                        c.instrumenten().len(),
                        c.versie(),
                        baken_domain::tijd::format_date_long_nl(c.vastgesteld_op)
                    );
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("{e}");
                    }
                    ExitCode::from(2)
                }
            }
        }
        cli::MaatregelenCommand::Laden { .. } | cli::MaatregelenCommand::Versies { .. } => {
            unreachable!("commands on the database run in the runtime")
        }
    }
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Opens the database named by the URL: `sqlite://PATH` or `postgres://…`, and migrates it.
pub async fn open_store(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store: Arc<dyn Store> = if url.starts_with("sqlite:") {
        let store = baken_store_sqlite::SqliteStore::connect(url)
            .await
            .context("SQLite-database openen")?;
        store.migrate().await.context("migraties uitvoeren")?;
        Arc::new(store)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = baken_store_postgres::PgStore::connect(url)
            .await
            .context("verbinden met PostgreSQL")?;
        store.migrate().await.context("migraties uitvoeren")?;
        Arc::new(store)
    } else {
        anyhow::bail!("onbekend databasetype; gebruik sqlite://PAD of postgres://…");
    };
    Ok(store)
}

/// Loads the journal signing key, creating it (with a warning) on first use.
pub fn load_signer(config: &config::Config) -> anyhow::Result<JournalSigner> {
    let path = std::path::Path::new(&config.journal_key_file);
    let (signer, created) = JournalSigner::load_or_create(path).map_err(|e| anyhow::anyhow!(e))?;
    if created {
        eprintln!(
            "Nieuwe journaalsleutel aangemaakt in {} (sleutel-id {}). Bewaar een kopie veilig en buiten de database-back-up.",
            path.display(),
            signer.key_id()
        );
    }
    Ok(signer)
}

/// The services with the configured database, journal key and attachment store.
pub async fn services(config: &config::Config) -> anyhow::Result<Services> {
    let path = std::path::Path::new(&config.master_key_file);
    let (master, created) =
        baken_core::attachments::MasterKey::load_or_create(path).map_err(|e| anyhow::anyhow!(e))?;
    if created {
        eprintln!(
            "Nieuwe hoofdsleutel voor bijlagen aangemaakt in {}. Bewaar een kopie veilig, apart van database en bijlagen.",
            path.display()
        );
    }
    let attachments = baken_core::attachments::AttachmentStore::new(
        config.attachments_dir.clone().into(),
        master,
        config.core.bijlage_max_mb * 1024 * 1024,
    )
    .with_context(|| format!("bijlagenmap {}", config.attachments_dir))?;
    Ok(Services::new(
        open_store(&config.database_url).await?,
        config.core.clone(),
        clock()?,
        load_signer(config)?,
    )
    .with_attachments(attachments))
}

/// The system clock, moved forward by `BAKEN_TEST_KLOK_DAGEN` days when that is set: for browser
/// tests that must see a date arrive (a re-weigh date, a deadline). Announced on stderr, never
/// silent; it only moves forward.
fn clock() -> anyhow::Result<Clock> {
    let clock = Clock::system();
    if let Ok(days) = std::env::var("BAKEN_TEST_KLOK_DAGEN") {
        let days: u16 = days
            .trim()
            .parse()
            .context("BAKEN_TEST_KLOK_DAGEN is geen aantal dagen (0 tot 65535)")?;
        eprintln!("Let op: testklok, {days} dagen vooruit (BAKEN_TEST_KLOK_DAGEN).");
        clock.advance(time::Duration::days(i64::from(days)));
    }
    Ok(clock)
}

async fn reminders(
    config: &config::Config,
    ctx: &RequestContext,
    command: cli::HerinneringenCommand,
) -> anyhow::Result<()> {
    let services = services(config).await?;
    match command {
        cli::HerinneringenCommand::Tonen => {
            let lijst = services.reminders().await?;
            for h in &lijst {
                let b = h.bericht("");
                println!("{} <{}>: {}", h.naam, h.email, b.onderwerp);
            }
            println!("{} herinneringen", lijst.len());
            Ok(())
        }
        cli::HerinneringenCommand::Versturen => {
            let Some(smtp) = &config.core.smtp else {
                anyhow::bail!(
                    "Er is geen mailserver ingesteld (core.smtp: relay, afzender, basis_url)."
                );
            };
            let done = services.send_reminders(smtp, ctx).await?;
            println!("{} verstuurd, {} mislukt", done.verstuurd, done.mislukt);
            if done.mislukt > 0 {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}

/// `baken verify`: every journal chain checked, each failure a line.
async fn verify(config: &config::Config) -> anyhow::Result<()> {
    let services = services(config).await?;
    let report = services
        .verify_journals(&services.journal_verifier())
        .await?;
    for failure in &report.failures {
        let entry = match (failure.volgnummer, failure.entry_id) {
            (Some(n), Some(id)) => format!("post {n} ({id})"),
            (Some(n), None) => format!("post {n}"),
            _ => "keten".into(),
        };
        println!(
            "NIET INTACT: dossier {}: {entry}: {}",
            failure.nummer, failure.reden
        );
    }
    println!(
        "{} journaalketens met {} posten gecontroleerd; {} niet intact.",
        report.dossiers,
        report.entries,
        report.failures.len()
    );
    if report.failures.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!("journaal niet intact"))
    }
}

/// `baken import signalen|bag|kvk|sancties|register`.
async fn import(
    config: &config::Config,
    ctx: &RequestContext,
    command: ImportCommand,
) -> anyhow::Result<()> {
    match command {
        ImportCommand::Signalen { bestand, email } => {
            import_signals(config, ctx, bestand, email).await
        }
        ImportCommand::Register {
            bron,
            gemeente,
            kolommen,
            bestanden,
        } => {
            let eigen = registers::eigen_import(&bron, &gemeente, &kolommen)?;
            registers::import(&services(config).await?, ctx, &eigen, &bestanden).await
        }
        command => {
            let (register, bestanden) = command.register().expect("signals handled above");
            registers::import_public(&services(config).await?, ctx, register, &bestanden).await
        }
    }
}

async fn run(command: Command, config: config::Config) -> anyhow::Result<()> {
    let ctx = RequestContext {
        client_addr: Some("cli".into()),
        user_agent: None,
    };
    match command {
        Command::Serve(_) => server::serve(services(&config).await?, &config).await,
        Command::Demo(_) => demo::run(config).await,
        Command::Migrate => {
            open_store(&config.database_url).await?;
            println!("Migraties uitgevoerd.");
            Ok(())
        }
        Command::Openapi => {
            println!(
                "{}",
                serde_json::to_string_pretty(&baken_web::openapi_document())?
            );
            Ok(())
        }
        Command::Verify => verify(&config).await,
        Command::BenchData(args) => bench_data(&config, args).await,
        Command::BenchRegisters(args) => bench_registers::run(services(&config).await?, args).await,
        Command::Import { command } => import(&config, &ctx, command).await,
        Command::Bag { command } => bag::run(&services(&config).await?, command).await,
        Command::Kvk { command } => registers::kvk(&services(&config).await?, command).await,
        Command::Sancties { command } => {
            registers::sancties(&services(&config).await?, command).await
        }
        Command::Journaal {
            command: JournaalCommand::Heads,
        } => {
            let services = services(&config).await?;
            let verifier = services.journal_verifier();
            let document = serde_json::json!({
                "sleutelId": verifier.key_id(),
                "publiekeSleutel": verifier.public_hex(),
                "algoritme": "Ed25519",
                "bericht": "'baken-journaal-kop-v1' || dossier-id (16 bytes) || volgnummer (i64 big-endian) || linkHash (32 bytes)",
                "koppen": services.export_heads().await?,
            });
            println!("{}", serde_json::to_string_pretty(&document)?);
            Ok(())
        }
        Command::Retention {
            command:
                RetentionCommand::Run {
                    dry_run,
                    now,
                    verklaring,
                },
        } => retention_run(&config, &ctx, dry_run, now, verklaring).await,
        Command::Termijn { command } => termijn::run(command, &config.core.gelijkgestelde_dagen),
        Command::Herinneringen { command } => reminders(&config, &ctx, command).await,
        Command::Maatregelen { command } => catalogue_versions(&config, &ctx, command).await,
        Command::Protocol { command } => match command {
            ProtocolCommand::Default => {
                print!("{}", baken_domain::protocol::CCV_MODEL);
                Ok(())
            }
            ProtocolCommand::Load { file, gemeente } => {
                let services = services(&config).await?;
                let tekst = std::fs::read_to_string(&file)
                    .map_err(|e| anyhow::anyhow!("{} is niet te lezen: {e}", file.display()))?;
                for version in services
                    .load_protocol(&Caller::System, &gemeente, &tekst, &ctx)
                    .await?
                {
                    println!(
                        "Protocol {} geladen voor {}, geldt vanaf {} (sha256 {}).",
                        version.versie, version.gemeente, version.vastgesteld_op, version.sha256
                    );
                }
                Ok(())
            }
            ProtocolCommand::List { gemeente } => {
                let services = services(&config).await?;
                let (in_force, history) = services.protocol_history(&gemeente).await?;
                println!("Geldend: {in_force}");
                for v in history {
                    println!(
                        "{} vastgesteld op {}, geladen op {}, sha256 {}",
                        v.versie,
                        v.vastgesteld_op,
                        baken_domain::tijd::format_nl(v.geladen_op),
                        v.sha256
                    );
                }
                Ok(())
            }
        },
        Command::Gemeente { command } => {
            let services = services(&config).await?;
            match command {
                GemeenteCommand::Add { code, naam } => {
                    let gemeente = services
                        .add_gemeente(&Caller::System, &code, &naam, &ctx)
                        .await?;
                    println!("Gemeente toegevoegd: {} {}", gemeente.code, gemeente.naam);
                }
                GemeenteCommand::List => {
                    for gemeente in services.gemeenten().await? {
                        println!("{} {}", gemeente.code, gemeente.naam);
                    }
                }
            }
            Ok(())
        }
        Command::User { command } => user_command(&config, &ctx, command).await,
        Command::Token { command } => {
            let services = services(&config).await?;
            match command {
                TokenCommand::Create { email, name, dagen } => {
                    let (record, token) = services
                        .create_api_token_for(&Caller::System, &email, &name, dagen, &ctx)
                        .await
                        .map_err(|e| match e {
                            ServiceError::NotFound => {
                                anyhow::anyhow!("geen gebruiker met e-mailadres {email}")
                            }
                            other => other.into(),
                        })?;
                    println!(
                        "API-token '{}' aangemaakt ({}), geldig tot {}. Het token wordt alleen nu getoond:",
                        record.label,
                        record.id,
                        baken_domain::tijd::format_nl(services.token_expiry(&record))
                    );
                    println!("{token}");
                }
            }
            Ok(())
        }
    }
}

fn write_ids(path: &std::path::Path, ids: &[impl std::fmt::Display]) -> anyhow::Result<()> {
    std::fs::write(
        path,
        ids.iter().map(|id| format!("{id}\n")).collect::<String>(),
    )?;
    Ok(())
}

/// Volume data for benchmarks (`baken bench-data`).
async fn bench_data(config: &config::Config, args: cli::BenchDataArgs) -> anyhow::Result<()> {
    let services = services(config).await?;
    let users = services.users(&Caller::System).await?;
    let find = |email: &str| {
        users
            .iter()
            .find(|u| u.email.as_str() == email.trim().to_lowercase())
            .map(|u| u.id)
            .ok_or_else(|| anyhow::anyhow!("geen gebruiker met e-mailadres {email}"))
    };
    let actor = services.actor(find(&args.email)?).await?;
    let team = args
        .team
        .iter()
        .map(|e| find(e))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let gemeente =
        baken_domain::GemeenteCode::parse(&args.gemeente).map_err(|e| anyhow::anyhow!(e))?;
    let started = std::time::Instant::now();
    let progress = |done: usize, total: usize| {
        if done.is_multiple_of(5000) || done == total {
            eprintln!(
                "  {done}/{total} signalen ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let created = services
        .generate_volume(&actor, &gemeente, args.signalen, args.posten, &progress)
        .await?;
    if let Some(path) = &args.ids {
        write_ids(path, &created)?;
    }
    println!(
        "{} signalen met {} journaalposten aangemaakt in {:.0} s.",
        created.len(),
        created.len() * (args.posten + 1),
        started.elapsed().as_secs_f64()
    );
    if args.casussen > 0 {
        let started = std::time::Instant::now();
        let progress = |done: usize, total: usize| {
            if done.is_multiple_of(500) || done == total {
                eprintln!(
                    "  {done}/{total} casussen ({:.0} s)",
                    started.elapsed().as_secs_f64()
                );
            }
        };
        let volume = baken_core::CaseworkVolume {
            cases: args.casussen,
            interventions: args.maatregelen,
            team,
        };
        let work = services
            .generate_casework(&actor, &created, &volume, &progress)
            .await?;
        if let Some(path) = &args.casus_ids {
            write_ids(path, &work.cases)?;
        }
        println!(
            "{} casussen met {} maatregelen en {} termijnen ({} open) aangemaakt in {:.0} s.",
            work.cases.len(),
            work.interventions,
            work.deadlines,
            work.open_deadlines,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// `baken import signalen`: all rows validated first, then all or nothing.
async fn import_signals(
    config: &config::Config,
    ctx: &RequestContext,
    bestand: std::path::PathBuf,
    email: String,
) -> anyhow::Result<()> {
    let signals = import::read(&bestand)?;
    let services = services(config).await?;
    let user = services
        .users(&Caller::System)
        .await?
        .into_iter()
        .find(|u| u.email.as_str() == email.trim().to_lowercase());
    let user = user.ok_or_else(|| anyhow::anyhow!("geen gebruiker met e-mailadres {email}"))?;
    let actor = services.actor(user.id).await?;
    eprintln!(
        "{} signalen gelezen uit {}; controleren…",
        signals.len(),
        bestand.display()
    );
    let progress = |done: usize, total: usize| {
        if done.is_multiple_of(100) || done == total {
            eprintln!("  {done}/{total} opgeslagen");
        }
    };
    match services
        .import_signals(&actor, &signals, ctx, &progress)
        .await?
    {
        Ok(created) => {
            println!(
                "{} signalen geïmporteerd ({} t/m {}).",
                created.len(),
                created.first().map_or("-", |c| c.nummer.as_str()),
                created.last().map_or("-", |c| c.nummer.as_str())
            );
            Ok(())
        }
        Err(invalid) => {
            for (row, errors) in &invalid {
                for e in errors.iter() {
                    println!("rij {row}: {}: {}", e.name, e.reason);
                }
            }
            println!(
                "Niets geïmporteerd: {} van de {} rijen zijn ongeldig.",
                invalid.len(),
                signals.len()
            );
            Err(anyhow::anyhow!("import geweigerd"))
        }
    }
}

/// `baken retention run`.
async fn retention_run(
    config: &config::Config,
    ctx: &RequestContext,
    dry_run: bool,
    now: Option<String>,
    verklaring: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let today = match now {
        Some(day) => {
            baken_domain::entiteit::parse_date(&day).map_err(|e| anyhow::anyhow!("--now: {e}"))?
        }
        None => baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc()),
    };
    let services = services(config).await?;
    let report = services
        .run_retention(&Caller::System, today, dry_run, ctx)
        .await?;
    if dry_run {
        println!("Proefdraai: er is niets gewijzigd. Dit zou er gebeuren:");
    }
    println!("Peildatum: {today}");
    println!("Vernietigd: {}", report.vernietigd);
    println!("Geanonimiseerd: {}", report.geanonimiseerd);
    println!("Gearchiveerd: {}", report.gearchiveerd);
    println!(
        "Vastgehouden (juridische blokkade): {}",
        report.vastgehouden
    );
    println!(
        "Verzoeken van betrokkenen verwijderd (2 jaar na afhandeling): {}",
        report.verzoeken_verwijderd
    );
    if let Some(path) = verklaring {
        let mut csv = csv::Writer::from_path(&path)
            .map_err(|e| anyhow::anyhow!("{} is niet te schrijven: {e}", path.display()))?;
        csv.write_record([
            "batch",
            "nummer",
            "gemeente",
            "soort",
            "uitkomst",
            "afgesloten_op",
            "regel",
            "actie",
            "uitgevoerd_op",
            "uitgevoerd_door",
        ])?;
        for r in &report.regels {
            csv.write_record([
                r.batch_id.to_string(),
                r.nummer.clone(),
                r.gemeente.to_string(),
                r.soort.clone(),
                r.uitkomst.clone(),
                r.afgesloten_op.date().to_string(),
                r.regel.clone(),
                r.actie.clone(),
                r.uitgevoerd_op.to_string(),
                r.uitgevoerd_door.clone(),
            ])?;
        }
        csv.flush()?;
        println!(
            "Verklaring van vernietiging ({} regels): {}",
            report.regels.len(),
            path.display()
        );
    }
    Ok(())
}

/// `baken user add` and `baken user list`.
async fn user_command(
    config: &config::Config,
    ctx: &RequestContext,
    command: UserCommand,
) -> anyhow::Result<()> {
    let services = services(config).await?;
    match command {
        UserCommand::Add {
            email,
            name,
            role,
            gemeente,
            password_stdin,
        } => {
            if !password_stdin {
                anyhow::bail!(
                    "geef het wachtwoord via standaardinvoer met --password-stdin (nooit als argument)"
                );
            }
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("wachtwoord lezen")?;
            let password = password.trim_end_matches(['\n', '\r']).to_string();
            let input = NewUserInput {
                email,
                name,
                roles: role,
                gemeenten: gemeente,
                password,
            };
            let user = services.add_user(&Caller::System, &input, ctx).await?;
            println!("Gebruiker aangemaakt: {} ({})", user.email, user.id);
        }
        UserCommand::List => {
            for user in services.users(&Caller::System).await? {
                let roles: Vec<&str> = user.roles.iter().map(|r| r.as_str()).collect();
                let gemeenten: Vec<&str> = user.gemeenten.iter().map(|g| g.as_str()).collect();
                println!(
                    "{} {} [{}] [{}]{}",
                    user.email,
                    user.name,
                    roles.join(","),
                    gemeenten.join(","),
                    if user.active { "" } else { " geblokkeerd" }
                );
            }
        }
    }
    Ok(())
}
