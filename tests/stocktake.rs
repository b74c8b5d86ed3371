//! Stocktake through the Inventory API, against the contract (../shared/design/stock-model.md,
//! "Stocktake"): recorded is the on_hand at a SKU's last entry, variance = counted - recorded,
//! apply adds the variance to the current on_hand with one `adjust` per SKU ("count #N"),
//! a later adjust by anything else is a conflict, uncounted SKUs change only with
//! --zero-uncounted, reserved stock never blocks a count, blind sessions hide recorded
//! quantities from counters. The last tests run the real binary (`count import`, `count diff`).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use stockroom::domain::{AdjustTo, ChannelKind, Delivery, Refusal, Role};
use stockroom::inventory::engine::Ctx;
use stockroom::inventory::stocktake::{ApplySummary, CountLine, CountReport, CountRow};
use stockroom::inventory::{
    Applied, Command, Error, InputError, Inventory, InventoryExt, LocalInventory, Located,
    MovementView, Outcome, SkuSpec, StockStatus,
};

const OWNER: &str = "owner";
/// Counters.
const MARINA: &str = "marina";
const IVAN: &str = "ivan";
/// A packer.
const PAVEL: &str = "pavel";

const MAIN: &str = "Main warehouse";
const SHOP: &str = "Shop";
const WB: &str = "Wildberries";
const TILL: &str = "Shop till";

const TEA: &str = "TEA-001";
const TEA_BARCODE: &str = "4600000000017";
const MUG: &str = "MUG-01";
const MUG_BARCODE: &str = "4600000000024";
const CANDLE: &str = "CANDLE-L";
const SOAP: &str = "SOAP-3";

// ---- a database with a few actors ----------------------------------------------------------

/// A temp database with SKUs TEA-001 (cost 150.00), MUG-01, CANDLE-L, SOAP-3 (in that order),
/// locations "Main warehouse" (default) and "Shop", channels Wildberries and "Shop till",
/// and users owner, marina and ivan (counters) and pavel (packer). No stock yet.
///
/// Only one `LocalInventory` can hold the file, so acting as someone else moves the store
/// into a `LocalInventory` for that actor and back.
struct World {
    _dir: tempfile::TempDir,
    path: PathBuf,
    slot: RefCell<Option<LocalInventory>>,
    /// SKU ids as `AddSku` reported them, by code.
    ids: Vec<(String, u32)>,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("stock.redb");
        let (inv, created) = LocalInventory::open_or_init(&path, OWNER).expect("create database");
        assert!(created);
        let mut w = World {
            _dir: dir,
            path,
            slot: RefCell::new(Some(inv)),
            ids: Vec::new(),
        };
        w.ok(Command::AddLocation {
            name: SHOP.into(),
            default: false,
        });
        for (name, kind, priority) in [
            (WB, ChannelKind::Marketplace, 1),
            (TILL, ChannelKind::Retail, 2),
        ] {
            w.ok(Command::AddChannel {
                name: name.into(),
                kind,
                priority,
            });
        }
        let skus: [(&str, &str, Option<&str>, Option<i64>); 4] = [
            (TEA, "Чай зелёный", Some(TEA_BARCODE), Some(15_000)), // 150.00
            (MUG, "Кружка «Утро»", Some(MUG_BARCODE), None),
            (CANDLE, "Свеча ароматическая", None, None),
            (SOAP, "Мыло дегтярное", None, None),
        ];
        for (code, name, barcode, cost) in skus {
            let a = w
                .run(
                    OWNER,
                    Command::AddSku(SkuSpec {
                        code: code.into(),
                        name: Some(name.into()),
                        barcodes: barcode.iter().map(|b| b.to_string()).collect(),
                        cost,
                        ..SkuSpec::default()
                    }),
                )
                .expect("add SKU");
            assert_eq!(a.skus.len(), 1, "AddSku names the SKU it made: {a:?}");
            w.ids.push((code.to_string(), a.skus[0]));
        }
        for (name, role) in [
            (MARINA, Role::Counter),
            (IVAN, Role::Counter),
            (PAVEL, Role::Packer),
        ] {
            w.ok(Command::AddUser {
                name: name.into(),
                role,
            });
        }
        w
    }

    fn id(&self, code: &str) -> u32 {
        self.ids
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, id)| *id)
            .unwrap_or_else(|| panic!("no SKU {code}"))
    }

    /// Runs `f` with the database opened for `actor`.
    fn with<R>(&self, actor: &str, f: impl FnOnce(&LocalInventory) -> R) -> R {
        let mut slot = self.slot.borrow_mut();
        let cur = slot.take().expect("the inventory is in its slot");
        let inv = if cur.actor() == actor {
            cur
        } else {
            LocalInventory::new(cur.into_store(), actor)
        };
        let r = f(&inv);
        *slot = Some(inv);
        r
    }

    fn run(&self, actor: &str, cmd: Command) -> Result<Applied, Error> {
        self.with(actor, |inv| inv.execute(cmd))
    }

    fn ok_as(&self, actor: &str, cmd: Command) -> Outcome {
        let shown = format!("{cmd:?}");
        self.run(actor, cmd)
            .unwrap_or_else(|e| panic!("{actor}: {shown}: {e:?}"))
            .outcome
    }

    fn ok(&self, cmd: Command) -> Outcome {
        self.ok_as(OWNER, cmd)
    }

    fn err_as(&self, actor: &str, cmd: Command) -> Error {
        let shown = format!("{cmd:?}");
        match self.run(actor, cmd) {
            Ok(a) => panic!("{actor}: {shown} was accepted: {:?}", a.outcome),
            Err(e) => e,
        }
    }

    fn err(&self, cmd: Command) -> Error {
        self.err_as(OWNER, cmd)
    }

    // ---- stock commands --------------------------------------------------------------

    fn receive(&self, code: &str, qty: u64, at: &str) {
        self.ok(Command::Receive {
            sku: code.into(),
            qty,
            at: Some(at.into()),
            reference: None,
        });
    }

    fn sell(&self, code: &str, qty: u64, at: &str) {
        self.ok(Command::Sell {
            sku: code.into(),
            qty,
            channel: TILL.into(),
            at: Some(at.into()),
        });
    }

    /// Reserves at a location for Wildberries; returns the reservation id.
    fn reserve(&self, code: &str, qty: u64, at: &str, order: &str) -> u64 {
        match self.ok(Command::Reserve {
            sku: code.into(),
            qty,
            channel: WB.into(),
            order: Some(order.into()),
            at: Some(at.into()),
            delivery: Delivery::default(),
        }) {
            Outcome::Reserved(v) => v.reservation,
            o => panic!("reserve answered {o:?}"),
        }
    }

    fn adjust(&self, code: &str, how: AdjustTo, at: &str) {
        self.ok(Command::Adjust {
            sku: code.into(),
            how,
            reason: "нашли коробку".into(),
            at: Some(at.into()),
            reference: None,
        });
    }

    // ---- count commands --------------------------------------------------------------

    fn start(&self, at: &str, filter: Option<&str>, blind: bool) -> u64 {
        match self.ok(Command::CountStart {
            at: Some(at.into()),
            filter: filter.map(str::to_string),
            blind,
        }) {
            Outcome::CountStarted { session, location } => {
                assert_eq!(location, at);
                session
            }
            o => panic!("count start answered {o:?}"),
        }
    }

    /// Adds an entry as `actor`; returns what the SKU's entries add up to now.
    fn add_as(&self, actor: &str, session: u64, sku: &str, qty: u64) -> u64 {
        match self.ok_as(
            actor,
            Command::CountAdd {
                session,
                sku: sku.into(),
                qty,
            },
        ) {
            Outcome::Counted {
                session: s,
                qty: q,
                counted,
                ..
            } => {
                assert_eq!((s, q), (session, qty));
                counted
            }
            o => panic!("count add answered {o:?}"),
        }
    }

    /// An entry for a row in conflict: it starts the recount. Returns (total, set aside).
    fn restart(&self, session: u64, sku: &str, qty: u64) -> (u64, u64) {
        match self.ok(Command::CountAdd {
            session,
            sku: sku.into(),
            qty,
        }) {
            Outcome::CountRestarted {
                session: s,
                qty: q,
                set_aside,
                ..
            } => {
                assert_eq!((s, q), (session, qty));
                (q, set_aside)
            }
            o => panic!("count add for a row in conflict answered {o:?}"),
        }
    }

    fn add(&self, session: u64, sku: &str, qty: u64) -> u64 {
        self.add_as(OWNER, session, sku, qty)
    }

    fn apply(&self, session: u64, only: &[&str], zero_uncounted: bool) -> ApplySummary {
        match self.ok(Command::CountApply {
            session,
            only: only.iter().map(|s| s.to_string()).collect(),
            zero_uncounted,
        }) {
            Outcome::CountApplied(s) => {
                assert_eq!(s.session, session);
                s
            }
            o => panic!("count apply answered {o:?}"),
        }
    }

    // ---- reads -------------------------------------------------------------------------

    fn report_as(&self, actor: &str, session: u64) -> CountReport {
        self.with(actor, |inv| inv.count_report(session))
            .unwrap_or_else(|e| panic!("count report {session} for {actor}: {e:?}"))
    }

    fn report(&self, session: u64) -> CountReport {
        self.report_as(OWNER, session)
    }

    /// (on_hand, reserved, available) of a SKU at a location; zeros where it never was.
    fn at(&self, code: &str, location: &str) -> (u64, u64, i64) {
        let d = self
            .with(OWNER, |inv| inv.sku_detail(code, 0))
            .expect("sku detail");
        d.locations
            .iter()
            .find(|l| l.location == location)
            .map(|l| (l.on_hand, l.reserved, l.available))
            .unwrap_or((0, 0, 0))
    }

    fn status(&self, code: &str) -> StockStatus {
        self.with(OWNER, |inv| inv.sku_detail(code, 0))
            .expect("sku detail")
            .status
    }

    /// The SKU's ledger entries, newest first.
    fn history(&self, code: &str) -> Vec<MovementView> {
        self.with(OWNER, |inv| inv.history(Some(code.into()), 1000))
            .expect("history")
    }

    /// The SKU's movements made by count session `session`, newest first.
    fn count_moves(&self, code: &str, session: u64) -> Vec<MovementView> {
        let r = format!("count #{session}");
        self.history(code)
            .into_iter()
            .filter(|m| m.reference.as_deref() == Some(r.as_str()))
            .collect()
    }

    fn ledger_len(&self) -> u64 {
        self.with(OWNER, |inv| inv.stats())
            .expect("stats")
            .ledger_entries
    }

    /// `check` finds nothing, here and after reopening the file.
    fn check(self) {
        let report = self.with(OWNER, |inv| inv.check()).expect("check");
        assert!(report.ok(), "check found problems: {:?}", report.problems);
        let inv = self.slot.into_inner().expect("inventory");
        drop(inv);
        let inv = LocalInventory::open(&self.path, OWNER).expect("reopen");
        let report = inv.check().expect("check after reopening");
        assert!(report.ok(), "check after reopening: {:?}", report.problems);
    }
}

fn row<'a>(r: &'a CountReport, code: &str) -> &'a CountLine {
    r.rows
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("no row {code} in {:#?}", r.rows))
}

/// (recorded, counted, variance, flags) of a row.
fn line(r: &CountReport, code: &str) -> (Option<u64>, u64, Option<i64>, Vec<String>) {
    let l = row(r, code);
    (
        l.recorded,
        l.counted,
        l.variance,
        l.flags.iter().map(|f| f.as_str().to_string()).collect(),
    )
}

fn flags(f: &[&str]) -> Vec<String> {
    f.iter().map(|s| s.to_string()).collect()
}

fn codes(r: &CountReport) -> Vec<String> {
    let mut c: Vec<String> = r.rows.iter().map(|l| l.code.clone()).collect();
    c.sort();
    c
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}

fn refused(e: &Error, want: Refusal) {
    assert_eq!(*e, Error::Refused(want), "refusal");
}

fn forbidden(e: &Error, actor: &str) {
    assert!(
        matches!(e, Error::Forbidden { actor: a, role: Some(Role::Counter), needs: Role::Owner, .. } if a == actor),
        "a counter is refused with the role needed (owner): {e:?}"
    );
    assert_eq!(e.exit_code(), 1);
}

fn count_row(line: u64, sku: &str, qty: u64) -> Located<CountRow> {
    Located {
        line,
        columns: vec![("code".into(), 1), ("qty".into(), 2)],
        row: CountRow {
            sku: sku.into(),
            qty,
        },
    }
}

/// The one count adjust of a SKU: (on_hand_change, qty, levels after, note).
fn one_adjust(w: &World, code: &str, session: u64) -> (i64, u64, (u64, u64), Option<String>) {
    let m = w.count_moves(code, session);
    assert_eq!(
        m.len(),
        1,
        "one adjust of {code} by count #{session}: {m:#?}"
    );
    let m = &m[0];
    assert_eq!(
        (
            m.kind.to_string().as_str(),
            m.actor.as_str(),
            m.location.as_str()
        ),
        ("adjust", OWNER, MAIN),
        "{m:?}"
    );
    (
        m.on_hand_change,
        m.qty,
        (m.on_hand, m.reserved),
        m.note.clone(),
    )
}

// ---- the list in the issue ------------------------------------------------------------------

#[test]
fn counting_while_reservations_exist() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    let res = w.reserve(TEA, 4, MAIN, "WB-1");

    // Reserved units are counted like any other: they lie on the shelf.
    let s1 = w.start(MAIN, None, false);
    assert_eq!(w.add(s1, TEA, 7), 7);
    let r = w.report(s1);
    assert_eq!(line(&r, TEA), (Some(10), 7, Some(-3), flags(&[])));
    let sum = w.apply(s1, &[], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), -3)]);
    assert!(sum.conflicts.is_empty() && sum.zeroed.is_empty() && sum.closed);
    assert_eq!(w.at(TEA, MAIN), (7, 4, 3));
    assert_eq!(
        one_adjust(&w, TEA, s1),
        (-3, 3, (7, 4), Some("stocktake".into()))
    );

    // Fewer found than reserved: the count is applied all the same, and the SKU is in shortage.
    let s2 = w.start(MAIN, None, false);
    assert_eq!(w.add(s2, TEA, 2), 2);
    let r = w.report(s2);
    assert_eq!(line(&r, TEA), (Some(7), 2, Some(-5), flags(&["shortage"])));
    let sum = w.apply(s2, &[], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), -5)]);
    assert!(sum.conflicts.is_empty());
    assert_eq!(w.at(TEA, MAIN), (2, 4, -2));
    assert_eq!(w.status(TEA), StockStatus::Shortage);
    let d = w.with(OWNER, |inv| inv.sku_detail(TEA, 0)).unwrap();
    assert_eq!((d.on_hand, d.reserved, d.available), (2, 4, -2));
    let listed = w.with(OWNER, |inv| inv.sku_list(None, false)).unwrap();
    let tea = listed.iter().find(|r| r.code == TEA).unwrap();
    assert_eq!((tea.available, tea.status), (-2, StockStatus::Shortage));
    assert_eq!(
        one_adjust(&w, TEA, s2),
        (-5, 5, (2, 4), Some("stocktake".into()))
    );

    // The reservation is untouched by the count.
    let all = w.with(OWNER, |inv| inv.reservations(None, true)).unwrap();
    let v = all.iter().find(|v| v.reservation == res).unwrap();
    assert_eq!((v.status.as_str(), v.remaining), ("open", 4));
    // Nothing new can be reserved while in shortage.
    let e = w.err(Command::Reserve {
        sku: TEA.into(),
        qty: 1,
        channel: WB.into(),
        order: Some("WB-2".into()),
        at: None,
        delivery: Delivery::default(),
    });
    assert_eq!(e.exit_code(), 1, "{e:?}");
    w.check();
}

#[test]
fn a_sale_after_the_count_is_not_a_loss() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 8);
    // The till sells 3 after the shelf was counted.
    w.sell(TEA, 3, MAIN);
    assert_eq!(w.at(TEA, MAIN), (7, 0, 7));
    let r = w.report(s);
    // Measured against the books at the entry (10), not now (7): the sale is not a loss.
    assert_eq!(line(&r, TEA), (Some(10), 8, Some(-2), flags(&[])));
    assert_eq!(r.totals.net_units, -2);
    assert_eq!(r.totals.net_value, "-300.00");
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), -2)]);
    // new on_hand = current on_hand + variance = 7 - 2.
    assert_eq!(w.at(TEA, MAIN), (5, 0, 5));
    assert_eq!(
        one_adjust(&w, TEA, s),
        (-2, 2, (5, 0), Some("stocktake".into()))
    );
    // The sale stays in the ledger, before the adjust.
    let h = w.history(TEA);
    assert_eq!(
        h.iter().map(|m| m.kind.to_string()).collect::<Vec<_>>(),
        vec!["adjust", "sell", "receive"]
    );
    w.check();
}

#[test]
fn a_sale_between_two_entries_flags_moved() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 5, MAIN);
    w.receive(CANDLE, 3, MAIN);
    w.receive(CANDLE, 2, SHOP);
    w.receive(SOAP, 4, MAIN);
    w.receive(SOAP, 4, SHOP);
    let s = w.start(MAIN, None, false);

    // A sale between the entries of one SKU: recorded is taken at the last entry.
    w.add(s, TEA, 4);
    w.sell(TEA, 2, MAIN);
    assert_eq!(w.add(s, TEA, 3), 7);
    // A reservation between entries moves nothing physically.
    w.add(s, MUG, 2);
    w.reserve(MUG, 1, MAIN, "WB-7");
    w.add(s, MUG, 3);
    // Units arriving by transfer between entries do move the SKU here.
    w.add(s, CANDLE, 3);
    w.ok(Command::Transfer {
        sku: CANDLE.into(),
        qty: 2,
        from: SHOP.into(),
        to: MAIN.into(),
    });
    w.add(s, CANDLE, 2);
    // A sale at another location between entries does not.
    w.add(s, SOAP, 2);
    w.sell(SOAP, 1, SHOP);
    w.add(s, SOAP, 2);

    let r = w.report(s);
    assert_eq!(line(&r, TEA), (Some(8), 7, Some(-1), flags(&["moved"])));
    assert_eq!(line(&r, MUG), (Some(5), 5, Some(0), flags(&[])));
    assert_eq!(line(&r, CANDLE), (Some(5), 5, Some(0), flags(&["moved"])));
    assert_eq!(line(&r, SOAP), (Some(4), 4, Some(0), flags(&[])));
    assert_eq!(r.totals.counted_skus, 4);
    assert_eq!(r.totals.with_variance, 1);
    assert!(r.uncounted.is_empty(), "{:?}", r.uncounted);

    let sum = w.apply(s, &[], false);
    let mut applied = sum.applied.clone();
    applied.sort();
    assert_eq!(
        applied,
        vec![
            (CANDLE.to_string(), 0),
            (MUG.to_string(), 0),
            (SOAP.to_string(), 0),
            (TEA.to_string(), -1)
        ]
    );
    assert_eq!(w.at(TEA, MAIN), (7, 0, 7));
    assert_eq!(
        one_adjust(&w, TEA, s),
        (-1, 1, (7, 0), Some("stocktake".into()))
    );
    // No variance, no adjust.
    for code in [MUG, CANDLE, SOAP] {
        assert!(w.count_moves(code, s).is_empty(), "{code}");
    }
    assert_eq!(w.at(MUG, MAIN), (5, 1, 4));
    assert_eq!(w.at(CANDLE, MAIN), (5, 0, 5));
    w.check();
}

#[test]
fn two_overlapping_sessions_on_one_location_are_refused() {
    let w = World::new();
    w.receive(TEA, 5, MAIN);
    let s1 = w.start(MAIN, None, false);
    assert_eq!(s1, 1);
    let open = |session| Refusal::CountSessionOpen {
        location: MAIN.into(),
        session,
    };
    for (at, filter, blind) in [
        (Some(MAIN), None, false),
        (Some("main WAREHOUSE"), None, false),
        (None, Some("TEA"), true),
    ] {
        let e = w.err(Command::CountStart {
            at: at.map(str::to_string),
            filter: filter.map(str::to_string),
            blind,
        });
        refused(&e, open(s1));
        assert_eq!(e.exit_code(), 1);
    }
    // The refusals made nothing.
    let list = w.with(OWNER, |inv| inv.count_sessions()).unwrap();
    assert_eq!(list.len(), 1);
    // Another location may be counted at the same time.
    let s2 = w.start(SHOP, None, false);
    assert_eq!(s2, 2);
    let list = w.with(OWNER, |inv| inv.count_sessions()).unwrap();
    let mut seen: Vec<(u64, String, String)> = list
        .iter()
        .map(|v| (v.session, v.location.clone(), v.status.as_str().to_string()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            (1, MAIN.to_string(), "open".to_string()),
            (2, SHOP.to_string(), "open".to_string())
        ]
    );
    // Once closed, the location may be counted again.
    assert_eq!(
        w.ok(Command::CountCancel { session: s1 }),
        Outcome::CountCancelled { session: s1 }
    );
    let s3 = w.start(MAIN, None, false);
    assert_eq!(s3, 3);
    refused(
        &w.err(Command::CountStart {
            at: None,
            filter: None,
            blind: false,
        }),
        open(s3),
    );
    w.add(s3, TEA, 5);
    w.apply(s3, &[], false);
    let s4 = w.start(MAIN, None, false);
    assert_eq!(s4, 4);
    assert_eq!(w.ledger_len(), 1, "no movement: the count matched");
    w.check();
}

#[test]
fn an_adjust_after_the_count_is_a_conflict() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(TEA, 5, SHOP);
    w.receive(MUG, 6, MAIN);
    w.receive(CANDLE, 4, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 8);
    w.add(s, MUG, 6);
    // An adjust after an entry puts CANDLE in conflict; its next entry starts the recount,
    // with the 2 counted before set aside: it counts the whole shelf again.
    w.add(s, CANDLE, 2);
    w.adjust(CANDLE, AdjustTo::By(-1), MAIN);
    assert_eq!(w.restart(s, CANDLE, 3), (3, 2));
    // After the count: the owner sets TEA by hand here, and MUG at another location.
    w.adjust(TEA, AdjustTo::Set(12), MAIN);
    w.adjust(MUG, AdjustTo::By(2), SHOP);

    let r = w.report(s);
    assert_eq!(line(&r, TEA), (Some(10), 8, Some(-2), flags(&["conflict"])));
    assert_eq!(line(&r, MUG), (Some(6), 6, Some(0), flags(&[])));
    assert_eq!(line(&r, CANDLE), (Some(3), 3, Some(0), flags(&[])));

    let before = w.ledger_len();
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.conflicts, strings(&[TEA]));
    let mut applied = sum.applied.clone();
    applied.sort();
    assert_eq!(applied, vec![(CANDLE.to_string(), 0), (MUG.to_string(), 0)]);
    // Not applied: the hand-set 12 stands, and the count wrote nothing for TEA.
    assert_eq!(w.at(TEA, MAIN), (12, 0, 12));
    assert_eq!(w.at(TEA, SHOP), (5, 0, 5));
    assert!(w.count_moves(TEA, s).is_empty());
    assert_eq!(w.ledger_len(), before);
    w.check();
}

/// The engine tells its own adjusts from others by their reference, "count #N", which an
/// owner may type too: an adjust typed with `--ref "count #1"` after the count is still
/// "adjusted by anything else" and must make a conflict, not a second application.
#[test]
fn an_adjust_typed_with_the_sessions_reference_is_still_a_conflict() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 8);
    // The owner corrects by hand, noting where the number came from.
    w.ok(Command::Adjust {
        sku: TEA.into(),
        how: AdjustTo::Set(8),
        reason: "по пересчёту".into(),
        at: None,
        reference: Some(format!("count #{s}")),
    });
    let r = w.report(s);
    assert_eq!(line(&r, TEA).3, flags(&["conflict"]));
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.conflicts, strings(&[TEA]));
    assert_eq!(w.at(TEA, MAIN), (8, 0, 8), "the variance -2 applied twice");
}

#[test]
fn uncounted_skus_change_only_with_zero_uncounted() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 5, MAIN);
    w.reserve(MUG, 2, MAIN, "WB-9");
    w.receive(CANDLE, 4, SHOP);
    w.receive(SOAP, 3, MAIN);

    // Without the flag: listed, not changed.
    let s1 = w.start(MAIN, None, false);
    w.add(s1, TEA, 10);
    let r = w.report(s1);
    // CANDLE has no stock here, so nobody missed it.
    assert_eq!(r.uncounted, strings(&[MUG, SOAP]));
    let sum = w.apply(s1, &[], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), 0)]);
    assert_eq!(sum.uncounted, strings(&[MUG, SOAP]));
    assert!(sum.zeroed.is_empty() && sum.conflicts.is_empty() && sum.closed);
    assert_eq!(w.at(MUG, MAIN), (5, 2, 3));
    assert_eq!(w.at(SOAP, MAIN), (3, 0, 3));
    assert_eq!(w.ledger_len(), 5);

    // With the flag, a filter narrows what is in scope: only SOAP ("мыло" in its name).
    let s2 = w.start(MAIN, Some("МЫЛО"), false);
    assert_eq!(w.report(s2).uncounted, strings(&[SOAP]));
    let sum = w.apply(s2, &[], true);
    assert!(sum.applied.is_empty());
    assert_eq!(sum.uncounted, strings(&[SOAP]));
    assert_eq!(sum.zeroed, strings(&[SOAP]));
    assert_eq!(w.at(SOAP, MAIN), (0, 0, 0));
    assert_eq!(
        one_adjust(&w, SOAP, s2),
        (-3, 3, (0, 0), Some("stocktake: not found".into()))
    );
    assert_eq!(
        w.at(MUG, MAIN),
        (5, 2, 3),
        "MUG is out of this session's scope"
    );

    // With the flag and no filter: MUG goes to zero below its reservation (a shortage);
    // the counted TEA and CANDLE (nothing here) are left alone.
    let s3 = w.start(MAIN, None, false);
    w.add(s3, TEA, 10);
    let sum = w.apply(s3, &[], true);
    assert_eq!(sum.applied, vec![(TEA.to_string(), 0)]);
    assert_eq!(sum.zeroed, strings(&[MUG]));
    assert_eq!(w.at(MUG, MAIN), (0, 2, -2));
    assert_eq!(w.status(MUG), StockStatus::Shortage);
    assert_eq!(
        one_adjust(&w, MUG, s3),
        (-5, 5, (0, 2), Some("stocktake: not found".into()))
    );
    assert_eq!(w.at(TEA, MAIN), (10, 0, 10));
    assert_eq!(w.at(CANDLE, SHOP), (4, 0, 4));
    assert!(w.count_moves(CANDLE, s3).is_empty());
    w.check();
}

/// `Applied::skus` names the SKUs whose levels changed, for live updates (the server
/// broadcasts them to every TUI). A SKU set to zero by --zero-uncounted changed too.
#[test]
fn zeroed_skus_are_reported_as_changed() {
    let w = World::new();
    w.receive(TEA, 4, MAIN);
    w.receive(SOAP, 3, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 1);
    let a = w
        .run(
            OWNER,
            Command::CountApply {
                session: s,
                only: vec![],
                zero_uncounted: true,
            },
        )
        .unwrap();
    assert_eq!(w.at(SOAP, MAIN), (0, 0, 0));
    assert!(a.skus.contains(&w.id(TEA)), "{:?}", a.skus);
    assert!(
        a.skus.contains(&w.id(SOAP)),
        "SOAP-3 (id {}) was zeroed but Applied::skus is {:?}",
        w.id(SOAP),
        a.skus
    );
}

#[test]
fn blind_session_hides_recorded_quantities_from_counters() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 4, MAIN);
    w.receive(TEA, 5, SHOP);
    let s = w.start(MAIN, None, true);
    assert_eq!(w.add_as(MARINA, s, TEA, 7), 7);
    assert_eq!(w.add_as(MARINA, s, MUG_BARCODE, 4), 4);

    let blind = w.report_as(MARINA, s);
    assert!(!blind.shows_recorded);
    assert!(blind.session.blind);
    assert_eq!(codes(&blind), strings(&[MUG, TEA]));
    for l in &blind.rows {
        assert_eq!(
            (
                l.recorded,
                l.variance,
                l.variance_pct,
                &l.value,
                l.value_minor
            ),
            (None, None, None, &None, None),
            "a counter sees a recorded quantity in a blind session: {l:?}"
        );
        let j = serde_json::to_value(l).unwrap();
        assert!(j["recorded"].is_null() && j["variance"].is_null(), "{j}");
    }
    assert_eq!(row(&blind, TEA).counted, 7);
    assert_eq!(row(&blind, MUG).counted, 4);
    assert_eq!(blind.totals.counted_skus, 2);
    assert_eq!(
        (
            blind.totals.with_variance,
            blind.totals.net_units,
            blind.totals.gross_units
        ),
        (0, 0, 0),
        "totals give the variance away: {:?}",
        blind.totals
    );

    // The owner sees everything; so does a packer (only counters are kept blind).
    for who in [OWNER, PAVEL] {
        let r = w.report_as(who, s);
        assert!(r.shows_recorded, "{who}");
        assert_eq!(line(&r, TEA), (Some(10), 7, Some(-3), flags(&[])), "{who}");
        assert_eq!(row(&r, TEA).value_minor, Some(-45_000));
        assert_eq!(row(&r, TEA).value.as_deref(), Some("-450.00"));
        assert_eq!(line(&r, MUG), (Some(4), 4, Some(0), flags(&[])), "{who}");
        assert_eq!(r.totals.net_units, -3);
    }

    // Not blind: a counter sees recorded quantities.
    let open = w.start(SHOP, None, false);
    w.add_as(MARINA, open, TEA, 5);
    let r = w.report_as(MARINA, open);
    assert!(r.shows_recorded);
    assert_eq!(line(&r, TEA), (Some(5), 5, Some(0), flags(&[])));

    // A counter enters counts only.
    for cmd in [
        Command::CountStart {
            at: Some(MAIN.into()),
            filter: None,
            blind: false,
        },
        Command::CountApply {
            session: s,
            only: vec![],
            zero_uncounted: false,
        },
        Command::CountCancel { session: s },
        Command::CountRecount {
            session: s,
            sku: TEA.into(),
        },
    ] {
        forbidden(&w.err_as(MARINA, cmd), MARINA);
    }
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.applied.len(), 2);
    assert_eq!(w.at(TEA, MAIN), (7, 0, 7));
    w.check();
}

// ---- entries, undo, recount ---------------------------------------------------------------

#[test]
fn undo_takes_back_only_the_callers_own_last_entry() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 5, MAIN);
    let s = w.start(MAIN, None, false);
    w.add_as(MARINA, s, TEA, 3);
    w.add(s, TEA, 2);
    w.add_as(MARINA, s, MUG, 4);
    let undo = |who: &str| w.run(who, Command::CountUndo { session: s });

    // Ivan has no entry: nothing of marina's or the owner's is his to take back.
    let e = undo(IVAN).unwrap_err();
    refused(&e, Refusal::NothingToUndo);
    let r = w.report(s);
    assert_eq!((row(&r, TEA).counted, row(&r, MUG).counted), (5, 4));
    assert_eq!(r.session.entries, 3);

    // Marina's last entry is MUG 4.
    assert_eq!(
        undo(MARINA).unwrap().outcome,
        Outcome::CountUndone {
            session: s,
            code: MUG.into(),
            qty: 4
        }
    );
    let r = w.report(s);
    assert_eq!(codes(&r), strings(&[TEA]));
    assert_eq!(row(&r, TEA).counted, 5);
    assert_eq!(r.uncounted, strings(&[MUG]), "MUG is not counted any more");
    assert_eq!(r.session.entries, 2);
    assert_eq!(
        r.recent
            .iter()
            .map(|e| (e.n, e.code.as_str(), e.qty, e.counter.as_str(), e.undone))
            .collect::<Vec<_>>(),
        vec![
            (3, MUG, 4, MARINA, true),
            (2, TEA, 2, OWNER, false),
            (1, TEA, 3, MARINA, false)
        ]
    );

    // Then her TEA 3, not the owner's later TEA 2.
    assert_eq!(
        undo(MARINA).unwrap().outcome,
        Outcome::CountUndone {
            session: s,
            code: TEA.into(),
            qty: 3
        }
    );
    assert_eq!(row(&w.report(s), TEA).counted, 2);
    // Nothing of hers is left.
    refused(&undo(MARINA).unwrap_err(), Refusal::NothingToUndo);
    assert_eq!(row(&w.report(s), TEA).counted, 2);
    // The owner takes back his own.
    assert_eq!(
        undo(OWNER).unwrap().outcome,
        Outcome::CountUndone {
            session: s,
            code: TEA.into(),
            qty: 2
        }
    );
    let r = w.report(s);
    assert!(r.rows.is_empty(), "{:?}", r.rows);
    assert_eq!(r.uncounted, strings(&[TEA, MUG]));
    refused(&undo(OWNER).unwrap_err(), Refusal::NothingToUndo);
    assert_eq!(w.ledger_len(), 2, "entries are not movements");
    w.check();
}

#[test]
fn entries_add_up_and_recount_starts_over() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    let s = w.start(MAIN, None, false);
    assert_eq!(
        w.ok(Command::CountAdd {
            session: s,
            sku: TEA.into(),
            qty: 3
        }),
        Outcome::Counted {
            session: s,
            code: TEA.into(),
            qty: 3,
            counted: 3,
            entry: 1
        }
    );
    // By barcode, the same SKU.
    assert_eq!(
        w.ok(Command::CountAdd {
            session: s,
            sku: TEA_BARCODE.into(),
            qty: 4
        }),
        Outcome::Counted {
            session: s,
            code: TEA.into(),
            qty: 4,
            counted: 7,
            entry: 2
        }
    );
    // Another counter's entries add to the same SKU.
    assert_eq!(w.add_as(MARINA, s, TEA, 1), 8);
    let r = w.report(s);
    assert_eq!(r.rows.len(), 1);
    assert_eq!(line(&r, TEA), (Some(10), 8, Some(-2), flags(&[])));
    assert_eq!(row(&r, TEA).variance_pct, Some(-20.0));
    assert_eq!(r.session.entries, 3);

    // Recount: every entry of the SKU, whoever made it, is taken back.
    assert_eq!(
        w.ok(Command::CountRecount {
            session: s,
            sku: TEA_BARCODE.into()
        }),
        Outcome::MarkedForRecount {
            session: s,
            code: TEA.into()
        }
    );
    let r = w.report(s);
    assert!(r.rows.is_empty(), "{:?}", r.rows);
    assert_eq!(r.uncounted, strings(&[TEA]));
    assert_eq!(r.session.entries, 0);
    assert!(r.recent.iter().all(|e| e.undone), "{:?}", r.recent);
    // Nobody has an entry left to undo.
    refused(
        &w.err_as(MARINA, Command::CountUndo { session: s }),
        Refusal::NothingToUndo,
    );
    // Counting starts from zero.
    assert_eq!(w.add_as(MARINA, s, TEA, 10), 10);
    assert_eq!(line(&w.report(s), TEA), (Some(10), 10, Some(0), flags(&[])));
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), 0)]);
    assert_eq!(w.at(TEA, MAIN), (10, 0, 10));
    w.check();
}

#[test]
fn a_zero_entry_counts_the_sku_as_none_there() {
    let w = World::new();
    w.receive(MUG, 5, MAIN);
    w.receive(TEA, 2, MAIN);
    let s = w.start(MAIN, None, false);
    assert_eq!(w.add(s, MUG, 0), 0);
    let r = w.report(s);
    assert_eq!(line(&r, MUG), (Some(5), 0, Some(-5), flags(&[])));
    assert_eq!(row(&r, MUG).variance_pct, Some(-100.0));
    assert_eq!(
        r.uncounted,
        strings(&[TEA]),
        "MUG was looked for: it is counted"
    );
    // Too many is bad input and writes nothing.
    let e = w.err(Command::CountAdd {
        session: s,
        sku: MUG.into(),
        qty: 1_000_000_001,
    });
    assert_eq!(e.exit_code(), 2, "{e:?}");
    assert_eq!(w.report(s).session.entries, 1);
    // So is a SKU nobody knows.
    let e = w.err(Command::CountAdd {
        session: s,
        sku: "4609999999999".into(),
        qty: 1,
    });
    assert_eq!(
        e,
        Error::Input(InputError::UnknownSku("4609999999999".into()))
    );

    let sum = w.apply(s, &[], false);
    assert_eq!(sum.applied, vec![(MUG.to_string(), -5)]);
    assert_eq!(sum.uncounted, strings(&[TEA]));
    assert_eq!(w.at(MUG, MAIN), (0, 0, 0));
    assert_eq!(
        one_adjust(&w, MUG, s),
        (-5, 5, (0, 0), Some("stocktake".into()))
    );
    assert_eq!(w.at(TEA, MAIN), (2, 0, 2));
    w.check();
}

#[test]
fn a_closed_session_refuses_everything_but_reading() {
    let w = World::new();
    w.receive(TEA, 3, MAIN);
    let applied = w.start(MAIN, None, false);
    w.add(applied, TEA, 2);
    w.apply(applied, &[], false);
    let cancelled = w.start(MAIN, None, false);
    w.add(cancelled, TEA, 9);
    let before = w.ledger_len();
    w.ok(Command::CountCancel { session: cancelled });
    assert_eq!(w.ledger_len(), before, "a cancel adjusts nothing");
    assert_eq!(w.at(TEA, MAIN), (2, 0, 2));

    for (s, status) in [(applied, "applied"), (cancelled, "cancelled")] {
        let cmds = [
            (
                MARINA,
                Command::CountAdd {
                    session: s,
                    sku: TEA.into(),
                    qty: 1,
                },
            ),
            (OWNER, Command::CountUndo { session: s }),
            (
                OWNER,
                Command::CountRecount {
                    session: s,
                    sku: TEA.into(),
                },
            ),
            (
                MARINA,
                Command::CountImport {
                    session: s,
                    file: "count.csv".into(),
                    rows: vec![count_row(2, TEA, 1)],
                },
            ),
            (
                OWNER,
                Command::CountApply {
                    session: s,
                    only: vec![],
                    zero_uncounted: true,
                },
            ),
            (OWNER, Command::CountCancel { session: s }),
        ];
        for (who, cmd) in cmds {
            let shown = format!("{cmd:?}");
            let e = w.err_as(who, cmd);
            assert_eq!(
                e,
                Error::Refused(Refusal::CountSessionClosed { session: s }),
                "{shown}"
            );
        }
        let r = w.report(s);
        assert_eq!(r.session.status.as_str(), status);
        assert_eq!(r.session.entries, 1);
        assert!(r.uncounted.is_empty());
    }
    assert_eq!(w.ledger_len(), before);
    assert_eq!(w.at(TEA, MAIN), (2, 0, 2));
    // A session that never was is bad input.
    let e = w.err_as(
        MARINA,
        Command::CountAdd {
            session: 99,
            sku: TEA.into(),
            qty: 1,
        },
    );
    assert_eq!(e.exit_code(), 2, "{e:?}");
    w.check();
}

#[test]
fn apply_only_applies_those_skus_and_leaves_the_session_open() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 5, MAIN);
    w.receive(SOAP, 3, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 8);
    w.add(s, MUG, 6);

    let sum = w.apply(s, &[TEA], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), -2)]);
    assert!(sum.conflicts.is_empty() && sum.zeroed.is_empty());
    assert!(!sum.closed);
    assert_eq!(w.at(TEA, MAIN), (8, 0, 8));
    assert_eq!(w.at(MUG, MAIN), (5, 0, 5));
    assert_eq!(w.at(SOAP, MAIN), (3, 0, 3));
    let r = w.report(s);
    assert_eq!(r.session.status.as_str(), "open");
    assert_eq!(line(&r, TEA).3, flags(&["applied"]));
    assert_eq!(line(&r, MUG), (Some(5), 6, Some(1), flags(&[])));
    assert_eq!(r.uncounted, strings(&[SOAP]));
    // Still open: counting goes on.
    w.add_as(MARINA, s, CANDLE, 0);

    let sum = w.apply(s, &[], true);
    let mut applied = sum.applied.clone();
    applied.sort();
    assert_eq!(
        applied,
        vec![(CANDLE.to_string(), 0), (MUG.to_string(), 1)],
        "TEA was applied already"
    );
    assert_eq!(sum.zeroed, strings(&[SOAP]));
    assert!(sum.closed);
    assert_eq!(w.at(TEA, MAIN), (8, 0, 8));
    assert_eq!(w.at(MUG, MAIN), (6, 0, 6));
    assert_eq!(w.at(SOAP, MAIN), (0, 0, 0));
    assert_eq!(
        one_adjust(&w, TEA, s),
        (-2, 2, (8, 0), Some("stocktake".into()))
    );
    assert_eq!(
        one_adjust(&w, MUG, s),
        (1, 1, (6, 0), Some("stocktake".into()))
    );
    assert_eq!(w.report(s).session.status.as_str(), "applied");
    w.check();
}

#[test]
fn undo_takes_recorded_back_to_the_previous_entry() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    let s = w.start(MAIN, None, false);
    w.add_as(MARINA, s, TEA, 4);
    w.sell(TEA, 2, MAIN);
    w.add_as(MARINA, s, TEA, 3);
    assert_eq!(
        line(&w.report(s), TEA),
        (Some(8), 7, Some(-1), flags(&["moved"]))
    );
    // Without the last entry, the books at the first one (10) are what was counted against.
    w.ok_as(MARINA, Command::CountUndo { session: s });
    assert_eq!(line(&w.report(s), TEA), (Some(10), 4, Some(-6), flags(&[])));
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), -6)]);
    assert_eq!(w.at(TEA, MAIN), (2, 0, 2));
    w.check();
}

#[test]
fn a_count_at_another_location_adjusts_there() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(TEA, 6, SHOP);
    w.receive(MUG, 3, MAIN);
    w.receive(SOAP, 2, SHOP);
    let s = w.start(SHOP, None, false);
    w.add(s, TEA, 4);
    let r = w.report(s);
    assert_eq!(row(&r, TEA).location, SHOP);
    assert_eq!(line(&r, TEA), (Some(6), 4, Some(-2), flags(&[])));
    // Only what lies at the Shop can be missing from its count.
    assert_eq!(r.uncounted, strings(&[SOAP]));
    // A sale at the main warehouse is no business of this count.
    w.sell(TEA, 1, MAIN);
    let sum = w.apply(s, &[], true);
    assert_eq!(sum.applied, vec![(TEA.to_string(), -2)]);
    assert_eq!(sum.zeroed, strings(&[SOAP]));
    assert_eq!(w.at(TEA, SHOP), (4, 0, 4));
    assert_eq!(w.at(TEA, MAIN), (9, 0, 9));
    assert_eq!(w.at(MUG, MAIN), (3, 0, 3));
    assert_eq!(w.at(SOAP, SHOP), (0, 0, 0));
    let m = w.count_moves(TEA, s);
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].location.as_str(), m[0].on_hand_change, m[0].on_hand),
        (SHOP, -2, 4)
    );
    w.check();
}

/// After `apply --only TEA` the session stays open and accepts more entries for TEA. Such an
/// entry must not be silently lost: either it is refused, or the final apply takes it in.
#[test]
fn an_entry_after_a_partial_apply_is_not_lost() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 5, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 8);
    w.add(s, MUG, 5);
    w.apply(s, &[TEA], false);
    assert_eq!(w.at(TEA, MAIN), (8, 0, 8));
    // A counter finds one more box of tea behind the shelf.
    let more = w.run(
        MARINA,
        Command::CountAdd {
            session: s,
            sku: TEA.into(),
            qty: 1,
        },
    );
    match more {
        Err(e) => assert_eq!(
            e.exit_code(),
            1,
            "refused as a rule, not as bad input: {e:?}"
        ),
        Ok(_) => {
            let sum = w.apply(s, &[], false);
            assert_eq!(
                w.at(TEA, MAIN),
                (9, 0, 9),
                "9 counted, 8 on the books at the entry: {sum:?}"
            );
        }
    }
}

// ---- import -------------------------------------------------------------------------------------

#[test]
fn a_count_import_with_an_unknown_barcode_writes_nothing() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 2, MAIN);
    let s = w.start(MAIN, None, false);
    let e = w.err_as(
        MARINA,
        Command::CountImport {
            session: s,
            file: "handheld.csv".into(),
            rows: vec![
                count_row(2, TEA_BARCODE, 3),
                count_row(3, "4609999999999", 1),
                count_row(4, MUG, 2),
            ],
        },
    );
    match &e {
        Error::Input(InputError::Rows(rows)) => {
            assert_eq!(rows.len(), 1, "{rows:?}");
            assert_eq!(
                (rows[0].file.as_str(), rows[0].line, rows[0].column),
                ("handheld.csv", 3, 1)
            );
            assert!(
                stockroom::i18n::row_message_text(&rows[0].message).contains("4609999999999"),
                "{rows:?}"
            );
        }
        other => panic!("expected row errors, got {other:?}"),
    }
    let r = w.report(s);
    assert!(r.rows.is_empty() && r.recent.is_empty(), "{r:#?}");
    assert_eq!(r.session.entries, 0);

    // The same rows without the bad one go in whole; the entries are marina's.
    assert_eq!(
        w.ok_as(
            MARINA,
            Command::CountImport {
                session: s,
                file: "handheld.csv".into(),
                rows: vec![
                    count_row(2, TEA_BARCODE, 3),
                    count_row(3, TEA, 5),
                    count_row(4, MUG, 2)
                ],
            }
        ),
        Outcome::CountImported {
            session: s,
            rows: 3,
            units: 10
        }
    );
    let r = w.report(s);
    assert_eq!(line(&r, TEA), (Some(10), 8, Some(-2), flags(&[])));
    assert_eq!(line(&r, MUG), (Some(2), 2, Some(0), flags(&[])));
    assert!(r.recent.iter().all(|e| e.counter == MARINA));
    // Marina may undo the last row of her import.
    assert_eq!(
        w.ok_as(MARINA, Command::CountUndo { session: s }),
        Outcome::CountUndone {
            session: s,
            code: MUG.into(),
            qty: 2
        }
    );
    w.check();
}

/// Commands share one write transaction when the server batches them (`execute_batch`,
/// group commit): "a refused one writes nothing and does not stop the others". A count
/// import whose second row is refused must not leave its first row behind.
#[test]
fn a_refused_count_import_writes_nothing_in_a_group_commit() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    let s = w.start(MAIN, None, false);
    let results = w.with(OWNER, |inv| {
        inv.execute_batch(vec![(
            Ctx {
                actor: MARINA.into(),
                now: 1_700_000_000_000,
            },
            Command::CountImport {
                session: s,
                file: "handheld.csv".into(),
                rows: vec![count_row(2, TEA, 3), count_row(3, TEA, 1_000_000_001)],
            },
        )])
    });
    let results = results.expect("the batch commits");
    assert!(
        matches!(&results[0], Err(e) if e.exit_code() == 2),
        "{results:?}"
    );
    let r = w.report(s);
    assert_eq!(
        r.session.entries, 0,
        "a refused import left entries: {:?}",
        r.recent
    );
}

// ---- the real binary ---------------------------------------------------------------------------

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

struct Cli {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        let c = Cli { dir, db };
        c.ok(&["init"]);
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
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
        (
            out.status.code().expect("exit code"),
            String::from_utf8(out.stdout).expect("utf-8 stdout"),
            String::from_utf8(out.stderr).expect("utf-8 stderr"),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "stockroom {args:?}: {out}\n{err}");
        out
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }
}

/// The handheld's barcodes, the codes given to them, what was received and what the file
/// adds up to (its first row for ...000 counts 1, then a 0).
const HANDHELD: [(&str, &str, u64, u64); 8] = [
    ("4601234000000", "HH-000", 2, 1),
    ("4601234000017", "HH-017", 9, 9),
    ("4601234000024", "HH-024", 5, 6),
    ("4601234000031", "HH-031", 11, 11),
    ("4601234000048", "HH-048", 10, 8),
    ("4601234000055", "HH-055", 5, 5),
    ("4601234000062", "HH-062", 12, 10),
    ("4601234000079", "HH-079", 7, 7),
];

#[test]
fn cli_count_import_and_diff_json() {
    let c = Cli::new();
    for (barcode, code, received, _) in HANDHELD {
        c.ok(&[
            "sku",
            "add",
            code,
            "--name",
            "Товар со сканера",
            "--barcode",
            barcode,
        ]);
        c.ok(&["receive", code, &received.to_string()]);
    }
    let started = c.json(&["count", "start"]);
    assert_eq!(started["session"], 1, "{started}");
    let session = "1";

    // A file with a barcode nobody has is refused whole, with FILE:LINE.
    let bad = c.dir.path().join("bad.csv");
    std::fs::write(&bad, "barcode;qty\n4601234000000;1\n4609999999999;2\n").unwrap();
    let (code, out, err) = c.run(&["count", "import", session, bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("bad.csv:3"), "{err}");
    assert_eq!(
        c.json(&["count", "diff", session]),
        serde_json::json!([]),
        "nothing of the refused file was counted"
    );

    let fx = fixture("count-handheld.csv");
    c.ok(&["count", "import", session, fx.to_str().unwrap()]);
    let rows = c.json(&["count", "diff", session]);
    let rows = rows
        .as_array()
        .expect("count diff --json is an array of rows");
    assert_eq!(rows.len(), HANDHELD.len(), "{rows:#?}");
    for (_, code, received, counted) in HANDHELD {
        let r = rows
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("no row {code}: {rows:#?}"));
        assert_eq!(r["code"], code);
        assert_eq!(r["location"], MAIN);
        assert_eq!(r["recorded"], received, "{r}");
        assert_eq!(r["counted"], counted, "{r}");
        assert_eq!(r["variance"], counted as i64 - received as i64, "{r}");
        assert_eq!(r["flags"], serde_json::json!([]), "{r}");
    }

    let applied = c.json(&["count", "apply", session]);
    assert_eq!(applied["closed"], true, "{applied}");
    for (_, code, _, counted) in HANDHELD {
        let show = c.json(&["sku", "show", code]);
        assert_eq!(show["on_hand"], counted, "{code}: {show}");
    }
    let check = c.json(&["check"]);
    assert_eq!(check["problems"], serde_json::json!([]), "{check}");
    // Eight receipts and an adjust for each of the four SKUs that differed.
    assert_eq!(check["entries"], 12, "{check}");
}

/// During a blind count a counter sees no stock levels anywhere, not only in the count.
#[test]
fn a_blind_count_hides_levels_from_counters_everywhere() {
    use stockroom::domain::Role;
    use stockroom::inventory::{Command, Error, Inventory, InventoryExt, LocalInventory, SkuSpec};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blind.redb");
    let (owner, _) = LocalInventory::open_or_init(&path, "owner").unwrap();
    owner
        .execute(Command::AddSku(SkuSpec {
            code: "B".into(),
            name: Some("Блокнот".into()),
            ..Default::default()
        }))
        .unwrap();
    owner
        .execute(Command::Receive {
            sku: "B".into(),
            qty: 4,
            at: None,
            reference: None,
        })
        .unwrap();
    owner
        .execute(Command::AddUser {
            name: "marina".into(),
            role: Role::Counter,
        })
        .unwrap();
    owner
        .execute(Command::CountStart {
            at: None,
            filter: None,
            blind: true,
        })
        .unwrap();
    let counter = LocalInventory::new(owner.into_store(), "marina");
    assert!(matches!(
        counter.sku_list(None, false),
        Err(Error::Forbidden { .. })
    ));
    assert!(matches!(
        counter.sku_detail("B", 0),
        Err(Error::Forbidden { .. })
    ));
    counter
        .execute(Command::CountAdd {
            session: 1,
            sku: "B".into(),
            qty: 3,
        })
        .unwrap();
    let r = counter.count_report(1).unwrap();
    assert_eq!((r.rows[0].counted, r.rows[0].recorded), (3, None));
    let owner = LocalInventory::new(counter.into_store(), "owner");
    assert_eq!(
        owner.sku_detail("B", 0).unwrap().on_hand,
        4,
        "the owner still sees"
    );
}

// ---- the count decides, and every doubt is shown ----------------------------------------

impl World {
    fn writeoff(&self, code: &str, qty: u64, at: &str) {
        self.ok(Command::Writeoff {
            sku: code.into(),
            qty,
            reason: "не нашли".into(),
            defective: false,
            at: Some(at.into()),
        });
    }

    fn defect(&self, code: &str, qty: u64, at: &str) {
        self.ok(Command::Defect {
            sku: code.into(),
            qty,
            reason: stockroom::domain::DefectReason::ALL[0],
            at: Some(at.into()),
            note: None,
        });
    }

    fn resolve(
        &self,
        session: u64,
        code: &str,
        choice: stockroom::inventory::stocktake::Resolution,
    ) -> Result<ApplySummary, Error> {
        self.run(
            OWNER,
            Command::CountResolve {
                session,
                sku: code.into(),
                choice,
            },
        )
        .map(|a| match a.outcome {
            Outcome::CountApplied(s) => s,
            o => panic!("count resolve answered {o:?}"),
        })
    }

    fn session_status(&self, session: u64) -> String {
        self.report(session).session.status.as_str().to_string()
    }
}

/// Recorded 10, counted 8, then the owner writes off the 2 missing: the write-off may have
/// taken units from the shelf after the count, or written down the same 2. The row is in
/// conflict and is not applied until a recount or the owner's choice; a sale after the entry
/// is no doubt and is accounted as it is now.
#[test]
fn a_writeoff_defect_or_adjust_after_the_entry_is_a_conflict_until_a_choice() {
    use stockroom::inventory::stocktake::Resolution::{CountStands, MovementAfter};
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 6, MAIN);
    w.receive(CANDLE, 5, MAIN);
    w.receive(SOAP, 4, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 8);
    w.add(s, MUG, 6);
    w.add(s, CANDLE, 5);
    w.add(s, SOAP, 4);
    w.writeoff(TEA, 2, MAIN);
    w.defect(MUG, 1, MAIN);
    w.adjust(CANDLE, AdjustTo::By(-1), MAIN);
    // A sale after the entry: no doubt, accounted as it is now.
    w.sell(SOAP, 1, MAIN);
    let r = w.report(s);
    assert_eq!(line(&r, TEA), (Some(10), 8, Some(-2), flags(&["conflict"])));
    assert_eq!(line(&r, MUG), (Some(6), 6, Some(0), flags(&["conflict"])));
    assert_eq!(
        line(&r, CANDLE),
        (Some(5), 5, Some(0), flags(&["conflict"]))
    );
    assert_eq!(line(&r, SOAP), (Some(4), 4, Some(0), flags(&[])));

    // The whole apply leaves the three out, applies SOAP, and the count stays open.
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.conflicts.len(), 3, "{sum:?}");
    assert_eq!(sum.applied, vec![(SOAP.to_string(), 0)]);
    assert!(!sum.closed);
    assert_eq!(w.session_status(s), "open");
    assert_eq!(w.at(TEA, MAIN), (8, 0, 8), "not 6: nothing applied twice");
    assert_eq!(w.at(SOAP, MAIN), (3, 0, 3));

    // "The count stands": the shelf held 8, the write-off only wrote the 2 down.
    let sum = w.resolve(s, TEA, CountStands).expect("resolve TEA");
    assert_eq!(sum.applied, vec![(TEA.to_string(), 0)]);
    assert_eq!(w.at(TEA, MAIN), (8, 0, 8));
    assert!(w.count_moves(TEA, s).is_empty(), "nothing to adjust");
    // "The movement came after": the defective mug left the shelf after it was counted.
    let sum = w.resolve(s, MUG, MovementAfter).expect("resolve MUG");
    assert_eq!(sum.applied, vec![(MUG.to_string(), 0)]);
    assert_eq!(w.at(MUG, MAIN), (5, 0, 5));
    // "The count stands" after an adjust by -1: back to the 5 counted, one adjust.
    w.resolve(s, CANDLE, CountStands).expect("resolve CANDLE");
    assert_eq!(w.at(CANDLE, MAIN), (5, 0, 5));
    let m = w.count_moves(CANDLE, s);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        (m[0].on_hand_change, m[0].note.as_deref()),
        (1, Some("stocktake: the count stands"))
    );
    // Each row is applied once; a row without such a conflict has nothing to resolve.
    let e = w.resolve(s, TEA, CountStands).unwrap_err();
    refused(&e, Refusal::CountAlreadyApplied { code: TEA.into() });
    let e = w.resolve(s, SOAP, MovementAfter).unwrap_err();
    refused(&e, Refusal::CountAlreadyApplied { code: SOAP.into() });
    assert_eq!(e.exit_code(), 1);
    // A counter may not choose.
    let e = w.err_as(
        MARINA,
        Command::CountResolve {
            session: s,
            sku: TEA.into(),
            choice: CountStands,
        },
    );
    forbidden(&e, MARINA);
    // Nothing left in conflict: the whole apply closes the count.
    let sum = w.apply(s, &[], false);
    assert!(sum.closed && sum.conflicts.is_empty(), "{sum:?}");
    assert_eq!(w.session_status(s), "applied");
    w.check();
}

#[test]
fn resolve_is_refused_for_a_row_without_a_movement_after_its_count() {
    use stockroom::inventory::stocktake::Resolution::CountStands;
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(MUG, 3, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 9);
    let e = w.resolve(s, TEA, CountStands).unwrap_err();
    refused(
        &e,
        Refusal::CountNoConflict {
            session: s,
            code: TEA.into(),
        },
    );
    assert!(
        e.to_string().contains("count apply 1 --only TEA-001"),
        "{e}"
    );
    // Not counted at all: nothing to resolve either.
    let e = w.resolve(s, MUG, CountStands).unwrap_err();
    assert_eq!(e.exit_code(), 1, "{e:?}");
    // The choice may not take on hand below 0: counted 9 of 10, 3 written off, 7 sold.
    w.writeoff(TEA, 3, MAIN);
    w.sell(TEA, 7, MAIN);
    let e = w
        .resolve(
            s,
            TEA,
            stockroom::inventory::stocktake::Resolution::MovementAfter,
        )
        .unwrap_err();
    refused(
        &e,
        Refusal::CountBelowZero {
            session: s,
            code: TEA.into(),
        },
    );
    assert!(e.to_string().contains("count add 1 TEA-001"), "{e}");
    // The other choice: the shelf held 9, 7 were sold since: 2 are left.
    w.resolve(s, TEA, CountStands).expect("resolve");
    assert_eq!(w.at(TEA, MAIN), (2, 0, 2));
    w.check();
}

/// Counted 10, the owner adjusts, then 9 more are entered: before, they added up to 19.
/// Now the entry starts the recount and the 10 are set aside, still listed as taken back.
#[test]
fn an_entry_for_a_row_in_conflict_starts_its_recount() {
    let w = World::new();
    w.receive(TEA, 12, MAIN);
    let s = w.start(MAIN, None, false);
    assert_eq!(w.add_as(MARINA, s, TEA, 10), 10);
    w.adjust(TEA, AdjustTo::By(-3), MAIN);
    assert_eq!(line(&w.report(s), TEA).3, flags(&["conflict"]));
    assert_eq!(w.restart(s, TEA, 9), (9, 10));
    let r = w.report(s);
    assert_eq!(line(&r, TEA), (Some(9), 9, Some(0), flags(&[])));
    // The set-aside entry is shown, taken back; the new one is live.
    let recent: Vec<(u64, bool)> = r.recent.iter().map(|e| (e.qty, e.undone)).collect();
    assert_eq!(recent, vec![(9, false), (10, true)]);
    // A second entry adds up again: the row is no longer in conflict.
    assert_eq!(w.add(s, TEA, 1), 10);
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.applied, vec![(TEA.to_string(), 1)]);
    assert!(sum.closed);
    assert_eq!(w.at(TEA, MAIN), (10, 0, 10), "not 19");
    w.check();
}

#[test]
fn a_count_import_row_for_a_row_in_conflict_starts_its_recount() {
    let w = World::new();
    w.receive(TEA, 12, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 12);
    w.defect(TEA, 2, MAIN);
    w.ok(Command::CountImport {
        session: s,
        file: "tsd.csv".into(),
        rows: vec![count_row(2, TEA, 6), count_row(3, TEA, 4)],
    });
    let r = w.report(s);
    assert_eq!(line(&r, TEA), (Some(10), 10, Some(0), flags(&[])));
    w.check();
}

/// Counted fewer than reserved: `count diff` warns which reservations would be short, the
/// apply names them, and the queue marks them, oldest order covered first.
#[test]
fn apply_below_reserved_marks_the_short_reservations() {
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    w.receive(TEA, 5, SHOP);
    let first = w.reserve(TEA, 4, MAIN, "WB-1");
    let second = w.reserve(TEA, 3, MAIN, "WB-2");
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 5);
    let r = w.report(s);
    assert_eq!(r.would_short.len(), 1, "{:?}", r.would_short);
    let x = &r.would_short[0];
    assert_eq!(
        (x.reservation, x.order.as_str(), x.remaining, x.short),
        (second, "WB-2", 3, 2)
    );
    let sum = w.apply(s, &[], false);
    assert_eq!(sum.short, r.would_short);
    assert_eq!(w.at(TEA, MAIN), (5, 7, -2));
    let q = w.with(OWNER, |inv| inv.reservations(None, false)).unwrap();
    let short: Vec<(u64, u64)> = q.iter().map(|v| (v.reservation, v.short)).collect();
    assert_eq!(short, vec![(first, 0), (second, 2)]);
    // Releasing the short one clears the mark.
    w.ok(Command::Release {
        id: second,
        reason: Some("нет на полке".into()),
    });
    let q = w.with(OWNER, |inv| inv.reservations(None, false)).unwrap();
    assert!(q.iter().all(|v| v.short == 0), "{q:?}");
    w.check();
}

/// The real binary: the conflict is flagged in `count diff`, the apply says exactly what to
/// do, `count resolve` settles it, and the short reservation shows in `reservations`.
#[test]
fn cli_conflict_resolve_and_short_reservations() {
    let c = Cli::new();
    c.ok(&["sku", "add", "TEA-001", "--name", "Чай"]);
    c.ok(&["sku", "add", "MUG-01", "--name", "Кружка"]);
    c.ok(&["channel", "add", "Wildberries", "--kind", "marketplace"]);
    c.ok(&["receive", "TEA-001", "10"]);
    c.ok(&["receive", "MUG-01", "6"]);
    c.ok(&[
        "reserve",
        "MUG-01",
        "4",
        "--channel",
        "Wildberries",
        "--order",
        "WB-1",
    ]);
    c.ok(&["count", "start"]);
    c.ok(&["count", "add", "1", "TEA-001", "8"]);
    c.ok(&["count", "add", "1", "MUG-01", "3"]);
    c.ok(&["writeoff", "TEA-001", "2", "--reason", "не нашли"]);

    let diff = c.ok(&["count", "diff", "1"]);
    let tea = diff.lines().find(|l| l.starts_with("TEA-001")).unwrap();
    assert!(tea.contains("conflict"), "{diff}");
    assert!(
        diff.contains("applying would leave reservations short: #1 MUG-01 order WB-1 (1 of 4 missing at Main warehouse)"),
        "{diff}"
    );

    let out = c.ok(&["count", "apply", "1"]);
    assert!(out.contains("not applied, in conflict"), "{out}");
    assert!(
        out.contains("`stockroom count add 1 TEA-001 QTY` starts the recount"),
        "{out}"
    );
    assert!(
        out.contains("`stockroom count resolve 1 TEA-001 count-stands`"),
        "{out}"
    );
    assert!(out.contains("reservations now short"), "{out}");
    assert!(
        out.contains("#1 MUG-01 order WB-1 (1 of 4 missing"),
        "{out}"
    );
    assert!(out.contains("the count stays open"), "{out}");
    let q = c.ok(&["reservations"]);
    assert!(q.contains("SHORT 1"), "{q}");
    let q = c.json(&["reservations"]);
    assert_eq!(q[0]["short"], 1, "{q}");

    let (code, _, err) = c.run(&["count", "resolve", "1", "MUG-01", "count-stands"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = c.run(&["count", "resolve", "1", "TEA-001", "maybe"]);
    assert_eq!(code, 2, "{err}");
    let r = c.json(&["count", "resolve", "1", "TEA-001", "count-stands"]);
    assert_eq!(r["applied"], serde_json::json!([["TEA-001", 0]]), "{r}");
    let show = c.json(&["sku", "show", "TEA-001"]);
    assert_eq!(show["on_hand"], 8, "the shelf holds 8, not 6: {show}");

    let applied = c.json(&["count", "apply", "1"]);
    assert_eq!(applied["closed"], true, "{applied}");
    let check = c.json(&["check"]);
    assert_eq!(check["problems"], serde_json::json!([]), "{check}");
}

/// An entry for a row in conflict through the binary says it started the recount.
#[test]
fn cli_an_entry_for_a_row_in_conflict_says_it_starts_the_recount() {
    let c = Cli::new();
    c.ok(&["sku", "add", "TEA-001", "--name", "Чай"]);
    c.ok(&["receive", "TEA-001", "10"]);
    c.ok(&["count", "start"]);
    c.ok(&["count", "add", "1", "TEA-001", "10"]);
    c.ok(&["adjust", "TEA-001", "--by", "-1", "--reason", "разбили"]);
    let out = c.ok(&["count", "add", "1", "TEA-001", "9"]);
    assert!(
        out.contains("TEA-001 was in conflict: this entry starts its recount, and the 10 counted before were set aside. Counted 9 x TEA-001 (total 9)"),
        "{out}"
    );
    c.ok(&["count", "apply", "1"]);
    let show = c.json(&["sku", "show", "TEA-001"]);
    assert_eq!(show["on_hand"], 9, "{show}");
}

/// A row in conflict only because applying would go below 0 has no movement to choose about:
/// `count resolve` says to recount it.
#[test]
fn resolve_of_a_row_below_zero_asks_for_a_recount() {
    use stockroom::inventory::stocktake::Resolution::CountStands;
    let w = World::new();
    w.receive(TEA, 10, MAIN);
    let s = w.start(MAIN, None, false);
    w.add(s, TEA, 2);
    w.sell(TEA, 9, MAIN);
    assert_eq!(line(&w.report(s), TEA).3, flags(&["conflict"]));
    let e = w.resolve(s, TEA, CountStands).unwrap_err();
    refused(
        &e,
        Refusal::CountBelowZero {
            session: s,
            code: TEA.into(),
        },
    );
    // The recount: what is on the shelf now.
    assert_eq!(w.restart(s, TEA, 1), (1, 2));
    let sum = w.apply(s, &[], false);
    assert!(sum.closed && sum.conflicts.is_empty(), "{sum:?}");
    assert_eq!(w.at(TEA, MAIN), (1, 0, 1));
    w.check();
}

/// A second entry for a SKU adds to the first, and the answer says so in words, in both
/// languages; a first entry and a "none there" entry read as before.
#[test]
fn cli_a_second_entry_says_it_adds_to_the_first() {
    let c = Cli::new();
    c.ok(&["sku", "add", "TEA-001", "--name", "Чай"]);
    c.ok(&["receive", "TEA-001", "10"]);
    c.ok(&["count", "start"]);
    let first = c.ok(&["count", "add", "1", "TEA-001", "4"]);
    assert!(first.contains("Counted 4 x TEA-001 (total 4)"), "{first}");
    let second = c.ok(&["count", "add", "1", "TEA-001", "3"]);
    assert!(
        second.contains("Counted 3 more x TEA-001: 7 in all, added to what was counted before"),
        "{second}"
    );
    let ru = c.ok(&["--lang", "ru", "count", "add", "1", "TEA-001"]);
    assert!(
        ru.contains("Посчитано ещё 1 × TEA-001: всего 8, добавлено к посчитанному раньше"),
        "{ru}"
    );
    let zero = c.ok(&["count", "add", "1", "TEA-001", "0"]);
    assert!(zero.contains("Counted 0 x TEA-001 (total 8)"), "{zero}");
}
