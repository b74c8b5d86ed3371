//! Backups: a logical copy of every table, read inside ONE read transaction, so the copy is
//! one consistent moment of the database even while writers keep committing.

use std::path::Path;

use redb::{Database, Durability, Key, TableDefinition, TableHandle, Value};

use super::tables::*;
use super::{ReadTx, StoreError, StoreResult};

/// What a copy wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyStats {
    pub tables: u32,
    pub rows: u64,
}

/// Copies one table; a table the source lacks is created empty.
fn copy<K: Key + 'static, V: Value + 'static>(
    src: &redb::ReadTransaction,
    dst: &redb::WriteTransaction,
    def: TableDefinition<K, V>,
    stats: &mut CopyStats,
) -> StoreResult<()> {
    let mut to = dst.open_table(def)?;
    stats.tables += 1;
    let from = match src.open_table(def) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for row in redb::ReadableTable::iter(&from)? {
        let (k, v) = row?;
        to.insert(k.value(), v.value())?;
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
    "purchase_expected",
    "purchase_receipts",
    "money_delivery_costs",
];

impl ReadTx {
    /// Writes every table of this snapshot into a new database file at `dest` (created
    /// 0600; it must not exist) and commits it durably. The caller renames it into place.
    pub fn copy_into(&self, dest: &Path) -> StoreResult<CopyStats> {
        let src = &self.txn;
        for t in src
            .list_tables()
            .map_err(|e| StoreError::Io(e.to_string()))?
        {
            let name = t.name().to_string();
            if !KNOWN.contains(&name.as_str()) {
                return Err(StoreError::Io(format!(
                    "backup does not know the table {name:?}; nothing was written"
                )));
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
            copy(src, &w, META, &mut stats)?;
            copy(src, &w, SKUS, &mut stats)?;
            copy(src, &w, SKU_BY_CODE, &mut stats)?;
            copy(src, &w, SKU_BY_BARCODE, &mut stats)?;
            copy(src, &w, LOCATIONS, &mut stats)?;
            copy(src, &w, CHANNELS, &mut stats)?;
            copy(src, &w, LEVELS, &mut stats)?;
            copy(src, &w, LEDGER, &mut stats)?;
            copy(src, &w, LEDGER_BY_SKU, &mut stats)?;
            copy(src, &w, RESERVATIONS, &mut stats)?;
            copy(src, &w, OPEN_RESERVATIONS, &mut stats)?;
            copy(src, &w, ORDERS, &mut stats)?;
            copy(src, &w, USERS, &mut stats)?;
            copy(src, &w, COUNT_SESSIONS, &mut stats)?;
            copy(src, &w, COUNT_ENTRIES, &mut stats)?;
            copy(src, &w, HOLD_DEADLINES, &mut stats)?;
            copy(src, &w, BACKORDERS, &mut stats)?;
            copy(src, &w, LISTED, &mut stats)?;
            copy(src, &w, FEED_SENT, &mut stats)?;
            copy(src, &w, PURCHASE_ORDERS, &mut stats)?;
            copy(src, &w, OPEN_PURCHASE_ORDERS, &mut stats)?;
            copy(src, &w, SNOOZES, &mut stats)?;
            copy(src, &w, REQUESTS, &mut stats)?;
            copy(src, &w, REQUESTS_BY_TIME, &mut stats)?;
            copy(src, &w, SKU_BY_CODE_KEY, &mut stats)?;
            copy(src, &w, SKU_BY_BARCODE_KEY, &mut stats)?;
            copy(src, &w, super::market::CHANNEL_SETUP, &mut stats)?;
            copy(src, &w, super::market::CHANNEL_ITEMS, &mut stats)?;
            copy(src, &w, super::market::CHANNEL_ITEM_KEYS, &mut stats)?;
            copy(src, &w, super::market::CHANNEL_LISTING, &mut stats)?;
            copy(src, &w, super::api_sent::API_SENT, &mut stats)?;
            copy(src, &w, super::kits::KIT_COMPONENTS, &mut stats)?;
            copy(src, &w, super::kits::KIT_LEDGER, &mut stats)?;
            copy(src, &w, super::kits::KIT_HELD, &mut stats)?;
            copy(src, &w, super::kits::KIT_PICKS, &mut stats)?;
            copy(src, &w, super::economics::CHANNEL_ECONOMICS, &mut stats)?;
            copy(src, &w, super::economics::CHANNEL_PRICES, &mut stats)?;
            copy(src, &w, super::economics::SALE_MONEY, &mut stats)?;
            copy(src, &w, super::api_sent::CHANNEL_SYNCED, &mut stats)?;
            copy(src, &w, super::purchase_dates::PO_EXPECTED, &mut stats)?;
            copy(src, &w, super::purchase_dates::PO_RECEIPTS, &mut stats)?;
            copy(src, &w, super::economics::DELIVERY_COSTS, &mut stats)?;
            w.commit()?;
        }
        db.close().map_err(|e| StoreError::Io(e.to_string()))?;
        debug_assert_eq!(stats.tables as usize, KNOWN.len());
        Ok(stats)
    }
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
