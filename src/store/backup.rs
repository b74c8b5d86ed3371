//! Backups: a logical copy of every table, read inside ONE read transaction, so the copy is
//! one consistent moment of the database even while writers keep committing.

use std::path::Path;

use redb::{Database, Durability, TableDefinition, TableHandle, Value};

use super::kv::{self, OrdKey};

use super::tables::*;
use super::{ReadTx, StoreError, StoreResult};

/// What a copy wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyStats {
    pub tables: u32,
    pub rows: u64,
}

/// Copies one table; a table the source lacks is created empty.
fn copy<K: OrdKey, V: Value + 'static>(
    src: &kv::ReadTxn,
    dst: &kv::WriteTxn,
    def: TableDefinition<'static, K, V>,
    stats: &mut CopyStats,
) -> StoreResult<()> {
    let mut to = dst.open_table(def)?;
    stats.tables += 1;
    let from = match src.open_table(def) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for row in from.iter()? {
        let (k, v) = row?;
        to.put(k.value(), v.value())?;
        stats.rows += 1;
    }
    Ok(())
}

/// The tables a backup copies. A table that is not here makes the backup fail, never
/// silently go missing from the copy.
const KNOWN: &[&str] = &[
    "meta",
    "skus",
    "sku_by_code",
    "sku_by_barcode",
    "locations",
    "channels",
    "levels",
    "ledger",
    "ledger_by_sku",
    "reservations",
    "open_reservations",
    "orders",
    "users",
    "count_sessions",
    "count_entries",
    "hold_deadlines",
    "backorders",
    "listed",
    "feed_sent",
    "purchase_orders",
    "open_purchase_orders",
    "snoozes",
    "requests",
    "requests_by_time",
    "sku_by_code_key",
    "sku_by_barcode_key",
    "channel_setup",
    "channel_items",
    "channel_item_keys",
    "channel_listing",
    "api_sent",
    "kit_components",
    "kit_ledger",
    "kit_held",
    "kit_picks",
    "money_channel_economics",
    "money_channel_prices",
    "money_sales",
    "channel_synced",
    "plan_promos",
    "purchase_expected",
    "purchase_receipts",
    "money_delivery_costs",
];

impl ReadTx {
    /// Writes every table of this snapshot into a new database file at `dest` (created
    /// 0600; it must not exist) and commits it durably. The caller renames it into place.
    pub fn copy_into(&self, dest: &Path) -> StoreResult<CopyStats> {
        let src = &self.txn;
        if let kv::ReadTxn::Redb(t) = src {
            for t in t.list_tables().map_err(|e| StoreError::Io(e.to_string()))? {
                let name = t.name().to_string();
                if !KNOWN.contains(&name.as_str()) {
                    return Err(StoreError::Io(format!(
                        "backup does not know the table {name:?}; nothing was written"
                    )));
                }
            }
        }
        let io = |e: std::io::Error| StoreError::Io(format!("{}: {e}", dest.display()));
        let mut open = std::fs::OpenOptions::new();
        open.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
        drop(open.open(dest).map_err(io)?);
        let db = Database::builder().create(dest)?;
        let mut stats = CopyStats::default();
        {
            let mut w = db.begin_write()?;
            w.set_durability(Durability::Immediate)
                .map_err(|e| StoreError::Io(e.to_string()))?;
            let w = kv::WriteTxn::Redb(w);
            copy_all(src, &w, &mut stats)?;
            let kv::WriteTxn::Redb(w) = w else {
                unreachable!("made as a redb transaction just above")
            };
            w.commit()?;
        }
        db.close().map_err(|e| StoreError::Io(e.to_string()))?;
        debug_assert_eq!(stats.tables as usize, KNOWN.len());
        Ok(stats)
    }
}

impl ReadTx {
    /// Writes every table of this snapshot into `dest`, another store (of either kind),
    /// in one durable transaction of `dest`'s.
    pub fn copy_to_store(&self, dest: &super::Store) -> StoreResult<CopyStats> {
        let mut stats = CopyStats::default();
        let w = dest.begin_write()?;
        w.memo.forget();
        copy_all(&self.txn, &w.txn, &mut stats)?;
        w.commit()?;
        Ok(stats)
    }
}

/// Copies every table of `src` into `dst`.
pub(super) fn copy_all(
    src: &kv::ReadTxn,
    dst: &kv::WriteTxn,
    stats: &mut CopyStats,
) -> StoreResult<()> {
    copy(src, dst, META, stats)?;
    copy(src, dst, SKUS, stats)?;
    copy(src, dst, SKU_BY_CODE, stats)?;
    copy(src, dst, SKU_BY_BARCODE, stats)?;
    copy(src, dst, LOCATIONS, stats)?;
    copy(src, dst, CHANNELS, stats)?;
    copy(src, dst, LEVELS, stats)?;
    copy(src, dst, LEDGER, stats)?;
    copy(src, dst, LEDGER_BY_SKU, stats)?;
    copy(src, dst, RESERVATIONS, stats)?;
    copy(src, dst, OPEN_RESERVATIONS, stats)?;
    copy(src, dst, ORDERS, stats)?;
    copy(src, dst, USERS, stats)?;
    copy(src, dst, COUNT_SESSIONS, stats)?;
    copy(src, dst, COUNT_ENTRIES, stats)?;
    copy(src, dst, HOLD_DEADLINES, stats)?;
    copy(src, dst, BACKORDERS, stats)?;
    copy(src, dst, LISTED, stats)?;
    copy(src, dst, FEED_SENT, stats)?;
    copy(src, dst, PURCHASE_ORDERS, stats)?;
    copy(src, dst, OPEN_PURCHASE_ORDERS, stats)?;
    copy(src, dst, SNOOZES, stats)?;
    copy(src, dst, REQUESTS, stats)?;
    copy(src, dst, REQUESTS_BY_TIME, stats)?;
    copy(src, dst, SKU_BY_CODE_KEY, stats)?;
    copy(src, dst, SKU_BY_BARCODE_KEY, stats)?;
    copy(src, dst, super::market::CHANNEL_SETUP, stats)?;
    copy(src, dst, super::market::CHANNEL_ITEMS, stats)?;
    copy(src, dst, super::market::CHANNEL_ITEM_KEYS, stats)?;
    copy(src, dst, super::market::CHANNEL_LISTING, stats)?;
    copy(src, dst, super::api_sent::API_SENT, stats)?;
    copy(src, dst, super::kits::KIT_COMPONENTS, stats)?;
    copy(src, dst, super::kits::KIT_LEDGER, stats)?;
    copy(src, dst, super::kits::KIT_HELD, stats)?;
    copy(src, dst, super::kits::KIT_PICKS, stats)?;
    copy(src, dst, super::economics::CHANNEL_ECONOMICS, stats)?;
    copy(src, dst, super::economics::CHANNEL_PRICES, stats)?;
    copy(src, dst, super::economics::SALE_MONEY, stats)?;
    copy(src, dst, super::plan::PROMOS, stats)?;
    copy(src, dst, super::api_sent::CHANNEL_SYNCED, stats)?;
    copy(src, dst, super::purchase_dates::PO_EXPECTED, stats)?;
    copy(src, dst, super::purchase_dates::PO_RECEIPTS, stats)?;
    copy(src, dst, super::economics::DELIVERY_COSTS, stats)?;
    Ok(())
}

/// Flushes a file's data and then its directory entry, so a rename survives a crash.
pub fn sync_file_and_dir(path: &Path) -> StoreResult<()> {
    let io = |e: std::io::Error| StoreError::Io(format!("{}: {e}", path.display()));
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    sync_dir_of(path)
}

/// Flushes the directory that holds `path` (after a rename into it).
pub fn sync_dir_of(path: &Path) -> StoreResult<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| StoreError::Io(format!("{}: {e}", dir.display())))?;
    }
    Ok(())
}
