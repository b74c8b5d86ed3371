//! Applying a count: rows in conflict with movements after their count, reservations a
//! lower count leaves short, and the owner's resolution of a conflict.

use super::*;

/// The movements that make a counted row doubtful when they come after its last entry: an
/// adjust, a write-off or a defect at the session's location. Nobody can tell whether they took
/// units from the shelf after the count or wrote down the same difference the count found.
pub fn is_ambiguous(kind: &MovementKind) -> bool {
    matches!(
        kind,
        MovementKind::Adjust | MovementKind::Writeoff | MovementKind::Defect(_)
    )
}

/// The sum of the on_hand changes of the ambiguous movements (see `is_ambiguous`) at the
/// location after `seq`; None when there were none.
fn ambiguous_after(r: &impl Reader, s: &CountSession, sku: SkuId, seq: u64) -> Result<Option<i64>> {
    let mut before = u64::MAX;
    let mut found: Option<i64> = None;
    loop {
        let page = r.movements_of_sku(sku, before, 128)?;
        for m in &page {
            if m.seq <= seq {
                return Ok(found);
            }
            // Any adjust counts: this session's own ones only come at apply, and a SKU
            // applied once is not looked at again.
            if is_ambiguous(&m.kind) && m.location == s.location {
                found = Some(found.unwrap_or(0).saturating_add(m.delta.on_hand));
            }
        }
        match page.last() {
            Some(m) if page.len() == 128 => before = m.seq,
            _ => return Ok(found),
        }
    }
}

/// Why a counted row is not applied as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// An ambiguous movement came after the row's last entry; `delta` is what it changed.
    Movement { delta: i64 },
    /// current on_hand + variance would be below 0.
    BelowZero,
}

/// The row's conflict, if any: first an ambiguous movement, then a target below 0.
pub fn conflict_of(r: &impl Reader, s: &CountSession, t: &Tally) -> Result<Option<Conflict>> {
    if let Some(delta) = ambiguous_after(r, s, t.sku, t.last_seq)? {
        return Ok(Some(Conflict::Movement { delta }));
    }
    let on_hand = r.levels(t.sku, s.location)?.on_hand;
    if (on_hand as i64).saturating_add(t.variance()) < 0 {
        return Ok(Some(Conflict::BelowZero));
    }
    Ok(None)
}

/// Open reservations of a SKU at a location that its on_hand does not cover, oldest order
/// first covered first.
pub fn short_reservations(
    r: &impl Reader,
    sku: SkuId,
    location: crate::domain::LocationId,
) -> Result<Vec<(crate::domain::Reservation, u64)>> {
    let on_hand = r.levels(sku, location)?.on_hand;
    short_with(r, sku, location, on_hand)
}

/// As `short_reservations`, with `on_hand` units at the location. A kit's reservation
/// that holds components (not made kits) needs its quantity per kit of `sku` for each kit
/// left; its shortfall is counted in kits.
fn short_with(
    r: &impl Reader,
    sku: SkuId,
    location: crate::domain::LocationId,
    on_hand: u64,
) -> Result<Vec<(crate::domain::Reservation, u64)>> {
    let mut open: Vec<(crate::domain::Reservation, u64)> = Vec::new();
    for x in r.open_reservations()? {
        let live = matches!(
            x.status,
            crate::domain::ReservationStatus::Open | crate::domain::ReservationStatus::Picked
        );
        if !live || x.location != location || x.remaining == 0 {
            continue;
        }
        let per = if x.sku == sku {
            1
        } else {
            match crate::store::kits::KitReader::kit(r, x.sku)? {
                Some(k) if !crate::inventory::kits_made::reservation_is_made(r, x.sku, x.id)? => {
                    k.parts.iter().find(|p| p.sku == sku).map_or(0, |p| p.qty)
                }
                _ => 0,
            }
        };
        if per > 0 {
            open.push((x, per));
        }
    }
    open.sort_by_key(|(x, _)| (x.created, x.id));
    let mut left = on_hand;
    let mut out = Vec::new();
    for (x, per) in open {
        let need = x.remaining.saturating_mul(per);
        let covered = left.min(need);
        left -= covered;
        if covered < need {
            let short = (need - covered).div_ceil(per);
            out.push((x, short));
        }
    }
    Ok(out)
}

fn short_views(r: &impl Reader, s: &CountSession, skus: &[SkuId]) -> Result<Vec<ShortReservation>> {
    let mut with = Vec::new();
    for &sku in skus {
        with.push((sku, r.levels(sku, s.location)?.on_hand));
    }
    short_views_with(r, s, &with)
}

/// Short reservations were each SKU to have the given on_hand at the session's location.
pub(super) fn short_views_with(
    r: &impl Reader,
    s: &CountSession,
    skus: &[(SkuId, u64)],
) -> Result<Vec<ShortReservation>> {
    let loc = crate::inventory::queries::location_names(r)?
        .get(&s.location)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for &(sku, on_hand) in skus {
        let code = sku_by_id(r, sku)?.code;
        for (x, short) in short_with(r, sku, s.location, on_hand)? {
            out.push(ShortReservation {
                reservation: x.id,
                code: code.clone(),
                order: x.order_ref.clone(),
                location: loc.clone(),
                remaining: x.remaining,
                short,
            });
        }
    }
    Ok(out)
}

/// True when on_hand at the location changed between the SKU's first and last entry.
pub(super) fn moved_between(r: &impl Reader, s: &CountSession, t: &Tally) -> Result<bool> {
    if t.last_seq <= t.first_seq {
        return Ok(false);
    }
    let mut before = t.last_seq + 1;
    loop {
        let page = r.movements_of_sku(t.sku, before, 128)?;
        for m in &page {
            if m.seq <= t.first_seq {
                return Ok(false);
            }
            let here = m.location == s.location && m.delta.on_hand != 0;
            let arrived = matches!(m.kind, MovementKind::Transfer { to } if to == s.location);
            if here || arrived {
                return Ok(true);
            }
        }
        match page.last() {
            Some(m) if page.len() == 128 => before = m.seq,
            _ => return Ok(false),
        }
    }
}

/// SKUs in scope with stock at the location that nobody counted.
pub(super) fn uncounted(
    r: &impl Reader,
    s: &CountSession,
    counted: &[SkuId],
) -> Result<Vec<(SkuId, String)>> {
    let mut out = Vec::new();
    for sku in r.skus()? {
        if sku.archived
            || counted.contains(&sku.id)
            || s.applied.contains(&sku.id)
            || !in_scope(s, &sku.code, &sku.name)
        {
            continue;
        }
        if r.levels(sku.id, s.location)?.on_hand > 0 {
            out.push((sku.id, sku.code));
        }
    }
    Ok(out)
}

pub fn apply(
    tx: &WriteTx,
    ctx: &Ctx,
    session: SessionId,
    only: &[String],
    zero_uncounted: bool,
) -> Result<Outcome> {
    let mut s = open_session(tx, session)?;
    let entries = tx.count_entries(session)?;
    let tallies: Vec<Tally> = tally(&entries)
        .into_iter()
        .filter(|t| !s.applied.contains(&t.sku))
        .collect();
    let mut only_ids = Vec::new();
    for code in only {
        only_ids.push(resolve_sku(tx, code)?.id);
    }
    let mut sum = ApplySummary {
        session,
        ..Default::default()
    };
    let reference = session_ref(session);
    // Everything is checked first, then written: a refusal leaves no trace.
    let mut plan = Vec::new();
    for t in &tallies {
        if !only_ids.is_empty() && !only_ids.contains(&t.sku) {
            continue;
        }
        let sku = sku_by_id(tx, t.sku)?;
        let l = tx.levels(t.sku, s.location)?;
        let target = (l.on_hand as i64).saturating_add(t.variance());
        if conflict_of(tx, &s, t)?.is_some() || target < 0 {
            sum.conflicts.push(sku.code);
            continue;
        }
        plan.push((sku, l, target as u64, t.variance()));
    }
    let counted: Vec<SkuId> = tallies.iter().map(|t| t.sku).collect();
    let missing = if only_ids.is_empty() {
        uncounted(tx, &s, &counted)?
    } else {
        Vec::new()
    };
    sum.uncounted = missing.iter().map(|(_, c)| c.clone()).collect();
    for (sku, l, target, variance) in plan {
        if variance != 0 {
            let d = rules::adjust(&l, AdjustTo::Set(target))?;
            let e = Entry::new(
                &sku,
                s.location,
                MovementKind::Adjust,
                d.on_hand.unsigned_abs(),
                d,
            )
            .with_reference(Some(reference.clone()))
            .with_note(Some("stocktake".into()));
            write_entry(tx, ctx, e)?;
        }
        s.applied.push(sku.id);
        sum.applied.push((sku.code, variance));
    }
    if zero_uncounted {
        for (id, code) in &missing {
            let sku = sku_by_id(tx, *id)?;
            let l = tx.levels(*id, s.location)?;
            let d = rules::adjust(&l, AdjustTo::Set(0))?;
            let e = Entry::new(
                &sku,
                s.location,
                MovementKind::Adjust,
                d.on_hand.unsigned_abs(),
                d,
            )
            .with_reference(Some(reference.clone()))
            .with_note(Some("stocktake: not found".into()));
            write_entry(tx, ctx, e)?;
            sum.zeroed.push(code.clone());
        }
    }
    // Reservations the new on hand no longer covers.
    let mut changed: Vec<SkuId> = Vec::new();
    for code in sum.applied.iter().map(|(c, _)| c).chain(sum.zeroed.iter()) {
        changed.push(resolve_sku(tx, code)?.id);
    }
    sum.short = short_views(tx, &s, &changed)?;
    // The one rule for closing: only an apply of the whole count closes it, and only when
    // no conflict is left; a conflict keeps it open for its recount or the owner's choice.
    if only_ids.is_empty() && sum.conflicts.is_empty() {
        s.status = SessionStatus::Applied;
        sum.closed = true;
    }
    tx.put_count_session(&s)?;
    Ok(Outcome::CountApplied(sum))
}

/// The owner's choice for one row in conflict by a movement after its count: applies that
/// row alone (like `--only`), the count staying open for the rest.
pub fn resolve(
    tx: &WriteTx,
    ctx: &Ctx,
    session: SessionId,
    sku: &str,
    choice: Resolution,
) -> Result<Outcome> {
    let mut s = open_session(tx, session)?;
    let sku = resolve_sku(tx, sku)?;
    if s.applied.contains(&sku.id) {
        return Err(Refusal::CountAlreadyApplied { code: sku.code }.into());
    }
    let entries = tx.count_entries(session)?;
    let Some(t) = tally(&entries).into_iter().find(|t| t.sku == sku.id) else {
        return Err(Refusal::CountNoConflict {
            session,
            code: sku.code,
        }
        .into());
    };
    let delta = match conflict_of(tx, &s, &t)? {
        Some(Conflict::Movement { delta }) => delta,
        // In conflict only because applying would go below 0: a recount is the way out.
        Some(Conflict::BelowZero) => {
            return Err(Refusal::CountBelowZero {
                session,
                code: sku.code,
            }
            .into());
        }
        None => {
            return Err(Refusal::CountNoConflict {
                session,
                code: sku.code,
            }
            .into());
        }
    };
    let l = tx.levels(sku.id, s.location)?;
    let mut target = (l.on_hand as i64).saturating_add(t.variance());
    if choice == Resolution::CountStands {
        target = target.saturating_sub(delta);
    }
    if target < 0 {
        return Err(Refusal::CountBelowZero {
            session,
            code: sku.code,
        }
        .into());
    }
    let change = target - l.on_hand as i64;
    if change != 0 {
        let d = rules::adjust(&l, AdjustTo::Set(target as u64))?;
        let e = Entry::new(
            &sku,
            s.location,
            MovementKind::Adjust,
            d.on_hand.unsigned_abs(),
            d,
        )
        .with_reference(Some(session_ref(session)))
        .with_note(Some(choice.note().into()));
        write_entry(tx, ctx, e)?;
    }
    s.applied.push(sku.id);
    tx.put_count_session(&s)?;
    let short = short_views(tx, &s, &[sku.id])?;
    Ok(Outcome::CountApplied(ApplySummary {
        session,
        applied: vec![(sku.code, change)],
        short,
        ..Default::default()
    }))
}
