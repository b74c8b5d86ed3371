//! What `check` verifies of kits: their components, the kit named by each component's
//! ledger entry, and the kits their open reservations hold.

use std::collections::HashMap;

use crate::domain::{Levels, LocationId, SkuId};
use crate::store::Reader;

use super::Result;
use super::check::{Found, KitHolds, Problem};
use crate::domain::kit::Kit;

/// Each kit's first component: the one whose entries count a kit reservation's kits.
pub(crate) fn first_components(r: &impl Reader) -> Result<HashMap<SkuId, SkuId>> {
    Ok(r.kits()?
        .into_iter()
        .filter_map(|k| k.parts.first().map(|p| (k.kit, p.sku)))
        .collect())
}

/// `stored`: the stored levels rows of kits (the only ones these checks read); `holds`: what
/// the kits' open reservations hold, as `check` read them once for every check.
pub(crate) fn check(
    r: &impl Reader,
    kits: &[Kit],
    stored: &HashMap<(SkuId, LocationId), Levels>,
    holds: &KitHolds,
    code: &dyn Fn(SkuId) -> String,
    found: &mut Found,
) -> Result<()> {
    let is_kit = |id: SkuId| kits.iter().any(|k| k.kit == id);
    let mut problem = |kit: SkuId, detail: String| {
        found.push(Problem::Kit {
            kit: code(kit),
            detail,
        })
    };
    for k in kits {
        if r.sku(k.kit)?.is_none() {
            problem(k.kit, "the kit's SKU is missing".into());
        }
        if k.parts.is_empty() {
            problem(k.kit, "no components".into());
        }
        for (i, p) in k.parts.iter().enumerate() {
            if r.sku(p.sku)?.is_none() || is_kit(p.sku) || p.sku == k.kit || p.qty == 0 {
                problem(
                    k.kit,
                    format!("component {} is not a plain SKU", code(p.sku)),
                );
            }
            if k.parts[..i].iter().any(|q| q.sku == p.sku) {
                problem(k.kit, format!("component {} named twice", code(p.sku)));
            }
        }
        for (&(s, loc), l) in stored {
            if s == k.kit && (l.defective != 0 || l.reserved > l.on_hand) {
                problem(
                    k.kit,
                    format!("made kits at location {loc} are defective or over-reserved"),
                );
            }
        }
    }
    for (seq, mark) in r.kit_marks()? {
        match r.movement(seq)? {
            Some(m) if Some(m.qty) == mark.kits.checked_mul(mark.per) => {}
            Some(m) => problem(
                mark.kit,
                format!(
                    "entry {seq} moved {} of {}, not {} kits × {}",
                    m.qty,
                    code(m.sku),
                    mark.kits,
                    mark.per
                ),
            ),
            None => problem(mark.kit, format!("entry {seq} is missing")),
        }
    }
    let (want, want_made) = (&holds.want, &holds.want_made);
    for (&(s, loc), l) in stored {
        if is_kit(s) && want_made.get(&(s, loc)).copied().unwrap_or(0) != l.reserved {
            let w = want_made.get(&(s, loc)).copied().unwrap_or(0);
            problem(
                s,
                format!(
                    "holds {} made kits at location {loc} but its open reservations of made kits hold {w}",
                    l.reserved
                ),
            );
        }
    }
    for (&(s, loc), w) in want_made {
        if !stored.contains_key(&(s, loc)) {
            problem(
                s,
                format!(
                    "holds no made kits at location {loc} but its open reservations of made kits hold {w}"
                ),
            );
        }
    }
    let mut have: HashMap<(SkuId, LocationId), u64> = HashMap::new();
    for (kit, loc, n) in r.all_kit_held()? {
        have.insert((kit, loc), n);
    }
    for (key, n) in want.iter().chain(have.iter()) {
        let (w, h) = (
            want.get(key).copied().unwrap_or(0),
            have.get(key).copied().unwrap_or(0),
        );
        if w != h && *n == w.max(h) {
            problem(
                key.0,
                format!(
                    "holds {h} kits at location {} but its open reservations hold {w}",
                    key.1
                ),
            );
        }
    }
    Ok(())
}
