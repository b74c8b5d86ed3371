//! What stockroom keeps for planning: the promotions the owner has planned (`plan_promos`,
//! keyed by the promotion's number). A table of its own, so every file written before it
//! opens with no promotion; it is created by the first write that adds one.

use redb::TableDefinition;
use serde::{Deserialize, Serialize};

use super::codec::{Record, decode, encode};
use super::{ReadTx, StoreResult, WriteTx};
use crate::domain::forecast::Promo;

/// promotion id -> the promotion (a `Promo` record)
pub(super) const PROMOS: TableDefinition<u32, &[u8]> = TableDefinition::new("plan_promos");

#[derive(Serialize, Deserialize)]
pub enum PromoRecord {
    V1(Promo),
}

impl Record for Promo {
    const NAME: &'static str = "promotion";
    type Envelope = PromoRecord;
    fn wrap(&self) -> PromoRecord {
        PromoRecord::V1(self.clone())
    }
    fn unwrap(env: PromoRecord) -> Self {
        match env {
            PromoRecord::V1(v) => v,
        }
    }
}

/// Reads of the planning tables, for read and write transactions alike. A table that does
/// not exist yet reads as empty.
pub trait PlanReader {
    /// Every promotion, by number.
    fn promos(&self) -> StoreResult<Vec<Promo>>;
}

macro_rules! plan_reader {
    ($tx:ty) => {
        impl PlanReader for $tx {
            fn promos(&self) -> StoreResult<Vec<Promo>> {
                let t = match self.txn.open_table(PROMOS) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                    Err(e) => return Err(e.into()),
                };
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Promo>(row?.1.value())?);
                }
                Ok(out)
            }
        }
    };
}

plan_reader!(ReadTx);
plan_reader!(WriteTx);

impl WriteTx {
    pub fn put_promo(&self, p: &Promo) -> StoreResult<()> {
        self.txn
            .open_table(PROMOS)?
            .put(p.id, encode(p).as_slice())?;
        Ok(())
    }

    /// Removes promotion `id`; false when there was none.
    pub fn remove_promo(&self, id: u32) -> StoreResult<bool> {
        match self.txn.open_table(PROMOS) {
            Ok(mut t) => Ok(t.remove(id)?.is_some()),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}
