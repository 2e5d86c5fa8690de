//! Reading on past a YAML syntax error, so that one run of `check` names every one. `yaml`
//! parses; at a syntax error `syntax` says what is wrong and at which line, and here that line
//! is mended in a working copy of the text — the value put in quotes, the missing colon put
//! in, the open quote closed, the line indented like the lines it belongs with, tabs made
//! spaces, or, when nothing better is known, the line (and the block under it) left out — and
//! the copy is parsed again. Every line stays where it was, so the lines later messages name
//! are the file's own.

use super::syntax::{brackets, content_column, indent_of, opening_quote, value_start};
use crate::diagnostic::Diagnostic;

/// How a line with a syntax error is mended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mend {
    /// The value after `key: ` (or `- `) put in quotes.
    QuoteValue,
    /// A colon put after the line's first word: `prosjektmål 20 nye` → `prosjektmål: 20 nye`.
    InsertColon,
    /// A space put after the key's colon: `område:Nome` → `område: Nome`.
    SpaceAfterColon,
    /// The quote that opens the value closed at the end of the line.
    CloseQuote,
    /// Every `[` and `{` of the line closed where the line closes another or ends; a closing
    /// bracket nothing opened left out.
    CloseBrackets,
    /// The line indented like the nearest line it can stand beside or under.
    Reindent,
    /// A line begun with `- ` where a key belongs: the `- ` taken away, the key lined up
    /// with the nearest keys.
    KeyNotItem,
    /// Tabs made spaces, in the indentation as the line's neighbours have it.
    Untab,
    /// `- ` put in front of the line's key, in its indentation: a new item of a list.
    NewItem,
    /// The line left out, with the lines further in under it.
    Drop,
}

/// A text being mended, line by line.
pub struct Mending {
    lines: Vec<String>,
    /// Whether the text ended with a line break.
    final_newline: bool,
}

impl Mending {
    pub fn new(text: &str) -> Mending {
        Mending {
            lines: text
                .strip_suffix('\n')
                .unwrap_or(text)
                .split('\n')
                .map(str::to_string)
                .collect(),
            final_newline: text.ends_with('\n'),
        }
    }

    pub fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        if self.final_newline {
            text.push('\n');
        }
        text
    }

    /// The key written on line `number` (1-based), as far as it can be told, and the column
    /// (0-based) it begins at.
    pub fn key_on(&self, number: u64) -> (String, usize) {
        let line = (number as usize)
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or("", String::as_str);
        let column = content_column(line);
        let key = line[column..]
            .split([':', ' '])
            .next()
            .unwrap_or("")
            .trim_matches(['"', '\''])
            .to_string();
        (key, column)
    }

    /// Mends line `number` (1-based); false when there is nothing there to mend.
    pub fn apply(&mut self, number: u64, mend: Mend) -> bool {
        let Some(at) = (number as usize)
            .checked_sub(1)
            .filter(|i| *i < self.lines.len())
        else {
            return false;
        };
        let line = self.lines[at].clone();
        let mended = match mend {
            Mend::QuoteValue => quote_value(&line),
            Mend::InsertColon => insert_colon(&line),
            Mend::SpaceAfterColon => line
                .split_once(':')
                .map(|(key, value)| format!("{key}: {value}")),
            Mend::CloseQuote => close_quote(&line),
            Mend::CloseBrackets => close_brackets(&line),
            Mend::Reindent => self.reindented(at),
            Mend::KeyNotItem => self.unlisted(at),
            Mend::Untab => self.untabbed(at),
            Mend::NewItem => {
                let indent = indent_of(&line);
                (indent >= 2).then(|| format!("{}- {}", " ".repeat(indent - 2), line.trim_start()))
            }
            Mend::Drop => None,
        };
        // A mend that changes nothing leaves the line out.
        match mended {
            Some(m) if m != line => self.lines[at] = m,
            _ => self.drop_block(at),
        }
        true
    }

    /// The line at `at` indented to the nearest other indentation its neighbours allow.
    fn reindented(&self, at: usize) -> Option<String> {
        let line = &self.lines[at];
        let current = indent_of(line);
        // Between two places as near, a key that opens a block (`innsatsområder:`) more likely
        // belongs further out, a key with its value beside the line above.
        let outward = line.trim_end().ends_with(':');
        let best = self.nearest_indent(at, current, Some(current), outward)?;
        Some(format!("{}{}", " ".repeat(best), line.trim_start()))
    }

    /// The line at `at`, a key written as a list item (`- område: …`), as a key lined up with
    /// the keys nearest to where its text stands.
    fn unlisted(&self, at: usize) -> Option<String> {
        let line = &self.lines[at];
        let best = self.nearest_indent(at, content_column(line), None, false)?;
        Some(format!(
            "{}{}",
            " ".repeat(best),
            line.trim_start().trim_start_matches("- ")
        ))
    }

    /// The indentation the neighbours of line `at` allow nearest to `wanted`, other than
    /// `besides`; between two as near, the one further out when `outward`, else the one of the
    /// nearer line.
    fn nearest_indent(
        &self,
        at: usize,
        wanted: usize,
        besides: Option<usize>,
        outward: bool,
    ) -> Option<usize> {
        self.indent_candidates(at)
            .into_iter()
            .enumerate()
            .filter(|(_, c)| Some(*c) != besides)
            .min_by_key(|(order, c)| (c.abs_diff(wanted), if outward { *c } else { *order }))
            .map(|(_, c)| c)
    }

    /// The line at `at` with its leading tabs and spaces made spaces: beside the nearest line
    /// above it, or under it when that line opens a block (a tab is typed to line up).
    fn untabbed(&self, at: usize) -> Option<String> {
        let line = &self.lines[at];
        let rest = line.trim_start_matches([' ', '\t']).replace('\t', " ");
        let above = self.lines[..at].iter().rev().find(|l| {
            let t = l.trim_start_matches([' ', '\t']);
            !t.is_empty() && !t.starts_with('#') && !l.starts_with('\t')
        });
        let indent = above.map_or(0, |above| {
            let content = content_column(above);
            if above.trim_end().ends_with(':') {
                content + 2
            } else {
                content
            }
        });
        Some(format!("{}{rest}", " ".repeat(indent)))
    }

    /// The indentations a line at `at` can have: beside the nearest line above it, under it
    /// when that line opens a block, and beside each line it is part of further up.
    fn indent_candidates(&self, at: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut limit = usize::MAX;
        for line in self.lines[..at].iter().rev() {
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with('\t') {
                continue;
            }
            let indent = indent_of(line);
            if indent >= limit {
                continue;
            }
            let content = content_column(line);
            if limit == usize::MAX && trimmed.trim_end().ends_with(':') {
                out.push(content + 2);
            }
            out.push(indent);
            if content != indent {
                out.push(content);
            }
            limit = indent;
            if indent == 0 {
                break;
            }
        }
        if out.is_empty() {
            out.push(0);
        }
        out
    }

    /// Line `at` left out, and the lines under it that are further in (its block).
    fn drop_block(&mut self, at: usize) {
        let indent = indent_of(&self.lines[at]);
        let opens_block = {
            let t = self.lines[at].trim_end();
            t.ends_with(':') || value_start(t).is_some_and(|v| t[v..].starts_with(['|', '>']))
        };
        self.lines[at].clear();
        if !opens_block {
            return;
        }
        for line in self.lines[at + 1..].iter_mut() {
            if line.trim().is_empty() {
                continue;
            }
            if indent_of(line) <= indent && !line.starts_with('\t') {
                break;
            }
            line.clear();
        }
    }
}

/// The line with its value in single quotes (in which only `'` needs writing twice), a
/// comment after it (two spaces and `#`) kept out of the quotes.
fn quote_value(line: &str) -> Option<String> {
    let start = value_start(line).or_else(|| {
        let c = content_column(line);
        (c < line.len()).then_some(c)
    })?;
    let rest = &line[start..];
    let end = rest.find("  #").unwrap_or(rest.len());
    let value = rest[..end].trim_end();
    if value.is_empty() {
        return None;
    }
    Some(format!(
        "{}'{}'{}",
        &line[..start],
        value.replace('\'', "''"),
        &rest[end..]
    ))
}

/// The line with a colon after its first word.
fn insert_colon(line: &str) -> Option<String> {
    let start = content_column(line);
    let rest = &line[start..];
    if rest.trim().is_empty() {
        return None;
    }
    Some(match rest.find(' ') {
        Some(space) => format!("{}:{}", &line[..start + space], &line[start + space..]),
        None => format!("{}:", line.trim_end()),
    })
}

/// The line with the quote its value opens closed at its end.
fn close_quote(line: &str) -> Option<String> {
    let (quote, _) = opening_quote(line)?;
    let body = line.trim_end();
    // A backslash at the end would escape the closing quote.
    let body = if quote == '"' && body.ends_with('\\') {
        &body[..body.len() - 1]
    } else {
        body
    };
    Some(format!("{body}{quote}"))
}

/// The line with its brackets closed (see [`Mend::CloseBrackets`]); a comment after it stays
/// after it.
fn close_brackets(line: &str) -> Option<String> {
    let closer = |open: char| if open == '{' { '}' } else { ']' };
    let (marks, comment_at) = brackets(line);
    let code = &line[..comment_at.unwrap_or(line.len())];
    let mut out = String::with_capacity(line.len() + 4);
    let mut open: Vec<char> = Vec::new();
    let mut copied = 0;
    for (at, c) in marks {
        let before = &code[copied..at];
        copied = at + c.len_utf8();
        match c {
            '[' | '{' => {
                out.push_str(before);
                open.push(c);
                out.push(c);
            }
            // A closing bracket nothing opened is left out.
            _ if !open.iter().any(|o| closer(*o) == c) => out.push_str(before),
            _ => {
                // Those it skips are closed first, before the spaces in front of it.
                out.push_str(before.trim_end());
                while let Some(o) = open.pop().filter(|o| closer(*o) != c) {
                    out.push(closer(o));
                }
                out.push_str(&before[before.trim_end().len()..]);
                out.push(c);
            }
        }
    }
    out.push_str(&code[copied..]);
    let closed: String = open.iter().rev().map(|o| closer(*o)).collect();
    let comment = comment_at.map_or(String::new(), |at| format!("  {}", &line[at..]));
    Some(format!("{}{closed}{comment}", out.trim_end()))
}

/// Every line indented with a tab (YAML allows only spaces), each told once, and the text with
/// those lines mended so that reading goes on.
pub fn tabs(mending: &mut Mending) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for at in 0..mending.lines.len() {
        let line = &mending.lines[at];
        let lead: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let Some(pos) = lead.find('\t') else {
            continue;
        };
        if line.trim().is_empty() {
            mending.lines[at].clear();
            continue;
        }
        out.push(
            Diagnostic::error("Tabulator brukt som innrykk")
                .at(at as u64 + 1, pos as u64 + 1)
                .help(
                    "YAML tillater bare mellomrom som innrykk; bytt tabulatoren ut med mellomrom",
                ),
        );
        mending.apply(at as u64 + 1, Mend::Untab);
    }
    out
}

/// Every list item written without the space after its dash (`-navn: Gol`, which YAML reads
/// as a key «-navn», so that the list around it, and all that follows from it, cannot be
/// read), each told once, and the text with the space put in so that reading goes on. A plan
/// has no key that begins with a dash; lines inside a text block (`tekst: |`) are the
/// plan's own words and are left as they are.
pub fn dashes_without_space(mending: &mut Mending) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The indentation of the line that opened the text block being passed, if any.
    let mut block: Option<usize> = None;
    for at in 0..mending.lines.len() {
        let line = &mending.lines[at];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(opened) = block {
            if rest.is_empty() || indent > opened {
                continue;
            }
            block = None;
        }
        let missing_space = rest.starts_with('-')
            && rest[1..].starts_with(char::is_alphabetic)
            && rest.contains(':');
        if missing_space {
            out.push(
                Diagnostic::error("Det mangler et mellomrom etter «-» i listen")
                    .at(at as u64 + 1, indent as u64 + 1)
                    .help(format!(
                        "skriv `- {}` med et mellomrom etter bindestreken, så er linjen et \
                         punkt i listen",
                        rest[1..].trim_end()
                    )),
            );
            mending.lines[at].insert(indent + 1, ' ');
        }
        if opens_text_block(&mending.lines[at]) {
            block = Some(indent);
        }
    }
    out
}

/// Every key followed by a hard space (U+00A0, as a word processor or a web page puts after a
/// colon) instead of a space: YAML reads `måned:\u{a0}2` as one word, an unknown key, and the
/// user sees nothing wrong. Each told once, and the space made a plain one so that reading
/// goes on. Hard spaces elsewhere (inside a figure, «500 000») are the plan's own.
pub fn hard_spaces_after_keys(mending: &mut Mending) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for at in 0..mending.lines.len() {
        // Back to front, so that each mend leaves the places before it where they were.
        let colons: Vec<usize> = mending.lines[at]
            .match_indices(":\u{a0}")
            .map(|(i, _)| i)
            .collect();
        for colon in colons.into_iter().rev() {
            let line = &mending.lines[at];
            let before = &line[..colon];
            let key_start = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
                .last()
                .map_or(colon, |(i, _)| i);
            // A key where keys stand: first on its line (after a list's dash), or after the
            // brace or a comma of a map written on one line.
            let lead = before[..key_start].trim_end_matches(' ');
            let keyed = lead.trim_start_matches([' ', '-']).is_empty()
                || lead.contains('{') && (lead.ends_with('{') || lead.ends_with(','));
            if key_start == colon || !keyed {
                continue;
            }
            out.push(
                Diagnostic::error(format!(
                    "Etter «{}:» står et hardt mellomrom, som YAML ikke leser som mellomrom",
                    &line[key_start..colon]
                ))
                .at(at as u64 + 1, before.chars().count() as u64 + 2)
                .help(
                    "slett mellomrommet etter kolonet og skriv et vanlig mellomrom (det harde \
                     kommer ofte med når tekst kopieres fra Word eller en nettside)",
                ),
            );
            mending.lines[at].replace_range(colon + 1..colon + 1 + '\u{a0}'.len_utf8(), " ");
        }
    }
    out
}

/// Whether a line ends with the start of a text block (`tekst: |`, `- tekst: >-`), its
/// comment aside.
fn opens_text_block(line: &str) -> bool {
    let code = line.split(" #").next().unwrap_or(line).trim_end();
    let Some((_, value)) = code.rsplit_once(": ") else {
        return false;
    };
    let value = value.trim();
    value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hard_space_after_a_key_is_told_and_made_a_space_but_not_inside_a_figure() {
        let text = "hendelser:\n  - { hendelse: Møte, måned:\u{a0}2 }\n  - hendelse: Styre\n    måned:\u{a0}5\nbeløp: \"500\u{a0}000\"\ntekst: Merk:\u{a0}slik\n";
        let mut m = Mending::new(text);
        let told = hard_spaces_after_keys(&mut m);
        assert_eq!(told.len(), 2, "{told:?}");
        assert_eq!((told[0].line, told[0].column), (2, 29));
        assert_eq!((told[1].line, told[1].column), (4, 11));
        assert!(told[1].message.contains("«måned:»"));
        assert_eq!(
            m.text(),
            "hendelser:\n  - { hendelse: Møte, måned: 2 }\n  - hendelse: Styre\n    måned: 5\nbeløp: \"500\u{a0}000\"\ntekst: Merk:\u{a0}slik\n"
        );
    }

    #[test]
    fn a_list_item_without_the_space_after_its_dash_is_told_and_mended_not_in_a_text() {
        let text = "kommuner:\n  - { navn: Flå }\n  -navn: Gol\n    innbyggere: 10\ntekst: |\n  -Punkt: som skrevet\nslutt: ja\n";
        let mut m = Mending::new(text);
        let told = dashes_without_space(&mut m);
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!((told[0].line, told[0].column), (3, 3));
        assert!(told[0].help.as_deref().unwrap().contains("`- navn: Gol`"));
        assert_eq!(
            m.text(),
            "kommuner:\n  - { navn: Flå }\n  - navn: Gol\n    innbyggere: 10\ntekst: |\n  -Punkt: som skrevet\nslutt: ja\n"
        );
    }

    fn mended(text: &str, line: u64, mend: Mend) -> String {
        let mut m = Mending::new(text);
        m.apply(line, mend);
        m.text()
    }

    #[test]
    fn a_value_is_quoted_with_its_comment_left_outside() {
        assert_eq!(
            mended("a:\n  mål: Mål: eitt  # kommentar\n", 2, Mend::QuoteValue),
            "a:\n  mål: 'Mål: eitt'  # kommentar\n"
        );
        assert_eq!(
            mended("- navn: Kari's plan: ny\n", 1, Mend::QuoteValue),
            "- navn: 'Kari''s plan: ny'\n"
        );
    }

    #[test]
    fn a_missing_colon_is_put_after_the_first_word() {
        assert_eq!(
            mended("  navn: A\n  prosjektmål 20 nye\n", 2, Mend::InsertColon),
            "  navn: A\n  prosjektmål: 20 nye\n"
        );
        assert_eq!(
            mended("    - strategier\n", 1, Mend::InsertColon),
            "    - strategier:\n"
        );
    }

    #[test]
    fn an_open_quote_is_closed_where_its_line_ends() {
        assert_eq!(
            mended("a: \"Drangedal\nb: 1\n", 1, Mend::CloseQuote),
            "a: \"Drangedal\"\nb: 1\n"
        );
    }

    #[test]
    fn brackets_are_closed_where_the_line_closes_another_or_ends() {
        assert_eq!(
            mended("  - { a: b, m: [jan, feb }\n", 1, Mend::CloseBrackets),
            "  - { a: b, m: [jan, feb] }\n"
        );
        assert_eq!(
            mended(
                "  periode: { fra: 2022, til: 2024\n",
                1,
                Mend::CloseBrackets
            ),
            "  periode: { fra: 2022, til: 2024}\n"
        );
        assert_eq!(
            mended("  a: [1, 2]]\n", 1, Mend::CloseBrackets),
            "  a: [1, 2]\n"
        );
    }

    #[test]
    fn a_line_is_indented_like_its_neighbours() {
        let text = "program:\n  navn: A\n   år: 2024\n";
        assert_eq!(
            mended(text, 3, Mend::Reindent),
            "program:\n  navn: A\n  år: 2024\n"
        );
        let list = "strategier:\n  - bokstav: A\n    navn: B\n     budsjett: 1\n";
        assert_eq!(
            mended(list, 4, Mend::Reindent),
            "strategier:\n  - bokstav: A\n    navn: B\n    budsjett: 1\n"
        );
    }

    #[test]
    fn a_tab_becomes_the_indentation_of_the_lines_around() {
        let mut m = Mending::new("a:\n  - navn: B\n\tbudsjett: 1\n");
        let told = tabs(&mut m);
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].line, 3);
        assert_eq!(m.text(), "a:\n  - navn: B\n    budsjett: 1\n");
    }

    #[test]
    fn a_dropped_key_takes_its_block_with_it() {
        let text = "a:\n  b: [1\n  c:\n    d: 1\n    e: 2\n  f: 3\n";
        assert_eq!(mended(text, 3, Mend::Drop), "a:\n  b: [1\n\n\n\n  f: 3\n");
    }
}
