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

/// `2 december 2026`: a date as a letter writes it.
pub fn format_date_long_nl(date: Date) -> String {
    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!(
        "{} {} {}",
        date.day(),
        MAANDEN[usize::from(u8::from(date.month())) - 1],
        date.year()
    )
}

/// `vrijdag 15 mei 2026`: a date with its weekday, as a deadline is told.
pub fn format_date_weekday_nl(date: Date) -> String {
    const DAGEN: [&str; 7] = [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ];
    format!(
        "{} {}",
        DAGEN[usize::from(date.weekday().number_days_from_monday())],
        format_date_long_nl(date)
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

/// The first and last year a date may have in Baken: earlier or later is a typing error, not a
/// signal (`-0001-01-01` and `0001-01-01` were accepted before).
pub const EERSTE_JAAR: i32 = 1900;
pub const LAATSTE_JAAR: i32 = 2100;

/// Serde for a date as an ISO 8601 string (`1977-07-07`), as the API and the stored JSON carry it.
/// Reading also accepts the `[year, day of year]` pair that earlier versions stored.
pub mod iso_date {
    use serde::{Deserializer, Serializer, de};
    use time::Date;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        time::macros::format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        let text = date.format(FORMAT).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }

    pub(super) struct DateVisitor;

    impl<'de> de::Visitor<'de> for DateVisitor {
        type Value = Date;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date as YYYY-MM-DD")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
            Date::parse(v, FORMAT).map_err(E::custom)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Date, A::Error> {
            let year: i32 = seq
                .next_element()?
                .ok_or_else(|| de::Error::custom("year missing"))?;
            let ordinal: u16 = seq
                .next_element()?
                .ok_or_else(|| de::Error::custom("day of year missing"))?;
            Date::from_ordinal_date(year, ordinal).map_err(de::Error::custom)
        }
    }
}

/// [`iso_date`] for a list of dates (`["2026-05-15", "2027-05-07"]`), as configuration holds them.
pub mod iso_dates {
    use serde::{Deserialize, Deserializer, Serializer, de, ser::SerializeSeq};
    use time::Date;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        time::macros::format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(dates: &[Date], serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(dates.len()))?;
        for d in dates {
            seq.serialize_element(&d.format(FORMAT).map_err(serde::ser::Error::custom)?)?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Date>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|s| {
                Date::parse(s.trim(), FORMAT)
                    .map_err(|_| de::Error::custom(format!("'{s}' is geen datum als JJJJ-MM-DD")))
            })
            .collect()
    }
}

/// [`iso_date`] for an optional date.
pub mod iso_date_opt {
    use serde::{Deserializer, Serializer, de};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => super::iso_date::serialize(d, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Date>, D::Error> {
        struct OptVisitor;
        impl<'de> de::Visitor<'de> for OptVisitor {
            type Value = Option<Date>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date as YYYY-MM-DD, or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<Date>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<Date>, E> {
                Ok(None)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Option<Date>, D2::Error> {
                super::iso_date::deserialize(d).map(Some)
            }
        }
        deserializer.deserialize_option(OptVisitor)
    }
}

#[cfg(test)]
mod iso_tests {
    use time::macros::date;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(with = "super::iso_date")]
        d: time::Date,
        #[serde(default, with = "super::iso_date_opt")]
        o: Option<time::Date>,
    }

    #[test]
    fn dates_are_iso_strings_and_old_pairs_still_read() {
        let h = Holder {
            d: date!(1977 - 07 - 07),
            o: Some(date!(2026 - 12 - 01)),
        };
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, r#"{"d":"1977-07-07","o":"2026-12-01"}"#);
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), h);
        let old: Holder = serde_json::from_str(r#"{"d":[1977,188],"o":null}"#).unwrap();
        assert_eq!(old.d, date!(1977 - 07 - 07));
        assert_eq!(old.o, None);
    }
}
