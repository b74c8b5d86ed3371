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
    /// The folder keymap.toml is read from [default: the platform config dir]
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
        /// The SKU's code or one of its barcodes
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// The location [default: the default location]
        #[arg(long)]
        at: Option<String>,
        /// A reference kept in the ledger (a delivery note, an invoice number)
        #[arg(long = "ref")]
        reference: Option<String>,
    },
    /// Reserve units for an order on a channel
    Reserve {
        /// The SKU's code or one of its barcodes
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// The sales channel, by name
        #[arg(long)]
        channel: String,
        /// The channel's order number [default: none]
        #[arg(long)]
        order: Option<String>,
        /// The location [default: the default location]
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
        /// The reservation number (#12 or 12)
        id: String,
        /// Why it is cancelled; kept in the ledger
        #[arg(long)]
        reason: Option<String>,
    },
    /// Scan one unit for a reservation (the barcode must match its SKU)
    Pick {
        /// The reservation number (#12 or 12)
        id: String,
        /// The scanned barcode (or code) of one unit
        barcode: String,
    },
    /// Ship a reservation, whole or part
    Ship {
        /// The reservation number (#12 or 12)
        id: String,
        /// Units to ship [default: all still reserved]
        #[arg(long, allow_negative_numbers = true)]
        qty: Option<String>,
        /// The carrier's tracking number
        #[arg(long)]
        tracking: Option<String>,
    },
    /// A sale without a reservation (the shop till)
    Sell {
        /// The SKU's code or one of its barcodes
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// The sales channel, by name
        #[arg(long)]
        channel: String,
        /// The location [default: the default location]
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
        /// The SKU's code or one of its barcodes
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// The sales channel, by name
        #[arg(long)]
        channel: String,
        /// The units are fit to sell: back to stock
        #[arg(long, conflicts_with = "defect", required_unless_present = "defect")]
        restock: bool,
        /// shipping_damage, manufacturing, packaging or other
        #[arg(long, value_name = "REASON")]
        defect: Option<String>,
        /// The location [default: the default location]
        #[arg(long)]
        at: Option<String>,
        /// The order the units were shipped on: at most what it shipped, less earlier returns
        #[arg(long, required_unless_present = "no_order")]
        order: Option<String>,
        /// A walk-in return that names no order (owner only)
        #[arg(long, conflicts_with = "order")]
        no_order: bool,
        /// A free note kept in the ledger
        #[arg(long)]
        note: Option<String>,
    },
    /// Move sellable units to defective
    Defect {
        /// The SKU's code or one of its barcodes
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// shipping_damage, manufacturing, packaging or other
        #[arg(long)]
        reason: String,
        /// The location [default: the default location]
        #[arg(long)]
        at: Option<String>,
        /// A free note kept in the ledger
        #[arg(long)]
        note: Option<String>,
    },
    /// Write units off (lost, destroyed); --defective takes them from defective
    Writeoff {
        /// The SKU's code or one of its barcodes
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// Why the units are written off; kept in the ledger
        #[arg(long)]
        reason: String,
        /// Take the units from defective, not from sellable stock
        #[arg(long)]
        defective: bool,
        /// The location [default: the default location]
        #[arg(long)]
        at: Option<String>,
    },
    /// Move units between locations
    Transfer {
        /// The SKU's code or one of its barcodes
        sku: String,
        /// A whole number of units, 1..=1000000000
        #[arg(allow_negative_numbers = true)]
        qty: String,
        /// The location the units leave
        #[arg(long)]
        from: String,
        /// The location the units go to
        #[arg(long)]
        to: String,
    },
    /// Correct on hand: --set N or --by +N/-N, with a reason
    Adjust {
        /// The SKU's code or one of its barcodes
        sku: String,
        /// Set on hand to N
        #[arg(
            long,
            conflicts_with = "by",
            required_unless_present = "by",
            allow_negative_numbers = true,
            value_name = "N"
        )]
        set: Option<String>,
        /// Change on hand by +N or -N
        #[arg(long, allow_hyphen_values = true, value_name = "+-N")]
        by: Option<String>,
        /// Why on hand is corrected; kept in the ledger
        #[arg(long)]
        reason: String,
        /// The location [default: the default location]
        #[arg(long)]
        at: Option<String>,
    },
    /// The reservation queue: open reservations, oldest first
    Reservations {
        /// Only this channel's reservations
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
        /// Only this SKU's entries (code or barcode)
        sku: Option<String>,
        /// How many entries at most
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Import from CSV or .xlsx, all or nothing: skus, stock, or a channel's orders or listed quantities (--channel)
    Import {
        /// What the file holds: skus, stock, orders (of --channel) or listed (of --channel)
        what: ImportWhat,
        /// The CSV or .xlsx file
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
        /// orders: a status word of the file and what it asks: reserve, ship, release or return (repeatable)
        #[arg(long, value_name = "STATUS=ACTION")]
        status_map: Vec<String>,
    },
    /// Export SKUs, stock levels, the ledger or a channel's feed (never over the database, its
    /// socket or a backup; an existing file only with --force)
    Export {
        /// What to write: skus, stock, ledger or feed (a channel's published quantities)
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
        /// feed --all: the folder the files go to
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// feed of an Ozon channel: the warehouse name as the Ozon cabinet spells it [default: the channel's name]
        #[arg(long)]
        warehouse: Option<String>,
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
    /// Push what a channel may show to its marketplace API and pull its new and changed
    /// orders (Ozon, Wildberries; keys in marketplaces.toml or the environment)
    Sync(super::sync::SyncArgs),
    /// Serve the database to several users at once over a Unix socket beside it
    Serve {
        /// The socket [default: the database path + ".sock"]; clients then need STOCKROOM_SOCKET
        #[arg(long, value_name = "PATH")]
        socket: Option<PathBuf>,
        /// Let this group's members connect (socket mode 0660)
        #[arg(long, value_name = "NAME")]
        group: Option<String>,
        /// Sync every channel that has marketplace API keys this often ("10m", "1h"; 1s to 7d)
        #[arg(long, value_name = "DURATION")]
        sync_every: Option<String>,
    },
    /// Write a consistent copy of the whole database to FILE (owner only; works while served)
    Backup {
        /// The file to write
        file: PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Replace the database with a backup that passes check; the old one is kept as
    /// DB.before-restore (owner only; stop the server first)
    Restore {
        /// The backup file to restore from
        file: PathBuf,
    },
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell
    Completions {
        /// bash, zsh, fish, elvish or powershell
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
    /// How many SKUs to make
    #[arg(long, default_value_t = 300)]
    pub skus: u32,
    /// Days of sales history to make
    #[arg(long, default_value_t = 90)]
    pub days: u32,
    /// The random seed: the same seed makes the same shop
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
        /// The SKU's code
        code: String,
        /// The name people read
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: SkuFields,
    },
    /// Change a SKU's fields
    Edit {
        /// The SKU's code or one of its barcodes
        code: String,
        /// A new name
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
    Archive {
        /// The SKU's code or one of its barcodes
        code: String,
    },
    /// List SKUs with their totals
    List {
        /// Only SKUs whose code, name or barcode contains this
        #[arg(long)]
        filter: Option<String>,
        /// Only SKUs at or below their reorder point
        #[arg(long)]
        low: bool,
    },
    /// One SKU by code or barcode, per location
    Show {
        /// The SKU's code or one of its barcodes
        code: String,
    },
}

#[derive(Args, Debug, Default)]
pub struct SkuFields {
    /// A barcode of the SKU (repeatable)
    #[arg(long = "barcode")]
    pub barcodes: Vec<String>,
    /// Who the SKU is bought from
    #[arg(long)]
    pub supplier: Option<String>,
    /// Days from ordering to receiving, 0 to 3650
    #[arg(long)]
    pub lead_days: Option<String>,
    /// The minimum stock, set by hand [default: from sales]
    #[arg(long)]
    pub min: Option<String>,
    /// Safety stock on top of the minimum, set by hand [default: from sales]
    #[arg(long)]
    pub safety: Option<String>,
    /// Units per supplier pack; orders are rounded up to it
    #[arg(long)]
    pub pack: Option<String>,
    /// What one unit costs to buy, in roubles (1234.50 or 1 234,50)
    #[arg(long)]
    pub cost: Option<String>,
    /// What one unit sells for, in roubles
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
        /// The location to count [default: the default location]
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
        /// The count session number
        session: String,
        /// The SKU's code or one of its barcodes
        sku: String,
        /// Units counted [default: 1]
        #[arg(default_value = "1")]
        qty: String,
    },
    /// Take back your own last entry
    Undo {
        /// The count session number
        session: String,
    },
    /// Count a SKU again from zero
    Recount {
        /// The count session number
        session: String,
        /// The SKU's code or one of its barcodes
        sku: String,
    },
    /// Load a handheld's export (barcode or code, qty), all or nothing
    Import {
        /// The count session number
        session: String,
        /// The CSV or .xlsx file: barcode or code, quantity
        file: PathBuf,
        /// The sheet of an .xlsx file to read [default: the first]
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Counted vs recorded: variance, value, flags
    Diff {
        /// The count session number
        session: String,
    },
    /// Adjust stock to the count (one adjust movement per SKU)
    Apply {
        /// The count session number
        session: String,
        /// Apply only these SKUs; the session stays open for the rest
        #[arg(long, num_args = 1..)]
        only: Vec<String>,
        /// Set SKUs in scope that nobody counted to zero
        #[arg(long)]
        zero_uncounted: bool,
    },
    /// Close a session without adjusting anything
    Cancel {
        /// The count session number
        session: String,
    },
    /// Settle a row in conflict by a write-off, defect or adjust after its count, and apply it
    Resolve {
        /// The count session number
        session: String,
        /// The SKU's code or one of its barcodes
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
        /// The reservation number (#12 or 12)
        id: String,
        /// The location to take the units from instead
        #[arg(long, value_name = "LOCATION")]
        to: String,
    },
    /// Let an open reservation's units go; it waits as a backorder and is reserved again when stock covers it
    Backorder {
        /// The reservation number (#12 or 12)
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum LocationCmd {
    /// Add a location
    Add {
        /// The location's name
        name: String,
        /// Make it the default location
        #[arg(long)]
        default: bool,
    },
    /// List the locations
    List,
}

#[derive(Subcommand, Debug)]
pub enum ChannelCmd {
    /// Add a sales channel
    Add {
        /// The channel's name
        name: String,
        /// marketplace, retail, website, social, messenger, wholesale, other
        #[arg(long, default_value = "other")]
        kind: String,
        /// 1 to 1000: higher priority channels keep showing stock near the minimum
        #[arg(long, default_value = "5")]
        priority: String,
        /// The marketplace whose files it speaks: generic, ozon, wildberries, yandex-market, latorga [default: generic]
        #[arg(long)]
        profile: Option<String>,
    },
    /// Change a channel's profile (the marketplace whose files it speaks)
    Edit {
        /// The sales channel, by name
        channel: String,
        /// generic, ozon, wildberries, yandex-market, latorga
        #[arg(long)]
        profile: String,
    },
    /// The marketplace's own ids of our SKUs (article, offer id, nmId, barcode); with no SKU and no file, lists them
    Map {
        /// The sales channel, by name
        channel: String,
        /// Our SKU code
        sku: Option<String>,
        /// The marketplace's id for it
        #[arg(long, conflicts_with = "remove")]
        item: Option<String>,
        /// Forget the SKU's id on this channel
        #[arg(long)]
        remove: bool,
        /// A CSV or .xlsx file of code and item id (an empty item id forgets it)
        #[arg(long, conflicts_with_all = ["sku", "item", "remove"])]
        file: Option<PathBuf>,
        /// The sheet of an .xlsx file to read [default: the first]
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Which SKUs a channel lists (every one by default); with no flag, shows its list
    ListSkus {
        /// The sales channel, by name
        channel: String,
        /// List these SKUs too (a channel that listed everything lists only these)
        #[arg(long, num_args = 1.., value_name = "CODE")]
        add: Vec<String>,
        /// Stop listing these SKUs
        #[arg(long, num_args = 1.., value_name = "CODE", conflicts_with = "add")]
        remove: Vec<String>,
        /// List exactly the SKUs of this CSV or .xlsx file (a code column)
        #[arg(long, conflicts_with_all = ["add", "remove"])]
        file: Option<PathBuf>,
        /// Back to listing every SKU (the default)
        #[arg(long, conflicts_with_all = ["add", "remove", "file"])]
        all: bool,
    },
    /// List the channels with their rules
    List,
    /// Allocation rules: what the channel may show of the one pool
    Rules {
        /// The sales channel, by name
        channel: String,
        /// 1 to 1000: higher priority channels keep showing stock near the minimum
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
        /// Stop publishing stock to this channel (0 everywhere)
        #[arg(long, conflicts_with = "resume")]
        pause: bool,
        /// Publish again after a pause
        #[arg(long)]
        resume: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Give a user a role (or change it)
    Add {
        /// The login name of the user
        name: String,
        /// owner, packer, counter or viewer
        #[arg(long)]
        role: String,
    },
    /// List the users and their roles
    List,
    /// Take a user's access away
    Remove {
        /// The login name of the user
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every subcommand and every argument says what it is in `--help` (and so in the man page).
    #[test]
    fn every_command_and_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") || a.is_hide_set() {
                    continue;
                }
                if a.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.is_hide_set() || sub.get_name() == "help" {
                    continue;
                }
                let here = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() {
                    missing.push(format!("{here} (the command itself)"));
                }
                walk(sub, &here, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "stockroom", &mut missing);
        assert!(missing.is_empty(), "no help for: {missing:#?}");
    }
}
