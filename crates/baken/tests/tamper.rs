//! `baken verify` against a database that was changed behind Baken's back: first one journal entry's
//! content, then the same change with every hash recomputed consistently (without the signing key).
//! On SQLite and PostgreSQL.

use crate::{baken, hillegom_with_team_member, ok, serve, sqlite_url, stop};
use sha2::{Digest, Sha256};
use sqlx::types::Uuid;

/// The setup both backends share: a signal with three journal entries, made through the API.
async fn journal_through_the_api(database: &str) -> Uuid {
    hillegom_with_team_member(database);
    let token = ok(
        &[
            "--database",
            database,
            "token",
            "create",
            "--email",
            "t@example.nl",
            "--name",
            "t",
        ],
        None,
    )
    .lines()
    .last()
    .unwrap()
    .to_string();
    let (server, url) = serve(database);
    let client = reqwest::Client::new();
    let body = serde_json::json!({"gemeente": "GM0534", "ontvangstdatum": "2026-11-20", "bron": "inwoner", "omschrijving": "Hennepgeur", "fenomenen": ["hennep"]});
    let created: serde_json::Value = client
        .post(format!("{url}/api/v1/signalen"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    for text in ["Eerste waarneming", "Tweede waarneming"] {
        let entry = serde_json::json!({"soort": "waarneming", "tekst": text});
        let response = client
            .post(format!("{url}/api/v1/signalen/{id}/journaalposten"))
            .bearer_auth(&token)
            .json(&entry)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    // `serve` has the encrypted attachment store wired in (the upload adds a journal entry).
    let form = reqwest::multipart::Form::new().part(
        "bestand",
        reqwest::multipart::Part::bytes(b"foto".to_vec()).file_name("foto.jpg"),
    );
    let upload = client
        .post(format!("{url}/api/v1/signalen/{id}/bijlagen"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 201, "{:?}", upload.text().await);
    stop(server);
    Uuid::parse_str(&id).unwrap()
}

fn link_hash(dossier: Uuid, sequence: i64, previous: &[u8], content: &[u8]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(b"baken-journaal-v1");
    hasher.update(dossier.as_bytes());
    hasher.update(sequence.to_be_bytes());
    hasher.update(previous);
    hasher.update(content);
    hasher.finalize().to_vec()
}

fn verify(database: &str) -> (bool, String) {
    let out = baken(&["verify", "--database", database], None);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

/// Runs the tampering story with backend-specific raw SQL: `$disable` drops or disables the
/// append-only triggers (as an attacker with database access can), `$pool` is a sqlx pool.
macro_rules! tamper_story {
    ($database:expr, $pool:expr, $disable:expr) => {{
        let database: &str = $database;
        let dossier = journal_through_the_api(database).await;
        let (intact, report) = verify(database);
        assert!(intact, "an intact database verifies: {report}");
        assert!(report.contains("4 posten gecontroleerd; 0 niet intact"), "{report}");

        let pool = $pool;
        for statement in $disable {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
        let rows: Vec<(Uuid, i64, Vec<u8>, Vec<u8>)> = sqlx::query_as(
            "SELECT k.entry_id, k.volgnummer, k.link_hash, i.canoniek FROM journaal_keten k JOIN journaal_inhoud i ON i.entry_id = k.entry_id \
             WHERE k.dossier_id = $1 ORDER BY k.volgnummer",
        )
        .bind(dossier)
        .fetch_all(&pool)
        .await
        .unwrap();
        let (target, _, _, content) = rows[1].clone();
        let forged = String::from_utf8(content).unwrap().replace("Eerste waarneming", "Niets waargenomen").into_bytes();
        sqlx::query("UPDATE journaal_inhoud SET canoniek = $1 WHERE entry_id = $2").bind(&forged).bind(target).execute(&pool).await.unwrap();

        let (intact, report) = verify(database);
        assert!(!intact, "changed content is found");
        assert!(report.contains(&format!("post 2 ({target})")) && report.contains("S-"), "names the dossier and the entry: {report}");

        // Now recompute the content hash and every later link, consistently, as someone without the
        // signing key would; also move the head along.
        let mut previous = rows[0].2.clone();
        for (entry, sequence, _, content) in &rows[1..] {
            let content = if *entry == target { forged.clone() } else { content.clone() };
            let content_hash = Sha256::digest(&content).to_vec();
            let link = link_hash(dossier, *sequence, &previous, &content_hash);
            sqlx::query("UPDATE journaal_keten SET content_hash = $1, link_hash = $2 WHERE entry_id = $3")
                .bind(&content_hash)
                .bind(&link)
                .bind(entry)
                .execute(&pool)
                .await
                .unwrap();
            previous = link;
        }
        sqlx::query("UPDATE journaal_koppen SET link_hash = $1 WHERE dossier_id = $2").bind(&previous).bind(dossier).execute(&pool).await.unwrap();

        let (intact, report) = verify(database);
        assert!(!intact, "a consistently recomputed chain does not pass without the key: {report}");
        assert!(report.contains(&format!("post 2 ({target})")), "names the first changed entry: {report}");
        assert!(report.contains("handtekening"), "{report}");
    }};
}

#[tokio::test]
async fn verify_finds_tampering_on_sqlite() {
    let database = sqlite_url();
    tamper_story!(
        &database,
        sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_lazy(&database)
            .unwrap(),
        [
            "DROP TRIGGER journaal_inhoud_no_update",
            "DROP TRIGGER journaal_keten_append_only_update"
        ]
    );
}

#[tokio::test]
async fn verify_finds_tampering_on_postgresql() {
    let database = baken_store_postgres::testing::fresh_database_url().await;
    tamper_story!(
        &database,
        sqlx::PgPool::connect(&database).await.unwrap(),
        [
            "ALTER TABLE journaal_inhoud DISABLE TRIGGER ALL",
            "ALTER TABLE journaal_keten DISABLE TRIGGER ALL"
        ]
    );
}
