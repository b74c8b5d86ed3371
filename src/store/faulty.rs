//! A storage backend that fails on purpose, for tests of what a full or failing disk does.
//!
//! `FaultyBackend` wraps redb's file backend and counts the calls to `write` and
//! `sync_data`. A `Faults` handle (shared with the test) arms a failure at a chosen call:
//! from then on that operation fails with ENOSPC or EIO until `clear` is called.
//!
//! Two ways in, both for tests only: `Store::open_with_faults` (tests that drive the
//! engine in their own process), and the `STOCKROOM_FAULTS_FILE` environment variable
//! (tests that run the real binary, the server among them), read only when the crate is
//! built with the `faults` feature (tests turn it on through a dev-dependency). With the variable set, every
//! write and sync first reads the named file: while it holds a line such as
//! `write nospace` or `sync io`, every call of that kind fails; an empty or missing file
//! means a healthy disk. Without the variable the file backend is used as it is.

use std::fs::File;
use std::ops::Bound;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use redb::{BackendError, StorageBackend, backends::FileBackend};

/// The errno a fault reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// ENOSPC: "No space left on device".
    NoSpace,
    /// EIO: "Input/output error".
    Io,
}

impl Fault {
    fn errno(self) -> i32 {
        match self {
            Fault::NoSpace => libc::ENOSPC,
            Fault::Io => libc::EIO,
        }
    }
    fn error(self) -> std::io::Error {
        std::io::Error::from_raw_os_error(self.errno())
    }
}

const NEVER: u64 = u64::MAX;

/// The counters and the armed faults, shared by the backend and the test.
#[derive(Debug, Default)]
pub struct Faults {
    writes: AtomicU64,
    syncs: AtomicU64,
    /// Fail every write from this call number on (0-based, counted from the start).
    write_at: AtomicU64,
    sync_at: AtomicU64,
    /// errno of the armed fault, 0 when none.
    errno: AtomicU64,
    injected: AtomicU64,
    /// The file that arms faults from outside the process (`STOCKROOM_FAULTS_FILE`).
    control: Option<PathBuf>,
}

/// The environment variable naming a fault control file (read only with the `faults`
/// feature).
#[cfg(feature = "faults")]
pub const FAULTS_FILE_ENV: &str = "STOCKROOM_FAULTS_FILE";

impl Faults {
    pub fn new() -> Arc<Faults> {
        let f = Faults::default();
        f.write_at.store(NEVER, Ordering::SeqCst);
        f.sync_at.store(NEVER, Ordering::SeqCst);
        Arc::new(f)
    }

    /// Faults armed by the file at `path`: see the module notes for its lines.
    pub fn from_control_file(path: PathBuf) -> Arc<Faults> {
        let mut f = Faults {
            control: Some(path),
            ..Faults::default()
        };
        *f.write_at.get_mut() = NEVER;
        *f.sync_at.get_mut() = NEVER;
        Arc::new(f)
    }

    /// The faults the environment asks for, if it names a control file. Only a build with
    /// the `faults` feature (the one tests use) looks: any other build never reads the
    /// variable, so no setting of a user's environment can make it fail its writes.
    #[cfg(feature = "faults")]
    pub fn from_env() -> Option<Arc<Faults>> {
        std::env::var_os(FAULTS_FILE_ENV)
            .filter(|p| !p.is_empty())
            .map(|p| Faults::from_control_file(PathBuf::from(p)))
    }

    /// Without the `faults` feature the environment arms nothing.
    #[cfg(not(feature = "faults"))]
    pub fn from_env() -> Option<Arc<Faults>> {
        None
    }

    /// Calls to `write` so far.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::SeqCst)
    }

    /// Calls to `sync_data` so far.
    pub fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::SeqCst)
    }

    /// How many calls failed on purpose.
    pub fn injected(&self) -> u64 {
        self.injected.load(Ordering::SeqCst)
    }

    /// The `n`-th write from now (0 = the next one) and every later one fail.
    pub fn fail_write_after(&self, n: u64, fault: Fault) {
        self.errno.store(fault.errno() as u64, Ordering::SeqCst);
        self.write_at.store(self.writes() + n, Ordering::SeqCst);
    }

    /// The `n`-th sync from now (0 = the next one) and every later one fail.
    pub fn fail_sync_after(&self, n: u64, fault: Fault) {
        self.errno.store(fault.errno() as u64, Ordering::SeqCst);
        self.sync_at.store(self.syncs() + n, Ordering::SeqCst);
    }

    /// The disk works again.
    pub fn clear(&self) {
        self.write_at.store(NEVER, Ordering::SeqCst);
        self.sync_at.store(NEVER, Ordering::SeqCst);
    }

    fn fault(&self) -> Fault {
        if self.errno.load(Ordering::SeqCst) == libc::EIO as u64 {
            Fault::Io
        } else {
            Fault::NoSpace
        }
    }

    /// Counts one call; the error to return if it is armed to fail.
    fn tick(&self, kind: &str, count: &AtomicU64, at: &AtomicU64) -> Option<std::io::Error> {
        let n = count.fetch_add(1, Ordering::SeqCst);
        let armed = match &self.control {
            Some(file) => controlled(file, kind),
            None if n >= at.load(Ordering::SeqCst) => Some(self.fault()),
            None => None,
        };
        armed.map(|fault| {
            self.injected.fetch_add(1, Ordering::SeqCst);
            fault.error()
        })
    }
}

/// The fault the control file arms for calls of `kind` (`write` or `sync`), if any.
/// Lines are `KIND FAULT` with FAULT `nospace` (ENOSPC) or `io` (EIO); others are ignored.
fn controlled(file: &std::path::Path, kind: &str) -> Option<Fault> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        if words.next()? != kind {
            return None;
        }
        match words.next()?.to_ascii_lowercase().as_str() {
            "nospace" | "enospc" => Some(Fault::NoSpace),
            "io" | "eio" => Some(Fault::Io),
            _ => None,
        }
    })
}

/// redb's file backend with failures on demand.
#[derive(Debug)]
pub struct FaultyBackend {
    inner: FileBackend,
    faults: Arc<Faults>,
}

impl FaultyBackend {
    pub fn new(file: File, faults: Arc<Faults>) -> Result<Self, redb::DatabaseError> {
        Ok(FaultyBackend {
            inner: FileBackend::new(file)?,
            faults,
        })
    }
}

type Io<T> = Result<T, std::io::Error>;
type Lock<T> = Result<T, BackendError>;

impl StorageBackend for FaultyBackend {
    fn len(&self) -> Io<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> Io<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> Io<()> {
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> Io<()> {
        match self
            .faults
            .tick("sync", &self.faults.syncs, &self.faults.sync_at)
        {
            Some(e) => Err(e),
            None => self.inner.sync_data(),
        }
    }
    fn write(&self, offset: u64, data: &[u8]) -> Io<()> {
        match self
            .faults
            .tick("write", &self.faults.writes, &self.faults.write_at)
        {
            Some(e) => Err(e),
            None => self.inner.write(offset, data),
        }
    }
    fn close(&self) -> Io<()> {
        self.inner.close()
    }
    fn try_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Lock<bool> {
        self.inner.try_lock_range(start, end)
    }
    fn try_lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Lock<bool> {
        self.inner.try_lock_shared_range(start, end)
    }
    fn lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Lock<()> {
        self.inner.lock_range(start, end)
    }
    fn lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Lock<()> {
        self.inner.lock_shared_range(start, end)
    }
    fn unlock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Lock<()> {
        self.inner.unlock_range(start, end)
    }
    fn query_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Lock<bool> {
        self.inner.query_lock_range(start, end)
    }
}
