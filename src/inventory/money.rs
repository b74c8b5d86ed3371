//! Money per channel through the engine: a SKU's price on a channel, and the money in force
//! recorded beside every sale (`money_sales`, keyed by the ledger seq), so the margin of a
//! past day stays what it was when prices, costs and commissions change later.

use crate::domain::{ChannelId, Money, Sku, SkuId};
use crate::store::economics::{EconomicsReader, SaleMoney, SalesMoneyReader};
use crate::store::{Reader, WriteTx};

use super::engine::{resolve_channel, resolve_sku};
use super::{Error, FieldProblem, Outcome, Result};

/// `sku price SKU --channel CH PRICE`: the SKU's price there; `None` goes back to its own.
pub fn set_channel_price(
    tx: &WriteTx,
    sku: &str,
    channel: &str,
    price: Option<Money>,
) -> Result<Outcome> {
    let s = resolve_sku(tx, sku)?;
    let c = resolve_channel(tx, channel)?;
    if let Some(p) = price
        && !(0..=crate::domain::limits::MAX_MONEY).contains(&p)
    {
        return Err(Error::field(
            "price",
            &crate::domain::quantity::format_money(p),
            FieldProblem::AtMost {
                max: crate::domain::quantity::format_money(crate::domain::limits::MAX_MONEY),
            },
        ));
    }
    tx.set_channel_price(c.id, s.id, price)?;
    Ok(Outcome::ChannelPriceSet {
        code: s.code,
        channel: c.name,
        price: price.map(crate::domain::quantity::format_money),
        sku_price: s.price.map(crate::domain::quantity::format_money),
    })
}

/// A commission as people type it (`20`, `12.5`, `12,5`, `20 %`), in hundredths of a
/// percent, 0 to 100 %: the one reading for `channel rules --commission` and the TUI's form.
pub fn parse_commission(v: &str) -> std::result::Result<u32, FieldProblem> {
    let bp = crate::domain::parse_money(v.trim().trim_end_matches('%')).map_err(|e| match e {
        // A percent too large for money is over 100 too: say the percent's own limit.
        crate::domain::NumberError::TooLarge => FieldProblem::AtMost { max: "100".into() },
        // A percent, not money: no kopecks to speak of.
        crate::domain::NumberError::PastKopecks => FieldProblem::Hundredths {
            example: "12.5".into(),
        },
        other => super::money_problem(other),
    })?;
    match u32::try_from(bp) {
        Ok(bp) if bp <= crate::domain::limits::MAX_COMMISSION_BP => Ok(bp),
        _ => Err(FieldProblem::AtMost { max: "100".into() }),
    }
}

/// A fee in roubles (`30`, `30,50`), 0 to the largest amount kept.
pub fn parse_fee(v: &str) -> std::result::Result<Money, FieldProblem> {
    let fee = crate::domain::parse_money(v).map_err(super::money_problem)?;
    if fee > crate::domain::limits::MAX_MONEY {
        return Err(super::money_problem(crate::domain::NumberError::TooLarge));
    }
    Ok(fee)
}

/// The money in force for a sale of `s` on `ch`.
pub fn in_force(tx: &WriteTx, s: &Sku, ch: ChannelId) -> Result<SaleMoney> {
    let e = tx.channel_economics(ch)?;
    Ok(SaleMoney {
        price: tx.channel_price(ch, s.id)?.or(s.price),
        cost: s.cost,
        commission_bp: e.commission_bp,
        order_fee: e.order_fee,
        delivery: 0,
    })
}

/// `ship --delivery-cost`: the shipment, then its delivery cost beside the sale's money.
pub(super) fn ship_with_delivery(
    tx: &WriteTx,
    ctx: &super::Ctx,
    (id, qty, tracking): (&crate::domain::ReservationId, &Option<u64>, &Option<String>),
    delivery: Money,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let before = crate::store::Reader::last_seq(tx)?;
    let out = super::reservations::run_ship(tx, ctx, id, qty, tracking, touched)?;
    add_delivery(tx, before, delivery)?;
    Ok(out)
}

/// `ship` without a delivery cost: the channel's default cost for the reservation's delivery
/// method, when one is set (`channel rules --delivery-cost METHOD=RUB`); else none.
pub(super) fn ship_with_default_delivery(
    tx: &WriteTx,
    ctx: &super::Ctx,
    (id, qty, tracking): (&crate::domain::ReservationId, &Option<u64>, &Option<String>),
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let default = match tx.reservation(*id)? {
        Some(r) => match r.delivery.method {
            Some(m) => tx.delivery_cost(r.channel, m)?,
            None => None,
        },
        None => None,
    };
    match default {
        Some(cost) => ship_with_delivery(tx, ctx, (id, qty, tracking), cost, touched),
        None => super::reservations::run_ship(tx, ctx, id, qty, tracking, touched),
    }
}

/// Puts a shipment's delivery cost on the first sale written after ledger entry `before`
/// (the shipment this transaction just wrote). A cost outside 0..=MAX_MONEY is refused.
pub fn add_delivery(tx: &WriteTx, before: u64, delivery: Money) -> Result<()> {
    if !(0..=crate::domain::limits::MAX_MONEY).contains(&delivery) {
        return Err(Error::field(
            "delivery_cost",
            &crate::domain::quantity::format_money(delivery),
            FieldProblem::AtMost {
                max: crate::domain::quantity::format_money(crate::domain::limits::MAX_MONEY),
            },
        ));
    }
    if let Some((seq, mut m)) = tx.sales_money(before.saturating_add(1))?.into_iter().next() {
        m.delivery = m.delivery.saturating_add(delivery);
        tx.put_sale_money(seq, &m)?;
    }
    Ok(())
}

/// Every sale keeps the money in force beside it: records it for ledger entry `seq` when
/// that entry is a sale of `sale` (SKU, channel).
pub fn record_sale(tx: &WriteTx, seq: u64, sale: Option<(SkuId, ChannelId)>) -> Result<()> {
    if let Some((sku, ch)) = sale {
        let m = in_force(tx, &super::engine::sku_by_id(tx, sku)?, ch)?;
        tx.put_sale_money(seq, &m)?;
    }
    Ok(())
}
