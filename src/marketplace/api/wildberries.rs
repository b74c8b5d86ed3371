//! The Wildberries Marketplace API (marketplace-api.wildberries.ru) as documented at
//! dev.wildberries.ru: `PUT /api/v3/stocks/{warehouseId}` (stocks per seller warehouse by
//! size id `chrtId`, at most 1000 per request; 204 when applied, 409 with the items it
//! refused), `GET /api/v3/orders/new` (new assembly tasks, one unit each),
//! `POST /api/v3/orders/status` (statuses of up to 1000 tasks); and the content API's
//! `POST /content/v2/get/cards/list`, where each card's sizes give `chrtID` for barcodes;
//! and for `reconcile`, `POST /api/v3/stocks/{warehouseId}` (what the warehouse shows of
//! up to 1000 size ids).
//! Every request carries the token in `Authorization`.

use serde_json::{Value, json};

use super::{Header, Host, Method, OrderLine, Request, millis};
use crate::inventory::channels::OrderStatus;

pub const DEFAULT_URL: &str = "https://marketplace-api.wildberries.ru";
pub const DEFAULT_CONTENT_URL: &str = "https://content-api.wildberries.ru";
/// Items in one stocks request.
pub const STOCKS_BATCH: usize = 1000;
/// Tasks in one status request.
pub const STATUS_BATCH: usize = 1000;
pub const CARDS_PATH: &str = "/content/v2/get/cards/list";
pub const NEW_ORDERS_PATH: &str = "/api/v3/orders/new";
pub const STATUS_PATH: &str = "/api/v3/orders/status";
/// Cards in one page of the cards list.
pub const CARDS_LIMIT: u64 = 100;

/// The seller's API token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(pub String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

fn headers(t: &Token, body: bool) -> Vec<Header> {
    let mut h = vec![Header {
        name: "Authorization",
        value: t.0.clone(),
        secret: true,
    }];
    if body {
        h.push(Header {
            name: "Content-Type",
            value: "application/json".into(),
            secret: false,
        });
    }
    h
}

/// What a stocks item names: the size id, or (in `--dry-run`, before it is looked up)
/// the barcode whose size id it will be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeId {
    Chrt(u64),
    OfBarcode(String),
}

/// One stocks request per 1000 items at the warehouse.
pub fn stock_requests(t: &Token, warehouse: u64, items: &[(SizeId, u64)]) -> Vec<Request> {
    items
        .chunks(STOCKS_BATCH)
        .map(|chunk| Request {
            method: Method::Put,
            host: Host::Main,
            path: format!("/api/v3/stocks/{warehouse}"),
            headers: headers(t, true),
            body: Some(json!({
                "stocks": chunk
                    .iter()
                    .map(|(id, qty)| match id {
                        SizeId::Chrt(c) => json!({ "chrtId": c, "amount": qty }),
                        SizeId::OfBarcode(b) => {
                            json!({ "chrtId": format!("<chrtId of barcode {b}>"), "amount": qty })
                        }
                    })
                    .collect::<Vec<_>>()
            })),
        })
        .collect()
}

/// The items a 409 (or 400) answer names, with its message: `[{"code","data":[{"chrtId",
/// "amount"}],"message"}]`. An error that names no item is given with `None`.
pub fn stock_errors(body: &str) -> Vec<(Option<u64>, String)> {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return vec![(None, body.to_string())];
    };
    let list = match &v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let mut out = Vec::new();
    for e in list {
        let code = e.get("code").and_then(Value::as_str).unwrap_or("");
        let msg = e.get("message").and_then(Value::as_str).unwrap_or("");
        let text = [code, msg]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(": ");
        let items: Vec<u64> = e
            .get("data")
            .and_then(Value::as_array)
            .map(|d| {
                d.iter()
                    .filter_map(|i| i.get("chrtId").and_then(Value::as_u64))
                    .collect()
            })
            .unwrap_or_default();
        if items.is_empty() {
            out.push((None, text));
        } else {
            out.extend(items.into_iter().map(|c| (Some(c), text.clone())));
        }
    }
    out
}

/// A page of the seller's cards; `cursor` is the last page's `(updatedAt, nmID)`.
pub fn cards_request(t: &Token, cursor: Option<&(String, u64)>) -> Request {
    let mut c = json!({ "limit": CARDS_LIMIT });
    if let Some((at, nm)) = cursor {
        c["updatedAt"] = json!(at);
        c["nmID"] = json!(nm);
    }
    Request {
        method: Method::Post,
        host: Host::Content,
        path: CARDS_PATH.into(),
        headers: headers(t, true),
        body: Some(json!({
            "settings": { "cursor": c, "filter": { "withPhoto": -1 } }
        })),
    }
}

/// One page of cards: (barcode, chrtId) for every size, and the cursor of the next page
/// when this one was full.
pub type CardsPage = (Vec<(String, u64)>, Option<(String, u64)>);

/// `{"cards":[{"sizes":[{"chrtID","skus":[barcode]}]}],"cursor":{"updatedAt","nmID","total"}}`.
pub fn cards(body: &str) -> Result<CardsPage, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let list = v
        .get("cards")
        .and_then(Value::as_array)
        .ok_or("no \"cards\" list")?;
    let mut out = Vec::new();
    for card in list {
        for size in card
            .get("sizes")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let Some(chrt) = size.get("chrtID").and_then(Value::as_u64) else {
                continue;
            };
            for b in size
                .get("skus")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                if let Some(b) = b.as_str() {
                    out.push((b.to_string(), chrt));
                }
            }
        }
    }
    let cur = v.get("cursor");
    let total = cur
        .and_then(|c| c.get("total"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let next = if total >= CARDS_LIMIT {
        cur.and_then(|c| {
            Some((
                c.get("updatedAt")?.as_str()?.to_string(),
                c.get("nmID")?.as_u64()?,
            ))
        })
    } else {
        None
    };
    Ok((out, next))
}

pub fn new_orders_request(t: &Token) -> Request {
    Request {
        method: Method::Get,
        host: Host::Main,
        path: NEW_ORDERS_PATH.into(),
        headers: headers(t, false),
        body: None,
    }
}

/// `{"orders":[{"id","createdAt","skus":[barcode]}]}`: one unit each, to reserve.
pub fn new_orders(body: &str) -> Result<Vec<OrderLine>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let list = v
        .get("orders")
        .and_then(Value::as_array)
        .ok_or("no \"orders\" list")?;
    let mut out = Vec::new();
    for o in list {
        let id = o
            .get("id")
            .and_then(Value::as_u64)
            .ok_or("an order without a whole \"id\"")?;
        let barcode = o
            .get("skus")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
            .and_then(Value::as_str)
            .ok_or("an order without \"skus\"")?;
        out.push(OrderLine {
            order_ref: id.to_string(),
            item: barcode.to_string(),
            qty: 1,
            status: Some(OrderStatus::New),
            created: o.get("createdAt").and_then(Value::as_str).and_then(millis),
        });
    }
    Ok(out)
}

pub fn status_requests(t: &Token, ids: &[u64]) -> Vec<Request> {
    ids.chunks(STATUS_BATCH)
        .map(|chunk| Request {
            method: Method::Post,
            host: Host::Main,
            path: STATUS_PATH.into(),
            headers: headers(t, true),
            body: Some(json!({ "orders": chunk })),
        })
        .collect()
}

/// What a task's two statuses mean here: the seller's (`new`, `confirm`, `complete`,
/// `cancel`) and Wildberries' (`waiting`, `sorted`, `sold`, `canceled`, ...). `None`:
/// leave it as it is.
pub fn status(supplier: &str, wb: &str) -> Option<OrderStatus> {
    match (supplier, wb) {
        (_, "canceled" | "canceled_by_client" | "declined_by_client" | "defect")
        | ("cancel", _) => Some(OrderStatus::Cancelled),
        (_, "sold" | "sorted" | "ready_for_pickup") | ("complete", _) => Some(OrderStatus::Shipped),
        ("new" | "confirm", _) => Some(OrderStatus::New),
        _ => None,
    }
}

/// `{"orders":[{"id","supplierStatus","wbStatus"}]}`.
pub fn statuses(body: &str) -> Result<Vec<(u64, Option<OrderStatus>)>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let list = v
        .get("orders")
        .and_then(Value::as_array)
        .ok_or("no \"orders\" list")?;
    list.iter()
        .map(|o| {
            let id = o
                .get("id")
                .and_then(Value::as_u64)
                .ok_or("an order without a whole \"id\"")?;
            let s = o
                .get("supplierStatus")
                .and_then(Value::as_str)
                .unwrap_or("");
            let w = o.get("wbStatus").and_then(Value::as_str).unwrap_or("");
            Ok((id, status(s, w)))
        })
        .collect()
}

/// What the seller's warehouse shows of these size ids (`POST /api/v3/stocks/{warehouseId}`,
/// at most 1000 per request).
pub fn stock_info_requests(t: &Token, warehouse: u64, chrts: &[u64]) -> Vec<Request> {
    chrts
        .chunks(STOCKS_BATCH)
        .map(|chunk| Request {
            method: Method::Post,
            host: Host::Main,
            path: format!("/api/v3/stocks/{warehouse}"),
            headers: headers(t, true),
            body: Some(json!({ "chrtIds": chunk })),
        })
        .collect()
}

/// `{"stocks":[{"chrtId","amount"}]}`: a size id the answer leaves out shows nothing.
pub fn stock_info(body: &str) -> Result<Vec<(u64, u64)>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let list = v
        .get("stocks")
        .and_then(Value::as_array)
        .ok_or("no \"stocks\" list")?;
    list.iter()
        .map(|s| {
            let c = s
                .get("chrtId")
                .and_then(Value::as_u64)
                .ok_or("a stock without a whole \"chrtId\"")?;
            let a = s
                .get("amount")
                .and_then(Value::as_u64)
                .ok_or("a stock without a whole \"amount\"")?;
            Ok((c, a))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_409_names_the_refused_sizes() {
        let body = r#"[{"code":"NotFound","data":[{"chrtId":11,"amount":3},{"chrtId":12,"amount":1}],"message":"Товар не найден"},{"code":"Oops","message":"m"}]"#;
        let e = stock_errors(body);
        assert_eq!(e.len(), 3);
        assert_eq!(e[0], (Some(11), "NotFound: Товар не найден".to_string()));
        assert_eq!(e[2], (None, "Oops: m".to_string()));
    }

    #[test]
    fn statuses_map_to_reserve_ship_cancel() {
        assert_eq!(status("new", "waiting"), Some(OrderStatus::New));
        assert_eq!(status("complete", "waiting"), Some(OrderStatus::Shipped));
        assert_eq!(status("confirm", "sold"), Some(OrderStatus::Shipped));
        assert_eq!(
            status("confirm", "canceled_by_client"),
            Some(OrderStatus::Cancelled)
        );
        assert_eq!(status("", ""), None);
    }

    #[test]
    fn a_full_cards_page_gives_the_next_cursor() {
        let body = r#"{"cards":[{"nmID":5,"sizes":[{"chrtID":77,"skus":["460001","460002"]}]}],
            "cursor":{"updatedAt":"2026-01-01T00:00:00Z","nmID":5,"total":100}}"#;
        let (items, next) = cards(body).unwrap();
        assert_eq!(items, vec![("460001".into(), 77), ("460002".into(), 77)]);
        assert_eq!(next, Some(("2026-01-01T00:00:00Z".into(), 5)));
    }
}
