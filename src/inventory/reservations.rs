//! A reservation's life after it is made: release, pick, ship, and an order that arrives
//! (reserve or backorder). Called by the engine's dispatch.

use crate::domain::{
    self, Channel, Delivery, Location, LocationId, MovementKind, Refusal, Reservation,
    ReservationId, ReservationStatus, Seq, Sku, SkuId, rules,
};
use crate::store::kits::KitReader;
use crate::store::{Reader, WriteTx};

use super::engine::*;
use super::kits_made::holdable;
use super::{Command, Error, FieldProblem, Outcome, Result};

pub(super) fn run_release(
    tx: &WriteTx,
    ctx: &Ctx,
    id: &ReservationId,
    reason: &Option<String>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let reason = check_opt_text("reason", reason.as_deref(), domain::limits::MAX_NOTE)?;
    if let Some(mut b) = tx
        .reservation(*id)?
        .filter(|r| r.status == ReservationStatus::Backorder)
    {
        // A backorder holds nothing: cancelling it moves no stock.
        b.status = ReservationStatus::Cancelled;
        tx.put_reservation(&b)?;
        touched.push(b.sku);
        return Ok(Outcome::Released(reservation_view(tx, &b)?));
    }
    let mut r = open_reservation(tx, *id)?;
    let s = sku_by_id(tx, r.sku)?;
    let l = super::kits::levels(tx, s.id, r.location)?;
    let d = rules::release(&l, r.remaining)?;
    let e = Entry::new(&s, r.location, MovementKind::Release, r.remaining, d)
        .channel(r.channel)
        .reservation(r.id)
        .reference(Some(r.order_ref.clone()))
        .note(reason);
    write_entry(tx, ctx, e)?;
    let released = r.remaining;
    r.remaining = 0;
    r.status = ReservationStatus::Cancelled;
    tx.put_reservation(&r)?;
    touched.push(s.id);
    // The answer says how many units were let go (after a partial ship, only the rest).
    let mut view = reservation_view(tx, &r)?;
    view.qty = released;
    Ok(Outcome::Released(view))
}

pub(super) fn run_pick(
    tx: &WriteTx,
    id: &ReservationId,
    barcode: &str,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut r = open_reservation(tx, *id)?;
    let s = sku_by_id(tx, r.sku)?;
    let scanned = check_code("barcode", barcode)?;
    let scanned = scanned.as_str();
    // A kit is picked by scanning its components (or the kit's own code, a whole kit).
    if let Some(k) = crate::store::kits::KitReader::kit(tx, s.id)? {
        let ticked = super::kits_pick::pick(tx, &mut r, &k, &s, scanned)?;
        if r.picked == r.remaining {
            r.status = ReservationStatus::Picked;
        }
        tx.put_reservation(&r)?;
        touched.push(s.id);
        let mut view = reservation_view(tx, &r)?;
        view.parts = super::kits_pick::pick_lines(tx, &r, ticked)?;
        return Ok(Outcome::Picked(view));
    }
    let key = domain::limits::code_key(scanned);
    if domain::limits::code_key(&s.code) != key
        && !s
            .barcodes
            .iter()
            .any(|b| domain::limits::code_key(b) == key)
    {
        // The right item typed in the other keyboard layout: said so, not "wrong item".
        if super::lookup::spelt_in_other_alphabet(scanned, &s) {
            return Err(super::InputError::LookAlikeSku {
                typed: scanned.to_string(),
                code: s.code.clone(),
            }
            .into());
        }
        return Err(Refusal::WrongBarcode {
            id: r.id,
            expected: s.code.clone(),
            scanned: scanned.to_string(),
        }
        .into());
    }
    if r.picked >= r.remaining {
        return Err(Refusal::PickMoreThanRemaining {
            id: r.id,
            remaining: r.remaining,
            picked: r.picked,
        }
        .into());
    }
    r.picked += 1;
    if r.picked == r.remaining {
        r.status = ReservationStatus::Picked;
    }
    tx.put_reservation(&r)?;
    touched.push(s.id);
    Ok(Outcome::Picked(reservation_view(tx, &r)?))
}

pub(super) fn run_ship(
    tx: &WriteTx,
    ctx: &Ctx,
    id: &ReservationId,
    qty: &Option<u64>,
    tracking: &Option<String>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut r = open_reservation(tx, *id)?;
    let s = sku_by_id(tx, r.sku)?;
    let q = match qty {
        Some(q) => check_qty(*q)?,
        None => r.remaining,
    };
    let l = super::kits::levels(tx, s.id, r.location)?;
    let d = rules::ship(&l, r.id, r.remaining, q)?;
    let tracking = tracking
        .as_deref()
        .map(|t| check_text("tracking", t, domain::limits::MAX_NAME))
        .transpose()?;
    let e = Entry::new(&s, r.location, MovementKind::Ship, q, d)
        .channel(r.channel)
        .reservation(r.id)
        .reference(Some(r.order_ref.clone()))
        .note(tracking.clone());
    let seq = write_entry(tx, ctx, e)?;
    super::kits_pick::unpick(tx, &r, q)?;
    r.remaining -= q;
    r.picked = r.picked.saturating_sub(q);
    if tracking.is_some() {
        r.tracking = tracking;
    }
    r.status = if r.remaining == 0 {
        ReservationStatus::Shipped
    } else if r.picked >= r.remaining {
        ReservationStatus::Picked
    } else {
        ReservationStatus::Open
    };
    tx.put_reservation(&r)?;
    touched.push(s.id);
    Ok(Outcome::Shipped {
        reservation: reservation_view(tx, &r)?,
        qty: q,
        seq,
    })
}

// The arguments are the command's own fields, as the dispatch destructures them.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_order(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: &u64,
    channel: &str,
    order: &Option<String>,
    delivery: &Delivery,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let line = OrderLine {
        sku,
        qty: *qty,
        channel,
        order: order.as_deref(),
        delivery,
        created: ctx.now,
    };
    reserve_or_backorder(tx, ctx, &line, touched)
}

/// An order line that arrives: reserved if stock allows, else waiting as a backorder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrderLine<'a> {
    pub sku: &'a str,
    pub qty: u64,
    pub channel: &'a str,
    /// The channel's order reference; none makes one up (`R<id>`).
    pub order: Option<&'a str>,
    pub delivery: &'a Delivery,
    /// When the order was placed: a backorder's place in the queue.
    pub created: domain::Millis,
}

/// Reserve, else backorder: the one rule for an order line. It is reserved as `reserve`
/// does (from several locations if need be); refused for want of stock (not enough
/// available, a shortage, no source location holding it), it is recorded as a backorder
/// that holds nothing and waits its turn (`fill_backorders`). Any other refusal stands.
pub(crate) fn reserve_or_backorder(
    tx: &WriteTx,
    ctx: &Ctx,
    line: &OrderLine,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let reserve = Command::Reserve {
        sku: line.sku.to_string(),
        qty: line.qty,
        channel: line.channel.to_string(),
        order: line.order.map(str::to_string),
        at: None,
        delivery: line.delivery.clone(),
    };
    match run(tx, ctx, &reserve, touched) {
        Err(Error::Refused(
            Refusal::InsufficientAvailable { .. }
            | Refusal::Shortage { .. }
            | Refusal::NoLocationWithStock { .. },
        )) => {
            let s = resolve_sku(tx, line.sku)?;
            let ch = resolve_channel(tx, line.channel)?;
            let q = check_qty(line.qty)?;
            let id = tx.last_reservation_id()?.unwrap_or(0) + 1;
            let order_ref = match line.order {
                Some(o) => check_text("order", o, domain::limits::MAX_NAME)?,
                None => free_order_ref(tx, ch.id, s.id, id)?,
            };
            if tx.order(ch.id, &order_ref, s.id)?.is_some() {
                return Err(Refusal::DuplicateOrder {
                    channel: ch.name,
                    order_ref,
                }
                .into());
            }
            let r = super::channels::backorder(
                tx,
                &s,
                &ch,
                &order_ref,
                q,
                check_delivery(line.delivery)?,
                line.created,
            )?;
            touched.push(s.id);
            Ok(Outcome::Backordered(reservation_view(tx, &r)?))
        }
        other => other,
    }
}

/// Which ids the parts of [`hold_parts`] take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartIds {
    /// The first part is the base reservation itself (a backorder being filled keeps its
    /// id, its tracking and its place); the others are new.
    KeepFirst,
    /// Every part is a new reservation of the base's order line (a line that grew).
    AllNew,
}

/// Holds `qty` units of `base`'s order line from the channel's source locations, one open
/// part per location, each lapsing at the channel's hold deadline; their ids. None (and
/// nothing written) when those locations do not hold the units together.
pub(crate) fn hold_parts(
    tx: &WriteTx,
    ctx: &Ctx,
    (s, ch): (&Sku, &Channel),
    base: &Reservation,
    qty: u64,
    ids: PartIds,
    note: Option<String>,
) -> Result<Option<Vec<ReservationId>>> {
    let Some(parts) = parts_for(tx, s, ch, qty)? else {
        return Ok(None);
    };
    // Every part is checked before anything is written: a hold that cannot be done leaves
    // the order waiting and never refuses the command that tried it (a receive).
    for (loc, n) in &parts {
        if holdable(tx, s.id, loc.id)? < i64::try_from(*n).unwrap_or(i64::MAX) {
            return Ok(None);
        }
    }
    let deadline = ch.hold_deadline(ctx.now);
    let mut made = Vec::with_capacity(parts.len());
    for (i, (loc, n)) in parts.into_iter().enumerate() {
        let keep = i == 0 && ids == PartIds::KeepFirst;
        let part = Reservation {
            id: if keep {
                base.id
            } else {
                tx.last_reservation_id()?.unwrap_or(0) + 1
            },
            location: loc.id,
            qty: n,
            remaining: n,
            picked: 0,
            status: ReservationStatus::Open,
            deadline,
            tracking: if ids == PartIds::KeepFirst {
                base.tracking.clone()
            } else {
                None
            },
            ..base.clone()
        };
        hold(tx, ctx, s, &part, loc.id, n, note.clone())?;
        if keep {
            tx.put_reservation(&part)?;
        } else {
            put_part(tx, &part)?;
        }
        made.push(part.id);
    }
    Ok(Some(made))
}

/// A reserve; `force` (the owner's reason) lets it pass a shortage.
pub(crate) fn reserve(
    tx: &WriteTx,
    ctx: &Ctx,
    (sku, qty, channel, order, at, delivery): ReserveArgs<'_>,
    force: Option<&str>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let delivery = check_delivery(delivery)?;
    let s = resolve_sku(tx, sku)?;
    not_archived(&s)?;
    super::kits::parts_not_archived(tx, &s)?;
    let ch = resolve_channel(tx, channel)?;
    if ch.paused {
        return Err(Refusal::ChannelPaused { channel: ch.name }.into());
    }
    let q = check_qty(qty)?;
    let named = at.map(|n| resolve_location(tx, Some(n))).transpose()?;
    // A SKU in shortage has promised more than it has: nothing new until it is fixed.
    if force.is_none() && sku_totals(tx, s.id)?.available() < 0 {
        return Err(Refusal::Shortage {
            code: s.code.clone(),
        }
        .into());
    }
    let parts = match named {
        Some(l) => vec![(l, q)],
        None => plan_locations(tx, &s, &ch, q)?,
    };
    // Every part is checked before anything is written.
    let is_kit = tx.kit(s.id)?.is_some();
    for (loc, n) in &parts {
        let l = super::kits::levels(tx, s.id, loc.id)?;
        rules::reserve(&l, *n)?;
        // A kit's reservation is all made kits or all components, never both; a plain
        // SKU holds what its levels have available.
        let can = if is_kit {
            holdable(tx, s.id, loc.id)?
        } else {
            l.available()
        };
        if can < i64::try_from(*n).unwrap_or(i64::MAX) {
            return Err(Refusal::InsufficientAvailable {
                available: can,
                requested: *n,
            }
            .into());
        }
    }
    let id = tx.last_reservation_id()?.unwrap_or(0) + 1;
    let order_ref = match order {
        Some(o) => check_text("order", o, domain::limits::MAX_NAME)?,
        None => free_order_ref(tx, ch.id, s.id, id)?,
    };
    if tx.order(ch.id, &order_ref, s.id)?.is_some() {
        return Err(Refusal::DuplicateOrder {
            channel: ch.name,
            order_ref,
        }
        .into());
    }
    let head = Reservation {
        id,
        channel: ch.id,
        order_ref: order_ref.clone(),
        sku: s.id,
        location: parts[0].0.id,
        qty: q,
        remaining: q,
        picked: 0,
        delivery,
        created: ctx.now,
        deadline: ch.hold_deadline(ctx.now),
        status: ReservationStatus::Open,
        tracking: None,
    };
    let note = force.map(forced_note);
    let mut views = Vec::with_capacity(parts.len());
    for (i, (loc, n)) in parts.iter().enumerate() {
        let r = if i == 0 {
            Reservation {
                qty: *n,
                remaining: *n,
                ..head.clone()
            }
        } else {
            Reservation {
                id: tx.last_reservation_id()?.unwrap_or(0) + 1,
                location: loc.id,
                qty: *n,
                remaining: *n,
                ..head.clone()
            }
        };
        hold(tx, ctx, &s, &r, loc.id, *n, note.clone())?;
        if i == 0 {
            tx.put_reservation(&r)?;
            tx.put_order(ch.id, &order_ref, s.id, id)?;
        } else {
            put_part(tx, &r)?;
        }
        // Everything the view names is at hand: no second lookup.
        views.push(super::queries::reservation_view_with(
            &r, &s, &loc.name, &ch.name,
        ));
    }
    touched.push(s.id);
    Ok(if views.len() == 1 {
        Outcome::Reserved(views.remove(0))
    } else {
        Outcome::ReservedSplit(views)
    })
}

/// `reservation move ID --to LOC`: what an open reservation holds goes to another
/// location, as a release where it was and a reserve where it goes (one transaction).
/// The target must have the units available; picked units were picked at the old place,
/// so the picked count starts again. Allowed while the SKU is in shortage: it promises
/// nothing new.
pub(crate) fn move_reservation(
    tx: &WriteTx,
    ctx: &Ctx,
    id: u64,
    to: &str,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut r = open_reservation(tx, id)?;
    let s = sku_by_id(tx, r.sku)?;
    let dest = resolve_location(tx, Some(to))?;
    if dest.id == r.location {
        return Err(Refusal::AlreadyAt {
            id,
            location: dest.name,
        }
        .into());
    }
    let from = location_name(tx, r.location)?;
    // Both halves are checked before either is written.
    rules::release(&super::kits::levels(tx, s.id, r.location)?, r.remaining)?;
    // A kit is held there as made kits if they cover it, else as components, never both.
    let there = holdable(tx, s.id, dest.id)?;
    if there < i64::try_from(r.remaining).unwrap_or(i64::MAX) {
        return Err(Refusal::MoveShort {
            id,
            location: dest.name,
            available: there,
            requested: r.remaining,
        }
        .into());
    }
    let_go(tx, ctx, &s, &r, Some(format!("moved to {}", dest.name)))?;
    hold(
        tx,
        ctx,
        &s,
        &r,
        dest.id,
        r.remaining,
        Some(format!("moved from {from}")),
    )?;
    r.location = dest.id;
    r.picked = 0;
    r.status = ReservationStatus::Open;
    tx.put_reservation(&r)?;
    touched.push(s.id);
    Ok(Outcome::Reserved(reservation_view(tx, &r)?))
}

/// Where a reservation of `q` units takes them, among the channel's source locations
/// (every location when it names none): the first location with all `q` available (the
/// default first, then in the order the locations were made), so an order is picked in
/// one place when it can be. When none has them all, several locations give what they
/// have, the most available first (ties: the same order), so the order is split over as
/// few places as possible; one part per location. Together they may not take more than
/// the SKU's total available, so a location short elsewhere is not promised twice.
pub(crate) fn plan_locations(
    tx: &WriteTx,
    s: &Sku,
    ch: &Channel,
    q: u64,
) -> Result<Vec<(Location, u64)>> {
    let mut locs = tx.locations()?;
    let default = default_location_id(tx)?;
    locs.sort_by_key(|l| (Some(l.id) != default, l.id));
    if !ch.sources.is_empty() {
        locs.retain(|l| ch.sources.contains(&l.id));
    }
    if locs.is_empty() {
        return Err(Refusal::NoLocationWithStock { requested: q }.into());
    }
    let mut with: Vec<(Location, u64)> = Vec::new();
    for loc in locs {
        let avail = holdable(tx, s.id, loc.id)?;
        if avail >= q as i64 {
            return Ok(vec![(loc, q)]);
        }
        if avail > 0 {
            with.push((loc, avail as u64));
        }
    }
    let in_sources = with.iter().fold(0u64, |a, (_, n)| a.saturating_add(*n));
    let pool = u64::try_from(sku_totals(tx, s.id)?.available().max(0)).unwrap_or(0);
    let can = in_sources.min(pool);
    if can < q {
        return Err(Refusal::InsufficientAvailable {
            available: i64::try_from(can).unwrap_or(i64::MAX),
            requested: q,
        }
        .into());
    }
    // A stable sort: equal amounts keep the default-first order.
    with.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut left = q;
    let mut out = Vec::new();
    for (loc, n) in with {
        if left == 0 {
            break;
        }
        let take = n.min(left);
        out.push((loc, take));
        left -= take;
    }
    Ok(out)
}

/// `reservation backorder ID`: an open reservation lets its units go and waits as a
/// backorder, filled (from several locations if need be) as soon as stock covers it.
/// When part of it already shipped, that part stays shipped and the rest becomes a new
/// backorder of the same order line.
pub(crate) fn backorder_reservation(
    tx: &WriteTx,
    ctx: &Ctx,
    id: u64,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut r = open_reservation(tx, id)?;
    let s = sku_by_id(tx, r.sku)?;
    // An archived SKU's backorders are never filled: it would wait for ever.
    not_archived(&s)?;
    let_go(tx, ctx, &s, &r, Some("back to backorder".into()))?;
    let shipped = r.qty - r.remaining;
    let rest = r.remaining;
    let waiting = if shipped > 0 {
        let b = Reservation {
            id: tx.last_reservation_id()?.unwrap_or(0) + 1,
            qty: rest,
            remaining: 0,
            picked: 0,
            deadline: None,
            status: ReservationStatus::Backorder,
            tracking: None,
            ..r.clone()
        };
        r.qty = shipped;
        r.remaining = 0;
        r.picked = 0;
        r.status = ReservationStatus::Shipped;
        tx.put_reservation(&r)?;
        put_part(tx, &b)?;
        b
    } else {
        r.remaining = 0;
        r.picked = 0;
        r.deadline = None;
        r.status = ReservationStatus::Backorder;
        tx.put_reservation(&r)?;
        r
    };
    touched.push(s.id);
    Ok(Outcome::Backordered(reservation_view(tx, &waiting)?))
}

/// A sale or a reservation, plain or forced past a shortage with the owner's reason; any
/// other command cannot be forced.
pub(crate) fn sell_or_reserve(
    tx: &WriteTx,
    ctx: &Ctx,
    cmd: &Command,
    forced: Option<&str>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    match cmd {
        Command::Sell {
            sku,
            qty,
            channel,
            at,
        } => sell(tx, ctx, sku, *qty, channel, at.as_deref(), forced, touched),
        Command::Reserve {
            sku,
            qty,
            channel,
            order,
            at,
            delivery,
        } => reserve(
            tx,
            ctx,
            (
                sku,
                *qty,
                channel,
                order.as_deref(),
                at.as_deref(),
                delivery,
            ),
            forced,
            touched,
        ),
        other => Err(Error::field(
            "force",
            other.name(),
            FieldProblem::OneOf(vec!["sell".into(), "reserve".into()]),
        )),
    }
}

/// A sale without a reservation. A SKU in shortage (more promised than on hand) sells
/// nothing, as it reserves nothing, unless the owner forces it with a reason.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sell(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: u64,
    channel: &str,
    at: Option<&str>,
    force: Option<&str>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let (s, loc) = sku_at(tx, sku, at)?;
    not_archived(&s)?;
    super::kits::parts_not_archived(tx, &s)?;
    let ch = resolve_channel(tx, channel)?;
    if force.is_none() && sku_totals(tx, s.id)?.available() < 0 {
        return Err(Refusal::Shortage { code: s.code }.into());
    }
    let l = super::kits::levels(tx, s.id, loc.id)?;
    let d = rules::sell(&l, check_qty(qty)?)?;
    let e = Entry::new(&s, loc.id, MovementKind::Sell, qty, d)
        .channel(ch.id)
        .note(force.map(forced_note));
    moved(tx, ctx, e, &s, touched)
}

/// Writes the release entry of what reservation `r` holds at its location. The caller
/// changes and saves the reservation.
pub(crate) fn let_go(
    tx: &WriteTx,
    ctx: &Ctx,
    s: &Sku,
    r: &Reservation,
    note: Option<String>,
) -> Result<Seq> {
    let d = rules::release(&super::kits::levels(tx, s.id, r.location)?, r.remaining)?;
    super::kits_pick::unpick(tx, r, r.remaining)?;
    let e = Entry::new(s, r.location, MovementKind::Release, r.remaining, d)
        .channel(r.channel)
        .reservation(r.id)
        .reference(Some(r.order_ref.clone()))
        .note(note);
    write_entry(tx, ctx, e)
}

/// Where `q` units for the channel come from (see [`plan_locations`]), or None when its
/// source locations do not hold them together.
pub(crate) fn parts_for(
    tx: &WriteTx,
    s: &Sku,
    ch: &Channel,
    q: u64,
) -> Result<Option<Vec<(Location, u64)>>> {
    match plan_locations(tx, s, ch, q) {
        Ok(p) => Ok(Some(p)),
        Err(Error::Refused(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes the reserve entry of `n` units at `loc` for reservation `r` (its channel, id and
/// order reference). The caller saves the reservation.
pub(crate) fn hold(
    tx: &WriteTx,
    ctx: &Ctx,
    s: &Sku,
    r: &Reservation,
    loc: LocationId,
    n: u64,
    note: Option<String>,
) -> Result<Seq> {
    let d = rules::reserve(&super::kits::levels(tx, s.id, loc)?, n)?;
    let e = Entry::new(s, loc, MovementKind::Reserve, n, d)
        .channel(r.channel)
        .reservation(r.id)
        .reference(Some(r.order_ref.clone()))
        .note(note);
    write_entry(tx, ctx, e)
}

/// Units of one SKU an order shipped, and units of it already returned, from the SKU's
/// ledger: ship entries and return entries carry the channel and the order reference.
/// Entries made for a kit (a component shipped or returned inside it) are the kit's.
pub(crate) fn order_shipped_and_returned(
    tx: &WriteTx,
    sku: SkuId,
    channel: crate::domain::ChannelId,
    order: &str,
) -> Result<(u64, u64)> {
    let (mut shipped, mut returned) = (0u64, 0u64);
    for m in tx.movements_of_sku(sku, Seq::MAX, usize::MAX)? {
        if m.channel != Some(channel) || m.reference.as_deref() != Some(order) {
            continue;
        }
        // A component shipped inside a kit comes back only with its kit: the kit's return
        // counts it. Counting it here too would let it come back twice.
        if tx.kit_mark(m.seq)?.is_some() {
            continue;
        }
        match m.kind {
            MovementKind::Ship => shipped = shipped.saturating_add(m.qty),
            MovementKind::ReturnRestock | MovementKind::ReturnDefect(_) => {
                returned = returned.saturating_add(m.qty)
            }
            _ => {}
        }
    }
    Ok((shipped, returned))
}
