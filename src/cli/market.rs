//! The marketplace commands: a channel's profile, item ids and listing; an order export
//! read by the channel's profile; the stock file in the marketplace's template.

use std::path::{Path, PathBuf};

use super::args::{ChannelAddArgs, ChannelMapArgs, ImportWhat, ListSkusArgs};
use super::table::{Align, render};
use super::{apply, open, print_json, rows_error};
use crate::domain::profile::Profile;
use crate::i18n::{fill, text};
use crate::inventory::market::{ListingChange, MapRow, SetupView};
use crate::inventory::{
    Command, Error, FieldProblem, InputError, Inventory, InventoryExt, Located, RowError,
};
use crate::io;
use crate::io::marketplace::stock::{StockLine, line_id, stock_book, template};
use crate::io::paths::{self, Replace};

pub(crate) fn profile_of(v: &str) -> Result<Profile, Error> {
    Profile::parse(v).ok_or_else(|| {
        Error::field(
            "profile",
            v,
            FieldProblem::OneOf(
                Profile::ALL
                    .iter()
                    .map(|p| p.as_str().to_string())
                    .collect(),
            ),
        )
    })
}

fn read_table(file: &Path, sheet: Option<&str>) -> Result<io::table::Table, Error> {
    if !file.is_file() {
        return Err(Error::Input(InputError::File {
            file: file.display().to_string(),
            message: text("cli.not_a_file").to_string(),
        }));
    }
    super::imports::read_table(file, sheet).map_err(|e| rows_error(vec![e]))
}

/// `channel add NAME --profile P`: the channel, then its profile (checked before either).
pub fn add(db: &Path, mut a: ChannelAddArgs, json: bool) -> Result<i32, Error> {
    let profile = profile_of(a.profile.take().as_deref().unwrap_or("generic"))?;
    let channel = a.name.clone();
    apply(db, a.try_into()?, json, None)?;
    if profile != Profile::Generic {
        apply(db, Command::ChannelProfile { channel, profile }, json, None)?;
    }
    Ok(0)
}

fn print_setup_items(v: &SetupView, json: bool) {
    if json {
        print_json(v);
        return;
    }
    println!(
        "{}",
        fill("market.profile_line", &[&v.channel, &v.profile.as_str()])
    );
    if v.items.is_empty() {
        println!("{}", fill("market.no_items", &[&v.channel]));
        return;
    }
    let body: Vec<Vec<String>> = v
        .items
        .iter()
        .map(|(c, i)| vec![c.clone(), i.clone()])
        .collect();
    print!(
        "{}",
        render(
            &[
                (text("col.code"), Align::Left),
                (text("col.item"), Align::Left)
            ],
            &body
        )
    );
}

fn print_listing(v: &SetupView, json: bool) {
    if json {
        print_json(v);
        return;
    }
    match &v.listing {
        None => println!("{}", fill("market.listing_all", &[&v.channel])),
        Some(codes) => {
            println!(
                "{}",
                fill("market.listing_some", &[&v.channel, &codes.len()])
            );
            for c in codes {
                println!("{c}");
            }
        }
    }
}

fn arg_rows(codes: Vec<String>) -> Vec<Located<String>> {
    codes
        .into_iter()
        .enumerate()
        .map(|(i, c)| Located {
            line: i as u64 + 1,
            columns: vec![("code".into(), 1)],
            row: c,
        })
        .collect()
}

/// `channel map CHANNEL [SKU --item ID | --remove | --file F]`: with neither, the list.
pub fn map(db: &Path, a: ChannelMapArgs, json: bool) -> Result<i32, Error> {
    let (file_name, rows) = match (a.file, a.sku) {
        (Some(f), _) => {
            let t = read_table(&f, a.sheet.as_deref())?;
            let p = io::marketplace::lists::map_rows(&t);
            if !p.errors.is_empty() {
                return Err(rows_error(p.errors));
            }
            (f.display().to_string(), p.rows)
        }
        (None, Some(code)) => {
            if a.item.is_none() && !a.remove {
                return Err(Error::field(
                    "item",
                    "",
                    FieldProblem::OneOf(vec!["--item ID".into(), "--remove".into()]),
                ));
            }
            let row = Located {
                line: 1,
                columns: vec![("code".into(), 1), ("item".into(), 1)],
                row: MapRow {
                    sku: code,
                    item: a.item,
                },
            };
            ("--item".to_string(), vec![row])
        }
        (None, None) => {
            let v = open(db)?.channel_setup(&a.channel)?;
            print_setup_items(&v, json);
            return Ok(0);
        }
    };
    let command = Command::ChannelMap {
        channel: a.channel,
        file: file_name,
        rows,
    };
    apply(db, command, json, None)
}

/// `channel list-skus CHANNEL [--add|--remove CODE.. | --file F | --all]`: with none, the list.
pub fn list_skus(db: &Path, a: ListSkusArgs, json: bool) -> Result<i32, Error> {
    let (file_name, change) = if a.all {
        ("--all".to_string(), ListingChange::All)
    } else if let Some(f) = a.file {
        let t = read_table(&f, None)?;
        let p = io::marketplace::lists::code_rows(&t);
        (f.display().to_string(), ListingChange::Only(p.rows))
    } else if !a.add.is_empty() {
        ("--add".to_string(), ListingChange::Add(arg_rows(a.add)))
    } else if !a.remove.is_empty() {
        (
            "--remove".to_string(),
            ListingChange::Remove(arg_rows(a.remove)),
        )
    } else {
        let v = open(db)?.channel_setup(&a.channel)?;
        print_listing(&v, json);
        return Ok(0);
    };
    let command = Command::ChannelListing {
        channel: a.channel,
        file: file_name,
        change,
    };
    apply(db, command, json, None)
}

/// `import orders FILE --channel X`: read by the channel's profile. A generic channel with
/// no `--status-map` reads stockroom's own order file as it always has.
pub fn import_orders_command(
    db: &Path,
    file: &Path,
    channel: Option<String>,
    sheet: Option<&str>,
    status_map: &[String],
) -> Result<Command, Error> {
    let name = channel
        .clone()
        .ok_or_else(|| Error::field("channel", "", FieldProblem::Empty))?;
    let extra = io::marketplace::orders::parse_status_map(status_map).map_err(|m| {
        Error::Input(InputError::Path {
            path: "--status-map".into(),
            message: m,
        })
    })?;
    let setup = open(db)?.channel_setup(&name)?;
    if setup.profile == Profile::Generic && extra.is_empty() && setup.items.is_empty() {
        return super::imports::channel_file(ImportWhat::Orders, file, channel, sheet);
    }
    let t = read_table(file, sheet)?;
    let parsed = io::marketplace::orders::rows(&t, setup.profile, &extra);
    if !parsed.errors.is_empty() {
        return Err(rows_error(parsed.errors));
    }
    Ok(Command::ImportMarketOrders {
        channel: name,
        file: file.display().to_string(),
        rows: parsed.rows,
    })
}

/// The stock lines of a channel's feed: names and item ids added to what it publishes.
fn stock_lines(
    inv: &dyn Inventory,
    setup: &SetupView,
    rows: &[crate::inventory::channels::FeedRow],
) -> Result<Vec<StockLine>, Error> {
    let names: std::collections::HashMap<String, String> = inv
        .catalog()?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    let items: std::collections::HashMap<&str, &str> = setup
        .items
        .iter()
        .map(|(c, i)| (c.as_str(), i.as_str()))
        .collect();
    Ok(rows
        .iter()
        .map(|r| StockLine {
            code: r.code.clone(),
            name: names.get(&r.code).cloned().unwrap_or_default(),
            barcode: r.barcode.clone(),
            item: items.get(r.code.as_str()).map(|s| s.to_string()),
            qty: r.qty,
        })
        .collect())
}

/// Whether the channel writes its marketplace's own template.
pub fn has_template(inv: &dyn Inventory, channel: &str) -> Result<Option<Profile>, Error> {
    let p = inv.channel_setup(channel)?.profile;
    Ok(template(p).map(|_| p))
}

/// Writes a channel's stock file in its marketplace's template to `path` (.xlsx), and
/// remembers it as sent.
pub fn write_template(
    inv: &dyn Inventory,
    channel: &str,
    path: Option<&PathBuf>,
    changed_only: bool,
    warehouse: Option<&str>,
    replace: Replace,
) -> Result<(), Error> {
    let setup = inv.channel_setup(channel)?;
    let Some(t) = template(setup.profile) else {
        return Ok(());
    };
    let Some(path) = path else {
        return Err(Error::Input(InputError::Path {
            path: "--out".into(),
            message: fill("market.feed_needs_out", &[&t.title]),
        }));
    };
    let rows = inv.feed(channel, changed_only)?;
    let lines = stock_lines(inv, &setup, &rows)?;
    // A barcode template cannot name a SKU that has neither a barcode nor an item id.
    let nameless: Vec<RowError> = lines
        .iter()
        .filter(|l| line_id(setup.profile, l).trim().is_empty())
        .map(|l| RowError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: fill(
                "market.needs_barcode",
                &[&l.code, &t.title, &l.code, &channel, &l.code],
            )
            .into(),
        })
        .collect();
    if !nameless.is_empty() {
        return Err(rows_error(nameless));
    }
    let bytes = stock_book(setup.profile, warehouse.unwrap_or(&setup.channel), &lines)
        .map_err(|e| Error::Store(crate::inventory::StoreErrorWire::Io(e.to_string())))?;
    paths::write_file(path, &bytes, replace)?;
    eprintln!(
        "{}",
        fill(
            "market.feed_written",
            &[&lines.len(), &path.display(), &t.title, &t.version]
        )
    );
    inv.execute(Command::MarkFeed {
        channel: channel.to_string(),
        rows,
    })?;
    Ok(())
}

/// `import listed FILE --channel X`: what the marketplace says it shows, read from its own
/// stock file (the template `export feed` writes, or a stock report with the same columns)
/// with its item ids taken back to our codes. A generic channel without item ids reads
/// stockroom's own file as it always has.
pub fn listed_command(
    db: &Path,
    file: &Path,
    channel: Option<String>,
    sheet: Option<&str>,
) -> Result<Command, Error> {
    let inv = open(db)?;
    listed_with(inv.as_ref(), file, channel, sheet)
}

/// `listed_command` on an inventory already open (`reconcile --file` reads the same way).
pub fn listed_with(
    inv: &dyn Inventory,
    file: &Path,
    channel: Option<String>,
    sheet: Option<&str>,
) -> Result<Command, Error> {
    let name = channel
        .clone()
        .ok_or_else(|| Error::field("channel", "", FieldProblem::Empty))?;
    let setup = inv.channel_setup(&name)?;
    let Some(t) = template(setup.profile) else {
        if setup.items.is_empty() {
            return super::imports::channel_file(ImportWhat::Listed, file, channel, sheet);
        }
        return listed_by_items(file, name, sheet, &setup, &["code", "sku", "артикул"]);
    };
    // The template's first id column (Склад is not one).
    let id = t
        .headers
        .iter()
        .find(|h| !h.eq_ignore_ascii_case("Склад"))
        .copied()
        .unwrap_or("Артикул");
    listed_by_items(file, name, sheet, &setup, &[id, "code", "sku", "артикул"])
}

fn listed_by_items(
    file: &Path,
    channel: String,
    sheet: Option<&str>,
    setup: &SetupView,
    ids: &[&str],
) -> Result<Command, Error> {
    let t = read_table(file, sheet)?;
    let fold = |h: &str| {
        h.trim()
            .trim_start_matches('\u{feff}')
            .trim()
            .to_lowercase()
    };
    let find = |names: &[&str]| {
        t.headers
            .iter()
            .position(|h| names.iter().any(|n| fold(n) == fold(h)))
    };
    let qty_names = [
        "количество",
        "доступно",
        "доступно на складе, шт",
        "остаток",
        "qty",
        "quantity",
    ];
    let (Some(ic), Some(qc)) = (find(ids), find(&qty_names)) else {
        let heads = t.headers.join(", ");
        return Err(rows_error(vec![RowError {
            file: t.file.clone(),
            line: 1,
            column: 1,
            message: fill(
                "market.missing_column",
                &[
                    &format!("{} / {}", ids[0], qty_names[0]),
                    &setup.channel,
                    &heads,
                ],
            )
            .into(),
        }]));
    };
    let by_item: std::collections::HashMap<&str, &str> = setup
        .items
        .iter()
        .map(|(c, i)| (i.as_str(), c.as_str()))
        .collect();
    let columns = vec![
        ("code".to_string(), ic as u64 + 1),
        ("on_hand".to_string(), qc as u64 + 1),
    ];
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line, cells) in &t.rows {
        let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
        let key = cell(ic);
        if key.is_empty() {
            continue;
        }
        let q = match crate::domain::parse_count(cell(qc)) {
            Ok(q) => q,
            Err(e) => {
                errors.push(RowError {
                    file: t.file.clone(),
                    line: *line,
                    column: qc as u64 + 1,
                    message: Error::field("quantity", cell(qc), e).into(),
                });
                continue;
            }
        };
        rows.push(Located {
            line: *line,
            columns: columns.clone(),
            row: crate::inventory::StockRow {
                sku: by_item
                    .get(key)
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| key.to_string()),
                location: None,
                on_hand: q,
            },
        });
    }
    if !errors.is_empty() {
        return Err(rows_error(errors));
    }
    Ok(Command::ImportListed {
        channel,
        file: file.display().to_string(),
        rows,
    })
}
