//! `diff`'s presentation: the changes between two versions of a plan (computed as data in
//! `changes`) as aligned terminal text or as a Markdown table for a board case.

use crate::changes::{Change, Value};
use crate::format::ABSENT;

fn shown(value: Option<Value>) -> String {
    value.map_or_else(|| ABSENT.to_string(), |v| v.display())
}

/// The changes as aligned text for the terminal.
pub fn to_text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "Ingen tall er endret.\n".into();
    }
    let width = |s: &str| s.chars().count();
    let label_width = changes.iter().map(|c| width(&c.label)).max().unwrap_or(0);
    let before_width = changes
        .iter()
        .map(|c| width(&shown(c.before)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for c in changes {
        let (before, after) = (shown(c.before), shown(c.after));
        out.push_str(&format!(
            "{}{}  {}{} → {}\n",
            c.label,
            " ".repeat(label_width - width(&c.label)),
            " ".repeat(before_width - width(&before)),
            before,
            after
        ));
    }
    out.push_str(&format!("\n{} tall endret.\n", changes.len()));
    out
}

/// Escapes a table cell for Markdown.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The changes as a Markdown table, for pasting into a board case (saksframlegg).
pub fn to_markdown(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "Ingen tall er endret.\n".into();
    }
    let mut out = String::from("| Tall | Før | Etter |\n|---|---:|---:|\n");
    for c in changes {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            md_cell(&c.label),
            md_cell(&shown(c.before)),
            md_cell(&shown(c.after))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Figure;
    use rust_decimal_macros::dec;

    #[test]
    fn markdown_escapes_pipes_and_marks_absent_figures() {
        let c = vec![Change {
            label: "A | B".into(),
            before: None,
            after: Some(Value::Amount(Figure::Final(dec!(1000)))),
        }];
        assert_eq!(
            to_markdown(&c),
            "| Tall | Før | Etter |\n|---|---:|---:|\n| A \\| B | – | 1\u{a0}000 |\n"
        );
    }

    #[test]
    fn an_unknown_figure_reads_as_in_the_documents() {
        let c = vec![Change {
            label: "Overføring".into(),
            before: Some(Value::Amount(Figure::Unknown)),
            after: Some(Value::Amount(Figure::Final(dec!(447500)))),
        }];
        assert!(to_text(&c).contains("ikke kjent* → 447\u{a0}500"));
    }
}
