//! `stockroom backup FILE` and `stockroom restore FILE`.

use std::path::Path;

use crate::i18n::fill;
use crate::inventory::backup::{BackupReport, restore as restore_db};
use crate::inventory::{Answer, Error, Query, StoreErrorWire};

use super::{open, print_json};
use crate::io::paths::{Protected, Replace};

/// Makes a consistent copy; through the server when one serves the database.
pub fn backup(db: &Path, file: &Path, force: bool, json: bool) -> Result<i32, Error> {
    // A server resolves paths in its own working directory: always send an absolute one.
    let file = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::Store(StoreErrorWire::Io(e.to_string())))?
            .join(file)
    };
    // Checked here, before the database is opened, and again by whoever writes the copy.
    let replace = Replace::backup(force);
    Protected::of(db).check_target(&file, replace)?;
    let inv = open(db)?;
    let spinner = super::progress::Progress::spinner(format!("backup {}", file.display()));
    let answer = inv.query(Query::Backup {
        path: file.display().to_string(),
        overwrite: force,
    });
    drop(spinner);
    let report = match answer? {
        Answer::Backup(r) => r,
        other => {
            return Err(Error::Store(StoreErrorWire::Connection(format!(
                "unexpected answer: {:?}",
                std::mem::discriminant(&other)
            ))));
        }
    };
    print_backup(&report, json);
    Ok(if report.problems == 0 { 0 } else { 1 })
}

fn print_backup(r: &BackupReport, json: bool) {
    if json {
        print_json(r);
    } else if r.problems == 0 {
        println!(
            "{}",
            fill(
                "cli.backup_done",
                &[&r.path, &r.tables, &r.rows, &r.ledger_entries]
            )
        );
    } else {
        println!("{}", fill("cli.backup_problems", &[&r.path, &r.problems]));
    }
}

/// Replaces the database with a backup (embedded only; refused while a server serves it).
pub fn restore(db: &Path, file: &Path, json: bool) -> Result<i32, Error> {
    let r = restore_db(db, file, &crate::identity::current_user())?;
    if json {
        print_json(&r);
    } else {
        match &r.kept {
            Some(k) => println!(
                "{}",
                fill("cli.restored", &[&r.db, &r.from, &r.ledger_entries, k])
            ),
            None => println!(
                "{}",
                fill("cli.restored_new", &[&r.db, &r.from, &r.ledger_entries])
            ),
        }
    }
    Ok(0)
}

/// `stockroom migrate --from A --to B`.
pub fn migrate(from: &Path, to: &Path, json: bool) -> Result<i32, Error> {
    let user = crate::identity::current_user();
    let spinner = super::progress::Progress::spinner(format!(
        "migrate {}",
        crate::inventory::migrate::shown(to)
    ));
    let r = crate::inventory::migrate::migrate(from, to, &user);
    drop(spinner);
    let r = r?;
    if json {
        print_json(&r);
    } else {
        println!(
            "{}",
            fill(
                "migrate.done",
                &[
                    &r.from,
                    &r.to,
                    &r.tables,
                    &r.rows,
                    &r.ledger_entries,
                    &r.skus,
                    &r.levels,
                    &r.reservations
                ]
            )
        );
    }
    Ok(0)
}
