//! `check` names each kind of damage it looks for, read the way it reads a large file:
//! the replay kept per SKU id (an id far beyond the stored ones included), the stored
//! levels and the reservations read once each, in key order.

use std::path::Path;
use std::sync::Arc;

use stockroom::domain::{ChannelKind, Delivery, Levels, MovementKind};
use stockroom::inventory::check::Problem;
use stockroom::inventory::{Command, Inventory, InventoryExt, LocalInventory, SkuSpec};
use stockroom::store::{Reader, Store};

const NOW: i64 = 1_700_000_000_000;

/// Three SKUs received at the default location, one of them reserved. Passes `check`.
fn shop(path: &Path) {
    let (inv, _) = LocalInventory::open_or_init(path, "owner").expect("create");
    let inv = inv.with_clock(Arc::new(|| NOW));
    let ok = |c: Command| {
        inv.execute(c.clone())
            .unwrap_or_else(|e| panic!("{c:?}: {e:?}"));
    };
    ok(Command::AddChannel {
        name: "Wildberries".into(),
        kind: ChannelKind::Marketplace,
        priority: 1,
    });
    for i in 1..=3 {
        ok(Command::AddSku(SkuSpec {
            code: format!("SKU-{i}"),
            name: Some(format!("Товар {i}")),
            ..SkuSpec::default()
        }));
        ok(Command::Receive {
            sku: format!("SKU-{i}"),
            qty: 10,
            at: None,
            reference: None,
        });
    }
    ok(Command::Reserve {
        sku: "SKU-2".into(),
        qty: 4,
        channel: "Wildberries".into(),
        order: Some("WB-1".into()),
        at: None,
        delivery: Delivery::default(),
    });
    assert!(inv.check().expect("check").ok());
}

fn problems(path: &Path) -> Vec<Problem> {
    let inv = LocalInventory::open(path, "owner").expect("open");
    inv.check().expect("check").problems
}

#[test]
fn stored_levels_and_reservations_that_disagree_with_the_ledger_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stock.redb");
    shop(&db);
    let (sku1, sku2, loc, res) = {
        let store = Store::open(&db).unwrap();
        let r = store.begin_read().unwrap();
        let id = |code: &str| r.sku_id_by_code(code).unwrap().unwrap();
        let res = r.reservations().unwrap().remove(0);
        (id("SKU-1"), id("SKU-2"), res.location, res)
    };
    {
        let store = Store::open(&db).unwrap();
        let w = store.begin_write().unwrap();
        // SKU-1: one unit more on hand than its ledger gives.
        let more = Levels {
            on_hand: 11,
            ..Levels::default()
        };
        w.put_levels(sku1, loc, &more).unwrap();
        // SKU-2: its reservation says 1 remains, the ledger and the level say 4.
        let mut short = res.clone();
        short.remaining = 1;
        w.put_reservation(&short).unwrap();
        w.commit().unwrap();
    }
    let found = problems(&db);
    assert!(
        found.iter().any(|p| matches!(p,
            Problem::LevelMismatch { sku, stored, replayed, .. }
                if sku == "SKU-1" && stored.on_hand == 11 && replayed.on_hand == 10)),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| matches!(p,
            Problem::ReservationMismatch { id, stored_remaining: 1, replayed_remaining: 4 }
                if *id == res.id)),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| matches!(p,
            Problem::ReservedNotHeld { sku, reserved: 4, held_by_open: 1, .. } if sku == "SKU-2")),
        "{found:?}"
    );
    // The level mismatch is named before the reservation's, as it always was.
    let at = |f: &dyn Fn(&Problem) -> bool| found.iter().position(f).unwrap();
    assert!(
        at(&|p| matches!(p, Problem::LevelMismatch { .. }))
            < at(&|p| matches!(p, Problem::ReservationMismatch { .. }))
    );
    let _ = sku2;
}

#[test]
fn entries_with_no_stored_level_and_for_no_stored_sku_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stock.redb");
    shop(&db);
    // An absurd id: beyond every stored one, it must not be kept by position.
    let far: u32 = 4_000_000_000;
    {
        let store = Store::open(&db).unwrap();
        let w = store.begin_write().unwrap();
        let last = w.last_seq().unwrap();
        let first = (1..=last)
            .filter_map(|s| w.movement(s).unwrap())
            .find(|m| m.kind == MovementKind::Receive)
            .expect("a receipt");
        // The same receipt again at a location that has no stored level...
        let mut elsewhere = first.clone();
        elsewhere.seq = last + 1;
        elsewhere.location = 77;
        w.append_movement(&elsewhere).unwrap();
        // ... and for a SKU that is not stored at all.
        let mut nobody = first.clone();
        nobody.seq = last + 2;
        nobody.sku = far;
        w.append_movement(&nobody).unwrap();
        w.commit().unwrap();
    }
    let found = problems(&db);
    assert!(
        found.iter().any(|p| matches!(p,
            Problem::LevelMismatch { location: 77, stored, replayed, .. }
                if *stored == Levels::default() && replayed.on_hand == 10)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| matches!(p, Problem::MissingSku { sku, .. } if *sku == far)),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| matches!(p,
            Problem::LevelMismatch { sku, replayed, .. }
                if sku == &format!("#{far}") && replayed.on_hand == 10)),
        "{found:?}"
    );
}
