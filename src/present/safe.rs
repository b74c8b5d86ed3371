//! Text made safe for a terminal: whatever a name, a file or an older database holds, it
//! can never move the cursor, change colours or reorder what follows it on screen.

/// Text-direction overrides and isolates: they reorder what follows them on screen.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Removes control characters (and text-direction overrides) so that names can never
/// steer the terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || is_bidi(c) {
                '�'
            } else {
                c
            }
        })
        .collect()
}

/// Bytes for stdout (CSV or JSON of `export`): control characters other than line
/// breaks and tabs, and text-direction overrides, become U+FFFD, so stored text from an
/// older database can never steer the terminal.
pub fn for_stdout(buf: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(buf);
    let bad = |c: char| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi(c);
    if !text.chars().any(bad) {
        return buf.to_vec();
    }
    text.chars()
        .map(|c| if bad(c) { '\u{FFFD}' } else { c })
        .collect::<String>()
        .into_bytes()
}

/// As `clean`, but keeps the line breaks of a message that has several lines.
pub fn clean_lines(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}
