//! A change: `Command` (data, serde-serializable), with what each one is (its name, the
//! role it needs, how it is applied).

use super::*;

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
    /// `kit assemble` (or `kit disassemble` with `apart`): made kits from components.
    KitAssemble {
        sku: String,
        kits: u64,
        at: Option<String>,
        apart: bool,
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
        /// The instant the orders are expected by; none: now + the SKUs' longest lead time.
        expected: Option<Millis>,
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
        /// Rows whose `kit` column names components.
        #[serde(default)]
        kits: Vec<Located<super::KitRow>>,
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
    /// Makes a SKU a kit of these components (`CODE`, quantity per kit), saving the SKU
    /// first when `edit` is given (`new`: it is added); an empty list makes a kit a plain
    /// SKU again.
    SetKit {
        sku: String,
        edit: Option<SkuSpec>,
        new: bool,
        components: Vec<(String, u64)>,
    },
    /// A return of kits in which the named components come back defective (with their
    /// reason) and the others to the shelf.
    ReturnKit {
        sku: String,
        qty: u64,
        channel: String,
        at: Option<String>,
        order: Option<String>,
        note: Option<String>,
        defective: Vec<(String, DefectReason)>,
    },
    /// `Ship`, and what delivering the shipment cost (kept with the sale's money).
    ShipWithDelivery {
        id: ReservationId,
        qty: Option<u64>,
        tracking: Option<String>,
        delivery: Money,
    },
    /// A SKU's price on one channel; `None` goes back to the SKU's own price.
    SetChannelPrice {
        sku: String,
        channel: String,
        price: Option<Money>,
    },
    /// A planned promotion: its channel, days, uplift and SKUs (none: every SKU).
    PromoAdd(super::plan::PromoSpec),
    /// Removes a planned promotion.
    PromoRemove {
        id: u32,
    },
    /// Brings an archived SKU back: reserved, sold, ordered and published again.
    UnarchiveSku {
        sku: String,
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
            UnarchiveSku { .. } => meta("sku_unarchive", Owner).frees(),
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
            KitAssemble { apart: false, .. } => meta("kit_assemble", Packer),
            KitAssemble { apart: true, .. } => meta("kit_disassemble", Packer).frees(),
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
            SetKit { .. } => meta("sku_kit", Owner),
            ReturnKit { order: None, .. } => meta("return_kit_no_order", Owner).frees(),
            ReturnKit { .. } => meta("return_kit", Packer).frees(),
            SetChannelPrice { .. } => meta("sku_price", Owner),
            PromoAdd(_) => meta("promo_add", Owner),
            PromoRemove { .. } => meta("promo_remove", Owner),
            ShipWithDelivery { .. } => meta("ship_delivery", Packer),
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
