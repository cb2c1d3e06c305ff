//! The journal's tamper evidence: a hash chain per dossier.
//!
//! Each entry's content is serialised canonically and hashed (`content_hash`). The chain links
//! `link_hash(n) = SHA-256("baken-journaal-v1" ‖ dossier id ‖ n ‖ link_hash(n−1) ‖ content_hash(n))`,
//! starting from 32 zero bytes. Content can later be destroyed (retention) while the hashes stay, so the
//! chain still verifies; changing content, reordering, moving entries between dossiers or dropping one
//! in the middle breaks it. Someone who recomputes every hash is caught by the signed chain heads (see
//! `baken-core`), which this module only describes.

use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

vocabulary!(
    /// The kind of a journal entry.
    JournaalSoort {
        Waarneming = "waarneming", "Waarneming";
        Bronraadpleging = "bronraadpleging", "Bronraadpleging";
        TelefonischContact = "telefonisch-contact", "Telefonisch contact";
        Overlegbesluit = "overlegbesluit", "Overlegbesluit";
        DocumentOntvangen = "document-ontvangen", "Document ontvangen";
        DocumentVerzonden = "document-verzonden", "Document verzonden";
        Veldbezoek = "veldbezoek", "Veldbezoek";
        Partnerverzoek = "partnerverzoek", "Partnerverzoek";
        Partnerinformatie = "partnerinformatie", "Partnerinformatie";
        Privacytoets = "privacytoets", "Privacytoets";
        Weging = "weging", "Weging";
        Statuswijziging = "statuswijziging", "Statuswijziging";
        Maatregel = "maatregel", "Maatregel";
        Notitie = "notitie", "Notitie";
        Correctie = "correctie", "Correctie";
    }
);

impl JournaalSoort {
    /// Kinds a person may add by hand (the others are written by Baken itself or need a correction target).
    pub fn is_manual(self) -> bool {
        !matches!(
            self,
            JournaalSoort::Statuswijziging
                | JournaalSoort::Correctie
                | JournaalSoort::Maatregel
                | JournaalSoort::Partnerverzoek
        )
    }
}

pub const GENESIS: [u8; 32] = [0; 32];

/// SHA-256 of canonical content bytes.
pub fn content_hash(canonical: &[u8]) -> [u8; 32] {
    Sha256::digest(canonical).into()
}

/// The link hash of entry `sequence` (1-based) of a dossier's chain.
pub fn link_hash(
    dossier: Uuid,
    sequence: i64,
    previous: &[u8; 32],
    content: &[u8; 32],
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"baken-journaal-v1");
    hasher.update(dossier.as_bytes());
    hasher.update(sequence.to_be_bytes());
    hasher.update(previous);
    hasher.update(content);
    hasher.finalize().into()
}

/// One stored chain row, with its content's canonical bytes when the content still exists.
#[derive(Debug, Clone)]
pub struct ChainRow<'a> {
    pub sequence: i64,
    pub content_hash: [u8; 32],
    pub link_hash: [u8; 32],
    pub canonical: Option<&'a [u8]>,
}

/// Why a chain does not verify, at the first entry that fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The sequence numbers have a gap or do not start at 1.
    Sequence { expected: i64, found: i64 },
    /// The content no longer matches its hash.
    Content { sequence: i64 },
    /// The link hash does not follow from the previous link and the content hash.
    Link { sequence: i64 },
}

/// Verifies a chain in sequence order; returns the last link hash (the head) when intact.
pub fn verify_chain(dossier: Uuid, rows: &[ChainRow<'_>]) -> Result<[u8; 32], ChainBreak> {
    let mut previous = GENESIS;
    for (index, row) in rows.iter().enumerate() {
        let expected = index as i64 + 1;
        if row.sequence != expected {
            return Err(ChainBreak::Sequence {
                expected,
                found: row.sequence,
            });
        }
        if let Some(canonical) = row.canonical
            && content_hash(canonical) != row.content_hash
        {
            return Err(ChainBreak::Content {
                sequence: row.sequence,
            });
        }
        if link_hash(dossier, row.sequence, &previous, &row.content_hash) != row.link_hash {
            return Err(ChainBreak::Link {
                sequence: row.sequence,
            });
        }
        previous = row.link_hash;
    }
    Ok(previous)
}

/// The message a chain head's signature covers.
pub fn head_message(dossier: Uuid, sequence: i64, link: &[u8; 32]) -> Vec<u8> {
    let mut message = b"baken-journaal-kop-v1".to_vec();
    message.extend_from_slice(dossier.as_bytes());
    message.extend_from_slice(&sequence.to_be_bytes());
    message.extend_from_slice(link);
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn build(dossier: Uuid, contents: &[Vec<u8>]) -> Vec<([u8; 32], [u8; 32])> {
        let mut previous = GENESIS;
        contents
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ch = content_hash(c);
                let lh = link_hash(dossier, i as i64 + 1, &previous, &ch);
                previous = lh;
                (ch, lh)
            })
            .collect()
    }

    fn rows<'a>(hashes: &[([u8; 32], [u8; 32])], contents: &'a [Vec<u8>]) -> Vec<ChainRow<'a>> {
        hashes
            .iter()
            .zip(contents)
            .enumerate()
            .map(|(i, ((ch, lh), c))| ChainRow {
                sequence: i as i64 + 1,
                content_hash: *ch,
                link_hash: *lh,
                canonical: Some(c),
            })
            .collect()
    }

    #[test]
    fn destroyed_content_keeps_the_chain_valid() {
        let d = Uuid::new_v4();
        let contents = vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()];
        let hashes = build(d, &contents);
        let mut chain = rows(&hashes, &contents);
        assert!(verify_chain(d, &chain).is_ok());
        chain[1].canonical = None;
        assert_eq!(verify_chain(d, &chain), Ok(hashes[2].1));
    }

    #[test]
    fn tampering_is_found_at_the_first_bad_entry() {
        let d = Uuid::new_v4();
        let contents = vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()];
        let hashes = build(d, &contents);
        let changed = vec![b"a".to_vec(), b"B".to_vec(), b"c".to_vec()];
        assert_eq!(
            verify_chain(d, &rows(&hashes, &changed)),
            Err(ChainBreak::Content { sequence: 2 })
        );
        // Recomputing the content hash alone breaks the link.
        let mut forged = hashes.clone();
        forged[1].0 = content_hash(b"B");
        assert_eq!(
            verify_chain(d, &rows(&forged, &changed)),
            Err(ChainBreak::Link { sequence: 2 })
        );
        // Moving the chain to another dossier breaks it.
        assert_eq!(
            verify_chain(Uuid::new_v4(), &rows(&hashes, &contents)),
            Err(ChainBreak::Link { sequence: 1 })
        );
        // Dropping an entry leaves a gap.
        let mut dropped = rows(&hashes, &contents);
        dropped.remove(1);
        assert_eq!(
            verify_chain(d, &dropped),
            Err(ChainBreak::Sequence {
                expected: 2,
                found: 3
            })
        );
    }

    proptest! {
        #[test]
        fn any_single_byte_change_is_detected(contents in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..40), 1..8), pick in any::<prop::sample::Index>(), byte in any::<prop::sample::Index>()) {
            let d = Uuid::new_v4();
            let hashes = build(d, &contents);
            let mut changed = contents.clone();
            let entry = pick.index(changed.len());
            let position = byte.index(changed[entry].len());
            changed[entry][position] ^= 0x01;
            prop_assert!(verify_chain(d, &rows(&hashes, &changed)).is_err());
        }
    }
}

/// The content of a journal entry, exactly as hashed: serialised with serde_json in this field order
/// (no maps, no floats), so the same content always gives the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournaalInhoud {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub soort: JournaalSoort,
    pub tekst: String,
    #[serde(with = "time::serde::rfc3339")]
    pub gebeurd_op: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub geregistreerd_op: time::OffsetDateTime,
    pub auteur: crate::UserId,
    pub auteur_naam: String,
    pub auteur_rollen: Vec<crate::Role>,
    pub bron: Option<String>,
    pub betrouwbaarheid: Option<String>,
    pub grondslag: Option<String>,
    pub doel: Option<String>,
    pub vertrouwelijkheid: crate::dossier::Vertrouwelijkheid,
    /// For `politie-burgemeester`: the persons (besides the author) it is addressed to.
    pub lezers: Vec<crate::UserId>,
    /// For a correction: the entry it corrects.
    pub corrigeert: Option<Uuid>,
    /// Linked entities and attachments.
    pub koppelingen: Vec<Uuid>,
}

impl JournaalInhoud {
    /// The canonical bytes that are hashed and stored.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("journal content serialises")
    }

    pub fn from_canonical(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod content_tests {
    use super::*;

    #[test]
    fn canonical_bytes_round_trip_and_are_stable() {
        let at = time::macros::datetime!(2026-11-28 21:30:00.123456 UTC);
        let entry = JournaalInhoud {
            id: Uuid::nil(),
            dossier_id: Uuid::nil(),
            soort: JournaalSoort::Waarneming,
            tekst: "Hennepgeur".into(),
            gebeurd_op: at,
            geregistreerd_op: at,
            auteur: crate::UserId(Uuid::nil()),
            auteur_naam: "Tessa".into(),
            auteur_rollen: vec![crate::Role::Teamlid],
            bron: None,
            betrouwbaarheid: None,
            grondslag: None,
            doel: None,
            vertrouwelijkheid: crate::dossier::Vertrouwelijkheid::Normaal,
            lezers: vec![],
            corrigeert: None,
            koppelingen: vec![],
        };
        let bytes = entry.canonical();
        assert_eq!(JournaalInhoud::from_canonical(&bytes).unwrap(), entry);
        assert_eq!(
            JournaalInhoud::from_canonical(&bytes).unwrap().canonical(),
            bytes
        );
        assert!(
            String::from_utf8(bytes)
                .unwrap()
                .starts_with(r#"{"id":"00000000-0000-0000-0000-000000000000","dossierId""#)
        );
    }
}
