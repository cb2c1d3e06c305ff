use super::*;
use proptest::prelude::*;

#[test]
fn the_model_runs_from_creation_to_closure_and_never_reopens() {
    use CasusStatus::*;
    assert!(Aangemaakt.may_become(PlanVanAanpak));
    assert!(PlanVanAanpak.may_become(InUitvoering));
    assert!(InUitvoering.may_become(Nazorg));
    assert!(Nazorg.may_become(InUitvoering));
    assert!(Nazorg.may_become(Afgesloten));
    assert!(
        !Aangemaakt.may_become(InUitvoering),
        "2B needs a plan first"
    );
    assert!(!Aangemaakt.may_become(Nazorg));
    for s in CasusStatus::ALL {
        assert!(!Afgesloten.may_become(*s), "a closed case stays closed");
        assert!(!s.may_become(*s), "{s} to itself");
        if !s.is_closed() {
            assert!(s.may_become(Afgesloten), "{s} can be closed");
        }
    }
}

#[test]
fn name_lists_are_cleaned_and_bounded() {
    assert_eq!(
        namenlijst(&[
            " OOV ".into(),
            "".into(),
            "oov".into(),
            "Juridische zaken".into()
        ]),
        Ok(vec!["OOV".to_string(), "Juridische zaken".to_string()])
    );
    assert!(namenlijst(&["a\nb".into()]).is_err());
    assert!(namenlijst(&["x".repeat(MAX_NAAM + 1)]).is_err());
    let many: Vec<String> = (0..=MAX_BETROKKEN)
        .map(|i| format!("Afdeling {i}"))
        .collect();
    assert!(namenlijst(&many).is_err());
    assert_eq!(casusnummer(2026, 7), "C-2026-0007");
}

proptest! {
    /// Following allowed transitions from creation, whatever the path, a case can always still be
    /// closed until it is, and then nothing follows.
    #[test]
    fn every_path_can_end_in_closure(steps in proptest::collection::vec(0usize..5, 0..30)) {
        let mut s = CasusStatus::Aangemaakt;
        for i in steps {
            let next = CasusStatus::ALL[i];
            if s.may_become(next) {
                s = next;
            }
            prop_assert!(s.is_closed() || s.may_become(CasusStatus::Afgesloten));
        }
    }

    #[test]
    fn statuses_round_trip(i in 0usize..5) {
        let s = CasusStatus::ALL[i];
        prop_assert_eq!(CasusStatus::parse(s.as_str()), Ok(s));
    }
}
