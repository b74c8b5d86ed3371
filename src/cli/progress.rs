//! Progress on stderr for long work, only when stderr is a terminal: scripts, cron and
//! CI see nothing. The indicator clears itself when dropped, also on an error.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// A spinner or a bar; hidden when stderr is not a terminal.
pub struct Progress(ProgressBar);

fn shown() -> bool {
    std::io::stderr().is_terminal()
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        // "6/s" rather than indicatif's "5.9923/s".
        .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let r = s.per_sec();
            let _ = if r < 10.0 {
                write!(w, "{r:.1}/s")
            } else {
                write!(w, "{r:.0}/s")
            };
        })
}

impl Progress {
    /// For work whose size is unknown: a spinner with the time taken.
    pub fn spinner(msg: impl Into<Cow<'static, str>>) -> Progress {
        if !shown() {
            return Progress(ProgressBar::hidden());
        }
        let p = ProgressBar::new_spinner()
            .with_style(style("{spinner} {msg} {elapsed}"))
            .with_message(msg);
        p.enable_steady_tick(Duration::from_millis(100));
        Progress(p)
    }

    /// While an import file is read, checked and written.
    pub fn importing(file: &Path) -> Progress {
        Progress::spinner(format!("import {}", file.display()))
    }

    /// For `len` steps: a bar with the rate and the time left.
    pub fn bar(len: u64, msg: impl Into<Cow<'static, str>>) -> Progress {
        if !shown() {
            return Progress(ProgressBar::hidden());
        }
        let p = ProgressBar::new(len)
            .with_style(
                style("{msg} [{bar:30}] {human_pos}/{human_len} {rate} eta {eta}")
                    .progress_chars("=> "),
            )
            .with_message(msg);
        Progress(p)
    }

    /// Turns a spinner into a bar of `len` steps.
    pub fn start_bar(&mut self, len: u64, msg: impl Into<Cow<'static, str>>) {
        if !self.0.is_hidden() {
            self.0.finish_and_clear();
            *self = Progress::bar(len, msg);
        }
    }

    pub fn inc(&self) {
        self.0.inc(1);
    }

    pub fn set(&self, pos: u64, len: u64) {
        self.0.set_length(len);
        self.0.set_position(pos);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
