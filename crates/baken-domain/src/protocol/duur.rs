//! ISO 8601 calendar durations, as the protocol writes validity and retention periods.

use time::Date;

/// A calendar duration of ISO 8601 (`P1Y6M`, `P3M`, `P2W`, `P30D`); no time part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duur {
    pub jaren: u32,
    pub maanden: u32,
    pub dagen: u32,
}

impl Duur {
    pub fn parse(input: &str) -> Result<Duur, String> {
        let bad = || format!("'{input}' is geen ISO 8601-duur zoals P1Y, P6M, P2W of P30D.");
        let rest = input.trim().strip_prefix('P').ok_or_else(bad)?;
        if rest.is_empty() {
            return Err(bad());
        }
        let mut duur = Duur {
            jaren: 0,
            maanden: 0,
            dagen: 0,
        };
        let mut number = String::new();
        let mut last_unit = 0;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let order = match c {
                'Y' => 1,
                'M' => 2,
                'W' => 3,
                'D' => 4,
                _ => return Err(bad()),
            };
            if number.is_empty() || order <= last_unit {
                return Err(bad());
            }
            let n: u32 = number.parse().map_err(|_| bad())?;
            if n > 1200 {
                return Err(bad());
            }
            match c {
                'Y' => duur.jaren = n,
                'M' => duur.maanden = n,
                'W' => duur.dagen += 7 * n,
                _ => duur.dagen += n,
            }
            number.clear();
            last_unit = order;
        }
        if !number.is_empty() {
            return Err(bad());
        }
        Ok(duur)
    }

    /// In words: `1 jaar`, `3 maanden`, `1 jaar en 6 maanden`, `14 dagen`.
    pub fn omschrijving(self) -> String {
        let part = |n: u32, one: &str, more: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {more}")),
        };
        let parts: Vec<String> = [
            part(self.jaren, "jaar", "jaar"),
            part(self.maanden, "maand", "maanden"),
            part(self.dagen, "dag", "dagen"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            "direct".into()
        } else {
            parts.join(" en ")
        }
    }

    /// The day this duration after `start` (a month end is kept within the month: 31 January plus
    /// one month is 28 or 29 February).
    pub fn na(self, start: Date) -> Date {
        let months = start.year() as i64 * 12
            + (start.month() as i64 - 1)
            + self.jaren as i64 * 12
            + self.maanden as i64;
        let year = months.div_euclid(12) as i32;
        let month = time::Month::try_from((months.rem_euclid(12) + 1) as u8).expect("1..=12");
        let day = start.day().min(month.length(year));
        let shifted = Date::from_calendar_date(year, month, day).expect("valid day");
        shifted + time::Duration::days(self.dagen as i64)
    }
}
