//! Where the Inventory API for a database is: through the server that serves it, when one
//! answers on the socket beside the file, else embedded in this process. Decided here, once,
//! for the CLI and the TUI alike.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::{Error, LocalInventory, Result, StoreErrorWire};

/// The socket clients look for: `STOCKROOM_SOCKET` when set (for `serve --socket`),
/// else the one beside the database.
pub fn client_socket(db: &Path) -> PathBuf {
    match std::env::var_os("STOCKROOM_SOCKET") {
        Some(s) if !s.is_empty() => PathBuf::from(s),
        _ => socket_for(db),
    }
}

/// The socket that serves a database: `stockroom.redb.sock` beside `stockroom.redb`.
/// The database's own path counts, whatever spelling (a symlink, `..`) names it, so a
/// client that reaches the file through a link finds the server that serves it.
pub fn socket_for(db: &Path) -> PathBuf {
    if let Some(url) = db.to_str().filter(|s| crate::store::pg::is_url(s)) {
        // A database on a server has no folder of ours: the socket goes in the runtime
        // folder, named for the database (without its password).
        let shown = crate::store::pg::shown(url);
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in shown.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        return private_dir().join(format!("stockroom-pg-{h:016x}.sock"));
    }
    let real = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let mut s = real.into_os_string();
    s.push(".sock");
    PathBuf::from(s)
}

/// The folder of a URL's socket: this user's runtime folder, else `stockroom-UID` in the
/// temp folder, made for this user alone. Never a folder others can write to: there
/// another user could serve a shop of their own under the name clients look for. So a
/// server found without `STOCKROOM_SOCKET` is always this user's own; a server for several
/// users names its socket (`serve --socket` in a folder of their group, and
/// `STOCKROOM_SOCKET` for the clients). When neither folder is safe, a path that cannot
/// exist: no server is found, and `serve` says it cannot make its socket there.
fn private_dir() -> PathBuf {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = unsafe { libc::geteuid() };
    let safe = |d: &Path| {
        std::fs::symlink_metadata(d)
            .is_ok_and(|m| m.is_dir() && m.uid() == uid && m.mode() & 0o077 == 0)
    };
    if let Some(d) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from)
        && safe(&d)
    {
        return d;
    }
    let d = std::env::temp_dir().join(format!("stockroom-{uid}"));
    let _ = std::fs::DirBuilder::new().mode(0o700).create(&d);
    if safe(&d) {
        return d;
    }
    PathBuf::from("/dev/null/stockroom")
}

/// `--wait`: how long to wait for a database another process holds, in milliseconds.
static WAIT_MS: AtomicU64 = AtomicU64::new(10_000);

pub fn set_wait_limit(limit: Duration) {
    WAIT_MS.store(
        u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// How long to wait for the database (or a restarting server): `--wait`.
pub fn wait_limit() -> Duration {
    Duration::from_millis(WAIT_MS.load(Ordering::Relaxed))
}

/// Said once while waiting for a database another process holds: the file and the limit.
pub type Notice<'a> = &'a dyn Fn(&Path, Duration);

/// Runs `open` until it no longer finds the database in use by another process, with
/// backoff, for up to `--wait` (as SQLite's busy timeout); after a second `notice` is told
/// once. Then the last answer stands: "in use" is exit 3.
pub fn wait_for_db<T>(db: &Path, notice: Notice, mut open: impl FnMut() -> Result<T>) -> Result<T> {
    let limit = wait_limit();
    let start = Instant::now();
    let mut pause = Duration::from_millis(4);
    let mut said = false;
    loop {
        match open() {
            Err(Error::Store(StoreErrorWire::Locked(_)))
                if start.elapsed() < limit && !served(db) =>
            {
                if !said && start.elapsed() >= Duration::from_secs(1) {
                    said = true;
                    notice(db, limit);
                }
                // Half to all of the pause, so waiting processes do not knock in step.
                let nap = pause / 2 + pause.mul_f64(fastrand::f64() / 2.0);
                std::thread::sleep(nap.min(limit.saturating_sub(start.elapsed())));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

/// A server answers for this database: it holds the file until it stops, so waiting for
/// the file is pointless (commands that can go through the server already did).
fn served(db: &Path) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::net::UnixStream::connect(client_socket(db)).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = db;
        false
    }
}

/// A socket file is at `socket` but nothing answers there: a server that crashed.
#[cfg(unix)]
fn stale_socket(socket: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(socket).is_ok_and(|m| m.file_type().is_socket())
        && matches!(
            std::os::unix::net::UnixStream::connect(socket),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused
        )
}

/// Whether a database that does not exist yet is made (with the caller as its owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open<'a> {
    Existing,
    /// Made when missing, its default location named so (the caller's words: "Main
    /// warehouse", «Основной склад»).
    OrCreate {
        location: &'a str,
    },
}

/// The Inventory API found for a database.
pub enum Connection {
    /// A server holds the file; everything goes through its socket.
    #[cfg(unix)]
    Served {
        inv: super::remote::RemoteInventory,
        socket: PathBuf,
    },
    /// This process holds the file. `created`: it was made just now.
    Local { inv: LocalInventory, created: bool },
}

/// The Inventory API for `db`, for `user`: through its server when one serves it, else
/// embedded in this process (waiting up to `--wait` while another process has the file).
pub fn connect(db: &Path, user: &str, open: Open, notice: Notice) -> Result<Connection> {
    #[cfg(unix)]
    let socket = client_socket(db);
    wait_for_db(db, notice, || {
        #[cfg(unix)]
        if let Some(remote) = super::remote::RemoteInventory::connect(&socket)? {
            return Ok(Connection::Served {
                inv: remote.with_retry_wait(wait_limit()),
                socket: socket.clone(),
            });
        }
        let opened = match open {
            Open::Existing => LocalInventory::open(db, user).map(|inv| (inv, false)),
            Open::OrCreate { location } => LocalInventory::open_or_init_with(db, user, location),
        };
        match opened {
            Ok((inv, created)) => Ok(Connection::Local { inv, created }),
            // A crashed server's socket with a database this user cannot open: the
            // server not running is the news, not the file's permissions.
            #[cfg(unix)]
            Err(Error::Store(e @ (StoreErrorWire::Missing(_) | StoreErrorWire::Io(_))))
                if stale_socket(&socket) =>
            {
                let (detail, missing) = match e {
                    StoreErrorWire::Missing(d) => (d, true),
                    StoreErrorWire::Io(d) => (d, false),
                    _ => (String::new(), false),
                };
                Err(Error::Store(StoreErrorWire::ServerNotRunning {
                    socket: socket.display().to_string(),
                    db: db.display().to_string(),
                    detail,
                    missing,
                }))
            }
            Err(e) => Err(e),
        }
    })
}

/// The database embedded in this process, never through a server (`init`, `demo`):
/// waits up to `--wait` while another process has the file.
/// A database made here names its default location `location`.
pub fn open_local(
    db: &Path,
    user: &str,
    location: &str,
    notice: Notice,
) -> Result<(LocalInventory, bool)> {
    wait_for_db(db, notice, || {
        LocalInventory::open_or_init_with(db, user, location)
    })
}
