//! Kits (gift sets): a SKU whose stock is kept in its components, never on a shelf.
//!
//! A kit names its components (a plain SKU and how many of it go into one kit). It has no
//! levels of its own: what it has available at a location is the smallest, over its
//! components, of `floor(component available / quantity per kit)`. A kit's reserve, ship,
//! release and return move its components, and each of those ledger entries carries a
//! [`KitMark`] naming the kit. Pure rules only; the store keeps kits in tables of their own.

use serde::{Deserialize, Serialize};

use super::movement::Delta;
use super::rules::Refusal;
use super::types::SkuId;

/// The most components one kit may have.
pub const MAX_COMPONENTS: usize = 50;

/// One component of a kit: a SKU and how many of it make one kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitPart {
    pub sku: SkuId,
    pub qty: u64,
}

/// What a kit SKU is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kit {
    pub kit: SkuId,
    pub parts: Vec<KitPart>,
}

/// The kit named by one ledger entry of a component: `kits` kits of SKU `kit`, each of
/// which took `per` units of the entry's SKU (so the entry's quantity is `kits × per`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitMark {
    pub kit: SkuId,
    pub kits: u64,
    pub per: u64,
}

/// What a kit has available from its components' available (in the kit's order): the
/// smallest `floor(available / qty)` and the index of the component that limits it (the
/// first one when several give the same). Negative when a component is in shortage.
/// `None` for a kit without components.
pub fn kit_available(parts: &[KitPart], available: &[i64]) -> Option<(i64, usize)> {
    parts
        .iter()
        .zip(available)
        .enumerate()
        .map(|(i, (p, a))| {
            let per = i64::try_from(p.qty.max(1)).unwrap_or(i64::MAX);
            (a.div_euclid(per), i)
        })
        .min_by_key(|(n, i)| (*n, *i))
}

/// The delta of one component for a kit entry's delta: each level times `per`.
/// `None` when it would pass the range of a level.
pub fn scale(d: &Delta, per: u64) -> Option<Delta> {
    let per = i64::try_from(per).ok()?;
    Some(Delta {
        on_hand: d.on_hand.checked_mul(per)?,
        reserved: d.reserved.checked_mul(per)?,
        defective: d.defective.checked_mul(per)?,
    })
}

/// Checks a kit's components before they are saved: at least one, at most
/// [`MAX_COMPONENTS`], each once, never the kit itself, and none a kit (a kit is made of
/// plain SKUs, so no kit can contain itself through another). `code` words a SKU id for
/// the refusal; `is_kit` says whether a SKU is a kit.
pub fn check_parts(
    kit: SkuId,
    parts: &[KitPart],
    code: &dyn Fn(SkuId) -> String,
    is_kit: &dyn Fn(SkuId) -> bool,
) -> Result<(), Refusal> {
    if parts.is_empty() || parts.len() > MAX_COMPONENTS {
        return Err(Refusal::KitComponentCount {
            code: code(kit),
            count: parts.len() as u64,
            max: MAX_COMPONENTS as u64,
        });
    }
    for (i, p) in parts.iter().enumerate() {
        if p.sku == kit {
            return Err(Refusal::KitCycle {
                code: code(kit),
                component: code(kit),
            });
        }
        if is_kit(p.sku) {
            return Err(Refusal::KitCycle {
                code: code(kit),
                component: code(p.sku),
            });
        }
        if parts[..i].iter().any(|q| q.sku == p.sku) {
            return Err(Refusal::KitRepeatedComponent {
                code: code(kit),
                component: code(p.sku),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(q: &[u64]) -> Vec<KitPart> {
        q.iter()
            .enumerate()
            .map(|(i, &qty)| KitPart {
                sku: i as SkuId + 10,
                qty,
            })
            .collect()
    }

    #[test]
    fn the_scarcest_component_limits() {
        // tea 7 (1 each), honey 3 (1 each), cups 9 (2 each): honey gives 3, cups 4.
        assert_eq!(kit_available(&parts(&[1, 1, 2]), &[7, 3, 9]), Some((3, 1)));
        // cups 5 at 2 each: 2 kits, the cups limit.
        assert_eq!(kit_available(&parts(&[1, 1, 2]), &[7, 3, 5]), Some((2, 2)));
        // Equal limits: the first named.
        assert_eq!(kit_available(&parts(&[1, 2]), &[2, 4]), Some((2, 0)));
        // A component in shortage makes the kit negative (floor, not towards zero).
        assert_eq!(kit_available(&parts(&[2, 1]), &[-1, 5]), Some((-1, 0)));
        assert_eq!(kit_available(&[], &[]), None);
    }

    #[test]
    fn deltas_scale_and_never_wrap() {
        let d = Delta {
            on_hand: -2,
            reserved: -2,
            defective: 0,
        };
        assert_eq!(
            scale(&d, 3),
            Some(Delta {
                on_hand: -6,
                reserved: -6,
                defective: 0
            })
        );
        assert_eq!(
            scale(
                &Delta {
                    on_hand: i64::MAX,
                    ..Default::default()
                },
                2
            ),
            None
        );
    }

    #[test]
    fn cycles_repeats_and_empty_kits_are_refused() {
        let code = |id: SkuId| format!("S{id}");
        let plain = |_: SkuId| false;
        assert!(check_parts(1, &parts(&[1, 2]), &code, &plain).is_ok());
        let own = [KitPart { sku: 1, qty: 1 }];
        assert!(matches!(
            check_parts(1, &own, &code, &plain),
            Err(Refusal::KitCycle { .. })
        ));
        let kit11 = |id: SkuId| id == 11;
        assert_eq!(
            check_parts(1, &parts(&[1, 1]), &code, &kit11),
            Err(Refusal::KitCycle {
                code: "S1".into(),
                component: "S11".into()
            })
        );
        let twice = [KitPart { sku: 5, qty: 1 }, KitPart { sku: 5, qty: 2 }];
        assert!(matches!(
            check_parts(1, &twice, &code, &plain),
            Err(Refusal::KitRepeatedComponent { .. })
        ));
        assert!(matches!(
            check_parts(1, &[], &code, &plain),
            Err(Refusal::KitComponentCount { .. })
        ));
    }
}
