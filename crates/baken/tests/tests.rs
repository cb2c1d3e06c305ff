//! The `baken` binary as an operator uses it: administration commands, configuration precedence, and
//! `serve` on a new SQLite file and on PostgreSQL, checked over HTTP, then stopped with SIGTERM.

// Scenario tests read as one story each; the length and complexity limits are for production code.
#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

mod bag;
mod kvk_sancties;
mod maatregelen;
mod tamper;
mod termijn;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_baken");
const PASSWORD: &str = "lantaarn-fiets-zeventien";

/// Where the journal key of these tests lives (one per test process).
fn key_file() -> String {
    std::env::temp_dir()
        .join(format!("baken-test-journaal-{}.key", std::process::id()))
        .display()
        .to_string()
}

fn baken(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("BAKEN_DATABASE_URL")
        .env_remove("BAKEN_BIND")
        .env("BAKEN_JOURNAL_KEY_FILE", key_file())
        .env("BAKEN_MASTER_KEY_FILE", key_file() + ".master")
        .env(
            "BAKEN_ATTACHMENTS_DIR",
            std::env::temp_dir().join(format!("baken-test-bijlagen-{}", std::process::id())),
        )
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run baken");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn ok(args: &[&str], stdin: Option<&str>) -> String {
    let out = baken(args, stdin);
    assert!(
        out.status.success(),
        "baken {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Hillegom (GM0534) and Tessa, a team member there (t@example.nl, the test password).
fn hillegom_with_team_member(db: &str) {
    ok(
        &[
            "--database",
            db,
            "gemeente",
            "add",
            "--code",
            "GM0534",
            "--naam",
            "Hillegom",
        ],
        None,
    );
    ok(
        &[
            "--database",
            db,
            "user",
            "add",
            "--email",
            "t@example.nl",
            "--name",
            "Tessa",
            "--role",
            "teamlid",
            "--gemeente",
            "GM0534",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
}

fn sqlite_url() -> String {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("nieuw.db").display());
    std::mem::forget(dir);
    url
}

/// The whole acceptance path: add a municipality, a user and a token with the CLI, serve, and use
/// the token against the API.
async fn operator_story(database: &str) {
    // `--database` is global: before or after the subcommand's own arguments.
    ok(
        &[
            "--database",
            database,
            "gemeente",
            "add",
            "--code",
            "GM0534",
            "--naam",
            "Hillegom",
        ],
        None,
    );
    ok(
        &[
            "gemeente",
            "add",
            "--code",
            "GM0553",
            "--naam",
            "Lisse",
            "--database",
            database,
        ],
        None,
    );
    assert_eq!(
        ok(&["gemeente", "list", "--database", database], None),
        "GM0534 Hillegom\nGM0553 Lisse\n"
    );

    let out = ok(
        &[
            "user",
            "add",
            "--email",
            "anna@example.nl",
            "--name",
            "Anna de Vries",
            "--role",
            "teamlid",
            "--role",
            "analist",
            "--gemeente",
            "GM0534",
            "--password-stdin",
            "--database",
            database,
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    assert!(out.contains("anna@example.nl"));
    let token_out = ok(
        &[
            "--database",
            database,
            "token",
            "create",
            "--email",
            "anna@example.nl",
            "--name",
            "koppeling",
        ],
        None,
    );
    let token = token_out.lines().last().unwrap().trim().to_string();
    assert!(token.starts_with("bkn_") && token.len() > 40, "{token_out}");

    let (server, url) = serve(database);

    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(format!("{url}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(format!("{url}/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let spec = client
        .get(format!("{url}/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(spec.status(), 200);
    assert!(spec.headers().contains_key("api-version"));
    let spec: serde_json::Value = spec.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));

    let anonymous = client
        .get(format!("{url}/api/v1/gebruikersprofiel"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        anonymous.headers()["content-type"],
        "application/problem+json"
    );
    assert!(anonymous.headers().contains_key("api-version"));

    let profile = client
        .get(format!("{url}/api/v1/gebruikersprofiel"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(profile.status(), 200);
    assert!(profile.headers().contains_key("api-version"));
    let profile: serde_json::Value = profile.json().await.unwrap();
    assert_eq!(profile["email"], "anna@example.nl");
    assert_eq!(profile["naam"], "Anna de Vries");
    assert_eq!(profile["rollen"], serde_json::json!(["teamlid", "analist"]));
    assert_eq!(profile["gemeenten"], serde_json::json!(["GM0534"]));

    stop(server);
}

#[tokio::test]
async fn operator_story_on_a_new_sqlite_file() {
    operator_story(&sqlite_url()).await;
}

#[tokio::test]
async fn operator_story_on_postgresql() {
    let url = baken_store_postgres::testing::fresh_database_url().await;
    operator_story(&url).await;
}

#[test]
fn invalid_input_is_refused_in_dutch_and_stores_nothing() {
    let db = sqlite_url();
    let out = baken(
        &[
            "--database",
            &db,
            "gemeente",
            "add",
            "--code",
            "Hillegom",
            "--naam",
            " ",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("code: Een gemeentecode bestaat uit GM en vier cijfers"),
        "{stderr}"
    );
    assert!(
        stderr.contains("naam: Vul de naam van de gemeente in."),
        "{stderr}"
    );

    ok(
        &[
            "--database",
            &db,
            "gemeente",
            "add",
            "--code",
            "GM0534",
            "--naam",
            "Hillegom",
        ],
        None,
    );
    let out = baken(
        &[
            "--database",
            &db,
            "user",
            "add",
            "--email",
            "x",
            "--name",
            "X",
            "--role",
            "burgemeester",
            "--gemeente",
            "GM0534",
            "--gemeente",
            "GM9999",
            "--password-stdin",
        ],
        Some("wachtwoord\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "email:",
        "gemeenten: Gemeente GM9999 is niet bekend",
        "wachtwoord: Een wachtwoord moet minstens 12 tekens",
    ] {
        assert!(stderr.contains(expected), "{expected} missing in {stderr}");
    }
    assert_eq!(
        ok(&["--database", &db, "user", "list"], None),
        "",
        "no user stored"
    );

    let out = baken(
        &[
            "--database",
            &db,
            "token",
            "create",
            "--email",
            "niemand@example.nl",
            "--name",
            "x",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("geen gebruiker"));
}

#[test]
fn configuration_precedence_is_file_then_environment_then_flags() {
    let dir = tempfile::tempdir().unwrap();
    let db = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
    let config = dir.path().join("baken.toml");
    std::fs::write(
        &config,
        format!("database_url = \"{}\"\n", db("bestand.db")),
    )
    .unwrap();
    let run = |env: Option<&str>, flag: Option<&str>, code: &str| {
        let mut command = Command::new(BIN);
        command.args([
            "--config",
            config.to_str().unwrap(),
            "gemeente",
            "add",
            "--code",
            code,
            "--naam",
            "Test",
        ]);
        command.env_remove("BAKEN_DATABASE_URL");
        command
            .current_dir(std::env::temp_dir())
            .env("BAKEN_JOURNAL_KEY_FILE", key_file())
            .env("BAKEN_MASTER_KEY_FILE", key_file() + ".master");
        command.env(
            "BAKEN_ATTACHMENTS_DIR",
            std::env::temp_dir().join(format!("baken-test-bijlagen-{}", std::process::id())),
        );
        if let Some(env) = env {
            command.env("BAKEN_DATABASE_URL", env);
        }
        if let Some(flag) = flag {
            command.args(["--database", flag]);
        }
        assert!(command.output().unwrap().status.success());
    };
    run(None, None, "GM0001");
    run(Some(&db("omgeving.db")), None, "GM0002");
    run(Some(&db("omgeving.db")), Some(&db("vlag.db")), "GM0003");
    assert_eq!(
        ok(&["--database", &db("bestand.db"), "gemeente", "list"], None),
        "GM0001 Test\n"
    );
    assert_eq!(
        ok(
            &["--database", &db("omgeving.db"), "gemeente", "list"],
            None
        ),
        "GM0002 Test\n"
    );
    assert_eq!(
        ok(&["--database", &db("vlag.db"), "gemeente", "list"], None),
        "GM0003 Test\n"
    );
}

#[test]
fn migrate_runs_migrations_alone() {
    let db = sqlite_url();
    assert!(ok(&["migrate", "--database", &db], None).contains("Migraties uitgevoerd"));
    assert_eq!(ok(&["gemeente", "list", "--database", &db], None), "");
}

/// Starts `baken serve` on a free port; returns the process and its address.
fn serve(database: &str) -> (Child, String) {
    start("serve", database)
}

/// Starts `baken serve` or `baken demo`; returns the process and its address once it listens.
// The caller stops and waits for the returned process (`stop`); a failing test ends the process.
#[allow(clippy::zombie_processes)]
fn start(command: &str, database: &str) -> (Child, String) {
    let mut server = Command::new(BIN)
        .args([command, "--bind", "127.0.0.1:0", "--database", database])
        .env("RUST_LOG", "warn")
        .env("BAKEN_JOURNAL_KEY_FILE", key_file())
        .env("BAKEN_MASTER_KEY_FILE", key_file() + ".master")
        .env(
            "BAKEN_ATTACHMENTS_DIR",
            std::env::temp_dir().join(format!("baken-test-bijlagen-{}", std::process::id())),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut output = BufReader::new(server.stdout.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if output.read_line(&mut line).unwrap() == 0 {
            panic!("no address in {seen:?}");
        }
        if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            return (server, url.to_string());
        }
        seen.push_str(&line);
    }
}

/// Stops a server with SIGTERM and checks that it shut down gracefully.
fn stop(mut server: Child) {
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = server.wait().unwrap();
    assert!(
        status.success(),
        "serve exits cleanly on SIGTERM: {status:?}"
    );
}

/// How many signals (journal chains) a database holds, as `baken verify` counts them.
fn signal_count(db: &str) -> usize {
    let report = ok(&["verify", "--database", db], None);
    report
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{report}"))
}

#[test]
fn import_is_all_or_nothing_and_names_every_invalid_row() {
    let db = sqlite_url();
    hillegom_with_team_member(&db);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("signalen.csv");
    std::fs::write(
        &csv,
        "gemeente;ontvangstdatum;bron;omschrijving;fenomenen;persoonBsn;persoonAchternaam;adresPostcode;adresHuisnummer;kenteken\n\
         GM0534;2026-11-01;inwoner;Hennepgeur;hennep;999900006;Verzonnen;2181 XA;7;\n\
         GM0534;2026-11-02;politie;Drukte bij pand;drugshandel|witwassen;123456789;Fictief;2181XA;7;GB-123-X\n\
         GM0534;2026-11-03;krant;Leeg pand;vastgoed;;;9999;;123456\n",
    )
    .unwrap();
    let out = baken(
        &[
            "--database",
            &db,
            "import",
            "signalen",
            csv.to_str().unwrap(),
            "--email",
            "t@example.nl",
        ],
        None,
    );
    assert!(!out.status.success());
    let report = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "rij 2: subjecten[0].bsn:",
        "rij 3: bron:",
        "rij 3: objecten[0].postcode:",
        "rij 3: objecten[0].huisnummer:",
        "rij 3: objecten[1].kenteken:",
        "Niets geïmporteerd: 2 van de 3",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }
    assert!(!report.contains("rij 1:"), "row 1 is valid");
    assert_eq!(signal_count(&db), 0, "nothing imported");

    std::fs::write(
        &csv,
        "gemeente,ontvangstdatum,bron,omschrijving,fenomenen,persoonBsn,persoonAchternaam,adresPostcode,adresHuisnummer\n\
         GM0534,2026-11-01,inwoner,Hennepgeur,hennep,999900006,Verzonnen,2181 XA,7\n\
         GM0534,2026-11-02,politie,Drukte bij pand,drugshandel|witwassen,,Fictief,2181XA,7\n",
    )
    .unwrap();
    let out = ok(
        &[
            "--database",
            &db,
            "import",
            "signalen",
            csv.to_str().unwrap(),
            "--email",
            "t@example.nl",
        ],
        None,
    );
    assert!(out.contains("2 signalen geïmporteerd"), "{out}");
    let json = dir.path().join("signalen.json");
    std::fs::write(&json, r#"[{"gemeente": "GM0534", "ontvangstdatum": "2026-11-05", "bron": "riec", "omschrijving": "Casus RIEC", "fenomenen": ["overig"]}]"#).unwrap();
    ok(
        &[
            "--database",
            &db,
            "import",
            "signalen",
            json.to_str().unwrap(),
            "--email",
            "t@example.nl",
        ],
        None,
    );
    assert_eq!(signal_count(&db), 3);
}

#[tokio::test]
async fn demo_seeds_every_phase_through_the_protocol_and_verifies() {
    let db = sqlite_url();
    let (server, url) = start("demo", &db);
    let health = reqwest::get(format!("{url}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    stop(server);
    assert_eq!(
        signal_count(&db),
        315,
        "300 fictitious signals and 15 cases taken from them, every chain intact"
    );
    // The pool is made below; the cases are in every open phase, and each municipality of the
    // coordinator has a signal meeting with its agenda and a case meeting with an action item.
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_lazy(&db)
        .unwrap();
    let phases: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT status FROM casussen ORDER BY status")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        phases,
        vec!["aangemaakt", "in-uitvoering", "nazorg", "plan-van-aanpak"]
    );
    let kinds: Vec<(String, i64)> = sqlx::query_as(
        "SELECT o.soort, COUNT(a.dossier_id) FROM overleggen o LEFT JOIN overleg_agendapunten a ON a.overleg_id = o.id GROUP BY o.soort ORDER BY o.soort",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(kinds.iter().all(|(_, n)| *n > 0), "{kinds:?}");
    let actions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM taken WHERE overleg_id IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(actions > 0);
    drop(pool);
    // The privacy officer finds two data subject requests: one open, one decided with a restriction.
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_lazy(&db)
        .unwrap();
    let requests: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT soort, besluit FROM verzoeken ORDER BY ontvangen_op")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        requests,
        vec![
            ("wissing".to_string(), Some("deels-toegewezen".to_string())),
            ("inzage".to_string(), None)
        ]
    );
    let restrictions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM verzoek_beperkingen")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(restrictions, 1);
}

#[test]
fn protocol_versions_are_loaded_checked_and_kept() {
    let db = sqlite_url();
    hillegom_with_team_member(&db);
    let default = ok(&["protocol", "default"], None);
    assert!(default.contains("versie = \"ccv-2026.1\""));
    assert!(
        ok(
            &[
                "--database",
                &db,
                "protocol",
                "list",
                "--gemeente",
                "GM0534"
            ],
            None
        )
        .contains("Geldend: ccv-2026.1 (standaard van Baken)")
    );

    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("hillegom.toml");
    std::fs::write(
        &own,
        default
            .replace("versie = \"ccv-2026.1\"", "versie = \"hillegom-2026.2\"")
            .replace(
                "vastgesteld_op = \"2026-01-01\"",
                "vastgesteld_op = \"2026-03-01\"",
            ),
    )
    .unwrap();
    let loaded = ok(
        &[
            "--database",
            &db,
            "protocol",
            "load",
            own.to_str().unwrap(),
            "--gemeente",
            "GM0534",
        ],
        None,
    );
    assert!(
        loaded.contains("Protocol hillegom-2026.2 geladen voor GM0534, geldt vanaf 2026-03-01"),
        "{loaded}"
    );
    let listed = ok(
        &[
            "--database",
            &db,
            "protocol",
            "list",
            "--gemeente",
            "GM0534",
        ],
        None,
    );
    assert!(
        listed.starts_with("Geldend: hillegom-2026.2 (vastgesteld op 2026-03-01)"),
        "{listed}"
    );

    let broken = dir.path().join("kapot.toml");
    std::fs::write(
        &broken,
        default.replace("duur = \"P1Y\"", "duur = \"een jaar\""),
    )
    .unwrap();
    let refused = baken(
        &[
            "--database",
            &db,
            "protocol",
            "load",
            broken.to_str().unwrap(),
            "--gemeente",
            "GM0534",
        ],
        None,
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("ISO 8601-duur"), "{stderr}");
    assert_eq!(
        ok(
            &[
                "--database",
                &db,
                "protocol",
                "list",
                "--gemeente",
                "GM0534"
            ],
            None
        )
        .lines()
        .count(),
        2,
        "nothing of the refused file was stored"
    );
}

/// Creates a user with a role in Hillegom and returns an API token for them.
fn token_for(db: &str, email: &str, role: &str) -> String {
    ok(
        &[
            "--database",
            db,
            "user",
            "add",
            "--email",
            email,
            "--name",
            role,
            "--role",
            role,
            "--gemeente",
            "GM0534",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    let out = ok(
        &[
            "--database",
            db,
            "token",
            "create",
            "--email",
            email,
            "--name",
            "test",
        ],
        None,
    );
    out.lines().last().unwrap().trim().to_string()
}

#[tokio::test]
async fn retention_destroys_what_is_due_keeps_what_is_held_and_verify_still_passes() {
    let db = sqlite_url();
    hillegom_with_team_member(&db);
    let team = token_for(&db, "team@example.nl", "teamlid");
    let jurist = token_for(&db, "jurist@example.nl", "jurist");
    let (server, url) = serve(&db);
    let client = reqwest::Client::new();
    let mut ids = Vec::new();
    for marker in ["VERNIETIGMARKER", "BEWAARMARKER"] {
        let created: serde_json::Value = client
            .post(format!("{url}/api/v1/signalen"))
            .bearer_auth(&team)
            .json(&serde_json::json!({
                "gemeente": "GM0534", "ontvangstdatum": "2026-11-20", "bron": "inwoner",
                "omschrijving": format!("Hennepgeur bij de loods {marker}."), "fenomenen": ["hennep"],
                "subjecten": [{"soort": "persoon", "bsn": "999900006", "achternaam": "Verzonnen"}]
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap().to_string();
        for (status, motivering) in [
            ("intake", None),
            ("weging", Some("Ondermijning.")),
            ("geen-actie", Some("Te vaag.")),
        ] {
            let changed = client
                .patch(format!("{url}/api/v1/signalen/{id}"))
                .bearer_auth(&team)
                .json(&serde_json::json!({
                    "status": status, "motivering": motivering,
                    // From intake and from weging the protocol records a weighing by criterion.
                    "wegingsantwoorden": (status != "intake").then(|| serde_json::json!([
                        {"criterium": 1, "antwoord": "ja"},
                        {"criterium": 2, "antwoord": "ja"},
                        {"criterium": 3, "antwoord": "nee"}
                    ])),
                }))
                .send()
                .await
                .unwrap();
            assert_eq!(
                changed.status(),
                200,
                "{status}: {:?}",
                changed.text().await
            );
        }
        ids.push(id);
    }
    // A hold needs full access to the dossier: the owner puts the jurist on its team first.
    let jurist_profile: serde_json::Value = client
        .get(format!("{url}/api/v1/gebruikersprofiel"))
        .bearer_auth(&jurist)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let teamed = client
        .patch(format!("{url}/api/v1/signalen/{}", ids[1]))
        .bearer_auth(&team)
        .json(&serde_json::json!({"team": [jurist_profile["id"]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(teamed.status(), 200, "{:?}", teamed.text().await);
    let held = client
        .post(format!(
            "{url}/api/v1/signalen/{}/juridische-blokkade",
            ids[1]
        ))
        .bearer_auth(&jurist)
        .json(&serde_json::json!({"reden": "Bezwaar loopt."}))
        .send()
        .await
        .unwrap();
    assert_eq!(held.status(), 204);
    stop(server);

    // Under the default protocol (one year) nothing is due after 200 days.
    let in_200_days =
        (time::OffsetDateTime::now_utc().date() + time::Duration::days(200)).to_string();
    let dry = ok(
        &[
            "--database",
            &db,
            "retention",
            "run",
            "--dry-run",
            "--now",
            &in_200_days,
        ],
        None,
    );
    assert!(
        dry.contains("Proefdraai") && dry.contains("Vernietigd: 0"),
        "{dry}"
    );

    // A version with six months for "geen actie" changes the outcome.
    let dir = tempfile::tempdir().unwrap();
    let shorter = dir.path().join("korter.toml");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    std::fs::write(
        &shorter,
        ok(&["protocol", "default"], None)
            .replace("versie = \"ccv-2026.1\"", "versie = \"hillegom-korter\"")
            .replace(
                "vastgesteld_op = \"2026-01-01\"",
                &format!("vastgesteld_op = \"{today}\""),
            )
            .replace(
                "uitkomst = \"geen-actie\"\nstart = \"besluit\"\nduur = \"P1Y\"",
                "uitkomst = \"geen-actie\"\nstart = \"besluit\"\nduur = \"P6M\"",
            ),
    )
    .unwrap();
    ok(
        &[
            "--database",
            &db,
            "protocol",
            "load",
            shorter.to_str().unwrap(),
            "--gemeente",
            "GM0534",
        ],
        None,
    );
    let dry = ok(
        &[
            "--database",
            &db,
            "retention",
            "run",
            "--dry-run",
            "--now",
            &in_200_days,
        ],
        None,
    );
    assert!(
        dry.contains("Vernietigd: 1") && dry.contains("Vastgehouden (juridische blokkade): 1"),
        "{dry}"
    );

    let statement = dir.path().join("verklaring.csv");
    let run = ok(
        &[
            "--database",
            &db,
            "retention",
            "run",
            "--now",
            &in_200_days,
            "--verklaring",
            statement.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        run.contains("Vernietigd: 1") && run.contains("Vastgehouden (juridische blokkade): 1"),
        "{run}"
    );
    let csv = std::fs::read_to_string(&statement).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.contains("hillegom-korter: signaal geen-actie P6M vernietigen"),
        "{csv}"
    );
    assert!(
        !csv.contains("999900006") && !csv.contains("MARKER"),
        "no identifying data in the statement"
    );
    let again = ok(
        &["--database", &db, "retention", "run", "--now", &in_200_days],
        None,
    );
    assert!(again.contains("Vernietigd: 0"), "done once: {again}");

    // Gone from the database file (and its write-ahead log), the held one untouched; verify passes.
    let path = db.trim_start_matches("sqlite://");
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(
        !contains("VERNIETIGMARKER"),
        "destroyed content is overwritten"
    );
    assert!(
        contains("BEWAARMARKER"),
        "the held signal keeps its content"
    );
    assert_eq!(signal_count(&db), 2, "both chains still verify");

    let (server, url) = serve(&db);
    let (_, signal) = {
        let r = client
            .get(format!("{url}/api/v1/signalen/{}", ids[0]))
            .bearer_auth(&team)
            .send()
            .await
            .unwrap();
        (r.status(), r.json::<serde_json::Value>().await.unwrap())
    };
    assert!(
        signal.get("omschrijving").is_none_or(|o| o == ""),
        "the description is gone: {signal}"
    );
    assert_eq!(signal["subjecten"].as_array().map_or(0, Vec::len), 0);
    for (term, hits) in [("VERNIETIGMARKER", 0), ("BEWAARMARKER", 1)] {
        let found: serde_json::Value = client
            .post(format!("{url}/api/v1/signalen/_zoek"))
            .bearer_auth(&team)
            .json(&serde_json::json!({"zoekterm": term}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            found["treffers"].as_array().unwrap().len(),
            hits,
            "{term}: {found}"
        );
    }
    stop(server);
}
