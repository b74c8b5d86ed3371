//! `stockroom check`: replays the ledger from empty and compares with what is stored.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::{Levels, LocationId, MovementKind, ReservationId, SkuId};
use crate::store::Reader;

use super::Result;

/// One thing that does not add up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    SeqGap {
        expected: u64,
        found: u64,
    },
    BelowZero {
        seq: u64,
    },
    AfterMismatch {
        seq: u64,
        stored: Levels,
        replayed: Levels,
    },
    LevelMismatch {
        sku: String,
        location: u16,
        stored: Levels,
        replayed: Levels,
    },
    ReservationMismatch {
        id: u64,
        stored_remaining: u64,
        replayed_remaining: u64,
    },
    ReservedNotHeld {
        sku: String,
        location: u16,
        reserved: u64,
        held_by_open: u64,
    },
    MissingSku {
        seq: u64,
        sku: u32,
    },
    BadIndex {
        detail: String,
    },
    /// A code that is also another SKU's barcode (codes and barcodes are one namespace,
    /// compared whatever their case or width). Possible only in a file from before that rule.
    CodeClash(CodeClash),
    /// A kit's components, its ledger marks or the kits its reservations hold do not add
    /// up (see `kits::check`).
    Kit {
        kit: String,
        detail: String,
    },
}

/// `sku`'s code is `value`, and `value` is also a barcode of `other` (or the other way
/// round: `value` is a barcode of `sku` and the code of `other`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodeClash {
    /// The SKU whose code is `value`.
    pub code_of: String,
    /// The SKU that has `value` as a barcode.
    pub barcode_of: String,
    pub value: String,
}

/// Where `s` shares its code or a barcode with another SKU, each clash once.
pub fn clashes_of(r: &impl Reader, s: &crate::domain::Sku) -> Result<Vec<CodeClash>> {
    let mut out = Vec::new();
    if let Some(o) = r.sku_id_by_barcode(&s.code)?.filter(|o| *o != s.id)
        && let Some(other) = r.sku(o)?
    {
        out.push(CodeClash {
            code_of: s.code.clone(),
            barcode_of: other.code,
            value: s.code.clone(),
        });
    }
    for b in &s.barcodes {
        if let Some(o) = r.sku_id_by_code(b)?.filter(|o| *o != s.id)
            && let Some(other) = r.sku(o)?
        {
            out.push(CodeClash {
                code_of: other.code,
                barcode_of: s.code.clone(),
                value: b.clone(),
            });
        }
    }
    Ok(out)
}

/// Every clash between a code and a barcode in the database, sorted, each once.
pub fn all_clashes(r: &impl Reader) -> Result<Vec<CodeClash>> {
    let mut all = std::collections::BTreeSet::new();
    for s in r.skus()? {
        for c in clashes_of(r, &s)? {
            all.insert((c.code_of.clone(), c.barcode_of.clone(), c.value.clone()));
        }
    }
    Ok(all
        .into_iter()
        .map(|(code_of, barcode_of, value)| CodeClash {
            code_of,
            barcode_of,
            value,
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub entries: u64,
    pub skus: u64,
    pub levels: u64,
    pub reservations: u64,
    pub problems: Vec<Problem>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

const MAX_PROBLEMS: usize = 1000;

/// Problems found so far, at most `MAX_PROBLEMS` of them.
#[derive(Default)]
pub(crate) struct Found(Vec<Problem>);

impl Found {
    pub(crate) fn push(&mut self, p: Problem) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(p);
        }
    }
    /// No more is kept: a caller may skip the work of naming a problem.
    pub(crate) fn full(&self) -> bool {
        self.0.len() >= MAX_PROBLEMS
    }
    /// Another part's problems after these (still at most `MAX_PROBLEMS` in all).
    fn extend(&mut self, other: Found) {
        for p in other.0 {
            self.push(p);
        }
    }
}

/// What `check` keeps of one (SKU, location): the levels replayed so far, what the open
/// reservations hold there, and whether a stored levels row was seen for it.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    levels: Levels,
    held_open: u64,
    /// 1 + the index of the next cell of the same SKU; 0 ends the chain.
    next: u32,
    loc: LocationId,
    stored: bool,
}

/// The cells, chained per SKU: a vector of chain heads indexed by SKU id (ids are dense)
/// up to a bound taken from the stored SKUs, and a map for ids beyond it, so that an
/// absurd id in a damaged file cannot make `check` allocate for every id below it. At a
/// million SKUs in two locations: 4 MB of heads and 40 bytes a cell.
struct Cells {
    head: Vec<u32>,
    far: HashMap<SkuId, u32>,
    cells: Vec<Cell>,
}

impl Cells {
    fn new(dense: usize, expect: usize) -> Cells {
        Cells {
            head: vec![0; dense],
            far: HashMap::new(),
            cells: Vec::with_capacity(expect),
        }
    }

    fn head(&self, sku: SkuId) -> u32 {
        match self.head.get(sku as usize) {
            Some(h) => *h,
            None => self.far.get(&sku).copied().unwrap_or(0),
        }
    }

    fn find(&self, sku: SkuId, loc: LocationId) -> Option<usize> {
        let mut i = self.head(sku) as usize;
        while i != 0 {
            let c = self.cells.get(i - 1)?;
            if c.loc == loc {
                return Some(i - 1);
            }
            i = c.next as usize;
        }
        None
    }

    fn at(&mut self, sku: SkuId, loc: LocationId) -> &mut Cell {
        let i = match self.find(sku, loc) {
            Some(i) => i,
            None => {
                let next = self.head(sku);
                self.cells.push(Cell {
                    loc,
                    next,
                    ..Cell::default()
                });
                let n = u32::try_from(self.cells.len()).unwrap_or(u32::MAX);
                match self.head.get_mut(sku as usize) {
                    Some(h) => *h = n,
                    None => {
                        self.far.insert(sku, n);
                    }
                }
                self.cells.len() - 1
            }
        };
        &mut self.cells[i]
    }

    /// The SKUs with a cell, in id order.
    fn skus(&self) -> Vec<SkuId> {
        let mut far: Vec<SkuId> = self.far.keys().copied().collect();
        far.sort_unstable();
        let dense = (0..self.head.len())
            .filter(|&i| self.head[i] != 0)
            .filter_map(|i| SkuId::try_from(i).ok());
        dense.chain(far).collect()
    }

    /// One SKU's cells.
    fn of(&self, sku: SkuId) -> impl Iterator<Item = &Cell> {
        let mut i = self.head(sku) as usize;
        std::iter::from_fn(move || {
            let c = self.cells.get(i.checked_sub(1)?)?;
            i = c.next as usize;
            Some(c)
        })
    }
}

/// Reservation id -> remaining as the ledger says: a vector by id up to a bound (ids are
/// dense), a map beyond it.
struct Held {
    dense: Vec<u64>,
    far: HashMap<ReservationId, u64>,
}

impl Held {
    fn get(&self, id: ReservationId) -> u64 {
        match usize::try_from(id).ok().and_then(|i| self.dense.get(i)) {
            Some(v) => *v,
            None => self.far.get(&id).copied().unwrap_or(0),
        }
    }
    fn entry(&mut self, id: ReservationId) -> &mut u64 {
        match usize::try_from(id).ok().filter(|&i| i < self.dense.len()) {
            Some(i) => &mut self.dense[i],
            None => self.far.entry(id).or_default(),
        }
    }
}

/// What the open reservations of kits hold per (kit, location), as the kit checks need it:
/// components (`want`) or made kits (`want_made`).
#[derive(Default)]
pub(crate) struct KitHolds {
    pub(crate) want: HashMap<(SkuId, LocationId), u64>,
    pub(crate) want_made: HashMap<(SkuId, LocationId), u64>,
}

pub fn run(r: &impl crate::store::economics::SalesMoneyReader) -> Result<CheckReport> {
    run_in_ranges(r, None)
}

/// `run`, the SKUs cut into ranges of `step` ids when given (tests cut them small).
fn run_in_ranges(
    r: &impl crate::store::economics::SalesMoneyReader,
    step: Option<SkuId>,
) -> Result<CheckReport> {
    let mut found = Found::default();
    // The money kept per channel and per sale: every record must read (a corrupt one fails
    // the check).
    for c in r.channels()? {
        r.channel_economics(c.id)?;
    }
    r.sales_money(0)?;
    // The planned promotions likewise.
    r.promos()?;
    // Sizes to allocate by, each bounded by what is stored so a damaged count cannot make
    // us allocate for ids that are not there.
    let ledger_len = r.ledger_len()?;
    let sku_count = r.sku_count()?;
    let dense_skus = r
        .last_sku_id()?
        .map_or(0, |l| u64::from(l) + 1)
        .min(sku_count.saturating_mul(2).saturating_add(1 << 16));
    let sizes = Sizes {
        dense_skus: usize::try_from(dense_skus).unwrap_or(0),
        cells: usize::try_from(r.levels_count()?.min(ledger_len.saturating_mul(2))).unwrap_or(0),
        dense_res: usize::try_from(
            r.last_reservation_id()?
                .map_or(0, |l| l.saturating_add(1))
                .min(ledger_len.saturating_add(1 << 16)),
        )
        .unwrap_or(0),
    };
    // Two independent passes side by side, one transaction read from both threads: the
    // replay with what is compared against it (reservations, stored levels) on a thread of
    // its own, and the SKUs with their indexes in ranges of ids taken by whichever thread
    // is free (the replay's thread joins in when it is done).
    let work = SkuWork::new(sizes.dense_skus, step);
    let (chain, done) = std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("check-replay".into())
            .spawn_scoped(scope, || {
                // A panic on a damaged page is answered as an error here as on the caller's
                // thread (redb may panic on bytes it cannot read).
                super::executor::guarded(|| Ok(replay_and_compare(r, &sizes, &work)))
            });
        match helper {
            Ok(h) => {
                let mut mine = work.take(r);
                let theirs = match h.join() {
                    Ok(t) => t,
                    Err(p) => std::panic::resume_unwind(p),
                };
                match theirs {
                    Ok(Ok((chain, mut done))) => {
                        done.append(&mut mine);
                        Ok((chain, done))
                    }
                    Ok(Err(e)) | Err(e) => Err(e),
                }
            }
            // No second thread to be had: one after the other on this one.
            Err(_) => Ok(replay_and_compare(r, &sizes, &work)),
        }
    })?;
    // In the order a single pass reports its failure: the replay's, the SKUs', the rest.
    let (replayed, compared) = match chain {
        Chain::Failed(e) => return Err(e),
        Chain::Replayed(replayed, compared) => (replayed, compared),
    };
    let mut sku_problems = Found::default();
    let ids = work.merge(r, done, &mut sku_problems)?;
    let compared = compared?;
    let known = |id: SkuId| ids.binary_search(&id).is_ok();
    found.extend(replayed.found);
    for sku in replayed.skus {
        if !known(sku) {
            found.push(Problem::MissingSku { seq: 0, sku });
        }
    }
    // In the order the parts have always been reported.
    found.extend(compared.level_problems);
    found.extend(compared.reservation_problems);
    found.extend(compared.not_held);
    let code = |id: SkuId| code_of(r, id);
    super::kits_check::check(
        r,
        &compared.kits,
        &compared.kit_rows,
        &compared.kit_holds,
        &code,
        &mut found,
    )?;
    found.extend(sku_problems);
    Ok(CheckReport {
        entries: replayed.entries,
        skus: ids.len() as u64,
        levels: compared.levels,
        reservations: compared.reservations,
        problems: found.0,
    })
}

/// A SKU's code to name it by, its id when it cannot be read.
fn code_of(r: &impl Reader, id: SkuId) -> String {
    match r.sku(id) {
        Ok(Some(s)) => s.code,
        _ => format!("#{id}"),
    }
}

/// What the replay and the compare allocate by (see `run`).
struct Sizes {
    dense_skus: usize,
    cells: usize,
    dense_res: usize,
}

/// The replay's part: how many entries, its problems, and the SKUs it met (in id order).
struct Replayed {
    entries: u64,
    found: Found,
    skus: Vec<SkuId>,
}

/// The reservations and the stored levels against the replay, and what the kit checks
/// need of them.
struct Compared {
    kits: Vec<crate::domain::kit::Kit>,
    kit_holds: KitHolds,
    kit_rows: HashMap<(SkuId, LocationId), Levels>,
    reservations: u64,
    levels: u64,
    level_problems: Found,
    reservation_problems: Found,
    not_held: Found,
}

/// The replay's thread's result: the compare is not run when the replay failed.
enum Chain {
    Failed(super::Error),
    Replayed(Replayed, Result<Compared>),
}

/// Replays the ledger, then compares the reservations and the stored levels with it; then
/// takes ranges of SKUs while any are left.
fn replay_and_compare(
    r: &impl Reader,
    sizes: &Sizes,
    work: &SkuWork,
) -> (Chain, Vec<(usize, Result<SkuPart>)>) {
    let mut cells = Cells::new(sizes.dense_skus, sizes.cells);
    let mut held = Held {
        dense: vec![0; sizes.dense_res],
        far: HashMap::new(),
    };
    let mut found = Found::default();
    let chain = match replay_ledger(r, &mut cells, &mut held, &mut found) {
        Err(e) => Chain::Failed(e),
        Ok(entries) => {
            // Every cell so far is the replay's.
            let replayed = Replayed {
                entries,
                found,
                skus: cells.skus(),
            };
            Chain::Replayed(replayed, compare(r, cells, held))
        }
    };
    // The cells are gone by now: the SKU ranges left take their room.
    (chain, work.take(r))
}

/// The reservations, then the stored levels, against the replay.
fn compare(r: &impl Reader, mut cells: Cells, held: Held) -> Result<Compared> {
    // The reservations before the stored levels: what the open ones hold goes into the
    // cells, so the stored levels are read once, in key order, and compared with both.
    let kits = r.kits()?;
    let mut kit_ids: Vec<SkuId> = kits.iter().map(|k| k.kit).collect();
    kit_ids.sort_unstable();
    let is_kit = |id: SkuId| kit_ids.binary_search(&id).is_ok();
    let code = |id: SkuId| code_of(r, id);
    let mut kit_holds = KitHolds::default();
    let mut reservation_problems = Found::default();
    let reservations = check_reservations(
        r,
        &held,
        &mut cells,
        &kits,
        &mut kit_holds,
        &mut reservation_problems,
    )?;
    drop(held);
    let mut level_problems = Found::default();
    let mut not_held = Found::default();
    let (levels, kit_rows) = check_levels(
        r,
        &mut cells,
        &is_kit,
        &code,
        &mut level_problems,
        &mut not_held,
    )?;
    Ok(Compared {
        kits,
        kit_holds,
        kit_rows,
        reservations,
        levels,
        level_problems,
        reservation_problems,
        not_held,
    })
}

/// How many ranges the SKU ids are cut into: enough for the two threads to end together.
const SKU_RANGES: SkuId = 64;

/// The fewest ids in a range: a small file is read in one.
const MIN_SKU_RANGE: SkuId = 1 << 12;

/// The SKUs, cut into ranges of ids that the threads take in order, one at a time; the
/// last range runs to the largest id, so a SKU beyond the dense bound is read too.
struct SkuWork {
    ranges: Vec<(SkuId, SkuId)>,
    next: std::sync::atomic::AtomicUsize,
    /// A range failed: no more are taken (those before it are finished, so the first
    /// failure in id order is the one reported, as a single pass would).
    failed: std::sync::atomic::AtomicBool,
}

/// One range of SKUs checked: their ids in order, the problems found in order, the clashes.
struct SkuPart {
    ids: Vec<SkuId>,
    found: Found,
    clashes: std::collections::BTreeSet<(String, String, String)>,
}

impl SkuWork {
    fn new(dense: usize, step: Option<SkuId>) -> SkuWork {
        let dense = SkuId::try_from(dense).unwrap_or(SkuId::MAX);
        let step = step
            .unwrap_or((dense / SKU_RANGES).max(MIN_SKU_RANGE))
            .max(1);
        let mut ranges = Vec::new();
        let mut first: SkuId = 0;
        while dense.saturating_sub(first) > step {
            ranges.push((first, first + step - 1));
            first += step;
        }
        ranges.push((first, SkuId::MAX));
        SkuWork {
            ranges,
            next: std::sync::atomic::AtomicUsize::new(0),
            failed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Checks ranges until none is left (or one failed), each with its index.
    fn take(&self, r: &impl Reader) -> Vec<(usize, Result<SkuPart>)> {
        use std::sync::atomic::Ordering::Relaxed;
        let mut out = Vec::new();
        while !self.failed.load(Relaxed) {
            let i = self.next.fetch_add(1, Relaxed);
            let Some(&(first, last)) = self.ranges.get(i) else {
                break;
            };
            let part = check_sku_range(r, first, last);
            if part.is_err() {
                self.failed.store(true, Relaxed);
            }
            out.push((i, part));
        }
        out
    }

    /// The ranges back in id order, as one pass over the SKUs would have found them: each
    /// index problem in id order, then each clash once, sorted, then the stored count
    /// against the SKUs read. The ids, sorted.
    fn merge(
        &self,
        r: &impl Reader,
        mut done: Vec<(usize, Result<SkuPart>)>,
        found: &mut Found,
    ) -> Result<Vec<SkuId>> {
        done.sort_unstable_by_key(|(i, _)| *i);
        // Each range once, all of them, unless one failed (then the first failure).
        let mut ids: Vec<SkuId> = Vec::new();
        let mut clashes = std::collections::BTreeSet::new();
        let mut expect = 0usize;
        for (i, part) in done {
            if i != expect {
                break;
            }
            let part = part?;
            expect += 1;
            ids.extend_from_slice(&part.ids);
            found.extend(part.found);
            clashes.extend(part.clashes);
        }
        if expect != self.ranges.len() {
            return Err(
                crate::store::StoreError::Corrupt("the SKUs were not all read".into()).into(),
            );
        }
        for (code_of, barcode_of, value) in clashes {
            found.push(Problem::CodeClash(CodeClash {
                code_of,
                barcode_of,
                value,
            }));
        }
        if r.sku_count()? != ids.len() as u64 {
            found.push(Problem::BadIndex {
                detail: format!("SKU count: {} stored, {} SKUs", r.sku_count()?, ids.len()),
            });
        }
        // Ids come in key order; sorted here too, so a lookup never depends on it.
        ids.sort_unstable();
        Ok(ids)
    }
}

/// Streams the SKUs with ids `first..=last`: each is found by its code and barcodes, and
/// each clash between a code and a barcode is kept (named once, after every range).
fn check_sku_range(r: &impl Reader, first: SkuId, last: SkuId) -> Result<SkuPart> {
    let mut part = SkuPart {
        ids: Vec::new(),
        found: Found::default(),
        clashes: std::collections::BTreeSet::new(),
    };
    let mut failed = None;
    r.for_each_sku_indexed(first, last, &mut |s, ix| {
        part.ids.push(s.id);
        match check_indexed(r, &s, &ix, &mut part.found, &mut part.clashes) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(part),
    }
}

/// Replays every ledger entry in order into `cells` and `held`: gapless sequence
/// numbers, and the levels each entry records equal to the levels replayed up to it. How
/// many entries there are.
fn replay_ledger(
    r: &impl Reader,
    cells: &mut Cells,
    held: &mut Held,
    found: &mut Found,
) -> Result<u64> {
    let mut expected_seq = 1u64;
    let mut entries = 0u64;
    let kits = super::kits_check::first_components(r)?;
    // In seq order as stored; searched, never walked in step with the ledger.
    let mut marks: Vec<(u64, crate::domain::kit::KitMark)> = r.kit_marks()?;
    marks.sort_unstable_by_key(|(seq, _)| *seq);
    r.for_each_movement(&mut |m| {
        entries += 1;
        if m.seq != expected_seq {
            found.push(Problem::SeqGap {
                expected: expected_seq,
                found: m.seq,
            });
        }
        expected_seq = m.seq + 1;
        let here = cells.find(m.sku, m.location);
        let before = here.map(|i| cells.cells[i].levels).unwrap_or_default();
        match m.delta.apply(&before) {
            Some(after) => {
                if after != m.after {
                    found.push(Problem::AfterMismatch {
                        seq: m.seq,
                        stored: m.after,
                        replayed: after,
                    });
                }
                match here {
                    Some(i) => cells.cells[i].levels = after,
                    None => cells.at(m.sku, m.location).levels = after,
                }
            }
            None => found.push(Problem::BelowZero { seq: m.seq }),
        }
        if let MovementKind::Transfer { to } = m.kind {
            let there = cells.find(m.sku, to);
            let b = there.map(|i| cells.cells[i].levels).unwrap_or_default();
            let arrive = crate::domain::Delta {
                on_hand: m.qty as i64,
                ..Default::default()
            };
            match arrive.apply(&b) {
                Some(after) => {
                    if Some(after) != m.after_to {
                        found.push(Problem::AfterMismatch {
                            seq: m.seq,
                            stored: m.after_to.unwrap_or_default(),
                            replayed: after,
                        });
                    }
                    cells.at(m.sku, to).levels = after;
                }
                None => found.push(Problem::BelowZero { seq: m.seq }),
            }
        }
        // A kit's reservation holds kits: its first component's entries count them.
        let mark = match marks.binary_search_by_key(&m.seq, |(seq, _)| *seq) {
            Ok(i) => marks.get(i).map(|(_, k)| k),
            Err(_) => None,
        };
        let qty = match mark {
            Some(k) if kits.get(&k.kit) == Some(&m.sku) => Some(k.kits),
            Some(k) if !kits.contains_key(&k.kit) => Some(m.qty),
            Some(_) => None,
            None => Some(m.qty),
        };
        if let (Some(id), Some(qty)) = (m.reservation, qty) {
            let e = held.entry(id);
            match m.kind {
                MovementKind::Reserve => *e += qty,
                MovementKind::Ship | MovementKind::Release | MovementKind::Expire => {
                    *e = e.saturating_sub(qty)
                }
                _ => {}
            }
        }
        true
    })?;
    Ok(entries)
}

/// The stored levels, read once in key order, against the replayed ones both ways, and
/// their reserved against what the open reservations hold (`not_held`). How many rows are
/// stored, and the rows of kits (for the kit checks).
#[allow(clippy::type_complexity)]
fn check_levels(
    r: &impl Reader,
    cells: &mut Cells,
    is_kit: &dyn Fn(SkuId) -> bool,
    code: &dyn Fn(SkuId) -> String,
    found: &mut Found,
    not_held: &mut Found,
) -> Result<(u64, HashMap<(SkuId, LocationId), Levels>)> {
    let mut rows = 0u64;
    let mut kit_rows = HashMap::new();
    r.for_each_levels(&mut |s, l, lv| {
        rows += 1;
        let (replayed, h) = match cells.find(s, l) {
            Some(i) => {
                let c = &mut cells.cells[i];
                c.stored = true;
                (c.levels, c.held_open)
            }
            None => (Levels::default(), 0),
        };
        if replayed != lv && !found.full() {
            found.push(Problem::LevelMismatch {
                sku: code(s),
                location: l,
                stored: lv,
                replayed,
            });
        }
        if lv.reserved != h && !not_held.full() {
            not_held.push(Problem::ReservedNotHeld {
                sku: code(s),
                location: l,
                reserved: lv.reserved,
                held_by_open: h,
            });
        }
        if is_kit(s) {
            kit_rows.insert((s, l), lv);
        }
    })?;
    for s in cells.skus() {
        for c in cells.of(s) {
            if !c.stored && !c.levels.is_zero() && !found.full() {
                found.push(Problem::LevelMismatch {
                    sku: code(s),
                    location: c.loc,
                    stored: Levels::default(),
                    replayed: c.levels,
                });
            }
        }
    }
    Ok((rows, kit_rows))
}

/// Reservations, read once in id order: remaining as the ledger says, the indexes of open
/// ones, backorders and hold deadlines. What the open ones hold goes into `cells` (for the
/// stored reserved levels) and `kit_holds` (for the kit checks). How many reservations
/// there are.
fn check_reservations(
    r: &impl Reader,
    held: &Held,
    cells: &mut Cells,
    kits: &[crate::domain::kit::Kit],
    kit_holds: &mut KitHolds,
    found: &mut Found,
) -> Result<u64> {
    let parts_of: HashMap<SkuId, &[crate::domain::kit::KitPart]> =
        kits.iter().map(|k| (k.kit, k.parts.as_slice())).collect();
    // Both in id order: walked side by side.
    let open_ids = r.open_reservation_ids()?;
    let mut next_open = 0usize;
    let no_record =
        |id: u64| crate::store::StoreError::Corrupt(format!("open reservation {id} has no record"));
    let mut count = 0u64;
    let mut want_back: Vec<(SkuId, u64)> = Vec::new();
    let mut want_holds: Vec<(i64, u64)> = Vec::new();
    let mut failed: Option<super::Error> = None;
    r.for_each_reservation(&mut |res| {
        if failed.is_some() {
            return;
        }
        count += 1;
        if let Some(&id) = open_ids.get(next_open)
            && id < res.id
        {
            failed = Some(no_record(id).into());
            return;
        }
        let in_index = open_ids.get(next_open) == Some(&res.id);
        if in_index {
            next_open += 1;
        }
        let replayed = held.get(res.id);
        if replayed != res.remaining {
            found.push(Problem::ReservationMismatch {
                id: res.id,
                stored_remaining: res.remaining,
                replayed_remaining: replayed,
            });
        }
        if res.status.is_open() {
            let parts = parts_of.get(&res.sku);
            let made = match parts {
                Some(_) => match super::kits_made::reservation_is_made(r, res.sku, res.id) {
                    Ok(m) => m,
                    Err(e) => {
                        failed = Some(e);
                        return;
                    }
                },
                None => false,
            };
            match parts.filter(|_| !made) {
                // A kit's open reservation holds its components (or made kits).
                Some(parts) => {
                    for p in parts.iter() {
                        let c = cells.at(p.sku, res.location);
                        c.held_open = c
                            .held_open
                            .saturating_add(res.remaining.saturating_mul(p.qty));
                    }
                }
                None => {
                    let c = cells.at(res.sku, res.location);
                    c.held_open = c.held_open.saturating_add(res.remaining);
                }
            }
            if parts.is_some() && in_index {
                let to = if made {
                    &mut kit_holds.want_made
                } else {
                    &mut kit_holds.want
                };
                *to.entry((res.sku, res.location)).or_default() += res.remaining;
            }
            if let Some(d) = res.deadline {
                want_holds.push((d, res.id));
            }
        }
        if res.status.in_queue() != in_index {
            found.push(Problem::BadIndex {
                detail: format!("open-reservation index, reservation {}", res.id),
            });
        }
        if res.status == crate::domain::ReservationStatus::Backorder {
            want_back.push((res.sku, res.id));
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    if let Some(&id) = open_ids.get(next_open) {
        return Err(no_record(id).into());
    }
    // The backorder and hold-deadline indexes name exactly the reservations they should.
    want_back.sort_unstable();
    if r.all_backorders()? != want_back {
        found.push(Problem::BadIndex {
            detail: "backorder index".into(),
        });
    }
    want_holds.sort_unstable();
    if r.all_holds()? != want_holds {
        found.push(Problem::BadIndex {
            detail: "hold-deadline index".into(),
        });
    }
    Ok(count)
}

/// A SKU is found by its code and by each of its barcodes.
/// One SKU against what its indexes say (`Reader::for_each_sku_indexed`): found by its
/// code and barcodes, and each clash between a code and a barcode (the other SKU's
/// record is read only for a clash).
fn check_indexed(
    r: &impl Reader,
    s: &crate::domain::Sku,
    ix: &crate::store::SkuIndexed,
    found: &mut Found,
    clashes: &mut std::collections::BTreeSet<(String, String, String)>,
) -> Result<()> {
    if ix.by_code != Some(s.id) {
        found.push(Problem::BadIndex {
            detail: format!("code index, SKU {}", s.code),
        });
    }
    for (b, id) in s.barcodes.iter().zip(&ix.by_barcode) {
        if *id != Some(s.id) {
            found.push(Problem::BadIndex {
                detail: format!("barcode index, {b}"),
            });
        }
    }
    let other_code = |o: Option<SkuId>| -> Result<Option<String>> {
        match o.filter(|o| *o != s.id) {
            Some(o) => Ok(r.sku(o)?.map(|other| other.code)),
            None => Ok(None),
        }
    };
    if let Some(other) = other_code(ix.code_as_barcode)? {
        clashes.insert((s.code.clone(), other, s.code.clone()));
    }
    for (b, id) in s.barcodes.iter().zip(&ix.barcode_as_code) {
        if let Some(other) = other_code(*id)? {
            clashes.insert((other, s.code.clone(), b.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Sku;
    use crate::store::Store;

    /// A file whose SKUs and indexes are damaged in several places, far apart in id order,
    /// and whose stored levels disagree with its (empty) ledger.
    fn damaged(path: &std::path::Path) -> Store {
        let store = Store::open_or_create(path).expect("create");
        let w = store.begin_write().expect("write");
        let mut skus: Vec<Sku> = (1..=60)
            .map(|i| {
                let mut s = Sku::new(i, &format!("SKU-{i:03}"), "Товар");
                s.barcodes.push(format!("46000000{i:05}"));
                s
            })
            .collect();
        // A code that is also another SKU's barcode, both ways round, and an id far
        // beyond the others.
        skus[6].barcodes.push("SKU-030".into());
        skus[44].code = "4600000000003".into();
        let mut far = Sku::new(4_000_000, "FAR-1", "Далеко");
        far.barcodes.push("sku-012".into());
        skus.push(far);
        w.put_skus(&skus).expect("skus");
        // Two SKUs under one code and one barcode: the index finds only the later one.
        let mut dup = Sku::new(61, "SKU-020", "Двойник");
        dup.barcodes.push("4600000000050".into());
        w.put_sku(&dup).expect("dup");
        w.put_sku(&Sku::new(62, "SKU-055", "Ещё двойник"))
            .expect("dup");
        // Levels no ledger entry made.
        for id in [3, 33, 4_000_000] {
            let lv = Levels {
                on_hand: 5,
                reserved: 2,
                ..Levels::default()
            };
            w.put_levels(id, 1, &lv).expect("levels");
        }
        w.commit().expect("commit");
        store
    }

    #[test]
    fn the_skus_read_in_ranges_find_what_one_pass_finds_in_the_same_order() {
        let dir = tempfile::tempdir().expect("dir");
        let store = damaged(&dir.path().join("stock.redb"));
        let r = store.begin_read().expect("read");
        let whole = run_in_ranges(&r, Some(SkuId::MAX)).expect("check");
        let sku_count = whole.skus;
        assert_eq!(sku_count, 63);
        let bad_index: Vec<&str> = whole
            .problems
            .iter()
            .filter_map(|p| match p {
                Problem::BadIndex { detail } => Some(detail.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            bad_index,
            [
                "code index, SKU SKU-020",
                "barcode index, 4600000000050",
                "code index, SKU SKU-055"
            ]
        );
        let clashes: Vec<&CodeClash> = whole
            .problems
            .iter()
            .filter_map(|p| match p {
                Problem::CodeClash(c) => Some(c),
                _ => None,
            })
            .collect();
        let clash = |code_of: &str, barcode_of: &str, value: &str| CodeClash {
            code_of: code_of.into(),
            barcode_of: barcode_of.into(),
            value: value.into(),
        };
        assert_eq!(
            clashes,
            [
                &clash("4600000000003", "SKU-003", "4600000000003"),
                // Found from both sides: SKU-012's code as a barcode, FAR-1's barcode as
                // a code (the same folded value, spelled two ways).
                &clash("SKU-012", "FAR-1", "SKU-012"),
                &clash("SKU-012", "FAR-1", "sku-012"),
                &clash("SKU-030", "SKU-007", "SKU-030"),
            ]
        );
        // The levels' problems come first, the SKUs' last, as they always have.
        assert!(matches!(
            whole.problems.first(),
            Some(Problem::LevelMismatch { .. })
        ));
        assert!(matches!(whole.problems.last(), Some(Problem::CodeClash(_))));
        // Cut into ranges of every size, the SKUs give the same report.
        for step in [1, 2, 3, 7, 16, 61, 62] {
            let cut = run_in_ranges(&r, Some(step)).expect("check");
            assert_eq!(cut, whole, "ranges of {step}");
        }
        assert_eq!(run(&r).expect("check"), whole);
    }

    #[test]
    fn the_ranges_cover_every_id_once_in_order() {
        let cases = [
            (0, None, 1),
            (1, None, 1),
            (5000, None, 2),
            (1 << 20, None, 64),
            (1_000_001, None, 65),
            (usize::MAX, None, 65),
            (100, Some(7), 15),
            (100, Some(1), 100),
        ];
        for (dense, step, count) in cases {
            let w = SkuWork::new(dense, step);
            assert_eq!(w.ranges.len(), count, "{dense} {step:?}");
            assert_eq!(w.ranges.first().map(|r| r.0), Some(0));
            assert_eq!(w.ranges.last().map(|r| r.1), Some(SkuId::MAX));
            for pair in w.ranges.windows(2) {
                assert_eq!(pair[0].1 + 1, pair[1].0, "{dense} {step:?}");
            }
            assert!(w.ranges.iter().all(|(a, b)| a <= b));
        }
    }
}
