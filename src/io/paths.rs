//! Where the program may write: the one place that decides whether a path given for an
//! output (an export, a feed, a backup, the source of a restore) may be used.
//!
//! The rules:
//! - Never the database itself, its socket (`DB.sock`, or `STOCKROOM_SOCKET`), or the copy
//!   restore keeps (`DB.before-restore`, `DB.before-restore-*`), in any spelling: existing
//!   files are compared by device and inode (so a symlink or a hard link is caught), and a
//!   path that does not exist yet by its folder's canonical path and its name.
//! - Never a file that starts with the database header (a stockroom database or backup)
//!   unless the caller says it may replace one (only `backup --force` does).
//! - Never a folder, socket, pipe or device; never an existing file without `--force`.
//! - Files are written whole or not at all: a temp file beside the target (a unique name,
//!   created exclusively, mode 0600), flushed, then renamed into place.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::i18n::{fill, text};
use crate::inventory::{Error, InputError, StoreErrorWire};

/// What a protected path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Database,
    Socket,
    BeforeRestore,
}

/// Why a path may not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The target is (another spelling of) a protected path of the database `db`.
    Protected {
        target: PathBuf,
        kind: Kind,
        protected: PathBuf,
        db: PathBuf,
    },
    /// The target holds a stockroom database or backup (it starts with the header).
    StockroomFile { target: PathBuf, db: PathBuf },
    /// The target exists and `--force` was not given.
    Exists { target: PathBuf },
    /// `backup` without `--force` onto an older backup.
    BackupExists { target: PathBuf, db: PathBuf },
    /// The target is a folder.
    Folder { target: PathBuf },
    /// The target is a socket, pipe or device.
    NotRegular { target: PathBuf },
    /// The folder given for several files is a file.
    NotFolder { target: PathBuf },
    /// The folder the file would go in does not exist.
    NoFolder { target: PathBuf, dir: PathBuf },
    /// The target could not be read to rule out a database in it.
    Unreadable { target: PathBuf, detail: String },
    /// The file name is longer than a folder entry holds.
    NameTooLong { target: PathBuf, len: usize },
}

impl Refusal {
    pub fn target(&self) -> &Path {
        match self {
            Refusal::Protected { target, .. }
            | Refusal::StockroomFile { target, .. }
            | Refusal::Exists { target }
            | Refusal::BackupExists { target, .. }
            | Refusal::Folder { target }
            | Refusal::NotRegular { target }
            | Refusal::NotFolder { target }
            | Refusal::NoFolder { target, .. }
            | Refusal::Unreadable { target, .. }
            | Refusal::NameTooLong { target, .. } => target,
        }
    }

    /// The sentence after `TARGET: `, in the user's language.
    pub fn message(&self) -> String {
        match self {
            Refusal::Protected {
                kind: Kind::Database,
                db,
                ..
            } => fill("path.is_database", &[&db.display()]),
            Refusal::Protected {
                kind: Kind::Socket,
                protected,
                db,
                ..
            } => fill("path.is_socket", &[&protected.display(), &db.display()]),
            Refusal::Protected {
                kind: Kind::BeforeRestore,
                protected,
                db,
                ..
            } => fill(
                "path.is_before_restore",
                &[&protected.display(), &db.display()],
            ),
            Refusal::StockroomFile { db, .. } => fill("path.is_stockroom_file", &[&db.display()]),
            Refusal::Exists { .. } => text("backup.exists").to_string(),
            Refusal::BackupExists { db, .. } => fill("path.backup_exists", &[&db.display()]),
            Refusal::Folder { .. } => text("path.is_folder").to_string(),
            Refusal::NotRegular { .. } => text("path.not_regular").to_string(),
            Refusal::NotFolder { .. } => text("path.not_folder").to_string(),
            Refusal::NoFolder { dir, .. } => fill("path.no_folder", &[&dir.display()]),
            Refusal::Unreadable { detail, .. } => fill("path.unreadable", &[detail]),
            Refusal::NameTooLong { len, .. } => fill("path.name_too_long", &[len, &MAX_NAME_BYTES]),
        }
    }
}

impl From<Refusal> for Error {
    /// Bad input: exit 2, `TARGET: why` (naming the database when it is the reason).
    fn from(r: Refusal) -> Error {
        Error::Input(InputError::Path {
            path: r.target().display().to_string(),
            message: r.message(),
        })
    }
}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Never: the target must not exist.
    Never,
    /// An ordinary file may be replaced (`--force`), never a stockroom database or backup.
    Ordinary,
    /// `backup` without `--force`: nothing is replaced, and an older backup in the way
    /// only needs `--force`.
    BackupNever,
    /// An ordinary file or an older backup may be replaced (`backup --force`).
    Backup,
}

impl Replace {
    /// For `backup`: with `--force` an older backup may be replaced.
    pub fn backup(force: bool) -> Replace {
        if force {
            Replace::Backup
        } else {
            Replace::BackupNever
        }
    }

    fn never(self) -> bool {
        matches!(self, Replace::Never | Replace::BackupNever)
    }
}

impl Replace {
    pub fn forced(force: bool) -> Replace {
        if force {
            Replace::Ordinary
        } else {
            Replace::Never
        }
    }
}

/// `path` with `suffix` added to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Device and inode of an existing file (through symlinks).
fn file_id(path: &Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        None
    }
}

/// `.` and `..` taken away without looking at the disk (for the part that does not exist).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Where a path points, whether it exists or not: symlinks of the last component are
/// followed, the longest existing folder is made canonical and the rest is added to it.
pub fn place(path: &Path) -> PathBuf {
    let mut p = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Follow a chain of symlinks (also one that leads nowhere), as the kernel would.
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(to) => {
                let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
                p = base.join(to);
            }
            Err(_) => break,
        }
    }
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let mut rest = Vec::new();
    let mut head = p.clone();
    loop {
        if let Ok(c) = head.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return lexical(&out);
        }
        match (head.file_name().map(|n| n.to_os_string()), head.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                head = parent.to_path_buf();
            }
            _ => return lexical(&p),
        }
    }
}

struct Entry {
    kind: Kind,
    path: PathBuf,
    id: Option<(u64, u64)>,
    place: PathBuf,
}

/// The paths of one database that nothing may be written over.
pub struct Protected {
    db: PathBuf,
    entries: Vec<Entry>,
    /// `DB.before-restore` where it lies (through a symlinked database too, and beside the
    /// link): any name that starts with it is a kept database.
    kept_prefixes: Vec<PathBuf>,
}

impl Protected {
    /// The database at `db`, its socket (and `STOCKROOM_SOCKET`), its kept copies.
    pub fn of(db: &Path) -> Protected {
        let mut paths = vec![
            (Kind::Database, db.to_path_buf()),
            (Kind::Socket, with_suffix(db, ".sock")),
            (Kind::BeforeRestore, with_suffix(db, ".before-restore")),
        ];
        // Through a link the database's socket sits beside the file the link leads to.
        if let Ok(real) = std::fs::canonicalize(db) {
            paths.push((Kind::Socket, with_suffix(&real, ".sock")));
            paths.push((Kind::BeforeRestore, with_suffix(&real, ".before-restore")));
        }
        if let Some(s) = std::env::var_os("STOCKROOM_SOCKET").filter(|s| !s.is_empty()) {
            paths.push((Kind::Socket, PathBuf::from(s)));
        }
        let entries = paths
            .into_iter()
            .map(|(kind, path)| Entry {
                kind,
                id: file_id(&path),
                place: place(&path),
                path,
            })
            .collect();
        let mut kept_prefixes = vec![with_suffix(&place(db), ".before-restore")];
        if let (Some(dir), Some(name)) = (db.parent(), db.file_name()) {
            let beside = place(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            })
            .join(name);
            kept_prefixes.push(with_suffix(&beside, ".before-restore"));
        }
        Protected {
            db: db.to_path_buf(),
            kept_prefixes,
            entries,
        }
    }

    fn refuse(&self, target: &Path, kind: Kind, protected: &Path) -> Refusal {
        Refusal::Protected {
            target: target.to_path_buf(),
            kind,
            protected: protected.to_path_buf(),
            db: self.db.clone(),
        }
    }

    /// Whether `target` is one of the protected paths, in any spelling.
    pub fn is_protected(&self, target: &Path) -> Result<(), Refusal> {
        let id = file_id(target);
        let at = place(target);
        for e in &self.entries {
            if (id.is_some() && id == e.id) || at == e.place {
                return Err(self.refuse(target, e.kind, &e.path));
            }
        }
        for prefix in &self.kept_prefixes {
            let kept = prefix.as_os_str().as_encoded_bytes();
            if at.parent() == prefix.parent() && at.as_os_str().as_encoded_bytes().starts_with(kept)
            {
                return Err(self.refuse(target, Kind::BeforeRestore, &at));
            }
        }
        Ok(())
    }

    /// Whether a file may be written at `target` (checked before anything is read or
    /// written, so a refusal leaves every file as it was).
    pub fn check_target(&self, target: &Path, replace: Replace) -> Result<(), Refusal> {
        self.is_protected(target)?;
        if let Some(name) = target.file_name()
            && name.len() > MAX_NAME_BYTES
        {
            return Err(Refusal::NameTooLong {
                target: target.to_path_buf(),
                len: name.len(),
            });
        }
        let refusal = |r: fn(PathBuf) -> Refusal| r(target.to_path_buf());
        if std::fs::symlink_metadata(target).is_err() {
            let dir = match target.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            if !dir.is_dir() {
                return Err(Refusal::NoFolder {
                    target: target.to_path_buf(),
                    dir: dir.to_path_buf(),
                });
            }
            return Ok(());
        }
        let Ok(meta) = std::fs::metadata(target) else {
            // A symlink that leads nowhere: only replaced with --force.
            if replace.never() {
                return Err(refusal(|target| Refusal::Exists { target }));
            }
            return Ok(());
        };
        if meta.is_dir() {
            return Err(refusal(|target| Refusal::Folder { target }));
        }
        if !meta.is_file() {
            return Err(refusal(|target| Refusal::NotRegular { target }));
        }
        match crate::store::has_database_header(target) {
            Ok(true) if replace == Replace::Never || replace == Replace::Ordinary => {
                return Err(Refusal::StockroomFile {
                    target: target.to_path_buf(),
                    db: self.db.clone(),
                });
            }
            Ok(true) if replace == Replace::BackupNever => {
                return Err(Refusal::BackupExists {
                    target: target.to_path_buf(),
                    db: self.db.clone(),
                });
            }
            Ok(_) => {}
            Err(e) => {
                return Err(Refusal::Unreadable {
                    target: target.to_path_buf(),
                    detail: e.to_string(),
                });
            }
        }
        if replace.never() {
            return Err(refusal(|target| Refusal::Exists { target }));
        }
        Ok(())
    }

    /// Whether `dir` may hold written files: not a protected path, a folder if it exists.
    pub fn check_folder(&self, dir: &Path) -> Result<(), Refusal> {
        self.is_protected(dir)?;
        match std::fs::metadata(dir) {
            Ok(m) if !m.is_dir() => {
                if matches!(crate::store::has_database_header(dir), Ok(true)) {
                    return Err(Refusal::StockroomFile {
                        target: dir.to_path_buf(),
                        db: self.db.clone(),
                    });
                }
                Err(Refusal::NotFolder {
                    target: dir.to_path_buf(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Whether `source` may be read to replace the database (restore): it must not be the
    /// database itself nor its socket.
    pub fn check_source(&self, source: &Path) -> Result<(), Refusal> {
        match self.is_protected(source) {
            Err(Refusal::Protected {
                kind: Kind::BeforeRestore,
                ..
            }) => Ok(()),
            other => other,
        }
    }
}

/// The longest file name a folder entry holds, in bytes (NAME_MAX on Linux and macOS).
pub const MAX_NAME_BYTES: usize = 255;

/// A name for a temp file beside `target` that nothing uses yet (the caller creates it
/// exclusively, so a clash fails instead of overwriting). It fits in a folder entry
/// whenever the target's name does: a long name is cut (the random part keeps it unique).
pub fn temp_beside(target: &Path) -> PathBuf {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // "." + name + ".PID-XXXXXXXX.tmp": at most 1 + 200 + 1 + 10 + 1 + 8 + 4 bytes.
    if name.len() > 200 {
        let mut cut = 200;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    loop {
        let candidate = dir.join(format!(
            ".{name}.{}-{:08x}.tmp",
            std::process::id(),
            fastrand::u32(..)
        ));
        if std::fs::symlink_metadata(&candidate).is_err() {
            return candidate;
        }
    }
}

/// Creates `path` exclusively, mode 0600 whatever the umask.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let f = open.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
}

/// Writes a whole file or nothing, 0600: a temp file beside `target`, flushed, then moved
/// into place. Without `replace` an existing target is never replaced, even one that
/// appeared after the check. Call `Protected::check_target` first.
pub fn write_file(target: &Path, bytes: &[u8], replace: Replace) -> Result<(), Error> {
    let io =
        |e: std::io::Error| Error::Store(StoreErrorWire::Io(format!("{}: {e}", target.display())));
    let mut tmp = temp_beside(target);
    let mut tries = 0;
    let mut f = loop {
        match create_private(&tmp) {
            Ok(f) => break f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 16 => {
                tries += 1;
                tmp = temp_beside(target);
            }
            Err(e) => return Err(io(e)),
        }
    };
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    drop(f);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    let placed = if replace.never() {
        // A hard link fails if the name is taken: no window in which a file that appeared
        // meanwhile is replaced. Where links are not supported, check, then rename.
        match std::fs::hard_link(&tmp, target) {
            Ok(()) => {
                let _ = std::fs::remove_file(&tmp);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let _ = std::fs::remove_file(&tmp);
                return Err(Refusal::Exists {
                    target: target.to_path_buf(),
                }
                .into());
            }
            Err(_) if std::fs::symlink_metadata(target).is_ok() => {
                let _ = std::fs::remove_file(&tmp);
                return Err(Refusal::Exists {
                    target: target.to_path_buf(),
                }
                .into());
            }
            Err(_) => std::fs::rename(&tmp, target),
        }
    } else {
        std::fs::rename(&tmp, target)
    };
    if let Err(e) = placed {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    if let Some(dir) = target.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// The format an output file's extension asks for: `csv`, `json` or `xlsx`
/// (any case); `None` for any other extension or none.
pub fn format_of_extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some("csv"),
        "json" => Some("json"),
        "xlsx" => Some("xlsx"),
        _ => None,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn db_in(dir: &Path) -> PathBuf {
        let db = dir.join("shop.redb");
        let mut bytes = vec![b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];
        bytes.extend_from_slice(&[0; 64]);
        std::fs::write(&db, bytes).unwrap();
        db
    }

    #[test]
    fn every_spelling_of_the_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let db = db_in(dir.path());
        let p = Protected::of(&db);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let hard = dir.path().join("hard");
        std::fs::hard_link(&db, &hard).unwrap();
        for t in [
            db.clone(),
            sub.join("../shop.redb"),
            dir.path().join("./shop.redb"),
            link,
            hard,
        ] {
            for replace in [Replace::Never, Replace::Ordinary, Replace::Backup] {
                let r = p.check_target(&t, replace).unwrap_err();
                assert!(
                    matches!(
                        r,
                        Refusal::Protected {
                            kind: Kind::Database,
                            ..
                        }
                    ),
                    "{t:?}: {r:?}"
                );
            }
        }
    }

    #[test]
    fn the_socket_and_kept_copies_are_refused_even_before_they_exist() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_in(dir.path());
        let p = Protected::of(&db);
        let sock = dir.path().join("sub/../shop.redb.sock");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(matches!(
            p.check_target(&sock, Replace::Ordinary),
            Err(Refusal::Protected {
                kind: Kind::Socket,
                ..
            })
        ));
        for name in [
            "shop.redb.before-restore",
            "shop.redb.before-restore-20261201",
        ] {
            assert!(
                matches!(
                    p.check_target(&dir.path().join(name), Replace::Backup),
                    Err(Refusal::Protected {
                        kind: Kind::BeforeRestore,
                        ..
                    })
                ),
                "{name}"
            );
        }
        // A symlink that leads to where the socket will be.
        let dangling = dir.path().join("later");
        std::os::unix::fs::symlink("shop.redb.sock", &dangling).unwrap();
        assert!(p.check_target(&dangling, Replace::Ordinary).is_err());
        // Restore may read a kept copy, never the socket or the database.
        assert!(
            p.check_source(&dir.path().join("shop.redb.before-restore"))
                .is_ok()
        );
        assert!(p.check_source(&sock).is_err());
        assert!(p.check_source(&db).is_err());
    }

    #[test]
    fn a_backup_an_existing_file_a_folder_are_refused_by_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_in(dir.path());
        let p = Protected::of(&db);
        let backup = dir.path().join("monday.bak");
        std::fs::copy(&db, &backup).unwrap();
        assert!(matches!(
            p.check_target(&backup, Replace::Ordinary),
            Err(Refusal::StockroomFile { .. })
        ));
        assert!(matches!(
            p.check_target(&backup, Replace::Never),
            Err(Refusal::StockroomFile { .. })
        ));
        assert_eq!(p.check_target(&backup, Replace::Backup), Ok(()));
        let csv = dir.path().join("stock.csv");
        std::fs::write(&csv, "code\n").unwrap();
        assert!(matches!(
            p.check_target(&csv, Replace::Never),
            Err(Refusal::Exists { .. })
        ));
        assert_eq!(p.check_target(&csv, Replace::Ordinary), Ok(()));
        assert_eq!(
            p.check_target(&dir.path().join("new.csv"), Replace::Never),
            Ok(())
        );
        assert!(matches!(
            p.check_target(dir.path(), Replace::Ordinary),
            Err(Refusal::Folder { .. })
        ));
        assert!(matches!(
            p.check_folder(&csv),
            Err(Refusal::NotFolder { .. })
        ));
        assert!(matches!(
            p.check_folder(&db),
            Err(Refusal::Protected { .. })
        ));
    }

    #[test]
    fn writes_are_whole_private_and_never_replace_without_leave() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        write_file(&out, b"one\n", Replace::Never).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"one\n");
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let e = write_file(&out, b"two\n", Replace::Never).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(std::fs::read(&out).unwrap(), b"one\n");
        write_file(&out, b"two\n", Replace::Ordinary).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.csv"], "no temp file is left");
    }

    #[test]
    fn kept_copies_of_a_symlinked_database_are_found_beside_the_link_too() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let db = db_in(&real);
        let link = dir.path().join("shop.redb");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let p = Protected::of(&link);
        for kept in [
            dir.path().join("shop.redb.before-restore-1"),
            real.join("shop.redb.before-restore"),
        ] {
            assert!(
                matches!(
                    p.check_target(&kept, Replace::Backup),
                    Err(Refusal::Protected {
                        kind: Kind::BeforeRestore,
                        ..
                    })
                ),
                "{kept:?}"
            );
        }
        assert!(matches!(
            p.check_target(&db, Replace::Backup),
            Err(Refusal::Protected {
                kind: Kind::Database,
                ..
            })
        ));
        // A file in a folder that does not exist is refused as such.
        assert!(matches!(
            p.check_target(&dir.path().join("no/such.csv"), Replace::Ordinary),
            Err(Refusal::NoFolder { .. })
        ));
    }

    #[test]
    fn the_extension_names_the_format() {
        assert_eq!(format_of_extension(Path::new("a.CSV")), Some("csv"));
        assert_eq!(format_of_extension(Path::new("a.json")), Some("json"));
        assert_eq!(format_of_extension(Path::new("x/a.xlsx")), Some("xlsx"));
        assert_eq!(format_of_extension(Path::new("a.txt")), None);
        assert_eq!(format_of_extension(Path::new("a")), None);
    }

    #[test]
    fn places_of_paths_that_do_not_exist_are_compared_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(place(&base.join("no/../x.csv")), base.join("x.csv"));
        assert_eq!(place(&base.join("./a/b.csv")), base.join("a/b.csv"));
    }
}
