//! One sync of a channel: pull its new and changed orders (applied as an order file is,
//! all or nothing, so pulling twice changes nothing), then push the quantities the matrix
//! says it may show that its API has not accepted yet, batch by batch. Only what the API
//! confirms is remembered as sent; a timeout or a refused request stops the sync there.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde::Serialize;

use super::api::wildberries::SizeId;
use super::api::{self, ApiError, Host, Request, Response, Transport, ozon, wildberries};
use super::config::{ChannelApi, Keys};
use super::items;
use crate::domain::Millis;
use crate::domain::limits::{MAX_NAME, MAX_QTY};
use crate::i18n::fill;
use crate::inventory::channels::{FeedRow, OrderRow, OrdersSummary, parse_delivery};
use crate::inventory::{Command, Inventory, InventoryExt, Located, Outcome};

/// Something about one SKU or order that did not go through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Our SKU code, or the marketplace's order number (cleaned for the terminal).
    pub what: String,
    pub message: String,
}

/// Marketplace text made safe to show: control characters replaced, cut to a line.
fn shown(s: &str) -> String {
    api::scrub(s, &[])
}

/// An order left out, and why.
fn problem(order_ref: &str, message: String) -> Problem {
    Problem {
        what: shown(order_ref),
        message,
    }
}

/// What a sync did (or, with `--dry-run`, would send).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub channel: String,
    pub api: String,
    pub dry_run: bool,
    /// The requests `--dry-run` would send, credentials masked.
    pub requests: Vec<String>,
    /// The pulled orders as applied.
    pub orders: Option<OrdersSummary>,
    /// Orders not applied (an unknown item or status).
    pub orders_skipped: Vec<Problem>,
    /// Quantities the API confirmed.
    pub pushed: usize,
    /// Quantities it refused or never answered for, by SKU.
    pub failed: Vec<Problem>,
    /// Why the sync stopped early.
    pub error: Option<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.failed.is_empty() && self.orders_skipped.is_empty()
    }
}

/// The parts one sync works with; `sleep` is the pause between tries.
pub struct Sync<'a> {
    pub inv: &'a dyn Inventory,
    pub channel: &'a str,
    pub api: &'a ChannelApi,
    pub transport: &'a dyn Transport,
    pub sleep: &'a dyn Fn(Duration),
    pub now: Millis,
}

/// A problem that stops the sync: an API that failed, or a pull the store refused.
pub(crate) enum Stop {
    Api(ApiError),
    Store(crate::inventory::Error),
}

impl From<ApiError> for Stop {
    fn from(e: ApiError) -> Self {
        Stop::Api(e)
    }
}

impl From<crate::inventory::Error> for Stop {
    fn from(e: crate::inventory::Error) -> Self {
        Stop::Store(e)
    }
}

impl Sync<'_> {
    pub(crate) fn base(&self, r: &Request) -> &str {
        match r.host {
            Host::Main => &self.api.url,
            Host::Content => &self.api.content_url,
        }
    }

    pub(crate) fn call(&self, r: &Request, what: &str) -> Result<Response, ApiError> {
        api::call(
            self.transport,
            self.base(r),
            &self.api.settings,
            r,
            what,
            self.sleep,
        )
    }

    /// Runs the sync; an error here is the store's (the API's go into the report).
    pub fn run(&self, dry_run: bool) -> Result<Report, crate::inventory::Error> {
        let mut rep = Report {
            channel: self.channel.to_string(),
            api: self.api.kind.as_str().to_string(),
            dry_run,
            ..Default::default()
        };
        let pulled = self.pull(dry_run, &mut rep);
        let pushed = match pulled {
            Ok(()) => self.push(dry_run, &mut rep),
            Err(e) => Err(e),
        };
        // A sync that went through (each SKU refused or not) is the channel's last sync.
        let pushed = match pushed {
            Ok(()) if !dry_run => self.stamp(),
            other => other,
        };
        match pushed {
            Ok(()) => Ok(rep),
            Err(Stop::Api(e)) => {
                rep.error = Some(e.to_string());
                Ok(rep)
            }
            Err(Stop::Store(e)) => match e {
                crate::inventory::Error::Store(_) => Err(e),
                other => {
                    rep.error = Some(crate::i18n::error_text(&other));
                    Ok(rep)
                }
            },
        }
    }

    // ---- pull ----------------------------------------------------------------------

    fn pull(&self, dry_run: bool, rep: &mut Report) -> Result<(), Stop> {
        let lines = match &self.api.keys {
            Keys::Ozon(k) => self.pull_ozon(k, dry_run, rep)?,
            Keys::Wildberries(t) => self.pull_wb(t, dry_run, rep)?,
        };
        if dry_run {
            return Ok(());
        }
        // Items no SKU answers to are left out (and said), so one stray order does not
        // hold back the rest.
        let mut known: HashSet<String> = HashSet::new();
        for s in self.inv.sku_list(None, false)? {
            known.insert(s.code.to_lowercase());
            known.extend(s.barcodes.iter().map(|b| b.to_lowercase()));
        }
        let map = self.mapping()?;
        // An order with a line no order may have (a quantity of 0 or past the limit, an
        // unusable number) is left out whole and said; the rest are applied.
        let mut bad: HashSet<String> = HashSet::new();
        for l in &lines {
            if bad.contains(&l.order_ref) {
                continue;
            }
            let message = if crate::domain::limits::text(&l.order_ref, MAX_NAME).is_err() {
                fill("sync.bad_order_ref", &[&MAX_NAME])
            } else if l.qty == 0 || l.qty > MAX_QTY {
                fill("sync.bad_qty", &[&l.qty, &MAX_QTY])
            } else {
                continue;
            };
            bad.insert(l.order_ref.clone());
            rep.orders_skipped.push(problem(&l.order_ref, message));
        }
        let mut rows = Vec::new();
        for l in lines {
            if bad.contains(&l.order_ref) {
                continue;
            }
            let Some(status) = l.status else { continue };
            let sku = items::sku_of(self.api.kind, &map, &l.item);
            if !known.contains(&sku.to_lowercase()) {
                rep.orders_skipped.push(problem(
                    &l.order_ref,
                    fill("sync.unknown_item", &[&shown(&l.item)]),
                ));
                continue;
            }
            rows.push(Located {
                line: rows.len() as u64 + 1,
                columns: Vec::new(),
                row: OrderRow {
                    order_ref: l.order_ref,
                    sku,
                    qty: l.qty,
                    status,
                    delivery: parse_delivery(None, None),
                    created: l.created,
                },
            });
        }
        self.apply_orders(rows, rep)
    }

    /// Applies the pulled order lines. A posting the store refuses (one that says it
    /// shipped what the stock at hand cannot cover, say) is left out and said, as an
    /// unknown item is, and the rest are applied: one posting never holds back the others.
    fn apply_orders(&self, mut rows: Vec<Located<OrderRow>>, rep: &mut Report) -> Result<(), Stop> {
        // Each round leaves out at least one posting, so this ends.
        loop {
            if rows.is_empty() {
                rep.orders = Some(OrdersSummary::default());
                return Ok(());
            }
            for (i, r) in rows.iter_mut().enumerate() {
                r.line = i as u64 + 1;
            }
            let refused = match self.inv.execute(Command::ImportOrders {
                channel: self.channel.to_string(),
                file: format!("{} API", self.api.kind.as_str()),
                rows: rows.clone(),
            }) {
                Ok(applied) => {
                    match applied.outcome {
                        Outcome::OrdersImported(s) => rep.orders = Some(s),
                        Outcome::OrdersChanged { summary, .. } => rep.orders = Some(summary),
                        _ => {}
                    }
                    return Ok(());
                }
                Err(crate::inventory::Error::Input(crate::inventory::InputError::Rows(errs))) => {
                    errs
                }
                Err(e) => return Err(e.into()),
            };
            let mut out: HashSet<String> = HashSet::new();
            for e in &refused {
                let Some(r) = rows.get((e.line as usize).wrapping_sub(1)) else {
                    continue;
                };
                if out.insert(r.row.order_ref.clone()) {
                    rep.orders_skipped.push(problem(
                        &r.row.order_ref,
                        crate::i18n::row_message_text(&e.message),
                    ));
                }
            }
            if out.is_empty() {
                // Refused rows that name no line of ours: nothing to leave out.
                return Err(Stop::Store(crate::inventory::Error::Input(
                    crate::inventory::InputError::Rows(refused),
                )));
            }
            rows.retain(|r| !out.contains(&r.row.order_ref));
        }
    }

    fn pull_ozon(
        &self,
        k: &ozon::Keys,
        dry_run: bool,
        rep: &mut Report,
    ) -> Result<Vec<api::OrderLine>, Stop> {
        let since = api::rfc3339(self.now - i64::from(self.api.days) * 86_400_000);
        let to = api::rfc3339(self.now);
        let mut out = Vec::new();
        let mut offset = 0u64;
        // At most a million postings a window: a bound, not a limit anyone meets.
        for _ in 0..1000 {
            let r = ozon::postings_request(k, &since, &to, offset);
            if dry_run {
                rep.requests.push(r.shown(self.base(&r)));
                break;
            }
            let resp = self.call(&r, ozon::POSTINGS_PATH)?;
            let page = ozon::postings(&resp.body).map_err(|m| bad(ozon::POSTINGS_PATH, m))?;
            for (number, status) in page.unknown {
                rep.orders_skipped.push(problem(
                    &number,
                    fill("sync.unknown_status", &[&shown(&status)]),
                ));
            }
            let mut left_out = HashSet::new();
            for (number, qty) in page.bad_qty {
                if left_out.insert(number.clone()) {
                    rep.orders_skipped.push(problem(
                        &number,
                        fill("sync.bad_qty", &[&shown(&qty), &MAX_QTY]),
                    ));
                }
            }
            out.extend(
                page.lines
                    .into_iter()
                    .filter(|l| !left_out.contains(&l.order_ref)),
            );
            if !page.has_next {
                break;
            }
            offset += ozon::POSTINGS_LIMIT;
        }
        Ok(out)
    }

    fn pull_wb(
        &self,
        t: &wildberries::Token,
        dry_run: bool,
        rep: &mut Report,
    ) -> Result<Vec<api::OrderLine>, Stop> {
        let r = wildberries::new_orders_request(t);
        let mut out = Vec::new();
        if dry_run {
            rep.requests.push(r.shown(self.base(&r)));
        } else {
            let resp = self.call(&r, wildberries::NEW_ORDERS_PATH)?;
            out = wildberries::new_orders(&resp.body)
                .map_err(|m| bad(wildberries::NEW_ORDERS_PATH, m))?;
        }
        // The tasks this channel holds open here: what became of them.
        let fresh: HashSet<String> = out.iter().map(|l| l.order_ref.clone()).collect();
        let mut open: HashMap<u64, Vec<(String, u64)>> = HashMap::new();
        for v in self
            .inv
            .reservations(Some(self.channel.to_string()), false)?
        {
            if let Ok(id) = v.order.trim().parse::<u64>()
                && !fresh.contains(&v.order)
            {
                open.entry(id).or_default().push((v.code, v.qty));
            }
        }
        let mut ids: Vec<u64> = open.keys().copied().collect();
        ids.sort_unstable();
        for r in wildberries::status_requests(t, &ids) {
            if dry_run {
                rep.requests.push(r.shown(self.base(&r)));
                continue;
            }
            let resp = self.call(&r, wildberries::STATUS_PATH)?;
            for (id, status) in
                wildberries::statuses(&resp.body).map_err(|m| bad(wildberries::STATUS_PATH, m))?
            {
                for (code, qty) in open.get(&id).map(Vec::as_slice).unwrap_or(&[]) {
                    out.push(api::OrderLine {
                        order_ref: id.to_string(),
                        item: code.clone(),
                        qty: *qty,
                        status,
                        created: None,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The channel's item ids (`channel map`), read once per pull or push.
    pub(crate) fn mapping(&self) -> Result<items::Mapping, Stop> {
        Ok(items::Mapping::of(&self.inv.channel_setup(self.channel)?))
    }

    // ---- push ----------------------------------------------------------------------

    fn push(&self, dry_run: bool, rep: &mut Report) -> Result<(), Stop> {
        let rows = self.inv.sync_feed(self.channel)?;
        self.push_rows(rows, dry_run, rep)
    }

    /// Pushes exactly these quantities (what `reconcile --fix` corrects), as a sync does:
    /// the API's batches, only what it confirms remembered as sent. An error here is the
    /// store's; the API's go into the report.
    pub fn push_only(
        &self,
        rows: Vec<FeedRow>,
        dry_run: bool,
    ) -> Result<Report, crate::inventory::Error> {
        let mut rep = Report {
            channel: self.channel.to_string(),
            api: self.api.kind.as_str().to_string(),
            dry_run,
            ..Default::default()
        };
        match self.push_rows(rows, dry_run, &mut rep) {
            Ok(()) => Ok(rep),
            Err(Stop::Api(e)) => {
                rep.error = Some(e.to_string());
                Ok(rep)
            }
            Err(Stop::Store(crate::inventory::Error::Store(e))) => {
                Err(crate::inventory::Error::Store(e))
            }
            Err(Stop::Store(other)) => {
                rep.error = Some(crate::i18n::error_text(&other));
                Ok(rep)
            }
        }
    }

    fn push_rows(&self, rows: Vec<FeedRow>, dry_run: bool, rep: &mut Report) -> Result<(), Stop> {
        let map = self.mapping()?;
        let mut with_id = Vec::new();
        for row in rows {
            match items::item_id(self.api.kind, &map, &row) {
                Some(id) => with_id.push((id, row)),
                None => rep.failed.push(Problem {
                    what: row.code.clone(),
                    message: fill("sync.no_item_id", &[&self.api.kind.as_str()]),
                }),
            }
        }
        match &self.api.keys {
            Keys::Ozon(k) => self.push_ozon(k, with_id, dry_run, rep),
            Keys::Wildberries(t) => self.push_wb(t, with_id, dry_run, rep),
        }
    }

    /// Remembers when the channel was synced (nothing else changes).
    fn stamp(&self) -> Result<(), Stop> {
        self.inv.execute(Command::MarkSynced {
            channel: self.channel.to_string(),
            rows: Vec::new(),
        })?;
        Ok(())
    }

    fn mark(&self, rows: Vec<FeedRow>, rep: &mut Report) -> Result<(), Stop> {
        if rows.is_empty() {
            return Ok(());
        }
        rep.pushed += rows.len();
        self.inv.execute(Command::MarkSynced {
            channel: self.channel.to_string(),
            rows,
        })?;
        Ok(())
    }

    fn push_ozon(
        &self,
        k: &ozon::Keys,
        items: Vec<(String, FeedRow)>,
        dry_run: bool,
        rep: &mut Report,
    ) -> Result<(), Stop> {
        for chunk in items.chunks(ozon::STOCKS_BATCH) {
            let list: Vec<(String, u64)> =
                chunk.iter().map(|(id, r)| (id.clone(), r.qty)).collect();
            for r in ozon::stock_requests(k, self.api.warehouse, &list) {
                if dry_run {
                    rep.requests.push(r.shown(self.base(&r)));
                    continue;
                }
                let resp = self.call(&r, ozon::STOCKS_PATH)?;
                let results =
                    ozon::stock_results(&resp.body).map_err(|m| bad(ozon::STOCKS_PATH, m))?;
                let by_offer: HashMap<&str, &ozon::StockResult> =
                    results.iter().map(|x| (x.offer_id.as_str(), x)).collect();
                let mut done = Vec::new();
                for (id, row) in chunk {
                    match by_offer.get(id.as_str()) {
                        Some(x) if x.updated && x.errors.is_empty() => done.push(row.clone()),
                        Some(x) => rep.failed.push(Problem {
                            what: row.code.clone(),
                            message: if x.errors.is_empty() {
                                fill("sync.not_updated", &[])
                            } else {
                                api::scrub(&x.errors.join("; "), &r.secrets())
                            },
                        }),
                        None => rep.failed.push(Problem {
                            what: row.code.clone(),
                            message: fill("sync.no_answer", &[]),
                        }),
                    }
                }
                self.mark(done, rep)?;
            }
        }
        Ok(())
    }

    /// Barcode -> size id, read from the seller's cards.
    pub(crate) fn size_ids(&self, t: &wildberries::Token) -> Result<HashMap<String, u64>, Stop> {
        let mut out = HashMap::new();
        let mut cursor = None;
        for _ in 0..10_000 {
            let r = wildberries::cards_request(t, cursor.as_ref());
            let resp = self.call(&r, wildberries::CARDS_PATH)?;
            let (items, next) =
                wildberries::cards(&resp.body).map_err(|m| bad(wildberries::CARDS_PATH, m))?;
            out.extend(items);
            match next {
                Some(c) if Some(&c) != cursor.as_ref() => cursor = Some(c),
                _ => break,
            }
        }
        Ok(out)
    }

    fn push_wb(
        &self,
        t: &wildberries::Token,
        items: Vec<(String, FeedRow)>,
        dry_run: bool,
        rep: &mut Report,
    ) -> Result<(), Stop> {
        if items.is_empty() {
            return Ok(());
        }
        let sizes = if dry_run {
            let r = wildberries::cards_request(t, None);
            rep.requests.push(r.shown(self.base(&r)));
            HashMap::new()
        } else {
            self.size_ids(t)?
        };
        let mut ready: Vec<(SizeId, FeedRow)> = Vec::new();
        for (barcode, row) in items {
            if row.qty > 100_000 {
                rep.failed.push(Problem {
                    what: row.code.clone(),
                    message: fill("sync.too_many", &[&row.qty, &100_000]),
                });
                continue;
            }
            if dry_run {
                ready.push((SizeId::OfBarcode(barcode), row));
            } else {
                match sizes.get(&barcode) {
                    Some(c) => ready.push((SizeId::Chrt(*c), row)),
                    None => rep.failed.push(Problem {
                        what: row.code.clone(),
                        message: fill("sync.no_size", &[&barcode]),
                    }),
                }
            }
        }
        for chunk in ready.chunks(wildberries::STOCKS_BATCH) {
            let list: Vec<(SizeId, u64)> =
                chunk.iter().map(|(id, r)| (id.clone(), r.qty)).collect();
            for r in wildberries::stock_requests(t, self.api.warehouse, &list) {
                if dry_run {
                    rep.requests.push(r.shown(self.base(&r)));
                    continue;
                }
                let what = r.path.clone();
                match self.call_refusal(&r, &what)? {
                    None => self.mark(chunk.iter().map(|(_, row)| row.clone()).collect(), rep)?,
                    Some(body) => {
                        // Refused: nothing of this request counts as sent; the items it
                        // names are said with its reason, the others as not applied.
                        let errors = wildberries::stock_errors(&body);
                        let named: HashMap<u64, String> = errors
                            .iter()
                            .filter_map(|(c, m)| c.map(|c| (c, m.clone())))
                            .collect();
                        let general = errors
                            .iter()
                            .filter(|(c, _)| c.is_none())
                            .map(|(_, m)| m.clone())
                            .collect::<Vec<_>>()
                            .join("; ");
                        for (id, row) in chunk {
                            let message = match id {
                                SizeId::Chrt(c) => named.get(c).cloned(),
                                SizeId::OfBarcode(_) => None,
                            }
                            .unwrap_or_else(|| fill("sync.refused_with_others", &[&general]));
                            rep.failed.push(Problem {
                                what: row.code.clone(),
                                message: api::scrub(&message, &r.secrets()),
                            });
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Sends a stocks request: `None` when applied, the body of a 409 or 400 refusal,
    /// or the error that stops the sync.
    fn call_refusal(&self, r: &Request, what: &str) -> Result<Option<String>, Stop> {
        let resp = api::call_final(
            self.transport,
            self.base(r),
            &self.api.settings,
            r,
            what,
            self.sleep,
        )?;
        match resp.status {
            200..=299 => Ok(None),
            400 | 409 => Ok(Some(resp.body)),
            status => Err(Stop::Api(ApiError::Status {
                what: what.to_string(),
                status,
                message: api::scrub(&resp.body, &r.secrets()),
            })),
        }
    }
}

pub(crate) fn bad(what: &str, message: String) -> ApiError {
    ApiError::BadAnswer {
        what: what.to_string(),
        message: api::scrub(&message, &[]),
    }
}
