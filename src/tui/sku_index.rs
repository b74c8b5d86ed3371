//! What the SKU list keeps of every SKU: the text its fuzzy filter matches (code, name and
//! barcodes, folded) in one arena, with u32 offsets and ids, and each SKU's available
//! quantity for the sort. The rows on screen are read from the store by id; a million
//! SKUs cost about 90 bytes each here instead of a full row and a matcher string.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::inventory::{SkuKey, SkuRow};

/// One character as the filter compares it: ё as е, Latin letters without accents.
fn fold_char(c: char) -> char {
    if c == 'ё' {
        'е'
    } else {
        nucleo_matcher::chars::normalize(c)
    }
}

/// Text as the filter compares it: lower case, ё as е, no Latin accents. The matcher then
/// compares plain characters (its own folding path is several times slower on Cyrillic).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

fn fold_into(s: &str, out: &mut String) {
    out.extend(s.chars().flat_map(char::to_lowercase).map(fold_char));
}

/// The filter typed, as the matcher takes it.
pub fn pattern(filter: &str) -> Pattern {
    Pattern::new(
        &fold(filter),
        CaseMatching::Respect,
        Normalization::Never,
        AtomKind::Fuzzy,
    )
}

/// What the filter matched a whole row on before the arena: code, name and barcodes,
/// folded, one space between. Kept for rows read outside the arena (a code looked up
/// while the list loads) and as the reference the arena must agree with.
pub fn haystack(r: &SkuRow) -> Utf32String {
    let mut s = String::with_capacity(r.code.len() + r.name.len() + 16);
    push_hay(&mut s, &r.code, &r.name, &r.barcodes);
    let chars: Vec<char> = s.chars().collect();
    if s.is_ascii() {
        Utf32String::Ascii(s.into_boxed_str())
    } else {
        Utf32String::Unicode(chars.into_boxed_slice())
    }
}

/// Appends a SKU's folded code, name and barcodes; returns where its name starts and ends.
fn push_hay(out: &mut String, code: &str, name: &str, barcodes: &[String]) -> (usize, usize) {
    fold_into(code, out);
    out.push(' ');
    let name_at = out.len();
    fold_into(name, out);
    let name_end = out.len();
    for b in barcodes {
        out.push(' ');
        fold_into(b, out);
    }
    (name_at, name_end)
}

/// The bit a character sets in an entry's character mask: Cyrillic а-я, Latin a-z and the
/// digits (five bits for ten) each have their own; every other character shares the last.
fn char_bit(c: char) -> u64 {
    let b = match c {
        'а'..='я' => c as u32 - 'а' as u32,
        'a'..='z' => 32 + (c as u32 - 'a' as u32),
        '0'..='9' => 58 + (c as u32 - '0' as u32) % 5,
        _ => 63,
    };
    1u64 << b
}

/// The characters of a text as a mask of `char_bit`s.
fn mask_of(text: &str) -> u64 {
    text.chars().fold(0, |m, c| m | char_bit(c))
}

/// Every character the pattern's words need, as a mask: an entry whose mask lacks one of
/// them cannot match (each kind of match compares characters one for one, the pattern is
/// folded as the entries are, and the matcher neither folds case nor normalizes).
pub fn needs(pat: &Pattern) -> u64 {
    pat.atoms
        .iter()
        .flat_map(|a| a.needle_text().chars())
        .fold(0, |m, c| m | char_bit(c))
}

/// The arena: entry `i` is `text[starts[i]..starts[i + 1]]`, in the order pushed (code
/// order when read from the store page by page).
#[derive(Debug, Clone)]
pub struct SkuIndex {
    text: String,
    /// Which characters each entry holds (`char_bit`): the filter skips an entry that lacks
    /// one the pattern needs without decoding it.
    masks: Vec<u64>,
    starts: Vec<u32>,
    name_at: Vec<u32>,
    name_end: Vec<u32>,
    ids: Vec<u32>,
    available: Vec<i64>,
}

impl Default for SkuIndex {
    fn default() -> Self {
        SkuIndex {
            text: String::new(),
            masks: Vec::new(),
            starts: vec![0],
            name_at: Vec::new(),
            name_end: Vec::new(),
            ids: Vec::new(),
            available: Vec::new(),
        }
    }
}

impl SkuIndex {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Builds the arena of these SKUs, in their order.
    pub fn of(keys: &[SkuKey]) -> SkuIndex {
        let mut ix = SkuIndex::default();
        ix.text
            .reserve(keys.iter().map(|k| k.code.len() + k.name.len() + 2).sum());
        for k in keys {
            ix.push(k);
        }
        ix
    }

    /// Adds one SKU at the end. One that would take the arena past 4 GiB is left out.
    pub fn push(&mut self, k: &SkuKey) {
        let before = self.text.len();
        let (name_at, name_end) = push_hay(&mut self.text, &k.code, &k.name, &k.barcodes);
        let (Ok(a), Ok(b), Ok(end)) = (
            u32::try_from(name_at),
            u32::try_from(name_end),
            u32::try_from(self.text.len()),
        ) else {
            self.text.truncate(before);
            return;
        };
        self.masks.push(mask_of(&self.text[before..]));
        self.name_at.push(a);
        self.name_end.push(b);
        self.starts.push(end);
        self.ids.push(k.id);
        self.available.push(k.available);
    }

    /// Adds another arena's SKUs at the end (a page read on the loading thread).
    pub fn append(&mut self, other: &SkuIndex) {
        let base = self.text.len();
        let Ok(shift) = u32::try_from(base) else {
            return;
        };
        if u32::try_from(base + other.text.len()).is_err() {
            return;
        }
        self.text.push_str(&other.text);
        let shifted = |v: &[u32]| v.iter().map(|x| x + shift).collect::<Vec<_>>();
        self.starts.extend(shifted(&other.starts[1..]));
        self.name_at.extend(shifted(&other.name_at));
        self.name_end.extend(shifted(&other.name_end));
        self.masks.extend_from_slice(&other.masks);
        self.ids.extend_from_slice(&other.ids);
        self.available.extend_from_slice(&other.available);
    }

    /// The same entries in the order `order` gives (positions into this arena); a position
    /// out of range is left out.
    pub fn permuted(&self, order: &[usize]) -> SkuIndex {
        let mut ix = SkuIndex::default();
        ix.text.reserve(self.text.len());
        for v in [
            &mut ix.starts,
            &mut ix.name_at,
            &mut ix.name_end,
            &mut ix.ids,
        ] {
            v.reserve(order.len());
        }
        ix.available.reserve(order.len());
        ix.masks.reserve(order.len());
        for &i in order {
            let (Some(&a), Some(&b), Some(&na), Some(&ne), Some(&id)) = (
                self.starts.get(i),
                self.starts.get(i + 1),
                self.name_at.get(i),
                self.name_end.get(i),
                self.ids.get(i),
            ) else {
                continue;
            };
            let Some(hay) = self.text.get(a as usize..b as usize) else {
                continue;
            };
            // Offsets stay within 4 GiB: the new arena holds no more text than this one.
            let base = ix.text.len() as u32;
            ix.text.push_str(hay);
            ix.name_at.push(base + (na - a));
            ix.name_end.push(base + (ne - a));
            ix.starts.push(ix.text.len() as u32);
            ix.ids.push(id);
            ix.masks
                .push(self.masks.get(i).copied().unwrap_or(u64::MAX));
            ix.available.push(self.available(i));
        }
        ix
    }

    /// Gives back the memory reserved beyond what the arena holds.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.name_at.shrink_to_fit();
        self.name_end.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.masks.shrink_to_fit();
        self.available.shrink_to_fit();
    }

    pub fn id(&self, i: usize) -> Option<u32> {
        self.ids.get(i).copied()
    }

    pub fn available(&self, i: usize) -> i64 {
        self.available.get(i).copied().unwrap_or(0)
    }

    /// The folded code, name and barcodes of entry `i`, as the filter sees them.
    pub fn hay(&self, i: usize) -> &str {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// The folded name of entry `i` (the sort by name).
    pub fn name(&self, i: usize) -> &str {
        match (self.name_at.get(i), self.name_end.get(i)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// The folded code of entry `i`.
    pub fn code(&self, i: usize) -> &str {
        match (self.starts.get(i), self.name_at.get(i)) {
            (Some(&a), Some(&b)) => self
                .text
                .get(a as usize..(b as usize).saturating_sub(1))
                .unwrap_or(""),
            _ => "",
        }
    }

    /// The entry whose id is this one.
    pub fn position_of(&self, id: u32) -> Option<usize> {
        self.ids.iter().position(|&x| x == id)
    }

    /// Scores the candidate entries against the pattern: (entry, score) of those that
    /// match, in the candidates' order. A long list is split over the cores, each part
    /// with its own matcher, so one keystroke stays within a frame as long as it can.
    pub fn score(&self, pat: &Pattern, candidates: &[usize]) -> Vec<(usize, u32)> {
        let need = needs(pat);
        let part_score = |part: &[usize]| -> Vec<(usize, u32)> {
            let mut m = Matcher::new(Config::DEFAULT);
            let mut buf: Vec<char> = Vec::new();
            part.iter()
                .filter(|&&i| self.masks.get(i).is_some_and(|&have| have & need == need))
                .filter_map(|&i| {
                    let hay = self.hay(i);
                    let s = if hay.is_ascii() {
                        Utf32Str::Ascii(hay.as_bytes())
                    } else {
                        buf.clear();
                        buf.extend(hay.chars());
                        Utf32Str::Unicode(&buf)
                    };
                    pat.score(s, &mut m).map(|s| (i, s))
                })
                .collect()
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        if cores < 2 || candidates.len() < 20_000 {
            return part_score(candidates);
        }
        let chunk = candidates.len().div_ceil(cores);
        std::thread::scope(|s| {
            let parts: Vec<_> = candidates
                .chunks(chunk)
                .skip(1)
                .map(|part| s.spawn(move || part_score(part)))
                .collect();
            // This thread takes the first part while the others run.
            let mut found = part_score(&candidates[..chunk.min(candidates.len())]);
            for p in parts {
                // A part that panicked only loses its rows from this one result.
                if let Ok(mut more) = p.join() {
                    found.append(&mut more);
                }
            }
            found
        })
    }

    /// Bytes held, for the memory figures.
    pub fn bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.starts.capacity()
                + self.name_at.capacity()
                + self.name_end.capacity()
                + self.ids.capacity())
            + 8 * (self.available.capacity() + self.masks.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: u32, code: &str, name: &str, barcodes: &[&str]) -> SkuKey {
        SkuKey {
            id,
            code: code.into(),
            name: name.into(),
            barcodes: barcodes.iter().map(|b| b.to_string()).collect(),
            available: id as i64,
        }
    }

    #[test]
    fn entries_read_back_folded_after_an_append() {
        let mut a = SkuIndex::of(&[key(7, "ЧАЙ-1", "Чай Зелёный", &["4600000000017"])]);
        let b = SkuIndex::of(&[key(3, "Tea-2", "Café au lait", &[])]);
        a.append(&b);
        assert_eq!(a.len(), 2);
        assert_eq!(a.code(0), "чай-1");
        assert_eq!(a.name(0), "чай зеленый");
        assert_eq!(a.hay(0), "чай-1 чай зеленый 4600000000017");
        assert_eq!(a.code(1), "tea-2");
        assert_eq!(a.name(1), "cafe au lait");
        assert_eq!((a.id(1), a.available(1)), (Some(3), 3));
        assert_eq!(a.position_of(3), Some(1));
        assert_eq!(a.hay(2), "");
    }

    #[test]
    fn a_permuted_arena_holds_the_same_entries_in_the_new_order() {
        let a = SkuIndex::of(&[
            key(7, "ЧАЙ-1", "Чай Зелёный", &["4600000000017"]),
            key(3, "Tea-2", "Café au lait", &[]),
            key(5, "B-9", "Ёлка", &["1", "2"]),
        ]);
        let p = a.permuted(&[2, 0, 1, 9]);
        assert_eq!(p.len(), 3, "a position out of range is left out");
        for (new, old) in [(0, 2), (1, 0), (2, 1)] {
            assert_eq!(p.hay(new), a.hay(old));
            assert_eq!(p.code(new), a.code(old));
            assert_eq!(p.name(new), a.name(old));
            assert_eq!(p.id(new), a.id(old));
            assert_eq!(p.available(new), a.available(old));
        }
        assert_eq!(p.name(0), "елка");
    }

    /// The split over cores finds exactly what one pass finds, in the same order.
    #[test]
    fn scoring_on_all_cores_equals_one_pass() {
        let names = ["Чай зелёный", "Кофе молотый", "Сумка льняная", "Green tea"];
        let keys: Vec<SkuKey> = (0..50_000u32)
            .map(|i| {
                key(
                    i,
                    &format!("SKU-{i:05}"),
                    &format!("{} {i}", names[i as usize % 4]),
                    &[],
                )
            })
            .collect();
        let ix = SkuIndex::of(&keys);
        let candidates: Vec<usize> = (0..ix.len()).collect();
        for filter in ["зел", "ЧАЙ", "tea 12", "сумка 4"] {
            let pat = pattern(filter);
            let split = ix.score(&pat, &candidates);
            let mut one = Vec::new();
            for part in candidates.chunks(10_000) {
                one.extend(ix.score(&pat, part));
            }
            assert!(!one.is_empty(), "{filter}");
            assert_eq!(split, one, "{filter}");
        }
    }
}
