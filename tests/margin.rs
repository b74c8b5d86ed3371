//! Money per channel on the real binary: a channel's commission and fee per order, a SKU's
//! price per channel, delivery per shipment, and `report margin`. Every expected figure is
//! worked out by hand in the test.

mod shop;

use std::process::Command;

use serde_json::Value;
use shop::{LATER, Shop};

#[test]
fn a_channel_keeps_its_commission_and_order_fee_through_a_backup() {
    let mut s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-01T09:00:00Z";
    s.ok(t, &["channel", "add", "Ozon", "--kind", "marketplace"]);
    let out = s.ok(
        t,
        &[
            "channel",
            "rules",
            "Ozon",
            "--commission",
            "20",
            "--order-fee",
            "30",
        ],
    );
    assert!(
        out.contains("; commission 20.00 %, 30.00 ₽ per order"),
        "{out}"
    );
    // A rule changed later leaves the money as it was; 12,5 % reads as 12.50.
    let out = s.ok(t, &["channel", "rules", "Ozon", "--priority", "5"]);
    assert!(out.contains("commission 20.00 %, 30.00 ₽"), "{out}");
    let out = s.ok(t, &["channel", "rules", "Ozon", "--commission", "12,5"]);
    assert!(out.contains("commission 12.50 %, 30.00 ₽"), "{out}");
    for (arg, says) in [
        ("--commission=120", "commission \"120\" must be at most 100"),
        ("--commission=twenty", "commission \"twenty\""),
        ("--order-fee=-5", "order fee \"-5\""),
        // A percent has no kopecks: the answer says how to write it.
        (
            "--commission=12.555",
            "commission \"12.555\" has more than 2 digits after the point; write e.g. 12.5",
        ),
        (
            "--commission=100000000000000",
            "commission \"100000000000000\" must be at most 100",
        ),
    ] {
        let e = s.refused(t, &["channel", "rules", "Ozon", arg]);
        assert!(e.contains(says), "{arg}: {e}");
    }
    // A negative value written apart from its option reaches the rules, not the argument
    // parser: the answer says what is wrong with the value.
    for (opt, field) in [("--commission", "commission"), ("--order-fee", "order fee")] {
        let e = s.refused(t, &["channel", "rules", "Ozon", opt, "-5"]);
        assert!(e.contains(&format!("{field} \"-5\"")), "{opt}: {e}");
    }
    let backup = s.path("copy.redb");
    s.ok(t, &["backup", backup.to_str().expect("utf-8")]);
    s.ok(t, &["check"]);
    let (code, out, err) = Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .current_dir(s.dir.path())
        .env("HOME", s.dir.path())
        .env("STOCKROOM_LANG", "en")
        .env("STOCKROOM_TEST_NOW", t)
        .arg("--db")
        .arg(&backup)
        .args(["channel", "rules", "Ozon"])
        .output()
        .map(|o| {
            (
                o.status.code(),
                String::from_utf8_lossy(&o.stdout).to_string(),
                String::from_utf8_lossy(&o.stderr).to_string(),
            )
        })
        .expect("run stockroom");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("commission 12.50 %, 30.00 ₽ per order"),
        "the backup keeps it: {out}"
    );
    s.lang = "ru";
    let out = s.ok(t, &["channel", "rules", "Ozon"]);
    assert!(out.contains("комиссия 12.50 %, 30.00 ₽ за заказ"), "{out}");
    let e = s.refused(t, &["channel", "rules", "Ozon", "--commission", "101"]);
    assert!(
        e.contains("комиссия \"101\": должно быть не больше 100"),
        "{e}"
    );
}

/// Mugs (cost 400, price 1200; 990 on Ozon) and tea (cost 100, price 250) on Ozon (20 %
/// commission, 30 per order) and the till (neither), sold on Mar 2 (Moscow) and once more on
/// Mar 3 after Ozon's commission and the mug's price there changed.
fn margin_shop() -> Shop {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-01T09:00:00Z";
    add_mug(&s, t, &["--supplier", "Gzhel"]);
    s.ok(
        t,
        &[
            "sku",
            "add",
            "TEA",
            "--name",
            "Чай",
            "--cost",
            "100",
            "--price",
            "250",
            "--supplier",
            "Tula",
        ],
    );
    s.ozon_and_till(t);
    let out = s.ok(t, &["sku", "price", "MUG", "--channel", "Ozon", "990"]);
    assert_eq!(out.trim(), "MUG sells on Ozon at 990.00 ₽");
    s.ok(t, &["receive", "MUG", "10"]);
    s.ok(t, &["receive", "TEA", "20"]);
    let d2 = "2026-03-02T09:00:00Z";
    s.ok(d2, &["sell", "MUG", "2", "--channel", "Till"]);
    s.ok(
        d2,
        &[
            "reserve",
            "MUG",
            "3",
            "--channel",
            "Ozon",
            "--order",
            "OZ-1",
        ],
    );
    s.ok(d2, &["ship", "1"]);
    s.ok(
        d2,
        &[
            "reserve",
            "TEA",
            "4",
            "--channel",
            "Ozon",
            "--order",
            "OZ-1",
        ],
    );
    s.ok(d2, &["ship", "2"]);
    let d3 = "2026-03-03T09:00:00Z";
    s.ok(d3, &["channel", "rules", "Ozon", "--commission", "10"]);
    let out = s.ok(d3, &["sku", "price", "MUG", "--channel", "Ozon", "none"]);
    assert_eq!(
        out.trim(),
        "MUG sells on Ozon at its own price again (1200.00 ₽)"
    );
    s.ok(
        d3,
        &[
            "reserve",
            "MUG",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-2",
        ],
    );
    s.ok(d3, &["ship", "3"]);
    s
}

fn row<'a>(r: &'a Value, key: &str) -> &'a Value {
    r["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|x| x["key"] == key))
        .unwrap_or_else(|| panic!("no row {key}: {r}"))
}

#[test]
fn margin_per_channel_keeps_the_money_of_the_day() {
    let mut s = margin_shop();
    let r = s.json(
        LATER,
        &[
            "report",
            "margin",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
        ],
    );
    assert_eq!(
        (r["currency"].as_str(), r["by"].as_str()),
        (Some("RUB"), Some("channel"))
    );
    // Till: 2 mugs x 1200 = 2400, cost 2 x 400 = 800, no commission, no fee: 1600, 800 a unit.
    let till = row(&r, "Till");
    assert_eq!(
        (
            till["units"].as_u64(),
            till["revenue"].as_str(),
            till["margin"].as_str()
        ),
        (Some(2), Some("2400.00"), Some("1600.00"))
    );
    assert_eq!(till["per_unit"], "800.00");
    // Ozon, order OZ-1: 3 mugs x 990 = 2970 and 4 teas x 250 = 1000: revenue 3970; cost
    // 1200 + 400 = 1600; 20 % = 794; one order, one fee of 30: 3970 - 1600 - 794 - 30 = 1546,
    // 1546 / 7 units = 220.857...: 220.85 a unit.
    let ozon = row(&r, "Ozon");
    assert_eq!(ozon["units"], 7);
    assert_eq!(
        (
            ozon["revenue"].as_str(),
            ozon["cost"].as_str(),
            ozon["commission"].as_str()
        ),
        (Some("3970.00"), Some("1600.00"), Some("794.00"))
    );
    assert_eq!(
        (ozon["order_fees"].as_str(), ozon["delivery"].as_str()),
        (Some("30.00"), Some("0.00"))
    );
    assert_eq!(
        (ozon["margin"].as_str(), ozon["per_unit"].as_str()),
        (Some("1546.00"), Some("220.85"))
    );
    assert_eq!(r["rows"][0]["key"], "Till", "most margin first");
    assert_eq!(
        (
            r["total"]["margin"].as_str(),
            r["total"]["revenue"].as_str()
        ),
        (Some("3146.00"), Some("6370.00"))
    );
    // The commission-free till earns 800.00 - 220.85 = 579.15 more per unit.
    assert_eq!(r["comparisons"][0]["better"], "Till");
    assert_eq!(r["comparisons"][0]["more_per_unit"], "579.15");
    let text = s.ok(
        LATER,
        &[
            "report",
            "margin",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
        ],
    );
    assert!(
        text.starts_with("Margin by channel, 2026-03-02 – 2026-03-02"),
        "{text}"
    );
    assert!(
        text.contains("Till earns 579.15 ₽ more per unit than Ozon"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("Total") && l.contains("3146.00 ₽")),
        "{text}"
    );
    // Every sale: Ozon's Mar 3 mug at the price and commission of Mar 3: 1200, cost 400,
    // 10 % = 120, a new order's fee 30: 650 more; Mar 2 stays as it was.
    let all = s.json(LATER, &["report", "margin"]);
    let ozon = row(&all, "Ozon");
    assert_eq!(
        (
            ozon["units"].as_u64(),
            ozon["revenue"].as_str(),
            ozon["commission"].as_str()
        ),
        (Some(8), Some("5170.00"), Some("914.00"))
    );
    assert_eq!(
        (ozon["order_fees"].as_str(), ozon["margin"].as_str()),
        (Some("60.00"), Some("2196.00"))
    );
    // By SKU and by supplier on Mar 2: mugs 1600 + (2970 - 1200 - 594 - 30) = 2746; tea
    // 1000 - 400 - 200 = 400 (the order's fee went with its first line, the mugs).
    let by_sku = s.json(
        LATER,
        &[
            "report",
            "margin",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
            "--by",
            "sku",
        ],
    );
    assert_eq!(
        (
            row(&by_sku, "MUG")["margin"].as_str(),
            row(&by_sku, "TEA")["margin"].as_str()
        ),
        (Some("2746.00"), Some("400.00"))
    );
    assert!(by_sku["comparisons"].as_array().is_some_and(Vec::is_empty));
    let by_sup = s.json(
        LATER,
        &[
            "report",
            "margin",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
            "--by",
            "supplier",
        ],
    );
    assert_eq!(
        (
            row(&by_sup, "Gzhel")["margin"].as_str(),
            row(&by_sup, "Tula")["margin"].as_str()
        ),
        (Some("2746.00"), Some("400.00"))
    );
    s.lang = "ru";
    let text = s.ok(
        LATER,
        &[
            "report",
            "margin",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
        ],
    );
    assert!(
        text.contains("Till приносит на 579.15 ₽ больше с единицы, чем Ozon"),
        "{text}"
    );
    let e = s.refused(LATER, &["report", "margin", "--by", "colour"]);
    assert!(
        e.contains("должно быть одним из: channel, sku, supplier"),
        "{e}"
    );
}

#[test]
fn margin_goes_to_csv_and_xlsx() {
    use calamine::{Reader, Xlsx, open_workbook};
    let s = margin_shop();
    let csv = s.path("margin.csv");
    s.ok(
        LATER,
        &[
            "report",
            "margin",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
            "--out",
            csv.to_str().expect("utf-8"),
        ],
    );
    let body = std::fs::read_to_string(&csv).expect("csv written");
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "channel,units,revenue,cost of goods,commission,order fees,delivery,margin,per unit"
    );
    assert_eq!(
        lines[1],
        "Till,2,2400.00,800.00,0.00,0.00,0.00,1600.00,800.00"
    );
    assert_eq!(
        lines[2],
        "Ozon,7,3970.00,1600.00,794.00,30.00,0.00,1546.00,220.85"
    );
    assert_eq!(
        lines[3],
        "Total,9,6370.00,2400.00,794.00,30.00,0.00,3146.00,349.55"
    );
    let xlsx = s.path("margin.xlsx");
    s.ok(
        LATER,
        &["report", "margin", "--out", xlsx.to_str().expect("utf-8")],
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("a workbook");
    let sheet = wb.worksheet_range("Margin").expect("Margin");
    let first: Vec<String> = sheet
        .rows()
        .nth(1)
        .expect("a row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(first[0], "Ozon", "{first:?}");
    assert_eq!(first[7], "2196", "{first:?}");
    // In Russian: the headings, the total and the sheet in Russian, the amounts as numbers.
    let ru = Shop { lang: "ru", ..s };
    let xlsx_ru = ru.path("margin-ru.xlsx");
    ru.ok(
        LATER,
        &[
            "report",
            "margin",
            "--out",
            xlsx_ru.to_str().expect("utf-8"),
        ],
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx_ru).expect("a workbook");
    let sheet = wb.worksheet_range("Маржа").expect("Маржа");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][0], "канал", "{rows:?}");
    assert_eq!(rows[0][7], "маржа", "{rows:?}");
    assert_eq!(
        rows.last().map(|r| r[0].as_str()),
        Some("Итого"),
        "{rows:?}"
    );
    let s = ru;
    let bad = s.path("margin.txt");
    let e = s.refused(
        LATER,
        &["report", "margin", "--out", bad.to_str().expect("utf-8")],
    );
    assert!(e.contains(".csv или .xlsx"), "{e}");
}

#[test]
fn a_shipment_s_delivery_cost_comes_off_its_margin() {
    let (s, t) = mug_shop();
    s.ok(t, &["channel", "add", "Ozon", "--kind", "marketplace"]);
    s.ok(t, &["receive", "MUG", "5"]);
    s.ok(
        t,
        &[
            "reserve",
            "MUG",
            "2",
            "--channel",
            "Ozon",
            "--order",
            "OZ-9",
        ],
    );
    // A bad cost ships nothing.
    let e = s.refused(t, &["ship", "1", "--delivery-cost=-1"]);
    assert!(e.contains("delivery cost \"-1\""), "{e}");
    let e = s.refused(t, &["ship", "1", "--delivery-cost", "много"]);
    assert!(e.contains("delivery cost"), "{e}");
    let open = s.json(t, &["reservations"]);
    assert_eq!(open.as_array().map(Vec::len), Some(1), "still open: {open}");
    s.ok(t, &["ship", "1", "--delivery-cost", "250,50"]);
    // 2 x 1200 = 2400 - 2 x 400 - 250.50 = 1349.50; 674.75 a unit.
    let r = s.json(LATER, &["report", "margin"]);
    let ozon = row(&r, "Ozon");
    assert_eq!(
        (
            ozon["delivery"].as_str(),
            ozon["margin"].as_str(),
            ozon["per_unit"].as_str()
        ),
        (Some("250.50"), Some("1349.50"), Some("674.75"))
    );
}

/// A kit's sale earns the kit's price, shared among its components in proportion to their own
/// prices, each with its own cost, and the channel's fee once.
#[test]
fn a_kit_sale_earns_the_kits_price_shared_by_its_components() {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-02T09:00:00Z";
    s.ok(
        t,
        &[
            "sku", "add", "TEA", "--name", "Чай", "--price", "300", "--cost", "100",
        ],
    );
    s.ok(
        t,
        &[
            "sku",
            "add",
            "CUP",
            "--name",
            "Чашка",
            "--price",
            "100",
            "--cost",
            "40",
        ],
    );
    s.ok(t, &["receive", "TEA", "10"]);
    s.ok(t, &["receive", "CUP", "10"]);
    s.ok(
        t,
        &[
            "sku",
            "add",
            "GIFT",
            "--name",
            "Набор",
            "--price",
            "1000",
            "--kit",
            "TEA:1,CUP:2",
        ],
    );
    s.ok(t, &["channel", "add", "Till", "--kind", "retail"]);
    s.ok(t, &["channel", "rules", "Till", "--order-fee", "10"]);
    s.ok(t, &["sell", "GIFT", "2", "--channel", "Till"]);
    let r = s.json(LATER, &["report", "margin", "--by", "sku"]);
    // Weights by own price: TEA 300 x 1 = 300, CUP 100 x 2 = 200; the kit's 1000 a kit gives
    // TEA 600 a unit and CUP 400 / 2 = 200 a unit. Two kits: TEA 2 x 600 = 1200, cost 200;
    // CUP 4 x 200 = 800, cost 160; the fee of 10 once, on the first component.
    let tea = row(&r, "TEA");
    assert_eq!(
        (
            tea["units"].as_u64(),
            tea["revenue"].as_str(),
            tea["cost"].as_str()
        ),
        (Some(2), Some("1200.00"), Some("200.00"))
    );
    let cup = row(&r, "CUP");
    assert_eq!(
        (
            cup["units"].as_u64(),
            cup["revenue"].as_str(),
            cup["cost"].as_str()
        ),
        (Some(4), Some("800.00"), Some("160.00"))
    );
    let fees = tea["order_fees"].as_str().unwrap_or("?").to_string()
        + "/"
        + cup["order_fees"].as_str().unwrap_or("?");
    assert_eq!(fees, "10.00/0.00", "{r}");
}

/// A kit's price shared among equal components loses no kopeck: 1.00 over three parts is
/// 0.34 + 0.33 + 0.33, and 1000 kits earn 1000.00.
#[test]
fn a_kits_price_shares_add_up_to_the_price() {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-02T09:00:00Z";
    for code in ["A", "B", "C"] {
        s.ok(t, &["sku", "add", code, "--name", "Часть", "--price", "5"]);
        s.ok(t, &["receive", code, "1000"]);
    }
    s.ok(
        t,
        &[
            "sku",
            "add",
            "KIT",
            "--name",
            "Набор",
            "--price",
            "1.00",
            "--kit",
            "A:1,B:1,C:1",
        ],
    );
    s.ok(t, &["channel", "add", "Till", "--kind", "retail"]);
    s.ok(t, &["sell", "KIT", "1000", "--channel", "Till"]);
    let r = s.json(LATER, &["report", "margin", "--by", "sku"]);
    assert_eq!(r["total"]["revenue"], "1000.00", "{r}");
    assert_eq!(row(&r, "A")["revenue"], "340.00", "{r}");
    assert_eq!(row(&r, "B")["revenue"], "330.00", "{r}");
}

/// Sums past what one figure holds are refused with what to do, never shown wrong.
#[test]
fn a_margin_too_large_to_add_up_is_refused_not_shown_wrong() {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-02T09:00:00Z";
    s.ok(
        t,
        &[
            "sku",
            "add",
            "GOLD",
            "--name",
            "Золото",
            "--price",
            "10000000000",
            "--cost",
            "10000000000",
        ],
    );
    s.ok(t, &["receive", "GOLD", "1000000000"]);
    s.ok(t, &["channel", "add", "Shop", "--kind", "retail"]);
    s.ok(t, &["sell", "GOLD", "1000000000", "--channel", "Shop"]);
    let (code, out, e) = s.run(LATER, &["report", "margin"]);
    assert_eq!(code, 1, "{out}{e}");
    assert!(
        e.contains("look for a price or cost with a typo")
            && e.contains("shorter period (--from, --to)"),
        "{e}"
    );
}

/// A channel's default delivery cost per method comes off a shipment shipped without a cost
/// of its own; a cost given at `ship` wins; a method without a default costs nothing.
#[test]
fn a_default_delivery_cost_per_method_is_used_when_ship_gives_none() {
    let (s, t) = mug_shop();
    s.ok(t, &["channel", "add", "Site", "--kind", "website"]);
    s.ok(t, &["receive", "MUG", "10"]);
    // Bad shapes change nothing.
    for bad in ["courier", "boat=100", "courier=-5", "courier=много"] {
        let e = s.refused(t, &["channel", "rules", "Site", "--delivery-cost", bad]);
        assert!(e.contains("delivery cost"), "{bad}: {e}");
    }
    let out = s.ok(
        t,
        &[
            "channel",
            "rules",
            "Site",
            "--delivery-cost",
            "courier=350",
            "--delivery-cost",
            "cdek=420,50",
        ],
    );
    assert!(
        out.contains("courier 350.00") && out.contains("420.50"),
        "{out}"
    );
    // #1 by courier: the default 350; #2 by courier with its own 100; #3 pickup: nothing.
    for (order, how) in [("S-1", "courier"), ("S-2", "courier"), ("S-3", "pickup")] {
        s.ok(
            t,
            &[
                "reserve",
                "MUG",
                "1",
                "--channel",
                "Site",
                "--order",
                order,
                "--delivery",
                how,
            ],
        );
    }
    s.ok(t, &["ship", "1"]);
    s.ok(t, &["ship", "2", "--delivery-cost", "100"]);
    s.ok(t, &["ship", "3"]);
    // 3 x 1200 - 3 x 400 - (350 + 100 + 0) = 1950.
    let r = s.json(LATER, &["report", "margin"]);
    let site = row(&r, "Site");
    assert_eq!(
        (site["delivery"].as_str(), site["margin"].as_str()),
        (Some("450.00"), Some("1950.00"))
    );
    // `none` removes a default.
    let out = s.ok(
        t,
        &[
            "channel",
            "rules",
            "Site",
            "--delivery-cost",
            "courier=none",
        ],
    );
    assert!(!out.contains("courier 350"), "{out}");
    let ru = Shop { lang: "ru", ..s };
    let out = ru.ok(
        t,
        &["channel", "rules", "Site", "--delivery-cost", "courier=90"],
    );
    assert!(out.contains("доставка за отправку по умолчанию"), "{out}");
}

/// A shop with one SKU, MUG (cost 400.00, price 1200.00), and the instant to act at.
fn mug_shop() -> (Shop, &'static str) {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-01T09:00:00Z";
    add_mug(&s, t, &[]);
    (s, t)
}

/// Adds MUG (cost 400.00, price 1200.00), with more options if given.
fn add_mug(s: &Shop, t: &str, more: &[&str]) {
    let mut args = vec![
        "sku",
        "add",
        "MUG",
        "--name",
        "Кружка",
        "--cost",
        "400",
        "--price",
        "1200",
    ];
    args.extend_from_slice(more);
    s.ok(t, &args);
}
