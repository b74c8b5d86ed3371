//! What a marketplace API sync reads and remembers: the quantities a channel should show
//! that differ from what its API last accepted, and the memory of what it accepted.

use std::collections::HashMap;

use crate::domain::{Millis, SkuId};
use crate::store::{ApiSent, WriteTx};

use super::channels::FeedRow;
use super::engine::{resolve_channel, resolve_sku};
use super::{Outcome, Result};

/// What the channel should show now, left out what its API already accepted at that
/// quantity. A SKU never pushed is always in.
pub fn sync_feed(
    r: &(impl crate::store::market::MarketReader + ApiSent),
    channel: &str,
    now: Millis,
) -> Result<Vec<FeedRow>> {
    let ch = resolve_channel(r, channel)?;
    let sent = r.api_sent(ch.id)?;
    let ids: HashMap<String, SkuId> = r.skus()?.into_iter().map(|s| (s.code, s.id)).collect();
    Ok(super::channels::feed(r, channel, false, now)?
        .into_iter()
        .filter(|row| ids.get(&row.code).and_then(|id| sent.get(id)) != Some(&row.qty))
        .collect())
}

/// Remembers the rows the channel's API confirmed, and only those, and that the channel
/// was synced now.
pub fn mark_synced(
    tx: &WriteTx,
    ctx: &super::engine::Ctx,
    channel: &str,
    rows: &[FeedRow],
) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    tx.set_synced_at(ch.id, ctx.now)?;
    for row in rows {
        let s = resolve_sku(tx, &row.code)?;
        tx.set_api_sent(ch.id, s.id, row.qty)?;
    }
    Ok(Outcome::FeedMarked {
        channel: ch.name,
        rows: rows.len(),
    })
}
