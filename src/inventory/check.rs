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

pub fn run(r: &impl Reader) -> Result<CheckReport> {
    let mut problems = Vec::new();
    let mut levels: HashMap<(SkuId, LocationId), Levels> = HashMap::new();
    // reservation id -> remaining, as the ledger says
    let mut held: HashMap<ReservationId, u64> = HashMap::new();
    let mut expected_seq = 1u64;
    let mut entries = 0u64;
    let push = |p: Problem, problems: &mut Vec<Problem>| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(p);
        }
    };
    r.for_each_movement(&mut |m| {
        entries += 1;
        if m.seq != expected_seq {
            push(
                Problem::SeqGap {
                    expected: expected_seq,
                    found: m.seq,
                },
                &mut problems,
            );
        }
        expected_seq = m.seq + 1;
        let before = levels
            .get(&(m.sku, m.location))
            .copied()
            .unwrap_or_default();
        match m.delta.apply(&before) {
            Some(after) => {
                if after != m.after {
                    push(
                        Problem::AfterMismatch {
                            seq: m.seq,
                            stored: m.after,
                            replayed: after,
                        },
                        &mut problems,
                    );
                }
                levels.insert((m.sku, m.location), after);
            }
            None => push(Problem::BelowZero { seq: m.seq }, &mut problems),
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
                        push(
                            Problem::AfterMismatch {
                                seq: m.seq,
                                stored: m.after_to.unwrap_or_default(),
                                replayed: after,
                            },
                            &mut problems,
                        );
                    }
                    levels.insert((m.sku, to), after);
                }
                None => push(Problem::BelowZero { seq: m.seq }, &mut problems),
            }
        }
        if let Some(id) = m.reservation {
            let e = held.entry(id).or_default();
            match m.kind {
                MovementKind::Reserve => *e += m.qty,
                MovementKind::Ship | MovementKind::Release | MovementKind::Expire => {
                    *e = e.saturating_sub(m.qty)
                }
                _ => {}
            }
        }
        true
    })?;

    let skus: HashMap<SkuId, String> = r.skus()?.into_iter().map(|s| (s.id, s.code)).collect();
    let code = |id: SkuId| skus.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    for &(sku, _) in levels.keys() {
        if !skus.contains_key(&sku) {
            push(Problem::MissingSku { seq: 0, sku }, &mut problems);
        }
    }
    let stored = r.all_levels()?;
    let nlevels = stored.len() as u64;
    let mut stored_map = HashMap::new();
    for (s, l, lv) in stored {
        stored_map.insert((s, l), lv);
        let replayed = levels.get(&(s, l)).copied().unwrap_or_default();
        if replayed != lv {
            push(
                Problem::LevelMismatch {
                    sku: code(s),
                    location: l,
                    stored: lv,
                    replayed,
                },
                &mut problems,
            );
        }
    }
    for (&(s, l), lv) in &levels {
        if !stored_map.contains_key(&(s, l)) && !lv.is_zero() {
            push(
                Problem::LevelMismatch {
                    sku: code(s),
                    location: l,
                    stored: Levels::default(),
                    replayed: *lv,
                },
                &mut problems,
            );
        }
    }

    // Reservations: remaining as the ledger says, and reserved levels held by open ones.
    let all = r.reservations()?;
    let mut open_sum: HashMap<(SkuId, LocationId), u64> = HashMap::new();
    let open_ids: std::collections::HashSet<u64> =
        r.open_reservations()?.iter().map(|x| x.id).collect();
    for res in &all {
        let replayed = held.get(&res.id).copied().unwrap_or(0);
        if replayed != res.remaining {
            push(
                Problem::ReservationMismatch {
                    id: res.id,
                    stored_remaining: res.remaining,
                    replayed_remaining: replayed,
                },
                &mut problems,
            );
        }
        if res.status.is_open() {
            *open_sum.entry((res.sku, res.location)).or_default() += res.remaining;
        }
        if res.status.in_queue() != open_ids.contains(&res.id) {
            push(
                Problem::BadIndex {
                    detail: format!("open-reservation index, reservation {}", res.id),
                },
                &mut problems,
            );
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
        push(
            Problem::BadIndex {
                detail: "backorder index".into(),
            },
            &mut problems,
        );
    }
    let mut want_holds: Vec<(i64, u64)> = all
        .iter()
        .filter(|r| r.status.is_open())
        .filter_map(|r| r.deadline.map(|d| (d, r.id)))
        .collect();
    want_holds.sort_unstable();
    if r.all_holds()? != want_holds {
        push(
            Problem::BadIndex {
                detail: "hold-deadline index".into(),
            },
            &mut problems,
        );
    }
    for (&(s, l), lv) in &stored_map {
        let h = open_sum.get(&(s, l)).copied().unwrap_or(0);
        if lv.reserved != h {
            push(
                Problem::ReservedNotHeld {
                    sku: code(s),
                    location: l,
                    reserved: lv.reserved,
                    held_by_open: h,
                },
                &mut problems,
            );
        }
    }
    for s in r.skus()? {
        if r.sku_id_by_code(&s.code)? != Some(s.id) {
            push(
                Problem::BadIndex {
                    detail: format!("code index, SKU {}", s.code),
                },
                &mut problems,
            );
        }
        for b in &s.barcodes {
            if r.sku_id_by_barcode(b)? != Some(s.id) {
                push(
                    Problem::BadIndex {
                        detail: format!("barcode index, {b}"),
                    },
                    &mut problems,
                );
            }
        }
    }
    for c in all_clashes(r)? {
        push(Problem::CodeClash(c), &mut problems);
    }
    Ok(CheckReport {
        entries,
        skus: skus.len() as u64,
        levels: nlevels,
        reservations: all.len() as u64,
        problems,
    })
}
