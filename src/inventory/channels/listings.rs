//! What the channels show: the matrix of published quantities, the feeds, and the
//! quantities a channel says it lists (for drift).

use super::*;

/// One (SKU, channel) cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub channel: String,
    pub published: u64,
    pub listed: Option<u64>,
    /// listed - published: above 0 is an oversell risk, below 0 lost sales.
    pub drift: Option<i64>,
    /// Why the channel shows 0, when a rule withholds the stock.
    pub withheld: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub code: String,
    pub name: String,
    pub available: i64,
    /// The SKU's status, the same word the SKU list shows; what the channels withhold
    /// follows from it.
    pub status: StockStatus,
    pub channels: Vec<MatrixCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedRow {
    pub code: String,
    pub barcode: String,
    pub qty: u64,
}

pub fn import_listed(
    tx: &WriteTx,
    ctx: &crate::inventory::engine::Ctx,
    channel: &str,
    file: &str,
    rows: &[Located<crate::inventory::StockRow>],
) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    let mut errors = Vec::new();
    let mut plan = Vec::new();
    for row in rows {
        match resolve_sku(tx, &row.row.sku) {
            Ok(s) => plan.push((s.id, row.row.on_hand)),
            Err(e) => errors.push(RowError {
                file: file.to_string(),
                line: row.line,
                column: row.column_of("code"),
                message: e.into(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    for (sku, qty) in &plan {
        tx.set_listed(ch.id, *sku, *qty)?;
    }
    // What the channel shows is known as of now: the Channels pane's "last synced".
    tx.set_synced_at(ch.id, ctx.now)?;
    Ok(Outcome::ListedImported {
        channel: ch.name,
        rows: plan.len(),
    })
}

/// Remembers what a feed file said, so `--changed-only` can leave out what did not change.
pub fn mark_feed(tx: &WriteTx, channel: &str, rows: &[FeedRow]) -> Result<Outcome> {
    let ch = resolve_channel(tx, channel)?;
    for row in rows {
        let s = resolve_sku(tx, &row.code)?;
        tx.set_feed_sent(ch.id, s.id, row.qty)?;
    }
    Ok(Outcome::FeedMarked {
        channel: ch.name,
        rows: rows.len(),
    })
}

/// Per SKU, its levels at every location.
fn levels_by_sku(
    r: &impl Reader,
) -> Result<HashMap<SkuId, Vec<(crate::domain::LocationId, Levels)>>> {
    let mut m: HashMap<SkuId, Vec<_>> = HashMap::new();
    let kit_rows = crate::inventory::kits::kit_level_rows(r)?;
    let kits: std::collections::HashSet<SkuId> = kit_rows.iter().map(|(s, _, _)| *s).collect();
    // A kit's stored levels are its made kits, which its read levels already count.
    for (s, l, lv) in r.all_levels()? {
        if !kits.contains(&s) {
            m.entry(s).or_default().push((l, lv));
        }
    }
    // A kit's levels at each location: its made kits plus what its components allow.
    for (s, l, lv) in kit_rows {
        m.entry(s).or_default().push((l, lv));
    }
    Ok(m)
}

/// The SKU's status over all its locations, as the SKU list has it.
fn status_of(
    r: &impl Reader,
    facts: &crate::inventory::replenish::StockFacts,
    s: &Sku,
    levels: &[(crate::domain::LocationId, Levels)],
) -> Result<StockStatus> {
    let total = levels.iter().fold(Levels::default(), |t, (_, l)| t.add(l));
    Ok(facts.assess(r, s, &total)?.status)
}

pub fn matrix(
    r: &(impl crate::store::market::MarketReader + EconomicsReader + crate::store::ApiSent),
    now: Millis,
) -> Result<(Vec<RulesView>, Vec<MatrixRow>)> {
    let mut chans = r.channels()?;
    chans.sort_by_key(|c| (c.priority, c.id));
    let levels = levels_by_sku(r)?;
    let facts = crate::inventory::replenish::StockFacts::load(r, now)?;
    let listed: Vec<HashMap<SkuId, u64>> = chans
        .iter()
        .map(|c| r.listed(c.id))
        .collect::<std::result::Result<_, _>>()?;
    let listings = chans
        .iter()
        .map(|c| crate::inventory::market::listing_of(r, c.id))
        .collect::<Result<Vec<_>>>()?;
    let mut rows = Vec::new();
    for s in r.skus()? {
        let lv = levels.get(&s.id).map(Vec::as_slice).unwrap_or(&[]);
        let available = lv.iter().map(|(_, l)| l.available()).sum();
        let status = status_of(r, &facts, &s, lv)?;
        let cells = chans
            .iter()
            .zip(&listed)
            .zip(&listings)
            .map(|((c, lst), listing)| {
                let mut a = allocation::allocate(c, lv, status);
                let unlisted = listing.as_ref().is_some_and(|l| !l.contains(&s.id));
                if unlisted {
                    a.qty = 0;
                }
                let listed = lst.get(&s.id).copied();
                MatrixCell {
                    channel: c.name.clone(),
                    published: a.qty,
                    listed,
                    drift: listed.map(|l| match allocation::drift(l, a.qty) {
                        Drift::OversellRisk(n) => n as i64,
                        Drift::LostSales(n) => -(n as i64),
                        Drift::InStep => 0,
                    }),
                    withheld: if unlisted {
                        Some(crate::inventory::market::NOT_LISTED.to_string())
                    } else {
                        a.withheld.map(|w| w.as_str().to_string())
                    },
                }
            })
            .collect();
        rows.push(MatrixRow {
            code: s.code,
            name: s.name,
            available,
            status,
            channels: cells,
        });
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    let views = chans
        .iter()
        .map(|c| rules_view(r, c))
        .collect::<Result<_>>()?;
    Ok((views, rows))
}

/// Per channel name, how many SKUs drift: the channel lists another quantity than the
/// matrix says it should show.
pub fn drift_counts(rows: &[MatrixRow]) -> HashMap<String, u64> {
    let mut out: HashMap<String, u64> = HashMap::new();
    for cell in rows.iter().flat_map(|r| &r.channels) {
        let n = out.entry(cell.channel.clone()).or_default();
        if cell.drift.is_some_and(|d| d != 0) {
            *n += 1;
        }
    }
    out
}

/// What a channel should show now; with `changed_only`, just what differs from its last feed.
pub fn feed(
    r: &impl crate::store::market::MarketReader,
    channel: &str,
    changed_only: bool,
    now: Millis,
) -> Result<Vec<FeedRow>> {
    let ch = resolve_channel(r, channel)?;
    let levels = levels_by_sku(r)?;
    let facts = crate::inventory::replenish::StockFacts::load(r, now)?;
    let sent = if changed_only {
        r.feed_sent(ch.id)?
    } else {
        HashMap::new()
    };
    let listing = crate::inventory::market::listing_of(r, ch.id)?;
    let mut out = Vec::new();
    for s in r.skus()? {
        // A SKU the channel does not list is left out of its feed.
        if listing.as_ref().is_some_and(|l| !l.contains(&s.id)) {
            continue;
        }
        let lv = levels.get(&s.id).map(Vec::as_slice).unwrap_or(&[]);
        let qty = allocation::published(&ch, lv, status_of(r, &facts, &s, lv)?);
        if changed_only && sent.get(&s.id) == Some(&qty) {
            continue;
        }
        out.push(FeedRow {
            code: s.code.clone(),
            barcode: s.barcodes.first().cloned().unwrap_or_default(),
            qty,
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}
