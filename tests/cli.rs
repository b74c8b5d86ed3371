//! CLI integration tests: run the real `stockroom` binary on a temp database and check
//! exit codes, stdout/stderr, JSON shapes and the resulting levels (see design/cli.md).
//!
//! Every command runs with HOME, XDG dirs and the current directory inside a temp dir,
//! STOCKROOM_LANG=en unless a test is about Russian, and an explicit `--db`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().expect("the binary was killed by a signal"),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", self.stdout))
    }
}

/// A temp dir that is HOME, the XDG dirs and the working directory, with a database path in it.
struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
    lang: Option<&'static str>,
}

impl Env {
    /// No database yet.
    fn bare() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        Env {
            dir,
            db,
            lang: Some("en"),
        }
    }

    /// An initialized, empty database.
    fn new() -> Env {
        let env = Env::bare();
        let r = env.ok(&["init"]);
        assert!(
            r.stdout.contains("Main warehouse"),
            "init names the default location: {r:?}"
        );
        env
    }

    /// A database with SKU TEA-001 (barcode 4600000000017), channel Ozon and location Shop.
    fn with_tea() -> Env {
        let env = Env::new();
        env.ok(&[
            "sku",
            "add",
            "TEA-001",
            "--name",
            "Чай зелёный",
            "--barcode",
            "4600000000017",
            "--min",
            "5",
            "--safety",
            "2",
        ]);
        env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
        env.ok(&["location", "add", "Shop"]);
        env
    }

    /// A small demo shop (60 SKUs over 5 days, as of a fixed day).
    fn small_shop() -> Env {
        let env = Env::new();
        env.ok(&[
            "demo",
            "--skus",
            "60",
            "--days",
            "5",
            "--as-of",
            "2026-03-04",
        ]);
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self) -> Command {
        let home = self.dir.path();
        let mut c = Command::new(BIN);
        c.current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env("XDG_STATE_HOME", home.join("xdg-state"))
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_CONFIG_DIR")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
        match self.lang {
            Some(l) => c.env("STOCKROOM_LANG", l),
            None => c.env_remove("STOCKROOM_LANG"),
        };
        c.arg("--db").arg(&self.db);
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("run stockroom"))
    }

    /// Runs and expects exit code `code`.
    fn expect(&self, code: i32, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code, code,
            "stockroom {args:?} exited {} (expected {code}):\n{r:?}",
            r.code
        );
        r
    }

    fn ok(&self, args: &[&str]) -> Run {
        let r = self.expect(0, args);
        assert!(
            r.stderr.is_empty() || args.contains(&"--out"),
            "no stderr on success for {args:?}: {r:?}"
        );
        r
    }

    /// Runs with `--json`, expects exit 0, parses stdout.
    fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        self.ok(&a).json()
    }

    fn show(&self, sku: &str) -> Value {
        self.json(&["sku", "show", sku])
    }

    /// Expects exit 0 and a warning on stderr (a database that still holds a code clash).
    fn ok_warned(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert!(r.stderr.contains("warning"), "{args:?} warns: {r:?}");
        r
    }

    fn json_warned(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        self.ok_warned(&a).json()
    }

    fn ledger(&self) -> Vec<Value> {
        self.json(&["export", "ledger", "--format", "json"])
            .as_array()
            .expect("ledger array")
            .clone()
    }

    /// `stockroom check` passes; returns the number of ledger entries replayed.
    fn check(&self) -> u64 {
        let r = self.ok(&["check"]);
        assert!(r.stdout.contains("check passed"), "{r:?}");
        let j = self.json(&["check"]);
        assert_eq!(j["problems"], Value::Array(vec![]), "{j}");
        j["entries"].as_u64().expect("entries")
    }
}

/// (on_hand, reserved, available, defective) of a `sku show --json` document or a location in it.
fn levels(v: &Value) -> (u64, u64, i64, u64) {
    (
        v["on_hand"].as_u64().expect("on_hand"),
        v["reserved"].as_u64().expect("reserved"),
        v["available"].as_i64().expect("available"),
        v["defective"].as_u64().expect("defective"),
    )
}

fn at<'a>(show: &'a Value, location: &str) -> &'a Value {
    show["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .find(|l| l["location"] == location)
        .unwrap_or_else(|| panic!("no location {location} in {show}"))
}

fn reservation_status(env: &Env, id: u64) -> (String, u64) {
    let all = env.json(&["reservations", "--all"]);
    let r = all
        .as_array()
        .expect("reservations")
        .iter()
        .find(|r| r["reservation"] == id)
        .unwrap_or_else(|| panic!("no reservation {id} in {all}"));
    (
        r["status"].as_str().expect("status").to_string(),
        r["remaining"].as_u64().expect("remaining"),
    )
}

fn reserve(env: &Env, args: &[&str]) -> u64 {
    let mut a = vec!["reserve"];
    a.extend_from_slice(args);
    let j = env.json(&a);
    assert_eq!(j["status"], "open", "{j}");
    j["reservation"].as_u64().expect("reservation is a number")
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

// ---- exit code 0 and the JSON shapes of cli.md ---------------------------------------

#[test]
fn sku_show_json_has_the_contract_shape() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "12"]);
    let id = reserve(&env, &["TEA-001", "3", "--channel", "Ozon"]);
    assert!(id >= 1);
    env.ok(&["defect", "TEA-001", "1", "--reason", "other"]);
    env.ok(&["receive", "TEA-001", "1"]);

    let j = env.show("TEA-001");
    for k in [
        "code",
        "name",
        "barcodes",
        "on_hand",
        "reserved",
        "available",
        "defective",
        "min_stock",
        "safety_stock",
        "locations",
    ] {
        assert!(j.get(k).is_some(), "sku show --json lacks {k}: {j}");
    }
    assert_eq!(j["code"], "TEA-001");
    assert_eq!(j["name"], "Чай зелёный");
    assert_eq!(j["barcodes"], serde_json::json!(["4600000000017"]));
    assert_eq!(levels(&j), (12, 3, 9, 1));
    assert_eq!(j["min_stock"], 5);
    assert_eq!(j["safety_stock"], 2);
    let locs = j["locations"].as_array().expect("locations array");
    assert_eq!(locs.len(), 1, "only locations with stock: {j}");
    assert_eq!(
        keys(&locs[0]),
        ["location", "on_hand", "reserved", "available", "defective"]
    );
    assert_eq!(locs[0]["location"], "Main warehouse");
    assert_eq!(levels(&locs[0]), (12, 3, 9, 1));

    // The text form names the SKU and its location.
    let t = env.ok(&["sku", "show", "TEA-001"]);
    assert!(
        t.stdout.contains("TEA-001") && t.stdout.contains("Чай зелёный"),
        "{t:?}"
    );
    assert!(t.stdout.contains("Main warehouse"), "{t:?}");
}

#[test]
fn sku_list_json_is_an_array_of_the_same_objects_without_locations() {
    let env = Env::with_tea();
    env.ok(&[
        "sku",
        "add",
        "CUP-01",
        "--name",
        "Чашка",
        "--barcode",
        "4600000000024",
    ]);
    env.ok(&["receive", "TEA-001", "7"]);
    let j = env.json(&["sku", "list"]);
    let rows = j.as_array().expect("sku list --json is an array");
    assert_eq!(rows.len(), 2);
    let tea = rows
        .iter()
        .find(|r| r["code"] == "TEA-001")
        .expect("TEA-001 listed");
    for k in [
        "code",
        "name",
        "barcodes",
        "on_hand",
        "reserved",
        "available",
        "defective",
        "min_stock",
        "safety_stock",
    ] {
        assert!(tea.get(k).is_some(), "sku list row lacks {k}: {tea}");
    }
    for r in rows {
        assert!(
            r.get("locations").is_none(),
            "sku list rows have no locations: {r}"
        );
    }
    assert_eq!(tea["name"], "Чай зелёный");
    assert_eq!(levels(tea), (7, 0, 7, 0));
    assert_eq!(tea["barcodes"], serde_json::json!(["4600000000017"]));
    let cup = rows
        .iter()
        .find(|r| r["code"] == "CUP-01")
        .expect("CUP-01 listed");
    assert_eq!(levels(cup), (0, 0, 0, 0));

    // --filter narrows the list.
    let f = env.json(&["sku", "list", "--filter", "CUP"]);
    assert_eq!(f.as_array().map(Vec::len), Some(1), "{f}");
    assert_eq!(f[0]["code"], "CUP-01");
}

#[test]
fn reserve_json_names_the_reservation_and_open_status() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "10"]);
    let j = env.json(&[
        "reserve",
        "TEA-001",
        "4",
        "--channel",
        "Ozon",
        "--order",
        "ORD-1",
    ]);
    assert!(j["reservation"].is_u64(), "reservation is a number: {j}");
    assert_eq!(j["status"], "open");
    assert_eq!(j["order"], "ORD-1");
    assert_eq!(j["code"], "TEA-001");
    assert_eq!(j["qty"], 4);
    assert_eq!(j["remaining"], 4);
    assert_eq!(j["location"], "Main warehouse");
    let second = env.json(&["reserve", "TEA-001", "1", "--channel", "Ozon"]);
    assert_eq!(
        second["reservation"].as_u64(),
        Some(j["reservation"].as_u64().unwrap() + 1)
    );
    // The queue shows both, oldest first.
    let q = env.json(&["reservations"]);
    let ids: Vec<u64> = q
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reservation"].as_u64().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            j["reservation"].as_u64().unwrap(),
            second["reservation"].as_u64().unwrap()
        ]
    );
    assert_eq!(levels(&env.show("TEA-001")), (10, 5, 5, 0));
}

#[test]
fn init_twice_is_fine_and_lists_the_default_location() {
    let env = Env::new();
    let again = env.ok(&["init"]);
    assert!(!again.stdout.is_empty());
    let locs = env.json(&["location", "list"]);
    assert_eq!(
        locs,
        serde_json::json!([{"name": "Main warehouse", "default": true}])
    );
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    assert_eq!(env.check(), 0);
}

// ---- every movement kind ------------------------------------------------------------

#[test]
fn every_movement_kind_through_the_cli() {
    let env = Env::with_tea();
    let tea = || env.show("TEA-001");

    env.ok(&["receive", "TEA-001", "20", "--ref", "PO-1"]);
    assert_eq!(levels(&tea()), (20, 0, 20, 0));

    let r1 = reserve(
        &env,
        &["TEA-001", "5", "--channel", "ozon", "--order", "A1"],
    );
    assert_eq!(levels(&tea()), (20, 5, 15, 0));
    let r2 = reserve(
        &env,
        &["4600000000017", "3", "--channel", "OZON", "--order", "A2"],
    );
    assert_eq!(levels(&tea()), (20, 8, 12, 0));

    env.ok(&["release", &r2.to_string()]);
    assert_eq!(levels(&tea()), (20, 5, 15, 0));
    assert_eq!(reservation_status(&env, r2), ("cancelled".to_string(), 0));

    // Ship part: the rest stays reserved.
    let s = env.ok(&["ship", &r1.to_string(), "--qty", "2", "--tracking", "TRK-1"]);
    assert!(s.stdout.contains("TEA-001"), "{s:?}");
    assert_eq!(levels(&tea()), (18, 3, 15, 0));
    assert_eq!(reservation_status(&env, r1), ("open".to_string(), 3));
    // Ship the rest.
    env.ok(&["ship", &r1.to_string()]);
    assert_eq!(levels(&tea()), (15, 0, 15, 0));
    assert_eq!(reservation_status(&env, r1), ("shipped".to_string(), 0));

    env.ok(&["sell", "TEA-001", "2", "--channel", "Ozon"]);
    assert_eq!(levels(&tea()), (13, 0, 13, 0));

    env.ok(&[
        "return",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--restock",
        "--order",
        "A1",
    ]);
    assert_eq!(levels(&tea()), (14, 0, 14, 0));

    env.ok(&[
        "return",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--no-order",
        "--defect",
        "shipping_damage",
    ]);
    assert_eq!(levels(&tea()), (14, 0, 14, 1));

    env.ok(&["defect", "TEA-001", "2", "--reason", "packaging"]);
    assert_eq!(levels(&tea()), (12, 0, 12, 3));

    env.ok(&["writeoff", "TEA-001", "1", "--reason", "lost"]);
    assert_eq!(levels(&tea()), (11, 0, 11, 3));

    env.ok(&[
        "writeoff",
        "TEA-001",
        "2",
        "--reason",
        "broken",
        "--defective",
    ]);
    assert_eq!(levels(&tea()), (11, 0, 11, 1));

    env.ok(&[
        "transfer",
        "TEA-001",
        "4",
        "--from",
        "main WAREHOUSE",
        "--to",
        "shop",
    ]);
    let t = tea();
    assert_eq!(levels(&t), (11, 0, 11, 1));
    assert_eq!(levels(at(&t, "Main warehouse")), (7, 0, 7, 1));
    assert_eq!(levels(at(&t, "Shop")), (4, 0, 4, 0));

    env.ok(&["adjust", "TEA-001", "--set", "10", "--reason", "count"]);
    let t = tea();
    assert_eq!(levels(&t), (14, 0, 14, 1));
    assert_eq!(levels(at(&t, "Main warehouse")), (10, 0, 10, 1));

    env.ok(&[
        "adjust", "TEA-001", "--by", "-2", "--reason", "count", "--at", "SHOP",
    ]);
    let t = tea();
    assert_eq!(levels(&t), (12, 0, 12, 1));
    assert_eq!(levels(at(&t, "Shop")), (2, 0, 2, 0));

    env.ok(&[
        "adjust",
        "4600000000017",
        "--by",
        "+3",
        "--reason",
        "found",
        "--at",
        "shop",
    ]);
    assert_eq!(levels(at(&tea(), "Shop")), (5, 0, 5, 0));

    // The ledger has one entry per movement, of the right kinds, in order.
    let ledger = env.ledger();
    let kinds: Vec<&str> = ledger.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "receive",
            "reserve",
            "reserve",
            "release",
            "ship",
            "ship",
            "sell",
            "return_restock",
            "return_defect:shipping_damage",
            "defect:packaging",
            "writeoff",
            "writeoff_defective",
            "transfer",
            "adjust",
            "adjust",
            "adjust",
        ]
    );
    let seqs: Vec<u64> = ledger.iter().map(|m| m["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=16).collect::<Vec<u64>>());
    assert_eq!(ledger[0]["reference"], "PO-1");
    assert_eq!(ledger[5]["channel"], "Ozon");
    assert_eq!(env.check(), 16);

    // History (newest first) agrees.
    let h = env.json(&["history", "TEA-001", "--limit", "2"]);
    assert_eq!(h.as_array().map(Vec::len), Some(2));
    assert_eq!(h[0]["seq"], 16);
    assert_eq!(h[0]["kind"], "adjust");
}

/// A location's or a channel's name is one name in any case and width: a full-width
/// "ＳＨＯＰ" (as some keyboards and copied text give) finds "Shop", and adding it again
/// is refused.
#[test]
fn location_and_channel_names_match_in_any_width() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "3", "--at", "ＳＨＯＰ"]);
    assert_eq!(levels(at(&env.show("TEA-001"), "Shop")), (3, 0, 3, 0));
    // Refused, naming the location as it is stored.
    let r = env.expect(2, &["location", "add", "Ｓｈｏｐ"]);
    assert!(
        r.stderr.contains("Shop") && !r.stderr.contains("Ｓｈｏｐ"),
        "{r:?}"
    );
    let r = env.expect(2, &["channel", "add", "ＯＺＯＮ", "--kind", "marketplace"]);
    assert!(
        r.stderr.contains("Ozon") && !r.stderr.contains("ＯＺＯＮ"),
        "{r:?}"
    );
    // A joiner after the name, or a doubled space, is the same name too.
    env.expect(2, &["location", "add", "Shop\u{200d}"]);
    env.expect(
        2,
        &["channel", "add", "Oz\u{200d}on", "--kind", "marketplace"],
    );
    env.expect(2, &["location", "add", "Main  warehouse"]);
    env.ok(&[
        "transfer",
        "TEA-001",
        "1",
        "--from",
        "Shop",
        "--to",
        "main   WAREHOUSE",
    ]);
    env.ok(&[
        "sell",
        "TEA-001",
        "1",
        "--channel",
        "ｏｚｏｎ",
        "--at",
        "shop",
    ]);
    assert_eq!(levels(at(&env.show("TEA-001"), "Shop")), (1, 0, 1, 0));
    assert_eq!(
        levels(at(&env.show("TEA-001"), "Main warehouse")),
        (1, 0, 1, 0)
    );
    assert_eq!(
        env.json(&["location", "list"]).as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn sku_arguments_accept_a_barcode_and_names_match_case_insensitively() {
    let env = Env::with_tea();
    env.ok(&["receive", "4600000000017", "6", "--at", "SHOP"]);
    let by_barcode = env.show("4600000000017");
    assert_eq!(by_barcode["code"], "TEA-001");
    assert_eq!(levels(at(&by_barcode, "Shop")), (6, 0, 6, 0));
    assert_eq!(by_barcode, env.show("TEA-001"));

    let id = reserve(
        &env,
        &["4600000000017", "2", "--channel", "oZoN", "--at", "shop"],
    );
    let (status, remaining) = reservation_status(&env, id);
    assert_eq!((status.as_str(), remaining), ("open", 2));
    env.ok(&[
        "sell",
        "4600000000017",
        "1",
        "--channel",
        "OZON",
        "--at",
        "Shop",
    ]);
    env.ok(&[
        "transfer",
        "4600000000017",
        "1",
        "--from",
        "sHoP",
        "--to",
        "MAIN WAREHOUSE",
    ]);
    let t = env.show("TEA-001");
    assert_eq!(levels(at(&t, "Shop")), (4, 2, 2, 0));
    assert_eq!(levels(at(&t, "Main warehouse")), (1, 0, 1, 0));
    let filtered = env.json(&["reservations", "--channel", "ozon"]);
    assert_eq!(filtered.as_array().map(Vec::len), Some(1), "{filtered}");
    assert_eq!(filtered[0]["channel"], "Ozon");
    env.check();
}

// ---- exit code 1: refused by the rules, nothing changed -----------------------------

#[test]
fn rule_refusals_exit_1_and_change_nothing() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "5"]);
    let id = reserve(&env, &["TEA-001", "3", "--channel", "Ozon"]);
    let before = env.show("TEA-001");
    let entries = env.ledger().len();

    let r = env.expect(1, &["reserve", "TEA-001", "3", "--channel", "Ozon"]);
    assert!(r.stderr.contains("insufficient"), "{r:?}");
    assert!(
        r.stderr.contains("2 available") && r.stderr.contains("3 requested"),
        "{r:?}"
    );
    assert!(r.stdout.is_empty(), "{r:?}");

    let r = env.expect(1, &["ship", &id.to_string(), "--qty", "4"]);
    assert!(
        r.stderr.contains(&format!("#{id}")) && r.stderr.contains("cannot ship 4"),
        "{r:?}"
    );

    let r = env.expect(1, &["sell", "TEA-001", "3", "--channel", "Ozon"]);
    assert!(r.stderr.contains("insufficient"), "{r:?}");
    let r = env.expect(
        1,
        &[
            "transfer",
            "TEA-001",
            "3",
            "--from",
            "Main warehouse",
            "--to",
            "Shop",
        ],
    );
    assert!(r.stderr.contains("insufficient"), "{r:?}");
    let r = env.expect(1, &["defect", "TEA-001", "3", "--reason", "other"]);
    assert!(r.stderr.contains("insufficient"), "{r:?}");
    let r = env.expect(
        1,
        &["writeoff", "TEA-001", "1", "--reason", "x", "--defective"],
    );
    assert!(r.stderr.contains("insufficient defective"), "{r:?}");
    let r = env.expect(1, &["adjust", "TEA-001", "--by", "-6", "--reason", "x"]);
    assert!(r.stderr.contains("fewer than zero"), "{r:?}");
    let r = env.expect(
        1,
        &["transfer", "TEA-001", "1", "--from", "Shop", "--to", "shop"],
    );
    assert!(r.stderr.contains("two different locations"), "{r:?}");

    assert_eq!(env.show("TEA-001"), before, "a refusal changes nothing");
    assert_eq!(
        env.ledger().len(),
        entries,
        "a refusal writes no ledger entry"
    );

    // A released reservation cannot be released (or shipped) again.
    env.ok(&["release", &id.to_string()]);
    let after_release = env.show("TEA-001");
    assert_eq!(levels(&after_release), (5, 0, 5, 0));
    let r = env.expect(1, &["release", &id.to_string()]);
    assert!(
        r.stderr.contains("not open") && r.stderr.contains("cancelled"),
        "{r:?}"
    );
    let r = env.expect(1, &["ship", &format!("#{id}")]);
    assert!(r.stderr.contains("not open"), "{r:?}");
    assert_eq!(env.show("TEA-001"), after_release);
    env.check();
}

#[test]
fn a_shipped_reservation_cannot_be_shipped_or_released_again() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "2"]);
    let id = reserve(&env, &["TEA-001", "2", "--channel", "Ozon"]).to_string();
    env.ok(&["ship", &id]);
    let r = env.expect(1, &["ship", &id, "--qty", "1"]);
    assert!(
        r.stderr.contains("not open") && r.stderr.contains("shipped"),
        "{r:?}"
    );
    let r = env.expect(1, &["release", &id]);
    assert!(r.stderr.contains("not open"), "{r:?}");
    assert_eq!(levels(&env.show("TEA-001")), (0, 0, 0, 0));
    assert_eq!(env.check(), 3);
}

// ---- exit code 2: bad input, nothing changed ----------------------------------------

#[test]
fn bad_quantities_are_refused_with_the_field_name_and_change_nothing() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "7"]);
    let entries = env.ledger().len();
    for bad in [
        "1.5",
        "-3",
        "1e3",
        "",
        "abc",
        "1000000000000",
        "0",
        "1,5",
        " ",
    ] {
        let r = env.expect(2, &["receive", "TEA-001", bad]);
        assert!(
            r.stderr.contains("quantity"),
            "receive {bad:?} names the field: {r:?}"
        );
        assert!(r.stdout.is_empty(), "{r:?}");
        let j = env.show("TEA-001");
        assert_eq!(j["on_hand"], 7, "receive {bad:?} changed nothing");
    }
    // Each kind of mistake gets its own explanation.
    let why = |q: &str| env.expect(2, &["receive", "TEA-001", q]).stderr;
    assert!(why("1.5").contains("whole number"));
    assert!(why("-3").contains("negative"));
    assert!(why("1e3").contains("not a number"));
    assert!(why("").contains("empty"));
    assert!(why("abc").contains("not a number"));
    assert!(why("1000000000000").contains("too large"));
    // The largest allowed quantity goes through.
    env.ok(&["receive", "TEA-001", "1000000000"]);
    assert_eq!(env.show("TEA-001")["on_hand"], 1_000_000_007u64);
    assert_eq!(env.ledger().len(), entries + 1);
}

#[test]
fn bad_quantities_on_other_commands_name_the_field() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "5"]);
    let id = reserve(&env, &["TEA-001", "1", "--channel", "Ozon"]).to_string();
    let before = env.show("TEA-001");
    let cases: Vec<Vec<&str>> = vec![
        vec!["reserve", "TEA-001", "1.5", "--channel", "Ozon"],
        vec!["reserve", "TEA-001", "-1", "--channel", "Ozon"],
        vec!["sell", "TEA-001", "abc", "--channel", "Ozon"],
        vec![
            "return",
            "TEA-001",
            "-3",
            "--channel",
            "Ozon",
            "--restock",
            "--no-order",
        ],
        vec!["defect", "TEA-001", "1e3", "--reason", "other"],
        vec!["writeoff", "TEA-001", "", "--reason", "x"],
        vec![
            "transfer",
            "TEA-001",
            "0",
            "--from",
            "Main warehouse",
            "--to",
            "Shop",
        ],
        vec!["ship", &id, "--qty", "1.5"],
        vec!["ship", &id, "--qty", "-1"],
        vec!["adjust", "TEA-001", "--set", "-3", "--reason", "x"],
        vec!["adjust", "TEA-001", "--set", "2.5", "--reason", "x"],
        vec!["adjust", "TEA-001", "--by", "1e3", "--reason", "x"],
        vec!["adjust", "TEA-001", "--by", "-0", "--reason", "x"],
    ];
    for args in cases {
        let r = env.expect(2, &args);
        assert!(
            r.stderr.contains("quantity"),
            "{args:?} names the quantity: {r:?}"
        );
    }
    assert_eq!(env.show("TEA-001"), before);
}

#[test]
fn unknown_names_and_flags_exit_2() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "5"]);
    let before = env.show("TEA-001");

    let r = env.expect(2, &["receive", "NO-SUCH", "1"]);
    assert!(
        r.stderr.contains("unknown SKU") && r.stderr.contains("NO-SUCH"),
        "{r:?}"
    );
    let r = env.expect(2, &["sku", "show", "4699999999999"]);
    assert!(r.stderr.contains("unknown SKU"), "{r:?}");
    assert!(r.stdout.is_empty());
    let r = env.expect(2, &["receive", "TEA-001", "1", "--bogus"]);
    assert!(r.stderr.contains("--bogus"), "{r:?}");
    let r = env.expect(2, &["frobnicate"]);
    assert!(r.stderr.contains("frobnicate"), "{r:?}");
    let r = env.expect(2, &["receive", "TEA-001", "1", "--at", "Attic"]);
    assert!(
        r.stderr.contains("unknown location") && r.stderr.contains("Attic"),
        "{r:?}"
    );
    let r = env.expect(2, &["sell", "TEA-001", "1", "--channel", "Avito"]);
    assert!(
        r.stderr.contains("unknown channel") && r.stderr.contains("Avito"),
        "{r:?}"
    );
    let r = env.expect(2, &["release", "999"]);
    assert!(r.stderr.contains("#999"), "{r:?}");
    let r = env.expect(2, &["defect", "TEA-001", "1", "--reason", "gremlins"]);
    assert!(
        r.stderr.contains("shipping_damage"),
        "lists the reasons: {r:?}"
    );
    let r = env.expect(
        2,
        &["return", "TEA-001", "1", "--channel", "Ozon", "--no-order"],
    );
    assert!(
        r.stderr.contains("--restock") || r.stderr.contains("--defect"),
        "{r:?}"
    );
    let r = env.expect(2, &["sku", "add", "TEA-001", "--name", "again"]);
    assert!(r.stderr.contains("already exists"), "{r:?}");
    let r = env.expect(
        2,
        &[
            "sku",
            "add",
            "CUP-1",
            "--name",
            "Чашка",
            "--barcode",
            "4600000000017",
        ],
    );
    assert!(r.stderr.contains("already belongs to TEA-001"), "{r:?}");

    assert_eq!(env.show("TEA-001"), before);
    assert_eq!(env.json(&["sku", "list"]).as_array().map(Vec::len), Some(1));
    assert_eq!(env.check(), 1);
}

// ---- exit code 3: storage problems ---------------------------------------------------

#[test]
fn a_missing_database_is_reported_and_not_created() {
    let mut env = Env::bare();
    env.db = env.path("nowhere/stock.redb");
    for args in [
        &["sku", "list"][..],
        &["receive", "TEA-001", "1"],
        &["check"],
        &["export", "ledger"],
    ] {
        let r = env.expect(3, args);
        assert!(r.stderr.contains("no database"), "{args:?}: {r:?}");
        assert!(
            r.stderr.contains("stockroom init"),
            "says what to do: {r:?}"
        );
    }
    assert!(!env.db.exists(), "a non-init command creates no database");
    assert!(!env.path("nowhere").exists(), "nor its directory");
    // init creates it, directory included.
    env.ok(&["init"]);
    assert!(env.db.exists());
    env.ok(&["sku", "list"]);
}

#[test]
fn a_database_held_by_another_process_exits_3_locked() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "4"]);
    {
        let held = redb::Database::create(&env.db).expect("open the database from the test");
        // --wait 0: give up at once instead of waiting for the file (10 s by default).
        for args in [
            &["--wait", "0", "sku", "list"][..],
            &["--wait", "0", "receive", "TEA-001", "1"],
            &["--wait", "0", "init"],
        ] {
            let r = env.expect(3, args);
            assert!(
                r.stderr.contains("locked") || r.stderr.contains("in use"),
                "{args:?}: {r:?}"
            );
            assert!(r.stdout.is_empty(), "{r:?}");
        }
        drop(held);
    }
    // Once released, nothing was changed.
    assert_eq!(levels(&env.show("TEA-001")), (4, 0, 4, 0));
    assert_eq!(env.check(), 1);
}

#[test]
fn a_file_of_random_bytes_exits_3_corrupt_and_is_left_alone() {
    let env = Env::bare();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..65_536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&env.db, &bytes).unwrap();
    for args in [
        &["sku", "list"][..],
        &["receive", "X", "1"],
        &["init"],
        &["check"],
    ] {
        let r = env.expect(3, args);
        assert!(r.stderr.contains("corrupt"), "{args:?}: {r:?}");
        assert!(r.stderr.contains("backup"), "says what to do: {r:?}");
    }
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        bytes,
        "the file is not touched"
    );
}

/// Pages of a real shop zeroed (a disk that lost blocks): redb stops on them; a read
/// that meets them says the file is damaged and to restore a backup, in the user's
/// language, exits 3, and says so again when asked again.
#[test]
fn zeroed_pages_are_a_damaged_file_in_both_languages() {
    let mut env = Env::small_shop();
    let good = std::fs::read(&env.db).unwrap();
    let mut noticed = 0;
    for page in [2usize, 16] {
        let mut bytes = good.clone();
        let at = page * 4096;
        for b in &mut bytes[at..(at + 4 * 4096).min(good.len())] {
            *b = 0;
        }
        std::fs::write(&env.db, &bytes).unwrap();
        // The same answers in either language, and again on the second asking: the
        // damage is not hidden by the first read.
        let mut codes = Vec::new();
        for (lang, damaged, backup) in [
            (Some("en"), "corrupt", "backup"),
            (Some("ru"), "повреждена", "резервной копии"),
        ] {
            env.lang = lang;
            let mut these = Vec::new();
            for args in [&["check"][..], &["sku", "list"]] {
                let r = env.run(args);
                assert!(!r.stderr.contains("panicked"), "{args:?}: {r:?}");
                if r.code == 3 {
                    assert!(r.stderr.contains(damaged), "{args:?}: {r:?}");
                    assert!(r.stderr.contains(backup), "{args:?}: {r:?}");
                    noticed += 1;
                } else {
                    assert!(matches!(r.code, 0 | 1), "{args:?}: {r:?}");
                }
                these.push(r.code);
            }
            codes.push(these);
        }
        assert_eq!(codes[0], codes[1], "page {page}");
    }
    assert!(noticed > 0, "the damage was noticed");
}

/// A backup of a damaged file, a restore onto one and a restore from one: each ends with
/// an answer (done, or exit 3 saying the file is damaged), never a crash; a damaged backup
/// never replaces a good database.
#[test]
fn backup_and_restore_of_damaged_files_answer_and_never_crash() {
    let env = Env::small_shop();
    let good_bak = env.path("good.bak");
    env.ok(&["backup", good_bak.to_str().unwrap()]);
    let good = std::fs::read(&env.db).unwrap();
    let listed = env.ok(&["sku", "list"]).stdout;
    let mut refused = 0;
    for page in [1usize, 2, 4, 8, 16, 40] {
        if (page + 1) * 4096 > good.len() {
            continue;
        }
        let mut bytes = good.clone();
        for b in &mut bytes[page * 4096..(page + 1) * 4096] {
            *b = 0;
        }
        // A backup of the damaged file.
        std::fs::write(&env.db, &bytes).unwrap();
        let out = env.path(&format!("d{page}.bak"));
        let r = env.run(&["backup", out.to_str().unwrap()]);
        assert!(matches!(r.code, 0 | 3), "backup, page {page}: {r:?}");
        assert!(!r.stderr.contains("panicked"), "backup, page {page}: {r:?}");
        if r.code == 3 {
            assert!(r.stderr.contains("corrupt"), "{r:?}");
            refused += 1;
        }
        // A good backup restored over the damaged file.
        let r = env.run(&["restore", good_bak.to_str().unwrap()]);
        assert_eq!(r.code, 0, "restore onto page {page} damaged: {r:?}");
        assert!(
            std::fs::read(&env.db).unwrap() != bytes,
            "the good copy is in place"
        );
        // A damaged backup restored over a good file: refused, the good file stays.
        let damaged_bak = env.path(&format!("damaged{page}.bak"));
        std::fs::write(&damaged_bak, &bytes).unwrap();
        std::fs::write(&env.db, &good).unwrap();
        let r = env.run(&["restore", damaged_bak.to_str().unwrap()]);
        assert!(
            matches!(r.code, 0 | 1 | 3),
            "restore from page {page}: {r:?}"
        );
        assert!(
            !r.stderr.contains("panicked"),
            "restore from page {page}: {r:?}"
        );
        if r.code != 0 {
            // The good database is the one in place, whole.
            assert_eq!(
                env.run(&["check"]).code,
                0,
                "page {page}: the good file stays"
            );
            assert_eq!(env.ok(&["sku", "list"]).stdout, listed, "page {page}");
            refused += 1;
        }
        std::fs::write(&env.db, &good).unwrap();
    }
    assert!(refused > 0, "some damage was met");
}

#[test]
fn an_empty_file_is_not_a_database() {
    let env = Env::bare();
    std::fs::write(&env.db, b"").unwrap();
    let r = env.run(&["sku", "list"]);
    assert_eq!(r.code, 3, "{r:?}");
    assert_eq!(
        std::fs::metadata(&env.db).unwrap().len(),
        0,
        "sku list must not write to the file"
    );
}

// ---- imports -----------------------------------------------------------------------

#[test]
fn import_russian_excel_csv_in_windows_1251() {
    let env = Env::new();
    std::fs::copy(
        fixture("catalog-excel-ru-cp1251.csv"),
        env.path("excel.csv"),
    )
    .unwrap();
    let r = env.ok(&["import", "skus", "excel.csv"]);
    assert!(r.stdout.contains("20 rows: 20 created"), "{r:?}");
    assert!(r.stdout.contains("19 movements"), "{r:?}");
    assert!(
        !r.stdout.contains('�'),
        "no mangled characters or line breaks: {r:?}"
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("new locations:") && l.contains("Гараж, стеллаж 2")),
        "the new locations on their own line: {r:?}"
    );

    let list = env.json(&["sku", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(20));

    let tea = env.show("TEA-GRN-100");
    assert_eq!(tea["name"], "Чай зелёный «Сенча», 100 г");
    assert_eq!(tea["barcodes"], serde_json::json!(["4601234000000"]));
    assert_eq!(tea["supplier"], "ООО Чайный двор");
    assert_eq!(tea["min_stock"], 30);
    assert_eq!(tea["cost"], "185.50");
    assert_eq!(tea["price"], "390.00");
    assert_eq!(levels(&tea), (240, 0, 240, 0));
    assert_eq!(levels(at(&tea, "Основной склад")), (240, 0, 240, 0));

    // "1 250,00" with a non-breaking space for thousands and a decimal comma.
    let puer = env.show("TEA-PUER-357");
    assert_eq!(puer["name"], "Пуэр шу, блин 357 г");
    assert_eq!(puer["cost"], "1250.00");
    assert_eq!(puer["price"], "2490.00");
    let scarf = env.show("4601234000154");
    assert_eq!(scarf["code"], "SCARF-PAVL-01");
    assert_eq!(scarf["cost"], "1900.00");
    assert_eq!(levels(at(&scarf, "Магазин")), (5, 0, 5, 0));

    // A quoted field with the delimiter in it, and doubled quotes.
    assert_eq!(
        env.show("CUP-CER-WHT")["name"],
        "Чашка керамическая белая; 300 мл"
    );
    let blue = env.show("CUP-CER-BLU");
    assert_eq!(blue["name"], "Чашка керамическая \"Синяя птица\"");
    assert_eq!(levels(at(&blue, "Магазин")), (7, 0, 7, 0));
    assert_eq!(
        levels(at(&env.show("TSHIRT-WHT-S"), "Гараж, стеллаж 2")),
        (21, 0, 21, 0)
    );
    assert_eq!(
        env.show("SOCK-WOOL-39")["name"],
        "Носки шерстяные, р. 39–41"
    );
    // Zero stock: no movement.
    assert_eq!(levels(&env.show("TSHIRT-BLK-L")), (0, 0, 0, 0));

    let locs = env.json(&["location", "list"]);
    let names: Vec<&str> = locs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Main warehouse",
            "Основной склад",
            "Магазин",
            "Гараж, стеллаж 2"
        ]
    );

    // Stock came in through adjust movements with reason "import".
    let ledger = env.ledger();
    assert_eq!(ledger.len(), 19);
    assert!(
        ledger
            .iter()
            .all(|m| m["kind"] == "adjust" && m["note"] == "import"),
        "{ledger:?}"
    );
    assert_eq!(env.check(), 19);

    // Importing the same file again changes nothing.
    let again = env.ok(&["import", "skus", "excel.csv"]);
    assert!(
        again
            .stdout
            .contains("0 created, 0 updated, 20 unchanged, 0 movements"),
        "{again:?}"
    );
    assert_eq!(env.ledger().len(), 19);
    assert_eq!(env.check(), 19);
}

/// A SKU may have several barcodes: each barcode column ("barcode" and "ean" side by side)
/// is read, none dropped, and a cell may hold several too.
#[test]
fn every_barcode_column_of_an_import_is_read() {
    let env = Env::new();
    let csv = env.path("two-barcode-columns.csv");
    std::fs::write(
        &csv,
        "code;name;barcode;ean;Штрихкод\nA-1;a;zz1;yy1;xx1,ww1\nB-2;b;;vv2;\n",
    )
    .unwrap();
    env.ok(&["import", "skus", csv.to_str().unwrap()]);
    let bars = |code: &str| -> Vec<String> {
        let v = env.show(code);
        let mut b: Vec<String> = v["barcodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        b.sort();
        b
    };
    assert_eq!(bars("A-1"), ["ww1", "xx1", "yy1", "zz1"]);
    assert_eq!(bars("B-2"), ["vv2"]);
    assert_eq!(env.show("yy1")["code"], "A-1");
    env.check();

    // A barcode another SKU holds is named in the column it stands in.
    let clash = env.path("clash.csv");
    std::fs::write(
        &clash,
        "code;name;barcode;ean;Штрихкод\nC-3;c;new1;;\nD-4;d;new2;zz1;\nE-5;e;new3;;A-1\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", clash.to_str().unwrap()]);
    assert!(r.stderr.contains("clash.csv:3:4:"), "{r:?}");
    assert!(r.stderr.contains("clash.csv:4:5:"), "{r:?}");
    assert!(!r.stderr.contains(":3:3:"), "{r:?}");
    assert_eq!(bars("A-1"), ["ww1", "xx1", "yy1", "zz1"]);
}

#[test]
fn import_google_sheets_utf8_csv() {
    let env = Env::new();
    let r = env.ok(&[
        "import",
        "skus",
        fixture("catalog-gsheets-utf8.csv").to_str().unwrap(),
    ]);
    assert!(r.stdout.contains("10 rows: 10 created"), "{r:?}");
    assert!(r.stdout.contains("9 movements"), "{r:?}");
    assert_eq!(
        env.json(&["sku", "list"]).as_array().map(Vec::len),
        Some(10)
    );
    let tea = env.show("TEA-GRN-100");
    assert_eq!(tea["name"], "Чай зелёный «Сенча», 100 г");
    assert_eq!(tea["cost"], "185.50");
    assert_eq!(tea["price"], "390.00");
    assert_eq!(levels(at(&tea, "Основной склад")), (240, 0, 240, 0));
    assert_eq!(env.show("TEA-PUER-357")["cost"], "1250.00");
    // A `;` inside an unquoted field of a comma file is just a character.
    assert_eq!(
        env.show("CUP-CER-WHT")["name"],
        "Чашка керамическая белая; 300 мл"
    );
    assert_eq!(
        env.show("CUP-CER-BLU")["name"],
        "Чашка керамическая \"Синяя птица\""
    );
    assert_eq!(
        levels(at(&env.show("TSHIRT-WHT-S"), "Гараж, стеллаж 2")),
        (21, 0, 21, 0)
    );
    assert_eq!(env.check(), 9);
}

#[test]
fn excel_and_google_sheets_files_give_the_same_skus() {
    let excel = Env::new();
    excel.ok(&[
        "import",
        "skus",
        fixture("catalog-excel-ru-cp1251.csv").to_str().unwrap(),
    ]);
    let sheets = Env::new();
    sheets.ok(&[
        "import",
        "skus",
        fixture("catalog-gsheets-utf8.csv").to_str().unwrap(),
    ]);
    let sheet_rows = sheets.json(&["sku", "list"]);
    for row in sheet_rows.as_array().unwrap() {
        let code = row["code"].as_str().unwrap();
        let (a, b) = (excel.show(code), sheets.show(code));
        for k in [
            "name",
            "barcodes",
            "supplier",
            "cost",
            "price",
            "min_stock",
            "on_hand",
            "locations",
        ] {
            assert_eq!(
                a[k], b[k],
                "{code}: {k} differs between the Excel and the Sheets file"
            );
        }
    }
}

#[test]
fn a_broken_csv_writes_nothing_and_reports_every_bad_row() {
    let env = Env::new();
    std::fs::copy(fixture("catalog-broken.csv"), env.path("broken.csv")).unwrap();
    for extra in [&[][..], &["--dry-run"]] {
        let mut args = vec!["import", "skus", "broken.csv"];
        args.extend_from_slice(extra);
        let r = env.expect(2, &args);
        assert!(r.stdout.is_empty(), "{r:?}");
        assert!(
            r.stderr.contains("7 bad row(s); nothing was written"),
            "{r:?}"
        );
        let rows: Vec<(u64, u64, &str)> = r
            .stderr
            .lines()
            .filter_map(|l| l.strip_prefix("broken.csv:"))
            .map(|rest| {
                let mut p = rest.splitn(3, ':');
                let line = p.next().unwrap().parse().expect("a line number");
                let col = p.next().unwrap().parse().expect("a column number");
                (line, col, p.next().unwrap().trim())
            })
            .collect();
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(
            lines,
            [3, 4, 5, 6, 7, 8, 9],
            "one FILE:LINE:COLUMN line per bad row:\n{}",
            r.stderr
        );
        let why = |line: u64| rows.iter().find(|r| r.0 == line).unwrap();
        // 1,5 units: the quantity column (4).
        assert_eq!(why(3).1, 4);
        assert!(
            why(3).2.contains("quantity") && why(3).2.contains("whole"),
            "{:?}",
            why(3)
        );
        assert_eq!(why(4).1, 4);
        assert!(
            why(4).2.contains("quantity") && why(4).2.contains("negative"),
            "{:?}",
            why(4)
        );
        // No code.
        assert_eq!(why(5).1, 1);
        assert!(
            why(5).2.contains("code") && why(5).2.contains("empty"),
            "{:?}",
            why(5)
        );
        // OK-1 again.
        assert_eq!(why(6).1, 1);
        assert!(
            why(6).2.contains("OK-1") && why(6).2.contains("line 2"),
            "{:?}",
            why(6)
        );
        // The barcode of OK-1 again.
        assert_eq!(why(7).1, 3);
        assert!(
            why(7).2.contains("4601234000017") && why(7).2.contains("OK-1"),
            "{:?}",
            why(7)
        );
        // A price in words.
        assert_eq!(why(8).1, 5);
        assert!(
            why(8).2.contains("price") && why(8).2.contains("сто"),
            "{:?}",
            why(8)
        );
        // Too few fields.
        assert!(
            why(9).2.contains("2 fields") && why(9).2.contains('5'),
            "{:?}",
            why(9)
        );
    }
    assert_eq!(
        env.json(&["sku", "list"]),
        serde_json::json!([]),
        "nothing was written"
    );
    assert_eq!(env.ledger().len(), 0);
    assert_eq!(
        env.json(&["location", "list"]).as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(env.check(), 0);
}

#[test]
fn a_dry_run_import_writes_nothing() {
    let env = Env::new();
    std::fs::copy(
        fixture("catalog-excel-ru-cp1251.csv"),
        env.path("excel.csv"),
    )
    .unwrap();
    let r = env.ok(&["import", "skus", "excel.csv", "--dry-run"]);
    assert!(r.stdout.contains("20 rows: 20 created"), "{r:?}");
    assert!(r.stdout.contains("dry run"), "{r:?}");
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    assert_eq!(
        env.json(&["location", "list"]).as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(env.ledger().len(), 0);
    assert_eq!(env.check(), 0);

    // A dry run of a stock file, too.
    env.ok(&["import", "skus", "excel.csv"]);
    std::fs::write(env.path("stock.csv"), "code;qty\nTEA-GRN-100;1\n").unwrap();
    let r = env.ok(&["import", "stock", "stock.csv", "--dry-run"]);
    assert!(r.stdout.contains("dry run"), "{r:?}");
    assert_eq!(env.show("TEA-GRN-100")["on_hand"], 240);
    assert_eq!(env.check(), 19);
}

#[test]
fn import_stock_sets_levels_through_adjust_movements() {
    let env = Env::with_tea();
    env.ok(&[
        "sku",
        "add",
        "CUP-01",
        "--name",
        "Чашка",
        "--barcode",
        "4600000000024",
    ]);
    env.ok(&["receive", "TEA-001", "3"]);
    // Russian headers, `;`, a barcode instead of a code, a location in any case, a new location,
    // and NBSP thousands in a quantity.
    std::fs::write(
        env.path("stock.csv"),
        "Артикул;Остаток;Склад\nTEA-001;10;main warehouse\n4600000000024;4;Гараж\nTEA-001;1\u{a0}200;SHOP\n",
    )
    .unwrap();
    let r = env.ok(&["import", "stock", "stock.csv"]);
    assert!(r.stdout.contains("3 movements"), "{r:?}");
    assert!(r.stdout.contains("Гараж"), "names the new location: {r:?}");
    let tea = env.show("TEA-001");
    assert_eq!(levels(at(&tea, "Main warehouse")), (10, 0, 10, 0));
    assert_eq!(levels(at(&tea, "Shop")), (1200, 0, 1200, 0));
    assert_eq!(levels(at(&env.show("CUP-01"), "Гараж")), (4, 0, 4, 0));
    let ledger = env.ledger();
    assert_eq!(ledger.len(), 4);
    for m in &ledger[1..] {
        assert_eq!(m["kind"], "adjust");
        assert_eq!(m["note"], "import");
    }
    assert_eq!(ledger[1]["qty"], 7, "3 -> 10 is a change of 7");
    assert_eq!(env.check(), 4);

    // A bad stock file: every bad row reported, nothing written.
    std::fs::write(
        env.path("bad.csv"),
        "code,qty\nTEA-001,1\nNOPE,3\nCUP-01,x\nTEA-001,-1\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "stock", "bad.csv"]);
    assert!(
        r.stderr.contains("bad.csv:3:1:") && r.stderr.contains("NOPE"),
        "{r:?}"
    );
    assert!(
        r.stderr.contains("bad.csv:4:2:") && r.stderr.contains("quantity"),
        "{r:?}"
    );
    assert!(r.stderr.contains("bad.csv:5:2:"), "{r:?}");
    assert!(!r.stderr.contains("bad.csv:2:"), "{r:?}");
    assert_eq!(
        levels(at(&env.show("TEA-001"), "Main warehouse")),
        (10, 0, 10, 0)
    );
    assert_eq!(env.ledger().len(), 4);

    // A file without a quantity column.
    std::fs::write(env.path("noqty.csv"), "code,name\nTEA-001,x\n").unwrap();
    let r = env.expect(2, &["import", "stock", "noqty.csv"]);
    assert!(
        r.stderr.contains("noqty.csv:1:1:") && r.stderr.contains("quantity"),
        "{r:?}"
    );
}

/// A barcode may not hold the characters that part barcodes in a file: an export of it
/// would come back as several. In an import cell `;` parts barcodes as `,` `|` and a space do.
#[test]
fn a_barcode_with_a_separator_is_refused_and_an_import_cell_parts_on_it() {
    let env = Env::new();
    for bad in [
        "4607000000301,4607000000302",
        "46070;1",
        "a|b",
        "Ａ，Ｂ",
        "Ａ｜Ｂ",
    ] {
        let r = env.expect(2, &["sku", "add", "SC-3", "--name", "n", "--barcode", bad]);
        assert!(r.stderr.contains("part barcodes"), "{bad}: {r:?}");
    }
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    std::fs::write(
        env.path("semi.csv"),
        "code,name,barcode\nBC-5,n,\"4607000000001;4607000000002\u{a0}4607000000003\"\n",
    )
    .unwrap();
    env.ok(&["import", "skus", "semi.csv"]);
    assert_eq!(
        env.show("BC-5")["barcodes"],
        serde_json::json!(["4607000000001", "4607000000002", "4607000000003"])
    );
}

/// One run names every bad row of a SKU file with stock: a bad quantity (read with the
/// file), a location no name may have and a kit given stock (found by the rules) together.
#[test]
fn an_import_with_stock_names_every_bad_row_in_one_run() {
    let env = Env::new();
    env.ok(&["sku", "add", "PART-1", "--name", "Болт"]);
    env.ok(&[
        "sku",
        "add",
        "KIT-1",
        "--name",
        "Набор",
        "--kit",
        "PART-1:2",
    ]);
    std::fs::write(
        env.path("r.csv"),
        "Артикул;Наименование;Остаток;Склад\n\
         R-1;Товар 1;-5;Shop\n\
         R-2;Товар 2;3;Bad\u{1b}[31mLoc\n\
         KIT-1;Набор;4;\n\
         R-4;;1;\n\
         R-5;Товар 5;2;Shop\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "r.csv"]);
    for line in ["r.csv:2:3", "r.csv:3:4", "r.csv:4:", "r.csv:5:2"] {
        assert!(r.stderr.contains(line), "{line} not named: {}", r.stderr);
    }
    assert!(r.stderr.contains("4 bad row"), "{}", r.stderr);
    assert!(!r.stderr.contains("r.csv:6"), "{}", r.stderr);
    // Nothing was written.
    assert_eq!(env.json(&["sku", "list"]).as_array().map(Vec::len), Some(2));
}

/// A barcode two rows of one file give is named by the line that gave it first, as a
/// repeated code is, not as if another SKU in the database had it.
#[test]
fn a_barcode_repeated_in_one_file_names_its_first_line() {
    let env = Env::new();
    std::fs::write(
        env.path("bars.csv"),
        "code;name;barcode\nB-1;Чай;4800010000009\nB-2;Мёд;4600000000017\nB-3;Кофе;4800010000009\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "bars.csv"]);
    assert!(
        r.stderr.contains(
            "bars.csv:4:3: barcode \"4800010000009\" repeats line 2, where it is the barcode of SKU B-1; each code and barcode names one SKU"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
}

/// An archived SKU comes back with `sku unarchive`: the refusal says so, and a sale works
/// again; a backorder waiting for it is not filled while it is archived.
#[test]
fn an_archived_sku_comes_back_with_unarchive() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "4"]);
    let r = env.ok(&["sku", "archive", "TEA-001"]);
    assert!(r.stdout.contains("Archived SKU TEA-001"), "{r:?}");
    let r = env.ok(&["sku", "archive", "TEA-001"]);
    assert!(
        r.stdout
            .contains("SKU TEA-001 was already archived: nothing changed"),
        "{r:?}"
    );
    let r = env.expect(1, &["sell", "TEA-001", "1", "--channel", "Ozon"]);
    assert!(
        r.stderr.contains("SKU TEA-001 is archived")
            && r.stderr
                .contains("`stockroom sku unarchive TEA-001` brings it back"),
        "{r:?}"
    );
    let ru = env.expect(
        1,
        &["--lang", "ru", "sell", "TEA-001", "1", "--channel", "Ozon"],
    );
    assert!(
        ru.stderr.contains("sku unarchive TEA-001` вернёт его"),
        "{ru:?}"
    );
    assert_eq!(env.show("TEA-001")["status"], "archived");
    let r = env.ok(&["sku", "unarchive", "4600000000017"]);
    assert!(
        r.stdout.contains("SKU TEA-001 is back from the archive"),
        "{r:?}"
    );
    assert_ne!(env.show("TEA-001")["status"], "archived");
    let j = env.json(&["sku", "unarchive", "TEA-001"]);
    assert_eq!(
        j,
        serde_json::json!({"outcome": "sku_archived", "code": "TEA-001", "archived": false, "changed": false})
    );
    env.ok(&["sell", "TEA-001", "1", "--channel", "Ozon"]);
    assert_eq!(env.show("TEA-001")["on_hand"], 3);
    let r = env.expect(2, &["sku", "unarchive", "NOPE"]);
    assert!(r.stderr.contains("unknown SKU"), "{r:?}");
}

/// `export skus` read back by `import skus` keeps which SKUs are archived, both ways; a
/// value that is not yes or no is the row's error and nothing is written.
#[test]
fn an_export_read_back_keeps_what_is_archived() {
    let env = Env::with_tea();
    env.ok(&["sku", "add", "MUG-1", "--name", "Кружка"]);
    env.ok(&["sku", "archive", "MUG-1"]);
    env.run(&["export", "skus", "--out", "skus.csv"]);
    let text = std::fs::read_to_string(env.path("skus.csv")).unwrap();
    assert!(text.contains(",archived"), "{text}");
    let other = Env::new();
    std::fs::copy(env.path("skus.csv"), other.path("skus.csv")).unwrap();
    other.ok(&["import", "skus", "skus.csv"]);
    assert_eq!(other.show("MUG-1")["status"], "archived");
    assert_ne!(other.show("TEA-001")["status"], "archived");
    // Back in use through the file: the same column, false.
    std::fs::write(
        other.path("back.csv"),
        "code;name;в архиве\nMUG-1;Кружка;нет\n",
    )
    .unwrap();
    let r = other.ok(&["import", "skus", "back.csv"]);
    assert!(r.stdout.contains("1 updated"), "{r:?}");
    assert_ne!(other.show("MUG-1")["status"], "archived");
    std::fs::write(
        other.path("bad.csv"),
        "code;name;archived\nMUG-1;Кружка;maybe\n",
    )
    .unwrap();
    let r = other.expect(2, &["import", "skus", "bad.csv"]);
    assert!(
        r.stderr
            .contains("bad.csv:2:3: archived \"maybe\" must be one of: true, false"),
        "{r:?}"
    );
    assert_ne!(other.show("MUG-1")["status"], "archived");
}

/// A row that makes its SKU a kit gives it no stock: a quantity there is refused at the
/// quantity's cell, as a kit's stock is its components'; a 0 sets nothing, and the same
/// file imports again unchanged.
#[test]
fn a_kit_made_by_an_import_takes_no_stock_of_its_row() {
    let env = Env::new();
    std::fs::write(
        env.path("kit5.csv"),
        "code,name,kit,qty\nK-TEA,Чай,,10\nK-MUG,Кружка,,4\nK-SET,Набор,\"K-TEA:1,K-MUG:1\",5\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "kit5.csv"]);
    assert!(
        r.stderr
            .contains("kit5.csv:4:4: K-SET is a kit: its stock is its components'"),
        "{r:?}"
    );
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    std::fs::write(
        env.path("kit0.csv"),
        "code,name,kit,qty\nK-TEA,Чай,,10\nK-MUG,Кружка,,4\nK-SET,Набор,\"K-TEA:1,K-MUG:1\",0\n",
    )
    .unwrap();
    env.ok(&["import", "skus", "kit0.csv"]);
    let r = env.ok(&["import", "skus", "kit0.csv"]);
    assert!(r.stdout.contains("3 unchanged, 0 movements"), "{r:?}");
    assert_eq!(env.show("K-TEA")["on_hand"], 10);
    env.check();
}

/// Two quantity columns of an order file that differ refuse the line; equal ones, or a
/// code beside a barcode (one SKU named two ways), are read.
#[test]
fn two_quantities_of_one_order_line_that_differ_refuse_it() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "5"]);
    std::fs::write(
        env.path("o2.csv"),
        "order,code,qty,barcode,qty\nO-1,TEA-001,1,4600000000017,1\nO-2,TEA-001,1,4600000000017,2\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "orders", "o2.csv", "--channel", "Ozon"]);
    assert!(
        r.stderr.contains(
            "o2.csv:3:5: column «qty» (5) is \"2\", but column «qty» (3), the same field, is \"1\""
        ),
        "{r:?}"
    );
    assert!(!r.stderr.contains("o2.csv:2:"), "{r:?}");
    assert_eq!(env.show("TEA-001")["reserved"], 0);
}

/// An order file's line for an archived SKU is refused at its code's cell.
#[test]
fn an_order_line_for_an_archived_sku_points_at_its_code() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "5"]);
    env.ok(&["sku", "archive", "TEA-001"]);
    std::fs::write(env.path("ord.csv"), "order,qty,code\nO-1,1,TEA-001\n").unwrap();
    let r = env.run(&["import", "orders", "ord.csv", "--channel", "Ozon"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("ord.csv:2:3: SKU TEA-001 is archived"),
        "{r:?}"
    );
    assert_eq!(env.show("TEA-001")["reserved"], 0);
}

/// Two columns of one field: where they hold the same value (or the second is empty) the
/// first is read; where a quantity differs, which one is meant is not guessed: the row is
/// refused at the second column. Two names (a short and a full one) are not refused.
#[test]
fn two_columns_of_one_quantity_that_differ_refuse_the_row() {
    let env = Env::new();
    std::fs::write(
        env.path("two.csv"),
        "Артикул;Наименование;Название;Остаток;Остаток;archived;архив\nT-1;Чай;Чай чёрный, 100 г;5;5;false;нет\nT-2;Мёд;Мёд;3;;;\nT-3;Кофе;Кофе;4;7;;\nT-4;Сахар;Сахар;1 000;1000;TRUE;да\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "two.csv"]);
    assert!(
        r.stderr.contains(
            "two.csv:4:5: column «Остаток» (5) is \"7\", but column «Остаток» (4), the same field, is \"4\": keep one of the two columns"
        ),
        "{r:?}"
    );
    assert!(
        !r.stderr.contains("two.csv:2:")
            && !r.stderr.contains("two.csv:3:")
            && !r.stderr.contains("two.csv:5:"),
        "{r:?}"
    );
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    std::fs::write(
        env.path("two.csv"),
        "Артикул;Наименование;Название;Остаток;Остаток\nT-1;Чай;Чай чёрный, 100 г;5;5\nT-2;Мёд;Мёд;3;\n",
    )
    .unwrap();
    let r = env.run(&["import", "skus", "two.csv"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("«Остаток» (repeated: the first is read)"),
        "{r:?}"
    );
    assert_eq!(env.show("T-1")["on_hand"], 5);
    assert_eq!(env.show("T-1")["name"], "Чай");
}

/// A code typed with the look-alike letters of the other alphabet (a keyboard in the other
/// layout) is never taken as meant, but the refusal names the SKU it would be, both ways.
#[test]
fn a_code_in_the_other_alphabet_is_refused_naming_the_look_alike() {
    let env = Env::with_tea();
    env.ok(&["sku", "add", "СОК-1", "--name", "Сок"]);
    env.ok(&["receive", "TEA-001", "3"]);
    // Cyrillic Т, Е, А.
    let r = env.expect(2, &["sell", "ТЕА-001", "1", "--channel", "Ozon"]);
    assert!(
        r.stderr.contains("unknown SKU \"ТЕА-001\": no code or barcode matches, but SKU TEA-001 does when written with the other alphabet's look-alike letters (here Т, Е, А)"),
        "{r:?}"
    );
    // Latin C, O, K for the Cyrillic code.
    let r = env.expect(2, &["--lang", "ru", "sku", "show", "COK-1"]);
    assert!(
        r.stderr
            .contains("но есть товар СОК-1, если писать одинаковыми на вид буквами другого алфавита (здесь C, O, K)"),
        "{r:?}"
    );
    let r = env.expect(2, &["sku", "show", "NOPE-1"]);
    assert!(
        r.stderr
            .contains("unknown SKU \"NOPE-1\": no code or barcode matches; see"),
        "{r:?}"
    );
    // Lower case too: lookups fold case, and so does the hint.
    let r = env.expect(2, &["sku", "show", "теа-001"]);
    assert!(r.stderr.contains("but SKU TEA-001 does"), "{r:?}");
    // A pick of the right item typed in the other layout says so, not "wrong item".
    let id = reserve(&env, &["TEA-001", "1", "--channel", "Ozon"]).to_string();
    let r = env.expect(2, &["pick", &id, "ТЕА-001"]);
    assert!(r.stderr.contains("but SKU TEA-001 does"), "{r:?}");
    env.ok(&["pick", &id, "4600000000017"]);
    assert_eq!(env.show("TEA-001")["on_hand"], 3);
    // No new SKU whose code is another's in the look-alike letters: by hand or by a file
    // typed in the other layout, which would make a twin instead of updating the SKU.
    let r = env.expect(2, &["sku", "add", "ТЕА-001", "--name", "Двойник"]);
    assert!(
        r.stderr
            .contains("code \"ТЕА-001\" looks the same as the code of SKU TEA-001"),
        "{r:?}"
    );
    std::fs::write(env.path("twin.csv"), "code;name;qty\nТЕА-001;Чай;7\n").unwrap();
    let r = env.expect(2, &["import", "skus", "twin.csv"]);
    assert!(
        r.stderr
            .contains("twin.csv:2:1: code \"ТЕА-001\" looks the same as the code of SKU TEA-001"),
        "{r:?}"
    );
    assert_eq!(env.json(&["sku", "list"]).as_array().map(Vec::len), Some(2));
}

/// A code that is an earlier row's barcode, and a barcode that is an earlier row's code,
/// each name the line that had it first, in English and in Russian.
#[test]
fn a_code_and_a_barcode_crossing_in_one_file_name_the_other_line() {
    let env = Env::new();
    std::fs::write(
        env.path("cross.csv"),
        "code;name;barcode\nC-1;Чай;4800010000009\nC-2;Мёд;C-1\n4800010000009;Кофе;\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "cross.csv"]);
    assert!(
        r.stderr.contains(
            "cross.csv:3:3: barcode \"C-1\" is the code of SKU C-1 on line 2; a barcode may not equal any code"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "cross.csv:4:1: code \"4800010000009\" repeats line 2, where it is the barcode of SKU C-1; each code and barcode names one SKU"
        ),
        "{}",
        r.stderr
    );
    let ru = env.expect(2, &["--lang", "ru", "import", "skus", "cross.csv"]);
    assert!(
        ru.stderr.contains("артикул товара C-1 в строке 2"),
        "{}",
        ru.stderr
    );
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
}

/// A row with a value past the header is shifted by a stray separator: refused, not read
/// with its quantity as a location. A trailing empty cell is only a trailing separator.
#[test]
fn a_row_longer_than_its_header_is_refused_unless_the_extra_cells_are_empty() {
    let env = Env::new();
    std::fs::write(
        env.path("shift.csv"),
        "Артикул;Наименование;Остаток;Склад\nSH-1;Болт;5;Main warehouse;\nSH-2;Болт M8; 100;7;Shop\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "shift.csv"]);
    assert!(r.stderr.contains("shift.csv:3:5:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("the row has 5 fields, the header has 4"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("shift.csv:2:"), "{}", r.stderr);
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    std::fs::write(
        env.path("stock.csv"),
        "code;qty;location\nSH-1;100;7;Shop\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "stock", "stock.csv"]);
    assert!(r.stderr.contains("stock.csv:2:4:"), "{}", r.stderr);
    std::fs::write(
        env.path("ok.csv"),
        "Артикул;Наименование;Остаток;Склад\nSH-1;Болт;5;Main warehouse;\n",
    )
    .unwrap();
    env.ok(&["import", "skus", "ok.csv"]);
    assert_eq!(levels(&env.show("SH-1")).0, 5);
}

/// A column no stockroom field reads (a misspelt "barcod") is named after the summary, in
/// the user's language, so its lost cells are seen; JSON stays one document.
#[test]
fn columns_not_read_are_named_after_an_import() {
    let env = Env::new();
    std::fs::write(
        env.path("typo.csv"),
        "code,name,barcod,Вес\nZZ-1,typo col,4607000009999,1\n",
    )
    .unwrap();
    let r = env.ok(&["import", "skus", "typo.csv", "--dry-run"]);
    assert!(
        r.stdout.contains("Columns not read") && r.stdout.contains("«barcod», «Вес»"),
        "{r:?}"
    );
    let r = env.expect(0, &["--lang", "ru", "import", "skus", "typo.csv"]);
    assert!(
        r.stdout.contains("Не прочитаны столбцы: ") || r.stdout.contains("Не прочитаны столбцы"),
        "{r:?}"
    );
    let v: serde_json::Value = serde_json::from_str(
        &env.expect(0, &["--json", "import", "skus", "typo.csv"])
            .stdout,
    )
    .expect("one JSON document");
    assert!(v.is_object(), "{v}");
    // A second column of a field, a catalog column in a stock file, and cells without a
    // header are named too, each with why.
    std::fs::write(
        env.path("more.csv"),
        "code,name,price,Цена,,qty\nZZ-3,more,10,10,x,2\n",
    )
    .unwrap();
    let r = env.ok(&["import", "skus", "more.csv"]);
    assert!(
        r.stdout
            .contains("«Цена» (repeated: the first is read), column 5 without a header"),
        "{r:?}"
    );
    std::fs::write(env.path("st.csv"), "code,name,qty,price\nZZ-3,more,4,10\n").unwrap();
    let r = env.ok(&["import", "stock", "st.csv"]);
    assert!(
        r.stdout
            .contains("«name» (only import skus reads it), «price» (only import skus reads it)"),
        "{r:?}"
    );
    // With --json the note goes to stderr.
    let r = env.expect(0, &["--json", "import", "stock", "st.csv"]);
    assert!(r.stderr.contains("Columns not read"), "{r:?}");
    // A file whose every column is read says nothing more.
    std::fs::write(
        env.path("fine.csv"),
        "code,name,barcode\nZZ-2,fine,4607000009982\n",
    )
    .unwrap();
    let r = env.ok(&["import", "skus", "fine.csv"]);
    assert!(!r.stdout.contains("not read"), "{r:?}");
}

/// A stock file that names its SKUs by barcode (no code column): a barcode given twice is
/// called a barcode, at the barcode's column, not a repeated "code".
#[test]
fn a_repeated_barcode_in_a_stock_file_is_called_a_barcode() {
    let env = Env::with_tea();
    std::fs::write(
        env.path("by-barcode.csv"),
        "qty;barcode\n3;4600000000017\n4;4600000000017\n",
    )
    .unwrap();
    for (lang, word) in [("en", "barcode"), ("ru", "штрихкод")] {
        let r = env.expect(2, &["--lang", lang, "import", "stock", "by-barcode.csv"]);
        assert!(r.stderr.contains("by-barcode.csv:3:2:"), "{lang}: {r:?}");
        assert!(r.stderr.to_lowercase().contains(word), "{lang}: {r:?}");
        assert!(!r.stderr.contains("code 4600000000017"), "{lang}: {r:?}");
    }
    assert_eq!(env.ledger().len(), 0, "nothing written");
}

#[test]
fn exported_catalog_and_stock_import_back_the_same() {
    let a = Env::new();
    a.ok(&[
        "import",
        "skus",
        fixture("catalog-excel-ru-cp1251.csv").to_str().unwrap(),
    ]);
    a.ok(&["export", "skus", "--out", "skus.csv"]);
    a.ok(&["export", "stock", "--out", "stock.csv", "--delimiter", ";"]);

    let b = Env::new();
    std::fs::copy(a.path("skus.csv"), b.path("skus.csv")).unwrap();
    std::fs::copy(a.path("stock.csv"), b.path("stock.csv")).unwrap();
    b.ok(&["import", "skus", "skus.csv"]);
    b.ok(&["import", "stock", "stock.csv"]);
    assert_eq!(
        a.ok(&["export", "skus"]).stdout,
        b.ok(&["export", "skus"]).stdout
    );
    assert_eq!(
        a.ok(&["export", "stock"]).stdout,
        b.ok(&["export", "stock"]).stdout
    );
    assert_eq!(b.check(), 19);
}

// ---- exports ---------------------------------------------------------------------------

#[test]
fn exports_to_files_and_stdout_in_csv_and_json() {
    let env = Env::with_tea();
    env.ok(&[
        "sku",
        "add",
        "CUP-01",
        "--name",
        "Чашка, белая",
        "--cost",
        "95,50",
        "--price",
        "1 290",
    ]);
    env.ok(&["receive", "TEA-001", "10"]);
    env.ok(&["receive", "CUP-01", "2", "--at", "shop"]);
    let id = reserve(&env, &["TEA-001", "3", "--channel", "Ozon"]);
    env.ok(&["ship", &id.to_string(), "--qty", "1"]);
    env.ok(&["defect", "TEA-001", "1", "--reason", "manufacturing"]);
    let entries = env.check();
    assert_eq!(entries, 5);

    // SKUs.
    let csv = env.ok(&["export", "skus"]).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "code,name,barcode,supplier,lead_days,min,safety,pack,cost,price,archived"
    );
    assert_eq!(lines.len(), 3);
    assert!(
        lines.contains(&"CUP-01,\"Чашка, белая\",,,14,,,1,95.50,1290.00,false"),
        "{csv}"
    );
    let json = env.json(&["export", "skus"]);
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    let tea = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "TEA-001")
        .unwrap();
    assert_eq!(tea["barcodes"], serde_json::json!(["4600000000017"]));
    assert_eq!(tea["min_stock"], 5);
    assert_eq!(env.ok(&["export", "skus", "--format", "json"]).json(), json);
    let r = env.ok(&["export", "skus", "--out", "skus.csv"]);
    assert!(r.stdout.is_empty(), "{r:?}");
    assert!(
        r.stderr.contains("2 rows") && r.stderr.contains("skus.csv"),
        "{r:?}"
    );
    assert_eq!(std::fs::read_to_string(env.path("skus.csv")).unwrap(), csv);

    // Stock: one row per SKU and location.
    let stock = env.ok(&["export", "stock", "--delimiter", ";"]).stdout;
    let lines: Vec<&str> = stock.lines().collect();
    assert_eq!(
        lines[0],
        "code;name;location;on_hand;reserved;available;defective"
    );
    assert!(
        lines.contains(&"TEA-001;Чай зелёный;Main warehouse;8;2;6;1"),
        "{stock}"
    );
    assert!(
        lines.contains(&"CUP-01;Чашка, белая;Shop;2;0;2;0"),
        "{stock}"
    );
    assert_eq!(lines.len(), 3);
    let tabbed = env.ok(&["export", "stock", "--delimiter", "tab"]).stdout;
    assert!(tabbed.starts_with("code\tname\tlocation\t"), "{tabbed}");
    env.ok(&["export", "stock", "--format", "json", "--out", "stock.json"]);
    let sj: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("stock.json")).unwrap()).unwrap();
    assert_eq!(sj.as_array().map(Vec::len), Some(2));
    let tea_main = sj
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "TEA-001")
        .unwrap();
    assert_eq!(tea_main["location"], "Main warehouse");
    assert_eq!(levels(tea_main), (8, 2, 6, 1));
    let r = env.expect(2, &["export", "stock", "--delimiter", "|"]);
    assert!(r.stderr.contains("delimiter"), "{r:?}");

    // Ledger: one row per entry, to stdout and to a file, CSV and JSON.
    let ledger_csv = env.ok(&["export", "ledger"]).stdout;
    let rows: Vec<&str> = ledger_csv.lines().collect();
    assert!(
        rows[0].starts_with("seq,at,actor,code,location,kind,qty"),
        "{ledger_csv}"
    );
    assert_eq!(rows.len() as u64, entries + 1, "{ledger_csv}");
    env.ok(&["export", "ledger", "--out", "ledger.csv"]);
    assert_eq!(
        std::fs::read_to_string(env.path("ledger.csv")).unwrap(),
        ledger_csv
    );
    env.ok(&[
        "export",
        "ledger",
        "--format",
        "json",
        "--out",
        "ledger.json",
    ]);
    let lj: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("ledger.json")).unwrap()).unwrap();
    let lj = lj.as_array().unwrap();
    assert_eq!(lj.len() as u64, entries);
    assert_eq!(lj, &env.ledger());
    let kinds: Vec<&str> = lj.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "receive",
            "receive",
            "reserve",
            "ship",
            "defect:manufacturing"
        ]
    );
    assert_eq!(lj[3]["on_hand_change"], -1);
    assert_eq!(lj[3]["reservation"], id);
    // `--json` means JSON too.
    assert_eq!(
        env.json(&["export", "ledger"]).as_array().map(Vec::len),
        Some(entries as usize)
    );
    // No stray temp files next to the exports.
    let mut names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.retain(|n| n.contains("tmp"));
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn returns_are_bounded_by_what_the_order_shipped() {
    let env = Env::with_tea();
    let tea = || env.show("TEA-001");
    env.ok(&["receive", "TEA-001", "20"]);
    let r = reserve(
        &env,
        &["TEA-001", "5", "--channel", "ozon", "--order", "OZ-7"],
    );
    let ret = |qty: &str, order: &str| -> Vec<String> {
        [
            "return",
            "TEA-001",
            qty,
            "--channel",
            "Ozon",
            "--restock",
            "--order",
            order,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |code: i32, args: &[String]| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        env.expect(code, &a)
    };

    // Reserved, not shipped: nothing can come back against it.
    let before = levels(&tea());
    let r0 = run(1, &ret("1", "OZ-7"));
    assert!(r0.stderr.contains("shipped none"), "{r0:?}");
    assert!(
        r0.stderr.contains("--no-order"),
        "says what else to do: {r0:?}"
    );
    assert_eq!(levels(&tea()), before, "a refused return changes nothing");
    // An order that does not exist, and one of another channel, the same.
    run(1, &ret("1", "NO-SUCH"));
    env.ok(&["channel", "add", "Shop", "--kind", "retail"]);
    let other = env.expect(
        1,
        &[
            "return",
            "TEA-001",
            "1",
            "--channel",
            "Shop",
            "--restock",
            "--order",
            "OZ-7",
        ],
    );
    assert!(other.stderr.contains("shipped none"), "{other:?}");

    // Two shipped: at most two come back, in as many returns as it takes.
    env.ok(&["ship", &r.to_string(), "--qty", "2"]);
    let r5 = run(1, &ret("5", "OZ-7"));
    assert!(
        r5.stderr.contains("shipped 2") && r5.stderr.contains("at most 2"),
        "{r5:?}"
    );
    env.ok(&[
        "return",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--defect",
        "packaging",
        "--order",
        "OZ-7",
    ]);
    let r2 = run(1, &ret("2", "OZ-7"));
    assert!(
        r2.stderr.contains("1 came back already") && r2.stderr.contains("at most 1"),
        "{r2:?}"
    );
    run(0, &ret("1", "OZ-7"));
    run(1, &ret("1", "OZ-7"));
    // The rest of the order ships: its units may come back too.
    env.ok(&["ship", &r.to_string()]);
    run(0, &ret("3", "OZ-7"));
    run(1, &ret("1", "OZ-7"));

    // No order at all: said explicitly, or refused as bad input.
    let bare = env.expect(
        2,
        &["return", "TEA-001", "1", "--channel", "Ozon", "--restock"],
    );
    assert!(bare.stderr.contains("--order"), "{bare:?}");
    let both = env.expect(
        2,
        &[
            "return",
            "TEA-001",
            "1",
            "--channel",
            "Ozon",
            "--restock",
            "--order",
            "OZ-7",
            "--no-order",
        ],
    );
    assert!(both.stderr.contains("--no-order"), "{both:?}");
    env.ok(&[
        "return",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--restock",
        "--no-order",
    ]);
    let h = env.ok(&["history", "TEA-001", "--limit", "1"]);
    assert!(
        h.stdout.contains("no order"),
        "a walk-in return is marked: {h:?}"
    );
    let h = env.ok(&["history", "TEA-001", "--limit", "2"]);
    assert!(
        h.stdout.contains("Ozon · OZ-7"),
        "a return names its order: {h:?}"
    );
    env.check();
}

#[test]
fn a_database_left_without_an_owner_says_so_and_init_finishes_it() {
    // The state a crash leaves between making the tables and saving the first owner.
    let env = Env::bare();
    drop(stockroom::store::Store::open_or_create(&env.db).expect("make the tables"));
    let r = env.expect(1, &["check"]);
    assert!(
        r.stderr.contains("no owner yet") && r.stderr.contains("stockroom init"),
        "{r:?}"
    );
    env.ok(&["init"]);
    env.check();
}

// ---- demo ----------------------------------------------------------------------------

#[test]
fn demo_fills_a_fresh_database_and_refuses_a_non_empty_one() {
    let env = Env::bare();
    let r = env.ok(&["demo", "--skus", "50", "--days", "20"]);
    assert!(r.stdout.contains("50 SKUs"), "{r:?}");
    assert_eq!(
        env.json(&["sku", "list"]).as_array().map(Vec::len),
        Some(50)
    );
    let entries = env.check();
    assert!(entries > 0);
    assert_eq!(env.ledger().len() as u64, entries);

    let r = env.expect(1, &["demo", "--skus", "5", "--days", "2"]);
    assert!(r.stderr.contains("not empty"), "{r:?}");
    assert_eq!(
        env.json(&["sku", "list"]).as_array().map(Vec::len),
        Some(50)
    );
    assert_eq!(env.check(), entries);

    // A database with one SKU and no movements is not empty either.
    let one = Env::new();
    one.ok(&["sku", "add", "A-1", "--name", "a"]);
    let r = one.expect(1, &["demo", "--skus", "5", "--days", "2"]);
    assert!(r.stderr.contains("not empty"), "{r:?}");
    assert_eq!(one.json(&["sku", "list"]).as_array().map(Vec::len), Some(1));
}

#[test]
fn demo_json_reports_what_it_made() {
    let env = Env::bare();
    let j = env.json(&["demo", "--skus", "12", "--days", "5", "--seed", "7"]);
    assert_eq!(j["skus"], 12);
    let entries = env.check();
    assert_eq!(j["ledger_entries"].as_u64(), Some(entries), "{j}");
}

#[test]
fn demo_as_of_makes_the_same_shop_whatever_the_clock_says() {
    let make = |clock: Option<&str>| {
        let env = Env::bare();
        let mut c = env.command();
        match clock {
            Some(t) => c.env("STOCKROOM_TEST_NOW", t),
            None => c.env_remove("STOCKROOM_TEST_NOW"),
        };
        let r = Run::from(
            c.args([
                "demo",
                "--skus",
                "15",
                "--days",
                "10",
                "--as-of",
                "2025-06-15",
            ])
            .output()
            .expect("run stockroom"),
        );
        assert_eq!(r.code, 0, "{r:?}");
        env.ledger()
    };
    let today = make(None);
    let later = make(Some("2031-01-01T00:00:00Z"));
    let earlier = make(Some("2001-01-01T00:00:00Z"));
    assert!(!today.is_empty());
    assert_eq!(
        today, later,
        "the demo as of a date does not depend on the clock"
    );
    assert_eq!(
        today, earlier,
        "the demo as of a date does not depend on the clock"
    );
    // Its simulated days are the ten before that date; the year of seasonal sales before
    // them (a receipt marked "history", then a week's sales to an entry) reaches back 400
    // days.
    let all: Vec<&str> = today.iter().filter_map(|e| e["at"].as_str()).collect();
    assert_eq!(
        all.len(),
        today.len(),
        "every entry has its time: {:?}",
        today[0]
    );
    assert!(
        all.iter().all(|t| t.as_bytes() >= b"2024-05-11".as_slice()),
        "{all:?}"
    );
    let year = today
        .iter()
        .filter(|e| {
            e["at"]
                .as_str()
                .is_some_and(|t| t.as_bytes() < b"2025-06-05".as_slice())
        })
        .count();
    assert!(year > 15 * 40, "a year of weekly sales for 15 SKUs: {year}");
    let times: Vec<&str> = today
        .iter()
        .filter_map(|e| e["at"].as_str())
        .filter(|t| t.as_bytes() >= b"2025-06-05".as_slice())
        .collect();
    assert!(
        times
            .iter()
            .all(|t| t.as_bytes() < b"2025-06-15".as_slice()),
        "{times:?}"
    );
    assert!(
        times
            .iter()
            .all(|t| t.as_bytes() >= b"2025-06-05".as_slice()),
        "{times:?}"
    );

    // A date that is no date changes nothing.
    for bad in ["2025-13-01", "tomorrow", "99999-01-01", "1960-01-01"] {
        let env = Env::bare();
        let r = env.expect(2, &["demo", "--skus", "5", "--as-of", bad]);
        assert!(r.stderr.contains("YYYY-MM-DD"), "{bad}: {r:?}");
        assert!(!env.db.exists() || env.json(&["sku", "list"]).as_array().map(Vec::len) == Some(0));
    }

    // Counts out of range name the demo's own limits, in both languages, and make nothing.
    for (args, en, ru) in [
        (["--skus", "0"], "from 1 to 1000000", "от 1 до 1000000"),
        (
            ["--skus", "100000000000000"],
            "from 1 to 1000000",
            "от 1 до 1000000",
        ),
        (["--skus", "many"], "from 1 to 1000000", "от 1 до 1000000"),
        (["--days", "100000"], "at most 3650", "не больше 3650"),
    ] {
        let env = Env::bare();
        let mut all = vec!["demo"];
        all.extend(args);
        let r = env.expect(2, &all);
        assert!(r.stderr.contains(en), "{args:?}: {r:?}");
        let mut ru_args = vec!["--lang", "ru"];
        ru_args.extend(&all);
        let r = env.expect(2, &ru_args);
        assert!(r.stderr.contains(ru), "{args:?}: {r:?}");
        assert!(!env.db.exists(), "{args:?}: nothing made");
    }
}

// ---- languages -----------------------------------------------------------------------

#[test]
fn lang_ru_gives_russian_errors() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "2"]);
    let r = env.expect(
        1,
        &[
            "--lang",
            "ru",
            "reserve",
            "TEA-001",
            "5",
            "--channel",
            "Ozon",
        ],
    );
    assert!(r.stderr.contains("недостаточно"), "{r:?}");
    assert!(!r.stderr.contains("insufficient"), "{r:?}");
    let r = env.expect(2, &["receive", "TEA-001", "1.5", "--lang", "ru"]);
    assert!(
        r.stderr.contains("количество") && r.stderr.contains("целым"),
        "{r:?}"
    );
    let r = env.expect(2, &["--lang", "ru", "sku", "show", "NOPE"]);
    assert!(r.stderr.contains("неизвестный товар"), "{r:?}");

    // From the environment too: STOCKROOM_LANG, else LANG.
    let mut ru = Env::bare();
    ru.lang = Some("ru");
    ru.db = env.db.clone();
    let r = ru.expect(1, &["sell", "TEA-001", "9", "--channel", "Ozon"]);
    assert!(r.stderr.contains("недостаточно"), "{r:?}");
    let mut by_lang = Env::bare();
    by_lang.lang = None;
    by_lang.db = env.db.clone();
    let r = Run::from(
        by_lang
            .command()
            .env("LANG", "ru_RU.UTF-8")
            .args(["sell", "TEA-001", "9", "--channel", "Ozon"])
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("недостаточно"), "{r:?}");
    // --lang en wins over the environment.
    let r = ru.expect(
        1,
        &["--lang", "en", "sell", "TEA-001", "9", "--channel", "Ozon"],
    );
    assert!(r.stderr.contains("insufficient"), "{r:?}");
    assert_eq!(levels(&env.show("TEA-001")), (2, 0, 2, 0));
}

#[test]
fn lang_ru_import_errors_are_russian() {
    let env = Env::new();
    std::fs::copy(fixture("catalog-broken.csv"), env.path("broken.csv")).unwrap();
    let r = env.expect(2, &["--lang", "ru", "import", "skus", "broken.csv"]);
    assert!(r.stderr.contains("ничего не записано"), "{r:?}");
    assert!(r.stderr.contains("broken.csv:3:4: количество"), "{r:?}");
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
}

// ---- more refusals and inputs ----------------------------------------------------------

#[test]
fn a_role_that_may_not_is_refused_with_exit_1() {
    let env = Env::with_tea();
    let users = env.json(&["user", "list"]);
    let me = users[0]["name"]
        .as_str()
        .expect("the creator is the first user")
        .to_string();
    assert_eq!(users.as_array().map(Vec::len), Some(1), "{users}");

    let r = env.expect(1, &["user", "add", &me, "--role", "viewer"]);
    assert!(r.stderr.contains("last owner"), "{r:?}");
    env.ok(&["user", "add", "alice", "--role", "owner"]);
    env.ok(&["user", "add", &me, "--role", "viewer"]);
    let r = env.expect(1, &["receive", "TEA-001", "1"]);
    assert!(
        r.stderr.contains("packer") && r.stderr.contains("viewer"),
        "names the roles: {r:?}"
    );
    let r = env.expect(1, &["sku", "add", "X-1", "--name", "x"]);
    assert!(r.stderr.contains("owner"), "{r:?}");
    // A viewer still sees.
    assert_eq!(levels(&env.show("TEA-001")), (0, 0, 0, 0));
    assert_eq!(env.ledger().len(), 0);
}

#[test]
fn errors_go_to_stderr_even_with_json() {
    let env = Env::with_tea();
    let r = env.expect(
        1,
        &["--json", "reserve", "TEA-001", "1", "--channel", "Ozon"],
    );
    assert!(r.stdout.is_empty(), "{r:?}");
    assert!(r.stderr.contains("insufficient"), "{r:?}");
    let r = env.expect(2, &["--json", "receive", "TEA-001", "abc"]);
    assert!(r.stdout.is_empty(), "{r:?}");
    assert!(r.stderr.contains("quantity"), "{r:?}");
    let r = env.expect(
        2,
        &[
            "reserve",
            "TEA-001",
            "1",
            "--channel",
            "Ozon",
            "--delivery",
            "pigeon",
        ],
    );
    assert!(
        r.stderr.contains("delivery") && r.stderr.contains("cdek"),
        "{r:?}"
    );
}

#[test]
fn sku_list_low_shows_skus_at_or_below_the_reorder_point() {
    let env = Env::with_tea();
    env.ok(&["sku", "add", "CUP-01", "--name", "Чашка", "--min", "1"]);
    env.ok(&["receive", "CUP-01", "50"]);
    // TEA-001: min 5 + safety 2 = reorder point 7.
    env.ok(&["receive", "TEA-001", "7"]);
    let low = env.json(&["sku", "list", "--low"]);
    let codes: Vec<&str> = low
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["TEA-001"]);
    assert_eq!(low[0]["status"], "low");
    env.ok(&["receive", "TEA-001", "1"]);
    assert_eq!(env.json(&["sku", "list", "--low"]), serde_json::json!([]));
}

#[test]
fn importing_a_missing_file_exits_2_and_names_it() {
    let env = Env::new();
    let r = env.expect(2, &["import", "skus", "not-there.csv"]);
    assert!(r.stderr.contains("not-there.csv"), "{r:?}");
    std::fs::write(env.path("empty.csv"), "").unwrap();
    let r = env.expect(2, &["import", "stock", "empty.csv"]);
    assert!(
        r.stderr.contains("empty.csv:1:1:") && r.stderr.contains("header"),
        "{r:?}"
    );
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    assert_eq!(env.check(), 0);
}

// ---- One namespace for codes and barcodes ---------------------------------------------

#[test]
fn a_code_may_not_equal_a_barcode_nor_a_barcode_a_code() {
    let env = Env::with_tea();
    // The barcode of TEA-001 as a new code: a scan would find two SKUs.
    let r = env.expect(2, &["sku", "add", "4600000000017", "--name", "Другой"]);
    assert!(r.stderr.contains("barcode of SKU TEA-001"), "{r:?}");
    // Compared on the folded key: case and width do not matter.
    env.ok(&[
        "sku",
        "add",
        "CUP-01",
        "--name",
        "Чашка",
        "--barcode",
        "abc-77",
    ]);
    let r = env.expect(2, &["sku", "add", "ＡＢＣ-77", "--name", "Другой"]);
    assert!(r.stderr.contains("barcode of SKU CUP-01"), "{r:?}");
    // A code as a new barcode, on add and on edit.
    let r = env.expect(
        2,
        &[
            "sku",
            "add",
            "JAR-01",
            "--name",
            "Банка",
            "--barcode",
            "tea-001",
        ],
    );
    assert!(r.stderr.contains("code of SKU TEA-001"), "{r:?}");
    let r = env.expect(2, &["sku", "edit", "CUP-01", "--barcode", "TEA-001"]);
    assert!(r.stderr.contains("code of SKU TEA-001"), "{r:?}");
    // A rename may not take another SKU's barcode either.
    let r = env.expect(2, &["sku", "edit", "CUP-01", "--code", "4600000000017"]);
    assert!(r.stderr.contains("barcode of SKU TEA-001"), "{r:?}");
    // The scan still finds TEA-001.
    assert_eq!(env.show("4600000000017")["code"], "TEA-001");
    assert_eq!(env.json(&["sku", "list"]).as_array().map(Vec::len), Some(2));
    env.check();
}

#[test]
fn an_import_may_not_make_a_code_a_barcode_in_one_file_or_across_files() {
    let env = Env::with_tea();
    // Across files: the database already has the barcode.
    std::fs::write(env.path("a.csv"), "code,name\n4600000000017,Другой\n").unwrap();
    let r = env.expect(2, &["import", "skus", "a.csv"]);
    assert!(r.stderr.contains("a.csv:2"), "{r:?}");
    assert!(r.stderr.contains("barcode of SKU TEA-001"), "{r:?}");
    std::fs::write(
        env.path("b.csv"),
        "code,name,barcode\nJAR-01,Банка,TEA-001\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "b.csv"]);
    assert!(r.stderr.contains("b.csv:2"), "{r:?}");
    assert!(r.stderr.contains("code of SKU TEA-001"), "{r:?}");
    // Within one file, either order, with the lines named.
    std::fs::write(
        env.path("c.csv"),
        "code,name,barcode\nJAR-01,Банка,XY-9\nxy-9,Крышка,\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "c.csv"]);
    assert!(r.stderr.contains("c.csv:3"), "{r:?}");
    assert!(r.stderr.contains("barcode of SKU JAR-01"), "{r:?}");
    std::fs::write(
        env.path("d.csv"),
        "code,name,barcode\nXY-9,Крышка,\nJAR-01,Банка,xy-9\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", "d.csv"]);
    assert!(r.stderr.contains("d.csv:3"), "{r:?}");
    assert!(r.stderr.contains("code of SKU XY-9"), "{r:?}");
    assert_eq!(env.json(&["sku", "list"]).as_array().map(Vec::len), Some(1));
    env.check();
}

/// Writes a clash the way a file from before the rule could hold one: CUP-01's code is
/// also a barcode of TEA-001 (written straight to the store, as an old version did).
fn make_old_clash(env: &Env) {
    use stockroom::store::Reader as _;
    let store = stockroom::store::Store::open(&env.db).expect("open store");
    let tx = store.begin_write().expect("write");
    let id = tx.sku_id_by_code("TEA-001").unwrap().unwrap();
    let mut tea = tx.sku(id).unwrap().unwrap();
    tea.barcodes.push("CUP-01".into());
    tx.put_sku(&tea).unwrap();
    // A file of schema 5, from before the one-namespace mark: the next open looks.
    tx.set_meta("schema", &5u32.to_le_bytes()).unwrap();
    tx.commit().unwrap();
}

#[test]
fn an_older_database_with_a_clash_reports_it_and_refuses_changes_until_renamed() {
    let env = Env::with_tea();
    env.ok(&["sku", "add", "CUP-01", "--name", "Чашка"]);
    env.ok(&["receive", "TEA-001", "10"]);
    env.ok(&["receive", "CUP-01", "4"]);
    make_old_clash(&env);

    // `check` names the clash and fails; every command warns on stderr.
    let r = env.expect(1, &["check"]);
    assert!(
        r.stdout
            .contains("CUP-01 is both the code of SKU CUP-01 and a barcode of SKU TEA-001"),
        "{r:?}"
    );
    let r = env.run(&["sku", "list"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("warning"), "{r:?}");
    assert!(r.stderr.contains("--remove-barcode CUP-01"), "{r:?}");

    // Writes to either SKU are refused (exit 1), other SKUs are not held up.
    let r = env.expect(1, &["receive", "TEA-001", "1"]);
    assert!(r.stderr.contains("sku edit"), "{r:?}");
    env.expect(1, &["receive", "CUP-01", "1"]);
    env.expect(1, &["sku", "edit", "TEA-001", "--name", "Чай"]);
    env.ok_warned(&["sku", "add", "JAR-01", "--name", "Банка"]);
    env.ok_warned(&["receive", "JAR-01", "2"]);
    assert_eq!(env.json_warned(&["sku", "show", "TEA-001"])["on_hand"], 10);

    // The owner renames one: the clash is gone, writes pass again, and the scan finds one SKU.
    env.ok_warned(&["sku", "edit", "CUP-01", "--code", "CUP-02"]);
    env.ok(&["receive", "TEA-001", "1"]);
    env.ok(&["receive", "CUP-02", "1"]);
    assert_eq!(env.show("CUP-01")["code"], "TEA-001");
    assert_eq!(env.show("CUP-02")["on_hand"], 5);
    env.check();
}

#[test]
fn an_older_clash_also_ends_when_the_barcode_is_taken_off() {
    let env = Env::with_tea();
    env.ok(&["sku", "add", "CUP-01", "--name", "Чашка"]);
    make_old_clash(&env);
    let r = env.expect(2, &["sku", "edit", "TEA-001", "--remove-barcode", "NOPE"]);
    assert!(r.stderr.contains("barcode"), "{r:?}");
    env.ok_warned(&["sku", "edit", "TEA-001", "--remove-barcode", "cup-01"]);
    assert_eq!(
        env.show("TEA-001")["barcodes"],
        serde_json::json!(["4600000000017"])
    );
    assert_eq!(env.show("CUP-01")["code"], "CUP-01");
    env.ok(&["receive", "TEA-001", "1"]);
    env.check();
}

// ---- Orders that change, and the rules for shortage ------------------------------------

/// (status, qty, remaining) of the reservation of `order`.
fn order_line(env: &Env, order: &str) -> (String, u64, u64) {
    let all = env.json(&["reservations", "--all"]);
    let r = all
        .as_array()
        .expect("reservations")
        .iter()
        .find(|r| r["order"] == order)
        .unwrap_or_else(|| panic!("no order {order} in {all}"))
        .clone();
    (
        r["status"].as_str().expect("status").to_string(),
        r["qty"].as_u64().expect("qty"),
        r["remaining"].as_u64().expect("remaining"),
    )
}

fn import_orders(env: &Env, csv: &str) -> Value {
    std::fs::write(env.path("orders.csv"), csv).unwrap();
    env.json(&["import", "orders", "--channel", "Ozon", "orders.csv"])
}

#[test]
fn a_reimported_order_with_a_new_quantity_changes_its_reservation() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "10"]);
    let v = import_orders(&env, "order_id,sku,qty,status\nA-1,TEA-001,3,new\n");
    assert_eq!(v["reserved"], 1, "{v}");
    // The same file again: unchanged.
    let v = import_orders(&env, "order_id,sku,qty,status\nA-1,TEA-001,3,new\n");
    assert_eq!(
        (v["unchanged"].as_u64(), v["changed"].as_u64()),
        (Some(1), Some(0)),
        "{v}"
    );
    // More: the difference is reserved.
    let v = import_orders(&env, "order_id,sku,qty,status\nA-1,TEA-001,5,new\n");
    assert_eq!(
        (v["changed"].as_u64(), v["unchanged"].as_u64()),
        (Some(1), Some(0)),
        "{v}"
    );
    assert_eq!(order_line(&env, "A-1"), ("open".into(), 5, 5));
    assert_eq!(levels(&env.show("TEA-001")), (10, 5, 5, 0));
    // Less: the difference is released; the ledger says why.
    let v = import_orders(&env, "order_id,sku,qty,status\nA-1,TEA-001,2,new\n");
    assert_eq!(v["changed"], 1, "{v}");
    assert_eq!(order_line(&env, "A-1"), ("open".into(), 2, 2));
    assert_eq!(levels(&env.show("TEA-001")), (10, 2, 8, 0));
    let last = env.ledger().last().cloned().unwrap();
    assert_eq!(last["kind"], "release", "{last}");
    assert!(last["note"].as_str().unwrap().contains("5 -> 2"), "{last}");
    // The text output names the change.
    std::fs::write(
        env.path("o.csv"),
        "order_id,sku,qty,status\nA-1,TEA-001,3,new\n",
    )
    .unwrap();
    let r = env.ok(&["import", "orders", "--channel", "Ozon", "o.csv"]);
    assert!(r.stdout.contains("1 changed, 0 unchanged"), "{r:?}");
    env.check();
}

#[test]
fn an_order_grown_past_the_stock_waits_and_never_drops_below_what_shipped() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "4"]);
    import_orders(
        &env,
        "order_id,sku,qty,status\nA-1,TEA-001,3,new\nB-1,TEA-001,1,new\n",
    );
    // A-1 grows to 6 with 0 left: nothing of it shipped, so the whole line waits as a backorder.
    let v = import_orders(&env, "order_id,sku,qty,status\nA-1,TEA-001,6,new\n");
    assert_eq!(
        (v["changed"].as_u64(), v["backordered"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
    assert_eq!(order_line(&env, "A-1"), ("backorder".into(), 6, 0));
    assert_eq!(levels(&env.show("TEA-001")), (4, 1, 3, 0));
    // Stock arrives: the backorder is filled with the new quantity.
    env.ok(&["receive", "TEA-001", "3"]);
    assert_eq!(order_line(&env, "A-1"), ("open".into(), 6, 6));
    // Ship 2 of A-1; lowering it to 1 is refused (2 shipped), to 2 leaves it shipped in full.
    let id = env
        .json(&["reservations"])
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["order"] == "A-1")
        .unwrap()["reservation"]
        .as_u64()
        .unwrap();
    env.ok(&["ship", &id.to_string(), "--qty", "2"]);
    std::fs::write(
        env.path("low.csv"),
        "order_id,sku,qty,status\nA-1,TEA-001,1,new\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "orders", "--channel", "Ozon", "low.csv"]);
    assert!(r.stderr.contains("low.csv:2"), "{r:?}");
    assert!(r.stderr.contains("already shipped 2"), "{r:?}");
    assert_eq!(order_line(&env, "A-1"), ("open".into(), 6, 4));
    let v = import_orders(&env, "order_id,sku,qty,status\nA-1,TEA-001,2,new\n");
    assert_eq!(v["changed"], 1, "{v}");
    assert_eq!(order_line(&env, "A-1"), ("shipped".into(), 2, 0));
    assert_eq!(levels(&env.show("TEA-001")), (5, 1, 4, 0));
    env.check();
}

#[test]
fn lines_of_one_order_and_sku_in_one_file_add_up_and_other_statuses_follow_in_order() {
    let env = Env::with_tea();
    env.ok(&["receive", "TEA-001", "10"]);
    // By code and by barcode: the same SKU, so 2 + 3 are one line of 5.
    let v = import_orders(
        &env,
        "order_id,sku,qty,status\nA-1,TEA-001,2,new\nA-1,4600000000017,3,new\n",
    );
    assert_eq!(
        (v["rows"].as_u64(), v["reserved"].as_u64()),
        (Some(2), Some(1)),
        "{v}"
    );
    assert_eq!(order_line(&env, "A-1"), ("open".into(), 5, 5));
    // The same file again changes nothing.
    let v = import_orders(
        &env,
        "order_id,sku,qty,status\nA-1,TEA-001,2,new\nA-1,4600000000017,3,new\n",
    );
    assert_eq!(v["unchanged"], 1, "{v}");
    // Lines with another status are applied after, in file order: B-1 is reserved (1 + 1),
    // then cancelled.
    let v = import_orders(
        &env,
        "order_id,sku,qty,status\nB-1,TEA-001,1,new\nA-1,TEA-001,5,new\nB-1,TEA-001,1,new\nB-1,TEA-001,2,cancelled\n",
    );
    assert_eq!(
        (v["reserved"].as_u64(), v["released"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
    assert_eq!(order_line(&env, "B-1"), ("cancelled".into(), 2, 0));
    // A sum above the limit names the line.
    std::fs::write(
        env.path("big.csv"),
        "order_id,sku,qty,status\nC-1,TEA-001,600000000,new\nC-1,TEA-001,600000000,new\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "orders", "--channel", "Ozon", "big.csv"]);
    assert!(r.stderr.contains("big.csv:3"), "{r:?}");
    assert_eq!(levels(&env.show("TEA-001")), (10, 5, 5, 0));
    env.check();
}

/// TEA-001 in shortage: 5 reserved at the main warehouse, which holds 1; 3 at Shop.
fn shortage(env: &Env) {
    env.ok(&["receive", "TEA-001", "5"]);
    env.ok(&["receive", "TEA-001", "3", "--at", "Shop"]);
    reserve(
        env,
        &[
            "TEA-001",
            "5",
            "--channel",
            "Ozon",
            "--at",
            "Main warehouse",
        ],
    );
    env.ok(&[
        "adjust",
        "TEA-001",
        "--set",
        "1",
        "--reason",
        "count",
        "--at",
        "Main warehouse",
    ]);
    assert_eq!(levels(&env.show("TEA-001")).2, -1);
}

#[test]
fn sell_and_reserve_follow_one_rule_in_a_shortage_and_the_owner_may_force_both() {
    let env = Env::with_tea();
    shortage(&env);
    // Shop has 3 available, but the SKU as a whole has promised more than it holds.
    let r = env.expect(
        1,
        &["sell", "TEA-001", "1", "--channel", "Ozon", "--at", "Shop"],
    );
    assert!(r.stderr.contains("shortage"), "{r:?}");
    assert!(r.stderr.contains("--force --reason"), "{r:?}");
    let r = env.expect(
        1,
        &[
            "reserve",
            "TEA-001",
            "1",
            "--channel",
            "Ozon",
            "--at",
            "Shop",
        ],
    );
    assert!(r.stderr.contains("shortage"), "{r:?}");
    assert_eq!(levels(&env.show("TEA-001")), (4, 5, -1, 0));
    // --force needs a reason, and the reason is the owner's.
    env.expect(2, &["sell", "TEA-001", "1", "--channel", "Ozon", "--force"]);
    env.ok(&[
        "sell",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--at",
        "Shop",
        "--force",
        "--reason",
        "customer at the till",
    ]);
    let last = env.ledger().last().cloned().unwrap();
    assert_eq!(last["kind"], "sell", "{last}");
    assert_eq!(
        last["note"], "forced during shortage: customer at the till",
        "{last}"
    );
    env.ok(&[
        "reserve",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--at",
        "Shop",
        "--force",
        "--reason",
        "promised by phone",
    ]);
    let last = env.ledger().last().cloned().unwrap();
    assert_eq!(last["kind"], "reserve", "{last}");
    assert!(
        last["note"].as_str().unwrap().contains("promised by phone"),
        "{last}"
    );
    assert_eq!(levels(&env.show("TEA-001")), (3, 6, -3, 0));
    env.check();
}

#[test]
fn backorders_wait_for_a_paused_channel_and_an_archived_sku() {
    let env = Env::with_tea();
    env.ok(&["channel", "add", "Site", "--kind", "website"]);
    env.ok(&["sku", "add", "CUP-01", "--name", "Чашка"]);
    // Backorders on Ozon (older) and Site; Ozon is then paused.
    env.ok(&[
        "reserve",
        "TEA-001",
        "2",
        "--channel",
        "Ozon",
        "--order",
        "O-1",
        "--backorder",
    ]);
    env.ok(&[
        "reserve",
        "TEA-001",
        "2",
        "--channel",
        "Site",
        "--order",
        "S-1",
        "--backorder",
    ]);
    env.ok(&[
        "reserve",
        "CUP-01",
        "1",
        "--channel",
        "Site",
        "--order",
        "S-2",
        "--backorder",
    ]);
    env.ok(&["channel", "rules", "Ozon", "--pause"]);
    env.ok(&["receive", "TEA-001", "4"]);
    // Ozon's backorder keeps waiting; Site's, behind it in line, is filled.
    assert_eq!(order_line(&env, "O-1"), ("backorder".into(), 2, 0));
    assert_eq!(order_line(&env, "S-1"), ("open".into(), 2, 2));
    // A direct reserve is refused for a paused channel and an archived SKU.
    env.expect(1, &["reserve", "TEA-001", "1", "--channel", "Ozon"]);
    env.ok(&["sku", "archive", "CUP-01"]);
    env.expect(1, &["reserve", "CUP-01", "1", "--channel", "Site"]);
    // An archived SKU's backorders are not filled when stock arrives.
    env.ok(&["receive", "CUP-01", "5"]);
    assert_eq!(order_line(&env, "S-2"), ("backorder".into(), 1, 0));
    // Resumed, Ozon's backorder takes its units at the next command that frees stock.
    env.ok(&["channel", "rules", "Ozon", "--resume"]);
    env.ok(&["receive", "TEA-001", "1"]);
    assert_eq!(order_line(&env, "O-1"), ("open".into(), 2, 2));
    env.check();
}

#[test]
fn russian_text_output_names_kinds_methods_and_the_default_location_in_russian() {
    let mut env = Env::bare();
    env.lang = Some("ru");
    let r = env.ok(&["init"]);
    assert!(r.stdout.contains("Основной склад"), "{r:?}");
    env.ok(&[
        "sku",
        "add",
        "TEA-001",
        "--name",
        "Чай",
        "--barcode",
        "4600000000017",
    ]);
    env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    let r = env.ok(&["receive", "TEA-001", "5"]);
    assert!(r.stdout.contains("приход"), "{r:?}");
    assert!(!r.stdout.contains("receive"), "{r:?}");
    env.ok(&[
        "reserve",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--delivery",
        "regional",
        "--dest",
        "door",
    ]);
    let r = env.ok(&["reservations"]);
    assert!(r.stdout.contains("региональная"), "{r:?}");
    assert!(!r.stdout.contains("regional"), "{r:?}");
    let r = env.ok(&["channel", "list"]);
    assert!(r.stdout.contains("маркетплейс"), "{r:?}");
    // JSON keeps the stored names.
    let r = env.ok(&["reservations", "--json"]);
    assert!(r.stdout.contains("\"regional\""), "{r:?}");
    // A database made in English keeps its name when opened in Russian.
    let mut en = Env::bare();
    en.ok(&["init"]);
    en.lang = Some("ru");
    let r = en.ok(&["location", "list"]);
    assert!(r.stdout.contains("Main warehouse"), "{r:?}");
}

/// Messages that say what is wrong with the value typed: kopecks past two digits, a hold of
/// zero length, a channel's source list with no location in it (changes nothing).
#[test]
fn values_of_the_right_form_but_wrong_size_say_so() {
    let env = Env::with_tea();
    let r = env.expect(
        2,
        &["sku", "add", "X-1", "--name", "x", "--cost", "1 234,567"],
    );
    assert!(
        r.stderr.contains("more than 2 digits after the point"),
        "{}",
        r.stderr
    );
    let r = env.expect(2, &["channel", "rules", "Ozon", "--hold-ttl", "0m"]);
    assert!(r.stderr.contains("at least 1"), "{}", r.stderr);
    let before = env.json(&["channel", "list"]);
    for empty in ["", " , ,"] {
        let r = env.expect(2, &["channel", "rules", "Ozon", "--from", empty]);
        assert!(
            r.stderr.contains("all"),
            "names the keyword for every location: {}",
            r.stderr
        );
    }
    assert_eq!(env.json(&["channel", "list"]), before, "nothing changed");
}
