//! Kits from a catalog file: `import skus` with a `kit` column (`TEA-001:1,HONEY-01:1`).
//! Runs after the file's SKUs are saved (so a kit may name components added by the same
//! file), in the same transaction: any bad row and nothing of the file is written.

use crate::domain::SkuId;
use crate::store::WriteTx;

use super::engine::Ctx;
use super::{Command, Error, InputError, KitRow, Located, Outcome, Result};

/// `import skus`: the file's SKUs and stock, then its kits.
pub(super) fn run_import_skus(
    tx: &WriteTx,
    ctx: &Ctx,
    cmd: &Command,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let Command::ImportSkus {
        file,
        rows,
        stock,
        kits,
        dry_run,
    } = cmd
    else {
        return Err(Error::Input(InputError::Rows(Vec::new())));
    };
    kit_rows_take_no_stock(file, kits, stock)?;
    let out = super::catalog::run_import_skus(tx, ctx, file, rows, stock, dry_run, touched)?;
    if !kits.is_empty() {
        import_kits(tx, file, kits, touched)?;
    }
    Ok(out)
}

/// A kit's stock is its components': a row that makes its SKU a kit gives it no quantity,
/// as a stock row for a kit already made gives none. Said at the quantity, before anything
/// is written (else the new kit would have stock of its own and be refused as a SKU with
/// a past).
fn kit_rows_take_no_stock(
    file: &str,
    kits: &[Located<KitRow>],
    stock: &[Located<crate::inventory::StockRow>],
) -> Result<()> {
    let kit_of_line: std::collections::HashMap<u64, &str> =
        kits.iter().map(|k| (k.line, k.row.sku.as_str())).collect();
    let layout = super::shared_layout(stock);
    let errors: Vec<super::RowError> = stock
        .iter()
        .filter(|s| s.row.on_hand > 0)
        .filter_map(|s| {
            let code = kit_of_line.get(&s.line)?;
            let e: Error = crate::domain::Refusal::KitHasNoStock {
                code: code.to_string(),
            }
            .into();
            Some(super::RowError {
                file: file.to_string(),
                line: s.line,
                column: s.column_in(layout, "quantity"),
                message: e.into(),
            })
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputError::Rows(errors).into())
    }
}

/// Makes each row's SKU a kit of its components (the rules of `sku edit --kit`); every
/// row's refusal is collected, with its line, before any is reported.
fn import_kits(
    tx: &WriteTx,
    file: &str,
    rows: &[Located<KitRow>],
    touched: &mut Vec<SkuId>,
) -> Result<()> {
    let mut errors = Vec::new();
    for row in rows {
        let r = &row.row;
        match super::kits::run_set_kit(tx, None, &r.sku, &r.components, touched) {
            Ok(_) => {}
            Err(e @ Error::Store(_)) => return Err(e),
            Err(e) => errors.push(kit_row_error(file, rows, row, e)),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputError::Rows(errors).into())
    }
}

/// The row's error, at the file's `kit` column.
fn kit_row_error(
    file: &str,
    rows: &[Located<KitRow>],
    row: &Located<KitRow>,
    e: Error,
) -> super::RowError {
    let column = super::shared_layout(rows)
        .iter()
        .find(|(f, _)| f == "kit")
        .map_or(1, |(_, c)| *c);
    super::RowError {
        file: file.to_string(),
        line: row.line,
        column,
        message: e.into(),
    }
}
