//! `report margin`: what the sales earned after the cost of goods, the channel's commission,
//! its fee per order and delivery, from the money recorded beside each sale (so a past day's
//! margin stays what it was). Returns are not netted out: the report counts what was sold.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{CURRENCY, times};
use crate::domain::{ChannelId, Millis, Money, Sku, SkuId, quantity::format_money};
use crate::inventory::Result;
use crate::inventory::queries::{DAY_MS, channel_names, time_text};
use crate::store::economics::SalesMoneyReader;

/// What the rows are grouped by.
pub const GROUPS: &[&str] = &["channel", "sku", "supplier"];

/// One group's money.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarginRow {
    /// The channel's name, the SKU's code or the supplier ("-": none).
    pub key: String,
    pub units: u64,
    pub revenue_minor: Money,
    pub cost_minor: Money,
    pub commission_minor: Money,
    pub order_fees_minor: Money,
    pub delivery_minor: Money,
    pub margin_minor: Money,
    /// Margin per unit sold, kopecks (rounded towards zero).
    pub per_unit_minor: Money,
    pub revenue: String,
    pub cost: String,
    pub commission: String,
    pub order_fees: String,
    pub delivery: String,
    pub margin: String,
    pub per_unit: String,
}

/// How much more one channel earns per unit than another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelComparison {
    pub better: String,
    pub worse: String,
    pub more_per_unit: String,
    pub more_per_unit_minor: Money,
}

/// `report margin --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarginReport {
    pub currency: String,
    pub by: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Most margin first.
    pub rows: Vec<MarginRow>,
    pub total: MarginRow,
    /// By channel: the channel that earns most per unit against each other one.
    pub comparisons: Vec<ChannelComparison>,
    /// Units sold without a price or a cost (their revenue or cost counts as 0).
    pub unpriced_units: u64,
    pub uncosted_units: u64,
}

impl MarginRow {
    fn add(&mut self, o: &MarginRow) {
        self.units = self.units.saturating_add(o.units);
        self.revenue_minor = self.revenue_minor.saturating_add(o.revenue_minor);
        self.cost_minor = self.cost_minor.saturating_add(o.cost_minor);
        self.commission_minor = self.commission_minor.saturating_add(o.commission_minor);
        self.order_fees_minor = self.order_fees_minor.saturating_add(o.order_fees_minor);
        self.delivery_minor = self.delivery_minor.saturating_add(o.delivery_minor);
    }

    /// Fills the margin and the figures people read.
    fn finish(mut self) -> MarginRow {
        self.margin_minor = self
            .revenue_minor
            .saturating_sub(self.cost_minor)
            .saturating_sub(self.commission_minor)
            .saturating_sub(self.order_fees_minor)
            .saturating_sub(self.delivery_minor);
        self.per_unit_minor = match i64::try_from(self.units) {
            Ok(u) if u > 0 => self.margin_minor / u,
            _ => 0,
        };
        self.revenue = format_money(self.revenue_minor);
        self.cost = format_money(self.cost_minor);
        self.commission = format_money(self.commission_minor);
        self.order_fees = format_money(self.order_fees_minor);
        self.delivery = format_money(self.delivery_minor);
        self.margin = format_money(self.margin_minor);
        self.per_unit = format_money(self.per_unit_minor);
        self
    }
}

/// A commission of `bp` hundredths of a percent on `revenue`, rounded to the kopeck.
pub fn commission(revenue: Money, bp: u32) -> Money {
    let c = (i128::from(revenue) * i128::from(bp) + 5_000).div_euclid(10_000);
    Money::try_from(c).unwrap_or(Money::MAX)
}

/// Sales in `[from, to)` grouped `by` channel, sku or supplier.
pub fn margin_report(
    r: &impl SalesMoneyReader,
    from: Option<Millis>,
    to: Option<Millis>,
    by: &str,
) -> Result<MarginReport> {
    let chans = channel_names(r)?;
    let mut skus: BTreeMap<SkuId, Sku> = BTreeMap::new();
    let start = match from {
        Some(f) => r.first_seq_at(f.saturating_sub(DAY_MS))?,
        None => 0,
    };
    let mut groups: BTreeMap<String, MarginRow> = BTreeMap::new();
    let mut orders: HashSet<(ChannelId, String)> = HashSet::new();
    let (mut unpriced, mut uncosted) = (0u64, 0u64);
    for (seq, money) in r.sales_money(start)? {
        let Some(m) = r.movement(seq)? else { continue };
        let in_span = from.is_none_or(|f| m.at >= f) && to.is_none_or(|t| m.at < t);
        let Some(ch) = m.channel.filter(|_| in_span && m.kind.is_sale()) else {
            continue;
        };
        if let std::collections::btree_map::Entry::Vacant(e) = skus.entry(m.sku) {
            e.insert(crate::inventory::engine::sku_by_id(r, m.sku)?);
        }
        let s = &skus[&m.sku];
        let revenue = money.price.map(|p| times(p, m.qty)).unwrap_or(0);
        unpriced += if money.price.is_none() { m.qty } else { 0 };
        uncosted += if money.cost.is_none() { m.qty } else { 0 };
        // The fee is per order: once per (channel, order) for shipments, per till sale.
        let order = match m
            .reservation
            .and_then(|id| r.reservation(id).ok().flatten())
        {
            Some(res) => res.order_ref,
            None => format!("#{seq}"),
        };
        let fee = if orders.insert((ch, order)) {
            money.order_fee
        } else {
            0
        };
        let line = MarginRow {
            units: m.qty,
            revenue_minor: revenue,
            cost_minor: money.cost.map(|c| times(c, m.qty)).unwrap_or(0),
            commission_minor: commission(revenue, money.commission_bp),
            order_fees_minor: fee,
            delivery_minor: money.delivery,
            ..MarginRow::default()
        };
        let key = match by {
            "sku" => s.code.clone(),
            "supplier" => s.supplier.clone().unwrap_or_else(|| "-".into()),
            _ => chans.get(&ch).cloned().unwrap_or_else(|| "-".into()),
        };
        groups.entry(key).or_default().add(&line);
    }
    let mut total = MarginRow::default();
    let mut rows: Vec<MarginRow> = groups
        .into_iter()
        .map(|(key, mut row)| {
            total.add(&row);
            row.key = key;
            row.finish()
        })
        .collect();
    rows.sort_by(|a, b| b.margin_minor.cmp(&a.margin_minor).then(a.key.cmp(&b.key)));
    total.key = "total".into();
    let comparisons = if by == "channel" {
        compare(&rows)
    } else {
        Vec::new()
    };
    let total = total.finish();
    // Sums are kept saturating; one that reached the edge would read as a wrong figure.
    let sums: Vec<Money> = rows
        .iter()
        .chain([&total])
        .flat_map(|r| {
            [
                r.revenue_minor,
                r.cost_minor,
                r.commission_minor,
                r.order_fees_minor,
                r.delivery_minor,
                r.margin_minor,
            ]
        })
        .collect();
    super::refuse_cut_sums(&sums)?;
    Ok(MarginReport {
        currency: CURRENCY.to_string(),
        by: by.to_string(),
        from: from.map(time_text),
        to: to.map(time_text),
        rows,
        total,
        comparisons,
        unpriced_units: unpriced,
        uncosted_units: uncosted,
    })
}

/// The channel with the best margin per unit against every other channel that sold.
fn compare(rows: &[MarginRow]) -> Vec<ChannelComparison> {
    let sold: Vec<&MarginRow> = rows.iter().filter(|r| r.units > 0).collect();
    let Some(best) = sold.iter().max_by(|a, b| {
        a.per_unit_minor
            .cmp(&b.per_unit_minor)
            .then(b.key.cmp(&a.key))
    }) else {
        return Vec::new();
    };
    let mut out: Vec<ChannelComparison> = sold
        .iter()
        .filter(|r| r.key != best.key)
        .map(|r| {
            let more = best.per_unit_minor.saturating_sub(r.per_unit_minor);
            ChannelComparison {
                better: best.key.clone(),
                worse: r.key.clone(),
                more_per_unit: format_money(more),
                more_per_unit_minor: more,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.more_per_unit_minor
            .cmp(&a.more_per_unit_minor)
            .then(a.worse.cmp(&b.worse))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commission_rounds_to_the_kopeck() {
        assert_eq!(commission(99_000, 2_000), 19_800);
        // 12.5 % of 10.01 = 1.25125: 1.25.
        assert_eq!(commission(1_001, 1_250), 125);
        // 15 % of 0.05 = 0.0075: 0.01.
        assert_eq!(commission(5, 1_500), 1);
        assert_eq!(commission(0, 10_000), 0);
    }
}
