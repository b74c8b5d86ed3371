//! `stockroom reconcile` against a stand-in for the Ozon Seller API and the Wildberries
//! Marketplace API on 127.0.0.1, and from a marketplace's stock report file: oversell
//! risks first, then lost sales; `--fix` pushes exactly the drifting SKUs; `--dry-run`
//! shows the requests with the keys masked. And a posting the marketplace says shipped
//! while its order waits as a backorder, by file and by pull.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Output;

use serde_json::{Value, json};

mod stand_in;

use stand_in::{Reply, Seen, StandIn, reply};

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

const OZON_CLIENT: &str = "client-5544332211";
const OZON_KEY: &str = "ozon-key-aa11bb22cc33dd44ee55ff66";
const WB_TOKEN: &str = "wb-token-eyJhbGciOiJFUzI1NiJ9.reconcile";
const TEA: &str = "TEA-001";
const TEA_BAR: &str = "4600000000017";
const MUG: &str = "MUG-01";
const MUG_BAR: &str = "4600000000024";
const JAM: &str = "JAM-07";
const JAM_BAR: &str = "4600000000031";
const HONEY: &str = "HONEY-3";

struct Shop {
    dir: tempfile::TempDir,
    db: PathBuf,
}

#[derive(Debug)]
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
    /// Tea (10 units), a mug (5), jam (4); channels Ozon and Wildberries with their profiles.
    fn new() -> Shop {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("shop.redb");
        let s = Shop { dir, db };
        for a in [
            &["init"][..],
            &["sku", "add", TEA, "--name", "Tea", "--barcode", TEA_BAR],
            &["sku", "add", MUG, "--name", "Mug", "--barcode", MUG_BAR],
            &["sku", "add", JAM, "--name", "Jam", "--barcode", JAM_BAR],
            &["receive", TEA, "10"],
            &["receive", MUG, "5"],
            &["receive", JAM, "4"],
            &[
                "channel",
                "add",
                "Ozon",
                "--kind",
                "marketplace",
                "--profile",
                "ozon",
            ],
            &[
                "channel",
                "add",
                "Wildberries",
                "--kind",
                "marketplace",
                "--profile",
                "wildberries",
            ],
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
        let r = self.run(args, &env);
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
        let r = self.run(args, &env);
        self.assert_no_secret(&r);
        r
    }

    fn assert_no_secret(&self, r: &Run) {
        for s in [OZON_CLIENT, OZON_KEY, WB_TOKEN] {
            assert!(
                !r.stdout.contains(s) && !r.stderr.contains(s),
                "a key was shown:\n{}\n{}",
                r.stdout,
                r.stderr
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
    fn may_show(&self, channel: &str) -> HashMap<String, u64> {
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

    /// (on_hand, reserved) of a SKU.
    fn levels(&self, code: &str) -> (u64, u64) {
        let v = self.json(&["sku", "show", code]);
        (
            v["on_hand"].as_u64().expect("on_hand"),
            v["reserved"].as_u64().expect("reserved"),
        )
    }

    fn history_len(&self) -> usize {
        self.json(&["history", "--limit", "100000"])
            .as_array()
            .expect("history")
            .len()
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
}

/// Ozon's stock info as documented, for the offer ids asked: FBS present and reserved.
fn ozon_stock_info(s: &Seen, shows: &[(&str, u64)]) -> Reply {
    ozon_headers_ok(s);
    assert_eq!(s.body["filter"]["visibility"], "ALL", "{}", s.body);
    assert_eq!(s.body["limit"], 100);
    assert!(s.body["cursor"].is_string());
    let asked: Vec<&str> = s.body["filter"]["offer_id"]
        .as_array()
        .expect("offer_id list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let items: Vec<Value> = shows
        .iter()
        .filter(|(o, _)| asked.contains(o))
        .map(|(o, n)| {
            json!({ "offer_id": o, "product_id": 700, "stocks": [
                { "type": "fbo", "present": 99, "reserved": 0, "sku": 1, "shipment_type": "SHIPMENT_TYPE_GENERAL" },
                { "type": "fbs", "present": n + 1, "reserved": 1, "sku": 2, "shipment_type": "SHIPMENT_TYPE_GENERAL" }
            ]})
        })
        .collect();
    reply(
        200,
        json!({ "cursor": "", "items": items, "total": items.len() }),
    )
}

fn updated(s: &Seen, refuse: Option<&str>) -> Reply {
    let result: Vec<Value> = s.body["stocks"]
        .as_array()
        .map(|v| v.as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|i| {
            let bad = refuse == i["offer_id"].as_str();
            json!({ "warehouse_id": i["warehouse_id"], "product_id": 1, "offer_id": i["offer_id"],
                    "updated": !bad,
                    "errors": if bad { json!([{"code": "NOT_FOUND", "message": "product not found"}]) } else { json!([]) } })
        })
        .collect();
    reply(200, json!({ "result": result }))
}

/// The marketplace shows tea 3 over, the mug 2 under, jam as it should.
fn drifting(shop: &Shop) -> Vec<(&'static str, u64)> {
    let may = shop.may_show("Ozon");
    vec![(TEA, may[TEA] + 3), (MUG, may[MUG] - 2), (JAM, may[JAM])]
}

#[test]
fn ozon_read_only_lists_oversell_first_then_lost_sales_and_sends_nothing() {
    let shop = Shop::new();
    let shows = drifting(&shop);
    let may = shop.may_show("Ozon");
    let api = StandIn::start(move |s, _| match s.path.as_str() {
        "/v4/product/info/stocks" => ozon_stock_info(s, &shows),
        _ => reply(404, json!({"code": 5, "message": "not found"})),
    });
    let before = shop.history_len();
    let r = shop.ozon(&api.url, &["reconcile", "--channel", "Ozon"]);
    assert_eq!(r.code, 1, "drift found: {r:?}");
    let over = r.stdout.find("oversell risks (the").expect("oversell part");
    let lost = r.stdout.find("lost sales (the").expect("lost sales part");
    assert!(over < lost, "oversell risks come first: {}", r.stdout);
    assert!(
        r.stdout.contains("+3") && r.stdout.contains("-2"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "Ozon (ozon API): 3 SKUs compared; 1 oversell risks (+3 units), 1 lost sales (-2 units), 1 in step"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("--fix"), "says how to fix: {}", r.stdout);
    // Only questions went out, and nothing changed here.
    assert!(
        api.seen()
            .iter()
            .all(|s| s.path == "/v4/product/info/stocks")
    );
    let asked: Vec<Value> = api.seen()[0].body["filter"]["offer_id"]
        .as_array()
        .expect("offers")
        .clone();
    assert_eq!(asked, vec![json!(JAM), json!(MUG), json!(TEA)]);
    assert_eq!(shop.history_len(), before);

    let j = shop.ozon(&api.url, &["--json", "reconcile", "--channel", "Ozon"]);
    assert_eq!(j.code, 1);
    let v: Value = serde_json::from_str(&j.stdout).expect("JSON");
    assert_eq!(v["oversell"][0]["code"], TEA);
    assert_eq!(v["oversell"][0]["shows"], may[TEA] + 3);
    assert_eq!(v["oversell"][0]["may_show"], may[TEA]);
    assert_eq!(v["lost_sales"][0]["code"], MUG);
    assert_eq!(v["lost_sales"][0]["gap"], 2);
    assert_eq!(v["in_step"], 1);
}

#[test]
fn ozon_fix_pushes_exactly_the_drifting_skus_and_dry_run_only_shows_them() {
    let shop = Shop::new();
    let shows = drifting(&shop);
    let may = shop.may_show("Ozon");
    let api = StandIn::start(move |s, _| match s.path.as_str() {
        "/v4/product/info/stocks" => ozon_stock_info(s, &shows),
        "/v2/products/stocks" => updated(s, None),
        _ => reply(404, json!({})),
    });
    let dry = shop.ozon(
        &api.url,
        &["reconcile", "--channel", "Ozon", "--fix", "--dry-run"],
    );
    assert_eq!(dry.code, 1, "a dry run leaves the drift: {dry:?}");
    assert!(dry.stdout.contains("POST "), "{}", dry.stdout);
    assert!(dry.stdout.contains("/v2/products/stocks"), "{}", dry.stdout);
    assert!(dry.stdout.contains("Api-Key: ***"), "{}", dry.stdout);
    assert!(
        api.to("/v2/products/stocks").is_empty(),
        "a dry run sends no stock"
    );

    let r = shop.ozon(&api.url, &["reconcile", "--channel", "Ozon", "--fix"]);
    assert_eq!(r.code, 0, "every gap corrected: {r:?}");
    let pushed = api.to("/v2/products/stocks");
    assert_eq!(pushed.len(), 1);
    let items: Vec<(String, u64)> = pushed[0].body["stocks"]
        .as_array()
        .expect("stocks")
        .iter()
        .map(|i| {
            assert_eq!(i["warehouse_id"], 22001);
            (
                i["offer_id"].as_str().expect("offer").to_string(),
                i["stock"].as_u64().expect("stock"),
            )
        })
        .collect();
    // The oversell risk first; jam, in step, is not sent.
    assert_eq!(
        items,
        vec![(TEA.to_string(), may[TEA]), (MUG.to_string(), may[MUG])]
    );
}

#[test]
fn ozon_read_retries_429_and_500_and_a_refused_correction_is_named() {
    let shop = Shop::new();
    let shows = drifting(&shop);
    let api = StandIn::start(move |s, n| match (s.path.as_str(), n) {
        ("/v4/product/info/stocks", 0) => {
            let mut r = reply(429, json!({"code": 8, "message": "rate limit"}));
            r.headers.push(("Retry-After", "0".into()));
            r
        }
        ("/v4/product/info/stocks", 1) => reply(500, json!({"code": 13, "message": "oops"})),
        ("/v4/product/info/stocks", _) => ozon_stock_info(s, &shows),
        ("/v2/products/stocks", _) => updated(s, Some(MUG)),
        _ => reply(404, json!({})),
    });
    let r = shop.ozon(&api.url, &["reconcile", "--channel", "Ozon", "--fix"]);
    assert_eq!(r.code, 1, "a refused correction leaves drift: {r:?}");
    assert_eq!(api.to("/v4/product/info/stocks").len(), 3);
    assert!(
        r.stderr.contains(MUG) && r.stderr.contains("product not found"),
        "{r:?}"
    );
    // The tea went through: the next reconcile pushes only the mug again.
    let again = shop.ozon(&api.url, &["reconcile", "--channel", "Ozon", "--fix"]);
    assert_eq!(again.code, 1);
    let last = api.to("/v2/products/stocks");
    let offers: Vec<&str> = last[last.len() - 1].body["stocks"]
        .as_array()
        .expect("stocks")
        .iter()
        .filter_map(|i| i["offer_id"].as_str())
        .collect();
    assert_eq!(offers, vec![TEA, MUG], "the marketplace still shows both");
}

#[test]
fn ozon_that_answers_500_every_time_leaves_everything_and_exits_3() {
    let shop = Shop::new();
    let api = StandIn::start(|_, _| reply(500, json!({"message": "down"})));
    let r = shop.ozon(&api.url, &["reconcile", "--channel", "Ozon", "--fix"]);
    assert_eq!(r.code, 3, "{r:?}");
    assert!(r.stderr.contains("could not be read"), "{r:?}");
    assert!(api.to("/v2/products/stocks").is_empty());
}

#[test]
fn a_viewer_may_reconcile_but_not_fix() {
    let shop = Shop::new();
    let me = shop.json(&["user", "list"])[0]["name"]
        .as_str()
        .expect("me")
        .to_string();
    assert_eq!(
        shop.run(&["user", "add", "olga", "--role", "owner"], &[])
            .code,
        0
    );
    assert_eq!(
        shop.run(&["user", "add", &me, "--role", "viewer"], &[])
            .code,
        0
    );
    let shows = drifting(&shop);
    let api = StandIn::start(move |s, _| match s.path.as_str() {
        "/v4/product/info/stocks" => ozon_stock_info(s, &shows),
        _ => updated(s, None),
    });
    assert_eq!(
        shop.ozon(&api.url, &["reconcile", "--channel", "Ozon"])
            .code,
        1
    );
    let r = shop.ozon(&api.url, &["reconcile", "--channel", "Ozon", "--fix"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("owner"), "{r:?}");
    assert!(api.seen().len() == 1, "nothing more was asked or sent");
}

// ---- Wildberries -------------------------------------------------------------------

fn wb_cards() -> Reply {
    reply(
        200,
        json!({ "cards": [
            { "nmID": 5001, "vendorCode": TEA, "sizes": [ { "chrtID": 8101, "skus": [TEA_BAR] } ] },
            { "nmID": 5002, "vendorCode": MUG, "sizes": [ { "chrtID": 8102, "skus": [MUG_BAR] } ] },
            { "nmID": 5003, "vendorCode": JAM, "sizes": [ { "chrtID": 8103, "skus": [JAM_BAR] } ] }
        ], "cursor": { "updatedAt": "2026-03-01T00:00:00Z", "nmID": 5003, "total": 3 } }),
    )
}

#[test]
fn wildberries_reads_by_size_id_and_fixes_the_drifting_sizes() {
    let shop = Shop::new();
    let may = shop.may_show("Wildberries");
    let (tea, mug) = (may[TEA] + 4, may[MUG]);
    let api = StandIn::start(move |s, n| match (s.method.as_str(), s.path.as_str()) {
        ("POST", "/content/v2/get/cards/list") => wb_cards(),
        // The first question meets the rate limit, with Wildberries' own header.
        ("POST", "/api/v3/stocks/507") if n == 0 => {
            let mut r = reply(429, json!({"title": "too many requests"}));
            r.headers.push(("X-Ratelimit-Retry", "0".into()));
            r
        }
        ("POST", "/api/v3/stocks/507") => {
            assert_eq!(
                s.headers.get("authorization").map(String::as_str),
                Some(WB_TOKEN)
            );
            let asked = s.body["chrtIds"].as_array().expect("chrtIds").clone();
            assert_eq!(asked, vec![json!(8101), json!(8102), json!(8103)]);
            // Jam has no stock line: it shows nothing.
            reply(
                200,
                json!({ "stocks": [ { "chrtId": 8101, "amount": tea }, { "chrtId": 8102, "amount": mug } ] }),
            )
        }
        ("PUT", "/api/v3/stocks/507") => reply(204, Value::Null),
        _ => reply(404, json!({})),
    });
    let r = shop.wb(&api.url, &["reconcile", "--channel", "Wildberries"]);
    assert_eq!(r.code, 1, "{r:?}");
    let asked = |api: &StandIn| {
        api.seen()
            .iter()
            .filter(|s| s.method == "POST" && s.path == "/api/v3/stocks/507")
            .count()
    };
    assert_eq!(asked(&api), 2, "asked again after the 429");
    assert!(r.stdout.contains("+4") && r.stdout.contains(&format!("-{}", may[JAM])));
    let r = shop.wb(
        &api.url,
        &["reconcile", "--channel", "Wildberries", "--fix"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let put: Vec<Seen> = api
        .seen()
        .into_iter()
        .filter(|s| s.method == "PUT")
        .collect();
    assert_eq!(put.len(), 1);
    assert_eq!(
        put[0].body,
        json!({ "stocks": [ { "chrtId": 8101, "amount": may[TEA] }, { "chrtId": 8103, "amount": may[JAM] } ] })
    );
}

// ---- from a file -------------------------------------------------------------------

#[test]
fn from_the_stock_report_an_unlisted_sku_still_shown_is_an_oversell_risk() {
    let shop = Shop::new();
    // Ozon lists only the tea and the jam now; the mug is still shown there.
    assert_eq!(
        shop.run(&["channel", "list-skus", "Ozon", "--add", TEA, JAM], &[])
            .code,
        0
    );
    let may = shop.may_show("Ozon");
    assert_eq!(may[MUG], 0);
    let file = shop.dir.path().join("ozon-stock.csv");
    std::fs::write(
        &file,
        format!(
            "\u{feff}Склад;Артикул;Имя (необязательно);Количество\nFBS Москва;{TEA};Tea;{}\nFBS Москва;{MUG};Mug;2\nFBS Москва;{JAM};Jam;{}\nFBS Москва;NO-SUCH;?;1\n",
            may[TEA],
            may[JAM] - 1
        ),
    )
    .expect("write");
    let f = file.display().to_string();
    let r = shop.run(&["reconcile", "--channel", "Ozon", "--file", &f], &[]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("not listed"), "{}", r.stdout);
    assert!(
        r.stderr.contains("NO-SUCH"),
        "an unknown line is said: {r:?}"
    );
    let v: Value = serde_json::from_str(
        &shop
            .run(
                &["--json", "reconcile", "--channel", "Ozon", "--file", &f],
                &[],
            )
            .stdout,
    )
    .expect("JSON");
    assert_eq!(v["oversell"][0]["code"], MUG);
    assert_eq!(v["oversell"][0]["listed"], false);
    assert_eq!(v["lost_sales"][0]["code"], JAM);
    assert_eq!(v["in_step"], 1);
    // In step: exit 0.
    std::fs::write(
        &file,
        format!(
            "Артикул;Количество\n{TEA};{}\n{JAM};{}\n",
            may[TEA], may[JAM]
        ),
    )
    .expect("write");
    let r = shop.run(&["reconcile", "--channel", "Ozon", "--file", &f], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("0 oversell risks"), "{}", r.stdout);
}

// ---- a shipped posting meeting a backorder ------------------------------------------

fn order_file(shop: &Shop, name: &str, lines: &[(&str, &str, u64, &str)]) -> String {
    let mut s = String::from("order_id;sku;qty;status\n");
    for (o, sku, q, st) in lines {
        s.push_str(&format!("{o};{sku};{q};{st}\n"));
    }
    let p = shop.dir.path().join(name);
    std::fs::write(&p, s).expect("write");
    p.display().to_string()
}

#[test]
fn a_shipped_posting_fills_its_backorder_from_stock_or_is_refused_by_name() {
    let shop = Shop::new();
    for a in [
        &["channel", "add", "Site", "--kind", "marketplace"][..],
        &["sku", "add", HONEY, "--name", "Honey"],
    ] {
        assert_eq!(shop.run(a, &[]).code, 0, "{a:?}");
    }
    // No honey yet: a big order waits, then a small one behind it.
    let day1 = order_file(
        &shop,
        "day1.csv",
        &[("A-1", HONEY, 6, "new"), ("A-2", HONEY, 2, "new")],
    );
    let r = shop.run(&["import", "orders", &day1, "--channel", "Site"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("2 backordered"), "{r:?}");
    // Four arrive: the big one first in line does not fit, so both still wait.
    assert_eq!(shop.run(&["receive", HONEY, "4"], &[]).code, 0);
    assert_eq!(shop.levels(HONEY), (4, 0), "both wait as backorders");
    // The marketplace says the small one left: it ships from the stock at hand.
    let day2 = order_file(&shop, "day2.csv", &[("A-2", HONEY, 2, "shipped")]);
    let r = shop.run(&["import", "orders", &day2, "--channel", "Site"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("1 shipped"), "{r:?}");
    assert_eq!(shop.levels(HONEY), (2, 0));
    // The big one says it left too, but 2 are at hand: refused, naming the order and
    // what to do, and nothing of the file is applied.
    let day3 = order_file(
        &shop,
        "day3.csv",
        &[("B-1", TEA, 1, "new"), ("A-1", HONEY, 6, "shipped")],
    );
    let before = shop.history_len();
    let r = shop.run(&["import", "orders", &day3, "--channel", "Site"], &[]);
    assert_eq!(r.code, 2, "a refused row of the file: {r:?}");
    assert!(
        r.stderr.contains("order A-1 shipped 6 of HONEY-3")
            && r.stderr.contains("only 2 are available")
            && r.stderr.contains("stockroom receive"),
        "{r:?}"
    );
    assert_eq!(shop.history_len(), before);
    // Once the jam is received, the same file goes through.
    assert_eq!(shop.run(&["receive", HONEY, "4"], &[]).code, 0);
    let r = shop.run(&["import", "orders", &day3, "--channel", "Site"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(shop.levels(HONEY), (0, 0));
    assert_eq!(shop.levels(TEA), (10, 1));
}

#[test]
fn a_pull_leaves_out_a_shipped_posting_stock_cannot_cover_and_applies_the_rest() {
    let shop = Shop::new();
    let posting = |n: &str, offer: &str, q: u64, st: &str| {
        json!({ "posting_number": n, "order_number": n, "status": st,
                "in_process_at": "2026-03-03T09:00:00Z",
                "products": [ { "offer_id": offer, "quantity": q, "sku": 1, "name": "x", "price": "1.00" } ] })
    };
    let postings = json!([
        posting("0201-0001-1", JAM, 9, "delivering"),
        posting("0202-0001-1", TEA, 2, "awaiting_packaging")
    ]);
    let api = StandIn::start(move |s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => reply(
            200,
            json!({ "result": { "postings": postings.clone(), "has_next": false } }),
        ),
        "/v2/products/stocks" => updated(s, None),
        _ => reply(404, json!({})),
    });
    let r = shop.ozon(&api.url, &["sync", "--channel", "Ozon"]);
    assert_eq!(r.code, 1, "one posting left out: {r:?}");
    assert!(
        r.stderr.contains("0201-0001-1") && r.stderr.contains("only 4 are available"),
        "{r:?}"
    );
    // The tea order was reserved and the stock still pushed.
    assert_eq!(shop.levels(TEA), (10, 2));
    assert_eq!(shop.levels(JAM), (4, 0));
    assert!(!api.to("/v2/products/stocks").is_empty());
}

#[test]
fn a_shipped_line_split_over_locations_fills_its_waiting_part_from_stock() {
    let shop = Shop::new();
    for a in [
        &["channel", "add", "Site", "--kind", "marketplace"][..],
        &["location", "add", "Second"],
        &["sku", "add", HONEY, "--name", "Honey"],
        &["receive", HONEY, "3"],
        &["receive", HONEY, "2", "--at", "Second"],
    ] {
        assert_eq!(shop.run(a, &[]).code, 0, "{a:?}");
    }
    // Each order with the time it was placed: its place in the queue.
    let import = |name: &str, (order, qty, status, day): (&str, u64, &str, u32)| {
        let p = shop.dir.path().join(name);
        std::fs::write(
            &p,
            format!("order_id;sku;qty;status;created_at\n{order};{HONEY};{qty};{status};2026-03-0{day}T09:00:00Z\n"),
        )
        .expect("write");
        let f = p.display().to_string();
        let r = shop.run(&["import", "orders", &f, "--channel", "Site"], &[]);
        assert_eq!(r.code, 0, "{name}: {r:?}");
        r
    };
    // Y, bigger than all there is, waits first in line.
    import("y.csv", ("Y", 10, "new", 1));
    // X takes 4: 3 here and 1 at Second, one line in two parts.
    import("x4.csv", ("X", 4, "new", 2));
    // X grows to 7: the 3 more wait as a backorder part of X's line.
    import("x7.csv", ("X", 7, "new", 2));
    assert_eq!(shop.levels(HONEY), (5, 4));
    // Three arrive; Y, first in line, does not fit, so X's part still waits.
    assert_eq!(shop.run(&["receive", HONEY, "3"], &[]).code, 0);
    assert_eq!(shop.levels(HONEY), (8, 4));
    // The marketplace says X left: all 7 go, its waiting part from the stock at hand.
    let r = import("x-shipped.csv", ("X", 7, "shipped", 2));
    assert!(r.stdout.contains("1 shipped"), "{r:?}");
    assert_eq!(shop.levels(HONEY), (1, 0));
}
