//! The reference model learns kits: a kit `SET-1` made of the first SKU (1 per kit) and the
//! second (2 per kit), at two locations. Random sequences of receives, sales, reserves of the
//! kit and of its components, ships (whole and partial), releases and kit returns (some
//! parts defective) run against the engine and against this model, written from the kit
//! rules of docs/stock-model.md: a kit's available at a location is the smallest
//! floor(component available / quantity per kit); a kit's movement moves every component by
//! the kit quantity times its quantity per kit. After every step the component levels and
//! the kit's available must be the model's and no component may have more reserved than on
//! hand (nothing oversold); at the end `check` finds nothing.
//!
//! Made kits too: `kit assemble` takes components off the shelf into made kits at a
//! location and `kit disassemble` puts them back. A kit's available at a location is its
//! made kits available plus what the components allow; a reservation of the kit takes made
//! kits when they cover all of it, else components (refused when the components alone do
//! not), and its ship and release move what it took. A `reservation move` holds anew at the
//! new place by the same rule (refused when neither made kits nor components cover it).

use std::collections::HashMap;

use proptest::prelude::*;
use stockroom::domain::{DefectReason, Delivery};
use stockroom::inventory::{Command, Inventory, InventoryExt, LocalInventory, Outcome};

use super::{CHANNELS, LOCS, SKUS, SetupCfg, setup};

const KIT: &str = "SET-1";
/// (component index in SKUS, quantity per kit)
const PARTS: [(usize, u64); 2] = [(0, 1), (1, 2)];
const N_LOCS: usize = 2;

#[derive(Debug, Clone, Copy)]
enum KOp {
    Receive { s: usize, loc: usize, q: u64 },
    Sell { s: usize, loc: usize, q: u64 },
    ReserveKit { loc: usize, q: u64 },
    ReservePart { s: usize, loc: usize, q: u64 },
    Ship { r: usize, q: Option<u64> },
    Release { r: usize },
    ReturnKit { r: usize, q: u64, broken: bool },
    Assemble { loc: usize, q: u64 },
    Disassemble { loc: usize, q: u64 },
    Move { r: usize, to: usize },
}

fn kop() -> impl Strategy<Value = KOp> {
    let s = 0usize..3;
    let loc = 0usize..N_LOCS;
    let q = 0u64..8;
    prop_oneof![
        3 => (s.clone(), loc.clone(), 1u64..12).prop_map(|(s, loc, q)| KOp::Receive { s, loc, q }),
        1 => (s.clone(), loc.clone(), q.clone()).prop_map(|(s, loc, q)| KOp::Sell { s, loc, q }),
        4 => (loc.clone(), q.clone()).prop_map(|(loc, q)| KOp::ReserveKit { loc, q }),
        2 => (s, loc, q.clone()).prop_map(|(s, loc, q)| KOp::ReservePart { s, loc, q }),
        3 => (0usize..8, proptest::option::of(0u64..5)).prop_map(|(r, q)| KOp::Ship { r, q }),
        2 => (0usize..8).prop_map(|r| KOp::Release { r }),
        2 => (0usize..8, 0u64..4, any::<bool>())
            .prop_map(|(r, q, broken)| KOp::ReturnKit { r, q, broken }),
        2 => (0usize..N_LOCS, 0u64..4).prop_map(|(loc, q)| KOp::Assemble { loc, q }),
        1 => (0usize..N_LOCS, 0u64..4).prop_map(|(loc, q)| KOp::Disassemble { loc, q }),
        2 => (0usize..8, 0usize..N_LOCS).prop_map(|(r, to)| KOp::Move { r, to }),
    ]
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Lv {
    on_hand: i64,
    reserved: i64,
    defective: i64,
}

#[derive(Debug, Clone)]
struct KRes {
    id: u64,
    /// None: the kit.
    sku: Option<usize>,
    loc: usize,
    remaining: u64,
    order: String,
    shipped: u64,
    returned: u64,
    /// It holds made kits, not components.
    made: bool,
}

#[derive(Debug, Clone, Default)]
struct KModel {
    lv: HashMap<(usize, usize), Lv>,
    res: Vec<KRes>,
    orders: u64,
    /// Made kits per location (on hand, reserved).
    made: HashMap<usize, Lv>,
}

impl KModel {
    fn lv(&self, s: usize, l: usize) -> Lv {
        self.lv.get(&(s, l)).copied().unwrap_or_default()
    }
    fn lv_mut(&mut self, s: usize, l: usize) -> &mut Lv {
        self.lv.entry((s, l)).or_default()
    }
    fn avail(&self, s: usize, l: usize) -> i64 {
        let v = self.lv(s, l);
        v.on_hand - v.reserved
    }
    fn made_avail(&self, l: usize) -> i64 {
        let v = self.made.get(&l).copied().unwrap_or_default();
        v.on_hand - v.reserved
    }
    fn kit_avail_at(&self, l: usize) -> i64 {
        self.made_avail(l) + self.parts_avail_at(l)
    }
    /// Kits the components alone allow at a location.
    fn parts_avail_at(&self, l: usize) -> i64 {
        PARTS
            .iter()
            .map(|&(s, per)| self.avail(s, l).div_euclid(per as i64))
            .min()
            .unwrap_or(0)
    }
    fn kit_avail(&self) -> i64 {
        (0..N_LOCS).map(|l| self.kit_avail_at(l)).sum()
    }
    fn sku_avail(&self, s: usize) -> i64 {
        (0..N_LOCS).map(|l| self.avail(s, l)).sum()
    }
    /// Each component a movement of `q` of `sku` (None: the kit) touches, with its units.
    fn parts(sku: Option<usize>, q: u64) -> Vec<(usize, i64)> {
        match sku {
            Some(s) => vec![(s, q as i64)],
            None => PARTS
                .iter()
                .map(|&(s, per)| (s, (q * per) as i64))
                .collect(),
        }
    }
    fn open(&self, r: usize) -> Option<usize> {
        let open: Vec<usize> = (0..self.res.len())
            .filter(|&i| self.res[i].remaining > 0)
            .collect();
        if open.is_empty() {
            None
        } else {
            Some(open[r % open.len()])
        }
    }
}

fn code(sku: Option<usize>) -> String {
    sku.map_or(KIT.to_string(), |s| SKUS[s].0.to_string())
}

/// The model's answer to an op (true: done), applied to the model when done, and the
/// command the engine gets.
fn plan(m: &mut KModel, op: KOp) -> (bool, Option<Command>) {
    let ch = CHANNELS[0].0.to_string();
    match op {
        KOp::Receive { s, loc, q } => {
            m.lv_mut(s, loc).on_hand += q as i64;
            let cmd = Command::Receive {
                sku: code(Some(s)),
                qty: q,
                at: Some(LOCS[loc].into()),
                reference: None,
            };
            (true, Some(cmd))
        }
        KOp::Sell { s, loc, q } => {
            let cmd = Command::Sell {
                sku: code(Some(s)),
                qty: q,
                channel: ch,
                at: Some(LOCS[loc].into()),
            };
            let ok = q > 0 && m.avail(s, loc) >= q as i64 && m.sku_avail(s) >= 0;
            if ok {
                m.lv_mut(s, loc).on_hand -= q as i64;
            }
            (ok, Some(cmd))
        }
        KOp::ReserveKit { loc, q } => reserve(m, None, loc, q, ch),
        KOp::ReservePart { s, loc, q } => reserve(m, Some(s), loc, q, ch),
        KOp::Ship { r, q } => {
            let Some(i) = m.open(r) else {
                return (false, None);
            };
            let res = m.res[i].clone();
            let n = q.unwrap_or(res.remaining);
            let cmd = Command::Ship {
                id: res.id,
                qty: q,
                tracking: None,
            };
            if n == 0 || n > res.remaining {
                return (false, Some(cmd));
            }
            if res.made {
                let v = m.made.entry(res.loc).or_default();
                v.on_hand -= n as i64;
                v.reserved -= n as i64;
            }
            for (s, u) in KModel::parts(res.sku, n).into_iter().filter(|_| !res.made) {
                let v = m.lv_mut(s, res.loc);
                v.on_hand -= u;
                v.reserved -= u;
            }
            m.res[i].remaining -= n;
            m.res[i].shipped += n;
            (true, Some(cmd))
        }
        KOp::Move { r, to } => {
            let Some(i) = m.open(r) else {
                return (false, None);
            };
            let res = m.res[i].clone();
            let cmd = Command::ReservationMove {
                id: res.id,
                to: LOCS[to].into(),
            };
            let n = res.remaining;
            if to == res.loc {
                return (false, Some(cmd));
            }
            // A new hold at the new place: made kits if they cover it, else components,
            // else refused.
            let made = res.sku.is_none() && m.made_avail(to) >= n as i64;
            let fits = match res.sku {
                Some(s) => m.avail(s, to) >= n as i64,
                None => made || m.parts_avail_at(to) >= n as i64,
            };
            if !fits {
                return (false, Some(cmd));
            }
            if res.made {
                m.made.entry(res.loc).or_default().reserved -= n as i64;
            }
            for (s, u) in KModel::parts(res.sku, n).into_iter().filter(|_| !res.made) {
                m.lv_mut(s, res.loc).reserved -= u;
            }
            if made {
                m.made.entry(to).or_default().reserved += n as i64;
            }
            for (s, u) in KModel::parts(res.sku, n).into_iter().filter(|_| !made) {
                m.lv_mut(s, to).reserved += u;
            }
            m.res[i].loc = to;
            m.res[i].made = made;
            (true, Some(cmd))
        }
        KOp::Release { r } => {
            let Some(i) = m.open(r) else {
                return (false, None);
            };
            let res = m.res[i].clone();
            if res.made {
                m.made.entry(res.loc).or_default().reserved -= res.remaining as i64;
            }
            for (s, u) in KModel::parts(res.sku, res.remaining)
                .into_iter()
                .filter(|_| !res.made)
            {
                m.lv_mut(s, res.loc).reserved -= u;
            }
            m.res[i].remaining = 0;
            let cmd = Command::Release {
                id: res.id,
                reason: None,
            };
            (true, Some(cmd))
        }
        KOp::ReturnKit { r, q, broken } => {
            let kits: Vec<usize> = (0..m.res.len())
                .filter(|&i| m.res[i].sku.is_none())
                .collect();
            if kits.is_empty() {
                return (false, None);
            }
            let i = kits[r % kits.len()];
            let res = m.res[i].clone();
            let cmd = Command::ReturnKit {
                sku: KIT.into(),
                qty: q,
                channel: ch,
                at: Some(LOCS[res.loc].into()),
                order: Some(res.order.clone()),
                note: None,
                defective: if broken {
                    vec![(code(Some(PARTS[1].0)), DefectReason::ShippingDamage)]
                } else {
                    Vec::new()
                },
            };
            if q == 0 || q > res.shipped - res.returned {
                return (false, Some(cmd));
            }
            for (n, (s, u)) in KModel::parts(None, q).into_iter().enumerate() {
                let v = m.lv_mut(s, res.loc);
                if broken && n == 1 {
                    v.defective += u;
                } else {
                    v.on_hand += u;
                }
            }
            m.res[i].returned += q;
            (true, Some(cmd))
        }
        KOp::Assemble { loc, q } => {
            let cmd = Command::KitAssemble {
                sku: KIT.into(),
                kits: q,
                at: Some(LOCS[loc].into()),
                apart: false,
            };
            let ok = q > 0
                && PARTS
                    .iter()
                    .all(|&(s, per)| m.avail(s, loc) >= (q * per) as i64);
            if ok {
                for (s, u) in KModel::parts(None, q) {
                    m.lv_mut(s, loc).on_hand -= u;
                }
                m.made.entry(loc).or_default().on_hand += q as i64;
            }
            (ok, Some(cmd))
        }
        KOp::Disassemble { loc, q } => {
            let cmd = Command::KitAssemble {
                sku: KIT.into(),
                kits: q,
                at: Some(LOCS[loc].into()),
                apart: true,
            };
            let ok = q > 0 && m.made_avail(loc) >= q as i64;
            if ok {
                for (s, u) in KModel::parts(None, q) {
                    m.lv_mut(s, loc).on_hand += u;
                }
                m.made.entry(loc).or_default().on_hand -= q as i64;
            }
            (ok, Some(cmd))
        }
    }
}

fn reserve(
    m: &mut KModel,
    sku: Option<usize>,
    loc: usize,
    q: u64,
    ch: String,
) -> (bool, Option<Command>) {
    m.orders += 1;
    let order = format!("K-{}", m.orders);
    let cmd = Command::Reserve {
        sku: code(sku),
        qty: q,
        channel: ch,
        order: Some(order.clone()),
        at: Some(LOCS[loc].into()),
        delivery: Delivery::default(),
    };
    let (here, total) = match sku {
        Some(s) => (m.avail(s, loc), m.sku_avail(s)),
        None => (m.kit_avail_at(loc), m.kit_avail()),
    };
    if q == 0 || here < q as i64 || total < 0 {
        return (false, Some(cmd));
    }
    let made = sku.is_none() && m.made_avail(loc) >= q as i64;
    if sku.is_none() && !made && m.parts_avail_at(loc) < q as i64 {
        return (false, Some(cmd));
    }
    if made {
        m.made.entry(loc).or_default().reserved += q as i64;
    }
    for (s, u) in KModel::parts(sku, q).into_iter().filter(|_| !made) {
        m.lv_mut(s, loc).reserved += u;
    }
    m.res.push(KRes {
        id: 0,
        sku,
        loc,
        remaining: q,
        order,
        shipped: 0,
        returned: 0,
        made,
    });
    (true, Some(cmd))
}

fn compare(inv: &LocalInventory, m: &KModel, step: usize) -> Result<(), String> {
    for (s, (code, ..)) in SKUS.iter().enumerate() {
        let d = inv.sku_detail(code, 0).map_err(|e| format!("{e:?}"))?;
        for (l, loc) in LOCS.iter().enumerate().take(N_LOCS) {
            let want = m.lv(s, l);
            let got = d
                .locations
                .iter()
                .find(|x| x.location == *loc)
                .map(|x| Lv {
                    on_hand: x.on_hand as i64,
                    reserved: x.reserved as i64,
                    defective: x.defective as i64,
                })
                .unwrap_or_default();
            if got != want {
                return Err(format!(
                    "step {step}: {code} at {loc}: engine {got:?}, model {want:?}"
                ));
            }
            if got.reserved > got.on_hand {
                return Err(format!("step {step}: {code} oversold at {loc}: {got:?}"));
            }
        }
    }
    let kit = inv.sku_detail(KIT, 0).map_err(|e| format!("{e:?}"))?;
    if kit.available != m.kit_avail() {
        return Err(format!(
            "step {step}: kit available: engine {}, model {}",
            kit.available,
            m.kit_avail()
        ));
    }
    Ok(())
}

fn run(ops: &[KOp]) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let cfg = SetupCfg {
        n_skus: 3,
        n_locs: N_LOCS,
        default_loc: 0,
    };
    let inv = setup(&dir.path().join("k.redb"), cfg);
    inv.execute(Command::SetKit {
        sku: KIT.into(),
        edit: Some(stockroom::inventory::SkuSpec {
            code: KIT.into(),
            name: Some("Набор".into()),
            ..Default::default()
        }),
        new: true,
        components: PARTS.iter().map(|&(s, per)| (code(Some(s)), per)).collect(),
    })
    .map_err(|e| format!("kit: {e:?}"))?;
    let mut m = KModel::default();
    for (step, op) in ops.iter().enumerate() {
        let before = m.clone();
        let (ok, cmd) = plan(&mut m, *op);
        let Some(cmd) = cmd else { continue };
        match (ok, inv.execute(cmd.clone())) {
            (true, Ok(applied)) => {
                if let (KOp::ReserveKit { .. } | KOp::ReservePart { .. }, Outcome::Reserved(v)) =
                    (op, &applied.outcome)
                    && let Some(r) = m.res.last_mut()
                {
                    r.id = v.reservation;
                }
            }
            (false, Err(_)) => m = before,
            (true, Err(e)) => return Err(format!("step {step}: {cmd:?} refused: {e:?}\n{ops:?}")),
            (false, Ok(a)) => {
                return Err(format!(
                    "step {step}: {cmd:?} done, model refuses: {a:?}\n{ops:?}"
                ));
            }
        }
        compare(&inv, &m, step).map_err(|e| format!("{e}\n{ops:?}"))?;
    }
    let report = inv.check().map_err(|e| format!("{e:?}"))?;
    if !report.ok() {
        return Err(format!("check: {:?}\n{ops:?}", report.problems));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn kits_agree_with_the_kit_model(ops in proptest::collection::vec(kop(), 1..40)) {
        run(&ops).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn a_fixed_kit_walk() {
    let ops = [
        KOp::Receive { s: 0, loc: 0, q: 5 },
        KOp::Receive { s: 1, loc: 0, q: 7 },
        KOp::ReserveKit { loc: 0, q: 3 },
        KOp::ReserveKit { loc: 0, q: 1 },
        KOp::ReservePart { s: 1, loc: 0, q: 1 },
        KOp::ReservePart { s: 1, loc: 0, q: 1 },
        KOp::Ship { r: 0, q: Some(2) },
        KOp::ReturnKit {
            r: 0,
            q: 1,
            broken: true,
        },
        KOp::ReturnKit {
            r: 0,
            q: 2,
            broken: false,
        },
        KOp::Release { r: 0 },
        KOp::ReserveKit { loc: 1, q: 1 },
    ];
    run(&ops).expect("the walk agrees");
}

#[test]
fn a_made_kit_walk() {
    let ops = [
        KOp::Receive { s: 0, loc: 0, q: 5 },
        KOp::Receive { s: 1, loc: 0, q: 9 },
        KOp::Assemble { loc: 0, q: 3 },
        KOp::Assemble { loc: 0, q: 3 },
        KOp::ReserveKit { loc: 0, q: 2 },
        KOp::ReserveKit { loc: 0, q: 2 },
        KOp::ReserveKit { loc: 0, q: 1 },
        KOp::Disassemble { loc: 0, q: 1 },
        KOp::Ship { r: 0, q: Some(1) },
        KOp::ReturnKit {
            r: 0,
            q: 1,
            broken: true,
        },
        KOp::Release { r: 0 },
        KOp::Disassemble { loc: 0, q: 3 },
        KOp::Move { r: 1, to: 1 },
        KOp::Disassemble { loc: 1, q: 1 },
    ];
    run(&ops).expect("the made-kit walk agrees");
}

#[test]
fn a_moved_made_kit_walk() {
    // Made kits at the first place, components at the second: a made-kit reservation moved
    // there holds components, and back again it holds made kits.
    let ops = [
        KOp::Receive { s: 0, loc: 0, q: 4 },
        KOp::Receive { s: 1, loc: 0, q: 8 },
        KOp::Receive { s: 0, loc: 1, q: 3 },
        KOp::Receive { s: 1, loc: 1, q: 6 },
        KOp::Assemble { loc: 0, q: 2 },
        KOp::ReserveKit { loc: 0, q: 2 },
        KOp::Move { r: 0, to: 1 },
        KOp::Disassemble { loc: 0, q: 2 },
        KOp::Assemble { loc: 0, q: 2 },
        KOp::Move { r: 0, to: 0 },
        KOp::Ship { r: 0, q: Some(1) },
        KOp::Move { r: 0, to: 1 },
        KOp::Release { r: 0 },
    ];
    run(&ops).expect("the moved made-kit walk agrees");
}
