//! Dutch local time. The Netherlands follow the EU rule: UTC+2 from the last Sunday of March 01:00
//! UTC to the last Sunday of October 01:00 UTC, UTC+1 otherwise. Stored instants stay UTC; this is
//! only for showing them.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

fn last_sunday(year: i32, month: Month) -> Date {
    let mut day = Date::from_calendar_date(year, month, time::util::days_in_month(month, year))
        .expect("valid date");
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().expect("valid date");
    }
    day
}

/// The instant in Dutch local time.
pub fn nl_local(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(UtcOffset::UTC);
    let one = Time::from_hms(1, 0, 0).expect("valid time");
    let start = PrimitiveDateTime::new(last_sunday(utc.year(), Month::March), one).assume_utc();
    let end = PrimitiveDateTime::new(last_sunday(utc.year(), Month::October), one).assume_utc();
    let hours = if utc >= start && utc < end { 2 } else { 1 };
    utc.to_offset(UtcOffset::from_hms(hours, 0, 0).expect("valid offset"))
}

/// `28-11-2026 23:46`, in Dutch local time.
pub fn format_nl(at: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[day]-[month]-[year] [hour]:[minute]");
    nl_local(at).format(&f).unwrap_or_default()
}

/// `28-02-2027`.
pub fn format_date_nl(date: Date) -> String {
    format!(
        "{:02}-{:02}-{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// Today in the Netherlands.
pub fn today_nl(now: OffsetDateTime) -> Date {
    nl_local(now).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn summer_and_winter_time() {
        assert_eq!(
            format_nl(datetime!(2026-11-28 22:46 UTC)),
            "28-11-2026 23:46"
        );
        assert_eq!(
            format_nl(datetime!(2026-07-01 12:00 UTC)),
            "01-07-2026 14:00"
        );
        // 2026: summer time starts 29 March, ends 25 October, at 01:00 UTC.
        assert_eq!(
            nl_local(datetime!(2026-03-29 00:59 UTC))
                .offset()
                .whole_hours(),
            1
        );
        assert_eq!(
            nl_local(datetime!(2026-03-29 01:00 UTC))
                .offset()
                .whole_hours(),
            2
        );
        assert_eq!(
            nl_local(datetime!(2026-10-25 00:59 UTC))
                .offset()
                .whole_hours(),
            2
        );
        assert_eq!(
            nl_local(datetime!(2026-10-25 01:00 UTC))
                .offset()
                .whole_hours(),
            1
        );
    }
}
