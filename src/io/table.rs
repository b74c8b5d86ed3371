//! Reading CSV as people have it: UTF-8 with or without BOM, or Windows-1251 from
//! Russian Excel; `;`, `,` or tab as the delimiter; quoted fields.

use std::path::Path;

/// A decoded CSV file: headers and rows, each row with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Which text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1251,
}

/// Decodes bytes: a UTF-8 BOM or valid UTF-8 is UTF-8; anything else is read as
/// Windows-1251, which is what Russian Excel writes for "CSV".
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
            (text.into_owned(), Encoding::Windows1251)
        }
    }
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
    pub message: String,
}

pub fn read_file(path: &Path) -> Result<Table, TableError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| TableError {
        file: file.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    parse(&file, &bytes)
}

pub fn parse(file: &str, bytes: &[u8]) -> Result<Table, TableError> {
    let (text, _) = decode(bytes);
    let delim = detect_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError {
            file: file.to_string(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
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
        message: "the file is empty: expected a header row".to_string(),
    })?;
    Ok(Table {
        file: file.to_string(),
        headers,
        rows,
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
    fn garbage_does_not_panic() {
        let _ = parse("f.csv", &[0xff, 0xfe, 0x00, b'"', b'\n', b'"']);
        assert!(parse("f.csv", b"").is_err());
    }
}
