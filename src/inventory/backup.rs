//! `stockroom backup` and `stockroom restore`.
//!
//! A backup is a logical copy of every table made inside one read transaction (one
//! consistent moment, while writers go on), written to `FILE.tmp`, opened again and
//! checked, flushed, and only then renamed to `FILE`. A restore checks the file first,
//! keeps the database it replaces as `DB.before-restore`, and never runs under a server.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::Role;
use crate::io::paths::{Protected, Replace, create_private, temp_beside, with_suffix};
use crate::store::{Reader, Store, StoreError, sync_dir_of, sync_file_and_dir};

use super::{Error, PathProblem, Result, StoreErrorWire, check, engine};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupReport {
    /// Where the copy is, as the process that wrote it sees the path.
    pub path: String,
    pub tables: u32,
    pub rows: u64,
    pub ledger_entries: u64,
    pub last_seq: u64,
    pub bytes: u64,
    /// Problems `check` finds in the copy (and so in the database at that moment).
    pub problems: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreReport {
    pub db: String,
    pub from: String,
    /// Where the replaced database was kept, if there was one.
    pub kept: Option<String>,
    pub ledger_entries: u64,
    pub skus: u64,
}

/// A database a running stockroom holds (served, or open in a process) is never replaced
/// by a backup, even with --force: what it acknowledges after the copy would be lost.
fn refuse_live_target(dest: &Path) -> Result<()> {
    if !matches!(crate::store::has_database_header(dest), Ok(true)) {
        return Ok(());
    }
    #[cfg(unix)]
    let served = std::os::unix::net::UnixStream::connect(super::connect::socket_for(dest)).is_ok();
    #[cfg(not(unix))]
    let served = false;
    if served || crate::store::is_held(dest) {
        return Err(Error::Store(StoreErrorWire::BackupOverServed {
            target: dest.display().to_string(),
        }));
    }
    Ok(())
}

fn io_error(detail: String) -> Error {
    Error::Store(StoreErrorWire::Io(detail))
}

fn remove_quietly(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Copies the database to `dest` (owner only). The copy is one moment of the database.
pub fn backup(store: &Store, actor: &str, dest: &Path, overwrite: bool) -> Result<BackupReport> {
    let tx = store.begin_read()?;
    engine::authorize(&tx, actor, Role::Owner, "backup")?;
    let replace = Replace::backup(overwrite);
    Protected::of(store.path()).check_target(dest, replace)?;
    refuse_live_target(dest)?;
    // A fresh name beside the target, created exclusively by the copy: never another file.
    let tmp = temp_beside(dest);
    let copied = tx.copy_into(&tmp);
    let ledger_entries = tx.ledger_len()?;
    let last_seq = tx.last_seq()?;
    drop(tx);
    let stats = match copied {
        Ok(s) => s,
        Err(e) => {
            remove_quietly(&tmp);
            return Err(e.into());
        }
    };
    let verified = verify_copy(&tmp, ledger_entries, last_seq);
    let problems = match verified {
        Ok(p) => p,
        Err(e) => {
            remove_quietly(&tmp);
            return Err(e);
        }
    };
    sync_file_and_dir(&tmp)?;
    // Checked again just before it is replaced: the copy took a while.
    if let Err(r) = Protected::of(store.path()).check_target(dest, replace) {
        remove_quietly(&tmp);
        return Err(r.into());
    }
    if let Err(e) = std::fs::rename(&tmp, dest) {
        remove_quietly(&tmp);
        return Err(io_error(format!("{}: {e}", dest.display())));
    }
    sync_dir_of(dest)?;
    Ok(BackupReport {
        path: dest.display().to_string(),
        tables: stats.tables,
        rows: stats.rows,
        ledger_entries,
        last_seq,
        bytes: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
        problems,
    })
}

/// Opens the copy as a database and replays it: the ledger must be the one copied.
fn verify_copy(tmp: &Path, ledger_entries: u64, last_seq: u64) -> Result<usize> {
    let copy = Store::open(tmp)?;
    let r = copy.begin_read()?;
    if r.ledger_len()? != ledger_entries || r.last_seq()? != last_seq {
        return Err(io_error(format!(
            "{}: the copy does not hold the ledger it was given",
            tmp.display()
        )));
    }
    Ok(check::run(&r)?.problems.len())
}

/// Replaces the database at `db` with the backup `from`, for `actor`, who must be an owner
/// of the database being replaced (or, when that one cannot be opened, own its file).
pub fn restore(db: &Path, from: &Path, actor: &str) -> Result<RestoreReport> {
    if let Some(url) = db.to_str().filter(|s| crate::store::pg::is_url(s)) {
        // PostgreSQL's own tools restore a database there; a stockroom backup file goes in
        // through `migrate`, into an empty database.
        return Err(Error::Store(StoreErrorWire::RestoreOnPostgres {
            db: crate::store::pg::shown(url),
            from: from.display().to_string(),
        }));
    }
    // The database itself (in any spelling) or its socket is never a backup to restore.
    Protected::of(db).check_source(from)?;
    // Through a symlink (a chain of them too), the file it leads to is replaced and the
    // link stays a link: renaming the link itself left the database as it was and put the
    // restored copy in the link's place.
    let link = db;
    let resolved = std::fs::symlink_metadata(db)
        .is_ok_and(|m| m.file_type().is_symlink())
        .then(|| std::fs::canonicalize(db).ok())
        .flatten();
    let db = resolved.as_deref().unwrap_or(db);
    if let Some(problem) = PathProblem::of_source(from) {
        return Err(Error::bad_path(from, problem));
    }
    if crate::store::is_other_kind_of_file(from) {
        return Err(Error::bad_path(from, PathProblem::NotABackup));
    }
    #[cfg(unix)]
    {
        for socket in [
            super::connect::socket_for(link),
            super::connect::socket_for(db),
        ] {
            if std::os::unix::net::UnixStream::connect(&socket).is_ok() {
                return Err(Error::Store(StoreErrorWire::RestoreServed {
                    db: db.display().to_string(),
                    socket: socket.display().to_string(),
                }));
            }
        }
    }
    // The database being replaced stays open (and locked) until the new one is in place.
    // A damaged file (the reason to restore) may stop redb on a page: that is the file
    // being corrupt, as an error says, never a crash.
    let opened = |db: &Path| match super::executor::guarded(|| Ok(Store::open(db))) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(e),
        Err(Error::Store(StoreErrorWire::Corrupt(d))) => Ok(Err(StoreError::Corrupt(d))),
        Err(e) => Err(e),
    };
    let current = if db.exists() {
        match opened(db)? {
            Ok(s) => {
                let allowed = super::executor::guarded(|| {
                    engine::authorize(&s.begin_read()?, actor, Role::Owner, "restore")
                });
                match allowed {
                    Ok(Ok(_)) => Some(s),
                    Ok(Err(e)) => return Err(e),
                    // Its users cannot be read: as for a file that does not open.
                    Err(_) if owns_file(db) => None,
                    Err(e) => return Err(e),
                }
            }
            Err(StoreError::Corrupt(_) | StoreError::Io(_)) if owns_file(db) => None,
            Err(e @ (StoreError::Corrupt(_) | StoreError::Io(_))) => {
                return Err(Error::Forbidden {
                    actor: actor.to_string(),
                    role: None,
                    needs: Role::Owner,
                    action: format!("restore ({e})"),
                });
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let tmp = temp_beside(db);
    let prepared = super::executor::guarded(|| prepare(from, &tmp, db)).and_then(|r| r);
    let (ledger_entries, skus) = match prepared {
        Ok(v) => v,
        Err(e) => {
            remove_quietly(&tmp);
            return Err(e);
        }
    };
    let kept = if db.exists() {
        // Never over an earlier kept database: the first free name.
        let mut keep = with_suffix(db, ".before-restore");
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S").to_string();
        let mut n = 1;
        while std::fs::symlink_metadata(&keep).is_ok() {
            keep = if n == 1 {
                with_suffix(db, &format!(".before-restore-{stamp}"))
            } else {
                with_suffix(db, &format!(".before-restore-{stamp}-{n}"))
            };
            n += 1;
        }
        std::fs::rename(db, &keep).map_err(|e| io_error(format!("{}: {e}", db.display())))?;
        Some(keep)
    } else {
        None
    };
    std::fs::rename(&tmp, db).map_err(|e| io_error(format!("{}: {e}", db.display())))?;
    sync_dir_of(db)?;
    drop(current);
    Ok(RestoreReport {
        db: db.display().to_string(),
        from: from.display().to_string(),
        kept: kept.map(|k| k.display().to_string()),
        ledger_entries,
        skus,
    })
}

/// Copies `from` to `tmp` (the backup itself is never opened for writing), opens the copy
/// and checks it. Returns its ledger length and SKU count.
fn prepare(from: &Path, tmp: &Path, db: &Path) -> Result<(u64, u64)> {
    {
        // Created exclusively: a clash fails rather than overwrites.
        let mut src =
            std::fs::File::open(from).map_err(|e| io_error(format!("{}: {e}", from.display())))?;
        let mut dst =
            create_private(tmp).map_err(|e| io_error(format!("{}: {e}", tmp.display())))?;
        std::io::copy(&mut src, &mut dst)
            .map_err(|e| io_error(format!("{}: {e}", from.display())))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(db)
            .map(|m| m.permissions().mode() & 0o660)
            .unwrap_or(0o600)
            | 0o600;
        std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(mode))
            .map_err(|e| io_error(format!("{}: {e}", tmp.display())))?;
    }
    #[cfg(not(unix))]
    let _ = db;
    let unreadable = |e: Error| {
        Error::Store(StoreErrorWire::RestoreUnreadable {
            from: from.display().to_string(),
            cause: Box::new(e),
        })
    };
    let report = {
        let copy = Store::open(tmp).map_err(|e| unreadable(e.into()))?;
        let r = copy.begin_read().map_err(|e| unreadable(e.into()))?;
        check::run(&r).map_err(unreadable)?
    };
    if let Some(first) = report.problems.first() {
        return Err(Error::Store(StoreErrorWire::RestoreFailsCheck {
            from: from.display().to_string(),
            problems: report.problems.len(),
            first: first.clone(),
        }));
    }
    sync_file_and_dir(tmp)?;
    Ok((report.entries, report.skus))
}

/// Whether this process's user owns the file (the fallback right to restore over a
/// database that cannot be opened to ask it who its owners are).
fn owns_file(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: getuid never fails.
        let uid = unsafe { libc::getuid() };
        std::fs::metadata(path)
            .map(|m| m.uid() == uid)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}
