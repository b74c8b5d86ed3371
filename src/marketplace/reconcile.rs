//! The daily reconciliation of a channel: what its marketplace shows, per SKU, against
//! what the matrix says the channel may show. More shown than may be shown is an
//! oversell risk (a SKU the channel does not list but the marketplace still shows is
//! one too); less is lost sales. The marketplace's side comes from its API (read only)
//! or from its stock report file; the corrections go out through the sync's own push.

use std::collections::HashMap;

use serde::Serialize;

use super::api::{ozon, wildberries};
use super::config::Keys;
use super::items;
use super::sync::{Problem, Report, Stop, Sync, bad};
use crate::inventory::channels::{FeedRow, MatrixRow};
use crate::inventory::market::NOT_LISTED;

/// One SKU the marketplace shows otherwise than it may.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub code: String,
    pub name: String,
    /// What the marketplace shows.
    pub shows: u64,
    /// What the matrix says the channel may show (0 for a SKU it does not list).
    pub may_show: u64,
    /// How far apart the two are.
    pub gap: u64,
    /// Whether the channel lists the SKU (`channel list-skus`).
    pub listed: bool,
}

/// What a reconciliation found (and, with `--fix`, what its push did).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    pub channel: String,
    /// Where the marketplace's side came from: its API, or a file.
    pub source: String,
    /// SKUs compared.
    pub checked: usize,
    pub in_step: usize,
    /// The marketplace shows more than the channel may show: largest gap first.
    pub oversell: Vec<Gap>,
    /// The marketplace shows less: largest gap first.
    pub lost_sales: Vec<Gap>,
    /// SKUs the channel lists that the marketplace has no line for (no card, no offer).
    pub not_on_marketplace: Vec<String>,
    /// Lines of the marketplace's side no SKU answers to.
    pub unknown: Vec<Problem>,
    /// What `--fix` pushed (or, with `--dry-run`, would send).
    pub fix: Option<Report>,
    /// Why the marketplace could not be read.
    pub error: Option<String>,
}

impl Reconciliation {
    /// Whether the marketplace shows anything otherwise than it may.
    pub fn drift(&self) -> bool {
        !self.oversell.is_empty() || !self.lost_sales.is_empty()
    }

    /// Units over and under, in all.
    pub fn units(&self) -> (u64, u64) {
        let sum = |v: &[Gap]| v.iter().fold(0u64, |t, g| t.saturating_add(g.gap));
        (sum(&self.oversell), sum(&self.lost_sales))
    }

    /// The quantities that correct every gap: oversell risks first.
    pub fn corrections(&self, barcodes: &HashMap<String, String>) -> Vec<FeedRow> {
        self.oversell
            .iter()
            .chain(&self.lost_sales)
            .map(|g| FeedRow {
                code: g.code.clone(),
                barcode: barcodes.get(&g.code).cloned().unwrap_or_default(),
                qty: g.may_show,
            })
            .collect()
    }
}

/// Compares what the marketplace shows (by our SKU code) with the channel's column of the
/// matrix. A SKU the marketplace has no line for is not compared: when the channel lists
/// it, it is named in `not_on_marketplace`.
pub fn compare(rows: &[MatrixRow], channel: &str, shown: &HashMap<String, u64>) -> Reconciliation {
    let mut r = Reconciliation {
        channel: channel.to_string(),
        ..Default::default()
    };
    for row in rows {
        let Some(cell) = row.channels.iter().find(|c| c.channel == channel) else {
            continue;
        };
        let listed = cell.withheld.as_deref() != Some(NOT_LISTED);
        let Some(&shows) = shown.get(&row.code) else {
            if listed {
                r.not_on_marketplace.push(row.code.clone());
            }
            continue;
        };
        r.checked += 1;
        let may_show = cell.published;
        let gap = Gap {
            code: row.code.clone(),
            name: row.name.clone(),
            shows,
            may_show,
            gap: shows.abs_diff(may_show),
            listed,
        };
        match shows.cmp(&may_show) {
            std::cmp::Ordering::Greater => r.oversell.push(gap),
            std::cmp::Ordering::Less => r.lost_sales.push(gap),
            std::cmp::Ordering::Equal => r.in_step += 1,
        }
    }
    let order = |a: &Gap, b: &Gap| b.gap.cmp(&a.gap).then_with(|| a.code.cmp(&b.code));
    r.oversell.sort_by(order);
    r.lost_sales.sort_by(order);
    r
}

/// A SKU as the marketplace's side is matched: its code and first barcode.
#[derive(Debug, Clone)]
pub struct SkuKey {
    pub code: String,
    pub barcode: String,
}

/// What the marketplace's API says each SKU shows (by our code); SKUs it has no line for
/// are left out. Read only: nothing is sent but questions. The outer error is the
/// store's; the inner one says why the marketplace could not be read.
pub fn read_api(
    sync: &Sync<'_>,
    skus: &[SkuKey],
) -> Result<Result<HashMap<String, u64>, String>, crate::inventory::Error> {
    match read_shown(sync, skus) {
        Ok(m) => Ok(Ok(m)),
        Err(Stop::Api(e)) => Ok(Err(e.to_string())),
        Err(Stop::Store(crate::inventory::Error::Store(e))) => {
            Err(crate::inventory::Error::Store(e))
        }
        Err(Stop::Store(e)) => Ok(Err(crate::i18n::error_text(&e))),
    }
}

fn read_shown(sync: &Sync<'_>, skus: &[SkuKey]) -> Result<HashMap<String, u64>, Stop> {
    let map = sync.mapping()?;
    let mut ids: Vec<(String, String)> = Vec::new();
    for s in skus {
        let row = FeedRow {
            code: s.code.clone(),
            barcode: s.barcode.clone(),
            qty: 0,
        };
        if let Some(id) = items::item_id(sync.api.kind, &map, &row) {
            ids.push((id, s.code.clone()));
        }
    }
    match &sync.api.keys {
        Keys::Ozon(k) => read_ozon(sync, k, &ids),
        Keys::Wildberries(t) => read_wb(sync, t, &ids),
    }
}

fn read_ozon(
    sync: &Sync<'_>,
    k: &ozon::Keys,
    ids: &[(String, String)],
) -> Result<HashMap<String, u64>, Stop> {
    let code_of: HashMap<&str, &str> = ids.iter().map(|(i, c)| (i.as_str(), c.as_str())).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(ozon::STOCK_INFO_BATCH) {
        let offers: Vec<String> = chunk.iter().map(|(i, _)| i.clone()).collect();
        let mut cursor = String::new();
        // A bound on pages, not a limit anyone meets: 100 offers fill one page.
        for _ in 0..100 {
            let r = ozon::stock_info_request(k, &offers, &cursor);
            let resp = sync.call(&r, ozon::STOCK_INFO_PATH)?;
            let (page, next) =
                ozon::stock_info(&resp.body).map_err(|m| bad(ozon::STOCK_INFO_PATH, m))?;
            for (offer, n) in page {
                if let Some(code) = code_of.get(offer.as_str()) {
                    let e = out.entry(code.to_string()).or_insert(0u64);
                    *e = e.saturating_add(n);
                }
            }
            match next {
                Some(c) if c != cursor => cursor = c,
                _ => break,
            }
        }
    }
    Ok(out)
}

fn read_wb(
    sync: &Sync<'_>,
    t: &wildberries::Token,
    ids: &[(String, String)],
) -> Result<HashMap<String, u64>, Stop> {
    let sizes = sync.size_ids(t)?;
    let mut code_of: HashMap<u64, String> = HashMap::new();
    for (barcode, code) in ids {
        if let Some(c) = sizes.get(barcode) {
            code_of.insert(*c, code.clone());
        }
    }
    let mut chrts: Vec<u64> = code_of.keys().copied().collect();
    chrts.sort_unstable();
    // A size the answer leaves out shows nothing.
    let mut out: HashMap<String, u64> = code_of.values().map(|c| (c.clone(), 0)).collect();
    for r in wildberries::stock_info_requests(t, sync.api.warehouse, &chrts) {
        let what = r.path.clone();
        let resp = sync.call(&r, &what)?;
        for (chrt, amount) in wildberries::stock_info(&resp.body).map_err(|m| bad(&what, m))? {
            if let Some(code) = code_of.get(&chrt) {
                out.insert(code.clone(), amount);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StockStatus;
    use crate::inventory::channels::MatrixCell;

    fn row(code: &str, published: u64, withheld: Option<&str>) -> MatrixRow {
        MatrixRow {
            code: code.into(),
            name: format!("{code} name"),
            available: 10,
            status: StockStatus::Ok,
            channels: vec![MatrixCell {
                channel: "Ozon".into(),
                published,
                listed: None,
                drift: None,
                withheld: withheld.map(str::to_string),
            }],
        }
    }

    #[test]
    fn oversell_first_largest_gap_first_then_lost_sales_and_unlisted_shown_is_a_risk() {
        let rows = vec![
            row("A", 5, None),
            row("B", 2, None),
            row("C", 0, Some(NOT_LISTED)),
            row("D", 4, None),
            row("E", 3, None),
            row("F", 1, None),
            row("G", 0, Some(NOT_LISTED)),
        ];
        let shown: HashMap<String, u64> = [("A", 6), ("B", 9), ("C", 3), ("D", 0), ("E", 3)]
            .into_iter()
            .map(|(c, n)| (c.to_string(), n))
            .collect();
        let r = compare(&rows, "Ozon", &shown);
        let codes = |v: &[Gap]| v.iter().map(|g| g.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&r.oversell), ["B", "C", "A"]);
        assert_eq!(r.oversell[0].gap, 7);
        assert!(!r.oversell[1].listed);
        assert_eq!(codes(&r.lost_sales), ["D"]);
        assert_eq!(r.in_step, 1);
        assert_eq!(r.checked, 5);
        assert_eq!(r.not_on_marketplace, ["F"], "G is not listed: not missed");
        assert_eq!(r.units(), (11, 4));
        assert!(r.drift());
        let fix = r.corrections(&HashMap::new());
        assert_eq!(
            fix.iter()
                .map(|f| (f.code.as_str(), f.qty))
                .collect::<Vec<_>>(),
            [("B", 2), ("C", 0), ("A", 5), ("D", 4)]
        );
    }

    #[test]
    fn ozon_shows_fbs_present_less_reserved_and_wb_amounts_read() {
        let body = r#"{"items":[
            {"offer_id":"A","product_id":1,"stocks":[{"type":"fbo","present":50,"reserved":0},
                {"type":"fbs","present":7,"reserved":2}]},
            {"offer_id":"B","product_id":2,"stocks":[]}],"cursor":"x","total":2}"#;
        let (page, next) = ozon::stock_info(body).expect("page");
        assert_eq!(page, vec![("A".to_string(), 5), ("B".to_string(), 0)]);
        assert_eq!(next, None, "a page that is not full is the last");
        assert!(ozon::stock_info(r#"{"result":[]}"#).is_err());
        let wb = wildberries::stock_info(r#"{"stocks":[{"chrtId":11,"amount":4}]}"#);
        assert_eq!(wb, Ok(vec![(11, 4)]));
        assert!(wildberries::stock_info(r#"{"stocks":[{"chrtId":11}]}"#).is_err());
    }
}
