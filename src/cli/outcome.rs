//! What a Command did, on stdout: a sentence in the reader's language, or JSON for scripts.

use super::{print_json, table};
use crate::i18n::fill;
use crate::inventory::{Applied, Outcome};
use crate::present::outcome_text;

/// Prints the outcome of the Command named `what`.
pub fn print(what: &str, applied: &Applied, json: bool) {
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
            // Purchase orders and snoozes: what was made or changed, without the wrapper.
            Outcome::PoCreated { orders, skipped } => {
                print_json(&serde_json::json!({"orders": orders, "skipped": skipped}))
            }
            Outcome::PoReceived { order, units } => {
                print_json(&serde_json::json!({"order": order, "units": units}))
            }
            Outcome::PoCancelled(order) => print_json(order),
            Outcome::Snoozed { code, until } => {
                print_json(&serde_json::json!({"code": code, "until": until}))
            }
            other => print_json(&flat_outcome(other)),
        }
        return;
    }
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
