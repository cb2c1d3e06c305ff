//! The processing log (Logboek Dataverwerkingen): W3C Trace Context and pseudonymised data
//! subjects.
//!
//! A processing record names the trace and span it belongs to, the action, the processing activity
//! of the register, and the data subject as a keyed pseudonym (HMAC-SHA256 over the identifier's
//! type and value), never the identifier itself. The user is not in the processing record; the
//! security audit log records the user for the same trace id, as the standard asks.

use sha2::{Digest, Sha256};

/// A W3C Trace Context (`traceparent: 00-<trace-id>-<parent-id>-<flags>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceContext {
    pub trace_id: [u8; 16],
    pub span_id: [u8; 8],
    pub flags: u8,
}

impl TraceContext {
    /// Parses a `traceparent` header (version 00). An invalid header is ignored by callers, who
    /// then start a new trace, as the recommendation asks.
    pub fn parse(header: &str) -> Option<TraceContext> {
        let parts: Vec<&str> = header.trim().split('-').collect();
        let [version, trace, span, flags] = parts.as_slice() else {
            return None;
        };
        if *version != "00" || trace.len() != 32 || span.len() != 16 || flags.len() != 2 {
            return None;
        }
        let lower = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        };
        if !lower(trace) || !lower(span) || !lower(flags) {
            return None;
        }
        let trace_id: [u8; 16] = hex::decode(trace).ok()?.try_into().ok()?;
        let span_id: [u8; 8] = hex::decode(span).ok()?.try_into().ok()?;
        if trace_id == [0; 16] || span_id == [0; 8] {
            return None;
        }
        Some(TraceContext {
            trace_id,
            span_id,
            flags: u8::from_str_radix(flags, 16).ok()?,
        })
    }

    /// A child span of this context in the same trace.
    pub fn child(&self, span_id: [u8; 8]) -> TraceContext {
        TraceContext { span_id, ..*self }
    }

    pub fn trace_hex(&self) -> String {
        hex::encode(self.trace_id)
    }

    pub fn span_hex(&self) -> String {
        hex::encode(self.span_id)
    }

    pub fn traceparent(&self) -> String {
        format!(
            "00-{}-{}-{:02x}",
            self.trace_hex(),
            self.span_hex(),
            self.flags
        )
    }
}

/// HMAC-SHA256 (RFC 2104).
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let inner_pad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let outer_pad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&inner_pad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(&outer_pad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// The pseudonym of a data subject: the same identifier gives the same pseudonym under one key, so
/// the privacy officer can find every processing of a person, while the log holds no identifier.
pub fn pseudoniem(key: &[u8; 32], soort: &str, waarde: &str) -> String {
    let message = format!("{}:{}", soort, waarde.trim());
    hex::encode(hmac_sha256(key, message.as_bytes()))
}

/// What a processing-log action (`dossier.lezen`, `signaal.registreren`, `verzoek.beperken`, …)
/// means, in words for the privacy officer. An unknown action is shown as its own name with the
/// dots and dashes as spaces, never as an empty cell.
pub fn handeling(actie: &str) -> String {
    let known = match actie {
        "signaal.registreren" => Some("Signaal geregistreerd"),
        "signaal.vernietigen" => Some("Signaal vernietigd (bewaartermijn)"),
        "signaal.anonimiseren" => Some("Signaal geanonimiseerd (bewaartermijn)"),
        "signaal.archiveren" => Some("Signaal naar het archief (bewaartermijn)"),
        "bron.raadplegen" => Some("Bron geraadpleegd"),
        "entiteit.koppelen" => Some("Toegevoegd aan een signaal"),
        "entiteit.corrigeren" => Some("Gegevens gecorrigeerd"),
        "entiteit.ontkoppelen" => Some("Losgekoppeld van een signaal"),
        "dossier.lezen" => Some("Dossier ingezien"),
        "journaal.lezen" => Some("Journaal ingezien"),
        "bijlagen.lezen" => Some("Lijst van bijlagen ingezien"),
        "bijlage.lezen" => Some("Bijlage geopend"),
        "entiteit.lezen" => Some("Subject of object ingezien"),
        "zoekresultaat.lezen" => Some("Getoond als zoekresultaat"),
        "dossierregel.lezen" => Some("Getoond als vermelding in een ander dossier"),
        "verzoek.lezen" => Some("Ingezien voor een verzoek van de betrokkene"),
        "identificatiezoekvraag.lezen" => Some("Gezocht op identificatie"),
        "identificatiezoekvraag-zonder-eigen-dossier.lezen" => {
            Some("Gezocht op identificatie, zonder eigen dossier")
        }
        "verzoek.registreren" => Some("Verzoek van de betrokkene geregistreerd"),
        "verzoek.inzien" => Some("Verzoek ingezien"),
        "verzoek.verlengen" => Some("Termijn van het verzoek verlengd"),
        "verzoek.identiteit-bevestigen" => Some("Identiteit van de verzoeker bevestigd"),
        "verzoek.beperken" => Some("Verwerking beperkt (art. 18 AVG)"),
        "verzoek.beperking-herbeoordelen" => Some("Beperking opnieuw beoordeeld"),
        "verzoek.besluiten" => Some("Besluit op het verzoek genomen"),
        "verzoek.antwoord-exporteren" => Some("Antwoord op het verzoek gemaakt"),
        "verzoek.verwijderen" | "verzoek.verwijderd" => Some("Verzoek verwijderd (bewaartermijn)"),
        _ => None,
    };
    match known {
        Some(text) => text.to_string(),
        None => {
            let words = actie.replace(['.', '-'], " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceparent_round_trip_and_rejects() {
        let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let context = TraceContext::parse(header).unwrap();
        assert_eq!(context.traceparent(), header);
        assert_eq!(context.trace_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        for bad in [
            "",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        ] {
            assert_eq!(TraceContext::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn hmac_matches_rfc_4231_and_pseudonyms_are_keyed() {
        // RFC 4231 test case 1 uses a 20-byte key; padded with zeros to 32 bytes it is the same key
        // for HMAC (keys shorter than the block are zero-padded).
        let mut key = [0u8; 32];
        key[..20].copy_from_slice(&[0x0b; 20]);
        assert_eq!(
            hex::encode(hmac_sha256(&key, b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        let a = pseudoniem(&[1; 32], "BSN", "999900006");
        assert_eq!(a, pseudoniem(&[1; 32], "BSN", " 999900006 "));
        assert_ne!(
            a,
            pseudoniem(&[2; 32], "BSN", "999900006"),
            "another key, another pseudonym"
        );
        assert_ne!(
            a,
            pseudoniem(&[1; 32], "KvK", "999900006"),
            "the type is part of it"
        );
        assert!(!a.contains("999900006"));
    }

    #[test]
    fn actions_read_as_words() {
        assert_eq!(
            super::handeling("verzoek.beperken"),
            "Verwerking beperkt (art. 18 AVG)"
        );
        assert_eq!(super::handeling("dossier.lezen"), "Dossier ingezien");
        assert_eq!(super::handeling("iets.nieuws-gedaan"), "Iets nieuws gedaan");
    }
}
