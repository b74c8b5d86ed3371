//! The command line: parse, call the Inventory API, print text or JSON, exit 0/1/2/3.
//!
//! `run` hands each subcommand to its family: the ones that change stock or settings
//! become a `Command` in `to_command.rs` and go through `apply`; lists, reports and files
//! have their own module.

mod admin;
pub mod args;
mod backup;
mod channels;
mod counts;
pub mod day;
mod exports;
mod imports;
mod market;
mod movements;
mod outcome;
mod people;
pub mod plan;
mod progress;
pub mod purchasing;
mod reconcile;
pub mod reports;
mod skus;
pub mod sync;
pub mod table;
mod to_command;
mod torture;
mod values;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use clap::Parser;

use crate::i18n::{self, Lang, text};
use crate::inventory::{
    Command, Error, FieldProblem, Inventory, InventoryExt, LocalInventory, RowError, connect,
};
use crate::io;
use args::{ChannelCmd, Cli, Cmd, CountCmd, LocationCmd, SkuCmd, UserCmd};

pub use crate::config::{config_dir, default_db_path};

/// Runs the program and returns the process exit code.
pub fn main_entry() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    i18n::set_lang(Lang::detect(cli.lang.as_deref()));
    connect::set_wait_limit(Duration::from_secs(cli.wait));
    // `stockroom matrix | head`: a CLI command ends quietly when its reader goes away, as
    // Unix tools do. Not the TUI or the server, which must outlive a dropped peer.
    #[cfg(unix)]
    if cli
        .command
        .as_ref()
        .is_some_and(|c| !matches!(c, Cmd::Serve { .. }))
    {
        // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    if db.to_str().is_some_and(crate::store::pg::misspelled) {
        // Not echoed: a connection string of this kind often holds the password.
        eprintln!("stockroom: {}", crate::i18n::text("cli.db_not_a_url"));
        return 2;
    }
    if let Some(name) = cli.encoding.as_deref() {
        match io::table::Encoding::parse(name) {
            Some(e) => io::table::force_encoding(e),
            None => {
                let e = Error::field(
                    "encoding",
                    name,
                    FieldProblem::OneOf(
                        io::table::Encoding::NAMES
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    ),
                );
                eprintln!(
                    "stockroom: {}",
                    table::clean_lines(&e.to_string()).trim_end()
                );
                return 2;
            }
        }
    }
    let result = match cli.command {
        None => {
            crate::store::set_cache_bytes(crate::store::TUI_CACHE_BYTES);
            crate::tui::run(&db, cli.config_dir.as_deref())
        }
        Some(cmd) => run(cmd, &db, cli.json, cli.config_dir.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A URL typed where a file was expected is named back without its password.
            let said = crate::store::pg::mask_urls(&e.to_string());
            eprintln!("stockroom: {}", table::clean_lines(&said).trim_end());
            e.exit_code()
        }
    }
}

pub use crate::present::{outcome_text, short_list, waiting_notice};

/// The database embedded in this process (`init`, `demo`), waiting up to `--wait`.
fn open_local(db: &Path, user: &str) -> Result<(LocalInventory, bool), Error> {
    // A database made here names its default location as `init` does, in the user's words.
    let location = crate::i18n::text("cli.default_location");
    connect::open_local(db, user, location, &waiting_notice)
}

/// The Inventory API for this database: through its server when one serves it,
/// else embedded in this process (waiting up to `--wait` while another process has it).
pub fn open(db: &Path) -> Result<Box<dyn Inventory>, Error> {
    let inv = open_quiet(db)?;
    // A file from before codes and barcodes were one namespace: say each clash, every time.
    if let Ok(clashes) = inv.code_clashes() {
        for c in clashes {
            eprintln!(
                "stockroom: {}: {}",
                text("cli.warning"),
                table::clean_lines(&crate::i18n::clash_text(&c)).trim_end()
            );
        }
    }
    Ok(inv)
}

fn open_quiet(db: &Path) -> Result<Box<dyn Inventory>, Error> {
    let user = crate::identity::current_user();
    Ok(
        match connect::connect(db, &user, connect::Open::Existing, &waiting_notice)? {
            #[cfg(unix)]
            connect::Connection::Served { inv, .. } => Box::new(inv),
            connect::Connection::Local { inv, .. } => Box::new(inv),
        },
    )
}

pub(crate) fn print_json<T: serde::Serialize>(v: &T) {
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut out, v)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        output_lost(&e);
    }
}

/// Standard output could not be written (a full disk, a closed file): says so on standard
/// error and ends with the storage exit code (3), never a crash and never a silent 0. A
/// change the command made is already saved, so the words say to look before running it
/// again. Called for JSON here and, through the panic hook in `main`, for text.
pub fn output_lost(e: &dyn std::fmt::Display) -> ! {
    eprintln!("stockroom: {}", crate::i18n::fill("cli.output_lost", &[e]));
    std::process::exit(3)
}

pub(crate) fn rows_error(errors: Vec<RowError>) -> Error {
    Error::Input(crate::inventory::InputError::Rows(errors))
}

/// Applies one Command and prints what it did. `busy` (a file being imported) is shown
/// until the answer comes.
fn apply(
    db: &Path,
    command: Command,
    json: bool,
    busy: Option<progress::Progress>,
) -> Result<i32, Error> {
    let inv = open(db)?;
    let what = command.name();
    let applied = inv.execute(command)?;
    drop(busy);
    outcome::print(what, &applied, json);
    Ok(0)
}

/// One subcommand, to its family.
fn run(cmd: Cmd, db: &Path, json: bool, config: Option<&Path>) -> Result<i32, Error> {
    let exec = |command: Command| apply(db, command, json, None);
    match cmd {
        Cmd::Init => admin::init(db, json),
        Cmd::Demo(a) => {
            crate::store::set_cache_bytes(crate::store::SMALL_CACHE_BYTES);
            admin::demo(db, a, json)
        }
        #[cfg(unix)]
        Cmd::Serve {
            socket,
            group,
            sync_every,
        } => {
            if let Some(every) = sync_every {
                sync::every(db, config, &every)?;
            }
            crate::server::serve(db, socket.as_deref(), group.as_deref())
        }
        Cmd::Backup { file, force } => backup::backup(db, &file, force, json),
        Cmd::Restore { file } => backup::restore(db, &file, json),
        Cmd::Migrate { from, to } => backup::migrate(&from, &to, json),
        Cmd::Torture(a) => torture::run(db, a),
        Cmd::Sync(a) => sync::run(db, config, a, json),
        Cmd::Reconcile(a) => reconcile::run(db, config, a, json),
        Cmd::Completions { shell } => admin::completions(shell),
        Cmd::Man => admin::man(),
        Cmd::Keys => admin::keys(config),
        Cmd::Check => {
            // The replay reads the file once, front to back: a page is rarely read twice,
            // and a 1 GiB cache only held most of the file in memory.
            crate::store::set_cache_bytes(crate::store::SMALL_CACHE_BYTES);
            admin::check(db, json)
        }
        Cmd::Sku(SkuCmd::List { filter, low }) => skus::list(db, filter, low, json),
        Cmd::Sku(SkuCmd::Show { code }) => skus::show(db, &code, json),
        Cmd::Sku(SkuCmd::Add(a)) => exec(a.try_into()?),
        Cmd::Sku(SkuCmd::Edit(a)) => exec(a.try_into()?),
        Cmd::Sku(SkuCmd::Archive(a)) => exec(a.into()),
        Cmd::Sku(SkuCmd::Unarchive(a)) => exec(Command::UnarchiveSku { sku: a.code }),
        Cmd::Sku(SkuCmd::Price(a)) => exec(a.try_into()?),
        Cmd::Location(LocationCmd::List) => people::locations(db, json),
        Cmd::Location(LocationCmd::Add(a)) => exec(a.into()),
        Cmd::User(UserCmd::List) => people::users(db, json),
        Cmd::User(UserCmd::Add(a)) => exec(a.try_into()?),
        Cmd::User(UserCmd::Remove(a)) => exec(a.into()),
        Cmd::Channel(ChannelCmd::List) => channels::list(db, json),
        Cmd::Channel(ChannelCmd::Add(a)) if a.profile.is_some() => market::add(db, a, json),
        Cmd::Channel(ChannelCmd::Add(a)) => exec(a.try_into()?),
        Cmd::Channel(ChannelCmd::Edit(a)) => exec(a.try_into()?),
        Cmd::Channel(ChannelCmd::Map(a)) => market::map(db, a, json),
        Cmd::Channel(ChannelCmd::ListSkus(a)) => market::list_skus(db, a, json),
        Cmd::Channel(ChannelCmd::Rules(a)) => exec(a.try_into()?),
        Cmd::Matrix => channels::print_matrix(open(db)?.as_ref(), json),
        Cmd::Receive(a) => exec(a.try_into()?),
        Cmd::Reserve(a) => exec(a.try_into()?),
        Cmd::Release(a) => exec(a.try_into()?),
        Cmd::Pick(a) => exec(a.try_into()?),
        Cmd::Ship(a) => exec(a.try_into()?),
        Cmd::Sell(a) => exec(a.try_into()?),
        Cmd::Return(a) => exec(a.try_into()?),
        Cmd::Defect(a) => exec(a.try_into()?),
        Cmd::Writeoff(a) => exec(a.try_into()?),
        Cmd::Transfer(a) => exec(a.try_into()?),
        Cmd::Kit(args::KitCmd::Assemble(a)) => exec(to_command::kit_assemble(a, false)?),
        Cmd::Kit(args::KitCmd::Disassemble(a)) => exec(to_command::kit_assemble(a, true)?),
        Cmd::Adjust(a) => exec(a.try_into()?),
        Cmd::Reservation(c) => exec(c.try_into()?),
        Cmd::Reservations(a) => movements::reservations(db, a, json),
        Cmd::History(a) => movements::history(db, a, json),
        Cmd::Day(a) => day::day(db, a, json),
        Cmd::Expire => exec(Command::Expire),
        Cmd::Count(CountCmd::List) => counts::list(db, json),
        Cmd::Count(CountCmd::Diff { session }) => counts::diff(db, &session, json),
        Cmd::Count(CountCmd::Import(a)) => counts::import(db, a, json),
        Cmd::Count(CountCmd::Start(a)) => exec(a.into()),
        Cmd::Count(CountCmd::Add(a)) => exec(a.try_into()?),
        Cmd::Count(CountCmd::Undo(a)) => exec(a.try_into()?),
        Cmd::Count(CountCmd::Recount(a)) => exec(a.try_into()?),
        Cmd::Count(CountCmd::Apply(a)) => exec(a.try_into()?),
        Cmd::Count(CountCmd::Cancel(a)) => exec(a.try_into()?),
        Cmd::Count(CountCmd::Resolve(a)) => exec(a.try_into()?),
        Cmd::Import(a) => imports::import(db, a, json),
        Cmd::Export(a) => exports::export(db, a, json),
        Cmd::Promo(plan::PromoCmd::Add(a)) => exec(a.try_into()?),
        Cmd::Promo(plan::PromoCmd::List) => plan::list(db, json),
        Cmd::Promo(plan::PromoCmd::Remove { id }) => exec(plan::remove(&id)?),
        Cmd::Alerts(a) => purchasing::alerts(db, a, json),
        Cmd::Po(c) => purchasing::po(db, c, json),
        Cmd::Report(c) => purchasing::report(db, c, json),
    }
}
