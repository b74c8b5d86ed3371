//! Parsing of the numbers people type: unit quantities and money.

/// The largest quantity one movement may carry.
pub const MAX_QTY: u64 = 1_000_000_000;

/// Why a typed number was refused. The caller adds the field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    NotWhole,
    Negative,
    Zero,
    TooLarge,
    NotANumber,
    /// Money with more than two digits after the point: kopecks are the smallest unit.
    PastKopecks,
}

/// Parses a movement quantity: a whole number from 1 to 1,000,000,000.
/// "1.5", "-3", "1e3", "" and "abc" are refused.
pub fn parse_qty(text: &str) -> Result<u64, NumberError> {
    let n = parse_count(text)?;
    if n == 0 {
        return Err(NumberError::Zero);
    }
    Ok(n)
}

/// Parses a whole number that may be zero (a level to set, a count, a threshold).
pub fn parse_count(text: &str) -> Result<u64, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    if t.starts_with('-') {
        return Err(NumberError::Negative);
    }
    let digits = t.strip_prefix('+').unwrap_or(t);
    if digits.contains(['.', ',']) {
        return Err(NumberError::NotWhole);
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_QTY => Ok(n),
        _ => Err(NumberError::TooLarge),
    }
}

/// Parses a signed change such as "+5" or "-3" (adjust --by). Zero is refused.
pub fn parse_delta(text: &str) -> Result<i64, NumberError> {
    let t = text.trim();
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let n = parse_qty(rest)? as i64;
    Ok(if neg { -n } else { n })
}

/// Money in minor units (kopecks, cents): exact, no floating point.
pub type Money = i64;

/// Parses a price as people write it: "1234.50", "1 234,50", "1\u{a0}234,5", "99".
/// Spaces (also non-breaking) separate thousands; a comma or a point is the decimal mark.
pub fn parse_money(text: &str) -> Result<Money, NumberError> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let cleaned = cleaned
        .trim_end_matches("₽")
        .trim_end_matches("руб.")
        .trim_end_matches("р.");
    if cleaned.is_empty() {
        return Err(NumberError::Empty);
    }
    if cleaned.starts_with('-') {
        return Err(NumberError::Negative);
    }
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !all_digits(whole) || !all_digits(frac) {
        return Err(NumberError::NotANumber);
    }
    if frac.len() > 2 {
        return Err(NumberError::PastKopecks);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| NumberError::TooLarge)?
    };
    let frac_val: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().unwrap_or(0) * 10,
        _ => frac.parse::<i64>().unwrap_or(0),
    };
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac_val))
        .filter(|v| *v <= 1_000_000_000_000)
        .ok_or(NumberError::TooLarge)
}

/// Formats minor units as "1234.50".
pub fn format_money(m: Money) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_people_type() {
        assert_eq!(parse_qty("3"), Ok(3));
        assert_eq!(parse_qty(" 12 "), Ok(12));
        assert_eq!(parse_qty("1.5"), Err(NumberError::NotWhole));
        assert_eq!(parse_qty("-3"), Err(NumberError::Negative));
        assert_eq!(parse_qty("1e3"), Err(NumberError::NotANumber));
        assert_eq!(parse_qty(""), Err(NumberError::Empty));
        assert_eq!(parse_qty("abc"), Err(NumberError::NotANumber));
        assert_eq!(parse_qty("0"), Err(NumberError::Zero));
        assert_eq!(parse_qty("1000000000"), Ok(MAX_QTY));
        assert_eq!(parse_qty("1000000000000"), Err(NumberError::TooLarge));
        assert_eq!(
            parse_qty("99999999999999999999999"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(parse_delta("-3"), Ok(-3));
        assert_eq!(parse_delta("+4"), Ok(4));
        assert_eq!(parse_count("0"), Ok(0));
    }

    #[test]
    fn prices_as_russian_excel_writes_them() {
        assert_eq!(parse_money("1 234,50"), Ok(123_450));
        assert_eq!(parse_money("1\u{a0}234,5"), Ok(123_450));
        assert_eq!(parse_money("99"), Ok(9_900));
        assert_eq!(parse_money("0.99"), Ok(99));
        assert_eq!(parse_money("12,345"), Err(NumberError::PastKopecks));
        assert_eq!(parse_money("abc"), Err(NumberError::NotANumber));
        assert_eq!(format_money(123_450), "1234.50");
    }
}
