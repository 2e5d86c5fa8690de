//! A stable, reviewable text form of the IR, for golden tests: one line per block or row.

use super::{Block, Document, Inline, ParaStyle, Row};
use std::fmt::Write;

pub fn dump(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "title: {}\nlang: {}\nheader: {}\naccent: {}",
        doc.title, doc.lang, doc.running_header, doc.accent
    );
    let _ = writeln!(out, "== cover");
    blocks(&mut out, &doc.cover);
    let _ = writeln!(out, "== body");
    blocks(&mut out, &doc.body);
    out
}

fn inl(i: &[Inline]) -> String {
    let mut s = String::new();
    for x in i {
        match x {
            Inline::Text(t) => s.push_str(&t.replace('\u{a0}', "␣")),
            Inline::Bold(c) => s.push_str(&format!("**{}**", inl(c))),
            Inline::Italic(c) => s.push_str(&format!("_{}_", inl(c))),
            Inline::Gap(t) => s.push_str(&format!("⟦gap: {t}⟧")),
            Inline::Link { url, text } => s.push_str(&format!("[{}]({url})", inl(text))),
            Inline::DocumentLink { to, text } => {
                s.push_str(&format!("[{}]({})", inl(text), to.href()))
            }
            Inline::LineBreak => s.push('⏎'),
        }
    }
    s
}

fn row(out: &mut String, kind: &str, r: &Row) {
    let cells: Vec<String> = r
        .cells
        .iter()
        .map(|c| {
            let mut t = c.plain().replace('\u{a0}', "␣").replace('\n', " ⏎ ");
            if c.numeric {
                t = format!("{t} →");
            }
            if c.colspan > 1 {
                t = format!("{t} (span {})", c.colspan);
            }
            t
        })
        .collect();
    let _ = writeln!(
        out,
        "  {kind}{} | {}",
        if r.sum { " sum" } else { "" },
        cells.join(" | ")
    );
}

fn list_lines(out: &mut String, list: &super::List, depth: usize) {
    for (n, item) in list.items.iter().enumerate() {
        let mark = if list.ordered {
            format!("{}.", u64::from(list.start) + n as u64)
        } else {
            "-".to_string()
        };
        let _ = writeln!(out, "{}{mark} {}", "  ".repeat(depth), inl(&item.text));
        if let Some(sub) = &item.sub {
            list_lines(out, sub, depth + 1);
        }
    }
}

fn blocks(out: &mut String, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Heading {
                level,
                text,
                outlined,
            } => {
                let _ = writeln!(
                    out,
                    "{} {}{}",
                    "#".repeat(*level as usize),
                    inl(text),
                    if *outlined { "" } else { " (sub)" }
                );
            }
            Block::Paragraph { style, text } => {
                let tag = match style {
                    ParaStyle::Normal => "p",
                    ParaStyle::Note => "note",
                    ParaStyle::Notice => "notice",
                    ParaStyle::CoverTitle => "cover-title",
                    ParaStyle::CoverSubtitle => "cover-subtitle",
                    ParaStyle::CoverVision => "cover-vision",
                    ParaStyle::CoverLine => "cover-line",
                };
                let _ = writeln!(out, "{tag}: {}", inl(text));
            }
            Block::List(list) => list_lines(out, list, 0),
            Block::Table(t) => {
                let _ = writeln!(
                    out,
                    "table widths={:?}{}",
                    t.widths,
                    t.caption
                        .as_ref()
                        .map(|c| format!(" caption={c:?}"))
                        .unwrap_or_default()
                );
                t.head.iter().for_each(|r| row(out, "head", r));
                t.body.iter().for_each(|r| row(out, "body", r));
                t.foot.iter().for_each(|r| row(out, "foot", r));
            }
            Block::Image(i) => {
                let _ = writeln!(
                    out,
                    "image {} {}mm alt={:?} caption={:?}",
                    i.kind, i.width_mm, i.alt, i.caption
                );
            }
            Block::Toc { title } => {
                let _ = writeln!(out, "toc: {title}");
            }
            Block::PageBreak => {
                let _ = writeln!(out, "---- page break");
            }
        }
    }
}
