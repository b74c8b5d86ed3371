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
    /// The channel's marketplace API [default: the channel's profile (ozon, wildberries), else
    /// api = in marketplaces.toml, else from the channel's name]
    #[arg(long, value_enum)]
    pub api: Option<ApiKind>,
}

pub fn run(db: &Path, config_dir: Option<&Path>, a: SyncArgs, json: bool) -> Result<i32, Error> {
    let dir = crate::config::config_dir(config_dir);
    let inv = super::open(db)?;
    let kind = a.api.or_else(|| profile_api(inv.as_ref(), &a.channel));
    let api = config::load(dir.as_deref(), &a.channel, kind, &|k| std::env::var(k).ok()).map_err(
        |e| {
            Error::Input(InputError::Path {
                path: e.place,
                message: e.message,
            })
        },
    )?;
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

pub(crate) fn print_report(rep: &Report) {
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

/// The longest pause `serve --sync-every` takes.
const MAX_SYNC_EVERY_SECS: u64 = 7 * 86_400;

/// `serve --sync-every`: checks the period, then syncs every channel that has API keys
/// that often, on a thread of its own, through the server like any client. A channel
/// without keys is passed over; what each round did goes to stderr.
pub fn every(db: &Path, config_dir: Option<&Path>, every: &str) -> Result<(), Error> {
    let secs = match super::to_command::parse_duration(every) {
        Some(s) if (1..=MAX_SYNC_EVERY_SECS).contains(&s) => s,
        _ => {
            return Err(Error::Input(InputError::Path {
                path: format!("--sync-every {}", crate::domain::limits::echo(every)),
                message: text("sync.every_range").to_string(),
            }));
        }
    };
    let db = db.to_path_buf();
    let dir = crate::config::config_dir(config_dir);
    std::thread::spawn(move || {
        let mut said = Said::default();
        said.file(config::check_file(dir.as_deref()).err());
        loop {
            std::thread::sleep(std::time::Duration::from_secs(secs));
            round(&db, dir.as_deref(), &mut said);
        }
    });
    Ok(())
}

/// The refusals of the keys file (and of channels' settings) last said in the server's log,
/// so each is said once, at start and when it changes, not every round.
#[derive(Default)]
struct Said {
    file: Option<String>,
    channels: std::collections::HashMap<String, String>,
}

impl Said {
    /// The keys file's refusal now (None: it is fine); says it if it changed.
    fn file(&mut self, e: Option<config::ConfigError>) -> bool {
        let now = e.map(|e| e.to_string());
        if now != self.file {
            match &now {
                Some(m) => eprintln!("stockroom: {}", fill("sync.serve_refused", &[m])),
                None => eprintln!("stockroom: {}", text("sync.serve_file_ok")),
            }
        }
        let bad = now.is_some();
        self.file = now;
        bad
    }

    /// A channel's settings refusal now; said if it changed.
    fn channel(&mut self, channel: &str, e: Option<&config::ConfigError>) {
        match e {
            Some(e) if !e.missing => {
                let m = e.to_string();
                if self.channels.get(channel) != Some(&m) {
                    eprintln!(
                        "stockroom: {}",
                        fill("sync.serve_channel_refused", &[&channel, &m])
                    );
                    self.channels.insert(channel.to_string(), m);
                }
            }
            _ => {
                self.channels.remove(channel);
            }
        }
    }
}

/// One round of `serve --sync-every`: each channel with keys, one after the other.
fn round(db: &Path, dir: Option<&Path>, said: &mut Said) {
    let file_bad = said.file(config::check_file(dir).err());
    let inv = match super::open_quiet(db) {
        Ok(inv) => inv,
        Err(e) => {
            eprintln!(
                "stockroom: {}",
                fill("sync.stopped", &[&crate::i18n::error_text(&e)])
            );
            return;
        }
    };
    let Ok(channels) = inv.channels() else { return };
    for ch in channels {
        let kind = profile_api(inv.as_ref(), &ch.name);
        let api = match config::load(dir, &ch.name, kind, &|k| std::env::var(k).ok()) {
            Ok(api) => {
                said.channel(&ch.name, None);
                api
            }
            Err(e) => {
                // A refused file is said once for all channels.
                if !file_bad {
                    said.channel(&ch.name, Some(&e));
                }
                continue;
            }
        };
        let http = Http::new(&api.settings);
        let sync = Sync {
            inv: inv.as_ref(),
            channel: &ch.name,
            api: &api,
            transport: &http,
            sleep: &std::thread::sleep,
            now: crate::inventory::clock::now_ms(),
        };
        match sync.run(false) {
            Ok(rep) => print_report(&rep),
            Err(e) => eprintln!(
                "stockroom: {}",
                fill("sync.stopped", &[&crate::i18n::error_text(&e)])
            ),
        }
    }
}

/// The API a channel's profile names (`channel add --profile`, `channel edit`), if it names
/// one that `sync` speaks.
pub(crate) fn profile_api(inv: &dyn crate::inventory::Inventory, channel: &str) -> Option<ApiKind> {
    use crate::domain::profile::Profile;
    match inv.channel_setup(channel).ok()?.profile {
        Profile::Ozon => Some(ApiKind::Ozon),
        Profile::Wildberries => Some(ApiKind::Wildberries),
        Profile::Generic | Profile::YandexMarket | Profile::Latorga => None,
    }
}
