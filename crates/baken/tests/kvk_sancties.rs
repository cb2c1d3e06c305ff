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
