//! What a marketplace API last confirmed it shows, per channel and SKU: the memory that
//! lets `sync` push only what changed. Created by the first push that is confirmed, so
//! older files need no migration.

use std::collections::HashMap;

use redb::{ReadableTable, TableDefinition};

use super::{ReadTx, StoreResult, WriteTx};
use crate::domain::{ChannelId, SkuId};

/// (channel, sku) -> the quantity the channel's API last accepted.
pub(super) const API_SENT: TableDefinition<(u16, u32), u64> = TableDefinition::new("api_sent");

fn read_all(
    t: &impl ReadableTable<(u16, u32), u64>,
    ch: ChannelId,
) -> StoreResult<HashMap<SkuId, u64>> {
    let mut out = HashMap::new();
    for row in t.range((ch, 0u32)..=(ch, u32::MAX))? {
        let (k, v) = row?;
        out.insert(k.value().1, v.value());
    }
    Ok(out)
}

/// Reads of the sync memory, from a read or a write transaction.
pub trait ApiSent {
    /// Per SKU, the quantity the channel's API last accepted.
    fn api_sent(&self, ch: ChannelId) -> StoreResult<HashMap<SkuId, u64>>;
}

impl ApiSent for ReadTx {
    fn api_sent(&self, ch: ChannelId) -> StoreResult<HashMap<SkuId, u64>> {
        match self.txn.open_table(API_SENT) {
            Ok(t) => read_all(&t, ch),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(HashMap::new()),
            Err(e) => Err(e.into()),
        }
    }
}

impl ApiSent for WriteTx {
    fn api_sent(&self, ch: ChannelId) -> StoreResult<HashMap<SkuId, u64>> {
        read_all(&self.txn.open_table(API_SENT)?, ch)
    }
}

impl WriteTx {
    /// Remembers that the channel's API accepted `qty` for the SKU.
    pub fn set_api_sent(&self, ch: ChannelId, sku: SkuId, qty: u64) -> StoreResult<()> {
        self.txn.open_table(API_SENT)?.insert((ch, sku), qty)?;
        Ok(())
    }
}
