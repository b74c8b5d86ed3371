//! The store: the only code that touches redb.
//!
//! `Store` owns the one database handle of the process. `ReadTx` and `WriteTx`
//! give typed access to the tables; the engine works through them and never sees redb.

mod api_sent;
mod backup;
pub mod codec;
pub mod economics;
#[doc(hidden)]
pub mod faulty;
pub mod kits;
pub mod kv;
pub mod market;
pub mod pg;
pub mod pg_tls;
pub mod plan;
pub mod purchase_dates;
mod read;
mod report;
mod tables;
mod write;

use std::ops::Bound;
use std::path::{Path, PathBuf};

use redb::{Database, Durability, ReadableDatabase};

use crate::domain::purchase::{PoId, PoStatus, PurchaseOrder, Snooze};
use crate::domain::stocktake::{CountEntry, CountSession, SessionId};
use crate::domain::{
    Channel, ChannelId, Levels, Location, LocationId, Millis, Movement, Reservation, ReservationId,
    Seq, Sku, SkuId, User,
};
pub use api_sent::ApiSent;
pub use backup::{CopyStats, sync_dir_of, sync_file_and_dir};
pub use codec::RequestRecord;
use codec::{DecodeError, Record, decode, encode};
use read::get_rec;
pub use read::{Reader, SkuIndexed};
use tables::*;
pub use tables::{NAMESPACE_CLEAN, SCHEMA_VERSION};
pub use write::{LedgerWriter, SkuIndex, SkuRead, SkuSnapshot, SkuTables};

/// A storage problem. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Another process holds the database.
    Locked(PathBuf),
    Missing(PathBuf),
    /// A file that is not a stockroom database at all (a CSV given as `--db`, say).
    NotStockroom(PathBuf),
    Corrupt(String),
    Io(String),
    /// The disk failed during the commit itself (a write or the flush): the change may or
    /// may not be on disk, and a failed flush can even show it until the machine restarts.
    Unconfirmed(String),
    /// The server's database failed earlier and could not be opened again yet.
    Unavailable(String),
    Schema {
        found: u32,
        supported: u32,
    },
    /// PostgreSQL gave up this transaction because another one's overlapped it
    /// (serialization failure): nothing of it was kept, and it may be run again.
    Conflict(String),
    /// The PostgreSQL database does not answer (down, unreachable, a wrong URL, user or
    /// password): nothing was done.
    Unreachable(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Locked(p) => {
                write!(f, "database {} is locked by another process", p.display())
            }
            StoreError::Missing(p) => write!(f, "no database at {}", p.display()),
            StoreError::NotStockroom(p) => write!(f, "{} is not a stockroom database", p.display()),
            StoreError::Corrupt(d) => write!(f, "database is corrupt: {d}"),
            StoreError::Io(d) => write!(f, "storage error: {d}"),
            StoreError::Unconfirmed(d) => write!(f, "storage error while saving: {d}"),
            StoreError::Unavailable(d) => {
                write!(f, "database unavailable after a storage error: {d}")
            }
            StoreError::Schema { found, supported } => {
                write!(
                    f,
                    "database schema {found} is newer than this program ({supported})"
                )
            }
            StoreError::Conflict(d) => write!(f, "transaction conflict: {d}"),
            StoreError::Unreachable(d) => write!(f, "cannot reach the PostgreSQL database: {d}"),
        }
    }
}

impl From<DecodeError> for StoreError {
    fn from(e: DecodeError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                classify(redb::Error::from(e))
            }
        }
    )*};
}
from_redb!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

fn classify(e: redb::Error) -> StoreError {
    match e {
        redb::Error::DatabaseAlreadyOpen => StoreError::Locked(PathBuf::new()),
        redb::Error::Corrupted(d) => StoreError::Corrupt(d),
        redb::Error::Io(io) => match pg::fail_in(&io) {
            Some(f) => StoreError::from(f.clone()),
            None => StoreError::Io(io.to_string()),
        },
        redb::Error::TableTypeMismatch { .. } | redb::Error::TableIsMultimap(_) => {
            StoreError::Corrupt(e.to_string())
        }
        redb::Error::ValueTooLarge(_) => StoreError::Corrupt(e.to_string()),
        other => StoreError::Io(other.to_string()),
    }
}

impl From<pg::PgFail> for StoreError {
    fn from(f: pg::PgFail) -> Self {
        match f.kind {
            pg::FailKind::Conflict => StoreError::Conflict(f.text),
            pg::FailKind::Lost => StoreError::Unreachable(f.text),
            pg::FailKind::NoSchema => StoreError::NotStockroom(PathBuf::from(f.text)),
            pg::FailKind::Other => StoreError::Io(f.to_string()),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The first bytes of every database file (and so of every backup).
const DATABASE_HEADER: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// Whether the file starts with the database header: a stockroom database or backup
/// (or another program's redb file, which stockroom must not overwrite either).
/// A file shorter than the header is not one.
pub fn has_database_header(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut head = [0u8; DATABASE_HEADER.len()];
    let mut got = 0;
    while got < head.len() {
        match f.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got == head.len() && head == DATABASE_HEADER)
}

/// Whether a file without the database header is plainly some other kind of file: text
/// (a CSV; no NUL byte in its first 4 KiB, or a UTF-16 byte order mark), a zip archive (an
/// .xlsx workbook) or an SQLite database.
pub fn is_other_kind_of_file(path: &Path) -> bool {
    use std::io::Read;
    if !matches!(has_database_header(path), Ok(false)) {
        return false;
    }
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    if read.is_err() || head.is_empty() {
        return false;
    }
    head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"SQLite format 3\0")
        || head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || !head.contains(&0)
}

/// Where the tables are.
#[derive(Clone)]
enum Backend {
    /// A redb file. Shared with each write transaction, which may take a read snapshot
    /// of its own starting state (`WriteTx::sku_snapshot`).
    Redb(std::sync::Arc<Database>),
    /// A PostgreSQL database (`store::pg`).
    Pg(std::sync::Arc<pg::Pool>),
}

/// Whether another process has the redb file at `path` open (redb locks the file it
/// opens). False for a file nobody holds, or one that does not open at all.
pub fn is_held(path: &Path) -> bool {
    matches!(
        Database::builder().open(path),
        Err(redb::DatabaseError::DatabaseAlreadyOpen)
    )
}

/// The database of one stockroom.
pub struct Store {
    backend: Backend,
    path: PathBuf,
    /// What the last committed write transaction knew of the small tables (see `Memo`).
    committed: std::sync::Arc<std::sync::Mutex<Memo>>,
}

impl Store {
    /// Opens an existing database.
    pub fn open(path: &Path) -> StoreResult<Store> {
        if let Some(url) = pg_url(path) {
            return Self::open_pg(path, url, false);
        }
        let meta = std::fs::metadata(path).map_err(|_| StoreError::Missing(path.to_path_buf()))?;
        if !meta.is_file() {
            // A folder, a device (/dev/null), a pipe: bad input, never opened.
            return Err(StoreError::NotStockroom(path.to_path_buf()));
        }
        if meta.len() == 0 {
            return Err(StoreError::Corrupt(format!(
                "{} is empty, not a stockroom database",
                path.display()
            )));
        }
        let store = Self::open_or_create_inner(path, false)?;
        Ok(store)
    }

    /// Opens the database, creating an empty one if there is none.
    pub fn open_or_create(path: &Path) -> StoreResult<Store> {
        if let Some(url) = pg_url(path) {
            return Self::open_pg(path, url, true);
        }
        Self::open_or_create_inner(path, true)
    }

    fn open_or_create_inner(path: &Path, create: bool) -> StoreResult<Store> {
        Self::open_inner(path, create, None)
    }

    /// Opens or creates the database through a backend that fails on demand, for tests
    /// of a full or failing disk. Never used by the program itself.
    #[doc(hidden)]
    pub fn open_with_faults(
        path: &Path,
        faults: std::sync::Arc<faulty::Faults>,
    ) -> StoreResult<Store> {
        Self::open_inner(path, true, Some(faults))
    }

    fn open_inner(
        path: &Path,
        create: bool,
        faults: Option<std::sync::Arc<faulty::Faults>>,
    ) -> StoreResult<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Io(format!("{}: {e}", dir.display())))?;
        }
        let existed = path.exists();
        // Another kind of file given as the database (a CSV, a workbook): say so, and never
        // let redb near it. Unrecognisable bytes stay "corrupt".
        let not_a_file = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
        if existed && (not_a_file || is_other_kind_of_file(path)) {
            return Err(StoreError::NotStockroom(path.to_path_buf()));
        }
        #[cfg(unix)]
        if !existed {
            // Born 0600: never readable by others, not even for a moment.
            use std::os::unix::fs::OpenOptionsExt;
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path);
        }
        let built = match faults.or_else(faulty::Faults::from_env) {
            None => Database::builder()
                .set_cache_size(cache_bytes())
                .create(path),
            Some(f) => std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(redb::DatabaseError::from)
                .and_then(|file| faulty::FaultyBackend::new(file, f))
                .and_then(|b| {
                    Database::builder()
                        .set_cache_size(cache_bytes())
                        .create_with_backend(b)
                }),
        };
        let db = match built {
            Ok(db) => db,
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                return Err(StoreError::Locked(path.to_path_buf()));
            }
            Err(e) => {
                let err = StoreError::from(e);
                return Err(match err {
                    // A file we may not read is a permission problem, not damage.
                    // An OS error (a full or failing disk) is not damage either.
                    StoreError::Io(d)
                        if existed
                            && !d.contains("Permission denied")
                            && !d.contains("(os error") =>
                    {
                        StoreError::Corrupt(d)
                    }
                    other => other,
                });
            }
        };
        #[cfg(unix)]
        if !existed {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        let store = Store {
            backend: Backend::Redb(std::sync::Arc::new(db)),
            path: path.to_path_buf(),
            committed: Default::default(),
        };
        store.ensure_tables(create || !existed)?;
        Ok(store)
    }

    /// Opens the stockroom in a PostgreSQL database. `create`: the schema is made when
    /// missing (which needs the right to create it; `stockroom init` is the way for a
    /// role that has it).
    fn open_pg(path: &Path, url: &str, create: bool) -> StoreResult<Store> {
        let pool = pg::Pool::new(url);
        match pool.has_schema()? {
            Some(true) => {}
            // Another program's table of that name: never written, never read as ours.
            Some(false) => return Err(StoreError::NotStockroom(path.to_path_buf())),
            None if !create => return Err(StoreError::NotStockroom(path.to_path_buf())),
            None => pool.execute(&pg::schema_sql())?,
        }
        let store = Store {
            backend: Backend::Pg(pool),
            path: path.to_path_buf(),
            committed: Default::default(),
        };
        store.ensure_tables(true)?;
        Ok(store)
    }

    /// Whether this store is a PostgreSQL database.
    pub fn is_pg(&self) -> bool {
        matches!(self.backend, Backend::Pg(_))
    }

    /// The connections to PostgreSQL, when the store is there.
    pub fn pg_pool(&self) -> Option<&std::sync::Arc<pg::Pool>> {
        match &self.backend {
            Backend::Pg(p) => Some(p),
            Backend::Redb(_) => None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn ensure_tables(&self, create: bool) -> StoreResult<()> {
        let rtx = self.begin_read()?;
        let found = rtx.schema_version()?;
        drop(rtx);
        match found {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::Schema {
                    found: v,
                    supported: SCHEMA_VERSION,
                });
            }
            Some(v) if v == SCHEMA_VERSION => return Ok(()),
            // An older stockroom file: the loop below adds the tables it lacks.
            Some(_) => {}
            None if create => {}
            None => return Err(StoreError::NotStockroom(self.path.clone())),
        }
        let w = self.begin_write()?;
        // This transaction writes meta through redb directly: nothing it knew stays.
        w.memo.forget();
        {
            let t = &w.txn;
            t.open_table(META)?;
            t.open_table(SKUS)?;
            t.open_table(SKU_BY_CODE)?;
            t.open_table(SKU_BY_BARCODE)?;
            t.open_table(LOCATIONS)?;
            t.open_table(CHANNELS)?;
            t.open_table(LEVELS)?;
            t.open_table(LEDGER)?;
            t.open_table(LEDGER_BY_SKU)?;
            t.open_table(RESERVATIONS)?;
            t.open_table(OPEN_RESERVATIONS)?;
            t.open_table(ORDERS)?;
            t.open_table(USERS)?;
            t.open_table(COUNT_SESSIONS)?;
            t.open_table(COUNT_ENTRIES)?;
            t.open_table(HOLD_DEADLINES)?;
            t.open_table(BACKORDERS)?;
            t.open_table(LISTED)?;
            t.open_table(FEED_SENT)?;
            t.open_table(PURCHASE_ORDERS)?;
            t.open_table(OPEN_PURCHASE_ORDERS)?;
            t.open_table(SNOOZES)?;
            let mut code_keys = t.open_table(SKU_BY_CODE_KEY)?;
            let mut bar_keys = t.open_table(SKU_BY_BARCODE_KEY)?;
            if code_keys.is_empty()? {
                // An older file: index every SKU's code and barcodes by their folded key.
                // Where two old codes fold together, the first SKU keeps the key (each is
                // still found by its exact spelling).
                for row in t.open_table(SKUS)?.iter()? {
                    let sku = decode::<Sku>(row?.1.value())?;
                    let key = fold(&sku.code);
                    if code_keys.get(key.as_str())?.is_none() {
                        code_keys.put(key.as_str(), sku.id)?;
                    }
                    for b in &sku.barcodes {
                        let key = fold(b);
                        if bar_keys.get(key.as_str())?.is_none() {
                            bar_keys.put(key.as_str(), sku.id)?;
                        }
                    }
                }
            }
            // One namespace: is any folded barcode also another SKU's folded code?
            let mut clean = true;
            for row in bar_keys.iter()? {
                let (key, id) = row?;
                if code_keys
                    .get(key.value())?
                    .is_some_and(|c| c.value() != id.value())
                {
                    clean = false;
                    break;
                }
            }
            drop((code_keys, bar_keys));
            let mut meta = t.open_table(META)?;
            if clean {
                meta.put(NAMESPACE_CLEAN, [1u8].as_slice())?;
            } else {
                meta.remove(NAMESPACE_CLEAN)?;
            }
            meta.put("schema", SCHEMA_VERSION.to_le_bytes().as_slice())?;
        }
        w.commit()
    }

    pub fn begin_read(&self) -> StoreResult<ReadTx> {
        let txn = match &self.backend {
            Backend::Redb(db) => kv::ReadTxn::Redb(db.begin_read()?),
            Backend::Pg(pool) => kv::ReadTxn::Pg(pg::Tx::begin(pool, false)?),
        };
        Ok(ReadTx {
            txn,
            memo: Memo::default(),
        })
    }

    /// A durable write transaction: `commit` returns only once the data is on disk.
    pub fn begin_write(&self) -> StoreResult<WriteTx> {
        self.begin_write_with(Durability::Immediate)
    }

    /// A write transaction that is not flushed on its own (bulk loading); a later
    /// durable commit makes it durable too. On PostgreSQL every commit is durable.
    pub fn begin_bulk_write(&self) -> StoreResult<WriteTx> {
        self.begin_write_with(Durability::None)
    }

    fn begin_write_with(&self, durability: Durability) -> StoreResult<WriteTx> {
        match &self.backend {
            Backend::Redb(db) => {
                let mut txn = db.begin_write()?;
                txn.set_durability(durability)
                    .map_err(|e| StoreError::Io(e.to_string()))?;
                Ok(self.write_tx(kv::WriteTxn::Redb(txn), Some(db.clone())))
            }
            Backend::Pg(pool) => {
                Ok(self.write_tx(kv::WriteTxn::Pg(pg::Tx::begin(pool, true)?), None))
            }
        }
    }

    /// A write transaction starts knowing what the last commit knew: redb lets one write
    /// transaction run at a time, and a commit updates `committed` before the next one
    /// can read it (`WriteTx::commit`). On PostgreSQL other processes write too, so a
    /// transaction starts knowing nothing.
    fn write_tx(&self, txn: kv::WriteTxn, db: Option<std::sync::Arc<Database>>) -> WriteTx {
        let memo = match db {
            Some(_) => self.committed.lock().map(|m| m.clone()).unwrap_or_default(),
            None => Memo::default(),
        };
        WriteTx {
            txn,
            memo,
            committed: self.committed.clone(),
            db,
            skus_opened: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

/// The PostgreSQL URL `path` spells, if it spells one.
fn pg_url(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| pg::is_url(s))
}

pub struct ReadTx {
    txn: kv::ReadTxn,
    memo: Memo,
}

/// What a transaction has read of the small tables nearly every command reads (users,
/// channels, locations, meta values, whether any kit exists), kept for its later reads: a
/// command opens none of those tables when an earlier one already read them. A write
/// transaction's own writes to them drop what they change (`WriteTx::put_user` and the
/// like), so what it knows is always what its tables hold; its commit hands that to the
/// next write transaction (`Store::committed`). A read transaction keeps its own.
#[derive(Default, Clone)]
struct Memo {
    users: Kept<Option<Vec<User>>>,
    channels: Kept<Option<Vec<Channel>>>,
    locations: Kept<Option<Vec<Location>>>,
    meta: Kept<std::collections::HashMap<String, Option<Vec<u8>>>>,
    /// Some(true): the transaction has no kit at all.
    no_kits: Kept<Option<bool>>,
}

/// One value of a `Memo`: a lock, because one transaction may be read from several
/// threads at once (`check`).
#[derive(Default)]
struct Kept<T>(std::sync::Mutex<T>);

impl<T> Kept<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    fn set(&self, v: T) {
        *self.lock() = v;
    }
    fn take(&self) -> T
    where
        T: Default,
    {
        std::mem::take(&mut *self.lock())
    }
    fn get(&self) -> T
    where
        T: Clone,
    {
        self.lock().clone()
    }
}

impl<T: Clone> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept(std::sync::Mutex::new(self.get()))
    }
}

impl Memo {
    fn forget(&self) {
        self.users.take();
        self.channels.take();
        self.locations.take();
        self.meta.lock().clear();
        self.no_kits.set(None);
    }
}

/// The memory redb may keep of the file's pages (read cache and write buffer together)
/// in databases this process opens from now on: redb's 1 GiB unless a caller sets less.
/// The demo and `check` take `SMALL_CACHE_BYTES`, the TUI `TUI_CACHE_BYTES`: reading a
/// million SKUs through filled the cache with most of the file; the operating system keeps
/// the file's pages anyway. A big import keeps the default: its one transaction's pages
/// must stay in the buffer.
static CACHE_BYTES: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(DEFAULT_CACHE_BYTES);

/// redb's own default cache.
pub const DEFAULT_CACHE_BYTES: usize = 1024 * 1024 * 1024;

/// The cache the demo and `check` open their database with.
pub const SMALL_CACHE_BYTES: usize = 128 * 1024 * 1024;

/// The cache the TUI opens its database with: it reads the SKU list once front to back
/// and then a screen of rows at a time, which the operating system's cache of the file
/// serves as well.
pub const TUI_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Sets the cache size of databases opened from now on (see `CACHE_BYTES`).
pub fn set_cache_bytes(bytes: usize) {
    CACHE_BYTES.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

fn cache_bytes() -> usize {
    CACHE_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

pub struct WriteTx {
    txn: kv::WriteTxn,
    memo: Memo,
    committed: std::sync::Arc<std::sync::Mutex<Memo>>,
    /// The redb file (None on PostgreSQL), for `sku_snapshot`.
    db: Option<std::sync::Arc<Database>>,
    /// Set once the SKU tables are opened for writing in this transaction: from then on a
    /// read snapshot no longer shows what this transaction sees.
    skus_opened: std::sync::atomic::AtomicBool,
}

impl WriteTx {
    pub fn commit(self) -> StoreResult<()> {
        // Held across the commit: the next write transaction, which may begin the moment
        // redb's commit returns, waits here for what this one leaves.
        let mut committed = self
            .committed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let txn = match self.txn {
            kv::WriteTxn::Redb(txn) => txn,
            kv::WriteTxn::Pg(tx) => {
                *committed = Memo::default();
                return tx.commit().map_err(|f| match f.kind {
                    pg::FailKind::Conflict => StoreError::Conflict(f.text),
                    // The connection broke at the commit: it may or may not have landed.
                    pg::FailKind::Lost => StoreError::Unconfirmed(f.to_string()),
                    _ => StoreError::from(f),
                });
            }
        };
        let done = txn.commit();
        *committed = match done {
            Ok(()) => self.memo,
            // Whether the commit landed is unknown: the next transaction reads afresh.
            Err(_) => Memo::default(),
        };
        done.map_err(|e| match e {
            redb::CommitError::Storage(redb::StorageError::Io(io)) => {
                StoreError::Unconfirmed(io.to_string())
            }
            other => other.into(),
        })
    }
    pub fn abort(self) -> StoreResult<()> {
        match self.txn {
            kv::WriteTxn::Redb(txn) => txn.abort()?,
            // Dropping it rolls it back.
            kv::WriteTxn::Pg(tx) => drop(tx),
        }
        Ok(())
    }

    /// On PostgreSQL, tells the other servers `payload` when this transaction commits
    /// (LISTEN/NOTIFY). Nothing to tell on redb: one server holds the file.
    pub fn notify(&self, payload: &str) -> StoreResult<()> {
        if let kv::WriteTxn::Pg(tx) = &self.txn {
            tx.notify(payload)?;
        }
        Ok(())
    }

    /// On PostgreSQL, takes the advisory lock `key` for the rest of this transaction:
    /// false when another server's transaction holds it. Always true on redb, whose
    /// writers take turns anyway.
    pub fn try_lock(&self, key: i64) -> StoreResult<bool> {
        match &self.txn {
            kv::WriteTxn::Pg(tx) => Ok(tx.try_lock(key)?),
            kv::WriteTxn::Redb(_) => Ok(true),
        }
    }

    /// PostgreSQL gave this transaction up as overlapping another (a statement failed
    /// with a serialization failure): whatever the command concluded, it must run again.
    pub fn conflicted(&self) -> bool {
        match &self.txn {
            kv::WriteTxn::Pg(tx) => tx
                .failure()
                .is_some_and(|f| f.kind == pg::FailKind::Conflict),
            kv::WriteTxn::Redb(_) => false,
        }
    }
}

fn fold(s: &str) -> String {
    crate::domain::limits::code_key(s)
}
