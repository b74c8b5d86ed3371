//! Telling a barcode scanner from a person at the keyboard.
//!
//! A scanner types like a very fast keyboard: the digits of a code a few milliseconds
//! apart, then Enter. Where digits are hotkeys (`1`..`5` switch panes, Enter opens), a
//! scan read as keys would throw the packer out of the queue. So where keys are
//! hotkeys, a digit is held for a moment first: if more digits follow within
//! [`BURST_GAP_MS`] each, they are one burst. A burst of [`MIN_SCAN_DIGITS`] or more
//! digits ending in Enter, or of [`LONE_SCAN_DIGITS`] or more digits (a scanner set to
//! send no Enter), is a scan; anything else is replayed as the keys it was, in order,
//! once the gap has passed (the event loop wakes for it) or the next key arrives.
//!
//! Time comes from a [`Clock`] the app is given, so tests step it by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Milliseconds from some fixed start; only differences matter.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The longest pause between two keys of one burst. Scanners send a key every 1-10 ms
/// (a wireless one now and then some 30 ms); a person rarely presses two different keys
/// less than 80 ms apart, and 50 ms is too short for anyone to notice `1` waiting.
pub const BURST_GAP_MS: u64 = 50;
/// The fewest digits a burst ending in Enter needs to be a scan, so "2 Enter" typed
/// while the screen was busy still works as two keys.
pub const MIN_SCAN_DIGITS: usize = 4;
/// A burst this long is a scan even without Enter (EAN-8 is the shortest barcode).
pub const LONE_SCAN_DIGITS: usize = 8;

/// How long after a scan that settled without Enter (the gap passed before it) an
/// Enter is still the scanner's: a slow or wireless scanner, a busy machine. Such an
/// Enter is dropped; a person's Enter after a scan comes later than this.
pub const SCAN_ENTER_GRACE_MS: u64 = 1_000;

/// The wall's monotonic clock.
pub fn system_clock() -> Clock {
    let start = std::time::Instant::now();
    Arc::new(move || start.elapsed().as_millis() as u64)
}

/// A clock that moves only when told: for tests.
#[derive(Clone, Default)]
pub struct ManualClock(Arc<AtomicU64>);

impl ManualClock {
    pub fn new() -> ManualClock {
        ManualClock::default()
    }
    pub fn advance(&self, ms: u64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
    pub fn clock(&self) -> Clock {
        let t = self.0.clone();
        Arc::new(move || t.load(Ordering::SeqCst))
    }
}

/// Digits held while it is not yet known whether they are keys or a scan.
#[derive(Debug, Clone, Default)]
pub struct Burst {
    pub digits: String,
    /// When the last digit arrived.
    pub last_ms: u64,
}

/// What the held digits turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Still within the gap: keep holding.
    Waiting,
    /// A barcode.
    Scan(String),
    /// Keys a person typed, to run in order.
    Keys(String),
}

impl Burst {
    pub fn is_empty(&self) -> bool {
        self.digits.is_empty()
    }

    /// Holds one more digit; a digit after the gap starts a new burst (the caller
    /// settles the old one first).
    pub fn push(&mut self, c: char, now: u64) {
        self.digits.push(c);
        self.last_ms = now;
    }

    /// When the held digits must be settled if nothing else arrives.
    pub fn deadline(&self) -> Option<u64> {
        (!self.is_empty()).then(|| self.last_ms.saturating_add(BURST_GAP_MS))
    }

    /// Whether the gap since the last digit has passed.
    pub fn quiet(&self, now: u64) -> bool {
        !self.is_empty() && now.saturating_sub(self.last_ms) > BURST_GAP_MS
    }

    /// Settles the burst because time passed (or another key came): a long burst is a
    /// scan, a short one was keys.
    pub fn settle(&mut self, now: u64, forced: bool) -> Settled {
        if self.is_empty() || (!forced && !self.quiet(now)) {
            return Settled::Waiting;
        }
        let digits = std::mem::take(&mut self.digits);
        if digits.len() >= LONE_SCAN_DIGITS {
            Settled::Scan(digits)
        } else {
            Settled::Keys(digits)
        }
    }

    /// Enter arrived: within the gap after enough digits it ends a scan; otherwise
    /// the digits were keys, and so is the Enter.
    pub fn enter(&mut self, now: u64) -> Settled {
        if self.is_empty() {
            return Settled::Keys(String::new());
        }
        let in_time = !self.quiet(now);
        let digits = std::mem::take(&mut self.digits);
        if (in_time && digits.len() >= MIN_SCAN_DIGITS) || digits.len() >= LONE_SCAN_DIGITS {
            Settled::Scan(digits)
        } else {
            Settled::Keys(digits)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_burst_with_enter_is_a_scan() {
        let mut b = Burst::default();
        for (i, c) in "4600010000199".chars().enumerate() {
            b.push(c, 1000 + i as u64 * 2);
        }
        assert_eq!(b.enter(1030), Settled::Scan("4600010000199".into()));
        assert!(b.is_empty());
    }

    #[test]
    fn a_lone_digit_is_a_key_once_the_gap_passes() {
        let mut b = Burst::default();
        b.push('2', 100);
        assert_eq!(b.settle(100 + BURST_GAP_MS, false), Settled::Waiting);
        assert_eq!(
            b.settle(101 + BURST_GAP_MS, false),
            Settled::Keys("2".into())
        );
    }

    #[test]
    fn short_bursts_and_slow_enters_are_keys() {
        let mut b = Burst::default();
        b.push('1', 0);
        b.push('2', 2);
        assert_eq!(b.enter(4), Settled::Keys("12".into()));
        let mut b = Burst::default();
        for (i, c) in "1234".chars().enumerate() {
            b.push(c, i as u64);
        }
        assert_eq!(b.enter(500), Settled::Keys("1234".into()));
    }

    #[test]
    fn eight_digits_are_a_scan_without_enter() {
        let mut b = Burst::default();
        for (i, c) in "46000100".chars().enumerate() {
            b.push(c, i as u64 * 3);
        }
        assert_eq!(b.settle(1000, false), Settled::Scan("46000100".into()));
    }
}
