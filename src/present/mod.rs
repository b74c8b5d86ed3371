//! How results reach a person, for the CLI and the TUI alike: text made safe for a terminal,
//! and the notices both print.

pub mod day;
pub mod margin;
pub mod market;
pub mod outcome;
pub mod safe;
pub mod status;

pub use outcome::{outcome_text, short_list};

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

/// Said on a terminal when the database is held by another process for over a second.
pub fn waiting_notice(db: &Path, limit: Duration) {
    if std::io::stderr().is_terminal() {
        eprintln!(
            "{}",
            crate::i18n::fill("cli.waiting_for_db", &[&db.display(), &limit.as_secs()])
        );
    }
}

/// A UTC time (RFC 3339) as the local date and time, written as people read it
/// ("8 Dec 2026 14:05", "08.12.2026 14:05"); the text as it came when it is not a time.
pub fn local_time(utc: &str) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(utc) else {
        return utc.to_string();
    };
    let local = t.with_timezone(&chrono::Local);
    match crate::i18n::lang() {
        crate::i18n::Lang::Ru => local.format("%d.%m.%Y %H:%M").to_string(),
        _ => local.format("%-d %b %Y %H:%M").to_string(),
    }
}

/// When a channel was last synced, for a person: the local time, or "never".
pub fn last_synced(utc: Option<&str>) -> String {
    match utc {
        Some(t) => local_time(t),
        None => crate::i18n::text("market.never").to_string(),
    }
}

/// The local day an "expected by" instant (RFC 3339, UTC) falls in, as `YYYY-MM-DD`: an
/// order expected by the end of 10 March (midnight starting the 11th) is due on the 10th.
pub fn due_day(utc: &str) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(utc) else {
        return utc.to_string();
    };
    let last = t - chrono::Duration::milliseconds(1);
    last.with_timezone(&chrono::Local).date_naive().to_string()
}
