//! A marketplace's order export through the engine: new orders reserved or backordered,
//! cancelled ones released, shipped ones shipped, and lines whose quantity changed (a line
//! split over locations handled as the whole it is).

use super::*;

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
    let merged = merged_rows(tx, file, rows)?;
    let mut sum = OrdersSummary {
        rows: rows.len(),
        ..Default::default()
    };
    // Lines whose quantity changed (the summary of protocol 2 had no place for them).
    let mut changed = 0usize;
    // The ids of every reservation of this channel per (order, SKU), when some order line
    // was ever split over locations; read once, kept up to date by what this file does.
    let mut lines = split_lines_of(tx, &ch)?;
    for (row, o, s) in merged {
        let o = &o;
        let existing = tx
            .order(ch.id, &o.order_ref, s.id)?
            .and_then(|id| tx.reservation(id).ok().flatten());
        let at_row = |e: Error| -> Error {
            // The cell the refusal is about: the SKU's, the quantity's, or the row's.
            let column = match &e {
                Error::Refused(Refusal::SkuArchived { .. }) => row.column_of("code"),
                Error::Refused(
                    Refusal::InsufficientAvailable { .. } | Refusal::InsufficientOnHand { .. },
                ) => row.column_of("quantity"),
                Error::Input(InputError::Field { field, .. }) => row.column_of(field),
                _ => 1,
            };
            InputError::Rows(vec![RowError {
                file: file.to_string(),
                line: row.line,
                column,
                message: e.into(),
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
        let run =
            |cmd: Command| crate::inventory::engine::apply_inner(tx, ctx, &cmd).map_err(at_row);
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
                place_new(tx, ctx, (&ch, &s), o, (&mut sum, &mut lines), &at_row)?;
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
                ship_backorder(tx, ctx, (&ch, &s), vec![r], o).map_err(at_row)?;
                sum.shipped += 1;
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

/// The rows checked (every SKU known) and merged: several lines for one order and SKU
/// with the same status are one order line whose quantities add up.
fn merged_rows<'r>(
    tx: &WriteTx,
    file: &str,
    rows: &'r [Located<OrderRow>],
) -> Result<Vec<(&'r Located<OrderRow>, OrderRow, Sku)>> {
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
                message: e.into(),
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
                        .into(),
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
    Ok(merged)
}

/// The ids of every reservation of the channel per (order, SKU), when some order line was
/// ever split over locations (else none: no line needs handling as a whole).
fn split_lines_of(tx: &WriteTx, ch: &Channel) -> Result<Option<SplitLines>> {
    if tx
        .meta(crate::inventory::engine::META_SPLIT_LINES)?
        .is_none()
    {
        return Ok(None);
    }
    let mut m: SplitLines = HashMap::new();
    for r in tx.reservations()? {
        if r.channel == ch.id {
            m.entry((r.order_ref.clone(), r.sku))
                .or_default()
                .push(r.id);
        }
    }
    Ok(Some(m))
}

/// The reservations of each split order line, by (order, SKU).
type SplitLines = HashMap<(String, SkuId), Vec<u64>>;

/// An order line not seen before: a new one is reserved or waits as a backorder; a
/// shipped one is reserved and shipped at once. `at_row` names the row in an error.
fn place_new(
    tx: &WriteTx,
    ctx: &Ctx,
    (ch, s): (&Channel, &Sku),
    o: &OrderRow,
    (sum, lines): (&mut OrdersSummary, &mut Option<SplitLines>),
    at_row: &dyn Fn(Error) -> Error,
) -> Result<()> {
    let run_at =
        |cmd: Command| crate::inventory::engine::apply_inner(tx, ctx, &cmd).map_err(at_row);
    let line = crate::inventory::engine::OrderLine {
        sku: &s.code,
        qty: o.qty,
        channel: &ch.name,
        order: Some(&o.order_ref),
        delivery: &o.delivery,
        created: o.created.unwrap_or(ctx.now),
    };
    // A new order waits as a backorder when stock does not cover it; one
    // that is already shipped must be reserved to be shipped.
    let placed = if o.status == OrderStatus::New {
        crate::inventory::engine::reserve_or_backorder(tx, ctx, &line, &mut Vec::new())
    } else {
        crate::inventory::engine::apply_inner(
            tx,
            ctx,
            &Command::Reserve {
                sku: s.code.clone(),
                qty: o.qty,
                channel: ch.name.clone(),
                order: Some(o.order_ref.clone()),
                at: None,
                delivery: o.delivery.clone(),
            },
        )
    };
    match placed {
        Ok(Outcome::Backordered(_)) => sum.backordered += 1,
        Ok(out @ (Outcome::Reserved(_) | Outcome::ReservedSplit(_))) => {
            let ids: Vec<u64> = match out {
                Outcome::ReservedSplit(vs) => vs.iter().map(|v| v.reservation).collect(),
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
                    run_at(Command::Ship {
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
        )) if o.status == OrderStatus::Shipped => {
            return Err(at_row(shipped_short(tx, ch, s, o)?));
        }
        Err(e) => return Err(at_row(e)),
    }
    Ok(())
}

/// A posting the channel says left while its line waits as a backorder (all of it, or
/// the parts given): the goods went, so the line is filled from the stock at hand and
/// shipped. When that stock does not hold it, the posting is refused, naming the order
/// and what to do; nothing of it changes.
fn ship_backorder(
    tx: &WriteTx,
    ctx: &Ctx,
    (ch, s): (&Channel, &Sku),
    waiting: Vec<Reservation>,
    o: &OrderRow,
) -> Result<()> {
    for r in waiting {
        let filled = crate::inventory::engine::hold_parts(
            tx,
            ctx,
            (s, ch),
            &r,
            r.qty,
            crate::inventory::engine::PartIds::KeepFirst,
            Some("shipped by the channel while waiting as a backorder".into()),
        )?;
        let Some(ids) = filled else {
            return Err(shipped_short(tx, ch, s, o)?);
        };
        for id in ids {
            crate::inventory::engine::apply_inner(
                tx,
                ctx,
                &Command::Ship {
                    id,
                    qty: None,
                    tracking: None,
                },
            )?;
        }
    }
    Ok(())
}

/// The refusal of a shipped posting the stock at hand cannot cover.
fn shipped_short(tx: &WriteTx, ch: &Channel, s: &Sku, o: &OrderRow) -> Result<Error> {
    Ok(Refusal::ShippedWithoutStock {
        channel: ch.name.clone(),
        order_ref: o.order_ref.clone(),
        sku: s.code.clone(),
        shipped: o.qty,
        available: crate::inventory::engine::sku_totals(tx, s.id)?.available(),
    }
    .into())
}

/// One row of an order file for an order line held by several reservations (one per
/// location, or a backorder for part of it): `cancelled` releases every part still in the
/// queue; `shipped` ships every open part (a part waiting as a backorder is filled from the
/// stock at hand and shipped too, or the row is refused); a
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
                crate::inventory::engine::apply_inner(
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
            // The channel says the goods left: a part still waiting is filled from
            // the stock at hand first, or the posting is refused.
            let waiting: Vec<Reservation> = parts
                .iter()
                .filter(|r| r.status == ReservationStatus::Backorder)
                .cloned()
                .collect();
            let open: Vec<u64> = parts
                .iter()
                .filter(|r| r.status.is_open())
                .map(|r| r.id)
                .collect();
            if !waiting.is_empty() {
                ship_backorder(tx, ctx, (ch, s), waiting, o)?;
            }
            for id in open {
                crate::inventory::engine::apply_inner(
                    tx,
                    ctx,
                    &Command::Ship {
                        id,
                        qty: None,
                        tracking: None,
                    },
                )?;
            }
            sum.shipped += 1;
        }
        OrderStatus::New if queued => {
            let q = crate::inventory::engine::check_qty(o.qty)?;
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
                let head = live.first().copied().or(parts.first()).cloned();
                made = grow_split_line(tx, ctx, (ch, s), head, q - line, note, sum)?;
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
                shrink_split_line(tx, ctx, s, &mut parts, line - q, &note)?;
            }
        }
        _ => sum.unchanged += 1,
    }
    Ok(made)
}

/// More units for a split order line: further parts (from one location or several) while
/// stock allows, else one backorder part for them all. `head`: the part the new ones copy
/// (the line's first live one). Answers the ids of parts made.
fn grow_split_line(
    tx: &WriteTx,
    ctx: &Ctx,
    (ch, s): (&Channel, &Sku),
    head: Option<Reservation>,
    more: u64,
    note: Option<String>,
    sum: &mut OrdersSummary,
) -> Result<Vec<u64>> {
    let mut made = Vec::new();
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
    let Some(head) = head else {
        return Ok(made);
    };
    let held = if crate::inventory::engine::sku_totals(tx, s.id)?.available() < 0 {
        None
    } else {
        crate::inventory::engine::hold_parts(
            tx,
            ctx,
            (s, ch),
            &head,
            more,
            crate::inventory::engine::PartIds::AllNew,
            note.clone(),
        )?
    };
    match held {
        Some(ids) => made.extend(ids),
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
            crate::inventory::engine::put_part(tx, &part)?;
            made.push(part.id);
            sum.backordered += 1;
        }
    }
    Ok(made)
}

/// `left` fewer units for a split order line: units nobody has picked go first
/// (backorders, then unpicked units, newest part first); a unit a packer already holds
/// goes last.
fn shrink_split_line(
    tx: &WriteTx,
    ctx: &Ctx,
    s: &Sku,
    parts: &mut [Reservation],
    mut left: u64,
    note: &Option<String>,
) -> Result<()> {
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
            let l = crate::inventory::kits::levels(tx, s.id, r.location)?;
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
    Ok(())
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
    let q = crate::inventory::engine::check_qty(q)?;
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
        let l = crate::inventory::kits::levels(tx, s.id, r.location)?;
        let short = crate::inventory::engine::sku_totals(tx, s.id)?.available() < 0;
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
        let l = crate::inventory::kits::levels(tx, s.id, r.location)?;
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
