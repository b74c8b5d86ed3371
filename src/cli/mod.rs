//! The command line: parse, call the Inventory API, print text or JSON, exit 0/1/2/3.

pub mod args;
mod backup;
mod channels;
mod market;
mod progress;
pub mod purchasing;
pub mod sync;

pub mod table;
mod torture;

use crate::domain::limits;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use clap::Parser;

use crate::domain::{
    AdjustTo, ChannelKind, DefectReason, Delivery, DeliveryMethod, Destination, Role, parse_count,
    parse_delta, parse_money, parse_qty,
};
use crate::i18n::{self, Lang, fill, text};
use crate::inventory::{
    Command, Error, FieldProblem, InputError, Inventory, InventoryExt, LocalInventory, Outcome,
    SkuSpec, check::CheckReport, connect,
};
use crate::io;
use args::{
    ChannelCmd, Cli, Cmd, CountCmd, ExportWhat, Format, ImportWhat, LocationCmd, ReservationCmd,
    SkuCmd, SkuFields, UserCmd,
};
use table::{Align, render};

pub use crate::config::{config_dir, default_db_path};

/// Runs the program and returns the process exit code.
pub fn main_entry() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    i18n::set_lang(Lang::detect(cli.lang.as_deref()));
    connect::set_wait_limit(Duration::from_secs(cli.wait));
    // `stockroom matrix | head`: a CLI command ends quietly when its reader goes away, as
    // Unix tools do. Not the TUI or the server, which must outlive a dropped peer.
    #[cfg(unix)]
    if cli
        .command
        .as_ref()
        .is_some_and(|c| !matches!(c, Cmd::Serve { .. }))
    {
        // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    if let Some(name) = cli.encoding.as_deref() {
        match io::table::Encoding::parse(name) {
            Some(e) => io::table::force_encoding(e),
            None => {
                let e = Error::field(
                    "encoding",
                    name,
                    FieldProblem::OneOf(
                        io::table::Encoding::NAMES
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    ),
                );
                eprintln!(
                    "stockroom: {}",
                    table::clean_lines(&e.to_string()).trim_end()
                );
                return 2;
            }
        }
    }
    let result = match cli.command {
        None => crate::tui::run(&db, cli.config_dir.as_deref()),
        Some(cmd) => run(cmd, &db, cli.json, cli.config_dir.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!(
                "stockroom: {}",
                table::clean_lines(&e.to_string()).trim_end()
            );
            e.exit_code()
        }
    }
}

pub(crate) fn qty(field: &str, v: &str) -> Result<u64, Error> {
    parse_qty(v).map_err(|e| Error::field(field, v, e))
}

/// A whole number from 0 to `max`; above it the message names `max` itself.
pub(crate) fn limited(field: &str, v: &str, max: u64) -> Result<u64, Error> {
    match parse_count(v) {
        Ok(n) if n <= max => Ok(n),
        Ok(_) | Err(crate::domain::NumberError::TooLarge) => Err(Error::at_most(field, v, max)),
        Err(e) => Err(Error::field(field, v, e)),
    }
}

pub(crate) fn limited_opt(field: &str, v: &Option<String>, max: u64) -> Result<Option<u64>, Error> {
    v.as_deref().map(|s| limited(field, s, max)).transpose()
}

fn money(field: &str, v: &Option<String>) -> Result<Option<i64>, Error> {
    v.as_deref()
        .map(|s| {
            parse_money(s).map_err(|e| Error::field(field, s, crate::inventory::money_problem(e)))
        })
        .transpose()
}

fn id_of(field: &str, v: &str) -> Result<u64, Error> {
    let t = v.trim().trim_start_matches('#');
    parse_count(t).map_err(|e| Error::field(field, v, e))
}

/// The reconciliation as a text table, with totals.
fn count_table(r: &crate::inventory::stocktake::CountReport) -> String {
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|l| {
            vec![
                l.code.clone(),
                l.name.clone(),
                opt(l.recorded.map(|v| v.to_string())),
                l.counted.to_string(),
                opt(l.variance.map(|v| format!("{v:+}"))),
                opt(l.variance_pct.map(|p| format!("{p:+.1}%"))),
                opt(l.value.clone()),
                l.flags.join(","),
            ]
        })
        .collect();
    let mut out = render(
        &[
            (text("col.code"), Align::Left),
            (text("col.name"), Align::Left),
            (text("col.recorded"), Align::Right),
            (text("col.counted"), Align::Right),
            (text("col.variance"), Align::Right),
            (text("col.variance_pct"), Align::Right),
            (text("col.value"), Align::Right),
            (text("col.flags"), Align::Left),
        ],
        &body,
    );
    let t = &r.totals;
    let or_dash = |v: &String| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.clone()
        }
    };
    let (net_value, gross_value) = (or_dash(&t.net_value), or_dash(&t.gross_value));
    out.push_str(&fill(
        "cli.count_totals",
        &[
            &t.counted_skus,
            &t.with_variance,
            &t.net_units,
            &t.gross_units,
            &net_value,
            &gross_value,
        ],
    ));
    if !r.would_short.is_empty() {
        out.push('\n');
        out.push_str(&fill(
            "cli.count_diff_short",
            &[&short_list(&r.would_short)],
        ));
    }
    out.push('\n');
    if !r.uncounted.is_empty() {
        out.push_str(&fill(
            "cli.count_uncounted_list",
            &[&r.uncounted.len(), &r.uncounted.join(", ")],
        ));
        out.push('\n');
    }
    out
}

fn id(v: &str) -> Result<u64, Error> {
    let t = v.trim().trim_start_matches('#');
    parse_count(t).map_err(|e| Error::field("reservation", v, e))
}

fn one_of<T: Copy>(
    field: &str,
    v: &str,
    parse: fn(&str) -> Option<T>,
    all: &[&str],
) -> Result<T, Error> {
    parse(v).ok_or_else(|| {
        Error::field(
            field,
            v,
            FieldProblem::OneOf(all.iter().map(|s| s.to_string()).collect()),
        )
    })
}

fn defect_reason(v: &str) -> Result<DefectReason, Error> {
    let all: Vec<&str> = DefectReason::ALL.iter().map(|r| r.as_str()).collect();
    one_of("reason", v, DefectReason::parse, &all)
}

fn sku_spec(code: String, name: Option<String>, f: SkuFields) -> Result<SkuSpec, Error> {
    Ok(SkuSpec {
        code,
        name,
        barcodes: f.barcodes,
        supplier: f.supplier,
        lead_days: limited_opt("lead_days", &f.lead_days, limits::MAX_LEAD_DAYS)?.map(|n| n as u32),
        min_stock: limited_opt("min", &f.min, limits::MAX_QTY)?,
        safety_stock: limited_opt("safety", &f.safety, limits::MAX_QTY)?,
        pack_size: limited_opt("pack", &f.pack, limits::MAX_PACK)?,
        cost: money("cost", &f.cost)?,
        price: money("price", &f.price)?,
    })
}

use crate::present::status;
pub use crate::present::{outcome_text, short_list, waiting_notice};

/// The database embedded in this process (`init`, `demo`), waiting up to `--wait`.
fn open_local(db: &Path, user: &str) -> Result<(LocalInventory, bool), Error> {
    connect::open_local(db, user, &waiting_notice)
}

/// The Inventory API for this database: through its server when one serves it,
/// else embedded in this process (waiting up to `--wait` while another process has it).
pub fn open(db: &Path) -> Result<Box<dyn Inventory>, Error> {
    let inv = open_quiet(db)?;
    // A file from before codes and barcodes were one namespace: say each clash, every time.
    if let Ok(clashes) = inv.code_clashes() {
        for c in clashes {
            eprintln!(
                "stockroom: {}: {}",
                text("cli.warning"),
                table::clean_lines(&crate::i18n::clash_text(&c)).trim_end()
            );
        }
    }
    Ok(inv)
}

fn open_quiet(db: &Path) -> Result<Box<dyn Inventory>, Error> {
    let user = crate::identity::current_user();
    Ok(
        match connect::connect(db, &user, connect::Open::Existing, &waiting_notice)? {
            #[cfg(unix)]
            connect::Connection::Served { inv, .. } => Box::new(inv),
            connect::Connection::Local { inv, .. } => Box::new(inv),
        },
    )
}

/// `--force --reason TEXT`: the command passes a shortage, the reason goes to the ledger.
fn forced(cmd: Command, force: bool, reason: Option<String>) -> Command {
    match (force, reason) {
        (true, Some(reason)) => Command::Force {
            cmd: Box::new(cmd),
            reason,
        },
        _ => cmd,
    }
}

pub(crate) fn print_json<T: serde::Serialize>(v: &T) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, v);
    let _ = writeln!(out);
}

fn run(cmd: Cmd, db: &Path, json: bool, config: Option<&Path>) -> Result<i32, Error> {
    let user = crate::identity::current_user();
    // Shown on a terminal while an import reads, checks and writes; cleared before the answer.
    let mut busy = None;
    let command = match cmd {
        Cmd::Init => {
            let location = text("cli.default_location");
            let (inv, created) = connect::wait_for_db(db, &waiting_notice, || {
                LocalInventory::open_or_init_with(db, &user, location)
            })?;
            // The default location as stored: its own name in a database made before.
            let location = inv
                .locations()
                .ok()
                .and_then(|l| l.into_iter().find(|l| l.default))
                .map(|l| l.name)
                .unwrap_or_else(|| location.to_string());
            let msg = if created {
                fill("cli.initialized", &[&db.display(), &user, &location])
            } else {
                fill("cli.already_initialized", &[&db.display()])
            };
            if json {
                print_json(&serde_json::json!({"db": db, "created": created, "owner": user}));
            } else {
                println!("{msg}");
            }
            return Ok(0);
        }
        Cmd::Demo(a) => {
            limited("skus", &a.skus.to_string(), limits::MAX_DEMO_SKUS)?;
            limited("days", &a.days.to_string(), limits::MAX_DEMO_DAYS)?;
            let (inv, _) = open_local(db, &user)?;
            let bar = progress::Progress::bar(u64::from(a.days), "demo: days");
            let stats = crate::demo::generate_at_with(
                &inv,
                &crate::demo::DemoSpec {
                    skus: a.skus,
                    days: a.days,
                    seed: a.seed,
                },
                a.as_of.unwrap_or_else(crate::inventory::clock::now_ms),
                &mut |day, days| bar.set(day, days),
            )?;
            drop(bar);
            if json {
                print_json(&stats);
            } else {
                println!(
                    "{}",
                    fill(
                        "cli.demo_done",
                        &[
                            &stats.skus,
                            &stats.locations,
                            &stats.channels,
                            &stats.ledger_entries,
                            &stats.open_reservations
                        ]
                    )
                );
            }
            return Ok(0);
        }
        #[cfg(unix)]
        Cmd::Serve {
            socket,
            group,
            sync_every,
        } => {
            if let Some(every) = sync_every {
                sync::every(db, config, &every)?;
            }
            return crate::server::serve(db, socket.as_deref(), group.as_deref());
        }
        Cmd::Backup { file, force } => return backup::backup(db, &file, force, json),
        Cmd::Restore { file } => return backup::restore(db, &file, json),
        Cmd::Torture(a) => return torture::run(db, a),
        Cmd::Sync(a) => return sync::run(db, config, a, json),
        // Into a buffer first: clap_complete panics when stdout is closed early (`| head`).
        Cmd::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "stockroom", &mut buf);
            let _ = std::io::stdout().write_all(&buf);
            return Ok(0);
        }
        Cmd::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            let mut buf = Vec::new();
            page.render(&mut buf)
                .map_err(|e| Error::Store(crate::inventory::StoreErrorWire::Io(e.to_string())))?;
            let _ = std::io::stdout().write_all(&buf);
            return Ok(0);
        }
        Cmd::Count(CountCmd::List) => {
            let rows = open(db)?.count_sessions()?;
            if json {
                print_json(&rows);
            } else {
                let body: Vec<Vec<String>> = rows
                    .iter()
                    .map(|s| {
                        vec![
                            s.session.to_string(),
                            s.location.clone(),
                            crate::i18n::session_status_text(&s.status),
                            s.entries.to_string(),
                            s.started_by.clone(),
                            s.started.clone(),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &[
                            (text("col.id"), Align::Right),
                            (text("col.location"), Align::Left),
                            (text("col.status"), Align::Left),
                            (text("col.entries"), Align::Right),
                            (text("col.who"), Align::Left),
                            (text("col.when"), Align::Left),
                        ],
                        &body
                    )
                );
            }
            return Ok(0);
        }
        Cmd::Count(CountCmd::Diff { session }) => {
            let report = open(db)?.count_report(id_of("session", &session)?)?;
            if json {
                print_json(&report.rows);
            } else {
                print!("{}", count_table(&report));
            }
            return Ok(0);
        }
        Cmd::Count(CountCmd::Import {
            session,
            file,
            sheet,
        }) => {
            let sid = id_of("session", &session)?;
            busy = Some(progress::Progress::importing(&file));
            let t = io::xlsx::read_any(&file, sheet.as_deref()).map_err(|e| {
                rows_error(vec![crate::inventory::RowError {
                    file: e.file,
                    line: e.line.max(1),
                    column: 1,
                    message: e.message,
                }])
            })?;
            let parsed = io::import::count_rows(&t);
            if !parsed.errors.is_empty() {
                return Err(rows_error(parsed.errors));
            }
            Command::CountImport {
                session: sid,
                file: file.display().to_string(),
                rows: parsed.rows,
            }
        }
        Cmd::Count(CountCmd::Start { at, filter, blind }) => {
            Command::CountStart { at, filter, blind }
        }
        Cmd::Count(CountCmd::Add { session, sku, qty }) => Command::CountAdd {
            session: id_of("session", &session)?,
            sku,
            qty: limited("quantity", &qty, limits::MAX_QTY)?,
        },
        Cmd::Count(CountCmd::Undo { session }) => Command::CountUndo {
            session: id_of("session", &session)?,
        },
        Cmd::Count(CountCmd::Recount { session, sku }) => Command::CountRecount {
            session: id_of("session", &session)?,
            sku,
        },
        Cmd::Count(CountCmd::Apply {
            session,
            only,
            zero_uncounted,
        }) => Command::CountApply {
            session: id_of("session", &session)?,
            only,
            zero_uncounted,
        },
        Cmd::Count(CountCmd::Cancel { session }) => Command::CountCancel {
            session: id_of("session", &session)?,
        },
        Cmd::Count(CountCmd::Resolve {
            session,
            sku,
            choice,
        }) => Command::CountResolve {
            session: id_of("session", &session)?,
            sku,
            choice: match choice {
                args::ResolveChoice::CountStands => {
                    crate::inventory::stocktake::Resolution::CountStands
                }
                args::ResolveChoice::MovementAfter => {
                    crate::inventory::stocktake::Resolution::MovementAfter
                }
            },
        },
        Cmd::Alerts(a) => return purchasing::alerts(db, a, json),
        Cmd::Po(c) => return purchasing::po(db, c, json),
        Cmd::Report(c) => return purchasing::report(db, c, json),
        Cmd::Keys => {
            let km = crate::tui::keymap::Keymap::load(config_dir(config).as_deref())?;
            print!("{}", km.describe());
            return Ok(0);
        }
        Cmd::Check => {
            let inv = open(db)?;
            let spinner = progress::Progress::spinner("check: replaying the ledger");
            let report = inv.check()?;
            drop(spinner);
            return Ok(print_check(&report, json));
        }
        Cmd::Sku(SkuCmd::List { filter, low }) => {
            let rows = open(db)?.sku_list(filter, low)?;
            if json {
                print_json(&rows);
            } else {
                let body: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.code.clone(),
                            r.name.clone(),
                            r.on_hand.to_string(),
                            r.reserved.to_string(),
                            r.available.to_string(),
                            r.defective.to_string(),
                            status::word(r.status).to_string(),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &[
                            (text("col.code"), Align::Left),
                            (text("col.name"), Align::Left),
                            (text("col.on_hand"), Align::Right),
                            (text("col.reserved"), Align::Right),
                            (text("col.available"), Align::Right),
                            (text("col.defective"), Align::Right),
                            (text("col.status"), Align::Left),
                        ],
                        &body
                    )
                );
            }
            return Ok(0);
        }
        Cmd::Sku(SkuCmd::Show { code }) => {
            let d = open(db)?.sku_detail(&code, 10)?;
            if json {
                // The contract of cli.md: levels, thresholds and locations. The status and
                // the thresholds in force are the ones every other surface shows; `*_source`
                // says where each threshold comes from (hand, sales, share_of_min).
                print_json(&serde_json::json!({
                    "code": d.code, "name": d.name, "barcodes": d.barcodes,
                    "on_hand": d.on_hand, "reserved": d.reserved, "available": d.available,
                    "defective": d.defective, "min_stock": d.min_stock, "safety_stock": d.safety_stock,
                    "status": d.status, "supplier": d.supplier, "lead_days": d.lead_days,
                    "pack_size": d.pack_size, "cost": d.cost, "price": d.price, "archived": d.archived,
                    "locations": d.locations,
                    "reorder_point": d.reorder_point, "min_source": d.min_source,
                    "safety_source": d.safety_source, "velocity": d.velocity, "sold": d.sold,
                    "window_days": d.window_days, "review_days": d.review_days,
                    "days_of_cover": d.days_of_cover, "on_order": d.on_order,
                    "backorders": d.backorders, "suggested": d.suggested,
                }));
            } else {
                println!("{}  {}", table::clean(&d.code), table::clean(&d.name));
                if !d.barcodes.is_empty() {
                    println!("  {}", d.barcodes.join(" "));
                }
                println!("{}", fill("cli.status_line", &[&status::word(d.status)]));
                println!("{}", status::thresholds_line(&d));
                println!("{}", status::cover_line(&d));
                let body: Vec<Vec<String>> = d
                    .locations
                    .iter()
                    .map(|l| {
                        vec![
                            l.location.clone(),
                            l.on_hand.to_string(),
                            l.reserved.to_string(),
                            l.available.to_string(),
                            l.defective.to_string(),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &[
                            (text("col.location"), Align::Left),
                            (text("col.on_hand"), Align::Right),
                            (text("col.reserved"), Align::Right),
                            (text("col.available"), Align::Right),
                            (text("col.defective"), Align::Right),
                        ],
                        &body
                    )
                );
            }
            return Ok(0);
        }
        Cmd::Location(LocationCmd::List) => {
            let rows = open(db)?.locations()?;
            if json {
                print_json(&rows);
            } else {
                let body: Vec<Vec<String>> = rows
                    .iter()
                    .map(|l| {
                        vec![
                            l.name.clone(),
                            if l.default { "*".into() } else { String::new() },
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &[
                            (text("col.location"), Align::Left),
                            (text("col.default"), Align::Left)
                        ],
                        &body
                    )
                );
            }
            return Ok(0);
        }
        Cmd::Channel(
            c @ (ChannelCmd::Edit { .. } | ChannelCmd::Map { .. } | ChannelCmd::ListSkus { .. }),
        ) => return market::run(db, c, json),
        Cmd::Channel(ChannelCmd::Add {
            name,
            kind,
            priority,
            profile: Some(profile),
        }) => {
            let kinds: Vec<&str> = ChannelKind::ALL.iter().map(|k| k.as_str()).collect();
            let kind = one_of("kind", &kind, ChannelKind::parse, &kinds)?;
            let priority = limited("priority", &priority, limits::MAX_PRIORITY)? as u32;
            return market::add(db, name, kind, priority, &profile, json);
        }
        Cmd::Channel(ChannelCmd::List) => {
            let rows = open(db)?.channels()?;
            if json {
                print_json(&rows);
            } else {
                let body: Vec<Vec<String>> = rows
                    .iter()
                    .map(|c| {
                        vec![
                            c.name.clone(),
                            crate::i18n::channel_kind_text(&c.kind),
                            c.priority.to_string(),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &[
                            (text("col.channel"), Align::Left),
                            (text("col.kind"), Align::Left),
                            (text("col.priority"), Align::Right)
                        ],
                        &body
                    )
                );
            }
            return Ok(0);
        }
        Cmd::User(UserCmd::List) => {
            let rows = open(db)?.users()?;
            if json {
                print_json(&rows);
            } else {
                let body: Vec<Vec<String>> = rows
                    .iter()
                    .map(|u| {
                        vec![
                            u.name.clone(),
                            u.role
                                .map(|r| crate::i18n::role_text(r.as_str()))
                                .unwrap_or_else(|| "-".to_string()),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &[
                            (text("col.who"), Align::Left),
                            (text("col.role"), Align::Left)
                        ],
                        &body
                    )
                );
            }
            return Ok(0);
        }
        Cmd::Reservations { channel, all } => {
            let rows = open(db)?.reservations(channel, all)?;
            if json {
                print_json(&rows);
            } else {
                let body: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.reservation.to_string(),
                            r.channel.clone(),
                            r.order.clone(),
                            r.code.clone(),
                            r.remaining.to_string(),
                            r.location.clone(),
                            r.delivery
                                .as_deref()
                                .map(crate::i18n::delivery_text)
                                .unwrap_or_default(),
                            if r.short > 0 {
                                fill(
                                    "cli.res_short_fix",
                                    &[
                                        &crate::i18n::status_text(&r.status),
                                        &r.short,
                                        &r.reservation,
                                        &r.reservation,
                                    ],
                                )
                            } else {
                                crate::i18n::status_text(&r.status)
                            },
                            r.created.clone(),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    render(
                        &[
                            (text("col.id"), Align::Right),
                            (text("col.channel"), Align::Left),
                            (text("col.order"), Align::Left),
                            (text("col.code"), Align::Left),
                            (text("col.remaining"), Align::Right),
                            (text("col.location"), Align::Left),
                            (text("col.delivery"), Align::Left),
                            (text("col.status"), Align::Left),
                            (text("col.when"), Align::Left),
                        ],
                        &body
                    )
                );
            }
            return Ok(0);
        }
        Cmd::History { sku, limit } => {
            limited("limit", &limit.to_string(), limits::MAX_HISTORY)?;
            let rows = open(db)?.history(sku, limit)?;
            if json {
                print_json(&rows);
            } else {
                print!("{}", history_table(&rows));
            }
            return Ok(0);
        }
        Cmd::Export {
            what: ExportWhat::Feed,
            out,
            format,
            force,
            delimiter,
            channel,
            changed_only,
            all,
            out_dir,
            warehouse,
        } => {
            let opts = channels::FeedOpts {
                warehouse,
                out,
                delimiter,
                channel,
                changed_only,
                all,
                out_dir,
                format,
                force,
            };
            return channels::export_feed(db, &opts, json);
        }
        Cmd::Export {
            what,
            out,
            format,
            delimiter,
            force,
            ..
        } => {
            let to = Output {
                path: out.as_deref(),
                format,
                force,
            };
            return export(db, what, to, &delimiter, json);
        }
        Cmd::Matrix => return channels::print_matrix(open(db)?.as_ref(), json),
        Cmd::Expire => Command::Expire,
        Cmd::Channel(ChannelCmd::Rules {
            channel,
            priority,
            keep_when_low,
            buffer,
            max,
            share,
            from,
            hold_ttl,
            pause,
            resume,
        }) => channels::rules_command(
            channel,
            channels::RulesArgs {
                priority,
                keep_when_low,
                buffer,
                max,
                share,
                from,
                hold_ttl,
                pause,
                resume,
            },
        )?,
        Cmd::Import {
            what: ImportWhat::Orders | ImportWhat::Listed,
            dry_run: true,
            ..
        } => {
            // Orders and listed files are checked in full before anything is written.
            return Err(Error::field(
                "dry_run",
                "--dry-run",
                FieldProblem::OneOf(vec!["import skus".into(), "import stock".into()]),
            ));
        }
        Cmd::Import {
            what: ImportWhat::Orders,
            file,
            channel,
            sheet,
            status_map,
            ..
        } => {
            busy = Some(progress::Progress::importing(&file));
            market::import_orders_command(db, &file, channel, sheet.as_deref(), &status_map)?
        }
        Cmd::Import {
            what: ImportWhat::Listed,
            file,
            channel,
            sheet,
            ..
        } => {
            busy = Some(progress::Progress::importing(&file));
            market::listed_command(db, &file, channel, sheet.as_deref())?
        }
        Cmd::Import {
            what,
            file,
            dry_run,
            sheet,
            ..
        } => {
            busy = Some(progress::Progress::importing(&file));
            match import_command(what, &file, dry_run, sheet.as_deref()) {
                _ if !file.is_file() => {
                    return Err(Error::Input(InputError::File {
                        file: file.display().to_string(),
                        message: crate::i18n::text("cli.not_a_file").to_string(),
                    }));
                }
                Ok(c) => c,
                Err((mut errors, dry)) => {
                    if let Some(dry) = dry
                        && let Err(Error::Input(InputError::Rows(more))) = open(db)?.execute(*dry)
                    {
                        errors.extend(more);
                    }
                    errors.sort_by_key(|e| (e.line, e.column));
                    return Err(rows_error(errors));
                }
            }
        }
        Cmd::Sku(SkuCmd::Add { code, name, fields }) => {
            Command::AddSku(sku_spec(code, Some(name), fields)?)
        }
        Cmd::Sku(SkuCmd::Edit {
            code,
            name,
            new_code,
            remove_barcodes,
            fields,
        }) => {
            let spec = sku_spec(code, name, fields)?;
            if new_code.is_none() && remove_barcodes.is_empty() {
                Command::EditSku(spec)
            } else {
                Command::RenameSku {
                    spec,
                    code: new_code,
                    remove_barcodes,
                }
            }
        }
        Cmd::Sku(SkuCmd::Archive { code }) => Command::ArchiveSku { sku: code },
        Cmd::Location(LocationCmd::Add { name, default }) => Command::AddLocation { name, default },
        Cmd::Channel(ChannelCmd::Add {
            name,
            kind,
            priority,
            profile: None,
        }) => {
            let kinds: Vec<&str> = ChannelKind::ALL.iter().map(|k| k.as_str()).collect();
            Command::AddChannel {
                name,
                kind: one_of("kind", &kind, ChannelKind::parse, &kinds)?,
                priority: limited("priority", &priority, limits::MAX_PRIORITY)? as u32,
            }
        }
        Cmd::User(UserCmd::Add { name, role }) => {
            let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            Command::AddUser {
                name,
                role: one_of("role", &role, Role::parse, &roles)?,
            }
        }
        Cmd::User(UserCmd::Remove { name }) => Command::RemoveUser { name },
        Cmd::Receive {
            sku,
            qty: q,
            at,
            reference,
        } => Command::Receive {
            sku,
            qty: qty("quantity", &q)?,
            at,
            reference,
        },
        Cmd::Reserve {
            sku,
            qty: q,
            channel,
            order,
            at,
            delivery,
            dest,
            address,
            backorder,
            force,
            reason,
        } => {
            let methods: Vec<&str> = DeliveryMethod::ALL.iter().map(|m| m.as_str()).collect();
            let delivery = Delivery {
                method: delivery
                    .as_deref()
                    .map(|d| one_of("delivery", d, DeliveryMethod::parse, &methods))
                    .transpose()?,
                destination: dest
                    .as_deref()
                    .map(|d| one_of("dest", d, Destination::parse, &["door", "pickup_point"]))
                    .transpose()?,
                address: address.clone(),
            };
            let qty = qty("quantity", &q)?;
            if backorder {
                Command::Order {
                    sku,
                    qty,
                    channel,
                    order,
                    delivery,
                }
            } else {
                forced(
                    Command::Reserve {
                        qty,
                        sku,
                        channel,
                        order,
                        at,
                        delivery,
                    },
                    force,
                    reason,
                )
            }
        }
        Cmd::Reservation(ReservationCmd::Move { id: i, to }) => {
            Command::ReservationMove { id: id(&i)?, to }
        }
        Cmd::Reservation(ReservationCmd::Backorder { id: i }) => {
            Command::ReservationBackorder { id: id(&i)? }
        }
        Cmd::Release { id: i, reason } => Command::Release {
            id: id(&i)?,
            reason,
        },
        Cmd::Pick { id: i, barcode } => Command::Pick {
            id: id(&i)?,
            barcode,
        },
        Cmd::Ship {
            id: i,
            qty: q,
            tracking,
        } => Command::Ship {
            id: id(&i)?,
            qty: q.as_deref().map(|q| qty("quantity", q)).transpose()?,
            tracking,
        },
        Cmd::Sell {
            sku,
            qty: q,
            channel,
            at,
            force,
            reason,
        } => forced(
            Command::Sell {
                sku,
                qty: qty("quantity", &q)?,
                channel,
                at,
            },
            force,
            reason,
        ),
        Cmd::Return {
            sku,
            qty: q,
            channel,
            restock: _,
            defect,
            at,
            order,
            no_order: _,
            note,
        } => Command::Return {
            sku,
            qty: qty("quantity", &q)?,
            channel,
            defect: defect.as_deref().map(defect_reason).transpose()?,
            at,
            order,
            note,
        },
        Cmd::Defect {
            sku,
            qty: q,
            reason,
            at,
            note,
        } => Command::Defect {
            sku,
            qty: qty("quantity", &q)?,
            reason: defect_reason(&reason)?,
            at,
            note,
        },
        Cmd::Writeoff {
            sku,
            qty: q,
            reason,
            defective,
            at,
        } => Command::Writeoff {
            sku,
            qty: qty("quantity", &q)?,
            reason,
            defective,
            at,
        },
        Cmd::Transfer {
            sku,
            qty: q,
            from,
            to,
        } => Command::Transfer {
            sku,
            qty: qty("quantity", &q)?,
            from,
            to,
        },
        Cmd::Adjust {
            sku,
            set,
            by,
            reason,
            at,
        } => {
            let how = match (set, by) {
                (Some(n), _) => {
                    AdjustTo::Set(parse_count(&n).map_err(|e| Error::field("quantity", &n, e))?)
                }
                (None, Some(d)) => {
                    AdjustTo::By(parse_delta(&d).map_err(|e| Error::field("quantity", &d, e))?)
                }
                (None, None) => return Err(Error::field("quantity", "", FieldProblem::Empty)),
            };
            Command::Adjust {
                sku,
                how,
                reason,
                at,
                reference: None,
            }
        }
    };
    let inv = open(db)?;
    let what = command.name();
    let applied = inv.execute(command)?;
    drop(busy);
    if json {
        match &applied.outcome {
            Outcome::Reserved(r)
            | Outcome::Released(r)
            | Outcome::Picked(r)
            | Outcome::Backordered(r) => print_json(r),
            Outcome::ReservedSplit(parts) => print_json(parts),
            // One shape whether or not quantities changed.
            Outcome::OrdersImported(s) => print_json(&orders_json(s, 0)),
            Outcome::OrdersChanged { summary, changed } => {
                print_json(&orders_json(summary, *changed))
            }
            other => print_json(&flat_outcome(other)),
        }
    } else {
        let t = match (what, &applied.outcome) {
            ("reservation_move", Outcome::Reserved(r)) => fill(
                "cli.res_moved",
                &[&r.reservation, &r.remaining, &r.code, &r.location],
            ),
            ("reservation_backorder", Outcome::Backordered(r)) => {
                fill("cli.res_backorder", &[&r.reservation, &r.qty, &r.code])
            }
            ("reservation_backorder", Outcome::Reserved(r)) => fill(
                "cli.res_backorder_filled",
                &[&r.reservation, &r.remaining, &r.code, &r.location],
            ),
            ("reservation_backorder", Outcome::ReservedSplit(parts)) => {
                let list = parts
                    .iter()
                    .map(|r| fill("cli.reserved_part", &[&r.reservation, &r.qty, &r.location]))
                    .collect::<Vec<_>>()
                    .join(", ");
                let first = parts.first().map(|r| r.reservation).unwrap_or(0);
                let code = parts.first().map(|r| r.code.as_str()).unwrap_or("");
                let total: u64 = parts.iter().map(|r| r.qty).sum();
                fill(
                    "cli.res_backorder_filled_split",
                    &[&first, &total, &code, &list],
                )
            }
            (_, o) => outcome_text(o),
        };
        println!("{}", table::clean_lines(&t));
    }
    Ok(0)
}

fn orders_json(s: &crate::inventory::channels::OrdersSummary, changed: usize) -> serde_json::Value {
    let mut v = flat_outcome(&Outcome::OrdersImported(s.clone()));
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("changed".into(), changed.into());
    }
    v
}

/// `{"outcome":"moved", ...fields}` rather than serde's `{"Moved":{...}}`, for scripts.
fn flat_outcome(o: &Outcome) -> serde_json::Value {
    match serde_json::to_value(o) {
        Ok(serde_json::Value::Object(m)) if m.len() == 1 => {
            let (k, v) = m.into_iter().next().unwrap_or_default();
            let name = k
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let sep = (i > 0 && c.is_uppercase()).then_some('_');
                    sep.into_iter().chain(c.to_lowercase())
                })
                .collect::<String>();
            let mut obj = serde_json::Map::new();
            obj.insert("outcome".into(), name.into());
            match v {
                serde_json::Value::Object(fields) => obj.extend(fields),
                other => {
                    obj.insert("value".into(), other);
                }
            }
            serde_json::Value::Object(obj)
        }
        Ok(v) => v,
        Err(_) => serde_json::Value::Null,
    }
}

fn history_table(rows: &[crate::inventory::MovementView]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|m| {
            vec![
                m.seq.to_string(),
                m.at.clone(),
                m.actor.clone(),
                crate::i18n::kind_text(&m.kind),
                m.code.clone(),
                m.qty.to_string(),
                m.location.clone(),
                crate::i18n::source_text(&m.kind, m.channel.as_deref(), m.reference.as_deref()),
                m.on_hand.to_string(),
                m.reserved.to_string(),
            ]
        })
        .collect();
    render(
        &[
            (text("col.id"), Align::Right),
            (text("col.when"), Align::Left),
            (text("col.who"), Align::Left),
            (text("col.kind"), Align::Left),
            (text("col.code"), Align::Left),
            (text("col.qty"), Align::Right),
            (text("col.location"), Align::Left),
            (text("col.reference"), Align::Left),
            (text("col.on_hand"), Align::Right),
            (text("col.reserved"), Align::Right),
        ],
        &body,
    )
}

fn print_check(report: &CheckReport, json: bool) -> i32 {
    if json {
        print_json(report);
    } else if report.ok() {
        println!(
            "{}",
            fill(
                "cli.check_ok",
                &[
                    &report.entries,
                    &report.skus,
                    &report.levels,
                    &report.reservations
                ]
            )
        );
    } else {
        println!(
            "{}",
            fill(
                "cli.check_failed",
                &[&report.problems.len(), &report.entries]
            )
        );
        for p in &report.problems {
            println!("  {}", i18n::problem_text(p));
        }
    }
    if report.ok() { 0 } else { 1 }
}

pub(crate) fn rows_error(errors: Vec<crate::inventory::RowError>) -> Error {
    Error::Input(crate::inventory::InputError::Rows(errors))
}

/// Bad rows found while reading, and the rows that did read, as a dry run for the
/// engine to check the rules on (a repeated code or barcode), so all are reported at once.
type ImportFailure = (Vec<crate::inventory::RowError>, Option<Box<Command>>);

/// Reads and checks an import file; nothing is written.
fn import_command(
    what: ImportWhat,
    file: &Path,
    dry_run: bool,
    sheet: Option<&str>,
) -> Result<Command, ImportFailure> {
    let t = io::xlsx::read_any(file, sheet).map_err(|e| {
        (
            vec![crate::inventory::RowError {
                file: e.file,
                line: e.line.max(1),
                column: 1,
                message: e.message,
            }],
            None,
        )
    })?;
    let name = file.display().to_string();
    match what {
        ImportWhat::Skus => {
            let (parsed, stock) = io::import::sku_rows(&t);
            if !parsed.errors.is_empty() {
                let dry = Command::ImportSkus {
                    file: name,
                    rows: parsed.rows,
                    stock: Vec::new(),
                    dry_run: true,
                };
                return Err((parsed.errors, Some(Box::new(dry))));
            }
            Ok(Command::ImportSkus {
                file: name,
                rows: parsed.rows,
                stock,
                dry_run,
            })
        }
        ImportWhat::Orders | ImportWhat::Listed => unreachable!("handled in cli::channels"),
        ImportWhat::Stock => {
            let parsed = io::import::stock_rows(&t);
            if !parsed.errors.is_empty() {
                let dry = Command::ImportStock {
                    file: name,
                    rows: parsed.rows,
                    dry_run: true,
                };
                return Err((parsed.errors, Some(Box::new(dry))));
            }
            Ok(Command::ImportStock {
                file: name,
                rows: parsed.rows,
                dry_run,
            })
        }
    }
}

/// A CSV writer of one kind of row.
type CsvRows<T> = fn(&[T], &mut csv::Writer<Vec<u8>>) -> csv::Result<()>;

/// Rows as JSON or CSV bytes, and how many there were.
fn encode_rows<T: serde::Serialize>(
    rows: &[T],
    format: Format,
    delim: u8,
    csv_rows: CsvRows<T>,
) -> Result<(usize, Vec<u8>), Error> {
    let io_err = |e: String| Error::Store(crate::inventory::StoreErrorWire::Io(e));
    let buf = match format {
        Format::Json => serde_json::to_vec_pretty(rows).unwrap_or_default(),
        Format::Csv => {
            let mut w = io::export::csv_writer(Vec::new(), delim);
            csv_rows(rows, &mut w).map_err(|e| io_err(e.to_string()))?;
            w.into_inner().map_err(|e| io_err(e.to_string()))?
        }
        Format::Xlsx => unreachable!("written by export_xlsx"),
    };
    Ok((rows.len(), buf))
}

/// `,` `;` or `tab` as a CSV delimiter.
pub(crate) fn delimiter_byte(delimiter: &str) -> Result<u8, Error> {
    match delimiter {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        other => Err(Error::field(
            "delimiter",
            other,
            FieldProblem::OneOf(vec![",".into(), ";".into(), "tab".into()]),
        )),
    }
}

/// Where and how an export is written.
struct Output<'a> {
    path: Option<&'a Path>,
    format: Option<Format>,
    force: bool,
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Xlsx => "xlsx",
    }
}

/// The format of an output file: its extension (.csv, .json, .xlsx) decides; a `--format`
/// (or `--json`) that says otherwise is refused. Another extension takes `--format`.
pub(crate) fn output_format(out: &Path, requested: Option<Format>) -> Result<Format, Error> {
    let by_name = io::paths::format_of_extension(out).map(|e| match e {
        "json" => Format::Json,
        "xlsx" => Format::Xlsx,
        _ => Format::Csv,
    });
    match (by_name, requested) {
        (Some(named), Some(asked)) if named != asked => Err(Error::Input(InputError::Path {
            path: out.display().to_string(),
            message: fill(
                "export.format_contradicts",
                &[&format_name(asked), &format_name(named)],
            ),
        })),
        (Some(named), _) => Ok(named),
        (None, asked) => Ok(asked.unwrap_or(Format::Csv)),
    }
}

/// `export skus|stock|ledger`: the target is checked before the database is opened.
fn export(
    db: &Path,
    what: ExportWhat,
    to: Output<'_>,
    delimiter: &str,
    json: bool,
) -> Result<i32, Error> {
    let delim = delimiter_byte(delimiter)?;
    let requested = if json { Some(Format::Json) } else { to.format };
    let format = match to.path {
        Some(path) => output_format(path, requested)?,
        None => requested.unwrap_or(Format::Csv),
    };
    let replace = io::paths::Replace::forced(to.force);
    if let Some(path) = to.path {
        io::paths::Protected::of(db).check_target(path, replace)?;
    }
    let inv = open(db)?;
    let inv = inv.as_ref();
    if format == Format::Xlsx {
        return export_xlsx(inv, what, to.path, replace);
    }
    let spinner = progress::Progress::spinner("export");
    let (count, mut buf) = match what {
        ExportWhat::Feed => unreachable!("handled in cli::channels"),
        ExportWhat::Skus => encode_rows(&inv.catalog()?, format, delim, io::export::catalog_csv)?,
        ExportWhat::Stock => encode_rows(&inv.stock()?, format, delim, io::export::stock_csv)?,
        ExportWhat::Ledger => encode_rows(&inv.ledger()?, format, delim, io::export::ledger_csv)?,
    };
    if format == Format::Json && !buf.ends_with(b"\n") {
        buf.push(b'\n');
    }
    drop(spinner);
    match to.path {
        Some(path) => {
            io::paths::write_file(path, &buf, replace)?;
            eprintln!("{}", fill("cli.exported", &[&count, &path.display()]));
        }
        None => {
            let _ = std::io::stdout().write_all(&table::for_stdout(&buf));
        }
    }
    Ok(0)
}

/// `export skus|stock|ledger --format xlsx --out FILE`: a workbook, whole or not at all.
fn export_xlsx(
    inv: &dyn Inventory,
    what: ExportWhat,
    out: Option<&Path>,
    replace: io::paths::Replace,
) -> Result<i32, Error> {
    let Some(path) = out else {
        return Err(Error::field("out", "", FieldProblem::Empty));
    };
    let file_error = |message: String| {
        Error::Input(InputError::File {
            file: path.display().to_string(),
            message,
        })
    };
    let fits = |rows: usize| {
        if rows <= io::xlsx::MAX_ROWS {
            return Ok(());
        }
        Err(file_error(match i18n::lang() {
            Lang::En => format!(
                "an .xlsx sheet holds at most {} rows, this export has {rows}: use --format csv",
                io::xlsx::MAX_ROWS
            ),
            Lang::Ru => format!(
                "на листе .xlsx помещается не больше {} строк, здесь {rows}: используйте --format csv",
                io::xlsx::MAX_ROWS
            ),
        }))
    };
    let xlsx_error = |e: rust_xlsxwriter::XlsxError| file_error(e.to_string());
    let mut p = progress::Progress::spinner("export: reading");
    let (count, bytes) = match what {
        ExportWhat::Feed => unreachable!("handled in cli::channels"),
        ExportWhat::Skus => {
            let rows = inv.catalog()?;
            fits(rows.len())?;
            p.start_bar(rows.len() as u64, "export: SKUs");
            let bytes = io::xlsx::catalog_book(&rows, &mut || p.inc()).map_err(xlsx_error)?;
            (rows.len(), bytes)
        }
        ExportWhat::Stock => {
            let (channels, matrix) = inv.matrix()?;
            let lines = inv.stock()?;
            fits(matrix.len().max(lines.len()))?;
            p.start_bar((matrix.len() + lines.len()) as u64, "export: stock");
            let bytes = io::xlsx::stock_book(&channels, &matrix, &lines, &mut || p.inc())
                .map_err(xlsx_error)?;
            (matrix.len(), bytes)
        }
        ExportWhat::Ledger => {
            let rows = inv.ledger()?;
            fits(rows.len())?;
            p.start_bar(rows.len() as u64, "export: ledger");
            let bytes = io::xlsx::ledger_book(&rows, &mut || p.inc()).map_err(xlsx_error)?;
            (rows.len(), bytes)
        }
    };
    io::paths::write_file(path, &bytes, replace)?;
    drop(p);
    eprintln!("{}", fill("cli.exported", &[&count, &path.display()]));
    Ok(0)
}
