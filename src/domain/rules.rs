//! The stock rules: what each movement does to the levels, and when it is refused.
//! Pure functions; the engine calls them inside a write transaction.

use serde::{Deserialize, Serialize};

use super::movement::Delta;
use super::types::{Levels, ReservationStatus};

/// Why the stock rules refused a command. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Fewer units available than asked for.
    InsufficientAvailable {
        available: i64,
        requested: u64,
    },
    InsufficientDefective {
        defective: u64,
        requested: u64,
    },
    InsufficientOnHand {
        on_hand: u64,
        requested: u64,
    },
    ReservationNotOpen {
        id: u64,
        status: ReservationStatus,
    },
    ShipMoreThanRemaining {
        id: u64,
        remaining: u64,
        requested: u64,
    },
    PickMoreThanRemaining {
        id: u64,
        remaining: u64,
        picked: u64,
    },
    WrongBarcode {
        id: u64,
        expected: String,
        scanned: String,
    },
    AdjustBelowZero {
        on_hand: u64,
        delta: i64,
    },
    Overflow,
    /// The SKU has more reserved than on hand overall.
    Shortage {
        code: String,
    },
    SkuArchived {
        code: String,
    },
    SameLocation,
    NoLocationWithStock {
        requested: u64,
    },
    DuplicateOrder {
        channel: String,
        order_ref: String,
    },
    CountSessionOpen {
        location: String,
        session: u64,
    },
    CountSessionClosed {
        session: u64,
    },
    NothingToUndo,
    /// The SKU was already applied by a partial apply of this count.
    CountAlreadyApplied {
        code: String,
    },
    /// `count resolve` for a row that no movement after its count put in conflict.
    CountNoConflict {
        session: u64,
        code: String,
    },
    /// The choice would take on hand below 0.
    CountBelowZero {
        session: u64,
        code: String,
    },
    NotEmpty,
    ChannelPaused {
        channel: String,
    },
    PoNotOpen {
        id: u64,
    },
    /// More would be received against a purchase order line than is outstanding
    /// (0 outstanding: the SKU is not on the order).
    PoOverReceipt {
        id: u64,
        code: String,
        outstanding: u64,
        requested: u64,
    },
    LastOwner,
    /// The database has no users at all: it was being made when the program stopped,
    /// before its first owner was saved.
    NoOwnerYet,
    /// A return asks for more units than its order shipped and has not yet returned.
    ReturnMoreThanShipped {
        order_ref: String,
        channel: String,
        shipped: u64,
        returned: u64,
        requested: u64,
    },
    /// The SKU's code is another SKU's barcode (or the other way round), from a file written
    /// before codes and barcodes were one namespace: no change until one is renamed.
    CodeClash {
        code_of: String,
        barcode_of: String,
        value: String,
    },
    /// A channel lowered an order line below what already shipped of it.
    OrderBelowShipped {
        order_ref: String,
        shipped: u64,
        requested: u64,
    },
    /// A channel says an order line left, but the stock at hand does not hold it (it
    /// waited as a backorder, or was never seen before).
    ShippedWithoutStock {
        channel: String,
        order_ref: String,
        sku: String,
        shipped: u64,
        available: i64,
    },
    /// A reservation moved to the location it is at already.
    AlreadyAt {
        id: u64,
        location: String,
    },
    /// A reservation moved to a location with too few units available for it.
    MoveShort {
        id: u64,
        location: String,
        available: i64,
        requested: u64,
    },
    /// A kit would contain itself, or another kit (kits are made of plain SKUs).
    KitCycle {
        code: String,
        component: String,
    },
    /// A kit names one component twice.
    KitRepeatedComponent {
        code: String,
        component: String,
    },
    /// A kit with no components, or more than the limit.
    KitComponentCount {
        code: String,
        count: u64,
        max: u64,
    },
    /// A kit's components change while an open reservation of the kit holds them.
    KitInUse {
        code: String,
        reservation: u64,
    },
    /// A kit's components cannot change once the kit has entries in the ledger: its
    /// history and the returns of its shipped orders are read with the components it had.
    KitHasHistory {
        code: String,
    },
    /// A report's sums of money pass what one figure can hold.
    FiguresTooLarge,
    /// A component of a kit's reservation is scanned once more than the kits need.
    KitPartPicked {
        id: u64,
        code: String,
        picked: u64,
        need: u64,
        /// The components still to scan, as "CODE ×N, …".
        rest: String,
    },
    /// The kit's own code scanned for a reservation that holds its components (a kit not
    /// made ahead): there is no packed kit to take, its components are scanned one by one.
    KitNotMade {
        id: u64,
        code: String,
        /// The components to scan, as "CODE, …".
        parts: String,
    },
    /// A component scanned for a reservation that holds made kits: the kit is already
    /// packed, its own code is scanned.
    KitIsMade {
        id: u64,
        code: String,
        scanned: String,
    },
    /// A SKU that is a component of a kit cannot itself become a kit.
    KitIsComponent {
        code: String,
        kit: String,
    },
    /// A movement that a kit cannot have: its stock is in its components.
    KitHasNoStock {
        code: String,
    },
    /// Too few of a component at a location to assemble the kits asked for.
    KitCannotAssemble {
        code: String,
        component: String,
        available: i64,
        needed: u64,
    },
    /// A kit's components change (or it stops being a kit) while made kits of it are on a
    /// shelf: they were made of the old components.
    KitHasMadeKits {
        code: String,
        made: u64,
    },
    /// Too few made kits available at a location to take apart.
    KitCannotDisassemble {
        code: String,
        made: i64,
        requested: u64,
    },
    /// A SKU with stock or reservations of its own cannot become a kit.
    KitHasStock {
        code: String,
    },
    /// A kit return names a component the kit does not have.
    NotInKit {
        code: String,
        component: String,
    },
    /// A kit return names the same component as defective twice.
    DefectivePartTwice {
        code: String,
        component: String,
    },
    /// A purchase order with no SKUs named and no `--from-alerts`.
    PoNeedsLines,
    /// A purchase order without `--supplier` whose SKUs do not name one supplier: `missing`
    /// have none, `suppliers` are the different ones named.
    PoSupplierUnclear {
        missing: Vec<String>,
        suppliers: Vec<String>,
    },
    /// A kit whose component is archived is not reserved or sold either.
    KitPartArchived {
        kit: String,
        component: String,
    },
}

pub type RuleResult = Result<Delta, Refusal>;

fn signed(q: u64) -> i64 {
    q as i64
}

fn need_available(l: &Levels, q: u64) -> Result<(), Refusal> {
    if l.available() < signed(q) {
        return Err(Refusal::InsufficientAvailable {
            available: l.available(),
            requested: q,
        });
    }
    Ok(())
}

/// Checks that applying the delta keeps every level representable.
/// No level may pass `limits::MAX_LEVEL`, so sums over locations never overflow.
fn checked(l: &Levels, d: Delta) -> RuleResult {
    let max = super::limits::MAX_LEVEL;
    d.apply(l)
        .filter(|n| n.on_hand <= max && n.reserved <= max && n.defective <= max)
        .map(|_| d)
        .ok_or(Refusal::Overflow)
}

pub fn receive(l: &Levels, q: u64) -> RuleResult {
    checked(
        l,
        Delta {
            on_hand: signed(q),
            ..Delta::default()
        },
    )
}

pub fn reserve(l: &Levels, q: u64) -> RuleResult {
    need_available(l, q)?;
    checked(
        l,
        Delta {
            reserved: signed(q),
            ..Delta::default()
        },
    )
}

/// Release or expiry of what remains on a reservation.
pub fn release(l: &Levels, remaining: u64) -> RuleResult {
    checked(
        l,
        Delta {
            reserved: -signed(remaining),
            ..Delta::default()
        },
    )
}

/// Ships `q` of a reservation with `remaining` still held.
pub fn ship(l: &Levels, id: u64, remaining: u64, q: u64) -> RuleResult {
    if q > remaining {
        return Err(Refusal::ShipMoreThanRemaining {
            id,
            remaining,
            requested: q,
        });
    }
    if l.on_hand < q {
        return Err(Refusal::InsufficientOnHand {
            on_hand: l.on_hand,
            requested: q,
        });
    }
    checked(
        l,
        Delta {
            on_hand: -signed(q),
            reserved: -signed(q),
            ..Delta::default()
        },
    )
}

pub fn sell(l: &Levels, q: u64) -> RuleResult {
    need_available(l, q)?;
    checked(
        l,
        Delta {
            on_hand: -signed(q),
            ..Delta::default()
        },
    )
}

pub fn return_restock(l: &Levels, q: u64) -> RuleResult {
    receive(l, q)
}

pub fn return_defect(l: &Levels, q: u64) -> RuleResult {
    checked(
        l,
        Delta {
            defective: signed(q),
            ..Delta::default()
        },
    )
}

pub fn defect(l: &Levels, q: u64) -> RuleResult {
    need_available(l, q)?;
    checked(
        l,
        Delta {
            on_hand: -signed(q),
            defective: signed(q),
            ..Delta::default()
        },
    )
}

pub fn writeoff(l: &Levels, q: u64) -> RuleResult {
    need_available(l, q)?;
    checked(
        l,
        Delta {
            on_hand: -signed(q),
            ..Delta::default()
        },
    )
}

pub fn writeoff_defective(l: &Levels, q: u64) -> RuleResult {
    if l.defective < q {
        return Err(Refusal::InsufficientDefective {
            defective: l.defective,
            requested: q,
        });
    }
    checked(
        l,
        Delta {
            defective: -signed(q),
            ..Delta::default()
        },
    )
}

/// The two halves of a transfer: (leaving, arriving).
pub fn transfer(from: &Levels, to: &Levels, q: u64) -> Result<(Delta, Delta), Refusal> {
    need_available(from, q)?;
    let out = checked(
        from,
        Delta {
            on_hand: -signed(q),
            ..Delta::default()
        },
    )?;
    let inn = checked(
        to,
        Delta {
            on_hand: signed(q),
            ..Delta::default()
        },
    )?;
    Ok((out, inn))
}

/// How an adjust is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdjustTo {
    Set(u64),
    By(i64),
}

/// Adjust may leave fewer on hand than reserved (shortage) but never below zero.
pub fn adjust(l: &Levels, how: AdjustTo) -> RuleResult {
    let delta = match how {
        AdjustTo::Set(n) => signed(n) - signed(l.on_hand),
        AdjustTo::By(d) => d,
    };
    if signed(l.on_hand) + delta < 0 {
        return Err(Refusal::AdjustBelowZero {
            on_hand: l.on_hand,
            delta,
        });
    }
    checked(
        l,
        Delta {
            on_hand: delta,
            ..Delta::default()
        },
    )
}

/// The invariants that hold after every committed command.
/// `reserved <= on_hand` may break only as a shortage, which is allowed and reported elsewhere.
pub fn is_shortage(l: &Levels) -> bool {
    l.reserved > l.on_hand
}

#[cfg(test)]
mod tests {

    #[test]
    fn no_level_passes_the_limit() {
        let full = Levels {
            on_hand: super::super::limits::MAX_LEVEL,
            ..Levels::default()
        };
        assert_eq!(receive(&full, 1), Err(Refusal::Overflow));
        assert_eq!(
            return_defect(
                &Levels {
                    defective: super::super::limits::MAX_LEVEL,
                    ..Levels::default()
                },
                1
            ),
            Err(Refusal::Overflow)
        );
        // Sums over every location of a SKU stay inside i64.
        let most = super::super::limits::MAX_LEVEL as i128 * u16::MAX as i128;
        assert!(most < i64::MAX as i128);
    }

    use super::*;

    fn lv(on_hand: u64, reserved: u64, defective: u64) -> Levels {
        Levels {
            on_hand,
            reserved,
            defective,
        }
    }

    #[test]
    fn reserve_needs_available() {
        assert!(reserve(&lv(5, 3, 0), 2).is_ok());
        assert_eq!(
            reserve(&lv(5, 3, 0), 3),
            Err(Refusal::InsufficientAvailable {
                available: 2,
                requested: 3
            })
        );
    }

    #[test]
    fn ship_partial_and_too_much() {
        let d = ship(&lv(5, 3, 0), 1, 3, 2).unwrap();
        assert_eq!(d.apply(&lv(5, 3, 0)), Some(lv(3, 1, 0)));
        assert!(matches!(
            ship(&lv(5, 3, 0), 1, 3, 4),
            Err(Refusal::ShipMoreThanRemaining { .. })
        ));
    }

    #[test]
    fn defect_moves_units_out_of_sellable() {
        let d = defect(&lv(5, 0, 1), 2).unwrap();
        assert_eq!(d.apply(&lv(5, 0, 1)), Some(lv(3, 0, 3)));
        assert!(writeoff_defective(&lv(5, 0, 1), 2).is_err());
    }

    #[test]
    fn adjust_can_make_shortage_not_negative() {
        let d = adjust(&lv(5, 4, 0), AdjustTo::Set(2)).unwrap();
        let after = d.apply(&lv(5, 4, 0)).unwrap();
        assert!(is_shortage(&after));
        assert_eq!(after.available(), -2);
        assert!(adjust(&lv(5, 4, 0), AdjustTo::By(-6)).is_err());
    }

    #[test]
    fn overflow_is_refused_not_wrapped() {
        assert_eq!(receive(&lv(u64::MAX - 1, 0, 0), 5), Err(Refusal::Overflow));
    }
}
