//! Made kits: a kit assembled ahead, with shelf stock of its own.
//!
//! `kit assemble GIFT-01 5` takes 5 × quantity per kit of each component off the shelf
//! (one `assemble` entry per component, naming the kit) and puts 5 made kits on the kit's
//! own levels (an `assemble` entry on the kit); `kit disassemble` is the way back. A kit's
//! levels are its made kits plus what its components allow.
//!
//! The rule for a reservation of a kit: it takes made kits when the made kits available at
//! its location cover the whole of it, otherwise it takes components; once taken it stays
//! that way (its ship, release and expiry move what it took). A sale without a reservation
//! follows the same rule. A return always comes back as components (the box is opened
//! and checked).

use crate::domain::kit::{Kit, KitMark};
use crate::domain::{MovementKind, Refusal, Sku, SkuId, rules};
use crate::store::kits::KitReader;
use crate::store::{Reader, WriteTx};

use super::engine::{Ctx, Entry, check_qty, record, sku_at};
use super::{Outcome, Result};

/// `kit assemble CODE N [--at LOC]` (or `kit disassemble` with `apart`).
#[allow(clippy::too_many_arguments)]
pub(super) fn run_assemble(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    kits: u64,
    at: Option<&str>,
    apart: bool,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let (s, loc) = sku_at(tx, sku, at)?;
    let n = check_qty(kits)?;
    let Some(k) = tx.kit(s.id)? else {
        return Err(Refusal::KitCannotDisassemble {
            code: s.code.clone(),
            made: 0,
            requested: n,
        }
        .into());
    };
    // Kits made of an archived component could not be sold: they are not made. Taking
    // made ones apart is allowed (it puts the components back on the shelf).
    if !apart {
        super::kits::parts_not_archived(tx, &s)?;
    }
    let made = tx.levels(s.id, loc.id)?;
    let kind = if apart {
        MovementKind::Disassemble
    } else {
        MovementKind::Assemble
    };
    let kit_delta = if apart {
        if made.available() < i64::try_from(n).unwrap_or(i64::MAX) {
            return Err(Refusal::KitCannotDisassemble {
                code: s.code.clone(),
                made: made.available(),
                requested: n,
            }
            .into());
        }
        rules::writeoff(&made, n)?
    } else {
        rules::receive(&made, n)?
    };
    for p in &k.parts {
        let q = n.checked_mul(p.qty).ok_or(Refusal::Overflow)?;
        let l = tx.levels(p.sku, loc.id)?;
        let d = if apart {
            rules::receive(&l, q)?
        } else {
            if l.available() < i64::try_from(q).unwrap_or(i64::MAX) {
                return Err(Refusal::KitCannotAssemble {
                    code: s.code.clone(),
                    component: super::engine::sku_by_id(tx, p.sku)?.code,
                    available: l.available(),
                    needed: q,
                }
                .into());
            }
            rules::writeoff(&l, q)?
        };
        let e = Entry {
            sku: p.sku,
            location: loc.id,
            kind,
            qty: q,
            delta: d,
            channel: None,
            reservation: None,
            reference: None,
            note: None,
            to: None,
        };
        let seq = record(&mut tx.ledger_writer()?, ctx, e)?;
        tx.put_kit_mark(
            seq,
            &KitMark {
                kit: k.kit,
                kits: n,
                per: p.qty,
            },
        )?;
        touched.push(p.sku);
    }
    let e = Entry::new(&s, loc.id, kind, n, kit_delta);
    moved_made(tx, ctx, e, &s, touched)
}

/// Writes the kit's own entry (made kits) and words the outcome.
fn moved_made(
    tx: &WriteTx,
    ctx: &Ctx,
    e: Entry,
    s: &Sku,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let kind = e.kind.name();
    let qty = e.qty;
    let seq = record(&mut tx.ledger_writer()?, ctx, e)?;
    touched.push(s.id);
    Ok(Outcome::Moved {
        seq,
        kind,
        sku: s.code.clone(),
        qty,
        totals: super::engine::sku_totals(tx, s.id)?.into(),
    })
}

/// Whether an entry for a kit moves its made kits rather than its components: a reserve or
/// a sale that the made kits available at the location cover (a reserve is always a new
/// hold, also when a reservation is moved or a backorder filled: it takes what is there
/// now); any other entry of a reservation moves what its last hold took.
pub(crate) fn takes_made(tx: &WriteTx, k: &Kit, e: &Entry) -> Result<bool> {
    if !matches!(
        e.kind,
        MovementKind::Reserve
            | MovementKind::Release
            | MovementKind::Expire
            | MovementKind::Ship
            | MovementKind::Sell
    ) {
        return Ok(false);
    }
    match e.reservation {
        Some(id) if e.kind != MovementKind::Reserve => {
            return reservation_is_made(tx, k.kit, id);
        }
        None if e.kind != MovementKind::Sell => return Ok(false),
        _ => {}
    }
    let made = tx.levels(k.kit, e.location)?;
    Ok(made.available() >= i64::try_from(e.qty).unwrap_or(i64::MAX))
}

/// Whether a reservation of a kit holds made kits: its last entry is on the kit itself
/// rather than on the components (a reservation moved or backordered and filled again
/// holds what its last hold took).
pub(crate) fn reservation_is_made(r: &impl Reader, kit: SkuId, id: u64) -> Result<bool> {
    let Some(on_kit) = last_entry_of(r, kit, id)? else {
        return Ok(false);
    };
    let on_parts = match r.kit(kit)?.and_then(|k| k.parts.first().map(|p| p.sku)) {
        Some(part) => last_entry_of(r, part, id)?,
        None => None,
    };
    Ok(on_parts.is_none_or(|p| on_kit > p))
}

/// The seq of the last entry of reservation `id` on `sku`.
fn last_entry_of(r: &impl Reader, sku: SkuId, id: u64) -> Result<Option<crate::domain::Seq>> {
    Ok(
        r.movements_of_sku(sku, crate::domain::Seq::MAX, usize::MAX)?
            .iter()
            .filter(|m| m.reservation == Some(id))
            .map(|m| m.seq)
            .max(),
    )
}

/// How many kits one reservation can hold at a location: the made kits available there or
/// the kits the components allow, whichever is more (a reservation is never split between
/// the two). A plain SKU's available.
pub fn holdable(r: &impl Reader, sku: SkuId, loc: crate::domain::LocationId) -> Result<i64> {
    let Some(k) = r.kit(sku)? else {
        return Ok(r.levels(sku, loc)?.available());
    };
    let made = r.levels(k.kit, loc)?.available();
    let mut avail = Vec::with_capacity(k.parts.len());
    for p in &k.parts {
        avail.push(r.levels(p.sku, loc)?.available());
    }
    let parts = crate::domain::kit::kit_available(&k.parts, &avail).map_or(0, |(n, _)| n);
    Ok(made.max(parts))
}
