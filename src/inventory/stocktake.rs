//! Count sessions through the engine: start, add, undo, import, recount, apply, cancel,
//! and the reconciliation report (counted vs recorded).

use serde::{Deserialize, Serialize};

use crate::domain::stocktake::{
    CountEntry, CountSession, SessionId, SessionStatus, Tally, last_entry_of, tally, variance_pct,
};
use crate::domain::{AdjustTo, MovementKind, Refusal, Role, SkuId, quantity::format_money, rules};
use crate::store::{Reader, WriteTx};

use super::engine::{Ctx, Entry, resolve_location, resolve_sku, sku_by_id, write_entry};
use super::{Error, InputError, Located, Outcome, Result, RowError};

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
    pub status: String,
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
    pub flags: Vec<String>,
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

/// The movements that make a counted row doubtful when they come after its last entry: an
/// adjust, a write-off or a defect at the session's location. Nobody can tell whether they took
/// units from the shelf after the count or wrote down the same difference the count found.
pub fn is_ambiguous(kind: &MovementKind) -> bool {
    matches!(
        kind,
        MovementKind::Adjust | MovementKind::Writeoff | MovementKind::Defect(_)
    )
}

/// The sum of the on_hand changes of the ambiguous movements (see `is_ambiguous`) at the
/// location after `seq`; None when there were none.
fn ambiguous_after(r: &impl Reader, s: &CountSession, sku: SkuId, seq: u64) -> Result<Option<i64>> {
    let mut before = u64::MAX;
    let mut found: Option<i64> = None;
    loop {
        let page = r.movements_of_sku(sku, before, 128)?;
        for m in &page {
            if m.seq <= seq {
                return Ok(found);
            }
            // Any adjust counts: this session's own ones only come at apply, and a SKU
            // applied once is not looked at again.
            if is_ambiguous(&m.kind) && m.location == s.location {
                found = Some(found.unwrap_or(0).saturating_add(m.delta.on_hand));
            }
        }
        match page.last() {
            Some(m) if page.len() == 128 => before = m.seq,
            _ => return Ok(found),
        }
    }
}

/// Why a counted row is not applied as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// An ambiguous movement came after the row's last entry; `delta` is what it changed.
    Movement { delta: i64 },
    /// current on_hand + variance would be below 0.
    BelowZero,
}

/// The row's conflict, if any: first an ambiguous movement, then a target below 0.
pub fn conflict_of(r: &impl Reader, s: &CountSession, t: &Tally) -> Result<Option<Conflict>> {
    if let Some(delta) = ambiguous_after(r, s, t.sku, t.last_seq)? {
        return Ok(Some(Conflict::Movement { delta }));
    }
    let on_hand = r.levels(t.sku, s.location)?.on_hand;
    if (on_hand as i64).saturating_add(t.variance()) < 0 {
        return Ok(Some(Conflict::BelowZero));
    }
    Ok(None)
}

/// Open reservations of a SKU at a location that its on_hand does not cover, oldest order
/// first covered first.
pub fn short_reservations(
    r: &impl Reader,
    sku: SkuId,
    location: crate::domain::LocationId,
) -> Result<Vec<(crate::domain::Reservation, u64)>> {
    let on_hand = r.levels(sku, location)?.on_hand;
    short_with(r, sku, location, on_hand)
}

/// As `short_reservations`, with `on_hand` units at the location.
fn short_with(
    r: &impl Reader,
    sku: SkuId,
    location: crate::domain::LocationId,
    on_hand: u64,
) -> Result<Vec<(crate::domain::Reservation, u64)>> {
    let mut open: Vec<crate::domain::Reservation> = r
        .open_reservations()?
        .into_iter()
        .filter(|x| x.sku == sku && x.location == location && x.remaining > 0)
        .filter(|x| {
            matches!(
                x.status,
                crate::domain::ReservationStatus::Open | crate::domain::ReservationStatus::Picked
            )
        })
        .collect();
    open.sort_by_key(|x| (x.created, x.id));
    let mut left = on_hand;
    let mut out = Vec::new();
    for x in open {
        let covered = left.min(x.remaining);
        left -= covered;
        if covered < x.remaining {
            let short = x.remaining - covered;
            out.push((x, short));
        }
    }
    Ok(out)
}

fn short_views(r: &impl Reader, s: &CountSession, skus: &[SkuId]) -> Result<Vec<ShortReservation>> {
    let mut with = Vec::new();
    for &sku in skus {
        with.push((sku, r.levels(sku, s.location)?.on_hand));
    }
    short_views_with(r, s, &with)
}

/// Short reservations were each SKU to have the given on_hand at the session's location.
fn short_views_with(
    r: &impl Reader,
    s: &CountSession,
    skus: &[(SkuId, u64)],
) -> Result<Vec<ShortReservation>> {
    let loc = super::queries::location_names(r)?
        .get(&s.location)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for &(sku, on_hand) in skus {
        let code = sku_by_id(r, sku)?.code;
        for (x, short) in short_with(r, sku, s.location, on_hand)? {
            out.push(ShortReservation {
                reservation: x.id,
                code: code.clone(),
                order: x.order_ref.clone(),
                location: loc.clone(),
                remaining: x.remaining,
                short,
            });
        }
    }
    Ok(out)
}

/// True when on_hand at the location changed between the SKU's first and last entry.
fn moved_between(r: &impl Reader, s: &CountSession, t: &Tally) -> Result<bool> {
    if t.last_seq <= t.first_seq {
        return Ok(false);
    }
    let mut before = t.last_seq + 1;
    loop {
        let page = r.movements_of_sku(t.sku, before, 128)?;
        for m in &page {
            if m.seq <= t.first_seq {
                return Ok(false);
            }
            let here = m.location == s.location && m.delta.on_hand != 0;
            let arrived = matches!(m.kind, MovementKind::Transfer { to } if to == s.location);
            if here || arrived {
                return Ok(true);
            }
        }
        match page.last() {
            Some(m) if page.len() == 128 => before = m.seq,
            _ => return Ok(false),
        }
    }
}

pub fn session_ref(id: SessionId) -> String {
    format!("count #{id}")
}

/// SKUs in scope with stock at the location that nobody counted.
fn uncounted(r: &impl Reader, s: &CountSession, counted: &[SkuId]) -> Result<Vec<(SkuId, String)>> {
    let mut out = Vec::new();
    for sku in r.skus()? {
        if sku.archived
            || counted.contains(&sku.id)
            || s.applied.contains(&sku.id)
            || !in_scope(s, &sku.code, &sku.name)
        {
            continue;
        }
        if r.levels(sku.id, s.location)?.on_hand > 0 {
            out.push((sku.id, sku.code));
        }
    }
    Ok(out)
}

pub fn apply(
    tx: &WriteTx,
    ctx: &Ctx,
    session: SessionId,
    only: &[String],
    zero_uncounted: bool,
) -> Result<Outcome> {
    let mut s = open_session(tx, session)?;
    let entries = tx.count_entries(session)?;
    let tallies: Vec<Tally> = tally(&entries)
        .into_iter()
        .filter(|t| !s.applied.contains(&t.sku))
        .collect();
    let mut only_ids = Vec::new();
    for code in only {
        only_ids.push(resolve_sku(tx, code)?.id);
    }
    let mut sum = ApplySummary {
        session,
        ..Default::default()
    };
    let reference = session_ref(session);
    // Everything is checked first, then written: a refusal leaves no trace.
    let mut plan = Vec::new();
    for t in &tallies {
        if !only_ids.is_empty() && !only_ids.contains(&t.sku) {
            continue;
        }
        let sku = sku_by_id(tx, t.sku)?;
        let l = tx.levels(t.sku, s.location)?;
        let target = (l.on_hand as i64).saturating_add(t.variance());
        if conflict_of(tx, &s, t)?.is_some() || target < 0 {
            sum.conflicts.push(sku.code);
            continue;
        }
        plan.push((sku, l, target as u64, t.variance()));
    }
    let counted: Vec<SkuId> = tallies.iter().map(|t| t.sku).collect();
    let missing = if only_ids.is_empty() {
        uncounted(tx, &s, &counted)?
    } else {
        Vec::new()
    };
    sum.uncounted = missing.iter().map(|(_, c)| c.clone()).collect();
    for (sku, l, target, variance) in plan {
        if variance != 0 {
            let d = rules::adjust(&l, AdjustTo::Set(target))?;
            let e = Entry::new(
                &sku,
                s.location,
                MovementKind::Adjust,
                d.on_hand.unsigned_abs(),
                d,
            )
            .with_reference(Some(reference.clone()))
            .with_note(Some("stocktake".into()));
            write_entry(tx, ctx, e)?;
        }
        s.applied.push(sku.id);
        sum.applied.push((sku.code, variance));
    }
    if zero_uncounted {
        for (id, code) in &missing {
            let sku = sku_by_id(tx, *id)?;
            let l = tx.levels(*id, s.location)?;
            let d = rules::adjust(&l, AdjustTo::Set(0))?;
            let e = Entry::new(
                &sku,
                s.location,
                MovementKind::Adjust,
                d.on_hand.unsigned_abs(),
                d,
            )
            .with_reference(Some(reference.clone()))
            .with_note(Some("stocktake: not found".into()));
            write_entry(tx, ctx, e)?;
            sum.zeroed.push(code.clone());
        }
    }
    // Reservations the new on hand no longer covers.
    let mut changed: Vec<SkuId> = Vec::new();
    for code in sum.applied.iter().map(|(c, _)| c).chain(sum.zeroed.iter()) {
        changed.push(resolve_sku(tx, code)?.id);
    }
    sum.short = short_views(tx, &s, &changed)?;
    // The one rule for closing: only an apply of the whole count closes it, and only when
    // no conflict is left; a conflict keeps it open for its recount or the owner's choice.
    if only_ids.is_empty() && sum.conflicts.is_empty() {
        s.status = SessionStatus::Applied;
        sum.closed = true;
    }
    tx.put_count_session(&s)?;
    Ok(Outcome::CountApplied(sum))
}

/// The owner's choice for one row in conflict by a movement after its count: applies that
/// row alone (like `--only`), the count staying open for the rest.
pub fn resolve(
    tx: &WriteTx,
    ctx: &Ctx,
    session: SessionId,
    sku: &str,
    choice: Resolution,
) -> Result<Outcome> {
    let mut s = open_session(tx, session)?;
    let sku = resolve_sku(tx, sku)?;
    if s.applied.contains(&sku.id) {
        return Err(Refusal::CountAlreadyApplied { code: sku.code }.into());
    }
    let entries = tx.count_entries(session)?;
    let Some(t) = tally(&entries).into_iter().find(|t| t.sku == sku.id) else {
        return Err(Refusal::CountNoConflict {
            session,
            code: sku.code,
        }
        .into());
    };
    let delta = match conflict_of(tx, &s, &t)? {
        Some(Conflict::Movement { delta }) => delta,
        // In conflict only because applying would go below 0: a recount is the way out.
        Some(Conflict::BelowZero) => {
            return Err(Refusal::CountBelowZero {
                session,
                code: sku.code,
            }
            .into());
        }
        None => {
            return Err(Refusal::CountNoConflict {
                session,
                code: sku.code,
            }
            .into());
        }
    };
    let l = tx.levels(sku.id, s.location)?;
    let mut target = (l.on_hand as i64).saturating_add(t.variance());
    if choice == Resolution::CountStands {
        target = target.saturating_sub(delta);
    }
    if target < 0 {
        return Err(Refusal::CountBelowZero {
            session,
            code: sku.code,
        }
        .into());
    }
    let change = target - l.on_hand as i64;
    if change != 0 {
        let d = rules::adjust(&l, AdjustTo::Set(target as u64))?;
        let e = Entry::new(
            &sku,
            s.location,
            MovementKind::Adjust,
            d.on_hand.unsigned_abs(),
            d,
        )
        .with_reference(Some(session_ref(session)))
        .with_note(Some(choice.note().into()));
        write_entry(tx, ctx, e)?;
    }
    s.applied.push(sku.id);
    tx.put_count_session(&s)?;
    let short = short_views(tx, &s, &[sku.id])?;
    Ok(Outcome::CountApplied(ApplySummary {
        session,
        applied: vec![(sku.code, change)],
        short,
        ..Default::default()
    }))
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
        status: s.status.as_str().to_string(),
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
            flags.push("applied".to_string());
        } else {
            if moved_between(r, &s, &t)? {
                flags.push("moved".to_string());
            }
            if conflict_of(r, &s, &t)?.is_some() {
                flags.push("conflict".to_string());
            } else if s.status == SessionStatus::Open {
                let target = (l.on_hand as i64).saturating_add(t.variance());
                after_apply.push((t.sku, target.max(0) as u64));
            }
        }
        if t.counted < l.reserved {
            flags.push("shortage".to_string());
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
