//! Local time in the Netherlands, computed the same way on the server and in the browser
//! (so a hydrated page shows what the server rendered) without a time-zone database in
//! the WASM: the EU rule, summer time from the last Sunday of March to the last Sunday of
//! October, switching at 01:00 UTC.

const DAY_S: i64 = 86_400;

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's civil-from-days).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// (year, month, day) to days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day number of the last Sunday of a month with 31 days (March, October).
fn last_sunday(y: i64, m: i64) -> i64 {
    let last = days_from_civil(y, m, 31);
    // 1970-01-01 was a Thursday: weekday 0 = Sunday.
    let weekday = (last + 4).rem_euclid(7);
    last - weekday
}

/// The offset of Amsterdam from UTC at `ms`, in seconds (3600 in winter, 7200 in summer).
pub fn amsterdam_offset_s(ms: i64) -> i64 {
    let s = ms.div_euclid(1000);
    let (y, _, _) = civil_from_days(s.div_euclid(DAY_S));
    let start = last_sunday(y, 3) * DAY_S + 3600;
    let end = last_sunday(y, 10) * DAY_S + 3600;
    if s >= start && s < end {
        7200
    } else {
        3600
    }
}

/// UTC milliseconds as Amsterdam local time, "29-11-2026 14:05".
pub fn format_local(ms: i64) -> String {
    let s = ms.div_euclid(1000) + amsterdam_offset_s(ms);
    let (y, m, d) = civil_from_days(s.div_euclid(DAY_S));
    let rem = s.rem_euclid(DAY_S);
    format!("{d:02}-{m:02}-{y} {:02}:{:02}", rem / 3600, (rem % 3600) / 60)
}

/// The Amsterdam calendar date at `ms`, as `YYYY-MM-DD`.
pub fn local_date(ms: i64) -> String {
    let s = ms.div_euclid(1000) + amsterdam_offset_s(ms);
    let (y, m, d) = civil_from_days(s.div_euclid(DAY_S));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date `days` days after a `YYYY-MM-DD` date (`None` for an invalid date).
pub fn add_days(date: &str, days: i64) -> Option<String> {
    if !is_valid_date(date) {
        return None;
    }
    let y = date.get(0..4)?.parse().ok()?;
    let m = date.get(5..7)?.parse().ok()?;
    let d = date.get(8..10)?.parse().ok()?;
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Checks a `YYYY-MM-DD` date (a real calendar day).
pub fn is_valid_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<i64>(), d.parse::<i64>()) else { return false };
    if !(1..=12).contains(&m) || d < 1 {
        return false;
    }
    civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_and_winter_time_are_applied() {
        assert_eq!(format_local(1_782_907_200_000), "01-07-2026 14:00");
        assert_eq!(format_local(1_796_126_400_000), "01-12-2026 13:00");
    }

    #[test]
    fn the_switch_happens_at_one_oclock_utc_on_the_last_sunday() {
        // 2026-03-29 00:59:59 UTC is still winter time, 01:00:00 UTC is summer time.
        let switch = days_from_civil(2026, 3, 29) * DAY_S * 1000 + 3_600_000;
        assert_eq!(amsterdam_offset_s(switch - 1000), 3600);
        assert_eq!(amsterdam_offset_s(switch), 7200);
        // 2026-10-25 01:00 UTC back to winter time.
        let back = days_from_civil(2026, 10, 25) * DAY_S * 1000 + 3_600_000;
        assert_eq!(amsterdam_offset_s(back - 1000), 7200);
        assert_eq!(amsterdam_offset_s(back), 3600);
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(is_valid_date("2026-02-28"));
        assert!(is_valid_date("2028-02-29"));
        assert!(!is_valid_date("2026-02-29"));
        assert!(!is_valid_date("2026-13-01"));
        assert!(!is_valid_date("26-01-01"));
        assert!(!is_valid_date("2026-1-1"));
        assert_eq!(local_date(1_796_126_400_000), "2026-12-01");
        // 23:30 UTC on 31 December is already New Year in Amsterdam.
        assert_eq!(local_date(1_798_759_800_000), "2027-01-01");
    }

    #[test]
    fn days_are_added_across_months_and_leap_years() {
        assert_eq!(add_days("2028-07-01", 30).as_deref(), Some("2028-07-31"));
        assert_eq!(add_days("2028-02-28", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_days("2026-12-31", 1).as_deref(), Some("2027-01-01"));
        assert_eq!(add_days("2026-02-30", 1), None);
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-1000, 0, 1, 365, 20_000, 20_785, 60_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
