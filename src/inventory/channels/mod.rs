//! Channels through the engine: allocation rules, the matrix, feeds, order import with
//! backorders, listed quantities, and hold expiry.

use crate::domain::limits;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::allocation::{self, Drift};
use crate::domain::{
    Channel, ChannelKind, Delivery, DeliveryMethod, Destination, Levels, Millis, MovementKind,
    Refusal, Reservation, ReservationStatus, Sku, SkuId, StockStatus, rules,
};
use crate::store::economics::EconomicsReader;
use crate::store::{Reader, WriteTx};

use super::engine::{
    Ctx, Entry, find_location, resolve_channel, resolve_sku, sku_by_id, write_entry,
};
use super::{Command, Error, InputError, Located, Outcome, Result, RowError};

mod listings;
mod orders;

pub use listings::*;
pub use orders::*;

/// The rules a `channel rules` call changes; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesSpec {
    pub priority: Option<u32>,
    pub keep_when_low: Option<bool>,
    pub buffer: Option<u64>,
    /// `Some(None)` removes the cap.
    pub max_listed: Option<Option<u64>>,
    pub share_pct: Option<u32>,
    /// Location names; an empty list means every location.
    pub sources: Option<Vec<String>>,
    /// Seconds; `Some(None)` removes the hold deadline.
    pub hold_ttl_secs: Option<Option<u64>>,
    pub paused: Option<bool>,
    /// The channel's commission in hundredths of a percent of the price (2000 = 20 %).
    pub commission_bp: Option<u32>,
    /// A fixed fee per order, in kopecks.
    pub order_fee: Option<crate::domain::Money>,
    /// Default costs of one shipment per delivery method, kopecks (`None` removes one);
    /// `ship` uses them when no cost is given.
    #[serde(default)]
    pub delivery_costs: Vec<(DeliveryMethod, Option<crate::domain::Money>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    New,
    Cancelled,
    Shipped,
}

impl OrderStatus {
    pub fn parse(s: &str) -> Option<OrderStatus> {
        match s.trim().to_lowercase().as_str() {
            "new"
            | "confirmed"
            | "awaiting_packaging"
            | "новый"
            | "новый заказ"
            | "подтверждён" => Some(OrderStatus::New),
            "cancelled" | "canceled" | "отменён" | "отменен" | "отмена" => {
                Some(OrderStatus::Cancelled)
            }
            "shipped" | "delivered" | "отгружен" | "доставлен" => {
                Some(OrderStatus::Shipped)
            }
            _ => None,
        }
    }
}

/// One line of a marketplace's order export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub order_ref: String,
    pub sku: String,
    pub qty: u64,
    pub status: OrderStatus,
    pub delivery: Delivery,
    pub created: Option<Millis>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrdersSummary {
    pub rows: usize,
    pub reserved: usize,
    pub backordered: usize,
    pub released: usize,
    pub shipped: usize,
    pub unchanged: usize,
}

/// A channel with all its rules, for `channel list --json` and the rules editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub name: String,
    pub kind: ChannelKind,
    pub priority: u32,
    pub paused: bool,
    pub keep_when_low: bool,
    pub share_pct: u32,
    pub buffer: u64,
    pub max_listed: Option<u64>,
    pub sources: Vec<String>,
    pub hold_ttl_secs: Option<u64>,
    /// The commission, percent of the price (`20.00`).
    pub commission_pct: String,
    /// The fee per order, roubles (`30.00`).
    pub order_fee: String,
    /// Default cost of one shipment per delivery method, roubles (`courier: 350.00`).
    #[serde(default)]
    pub delivery_costs: std::collections::BTreeMap<String, String>,
    /// When the channel was last synced or its listed quantities imported (UTC,
    /// RFC 3339); `None`: never.
    #[serde(default)]
    pub last_synced: Option<String>,
}

pub fn rules_view(
    r: &(impl EconomicsReader + crate::store::ApiSent),
    c: &Channel,
) -> Result<RulesView> {
    let names = super::queries::location_names(r)?;
    let money = r.channel_economics(c.id)?;
    let mut delivery_costs = std::collections::BTreeMap::new();
    for m in DeliveryMethod::ALL {
        if let Some(cost) = r.delivery_cost(c.id, m)? {
            delivery_costs.insert(
                m.as_str().to_string(),
                crate::domain::quantity::format_money(cost),
            );
        }
    }
    Ok(RulesView {
        last_synced: r.synced_at(c.id)?.map(super::queries::time_text),
        name: c.name.clone(),
        kind: c.kind,
        priority: c.priority,
        paused: c.paused,
        keep_when_low: c.keep_when_low,
        share_pct: c.share_pct,
        buffer: c.buffer,
        max_listed: c.max_listed,
        sources: c
            .sources
            .iter()
            .filter_map(|l| names.get(l).cloned())
            .collect(),
        hold_ttl_secs: c.hold_ttl_secs,
        commission_pct: crate::domain::quantity::format_money(i64::from(money.commission_bp)),
        order_fee: crate::domain::quantity::format_money(money.order_fee),
        delivery_costs,
    })
}

/// A hold lasts from one second to 365 days.
pub fn check_hold_ttl(secs: u64) -> Result<u64> {
    if secs == 0 {
        return Err(Error::field(
            "hold_ttl",
            "0",
            crate::domain::NumberError::Zero,
        ));
    }
    if secs > limits::MAX_HOLD_TTL_SECS {
        return Err(Error::at_most(
            "hold_ttl",
            &format!("{secs}s"),
            format!("{}d", limits::MAX_HOLD_TTL_SECS / 86_400),
        ));
    }
    Ok(secs)
}

pub fn set_rules(tx: &WriteTx, channel: &str, spec: &RulesSpec) -> Result<Outcome> {
    let mut c = resolve_channel(tx, channel)?;
    if let Some(p) = spec.priority {
        if p == 0 {
            return Err(Error::field(
                "priority",
                "0",
                crate::domain::NumberError::Zero,
            ));
        }
        super::engine::check_at_most("priority", u64::from(p), limits::MAX_PRIORITY)?;
        c.priority = p;
    }
    if let Some(v) = spec.keep_when_low {
        c.keep_when_low = v;
    }
    if let Some(v) = spec.buffer {
        c.buffer = super::engine::check_at_most("buffer", v, limits::MAX_QTY)?;
    }
    if let Some(v) = spec.max_listed {
        if let Some(m) = v {
            super::engine::check_at_most("max", m, limits::MAX_QTY)?;
        }
        c.max_listed = v;
    }
    if let Some(v) = spec.share_pct {
        if u64::from(v) > limits::MAX_SHARE {
            return Err(Error::field(
                "share",
                &v.to_string(),
                super::FieldProblem::TooMany {
                    max: limits::MAX_SHARE,
                },
            ));
        }
        c.share_pct = v;
    }
    if let Some(names) = &spec.sources {
        let mut ids = Vec::new();
        for n in names {
            let l = find_location(tx, n)?.ok_or_else(|| InputError::UnknownLocation(n.clone()))?;
            ids.push(l.id);
        }
        c.sources = ids;
    }
    if let Some(v) = spec.hold_ttl_secs {
        if let Some(t) = v {
            check_hold_ttl(t)?;
        }
        c.hold_ttl_secs = v;
    }
    if let Some(v) = spec.paused {
        c.paused = v;
    }
    if spec.commission_bp.is_some() || spec.order_fee.is_some() {
        let mut money = tx.channel_economics(c.id)?;
        if let Some(bp) = spec.commission_bp {
            if bp > limits::MAX_COMMISSION_BP {
                return Err(Error::field(
                    "commission",
                    &crate::domain::quantity::format_money(i64::from(bp)),
                    super::FieldProblem::AtMost { max: "100".into() },
                ));
            }
            money.commission_bp = bp;
        }
        if let Some(fee) = spec.order_fee {
            if !(0..=limits::MAX_MONEY).contains(&fee) {
                return Err(Error::field(
                    "order_fee",
                    &crate::domain::quantity::format_money(fee),
                    super::FieldProblem::AtMost {
                        max: crate::domain::quantity::format_money(limits::MAX_MONEY),
                    },
                ));
            }
            money.order_fee = fee;
        }
        tx.put_channel_economics(c.id, &money)?;
    }
    for &(m, cost) in &spec.delivery_costs {
        if let Some(v) = cost
            && !(0..=limits::MAX_MONEY).contains(&v)
        {
            return Err(Error::field(
                "delivery_cost",
                &crate::domain::quantity::format_money(v),
                super::FieldProblem::AtMost {
                    max: crate::domain::quantity::format_money(limits::MAX_MONEY),
                },
            ));
        }
        tx.set_delivery_cost(c.id, m, cost)?;
    }
    tx.put_channel(&c)?;
    Ok(Outcome::ChannelSaved(rules_view(tx, &c)?))
}

/// Releases every hold whose deadline has passed, as the actor `system`.
/// Runs at the start of every write, on the server's timer, and by `stockroom expire`.
pub fn expire_due(tx: &WriteTx, now: Millis) -> Result<Vec<SkuId>> {
    let ctx = Ctx {
        actor: "system".into(),
        now,
    };
    let mut touched = Vec::new();
    for id in tx.due_holds(now)? {
        let Some(mut r) = tx.reservation(id)? else {
            continue;
        };
        if !r.status.is_open() {
            continue;
        }
        let s = sku_by_id(tx, r.sku)?;
        let l = crate::inventory::kits::levels(tx, s.id, r.location)?;
        let d = rules::release(&l, r.remaining)?;
        let e = Entry::new(&s, r.location, MovementKind::Expire, r.remaining, d)
            .with_channel(r.channel)
            .with_reservation(r.id)
            .with_reference(Some(r.order_ref.clone()))
            .with_note(Some("hold expired".into()));
        write_entry(tx, &ctx, e)?;
        r.remaining = 0;
        r.status = ReservationStatus::Expired;
        tx.put_reservation(&r)?;
        touched.push(s.id);
    }
    // One entry per SKU however many of its holds expired: callers count SKUs freed.
    touched.sort_unstable();
    touched.dedup();
    Ok(touched)
}

/// Reserves waiting backorders of a SKU, oldest first, while stock allows; stops at the
/// first that does not fit, so a big old order is not passed over by small new ones.
pub fn fill_backorders(tx: &WriteTx, ctx: &Ctx, sku: SkuId) -> Result<()> {
    let ids = tx.backorders_of(sku)?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut waiting = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = tx.reservation(id)? {
            waiting.push(r);
        }
    }
    waiting.sort_by_key(|r| (r.created, r.id));
    if waiting.is_empty() || super::engine::sku_totals(tx, sku)?.available() < 0 {
        return Ok(());
    }
    let s = sku_by_id(tx, sku)?;
    // An archived SKU is not reserved, not even for the orders that wait for it.
    if s.archived {
        return Ok(());
    }
    let chans = tx.channels()?;
    for r in waiting {
        let Some(ch) = chans.iter().find(|c| c.id == r.channel).cloned() else {
            break;
        };
        // A paused channel takes no stock: its backorders wait (and keep their place)
        // while the next ones in line are filled.
        if ch.paused {
            continue;
        }
        // All of it, from one source location or from several (one part each); what
        // does not fit stays a backorder, and so do the ones after it.
        let filled = super::engine::hold_parts(
            tx,
            ctx,
            (&s, &ch),
            &r,
            r.qty,
            super::engine::PartIds::KeepFirst,
            Some("backorder filled".into()),
        )?;
        if filled.is_none() {
            break;
        }
    }
    Ok(())
}

/// A backorder: the order is recorded and queued, nothing is reserved.
pub fn backorder(
    tx: &WriteTx,
    s: &Sku,
    ch: &Channel,
    order_ref: &str,
    qty: u64,
    delivery: Delivery,
    created: Millis,
) -> Result<Reservation> {
    let id = tx.last_reservation_id()?.unwrap_or(0) + 1;
    let location = super::engine::default_location_id(tx)?.unwrap_or(1);
    let r = Reservation {
        id,
        channel: ch.id,
        order_ref: order_ref.to_string(),
        sku: s.id,
        location,
        qty,
        remaining: 0,
        picked: 0,
        delivery,
        created,
        deadline: None,
        status: ReservationStatus::Backorder,
        tracking: None,
    };
    tx.put_reservation(&r)?;
    tx.put_order(ch.id, order_ref, s.id, id)?;
    Ok(r)
}

// ---- reads ------------------------------------------------------------------------------

pub fn parse_delivery(method: Option<&str>, dest: Option<&str>) -> Delivery {
    Delivery {
        method: method.and_then(DeliveryMethod::parse),
        destination: dest.and_then(Destination::parse),
        address: None,
    }
}
