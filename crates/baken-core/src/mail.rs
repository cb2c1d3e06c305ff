//! A small SMTP client (RFC 5321) for the e-mail reminders: one message per connection to the
//! municipality's own mail relay, which delivers it onwards (and handles TLS and authentication
//! towards the outside, as relays in a municipal network do). Baken's messages carry no data from
//! the dossiers, only counts, deadline kinds, dates and dossier numbers, so what crosses the
//! relay is not personal data beyond the recipient's own name and address.
//!
//! Every reply is checked; a relay that is slow, refuses, or answers what SMTP does not allow
//! gives an error naming the step, and nothing is retried here (the next day's run sends again).

use base64::Engine;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Where and as whom Baken sends e-mail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SmtpConfig {
    /// The relay as `host:port` (for example `smtp.gemeente.local:25`).
    pub relay: String,
    /// The sender address (`From`), for example `baken@gemeente.nl`.
    pub afzender: String,
    /// The address of Baken as users reach it, for the links in a message.
    pub basis_url: String,
    /// How long one step (connect, a reply) may take.
    pub timeout_seconden: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            relay: String::new(),
            afzender: String::new(),
            basis_url: String::new(),
            timeout_seconden: 10,
        }
    }
}

/// One message: plain text in UTF-8.
#[derive(Debug, Clone)]
pub struct Bericht {
    pub aan: String,
    pub onderwerp: String,
    pub tekst: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailFout {
    #[error("de mailserver {0} is niet bereikbaar: {1}")]
    Verbinding(String, String),
    #[error("de mailserver antwoordde niet binnen {0} seconden")]
    Tijd(u64),
    #[error("de mailserver weigerde bij {stap}: {antwoord}")]
    Geweigerd {
        stap: &'static str,
        antwoord: String,
    },
    /// Without the address itself: the error goes to the audit log.
    #[error("ongeldig e-mailadres (afzender of ontvanger)")]
    Adres,
}

/// An address fit for `MAIL FROM`/`RCPT TO` and a header: no spaces, angle brackets or line
/// breaks, one `@`.
fn check_address(address: &str) -> Result<&str, MailFout> {
    let ok = address.matches('@').count() == 1
        && !address.is_empty()
        && address.len() <= 254
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
    if ok {
        Ok(address)
    } else {
        Err(MailFout::Adres)
    }
}

/// A header value in UTF-8 as RFC 2047 encoded words (ASCII stays readable).
fn header_text(value: &str) -> String {
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    if clean.is_ascii() {
        clean
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(clean.as_bytes())
        )
    }
}

/// The message as it goes after `DATA`: headers, then the body in base64 (lines of 76), so no
/// line of the text can end the message early and 8-bit text needs no extension of the relay.
fn message(afzender: &str, bericht: &Bericht, at: time::OffsetDateTime) -> String {
    let date = at
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default();
    let domain = afzender.rsplit('@').next().unwrap_or("baken");
    let body = base64::engine::general_purpose::STANDARD.encode(bericht.tekst.as_bytes());
    let mut out = format!(
        "From: Baken <{afzender}>\r\nTo: <{}>\r\nSubject: {}\r\nDate: {date}\r\nMessage-ID: <{}@{domain}>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\
         Auto-Submitted: auto-generated\r\n\r\n",
        bericht.aan,
        header_text(&bericht.onderwerp),
        uuid::Uuid::new_v4()
    );
    for chunk in body.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

struct Session {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    timeout: Duration,
    seconds: u64,
}

impl Session {
    /// Reads one reply (the lines of a multi-line one) and checks its code class.
    async fn expect(&mut self, stap: &'static str, code: u8) -> Result<(), MailFout> {
        let mut antwoord = String::new();
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(self.timeout, self.reader.read_line(&mut line))
                .await
                .map_err(|_| MailFout::Tijd(self.seconds))?
                .map_err(|e| MailFout::Geweigerd {
                    stap,
                    antwoord: e.to_string(),
                })?;
            if n == 0 || line.len() > 1000 {
                return Err(MailFout::Geweigerd {
                    stap,
                    antwoord: "verbinding verbroken".into(),
                });
            }
            antwoord.push_str(line.trim_end());
            // `250-…` continues, `250 …` ends a reply.
            if line.as_bytes().get(3) != Some(&b'-') {
                break;
            }
            antwoord.push(' ');
        }
        if antwoord.as_bytes().first() == Some(&(b'0' + code)) {
            Ok(())
        } else {
            Err(MailFout::Geweigerd { stap, antwoord })
        }
    }

    async fn send(&mut self, line: &str, stap: &'static str) -> Result<(), MailFout> {
        tokio::time::timeout(self.timeout, self.writer.write_all(line.as_bytes()))
            .await
            .map_err(|_| MailFout::Tijd(self.seconds))?
            .map_err(|e| MailFout::Geweigerd {
                stap,
                antwoord: e.to_string(),
            })
    }
}

/// Sends one message through the relay.
pub async fn send(config: &SmtpConfig, bericht: &Bericht) -> Result<(), MailFout> {
    let afzender = check_address(&config.afzender)?;
    let aan = check_address(&bericht.aan)?;
    let timeout = Duration::from_secs(config.timeout_seconden.max(1));
    let stream = tokio::time::timeout(timeout, TcpStream::connect(&config.relay))
        .await
        .map_err(|_| MailFout::Tijd(config.timeout_seconden))?
        .map_err(|e| MailFout::Verbinding(config.relay.clone(), e.to_string()))?;
    let (read, writer) = stream.into_split();
    let mut s = Session {
        reader: BufReader::new(read),
        writer,
        timeout,
        seconds: config.timeout_seconden,
    };
    s.expect("de begroeting", 2).await?;
    let helo = afzender.rsplit('@').next().unwrap_or("baken");
    s.send(&format!("EHLO {helo}\r\n"), "EHLO").await?;
    s.expect("EHLO", 2).await?;
    s.send(&format!("MAIL FROM:<{afzender}>\r\n"), "MAIL FROM")
        .await?;
    s.expect("MAIL FROM", 2).await?;
    s.send(&format!("RCPT TO:<{aan}>\r\n"), "RCPT TO").await?;
    s.expect("RCPT TO", 2).await?;
    s.send("DATA\r\n", "DATA").await?;
    s.expect("DATA", 3).await?;
    s.send(
        &message(afzender, bericht, time::OffsetDateTime::now_utc()),
        "het bericht",
    )
    .await?;
    s.expect("het bericht", 2).await?;
    s.send("QUIT\r\n", "QUIT").await?;
    // The message is accepted; a relay that hangs up without a goodbye changes nothing.
    let _ = s.expect("QUIT", 2).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_could_inject_a_command_or_header_are_refused() {
        assert!(check_address("t@example.nl").is_ok());
        for bad in [
            "t@example.nl>\r\nRCPT TO:<x@y.nl",
            "a b@c.nl",
            "geen-apenstaart",
            "a@b@c",
            "",
        ] {
            assert!(check_address(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_body_is_base64_and_a_dutch_subject_an_encoded_word() {
        let m = message(
            "baken@hillegom.nl",
            &Bericht {
                aan: "t@example.nl".into(),
                onderwerp: "Termijnen: één verlopen".into(),
                tekst: "Regel\r\n.\r\nna de punt".into(),
            },
            time::OffsetDateTime::UNIX_EPOCH,
        );
        assert!(m.contains("Subject: =?UTF-8?B?"), "{m}");
        assert!(
            !m.contains("\r\n.\r\nna"),
            "a lone dot cannot end the message early"
        );
        assert!(m.ends_with("\r\n.\r\n"));
        assert_eq!(header_text("Baken"), "Baken");
    }
}
