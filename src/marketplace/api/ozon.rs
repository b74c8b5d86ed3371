//! The Ozon Seller API (api-seller.ozon.ru), as documented at docs.ozon.ru/api/seller:
//! `POST /v2/products/stocks` (stocks by offer id and warehouse, at most 100 per request,
//! an answer per item) and `POST /v3/posting/fbs/list` (FBS postings in a time window, at
//! most 1000 a page, `has_next` for the next); and for `reconcile`, `POST
//! /v4/product/info/stocks` (what each offer id shows, by cursor pages of 100). Every
//! request carries `Client-Id` and `Api-Key`.

use serde_json::{Value, json};

use super::{Header, Host, Method, OrderLine, Request, millis};
use crate::inventory::channels::OrderStatus;

pub const DEFAULT_URL: &str = "https://api-seller.ozon.ru";
pub const STOCKS_PATH: &str = "/v2/products/stocks";
/// Items in one stocks request.
pub const STOCKS_BATCH: usize = 100;
pub const POSTINGS_PATH: &str = "/v3/posting/fbs/list";
/// Postings in one page.
pub const POSTINGS_LIMIT: u64 = 1000;

/// The seller's keys: `Client-Id` and `Api-Key`.
#[derive(Clone, PartialEq, Eq)]
pub struct Keys {
    pub client_id: String,
    pub api_key: String,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(***)")
    }
}

fn headers(k: &Keys) -> Vec<Header> {
    vec![
        Header {
            name: "Client-Id",
            value: k.client_id.clone(),
            secret: true,
        },
        Header {
            name: "Api-Key",
            value: k.api_key.clone(),
            secret: true,
        },
        Header {
            name: "Content-Type",
            value: "application/json".into(),
            secret: false,
        },
    ]
}

/// One stocks request per 100 items: (offer id, quantity) at the warehouse.
pub fn stock_requests(k: &Keys, warehouse: u64, items: &[(String, u64)]) -> Vec<Request> {
    items
        .chunks(STOCKS_BATCH)
        .map(|chunk| Request {
            method: Method::Post,
            host: Host::Main,
            path: STOCKS_PATH.into(),
            headers: headers(k),
            body: Some(json!({
                "stocks": chunk
                    .iter()
                    .map(|(offer, qty)| json!({
                        "offer_id": offer,
                        "stock": qty,
                        "warehouse_id": warehouse,
                    }))
                    .collect::<Vec<_>>()
            })),
        })
        .collect()
}

/// Ozon's answer for one item of a stocks request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockResult {
    pub offer_id: String,
    pub updated: bool,
    /// "CODE: message" per error.
    pub errors: Vec<String>,
}

/// `{"result":[{"offer_id","updated","errors":[{"code","message"}]}]}`.
pub fn stock_results(body: &str) -> Result<Vec<StockResult>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let items = v
        .get("result")
        .and_then(Value::as_array)
        .ok_or("no \"result\" list")?;
    Ok(items
        .iter()
        .map(|it| StockResult {
            offer_id: it
                .get("offer_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            updated: it.get("updated").and_then(Value::as_bool).unwrap_or(false),
            errors: it
                .get("errors")
                .and_then(Value::as_array)
                .map(|es| {
                    es.iter()
                        .map(|e| {
                            let code = e.get("code").and_then(Value::as_str).unwrap_or("");
                            let msg = e.get("message").and_then(Value::as_str).unwrap_or("");
                            match (code.is_empty(), msg.is_empty()) {
                                (false, false) => format!("{code}: {msg}"),
                                (false, true) => code.to_string(),
                                _ => msg.to_string(),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}

/// One page of FBS postings processed from `since` to `to` (RFC 3339), oldest first.
pub fn postings_request(k: &Keys, since: &str, to: &str, offset: u64) -> Request {
    Request {
        method: Method::Post,
        host: Host::Main,
        path: POSTINGS_PATH.into(),
        headers: headers(k),
        body: Some(json!({
            "dir": "ASC",
            "filter": { "since": since, "to": to },
            "limit": POSTINGS_LIMIT,
            "offset": offset,
            "with": { "analytics_data": false, "barcodes": false, "financial_data": false },
        })),
    }
}

/// What an Ozon posting status means here: `Some(None)` is a status that asks nothing of
/// the stock (an arbitration); `None` is a status this version does not know.
pub fn status(s: &str) -> Option<Option<OrderStatus>> {
    Some(match s {
        "awaiting_registration"
        | "acceptance_in_progress"
        | "awaiting_approve"
        | "awaiting_packaging"
        | "awaiting_deliver"
        | "awaiting_verification" => Some(OrderStatus::New),
        "driver_pickup" | "sent_by_seller" | "delivering" | "delivered" => {
            Some(OrderStatus::Shipped)
        }
        "cancelled" | "not_accepted" | "cancelled_from_split_pending" => {
            Some(OrderStatus::Cancelled)
        }
        "arbitration" | "client_arbitration" => None,
        _ => return None,
    })
}

/// One page of postings: its order lines (one per product), the statuses it did not know,
/// and whether another page follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingsPage {
    pub lines: Vec<OrderLine>,
    pub unknown: Vec<(String, String)>,
    /// Postings left out for a quantity that is no whole number: (posting number, quantity).
    pub bad_qty: Vec<(String, String)>,
    pub has_next: bool,
}

/// `{"result":{"postings":[{"posting_number","status","in_process_at","products":[{"offer_id","quantity"}]}],"has_next"}}`.
pub fn postings(body: &str) -> Result<PostingsPage, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let result = v.get("result").ok_or("no \"result\"")?;
    let list = result
        .get("postings")
        .and_then(Value::as_array)
        .ok_or("no \"postings\" list")?;
    let mut page = PostingsPage {
        has_next: result
            .get("has_next")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        ..Default::default()
    };
    for p in list {
        let number = p
            .get("posting_number")
            .and_then(Value::as_str)
            .ok_or("a posting without \"posting_number\"")?;
        let st = p.get("status").and_then(Value::as_str).unwrap_or("");
        let Some(status) = status(st) else {
            page.unknown.push((number.to_string(), st.to_string()));
            continue;
        };
        let created = p
            .get("in_process_at")
            .and_then(Value::as_str)
            .and_then(millis);
        for pr in p
            .get("products")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let offer = pr
                .get("offer_id")
                .and_then(Value::as_str)
                .ok_or("a product without \"offer_id\"")?;
            let Some(qty) = pr.get("quantity").and_then(Value::as_u64) else {
                let raw = pr
                    .get("quantity")
                    .map(Value::to_string)
                    .unwrap_or_else(|| "-".into());
                page.bad_qty.push((number.to_string(), raw));
                continue;
            };
            page.lines.push(OrderLine {
                order_ref: number.to_string(),
                item: offer.to_string(),
                qty,
                status,
                created,
            });
        }
    }
    Ok(page)
}

pub const STOCK_INFO_PATH: &str = "/v4/product/info/stocks";
/// Offer ids asked in one stock info request (and items in one page of its answer).
pub const STOCK_INFO_BATCH: usize = 100;

/// What Ozon shows of these offer ids: one page from `cursor` ("" for the first).
pub fn stock_info_request(k: &Keys, offers: &[String], cursor: &str) -> Request {
    Request {
        method: Method::Post,
        host: Host::Main,
        path: STOCK_INFO_PATH.into(),
        headers: headers(k),
        body: Some(json!({
            "filter": { "offer_id": offers, "visibility": "ALL" },
            "cursor": cursor,
            "limit": STOCK_INFO_BATCH,
        })),
    }
}

/// One page of stock info: (offer id, units buyers can order from the seller's own
/// warehouses) and the next page's cursor, if any.
pub type StockInfoPage = (Vec<(String, u64)>, Option<String>);

/// `{"items":[{"offer_id","stocks":[{"type","present","reserved"}]}],"cursor","total"}`:
/// an offer shows what is present and not reserved at the FBS warehouses (`type` "fbs";
/// FBO stock is Ozon's own and not ours to set).
pub fn stock_info(body: &str) -> Result<StockInfoPage, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .ok_or("no \"items\" list")?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let offer = it
            .get("offer_id")
            .and_then(Value::as_str)
            .ok_or("an item without \"offer_id\"")?;
        let mut shown = 0u64;
        for st in it
            .get("stocks")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            if st.get("type").and_then(Value::as_str) != Some("fbs") {
                continue;
            }
            let n = |k: &str| st.get(k).and_then(Value::as_u64).unwrap_or(0);
            shown = shown.saturating_add(n("present").saturating_sub(n("reserved")));
        }
        out.push((offer.to_string(), shown));
    }
    let cursor = v
        .get("cursor")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty() && items.len() >= STOCK_INFO_BATCH)
        .map(str::to_string);
    Ok((out, cursor))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys {
            client_id: "1234".into(),
            api_key: "secret-key-1".into(),
        }
    }

    #[test]
    fn stocks_go_in_hundreds_with_the_warehouse() {
        let items: Vec<(String, u64)> = (0..250).map(|i| (format!("A-{i}"), i)).collect();
        let rs = stock_requests(&keys(), 77, &items);
        assert_eq!(rs.len(), 3);
        let body = rs[2].body.as_ref().unwrap();
        assert_eq!(body["stocks"].as_array().unwrap().len(), 50);
        assert_eq!(body["stocks"][0]["offer_id"], "A-200");
        assert_eq!(body["stocks"][0]["warehouse_id"], 77);
        assert!(!rs[0].shown(DEFAULT_URL).contains("secret-key-1"));
        assert!(rs[0].shown(DEFAULT_URL).contains("Api-Key: ***"));
    }

    #[test]
    fn postings_give_one_line_per_product_and_keep_unknown_statuses_apart() {
        let body = r#"{"result":{"postings":[
            {"posting_number":"1-1-1","status":"awaiting_packaging","in_process_at":"2026-03-01T10:00:00Z",
             "products":[{"offer_id":"TEA-1","quantity":2,"sku":1},{"offer_id":"TEA-2","quantity":1,"sku":2}]},
            {"posting_number":"1-1-2","status":"moon_landing","products":[]},
            {"posting_number":"1-1-3","status":"cancelled","products":[{"offer_id":"TEA-1","quantity":1}]}
        ],"has_next":true}}"#;
        let p = postings(body).unwrap();
        assert!(p.has_next);
        assert_eq!(p.lines.len(), 3);
        assert_eq!(p.lines[1].item, "TEA-2");
        assert_eq!(p.lines[0].status, Some(OrderStatus::New));
        assert_eq!(p.lines[2].status, Some(OrderStatus::Cancelled));
        assert_eq!(p.unknown, vec![("1-1-2".into(), "moon_landing".into())]);
    }
}
