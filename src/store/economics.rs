//! Money kept per channel: the channel's commission and its fee per order. A table of its
//! own (`money_channel_economics`, keyed by the channel id), so the channel record and every
//! file written before it keep their bytes: a channel without a row takes no commission and
//! no fee. The table is created by the first write that sets one.

use redb::TableDefinition;
use serde::{Deserialize, Serialize};

use super::codec::{Record, decode, encode};
use super::{ReadTx, Reader, StoreResult, WriteTx};
use crate::domain::{ChannelId, DeliveryMethod, Money, SkuId};

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
    /// A channel's default cost of one shipment by `m` (none: not set).
    fn delivery_cost(&self, ch: ChannelId, m: DeliveryMethod) -> StoreResult<Option<Money>>;
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
            fn delivery_cost(
                &self,
                ch: ChannelId,
                m: DeliveryMethod,
            ) -> StoreResult<Option<Money>> {
                match self.txn.open_table(DELIVERY_COSTS) {
                    Ok(t) => Ok(t.get((ch, method_key(m)))?.map(|g| g.value())),
                    Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
                    Err(e) => Err(e.into()),
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
            .put(ch, encode(e).as_slice())?;
        Ok(())
    }
}

/// (channel, sku) -> the SKU's price on that channel, in kopecks (none: the SKU's price)
pub(super) const CHANNEL_PRICES: TableDefinition<(u16, u32), i64> =
    TableDefinition::new("money_channel_prices");
/// ledger seq of a sale (`sell` or `ship`) -> the money in force when it was made (a
/// `SaleMoney` record)
pub(super) const SALE_MONEY: TableDefinition<u64, &[u8]> = TableDefinition::new("money_sales");

/// The money in force when a sale was made, per unit: so the margin of a past day stays the
/// margin of that day after prices, costs and commissions change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleMoney {
    /// The unit price on the sale's channel (its own price there, else the SKU's price).
    pub price: Option<Money>,
    /// The SKU's unit cost.
    pub cost: Option<Money>,
    /// The channel's commission, hundredths of a percent of the price.
    pub commission_bp: u32,
    /// The channel's fee per order.
    pub order_fee: Money,
    /// What delivering this shipment cost.
    pub delivery: Money,
}

#[derive(Serialize, Deserialize)]
pub enum SaleMoneyRecord {
    V1(SaleMoney),
}

impl Record for SaleMoney {
    const NAME: &'static str = "sale money";
    type Envelope = SaleMoneyRecord;
    fn wrap(&self) -> SaleMoneyRecord {
        SaleMoneyRecord::V1(*self)
    }
    fn unwrap(env: SaleMoneyRecord) -> Self {
        match env {
            SaleMoneyRecord::V1(v) => v,
        }
    }
}

/// Reads of the prices per channel and the money of each sale.
pub trait SalesMoneyReader: EconomicsReader {
    fn channel_price(&self, ch: ChannelId, sku: SkuId) -> StoreResult<Option<Money>>;
    /// The money of the sales from ledger seq `from` on, in seq order.
    fn sales_money(&self, from: u64) -> StoreResult<Vec<(u64, SaleMoney)>>;
}

macro_rules! sales_money_reader {
    ($tx:ty) => {
        impl SalesMoneyReader for $tx {
            fn channel_price(&self, ch: ChannelId, sku: SkuId) -> StoreResult<Option<Money>> {
                match self.txn.open_table(CHANNEL_PRICES) {
                    Ok(t) => Ok(t.get((ch, sku))?.map(|g| g.value())),
                    Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
                    Err(e) => Err(e.into()),
                }
            }
            fn sales_money(&self, from: u64) -> StoreResult<Vec<(u64, SaleMoney)>> {
                let t = match self.txn.open_table(SALE_MONEY) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                    Err(e) => return Err(e.into()),
                };
                let mut out = Vec::new();
                for row in t.range(from..)? {
                    let (k, v) = row?;
                    out.push((k.value(), decode::<SaleMoney>(v.value())?));
                }
                Ok(out)
            }
        }
    };
}

sales_money_reader!(ReadTx);
sales_money_reader!(WriteTx);

impl WriteTx {
    /// Sets a SKU's price on a channel; `None` goes back to the SKU's own price.
    pub fn set_channel_price(
        &self,
        ch: ChannelId,
        sku: SkuId,
        price: Option<Money>,
    ) -> StoreResult<()> {
        let mut t = self.txn.open_table(CHANNEL_PRICES)?;
        match price {
            Some(p) => {
                t.put((ch, sku), p)?;
            }
            None => {
                t.remove((ch, sku))?;
            }
        }
        Ok(())
    }

    pub fn put_sale_money(&self, seq: u64, m: &SaleMoney) -> StoreResult<()> {
        self.txn
            .open_table(SALE_MONEY)?
            .put(seq, encode(m).as_slice())?;
        Ok(())
    }
}

/// (channel, delivery method by its position in `DeliveryMethod::ALL`) -> what one shipment
/// by that method costs by default, in kopecks. Used by `ship` when no cost is given.
pub(super) const DELIVERY_COSTS: TableDefinition<(u16, u8), i64> =
    TableDefinition::new("money_delivery_costs");

fn method_key(m: DeliveryMethod) -> u8 {
    DeliveryMethod::ALL
        .iter()
        .position(|x| *x == m)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

impl WriteTx {
    /// Sets a channel's default cost of a delivery method; `None` removes it.
    pub fn set_delivery_cost(
        &self,
        ch: ChannelId,
        m: DeliveryMethod,
        cost: Option<Money>,
    ) -> StoreResult<()> {
        let mut t = self.txn.open_table(DELIVERY_COSTS)?;
        match cost {
            Some(c) => {
                t.put((ch, method_key(m)), c)?;
            }
            None => {
                t.remove((ch, method_key(m)))?;
            }
        }
        Ok(())
    }
}
