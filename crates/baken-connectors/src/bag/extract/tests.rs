use super::*;

/// A piece of an extract as the Kadaster writes it: the namespaces and nesting of LVBAG 2.0.
fn extract(objects: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sl-bag-extract:bagStand xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601"
  xmlns:sl="http://www.kadaster.nl/schemas/standlevering-generiek/1.0"
  xmlns:Objecten="www.kadaster.nl/schemas/lvbag/imbag/objecten/v20200601"
  xmlns:Objecten-ref="www.kadaster.nl/schemas/lvbag/imbag/objecten-ref/v20200601"
  xmlns:Historie="www.kadaster.nl/schemas/lvbag/imbag/historie/v20200601"
  xmlns:gml="http://www.opengis.net/gml/3.2">
 <sl:standBestand>
  <sl:dataset>LVBAG</sl:dataset>
{objects}
 </sl:standBestand>
</sl-bag-extract:bagStand>
"#
    )
}

fn stand(object: &str) -> String {
    format!(
        "  <sl:stand><sl-bag-extract:bagObject>\n{object}\n  </sl-bag-extract:bagObject></sl:stand>"
    )
}

const WOONPLAATS: &str = r#"<Objecten:Woonplaats>
  <Objecten:identificatie domein="NL.IMBAG.Woonplaats">2459</Objecten:identificatie>
  <Objecten:naam>Lisse</Objecten:naam>
  <Objecten:status>Woonplaats aangewezen</Objecten:status>
  <Objecten:voorkomen><Historie:Voorkomen><Historie:voorkomenidentificatie>1</Historie:voorkomenidentificatie>
    <Historie:beginGeldigheid>2010-01-01</Historie:beginGeldigheid></Historie:Voorkomen></Objecten:voorkomen>
</Objecten:Woonplaats>"#;

const STRAAT: &str = r#"<Objecten:OpenbareRuimte>
  <Objecten:identificatie domein="NL.IMBAG.Openbareruimte">0553300000000123</Objecten:identificatie>
  <Objecten:naam>Heereweg &amp; Zn</Objecten:naam>
  <Objecten:type>Weg</Objecten:type>
  <Objecten:status>Naamgeving uitgegeven</Objecten:status>
  <Objecten:ligtIn><Objecten-ref:WoonplaatsRef domein="NL.IMBAG.Woonplaats">2459</Objecten-ref:WoonplaatsRef></Objecten:ligtIn>
</Objecten:OpenbareRuimte>"#;

const ADRES: &str = r#"<Objecten:Nummeraanduiding>
  <Objecten:identificatie domein="NL.IMBAG.Nummeraanduiding">0553200000012345</Objecten:identificatie>
  <Objecten:huisnummer>12</Objecten:huisnummer>
  <Objecten:huisletter>A</Objecten:huisletter>
  <Objecten:huisnummertoevoeging>bis</Objecten:huisnummertoevoeging>
  <Objecten:postcode>2161AB</Objecten:postcode>
  <Objecten:typeAdresseerbaarObject>Verblijfsobject</Objecten:typeAdresseerbaarObject>
  <Objecten:status>Naamgeving uitgegeven</Objecten:status>
  <Objecten:ligtAan><Objecten-ref:OpenbareRuimteRef domein="NL.IMBAG.Openbareruimte">0553300000000123</Objecten-ref:OpenbareRuimteRef></Objecten:ligtAan>
</Objecten:Nummeraanduiding>"#;

const VERBLIJFSOBJECT: &str = r#"<Objecten:Verblijfsobject>
  <Objecten:heeftAlsHoofdadres><Objecten-ref:NummeraanduidingRef domein="NL.IMBAG.Nummeraanduiding">0553200000012345</Objecten-ref:NummeraanduidingRef></Objecten:heeftAlsHoofdadres>
  <Objecten:heeftAlsNevenadres><Objecten-ref:NummeraanduidingRef domein="NL.IMBAG.Nummeraanduiding">0553200000012346</Objecten-ref:NummeraanduidingRef></Objecten:heeftAlsNevenadres>
  <Objecten:identificatie domein="NL.IMBAG.Verblijfsobject">0553010000054321</Objecten:identificatie>
  <Objecten:geometrie><Objecten:punt><gml:Point srsName="urn:ogc:def:crs:EPSG::28992" srsDimension="3"><gml:pos>96251.2 478124.7 0.0</gml:pos></gml:Point></Objecten:punt></Objecten:geometrie>
  <Objecten:gebruiksdoel>woonfunctie</Objecten:gebruiksdoel>
  <Objecten:gebruiksdoel>winkelfunctie</Objecten:gebruiksdoel>
  <Objecten:oppervlakte>142</Objecten:oppervlakte>
  <Objecten:status>Verblijfsobject in gebruik</Objecten:status>
  <Objecten:maaktDeelUitVan><Objecten-ref:PandRef domein="NL.IMBAG.Pand">0553100000009876</Objecten-ref:PandRef></Objecten:maaktDeelUitVan>
</Objecten:Verblijfsobject>"#;

const PAND: &str = r#"<Objecten:Pand>
  <Objecten:identificatie domein="NL.IMBAG.Pand">0553100000009876</Objecten:identificatie>
  <Objecten:geometrie><gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing>
    <gml:posList srsDimension="3" count="5">96245.1 478120.0 0.0 96260.3 478120.0 0.0 96260.3 478130.2 0.0 96245.1 478130.2 0.0 96245.1 478120.0 0.0</gml:posList>
  </gml:LinearRing></gml:exterior></gml:Polygon></Objecten:geometrie>
  <Objecten:oorspronkelijkBouwjaar>1926</Objecten:oorspronkelijkBouwjaar>
  <Objecten:status>Pand in gebruik</Objecten:status>
</Objecten:Pand>"#;

fn read_all(xml: &str) -> Result<Vec<BagObject>, ExtractError> {
    ExtractReader::new(xml.as_bytes()).collect()
}

#[test]
fn every_object_type_is_read_with_its_fields() {
    let xml = extract(
        &[WOONPLAATS, STRAAT, ADRES, VERBLIJFSOBJECT, PAND]
            .map(stand)
            .join("\n"),
    );
    let objects = read_all(&xml).unwrap();
    assert_eq!(
        objects,
        vec![
            BagObject::Woonplaats(Woonplaats {
                id: "2459".into(),
                naam: "Lisse".into(),
                status: "Woonplaats aangewezen".into(),
            }),
            BagObject::OpenbareRuimte(OpenbareRuimte {
                id: "0553300000000123".into(),
                naam: "Heereweg & Zn".into(),
                woonplaats: "2459".into(),
                status: "Naamgeving uitgegeven".into(),
            }),
            BagObject::Nummeraanduiding(Nummeraanduiding {
                id: "0553200000012345".into(),
                postcode: Some("2161AB".into()),
                huisnummer: 12,
                huisletter: Some("A".into()),
                toevoeging: Some("bis".into()),
                openbare_ruimte: "0553300000000123".into(),
                woonplaats: None,
                status: "Naamgeving uitgegeven".into(),
            }),
            BagObject::Adresseerbaar(Adresseerbaar {
                id: "0553010000054321".into(),
                soort: Soort::Verblijfsobject,
                hoofdadres: "0553200000012345".into(),
                nevenadressen: vec!["0553200000012346".into()],
                gebruiksdoelen: vec!["woonfunctie".into(), "winkelfunctie".into()],
                oppervlakte: Some(142),
                punt: Some((96251.2, 478124.7)),
                panden: vec!["0553100000009876".into()],
                status: "Verblijfsobject in gebruik".into(),
            }),
            BagObject::Pand(Pand {
                id: "0553100000009876".into(),
                bouwjaar: Some(1926),
                status: "Pand in gebruik".into(),
            }),
        ]
    );
}

#[test]
fn occurrences_that_ended_are_skipped() {
    let ended = WOONPLAATS.replace(
        "<Historie:beginGeldigheid>2010-01-01</Historie:beginGeldigheid>",
        "<Historie:beginGeldigheid>2010-01-01</Historie:beginGeldigheid><Historie:eindGeldigheid>2018-01-01</Historie:eindGeldigheid>",
    );
    let xml = extract(&[stand(&ended), stand(PAND)].join("\n"));
    let objects = read_all(&xml).unwrap();
    assert_eq!(objects.len(), 1);
    assert!(matches!(objects[0], BagObject::Pand(_)));
}

#[test]
fn a_truncated_file_is_refused_with_the_line_it_stops_at() {
    let xml = extract(&[stand(ADRES), stand(VERBLIJFSOBJECT)].join("\n"));
    // Cut in the middle of the verblijfsobject.
    let cut = &xml[..xml.find("<Objecten:oppervlakte>").unwrap()];
    let lines = cut.lines().count() as u64;
    let mut reader = ExtractReader::new(cut.as_bytes());
    assert!(matches!(
        reader.next(),
        Some(Ok(BagObject::Nummeraanduiding(_)))
    ));
    let error = reader.next().unwrap().unwrap_err();
    assert!(error.melding.contains("houdt op"), "{error}");
    assert_eq!(error.element.as_deref(), Some("Verblijfsobject"));
    assert!(
        error.regel >= lines - 1 && error.regel <= lines + 1,
        "line {} of {lines}",
        error.regel
    );
    assert!(reader.next().is_none(), "nothing after the error");
}

#[test]
fn an_object_without_what_it_must_have_is_named() {
    let without = ADRES.replace("<Objecten:huisnummer>12</Objecten:huisnummer>", "");
    let xml = extract(&[stand(WOONPLAATS), stand(&without)].join("\n"));
    let error = read_all(&xml).unwrap_err();
    assert_eq!(
        error.element.as_deref(),
        Some("Nummeraanduiding 0553200000012345")
    );
    assert_eq!(error.melding, "het huisnummer ontbreekt");
    // The object starts on the line after the woonplaats' stand (line 10 onwards).
    let object_line = xml
        .lines()
        .position(|l| l.contains("<Objecten:Nummeraanduiding>"))
        .unwrap() as u64
        + 1;
    assert_eq!(error.regel, object_line);
    assert_eq!(
        error.to_string(),
        format!(
            "regel {object_line} (Nummeraanduiding 0553200000012345): het huisnummer ontbreekt"
        )
    );

    let bad = ADRES.replace(">12<", ">twaalf<");
    let error = read_all(&extract(&stand(&bad))).unwrap_err();
    assert!(
        error.melding.contains("het huisnummer is geen getal"),
        "{error}"
    );
}

#[test]
fn what_is_not_an_extract_is_refused() {
    let error = read_all("<html><body>niet gevonden</body></html>").unwrap_err();
    assert!(error.melding.contains("geen BAG-extract"), "{error}");
    assert_eq!(error.regel, 1);
    let error = read_all("").unwrap_err();
    assert_eq!(error.melding, "het bestand is leeg");
    let broken = extract(&stand(ADRES)).replace("</Objecten:postcode>", "</Objecten:postcod>");
    let error = read_all(&broken).unwrap_err();
    assert!(error.melding.contains("geen geldige XML"), "{error}");
}

#[test]
fn types_baken_does_not_keep_are_read_past() {
    let other = "<Objecten:Onbekend><Objecten:identificatie>1</Objecten:identificatie><Objecten:iets><Objecten:diep>x</Objecten:diep></Objecten:iets></Objecten:Onbekend>";
    let xml = extract(&[stand(other), stand(PAND)].join("\n"));
    let objects = read_all(&xml).unwrap();
    assert_eq!(objects.len(), 1);
}

#[test]
fn objects_are_read_one_at_a_time_through_a_small_buffer() {
    // Many objects through a reader that is fed a line at a time: nothing is kept but the
    // object being read.
    let many: Vec<String> = (0..2000)
        .map(|i| stand(&ADRES.replace("0553200000012345", &format!("05532{i:011}"))))
        .collect();
    let xml = extract(&many.join("\n"));
    let reader = ExtractReader::new(std::io::BufReader::with_capacity(64, xml.as_bytes()));
    let mut count = 0;
    for object in reader {
        let BagObject::Nummeraanduiding(n) = object.unwrap() else {
            panic!("a nummeraanduiding");
        };
        assert_eq!(n.id, format!("05532{count:011}"));
        count += 1;
    }
    assert_eq!(count, 2000);
}

#[test]
fn an_overlong_field_is_refused() {
    let long = ADRES.replace(
        ">Naamgeving uitgegeven<",
        &format!(">{}<", "x".repeat(5000)),
    );
    let error = read_all(&extract(&stand(&long))).unwrap_err();
    assert!(
        error
            .melding
            .contains("het veld status is langer dan 1024 tekens"),
        "{error}"
    );
}
