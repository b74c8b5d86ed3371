//! The owner's reports over the ledger and the levels: the filtered history, the stock's
//! value at cost, the money frozen in slow stock, and the end-of-day report.
//!
//! Days here are spans of instants `[from, to)` that the caller chooses (the CLI and the TUI
//! turn the user's local dates into them), so a server in another time zone answers the same.
//! Money is kept in kopecks (`*_minor`) beside the figure people read (`1234.50`); every
//! report names its currency.

pub mod day;
pub mod history;
pub mod lead;
pub mod margin;
pub mod slow;
pub mod value;

use crate::domain::Money;

/// The currency every amount is kept in (kopecks in storage, roubles on screen).
pub const CURRENCY: &str = "RUB";

/// Units times a price, saturating.
pub(crate) fn times(price: Money, units: u64) -> Money {
    price.saturating_mul(i64::try_from(units).unwrap_or(i64::MAX))
}

/// A sum that reached the edge of what money holds was cut there: showing it would show a
/// wrong amount as if it were right, so the report is refused with what to do.
pub(crate) fn refuse_cut_sums(sums: &[Money]) -> super::Result<()> {
    if sums.iter().any(|&v| v == Money::MAX || v == Money::MIN) {
        return Err(crate::domain::Refusal::FiguresTooLarge.into());
    }
    Ok(())
}
