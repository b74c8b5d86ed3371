//! The Inventory API: the one way the CLI, the TUI and the server read and change stock.
//!
//! A change is a `Command` (data, serde-serializable) applied for an actor in one write
//! transaction: check the role, check the rules, write the levels, append the ledger, commit.
//! A read is a `Query`. `LocalInventory` runs them on an embedded store; the server's
//! client runs them over a socket; callers cannot tell which.

pub mod backup;
mod catalog;
pub mod channels;
pub mod check;
pub mod clock;
pub mod connect;
pub mod engine;
mod error;
pub mod executor;
pub mod local;
pub mod market;
mod movements;
pub mod purchasing;
pub mod queries;
#[cfg(unix)]
pub mod remote;
pub mod replenish;
mod reservations;
mod shared;
pub mod stocktake;
pub mod sync;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::{
    AdjustTo, ChannelKind, DefectReason, Delivery, Money, ReservationId, Role, Seq, SkuId,
};
pub use engine::Ctx;
pub use error::*;
pub use local::LocalInventory;
pub use views::*;

/// The fields of a SKU as given on the command line or in an import row.
/// `None` leaves a field as it is (edit) or at its default (add).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuSpec {
    pub code: String,
    pub name: Option<String>,
    pub barcodes: Vec<String>,
    pub supplier: Option<String>,
    pub lead_days: Option<u32>,
    pub min_stock: Option<u64>,
    pub safety_stock: Option<u64>,
    pub pack_size: Option<u64>,
    pub cost: Option<Money>,
    pub price: Option<Money>,
}

/// One row of a stock import: set on_hand of a SKU at a location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockRow {
    pub sku: String,
    pub location: Option<String>,
    pub on_hand: u64,
}

/// An imported row with where it came from, so errors can say FILE:LINE:COLUMN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located<T> {
    pub line: u64,
    /// Field name -> 1-based column in the file. In SKU and stock imports only the first
    /// row carries the file's layout and later rows leave this empty (a hundred thousand
    /// copies of the same header cost more than the rows): see `column_in`.
    pub columns: Vec<(String, u64)>,
    pub row: T,
}

impl<T> Located<T> {
    pub fn column_of(&self, field: &str) -> u64 {
        self.column_in(&[], field)
    }

    /// The column of `field`, from this row's layout or else the one its file shares.
    pub fn column_in(&self, shared: &[(String, u64)], field: &str) -> u64 {
        let layout = if self.columns.is_empty() {
            shared
        } else {
            &self.columns
        };
        layout
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| *c)
            .unwrap_or(1)
    }
}

/// The layout the first row of an import carries for all of them.
pub fn shared_layout<T>(rows: &[Located<T>]) -> &[(String, u64)] {
    rows.first().map(|r| r.columns.as_slice()).unwrap_or(&[])
}

/// A change to stock or to the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    AddSku(SkuSpec),
    EditSku(SkuSpec),
    ArchiveSku {
        sku: String,
    },
    AddLocation {
        name: String,
        default: bool,
    },
    AddChannel {
        name: String,
        kind: ChannelKind,
        priority: u32,
    },
    Receive {
        sku: String,
        qty: u64,
        at: Option<String>,
        reference: Option<String>,
    },
    Reserve {
        sku: String,
        qty: u64,
        channel: String,
        order: Option<String>,
        at: Option<String>,
        delivery: Delivery,
    },
    Release {
        id: ReservationId,
        reason: Option<String>,
    },
    Pick {
        id: ReservationId,
        barcode: String,
    },
    Ship {
        id: ReservationId,
        qty: Option<u64>,
        tracking: Option<String>,
    },
    Sell {
        sku: String,
        qty: u64,
        channel: String,
        at: Option<String>,
    },
    Return {
        sku: String,
        qty: u64,
        channel: String,
        defect: Option<DefectReason>,
        at: Option<String>,
        order: Option<String>,
        note: Option<String>,
    },
    Defect {
        sku: String,
        qty: u64,
        reason: DefectReason,
        at: Option<String>,
        note: Option<String>,
    },
    Writeoff {
        sku: String,
        qty: u64,
        reason: String,
        defective: bool,
        at: Option<String>,
    },
    Transfer {
        sku: String,
        qty: u64,
        from: String,
        to: String,
    },
    Adjust {
        sku: String,
        how: AdjustTo,
        reason: String,
        at: Option<String>,
        reference: Option<String>,
    },
    /// Change a channel's allocation rules.
    ChannelRules {
        channel: String,
        rules: channels::RulesSpec,
    },
    /// A marketplace's order export: idempotent, all or nothing.
    ImportOrders {
        channel: String,
        file: String,
        rows: Vec<Located<channels::OrderRow>>,
    },
    /// What a channel says it shows now (for drift).
    ImportListed {
        channel: String,
        file: String,
        rows: Vec<Located<StockRow>>,
    },
    /// Remember a feed as sent (for `export feed --changed-only`).
    MarkFeed {
        channel: String,
        rows: Vec<channels::FeedRow>,
    },
    /// Remember the quantities a marketplace API confirmed (for `sync`).
    MarkSynced {
        channel: String,
        rows: Vec<channels::FeedRow>,
    },
    /// Release every hold past its deadline.
    Expire,
    /// Reserve, or record a backorder when too little is available.
    Order {
        sku: String,
        qty: u64,
        channel: String,
        order: Option<String>,
        delivery: Delivery,
    },
    CountStart {
        at: Option<String>,
        filter: Option<String>,
        blind: bool,
    },
    /// `qty` may be 0: looked for, none there.
    CountAdd {
        session: u64,
        sku: String,
        qty: u64,
    },
    /// Takes back the caller's own last entry.
    CountUndo {
        session: u64,
    },
    /// Takes back every entry of one SKU so it is counted again.
    CountRecount {
        session: u64,
        sku: String,
    },
    CountImport {
        session: u64,
        file: String,
        rows: Vec<Located<stocktake::CountRow>>,
    },
    CountApply {
        session: u64,
        only: Vec<String>,
        zero_uncounted: bool,
    },
    CountCancel {
        session: u64,
    },
    /// The owner's choice for a row in conflict by a movement after its count.
    CountResolve {
        session: u64,
        sku: String,
        choice: stocktake::Resolution,
    },
    /// Purchase orders: `lines` (SKU, quantity) to one supplier, or with `from_alerts`
    /// the alerts' suggested quantities (only the SKUs in `only`, when given) as one
    /// order per supplier; `supplier` then picks one supplier. `window`: velocity days.
    PoCreate {
        supplier: Option<String>,
        lines: Vec<(String, u64)>,
        from_alerts: bool,
        only: Vec<String>,
        window: u32,
    },
    /// Receive against a purchase order: these lines, or everything outstanding.
    PoReceive {
        id: u64,
        lines: Vec<(String, u64)>,
        at: Option<String>,
    },
    PoCancel {
        id: u64,
    },
    /// Hide a SKU's alert for `days` days; 0 shows it again.
    Snooze {
        sku: String,
        days: u32,
    },
    AddUser {
        name: String,
        role: Role,
    },
    RemoveUser {
        name: String,
    },
    /// All or nothing: every row is checked before anything is written.
    /// SKUs, and their stock when the file has a quantity column.
    ImportSkus {
        file: String,
        rows: Vec<Located<SkuSpec>>,
        stock: Vec<Located<StockRow>>,
        dry_run: bool,
    },
    ImportStock {
        file: String,
        rows: Vec<Located<StockRow>>,
        dry_run: bool,
    },
    /// An edit that may also change the SKU's code or take barcodes off it (the way out of
    /// a code that equals another SKU's barcode). New variants go at the end: the wire
    /// numbers them in order.
    RenameSku {
        spec: SkuSpec,
        code: Option<String>,
        remove_barcodes: Vec<String>,
    },
    /// A `Sell` or `Reserve` that passes a shortage: the owner's call, with the reason
    /// written in the ledger note.
    Force {
        cmd: Box<Command>,
        reason: String,
    },
    /// Moves what an open reservation holds to another location (a short one's way out).
    ReservationMove {
        id: ReservationId,
        to: String,
    },
    /// Lets an open reservation's units go and makes it a backorder again, to be filled
    /// when stock comes (a short one's other way out).
    ReservationBackorder {
        id: ReservationId,
    },
    /// The marketplace whose files a channel speaks.
    ChannelProfile {
        channel: String,
        profile: crate::domain::profile::Profile,
    },
    /// The marketplace's own ids of our SKUs on a channel; all or nothing.
    ChannelMap {
        channel: String,
        file: String,
        rows: Vec<Located<market::MapRow>>,
    },
    /// Which SKUs a channel lists.
    ChannelListing {
        channel: String,
        file: String,
        change: market::ListingChange,
    },
    /// A marketplace's order export in its own words: idempotent, all or nothing.
    ImportMarketOrders {
        channel: String,
        file: String,
        rows: Vec<Located<market::MarketOrderRow>>,
    },
}

/// What the executor needs to know of a command, declared once per command in
/// `Command::meta` (an exhaustive match: a new command does not compile until its row is there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandMeta {
    /// A short snake_case name for messages, logs and role refusals.
    pub name: &'static str,
    /// The least role that may run it.
    pub role: Role,
    /// It writes row by row and may fail part way: it gets a transaction of its own, so a
    /// failure rolls back only it.
    pub in_steps: bool,
    /// It may free units (more on hand, less reserved): waiting backorders are filled after it.
    pub frees_stock: bool,
}

const fn meta(name: &'static str, role: Role) -> CommandMeta {
    CommandMeta {
        name,
        role,
        in_steps: false,
        frees_stock: false,
    }
}

impl CommandMeta {
    const fn in_steps(mut self) -> Self {
        self.in_steps = true;
        self
    }
    const fn frees(mut self) -> Self {
        self.frees_stock = true;
        self
    }
}

impl Command {
    /// The one table of what each command is: name, role, transaction, effect on backorders.
    pub fn meta(&self) -> CommandMeta {
        use Command::*;
        use Role::{Counter, Owner, Packer};
        match self {
            AddSku(_) => meta("sku_add", Owner),
            EditSku(_) => meta("sku_edit", Owner),
            RenameSku { .. } => meta("sku_rename", Owner),
            Force { .. } => meta("force", Owner),
            ArchiveSku { .. } => meta("sku_archive", Owner),
            AddLocation { .. } => meta("location_add", Owner),
            AddChannel { .. } => meta("channel_add", Owner),
            Receive { .. } => meta("receive", Packer).frees(),
            Reserve { .. } => meta("reserve", Packer),
            Release { .. } => meta("release", Packer).frees(),
            Pick { .. } => meta("pick", Packer),
            Ship { .. } => meta("ship", Packer),
            Sell { .. } => meta("sell", Packer),
            // A return that names no order (a walk-in customer) is the owner's word alone.
            Return { order: None, .. } => meta("return_no_order", Owner).frees(),
            Return { .. } => meta("return", Packer).frees(),
            Defect { .. } => meta("defect", Packer),
            Writeoff { .. } => meta("writeoff", Owner),
            Transfer { .. } => meta("transfer", Packer).frees(),
            Adjust { .. } => meta("adjust", Owner).frees(),
            ChannelRules { .. } => meta("channel_rules", Owner),
            ImportOrders { .. } => meta("import_orders", Packer).in_steps().frees(),
            ImportListed { .. } => meta("import_listed", Owner),
            MarkFeed { .. } => meta("export_feed", Owner),
            MarkSynced { .. } => meta("sync", Owner),
            Expire => meta("expire", Packer).frees(),
            Order { .. } => meta("order", Packer),
            CountStart { .. } => meta("count_start", Owner),
            CountAdd { .. } => meta("count_add", Counter),
            CountUndo { .. } => meta("count_undo", Counter),
            CountRecount { .. } => meta("count_recount", Owner),
            CountImport { .. } => meta("count_import", Counter).in_steps(),
            CountApply { .. } => meta("count_apply", Owner).in_steps().frees(),
            CountCancel { .. } => meta("count_cancel", Owner),
            CountResolve { .. } => meta("count_resolve", Owner).frees(),
            PoCreate { .. } => meta("po_create", Owner),
            PoReceive { .. } => meta("po_receive", Packer),
            PoCancel { .. } => meta("po_cancel", Owner),
            Snooze { .. } => meta("alerts_snooze", Owner),
            AddUser { .. } => meta("user_add", Owner),
            RemoveUser { .. } => meta("user_remove", Owner),
            ImportSkus { .. } => meta("import_skus", Owner).in_steps().frees(),
            ImportStock { .. } => meta("import_stock", Owner).in_steps().frees(),
            ReservationMove { .. } => meta("reservation_move", Packer),
            ReservationBackorder { .. } => meta("reservation_backorder", Packer).frees(),
            ChannelProfile { .. } => meta("channel_profile", Owner),
            ChannelMap { .. } => meta("channel_map", Owner),
            ChannelListing { .. } => meta("channel_listing", Owner),
            ImportMarketOrders { .. } => meta("import_market_orders", Packer).in_steps().frees(),
        }
    }

    /// The least role that may run this command.
    pub fn required_role(&self) -> Role {
        self.meta().role
    }

    /// A dry run is applied in full, then rolled back by whoever owns the transaction.
    pub fn is_dry_run(&self) -> bool {
        matches!(
            self,
            Command::ImportSkus { dry_run: true, .. } | Command::ImportStock { dry_run: true, .. }
        )
    }

    /// See `CommandMeta::in_steps`.
    pub fn writes_in_steps(&self) -> bool {
        self.meta().in_steps
    }

    /// A short snake_case name for messages and logs.
    pub fn name(&self) -> &'static str {
        self.meta().name
    }
}

/// Whether a role may do what needs `needed`.
pub fn role_allows(role: Role, needed: Role) -> bool {
    match role {
        Role::Owner => true,
        Role::Packer => matches!(needed, Role::Packer | Role::Viewer),
        Role::Counter => matches!(needed, Role::Counter | Role::Viewer),
        Role::Viewer => needed == Role::Viewer,
    }
}

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
        kind: String,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Skus(Vec<SkuRow>),
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
}

/// The one API. `LocalInventory` and the socket client implement it.
pub trait Inventory: Send + Sync {
    fn execute(&self, cmd: Command) -> Result<Applied>;
    fn query(&self, q: Query) -> Result<Answer>;
}

/// Typed helpers over `query`, for callers that want one shape back.
pub trait InventoryExt: Inventory {
    fn sku_list(&self, filter: Option<String>, low: bool) -> Result<Vec<SkuRow>> {
        match self.query(Query::SkuList { filter, low })? {
            Answer::Skus(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn code_clashes(&self) -> Result<Vec<check::CodeClash>> {
        match self.query(Query::CodeClashes)? {
            Answer::CodeClashes(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_page(&self, after: Option<String>, limit: u32) -> Result<Vec<SkuRow>> {
        match self.query(Query::SkuPage { after, limit })? {
            Answer::Skus(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_detail(&self, sku: &str, history: usize) -> Result<SkuDetail> {
        match self.query(Query::SkuDetail {
            sku: sku.to_string(),
            history,
        })? {
            Answer::SkuDetail(v) => Ok(*v),
            other => Err(unexpected(other)),
        }
    }
    fn locations(&self) -> Result<Vec<LocationView>> {
        match self.query(Query::Locations)? {
            Answer::Locations(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn channels(&self) -> Result<Vec<ChannelView>> {
        match self.query(Query::Channels)? {
            Answer::Channels(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn reservations(&self, channel: Option<String>, all: bool) -> Result<Vec<ReservationView>> {
        match self.query(Query::Reservations { channel, all })? {
            Answer::Reservations(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn history(&self, sku: Option<String>, limit: usize) -> Result<Vec<MovementView>> {
        match self.query(Query::History { sku, limit })? {
            Answer::History(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn users(&self) -> Result<Vec<UserView>> {
        match self.query(Query::Users)? {
            Answer::Users(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn whoami(&self) -> Result<UserView> {
        match self.query(Query::WhoAmI)? {
            Answer::WhoAmI(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn check(&self) -> Result<check::CheckReport> {
        match self.query(Query::Check)? {
            Answer::Check(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn catalog(&self) -> Result<Vec<CatalogRow>> {
        match self.query(Query::Catalog)? {
            Answer::Catalog(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn stock(&self) -> Result<Vec<StockLine>> {
        match self.query(Query::Stock)? {
            Answer::Stock(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn ledger(&self) -> Result<Vec<MovementView>> {
        match self.query(Query::Ledger)? {
            Answer::History(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn count_sessions(&self) -> Result<Vec<stocktake::SessionView>> {
        match self.query(Query::CountList)? {
            Answer::CountSessions(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn count_report(&self, session: u64) -> Result<stocktake::CountReport> {
        match self.query(Query::CountDiff { session })? {
            Answer::CountReport(v) => Ok(*v),
            other => Err(unexpected(other)),
        }
    }
    fn matrix(&self) -> Result<(Vec<channels::RulesView>, Vec<channels::MatrixRow>)> {
        match self.query(Query::Matrix)? {
            Answer::Matrix { channels, rows } => Ok((channels, rows)),
            other => Err(unexpected(other)),
        }
    }
    fn channel_setup(&self, channel: &str) -> Result<market::SetupView> {
        match self.query(Query::ChannelSetup {
            channel: channel.to_string(),
        })? {
            Answer::ChannelSetup(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn feed(&self, channel: &str, changed_only: bool) -> Result<Vec<channels::FeedRow>> {
        match self.query(Query::Feed {
            channel: channel.to_string(),
            changed_only,
        })? {
            Answer::Feed(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sync_feed(&self, channel: &str) -> Result<Vec<channels::FeedRow>> {
        match self.query(Query::SyncFeed {
            channel: channel.to_string(),
        })? {
            Answer::Feed(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn stats(&self) -> Result<Stats> {
        match self.query(Query::Stats)? {
            Answer::Stats(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn alerts(&self, days: u32, all: bool) -> Result<Vec<replenish::AlertRow>> {
        match self.query(Query::Alerts { days, all })? {
            Answer::Alerts(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn purchase_orders(&self, all: bool) -> Result<Vec<purchasing::PoView>> {
        match self.query(Query::PurchaseOrders { all })? {
            Answer::PurchaseOrders(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn purchase_order(&self, id: u64) -> Result<purchasing::PoView> {
        match self.query(Query::PurchaseOrder { id })? {
            Answer::PurchaseOrders(mut v) if v.len() == 1 => Ok(v.remove(0)),
            other => Err(unexpected(other)),
        }
    }
    fn velocity_report(&self, days: u32) -> Result<Vec<replenish::VelocityRow>> {
        match self.query(Query::VelocityReport { days })? {
            Answer::VelocityReport(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn defect_report(&self, days: u32) -> Result<replenish::DefectReport> {
        match self.query(Query::DefectReport { days })? {
            Answer::DefectReport(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
}

impl<T: Inventory + ?Sized> InventoryExt for T {}

fn unexpected(a: Answer) -> Error {
    Error::Store(StoreErrorWire::Connection(
        format!("unexpected answer: {a:?}")
            .chars()
            .take(200)
            .collect(),
    ))
}
