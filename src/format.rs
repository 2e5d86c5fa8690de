//! The one place where figures become text: amounts, shares, figure states (final,
//! provisional, unknown), dates, months and colours. The documents' view, the `check` summary,
//! `diff` and the messages all spell them through here, so each state reads the same
//! everywhere.

use crate::money::Figure;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// How a figure that is not known yet reads (the documents, the summary and `diff` alike).
pub const UNKNOWN: &str = "ikke kjent";
/// The same in nynorsk.
pub const UNKNOWN_NN: &str = "ikkje kjent";
/// The mark after a provisional figure and after every total that depends on one.
pub const PROVISIONAL_MARK: &str = "*";
/// A figure the plan does not give.
pub const ABSENT: &str = "–";
/// A result for a year that is not reported (yet): not the same as 0.
pub const NOT_REPORTED: &str = "ikke rapportert";
/// The same in nynorsk.
pub const NOT_REPORTED_NN: &str = "ikkje rapportert";

/// A note's marker after a row's name or a heading: ¹, ², ³ … ¹⁰, in superscript digits.
pub fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).and_then(|d| DIGITS.get(d as usize)).copied())
        .collect()
}

/// The unit a figure is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Kroner,
    Percent,
}

/// A figure of another target in its unit: "12", "2 000 000 kr", "40 %"; "ca. 70" when it
/// is an estimate.
pub fn quantity(v: Decimal, unit: Unit, about: bool) -> String {
    let shown = match unit {
        Unit::Count => amount(v),
        Unit::Kroner => kr(v),
        Unit::Percent => percent(v),
    };
    if about { format!("ca. {shown}") } else { shown }
}

/// An amount the Norwegian way: thousands grouped by a non-breaking space, decimal comma,
/// øre only when the amount has them ("1 250 000", "12 500,50", "-3 000").
pub fn amount(v: Decimal) -> String {
    let rounded = v.round_dp(2);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let abs = rounded.abs();
    let whole = abs.trunc();
    let frac = abs - whole;
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2 + 4);
    if negative {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(ch);
    }
    if !frac.is_zero() {
        let cents = (frac * Decimal::ONE_HUNDRED)
            .round()
            .to_u32()
            .unwrap_or_default();
        out.push_str(&format!(",{cents:02}"));
    }
    out
}

/// A percentage with a decimal comma and a non-breaking space before "%": "25 %", "12,5 %".
pub fn percent(v: Decimal) -> String {
    let s = v.round_dp(2).normalize().to_string().replace('.', ",");
    format!("{s}\u{a0}%")
}

/// A figure as the documents show it: "1 250 000", "185 000*" when provisional, "ikke kjent*".
pub fn figure(f: Figure) -> String {
    match f {
        Figure::Final(v) => amount(v),
        Figure::Provisional(v) => format!("{}{PROVISIONAL_MARK}", amount(v)),
        Figure::Unknown => format!("{UNKNOWN}{PROVISIONAL_MARK}"),
    }
}

/// A figure as a nynorsk (`nn`) or bokmål document shows it: «ikkje kjent*» in nynorsk.
pub fn figure_in(f: Figure, nn: bool) -> String {
    match f {
        Figure::Unknown if nn => format!("{UNKNOWN_NN}{PROVISIONAL_MARK}"),
        f => figure(f),
    }
}

/// A figure in running text in the document's målform: nynorsk «185 000 kr (førebels)»,
/// «ikkje kjent».
pub fn figure_kr_in(f: Figure, nn: bool) -> String {
    match f {
        Figure::Provisional(v) if nn => format!("{} kr (førebels)", amount(v)),
        Figure::Unknown if nn => UNKNOWN_NN.to_string(),
        f => figure_kr(f),
    }
}

/// A figure in running text, with its unit: "1 250 000 kr", "185 000 kr (foreløpig)",
/// "ikke kjent".
pub fn figure_kr(f: Figure) -> String {
    match f {
        Figure::Final(v) => format!("{} kr", amount(v)),
        Figure::Provisional(v) => format!("{} kr (foreløpig)", amount(v)),
        Figure::Unknown => UNKNOWN.to_string(),
    }
}

/// An amount in running text: "1 250 000 kr".
pub fn kr(v: Decimal) -> String {
    format!("{} kr", amount(v))
}

/// Text for a terminal: plain spaces for the non-breaking ones, so columns line up anywhere.
pub fn plain(text: &str) -> String {
    text.replace('\u{a0}', " ")
}

/// The months' names, January first (for spelling them out and for reading them back).
pub const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];
const MONTHS_SHORT: [&str; 12] = [
    "jan.", "feb.", "mars", "april", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.",
];

/// A month's name in full, lower case, as in running text (the same in bokmål and nynorsk);
/// empty for a number that is not a month.
pub fn month(month: u8) -> &'static str {
    MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// A month's short name, as in a table column ("jan.", "mars", "sep.").
pub fn month_short(month: u8) -> &'static str {
    MONTHS_SHORT
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// What the whole year («løpende») reads as, in bokmål or nynorsk.
pub fn whole_year(nn: bool) -> &'static str {
    if nn { "heile året" } else { "hele året" }
}

/// A span of months (`first` to `last`; a single month when they are equal; across the year
/// end when `last` comes before `first`) with the short names, as in a table column: "mars",
/// "sep.–des.", "des.–jan.".
pub fn month_span_short(first: u8, last: u8) -> String {
    if first == last {
        month_short(first).to_string()
    } else {
        format!("{}–{}", month_short(first), month_short(last))
    }
}

/// A span of months in full, as in running text: "mars", "september–desember".
pub fn month_span(first: u8, last: u8) -> String {
    if first == last {
        month(first).to_string()
    } else {
        format!("{}–{}", month(first), month(last))
    }
}

/// Months as a table column shows them: "jan., mars, sep.–des."; the whole year (`whole`) as
/// "hele året".
pub fn months_short(spans: &[(u8, u8)], whole: bool, nn: bool) -> String {
    if whole {
        return whole_year(nn).to_string();
    }
    let parts: Vec<String> = spans.iter().map(|&(a, b)| month_span_short(a, b)).collect();
    parts.join(", ")
}

/// Months in full, as running text says them: "januar, september–desember", or "hele året".
pub fn months(spans: &[(u8, u8)], whole: bool, nn: bool) -> String {
    if whole {
        return whole_year(nn).to_string();
    }
    let parts: Vec<String> = spans.iter().map(|&(a, b)| month_span(a, b)).collect();
    parts.join(", ")
}

/// "12. desember 2023" (the same in bokmål and nynorsk).
pub fn date_in_words(d: time::Date) -> String {
    format!("{}. {} {}", d.day(), month(u8::from(d.month())), d.year())
}

/// Parses "#RRGGBB" into its channels.
pub fn parse_hex_colour(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn groups_thousands_with_non_breaking_space() {
        assert_eq!(amount(dec!(4600000)), "4\u{a0}600\u{a0}000");
        assert_eq!(amount(dec!(500)), "500");
        assert_eq!(amount(dec!(1000)), "1\u{a0}000");
        assert_eq!(amount(dec!(-12500.5)), "-12\u{a0}500,50");
        assert_eq!(amount(dec!(0)), "0");
    }

    #[test]
    fn percent_uses_decimal_comma_and_space() {
        assert_eq!(percent(dec!(25)), "25\u{a0}%");
        assert_eq!(percent(dec!(12.50)), "12,5\u{a0}%");
    }

    #[test]
    fn each_state_has_one_spelling() {
        assert_eq!(figure(Figure::Final(dec!(185000))), "185\u{a0}000");
        assert_eq!(figure(Figure::Provisional(dec!(185000))), "185\u{a0}000*");
        assert_eq!(figure(Figure::Unknown), "ikke kjent*");
        assert_eq!(figure_kr(Figure::Unknown), "ikke kjent");
        assert_eq!(plain(&figure(Figure::Final(dec!(1000)))), "1 000");
    }

    #[test]
    fn dates_and_months_in_norwegian() {
        let d = time::Date::from_calendar_date(2023, time::Month::December, 12).unwrap();
        assert_eq!(date_in_words(d), "12. desember 2023");
        assert_eq!(month(9), "september");
        assert_eq!(month_short(9), "sep.");
        assert_eq!(month(13), "");
    }

    #[test]
    fn month_ranges_and_the_whole_year() {
        let list = [(1, 1), (3, 3), (9, 12)];
        assert_eq!(months_short(&list, false, false), "jan., mars, sep.–des.");
        assert_eq!(
            months(&list, false, false),
            "januar, mars, september–desember"
        );
        assert_eq!(months_short(&[(12, 1)], false, false), "des.–jan.");
        assert_eq!(months_short(&[], true, false), "hele året");
        assert_eq!(months(&[], true, true), "heile året");
    }

    #[test]
    fn markers_and_quantities() {
        assert_eq!(superscript(3), "³");
        assert_eq!(superscript(12), "¹²");
        assert_eq!(
            quantity(dec!(2000000), Unit::Kroner, false),
            "2\u{a0}000\u{a0}000 kr"
        );
        assert_eq!(quantity(dec!(40), Unit::Percent, false), "40\u{a0}%");
        assert_eq!(quantity(dec!(70), Unit::Count, true), "ca. 70");
    }

    #[test]
    fn colours_are_six_hex_digits() {
        assert_eq!(parse_hex_colour("#0a7F00"), Some((10, 127, 0)));
        assert_eq!(parse_hex_colour("#fff"), None);
        assert_eq!(parse_hex_colour("#ææææ"), None);
    }
}
