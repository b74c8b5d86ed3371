//! Count sessions through the engine: start, add, undo, import, recount, apply, cancel,
//! and the reconciliation report (counted vs recorded).

use serde::{Deserialize, Serialize};

use crate::domain::stocktake::{
    CountEntry, CountFlag, CountSession, SessionId, SessionStatus, Tally, last_entry_of, tally,
    variance_pct,
};
use crate::domain::{AdjustTo, MovementKind, Refusal, Role, SkuId, quantity::format_money, rules};
use crate::store::{Reader, WriteTx};

use super::engine::{Ctx, Entry, resolve_location, resolve_sku, sku_by_id, write_entry};
use super::{Error, InputError, Located, Outcome, Result, RowError};

mod apply;

pub use apply::*;

/// One row of a count file: a code or barcode and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    pub sku: String,
    pub qty: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub session: u64,
    pub location: String,
    pub filter: Option<String>,
    pub blind: bool,
    pub status: SessionStatus,
    pub started_by: String,
    pub started: String,
    pub entries: usize,
}

/// `count diff --json` rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountLine {
    pub code: String,
    pub name: String,
    pub location: String,
    /// Hidden from counters in a blind session.
    pub recorded: Option<u64>,
    pub counted: u64,
    pub variance: Option<i64>,
    pub variance_pct: Option<f64>,
    /// cost x variance, when the cost is known.
    pub value: Option<String>,
    pub value_minor: Option<i64>,
    pub flags: Vec<CountFlag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CountTotals {
    pub counted_skus: usize,
    pub with_variance: usize,
    pub net_units: i64,
    pub gross_units: u64,
    pub net_value: String,
    pub gross_value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub n: u64,
    pub code: String,
    pub qty: u64,
    pub counter: String,
    pub undone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountReport {
    pub session: SessionView,
    pub rows: Vec<CountLine>,
    /// In scope, on hand, not counted: changed only with --zero-uncounted.
    pub uncounted: Vec<String>,
    pub totals: CountTotals,
    /// The latest entries, newest first.
    pub recent: Vec<EntryView>,
    /// Whether recorded quantities are shown to this viewer.
    pub shows_recorded: bool,
    /// Reservations that applying the rows as they stand would leave short (none for a
    /// counter in a blind count).
    #[serde(default)]
    pub would_short: Vec<ShortReservation>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplySummary {
    pub session: u64,
    /// (code, variance) of every SKU adjusted.
    pub applied: Vec<(String, i64)>,
    /// Adjusted by something else after their count: not applied, recount them.
    pub conflicts: Vec<String>,
    /// Uncounted SKUs set to zero (`--zero-uncounted`).
    pub zeroed: Vec<String>,
    pub uncounted: Vec<String>,
    pub closed: bool,
    /// Open reservations that the new on hand no longer covers (oldest order first).
    #[serde(default)]
    pub short: Vec<ShortReservation>,
}

/// A reservation whose units are not all on the shelf any more: `short` of its `remaining`
/// units are missing at its location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortReservation {
    pub reservation: u64,
    pub code: String,
    pub order: String,
    pub location: String,
    pub remaining: u64,
    pub short: u64,
}

/// The owner's explicit choice for a row in conflict by a movement after its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The shelf held what was counted: the movement only brought the books to it.
    /// new on_hand = current on_hand + variance - what the movement changed.
    CountStands,
    /// The movement took (or brought) units after they were counted.
    /// new on_hand = current on_hand + variance.
    MovementAfter,
}

impl Resolution {
    pub fn note(self) -> &'static str {
        match self {
            Resolution::CountStands => "stocktake: the count stands",
            Resolution::MovementAfter => "stocktake: the movement came after the count",
        }
    }
}

fn open_session(r: &impl Reader, id: SessionId) -> Result<CountSession> {
    let s = r
        .count_session(id)?
        .ok_or(super::InputError::UnknownCountSession(id))?;
    if s.status != SessionStatus::Open {
        return Err(Refusal::CountSessionClosed { session: id }.into());
    }
    Ok(s)
}

pub fn start(
    tx: &WriteTx,
    ctx: &Ctx,
    at: Option<&str>,
    filter: Option<&str>,
    blind: bool,
) -> Result<Outcome> {
    let loc = resolve_location(tx, at)?;
    if let Some(open) = tx
        .count_sessions()?
        .into_iter()
        .find(|s| s.status == SessionStatus::Open && s.location == loc.id)
    {
        return Err(Refusal::CountSessionOpen {
            location: loc.name,
            session: open.id,
        }
        .into());
    }
    let filter = filter
        .map(|f| super::engine::check_text("filter", f, 100))
        .transpose()?;
    let id = tx.count_sessions()?.iter().map(|s| s.id).max().unwrap_or(0) + 1;
    tx.put_count_session(&CountSession {
        id,
        location: loc.id,
        filter,
        blind,
        status: SessionStatus::Open,
        started_by: ctx.actor.clone(),
        started: ctx.now,
        applied: Vec::new(),
    })?;
    Ok(Outcome::CountStarted {
        session: id,
        location: loc.name,
    })
}

fn in_scope(s: &CountSession, code: &str, name: &str) -> bool {
    match &s.filter {
        None => true,
        Some(f) => {
            let f = f.to_lowercase();
            code.to_lowercase().contains(&f) || name.to_lowercase().contains(&f)
        }
    }
}

/// Adds an entry; `qty` may be 0 (the SKU was looked for and none were there).
pub fn add(tx: &WriteTx, ctx: &Ctx, session: SessionId, sku: &str, qty: u64) -> Result<Outcome> {
    let s = open_session(tx, session)?;
    let sku = resolve_sku(tx, sku)?;
    if s.applied.contains(&sku.id) {
        return Err(Refusal::CountAlreadyApplied { code: sku.code }.into());
    }
    if qty > crate::domain::quantity::MAX_QTY {
        return Err(Error::field(
            "quantity",
            &qty.to_string(),
            crate::domain::NumberError::TooLarge,
        ));
    }
    let entries = tx.count_entries(session)?;
    // A row in conflict is not added to: this entry starts its recount, and the entries
    // before it are set aside (taken back, still listed).
    if let Some(t) = tally(&entries).into_iter().find(|t| t.sku == sku.id)
        && conflict_of(tx, &s, &t)?.is_some()
    {
        let mut set_aside = 0u64;
        for mut e in entries
            .iter()
            .filter(|e| !e.undone && e.sku == sku.id)
            .cloned()
        {
            set_aside = set_aside.saturating_add(e.qty);
            e.undone = true;
            tx.put_count_entry(&e)?;
        }
        let n = entries.last().map(|e| e.n).unwrap_or(0) + 1;
        tx.put_count_entry(&CountEntry {
            session,
            n,
            sku: sku.id,
            qty,
            counter: ctx.actor.clone(),
            at: ctx.now,
            recorded: tx.levels(sku.id, s.location)?.on_hand,
            ledger_seq: tx.last_seq()?,
            undone: false,
        })?;
        return Ok(Outcome::CountRestarted {
            session,
            code: sku.code,
            qty,
            set_aside,
            entry: n,
        });
    }
    // Entries add up; the SKU's counted total stays within what one adjust may set.
    let total = entries
        .iter()
        .filter(|e| !e.undone && e.sku == sku.id)
        .fold(qty, |a, e| a.saturating_add(e.qty));
    super::engine::check_at_most("quantity", total, crate::domain::limits::MAX_QTY)?;
    let n = entries.last().map(|e| e.n).unwrap_or(0) + 1;
    let recorded = tx.levels(sku.id, s.location)?.on_hand;
    tx.put_count_entry(&CountEntry {
        session,
        n,
        sku: sku.id,
        qty,
        counter: ctx.actor.clone(),
        at: ctx.now,
        recorded,
        ledger_seq: tx.last_seq()?,
        undone: false,
    })?;
    Ok(Outcome::Counted {
        session,
        code: sku.code,
        qty,
        counted: total,
        entry: n,
    })
}

pub fn undo(tx: &WriteTx, ctx: &Ctx, session: SessionId) -> Result<Outcome> {
    open_session(tx, session)?;
    let entries = tx.count_entries(session)?;
    let Some(last) = last_entry_of(&entries, &ctx.actor) else {
        return Err(Refusal::NothingToUndo.into());
    };
    let mut e = last.clone();
    e.undone = true;
    tx.put_count_entry(&e)?;
    let code = sku_by_id(tx, e.sku)?.code;
    Ok(Outcome::CountUndone {
        session,
        code,
        qty: e.qty,
    })
}

/// Takes back every entry of one SKU, so it is counted again from zero.
pub fn recount(tx: &WriteTx, session: SessionId, sku: &str) -> Result<Outcome> {
    open_session(tx, session)?;
    let sku = resolve_sku(tx, sku)?;
    for mut e in tx
        .count_entries(session)?
        .into_iter()
        .filter(|e| e.sku == sku.id && !e.undone)
    {
        e.undone = true;
        tx.put_count_entry(&e)?;
    }
    Ok(Outcome::MarkedForRecount {
        session,
        code: sku.code,
    })
}

/// A handheld's export, all or nothing.
pub fn import(
    tx: &WriteTx,
    ctx: &Ctx,
    session: SessionId,
    file: &str,
    rows: &[Located<CountRow>],
) -> Result<Outcome> {
    open_session(tx, session)?;
    let mut errors = Vec::new();
    // Each SKU's counted total, with what the session holds already, stays within MAX_QTY.
    let mut totals: std::collections::HashMap<SkuId, u64> = std::collections::HashMap::new();
    for e in tx.count_entries(session)?.iter().filter(|e| !e.undone) {
        let t = totals.entry(e.sku).or_default();
        *t = t.saturating_add(e.qty);
    }
    for row in rows {
        if let Ok(sku) = resolve_sku(tx, &row.row.sku) {
            let t = totals.entry(sku.id).or_default();
            *t = t.saturating_add(row.row.qty);
            if *t > crate::domain::limits::MAX_QTY && row.row.qty <= crate::domain::limits::MAX_QTY
            {
                errors.push(RowError {
                    file: file.to_string(),
                    line: row.line,
                    column: row.column_of("quantity"),
                    message: Error::at_most(
                        "quantity",
                        &t.to_string(),
                        crate::domain::limits::MAX_QTY,
                    )
                    .into(),
                });
            }
        }
        if row.row.qty > crate::domain::quantity::MAX_QTY {
            errors.push(RowError {
                file: file.to_string(),
                line: row.line,
                column: row.column_of("quantity"),
                message: Error::field(
                    "quantity",
                    &row.row.qty.to_string(),
                    crate::domain::NumberError::TooLarge,
                )
                .into(),
            });
        }
        if let Err(e) = resolve_sku(tx, &row.row.sku) {
            errors.push(RowError {
                file: file.to_string(),
                line: row.line,
                column: row.column_of("code"),
                message: e.into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    // Refused before anything is written, so a shared transaction stays clean.
    let s = open_session(tx, session)?;
    for row in rows {
        let sku = resolve_sku(tx, &row.row.sku)?;
        if s.applied.contains(&sku.id) {
            return Err(Refusal::CountAlreadyApplied { code: sku.code }.into());
        }
    }
    let mut units = 0u64;
    for row in rows {
        add(tx, ctx, session, &row.row.sku, row.row.qty)?;
        units = units.saturating_add(row.row.qty);
    }
    Ok(Outcome::CountImported {
        session,
        rows: rows.len(),
        units,
    })
}

pub fn cancel(tx: &WriteTx, session: SessionId) -> Result<Outcome> {
    let mut s = open_session(tx, session)?;
    s.status = SessionStatus::Cancelled;
    tx.put_count_session(&s)?;
    Ok(Outcome::CountCancelled { session })
}

pub fn session_ref(id: SessionId) -> String {
    format!("count #{id}")
}

pub fn session_view(r: &impl Reader, s: &CountSession) -> Result<SessionView> {
    let loc = super::queries::location_names(r)?
        .get(&s.location)
        .cloned()
        .unwrap_or_default();
    Ok(SessionView {
        session: s.id,
        location: loc,
        filter: s.filter.clone(),
        blind: s.blind,
        status: s.status,
        started_by: s.started_by.clone(),
        started: super::queries::time_text(s.started),
        entries: r.count_entries(s.id)?.iter().filter(|e| !e.undone).count(),
    })
}

pub fn list(r: &impl Reader) -> Result<Vec<SessionView>> {
    r.count_sessions()?
        .iter()
        .rev()
        .map(|s| session_view(r, s))
        .collect()
}

/// Counted vs recorded, sorted by the size of the money (then units) at stake.
pub fn report(r: &impl Reader, actor: &str, session: SessionId) -> Result<CountReport> {
    let s = r
        .count_session(session)?
        .ok_or(super::InputError::UnknownCountSession(session))?;
    let role = r.user(actor)?.map(|u| u.role);
    let shows_recorded = !(s.blind && role == Some(Role::Counter));
    let entries = r.count_entries(session)?;
    let loc = super::queries::location_names(r)?
        .get(&s.location)
        .cloned()
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut after_apply: Vec<(SkuId, u64)> = Vec::new();
    let mut totals = CountTotals::default();
    let (mut net_value, mut gross_value) = (0i64, 0i64);
    for t in tally(&entries) {
        let sku = sku_by_id(r, t.sku)?;
        let l = r.levels(t.sku, s.location)?;
        let mut flags = Vec::new();
        if s.applied.contains(&t.sku) {
            flags.push(CountFlag::Applied);
        } else {
            if moved_between(r, &s, &t)? {
                flags.push(CountFlag::Moved);
            }
            if conflict_of(r, &s, &t)?.is_some() {
                flags.push(CountFlag::Conflict);
            } else if s.status == SessionStatus::Open {
                let target = (l.on_hand as i64).saturating_add(t.variance());
                after_apply.push((t.sku, target.max(0) as u64));
            }
        }
        if t.counted < l.reserved {
            flags.push(CountFlag::Shortage);
        }
        let v = t.variance();
        let value = sku.cost.map(|c| c.saturating_mul(v));
        totals.counted_skus += 1;
        if v != 0 {
            totals.with_variance += 1;
        }
        // Money sums saturate: a count of a billion units at the largest price stays a number.
        totals.net_units = totals.net_units.saturating_add(v);
        totals.gross_units = totals.gross_units.saturating_add(v.unsigned_abs());
        net_value = net_value.saturating_add(value.unwrap_or(0));
        gross_value = gross_value.saturating_add(value.unwrap_or(0).saturating_abs());
        rows.push(CountLine {
            code: sku.code,
            name: sku.name,
            location: loc.clone(),
            recorded: shows_recorded.then_some(t.recorded),
            counted: t.counted,
            variance: shows_recorded.then_some(v),
            variance_pct: if shows_recorded {
                variance_pct(t.recorded, v)
            } else {
                None
            },
            value: if shows_recorded {
                value.map(format_money)
            } else {
                None
            },
            value_minor: if shows_recorded { value } else { None },
            flags,
        });
    }
    if shows_recorded {
        rows.sort_by_key(|r| {
            (
                std::cmp::Reverse(r.value_minor.unwrap_or(0).unsigned_abs()),
                std::cmp::Reverse(r.variance.unwrap_or(0).unsigned_abs()),
            )
        });
        totals.net_value = format_money(net_value);
        totals.gross_value = format_money(gross_value);
    } else {
        totals = CountTotals {
            counted_skus: rows.len(),
            ..Default::default()
        };
    }
    let counted: Vec<SkuId> = tally(&entries).iter().map(|t| t.sku).collect();
    let mut recent = Vec::new();
    for e in entries.iter().rev().take(20) {
        recent.push(EntryView {
            n: e.n,
            code: sku_by_id(r, e.sku)?.code,
            qty: e.qty,
            counter: e.counter.clone(),
            undone: e.undone,
        });
    }
    Ok(CountReport {
        session: session_view(r, &s)?,
        rows,
        uncounted: if s.status == SessionStatus::Open {
            uncounted(r, &s, &counted)?
                .into_iter()
                .map(|(_, c)| c)
                .collect()
        } else {
            Vec::new()
        },
        totals,
        recent,
        would_short: if shows_recorded {
            short_views_with(r, &s, &after_apply)?
        } else {
            Vec::new()
        },
        shows_recorded,
    })
}
