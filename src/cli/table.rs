//! Aligned text tables for the terminal, measured by display width (Cyrillic, CJK).

use unicode_width::UnicodeWidthStr;

/// Which side a column's cells lean to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

pub use crate::present::safe::{clean, clean_lines, for_stdout};

/// One column of a list: its heading, its side, and what it shows of a row.
pub struct Col<'a, T> {
    head: &'a str,
    align: Align,
    cell: Box<dyn Fn(&T) -> String + 'a>,
}

impl<'a, T> Col<'a, T> {
    /// A column whose cells lean left (names, words).
    pub fn left(head: &'a str, cell: impl Fn(&T) -> String + 'a) -> Self {
        Col {
            head,
            align: Align::Left,
            cell: Box::new(cell),
        }
    }
    /// A column whose cells lean right (numbers).
    pub fn right(head: &'a str, cell: impl Fn(&T) -> String + 'a) -> Self {
        Col {
            head,
            align: Align::Right,
            cell: Box::new(cell),
        }
    }
}

/// Rows as an aligned table: one heading line, then one line per row.
pub fn table<T>(rows: &[T], cols: &[Col<'_, T>]) -> String {
    let heads: Vec<(&str, Align)> = cols.iter().map(|c| (c.head, c.align)).collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| cols.iter().map(|c| (c.cell)(r)).collect())
        .collect();
    render(&heads, &body)
}

/// A list on stdout: the rows as JSON with `--json`, else as a table.
pub fn print_list<T: serde::Serialize>(rows: &[T], json: bool, cols: &[Col<'_, T>]) {
    if json {
        super::print_json(&rows);
    } else {
        print!("{}", table(rows, cols));
    }
}

pub fn render(headers: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|(h, _)| h.width()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(c.width());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let mut parts = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.width());
            let last = i + 1 == cells.len();
            parts.push(match headers[i].1 {
                Align::Left if last => c.to_string(),
                Align::Left => format!("{c}{}", " ".repeat(pad)),
                Align::Right => format!("{}{c}", " ".repeat(pad)),
            });
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(headers.iter().map(|(h, _)| *h).collect(), &mut out);
    for r in &rows {
        line(r.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_columns_line_up() {
        let t = render(
            &[
                ("code", Align::Left),
                ("name", Align::Left),
                ("qty", Align::Right),
            ],
            &[
                vec!["A".into(), "Чай зелёный".into(), "5".into()],
                vec!["BB".into(), "Tea".into(), "12".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        // The qty column is as wide as its header "qty".
        assert_eq!(lines[0], "code  name         qty");
        assert_eq!(lines[1], "A     Чай зелёный    5");
        assert_eq!(lines[2], "BB    Tea           12");
    }

    #[test]
    fn columns_make_the_same_table_as_cells() {
        let rows = [("A", 5u64), ("BB", 12)];
        let by_cols = table(
            &rows,
            &[
                Col::left("code", |r: &(&str, u64)| r.0.to_string()),
                Col::right("qty", |r: &(&str, u64)| r.1.to_string()),
            ],
        );
        assert_eq!(by_cols, "code  qty\nA       5\nBB     12\n");
        let by_cells = render(
            &[("code", Align::Left), ("qty", Align::Right)],
            &[vec!["A".into(), "5".into()], vec!["BB".into(), "12".into()]],
        );
        assert_eq!(by_cols, by_cells);
    }

    #[test]
    fn stdout_exports_carry_no_control_characters() {
        let out = for_stdout("a,b\r\nx\u{1b}[2J,\u{7}y\u{202e}\n".as_bytes());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,b\r\nx\u{fffd}[2J,\u{fffd}y\u{fffd}\n"
        );
        assert_eq!(for_stdout(b"plain\n"), b"plain\n");
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(clean("a\u{1b}[31mb"), "a�[31mb");
        assert_eq!(clean_lines("a\u{1b}b\nc"), "a�b\nc");
    }
}
