//! Live registry APIs, consulted over HTTPS with the base URL and credentials from configuration:
//! BAG Individuele Bevragingen v2 ([`bag`]), KvK Zoeken v2 with Basisprofiel and Vestigingsprofiel
//! ([`kvk`]), BRP Personen v2 of Haal Centraal ([`brp`]) and a yente-compatible screening service
//! ([`yente`]).
//!
//! Every request goes through [`HttpBron`]: a time-out over the whole exchange, a rate limit per
//! source, no redirects (a source that sends Baken elsewhere is refused, not followed), and a
//! size limit on the response, read in chunks so that an oversized answer is never held whole.
//! What goes wrong is a [`BronFout`] with a Dutch message for the team that names the source and
//! never the subject: these messages may be logged.

pub mod bag;
pub mod brp;
pub mod kvk;
pub mod yente;

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// How Baken reaches one live source. Its `Debug` leaves the key out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BronConfig {
    /// The API's base URL, for example
    /// `https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2`. `https` is required; plain
    /// `http` only to this machine (a gateway or simulator on the loopback address).
    pub basis_url: String,
    /// The API key (`X-Api-Key` for the BAG, `apikey` for the KvK, `x-api-key` for a BRP gateway,
    /// `Authorization: ApiKey` for yente); empty for none.
    pub api_sleutel: String,
    /// A PEM file with the client certificate and its key, for a source that asks one (the BRP
    /// over Diginetwerk, with a PKIoverheid certificate).
    pub client_certificaat: Option<String>,
    /// How long one exchange may take in all, in seconds.
    pub timeout_seconden: u64,
    /// At most this many requests a second to the source (the BAG allows 50, the KvK 100).
    pub per_seconde: u32,
    /// The largest response read, in kB.
    pub max_kb: u64,
    /// How long an answer is reused for the same question, in seconds (0: not at all).
    pub cache_seconden: u64,
    /// BRP only: the purpose-binding code the gateway knows (`x-doelbinding`).
    pub doelbinding: String,
    /// BRP only: the processing as `verwerking@context` (`x-verwerking`).
    pub verwerking: String,
    /// BRP only: the municipality's OIN (`x-origin-oin`).
    pub oin: String,
    /// yente only: the collection matched against (`default`, `sanctions`, `peps`).
    pub dataset: String,
}

impl std::fmt::Debug for BronConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BronConfig")
            .field("basis_url", &self.basis_url)
            .field(
                "api_sleutel",
                &if self.api_sleutel.is_empty() {
                    ""
                } else {
                    "(verborgen)"
                },
            )
            .field("client_certificaat", &self.client_certificaat)
            .field("timeout_seconden", &self.timeout_seconden)
            .field("per_seconde", &self.per_seconde)
            .field("max_kb", &self.max_kb)
            .field("cache_seconden", &self.cache_seconden)
            .field("dataset", &self.dataset)
            .finish_non_exhaustive()
    }
}

impl Default for BronConfig {
    fn default() -> Self {
        Self {
            basis_url: String::new(),
            api_sleutel: String::new(),
            client_certificaat: None,
            timeout_seconden: 10,
            per_seconde: 10,
            max_kb: 1024,
            cache_seconden: 300,
            doelbinding: String::new(),
            verwerking: String::new(),
            oin: String::new(),
            dataset: "default".into(),
        }
    }
}

/// What went wrong with a live source, in Dutch for the team. Names the source, never the subject.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BronFout {
    #[error("{bron} is niet goed ingesteld: {reden}")]
    Configuratie { bron: String, reden: String },
    #[error(
        "{bron} antwoordde niet binnen {seconden} seconden. Probeer het later opnieuw; het dossier blijft bruikbaar."
    )]
    Tijd { bron: String, seconden: u64 },
    #[error("{bron} is niet bereikbaar. Probeer het later opnieuw; het dossier blijft bruikbaar.")]
    Onbereikbaar { bron: String },
    #[error(
        "{bron} heeft een storing (HTTP {status}). Probeer het later opnieuw; het dossier blijft bruikbaar."
    )]
    Storing { bron: String, status: u16 },
    #[error("{bron} stuurde een antwoord groter dan {max_kb} kB; het is niet gelezen.")]
    TeGroot { bron: String, max_kb: u64 },
    #[error(
        "{bron} weigert Baken de toegang (HTTP {status}): laat de beheerder de sleutel of het certificaat controleren."
    )]
    Geweigerd { bron: String, status: u16 },
    #[error("{bron} krijgt nu te veel raadplegingen. Probeer het over een minuut opnieuw.")]
    TeVeel { bron: String },
    #[error(
        "{bron} stuurde door naar een ander adres (HTTP {status}); Baken volgt geen doorverwijzingen."
    )]
    Omleiding { bron: String, status: u16 },
    #[error("{bron} weigerde de vraag (HTTP {status}).")]
    Vraag { bron: String, status: u16 },
    #[error("{bron} stuurde een onleesbaar antwoord: {reden}.")]
    Onleesbaar { bron: String, reden: String },
}

/// A request's method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Methode {
    Get,
    Post,
}

/// A response that arrived in full within the limits: its status and body.
#[derive(Debug)]
pub struct Antwoord {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Antwoord {
    /// The body as JSON.
    pub fn json(&self, bron: &str) -> Result<serde_json::Value, BronFout> {
        serde_json::from_slice(&self.body).map_err(|e| BronFout::Onleesbaar {
            bron: bron.into(),
            reden: format!("geen JSON ({e})"),
        })
    }
}

/// One live source: its client with the limits, and the pace of its requests.
#[derive(Debug)]
pub struct HttpBron {
    naam: String,
    config: BronConfig,
    basis: reqwest::Url,
    client: reqwest::Client,
    /// The earliest moment the next request may go.
    volgende: tokio::sync::Mutex<Instant>,
}

/// How long a request waits for its turn under the rate limit before it is refused.
const MAX_WACHT: Duration = Duration::from_secs(2);

impl HttpBron {
    /// A client for the source `naam` (as people call it: "BRP") with `config`.
    pub fn new(naam: &str, config: BronConfig) -> Result<Self, BronFout> {
        let fout = |reden: String| BronFout::Configuratie {
            bron: naam.into(),
            reden,
        };
        let basis = reqwest::Url::parse(config.basis_url.trim_end_matches('/'))
            .map_err(|e| fout(format!("basis_url is geen geldige URL ({e})")))?;
        let loopback = match basis.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        match basis.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => return Err(fout("basis_url moet met https:// beginnen".into())),
        }
        if config.per_seconde == 0 || config.timeout_seconden == 0 || config.max_kb == 0 {
            return Err(fout(
                "per_seconde, timeout_seconden en max_kb moeten groter dan 0 zijn".into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(config.timeout_seconden))
            .connect_timeout(Duration::from_secs(config.timeout_seconden.min(5)))
            .user_agent(concat!("Baken/", env!("CARGO_PKG_VERSION")));
        if let Some(pad) = &config.client_certificaat {
            let pem = std::fs::read(pad)
                .map_err(|e| fout(format!("client_certificaat {pad} is niet te lezen ({e})")))?;
            let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                fout(format!(
                    "client_certificaat {pad} is geen PEM met sleutel ({e})"
                ))
            })?;
            builder = builder.identity(identity);
        }
        let client = builder
            .build()
            .map_err(|e| fout(format!("de HTTP-client start niet ({e})")))?;
        Ok(Self {
            naam: naam.into(),
            config,
            basis,
            client,
            volgende: tokio::sync::Mutex::new(Instant::now()),
        })
    }

    pub fn naam(&self) -> &str {
        &self.naam
    }

    pub fn config(&self) -> &BronConfig {
        &self.config
    }

    /// The URL of `pad` (segments, each percent-encoded) under the base URL, with `query`.
    pub fn url(&self, pad: &[&str], query: &[(&str, String)]) -> reqwest::Url {
        let mut url = self.basis.clone();
        {
            let mut segments = url.path_segments_mut().expect("an http(s) URL has a path");
            segments.pop_if_empty();
            for s in pad {
                segments.push(s);
            }
        }
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        url
    }

    /// Waits for this request's turn under the rate limit, or refuses when that takes too long.
    async fn beurt(&self) -> Result<(), BronFout> {
        let interval = Duration::from_secs(1) / self.config.per_seconde;
        let wacht = {
            let mut volgende = self.volgende.lock().await;
            let nu = Instant::now();
            let slot = (*volgende).max(nu);
            if slot - nu > MAX_WACHT {
                return Err(BronFout::TeVeel {
                    bron: self.naam.clone(),
                });
            }
            *volgende = slot + interval;
            slot - nu
        };
        if !wacht.is_zero() {
            tokio::time::sleep(wacht).await;
        }
        Ok(())
    }

    /// Sends a request with `headers` (and a JSON `body` for a POST) and reads the answer within
    /// the limits. A 2xx or a 404 is an answer; anything else is a [`BronFout`].
    pub async fn vraag(
        &self,
        methode: Methode,
        url: reqwest::Url,
        headers: &[(&str, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<Antwoord, BronFout> {
        self.beurt().await?;
        let mut request = match methode {
            Methode::Get => self.client.get(url),
            Methode::Post => self.client.post(url),
        };
        for (k, v) in headers {
            request = request.header(*k, v);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json; charset=utf-8")
                .body(serde_json::to_vec(body).expect("JSON values serialise"));
        }
        let mut response = request.send().await.map_err(|e| self.verzendfout(&e))?;
        let status = response.status().as_u16();
        // An error is known by its status: its body is not read.
        let bron = self.naam.clone();
        match status {
            200..=299 | 404 => {}
            300..=399 => return Err(BronFout::Omleiding { bron, status }),
            401 | 403 => return Err(BronFout::Geweigerd { bron, status }),
            429 => return Err(BronFout::TeVeel { bron }),
            400..=499 => return Err(BronFout::Vraag { bron, status }),
            _ => return Err(BronFout::Storing { bron, status }),
        }
        let max = self.config.max_kb.saturating_mul(1024);
        if response.content_length().is_some_and(|n| n > max) {
            return Err(self.te_groot());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.verzendfout(&e))? {
            if (body.len() + chunk.len()) as u64 > max {
                return Err(self.te_groot());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Antwoord { status, body })
    }

    fn te_groot(&self) -> BronFout {
        BronFout::TeGroot {
            bron: self.naam.clone(),
            max_kb: self.config.max_kb,
        }
    }

    fn verzendfout(&self, e: &reqwest::Error) -> BronFout {
        if e.is_timeout() {
            BronFout::Tijd {
                bron: self.naam.clone(),
                seconden: self.config.timeout_seconden,
            }
        } else if e.is_body() || e.is_decode() {
            BronFout::Onleesbaar {
                bron: self.naam.clone(),
                reden: "het antwoord brak af".into(),
            }
        } else {
            BronFout::Onbereikbaar {
                bron: self.naam.clone(),
            }
        }
    }

    /// A reading error of this source's answer.
    pub fn onleesbaar(&self, reden: impl Into<String>) -> BronFout {
        BronFout::Onleesbaar {
            bron: self.naam.clone(),
            reden: reden.into(),
        }
    }
}

/// The text of a JSON value that is a string or a number (`""` for anything else).
pub(crate) fn tekst(v: Option<&serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// `Some` for a non-empty text.
pub(crate) fn niet_leeg(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}
