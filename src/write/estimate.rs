//! Estimates of how a table and what leads to it will be laid out on an A4 page (10 pt Carlito
//! in cells, 22 mm margins), good enough to choose column sizing, hyphenation and what is
//! kept on one page before Typst sets it for real (the PDF writer), and which paragraphs after
//! a table are its notes (both the PDF and the DOCX writer keep them with the table). The DOCX
//! writer uses the same estimates, so that Word and LibreOffice break pages where the PDF does:
//! figure columns as wide as Typst's `auto` makes them, and a heading kept with its lead-in
//! and short table (every paragraph and row kept with the next).

use crate::doc::{Block, Inline, ParaStyle, Table};

/// The text width of the page, in millimetres.
const TEXT_WIDTH_MM: f64 = 166.0;
/// An average character of 10 pt Carlito, in millimetres.
const CHAR_MM: f64 = 1.8;
/// A line of 10 pt text with the document's leading, in millimetres.
const LINE_MM: f64 = 5.4;
/// A cell's inset on both sides together (2 × 5 pt), in millimetres.
const INSET_MM: f64 = 3.5;
/// How much wider a header's bold text is than the average character of body text (a
/// short heading such as «Sum» or «Mål» has wide letters, and bold is wider still).
const HEADER_WIDTH: f64 = 1.4;
/// A row taller than this (about a third of the body height) may break across pages.
const BREAKABLE_ROW_MM: f64 = 83.0;
/// A table shorter than this is kept whole on one page, with its notes.
const KEEP_WHOLE_MM: f64 = 110.0;

/// The columns each cell of a row starts in.
pub fn cell_columns(row: &crate::doc::Row) -> Vec<usize> {
    let mut column = 0;
    row.cells
        .iter()
        .map(|c| {
            let start = column;
            column += c.colspan as usize;
            start
        })
        .collect()
}

/// The paragraphs and list items of a cell, as plain text.
fn cell_lines(c: &crate::doc::Cell) -> Vec<String> {
    c.plain().lines().map(str::to_string).collect()
}

/// How one table is to be set.
pub struct TableLayout {
    /// Typst column sizes: `auto` for figures, shares of the rest for text.
    pub columns: Vec<String>,
    /// Per column: the width of a figure column (`auto`: its widest cell and the inset), in
    /// millimetres; `None` for a text column, which shares the rest.
    pub figure_mm: Vec<Option<f64>>,
    /// Per column: whether its longest word is wider than the column, so it must hyphenate.
    pub hyphenate: Vec<bool>,
    /// Per body row: whether it is tall enough to break across pages.
    pub breakable: Vec<bool>,
    /// Whether the whole table (and its notes) fits in a block kept on one page.
    pub keep_whole: bool,
    /// The estimated height of the table, in millimetres.
    pub height_mm: f64,
}

pub fn layout(t: &Table) -> TableLayout {
    let columns = t.widths.len();
    let numeric: Vec<bool> = (0..columns).map(|i| numeric_column(t, i)).collect();
    let mut widest = vec![0usize; columns];
    let mut longest_word = vec![0usize; columns];
    let head = t.head.iter().map(|r| (r, HEADER_WIDTH));
    let rest = t.body.iter().chain(&t.foot).map(|r| (r, 1.0));
    for (row, scale) in head.chain(rest) {
        // A header's bold words are wider than the average character: counted wider, so
        // that no header cell wraps inside a word.
        let count = |s: &str| (s.chars().count() as f64 * scale).ceil() as usize;
        for (start, c) in cell_columns(row).into_iter().zip(&row.cells) {
            if c.colspan != 1 || start >= columns {
                continue;
            }
            for line in cell_lines(c) {
                widest[start] = widest[start].max(count(&line));
                let word = line.split(' ').map(count).max().unwrap_or(0);
                longest_word[start] = longest_word[start].max(word);
            }
        }
    }
    let numeric_mm: f64 = (0..columns)
        .filter(|i| numeric[*i])
        .map(|i| widest[i].max(longest_word[i]) as f64 * CHAR_MM + INSET_MM)
        .sum();
    let text_weight: f64 = (0..columns)
        .filter(|i| !numeric[*i])
        .map(|i| f64::from(t.widths[i]))
        .sum();
    let width_mm: Vec<f64> = (0..columns)
        .map(|i| {
            if numeric[i] {
                widest[i].max(longest_word[i]) as f64 * CHAR_MM
            } else {
                ((TEXT_WIDTH_MM - numeric_mm) * f64::from(t.widths[i]) / text_weight.max(1.0)
                    - INSET_MM)
                    .max(5.0)
            }
        })
        .collect();
    let chars: Vec<f64> = width_mm.iter().map(|w| (w / CHAR_MM).max(1.0)).collect();
    let hyphenate: Vec<bool> = (0..columns)
        .map(|i| !numeric[i] && longest_word[i] as f64 + 1.0 > chars[i])
        .collect();
    let row_height = |row: &crate::doc::Row| -> f64 {
        let mut lines = 1.0f64;
        for (start, c) in cell_columns(row).into_iter().zip(&row.cells) {
            let span = c.colspan as usize;
            let available: f64 = chars[start.min(columns - 1)..(start + span).min(columns)]
                .iter()
                .sum();
            let cell: f64 = cell_lines(c)
                .iter()
                .map(|l| {
                    (l.chars().count() as f64 / available.max(1.0))
                        .ceil()
                        .max(1.0)
                })
                .sum();
            lines = lines.max(cell);
        }
        lines * LINE_MM + INSET_MM
    };
    let breakable: Vec<bool> = t
        .body
        .iter()
        .map(|r| row_height(r) > BREAKABLE_ROW_MM)
        .collect();
    let total: f64 = t
        .head
        .iter()
        .chain(&t.body)
        .chain(&t.foot)
        .map(row_height)
        .sum();
    TableLayout {
        columns: (0..columns)
            .map(|i| {
                if numeric[i] {
                    "auto".to_string()
                } else {
                    format!("{}fr", t.widths[i])
                }
            })
            .collect(),
        figure_mm: (0..columns)
            .map(|i| numeric[i].then(|| width_mm[i] + INSET_MM))
            .collect(),
        hyphenate,
        breakable,
        keep_whole: total < KEEP_WHOLE_MM,
        height_mm: total,
    }
}

/// The first body row kept with the table's tail (its sum rows and notes), as both writers
/// set it: the last body rows, unless one of them is tall enough to break across pages (a
/// row that breaks cannot be kept with what follows).
pub fn tail_from(t: &Table, l: &TableLayout, notes_follow: bool) -> usize {
    let kept_from = crate::doc::kept_tail_from(t, notes_follow).min(t.body.len());
    if l.breakable[kept_from..].iter().any(|b| *b) {
        t.body.len()
    } else {
        kept_from
    }
}

/// How many of `blocks` (those after a table) are the table's notes.
pub fn notes_at(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .take_while(|b| {
            matches!(
                b,
                Block::Paragraph {
                    style: ParaStyle::Note,
                    ..
                }
            )
        })
        .count()
}

/// After a heading: how many blocks (a few short paragraphs, a table kept whole, its notes)
/// belong with it on one page; 0 when the heading leads to no such table.
pub fn lead_in_to_short_table(after: &[Block]) -> usize {
    let mut text_mm = 0.0;
    for (i, b) in after.iter().enumerate().take(6) {
        match b {
            Block::Paragraph {
                style: ParaStyle::Normal,
                text,
            } => {
                let chars = Inline::plain(text).chars().count() as f64;
                text_mm += (chars / (TEXT_WIDTH_MM / CHAR_MM)).ceil().max(1.0) * LINE_MM + 3.0;
            }
            Block::Table(t) => {
                let l = layout(t);
                // Heading, text and table together no taller than a table kept whole: a
                // taller group would leave up to half a page empty before it.
                if !l.keep_whole || text_mm > 60.0 || text_mm + l.height_mm > KEEP_WHOLE_MM {
                    return 0;
                }
                return i + 1 + notes_at(&after[i + 1..]);
            }
            _ => return 0,
        }
    }
    0
}

/// Whether every body cell of a column holds a number (or nothing): such a column takes its
/// natural width, so a figure never wraps; the text columns share the rest.
fn numeric_column(t: &Table, column: usize) -> bool {
    let mut any = false;
    for row in &t.body {
        for (start, c) in cell_columns(row).into_iter().zip(&row.cells) {
            if start == column && c.colspan == 1 {
                any = true;
                if !c.numeric {
                    return false;
                }
            }
        }
    }
    any
}
