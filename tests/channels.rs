//! Channels against the contract (../shared/design/stock-model.md, "Channels"): what each
//! channel publishes of the one pool (paused, archived, shortage -> 0; source locations; share
//! rounded down; buffer not below 0; max cap; near the reorder point only `keep_when_low`
//! channels keep showing), order import (idempotent, cancel, ship, backorders filled oldest
//! first, all or nothing), hold expiry with an injected clock, feeds and the matrix with drift.
//! Engine tests go through the Inventory API; the last ones run the real binary.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde_json::Value;
use stockroom::domain::{AdjustTo, ChannelKind, Delivery, Refusal};
use stockroom::inventory::channels::{FeedRow, MatrixCell, MatrixRow, OrdersSummary, RulesSpec};
use stockroom::inventory::{
    Applied, Command, Error, FieldProblem, InputError, Inventory, InventoryExt, LocalInventory,
    Located, MovementView, Outcome, ReservationView, SkuSpec, StockRow,
};

const OWNER: &str = "owner";

const MAIN: &str = "Main warehouse";
const SHOP: &str = "Shop";

/// Priority 1.
const OZON: &str = "Ozon";
/// Priority 2.
const WB: &str = "Wildberries";
/// Priority 3.
const SITE: &str = "Website";
/// Priority 4.
const TILL: &str = "Shop till";

const TEA: &str = "TEA-001";
const TEA_BARCODE: &str = "4600000000017";
const MUG: &str = "MUG-01";
const CUP: &str = "CUP-02";

/// 2026-11-18T...Z, a fixed "now" for the injected clock.
const T0: i64 = 1_795_000_000_000;

// ---- the engine, with a clock the test moves ----------------------------------------------

/// A temp database owned by `owner`, with locations "Main warehouse" (default) and "Shop",
/// channels Ozon, Wildberries, Website and "Shop till" (priorities 1..4, default rules)
/// and a clock standing at `T0` until a test moves it.
struct World {
    dir: tempfile::TempDir,
    inv: LocalInventory,
    now: Arc<AtomicI64>,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("stock.redb");
        let (inv, created) = LocalInventory::open_or_init(&path, OWNER).expect("create database");
        assert!(created);
        let now = Arc::new(AtomicI64::new(T0));
        let clock = Arc::clone(&now);
        let inv = inv.with_clock(Arc::new(move || clock.load(Ordering::SeqCst)));
        let w = World { dir, inv, now };
        w.ok(Command::AddLocation {
            name: SHOP.into(),
            default: false,
        });
        for (name, kind, priority) in [
            (OZON, ChannelKind::Marketplace, 1),
            (WB, ChannelKind::Marketplace, 2),
            (SITE, ChannelKind::Website, 3),
            (TILL, ChannelKind::Retail, 4),
        ] {
            w.ok(Command::AddChannel {
                name: name.into(),
                kind,
                priority,
            });
        }
        w
    }

    fn ok(&self, cmd: Command) -> Applied {
        let name = cmd.name();
        self.inv
            .execute(cmd)
            .unwrap_or_else(|e| panic!("{name} failed: {e} ({e:?})"))
    }

    fn err(&self, cmd: Command) -> Error {
        let name = cmd.name();
        match self.inv.execute(cmd) {
            Ok(a) => panic!("{name} should have been refused, got {:?}", a.outcome),
            Err(e) => e,
        }
    }

    fn advance_secs(&self, secs: i64) {
        self.now.fetch_add(secs * 1000, Ordering::SeqCst);
    }

    /// A SKU with optional thresholds (min_stock, safety_stock) and barcode.
    fn sku(&self, code: &str, thresholds: Option<(u64, u64)>, barcode: Option<&str>) {
        self.ok(Command::AddSku(SkuSpec {
            code: code.into(),
            name: Some(format!("Товар {code}")),
            barcodes: barcode.map(|b| vec![b.to_string()]).unwrap_or_default(),
            min_stock: thresholds.map(|t| t.0),
            safety_stock: thresholds.map(|t| t.1),
            ..SkuSpec::default()
        }));
    }

    fn receive(&self, code: &str, qty: u64, at: &str) {
        self.ok(Command::Receive {
            sku: code.into(),
            qty,
            at: Some(at.into()),
            reference: None,
        });
    }

    fn reserve_cmd(&self, code: &str, qty: u64, channel: &str, order: &str) -> Command {
        Command::Reserve {
            sku: code.into(),
            qty,
            channel: channel.into(),
            order: Some(order.into()),
            at: None,
            delivery: Delivery::default(),
        }
    }

    /// Reserves and returns the reservation id.
    fn reserve(&self, code: &str, qty: u64, channel: &str, order: &str) -> u64 {
        match self.ok(self.reserve_cmd(code, qty, channel, order)).outcome {
            Outcome::Reserved(v) => v.reservation,
            other => panic!("reserve: unexpected outcome {other:?}"),
        }
    }

    fn rules(&self, channel: &str, rules: RulesSpec) {
        self.ok(Command::ChannelRules {
            channel: channel.into(),
            rules,
        });
    }

    fn row(&self, code: &str) -> MatrixRow {
        let (_, rows) = self.inv.matrix().expect("matrix");
        rows.into_iter()
            .find(|r| r.code == code)
            .unwrap_or_else(|| panic!("no matrix row for {code}"))
    }

    fn cell(&self, code: &str, channel: &str) -> MatrixCell {
        let row = self.row(code);
        row.channels
            .iter()
            .find(|c| c.channel == channel)
            .cloned()
            .unwrap_or_else(|| panic!("no {channel} cell in {row:?}"))
    }

    /// The feed's quantity for one SKU.
    fn fed(&self, channel: &str, code: &str) -> u64 {
        let feed = self.inv.feed(channel, false).expect("feed");
        feed.iter()
            .find(|r| r.code == code)
            .unwrap_or_else(|| panic!("no {code} in the {channel} feed {feed:?}"))
            .qty
    }

    /// What `channel` publishes for `code`, checked to agree between matrix and feed.
    fn published(&self, code: &str, channel: &str) -> u64 {
        let m = self.cell(code, channel).published;
        assert_eq!(
            m,
            self.fed(channel, code),
            "matrix and feed disagree on {code} at {channel}"
        );
        m
    }

    /// (published, withheld) of one matrix cell.
    fn pw(&self, code: &str, channel: &str) -> (u64, Option<String>) {
        let c = self.cell(code, channel);
        (self.published(code, channel), c.withheld)
    }

    /// (on_hand, reserved, available) over all locations.
    fn totals(&self, code: &str) -> (u64, u64, i64) {
        let d = self.inv.sku_detail(code, 0).expect("sku detail");
        (d.on_hand, d.reserved, d.available)
    }

    fn ledger_len(&self) -> usize {
        self.inv.ledger().expect("ledger").len()
    }

    fn reservations(&self) -> Vec<ReservationView> {
        self.inv.reservations(None, true).expect("reservations")
    }

    fn reservation(&self, channel: &str, order: &str) -> ReservationView {
        let all = self.reservations();
        all.iter()
            .find(|r| r.channel == channel && r.order == order)
            .cloned()
            .unwrap_or_else(|| panic!("no reservation {channel}/{order} in {all:?}"))
    }

    /// (status, remaining) of a reservation.
    fn status(&self, channel: &str, order: &str) -> (String, u64) {
        let r = self.reservation(channel, order);
        (r.status.as_str().to_string(), r.remaining)
    }

    fn history(&self, code: &str) -> Vec<MovementView> {
        self.inv.history(Some(code.into()), 100).expect("history")
    }

    fn check_ok(&self) {
        let report = self.inv.check().expect("check");
        assert!(report.problems.is_empty(), "check: {:?}", report.problems);
    }

    /// Writes an order export and reads it as the CLI does: an `ImportOrders` command.
    fn orders(&self, channel: &str, name: &str, csv: &str) -> Command {
        let path = self.dir.path().join(name);
        std::fs::write(&path, csv).expect("write orders file");
        let t = stockroom::io::table::read_file(&path).expect("read orders file");
        let parsed = stockroom::io::orders::order_rows(&t);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        Command::ImportOrders {
            channel: channel.into(),
            file: path.display().to_string(),
            rows: parsed.rows,
        }
    }

    fn import_orders(&self, channel: &str, name: &str, csv: &str) -> OrdersSummary {
        match self.ok(self.orders(channel, name, csv)).outcome {
            Outcome::OrdersImported(s) => s,
            other => panic!("import orders: unexpected outcome {other:?}"),
        }
    }
}

fn summary(
    rows: usize,
    reserved: usize,
    backordered: usize,
    released: usize,
    shipped: usize,
    unchanged: usize,
) -> OrdersSummary {
    OrdersSummary {
        rows,
        reserved,
        backordered,
        released,
        shipped,
        unchanged,
    }
}

fn withheld(reason: &str) -> Option<String> {
    Some(reason.to_string())
}

// ---- allocation rules through the API -----------------------------------------------------

#[test]
fn default_rules_publish_the_whole_pool_on_every_channel() {
    let w = World::new();
    w.sku(TEA, None, Some(TEA_BARCODE));
    w.sku(MUG, None, None);
    w.receive(TEA, 10, MAIN);
    w.receive(TEA, 5, SHOP);
    w.reserve(TEA, 3, OZON, "O-1");

    let row = w.row(TEA);
    assert_eq!(row.available, 12);
    let names: Vec<&str> = row.channels.iter().map(|c| c.channel.as_str()).collect();
    assert_eq!(names, [OZON, WB, SITE, TILL], "cells in priority order");
    for ch in [OZON, WB, SITE, TILL] {
        assert_eq!(w.pw(TEA, ch), (12, None), "{ch}");
        let c = w.cell(TEA, ch);
        assert_eq!((c.listed, c.drift), (None, None), "nothing listed yet");
    }
    // No stock at all is at a reorder point of 0: nothing to publish.
    assert_eq!(w.pw(MUG, OZON), (0, withheld("near_minimum")));

    let feed = w.inv.feed(WB, false).expect("feed");
    assert_eq!(
        feed,
        vec![
            FeedRow {
                code: MUG.into(),
                barcode: String::new(),
                qty: 0
            },
            FeedRow {
                code: TEA.into(),
                barcode: TEA_BARCODE.into(),
                qty: 12
            },
        ]
    );
}

#[test]
fn paused_channel_publishes_zero_and_takes_no_orders() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 10, MAIN);
    w.rules(
        WB,
        RulesSpec {
            paused: Some(true),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.pw(TEA, WB), (0, withheld("paused")));
    assert_eq!(w.pw(TEA, OZON), (10, None), "other channels unaffected");
    match w.err(w.reserve_cmd(TEA, 1, WB, "W-1")) {
        Error::Refused(Refusal::ChannelPaused { channel }) => assert_eq!(channel, WB),
        e => panic!("expected ChannelPaused, got {e:?}"),
    }
    assert_eq!(w.totals(TEA), (10, 0, 10));

    w.rules(
        WB,
        RulesSpec {
            paused: Some(false),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.pw(TEA, WB), (10, None));
}

#[test]
fn archived_sku_publishes_zero_everywhere() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.sku(MUG, None, None);
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 10, MAIN);
    w.rules(
        OZON,
        RulesSpec {
            keep_when_low: Some(true),
            ..RulesSpec::default()
        },
    );
    w.ok(Command::ArchiveSku { sku: TEA.into() });
    for ch in [OZON, WB, SITE, TILL] {
        assert_eq!(w.pw(TEA, ch), (0, withheld("archived")), "{ch}");
        assert_eq!(w.pw(MUG, ch), (10, None), "{ch}");
    }
    assert_eq!(w.row(TEA).available, 10, "the stock is still there");
}

#[test]
fn shortage_publishes_zero_even_on_priority_channels_until_fixed() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 5, MAIN);
    w.reserve(TEA, 5, WB, "W-1");
    w.rules(
        OZON,
        RulesSpec {
            keep_when_low: Some(true),
            ..RulesSpec::default()
        },
    );
    // A stocktake finds 3 where 5 are promised.
    w.ok(Command::Adjust {
        sku: TEA.into(),
        how: AdjustTo::Set(3),
        reason: "count".into(),
        at: None,
        reference: None,
    });
    assert_eq!(w.totals(TEA), (3, 5, -2));
    assert_eq!(w.row(TEA).available, -2);
    for ch in [OZON, WB, SITE, TILL] {
        assert_eq!(w.pw(TEA, ch), (0, withheld("shortage")), "{ch}");
    }
    match w.err(w.reserve_cmd(TEA, 1, OZON, "O-1")) {
        Error::Refused(Refusal::Shortage { code }) => assert_eq!(code, TEA),
        e => panic!("expected Shortage, got {e:?}"),
    }

    w.receive(TEA, 6, SHOP);
    assert_eq!(w.totals(TEA), (9, 5, 4));
    for ch in [OZON, WB, SITE, TILL] {
        assert_eq!(w.pw(TEA, ch), (4, None), "{ch}");
    }
    w.check_ok();
}

#[test]
fn source_locations_limit_what_a_channel_can_offer() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 10, MAIN);
    w.receive(TEA, 4, SHOP);
    let r = w.reserve(TEA, 1, TILL, "T-1");
    assert_eq!(w.reservation(TILL, "T-1").location, MAIN, "default first");
    w.ok(Command::Release {
        id: r,
        reason: None,
    });
    w.ok(Command::Reserve {
        sku: TEA.into(),
        qty: 1,
        channel: TILL.into(),
        order: Some("T-2".into()),
        at: Some(SHOP.into()),
        delivery: Delivery::default(),
    });

    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![SHOP.into()]),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.pw(TEA, TILL), (3, None), "only the shop's 4 - 1");
    assert_eq!(w.pw(TEA, OZON), (13, None));
    let view = w
        .inv
        .matrix()
        .expect("matrix")
        .0
        .into_iter()
        .find(|c| c.name == TILL)
        .expect("till rules");
    assert_eq!(view.sources, vec![SHOP.to_string()]);

    // A reservation for the till is taken from its own source.
    w.reserve(TEA, 2, TILL, "T-3");
    assert_eq!(w.reservation(TILL, "T-3").location, SHOP);
    assert_eq!(w.pw(TEA, TILL), (1, None));
    assert_eq!(w.pw(TEA, OZON), (11, None));

    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![SHOP.into(), MAIN.into()]),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.pw(TEA, TILL), (11, None));
    // An empty list is every location.
    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![SHOP.into()]),
            ..RulesSpec::default()
        },
    );
    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![]),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.pw(TEA, TILL), (11, None));

    match w.err(Command::ChannelRules {
        channel: TILL.into(),
        rules: RulesSpec {
            sources: Some(vec!["Garage".into()]),
            ..RulesSpec::default()
        },
    }) {
        Error::Input(InputError::UnknownLocation(n)) => assert_eq!(n, "Garage"),
        e => panic!("expected UnknownLocation, got {e:?}"),
    }
}

#[test]
fn a_source_in_local_shortage_does_not_hide_and_cannot_double_promise() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 3, SHOP);
    w.ok(Command::Reserve {
        sku: TEA.into(),
        qty: 3,
        channel: OZON.into(),
        order: Some("O-1".into()),
        at: Some(SHOP.into()),
        delivery: Delivery::default(),
    });
    w.receive(TEA, 5, MAIN);
    // The shop's count finds 1 of the 3 promised there: the pool has 5 + 1 - 3 = 3.
    w.ok(Command::Adjust {
        sku: TEA.into(),
        how: AdjustTo::Set(1),
        reason: "count".into(),
        at: Some(SHOP.into()),
        reference: None,
    });
    assert_eq!(w.totals(TEA), (6, 3, 3));
    w.rules(
        WB,
        RulesSpec {
            sources: Some(vec![MAIN.into()]),
            ..RulesSpec::default()
        },
    );
    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![SHOP.into()]),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.pw(TEA, WB), (3, None), "main has 5 but the pool only 3");
    assert_eq!(
        w.pw(TEA, TILL),
        (0, None),
        "the shop owes more than it holds"
    );
    assert_eq!(w.pw(TEA, OZON), (3, None));
}

#[test]
fn share_rounds_down_buffer_stops_at_zero_and_max_caps() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 10, MAIN);
    let set = |rules: RulesSpec| w.rules(WB, rules);

    set(RulesSpec {
        share_pct: Some(33),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 3, "floor(10 * 33 / 100)");
    set(RulesSpec {
        share_pct: Some(99),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 9, "floor(9.9)");
    set(RulesSpec {
        share_pct: Some(0),
        ..RulesSpec::default()
    });
    assert_eq!(
        w.pw(TEA, WB),
        (0, None),
        "a share of 0 is a rule, not a withholding"
    );
    set(RulesSpec {
        share_pct: Some(100),
        buffer: Some(2),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 8);
    set(RulesSpec {
        buffer: Some(10),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 0);
    set(RulesSpec {
        buffer: Some(25),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 0, "buffer never takes it below 0");
    set(RulesSpec {
        buffer: Some(0),
        max_listed: Some(Some(4)),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 4);
    set(RulesSpec {
        max_listed: Some(Some(0)),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 0);
    set(RulesSpec {
        max_listed: Some(None),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 10, "the cap is gone");
    assert_eq!(w.published(TEA, OZON), 10, "other channels never changed");

    // Odd numbers: 7 at 50 % is 3.
    w.ok(Command::Sell {
        sku: TEA.into(),
        qty: 3,
        channel: TILL.into(),
        at: None,
    });
    set(RulesSpec {
        share_pct: Some(50),
        ..RulesSpec::default()
    });
    assert_eq!(w.published(TEA, WB), 3);

    // A share above 100 % would promise units that do not exist.
    match w.err(Command::ChannelRules {
        channel: WB.into(),
        rules: RulesSpec {
            share_pct: Some(101),
            ..RulesSpec::default()
        },
    }) {
        Error::Input(InputError::Field { field, problem, .. }) => {
            assert_eq!(field, "share");
            assert_eq!(problem, FieldProblem::TooMany { max: 100 });
        }
        e => panic!("expected a share field error, got {e:?}"),
    }
    assert_eq!(w.published(TEA, WB), 3, "a refused rule changes nothing");
}

#[test]
fn rules_combine_share_then_buffer_then_cap() {
    let w = World::new();
    // Thresholds of 0 set by hand and no lead time, so the status stays ok however fast
    // it sells (stock-model.md, "Stock status"): only share, buffer and cap are at work here.
    w.sku(TEA, Some((0, 0)), None);
    w.ok(Command::EditSku(SkuSpec {
        code: TEA.into(),
        lead_days: Some(0),
        ..SkuSpec::default()
    }));
    w.rules(
        WB,
        RulesSpec {
            share_pct: Some(50),
            buffer: Some(3),
            max_listed: Some(Some(40)),
            ..RulesSpec::default()
        },
    );
    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![SHOP.into()]),
            share_pct: Some(50),
            buffer: Some(1),
            ..RulesSpec::default()
        },
    );
    w.receive(TEA, 96, MAIN);
    w.receive(TEA, 5, SHOP);
    // floor(101 * 50 %) = 50, - 3 = 47, capped at 40.
    assert_eq!(w.pw(TEA, WB), (40, None));
    // The shop: floor(5 * 50 %) = 2, - 1 = 1.
    assert_eq!(w.pw(TEA, TILL), (1, None));
    assert_eq!(w.pw(TEA, SITE), (101, None));

    w.ok(Command::Sell {
        sku: TEA.into(),
        qty: 86,
        channel: TILL.into(),
        at: None,
    });
    // 15 left: floor(7.5) = 7, - 3 = 4, under the cap.
    assert_eq!(w.pw(TEA, WB), (4, None));
    w.ok(Command::Sell {
        sku: TEA.into(),
        qty: 8,
        channel: TILL.into(),
        at: None,
    });
    // 7 left (2 at main, 5 at the shop): floor(3.5) = 3, - 3 = 0.
    assert_eq!(w.pw(TEA, WB), (0, None));
    assert_eq!(w.pw(TEA, TILL), (1, None));
}

#[test]
fn near_the_reorder_point_only_keep_when_low_channels_keep_publishing() {
    let w = World::new();
    // Reorder point 25 = min 20 + safety 5.
    w.sku(TEA, Some((20, 5)), None);
    w.rules(
        OZON,
        RulesSpec {
            keep_when_low: Some(true),
            ..RulesSpec::default()
        },
    );
    w.rules(
        WB,
        RulesSpec {
            share_pct: Some(50),
            ..RulesSpec::default()
        },
    );
    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![SHOP.into()]),
            ..RulesSpec::default()
        },
    );
    w.receive(TEA, 20, MAIN);
    w.receive(TEA, 6, SHOP);
    let held = w.reserve(TEA, 4, SITE, "S-1");
    assert_eq!(w.totals(TEA).2, 22);

    assert_eq!(w.pw(TEA, OZON), (22, None));
    for ch in [WB, SITE, TILL] {
        assert_eq!(w.pw(TEA, ch), (0, withheld("near_minimum")), "{ch}");
    }

    // Exactly at the reorder point is still low.
    w.receive(TEA, 3, MAIN);
    assert_eq!(w.totals(TEA).2, 25);
    assert_eq!(w.pw(TEA, OZON), (25, None));
    assert_eq!(w.pw(TEA, SITE), (0, withheld("near_minimum")));

    // One above it, every channel shows again, each by its own rules.
    w.ok(Command::Release {
        id: held,
        reason: None,
    });
    assert_eq!(w.totals(TEA).2, 29);
    assert_eq!(w.pw(TEA, OZON), (29, None));
    assert_eq!(w.pw(TEA, WB), (14, None));
    assert_eq!(w.pw(TEA, SITE), (29, None));
    assert_eq!(w.pw(TEA, TILL), (6, None));

    // Orders taking it back down switch the non-priority channels off again.
    w.reserve(TEA, 4, OZON, "O-1");
    assert_eq!(w.pw(TEA, WB), (0, withheld("near_minimum")));
    assert_eq!(w.pw(TEA, OZON), (25, None));

    // Raising the thresholds by hand moves the line.
    w.ok(Command::EditSku(SkuSpec {
        code: TEA.into(),
        min_stock: Some(10),
        safety_stock: Some(2),
        ..SkuSpec::default()
    }));
    assert_eq!(w.pw(TEA, WB), (12, None));
}

#[test]
fn near_minimum_looks_at_the_whole_pool_not_the_channels_sources() {
    let w = World::new();
    w.sku(TEA, Some((20, 5)), None);
    w.rules(
        TILL,
        RulesSpec {
            sources: Some(vec![SHOP.into()]),
            ..RulesSpec::default()
        },
    );
    w.receive(TEA, 100, MAIN);
    w.receive(TEA, 3, SHOP);
    assert_eq!(w.pw(TEA, TILL), (3, None));
}

#[test]
fn keep_when_low_channels_still_apply_their_own_rules() {
    let w = World::new();
    w.sku(TEA, Some((20, 5)), None);
    w.rules(
        OZON,
        RulesSpec {
            keep_when_low: Some(true),
            share_pct: Some(50),
            buffer: Some(1),
            max_listed: Some(Some(3)),
            ..RulesSpec::default()
        },
    );
    w.rules(
        WB,
        RulesSpec {
            keep_when_low: Some(true),
            ..RulesSpec::default()
        },
    );
    w.receive(TEA, 9, MAIN);
    assert_eq!(w.pw(TEA, OZON), (3, None), "floor(4.5) - 1 = 3, cap 3");
    assert_eq!(w.pw(TEA, WB), (9, None));
    assert_eq!(w.pw(TEA, SITE), (0, withheld("near_minimum")));
    w.ok(Command::Sell {
        sku: TEA.into(),
        qty: 5,
        channel: TILL.into(),
        at: None,
    });
    assert_eq!(w.pw(TEA, OZON), (1, None), "floor(2) - 1");
    // Switching keep_when_low off takes the channel out near the minimum.
    w.rules(
        WB,
        RulesSpec {
            keep_when_low: Some(false),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.pw(TEA, WB), (0, withheld("near_minimum")));
}

#[test]
fn withheld_reasons_come_in_order_paused_archived_shortage_near_minimum() {
    let w = World::new();
    w.sku(TEA, Some((20, 5)), None);
    w.receive(TEA, 2, MAIN);
    w.reserve(TEA, 2, OZON, "O-1");
    w.ok(Command::Adjust {
        sku: TEA.into(),
        how: AdjustTo::Set(1),
        reason: "count".into(),
        at: None,
        reference: None,
    });
    w.rules(
        WB,
        RulesSpec {
            paused: Some(true),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.cell(TEA, WB).withheld, withheld("paused"));
    assert_eq!(w.cell(TEA, SITE).withheld, withheld("shortage"));
    w.receive(TEA, 5, MAIN);
    assert_eq!(w.cell(TEA, SITE).withheld, withheld("near_minimum"));
    w.ok(Command::ArchiveSku { sku: TEA.into() });
    assert_eq!(w.cell(TEA, SITE).withheld, withheld("archived"));
    assert_eq!(w.cell(TEA, WB).withheld, withheld("paused"));
}

/// stock-model.md: the reorder point is min_stock + safety_stock, and when they are not set
/// by hand they follow the sellers' rule of thumb (min = ceil(velocity * lead_days), safety =
/// ceil(min * 25 %)); `replenishment::Thresholds` says "at or below it, reorder, and
/// non-priority channels stop showing the SKU". The alerts use the computed point, so the
/// channels must too.
#[test]
fn near_minimum_uses_the_computed_reorder_point_when_none_is_set_by_hand() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.rules(
        OZON,
        RulesSpec {
            keep_when_low: Some(true),
            ..RulesSpec::default()
        },
    );
    w.receive(TEA, 16, MAIN);
    // 10 sold in the 28-day window, lead time 14 days: min ceil(10 * 14 / 28) = 5,
    // safety ceil(5 * 25 %) = 2, reorder point 7; 6 left.
    w.ok(Command::Sell {
        sku: TEA.into(),
        qty: 10,
        channel: TILL.into(),
        at: None,
    });
    let alert = w
        .inv
        .alerts(28, true)
        .expect("alerts")
        .into_iter()
        .find(|a| a.code == TEA)
        .expect("TEA-001 is at its reorder point, so it has an alert");
    assert!(alert.computed);
    assert_eq!((alert.reorder_point, alert.available), (7, 6));

    assert_eq!(w.pw(TEA, OZON), (6, None));
    for ch in [WB, SITE, TILL] {
        assert_eq!(w.pw(TEA, ch), (0, withheld("near_minimum")), "{ch}");
    }
}

// ---- order import ---------------------------------------------------------------------------

const ORDERS_HEAD: &str = "order_id,sku,qty,status,delivery,destination,created_at\n";

#[test]
fn importing_the_same_orders_twice_changes_nothing() {
    let w = World::new();
    w.sku(TEA, None, Some(TEA_BARCODE));
    w.sku(MUG, None, None);
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 1, MAIN);
    let csv = format!(
        "{ORDERS_HEAD}\
         W-1,TEA-001,2,new,cdek,door,2026-11-15T10:00:00+03:00\n\
         W-2,{TEA_BARCODE},1,new,courier,pickup_point,2026-11-15T11:00:00+03:00\n\
         W-3,TEA-001,3,shipped,cdek,door,2026-11-15T12:00:00+03:00\n\
         W-4,MUG-01,2,new,pickup,door,2026-11-15T13:00:00+03:00\n\
         W-5,MUG-01,1,cancelled,pickup,door,2026-11-15T14:00:00+03:00\n"
    );
    let first = w.import_orders(WB, "orders.csv", &csv);
    assert_eq!(first, summary(5, 2, 1, 0, 1, 1));
    assert_eq!(w.totals(TEA), (7, 3, 4));
    assert_eq!(w.totals(MUG), (1, 0, 1));
    assert_eq!(w.status(WB, "W-1"), ("open".into(), 2));
    assert_eq!(w.status(WB, "W-2"), ("open".into(), 1));
    assert_eq!(w.status(WB, "W-3"), ("shipped".into(), 0));
    assert_eq!(w.status(WB, "W-4"), ("backorder".into(), 0));
    let w1 = w.reservation(WB, "W-1");
    assert_eq!(w1.created, "2026-11-15T07:00:00Z", "{w1:?}");
    assert_eq!(w1.delivery, Some(stockroom::domain::DeliveryMethod::Cdek));
    let len = w.ledger_len();
    let before = w.reservations();

    for _ in 0..2 {
        let again = w.import_orders(WB, "orders.csv", &csv);
        assert_eq!(again, summary(5, 0, 0, 0, 0, 5));
        assert_eq!(w.ledger_len(), len, "no movement on a repeated import");
        assert_eq!(w.reservations(), before);
        assert_eq!(w.totals(TEA), (7, 3, 4));
    }

    // The same order number on another channel is another order.
    let other = w.import_orders(
        OZON,
        "ozon.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,1,new,,,\n"),
    );
    assert_eq!(other, summary(1, 1, 0, 0, 0, 0));
    assert_eq!(w.totals(TEA), (7, 4, 3));
    w.check_ok();
}

#[test]
fn the_latorga_fixture_imports_once() {
    let w = World::new();
    let stock: [(&str, u64); 9] = [
        ("HONEY-LIME-500", 5),
        ("SPOON-WOOD-L", 10),
        ("TEA-BLK-250", 5),
        ("TSHIRT-BLK-L", 3),
        ("CUP-CER-BLU", 5),
        ("CUP-CER-WHT", 0),
        ("SCARF-PAVL-01", 5),
        ("TRAY-KHOKH-40", 2),
        ("POT-GLASS-600", 3),
    ];
    for (code, n) in stock {
        w.sku(code, None, None);
        if n > 0 {
            w.receive(code, n, MAIN);
        }
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orders-latorga.csv");
    let t = stockroom::io::table::read_file(&path).expect("read fixture");
    let parsed = stockroom::io::orders::order_rows(&t);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.rows.len(), 12);
    let cmd = Command::ImportOrders {
        channel: WB.into(),
        file: path.display().to_string(),
        rows: parsed.rows,
    };
    let first = match w.ok(cmd.clone()).outcome {
        Outcome::OrdersImported(s) => s,
        o => panic!("{o:?}"),
    };
    // 4 cancelled orders never seen; 100206 and 100208 find too little.
    assert_eq!(first, summary(12, 6, 2, 0, 0, 4));
    assert_eq!(w.totals("SPOON-WOOD-L"), (10, 4, 6));
    assert_eq!(w.totals("TSHIRT-BLK-L"), (3, 3, 0));
    assert_eq!(w.status(WB, "LT-100206"), ("backorder".into(), 0));
    assert_eq!(w.status(WB, "LT-100208"), ("backorder".into(), 0));
    // The queue is oldest order first, by the channel's order time.
    let queue: Vec<String> = w
        .inv
        .reservations(Some(WB.into()), false)
        .expect("queue")
        .into_iter()
        .map(|r| r.order)
        .collect();
    assert_eq!(
        queue,
        [
            "LT-100202",
            "LT-100205",
            "LT-100206",
            "LT-100207",
            "LT-100208",
            "LT-100209",
            "LT-100211",
            "LT-100212"
        ]
    );
    let len = w.ledger_len();
    let again = match w.ok(cmd).outcome {
        Outcome::OrdersImported(s) => s,
        o => panic!("{o:?}"),
    };
    assert_eq!(again, summary(12, 0, 0, 0, 0, 12));
    assert_eq!(w.ledger_len(), len);
    w.check_ok();
}

#[test]
fn a_later_cancelled_status_releases_the_reservation() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 10, MAIN);
    w.import_orders(
        WB,
        "day1.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,4,new,,,\nW-2,TEA-001,1,new,,,\n"),
    );
    assert_eq!(w.totals(TEA), (10, 5, 5));
    let len = w.ledger_len();

    let s = w.import_orders(
        WB,
        "day2.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,4,cancelled,,,\nW-2,TEA-001,1,new,,,\n"),
    );
    assert_eq!(s, summary(2, 0, 0, 1, 0, 1));
    assert_eq!(w.totals(TEA), (10, 1, 9));
    assert_eq!(w.status(WB, "W-1"), ("cancelled".into(), 0));
    assert_eq!(w.ledger_len(), len + 1);
    let last = &w.history(TEA)[0];
    assert_eq!(
        (
            last.kind.to_string().as_str(),
            last.qty,
            last.reference.as_deref()
        ),
        ("release", 4, Some("W-1"))
    );
    assert_eq!(last.channel.as_deref(), Some(WB));

    // Cancelled again: nothing more to release.
    let s = w.import_orders(
        WB,
        "day3.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,4,cancelled,,,\n"),
    );
    assert_eq!(s, summary(1, 0, 0, 0, 0, 1));
    assert_eq!(w.ledger_len(), len + 1);
    w.check_ok();
}

#[test]
fn a_cancelled_backorder_is_cancelled_without_any_movement() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 1, MAIN);
    let s = w.import_orders(
        WB,
        "day1.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,3,new,,,\n"),
    );
    assert_eq!(s, summary(1, 0, 1, 0, 0, 0));
    assert_eq!(w.status(WB, "W-1"), ("backorder".into(), 0));
    assert_eq!(w.totals(TEA), (1, 0, 1), "a backorder reserves nothing");
    let len = w.ledger_len();

    let s = w.import_orders(
        WB,
        "day2.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,3,cancelled,,,\n"),
    );
    assert_eq!(s, summary(1, 0, 0, 1, 0, 0));
    assert_eq!(w.status(WB, "W-1"), ("cancelled".into(), 0));
    assert_eq!(w.ledger_len(), len, "cancelling a backorder moves nothing");
    assert_eq!(w.totals(TEA), (1, 0, 1));

    // Stock arriving later does not revive it.
    w.receive(TEA, 10, MAIN);
    assert_eq!(w.status(WB, "W-1"), ("cancelled".into(), 0));
    assert_eq!(w.totals(TEA), (11, 0, 11));
    assert!(
        w.inv.reservations(None, false).expect("queue").is_empty(),
        "nothing left in the queue"
    );
    w.check_ok();
}

#[test]
fn a_later_shipped_status_ships() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 10, MAIN);
    w.import_orders(
        WB,
        "day1.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,4,new,,,\n"),
    );
    let s = w.import_orders(
        WB,
        "day2.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,4,shipped,,,\nW-2,TEA-001,2,new,,,\nW-2,TEA-001,2,shipped,,,\n"),
    );
    // W-2 is reserved by its first line and shipped by its second.
    assert_eq!(s, summary(3, 1, 0, 0, 2, 0));
    assert_eq!(w.totals(TEA), (4, 0, 4));
    assert_eq!(w.status(WB, "W-1"), ("shipped".into(), 0));
    assert_eq!(w.status(WB, "W-2"), ("shipped".into(), 0));
    let ships: Vec<(String, u64)> = w
        .history(TEA)
        .into_iter()
        .filter(|m| m.kind.to_string() == "ship")
        .map(|m| (m.reference.unwrap_or_default(), m.qty))
        .collect();
    assert_eq!(ships, [("W-2".to_string(), 2), ("W-1".to_string(), 4)]);
    // Shipped is final: importing it again ships nothing more.
    let len = w.ledger_len();
    let s = w.import_orders(
        WB,
        "day3.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,4,shipped,,,\n"),
    );
    assert_eq!(s, summary(1, 0, 0, 0, 0, 1));
    assert_eq!(w.ledger_len(), len);
    w.check_ok();
}

#[test]
fn backorders_are_reserved_oldest_first_and_a_big_old_one_blocks_newer_ones() {
    let w = World::new();
    w.sku(TEA, None, None);
    // File order is not age order: the oldest order stands in the middle.
    let s = w.import_orders(
        WB,
        "orders.csv",
        &format!(
            "{ORDERS_HEAD}\
             W-3,TEA-001,1,new,,,2026-11-03T10:00:00+03:00\n\
             W-1,TEA-001,5,new,,,2026-11-01T10:00:00+03:00\n\
             W-2,TEA-001,2,new,,,2026-11-02T10:00:00+03:00\n"
        ),
    );
    assert_eq!(s, summary(3, 0, 3, 0, 0, 0));
    let queue: Vec<(String, String)> = w
        .inv
        .reservations(None, false)
        .expect("queue")
        .into_iter()
        .map(|r| (r.order, r.status.as_str().to_string()))
        .collect();
    let bo = |o: &str| (o.to_string(), "backorder".to_string());
    assert_eq!(queue, [bo("W-1"), bo("W-2"), bo("W-3")]);

    // 3 arrive: W-1 (5, the oldest) does not fit and blocks W-2 and W-3, which would.
    w.receive(TEA, 3, MAIN);
    assert_eq!(w.totals(TEA), (3, 0, 3));
    for o in ["W-1", "W-2", "W-3"] {
        assert_eq!(w.status(WB, o), ("backorder".into(), 0), "{o}");
    }

    // 3 more: W-1 takes 5; W-2 (2) does not fit the 1 left, so W-3 (1) waits behind it.
    w.receive(TEA, 3, MAIN);
    assert_eq!(w.status(WB, "W-1"), ("open".into(), 5));
    assert_eq!(w.status(WB, "W-2"), ("backorder".into(), 0));
    assert_eq!(w.status(WB, "W-3"), ("backorder".into(), 0));
    assert_eq!(w.totals(TEA), (6, 5, 1));

    // 2 more: 3 available, W-2 then W-3.
    w.receive(TEA, 2, MAIN);
    assert_eq!(w.status(WB, "W-2"), ("open".into(), 2));
    assert_eq!(w.status(WB, "W-3"), ("open".into(), 1));
    assert_eq!(w.totals(TEA), (8, 8, 0));

    let fills: Vec<(String, u64, String)> = w
        .history(TEA)
        .into_iter()
        .rev()
        .filter(|m| m.kind.to_string() == "reserve")
        .map(|m| (m.reference.unwrap_or_default(), m.qty, m.actor))
        .collect();
    assert_eq!(
        fills,
        [
            ("W-1".to_string(), 5, OWNER.to_string()),
            ("W-2".to_string(), 2, OWNER.to_string()),
            ("W-3".to_string(), 1, OWNER.to_string()),
        ]
    );
    // Filled backorders are ordinary reservations: they ship.
    let id = w.reservation(WB, "W-1").reservation;
    w.ok(Command::Ship {
        id,
        qty: None,
        tracking: None,
    });
    assert_eq!(w.totals(TEA), (3, 3, 0));
    w.check_ok();
}

#[test]
fn an_unknown_sku_fails_the_whole_file_and_writes_nothing() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.sku(MUG, None, None);
    w.receive(TEA, 10, MAIN);
    w.import_orders(
        WB,
        "day1.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,2,new,,,\n"),
    );
    let len = w.ledger_len();
    let before = w.reservations();

    let cmd = w.orders(
        WB,
        "bad.csv",
        &format!(
            "{ORDERS_HEAD}\
             W-2,TEA-001,1,new,,,\n\
             W-1,TEA-001,2,cancelled,,,\n\
             W-3,NO-SUCH-SKU,1,new,,,\n\
             W-4,MUG-01,1,new,,,\n"
        ),
    );
    let file = w.dir.path().join("bad.csv").display().to_string();
    match w.err(cmd) {
        e @ Error::Input(InputError::Rows(_)) => {
            let Error::Input(InputError::Rows(rows)) = &e else {
                unreachable!()
            };
            assert_eq!(rows.len(), 1, "{rows:?}");
            assert_eq!(
                (rows[0].file.as_str(), rows[0].line, rows[0].column),
                (file.as_str(), 4, 2)
            );
            assert!(
                stockroom::i18n::row_message_text(&rows[0].message).contains("NO-SUCH-SKU"),
                "{rows:?}"
            );
            assert!(
                e.to_string().contains(&format!("{file}:4:2:")),
                "FILE:LINE:COLUMN in {e}"
            );
            assert_eq!(e.exit_code(), 2);
        }
        e => panic!("expected row errors, got {e:?}"),
    }
    assert_eq!(w.ledger_len(), len, "nothing written");
    assert_eq!(
        w.reservations(),
        before,
        "no reservation made, none cancelled"
    );
    assert_eq!(w.totals(TEA), (10, 2, 8));
}

#[test]
fn a_row_refused_part_way_rolls_back_the_rows_before_it() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 2, MAIN);
    let len = w.ledger_len();
    // W-1 would be reserved, but W-2 arrives already shipped with nothing to ship from.
    let e = w.err(w.orders(
        WB,
        "bad.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,2,new,,,\nW-2,TEA-001,5,shipped,,,\n"),
    ));
    match e {
        Error::Input(InputError::Rows(rows)) => assert_eq!(rows[0].line, 3, "{rows:?}"),
        e => panic!("expected a row error, got {e:?}"),
    }
    assert_eq!(w.ledger_len(), len);
    assert!(w.reservations().is_empty());
    assert_eq!(w.totals(TEA), (2, 0, 2));
}

/// A channel cancelling an order frees its units exactly as `release` does, and the engine
/// gives freed units to waiting backorders after `release` (engine::frees_stock). An order
/// import that cancels must do the same, or stock sits available while an older backorder
/// waits, and the next new order jumps the queue.
#[test]
fn units_freed_by_an_imported_cancel_go_to_waiting_backorders() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 2, MAIN);
    w.import_orders(
        WB,
        "day1.csv",
        &format!(
            "{ORDERS_HEAD}\
             W-1,TEA-001,2,new,,,2026-11-01T10:00:00+03:00\n\
             W-2,TEA-001,2,new,,,2026-11-02T10:00:00+03:00\n"
        ),
    );
    assert_eq!(w.status(WB, "W-2"), ("backorder".into(), 0));
    let s = w.import_orders(
        WB,
        "day2.csv",
        &format!("{ORDERS_HEAD}W-1,TEA-001,2,cancelled,,,2026-11-01T10:00:00+03:00\n"),
    );
    assert_eq!(s.released, 1);
    assert_eq!(w.status(WB, "W-1"), ("cancelled".into(), 0));
    assert_eq!(w.status(WB, "W-2"), ("open".into(), 2));
    assert_eq!(w.totals(TEA), (2, 2, 0));
}

#[test]
fn release_of_a_reservation_fills_a_waiting_backorder() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 2, MAIN);
    let held = w.reserve(TEA, 2, OZON, "O-1");
    match w
        .ok(Command::Order {
            sku: TEA.into(),
            qty: 2,
            channel: WB.into(),
            order: Some("W-1".into()),
            delivery: Delivery::default(),
        })
        .outcome
    {
        Outcome::Backordered(v) => assert_eq!((v.status.as_str(), v.qty), ("backorder", 2)),
        o => panic!("expected a backorder, got {o:?}"),
    }
    w.ok(Command::Release {
        id: held,
        reason: Some("customer changed mind".into()),
    });
    assert_eq!(w.status(WB, "W-1"), ("open".into(), 2));
    assert_eq!(w.totals(TEA), (2, 2, 0));
    w.check_ok();
}

#[test]
fn order_reserves_when_it_can_and_backorders_when_it_cannot() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 3, MAIN);
    let order = |qty: u64, o: &str| Command::Order {
        sku: TEA.into(),
        qty,
        channel: OZON.into(),
        order: Some(o.into()),
        delivery: Delivery::default(),
    };
    match w.ok(order(2, "O-1")).outcome {
        Outcome::Reserved(v) => assert_eq!((v.status.as_str(), v.remaining), ("open", 2)),
        o => panic!("expected a reservation, got {o:?}"),
    }
    let len = w.ledger_len();
    match w.ok(order(2, "O-2")).outcome {
        Outcome::Backordered(v) => {
            assert_eq!((v.status.as_str(), v.qty, v.remaining), ("backorder", 2, 0))
        }
        o => panic!("expected a backorder, got {o:?}"),
    }
    assert_eq!(w.ledger_len(), len, "a backorder is not a movement");
    assert_eq!(w.totals(TEA), (3, 2, 1));
    // The same order twice is refused, backorder or not.
    match w.err(order(2, "O-2")) {
        Error::Refused(Refusal::DuplicateOrder { order_ref, .. }) => assert_eq!(order_ref, "O-2"),
        e => panic!("expected DuplicateOrder, got {e:?}"),
    }
    // A plain reserve still refuses.
    match w.err(w.reserve_cmd(TEA, 2, OZON, "O-3")) {
        Error::Refused(Refusal::InsufficientAvailable {
            available,
            requested,
        }) => assert_eq!((available, requested), (1, 2)),
        e => panic!("expected InsufficientAvailable, got {e:?}"),
    }
    // Backorders are alerts.
    let alert = w
        .inv
        .alerts(28, true)
        .expect("alerts")
        .into_iter()
        .find(|a| a.code == TEA)
        .expect("a SKU with a backorder has an alert");
    assert_eq!(alert.backorders, 2);
}

// ---- hold expiry ----------------------------------------------------------------------------

fn ttl(secs: u64) -> RulesSpec {
    RulesSpec {
        hold_ttl_secs: Some(Some(secs)),
        ..RulesSpec::default()
    }
}

#[test]
fn a_hold_past_its_deadline_is_released_by_the_next_write_as_system() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.sku(MUG, None, None);
    w.receive(TEA, 10, MAIN);
    w.rules(WB, ttl(3600));
    let held = w.reserve(TEA, 3, WB, "W-1");
    w.reserve(TEA, 2, OZON, "O-1");
    let r = w.reservation(WB, "W-1");
    assert_eq!(r.deadline_ms, Some(T0 + 3_600_000));
    assert_eq!(
        w.reservation(OZON, "O-1").deadline_ms,
        None,
        "no TTL, no deadline"
    );
    assert_eq!(w.totals(TEA), (10, 5, 5));

    // One second before the deadline nothing expires.
    w.advance_secs(3599);
    w.ok(Command::AddLocation {
        name: "Garage".into(),
        default: false,
    });
    assert_eq!(w.status(WB, "W-1"), ("open".into(), 3));
    assert_eq!(w.totals(TEA), (10, 5, 5));

    // Past it, any write (here one about another SKU) releases the hold first.
    w.advance_secs(2);
    let len = w.ledger_len();
    let applied = w.ok(Command::Receive {
        sku: MUG.into(),
        qty: 1,
        at: None,
        reference: None,
    });
    assert_eq!(w.status(WB, "W-1"), ("expired".into(), 0));
    assert_eq!(w.totals(TEA), (10, 2, 8), "available back up");
    assert_eq!(w.status(OZON, "O-1"), ("open".into(), 2));
    assert_eq!(w.ledger_len(), len + 2, "expire + receive");
    let last = &w.history(TEA)[0];
    assert_eq!(
        (
            last.kind.to_string().as_str(),
            last.actor.as_str(),
            last.qty,
            last.reservation,
            last.reference.as_deref(),
            last.channel.as_deref()
        ),
        ("expire", "system", 3, Some(held), Some("W-1"), Some(WB))
    );
    assert_eq!(applied.skus.len(), 2, "both SKUs touched: {applied:?}");
    assert_eq!(w.published(TEA, SITE), 8);

    // Expired is final: a later expire run finds nothing.
    w.advance_secs(86_400);
    let len = w.ledger_len();
    match w.ok(Command::Expire).outcome {
        Outcome::Expired { skus } => assert_eq!(skus, 0),
        o => panic!("{o:?}"),
    }
    assert_eq!(w.ledger_len(), len);
    match w.err(Command::Release {
        id: held,
        reason: None,
    }) {
        Error::Refused(Refusal::ReservationNotOpen { status, .. }) => {
            assert_eq!(status, stockroom::domain::ReservationStatus::Expired)
        }
        e => panic!("expected ReservationNotOpen, got {e:?}"),
    }
    w.check_ok();
}

#[test]
fn expired_holds_fill_backorders_but_not_a_paused_channels_nor_an_archived_skus() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.sku(MUG, None, None);
    w.receive(TEA, 4, MAIN);
    w.receive(MUG, 1, MAIN);
    w.rules(SITE, ttl(60));
    w.reserve(TEA, 4, SITE, "S-1");
    w.reserve(MUG, 1, SITE, "S-2");
    let order = |sku: &str, qty: u64, ch: &str, o: &str| Command::Order {
        sku: sku.into(),
        qty,
        channel: ch.into(),
        order: Some(o.into()),
        delivery: Delivery::default(),
    };
    // Oldest first: Ozon's, then Wildberries'; then Ozon is paused. MUG-01 is archived.
    w.ok(order(TEA, 2, OZON, "O-1"));
    w.ok(order(TEA, 2, WB, "W-1"));
    w.ok(order(MUG, 1, WB, "W-2"));
    w.rules(
        OZON,
        RulesSpec {
            paused: Some(true),
            ..RulesSpec::default()
        },
    );
    w.ok(Command::ArchiveSku { sku: MUG.into() });
    // The hold runs out: the same rule as after any release (the server's timer runs the
    // same fill): Ozon's backorder waits and keeps its place, Wildberries' is filled, the
    // archived SKU's is not.
    w.advance_secs(60);
    w.ok(Command::Expire);
    assert_eq!(w.status(SITE, "S-1"), ("expired".into(), 0));
    assert_eq!(w.status(OZON, "O-1"), ("backorder".into(), 0));
    assert_eq!(w.status(WB, "W-1"), ("open".into(), 2));
    assert_eq!(w.status(WB, "W-2"), ("backorder".into(), 0));
    // A direct reserve is refused for both.
    match w.err(w.reserve_cmd(TEA, 1, OZON, "O-2")) {
        Error::Refused(Refusal::ChannelPaused { .. }) => {}
        e => panic!("{e:?}"),
    }
    match w.err(w.reserve_cmd(MUG, 1, SITE, "S-3")) {
        Error::Refused(Refusal::SkuArchived { .. }) => {}
        e => panic!("{e:?}"),
    }
    // Resumed, Ozon's backorder takes the units at the next release of TEA-001.
    w.rules(
        OZON,
        RulesSpec {
            paused: Some(false),
            ..RulesSpec::default()
        },
    );
    let id = w.reservation(WB, "W-1").reservation;
    w.ok(Command::Release { id, reason: None });
    assert_eq!(w.status(OZON, "O-1"), ("open".into(), 2));
    w.check_ok();
}

#[test]
fn the_expire_command_releases_every_due_hold() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.sku(MUG, None, None);
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 10, SHOP);
    w.rules(WB, ttl(60));
    w.rules(SITE, ttl(600));
    w.reserve(TEA, 4, WB, "W-1");
    w.reserve(MUG, 1, WB, "W-2");
    w.reserve(TEA, 1, SITE, "S-1");

    w.advance_secs(60);
    match w.ok(Command::Expire).outcome {
        Outcome::Expired { skus } => assert_eq!(skus, 2),
        o => panic!("{o:?}"),
    }
    assert_eq!(w.status(WB, "W-1"), ("expired".into(), 0));
    assert_eq!(w.status(WB, "W-2"), ("expired".into(), 0));
    assert_eq!(w.status(SITE, "S-1"), ("open".into(), 1));
    assert_eq!(w.totals(TEA), (10, 1, 9));
    assert_eq!(w.totals(MUG), (10, 0, 10));
    let h = &w.history(MUG)[0];
    assert_eq!(
        (
            h.kind.to_string().as_str(),
            h.actor.as_str(),
            h.location.as_str()
        ),
        ("expire", "system", SHOP)
    );

    w.advance_secs(540);
    match w.ok(Command::Expire).outcome {
        Outcome::Expired { skus } => assert_eq!(skus, 1),
        o => panic!("{o:?}"),
    }
    assert_eq!(w.totals(TEA), (10, 0, 10));
    w.check_ok();
}

#[test]
fn shipped_and_released_holds_never_expire_and_a_partly_shipped_one_expires_its_rest() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 20, MAIN);
    w.rules(WB, ttl(60));
    let shipped = w.reserve(TEA, 2, WB, "W-1");
    let released = w.reserve(TEA, 3, WB, "W-2");
    let partly = w.reserve(TEA, 5, WB, "W-3");
    w.ok(Command::Ship {
        id: shipped,
        qty: None,
        tracking: None,
    });
    w.ok(Command::Release {
        id: released,
        reason: None,
    });
    w.ok(Command::Ship {
        id: partly,
        qty: Some(2),
        tracking: None,
    });
    assert_eq!(w.totals(TEA), (16, 3, 13));

    w.advance_secs(61);
    w.ok(Command::Expire);
    assert_eq!(w.status(WB, "W-1"), ("shipped".into(), 0));
    assert_eq!(w.status(WB, "W-2"), ("cancelled".into(), 0));
    assert_eq!(w.status(WB, "W-3"), ("expired".into(), 0));
    assert_eq!(w.totals(TEA), (16, 0, 16));
    let expires: Vec<(u64, Option<u64>)> = w
        .history(TEA)
        .into_iter()
        .filter(|m| m.kind.to_string() == "expire")
        .map(|m| (m.qty, m.reservation))
        .collect();
    assert_eq!(expires, [(3, Some(partly))]);
    w.check_ok();
}

#[test]
fn hold_ttl_applies_to_new_holds_and_none_removes_it() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 10, MAIN);
    w.rules(WB, ttl(172_800));
    let view = w
        .inv
        .matrix()
        .expect("matrix")
        .0
        .into_iter()
        .find(|c| c.name == WB)
        .expect("rules view");
    assert_eq!(view.hold_ttl_secs, Some(172_800));
    w.reserve(TEA, 1, WB, "W-1");
    w.rules(
        WB,
        RulesSpec {
            hold_ttl_secs: Some(None),
            ..RulesSpec::default()
        },
    );
    w.reserve(TEA, 1, WB, "W-2");
    assert_eq!(w.reservation(WB, "W-1").deadline_ms, Some(T0 + 172_800_000));
    assert_eq!(w.reservation(WB, "W-2").deadline_ms, None);
    w.advance_secs(172_800 + 1);
    w.ok(Command::Expire);
    assert_eq!(w.status(WB, "W-1"), ("expired".into(), 0));
    assert_eq!(w.status(WB, "W-2"), ("open".into(), 1));
}

#[test]
fn imported_orders_and_filled_backorders_get_the_channels_hold_deadline() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 2, MAIN);
    w.rules(WB, ttl(600));
    w.import_orders(
        WB,
        "orders.csv",
        &format!(
            "{ORDERS_HEAD}\
             W-1,TEA-001,2,new,,,2026-11-01T10:00:00+03:00\n\
             W-2,TEA-001,3,new,,,2026-11-02T10:00:00+03:00\n"
        ),
    );
    // The deadline runs from when the hold was taken, not from the order's own time.
    assert_eq!(w.reservation(WB, "W-1").deadline_ms, Some(T0 + 600_000));
    assert_eq!(
        w.reservation(WB, "W-2").deadline_ms,
        None,
        "a backorder holds nothing"
    );
    w.advance_secs(100);
    w.receive(TEA, 3, MAIN);
    assert_eq!(w.status(WB, "W-2"), ("open".into(), 3));
    assert_eq!(
        w.reservation(WB, "W-2").deadline_ms,
        Some(T0 + 100_000 + 600_000)
    );
    // W-1 expires first; its units go to nobody waiting, so they are available.
    w.advance_secs(500);
    w.ok(Command::Expire);
    assert_eq!(w.status(WB, "W-1"), ("expired".into(), 0));
    assert_eq!(w.status(WB, "W-2"), ("open".into(), 3));
    assert_eq!(w.totals(TEA), (5, 3, 2));
    w.check_ok();
}

#[test]
fn the_expire_command_gives_expired_units_to_waiting_backorders() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 4, MAIN);
    w.rules(WB, ttl(60));
    w.reserve(TEA, 4, WB, "W-1");
    w.ok(Command::Order {
        sku: TEA.into(),
        qty: 3,
        channel: OZON.into(),
        order: Some("O-1".into()),
        delivery: Delivery::default(),
    });
    assert_eq!(w.status(OZON, "O-1"), ("backorder".into(), 0));
    w.advance_secs(61);
    w.ok(Command::Expire);
    assert_eq!(w.status(WB, "W-1"), ("expired".into(), 0));
    assert_eq!(w.status(OZON, "O-1"), ("open".into(), 3));
    assert_eq!(w.totals(TEA), (4, 3, 1));
    w.check_ok();
}

/// expire_due runs before every write, so a hold can expire during a command that is not
/// `expire` itself. Its units must still go to the backorders waiting for them: afterwards
/// `expire` finds nothing due, so nothing else would ever hand them over.
#[test]
fn holds_expired_ahead_of_another_command_still_fill_waiting_backorders() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.receive(TEA, 4, MAIN);
    w.rules(WB, ttl(60));
    w.reserve(TEA, 4, WB, "W-1");
    w.ok(Command::Order {
        sku: TEA.into(),
        qty: 3,
        channel: OZON.into(),
        order: Some("O-1".into()),
        delivery: Delivery::default(),
    });
    w.advance_secs(61);
    w.ok(Command::AddLocation {
        name: "Garage".into(),
        default: false,
    });
    assert_eq!(w.status(WB, "W-1"), ("expired".into(), 0));
    w.ok(Command::Expire);
    assert_eq!(w.status(OZON, "O-1"), ("open".into(), 3));
    assert_eq!(w.totals(TEA), (4, 3, 1));
}

// ---- feeds and listed quantities through the API --------------------------------------------

#[test]
fn changed_only_feeds_leave_out_what_the_channel_was_last_sent() {
    let w = World::new();
    w.sku(TEA, None, Some(TEA_BARCODE));
    w.sku(MUG, None, None);
    w.sku(CUP, None, None);
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 4, MAIN);
    let full = w.inv.feed(WB, true).expect("feed");
    assert_eq!(full.len(), 3, "never sent: everything is new");
    w.ok(Command::MarkFeed {
        channel: WB.into(),
        rows: full,
    });
    assert!(w.inv.feed(WB, true).expect("feed").is_empty());
    assert_eq!(
        w.inv.feed(OZON, true).expect("feed").len(),
        3,
        "per channel"
    );

    w.reserve(MUG, 1, OZON, "O-1");
    w.receive(CUP, 2, MAIN);
    let changed = w.inv.feed(WB, true).expect("feed");
    assert_eq!(
        changed,
        vec![
            FeedRow {
                code: CUP.into(),
                barcode: String::new(),
                qty: 2
            },
            FeedRow {
                code: MUG.into(),
                barcode: String::new(),
                qty: 3
            },
        ]
    );
    // A rule change counts as a change too.
    w.ok(Command::MarkFeed {
        channel: WB.into(),
        rows: changed,
    });
    w.rules(
        WB,
        RulesSpec {
            max_listed: Some(Some(5)),
            ..RulesSpec::default()
        },
    );
    let changed = w.inv.feed(WB, true).expect("feed");
    assert_eq!(
        changed,
        vec![FeedRow {
            code: TEA.into(),
            barcode: TEA_BARCODE.into(),
            qty: 5
        }]
    );
    // The full feed still has everything.
    assert_eq!(w.inv.feed(WB, false).expect("feed").len(), 3);
}

#[test]
fn listed_quantities_give_drift_with_a_sign() {
    let w = World::new();
    w.sku(TEA, None, None);
    w.sku(MUG, None, None);
    w.sku(CUP, None, None);
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 10, MAIN);
    w.receive(CUP, 10, MAIN);
    let row = |code: &str, qty: u64, line: u64| Located {
        line,
        columns: vec![("code".into(), 1), ("quantity".into(), 2)],
        row: StockRow {
            sku: code.into(),
            location: None,
            on_hand: qty,
        },
    };
    w.ok(Command::ImportListed {
        channel: OZON.into(),
        file: "listed.csv".into(),
        rows: vec![row(TEA, 12, 2), row(MUG, 7, 3), row(CUP, 10, 4)],
    });
    let tea = w.cell(TEA, OZON);
    assert_eq!(
        (tea.published, tea.listed, tea.drift),
        (10, Some(12), Some(2))
    );
    let mug = w.cell(MUG, OZON);
    assert_eq!(
        (mug.published, mug.listed, mug.drift),
        (10, Some(7), Some(-3))
    );
    let cup = w.cell(CUP, OZON);
    assert_eq!((cup.listed, cup.drift), (Some(10), Some(0)));
    let wb = w.cell(TEA, WB);
    assert_eq!((wb.listed, wb.drift), (None, None), "listed is per channel");

    // Drift follows published: pausing makes every listing an oversell risk.
    w.rules(
        OZON,
        RulesSpec {
            paused: Some(true),
            ..RulesSpec::default()
        },
    );
    assert_eq!(w.cell(MUG, OZON).drift, Some(7));

    // An unknown SKU fails the whole file.
    let len = w.ledger_len();
    match w.err(Command::ImportListed {
        channel: OZON.into(),
        file: "listed2.csv".into(),
        rows: vec![row(TEA, 1, 2), row("NOPE", 1, 3)],
    }) {
        Error::Input(InputError::Rows(rows)) => {
            assert_eq!((rows.len(), rows[0].line, rows[0].column), (1, 3, 1))
        }
        e => panic!("expected row errors, got {e:?}"),
    }
    assert_eq!(w.cell(TEA, OZON).listed, Some(12));
    assert_eq!(w.ledger_len(), len);
}

// ---- the real binary ------------------------------------------------------------------------

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().expect("the binary was killed by a signal"),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", self.stdout))
    }
}

/// A temp dir that is HOME, the XDG dirs and the working directory, with an initialized
/// database holding SKUs TEA-001 (barcode 4600000000017) and MUG-01, location Shop and
/// channels Ozon (marketplace, priority 1) and "Shop till" (retail, priority 2).
struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        let env = Env { dir, db };
        env.ok(&["init"]);
        env.ok(&["sku", "add", TEA, "--name", "Чай", "--barcode", TEA_BARCODE]);
        env.ok(&["sku", "add", MUG, "--name", "Кружка"]);
        env.ok(&["location", "add", SHOP]);
        env.ok(&[
            "channel",
            "add",
            OZON,
            "--kind",
            "marketplace",
            "--priority",
            "1",
        ]);
        env.ok(&[
            "channel",
            "add",
            TILL,
            "--kind",
            "retail",
            "--priority",
            "2",
        ]);
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Run {
        let home = self.dir.path();
        let out = std::process::Command::new(BIN)
            .current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env("XDG_STATE_HOME", home.join("xdg-state"))
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_CONFIG_DIR")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .env("STOCKROOM_LANG", "en")
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run stockroom");
        Run::from(out)
    }

    fn expect(&self, code: i32, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code, code,
            "stockroom {args:?} exited {} (expected {code}):\n{r:?}",
            r.code
        );
        r
    }

    /// Exit 0 and nothing on stderr.
    fn ok(&self, args: &[&str]) -> Run {
        let r = self.expect(0, args);
        assert!(r.stderr.is_empty(), "stderr for {args:?}: {r:?}");
        r
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        self.ok(&a).json()
    }

    fn ledger_len(&self) -> usize {
        self.json(&["export", "ledger", "--format", "json"])
            .as_array()
            .expect("ledger array")
            .len()
    }

    /// (on_hand, reserved, available) of a SKU.
    fn totals(&self, code: &str) -> (u64, u64, i64) {
        let v = self.json(&["sku", "show", code]);
        (
            v["on_hand"].as_u64().expect("on_hand"),
            v["reserved"].as_u64().expect("reserved"),
            v["available"].as_i64().expect("available"),
        )
    }

    fn check(&self) {
        let j = self.json(&["check"]);
        assert_eq!(j["problems"], Value::Array(vec![]), "{j}");
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

#[test]
fn cli_feed_csv_and_changed_only() {
    let env = Env::new();
    env.ok(&[
        "sku",
        "add",
        CUP,
        "--name",
        "Чашка",
        "--barcode",
        "4600000000024",
    ]);
    env.ok(&["receive", TEA, "10"]);
    env.ok(&["receive", MUG, "4"]);
    env.ok(&["channel", "rules", OZON, "--share", "50", "--buffer", "1"]);

    let r = env.ok(&["export", "feed", "--channel", OZON]);
    assert_eq!(
        lines(&r.stdout),
        [
            "code,barcode,qty",
            "CUP-02,4600000000024,0",
            "MUG-01,,1",
            "TEA-001,4600000000017,4"
        ]
    );
    // Shown on stdout, not sent: --changed-only still has every row.
    let r = env.ok(&["export", "feed", "--channel", OZON, "--changed-only"]);
    assert_eq!(lines(&r.stdout).len(), 4, "{r:?}");
    // Written to a file, it counts as sent: nothing changed since.
    let first = env.path("first.csv");
    let first = first.to_str().expect("utf-8 path");
    env.expect(0, &["export", "feed", "--channel", OZON, "--out", first]);
    let r = env.ok(&["export", "feed", "--channel", OZON, "--changed-only"]);
    assert_eq!(lines(&r.stdout), ["code,barcode,qty"]);

    env.ok(&["receive", MUG, "6"]);
    let r = env.ok(&["export", "feed", "--channel", OZON, "--changed-only"]);
    assert_eq!(lines(&r.stdout), ["code,barcode,qty", "MUG-01,,4"]);
    let second = env.path("second.csv");
    let second = second.to_str().expect("utf-8 path");
    env.expect(
        0,
        &[
            "export",
            "feed",
            "--channel",
            OZON,
            "--changed-only",
            "--out",
            second,
        ],
    );
    let r = env.ok(&["export", "feed", "--channel", OZON, "--changed-only"]);
    assert_eq!(lines(&r.stdout), ["code,barcode,qty"], "marked as sent");

    // The till was never sent anything; its own rules (none) apply. Another delimiter.
    let r = env.ok(&[
        "export",
        "feed",
        "--channel",
        TILL,
        "--changed-only",
        "--delimiter",
        ";",
    ]);
    assert_eq!(
        lines(&r.stdout),
        [
            "code;barcode;qty",
            "CUP-02;4600000000024;0",
            "MUG-01;;10",
            "TEA-001;4600000000017;10"
        ]
    );

    // To a file: the same CSV, and it counts as sent.
    env.ok(&["sell", TEA, "2", "--channel", TILL]);
    let out = env.path("ozon.csv");
    let r = env.expect(
        0,
        &[
            "export",
            "feed",
            "--channel",
            OZON,
            "--changed-only",
            "--out",
            out.to_str().expect("utf-8 path"),
        ],
    );
    assert!(r.stdout.is_empty(), "{r:?}");
    let written = std::fs::read_to_string(&out).expect("feed file");
    assert_eq!(
        lines(&written),
        ["code,barcode,qty", "TEA-001,4600000000017,3"]
    );
    let r = env.ok(&["export", "feed", "--channel", OZON, "--changed-only"]);
    assert_eq!(lines(&r.stdout), ["code,barcode,qty"]);

    // An unknown channel is a usage error.
    let r = env.expect(2, &["export", "feed", "--channel", "Avito"]);
    assert!(r.stderr.contains("Avito"), "{r:?}");
}

#[test]
fn cli_feed_all_writes_one_file_per_channel() {
    let env = Env::new();
    env.ok(&["receive", TEA, "10"]);
    env.ok(&["receive", MUG, "3", "--at", SHOP]);
    env.ok(&["channel", "rules", OZON, "--max", "4"]);
    env.ok(&["channel", "rules", TILL, "--from", SHOP]);

    let dir = env.path("feeds");
    let r = env.expect(
        0,
        &[
            "export",
            "feed",
            "--all",
            "--out-dir",
            dir.to_str().expect("utf-8 path"),
        ],
    );
    assert!(r.stdout.is_empty(), "{r:?}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["feed-Ozon.csv", "feed-Shop_till.csv"]);
    let ozon = std::fs::read_to_string(dir.join("feed-Ozon.csv")).expect("ozon feed");
    assert_eq!(
        lines(&ozon),
        ["code,barcode,qty", "MUG-01,,3", "TEA-001,4600000000017,4"]
    );
    let till = std::fs::read_to_string(dir.join("feed-Shop_till.csv")).expect("till feed");
    assert_eq!(
        lines(&till),
        ["code,barcode,qty", "MUG-01,,3", "TEA-001,4600000000017,0"]
    );

    // Each channel remembers its own feed.
    env.ok(&["receive", TEA, "1", "--at", SHOP]);
    let r = env.ok(&["export", "feed", "--channel", TILL, "--changed-only"]);
    assert_eq!(
        lines(&r.stdout),
        ["code,barcode,qty", "TEA-001,4600000000017,1"]
    );
    let r = env.ok(&["export", "feed", "--channel", OZON, "--changed-only"]);
    assert_eq!(
        lines(&r.stdout),
        ["code,barcode,qty"],
        "Ozon still capped at 4"
    );

    // --all needs a directory.
    env.expect(2, &["export", "feed", "--all"]);
}

/// The cell of one channel in a `matrix --json` row.
fn matrix_cell<'a>(rows: &'a Value, code: &str, channel: &str) -> &'a Value {
    let row = rows
        .as_array()
        .expect("matrix rows")
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("no {code} row in {rows}"));
    row["channels"]
        .as_array()
        .expect("channels")
        .iter()
        .find(|c| c["channel"] == channel)
        .unwrap_or_else(|| panic!("no {channel} cell in {row}"))
}

#[test]
fn cli_matrix_json_shows_drift_after_import_listed() {
    let env = Env::new();
    env.ok(&[
        "sku",
        "add",
        CUP,
        "--name",
        "Чашка",
        "--min",
        "3",
        "--safety",
        "2",
    ]);
    env.ok(&["receive", TEA, "10"]);
    env.ok(&["receive", MUG, "4", "--at", SHOP]);
    env.ok(&["receive", CUP, "5"]);
    env.ok(&["channel", "rules", TILL, "--pause"]);

    let rows = env.json(&["matrix"]);
    let tea_row = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == TEA)
        .expect("TEA row");
    assert_eq!(tea_row["available"], 10);
    let cell = matrix_cell(&rows, TEA, OZON);
    for key in ["channel", "published", "listed", "drift", "withheld"] {
        assert!(cell.get(key).is_some(), "{key} in {cell}");
    }
    assert_eq!(cell["published"], 10);
    assert_eq!(cell["listed"], Value::Null);
    assert_eq!(cell["drift"], Value::Null);
    assert_eq!(cell["withheld"], Value::Null);
    assert_eq!(matrix_cell(&rows, TEA, TILL)["withheld"], "paused");
    assert_eq!(matrix_cell(&rows, CUP, OZON)["withheld"], "near_minimum");
    assert_eq!(matrix_cell(&rows, CUP, OZON)["published"], 0);

    let listed = env.path("ozon-listed.csv");
    std::fs::write(&listed, "code,qty\nTEA-001,12\nMUG-01,1\nCUP-02,2\n").expect("write");
    env.ok(&[
        "import",
        "listed",
        "--channel",
        OZON,
        listed.to_str().expect("utf-8 path"),
    ]);
    let rows = env.json(&["matrix"]);
    let tea = matrix_cell(&rows, TEA, OZON);
    assert_eq!(
        (&tea["published"], &tea["listed"], &tea["drift"]),
        (&Value::from(10), &Value::from(12), &Value::from(2)),
        "listed > published: oversell risk, positive"
    );
    let mug = matrix_cell(&rows, MUG, OZON);
    assert_eq!(
        (&mug["published"], &mug["listed"], &mug["drift"]),
        (&Value::from(4), &Value::from(1), &Value::from(-3)),
        "listed < published: lost sales, negative"
    );
    let cup = matrix_cell(&rows, CUP, OZON);
    assert_eq!(
        (&cup["published"], &cup["drift"]),
        (&Value::from(0), &Value::from(2))
    );
    assert_eq!(matrix_cell(&rows, TEA, TILL)["listed"], Value::Null);

    // The table marks the two directions apart.
    let r = env.ok(&["matrix"]);
    assert!(r.stdout.contains("10 (12!)"), "{}", r.stdout);
    assert!(r.stdout.contains("4 (1?)"), "{}", r.stdout);

    // A bad listed file changes nothing.
    let bad = env.path("bad-listed.csv");
    std::fs::write(&bad, "code,qty\nTEA-001,3\nNOPE,1\n").expect("write");
    let bad_s = bad.to_str().expect("utf-8 path");
    let r = env.expect(2, &["import", "listed", "--channel", OZON, bad_s]);
    assert!(r.stderr.contains(&format!("{bad_s}:3:1")), "{r:?}");
    let rows = env.json(&["matrix"]);
    assert_eq!(matrix_cell(&rows, TEA, OZON)["listed"], 12);
}

#[test]
fn cli_reserve_backorder_records_what_plain_reserve_refuses() {
    let env = Env::new();
    env.ok(&["receive", TEA, "2"]);
    let len = env.ledger_len();

    let r = env.expect(
        1,
        &["reserve", TEA, "5", "--channel", OZON, "--order", "A-1"],
    );
    assert!(!r.stderr.is_empty(), "{r:?}");
    assert_eq!(env.ledger_len(), len);
    assert_eq!(env.totals(TEA), (2, 0, 2));

    let v = env.json(&[
        "reserve",
        TEA,
        "5",
        "--channel",
        OZON,
        "--order",
        "A-1",
        "--backorder",
    ]);
    assert_eq!(v["status"], "backorder", "{v}");
    assert_eq!(
        (&v["qty"], &v["remaining"]),
        (&Value::from(5), &Value::from(0))
    );
    assert_eq!(v["order"], "A-1");
    assert_eq!(env.ledger_len(), len, "a backorder is not a movement");
    assert_eq!(env.totals(TEA), (2, 0, 2));
    let queue = env.json(&["reservations"]);
    let b = queue
        .as_array()
        .expect("queue")
        .iter()
        .find(|r| r["order"] == "A-1")
        .expect("the backorder is in the queue");
    assert_eq!(b["status"], "backorder");

    // With enough available, --backorder is an ordinary reservation.
    let v = env.json(&["reserve", TEA, "1", "--channel", OZON, "--backorder"]);
    assert_eq!(v["status"], "open", "{v}");
    assert_eq!(env.totals(TEA), (2, 1, 1));

    // Receiving fills the backorder.
    env.ok(&["receive", TEA, "10"]);
    assert_eq!(env.totals(TEA), (12, 6, 6));
    let all = env.json(&["reservations", "--all"]);
    let b = all
        .as_array()
        .expect("reservations")
        .iter()
        .find(|r| r["order"] == "A-1")
        .expect("A-1");
    assert_eq!(
        (&b["status"], &b["remaining"]),
        (&Value::from("open"), &Value::from(5))
    );

    // The plain reserve still refuses what does not fit.
    env.expect(1, &["reserve", TEA, "7", "--channel", OZON]);
    env.check();
}

fn latorga_env() -> Env {
    let env = Env::new();
    for (code, n) in [
        ("HONEY-LIME-500", "5"),
        ("SPOON-WOOD-L", "10"),
        ("TEA-BLK-250", "5"),
        ("TSHIRT-BLK-L", "3"),
        ("CUP-CER-BLU", "5"),
        ("CUP-CER-WHT", ""),
        ("SCARF-PAVL-01", "5"),
        ("TRAY-KHOKH-40", "2"),
        ("POT-GLASS-600", "3"),
    ] {
        env.ok(&["sku", "add", code, "--name", code]);
        if !n.is_empty() {
            env.ok(&["receive", code, n]);
        }
    }
    env.ok(&["channel", "add", "Latorga", "--kind", "marketplace"]);
    env
}

#[test]
fn cli_import_orders_is_idempotent_and_all_or_nothing() {
    let env = latorga_env();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orders-latorga.csv");
    let f = fixture.to_str().expect("utf-8 path");

    let v = env.json(&["import", "orders", "--channel", "Latorga", f]);
    assert_eq!(v["rows"], 12, "{v}");
    assert_eq!(
        (
            &v["reserved"],
            &v["backordered"],
            &v["released"],
            &v["shipped"],
            &v["unchanged"]
        ),
        (
            &Value::from(6),
            &Value::from(2),
            &Value::from(0),
            &Value::from(0),
            &Value::from(4)
        ),
        "{v}"
    );
    assert_eq!(env.totals("TSHIRT-BLK-L"), (3, 3, 0));
    let len = env.ledger_len();
    let queue = env.json(&["reservations", "--channel", "Latorga"]);

    let v = env.json(&["import", "orders", "--channel", "Latorga", f]);
    assert_eq!(
        (&v["rows"], &v["unchanged"]),
        (&Value::from(12), &Value::from(12))
    );
    assert_eq!(env.ledger_len(), len);
    assert_eq!(env.json(&["reservations", "--channel", "Latorga"]), queue);

    // A later export cancels one order and ships another.
    let later = env.path("later.csv");
    std::fs::write(
        &later,
        "order_id;sku;qty;status\nLT-100205;TSHIRT-BLK-L;3;cancelled\nLT-100202;SPOON-WOOD-L;1;shipped\n",
    )
    .expect("write");
    let later_s = later.to_str().expect("utf-8 path");
    let v = env.json(&["import", "orders", "--channel", "Latorga", later_s]);
    assert_eq!(
        (&v["released"], &v["shipped"]),
        (&Value::from(1), &Value::from(1))
    );
    assert_eq!(env.totals("SPOON-WOOD-L"), (9, 3, 6));
    // Release, ship, and the cancelled units go to the waiting TSHIRT backorder (LT-100206).
    assert_eq!(env.ledger_len(), len + 3);

    // An unknown SKU: exit 2, FILE:LINE:COLUMN, nothing written.
    let bad = env.path("bad.csv");
    std::fs::write(
        &bad,
        "order_id;sku;qty;status\nLT-2;SPOON-WOOD-L;1;new\nLT-3;NO-SUCH;1;new\nLT-100207;CUP-CER-BLU;3;cancelled\n",
    )
    .expect("write");
    let bad_s = bad.to_str().expect("utf-8 path");
    let len = env.ledger_len();
    let r = env.expect(2, &["import", "orders", "--channel", "Latorga", bad_s]);
    assert!(r.stderr.contains(&format!("{bad_s}:3:2:")), "{r:?}");
    assert!(r.stderr.contains("NO-SUCH"), "{r:?}");
    assert_eq!(env.ledger_len(), len);
    assert_eq!(env.totals("SPOON-WOOD-L"), (9, 3, 6));
    assert_eq!(env.totals("CUP-CER-BLU"), (5, 3, 2));

    // Without --channel the import is a usage error.
    env.expect(2, &["import", "orders", f]);
    env.check();
}

#[test]
fn cli_channel_rules_hold_ttl_and_expire() {
    let env = Env::new();
    let v = env.json(&["channel", "rules", OZON, "--hold-ttl", "48h"]);
    assert_eq!(v["hold_ttl_secs"], 172_800, "{v}");
    env.ok(&["receive", TEA, "5"]);
    let r = env.json(&["reserve", TEA, "2", "--channel", OZON]);
    let created = r["created_ms"].as_i64().expect("created_ms");
    assert_eq!(
        r["deadline_ms"].as_i64(),
        Some(created + 172_800_000),
        "{r}"
    );
    // Nothing is due yet.
    let v = env.json(&["expire"]);
    assert_eq!(v["skus"], 0, "{v}");
    assert_eq!(env.totals(TEA), (5, 2, 3));
    let v = env.json(&["channel", "rules", OZON, "--hold-ttl", "none"]);
    assert_eq!(v["hold_ttl_secs"], Value::Null, "{v}");
    env.expect(2, &["channel", "rules", OZON, "--hold-ttl", "soon"]);
}
