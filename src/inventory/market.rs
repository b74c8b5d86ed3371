//! Channels as marketplaces: the profile, the marketplace's item ids, which SKUs a channel
//! lists, and an order export in the marketplace's own words applied through the order
//! import (plus returns).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::profile::{OrderAction, Profile};
use crate::domain::{Delivery, Millis, SkuId, limits};
use crate::store::market::{ChannelSetup, MarketReader};
use crate::store::{Reader, WriteTx};

use super::channels::{OrderRow, OrderStatus, OrdersSummary};
use super::engine::{Ctx, resolve_channel, resolve_sku, sku_by_id};
use super::{
    Command, Error, InputError, Located, MarketProblem, Outcome, Result, RowError, RowMessage,
};

/// The matrix's `withheld` word for a SKU the channel does not list.
pub const NOT_LISTED: &str = "not_listed";

/// One row of a mapping: our SKU and the marketplace's id for it (`None` forgets it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapRow {
    pub sku: String,
    pub item: Option<String>,
}

/// A change to which SKUs a channel lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListingChange {
    /// Back to listing every SKU (the default).
    All,
    /// These too (a channel that listed everything lists only these from now on).
    Add(Vec<Located<String>>),
    /// Not these (a channel that listed everything lists every other one).
    Remove(Vec<Located<String>>),
    /// Exactly these.
    Only(Vec<Located<String>>),
}

/// One line of a marketplace's order export, in our terms: the order reference, the ids
/// the marketplace gives the item (tried in order: the mapping, then our codes, then
/// barcodes where the marketplace uses them), and what the status asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketOrderRow {
    pub order_ref: String,
    pub keys: Vec<String>,
    pub qty: u64,
    pub action: OrderAction,
    /// The marketplace's own status word, for messages: free text from the marketplace's
    /// file, kept as it came (what it asks is `action`).
    pub status: String,
    pub delivery: Delivery,
    pub created: Option<Millis>,
}

/// A channel's marketplace setup, as `channel map` and `channel list-skus` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub channel: String,
    pub profile: Profile,
    /// `None`: the channel lists every SKU.
    pub listing: Option<Vec<String>>,
    /// (our code, the marketplace's id), by code.
    pub items: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketOrdersSummary {
    pub orders: OrdersSummary,
    /// Lines whose quantity the marketplace changed.
    pub changed: usize,
    /// Lines returned by the buyer.
    pub returned: usize,
}

pub fn setup_view(r: &impl MarketReader, channel: &str) -> Result<SetupView> {
    let ch = resolve_channel(r, channel)?;
    let setup = r.channel_setup(ch.id)?;
    let mut items = Vec::new();
    for (sku, item) in r.channel_items(ch.id)? {
        items.push((sku_by_id(r, sku)?.code, item));
    }
    items.sort();
    let listing = match r.listing(ch.id)? {
        None => None,
        Some(ids) => {
            let mut codes = Vec::with_capacity(ids.len());
            for id in ids {
                codes.push(sku_by_id(r, id)?.code);
            }
            codes.sort();
            Some(codes)
        }
    };
    Ok(SetupView {
        channel: ch.name,
        profile: setup.profile,
        listing,
        items,
    })
}

pub fn set_profile(tx: &WriteTx, channel: &str, profile: Profile) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    let mut s = tx.channel_setup(ch.id)?;
    s.profile = profile;
    tx.put_channel_setup(ch.id, &s)?;
    Ok(Outcome::ChannelProfileSet {
        channel: ch.name,
        profile,
    })
}

fn row_err(file: &str, line: u64, column: u64, message: RowMessage) -> RowError {
    RowError {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// Sets or forgets item ids; all or nothing. An id another SKU already has on this channel
/// is refused (one id, one SKU).
pub fn map_items(
    tx: &WriteTx,
    channel: &str,
    file: &str,
    rows: &[Located<MapRow>],
) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    let mut errors = Vec::new();
    let mut plan = Vec::with_capacity(rows.len());
    // Ids given in this same file, so two rows cannot give one id to two SKUs.
    let mut given: HashMap<String, SkuId> = HashMap::new();
    for row in rows {
        let s = match resolve_sku(tx, &row.row.sku) {
            Ok(s) => s,
            Err(e) => {
                errors.push(row_err(file, row.line, row.column_of("code"), e.into()));
                continue;
            }
        };
        if let Some(item) = &row.row.item {
            let item = item.trim();
            if item.is_empty() || item.chars().count() > limits::MAX_NAME {
                errors.push(row_err(
                    file,
                    row.line,
                    row.column_of("item"),
                    RowMessage::Market(MarketProblem::BadItem {
                        item: item.to_string(),
                        max: limits::MAX_NAME,
                    }),
                ));
                continue;
            }
            let holder = match given.get(item) {
                Some(id) => Some(*id),
                None => tx.sku_by_item(ch.id, item)?,
            };
            if let Some(other) = holder.filter(|o| *o != s.id) {
                let other = sku_by_id(tx, other)?.code;
                errors.push(row_err(
                    file,
                    row.line,
                    row.column_of("item"),
                    RowMessage::Market(MarketProblem::ItemTaken {
                        item: item.to_string(),
                        sku: other,
                        channel: ch.name.clone(),
                    }),
                ));
                continue;
            }
            given.insert(item.to_string(), s.id);
            plan.push((s.id, Some(item.to_string())));
        } else {
            plan.push((s.id, None));
        }
    }
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    let (mut set, mut removed) = (0, 0);
    for (sku, item) in plan {
        match item {
            Some(i) => {
                tx.set_channel_item(ch.id, sku, &i)?;
                set += 1;
            }
            None => {
                if tx.remove_channel_item(ch.id, sku)?.is_some() {
                    removed += 1;
                }
            }
        }
    }
    Ok(Outcome::ChannelMapped {
        channel: ch.name,
        set,
        removed,
    })
}

pub fn set_listing(
    tx: &WriteTx,
    channel: &str,
    file: &str,
    change: &ListingChange,
) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    let mut setup: ChannelSetup = tx.channel_setup(ch.id)?;
    let resolve_all = |codes: &[Located<String>]| -> Result<Vec<SkuId>> {
        let mut errors = Vec::new();
        let mut ids = Vec::with_capacity(codes.len());
        for c in codes {
            match resolve_sku(tx, &c.row) {
                Ok(s) => ids.push(s.id),
                Err(e) => errors.push(row_err(file, c.line, c.column_of("code"), e.into())),
            }
        }
        if errors.is_empty() {
            Ok(ids)
        } else {
            Err(InputError::Rows(errors).into())
        }
    };
    match change {
        ListingChange::All => {
            tx.clear_listing(ch.id)?;
            setup.listed_only = false;
        }
        ListingChange::Only(codes) => {
            let ids = resolve_all(codes)?;
            tx.clear_listing(ch.id)?;
            for id in ids {
                tx.set_listed_sku(ch.id, id, true)?;
            }
            setup.listed_only = true;
        }
        ListingChange::Add(codes) => {
            let ids = resolve_all(codes)?;
            if !setup.listed_only {
                tx.clear_listing(ch.id)?;
            }
            for id in ids {
                tx.set_listed_sku(ch.id, id, true)?;
            }
            setup.listed_only = true;
        }
        ListingChange::Remove(codes) => {
            let ids = resolve_all(codes)?;
            if !setup.listed_only {
                // Everything but these: the listing starts as every SKU there is.
                tx.clear_listing(ch.id)?;
                for s in tx.skus()? {
                    tx.set_listed_sku(ch.id, s.id, true)?;
                }
            }
            for id in ids {
                tx.set_listed_sku(ch.id, id, false)?;
            }
            setup.listed_only = true;
        }
    }
    tx.put_channel_setup(ch.id, &setup)?;
    let listed = tx.listing(ch.id)?.map(|l| l.len());
    Ok(Outcome::ChannelListingSet {
        channel: ch.name,
        listed,
    })
}

/// Our SKU for one row: the channel's mapping first (each id in turn), then our codes,
/// then barcodes where the marketplace names items by barcode.
fn sku_for(
    tx: &WriteTx,
    ch: crate::domain::ChannelId,
    profile: Profile,
    keys: &[String],
) -> Result<Option<crate::domain::Sku>> {
    for k in keys {
        if let Some(id) = tx.sku_by_item(ch, k.trim())? {
            return Ok(Some(sku_by_id(tx, id)?));
        }
    }
    for k in keys {
        if let Some(id) = tx.sku_id_by_code(k.trim())? {
            return Ok(Some(sku_by_id(tx, id)?));
        }
    }
    if profile.uses_barcodes() {
        for k in keys {
            if let Some(id) = tx.sku_id_by_barcode(k.trim())? {
                return Ok(Some(sku_by_id(tx, id)?));
            }
        }
    }
    Ok(None)
}

/// A marketplace's order export: each row's item is found (mapping, code, barcode), its
/// status applied through the order import (reserve, ship, release: idempotent, all or
/// nothing), and returned lines returned against their order, once.
pub fn import_orders(
    tx: &WriteTx,
    ctx: &Ctx,
    channel: &str,
    file: &str,
    rows: &[Located<MarketOrderRow>],
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    let profile = tx.channel_setup(ch.id)?.profile;
    let mut errors = Vec::new();
    let mut plain = Vec::with_capacity(rows.len());
    let mut returns: Vec<(u64, String, crate::domain::Sku, u64)> = Vec::new();
    for row in rows {
        let o = &row.row;
        let Some(s) = sku_for(tx, ch.id, profile, &o.keys)? else {
            let key = o.keys.first().cloned().unwrap_or_default();
            errors.push(row_err(
                file,
                row.line,
                row.column_of("code"),
                RowMessage::Market(MarketProblem::UnknownItem {
                    item: key,
                    channel: ch.name.clone(),
                }),
            ));
            continue;
        };
        let status = match o.action {
            OrderAction::Reserve => OrderStatus::New,
            OrderAction::Ship | OrderAction::Return => OrderStatus::Shipped,
            OrderAction::Release => OrderStatus::Cancelled,
        };
        if o.action == OrderAction::Return {
            match returns
                .iter_mut()
                .find(|(_, r, x, _)| *r == o.order_ref && x.id == s.id)
            {
                Some(r) => r.3 = r.3.saturating_add(o.qty),
                None => returns.push((row.line, o.order_ref.clone(), s.clone(), o.qty)),
            }
        }
        plain.push(Located {
            line: row.line,
            columns: row.columns.clone(),
            row: OrderRow {
                order_ref: o.order_ref.clone(),
                sku: s.code.clone(),
                qty: o.qty,
                status,
                delivery: o.delivery.clone(),
                created: o.created,
            },
        });
    }
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    let (orders, changed) =
        match super::channels::import_orders(tx, ctx, &ch.name, file, &plain, touched)? {
            Outcome::OrdersImported(s) => (s, 0),
            Outcome::OrdersChanged { summary, changed } => (summary, changed),
            other => return Ok(other),
        };
    let mut returned = 0;
    for (line, order_ref, s, qty) in returns {
        let (shipped, back) =
            super::reservations::order_shipped_and_returned(tx, s.id, ch.id, &order_ref)?;
        let todo = qty.min(shipped).saturating_sub(back);
        if todo == 0 {
            continue;
        }
        super::engine::apply_inner(
            tx,
            ctx,
            &Command::Return {
                sku: s.code.clone(),
                qty: todo,
                channel: ch.name.clone(),
                defect: None,
                at: None,
                order: Some(order_ref.clone()),
                note: Some("returned by the channel".into()),
            },
        )
        .map_err(|e: Error| -> Error {
            InputError::Rows(vec![row_err(file, line, 1, e.into())]).into()
        })?;
        touched.push(s.id);
        returned += 1;
    }
    Ok(Outcome::MarketOrdersImported(MarketOrdersSummary {
        orders,
        changed,
        returned,
    }))
}

/// The SKUs a channel lists, for the matrix and feeds (`None`: all of them).
pub fn listing_of(
    r: &impl MarketReader,
    ch: crate::domain::ChannelId,
) -> Result<Option<HashSet<SkuId>>> {
    Ok(r.listing(ch)?)
}
