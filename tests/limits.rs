//! Limits that hold: numbers and durations refused above their documented limit (never
//! wrapped), one rule for every free-text field, codes unique whatever their case, width
//! or normal form, and imports whose encoding is detected or refused.
//!
//! CLI tests run the real binary with HOME, the XDG dirs and the working directory in a
//! temp dir and an explicit `--db`; engine tests use `LocalInventory` on a temp file.
//! Nothing depends on today's date.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;

use stockroom::domain::Delivery;
use stockroom::inventory::channels::RulesSpec;
use stockroom::inventory::{Command, Error, Inventory, InventoryExt, LocalInventory, SkuSpec};

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

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
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        let env = Env { dir, db };
        env.ok(&["init"]);
        env
    }

    /// SKU TEA-001 with 50 units, channel Ozon, reservation #1 of 2 units.
    fn stocked() -> Env {
        let env = Env::new();
        env.ok(&[
            "sku",
            "add",
            "TEA-001",
            "--name",
            "Tea",
            "--barcode",
            "4600000000017",
        ]);
        env.ok(&["channel", "add", "Ozon"]);
        env.ok(&["receive", "TEA-001", "50"]);
        env.ok(&[
            "reserve",
            "TEA-001",
            "2",
            "--channel",
            "Ozon",
            "--order",
            "A-1",
        ]);
        env
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_in("en", args)
    }

    fn run_in(&self, lang: &str, args: &[&str]) -> Run {
        let home = self.dir.path();
        let o = Process::new(BIN)
            .current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_CONFIG_DIR")
            .env_remove("STOCKROOM_SOCKET")
            .env_remove("STOCKROOM_ENCODING")
            .env("STOCKROOM_LANG", lang)
            .env("LANG", "C")
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run stockroom");
        Run {
            code: o.status.code().expect("not killed by a signal"),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
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
}

/// No raw control or text-direction character reaches the terminal.
fn assert_printable(what: &str, s: &str) {
    assert!(
        !s.chars().any(|c| (c.is_control() && c != '\n')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)),
        "{what} carries a raw control character: {s:?}"
    );
}

// ---- durations and numbers ---------------------------------------------------------

#[test]
fn hold_ttl_overflow_is_refused_with_the_real_limit() {
    let env = Env::stocked();
    for bad in [
        "99999999999999h",
        "18446744073709551616",
        "99999999999999999999d",
        "366d",
        "8785h",
    ] {
        let r = env.expect(2, &["channel", "rules", "Ozon", "--hold-ttl", bad]);
        assert!(r.stderr.contains("at most 365d"), "{bad}: {r:?}");
    }
    for bad in ["0", "0h", "-5h", "abc", "h"] {
        env.expect(2, &["channel", "rules", "Ozon", "--hold-ttl", bad]);
    }
    env.ok(&["channel", "rules", "Ozon", "--hold-ttl", "365d"]);
    // A hold made now expires in the future, not at once.
    env.ok(&[
        "reserve",
        "TEA-001",
        "1",
        "--channel",
        "Ozon",
        "--order",
        "B-1",
    ]);
    env.ok(&["expire"]);
    let r = env.ok(&["--json", "reservations"]);
    assert!(
        r.stdout.contains("B-1"),
        "the new hold is still open: {r:?}"
    );
}

#[test]
fn numbers_above_their_limit_name_the_limit() {
    let env = Env::stocked();
    let cases: &[(&[&str], &str)] = &[
        (
            &["sku", "edit", "TEA-001", "--lead-days", "3651"],
            "at most 3650",
        ),
        (
            &["sku", "edit", "TEA-001", "--lead-days", "99999999999999"],
            "at most 3650",
        ),
        (
            &["sku", "edit", "TEA-001", "--pack", "100001"],
            "at most 100000",
        ),
        (
            &["sku", "edit", "TEA-001", "--min", "1000000001"],
            "at most 1000000000",
        ),
        (
            &["sku", "edit", "TEA-001", "--safety", "99999999999999"],
            "at most 1000000000",
        ),
        (
            &["sku", "edit", "TEA-001", "--price", "10000000000.01"],
            "10000000000",
        ),
        (
            &["sku", "edit", "TEA-001", "--cost", "99999999999999999999"],
            "10000000000",
        ),
        (
            &["channel", "add", "Wb", "--priority", "1001"],
            "at most 1000",
        ),
        (
            &["channel", "rules", "Ozon", "--priority", "4294967296"],
            "at most 1000",
        ),
        (
            &["channel", "rules", "Ozon", "--share", "101"],
            "at most 100",
        ),
        (
            &["channel", "rules", "Ozon", "--buffer", "100000000000000"],
            "at most 1000000000",
        ),
        (
            &["channel", "rules", "Ozon", "--max", "100000000000000"],
            "at most 1000000000",
        ),
        (&["alerts", "snooze", "TEA-001", "366"], "at most 365"),
        (
            &["alerts", "snooze", "TEA-001", "4294967296"],
            "at most 365",
        ),
        (&["alerts", "--days", "731"], "at most 730"),
        (
            &["report", "velocity", "--days", "99999999999"],
            "at most 730",
        ),
        (
            &["receive", "TEA-001", "100000000000000"],
            "at most 1000000000",
        ),
        (
            &["reserve", "TEA-001", "100000000000000", "--channel", "Ozon"],
            "at most 1000000000",
        ),
        (
            &[
                "adjust",
                "TEA-001",
                "--set",
                "100000000000000",
                "--reason",
                "x",
            ],
            "at most 1000000000",
        ),
        (
            &[
                "adjust",
                "TEA-001",
                "--by",
                "+100000000000000",
                "--reason",
                "x",
            ],
            "at most 1000000000",
        ),
        (&["history", "--limit", "1000000001"], "at most 1000000"),
        (&["demo", "--days", "3651"], "at most 3650"),
        (&["demo", "--skus", "1000001"], "from 1 to 1000000"),
    ];
    for (args, limit) in cases {
        let r = env.expect(2, args);
        assert!(r.stderr.contains(limit), "{args:?} names {limit:?}: {r:?}");
        assert!(!r.stderr.contains("panicked"), "{args:?}: {r:?}");
    }
    // The limits themselves are accepted.
    env.ok(&[
        "sku",
        "edit",
        "TEA-001",
        "--lead-days",
        "3650",
        "--pack",
        "100000",
    ]);
    env.ok(&[
        "channel",
        "rules",
        "Ozon",
        "--priority",
        "1000",
        "--share",
        "100",
    ]);
    env.ok(&["alerts", "snooze", "TEA-001", "365"]);
}

#[test]
fn count_quantities_and_sums_stay_bounded() {
    let env = Env::stocked();
    env.ok(&["count", "start"]);
    env.expect(2, &["count", "add", "1", "TEA-001", "1000000001"]);
    env.ok(&["count", "add", "1", "TEA-001", "1000000000"]);
    // Entries add up: a second one past the largest level one adjust may set is refused.
    let r = env.expect(2, &["count", "add", "1", "TEA-001", "1"]);
    assert!(r.stderr.contains("at most 1000000000"), "{r:?}");
    env.ok(&["count", "apply", "1"]);
    let r = env.ok(&["--json", "sku", "show", "TEA-001"]);
    assert!(r.stdout.contains("\"on_hand\": 1000000000"), "{r:?}");
}

fn engine() -> (tempfile::TempDir, LocalInventory) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (inv, _) = LocalInventory::open_or_init(&dir.path().join("e.redb"), "owner").unwrap();
    (dir, inv)
}

fn add_sku(inv: &LocalInventory, code: &str) -> Result<(), Error> {
    inv.execute(Command::AddSku(SkuSpec {
        code: code.into(),
        name: Some("n".into()),
        ..SkuSpec::default()
    }))
    .map(|_| ())
}

#[test]
fn engine_refuses_out_of_range_values_from_any_client() {
    let (_d, inv) = engine();
    add_sku(&inv, "A").unwrap();
    inv.execute(Command::AddChannel {
        name: "Ozon".into(),
        kind: stockroom::domain::ChannelKind::Other,
        priority: 5,
    })
    .unwrap();
    let rules = |r: RulesSpec| Command::ChannelRules {
        channel: "Ozon".into(),
        rules: r,
    };
    for spec in [
        RulesSpec {
            hold_ttl_secs: Some(Some(u64::MAX)),
            ..RulesSpec::default()
        },
        RulesSpec {
            hold_ttl_secs: Some(Some(0)),
            ..RulesSpec::default()
        },
        RulesSpec {
            priority: Some(u32::MAX),
            ..RulesSpec::default()
        },
        RulesSpec {
            buffer: Some(u64::MAX),
            ..RulesSpec::default()
        },
        RulesSpec {
            max_listed: Some(Some(u64::MAX)),
            ..RulesSpec::default()
        },
        RulesSpec {
            share_pct: Some(101),
            ..RulesSpec::default()
        },
    ] {
        let e = inv.execute(rules(spec.clone())).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{spec:?}: {e}");
    }
    for spec in [
        SkuSpec {
            lead_days: Some(u32::MAX),
            ..SkuSpec::default()
        },
        SkuSpec {
            pack_size: Some(u64::MAX),
            ..SkuSpec::default()
        },
        // (u64::MAX itself is `SkuSpec::AUTO`: the rule computes min again.)
        SkuSpec {
            min_stock: Some(u64::MAX - 1),
            ..SkuSpec::default()
        },
        SkuSpec {
            price: Some(i64::MAX),
            ..SkuSpec::default()
        },
        SkuSpec {
            cost: Some(-1),
            ..SkuSpec::default()
        },
    ] {
        let e = inv
            .execute(Command::EditSku(SkuSpec {
                code: "A".into(),
                ..spec.clone()
            }))
            .unwrap_err();
        assert_eq!(e.exit_code(), 2, "{spec:?}: {e}");
    }
    let e = inv
        .execute(Command::Snooze {
            sku: "A".into(),
            days: u32::MAX,
        })
        .unwrap_err();
    assert!(e.to_string().contains("at most 365"), "{e}");
    let e = inv
        .execute(Command::Receive {
            sku: "A".into(),
            qty: u64::MAX,
            at: None,
            reference: None,
        })
        .unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
}

#[test]
fn a_hold_deadline_never_wraps_into_the_past() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A clock near the end of time: now + 365 days cannot be represented.
    let late: stockroom::inventory::local::Clock = Arc::new(|| i64::MAX - 1_000);
    let (inv, _) = LocalInventory::open_or_init(&dir.path().join("e.redb"), "owner").unwrap();
    let inv = inv.with_clock(late);
    add_sku(&inv, "A").unwrap();
    inv.execute(Command::Receive {
        sku: "A".into(),
        qty: 5,
        at: None,
        reference: None,
    })
    .unwrap();
    inv.execute(Command::AddChannel {
        name: "Ozon".into(),
        kind: stockroom::domain::ChannelKind::Other,
        priority: 5,
    })
    .unwrap();
    inv.execute(Command::ChannelRules {
        channel: "Ozon".into(),
        rules: RulesSpec {
            hold_ttl_secs: Some(Some(365 * 86_400)),
            ..RulesSpec::default()
        },
    })
    .unwrap();
    inv.execute(Command::Reserve {
        sku: "A".into(),
        qty: 2,
        channel: "Ozon".into(),
        order: Some("O-1".into()),
        at: None,
        delivery: Delivery::default(),
    })
    .unwrap();
    inv.execute(Command::Expire).unwrap();
    let open = inv.reservations(None, false).unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].status.as_str(), "open", "{open:?}");
}

// ---- free text -----------------------------------------------------------------------

/// Every command and flag that takes free text, with `{}` where the text goes.
fn text_fields() -> Vec<(&'static str, Vec<&'static str>, usize)> {
    vec![
        (
            "receive --ref",
            vec!["receive", "TEA-001", "1", "--ref", "{}"],
            500,
        ),
        (
            "reserve --order",
            vec![
                "reserve",
                "TEA-001",
                "1",
                "--channel",
                "Ozon",
                "--order",
                "{}",
            ],
            100,
        ),
        (
            "reserve --address",
            vec![
                "reserve",
                "TEA-001",
                "1",
                "--channel",
                "Ozon",
                "--address",
                "{}",
            ],
            500,
        ),
        (
            "release --reason",
            vec!["release", "1", "--reason", "{}"],
            500,
        ),
        (
            "ship --tracking",
            vec!["ship", "1", "--tracking", "{}"],
            100,
        ),
        (
            "return --order",
            vec![
                "return",
                "TEA-001",
                "1",
                "--channel",
                "Ozon",
                "--restock",
                "--order",
                "{}",
            ],
            100,
        ),
        (
            "return --note",
            vec![
                "return",
                "TEA-001",
                "1",
                "--channel",
                "Ozon",
                "--restock",
                "--no-order",
                "--note",
                "{}",
            ],
            500,
        ),
        (
            "defect --note",
            vec![
                "defect", "TEA-001", "1", "--reason", "other", "--note", "{}",
            ],
            500,
        ),
        (
            "writeoff --reason",
            vec!["writeoff", "TEA-001", "1", "--reason", "{}"],
            500,
        ),
        (
            "adjust --reason",
            vec!["adjust", "TEA-001", "--by", "+1", "--reason", "{}"],
            500,
        ),
        ("sku add CODE", vec!["sku", "add", "{}", "--name", "n"], 64),
        (
            "sku add --name",
            vec!["sku", "add", "NEW-1", "--name", "{}"],
            200,
        ),
        (
            "sku add --barcode",
            vec!["sku", "add", "NEW-2", "--name", "n", "--barcode", "{}"],
            64,
        ),
        (
            "sku add --supplier",
            vec!["sku", "add", "NEW-3", "--name", "n", "--supplier", "{}"],
            200,
        ),
        (
            "sku edit --name",
            vec!["sku", "edit", "TEA-001", "--name", "{}"],
            200,
        ),
        (
            "sku edit --supplier",
            vec!["sku", "edit", "TEA-001", "--supplier", "{}"],
            200,
        ),
        (
            "sku edit --barcode",
            vec!["sku", "edit", "TEA-001", "--barcode", "{}"],
            64,
        ),
        ("location add NAME", vec!["location", "add", "{}"], 100),
        ("channel add NAME", vec!["channel", "add", "{}"], 100),
        (
            "user add NAME",
            vec!["user", "add", "{}", "--role", "packer"],
            64,
        ),
        ("pick BARCODE", vec!["pick", "1", "{}"], 64),
        (
            "count start --filter",
            vec!["count", "start", "--filter", "{}"],
            100,
        ),
        (
            "po create --supplier",
            vec!["po", "create", "--supplier", "{}", "TEA-001", "1"],
            200,
        ),
    ]
}

fn with_value(args: &[&'static str], v: &str) -> Vec<String> {
    args.iter()
        .map(|a| {
            if *a == "{}" {
                v.to_string()
            } else {
                a.to_string()
            }
        })
        .collect()
}

#[test]
fn control_characters_are_refused_in_every_text_field() {
    let env = Env::stocked();
    let bad = [
        "x\u{1b}[2J",
        "x\u{7}",
        "x\ny",
        "x\u{7f}",
        "x\u{9b}31m",
        "x\u{202E}gnp.exe",
    ];
    for (name, args, _) in text_fields() {
        for b in bad {
            let argv = with_value(&args, b);
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let r = env.run(&argv);
            assert_eq!(r.code, 2, "{name} with {b:?}: {r:?}");
            assert_printable(name, &r.stderr);
            assert_printable(name, &r.stdout);
        }
    }
    // Nothing was written by any of them.
    let r = env.ok(&["--json", "history", "--limit", "1000"]);
    assert_printable("history", &r.stdout);
}

#[test]
fn every_text_field_has_a_length_limit_and_errors_echo_80_characters() {
    let env = Env::stocked();
    for (name, args, max) in text_fields() {
        let long = "я".repeat(max + 1);
        let argv = with_value(&args, &long);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let r = env.run(&argv);
        assert_eq!(r.code, 2, "{name} with {} chars: {r:?}", max + 1);
        assert!(
            r.stderr.contains(&format!("at most {max} characters")),
            "{name}: {r:?}"
        );
        assert!(
            !r.stderr.contains(&"я".repeat(81)),
            "{name} echoes at most 80: {r:?}"
        );
    }
    // --ref took 100,000 characters before.
    let huge = "a".repeat(100_000);
    let r = env.expect(2, &["receive", "TEA-001", "1", "--ref", &huge]);
    assert!(r.stderr.len() < 400, "{} bytes of error", r.stderr.len());
    // At the limit it is accepted.
    env.ok(&["receive", "TEA-001", "1", "--ref", &"b".repeat(500)]);
}

#[test]
fn engine_refuses_control_characters_from_any_client() {
    let (_d, inv) = engine();
    add_sku(&inv, "A").unwrap();
    let e = add_sku(&inv, "B\u{1b}").unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let e = inv
        .execute(Command::Receive {
            sku: "A".into(),
            qty: 1,
            at: None,
            reference: Some("r\u{7}".into()),
        })
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(!e.to_string().contains('\u{7}'), "{e}");
    inv.execute(Command::AddChannel {
        name: "Ozon".into(),
        kind: stockroom::domain::ChannelKind::Other,
        priority: 5,
    })
    .unwrap();
    let e = inv
        .execute(Command::Reserve {
            sku: "A".into(),
            qty: 1,
            channel: "Ozon".into(),
            order: None,
            at: None,
            delivery: Delivery {
                address: Some("street\u{1b}]0;pwned\u{7}".into()),
                ..Delivery::default()
            },
        })
        .unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
}

// ---- codes ---------------------------------------------------------------------------

#[test]
fn codes_are_one_whatever_their_case_or_width() {
    let env = Env::new();
    env.ok(&["sku", "add", "X", "--name", "first", "--barcode", "ABC-1"]);
    for other in ["x", "Ｘ", "ｘ"] {
        let r = env.expect(2, &["sku", "add", other, "--name", "second"]);
        assert!(r.stderr.contains("already exists"), "{other}: {r:?}");
    }
    // A barcode may not take another spelling of a code, nor of another barcode.
    env.expect(2, &["sku", "add", "Y", "--name", "y", "--barcode", "ｘ"]);
    env.expect(2, &["sku", "add", "Z", "--name", "z", "--barcode", "abc-1"]);
    // Any spelling finds the SKU; it keeps the code as typed.
    for spelling in ["X", "x", "Ｘ", "abc-1", "ＡＢＣ-1"] {
        let r = env.ok(&["--json", "sku", "show", spelling]);
        assert!(r.stdout.contains("\"code\": \"X\""), "{spelling}: {r:?}");
    }
    env.ok(&["receive", "x", "3"]);
    let r = env.ok(&["--json", "sku", "show", "X"]);
    assert!(r.stdout.contains("\"on_hand\": 3"), "{r:?}");
}

#[test]
fn codes_are_nfc_normalised() {
    let env = Env::new();
    let nfd = "ЙОД-1".replace('Й', "И\u{306}");
    assert_ne!(nfd, "ЙОД-1");
    env.ok(&["sku", "add", &nfd, "--name", "iodine"]);
    let r = env.ok(&["--json", "sku", "show", "ЙОД-1"]);
    assert!(
        r.stdout.contains("\"code\": \"ЙОД-1\""),
        "stored as NFC: {r:?}"
    );
    env.expect(2, &["sku", "add", "ЙОД-1", "--name", "again"]);
    env.expect(2, &["sku", "add", "йод-1", "--name", "again"]);
}

#[test]
fn invisible_and_bidi_characters_are_refused_in_codes() {
    let env = Env::new();
    for bad in [
        "A\u{202E}1",
        "A\u{202A}1",
        "A\u{2066}1",
        "A\u{2069}1",
        "A\u{200B}1",
        "A\u{200C}1",
        "A\u{200D}1",
        "A\u{200E}1",
        "A\u{200F}1",
        "\u{FEFF}A1",
        "A\u{00AD}1",
        "A\u{2060}1",
    ] {
        let r = env.expect(2, &["sku", "add", bad, "--name", "n"]);
        assert!(r.stderr.contains("invisible"), "{bad:?}: {r:?}");
        assert_printable("stderr", &r.stderr);
        let r = env.expect(2, &["sku", "add", "OK-1", "--name", "n", "--barcode", bad]);
        assert!(r.stderr.contains("invisible"), "{bad:?}: {r:?}");
    }
}

#[test]
fn every_default_ignorable_character_is_refused_in_codes() {
    // "x" followed by any of these looks like "x" (or "x" and a blank) and was a second SKU.
    let env = Env::new();
    env.expect(0, &["sku", "add", "x", "--name", "n"]);
    for bad in [
        "x\u{FE0F}",
        "x\u{FE00}",
        "x\u{180B}",
        "x\u{3164}",
        "\u{115F}",
        "x\u{1160}",
        "x\u{17B4}",
        "x\u{FFA0}",
        "x\u{1D173}",
        "x\u{1BCA0}",
        "x\u{E0100}",
        "x\u{FFF0}",
    ] {
        let r = env.expect(2, &["sku", "add", bad, "--name", "n"]);
        assert!(r.stderr.contains("invisible"), "{bad:?}: {r:?}");
        assert_printable("stderr", &r.stderr);
        let r = env.expect(2, &["sku", "add", "OK-1", "--name", "n", "--barcode", bad]);
        assert!(r.stderr.contains("invisible"), "{bad:?}: {r:?}");
    }
    let r = env.expect(0, &["sku", "list"]);
    assert_eq!(r.stdout.lines().count(), 2, "{r:?}");
}

#[test]
fn engine_finds_codes_by_any_spelling() {
    let (_d, inv) = engine();
    add_sku(&inv, "Tea-Ｇreen").unwrap();
    assert_eq!(add_sku(&inv, "TEA-GREEN").unwrap_err().exit_code(), 2);
    let d = inv.sku_detail("tea-green", 0).unwrap();
    assert_eq!(d.code, "Tea-Ｇreen");
}

// ---- encodings -----------------------------------------------------------------------

fn import(env: &Env, file: &str, extra: &[&str]) -> Run {
    let path = fixture(file);
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["import", "skus", path.to_str().unwrap()]);
    env.run(&args)
}

#[test]
fn koi8r_file_is_detected_and_read() {
    let env = Env::new();
    let r = import(&env, "catalog-koi8r.csv", &[]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = env.ok(&["--json", "sku", "show", "HON-LIP-500"]);
    assert!(r.stdout.contains("Мёд липовый, 500 г"), "{r:?}");
}

#[test]
fn latin1_file_is_detected_and_read() {
    let env = Env::new();
    let r = import(&env, "catalog-latin1.csv", &[]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = env.ok(&["--json", "sku", "show", "FR-CRM-01"]);
    assert!(r.stdout.contains("Crème brûlée"), "{r:?}");
}

#[test]
fn utf8_with_one_bad_byte_is_refused_at_its_line() {
    let env = Env::new();
    let r = import(&env, "catalog-utf8-bad-byte.csv", &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("catalog-utf8-bad-byte.csv:3:"), "{r:?}");
    assert!(r.stderr.contains("0xFF"), "{r:?}");
    // Nothing was imported as mojibake.
    env.expect(2, &["sku", "show", "TEA-GRN-100"]);
}

#[test]
fn utf16_with_bom_is_read() {
    let env = Env::new();
    let r = import(&env, "catalog-utf16-bom.csv", &[]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = env.ok(&["--json", "sku", "show", "SOAP-OLV-01"]);
    assert!(r.stdout.contains("Мыло оливковое"), "{r:?}");
}

#[test]
fn a_doubtful_encoding_is_refused_and_encoding_names_it() {
    let env = Env::new();
    let r = import(&env, "catalog-ambiguous-1252.csv", &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("catalog-ambiguous-1252.csv:2:"), "{r:?}");
    assert!(r.stderr.contains("--encoding"), "{r:?}");
    let r = import(
        &env,
        "catalog-ambiguous-1252.csv",
        &["--encoding", "windows-1252"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = env.ok(&["--json", "sku", "show", "CF-1"]);
    assert!(r.stdout.contains("Café"), "{r:?}");
    let r = import(
        &env,
        "catalog-ambiguous-1252.csv",
        &["--encoding", "ebcdic"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("koi8-r"), "{r:?}");
}

#[test]
fn encoding_names_koi8r_and_cp1251_explicitly() {
    let env = Env::new();
    let r = import(&env, "catalog-koi8r.csv", &["--encoding", "koi8-r"]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = import(
        &env,
        "catalog-excel-ru-cp1251.csv",
        &["--encoding", "windows-1251"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    // UTF-8 named for a file that is not: refused at the first bad byte.
    let r = import(&env, "catalog-latin1.csv", &["--encoding", "utf-8"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("catalog-latin1.csv:2:"), "{r:?}");
}

#[test]
fn existing_fixtures_still_import() {
    for f in ["catalog-excel-ru-cp1251.csv", "catalog-gsheets-utf8.csv"] {
        let env = Env::new();
        let r = import(&env, f, &[]);
        assert_eq!(r.code, 0, "{f}: {r:?}");
    }
}

// ---- clear errors --------------------------------------------------------------------

#[test]
fn a_missing_column_names_it_and_the_headers_found() {
    let env = Env::new();
    let f = env.dir.path().join("no-code.csv");
    std::fs::write(&f, "name;qty;colour\nTea;3;green\n").unwrap();
    let r = env.expect(2, &["import", "skus", f.to_str().unwrap()]);
    assert!(r.stderr.contains("no code column"), "{r:?}");
    assert!(r.stderr.contains("\"colour\""), "{r:?}");
    assert!(r.stderr.contains("\"name\""), "{r:?}");
}

#[test]
fn a_count_session_that_does_not_exist_says_so() {
    let env = Env::new();
    for args in [
        vec!["count", "diff", "99"],
        vec!["count", "apply", "99"],
        vec!["count", "cancel", "99"],
        vec!["count", "undo", "99"],
    ] {
        let r = env.expect(2, &args);
        assert!(r.stderr.contains("no count session #99"), "{args:?}: {r:?}");
    }
}

#[test]
fn an_older_database_gets_its_folded_keys_on_open() {
    use redb::{ReadableDatabase, TableDefinition};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.redb");
    {
        let (inv, _) = LocalInventory::open_or_init(&path, "owner").unwrap();
        inv.execute(Command::AddSku(SkuSpec {
            code: "Tea-1".into(),
            name: Some("n".into()),
            barcodes: vec!["ABC-9".into()],
            ..SkuSpec::default()
        }))
        .unwrap();
    }
    // Make it a file of schema 4, as the previous release wrote it: no folded keys.
    {
        let db = redb::Database::open(&path).unwrap();
        let w = db.begin_write().unwrap();
        for name in ["sku_by_code_key", "sku_by_barcode_key"] {
            let t: TableDefinition<&str, u32> = TableDefinition::new(name);
            assert!(w.delete_table(t).unwrap(), "{name} was there");
        }
        let meta: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
        w.open_table(meta)
            .unwrap()
            .insert("schema", 4u32.to_le_bytes().as_slice())
            .unwrap();
        w.commit().unwrap();
        let r = db.begin_read().unwrap();
        assert!(r.open_table(meta).unwrap().get("schema").unwrap().is_some());
    }
    let inv = LocalInventory::open(&path, "owner").unwrap();
    assert_eq!(inv.sku_detail("TEA-1", 0).unwrap().code, "Tea-1");
    assert_eq!(inv.sku_detail("abc-9", 0).unwrap().code, "Tea-1");
    assert_eq!(add_sku(&inv, "tea-1").unwrap_err().exit_code(), 2);
}

/// The demo's opening stock in bulk writes the very entries a receive and a transfer
/// write one command at a time, and refuses what they refuse, writing nothing.
#[test]
fn opening_stock_in_bulk_writes_what_the_commands_write() {
    use stockroom::inventory::engine::Ctx;
    use stockroom::inventory::movements::receive_and_transfer_many;
    let now = 1_772_618_400_000; // 2026-03-04T10:00:00Z
    let shop = |name: &str| {
        let dir = tempfile::tempdir().expect("temp dir");
        let (inv, _) = LocalInventory::open_or_init(&dir.path().join(name), "owner").unwrap();
        let inv = inv.with_clock(std::sync::Arc::new(move || now));
        inv.execute(Command::AddLocation {
            name: "Лавка".into(),
            default: false,
        })
        .unwrap();
        for code in ["A-1", "Б-2", "C-3"] {
            add_sku(&inv, code).unwrap();
        }
        (dir, inv)
    };
    let rows = [("A-1", 10u64, 2u64), ("Б-2", 5, 0), ("C-3", 1, 1)];
    let (_d1, one_by_one) = shop("one.redb");
    for (code, qty, on) in rows {
        one_by_one
            .execute(Command::Receive {
                sku: code.into(),
                qty,
                at: None,
                reference: Some("PO-0001".into()),
            })
            .unwrap();
        if on > 0 {
            one_by_one
                .execute(Command::Transfer {
                    sku: code.into(),
                    qty: on,
                    from: "Main warehouse".into(),
                    to: "Лавка".into(),
                })
                .unwrap();
        }
    }
    let (_d2, bulk) = shop("bulk.redb");
    let ctx = Ctx {
        actor: "owner".into(),
        now,
    };
    let owned: Vec<(String, u64, u64)> = rows
        .iter()
        .map(|(c, q, o)| (c.to_string(), *q, *o))
        .collect();
    let tx = bulk.store().begin_write().unwrap();
    receive_and_transfer_many(&tx, &ctx, "Main warehouse", "Лавка", "PO-0001", &owned).unwrap();
    tx.commit().unwrap();
    assert_eq!(
        bulk.history(None, 100).unwrap(),
        one_by_one.history(None, 100).unwrap()
    );
    assert!(bulk.check().unwrap().ok());

    // What a receive or a transfer refuses, the bulk refuses, and nothing is written.
    let before = bulk.history(None, 100).unwrap();
    for (from, to, rows) in [
        (
            "Main warehouse",
            "Лавка",
            vec![("A-1".to_string(), 1, 0), ("NOPE".into(), 1, 0)],
        ),
        (
            "Main warehouse",
            "Main warehouse",
            vec![("A-1".into(), 1, 0)],
        ),
        ("Main warehouse", "Лавка", vec![("A-1".into(), 0, 0)]),
        ("Main warehouse", "Лавка", vec![("A-1".into(), 1, 1000)]),
        ("Склад на Луне", "Лавка", vec![("A-1".into(), 1, 0)]),
    ] {
        let tx = bulk.store().begin_write().unwrap();
        let r = receive_and_transfer_many(&tx, &ctx, from, to, "PO-0001", &rows);
        assert!(r.is_err(), "{from} {to} {rows:?}");
        drop(tx);
    }
    assert_eq!(bulk.history(None, 100).unwrap(), before);
}

#[test]
fn limits_speak_russian_too() {
    let env = Env::stocked();
    let r = env.run_in("ru", &["sku", "edit", "TEA-001", "--lead-days", "3651"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("срок поставки") && r.stderr.contains("не больше 3650"),
        "{r:?}"
    );
    let r = env.run_in("ru", &["receive", "TEA-001", "1", "--ref", "a\u{1b}b"]);
    assert!(r.stderr.contains("управляющие символы"), "{r:?}");
    let r = env.run_in("ru", &["count", "diff", "99"]);
    assert!(r.stderr.contains("нет сессии пересчёта #99"), "{r:?}");
    let f = fixture("catalog-utf8-bad-byte.csv");
    let r = env.run_in("ru", &["import", "skus", f.to_str().unwrap()]);
    assert!(r.stderr.contains("не в UTF-8"), "{r:?}");
    let r = env.run_in("ru", &["sku", "add", "A\u{200B}1", "--name", "n"]);
    assert!(r.stderr.contains("невидимые символы"), "{r:?}");
}

#[test]
fn money_totals_at_the_limits_do_not_overflow() {
    let env = Env::stocked();
    env.ok(&[
        "sku",
        "edit",
        "TEA-001",
        "--cost",
        "10000000000",
        "--price",
        "10000000000",
    ]);
    env.ok(&[
        "sku",
        "add",
        "TEA-002",
        "--name",
        "Tea 2",
        "--cost",
        "10000000000",
    ]);
    env.ok(&["receive", "TEA-002", "1000000000"]);
    env.ok(&["receive", "TEA-001", "1000000000"]);
    env.ok(&["defect", "TEA-001", "1000000000", "--reason", "other"]);
    env.ok(&["count", "start"]);
    env.ok(&["count", "add", "1", "TEA-001", "1000000000"]);
    env.ok(&["count", "add", "1", "TEA-002", "1"]);
    for args in [
        &["count", "diff", "1"][..],
        &["--json", "count", "diff", "1"],
        &["report", "defects"],
        &["alerts"],
        &["matrix"],
        &["sku", "list"],
        &["check"],
    ] {
        let r = env.ok(args);
        assert!(!r.stderr.contains("panicked"), "{args:?}: {r:?}");
    }
}

/// Names that are looked up, not stored: a control character in them is refused (or not
/// found) with exit 2, and the message never carries it raw.
#[test]
fn control_characters_in_looked_up_names_never_reach_the_terminal() {
    let env = Env::stocked();
    let lookups: Vec<Vec<&str>> = vec![
        vec!["receive", "{}", "1"],
        vec!["receive", "TEA-001", "1", "--at", "{}"],
        vec!["reserve", "TEA-001", "1", "--channel", "{}"],
        vec![
            "reserve",
            "TEA-001",
            "1",
            "--channel",
            "Ozon",
            "--delivery",
            "{}",
        ],
        vec![
            "reserve",
            "TEA-001",
            "1",
            "--channel",
            "Ozon",
            "--dest",
            "{}",
        ],
        vec!["sell", "TEA-001", "1", "--channel", "{}"],
        vec![
            "transfer",
            "TEA-001",
            "1",
            "--from",
            "{}",
            "--to",
            "Main warehouse",
        ],
        vec!["defect", "TEA-001", "1", "--reason", "{}"],
        vec!["sku", "show", "{}"],
        vec!["sku", "archive", "{}"],
        vec!["user", "remove", "{}"],
        vec!["user", "add", "bob", "--role", "{}"],
        vec!["channel", "add", "Wb", "--kind", "{}"],
        vec!["channel", "rules", "{}", "--share", "5"],
        vec!["channel", "rules", "Ozon", "--from", "{}"],
        vec!["count", "start", "--at", "{}"],
        vec!["alerts", "snooze", "{}", "3"],
        vec!["history", "{}"],
        vec!["reservations", "--channel", "{}"],
        vec!["release", "{}"],
        vec!["export", "skus", "--delimiter", "{}"],
    ];
    for args in lookups {
        for bad in ["x\u{1b}[2J", "x\u{7}", "x\u{202E}y"] {
            let argv = with_value(&args, bad);
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let r = env.run(&argv);
            assert_eq!(r.code, 2, "{argv:?}: {r:?}");
            assert_printable("stderr", &r.stderr);
            assert_printable("stdout", &r.stdout);
        }
    }
}

#[test]
fn imported_numbers_name_their_limits_with_the_line() {
    let env = Env::new();
    let f = env.dir.path().join("limits.csv");
    std::fs::write(
        &f,
        "code;name;lead_days;pack;min\nA-1;Tea;99999999999;1;1\nA-2;Coffee;5;100001;1\nA-3;Milk;5;1;1000000001\n",
    )
    .unwrap();
    let r = env.expect(2, &["import", "skus", f.to_str().unwrap()]);
    assert!(r.stderr.contains("limits.csv:2:3: lead days"), "{r:?}");
    assert!(r.stderr.contains("at most 3650"), "{r:?}");
    assert!(r.stderr.contains("limits.csv:3:4: pack"), "{r:?}");
    assert!(r.stderr.contains("at most 100000"), "{r:?}");
    assert!(r.stderr.contains("limits.csv:4:5: min"), "{r:?}");
    assert!(r.stderr.contains("at most 1000000000"), "{r:?}");
    env.expect(2, &["sku", "show", "A-2"]);
}

#[test]
fn files_that_are_no_csv_are_named_for_what_they_are_and_utf16_needs_no_bom() {
    let env = Env::new();
    let write = |name: &str, bytes: &[u8]| {
        let p = env.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    // A workbook (a zip) named .csv.
    let zip = write(
        "book.csv",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of a zip",
    );
    let r = env.run(&["import", "skus", &zip]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("zip archive") && r.stderr.contains(".xlsx"),
        "{r:?}"
    );
    // Binary bytes with a zero byte in them: not text, at its line.
    let bin = write("bin.csv", b"code;name\nA;b\n\x00\x01\x02\xff\xfe");
    let r = env.run(&["import", "skus", &bin]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("bin.csv:3:") && r.stderr.contains("not a text file"),
        "{r:?}"
    );
    // UTF-16 little-endian saved without a BOM is read.
    let text = "code;name\nU16-1;Чай улун\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let f = write("u16.csv", &le);
    let r = env.run(&["import", "skus", &f]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = env.ok(&["--json", "sku", "show", "U16-1"]);
    assert!(r.stdout.contains("Чай улун"), "{r:?}");
    // Nothing was written by the refused ones.
    let r = env.ok(&["--json", "sku", "list"]);
    assert!(!r.stdout.contains("\"A\""), "{r:?}");
}

#[test]
fn a_line_separator_is_refused_like_a_newline() {
    let env = Env::new();
    let r = env.run(&["sku", "add", "LS-1", "--name", "a\u{2028}b"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(!r.stderr.contains('\u{2028}'), "not echoed raw: {r:?}");
}

/// A file an import or restore cannot read is refused before a byte is read: a device that
/// never ends (`/dev/zero` once grew the process to gigabytes), a folder, and a file larger
/// than an import reads; each says what it is, and nothing changes.
#[test]
fn imports_refuse_devices_folders_and_oversized_files_before_reading() {
    let env = Env::stocked();
    let before = env.ok(&["history", "--json"]).stdout;
    let folder = env.dir.path().join("folder");
    std::fs::create_dir(&folder).expect("folder");
    let big = env.dir.path().join("big.csv");
    let f = std::fs::File::create(&big).expect("big file");
    f.set_len(65 * 1024 * 1024).expect("sparse size");
    let folder_s = folder.to_str().expect("utf-8 path");
    let big_s = big.to_str().expect("utf-8 path");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["import", "skus", "/dev/zero"],
            "socket, pipe or device",
        ),
        (
            vec!["import", "stock", "/dev/null"],
            "socket, pipe or device",
        ),
        (
            vec!["import", "orders", "/dev/zero", "--channel", "Ozon"],
            "socket, pipe or device",
        ),
        (vec!["import", "skus", folder_s], "is a folder"),
        (vec!["import", "skus", big_s], "up to 64 MB"),
        (vec!["restore", "/dev/zero"], "socket, pipe or device"),
        (vec!["restore", folder_s], "is a folder"),
    ];
    for (args, says) in cases {
        let r = env.expect(2, &args);
        assert!(r.stderr.contains(says), "{args:?} says {says:?}: {r:?}");
    }
    let ru = env.run_in("ru", &["import", "skus", "/dev/zero"]);
    assert_eq!(ru.code, 2, "{ru:?}");
    assert!(ru.stderr.contains("устройство"), "{ru:?}");
    assert_eq!(
        env.ok(&["history", "--json"]).stdout,
        before,
        "nothing changed"
    );
}
