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

fn blocks(out: &mut String, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Heading { level, text } => {
                let _ = writeln!(out, "{} {}", "#".repeat(*level as usize), inl(text));
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
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(out, "- {}", inl(i));
                }
            }
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
