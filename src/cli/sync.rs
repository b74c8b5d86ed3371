//! `stockroom sync --channel NAME [--dry-run]`: pull a marketplace's orders and push what
//! the channel may show, over its API.

use std::path::Path;

use clap::Args;

use crate::domain::Role;
use crate::i18n::{fill, text};
use crate::inventory::{Error, InputError, InventoryExt, role_allows};
use crate::marketplace::api::Http;
use crate::marketplace::config::{self, ApiKind};
use crate::marketplace::sync::{Report, Sync};

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// The sales channel, by name
    #[arg(long)]
    pub channel: String,
    /// Print the requests it would send (keys masked) and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The channel's marketplace API [default: api = in marketplaces.toml, else from the
    /// channel's name]
    #[arg(long, value_enum)]
    pub api: Option<ApiKind>,
}

pub fn run(db: &Path, config_dir: Option<&Path>, a: SyncArgs, json: bool) -> Result<i32, Error> {
    let dir = crate::config::config_dir(config_dir);
    let api = config::load(dir.as_deref(), &a.channel, a.api, &|k| {
        std::env::var(k).ok()
    })
    .map_err(|e| {
        Error::Input(InputError::Path {
            path: e.place,
            message: e.message,
        })
    })?;
    let inv = super::open(db)?;
    // The channel must exist before anything is sent.
    let channel = inv
        .channels()?
        .into_iter()
        .find(|c| c.name.to_lowercase() == a.channel.to_lowercase())
        .map(|c| c.name)
        .ok_or_else(|| InputError::UnknownChannel(a.channel.clone()))?;
    // A real sync writes orders and what was sent: the owner's to run, checked before
    // anything is sent. A dry run changes nothing.
    let me = inv.whoami()?;
    if !a.dry_run && !me.role.is_some_and(|r| role_allows(r, Role::Owner)) {
        return Err(Error::Forbidden {
            actor: me.name,
            role: me.role,
            needs: Role::Owner,
            action: "sync".into(),
        });
    }
    let http = Http::new(&api.settings);
    let sync = Sync {
        inv: inv.as_ref(),
        channel: &channel,
        api: &api,
        transport: &http,
        sleep: &std::thread::sleep,
        now: crate::inventory::clock::now_ms(),
    };
    let rep = sync.run(a.dry_run)?;
    if json {
        super::print_json(&rep);
    } else {
        print_report(&rep);
    }
    // 3: the sync stopped (as a connection that failed); 1: some items were refused.
    Ok(if rep.error.is_some() {
        3
    } else if rep.ok() {
        0
    } else {
        1
    })
}

fn print_report(rep: &Report) {
    if rep.dry_run {
        println!("{}", text("sync.dry_run"));
        for r in &rep.requests {
            println!();
            print!("{r}");
        }
        return;
    }
    if let Some(s) = &rep.orders {
        println!(
            "{}: {}",
            rep.channel,
            crate::present::outcome_text(&crate::inventory::Outcome::OrdersImported(s.clone()))
        );
    }
    if !rep.orders_skipped.is_empty() {
        eprintln!(
            "{}",
            fill("sync.skipped_orders", &[&rep.orders_skipped.len()])
        );
        for p in &rep.orders_skipped {
            eprintln!("  {}: {}", p.what, p.message);
        }
    }
    println!("{}", fill("sync.pushed", &[&rep.channel, &rep.pushed]));
    if !rep.failed.is_empty() {
        eprintln!("{}", fill("sync.failed_items", &[&rep.failed.len()]));
        for p in &rep.failed {
            eprintln!("  {}: {}", p.what, p.message);
        }
    }
    if let Some(e) = &rep.error {
        eprintln!("stockroom: {}", fill("sync.stopped", &[e]));
    }
}
