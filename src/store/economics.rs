//! Money kept per channel: the channel's commission and its fee per order. A table of its
//! own (`money_channel_economics`, keyed by the channel id), so the channel record and every
//! file written before it keep their bytes: a channel without a row takes no commission and
//! no fee. The table is created by the first write that sets one.

use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use super::codec::{Record, decode, encode};
use super::{ReadTx, Reader, StoreResult, WriteTx};
use crate::domain::{ChannelId, Money};

/// channel -> its commission and fee per order (a `ChannelEconomics` record)
pub(super) const CHANNEL_ECONOMICS: TableDefinition<u16, &[u8]> =
    TableDefinition::new("money_channel_economics");

/// What a channel keeps of each sale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelEconomics {
    /// The commission in hundredths of a percent of the price (2000 = 20 %).
    pub commission_bp: u32,
    /// A fixed fee per order, in kopecks.
    pub order_fee: Money,
}

#[derive(Serialize, Deserialize)]
pub enum ChannelEconomicsRecord {
    V1(ChannelEconomics),
}

impl Record for ChannelEconomics {
    const NAME: &'static str = "channel economics";
    type Envelope = ChannelEconomicsRecord;
    fn wrap(&self) -> ChannelEconomicsRecord {
        ChannelEconomicsRecord::V1(*self)
    }
    fn unwrap(env: ChannelEconomicsRecord) -> Self {
        match env {
            ChannelEconomicsRecord::V1(v) => v,
        }
    }
}

/// Reads of the money tables, for read and write transactions alike. A table that does not
/// exist yet reads as empty.
pub trait EconomicsReader: Reader {
    fn channel_economics(&self, ch: ChannelId) -> StoreResult<ChannelEconomics>;
}

macro_rules! economics_reader {
    ($tx:ty) => {
        impl EconomicsReader for $tx {
            fn channel_economics(&self, ch: ChannelId) -> StoreResult<ChannelEconomics> {
                let t = match self.txn.open_table(CHANNEL_ECONOMICS) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => {
                        return Ok(ChannelEconomics::default());
                    }
                    Err(e) => return Err(e.into()),
                };
                match t.get(ch)? {
                    Some(g) => Ok(decode::<ChannelEconomics>(g.value())?),
                    None => Ok(ChannelEconomics::default()),
                }
            }
        }
    };
}

economics_reader!(ReadTx);
economics_reader!(WriteTx);

impl WriteTx {
    pub fn put_channel_economics(&self, ch: ChannelId, e: &ChannelEconomics) -> StoreResult<()> {
        self.txn
            .open_table(CHANNEL_ECONOMICS)?
            .insert(ch, encode(e).as_slice())?;
        Ok(())
    }
}
