//! What stockroom keeps per channel for the marketplaces: the channel's profile and
//! whether it lists only some SKUs, the marketplace's own item ids, and the listed SKUs.
//!
//! These live in tables of their own, keyed by the channel id, so the channel record (and
//! every file written before them) stays as it was: a file that has never had a profile
//! opens with every channel `generic`, listing everything, with no item ids. The tables
//! are created by the first write that needs them.

use std::collections::{HashMap, HashSet};

use redb::TableDefinition;
use serde::{Deserialize, Serialize};

use super::codec::{Record, decode, encode};
use super::{ReadTx, Reader, StoreResult, WriteTx};
use crate::domain::profile::Profile;
use crate::domain::{ChannelId, SkuId};

/// channel -> its marketplace setup (a `ChannelSetup` record)
pub(super) const CHANNEL_SETUP: TableDefinition<u16, &[u8]> = TableDefinition::new("channel_setup");
/// (channel, sku) -> the marketplace's id of that item
pub(super) const CHANNEL_ITEMS: TableDefinition<(u16, u32), &str> =
    TableDefinition::new("channel_items");
/// (channel, the marketplace's id) -> sku
pub(super) const CHANNEL_ITEM_KEYS: TableDefinition<(u16, &str), u32> =
    TableDefinition::new("channel_item_keys");
/// (channel, sku): the SKUs a channel that lists only some of them lists
pub(super) const CHANNEL_LISTING: TableDefinition<(u16, u32), ()> =
    TableDefinition::new("channel_listing");

/// A channel's marketplace setup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSetup {
    pub profile: Profile,
    /// Lists only the SKUs in its listing; otherwise every SKU (the default).
    pub listed_only: bool,
}

#[derive(Serialize, Deserialize)]
pub enum ChannelSetupRecord {
    V1(ChannelSetup),
}

impl Record for ChannelSetup {
    const NAME: &'static str = "channel setup";
    type Envelope = ChannelSetupRecord;
    fn wrap(&self) -> ChannelSetupRecord {
        ChannelSetupRecord::V1(self.clone())
    }
    fn unwrap(env: ChannelSetupRecord) -> Self {
        match env {
            ChannelSetupRecord::V1(v) => v,
        }
    }
}

/// Reads of the marketplace tables, for read and write transactions alike. A table that
/// does not exist yet reads as empty.
pub trait MarketReader: Reader {
    fn channel_setup(&self, ch: ChannelId) -> StoreResult<ChannelSetup>;
    /// Every (SKU, item id) of a channel.
    fn channel_items(&self, ch: ChannelId) -> StoreResult<HashMap<SkuId, String>>;
    fn sku_by_item(&self, ch: ChannelId, item: &str) -> StoreResult<Option<SkuId>>;
    /// The SKUs a channel lists, when it lists only some (`None`: every SKU).
    fn listing(&self, ch: ChannelId) -> StoreResult<Option<HashSet<SkuId>>>;
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

macro_rules! market_reader {
    ($tx:ty) => {
        impl MarketReader for $tx {
            fn channel_setup(&self, ch: ChannelId) -> StoreResult<ChannelSetup> {
                let t =
                    missing_is_empty!(self.txn.open_table(CHANNEL_SETUP), ChannelSetup::default());
                match t.get(ch)? {
                    Some(g) => Ok(decode::<ChannelSetup>(g.value())?),
                    None => Ok(ChannelSetup::default()),
                }
            }
            fn channel_items(&self, ch: ChannelId) -> StoreResult<HashMap<SkuId, String>> {
                let t = missing_is_empty!(self.txn.open_table(CHANNEL_ITEMS), HashMap::new());
                let mut out = HashMap::new();
                for row in t.range((ch, 0u32)..=(ch, u32::MAX))? {
                    let (k, v) = row?;
                    out.insert(k.value().1, v.value().to_string());
                }
                Ok(out)
            }
            fn sku_by_item(&self, ch: ChannelId, item: &str) -> StoreResult<Option<SkuId>> {
                let t = missing_is_empty!(self.txn.open_table(CHANNEL_ITEM_KEYS), None);
                Ok(t.get((ch, item))?.map(|g| g.value()))
            }
            fn listing(&self, ch: ChannelId) -> StoreResult<Option<HashSet<SkuId>>> {
                if !self.channel_setup(ch)?.listed_only {
                    return Ok(None);
                }
                let t =
                    missing_is_empty!(self.txn.open_table(CHANNEL_LISTING), Some(HashSet::new()));
                let mut out = HashSet::new();
                for row in t.range((ch, 0u32)..=(ch, u32::MAX))? {
                    out.insert(row?.0.value().1);
                }
                Ok(Some(out))
            }
        }
    };
}

market_reader!(ReadTx);
market_reader!(WriteTx);

impl WriteTx {
    pub fn put_channel_setup(&self, ch: ChannelId, s: &ChannelSetup) -> StoreResult<()> {
        self.txn
            .open_table(CHANNEL_SETUP)?
            .put(ch, encode(s).as_slice())?;
        Ok(())
    }

    /// Gives a SKU its item id on a channel (replacing the one it had). The caller checks
    /// that no other SKU has that id.
    pub fn set_channel_item(&self, ch: ChannelId, sku: SkuId, item: &str) -> StoreResult<()> {
        self.remove_channel_item(ch, sku)?;
        self.txn.open_table(CHANNEL_ITEMS)?.put((ch, sku), item)?;
        self.txn
            .open_table(CHANNEL_ITEM_KEYS)?
            .put((ch, item), sku)?;
        Ok(())
    }

    /// Forgets a SKU's item id on a channel; answers the id it had.
    pub fn remove_channel_item(&self, ch: ChannelId, sku: SkuId) -> StoreResult<Option<String>> {
        let old = self
            .txn
            .open_table(CHANNEL_ITEMS)?
            .remove((ch, sku))?
            .map(|g| g.value().to_string());
        if let Some(o) = &old {
            self.txn
                .open_table(CHANNEL_ITEM_KEYS)?
                .remove((ch, o.as_str()))?;
        }
        Ok(old)
    }

    pub fn set_listed_sku(&self, ch: ChannelId, sku: SkuId, listed: bool) -> StoreResult<()> {
        let mut t = self.txn.open_table(CHANNEL_LISTING)?;
        if listed {
            t.put((ch, sku), ())?;
        } else {
            t.remove((ch, sku))?;
        }
        Ok(())
    }

    /// Empties a channel's listing.
    pub fn clear_listing(&self, ch: ChannelId) -> StoreResult<()> {
        let mut t = self.txn.open_table(CHANNEL_LISTING)?;
        let keys: Vec<(u16, u32)> = t
            .range((ch, 0u32)..=(ch, u32::MAX))?
            .map(|r| r.map(|(k, _)| k.value()))
            .collect::<Result<_, _>>()?;
        for k in keys {
            t.remove(k)?;
        }
        Ok(())
    }
}
