//! Purchase orders and alert snoozes through the engine: create (by hand or from the
//! alerts' suggestions, one order per supplier), receive in parts, cancel; snooze.
//!
//! A receipt against an order is a real `receive` command with the reference
//! `PO-<id>`, so levels, the ledger, `check` and waiting backorders see it like any other.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::StockStatus;
use crate::domain::purchase::{PoId, PoLine, PoReceipt, PoStatus, PurchaseOrder, Snooze};
use crate::domain::{Millis, Refusal, Sku, SkuId, rules};
use crate::store::purchase_dates::PurchaseDatesReader;
use crate::store::{Reader, WriteTx};

use super::engine::{Ctx, check_qty, check_text, resolve_location, resolve_sku, sku_by_id};
use super::queries::{DAY_MS, time_text};
use super::{Command, Error, FieldProblem, InputError, Outcome, Result, replenish};

/// The longest snooze: a year.
pub const MAX_SNOOZE_DAYS: u32 = 365;

/// One line of a purchase order as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoLineView {
    pub code: String,
    pub name: String,
    pub ordered: u64,
    pub received: u64,
    pub outstanding: u64,
}

/// `po show --json`, `po list --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoView {
    pub id: PoId,
    /// What receipts against it carry: `PO-<id>`.
    pub reference: String,
    pub supplier: String,
    pub status: PoStatus,
    pub created: String,
    pub created_by: String,
    pub closed: Option<String>,
    /// The instant it is expected by: the date given at creation, else created + the
    /// longest lead time of its SKUs.
    pub expected: String,
    /// Open, not fully received, and past its expected date.
    pub late: bool,
    pub lines: Vec<PoLineView>,
    pub ordered: u64,
    pub received: u64,
    pub outstanding: u64,
}

/// When an order is expected: the stored date, else created + its SKUs' longest lead time.
pub fn expected_of(r: &impl PurchaseDatesReader, po: &PurchaseOrder) -> Result<Millis> {
    if let Some(e) = r.po_expected(po.id)? {
        return Ok(e);
    }
    let mut lead = 0u32;
    for l in &po.lines {
        if let Some(s) = r.sku(l.sku)? {
            lead = lead.max(s.lead_days);
        }
    }
    Ok(default_expected(po.created, lead))
}

/// By the end of the user's day that is `lead_days` after `created`: an order due on a
/// day is not late while that day lasts.
fn default_expected(created: Millis, lead_days: u32) -> Millis {
    let due = super::clock::local_day_of(
        created.saturating_add(i64::from(lead_days).saturating_mul(DAY_MS)),
    );
    due.succ_opt()
        .map(super::clock::local_day_start)
        .unwrap_or(created)
}

/// The latest day an order may be expected by: ten years on. A later date is a typo, and
/// one past year 9999 could not be written.
const MAX_EXPECTED_DAYS: i64 = 3653;

/// An expected instant (the end of a local day) the order may carry at `now`.
fn check_expected(e: Millis, now: Millis) -> Result<()> {
    use super::clock::{local_day_of, local_day_start};
    // The day the user typed: the instant is the start of the next one.
    let day = local_day_of(e.saturating_sub(1)).to_string();
    let today = local_day_of(now);
    if e <= now {
        return Err(Error::field(
            "expected",
            &day,
            FieldProblem::Past {
                today: today.to_string(),
            },
        ));
    }
    let last = today + chrono::Duration::days(MAX_EXPECTED_DAYS);
    if e > local_day_start(last.succ_opt().unwrap_or(last)) {
        return Err(Error::field(
            "expected",
            &day,
            FieldProblem::AtMost {
                max: last.to_string(),
            },
        ));
    }
    Ok(())
}

/// Open, something still outstanding, and past its expected instant at `now`.
pub fn is_late(po: &PurchaseOrder, expected: Millis, now: Millis) -> bool {
    po.status == PoStatus::Open && !po.is_fully_received() && now > expected
}

pub fn po_view(r: &impl PurchaseDatesReader, po: &PurchaseOrder, now: Millis) -> Result<PoView> {
    let expected = expected_of(r, po)?;
    let mut lines = Vec::with_capacity(po.lines.len());
    for l in &po.lines {
        let s = sku_by_id(r, l.sku)?;
        lines.push(PoLineView {
            code: s.code,
            name: s.name,
            ordered: l.ordered,
            received: l.received,
            outstanding: l.outstanding(),
        });
    }
    let sum = |f: fn(&PoLineView) -> u64| lines.iter().fold(0u64, |a, l| a.saturating_add(f(l)));
    Ok(PoView {
        id: po.id,
        reference: po.reference(),
        supplier: po.supplier.clone(),
        status: po.status,
        created: time_text(po.created),
        created_by: po.created_by.clone(),
        closed: po.closed.map(time_text),
        expected: time_text(expected),
        late: is_late(po, expected, now),
        ordered: sum(|l| l.ordered),
        received: sum(|l| l.received),
        outstanding: sum(|l| l.outstanding),
        lines,
    })
}

/// Every purchase order, newest first; only the open ones unless `all`.
pub fn list(r: &impl PurchaseDatesReader, all: bool, now: Millis) -> Result<Vec<PoView>> {
    let orders = if all {
        r.purchase_orders()?
    } else {
        r.open_purchase_orders()?
    };
    let mut out = orders
        .iter()
        .map(|p| po_view(r, p, now))
        .collect::<Result<Vec<_>>>()?;
    out.reverse();
    Ok(out)
}

pub fn show(r: &impl PurchaseDatesReader, id: PoId, now: Millis) -> Result<PoView> {
    let po = r
        .purchase_order(id)?
        .ok_or(InputError::UnknownPurchaseOrder(id))?;
    po_view(r, &po, now)
}

/// The lines of a new order, one per SKU (a SKU named twice is ordered once, summed).
fn plan_lines(tx: &WriteTx, lines: &[(String, u64)]) -> Result<Vec<(Sku, u64)>> {
    let mut out: Vec<(Sku, u64)> = Vec::new();
    for (key, q) in lines {
        let s = resolve_sku(tx, key)?;
        // An archived SKU is not bought any more (`sku unarchive` first).
        super::lookup::not_archived(&s)?;
        let q = check_qty(*q)?;
        match out.iter_mut().find(|(o, _)| o.id == s.id) {
            Some((_, sum)) => *sum = check_qty(sum.saturating_add(q))?,
            None => out.push((s, q)),
        }
    }
    Ok(out)
}

fn new_order(
    tx: &WriteTx,
    ctx: &Ctx,
    supplier: String,
    lines: &[(Sku, u64)],
    expected: Option<Millis>,
    next: &mut PoId,
) -> Result<PoView> {
    *next += 1;
    let po = PurchaseOrder {
        id: *next,
        supplier,
        status: PoStatus::Open,
        created: ctx.now,
        created_by: ctx.actor.clone(),
        closed: None,
        lines: lines
            .iter()
            .map(|(s, q)| PoLine {
                sku: s.id,
                ordered: *q,
                received: 0,
            })
            .collect(),
    };
    tx.put_purchase_order(&po)?;
    let lead = lines.iter().map(|(s, _)| s.lead_days).max().unwrap_or(0);
    tx.set_po_expected(
        po.id,
        expected.unwrap_or_else(|| default_expected(ctx.now, lead)),
    )?;
    po_view(tx, &po, ctx.now)
}

/// What `po create` asks for (the fields of `Command::PoCreate`).
#[derive(Debug, Clone, Copy)]
pub struct NewOrders<'a> {
    pub supplier: Option<&'a str>,
    pub lines: &'a [(String, u64)],
    pub from_alerts: bool,
    pub only: &'a [String],
    pub window: u32,
    /// The instant the orders are expected by; none: now + the SKUs' longest lead time.
    pub expected: Option<Millis>,
}

/// `po create`: the given lines to one supplier, or every suggested quantity of the
/// alerts (optionally only `only`, only one supplier's) as one order per supplier.
/// SKUs without a supplier are left out and named in the outcome.
pub fn create(tx: &WriteTx, ctx: &Ctx, ask: &NewOrders) -> Result<Outcome> {
    let NewOrders {
        supplier,
        lines,
        from_alerts,
        only,
        window,
        expected,
    } = *ask;
    if let Some(e) = expected {
        check_expected(e, ctx.now)?;
    }
    let supplier = supplier
        .map(|s| check_text("supplier", s, 200))
        .transpose()?;
    let mut next = tx.last_purchase_order_id()?.unwrap_or(0);
    if !from_alerts {
        let planned = plan_lines(tx, lines)?;
        if planned.is_empty() {
            return Err(Refusal::PoNeedsLines.into());
        }
        // Without --supplier, the SKUs' own supplier, when they share one.
        let supplier = match supplier {
            Some(s) => s,
            None => {
                let missing: Vec<String> = planned
                    .iter()
                    .filter(|(s, _)| s.supplier.is_none())
                    .map(|(s, _)| s.code.clone())
                    .collect();
                let mut suppliers: Vec<String> = planned
                    .iter()
                    .filter_map(|(s, _)| s.supplier.clone())
                    .collect();
                suppliers.sort();
                suppliers.dedup();
                match (missing.is_empty(), suppliers.as_slice()) {
                    (true, [one]) => one.clone(),
                    _ => return Err(Refusal::PoSupplierUnclear { missing, suppliers }.into()),
                }
            }
        };
        let order = new_order(tx, ctx, supplier, &planned, expected, &mut next)?;
        return Ok(Outcome::PoCreated {
            orders: vec![order],
            skipped: Vec::new(),
        });
    }
    let only: Vec<SkuId> = only
        .iter()
        .map(|k| resolve_sku(tx, k).map(|s| s.id))
        .collect::<Result<_>>()?;
    let mut groups: BTreeMap<String, Vec<(Sku, u64)>> = BTreeMap::new();
    let mut skipped = Vec::new();
    for row in replenish::alerts(tx, ctx.now, window, false)? {
        if row.suggested == 0 {
            continue;
        }
        let s = resolve_sku(tx, &row.code)?;
        if !only.is_empty() && !only.contains(&s.id) {
            continue;
        }
        let Some(sup) = s.supplier.clone() else {
            skipped.push(s.code.clone());
            continue;
        };
        if supplier
            .as_ref()
            .is_some_and(|want| want.to_lowercase() != sup.to_lowercase())
        {
            continue;
        }
        // A line holds at most what one movement may carry; a larger need is ordered in parts.
        let q = row.suggested.min(crate::domain::quantity::MAX_QTY);
        groups.entry(sup).or_default().push((s, q));
    }
    let mut orders = Vec::new();
    for (sup, planned) in groups {
        orders.push(new_order(tx, ctx, sup, &planned, expected, &mut next)?);
    }
    Ok(Outcome::PoCreated { orders, skipped })
}

fn open_po(r: &impl Reader, id: PoId) -> Result<PurchaseOrder> {
    let po = r
        .purchase_order(id)?
        .ok_or(InputError::UnknownPurchaseOrder(id))?;
    if po.status != PoStatus::Open {
        return Err(Refusal::PoNotOpen { id }.into());
    }
    Ok(po)
}

/// `po receive`: the given quantities, or everything outstanding. Each line is checked
/// before any is written; each becomes one `receive` movement referencing the order.
pub fn receive(
    tx: &WriteTx,
    ctx: &Ctx,
    id: PoId,
    lines: &[(String, u64)],
    at: Option<&str>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut po = open_po(tx, id)?;
    let loc = resolve_location(tx, at)?;
    // (line index, quantity)
    let mut plan: Vec<(usize, u64)> = Vec::new();
    if lines.is_empty() {
        plan = po
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.outstanding() > 0)
            .map(|(i, l)| (i, l.outstanding()))
            .collect();
    }
    for (key, q) in lines {
        let s = resolve_sku(tx, key)?;
        let q = check_qty(*q)?;
        let Some(i) = po.lines.iter().position(|l| l.sku == s.id) else {
            return Err(over_receipt(id, &s, 0, q));
        };
        match plan.iter_mut().find(|(j, _)| *j == i) {
            Some((_, sum)) => *sum = sum.saturating_add(q),
            None => plan.push((i, q)),
        }
    }
    for &(i, q) in &plan {
        let line = &po.lines[i];
        if q > line.outstanding() {
            return Err(over_receipt(
                id,
                &sku_by_id(tx, line.sku)?,
                line.outstanding(),
                q,
            ));
        }
        rules::receive(&tx.levels(line.sku, loc.id)?, q)?;
    }
    let mut units = 0u64;
    let expected = expected_of(tx, &po)?;
    for (i, q) in plan {
        let code = sku_by_id(tx, po.lines[i].sku)?.code;
        let receipt = Command::Receive {
            sku: code,
            qty: q,
            at: Some(loc.name.clone()),
            reference: Some(po.reference()),
        };
        // The whole receive command, so backorders waiting on these units are reserved.
        let applied = super::engine::apply(tx, ctx, &receipt)?;
        touched.extend(applied.skus);
        po.lines[i].received = po.lines[i].received.saturating_add(q);
        units = units.saturating_add(q);
    }
    if units > 0 {
        let r = PoReceipt::measure(po.created, expected, ctx.now, units);
        tx.add_po_receipt(po.id, &r)?;
    }
    if po.is_fully_received() {
        po.status = PoStatus::Received;
        po.closed = Some(ctx.now);
    }
    tx.put_purchase_order(&po)?;
    Ok(Outcome::PoReceived {
        order: po_view(tx, &po, ctx.now)?,
        units,
    })
}

fn over_receipt(id: PoId, s: &Sku, outstanding: u64, requested: u64) -> Error {
    Refusal::PoOverReceipt {
        id,
        code: s.code.clone(),
        outstanding,
        requested,
    }
    .into()
}

/// `po cancel`: what has not arrived is no longer expected; receipts stay as they are.
pub fn cancel(tx: &WriteTx, ctx: &Ctx, id: PoId) -> Result<Outcome> {
    let mut po = open_po(tx, id)?;
    po.status = PoStatus::Cancelled;
    po.closed = Some(ctx.now);
    tx.put_purchase_order(&po)?;
    Ok(Outcome::PoCancelled(po_view(tx, &po, ctx.now)?))
}

/// `alerts snooze SKU DAYS`: hides the SKU's alert for DAYS days (0 ends a snooze).
/// It shows again sooner if the SKU gets worse than it is now.
pub fn snooze(tx: &WriteTx, ctx: &Ctx, sku: &str, days: u32) -> Result<Outcome> {
    let s = resolve_sku(tx, sku)?;
    if days > MAX_SNOOZE_DAYS {
        return Err(Error::at_most("days", &days.to_string(), MAX_SNOOZE_DAYS));
    }
    if days == 0 {
        tx.remove_snooze(s.id)?;
        return Ok(Outcome::Snoozed {
            code: s.code,
            until: None,
        });
    }
    let now_sev = replenish::assess_sku(
        tx,
        &s,
        ctx.now,
        crate::domain::replenishment::DEFAULT_WINDOW_DAYS,
    )?
    .status;
    let until: Millis = ctx.now.saturating_add(i64::from(days) * DAY_MS);
    tx.put_snooze(&Snooze {
        sku: s.id,
        until,
        by: ctx.actor.clone(),
        // Snoozing a quiet SKU hides its mildest alert only.
        status: if now_sev.is_alert() {
            now_sev
        } else {
            StockStatus::Low
        },
    })?;
    Ok(Outcome::Snoozed {
        code: s.code,
        until: Some(time_text(until)),
    })
}
