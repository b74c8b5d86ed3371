//! Exports: SKUs, stock levels and the ledger as CSV or JSON.

use std::io::Write;

use crate::inventory::{CatalogRow, MovementView, StockLine};

/// A CSV writer with the chosen delimiter.
pub fn csv_writer<W: Write>(out: W, delimiter: u8) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
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
            r.code.clone(),
            r.name.clone(),
            r.barcodes.join(" "),
            opt(&r.supplier),
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
            r.code.clone(),
            r.name.clone(),
            r.location.clone(),
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
            m.actor.clone(),
            m.code.clone(),
            m.location.clone(),
            m.kind.to_string(),
            m.qty.to_string(),
            m.on_hand_change.to_string(),
            opt(&m.channel),
            opt(&m.reservation),
            opt(&m.reference),
            opt(&m.note),
            m.on_hand.to_string(),
            m.reserved.to_string(),
            m.defective.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
