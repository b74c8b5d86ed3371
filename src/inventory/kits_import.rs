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
    let out = super::catalog::run_import_skus(tx, ctx, file, rows, stock, dry_run, touched)?;
    if !kits.is_empty() {
        import_kits(tx, file, kits, touched)?;
    }
    Ok(out)
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
