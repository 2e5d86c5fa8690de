//! HTML writer: one standalone, accessible page (semantic headings and tables, embedded CSS
//! with a print stylesheet) for the municipality's web site.

use super::{Siblings, WriteError, WriteOptions, Written, webfont};
use crate::doc::escape;
use crate::doc::{Block, Document, Inline, ParaStyle, Table};
use std::cell::RefCell;
use std::fmt::Write;

const CSS: &str = include_str!("html.css");

/// Writes the document as one standalone HTML page, with the faces of the embedded font it
/// uses subset to its characters (`webfont`); its charts stand inline and are set in them.
pub fn write(doc: &Document, options: &WriteOptions) -> Result<Written, WriteError> {
    let page = Page::new(doc, options);
    let characters = page.characters();
    Ok(page.finish(&characters))
}

/// The pages of the documents one render writes (the plan and its attachment), their faces
/// subset once to the characters of them all: each face made once per render, not once per
/// page (a page may then carry a glyph or two that only the other shows).
pub fn write_all(documents: &[(&Document, WriteOptions)]) -> Vec<Written> {
    let pages: Vec<Page> = documents
        .iter()
        .map(|(doc, options)| Page::new(doc, options))
        .collect();
    let mut characters = std::collections::BTreeSet::new();
    for page in &pages {
        characters.extend(page.characters());
    }
    pages.into_iter().map(|p| p.finish(&characters)).collect()
}

/// A document's page before its fonts: the body, and the writer's warnings so far.
pub struct Page<'d> {
    doc: &'d Document,
    body: String,
    warnings: Vec<String>,
}

impl<'d> Page<'d> {
    pub fn new(doc: &'d Document, options: &WriteOptions) -> Page<'d> {
        let warnings = RefCell::new(Vec::new());
        let (cover_ids, body_ids) = heading_ids(doc);
        let contents = Contents {
            body: &doc.body,
            ids: &body_ids,
            warnings: &warnings,
            siblings: options.siblings,
        };
        let mut body = String::from("<body>\n<header class=\"cover\">\n");
        blocks(&mut body, &doc.cover, &cover_ids, &contents);
        body.push_str("</header>\n<main>\n");
        blocks(&mut body, &doc.body, &body_ids, &contents);
        body.push_str("</main>\n</body>\n</html>\n");
        Page {
            doc,
            body,
            warnings: warnings.into_inner(),
        }
    }

    /// The characters the page's font subsets must keep (`webfont::characters`).
    pub fn characters(&self) -> std::collections::BTreeSet<char> {
        webfont::characters(&text_of(&self.body))
    }

    /// The whole page, its faces subset to `characters` (at least [`Page::characters`]).
    pub fn finish(self, characters: &std::collections::BTreeSet<char>) -> Written {
        let Page {
            doc,
            body,
            mut warnings,
        } = self;
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"author\" content=\"{}\">\n<title>{}</title>\n<style>\n{}:root {{ --accent: {}; }}\n{CSS}</style>\n</head>\n",
            escape(&doc.lang),
            escape(&doc.author),
            escape(&doc.title),
            webfont::font_faces(page_faces(doc), characters, &mut warnings),
            escape(&doc.accent)
        );
        out.push_str(&body);
        Written {
            bytes: out.into_bytes(),
            warnings,
        }
    }
}

/// The faces the page sets text in: the document's, and bold for the headings, the table
/// captions and the table of contents' title, which the page always has.
fn page_faces(doc: &Document) -> super::faces::Faces {
    super::faces::Faces {
        bold: true,
        ..super::faces::faces_used(doc)
    }
}

/// The page's markup without the `data:` URLs of its images (whose characters it does not
/// show).
fn text_of(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find("src=\"data:") {
        out.push_str(&rest[..start]);
        rest = &rest[start + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Inline content; a link to the plan's other document goes to its HTML file beside this one,
/// or is its words alone where there is no such file.
fn inlines(out: &mut String, i: &[Inline], siblings: Siblings) {
    for x in i {
        match x {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Bold(c) => {
                out.push_str("<strong>");
                inlines(out, c, siblings);
                out.push_str("</strong>");
            }
            Inline::Italic(c) => {
                out.push_str("<em>");
                inlines(out, c, siblings);
                out.push_str("</em>");
            }
            Inline::Gap(t) => {
                let _ = write!(out, "<mark class=\"gap\">[{}]</mark>", escape(t));
            }
            Inline::LineBreak => out.push_str("<br>"),
            Inline::Link { url, text } => {
                let _ = write!(out, "<a href=\"{}\">", escape(url));
                inlines(out, text, siblings);
                out.push_str("</a>");
            }
            Inline::DocumentLink { to, text } => match siblings.href(*to, "html") {
                Some(href) => {
                    let _ = write!(out, "<a href=\"{}\">", escape(&href));
                    inlines(out, text, siblings);
                    out.push_str("</a>");
                }
                None => inlines(out, text, siblings),
            },
        }
    }
}

/// An anchor id for a heading, from its text.
pub fn slug(text: &str) -> String {
    let s: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("s-{s}")
}

/// A `<ul>`, or an `<ol>` from its first number, items with their sub-lists.
fn list(out: &mut String, l: &crate::doc::List, siblings: Siblings) {
    if !l.ordered {
        out.push_str("<ul>\n");
    } else if l.start == 1 {
        out.push_str("<ol>\n");
    } else {
        let _ = writeln!(out, "<ol start=\"{}\">", l.start);
    }
    for item in &l.items {
        out.push_str("<li>");
        inlines(out, &item.text, siblings);
        if let Some(sub) = &item.sub {
            out.push('\n');
            list(out, sub, siblings);
        }
        out.push_str("</li>\n");
    }
    out.push_str(if l.ordered { "</ol>\n" } else { "</ul>\n" });
}

/// The body's headings and their ids, for the table of contents.
struct Contents<'a> {
    body: &'a [Block],
    ids: &'a [String],
    /// What the writer could not do as it should (a font face not embedded).
    warnings: &'a RefCell<Vec<String>>,
    /// The plan's other document's file, for links to it.
    siblings: Siblings<'a>,
}

/// An id for every block of the cover and the body (used by headings only): the heading's
/// slug, made unique with «-2», «-3» … when two headings read the same.
fn heading_ids(doc: &Document) -> (Vec<String>, Vec<String>) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut ids = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading { text, .. } => {
                    let base = slug(&Inline::plain(text));
                    let n = seen.entry(base.clone()).or_insert(0);
                    *n += 1;
                    if *n == 1 { base } else { format!("{base}-{n}") }
                }
                _ => String::new(),
            })
            .collect()
    };
    let cover = ids(&doc.cover);
    let body = ids(&doc.body);
    (cover, body)
}

fn blocks(out: &mut String, bs: &[Block], ids: &[String], contents: &Contents) {
    for (i, b) in bs.iter().enumerate() {
        match b {
            Block::Heading { level, text, .. } => {
                let id = ids.get(i).cloned().unwrap_or_default();
                let _ = write!(out, "<h{level} id=\"{}\">", escape(&id));
                inlines(out, text, contents.siblings);
                let _ = writeln!(out, "</h{level}>");
            }
            Block::Paragraph { style, text } => {
                let class = match style {
                    ParaStyle::Normal => "",
                    ParaStyle::Note => " class=\"note\"",
                    ParaStyle::Notice => " class=\"notice\" role=\"note\"",
                    ParaStyle::CoverTitle => " class=\"cover-title\"",
                    ParaStyle::CoverSubtitle => " class=\"cover-subtitle\"",
                    ParaStyle::CoverVision => " class=\"cover-vision\"",
                    ParaStyle::CoverLine => " class=\"cover-line\"",
                };
                let _ = write!(out, "<p{class}>");
                inlines(out, text, contents.siblings);
                out.push_str("</p>\n");
            }
            Block::List(l) => list(out, l, contents.siblings),
            Block::Table(t) => table(out, t, contents),
            Block::Image(i) => image(out, i, contents),
            Block::Toc { title } => {
                let _ = writeln!(
                    out,
                    "<nav aria-labelledby=\"toc\"><h2 id=\"toc\" class=\"toc-title\">{}</h2>\n<ol class=\"toc\">",
                    escape(title)
                );
                for (h, id) in contents.body.iter().zip(contents.ids) {
                    if let Block::Heading {
                        level,
                        text,
                        outlined: true,
                    } = h
                        && *level <= 2
                    {
                        let plain = Inline::plain(text);
                        let _ = writeln!(
                            out,
                            "<li class=\"toc{level}\"><a href=\"#{}\">{}</a></li>",
                            escape(id),
                            escape(&plain)
                        );
                    }
                }
                out.push_str("</ol></nav>\n");
            }
            Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }
}

/// An image: a drawing (a chart) inline in the page, its text set in the page's own fonts; any
/// other image as a `data:` URL, an SVG among them with the fonts its text needs inside it (an
/// image cannot use the page's fonts). A figure has its caption below it.
fn image(out: &mut String, i: &crate::doc::Image, contents: &Contents) {
    let svg = std::str::from_utf8(&i.data)
        .ok()
        .filter(|_| i.kind == "svg");
    let drawing = svg.filter(|_| i.caption.is_some());
    let style = format!("width:{}mm", i.width_mm);
    let inline = drawing.and_then(|svg| inline_drawing(svg, &i.alt, &style, "page"));
    // On a phone, the drawing made for its screen where there is one (html.css).
    let phone = i
        .phone
        .as_deref()
        .and_then(|svg| std::str::from_utf8(svg).ok())
        .and_then(|svg| inline_drawing(svg, &i.alt, "", "phone"));
    let shown = match (inline, phone) {
        (Some(page), Some(phone)) => format!("{}\n{phone}", page.trim_end()),
        (Some(page), None) => page,
        _ => {
            let (mime, data) = match svg {
                Some(svg) => (
                    "image/svg+xml",
                    webfont::svg_with_fonts(svg, &mut contents.warnings.borrow_mut()).into_bytes(),
                ),
                None => ("image/png", i.data.clone()),
            };
            let class = if i.caption.is_some() {
                ""
            } else {
                " class=\"logo\""
            };
            format!(
                "<img{class} src=\"data:{mime};base64,{}\" alt=\"{}\" style=\"{style}\">",
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &data),
                escape(&i.alt)
            )
        }
    };
    match &i.caption {
        Some(caption) => {
            let _ = writeln!(
                out,
                "<figure class=\"chart\">{}<figcaption>{}</figcaption></figure>",
                shown.trim_end(),
                escape(caption)
            );
        }
        None => {
            let _ = writeln!(out, "{}", shown.trim_end());
        }
    }
}

/// A drawing inline in the page, named by `alt`, with `style` and `class` on its root; `None`
/// when it cannot stand inline.
fn inline_drawing(svg: &str, alt: &str, style: &str, class: &str) -> Option<String> {
    let end = webfont::inline_svg(svg)?;
    // The root's start tag, before its `>`, and the rest.
    let (root, rest) = svg.split_at(end - 1);
    let style = if style.is_empty() {
        String::new()
    } else {
        format!(" style=\"{style}\"")
    };
    Some(format!(
        "{root} aria-label=\"{}\" class=\"{class}\"{style}{rest}",
        escape(alt)
    ))
}

/// The column heading of each column, when the table has one header row without spans: the
/// label each cell shows on a phone, where a row is stacked as a card.
fn column_labels(t: &Table) -> Option<Vec<String>> {
    match t.head.as_slice() {
        [head] if head.cells.iter().all(|c| c.colspan == 1) => {
            Some(head.cells.iter().map(|c| c.plain()).collect())
        }
        _ => None,
    }
}

/// Words at least this long get soft hyphens in a table cell.
const HYPHENATED_WORD_CHARS: usize = 8;

/// Markup with a soft hyphen (U+00AD) at each Norwegian hyphenation point of its long words,
/// outside tags and entities: a narrow column on a phone breaks a word only there, and shows
/// the hyphen.
fn with_soft_hyphens(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut in_tag = false;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() >= HYPHENATED_WORD_CHARS {
            let parts: Vec<&str> = hypher::hyphenate(word, hypher::Lang::Norwegian).collect();
            out.push_str(&parts.join("\u{ad}"));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in markup.chars() {
        if in_tag {
            out.push(c);
            in_tag = c != '>';
        } else if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
            in_tag = c == '<';
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The width of a phone screen's text column (390 px less the page's margins), in pixels.
const PHONE_TEXT_PX: f64 = 364.0;
/// About the width of a character of table text on a phone (Carlito at 14 px; figures are the
/// widest), and a cell's padding on both sides together, in pixels.
const PHONE_CHAR_PX: f64 = 7.2;
const PHONE_CELL_PADDING_PX: f64 = 8.0;
/// A text column on a phone may break its words down to this many characters.
const PHONE_MIN_WORD_CHARS: usize = 12;

/// Whether the table, in the phone's compact table type, fits a phone screen as a table: a
/// column of row names and columns of figures, the figures whole on one line, the names
/// broken between words (or, for long words, after a dozen letters). A table of small figures such as the job targets then reads as a
/// grid rather than as a card per row.
fn fits_phone(t: &Table) -> bool {
    let columns = t.widths.len();
    let mut chars = vec![0usize; columns];
    for row in t.head.iter().chain(&t.body).chain(&t.foot) {
        let mut column = 0;
        for c in &row.cells {
            let start = column;
            column += c.colspan as usize;
            if c.colspan != 1 || start >= columns {
                continue;
            }
            let text = c.plain();
            // Text beside the row's name: cards read better than a grid of narrow columns.
            let in_body = !t.head.iter().any(|h| std::ptr::eq(h, row));
            if in_body && start > 0 && !c.numeric && !text.trim().is_empty() {
                return false;
            }
            let need = if c.numeric {
                text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
            } else {
                text.split_whitespace()
                    .map(|w| w.chars().count().min(PHONE_MIN_WORD_CHARS))
                    .max()
                    .unwrap_or(0)
            };
            chars[start] = chars[start].max(need);
        }
    }
    let px: f64 = chars
        .iter()
        .map(|c| *c as f64 * PHONE_CHAR_PX + PHONE_CELL_PADDING_PX)
        .sum();
    px <= PHONE_TEXT_PX
}

fn table(out: &mut String, t: &Table, contents: &Contents) {
    // A table too wide for a phone is stacked there, a card per row with each figure beside
    // its column's name; one that fits stays a table, in a compact type.
    let labels = column_labels(t).filter(|_| !fits_phone(t));
    let class = if labels.is_some() {
        " class=\"stack\""
    } else {
        " class=\"compact\""
    };
    let _ = writeln!(out, "<div class=\"table-wrap\"><table{class}>");
    if let Some(c) = &t.caption {
        let _ = writeln!(out, "<caption>{}</caption>", escape(c));
    }
    let total: u32 = t.widths.iter().sum::<u32>().max(1);
    out.push_str("<colgroup>");
    for w in &t.widths {
        let _ = write!(
            out,
            "<col style=\"width:{:.1}%\">",
            f64::from(*w) * 100.0 / f64::from(total)
        );
    }
    out.push_str("</colgroup>\n");
    for (tag, rows, cell) in [
        ("thead", &t.head, "th"),
        ("tbody", &t.body, "td"),
        ("tfoot", &t.foot, "td"),
    ] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<{tag}>");
        for r in rows.iter() {
            let _ = write!(out, "<tr{}>", if r.sum { " class=\"sum\"" } else { "" });
            let mut column = 0;
            for (i, c) in r.cells.iter().enumerate() {
                let label = match &labels {
                    Some(labels) if cell != "th" && i > 0 && c.colspan == 1 => labels
                        .get(column)
                        .filter(|l| !l.is_empty())
                        .map(|l| format!(" data-label=\"{}\"", escape(l))),
                    _ => None,
                };
                column += c.colspan as usize;
                // The first cell of a body row names the row: a row header.
                let (name, scope) = if cell == "th" {
                    ("th", " scope=\"col\"")
                } else if i == 0 {
                    ("th", " scope=\"row\"")
                } else {
                    ("td", "")
                };
                let class = if c.numeric { " class=\"num\"" } else { "" };
                let span = if c.colspan > 1 {
                    format!(" colspan=\"{}\"", c.colspan)
                } else {
                    String::new()
                };
                // A card's value in a box of its own, beside its label.
                let (value_open, value_close) = if label.is_some() {
                    ("<div class=\"value\">", "</div>")
                } else {
                    ("", "")
                };
                let label = label.unwrap_or_default();
                let _ = write!(out, "<{name}{scope}{class}{span}{label}>{value_open}");
                let mut content = String::new();
                match c.content.as_slice() {
                    [Block::Paragraph { text, .. }] => {
                        inlines(&mut content, text, contents.siblings)
                    }
                    other => blocks(
                        &mut content,
                        other,
                        &[],
                        &Contents {
                            body: &[],
                            ids: &[],
                            warnings: contents.warnings,
                            siblings: contents.siblings,
                        },
                    ),
                }
                out.push_str(&with_soft_hyphens(&content));
                let _ = write!(out, "{value_close}</{name}>");
            }
            out.push_str("</tr>\n");
        }
        let _ = writeln!(out, "</{tag}>");
    }
    out.push_str("</table></div>\n");
}

#[cfg(test)]
mod tests {
    use super::with_soft_hyphens;

    #[test]
    fn long_words_get_soft_hyphens_outside_tags_and_entities() {
        let shy = |s: &str| s.replace('\u{ad}', "|");
        assert_eq!(
            shy(&with_soft_hyphens(
                "<td class=\"opplevelsesnæring\">Opplevelsesnæring &amp; sol</td>"
            )),
            "<td class=\"opplevelsesnæring\">Opp|le|vel|ses|næ|ring &amp; sol</td>"
        );
        // Short words and figures stay whole.
        assert_eq!(with_soft_hyphens("Sum 1 250 000"), "Sum 1 250 000");
    }
}
