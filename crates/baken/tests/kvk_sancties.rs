//! `baken import kvk|sancties` with `baken kvk zoek` and `baken sancties zoek`, on SQLite and
//! PostgreSQL: a file imported twice changes nothing the second time, a newer one applies its
//! differences, a malformed or cut-off one is refused with file and line and nothing of it is kept.

use super::{baken, ok, sqlite_url};

const HEADER: &str = "kvkNummer;vestigingsnummer;naam;handelsnamen;rechtsvorm;indHoofdvestiging;straatnaam;huisnummer;huisletter;huisnummerToevoeging;postcode;plaats;sbiCodes;datumAanvang;datumEinde;nummerAanduidingId";

fn kvk_rows(rows: &[&str]) -> String {
    let mut text = String::from(HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text
}

const DAGOBERT: &str = "69599084;000038509504;Dagobert Handel;Eendenkooi;Eenmanszaak;Ja;Heereweg;12;;;2161 AB;Lisse;4711|5630;20190301;;0553200000000012";
const FILIAAL: &str = "69599084;000038509490;Dagobert Filiaal;;Eenmanszaak;Nee;Heereweg;14;;;2161AB;Lisse;4711;20200101;;";
const DONALD: &str = "68750110;;Stichting Donald;;Stichting;nee;;;;;;;;20180115;20230630;";

const FTM: &str = r#"{"id": "NK-abc", "schema": "Person", "caption": "Ümit Çağlar", "datasets": ["nl_terrorism_list"], "properties": {"name": ["Ümit Çağlar"], "birthDate": ["1982-04"], "nationality": ["nl"], "topics": ["sanction"]}}
{"id": "NK-def", "schema": "Company", "properties": {"name": ["Voorbeeld Holding B.V."], "registrationNumber": ["68750110"]}}
{"id": "sanc-1", "schema": "Sanction", "properties": {"entity": ["NK-abc"], "program": ["NL"]}}
"#;

fn kvk_story(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("handelsregister.csv");
    let path = file.to_str().unwrap();
    ok(&["--database", db, "migrate"], None);
    std::fs::write(&file, kvk_rows(&[DAGOBERT, FILIAAL, DONALD])).unwrap();
    let first = ok(&["--database", db, "import", "kvk", path], None);
    assert!(
        first.contains("KvK-register bijgewerkt: 3 objecten"),
        "{first}"
    );
    assert!(
        first.contains(": 3 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 verwijderd"),
        "{first}"
    );
    let again = ok(&["--database", db, "import", "kvk", path], None);
    assert!(
        again.contains("KvK-register ongewijzigd: 3 objecten"),
        "{again}"
    );
    assert!(
        again.contains(": 0 nieuw, 0 gewijzigd, 3 ongewijzigd, 0 verwijderd"),
        "{again}"
    );

    let found = ok(&["--database", db, "kvk", "zoek", "6959 9084"], None);
    let lines: Vec<&str> = found.lines().collect();
    assert_eq!(
        lines,
        [
            "Dagobert Handel | KvK 69599084 | hoofdvestiging 000038509504 | Heereweg 12, 2161AB Lisse | Eenmanszaak | SBI 4711, 5630",
            "Dagobert Filiaal | KvK 69599084 | nevenvestiging 000038509490 | Heereweg 14, 2161AB Lisse | Eenmanszaak | SBI 4711",
        ]
    );
    let donald = ok(&["--database", db, "kvk", "zoek", "68750110"], None);
    assert_eq!(
        donald.trim(),
        "Stichting Donald | KvK 68750110 | rechtspersoon zonder vestiging | Stichting | beëindigd 30-06-2023"
    );
    let none = baken(&["--database", db, "kvk", "zoek", "12345678"], None);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
    let bad = baken(&["--database", db, "kvk", "zoek", "1234"], None);
    assert_eq!(bad.status.code(), Some(2));

    // A newer file: the branch moved, Donald gone.
    std::fs::write(
        &file,
        kvk_rows(&[DAGOBERT, &FILIAAL.replace(";14;", ";16;")]),
    )
    .unwrap();
    let newer = ok(&["--database", db, "import", "kvk", path], None);
    assert!(
        newer.contains(": 0 nieuw, 1 gewijzigd, 1 ongewijzigd, 1 verwijderd"),
        "{newer}"
    );
    let none = baken(&["--database", db, "kvk", "zoek", "68750110"], None);
    assert_eq!(none.status.code(), Some(1));

    // A malformed row (a postcode of five characters) and a file cut off mid-row: refused with
    // file and line, and nothing of either kept (the new registration is not there).
    let nieuw = "12345678;;Nieuwe BV;;;nee;;;;;;;;;;";
    std::fs::write(
        &file,
        kvk_rows(&[nieuw, &DAGOBERT.replace("2161 AB", "2161 A")]),
    )
    .unwrap();
    let refused = baken(&["--database", db, "import", "kvk", path], None);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("handelsregister.csv, regel 3 (kvkNummer 69599084): postcode:"),
        "{err}"
    );
    let text = kvk_rows(&[nieuw, DAGOBERT]);
    std::fs::write(&file, &text[..text.len() - 30]).unwrap();
    let refused = baken(&["--database", db, "import", "kvk", path], None);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("handelsregister.csv, regel 3"), "{err}");
    let none = baken(&["--database", db, "kvk", "zoek", "12345678"], None);
    assert_eq!(
        none.status.code(),
        Some(1),
        "nothing of a refused import is kept"
    );

    // Saved API responses (a Basisprofiel with its hoofdvestiging) import the same way.
    let json = dir.path().join("basisprofielen.json");
    std::fs::write(
        &json,
        r#"[{"kvkNummer": "68750110", "naam": "Test BV Donald", "_embedded": {"eigenaar": {"rechtsvorm": "BesloteVennootschap"},
            "hoofdvestiging": {"vestigingsnummer": "000037178598", "eersteHandelsnaam": "Test BV Donald", "indHoofdvestiging": "Ja",
              "adressen": [{"type": "bezoekadres", "straatnaam": "Heereweg", "huisnummer": 20, "postcode": "2161AB", "plaats": "Lisse"}]}}}]"#,
    )
    .unwrap();
    let api = ok(
        &["--database", db, "import", "kvk", json.to_str().unwrap()],
        None,
    );
    assert!(api.contains(": 1 nieuw"), "{api}");
    let found = ok(&["--database", db, "kvk", "zoek", "68750110"], None);
    assert!(found.starts_with("Test BV Donald | KvK 68750110 | hoofdvestiging 000037178598 | Heereweg 20, 2161AB Lisse | BesloteVennootschap"), "{found}");
}

fn sanctions_story(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("entities.ftm.json");
    let path = file.to_str().unwrap();
    ok(&["--database", db, "migrate"], None);
    std::fs::write(&file, FTM).unwrap();
    let first = ok(&["--database", db, "import", "sancties", path], None);
    assert!(
        first.contains("sanctielijsten bijgewerkt: 3 objecten"),
        "{first}"
    );
    let again = ok(&["--database", db, "import", "sancties", path], None);
    assert!(
        again.contains("sanctielijsten ongewijzigd: 3 objecten"),
        "{again}"
    );
    assert!(
        again.contains(": 0 nieuw, 0 gewijzigd, 3 ongewijzigd, 0 verwijderd"),
        "{again}"
    );
    let found = ok(&["--database", db, "sancties", "zoek", "umit CAGLAR"], None);
    assert_eq!(
        found.trim(),
        "Ümit Çağlar | Person NK-abc | geboren 1982-04 | land nl | sanction | lijst nl_terrorism_list"
    );
    let none = baken(&["--database", db, "sancties", "zoek", "Jan Jansen"], None);
    assert_eq!(none.status.code(), Some(1));

    // Cut off mid-entity: refused with the line, nothing kept (the new entity is not found).
    let newer = format!(
        "{{\"id\": \"NK-xyz\", \"schema\": \"Person\", \"properties\": {{\"name\": [\"Jan Jansen\"]}}}}\n{FTM}"
    );
    std::fs::write(&file, &newer[..newer.len() - 25]).unwrap();
    let refused = baken(&["--database", db, "import", "sancties", path], None);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("entities.ftm.json, regel 4: het bestand houdt midden in een entiteit op"),
        "{err}"
    );
    let none = baken(&["--database", db, "sancties", "zoek", "Jan Jansen"], None);
    assert_eq!(
        none.status.code(),
        Some(1),
        "nothing of a refused import is kept"
    );

    // The whole newer file: one new, the rest unchanged.
    std::fs::write(&file, &newer).unwrap();
    let applied = ok(&["--database", db, "import", "sancties", path], None);
    assert!(
        applied.contains(": 1 nieuw, 0 gewijzigd, 3 ongewijzigd, 0 verwijderd"),
        "{applied}"
    );
    ok(&["--database", db, "sancties", "zoek", "jan jansen"], None);
}

#[test]
fn kvk_files_import_once_and_then_only_their_differences_on_sqlite() {
    kvk_story(&sqlite_url());
}

#[tokio::test]
async fn kvk_files_import_once_and_then_only_their_differences_on_postgresql() {
    let url = baken_store_postgres::testing::fresh_database_url().await;
    tokio::task::spawn_blocking(move || kvk_story(&url))
        .await
        .unwrap();
}

#[test]
fn sanctions_lists_import_once_and_then_only_their_differences_on_sqlite() {
    sanctions_story(&sqlite_url());
}

#[tokio::test]
async fn sanctions_lists_import_once_and_then_only_their_differences_on_postgresql() {
    let url = baken_store_postgres::testing::fresh_database_url().await;
    tokio::task::spawn_blocking(move || sanctions_story(&url))
        .await
        .unwrap();
}

const VERGUNNINGEN: &str = "Zaaknummer;Postcode;Huisnummer;Soort\nV-1;2161 AB;12;Exploitatievergunning\nV-2;2161AB;14;Drank- en horecavergunning\n";

fn own_register_story(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vergunningen.csv");
    let path = file.to_str().unwrap();
    ok(&["--database", db, "migrate"], None);
    ok(
        &[
            "--database",
            db,
            "gemeente",
            "add",
            "--code",
            "GM0553",
            "--naam",
            "Lisse",
        ],
        None,
    );
    let import = |extra: &[&str]| {
        let mut args = vec![
            "--database",
            db,
            "import",
            "register",
            "--gemeente",
            "GM0553",
            "--bron",
            "vergunningen",
            "--kolommen",
            "id=Zaaknummer,postcode=Postcode,huisnummer=Huisnummer",
        ];
        args.extend_from_slice(extra);
        baken(&args, None)
    };
    std::fs::write(&file, VERGUNNINGEN).unwrap();
    let first = import(&[path]);
    let out = String::from_utf8_lossy(&first.stdout).to_string();
    assert!(first.status.success(), "{first:?}");
    assert!(
        out.contains("eigen register vergunningen van GM0553 bijgewerkt: 2 objecten"),
        "{out}"
    );
    assert!(
        out.contains("rijen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 verwijderd"),
        "{out}"
    );
    let again = String::from_utf8_lossy(&import(&[path]).stdout).to_string();
    assert!(again.contains("ongewijzigd: 2 objecten"), "{again}");

    // One row changed, one gone: the differences.
    std::fs::write(
        &file,
        "Zaaknummer;Postcode;Huisnummer;Soort\nV-1;2161 AB;12;Exploitatievergunning ingetrokken\n",
    )
    .unwrap();
    let newer = String::from_utf8_lossy(&import(&[path]).stdout).to_string();
    assert!(
        newer.contains("rijen: 0 nieuw, 1 gewijzigd, 0 ongewijzigd, 1 verwijderd"),
        "{newer}"
    );

    // Refusals: a bad row (with line and column), a mapped column the file lacks, a source that
    // is not in the protocol, a bad mapping; nothing of them is kept.
    std::fs::write(
        &file,
        "Zaaknummer;Postcode;Huisnummer;Soort\nV-7;2161AB;12;Nieuw\nV-8;2161;12;Fout\n",
    )
    .unwrap();
    let bad = import(&[path]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr).to_string();
    assert!(
        err.contains("vergunningen.csv, regel 3") && err.contains("kolom Postcode"),
        "{err}"
    );
    std::fs::write(&file, "Zaak;Postcode;Huisnummer\nV-1;2161AB;12\n").unwrap();
    let lacking = String::from_utf8_lossy(&import(&[path]).stderr).to_string();
    assert!(lacking.contains("\"Zaaknummer\""), "{lacking}");
    let mut args = vec![
        "--database",
        db,
        "import",
        "register",
        "--gemeente",
        "GM0553",
        "--bron",
        "wmo",
        "--kolommen",
        "naam=Naam",
        path,
    ];
    let unknown = String::from_utf8_lossy(&baken(&args, None).stderr).to_string();
    assert!(
        unknown.contains("staat niet in het privacyprotocol van Lisse"),
        "{unknown}"
    );
    args[9] = "telefoon=Tel";
    args[7] = "vergunningen";
    let mapping = baken(&args, None);
    assert!(!mapping.status.success());
    assert!(String::from_utf8_lossy(&mapping.stderr).contains("onbekende sleutel"));
    std::fs::write(
        &file,
        "Zaaknummer;Postcode;Huisnummer;Soort\nV-1;2161 AB;12;Exploitatievergunning ingetrokken\n",
    )
    .unwrap();
    let kept = String::from_utf8_lossy(&import(&[path]).stdout).to_string();
    assert!(
        kept.contains("ongewijzigd: 1 objecten"),
        "the refusals kept nothing: {kept}"
    );
}

#[test]
fn own_registers_import_under_a_column_mapping_on_sqlite() {
    own_register_story(&sqlite_url());
}

#[tokio::test]
async fn own_registers_import_under_a_column_mapping_on_postgresql() {
    let url = baken_store_postgres::testing::fresh_database_url().await;
    tokio::task::spawn_blocking(move || own_register_story(&url))
        .await
        .unwrap();
}
