//! The message catalog: every word a user reads, in English and Russian.
//!
//! `text(key)` looks up fixed strings (labels, titles, hints) in `catalog.rs`;
//! `messages.rs` renders values that carry data, `errors.rs` errors and `refusals.rs`
//! refusals by the stock rules.

/// Formats the English or the Russian text, whichever is in force.
macro_rules! say {
    ($en:literal, $ru:literal $(, $arg:expr)* $(,)?) => {
        match lang() {
            Lang::En => format!($en $(, $arg)*),
            Lang::Ru => format!($ru $(, $arg)*),
        }
    };
}

mod catalog;
mod errors;
mod kit_catalog;
mod market;
mod messages;
mod purchase_catalog;
mod reconcile_catalog;
mod refusals;
pub mod screen;
mod sync_catalog;

use std::sync::atomic::{AtomicU8, Ordering};

pub use errors::*;
pub use messages::*;
pub use refusals::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("ru") {
            Some(Lang::Ru)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `--lang` / `STOCKROOM_LANG` first, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub fn detect(explicit: Option<&str>) -> Lang {
        if let Some(l) = explicit.and_then(Lang::parse) {
            return l;
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return Lang::parse(&v).unwrap_or(Lang::En);
            }
        }
        Lang::En
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

pub fn set_lang(l: Lang) {
    LANG.store(l as u8, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::Ru as u8 {
        Lang::Ru
    } else {
        Lang::En
    }
}

/// Picks the text for the current language.
pub fn pick(en: &'static str, ru: &'static str) -> &'static str {
    match lang() {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

/// A fixed string from the catalog. Unknown keys show as themselves (caught by a test).
pub fn text(key: &str) -> &'static str {
    match catalog::lookup(key) {
        Some((en, ru)) => pick(en, ru),
        None => catalog::missing(key),
    }
}

/// A whole number written out for reading, grouped by thousands: `1,000,000` in
/// English, `1 000 000` (with no-break spaces) in Russian.
pub fn number(n: u64) -> String {
    let sep = match lang() {
        Lang::En => ',',
        Lang::Ru => '\u{a0}',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// A catalog string with `{}` placeholders filled in order.
pub fn fill(key: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut parts = text(key).split("{}").peekable();
    while let Some(p) = parts.next() {
        out.push_str(p);
        if parts.peek().is_some()
            && let Some(a) = args.next()
        {
            out.push_str(&a.to_string());
        }
    }
    out
}
