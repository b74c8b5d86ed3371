//! The command line, as clap reads it. Every subcommand maps onto one Inventory call.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "stockroom",
    version,
    about = "One honest count of stock across every sales channel",
    long_about = "stockroom keeps one stock pool that every sales channel looks at: reservations, \
returns and defects, minimum levels and stocktakes. With no subcommand it opens the terminal UI."
)]
pub struct Cli {
    /// The database file [default: stockroom.redb in the platform data dir]
    #[arg(long, env = "STOCKROOM_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print one JSON document on stdout (errors stay on stderr)
    #[arg(long, global = true)]
    pub json: bool,
    /// Interface language: en or ru [default: from STOCKROOM_LANG, else LANG]
    #[arg(long, env = "STOCKROOM_LANG", global = true, value_name = "en|ru")]
    pub lang: Option<String>,
    /// Where config.toml and keymap.toml are read
    #[arg(long, env = "STOCKROOM_CONFIG_DIR", global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Seconds to wait for a database another stockroom process is using, and for a
    /// restarting server to answer again (0: give up at once), at most 3600
    #[arg(long, global = true, value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(..=3600))]
    pub wait: u64,
    /// The text encoding of imported CSV files: utf-8, utf-16, windows-1251, koi8-r or
    /// windows-1252 [default: detected; a file whose encoding is not certain is refused]
    #[arg(long, env = "STOCKROOM_ENCODING", global = true, value_name = "NAME")]
    pub encoding: Option<String>,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create an empty database (you become its owner; "Main warehouse" is the default location)
    Init,
    /// Fill an EMPTY database with a realistic small business (Russian names, 90 days of history)
    Demo(DemoArgs),
    /// SKUs: add, edit, archive, list, show
    #[command(subcommand)]
    Sku(SkuCmd),
    /// Locations where units physically lie
    #[command(subcommand)]
    Location(LocationCmd),
    /// Sales channels (marketplaces, shop till, website, ...)
    #[command(subcommand)]
    Channel(ChannelCmd),
    /// Users and their roles (owner, packer, counter, viewer)
    #[command(subcommand)]
    User(UserCmd),
    /// Receive units into stock
    Receive {
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        #[arg(long)]
        at: Option<String>,
        #[arg(long = "ref")]
        reference: Option<String>,
    },
    /// Reserve units for an order on a channel
    Reserve {
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        #[arg(long)]
        channel: String,
        #[arg(long)]
        order: Option<String>,
        #[arg(long)]
        at: Option<String>,
        /// cdek, regional, courier or pickup
        #[arg(long)]
        delivery: Option<String>,
        /// door or pickup_point
        #[arg(long)]
        dest: Option<String>,
        /// A free note on the address
        #[arg(long)]
        address: Option<String>,
        /// When too little is available, record a backorder instead of refusing
        #[arg(long, conflicts_with = "force")]
        backorder: bool,
        /// Owner: reserve even though the SKU is in shortage (needs --reason)
        #[arg(long, requires = "reason")]
        force: bool,
        /// Why the shortage is passed; written in the ledger note
        #[arg(long, requires = "force")]
        reason: Option<String>,
    },
    /// Cancel an open reservation
    Release {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Scan one unit for a reservation (the barcode must match its SKU)
    Pick { id: String, barcode: String },
    /// Ship a reservation, whole or part
    Ship {
        id: String,
        #[arg(long, allow_negative_numbers = true)]
        qty: Option<String>,
        #[arg(long)]
        tracking: Option<String>,
    },
    /// A sale without a reservation (the shop till)
    Sell {
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        #[arg(long)]
        channel: String,
        #[arg(long)]
        at: Option<String>,
        /// Owner: sell even though the SKU is in shortage (needs --reason)
        #[arg(long, requires = "reason")]
        force: bool,
        /// Why the shortage is passed; written in the ledger note
        #[arg(long, requires = "force")]
        reason: Option<String>,
    },
    /// A customer return: back to stock, or to defective with a reason
    Return {
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        #[arg(long)]
        channel: String,
        #[arg(long, conflicts_with = "defect", required_unless_present = "defect")]
        restock: bool,
        /// shipping_damage, manufacturing, packaging or other
        #[arg(long, value_name = "REASON")]
        defect: Option<String>,
        #[arg(long)]
        at: Option<String>,
        /// The order the units were shipped on: at most what it shipped, less earlier returns
        #[arg(long, required_unless_present = "no_order")]
        order: Option<String>,
        /// A walk-in return that names no order (owner only)
        #[arg(long, conflicts_with = "order")]
        no_order: bool,
        #[arg(long)]
        note: Option<String>,
    },
    /// Move sellable units to defective
    Defect {
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// shipping_damage, manufacturing, packaging or other
        #[arg(long)]
        reason: String,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Write units off (lost, destroyed); --defective takes them from defective
    Writeoff {
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        defective: bool,
        #[arg(long)]
        at: Option<String>,
    },
    /// Move units between locations
    Transfer {
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Correct on hand: --set N or --by +N/-N, with a reason
    Adjust {
        sku: String,
        #[arg(
            long,
            conflicts_with = "by",
            required_unless_present = "by",
            allow_negative_numbers = true,
            value_name = "N"
        )]
        set: Option<String>,
        #[arg(long, allow_hyphen_values = true, value_name = "+-N")]
        by: Option<String>,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        at: Option<String>,
    },
    /// The reservation queue: open reservations, oldest first
    Reservations {
        #[arg(long)]
        channel: Option<String>,
        /// Also shipped, cancelled and expired ones
        #[arg(long)]
        all: bool,
    },
    /// One reservation's way out when it is short: move it to another location, or make it a backorder
    #[command(subcommand)]
    Reservation(ReservationCmd),
    /// The ledger, newest first
    History {
        sku: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Import SKUs or stock levels from CSV or .xlsx (all or nothing)
    /// skus|stock from CSV or .xlsx; orders|listed of a channel (--channel); all or nothing
    Import {
        what: ImportWhat,
        file: PathBuf,
        /// Check and report without writing
        #[arg(long)]
        dry_run: bool,
        /// The channel of an orders or listed file
        #[arg(long)]
        channel: Option<String>,
        /// The sheet of an .xlsx file to read [default: the first]
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Export SKUs, stock levels or the ledger (never over the database, its socket or a
    /// backup; an existing file only with --force)
    Export {
        what: ExportWhat,
        /// The file to write; its extension (.csv, .json, .xlsx) sets the format
        #[arg(long)]
        out: Option<PathBuf>,
        /// csv, json or xlsx [default: from the --out extension, else csv]
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Replace an existing file (never the database, its socket or a backup)
        #[arg(long)]
        force: bool,
        /// CSV delimiter: , ; or tab
        #[arg(long, default_value = ",")]
        delimiter: String,
        /// feed: the channel whose published quantities to write
        #[arg(long)]
        channel: Option<String>,
        /// feed: only what changed since that channel's last feed
        #[arg(long)]
        changed_only: bool,
        /// feed: one file per channel, into --out-dir
        #[arg(long)]
        all: bool,
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Per SKU and channel: published, listed and drift
    Matrix,
    /// Release every hold whose deadline has passed
    Expire,
    /// Replay the ledger and verify every level and invariant
    Check,
    /// Print the effective keymap (defaults merged with your keymap.toml)
    Keys,
    /// Stocktake: count sessions, entries, the reconciliation and applying it
    #[command(subcommand)]
    Count(CountCmd),
    /// Low-stock alerts by severity: days of cover and what to order; `alerts snooze SKU DAYS`
    Alerts(super::purchasing::AlertsArgs),
    /// Purchase orders: create (by hand or from the alerts), list, show, receive, cancel
    #[command(subcommand)]
    Po(super::purchasing::PoCmd),
    /// Reports: defects by reason and supplier, sales velocity per channel
    #[command(subcommand)]
    Report(super::purchasing::ReportCmd),
    /// Serve the database to several users at once over a Unix socket beside it
    Serve {
        /// The socket [default: the database path + ".sock"]; clients then need STOCKROOM_SOCKET
        #[arg(long, value_name = "PATH")]
        socket: Option<PathBuf>,
        /// Let this group's members connect (socket mode 0660)
        #[arg(long, value_name = "NAME")]
        group: Option<String>,
    },
    /// Write a consistent copy of the whole database to FILE (owner only; works while served)
    Backup {
        file: PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Replace the database with a backup that passes check; the old one is kept as
    /// DB.before-restore (owner only; stop the server first)
    Restore { file: PathBuf },
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout
    Man,
    /// Random writes for the crash tests (only on a database it made itself)
    #[command(hide = true)]
    Torture(super::torture::TortureArgs),
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 300)]
    pub skus: u32,
    #[arg(long, default_value_t = 90)]
    pub days: u32,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The demo's "today" (YYYY-MM-DD or RFC 3339): its history ends the day before
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<i64>,
}

fn parse_as_of(s: &str) -> Result<i64, String> {
    crate::inventory::clock::parse_instant(s)
        .ok_or_else(|| crate::i18n::text("cli.bad_as_of").to_string())
}

#[derive(Subcommand, Debug)]
pub enum SkuCmd {
    /// Add a SKU
    Add {
        code: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: SkuFields,
    },
    /// Change a SKU's fields
    Edit {
        code: String,
        #[arg(long)]
        name: Option<String>,
        /// A new code for the SKU (its stock and history stay with it)
        #[arg(long = "code", value_name = "NEW-CODE")]
        new_code: Option<String>,
        /// Take this barcode off the SKU (repeatable)
        #[arg(long = "remove-barcode", value_name = "BARCODE")]
        remove_barcodes: Vec<String>,
        #[command(flatten)]
        fields: SkuFields,
    },
    /// Archive a SKU: no longer sold or published
    Archive { code: String },
    /// List SKUs with their totals
    List {
        #[arg(long)]
        filter: Option<String>,
        /// Only SKUs at or below their reorder point
        #[arg(long)]
        low: bool,
    },
    /// One SKU by code or barcode, per location
    Show { code: String },
}

#[derive(Args, Debug, Default)]
pub struct SkuFields {
    #[arg(long = "barcode")]
    pub barcodes: Vec<String>,
    #[arg(long)]
    pub supplier: Option<String>,
    #[arg(long)]
    pub lead_days: Option<String>,
    #[arg(long)]
    pub min: Option<String>,
    #[arg(long)]
    pub safety: Option<String>,
    #[arg(long)]
    pub pack: Option<String>,
    #[arg(long)]
    pub cost: Option<String>,
    #[arg(long)]
    pub price: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolveChoice {
    /// The shelf held what was counted: the movement only brought the books to it
    CountStands,
    /// The movement took (or brought) units after they were counted
    MovementAfter,
}

#[derive(Subcommand, Debug)]
pub enum CountCmd {
    /// Start counting a location (one open session per location)
    Start {
        #[arg(long)]
        at: Option<String>,
        /// Count only SKUs whose code or name contains this
        #[arg(long)]
        filter: Option<String>,
        /// Counters never see recorded quantities
        #[arg(long)]
        blind: bool,
    },
    /// Count units of a SKU (code or barcode); entries add up, and for a row in conflict the entry starts its recount
    Add {
        session: String,
        sku: String,
        #[arg(default_value = "1")]
        qty: String,
    },
    /// Take back your own last entry
    Undo { session: String },
    /// Count a SKU again from zero
    Recount { session: String, sku: String },
    /// Load a handheld's export (barcode or code, qty), all or nothing
    Import {
        session: String,
        file: PathBuf,
        /// The sheet of an .xlsx file to read [default: the first]
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Counted vs recorded: variance, value, flags
    Diff { session: String },
    /// Adjust stock to the count (one adjust movement per SKU)
    Apply {
        session: String,
        /// Apply only these SKUs; the session stays open for the rest
        #[arg(long, num_args = 1..)]
        only: Vec<String>,
        /// Set SKUs in scope that nobody counted to zero
        #[arg(long)]
        zero_uncounted: bool,
    },
    /// Close a session without adjusting anything
    Cancel { session: String },
    /// Settle a row in conflict by a write-off, defect or adjust after its count, and apply it
    Resolve {
        session: String,
        sku: String,
        /// count-stands: the shelf held what was counted; movement-after: the movement took
        /// (or brought) the units after they were counted
        #[arg(value_enum)]
        choice: ResolveChoice,
    },
    /// Count sessions, newest first
    List,
}

#[derive(Subcommand, Debug)]
pub enum ReservationCmd {
    /// Move what an open reservation holds to another location (it must have the units available)
    Move {
        id: String,
        #[arg(long, value_name = "LOCATION")]
        to: String,
    },
    /// Let an open reservation's units go; it waits as a backorder and is reserved again when stock covers it
    Backorder { id: String },
}

#[derive(Subcommand, Debug)]
pub enum LocationCmd {
    Add {
        name: String,
        #[arg(long)]
        default: bool,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum ChannelCmd {
    Add {
        name: String,
        /// marketplace, retail, website, social, messenger, wholesale, other
        #[arg(long, default_value = "other")]
        kind: String,
        #[arg(long, default_value = "5")]
        priority: String,
    },
    List,
    /// Allocation rules: what the channel may show of the one pool
    Rules {
        channel: String,
        #[arg(long)]
        priority: Option<String>,
        /// Keep showing stock near the reorder point (priority channels)
        #[arg(long, value_name = "true|false")]
        keep_when_low: Option<bool>,
        /// Units held back from this channel
        #[arg(long)]
        buffer: Option<String>,
        /// Show at most this many ("none" removes the cap)
        #[arg(long)]
        max: Option<String>,
        /// Percent of the available units to show
        #[arg(long)]
        share: Option<String>,
        /// Source locations, comma separated ("all" for every location)
        #[arg(long, value_name = "LOC,...")]
        from: Option<String>,
        /// How long an unpaid hold lasts: 48h, 2d, 90m ("none" removes it)
        #[arg(long, value_name = "DURATION")]
        hold_ttl: Option<String>,
        #[arg(long, conflicts_with = "resume")]
        pause: bool,
        #[arg(long)]
        resume: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    Add {
        name: String,
        /// owner, packer, counter or viewer
        #[arg(long)]
        role: String,
    },
    List,
    Remove {
        name: String,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportWhat {
    Skus,
    Stock,
    Orders,
    Listed,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    Skus,
    Stock,
    Ledger,
    Feed,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    /// An Excel workbook (needs --out): skus, stock or ledger
    Xlsx,
}
