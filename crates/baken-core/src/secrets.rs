//! Random tokens, their hashes, and password hashing.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use base64::Engine;
use sha2::{Digest, Sha256};

/// 256 random bits, base64url without padding.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("operating system randomness");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("operating system randomness");
    bytes
}

/// SHA-256 in hex: how session tokens, API tokens and recovery codes are stored. They carry 60+
/// random bits each, so a fast hash suffices (no dictionary to guess from).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Argon2id with the library's defaults (OWASP's minimum profile); run off the async threads.
pub async fn hash_password(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Verifies a password against a stored PHC string. `None` compares against a dummy hash so that
/// unknown accounts take as long as known ones.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        match PasswordHash::new(&stored) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    })
    .await
    .unwrap_or(false)
}

/// Argon2id hash of a random string nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$YmFrZW5kdW1teXNhbHQ$0nIqPnXGmy3pVrKPO0X4kxrr6jq0mwmJmLZKJVuOZ3Y";

/// Compares two strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Reads a 32-byte key stored as 64 hex characters, creating the file (owner-only) with a new random key
/// when it does not exist. Returns the key and whether it was created. Two processes starting at
/// once agree on one key: the file appears complete or not at all, and the second reads the first's.
pub fn read_or_create_key_file(path: &std::path::Path) -> Result<([u8; 32], bool), String> {
    if path.exists() {
        return read_key_file(path).map(|key| (key, false));
    }
    let key = random_bytes::<32>();
    match create_complete(path, &hex::encode(key)) {
        Ok(()) => Ok((key, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_key_file(path).map(|key| (key, false))
        }
        Err(e) => Err(format!("sleutelbestand {} aanmaken: {e}", path.display())),
    }
}

fn read_key_file(path: &std::path::Path) -> Result<[u8; 32], String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("sleutelbestand {}: {e}", path.display()))?;
    let bytes = hex::decode(text.trim()).map_err(|_| {
        format!(
            "sleutelbestand {} bevat geen hexadecimale sleutel",
            path.display()
        )
    })?;
    bytes
        .try_into()
        .map_err(|_| format!("sleutelbestand {} moet 32 bytes bevatten", path.display()))
}

/// Writes a private temporary file next to `path` and links it into place: `path` then exists
/// complete, or the link fails with `AlreadyExists` because another process was first.
fn create_complete(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", hex::encode(random_bytes::<8>())));
    let temporary = std::path::PathBuf::from(temporary);
    write_private(&temporary, contents)?;
    let linked = std::fs::hard_link(&temporary, path);
    let _ = std::fs::remove_file(&temporary);
    linked
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_starting_at_once_agree_on_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sleutel.key");
        let results: Vec<([u8; 32], bool)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..16)
                .map(|_| scope.spawn(|| read_or_create_key_file(&path).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(results.iter().filter(|(_, created)| *created).count(), 1);
        assert!(results.iter().all(|(key, _)| *key == results[0].0));
        assert_eq!(
            read_or_create_key_file(&path).unwrap(),
            (results[0].0, false)
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }
}
