use super::*;
use proptest::prelude::*;
use time::{Month, Weekday};

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::from_calendar_date(y, Month::try_from(m).unwrap(), day).unwrap()
}

#[test]
fn objection_term_after_a_publication_on_the_friday_before_easter() {
    // Goede Vrijdag 3 April 2026 is itself a holiday, but the term still begins the next day
    // (Saturday); six weeks later is Friday 15 May, the day after Hemelvaartsdag: not a holiday of
    // the law, so the term ends then unless the municipality listed the decreed day.
    let t = bezwaartermijn(d(2026, 4, 3), &[]);
    assert_eq!(t.aanvang, d(2026, 4, 4));
    assert_eq!(t.gewone_einddatum, d(2026, 5, 15));
    assert_eq!(t.einddatum, d(2026, 5, 15));
    assert!(waarschuwing(&t, &[]).unwrap().contains("15 mei 2026"));

    let listed = [d(2026, 5, 15)];
    let t = bezwaartermijn(d(2026, 4, 3), &listed);
    assert_eq!(t.einddatum, d(2026, 5, 18), "{:?}", t.toelichting);
    assert!(waarschuwing(&t, &listed).is_none());
    assert!(
        t.toelichting
            .iter()
            .any(|s| s.contains("koninklijk besluit"))
    );
}

#[test]
fn a_term_that_ends_on_a_saturday_runs_to_monday() {
    let t = bezwaartermijn(d(2026, 6, 6), &[]);
    assert_eq!(t.gewone_einddatum, d(2026, 7, 18));
    assert_eq!(t.gewone_einddatum.weekday(), Weekday::Saturday);
    assert_eq!(t.einddatum, d(2026, 7, 20));
    assert_eq!(t.toelichting.len(), 3, "{:?}", t.toelichting);
}

#[test]
fn a_term_that_ends_on_a_public_holiday_runs_past_it() {
    // Eerste Kerstdag (Friday), tweede Kerstdag, Sunday: to Monday 28 December.
    let t = bezwaartermijn(d(2026, 11, 13), &[]);
    assert_eq!(t.gewone_einddatum, d(2026, 12, 25));
    assert_eq!(t.einddatum, d(2026, 12, 28));
    assert!(t.toelichting.iter().any(|s| s.contains("eerste Kerstdag")));
    // Tweede Paasdag 2027 (Monday 29 March): to Tuesday.
    let t = beroepstermijn(d(2027, 2, 15), &[]);
    assert_eq!(t.einddatum, d(2027, 3, 30));
    // Koningsdag on Monday 27 April 2026.
    let t = bezwaartermijn(d(2026, 3, 16), &[]);
    assert_eq!(t.gewone_einddatum, d(2026, 4, 27));
    assert_eq!(t.einddatum, d(2026, 4, 28));
}

#[test]
fn a_term_on_a_working_day_is_left_alone() {
    let t = bezwaartermijn(d(2026, 12, 1), &[]);
    assert_eq!(t.einddatum, d(2027, 1, 12));
    assert_eq!(t.einddatum, t.gewone_einddatum);
    assert_eq!(t.toelichting.len(), 1);
}

#[test]
fn decision_on_objection_counts_from_the_end_of_the_objection_term() {
    let bezwaar = bezwaartermijn(d(2026, 12, 1), &[]);
    let zonder = beslistermijn_bezwaar(bezwaar.einddatum, false, false, &[]);
    assert_eq!(zonder.einddatum, d(2027, 2, 23));
    let met = beslistermijn_bezwaar(bezwaar.einddatum, true, false, &[]);
    assert_eq!(met.einddatum, d(2027, 4, 6));
    let verdaagd = beslistermijn_bezwaar(bezwaar.einddatum, true, true, &[]);
    assert_eq!(verdaagd.einddatum, d(2027, 5, 18));
}

#[test]
fn bibob_advice_suspends_the_decision_term() {
    // A permit applied for on 2 March 2026 with a decision term of eight weeks: plain end Monday
    // 27 April (Koningsdag). The advice was asked on 16 March and came on 4 May: 49 days.
    let aanvang = d(2026, 3, 3);
    let gewoon = d(2026, 4, 27);
    let t = beslistermijn_met_bibob(
        aanvang,
        gewoon,
        d(2026, 3, 16),
        Some(d(2026, 5, 4)),
        false,
        &[],
    );
    assert_eq!(t.einddatum, d(2026, 6, 15), "{:?}", t.toelichting);
    assert!(t.toelichting.iter().any(|s| s.contains("49 dagen")));
    // No advice yet: the longest suspension (eight weeks) is counted.
    let t = beslistermijn_met_bibob(aanvang, gewoon, d(2026, 3, 16), None, false, &[]);
    assert_eq!(t.einddatum, d(2026, 6, 22));
    // Extended by four weeks, and an advice after 100 days: capped at twelve weeks.
    let t = beslistermijn_met_bibob(
        aanvang,
        gewoon,
        d(2026, 3, 16),
        Some(d(2026, 6, 24)),
        true,
        &[],
    );
    assert_eq!(t.einddatum, d(2026, 7, 20));
    // The bureau's own term: eight weeks, or twelve when extended.
    assert_eq!(
        bibob_adviestermijn(d(2026, 3, 16), false, &[]).einddatum,
        d(2026, 5, 11)
    );
    assert_eq!(
        bibob_adviestermijn(d(2026, 3, 16), true, &[]).einddatum,
        d(2026, 6, 8)
    );
}

#[test]
fn a_short_term_holds_two_working_days() {
    // Three days from Wednesday 23 December 2026: Thursday 24, Friday 25 (Kerst), Saturday 26
    // (tweede Kerstdag): to Monday 28 by art. 1, which holds two working days (24 and 28).
    let drie = Duur {
        jaren: 0,
        maanden: 0,
        dagen: 3,
    };
    let t = wettelijke_termijn(d(2026, 12, 23), drie, &[], "Test");
    assert_eq!(t.einddatum, d(2026, 12, 28));
    // Three days from Wednesday 1 April 2026: Thursday 2, Goede Vrijdag 3, Saturday 4 → Sunday,
    // tweede Paasdag → Tuesday 7: 2 and 7 are working days.
    let t = wettelijke_termijn(d(2026, 4, 1), drie, &[], "Test");
    assert_eq!(t.einddatum, d(2026, 4, 7));
    // Three days from Thursday 2 April: Friday 3 (Goede Vrijdag), Saturday, Sunday; art. 1 gives
    // Tuesday 7 (after tweede Paasdag), the only working day in it; art. 2 adds Wednesday 8.
    let t = wettelijke_termijn(d(2026, 4, 2), drie, &[], "Test");
    assert_eq!(t.einddatum, d(2026, 4, 8), "{:?}", t.toelichting);
    assert!(t.toelichting.iter().any(|s| s.contains("artikel 2")));
}

#[test]
fn a_term_the_municipality_sets_ends_on_a_working_day_and_says_why() {
    let twee_weken = Duur::parse("P2W").unwrap();
    // A view requested on Friday 11 December 2026: two weeks is Friday 25 December.
    let t = eigen_termijn(d(2026, 12, 11), twee_weken, "Zienswijzetermijn", &[]);
    assert_eq!(t.einddatum, d(2026, 12, 28));
    assert!(
        t.toelichting
            .last()
            .unwrap()
            .contains("Geen wettelijke termijn")
    );
    let t = eigen_termijn(
        d(2026, 12, 1),
        Duur::parse("P6M").unwrap(),
        "Monitoring",
        &[],
    );
    assert_eq!(t.einddatum, d(2027, 6, 1));
}

fn any_date() -> impl Strategy<Value = Date> {
    (1900i32..2200, 1u16..=365).prop_map(|(y, n)| Date::from_ordinal_date(y, n).unwrap())
}

fn gelijkgesteld_rond(datum: Date, offsets: Vec<i64>) -> Vec<Date> {
    offsets
        .into_iter()
        .map(|o| datum + Duration::days(o))
        .collect()
}

fn werkdagen(van: Date, tot: Date, gelijkgesteld: &[Date]) -> usize {
    let mut n = 0;
    let mut day = van;
    while day <= tot {
        if vrij(day, gelijkgesteld).is_none() {
            n += 1;
        }
        day += Duration::days(1);
    }
    n
}

proptest! {
    #[test]
    fn an_objection_term_never_ends_on_a_free_day_and_never_early(
        bekendmaking in any_date(),
        offsets in proptest::collection::vec(30i64..50, 0..4),
    ) {
        let gelijkgesteld = gelijkgesteld_rond(bekendmaking, offsets);
        let t = bezwaartermijn(bekendmaking, &gelijkgesteld);
        prop_assert!(vrij(t.einddatum, &gelijkgesteld).is_none(), "{:?}", t);
        prop_assert!(t.einddatum.weekday() != Weekday::Saturday && t.einddatum.weekday() != Weekday::Sunday);
        prop_assert!(feestdag(t.einddatum).is_none());
        prop_assert!(t.einddatum >= t.gewone_einddatum);
        prop_assert_eq!(t.gewone_einddatum, bekendmaking + Duration::days(42));
        prop_assert_eq!(t.aanvang, bekendmaking + Duration::days(1));
        // Every day passed over is a free day: the term is not extended further than the law says.
        let mut day = t.gewone_einddatum;
        while day < t.einddatum {
            prop_assert!(vrij(day, &gelijkgesteld).is_some(), "{} in {:?}", day, t);
            day += Duration::days(1);
        }
        if gelijkgesteld.is_empty() {
            // The longest run of free days under the law alone: Goede Vrijdag to tweede Paasdag.
            prop_assert!(t.einddatum - t.gewone_einddatum <= Duration::days(4));
        }
    }

    #[test]
    fn any_statutory_term_ends_on_a_working_day_and_holds_two(
        gebeurtenis in any_date(),
        dagen in 0u32..120,
        maanden in 0u32..13,
        offsets in proptest::collection::vec(0i64..200, 0..6),
    ) {
        let gelijkgesteld = gelijkgesteld_rond(gebeurtenis, offsets);
        let duur = Duur { jaren: 0, maanden, dagen };
        let t = wettelijke_termijn(gebeurtenis, duur, &gelijkgesteld, "Test");
        prop_assert!(vrij(t.einddatum, &gelijkgesteld).is_none(), "{:?}", t);
        prop_assert!(t.einddatum >= t.gewone_einddatum);
        if (t.gewone_einddatum - t.aanvang).whole_days() + 1 >= 3 {
            prop_assert!(werkdagen(t.aanvang, t.einddatum, &gelijkgesteld) >= 2, "{:?}", t);
        }
    }

    #[test]
    fn a_suspended_bibob_term_is_never_shorter_than_the_suspension(
        aanvang in any_date(),
        lengte in 14i64..200,
        na in 0i64..60,
        advies in proptest::option::of(0i64..120),
        verlengd in any::<bool>(),
    ) {
        let gewoon = aanvang + Duration::days(lengte);
        let aanvraag = aanvang + Duration::days(na);
        let ontvangen = advies.map(|n| aanvraag + Duration::days(n));
        let t = beslistermijn_met_bibob(aanvang, gewoon, aanvraag, ontvangen, verlengd, &[]);
        let maximum = Duration::weeks(if verlengd { 12 } else { 8 });
        let opgeschort = ontvangen.map(|o| (o - aanvraag).min(maximum)).unwrap_or(maximum);
        prop_assert!(t.einddatum >= gewoon + opgeschort);
        prop_assert!(vrij(t.einddatum, &[]).is_none());
        prop_assert!(t.einddatum - (gewoon + opgeschort) <= Duration::days(4));
    }
}
