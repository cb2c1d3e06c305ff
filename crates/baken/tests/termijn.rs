//! `baken termijn`: the deadline engine from outside, as a script reads it (last line).

use super::{baken, ok};

fn last_line(out: &str) -> &str {
    out.lines().last().unwrap_or_default()
}

#[test]
fn termijn_bezwaar_prints_the_last_day_on_its_last_line() {
    // A decision made known on Friday 13 November 2026: six weeks is eerste Kerstdag (Friday);
    // tweede Kerstdag and Sunday follow, so the term runs to Monday 28 December.
    let out = ok(
        &["termijn", "bezwaar", "--bekendmaking", "2026-11-13"],
        None,
    );
    assert_eq!(last_line(&out), "2026-12-28", "{out}");
    assert!(out.contains("eerste Kerstdag"), "{out}");
    assert!(out.contains("maandag 28 december 2026"), "{out}");

    // On Goede Vrijdag: the term starts the next day and ends on the Friday after Hemelvaartsdag,
    // with a warning, or later when that day is listed as decreed (flag or configuration).
    let out = ok(
        &["termijn", "bezwaar", "--bekendmaking", "2026-04-03"],
        None,
    );
    assert_eq!(last_line(&out), "2026-05-15", "{out}");
    assert!(out.contains("koninklijk besluit"), "{out}");
    let out = ok(
        &[
            "termijn",
            "bezwaar",
            "--bekendmaking",
            "2026-04-03",
            "--gelijkgesteld",
            "2026-05-15",
        ],
        None,
    );
    assert_eq!(last_line(&out), "2026-05-18", "{out}");

    let out = ok(
        &[
            "termijn",
            "beslissing-op-bezwaar",
            "--einde-bezwaartermijn",
            "2027-01-12",
            "--adviescommissie",
        ],
        None,
    );
    assert_eq!(last_line(&out), "2027-04-06", "{out}");
    let out = ok(
        &["termijn", "bibob", "--aanvraag", "2026-03-16", "--verlengd"],
        None,
    );
    assert_eq!(last_line(&out), "2026-06-08", "{out}");
}

#[test]
fn termijn_refuses_a_date_that_is_not_one() {
    for bad in ["2026-13-01", "13-11-2026", "", "1800-01-01"] {
        let out = baken(&["termijn", "bezwaar", "--bekendmaking", bad], None);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--bekendmaking"), "{bad}: {err}");
        assert!(out.stdout.is_empty(), "{bad}");
    }
}

#[test]
fn termijn_feestdagen_computes_any_year() {
    let out = ok(&["termijn", "feestdagen", "--jaar", "2038"], None);
    // Easter 2038 is on 25 April, the latest possible: tweede Paasdag 26 April, Hemelvaartsdag
    // 3 June, tweede Pinksterdag 14 June.
    for day in [
        "2038-04-23",
        "2038-04-26",
        "2038-06-03",
        "2038-06-14",
        "2038-04-27",
    ] {
        assert!(out.contains(day), "{day}: {out}");
    }
}
