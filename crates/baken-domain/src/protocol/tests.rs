//! The engine's unit and property tests.

use super::*;
use crate::UserId;
use proptest::prelude::*;
use time::macros::date;

fn gm(code: &str) -> GemeenteCode {
    GemeenteCode::parse(code).unwrap()
}

fn actor(roles: Vec<Role>, gemeenten: &[&str]) -> Actor {
    Actor {
        user_id: UserId::new(),
        roles,
        gemeenten: gemeenten.iter().map(|g| gm(g)).collect(),
        bibob_clearance: false,
    }
}

#[test]
fn the_shipped_protocol_is_valid_and_complete() {
    let p = Protocol::ccv_model();
    assert_eq!(p.vastgesteld_op, date!(2026 - 01 - 01));
    for code in ["1", "2A", "2B"] {
        assert!(p.toets(code).is_some(), "privacy check {code}");
    }
    assert_eq!(
        p.bewaartermijn("signaal", SignaalStatus::GeenActie)
            .map(|r| (r.duur.as_str(), r.actie)),
        Some(("P1Y", BewaarActie::Vernietigen)),
        "CCV step 2: one year, then destroyed"
    );
    for status in SignaalStatus::ALL {
        assert!(
            p.document.fasen.iter().any(|f| f.status == *status),
            "phase {status} described"
        );
    }
    for klasse in Vertrouwelijkheid::ALL {
        assert!(
            p.document.klassen.iter().any(|k| k.klasse == *klasse),
            "class {klasse} described"
        );
    }
}

#[test]
fn every_reachable_outcome_has_a_retention_rule_and_every_phase_one_weighing() {
    let ccv = Protocol::ccv_model();
    for o in &ccv.document.overgangen {
        if o.naar.is_closed() {
            assert!(
                ccv.bewaartermijn("signaal", o.naar).is_some(),
                "{} has a retention rule",
                o.naar
            );
        }
    }
    assert_eq!(
        ccv.weging_vanuit(SignaalStatus::Weging)
            .map(|w| w.code.as_str()),
        Some("weging-3")
    );
    assert_eq!(ccv.weging_vanuit(SignaalStatus::Monitoren), None);
    // Without the rule for "naar-casus", and with two weighings asked from "weging".
    let rule = "[[bewaartermijnen]]\nsoort = \"signaal\"\nuitkomst = \"naar-casus\"\nstart = \"besluit\"\nduur = \"P5Y\"\nactie = \"anonimiseren\"\n";
    assert!(CCV_MODEL.contains(rule));
    let broken = CCV_MODEL.replace(rule, "").replace(
        "naar = \"monitoren\"\nweging = \"weging-3\"",
        "naar = \"monitoren\"\nweging = \"weging-4\"",
    );
    let errors = Protocol::parse(&broken).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("Uitkomst naar-casus: het protocol noemt geen bewaartermijn"));
    assert!(errors[1].contains("Vanuit weging: de overgangen vragen verschillende wegingen"));
}

#[test]
fn every_problem_of_a_document_is_named() {
    let broken = CCV_MODEL
        .replace(
            "vastgesteld_op = \"2026-01-01\"",
            "vastgesteld_op = \"1 januari\"",
        )
        .replace("geldigheid = \"P3M\"", "geldigheid = \"drie maanden\"")
        .replace(
            "van = \"monitoren\"\nnaar = \"weging\"",
            "van = \"geen-actie\"\nnaar = \"weging\"",
        )
        .replace(
            "verwerking = \"signaalregistratie\"\n\n[[bronnen]]\ncode = \"kvk\"",
            "verwerking = \"onbekend\"\n\n[[bronnen]]\ncode = \"kvk\"",
        );
    let errors = Protocol::parse(&broken).unwrap_err();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("vastgesteld_op")));
    assert!(
        errors
            .iter()
            .any(|e| e.contains("Privacytoets 1: geldigheid"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("Overgang geen-actie → weging"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("onbekende verwerking 'onbekend'"))
    );
    assert!(Protocol::parse("[protocol]\nnaam = 1").unwrap_err()[0].contains("geen geldig TOML"));
    let unknown_field = CCV_MODEL.replace("stap = 3\n", "stap = 3\nkleur = \"rood\"\n");
    assert!(
        Protocol::parse(&unknown_field).is_err(),
        "typos are not ignored"
    );
}

#[test]
fn durations() {
    assert_eq!(
        Duur::parse("P1Y").unwrap().na(date!(2025 - 03 - 14)),
        date!(2026 - 03 - 14)
    );
    assert_eq!(
        Duur::parse("P1M").unwrap().na(date!(2026 - 01 - 31)),
        date!(2026 - 02 - 28)
    );
    assert_eq!(
        Duur::parse("P1Y6M").unwrap().na(date!(2024 - 08 - 31)),
        date!(2026 - 02 - 28)
    );
    assert_eq!(
        Duur::parse("P2W").unwrap().na(date!(2026 - 12 - 25)),
        date!(2027 - 01 - 08)
    );
    for bad in [
        "", "P", "1Y", "PY", "P1D1Y", "P1H", "P1Y2", "PT1H", "P99999Y",
    ] {
        assert!(Duur::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn source_research_needs_privacy_check_1() {
    let p = Protocol::ccv_model();
    let team = actor(vec![Role::Teamlid], &["GM0534"]);
    let privacy = actor(vec![Role::Privacyfunctionaris], &["GM0534"]);
    let g = gm("GM0534");
    let today = date!(2026 - 11 - 29);
    let refused = p
        .transition(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Weging,
                besluiten: &[],
                vandaag: today,
            },
            SignaalStatus::Bronnenonderzoek,
            true,
        )
        .unwrap_err();
    assert!(!refused.niet_bevoegd);
    assert!(
        refused.melding().contains("privacytoets 1"),
        "{}",
        refused.melding()
    );

    let answers: Vec<(String, String)> = [
        "grondslag",
        "verenigbaarheid",
        "noodzaak",
        "proportionaliteit",
        "subsidiariteit",
    ]
    .iter()
    .map(|a| (a.to_string(), "Vastgelegd.".to_string()))
    .collect();
    assert!(
        p.approve_check(&team, &g, "1", &answers, &["brp".into()], today)
            .unwrap_err()
            .niet_bevoegd
    );
    let missing = p
        .approve_check(&privacy, &g, "1", &answers[..3], &["bag".into()], today)
        .unwrap_err();
    assert_eq!(missing.ontbreekt.len(), 3, "{missing:?}");
    let (_, until) = p
        .approve_check(&privacy, &g, "1", &answers, &["brp".into()], today)
        .unwrap();
    assert_eq!(until, date!(2027 - 02 - 28));
    let approved = vec![Toetsbesluit {
        toets: "1".into(),
        goedgekeurd: true,
        gemeente: g.clone(),
        geldig_tot: until,
        bronnen: vec!["brp".into()],
    }];
    assert!(
        p.transition(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Weging,
                besluiten: &approved,
                vandaag: today
            },
            SignaalStatus::Bronnenonderzoek,
            true
        )
        .is_ok()
    );
    assert!(
        p.transition(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Weging,
                besluiten: &approved,
                vandaag: until + time::Duration::days(1)
            },
            SignaalStatus::Bronnenonderzoek,
            true
        )
        .is_err(),
        "an approval expires"
    );
    let doel = "Vaststellen wie op het adres staat ingeschreven";
    assert!(
        p.consultation(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Bronnenonderzoek,
                besluiten: &approved,
                vandaag: today
            },
            "brp",
            doel
        )
        .is_ok()
    );
    let woz = p
        .consultation(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Bronnenonderzoek,
                besluiten: &approved,
                vandaag: today,
            },
            "woz",
            "Vaststellen van eigendom en gebruik van het object",
        )
        .unwrap_err();
    assert!(
        woz.melding()
            .contains("staat raadpleging van Waardering Onroerende Zaken (WOZ) niet toe"),
        "{}",
        woz.melding()
    );
    let too_early = p
        .consultation(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Weging,
                besluiten: &approved,
                vandaag: today,
            },
            "brp",
            doel,
        )
        .unwrap_err();
    assert!(
        too_early
            .melding()
            .contains("alleen worden geraadpleegd in de fase bronnenonderzoek")
    );
    let other = actor(vec![Role::Coordinator], &["GM0553"]);
    assert!(
        p.consultation(
            &other,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Bronnenonderzoek,
                besluiten: &approved,
                vandaag: today
            },
            "brp",
            doel
        )
        .unwrap_err()
        .niet_bevoegd
    );
}

#[test]
fn roles_and_motivation_per_transition() {
    let p = Protocol::ccv_model();
    let g = gm("GM0534");
    let today = date!(2026 - 11 - 29);
    let team = actor(vec![Role::Teamlid], &["GM0534"]);
    let coordinator = actor(vec![Role::Coordinator], &["GM0534"]);
    let riec = |a: &Actor, m: bool| {
        p.transition(
            a,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Weging,
                besluiten: &[],
                vandaag: today,
            },
            SignaalStatus::DoorgezetRiec,
            m,
        )
    };
    assert!(riec(&team, true).unwrap_err().niet_bevoegd);
    assert_eq!(
        riec(&coordinator, false).unwrap_err().ontbreekt,
        ["een motivering"]
    );
    assert!(riec(&coordinator, true).is_ok());
    assert!(
        p.transition(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Ontvangen,
                besluiten: &[],
                vandaag: today
            },
            SignaalStatus::Intake,
            false
        )
        .is_ok()
    );
    let skipped = p
        .transition(
            &team,
            Dossierstand {
                gemeente: &g,
                status: SignaalStatus::Ontvangen,
                besluiten: &[],
                vandaag: today,
            },
            SignaalStatus::GeenActie,
            true,
        )
        .unwrap_err();
    assert!(
        skipped
            .melding()
            .contains("toegestaan vanaf hier: intake, samengevoegd"),
        "{}",
        skipped.melding()
    );
}

/// An action in a generated sequence.
#[derive(Debug, Clone)]
enum Action {
    Move(usize, bool),
    Approve(usize, Vec<usize>, bool),
    Consult(usize, usize),
    Wait(u16),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..SignaalStatus::ALL.len(), any::<bool>()).prop_map(|(s, m)| Action::Move(s, m)),
        (
            0..3usize,
            prop::collection::vec(0..7usize, 0..4),
            any::<bool>()
        )
            .prop_map(|(t, b, full)| Action::Approve(t, b, full)),
        (0..7usize, 0..3usize).prop_map(|(b, d)| Action::Consult(b, d)),
        (0..120u16).prop_map(Action::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever sequence of actions is tried, everything the engine allows respects the
    /// protocol: source research only with a valid check 1, consultations only of permitted
    /// sources in permitted phases, and nothing at all across municipalities.
    #[test]
    fn no_sequence_of_allowed_actions_breaks_the_protocol(
        actions in prop::collection::vec(action(), 1..60),
        role in prop::sample::select(vec![Role::Teamlid, Role::Coordinator, Role::Privacyfunctionaris, Role::Analist]),
        elsewhere in any::<bool>(),
        start in 0..SignaalStatus::ALL.len(),
    ) {
        let p = Protocol::ccv_model();
        let g = gm("GM0534");
        let who = actor(vec![role, Role::Privacyfunctionaris], &[if elsewhere { "GM0553" } else { "GM0534" }]);
        let worker = actor(vec![role], &[if elsewhere { "GM0553" } else { "GM0534" }]);
        let sources = ["brp", "bag", "kvk", "woz", "brk", "vergunningen", "onbekend"];
        let checks = ["1", "2A", "2B"];
        let mut status = SignaalStatus::ALL[start];
        let mut besluiten: Vec<Toetsbesluit> = vec![];
        let mut today = date!(2026 - 01 - 01);
        for a in actions {
            match a {
                Action::Move(to, motivated) => {
                    // Mostly a step the model knows, sometimes any status at all.
                    let next: Vec<SignaalStatus> = SignaalStatus::ALL.iter().copied().filter(|s| status.may_become(*s)).collect();
                    let to = if to % 4 != 0 && !next.is_empty() { next[to % next.len()] } else { SignaalStatus::ALL[to] };
                    if p.transition(&worker, Dossierstand { gemeente: &g, status, besluiten: &besluiten, vandaag: today }, to, motivated).is_ok() {
                        prop_assert!(!elsewhere, "no decision crosses municipalities");
                        prop_assert!(status.may_become(to), "only transitions of the model");
                        if to == SignaalStatus::Bronnenonderzoek {
                            prop_assert!(besluiten.iter().any(|b| b.toets == "1" && b.goedgekeurd && today <= b.geldig_tot));
                        }
                        status = to;
                    }
                }
                Action::Approve(t, b, full) => {
                    let answers: Vec<(String, String)> = p.toets(checks[t]).unwrap().vastleggen.iter()
                        .enumerate()
                        .map(|(i, a)| (a.clone(), if full || i > 0 { "ja".into() } else { String::new() }))
                        .collect();
                    // Checks 2A and 2B permit no sources; mostly ask for none there.
                    let bronnen: Vec<String> = b.iter().filter(|_| t == 0 || b.len() == 3).map(|i| sources[*i].to_string()).collect();
                    if let Ok((_, until)) = p.approve_check(&who, &g, checks[t], &answers, &bronnen, today) {
                        prop_assert!(!elsewhere);
                        prop_assert!(full, "every aspect recorded");
                        prop_assert!(until >= today);
                        besluiten.push(Toetsbesluit { toets: checks[t].into(), goedgekeurd: true, gemeente: g.clone(), geldig_tot: until, bronnen });
                    }
                }
                Action::Consult(b, d) => {
                    let source = sources[b];
                    let doel = p.bron(source).and_then(|x| x.doelen.get(d)).cloned().unwrap_or_else(|| "iets anders".into());
                    if let Ok(allowed) = p.consultation(&worker, Dossierstand { gemeente: &g, status, besluiten: &besluiten, vandaag: today }, source, &doel) {
                        prop_assert!(!elsewhere);
                        prop_assert!(allowed.bron.fasen.contains(&status));
                        prop_assert!(allowed.bron.doelen.contains(&doel));
                        if let Some(code) = &allowed.bron.privacytoets {
                            prop_assert!(besluiten.iter().any(|x| &x.toets == code && today <= x.geldig_tot && x.bronnen.iter().any(|s| s == source)));
                        }
                    }
                }
                Action::Wait(days) => today += time::Duration::days(days as i64),
            }
        }
    }
}

fn approved(toets: &str, gemeente: &str, tot: Date) -> Toetsbesluit {
    Toetsbesluit {
        toets: toets.into(),
        goedgekeurd: true,
        gemeente: gm(gemeente),
        geldig_tot: tot,
        bronnen: vec![],
    }
}

#[test]
fn a_case_moves_on_only_with_the_privacy_checks_2a_and_2b() {
    use crate::casus::CasusStatus::*;
    let p = Protocol::ccv_model();
    let lid = actor(vec![Role::Teamlid], &["GM0553"]);
    let lisse = gm("GM0553");
    let today = date!(2026 - 12 - 02);
    let refused = p
        .casus_transition(&lid, &lisse, (Aangemaakt, PlanVanAanpak), false, &[], today)
        .unwrap_err();
    assert!(!refused.niet_bevoegd);
    assert!(
        refused.melding().contains("privacytoets 2a"),
        "{}",
        refused.melding()
    );
    // 2A of another municipality, or expired, does not count.
    for besluit in [
        approved("2A", "GM0534", date!(2027 - 01 - 01)),
        approved("2A", "GM0553", date!(2026 - 12 - 01)),
        approved("2B", "GM0553", date!(2027 - 01 - 01)),
    ] {
        assert!(
            p.casus_transition(
                &lid,
                &lisse,
                (Aangemaakt, PlanVanAanpak),
                false,
                &[besluit],
                today
            )
            .is_err()
        );
    }
    let twee_a = approved("2A", "GM0553", date!(2027 - 01 - 01));
    assert!(
        p.casus_transition(
            &lid,
            &lisse,
            (Aangemaakt, PlanVanAanpak),
            false,
            std::slice::from_ref(&twee_a),
            today
        )
        .is_ok()
    );
    let refused = p
        .casus_transition(
            &lid,
            &lisse,
            (PlanVanAanpak, InUitvoering),
            false,
            &[twee_a],
            today,
        )
        .unwrap_err();
    assert!(refused.melding().contains("privacytoets 2b"));
    // Closure needs a motivation; the model does not skip phases; another municipality is refused.
    let refused = p
        .casus_transition(&lid, &lisse, (InUitvoering, Afgesloten), false, &[], today)
        .unwrap_err();
    assert_eq!(refused.ontbreekt, vec!["een motivering".to_string()]);
    assert!(
        p.casus_transition(&lid, &lisse, (InUitvoering, Afgesloten), true, &[], today)
            .is_ok()
    );
    let refused = p
        .casus_transition(&lid, &lisse, (Aangemaakt, Nazorg), true, &[], today)
        .unwrap_err();
    assert!(
        refused
            .melding()
            .contains("toegestaan vanaf hier: plan van aanpak, afgesloten")
    );
    let hillegom = actor(vec![Role::Teamlid], &["GM0534"]);
    assert!(
        p.casus_transition(
            &hillegom,
            &lisse,
            (InUitvoering, Afgesloten),
            true,
            &[],
            today
        )
        .unwrap_err()
        .niet_bevoegd
    );
    assert_eq!(p.casus().nazorg, "P6M");
    assert!(p.casusfase(Nazorg).is_some());
}

#[test]
fn a_case_section_may_narrow_the_model_but_not_widen_it_and_is_optional() {
    let section_start = CCV_MODEL.find("\n[casus]").unwrap();
    // An older protocol without a [casus] section gets the model's case rules.
    let without = &CCV_MODEL[..section_start];
    let p = Protocol::parse(without).unwrap();
    assert!(p.document.casus.is_none());
    assert_eq!(
        p.casus().overgangen.len(),
        Protocol::ccv_model().casus().overgangen.len()
    );
    // Widening, an unknown check, a closure without motivation and an unclosable phase.
    let broken = CCV_MODEL
        .replace(
            "van = \"aangemaakt\"\nnaar = \"plan-van-aanpak\"\nprivacytoets = \"2A\"",
            "van = \"aangemaakt\"\nnaar = \"in-uitvoering\"\nprivacytoets = \"3\"",
        )
        .replace(
            "van = \"nazorg\"\nnaar = \"afgesloten\"\nmotivering = true",
            "van = \"nazorg\"\nnaar = \"afgesloten\"",
        )
        .replace("nazorg = \"P6M\"", "nazorg = \"zes maanden\"");
    let errors = Protocol::parse(&broken).unwrap_err();
    let all = errors.join("\n");
    assert!(all.contains("casus.nazorg"), "{all}");
    assert!(
        all.contains("Casusovergang aangemaakt → in-uitvoering: het model kent deze overgang niet"),
        "{all}"
    );
    assert!(all.contains("onbekende privacytoets '3'"), "{all}");
    assert!(
        all.contains("Casusovergang nazorg → afgesloten: afsluiten vraagt altijd een motivering"),
        "{all}"
    );
    // Without any closure from nazorg, that phase could never end.
    let unclosable = CCV_MODEL.replace(
        "[[casus.overgangen]]\nvan = \"nazorg\"\nnaar = \"afgesloten\"\nmotivering = true\n",
        "",
    );
    let errors = Protocol::parse(&unclosable).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("Casusfase nazorg: er is geen overgang naar afgesloten")),
        "{errors:#?}"
    );
}
