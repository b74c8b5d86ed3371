//! The demo's purchase orders: a steady supplier and a slow, erratic one, each with orders
//! received over the simulated days on dates that vary as real deliveries do, and an order
//! still open from each (the erratic one's past its expected date). `report lead-times`
//! has medians and spreads to show, the alerts and the day view a late order, and the
//! erratic supplier's spread sets the safety stock of its SKUs whose safety is computed.
//!
//! Orders are made and received by the same commands as the owner's (`po create`, `po
//! receive`), so the stock they bring is in the ledger like any receipt. A fixed few SKUs
//! and orders whatever the catalog's size: a million SKUs take no longer to make.

use super::shop_data::{Delivers, PO_SUPPLIERS, PRODUCTS};
use super::{DAY, Shop, at, run};
use crate::domain::Millis;
use crate::inventory::{Command, Ctx, Outcome, Result};
use crate::store::WriteTx;

/// The catalog's first SKUs, where each purchase-order supplier's SKUs are looked for.
const PO_SCAN: usize = 3 * PRODUCTS.len();
/// SKUs on each order at most: a supplier's first ones.
const PO_LINES: usize = 3;
/// Orders received from each supplier over the simulated days.
const RECEIVED: i64 = 4;

/// One purchase order of the demo: when it is made and expected, when it arrives (none:
/// still open at the end), and what it asks for (SKU index, units).
pub(super) struct PlannedPo {
    created: Millis,
    expected: Millis,
    arrives: Option<Millis>,
    supplier: &'static str,
    lines: Vec<(usize, u64)>,
    /// The engine's number, once made.
    id: Option<u64>,
}

impl Shop {
    /// Plans the orders for the simulated days `start_day..today`: for each supplier, four
    /// received (on days spread over the simulated days, so any `--days` measures them)
    /// and one open. Its own random numbers, so the rest of the shop is what it was.
    pub(super) fn plan_purchases(&mut self, start_day: i64, today: i64, seed: u64) {
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x0B0E_D1E5_7EAD);
        let days = (today - start_day).max(1);
        let mut plan = Vec::new();
        for &(supplier, promised, delivers) in PO_SUPPLIERS {
            let lines: Vec<(usize, u64)> = self
                .items
                .iter()
                .enumerate()
                .take(PO_SCAN)
                .filter(|(i, _)| PRODUCTS[i % PRODUCTS.len()].4 == supplier)
                .take(PO_LINES)
                .map(|(i, it)| (i, it.order_qty))
                .collect();
            if lines.is_empty() {
                continue;
            }
            let promised = i64::from(promised);
            for j in 0..RECEIVED {
                let lead = match (delivers, j % 4) {
                    (Delivers::Steady, _) => promised + rng.i64(-1..=1),
                    // Every other order late, by 3 to 5 days or by 8 to 10; the rest on
                    // time or a day or two early.
                    (Delivers::Erratic, 1) => promised + rng.i64(3..=5),
                    (Delivers::Erratic, 3) => promised + rng.i64(8..=10),
                    (Delivers::Erratic, _) => promised - rng.i64(0..=2),
                };
                let arrives = start_day + j * days / RECEIVED;
                plan.push(self.planned(
                    supplier,
                    &lines,
                    arrives - lead,
                    promised,
                    Some(arrives),
                    &mut rng,
                ));
            }
            // Still open: the steady supplier's, ordered two days ago, not due yet; the
            // erratic one's, ordered 20 days ago, due 6 days ago.
            let created = match delivers {
                Delivers::Steady => today - 2,
                Delivers::Erratic => today - promised - 6,
            };
            plan.push(self.planned(supplier, &lines, created, promised, None, &mut rng));
        }
        // Made in time order, so the order numbers run with the dates.
        plan.sort_by_key(|p| p.created);
        self.purchases = plan;
    }

    fn planned(
        &self,
        supplier: &'static str,
        lines: &[(usize, u64)],
        created_day: i64,
        promised: i64,
        arrives: Option<i64>,
        rng: &mut fastrand::Rng,
    ) -> PlannedPo {
        PlannedPo {
            // Before the day's receipts (from 9), so a lead time is whole days.
            created: at(created_day, 8, rng),
            // By the end of the promised day's work.
            expected: (created_day + promised) * DAY + 18 * 3_600_000,
            arrives: arrives.map(|day| at(day, 9, rng)),
            supplier,
            lines: lines.to_vec(),
            id: None,
        }
    }

    /// Makes the planned orders created before `before` (ms) and not made yet.
    pub(super) fn make_purchases(&mut self, tx: &WriteTx, before: Millis) -> Result<()> {
        for i in 0..self.purchases.len() {
            let p = &self.purchases[i];
            if p.id.is_some() || p.created >= before {
                continue;
            }
            let cmd = Command::PoCreate {
                supplier: Some(p.supplier.to_string()),
                lines: p
                    .lines
                    .iter()
                    .map(|(it, q)| (super::sku_code(*it), *q))
                    .collect(),
                from_alerts: false,
                only: Vec::new(),
                window: 0,
                expected: Some(p.expected),
            };
            let ctx = self.ctx_as_owner(p.created);
            if let Outcome::PoCreated { orders, .. } = run(tx, &ctx, cmd)? {
                self.purchases[i].id = orders.first().map(|o| o.id);
            }
        }
        Ok(())
    }

    /// The day's orders made (at 8), then the orders due today received in full (from 9).
    pub(super) fn purchases_of_day(&mut self, tx: &WriteTx, day: i64) -> Result<()> {
        self.make_purchases(tx, (day + 1) * DAY)?;
        for i in 0..self.purchases.len() {
            let (Some(id), Some(arrives)) = (self.purchases[i].id, self.purchases[i].arrives)
            else {
                continue;
            };
            if arrives.div_euclid(DAY) != day {
                continue;
            }
            let ctx = Ctx {
                actor: "olga".into(),
                now: arrives,
            };
            let cmd = Command::PoReceive {
                id,
                lines: Vec::new(),
                at: None,
            };
            run(tx, &ctx, cmd)?;
            for &(it, q) in &self.purchases[i].lines {
                let item = &mut self.items[it];
                item.main += q as i64;
                item.main_avail += q as i64;
            }
        }
        Ok(())
    }
}
