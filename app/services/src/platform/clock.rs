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

    /// Sets the clock to `ms`.
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
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

/// The moment `days` calendar days after `from_ms` at the same wall-clock time in Amsterdam
/// (so a deadline set in winter keeps its hour across the change to summer time). A wall
/// time that does not exist on the day (the hour skipped in spring) moves an hour later.
pub fn amendment_deadline(from_ms: i64, days: i64) -> i64 {
    use chrono::{Duration, TimeZone};
    let tz = chrono_tz::Europe::Amsterdam;
    let Some(start) = chrono::Utc.timestamp_millis_opt(from_ms).single() else { return from_ms + days * DAY_MS };
    let local = start.with_timezone(&tz).naive_local() + Duration::days(days);
    let resolved =
        tz.from_local_datetime(&local).earliest().or_else(|| tz.from_local_datetime(&(local + Duration::hours(1))).earliest());
    resolved.map(|t| t.timestamp_millis()).unwrap_or(from_ms + days * DAY_MS)
}

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
    fn a_deadline_keeps_its_wall_clock_hour_across_the_change_to_summer_time() {
        // Submitted Thursday 2026-03-26 10:00 CET (09:00 UTC); five days later is Tuesday
        // 2026-03-31 10:00 CEST (08:00 UTC): 5 days minus the hour the clocks went forward.
        let submitted = 1_774_515_600_000;
        assert_eq!(domain::time::format_local(submitted), "26-03-2026 10:00");
        let deadline = amendment_deadline(submitted, 5);
        assert_eq!(domain::time::format_local(deadline), "31-03-2026 10:00");
        assert_eq!(deadline - submitted, 5 * DAY_MS - HOUR_MS);
    }

    #[test]
    fn a_deadline_that_falls_in_the_skipped_hour_moves_an_hour_later() {
        // Submitted 2026-03-24 02:30 CET; 2026-03-29 02:30 does not exist in Amsterdam.
        let submitted = 1_774_315_800_000;
        assert_eq!(domain::time::format_local(submitted), "24-03-2026 02:30");
        assert_eq!(domain::time::format_local(amendment_deadline(submitted, 5)), "29-03-2026 03:30");
    }

    #[test]
    fn the_shared_local_time_rule_agrees_with_the_time_zone_database() {
        use chrono::{Offset, TimeZone};
        // Every hour across 2025-2028, including all DST switches.
        let mut ms = 1_735_689_600_000i64;
        while ms < 1_861_920_000_000 {
            let tz = chrono::Utc.timestamp_millis_opt(ms).single().unwrap().with_timezone(&chrono_tz::Europe::Amsterdam);
            let offset = i64::from(tz.offset().fix().local_minus_utc());
            assert_eq!(domain::time::amsterdam_offset_s(ms), offset, "at {ms}");
            ms += HOUR_MS;
        }
    }
}
