//! `stockroom reconcile --channel NAME [--file F] [--fix] [--dry-run]`: what the
//! marketplace shows against what the channel may show, per SKU; `--fix` pushes the
//! corrections through the sync's push.
//!
//! Exit codes: 0 in step (or `--fix` corrected every gap); 1 drift found and left (read
//! only, `--dry-run`, or a correction the marketplace refused); 2 bad input; 3 the
//! marketplace could not be read, or the fix stopped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::Args;

use super::table::{Align, render};
use crate::domain::Role;
use crate::i18n::{fill, text};
use crate::inventory::{Command, Error, InputError, InventoryExt, role_allows};
use crate::marketplace::api::Http;
use crate::marketplace::config::{self, ApiKind};
use crate::marketplace::reconcile::{self, Gap, Reconciliation, SkuKey};
use crate::marketplace::sync::Sync;

#[derive(Args, Debug)]
pub struct ReconcileArgs {
    /// The sales channel, by name
    #[arg(long)]
    pub channel: String,
    /// Read what the marketplace shows from its stock report file (.xlsx or CSV, the
    /// columns `import listed` reads) instead of its API
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// The sheet of an .xlsx file to read [default: the first]
    #[arg(long, requires = "file")]
    pub sheet: Option<String>,
    /// Push the corrections of exactly the SKUs that drift, through the marketplace API
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print the requests it would send (keys masked) and change nothing
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// The channel's marketplace API [default: as `sync` chooses it]
    #[arg(long, value_enum)]
    pub api: Option<ApiKind>,
}

pub fn run(
    db: &Path,
    config_dir: Option<&Path>,
    a: ReconcileArgs,
    json: bool,
) -> Result<i32, Error> {
    let dir = crate::config::config_dir(config_dir);
    let inv = super::open(db)?;
    let channel = inv
        .channels()?
        .into_iter()
        .find(|c| c.name.to_lowercase() == a.channel.to_lowercase())
        .map(|c| c.name)
        .ok_or_else(|| InputError::UnknownChannel(a.channel.clone()))?;
    // Reading is for anyone who may see the matrix; a fix sends stock to the marketplace
    // and is the owner's, as `sync` is. Checked before anything is read or sent.
    let me = inv.whoami()?;
    let needs = if a.fix && !a.dry_run {
        Role::Owner
    } else {
        Role::Viewer
    };
    if !me.role.is_some_and(|r| role_allows(r, needs)) {
        return Err(Error::Forbidden {
            actor: me.name,
            role: me.role,
            needs,
            action: "reconcile".into(),
        });
    }
    // The keys are needed to read the API, or to fix.
    let api = if a.file.is_none() || a.fix {
        let kind = a
            .api
            .or_else(|| super::sync::profile_api(inv.as_ref(), &channel));
        Some(
            config::load(dir.as_deref(), &channel, kind, &|k| std::env::var(k).ok()).map_err(
                |e| {
                    Error::Input(InputError::Path {
                        path: e.place,
                        message: e.message,
                    })
                },
            )?,
        )
    } else {
        None
    };
    let skus = inv.sku_list(None, false)?;
    let keys: Vec<SkuKey> = skus
        .iter()
        .map(|s| SkuKey {
            code: s.code.clone(),
            barcode: s.barcodes.first().cloned().unwrap_or_default(),
        })
        .collect();
    let http = api.as_ref().map(|a| Http::new(&a.settings));
    let sync = api.as_ref().zip(http.as_ref()).map(|(api, http)| Sync {
        inv: inv.as_ref(),
        channel: &channel,
        api,
        transport: http,
        sleep: &std::thread::sleep,
        now: crate::inventory::clock::now_ms(),
    });
    let (shown, source, unknown) = match (&a.file, &sync) {
        (Some(f), _) => {
            let (shown, unknown) = from_file(inv.as_ref(), f, &channel, a.sheet.as_deref(), &skus)?;
            (Ok(shown), f.display().to_string(), unknown)
        }
        (None, Some(s)) => (
            reconcile::read_api(s, &keys)?,
            format!("{} API", s.api.kind.as_str()),
            Vec::new(),
        ),
        // The keys were loaded above whenever no file is given.
        (None, None) => return Ok(3),
    };
    let (_, matrix) = inv.matrix()?;
    let mut rec = match shown {
        Ok(shown) => reconcile::compare(&matrix, &channel, &shown),
        Err(e) => Reconciliation {
            channel: channel.clone(),
            error: Some(e),
            ..Default::default()
        },
    };
    rec.source = source;
    rec.unknown = unknown;
    if a.fix
        && rec.drift()
        && let Some(s) = &sync
    {
        let barcodes: HashMap<String, String> = keys
            .iter()
            .map(|k| (k.code.clone(), k.barcode.clone()))
            .collect();
        rec.fix = Some(s.push_only(rec.corrections(&barcodes), a.dry_run)?);
    }
    if json {
        super::print_json(&rec);
    } else {
        print(&rec);
    }
    Ok(exit_code(&rec))
}

/// 0 in step or all corrected; 1 drift left; 3 unreadable or the fix stopped.
fn exit_code(rec: &Reconciliation) -> i32 {
    if rec.error.is_some() || rec.fix.as_ref().is_some_and(|f| f.error.is_some()) {
        return 3;
    }
    match &rec.fix {
        _ if !rec.drift() => 0,
        Some(f) if !f.dry_run && f.failed.is_empty() => 0,
        _ => 1,
    }
}

/// What the marketplace's stock report says each SKU shows, read as `import listed`
/// reads it; lines no SKU answers to are said, not compared.
fn from_file(
    inv: &dyn crate::inventory::Inventory,
    file: &Path,
    channel: &str,
    sheet: Option<&str>,
    skus: &[crate::inventory::SkuRow],
) -> Result<(HashMap<String, u64>, Vec<crate::marketplace::sync::Problem>), Error> {
    let Command::ImportListed { rows, .. } =
        super::market::listed_with(inv, file, Some(channel.to_string()), sheet)?
    else {
        return Ok((HashMap::new(), Vec::new()));
    };
    let mut by_key: HashMap<String, &str> = HashMap::new();
    for s in skus {
        for b in &s.barcodes {
            by_key.insert(b.to_lowercase(), &s.code);
        }
    }
    for s in skus {
        by_key.insert(s.code.to_lowercase(), &s.code);
    }
    let mut shown: HashMap<String, u64> = HashMap::new();
    let mut unknown = Vec::new();
    for r in rows {
        match by_key.get(&r.row.sku.to_lowercase()) {
            Some(code) => {
                let e = shown.entry(code.to_string()).or_insert(0);
                *e = e.saturating_add(r.row.on_hand);
            }
            None => unknown.push(crate::marketplace::sync::Problem {
                what: crate::marketplace::api::scrub(&r.row.sku, &[]),
                message: fill("reconcile.unknown_line", &[&r.line, &channel]),
            }),
        }
    }
    Ok((shown, unknown))
}

fn gap_table(gaps: &[Gap], sign: char) -> String {
    let rows: Vec<Vec<String>> = gaps
        .iter()
        .map(|g| {
            vec![
                g.code.clone(),
                g.name.clone(),
                g.shows.to_string(),
                g.may_show.to_string(),
                format!("{sign}{}", g.gap),
                if g.listed {
                    String::new()
                } else {
                    text("reconcile.not_listed").to_string()
                },
            ]
        })
        .collect();
    render(
        &[
            (text("col.code"), Align::Left),
            (text("col.name"), Align::Left),
            (text("reconcile.col_shows"), Align::Right),
            (text("reconcile.col_may_show"), Align::Right),
            (text("reconcile.col_gap"), Align::Right),
            ("", Align::Left),
        ],
        &rows,
    )
}

fn print(rec: &Reconciliation) {
    if let Some(e) = &rec.error {
        eprintln!(
            "stockroom: {}",
            fill("reconcile.unreadable", &[&rec.channel, e])
        );
        return;
    }
    for p in &rec.unknown {
        eprintln!("  {}: {}", p.what, p.message);
    }
    if !rec.oversell.is_empty() {
        println!("{}", fill("reconcile.oversell_head", &[&rec.channel]));
        print!("{}", gap_table(&rec.oversell, '+'));
        println!();
    }
    if !rec.lost_sales.is_empty() {
        println!("{}", fill("reconcile.lost_head", &[&rec.channel]));
        print!("{}", gap_table(&rec.lost_sales, '-'));
        println!();
    }
    if !rec.not_on_marketplace.is_empty() {
        // A long list is cut: `--json` has it whole.
        const SHOWN: usize = 20;
        let mut list = rec
            .not_on_marketplace
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if rec.not_on_marketplace.len() > SHOWN {
            list.push_str(&format!(" … (+{})", rec.not_on_marketplace.len() - SHOWN));
        }
        println!("{}", fill("reconcile.not_on_marketplace", &[&list]));
    }
    let (over, under) = rec.units();
    println!(
        "{}",
        fill(
            "reconcile.summary",
            &[
                &rec.channel,
                &rec.source,
                &rec.checked,
                &rec.oversell.len(),
                &over,
                &rec.lost_sales.len(),
                &under,
                &rec.in_step,
            ]
        )
    );
    if let Some(f) = &rec.fix {
        super::sync::print_report(f);
    } else if rec.drift() {
        println!("{}", fill("reconcile.hint_fix", &[&rec.channel]));
    }
}
