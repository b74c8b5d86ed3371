//! `history` with filters: a span of time, a kind of movement, a channel, a person.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::domain::{Millis, Movement, Sku, SkuId};
use crate::inventory::engine::{resolve_channel, resolve_sku, sku_by_id};
use crate::inventory::queries::{DAY_MS, channel_names, location_names, movement_view};
use crate::inventory::{MovementView, Result};
use crate::store::Reader;

/// Which ledger entries to show. Every field left `None` lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryFilter {
    /// A SKU's code or barcode.
    pub sku: Option<String>,
    /// From this instant on (inclusive).
    pub from: Option<Millis>,
    /// Before this instant (exclusive).
    pub to: Option<Millis>,
    /// A movement kind as `MovementKind::as_str` names it ("ship", "return_defect").
    pub kind: Option<String>,
    pub channel: Option<String>,
    /// Who made the entry.
    pub actor: Option<String>,
    /// The newest this many that match.
    pub limit: usize,
}

impl HistoryFilter {
    fn keeps(&self, m: &Movement, channel: Option<crate::domain::ChannelId>) -> bool {
        self.from.is_none_or(|f| m.at >= f)
            && self.to.is_none_or(|t| m.at < t)
            && self.kind.as_deref().is_none_or(|k| m.kind.as_str() == k)
            && channel.is_none_or(|c| m.channel == Some(c))
            && self.actor.as_deref().is_none_or(|a| m.actor == a)
    }
}

/// The newest `limit` entries that pass the filter, newest first.
pub fn history(r: &impl Reader, f: &HistoryFilter) -> Result<Vec<MovementView>> {
    // No filter but the SKU: the newest entries are read from the end, not the whole ledger.
    if f.from.is_none()
        && f.to.is_none()
        && f.kind.is_none()
        && f.channel.is_none()
        && f.actor.is_none()
    {
        return crate::inventory::queries::history(r, f.sku.as_deref(), f.limit);
    }
    let channel = f
        .channel
        .as_deref()
        .map(|c| resolve_channel(r, c))
        .transpose()?
        .map(|c| c.id);
    // Entries are written in time order but for a clock that steps back a little (and
    // imported days): a day's margin on each side, then every entry is checked.
    let from_seq = match f.from {
        Some(at) => r.first_seq_at(at.saturating_sub(DAY_MS))?,
        None => 0,
    };
    let mut kept: VecDeque<Movement> = VecDeque::new();
    let mut keep = |m: Movement| {
        if f.keeps(&m, channel) {
            kept.push_back(m);
            if kept.len() > f.limit {
                kept.pop_front();
            }
        }
    };
    match f.sku.as_deref() {
        Some(key) => {
            let s = resolve_sku(r, key)?;
            for m in r.movements_of_sku_from(s.id, from_seq)? {
                keep(m);
            }
        }
        None => r.for_each_movement_from(from_seq, &mut |m| {
            if f.to.is_some_and(|t| m.at >= t.saturating_add(DAY_MS)) {
                return false;
            }
            keep(m);
            true
        })?,
    }
    let locs = location_names(r)?;
    let chans = channel_names(r)?;
    let mut cache: HashMap<SkuId, Sku> = HashMap::new();
    let mut out = Vec::with_capacity(kept.len());
    for m in kept.iter().rev() {
        if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(m.sku) {
            e.insert(sku_by_id(r, m.sku)?);
        }
        out.push(movement_view(m, &cache[&m.sku], &locs, &chans));
    }
    crate::inventory::kits::name_kits(r, &mut out)?;
    Ok(out)
}
