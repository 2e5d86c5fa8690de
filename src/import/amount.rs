//! Amounts as documents write them, read exactly for `import`: «500 000», «kr 500 000,-»,
//! «500.000 kr», «1 366 667», «12 500,50», «-3 000», «0,5 mill. kr», «900'» and «600’» (in
//! thousands), with the provisional mark or a note's number after them; a bare figure in a
//! table headed «(1000 kr)» or «tall i millioner» in that unit. A text that is not clearly one
//! amount is not an amount.

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
    read_in(text, Decimal::ONE)
}

/// Reads a cell's text as an amount in a table whose bare figures are in `unit` kroner (1000
/// under «(1000 kr)»); a figure that names its own unit («0,9 mill.», «900'») is read in it.
pub fn read_in(text: &str, unit: Decimal) -> Option<Stated> {
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
    for suffix in ["kroner", "kr.", "kr", "nok", ",-"] {
        // «0,2 MNOK»: millions of kroner, read with the figure's own unit below.
        if s.ends_with("mnok") {
            break;
        }
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
            break;
        }
    }
    let (s, own_unit) = unit_suffix(s);
    // «0.8 mill», «NOK 3.0 mill»: in millions a point before one or two digits is the decimal
    // comma, as English writes it.
    let point_decimal;
    let s = match s.rsplit_once('.') {
        Some((whole, fraction))
            if own_unit == Some(Decimal::from(1_000_000))
                && !s.contains(',')
                && (1..=2).contains(&fraction.len())
                && !whole.contains('.')
                && fraction.chars().all(|c| c.is_ascii_digit()) =>
        {
            point_decimal = format!("{whole},{fraction}");
            point_decimal.as_str()
        }
        _ => s,
    };
    let (negative, s) = match s.strip_prefix(['-', '−', '–']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let decimals = if own_unit.is_some() || unit > Decimal::ONE {
        6
    } else {
        2
    };
    let value = number(s, decimals)?;
    let value = value.checked_mul(own_unit.unwrap_or(unit))?;
    Some(Stated::Amount(if negative { -value } else { value }))
}

/// The amount a labelled line gives as its whole value, without a unit: «Administrasjon:
/// 1 100 000», «Sum innsatsområde: 500 000.».
pub fn after_label(text: &str) -> Option<Decimal> {
    match read(text.split_once(':')?.1.trim().trim_end_matches('.')) {
        Some(Stated::Amount(a)) => Some(a),
        _ => None,
    }
}

/// The amounts a sentence states with a unit («ca. 1,7 mill. kr», «600’ i søkbare midlar»,
/// «kr 50 000»), in order; bare numbers (a count, a year) are not amounts.
pub fn in_text(text: &str) -> Vec<Decimal> {
    let t = crate::import::text::normalize(text);
    let words: Vec<&str> = t.split(' ').collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = (1..=5).rev().find_map(|n| {
            let piece = words.get(i..i + n)?.join(" ");
            let piece = piece.trim_end_matches([',', ';', ':']);
            let piece = piece
                .strip_suffix('.')
                .filter(|p| !p.ends_with("mill"))
                .unwrap_or(piece);
            let lower = piece.to_lowercase();
            let unit = lower.starts_with("kr")
                || lower.starts_with("nok")
                || lower.ends_with("kr")
                || lower.ends_with("nok")
                || lower.ends_with("kr.")
                || lower.contains("mill")
                || lower.ends_with("kroner")
                || lower.ends_with(['\'', '’']);
            match read(piece) {
                Some(Stated::Amount(a)) if unit => Some((a, n)),
                _ => None,
            }
        });
        match found {
            Some((a, n)) => {
                out.push(a);
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a figure names its unit («kr 250», «250 000 kroner», «0,25 mill.», «250'», «NOK
/// 0.25m»), as a bare «250» does not.
pub fn has_unit(figure: &str) -> bool {
    let lower = crate::import::text::normalize(figure).to_lowercase();
    let s = lower.trim_end_matches(['.', ',', '-', '–', ' ']);
    [
        "kr",
        "nok",
        "kroner",
        "mill",
        "mnok",
        "tusen",
        "million",
        "millionar",
    ]
    .iter()
    .any(|w| s.split(|c: char| !c.is_alphabetic()).any(|word| word == *w))
        || s.ends_with(['\'', '’'])
        || s.strip_suffix('m')
            .is_some_and(|r| r.ends_with(|c: char| c.is_ascii_digit()))
}

/// A figure's own unit at its end: «mill.» or «m» (millions), «'» or «’» (thousands); the figure
/// without it.
fn unit_suffix(s: &str) -> (&str, Option<Decimal>) {
    for suffix in ["millioner", "millionar", "million", "mill.", "mill", "mnok"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            return (rest.trim_end(), Some(Decimal::from(1_000_000)));
        }
    }
    // «NOK 1.25m», as English writes millions: the «m» right after the figure.
    if let Some(rest) = s.strip_suffix('m')
        && rest.ends_with(|c: char| c.is_ascii_digit())
    {
        return (rest, Some(Decimal::from(1_000_000)));
    }
    if let Some(rest) = s.strip_suffix("tusen") {
        return (rest.trim_end(), Some(Decimal::from(1000)));
    }
    match s.strip_suffix(['\'', '’']) {
        Some(rest) => (rest.trim_end(), Some(Decimal::from(1000))),
        None => (s, None),
    }
}

/// A number with its thousands grouped and at most `decimals` after the comma, exactly.
fn number(s: &str, decimals: usize) -> Option<Decimal> {
    let (whole, fraction) = match s.rsplit_once(',') {
        Some((w, f))
            if (1..=decimals).contains(&f.len()) && f.chars().all(|c| c.is_ascii_digit()) =>
        {
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
    Decimal::from_str(&number).ok()
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
        assert_eq!(amount("kr\u{a0}400\u{a0}000,-"), Some(dec!(400000)));
        assert_eq!(amount("400.000,-"), Some(dec!(400000)));
    }

    #[test]
    fn amounts_in_a_sentence_are_those_with_a_unit() {
        assert_eq!(
            in_text("Ramme 2026: 0,9 mill. kr, av dette 600’ i søkbare midlar."),
            vec![dec!(900000), dec!(600000)]
        );
        assert_eq!(
            in_text("Rammen for 2016 er ca. 1,7 mill. kr til 30 prosjekter i 2016."),
            vec![dec!(1700000)]
        );
        assert_eq!(in_text("Samla ramme er 1,2 mill. kr."), vec![dec!(1200000)]);
        assert_eq!(
            in_text("Rammen er NOK 1,2 mill., av dette NOK 500 000 i søkbare midler."),
            vec![dec!(1200000), dec!(500000)]
        );
    }

    #[test]
    fn millions_and_thousands_are_read_in_their_unit() {
        assert_eq!(amount("0,5 mill."), Some(dec!(500000)));
        assert_eq!(amount("1,7 mill. kr"), Some(dec!(1700000)));
        assert_eq!(amount("0,45 mill. kr"), Some(dec!(450000)));
        assert_eq!(amount("900'"), Some(dec!(900000)));
        assert_eq!(amount("3 100'"), Some(dec!(3100000)));
        assert_eq!(amount("600’"), Some(dec!(600000)));
        assert_eq!(amount("0,2 MNOK"), Some(dec!(200000)));
        assert_eq!(amount("NOK 0.8 mill"), Some(dec!(800000)));
        assert_eq!(amount("NOK 3.0 mill"), Some(dec!(3000000)));
        assert_eq!(amount("1.500.000"), Some(dec!(1500000)));
        assert_eq!(amount("200 tusen"), Some(dec!(200000)));
        assert_eq!(amount("200 tusen kr"), Some(dec!(200000)));
        assert_eq!(amount("500 000 kroner"), Some(dec!(500000)));
        assert_eq!(amount("1,5 millionar"), Some(dec!(1500000)));
        assert_eq!(amount("NOK 0.4m"), Some(dec!(400000)));
        assert_eq!(amount("NOK 1.25m"), Some(dec!(1250000)));
        assert_eq!(amount("20 m"), None);
        assert!(has_unit("kr 250") && has_unit("0,25 mill.") && has_unit("250'"));
        assert!(has_unit("NOK 0.4m") && has_unit("250 000 kroner"));
        assert!(!has_unit("250") && !has_unit("1 250 000"));
        assert_eq!(
            in_text("Budsjettet er 200 tusen kroner."),
            vec![dec!(200000)]
        );
        assert_eq!(
            in_text("Vi venter 3 tusen besøkende."),
            Vec::<Decimal>::new()
        );
        let in_thousands = |t| match read_in(t, dec!(1000)) {
            Some(Stated::Amount(d)) => Some(d),
            _ => None,
        };
        assert_eq!(in_thousands("2 850"), Some(dec!(2850000)));
        assert_eq!(in_thousands("0"), Some(dec!(0)));
        // A figure with its own unit is read in it, not in the table's.
        assert_eq!(in_thousands("900'"), Some(dec!(900000)));
        let in_millions = |t| match read_in(t, dec!(1000000)) {
            Some(Stated::Amount(d)) => Some(d),
            _ => None,
        };
        assert_eq!(in_millions("2,9"), Some(dec!(2900000)));
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
