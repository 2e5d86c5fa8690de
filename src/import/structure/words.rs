//! The words of a plan's text for the structure reader: headings without their numbers,
//! years and numbers in a sentence, strategy labels, paragraphs as Markdown.

use crate::import::docx::Para;
use crate::import::text;
use rust_decimal::Decimal;

/// A text in lower case with every character at the same byte position as in `t` (a letter
/// whose lower case is longer or shorter stays as written), so that a place found in the lower
/// case is the same place in `t`.
pub(super) fn lower_aligned(t: &str) -> String {
    t.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// A heading's text without its number («2.1 », «3. », «1)»), in lower case.
pub(super) fn bare(heading: &str) -> String {
    let t = text::normalize(heading);
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
    let rest = if rest.len() < t.len() {
        rest.trim_start()
    } else {
        &t
    };
    rest.to_string()
}

/// A heading's text without its number, as written.
pub(super) fn heading_name(heading: &str) -> String {
    bare(heading)
}

/// A paragraph as Markdown: list items with their marker and indentation, the runs' bold,
/// italic and links.
pub(super) fn para_markdown(p: &Para) -> String {
    let inline = text::markdown(&p.runs).trim().to_string();
    match p.list {
        Some((level, ordered)) => format!(
            "{}{} {inline}",
            "  ".repeat(level as usize),
            if ordered { "1." } else { "-" }
        ),
        None => inline,
    }
}

/// Paragraphs as one Markdown text: list items on their own lines, paragraphs apart.
pub(super) fn join_markdown(paras: &[String]) -> String {
    let mut out = String::new();
    let mut last_item = false;
    for p in paras {
        let item = p.trim_start().starts_with("- ") || p.trim_start().starts_with("1. ");
        if !out.is_empty() {
            out.push_str(if item && last_item { "\n" } else { "\n\n" });
        }
        out.push_str(p);
        last_item = item;
    }
    out
}

/// Whether a text is one of the template's own [placeholders] or guidance lines.
pub(super) fn placeholder(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('[') && t.ends_with(']') || t.starts_with("[*") || t.starts_with("[**")
}

/// The template's fixed sentences, which a plan does not need to carry.
pub(super) const TEMPLATE_SENTENCES: [&str; 9] = [
    "For hvert innsatsområde er det utviklet strategier.",
    "For kvart innsatsområde er det utvikla strategiar.",
    "Prioriteringene av prosjekter og tiltak i årlig",
    "Prioriteringa av prosjekt og tiltak i årleg",
    "Årlig periodiserte arbeidsplassmål fordelt på",
    "Årleg periodiserte arbeidsplassmål fordelte på",
    "innsatsområdet vil ikke ha arbeidsplasser som målsetting, men skal understøtte",
    "Alle strategiene fra omstillingsplan",
    "«Sum innsatsområde» er spesifisert",
];

pub(super) fn template_sentence(t: &str) -> bool {
    let t = t.trim_start_matches(['*', '¹', '²', ' ', '[']);
    TEMPLATE_SENTENCES
        .iter()
        .any(|s| t.to_lowercase().starts_with(&s.to_lowercase()))
}

/// The years in a text, in order.
pub(super) fn years(t: &str) -> Vec<i32> {
    let chars: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let n: String = chars[start..i].iter().collect();
            if n.len() == 4
                && let Ok(y) = n.parse::<i32>()
                && (2000..2100).contains(&y)
            {
                out.push(y);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The whole numbers in a text, in order.
pub(super) fn numbers(t: &str) -> Vec<u32> {
    t.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty() && n.len() < 9)
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// A strategy label: «A: Navn – innhold», «A. Navn», «3.1 Navn» → (id as written, name,
/// content after a dash).
pub(super) fn strategy_label(label: &str) -> Option<(String, String, Option<String>)> {
    let t = text::normalize(label);
    // «Strategi 1 – Navn», «Strategi A: Navn»: the word before the identifier is no part of it.
    let (t, after_word) = match t.get(..9) {
        Some(w) if w.eq_ignore_ascii_case("strategi ") => (t[9..].trim_start().to_string(), true),
        _ => (t, false),
    };
    let end = t.find([' ', ':']).unwrap_or(t.len());
    let id_part = &t[..end];
    let id = id_part.trim_end_matches(':');
    crate::plan::strategy_id_style(id)?;
    // After the word «Strategi» only one letter or a number: «Strategi og tiltak» is no id.
    if after_word && id.chars().filter(|c| c.is_alphabetic()).count() > 1 {
        return None;
    }
    let rest = t[end..].trim_start_matches([':', ' ']);
    let rest = rest.strip_prefix(['–', '-']).unwrap_or(rest).trim();
    if rest.is_empty() {
        return None;
    }
    // «A: Navn – innhold»: a dash before a content of a few words or more; «Etablererkultur -
    // ungdom» is one name.
    let (name, content) = match rest.split_once(" – ").or_else(|| rest.split_once(" - ")) {
        Some((n, c)) if c.split_whitespace().count() >= 4 => {
            (n.trim().to_string(), Some(c.trim().to_string()))
        }
        _ => (rest.to_string(), None),
    };
    Some((id.to_string(), name, content))
}

/// Whether a row's label (in lower case) is a sum row: «Sum», «Totalt for innsatsområdet»,
/// «Samlet kostnad», «I alt».
pub(super) fn sum_label(lower: &str) -> bool {
    let lower = lower.trim();
    ["sum", "total", "samlet", "samla", "i alt", "delsum", "ramme for "]
        .iter()
        .any(|w| lower.starts_with(w))
        // «Ramme innsatsområde», «Ramme 2027»; not «Rammeverk for …».
        || lower == "ramme"
        || lower.starts_with("ramme ")
        || lower.ends_with(" i alt")
        || lower.ends_with(" totalt")
}

/// Words only nynorsk writes, and their bokmål counterparts: how a reader tells the written
/// form of a plan at a glance.
const NYNORSK_WORDS: [&str; 16] = [
    "ikkje", "frå", "kva", "eit", "dei", "vere", "vert", "berre", "mykje", "noko", "kvar", "desse",
    "heile", "meir", "fleire", "korleis",
];
const BOKMÅL_WORDS: [&str; 16] = [
    "ikke", "fra", "hva", "et", "de", "være", "blir", "bare", "mye", "noe", "hver", "disse",
    "hele", "mer", "flere", "hvordan",
];

/// How many of a text's words only nynorsk has, and how many only bokmål has.
pub(super) fn written_forms(text: &str) -> (usize, usize) {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count();
    (count(&NYNORSK_WORDS), count(&BOKMÅL_WORDS))
}

pub(super) fn money(d: Decimal) -> String {
    crate::format::plain(&crate::format::amount(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_in_nynorsk_has_more_of_its_own_words() {
        let (nn, nb) = written_forms("Målet er ikkje nådd, men det er meir att frå 2025.");
        assert!(nn > nb, "{nn} {nb}");
        let (nn, nb) = written_forms("Målet er ikke nådd, men det er mer igjen fra 2025.");
        assert!(nb > nn, "{nn} {nb}");
    }

    #[test]
    fn sum_rows_are_known_by_their_words() {
        for sum in [
            "sum",
            "sum innsatsområde",
            "totalt for innsatsområdet",
            "samlet kostnad",
            "i alt",
            "kostnader i alt",
        ] {
            assert!(sum_label(sum), "{sum}");
        }
        for row in ["industri og energi", "samarbeid", "reiseliv og natur"] {
            assert!(!sum_label(row), "{row}");
        }
    }

    #[test]
    fn strategy_labels_are_read_as_the_template_writes_them() {
        assert_eq!(
            strategy_label("A: Nettverk – Bygge nettverk for gründere"),
            Some((
                "A".into(),
                "Nettverk".into(),
                Some("Bygge nettverk for gründere".into())
            ))
        );
        assert_eq!(
            strategy_label("B.    Bedriftsrettete tiltak"),
            Some(("B.".into(), "Bedriftsrettete tiltak".into(), None))
        );
        assert_eq!(strategy_label("Prosjektkostnader"), None);
        assert_eq!(
            strategy_label("Strategi 1 – Skogbasert næring"),
            Some(("1".into(), "Skogbasert næring".into(), None))
        );
        assert_eq!(strategy_label("Strategi og tiltak i 2025"), None);
        assert_eq!(strategy_label("Strategi på kort sikt"), None);
        assert_eq!(
            strategy_label("a) Bedriftsutvikling"),
            Some(("a)".into(), "Bedriftsutvikling".into(), None))
        );
    }

    #[test]
    fn a_name_with_a_short_dash_part_stays_one_name() {
        assert_eq!(
            strategy_label("I. Etablererkultur - ungdom"),
            Some(("I.".into(), "Etablererkultur - ungdom".into(), None))
        );
    }
}
