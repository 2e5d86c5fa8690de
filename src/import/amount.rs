//! Amounts as documents write them, read exactly for `import`: «500 000», «kr 500 000,-»,
//! «500.000 kr», «1 366 667», «12 500,50», «-3 000», with the provisional mark or a note's
//! number after them. A text that is not clearly one amount is not an amount.

use rust_decimal::Decimal;
use std::str::FromStr;

/// What a cell says about an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    /// An amount, exactly.
    Amount(Decimal),
    /// «–», «-» or empty: the document gives no figure.
    NotGiven,
}

/// Reads a cell's text as an amount, or `None` when it is something else (a word, a year
/// range, a share).
pub fn read(text: &str) -> Option<Stated> {
    let t = crate::import::text::normalize(text);
    // A note's number or the provisional mark after the figure.
    let t = t.trim_end_matches(|c: char| {
        matches!(
            c,
            '*' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰' | ')'
        )
    });
    let t = t.trim();
    if t.is_empty() || matches!(t, "-" | "–" | "—") {
        return Some(Stated::NotGiven);
    }
    let lower = t.to_lowercase();
    let mut s = lower.as_str();
    for prefix in ["kr.", "kr", "nok"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    for suffix in [",-", ",–", ".-"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
        }
    }
    for suffix in ["kr.", "kr", "nok", ",-"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
            break;
        }
    }
    let (negative, s) = match s.strip_prefix(['-', '−', '–']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (whole, fraction) = match s.rsplit_once(',') {
        Some((w, f)) if (1..=2).contains(&f.len()) && f.chars().all(|c| c.is_ascii_digit()) => {
            (w, Some(f))
        }
        Some(_) => return None,
        None => (s, None),
    };
    let digits = grouped(whole)?;
    let number = match fraction {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let value = Decimal::from_str(&number).ok()?;
    Some(Stated::Amount(if negative { -value } else { value }))
}

/// The digits of a whole number written with groups of three separated by spaces or points
/// («1 250 000», «1.250.000»), or without separators.
fn grouped(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split([' ', '.']).collect();
    let ok = groups
        .iter()
        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    ok.then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn amount(t: &str) -> Option<Decimal> {
        match read(t) {
            Some(Stated::Amount(d)) => Some(d),
            _ => None,
        }
    }

    #[test]
    fn the_ways_plans_write_amounts_are_read_exactly() {
        assert_eq!(amount("500 000"), Some(dec!(500000)));
        assert_eq!(amount("kr 500 000,-"), Some(dec!(500000)));
        assert_eq!(amount("500.000 kr"), Some(dec!(500000)));
        assert_eq!(amount("1\u{a0}366\u{a0}667"), Some(dec!(1366667)));
        assert_eq!(amount("12 500,50"), Some(dec!(12500.50)));
        assert_eq!(amount("185 000*"), Some(dec!(185000)));
        assert_eq!(amount("-3 000"), Some(dec!(-3000)));
        assert_eq!(amount("NOK 2.490.000"), Some(dec!(2490000)));
    }

    #[test]
    fn words_years_and_shares_are_not_amounts_and_a_dash_is_not_given() {
        assert_eq!(read("Matproduksjon"), None);
        assert_eq!(read("2022–2027"), None);
        assert_eq!(read("50 %"), None);
        assert_eq!(read("5 00"), None);
        assert_eq!(read("–"), Some(Stated::NotGiven));
    }
}
