//! "Now" for the whole program, read in one place.
//!
//! Everything that stamps a movement, expires a hold, counts days of sales or names a backup
//! asks `now_ms()`. It is the system clock, unless the test hook `STOCKROOM_TEST_NOW` is set:
//! then the clock starts at that instant when the process first asks and runs on from there
//! (so the order of events inside one run stays real). Tests set it so that a demo shop and
//! the screens that show it read the same on any day; it is not meant for daily use.

use std::sync::OnceLock;
use std::time::Instant;

use crate::domain::Millis;

/// The test hook's variable: an RFC 3339 instant (`2026-03-02T10:00:00Z`) or a date
/// (`2026-03-02`, read as 12:00 UTC).
pub const TEST_NOW_ENV: &str = "STOCKROOM_TEST_NOW";

struct Pinned {
    start: Millis,
    at: Instant,
}

static PINNED: OnceLock<Option<Pinned>> = OnceLock::new();

/// Milliseconds since the Unix epoch, UTC.
pub fn now_ms() -> Millis {
    match PINNED.get_or_init(pinned_from_env) {
        Some(p) => {
            let run = i64::try_from(p.at.elapsed().as_millis()).unwrap_or(i64::MAX);
            p.start.saturating_add(run)
        }
        None => chrono::Utc::now().timestamp_millis(),
    }
}

fn pinned_from_env() -> Option<Pinned> {
    let raw = std::env::var(TEST_NOW_ENV).ok()?;
    let start = parse_instant(raw.trim())?;
    Some(Pinned {
        start,
        at: Instant::now(),
    })
}

/// An instant as a person writes it: RFC 3339, or a date alone (noon UTC that day).
/// Years outside 1970..=9999 are refused, so nothing later overflows a day count.
pub fn parse_instant(s: &str) -> Option<Millis> {
    let ms = if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        t.timestamp_millis()
    } else {
        let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        d.and_hms_opt(12, 0, 0)?.and_utc().timestamp_millis()
    };
    // 0 = 1970-01-01, 253_402_300_799_999 = 9999-12-31T23:59:59.999Z
    (0..=253_402_300_799_999).contains(&ms).then_some(ms)
}

/// The first instant of a day in the user's time zone (the first hour that exists, on a day
/// whose midnight a clock change skips).
pub fn local_day_start(d: chrono::NaiveDate) -> crate::domain::Millis {
    use chrono::TimeZone;
    (0..24)
        .filter_map(|h| d.and_hms_opt(h, 0, 0))
        .find_map(|t| chrono::Local.from_local_datetime(&t).earliest())
        .map(|t| t.timestamp_millis())
        // No hour of the day exists locally (no real zone does this): the UTC day.
        .unwrap_or_else(|| {
            d.and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .timestamp_millis()
        })
}

/// The day `at` falls on in the user's time zone.
pub fn local_day_of(at: Millis) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp_millis(at)
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_parse_and_the_far_ones_do_not() {
        assert_eq!(parse_instant("1970-01-01"), Some(12 * 3_600_000));
        assert_eq!(
            parse_instant("2026-03-02T10:00:00Z"),
            Some(1_772_445_600_000)
        );
        assert_eq!(
            parse_instant("2026-03-02T13:00:00+03:00"),
            Some(1_772_445_600_000)
        );
        assert_eq!(parse_instant("1969-12-31"), None);
        assert_eq!(parse_instant("+10000-01-01"), None);
        assert_eq!(parse_instant("2026-02-30"), None);
        assert_eq!(parse_instant("yesterday"), None);
        assert_eq!(parse_instant(""), None);
    }
}
