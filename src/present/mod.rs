//! How results reach a person, for the CLI and the TUI alike: text made safe for a terminal,
//! and the notices both print.

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
