//! The days on which a statutory term does not end: Saturday, Sunday and the generally recognised
//! public holidays of the Algemene termijnenwet (Atw), computed for any year.
//!
//! Atw art. 3 lid 1 names Nieuwjaarsdag, the Christian second Easter and Whit days (tweede Paas- en
//! Pinksterdag), both Christmas days, Hemelvaartsdag, the day the King's birthday is celebrated
//! (Koningsdag) and the fifth of May; lid 2 puts Goede Vrijdag on a par with them. Lid 3 lets the
//! Crown add days by royal decree (the "gelijkgestelde dagen", decided three years at a time and
//! published in the Staatscourant). Those are decisions, not rules, so they are not computed here as
//! holidays: a municipality lists the decreed days in its configuration, and
//! [`vermoedelijk_gelijkgesteld`] only names the days the decrees have so far always chosen, to warn.

use time::{Date, Duration, Month, Weekday};

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm of Meeus, Jones and Butcher).
pub fn pasen(jaar: i32) -> Date {
    let a = jaar.rem_euclid(19);
    let b = jaar.div_euclid(100);
    let c = jaar.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 {
        Month::March
    } else {
        Month::April
    };
    Date::from_calendar_date(jaar, month, day as u8).expect("Easter is a valid day")
}

/// A public holiday of the Atw, with its name as people say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feestdag {
    pub datum: Date,
    pub naam: &'static str,
}

fn day(jaar: i32, month: Month, d: u8) -> Date {
    Date::from_calendar_date(jaar, month, d).expect("a fixed holiday is a valid day")
}

/// Koningsdag: 27 April, or 26 April when the 27th is a Sunday (Wet viering Koningsdag, since
/// 2014); before 2014 Koninginnedag on 30 April, or 29 April when that was a Sunday.
fn koningsdag(jaar: i32) -> Date {
    let d = if jaar >= 2014 {
        day(jaar, Month::April, 27)
    } else {
        day(jaar, Month::April, 30)
    };
    if d.weekday() == Weekday::Sunday {
        d - Duration::days(1)
    } else {
        d
    }
}

/// The holidays of Atw art. 3 lid 1 and 2 in a year, in calendar order.
pub fn feestdagen(jaar: i32) -> Vec<Feestdag> {
    let pasen = pasen(jaar);
    let mut dagen = vec![
        Feestdag {
            datum: day(jaar, Month::January, 1),
            naam: "Nieuwjaarsdag",
        },
        Feestdag {
            datum: pasen - Duration::days(2),
            naam: "Goede Vrijdag",
        },
        Feestdag {
            datum: pasen + Duration::days(1),
            naam: "tweede Paasdag",
        },
        Feestdag {
            datum: koningsdag(jaar),
            naam: "Koningsdag",
        },
        Feestdag {
            datum: day(jaar, Month::May, 5),
            naam: "5 mei",
        },
        Feestdag {
            datum: pasen + Duration::days(39),
            naam: "Hemelvaartsdag",
        },
        Feestdag {
            datum: pasen + Duration::days(50),
            naam: "tweede Pinksterdag",
        },
        Feestdag {
            datum: day(jaar, Month::December, 25),
            naam: "eerste Kerstdag",
        },
        Feestdag {
            datum: day(jaar, Month::December, 26),
            naam: "tweede Kerstdag",
        },
    ];
    dagen.sort_by_key(|f| f.datum);
    dagen
}

/// The holiday of the Atw on this day, if it is one.
pub fn feestdag(datum: Date) -> Option<Feestdag> {
    feestdagen(datum.year())
        .into_iter()
        .find(|f| f.datum == datum)
}

/// Why a term cannot end on this day, if it cannot: a weekend day, a holiday of the law, or a day
/// the municipality listed as put on a par by royal decree.
pub fn vrij(datum: Date, gelijkgesteld: &[Date]) -> Option<String> {
    if let Some(f) = feestdag(datum) {
        return Some(format!(
            "{}, een feestdag van de Algemene termijnenwet",
            f.naam
        ));
    }
    match datum.weekday() {
        Weekday::Saturday => return Some("een zaterdag".into()),
        Weekday::Sunday => return Some("een zondag".into()),
        _ => {}
    }
    if gelijkgesteld.contains(&datum) {
        return Some("bij koninklijk besluit gelijkgesteld met een feestdag".into());
    }
    None
}

/// The days the royal decrees under Atw art. 3 lid 3 have so far always put on a par with a
/// holiday: the Friday after Hemelvaartsdag; the Monday before Nieuwjaarsdag, Koningsdag, 5 mei and
/// eerste Kerstdag when these fall on a Tuesday; the Friday after Nieuwjaarsdag, Koningsdag, 5 mei
/// and tweede Kerstdag when these fall on a Thursday; and 6 May when Hemelvaartsdag is on 7 May.
/// Only a warning: whether a day is decreed is in the Staatscourant, not in a rule.
pub fn vermoedelijk_gelijkgesteld(jaar: i32) -> Vec<Date> {
    let hemelvaart = pasen(jaar) + Duration::days(39);
    let mut dagen = vec![hemelvaart + Duration::days(1)];
    if hemelvaart == day(jaar, Month::May, 7) {
        dagen.push(day(jaar, Month::May, 6));
    }
    let nieuwjaar_volgend = day(jaar + 1, Month::January, 1);
    for (d, before, after) in [
        (day(jaar, Month::January, 1), false, true),
        (koningsdag(jaar), true, true),
        (day(jaar, Month::May, 5), true, true),
        (day(jaar, Month::December, 25), true, false),
        (day(jaar, Month::December, 26), false, true),
        (nieuwjaar_volgend, true, false),
    ] {
        if before && d.weekday() == Weekday::Tuesday {
            dagen.push(d - Duration::days(1));
        }
        if after && d.weekday() == Weekday::Thursday {
            dagen.push(d + Duration::days(1));
        }
    }
    dagen.retain(|d| d.year() == jaar);
    dagen.sort();
    dagen.dedup();
    dagen
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), day).unwrap()
    }

    #[test]
    fn easter_on_known_dates() {
        // Published Easter Sundays, including both extremes of the Gregorian range.
        for (y, m, day) in [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2008, 3, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(pasen(y), d(y, m, day), "{y}");
        }
    }

    #[test]
    fn the_holidays_of_2026() {
        let namen: Vec<(Date, &str)> = feestdagen(2026)
            .into_iter()
            .map(|f| (f.datum, f.naam))
            .collect();
        assert_eq!(
            namen,
            vec![
                (d(2026, 1, 1), "Nieuwjaarsdag"),
                (d(2026, 4, 3), "Goede Vrijdag"),
                (d(2026, 4, 6), "tweede Paasdag"),
                (d(2026, 4, 27), "Koningsdag"),
                (d(2026, 5, 5), "5 mei"),
                (d(2026, 5, 14), "Hemelvaartsdag"),
                (d(2026, 5, 25), "tweede Pinksterdag"),
                (d(2026, 12, 25), "eerste Kerstdag"),
                (d(2026, 12, 26), "tweede Kerstdag"),
            ]
        );
    }

    #[test]
    fn koningsdag_moves_to_saturday_when_the_27th_is_a_sunday() {
        assert_eq!(koningsdag(2025), d(2025, 4, 26));
        assert_eq!(koningsdag(2014), d(2014, 4, 26));
        assert_eq!(koningsdag(2026), d(2026, 4, 27));
        assert_eq!(koningsdag(2006), d(2006, 4, 29));
        assert_eq!(koningsdag(2013), d(2013, 4, 30));
    }

    #[test]
    fn decreed_days_follow_the_published_decrees_of_2017_to_2019() {
        // Besluit van 24 oktober 2016 (Stcrt.): 28 April and 26 May 2017, 11 May and 24 and
        // 31 December 2018, 31 May and 27 December 2019.
        assert_eq!(
            vermoedelijk_gelijkgesteld(2017),
            vec![d(2017, 4, 28), d(2017, 5, 26)]
        );
        assert_eq!(
            vermoedelijk_gelijkgesteld(2018),
            vec![d(2018, 5, 11), d(2018, 12, 24), d(2018, 12, 31)]
        );
        assert_eq!(
            vermoedelijk_gelijkgesteld(2019),
            vec![d(2019, 5, 31), d(2019, 12, 27)]
        );
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_22_march_and_25_april(jaar in 1583i32..4000) {
            let p = pasen(jaar);
            prop_assert_eq!(p.weekday(), Weekday::Sunday);
            prop_assert!(p >= d(jaar, 3, 22) && p <= d(jaar, 4, 25));
        }

        #[test]
        fn every_year_has_its_nine_holidays_on_weekdays_of_that_year(jaar in 1583i32..4000) {
            let dagen = feestdagen(jaar);
            prop_assert_eq!(dagen.len(), 9);
            prop_assert!(dagen.iter().all(|f| f.datum.year() == jaar));
            prop_assert!(dagen.windows(2).all(|w| w[0].datum <= w[1].datum));
            // Hemelvaartsdag can fall on 5 May (2005); no other two coincide.
            let mut datums: Vec<Date> = dagen.iter().map(|f| f.datum).collect();
            datums.dedup();
            prop_assert!(datums.len() >= 8);
        }
    }
}
