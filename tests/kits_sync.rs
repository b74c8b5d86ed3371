//! `stockroom sync` of a kit against the stand-in for the Ozon Seller API: the kit goes out
//! with what its components allow, with the channel's rules applied to it, and a component
//! sold alone lowers the kit on the next sync.

mod kit_shop;
mod stand_in;

use std::collections::HashMap;

use kit_shop::{Env, Run};
use serde_json::{Value, json};
use stand_in::{Reply, Seen, StandIn, reply};

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

/// `sync --channel Ozon` against the stand-in at `url`.
fn sync(env: &Env, url: &str) -> Run {
    let mut c = env.command("en");
    c.env("STOCKROOM_CONFIG_DIR", env.dir.path().join("config"))
        .env("STOCKROOM_SYNC_TIMEOUT_MS", "1500")
        .env("STOCKROOM_SYNC_BACKOFF_MS", "10")
        .env("STOCKROOM_SYNC_RETRIES", "3")
        .env("STOCKROOM_OZON_CLIENT_ID", "client-1")
        .env("STOCKROOM_OZON_API_KEY", "key-1")
        .env("STOCKROOM_OZON_WAREHOUSE_ID", "22001")
        .env("STOCKROOM_OZON_URL", url)
        .env_remove("STOCKROOM_WB_TOKEN")
        .args(["sync", "--channel", "Ozon"]);
    let r = Run::from(c.output().expect("run stockroom"));
    assert_eq!(r.code, 0, "{r:?}");
    r
}

/// What the last stocks request sent, per offer id.
fn last_sent(api: &StandIn) -> HashMap<String, u64> {
    let stocks = api.to("/v2/products/stocks");
    let last = stocks.last().expect("a stocks request");
    last.body["stocks"]
        .as_array()
        .expect("stocks")
        .iter()
        .map(|i| {
            (
                i["offer_id"].as_str().expect("offer_id").to_string(),
                i["stock"].as_u64().expect("stock"),
            )
        })
        .collect()
}

/// What the matrix says Ozon may show of the kit.
fn published(env: &Env) -> u64 {
    let m = env.json(&["matrix"]);
    let row = m
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "GIFT-01")
        .expect("the kit's row")
        .clone();
    let cell = row["channels"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|c| c["channel"] == "Ozon")
        .expect("Ozon's cell")
        .clone();
    cell["published"].as_u64().expect("published")
}

#[test]
fn a_kit_is_pushed_with_what_its_components_allow_and_a_part_sold_alone_lowers_it() {
    // Tea 7, honey 3, cups 9 (2 per kit): the kit has 3, honey limits it. Ozon holds one
    // unit back of everything it shows.
    let env = Env::gift();
    env.ok(&["channel", "add", "Shop", "--kind", "retail"]);
    env.ok(&["channel", "rules", "Ozon", "--buffer", "1"]);
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => reply(
            200,
            json!({ "result": { "has_next": false, "postings": [] } }),
        ),
        "/v2/products/stocks" => updated_all(s),
        _ => reply(404, json!({"code": 5, "message": "not found"})),
    });
    sync(&env, &api.url);
    let sent = last_sent(&api);
    // The kit: min(7/1, 3/1, 9/2) = 3, less the buffer of 1; the components as themselves.
    assert_eq!(sent.get("GIFT-01"), Some(&2), "{sent:?}");
    assert_eq!(sent.get("HONEY-01"), Some(&2), "{sent:?}");
    assert_eq!(sent.get("TEA-001"), Some(&6), "{sent:?}");
    assert_eq!(sent.get("CUP-01"), Some(&8), "{sent:?}");
    assert_eq!(published(&env), 2, "what went out is what the matrix shows");

    // One honey sold alone in the shop: honey 2, so the kit has 2, and 1 goes to Ozon.
    env.ok(&["sell", "HONEY-01", "1", "--channel", "Shop"]);
    sync(&env, &api.url);
    let sent = last_sent(&api);
    assert_eq!(sent.get("GIFT-01"), Some(&1), "{sent:?}");
    assert_eq!(sent.get("HONEY-01"), Some(&1), "{sent:?}");
    assert_eq!(published(&env), 1);

    // Two cups more sold alone: cups 7 still allow 3 kits; honey still limits, so the
    // kit's number stays.
    env.ok(&["sell", "CUP-01", "2", "--channel", "Shop"]);
    sync(&env, &api.url);
    let all = api.to("/v2/products/stocks");
    let kit_sent: Option<u64> = all.last().and_then(|s| {
        s.body["stocks"]
            .as_array()?
            .iter()
            .find(|i| i["offer_id"] == "GIFT-01")
            .map(|i| i["stock"].as_u64().unwrap_or(u64::MAX))
    });
    assert!(
        kit_sent.is_none_or(|n| n == 1),
        "the kit is unchanged: {kit_sent:?}"
    );
    assert_eq!(published(&env), 1);
    env.check();
}
