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

mod tijdlijn_tests {
    use super::super::tijdlijn::{Aan, GezetteStap, deadlines, einde_sluiting};
    use super::super::*;
    use time::{Date, Month};

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), day).unwrap()
    }

    fn stap(stap: Stap, datum: Date) -> GezetteStap {
        GezetteStap {
            stap,
            datum,
            duur: None,
        }
    }

    #[test]
    fn a_13b_closure_computes_every_deadline_from_its_steps() {
        let c = Catalogus::standaard();
        let sluiting = c.instrument("opiumwet-13b-sluiting").unwrap();
        let mut stappen = vec![
            stap(Stap::BestuurlijkeRapportage, d(2026, 11, 20)),
            stap(Stap::Voornemen, d(2026, 12, 1)),
        ];
        let open = deadlines(sluiting, &stappen, &[]);
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].soort, "zienswijzetermijn");
        assert_eq!(open[0].termijn.einddatum, d(2026, 12, 15));
        assert!(!open[0].voldaan);

        stappen.extend([
            stap(Stap::Zienswijze, d(2026, 12, 10)),
            stap(Stap::Besluit, d(2026, 12, 17)),
            stap(Stap::Bekendmaking, d(2026, 12, 18)),
            stap(Stap::Publicatie, d(2026, 12, 18)),
        ]);
        let all = deadlines(sluiting, &stappen, &[]);
        let by = |soort: &str| all.iter().find(|x| x.soort == soort).unwrap().clone();
        assert!(by("zienswijzetermijn").voldaan);
        // Two weeks from 18 December is Nieuwjaarsdag (Friday): to Monday 4 January.
        assert_eq!(by("begunstigingstermijn").termijn.einddatum, d(2027, 1, 4));
        assert_eq!(by("bezwaartermijn").termijn.einddatum, d(2027, 1, 29));
        assert_eq!(by("bezwaartermijn").aan, Aan::Betrokkene);
        assert!(!by("bezwaartermijn").voldaan);

        stappen.extend([
            stap(Stap::Uitvoering, d(2027, 1, 5)),
            GezetteStap {
                stap: Stap::Ingang,
                datum: d(2027, 1, 5),
                duur: Some(Duur::parse("P3M").unwrap()),
            },
            stap(Stap::Bezwaar, d(2027, 1, 20)),
        ]);
        let all = deadlines(sluiting, &stappen, &[]);
        let by = |soort: &str| all.iter().find(|x| x.soort == soort).unwrap().clone();
        assert!(by("begunstigingstermijn").voldaan);
        assert!(by("bezwaartermijn").voldaan);
        // Twelve weeks (with the objection committee) from the end of the objection term.
        assert_eq!(
            by("beslistermijn-bezwaar").termijn.einddatum,
            d(2027, 4, 23)
        );
        assert_eq!(by("beslistermijn-bezwaar").aan, Aan::Gemeente);
        assert_eq!(by("einde-sluiting").termijn.einddatum, d(2027, 4, 4));
        // In the order of their last day.
        assert!(
            all.windows(2)
                .all(|w| w[0].termijn.einddatum <= w[1].termijn.einddatum)
        );

        stappen.push(stap(Stap::BeslissingOpBezwaar, d(2027, 3, 15)));
        let all = deadlines(sluiting, &stappen, &[]);
        let by = |soort: &str| all.iter().find(|x| x.soort == soort).unwrap().clone();
        assert!(by("beslistermijn-bezwaar").voldaan);
        assert_eq!(by("beroepstermijn").termijn.einddatum, d(2027, 4, 26));
    }

    #[test]
    fn a_bibob_advice_term_is_extended_when_the_extension_is_recorded() {
        let c = Catalogus::standaard();
        let bibob = c.instrument("bibob-weigering").unwrap();
        let mut stappen = vec![stap(Stap::BibobAdviesaanvraag, d(2026, 3, 16))];
        let t = deadlines(bibob, &stappen, &[]);
        assert_eq!(t[0].termijn.einddatum, d(2026, 5, 11));
        stappen.push(stap(Stap::BibobVerlenging, d(2026, 5, 1)));
        let t = deadlines(bibob, &stappen, &[]);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].termijn.einddatum, d(2026, 6, 8));
        assert_eq!(t[0].aan, Aan::Gemeente);
    }

    #[test]
    fn a_warning_letter_starts_no_objection_term() {
        let c = Catalogus::standaard();
        let brief = c.instrument("waarschuwingsbrief").unwrap();
        assert!(deadlines(brief, &[stap(Stap::Waarschuwing, d(2026, 12, 1))], &[]).is_empty());
    }

    #[test]
    fn a_closure_ends_after_its_duration_and_its_extensions() {
        let drie = Some(Duur::parse("P3M").unwrap());
        let mut stappen = vec![GezetteStap {
            stap: Stap::Ingang,
            datum: d(2026, 6, 1),
            duur: drie,
        }];
        assert_eq!(einde_sluiting(&stappen), Some(d(2026, 8, 31)));
        stappen.push(GezetteStap {
            stap: Stap::Verlenging,
            datum: d(2026, 8, 20),
            duur: drie,
        });
        assert_eq!(einde_sluiting(&stappen), Some(d(2026, 11, 30)));
        assert_eq!(einde_sluiting(&[stap(Stap::Ingang, d(2026, 6, 1))]), None);
    }
}
