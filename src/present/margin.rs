//! The sentences under the margin report's table, for `report margin` and the margin view
//! of the TUI alike: which channel earns how much more per unit, and the units sold
//! without a price or a cost.

use crate::i18n::fill;
use crate::inventory::reports::margin::MarginReport;

/// One line each; `amount` writes a figure of money ("579.15") as the caller shows money.
pub fn notes(r: &MarginReport, amount: impl Fn(&str) -> String) -> Vec<String> {
    let mut lines: Vec<String> = r
        .comparisons
        .iter()
        .map(|c| {
            fill(
                "cli.margin_compare",
                &[&c.better, &amount(&c.more_per_unit), &c.worse],
            )
        })
        .collect();
    if r.unpriced_units > 0 || r.uncosted_units > 0 {
        lines.push(fill(
            "cli.margin_unknown",
            &[&r.unpriced_units, &r.uncosted_units],
        ));
    }
    lines
}
