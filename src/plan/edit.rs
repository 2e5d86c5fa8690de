//! Changing values in a plan's text in place, for `import --onto` (and whatever else edits a
//! plan the user keeps): every value of the text with its path, bytes and style, read from the
//! one YAML tree loading uses (`yaml`), and a value written back in the style it had, so the
//! user's comments and layout around it stay as they were.

use super::yaml::{self, Kind, Node, join};
pub use granit_parser::ScalarStyle as Style;
use std::ops::Range;

/// A value in the text.
#[derive(Debug, Clone)]
pub struct Value {
    /// Its YAML path, keys in their bokmål form (`innsatsområder[0].strategier[1].budsjett`).
    pub path: String,
    pub value: String,
    pub style: Style,
    /// The bytes the value takes, quotes and block indicator included.
    pub range: Range<usize>,
    /// 1-based.
    pub line: usize,
    /// Written once and read in more places (a YAML anchor or alias): a change to it changes
    /// every place.
    pub shared: bool,
}

/// Every scalar value of `source`, in order; none when the text has a syntax error (its bytes
/// are then not where the user wrote them).
pub fn values(source: &str) -> Vec<Value> {
    let mut out = Vec::new();
    if let Ok(parsed) = yaml::parse(source)
        && parsed.mended.is_empty()
    {
        collect(&parsed.tree.root, String::new(), None, source, &mut out);
    }
    out
}

/// The values under `node` (at `path`); `key_end` is where its key ended, for a block's
/// indicator.
fn collect(node: &Node, path: String, key_end: Option<usize>, source: &str, out: &mut Vec<Value>) {
    match &node.kind {
        Kind::Scalar(s) => {
            let range = match s.written {
                Style::Literal | Style::Folded => block_range(source, key_end, node.bytes.clone()),
                _ => node.bytes.clone(),
            };
            out.push(Value {
                path,
                value: s.text.clone(),
                style: s.written,
                line: node.line as usize,
                range,
                shared: node.shared,
            });
        }
        Kind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{i}]"), None, source, out);
            }
        }
        Kind::Map(entries) => {
            for (k, v) in entries {
                let child = join(&path, &k.key_text());
                collect(v, child, Some(k.bytes.end), source, out);
            }
        }
    }
}

/// A block scalar's bytes: from its indicator (`|`, `>-` …) to the end of its last line that
/// is not blank, whatever span the parser gave.
fn block_range(source: &str, after: Option<usize>, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(source.len());
    // After the key when there is one (the parser's span may begin where the block ends);
    // in a list, the last indicator before the span.
    let indicator = match after {
        Some(key_end) => source[key_end.min(source.len())..]
            .find(['|', '>'])
            .map_or(start, |i| key_end + i),
        None => source[..start].rfind(['|', '>']).unwrap_or(start),
    };
    let Some(first_newline) = source[indicator..].find('\n').map(|i| indicator + i) else {
        return indicator..source.len();
    };
    let mut end = first_newline;
    let mut content_indent: Option<usize> = None;
    let mut at = first_newline + 1;
    while at < source.len() {
        let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        let line = &source[at..line_end];
        if !line.trim().is_empty() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            match content_indent {
                None => content_indent = Some(indent),
                Some(c) if indent < c => break,
                _ => {}
            }
            end = line_end;
        }
        at = line_end + 1;
    }
    // A block whose first content line is less indented than its key is not one we know.
    indicator..end
}

/// The indentation of a block scalar's content lines (two more than its key when empty).
fn content_indent(source: &str, range: &Range<usize>) -> usize {
    source[range.clone()]
        .lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .unwrap_or_else(|| {
            let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let key = &source[line_start..range.start];
            key.len() - key.trim_start_matches([' ', '-']).len() + 2
        })
}

/// Whether a text can stand as a plain scalar and be read back as the same text.
fn plain_safe(text: &str) -> bool {
    let first = text.chars().next();
    !text.is_empty()
        && text.trim() == text
        && !text.contains('\n')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !first.is_some_and(|c| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && text.parse::<f64>().is_err()
        && !matches!(
            text.to_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
        )
}

/// A one-line text as a YAML scalar: plain where that reads back the same, else
/// double-quoted.
pub fn plain_or_quoted(text: &str) -> String {
    if plain_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// A text in YAML's double-quoted style.
fn double_quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace('"', "\\\"")))
}

/// The width a folded text is wrapped at.
const FOLD_WIDTH: usize = 96;

/// `text` written where `scalar` stood in `source`, in the scalar's style where the text
/// allows it: a block stays a block at its indentation, a plain value plain.
pub fn written(source: &str, scalar: &Value, text: &str) -> String {
    let body = text.trim_end_matches('\n');
    let foldable = !body.contains('\n') && !body.starts_with(' ') && !body.contains("  ");
    match scalar.style {
        Style::Folded if foldable => {
            let indent = content_indent(source, &scalar.range);
            let chomp = match text.len() - body.len() {
                0 => "-",
                1 => "",
                _ => "+",
            };
            let mut out = format!(">{chomp}");
            let mut line = String::new();
            for word in body.split(' ') {
                if !line.is_empty() && indent + line.len() + 1 + word.len() > FOLD_WIDTH {
                    out.push_str(&format!("\n{}{line}", " ".repeat(indent)));
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            out.push_str(&format!("\n{}{line}", " ".repeat(indent)));
            out
        }
        Style::Literal | Style::Folded => {
            let indent = " ".repeat(content_indent(source, &scalar.range));
            let body = text.trim_end_matches('\n');
            let chomp = match text.len() - body.len() {
                0 => "-",
                1 => "",
                _ => "+",
            };
            let mut out = format!("|{chomp}");
            for line in body.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&indent);
                    out.push_str(line);
                }
            }
            out
        }
        Style::Plain if plain_safe(text) => text.to_string(),
        Style::SingleQuoted if !text.contains('\n') => {
            format!("'{}'", text.replace('\'', "''"))
        }
        _ => double_quoted(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "# kommentar\nprogram:\n  navn: Driv   # navnet\n  år: 2024\ninnsatsområder:\n  - navn: Mat\n    beskrivelse: |\n      Første avsnitt.\n\n      Andre avsnitt.\n    # merknad\n    strategier:\n      - { bokstav: A, navn: 'Proaktivt', budsjett: \"500 000\" }\n";

    fn find<'a>(s: &'a [Value], path: &str) -> &'a Value {
        s.iter().find(|s| s.path == path).unwrap()
    }

    #[test]
    fn every_value_is_found_by_its_path_with_its_bytes() {
        let s = values(PLAN);
        let name = find(&s, "program.navn");
        assert_eq!((&PLAN[name.range.clone()], name.line), ("Driv", 3));
        let budget = find(&s, "innsatsområder[0].strategier[0].budsjett");
        assert_eq!(&PLAN[budget.range.clone()], "\"500 000\"");
        let text = find(&s, "innsatsområder[0].beskrivelse");
        assert_eq!(
            &PLAN[text.range.clone()],
            "|\n      Første avsnitt.\n\n      Andre avsnitt."
        );
        assert_eq!(text.value, "Første avsnitt.\n\nAndre avsnitt.\n");
    }

    #[test]
    fn a_value_written_back_keeps_its_style_and_reads_back_the_same() {
        let s = values(PLAN);
        let text = find(&s, "innsatsområder[0].beskrivelse");
        let new = "Første avsnitt.\n\nEndret avsnitt.\n";
        let mut edited = PLAN.to_string();
        edited.replace_range(text.range.clone(), &written(PLAN, text, new));
        assert!(edited.contains("    # merknad\n"));
        let again = values(&edited);
        assert_eq!(find(&again, "innsatsområder[0].beskrivelse").value, new);
        let name = find(&s, "program.navn");
        assert_eq!(written(PLAN, name, "Driv: nytt"), "\"Driv: nytt\"");
        let folded = "a: >-\n  kort\n  tekst\nb: 1\n";
        let f = values(folded);
        let long = "ord ".repeat(30).trim_end().to_string();
        let mut edited = folded.to_string();
        edited.replace_range(f[0].range.clone(), &written(folded, &f[0], &long));
        assert!(edited.starts_with("a: >-\n  ord ord") && edited.lines().count() == 4);
        assert_eq!(values(&edited)[0].value, long);
        assert_eq!(written(PLAN, name, "Driv to"), "Driv to");
    }
}
