//! `stockroom demo`: a realistic small business, made of real movements through the engine.
//!
//! A tea-and-home-goods seller with three locations and seven channels. Every unit in the
//! demo arrived by a receipt and left by a shipment, a till sale, a write-off; `check` verifies it.
//! Its own locations and channels are named in the interface language (marketplaces and
//! messengers keep their names); the main warehouse is the database's default location.

use serde::Serialize;

use crate::domain::{
    AdjustTo, ChannelKind, DefectReason, Delivery, DeliveryMethod, Destination, Millis, Refusal,
    Role,
};
use crate::inventory::engine::{self, Ctx};
use crate::inventory::{Command, LocalInventory, Located, Outcome, Result, SkuSpec};
use crate::store::{Reader, WriteTx};

mod purchases;
mod season;
mod shop_data;
use shop_data::{CHANNELS, Chan, PRODUCTS, garage_location, promised_lead, shop_location};

pub struct DemoSpec {
    pub skus: u32,
    pub days: u32,
    pub seed: u64,
    /// A year of seasonal sales before the simulated days, and two promotions (`stockroom
    /// demo` and the TUI's offer); fixtures that need only the simulated days leave it out.
    pub seasons: bool,
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

/// SKUs set up (added, then stocked) per transaction.
const SETUP_PART: usize = 20_000;

const PACKERS: [&str; 2] = ["olga", "ivan"];

/// A SKU as the generator follows it. Its code is `sku_code` of its index, not kept: a
/// `String` per SKU is about 40 MB at a million SKUs.
struct Item {
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
    let main = {
        let r = store.begin_read()?;
        engine::authorize(&r, &owner, Role::Owner, "demo")?;
        if r.sku_count()? > 0 || r.ledger_len()? > 0 {
            return Err(Refusal::NotEmpty.into());
        }
        main_location(&r)?
    };
    let days = spec.days.max(1) as i64;
    let start_day = now.div_euclid(DAY) - days;
    let mut shop = Shop::new(owner, main, spec.seed);

    // Catalog, locations, channels, users, then the opening stock.
    let setup_ctx = shop.ctx_as_owner(start_day * DAY + 8 * 3_600_000);
    // In transactions of a bounded size: one transaction keeps every page it wrote in
    // memory until it commits, which for a million SKUs was most of a gigabyte. Each part
    // is a durable commit: the pages a part replaces are reused only after one, and with
    // a hundred quick commits the file grew to 1.7 times its size.
    let tx = store.begin_bulk_write()?;
    shop.set_up(&tx, &setup_ctx)?;
    tx.commit()?;
    for part in 0..(spec.skus as usize).div_ceil(SETUP_PART) {
        let tx = store.begin_write()?;
        shop.add_catalog(&tx, &setup_ctx, spec, part * SETUP_PART)?;
        tx.commit()?;
    }
    // The year of sales before the simulated days: its entries come first in the ledger.
    if spec.seasons {
        let tx = store.begin_write()?;
        shop.history(&tx, start_day, now.div_euclid(DAY), spec.seed)?;
        tx.commit()?;
    }
    for part in 0..shop.items.len().div_ceil(SETUP_PART) {
        let tx = store.begin_write()?;
        shop.open_stock(&tx, &setup_ctx, part * SETUP_PART)?;
        tx.commit()?;
    }
    if spec.seasons {
        let tx = store.begin_write()?;
        shop.promotions(&tx, &setup_ctx, now.div_euclid(DAY))?;
        tx.commit()?;
    }
    // Purchase orders to two suppliers: those made before the simulated days now, the rest
    // on their day.
    shop.plan_purchases(start_day, now.div_euclid(DAY), spec.seed);
    let tx = store.begin_write()?;
    shop.make_purchases(&tx, start_day * DAY)?;
    tx.commit()?;

    // Day by day: orders, shipments, till sales, returns, receipts.
    for d in 0..days {
        // Every tenth day durable, so the pages the days replace are reused.
        let tx = if d % 10 == 9 {
            store.begin_write()?
        } else {
            store.begin_bulk_write()?
        };
        shop.live_a_day(&tx, start_day + d, d, days)?;
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
        open_reservations: r.open_reservation_count()?,
    })
}

/// The name of the database's default location: the demo's main warehouse, named as
/// `init` named it (in the language of whoever made the database).
fn main_location(r: &impl Reader) -> Result<String> {
    let id = engine::default_location_id(r)?;
    let locations = r.locations()?;
    Ok(locations
        .iter()
        .find(|l| Some(l.id) == id)
        .or(locations.first())
        .map(|l| l.name.clone())
        .unwrap_or_else(|| engine::DEFAULT_LOCATION_NAME.to_string()))
}

/// The code of the `i`th SKU: every product in its variants (`TEA-GRN-01`), then again in
/// series (`TEA-GRN-01-2`).
fn sku_code(i: usize) -> String {
    let (prefix, _, variants, _, _) = PRODUCTS[i % PRODUCTS.len()];
    let round = i / PRODUCTS.len();
    let series = round / variants.len();
    if series == 0 {
        format!("{prefix}-{:02}", round % variants.len() + 1)
    } else {
        format!("{prefix}-{:02}-{series}", round % variants.len() + 1)
    }
}

/// Runs one command in the demo's transaction, as `ctx`'s user at `ctx`'s time.
fn run(tx: &WriteTx, ctx: &Ctx, cmd: Command) -> Result<Outcome> {
    engine::apply(tx, ctx, &cmd).map(|a| a.outcome)
}

/// A time within the hour `h` of `day`.
fn at(day: i64, h: i64, rng: &mut fastrand::Rng) -> Millis {
    day * DAY + h * 3_600_000 + rng.i64(0..3_600_000)
}

/// The demo shop while it is being made: its random numbers, its SKUs, and the orders
/// and supplier deliveries still on their way.
struct Shop {
    owner: String,
    rng: fastrand::Rng,
    /// The main warehouse (the default location) and the shop.
    main: String,
    shop: &'static str,
    items: Vec<Item>,
    /// (ship on day, reservation id, sku index, qty)
    pending: Vec<(i64, u64, usize, u64)>,
    /// (arrives on day, sku index, qty)
    incoming: Vec<(i64, usize, u64)>,
    /// The last supplier delivery's number (deliveries not on a purchase order).
    po: u32,
    /// The purchase orders the demo makes and receives (`purchases`).
    purchases: Vec<purchases::PlannedPo>,
    /// The last customer order's number.
    order_no: u64,
}

impl Shop {
    fn new(owner: String, main: String, seed: u64) -> Shop {
        Shop {
            owner,
            rng: fastrand::Rng::with_seed(seed),
            main,
            shop: shop_location(),
            items: Vec::new(),
            pending: Vec::new(),
            incoming: Vec::new(),
            po: 1,
            purchases: Vec::new(),
            order_no: 100_000,
        }
    }

    fn ctx_as_owner(&self, now: Millis) -> Ctx {
        Ctx {
            actor: self.owner.clone(),
            now,
        }
    }

    /// Locations, channels, users and the channels' rules.
    fn set_up(&self, tx: &WriteTx, ctx: &Ctx) -> Result<()> {
        for name in [self.shop, garage_location()] {
            run(
                tx,
                ctx,
                Command::AddLocation {
                    name: name.to_string(),
                    default: false,
                },
            )?;
        }
        for (chan, kind, prio, _) in CHANNELS {
            run(
                tx,
                ctx,
                Command::AddChannel {
                    name: chan.name().to_string(),
                    kind: *kind,
                    priority: *prio,
                },
            )?;
        }
        for p in PACKERS {
            run(
                tx,
                ctx,
                Command::AddUser {
                    name: p.to_string(),
                    role: Role::Packer,
                },
            )?;
        }
        run(
            tx,
            ctx,
            Command::AddUser {
                name: "marina".into(),
                role: Role::Counter,
            },
        )?;
        // The rules sellers use: the top marketplace keeps the last units, the till sells
        // from the shop, wholesale never takes the last few, unpaid marketplace holds last 48h.
        let rules =
            |keep: Option<bool>, buffer: Option<u64>, from: Option<&str>, ttl: Option<u64>| {
                crate::inventory::channels::RulesSpec {
                    keep_when_low: keep,
                    buffer,
                    sources: from.map(|l| vec![l.to_string()]),
                    hold_ttl_secs: ttl.map(Some),
                    ..Default::default()
                }
            };
        for (chan, spec) in [
            (Chan::Latorga, rules(Some(true), None, None, None)),
            (Chan::Till, rules(None, None, Some(self.shop), None)),
            (Chan::Wholesale, rules(None, Some(2), None, None)),
        ] {
            run(
                tx,
                ctx,
                Command::ChannelRules {
                    channel: chan.name().into(),
                    rules: spec,
                },
            )?;
        }
        Ok(())
    }

    /// The SKUs: every product in its variants, then again in series (`SETUP_PART` of
    /// them from the `from`th), imported as one file, as a seller adds a catalog: one
    /// command writes them all, its tables opened once.
    fn add_catalog(&mut self, tx: &WriteTx, ctx: &Ctx, spec: &DemoSpec, from: usize) -> Result<()> {
        // Fewer sales per SKU in a big catalog: about a million entries at 100,000 SKUs x
        // 365 days.
        let skus_days = spec.skus.max(1) as f64 * spec.days.max(1) as f64;
        let mean_velocity = (600_000.0 / skus_days).clamp(0.01, 1.2);
        if from == 0 {
            self.items = Vec::with_capacity(spec.skus as usize);
        }
        let rng = &mut self.rng;
        let mut rows = Vec::with_capacity(SETUP_PART);
        let to = (from + SETUP_PART).min(spec.skus as usize) as u32;
        for i in from as u32..to {
            let (_, name, variants, (lo, hi), supplier) = PRODUCTS[i as usize % PRODUCTS.len()];
            let round = i as usize / PRODUCTS.len();
            let variant = variants[round % variants.len()];
            let series = round / variants.len();
            let code = sku_code(i as usize);
            let full_name = if series == 0 {
                format!("{name}, {variant}")
            } else {
                format!("{name}, {variant} (серия {series})")
            };
            // A few best sellers, many slow movers.
            let velocity = mean_velocity * (0.15 + 2.5 * rng.f64().powi(3));
            // A purchase-order supplier's SKUs have the lead time it promises.
            let drawn = [7, 10, 14, 21][rng.usize(0..4)];
            let lead_days = promised_lead(supplier).unwrap_or(drawn);
            let min = (velocity * lead_days as f64).ceil() as u64;
            let safety = (min as f64 * 0.25).ceil() as u64;
            let price = rng.u32(lo..=hi) as i64 * 100;
            let barcode = format!("46{:011}", 10_000_000 + i as u64 * 7 + 3);
            let sku = SkuSpec {
                code,
                name: Some(full_name),
                barcodes: vec![barcode],
                supplier: Some(supplier.to_string()),
                lead_days: Some(lead_days),
                // Half the SKUs have thresholds set by hand; the rest are left to the rule
                // of thumb.
                min_stock: (i % 2 == 0).then_some(min),
                safety_stock: (i % 2 == 0).then_some(safety),
                pack_size: Some([1, 1, 1, 6, 12][rng.usize(0..5)]),
                cost: Some(price * 45 / 100),
                price: Some(price),
                archived: None,
            };
            rows.push(Located {
                line: u64::from(i - from as u32) + 1,
                columns: Vec::new(),
                row: sku,
            });
            let order_qty = ((velocity * 30.0).ceil() as u64).max(5);
            self.items.push(Item {
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
        run(
            tx,
            ctx,
            Command::ImportSkus {
                file: "demo".into(),
                rows,
                stock: Vec::new(),
                kits: Vec::new(),
                dry_run: false,
            },
        )?;
        Ok(())
    }

    /// The opening stock: a month's sales and the reorder point at the main warehouse,
    /// a fifth of it carried to the shop (`SETUP_PART` SKUs from the `from`th).
    /// A receipt of each SKU's opening stock at the main warehouse and a fifth of it moved
    /// to the shop: the entries `receive` and `transfer` write, in bulk.
    fn open_stock(&mut self, tx: &WriteTx, ctx: &Ctx, from: usize) -> Result<()> {
        let mut rows = Vec::with_capacity(SETUP_PART);
        for (i, it) in self
            .items
            .iter_mut()
            .enumerate()
            .skip(from)
            .take(SETUP_PART)
        {
            let q = it.order_qty + it.reorder;
            it.main = q as i64;
            it.main_avail = q as i64;
            let to_shop = (q / 5).max(1).min(q);
            let on = if to_shop < q { to_shop } else { 0 };
            it.main -= on as i64;
            it.main_avail -= on as i64;
            it.shop += on as i64;
            rows.push((sku_code(i), q, on));
        }
        crate::inventory::movements::receive_and_transfer_many(
            tx, ctx, &self.main, self.shop, "OPENING", &rows,
        )
    }

    /// One day of `days` (`d` of them done): purchase orders made and received, receipts,
    /// shipments, new orders and till sales, a damaged unit now and then, a monthly count
    /// correction.
    fn live_a_day(&mut self, tx: &WriteTx, day: i64, d: i64, days: i64) -> Result<()> {
        self.purchases_of_day(tx, day)?;
        self.receive_due(tx, day)?;
        self.ship_due(tx, day)?;
        self.take_orders(tx, day, d, days)?;
        self.find_damage(tx, day)?;
        self.correct_by_count(tx, day, d)
    }

    /// Receipts of the supplier orders due today.
    fn receive_due(&mut self, tx: &WriteTx, day: i64) -> Result<()> {
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.incoming)
            .into_iter()
            .partition(|(dd, _, _)| *dd <= day);
        self.incoming = later;
        for (_, i, q) in due {
            let now = at(day, 9, &mut self.rng);
            let ctx = self.ctx_as_owner(now);
            self.po += 1;
            let it = &mut self.items[i];
            it.on_order = it.on_order.saturating_sub(q);
            run(
                tx,
                &ctx,
                Command::Receive {
                    sku: sku_code(i),
                    qty: q,
                    at: None,
                    reference: Some(format!("PO-{:04}", self.po)),
                },
            )?;
            it.main += q as i64;
            it.main_avail += q as i64;
        }
        Ok(())
    }

    /// Shipments of earlier orders (packers work from 10 to 17); a few are cancelled, a
    /// few come back.
    fn ship_due(&mut self, tx: &WriteTx, day: i64) -> Result<()> {
        let (ship_now, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|(sd, _, _, _)| *sd <= day);
        self.pending = keep;
        for (_, id, i, q) in ship_now {
            let rng = &mut self.rng;
            let ctx = Ctx {
                actor: PACKERS[rng.usize(0..2)].into(),
                now: at(day, 10 + rng.i64(0..7), rng),
            };
            if self.rng.u32(0..100) < 4 {
                run(
                    tx,
                    &ctx,
                    Command::Release {
                        id,
                        reason: Some("покупатель отменил заказ".into()),
                    },
                )?;
                self.items[i].main_avail += q as i64;
                continue;
            }
            let shipped = run(
                tx,
                &ctx,
                Command::Ship {
                    id,
                    qty: None,
                    tracking: Some(format!("CDEK{}", 1_000_000_000 + id)),
                },
            )?;
            self.items[i].main -= q as i64;
            // Some come back, against the order they were shipped on.
            if self.rng.u32(0..100) < 3 {
                self.take_return(tx, &ctx, i, shipped)?;
            }
        }
        Ok(())
    }

    /// One unit of a shipment comes back: to the shelf, or defective.
    fn take_return(&mut self, tx: &WriteTx, ctx: &Ctx, i: usize, shipped: Outcome) -> Result<()> {
        // Drawn as before, so the same seed still builds the same shop.
        let _ = self.rng.usize(0..3);
        let (ch, order) = match shipped {
            Outcome::Shipped { reservation, .. } => (reservation.channel, reservation.order),
            _ => return Ok(()),
        };
        let defect = match self.rng.u32(0..3) {
            0 => None,
            1 => Some(DefectReason::ShippingDamage),
            _ => Some([DefectReason::Manufacturing, DefectReason::Packaging][self.rng.usize(0..2)]),
        };
        let rctx = Ctx {
            actor: ctx.actor.clone(),
            now: ctx.now + 3 * DAY.min(3_600_000),
        };
        run(
            tx,
            &rctx,
            Command::Return {
                sku: sku_code(i),
                qty: 1,
                channel: ch,
                defect,
                at: None,
                order: Some(order),
                note: None,
            },
        )?;
        if defect.is_none() {
            self.items[i].main += 1;
            self.items[i].main_avail += 1;
        }
        Ok(())
    }

    /// New orders and till sales for every SKU, then the shop refilled and the supplier
    /// asked for more. The last weeks are left to run low, so the alerts have something
    /// to say.
    fn take_orders(&mut self, tx: &WriteTx, day: i64, d: i64, days: i64) -> Result<()> {
        let weekday_boost = if (day + 4).rem_euclid(7) >= 5 {
            1.3
        } else {
            1.0
        };
        for i in 0..self.items.len() {
            let lambda = self.items[i].velocity * weekday_boost;
            let mut n = lambda.floor() as u64;
            if self.rng.f64() < lambda.fract() {
                n += 1;
            }
            for _ in 0..n {
                self.one_order(tx, day, i)?;
            }
            self.refill_shop(tx, day, i)?;
            let quiet = d > days - 10 && i % 7 == 0;
            let it = &mut self.items[i];
            if !quiet && it.on_order == 0 && it.main_avail + it.shop <= it.reorder as i64 {
                self.incoming
                    .push((day + it.lead_days as i64, i, it.order_qty));
                it.on_order += it.order_qty;
            }
        }
        Ok(())
    }

    /// One customer: a sale at the till from the shop, or an order on a channel reserved
    /// at the main warehouse (none when too little is left).
    fn one_order(&mut self, tx: &WriteTx, day: i64, i: usize) -> Result<()> {
        let total_share: u32 = CHANNELS.iter().map(|c| c.3).sum();
        let rng = &mut self.rng;
        let mut pickc = rng.u32(0..total_share);
        let mut chan = CHANNELS[0];
        for c in CHANNELS {
            if pickc < c.3 {
                chan = *c;
                break;
            }
            pickc -= c.3;
        }
        let q = if chan.0 == Chan::Wholesale {
            rng.u64(3..=10)
        } else {
            1
        };
        let h = 9 + rng.i64(0..12);
        let it = &mut self.items[i];
        if chan.1 == ChannelKind::Retail {
            if it.shop >= q as i64 {
                let ctx = Ctx {
                    actor: "ivan".into(),
                    now: at(day, h, rng),
                };
                run(
                    tx,
                    &ctx,
                    Command::Sell {
                        sku: sku_code(i),
                        qty: q,
                        channel: chan.0.name().into(),
                        at: Some(self.shop.into()),
                    },
                )?;
                it.shop -= q as i64;
            }
            return Ok(());
        }
        if it.main_avail < q as i64 {
            return Ok(());
        }
        self.order_no += 1;
        let ctx = Ctx {
            actor: self.owner.clone(),
            now: at(day, h, rng),
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
        let out = run(
            tx,
            &ctx,
            Command::Reserve {
                sku: sku_code(i),
                qty: q,
                channel: chan.0.name().into(),
                order: Some(format!("{}-{}", chan.0.order_prefix(), self.order_no)),
                at: Some(self.main.clone()),
                delivery,
            },
        )?;
        if let Outcome::Reserved(r) = out {
            it.main_avail -= q as i64;
            self.pending
                .push((day + rng.i64(0..3), r.reservation, i, q));
        }
        Ok(())
    }

    /// The shop runs low: a quarter of what the main warehouse has free goes there.
    fn refill_shop(&mut self, tx: &WriteTx, day: i64, i: usize) -> Result<()> {
        let it = &mut self.items[i];
        if it.shop < 2 && it.main_avail > 6 {
            let q = (it.main_avail / 4).max(1) as u64;
            let ctx = Ctx {
                actor: "olga".into(),
                now: at(day, 18, &mut self.rng),
            };
            run(
                tx,
                &ctx,
                Command::Transfer {
                    sku: sku_code(i),
                    qty: q,
                    from: self.main.clone(),
                    to: self.shop.into(),
                },
            )?;
            it.main -= q as i64;
            it.main_avail -= q as i64;
            it.shop += q as i64;
        }
        Ok(())
    }

    /// Now and then a unit is found damaged on the shelf.
    fn find_damage(&mut self, tx: &WriteTx, day: i64) -> Result<()> {
        if self.items.is_empty() || self.rng.u32(0..100) >= 20 {
            return Ok(());
        }
        let i = self.rng.usize(0..self.items.len());
        if self.items[i].main_avail > 0 {
            let ctx = Ctx {
                actor: "olga".into(),
                now: at(day, 12, &mut self.rng),
            };
            run(
                tx,
                &ctx,
                Command::Defect {
                    sku: sku_code(i),
                    qty: 1,
                    reason: DefectReason::Packaging,
                    at: None,
                    note: Some("мятая упаковка".into()),
                },
            )?;
            self.items[i].main -= 1;
            self.items[i].main_avail -= 1;
        }
        Ok(())
    }

    /// A monthly count correction at the shop: one unit missing.
    fn correct_by_count(&mut self, tx: &WriteTx, day: i64, d: i64) -> Result<()> {
        if d % 30 != 29 || self.items.is_empty() {
            return Ok(());
        }
        let i = self.rng.usize(0..self.items.len());
        if self.items[i].shop > 0 {
            let now = at(day, 20, &mut self.rng);
            let ctx = self.ctx_as_owner(now);
            let res = run(
                tx,
                &ctx,
                Command::Adjust {
                    sku: sku_code(i),
                    how: AdjustTo::By(-1),
                    reason: "пересчёт: недостача".into(),
                    at: Some(self.shop.into()),
                    reference: None,
                },
            );
            if res.is_ok() {
                self.items[i].shop -= 1;
            }
        }
        Ok(())
    }
}
