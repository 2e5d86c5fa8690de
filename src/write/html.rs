//! HTML writer: one standalone, accessible page (semantic headings and tables, embedded CSS
//! with a print stylesheet) for the municipality's web site.

use super::{WriteError, WriteOptions, Written};
use crate::doc::escape;
use crate::doc::{Block, Document, Inline, ParaStyle, Table};
use std::fmt::Write;

const CSS: &str = include_str!("html.css");

/// Writes the document as one standalone HTML page.
pub fn write(doc: &Document, _options: &WriteOptions) -> Result<Written, WriteError> {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"author\" content=\"{}\">\n<title>{}</title>\n<style>\n:root {{ --accent: {}; }}\n{CSS}</style>\n</head>\n<body>\n<header class=\"cover\">\n",
        escape(&doc.lang),
        escape(&doc.author),
        escape(&doc.title),
        escape(&doc.accent)
    );
    let (cover_ids, body_ids) = heading_ids(doc);
    let contents = Contents {
        body: &doc.body,
        ids: &body_ids,
    };
    blocks(&mut out, &doc.cover, &cover_ids, &contents);
    out.push_str("</header>\n<main>\n");
    blocks(&mut out, &doc.body, &body_ids, &contents);
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(Written::clean(out.into_bytes()))
}

fn inlines(out: &mut String, i: &[Inline]) {
    for x in i {
        match x {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Bold(c) => {
                out.push_str("<strong>");
                inlines(out, c);
                out.push_str("</strong>");
            }
            Inline::Italic(c) => {
                out.push_str("<em>");
                inlines(out, c);
                out.push_str("</em>");
            }
            Inline::Gap(t) => {
                let _ = write!(out, "<mark class=\"gap\">[{}]</mark>", escape(t));
            }
            Inline::LineBreak => out.push_str("<br>"),
            Inline::Link { url, text } => {
                let _ = write!(out, "<a href=\"{}\">", escape(url));
                inlines(out, text);
                out.push_str("</a>");
            }
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
fn list(out: &mut String, l: &crate::doc::List) {
    if !l.ordered {
        out.push_str("<ul>\n");
    } else if l.start == 1 {
        out.push_str("<ol>\n");
    } else {
        let _ = writeln!(out, "<ol start=\"{}\">", l.start);
    }
    for item in &l.items {
        out.push_str("<li>");
        inlines(out, &item.text);
        if let Some(sub) = &item.sub {
            out.push('\n');
            list(out, sub);
        }
        out.push_str("</li>\n");
    }
    out.push_str(if l.ordered { "</ol>\n" } else { "</ul>\n" });
}

/// The body's headings and their ids, for the table of contents.
struct Contents<'a> {
    body: &'a [Block],
    ids: &'a [String],
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
                inlines(out, text);
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
                inlines(out, text);
                out.push_str("</p>\n");
            }
            Block::List(l) => list(out, l),
            Block::Table(t) => table(out, t),
            Block::Image(i) => {
                let mime = if i.kind == "svg" {
                    "image/svg+xml"
                } else {
                    "image/png"
                };
                let src = format!(
                    "data:{mime};base64,{}",
                    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &i.data)
                );
                match &i.caption {
                    Some(caption) => {
                        let _ = writeln!(
                            out,
                            "<figure class=\"chart\"><img src=\"{src}\" alt=\"{}\" style=\"width:{}mm\"><figcaption>{}</figcaption></figure>",
                            escape(&i.alt),
                            i.width_mm,
                            escape(caption)
                        );
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "<img class=\"logo\" src=\"{src}\" alt=\"{}\" style=\"width:{}mm\">",
                            escape(&i.alt),
                            i.width_mm
                        );
                    }
                }
            }
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

fn table(out: &mut String, t: &Table) {
    let labels = column_labels(t);
    let class = if labels.is_some() {
        " class=\"stack\""
    } else {
        ""
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
                let label = label.unwrap_or_default();
                let _ = write!(out, "<{name}{scope}{class}{span}{label}>");
                match c.content.as_slice() {
                    [Block::Paragraph { text, .. }] => inlines(out, text),
                    other => blocks(
                        out,
                        other,
                        &[],
                        &Contents {
                            body: &[],
                            ids: &[],
                        },
                    ),
                }
                let _ = write!(out, "</{name}>");
            }
            out.push_str("</tr>\n");
        }
        let _ = writeln!(out, "</{tag}>");
    }
    out.push_str("</table></div>\n");
}
