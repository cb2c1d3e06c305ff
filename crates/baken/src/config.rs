//! Configuration: defaults, then `baken.toml`, then `BAKEN_*` environment variables, then flags.

use crate::cli::{Cli, Command};
use baken_core::CoreConfig;
use baken_web::WebConfig;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: String,
    /// Address to listen on.
    pub bind: String,
    /// Tracing filter (overridden by `RUST_LOG`).
    pub log: String,
    /// A CSS file with the deployment's theme (design tokens on `.utrecht-theme`).
    pub theme_file: Option<String>,
    /// The Ed25519 key that signs the journal chains (64 hex characters). Keep it outside the
    /// database and its back-ups; created on first use when missing.
    pub journal_key_file: String,
    /// The master key that wraps every attachment's key (64 hex characters). Keep it outside the
    /// database and the attachment store; created on first use when missing.
    pub master_key_file: String,
    /// Where the encrypted attachment files are kept.
    pub attachments_dir: String,
    pub core: CoreConfig,
    pub web: WebConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://baken.db".into(),
            bind: "127.0.0.1:8080".into(),
            log: "info".into(),
            theme_file: None,
            journal_key_file: "baken-journaal.key".into(),
            master_key_file: "baken-hoofdsleutel.key".into(),
            attachments_dir: "baken-bijlagen".into(),
            core: CoreConfig::default(),
            web: WebConfig {
                public_url: String::new(),
                ..WebConfig::default()
            },
        }
    }
}

/// Only the flags that were given, so they override without resetting the rest.
#[derive(Serialize)]
struct Flags {
    #[serde(skip_serializing_if = "Option::is_none")]
    database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bind: Option<String>,
}

pub fn load(cli: &Cli) -> Result<Config, String> {
    let file = cli.config.clone().unwrap_or_else(|| "baken.toml".into());
    if cli.config.is_some() && !file.exists() {
        return Err(format!(
            "configuratiebestand {} bestaat niet",
            file.display()
        ));
    }
    let bind = match &cli.command {
        Command::Serve(args) | Command::Demo(args) => args.bind.clone(),
        _ => None,
    };
    let flags = Flags {
        database_url: cli.database.clone(),
        bind,
    };
    let mut config: Config = Figment::from(Serialized::defaults(Config::default()))
        .merge(Toml::file(&file))
        .merge(Env::prefixed("BAKEN_").ignore(&["config"]).split("__"))
        .merge(Serialized::defaults(flags))
        .extract()
        .map_err(|e| e.to_string())?;
    if let Some(path) = &config.theme_file {
        config.web.theme_css =
            Some(std::fs::read_to_string(path).map_err(|e| format!("themabestand {path}: {e}"))?);
    }
    Ok(config)
}
