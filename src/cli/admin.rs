//! The database and the program themselves: `init`, `demo`, `check`, `keys`,
//! `completions` and `man`.

use std::io::Write;
use std::path::Path;

use super::args::{Cli, DemoArgs};
use super::values::limited;
use super::{config_dir, open, open_local, print_json, progress};
use crate::domain::limits;
use crate::i18n::{self, fill, text};
use crate::inventory::check::CheckReport;
use crate::inventory::{Error, InventoryExt, LocalInventory, connect};
use crate::present::waiting_notice;

pub fn init(db: &Path, json: bool) -> Result<i32, Error> {
    let user = crate::identity::current_user();
    // On PostgreSQL: the schema and the reporting views, made or brought up to date, the
    // one step that needs the right to create (docs/deploy.md: the run-time role has none).
    crate::inventory::migrate::make_schema(db)?;
    let location = text("cli.default_location");
    let (inv, created) = connect::wait_for_db(db, &waiting_notice, || {
        LocalInventory::open_or_init_with(db, &user, location)
    })?;
    // The default location as stored: its own name in a database made before.
    let location = inv
        .locations()
        .ok()
        .and_then(|l| l.into_iter().find(|l| l.default))
        .map(|l| l.name)
        .unwrap_or_else(|| location.to_string());
    let msg = if created {
        fill(
            "cli.initialized",
            &[&crate::inventory::migrate::shown(db), &user, &location],
        )
    } else {
        fill(
            "cli.already_initialized",
            &[&crate::inventory::migrate::shown(db)],
        )
    };
    if json {
        print_json(
            &serde_json::json!({"db": crate::inventory::migrate::shown(db), "created": created, "owner": user}),
        );
    } else {
        println!("{msg}");
    }
    Ok(0)
}

pub fn demo(db: &Path, a: DemoArgs, json: bool) -> Result<i32, Error> {
    // Read here, not by clap, so that a number out of range names the real limits.
    let skus = limited("skus", &a.skus, limits::MAX_DEMO_SKUS)
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            Error::field(
                "skus",
                &a.skus,
                crate::inventory::FieldProblem::Between {
                    min: "1".into(),
                    max: limits::MAX_DEMO_SKUS.to_string(),
                },
            )
        })?;
    let days = limited("days", &a.days, limits::MAX_DEMO_DAYS)?;
    let (skus, days) = (skus as u32, days as u32);
    let user = crate::identity::current_user();
    let (inv, _) = open_local(db, &user)?;
    let bar = progress::Progress::bar(u64::from(days), "demo: days");
    let stats = crate::demo::generate_at_with(
        &inv,
        &crate::demo::DemoSpec {
            skus,
            days,
            seed: a.seed,
            seasons: true,
        },
        a.as_of.unwrap_or_else(crate::inventory::clock::now_ms),
        &mut |day, days| bar.set(day, days),
    )?;
    drop(bar);
    if json {
        print_json(&stats);
    } else {
        println!(
            "{}",
            fill(
                "cli.demo_done",
                &[
                    &stats.skus,
                    &stats.locations,
                    &stats.channels,
                    &stats.ledger_entries,
                    &stats.open_reservations
                ]
            )
        );
    }
    Ok(0)
}

pub fn check(db: &Path, json: bool) -> Result<i32, Error> {
    let inv = open(db)?;
    let spinner = progress::Progress::spinner("check: replaying the ledger");
    let report = inv.check()?;
    drop(spinner);
    Ok(print_check(&report, json))
}

fn print_check(report: &CheckReport, json: bool) -> i32 {
    if json {
        print_json(report);
    } else if report.ok() {
        println!(
            "{}",
            fill(
                "cli.check_ok",
                &[
                    &report.entries,
                    &report.skus,
                    &report.levels,
                    &report.reservations
                ]
            )
        );
    } else {
        println!(
            "{}",
            fill(
                "cli.check_failed",
                &[&report.problems.len(), &report.entries]
            )
        );
        for p in &report.problems {
            println!("  {}", i18n::problem_text(p));
        }
    }
    if report.ok() { 0 } else { 1 }
}

/// The effective keymap: the built-in one merged with keymap.toml in the config dir.
pub fn keys(config: Option<&Path>) -> Result<i32, Error> {
    let km = crate::tui::keymap::Keymap::load(config_dir(config).as_deref())?;
    print!("{}", km.describe());
    Ok(0)
}

/// Into a buffer first: clap_complete panics when stdout is closed early (`| head`).
pub fn completions(shell: clap_complete::Shell) -> Result<i32, Error> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "stockroom", &mut buf);
    let _ = std::io::stdout().write_all(&buf);
    Ok(0)
}

/// The man page, made from the same help as `--help`.
pub fn man() -> Result<i32, Error> {
    let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
    let mut buf = Vec::new();
    page.render(&mut buf)
        .map_err(|e| Error::Store(crate::inventory::StoreErrorWire::Io(e.to_string())))?;
    let _ = std::io::stdout().write_all(&buf);
    Ok(0)
}
