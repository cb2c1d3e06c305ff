//! The services' notion of now. Tests move it forward to see sessions expire without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use time::{Duration, OffsetDateTime};

#[derive(Clone, Default)]
pub struct Clock {
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// Now in UTC, in whole microseconds (what both databases keep).
    pub fn now(&self) -> OffsetDateTime {
        let t = OffsetDateTime::now_utc()
            + Duration::microseconds(self.offset_micros.load(Ordering::Relaxed));
        t.replace_nanosecond(t.nanosecond() / 1000 * 1000)
            .expect("valid nanosecond")
    }

    /// Moves this clock (and its clones) forward; for tests.
    pub fn advance(&self, by: Duration) {
        self.offset_micros
            .fetch_add(by.whole_microseconds() as i64, Ordering::Relaxed);
    }
}
