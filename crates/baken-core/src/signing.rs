//! Signing the journal's chain heads with Ed25519. The key lives in a file outside the database, so
//! someone who can write to the database can recompute hashes but cannot sign the result.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The private key that signs chain heads.
pub struct JournalSigner {
    key: SigningKey,
    key_id: String,
}

/// The public half, for verification.
#[derive(Clone)]
pub struct JournalVerifier {
    key: VerifyingKey,
    key_id: String,
}

fn key_id(public: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(public.as_bytes())[..8])
}

impl JournalSigner {
    pub fn from_seed(seed: [u8; 32]) -> Self {
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id(&key.verifying_key());
        Self { key, key_id }
    }

    /// A fresh random key (tests, and first start of a new installation).
    pub fn generate() -> Self {
        Self::from_seed(crate::secrets::random_bytes::<32>())
    }

    /// Reads the key file (64 hex characters), or creates it with a new key when it does not exist
    /// (readable by the owner only). Returns whether it was created.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), String> {
        let (seed, created) = crate::secrets::read_or_create_key_file(path)?;
        Ok((Self::from_seed(seed), created))
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.key.sign(message).to_bytes().to_vec()
    }

    pub fn verifier(&self) -> JournalVerifier {
        JournalVerifier {
            key: self.key.verifying_key(),
            key_id: self.key_id.clone(),
        }
    }
}

impl JournalVerifier {
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The public key in hex, for publishing next to exported heads.
    pub fn public_hex(&self) -> String {
        hex::encode(self.key.as_bytes())
    }

    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        self.key
            .verify(message, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_with_the_right_key_and_message() {
        let signer = JournalSigner::generate();
        let signature = signer.sign(b"kop");
        assert!(signer.verifier().verify(b"kop", &signature));
        assert!(!signer.verifier().verify(b"kap", &signature));
        assert!(
            !JournalSigner::generate()
                .verifier()
                .verify(b"kop", &signature)
        );
        assert!(!signer.verifier().verify(b"kop", &signature[..10]));
    }

    #[test]
    fn key_files_are_created_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("baken-key-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("journaal.key");
        let (first, created) = JournalSigner::load_or_create(&path).unwrap();
        assert!(created);
        let (second, created) = JournalSigner::load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(first.key_id(), second.key_id());
        std::fs::write(&path, "niet hex").unwrap();
        assert!(JournalSigner::load_or_create(&path).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
