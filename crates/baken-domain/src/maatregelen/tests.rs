use super::*;

fn invoer(instrument: &str) -> MaatregelInvoer {
    MaatregelInvoer {
        instrument: instrument.into(),
        ..MaatregelInvoer::default()
    }
}

fn codes(errors: &crate::ValidationErrors) -> Vec<(String, &'static str)> {
    errors.iter().map(|e| (e.name.clone(), e.code)).collect()
}

#[test]
fn the_shipped_catalogue_parses_and_holds_the_instruments_of_the_issue() {
    let c = Catalogus::standaard();
    for code in [
        "opiumwet-13b-waarschuwing",
        "opiumwet-13b-dwangsom",
        "opiumwet-13b-sluiting",
        "gemeentewet-174a-sluiting",
        "gemeentewet-174-openbare-inrichting",
        "gemeentewet-172-bevel",
        "gemeentewet-175-noodbevel",
        "bibob-weigering",
        "bibob-intrekking",
        "alcoholwet-vergunning",
        "apv-exploitatievergunning",
        "last-onder-bestuursdwang",
        "last-onder-dwangsom",
        "waarschuwingsbrief",
    ] {
        assert!(c.instrument(code).is_some(), "{code}");
    }
    assert_eq!(
        c.instrument("bibob-weigering").unwrap().klasse,
        Vertrouwelijkheid::Bibob
    );
    assert_eq!(
        c.instrument("last-onder-dwangsom").unwrap().bevoegd,
        Bevoegd::College
    );
}

#[test]
fn a_174a_closure_without_a_ground_is_refused() {
    let c = Catalogus::standaard();
    let mut i = invoer("gemeentewet-174a-sluiting");
    i.duur = Some("P3M".into());
    let errors = c.controleer(&i).unwrap_err();
    assert_eq!(codes(&errors), vec![("grond".to_string(), "verplicht")]);
    assert!(errors.iter().next().unwrap().reason.contains("174a"));
    i.grond = Some("d".into());
    assert_eq!(
        codes(&c.controleer(&i).unwrap_err()),
        vec![("grond".to_string(), "onbekend")]
    );
    i.grond = Some("b".into());
    let p = c.controleer(&i).unwrap();
    assert_eq!(p.grond.as_deref(), Some("b"));
    assert!(p.stappen.contains(&Stap::Voornemen));
    assert!(p.stappen.contains(&Stap::Zienswijze));
}

#[test]
fn an_urgent_174a_closure_needs_a_motivation_and_skips_the_view() {
    let c = Catalogus::standaard();
    let mut i = invoer("gemeentewet-174a-sluiting");
    i.grond = Some("b".into());
    i.duur = Some("P3M".into());
    i.spoed = true;
    assert_eq!(
        codes(&c.controleer(&i).unwrap_err()),
        vec![("spoedMotivering".to_string(), "verplicht")]
    );
    i.spoed_motivering = Some("   ".into());
    assert!(c.controleer(&i).is_err());
    i.spoed_motivering = Some("Explosie op 1 december; nieuwe aanslag gevreesd.".into());
    let p = c.controleer(&i).unwrap();
    assert!(p.spoed);
    assert!(!p.stappen.contains(&Stap::Voornemen));
    assert!(!p.stappen.contains(&Stap::Zienswijze));
    assert!(!p.stappen.contains(&Stap::Hoorgesprek));
    assert!(p.stappen.contains(&Stap::Besluit));
    assert_eq!(
        p.overgeslagen,
        vec![Stap::Voornemen, Stap::Zienswijze, Stap::Hoorgesprek]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let c = Catalogus::standaard();
    let mut i = invoer("opiumwet-13b-sluiting");
    i.spoed = true;
    i.grond = Some("a".into());
    let errors = c.controleer(&i).unwrap_err();
    assert_eq!(
        codes(&errors),
        vec![
            ("grond".to_string(), "ongeldig"),
            ("spoed".to_string(), "ongeldig"),
            ("duur".to_string(), "verplicht"),
        ]
    );
    i = invoer("opiumwet-13b-sluiting");
    i.duur = Some("drie maanden".into());
    assert_eq!(
        codes(&c.controleer(&i).unwrap_err()),
        vec![("duur".to_string(), "formaat")]
    );
    i.duur = Some("P0D".into());
    assert!(c.controleer(&i).is_err());
    assert_eq!(
        codes(&c.controleer(&invoer("")).unwrap_err()),
        vec![("instrument".to_string(), "verplicht")]
    );
    assert_eq!(
        codes(&c.controleer(&invoer("13b")).unwrap_err()),
        vec![("instrument".to_string(), "onbekend")]
    );
}

#[test]
fn the_damocles_matrix_proposes_a_measure_for_every_case() {
    let c = Catalogus::standaard();
    let first = c
        .damocles_voorstel(1, Objectsoort::Woning, Hoeveelheid::Handel)
        .unwrap();
    assert_eq!(first.instrument, "opiumwet-13b-waarschuwing");
    assert_eq!(first.duur, None);
    let second = c
        .damocles_voorstel(2, Objectsoort::Lokaal, Hoeveelheid::Groot)
        .unwrap();
    assert_eq!(second.instrument, "opiumwet-13b-sluiting");
    assert_eq!(second.duur, Some(Duur::parse("P12M").unwrap()));
    assert!(
        second.regel.contains("tweede overtreding"),
        "{}",
        second.regel
    );
    assert!(second.regel.contains("Damoclesbeleid"), "{}", second.regel);
    // The fifth offence counts as the third.
    assert_eq!(
        c.damocles_voorstel(5, Objectsoort::Woning, Hoeveelheid::Groot),
        c.damocles_voorstel(3, Objectsoort::Woning, Hoeveelheid::Groot)
    );
}

#[test]
fn a_municipal_catalogue_with_mistakes_gets_every_one_named() {
    let text = STANDAARD
        .replace(
            "vastgesteld_op = \"2026-01-01\"",
            "vastgesteld_op = \"1 januari\"",
        )
        .replace(
            "stappen = [\"bestuurlijke-rapportage\", \"waarschuwing\"]",
            "stappen = [\"bestuurlijke-rapportage\", \"waarschuwing\", \"waarschuwing\"]",
        )
        .replacen("duur = \"P3M\"", "duur = \"drie maanden\"", 1)
        .replacen(
            "instrument = \"opiumwet-13b-waarschuwing\"",
            "instrument = \"bestaat-niet\"",
            1,
        );
    let errors = Catalogus::parse(&text).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("catalogus.vastgesteld_op")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("twee keer")), "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("drie maanden")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("bestaat-niet")),
        "{errors:?}"
    );

    let unknown_step = STANDAARD.replace(
        "\"waarschuwing\", \"gesprek\"",
        "\"waarschuwing\", \"koffie\"",
    );
    let errors = Catalogus::parse(&unknown_step).unwrap_err();
    assert!(errors[0].contains("koffie"), "{errors:?}");

    // A matrix with a hole is refused: every offence, object and quantity needs a line.
    let start = STANDAARD.rfind("[[damocles]]").unwrap();
    let errors = Catalogus::parse(&STANDAARD[..start]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("overtreding 3"), "{errors:?}");
}

#[test]
fn steps_start_the_deadlines_of_the_law() {
    assert_eq!(
        Stap::Bekendmaking.gevolg(),
        Some(stap::Gevolg::Bezwaartermijn)
    );
    assert_eq!(
        Stap::Bezwaar.gevolg(),
        Some(stap::Gevolg::BeslistermijnBezwaar)
    );
    assert_eq!(Stap::Uitvoering.gevolg(), None);
    assert!(Stap::UitspraakHogerBeroep.heeft_ecli());
}
