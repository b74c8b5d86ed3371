//! What a reporting tool reads on PostgreSQL: the records people ask about, as JSON
//! beside their stored bytes (`doc`), and plain SQL views over them. A BI tool or a
//! spreadsheet connector reads `stockroom.skus`, `stockroom.levels`,
//! `stockroom.available`, `stockroom.ledger` and `stockroom.reservations` without our code.

use redb::Value;

use super::codec::{Record, decode};
use crate::domain::{Channel, Levels, Location, Movement, Reservation, Sku};

fn json<R: Record + serde::Serialize>(v: &[u8]) -> Option<serde_json::Value> {
    serde_json::to_value(decode::<R>(v).ok()?).ok()
}

/// The record of table `table` as JSON, for the tables the views read; None for others.
pub fn doc(table: &str, kr: &[u8], v: &[u8]) -> Option<String> {
    let value = match table {
        "skus" => json::<Sku>(v),
        "locations" => json::<Location>(v),
        "channels" => json::<Channel>(v),
        "ledger" => json::<Movement>(v),
        "reservations" => json::<Reservation>(v),
        "levels" => {
            let (sku, location) = <(u32, u16)>::from_bytes(kr);
            let mut levels = json::<Levels>(v)?;
            let obj = levels.as_object_mut()?;
            obj.insert("sku".into(), sku.into());
            obj.insert("location".into(), location.into());
            Some(levels)
        }
        _ => None,
    }?;
    Some(value.to_string())
}

/// The reporting views, made with the table by `stockroom init` and never made again over
/// what is there: a view of the same name (another program's) makes `init` fail whole, and
/// a second `init` leaves the views, what others built on them and the grants on them.
pub fn views_sql() -> &'static str {
    "CREATE VIEW stockroom.skus AS
  SELECT (doc->>'id')::bigint AS id, doc->>'code' AS code, doc->>'name' AS name,
         doc->>'supplier' AS supplier, (doc->>'lead_days')::int AS lead_days,
         (doc->>'min_stock')::bigint AS min_stock, (doc->>'safety_stock')::bigint AS safety_stock,
         (doc->>'pack_size')::bigint AS pack_size, (doc->>'archived')::boolean AS archived,
         doc->'barcodes' AS barcodes
  FROM stockroom.kv WHERE t = 'skus';
CREATE VIEW stockroom.locations AS
  SELECT (doc->>'id')::int AS id, doc->>'name' AS name FROM stockroom.kv WHERE t = 'locations';
CREATE VIEW stockroom.channels AS
  SELECT (doc->>'id')::int AS id, doc->>'name' AS name, doc->>'kind' AS kind,
         (doc->>'paused')::boolean AS paused
  FROM stockroom.kv WHERE t = 'channels';
CREATE VIEW stockroom.levels AS
  SELECT s.code, s.name AS sku_name, l.name AS location,
         (v.doc->>'on_hand')::bigint AS on_hand, (v.doc->>'reserved')::bigint AS reserved,
         (v.doc->>'defective')::bigint AS defective,
         (v.doc->>'on_hand')::bigint - (v.doc->>'reserved')::bigint AS available,
         (v.doc->>'sku')::bigint AS sku_id, (v.doc->>'location')::int AS location_id
  FROM stockroom.kv v
  JOIN stockroom.skus s ON s.id = (v.doc->>'sku')::bigint
  JOIN stockroom.locations l ON l.id = (v.doc->>'location')::int
  WHERE v.t = 'levels';
CREATE VIEW stockroom.available AS
  SELECT s.code, s.name, COALESCE(sum(lv.on_hand), 0)::bigint AS on_hand,
         COALESCE(sum(lv.reserved), 0)::bigint AS reserved,
         COALESCE(sum(lv.defective), 0)::bigint AS defective,
         COALESCE(sum(lv.available), 0)::bigint AS available, s.archived
  FROM stockroom.skus s LEFT JOIN stockroom.levels lv ON lv.sku_id = s.id
  GROUP BY s.id, s.code, s.name, s.archived;
CREATE VIEW stockroom.ledger AS
  WITH m AS (
    SELECT doc,
           CASE jsonb_typeof(doc->'kind') WHEN 'object'
             THEN (SELECT key FROM jsonb_each(doc->'kind') LIMIT 1)
             ELSE doc->>'kind' END AS k,
           CASE jsonb_typeof(doc->'kind') WHEN 'object'
             THEN (SELECT value FROM jsonb_each(doc->'kind') LIMIT 1) END AS d
    FROM stockroom.kv WHERE t = 'ledger'
  ), rows AS (
    -- Every entry at its location; a transfer also at its destination, as an arrival,
    -- so the changes of a location (or of all) add up to what it holds.
    SELECT m.doc, m.k, m.d, (m.doc->>'location')::int AS loc,
           (m.doc->'delta'->>'on_hand')::bigint AS on_hand_change,
           (m.doc->'delta'->>'reserved')::bigint AS reserved_change,
           (m.doc->'delta'->>'defective')::bigint AS defective_change,
           CASE WHEN m.k = 'Transfer' THEN 'out' END AS side
    FROM m
    UNION ALL
    SELECT m.doc, m.k, m.d, (m.d->>'to')::int, (m.doc->>'qty')::bigint, 0, 0, 'in'
    FROM m WHERE m.k = 'Transfer'
  )
  SELECT (r.doc->>'seq')::bigint AS seq,
         to_timestamp((r.doc->>'at')::bigint / 1000.0) AS at,
         r.doc->>'actor' AS actor, s.code, s.name AS sku_name, l.name AS location,
         lower(regexp_replace(r.k, '([a-z])([A-Z])', '\\1_\\2', 'g')) AS kind,
         CASE WHEN r.k = 'Transfer' AND r.side = 'out' THEN 'to ' || dl.name
              WHEN r.k = 'Transfer' THEN 'from ' || sl.name
              WHEN jsonb_typeof(r.d) = 'string' THEN r.d #>> '{}'
         END AS kind_detail,
         (r.doc->>'qty')::bigint AS qty,
         r.on_hand_change, r.reserved_change, r.defective_change,
         c.name AS channel, r.doc->>'reference' AS reference, r.doc->>'note' AS note
  FROM rows r
  LEFT JOIN stockroom.skus s ON s.id = (r.doc->>'sku')::bigint
  LEFT JOIN stockroom.locations l ON l.id = r.loc
  LEFT JOIN stockroom.locations sl ON sl.id = (r.doc->>'location')::int
  LEFT JOIN stockroom.locations dl ON dl.id = (r.d->>'to')::int
  LEFT JOIN stockroom.channels c ON c.id = (r.doc->>'channel')::int;
CREATE VIEW stockroom.reservations AS
  SELECT (r.doc->>'id')::bigint AS id, c.name AS channel, r.doc->>'order_ref' AS order_ref,
         s.code, s.name AS sku_name, l.name AS location,
         (r.doc->>'qty')::bigint AS qty, (r.doc->>'remaining')::bigint AS remaining,
         (r.doc->>'picked')::bigint AS picked, r.doc->>'status' AS status,
         to_timestamp((r.doc->>'created')::bigint / 1000.0) AS created,
         to_timestamp((r.doc->>'deadline')::bigint / 1000.0) AS deadline,
         r.doc->>'tracking' AS tracking
  FROM stockroom.kv r
  LEFT JOIN stockroom.skus s ON s.id = (r.doc->>'sku')::bigint
  LEFT JOIN stockroom.locations l ON l.id = (r.doc->>'location')::int
  LEFT JOIN stockroom.channels c ON c.id = (r.doc->>'channel')::int
  WHERE r.t = 'reservations';
"
}
