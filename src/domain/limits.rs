//! The limits every typed value must keep, and the one rule for text.
//!
//! One place for the numbers (so messages name the real limit) and one function for free
//! text, names, codes and barcodes (so the CLI, the TUI, the server and imports agree).

use unicode_normalization::UnicodeNormalization;

/// Units in one movement, a count entry or a level set by hand.
pub const MAX_QTY: u64 = super::quantity::MAX_QTY;
/// Units at one (SKU, location): receipts that would pass it are refused, so sums over every
/// location of a SKU (at most 65,535 locations) stay far inside `i64`.
pub const MAX_LEVEL: u64 = 1_000_000_000_000;
/// Supplier lead time in days (ten years).
pub const MAX_LEAD_DAYS: u64 = 3650;
/// Units in one supplier pack.
pub const MAX_PACK: u64 = 100_000;
/// Channel priority: 1 is the highest.
pub const MAX_PRIORITY: u64 = 1000;
/// Percent of the available units a channel shows.
pub const MAX_SHARE: u64 = 100;
/// How long an unpaid hold may last, in seconds (365 days).
pub const MAX_HOLD_TTL_SECS: u64 = 365 * 86_400;
/// Money in minor units: 10,000,000,000.00.
pub const MAX_MONEY: i64 = 1_000_000_000_000;
/// A channel's commission: at most 100 %, in hundredths of a percent.
pub const MAX_COMMISSION_BP: u32 = 10_000;
/// A demo database: SKUs and days of history.
pub const MAX_DEMO_SKUS: u64 = 1_000_000;
pub const MAX_DEMO_DAYS: u64 = 3650;
/// Rows printed by `history --limit`.
pub const MAX_HISTORY: u64 = 1_000_000;

/// Codes, barcodes and user names, in characters.
pub const MAX_CODE: usize = 64;
/// Location and channel names, order references, tracking numbers.
pub const MAX_NAME: usize = 100;
/// SKU names and supplier names.
pub const MAX_LONG_NAME: usize = 200;
/// Reasons, notes, delivery addresses, movement references, filters.
pub const MAX_NOTE: usize = 500;
/// How much of a refused value an error message shows, in characters.
pub const ECHO_CHARS: usize = 80;

/// Why a piece of text was refused. The caller adds the field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Empty,
    /// A control character (ESC, BEL, newline, tab, ...).
    ControlChars,
    /// A bidirectional override or an invisible format character (U+202E, U+200B, ...).
    Invisible,
    TooLong {
        max: usize,
    },
    Spaces,
}

/// Characters that change how text around them is shown without being seen themselves:
/// bidirectional embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Invisible characters no name or note needs: soft hyphen, combining grapheme joiner,
/// Khmer inherent vowels, Mongolian vowel separator, zero-width space, word joiner and the
/// invisible operators, Hangul fillers, byte order mark, musical formatting controls.
/// (Joiners, variation selectors and tags stay: emoji and some scripts are written with
/// them.) A name with one looks like another that is not the same, and its words do not
/// part where they seem to.
fn is_blank_in_text(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
    )
}

/// Invisible characters: every Unicode default-ignorable code point (zero-width spaces and
/// joiners, soft hyphen, BOM, word joiner and the invisible operators, Mongolian vowel
/// separator and variation selectors, variation selectors, Hangul fillers, Khmer inherent
/// vowels, musical formatting controls, tag characters), and the interlinear annotation
/// marks. A code with one of them looks like another code that is not the same.
fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2065}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Free text (names, reasons, notes, references, addresses): trimmed and NFC-normalised;
/// no control characters, no bidirectional overrides; 1..=`max` characters.
/// The longest text a field of this name takes, the same for the CLI, the TUI's forms and
/// imports: references, notes, reasons and addresses 500; names of places, channels,
/// orders and tracking numbers 100; SKU names and suppliers 200; codes and user names 64.
pub fn text_limit(field: &str) -> usize {
    match field {
        "ref" | "reference" | "note" | "reason" | "address" => MAX_NOTE,
        "name" | "supplier" => MAX_LONG_NAME,
        "code" | "barcode" | "user" => MAX_CODE,
        _ => MAX_NAME,
    }
}

pub fn text(s: &str, max: usize) -> Result<String, TextError> {
    let trimmed = s.trim();
    // Most text is already in NFC (all ASCII is; so is text typed on a keyboard): the quick
    // check answers that in one pass, and only the rest goes through the composer.
    let t: String = match unicode_normalization::is_nfc_quick(trimmed.chars()) {
        unicode_normalization::IsNormalized::Yes => trimmed.to_owned(),
        _ => trimmed.nfc().collect(),
    };
    if t.is_empty() {
        return Err(TextError::Empty);
    }
    let mut chars = 0usize;
    let mut invisible = false;
    for c in t.chars() {
        // Line and paragraph separators break a line like a newline does.
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            return Err(TextError::ControlChars);
        }
        // Every such character is from U+00AD up: ASCII skips the look.
        invisible |= c >= '\u{00AD}' && (is_bidi_control(c) || is_blank_in_text(c));
        chars += 1;
    }
    if invisible {
        return Err(TextError::Invisible);
    }
    if chars > max {
        return Err(TextError::TooLong { max });
    }
    Ok(t)
}

/// Codes, barcodes and user names: text as above, and also no spaces and no invisible
/// format characters, at most 64 characters.
pub fn code(s: &str) -> Result<String, TextError> {
    let t = text(s, MAX_CODE)?;
    if t.chars().any(is_invisible) {
        return Err(TextError::Invisible);
    }
    if t.chars().any(char::is_whitespace) {
        return Err(TextError::Spaces);
    }
    Ok(t)
}

/// The key under which codes and barcodes are unique and found: compatibility-normalised
/// (fullwidth Ｘ is X) and lower-cased (X is x). The code itself is kept as typed (NFC).
pub fn code_key(s: &str) -> String {
    // Plain ASCII is its own normal form: only the case folds (the same key, without the
    // normaliser's cost; `check` folds every code and barcode it cannot find exactly).
    if s.is_ascii() {
        return s.trim().to_ascii_lowercase();
    }
    let folded: String = s.trim().nfkc().flat_map(char::to_lowercase).collect();
    // Lower-casing may leave a decomposed sequence; normalise once more.
    folded.nfkc().collect()
}

/// A location's or channel's name as it is compared: like a code, case and width do not
/// count ("Склад", "склад" and a full-width "Ｓｈｏｐ" against "shop" are one name), nor
/// do invisible characters (a joiner after "Shop") or a doubled space between words.
pub fn name_key(s: &str) -> String {
    let key = code_key(s);
    if key.is_ascii() && !key.contains("  ") {
        return key;
    }
    let seen: String = key.chars().filter(|c| !is_invisible(*c)).collect();
    seen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value as an error message may show it: at most 80 characters, control and invisible
/// characters written as \u{..} escapes, never raw.
pub fn echo(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == ECHO_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A value cut to the first 80 characters (with … when longer), for messages that quote it
/// with `{:?}` (which escapes control characters).
pub fn cut(s: &str) -> String {
    match s.char_indices().nth(ECHO_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A hold's deadline: `now` plus `ttl_secs`, or `None` when it cannot be represented
/// (never a deadline that wrapped into the past).
pub fn deadline(now: super::Millis, ttl_secs: u64) -> Option<super::Millis> {
    let ms = i64::try_from(ttl_secs).ok()?.checked_mul(1000)?;
    now.checked_add(ms)
}

/// Latin and Cyrillic capitals that look the same (text is compared in upper case).
const LOOK_ALIKES: &[(char, char)] = &[
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
];

/// `key` with each look-alike letter of one alphabet put in the other's (to Latin, or to
/// Cyrillic), in upper case: lookups fold case, and some letters look alike only so (к and
/// k do not, К and K do). None when it has no such letter, so nothing is to be looked up.
pub fn other_alphabet(key: &str, to_latin: bool) -> Option<String> {
    let swap = |u: char| {
        LOOK_ALIKES.iter().find_map(|(lat, cyr)| {
            if to_latin {
                (*cyr == u).then_some(*lat)
            } else {
                (*lat == u).then_some(*cyr)
            }
        })
    };
    let upper = key.to_uppercase();
    if !upper.chars().any(|c| swap(c).is_some()) {
        return None;
    }
    Some(upper.chars().map(|c| swap(c).unwrap_or(c)).collect())
}

/// The letters of `typed` that stand where `code` has their look-alike of the other
/// alphabet, as typed, each once.
pub fn look_alike_letters(typed: &str, code: &str) -> String {
    let mut seen: Vec<char> = Vec::new();
    for (t, c) in typed.chars().zip(code.chars()) {
        let (tu, cu) = (t.to_uppercase().next(), c.to_uppercase().next());
        let alike = LOOK_ALIKES.iter().any(|(lat, cyr)| {
            [(Some(*lat), Some(*cyr)), (Some(*cyr), Some(*lat))].contains(&(tu, cu))
        });
        if alike && !seen.contains(&t) {
            seen.push(t);
        }
    }
    seen.iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut gives the key the normaliser gives, for every ASCII character
    /// alone, around letters and between spaces.
    #[test]
    fn ascii_code_key_is_the_normalised_key() {
        let slow = |s: &str| -> String {
            let folded: String = s.trim().nfkc().flat_map(char::to_lowercase).collect();
            folded.nfkc().collect()
        };
        for b in 0u8..128 {
            let c = b as char;
            for s in [
                c.to_string(),
                format!("Ab{c}Z9"),
                format!(" {c} "),
                format!("{c}x{c}"),
            ] {
                assert_eq!(code_key(&s), slow(&s), "{s:?}");
            }
        }
        assert_eq!(code_key(" NOTE-01\t"), "note-01");
        assert_eq!(code_key("ＮＯＴＥ"), "note");
    }

    #[test]
    fn text_refuses_control_and_bidi_and_length() {
        assert_eq!(text(" a ", 5), Ok("a".into()));
        assert_eq!(text("a\u{1b}[31m", 50), Err(TextError::ControlChars));
        assert_eq!(text("a\u{7}", 50), Err(TextError::ControlChars));
        assert_eq!(text("a\nb", 50), Err(TextError::ControlChars));
        assert_eq!(text("ab\u{202E}cd", 50), Err(TextError::Invisible));
        assert_eq!(text("   ", 50), Err(TextError::Empty));
        assert_eq!(text("abcdef", 5), Err(TextError::TooLong { max: 5 }));
        // Zero-width joiners belong in free text (emoji, some scripts).
        assert!(text("👩\u{200D}🔧", 50).is_ok());
    }

    #[test]
    fn codes_refuse_invisible_and_spaces() {
        for bad in [
            "A\u{200B}1",
            "A\u{FEFF}1",
            "A\u{00AD}1",
            "A\u{2066}1",
            "A\u{200D}1",
        ] {
            assert_eq!(code(bad), Err(TextError::Invisible), "{bad:?}");
        }
        assert_eq!(code("A 1"), Err(TextError::Spaces));
        assert_eq!(code(&"x".repeat(65)), Err(TextError::TooLong { max: 64 }));
    }

    #[test]
    fn codes_are_nfc_and_keys_fold_case_and_width() {
        let nfd = "и\u{0306}";
        assert_eq!(code(nfd).unwrap(), "й");
        assert_eq!(code_key("X"), code_key("x"));
        assert_eq!(code_key("X"), code_key("Ｘ"));
        assert_eq!(code_key("ЙОД-1"), code_key("йод-1"));
        assert_eq!(code_key(nfd), code_key("Й"));
        assert_ne!(code_key("X1"), code_key("X2"));
    }

    #[test]
    fn echo_cuts_and_escapes() {
        let long = "я".repeat(300);
        assert_eq!(echo(&long).chars().count(), 81);
        assert_eq!(echo("a\u{1b}b"), "a\\u{1b}b");
        assert!(!echo("\u{7}\u{202E}").contains(['\u{7}', '\u{202E}']));
    }

    #[test]
    fn deadlines_never_wrap() {
        assert_eq!(deadline(1_000, 2), Some(3_000));
        assert_eq!(deadline(1_000, u64::MAX), None);
        assert_eq!(deadline(i64::MAX - 10, 1), None);
    }

    #[test]
    fn line_and_paragraph_separators_are_refused_in_any_text() {
        assert_eq!(text("a\u{2028}b", 10), Err(TextError::ControlChars));
        assert_eq!(text("a\u{2029}b", 10), Err(TextError::ControlChars));
        assert_eq!(text("a b", 10).as_deref(), Ok("a b"));
    }

    #[test]
    fn look_alikes_swap_each_way_and_are_named_as_typed() {
        let swapped = |k: &str, to_latin| super::other_alphabet(k, to_latin).unwrap_or_default();
        assert_eq!(swapped("ТЕА-001", true), "TEA-001");
        assert_eq!(swapped("tea-001", false), "ТЕА-001");
        assert_eq!(swapped("кот", true), "KOT");
        assert_eq!(swapped("Чай-1", true), "ЧAЙ-1");
        assert_eq!(
            super::look_alike_letters("ТЕА-HERB-01", "TEA-HERB-01"),
            "Т, Е, А"
        );
        assert_eq!(super::look_alike_letters("tеa-1", "TEA-1"), "е");
        assert_eq!(super::look_alike_letters("COK-1", "СОК-1"), "C, O, K");
        assert_eq!(
            super::other_alphabet("tea-1", false).as_deref(),
            Some("ТЕА-1")
        );
        assert_eq!(super::other_alphabet("tea-1", true), None);
        assert_eq!(super::other_alphabet("ЧЙ-1", true), None);
        assert_eq!(super::other_alphabet("сок", true).as_deref(), Some("COK"));
    }
}
