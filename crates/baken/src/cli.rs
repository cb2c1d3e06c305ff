//! The command line.

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "baken",
    version,
    about = "Baken: informatiepositie voor de bestuurlijke aanpak van ondermijning"
)]
pub struct Cli {
    /// Database: sqlite://PAD (standaard sqlite://baken.db) of postgres://…
    #[arg(long, global = true, env = "BAKEN_DATABASE_URL", value_name = "URL")]
    pub database: Option<String>,

    /// Configuratiebestand (standaard ./baken.toml als dat bestaat)
    #[arg(long, global = true, env = "BAKEN_CONFIG", value_name = "BESTAND")]
    pub config: Option<std::path::PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start de webserver (migreert eerst de database)
    Serve(ServeArgs),
    /// Vul een lege database met demogegevens en start de webserver
    Demo(ServeArgs),
    /// Voer alleen de databasemigraties uit
    Migrate,
    /// Schrijf het OpenAPI-document van de API naar standaarduitvoer
    Openapi,
    /// Controleer elke journaalketen en elke handtekening; exit 0 als alles klopt
    Verify,
    /// Benchmarkgegevens: fictieve signalen met journaalposten (voor BENCHMARKS.md)
    #[command(hide = true)]
    BenchData {
        #[arg(long)]
        email: String,
        #[arg(long)]
        gemeente: String,
        #[arg(long, default_value_t = 1000)]
        signalen: usize,
        #[arg(long, default_value_t = 10)]
        posten: usize,
        /// Schrijf de ids van de signalen naar dit bestand (één per regel)
        #[arg(long)]
        ids: Option<std::path::PathBuf>,
    },
    /// Gegevens importeren
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Journaal: ondertekende koppen exporteren
    Journaal {
        #[command(subcommand)]
        command: JournaalCommand,
    },
    /// Gemeenten beheren
    Gemeente {
        #[command(subcommand)]
        command: GemeenteCommand,
    },
    /// Gebruikers beheren
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API-tokens beheren
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Bewaartermijnen van het privacyprotocol toepassen (ook elke nacht binnen `serve`)
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Het privacyprotocol: een versie laden, tonen welke geldt en de geschiedenis
    Protocol {
        #[command(subcommand)]
        command: ProtocolCommand,
    },
}

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// Vernietig, anonimiseer of archiveer wat over zijn bewaartermijn is; drukt de aantallen af
    Run {
        /// Alleen tellen wat er zou gebeuren; niets wijzigen
        #[arg(long)]
        dry_run: bool,
        /// Peildatum (JJJJ-MM-DD) in plaats van vandaag
        #[arg(long, value_name = "JJJJ-MM-DD")]
        now: Option<String>,
        /// Schrijf de verklaring van vernietiging van deze batch als CSV naar dit bestand
        #[arg(long, value_name = "BESTAND")]
        verklaring: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum ProtocolCommand {
    /// Laad een protocolversie (TOML) voor een of meer gemeenten; geldt vanaf de vaststellingsdatum
    Load {
        /// Het protocolbestand (.toml)
        file: std::path::PathBuf,
        /// Gemeente (herhaalbaar): een werkorganisatie laadt één tekst voor haar gemeenten
        #[arg(long, required = true)]
        gemeente: Vec<String>,
    },
    /// Toon de geldende versie en de geschiedenis van een gemeente
    List {
        #[arg(long)]
        gemeente: String,
    },
    /// Schrijf het standaardprotocol (CCV-model) naar standaarduitvoer, als begin van een eigen versie
    Default,
}

#[derive(Args, Clone, Default)]
pub struct ServeArgs {
    /// Adres om op te luisteren, bijvoorbeeld 127.0.0.1:8080
    #[arg(long, env = "BAKEN_BIND", value_name = "ADRES")]
    pub bind: Option<String>,
}

#[derive(Subcommand)]
pub enum GemeenteCommand {
    /// Voeg een gemeente toe
    Add {
        /// CBS-code, bijvoorbeeld GM0534
        #[arg(long)]
        code: String,
        /// Naam van de gemeente
        #[arg(long)]
        naam: String,
    },
    /// Toon alle gemeenten (één "CODE NAAM" per regel)
    List,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Maak een gebruiker aan; het wachtwoord komt van standaardinvoer
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Rol (herhaalbaar): teamlid, analist, coordinator, privacyfunctionaris, jurist, burgemeester, beheerder
        #[arg(long, required = true)]
        role: Vec<String>,
        /// Gemeente (herhaalbaar), bijvoorbeeld GM0534
        #[arg(long)]
        gemeente: Vec<String>,
        /// Lees het wachtwoord van standaardinvoer
        #[arg(long)]
        password_stdin: bool,
    },
    /// Toon alle gebruikers
    List,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Maak een API-token voor een gebruiker; het token staat op de laatste regel
    Create {
        #[arg(long)]
        email: String,
        /// Naam (label) van het token
        #[arg(long)]
        name: String,
        /// Geldigheid in dagen (standaard 90, hoogstens de ingestelde token_max_days)
        #[arg(long)]
        dagen: Option<i64>,
    },
}

#[derive(Subcommand)]
pub enum JournaalCommand {
    /// Schrijf de ondertekende koppen van alle journaalketens (JSON) naar standaarduitvoer, voor een extern archief
    Heads,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Importeer signalen uit een CSV- of JSON-bestand: alles of niets
    Signalen {
        /// Het bestand (.csv of .json)
        bestand: std::path::PathBuf,
        /// De gebruiker namens wie de signalen worden geregistreerd
        #[arg(long)]
        email: String,
    },
}
