//! The shop the kit tests share: a temp HOME with a database holding tea, honey, cups,
//! the channel Ozon and the kit GIFT-01, and the real binary run in it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(o: Output) -> Run {
        Run {
            code: o.status.code().expect("not killed"),
            stdout: String::from_utf8(o.stdout).expect("UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("UTF-8"),
        }
    }
}

/// A temp dir that is HOME and the working directory, with a database in it.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    /// Tea 7, honey 3, cups 9, channel Ozon, and kit GIFT-01 = tea 1 + honey 1 + cups 2.
    pub fn gift() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        let env = Env { dir, db };
        env.ok(&["init"]);
        for (code, name, qty) in [
            ("TEA-001", "Чай", "7"),
            ("HONEY-01", "Мёд", "3"),
            ("CUP-01", "Чашка", "9"),
        ] {
            env.ok(&["sku", "add", code, "--name", name]);
            env.ok(&["receive", code, qty]);
        }
        env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
        env.ok(&[
            "sku",
            "add",
            "GIFT-01",
            "--name",
            "Чайный набор",
            "--kit",
            "TEA-001:1,HONEY-01:1,CUP-01:2",
        ]);
        env
    }

    pub fn command(&self, lang: &str) -> Command {
        let home = self.dir.path();
        let mut c = Command::new(BIN);
        c.current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_STATE_HOME", home.join("xdg-state"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_CONFIG_DIR")
            .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
            .env("STOCKROOM_LANG", lang)
            .arg("--db")
            .arg(&self.db);
        c
    }

    pub fn run_in(&self, lang: &str, args: &[&str]) -> Run {
        Run::from(self.command(lang).args(args).output().expect("run"))
    }

    pub fn expect(&self, code: i32, args: &[&str]) -> Run {
        let r = self.run_in("en", args);
        assert_eq!(r.code, code, "{args:?}: {r:?}");
        r
    }

    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.expect(0, args);
        assert!(r.stderr.is_empty(), "{args:?}: {r:?}");
        r
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.ok(&a);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
    }

    /// (on hand, reserved, available, defective) of a SKU over all locations.
    pub fn levels(&self, code: &str) -> (u64, u64, i64, u64) {
        let v = self.json(&["sku", "show", code]);
        (
            v["on_hand"].as_u64().expect("on_hand"),
            v["reserved"].as_u64().expect("reserved"),
            v["available"].as_i64().expect("available"),
            v["defective"].as_u64().expect("defective"),
        )
    }

    pub fn available(&self, code: &str) -> i64 {
        self.levels(code).2
    }

    pub fn check(&self) {
        let j = self.json(&["check"]);
        assert_eq!(j["problems"], Value::Array(vec![]), "{j}");
    }

    /// A reservation of `qty` kits for Ozon put back to backorder, with Ozon paused so
    /// nothing fills it until `channel rules Ozon --resume`.
    pub fn backordered(&self, qty: &str, order: &str) -> String {
        let id = self.reserve(qty, order);
        self.ok(&["channel", "rules", "Ozon", "--pause"]);
        self.ok(&["reservation", "backorder", &id]);
        id
    }

    pub fn reserve(&self, qty: &str, order: &str) -> String {
        let r = self.json(&[
            "reserve",
            "GIFT-01",
            qty,
            "--channel",
            "Ozon",
            "--order",
            order,
        ]);
        r["reservation"].as_u64().expect("id").to_string()
    }
}
