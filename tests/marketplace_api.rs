//! `stockroom sync` against a stand-in for the Ozon Seller API and the Wildberries
//! Marketplace API, run by the test on 127.0.0.1: every request's method, path, headers and
//! JSON body are checked against the documented shapes, and the answers are the documented
//! ones, 429, 500, per-item errors and slow answers included. The keys never show in any
//! output nor in the database file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};

mod stand_in;

use stand_in::{Reply, Seen, StandIn, reply};

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

const OZON_CLIENT: &str = "client-9081726354";
const OZON_KEY: &str = "ozon-key-5f1b2c3d4e5f60718293a4b5";
const WB_TOKEN: &str = "wb-token-eyJhbGciOiJFUzI1NiJ9.secret";
const TEA: &str = "TEA-001";
const TEA_BAR: &str = "4600000000017";
const MUG: &str = "MUG-01";
const MUG_BAR: &str = "4600000000024";

// ---- the shop ----------------------------------------------------------------------

struct Shop {
    dir: tempfile::TempDir,
    db: PathBuf,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Shop {
    /// Tea (10 units) and a mug (5 units), channels Ozon and Wildberries.
    fn new() -> Shop {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("shop.redb");
        let s = Shop { dir, db };
        for a in [
            &["init"][..],
            &["sku", "add", TEA, "--name", "Tea", "--barcode", TEA_BAR],
            &["sku", "add", MUG, "--name", "Mug", "--barcode", MUG_BAR],
            &["receive", TEA, "10"],
            &["receive", MUG, "5"],
            &["channel", "add", "Ozon", "--kind", "marketplace"],
            &["channel", "add", "Wildberries", "--kind", "marketplace"],
        ] {
            let r = s.run(a, &[]);
            assert_eq!(r.code, 0, "{a:?}: {}", r.stderr);
        }
        s
    }

    fn run(&self, args: &[&str], env: &[(&str, String)]) -> Run {
        let home = self.dir.path();
        let mut c = std::process::Command::new(BIN);
        c.current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("STOCKROOM_CONFIG_DIR", home.join("config"))
            .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
            .env_remove("STOCKROOM_DB")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .env("STOCKROOM_LANG", "en")
            .env("STOCKROOM_SYNC_TIMEOUT_MS", "1500")
            .env("STOCKROOM_SYNC_BACKOFF_MS", "10")
            .env("STOCKROOM_SYNC_BACKOFF_CAP_MS", "40")
            .env("STOCKROOM_SYNC_RETRIES", "3");
        for k in [
            "STOCKROOM_OZON_CLIENT_ID",
            "STOCKROOM_OZON_API_KEY",
            "STOCKROOM_OZON_WAREHOUSE_ID",
            "STOCKROOM_OZON_URL",
            "STOCKROOM_WB_TOKEN",
            "STOCKROOM_WB_WAREHOUSE_ID",
            "STOCKROOM_WB_URL",
            "STOCKROOM_WB_CONTENT_URL",
        ] {
            c.env_remove(k);
        }
        for (k, v) in env {
            c.env(k, v);
        }
        c.arg("--db").arg(&self.db).args(args);
        Run::from(c.output().expect("run stockroom"))
    }

    fn ozon(&self, url: &str, args: &[&str]) -> Run {
        let env = [
            ("STOCKROOM_OZON_CLIENT_ID", OZON_CLIENT.to_string()),
            ("STOCKROOM_OZON_API_KEY", OZON_KEY.to_string()),
            ("STOCKROOM_OZON_WAREHOUSE_ID", "22001".to_string()),
            ("STOCKROOM_OZON_URL", url.to_string()),
        ];
        let mut a = vec!["sync", "--channel", "Ozon"];
        a.extend_from_slice(args);
        let r = self.run(&a, &env);
        self.assert_no_secret(&r);
        r
    }

    fn wb(&self, url: &str, args: &[&str]) -> Run {
        let env = [
            ("STOCKROOM_WB_TOKEN", WB_TOKEN.to_string()),
            ("STOCKROOM_WB_WAREHOUSE_ID", "507".to_string()),
            ("STOCKROOM_WB_URL", url.to_string()),
            ("STOCKROOM_WB_CONTENT_URL", url.to_string()),
        ];
        let mut a = vec!["sync", "--channel", "Wildberries"];
        a.extend_from_slice(args);
        let r = self.run(&a, &env);
        self.assert_no_secret(&r);
        r
    }

    /// No key in what was printed, nor anywhere in the database file.
    fn assert_no_secret(&self, r: &Run) {
        for s in [OZON_CLIENT, OZON_KEY, WB_TOKEN] {
            assert!(
                !r.stdout.contains(s) && !r.stderr.contains(s),
                "a key was shown:\n{}\n{}",
                r.stdout,
                r.stderr
            );
            let bytes = std::fs::read(&self.db).expect("read db");
            assert!(
                !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                "a key is in the database file"
            );
        }
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.run(&a, &[]);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        serde_json::from_str(&r.stdout).expect("JSON")
    }

    /// What the matrix says the channel may show, per SKU code.
    fn published(&self, channel: &str) -> HashMap<String, u64> {
        let m = self.json(&["matrix"]);
        let mut out = HashMap::new();
        for row in m.as_array().expect("rows") {
            for c in row["channels"].as_array().expect("cells") {
                if c["channel"] == channel {
                    out.insert(
                        row["code"].as_str().unwrap_or_default().to_string(),
                        c["published"].as_u64().unwrap_or(u64::MAX),
                    );
                }
            }
        }
        out
    }

    /// (order, code, status, qty) of every reservation.
    fn reservations(&self) -> Vec<(String, String, String, u64)> {
        let v = self.json(&["reservations", "--all"]);
        let mut out: Vec<_> = v
            .as_array()
            .expect("list")
            .iter()
            .map(|r| {
                (
                    r["order"].as_str().unwrap_or_default().to_string(),
                    r["code"].as_str().unwrap_or_default().to_string(),
                    r["status"].as_str().unwrap_or_default().to_string(),
                    r["qty"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        out.sort();
        out
    }
}

// ---- Ozon --------------------------------------------------------------------------

fn ozon_headers_ok(s: &Seen) {
    assert_eq!(s.method, "POST", "{s:?}");
    assert_eq!(
        s.headers.get("client-id").map(String::as_str),
        Some(OZON_CLIENT)
    );
    assert_eq!(s.headers.get("api-key").map(String::as_str), Some(OZON_KEY));
    assert!(
        s.headers
            .get("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{s:?}"
    );
}

/// A posting list request as documented: window, direction, page.
fn postings_ok(s: &Seen) {
    ozon_headers_ok(s);
    let b = &s.body;
    assert_eq!(b["dir"], "ASC");
    assert_eq!(b["limit"], 1000);
    assert!(b["offset"].is_u64());
    let since = b["filter"]["since"].as_str().expect("since");
    let to = b["filter"]["to"].as_str().expect("to");
    assert!(since.starts_with("2026-02-18T10:00"), "{since}");
    assert!(to.starts_with("2026-03-04T10:00"), "{to}");
}

/// A stocks request as documented: at most 100 items of offer id, stock, warehouse id.
fn stocks_ok(s: &Seen) -> Vec<(String, u64)> {
    ozon_headers_ok(s);
    let items = s.body["stocks"].as_array().expect("stocks");
    assert!(!items.is_empty() && items.len() <= 100);
    items
        .iter()
        .map(|i| {
            assert_eq!(i["warehouse_id"], 22001);
            assert_eq!(i.as_object().map(|o| o.len()), Some(3), "{i}");
            (
                i["offer_id"].as_str().expect("offer_id").to_string(),
                i["stock"].as_u64().expect("stock"),
            )
        })
        .collect()
}

fn postings_answer(postings: Value) -> Reply {
    reply(
        200,
        json!({ "result": { "postings": postings, "has_next": false } }),
    )
}

fn updated_all(s: &Seen) -> Reply {
    let result: Vec<Value> = s.body["stocks"]
        .as_array()
        .map(|v| v.as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|i| {
            json!({ "warehouse_id": i["warehouse_id"], "product_id": 1, "offer_id": i["offer_id"],
                    "updated": true, "errors": [] })
        })
        .collect();
    reply(200, json!({ "result": result }))
}

fn two_postings(status_second: &str) -> Value {
    json!([
        { "posting_number": "0101-0001-1", "order_number": "0101-0001", "status": "awaiting_packaging",
          "in_process_at": "2026-03-03T09:00:00Z",
          "products": [ { "offer_id": TEA, "quantity": 2, "sku": 9001, "name": "Tea", "price": "300.00" } ] },
        { "posting_number": "0102-0001-1", "order_number": "0102-0001", "status": status_second,
          "in_process_at": "2026-03-03T09:30:00Z",
          "products": [ { "offer_id": MUG, "quantity": 1, "sku": 9002, "name": "Mug", "price": "500.00" } ] }
    ])
}

#[test]
fn ozon_pull_then_push_and_again_changes_nothing() {
    let shop = Shop::new();
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(two_postings("delivering")),
        "/v2/products/stocks" => updated_all(s),
        _ => reply(404, json!({"code": 5, "message": "not found"})),
    });
    let r = shop.ozon(&api.url, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // The orders: tea reserved, the mug (first seen delivering) reserved and shipped.
    let res = shop.reservations();
    assert_eq!(
        res,
        vec![
            ("0101-0001-1".into(), TEA.into(), "open".into(), 2),
            ("0102-0001-1".into(), MUG.into(), "shipped".into(), 1),
        ]
    );
    // Pulled first, then pushed: what the matrix says now, once.
    let seen = api.seen();
    assert_eq!(seen[0].path, "/v3/posting/fbs/list");
    postings_ok(&seen[0]);
    let stocks = api.to("/v2/products/stocks");
    assert_eq!(stocks.len(), 1);
    let pushed: HashMap<String, u64> = stocks_ok(&stocks[0]).into_iter().collect();
    assert_eq!(pushed, shop.published("Ozon"));
    assert_eq!(pushed[TEA], 8);
    assert_eq!(pushed[MUG], 4);
    assert!(r.stdout.contains("2 quantities pushed"), "{}", r.stdout);

    // Again: the same postings change nothing, and nothing changed to push.
    let r = shop.ozon(&api.url, &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(rep["orders"]["unchanged"], 2, "{rep}");
    assert_eq!(rep["pushed"], 0);
    assert_eq!(shop.reservations().len(), 2);
    assert_eq!(api.to("/v2/products/stocks").len(), 1);

    // A cancellation moves the order along and frees the tea: only the tea goes out.
    let api2 = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => {
            let mut p = two_postings("delivering");
            p[0]["status"] = json!("cancelled");
            postings_answer(p)
        }
        _ => updated_all(s),
    });
    let r = shop.ozon(&api2.url, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stocks = api2.to("/v2/products/stocks");
    assert_eq!(stocks_ok(&stocks[0]), vec![(TEA.to_string(), 10)]);
}

#[test]
fn ozon_429_and_500_are_tried_again_and_per_item_errors_are_said_by_sku() {
    let shop = Shop::new();
    let api = StandIn::start(|s, n| match (s.path.as_str(), n) {
        ("/v3/posting/fbs/list", 0) => {
            let mut r = reply(
                429,
                json!({"code": 8, "message": "You have reached request rate limit per second"}),
            );
            r.headers.push(("Retry-After", "1".into()));
            r
        }
        ("/v3/posting/fbs/list", _) => postings_answer(json!([])),
        ("/v2/products/stocks", 0) => reply(500, json!({"code": 13, "message": "internal error"})),
        ("/v2/products/stocks", _) => reply(
            200,
            json!({ "result": [
                { "warehouse_id": 22001, "product_id": 1, "offer_id": TEA, "updated": true, "errors": [] },
                { "warehouse_id": 22001, "product_id": 2, "offer_id": MUG, "updated": false,
                  "errors": [ { "code": "TOO_MANY_REQUESTS", "message": "Too many requests for this item" } ] }
            ]}),
        ),
        _ => reply(404, Value::Null),
    });
    let started = std::time::Instant::now();
    let r = shop.ozon(&api.url, &[]);
    // Retry-After: 1 is capped by backoff_cap_ms = 40.
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(api.to("/v3/posting/fbs/list").len(), 2);
    let stocks = api.to("/v2/products/stocks");
    assert_eq!(stocks.len(), 2);
    assert_eq!(
        stocks[0].body, stocks[1].body,
        "the same request, tried again"
    );
    assert!(
        r.stderr.contains(&format!("{MUG}: TOO_MANY_REQUESTS")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(&format!("{TEA}:")), "{}", r.stderr);

    // The tea counts as sent, the mug does not: next time only the mug goes.
    let again = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    let r = shop.ozon(&again.url, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stocks = again.to("/v2/products/stocks");
    assert_eq!(stocks_ok(&stocks[0]), vec![(MUG.to_string(), 5)]);
}

#[test]
fn ozon_always_busy_gives_up_after_the_retries_and_marks_nothing() {
    let shop = Shop::new();
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => reply(503, json!({"code": 14, "message": "unavailable"})),
    });
    let r = shop.ozon(&api.url, &[]);
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(api.to("/v2/products/stocks").len(), 4, "1 + 3 retries");
    assert!(r.stderr.contains("503 on each of 4 tries"), "{}", r.stderr);
    let again = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    assert_eq!(shop.ozon(&again.url, &[]).code, 0);
    assert_eq!(stocks_ok(&again.to("/v2/products/stocks")[0]).len(), 2);
}

#[test]
fn a_timeout_leaves_everything_as_it_was() {
    let shop = Shop::new();
    // A slow order list: nothing is reserved and nothing is pushed.
    let slow_pull = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => {
            let mut r = postings_answer(two_postings("awaiting_packaging"));
            r.delay = Duration::from_secs(3);
            r
        }
        _ => updated_all(s),
    });
    let r = shop.ozon(&slow_pull.url, &[]);
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no answer in time"), "{}", r.stderr);
    assert!(shop.reservations().is_empty());
    assert!(slow_pull.to("/v2/products/stocks").is_empty());

    // A slow stocks answer: not remembered as sent, so it all goes again.
    let slow_push = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => {
            let mut r = updated_all(s);
            r.delay = Duration::from_secs(3);
            r
        }
    });
    let r = shop.ozon(&slow_push.url, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let ok = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    assert_eq!(shop.ozon(&ok.url, &[]).code, 0);
    assert_eq!(stocks_ok(&ok.to("/v2/products/stocks")[0]).len(), 2);
}

#[test]
fn a_dry_run_prints_the_requests_with_keys_masked_and_sends_nothing() {
    let shop = Shop::new();
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    let r = shop.ozon(&api.url, &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(api.seen().is_empty(), "a dry run sent {:?}", api.seen());
    let out = &r.stdout;
    assert!(
        out.contains(&format!("POST {}/v3/posting/fbs/list", api.url)),
        "{out}"
    );
    assert!(
        out.contains(&format!("POST {}/v2/products/stocks", api.url)),
        "{out}"
    );
    assert!(
        out.contains("Client-Id: ***") && out.contains("Api-Key: ***"),
        "{out}"
    );
    assert!(
        out.contains("\"offer_id\": \"TEA-001\"") && out.contains("\"stock\": 10"),
        "{out}"
    );
    assert!(out.contains("\"warehouse_id\": 22001"), "{out}");
    // Nothing remembered: a real run pushes both.
    let r = shop.ozon(&api.url, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stocks_ok(&api.to("/v2/products/stocks")[0]).len(), 2);
}

// ---- Wildberries -------------------------------------------------------------------

fn wb_auth_ok(s: &Seen) {
    assert_eq!(
        s.headers.get("authorization").map(String::as_str),
        Some(WB_TOKEN),
        "{s:?}"
    );
}

fn cards_answer() -> Reply {
    reply(
        200,
        json!({ "cards": [
            { "nmID": 11, "vendorCode": TEA, "sizes": [ { "chrtID": 7001, "techSize": "0", "skus": [TEA_BAR] } ] },
            { "nmID": 12, "vendorCode": MUG, "sizes": [ { "chrtID": 7002, "techSize": "0", "skus": [MUG_BAR] } ] }
        ], "cursor": { "updatedAt": "2026-03-01T00:00:00Z", "nmID": 12, "total": 2 } }),
    )
}

fn wb_stand_in(
    stocks: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    new_orders: Value,
    statuses: Value,
) -> StandIn {
    StandIn::start(move |s, n| {
        wb_auth_ok(s);
        match (s.method.as_str(), s.path.as_str()) {
            ("POST", "/content/v2/get/cards/list") => {
                assert_eq!(s.body["settings"]["cursor"]["limit"], 100);
                cards_answer()
            }
            ("GET", "/api/v3/orders/new") => reply(200, json!({ "orders": new_orders })),
            ("POST", "/api/v3/orders/status") => {
                assert!(s.body["orders"].is_array());
                reply(200, json!({ "orders": statuses }))
            }
            ("PUT", "/api/v3/stocks/507") => {
                let items = s.body["stocks"].as_array().expect("stocks");
                assert!(!items.is_empty() && items.len() <= 1000);
                for i in items {
                    assert!(i["chrtId"].is_u64() && i["amount"].is_u64(), "{i}");
                    assert_eq!(i.as_object().map(|o| o.len()), Some(2), "{i}");
                }
                stocks(s, n)
            }
            _ => reply(404, json!({"title": "not found"})),
        }
    })
}

fn amounts(s: &Seen) -> Vec<(u64, u64)> {
    let mut v: Vec<(u64, u64)> = s.body["stocks"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|i| {
            (
                i["chrtId"].as_u64().unwrap_or(0),
                i["amount"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn wildberries_new_orders_then_statuses_and_stocks_by_size() {
    let shop = Shop::new();
    let new = json!([
        { "id": 5001, "rid": "f884001e44e511edb8780242ac120002", "createdAt": "2026-03-03T08:00:00Z",
          "skus": [TEA_BAR], "chrtId": 7001, "nmId": 11, "article": TEA, "warehouseId": 507, "price": 30000 }
    ]);
    let api = wb_stand_in(|_, _| reply(204, Value::Null), new, json!([]));
    let r = shop.wb(&api.url, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        shop.reservations(),
        vec![("5001".into(), TEA.into(), "open".into(), 1)]
    );
    // No status request for the order just seen new; the stocks by size id.
    assert!(api.to("/api/v3/orders/status").is_empty());
    let put = api.to("/api/v3/stocks/507");
    assert_eq!(put.len(), 1);
    assert_eq!(amounts(&put[0]), vec![(7001, 9), (7002, 5)]);

    // Next time the task is no longer new: its status says it was handed over.
    let later = wb_stand_in(
        |_, _| reply(204, Value::Null),
        json!([]),
        json!([{ "id": 5001, "supplierStatus": "complete", "wbStatus": "sorted" }]),
    );
    let r = shop.wb(&later.url, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let st = later.to("/api/v3/orders/status");
    assert_eq!(st[0].body, json!({ "orders": [5001] }));
    assert_eq!(
        shop.reservations(),
        vec![("5001".into(), TEA.into(), "shipped".into(), 1)]
    );
    // Shipping changed nothing the channel shows: nothing to push.
    assert!(later.to("/api/v3/stocks/507").is_empty());
}

#[test]
fn wildberries_409_names_the_refused_items_and_nothing_counts_as_sent() {
    let shop = Shop::new();
    let api = wb_stand_in(
        |_, _| {
            reply(
                409,
                json!([{ "code": "NotFound", "data": [ { "chrtId": 7002, "amount": 5 } ],
                         "message": "Size not found in the warehouse" }]),
            )
        },
        json!([]),
        json!([]),
    );
    let r = shop.wb(&api.url, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains(&format!("{MUG}: NotFound: Size not found")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("{TEA}: not applied")),
        "{}",
        r.stderr
    );
    let ok = wb_stand_in(|_, _| reply(204, Value::Null), json!([]), json!([]));
    assert_eq!(shop.wb(&ok.url, &[]).code, 0);
    assert_eq!(
        amounts(&ok.to("/api/v3/stocks/507")[0]),
        vec![(7001, 10), (7002, 5)]
    );
}

#[test]
fn wildberries_dry_run_shows_the_token_masked() {
    let shop = Shop::new();
    let api = wb_stand_in(|_, _| reply(204, Value::Null), json!([]), json!([]));
    let r = shop.wb(&api.url, &["--dry-run", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(api.seen().is_empty());
    let rep: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let reqs: Vec<&str> = rep["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        reqs[0].starts_with(&format!("GET {}/api/v3/orders/new", api.url)),
        "{reqs:?}"
    );
    assert!(
        reqs.iter()
            .any(|r| r.starts_with(&format!("PUT {}/api/v3/stocks/507", api.url))),
        "{reqs:?}"
    );
    assert!(
        reqs.iter().all(|r| r.contains("Authorization: ***")),
        "{reqs:?}"
    );
    assert!(reqs.iter().any(|r| r.contains(TEA_BAR)), "{reqs:?}");
}

// ---- keys --------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_keys_file_others_can_read_is_refused_and_the_message_says_how_to_fix_it() {
    use std::os::unix::fs::PermissionsExt;
    let shop = Shop::new();
    let dir = shop.dir.path().join("config");
    std::fs::create_dir_all(&dir).expect("config dir");
    let file = dir.join("marketplaces.toml");
    std::fs::write(
        &file,
        format!("[Ozon]\napi = \"ozon\"\nclient_id = \"{OZON_CLIENT}\"\napi_key = \"{OZON_KEY}\"\nwarehouse_id = 22001\n"),
    )
    .expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    let env = [("STOCKROOM_OZON_URL", api.url.clone())];
    let r = shop.run(&["sync", "--channel", "Ozon"], &env);
    shop.assert_no_secret(&r);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("chmod 600"), "{}", r.stderr);
    assert!(api.seen().is_empty());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let r = shop.run(&["sync", "--channel", "Ozon"], &env);
    shop.assert_no_secret(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stocks = api.to("/v2/products/stocks");
    ozon_headers_ok(&stocks[0]);
}

// ---- serve --sync-every ------------------------------------------------------------

#[cfg(unix)]
#[test]
fn serve_syncs_the_channels_with_keys_on_its_timer() {
    let shop = Shop::new();
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(two_postings("awaiting_packaging")),
        _ => updated_all(s),
    });
    let home = shop.dir.path();
    let mut kid = std::process::Command::new(BIN)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_RUNTIME_DIR", home)
        .env("STOCKROOM_CONFIG_DIR", home.join("config"))
        .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .env_remove("STOCKROOM_WB_TOKEN")
        .env("STOCKROOM_OZON_CLIENT_ID", OZON_CLIENT)
        .env("STOCKROOM_OZON_API_KEY", OZON_KEY)
        .env("STOCKROOM_OZON_WAREHOUSE_ID", "22001")
        .env("STOCKROOM_OZON_URL", &api.url)
        .env("STOCKROOM_SYNC_TIMEOUT_MS", "1500")
        .arg("--db")
        .arg(&shop.db)
        .args(["serve", "--sync-every", "1s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    let until = std::time::Instant::now() + Duration::from_secs(20);
    while api.to("/v2/products/stocks").is_empty() && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = kid.kill();
    let out = kid.wait_with_output().expect("server output");
    let run = Run::from(out);
    shop.assert_no_secret(&run);
    let stocks = api.to("/v2/products/stocks");
    assert!(
        !stocks.is_empty(),
        "no push on the timer:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    // Pulled before pushed: the tea went out less the 2 reserved.
    let pushed: HashMap<String, u64> = stocks_ok(&stocks[0]).into_iter().collect();
    assert_eq!(pushed[TEA], 8, "{pushed:?}");
    // The Wildberries channel has no keys here: passed over, never asked.
    assert!(api.to("/api/v3/orders/new").is_empty());
}

#[test]
fn a_redirect_is_never_followed_and_marks_nothing_sent() {
    let shop = Shop::new();
    let elsewhere = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    let target = elsewhere.url.clone();
    let api = StandIn::start(move |s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        p => {
            let mut r = reply(307, Value::Null);
            r.headers.push(("Location", format!("{target}{p}")));
            r
        }
    });
    let r = shop.ozon(&api.url, &[]);
    assert_ne!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(elsewhere.seen().is_empty(), "the keys went to another host");
    assert!(r.stderr.contains("redirect to"), "{}", r.stderr);
    assert!(r.stderr.contains("check the base URL"), "{}", r.stderr);
    // Nothing counted as sent: a good marketplace gets both quantities next time.
    let good = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    assert_eq!(shop.ozon(&good.url, &[]).code, 0);
    assert_eq!(stocks_ok(&good.to("/v2/products/stocks")[0]).len(), 2);
}

#[test]
fn a_plain_http_address_off_this_computer_is_refused() {
    let shop = Shop::new();
    let r = shop.ozon("http://192.0.2.1:9", &[]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("use https://"), "{}", r.stderr);
    let r = shop.ozon("http://user:pw@localhost.evil.example/", &[]);
    assert!(r.stderr.contains("use https://"), "{}", r.stderr);
}

#[test]
fn bad_postings_are_left_out_and_said_and_the_rest_applied_and_pushed() {
    let shop = Shop::new();
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => {
            let good = two_postings("awaiting_packaging")[0].clone();
            let bad = |number: &str, status: &str, qty: Value| {
                json!({ "posting_number": number, "status": status,
                        "in_process_at": "2026-03-03T09:00:00Z",
                        "products": [ { "offer_id": MUG, "quantity": qty } ] })
            };
            postings_answer(json!([
                good,
                bad("0201-0001-1", "awaiting_packaging", json!(0)),
                bad("0202-0001-1", "awaiting_packaging", json!(-1)),
                bad(
                    "0203-0001-1",
                    "awaiting_packaging",
                    json!(100_000_000_000_000u64)
                ),
                bad("0204-\u{1b}]0;pwned\u{7}-1", "awaiting_packaging", json!(1)),
                bad("0205-0001-1", "\u{1b}[2Jmoon", json!(1)),
            ]))
        }
        "/v2/products/stocks" => updated_all(s),
        _ => reply(404, json!({"code": 5, "message": "not found"})),
    });
    let r = shop.ozon(&api.url, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        shop.reservations(),
        vec![("0101-0001-1".into(), TEA.into(), "open".into(), 2)]
    );
    let stocks = api.to("/v2/products/stocks");
    assert_eq!(stocks.len(), 1, "{}", r.stderr);
    for n in ["0201-0001-1", "0202-0001-1", "0203-0001-1", "0205-0001-1"] {
        assert!(r.stderr.contains(n), "{n}: {}", r.stderr);
    }
    assert!(r.stderr.contains("0204-"), "{}", r.stderr);
    assert!(!r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
    assert!(!r.stderr.contains('\u{7}'), "{:?}", r.stderr);
    assert!(!r.stderr.contains("import again"), "{}", r.stderr);
    assert!(!r.stderr.contains("stopped"), "{}", r.stderr);
}

#[test]
fn marketplace_text_is_cleaned_and_cut_before_it_is_shown() {
    let shop = Shop::new();
    let evil = "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{9b}31m";
    let big = format!("{evil}{}", "x".repeat(3_000_000));
    let api = StandIn::start(move |s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => {
            let mut r = reply(400, Value::Null);
            r.body = big.clone();
            r
        }
    });
    let r = shop.ozon(&api.url, &[]);
    assert_ne!(r.code, 0);
    assert!(
        !r.stderr.contains('\u{1b}'),
        "{:?}",
        &r.stderr[..200.min(r.stderr.len())]
    );
    assert!(!r.stderr.contains('\u{9b}'));
    assert!(r.stderr.len() < 2000, "{}", r.stderr.len());
    assert!(r.stderr.contains('…'));
    // Per-item errors.
    let api = StandIn::start(move |s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => {
            let result: Vec<Value> = s.body["stocks"]
                .as_array()
                .map(|v| v.as_slice())
                .unwrap_or(&[])
                .iter()
                .map(|i| {
                    json!({ "offer_id": i["offer_id"], "updated": false,
                            "errors": [ { "code": "BAD\u{1b}[31m", "message": format!("no{evil}{}", "y".repeat(5000)) } ] })
                })
                .collect();
            reply(200, json!({ "result": result }))
        }
    });
    let r = shop.ozon(&api.url, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
    assert!(r.stderr.len() < 2000, "{}", r.stderr.len());
}

#[cfg(unix)]
#[test]
fn serve_says_once_that_the_keys_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let shop = Shop::new();
    let dir = shop.dir.path().join("config");
    std::fs::create_dir_all(&dir).expect("config dir");
    let file = dir.join("marketplaces.toml");
    std::fs::write(
        &file,
        format!("[Ozon]\napi = \"ozon\"\nclient_id = \"{OZON_CLIENT}\"\napi_key = \"{OZON_KEY}\"\nwarehouse_id = 22001\n"),
    )
    .expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let home = shop.dir.path();
    let mut kid = std::process::Command::new(BIN)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_RUNTIME_DIR", home)
        .env("STOCKROOM_CONFIG_DIR", &dir)
        .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .env_remove("STOCKROOM_WB_TOKEN")
        .env_remove("STOCKROOM_OZON_API_KEY")
        .env_remove("STOCKROOM_OZON_CLIENT_ID")
        .arg("--db")
        .arg(&shop.db)
        .args(["serve", "--sync-every", "1s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    std::thread::sleep(Duration::from_millis(3500));
    let _ = kid.kill();
    let run = Run::from(kid.wait_with_output().expect("server output"));
    shop.assert_no_secret(&run);
    assert_eq!(run.stderr.matches("chmod 600").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("keys file is refused"),
        "{}",
        run.stderr
    );
}

#[test]
fn serve_sync_every_outside_its_range_says_the_range() {
    let shop = Shop::new();
    for (v, lang, want) in [
        (
            "0s",
            "en",
            "--sync-every must be between 1s and 7d (e.g. 30s, 10m, 1h)",
        ),
        ("8d", "en", "between 1s and 7d"),
        ("soon", "en", "between 1s and 7d"),
        ("0s", "ru", "--sync-every должен быть от 1s до 7d"),
    ] {
        let r = shop.run(
            &["serve", "--sync-every", v],
            &[("STOCKROOM_LANG", lang.to_string())],
        );
        assert_eq!(r.code, 2, "{v}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{v}: {}", r.stderr);
        assert!(!r.stderr.contains("one of"), "{v}: {}", r.stderr);
    }
}

#[test]
fn unreadable_and_oversized_answers_and_a_key_with_a_line_break_say_what_they_are() {
    let shop = Shop::new();
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => {
            let mut r = reply(200, Value::Null);
            r.bytes = Some(vec![0xff, 0xfe, b'{', 0xc3]);
            r
        }
        _ => updated_all(s),
    });
    for lang in ["en", "ru"] {
        let mut env = vec![
            ("STOCKROOM_OZON_CLIENT_ID", OZON_CLIENT.to_string()),
            ("STOCKROOM_OZON_API_KEY", OZON_KEY.to_string()),
            ("STOCKROOM_OZON_WAREHOUSE_ID", "22001".to_string()),
            ("STOCKROOM_OZON_URL", api.url.clone()),
        ];
        env.push(("STOCKROOM_LANG", lang.to_string()));
        let r = shop.run(&["sync", "--channel", "Ozon"], &env);
        shop.assert_no_secret(&r);
        assert_eq!(r.code, 3, "{}", r.stderr);
        let want = if lang == "en" {
            "something unreadable"
        } else {
            "нечитаемыми данными"
        };
        assert!(r.stderr.contains(want), "{}", r.stderr);
        assert!(
            !r.stderr.contains("network") && !r.stderr.contains("сеть"),
            "{}",
            r.stderr
        );
    }
    let big = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => {
            let mut r = reply(200, Value::Null);
            r.bytes = Some(vec![b' '; 33 * 1024 * 1024]);
            r
        }
        _ => updated_all(s),
    });
    let r = shop.ozon(&big.url, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("larger than 32 MB"), "{}", r.stderr);
    assert!(!r.stderr.contains("network"), "{}", r.stderr);
    let env = [
        ("STOCKROOM_OZON_CLIENT_ID", OZON_CLIENT.to_string()),
        ("STOCKROOM_OZON_API_KEY", format!("{OZON_KEY}\r\n")),
        ("STOCKROOM_OZON_WAREHOUSE_ID", "22001".to_string()),
        ("STOCKROOM_OZON_URL", api.url.clone()),
    ];
    let r = shop.run(&["sync", "--channel", "Ozon"], &env);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("api_key contains a line break"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("network"), "{}", r.stderr);
    assert!(!r.stderr.contains(OZON_KEY), "{}", r.stderr);
}

#[test]
fn a_dry_run_masks_a_user_and_password_in_the_address() {
    let shop = Shop::new();
    let r = shop.ozon("https://seller:hunter2pw@api.example/", &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("hunter2pw"), "{}", r.stdout);
    assert!(!r.stdout.contains("seller:"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("POST https://***@api.example/v3/posting/fbs/list"),
        "{}",
        r.stdout
    );
}

/// `channel list --json`: when the channel was last synced (null: never).
fn last_synced(shop: &Shop, channel: &str) -> Value {
    let r = shop.run(&["--json", "channel", "list"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    v.as_array()
        .expect("channels")
        .iter()
        .find(|c| c["name"] == channel)
        .map(|c| c["last_synced"].clone())
        .expect("the channel")
}

#[test]
fn a_sync_that_went_through_is_the_channels_last_sync_and_a_dry_run_is_not() {
    let shop = Shop::new();
    assert!(last_synced(&shop, "Ozon").is_null());
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => postings_answer(json!([])),
        _ => updated_all(s),
    });
    assert_eq!(shop.ozon(&api.url, &["--dry-run"]).code, 0);
    assert!(
        last_synced(&shop, "Ozon").is_null(),
        "a dry run syncs nothing"
    );
    // A refused pull stops the sync: still never synced.
    let down = StandIn::start(|_, _| reply(403, json!({"code": 7, "message": "denied"})));
    assert_ne!(shop.ozon(&down.url, &[]).code, 0);
    assert!(last_synced(&shop, "Ozon").is_null());
    assert_eq!(shop.ozon(&api.url, &[]).code, 0);
    assert_eq!(last_synced(&shop, "Ozon"), "2026-03-04T10:00:00Z");
    assert!(last_synced(&shop, "Wildberries").is_null());
    // Nothing left to push: a sync still counts.
    assert_eq!(shop.ozon(&api.url, &[]).code, 0);
    assert_eq!(last_synced(&shop, "Ozon"), "2026-03-04T10:00:00Z");
}
