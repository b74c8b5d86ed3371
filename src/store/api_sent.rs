//! What a marketplace API last confirmed it shows, per channel and SKU: the memory that
//! lets `sync` push only what changed. Created by the first push that is confirmed, so
//! older files need no migration. Beside it, when each channel was last synced (or its
//! listed quantities imported), for the Channels pane and `channel list`.

use std::collections::HashMap;

use redb::TableDefinition;

use super::{ReadTx, StoreResult, WriteTx};
use crate::domain::{ChannelId, Millis, SkuId};

/// (channel, sku) -> the quantity the channel's API last accepted.
pub(super) const API_SENT: TableDefinition<(u16, u32), u64> = TableDefinition::new("api_sent");
/// channel -> when it was last synced (milliseconds since the epoch, UTC). A plain number,
/// no record: a file without the table has never been synced.
pub(super) const CHANNEL_SYNCED: TableDefinition<u16, i64> = TableDefinition::new("channel_synced");

fn read_all(
    t: &super::kv::Tbl<'_, (u16, u32), u64>,
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
    /// When the channel was last synced; `None`: never.
    fn synced_at(&self, ch: ChannelId) -> StoreResult<Option<Millis>>;
}

impl ApiSent for ReadTx {
    fn api_sent(&self, ch: ChannelId) -> StoreResult<HashMap<SkuId, u64>> {
        match self.txn.open_table(API_SENT) {
            Ok(t) => read_all(&t, ch),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(HashMap::new()),
            Err(e) => Err(e.into()),
        }
    }
    fn synced_at(&self, ch: ChannelId) -> StoreResult<Option<Millis>> {
        match self.txn.open_table(CHANNEL_SYNCED) {
            Ok(t) => Ok(t.get(ch)?.map(|g| g.value())),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

impl ApiSent for WriteTx {
    fn api_sent(&self, ch: ChannelId) -> StoreResult<HashMap<SkuId, u64>> {
        read_all(&self.txn.open_table(API_SENT)?, ch)
    }
    fn synced_at(&self, ch: ChannelId) -> StoreResult<Option<Millis>> {
        Ok(self
            .txn
            .open_table(CHANNEL_SYNCED)?
            .get(ch)?
            .map(|g| g.value()))
    }
}

impl WriteTx {
    /// Remembers that the channel's API accepted `qty` for the SKU.
    pub fn set_api_sent(&self, ch: ChannelId, sku: SkuId, qty: u64) -> StoreResult<()> {
        self.txn.open_table(API_SENT)?.put((ch, sku), qty)?;
        Ok(())
    }

    /// Remembers that the channel was synced at `at`.
    pub fn set_synced_at(&self, ch: ChannelId, at: Millis) -> StoreResult<()> {
        self.txn.open_table(CHANNEL_SYNCED)?.put(ch, at)?;
        Ok(())
    }
}
