//! Text between the DOCX and the plan, for `import`: paragraphs compared as a reader sees them
//! (spaces of every kind alike), Word's runs written back as the plan's Markdown (bold,
//! italic, links), and a plan field's Markdown cut into the paragraphs it renders as.

use super::docx::Run;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A paragraph's text as compared: every kind of space one space, soft hyphens gone,
/// non-breaking hyphens plain, no space at the ends.
pub fn normalize(text: &str) -> String {
    normalize_marked(text.chars().map(|c| (c, ())))
        .into_iter()
        .map(|(c, ())| c)
        .collect()
}

/// Characters normalised as [`normalize`] does, each keeping its mark (the run it came from);
/// a space between two words takes the mark of the word after it.
pub fn normalize_marked<M: Copy>(chars: impl IntoIterator<Item = (char, M)>) -> Vec<(char, M)> {
    let mut out = Vec::new();
    let mut space = false;
    for (c, mark) in chars {
        let c = match c {
            '\u{00AD}' | '\u{200B}' => continue,
            '\u{2011}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push((' ', mark));
        }
        space = false;
        out.push((c, mark));
    }
    out
}

/// Markdown's special characters in a run of text, escaped where they would be read as
/// markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '[' | ']' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Word's runs as the plan's inline Markdown: `**fet**`, `*kursiv*`, `[tekst](adresse)`; the
/// spaces at a run's edge stay outside its markers, as Markdown needs.
pub fn markdown(runs: &[Run]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < runs.len() {
        let run = &runs[i];
        if let Some(url) = &run.link {
            // Neighbouring runs of the same link are one link.
            let mut j = i;
            let mut inner = Vec::new();
            while j < runs.len() && runs[j].link.as_ref() == Some(url) {
                inner.push(Run {
                    link: None,
                    ..runs[j].clone()
                });
                j += 1;
            }
            out.push_str(&format!("[{}]({url})", markdown(&inner)));
            i = j;
            continue;
        }
        let text = run.text.replace('\n', " ");
        let core = text.trim();
        if core.is_empty() || !(run.bold || run.italic) {
            out.push_str(&escape(&text));
        } else {
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let marker = match (run.bold, run.italic) {
                (true, true) => "***",
                (true, false) => "**",
                _ => "*",
            };
            out.push_str(&format!("{lead}{marker}{}{marker}{trail}", escape(core)));
        }
        i += 1;
    }
    out
}

/// The runs without the first `prefix` and the last `suffix` characters of their text.
pub fn cut(runs: &[Run], prefix: usize, suffix: usize) -> Vec<Run> {
    let total: usize = runs.iter().map(|r| r.text.chars().count()).sum();
    let end = total.saturating_sub(suffix);
    let mut out = Vec::new();
    let mut at = 0;
    for r in runs {
        let n = r.text.chars().count();
        let (from, to) = (prefix.max(at), end.min(at + n));
        if from < to {
            out.push(Run {
                text: r.text.chars().skip(from - at).take(to - from).collect(),
                ..r.clone()
            });
        }
        at += n;
    }
    out
}

/// One paragraph a field's Markdown renders as: its text as the reader sees it, and the
/// byte range of its inline Markdown in the field.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub plain: String,
    pub range: Range<usize>,
}

/// The paragraphs, headings, list items and table cells of a field's Markdown.
pub fn pieces(markdown: &str) -> Vec<Piece> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut out = Vec::new();
    let mut current: Option<(String, Range<usize>)> = None;
    let close = |current: &mut Option<(String, Range<usize>)>, out: &mut Vec<Piece>| {
        if let Some((plain, range)) = current.take() {
            let plain = normalize(&plain);
            if !plain.is_empty() {
                out.push(Piece { plain, range });
            }
        }
    };
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::List(_)
                | Tag::BlockQuote(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::List(_)
                | TagEnd::BlockQuote(_),
            ) => close(&mut current, &mut out),
            Event::Text(t) | Event::Code(t) => {
                let (plain, r) = current.get_or_insert_with(|| (String::new(), range.clone()));
                plain.push_str(&t);
                r.end = r.end.max(range.end);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((plain, _)) = current.as_mut() {
                    plain.push(' ');
                }
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. }) => {
                let (_, r) = current.get_or_insert_with(|| (String::new(), range.clone()));
                r.start = r.start.min(range.start);
                r.end = r.end.max(range.end);
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {
                if let Some((_, r)) = current.as_mut() {
                    r.end = r.end.max(range.end);
                }
            }
            _ => {}
        }
    }
    close(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool) -> Run {
        Run {
            text: text.into(),
            bold,
            ..Run::default()
        }
    }

    #[test]
    fn runs_become_markdown_with_spaces_outside_the_markers() {
        let runs = [run("Mål: ", true), run("fire *nye* [1]", false)];
        assert_eq!(markdown(&runs), "**Mål:** fire \\*nye\\* \\[1\\]");
    }

    #[test]
    fn a_label_is_cut_off_by_characters() {
        let runs = [run("Resultatmål: ", true), run("Fire nye", false)];
        assert_eq!(markdown(&cut(&runs, 13, 0)), "Fire nye");
    }

    #[test]
    fn pieces_name_each_paragraph_and_item_with_its_source() {
        let md = "Første **fete** avsnitt.\n\n- punkt én\n- punkt [to](https://a.no)\n";
        let p = pieces(md);
        let plain: Vec<&str> = p.iter().map(|p| p.plain.as_str()).collect();
        assert_eq!(plain, ["Første fete avsnitt.", "punkt én", "punkt to"]);
        assert_eq!(&md[p[0].range.clone()], "Første **fete** avsnitt.");
        assert_eq!(&md[p[2].range.clone()], "punkt [to](https://a.no)");
    }

    #[test]
    fn every_space_is_one_space() {
        assert_eq!(normalize(" kr\u{a0}500\u{202f}000 \n"), "kr 500 000");
    }
}
