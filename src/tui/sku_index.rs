//! What the SKU list keeps of every SKU: the text its fuzzy filter matches (code, name and
//! barcodes, folded) in one arena, with u32 offsets and ids, and each SKU's available
//! quantity for the sort. The rows on screen are read from the store by id; a million
//! SKUs cost about 90 bytes each here instead of a full row and a matcher string.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::inventory::{SkuKey, SkuRow};
use crate::tui::narrow_score::NarrowScorer;

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
    // An accent typed apart from its letter ("e" + U+0301, "и" + U+0306) is composed with
    // it first: names are stored composed, a filter may come either way.
    if s.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)) {
        use unicode_normalization::UnicodeNormalization;
        let composed: String = s.nfc().collect();
        out.extend(composed.chars().flat_map(char::to_lowercase).map(fold_char));
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase).map(fold_char));
    }
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

/// The characters beyond ASCII an entry may hold and still be kept one byte a character
/// (byte 128 + its place here), in code point order, so that comparing two such entries
/// byte by byte orders them as their text: the folded Cyrillic alphabets, the signs seen in
/// product names. An entry with any other character is kept as UTF-8.
const NARROW: [char; 72] = [
    '\u{a0}', '«', '°', '±', '²', '³', 'µ', '·', '»', '½', '×', 'ʼ', 'а', 'б', 'в', 'г', 'д', 'е',
    'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш',
    'щ', 'ъ', 'ы', 'ь', 'э', 'ю', 'я', 'є', 'і', 'ї', 'ј', 'ў', 'ґ', 'ғ', 'қ', 'ң', 'ү', 'ұ', 'һ',
    'ә', 'ө', '–', '—', '‘', '’', '“', '”', '„', '•', '…', '€', '₽', '№', '™', '−',
];

/// Where 'а' is in `NARROW`: the alphabet is looked up by arithmetic, the rest by search.
const CYRILLIC_AT: usize = 12;

/// The byte that keeps `c` in a narrow entry, if there is one.
fn narrow_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    let at = if ('а'..='я').contains(&c) {
        CYRILLIC_AT + (c as usize - 'а' as usize)
    } else {
        NARROW.binary_search(&c).ok()?
    };
    Some(128 + at as u8)
}

/// The character a byte of a narrow entry keeps.
fn narrow_char(b: u8) -> char {
    match b {
        0..=127 => b as char,
        _ => NARROW.get(b as usize - 128).copied().unwrap_or('\u{fffd}'),
    }
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

/// Every character the pattern's words need, as a mask: an entry whose mask lacks one of
/// them cannot match (each kind of match compares characters one for one, the pattern is
/// folded as the entries are, and the matcher neither folds case nor normalizes).
pub fn needs(pat: &Pattern) -> u64 {
    pat.atoms
        .iter()
        .flat_map(|a| a.needle_text().chars())
        .fold(0, |m, c| m | char_bit(c))
}

/// The part of a narrow entry a one-word fuzzy pattern's score depends on, so that only it
/// is decoded and given to the matcher. The matcher (nucleo-matcher 0.3) scores a word from
/// the first place its first character is found (and the class of the character before it)
/// to the last place its last character is found after that; a one-character word scores
/// where it is first found (a later place scores its bonus from the class of the previous
/// match, the same character, which is never more). The property tests compare every
/// answer with the matcher on whole texts.
struct Span {
    first: Option<u8>,
    last: Option<u8>,
    len: usize,
}

impl Span {
    fn of(pat: &Pattern) -> Option<Span> {
        let [atom] = pat.atoms.as_slice() else {
            return None;
        };
        if atom.kind != AtomKind::Fuzzy || atom.negative {
            return None;
        }
        let needle: Vec<char> = atom.needle_text().chars().collect();
        Some(Span {
            first: needle.first().and_then(|&c| narrow_byte(c)),
            last: needle.last().and_then(|&c| narrow_byte(c)),
            len: needle.len(),
        })
    }

    /// The bytes to score, or None when the word cannot match these.
    fn cut<'a>(&self, bytes: &'a [u8]) -> Option<&'a [u8]> {
        let first = bytes.iter().position(|&b| Some(b) == self.first)?;
        let end = if self.len == 1 {
            first + 1
        } else {
            let last = self.last?;
            first + 2 + bytes.get(first + 1..)?.iter().rposition(|&b| b == last)?
        };
        let part = bytes.get(first.saturating_sub(1)..end)?;
        // A part no longer than the word would take the matcher's other paths.
        Some(if part.len() > self.len { part } else { bytes })
    }
}

/// The arena. Entry `e` (in the order pushed) is `text[starts[e]..starts[e + 1]]`: its
/// folded code, name and barcodes, one byte a character (`NARROW`) unless its bit in
/// `wide` says UTF-8. The list's positions are the entries' order unless `order` is set
/// (position -> entry; `rank` is entry -> position): the list read in id order keeps its
/// text in that order and is put in code order by these two arrays alone.
#[derive(Debug, Clone)]
pub struct SkuIndex {
    text: Vec<u8>,
    starts: Vec<u32>,
    name_at: Vec<u32>,
    name_end: Vec<u32>,
    wide: Vec<u64>,
    /// Which characters each entry holds (`char_bit`): the filter skips an entry that lacks
    /// one the pattern needs without reading its text.
    masks: Vec<u64>,
    ids: Vec<u32>,
    available: Vec<i64>,
    order: Vec<u32>,
    rank: Vec<u32>,
}

impl Default for SkuIndex {
    fn default() -> Self {
        SkuIndex {
            text: Vec::new(),
            starts: vec![0],
            name_at: Vec::new(),
            name_end: Vec::new(),
            wide: Vec::new(),
            masks: Vec::new(),
            ids: Vec::new(),
            available: Vec::new(),
            order: Vec::new(),
            rank: Vec::new(),
        }
    }
}

/// The characters of an entry's bytes, narrow or UTF-8.
enum Chars<'a> {
    Narrow(std::slice::Iter<'a, u8>),
    Wide(std::str::Chars<'a>),
}

impl Iterator for Chars<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            Chars::Narrow(b) => b.next().map(|&b| narrow_char(b)),
            Chars::Wide(c) => c.next(),
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
        ix.reserve(
            keys.len(),
            keys.iter().map(|k| k.code.len() + k.name.len() + 2).sum(),
        );
        for k in keys {
            ix.push(k);
        }
        ix
    }

    /// Bytes of text held.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Room for `entries` more entries and `text` more bytes, so a list read in parts
    /// grows once instead of by doubling.
    pub fn reserve(&mut self, entries: usize, text: usize) {
        self.text.reserve(text);
        for v in [
            &mut self.starts,
            &mut self.name_at,
            &mut self.name_end,
            &mut self.ids,
        ] {
            v.reserve(entries);
        }
        self.masks.reserve(entries);
        self.available.reserve(entries);
        self.wide.reserve(entries.div_ceil(64));
    }

    /// Adds one SKU at the end (at the last position too). One that would take the arena
    /// past 4 GiB is left out.
    pub fn push(&mut self, k: &SkuKey) {
        let mut hay = String::with_capacity(k.code.len() + k.name.len() + 16);
        let (name_at, name_end) = push_hay(&mut hay, &k.code, &k.name, &k.barcodes);
        let before = self.text.len();
        // One pass: the mask, and the text one byte a character while every one has a byte;
        // the first that has none sends the whole entry to UTF-8. Where the name begins and
        // ends is counted in characters on the way, which is bytes when narrow.
        let (mut mask, mut wide) = (0u64, false);
        // A name that ends the text (or an empty one there) ends at the character count.
        let count = hay.chars().count();
        let (mut na, mut ne) = (count, count);
        for (i, (at, c)) in hay.char_indices().enumerate() {
            mask |= char_bit(c);
            if at == name_at {
                na = i;
            }
            if at == name_end {
                ne = i;
            }
            match narrow_byte(c).filter(|_| !wide) {
                Some(b) => self.text.push(b),
                None => wide = true,
            }
        }
        if wide {
            self.text.truncate(before);
            self.text.extend_from_slice(hay.as_bytes());
            (na, ne) = (name_at, name_end);
        }
        let (Ok(a), Ok(b), Ok(end), Ok(_)) = (
            u32::try_from(before + na),
            u32::try_from(before + ne),
            u32::try_from(self.text.len()),
            u32::try_from(self.ids.len()),
        ) else {
            self.text.truncate(before);
            return;
        };
        self.name_at.push(a);
        self.name_end.push(b);
        self.starts.push(end);
        self.push_entry(wide, mask, k.id, k.available);
    }

    /// The rest of an entry whose text, name and end are pushed: its encoding, mask, id,
    /// quantity, and its position (the last).
    fn push_entry(&mut self, wide: bool, mask: u64, id: u32, available: i64) {
        let e = self.ids.len();
        if e.is_multiple_of(64) {
            self.wide.push(0);
        }
        if let Some(w) = self.wide.last_mut().filter(|_| wide) {
            *w |= 1 << (e % 64);
        }
        if !self.order.is_empty() {
            self.order.push(e as u32);
            self.rank.push(e as u32);
        }
        self.masks.push(mask);
        self.ids.push(id);
        self.available.push(available);
    }

    /// The same entries with the list in the order `order` gives (positions into this
    /// list, each once); the text stays where it is. An order that is not such a
    /// permutation leaves the list as it was.
    pub fn with_order(mut self, order: &[u32]) -> SkuIndex {
        let n = self.len();
        if order.len() != n {
            return self;
        }
        let mut entries = Vec::with_capacity(n);
        let mut rank = vec![u32::MAX; n];
        for (p, &q) in order.iter().enumerate() {
            let Some(e) = self.entry(q as usize) else {
                return self;
            };
            match rank.get_mut(e) {
                Some(r) if *r == u32::MAX => *r = p as u32,
                _ => return self,
            }
            entries.push(e as u32);
        }
        self.order = entries;
        self.rank = rank;
        self
    }

    /// Gives back the memory reserved beyond what the arena holds.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.name_at.shrink_to_fit();
        self.name_end.shrink_to_fit();
        self.wide.shrink_to_fit();
        self.masks.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.available.shrink_to_fit();
        self.order.shrink_to_fit();
        self.rank.shrink_to_fit();
    }

    /// The entry at a position of the list.
    fn entry(&self, pos: usize) -> Option<usize> {
        if self.order.is_empty() {
            (pos < self.len()).then_some(pos)
        } else {
            self.order.get(pos).map(|&e| e as usize)
        }
    }

    /// The position of an entry in the list.
    fn position(&self, e: usize) -> usize {
        if self.rank.is_empty() {
            e
        } else {
            self.rank.get(e).map_or(e, |&p| p as usize)
        }
    }

    fn is_wide(&self, e: usize) -> bool {
        self.wide
            .get(e / 64)
            .is_some_and(|w| w & (1 << (e % 64)) != 0)
    }

    fn chars(&self, e: usize, a: u32, b: u32) -> Chars<'_> {
        let bytes = self.text.get(a as usize..b as usize).unwrap_or_default();
        if self.is_wide(e) {
            Chars::Wide(std::str::from_utf8(bytes).unwrap_or_default().chars())
        } else {
            Chars::Narrow(bytes.iter())
        }
    }

    pub fn id(&self, pos: usize) -> Option<u32> {
        self.ids.get(self.entry(pos)?).copied()
    }

    pub fn available(&self, pos: usize) -> i64 {
        self.entry(pos)
            .and_then(|e| self.available.get(e).copied())
            .unwrap_or(0)
    }

    /// The folded code, name and barcodes at a position, as the filter sees them.
    pub fn hay(&self, pos: usize) -> String {
        match self.entry(pos) {
            Some(e) => self.chars(e, self.starts[e], self.starts[e + 1]).collect(),
            None => String::new(),
        }
    }

    fn name_chars(&self, e: usize) -> Chars<'_> {
        self.chars(e, self.name_at[e], self.name_end[e])
    }

    /// The folded name at a position (the sort by name).
    pub fn name(&self, pos: usize) -> String {
        match self.entry(pos) {
            Some(e) => self.name_chars(e).collect(),
            None => String::new(),
        }
    }

    /// The folded names at two positions compared as text, without making strings.
    pub fn cmp_names(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let (Some(x), Some(y)) = (self.entry(a), self.entry(b)) else {
            return self.entry(a).is_some().cmp(&self.entry(b).is_some());
        };
        if self.is_wide(x) == self.is_wide(y) {
            // Narrow bytes and UTF-8 both order as their characters.
            let name = |e: usize| &self.text[self.name_at[e] as usize..self.name_end[e] as usize];
            return name(x).cmp(name(y));
        }
        self.name_chars(x).cmp(self.name_chars(y))
    }

    /// The folded code at a position.
    pub fn code(&self, pos: usize) -> String {
        match self.entry(pos) {
            Some(e) => self
                .chars(e, self.starts[e], self.name_at[e].saturating_sub(1))
                .collect(),
            None => String::new(),
        }
    }

    /// The position whose folded code is this one.
    pub fn position_of_code(&self, folded: &str) -> Option<usize> {
        (0..self.len())
            .find(|&e| {
                let code = self.chars(e, self.starts[e], self.name_at[e].saturating_sub(1));
                code.eq(folded.chars())
            })
            .map(|e| self.position(e))
    }

    /// The position whose SKU id is this one.
    pub fn position_of(&self, id: u32) -> Option<usize> {
        self.ids
            .iter()
            .position(|&x| x == id)
            .map(|e| self.position(e))
    }

    /// Scores entries against the pattern: (entry, score) of those that match, in the
    /// order the entries are kept (which is the order their text lies in, so a scan reads
    /// memory front to back). All entries, or those of an earlier answer (`within`, in
    /// that order). A long list is split over the cores, each part with its own matcher,
    /// so one keystroke stays within a frame as long as it can.
    pub fn matches(&self, pat: &Pattern, within: Option<&[(u32, u32)]>) -> Vec<(u32, u32)> {
        let need = needs(pat);
        let span = Span::of(pat);
        // A one-word pattern of narrow characters is scored on the bytes themselves.
        let word: Option<Vec<u8>> = match pat.atoms.as_slice() {
            [atom] if atom.kind == AtomKind::Fuzzy && !atom.negative => {
                atom.needle_text().chars().map(narrow_byte).collect()
            }
            _ => None,
        };
        let score_one = |e: usize,
                         m: &mut Matcher,
                         fast: &mut Option<NarrowScorer>,
                         buf: &mut Vec<char>|
         -> Option<u32> {
            if self.masks.get(e)? & need != need {
                return None;
            }
            let bytes = self
                .text
                .get(self.starts[e] as usize..self.starts[e + 1] as usize)?;
            if !self.is_wide(e)
                && let Some(Ok(score)) = fast.as_mut().map(|f| f.score(bytes))
            {
                return score.map(u32::from);
            }
            let s = if bytes.is_ascii() {
                Utf32Str::Ascii(bytes)
            } else {
                buf.clear();
                if self.is_wide(e) {
                    buf.extend(std::str::from_utf8(bytes).ok()?.chars());
                } else {
                    let part = match &span {
                        Some(span) => span.cut(bytes)?,
                        None => bytes,
                    };
                    buf.extend(part.iter().map(|&b| narrow_char(b)));
                }
                Utf32Str::Unicode(buf)
            };
            pat.score(s, m)
        };
        let scorer = || word.clone().and_then(|w| NarrowScorer::new(w, narrow_char));
        let part_all = |from: usize, to: usize| -> Vec<(u32, u32)> {
            let mut m = Matcher::new(Config::DEFAULT);
            let mut fast = scorer();
            let mut buf: Vec<char> = Vec::new();
            (from..to)
                .filter_map(|e| score_one(e, &mut m, &mut fast, &mut buf).map(|s| (e as u32, s)))
                .collect()
        };
        let part_within = |part: &[(u32, u32)]| -> Vec<(u32, u32)> {
            let mut m = Matcher::new(Config::DEFAULT);
            let mut fast = scorer();
            let mut buf: Vec<char> = Vec::new();
            part.iter()
                .filter_map(|&(e, _)| {
                    score_one(e as usize, &mut m, &mut fast, &mut buf).map(|s| (e, s))
                })
                .collect()
        };
        let total = within.map_or(self.len(), <[_]>::len);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        if cores < 2 || total < 20_000 {
            return match within {
                Some(w) => part_within(w),
                None => part_all(0, self.len()),
            };
        }
        let chunk = total.div_ceil(cores);
        let run = |k: usize| -> Vec<(u32, u32)> {
            let (from, to) = (k * chunk, ((k + 1) * chunk).min(total));
            match within {
                Some(w) => part_within(&w[from..to]),
                None => part_all(from, to),
            }
        };
        std::thread::scope(|s| {
            let parts: Vec<_> = (1..cores).map(|k| s.spawn(move || run(k))).collect();
            // This thread takes the first part while the others run.
            let mut found = run(0);
            for p in parts {
                // A part that panicked only loses its rows from this one result.
                if let Ok(mut more) = p.join() {
                    found.append(&mut more);
                }
            }
            found
        })
    }

    /// Matches (entry, score) as the list shows them: (position, score), the highest score
    /// first and on a tie the list's order. Linear in the matches for a big answer: put in
    /// position order by a table of positions, then counted out by score.
    pub fn ranked(&self, found: &[(u32, u32)]) -> Vec<(usize, u32)> {
        let n = self.len();
        let by_pos: Vec<(usize, u32)> = if self.rank.is_empty() {
            found.iter().map(|&(e, s)| (e as usize, s)).collect()
        } else if found.len() >= n / 16 {
            self.slots(found)
                .0
                .iter()
                .enumerate()
                .filter(|(_, s)| **s != 0)
                .map(|(p, s)| (p, s - 1))
                .collect()
        } else {
            let mut v: Vec<(usize, u32)> = found
                .iter()
                .map(|&(e, s)| (self.position(e as usize), s))
                .collect();
            v.sort_unstable();
            v
        };
        let top = by_pos.iter().map(|x| x.1).max().unwrap_or(0) as usize;
        if top >= 1 << 16 {
            let mut v = by_pos;
            v.sort_by_key(|x| std::cmp::Reverse(x.1));
            return v;
        }
        // Counted out: where each score's run begins, highest first.
        let mut at = vec![0usize; top + 1];
        for &(_, s) in &by_pos {
            at[s as usize] += 1;
        }
        let mut next = 0;
        for c in at.iter_mut().rev() {
            let k = *c;
            *c = next;
            next += k;
        }
        let mut out = vec![(0usize, 0u32); by_pos.len()];
        for x in by_pos {
            let slot = &mut at[x.1 as usize];
            out[*slot] = x;
            *slot += 1;
        }
        out
    }

    /// A table by position of the list: score + 1 where `found` matched, 0 where not; and
    /// the highest value in it.
    fn slots(&self, found: &[(u32, u32)]) -> (Vec<u32>, u32) {
        let mut slot: Vec<u32> = vec![0; self.len()];
        let mut top = 0u32;
        for &(e, s) in found {
            let p = if self.rank.is_empty() {
                e as usize
            } else {
                match self.rank.get(e as usize) {
                    Some(p) => *p as usize,
                    None => continue,
                }
            };
            let v = s.saturating_add(1);
            if let Some(x) = slot.get_mut(p) {
                *x = v;
                top = top.max(v);
            }
        }
        (slot, top)
    }

    /// The positions of `ranked`, without their scores: for a big answer, counted
    /// straight out of one table of positions (two passes over the list, no pairs built).
    pub fn ranked_positions(&self, found: &[(u32, u32)]) -> Vec<usize> {
        let n = self.len();
        if found.len() < n / 16 {
            return self.ranked(found).into_iter().map(|x| x.0).collect();
        }
        let (slot, top) = self.slots(found);
        if top as usize > 1 << 16 {
            return self.ranked(found).into_iter().map(|x| x.0).collect();
        }
        let mut at = vec![0usize; top as usize + 1];
        for &v in &slot {
            at[v as usize] += 1;
        }
        // Highest score first: each score's run begins after those of the higher ones.
        let mut next = 0;
        for c in at.iter_mut().skip(1).rev() {
            let k = *c;
            *c = next;
            next += k;
        }
        let mut out = vec![0usize; next];
        for (p, &v) in slot.iter().enumerate() {
            if v != 0 {
                let at = &mut at[v as usize];
                out[*at] = p;
                *at += 1;
            }
        }
        out
    }

    /// Bytes held, for the memory figures.
    pub fn bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.starts.capacity()
                + self.name_at.capacity()
                + self.name_end.capacity()
                + self.ids.capacity()
                + self.order.capacity()
                + self.rank.capacity())
            + 8 * (self.available.capacity() + self.masks.capacity() + self.wide.capacity())
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

    /// The table is in code point order (narrow bytes compare as text, and it is searched
    /// by halves) and the alphabet sits where the arithmetic looks for it.
    #[test]
    fn the_narrow_table_is_ordered_and_finds_every_character() {
        assert!(NARROW.windows(2).all(|w| w[0] < w[1]));
        assert!(NARROW.len() <= 128);
        assert_eq!(NARROW[CYRILLIC_AT], 'а');
        assert_eq!(NARROW[CYRILLIC_AT + 31], 'я');
        for (i, &c) in NARROW.iter().enumerate() {
            assert_eq!(narrow_byte(c), Some(128 + i as u8), "{c}");
            assert_eq!(narrow_char(128 + i as u8), c);
        }
        assert_eq!(narrow_byte('☃'), None);
        assert_eq!(narrow_byte('q'), Some(b'q'));
    }

    #[test]
    fn an_accent_typed_apart_folds_as_a_composed_one() {
        assert_eq!(fold("Noe\u{301}l"), fold("Noël"));
        assert_eq!(fold("И\u{306}е\u{308}"), fold("йё"));
        assert_eq!(fold("ЁЛКА"), "елка");
        assert_eq!(fold("йё"), "йе");
    }

    #[test]
    fn entries_read_back_folded() {
        let mut a = SkuIndex::of(&[key(7, "ЧАЙ-1", "Чай Зелёный", &["4600000000017"])]);
        a.push(&key(3, "Tea-2", "Café au lait", &[]));
        assert_eq!(a.len(), 2);
        assert_eq!(a.code(0), "чай-1");
        assert_eq!(a.name(0), "чай зеленый");
        assert_eq!(a.hay(0), "чай-1 чай зеленый 4600000000017");
        assert_eq!(a.code(1), "tea-2");
        assert_eq!(a.name(1), "cafe au lait");
        assert_eq!((a.id(1), a.available(1)), (Some(3), 3));
        assert_eq!(a.position_of(3), Some(1));
        assert_eq!(a.hay(2), "");
        // A name that ends the text, empty or not, after a code of two-byte letters.
        a.push(&key(4, "ЖЖ", "", &[]));
        a.push(&key(5, "ЖЖ-2", "Ёж", &[]));
        assert_eq!(
            (a.code(2), a.name(2), a.hay(2)),
            ("жж".into(), String::new(), "жж ".into())
        );
        assert_eq!((a.code(3), a.name(3)), ("жж-2".into(), "еж".into()));
    }

    #[test]
    fn an_ordered_arena_holds_the_same_entries_in_the_new_order() {
        let a = SkuIndex::of(&[
            key(7, "ЧАЙ-1", "Чай Зелёный", &["4600000000017"]),
            key(3, "Tea-2", "Café au lait", &[]),
            key(5, "B-9", "Ёлка «Ель» ☃", &["1", "2"]),
        ]);
        assert!(a.is_wide(2) && !a.is_wide(0), "a snowman is kept as UTF-8");
        let p = a.clone().with_order(&[2, 0, 1]);
        for (new, old) in [(0, 2), (1, 0), (2, 1)] {
            assert_eq!(p.hay(new), a.hay(old));
            assert_eq!(p.code(new), a.code(old));
            assert_eq!(p.name(new), a.name(old));
            assert_eq!(p.id(new), a.id(old));
            assert_eq!(p.available(new), a.available(old));
        }
        assert_eq!(p.name(0), "елка «ель» ☃");
        assert_eq!(p.position_of(7), Some(1));
        assert_eq!(p.position_of_code("tea-2"), Some(2));
        // Not a permutation: the order stays as it was.
        for bad in [&[2, 0][..], &[2, 0, 9], &[1, 1, 0]] {
            assert_eq!(a.clone().with_order(bad).id(0), Some(7), "{bad:?}");
        }
        // A SKU pushed onto an ordered list comes last, and the others keep their places.
        let mut b = p.clone();
        b.push(&key(1, "Z", "Зима", &[]));
        assert_eq!(b.len(), 4);
        for i in 0..3 {
            assert_eq!(b.hay(i), p.hay(i));
        }
        assert_eq!(
            (b.code(3), b.name(3), b.position_of(1)),
            ("z".into(), "зима".into(), Some(3))
        );
    }

    /// Names compare as their text whether kept narrow or as UTF-8.
    #[test]
    fn names_compare_as_text_in_either_encoding() {
        let names = ["«а»", "а ☃", "аб", "Ab", "я", "ё☃", "№1", "z", "€"];
        let keys: Vec<SkuKey> = names
            .iter()
            .enumerate()
            .map(|(i, n)| key(i as u32, &format!("C{i}"), n, &[]))
            .collect();
        let ix = SkuIndex::of(&keys);
        for a in 0..ix.len() {
            for b in 0..ix.len() {
                assert_eq!(ix.cmp_names(a, b), ix.name(a).cmp(&ix.name(b)), "{a} {b}");
            }
        }
    }

    /// The split over cores finds exactly what one pass finds, in the same order, and the
    /// ranking is the matches sorted by score then position.
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
        let mut order: Vec<u32> = (0..ix.len() as u32).collect();
        order.reverse();
        let reversed = ix.clone().with_order(&order);
        for filter in ["зел", "ЧАЙ", "tea 12", "сумка 4", "а"] {
            let pat = pattern(filter);
            let split = ix.matches(&pat, None);
            let mut one = Vec::new();
            for part in split.chunks(7_000) {
                one.extend(ix.matches(&pat, Some(part)));
            }
            assert!(!one.is_empty(), "{filter}");
            assert_eq!(split, one, "{filter}");
            for ix in [&ix, &reversed] {
                let mut want: Vec<(usize, u32)> = split
                    .iter()
                    .map(|&(e, s)| (ix.position(e as usize), s))
                    .collect();
                want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                assert_eq!(ix.ranked(&split), want, "{filter}");
            }
        }
    }
}
