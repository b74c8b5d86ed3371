//! A shop on the real binary for the report tests: every run pins the clock
//! (`STOCKROOM_TEST_NOW`) and the time zone (`TZ`, a POSIX rule so no zone files are needed).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// After every shop's last entry.
pub const LATER: &str = "2026-03-05T10:00:00Z";

/// Moscow time, UTC+3 all year (POSIX: the offset is written west-positive).
pub const MSK: &str = "MSK-3";

pub struct Shop {
    pub dir: tempfile::TempDir,
    pub tz: &'static str,
    pub lang: &'static str,
}

impl Shop {
    /// Two channels the money tests share: Ozon (a marketplace keeping 20 % and 30.00 per
    /// order) and Till (the shop's own, keeping nothing).
    pub fn ozon_and_till(&self, t: &str) {
        self.ok(t, &["channel", "add", "Ozon", "--kind", "marketplace"]);
        self.ok(t, &["channel", "add", "Till", "--kind", "retail"]);
        let rules = [
            "channel",
            "rules",
            "Ozon",
            "--commission",
            "20",
            "--order-fee",
            "30",
        ];
        self.ok(t, &rules);
    }

    /// An empty database made at `now`.
    pub fn new(now: &str) -> Shop {
        let s = Shop {
            dir: tempfile::tempdir().expect("temp dir"),
            tz: MSK,
            lang: "en",
        };
        s.ok(now, &["init"]);
        s
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("shop.redb")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn run(&self, now: &str, args: &[&str]) -> (i32, String, String) {
        let out = self.command(now, args).output().expect("run stockroom");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).expect("utf-8"),
            String::from_utf8(out.stderr).expect("utf-8"),
        )
    }

    /// The stockroom process `run` starts, for a test that wires its output itself.
    pub fn command(&self, now: &str, args: &[&str]) -> Command {
        let home: &Path = self.dir.path();
        let mut c = Command::new(env!("CARGO_BIN_EXE_stockroom"));
        c.current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env_remove("STOCKROOM_DB")
            .env_remove("LC_ALL")
            .env("LANG", "C")
            .env("TZ", self.tz)
            .env("STOCKROOM_LANG", self.lang)
            .env("STOCKROOM_TEST_NOW", now)
            .arg("--db")
            .arg(self.db())
            .args(args);
        c
    }

    pub fn ok(&self, now: &str, args: &[&str]) -> String {
        let (code, out, err) = self.run(now, args);
        assert_eq!(code, 0, "{args:?} at {now}: {err}\n{out}");
        out
    }

    pub fn json(&self, now: &str, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let out = self.ok(now, &a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
    }

    /// Refused: exit 2 (bad input), the message on stderr, nothing on stdout.
    pub fn refused(&self, now: &str, args: &[&str]) -> String {
        let (code, out, err) = self.run(now, args);
        assert_eq!(code, 2, "{args:?} is refused: {out}{err}");
        assert!(out.is_empty(), "{args:?} prints nothing on stdout: {out}");
        err
    }
}
