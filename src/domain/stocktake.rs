//! Stocktake: count sessions, entries, and the variance math.
//!
//! Counting goes on while selling goes on. Each entry remembers the on_hand recorded at
//! that moment, so a SKU's variance is measured against the books at its last entry, and a
//! sale made after the count is not mistaken for a loss.

use serde::{Deserialize, Serialize};

use super::types::{LocationId, Millis, Seq, SkuId};

pub type SessionId = u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Open,
    Applied,
    Cancelled,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 3] = [
        SessionStatus::Open,
        SessionStatus::Applied,
        SessionStatus::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Applied => "applied",
            SessionStatus::Cancelled => "cancelled",
        }
    }
}

/// A mark on a reconciliation row (`count diff`). The serde names are the JSON words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountFlag {
    /// Applied already by a partial apply.
    Applied,
    /// The books moved since the count: the variance may be a sale, not a loss.
    Moved,
    /// Counts that disagree.
    Conflict,
    /// Applying would leave less than is reserved.
    Shortage,
}

impl CountFlag {
    pub const ALL: [CountFlag; 4] = [
        CountFlag::Applied,
        CountFlag::Moved,
        CountFlag::Conflict,
        CountFlag::Shortage,
    ];
    /// The JSON word, also what `count diff` prints and a filter matches.
    pub fn as_str(self) -> &'static str {
        match self {
            CountFlag::Applied => "applied",
            CountFlag::Moved => "moved",
            CountFlag::Conflict => "conflict",
            CountFlag::Shortage => "shortage",
        }
    }
}

/// A count of one location, optionally narrowed by a filter on code or name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountSession {
    pub id: SessionId,
    pub location: LocationId,
    pub filter: Option<String>,
    /// Counters never see recorded quantities.
    pub blind: bool,
    pub status: SessionStatus,
    pub started_by: String,
    pub started: Millis,
    /// SKUs already applied by a partial apply (`--only`).
    pub applied: Vec<SkuId>,
}

/// One count entry: a counter saw `qty` units of a SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountEntry {
    pub session: SessionId,
    pub n: u64,
    pub sku: SkuId,
    pub qty: u64,
    pub counter: String,
    pub at: Millis,
    /// on_hand at the session's location when this entry was made.
    pub recorded: u64,
    /// The ledger's last seq when this entry was made.
    pub ledger_seq: Seq,
    pub undone: bool,
}

/// What the entries of one SKU add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub sku: SkuId,
    pub counted: u64,
    /// on_hand at the last entry.
    pub recorded: u64,
    pub first_seq: Seq,
    pub last_seq: Seq,
    pub entries: usize,
}

impl Tally {
    pub fn variance(&self) -> i64 {
        i64::try_from(self.counted)
            .unwrap_or(i64::MAX)
            .saturating_sub(i64::try_from(self.recorded).unwrap_or(i64::MAX))
    }
}

/// Adds up the live (not undone) entries per SKU, in entry order.
pub fn tally(entries: &[CountEntry]) -> Vec<Tally> {
    let mut out: Vec<Tally> = Vec::new();
    for e in entries.iter().filter(|e| !e.undone) {
        match out.iter_mut().find(|t| t.sku == e.sku) {
            Some(t) => {
                t.counted = t.counted.saturating_add(e.qty);
                t.recorded = e.recorded;
                t.last_seq = e.ledger_seq;
                t.entries += 1;
            }
            None => out.push(Tally {
                sku: e.sku,
                counted: e.qty,
                recorded: e.recorded,
                first_seq: e.ledger_seq,
                last_seq: e.ledger_seq,
                entries: 1,
            }),
        }
    }
    out
}

/// The caller's last live entry, the one `count undo` takes back.
pub fn last_entry_of<'a>(entries: &'a [CountEntry], counter: &str) -> Option<&'a CountEntry> {
    entries
        .iter()
        .rev()
        .find(|e| !e.undone && e.counter == counter)
}

/// Variance as a percentage of the recorded quantity (None when nothing was recorded).
pub fn variance_pct(recorded: u64, variance: i64) -> Option<f64> {
    (recorded > 0).then(|| variance as f64 * 100.0 / recorded as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: u64, sku: SkuId, qty: u64, recorded: u64, seq: Seq, counter: &str) -> CountEntry {
        CountEntry {
            session: 1,
            n,
            sku,
            qty,
            counter: counter.into(),
            at: 0,
            recorded,
            ledger_seq: seq,
            undone: false,
        }
    }

    #[test]
    fn entries_add_up_and_recorded_is_taken_at_the_last_entry() {
        let es = vec![
            e(1, 7, 3, 10, 100, "a"),
            e(2, 8, 1, 4, 101, "b"),
            e(3, 7, 4, 9, 105, "b"),
        ];
        let t = tally(&es);
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].counted, t[0].recorded, t[0].first_seq, t[0].last_seq),
            (7, 9, 100, 105)
        );
        assert_eq!(t[0].variance(), -2);
    }

    #[test]
    fn undone_entries_do_not_count_and_undo_takes_the_callers_own() {
        let mut es = vec![e(1, 7, 3, 10, 1, "a"), e(2, 7, 5, 10, 1, "b")];
        assert_eq!(last_entry_of(&es, "a").map(|x| x.n), Some(1));
        es[0].undone = true;
        assert_eq!(tally(&es)[0].counted, 5);
        assert_eq!(last_entry_of(&es, "a"), None);
    }

    #[test]
    fn percentages() {
        assert_eq!(variance_pct(10, -2), Some(-20.0));
        assert_eq!(variance_pct(0, 3), None);
    }
}
