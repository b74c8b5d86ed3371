//! The store: the only code that touches redb.
//!
//! `Store` owns the one database handle of the process. `ReadTx` and `WriteTx`
//! give typed access to the tables; the engine works through them and never sees redb.

mod api_sent;
mod backup;
pub mod codec;
#[doc(hidden)]
pub mod faulty;
pub mod market;
mod tables;

use std::ops::Bound;
use std::path::{Path, PathBuf};

use redb::{Database, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata};

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
use tables::*;
pub use tables::{NAMESPACE_CLEAN, SCHEMA_VERSION};

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
        redb::Error::Io(io) => StoreError::Io(io.to_string()),
        redb::Error::TableTypeMismatch { .. } | redb::Error::TableIsMultimap(_) => {
            StoreError::Corrupt(e.to_string())
        }
        redb::Error::ValueTooLarge(_) => StoreError::Corrupt(e.to_string()),
        other => StoreError::Io(other.to_string()),
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

/// The database of one stockroom.
pub struct Store {
    db: Database,
    path: PathBuf,
}

impl Store {
    /// Opens an existing database.
    pub fn open(path: &Path) -> StoreResult<Store> {
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
            None => Database::builder().create(path),
            Some(f) => std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(redb::DatabaseError::from)
                .and_then(|file| faulty::FaultyBackend::new(file, f))
                .and_then(|b| Database::builder().create_with_backend(b)),
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
            db,
            path: path.to_path_buf(),
        };
        store.ensure_tables(create || !existed)?;
        Ok(store)
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
                        code_keys.insert(key.as_str(), sku.id)?;
                    }
                    for b in &sku.barcodes {
                        let key = fold(b);
                        if bar_keys.get(key.as_str())?.is_none() {
                            bar_keys.insert(key.as_str(), sku.id)?;
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
                meta.insert(NAMESPACE_CLEAN, [1u8].as_slice())?;
            } else {
                meta.remove(NAMESPACE_CLEAN)?;
            }
            meta.insert("schema", SCHEMA_VERSION.to_le_bytes().as_slice())?;
        }
        w.commit()
    }

    pub fn begin_read(&self) -> StoreResult<ReadTx> {
        Ok(ReadTx {
            txn: self.db.begin_read()?,
        })
    }

    /// A durable write transaction: `commit` returns only once the data is on disk.
    pub fn begin_write(&self) -> StoreResult<WriteTx> {
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::Immediate)
            .map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(WriteTx { txn })
    }

    /// A write transaction that is not flushed on its own (bulk loading); a later
    /// durable commit makes it durable too.
    pub fn begin_bulk_write(&self) -> StoreResult<WriteTx> {
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::None)
            .map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(WriteTx { txn })
    }
}

/// See `WriteTx::sku_index`.
pub struct SkuIndex<'a> {
    skus: redb::Table<'a, SkuId, &'static [u8]>,
    by_code: redb::Table<'a, &'static str, SkuId>,
    by_barcode: redb::Table<'a, &'static str, SkuId>,
    by_code_key: redb::Table<'a, &'static str, SkuId>,
    by_barcode_key: redb::Table<'a, &'static str, SkuId>,
}

fn fold(s: &str) -> String {
    crate::domain::limits::code_key(s)
}

impl SkuIndex<'_> {
    /// By the exact code, else by its folded key (X, x and Ｘ are one code).
    pub fn id_by_code(&self, code: &str) -> StoreResult<Option<SkuId>> {
        if let Some(g) = self.by_code.get(code)? {
            return Ok(Some(g.value()));
        }
        Ok(self
            .by_code_key
            .get(fold(code).as_str())?
            .map(|g| g.value()))
    }
    pub fn id_by_barcode(&self, barcode: &str) -> StoreResult<Option<SkuId>> {
        if let Some(g) = self.by_barcode.get(barcode)? {
            return Ok(Some(g.value()));
        }
        Ok(self
            .by_barcode_key
            .get(fold(barcode).as_str())?
            .map(|g| g.value()))
    }
    pub fn sku(&self, id: SkuId) -> StoreResult<Option<Sku>> {
        get_rec(self.skus.get(id)?)
    }
}

/// See `WriteTx::ledger_writer`.
pub struct LedgerWriter<'a> {
    levels: redb::Table<'a, (SkuId, LocationId), &'static [u8]>,
    ledger: redb::Table<'a, Seq, &'static [u8]>,
    by_sku: redb::Table<'a, (SkuId, Seq), ()>,
    last: Seq,
}

impl LedgerWriter<'_> {
    pub fn levels(&self, sku: SkuId, loc: LocationId) -> StoreResult<Levels> {
        Ok(get_rec(self.levels.get((sku, loc))?)?.unwrap_or_default())
    }
    pub fn put_levels(&mut self, sku: SkuId, loc: LocationId, l: &Levels) -> StoreResult<()> {
        self.levels.insert((sku, loc), encode(l).as_slice())?;
        Ok(())
    }
    pub fn last_seq(&self) -> Seq {
        self.last
    }
    /// Appends a movement; its `seq` must be the next one.
    pub fn append(&mut self, m: &Movement) -> StoreResult<()> {
        // The ledger's own invariants, checked on every entry in debug builds (every test
        // run): entries are gapless and in order, the levels the entry records are the
        // levels stored for it, and its delta leads from the levels before to those after.
        debug_assert_eq!(m.seq, self.last + 1, "ledger entries are gapless");
        debug_assert!(
            self.levels(m.sku, m.location).ok() == Some(m.after),
            "the entry's levels after are the stored levels of sku {} at location {}",
            m.sku,
            m.location
        );
        debug_assert!(
            m.after.reserved <= crate::domain::limits::MAX_LEVEL
                && m.after.on_hand <= crate::domain::limits::MAX_LEVEL
                && m.after.defective <= crate::domain::limits::MAX_LEVEL,
            "levels stay within their limit"
        );
        self.ledger.insert(m.seq, encode(m).as_slice())?;
        self.by_sku.insert((m.sku, m.seq), ())?;
        self.last = self.last.max(m.seq);
        Ok(())
    }
}

pub struct ReadTx {
    txn: redb::ReadTransaction,
}

pub struct WriteTx {
    txn: redb::WriteTransaction,
}

impl WriteTx {
    pub fn commit(self) -> StoreResult<()> {
        self.txn.commit().map_err(|e| match e {
            redb::CommitError::Storage(redb::StorageError::Io(io)) => {
                StoreError::Unconfirmed(io.to_string())
            }
            other => other.into(),
        })
    }
    pub fn abort(self) -> StoreResult<()> {
        self.txn.abort()?;
        Ok(())
    }
}

fn get_rec<R: Record>(v: Option<redb::AccessGuard<'_, &[u8]>>) -> StoreResult<Option<R>> {
    match v {
        Some(g) => Ok(Some(decode::<R>(g.value())?)),
        None => Ok(None),
    }
}

/// Reads shared by read and write transactions: one body, both kinds of table.
macro_rules! reader_impl {
    ($tx:ty) => {
        impl Reader for $tx {
            fn schema_version(&self) -> StoreResult<Option<u32>> {
                let t = match self.txn.open_table(META) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(e.into()),
                };
                let v = t.get("schema")?;
                Ok(v.and_then(|g| g.value().try_into().ok().map(u32::from_le_bytes)))
            }
            fn meta(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
                let t = self.txn.open_table(META)?;
                Ok(t.get(key)?.map(|g| g.value().to_vec()))
            }
            fn sku(&self, id: SkuId) -> StoreResult<Option<Sku>> {
                get_rec(self.txn.open_table(SKUS)?.get(id)?)
            }
            fn sku_id_by_code(&self, code: &str) -> StoreResult<Option<SkuId>> {
                if let Some(g) = self.txn.open_table(SKU_BY_CODE)?.get(code)? {
                    return Ok(Some(g.value()));
                }
                Ok(self
                    .txn
                    .open_table(SKU_BY_CODE_KEY)?
                    .get(fold(code).as_str())?
                    .map(|g| g.value()))
            }
            fn sku_id_by_barcode(&self, barcode: &str) -> StoreResult<Option<SkuId>> {
                if let Some(g) = self.txn.open_table(SKU_BY_BARCODE)?.get(barcode)? {
                    return Ok(Some(g.value()));
                }
                Ok(self
                    .txn
                    .open_table(SKU_BY_BARCODE_KEY)?
                    .get(fold(barcode).as_str())?
                    .map(|g| g.value()))
            }
            fn skus(&self) -> StoreResult<Vec<Sku>> {
                let t = self.txn.open_table(SKUS)?;
                let mut out = Vec::with_capacity(t.len()? as usize);
                for row in t.iter()? {
                    let (_, v) = row?;
                    out.push(decode::<Sku>(v.value())?);
                }
                Ok(out)
            }
            fn skus_by_code(&self, after: Option<&str>, limit: usize) -> StoreResult<Vec<Sku>> {
                let codes = self.txn.open_table(SKU_BY_CODE)?;
                let skus = self.txn.open_table(SKUS)?;
                let range = match after {
                    Some(a) => codes.range::<&str>((Bound::Excluded(a), Bound::Unbounded))?,
                    None => codes.range::<&str>(..)?,
                };
                let mut out = Vec::with_capacity(limit.min(4096));
                for row in range.take(limit) {
                    let id = row?.1.value();
                    if let Some(s) = get_rec(skus.get(id)?)? {
                        out.push(s);
                    }
                }
                Ok(out)
            }
            fn sku_count(&self) -> StoreResult<u64> {
                Ok(self.txn.open_table(SKUS)?.len()?)
            }
            fn last_sku_id(&self) -> StoreResult<Option<SkuId>> {
                Ok(self.txn.open_table(SKUS)?.last()?.map(|(k, _)| k.value()))
            }
            fn levels(&self, sku: SkuId, loc: LocationId) -> StoreResult<Levels> {
                Ok(get_rec(self.txn.open_table(LEVELS)?.get((sku, loc))?)?.unwrap_or_default())
            }
            fn levels_of_sku(&self, sku: SkuId) -> StoreResult<Vec<(LocationId, Levels)>> {
                let t = self.txn.open_table(LEVELS)?;
                let mut out = Vec::new();
                for row in t.range((sku, 0u16)..=(sku, u16::MAX))? {
                    let (k, v) = row?;
                    out.push((k.value().1, decode::<Levels>(v.value())?));
                }
                Ok(out)
            }
            fn all_levels(&self) -> StoreResult<Vec<(SkuId, LocationId, Levels)>> {
                let t = self.txn.open_table(LEVELS)?;
                let mut out = Vec::with_capacity(t.len()? as usize);
                for row in t.iter()? {
                    let (k, v) = row?;
                    let (s, l) = k.value();
                    out.push((s, l, decode::<Levels>(v.value())?));
                }
                Ok(out)
            }
            fn locations(&self) -> StoreResult<Vec<Location>> {
                let t = self.txn.open_table(LOCATIONS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Location>(row?.1.value())?);
                }
                Ok(out)
            }
            fn channels(&self) -> StoreResult<Vec<Channel>> {
                let t = self.txn.open_table(CHANNELS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Channel>(row?.1.value())?);
                }
                Ok(out)
            }
            fn reservation(&self, id: ReservationId) -> StoreResult<Option<Reservation>> {
                get_rec(self.txn.open_table(RESERVATIONS)?.get(id)?)
            }
            fn last_reservation_id(&self) -> StoreResult<Option<ReservationId>> {
                Ok(self
                    .txn
                    .open_table(RESERVATIONS)?
                    .last()?
                    .map(|(k, _)| k.value()))
            }
            fn open_reservations(&self) -> StoreResult<Vec<Reservation>> {
                let open = self.txn.open_table(OPEN_RESERVATIONS)?;
                let all = self.txn.open_table(RESERVATIONS)?;
                let mut out = Vec::new();
                for row in open.iter()? {
                    let id = row?.0.value();
                    match get_rec::<Reservation>(all.get(id)?)? {
                        Some(r) => out.push(r),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "open reservation {id} has no record"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn reservations(&self) -> StoreResult<Vec<Reservation>> {
                let t = self.txn.open_table(RESERVATIONS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Reservation>(row?.1.value())?);
                }
                Ok(out)
            }
            fn order(
                &self,
                ch: ChannelId,
                order_ref: &str,
                sku: SkuId,
            ) -> StoreResult<Option<ReservationId>> {
                Ok(self
                    .txn
                    .open_table(ORDERS)?
                    .get((ch, order_ref, sku))?
                    .map(|g| g.value()))
            }
            fn movement(&self, seq: Seq) -> StoreResult<Option<Movement>> {
                get_rec(self.txn.open_table(LEDGER)?.get(seq)?)
            }
            fn last_seq(&self) -> StoreResult<Seq> {
                Ok(self
                    .txn
                    .open_table(LEDGER)?
                    .last()?
                    .map(|(k, _)| k.value())
                    .unwrap_or(0))
            }
            fn ledger_len(&self) -> StoreResult<u64> {
                Ok(self.txn.open_table(LEDGER)?.len()?)
            }
            fn first_seq_at(&self, at: Millis) -> StoreResult<Seq> {
                let t = self.txn.open_table(LEDGER)?;
                let last = t.last()?.map(|(k, _)| k.value()).unwrap_or(0);
                // Seqs run 1..=last without gaps (`check` holds it); entries are written in
                // time order, so "at or after" holds from some seq on.
                let (mut lo, mut hi) = (1u64, last.saturating_add(1));
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let m: Option<Movement> = get_rec(t.get(mid)?)?;
                    match m {
                        Some(m) if m.at < at => lo = mid + 1,
                        _ => hi = mid,
                    }
                }
                Ok(lo)
            }
            fn movements_of_sku_from(&self, sku: SkuId, from: Seq) -> StoreResult<Vec<Movement>> {
                let idx = self.txn.open_table(LEDGER_BY_SKU)?;
                let led = self.txn.open_table(LEDGER)?;
                let mut out = Vec::new();
                for row in idx.range((sku, from)..=(sku, u64::MAX))? {
                    let seq = row?.0.value().1;
                    match get_rec::<Movement>(led.get(seq)?)? {
                        Some(m) => out.push(m),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "ledger index names missing entry {seq}"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn for_each_movement_from(
                &self,
                from: Seq,
                f: &mut dyn FnMut(Movement) -> bool,
            ) -> StoreResult<()> {
                let t = self.txn.open_table(LEDGER)?;
                for row in t.range(from..)? {
                    let (_, v) = row?;
                    if !f(decode::<Movement>(v.value())?) {
                        break;
                    }
                }
                Ok(())
            }
            fn for_each_sku(&self, f: &mut dyn FnMut(Sku)) -> StoreResult<()> {
                for row in self.txn.open_table(SKUS)?.iter()? {
                    f(decode::<Sku>(row?.1.value())?);
                }
                Ok(())
            }
            fn for_each_levels(
                &self,
                f: &mut dyn FnMut(SkuId, LocationId, Levels),
            ) -> StoreResult<()> {
                for row in self.txn.open_table(LEVELS)?.iter()? {
                    let (k, v) = row?;
                    let (s, l) = k.value();
                    f(s, l, decode::<Levels>(v.value())?);
                }
                Ok(())
            }
            fn for_each_movement(&self, f: &mut dyn FnMut(Movement) -> bool) -> StoreResult<()> {
                let t = self.txn.open_table(LEDGER)?;
                for row in t.iter()? {
                    let (_, v) = row?;
                    if !f(decode::<Movement>(v.value())?) {
                        break;
                    }
                }
                Ok(())
            }
            fn recent_movements(&self, limit: usize) -> StoreResult<Vec<Movement>> {
                let t = self.txn.open_table(LEDGER)?;
                let mut out = Vec::new();
                for row in t.iter()?.rev().take(limit) {
                    out.push(decode::<Movement>(row?.1.value())?);
                }
                Ok(out)
            }
            fn movements_of_sku(
                &self,
                sku: SkuId,
                before: Seq,
                limit: usize,
            ) -> StoreResult<Vec<Movement>> {
                let idx = self.txn.open_table(LEDGER_BY_SKU)?;
                let led = self.txn.open_table(LEDGER)?;
                let mut out = Vec::new();
                for row in idx.range((sku, 0u64)..(sku, before))?.rev().take(limit) {
                    let seq = row?.0.value().1;
                    match get_rec::<Movement>(led.get(seq)?)? {
                        Some(m) => out.push(m),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "ledger index names missing entry {seq}"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn users(&self) -> StoreResult<Vec<User>> {
                let t = self.txn.open_table(USERS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<User>(row?.1.value())?);
                }
                Ok(out)
            }
            fn user(&self, name: &str) -> StoreResult<Option<User>> {
                get_rec(self.txn.open_table(USERS)?.get(name)?)
            }
            fn backorders_of(&self, sku: SkuId) -> StoreResult<Vec<ReservationId>> {
                let t = self.txn.open_table(BACKORDERS)?;
                let mut out = Vec::new();
                for row in t.range((sku, 0u64)..=(sku, u64::MAX))? {
                    out.push(row?.0.value().1);
                }
                Ok(out)
            }
            fn all_backorders(&self) -> StoreResult<Vec<(SkuId, ReservationId)>> {
                let t = self.txn.open_table(BACKORDERS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(row?.0.value());
                }
                Ok(out)
            }
            fn all_holds(&self) -> StoreResult<Vec<(Millis, ReservationId)>> {
                let t = self.txn.open_table(HOLD_DEADLINES)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(row?.0.value());
                }
                Ok(out)
            }
            fn due_holds(&self, now: Millis) -> StoreResult<Vec<ReservationId>> {
                let t = self.txn.open_table(HOLD_DEADLINES)?;
                let mut out = Vec::new();
                for row in t.range((i64::MIN, 0u64)..=(now, u64::MAX))? {
                    out.push(row?.0.value().1);
                }
                Ok(out)
            }
            fn listed(&self, ch: ChannelId) -> StoreResult<std::collections::HashMap<SkuId, u64>> {
                let t = self.txn.open_table(LISTED)?;
                let mut out = std::collections::HashMap::new();
                for row in t.range((ch, 0u32)..=(ch, u32::MAX))? {
                    let (k, v) = row?;
                    out.insert(k.value().1, v.value());
                }
                Ok(out)
            }
            fn feed_sent(
                &self,
                ch: ChannelId,
            ) -> StoreResult<std::collections::HashMap<SkuId, u64>> {
                let t = self.txn.open_table(FEED_SENT)?;
                let mut out = std::collections::HashMap::new();
                for row in t.range((ch, 0u32)..=(ch, u32::MAX))? {
                    let (k, v) = row?;
                    out.insert(k.value().1, v.value());
                }
                Ok(out)
            }
            fn count_session(&self, id: SessionId) -> StoreResult<Option<CountSession>> {
                get_rec(self.txn.open_table(COUNT_SESSIONS)?.get(id)?)
            }
            fn count_sessions(&self) -> StoreResult<Vec<CountSession>> {
                let t = self.txn.open_table(COUNT_SESSIONS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<CountSession>(row?.1.value())?);
                }
                Ok(out)
            }
            fn count_entries(&self, session: SessionId) -> StoreResult<Vec<CountEntry>> {
                let t = self.txn.open_table(COUNT_ENTRIES)?;
                let mut out = Vec::new();
                for row in t.range((session, 0u64)..=(session, u64::MAX))? {
                    out.push(decode::<CountEntry>(row?.1.value())?);
                }
                Ok(out)
            }
            fn purchase_order(&self, id: PoId) -> StoreResult<Option<PurchaseOrder>> {
                get_rec(self.txn.open_table(PURCHASE_ORDERS)?.get(id)?)
            }
            fn last_purchase_order_id(&self) -> StoreResult<Option<PoId>> {
                Ok(self
                    .txn
                    .open_table(PURCHASE_ORDERS)?
                    .last()?
                    .map(|(k, _)| k.value()))
            }
            fn purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>> {
                let t = self.txn.open_table(PURCHASE_ORDERS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<PurchaseOrder>(row?.1.value())?);
                }
                Ok(out)
            }
            fn open_purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>> {
                let open = self.txn.open_table(OPEN_PURCHASE_ORDERS)?;
                let all = self.txn.open_table(PURCHASE_ORDERS)?;
                let mut out = Vec::new();
                for row in open.iter()? {
                    let id = row?.0.value();
                    match get_rec::<PurchaseOrder>(all.get(id)?)? {
                        Some(p) => out.push(p),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "open purchase order {id} has no record"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn snoozes(&self) -> StoreResult<Vec<Snooze>> {
                let t = self.txn.open_table(SNOOZES)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Snooze>(row?.1.value())?);
                }
                Ok(out)
            }
        }
    };
}

/// Everything that can be read in a transaction.
pub trait Reader {
    fn schema_version(&self) -> StoreResult<Option<u32>>;
    fn meta(&self, key: &str) -> StoreResult<Option<Vec<u8>>>;
    fn sku(&self, id: SkuId) -> StoreResult<Option<Sku>>;
    fn sku_id_by_code(&self, code: &str) -> StoreResult<Option<SkuId>>;
    fn sku_id_by_barcode(&self, barcode: &str) -> StoreResult<Option<SkuId>>;
    fn skus(&self) -> StoreResult<Vec<Sku>>;
    /// Up to `limit` SKUs in code order, starting after the code `after`.
    fn skus_by_code(&self, after: Option<&str>, limit: usize) -> StoreResult<Vec<Sku>>;
    fn sku_count(&self) -> StoreResult<u64>;
    fn last_sku_id(&self) -> StoreResult<Option<SkuId>>;
    fn levels(&self, sku: SkuId, loc: LocationId) -> StoreResult<Levels>;
    fn levels_of_sku(&self, sku: SkuId) -> StoreResult<Vec<(LocationId, Levels)>>;
    fn all_levels(&self) -> StoreResult<Vec<(SkuId, LocationId, Levels)>>;
    fn locations(&self) -> StoreResult<Vec<Location>>;
    fn channels(&self) -> StoreResult<Vec<Channel>>;
    fn reservation(&self, id: ReservationId) -> StoreResult<Option<Reservation>>;
    fn last_reservation_id(&self) -> StoreResult<Option<ReservationId>>;
    fn open_reservations(&self) -> StoreResult<Vec<Reservation>>;
    fn reservations(&self) -> StoreResult<Vec<Reservation>>;
    fn order(
        &self,
        ch: ChannelId,
        order_ref: &str,
        sku: SkuId,
    ) -> StoreResult<Option<ReservationId>>;
    fn movement(&self, seq: Seq) -> StoreResult<Option<Movement>>;
    fn last_seq(&self) -> StoreResult<Seq>;
    fn ledger_len(&self) -> StoreResult<u64>;
    /// The first ledger entry stamped at `at` or later, by binary search over the ledger
    /// (entries are written in time order); last seq + 1 when there is none.
    fn first_seq_at(&self, at: Millis) -> StoreResult<Seq>;
    /// One SKU's movements with seq `from` or later, oldest first, through the per-SKU index.
    fn movements_of_sku_from(&self, sku: SkuId, from: Seq) -> StoreResult<Vec<Movement>>;
    /// Visits the ledger from seq `from` on, oldest first, until `f` returns false.
    fn for_each_movement_from(
        &self,
        from: Seq,
        f: &mut dyn FnMut(Movement) -> bool,
    ) -> StoreResult<()>;
    /// Visits every SKU in id order, one record in memory at a time.
    fn for_each_sku(&self, f: &mut dyn FnMut(Sku)) -> StoreResult<()>;
    /// Visits every levels record in (SKU, location) order.
    fn for_each_levels(&self, f: &mut dyn FnMut(SkuId, LocationId, Levels)) -> StoreResult<()>;
    /// Visits the ledger oldest first until `f` returns false.
    fn for_each_movement(&self, f: &mut dyn FnMut(Movement) -> bool) -> StoreResult<()>;
    /// Newest first.
    fn recent_movements(&self, limit: usize) -> StoreResult<Vec<Movement>>;
    /// Newest first, entries with seq < before (`Seq::MAX` for the newest).
    fn movements_of_sku(&self, sku: SkuId, before: Seq, limit: usize)
    -> StoreResult<Vec<Movement>>;
    fn users(&self) -> StoreResult<Vec<User>>;
    fn user(&self, name: &str) -> StoreResult<Option<User>>;
    /// The backorders of one SKU waiting for stock.
    fn backorders_of(&self, sku: SkuId) -> StoreResult<Vec<ReservationId>>;
    /// Every backorder index entry (SKU, reservation).
    fn all_backorders(&self) -> StoreResult<Vec<(SkuId, ReservationId)>>;
    /// Every hold-deadline index entry (deadline, reservation).
    fn all_holds(&self) -> StoreResult<Vec<(Millis, ReservationId)>>;
    /// Open holds whose deadline is at or before `now`, soonest first.
    fn due_holds(&self, now: Millis) -> StoreResult<Vec<ReservationId>>;
    /// What a channel last said it shows, per SKU.
    fn listed(&self, ch: ChannelId) -> StoreResult<std::collections::HashMap<SkuId, u64>>;
    /// The quantities in a channel's last exported feed, per SKU.
    fn feed_sent(&self, ch: ChannelId) -> StoreResult<std::collections::HashMap<SkuId, u64>>;
    fn count_session(&self, id: SessionId) -> StoreResult<Option<CountSession>>;
    fn count_sessions(&self) -> StoreResult<Vec<CountSession>>;
    /// A session's entries in the order they were made.
    fn count_entries(&self, session: SessionId) -> StoreResult<Vec<CountEntry>>;
    fn purchase_order(&self, id: PoId) -> StoreResult<Option<PurchaseOrder>>;
    fn last_purchase_order_id(&self) -> StoreResult<Option<PoId>>;
    /// Every purchase order, oldest first.
    fn purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>>;
    /// Orders still expecting units, oldest first.
    fn open_purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>>;
    /// Every stored snooze, ended ones included (they are replaced, not swept).
    fn snoozes(&self) -> StoreResult<Vec<Snooze>>;
}

reader_impl!(ReadTx);
reader_impl!(WriteTx);

impl WriteTx {
    pub fn set_meta(&self, key: &str, value: &[u8]) -> StoreResult<()> {
        self.txn.open_table(META)?.insert(key, value)?;
        Ok(())
    }

    /// Stores a SKU and keeps the code and barcode indexes in step with it.
    pub fn put_sku(&self, sku: &Sku) -> StoreResult<()> {
        self.put_skus(std::slice::from_ref(sku))
    }

    pub fn put_location(&self, loc: &Location) -> StoreResult<()> {
        self.txn
            .open_table(LOCATIONS)?
            .insert(loc.id, encode(loc).as_slice())?;
        Ok(())
    }

    pub fn put_channel(&self, ch: &Channel) -> StoreResult<()> {
        self.txn
            .open_table(CHANNELS)?
            .insert(ch.id, encode(ch).as_slice())?;
        Ok(())
    }

    /// Saves many SKUs with their code and barcode indexes, each table opened once.
    pub fn put_skus(&self, list: &[Sku]) -> StoreResult<()> {
        self.write_skus(list, true)
    }

    fn write_skus(&self, list: &[Sku], may_exist: bool) -> StoreResult<()> {
        let mut skus = self.txn.open_table(SKUS)?;
        let mut by_code = self.txn.open_table(SKU_BY_CODE)?;
        let mut by_barcode = self.txn.open_table(SKU_BY_BARCODE)?;
        let mut by_code_key = self.txn.open_table(SKU_BY_CODE_KEY)?;
        let mut by_barcode_key = self.txn.open_table(SKU_BY_BARCODE_KEY)?;
        for sku in list {
            let old = if may_exist {
                get_rec::<Sku>(skus.get(sku.id)?)?
            } else {
                None
            };
            skus.insert(sku.id, encode(sku).as_slice())?;
            if let Some(old) = &old {
                if old.code != sku.code {
                    by_code.remove(old.code.as_str())?;
                    let key = fold(&old.code);
                    if by_code_key.get(key.as_str())?.map(|g| g.value()) == Some(sku.id) {
                        by_code_key.remove(key.as_str())?;
                    }
                }
                for b in old.barcodes.iter().filter(|b| !sku.barcodes.contains(b)) {
                    by_barcode.remove(b.as_str())?;
                    let key = fold(b);
                    if by_barcode_key.get(key.as_str())?.map(|g| g.value()) == Some(sku.id) {
                        by_barcode_key.remove(key.as_str())?;
                    }
                }
            }
            by_code.insert(sku.code.as_str(), sku.id)?;
            let key = fold(&sku.code);
            if by_code_key.get(key.as_str())?.is_none() {
                by_code_key.insert(key.as_str(), sku.id)?;
            }
            for b in &sku.barcodes {
                by_barcode.insert(b.as_str(), sku.id)?;
                let key = fold(b);
                if by_barcode_key.get(key.as_str())?.is_none() {
                    by_barcode_key.insert(key.as_str(), sku.id)?;
                }
            }
        }
        Ok(())
    }

    /// The SKUs and their code and barcode indexes held open for many lookups in a row
    /// (imports). While it lives, those tables must not be written.
    pub fn sku_index(&self) -> StoreResult<SkuIndex<'_>> {
        Ok(SkuIndex {
            skus: self.txn.open_table(SKUS)?,
            by_code: self.txn.open_table(SKU_BY_CODE)?,
            by_barcode: self.txn.open_table(SKU_BY_BARCODE)?,
            by_code_key: self.txn.open_table(SKU_BY_CODE_KEY)?,
            by_barcode_key: self.txn.open_table(SKU_BY_BARCODE_KEY)?,
        })
    }

    /// Saves SKUs that are new (no earlier record, codes and barcodes checked free):
    /// as `put_skus` without looking for old index entries to remove.
    pub fn put_new_skus(&self, list: &[Sku]) -> StoreResult<()> {
        self.write_skus(list, false)
    }

    /// The levels and the ledger held open for many entries in a row (imports). While it
    /// lives, other calls on this transaction must not touch those three tables.
    pub fn ledger_writer(&self) -> StoreResult<LedgerWriter<'_>> {
        let ledger = self.txn.open_table(LEDGER)?;
        let last = ledger.last()?.map(|(k, _)| k.value()).unwrap_or(0);
        Ok(LedgerWriter {
            levels: self.txn.open_table(LEVELS)?,
            by_sku: self.txn.open_table(LEDGER_BY_SKU)?,
            ledger,
            last,
        })
    }

    /// True when some order waits as a backorder (then freed stock goes to it first).
    pub fn any_backorders(&self) -> StoreResult<bool> {
        Ok(!self.txn.open_table(BACKORDERS)?.is_empty()?)
    }

    pub fn put_levels(&self, sku: SkuId, loc: LocationId, l: &Levels) -> StoreResult<()> {
        self.txn
            .open_table(LEVELS)?
            .insert((sku, loc), encode(l).as_slice())?;
        Ok(())
    }

    /// Appends a movement; its `seq` must be the next one.
    pub fn append_movement(&self, m: &Movement) -> StoreResult<()> {
        self.txn
            .open_table(LEDGER)?
            .insert(m.seq, encode(m).as_slice())?;
        self.txn
            .open_table(LEDGER_BY_SKU)?
            .insert((m.sku, m.seq), ())?;
        Ok(())
    }

    /// Saves a reservation and keeps its indexes (queue, backorders, hold deadlines) in step
    /// with it, touching only the indexes whose entry changes.
    pub fn put_reservation(&self, r: &Reservation) -> StoreResult<()> {
        use crate::domain::ReservationStatus::Backorder;
        let old: Option<Reservation> = {
            let mut t = self.txn.open_table(RESERVATIONS)?;
            let prev = t.insert(r.id, encode(r).as_slice())?;
            match prev {
                Some(g) => Some(decode::<Reservation>(g.value())?),
                None => None,
            }
        };
        let was_queued = old.as_ref().is_some_and(|o| o.status.in_queue());
        if was_queued != r.status.in_queue() {
            let mut open = self.txn.open_table(OPEN_RESERVATIONS)?;
            if r.status.in_queue() {
                open.insert(r.id, ())?;
            } else {
                open.remove(r.id)?;
            }
        }
        let old_back = old
            .as_ref()
            .filter(|o| o.status == Backorder)
            .map(|o| (o.sku, o.id));
        let new_back = (r.status == Backorder).then_some((r.sku, r.id));
        if old_back != new_back {
            let mut backorders = self.txn.open_table(BACKORDERS)?;
            if let Some(k) = old_back {
                backorders.remove(k)?;
            }
            if let Some(k) = new_back {
                backorders.insert(k, ())?;
            }
        }
        let old_hold = old
            .as_ref()
            .and_then(|o| o.deadline.filter(|_| o.status.is_open()));
        let new_hold = r.deadline.filter(|_| r.status.is_open());
        if old_hold != new_hold {
            let mut deadlines = self.txn.open_table(HOLD_DEADLINES)?;
            if let Some(d) = old_hold {
                deadlines.remove((d, r.id))?;
            }
            if let Some(d) = new_hold {
                deadlines.insert((d, r.id), ())?;
            }
        }
        Ok(())
    }

    pub fn set_listed(&self, ch: ChannelId, sku: SkuId, qty: u64) -> StoreResult<()> {
        self.txn.open_table(LISTED)?.insert((ch, sku), qty)?;
        Ok(())
    }

    pub fn set_feed_sent(&self, ch: ChannelId, sku: SkuId, qty: u64) -> StoreResult<()> {
        self.txn.open_table(FEED_SENT)?.insert((ch, sku), qty)?;
        Ok(())
    }

    pub fn put_order(
        &self,
        ch: ChannelId,
        order_ref: &str,
        sku: SkuId,
        id: ReservationId,
    ) -> StoreResult<()> {
        self.txn
            .open_table(ORDERS)?
            .insert((ch, order_ref, sku), id)?;
        Ok(())
    }

    pub fn put_user(&self, u: &User) -> StoreResult<()> {
        self.txn
            .open_table(USERS)?
            .insert(u.name.as_str(), encode(u).as_slice())?;
        Ok(())
    }

    pub fn put_count_session(&self, c: &CountSession) -> StoreResult<()> {
        self.txn
            .open_table(COUNT_SESSIONS)?
            .insert(c.id, encode(c).as_slice())?;
        Ok(())
    }

    pub fn put_count_entry(&self, e: &CountEntry) -> StoreResult<()> {
        self.txn
            .open_table(COUNT_ENTRIES)?
            .insert((e.session, e.n), encode(e).as_slice())?;
        Ok(())
    }

    /// Stores a purchase order and keeps the open-order index in step with it.
    pub fn put_purchase_order(&self, p: &PurchaseOrder) -> StoreResult<()> {
        self.txn
            .open_table(PURCHASE_ORDERS)?
            .insert(p.id, encode(p).as_slice())?;
        let mut open = self.txn.open_table(OPEN_PURCHASE_ORDERS)?;
        if p.status == PoStatus::Open {
            open.insert(p.id, ())?;
        } else {
            open.remove(p.id)?;
        }
        Ok(())
    }

    pub fn put_snooze(&self, s: &Snooze) -> StoreResult<()> {
        self.txn
            .open_table(SNOOZES)?
            .insert(s.sku, encode(s).as_slice())?;
        Ok(())
    }

    pub fn remove_snooze(&self, sku: SkuId) -> StoreResult<()> {
        self.txn.open_table(SNOOZES)?.remove(sku)?;
        Ok(())
    }

    pub fn remove_user(&self, name: &str) -> StoreResult<()> {
        self.txn.open_table(USERS)?.remove(name)?;
        Ok(())
    }

    /// The answer remembered for a server request id, when that request was applied.
    pub fn remembered_request(&self, id: u128) -> StoreResult<Option<RequestRecord>> {
        get_rec(self.txn.open_table(REQUESTS)?.get(id)?)
    }

    /// Remembers the answer of an applied request, in the transaction that applied it.
    pub fn remember_request(&self, id: u128, rec: &RequestRecord) -> StoreResult<()> {
        let old = self
            .txn
            .open_table(REQUESTS)?
            .insert(id, encode(rec).as_slice())?
            .map(|g| decode::<RequestRecord>(g.value()))
            .transpose()?;
        let mut by_time = self.txn.open_table(REQUESTS_BY_TIME)?;
        if let Some(old) = old {
            by_time.remove((old.at, id))?;
        }
        by_time.insert((rec.at, id), ())?;
        Ok(())
    }

    /// Forgets remembered requests applied before `before`, and the oldest beyond `keep`.
    /// Removes at most `budget` in one call, so one transaction never does much of it.
    pub fn forget_requests(&self, before: Millis, keep: u64, budget: usize) -> StoreResult<usize> {
        let mut by_time = self.txn.open_table(REQUESTS_BY_TIME)?;
        let mut requests = self.txn.open_table(REQUESTS)?;
        let over = by_time.len()?.saturating_sub(keep);
        let mut doomed = Vec::new();
        for (n, row) in by_time.iter()?.enumerate() {
            if doomed.len() >= budget {
                break;
            }
            let (at, id) = row?.0.value();
            if at >= before && (n as u64) >= over {
                break;
            }
            doomed.push((at, id));
        }
        for (at, id) in &doomed {
            by_time.remove((*at, *id))?;
            requests.remove(*id)?;
        }
        Ok(doomed.len())
    }

    /// How many requests are remembered.
    pub fn remembered_requests(&self) -> StoreResult<u64> {
        Ok(self.txn.open_table(REQUESTS)?.len()?)
    }
}
