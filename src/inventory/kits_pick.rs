//! Picking a kit's reservation: the packer scans its components (or the kit's own code, a
//! whole kit), and the reservation's view lists each component with what is still to scan.

use crate::domain::kit::Kit;
use crate::domain::{self, Refusal, Reservation, Sku, SkuId};
use crate::store::kits::KitReader;
use crate::store::{Reader, WriteTx};

use super::Result;
use super::engine::sku_by_id;
use super::views::KitPickLine;

/// A scan for a kit's reservation: for one that holds made kits, the kit's own code or
/// barcode picks one whole kit; for one that holds components, a component's picks one unit
/// of it (the other way round is refused). The reservation's picked count is the kits whose every
/// component is scanned. A scan of something else, or of a component already scanned for
/// every kit still to ship, is refused. Returns the component the scan ticked (none for the
/// kit's own code).
pub(crate) fn pick(
    tx: &WriteTx,
    r: &mut Reservation,
    k: &Kit,
    kit_sku: &Sku,
    scanned: &str,
) -> Result<Option<SkuId>> {
    let key = domain::limits::code_key(scanned);
    let is = |s: &Sku| {
        domain::limits::code_key(&s.code) == key
            || s.barcodes
                .iter()
                .any(|b| domain::limits::code_key(b) == key)
    };
    let whole = is(kit_sku);
    // A reservation that holds made kits is picked by the kit's code (the box is packed);
    // one that holds components, by its components: the two never mix, so the pick list
    // always counts one way.
    let made = super::kits_made::reservation_is_made(tx, k.kit, r.id)?;
    if whole && !made {
        let mut parts = Vec::new();
        for p in &k.parts {
            parts.push(sku_by_id(tx, p.sku)?.code);
        }
        return Err(Refusal::KitNotMade {
            id: r.id,
            code: kit_sku.code.clone(),
            parts: parts.join(", "),
        }
        .into());
    }
    let mut scans: Vec<(SkuId, u64)> = Vec::new();
    if whole {
        scans.extend(k.parts.iter().map(|p| (p.sku, p.qty)));
    } else {
        for p in &k.parts {
            let c = sku_by_id(tx, p.sku)?;
            if is(&c) {
                if made {
                    return Err(Refusal::KitIsMade {
                        id: r.id,
                        code: kit_sku.code.clone(),
                        scanned: c.code,
                    }
                    .into());
                }
                scans.push((p.sku, 1));
                break;
            }
        }
    }
    if scans.is_empty() {
        let mut expected = kit_sku.code.clone();
        // The kit or a component typed in the other keyboard layout: said so.
        let mut look_alike =
            super::lookup::spelt_in_other_alphabet(scanned, kit_sku).then(|| kit_sku.code.clone());
        for p in &k.parts {
            let c = sku_by_id(tx, p.sku)?;
            if look_alike.is_none() && super::lookup::spelt_in_other_alphabet(scanned, &c) {
                look_alike = Some(c.code.clone());
            }
            expected.push_str(&format!(" / {}", c.code));
        }
        if let Some(code) = look_alike {
            return Err(super::InputError::LookAlikeSku {
                typed: scanned.to_string(),
                code,
            }
            .into());
        }
        return Err(Refusal::WrongBarcode {
            id: r.id,
            expected,
            scanned: scanned.to_string(),
        }
        .into());
    }
    let mut kits = u64::MAX;
    for p in &k.parts {
        let mut have = tx.kit_picked(r.id, p.sku)?;
        if let Some((_, n)) = scans.iter().find(|(c, _)| *c == p.sku) {
            have = have.saturating_add(*n);
            let need = r.remaining.saturating_mul(p.qty);
            let rest = match have > need && !whole {
                true => still_to_scan(tx, r, k)?,
                false => String::new(),
            };
            // Others still to scan: say which; all scanned: the whole reservation is picked.
            if !rest.is_empty() {
                return Err(Refusal::KitPartPicked {
                    id: r.id,
                    code: sku_by_id(tx, p.sku)?.code,
                    picked: need,
                    need,
                    rest,
                }
                .into());
            }
            if have > need {
                return Err(Refusal::PickMoreThanRemaining {
                    id: r.id,
                    remaining: r.remaining,
                    picked: r.picked,
                }
                .into());
            }
            tx.set_kit_picked(r.id, p.sku, have)?;
        }
        kits = kits.min(have / p.qty.max(1));
    }
    r.picked = kits.min(r.remaining);
    Ok(match whole {
        true => None,
        false => scans.first().map(|(c, _)| *c),
    })
}

/// The components of a kit's reservation not yet scanned in full, as "CODE ×N, …".
fn still_to_scan(tx: &WriteTx, r: &Reservation, k: &Kit) -> Result<String> {
    let mut rest = Vec::new();
    for p in &k.parts {
        let need = r.remaining.saturating_mul(p.qty);
        let have = tx.kit_picked(r.id, p.sku)?;
        if have < need {
            rest.push(format!("{} ×{}", sku_by_id(tx, p.sku)?.code, need - have));
        }
    }
    Ok(rest.join(", "))
}

/// After `q` kits of reservation `r` shipped (or all of them let go, `q` = what remained):
/// the components scanned for them are no longer waiting.
pub(crate) fn unpick(tx: &WriteTx, r: &Reservation, q: u64) -> Result<()> {
    if let Some(k) = tx.kit(r.sku)? {
        for p in &k.parts {
            let have = tx.kit_picked(r.id, p.sku)?;
            if have > 0 {
                let left = have.saturating_sub(q.saturating_mul(p.qty));
                tx.set_kit_picked(r.id, p.sku, left)?;
            }
        }
    }
    Ok(())
}

/// The pick list of a kit's reservation: each component, the units its kits still to ship
/// need and those scanned for them; empty for a plain SKU's. `just` marks the component a
/// scan has just ticked.
pub(crate) fn pick_lines(
    r: &impl Reader,
    res: &Reservation,
    just: Option<SkuId>,
) -> Result<Vec<KitPickLine>> {
    match r.kit(res.sku)? {
        Some(k) => pick_lines_of(r, res, &k, just),
        None => Ok(Vec::new()),
    }
}

/// [`pick_lines`] of a reservation whose kit is known.
pub(crate) fn pick_lines_of(
    r: &impl Reader,
    res: &Reservation,
    k: &Kit,
    just: Option<SkuId>,
) -> Result<Vec<KitPickLine>> {
    let mut out = Vec::with_capacity(k.parts.len());
    for p in &k.parts {
        let c = sku_by_id(r, p.sku)?;
        let need = res.remaining.saturating_mul(p.qty);
        out.push(KitPickLine {
            code: c.code,
            name: c.name,
            need,
            scanned: r.kit_picked(res.id, p.sku)?.min(need),
            just: just == Some(p.sku),
        });
    }
    Ok(out)
}
