//! What purchase orders learn after they are written: the date each is expected by and the
//! receipts against it with the lead time each measured. Tables of their own, keyed by the
//! order's id, so the order record and every file written before them keep their bytes: an
//! order without an expected date is expected after its SKUs' longest lead time, and an order
//! without receipt rows measured nothing. The tables are created by the first write to them.

use redb::TableDefinition;

use super::codec::{Record, decode, encode};
use super::{ReadTx, Reader, StoreResult, WriteTx};
use crate::domain::Millis;
use crate::domain::purchase::{PoId, PoReceipt};

/// purchase order id -> the instant it is expected by (ms)
pub(super) const PO_EXPECTED: TableDefinition<u64, i64> = TableDefinition::new("purchase_expected");
/// (purchase order id, receipt n) -> a `PoReceipt` record
pub(super) const PO_RECEIPTS: TableDefinition<(u64, u32), &[u8]> =
    TableDefinition::new("purchase_receipts");

#[derive(serde::Serialize, serde::Deserialize)]
pub enum PoReceiptRecord {
    V1(PoReceipt),
}

impl Record for PoReceipt {
    const NAME: &'static str = "purchase receipt";
    type Envelope = PoReceiptRecord;
    fn wrap(&self) -> PoReceiptRecord {
        PoReceiptRecord::V1(*self)
    }
    fn unwrap(env: PoReceiptRecord) -> Self {
        match env {
            PoReceiptRecord::V1(v) => v,
        }
    }
}

/// Reads of the expected dates and receipts; a table that does not exist yet reads as empty.
/// Every receipt at once is `Reader::all_po_receipts`: the statuses read it.
pub trait PurchaseDatesReader: Reader {
    fn po_expected(&self, id: PoId) -> StoreResult<Option<Millis>>;
    /// The receipts against one order, in the order they came.
    fn po_receipts(&self, id: PoId) -> StoreResult<Vec<PoReceipt>>;
}

macro_rules! purchase_dates_reader {
    ($tx:ty) => {
        impl PurchaseDatesReader for $tx {
            fn po_expected(&self, id: PoId) -> StoreResult<Option<Millis>> {
                match self.txn.open_table(PO_EXPECTED) {
                    Ok(t) => Ok(t.get(id)?.map(|g| g.value())),
                    Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
                    Err(e) => Err(e.into()),
                }
            }
            fn po_receipts(&self, id: PoId) -> StoreResult<Vec<PoReceipt>> {
                let t = match self.txn.open_table(PO_RECEIPTS) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                    Err(e) => return Err(e.into()),
                };
                let mut out = Vec::new();
                for row in t.range((id, 0u32)..=(id, u32::MAX))? {
                    out.push(decode::<PoReceipt>(row?.1.value())?);
                }
                Ok(out)
            }
        }
    };
}

purchase_dates_reader!(ReadTx);
purchase_dates_reader!(WriteTx);

impl WriteTx {
    pub fn set_po_expected(&self, id: PoId, expected: Millis) -> StoreResult<()> {
        self.txn.open_table(PO_EXPECTED)?.put(id, expected)?;
        Ok(())
    }

    /// Adds a receipt after the order's earlier ones.
    pub fn add_po_receipt(&self, id: PoId, r: &PoReceipt) -> StoreResult<()> {
        let mut t = self.txn.open_table(PO_RECEIPTS)?;
        let n = match t.range((id, 0u32)..=(id, u32::MAX))?.next_back() {
            Some(row) => row?.0.value().1.saturating_add(1),
            None => 0,
        };
        t.put((id, n), encode(r).as_slice())?;
        Ok(())
    }
}
