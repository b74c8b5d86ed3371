//! The demand forecast against hand-worked examples: last year's season, a trend, a
//! promotion that raises the order before it starts, and the seed rule where there is no
//! more history; then the real binary for `promo` and what `sku show` and `alerts` say.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde_json::Value;
use stockroom::domain::ChannelKind;
use stockroom::domain::forecast::Rule;
use stockroom::inventory::engine::Ctx;
use stockroom::inventory::{Command, InventoryExt, LocalInventory, SkuDetail, SkuSpec};

/// 2026-11-29 12:00 UTC: a year (364 days) before it is 2025-11-30, the eve of last
/// December.
const NOW: i64 = 1_795_953_600_000;
const DAY: i64 = 86_400_000;

struct Shop {
    _dir: tempfile::TempDir,
    inv: LocalInventory,
}

impl Shop {
    fn new() -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let (inv, _) = LocalInventory::open_or_init(&dir.path().join("f.redb"), "owner").unwrap();
        let clock = Arc::new(AtomicI64::new(NOW));
        let inv = inv.with_clock(Arc::new(move || clock.load(Ordering::SeqCst)));
        let s = Shop { _dir: dir, inv };
        s.batch(vec![(
            0,
            Command::AddChannel {
                name: "Shop".into(),
                kind: ChannelKind::Retail,
                priority: 1,
            },
        )]);
        s
    }

    /// Commands at NOW + `days` days each, in one batch.
    fn batch(&self, cmds: Vec<(i64, Command)>) {
        let jobs = cmds
            .into_iter()
            .map(|(d, c)| {
                let ctx = Ctx {
                    actor: "owner".into(),
                    now: NOW + d * DAY,
                };
                (ctx, c)
            })
            .collect();
        for r in self.inv.execute_batch(jobs).unwrap() {
            r.unwrap();
        }
    }

    fn sku(&self, code: &str, stock: u64) {
        self.batch(vec![
            (
                -500,
                Command::AddSku(SkuSpec {
                    code: code.into(),
                    name: Some(format!("Товар {code}")),
                    lead_days: Some(14),
                    ..Default::default()
                }),
            ),
            (
                -500,
                Command::Receive {
                    sku: code.into(),
                    qty: stock,
                    at: None,
                    reference: None,
                },
            ),
        ]);
    }

    /// Sells `qty(day)` on each day of `days` (relative to NOW).
    fn sell_each_day(
        &self,
        code: &str,
        days: std::ops::RangeInclusive<i64>,
        qty: impl Fn(i64) -> u64,
    ) {
        let cmds = days
            .filter(|d| qty(*d) > 0)
            .map(|d| {
                (
                    d,
                    Command::Sell {
                        sku: code.into(),
                        qty: qty(d),
                        channel: "Shop".into(),
                        at: None,
                    },
                )
            })
            .collect();
        self.batch(cmds);
    }

    fn detail(&self, code: &str) -> SkuDetail {
        self.inv.sku_detail(code, 0).unwrap()
    }
}

/// Last December sold 10 a day, every other day of the year 2: the forecast for this
/// December follows last year's peak, scaled by this year's level (the same: ×1.00).
#[test]
fn a_seasonal_sku_follows_last_years_peak() {
    let s = Shop::new();
    s.sku("GIFT", 100_000);
    // 2025-12-01 is NOW − 363 days; 2025-12-31 is NOW − 333.
    s.sell_each_day("GIFT", -420..=0, |d| {
        if (-363..=-333).contains(&d) { 10 } else { 2 }
    });
    let d = s.detail("GIFT");
    assert_eq!(d.forecast.rule, Rule::Season);
    assert_eq!(d.forecast.season_pct, Some(100));
    // Tomorrow looks at last year's week around 2025-12-01: 3 days at 2 and 4 at 10 = 46/7;
    // then 54/7, 62/7, and 11 days inside December at 10: 162/7 + 110 = 133.14 -> 134.
    assert_eq!(d.min_stock, 134, "{:?}", d.forecast);
    // Safety 25 % of it, rounded up: 33.5 -> 34.
    assert_eq!(d.safety_stock, 34);
    // The seed rule would have said 2 a day × 14 = 28.
    assert_eq!(d.sold, 56);
    // The chart: 8 weeks of sales at 14 a week, then the forecast's weeks:
    // 46/7 + 54/7 + 62/7 + 4 × 10 = 63.1 -> 63, then 70 a week through December.
    let past: Vec<Option<u64>> = d.weeks.iter().take(8).map(|w| w.actual).collect();
    assert_eq!(past, vec![Some(14); 8]);
    let coming: Vec<Option<u64>> = d.weeks.iter().skip(8).take(3).map(|w| w.forecast).collect();
    assert_eq!(coming, vec![Some(63), Some(70), Some(70)]);
    assert_eq!(d.weeks[8].start, "2026-11-30");
}

/// This window sold 35 against 28 the window before: ×1.25 on 35/28 a day.
#[test]
fn a_trend_raises_min_by_the_change_between_windows() {
    let s = Shop::new();
    s.sku("UP", 1_000);
    s.sell_each_day("UP", -55..=-28, |_| 1);
    s.sell_each_day("UP", -27..=-21, |_| 5);
    let d = s.detail("UP");
    assert_eq!(
        (d.forecast.rule, d.forecast.trend_pct),
        (Rule::Trend, Some(125))
    );
    // 1.25 × 1.25 = 1.5625 a day × 14 = 21.875 -> 22; safety ceil(5.5) = 6.
    assert_eq!((d.min_stock, d.safety_stock), (22, 6));
}

/// A SKU with a few weeks of sales plans by the seed rule, exactly as before.
#[test]
fn without_more_history_the_seed_rule_stands() {
    let s = Shop::new();
    s.sku("NEW", 12);
    s.sell_each_day("NEW", -6..=0, |d| if d % 2 == 0 { 3 } else { 0 });
    // 12 sold over 28 days, lead 14: min ceil(6) = 6, safety ceil(1.5) = 2.
    let d = s.detail("NEW");
    assert_eq!(d.forecast.rule, Rule::Trailing);
    assert!(d.forecast.promos.is_empty());
    assert_eq!((d.sold, d.min_stock, d.safety_stock), (12, 6, 2));
}

fn cli(dir: &Path, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("STOCKROOM_LANG", "en")
        .env("STOCKROOM_TEST_NOW", now)
        .arg("--db")
        .arg(dir.join("cli.redb"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const TODAY: &str = "2026-11-20T12:00:00Z";
const YESTERDAY: &str = "2026-11-19T12:00:00Z";

fn ok(dir: &Path, now: &str, args: &[&str]) -> String {
    let (code, out, err) = cli(dir, now, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    serde_json::from_str(&ok(dir, TODAY, &a)).unwrap()
}

fn alert(dir: &Path, code: &str) -> Option<Value> {
    json(dir, &["alerts"])
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .cloned()
}

/// 2 a day, half of it on Ozon; 40 left, lead 14: min 28, safety 7, reorder at 35, ok.
/// A ×3 on Ozon from day 5 to day 14 makes Ozon's half 3 a day on those days: 4 a day in
/// all, so min is 4 × 2 + 10 × 4 = 48 and the SKU is to be ordered now, before it starts.
#[test]
fn a_promotion_raises_the_order_before_it_starts() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    ok(d, YESTERDAY, &["init"]);
    ok(
        d,
        YESTERDAY,
        &["sku", "add", "A", "--name", "Чай", "--lead-days", "14"],
    );
    ok(
        d,
        YESTERDAY,
        &["channel", "add", "Ozon", "--kind", "marketplace"],
    );
    ok(
        d,
        YESTERDAY,
        &["channel", "add", "Shop", "--kind", "retail"],
    );
    ok(d, YESTERDAY, &["receive", "A", "96"]);
    ok(d, YESTERDAY, &["sell", "A", "28", "--channel", "Ozon"]);
    ok(d, YESTERDAY, &["sell", "A", "28", "--channel", "Shop"]);
    assert!(alert(d, "A").is_none(), "40 left is above 35");
    let show = json(d, &["sku", "show", "A"]);
    assert_eq!(
        (show["min_stock"].as_u64(), show["safety_stock"].as_u64()),
        (Some(28), Some(7))
    );
    assert_eq!(show["forecast"]["rule"], "trailing");
    let text = ok(d, TODAY, &["sku", "show", "A"]);
    assert!(text.contains("forecast: trailing 28 days"), "{text}");

    let added = ok(
        d,
        TODAY,
        &[
            "promo",
            "add",
            "Ozon",
            "--from",
            "2026-11-25",
            "--to",
            "2026-12-04",
            "--uplift",
            "3",
        ],
    );
    assert!(
        added.contains("#1 Ozon 2026-11-25 – 2026-12-04 ×3.00, every SKU"),
        "{added}"
    );
    // The 40 on hand do not last the 14-day lead time at the promotion's pace (48 expected):
    // critical now, as min says, though they last 20 days at the past rate.
    let a = alert(d, "A").expect("the promotion makes A critical now");
    assert_eq!(a["severity"], "critical");
    assert_eq!(
        (a["min"].as_u64(), a["safety"].as_u64()),
        (Some(48), Some(12))
    );
    // Lead + review (21 days): 8 + 40 + 7 × 2 = 62, + 12 safety − 40 available = 34.
    assert_eq!(a["suggested"].as_u64(), Some(34));
    assert_eq!(a["forecast"]["promos"][0]["share_pct"].as_u64(), Some(50));
    assert_eq!(a["forecast"]["promos"][0]["channel"], "Ozon");
    let text = ok(d, TODAY, &["sku", "show", "A"]);
    assert!(
        text.contains("promotion Ozon 2026-11-25 – 2026-12-04 ×3.00 on 50 % of sales"),
        "{text}"
    );
    let ru = ok(d, TODAY, &["--lang", "ru", "sku", "show", "A"]);
    assert!(
        ru.contains("акция Ozon 2026-11-25 – 2026-12-04 ×3,00 на 50 % продаж"),
        "{ru}"
    );

    // Removed, the SKU is ok again.
    ok(d, TODAY, &["promo", "remove", "№1"]);
    assert!(alert(d, "A").is_none());
}

#[test]
fn promo_input_is_checked_and_changes_nothing_when_bad() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    ok(d, TODAY, &["init"]);
    ok(d, TODAY, &["sku", "add", "A", "--name", "Чай"]);
    ok(
        d,
        TODAY,
        &["channel", "add", "Ozon", "--kind", "marketplace"],
    );
    let bad: [(&[&str], &str); 10] = [
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "1e0",
            ],
            "uplift \"1e0\" is not a number; write it with digits, e.g. 1.5",
        ),
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "9.999",
            ],
            "uplift \"9.999\" has more than 2 digits after the point; write e.g. 1.25",
        ),
        (
            &[
                "--from",
                "2026-12-10",
                "--to",
                "2026-12-01",
                "--uplift",
                "2",
            ],
            "before the start date",
        ),
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2036-12-01",
                "--uplift",
                "2",
            ],
            "longer than 366 days",
        ),
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "0",
            ],
            "from 0.10 to 10.00",
        ),
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "1e9",
            ],
            "is not a number",
        ),
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "11",
            ],
            "from 0.10 to 10.00",
        ),
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "2",
                "--sku",
                "NOPE",
            ],
            "unknown SKU",
        ),
        (
            &[
                "--from",
                "2026-13-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "2",
            ],
            "not a date",
        ),
        (
            &[
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-05",
                "--uplift",
                "abc",
            ],
            "uplift",
        ),
    ];
    for (args, says) in bad {
        let mut a = vec!["promo", "add", "Ozon"];
        a.extend_from_slice(args);
        let (code, _, err) = cli(d, TODAY, &a);
        assert_eq!(code, 2, "{a:?}: {err}");
        assert!(err.contains(says), "{a:?}: {err}");
    }
    let (code, _, err) = cli(
        d,
        TODAY,
        &[
            "promo",
            "add",
            "Nope",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-05",
            "--uplift",
            "2",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown channel"), "{err}");
    let (code, _, err) = cli(d, TODAY, &["promo", "remove", "9"]);
    assert_eq!(code, 2);
    assert!(err.contains("no promotion #9"), "{err}");
    assert_eq!(json(d, &["promo", "list"]), serde_json::json!([]));
    assert!(ok(d, TODAY, &["promo", "list"]).contains("No promotions planned."));

    // A good one, for two SKUs named once each; listed in the interface language.
    ok(d, TODAY, &["sku", "add", "B", "--name", "Кофе"]);
    ok(
        d,
        TODAY,
        &[
            "promo",
            "add",
            "Ozon",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-05",
            "--uplift",
            "1,5",
            "--sku",
            "A",
            "--sku",
            "b",
            "--sku",
            "A",
        ],
    );
    let list = json(d, &["promo", "list"]);
    assert_eq!(list[0]["skus"], serde_json::json!(["A", "B"]));
    assert_eq!(list[0]["uplift"], "1.50");
    assert_eq!(list[0]["state"], "planned");
    let ru = ok(d, TODAY, &["--lang", "ru", "promo", "list"]);
    assert!(ru.contains("впереди") && ru.contains("×1,50"), "{ru}");
    // `check` reads it, and a backup carries it.
    ok(d, TODAY, &["check"]);
    ok(d, TODAY, &["backup", d.join("copy.redb").to_str().unwrap()]);
    let (code, out, err) = {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"))
            .current_dir(d)
            .env("HOME", d)
            .env("STOCKROOM_LANG", "en")
            .env("STOCKROOM_TEST_NOW", TODAY)
            .arg("--db")
            .arg(d.join("copy.redb"))
            .args(["promo", "list", "--json"])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    assert_eq!(code, Some(0), "{err}");
    let copied: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(copied, list);

    // Planning is the owner's: a packer is refused, and nothing changes.
    let me = json(d, &["user", "list"])[0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    ok(d, TODAY, &["user", "add", "alice", "--role", "owner"]);
    ok(d, TODAY, &["user", "add", &me, "--role", "packer"]);
    for args in [
        &[
            "promo",
            "add",
            "Ozon",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-05",
            "--uplift",
            "2",
        ][..],
        &["promo", "remove", "1"],
    ] {
        let (code, _, err) = cli(d, TODAY, args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("owner"), "{err}");
    }
    assert_eq!(json(d, &["promo", "list"]), list);
}
