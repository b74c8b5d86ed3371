//! `stockroom torture`: a hidden writer for the crash tests (tests/crash.rs).
//!
//! It applies random valid receive/reserve/ship/sell/adjust commands through the
//! Inventory API, one durable transaction each, and prints one line per command AFTER
//! `execute` returned Ok, that is after the commit is on disk:
//! `SEQ KIND SKU QTY`. The test kills it at random moments and then checks that every
//! printed seq is in the ledger. It only ever writes to a database of its own making.

use std::io::Write;
use std::path::Path;

use clap::Args;

use crate::domain::{AdjustTo, ChannelKind, Delivery};
use crate::inventory::{
    Applied, Command, Error, InputError, Inventory, InventoryExt, LocalInventory, Outcome, SkuSpec,
};

#[derive(Args, Debug)]
pub struct TortureArgs {
    /// Seed of the random command stream
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this many acknowledged commands [default: run until killed]
    #[arg(long)]
    pub ops: Option<u64>,
}

/// Every SKU the torture writer makes starts with this; it refuses other databases.
pub const PREFIX: &str = "TORTURE-";
const SKUS: u32 = 6;
const CHANNEL: &str = "TortureShop";

fn code(i: u32) -> String {
    format!("{PREFIX}{i}")
}

/// Creates the SKUs and the channel the stream needs, if missing.
fn setup(inv: &LocalInventory) -> Result<(), Error> {
    let rows = inv.sku_list(None, false)?;
    if let Some(foreign) = rows.iter().find(|r| !r.code.starts_with(PREFIX)) {
        return Err(Error::Input(InputError::Path {
            path: inv.store().path().display().to_string(),
            message: format!(
                "holds SKU {} that torture did not make; it only writes to its own databases",
                foreign.code
            ),
        }));
    }
    for i in 0..SKUS {
        if !rows.iter().any(|r| r.code == code(i)) {
            inv.execute(Command::AddSku(SkuSpec {
                code: code(i),
                name: Some(format!("Torture item {i}")),
                ..SkuSpec::default()
            }))?;
        }
    }
    if !inv.channels()?.iter().any(|c| c.name == CHANNEL) {
        inv.execute(Command::AddChannel {
            name: CHANNEL.into(),
            kind: ChannelKind::Retail,
            priority: 1,
        })?;
    }
    Ok(())
}

/// One random command; `None` when its kind has nothing to act on right now.
fn next_command(inv: &LocalInventory, rng: &mut fastrand::Rng) -> Result<Option<Command>, Error> {
    let sku = code(rng.u32(0..SKUS));
    Ok(Some(match rng.u32(0..100) {
        0..=29 => Command::Receive {
            sku,
            qty: rng.u64(1..=20),
            at: None,
            reference: Some(format!("T-{}", rng.u32(..))),
        },
        30..=54 => Command::Reserve {
            sku,
            qty: rng.u64(1..=4),
            channel: CHANNEL.into(),
            order: None,
            at: None,
            delivery: Delivery::default(),
        },
        55..=79 => {
            let open = inv.reservations(None, false)?;
            if open.is_empty() {
                return Ok(None);
            }
            let r = &open[rng.usize(..open.len())];
            let qty = if r.remaining > 1 && rng.bool() {
                Some(rng.u64(1..r.remaining))
            } else {
                None
            };
            Command::Ship {
                id: r.reservation,
                qty,
                tracking: None,
            }
        }
        80..=91 => Command::Sell {
            sku,
            qty: rng.u64(1..=3),
            channel: CHANNEL.into(),
            at: None,
        },
        _ => Command::Adjust {
            sku,
            how: if rng.bool() {
                AdjustTo::By([-3, -2, -1, 1, 2, 3, 4, 5][rng.usize(..8)])
            } else {
                AdjustTo::Set(rng.u64(0..=40))
            },
            reason: "torture".into(),
            at: None,
            reference: None,
        },
    }))
}

/// The line printed for an acknowledged command.
fn ack_line(cmd: &Command, a: &Applied) -> String {
    let (sku, qty) = match &a.outcome {
        Outcome::Moved { sku, qty, .. } => (sku.clone(), *qty),
        Outcome::Reserved(r) => (r.code.clone(), r.qty),
        Outcome::Shipped {
            reservation, qty, ..
        } => (reservation.code.clone(), *qty),
        _ => ("-".to_string(), 0),
    };
    format!("{} {} {} {}", a.seq, cmd.name(), sku, qty)
}

pub fn run(db: &Path, args: TortureArgs) -> Result<i32, Error> {
    // The crash test hangs up on this writer as a dropped SSH link does; a parent started
    // under `nohup` would have it inherit SIGHUP ignored, so take the default back.
    // SAFETY: setting the default disposition of one signal, before any other thread runs.
    unsafe {
        libc::signal(libc::SIGHUP, libc::SIG_DFL);
    }
    let (inv, _) = LocalInventory::open_or_init(db, &crate::identity::current_user())?;
    setup(&inv)?;
    let mut rng = fastrand::Rng::with_seed(args.seed);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    let mut acked = 0u64;
    while args.ops.is_none_or(|n| acked < n) {
        let Some(cmd) = next_command(&inv, &mut rng)? else {
            continue;
        };
        let before = inv.store().begin_read()?;
        let last = crate::store::Reader::last_seq(&before)?;
        drop(before);
        match inv.execute(cmd.clone()) {
            // One command, one ledger entry: anything else would make the test's
            // bookkeeping wrong, so say so loudly.
            Ok(a) if a.seq != last + 1 => {
                eprintln!("torture: {} wrote seq {} after {last}", cmd.name(), a.seq);
                return Ok(1);
            }
            Ok(a) => {
                // Only now is it acknowledged: the commit returned, the data is on disk.
                if writeln!(out, "{}", ack_line(&cmd, &a))
                    .and_then(|_| out.flush())
                    .is_err()
                {
                    return Ok(0);
                }
                acked += 1;
            }
            // Refused by the stock rules (not enough stock), or an adjust to the level it
            // already has: nothing written, nothing acknowledged.
            Err(Error::Refused(_) | Error::Input(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(0)
}
