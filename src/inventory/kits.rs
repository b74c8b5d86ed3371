//! Kits: a SKU whose stock is its components'. Its levels are read from theirs, and an
//! entry written for it becomes one entry per component, each naming the kit, in the same
//! transaction (see `domain::kit`).

use crate::domain::kit::{self, Kit, KitMark, KitPart};
use crate::domain::{
    self, DefectReason, Levels, LocationId, MovementKind, Refusal, Seq, Sku, SkuId, rules,
};
use crate::store::kits::KitReader;
use crate::store::{Reader, WriteTx};

use super::engine::{Ctx, Entry, check_qty, record, resolve_sku, sku_by_id};
use super::{Outcome, Result, SkuSpec};

pub use super::kits_view::{KitComponentView, KitPlaceView, KitView, kit_view};

/// The levels the rules see for a SKU at a location: a plain SKU's stored ones; a kit's
/// made kits (its stored levels) plus what its components allow (available = the smallest
/// floor(component available / qty); reserved = the kits its open reservations of
/// components hold there; on hand = the sum, never below 0; never defective).
pub fn levels(r: &impl Reader, sku: SkuId, loc: LocationId) -> Result<Levels> {
    match r.kit(sku)? {
        None => Ok(r.levels(sku, loc)?),
        Some(k) => kit_levels(r, &k, loc),
    }
}

pub(super) fn kit_levels(r: &impl Reader, k: &Kit, loc: LocationId) -> Result<Levels> {
    let mut avail = Vec::with_capacity(k.parts.len());
    for p in &k.parts {
        avail.push(r.levels(p.sku, loc)?.available());
    }
    let n = kit::kit_available(&k.parts, &avail).map_or(0, |(n, _)| n);
    let reserved = r.kit_held(k.kit, loc)?;
    let held = i64::try_from(reserved).unwrap_or(i64::MAX);
    let made = r.levels(k.kit, loc)?;
    let from_parts = u64::try_from(n.saturating_add(held).max(0)).unwrap_or(0);
    Ok(Levels {
        on_hand: from_parts.saturating_add(made.on_hand),
        reserved: reserved.saturating_add(made.reserved),
        defective: made.defective,
    })
}

/// A SKU's levels summed over every location, a kit's from its components.
pub fn totals(r: &impl Reader, sku: SkuId) -> Result<Levels> {
    match r.kit(sku)? {
        None => Ok(r
            .levels_of_sku(sku)?
            .iter()
            .fold(Levels::default(), |a, (_, l)| a.add(l))),
        Some(k) => {
            let mut t = Levels::default();
            for loc in r.locations()? {
                t = t.add(&kit_levels(r, &k, loc.id)?);
            }
            Ok(t)
        }
    }
}

/// Refuses a movement that a kit cannot have (receive, count, move, write off, adjust).
pub(crate) fn refuse_kit(r: &impl Reader, s: &Sku) -> Result<()> {
    if r.kit(s.id)?.is_some() {
        return Err(Refusal::KitHasNoStock {
            code: s.code.clone(),
        }
        .into());
    }
    Ok(())
}

/// Writes an entry for a kit as one entry per component (its quantity times the kit's
/// quantity per kit), each checked by the rules against the component's own levels and
/// naming the kit; keeps the kits held in step. Components in `defective` come back as
/// defective (a return only). The first entry's seq.
pub(crate) fn write_kit_entry(
    tx: &WriteTx,
    ctx: &Ctx,
    k: &Kit,
    e: Entry,
    defective: &[(SkuId, DefectReason)],
) -> Result<Seq> {
    if defective.is_empty() && super::kits_made::takes_made(tx, k, &e)? {
        // A made kit sells at the kit's own price.
        let sale = e.channel.filter(|_| e.kind.is_sale()).map(|ch| (e.sku, ch));
        let seq = record(&mut tx.ledger_writer()?, ctx, e)?;
        super::money::record_sale(tx, seq, sale)?;
        return Ok(seq);
    }
    let kit_sku = sku_by_id(tx, k.kit)?;
    let mut money = kit_sale_money(tx, &kit_sku, k, &e)?.into_iter();
    let mut first = None;
    for p in &k.parts {
        let q = e.qty.checked_mul(p.qty).ok_or(Refusal::Overflow)?;
        let l = tx.levels(p.sku, e.location)?;
        let broken = defective.iter().find(|(c, _)| *c == p.sku).map(|(_, r)| *r);
        let (kind, d) = match (e.kind, broken) {
            (MovementKind::Reserve, _) => (e.kind, rules::reserve(&l, q)?),
            (MovementKind::Release | MovementKind::Expire, _) => (e.kind, rules::release(&l, q)?),
            (MovementKind::Ship, _) => (e.kind, rules::ship(&l, 0, q, q)?),
            (MovementKind::Sell, _) => (e.kind, rules::sell(&l, q)?),
            (MovementKind::ReturnRestock | MovementKind::ReturnDefect(_), Some(r)) => {
                (MovementKind::ReturnDefect(r), rules::return_defect(&l, q)?)
            }
            (MovementKind::ReturnRestock, None) => (e.kind, rules::return_restock(&l, q)?),
            (MovementKind::ReturnDefect(_), None) => (e.kind, rules::return_defect(&l, q)?),
            _ => {
                return Err(Refusal::KitHasNoStock {
                    code: kit_sku.code.clone(),
                }
                .into());
            }
        };
        let part = Entry {
            sku: p.sku,
            location: e.location,
            kind,
            qty: q,
            delta: d,
            channel: e.channel,
            reservation: e.reservation,
            reference: e.reference.clone(),
            note: e.note.clone(),
            to: None,
        };
        let seq = record(&mut tx.ledger_writer()?, ctx, part)?;
        if let Some(m) = money.next() {
            tx.put_sale_money(seq, &m)?;
        }
        tx.put_kit_mark(
            seq,
            &KitMark {
                kit: k.kit,
                kits: e.qty,
                per: p.qty,
            },
        )?;
        first.get_or_insert(seq);
    }
    let held = tx.kit_held(k.kit, e.location)?;
    let held = held
        .checked_add_signed(e.delta.reserved)
        .ok_or(Refusal::Overflow)?;
    tx.set_kit_held(k.kit, e.location, held)?;
    first.ok_or_else(|| {
        Refusal::KitComponentCount {
            code: kit_sku.code,
            count: 0,
            max: kit::MAX_COMPONENTS as u64,
        }
        .into()
    })
}

/// A kit sells only while every component may: an archived component stops the kit too
/// (its refusal names the kit and the component).
pub(crate) fn parts_not_archived(r: &impl Reader, s: &Sku) -> Result<()> {
    match r.kit(s.id)? {
        Some(k) => no_archived_part(r, s, &k.parts),
        None => Ok(()),
    }
}

/// The refusal of kit `kit` of `parts` when one of them is archived.
fn no_archived_part(r: &impl Reader, kit: &Sku, parts: &[KitPart]) -> Result<()> {
    for p in parts {
        let part = sku_by_id(r, p.sku)?;
        if part.archived {
            return Err(Refusal::KitPartArchived {
                kit: kit.code.clone(),
                component: part.code,
            }
            .into());
        }
    }
    Ok(())
}

/// Whether a kit has entries in the ledger: entries of its components that name it, or its
/// own (made kits assembled or taken apart).
fn has_history(tx: &WriteTx, kit: SkuId) -> Result<bool> {
    if !tx.movements_of_sku(kit, u64::MAX, 1)?.is_empty() {
        return Ok(true);
    }
    Ok(tx.kit_marks()?.iter().any(|(_, m)| m.kit == kit))
}

/// The money of a kit's sale, one per component entry: the kit's price in force on the
/// channel shared among its components in proportion to their own prices there (their
/// costs where a component has no price, their quantities where none has either), each
/// with its own cost, and the channel's fee once. Empty when the entry is not a sale.
fn kit_sale_money(
    tx: &WriteTx,
    kit_sku: &domain::Sku,
    k: &Kit,
    e: &Entry,
) -> Result<Vec<crate::store::economics::SaleMoney>> {
    let Some(ch) = e.channel.filter(|_| e.kind.is_sale()) else {
        return Ok(Vec::new());
    };
    let kit_price = super::money::in_force(tx, kit_sku, ch)?.price;
    let mut parts = Vec::with_capacity(k.parts.len());
    for p in &k.parts {
        parts.push((
            super::money::in_force(tx, &sku_by_id(tx, p.sku)?, ch)?,
            p.qty,
        ));
    }
    let weight = |m: &crate::store::economics::SaleMoney, q: u64, by: u8| -> i128 {
        let unit = match by {
            0 => m.price.unwrap_or(0),
            1 => m.cost.unwrap_or(0),
            _ => 1,
        };
        i128::from(unit.max(0)) * i128::from(q)
    };
    let by = (0..2u8)
        .find(|by| parts.iter().all(|(m, q)| weight(m, *q, *by) > 0))
        .unwrap_or(2);
    let total: i128 = parts.iter().map(|(m, q)| weight(m, *q, by)).sum();
    // Each component's unit share, rounded down; what rounding left goes back whole units
    // of kopecks at a time, to the components in order, so the shares add up to the price.
    let mut units: Vec<Option<i128>> = parts
        .iter()
        .map(|(m, q)| {
            kit_price
                .map(|p| i128::from(p) * weight(m, *q, by) / total.max(1) / i128::from((*q).max(1)))
        })
        .collect();
    if let Some(p) = kit_price {
        let given: i128 = units
            .iter()
            .zip(&parts)
            .map(|(u, (_, q))| u.unwrap_or(0) * i128::from(*q))
            .sum();
        let mut left = i128::from(p) - given;
        for (u, (_, q)) in units.iter_mut().zip(&parts) {
            let q = i128::from((*q).max(1));
            if let Some(u) = u {
                *u += left / q;
            }
            left %= q;
        }
    }
    Ok(parts
        .iter()
        .zip(units)
        .enumerate()
        .map(|(i, ((m, _), unit))| crate::store::economics::SaleMoney {
            price: unit.map(|u| i64::try_from(u).unwrap_or(0)),
            order_fee: if i == 0 { m.order_fee } else { 0 },
            ..*m
        })
        .collect())
}

/// Kits of a kit SKU an order shipped and kits of it returned, from the ledger of its first
/// component: the entries that name the kit, with the order's channel and reference.
pub(crate) fn order_kits_shipped_and_returned(
    tx: &WriteTx,
    k: &Kit,
    channel: domain::ChannelId,
    order: &str,
) -> Result<(u64, u64)> {
    let Some(first) = k.parts.first() else {
        return Ok((0, 0));
    };
    let (mut shipped, mut returned) = (0u64, 0u64);
    for m in tx.movements_of_sku(k.kit, Seq::MAX, usize::MAX)? {
        if m.kind == MovementKind::Ship
            && m.channel == Some(channel)
            && m.reference.as_deref() == Some(order)
        {
            shipped = shipped.saturating_add(m.qty);
        }
    }
    for m in tx.movements_of_sku(first.sku, Seq::MAX, usize::MAX)? {
        if m.channel != Some(channel) || m.reference.as_deref() != Some(order) {
            continue;
        }
        let Some(mark) = tx.kit_mark(m.seq)?.filter(|x| x.kit == k.kit) else {
            continue;
        };
        match m.kind {
            MovementKind::Ship => shipped = shipped.saturating_add(mark.kits),
            MovementKind::ReturnRestock | MovementKind::ReturnDefect(_) => {
                returned = returned.saturating_add(mark.kits)
            }
            _ => {}
        }
    }
    Ok((shipped, returned))
}

/// Reads `CODE:QTY` pairs into components (each SKU must exist).
fn parts_of(tx: &WriteTx, components: &[(String, u64)]) -> Result<Vec<KitPart>> {
    let mut out = Vec::with_capacity(components.len());
    for (code, qty) in components {
        let s = resolve_sku(tx, code)?;
        out.push(KitPart {
            sku: s.id,
            qty: check_qty(*qty)?,
        });
    }
    Ok(out)
}

/// `sku add CODE --kit ...` and `sku edit CODE --kit ...`: saves the SKU (when a spec is
/// given), then its components; an empty list makes a kit a plain SKU again.
pub(super) fn run_set_kit(
    tx: &WriteTx,
    spec: Option<(&SkuSpec, bool)>,
    sku: &str,
    components: &[(String, u64)],
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let created = match spec {
        Some((spec, true)) => {
            super::catalog::run_add_sku(tx, spec, touched)?;
            true
        }
        Some((spec, false)) => {
            super::catalog::run_edit_sku(tx, spec, touched)?;
            false
        }
        None => false,
    };
    let s = resolve_sku(tx, sku)?;
    let mut parts = parts_of(tx, components)?;
    let old = tx.kit(s.id)?;
    // The same components listed in another order are the same kit: its stored order
    // stands (its history is read by its first component).
    if let Some(k) = &old {
        let sorted = |v: &[KitPart]| {
            let mut v = v.to_vec();
            v.sort_by_key(|p| (p.sku, p.qty));
            v
        };
        if sorted(&k.parts) == sorted(&parts) {
            parts = k.parts.clone();
        }
    }
    if old.is_some()
        && old.as_ref().map(|k| &k.parts) != Some(&parts)
        && let Some(r) = tx
            .open_reservations()?
            .into_iter()
            .find(|r| r.sku == s.id && r.status.is_open())
    {
        return Err(Refusal::KitInUse {
            code: s.code.clone(),
            reservation: r.id,
        }
        .into());
    }
    if old.is_some() && old.as_ref().map(|k| &k.parts) != Some(&parts) {
        let made = tx
            .levels_of_sku(s.id)?
            .iter()
            .fold(0u64, |a, (_, l)| a.saturating_add(l.on_hand));
        if made > 0 {
            return Err(Refusal::KitHasMadeKits {
                code: s.code.clone(),
                made,
            }
            .into());
        }
    }
    if old.is_some() && old.as_ref().map(|k| &k.parts) != Some(&parts) && has_history(tx, s.id)? {
        return Err(Refusal::KitHasHistory {
            code: s.code.clone(),
        }
        .into());
    }
    if parts.is_empty() && old.is_some() {
        tx.remove_kit(s.id)?;
    } else if !parts.is_empty() {
        // A new kit, or new components, of an archived SKU could not be reserved or sold;
        // a kit set again as it is stays as it is.
        if old.as_ref().map(|k| &k.parts) != Some(&parts) {
            no_archived_part(tx, &s, &parts)?;
        }
        check_new_kit(tx, &s, &parts, old.is_none())?;
        tx.put_kit(&Kit { kit: s.id, parts })?;
    }
    touched.push(s.id);
    Ok(Outcome::SkuSaved {
        code: s.code,
        created,
    })
}

fn check_new_kit(tx: &WriteTx, s: &Sku, parts: &[KitPart], becomes: bool) -> Result<()> {
    let kits = tx.kits()?;
    if let Some(other) = kits
        .iter()
        .find(|k| k.kit != s.id && k.parts.iter().any(|p| p.sku == s.id))
    {
        return Err(Refusal::KitIsComponent {
            code: s.code.clone(),
            kit: sku_by_id(tx, other.kit)?.code,
        }
        .into());
    }
    let mut codes = std::collections::HashMap::new();
    for p in parts {
        codes.insert(p.sku, sku_by_id(tx, p.sku)?.code);
    }
    codes.insert(s.id, s.code.clone());
    let code = |id: SkuId| codes.get(&id).cloned().unwrap_or_default();
    let is_kit = |id: SkuId| kits.iter().any(|k| k.kit == id && id != s.id);
    kit::check_parts(s.id, parts, &code, &is_kit)?;
    // A SKU with a past of its own (received, sold, counted) cannot become a kit: a return
    // of one of its old orders would bring back components that never left.
    if becomes
        && (tx.levels_of_sku(s.id)?.iter().any(|(_, l)| !l.is_zero())
            || !tx.movements_of_sku(s.id, u64::MAX, 1)?.is_empty())
    {
        return Err(Refusal::KitHasStock {
            code: s.code.clone(),
        }
        .into());
    }
    Ok(())
}

/// A return of kits: every component comes back to the shelf, except those named in
/// `defective`, which come back as defective (with their reason). Bound to its order as a
/// plain return is, counted in kits.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_kit_return(
    tx: &WriteTx,
    ctx: &Ctx,
    (s, k): (&Sku, &Kit),
    loc: LocationId,
    q: u64,
    channel: &domain::Channel,
    order: Option<String>,
    note: Option<String>,
    defective: &[(String, DefectReason)],
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut broken = Vec::with_capacity(defective.len());
    for (code, reason) in defective {
        let c = resolve_sku(tx, code)?;
        if !k.parts.iter().any(|p| p.sku == c.id) {
            return Err(Refusal::NotInKit {
                code: s.code.clone(),
                component: c.code,
            }
            .into());
        }
        // Twice, with the same reason or another: which one was meant is not known.
        if broken.iter().any(|(id, _)| *id == c.id) {
            return Err(Refusal::DefectivePartTwice {
                code: s.code.clone(),
                component: c.code,
            }
            .into());
        }
        broken.push((c.id, *reason));
    }
    if let Some(o) = &order {
        let (shipped, returned) = order_kits_shipped_and_returned(tx, k, channel.id, o)?;
        if q > shipped.saturating_sub(returned) {
            return Err(Refusal::ReturnMoreThanShipped {
                order_ref: o.clone(),
                channel: channel.name.clone(),
                shipped,
                returned,
                requested: q,
            }
            .into());
        }
    }
    let e = Entry::new(s, loc, MovementKind::ReturnRestock, q, Default::default())
        .channel(channel.id)
        .reference(order)
        .note(note);
    let seq = write_kit_entry(tx, ctx, k, e, &broken)?;
    touched.push(s.id);
    touched.extend(k.parts.iter().map(|p| p.sku));
    // Said as what became of the kit: every component to defective is a defective return.
    let all_broken = k
        .parts
        .iter()
        .all(|p| broken.iter().any(|(id, _)| *id == p.sku));
    let kind = match broken.first() {
        Some((_, reason)) if all_broken => MovementKind::ReturnDefect(*reason),
        _ => MovementKind::ReturnRestock,
    };
    Ok(Outcome::Moved {
        seq,
        kind: kind.name(),
        sku: s.code.clone(),
        qty: q,
        totals: totals(tx, s.id)?.into(),
    })
}

/// Adds to `skus` the components of every kit in it and every kit made of one of them:
/// stock freed or taken for one of these is stock for the others.
pub fn with_kin(r: &impl Reader, skus: &mut Vec<SkuId>) -> Result<()> {
    let kits = r.kits()?;
    if kits.is_empty() {
        return Ok(());
    }
    let mut more = Vec::new();
    for k in &kits {
        if skus.contains(&k.kit) {
            more.extend(k.parts.iter().map(|p| p.sku));
        }
    }
    skus.extend(more);
    for k in &kits {
        if k.parts.iter().any(|p| skus.contains(&p.sku)) {
            skus.push(k.kit);
        }
    }
    skus.sort_unstable();
    skus.dedup();
    Ok(())
}

/// Reads a kit's components as people write them: `TEA-001:1,HONEY-01:1,CUP-01:2` (`,` or
/// `;` between them; a code alone is one per kit). Each refusal names the field `kit` and
/// the part that is wrong.
pub fn parse_components(v: &str) -> Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    for part in v.split([',', ';']) {
        let part = part.trim();
        if part.is_empty() {
            return Err(super::Error::field("kit", v, super::FieldProblem::Empty));
        }
        let (code, qty) = match part.rsplit_once(':') {
            Some((c, q)) => (
                c.trim(),
                domain::parse_qty(q.trim()).map_err(|e| super::Error::field("kit", part, e))?,
            ),
            None => (part, 1),
        };
        if code.is_empty() {
            return Err(super::Error::field("kit", part, super::FieldProblem::Empty));
        }
        out.push((code.to_string(), qty));
    }
    if out.len() > kit::MAX_COMPONENTS {
        return Err(super::Error::field(
            "kit",
            v,
            super::FieldProblem::TooMany {
                max: kit::MAX_COMPONENTS as u64,
            },
        ));
    }
    Ok(out)
}

/// Every kit's levels at every location, read from its components (a kit has no stored
/// levels): what lists, the channel matrix, feeds and alerts add to the stored ones.
pub fn kit_level_rows(r: &impl Reader) -> Result<Vec<(SkuId, LocationId, Levels)>> {
    let kits = r.kits()?;
    if kits.is_empty() {
        return Ok(Vec::new());
    }
    let locs = r.locations()?;
    let mut out = Vec::with_capacity(kits.len() * locs.len());
    for k in &kits {
        for l in &locs {
            out.push((k.kit, l.id, kit_levels(r, k, l.id)?));
        }
    }
    Ok(out)
}

/// Every kit's levels summed over its locations.
pub fn kit_totals(r: &impl Reader) -> Result<std::collections::HashMap<SkuId, Levels>> {
    let mut out: std::collections::HashMap<SkuId, Levels> = std::collections::HashMap::new();
    for (k, _, l) in kit_level_rows(r)? {
        let e = out.entry(k).or_default();
        *e = e.add(&l);
    }
    Ok(out)
}

/// A SKU's levels per location: a plain SKU's stored rows; a kit's read from its
/// components at every location.
pub fn levels_of_sku(r: &impl Reader, sku: SkuId) -> Result<Vec<(LocationId, Levels)>> {
    match r.kit(sku)? {
        None => Ok(r.levels_of_sku(sku)?),
        Some(k) => r
            .locations()?
            .into_iter()
            .map(|l| Ok((l.id, kit_levels(r, &k, l.id)?)))
            .collect(),
    }
}

/// A kit's history, newest first: for each entry of its first component that names the
/// kit, the entries of all its components written with it (they follow one another), and
/// the entries of its made kits.
pub fn kit_movements(r: &impl Reader, k: &Kit, limit: usize) -> Result<Vec<domain::Movement>> {
    let Some(first) = k.parts.first() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut before = Seq::MAX;
    'pages: loop {
        let page = r.movements_of_sku(first.sku, before, 1000)?;
        let Some(last) = page.last() else { break };
        before = last.seq;
        let seqs: Vec<Seq> = page.iter().map(|m| m.seq).collect();
        r.prefetch_kit_marks(&seqs)?;
        for m in &page {
            if r.kit_mark(m.seq)?.is_none_or(|x| x.kit != k.kit) {
                continue;
            }
            let mut group = vec![m.clone()];
            for i in 1..k.parts.len() as u64 {
                let seq = m.seq.saturating_add(i);
                match (r.kit_mark(seq)?, r.movement(seq)?) {
                    (Some(x), Some(n)) if x.kit == k.kit && n.reservation == m.reservation => {
                        group.push(n)
                    }
                    _ => break,
                }
            }
            group.reverse();
            out.extend(group);
            if out.len() >= limit {
                out.truncate(limit);
                break 'pages;
            }
        }
    }
    // The made kits' own entries (assemble, disassemble, their reservations).
    out.extend(r.movements_of_sku(k.kit, Seq::MAX, limit)?);
    out.sort_by_key(|m| std::cmp::Reverse(m.seq));
    out.truncate(limit);
    Ok(out)
}

/// Names the kit of every entry written for one: "GIFT-01 ×2 → TEA-001 ×2, CUP-01 ×4".
pub fn name_kits(r: &impl Reader, views: &mut [super::MovementView]) -> Result<()> {
    let kits = r.kits()?;
    let mut codes: std::collections::HashMap<SkuId, String> = std::collections::HashMap::new();
    let mut code = |id: SkuId| -> Result<String> {
        if let Some(c) = codes.get(&id) {
            return Ok(c.clone());
        }
        let c = r
            .sku(id)?
            .map(|s| s.code)
            .unwrap_or_else(|| format!("#{id}"));
        codes.insert(id, c.clone());
        Ok(c)
    };
    let seqs: Vec<Seq> = views.iter().map(|v| v.seq).collect();
    r.prefetch_kit_marks(&seqs)?;
    for v in views.iter_mut() {
        let Some(mark) = r.kit_mark(v.seq)? else {
            continue;
        };
        let mut text = format!("{} ×{} →", code(mark.kit)?, mark.kits);
        match kits.iter().find(|k| k.kit == mark.kit) {
            Some(k) => {
                for (i, p) in k.parts.iter().enumerate() {
                    let sep = if i == 0 { " " } else { ", " };
                    let n = mark.kits.saturating_mul(p.qty);
                    text.push_str(&format!("{sep}{} ×{n}", code(p.sku)?));
                }
            }
            None => text.push_str(&format!(" {} ×{}", v.code, v.qty)),
        }
        v.kit = Some(text);
    }
    Ok(())
}
