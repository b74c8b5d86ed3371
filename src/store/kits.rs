//! What stockroom keeps for kits: each kit's components, the kit named by a component's
//! ledger entry, and the kits an open reservation holds per location.
//!
//! These live in tables of their own, so the SKU, level and movement records (and every
//! file written before kits) stay as they were: a file that has never had a kit opens with
//! none. The tables are created by the first write that needs them.

use redb::TableDefinition;
use serde::{Deserialize, Serialize};

use super::codec::{Record, decode, encode};
use super::{ReadTx, StoreResult, WriteTx};
use crate::domain::kit::{Kit, KitMark};
use crate::domain::{LocationId, Seq, SkuId};

/// kit SKU -> its components (a `Kit` record)
pub(super) const KIT_COMPONENTS: TableDefinition<u32, &[u8]> =
    TableDefinition::new("kit_components");
/// ledger seq of a component's entry -> the kit it was for (a `KitMark` record)
pub(super) const KIT_LEDGER: TableDefinition<u64, &[u8]> = TableDefinition::new("kit_ledger");
/// (kit SKU, location) -> kits its open reservations hold there
pub(super) const KIT_HELD: TableDefinition<(u32, u16), u64> = TableDefinition::new("kit_held");
/// (reservation of a kit, component) -> units of the component scanned for it
pub(super) const KIT_PICKS: TableDefinition<(u64, u32), u64> = TableDefinition::new("kit_picks");

#[derive(Serialize, Deserialize)]
pub enum KitRecord {
    V1(Kit),
}

impl Record for Kit {
    const NAME: &'static str = "kit";
    type Envelope = KitRecord;
    fn wrap(&self) -> KitRecord {
        KitRecord::V1(self.clone())
    }
    fn unwrap(env: KitRecord) -> Self {
        match env {
            KitRecord::V1(v) => v,
        }
    }
}

#[derive(Serialize, Deserialize)]
pub enum KitMarkRecord {
    V1(KitMark),
}

impl Record for KitMark {
    const NAME: &'static str = "kit mark";
    type Envelope = KitMarkRecord;
    fn wrap(&self) -> KitMarkRecord {
        KitMarkRecord::V1(*self)
    }
    fn unwrap(env: KitMarkRecord) -> Self {
        match env {
            KitMarkRecord::V1(v) => v,
        }
    }
}

/// Reads of the kit tables, for read and write transactions alike. A table that does not
/// exist yet reads as empty.
pub trait KitReader {
    /// The kit's components; `None` for a plain SKU.
    fn kit(&self, sku: SkuId) -> StoreResult<Option<Kit>>;
    /// Every kit, by SKU id.
    fn kits(&self) -> StoreResult<Vec<Kit>>;
    /// The kit a ledger entry was for.
    fn kit_mark(&self, seq: Seq) -> StoreResult<Option<KitMark>>;
    /// Reads the kit marks of `seqs` ahead, so that `kit_mark` of each is answered
    /// without a round trip of its own on PostgreSQL (see `kv::Tbl::prefetch`).
    fn prefetch_kit_marks(&self, seqs: &[Seq]) -> StoreResult<()>;
    /// Every kit mark, by seq.
    fn kit_marks(&self) -> StoreResult<Vec<(Seq, KitMark)>>;
    /// Kits of `kit` that open reservations hold at `loc`.
    fn kit_held(&self, kit: SkuId, loc: LocationId) -> StoreResult<u64>;
    /// Every (kit, location, held) row.
    fn all_kit_held(&self) -> StoreResult<Vec<(SkuId, LocationId, u64)>>;
    /// Units of a component scanned for a kit's reservation.
    fn kit_picked(&self, reservation: u64, component: SkuId) -> StoreResult<u64>;
}

macro_rules! missing_is_empty {
    ($e:expr, $empty:expr) => {
        match $e {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok($empty),
            Err(e) => return Err(e.into()),
        }
    };
}

macro_rules! kit_reader {
    ($tx:ty) => {
        impl KitReader for $tx {
            fn kit(&self, sku: SkuId) -> StoreResult<Option<Kit>> {
                if self.memo.no_kits.get() == Some(true) {
                    return Ok(None);
                }
                let t = missing_is_empty!(self.txn.open_table(KIT_COMPONENTS), None);
                if self.memo.no_kits.get().is_none() {
                    self.memo.no_kits.set(Some(t.is_empty()?));
                }
                match t.get(sku)? {
                    Some(g) => Ok(Some(decode::<Kit>(g.value())?)),
                    None => Ok(None),
                }
            }
            fn kits(&self) -> StoreResult<Vec<Kit>> {
                if self.memo.no_kits.get() == Some(true) {
                    return Ok(Vec::new());
                }
                let t = missing_is_empty!(self.txn.open_table(KIT_COMPONENTS), Vec::new());
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Kit>(row?.1.value())?);
                }
                self.memo.no_kits.set(Some(out.is_empty()));
                Ok(out)
            }
            fn kit_mark(&self, seq: Seq) -> StoreResult<Option<KitMark>> {
                let t = missing_is_empty!(self.txn.open_table(KIT_LEDGER), None);
                match t.get(seq)? {
                    Some(g) => Ok(Some(decode::<KitMark>(g.value())?)),
                    None => Ok(None),
                }
            }
            fn prefetch_kit_marks(&self, seqs: &[Seq]) -> StoreResult<()> {
                let t = missing_is_empty!(self.txn.open_table(KIT_LEDGER), ());
                Ok(t.prefetch(seqs.iter().copied())?)
            }
            fn kit_marks(&self) -> StoreResult<Vec<(Seq, KitMark)>> {
                let t = missing_is_empty!(self.txn.open_table(KIT_LEDGER), Vec::new());
                let mut out = Vec::new();
                for row in t.iter()? {
                    let (k, v) = row?;
                    out.push((k.value(), decode::<KitMark>(v.value())?));
                }
                Ok(out)
            }
            fn kit_held(&self, kit: SkuId, loc: LocationId) -> StoreResult<u64> {
                let t = missing_is_empty!(self.txn.open_table(KIT_HELD), 0);
                Ok(t.get((kit, loc))?.map(|g| g.value()).unwrap_or(0))
            }
            fn all_kit_held(&self) -> StoreResult<Vec<(SkuId, LocationId, u64)>> {
                let t = missing_is_empty!(self.txn.open_table(KIT_HELD), Vec::new());
                let mut out = Vec::new();
                for row in t.iter()? {
                    let (k, v) = row?;
                    let (kit, loc) = k.value();
                    out.push((kit, loc, v.value()));
                }
                Ok(out)
            }
            fn kit_picked(&self, reservation: u64, component: SkuId) -> StoreResult<u64> {
                let t = missing_is_empty!(self.txn.open_table(KIT_PICKS), 0);
                Ok(t.get((reservation, component))?
                    .map(|g| g.value())
                    .unwrap_or(0))
            }
        }
    };
}

kit_reader!(ReadTx);
kit_reader!(WriteTx);

impl WriteTx {
    /// Saves a kit's components (replacing what it had).
    pub fn put_kit(&self, kit: &Kit) -> StoreResult<()> {
        self.memo.no_kits.set(None);
        self.txn
            .open_table(KIT_COMPONENTS)?
            .put(kit.kit, encode(kit).as_slice())?;
        Ok(())
    }

    /// Makes a kit a plain SKU again.
    pub fn remove_kit(&self, sku: SkuId) -> StoreResult<()> {
        self.memo.no_kits.set(None);
        self.txn.open_table(KIT_COMPONENTS)?.remove(sku)?;
        Ok(())
    }

    /// Names the kit a component's ledger entry was for.
    pub fn put_kit_mark(&self, seq: Seq, mark: &KitMark) -> StoreResult<()> {
        self.txn
            .open_table(KIT_LEDGER)?
            .put(seq, encode(mark).as_slice())?;
        Ok(())
    }

    /// Sets the units of a component scanned for a kit's reservation (0 removes the row).
    pub fn set_kit_picked(&self, reservation: u64, component: SkuId, n: u64) -> StoreResult<()> {
        let mut t = self.txn.open_table(KIT_PICKS)?;
        if n == 0 {
            t.remove((reservation, component))?;
        } else {
            t.put((reservation, component), n)?;
        }
        Ok(())
    }

    /// Sets the kits held of `kit` at `loc` (a row of 0 is removed).
    pub fn set_kit_held(&self, kit: SkuId, loc: LocationId, n: u64) -> StoreResult<()> {
        let mut t = self.txn.open_table(KIT_HELD)?;
        if n == 0 {
            t.remove((kit, loc))?;
        } else {
            t.put((kit, loc), n)?;
        }
        Ok(())
    }
}
