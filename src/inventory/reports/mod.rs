//! The owner's reports over the ledger and the levels: the filtered history, the stock's
//! value at cost, the money frozen in slow stock, and the end-of-day report.
//!
//! Days here are spans of instants `[from, to)` that the caller chooses (the CLI and the TUI
//! turn the user's local dates into them), so a server in another time zone answers the same.

pub mod history;

use serde::{Deserialize, Serialize};

use crate::domain::{Money, quantity::format_money};

/// The currency every amount is kept in (kopecks in storage, roubles on screen).
pub const CURRENCY: &str = "RUB";

/// An amount of money as reports hand it out: the figure people read (`1234.50`), the
/// exact minor units (kopecks) and the currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    pub minor: Money,
}

impl Amount {
    pub fn new(minor: Money) -> Amount {
        Amount { minor }
    }
    /// `1234.50` (the currency is added by the words: `1234.50 ₽`).
    pub fn text(&self) -> String {
        format_money(self.minor)
    }
}

/// Units times a price, saturating.
pub(crate) fn times(price: Money, units: u64) -> Money {
    price.saturating_mul(i64::try_from(units).unwrap_or(i64::MAX))
}
