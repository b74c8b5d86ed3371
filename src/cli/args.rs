//! The command line, as clap reads it. Every subcommand maps onto one Inventory call.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{ChannelKind, Choice, Role};

mod market;
mod stock;
pub use market::*;
pub use stock::*;

#[derive(Parser, Debug)]
#[command(
    name = "stockroom",
    version,
    about = "One honest count of stock across every sales channel",
    long_about = "stockroom keeps one stock pool that every sales channel looks at: reservations, \
returns and defects, minimum levels and stocktakes. With no subcommand it opens the terminal UI."
)]
pub struct Cli {
    /// The database: a file, or a PostgreSQL URL postgres://user@host/dbname [default:
    /// stockroom.redb in the platform data dir]
    #[arg(long, env = "STOCKROOM_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print one JSON document on stdout (errors stay on stderr)
    #[arg(long, global = true)]
    pub json: bool,
    /// Interface language: en or ru [default: from STOCKROOM_LANG, else LANG]
    #[arg(long, env = "STOCKROOM_LANG", global = true, value_name = "en|ru")]
    pub lang: Option<String>,
    /// The folder keymap.toml and marketplaces.toml are read from [default: the platform config dir]
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
    Receive(ReceiveArgs),
    /// Reserve units for an order on a channel
    Reserve(ReserveArgs),
    /// Cancel an open reservation
    Release(ReleaseArgs),
    /// Scan one unit for a reservation (the barcode must match its SKU)
    Pick(PickArgs),
    /// Ship a reservation, whole or part
    Ship(ShipArgs),
    /// A sale without a reservation (the shop till)
    Sell(SellArgs),
    /// A customer return: back to stock, or to defective with a reason
    Return(ReturnArgs),
    /// Move sellable units to defective
    Defect(DefectArgs),
    /// Write units off (lost, destroyed); --defective takes them from defective
    Writeoff(WriteoffArgs),
    /// Move units between locations
    Transfer(TransferArgs),
    /// Made kits: assemble components into kits with shelf stock, or take them apart
    #[command(subcommand)]
    Kit(KitCmd),
    /// Correct on hand: --set N or --by +N/-N, with a reason
    Adjust(AdjustArgs),
    /// The reservation queue: open reservations, oldest first
    Reservations(ReservationsArgs),
    /// One reservation's way out when it is short: move it to another location, or make it a backorder
    #[command(subcommand)]
    Reservation(ReservationCmd),
    /// The ledger, newest first
    History(HistoryArgs),
    /// The end-of-day report: received, sold and shipped per channel, returns and defects,
    /// holds past their deadline, drift, counts, alerts, purchase orders due
    Day(super::day::DayArgs),
    /// Import a CSV or .xlsx file, all or nothing: one bad row and nothing is written
    Import(ImportArgs),
    /// Export SKUs, stock levels, the ledger or a channel's feed (never over the database, its
    /// socket or a backup; an existing file only with --force)
    Export(ExportArgs),
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
    /// Promotions the demand forecast plans for: add, list, remove
    #[command(subcommand)]
    Promo(super::plan::PromoCmd),
    /// Purchase orders: create (by hand or from the alerts), list, show, receive, cancel
    #[command(subcommand)]
    Po(super::purchasing::PoCmd),
    /// Reports: defects by reason and supplier, sales velocity per channel
    #[command(subcommand)]
    Report(super::purchasing::ReportCmd),
    /// Push what a channel may show to its marketplace API and pull its new and changed
    /// orders (Ozon, Wildberries; keys in marketplaces.toml or the environment)
    Sync(super::sync::SyncArgs),
    /// What a marketplace shows against what the channel may show, per SKU: oversell risks
    /// first, then lost sales; --fix pushes the corrections (exit 1: drift found)
    Reconcile(super::reconcile::ReconcileArgs),
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
    /// Move the whole stockroom into a new database: a redb file or a PostgreSQL URL,
    /// either way; check must give the same figures on both (owner only)
    Migrate {
        /// The database to move: a file, or postgres://user@host/dbname
        #[arg(long, value_name = "DB")]
        from: PathBuf,
        /// Where to: a file that does not exist yet, or a PostgreSQL database without a stockroom
        #[arg(long, value_name = "DB")]
        to: PathBuf,
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
pub struct ReservationsArgs {
    /// Only this channel's reservations
    #[arg(long)]
    pub channel: Option<String>,
    /// Also shipped, cancelled and expired ones
    #[arg(long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// Only this SKU's entries (code or barcode)
    pub sku: Option<String>,
    /// How many entries at most (the newest that match)
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// From this day on (YYYY-MM-DD, your local day)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to and including this day (YYYY-MM-DD, your local day)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only this kind of entry: receive, reserve, release, expire, ship, sell, return_restock,
    /// return_defect, defect, writeoff, writeoff_defective, transfer, adjust
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Only this channel's entries
    #[arg(long)]
    pub channel: Option<String>,
    /// Only entries made by this user
    #[arg(long, value_name = "USER")]
    pub actor: Option<String>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// What the file holds
    pub what: ImportWhat,
    /// The CSV or .xlsx file
    pub file: PathBuf,
    /// Check and report without writing
    #[arg(long)]
    pub dry_run: bool,
    /// The channel of an orders or listed file
    #[arg(long)]
    pub channel: Option<String>,
    /// The sheet of an .xlsx file to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// orders: a status word of the file and what it asks: reserve, ship, release or return (repeatable)
    #[arg(long, value_name = "STATUS=ACTION")]
    pub status_map: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// What to write (feed: a channel's published quantities)
    pub what: ExportWhat,
    /// The file to write; its extension (.csv, .json, .xlsx) sets the format
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The file format [default: from the --out extension, else csv]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Replace an existing file (never the database, its socket or a backup)
    #[arg(long)]
    pub force: bool,
    /// CSV delimiter: , ; or tab
    #[arg(long, default_value = ",")]
    pub delimiter: String,
    /// feed: the channel whose published quantities to write
    #[arg(long)]
    pub channel: Option<String>,
    /// feed: only what changed since that channel's last feed
    #[arg(long)]
    pub changed_only: bool,
    /// feed: one file per channel, into --out-dir
    #[arg(long)]
    pub all: bool,
    /// feed --all: the folder the files go to
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// feed of an Ozon channel: the warehouse name as the Ozon cabinet spells it [default: the channel's name]
    #[arg(long)]
    pub warehouse: Option<String>,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// How many SKUs to make (1 to 1000000)
    #[arg(long, default_value = "300")]
    pub skus: String,
    /// Days of sales history to make (0 to 3650)
    #[arg(long, default_value = "90")]
    pub days: String,
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
    Add(SkuAddArgs),
    /// Change a SKU's fields
    Edit(SkuEditArgs),
    /// Archive a SKU: no longer sold or published
    Archive(SkuArchiveArgs),
    /// Bring an archived SKU back: reserved, sold, ordered and published again
    Unarchive(SkuArchiveArgs),
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
    /// A SKU's price on one channel (default: the SKU's own price)
    Price(SkuPriceArgs),
}

#[derive(Args, Debug)]
pub struct SkuPriceArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// The channel the price is for
    #[arg(long)]
    pub channel: String,
    /// The price in roubles (990 or 1 234,50); "none" goes back to the SKU's own price
    pub price: String,
}

#[derive(Args, Debug)]
pub struct SkuAddArgs {
    /// The SKU's code
    pub code: String,
    /// The name people read
    #[arg(long)]
    pub name: String,
    /// Make it a kit of these components, each CODE:QTY per kit (TEA-001:1,CUP-01:2)
    #[arg(long, value_name = "CODE:QTY,...")]
    pub kit: Option<String>,
    #[command(flatten)]
    pub fields: SkuFields,
}

#[derive(Args, Debug)]
pub struct SkuEditArgs {
    /// The SKU's code or one of its barcodes
    pub code: String,
    /// A new name
    #[arg(long)]
    pub name: Option<String>,
    /// A new code for the SKU (its stock and history stay with it)
    #[arg(long = "code", value_name = "NEW-CODE")]
    pub new_code: Option<String>,
    /// Take this barcode off the SKU (repeatable)
    #[arg(long = "remove-barcode", value_name = "BARCODE")]
    pub remove_barcodes: Vec<String>,
    /// Make it a kit of these components, each CODE:QTY per kit (replaces the old list)
    #[arg(long, value_name = "CODE:QTY,...", conflicts_with_all = ["no_kit", "new_code", "remove_barcodes"])]
    pub kit: Option<String>,
    /// Make a kit a plain SKU again
    #[arg(long, conflicts_with_all = ["new_code", "remove_barcodes"])]
    pub no_kit: bool,
    #[command(flatten)]
    pub fields: SkuFields,
}

#[derive(Args, Debug)]
pub struct SkuArchiveArgs {
    /// The SKU's code or one of its barcodes
    pub code: String,
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
    /// The minimum stock, set by hand; `auto` lets the rule compute it again [default: from sales]
    #[arg(long)]
    pub min: Option<String>,
    /// Safety stock on top of the minimum, set by hand; `auto` lets the rule compute it again [default: from sales]
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
    Start(CountStartArgs),
    /// Count units of a SKU (code or barcode); entries add up, and for a row in conflict the entry starts its recount
    Add(CountAddArgs),
    /// Take back your own last entry
    Undo(CountUndoArgs),
    /// Count a SKU again from zero
    Recount(CountRecountArgs),
    /// Load a handheld's export (barcode or code, qty), all or nothing
    Import(CountImportArgs),
    /// Counted vs recorded: variance, value, flags
    Diff {
        /// The count session number
        session: String,
    },
    /// Adjust stock to the count (one adjust movement per SKU)
    Apply(CountApplyArgs),
    /// Close a session without adjusting anything
    Cancel(CountCancelArgs),
    /// Settle a row in conflict by a write-off, defect or adjust after its count, and apply it
    Resolve(CountResolveArgs),
    /// Count sessions, newest first
    List,
}

#[derive(Args, Debug)]
pub struct CountStartArgs {
    /// The location to count [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
    /// Count only SKUs whose code or name contains this
    #[arg(long)]
    pub filter: Option<String>,
    /// Counters never see recorded quantities
    #[arg(long)]
    pub blind: bool,
}

#[derive(Args, Debug)]
pub struct CountAddArgs {
    /// The count session number
    pub session: String,
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// Units counted [default: 1]
    #[arg(default_value = "1")]
    pub qty: String,
}

#[derive(Args, Debug)]
pub struct CountUndoArgs {
    /// The count session number
    pub session: String,
}

#[derive(Args, Debug)]
pub struct CountRecountArgs {
    /// The count session number
    pub session: String,
    /// The SKU's code or one of its barcodes
    pub sku: String,
}

#[derive(Args, Debug)]
pub struct CountImportArgs {
    /// The count session number
    pub session: String,
    /// The CSV or .xlsx file: barcode or code, quantity
    pub file: PathBuf,
    /// The sheet of an .xlsx file to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Args, Debug)]
pub struct CountApplyArgs {
    /// The count session number
    pub session: String,
    /// Apply only these SKUs; the session stays open for the rest
    #[arg(long, num_args = 1..)]
    pub only: Vec<String>,
    /// Set SKUs in scope that nobody counted to zero
    #[arg(long)]
    pub zero_uncounted: bool,
}

#[derive(Args, Debug)]
pub struct CountCancelArgs {
    /// The count session number
    pub session: String,
}

#[derive(Args, Debug)]
pub struct CountResolveArgs {
    /// The count session number
    pub session: String,
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// count-stands: the shelf held what was counted; movement-after: the movement took
    /// (or brought) the units after they were counted
    #[arg(value_enum)]
    pub choice: ResolveChoice,
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
    Add(LocationAddArgs),
    /// List the locations
    List,
}

#[derive(Args, Debug)]
pub struct LocationAddArgs {
    /// The location's name
    pub name: String,
    /// Make it the default location
    #[arg(long)]
    pub default: bool,
}

#[derive(Subcommand, Debug)]
pub enum ChannelCmd {
    /// Add a sales channel
    Add(ChannelAddArgs),
    /// Change a channel's profile (the marketplace whose files it speaks)
    Edit(ChannelEditArgs),
    /// The marketplace's own ids of our SKUs (article, offer id, nmId, barcode); with no SKU and no file, lists them
    Map(ChannelMapArgs),
    /// Which SKUs a channel lists (every one by default); with no flag, shows its list
    ListSkus(ListSkusArgs),
    /// List the channels with their rules
    List,
    /// Allocation rules: what the channel may show of the one pool
    Rules(RulesArgs),
}

#[derive(Args, Debug)]
pub struct ChannelAddArgs {
    /// The channel's name
    pub name: String,
    #[arg(long, default_value = "other", help = words::<ChannelKind>())]
    pub kind: String,
    /// 1 to 1000: higher priority channels keep showing stock near the minimum
    #[arg(long, default_value = "5")]
    pub priority: String,
    /// The marketplace whose files it speaks: generic, ozon, wildberries, yandex-market, latorga [default: generic]
    #[arg(long)]
    pub profile: Option<String>,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// The sales channel, by name
    pub channel: String,
    /// 1 to 1000: higher priority channels keep showing stock near the minimum
    #[arg(long)]
    pub priority: Option<String>,
    /// Keep showing stock near the reorder point (priority channels)
    #[arg(long, value_name = "true|false")]
    pub keep_when_low: Option<bool>,
    /// Units held back from this channel
    #[arg(long)]
    pub buffer: Option<String>,
    /// Show at most this many ("none" removes the cap)
    #[arg(long)]
    pub max: Option<String>,
    /// Percent of the available units to show
    #[arg(long)]
    pub share: Option<String>,
    /// Source locations, comma separated ("all" for every location)
    #[arg(long, value_name = "LOC,...")]
    pub from: Option<String>,
    /// How long an unpaid hold lasts: 48h, 2d, 90m ("none" removes it)
    #[arg(long, value_name = "DURATION")]
    pub hold_ttl: Option<String>,
    /// Stop publishing stock to this channel (0 everywhere)
    #[arg(long, conflicts_with = "resume")]
    pub pause: bool,
    /// Publish again after a pause
    #[arg(long)]
    pub resume: bool,
    /// The channel's commission, percent of the price (20 or 12.5)
    #[arg(long, value_name = "PCT", allow_hyphen_values = true)]
    pub commission: Option<String>,
    /// A fixed fee the channel takes per order, in roubles
    #[arg(long, value_name = "RUB", allow_hyphen_values = true)]
    pub order_fee: Option<String>,
    /// Default cost of one shipment by a delivery method, used by `ship` without
    /// --delivery-cost: METHOD=RUB (cdek, regional, courier, pickup; RUB "none" removes
    /// it); repeat for each method
    #[arg(long, value_name = "METHOD=RUB")]
    pub delivery_cost: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Give a user a role (or change it)
    Add(UserAddArgs),
    /// List the users and their roles
    List,
    /// Take a user's access away
    Remove(UserRemoveArgs),
}

#[derive(Args, Debug)]
pub struct UserAddArgs {
    /// The login name of the user
    pub name: String,
    #[arg(long, help = words::<Role>())]
    pub role: String,
}

#[derive(Args, Debug)]
pub struct UserRemoveArgs {
    /// The login name of the user
    pub name: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportWhat {
    /// SKUs and their fields, one row each (code and name required)
    Skus,
    /// On hand per SKU and location, set by adjust movements
    Stock,
    /// A channel's orders, reserved from the one pool (needs --channel)
    Orders,
    /// What a channel shows per SKU, to compare with what it is published (needs --channel)
    Listed,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    /// The SKUs with their fields
    Skus,
    /// Levels per SKU and location
    Stock,
    /// Every movement in the ledger
    Ledger,
    /// A channel's published quantities (--channel, or --all with --out-dir); a feed
    /// written to a file is marked as sent
    Feed,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated text (see --delimiter)
    Csv,
    /// One JSON document
    Json,
    /// An Excel workbook (needs --out): skus, stock or ledger
    Xlsx,
}

/// The help of a flag that takes one word of a list: the list itself ("a, b or c"), so
/// the help names what the parser takes.
fn words<T: Choice>() -> String {
    let mut w = T::words();
    let last = w.pop().unwrap_or_default();
    if w.is_empty() {
        last
    } else {
        format!("{} or {last}", w.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every subcommand and every argument says what it is in `--help`, in one line (and so
    /// in the man page); a value with help beside others without is a slip.
    #[test]
    fn every_command_and_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") || a.is_hide_set() {
                    continue;
                }
                match a.get_help() {
                    None => missing.push(format!("{path} {id}")),
                    Some(h) if h.to_string().contains('\n') => {
                        missing.push(format!("{path} {id} (more than one line)"))
                    }
                    Some(_) => {}
                }
                // Values that explain themselves all do, or none does (bool, shells).
                let values = a.get_possible_values();
                let said = |v: &clap::builder::PossibleValue| v.get_help().is_some();
                if values.iter().any(said) && !values.iter().all(said) {
                    missing.push(format!("{path} {id} (a value without help)"));
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

    #[test]
    fn a_list_of_words_reads_as_a_sentence() {
        use crate::domain::{DeliveryMethod, Destination};
        assert_eq!(
            super::words::<DeliveryMethod>(),
            "cdek, regional, courier or pickup"
        );
        assert_eq!(super::words::<Destination>(), "door or pickup_point");
    }
}
