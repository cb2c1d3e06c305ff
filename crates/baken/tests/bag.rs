//! `baken import bag` and `baken bag zoek` on SQLite and PostgreSQL: an extract imported twice
//! changes nothing the second time, a newer one applies its differences, a broken one is refused
//! with file, line and element and nothing of it is kept.

use super::{baken, ok, sqlite_url};

fn extract(objects: &[String]) -> String {
    let stands: Vec<String> = objects
        .iter()
        .map(|o| format!("  <sl:stand><sl-bag-extract:bagObject>\n{o}\n  </sl-bag-extract:bagObject></sl:stand>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sl-bag-extract:bagStand xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601" xmlns:sl="http://www.kadaster.nl/schemas/standlevering-generiek/1.0" xmlns:Objecten="www.kadaster.nl/schemas/lvbag/imbag/objecten/v20200601" xmlns:Objecten-ref="www.kadaster.nl/schemas/lvbag/imbag/objecten-ref/v20200601" xmlns:gml="http://www.opengis.net/gml/3.2">
 <sl:standBestand>
{}
 </sl:standBestand>
</sl-bag-extract:bagStand>
"#,
        stands.join("\n")
    )
}

fn nummeraanduiding(id: &str, huisnummer: u32, letter: &str) -> String {
    let letter = if letter.is_empty() {
        String::new()
    } else {
        format!("<Objecten:huisletter>{letter}</Objecten:huisletter>")
    };
    format!(
        "<Objecten:Nummeraanduiding><Objecten:identificatie>{id}</Objecten:identificatie>\
         <Objecten:huisnummer>{huisnummer}</Objecten:huisnummer>{letter}<Objecten:postcode>2161AB</Objecten:postcode>\
         <Objecten:status>Naamgeving uitgegeven</Objecten:status>\
         <Objecten:ligtAan><Objecten-ref:OpenbareRuimteRef>0553300000000001</Objecten-ref:OpenbareRuimteRef></Objecten:ligtAan>\
         </Objecten:Nummeraanduiding>"
    )
}

fn verblijfsobject(id: &str, hoofdadres: &str, oppervlakte: u32) -> String {
    format!(
        "<Objecten:Verblijfsobject><Objecten:heeftAlsHoofdadres><Objecten-ref:NummeraanduidingRef>{hoofdadres}</Objecten-ref:NummeraanduidingRef></Objecten:heeftAlsHoofdadres>\
         <Objecten:identificatie>{id}</Objecten:identificatie>\
         <Objecten:geometrie><Objecten:punt><gml:Point><gml:pos>96251.2 478124.7 0.0</gml:pos></gml:Point></Objecten:punt></Objecten:geometrie>\
         <Objecten:gebruiksdoel>woonfunctie</Objecten:gebruiksdoel><Objecten:oppervlakte>{oppervlakte}</Objecten:oppervlakte>\
         <Objecten:status>Verblijfsobject in gebruik</Objecten:status>\
         <Objecten:maaktDeelUitVan><Objecten-ref:PandRef>0553100000000001</Objecten-ref:PandRef></Objecten:maaktDeelUitVan></Objecten:Verblijfsobject>"
    )
}

/// Writes the five files of an extract into `dir` (replacing what was there).
fn write_extract(dir: &std::path::Path, nums: &[String], vbos: &[String]) {
    std::fs::create_dir_all(dir).unwrap();
    let files = [
        (
            "9999WPL08112026_000001.xml",
            extract(&["<Objecten:Woonplaats><Objecten:identificatie>2459</Objecten:identificatie><Objecten:naam>Lisse</Objecten:naam><Objecten:status>Woonplaats aangewezen</Objecten:status></Objecten:Woonplaats>".into()]),
        ),
        (
            "9999OPR08112026_000001.xml",
            extract(&["<Objecten:OpenbareRuimte><Objecten:identificatie>0553300000000001</Objecten:identificatie><Objecten:naam>Heereweg</Objecten:naam><Objecten:status>Naamgeving uitgegeven</Objecten:status><Objecten:ligtIn><Objecten-ref:WoonplaatsRef>2459</Objecten-ref:WoonplaatsRef></Objecten:ligtIn></Objecten:OpenbareRuimte>".into()]),
        ),
        ("9999NUM08112026_000001.xml", extract(nums)),
        ("9999VBO08112026_000001.xml", extract(vbos)),
        (
            "9999PND08112026_000001.xml",
            extract(&["<Objecten:Pand><Objecten:identificatie>0553100000000001</Objecten:identificatie><Objecten:oorspronkelijkBouwjaar>1926</Objecten:oorspronkelijkBouwjaar><Objecten:status>Pand in gebruik</Objecten:status></Objecten:Pand>".into()]),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn story(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let extract_dir = dir.path().join("extract");
    let twaalf = nummeraanduiding("0553200000000012", 12, "");
    let twaalf_a = nummeraanduiding("0553200000000013", 12, "a");
    let dertien = nummeraanduiding("0553200000000014", 13, "");
    write_extract(
        &extract_dir,
        &[twaalf.clone(), twaalf_a.clone(), dertien.clone()],
        &[verblijfsobject("0553010000000012", "0553200000000012", 142)],
    );
    let dir_arg = extract_dir.to_str().unwrap();
    ok(&["--database", db, "migrate"], None);
    let first = ok(&["--database", db, "import", "bag", dir_arg], None);
    assert!(
        first.contains("BAG-register bijgewerkt: 7 objecten"),
        "{first}"
    );
    assert!(
        first.contains("nummeraanduidingen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 verwijderd"),
        "{first}"
    );

    // The same extract again changes nothing.
    let again = ok(&["--database", db, "import", "bag", dir_arg], None);
    assert!(
        again.contains("BAG-register ongewijzigd: 7 objecten"),
        "{again}"
    );
    assert!(
        again.contains("nummeraanduidingen: 0 nieuw, 0 gewijzigd, 3 ongewijzigd, 0 verwijderd"),
        "{again}"
    );

    let found = ok(&["--database", db, "bag", "zoek", "2161 ab", "12"], None);
    let lines: Vec<&str> = found.lines().collect();
    assert_eq!(lines.len(), 2, "{found}");
    assert_eq!(
        lines[0],
        "Heereweg 12, 2161AB Lisse | nummeraanduiding 0553200000000012 | verblijfsobject 0553010000000012 | gebruiksdoel woonfunctie | 142 m² | bouwjaar 1926"
    );
    assert!(
        lines[1].starts_with(
            "Heereweg 12a, 2161AB Lisse | nummeraanduiding 0553200000000013 | geen verblijfsobject"
        ),
        "{found}"
    );
    let only_a = ok(
        &[
            "--database",
            db,
            "bag",
            "zoek",
            "2161AB",
            "12",
            "--huisletter",
            "A",
        ],
        None,
    );
    assert_eq!(only_a.lines().count(), 1, "{only_a}");
    let none = baken(&["--database", db, "bag", "zoek", "2161AB", "14"], None);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
    let bad = baken(
        &["--database", db, "bag", "zoek", "21611AB", "twaalf"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("postcode: ") && err.contains("huisnummer: "),
        "{err}"
    );

    // A newer extract: one surface changed, number 13 gone.
    write_extract(
        &extract_dir,
        &[twaalf.clone(), twaalf_a.clone()],
        &[verblijfsobject("0553010000000012", "0553200000000012", 150)],
    );
    let newer = ok(&["--database", db, "import", "bag", dir_arg], None);
    assert!(
        newer.contains("nummeraanduidingen: 0 nieuw, 0 gewijzigd, 2 ongewijzigd, 1 verwijderd"),
        "{newer}"
    );
    assert!(newer.contains("verblijfsobjecten, lig- en standplaatsen: 0 nieuw, 1 gewijzigd, 0 ongewijzigd, 0 verwijderd"), "{newer}");
    let found = ok(&["--database", db, "bag", "zoek", "2161AB", "12"], None);
    assert!(
        found.lines().next().unwrap().contains("| 150 m² |"),
        "{found}"
    );

    // Broken off in the middle: refused with file, line and element; nothing of it kept (the
    // new address 14 and the changed surface are not there).
    let text = extract(&[
        nummeraanduiding("0553200000000015", 14, ""),
        verblijfsobject("0553010000000013", "0553200000000015", 99),
    ]);
    let cut = &text[..text.find("<Objecten:oppervlakte>").unwrap()];
    std::fs::write(extract_dir.join("9999NUM08112026_000001.xml"), cut).unwrap();
    let refused = baken(&["--database", db, "import", "bag", dir_arg], None);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("9999NUM08112026_000001.xml, regel "), "{err}");
    assert!(
        err.contains("(Verblijfsobject)") && err.contains("houdt op"),
        "{err}"
    );
    let none = baken(&["--database", db, "bag", "zoek", "2161AB", "14"], None);
    assert_eq!(
        none.status.code(),
        Some(1),
        "nothing of the broken import was kept"
    );
    let found = ok(&["--database", db, "bag", "zoek", "2161AB", "12"], None);
    assert_eq!(found.lines().count(), 2);
}

/// The extract as the Kadaster delivers it: one zip holding a zip per object type.
fn zip_of_zips(extract_dir: &std::path::Path, target: &std::path::Path) {
    use std::io::Write;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut outer = zip::ZipWriter::new(std::fs::File::create(target).unwrap());
    let mut names: Vec<_> = std::fs::read_dir(extract_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let mut inner = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        inner.start_file(&name, options).unwrap();
        inner.write_all(&std::fs::read(&path).unwrap()).unwrap();
        let bytes = inner.finish().unwrap().into_inner();
        outer
            .start_file(name.replace(".xml", ".zip"), options)
            .unwrap();
        outer.write_all(&bytes).unwrap();
    }
    outer
        .start_file("Leveringsdocument-BAG-Extract.xml.txt", options)
        .unwrap();
    outer.write_all(b"niet van het extract").unwrap();
    outer.finish().unwrap();
}

fn zipped(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let extract_dir = dir.path().join("extract");
    write_extract(
        &extract_dir,
        &[nummeraanduiding("0553200000000012", 12, "")],
        &[verblijfsobject("0553010000000012", "0553200000000012", 142)],
    );
    let zip_path = dir.path().join("lvbag-extract-gemeente.zip");
    zip_of_zips(&extract_dir, &zip_path);
    ok(&["--database", db, "migrate"], None);
    let zip_arg = zip_path.to_str().unwrap();
    let first = ok(&["--database", db, "import", "bag", zip_arg], None);
    assert!(
        first.contains("BAG-register bijgewerkt: 5 objecten uit 5 bestand(en)"),
        "{first}"
    );
    let again = ok(&["--database", db, "import", "bag", zip_arg], None);
    assert!(
        again.contains("BAG-register ongewijzigd: 5 objecten"),
        "{again}"
    );
    let found = ok(&["--database", db, "bag", "zoek", "2161AB", "12"], None);
    assert!(
        found.contains("verblijfsobject 0553010000000012"),
        "{found}"
    );

    // A damaged zip is refused by name; nothing changes.
    let broken = dir.path().join("kapot.zip");
    std::fs::write(&broken, b"PK\x03\x04 dit is geen zip").unwrap();
    let refused = baken(
        &["--database", db, "import", "bag", broken.to_str().unwrap()],
        None,
    );
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("kapot.zip is geen leesbaar zip-bestand"),
        "{err}"
    );
}

#[test]
fn a_zipped_bag_extract_imports_as_delivered_on_sqlite() {
    zipped(&sqlite_url());
}

#[tokio::test]
async fn a_zipped_bag_extract_imports_as_delivered_on_postgresql() {
    let url = baken_store_postgres::testing::fresh_database_url().await;
    tokio::task::spawn_blocking(move || zipped(&url))
        .await
        .unwrap();
}

#[test]
fn a_bag_extract_imports_once_and_then_only_its_differences_on_sqlite() {
    story(&sqlite_url());
}

#[tokio::test]
async fn a_bag_extract_imports_once_and_then_only_its_differences_on_postgresql() {
    let url = baken_store_postgres::testing::fresh_database_url().await;
    tokio::task::spawn_blocking(move || story(&url))
        .await
        .unwrap();
}
