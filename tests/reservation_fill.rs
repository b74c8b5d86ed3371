//! Reservations and backorders filled from several locations, and the way out of a short
//! reservation (`reservation move`, `reservation backorder`), on the real binary.
//!
//! Every run has HOME, XDG dirs and the working directory in a temp dir, a pinned clock
//! (STOCKROOM_TEST_NOW), English messages and an explicit `--db`.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");
const NOW: &str = "2026-03-04T10:00:00Z";

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    /// A database with SKU MUG-01, channel WB and locations Main warehouse (default) and Shop.
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        let env = Env { dir, db };
        env.ok(&["init"]);
        env.ok(&["sku", "add", "MUG-01", "--name", "Кружка"]);
        env.ok(&["channel", "add", "WB", "--kind", "marketplace"]);
        env.ok(&["location", "add", "Shop"]);
        env
    }

    fn run(&self, args: &[&str]) -> Run {
        let home = self.dir.path();
        let o = Command::new(BIN)
            .current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env("XDG_STATE_HOME", home.join("xdg-state"))
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_CONFIG_DIR")
            .env("STOCKROOM_LANG", "en")
            .env("STOCKROOM_TEST_NOW", NOW)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run stockroom");
        Run {
            code: o.status.code().expect("not killed by a signal"),
            stdout: String::from_utf8(o.stdout).expect("UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("UTF-8"),
        }
    }

    fn expect(&self, code: i32, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, code, "stockroom {args:?}: {r:?}");
        r
    }

    fn ok(&self, args: &[&str]) -> Run {
        self.expect(0, args)
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let r = self.ok(&a);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
    }

    /// (id, order, location, remaining, status, short) of every queued reservation.
    fn queue(&self) -> Vec<(u64, String, String, u64, String, u64)> {
        self.queue_of(&["reservations"])
    }

    fn queue_of(&self, args: &[&str]) -> Vec<(u64, String, String, u64, String, u64)> {
        let v = self.json(args);
        v.as_array()
            .expect("a list")
            .iter()
            .map(|r| {
                (
                    r["reservation"].as_u64().unwrap_or(0),
                    r["order"].as_str().unwrap_or("").to_string(),
                    r["location"].as_str().unwrap_or("").to_string(),
                    r["remaining"].as_u64().unwrap_or(0),
                    r["status"].as_str().unwrap_or("").to_string(),
                    r["short"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    }

    /// (on hand, reserved) at one location.
    fn levels(&self, loc: &str) -> (u64, u64) {
        let v = self.json(&["sku", "show", "MUG-01"]);
        let l = v["locations"]
            .as_array()
            .expect("locations")
            .iter()
            .find(|l| l["location"] == loc)
            .cloned()
            .unwrap_or(Value::Null);
        (
            l["on_hand"].as_u64().unwrap_or(0),
            l["reserved"].as_u64().unwrap_or(0),
        )
    }

    fn check_ok(&self) {
        let r = self.ok(&["check"]);
        assert!(r.stdout.contains("check passed"), "{r:?}");
    }

    /// Main holds `main`, the shop `shop`, then a count of the shop finds `counted`.
    fn short_at_shop(&self, shop: u64, reserve: u64, counted: u64) -> u64 {
        self.ok(&["receive", "MUG-01", &shop.to_string(), "--at", "Shop"]);
        let v = self.json(&[
            "reserve",
            "MUG-01",
            &reserve.to_string(),
            "--channel",
            "WB",
            "--order",
            "WB-1",
            "--at",
            "Shop",
        ]);
        let id = v["reservation"].as_u64().expect("an id");
        self.ok(&["count", "start", "--at", "Shop"]);
        self.ok(&["count", "add", "1", "MUG-01", &counted.to_string()]);
        self.ok(&["count", "apply", "1"]);
        id
    }
}

#[test]
fn a_reservation_no_location_can_hold_alone_is_split_over_several() {
    let env = Env::new();
    env.ok(&["receive", "MUG-01", "3"]);
    env.ok(&["receive", "MUG-01", "5", "--at", "Shop"]);
    // One location with all of it: no split, the default first.
    let v = env.json(&["reserve", "MUG-01", "2", "--channel", "WB", "--order", "A"]);
    assert_eq!(v["location"], "Main warehouse");
    // 1 left at Main, 5 at the shop: 6 needs both, the most available first.
    let r = env.ok(&["reserve", "MUG-01", "6", "--channel", "WB", "--order", "B"]);
    assert!(
        r.stdout.contains("from several locations") && r.stdout.contains("5 at Shop"),
        "{r:?}"
    );
    let q = env.queue();
    let b: Vec<_> = q.iter().filter(|r| r.1 == "B").collect();
    assert_eq!(b.len(), 2, "{q:?}");
    assert_eq!((b[0].2.as_str(), b[0].3), ("Shop", 5));
    assert_eq!((b[1].2.as_str(), b[1].3), ("Main warehouse", 1));
    assert_eq!(env.levels("Main warehouse"), (3, 3));
    assert_eq!(env.levels("Shop"), (5, 5));
    // Nothing left anywhere: refused, nothing written.
    let e = env.expect(
        1,
        &["reserve", "MUG-01", "1", "--channel", "WB", "--order", "C"],
    );
    assert!(e.stderr.contains("0 available"), "{e:?}");
    // The order reference of a split line is still taken.
    env.ok(&["receive", "MUG-01", "1"]);
    let e = env.expect(
        1,
        &["reserve", "MUG-01", "1", "--channel", "WB", "--order", "B"],
    );
    assert!(e.stderr.contains("already has a reservation"), "{e:?}");
    env.check_ok();
}

#[test]
fn a_split_reserve_answers_every_part_in_json_and_keeps_to_the_channels_sources() {
    let env = Env::new();
    env.ok(&["location", "add", "Garage"]);
    env.ok(&["receive", "MUG-01", "10"]);
    env.ok(&["receive", "MUG-01", "2", "--at", "Shop"]);
    env.ok(&["receive", "MUG-01", "2", "--at", "Garage"]);
    env.ok(&["channel", "rules", "WB", "--from", "Shop,Garage"]);
    // Main's 10 are not the channel's: 5 is more than Shop and Garage hold together.
    let e = env.expect(
        1,
        &["reserve", "MUG-01", "5", "--channel", "WB", "--order", "X"],
    );
    assert!(e.stderr.contains("4 available"), "{e:?}");
    let v = env.json(&["reserve", "MUG-01", "3", "--channel", "WB", "--order", "X"]);
    let parts = v.as_array().expect("a split answers a list of its parts");
    let at: Vec<(&str, u64)> = parts
        .iter()
        .map(|p| {
            (
                p["location"].as_str().unwrap_or(""),
                p["qty"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // Equal amounts: the locations in the order they were made.
    assert_eq!(at, [("Shop", 2), ("Garage", 1)]);
    assert!(parts.iter().all(|p| p["order"] == "X"));
    assert_eq!(env.levels("Main warehouse"), (10, 0));
    env.check_ok();
}

#[test]
fn a_backorder_is_filled_as_soon_as_the_total_covers_it() {
    let env = Env::new();
    env.ok(&[
        "reserve",
        "MUG-01",
        "5",
        "--channel",
        "WB",
        "--order",
        "BO-1",
        "--backorder",
    ]);
    env.ok(&["receive", "MUG-01", "3"]);
    assert_eq!(env.queue()[0].4, "backorder", "3 of 5: it waits");
    let a = env.json(&["alerts"]);
    assert_eq!(a[0]["severity"], "shortage", "3 available, 5 owed: {a}");
    env.ok(&["receive", "MUG-01", "2", "--at", "Shop"]);
    let q = env.queue();
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(q.iter().all(|r| r.1 == "BO-1" && r.4 == "open"), "{q:?}");
    let mut at: Vec<(String, u64)> = q.iter().map(|r| (r.2.clone(), r.3)).collect();
    at.sort();
    assert_eq!(
        at,
        [("Main warehouse".to_string(), 3), ("Shop".to_string(), 2)]
    );
    let h = env.json(&["history", "MUG-01"]);
    let filled = h
        .as_array()
        .expect("history")
        .iter()
        .filter(|m| m["note"] == "backorder filled")
        .count();
    assert_eq!(filled, 2, "one reserve entry per location: {h}");
    env.check_ok();
}

#[test]
fn alerts_never_say_shortage_when_the_total_covers_the_backorders() {
    let env = Env::new();
    env.ok(&[
        "reserve",
        "MUG-01",
        "2",
        "--channel",
        "WB",
        "--order",
        "P-1",
        "--backorder",
    ]);
    // A paused channel's backorder waits, though stock is there.
    env.ok(&["channel", "rules", "WB", "--pause"]);
    env.ok(&["receive", "MUG-01", "10"]);
    assert_eq!(env.queue()[0].4, "backorder");
    let a = env.json(&["alerts", "--all"]);
    assert!(
        a.as_array()
            .expect("alerts")
            .iter()
            .all(|r| r["severity"] != "shortage"),
        "10 available covers 2 owed: {a}"
    );
}

#[test]
fn a_short_reservation_says_what_to_do_and_moves_to_another_location() {
    let env = Env::new();
    env.ok(&["receive", "MUG-01", "4"]);
    let id = env.short_at_shop(3, 3, 1);
    let ids = id.to_string();
    let q = env.queue();
    assert_eq!((q[0].2.as_str(), q[0].5), ("Shop", 2), "{q:?}");
    let text = env.ok(&["reservations"]).stdout;
    assert!(
        text.contains(&format!("reservation move {id} --to LOCATION"))
            && text.contains(&format!("reservation backorder {id}")),
        "{text}"
    );
    // Where it is already; a location that lacks the units; one that does not exist.
    let e = env.expect(1, &["reservation", "move", &ids, "--to", "Shop"]);
    assert!(e.stderr.contains("already"), "{e:?}");
    env.ok(&[
        "transfer",
        "MUG-01",
        "2",
        "--from",
        "Main warehouse",
        "--to",
        "Shop",
    ]);
    // Main has 2 now, the reservation needs 3.
    let e = env.expect(1, &["reservation", "move", &ids, "--to", "Main warehouse"]);
    assert!(
        e.stderr.contains("2 available") && e.stderr.contains("reservation backorder"),
        "{e:?}"
    );
    env.expect(2, &["reservation", "move", &ids, "--to", "Attic"]);
    env.expect(2, &["reservation", "move", "999", "--to", "Shop"]);
    env.expect(2, &["reservation", "move", "abc", "--to", "Shop"]);
    // Shop has 3 on hand now (1 + 2), so the shortage is gone; move it back and forth.
    env.ok(&["receive", "MUG-01", "1"]);
    let r = env.ok(&["reservation", "move", &ids, "--to", "Main warehouse"]);
    assert!(r.stdout.contains("now at Main warehouse"), "{r:?}");
    assert_eq!(env.levels("Main warehouse"), (3, 3));
    assert_eq!(env.levels("Shop").1, 0);
    let q = env.queue();
    assert_eq!((q[0].2.as_str(), q[0].3, q[0].5), ("Main warehouse", 3, 0));
    let h = env.json(&["history", "MUG-01", "--limit", "2"]);
    assert_eq!(h[0]["note"], "moved from Shop");
    assert_eq!(h[1]["note"], "moved to Main warehouse");
    env.check_ok();
}

#[test]
fn a_short_reservation_made_a_backorder_waits_and_fills_when_stock_comes() {
    let env = Env::new();
    let id = env.short_at_shop(4, 4, 1).to_string();
    let r = env.ok(&["reservation", "backorder", &id]);
    assert!(r.stdout.contains("waits as a backorder for 4"), "{r:?}");
    let q = env.queue();
    assert_eq!((q[0].3, q[0].4.as_str()), (0, "backorder"), "{q:?}");
    assert_eq!(env.levels("Shop"), (1, 0));
    // A backorder is not open: neither moved nor made a backorder again.
    env.expect(1, &["reservation", "backorder", &id]);
    env.expect(1, &["reservation", "move", &id, "--to", "Main warehouse"]);
    // 1 at the shop and 3 at Main cover it: filled from both.
    env.ok(&["receive", "MUG-01", "3"]);
    let q = env.queue();
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(q.iter().all(|r| r.4 == "open" && r.1 == "WB-1"), "{q:?}");
    assert_eq!(q.iter().map(|r| r.3).sum::<u64>(), 4);
    env.check_ok();
}

#[test]
fn backorder_of_a_part_shipped_reservation_keeps_the_shipped_part() {
    let env = Env::new();
    let id = env.short_at_shop(5, 5, 2);
    let ids = id.to_string();
    env.ok(&["ship", &ids, "--qty", "2"]);
    let r = env.ok(&["reservation", "backorder", &ids]);
    assert!(r.stdout.contains("for 3 x MUG-01"), "{r:?}");
    let all = env.queue_of(&["reservations", "--all"]);
    let first = all.iter().find(|r| r.0 == id).expect("still there");
    assert_eq!(first.4, "shipped");
    let rest: Vec<_> = all.iter().filter(|r| r.0 != id).collect();
    assert_eq!(rest.len(), 1);
    assert_eq!(
        (rest[0].1.as_str(), rest[0].4.as_str()),
        ("WB-1", "backorder")
    );
    env.check_ok();
}

#[test]
fn an_order_import_treats_a_split_line_as_one_line() {
    let env = Env::new();
    env.ok(&["receive", "MUG-01", "3"]);
    env.ok(&["receive", "MUG-01", "2", "--at", "Shop"]);
    let f = env.dir.path().join("orders.csv");
    std::fs::write(&f, "order_id,sku,qty,status\nO-1,MUG-01,4,new\n").expect("write");
    let file = f.to_str().expect("path");
    let v = env.json(&["import", "orders", file, "--channel", "WB"]);
    assert_eq!(v["reserved"], 1, "{v}");
    assert_eq!(env.queue().len(), 2, "split over both locations");
    // The same file again changes nothing.
    let v = env.json(&["import", "orders", file, "--channel", "WB"]);
    assert_eq!(
        (v["unchanged"].as_u64(), v["changed"].as_u64()),
        (Some(1), Some(0)),
        "{v}"
    );
    // Fewer: units go from the newest part first.
    std::fs::write(&f, "order_id,sku,qty,status\nO-1,MUG-01,3,new\n").expect("write");
    let v = env.json(&["import", "orders", file, "--channel", "WB"]);
    assert_eq!(v["changed"], 1, "{v}");
    assert_eq!(env.queue().iter().map(|r| r.3).sum::<u64>(), 3);
    // Cancelled: every part goes.
    std::fs::write(&f, "order_id,sku,qty,status\nO-1,MUG-01,3,cancelled\n").expect("write");
    let v = env.json(&["import", "orders", file, "--channel", "WB"]);
    assert_eq!(v["released"], 1, "{v}");
    assert!(env.queue().is_empty());
    assert_eq!(env.levels("Main warehouse").1 + env.levels("Shop").1, 0);
    env.check_ok();
}

/// A reservation made a backorder that is filled again at once from two locations answers
/// with both parts, in text and in JSON; an archived SKU's reservation may not be made a
/// backorder (it would wait for ever); `expire` counts SKUs, not holds.
#[test]
fn a_backorder_refilled_from_two_locations_names_both_parts() {
    let e = Env::new();
    e.ok(&["receive", "MUG-01", "3"]);
    e.ok(&[
        "transfer",
        "MUG-01",
        "1",
        "--from",
        "Main warehouse",
        "--to",
        "Shop",
    ]);
    e.ok(&[
        "reserve",
        "MUG-01",
        "2",
        "--channel",
        "WB",
        "--order",
        "WB-7",
    ]);
    e.ok(&[
        "adjust",
        "MUG-01",
        "--set",
        "1",
        "--reason",
        "lost",
        "--at",
        "Main warehouse",
    ]);
    let r = e.run(&["reservation", "backorder", "1"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("several locations")
            && r.stdout.contains("at Main warehouse")
            && r.stdout.contains("at Shop"),
        "both parts are named: {}",
        r.stdout
    );
    let open = e.json(&["reservations"]);
    let parts: Vec<(String, u64)> = open
        .as_array()
        .expect("a list")
        .iter()
        .filter(|v| v["order"] == "WB-7")
        .map(|v| {
            (
                v["location"].as_str().unwrap_or("").to_string(),
                v["remaining"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts.iter().map(|p| p.1).sum::<u64>(), 2, "{parts:?}");
    e.ok(&["check"]);
}

#[test]
fn an_archived_skus_reservation_is_not_made_a_backorder() {
    let e = Env::new();
    e.ok(&["receive", "MUG-01", "3"]);
    e.ok(&[
        "reserve",
        "MUG-01",
        "3",
        "--channel",
        "WB",
        "--order",
        "AR1",
    ]);
    e.ok(&["sku", "archive", "MUG-01"]);
    let before = e.json(&["history", "--limit", "1000"]);
    let r = e.run(&["reservation", "backorder", "1"]);
    assert_eq!(r.code, 1, "refused: {r:?}");
    assert!(r.stderr.contains("archived"), "{}", r.stderr);
    assert_eq!(
        e.json(&["history", "--limit", "1000"]),
        before,
        "nothing written"
    );
}

#[test]
fn expire_counts_skus_not_holds() {
    let e = Env::new();
    e.ok(&["channel", "rules", "WB", "--hold-ttl", "1h"]);
    e.ok(&["receive", "MUG-01", "5"]);
    for o in ["H1", "H2", "H3"] {
        e.ok(&["reserve", "MUG-01", "1", "--channel", "WB", "--order", o]);
    }
    let home = e.dir.path();
    let o = Command::new(BIN)
        .current_dir(home)
        .env("HOME", home)
        .env_remove("STOCKROOM_DB")
        .env("STOCKROOM_LANG", "en")
        .env("STOCKROOM_TEST_NOW", "2026-03-04T12:00:00Z")
        .arg("--db")
        .arg(&e.db)
        .args(["expire", "--json"])
        .output()
        .expect("run stockroom");
    assert!(o.status.success(), "{o:?}");
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["skus"], 1, "one SKU freed by three holds: {v}");
}

/// A smaller quantity for a split order line lets go of units nobody has picked first: the
/// unit a packer already holds stays reserved.
#[test]
fn a_smaller_split_line_keeps_the_picked_unit() {
    let env = Env::new();
    env.ok(&["sku", "edit", "MUG-01", "--barcode", "4600000000994"]);
    env.ok(&["receive", "MUG-01", "1"]);
    env.ok(&["receive", "MUG-01", "2", "--at", "Shop"]);
    let f = env.dir.path().join("orders.csv");
    std::fs::write(&f, "order_id,sku,qty,status\nO-2,MUG-01,3,new\n").expect("write");
    let file = f.to_str().expect("path");
    env.ok(&["import", "orders", file, "--channel", "WB"]);
    let parts = env.queue();
    assert_eq!(parts.len(), 2, "split: {parts:?}");
    let main = parts
        .iter()
        .find(|r| r.2 == "Main warehouse")
        .expect("a part at the main warehouse")
        .0;
    env.ok(&["pick", &main.to_string(), "4600000000994"]);
    std::fs::write(&f, "order_id,sku,qty,status\nO-2,MUG-01,2,new\n").expect("write");
    env.ok(&["import", "orders", file, "--channel", "WB"]);
    let after = env.queue();
    let kept = after
        .iter()
        .find(|r| r.0 == main)
        .expect("the picked part is still in the queue");
    assert_eq!(kept.3, 1, "the picked unit stays reserved: {after:?}");
    assert_eq!(after.iter().map(|r| r.3).sum::<u64>(), 2, "{after:?}");
    env.check_ok();
}
