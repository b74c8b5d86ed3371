//! Model-based test of the stock engine against the contract, ../shared/design/stock-model.md.
//!
//! proptest generates random sequences of commands with random, often invalid,
//! arguments. Each runs against the real engine (`LocalInventory` on a temp redb file)
//! and against the tiny reference model below, which is written from the contract's
//! table of movements and refusals, not from the engine's code. After every step the
//! answers, the levels and the invariants must agree; a refused command must leave the
//! database as it was; at the end the file is reopened and `check` must find nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;
use stockroom::domain::{
    AdjustTo, ChannelKind, DefectReason, Delivery, DeliveryMethod, Destination,
};
use stockroom::inventory::{
    Applied, Command, Inventory, InventoryExt, LocalInventory, Outcome, SkuSpec, StockStatus,
};

const MAX_QTY: u64 = 1_000_000_000;
/// The fixed "now" of every command (2023-11-14T22:13:20Z).
const NOW: i64 = 1_700_000_000_000;
const OWNER: &str = "owner";

/// Where the contract and the engine disagree, the model follows the contract. Steps that
/// would only show an already reported engine bug are skipped here (counted, not run);
/// each such bug has its own `#[ignore]`d test below. Set to false to see them fail here.
const SKIP_KNOWN_BUGS: bool = false;

/// (code, name, barcodes)
const SKUS: [(&str, &str, [&str; 2]); 3] = [
    (
        "TSHIRT-RED-M",
        "Футболка красная, M",
        ["4600000000011", "2000000000015"],
    ),
    (
        "MUG-01",
        "Кружка «Утро»",
        ["4600000000028", "2000000000022"],
    ),
    (
        "CANDLE-L",
        "Свеча ароматическая",
        ["4600000000035", "2000000000039"],
    ),
];
/// The first one is the location a new database starts with.
const LOCS: [&str; 3] = ["Main warehouse", "Shop", "Garage shelf"];
const CHANNELS: [(&str, ChannelKind, u32); 2] = [
    ("Wildberries", ChannelKind::Marketplace, 1),
    ("Shop till", ChannelKind::Retail, 2),
];
const ORDER_REFS: [&str; 3] = ["WB-1001", "WB-1002", "TILL-7"];
const UNKNOWN_SKU: &str = "NO-SUCH-SKU";
const UNKNOWN_LOC: &str = "Attic";
const UNKNOWN_CHANNEL: &str = "Avito";
const GARBAGE_SCAN: &str = "0000000000000";

// ---- the generated commands ------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct SetupCfg {
    n_skus: usize,
    n_locs: usize,
    default_loc: usize,
}

#[derive(Debug, Clone, Copy)]
enum SkuRef {
    Known(usize),
    Unknown,
}

#[derive(Debug, Clone, Copy)]
enum LocRef {
    /// `at: None`; for a transfer the default location's name.
    Default,
    Known(usize),
    Unknown,
}

#[derive(Debug, Clone, Copy)]
enum ChanRef {
    Known(usize),
    Unknown,
}

/// A reservation id: one of the open ones, any one, or an id never handed out.
#[derive(Debug, Clone, Copy)]
enum ResRef {
    Open(usize),
    Any(usize),
    Unknown,
}

/// A quantity; some are relative to what the model says is available.
#[derive(Debug, Clone, Copy)]
enum Q {
    N(u64),
    Zero,
    Max,
    TooBig,
    Avail,
    AvailPlus1,
}

#[derive(Debug, Clone, Copy)]
enum ShipQty {
    /// `qty: None`: all that remains.
    Full,
    Partial,
    Exact,
    OneMore,
    Raw(u64),
    Zero,
}

#[derive(Debug, Clone, Copy)]
enum Reason {
    Good,
    Empty,
    Control,
}

#[derive(Debug, Clone, Copy)]
enum SetN {
    N(u64),
    /// One below what is reserved there: a shortage.
    BelowReserved,
    TooBig,
}

#[derive(Debug, Clone, Copy)]
enum ByD {
    D(i64),
    /// One more than on hand taken away.
    BelowZero,
    TooBig,
    NegTooBig,
}

#[derive(Debug, Clone, Copy)]
enum Scan {
    Right(usize),
    OtherSku,
    Garbage,
}

#[derive(Debug, Clone)]
enum Op {
    Receive {
        sku: SkuRef,
        at: LocRef,
        qty: Q,
    },
    Reserve {
        sku: SkuRef,
        chan: ChanRef,
        at: LocRef,
        qty: Q,
        order: Option<usize>,
        delivery: usize,
    },
    Release {
        res: ResRef,
        reason: bool,
    },
    Ship {
        res: ResRef,
        qty: ShipQty,
        tracking: Option<bool>,
    },
    Sell {
        sku: SkuRef,
        chan: ChanRef,
        at: LocRef,
        qty: Q,
    },
    Return {
        sku: SkuRef,
        chan: ChanRef,
        at: LocRef,
        qty: Q,
        defect: Option<DefectReason>,
    },
    Defect {
        sku: SkuRef,
        at: LocRef,
        qty: Q,
        reason: DefectReason,
    },
    Writeoff {
        sku: SkuRef,
        at: LocRef,
        qty: Q,
        defective: bool,
        reason: Reason,
    },
    Transfer {
        sku: SkuRef,
        from: LocRef,
        to: LocRef,
        qty: Q,
    },
    AdjustSet {
        sku: SkuRef,
        at: LocRef,
        n: SetN,
        reason: Reason,
    },
    AdjustBy {
        sku: SkuRef,
        at: LocRef,
        d: ByD,
        reason: Reason,
    },
    Pick {
        res: ResRef,
        scan: Scan,
    },
}

fn sku_ref() -> impl Strategy<Value = SkuRef> {
    // The first SKU more often, so that stock piles up where commands look for it.
    prop_oneof![
        10 => Just(SkuRef::Known(0)),
        6 => Just(SkuRef::Known(1)),
        4 => Just(SkuRef::Known(2)),
        1 => Just(SkuRef::Unknown),
    ]
}

fn loc_ref() -> impl Strategy<Value = LocRef> {
    prop_oneof![
        6 => Just(LocRef::Default),
        6 => (0..3usize).prop_map(LocRef::Known),
        1 => Just(LocRef::Unknown),
    ]
}

fn chan_ref() -> impl Strategy<Value = ChanRef> {
    prop_oneof![15 => (0..2usize).prop_map(ChanRef::Known), 1 => Just(ChanRef::Unknown)]
}

fn res_ref() -> impl Strategy<Value = ResRef> {
    prop_oneof![
        6 => (0..8usize).prop_map(ResRef::Open),
        3 => (0..8usize).prop_map(ResRef::Any),
        1 => Just(ResRef::Unknown),
    ]
}

fn qty() -> impl Strategy<Value = Q> {
    prop_oneof![
        16 => (1..=5u64).prop_map(Q::N),
        4 => (6..=40u64).prop_map(Q::N),
        1 => Just(Q::Zero),
        1 => Just(Q::TooBig),
        1 => Just(Q::Max),
        6 => Just(Q::Avail),
        5 => Just(Q::AvailPlus1),
    ]
}

fn reason() -> impl Strategy<Value = Reason> {
    prop_oneof![15 => Just(Reason::Good), 1 => Just(Reason::Empty), 1 => Just(Reason::Control)]
}

/// Receipts are larger, so that there is stock to reserve, sell and move.
fn receive_qty() -> impl Strategy<Value = Q> {
    prop_oneof![20 => (1..=30u64).prop_map(Q::N), 1 => Just(Q::Zero), 1 => Just(Q::TooBig), 1 => Just(Q::Max)]
}

fn defect_reason() -> impl Strategy<Value = DefectReason> {
    (0..4usize).prop_map(|i| DefectReason::ALL[i])
}

fn op() -> impl Strategy<Value = Op> {
    let ship_qty = prop_oneof![
        3 => Just(ShipQty::Full),
        2 => Just(ShipQty::Partial),
        2 => Just(ShipQty::Exact),
        2 => Just(ShipQty::OneMore),
        1 => (1..=10u64).prop_map(ShipQty::Raw),
        1 => Just(ShipQty::Zero),
    ];
    let set_n = prop_oneof![
        6 => (0..=30u64).prop_map(SetN::N),
        2 => Just(SetN::BelowReserved),
        1 => Just(SetN::TooBig),
    ];
    let by_d = prop_oneof![
        6 => (-30..=30i64).prop_map(ByD::D),
        2 => Just(ByD::BelowZero),
        1 => Just(ByD::TooBig),
        1 => Just(ByD::NegTooBig),
    ];
    let scan = prop_oneof![
        6 => (0..2usize).prop_map(Scan::Right),
        2 => Just(Scan::OtherSku),
        1 => Just(Scan::Garbage),
    ];
    prop_oneof![
        8 => (sku_ref(), loc_ref(), receive_qty()).prop_map(|(sku, at, qty)| Op::Receive { sku, at, qty }),
        8 => (sku_ref(), chan_ref(), loc_ref(), qty(), proptest::option::weighted(0.5, 0..3usize), 0..4usize)
            .prop_map(|(sku, chan, at, qty, order, delivery)| Op::Reserve { sku, chan, at, qty, order, delivery }),
        2 => (res_ref(), any::<bool>()).prop_map(|(res, reason)| Op::Release { res, reason }),
        6 => (res_ref(), ship_qty, proptest::option::weighted(0.3, proptest::bool::weighted(0.8)))
            .prop_map(|(res, qty, tracking)| Op::Ship { res, qty, tracking }),
        4 => (sku_ref(), chan_ref(), loc_ref(), qty()).prop_map(|(sku, chan, at, qty)| Op::Sell { sku, chan, at, qty }),
        2 => (sku_ref(), chan_ref(), loc_ref(), qty(), proptest::option::of(defect_reason()))
            .prop_map(|(sku, chan, at, qty, defect)| Op::Return { sku, chan, at, qty, defect }),
        2 => (sku_ref(), loc_ref(), qty(), defect_reason())
            .prop_map(|(sku, at, qty, reason)| Op::Defect { sku, at, qty, reason }),
        3 => (sku_ref(), loc_ref(), qty(), any::<bool>(), reason())
            .prop_map(|(sku, at, qty, defective, reason)| Op::Writeoff { sku, at, qty, defective, reason }),
        4 => (sku_ref(), loc_ref(), loc_ref(), qty()).prop_map(|(sku, from, to, qty)| Op::Transfer { sku, from, to, qty }),
        2 => (sku_ref(), loc_ref(), set_n, reason()).prop_map(|(sku, at, n, reason)| Op::AdjustSet { sku, at, n, reason }),
        2 => (sku_ref(), loc_ref(), by_d, reason()).prop_map(|(sku, at, d, reason)| Op::AdjustBy { sku, at, d, reason }),
        3 => (res_ref(), scan).prop_map(|(res, scan)| Op::Pick { res, scan }),
    ]
}

/// A few valid receipts first, then anything.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    let first = (0..3usize, 0..3usize, 5..=30u64).prop_map(|(s, l, n)| Op::Receive {
        sku: SkuRef::Known(s),
        at: if l == 0 {
            LocRef::Default
        } else {
            LocRef::Known(l)
        },
        qty: Q::N(n),
    });
    (
        proptest::collection::vec(first, 0..5),
        proptest::collection::vec(op(), 1..60),
    )
        .prop_map(|(mut a, b)| {
            a.extend(b);
            a
        })
}

fn setup_cfg() -> impl Strategy<Value = SetupCfg> {
    (2..=3usize, 2..=3usize, 0..3usize).prop_map(|(n_skus, n_locs, d)| SetupCfg {
        n_skus,
        n_locs,
        default_loc: d % n_locs,
    })
}

// ---- the reference model ---------------------------------------------------------------

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Lv {
    on_hand: i64,
    reserved: i64,
    defective: i64,
}

impl Lv {
    fn available(&self) -> i64 {
        self.on_hand - self.reserved
    }
    fn is_zero(&self) -> bool {
        *self == Lv::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Open,
    Picked,
    Shipped,
    Cancelled,
}

impl St {
    fn is_open(self) -> bool {
        matches!(self, St::Open | St::Picked)
    }
    fn as_str(self) -> &'static str {
        match self {
            St::Open => "open",
            St::Picked => "picked",
            St::Shipped => "shipped",
            St::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone)]
struct Res {
    /// 0 until the engine has told us the id it gave.
    id: u64,
    sku: usize,
    loc: usize,
    chan: usize,
    /// Empty until the engine has told us the reference it made up.
    order: String,
    qty: u64,
    remaining: u64,
    picked: u64,
    status: St,
}

#[derive(Debug, Clone)]
struct Model {
    cfg: SetupCfg,
    levels: HashMap<(usize, usize), Lv>,
    res: Vec<Res>,
    movements: u64,
    /// The newest movement, as the ledger should show it.
    last: Option<Mv>,
}

/// A ledger entry as the model expects it.
#[derive(Debug, Clone)]
struct Mv {
    sku: usize,
    loc: usize,
    to: Option<usize>,
    /// As `MovementView::kind` spells it.
    kind: String,
    qty: u64,
}

/// What the model expects of one command.
#[derive(Debug)]
enum Expect {
    /// Committed; the model afterwards.
    Ok { next: Box<Model>, noop_adjust: bool },
    /// Refused or rejected, with the exit codes the contract allows (1 refused, 2 input).
    Err(BTreeSet<i32>),
}

/// Problems found with a command, as exit-code classes.
#[derive(Default)]
struct Problems(BTreeSet<i32>);

impl Problems {
    fn input(&mut self) {
        self.0.insert(2);
    }
    fn refuse(&mut self) {
        self.0.insert(1);
    }
    fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

struct Plan {
    cmd: Command,
    expect: Expect,
    /// The contract refuses this, the engine is known to accept it.
    known_bug: Option<&'static str>,
}

fn qty_ok(q: u64) -> bool {
    (1..=MAX_QTY).contains(&q)
}

fn resolve_q(q: Q, avail: i64) -> u64 {
    match q {
        Q::N(n) => n,
        Q::Zero => 0,
        Q::Max => MAX_QTY,
        Q::TooBig => MAX_QTY + 1,
        Q::Avail => avail.max(1) as u64,
        Q::AvailPlus1 => avail.max(0) as u64 + 1,
    }
}

fn reason_text(r: Reason) -> String {
    match r {
        Reason::Good => "пересчёт / recount".to_string(),
        Reason::Empty => "  ".to_string(),
        Reason::Control => "bad\u{7}reason".to_string(),
    }
}

fn delivery(i: usize) -> Delivery {
    match i {
        0 => Delivery::default(),
        1 => Delivery {
            method: Some(DeliveryMethod::Cdek),
            destination: Some(Destination::PickupPoint),
            address: None,
        },
        2 => Delivery {
            method: Some(DeliveryMethod::Courier),
            destination: Some(Destination::Door),
            address: Some("Москва, ул. Ленина, 1".to_string()),
        },
        _ => Delivery {
            method: Some(DeliveryMethod::Pickup),
            destination: None,
            address: None,
        },
    }
}

impl Model {
    fn new(cfg: SetupCfg) -> Model {
        Model {
            cfg,
            levels: HashMap::new(),
            res: Vec::new(),
            movements: 0,
            last: None,
        }
    }

    /// One movement appended to the ledger.
    fn moved(&mut self, sku: usize, loc: usize, to: Option<usize>, kind: String, qty: u64) {
        self.movements += 1;
        self.last = Some(Mv {
            sku,
            loc,
            to,
            kind,
            qty,
        });
    }

    fn lv(&self, s: usize, l: usize) -> Lv {
        self.levels.get(&(s, l)).copied().unwrap_or_default()
    }

    fn lv_mut(&mut self, s: usize, l: usize) -> &mut Lv {
        self.levels.entry((s, l)).or_default()
    }

    fn total(&self, s: usize) -> Lv {
        (0..self.cfg.n_locs)
            .map(|l| self.lv(s, l))
            .fold(Lv::default(), |a, b| Lv {
                on_hand: a.on_hand + b.on_hand,
                reserved: a.reserved + b.reserved,
                defective: a.defective + b.defective,
            })
    }

    fn sku(&self, r: SkuRef) -> (String, Option<usize>) {
        match r {
            SkuRef::Known(i) => {
                let i = i % self.cfg.n_skus;
                (SKUS[i].0.to_string(), Some(i))
            }
            SkuRef::Unknown => (UNKNOWN_SKU.to_string(), None),
        }
    }

    /// `at`: (text given, location meant). `None` text means the default.
    fn at(&self, r: LocRef) -> (Option<String>, Option<usize>) {
        match r {
            LocRef::Default => (None, Some(self.cfg.default_loc)),
            LocRef::Known(i) => {
                let i = i % self.cfg.n_locs;
                (Some(LOCS[i].to_string()), Some(i))
            }
            LocRef::Unknown => (Some(UNKNOWN_LOC.to_string()), None),
        }
    }

    fn named_loc(&self, r: LocRef) -> (String, Option<usize>) {
        let (text, l) = self.at(r);
        (
            text.unwrap_or_else(|| LOCS[self.cfg.default_loc].to_string()),
            l,
        )
    }

    fn chan(&self, r: ChanRef) -> (String, Option<usize>) {
        match r {
            ChanRef::Known(i) => {
                let i = i % CHANNELS.len();
                (CHANNELS[i].0.to_string(), Some(i))
            }
            ChanRef::Unknown => (UNKNOWN_CHANNEL.to_string(), None),
        }
    }

    /// A reservation id and its index in `res` (None: unknown to the engine).
    fn reservation(&self, r: ResRef) -> (u64, Option<usize>) {
        let unknown = self.res.iter().map(|x| x.id).max().unwrap_or(0) + 7;
        let open: Vec<usize> = (0..self.res.len())
            .filter(|&i| self.res[i].status.is_open())
            .collect();
        match r {
            ResRef::Open(i) if !open.is_empty() => {
                let k = open[i % open.len()];
                (self.res[k].id, Some(k))
            }
            ResRef::Open(i) | ResRef::Any(i) if !self.res.is_empty() => {
                let k = i % self.res.len();
                (self.res[k].id, Some(k))
            }
            _ => (unknown, None),
        }
    }

    fn avail_at(&self, s: Option<usize>, l: Option<usize>) -> i64 {
        match (s, l) {
            (Some(s), Some(l)) => self.lv(s, l).available(),
            _ => 0,
        }
    }

    /// Default location first, then the others in the order they were made.
    fn location_order(&self) -> Vec<usize> {
        let d = self.cfg.default_loc;
        std::iter::once(d)
            .chain((0..self.cfg.n_locs).filter(|&l| l != d))
            .collect()
    }

    fn finish(&self, p: Problems, next: Model, noop_adjust: bool) -> Expect {
        if p.any() {
            Expect::Err(p.0)
        } else {
            Expect::Ok {
                next: Box::new(next),
                noop_adjust,
            }
        }
    }

    /// Turns a generated op into a concrete command and what the contract expects of it.
    fn plan(&self, op: &Op) -> Plan {
        let mut next = self.clone();
        let mut p = Problems::default();
        let mut known_bug = None;
        let mut noop_adjust = false;
        let cmd = match *op {
            Op::Receive { sku, at, qty } => {
                let (code, s) = self.sku(sku);
                let (at_text, l) = self.at(at);
                let q = resolve_q(qty, self.avail_at(s, l));
                if s.is_none() || l.is_none() || !qty_ok(q) {
                    p.input();
                }
                if let (Some(s), Some(l)) = (s, l) {
                    // receive: on_hand += q, never refused.
                    next.lv_mut(s, l).on_hand += q as i64;
                    next.moved(s, l, None, "receive".into(), q);
                }
                Command::Receive {
                    sku: code,
                    qty: q,
                    at: at_text,
                    reference: Some("PO-17".into()),
                }
            }
            Op::Reserve {
                sku,
                chan,
                at,
                qty,
                order,
                delivery: dl,
            } => {
                let (code, s) = self.sku(sku);
                let (ch_name, c) = self.chan(chan);
                let (at_text, l) = self.at(at);
                let named = !matches!(at, LocRef::Default);
                let avail = match (s, named) {
                    (Some(s), false) => (0..self.cfg.n_locs)
                        .map(|l| self.lv(s, l).available())
                        .max()
                        .unwrap_or(0),
                    _ => self.avail_at(s, l),
                };
                let q = resolve_q(qty, avail);
                if s.is_none() || c.is_none() || l.is_none() || !qty_ok(q) {
                    p.input();
                }
                let order_ref = order.map(|i| ORDER_REFS[i].to_string());
                if let (Some(s), Some(c), Some(o)) = (s, c, &order_ref) {
                    // The same (channel, order, SKU) twice changes nothing.
                    if self
                        .res
                        .iter()
                        .any(|r| r.chan == c && r.sku == s && &r.order == o)
                    {
                        p.refuse();
                    }
                }
                if let (Some(s), Some(c), Some(l)) = (s, c, l) {
                    // Location: the one named, else the channel's first source location
                    // (all locations, the default first) with enough available, else refused.
                    let chosen = if named {
                        (self.lv(s, l).available() >= q as i64).then_some(l)
                    } else {
                        self.location_order()
                            .into_iter()
                            .find(|&x| self.lv(s, x).available() >= q as i64)
                    };
                    match chosen {
                        None => p.refuse(),
                        Some(l) => {
                            next.lv_mut(s, l).reserved += q as i64;
                            next.moved(s, l, None, "reserve".into(), q);
                            next.res.push(Res {
                                id: 0,
                                sku: s,
                                loc: l,
                                chan: c,
                                order: order_ref.clone().unwrap_or_default(),
                                qty: q,
                                remaining: q,
                                picked: 0,
                                status: St::Open,
                            });
                        }
                    }
                    // A SKU in shortage (its available < 0) can have nothing new reserved
                    // until receiving or releasing fixes it.
                    if self.total(s).available() < 0 {
                        if !p.any() {
                            known_bug = Some("reserve while the SKU is in shortage");
                        }
                        p.refuse();
                    }
                }
                Command::Reserve {
                    sku: code,
                    qty: q,
                    channel: ch_name,
                    order: order_ref,
                    at: at_text,
                    delivery: delivery(dl),
                }
            }
            Op::Release { res, reason } => {
                let (id, k) = self.reservation(res);
                match k {
                    None => p.input(),
                    Some(k) if !self.res[k].status.is_open() => p.refuse(),
                    Some(k) => {
                        // release: reserved -= remaining; reservation cancelled.
                        let r = self.res[k].clone();
                        next.lv_mut(r.sku, r.loc).reserved -= r.remaining as i64;
                        next.moved(r.sku, r.loc, None, "release".into(), r.remaining);
                        let nr = &mut next.res[k];
                        nr.remaining = 0;
                        nr.status = St::Cancelled;
                    }
                }
                Command::Release {
                    id,
                    reason: reason.then(|| "покупатель отказался".to_string()),
                }
            }
            Op::Ship { res, qty, tracking } => {
                let (id, k) = self.reservation(res);
                let remaining = k.map(|k| self.res[k].remaining).unwrap_or(3);
                let q = match qty {
                    ShipQty::Full | ShipQty::Exact => remaining,
                    ShipQty::Partial => (remaining / 2).max(1),
                    ShipQty::OneMore => remaining + 1,
                    ShipQty::Raw(n) => n,
                    ShipQty::Zero => 0,
                };
                let tracking = tracking.map(|good| {
                    if good {
                        "CDEK-1234567890".to_string()
                    } else {
                        " ".to_string()
                    }
                });
                if tracking.as_deref() == Some(" ") {
                    p.input();
                }
                match k {
                    None => p.input(),
                    Some(k) if !self.res[k].status.is_open() => p.refuse(),
                    Some(k) => {
                        let r = self.res[k].clone();
                        if !qty_ok(q) {
                            p.input();
                        }
                        if q > r.remaining {
                            p.refuse();
                        }
                        // on_hand may not go below zero (a shortage may have taken the units).
                        if self.lv(r.sku, r.loc).on_hand < q as i64 {
                            p.refuse();
                        }
                        let lv = next.lv_mut(r.sku, r.loc);
                        lv.on_hand -= q as i64;
                        lv.reserved -= q as i64;
                        next.moved(r.sku, r.loc, None, "ship".into(), q);
                        let nr = &mut next.res[k];
                        nr.remaining = nr.remaining.saturating_sub(q);
                        nr.picked = nr.picked.saturating_sub(q);
                        nr.status = if nr.remaining == 0 {
                            St::Shipped
                        } else if nr.picked >= nr.remaining {
                            St::Picked
                        } else {
                            St::Open
                        };
                    }
                }
                let qty = if matches!(qty, ShipQty::Full) {
                    None
                } else {
                    Some(q)
                };
                Command::Ship { id, qty, tracking }
            }
            Op::Sell { sku, chan, at, qty } => {
                let (code, s) = self.sku(sku);
                let (ch_name, c) = self.chan(chan);
                let (at_text, l) = self.at(at);
                let q = resolve_q(qty, self.avail_at(s, l));
                if s.is_none() || c.is_none() || l.is_none() || !qty_ok(q) {
                    p.input();
                }
                if let (Some(s), Some(l)) = (s, l) {
                    if self.lv(s, l).available() < q as i64 {
                        p.refuse();
                    }
                    next.lv_mut(s, l).on_hand -= q as i64;
                    next.moved(s, l, None, "sell".into(), q);
                }
                Command::Sell {
                    sku: code,
                    qty: q,
                    channel: ch_name,
                    at: at_text,
                }
            }
            Op::Return {
                sku,
                chan,
                at,
                qty,
                defect,
            } => {
                let (code, s) = self.sku(sku);
                let (ch_name, c) = self.chan(chan);
                let (at_text, l) = self.at(at);
                let q = resolve_q(qty, self.avail_at(s, l));
                if s.is_none() || c.is_none() || l.is_none() || !qty_ok(q) {
                    p.input();
                }
                if let (Some(s), Some(l)) = (s, l) {
                    let lv = next.lv_mut(s, l);
                    match defect {
                        Some(_) => lv.defective += q as i64,
                        None => lv.on_hand += q as i64,
                    }
                    next.moved(
                        s,
                        l,
                        None,
                        match defect {
                            Some(d) => format!("return_defect:{}", d.as_str()),
                            None => "return_restock".into(),
                        },
                        q,
                    );
                }
                Command::Return {
                    sku: code,
                    qty: q,
                    channel: ch_name,
                    defect,
                    at: at_text,
                    order: Some("WB-555".into()),
                    note: defect.map(|_| "коробка помята".to_string()),
                }
            }
            Op::Defect {
                sku,
                at,
                qty,
                reason,
            } => {
                let (code, s) = self.sku(sku);
                let (at_text, l) = self.at(at);
                let q = resolve_q(qty, self.avail_at(s, l));
                if s.is_none() || l.is_none() || !qty_ok(q) {
                    p.input();
                }
                if let (Some(s), Some(l)) = (s, l) {
                    if self.lv(s, l).available() < q as i64 {
                        p.refuse();
                    }
                    let lv = next.lv_mut(s, l);
                    lv.on_hand -= q as i64;
                    lv.defective += q as i64;
                    next.moved(s, l, None, format!("defect:{}", reason.as_str()), q);
                }
                Command::Defect {
                    sku: code,
                    qty: q,
                    reason,
                    at: at_text,
                    note: None,
                }
            }
            Op::Writeoff {
                sku,
                at,
                qty,
                defective,
                reason,
            } => {
                let (code, s) = self.sku(sku);
                let (at_text, l) = self.at(at);
                let base = match (s, l) {
                    (Some(s), Some(l)) if defective => self.lv(s, l).defective,
                    _ => self.avail_at(s, l),
                };
                let q = resolve_q(qty, base);
                if s.is_none() || l.is_none() || !qty_ok(q) || !matches!(reason, Reason::Good) {
                    p.input();
                }
                if let (Some(s), Some(l)) = (s, l) {
                    let lv = self.lv(s, l);
                    let short = if defective {
                        lv.defective < q as i64
                    } else {
                        lv.available() < q as i64
                    };
                    if short {
                        p.refuse();
                    }
                    let nl = next.lv_mut(s, l);
                    if defective {
                        nl.defective -= q as i64;
                    } else {
                        nl.on_hand -= q as i64;
                    }
                    next.moved(
                        s,
                        l,
                        None,
                        if defective {
                            "writeoff_defective"
                        } else {
                            "writeoff"
                        }
                        .into(),
                        q,
                    );
                }
                Command::Writeoff {
                    sku: code,
                    qty: q,
                    reason: reason_text(reason),
                    defective,
                    at: at_text,
                }
            }
            Op::Transfer { sku, from, to, qty } => {
                let (code, s) = self.sku(sku);
                let (from_name, a) = self.named_loc(from);
                let (to_name, b) = self.named_loc(to);
                let q = resolve_q(qty, self.avail_at(s, a));
                if s.is_none() || a.is_none() || b.is_none() || !qty_ok(q) {
                    p.input();
                }
                if a.is_some() && a == b {
                    // Not in the contract's table: a refusal or a usage error, both fine.
                    p.refuse();
                    p.input();
                }
                if let (Some(s), Some(a), Some(b)) = (s, a, b) {
                    if self.lv(s, a).available() < q as i64 {
                        p.refuse();
                    }
                    next.lv_mut(s, a).on_hand -= q as i64;
                    next.lv_mut(s, b).on_hand += q as i64;
                    next.moved(s, a, Some(b), "transfer".into(), q);
                }
                Command::Transfer {
                    sku: code,
                    qty: q,
                    from: from_name,
                    to: to_name,
                }
            }
            Op::AdjustSet { sku, at, n, reason } => {
                let (code, s) = self.sku(sku);
                let (at_text, l) = self.at(at);
                let n = match (n, s, l) {
                    (SetN::N(n), _, _) => n,
                    (SetN::BelowReserved, Some(s), Some(l)) => {
                        (self.lv(s, l).reserved - 1).max(0) as u64
                    }
                    (SetN::BelowReserved, _, _) => 0,
                    (SetN::TooBig, _, _) => MAX_QTY + 1,
                };
                if s.is_none() || l.is_none() || n > MAX_QTY || !matches!(reason, Reason::Good) {
                    p.input();
                }
                if let (Some(s), Some(l)) = (s, l) {
                    noop_adjust = self.lv(s, l).on_hand == n as i64;
                    next.lv_mut(s, l).on_hand = n as i64;
                    next.moved(
                        s,
                        l,
                        None,
                        "adjust".into(),
                        (n as i64 - self.lv(s, l).on_hand).unsigned_abs(),
                    );
                }
                Command::Adjust {
                    sku: code,
                    how: AdjustTo::Set(n),
                    reason: reason_text(reason),
                    at: at_text,
                    reference: None,
                }
            }
            Op::AdjustBy { sku, at, d, reason } => {
                let (code, s) = self.sku(sku);
                let (at_text, l) = self.at(at);
                let on_hand = match (s, l) {
                    (Some(s), Some(l)) => self.lv(s, l).on_hand,
                    _ => 0,
                };
                let d = match d {
                    ByD::D(d) => d,
                    ByD::BelowZero => -(on_hand + 1),
                    ByD::TooBig => MAX_QTY as i64 + 1,
                    ByD::NegTooBig => -(MAX_QTY as i64 + 1),
                };
                if s.is_none()
                    || l.is_none()
                    || !qty_ok(d.unsigned_abs())
                    || !matches!(reason, Reason::Good)
                {
                    p.input();
                }
                if let (Some(s), Some(l)) = (s, l) {
                    // adjust: refused when the result < 0 (a shortage is allowed).
                    if on_hand + d < 0 {
                        p.refuse();
                    }
                    next.lv_mut(s, l).on_hand += d;
                    next.moved(s, l, None, "adjust".into(), d.unsigned_abs());
                }
                Command::Adjust {
                    sku: code,
                    how: AdjustTo::By(d),
                    reason: reason_text(reason),
                    at: at_text,
                    reference: Some("COUNT-3".into()),
                }
            }
            Op::Pick { res, scan } => {
                let (id, k) = self.reservation(res);
                let sku_of = k.map(|k| self.res[k].sku).unwrap_or(0);
                let (barcode, right) = match scan {
                    Scan::Right(i) => (SKUS[sku_of].2[i % 2].to_string(), true),
                    Scan::OtherSku => {
                        (SKUS[(sku_of + 1) % self.cfg.n_skus].2[0].to_string(), false)
                    }
                    Scan::Garbage => (GARBAGE_SCAN.to_string(), false),
                };
                match k {
                    None => p.input(),
                    Some(k) if !self.res[k].status.is_open() => p.refuse(),
                    Some(k) => {
                        let r = &self.res[k];
                        if !right || r.picked >= r.remaining {
                            p.refuse();
                        }
                        let nr = &mut next.res[k];
                        nr.picked += 1;
                        if nr.picked >= nr.remaining {
                            nr.status = St::Picked;
                        }
                    }
                }
                Command::Pick { id, barcode }
            }
        };
        Plan {
            cmd,
            expect: self.finish(p, next, noop_adjust),
            known_bug,
        }
    }
}

// ---- running and comparing -----------------------------------------------------------

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

fn setup(path: &Path, cfg: SetupCfg) -> LocalInventory {
    let (inv, created) = LocalInventory::open_or_init(path, OWNER).expect("create database");
    assert!(created, "a new database");
    let inv = inv.with_clock(Arc::new(|| NOW));
    let ok = |cmd: Command| {
        inv.execute(cmd.clone())
            .unwrap_or_else(|e| panic!("setup {cmd:?}: {e:?}"));
    };
    for (i, name) in LOCS.iter().enumerate().take(cfg.n_locs).skip(1) {
        ok(Command::AddLocation {
            name: name.to_string(),
            default: i == cfg.default_loc,
        });
    }
    for (name, kind, priority) in CHANNELS {
        ok(Command::AddChannel {
            name: name.to_string(),
            kind,
            priority,
        });
    }
    for (code, name, barcodes) in SKUS.iter().take(cfg.n_skus) {
        ok(Command::AddSku(SkuSpec {
            code: code.to_string(),
            name: Some(name.to_string()),
            barcodes: barcodes.iter().map(|b| b.to_string()).collect(),
            ..SkuSpec::default()
        }));
    }
    inv
}

/// Everything a refused command must not change.
fn digest(inv: &LocalInventory) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        inv.catalog().expect("catalog"),
        inv.stock().expect("stock"),
        inv.reservations(None, true).expect("reservations"),
        inv.stats().expect("stats"),
        inv.ledger().expect("ledger"),
    )
}

/// Levels, reservations and counts as the engine reports them must be the model's.
fn compare(inv: &LocalInventory, m: &Model) -> Result<(), String> {
    for (s, (code, ..)) in SKUS.iter().enumerate().take(m.cfg.n_skus) {
        let d = inv
            .sku_detail(code, 0)
            .map_err(|e| format!("sku_detail {code}: {e:?}"))?;
        let mut got = BTreeMap::new();
        for l in &d.locations {
            ensure!(
                l.available == l.on_hand as i64 - l.reserved as i64,
                "{code} at {}: available {} != on_hand {} - reserved {}",
                l.location,
                l.available,
                l.on_hand,
                l.reserved
            );
            if (l.on_hand, l.reserved, l.defective) != (0, 0, 0) {
                ensure!(
                    got.insert(l.location.clone(), (l.on_hand, l.reserved, l.defective))
                        .is_none(),
                    "{code}: location {} twice",
                    l.location
                );
            }
        }
        let mut want = BTreeMap::new();
        for (l, loc_name) in LOCS.iter().enumerate().take(m.cfg.n_locs) {
            let lv = m.lv(s, l);
            ensure!(
                lv.on_hand >= 0 && lv.reserved >= 0 && lv.defective >= 0,
                "model below zero: {code} at {}: {lv:?}",
                loc_name
            );
            let held: u64 = m
                .res
                .iter()
                .filter(|r| r.sku == s && r.loc == l && r.status.is_open())
                .map(|r| r.remaining)
                .sum();
            ensure!(
                lv.reserved == held as i64,
                "model: {code} at {} reserved {} but open reservations hold {held}",
                loc_name,
                lv.reserved
            );
            if !lv.is_zero() {
                want.insert(
                    loc_name.to_string(),
                    (lv.on_hand as u64, lv.reserved as u64, lv.defective as u64),
                );
            }
        }
        ensure!(
            got == want,
            "{code} levels (on_hand, reserved, defective): engine {got:?}, model {want:?}"
        );
        let t = m.total(s);
        ensure!(
            (
                d.on_hand as i64,
                d.reserved as i64,
                d.defective as i64,
                d.available
            ) == (t.on_hand, t.reserved, t.defective, t.available()),
            "{code} totals: engine {}/{}/{} available {}, model {t:?}",
            d.on_hand,
            d.reserved,
            d.defective,
            d.available
        );
        ensure!(
            (d.status == StockStatus::Shortage) == (t.available() < 0),
            "{code}: status {:?} with available {}",
            d.status,
            t.available()
        );
    }

    let views = inv
        .reservations(None, true)
        .map_err(|e| format!("reservations: {e:?}"))?;
    ensure!(
        views.len() == m.res.len(),
        "{} reservations, model has {}",
        views.len(),
        m.res.len()
    );
    let by_id: HashMap<u64, _> = views.iter().map(|v| (v.reservation, v)).collect();
    for r in &m.res {
        let v = by_id
            .get(&r.id)
            .ok_or_else(|| format!("reservation {} missing", r.id))?;
        let want = (
            SKUS[r.sku].0,
            LOCS[r.loc],
            CHANNELS[r.chan].0,
            r.order.as_str(),
            r.qty,
            r.remaining,
            r.status.as_str(),
        );
        let got = (
            v.code.as_str(),
            v.location.as_str(),
            v.channel.as_str(),
            v.order.as_str(),
            v.qty,
            v.remaining,
            v.status.as_str(),
        );
        ensure!(
            got == want,
            "reservation {}: engine {got:?}, model {want:?}",
            r.id
        );
        if r.status.is_open() {
            ensure!(
                v.picked == r.picked,
                "reservation {}: picked {} but model {}",
                r.id,
                v.picked,
                r.picked
            );
        }
    }
    let open = inv
        .reservations(None, false)
        .map_err(|e| format!("open reservations: {e:?}"))?;
    let want_open: BTreeSet<u64> = m
        .res
        .iter()
        .filter(|r| r.status.is_open())
        .map(|r| r.id)
        .collect();
    let got_open: BTreeSet<u64> = open.iter().map(|v| v.reservation).collect();
    ensure!(
        got_open == want_open,
        "open reservations: engine {got_open:?}, model {want_open:?}"
    );

    let st = inv.stats().map_err(|e| format!("stats: {e:?}"))?;
    ensure!(
        st.ledger_entries == m.movements,
        "ledger has {} entries, model {}",
        st.ledger_entries,
        m.movements
    );
    ensure!(
        st.last_seq == m.movements,
        "last seq {} with {} movements",
        st.last_seq,
        m.movements
    );
    ensure!(
        st.open_reservations == want_open.len() as u64,
        "stats: {} open reservations, model {}",
        st.open_reservations,
        want_open.len()
    );
    Ok(())
}

/// What the command answered must fit the model's next state.
fn check_outcome(applied: &Applied, cmd: &Command, next: &mut Model) -> Result<(), String> {
    match (&applied.outcome, cmd) {
        (Outcome::Reserved(v), Command::Reserve { .. }) => {
            ensure!(
                !next.res.iter().any(|r| r.id == v.reservation),
                "reservation id {} handed out twice",
                v.reservation
            );
            let r = next.res.last_mut().expect("model opened a reservation");
            ensure!(
                v.location == LOCS[r.loc]
                    && v.qty == r.qty
                    && v.remaining == r.qty
                    && v.status == "open",
                "reserved {v:?}, model {r:?}"
            );
            ensure!(
                r.order.is_empty() || r.order == v.order,
                "order {} != {}",
                v.order,
                r.order
            );
            ensure!(
                !v.order.trim().is_empty(),
                "a reservation without an order reference"
            );
            r.id = v.reservation;
            r.order = v.order.clone();
        }
        (Outcome::Released(v), Command::Release { id, .. }) => {
            ensure!(
                v.reservation == *id && v.status == "cancelled" && v.remaining == 0,
                "released {v:?}"
            );
        }
        (Outcome::Picked(v), Command::Pick { id, .. }) => {
            ensure!(v.reservation == *id, "picked {v:?}");
        }
        (
            Outcome::Shipped {
                reservation, qty, ..
            },
            Command::Ship { id, qty: asked, .. },
        ) => {
            ensure!(reservation.reservation == *id, "shipped {reservation:?}");
            if let Some(a) = asked {
                ensure!(qty == a, "shipped {qty}, asked {a}");
            }
        }
        (Outcome::Moved { sku, totals, .. }, _) => {
            let s = SKUS
                .iter()
                .position(|x| x.0 == sku)
                .ok_or_else(|| format!("moved unknown SKU {sku}"))?;
            let t = next.total(s);
            ensure!(
                (
                    totals.on_hand as i64,
                    totals.reserved as i64,
                    totals.defective as i64,
                    totals.available
                ) == (t.on_hand, t.reserved, t.defective, t.available()),
                "moved totals {totals:?}, model {t:?}"
            );
        }
        (o, c) => return Err(format!("outcome {o:?} for {c:?}")),
    }
    Ok(())
}

/// The newest ledger entry must be the movement the model expects, with the levels after it.
fn check_last_movement(
    inv: &LocalInventory,
    cmd: &Command,
    before: &Model,
    next: &Model,
) -> Result<(), String> {
    let mv = next.last.as_ref().ok_or("the model wrote no movement")?;
    let newest = inv
        .history(None, 1)
        .map_err(|e| format!("history: {e:?}"))?;
    let v = newest.first().ok_or("the ledger is empty")?;
    let location = match mv.to {
        Some(b) => format!("{} -> {}", LOCS[mv.loc], LOCS[b]),
        None => LOCS[mv.loc].to_string(),
    };
    let after = next.lv(mv.sku, mv.loc);
    let change = after.on_hand - before.lv(mv.sku, mv.loc).on_hand;
    let want = (
        next.movements,
        SKUS[mv.sku].0,
        location.as_str(),
        mv.kind.as_str(),
        mv.qty,
        change,
        (
            after.on_hand as u64,
            after.reserved as u64,
            after.defective as u64,
        ),
        OWNER,
        "2023-11-14T22:13:20Z",
    );
    let got = (
        v.seq,
        v.code.as_str(),
        v.location.as_str(),
        v.kind.as_str(),
        v.qty,
        v.on_hand_change,
        (v.on_hand, v.reserved, v.defective),
        v.actor.as_str(),
        v.at.as_str(),
    );
    ensure!(
        got == want,
        "newest ledger entry: engine {got:?}, model {want:?}"
    );
    match cmd {
        Command::Reserve { channel, .. } => {
            let r = next.res.last().ok_or("no reservation")?;
            ensure!(
                v.reservation == Some(r.id) && v.reference.as_deref() == Some(r.order.as_str()),
                "reserve entry {v:?} for {r:?}"
            );
            ensure!(
                v.channel.as_deref() == Some(channel.as_str()),
                "reserve entry channel {:?}",
                v.channel
            );
        }
        Command::Release { id, .. } | Command::Ship { id, .. } => {
            ensure!(
                v.reservation == Some(*id),
                "entry {v:?} for reservation {id}"
            );
        }
        Command::Sell { channel, .. } | Command::Return { channel, .. } => {
            ensure!(
                v.channel.as_deref() == Some(channel.as_str()),
                "entry channel {:?}",
                v.channel
            );
        }
        Command::Writeoff { reason, .. } | Command::Adjust { reason, .. } => {
            ensure!(
                v.note.as_deref() == Some(reason.trim()),
                "entry note {:?}, reason {reason:?}",
                v.note
            );
        }
        _ => {}
    }
    Ok(())
}

/// Runs one generated case; `Err` describes the first disagreement.
fn run_case(cfg: SetupCfg, ops: &[Op]) -> Result<Tally, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("stock.redb");
    let inv = setup(&path, cfg);
    let mut model = Model::new(cfg);
    let mut tally = Tally::new();
    compare(&inv, &model)?;
    for (i, op) in ops.iter().enumerate() {
        let plan = model.plan(op);
        let counts = tally.entry(plan.cmd.name()).or_default();
        if plan.known_bug.is_some() && SKIP_KNOWN_BUGS {
            counts[3] += 1;
            continue;
        }
        let ctx = |what: String| {
            format!(
                "step {i}: {op:?}\ncommand {:?}\n{what}\nmodel before: {model:?}",
                plan.cmd
            )
        };
        let before = digest(&inv);
        let bytes_before = std::fs::read(&path).expect("read db file");
        let result = inv.execute(plan.cmd.clone());
        match (plan.expect, result) {
            (Expect::Err(classes), Err(e)) => {
                counts[if e.exit_code() == 1 { 1 } else { 2 }] += 1;
                ensure!(
                    classes.contains(&e.exit_code()),
                    "{}",
                    ctx(format!(
                        "error {e:?} (exit {}) but expected exit {classes:?}",
                        e.exit_code()
                    ))
                );
                ensure!(
                    digest(&inv) == before,
                    "{}",
                    ctx(format!("refused ({e:?}) but the state changed"))
                );
                ensure!(
                    std::fs::read(&path).expect("read db file") == bytes_before,
                    "{}",
                    ctx(format!("refused ({e:?}) but the file changed"))
                );
            }
            (Expect::Err(classes), Ok(a)) => {
                return Err(ctx(format!(
                    "engine accepted ({:?}) but the contract refuses (exit {classes:?})",
                    a.outcome
                )));
            }
            (Expect::Ok { .. }, Err(e)) => {
                return Err(ctx(format!(
                    "engine refused: {e:?} (exit {})",
                    e.exit_code()
                )));
            }
            (
                Expect::Ok {
                    mut next,
                    noop_adjust,
                },
                Ok(applied),
            ) => {
                counts[0] += 1;
                check_outcome(&applied, &plan.cmd, &mut next).map_err(ctx)?;
                if noop_adjust {
                    // An adjust to the same number may or may not write a movement.
                    let n = inv.stats().expect("stats").ledger_entries;
                    ensure!(
                        n == model.movements || n == model.movements + 1,
                        "{}",
                        ctx(format!("no-op adjust: ledger {n}"))
                    );
                    next.movements = n;
                }
                ensure!(
                    applied.seq == next.movements,
                    "{}",
                    ctx(format!("applied.seq {} != {}", applied.seq, next.movements))
                );
                if next.movements > model.movements {
                    check_last_movement(&inv, &plan.cmd, &model, &next).map_err(ctx)?;
                }
                // Only an adjust (a stocktake) may create or deepen a shortage.
                if !matches!(plan.cmd, Command::Adjust { .. }) {
                    for (&(s, l), after) in &next.levels {
                        let before = model.lv(s, l).available();
                        ensure!(
                            after.available() >= before.min(0),
                            "{}",
                            ctx(format!(
                                "{} at {}: available {before} -> {}",
                                SKUS[s].0,
                                LOCS[l],
                                after.available()
                            ))
                        );
                    }
                }
                model = *next;
            }
        }
        compare(&inv, &model)
            .map_err(|e| format!("after step {i}: {op:?}\ncommand {:?}\n{e}", plan.cmd))?;
    }
    drop(inv);
    let inv = LocalInventory::open(&path, OWNER).map_err(|e| format!("reopen: {e:?}"))?;
    compare(&inv, &model).map_err(|e| format!("after reopening: {e}"))?;
    let report = inv.check().map_err(|e| format!("check: {e:?}"))?;
    ensure!(report.ok(), "check found problems: {:?}", report.problems);
    ensure!(
        report.entries == model.movements,
        "check replayed {} entries, model {}",
        report.entries,
        model.movements
    );
    ensure!(
        report.reservations == model.res.len() as u64,
        "check saw {} reservations",
        report.reservations
    );
    Ok(tally)
}

/// Outcomes per command name: [committed, refused (exit 1), rejected (exit 2), skipped].
type Tally = BTreeMap<&'static str, [u64; 4]>;

#[test]
fn engine_agrees_with_the_stock_model() {
    use proptest::test_runner::TestRunner;
    // PROPTEST_CASES=5000 for a longer soak.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    let config = ProptestConfig {
        source_file: Some(file!()),
        ..ProptestConfig::with_cases(cases)
    };
    let mut runner = TestRunner::new(config);
    let tally = std::cell::RefCell::new(Tally::new());
    let strategy = (setup_cfg(), ops());
    let result = runner.run(&strategy, |(cfg, ops)| {
        let t = run_case(cfg, &ops).map_err(TestCaseError::fail)?;
        let mut all = tally.borrow_mut();
        for (k, v) in t {
            let e = all.entry(k).or_default();
            for i in 0..4 {
                e[i] += v[i];
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // STOCKROOM_MODEL_STATS=1 cargo test --test engine_model -- --nocapture
    if std::env::var_os("STOCKROOM_MODEL_STATS").is_some() {
        for (k, v) in tally.borrow().iter() {
            eprintln!(
                "{k:>10}: ok {:>5}  refused {:>5}  input {:>5}  skipped {:>3}",
                v[0], v[1], v[2], v[3]
            );
        }
    }
}

// ---- fixed walks -----------------------------------------------------------------------

fn cfg3() -> SetupCfg {
    SetupCfg {
        n_skus: 3,
        n_locs: 3,
        default_loc: 0,
    }
}

/// Every kind of command once or more, valid and invalid, through the same runner.
#[test]
fn walkthrough_of_every_command() {
    use LocRef::*;
    let s0 = SkuRef::Known(0);
    let wb = ChanRef::Known(0);
    let ops = vec![
        Op::Receive {
            sku: s0,
            at: Default,
            qty: Q::N(10),
        },
        Op::Receive {
            sku: s0,
            at: Known(1),
            qty: Q::N(4),
        },
        Op::Receive {
            sku: SkuRef::Unknown,
            at: Default,
            qty: Q::N(1),
        },
        Op::Receive {
            sku: s0,
            at: Unknown,
            qty: Q::N(1),
        },
        Op::Receive {
            sku: s0,
            at: Default,
            qty: Q::Zero,
        },
        Op::Reserve {
            sku: s0,
            chan: wb,
            at: Default,
            qty: Q::N(3),
            order: Some(0),
            delivery: 1,
        },
        Op::Reserve {
            sku: s0,
            chan: wb,
            at: Default,
            qty: Q::N(1),
            order: Some(0),
            delivery: 0,
        },
        Op::Reserve {
            sku: s0,
            chan: ChanRef::Known(1),
            at: Default,
            qty: Q::N(1),
            order: Some(0),
            delivery: 0,
        },
        Op::Reserve {
            sku: s0,
            chan: wb,
            at: Known(1),
            qty: Q::AvailPlus1,
            order: None,
            delivery: 2,
        },
        Op::Reserve {
            sku: s0,
            chan: wb,
            at: Default,
            qty: Q::N(9),
            order: None,
            delivery: 3,
        },
        Op::Pick {
            res: ResRef::Open(0),
            scan: Scan::OtherSku,
        },
        Op::Pick {
            res: ResRef::Open(0),
            scan: Scan::Right(0),
        },
        Op::Pick {
            res: ResRef::Open(0),
            scan: Scan::Right(1),
        },
        Op::Ship {
            res: ResRef::Open(0),
            qty: ShipQty::OneMore,
            tracking: None,
        },
        Op::Ship {
            res: ResRef::Open(0),
            qty: ShipQty::Partial,
            tracking: Some(true),
        },
        Op::Ship {
            res: ResRef::Open(0),
            qty: ShipQty::Full,
            tracking: None,
        },
        Op::Ship {
            res: ResRef::Any(0),
            qty: ShipQty::Full,
            tracking: None,
        },
        Op::Release {
            res: ResRef::Any(0),
            reason: true,
        },
        Op::Release {
            res: ResRef::Unknown,
            reason: false,
        },
        Op::Sell {
            sku: s0,
            chan: ChanRef::Known(1),
            at: Default,
            qty: Q::N(2),
        },
        Op::Sell {
            sku: s0,
            chan: ChanRef::Known(1),
            at: Default,
            qty: Q::AvailPlus1,
        },
        Op::Return {
            sku: s0,
            chan: wb,
            at: Default,
            qty: Q::N(1),
            defect: None,
        },
        Op::Return {
            sku: s0,
            chan: wb,
            at: Default,
            qty: Q::N(2),
            defect: Some(DefectReason::ShippingDamage),
        },
        Op::Defect {
            sku: s0,
            at: Default,
            qty: Q::N(1),
            reason: DefectReason::Manufacturing,
        },
        Op::Writeoff {
            sku: s0,
            at: Default,
            qty: Q::N(3),
            defective: true,
            reason: Reason::Good,
        },
        Op::Writeoff {
            sku: s0,
            at: Default,
            qty: Q::N(2),
            defective: true,
            reason: Reason::Good,
        },
        Op::Writeoff {
            sku: s0,
            at: Default,
            qty: Q::N(1),
            defective: false,
            reason: Reason::Empty,
        },
        Op::Transfer {
            sku: s0,
            from: Default,
            to: Default,
            qty: Q::N(1),
        },
        Op::Transfer {
            sku: s0,
            from: Known(1),
            to: Known(2),
            qty: Q::N(2),
        },
        Op::Transfer {
            sku: s0,
            from: Known(2),
            to: Default,
            qty: Q::AvailPlus1,
        },
        Op::AdjustSet {
            sku: s0,
            at: Default,
            n: SetN::BelowReserved,
            reason: Reason::Good,
        },
        Op::Sell {
            sku: s0,
            chan: wb,
            at: Default,
            qty: Q::N(1),
        },
        Op::AdjustBy {
            sku: s0,
            at: Default,
            d: ByD::BelowZero,
            reason: Reason::Good,
        },
        Op::AdjustBy {
            sku: s0,
            at: Default,
            d: ByD::D(0),
            reason: Reason::Good,
        },
        Op::AdjustBy {
            sku: s0,
            at: Default,
            d: ByD::D(5),
            reason: Reason::Control,
        },
        Op::AdjustBy {
            sku: s0,
            at: Default,
            d: ByD::D(5),
            reason: Reason::Good,
        },
        Op::AdjustSet {
            sku: s0,
            at: Known(1),
            n: SetN::TooBig,
            reason: Reason::Good,
        },
    ];
    run_case(cfg3(), &ops).unwrap_or_else(|e| panic!("{e}"));
}

/// stock-model.md, Levels: "a stocktake may find fewer units than are reserved. Then the SKU
/// is in shortage (available < 0 ...); nothing new can be reserved until it is fixed by
/// receiving stock or releasing orders." Here the SKU's total available is 3 - 5 = -2, yet
/// the engine reserves a unit at the other location because that location alone has enough.
#[test]
fn reserve_refused_while_sku_in_shortage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stock.redb");
    let inv = setup(
        &path,
        SetupCfg {
            n_skus: 2,
            n_locs: 2,
            default_loc: 0,
        },
    );
    let code = SKUS[0].0.to_string();
    let run = |cmd: Command| inv.execute(cmd);
    run(Command::Receive {
        sku: code.clone(),
        qty: 5,
        at: None,
        reference: None,
    })
    .unwrap();
    run(Command::Reserve {
        sku: code.clone(),
        qty: 5,
        channel: CHANNELS[0].0.into(),
        order: Some("WB-1".into()),
        at: None,
        delivery: Delivery::default(),
    })
    .unwrap();
    run(Command::Adjust {
        sku: code.clone(),
        how: AdjustTo::Set(0),
        reason: "count".into(),
        at: None,
        reference: None,
    })
    .unwrap();
    run(Command::Receive {
        sku: code.clone(),
        qty: 3,
        at: Some(LOCS[1].into()),
        reference: None,
    })
    .unwrap();
    let d = inv.sku_detail(&code, 0).unwrap();
    assert_eq!((d.available, d.status), (-2, StockStatus::Shortage));
    let before = digest(&inv);
    let res = run(Command::Reserve {
        sku: code.clone(),
        qty: 1,
        channel: CHANNELS[1].0.into(),
        order: Some("TILL-1".into()),
        at: Some(LOCS[1].into()),
        delivery: Delivery::default(),
    });
    assert!(
        matches!(&res, Err(e) if e.exit_code() == 1),
        "expected a refusal (exit 1), got {res:?}"
    );
    assert_eq!(digest(&inv), before);
    // Without a named location as well.
    let res = run(Command::Reserve {
        sku: code.clone(),
        qty: 1,
        channel: CHANNELS[1].0.into(),
        order: Some("TILL-2".into()),
        at: None,
        delivery: Delivery::default(),
    });
    assert!(
        matches!(&res, Err(e) if e.exit_code() == 1),
        "expected a refusal (exit 1), got {res:?}"
    );
    assert_eq!(digest(&inv), before);
}

/// A reserve without an order reference gets one made up ("R{id}"). It must not be
/// refused because someone typed that same text as an order reference earlier: the
/// contract refuses a reserve only when too little is available.
#[test]
fn reserve_without_order_is_not_refused_by_a_typed_reference() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stock.redb");
    let inv = setup(
        &path,
        SetupCfg {
            n_skus: 2,
            n_locs: 2,
            default_loc: 0,
        },
    );
    let code = SKUS[0].0.to_string();
    inv.execute(Command::Receive {
        sku: code.clone(),
        qty: 10,
        at: None,
        reference: None,
    })
    .unwrap();
    let reserve = |order: Option<&str>| {
        inv.execute(Command::Reserve {
            sku: code.clone(),
            qty: 1,
            channel: CHANNELS[0].0.into(),
            order: order.map(str::to_string),
            at: None,
            delivery: Delivery::default(),
        })
    };
    // The first reservation gets id 1; its order reference is typed as "R2".
    reserve(Some("R2")).unwrap();
    // The second has no reference; the engine makes one up for it.
    let res = reserve(None);
    assert!(
        res.is_ok(),
        "a reserve of 1 with 9 available was refused: {res:?}"
    );
}
