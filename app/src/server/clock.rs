//! Time comes from a clock the tests can move, never straight from the system.

use std::sync::atomic::{AtomicI64, Ordering};

/// The source of "now", in milliseconds since the Unix epoch (UTC).
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current time in UTC milliseconds.
    fn now_ms(&self) -> i64;
}

/// The real clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
}

/// A clock that stands still until a test moves it.
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock set to `ms`.
    pub fn at(ms: i64) -> ManualClock {
        ManualClock(AtomicI64::new(ms))
    }

    /// Moves the clock forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Milliseconds in a minute, for readable durations.
pub const MINUTE_MS: i64 = 60_000;
/// Milliseconds in an hour.
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
/// Milliseconds in a day.
pub const DAY_MS: i64 = 24 * HOUR_MS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let c = ManualClock::at(1_000);
        assert_eq!(c.now_ms(), 1_000);
        c.advance(DAY_MS);
        assert_eq!(c.now_ms(), 1_000 + DAY_MS);
    }

    #[test]
    fn the_shared_local_time_rule_agrees_with_the_time_zone_database() {
        use chrono::{Offset, TimeZone};
        // Every hour across 2025-2028, including all DST switches.
        let mut ms = 1_735_689_600_000i64;
        while ms < 1_861_920_000_000 {
            let tz = chrono::Utc.timestamp_millis_opt(ms).single().unwrap().with_timezone(&chrono_tz::Europe::Amsterdam);
            let offset = i64::from(tz.offset().fix().local_minus_utc());
            assert_eq!(crate::domain::time::amsterdam_offset_s(ms), offset, "at {ms}");
            ms += HOUR_MS;
        }
    }
}
