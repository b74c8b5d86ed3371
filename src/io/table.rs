//! Reading CSV as people have it: UTF-8 with or without BOM, or Windows-1251 from
//! Russian Excel; `;`, `,` or tab as the delimiter; quoted fields.

use std::path::Path;

use crate::i18n::{fill, text};

/// A decoded CSV file: headers and rows, each row with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
    /// Cells (line, 0-based column) that held a number of more than 15 digits in a
    /// spreadsheet, which Excel does not keep exactly, or a number with a fraction: as a
    /// code or barcode such a cell is refused, never read as some other barcode. In
    /// (line, column) order, as the sheet is read. A date, a time or a true/false cell
    /// (Excel makes `3-12` a date as it is typed) is no code either: its kind says which.
    pub inexact: Vec<(u64, usize, NotText)>,
}

/// What a spreadsheet cell held instead of the text a code or barcode is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// A number Excel does not keep exactly, or one with a fraction.
    Number,
    /// A date or a time.
    Date,
    /// TRUE or FALSE.
    Bool,
}

/// Which text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1251,
    Koi8R,
    Windows1252,
}

impl Encoding {
    /// The names `--encoding` takes.
    pub const NAMES: [&'static str; 5] =
        ["utf-8", "utf-16", "windows-1251", "koi8-r", "windows-1252"];

    /// `--encoding NAME`, with the usual aliases (cp1251, latin-1, utf8, ...).
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "utf-16" | "utf16" => Some(Encoding::Utf16),
            "windows-1251" | "cp1251" | "win1251" => Some(Encoding::Windows1251),
            "koi8-r" | "koi8r" | "koi8-u" => Some(Encoding::Koi8R),
            "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" => {
                Some(Encoding::Windows1252)
            }
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Windows1251 => "windows-1251",
            Encoding::Koi8R => "koi8-r",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    fn legacy(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            Encoding::Windows1251 => Some(encoding_rs::WINDOWS_1251),
            Encoding::Koi8R => Some(encoding_rs::KOI8_U),
            Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
            _ => None,
        }
    }
}

static FORCED: std::sync::OnceLock<Encoding> = std::sync::OnceLock::new();

/// `--encoding`: every file imported by this process is read in it, without guessing.
pub fn force_encoding(e: Encoding) {
    let _ = FORCED.set(e);
}

/// Why the bytes of a file could not be taken as text: the 1-based line of the first
/// doubtful byte, and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub line: u64,
    pub message: String,
}

/// Fewer non-ASCII bytes than this in a file that is not UTF-8 are too little to tell
/// Windows-1251 from KOI8-R or Windows-1252.
const MIN_EVIDENCE: usize = 4;

fn line_at(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

fn decode_error(bytes: &[u8], offset: usize, message: String) -> DecodeError {
    DecodeError {
        line: line_at(bytes, offset),
        message,
    }
}

fn names() -> String {
    Encoding::NAMES.join(", ")
}

fn strict_utf8(bytes: &[u8], base: usize, all: &[u8]) -> Result<String, DecodeError> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|e| bad_utf8(all, base + e.valid_up_to()))
}

fn bad_utf8(all: &[u8], at: usize) -> DecodeError {
    let byte = format!("{:02X}", all.get(at).copied().unwrap_or(0));
    decode_error(all, at, fill("import.not_utf8", &[&byte, &names()]))
}

fn decode_utf16(bytes: &[u8]) -> Result<String, DecodeError> {
    let (enc, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (encoding_rs::UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => (encoding_rs::UTF_16BE, rest),
        _ => (encoding_rs::UTF_16LE, bytes),
    };
    match enc.decode_without_bom_handling_and_without_replacement(body) {
        Some(t) => Ok(t.into_owned()),
        None => Err(decode_error(
            bytes,
            0,
            fill("import.not_utf16", &[&names()]),
        )),
    }
}

fn decode_as(bytes: &[u8], e: Encoding) -> Result<String, DecodeError> {
    match e {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let skip = if bytes.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            strict_utf8(&bytes[skip..], skip, bytes)
        }
        Encoding::Utf16 => decode_utf16(bytes),
        other => {
            let enc = other.legacy().unwrap_or(encoding_rs::WINDOWS_1251);
            Ok(enc.decode_without_bom_handling(bytes).0.into_owned())
        }
    }
}

/// Decodes a file's bytes. A BOM names UTF-8 or UTF-16; valid UTF-8 is UTF-8; a file
/// that is UTF-8 but for a few bad bytes is refused at the first one; anything else is
/// guessed by chardetng among Windows-1251, KOI8-R and Windows-1252 and refused when the
/// guess is not confident (another encoding, or too few non-ASCII bytes to tell).
/// `--encoding` (see `force_encoding`) skips the guessing.
pub fn decode_checked(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    // A workbook or any other binary file is no CSV, whatever its name says.
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(decode_error(bytes, 0, text("import.is_zip").to_string()));
    }
    if let Some(le) = utf16_without_bom(bytes) {
        let enc = if le {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        return match enc.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(t) => Ok((t.into_owned(), Encoding::Utf16)),
            None => Err(decode_error(
                bytes,
                0,
                fill("import.not_utf16", &[&names()]),
            )),
        };
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0)
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
    {
        return Err(decode_error(bytes, at, text("import.not_text").to_string()));
    }
    if let Some(&e) = FORCED.get() {
        return decode_as(bytes, e).map(|t| (t, e));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return strict_utf8(&bytes[3..], 3, bytes).map(|t| (t, Encoding::Utf8Bom));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(bytes).map(|t| (t, Encoding::Utf16));
    }
    let first_bad = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_string(), Encoding::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    // UTF-8 with a few bad bytes, or another encoding altogether?
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let ok = &rest[..e.valid_up_to()];
                good += std::str::from_utf8(ok)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
    if good >= bad.max(1) {
        return Err(bad_utf8(bytes, first_bad));
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    let found = if guess == encoding_rs::WINDOWS_1251 {
        Some(Encoding::Windows1251)
    } else if guess == encoding_rs::KOI8_U || guess == encoding_rs::KOI8_R {
        Some(Encoding::Koi8R)
    } else if guess == encoding_rs::WINDOWS_1252 {
        Some(Encoding::Windows1252)
    } else {
        None
    };
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let first_non_ascii = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let byte = format!("{:02X}", bytes.get(first_non_ascii).copied().unwrap_or(0));
    match found {
        None => Err(decode_error(
            bytes,
            first_non_ascii,
            fill("import.encoding_unread", &[&guess.name(), &byte, &names()]),
        )),
        Some(_) if non_ascii < MIN_EVIDENCE => Err(decode_error(
            bytes,
            first_non_ascii,
            fill("import.encoding_too_little", &[&non_ascii, &byte, &names()]),
        )),
        Some(e) => decode_as(bytes, e).map(|t| (t, e)),
    }
}

/// UTF-16 saved without a BOM: text whose every other byte is zero (the high byte of
/// ASCII characters). Some(true) for little-endian, Some(false) for big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    let zero_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let zero_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    // Most pairs with one zero byte, always on the same side.
    if zero_odd * 10 >= pairs * 7 && zero_even == 0 {
        Some(true)
    } else if zero_even * 10 >= pairs * 7 && zero_odd == 0 {
        Some(false)
    } else {
        None
    }
}

/// Decodes bytes as `decode_checked` does, never refusing: what cannot be told is read
/// as Windows-1251 (for callers that only show text, never import it).
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    decode_checked(bytes).unwrap_or_else(|_| {
        let (text, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
        (text.into_owned(), Encoding::Windows1251)
    })
}

/// The delimiter that splits the header line most often, outside quotes.
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|c| c.1)
        .filter(|c| c.1 > 0)
        .map(|c| c.0)
        .unwrap_or(b',')
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub file: String,
    pub line: u64,
    /// 1-based; 1 where the problem is the row's or the file's.
    pub column: u64,
    pub message: String,
}

pub fn read_file(path: &Path) -> Result<Table, TableError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| TableError {
        file: file.clone(),
        line: 0,
        column: 1,
        message: e.to_string(),
    })?;
    parse(&file, &bytes)
}

fn bytecount_lines(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}

pub fn parse(file: &str, bytes: &[u8]) -> Result<Table, TableError> {
    let (text, _) = decode_checked(bytes).map_err(|e| TableError {
        file: file.to_string(),
        line: e.line,
        column: 1,
        message: e.message,
    })?;
    // Windows line ends (Excel, the marketplaces' exports) as plain ones, so every row is
    // numbered as an editor shows it.
    let text = if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let delim = detect_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut headers = None;
    // A row a line: sized once instead of grown (and copied) as it fills.
    let mut rows = Vec::with_capacity(bytecount_lines(&text));
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError {
            file: file.to_string(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
            column: 1,
            message: e.to_string(),
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let fields: Vec<String> = rec.iter().map(|f| f.trim().to_string()).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(fields);
        } else {
            rows.push((line, fields));
        }
    }
    let headers = headers.ok_or_else(|| TableError {
        file: file.to_string(),
        line: 1,
        column: 1,
        message: "the file is empty: expected a header row".to_string(),
    })?;
    Ok(Table {
        file: file.to_string(),
        headers,
        rows,
        inexact: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1251_and_semicolons() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Артикул;Наименование\nA-1;\"Чай; зелёный\"\n");
        let t = parse("f.csv", &bytes).unwrap();
        assert_eq!(t.headers, vec!["Артикул", "Наименование"]);
        assert_eq!(
            t.rows,
            vec![(2, vec!["A-1".to_string(), "Чай; зелёный".to_string()])]
        );
    }

    #[test]
    fn bom_and_tabs() {
        let t = parse("f.csv", "\u{feff}code\tname\nA\tB\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["code", "name"]);
        assert_eq!(t.rows[0].1, vec!["A", "B"]);
    }

    #[test]
    fn encodings_are_detected_or_refused() {
        let ru = "Артикул;Наименование\nA-1;Мёд липовый\nA-2;Варенье вишнёвое\n";
        let (koi, _, _) = encoding_rs::KOI8_R.encode(ru);
        assert_eq!(
            decode_checked(&koi).unwrap(),
            (ru.to_string(), Encoding::Koi8R)
        );
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
        assert_eq!(
            decode_checked(&cp).unwrap(),
            (ru.to_string(), Encoding::Windows1251)
        );
        let fr = "code;name\nA-1;Crème brûlée\nA-2;Pâté de campagne\n";
        let (l1, _, _) = encoding_rs::WINDOWS_1252.encode(fr);
        assert_eq!(
            decode_checked(&l1).unwrap(),
            (fr.to_string(), Encoding::Windows1252)
        );
        // UTF-8 but for one byte on line 3: refused there, not read as Windows-1251.
        let mut bad = ru.as_bytes().to_vec();
        let at = ru.find("Варенье").unwrap();
        bad[at] = 0xFF;
        assert_eq!(decode_checked(&bad).unwrap_err().line, 3);
        // One accented byte is too little to tell.
        assert_eq!(
            decode_checked(b"code;name\nA;Caf\xe9\n").unwrap_err().line,
            2
        );
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend(ru.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode_checked(&u16).unwrap(),
            (ru.to_string(), Encoding::Utf16)
        );
        assert_eq!(Encoding::parse("CP1251"), Some(Encoding::Windows1251));
        assert_eq!(Encoding::parse("latin-1"), Some(Encoding::Windows1252));
        assert_eq!(Encoding::parse("ebcdic"), None);
    }

    #[test]
    fn garbage_does_not_panic() {
        let _ = parse("f.csv", &[0xff, 0xfe, 0x00, b'"', b'\n', b'"']);
        assert!(parse("f.csv", b"").is_err());
    }
}
