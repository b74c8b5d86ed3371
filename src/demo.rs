//! `stockroom demo`: a realistic small business, made of real movements through the engine.
//!
//! A tea-and-home-goods seller with three locations and seven channels. Every unit in the
//! demo arrived by a receipt and left by a shipment, a till sale, a write-off; `check` verifies it.

use serde::Serialize;

use crate::domain::{
    AdjustTo, ChannelKind, DefectReason, Delivery, DeliveryMethod, Destination, Millis, Refusal,
    Role,
};
use crate::inventory::engine::{self, Ctx};
use crate::inventory::{Command, LocalInventory, Outcome, Result, SkuSpec};
use crate::store::Reader;

pub struct DemoSpec {
    pub skus: u32,
    pub days: u32,
    pub seed: u64,
}

#[derive(Debug, Serialize)]
pub struct DemoStats {
    pub skus: u64,
    pub locations: usize,
    pub channels: usize,
    pub ledger_entries: u64,
    pub open_reservations: u64,
}

const DAY: i64 = 86_400_000;

/// (code prefix, Russian name, variants, price range in roubles, supplier)
type Product = (
    &'static str,
    &'static str,
    &'static [&'static str],
    (u32, u32),
    &'static str,
);

const PRODUCTS: &[Product] = &[
    (
        "TEA-GRN",
        "Чай зелёный «Сенча»",
        &["50 г", "100 г", "250 г"],
        (190, 690),
        "ООО Чайный двор",
    ),
    (
        "TEA-BLK",
        "Чай чёрный цейлонский",
        &["100 г", "250 г", "500 г"],
        (150, 590),
        "ООО Чайный двор",
    ),
    (
        "TEA-PUER",
        "Пуэр шу, блин",
        &["100 г", "357 г"],
        (890, 2490),
        "ИП Ли Вэй",
    ),
    (
        "TEA-OOL",
        "Улун молочный",
        &["50 г", "100 г"],
        (320, 790),
        "ИП Ли Вэй",
    ),
    (
        "TEA-HERB",
        "Иван-чай ферментированный",
        &["50 г", "100 г", "200 г"],
        (180, 450),
        "Фермерское хозяйство «Вологда»",
    ),
    (
        "COF-ARB",
        "Кофе арабика в зёрнах",
        &["250 г", "1 кг"],
        (490, 1890),
        "ООО Кофейня Опт",
    ),
    (
        "HONEY",
        "Мёд липовый",
        &["250 г", "500 г", "1 кг"],
        (350, 1100),
        "Пасека Алтай",
    ),
    (
        "HONEY-BUCK",
        "Мёд гречишный",
        &["250 г", "500 г"],
        (320, 790),
        "Пасека Алтай",
    ),
    (
        "JAM",
        "Варенье из морошки",
        &["250 мл", "500 мл"],
        (450, 890),
        "Северные ягоды",
    ),
    (
        "CUP-CER",
        "Чашка керамическая",
        &["белая", "синяя", "зелёная"],
        (290, 490),
        "Гжель-Опт",
    ),
    (
        "TEAPOT",
        "Чайник заварочный стеклянный",
        &["600 мл", "1 л"],
        (690, 1290),
        "Гжель-Опт",
    ),
    (
        "SPOON-WOOD",
        "Ложка деревянная хохлома",
        &["S", "M", "L"],
        (150, 390),
        "Хохломская роспись",
    ),
    (
        "TRAY-KHOKH",
        "Поднос хохлома",
        &["30 см", "40 см"],
        (890, 1590),
        "Хохломская роспись",
    ),
    (
        "SCARF-PAVL",
        "Платок павлопосадский",
        &["01", "02", "03", "04"],
        (2900, 6900),
        "Павловопосадская мануфактура",
    ),
    (
        "TSHIRT",
        "Футболка «Самовар»",
        &["S", "M", "L", "XL"],
        (990, 1490),
        "ТексПринт",
    ),
    (
        "SAMOVAR",
        "Самовар электрический",
        &["3 л", "5 л"],
        (4900, 8900),
        "Тульский самовар",
    ),
    (
        "CANDLE",
        "Свеча ароматическая «Хвоя»",
        &["мал.", "бол."],
        (350, 790),
        "Свечной двор",
    ),
    (
        "GINGER",
        "Пряник тульский",
        &["140 г", "350 г"],
        (190, 420),
        "Тульский пряник",
    ),
    (
        "BAG-LINEN",
        "Сумка льняная",
        &["натуральная", "синяя"],
        (690, 1190),
        "Лён Костромы",
    ),
    (
        "NOTE",
        "Блокнот «Берёста»",
        &["A6", "A5"],
        (290, 590),
        "ТексПринт",
    ),
];

const CHANNELS: &[(&str, ChannelKind, u32, u32)] = &[
    // name, kind, priority, share of demand in per mille
    ("Latorga.ru", ChannelKind::Marketplace, 1, 300),
    ("Ozon", ChannelKind::Marketplace, 2, 250),
    ("Wildberries", ChannelKind::Marketplace, 3, 200),
    ("Shop till", ChannelKind::Retail, 1, 100),
    ("Website", ChannelKind::Website, 4, 80),
    ("Telegram", ChannelKind::Messenger, 5, 45),
    ("Wholesale", ChannelKind::Wholesale, 6, 25),
];

pub const LOCATIONS: [&str; 3] = ["Main warehouse", "Shop", "Garage shelf"];
const PACKERS: [&str; 2] = ["olga", "ivan"];

struct Item {
    code: String,
    velocity: f64,
    lead_days: u32,
    reorder: u64,
    order_qty: u64,
    main: i64,
    shop: i64,
    /// On-hand at Main not yet promised (mirrors the engine, saves a read per decision).
    main_avail: i64,
    /// Ordered from the supplier, not yet arrived.
    on_order: u64,
}

/// Fills an empty database. Refuses a database that has any SKU or ledger entry.
pub fn generate(inv: &LocalInventory, spec: &DemoSpec) -> Result<DemoStats> {
    let now = crate::inventory::clock::now_ms();
    generate_at(inv, spec, now)
}

/// As `generate`, calling `on_day(days done, days)` after each simulated day (progress).
pub fn generate_with(
    inv: &LocalInventory,
    spec: &DemoSpec,
    on_day: &mut dyn FnMut(u64, u64),
) -> Result<DemoStats> {
    let now = crate::inventory::clock::now_ms();
    generate_at_with(inv, spec, now, on_day)
}

/// As `generate`, with "now" given, so tests get the same database every time.
pub fn generate_at(inv: &LocalInventory, spec: &DemoSpec, now: Millis) -> Result<DemoStats> {
    generate_at_with(inv, spec, now, &mut |_, _| {})
}

/// As `generate_at`, with progress: `stockroom demo --as-of DATE` lands here.
pub fn generate_at_with(
    inv: &LocalInventory,
    spec: &DemoSpec,
    now: Millis,
    on_day: &mut dyn FnMut(u64, u64),
) -> Result<DemoStats> {
    let store = inv.store();
    let owner = inv.actor().to_string();
    {
        let r = store.begin_read()?;
        engine::authorize(&r, &owner, Role::Owner, "demo")?;
        if r.sku_count()? > 0 || r.ledger_len()? > 0 {
            return Err(Refusal::NotEmpty.into());
        }
    }
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let days = spec.days.max(1) as i64;
    let start_day = now.div_euclid(DAY) - days;
    let setup_ctx = Ctx {
        actor: owner.clone(),
        now: start_day * DAY + 8 * 3_600_000,
    };

    // Catalog, locations, channels, users.
    let tx = store.begin_bulk_write()?;
    let run = |tx: &crate::store::WriteTx, ctx: &Ctx, cmd: Command| -> Result<Outcome> {
        engine::apply(tx, ctx, &cmd).map(|a| a.outcome)
    };
    for name in &LOCATIONS[1..] {
        run(
            &tx,
            &setup_ctx,
            Command::AddLocation {
                name: name.to_string(),
                default: false,
            },
        )?;
    }
    for (name, kind, prio, _) in CHANNELS {
        run(
            &tx,
            &setup_ctx,
            Command::AddChannel {
                name: name.to_string(),
                kind: *kind,
                priority: *prio,
            },
        )?;
    }
    for p in PACKERS {
        run(
            &tx,
            &setup_ctx,
            Command::AddUser {
                name: p.to_string(),
                role: Role::Packer,
            },
        )?;
    }
    run(
        &tx,
        &setup_ctx,
        Command::AddUser {
            name: "marina".into(),
            role: Role::Counter,
        },
    )?;
    // The rules sellers use: the top marketplace keeps the last units, the till sells
    // from the shop, wholesale never takes the last few, unpaid marketplace holds last 48h.
    let rules = |keep: Option<bool>, buffer: Option<u64>, from: Option<&str>, ttl: Option<u64>| {
        crate::inventory::channels::RulesSpec {
            keep_when_low: keep,
            buffer,
            sources: from.map(|l| vec![l.to_string()]),
            hold_ttl_secs: ttl.map(Some),
            ..Default::default()
        }
    };
    for (channel, spec) in [
        ("Latorga.ru", rules(Some(true), None, None, None)),
        ("Shop till", rules(None, None, Some(LOCATIONS[1]), None)),
        ("Wholesale", rules(None, Some(2), None, None)),
    ] {
        run(
            &tx,
            &setup_ctx,
            Command::ChannelRules {
                channel: channel.into(),
                rules: spec,
            },
        )?;
    }

    // Fewer sales per SKU in a big catalog: about a million entries at 100,000 SKUs x 365 days.
    let skus_days = spec.skus.max(1) as f64 * spec.days.max(1) as f64;
    let mean_velocity = (600_000.0 / skus_days).clamp(0.01, 1.2);
    let mut items = Vec::with_capacity(spec.skus as usize);
    for i in 0..spec.skus {
        let (prefix, name, variants, (lo, hi), supplier) = PRODUCTS[i as usize % PRODUCTS.len()];
        let round = i as usize / PRODUCTS.len();
        let variant = variants[round % variants.len()];
        let series = round / variants.len();
        let code = if series == 0 {
            format!("{prefix}-{:02}", round % variants.len() + 1)
        } else {
            format!("{prefix}-{:02}-{series}", round % variants.len() + 1)
        };
        let full_name = if series == 0 {
            format!("{name}, {variant}")
        } else {
            format!("{name}, {variant} (серия {series})")
        };
        // A few best sellers, many slow movers.
        let velocity = mean_velocity * (0.15 + 2.5 * rng.f64().powi(3));
        let lead_days = [7, 10, 14, 21][rng.usize(0..4)];
        let min = (velocity * lead_days as f64).ceil() as u64;
        let safety = (min as f64 * 0.25).ceil() as u64;
        let price = rng.u32(lo..=hi) as i64 * 100;
        let barcode = format!("46{:011}", 10_000_000 + i as u64 * 7 + 3);
        let sku = SkuSpec {
            code: code.clone(),
            name: Some(full_name),
            barcodes: vec![barcode],
            supplier: Some(supplier.to_string()),
            lead_days: Some(lead_days),
            // Half the SKUs have thresholds set by hand; the rest are left to the rule of thumb.
            min_stock: (i % 2 == 0).then_some(min),
            safety_stock: (i % 2 == 0).then_some(safety),
            pack_size: Some([1, 1, 1, 6, 12][rng.usize(0..5)]),
            cost: Some(price * 45 / 100),
            price: Some(price),
        };
        run(&tx, &setup_ctx, Command::AddSku(sku))?;
        let order_qty = ((velocity * 30.0).ceil() as u64).max(5);
        items.push(Item {
            code,
            velocity,
            lead_days,
            reorder: min + safety,
            order_qty,
            main: 0,
            shop: 0,
            main_avail: 0,
            on_order: 0,
        });
    }
    // Opening stock.
    for it in items.iter_mut() {
        let q = it.order_qty + it.reorder;
        run(
            &tx,
            &setup_ctx,
            Command::Receive {
                sku: it.code.clone(),
                qty: q,
                at: None,
                reference: Some("PO-0001".into()),
            },
        )?;
        it.main = q as i64;
        it.main_avail = q as i64;
        let to_shop = (q / 5).max(1).min(q);
        if to_shop < q {
            run(
                &tx,
                &setup_ctx,
                Command::Transfer {
                    sku: it.code.clone(),
                    qty: to_shop,
                    from: LOCATIONS[0].into(),
                    to: LOCATIONS[1].into(),
                },
            )?;
            it.main -= to_shop as i64;
            it.main_avail -= to_shop as i64;
            it.shop += to_shop as i64;
        }
    }
    tx.commit()?;

    // Day by day: orders, shipments, till sales, returns, receipts.
    let total_share: u32 = CHANNELS.iter().map(|c| c.3).sum();
    // (ship on day, reservation id, sku index, qty)
    let mut pending: Vec<(i64, u64, usize, u64)> = Vec::new();
    let mut incoming: Vec<(i64, usize, u64)> = Vec::new();
    let mut po = 1u32;
    let mut order_no = 100_000u64;
    for d in 0..days {
        let day = start_day + d;
        let tx = store.begin_bulk_write()?;
        let at =
            |h: i64, rng: &mut fastrand::Rng| day * DAY + h * 3_600_000 + rng.i64(0..3_600_000);
        // Receipts due today.
        let (due, later): (Vec<_>, Vec<_>) =
            incoming.into_iter().partition(|(dd, _, _)| *dd <= day);
        incoming = later;
        for (_, i, q) in due {
            let ctx = Ctx {
                actor: owner.clone(),
                now: at(9, &mut rng),
            };
            po += 1;
            let it = &mut items[i];
            it.on_order = it.on_order.saturating_sub(q);
            run(
                &tx,
                &ctx,
                Command::Receive {
                    sku: it.code.clone(),
                    qty: q,
                    at: None,
                    reference: Some(format!("PO-{po:04}")),
                },
            )?;
            it.main += q as i64;
            it.main_avail += q as i64;
        }
        // Shipments of earlier orders (packers work from 10 to 17).
        let (ship_now, keep): (Vec<_>, Vec<_>) =
            pending.into_iter().partition(|(sd, _, _, _)| *sd <= day);
        pending = keep;
        for (_, id, i, q) in ship_now {
            let ctx = Ctx {
                actor: PACKERS[rng.usize(0..2)].into(),
                now: at(10 + rng.i64(0..7), &mut rng),
            };
            if rng.u32(0..100) < 4 {
                run(
                    &tx,
                    &ctx,
                    Command::Release {
                        id,
                        reason: Some("покупатель отменил заказ".into()),
                    },
                )?;
                items[i].main_avail += q as i64;
                continue;
            }
            let shipped = run(
                &tx,
                &ctx,
                Command::Ship {
                    id,
                    qty: None,
                    tracking: Some(format!("CDEK{}", 1_000_000_000 + id)),
                },
            )?;
            items[i].main -= q as i64;
            // Some come back, against the order they were shipped on.
            if rng.u32(0..100) < 3 {
                // Drawn as before, so the same seed still builds the same shop.
                let _ = rng.usize(0..3);
                let (ch, order) = match shipped {
                    Outcome::Shipped { reservation, .. } => {
                        (reservation.channel, reservation.order)
                    }
                    _ => continue,
                };
                let defect = match rng.u32(0..3) {
                    0 => None,
                    1 => Some(DefectReason::ShippingDamage),
                    _ => Some(
                        [DefectReason::Manufacturing, DefectReason::Packaging][rng.usize(0..2)],
                    ),
                };
                let rctx = Ctx {
                    actor: ctx.actor.clone(),
                    now: ctx.now + 3 * DAY.min(3_600_000),
                };
                run(
                    &tx,
                    &rctx,
                    Command::Return {
                        sku: items[i].code.clone(),
                        qty: 1,
                        channel: ch,
                        defect,
                        at: None,
                        order: Some(order),
                        note: None,
                    },
                )?;
                if defect.is_none() {
                    items[i].main += 1;
                    items[i].main_avail += 1;
                }
            }
        }
        // New orders and till sales.
        let weekday_boost = if (day + 4).rem_euclid(7) >= 5 {
            1.3
        } else {
            1.0
        };
        for (i, it) in items.iter_mut().enumerate() {
            let lambda = it.velocity * weekday_boost;
            let mut n = lambda.floor() as u64;
            if rng.f64() < lambda.fract() {
                n += 1;
            }
            for _ in 0..n {
                let mut pickc = rng.u32(0..total_share);
                let mut chan = CHANNELS[0];
                for c in CHANNELS {
                    if pickc < c.3 {
                        chan = *c;
                        break;
                    }
                    pickc -= c.3;
                }
                let q = if chan.0 == "Wholesale" {
                    rng.u64(3..=10)
                } else {
                    1
                };
                let h = 9 + rng.i64(0..12);
                if chan.1 == ChannelKind::Retail {
                    if it.shop >= q as i64 {
                        let ctx = Ctx {
                            actor: "ivan".into(),
                            now: at(h, &mut rng),
                        };
                        run(
                            &tx,
                            &ctx,
                            Command::Sell {
                                sku: it.code.clone(),
                                qty: q,
                                channel: chan.0.into(),
                                at: Some(LOCATIONS[1].into()),
                            },
                        )?;
                        it.shop -= q as i64;
                    }
                    continue;
                }
                if it.main_avail < q as i64 {
                    continue;
                }
                order_no += 1;
                let ctx = Ctx {
                    actor: owner.clone(),
                    now: at(h, &mut rng),
                };
                let delivery = Delivery {
                    method: Some(DeliveryMethod::ALL[rng.usize(0..4)]),
                    destination: Some(if rng.bool() {
                        Destination::Door
                    } else {
                        Destination::PickupPoint
                    }),
                    address: None,
                };
                let prefix = match chan.0 {
                    "Latorga.ru" => "LT",
                    "Ozon" => "OZ",
                    "Wildberries" => "WB",
                    "Website" => "WEB",
                    "Telegram" => "TG",
                    _ => "OPT",
                };
                let out = run(
                    &tx,
                    &ctx,
                    Command::Reserve {
                        sku: it.code.clone(),
                        qty: q,
                        channel: chan.0.into(),
                        order: Some(format!("{prefix}-{order_no}")),
                        at: Some(LOCATIONS[0].into()),
                        delivery,
                    },
                )?;
                if let Outcome::Reserved(r) = out {
                    it.main_avail -= q as i64;
                    pending.push((day + rng.i64(0..3), r.reservation, i, q));
                }
            }
            // Refill the shop from the warehouse, reorder from the supplier.
            if it.shop < 2 && it.main_avail > 6 {
                let q = (it.main_avail / 4).max(1) as u64;
                let ctx = Ctx {
                    actor: "olga".into(),
                    now: at(18, &mut rng),
                };
                run(
                    &tx,
                    &ctx,
                    Command::Transfer {
                        sku: it.code.clone(),
                        qty: q,
                        from: LOCATIONS[0].into(),
                        to: LOCATIONS[1].into(),
                    },
                )?;
                it.main -= q as i64;
                it.main_avail -= q as i64;
                it.shop += q as i64;
            }
            // The last weeks are left to run low, so the alerts have something to say.
            let quiet = d > days - 10 && i % 7 == 0;
            if !quiet && it.on_order == 0 && it.main_avail + it.shop <= it.reorder as i64 {
                incoming.push((day + it.lead_days as i64, i, it.order_qty));
                it.on_order += it.order_qty;
            }
        }
        // Now and then a unit is found damaged on the shelf.
        if !items.is_empty() && rng.u32(0..100) < 20 {
            let i = rng.usize(0..items.len());
            if items[i].main_avail > 0 {
                let ctx = Ctx {
                    actor: "olga".into(),
                    now: at(12, &mut rng),
                };
                run(
                    &tx,
                    &ctx,
                    Command::Defect {
                        sku: items[i].code.clone(),
                        qty: 1,
                        reason: DefectReason::Packaging,
                        at: None,
                        note: Some("мятая упаковка".into()),
                    },
                )?;
                items[i].main -= 1;
                items[i].main_avail -= 1;
            }
        }
        // A monthly count correction.
        if d % 30 == 29 && !items.is_empty() {
            let i = rng.usize(0..items.len());
            if items[i].shop > 0 && items[i].shop as u64 > 0 {
                let ctx = Ctx {
                    actor: owner.clone(),
                    now: at(20, &mut rng),
                };
                let res = run(
                    &tx,
                    &ctx,
                    Command::Adjust {
                        sku: items[i].code.clone(),
                        how: AdjustTo::By(-1),
                        reason: "пересчёт: недостача".into(),
                        at: Some(LOCATIONS[1].into()),
                        reference: None,
                    },
                );
                if res.is_ok() {
                    items[i].shop -= 1;
                }
            }
        }
        tx.commit()?;
        on_day(d as u64 + 1, days as u64);
    }
    // One durable commit makes the bulk commits durable.
    let tx = store.begin_write()?;
    tx.set_meta("demo_seed", &spec.seed.to_le_bytes())?;
    tx.commit()?;
    let r = store.begin_read()?;
    Ok(DemoStats {
        skus: r.sku_count()?,
        locations: r.locations()?.len(),
        channels: r.channels()?.len(),
        ledger_entries: r.ledger_len()?,
        open_reservations: r.open_reservations()?.len() as u64,
    })
}
