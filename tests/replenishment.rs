//! Replenishment through the Inventory API against hand-worked examples (velocity,
//! thresholds, cover, status, suggestions, backorders), the purchase order lifecycle,
//! snoozes and the reports; then the real binary for `alerts`, `po` and `report`.

#[path = "replenishment/cli.rs"]
mod cli;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use stockroom::domain::StockStatus;
use stockroom::domain::{ChannelKind, DefectReason, Delivery, Refusal, Role};
use stockroom::inventory::engine::Ctx;
use stockroom::inventory::replenish::AlertRow;
use stockroom::inventory::{
    Command, Error, InputError, Inventory, InventoryExt, LocalInventory, Outcome, SkuSpec,
};

/// 2026-11-20 12:00 UTC.
const NOW: i64 = 1_795_176_000_000;
const DAY: i64 = 86_400_000;

struct Shop {
    _dir: tempfile::TempDir,
    inv: LocalInventory,
    clock: Arc<AtomicI64>,
}

impl Shop {
    fn new() -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let (inv, _) = LocalInventory::open_or_init(&dir.path().join("r.redb"), "owner").unwrap();
        let clock = Arc::new(AtomicI64::new(NOW));
        let c = clock.clone();
        let inv = inv.with_clock(Arc::new(move || c.load(Ordering::SeqCst)));
        let shop = Shop {
            _dir: dir,
            inv,
            clock,
        };
        for (name, kind, priority) in [
            ("Shop", ChannelKind::Retail, 1),
            ("Ozon", ChannelKind::Marketplace, 2),
        ] {
            shop.run(Command::AddChannel {
                name: name.into(),
                kind,
                priority,
            });
        }
        shop
    }

    /// Moves the clock to NOW + `days` days.
    fn day(&self, days: i64) -> &Self {
        self.clock.store(NOW + days * DAY, Ordering::SeqCst);
        self
    }

    fn run(&self, cmd: Command) -> Outcome {
        self.inv
            .execute(cmd.clone())
            .unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
            .outcome
    }

    fn sku(&self, code: &str, lead: u32, pack: u64, supplier: &str) {
        self.run(Command::AddSku(SkuSpec {
            code: code.into(),
            name: Some(format!("Товар {code}")),
            supplier: Some(supplier.into()),
            lead_days: Some(lead),
            pack_size: Some(pack),
            ..Default::default()
        }));
    }

    fn receive(&self, code: &str, qty: u64) {
        self.run(Command::Receive {
            sku: code.into(),
            qty,
            at: None,
            reference: None,
        });
    }

    fn sell(&self, code: &str, qty: u64, channel: &str) {
        self.run(Command::Sell {
            sku: code.into(),
            qty,
            channel: channel.into(),
            at: None,
        });
    }

    fn alert(&self, code: &str, days: u32) -> Option<AlertRow> {
        self.inv
            .alerts(days, false)
            .unwrap()
            .into_iter()
            .find(|r| r.code == code)
    }

    fn as_user(&self, actor: &str, cmd: Command) -> Result<Outcome, Error> {
        let ctx = Ctx {
            actor: actor.into(),
            now: self.clock.load(Ordering::SeqCst),
        };
        let mut r = self.inv.execute_batch(vec![(ctx, cmd)]).unwrap();
        r.remove(0).map(|a| a.outcome)
    }
}

/// SKU A: lead 14 days; 10 sold in the last week (4 more a day before the week), 12 left.
fn classic() -> Shop {
    let s = Shop::new();
    s.sku("A", 14, 1, "ООО Чайный двор");
    s.day(-10).receive("A", 26);
    s.day(-8).sell("A", 4, "Shop");
    for (d, q) in [(-6, 3), (-4, 3), (-2, 2), (0, 2)] {
        s.day(d).sell("A", q, "Shop");
    }
    s.day(0);
    s
}

#[test]
fn the_classic_example_through_the_api() {
    let s = classic();
    let a = s.alert("A", 7).expect("A alerts over a 7-day window");
    // 10 a week, 2-week lead time: min 20, safety 5, reorder point 25.
    assert_eq!((a.sold, a.min, a.safety, a.reorder_point), (10, 20, 5, 25));
    assert!(a.computed);
    assert!((a.velocity - 1.429).abs() < 1e-9, "{}", a.velocity);
    // 12 available at 10/7 a day last 8 days, fewer than the 14 of lead time: critical.
    assert_eq!((a.available, a.days_of_cover), (12, Some(8)));
    assert_eq!(a.status, StockStatus::Critical);
    // 30 sell through lead + review (21 days), + 5 safety - 12 available.
    assert_eq!(a.suggested, 23);
    assert_eq!(a.supplier.as_deref(), Some("ООО Чайный двор"));
    // Over 28 days the 4 sold earlier count too: 14/28 a day, min 7, safety 2; 12 is plenty.
    assert!(s.alert("A", 28).is_none());
    // By hand, thresholds are not computed.
    s.run(Command::EditSku(SkuSpec {
        code: "A".into(),
        min_stock: Some(30),
        safety_stock: Some(3),
        ..Default::default()
    }));
    let a = s.alert("A", 28).unwrap();
    assert_eq!(
        (a.min, a.safety, a.reorder_point, a.computed),
        (30, 3, 33, false)
    );
    assert_eq!(a.status, StockStatus::Low);
}

#[test]
fn on_order_lowers_the_suggestion_and_lifts_a_reorder() {
    let s = classic();
    s.run(Command::PoCreate {
        supplier: None,
        lines: vec![("A".into(), 10)],
        from_alerts: false,
        only: vec![],
        window: 7,
        expected: None,
    });
    let a = s.alert("A", 7).unwrap();
    assert_eq!((a.on_order, a.suggested), (10, 13));
    // Cover is about what is here, not what is coming: still critical.
    assert_eq!(a.status, StockStatus::Critical);
}

#[test]
fn zero_velocity_is_out_or_low_as_the_stock_and_the_thresholds_say() {
    let s = Shop::new();
    s.sku("Z", 14, 1, "S");
    s.sku("R", 14, 1, "S");
    s.run(Command::EditSku(SkuSpec {
        code: "R".into(),
        min_stock: Some(4),
        safety_stock: Some(1),
        ..Default::default()
    }));
    s.receive("R", 3);
    // No stock, no sales, no thresholds: out, as the SKU list says, with nothing the
    // sales or a minimum could suggest; it sorts after the out SKUs that sell.
    let z = s.alert("Z", 28).expect("an empty SKU is out");
    assert_eq!(
        (z.status, z.days_of_cover, z.suggested),
        (StockStatus::Out, None, 0)
    );
    let r = s.alert("R", 28).unwrap();
    assert_eq!(r.status, StockStatus::Low);
    assert_eq!((r.velocity, r.days_of_cover, r.sold), (0.0, None, 0));
    // Nothing sells, so the sales formula has nothing to go by; the order still lifts
    // available above the reorder point (4 + 1): 3 on hand, 3 more. Never "low, 0".
    assert_eq!(r.suggested, 3);
}

#[test]
fn suggestions_round_up_to_whole_packs() {
    let s = Shop::new();
    s.sku("P", 14, 6, "S");
    s.day(-40).receive("P", 36);
    for d in [-27, -20, -13, -6] {
        s.day(d).sell("P", 7, "Shop");
    }
    s.day(0);
    let p = s.alert("P", 28).unwrap();
    // 1 a day: min 14, safety 4; 21 + 4 - 8 = 17, in packs of 6: 18.
    assert_eq!((p.min, p.safety, p.available), (14, 4, 8));
    assert_eq!((p.suggested, p.pack_size), (18, 6));
}

#[test]
fn backorders_are_shortage_and_demand_and_a_po_receipt_fills_them() {
    let s = Shop::new();
    s.sku("B", 7, 1, "Пасека Алтай");
    s.receive("B", 2);
    let out = s.run(Command::Order {
        sku: "B".into(),
        qty: 5,
        channel: "Ozon".into(),
        order: Some("OZ-1".into()),
        delivery: Delivery::default(),
    });
    assert!(matches!(out, Outcome::Backordered(_)), "{out:?}");
    let b = s.alert("B", 28).unwrap();
    assert_eq!(b.status, StockStatus::Shortage);
    assert_eq!((b.available, b.backorders), (2, 5));
    // Nothing sells yet, but 5 are owed and 2 are here: order 3.
    assert_eq!(b.suggested, 3);
    let Outcome::PoCreated { orders, skipped } = s.run(Command::PoCreate {
        supplier: None,
        lines: vec![],
        from_alerts: true,
        only: vec!["B".into()],
        window: 28,
        expected: None,
    }) else {
        panic!("a purchase order")
    };
    assert!(skipped.is_empty());
    assert_eq!(orders.len(), 1);
    assert_eq!(
        (orders[0].supplier.as_str(), orders[0].ordered),
        ("Пасека Алтай", 3)
    );
    s.run(Command::PoReceive {
        id: orders[0].id,
        lines: vec![],
        at: None,
    });
    let queue = s.inv.reservations(None, false).unwrap();
    let r = queue.iter().find(|r| r.order == "OZ-1").unwrap();
    assert_eq!((r.status.as_str(), r.remaining), ("open", 5));
    assert_ne!(
        s.alert("B", 28).map(|b| b.status),
        Some(StockStatus::Shortage)
    );
    assert!(s.inv.check().unwrap().ok());
}

#[test]
fn purchase_order_lifecycle() {
    let s = Shop::new();
    s.sku("A", 14, 1, "S1");
    s.sku("C", 14, 1, "S1");
    s.sku("X", 14, 1, "S2");
    let Outcome::PoCreated { orders, .. } = s.run(Command::PoCreate {
        supplier: Some("S1".into()),
        lines: vec![("A".into(), 10), ("C".into(), 4), ("A".into(), 2)],
        from_alerts: false,
        only: vec![],
        window: 28,
        expected: None,
    }) else {
        panic!("created")
    };
    let po = &orders[0];
    assert_eq!(
        (po.id, po.lines.len(), po.ordered, po.status.as_str()),
        (1, 2, 16, "open")
    );
    // A part arrives: a real receipt with the order's reference.
    s.run(Command::PoReceive {
        id: 1,
        lines: vec![("A".into(), 4)],
        at: None,
    });
    let po = s.inv.purchase_order(1).unwrap();
    assert_eq!(
        (po.received, po.outstanding, po.status.as_str()),
        (4, 12, "open")
    );
    let last = &s.inv.history(Some("A".into()), 1).unwrap()[0];
    assert_eq!(
        (last.kind.name(), last.qty),
        (stockroom::domain::KindName::Receive, 4)
    );
    assert_eq!(last.reference.as_deref(), Some("PO-1"));
    assert_eq!(s.inv.sku_detail("A", 0).unwrap().on_hand, 4);
    // More than is awaited, or a SKU not on the order: refused, nothing written.
    let before = s.inv.stats().unwrap().ledger_entries;
    for (sku, q) in [("A", 9), ("X", 1)] {
        let e = s
            .inv
            .execute(Command::PoReceive {
                id: 1,
                lines: vec![("C".into(), 1), (sku.into(), q)],
                at: None,
            })
            .unwrap_err();
        assert!(
            matches!(e, Error::Refused(Refusal::PoOverReceipt { .. })),
            "{e:?}"
        );
    }
    assert_eq!(s.inv.stats().unwrap().ledger_entries, before);
    // The rest, without naming it.
    let out = s.run(Command::PoReceive {
        id: 1,
        lines: vec![],
        at: None,
    });
    let Outcome::PoReceived { order, units } = out else {
        panic!("received")
    };
    assert_eq!(
        (units, order.status.as_str(), order.outstanding),
        (12, "received", 0)
    );
    assert!(order.closed.is_some());
    assert_eq!(s.inv.sku_detail("C", 0).unwrap().on_hand, 4);
    let again = s.inv.execute(Command::PoCancel { id: 1 }).unwrap_err();
    assert_eq!(again, Error::Refused(Refusal::PoNotOpen { id: 1 }));
    // A second order, cancelled: nothing awaited any more.
    s.run(Command::PoCreate {
        supplier: Some("S1".into()),
        lines: vec![("C".into(), 5)],
        from_alerts: false,
        only: vec![],
        window: 28,
        expected: None,
    });
    assert_eq!(s.inv.purchase_orders(false).unwrap().len(), 1);
    let Outcome::PoCancelled(p) = s.run(Command::PoCancel { id: 2 }) else {
        panic!("cancelled")
    };
    assert_eq!((p.status.as_str(), p.outstanding), ("cancelled", 5));
    assert!(s.inv.purchase_orders(false).unwrap().is_empty());
    let all = s.inv.purchase_orders(true).unwrap();
    assert_eq!(all.iter().map(|p| p.id).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(
        s.inv.purchase_order(99).unwrap_err(),
        Error::Input(InputError::UnknownPurchaseOrder(99))
    );
    assert!(s.inv.check().unwrap().ok());
}

#[test]
fn roles_owner_orders_and_snoozes_packer_receives() {
    let s = Shop::new();
    s.sku("A", 14, 1, "S1");
    for (name, role) in [("ivan", Role::Packer), ("vera", Role::Viewer)] {
        s.run(Command::AddUser {
            name: name.into(),
            role,
        });
    }
    let create = Command::PoCreate {
        supplier: None,
        lines: vec![("A".into(), 3)],
        from_alerts: false,
        only: vec![],
        window: 28,
        expected: None,
    };
    let forbidden = |r: Result<Outcome, Error>, needs| {
        assert!(
            matches!(r, Err(Error::Forbidden { needs: n, .. }) if n == needs),
            "{r:?}"
        )
    };
    forbidden(s.as_user("ivan", create.clone()), Role::Owner);
    forbidden(
        s.as_user(
            "ivan",
            Command::Snooze {
                sku: "A".into(),
                days: 3,
            },
        ),
        Role::Owner,
    );
    s.run(create);
    forbidden(s.as_user("ivan", Command::PoCancel { id: 1 }), Role::Owner);
    let receive = Command::PoReceive {
        id: 1,
        lines: vec![],
        at: None,
    };
    forbidden(s.as_user("vera", receive.clone()), Role::Packer);
    assert!(s.as_user("ivan", receive).is_ok());
}

#[test]
fn a_snooze_hides_until_it_ends_or_the_alert_worsens() {
    let s = Shop::new();
    for code in ["M", "W"] {
        s.sku(code, 14, 1, "S");
        s.run(Command::EditSku(SkuSpec {
            code: code.into(),
            min_stock: Some(30),
            safety_stock: Some(3),
            ..Default::default()
        }));
        s.receive(code, 20);
        assert_eq!(s.alert(code, 28).unwrap().status, StockStatus::Low);
        s.run(Command::Snooze {
            sku: code.into(),
            days: 7,
        });
        assert!(s.alert(code, 28).is_none(), "{code} is snoozed");
    }
    let all = s.inv.alerts(28, true).unwrap();
    assert!(
        all.iter()
            .any(|r| r.code == "M" && r.snoozed_until.is_some())
    );
    // W runs down to its safety stock: worse than when it was snoozed, so it is back.
    s.sell("W", 18, "Shop");
    assert_eq!(s.alert("W", 28).unwrap().status, StockStatus::Critical);
    // M is back when the week is over.
    assert!(s.day(6).alert("M", 28).is_none());
    assert!(s.day(8).alert("M", 28).is_some());
    // 0 days ends a snooze at once.
    s.day(0).run(Command::Snooze {
        sku: "M".into(),
        days: 7,
    });
    assert!(s.alert("M", 28).is_none());
    s.run(Command::Snooze {
        sku: "M".into(),
        days: 0,
    });
    assert!(s.alert("M", 28).is_some());
}

#[test]
fn velocity_per_channel_counts_ships_and_till_sales_in_the_window() {
    let s = Shop::new();
    s.sku("V", 14, 1, "S");
    s.day(-30).receive("V", 50);
    s.sell("V", 9, "Shop"); // before the window
    s.day(-1).sell("V", 3, "Shop");
    let Outcome::Reserved(r) = s.run(Command::Reserve {
        sku: "V".into(),
        qty: 4,
        channel: "Ozon".into(),
        order: None,
        at: None,
        delivery: Delivery::default(),
    }) else {
        panic!("reserved")
    };
    s.run(Command::Ship {
        id: r.reservation,
        qty: None,
        tracking: None,
    });
    let rows = s.day(0).inv.velocity_report(7).unwrap();
    let v = rows.iter().find(|r| r.code == "V").unwrap();
    assert_eq!((v.units, v.per_day), (7, 1.0));
    let chans: Vec<(&str, u64)> = v
        .channels
        .iter()
        .map(|c| (c.channel.as_str(), c.units))
        .collect();
    assert_eq!(chans, [("Ozon", 4), ("Shop", 3)]);
}

#[test]
fn defects_by_reason_and_supplier_with_cost() {
    let s = Shop::new();
    for (code, sup, cost) in [("D1", "S1", Some(10_000)), ("D2", "S2", None)] {
        s.run(Command::AddSku(SkuSpec {
            code: code.into(),
            name: Some("Кружка".into()),
            supplier: Some(sup.into()),
            cost,
            ..Default::default()
        }));
        s.day(-50).receive(code, 10);
    }
    let defect = |code: &str, qty, reason| Command::Defect {
        sku: code.into(),
        qty,
        reason,
        at: None,
        note: None,
    };
    s.day(-40).run(defect("D1", 1, DefectReason::Manufacturing)); // too old
    s.day(-3).run(defect("D1", 2, DefectReason::Manufacturing));
    s.run(defect("D2", 1, DefectReason::Packaging));
    s.run(Command::Return {
        sku: "D1".into(),
        qty: 1,
        channel: "Ozon".into(),
        defect: Some(DefectReason::ShippingDamage),
        at: None,
        order: None,
        note: None,
    });
    let r = s.day(0).inv.defect_report(28).unwrap();
    let rows: Vec<(&str, Option<&str>, u64, &str)> = r
        .rows
        .iter()
        .map(|d| {
            (
                d.reason.as_str(),
                d.supplier.as_deref(),
                d.units,
                d.cost.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("manufacturing", Some("S1"), 2, "200.00"),
            ("shipping_damage", Some("S1"), 1, "100.00"),
            ("packaging", Some("S2"), 1, "0.00"),
        ]
    );
    assert_eq!(
        (r.units, r.cost.as_str(), r.uncosted_units),
        (4, "300.00", 1)
    );
}
