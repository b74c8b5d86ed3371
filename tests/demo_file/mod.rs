//! A demo shop made once per test process and copied for each test that starts from it:
//! the demo's durable commits are most of such a test's time.
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, Mutex};

use stockroom::demo::{DemoSpec, generate_at};
use stockroom::i18n::Lang;
use stockroom::inventory::LocalInventory;

type Key = (Lang, String, u32, u32, u64, bool, i64);

/// Writes at `path` the database of the demo of `spec`, made at `now` by `actor` with `lang`
/// the interface language (the demo names its own locations and channels in it; the caller
/// has set it). Made once per process for each such set, then copied.
pub fn demo_at(path: &Path, lang: Lang, actor: &str, spec: &DemoSpec, now: i64) {
    static MADE: Mutex<Vec<(Key, Vec<u8>)>> = Mutex::new(Vec::new());
    let key: Key = (
        lang,
        actor.to_string(),
        spec.skus,
        spec.days,
        spec.seed,
        spec.seasons,
        now,
    );
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, bytes)) = made.iter().find(|(k, _)| *k == key) {
        std::fs::write(path, bytes).expect("write the demo's copy");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let made_at = dir.path().join("demo.redb");
    {
        let (inv, _) = LocalInventory::open_or_init(&made_at, actor).expect("open");
        let inv = inv.with_clock(Arc::new(move || now));
        generate_at(&inv, spec, now).expect("demo");
    }
    let bytes = std::fs::read(&made_at).expect("read the demo");
    std::fs::write(path, &bytes).expect("write the demo's copy");
    made.push((key, bytes));
}

/// The demo of `spec` (made at `now` by `actor`, see `demo_at`) as `t.redb` in `dir`, opened
/// by `actor` with the clock standing at `now`.
pub fn demo_inventory(
    dir: &Path,
    lang: Lang,
    actor: &str,
    spec: &DemoSpec,
    now: i64,
) -> Arc<LocalInventory> {
    let path = dir.join("t.redb");
    demo_at(&path, lang, actor, spec, now);
    let inv = LocalInventory::open(&path, actor).expect("open the demo's copy");
    Arc::new(inv.with_clock(Arc::new(move || now)))
}
