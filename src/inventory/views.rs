//! The shapes answers take: what the CLI prints as JSON and the TUI draws.

use serde::{Deserialize, Serialize};

use crate::domain::replenishment::ThresholdSource;
pub use crate::domain::status::StockStatus;
use crate::domain::{
    ChannelKind, DeliveryMethod, Destination, EntryKind, Levels, ReservationStatus, Role,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelsView {
    pub on_hand: u64,
    pub reserved: u64,
    pub available: i64,
    pub defective: u64,
}

impl From<Levels> for LevelsView {
    fn from(l: Levels) -> Self {
        LevelsView {
            on_hand: l.on_hand,
            reserved: l.reserved,
            available: l.available(),
            defective: l.defective,
        }
    }
}

/// What the TUI's list keeps of a SKU to filter and sort it without its row: read page by
/// page in code order (`Query::SkuKeys`); the rows on screen are read by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuKey {
    pub id: u32,
    pub code: String,
    pub name: String,
    pub barcodes: Vec<String>,
    pub available: i64,
}

/// One row of the SKU list (`sku list --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuRow {
    pub code: String,
    pub name: String,
    pub barcodes: Vec<String>,
    pub on_hand: u64,
    pub reserved: u64,
    pub available: i64,
    pub defective: u64,
    /// The thresholds in force: set by hand, else computed from sales (see `sku show`).
    pub min_stock: u64,
    pub safety_stock: u64,
    /// From `domain::status::stock_status`, as every other surface shows it.
    pub status: StockStatus,
    /// A kit: its levels are read from its components.
    pub kit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationLevels {
    pub location: String,
    pub on_hand: u64,
    pub reserved: u64,
    pub available: i64,
    pub defective: u64,
}

/// `sku show --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkuDetail {
    pub code: String,
    pub name: String,
    pub barcodes: Vec<String>,
    pub on_hand: u64,
    pub reserved: u64,
    pub available: i64,
    pub defective: u64,
    /// The thresholds in force and where each comes from.
    pub min_stock: u64,
    pub safety_stock: u64,
    pub reorder_point: u64,
    pub min_source: ThresholdSource,
    pub safety_source: ThresholdSource,
    pub status: StockStatus,
    /// Units sold per day over `window_days` (display; decisions use the exact rate).
    pub velocity: f64,
    /// Units sold (ship + sell) in the window.
    pub sold: u64,
    pub window_days: u32,
    /// How often orders are placed: an order lasts lead + review days.
    pub review_days: u32,
    /// Whole days (available - backorders) lasts at the velocity; none when nothing sells.
    pub days_of_cover: Option<u64>,
    /// Ordered from suppliers, not yet received.
    pub on_order: u64,
    /// Units on backorders, waiting for stock.
    pub backorders: u64,
    /// Units to order now, in whole packs (as `alerts` suggests).
    pub suggested: u64,
    pub supplier: Option<String>,
    pub lead_days: u32,
    pub pack_size: u64,
    pub cost: Option<String>,
    pub price: Option<String>,
    pub archived: bool,
    pub locations: Vec<LocationLevels>,
    /// Units sold per day over the last 28 days, oldest first.
    pub sales_28d: Vec<u64>,
    /// Which rule produced the computed min and safety.
    pub forecast: super::plan::ForecastView,
    /// Sales by week over the last 8 weeks, then the forecast over the next 8.
    pub weeks: Vec<super::plan::WeekPoint>,
    pub recent: Vec<MovementView>,
    /// A kit's components and which one limits it; none for a plain SKU.
    pub kit: Option<super::kits::KitView>,
    /// The supplier's measured lead times (`report lead-times`): with 3 receipts or more,
    /// a computed safety covers their spread (`safety_source` `lead_spread`).
    #[serde(default)]
    pub supplier_lead: Option<crate::domain::purchase::LeadStats>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationView {
    pub name: String,
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelView {
    pub name: String,
    pub kind: ChannelKind,
    pub priority: u32,
    pub paused: bool,
    /// When the channel was last synced or its listed quantities imported (UTC,
    /// RFC 3339); `None`: never.
    #[serde(default)]
    pub last_synced: Option<String>,
    /// SKUs whose listed quantity differs from what the channel should show (the
    /// matrix's drift); `None` when not asked for (`channels_with_drift`) or when the
    /// reader may not see stock levels.
    #[serde(default)]
    pub drift: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservationView {
    pub reservation: u64,
    pub status: ReservationStatus,
    pub channel: String,
    pub order: String,
    pub code: String,
    pub name: String,
    pub barcodes: Vec<String>,
    pub location: String,
    pub qty: u64,
    pub remaining: u64,
    pub picked: u64,
    pub delivery: Option<DeliveryMethod>,
    pub destination: Option<Destination>,
    pub address: Option<String>,
    pub created: String,
    pub created_ms: i64,
    pub deadline: Option<String>,
    pub deadline_ms: Option<i64>,
    pub tracking: Option<String>,
    /// Units of an open reservation that are not on hand at its location any more (a
    /// stocktake found fewer): 0 when it can be picked in full.
    #[serde(default)]
    pub short: u64,
    /// A kit's pick list: each component with the units still to scan for it; empty for a
    /// plain SKU. (No `skip_serializing_if`: postcard keeps no field names.)
    #[serde(default)]
    pub parts: Vec<KitPickLine>,
}

/// One component of a kit's reservation as the packer picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitPickLine {
    pub code: String,
    pub name: String,
    /// Units of it the kits still to ship need.
    pub need: u64,
    /// Units of it scanned for them so far.
    pub scanned: u64,
    /// The component the scan just answered ticked.
    #[serde(default)]
    pub just: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementView {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub code: String,
    pub location: String,
    /// `ship`, or with its reason `return_defect:packaging` in JSON.
    pub kind: EntryKind,
    pub qty: u64,
    /// Signed change of on_hand.
    pub on_hand_change: i64,
    pub channel: Option<String>,
    pub reservation: Option<u64>,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub on_hand: u64,
    pub reserved: u64,
    pub defective: u64,
    /// The kit this entry was for: "GIFT-01 ×2 → TEA-001 ×2, HONEY-01 ×2, CUP-01 ×4".
    pub kit: Option<String>,
}

impl MovementView {
    /// Newest first by the time each happened (a backdated entry is written later than it
    /// happened); the same time keeps the writing order, newest first.
    pub fn newest_first(a: &Self, b: &Self) -> std::cmp::Ordering {
        b.at.cmp(&a.at).then(b.seq.cmp(&a.seq))
    }

    /// The kit this entry was written for, from its "GIFT-01 ×2 → …" mark.
    pub fn kit_code(&self) -> Option<&str> {
        let k = self.kit.as_deref()?;
        k.split(" ×").next().filter(|c| !c.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub name: String,
    pub role: Option<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub skus: u64,
    pub ledger_entries: u64,
    pub open_reservations: u64,
    pub last_seq: u64,
}

/// One SKU as a catalog line (`export skus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRow {
    pub code: String,
    pub name: String,
    pub barcodes: Vec<String>,
    pub supplier: Option<String>,
    pub lead_days: u32,
    pub min_stock: Option<u64>,
    pub safety_stock: Option<u64>,
    pub pack_size: u64,
    pub cost: Option<String>,
    pub price: Option<String>,
    pub archived: bool,
}

/// Levels of one SKU at one location (`export stock`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLine {
    pub code: String,
    pub name: String,
    pub location: String,
    pub on_hand: u64,
    pub reserved: u64,
    pub available: i64,
    pub defective: u64,
}
