//! Estimates of how a table and what leads to it will be laid out on an A4 page (10 pt Carlito
//! in cells, 22 mm margins), good enough to choose column sizing, hyphenation and what is
//! kept on one page before Typst sets it for real (the PDF writer), and which paragraphs after
//! a table are its notes (both the PDF and the DOCX writer keep them with the table). The DOCX
//! writer uses the same estimates, so that Word and LibreOffice break pages where the PDF does:
//! the same column widths (`column_widths_mm`), the same rows allowed to split, and a heading
//! kept with its lead-in and short table (every paragraph and row kept with the next).

use crate::doc::{Block, Inline, ParaStyle, Table};

/// The text width of the page, in millimetres.
const TEXT_WIDTH_MM: f64 = 166.0;
/// The size of the text in a table's cells, in points.
const CELL_TEXT_PT: f64 = 10.0;
/// A point in millimetres.
const MM_PER_PT: f64 = 25.4 / 72.0;
/// An average character of 10 pt Carlito, in millimetres.
const CHAR_MM: f64 = 1.8;
/// A line of 10 pt text with the document's leading, in millimetres.
const LINE_MM: f64 = 5.4;
/// A cell's inset on both sides together (2 × 5 pt), in millimetres.
const INSET_MM: f64 = 3.5;
/// How much wider a header's bold text is than the average character of body text (a
/// short heading such as «Sum» or «Mål» has wide letters, and bold is wider still).
const HEADER_WIDTH: f64 = 1.2;
/// A row taller than this (about a third of the body height) may break across pages.
const BREAKABLE_ROW_MM: f64 = 83.0;
/// A last body row taller than this (more than half the body height) does not go with the
/// table's tail onto the next page: it breaks instead.
const TAIL_ROW_MAX_MM: f64 = 120.0;
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
    /// Per column: the width of a figure column (`auto`: its widest cell and the inset), in
    /// millimetres; `None` for a text column, which shares the rest.
    pub figure_mm: Vec<Option<f64>>,
    /// Per column: whether its longest word is wider than the column, so it must hyphenate.
    pub hyphenate: Vec<bool>,
    /// Per body row: whether it is tall enough to break across pages.
    pub breakable: Vec<bool>,
    /// Per body row: whether it is too tall to travel with the table's tail.
    pub too_tall_for_tail: Vec<bool>,
    /// Whether the whole table (and its notes) fits in a block kept on one page.
    pub keep_whole: bool,
    /// The estimated height of the table, in millimetres.
    pub height_mm: f64,
}

pub fn layout(t: &Table) -> TableLayout {
    let columns = t.widths.len();
    let numeric: Vec<bool> = (0..columns).map(|i| numeric_column(t, i)).collect();
    // A figure column's natural width, as Typst sets an `auto` column: its widest line,
    // measured in the font (bold in the header and the sum rows).
    let mut widest_mm = vec![0.0f64; columns];
    let mut longest_word = vec![0usize; columns];
    let head = t.head.iter().map(|r| (r, HEADER_WIDTH, true));
    let rest = t.body.iter().chain(&t.foot).map(|r| (r, 1.0, r.sum));
    for (row, scale, bold) in head.chain(rest) {
        // A header's bold words are wider than the average character: counted wider, so
        // that no header cell wraps inside a word.
        let count = |s: &str| (s.chars().count() as f64 * scale).ceil() as usize;
        for (start, c) in cell_columns(row).into_iter().zip(&row.cells) {
            if c.colspan != 1 || start >= columns {
                continue;
            }
            for line in cell_lines(c) {
                let mm = crate::fonts::text_width(&line, CELL_TEXT_PT, bold) * MM_PER_PT;
                widest_mm[start] = widest_mm[start].max(mm);
                let word = line.split(' ').map(count).max().unwrap_or(0);
                longest_word[start] = longest_word[start].max(word);
            }
        }
    }
    let numeric_mm: f64 = (0..columns)
        .filter(|i| numeric[*i])
        .map(|i| widest_mm[i] + INSET_MM)
        .sum();
    let text_weight: f64 = (0..columns)
        .filter(|i| !numeric[*i])
        .map(|i| f64::from(t.widths[i]))
        .sum();
    let width_mm: Vec<f64> = (0..columns)
        .map(|i| {
            if numeric[i] {
                widest_mm[i]
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
    let heights: Vec<f64> = t.body.iter().map(row_height).collect();
    let breakable: Vec<bool> = heights.iter().map(|h| *h > BREAKABLE_ROW_MM).collect();
    let too_tall_for_tail: Vec<bool> = heights.iter().map(|h| *h > TAIL_ROW_MAX_MM).collect();
    let total: f64 = t
        .head
        .iter()
        .chain(&t.body)
        .chain(&t.foot)
        .map(row_height)
        .sum();
    TableLayout {
        figure_mm: (0..columns)
            .map(|i| numeric[i].then(|| width_mm[i] + INSET_MM))
            .collect(),
        hyphenate,
        breakable,
        too_tall_for_tail,
        keep_whole: total < KEEP_WHOLE_MM,
        height_mm: total,
    }
}

/// The first body row kept with the table's tail (its sum rows and notes), as both writers
/// set it: the last body rows, which then do not break across pages, unless one of them is
/// more than half a page tall (it breaks, and cannot be kept with what follows).
pub fn tail_from(t: &Table, l: &TableLayout, notes_follow: bool) -> usize {
    let kept_from = crate::doc::kept_tail_from(t, notes_follow).min(t.body.len());
    if l.too_tall_for_tail[kept_from..].iter().any(|b| *b) {
        t.body.len()
    } else {
        kept_from
    }
}

/// The width of each column, in millimetres, as both writers set it: a figure column as wide
/// as its widest cell, the text columns sharing the rest by their widths. Figures wider than
/// two thirds of the page (never in a plan's tables) take every column by its share.
pub fn column_widths_mm(t: &Table) -> Vec<f64> {
    let figure_mm = figure_widths_mm(t);
    let figures: f64 = figure_mm.iter().flatten().sum();
    let by_share = figures_by_share(t);
    let text_total: f64 = t
        .widths
        .iter()
        .zip(&figure_mm)
        .filter(|(_, f)| by_share || f.is_none())
        .map(|(w, _)| f64::from(*w))
        .sum::<f64>()
        .max(1.0);
    let rest = if by_share {
        TEXT_WIDTH_MM
    } else {
        TEXT_WIDTH_MM - figures
    };
    t.widths
        .iter()
        .zip(&figure_mm)
        .map(|(w, figure)| match figure {
            Some(mm) if !by_share => *mm,
            _ => rest * f64::from(*w) / text_total,
        })
        .collect()
}

/// Per column: the width of a figure column (its widest cell), in whole millimetres.
fn figure_widths_mm(t: &Table) -> Vec<Option<f64>> {
    layout(t)
        .figure_mm
        .iter()
        .map(|mm| mm.map(f64::ceil))
        .collect()
}

/// Whether the figure columns together are too wide to take their natural width (more than
/// two thirds of the page), so that every column takes its share instead.
pub fn figures_by_share(t: &Table) -> bool {
    figure_widths_mm(t).iter().flatten().sum::<f64>() * 3.0 > TEXT_WIDTH_MM * 2.0
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
