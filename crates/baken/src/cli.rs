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
    BenchData(BenchDataArgs),
    /// Benchmark: exacte adresvragen in het lokale BAG-register (na scripts/gen-bag-extract.py)
    #[command(hide = true)]
    BenchRegisters(BenchRegistersArgs),
    /// Gegevens importeren
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Het lokale BAG-register (uit het BAG-extract van het Kadaster)
    Bag {
        #[command(subcommand)]
        command: BagCommand,
    },
    /// Het lokale KvK-register (uit het Handelsregister)
    Kvk {
        #[command(subcommand)]
        command: KvkCommand,
    },
    /// De lokale sanctie- en PEP-lijsten
    Sancties {
        #[command(subcommand)]
        command: SanctiesCommand,
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
    /// De instrumentencatalogus: maatregelen met grondslag, bevoegd gezag, stappen en termijnen
    Maatregelen {
        #[command(subcommand)]
        command: MaatregelenCommand,
    },
    /// Wettelijke termijnen (Awb, Wet Bibob, Algemene termijnenwet); de laatste regel is de laatste dag (JJJJ-MM-DD)
    Termijn {
        #[command(subcommand)]
        command: TermijnCommand,
    },
    /// Herinneringen per e-mail: verlopen en aflopende termijnen en taken (ook elke ochtend binnen `serve`)
    Herinneringen {
        #[command(subcommand)]
        command: HerinneringenCommand,
    },
}

#[derive(Subcommand)]
pub enum HerinneringenCommand {
    /// Verstuur nu aan iedereen met verlopen of aflopende termijnen of taken een herinnering (vraagt core.smtp)
    Versturen,
    /// Toon wie een herinnering zou krijgen en waarom, zonder iets te versturen
    Tonen,
}

#[derive(Subcommand)]
pub enum MaatregelenCommand {
    /// Schrijf de standaardcatalogus (TOML) naar standaarduitvoer, als begin van een eigen versie
    Catalogus,
    /// Controleer een eigen catalogus (TOML) en noem elke fout; exit 0 als hij klopt
    Controleer {
        /// Het catalogusbestand (.toml)
        file: std::path::PathBuf,
    },
    /// Laad een catalogusversie (TOML) voor een of meer gemeenten; geldt vanaf de vaststellingsdatum
    Laden {
        /// Het catalogusbestand (.toml)
        file: std::path::PathBuf,
        /// Gemeente (herhaalbaar): een werkorganisatie laadt één tekst voor haar gemeenten
        #[arg(long, required = true)]
        gemeente: Vec<String>,
    },
    /// Toon de geldende catalogus en de geladen versies van een gemeente
    Versies {
        #[arg(long)]
        gemeente: String,
    },
}

impl MaatregelenCommand {
    /// Whether the command works without the database.
    pub fn is_pure(&self) -> bool {
        matches!(
            self,
            MaatregelenCommand::Catalogus | MaatregelenCommand::Controleer { .. }
        )
    }
}

#[derive(Args, Clone, Default)]
pub struct Gelijkgesteld {
    /// Een dag die bij koninklijk besluit met een feestdag is gelijkgesteld (JJJJ-MM-DD, herhaalbaar),
    /// naast core.gelijkgestelde_dagen uit de configuratie
    #[arg(long, value_name = "JJJJ-MM-DD")]
    pub gelijkgesteld: Vec<String>,
}

#[derive(Subcommand)]
pub enum TermijnCommand {
    /// Bezwaartermijn: zes weken vanaf de dag na de bekendmaking (artikel 6:7 en 6:8 Awb)
    Bezwaar {
        /// De dag waarop het besluit is bekendgemaakt
        #[arg(long, value_name = "JJJJ-MM-DD")]
        bekendmaking: String,
        #[command(flatten)]
        dagen: Gelijkgesteld,
    },
    /// Beroepstermijn (of hoger beroep): zes weken vanaf de dag na de bekendmaking of verzending
    Beroep {
        #[arg(long, value_name = "JJJJ-MM-DD")]
        bekendmaking: String,
        #[command(flatten)]
        dagen: Gelijkgesteld,
    },
    /// Beslistermijn op bezwaar (artikel 7:10 Awb): vanaf de dag na het einde van de bezwaartermijn
    BeslissingOpBezwaar {
        /// De laatste dag van de bezwaartermijn
        #[arg(long, value_name = "JJJJ-MM-DD")]
        einde_bezwaartermijn: String,
        /// Er is een adviescommissie (twaalf weken in plaats van zes)
        #[arg(long)]
        adviescommissie: bool,
        /// De beslissing is verdaagd (zes weken langer)
        #[arg(long)]
        verdaagd: bool,
        #[command(flatten)]
        dagen: Gelijkgesteld,
    },
    /// Adviestermijn van het Landelijk Bureau Bibob: acht weken, verlengd twaalf (artikel 15 Wet Bibob)
    Bibob {
        /// De dag van de adviesaanvraag
        #[arg(long, value_name = "JJJJ-MM-DD")]
        aanvraag: String,
        /// De termijn is met vier weken verlengd
        #[arg(long)]
        verlengd: bool,
        #[command(flatten)]
        dagen: Gelijkgesteld,
    },
    /// De feestdagen van de Algemene termijnenwet in een jaar, berekend
    Feestdagen {
        #[arg(long)]
        jaar: i32,
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
    /// Importeer het BAG-extract van het Kadaster (LVBAG 2.0, Standaard Levering): alles of
    /// niets; alleen de verschillen met wat er al is worden geschreven
    Bag {
        /// De XML-bestanden van het extract (9999WPL…, 9999OPR…, 9999NUM…, 9999VBO…, 9999PND…),
        /// een map met die bestanden, of het zip-bestand zoals het Kadaster het levert (ook met
        /// zips erin)
        #[arg(required = true)]
        bestanden: Vec<std::path::PathBuf>,
    },
    /// Importeer het Handelsregister (KvK): CSV in Baken's indeling (docs/registers.md) of
    /// bewaarde antwoorden van de KvK-API's (.json); alles of niets, alleen de verschillen
    Kvk {
        /// De bestanden (.csv of .json), een map of een zip-bestand met die bestanden
        #[arg(required = true)]
        bestanden: Vec<std::path::PathBuf>,
    },
    /// Importeer sanctie- en PEP-lijsten als FollowTheMoney-regels (entities.ftm.json van
    /// OpenSanctions); alles of niets, alleen de verschillen
    Sancties {
        /// De bestanden (één entiteit per regel), een map of een zip-bestand met die bestanden
        #[arg(required = true)]
        bestanden: Vec<std::path::PathBuf>,
    },
    /// Importeer een eigen register van de gemeente (vergunningen, WOZ, handhaving, Wmo,
    /// sociaal domein) uit CSV met een kolomkoppeling; alles of niets, alleen de verschillen. De
    /// bron moet in het privacyprotocol van de gemeente staan: dat bepaalt hoe het team haar
    /// raadpleegt (hit/no-hit, inhoud of alleen verwijzing)
    Register {
        /// De broncode uit het privacyprotocol, bijvoorbeeld vergunningen
        #[arg(long)]
        bron: String,
        /// De gemeente wier register het is (GM0553)
        #[arg(long)]
        gemeente: String,
        /// Welke kolom welke sleutel geeft: sleutel=Kolom,… met de sleutels id, postcode,
        /// huisnummer, huisletter, toevoeging, kvk, bsn en naam; alle andere kolommen zijn inhoud
        #[arg(long)]
        kolommen: String,
        /// De CSV-bestanden (kopregel met kolomnamen; ; of , als scheiding), een map of een zip
        #[arg(required = true)]
        bestanden: Vec<std::path::PathBuf>,
    },
}

impl ImportCommand {
    /// The register and files of an import into a local register (`None` for signals).
    pub fn register(self) -> Option<(baken_store::Register, Vec<std::path::PathBuf>)> {
        use baken_store::Register;
        match self {
            ImportCommand::Signalen { .. } | ImportCommand::Register { .. } => None,
            ImportCommand::Bag { bestanden } => Some((Register::Bag, bestanden)),
            ImportCommand::Kvk { bestanden } => Some((Register::Kvk, bestanden)),
            ImportCommand::Sancties { bestanden } => Some((Register::Sancties, bestanden)),
        }
    }
}

#[derive(Subcommand)]
pub enum KvkCommand {
    /// Zoek een KvK-nummer op in het lokale KvK-register: één inschrijving per regel; exit 1 als
    /// er geen is
    Zoek {
        /// KvK-nummer (acht cijfers)
        kvk_nummer: String,
    },
}

#[derive(Subcommand)]
pub enum SanctiesCommand {
    /// Zoek een naam op in de lokale sanctie- en PEP-lijsten (hoofdletters, accenten en leestekens
    /// tellen niet): één entiteit per regel; exit 1 als er geen is
    Zoek {
        /// De naam
        naam: String,
    },
}

#[derive(Subcommand)]
pub enum BagCommand {
    /// Zoek een adres op in het lokale BAG-register: één adres per regel, met de ids van
    /// nummeraanduiding en verblijfsobject, gebruiksdoel en oppervlakte; exit 1 als er geen is
    Zoek {
        /// Postcode, bijvoorbeeld 2161AB
        postcode: String,
        /// Huisnummer
        huisnummer: String,
        /// Alleen deze huisletter (zonder: elke)
        #[arg(long)]
        huisletter: Option<String>,
        /// Alleen deze huisnummertoevoeging (zonder: elke)
        #[arg(long)]
        toevoeging: Option<String>,
    },
}

/// `baken bench-registers`: how many look-ups, over how many generated addresses.
#[derive(Args)]
pub struct BenchRegistersArgs {
    /// The N the extract was generated with.
    #[arg(long)]
    pub adressen: u64,
    #[arg(long, default_value_t = 100_000)]
    pub lookups: usize,
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
}

/// `baken bench-data`: what volume data to write.
#[derive(Args)]
pub struct BenchDataArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub gemeente: String,
    #[arg(long, default_value_t = 1000)]
    pub signalen: usize,
    #[arg(long, default_value_t = 10)]
    pub posten: usize,
    /// Schrijf de ids van de signalen naar dit bestand (één per regel)
    #[arg(long)]
    pub ids: Option<std::path::PathBuf>,
    /// Casussen, elk gestart vanuit een van de aangemaakte signalen
    #[arg(long, default_value_t = 0)]
    pub casussen: usize,
    /// Maatregelen in totaal, verdeeld over de casussen, met hun stappen en termijnen
    #[arg(long, default_value_t = 0)]
    pub maatregelen: usize,
    /// E-mailadressen (met komma's) van wie de casussen en maatregelen om de beurt dragen
    #[arg(long, value_delimiter = ',')]
    pub team: Vec<String>,
    /// Schrijf de ids van de casussen naar dit bestand (één per regel)
    #[arg(long)]
    pub casus_ids: Option<std::path::PathBuf>,
}
