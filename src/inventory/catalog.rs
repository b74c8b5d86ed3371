//! The catalog and who may use it: SKUs (add, edit, rename, archive, import), locations,
//! channels and users. Called by the engine's dispatch; the rules are checked before anything is written.

use crate::domain::{
    self, AdjustTo, Channel, ChannelKind, Location, LocationId, MovementKind, Refusal, Role, Sku,
    SkuId, User, rules,
};
use crate::store::{Reader, WriteTx};

use super::engine::*;
use super::{
    Error, FieldProblem, ImportSummary, InputError, Located, Outcome, Result, SkuSpec, StockRow,
};

pub(super) fn run_add_sku(
    tx: &WriteTx,
    spec: &SkuSpec,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let sku = new_sku(tx, spec, next_sku_id(tx)?)?;
    tx.put_sku(&sku)?;
    touched.push(sku.id);
    Ok(Outcome::SkuSaved {
        code: sku.code,
        created: true,
    })
}

pub(super) fn run_edit_sku(
    tx: &WriteTx,
    spec: &SkuSpec,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let old = resolve_sku(tx, &spec.code)?;
    let sku = edit_sku(tx, &old, spec)?;
    tx.put_sku(&sku)?;
    touched.push(sku.id);
    Ok(Outcome::SkuSaved {
        code: sku.code,
        created: false,
    })
}

pub(super) fn run_rename_sku(
    tx: &WriteTx,
    spec: &SkuSpec,
    code: &Option<String>,
    remove_barcodes: &[String],
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let old = resolve_sku(tx, &spec.code)?;
    let mut s = old.clone();
    if let Some(c) = code {
        let c = check_code("code", c)?;
        if let Some(o) = tx.sku_id_by_code(&c)?.filter(|o| *o != s.id) {
            return Err(InputError::DuplicateCode(sku_by_id(tx, o)?.code).into());
        }
        if let Some(o) = tx.sku_id_by_barcode(&c)?.filter(|o| *o != s.id) {
            return Err(InputError::CodeIsBarcode {
                code: c,
                owner: sku_by_id(tx, o)?.code,
            }
            .into());
        }
        s.code = c;
    }
    for b in remove_barcodes {
        let key = domain::limits::code_key(b);
        let before = s.barcodes.len();
        s.barcodes.retain(|o| domain::limits::code_key(o) != key);
        if s.barcodes.len() == before {
            return Err(Error::field(
                "barcode",
                b,
                FieldProblem::OneOf(old.barcodes.clone()),
            ));
        }
    }
    let sku = edit_sku(tx, &s, spec)?;
    tx.put_sku(&sku)?;
    touched.push(sku.id);
    // The last clash of an older file renamed away: mark the file clean, so
    // nothing looks for clashes again.
    if tx.meta(crate::store::NAMESPACE_CLEAN)?.is_none()
        && super::check::all_clashes(tx)?.is_empty()
    {
        tx.set_meta(crate::store::NAMESPACE_CLEAN, &[1])?;
    }
    Ok(Outcome::SkuSaved {
        code: sku.code,
        created: false,
    })
}

/// Archives a SKU (`archived` true) or brings it back from the archive.
pub(super) fn run_archive_sku(
    tx: &WriteTx,
    sku: &str,
    archived: bool,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut s = resolve_sku(tx, sku)?;
    let changed = s.archived != archived;
    if changed {
        s.archived = archived;
        tx.put_sku(&s)?;
        touched.push(s.id);
    }
    Ok(Outcome::SkuArchived {
        code: s.code,
        archived,
        changed,
    })
}

pub(super) fn run_add_location(tx: &WriteTx, name: &str, default: &bool) -> Result<Outcome> {
    let name = check_name("location", name, domain::limits::MAX_NAME)?;
    // Named as it is stored: "Shop", whatever spelling was typed.
    if let Some(old) = find_location(tx, &name)? {
        return Err(InputError::DuplicateLocation(old.name).into());
    }
    let id = next_location_id(tx)?;
    tx.put_location(&Location {
        id,
        name: name.clone(),
    })?;
    if *default {
        tx.set_meta(META_DEFAULT_LOCATION, &id.to_le_bytes())?;
    }
    Ok(Outcome::LocationAdded { name })
}

pub(super) fn run_add_channel(
    tx: &WriteTx,
    name: &str,
    kind: &ChannelKind,
    priority: &u32,
) -> Result<Outcome> {
    let name = check_name("channel", name, domain::limits::MAX_NAME)?;
    if let Some(old) = find_channel(tx, &name)? {
        return Err(InputError::DuplicateChannel(old.name).into());
    }
    if *priority == 0 {
        return Err(Error::field("priority", "0", domain::NumberError::Zero));
    }
    check_at_most(
        "priority",
        u64::from(*priority),
        domain::limits::MAX_PRIORITY,
    )?;
    let id = tx
        .channels()?
        .iter()
        .map(|c| c.id)
        .max()
        .unwrap_or(0)
        .checked_add(1)
        .ok_or_else(|| {
            Error::field(
                "channel",
                &name,
                FieldProblem::TooMany {
                    max: u64::from(u16::MAX),
                },
            )
        })?;
    tx.put_channel(&Channel::new(id, &name, *kind, *priority))?;
    Ok(Outcome::ChannelAdded { name })
}

pub(super) fn run_add_user(tx: &WriteTx, name: &str, role: &Role) -> Result<Outcome> {
    let name = check_code("user", name)?;
    if tx.user(&name)?.is_some_and(|u| u.role == Role::Owner) && *role != Role::Owner {
        ensure_other_owner(tx, &name)?;
    }
    tx.put_user(&User {
        name: name.clone(),
        role: *role,
    })?;
    Ok(Outcome::UserSaved { name, role: *role })
}

pub(super) fn run_remove_user(tx: &WriteTx, name: &str) -> Result<Outcome> {
    let u = tx
        .user(name)?
        .ok_or_else(|| InputError::UnknownUser(name.to_string()))?;
    if u.role == Role::Owner {
        ensure_other_owner(tx, name)?;
    }
    tx.remove_user(name)?;
    Ok(Outcome::UserRemoved { name: u.name })
}

pub(super) fn run_import_skus(
    tx: &WriteTx,
    ctx: &Ctx,
    file: &str,
    rows: &[Located<SkuSpec>],
    stock: &[Located<StockRow>],
    dry_run: &bool,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    touched.reserve(rows.len() + stock.len());
    let next = tx.last_sku_id()?.unwrap_or(0);
    // With stock to write there is work for both cores (see `import_on_two_cores`), when
    // each stock row is a SKU row's own (as `sku_rows` reads them), so that it finds its
    // SKU by its line; a snapshot shows the SKU tables as this transaction found them,
    // unless an earlier command of the same transaction has written them.
    let own_rows = || {
        let lines: std::collections::HashSet<u64> = rows.iter().map(|r| r.line).collect();
        stock.iter().all(|r| lines.contains(&r.line))
    };
    let snapshot = if stock.is_empty() || !own_rows() {
        None
    } else {
        tx.sku_snapshot()?
    };
    let mut sum = match snapshot {
        Some(snapshot) => {
            import_on_two_cores(tx, ctx, file, rows, stock, &snapshot, next, touched)?
        }
        None => {
            let (checked, errors) = check_skus(&tx.sku_index()?, next, file, rows, |_| {})?;
            if !errors.is_empty() {
                return Err(refused(tx, file, &checked, errors, stock));
            }
            touched.extend(checked.ids());
            for chunk in &checked.chunks {
                write_skus(tx, chunk)?;
            }
            let mut sum = checked.sum.clone();
            if !stock.is_empty() {
                let st = import_stock(tx, ctx, file, stock, touched)?;
                sum.movements = st.movements;
                sum.created_locations = st.created_locations;
            }
            sum
        }
    };
    sum.dry_run = *dry_run;
    Ok(Outcome::Imported(sum))
}

/// The SKU rows' errors and, with them, those of the stock rows whose SKU row is good, so
/// that one run names every bad row. (The stock check reads no SKU table.)
fn refused(
    tx: &WriteTx,
    file: &str,
    checked: &CheckedSkus,
    mut errors: Vec<super::RowError>,
    stock: &[Located<StockRow>],
) -> Error {
    if !stock.is_empty() {
        let saved = checked.by_line();
        match check_stock(tx, file, stock, Some(&saved)) {
            Err(Error::Input(InputError::Rows(more))) => errors.extend(more),
            Err(e @ Error::Store(_)) => return e,
            _ => {}
        }
    }
    errors.sort_by_key(|e| (e.line, e.column));
    InputError::Rows(errors).into()
}

/// A SKU file with stock, on the two cores: this one checks the SKU rows against the
/// snapshot while the other writes the SKUs already checked, a chunk at a time; then this
/// one checks and writes the stock rows (locations, levels, ledger) while the other
/// finishes the SKUs. One transaction, all or nothing as before: a bad row anywhere and
/// the caller drops the transaction with whatever was written into it.
#[allow(clippy::too_many_arguments)]
fn import_on_two_cores(
    tx: &WriteTx,
    ctx: &Ctx,
    file: &str,
    rows: &[Located<SkuSpec>],
    stock: &[Located<StockRow>],
    snapshot: &crate::store::SkuSnapshot,
    next: SkuId,
    touched: &mut Vec<SkuId>,
) -> Result<ImportSummary> {
    std::thread::scope(|s| {
        let (send, ready) = std::sync::mpsc::channel::<ToWrite>();
        let writer = s.spawn(move || -> Result<()> {
            for job in ready {
                match job {
                    ToWrite::Skus(chunk) => write_skus(tx, &chunk)?,
                    ToWrite::LedgerIndex(held) => tx.put_ledger_index(&held)?,
                }
            }
            Ok(())
        });
        // A writer that stopped has its error to give when joined.
        let hand = |job: ToWrite| {
            let _ = send.send(job);
        };
        let checked = check_skus(snapshot, next, file, rows, |chunk| {
            hand(ToWrite::Skus(chunk))
        });
        let (checked, errors) = checked?;
        if !errors.is_empty() {
            return Err(refused(tx, file, &checked, errors, stock));
        }
        touched.extend(checked.ids());
        let mut sum = checked.sum.clone();
        let saved = checked.by_line();
        let written = |w: std::thread::ScopedJoinHandle<'_, Result<()>>| {
            w.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        // Every row is good, so each stock row's line has its SKU: no SKU table is read.
        // The ledger's per-SKU index goes to the other core, which has less to do.
        let mut to_writer = |held: HeldIndex| hand(ToWrite::LedgerIndex(held));
        let st = check_stock(tx, file, stock, Some(&saved))
            .and_then(|(st, plan)| write_stock(tx, ctx, st, plan, touched, Some(&mut to_writer)));
        drop(send);
        written(writer)?;
        let st = st?;
        sum.movements = st.movements;
        sum.created_locations = st.created_locations;
        Ok(sum)
    })
}

/// Per-SKU ledger index entries held for the other core to write.
type HeldIndex = Vec<(SkuId, crate::domain::Seq)>;

/// What the writing core of `import_on_two_cores` is given to write.
enum ToWrite {
    Skus(std::sync::Arc<SkuChunk>),
    LedgerIndex(HeldIndex),
}

pub(super) fn run_import_stock(
    tx: &WriteTx,
    ctx: &Ctx,
    file: &str,
    rows: &[Located<StockRow>],
    dry_run: &bool,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut sum = import_stock(tx, ctx, file, rows, touched)?;
    sum.dry_run = *dry_run;
    Ok(Outcome::Imported(sum))
}

/// The SKUs this same import checked, by the file line of their row.
type Saved<'a> = std::collections::HashMap<u64, &'a Sku>;

/// A checked stock row: the SKU, its location (Ok: existing; Err: the name of one to
/// create) and the quantity to set.
type Planned<'a> = (
    std::borrow::Cow<'a, Sku>,
    std::result::Result<Location, String>,
    u64,
);

/// A stock file: every row checked, then written.
pub(crate) fn import_stock(
    tx: &WriteTx,
    ctx: &Ctx,
    file: &str,
    rows: &[Located<StockRow>],
    touched: &mut Vec<SkuId>,
) -> Result<ImportSummary> {
    let (sum, plan) = check_stock(tx, file, rows, None)?;
    write_stock(tx, ctx, sum, plan, touched, None)
}

/// Checks every stock row; nothing is written. `saved`: the SKU of each row's line, when
/// the same import's SKU rows were just checked (then the SKU tables are not read, and a
/// row whose SKU row was refused is passed over: its error is already said).
fn check_stock<'a>(
    tx: &WriteTx,
    file: &str,
    rows: &[Located<StockRow>],
    saved: Option<&Saved<'a>>,
) -> Result<(ImportSummary, Vec<Planned<'a>>)> {
    let sum = ImportSummary {
        rows: rows.len(),
        ..Default::default()
    };
    let mut plan: Vec<Planned<'_>> = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::with_capacity(rows.len());
    // Read once for all rows.
    let locations = tx.locations()?;
    let default = default_location_id(tx)?.and_then(|id| locations.iter().find(|l| l.id == id));
    let keyed: Vec<(String, &Location)> = locations
        .iter()
        .map(|l| (domain::limits::name_key(&l.name), l))
        .collect();
    let by_name = |name: &str| {
        let key = domain::limits::name_key(name);
        keyed
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| (*l).clone())
    };
    // Kits are few: read once, not a table opened per row.
    let kits: std::collections::HashSet<SkuId> = crate::store::kits::KitReader::kits(tx)?
        .iter()
        .map(|k| k.kit)
        .collect();
    // A file without a code column names its SKUs by barcode: a repeat is then a barcode's.
    let layout = super::shared_layout(rows);
    let key_field =
        if layout.iter().any(|(f, _)| f == "code") || !layout.iter().any(|(f, _)| f == "barcode") {
            "code"
        } else {
            "barcode"
        };
    let index = match saved {
        Some(_) => None,
        None => Some(tx.sku_index()?),
    };
    for (i, row) in rows.iter().enumerate() {
        let r = &row.row;
        if let Some(index) = &index
            && i % PREFETCH_ROWS == 0
        {
            let window = &rows[i..rows.len().min(i + PREFETCH_ROWS)];
            let names: Vec<&str> = window.iter().map(|r| r.row.sku.trim()).collect();
            index.prefetch(&names)?;
        }
        if saved.is_some_and(|m| !m.contains_key(&row.line)) {
            continue;
        }
        let res = (|| -> Result<Planned<'a>> {
            let s = match (saved.and_then(|m| m.get(&row.line)), &index) {
                (Some(s), _) => std::borrow::Cow::Borrowed(*s),
                (None, Some(index)) => std::borrow::Cow::Owned(index.resolve(&r.sku)?),
                // `run_import_skus` gives a SKU for every row's line.
                (None, None) => {
                    return Err(Error::Store(crate::inventory::StoreErrorWire::Io(format!(
                        "line {}: no SKU row for this stock row",
                        row.line
                    ))));
                }
            };
            // A kit's stock is its components': a quantity for it is refused (a 0 sets
            // nothing, as a catalog sheet's stock column may hold for every row).
            if kits.contains(&s.id) && r.on_hand > 0 {
                return Err(Refusal::KitHasNoStock {
                    code: s.code.clone(),
                }
                .into());
            }
            let loc = match &r.location {
                Some(name) => match by_name(name) {
                    Some(l) => Ok(l),
                    None => Err(check_name("location", name, domain::limits::MAX_NAME)?),
                },
                None => Ok(default.cloned().ok_or(InputError::NoDefaultLocation)?),
            };
            check_at_most("quantity", r.on_hand, domain::limits::MAX_QTY)?;
            // A location known by id; one to create by its name (no allocation a row).
            let key = (
                s.id,
                match &loc {
                    Ok(l) => Ok(l.id),
                    Err(n) => Err(domain::limits::name_key(n)),
                },
            );
            if let Some(first) = seen.insert(key, row.line) {
                // The same text, or another barcode of the same SKU: named by its code.
                return Err(Error::field(
                    key_field,
                    &r.sku,
                    FieldProblem::SameSku {
                        line: first,
                        code: s.code.clone(),
                    },
                ));
            }
            Ok((s, loc, r.on_hand))
        })();
        match res {
            Ok(p) => plan.push(p),
            Err(e @ Error::Store(_)) => return Err(e),
            Err(e) => errors.push(row_error(file, super::shared_layout(rows), row, &e)),
        }
    }
    drop(index);
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    Ok((sum, plan))
}

/// Writes checked stock rows: the locations they name first, then one adjustment each.
/// It touches the locations, levels and ledger tables only, never the SKUs'.
///
/// `hand_index`: where the per-SKU ledger index entries go, a chunk at a time, for
/// another thread to write; None writes them here.
fn write_stock(
    tx: &WriteTx,
    ctx: &Ctx,
    mut sum: ImportSummary,
    plan: Vec<Planned<'_>>,
    touched: &mut Vec<SkuId>,
    mut hand_index: Option<&mut dyn FnMut(HeldIndex)>,
) -> Result<ImportSummary> {
    let mut new_locs: Vec<String> = Vec::new();
    for (_, loc, _) in &plan {
        if let Err(name) = loc
            && !new_locs
                .iter()
                .any(|n| domain::limits::name_key(n) == domain::limits::name_key(name))
        {
            new_locs.push(name.clone());
        }
    }
    sum.created_locations = new_locs.clone();
    for name in &new_locs {
        let id = next_location_id(tx)?;
        tx.put_location(&Location {
            id,
            name: name.clone(),
        })?;
    }
    let plan = plan
        .into_iter()
        .map(|(s, loc, n)| {
            let loc = match loc {
                Ok(l) => l,
                Err(name) => resolve_location(tx, Some(&name))?,
            };
            Ok((s, loc, n))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut w = match hand_index {
        Some(_) => tx.ledger_writer_holding_index()?,
        None => tx.ledger_writer()?,
    };
    let keys: Vec<(SkuId, LocationId)> = plan.iter().map(|(s, l, _)| (s.id, l.id)).collect();
    for (i, (s, loc, n)) in plan.into_iter().enumerate() {
        if let Some(hand) = &mut hand_index
            && w.held_index_len() >= CHUNK_SKUS
        {
            hand(w.take_held_index());
        }
        if i % PREFETCH_ROWS == 0 {
            w.prefetch_levels(&keys[i..keys.len().min(i + PREFETCH_ROWS)])?;
        }
        let l = w.levels(s.id, loc.id)?;
        if l.on_hand == n {
            sum.unchanged += 1;
            continue;
        }
        let d = rules::adjust(&l, AdjustTo::Set(n))?;
        let e = Entry::new(
            &s,
            loc.id,
            MovementKind::Adjust,
            d.on_hand.unsigned_abs(),
            d,
        )
        .note(Some("import".to_string()));
        record(&mut w, ctx, e)?;
        sum.movements += 1;
        touched.push(s.id);
    }
    if let Some(hand) = &mut hand_index {
        hand(w.take_held_index());
    }
    Ok(sum)
}

/// Checked SKU rows to write: the changed SKUs and the new ones, each with the file line
/// of its row.
#[derive(Default)]
struct SkuChunk {
    old: Vec<Sku>,
    old_lines: Vec<u64>,
    new: Vec<Sku>,
    new_lines: Vec<u64>,
}

/// Checked SKU rows a chunk holds before it goes to be written.
const CHUNK_SKUS: usize = 4096;

/// The SKU rows of an import, checked: the chunks to write, and the unchanged SKUs with
/// the file line of each.
struct CheckedSkus {
    sum: ImportSummary,
    chunks: Vec<std::sync::Arc<SkuChunk>>,
    same: Vec<Sku>,
    same_lines: Vec<u64>,
}

impl CheckedSkus {
    /// The SKUs written (changed or new).
    fn ids(&self) -> impl Iterator<Item = SkuId> + '_ {
        self.chunks
            .iter()
            .flat_map(|c| c.old.iter().chain(&c.new).map(|s| s.id))
    }

    /// Every row's SKU by its line: what the same row's stock is for.
    fn by_line(&self) -> Saved<'_> {
        let mut saved = Saved::with_capacity(self.sum.rows);
        for c in &self.chunks {
            saved.extend(c.old_lines.iter().copied().zip(&c.old));
            saved.extend(c.new_lines.iter().copied().zip(&c.new));
        }
        saved.extend(self.same_lines.iter().copied().zip(&self.same));
        saved
    }
}

/// Rows whose codes and barcodes are looked up ahead at once (`SkuLookup::prefetch`).
const PREFETCH_ROWS: usize = 4096;

/// Checks every SKU row against `index`; nothing is written. Each full chunk of checked
/// rows goes to `ready` as soon as it is made, while no row has failed; `next` is the last
/// SKU id in use. The rows refused come back beside the SKUs of the good ones.
fn check_skus(
    index: &impl SkuLookup,
    mut next: SkuId,
    file: &str,
    rows: &[Located<SkuSpec>],
    mut ready: impl FnMut(std::sync::Arc<SkuChunk>),
) -> Result<(CheckedSkus, Vec<super::RowError>)> {
    let had_skus = next > 0;
    let mut sum = ImportSummary {
        rows: rows.len(),
        ..Default::default()
    };
    let mut seen_codes = std::collections::HashMap::with_capacity(rows.len());
    // A barcode's folded key -> the code of the row that has it, and that row's line.
    let mut seen_bars: std::collections::HashMap<String, (String, u64)> =
        std::collections::HashMap::with_capacity(rows.len());
    // A code's folded key -> the code as written, and its row's line.
    let mut seen_code_names: std::collections::HashMap<String, (String, u64)> =
        std::collections::HashMap::with_capacity(rows.len());
    let mut chunks = Vec::with_capacity(rows.len() / CHUNK_SKUS + 1);
    let mut chunk = SkuChunk::default();
    let (mut same, mut same_lines) = (Vec::new(), Vec::new());
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if i % PREFETCH_ROWS == 0 {
            let names: Vec<&str> = rows[i..rows.len().min(i + PREFETCH_ROWS)]
                .iter()
                .flat_map(|r| std::iter::once(&r.row.code).chain(&r.row.barcodes))
                .map(|n| n.trim())
                .collect();
            index.prefetch(&names)?;
        }
        let spec = &row.row;
        // The SKU, and whether it is new (None: unchanged).
        let res = (|| -> Result<(Sku, Option<bool>)> {
            let code = check_code("code", &spec.code)?;
            let code_key = domain::limits::code_key(&code);
            if let Some(first) = seen_codes.insert(code_key.clone(), row.line) {
                return Err(Error::field(
                    "code",
                    &code,
                    FieldProblem::Repeats { line: first },
                ));
            }
            // One namespace within the file too: a code may not be a barcode of an earlier row.
            if let Some((owner, line)) = seen_bars.get(&code_key) {
                return Err(Error::field(
                    "code",
                    &code,
                    FieldProblem::BarcodeRepeats {
                        line: *line,
                        code: owner.clone(),
                    },
                ));
            }
            seen_code_names.insert(code_key, (code.clone(), row.line));
            let sku = match index.id_by_code(&code)? {
                Some(id) => {
                    let old = index.sku_of(id)?;
                    let new = edit_sku(index, &old, spec)?;
                    if new == old {
                        sum.unchanged += 1;
                        return Ok((old, None));
                    }
                    sum.updated += 1;
                    (new, false)
                }
                None => {
                    let id = next.checked_add(1).ok_or(Refusal::Overflow)?;
                    // Against the SKUs there were: a file into an empty database has none.
                    if had_skus {
                        no_twin(index, &code)?;
                    }
                    let s = new_sku_with_free_code(index, spec, id, code.clone())?;
                    next += 1;
                    sum.created += 1;
                    (s, true)
                }
            };
            let (sku, is_new) = sku;
            for b in &sku.barcodes {
                let bar_key = domain::limits::code_key(b);
                if let Some((owner, line)) = seen_code_names.get(&bar_key).filter(|(o, _)| {
                    domain::limits::code_key(o) != domain::limits::code_key(&sku.code)
                }) {
                    return Err(Error::field(
                        "barcode",
                        b,
                        FieldProblem::CodeOfLine {
                            line: *line,
                            code: owner.clone(),
                        },
                    ));
                }
                // Another row of the file has it: named by its line, as a repeated code is.
                if let Some((code, line)) = seen_bars
                    .insert(bar_key, (sku.code.clone(), row.line))
                    .filter(|(o, _)| *o != sku.code)
                {
                    return Err(Error::field(
                        "barcode",
                        b,
                        FieldProblem::BarcodeRepeats { line, code },
                    ));
                }
            }
            Ok((sku, Some(is_new)))
        })();
        match res {
            Ok((s, None)) => {
                same.push(s);
                same_lines.push(row.line);
            }
            Ok((s, Some(false))) => {
                chunk.old.push(s);
                chunk.old_lines.push(row.line);
            }
            Ok((s, Some(true))) => {
                chunk.new.push(s);
                chunk.new_lines.push(row.line);
            }
            Err(e @ Error::Store(_)) => return Err(e),
            Err(e) => errors.push(row_error(file, super::shared_layout(rows), row, &e)),
        }
        if chunk.old.len() + chunk.new.len() >= CHUNK_SKUS {
            let full = std::sync::Arc::new(std::mem::take(&mut chunk));
            if errors.is_empty() {
                ready(full.clone());
            }
            chunks.push(full);
        }
    }
    if chunk.old.len() + chunk.new.len() > 0 {
        let last = std::sync::Arc::new(chunk);
        if errors.is_empty() {
            ready(last.clone());
        }
        chunks.push(last);
    }
    let checked = CheckedSkus {
        sum,
        chunks,
        same,
        same_lines,
    };
    Ok((checked, errors))
}

fn write_skus(tx: &WriteTx, chunk: &SkuChunk) -> Result<()> {
    tx.put_skus(&chunk.old)?;
    tx.put_new_skus(&chunk.new)?;
    Ok(())
}

pub(crate) fn fill_sku(tx: &impl SkuLookup, mut s: Sku, spec: &SkuSpec) -> Result<Sku> {
    for b in &spec.barcodes {
        let b = check_code("barcode", b)?;
        // Full-width ，；｜ are these too once folded.
        if domain::limits::code_key(&b).contains([',', ';', '|']) {
            return Err(Error::field("barcode", &b, FieldProblem::Separator));
        }
        if let Some(owner) = tx.id_by_barcode(&b)?.filter(|o| *o != s.id) {
            let owner = tx.sku_of(owner)?.code;
            return Err(InputError::DuplicateBarcode { barcode: b, owner }.into());
        }
        if let Some(o) = tx.id_by_code(&b)?.filter(|o| *o != s.id) {
            return Err(InputError::BarcodeIsCode {
                barcode: b,
                owner: tx.sku_of(o)?.code,
            }
            .into());
        }
        let key = domain::limits::code_key(&b);
        if !s
            .barcodes
            .iter()
            .any(|o| domain::limits::code_key(o) == key)
        {
            s.barcodes.push(b);
        }
    }
    if let Some(v) = &spec.supplier {
        s.supplier = Some(check_text("supplier", v, domain::limits::MAX_LONG_NAME)?);
    }
    if let Some(v) = spec.lead_days {
        s.lead_days =
            check_at_most("lead_days", u64::from(v), domain::limits::MAX_LEAD_DAYS)? as u32;
    }
    match spec.min_stock {
        Some(super::SkuSpec::AUTO) => s.min_stock = None,
        Some(v) => s.min_stock = Some(check_at_most("min", v, domain::limits::MAX_QTY)?),
        None => {}
    }
    match spec.safety_stock {
        Some(super::SkuSpec::AUTO) => s.safety_stock = None,
        Some(v) => s.safety_stock = Some(check_at_most("safety", v, domain::limits::MAX_QTY)?),
        None => {}
    }
    if let Some(v) = spec.pack_size {
        if v == 0 {
            return Err(Error::field("pack", "0", domain::NumberError::Zero));
        }
        s.pack_size = check_at_most("pack", v, domain::limits::MAX_PACK)?;
    }
    for (field, v) in [("cost", spec.cost), ("price", spec.price)] {
        if let Some(m) = v {
            if m < 0 {
                return Err(Error::field(
                    field,
                    &m.to_string(),
                    domain::NumberError::Negative,
                ));
            }
            if m > domain::limits::MAX_MONEY {
                return Err(Error::at_most(
                    field,
                    &domain::quantity::format_money(m),
                    domain::quantity::format_money(domain::limits::MAX_MONEY),
                ));
            }
        }
    }
    if spec.cost.is_some() {
        s.cost = spec.cost;
    }
    if spec.price.is_some() {
        s.price = spec.price;
    }
    if let Some(a) = spec.archived {
        s.archived = a;
    }
    Ok(s)
}

pub(crate) fn new_sku(tx: &impl SkuLookup, spec: &SkuSpec, id: SkuId) -> Result<Sku> {
    let code = check_code("code", &spec.code)?;
    if let Some(id) = tx.id_by_code(&code)? {
        // Name the code as it is stored: "x" is refused because "X" exists.
        return Err(InputError::DuplicateCode(tx.sku_of(id)?.code).into());
    }
    no_twin(tx, &code)?;
    new_sku_with_free_code(tx, spec, id, code)
}

/// A new code that reads as another SKU's in the other alphabet's look-alike letters (a
/// file typed in the other keyboard layout) would be a twin that searches mistake for it.
fn no_twin(tx: &impl SkuLookup, code: &str) -> Result<()> {
    for to_latin in [true, false] {
        let Some(other) = domain::limits::other_alphabet(code, to_latin) else {
            continue;
        };
        if let Some(id) = tx.id_by_code(&other)? {
            return Err(Error::field(
                "code",
                code,
                FieldProblem::LooksLike {
                    code: tx.sku_of(id)?.code,
                },
            ));
        }
    }
    Ok(())
}

/// `new_sku` for a code already checked and found free among the codes (an import has
/// just looked it up).
fn new_sku_with_free_code(
    tx: &impl SkuLookup,
    spec: &SkuSpec,
    id: SkuId,
    code: String,
) -> Result<Sku> {
    // Codes and barcodes are one namespace: a scan must find one SKU.
    if let Some(id) = tx.id_by_barcode(&code)? {
        return Err(InputError::CodeIsBarcode {
            code,
            owner: tx.sku_of(id)?.code,
        }
        .into());
    }
    let name = match &spec.name {
        Some(n) => check_text("name", n, domain::limits::MAX_LONG_NAME)?,
        None => return Err(Error::field("name", "", FieldProblem::Empty)),
    };
    let base = Sku::new(id, &code, &name);
    fill_sku(tx, base, spec)
}

pub(crate) fn edit_sku(tx: &impl SkuLookup, old: &Sku, spec: &SkuSpec) -> Result<Sku> {
    let mut s = old.clone();
    if let Some(n) = &spec.name {
        s.name = check_text("name", n, domain::limits::MAX_LONG_NAME)?;
    }
    fill_sku(tx, s, spec)
}

pub(crate) fn ensure_other_owner(tx: &WriteTx, name: &str) -> Result<()> {
    if tx
        .users()?
        .iter()
        .any(|u| u.role == Role::Owner && u.name != name)
    {
        Ok(())
    } else {
        Err(Refusal::LastOwner.into())
    }
}

pub(crate) fn next_location_id(tx: &WriteTx) -> Result<LocationId> {
    let max = tx.locations()?.iter().map(|l| l.id).max().unwrap_or(0);
    max.checked_add(1).ok_or_else(|| {
        Error::field(
            "location",
            "",
            FieldProblem::TooMany {
                max: u16::MAX as u64,
            },
        )
    })
}

/// Turns one row's error into FILE:LINE:COLUMN: message.
fn row_error<T>(
    file: &str,
    shared: &[(String, u64)],
    row: &Located<T>,
    e: &Error,
) -> super::RowError {
    let field = match e {
        Error::Input(InputError::Field { field, .. }) => field.as_str(),
        Error::Input(InputError::DuplicateBarcode { .. } | InputError::BarcodeIsCode { .. }) => {
            "barcode"
        }
        Error::Input(InputError::UnknownLocation(_)) => "location",
        _ => "code",
    };
    // A barcode read from a second barcode column is named where it stands.
    let barcode = match e {
        Error::Input(
            InputError::DuplicateBarcode { barcode, .. }
            | InputError::BarcodeIsCode { barcode, .. },
        ) => Some(barcode.as_str()),
        Error::Input(InputError::Field { field, value, .. }) if field == "barcode" => {
            Some(value.as_str())
        }
        _ => None,
    };
    super::RowError {
        file: file.to_string(),
        line: row.line,
        column: barcode
            .and_then(|b| row.barcode_column(b))
            .unwrap_or_else(|| row.column_in(shared, field)),
        message: e.clone().into(),
    }
}
