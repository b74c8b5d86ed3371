//! The filter's score of one word on a narrow entry (one byte a character, see
//! `sku_index`), computed on the bytes themselves.
//!
//! The SKU list ranks by the fuzzy matcher's score (nucleo-matcher 0.3, the scoring of
//! fzf's second algorithm: a point for each character found, bonuses where a word starts,
//! penalties for gaps, the best alignment over the text). Given characters, the matcher
//! spends most of a keystroke at a million SKUs classifying each character through the
//! Unicode tables. Here the class of each of the 200 narrow bytes is looked up once, and
//! the same best alignment is found over the bytes. The answer must be the matcher's to the
//! point: `tests/sku_index_props.rs` compares the two on random texts and words, and the
//! list falls back to the matcher for anything this does not cover (several words, long
//! texts, entries kept as UTF-8).

use nucleo_matcher::chars::is_upper_case;

/// What a character is, as the scoring tells word starts: the order matters (a word
/// character is any class after `Delimiter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Space,
    Other,
    Delimiter,
    Lower,
    Upper,
    Letter,
    Digit,
}

/// Points for each character matched.
const MATCH: u16 = 16;
/// A gap's first character skipped, and each further one.
const GAP_OPEN: u16 = 3;
const GAP_MORE: u16 = 1;
/// A word start after punctuation; after a space or a delimiter a little more.
const WORD_START: u16 = MATCH / 2;
const AFTER_SPACE: u16 = WORD_START + 2;
const AFTER_DELIMITER: u16 = WORD_START + 1;
/// A capital after a small letter, a digit after a non-digit.
const CAMEL: u16 = WORD_START - GAP_OPEN;
/// The least bonus a character that follows the one before it in the text gets.
const RUN: u16 = GAP_OPEN + GAP_MORE;
/// The first character of the word counts its bonus this many times.
const FIRST_TIMES: u16 = 2;
/// The texts scored here at most (longer ones go to the matcher, which bounds its table).
const MAX_TEXT: usize = 1024;
const MAX_WORD: usize = 32;

fn class_of(c: char) -> Class {
    if c.is_ascii() {
        let b = c as u8;
        return match b {
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Digit,
            _ if b.is_ascii_whitespace() => Class::Space,
            b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
            _ => Class::Other,
        };
    }
    if c.is_lowercase() {
        Class::Lower
    } else if is_upper_case(c) {
        Class::Upper
    } else if c.is_numeric() {
        Class::Digit
    } else if c.is_alphabetic() {
        Class::Letter
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

fn bonus(before: Class, now: Class) -> u16 {
    if now > Class::Delimiter {
        match before {
            Class::Space => return AFTER_SPACE,
            Class::Delimiter => return AFTER_DELIMITER,
            Class::Other => return WORD_START,
            _ => {}
        }
    }
    if (before == Class::Lower && now == Class::Upper)
        || (before != Class::Digit && now == Class::Digit)
    {
        CAMEL
    } else if now == Class::Space {
        AFTER_SPACE
    } else if now == Class::Other {
        WORD_START
    } else {
        0
    }
}

/// A place in the table of alignments: the best score of the word's characters so far
/// with the last of them on this byte, and the bonus its run of adjacent characters carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cell {
    score: u16,
    run_bonus: u16,
}

/// One word's scorer over narrow bytes; `None` from `new` when the word is not one this
/// covers (then the matcher scores it).
pub struct NarrowScorer {
    word: Vec<u8>,
    class: [Class; 256],
    /// Per text scored: one row of the table and the next, (place, cell) where the
    /// text holds the row's character.
    row: Vec<(u32, Cell)>,
    next: Vec<(u32, Cell)>,
    firsts: Vec<usize>,
}

impl NarrowScorer {
    /// `word`: the word as narrow bytes; `char_of` gives each byte's character.
    pub fn new(word: Vec<u8>, char_of: impl Fn(u8) -> char) -> Option<NarrowScorer> {
        if word.is_empty() || word.len() > MAX_WORD {
            return None;
        }
        let mut class = [Class::Other; 256];
        for (b, slot) in class.iter_mut().enumerate() {
            *slot = class_of(char_of(b as u8));
        }
        Some(NarrowScorer {
            word,
            class,
            row: Vec::new(),
            next: Vec::new(),
            firsts: Vec::new(),
        })
    }

    /// The score of the word on `text` (narrow bytes; all ASCII or not, the matcher's
    /// answer is the same), or `None` when it does not match; `Err(())` when the text is too long for this (the
    /// matcher then scores it).
    #[allow(clippy::result_unit_err)]
    pub fn score(&mut self, text: &[u8]) -> Result<Option<u16>, ()> {
        let (n, m) = (text.len(), self.word.len());
        if n > MAX_TEXT {
            return Err(());
        }
        if m > n {
            return Ok(None);
        }
        if m == 1 {
            return Ok(self.one_letter(text));
        }
        if m == n {
            return Ok((text == self.word.as_slice()).then(|| self.adjacent(text, 0)));
        }
        let first = self.word[0];
        let last = self.word[m - 1];
        let Some(start) = memchr::memchr(first, &text[..=n - m]) else {
            return Ok(None);
        };
        let Some(end) = memchr::memrchr(last, &text[start + 1..]).map(|i| start + 2 + i) else {
            return Ok(None);
        };
        if end - start < m {
            return Ok(None);
        }
        if end - start == m {
            return Ok((text[start..end] == self.word[..]).then(|| self.adjacent(text, start)));
        }
        Ok(self.best(text, start, end))
    }

    /// A word of one letter scores where it is found: as the matcher does it, every place
    /// in an all-ASCII text (each with the class of the byte before it, the best kept),
    /// the first place in any other (a later place is scored from the class of the place
    /// matched before it, the same letter, which is never more).
    fn one_letter(&self, text: &[u8]) -> Option<u16> {
        let c = self.word[0];
        let now = self.class[c as usize];
        let score_at = |j: usize| {
            let before = match j {
                0 => Class::Space,
                _ => self.class[text[j - 1] as usize],
            };
            MATCH + FIRST_TIMES * bonus(before, now)
        };
        if text.is_ascii() {
            let mut best = None;
            for j in memchr::memchr_iter(c, text) {
                let s = score_at(j);
                best = Some(best.map_or(s, |b: u16| b.max(s)));
                if s >= MATCH + FIRST_TIMES * AFTER_SPACE {
                    break;
                }
            }
            return best;
        }
        memchr::memchr(c, text).map(score_at)
    }

    /// The score of the word found whole at `at`.
    fn adjacent(&self, text: &[u8], at: usize) -> u16 {
        let mut before = match at {
            0 => Class::Space,
            _ => self.class[text[at - 1] as usize],
        };
        let mut run_bonus = 0;
        let mut score = 0;
        for (k, &b) in text[at..at + self.word.len()].iter().enumerate() {
            let now = self.class[b as usize];
            let mut bo = bonus(before, now);
            if k == 0 {
                run_bonus = bo;
                score = MATCH + bo * FIRST_TIMES;
            } else {
                if bo >= WORD_START && bo > run_bonus {
                    run_bonus = bo;
                }
                bo = bo.max(run_bonus).max(RUN);
                score += MATCH + bo;
            }
            before = now;
        }
        score
    }

    /// The best alignment of the word over `text[from..to]`, where the word's first
    /// character is first found at `from` and its last is last found just before `to`.
    ///
    /// The table of alignments is kept sparse: a character of the word can only sit where
    /// the text has it, so each row holds just those places. What a row passes on across a
    /// gap decays by one a byte (three for the first), never below zero, so the best of it
    /// before byte `c` is the best `score + place` seen so far, less `c + 1`.
    fn best(&mut self, text: &[u8], from: usize, to: usize) -> Option<u16> {
        let hay = &text[from..to];
        let m = self.word.len();
        let before = match from {
            0 => Class::Space,
            _ => self.class[text[from - 1] as usize],
        };
        let class = &self.class;
        let bonus_at = |j: usize| -> u16 {
            let prev = match j {
                0 => before,
                _ => class[hay[j - 1] as usize],
            };
            bonus(prev, class[hay[j] as usize])
        };
        // Where each character of the word is first found, in order: no alignment can
        // place it earlier.
        self.firsts.clear();
        let mut at = 0;
        for &c in &self.word {
            let j = at + memchr::memchr(c, hay.get(at..)?)?;
            self.firsts.push(j);
            at = j + 1;
        }
        // Row 0: the word's first character wherever the text has it.
        self.row.clear();
        for j in memchr::memchr_iter(self.word[0], hay) {
            let bo = bonus_at(j);
            self.row.push((
                j as u32,
                Cell {
                    score: MATCH + bo * FIRST_TIMES,
                    run_bonus: bo,
                },
            ));
        }
        for k in 1..m {
            let c = self.word[k];
            self.next.clear();
            // `reach`: the best score + place of the row's cells before the one in hand.
            let (mut reach, mut seen) = (None::<u32>, 0usize);
            let from = self.firsts[k];
            for j in memchr::memchr_iter(c, &hay[from..]) {
                let j = (from + j) as u32;
                // Cells up to two bytes back count across a gap; the one just before is
                // also the adjacent one.
                while let Some(&(i, cell)) = self.row.get(seen) {
                    if i + 2 > j {
                        break;
                    }
                    let v = u32::from(cell.score) + i;
                    reach = Some(reach.map_or(v, |r| r.max(v)));
                    seen += 1;
                }
                let adjacent = self
                    .row
                    .get(seen)
                    .filter(|(i, _)| i + 1 == j)
                    .map(|&(_, cell)| cell);
                let gap = reach.map_or(0, |r| r.saturating_sub(j + 1)) as u16;
                if adjacent.is_none() && reach.is_none() {
                    continue;
                }
                self.next
                    .push((j, step(gap, bonus_at(j as usize), adjacent)));
            }
            std::mem::swap(&mut self.row, &mut self.next);
        }
        self.row.iter().map(|(_, c)| c.score).max()
    }
}

/// The cell for the next character of the word on a byte with bonus `bo`: either it
/// follows the previous character directly (`adjacent`, the run's bonus carried on), or
/// the previous one ended earlier (`gap`, the best such score net of its penalties).
fn step(gap: u16, bo: u16, adjacent: Option<Cell>) -> Cell {
    let Some(prev) = adjacent else {
        return Cell {
            score: gap + bo + MATCH,
            run_bonus: bo,
        };
    };
    let mut run = prev.run_bonus.max(RUN);
    if bo >= WORD_START && bo > run {
        run = bo;
    }
    let joined = prev.score + run.max(bo);
    let apart = gap + bo;
    if joined > apart {
        Cell {
            score: joined + MATCH,
            run_bonus: run,
        }
    } else {
        Cell {
            score: apart + MATCH,
            run_bonus: bo,
        }
    }
}
