//! Channels through the engine: allocation rules, the matrix, feeds, order import with
//! backorders, listed quantities, and hold expiry.

use crate::domain::limits;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::allocation::{self, Drift};
use crate::domain::{
    Channel, Delivery, DeliveryMethod, Destination, Levels, Millis, MovementKind, Refusal,
    Reservation, ReservationStatus, Sku, SkuId, StockStatus, rules,
};
use crate::store::{Reader, WriteTx};

use super::engine::{
    Ctx, Entry, find_location, resolve_channel, resolve_sku, sku_by_id, write_entry,
};
use super::{Command, Error, InputError, Located, Outcome, Result, RowError};

/// The rules a `channel rules` call changes; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesSpec {
    pub priority: Option<u32>,
    pub keep_when_low: Option<bool>,
    pub buffer: Option<u64>,
    /// `Some(None)` removes the cap.
    pub max_listed: Option<Option<u64>>,
    pub share_pct: Option<u32>,
    /// Location names; an empty list means every location.
    pub sources: Option<Vec<String>>,
    /// Seconds; `Some(None)` removes the hold deadline.
    pub hold_ttl_secs: Option<Option<u64>>,
    pub paused: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    New,
    Cancelled,
    Shipped,
}

impl OrderStatus {
    pub fn parse(s: &str) -> Option<OrderStatus> {
        match s.trim().to_lowercase().as_str() {
            "new"
            | "confirmed"
            | "awaiting_packaging"
            | "новый"
            | "новый заказ"
            | "подтверждён" => Some(OrderStatus::New),
            "cancelled" | "canceled" | "отменён" | "отменен" | "отмена" => {
                Some(OrderStatus::Cancelled)
            }
            "shipped" | "delivered" | "отгружен" | "доставлен" => {
                Some(OrderStatus::Shipped)
            }
            _ => None,
        }
    }
}

/// One line of a marketplace's order export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub order_ref: String,
    pub sku: String,
    pub qty: u64,
    pub status: OrderStatus,
    pub delivery: Delivery,
    pub created: Option<Millis>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrdersSummary {
    pub rows: usize,
    pub reserved: usize,
    pub backordered: usize,
    pub released: usize,
    pub shipped: usize,
    pub unchanged: usize,
}

/// One (SKU, channel) cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub channel: String,
    pub published: u64,
    pub listed: Option<u64>,
    /// listed - published: above 0 is an oversell risk, below 0 lost sales.
    pub drift: Option<i64>,
    /// Why the channel shows 0, when a rule withholds the stock.
    pub withheld: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub code: String,
    pub name: String,
    pub available: i64,
    /// The SKU's status, the same word the SKU list shows; what the channels withhold
    /// follows from it.
    pub status: StockStatus,
    pub channels: Vec<MatrixCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedRow {
    pub code: String,
    pub barcode: String,
    pub qty: u64,
}

/// A channel with all its rules, for `channel list --json` and the rules editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub name: String,
    pub kind: String,
    pub priority: u32,
    pub paused: bool,
    pub keep_when_low: bool,
    pub share_pct: u32,
    pub buffer: u64,
    pub max_listed: Option<u64>,
    pub sources: Vec<String>,
    pub hold_ttl_secs: Option<u64>,
}

pub fn rules_view(r: &impl Reader, c: &Channel) -> Result<RulesView> {
    let names = super::queries::location_names(r)?;
    Ok(RulesView {
        name: c.name.clone(),
        kind: c.kind.as_str().to_string(),
        priority: c.priority,
        paused: c.paused,
        keep_when_low: c.keep_when_low,
        share_pct: c.share_pct,
        buffer: c.buffer,
        max_listed: c.max_listed,
        sources: c
            .sources
            .iter()
            .filter_map(|l| names.get(l).cloned())
            .collect(),
        hold_ttl_secs: c.hold_ttl_secs,
    })
}

/// A hold lasts from one second to 365 days.
pub fn check_hold_ttl(secs: u64) -> Result<u64> {
    if secs == 0 {
        return Err(Error::field(
            "hold_ttl",
            "0",
            crate::domain::NumberError::Zero,
        ));
    }
    if secs > limits::MAX_HOLD_TTL_SECS {
        return Err(Error::at_most(
            "hold_ttl",
            &format!("{secs}s"),
            format!("{}d", limits::MAX_HOLD_TTL_SECS / 86_400),
        ));
    }
    Ok(secs)
}

pub fn set_rules(tx: &WriteTx, channel: &str, spec: &RulesSpec) -> Result<Outcome> {
    let mut c = resolve_channel(tx, channel)?;
    if let Some(p) = spec.priority {
        if p == 0 {
            return Err(Error::field(
                "priority",
                "0",
                crate::domain::NumberError::Zero,
            ));
        }
        super::engine::check_at_most("priority", u64::from(p), limits::MAX_PRIORITY)?;
        c.priority = p;
    }
    if let Some(v) = spec.keep_when_low {
        c.keep_when_low = v;
    }
    if let Some(v) = spec.buffer {
        c.buffer = super::engine::check_at_most("buffer", v, limits::MAX_QTY)?;
    }
    if let Some(v) = spec.max_listed {
        if let Some(m) = v {
            super::engine::check_at_most("max", m, limits::MAX_QTY)?;
        }
        c.max_listed = v;
    }
    if let Some(v) = spec.share_pct {
        if u64::from(v) > limits::MAX_SHARE {
            return Err(Error::field(
                "share",
                &v.to_string(),
                super::FieldProblem::TooMany {
                    max: limits::MAX_SHARE,
                },
            ));
        }
        c.share_pct = v;
    }
    if let Some(names) = &spec.sources {
        let mut ids = Vec::new();
        for n in names {
            let l = find_location(tx, n)?.ok_or_else(|| InputError::UnknownLocation(n.clone()))?;
            ids.push(l.id);
        }
        c.sources = ids;
    }
    if let Some(v) = spec.hold_ttl_secs {
        if let Some(t) = v {
            check_hold_ttl(t)?;
        }
        c.hold_ttl_secs = v;
    }
    if let Some(v) = spec.paused {
        c.paused = v;
    }
    tx.put_channel(&c)?;
    Ok(Outcome::ChannelSaved(rules_view(tx, &c)?))
}

/// Releases every hold whose deadline has passed, as the actor `system`.
/// Runs at the start of every write, on the server's timer, and by `stockroom expire`.
pub fn expire_due(tx: &WriteTx, now: Millis) -> Result<Vec<SkuId>> {
    let ctx = Ctx {
        actor: "system".into(),
        now,
    };
    let mut touched = Vec::new();
    for id in tx.due_holds(now)? {
        let Some(mut r) = tx.reservation(id)? else {
            continue;
        };
        if !r.status.is_open() {
            continue;
        }
        let s = sku_by_id(tx, r.sku)?;
        let l = tx.levels(s.id, r.location)?;
        let d = rules::release(&l, r.remaining)?;
        let e = Entry::new(&s, r.location, MovementKind::Expire, r.remaining, d)
            .with_channel(r.channel)
            .with_reservation(r.id)
            .with_reference(Some(r.order_ref.clone()))
            .with_note(Some("hold expired".into()));
        write_entry(tx, &ctx, e)?;
        r.remaining = 0;
        r.status = ReservationStatus::Expired;
        tx.put_reservation(&r)?;
        touched.push(s.id);
    }
    // One entry per SKU however many of its holds expired: callers count SKUs freed.
    touched.sort_unstable();
    touched.dedup();
    Ok(touched)
}

/// Reserves waiting backorders of a SKU, oldest first, while stock allows; stops at the
/// first that does not fit, so a big old order is not passed over by small new ones.
pub fn fill_backorders(tx: &WriteTx, ctx: &Ctx, sku: SkuId) -> Result<()> {
    let ids = tx.backorders_of(sku)?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut waiting = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = tx.reservation(id)? {
            waiting.push(r);
        }
    }
    waiting.sort_by_key(|r| (r.created, r.id));
    if waiting.is_empty() || super::engine::sku_totals(tx, sku)?.available() < 0 {
        return Ok(());
    }
    let s = sku_by_id(tx, sku)?;
    // An archived SKU is not reserved, not even for the orders that wait for it.
    if s.archived {
        return Ok(());
    }
    let chans = tx.channels()?;
    for r in waiting {
        let Some(ch) = chans.iter().find(|c| c.id == r.channel).cloned() else {
            break;
        };
        // A paused channel takes no stock: its backorders wait (and keep their place)
        // while the next ones in line are filled.
        if ch.paused {
            continue;
        }
        // All of it, from one source location or from several (one part each).
        let Some(parts) = super::engine::parts_for(tx, &s, &ch, r.qty)? else {
            break;
        };
        let deadline = ch.hold_ttl_secs.and_then(|t| limits::deadline(ctx.now, t));
        for (i, (loc, n)) in parts.into_iter().enumerate() {
            let part = Reservation {
                id: if i == 0 {
                    r.id
                } else {
                    tx.last_reservation_id()?.unwrap_or(0) + 1
                },
                location: loc.id,
                qty: n,
                remaining: n,
                picked: 0,
                status: ReservationStatus::Open,
                deadline,
                ..r.clone()
            };
            super::engine::hold(
                tx,
                ctx,
                &s,
                &part,
                loc.id,
                n,
                Some("backorder filled".into()),
            )?;
            if i == 0 {
                tx.put_reservation(&part)?;
            } else {
                super::engine::put_part(tx, &part)?;
            }
        }
    }
    Ok(())
}

/// A backorder: the order is recorded and queued, nothing is reserved.
pub fn backorder(
    tx: &WriteTx,
    s: &Sku,
    ch: &Channel,
    order_ref: &str,
    qty: u64,
    delivery: Delivery,
    created: Millis,
) -> Result<Reservation> {
    let id = tx.last_reservation_id()?.unwrap_or(0) + 1;
    let location = super::engine::default_location_id(tx)?.unwrap_or(1);
    let r = Reservation {
        id,
        channel: ch.id,
        order_ref: order_ref.to_string(),
        sku: s.id,
        location,
        qty,
        remaining: 0,
        picked: 0,
        delivery,
        created,
        deadline: None,
        status: ReservationStatus::Backorder,
        tracking: None,
    };
    tx.put_reservation(&r)?;
    tx.put_order(ch.id, order_ref, s.id, id)?;
    Ok(r)
}

/// A marketplace's order export, applied idempotently: the same (channel, order, SKU) twice
/// changes nothing; a later `cancelled` releases; `shipped` ships. All or nothing.
pub fn import_orders(
    tx: &WriteTx,
    ctx: &Ctx,
    channel: &str,
    file: &str,
    rows: &[Located<OrderRow>],
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    // First every row is checked; then they are applied in file order.
    let mut errors = Vec::new();
    let mut skus = Vec::with_capacity(rows.len());
    for row in rows {
        match resolve_sku(tx, &row.row.sku) {
            Ok(s) => skus.push(s),
            Err(e) => errors.push(RowError {
                file: file.to_string(),
                line: row.line,
                column: row.column_of("code"),
                message: e.to_string(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    // Several lines for one order and SKU with the same status are one order line: their
    // quantities add up (a channel that lists each unit or each position on its own line).
    // Lines with another status (new, then shipped) are applied after, in file order.
    let mut merged: Vec<(&Located<OrderRow>, OrderRow, Sku)> = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(String, SkuId, OrderStatus), usize> = HashMap::new();
    for (row, s) in rows.iter().zip(skus) {
        let key = (row.row.order_ref.clone(), s.id, row.row.status);
        match seen.get(&key) {
            Some(&i) => {
                let m = &mut merged[i].1;
                match m
                    .qty
                    .checked_add(row.row.qty)
                    .filter(|q| *q <= limits::MAX_QTY)
                {
                    Some(q) => m.qty = q,
                    None => errors.push(RowError {
                        file: file.to_string(),
                        line: row.line,
                        column: row.column_of("quantity"),
                        message: Error::at_most(
                            "quantity",
                            &format!("{}+{}", m.qty, row.row.qty),
                            limits::MAX_QTY.to_string(),
                        )
                        .to_string(),
                    }),
                }
            }
            None => {
                seen.insert(key, merged.len());
                merged.push((row, row.row.clone(), s));
            }
        }
    }
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    let mut sum = OrdersSummary {
        rows: rows.len(),
        ..Default::default()
    };
    // Lines whose quantity changed (the summary of protocol 2 had no place for them).
    let mut changed = 0usize;
    // The ids of every reservation of this channel per (order, SKU), when some order line
    // was ever split over locations; read once, kept up to date by what this file does.
    let mut lines: Option<HashMap<(String, SkuId), Vec<u64>>> = None;
    if tx.meta(super::engine::META_SPLIT_LINES)?.is_some() {
        let mut m: HashMap<(String, SkuId), Vec<u64>> = HashMap::new();
        for r in tx.reservations()? {
            if r.channel == ch.id {
                m.entry((r.order_ref.clone(), r.sku))
                    .or_default()
                    .push(r.id);
            }
        }
        lines = Some(m);
    }
    for (row, o, s) in merged {
        let o = &o;
        let existing = tx
            .order(ch.id, &o.order_ref, s.id)?
            .and_then(|id| tx.reservation(id).ok().flatten());
        let at_row = |e: Error| -> Error {
            InputError::Rows(vec![RowError {
                file: file.to_string(),
                line: row.line,
                column: 1,
                message: e.to_string(),
            }])
            .into()
        };
        // A line split over several locations is handled as the whole it is.
        let ids = lines
            .as_ref()
            .and_then(|m| m.get(&(o.order_ref.clone(), s.id)))
            .filter(|ids| ids.len() > 1)
            .cloned();
        if let (Some(ids), Some(_)) = (ids, &existing) {
            let mut parts = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(r) = tx.reservation(id)? {
                    parts.push(r);
                }
            }
            let made =
                split_line(tx, ctx, &ch, &s, parts, o, &mut sum, &mut changed).map_err(at_row)?;
            if let Some(m) = lines.as_mut() {
                m.entry((o.order_ref.clone(), s.id))
                    .or_default()
                    .extend(made);
            }
            touched.push(s.id);
            continue;
        }
        let run = |cmd: Command| super::engine::apply_inner(tx, ctx, &cmd).map_err(at_row);
        match (o.status, existing) {
            (OrderStatus::New, Some(r)) => {
                match change_qty(tx, ctx, &ch, &s, r, o.qty).map_err(at_row)? {
                    Changed::No => sum.unchanged += 1,
                    Changed::Yes => changed += 1,
                    Changed::Backordered => {
                        changed += 1;
                        sum.backordered += 1;
                    }
                }
            }
            (OrderStatus::New, None) | (OrderStatus::Shipped, None) => {
                let reserve = Command::Reserve {
                    sku: s.code.clone(),
                    qty: o.qty,
                    channel: ch.name.clone(),
                    order: Some(o.order_ref.clone()),
                    at: None,
                    delivery: o.delivery.clone(),
                };
                match super::engine::apply_inner(tx, ctx, &reserve) {
                    Ok(out @ (Outcome::Reserved(_) | Outcome::ReservedSplit(_))) => {
                        let ids: Vec<u64> = match out {
                            Outcome::ReservedSplit(vs) => {
                                vs.iter().map(|v| v.reservation).collect()
                            }
                            Outcome::Reserved(v) => vec![v.reservation],
                            _ => Vec::new(),
                        };
                        for &id in &ids {
                            // The queue is oldest order first: keep the channel's order time.
                            if let (Some(created), Some(mut r)) = (o.created, tx.reservation(id)?) {
                                r.created = created;
                                tx.put_reservation(&r)?;
                            }
                            if o.status == OrderStatus::Shipped {
                                run(Command::Ship {
                                    id,
                                    qty: None,
                                    tracking: None,
                                })?;
                            }
                        }
                        if o.status == OrderStatus::Shipped {
                            sum.shipped += 1;
                        } else {
                            sum.reserved += 1;
                        }
                        if ids.len() > 1 {
                            let m = lines.get_or_insert_with(HashMap::new);
                            m.insert((o.order_ref.clone(), s.id), ids);
                        }
                    }
                    Ok(_) => sum.reserved += 1,
                    Err(Error::Refused(
                        Refusal::InsufficientAvailable { .. }
                        | Refusal::Shortage { .. }
                        | Refusal::NoLocationWithStock { .. },
                    )) if o.status == OrderStatus::New => {
                        backorder(
                            tx,
                            &s,
                            &ch,
                            &o.order_ref,
                            o.qty,
                            o.delivery.clone(),
                            o.created.unwrap_or(ctx.now),
                        )?;
                        sum.backordered += 1;
                    }
                    Err(e) => return Err(at_row(e)),
                }
            }
            (OrderStatus::Cancelled, Some(r)) if r.status.in_queue() => {
                run(Command::Release {
                    id: r.id,
                    reason: Some("cancelled by the channel".into()),
                })?;
                sum.released += 1;
            }
            (OrderStatus::Shipped, Some(r)) if r.status.is_open() => {
                run(Command::Ship {
                    id: r.id,
                    qty: None,
                    tracking: None,
                })?;
                sum.shipped += 1;
            }
            (OrderStatus::Shipped, Some(r)) if r.status == ReservationStatus::Backorder => {
                return Err(at_row(
                    Refusal::ReservationNotOpen {
                        id: r.id,
                        status: "backorder".into(),
                    }
                    .into(),
                ));
            }
            _ => sum.unchanged += 1,
        }
        touched.push(s.id);
    }
    Ok(if changed == 0 {
        Outcome::OrdersImported(sum)
    } else {
        Outcome::OrdersChanged {
            summary: sum,
            changed,
        }
    })
}

/// One row of an order file for an order line held by several reservations (one per
/// location, or a backorder for part of it): `cancelled` releases every part still in the
/// queue; `shipped` ships every open part (refused while a part waits as a backorder); a
/// new quantity is compared with the line's (what its parts not cancelled or expired add
/// up to): more reserves the difference as further parts (from one location or several,
/// else as a backorder part), less lets units go from the newest parts first, never below
/// what shipped. Answers the ids of parts it made.
#[allow(clippy::too_many_arguments)]
fn split_line(
    tx: &WriteTx,
    ctx: &Ctx,
    ch: &Channel,
    s: &Sku,
    mut parts: Vec<Reservation>,
    o: &OrderRow,
    sum: &mut OrdersSummary,
    changed: &mut usize,
) -> Result<Vec<u64>> {
    parts.sort_by_key(|r| r.id);
    let queued = parts.iter().any(|r| r.status.in_queue());
    let mut made = Vec::new();
    match o.status {
        OrderStatus::Cancelled if queued => {
            for r in parts.iter().filter(|r| r.status.in_queue()) {
                super::engine::apply_inner(
                    tx,
                    ctx,
                    &Command::Release {
                        id: r.id,
                        reason: Some("cancelled by the channel".into()),
                    },
                )?;
            }
            sum.released += 1;
        }
        OrderStatus::Shipped if queued => {
            if let Some(b) = parts
                .iter()
                .find(|r| r.status == ReservationStatus::Backorder)
            {
                return Err(Refusal::ReservationNotOpen {
                    id: b.id,
                    status: "backorder".into(),
                }
                .into());
            }
            for r in parts.iter().filter(|r| r.status.is_open()) {
                super::engine::apply_inner(
                    tx,
                    ctx,
                    &Command::Ship {
                        id: r.id,
                        qty: None,
                        tracking: None,
                    },
                )?;
            }
            sum.shipped += 1;
        }
        OrderStatus::New if queued => {
            let q = super::engine::check_qty(o.qty)?;
            let live: Vec<&Reservation> = parts
                .iter()
                .filter(|r| r.status.in_queue() || r.status == ReservationStatus::Shipped)
                .collect();
            let line: u64 = live.iter().map(|r| r.qty).sum();
            if q == line {
                sum.unchanged += 1;
                return Ok(made);
            }
            let note = Some(format!("quantity changed by the channel: {line} -> {q}"));
            *changed += 1;
            if q > line {
                if ch.paused {
                    return Err(Refusal::ChannelPaused {
                        channel: ch.name.clone(),
                    }
                    .into());
                }
                if s.archived {
                    return Err(Refusal::SkuArchived {
                        code: s.code.clone(),
                    }
                    .into());
                }
                let more = q - line;
                let Some(head) = live.first().copied().or(parts.first()).cloned() else {
                    return Ok(made);
                };
                let fits = if super::engine::sku_totals(tx, s.id)?.available() < 0 {
                    None
                } else {
                    super::engine::parts_for(tx, s, ch, more)?
                };
                match fits {
                    Some(at) => {
                        let deadline = ch.hold_ttl_secs.and_then(|t| limits::deadline(ctx.now, t));
                        for (loc, n) in at {
                            let part = Reservation {
                                id: tx.last_reservation_id()?.unwrap_or(0) + 1,
                                location: loc.id,
                                qty: n,
                                remaining: n,
                                picked: 0,
                                status: ReservationStatus::Open,
                                deadline,
                                tracking: None,
                                ..head.clone()
                            };
                            super::engine::hold(tx, ctx, s, &part, loc.id, n, note.clone())?;
                            super::engine::put_part(tx, &part)?;
                            made.push(part.id);
                        }
                    }
                    None => {
                        let part = Reservation {
                            id: tx.last_reservation_id()?.unwrap_or(0) + 1,
                            qty: more,
                            remaining: 0,
                            picked: 0,
                            status: ReservationStatus::Backorder,
                            deadline: None,
                            tracking: None,
                            ..head.clone()
                        };
                        super::engine::put_part(tx, &part)?;
                        made.push(part.id);
                        sum.backordered += 1;
                    }
                }
            } else {
                let shipped: u64 = live
                    .iter()
                    .filter(|r| r.status != ReservationStatus::Backorder)
                    .map(|r| r.qty - r.remaining)
                    .sum();
                if q < shipped {
                    return Err(Refusal::OrderBelowShipped {
                        order_ref: o.order_ref.clone(),
                        shipped,
                        requested: q,
                    }
                    .into());
                }
                let mut left = line - q;
                // Units nobody has picked go first (backorders, then unpicked units, newest
                // part first); a unit a packer already holds goes last.
                for picked_too in [false, true] {
                    for r in parts.iter_mut().rev().filter(|r| r.status.in_queue()) {
                        if left == 0 {
                            break;
                        }
                        if r.status == ReservationStatus::Backorder {
                            if picked_too {
                                continue;
                            }
                            let take = r.qty.min(left);
                            r.qty -= take;
                            left -= take;
                            if r.qty == 0 {
                                r.status = ReservationStatus::Cancelled;
                            }
                            tx.put_reservation(r)?;
                            continue;
                        }
                        let room = if picked_too {
                            r.remaining
                        } else {
                            r.remaining - r.picked.min(r.remaining)
                        };
                        let take = room.min(left);
                        if take == 0 {
                            continue;
                        }
                        let l = tx.levels(s.id, r.location)?;
                        let d = rules::release(&l, take)?;
                        let e = Entry::new(s, r.location, MovementKind::Release, take, d)
                            .with_channel(r.channel)
                            .with_reservation(r.id)
                            .with_reference(Some(r.order_ref.clone()))
                            .with_note(note.clone());
                        write_entry(tx, ctx, e)?;
                        left -= take;
                        r.qty -= take;
                        r.remaining -= take;
                        r.picked = r.picked.min(r.remaining);
                        if r.remaining == 0 {
                            r.status = if r.qty > 0 {
                                ReservationStatus::Shipped
                            } else {
                                ReservationStatus::Cancelled
                            };
                        } else if r.picked == r.remaining {
                            r.status = ReservationStatus::Picked;
                        }
                        tx.put_reservation(r)?;
                    }
                }
            }
        }
        _ => sum.unchanged += 1,
    }
    Ok(made)
}

enum Changed {
    No,
    Yes,
    /// Grown past what fits, nothing of it shipped or picked: the whole line waits.
    Backordered,
}

/// A new quantity for an order line already known. More: the difference is reserved at
/// the line's location; when it does not fit and nothing of the line was shipped or
/// picked, the line lets its units go and waits as a backorder for the new quantity
/// (otherwise the import is refused). Less: the difference is released, never below what
/// already shipped. A backorder takes the new quantity; a closed line stays as it is.
fn change_qty(
    tx: &WriteTx,
    ctx: &Ctx,
    ch: &Channel,
    s: &Sku,
    mut r: Reservation,
    q: u64,
) -> Result<Changed> {
    let q = super::engine::check_qty(q)?;
    if q == r.qty || !r.status.in_queue() {
        return Ok(Changed::No);
    }
    let note = Some(format!("quantity changed by the channel: {} -> {q}", r.qty));
    if r.status == ReservationStatus::Backorder {
        r.qty = q;
        tx.put_reservation(&r)?;
        return Ok(Changed::Yes);
    }
    let shipped = r.qty - r.remaining;
    if q > r.qty {
        if ch.paused {
            return Err(Refusal::ChannelPaused {
                channel: ch.name.clone(),
            }
            .into());
        }
        if s.archived {
            return Err(Refusal::SkuArchived {
                code: s.code.clone(),
            }
            .into());
        }
        let more = q - r.qty;
        let l = tx.levels(s.id, r.location)?;
        let short = super::engine::sku_totals(tx, s.id)?.available() < 0;
        let fits = if short {
            Err(Refusal::Shortage {
                code: s.code.clone(),
            })
        } else {
            rules::reserve(&l, more)
        };
        match fits {
            Ok(d) => {
                let e = Entry::new(s, r.location, MovementKind::Reserve, more, d)
                    .with_channel(r.channel)
                    .with_reservation(r.id)
                    .with_reference(Some(r.order_ref.clone()))
                    .with_note(note);
                write_entry(tx, ctx, e)?;
                r.qty = q;
                r.remaining += more;
                if r.status == ReservationStatus::Picked {
                    r.status = ReservationStatus::Open;
                }
                tx.put_reservation(&r)?;
                Ok(Changed::Yes)
            }
            Err(_) if shipped == 0 && r.picked == 0 => {
                let d = rules::release(&l, r.remaining)?;
                let e = Entry::new(s, r.location, MovementKind::Release, r.remaining, d)
                    .with_channel(r.channel)
                    .with_reservation(r.id)
                    .with_reference(Some(r.order_ref.clone()))
                    .with_note(note);
                write_entry(tx, ctx, e)?;
                r.qty = q;
                r.remaining = 0;
                r.status = ReservationStatus::Backorder;
                tx.put_reservation(&r)?;
                Ok(Changed::Backordered)
            }
            Err(e) => Err(e.into()),
        }
    } else {
        if q < shipped {
            return Err(Refusal::OrderBelowShipped {
                order_ref: r.order_ref.clone(),
                shipped,
                requested: q,
            }
            .into());
        }
        let less = r.qty - q;
        let l = tx.levels(s.id, r.location)?;
        let d = rules::release(&l, less)?;
        let e = Entry::new(s, r.location, MovementKind::Release, less, d)
            .with_channel(r.channel)
            .with_reservation(r.id)
            .with_reference(Some(r.order_ref.clone()))
            .with_note(note);
        write_entry(tx, ctx, e)?;
        r.qty = q;
        r.remaining -= less;
        r.picked = r.picked.min(r.remaining);
        if r.remaining == 0 {
            r.status = ReservationStatus::Shipped;
        } else if r.picked == r.remaining {
            r.status = ReservationStatus::Picked;
        }
        tx.put_reservation(&r)?;
        Ok(Changed::Yes)
    }
}

pub fn import_listed(
    tx: &WriteTx,
    channel: &str,
    file: &str,
    rows: &[Located<super::StockRow>],
) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    let mut errors = Vec::new();
    let mut plan = Vec::new();
    for row in rows {
        match resolve_sku(tx, &row.row.sku) {
            Ok(s) => plan.push((s.id, row.row.on_hand)),
            Err(e) => errors.push(RowError {
                file: file.to_string(),
                line: row.line,
                column: row.column_of("code"),
                message: e.to_string(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    for (sku, qty) in &plan {
        tx.set_listed(ch.id, *sku, *qty)?;
    }
    Ok(Outcome::ListedImported {
        channel: ch.name,
        rows: plan.len(),
    })
}

/// Remembers what a feed file said, so `--changed-only` can leave out what did not change.
pub fn mark_feed(tx: &WriteTx, channel: &str, rows: &[FeedRow]) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    for row in rows {
        let s = resolve_sku(tx, &row.code)?;
        tx.set_feed_sent(ch.id, s.id, row.qty)?;
    }
    Ok(Outcome::FeedMarked {
        channel: ch.name,
        rows: rows.len(),
    })
}

// ---- reads ------------------------------------------------------------------------------

/// Per SKU, its levels at every location.
fn levels_by_sku(
    r: &impl Reader,
) -> Result<HashMap<SkuId, Vec<(crate::domain::LocationId, Levels)>>> {
    let mut m: HashMap<SkuId, Vec<_>> = HashMap::new();
    for (s, l, lv) in r.all_levels()? {
        m.entry(s).or_default().push((l, lv));
    }
    Ok(m)
}

/// The SKU's status over all its locations, as the SKU list has it.
fn status_of(
    r: &impl Reader,
    facts: &super::replenish::StockFacts,
    s: &Sku,
    levels: &[(crate::domain::LocationId, Levels)],
) -> Result<StockStatus> {
    let total = levels.iter().fold(Levels::default(), |t, (_, l)| t.add(l));
    Ok(facts.assess(r, s, &total)?.status)
}

pub fn matrix(
    r: &impl crate::store::market::MarketReader,
    now: Millis,
) -> Result<(Vec<RulesView>, Vec<MatrixRow>)> {
    let mut chans = r.channels()?;
    chans.sort_by_key(|c| (c.priority, c.id));
    let levels = levels_by_sku(r)?;
    let facts = super::replenish::StockFacts::load(r, now)?;
    let listed: Vec<HashMap<SkuId, u64>> = chans
        .iter()
        .map(|c| r.listed(c.id))
        .collect::<std::result::Result<_, _>>()?;
    let listings = chans
        .iter()
        .map(|c| super::market::listing_of(r, c.id))
        .collect::<Result<Vec<_>>>()?;
    let mut rows = Vec::new();
    for s in r.skus()? {
        let lv = levels.get(&s.id).map(Vec::as_slice).unwrap_or(&[]);
        let available = lv.iter().map(|(_, l)| l.available()).sum();
        let status = status_of(r, &facts, &s, lv)?;
        let cells = chans
            .iter()
            .zip(&listed)
            .zip(&listings)
            .map(|((c, lst), listing)| {
                let mut a = allocation::allocate(c, lv, status);
                let unlisted = listing.as_ref().is_some_and(|l| !l.contains(&s.id));
                if unlisted {
                    a.qty = 0;
                }
                let listed = lst.get(&s.id).copied();
                MatrixCell {
                    channel: c.name.clone(),
                    published: a.qty,
                    listed,
                    drift: listed.map(|l| match allocation::drift(l, a.qty) {
                        Drift::OversellRisk(n) => n as i64,
                        Drift::LostSales(n) => -(n as i64),
                        Drift::InStep => 0,
                    }),
                    withheld: if unlisted {
                        Some(super::market::NOT_LISTED.to_string())
                    } else {
                        a.withheld.map(|w| w.as_str().to_string())
                    },
                }
            })
            .collect();
        rows.push(MatrixRow {
            code: s.code,
            name: s.name,
            available,
            status,
            channels: cells,
        });
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    let views = chans
        .iter()
        .map(|c| rules_view(r, c))
        .collect::<Result<_>>()?;
    Ok((views, rows))
}

/// What a channel should show now; with `changed_only`, just what differs from its last feed.
pub fn feed(
    r: &impl crate::store::market::MarketReader,
    channel: &str,
    changed_only: bool,
    now: Millis,
) -> Result<Vec<FeedRow>> {
    let ch = resolve_channel(r, channel)?;
    let levels = levels_by_sku(r)?;
    let facts = super::replenish::StockFacts::load(r, now)?;
    let sent = if changed_only {
        r.feed_sent(ch.id)?
    } else {
        HashMap::new()
    };
    let listing = super::market::listing_of(r, ch.id)?;
    let mut out = Vec::new();
    for s in r.skus()? {
        // A SKU the channel does not list is left out of its feed.
        if listing.as_ref().is_some_and(|l| !l.contains(&s.id)) {
            continue;
        }
        let lv = levels.get(&s.id).map(Vec::as_slice).unwrap_or(&[]);
        let qty = allocation::published(&ch, lv, status_of(r, &facts, &s, lv)?);
        if changed_only && sent.get(&s.id) == Some(&qty) {
            continue;
        }
        out.push(FeedRow {
            code: s.code.clone(),
            barcode: s.barcodes.first().cloned().unwrap_or_default(),
            qty,
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

pub fn parse_delivery(method: Option<&str>, dest: Option<&str>) -> Delivery {
    Delivery {
        method: method.and_then(DeliveryMethod::parse),
        destination: dest.and_then(Destination::parse),
        address: None,
    }
}
