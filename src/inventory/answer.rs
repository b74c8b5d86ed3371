//! What comes back: `Outcome` of a command, `Query` and its `Answer`.

use super::*;

/// What a committed command did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub outcome: Outcome,
    /// The ledger's last seq after the commit.
    pub seq: Seq,
    /// SKUs whose levels or records changed (for live updates).
    pub skus: Vec<SkuId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// A movement was written; the SKU's totals afterwards.
    Moved {
        seq: Seq,
        kind: crate::domain::KindName,
        sku: String,
        qty: u64,
        totals: LevelsView,
    },
    Reserved(ReservationView),
    Released(ReservationView),
    Picked(ReservationView),
    Shipped {
        reservation: ReservationView,
        qty: u64,
        seq: Seq,
    },
    SkuSaved {
        code: String,
        created: bool,
    },
    LocationAdded {
        name: String,
    },
    ChannelAdded {
        name: String,
    },
    UserSaved {
        name: String,
        role: Role,
    },
    UserRemoved {
        name: String,
    },
    Imported(ImportSummary),
    ChannelSaved(channels::RulesView),
    OrdersImported(channels::OrdersSummary),
    ListedImported {
        channel: String,
        rows: usize,
    },
    FeedMarked {
        channel: String,
        rows: usize,
    },
    Expired {
        skus: usize,
    },
    Backordered(ReservationView),
    CountStarted {
        session: u64,
        location: String,
    },
    Counted {
        session: u64,
        code: String,
        qty: u64,
        counted: u64,
        entry: u64,
    },
    CountUndone {
        session: u64,
        code: String,
        qty: u64,
    },
    MarkedForRecount {
        session: u64,
        code: String,
    },
    /// An entry for a row in conflict: it starts the row's recount, and the `set_aside`
    /// units counted before are taken back.
    CountRestarted {
        session: u64,
        code: String,
        qty: u64,
        set_aside: u64,
        entry: u64,
    },
    CountImported {
        session: u64,
        rows: usize,
        units: u64,
    },
    CountApplied(stocktake::ApplySummary),
    CountCancelled {
        session: u64,
    },
    /// Orders created; `skipped`: suggested SKUs without a supplier.
    PoCreated {
        orders: Vec<purchasing::PoView>,
        skipped: Vec<String>,
    },
    PoReceived {
        order: purchasing::PoView,
        units: u64,
    },
    PoCancelled(purchasing::PoView),
    /// `until` is none when a snooze was ended.
    Snoozed {
        code: String,
        until: Option<String>,
    },
    /// An order import in which some orders changed their quantity (protocol 3; a client
    /// of an older protocol gets `OrdersImported` with the same summary).
    OrdersChanged {
        summary: channels::OrdersSummary,
        changed: usize,
    },
    /// A reservation no single location could hold, taken from several (protocol 4; an
    /// older client gets `Reserved` with the first part): one reservation per location,
    /// the first being the one the order reference finds.
    ReservedSplit(Vec<ReservationView>),
    ChannelProfileSet {
        channel: String,
        profile: crate::domain::profile::Profile,
    },
    ChannelMapped {
        channel: String,
        set: usize,
        removed: usize,
    },
    /// `listed`: how many SKUs the channel lists, `None` when it lists every one.
    ChannelListingSet {
        channel: String,
        listed: Option<usize>,
    },
    MarketOrdersImported(market::MarketOrdersSummary),
    /// `sku archive` (`archived` true) or `sku unarchive`; `changed` false when the SKU
    /// was already so.
    SkuArchived {
        code: String,
        archived: bool,
        changed: bool,
    },
    /// A SKU's price on a channel (`None`: its own price, `sku_price`, again).
    ChannelPriceSet {
        code: String,
        channel: String,
        price: Option<String>,
        sku_price: Option<String>,
    },
    PromoAdded(super::plan::PromoView),
    PromoRemoved(super::plan::PromoView),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub movements: usize,
    pub created_locations: Vec<String>,
    pub dry_run: bool,
}

/// A read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Query {
    SkuList {
        filter: Option<String>,
        low: bool,
    },
    SkuDetail {
        sku: String,
        history: usize,
    },
    Locations,
    Channels,
    Reservations {
        channel: Option<String>,
        all: bool,
    },
    History {
        sku: Option<String>,
        limit: usize,
    },
    Users,
    WhoAmI,
    Check,
    Stats,
    Catalog,
    Stock,
    /// The whole ledger, oldest first.
    Ledger,
    Matrix,
    Feed {
        channel: String,
        changed_only: bool,
    },
    /// What a channel should show that its API has not accepted yet (for `sync`).
    SyncFeed {
        channel: String,
    },
    CountList,
    CountDiff {
        session: u64,
    },
    /// Alerts over a velocity window of `days`; snoozed ones too with `all`.
    Alerts {
        days: u32,
        all: bool,
    },
    /// Open purchase orders, newest first (every one with `all`).
    PurchaseOrders {
        all: bool,
    },
    PurchaseOrder {
        id: u64,
    },
    VelocityReport {
        days: u32,
    },
    DefectReport {
        days: u32,
    },
    /// Write a consistent copy of the whole database to `path` (owner only). Through a
    /// server, the server writes it, so the path must be absolute.
    Backup {
        path: String,
        overwrite: bool,
    },
    /// Up to `limit` SKU rows in code order after the code `after`: a screenful without
    /// reading every SKU.
    SkuPage {
        after: Option<String>,
        limit: u32,
    },
    /// Codes that equal another SKU's barcode (a file from before the rule).
    CodeClashes,
    /// A channel's profile, item ids and listing.
    ChannelSetup {
        channel: String,
    },
    /// The ledger through a filter (a span of time, kind, channel, person), newest first.
    HistoryFind(super::reports::history::HistoryFilter),
    /// The stock at cost per location and in total.
    StockValue,
    /// Measured lead times per supplier, from the receipts against purchase orders.
    LeadTimes,
    /// Dead stock (no sale in `dead_days`) and overstock, most money first.
    SlowReport {
        dead_days: u32,
    },
    /// The end-of-day report of the span `[from, to)` (the caller's local day).
    DayReport {
        from: Millis,
        to: Millis,
    },
    /// Revenue, cost of goods, commission, fees, delivery and margin of the sales in
    /// `[from, to)`, grouped by `by` (channel, sku or supplier).
    MarginReport {
        from: Option<Millis>,
        to: Option<Millis>,
        by: String,
    },
    /// Up to `limit` SKU rows whose code or barcode begins with `prefix` (case and width
    /// do not count), in code order: a typed code found without reading every SKU.
    SkuByPrefix {
        prefix: String,
        limit: u32,
    },
    /// The first `limit` rows of the packer's queue (open reservations, oldest order
    /// first), reading only those rows' SKUs and shortfalls: a pane beside another.
    ReservationQueue {
        limit: u32,
    },
    /// Every planned promotion.
    Promos,
    /// Up to `limit` SKUs in code order after the code `after`, with only what a list
    /// filters and sorts on (`SkuKey`): the TUI's list is read this way in pages.
    SkuKeys {
        after: Option<String>,
        limit: u32,
    },
    /// `SkuByPrefix` with only the keys (`SkuKey`) of the SKUs found.
    SkuKeysByPrefix {
        prefix: String,
        limit: u32,
    },
    /// The rows of these SKUs (at most 10,000), each with its id; ids not found are left out.
    SkuRows {
        ids: Vec<u32>,
    },
    /// Up to `limit` SKUs in id order after the id `after`, with their keys (`SkuKey`): the
    /// SKU table and the levels walked side by side, the quickest way to read them all.
    SkuKeysById {
        after: Option<u32>,
        limit: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Skus(Vec<SkuRow>),
    SkuKeys(Vec<super::views::SkuKey>),
    SkuRows(Vec<(u32, SkuRow)>),
    SkuDetail(Box<SkuDetail>),
    Locations(Vec<LocationView>),
    Channels(Vec<ChannelView>),
    Reservations(Vec<ReservationView>),
    History(Vec<MovementView>),
    Users(Vec<UserView>),
    WhoAmI(UserView),
    Check(check::CheckReport),
    Stats(Stats),
    Catalog(Vec<CatalogRow>),
    Stock(Vec<StockLine>),
    CountSessions(Vec<stocktake::SessionView>),
    Matrix {
        channels: Vec<channels::RulesView>,
        rows: Vec<channels::MatrixRow>,
    },
    Feed(Vec<channels::FeedRow>),
    CountReport(Box<stocktake::CountReport>),
    Alerts(Vec<replenish::AlertRow>),
    PurchaseOrders(Vec<purchasing::PoView>),
    VelocityReport(Vec<replenish::VelocityRow>),
    DefectReport(replenish::DefectReport),
    Backup(backup::BackupReport),
    CodeClashes(Vec<check::CodeClash>),
    ChannelSetup(market::SetupView),
    StockValue(super::reports::value::StockValue),
    LeadTimes(super::reports::lead::LeadTimeReport),
    SlowReport(super::reports::slow::SlowReport),
    DayReport(Box<super::reports::day::DayReport>),
    MarginReport(Box<super::reports::margin::MarginReport>),
    Promos(Vec<super::plan::PromoView>),
}
