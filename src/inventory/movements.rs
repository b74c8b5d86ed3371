//! Stock movements that are not reservations: receive, return, defect, write-off, transfer
//! and adjust. Called by the engine's dispatch; every one is one ledger entry (two for a transfer).

use crate::domain::{
    self, AdjustTo, DefectReason, Levels, LocationId, MovementKind, Refusal, Sku, SkuId, rules,
};
use crate::store::kits::KitReader;
use crate::store::{Reader, WriteTx};

use super::engine::*;
use super::{Outcome, Result};

pub(super) fn run_receive(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: &u64,
    at: &Option<String>,
    reference: &Option<String>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let reference = check_opt_text("ref", reference.as_deref(), domain::limits::MAX_NOTE)?;
    let (s, loc) = sku_at(tx, sku, at.as_deref())?;
    super::kits::refuse_kit(tx, &s)?;
    let m = receipt(&s, loc.id, &tx.levels(s.id, loc.id)?, *qty, reference)?;
    moved(tx, ctx, m, &s, touched)
}

/// The entry a receipt of `qty` writes onto the levels `l` at `loc`, checked by the rules.
fn receipt(
    s: &Sku,
    loc: LocationId,
    l: &Levels,
    qty: u64,
    reference: Option<String>,
) -> Result<Entry> {
    let d = rules::receive(l, check_qty(qty)?)?;
    Ok(Entry::new(s, loc, MovementKind::Receive, qty, d).reference(reference))
}

/// The entry a transfer of `qty` from `a` (levels `la`) to `b` (levels `lb`) writes,
/// checked by the rules.
fn carried(
    s: &Sku,
    (a, la): (LocationId, &Levels),
    (b, lb): (LocationId, &Levels),
    qty: u64,
) -> Result<Entry> {
    let (out, inn) = rules::transfer(la, lb, check_qty(qty)?)?;
    let mut e = Entry::new(s, a, MovementKind::Transfer { to: b }, qty, out);
    e.to = Some((b, inn));
    Ok(e)
}

// The arguments are the command's own fields, as the dispatch destructures them.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_return(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: &u64,
    channel: &str,
    defect: &Option<DefectReason>,
    at: &Option<String>,
    order: &Option<String>,
    note: &Option<String>,
    defective_parts: &[(String, DefectReason)],
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let (s, loc) = sku_at(tx, sku, at.as_deref())?;
    let ch = resolve_channel(tx, channel)?;
    let l = tx.levels(s.id, loc.id)?;
    let q = check_qty(*qty)?;
    if let Some(k) = tx.kit(s.id)? {
        let order = order
            .as_deref()
            .map(|o| check_text("order", o, domain::limits::MAX_NAME))
            .transpose()?;
        let note = check_opt_text("note", note.as_deref(), domain::limits::MAX_NOTE)?;
        // A defect reason for the whole return puts every component to defective.
        let all: Vec<(String, DefectReason)> = match defect {
            Some(r) => k
                .parts
                .iter()
                .map(|p| sku_by_id(tx, p.sku).map(|c| (c.code, *r)))
                .collect::<Result<_>>()?,
            None => defective_parts.to_vec(),
        };
        return super::kits::run_kit_return(
            tx,
            ctx,
            (&s, &k),
            loc.id,
            q,
            &ch,
            order,
            note,
            &all,
            touched,
        );
    }
    if let Some((code, _)) = defective_parts.first() {
        return Err(Refusal::NotInKit {
            code: s.code.clone(),
            component: code.clone(),
        }
        .into());
    }
    let (kind, d) = match defect {
        Some(reason) => (
            MovementKind::ReturnDefect(*reason),
            rules::return_defect(&l, q)?,
        ),
        None => (MovementKind::ReturnRestock, rules::return_restock(&l, q)?),
    };
    let order = order
        .as_deref()
        .map(|o| check_text("order", o, domain::limits::MAX_NAME))
        .transpose()?;
    if let Some(o) = &order {
        let (shipped, returned) = order_shipped_and_returned(tx, s.id, ch.id, o)?;
        if q > shipped.saturating_sub(returned) {
            return Err(Refusal::ReturnMoreThanShipped {
                order_ref: o.clone(),
                channel: ch.name.clone(),
                shipped,
                returned,
                requested: q,
            }
            .into());
        }
    }
    let note = note
        .as_deref()
        .map(|o| check_text("note", o, domain::limits::MAX_NOTE))
        .transpose()?;
    let e = Entry::new(&s, loc.id, kind, q, d)
        .channel(ch.id)
        .reference(order)
        .note(note);
    moved(tx, ctx, e, &s, touched)
}

// The arguments are the command's own fields, as the dispatch destructures them.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_defect(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: &u64,
    reason: &DefectReason,
    at: &Option<String>,
    note: &Option<String>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let (s, loc) = sku_at(tx, sku, at.as_deref())?;
    super::kits::refuse_kit(tx, &s)?;
    let l = tx.levels(s.id, loc.id)?;
    let d = rules::defect(&l, check_qty(*qty)?)?;
    let note = note
        .as_deref()
        .map(|o| check_text("note", o, domain::limits::MAX_NOTE))
        .transpose()?;
    let e = Entry::new(&s, loc.id, MovementKind::Defect(*reason), *qty, d).note(note);
    moved(tx, ctx, e, &s, touched)
}

// The arguments are the command's own fields, as the dispatch destructures them.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_writeoff(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: &u64,
    reason: &str,
    defective: &bool,
    at: &Option<String>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let (s, loc) = sku_at(tx, sku, at.as_deref())?;
    super::kits::refuse_kit(tx, &s)?;
    let reason = check_text("reason", reason, domain::limits::MAX_NOTE)?;
    let l = tx.levels(s.id, loc.id)?;
    let q = check_qty(*qty)?;
    let (kind, d) = if *defective {
        (
            MovementKind::WriteoffDefective,
            rules::writeoff_defective(&l, q)?,
        )
    } else {
        (MovementKind::Writeoff, rules::writeoff(&l, q)?)
    };
    let e = Entry::new(&s, loc.id, kind, q, d).note(Some(reason));
    moved(tx, ctx, e, &s, touched)
}

pub(super) fn run_transfer(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: &u64,
    from: &str,
    to: &str,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let s = resolve_sku(tx, sku)?;
    super::kits::refuse_kit(tx, &s)?;
    let a = resolve_location(tx, Some(from))?;
    let b = resolve_location(tx, Some(to))?;
    if a.id == b.id {
        return Err(Refusal::SameLocation.into());
    }
    let (la, lb) = (tx.levels(s.id, a.id)?, tx.levels(s.id, b.id)?);
    let e = carried(&s, (a.id, &la), (b.id, &lb), *qty)?;
    moved(tx, ctx, e, &s, touched)
}

/// Opening stock in bulk (the demo's setup of up to a million SKUs): for each row (code,
/// units, units to move on), a receipt of the units at `from` with `reference`, then a
/// transfer of the units to move on to `to` when there are any. The same entries `receive`
/// and `transfer` write one command at a time, checked by the same rules, with the SKU index
/// and the ledger's tables opened once instead of once a command. Kits hold no stock of
/// their own and are refused, as `receive` refuses them; backorders waiting for these SKUs
/// are filled after, as after any receipt.
pub fn receive_and_transfer_many(
    tx: &WriteTx,
    ctx: &Ctx,
    from: &str,
    to: &str,
    reference: &str,
    rows: &[(String, u64, u64)],
) -> Result<()> {
    use super::lookup::SkuLookup;
    let reference = check_opt_text("ref", Some(reference), domain::limits::MAX_NOTE)?;
    let a = resolve_location(tx, Some(from))?;
    let b = resolve_location(tx, Some(to))?;
    if a.id == b.id {
        return Err(Refusal::SameLocation.into());
    }
    let kits: std::collections::HashSet<SkuId> =
        KitReader::kits(tx)?.iter().map(|k| k.kit).collect();
    let skus = {
        let index = tx.sku_index()?;
        rows.iter()
            .map(|(code, _, _)| index.resolve(code))
            .collect::<Result<Vec<_>>>()?
    };
    let mut touched = Vec::with_capacity(skus.len());
    {
        let mut w = tx.ledger_writer()?;
        for (s, (_, qty, on)) in skus.iter().zip(rows) {
            if kits.contains(&s.id) {
                return Err(Refusal::KitHasNoStock {
                    code: s.code.clone(),
                }
                .into());
            }
            let e = receipt(s, a.id, &w.levels(s.id, a.id)?, *qty, reference.clone())?;
            record(&mut w, ctx, e)?;
            if *on > 0 {
                let (la, lb) = (w.levels(s.id, a.id)?, w.levels(s.id, b.id)?);
                record(&mut w, ctx, carried(s, (a.id, &la), (b.id, &lb), *on)?)?;
            }
            touched.push(s.id);
        }
    }
    fill_freed(tx, ctx, &mut touched)
}

// The arguments are the command's own fields, as the dispatch destructures them.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_adjust(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    how: &AdjustTo,
    reason: &str,
    at: &Option<String>,
    reference: &Option<String>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let reason = check_text("reason", reason, domain::limits::MAX_NOTE)?;
    let reference = check_opt_text("ref", reference.as_deref(), domain::limits::MAX_NOTE)?;
    let (s, loc) = sku_at(tx, sku, at.as_deref())?;
    super::kits::refuse_kit(tx, &s)?;
    if let AdjustTo::By(d) = how {
        check_qty(d.unsigned_abs())?;
    }
    if let AdjustTo::Set(n) = how {
        check_at_most("quantity", *n, domain::limits::MAX_QTY)?;
    }
    let l = tx.levels(s.id, loc.id)?;
    let d = rules::adjust(&l, *how)?;
    let q = d.on_hand.unsigned_abs();
    let e = Entry::new(&s, loc.id, MovementKind::Adjust, q, d)
        .note(Some(reason))
        .reference(reference);
    moved(tx, ctx, e, &s, touched)
}
