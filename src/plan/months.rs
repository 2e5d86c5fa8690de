//! When in the year an activity or event of the communication plan happens: single months,
//! ranges of months (a range may wrap the year end, «des–jan»), lists of those, or the whole
//! year («løpende», «hele året»), as the programme writes them in YAML.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Months in the year, 1–12, from `first` to `last`; `last` before `first` wraps the year end
/// (`des–jan`), and `first == last` is a single month. Only made by [`MonthSpan::new`], so both
/// are always 1–12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSpan {
    first: u8,
    last: u8,
}

impl MonthSpan {
    /// The span from `first` to `last`, when both are months (1–12).
    pub fn new(first: u8, last: u8) -> Option<MonthSpan> {
        ((1..=12).contains(&first) && (1..=12).contains(&last)).then_some(MonthSpan { first, last })
    }

    pub fn first(self) -> u8 {
        self.first
    }

    pub fn last(self) -> u8 {
        self.last
    }

    pub fn is_single(self) -> bool {
        self.first == self.last
    }

    /// Whether the span runs across the year end (December to January).
    pub fn wraps(self) -> bool {
        self.last < self.first
    }

    /// How many months the span covers (1–12).
    pub fn month_count(self) -> u8 {
        // Both are 1–12: the sum stays far inside u8.
        (self.last + 12 - self.first) % 12 + 1
    }

    /// The months, in order from `first` (wrapping after December).
    pub fn months(self) -> impl Iterator<Item = u8> {
        (0..self.month_count()).map(move |i| (self.first - 1 + i) % 12 + 1)
    }
}

/// When in the year: some months (each a single month or a range), or the whole year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Months {
    /// The months as the plan lists them, in its order.
    Spans(Vec<MonthSpan>),
    /// «løpende» or «hele året»: all through the year.
    Ongoing,
}

impl Months {
    /// The month the entry starts in, for ordering by month: the whole year comes first (0).
    pub fn sort_key(&self) -> u8 {
        match self {
            Months::Ongoing => 0,
            Months::Spans(spans) => spans.iter().map(|s| s.first()).min().unwrap_or(13),
        }
    }

    pub fn spans(&self) -> &[MonthSpan] {
        match self {
            Months::Spans(spans) => spans,
            Months::Ongoing => &[],
        }
    }

    fn pairs(&self) -> Vec<(u8, u8)> {
        self.spans().iter().map(|s| (s.first, s.last)).collect()
    }

    /// As a table column shows it: "jan., mars, sep.–des.", "des.–jan.", "hele året".
    pub fn short(&self, nn: bool) -> String {
        crate::format::months_short(&self.pairs(), *self == Months::Ongoing, nn)
    }

    /// In words: "januar, september–desember", "hele året".
    pub fn words(&self, nn: bool) -> String {
        crate::format::months(&self.pairs(), *self == Months::Ongoing, nn)
    }
}

/// How to write months, said in every message about them.
const HOW: &str = "skriv en måned (`3` eller `mars`), et spenn (`\"9-12\"` eller `sep–des`, \
                   også over nyttår: `des–jan`), en liste av dem (`[jan, mars, sep–des]`) eller \
                   `løpende` for hele året";

/// Words that mean the whole year.
fn is_ongoing(text: &str) -> bool {
    let t: String = text
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    matches!(
        t.as_str(),
        "løpende" | "løpande" | "hele året" | "heile året" | "hele år" | "helårs" | "heilårs"
    )
}

/// One month: its number (`3`, `03`) or its name or an abbreviation of at least three letters
/// (`mars`, `mar`, `mar.`, `sept`), in any case.
fn month_token(token: &str) -> Result<u8, String> {
    let t = token.trim();
    if t.is_empty() {
        return Err(format!("En måned mangler. {}", capital(HOW)));
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return match t.parse::<u32>() {
            Ok(n) if (1..=12).contains(&n) => Ok(n as u8),
            _ => Err(format!(
                "Måned {t} finnes ikke; bruk 1–12 (1 er januar, 12 er desember)"
            )),
        };
    }
    let word = t.trim_end_matches('.').to_lowercase();
    let matches: Vec<usize> = crate::format::MONTHS
        .iter()
        .enumerate()
        .filter(|(_, name)| word.chars().count() >= 3 && name.starts_with(word.as_str()))
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [i] => Ok(*i as u8 + 1),
        _ => Err(format!("«{t}» er ikke en måned: {HOW}")),
    }
}

fn capital(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One item of a list, or the whole value: a month or a range `a–b` (en dash, hyphen or em
/// dash, spaces allowed).
fn span_text(text: &str) -> Result<MonthSpan, String> {
    let parts: Vec<&str> = text.split(['-', '–', '—']).collect();
    let (first, last) = match parts.as_slice() {
        [one] => {
            let m = month_token(one)?;
            (m, m)
        }
        [a, b] => (month_token(a)?, month_token(b)?),
        _ => {
            return Err(format!(
                "«{}» er ikke et spenn av måneder: et spenn har én strek, f.eks. `sep–des`",
                text.trim()
            ));
        }
    };
    // month_token gives 1–12 only.
    MonthSpan::new(first, last).ok_or_else(|| format!("«{}»: {HOW}", text.trim()))
}

/// A whole value written as text: `løpende`, `sep–des`, `mars`, or a list in the text
/// (`jan, mars, sep–des`; `des/jan` as in «Des/jan»).
pub fn parse_months(text: &str) -> Result<Months, String> {
    if is_ongoing(text) {
        return Ok(Months::Ongoing);
    }
    if text.trim().is_empty() {
        return Err(format!("Månedene mangler: {HOW}"));
    }
    let mut spans = Vec::new();
    for item in text.split([',', '/', ';']) {
        if is_ongoing(item) {
            return Err(format!(
                "«{}» blander hele året med enkelte måneder: skriv bare `løpende`, eller bare \
                 månedene",
                text.trim()
            ));
        }
        spans.push(span_text(item)?);
    }
    listed_once(spans)
}

/// The months as listed, when none is listed twice (`[3, mars]`, or `mars` inside `feb–apr`):
/// the documents would show «mars, mars». An empty list (`[]`) is no months at all.
fn listed_once(spans: Vec<MonthSpan>) -> Result<Months, String> {
    if spans.is_empty() {
        return Err(format!("Lista av måneder er tom: {HOW}"));
    }
    let mut seen = [false; 13];
    for span in &spans {
        for m in span.months() {
            if std::mem::replace(&mut seen[usize::from(m)], true) {
                let name = crate::format::MONTHS[usize::from(m) - 1];
                return Err(format!(
                    "Måneden {name} står mer enn én gang i lista; skriv hver måned én gang, \
                     f.eks. `[jan, mars, sep–des]`"
                ));
            }
        }
    }
    Ok(Months::Spans(spans))
}

/// One number read as a month.
fn month_number(v: i128) -> Result<MonthSpan, String> {
    u8::try_from(v)
        .ok()
        .and_then(|m| MonthSpan::new(m, m))
        .ok_or_else(|| format!("Måned {v} finnes ikke; bruk 1–12 (1 er januar, 12 er desember)"))
}

fn float_message(v: f64) -> String {
    format!("{v} er ikke en måned (YAML leser det som et desimaltall): {HOW}")
}

/// An item of a YAML list of months: a number or a text.
struct Item(Months);

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MonthsVisitor { in_list: true }).map(Item)
    }
}

struct MonthsVisitor {
    in_list: bool,
}

impl<'de> Visitor<'de> for MonthsVisitor {
    type Value = Months;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("en måned, et spenn av måneder, en liste av dem eller «løpende»")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Months, E> {
        // A stand-in for months that could not be read (said already).
        if super::de::placeholder() {
            return Ok(super::de::stand_in(
                Months::Ongoing,
                Months::Spans(vec![MonthSpan { first: 1, last: 1 }]),
            ));
        }
        Err(E::custom(
            "Måneden står tom: skriv en måned (`mars` eller `3`), et spenn (`sep–des`) eller \
             `løpende`",
        ))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Months, E> {
        self.visit_i128(i128::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Months, E> {
        self.visit_i128(i128::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Months, E> {
        month_number(v)
            .map(|s| Months::Spans(vec![s]))
            .map_err(E::custom)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Months, E> {
        self.visit_i128(i128::try_from(v).unwrap_or(i128::MAX))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Months, E> {
        Err(E::custom(float_message(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Months, E> {
        Err(E::custom(format!("«{v}» er ikke en måned: {HOW}")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Months, E> {
        match parse_months(v) {
            Ok(Months::Ongoing) if self.in_list => Err(E::custom(
                "En liste av måneder kan ikke ha «løpende» eller «hele året» i seg: skriv bare \
                 `løpende`, eller bare månedene",
            )),
            other => other.map_err(E::custom),
        }
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Months, A::Error> {
        if self.in_list {
            return Err(de::Error::custom(
                "En liste inne i en liste av måneder: skriv én liste, f.eks. `[jan, mars, sep–des]`",
            ));
        }
        let mut spans = Vec::new();
        while let Some(Item(item)) = seq.next_element::<Item>()? {
            spans.extend_from_slice(item.spans());
        }
        listed_once(spans).map_err(de::Error::custom)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _map: A) -> Result<Months, A::Error> {
        Err(de::Error::custom(format!(
            "Månedene er skrevet som en tabell med nøkler: {HOW}"
        )))
    }
}

impl<'de> Deserialize<'de> for Months {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MonthsVisitor { in_list: false })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: u8, b: u8) -> MonthSpan {
        MonthSpan::new(a, b).unwrap()
    }

    #[test]
    fn names_numbers_ranges_and_the_whole_year() {
        assert_eq!(parse_months("mars"), Ok(Months::Spans(vec![span(3, 3)])));
        assert_eq!(parse_months("Mar."), Ok(Months::Spans(vec![span(3, 3)])));
        assert_eq!(parse_months("9-12"), Ok(Months::Spans(vec![span(9, 12)])));
        assert_eq!(
            parse_months("sep–des"),
            Ok(Months::Spans(vec![span(9, 12)]))
        );
        assert_eq!(
            parse_months("Sep – Des"),
            Ok(Months::Spans(vec![span(9, 12)]))
        );
        assert_eq!(
            parse_months("des–jan"),
            Ok(Months::Spans(vec![span(12, 1)]))
        );
        assert_eq!(
            parse_months("Des/jan"),
            Ok(Months::Spans(vec![span(12, 12), span(1, 1)]))
        );
        assert_eq!(
            parse_months("jan, mars, sep–des"),
            Ok(Months::Spans(vec![span(1, 1), span(3, 3), span(9, 12)]))
        );
        assert_eq!(parse_months("løpende"), Ok(Months::Ongoing));
        assert_eq!(parse_months("Hele  året"), Ok(Months::Ongoing));
        for bad in [
            "ma",
            "13",
            "0",
            "sep-okt-nov",
            "",
            "jan, løpende",
            "hver uke",
            "1-",
        ] {
            assert!(parse_months(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_wrapping_span_runs_through_the_year_end() {
        let s = span(11, 2);
        assert!(s.wraps());
        assert_eq!(s.month_count(), 4);
        assert_eq!(s.months().collect::<Vec<_>>(), vec![11, 12, 1, 2]);
        assert_eq!(span(5, 5).month_count(), 1);
        assert_eq!(span(1, 12).month_count(), 12);
        assert!(MonthSpan::new(0, 3).is_none() && MonthSpan::new(3, 13).is_none());
    }
}
