//! `stockroom sync` with a channel's own item ids (`channel map`): the API is the one the
//! channel's profile names, the mapped id is what goes out, an order of that id reaches our
//! SKU; and a backup taken after a sync keeps what the API confirmed.

use serde_json::{Value, json};

mod stand_in;

use stand_in::{Reply, Seen, StandIn, reply};

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");
const TEA: &str = "TEA-001";
const MUG: &str = "MUG-01";
const TEA_ITEM: &str = "OZ-TEA-77";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, String)]) -> Run {
    let mut c = std::process::Command::new(BIN);
    c.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("STOCKROOM_CONFIG_DIR", dir.join("config"))
        .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
        .env_remove("STOCKROOM_DB")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("STOCKROOM_LANG", "en")
        .env("STOCKROOM_SYNC_TIMEOUT_MS", "1500")
        .env("STOCKROOM_SYNC_BACKOFF_MS", "10")
        .env("STOCKROOM_SYNC_RETRIES", "3");
    for (k, v) in env {
        c.env(k, v);
    }
    c.arg("--db").arg(dir.join("shop.redb")).args(args);
    let o = c.output().expect("run stockroom");
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
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

#[test]
fn a_mapped_item_id_is_sent_and_its_orders_reach_the_sku() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    // "Shop A" says nothing of Ozon in its name: its profile does.
    for a in [
        &["init"][..],
        &[
            "sku",
            "add",
            TEA,
            "--name",
            "Tea",
            "--barcode",
            "4600000000017",
        ],
        &[
            "sku",
            "add",
            MUG,
            "--name",
            "Mug",
            "--barcode",
            "4600000000024",
        ],
        &["receive", TEA, "10"],
        &["receive", MUG, "5"],
        &[
            "channel",
            "add",
            "Shop A",
            "--kind",
            "marketplace",
            "--profile",
            "ozon",
        ],
        &["channel", "map", "Shop A", TEA, "--item", TEA_ITEM],
    ] {
        let r = run(home, a, &[]);
        assert_eq!(r.code, 0, "{a:?}: {}", r.stderr);
    }
    let api = StandIn::start(|s, _| match s.path.as_str() {
        "/v3/posting/fbs/list" => reply(
            200,
            json!({ "result": { "has_next": false, "postings": [
                { "posting_number": "0101-0001-1", "order_number": "0101-0001",
                  "status": "awaiting_packaging", "in_process_at": "2026-03-03T09:00:00Z",
                  "products": [ { "offer_id": TEA_ITEM, "quantity": 2, "sku": 9001,
                                  "name": "Tea", "price": "300.00" } ] } ] } }),
        ),
        "/v2/products/stocks" => updated_all(s),
        _ => reply(404, json!({"code": 5, "message": "not found"})),
    });
    let env = [
        ("STOCKROOM_OZON_CLIENT_ID", "client-1".to_string()),
        ("STOCKROOM_OZON_API_KEY", "key-1".to_string()),
        ("STOCKROOM_OZON_WAREHOUSE_ID", "22001".to_string()),
        ("STOCKROOM_OZON_URL", api.url.clone()),
    ];
    let r = run(home, &["sync", "--channel", "Shop A"], &env);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);

    // The order of the mapped id reserved our tea.
    let r = run(home, &["--json", "reservations", "--all"], &[]);
    let res: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let res = res.as_array().expect("list");
    assert_eq!(res.len(), 1, "{res:?}");
    assert_eq!(res[0]["code"], TEA);
    assert_eq!(res[0]["qty"], 2);

    // The tea went out under its mapped id, the mug under its code.
    let stocks = api.to("/v2/products/stocks");
    assert_eq!(stocks.len(), 1);
    let mut sent: Vec<String> = stocks[0].body["stocks"]
        .as_array()
        .expect("stocks")
        .iter()
        .map(|i| i["offer_id"].as_str().unwrap_or_default().to_string())
        .collect();
    sent.sort();
    assert_eq!(sent, vec![MUG.to_string(), TEA_ITEM.to_string()]);

    // A backup after the sync carries what the API confirmed.
    let file = home.join("after-sync.redb");
    let r = run(home, &["backup", file.to_str().expect("path")], &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(file.is_file());
}
