//! Fixed-window rate limits kept in memory, per key (a user, a token, a session, an address).
//!
//! Used for what must not be done in bulk: identifier look-ups (a BSN-probing channel otherwise)
//! and requests per credential. The windows are counted on the services' clock, so tests can move
//! it. One process holds its own counts; behind several instances each limit holds per instance.

use std::collections::HashMap;
use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// Counts per key in windows of `window`; at most `max` per window.
#[derive(Debug)]
pub struct RateLimiter {
    max: u32,
    window: Duration,
    slots: Mutex<HashMap<String, (OffsetDateTime, u32)>>,
}

/// Above this many keys, expired windows are dropped before a new key is added.
const PRUNE_ABOVE: usize = 10_000;

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one use of `key` at `now`. `Err(until)` when the key has used its window up: the
    /// moment the next window starts.
    pub fn check(&self, key: &str, now: OffsetDateTime) -> Result<(), OffsetDateTime> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if slots.len() > PRUNE_ABOVE && !slots.contains_key(key) {
            let window = self.window;
            slots.retain(|_, (start, _)| *start + window > now);
        }
        let slot = slots.entry(key.to_string()).or_insert((now, 0));
        if slot.0 + self.window <= now {
            *slot = (now, 0);
        }
        if slot.1 >= self.max {
            return Err(slot.0 + self.window);
        }
        slot.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit_until_the_next_window() {
        let limiter = RateLimiter::new(3, Duration::minutes(1));
        let t0 = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        for _ in 0..3 {
            assert!(limiter.check("a", t0).is_ok());
        }
        assert_eq!(limiter.check("a", t0), Err(t0 + Duration::minutes(1)));
        assert!(
            limiter.check("b", t0).is_ok(),
            "other keys have their own count"
        );
        assert!(limiter.check("a", t0 + Duration::seconds(61)).is_ok());
    }

    #[test]
    fn many_keys_are_pruned_when_expired() {
        let limiter = RateLimiter::new(1, Duration::seconds(1));
        let t0 = OffsetDateTime::UNIX_EPOCH;
        for i in 0..=PRUNE_ABOVE {
            limiter.check(&i.to_string(), t0).unwrap();
        }
        limiter
            .check("new", t0 + Duration::seconds(2))
            .expect("fresh key");
        assert_eq!(limiter.slots.lock().unwrap().len(), 1);
    }
}
