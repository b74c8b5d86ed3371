//! A storage backend that fails on purpose, for tests of what a full or failing disk does.
//!
//! `FaultyBackend` wraps redb's file backend and counts the calls to `write` and
//! `sync_data`. A `Faults` handle (shared with the test) arms a failure at a chosen call:
//! from then on that operation fails with ENOSPC or EIO until `clear` is called.
//! Production code never builds one; `Store::open_with_faults` is the only way in.

use std::fs::File;
use std::ops::Bound;
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
}

impl Faults {
    pub fn new() -> Arc<Faults> {
        let f = Faults::default();
        f.write_at.store(NEVER, Ordering::SeqCst);
        f.sync_at.store(NEVER, Ordering::SeqCst);
        Arc::new(f)
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
    fn tick(&self, count: &AtomicU64, at: &AtomicU64) -> Option<std::io::Error> {
        let n = count.fetch_add(1, Ordering::SeqCst);
        if n >= at.load(Ordering::SeqCst) {
            self.injected.fetch_add(1, Ordering::SeqCst);
            Some(self.fault().error())
        } else {
            None
        }
    }
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
        match self.faults.tick(&self.faults.syncs, &self.faults.sync_at) {
            Some(e) => Err(e),
            None => self.inner.sync_data(),
        }
    }
    fn write(&self, offset: u64, data: &[u8]) -> Io<()> {
        match self.faults.tick(&self.faults.writes, &self.faults.write_at) {
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
