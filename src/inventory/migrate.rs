//! `stockroom migrate --from A --to B`: moves a whole stockroom between a redb file and a
//! PostgreSQL database, either way (or file to file).
//!
//! Every table is copied in one read snapshot of the source and one transaction of the
//! destination: the ledger, and with it everything that is not a movement (users, channels
//! and their rules, count sessions, purchase orders, marketplace links, request memory).
//! Then `check` runs on both sides: it replays each ledger and compares it with the stored
//! levels, so the move is proven by replaying the ledger on the destination, and the two
//! reports must give the same figures.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::Role;
use crate::store::{Reader, Store};

use super::{Error, Result, StoreErrorWire, check, engine};
use crate::io::paths::{Protected, Replace};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrateReport {
    pub from: String,
    pub to: String,
    pub tables: u32,
    pub rows: u64,
    pub ledger_entries: u64,
    pub skus: u64,
    pub levels: u64,
    pub reservations: u64,
}

/// How a database is named in messages: a file's path, a URL without its password.
pub fn shown(db: &Path) -> String {
    match db.to_str().filter(|s| crate::store::pg::is_url(s)) {
        Some(url) => crate::store::pg::shown(url),
        None => db.display().to_string(),
    }
}

fn is_url(db: &Path) -> bool {
    db.to_str().is_some_and(crate::store::pg::is_url)
}

/// Moves the stockroom at `from` into `to`, which must hold none yet (a file that does not
/// exist, or a PostgreSQL database without a stockroom or with an empty one). `actor` must
/// be an owner at `from`.
pub fn migrate(from: &Path, to: &Path, actor: &str) -> Result<MigrateReport> {
    if shown(from) == shown(to) {
        return Err(Error::Store(StoreErrorWire::MigrateSame { db: shown(to) }));
    }
    if !is_url(to) {
        // A new file only: never the source (in any spelling), never a file that exists.
        if std::fs::symlink_metadata(to).is_ok() {
            return Err(Error::Store(StoreErrorWire::MigrateNotEmpty {
                db: shown(to),
            }));
        }
        Protected::of(from).check_target(to, Replace::backup(false))?;
    }
    let src = Store::open(from)?;
    let rtx = src.begin_read()?;
    engine::authorize(&rtx, actor, Role::Owner, "migrate")?;
    let before = check::run(&rtx)?;
    if !before.ok() {
        return Err(Error::Store(StoreErrorWire::MigrateSourceFailsCheck {
            db: shown(from),
            problems: before.problems.len(),
        }));
    }
    let made_file = !is_url(to);
    let dst = Store::open_or_create(to)?;
    let result = (|| {
        {
            let d = dst.begin_read()?;
            if d.sku_count()? > 0 || d.ledger_len()? > 0 || !d.users()?.is_empty() {
                return Err(Error::Store(StoreErrorWire::MigrateNotEmpty {
                    db: shown(to),
                }));
            }
        }
        let stats = rtx.copy_to_store(&dst).map_err(Error::from)?;
        let after = check::run(&dst.begin_read()?)?;
        let same = after.ok()
            && (after.entries, after.skus, after.levels, after.reservations)
                == (
                    before.entries,
                    before.skus,
                    before.levels,
                    before.reservations,
                );
        if !same {
            let figures = |r: &check::CheckReport| {
                format!("{}/{}/{}/{}", r.entries, r.skus, r.levels, r.reservations)
            };
            return Err(Error::Store(StoreErrorWire::MigrateDiffers {
                db: shown(to),
                got: figures(&after),
                want: figures(&before),
                problems: after.problems.len(),
            }));
        }
        Ok(MigrateReport {
            from: shown(from),
            to: shown(to),
            tables: stats.tables,
            rows: stats.rows,
            ledger_entries: after.entries,
            skus: after.skus,
            levels: after.levels,
            reservations: after.reservations,
        })
    })();
    if result.is_err() && made_file {
        // A file this command made and could not fill is removed, never left half.
        drop(dst);
        let _ = std::fs::remove_file(to);
    }
    result
}

/// Makes the schema of a PostgreSQL database, or brings its reporting views up to date
/// (`stockroom init`); nothing to do for a file.
pub fn make_schema(db: &Path) -> Result<()> {
    if let Some(url) = db.to_str().filter(|s| crate::store::pg::is_url(s)) {
        let pool = crate::store::pg::Pool::new(url);
        match pool.has_schema().map_err(crate::store::StoreError::from)? {
            // Another program's table of that name.
            Some(false) => {
                return Err(crate::store::StoreError::NotStockroom(db.to_path_buf()).into());
            }
            // Made before: left as it is, with the views, what was built on them and the
            // grants on them.
            Some(true) => {}
            None => pool
                .execute(&crate::store::pg::schema_sql())
                .map_err(crate::store::StoreError::from)?,
        }
    }
    Ok(())
}
