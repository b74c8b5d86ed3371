//! The redb tables. Keys are redb native types; values are versioned postcard records.

use redb::TableDefinition;

pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
pub const SKUS: TableDefinition<u32, &[u8]> = TableDefinition::new("skus");
pub const SKU_BY_CODE: TableDefinition<&str, u32> = TableDefinition::new("sku_by_code");
pub const SKU_BY_BARCODE: TableDefinition<&str, u32> = TableDefinition::new("sku_by_barcode");
/// Codes and barcodes by their folded key (`domain::limits::code_key`: case and width
/// do not count), for lookups by any spelling and for uniqueness.
pub const SKU_BY_CODE_KEY: TableDefinition<&str, u32> = TableDefinition::new("sku_by_code_key");
pub const SKU_BY_BARCODE_KEY: TableDefinition<&str, u32> =
    TableDefinition::new("sku_by_barcode_key");
pub const LOCATIONS: TableDefinition<u16, &[u8]> = TableDefinition::new("locations");
pub const CHANNELS: TableDefinition<u16, &[u8]> = TableDefinition::new("channels");
/// (sku, location) -> levels
pub const LEVELS: TableDefinition<(u32, u16), &[u8]> = TableDefinition::new("levels");
/// seq -> movement
pub const LEDGER: TableDefinition<u64, &[u8]> = TableDefinition::new("ledger");
/// (sku, seq): per-SKU history and velocity without scanning the whole ledger.
pub const LEDGER_BY_SKU: TableDefinition<(u32, u64), ()> = TableDefinition::new("ledger_by_sku");
pub const RESERVATIONS: TableDefinition<u64, &[u8]> = TableDefinition::new("reservations");
/// Open reservation ids; ids grow with time, so this is the queue oldest first.
pub const OPEN_RESERVATIONS: TableDefinition<u64, ()> = TableDefinition::new("open_reservations");
/// (channel, order reference, sku) -> reservation id
pub const ORDERS: TableDefinition<(u16, &str, u32), u64> = TableDefinition::new("orders");
pub const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users");

/// id -> count session
pub const COUNT_SESSIONS: TableDefinition<u64, &[u8]> = TableDefinition::new("count_sessions");
/// (session, entry n) -> count entry
pub const COUNT_ENTRIES: TableDefinition<(u64, u64), &[u8]> = TableDefinition::new("count_entries");

/// (deadline ms, reservation id): holds that expire, soonest first.
pub const HOLD_DEADLINES: TableDefinition<(i64, u64), ()> = TableDefinition::new("hold_deadlines");
/// (sku, reservation id): backorders waiting for stock, per SKU.
pub const BACKORDERS: TableDefinition<(u32, u64), ()> = TableDefinition::new("backorders");
/// (channel, sku) -> what the channel last said it shows.
pub const LISTED: TableDefinition<(u16, u32), u64> = TableDefinition::new("listed");
/// (channel, sku) -> the quantity in that channel's last exported feed.
pub const FEED_SENT: TableDefinition<(u16, u32), u64> = TableDefinition::new("feed_sent");

/// id -> purchase order
pub const PURCHASE_ORDERS: TableDefinition<u64, &[u8]> = TableDefinition::new("purchase_orders");
/// Open purchase order ids: what is on order without reading closed ones.
pub const OPEN_PURCHASE_ORDERS: TableDefinition<u64, ()> =
    TableDefinition::new("open_purchase_orders");
/// sku -> the owner's snooze of its alert
pub const SNOOZES: TableDefinition<u32, &[u8]> = TableDefinition::new("snoozes");

/// Server request id -> the answer given when it was applied (a `RequestRecord`). Created
/// by the first server write that remembers one, so older files need no migration.
pub const REQUESTS: TableDefinition<u128, &[u8]> = TableDefinition::new("requests");
/// (applied at ms, request id): remembered requests oldest first, for pruning.
pub const REQUESTS_BY_TIME: TableDefinition<(i64, u128), ()> =
    TableDefinition::new("requests_by_time");

/// 1: catalog, levels, ledger, reservations, users. 2: stocktake sessions.
/// 3: hold deadlines, listed quantities, feed memory. 4: purchase orders, alert snoozes.
/// 5: folded code and barcode keys (built from the SKUs when an older file is opened).
/// 6: the one-namespace mark (`NAMESPACE_CLEAN` in meta, set when no code is another
/// SKU's barcode; checked once when an older file is opened).
pub const SCHEMA_VERSION: u32 = 6;

/// Meta key: present when no code equals another SKU's barcode (folded). The rules keep
/// it so from then on, so readers need not look for clashes while it is there.
pub const NAMESPACE_CLEAN: &str = "namespace_clean";
