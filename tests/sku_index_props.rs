//! The SKU list read in pieces gives exactly what one full read gives: pages walked in
//! code order, and the code/barcode prefix search through the folded key indexes, on
//! random catalogs (Latin and Cyrillic names, codes with dashes, barcodes, archived SKUs,
//! edits and renames); and the TUI list's arena of folded keys filters exactly as a full
//! scan of the rows does.

use std::sync::Arc;

use nucleo_matcher::{Config, Matcher};
use proptest::prelude::*;
use stockroom::domain::limits::code_key;
use stockroom::inventory::{Command, Inventory, InventoryExt, LocalInventory, SkuRow, SkuSpec};
use stockroom::tui::sku_index::{SkuIndex, fold, haystack, pattern};

const NOW: i64 = 1_795_176_000_000;

#[derive(Debug, Clone)]
enum Op {
    Add {
        code: String,
        name: String,
        barcode: Option<String>,
    },
    Edit {
        at: usize,
        name: String,
    },
    Rename {
        at: usize,
        code: String,
    },
    Archive {
        at: usize,
    },
    Receive {
        at: usize,
        qty: u64,
    },
}

fn code() -> impl Strategy<Value = String> {
    "[A-Za-zА-Яа-яЁё]{1,3}(-[0-9A-Za-zЖж]{1,3}){0,2}"
}

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Zа-яА-ЯёЁéÉ «»,.0-9]{1,14}"
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (code(), name(), proptest::option::of("[0-9]{8,13}"))
            .prop_map(|(code, name, barcode)| Op::Add { code, name, barcode }),
        1 => (any::<usize>(), name()).prop_map(|(at, name)| Op::Edit { at, name }),
        1 => (any::<usize>(), code()).prop_map(|(at, code)| Op::Rename { at, code }),
        1 => any::<usize>().prop_map(|at| Op::Archive { at }),
        1 => (any::<usize>(), 1u64..50).prop_map(|(at, qty)| Op::Receive { at, qty }),
    ]
}

/// Applies the operations; refused ones (a code taken, a bad name) change nothing and are
/// part of the test too.
fn catalog(ops: &[Op]) -> (tempfile::TempDir, Arc<LocalInventory>) {
    let dir = tempfile::tempdir().unwrap();
    let (inv, _) = LocalInventory::open_or_init(&dir.path().join("p.redb"), "owner").unwrap();
    let inv = Arc::new(inv.with_clock(Arc::new(|| NOW)));
    let mut codes: Vec<String> = Vec::new();
    let pick = |codes: &[String], at: usize| codes.get(at % codes.len().max(1)).cloned();
    for op in ops {
        let cmd = match op {
            Op::Add {
                code,
                name,
                barcode,
            } => Command::AddSku(SkuSpec {
                code: code.clone(),
                name: Some(name.clone()),
                barcodes: barcode.iter().cloned().collect(),
                ..SkuSpec::default()
            }),
            Op::Edit { at, name } => match pick(&codes, *at) {
                Some(code) => Command::EditSku(SkuSpec {
                    code,
                    name: Some(name.clone()),
                    ..SkuSpec::default()
                }),
                None => continue,
            },
            Op::Rename { at, code } => match pick(&codes, *at) {
                Some(old) => Command::RenameSku {
                    spec: SkuSpec {
                        code: old,
                        ..SkuSpec::default()
                    },
                    code: Some(code.clone()),
                    remove_barcodes: Vec::new(),
                },
                None => continue,
            },
            Op::Archive { at } => match pick(&codes, *at) {
                Some(sku) => Command::ArchiveSku { sku },
                None => continue,
            },
            Op::Receive { at, qty } => match pick(&codes, *at) {
                Some(sku) => Command::Receive {
                    sku,
                    qty: *qty,
                    at: None,
                    reference: None,
                },
                None => continue,
            },
        };
        let _ = inv.execute(cmd);
        codes = inv
            .sku_list(None, false)
            .unwrap()
            .into_iter()
            .map(|r| r.code)
            .collect();
    }
    (dir, inv)
}

/// What a full scan says a prefix finds: the rows whose folded code or barcode begins
/// with the folded prefix.
fn scan(all: &[SkuRow], prefix: &str) -> Vec<SkuRow> {
    let key = code_key(prefix);
    all.iter()
        .filter(|r| {
            code_key(&r.code).starts_with(&key)
                || r.barcodes.iter().any(|b| code_key(b).starts_with(&key))
        })
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn pages_and_prefix_search_equal_a_full_scan(
        ops in proptest::collection::vec(op(), 1..40),
        page in 1u32..7,
        cuts in proptest::collection::vec((any::<usize>(), 1usize..6, any::<bool>()), 1..6),
        stray in code(),
    ) {
        let (_dir, inv) = catalog(&ops);
        let all = inv.sku_list(None, false).unwrap();

        // Pages walked one after another are the full list, row for row.
        let mut walked: Vec<SkuRow> = Vec::new();
        let mut after = None;
        loop {
            let got = inv.sku_page(after.clone(), page).unwrap();
            prop_assert!(got.len() <= page as usize);
            let last = got.last().map(|r| r.code.clone());
            let done = got.len() < page as usize;
            walked.extend(got);
            if done {
                break;
            }
            after = last;
        }
        prop_assert_eq!(&walked, &all);

        // Prefixes of codes and barcodes there (in either case), and one that may be
        // nowhere: the index finds exactly what the scan finds.
        let mut prefixes = vec![stray, String::new()];
        for (at, len, upper) in cuts {
            if let Some(r) = all.get(at % all.len().max(1)) {
                let word = match r.barcodes.first() {
                    Some(b) if at % 3 == 0 => b.clone(),
                    _ => r.code.clone(),
                };
                let cut: String = word.chars().take(len).collect();
                prefixes.push(if upper { cut.to_uppercase() } else { cut.to_lowercase() });
            }
        }
        for p in prefixes {
            let found = inv.sku_by_prefix(&p, 10_000).unwrap();
            prop_assert_eq!(&found, &scan(&all, &p), "prefix {:?}", p);
        }
    }
}

/// The list's arena read in pages of keys in code order.
fn arena_of(inv: &LocalInventory, page: u32) -> SkuIndex {
    let mut ix = SkuIndex::default();
    let mut after = None;
    loop {
        let keys = inv.sku_keys(after.clone(), page).unwrap();
        let done = keys.len() < page as usize;
        after = keys.last().map(|k| k.code.clone());
        for k in &keys {
            ix.push(k);
        }
        if done {
            return ix;
        }
    }
}

/// The list's arena as the TUI reads a big list: pages in id order, kept in that order,
/// then put in the order of the stored codes.
fn arena_by_id(inv: &LocalInventory, page: u32) -> SkuIndex {
    let mut ix = SkuIndex::default();
    let mut codes: Vec<String> = Vec::new();
    let mut after = None;
    loop {
        let keys = inv.sku_keys_by_id(after, page).unwrap();
        let done = keys.len() < page as usize;
        after = keys.last().map(|k| k.id).or(after);
        for k in &keys {
            ix.push(k);
            codes.push(k.code.clone());
        }
        if done {
            break;
        }
    }
    let mut order: Vec<u32> = (0..codes.len() as u32).collect();
    order.sort_by(|&a, &b| codes[a as usize].cmp(&codes[b as usize]));
    ix.with_order(&order)
}

fn filter() -> impl Strategy<Value = String> {
    "[a-zA-Zа-яА-ЯёЁéÉ0-9 «,.-]{1,4}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Either way of reading, the arena holds every SKU in code order, and its fuzzy
    /// filter ranks exactly the rows, with exactly the scores, that a full scan of the
    /// rows (the matcher's text made from each whole row) finds, sorted by score and then
    /// by the list's order; a filter typed on narrows the last one's answer to the same.
    #[test]
    fn the_arena_filter_equals_a_full_scan_of_the_rows(
        ops in proptest::collection::vec(op(), 1..40),
        page in 1u32..7,
        typed in proptest::collection::vec(filter(), 1..5),
        cuts in proptest::collection::vec((any::<usize>(), 0usize..8, 1usize..5), 1..4),
    ) {
        let (_dir, inv) = catalog(&ops);
        let all = inv.sku_list(None, false).unwrap();
        // Random filters, and pieces of the names and codes there (any case).
        let mut filters = typed;
        for (at, from, len) in cuts {
            if let Some(r) = all.get(at % all.len().max(1)) {
                let word = if at % 2 == 0 { &r.name } else { &r.code };
                filters.push(word.chars().skip(from).take(len).collect::<String>().to_uppercase());
            }
        }
        let hay: Vec<_> = all.iter().map(haystack).collect();
        let mut m = Matcher::new(Config::DEFAULT);
        for ix in [arena_of(&inv, page), arena_by_id(&inv, page)] {
            prop_assert_eq!(ix.len(), all.len());
            for (i, r) in all.iter().enumerate() {
                prop_assert_eq!(ix.code(i), fold(&r.code));
                prop_assert_eq!(ix.name(i), fold(&r.name));
                prop_assert_eq!(ix.hay(i), hay[i].to_string());
                prop_assert_eq!(ix.available(i), r.available);
            }
            for f in &filters {
                let pat = pattern(f);
                let mut scan: Vec<(usize, u32)> = hay
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| pat.score(h.slice(..), &mut m).map(|s| (i, s)))
                    .collect();
                scan.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let found = ix.matches(&pat, None);
                prop_assert_eq!(ix.ranked(&found), scan.clone(), "filter {:?}", f);
                let positions: Vec<usize> = scan.iter().map(|x| x.0).collect();
                prop_assert_eq!(ix.ranked_positions(&found), positions, "filter {:?}", f);
                // One more letter: narrowing equals a fresh scan.
                let longer = format!("{f}а");
                let narrowed = ix.matches(&pattern(&longer), Some(&found));
                prop_assert_eq!(narrowed, ix.matches(&pattern(&longer), None), "filter {:?}", longer);
            }
        }
    }
}
/// A prefix that finds more than the limit gives the limit, all of them matching.
#[test]
fn a_prefix_search_stops_at_its_limit() {
    let ops: Vec<Op> = (0..30)
        .map(|i| Op::Add {
            code: format!("ЧАЙ-{i:02}"),
            name: format!("Чай зелёный {i}"),
            barcode: None,
        })
        .collect();
    let (_dir, inv) = catalog(&ops);
    let found = inv.sku_by_prefix("чай-", 7).unwrap();
    assert_eq!(found.len(), 7);
    let all = inv.sku_list(None, false).unwrap();
    assert_eq!(found[..], all[..7]);
    // No query answers more than a few thousand rows at once.
    let none = inv.query(stockroom::inventory::Query::SkuByPrefix {
        prefix: "zzz".into(),
        limit: u32::MAX,
    });
    assert!(matches!(none, Ok(stockroom::inventory::Answer::Skus(v)) if v.is_empty()));
}

/// (entry, score) of every entry the matcher itself matches, run on each whole text.
fn matcher_on_whole_texts(
    ix: &SkuIndex,
    pat: &nucleo_matcher::pattern::Pattern,
    m: &mut Matcher,
) -> Vec<(u32, u32)> {
    (0..ix.len())
        .filter_map(|i| {
            let hay = nucleo_matcher::Utf32String::from(ix.hay(i).as_str());
            pat.score(hay.slice(..), m).map(|s| (i as u32, s))
        })
        .collect()
}

/// Text from a small alphabet, so that words repeat their letters many times over and
/// meet every kind of neighbour the matcher scores differently: letters of both scripts,
/// digits, delimiters, signs, spaces.
fn dense() -> impl Strategy<Value = String> {
    "[аbчя1-«/ ]{0,24}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The arena scores only the part of a text a one-word pattern depends on: on any
    /// texts and words the scores equal the matcher's on the whole text.
    #[test]
    fn scoring_a_part_equals_scoring_the_whole(
        names in proptest::collection::vec((dense(), dense()), 1..12),
        words in proptest::collection::vec("[аbчя1-«/ ]{1,4}", 1..6),
    ) {
        let keys: Vec<stockroom::inventory::SkuKey> = names
            .iter()
            .enumerate()
            .map(|(i, (code, name))| stockroom::inventory::SkuKey {
                id: i as u32,
                code: code.clone(),
                name: name.clone(),
                barcodes: Vec::new(),
                available: 0,
            })
            .collect();
        let ix = SkuIndex::of(&keys);
        let mut m = Matcher::new(Config::DEFAULT);
        for w in &words {
            let pat = pattern(w);
            prop_assert_eq!(ix.matches(&pat, None), matcher_on_whole_texts(&ix, &pat, &mut m), "word {:?}", w);
        }
    }
}

/// Every class of character the scoring tells apart, in the narrow alphabet: small Latin
/// and Cyrillic letters, digits and numeric signs (², ½), a modifier letter (ʼ), a
/// no-break space, delimiters, punctuation and signs.
fn narrow_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(vec![
            'а', 'б', 'ч', 'я', 'е', 'a', 'b', 'z', '0', '7', '²', '½', 'ʼ', '\u{a0}', ' ', '/',
            ',', ':', ';', '|', '-', '.', '«', '»', '—', '№', '₽', 'µ', 'і', 'ә',
        ]),
        0..max,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// The same, for the words typed: one to six characters, no spaces (one word).
fn narrow_word() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(vec![
            'а', 'б', 'ч', 'я', 'a', 'b', '0', '7', '²', 'ʼ', '/', ',', '|', '-', '«', '—', '№',
            '\u{a0}',
        ]),
        1..7,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A one-word filter on narrow entries is scored on their bytes (`tui::narrow_score`):
    /// over every character class, short and long texts (past the scorer's own limit of
    /// 1,024, where the matcher takes over), the scores equal the matcher's on the text.
    #[test]
    fn scoring_the_bytes_equals_the_matcher(
        names in proptest::collection::vec((narrow_text(16), narrow_text(160)), 1..10),
        long in proptest::option::of(narrow_text(1400)),
        words in proptest::collection::vec(narrow_word(), 1..6),
    ) {
        let mut keys: Vec<stockroom::inventory::SkuKey> = names
            .iter()
            .enumerate()
            .map(|(i, (code, name))| stockroom::inventory::SkuKey {
                id: i as u32,
                // Half the entries all ASCII (the matcher's other path), half not.
                code: if i % 2 == 0 { code.clone() } else { format!("ж{code}") },
                name: name.clone(),
                barcodes: Vec::new(),
                available: 0,
            })
            .collect();
        if let Some(name) = long {
            keys.push(stockroom::inventory::SkuKey {
                id: keys.len() as u32,
                code: "ж".into(),
                name,
                barcodes: Vec::new(),
                available: 0,
            });
        }
        let ix = SkuIndex::of(&keys);
        let mut m = Matcher::new(Config::DEFAULT);
        for w in &words {
            let pat = pattern(w);
            prop_assert_eq!(ix.matches(&pat, None), matcher_on_whole_texts(&ix, &pat, &mut m), "word {:?}", w);
        }
    }
}
