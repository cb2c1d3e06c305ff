//! Attachments: encrypted at rest, per file.
//!
//! Each file gets a random 256-bit key; the bytes are encrypted with XChaCha20-Poly1305 in the STREAM
//! construction (64 KiB chunks, a 19-byte random nonce prefix, a 32-bit counter and a last-chunk flag),
//! so large files are encrypted and decrypted chunk by chunk and truncation or reordering is detected.
//! The file key is stored in the database only wrapped (encrypted) by the master key, which lives in a
//! file outside the database. Without the master key neither the database nor the file store reveals
//! anything; deleting the wrapped key (retention) makes the file unreadable everywhere, back-ups
//! included (crypto-shredding).

use crate::Services;
use crate::audit::{Audit, RequestContext};
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::random_bytes;
use baken_domain::dossier::{DossierAccess, Vertrouwelijkheid, dossier_access, may_see_class};
use baken_domain::journal::{JournaalInhoud, JournaalSoort};
use baken_domain::{Actor, Permission, ValidationErrors};
use baken_store::BijlageRecord;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;

const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;

/// The key that wraps every file key.
pub struct MasterKey {
    key: [u8; 32],
    id: String,
}

impl MasterKey {
    pub fn from_bytes(key: [u8; 32]) -> Self {
        let id =
            hex::encode(&Sha256::digest([b"baken-hoofdsleutel".as_slice(), &key].concat())[..8]);
        Self { key, id }
    }

    pub fn generate() -> Self {
        Self::from_bytes(random_bytes::<32>())
    }

    /// Reads the key file (64 hex characters), creating it when missing (owner-only). Returns whether
    /// it was created.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), String> {
        let (key, created) = crate::secrets::read_or_create_key_file(path)?;
        Ok((Self::from_bytes(key), created))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.key.into())
    }

    /// nonce (24 bytes) ‖ ciphertext of the file key, bound to the attachment id.
    fn wrap(&self, id: Uuid, file_key: &[u8; 32]) -> Vec<u8> {
        let nonce = random_bytes::<24>();
        let payload = chacha20poly1305::aead::Payload {
            msg: file_key,
            aad: id.as_bytes(),
        };
        let mut out = nonce.to_vec();
        out.extend(
            self.cipher()
                .encrypt(XNonce::from_slice(&nonce), payload)
                .expect("encryption of 32 bytes cannot fail"),
        );
        out
    }

    fn unwrap(&self, id: Uuid, wrapped: &[u8]) -> Option<[u8; 32]> {
        if wrapped.len() < 24 {
            return None;
        }
        let payload = chacha20poly1305::aead::Payload {
            msg: &wrapped[24..],
            aad: id.as_bytes(),
        };
        self.cipher()
            .decrypt(XNonce::from_slice(&wrapped[..24]), payload)
            .ok()?
            .try_into()
            .ok()
    }
}

/// Where encrypted files live and how large they may be.
pub struct AttachmentStore {
    dir: PathBuf,
    master: MasterKey,
    max_bytes: u64,
}

impl AttachmentStore {
    /// A key for another purpose, derived from the master key (domain-separated by `label`), so
    /// one secret protects attachments and pseudonyms without either key revealing the other.
    pub fn derive_key(&self, label: &str) -> [u8; 32] {
        Sha256::new()
            .chain_update(b"baken-afgeleide-sleutel\0")
            .chain_update(label.as_bytes())
            .chain_update(b"\0")
            .chain_update(self.master.key)
            .finalize()
            .into()
    }

    pub fn new(dir: PathBuf, master: MasterKey, max_bytes: u64) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir.join("tmp"))?;
        Ok(Self {
            dir,
            master,
            max_bytes,
        })
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    fn path(&self, id: Uuid) -> PathBuf {
        self.dir.join(id.to_string())
    }

    /// Removes an attachment's file (after its key was destroyed). A file that is already gone is
    /// fine; a failure is logged, as the content is unreadable without the key anyway.
    pub fn remove(&self, id: Uuid) {
        match std::fs::remove_file(self.path(id)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(bijlage = %id, error = %e, "attachment file not removed"),
        }
    }
}

/// An upload in progress: bytes are encrypted and written as they arrive. Dropped unfinished, it
/// removes its temporary file, so a failed upload leaves nothing behind.
pub struct Upload {
    id: Uuid,
    dossier: Uuid,
    tmp: PathBuf,
    file: std::fs::File,
    encryptor: Option<EncryptorBE32<XChaCha20Poly1305>>,
    buffer: Vec<u8>,
    hasher: Sha256,
    size: u64,
    max: u64,
    wrapped_key: Vec<u8>,
    nonce_prefix: [u8; 19],
}

impl Upload {
    /// Adds bytes; refuses once the file is larger than allowed.
    pub fn write(&mut self, data: &[u8]) -> ServiceResult<()> {
        self.size += data.len() as u64;
        if self.size > self.max {
            let mut errors = ValidationErrors::new();
            errors.add(
                "bestand",
                format!("Het bestand is groter dan {} MB.", self.max / (1024 * 1024)),
            );
            return Err(ServiceError::Invalid(errors));
        }
        self.hasher.update(data);
        self.buffer.extend_from_slice(data);
        while self.buffer.len() > CHUNK {
            let chunk: Vec<u8> = self.buffer.drain(..CHUNK).collect();
            let encryptor = self.encryptor.as_mut().expect("open upload");
            let sealed = encryptor
                .encrypt_next(chunk.as_slice())
                .map_err(|_| ServiceError::Internal("encryption failed".into()))?;
            self.file
                .write_all(&sealed)
                .map_err(|e| ServiceError::Internal(e.to_string()))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> ServiceResult<[u8; 32]> {
        let encryptor = self.encryptor.take().expect("open upload");
        let sealed = encryptor
            .encrypt_last(self.buffer.as_slice())
            .map_err(|_| ServiceError::Internal("encryption failed".into()))?;
        self.file
            .write_all(&sealed)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        self.file
            .sync_all()
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        self.buffer.clear();
        Ok(self.hasher.clone().finalize().into())
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

fn clean_file_name(input: &str) -> Result<String, String> {
    let name = input.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    if name.is_empty() {
        Err("Kies een bestand.".into())
    } else if name.chars().count() > 255 {
        Err("De bestandsnaam mag hoogstens 255 tekens lang zijn.".into())
    } else {
        Ok(name)
    }
}

impl Services {
    fn attachment_store(&self) -> ServiceResult<&AttachmentStore> {
        self.attachments.as_deref().ok_or_else(|| {
            ServiceError::conflict(
                "bijlagen-niet-ingericht",
                "Bijlagen zijn in deze installatie niet ingericht.",
            )
        })
    }

    /// Starts an upload to a signal the actor works on.
    pub async fn start_attachment(&self, actor: &Actor, dossier_id: Uuid) -> ServiceResult<Upload> {
        let store = self.attachment_store()?;
        let mut tx = self.store.begin_read().await?;
        let dossier = tx
            .dossier(dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        if !actor.may(Permission::WorkDossiers) {
            return Err(ServiceError::Forbidden);
        }
        let id = Uuid::new_v4();
        let file_key = random_bytes::<32>();
        let nonce_prefix = random_bytes::<19>();
        let tmp = store.dir.join("tmp").join(id.to_string());
        let file =
            std::fs::File::create(&tmp).map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(Upload {
            id,
            dossier: dossier_id,
            tmp,
            file,
            encryptor: Some(EncryptorBE32::from_aead(
                XChaCha20Poly1305::new(&file_key.into()),
                nonce_prefix.as_slice().into(),
            )),
            buffer: Vec::with_capacity(CHUNK + TAG),
            hasher: Sha256::new(),
            size: 0,
            max: store.max_bytes,
            wrapped_key: store.master.wrap(id, &file_key),
            nonce_prefix,
        })
    }

    /// Completes an upload: stores the metadata, writes a journal entry and an audit record, all in
    /// one transaction. On any error the encrypted file is removed again.
    pub async fn finish_attachment(
        &self,
        actor: &Actor,
        mut upload: Upload,
        file_name: &str,
        media_type: &str,
        class: Option<&str>,
        ctx: &RequestContext,
    ) -> ServiceResult<Uuid> {
        let store = self.attachment_store()?;
        let mut errors = ValidationErrors::new();
        let name = errors.check("bestand", clean_file_name(file_name));
        if upload.size == 0 && errors.is_empty() {
            errors.add("bestand", "Het bestand is leeg.");
        }
        let class = match class.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => errors.check("vertrouwelijkheid", Vertrouwelijkheid::parse(c)),
            None => Some(Vertrouwelijkheid::Normaal),
        };
        let mut tx = self.store.begin().await?;
        let dossier = tx
            .dossier(upload.dossier)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if dossier_access(actor, &dossier.facts()) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let clearance = actor.bibob_clearance;
        if class == Some(Vertrouwelijkheid::Bibob) && !clearance {
            errors.add(
                "vertrouwelijkheid",
                "U bent niet bevoegd Bibob-informatie vast te leggen.",
            );
        }
        errors.into_result()?;
        let sha256 = upload.finish()?;
        let final_path = store.path(upload.id);
        std::fs::rename(&upload.tmp, &final_path)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let now = self.clock.now();
        let record = BijlageRecord {
            id: upload.id,
            dossier_id: upload.dossier,
            bestandsnaam: name.expect("checked"),
            mediatype: media_type
                .chars()
                .filter(|c| c.is_ascii_graphic() || *c == ' ')
                .take(100)
                .collect::<String>(),
            grootte: upload.size as i64,
            sha256: sha256.to_vec(),
            sleutel: Some(upload.wrapped_key.clone()),
            sleutel_id: store.master.id.clone(),
            nonce_prefix: upload.nonce_prefix.to_vec(),
            vertrouwelijkheid: class.expect("checked"),
            aangemaakt_op: now,
            aangemaakt_door: actor.user_id,
        };
        let stored = async {
            tx.insert_bijlage(&record).await?;
            let author = tx
                .user_by_id(actor.user_id)
                .await?
                .ok_or(ServiceError::Unauthenticated)?;
            let entry = JournaalInhoud {
                id: Uuid::new_v4(),
                dossier_id: record.dossier_id,
                soort: JournaalSoort::DocumentOntvangen,
                tekst: format!(
                    "Bijlage '{}' toegevoegd ({} kB, SHA-256 {}).",
                    record.bestandsnaam,
                    (record.grootte + 1023) / 1024,
                    hex::encode(&record.sha256)
                ),
                gebeurd_op: now,
                geregistreerd_op: now,
                auteur: author.id,
                auteur_naam: author.name.to_string(),
                auteur_rollen: author.roles.clone(),
                bron: None,
                betrouwbaarheid: None,
                grondslag: None,
                doel: None,
                vertrouwelijkheid: record.vertrouwelijkheid,
                lezers: vec![],
                corrigeert: None,
                koppelingen: vec![record.id],
            };
            self.append_entry(tx.as_mut(), &entry).await?;
            Audit {
                at: now,
                actor: Some(actor.user_id),
                ctx,
            }
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::BijlageToegevoegd,
                Some(format!("bijlage:{}", record.id)),
                crate::audit::Outcome::Gelukt,
                json!({"signaal": record.dossier_id, "grootte": record.grootte}),
            )
            .await?;
            tx.commit().await?;
            Ok::<(), ServiceError>(())
        }
        .await;
        if let Err(error) = stored {
            let _ = std::fs::remove_file(&final_path);
            return Err(error);
        }
        Ok(record.id)
    }

    /// The attachments of a signal the actor may see, as a list (file names may be personal data, so
    /// the read is logged).
    pub async fn list_attachments(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<BijlageRecord>> {
        let list = self.attachments_of(actor, dossier_id).await?;
        self.log_access(
            actor,
            &[("bijlagen", dossier_id, Some(dossier_id))],
            context,
        )
        .await?;
        Ok(list)
    }

    /// The attachments of a signal the actor may see (callers log the read they make of it).
    async fn attachments_of(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
    ) -> ServiceResult<Vec<BijlageRecord>> {
        let mut tx = self.store.begin_read().await?;
        let dossier = tx
            .dossier(dossier_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let facts = dossier.facts();
        if dossier_access(actor, &facts) != DossierAccess::Full {
            return Err(ServiceError::NotFound);
        }
        let clearance = actor.bibob_clearance;
        visible_attachments(tx.as_mut(), actor, &facts, clearance, dossier_id).await
    }

    /// An attachment for an authorised actor, decrypted while it is sent: the read is logged
    /// first, the first chunk is decrypted before this returns (so a damaged file is an error, not a
    /// broken download), and every further chunk is authenticated before it is passed on. The
    /// plaintext SHA-256 is checked at the end; a mismatch ends the stream with an error.
    pub async fn read_attachment(
        &self,
        actor: &Actor,
        dossier_id: Uuid,
        id: Uuid,
        context: &str,
    ) -> ServiceResult<(BijlageRecord, AttachmentBody)> {
        let store = self.attachment_store()?;
        let record = self
            .attachments_of(actor, dossier_id)
            .await?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or(ServiceError::NotFound)?;
        let wrapped = record.sleutel.as_deref().ok_or(ServiceError::NotFound)?;
        let file_key = store.master.unwrap(record.id, wrapped).ok_or_else(|| {
            ServiceError::Internal("attachment key does not unwrap (wrong master key?)".into())
        })?;
        self.log_access(actor, &[("bijlage", id, Some(dossier_id))], context)
            .await?;
        let path = store.path(id);
        let prefix = record.nonce_prefix.clone();
        let expected = record.sha256.clone();
        // Two chunks in flight at most: memory stays bounded whatever the file size.
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, String>>(2);
        tokio::task::spawn_blocking(move || {
            let mut hasher = Sha256::new();
            let result = decrypt_chunks(&path, &file_key, &prefix, |chunk| {
                hasher.update(&chunk);
                sender.blocking_send(Ok(chunk)).is_ok()
            });
            let outcome = match result {
                Ok(()) if hasher.finalize().as_slice() == expected.as_slice() => return,
                Ok(()) => format!("attachment {id} does not match its recorded SHA-256"),
                Err(e) => e.to_string(),
            };
            tracing::error!(bijlage = %id, error = %outcome, "attachment download stopped");
            let _ = sender.blocking_send(Err(outcome));
        });
        // The first message decides between an answer and an error page.
        let first = match receiver.recv().await {
            Some(Ok(chunk)) => Some(chunk),
            Some(Err(e)) => return Err(ServiceError::Internal(e)),
            None => None,
        };
        Ok((
            record,
            AttachmentBody {
                first,
                rest: receiver,
            },
        ))
    }
}

/// The decrypted content of an attachment, chunk by chunk.
pub struct AttachmentBody {
    first: Option<Vec<u8>>,
    rest: tokio::sync::mpsc::Receiver<Result<Vec<u8>, String>>,
}

impl AttachmentBody {
    /// The next chunk; `None` at the end; an error when the file turned out damaged.
    pub async fn next(&mut self) -> Option<Result<Vec<u8>, String>> {
        match self.first.take() {
            Some(chunk) => Some(Ok(chunk)),
            None => self.rest.recv().await,
        }
    }

    /// Everything at once (tests, small files).
    pub async fn collect(mut self) -> Result<Vec<u8>, String> {
        let mut all = Vec::new();
        while let Some(chunk) = self.next().await {
            all.extend(chunk?);
        }
        Ok(all)
    }
}

/// Decrypts a file chunk by chunk (XChaCha20-Poly1305 STREAM), handing each authenticated chunk to
/// `sink`; stops early when `sink` says so (the receiver went away).
fn decrypt_chunks(
    path: &Path,
    file_key: &[u8; 32],
    prefix: &[u8],
    mut sink: impl FnMut(Vec<u8>) -> bool,
) -> ServiceResult<()> {
    let broken = || ServiceError::Internal("attachment file is damaged or was changed".into());
    if prefix.len() != 19 {
        return Err(broken());
    }
    let mut file = std::fs::File::open(path).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut decryptor =
        DecryptorBE32::from_aead(XChaCha20Poly1305::new(file_key.into()), prefix.into());
    let mut current = vec![0u8; CHUNK + TAG];
    let mut filled = read_full(&mut file, &mut current)?;
    loop {
        let mut next = vec![0u8; CHUNK + TAG];
        let next_filled = if filled == CHUNK + TAG {
            read_full(&mut file, &mut next)?
        } else {
            0
        };
        if next_filled == 0 {
            let last = decryptor
                .decrypt_last(&current[..filled])
                .map_err(|_| broken())?;
            sink(last);
            return Ok(());
        }
        let chunk = decryptor
            .decrypt_next(&current[..filled])
            .map_err(|_| broken())?;
        if !sink(chunk) {
            return Ok(());
        }
        current = next;
        filled = next_filled;
    }
}

fn read_full(file: &mut std::fs::File, buffer: &mut [u8]) -> ServiceResult<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file
            .read(&mut buffer[filled..])
            .map_err(|e| ServiceError::Internal(e.to_string()))?
        {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The attachments of a dossier an actor with full access may see (not crypto-shredded, class allowed).
pub(crate) async fn visible_attachments(
    tx: &mut dyn baken_store::ReadTx,
    actor: &Actor,
    facts: &baken_domain::dossier::DossierFacts,
    clearance: bool,
    dossier_id: Uuid,
) -> ServiceResult<Vec<BijlageRecord>> {
    Ok(tx
        .dossier_bijlagen(dossier_id)
        .await?
        .into_iter()
        .filter(|b| {
            b.sleutel.is_some()
                && may_see_class(
                    actor,
                    facts,
                    b.vertrouwelijkheid,
                    b.aangemaakt_door,
                    &[],
                    clearance,
                )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_unwrap_only_with_the_master_key_and_for_their_own_attachment() {
        let master = MasterKey::generate();
        let id = Uuid::new_v4();
        let key = random_bytes::<32>();
        let wrapped = master.wrap(id, &key);
        assert_eq!(master.unwrap(id, &wrapped), Some(key));
        assert_eq!(
            master.unwrap(Uuid::new_v4(), &wrapped),
            None,
            "bound to the attachment id"
        );
        assert_eq!(MasterKey::generate().unwrap(id, &wrapped), None);
        assert!(
            !wrapped.windows(32).any(|w| w == key),
            "the key is not in the wrapped bytes"
        );
    }

    #[test]
    fn streamed_encryption_round_trips_at_chunk_boundaries_and_detects_truncation() {
        let dir = std::env::temp_dir().join(format!("baken-att-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let decrypt_file = |path: &std::path::Path, key: &[u8; 32], prefix: &[u8]| {
            let mut all = Vec::new();
            decrypt_chunks(path, key, prefix, |chunk| {
                all.extend(chunk);
                true
            })
            .map(|()| all)
        };
        for size in [
            1usize,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            3 * CHUNK,
            3 * CHUNK + 17,
        ] {
            let key = random_bytes::<32>();
            let prefix = random_bytes::<19>();
            let plaintext: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let mut encryptor = EncryptorBE32::from_aead(
                XChaCha20Poly1305::new(&key.into()),
                prefix.as_slice().into(),
            );
            let mut sealed = Vec::new();
            let mut rest = plaintext.as_slice();
            while rest.len() > CHUNK {
                sealed.extend(encryptor.encrypt_next(&rest[..CHUNK]).unwrap());
                rest = &rest[CHUNK..];
            }
            sealed.extend(encryptor.encrypt_last(rest).unwrap());
            let path = dir.join(format!("f{size}"));
            std::fs::write(&path, &sealed).unwrap();
            assert_eq!(
                decrypt_file(&path, &key, &prefix).unwrap(),
                plaintext,
                "size {size}"
            );
            if sealed.len() > CHUNK + TAG {
                std::fs::write(&path, &sealed[..CHUNK + TAG]).unwrap();
                assert!(
                    decrypt_file(&path, &key, &prefix).is_err(),
                    "truncation detected at size {size}"
                );
            }
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
