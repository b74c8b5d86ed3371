//! Exports: SKUs, stock levels and the ledger as CSV or JSON.

use std::io::Write;

use crate::inventory::{CatalogRow, MovementView, StockLine};

/// Whether a spreadsheet would take this text for a formula: it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (OWASP's list for CSV injection).
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text field as a CSV export writes it: one that a spreadsheet would run as a formula
/// gets a leading `'`, so it opens as the text it is. Only for text fields: numbers (a
/// negative change, a loss) are written as they are and stay numbers.
pub fn text_field(s: &str) -> String {
    if looks_like_formula(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A CSV writer with the chosen delimiter.
pub fn csv_writer<W: Write>(out: W, delimiter: u8) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// An optional text field, guarded as `text_field`.
fn opt_text(v: &Option<String>) -> String {
    v.as_deref().map(text_field).unwrap_or_default()
}

pub fn catalog_csv<W: Write>(rows: &[CatalogRow], w: &mut csv::Writer<W>) -> csv::Result<()> {
    w.write_record([
        "code",
        "name",
        "barcode",
        "supplier",
        "lead_days",
        "min",
        "safety",
        "pack",
        "cost",
        "price",
        "archived",
    ])?;
    for r in rows {
        w.write_record([
            text_field(&r.code),
            text_field(&r.name),
            text_field(&r.barcodes.join(" ")),
            opt_text(&r.supplier),
            r.lead_days.to_string(),
            opt(&r.min_stock),
            opt(&r.safety_stock),
            r.pack_size.to_string(),
            opt(&r.cost),
            opt(&r.price),
            r.archived.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn stock_csv<W: Write>(rows: &[StockLine], w: &mut csv::Writer<W>) -> csv::Result<()> {
    w.write_record([
        "code",
        "name",
        "location",
        "on_hand",
        "reserved",
        "available",
        "defective",
    ])?;
    for r in rows {
        w.write_record([
            text_field(&r.code),
            text_field(&r.name),
            text_field(&r.location),
            r.on_hand.to_string(),
            r.reserved.to_string(),
            r.available.to_string(),
            r.defective.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn ledger_csv<W: Write>(rows: &[MovementView], w: &mut csv::Writer<W>) -> csv::Result<()> {
    w.write_record([
        "seq",
        "at",
        "actor",
        "code",
        "location",
        "kind",
        "qty",
        "on_hand_change",
        "channel",
        "reservation",
        "reference",
        "note",
        "on_hand",
        "reserved",
        "defective",
    ])?;
    for m in rows {
        w.write_record([
            m.seq.to_string(),
            m.at.clone(),
            text_field(&m.actor),
            text_field(&m.code),
            text_field(&m.location),
            m.kind.to_string(),
            m.qty.to_string(),
            m.on_hand_change.to_string(),
            opt_text(&m.channel),
            opt(&m.reservation),
            opt_text(&m.reference),
            opt_text(&m.note),
            m.on_hand.to_string(),
            m.reserved.to_string(),
            m.defective.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
