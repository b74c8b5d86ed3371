//! Reads: the answers to `Query`, built from one read transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::{
    Channel, ChannelId, Levels, Location, LocationId, Millis, Movement, Reservation, Sku, SkuId,
    quantity::format_money,
};
use crate::store::Reader;

use super::engine::{default_location_id, resolve_channel, resolve_sku, sku_totals};
use super::replenish::{StockFacts, per_day};
use super::{
    Answer, CatalogRow, ChannelView, LocationLevels, LocationView, MovementView, Query,
    ReservationView, Result, SkuDetail, SkuRow, Stats, StockLine, UserView, check,
};
use crate::domain::status::Assessment;

pub const DAY_MS: i64 = 86_400_000;

/// During a blind count, counters see no stock levels anywhere, not only in the count.
fn blind_guard(r: &impl Reader, actor: &str, q: &Query) -> Result<()> {
    let reveals = !matches!(
        q,
        Query::Locations
            | Query::Channels
            | Query::Users
            | Query::WhoAmI
            | Query::CountList
            | Query::CountDiff { .. }
            | Query::Stats
            | Query::Catalog
            | Query::Reservations { .. }
            | Query::ReservationQueue { .. }
            | Query::CodeClashes
    );
    if !reveals || r.user(actor)?.map(|u| u.role) != Some(crate::domain::Role::Counter) {
        return Ok(());
    }
    let blind_open = r
        .count_sessions()?
        .iter()
        .any(|s| s.blind && s.status == crate::domain::stocktake::SessionStatus::Open);
    if blind_open {
        return Err(super::Error::Forbidden {
            actor: actor.to_string(),
            role: Some(crate::domain::Role::Counter),
            needs: crate::domain::Role::Packer,
            action: "view_levels_in_blind_count".into(),
        });
    }
    Ok(())
}

pub fn answer(
    r: &(
         impl crate::store::market::MarketReader
         + crate::store::ApiSent
         + crate::store::economics::SalesMoneyReader
         + crate::store::purchase_dates::PurchaseDatesReader
     ),
    actor: &str,
    now: Millis,
    q: &Query,
) -> Result<Answer> {
    blind_guard(r, actor, q)?;
    Ok(match q {
        Query::SkuList { filter, low } => Answer::Skus(sku_rows(r, filter.as_deref(), *low, now)?),
        Query::SkuPage { after, limit } => Answer::Skus(few_rows(
            r,
            r.skus_by_code(after.as_deref(), (*limit).min(10_000) as usize)?,
            now,
        )?),
        Query::SkuByPrefix { prefix, limit } => Answer::Skus(few_rows(
            r,
            r.skus_by_key_prefix(prefix, (*limit).min(10_000) as usize)?,
            now,
        )?),
        Query::SkuKeys { after, limit } => Answer::SkuKeys(sku_keys(
            r,
            r.skus_by_code(after.as_deref(), (*limit).min(100_000) as usize)?,
        )?),
        Query::SkuKeysByPrefix { prefix, limit } => Answer::SkuKeys(sku_keys(
            r,
            r.skus_by_key_prefix(prefix, (*limit).min(10_000) as usize)?,
        )?),
        Query::SkuRows { ids } => Answer::SkuRows(rows_by_id(r, ids, now)?),
        Query::SkuKeysById { after, limit } => {
            Answer::SkuKeys(sku_keys_by_id(r, *after, (*limit).min(100_000) as usize)?)
        }
        Query::ReservationQueue { limit } => {
            Answer::Reservations(reservation_queue(r, (*limit).min(10_000) as usize)?)
        }
        Query::SkuDetail { sku, history } => {
            Answer::SkuDetail(Box::new(sku_detail(r, sku, *history, now)?))
        }
        Query::Locations => {
            let def = default_location_id(r)?;
            Answer::Locations(
                r.locations()?
                    .into_iter()
                    .map(|l| LocationView {
                        default: Some(l.id) == def,
                        name: l.name,
                    })
                    .collect(),
            )
        }
        Query::Channels => {
            let mut chans = r.channels()?;
            chans.sort_by_key(|c| (c.priority, c.id));
            let mut out = Vec::with_capacity(chans.len());
            for c in chans {
                out.push(ChannelView {
                    last_synced: r.synced_at(c.id)?.map(time_text),
                    // Drift reads every SKU's levels: `channels_with_drift` adds it.
                    drift: None,
                    name: c.name,
                    kind: c.kind,
                    priority: c.priority,
                    paused: c.paused,
                });
            }
            Answer::Channels(out)
        }
        Query::Reservations { channel, all } => {
            Answer::Reservations(reservations(r, channel.as_deref(), *all)?)
        }
        Query::History { sku, limit } => Answer::History(history(r, sku.as_deref(), *limit)?),
        Query::HistoryFind(f) => Answer::History(super::reports::history::history(r, f)?),
        Query::StockValue => Answer::StockValue(super::reports::value::stock_value(r)?),
        Query::LeadTimes => Answer::LeadTimes(super::reports::lead::lead_times(r, now)?),
        Query::SlowReport { dead_days } => {
            Answer::SlowReport(super::reports::slow::slow_report(r, now, *dead_days)?)
        }
        Query::DayReport { from, to } => Answer::DayReport(Box::new(
            super::reports::day::day_report(r, now, *from, *to)?,
        )),
        Query::MarginReport { from, to, by } => Answer::MarginReport(Box::new(
            super::reports::margin::margin_report(r, *from, *to, by)?,
        )),
        Query::Promos => Answer::Promos(super::plan::promo_list(r, now)?),
        Query::Users => Answer::Users(
            r.users()?
                .into_iter()
                .map(|u| UserView {
                    name: u.name,
                    role: Some(u.role),
                })
                .collect(),
        ),
        Query::WhoAmI => Answer::WhoAmI(UserView {
            name: actor.to_string(),
            role: r.user(actor)?.map(|u| u.role),
        }),
        Query::Check => Answer::Check(check::run(r)?),
        // A file marked clean cannot have a clash (the rules keep it so): no scan.
        Query::CodeClashes => {
            Answer::CodeClashes(if r.meta(crate::store::NAMESPACE_CLEAN)?.is_some() {
                Vec::new()
            } else {
                check::all_clashes(r)?
            })
        }
        Query::Catalog => Answer::Catalog(
            r.skus()?
                .into_iter()
                .map(|s| CatalogRow {
                    code: s.code,
                    name: s.name,
                    barcodes: s.barcodes,
                    supplier: s.supplier,
                    lead_days: s.lead_days,
                    min_stock: s.min_stock,
                    safety_stock: s.safety_stock,
                    pack_size: s.pack_size,
                    cost: s.cost.map(format_money),
                    price: s.price.map(format_money),
                    archived: s.archived,
                })
                .collect(),
        ),
        Query::Stock => Answer::Stock(stock_lines(r)?),
        Query::Ledger => Answer::History(ledger(r)?),
        Query::ChannelSetup { channel } => {
            Answer::ChannelSetup(super::market::setup_view(r, channel)?)
        }
        Query::Matrix => {
            let (channels, rows) = super::channels::matrix(r, now)?;
            Answer::Matrix { channels, rows }
        }
        Query::Feed {
            channel,
            changed_only,
        } => Answer::Feed(super::channels::feed(r, channel, *changed_only, now)?),
        Query::SyncFeed { channel } => Answer::Feed(super::sync::sync_feed(r, channel, now)?),
        Query::CountList => Answer::CountSessions(super::stocktake::list(r)?),
        Query::CountDiff { session } => {
            Answer::CountReport(Box::new(super::stocktake::report(r, actor, *session)?))
        }
        Query::Alerts { days, all } => {
            Answer::Alerts(super::replenish::alerts(r, now, *days, *all)?)
        }
        Query::PurchaseOrders { all } => {
            Answer::PurchaseOrders(super::purchasing::list(r, *all, now)?)
        }
        Query::PurchaseOrder { id } => {
            Answer::PurchaseOrders(vec![super::purchasing::show(r, *id, now)?])
        }
        Query::VelocityReport { days } => {
            Answer::VelocityReport(super::replenish::velocity_report(r, now, *days)?)
        }
        Query::DefectReport { days } => {
            Answer::DefectReport(super::replenish::defect_report(r, now, *days)?)
        }
        // Needs the store, not one read transaction: `LocalInventory` and the server
        // answer it before they get here.
        Query::Backup { .. } => {
            return Err(super::Error::Store(super::StoreErrorWire::Io(
                "backup is answered by the store's owner".into(),
            )));
        }
        Query::Stats => Answer::Stats(Stats {
            skus: r.sku_count()?,
            ledger_entries: r.ledger_len()?,
            open_reservations: r.open_reservation_count()?,
            last_seq: r.last_seq()?,
        }),
    })
}

/// Rows for a few SKUs: each SKU's sales through its index, not a pass over the ledger.
fn few_rows(r: &impl Reader, skus: Vec<Sku>, now: Millis) -> Result<Vec<SkuRow>> {
    let facts = StockFacts::few(r, now, crate::domain::replenishment::DEFAULT_WINDOW_DAYS)?;
    skus.into_iter()
        .map(|s| {
            let total = sku_totals(r, s.id)?;
            let a = facts.assess(r, &s, &total)?;
            let kit = r.kit(s.id)?.is_some();
            Ok(sku_row(s, &total, &a, kit))
        })
        .collect()
}

/// What a list filters and sorts on, for these SKUs.
fn sku_keys(r: &impl Reader, skus: Vec<Sku>) -> Result<Vec<super::SkuKey>> {
    skus.into_iter()
        .map(|s| {
            let available = sku_totals(r, s.id)?.available();
            Ok(super::SkuKey {
                id: s.id,
                code: s.code,
                name: s.name,
                barcodes: s.barcodes,
                available,
            })
        })
        .collect()
}

/// A page of SKU keys in id order: the SKUs and their levels read as two ranges side by
/// side (no lookup per SKU), a kit's availability from its components.
fn sku_keys_by_id(r: &impl Reader, after: Option<u32>, limit: usize) -> Result<Vec<super::SkuKey>> {
    let skus = r.skus_after_id(after, limit)?;
    let (Some(first), Some(last)) = (skus.first().map(|s| s.id), skus.last().map(|s| s.id)) else {
        return Ok(Vec::new());
    };
    let mut totals: HashMap<SkuId, Levels> = HashMap::with_capacity(skus.len());
    for (s, _, l) in r.levels_of_skus(first, last)? {
        let e = totals.entry(s).or_default();
        *e = e.add(&l);
    }
    for k in r.kits()? {
        if (first..=last).contains(&k.kit) {
            totals.insert(k.kit, sku_totals(r, k.kit)?);
        }
    }
    Ok(skus
        .into_iter()
        .map(|s| super::SkuKey {
            available: totals.get(&s.id).map_or(0, Levels::available),
            id: s.id,
            code: s.code,
            name: s.name,
            barcodes: s.barcodes,
        })
        .collect())
}

/// The rows of the SKUs with these ids (the first 10,000), each with its id.
fn rows_by_id(r: &impl Reader, ids: &[u32], now: Millis) -> Result<Vec<(u32, SkuRow)>> {
    let mut skus = Vec::new();
    for &id in ids.iter().take(10_000) {
        if let Some(s) = r.sku(id)? {
            skus.push(s);
        }
    }
    let ids: Vec<u32> = skus.iter().map(|s| s.id).collect();
    Ok(ids.into_iter().zip(few_rows(r, skus, now)?).collect())
}

/// A row of the SKU list: the SKU's totals, the thresholds in force and its status.
pub fn sku_row(s: Sku, l: &Levels, a: &Assessment, kit: bool) -> SkuRow {
    SkuRow {
        code: s.code,
        name: s.name,
        barcodes: s.barcodes,
        on_hand: l.on_hand,
        reserved: l.reserved,
        available: l.available(),
        defective: l.defective,
        min_stock: a.thresholds.min,
        safety_stock: a.thresholds.safety,
        status: a.status,
        kit,
    }
}

/// Totals per SKU over all locations.
pub fn totals_by_sku(r: &impl Reader) -> Result<HashMap<SkuId, Levels>> {
    let mut totals: HashMap<SkuId, Levels> = HashMap::new();
    for (s, _, l) in r.all_levels()? {
        let e = totals.entry(s).or_default();
        *e = e.add(&l);
    }
    // A kit's levels are its components'.
    totals.extend(super::kits::kit_totals(r)?);
    Ok(totals)
}

fn sku_rows(r: &impl Reader, filter: Option<&str>, low: bool, now: Millis) -> Result<Vec<SkuRow>> {
    // Totals per SKU (levels are in SKU order), then the SKUs streamed one at a time in id
    // order beside them: a 100,000-SKU list never holds all the full records at once.
    let mut totals: Vec<(SkuId, Levels)> = Vec::new();
    r.for_each_levels(&mut |s, _, l| match totals.last_mut() {
        Some((last, t)) if *last == s => *t = t.add(&l),
        _ => totals.push((s, l)),
    })?;
    // On order, backorders and every SKU's sales in the window once for the whole list:
    // one pass over the ledger's tail, not a walk per SKU.
    let facts = StockFacts::load(r, now)?;
    let kit_totals = super::kits::kit_totals(r)?;
    let mut at = 0;
    let needle = filter
        .map(|f| f.trim().to_lowercase())
        .filter(|f| !f.is_empty());
    let mut out = Vec::new();
    let mut failed = None;
    r.for_each_sku(&mut |s| {
        if failed.is_some() {
            return;
        }
        while at < totals.len() && totals[at].0 < s.id {
            at += 1;
        }
        let total = match totals.get(at) {
            _ if kit_totals.contains_key(&s.id) => kit_totals[&s.id],
            Some((id, t)) if *id == s.id => *t,
            _ => Levels::default(),
        };
        if let Some(n) = &needle {
            let hit = s.code.to_lowercase().contains(n)
                || s.name.to_lowercase().contains(n)
                || s.barcodes.iter().any(|b| b.contains(n.as_str()));
            if !hit {
                return;
            }
        }
        let a = match facts.assess(r, &s, &total) {
            Ok(a) => a,
            Err(e) => {
                failed = Some(e);
                return;
            }
        };
        if low && !a.status.is_alert() {
            return;
        }
        let kit = kit_totals.contains_key(&s.id);
        out.push(sku_row(s, &total, &a, kit));
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    // Codes are unique.
    out.sort_unstable_by(|a, b| a.code.cmp(&b.code));
    out.shrink_to_fit();
    Ok(out)
}

fn sku_detail(r: &impl Reader, key: &str, history: usize, now: Millis) -> Result<SkuDetail> {
    let s = resolve_sku(r, key)?;
    let total = sku_totals(r, s.id)?;
    let names = location_names(r)?;
    let mut locations: Vec<LocationLevels> = super::kits::levels_of_sku(r, s.id)?
        .into_iter()
        .filter(|(_, l)| !l.is_zero())
        .map(|(id, l)| LocationLevels {
            location: names.get(&id).cloned().unwrap_or_default(),
            on_hand: l.on_hand,
            reserved: l.reserved,
            available: l.available(),
            defective: l.defective,
        })
        .collect();
    if locations.is_empty()
        && let Some(def) = default_location_id(r)?
    {
        locations.push(LocationLevels {
            location: names.get(&def).cloned().unwrap_or_default(),
            on_hand: 0,
            reserved: 0,
            available: 0,
            defective: 0,
        });
    }
    let facts = StockFacts::for_sku(r, s.id, now)?;
    let sales = facts.sales(r, &s)?;
    let pos = facts.position(s.id, &total);
    let a = crate::domain::status::assess_forecast(&s, &pos, &sales.forecast);
    let forecast = super::plan::forecast_view(&sales.forecast, &channel_names(r)?, s.lead_days);
    let weeks = super::plan::chart_weeks(
        &sales.sold,
        &sales.forecast,
        now.div_euclid(DAY_MS),
        super::facts::CHART_DAYS / 7,
    );
    let t = a.thresholds;
    let chans = channel_names(r)?;
    let recent_raw = match r.kit(s.id)? {
        // A kit's entries are its components', each naming it.
        Some(k) => super::kits::kit_movements(r, &k, history)?,
        None => r.movements_of_sku(s.id, u64::MAX, history)?,
    };
    let mut recent: Vec<MovementView> = Vec::with_capacity(recent_raw.len());
    for m in &recent_raw {
        if m.sku == s.id {
            recent.push(movement_view(m, &s, &names, &chans));
        } else {
            let c = super::engine::sku_by_id(r, m.sku)?;
            recent.push(movement_view(m, &c, &names, &chans));
        }
    }
    super::kits::name_kits(r, &mut recent)?;
    Ok(SkuDetail {
        code: s.code.clone(),
        name: s.name.clone(),
        barcodes: s.barcodes.clone(),
        on_hand: total.on_hand,
        reserved: total.reserved,
        available: total.available(),
        defective: total.defective,
        min_stock: t.min,
        safety_stock: t.safety,
        reorder_point: t.reorder_point,
        min_source: t.min_source,
        safety_source: t.safety_source,
        status: a.status,
        velocity: per_day(a.velocity),
        sold: a.velocity.units,
        window_days: facts.window(),
        review_days: a.review_days,
        days_of_cover: a.days_of_cover,
        on_order: pos.on_order,
        backorders: pos.backorders,
        suggested: a.suggested,
        supplier: s.supplier.clone(),
        lead_days: s.lead_days,
        pack_size: s.pack_size,
        cost: s.cost.map(format_money),
        price: s.price.map(format_money),
        archived: s.archived,
        locations,
        sales_28d: sales.daily,
        forecast,
        weeks,
        recent,
        kit: super::kits::kit_view(r, s.id)?,
    })
}

pub fn location_names(r: &impl Reader) -> Result<HashMap<LocationId, String>> {
    Ok(r.locations()?
        .into_iter()
        .map(|l: Location| (l.id, l.name))
        .collect())
}

pub fn channel_names(r: &impl Reader) -> Result<HashMap<ChannelId, String>> {
    Ok(r.channels()?
        .into_iter()
        .map(|c: Channel| (c.id, c.name))
        .collect())
}

pub fn time_text(ms: Millis) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

pub fn movement_view(
    m: &Movement,
    s: &Sku,
    locs: &HashMap<LocationId, String>,
    chans: &HashMap<ChannelId, String>,
) -> MovementView {
    let location = match m.kind {
        crate::domain::MovementKind::Transfer { to } => format!(
            "{} -> {}",
            locs.get(&m.location).cloned().unwrap_or_default(),
            locs.get(&to).cloned().unwrap_or_default()
        ),
        _ => locs.get(&m.location).cloned().unwrap_or_default(),
    };
    MovementView {
        seq: m.seq,
        at: time_text(m.at),
        actor: m.actor.clone(),
        code: s.code.clone(),
        location,
        kind: m.kind.into(),
        qty: m.qty,
        on_hand_change: m.delta.on_hand,
        channel: m.channel.and_then(|c| chans.get(&c).cloned()),
        reservation: m.reservation,
        reference: m.reference.clone(),
        note: m.note.clone(),
        on_hand: m.after.on_hand,
        reserved: m.after.reserved,
        defective: m.after.defective,
        kit: None,
    }
}

pub(crate) fn history(
    r: &impl Reader,
    sku: Option<&str>,
    limit: usize,
) -> Result<Vec<MovementView>> {
    let locs = location_names(r)?;
    let chans = channel_names(r)?;
    let moves = match sku {
        Some(key) => {
            let s = resolve_sku(r, key)?;
            match r.kit(s.id)? {
                Some(k) => super::kits::kit_movements(r, &k, limit)?,
                None => r.movements_of_sku(s.id, u64::MAX, limit)?,
            }
        }
        None => r.recent_movements(limit)?,
    };
    let mut cache: HashMap<SkuId, Sku> = HashMap::new();
    let mut out = Vec::with_capacity(moves.len());
    for m in &moves {
        if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(m.sku) {
            e.insert(super::engine::sku_by_id(r, m.sku)?);
        }
        out.push(movement_view(m, &cache[&m.sku], &locs, &chans));
    }
    super::kits::name_kits(r, &mut out)?;
    Ok(out)
}

pub fn reservation_view_with(res: &Reservation, s: &Sku, loc: &str, ch: &str) -> ReservationView {
    ReservationView {
        reservation: res.id,
        status: res.status,
        channel: ch.to_string(),
        order: res.order_ref.clone(),
        code: s.code.clone(),
        name: s.name.clone(),
        barcodes: s.barcodes.clone(),
        location: loc.to_string(),
        qty: res.qty,
        remaining: res.remaining,
        picked: res.picked,
        delivery: res.delivery.method,
        destination: res.delivery.destination,
        address: res.delivery.address.clone(),
        created: time_text(res.created),
        created_ms: res.created,
        deadline: res.deadline.map(time_text),
        deadline_ms: res.deadline,
        tracking: res.tracking.clone(),
        short: 0,
        parts: Vec::new(),
    }
}

fn reservations(r: &impl Reader, channel: Option<&str>, all: bool) -> Result<Vec<ReservationView>> {
    let ch_filter = channel.map(|c| resolve_channel(r, c)).transpose()?;
    let list = if all {
        r.reservations()?
    } else {
        r.open_reservations()?
    };
    let locs = location_names(r)?;
    let chans = channel_names(r)?;
    let mut cache: HashMap<SkuId, Sku> = HashMap::new();
    // A kit's reservation carries its pick list.
    let kits: HashMap<SkuId, crate::domain::kit::Kit> =
        r.kits()?.into_iter().map(|k| (k.kit, k)).collect();
    let mut out = Vec::new();
    for res in list {
        if ch_filter.as_ref().is_some_and(|c| c.id != res.channel) {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(res.sku) {
            e.insert(super::engine::sku_by_id(r, res.sku)?);
        }
        let mut v = reservation_view_with(
            &res,
            &cache[&res.sku],
            locs.get(&res.location).map(String::as_str).unwrap_or(""),
            chans.get(&res.channel).map(String::as_str).unwrap_or(""),
        );
        if res.remaining > 0
            && let Some(k) = kits.get(&res.sku)
        {
            v.parts = super::kits_pick::pick_lines_of(r, &res, k, None)?;
        }
        out.push(v);
    }
    // Open reservations whose units are not all on the shelf (fewer on hand than reserved).
    let mut short: HashMap<u64, u64> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for (sku, loc, l) in r.all_levels()? {
        if l.on_hand < l.reserved && seen.insert((sku, loc)) {
            for (x, n) in super::stocktake::short_reservations(r, sku, loc)? {
                let was = short.entry(x.id).or_insert(0);
                *was = (*was).max(n);
            }
        }
    }
    for v in &mut out {
        v.short = short.get(&v.reservation).copied().unwrap_or(0);
    }
    // The packer's queue: oldest order first (ids follow commits, orders may be older).
    out.sort_by_key(|v| (v.created_ms, v.reservation));
    Ok(out)
}

/// The head of the packer's queue: every open reservation's record is read (in id order)
/// to find the oldest orders, but only the rows kept get their SKU and shortfall read.
fn reservation_queue(r: &impl Reader, limit: usize) -> Result<Vec<ReservationView>> {
    let mut open = r.open_reservations()?;
    let key = |x: &Reservation| (x.created, x.id);
    if open.len() > limit {
        if limit == 0 {
            return Ok(Vec::new());
        }
        open.select_nth_unstable_by_key(limit - 1, key);
        open.truncate(limit);
    }
    open.sort_by_key(key);
    let locs = location_names(r)?;
    let chans = channel_names(r)?;
    let mut cache: HashMap<SkuId, Sku> = HashMap::new();
    let mut short: HashMap<(SkuId, LocationId), HashMap<u64, u64>> = HashMap::new();
    let mut out = Vec::with_capacity(open.len());
    for res in &open {
        if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(res.sku) {
            e.insert(super::engine::sku_by_id(r, res.sku)?);
        }
        // A kit's reservation is short where one of its components is.
        let kit = r.kit(res.sku)?;
        let held: Vec<SkuId> = match &kit {
            Some(k) => k.parts.iter().map(|p| p.sku).collect(),
            None => vec![res.sku],
        };
        let mut res_short = 0;
        for sku in held {
            let place = (sku, res.location);
            if let std::collections::hash_map::Entry::Vacant(e) = short.entry(place) {
                let l = r.levels(sku, res.location)?;
                let mut found = HashMap::new();
                if l.on_hand < l.reserved {
                    for (x, n) in super::stocktake::short_reservations(r, sku, res.location)? {
                        found.insert(x.id, n);
                    }
                }
                e.insert(found);
            }
            let n = short.get(&place).and_then(|m| m.get(&res.id)).copied();
            res_short = res_short.max(n.unwrap_or(0));
        }
        let mut v = reservation_view_with(
            res,
            &cache[&res.sku],
            locs.get(&res.location).map(String::as_str).unwrap_or(""),
            chans.get(&res.channel).map(String::as_str).unwrap_or(""),
        );
        v.short = res_short;
        if let Some(k) = &kit {
            v.parts = super::kits_pick::pick_lines_of(r, res, k, None)?;
        }
        out.push(v);
    }
    Ok(out)
}

fn stock_lines(r: &impl Reader) -> Result<Vec<StockLine>> {
    let skus: HashMap<SkuId, Sku> = r.skus()?.into_iter().map(|s| (s.id, s)).collect();
    let locs = location_names(r)?;
    let mut out = Vec::new();
    for (sku, loc, l) in r.all_levels()? {
        if l.is_zero() {
            continue;
        }
        let Some(s) = skus.get(&sku) else { continue };
        out.push(StockLine {
            code: s.code.clone(),
            name: s.name.clone(),
            location: locs.get(&loc).cloned().unwrap_or_default(),
            on_hand: l.on_hand,
            reserved: l.reserved,
            available: l.available(),
            defective: l.defective,
        });
    }
    out.sort_by(|a, b| (&a.code, &a.location).cmp(&(&b.code, &b.location)));
    Ok(out)
}

fn ledger(r: &impl Reader) -> Result<Vec<MovementView>> {
    let skus: HashMap<SkuId, Sku> = r.skus()?.into_iter().map(|s| (s.id, s)).collect();
    let locs = location_names(r)?;
    let chans = channel_names(r)?;
    let mut out = Vec::new();
    let mut missing = None;
    r.for_each_movement(&mut |m| {
        match skus.get(&m.sku) {
            Some(s) => out.push(movement_view(&m, s, &locs, &chans)),
            None => missing = Some(m.sku),
        }
        true
    })?;
    if let Some(id) = missing {
        return Err(
            crate::store::StoreError::Corrupt(format!("ledger names unknown SKU #{id}")).into(),
        );
    }
    Ok(out)
}
