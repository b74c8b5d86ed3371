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
}

/// What replaying the ledger from the start gives.
struct Replay {
    entries: u64,
    levels: HashMap<(SkuId, LocationId), Levels>,
    /// Reservation id -> remaining, as the ledger says.
    held: HashMap<ReservationId, u64>,
}

pub fn run(r: &impl crate::store::economics::SalesMoneyReader) -> Result<CheckReport> {
    let mut found = Found::default();
    // The money kept per channel and per sale: every record must read (a corrupt one fails
    // the check).
    for c in r.channels()? {
        r.channel_economics(c.id)?;
    }
    r.sales_money(0)?;
    // The planned promotions likewise.
    r.promos()?;
    let replay = replay_ledger(r, &mut found)?;
    // One pass over the SKUs in id order, one record at a time: their ids (4 bytes each,
    // sorted as read) and the checks of each one's indexes; codes are read again only to
    // name a problem.
    let mut sku_problems = Found::default();
    let ids = check_skus(r, &mut sku_problems)?;
    let known = |id: SkuId| ids.binary_search(&id).is_ok();
    let code = |id: SkuId| match r.sku(id) {
        Ok(Some(s)) => s.code,
        _ => format!("#{id}"),
    };
    let mut missing: Vec<SkuId> = replay
        .levels
        .keys()
        .map(|&(sku, _)| sku)
        .filter(|&s| !known(s))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    for sku in missing {
        found.push(Problem::MissingSku { seq: 0, sku });
    }
    let stored = check_levels(r, &replay.levels, &code, &mut found)?;
    let reservations = check_reservations(r, &replay.held, &stored, &code, &mut found)?;
    super::kits_check::check(r, &stored, &code, &mut found)?;
    for p in sku_problems.0 {
        found.push(p);
    }
    Ok(CheckReport {
        entries: replay.entries,
        skus: ids.len() as u64,
        levels: stored.len() as u64,
        reservations,
        problems: found.0,
    })
}

/// Streams the SKUs: each is found by its code and barcodes, each clash between a code
/// and a barcode is named once, and the stored count of SKUs equals those read. The ids,
/// in order.
fn check_skus(r: &impl Reader, found: &mut Found) -> Result<Vec<SkuId>> {
    let mut ids: Vec<SkuId> = Vec::new();
    let mut clashes = std::collections::BTreeSet::new();
    let mut failed = None;
    r.for_each_sku_indexed(&mut |s, ix| {
        if failed.is_some() {
            return;
        }
        ids.push(s.id);
        if let Err(e) = check_indexed(r, &s, &ix, found, &mut clashes) {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
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

/// Replays every ledger entry in order: gapless sequence numbers, and the levels each
/// entry records equal to the levels replayed up to it.
fn replay_ledger(r: &impl Reader, found: &mut Found) -> Result<Replay> {
    let mut levels: HashMap<(SkuId, LocationId), Levels> = HashMap::new();
    let mut held: HashMap<ReservationId, u64> = HashMap::new();
    let mut expected_seq = 1u64;
    let mut entries = 0u64;
    let kits = super::kits_check::first_components(r)?;
    let marks: HashMap<u64, crate::domain::kit::KitMark> = r.kit_marks()?.into_iter().collect();
    r.for_each_movement(&mut |m| {
        entries += 1;
        if m.seq != expected_seq {
            found.push(Problem::SeqGap {
                expected: expected_seq,
                found: m.seq,
            });
        }
        expected_seq = m.seq + 1;
        let before = levels
            .get(&(m.sku, m.location))
            .copied()
            .unwrap_or_default();
        match m.delta.apply(&before) {
            Some(after) => {
                if after != m.after {
                    found.push(Problem::AfterMismatch {
                        seq: m.seq,
                        stored: m.after,
                        replayed: after,
                    });
                }
                levels.insert((m.sku, m.location), after);
            }
            None => found.push(Problem::BelowZero { seq: m.seq }),
        }
        if let MovementKind::Transfer { to } = m.kind {
            let b = levels.get(&(m.sku, to)).copied().unwrap_or_default();
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
                    levels.insert((m.sku, to), after);
                }
                None => found.push(Problem::BelowZero { seq: m.seq }),
            }
        }
        // A kit's reservation holds kits: its first component's entries count them.
        let qty = match marks.get(&m.seq) {
            Some(k) if kits.get(&k.kit) == Some(&m.sku) => Some(k.kits),
            Some(k) if !kits.contains_key(&k.kit) => Some(m.qty),
            Some(_) => None,
            None => Some(m.qty),
        };
        if let (Some(id), Some(qty)) = (m.reservation, qty) {
            let e = held.entry(id).or_default();
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
    Ok(Replay {
        entries,
        levels,
        held,
    })
}

/// The stored levels against the replayed ones, both ways; the stored levels.
fn check_levels(
    r: &impl Reader,
    levels: &HashMap<(SkuId, LocationId), Levels>,
    code: &dyn Fn(SkuId) -> String,
    found: &mut Found,
) -> Result<HashMap<(SkuId, LocationId), Levels>> {
    let mut stored_map = HashMap::new();
    for (s, l, lv) in r.all_levels()? {
        stored_map.insert((s, l), lv);
        let replayed = levels.get(&(s, l)).copied().unwrap_or_default();
        if replayed != lv {
            found.push(Problem::LevelMismatch {
                sku: code(s),
                location: l,
                stored: lv,
                replayed,
            });
        }
    }
    for (&(s, l), lv) in levels {
        if !stored_map.contains_key(&(s, l)) && !lv.is_zero() {
            found.push(Problem::LevelMismatch {
                sku: code(s),
                location: l,
                stored: Levels::default(),
                replayed: *lv,
            });
        }
    }
    Ok(stored_map)
}

/// Reservations: remaining as the ledger says, the indexes of open ones, backorders and
/// hold deadlines, and reserved levels held by open ones. How many reservations there are.
fn check_reservations(
    r: &impl Reader,
    held: &HashMap<ReservationId, u64>,
    stored: &HashMap<(SkuId, LocationId), Levels>,
    code: &dyn Fn(SkuId) -> String,
    found: &mut Found,
) -> Result<u64> {
    let all = r.reservations()?;
    let kits: HashMap<SkuId, Vec<crate::domain::kit::KitPart>> =
        r.kits()?.into_iter().map(|k| (k.kit, k.parts)).collect();
    let mut open_sum: HashMap<(SkuId, LocationId), u64> = HashMap::new();
    let open_ids: std::collections::HashSet<u64> =
        r.open_reservations()?.iter().map(|x| x.id).collect();
    for res in &all {
        let replayed = held.get(&res.id).copied().unwrap_or(0);
        if replayed != res.remaining {
            found.push(Problem::ReservationMismatch {
                id: res.id,
                stored_remaining: res.remaining,
                replayed_remaining: replayed,
            });
        }
        if res.status.is_open() {
            let made = kits.contains_key(&res.sku)
                && super::kits_made::reservation_is_made(r, res.sku, res.id)?;
            match kits.get(&res.sku).filter(|_| !made) {
                // A kit's open reservation holds its components (or made kits).
                Some(parts) => {
                    for p in parts {
                        *open_sum.entry((p.sku, res.location)).or_default() +=
                            res.remaining.saturating_mul(p.qty);
                    }
                }
                None => *open_sum.entry((res.sku, res.location)).or_default() += res.remaining,
            }
        }
        if res.status.in_queue() != open_ids.contains(&res.id) {
            found.push(Problem::BadIndex {
                detail: format!("open-reservation index, reservation {}", res.id),
            });
        }
    }
    // The backorder and hold-deadline indexes name exactly the reservations they should.
    let mut want_back: Vec<(SkuId, u64)> = all
        .iter()
        .filter(|r| r.status == crate::domain::ReservationStatus::Backorder)
        .map(|r| (r.sku, r.id))
        .collect();
    want_back.sort_unstable();
    if r.all_backorders()? != want_back {
        found.push(Problem::BadIndex {
            detail: "backorder index".into(),
        });
    }
    let mut want_holds: Vec<(i64, u64)> = all
        .iter()
        .filter(|r| r.status.is_open())
        .filter_map(|r| r.deadline.map(|d| (d, r.id)))
        .collect();
    want_holds.sort_unstable();
    if r.all_holds()? != want_holds {
        found.push(Problem::BadIndex {
            detail: "hold-deadline index".into(),
        });
    }
    for (&(s, l), lv) in stored {
        let h = open_sum.get(&(s, l)).copied().unwrap_or(0);
        if lv.reserved != h {
            found.push(Problem::ReservedNotHeld {
                sku: code(s),
                location: l,
                reserved: lv.reserved,
                held_by_open: h,
            });
        }
    }
    Ok(all.len() as u64)
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
