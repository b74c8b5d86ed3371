//! The ordered tables under the store, on one of two backends: a redb file (the default)
//! or a PostgreSQL database (`store::pg`). The store's code is written once against
//! these types, which keep redb's own shape (`open_table`, `get`, `insert`, `range`,
//! guards with `value()`), so every rule reads and writes the same way on both.

use std::borrow::Borrow;
use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};

use redb::{
    Key, ReadableTable, ReadableTableMetadata, StorageError, TableDefinition, TableError,
    TableHandle, Value,
};

use super::pg;

pub type SResult<T> = Result<T, StorageError>;

/// A key as PostgreSQL compares it: bytes whose order (`bytea`'s, byte by byte) is the
/// key's own order, so a range over the key is a range over the bytes.
pub trait OrdKey: Key + 'static {
    fn ord_bytes(v: &Self::SelfType<'_>, out: &mut Vec<u8>);
}

macro_rules! ord_unsigned {
    ($($t:ty),*) => {$(
        impl OrdKey for $t {
            fn ord_bytes(v: &$t, out: &mut Vec<u8>) {
                out.extend_from_slice(&v.to_be_bytes());
            }
        }
    )*};
}
ord_unsigned!(u8, u16, u32, u64, u128);

impl OrdKey for i64 {
    fn ord_bytes(v: &i64, out: &mut Vec<u8>) {
        out.extend_from_slice(&((*v as u64) ^ (1 << 63)).to_be_bytes());
    }
}

impl OrdKey for &'static str {
    /// Each 0 byte becomes 0 255 and the text ends with 0 0: a shorter text sorts before
    /// its extensions, and a text inside a tuple ends where it ends.
    fn ord_bytes(v: &&str, out: &mut Vec<u8>) {
        for b in v.bytes() {
            out.push(b);
            if b == 0 {
                out.push(255);
            }
        }
        out.extend_from_slice(&[0, 0]);
    }
}

impl<A: OrdKey, B: OrdKey> OrdKey for (A, B) {
    fn ord_bytes(v: &Self::SelfType<'_>, out: &mut Vec<u8>) {
        A::ord_bytes(&v.0, out);
        B::ord_bytes(&v.1, out);
    }
}

impl<A: OrdKey, B: OrdKey, C: OrdKey> OrdKey for (A, B, C) {
    fn ord_bytes(v: &Self::SelfType<'_>, out: &mut Vec<u8>) {
        A::ord_bytes(&v.0, out);
        B::ord_bytes(&v.1, out);
        C::ord_bytes(&v.2, out);
    }
}

pub(crate) fn ord_of<K: OrdKey>(v: &K::SelfType<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    K::ord_bytes(v, &mut out);
    out
}

/// A value read from a table.
pub enum Guard<'a, V: Value + 'static> {
    Redb(redb::AccessGuard<'a, V>),
    /// Bytes as redb would store them, read from PostgreSQL.
    Owned(Vec<u8>, PhantomData<V>),
}

impl<V: Value + 'static> Guard<'_, V> {
    pub fn value(&self) -> V::SelfType<'_> {
        match self {
            Guard::Redb(g) => g.value(),
            Guard::Owned(b, _) => V::from_bytes(b),
        }
    }
}

fn owned<'a, V: Value + 'static>(b: Vec<u8>) -> Guard<'a, V> {
    Guard::Owned(b, PhantomData)
}

fn read_only() -> StorageError {
    StorageError::Io(std::io::Error::other(
        "a table opened for reading was written",
    ))
}

/// One open table of a transaction.
pub enum Tbl<'t, K: OrdKey, V: Value + 'static> {
    Read(redb::ReadOnlyTable<K, V>),
    Write(redb::Table<'t, K, V>),
    Pg(pg::Table<'t>),
}

type Pair<'a, K, V> = (Guard<'a, K>, Guard<'a, V>);

impl<'t, K: OrdKey, V: Value + 'static> Tbl<'t, K, V> {
    pub fn get<'a>(&self, key: impl Borrow<K::SelfType<'a>>) -> SResult<Option<Guard<'_, V>>> {
        Ok(match self {
            Tbl::Read(t) => t.get(key)?.map(Guard::Redb),
            Tbl::Write(t) => t.get(key)?.map(Guard::Redb),
            Tbl::Pg(t) => t.get(&ord_of::<K>(key.borrow()))?.map(owned),
        })
    }

    /// Reads the entries at `keys` ahead, on PostgreSQL in one round trip a few thousand,
    /// so that the `get`s that follow do not each go to the server. On redb, where a get
    /// is a lookup in memory-mapped pages, nothing.
    pub fn prefetch<'a, I>(&self, keys: I) -> SResult<()>
    where
        I: IntoIterator,
        I::Item: Borrow<K::SelfType<'a>>,
    {
        match self {
            Tbl::Read(_) | Tbl::Write(_) => Ok(()),
            Tbl::Pg(t) => t.prefetch(keys.into_iter().map(|k| ord_of::<K>(k.borrow())).collect()),
        }
    }

    /// Whether `prefetch` does anything here.
    pub fn prefetches(&self) -> bool {
        matches!(self, Tbl::Pg(_))
    }

    pub fn insert<'k, 'v>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        value: impl Borrow<V::SelfType<'v>>,
    ) -> SResult<Option<Guard<'_, V>>> {
        Ok(match self {
            Tbl::Read(_) => return Err(read_only()),
            Tbl::Write(t) => t.insert(key, value)?.map(Guard::Redb),
            Tbl::Pg(t) => {
                let k = key.borrow();
                t.insert(
                    &ord_of::<K>(k),
                    K::as_bytes(k).as_ref(),
                    V::as_bytes(value.borrow()).as_ref(),
                )?
                .map(owned)
            }
        })
    }

    /// As `insert`, without the value it replaces: on PostgreSQL a write that needs no
    /// read first.
    pub fn put<'k, 'v>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        value: impl Borrow<V::SelfType<'v>>,
    ) -> SResult<()> {
        match self {
            Tbl::Read(_) => Err(read_only()),
            Tbl::Write(t) => t.insert(key, value).map(drop),
            Tbl::Pg(t) => {
                let k = key.borrow();
                t.put(
                    &ord_of::<K>(k),
                    K::as_bytes(k).as_ref(),
                    V::as_bytes(value.borrow()).as_ref(),
                )
            }
        }
    }

    pub fn remove<'a>(
        &mut self,
        key: impl Borrow<K::SelfType<'a>>,
    ) -> SResult<Option<Guard<'_, V>>> {
        Ok(match self {
            Tbl::Read(_) => return Err(read_only()),
            Tbl::Write(t) => t.remove(key)?.map(Guard::Redb),
            Tbl::Pg(t) => t.remove(&ord_of::<K>(key.borrow()))?.map(owned),
        })
    }

    pub fn range<'a, KR>(&self, range: impl RangeBounds<KR> + 'a) -> SResult<Range<'_, K, V>>
    where
        KR: Borrow<K::SelfType<'a>> + 'a,
    {
        Ok(match self {
            Tbl::Read(t) => Range::Redb(t.range(range)?),
            Tbl::Write(t) => Range::Redb(t.range(range)?),
            Tbl::Pg(t) => {
                let conv = |b: Bound<&KR>| match b {
                    Bound::Included(k) => Bound::Included(ord_of::<K>(k.borrow())),
                    Bound::Excluded(k) => Bound::Excluded(ord_of::<K>(k.borrow())),
                    Bound::Unbounded => Bound::Unbounded,
                };
                Range::Pg(
                    t.range(conv(range.start_bound()), conv(range.end_bound())),
                    PhantomData,
                )
            }
        })
    }

    pub fn iter(&self) -> SResult<Range<'_, K, V>> {
        Ok(match self {
            Tbl::Read(t) => Range::Redb(t.iter()?),
            Tbl::Write(t) => Range::Redb(t.iter()?),
            Tbl::Pg(t) => Range::Pg(t.range(Bound::Unbounded, Bound::Unbounded), PhantomData),
        })
    }

    pub fn len(&self) -> SResult<u64> {
        match self {
            Tbl::Read(t) => t.len(),
            Tbl::Write(t) => t.len(),
            Tbl::Pg(t) => t.len(),
        }
    }

    pub fn is_empty(&self) -> SResult<bool> {
        match self {
            Tbl::Read(t) => t.is_empty(),
            Tbl::Write(t) => t.is_empty(),
            Tbl::Pg(t) => t.is_empty(),
        }
    }

    pub fn first(&self) -> SResult<Option<Pair<'_, K, V>>> {
        match self {
            Tbl::Read(t) => Ok(t.first()?.map(|(k, v)| (Guard::Redb(k), Guard::Redb(v)))),
            Tbl::Write(t) => Ok(t.first()?.map(|(k, v)| (Guard::Redb(k), Guard::Redb(v)))),
            Tbl::Pg(_) => self.iter()?.next().transpose(),
        }
    }

    pub fn last(&self) -> SResult<Option<Pair<'_, K, V>>> {
        match self {
            Tbl::Read(t) => Ok(t.last()?.map(|(k, v)| (Guard::Redb(k), Guard::Redb(v)))),
            Tbl::Write(t) => Ok(t.last()?.map(|(k, v)| (Guard::Redb(k), Guard::Redb(v)))),
            Tbl::Pg(_) => self.iter()?.next_back().transpose(),
        }
    }

    /// Removes every entry for which `keep` says false.
    pub fn retain<F: for<'f> FnMut(K::SelfType<'f>, V::SelfType<'f>) -> bool>(
        &mut self,
        mut keep: F,
    ) -> SResult<()> {
        match self {
            Tbl::Read(_) => Err(read_only()),
            Tbl::Write(t) => t.retain(keep),
            Tbl::Pg(t) => {
                let mut gone = Vec::new();
                for row in t.range(Bound::Unbounded, Bound::Unbounded) {
                    let (ord, kr, v) = row?;
                    if !keep(K::from_bytes(&kr), V::from_bytes(&v)) {
                        gone.push(ord);
                    }
                }
                t.remove_all(&gone)
            }
        }
    }
}

/// The entries of a range, in key order (or backwards, with `rev`).
pub enum Range<'a, K: OrdKey, V: Value + 'static> {
    Redb(redb::Range<'a, K, V>),
    Pg(pg::Rows<'a>, PhantomData<(K, V)>),
}

impl<'a, K: OrdKey, V: Value + 'static> Iterator for Range<'a, K, V> {
    type Item = SResult<Pair<'a, K, V>>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Range::Redb(r) => r
                .next()
                .map(|row| row.map(|(k, v)| (Guard::Redb(k), Guard::Redb(v)))),
            Range::Pg(r, _) => r
                .next()
                .map(|row| row.map(|(_, k, v)| (owned(k), owned(v)))),
        }
    }
}

impl<K: OrdKey, V: Value + 'static> DoubleEndedIterator for Range<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Range::Redb(r) => r
                .next_back()
                .map(|row| row.map(|(k, v)| (Guard::Redb(k), Guard::Redb(v)))),
            Range::Pg(r, _) => r
                .next_back()
                .map(|row| row.map(|(_, k, v)| (owned(k), owned(v)))),
        }
    }
}

/// A read transaction: a snapshot of the database.
#[allow(clippy::large_enum_variant)] // One per transaction, never in a collection.
pub enum ReadTxn {
    Redb(redb::ReadTransaction),
    Pg(pg::Tx),
}

impl ReadTxn {
    pub fn open_table<K: OrdKey, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Tbl<'_, K, V>, TableError> {
        match self {
            ReadTxn::Redb(t) => Ok(Tbl::Read(t.open_table(def)?)),
            ReadTxn::Pg(t) => Ok(Tbl::Pg(pg::Table::new(t, def.name()))),
        }
    }
}

/// A write transaction.
#[allow(clippy::large_enum_variant)] // One per transaction, never in a collection.
pub enum WriteTxn {
    Redb(redb::WriteTransaction),
    Pg(pg::Tx),
}

impl WriteTxn {
    pub fn open_table<K: OrdKey, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Tbl<'_, K, V>, TableError> {
        match self {
            WriteTxn::Redb(t) => Ok(Tbl::Write(t.open_table(def)?)),
            WriteTxn::Pg(t) => Ok(Tbl::Pg(pg::Table::new(t, def.name()))),
        }
    }
}
