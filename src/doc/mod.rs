//! The document IR: the format-neutral blocks, tables and inlines that the rendered template
//! markup is parsed into (`read`) and that every writer (DOCX, PDF, HTML) takes as input.
//! `dump` gives a stable text form for golden tests. `package` reads a received Word package
//! (for `import` and the DOCX writer's reference document) within limits.

pub mod dump;
pub mod package;
pub mod read;

/// A whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// BCP 47 language tag, "nb-NO" or "nn-NO".
    pub lang: String,
    pub author: String,
    /// Running header text (pages after the cover).
    pub running_header: String,
    /// Accent colour of the programme's profile, "#RRGGBB".
    pub accent: String,
    pub cover: Vec<Block>,
    pub body: Vec<Block>,
}

impl Document {
    /// Calls `visit` with every block of the document in the order it stands: the cover, then
    /// the body, a table before the blocks in its cells (row by row).
    pub fn each_block<'a>(&'a self, visit: &mut impl FnMut(&'a Block)) {
        fn walk<'a>(blocks: &'a [Block], visit: &mut impl FnMut(&'a Block)) {
            for b in blocks {
                visit(b);
                if let Block::Table(t) = b {
                    for row in t.head.iter().chain(&t.body).chain(&t.foot) {
                        for cell in &row.cells {
                            walk(&cell.content, visit);
                        }
                    }
                }
            }
        }
        walk(&self.cover, visit);
        walk(&self.body, visit);
    }

    /// Every image of the document, cover first, table cells included, in the order they
    /// stand.
    pub fn images(&self) -> Vec<&Image> {
        let mut out = Vec::new();
        self.each_block(&mut |b| {
            if let Block::Image(i) = b {
                out.push(i);
            }
        });
        out
    }

    /// Every text the document shows, a line each: the running header, the headings,
    /// paragraphs, list items and table cells, the contents' title and the images' captions
    /// and alt texts. What the fonts embedded in a document must draw.
    pub fn text(&self) -> String {
        let mut out = vec![self.running_header.clone()];
        self.each_block(&mut |b| match b {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                out.push(Inline::plain(text))
            }
            Block::List(list) => list.plain_lines(0, &mut out),
            Block::Image(i) => {
                out.push(i.alt.clone());
                out.extend(i.caption.clone());
            }
            Block::Toc { title } => out.push(title.clone()),
            Block::Table(_) | Block::PageBreak => {}
        });
        out.join("\n")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: Vec<Inline>,
        /// Listed in the table of contents and the bookmarks: the template's sections and the
        /// plan's own chapters are; a sub-heading inside a text is not.
        outlined: bool,
    },
    Paragraph {
        style: ParaStyle,
        text: Vec<Inline>,
    },
    List(List),
    Table(Table),
    Image(Image),
    /// The table of contents (filled by the writer: a TOC field in DOCX, an outline in PDF).
    Toc {
        title: String,
    },
    PageBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaStyle {
    Normal,
    /// Small text under a table (the template's footnotes).
    Note,
    /// A highlighted notice, e.g. the NB note about provisional figures.
    Notice,
    CoverTitle,
    CoverSubtitle,
    CoverVision,
    CoverLine,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Bold(Vec<Inline>),
    Italic(Vec<Inline>),
    /// A value the plan does not give yet, said in the document's language («mangler: dato»,
    /// nynorsk «manglar: dato»): shown as a visible, clearly marked gap in brackets.
    Gap(String),
    /// A link to a web address (`https:`, `http:` or `mailto:`), with its text.
    Link {
        url: String,
        text: Vec<Inline>,
    },
    /// The plan's other document named in its text (`<a href="dokument:kommunikasjonsplan">`):
    /// a link where that document's file lies beside this one (the HTML `render` writes),
    /// the words alone elsewhere.
    DocumentLink {
        to: Sibling,
        text: Vec<Inline>,
    },
    LineBreak,
}

/// One of a plan's two documents, which name each other: the Handlingsplan and its
/// communication plan (the attachment section 4 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sibling {
    Plan,
    Communication,
}

impl Sibling {
    /// The markup's name for the document: `dokument:handlingsplan`,
    /// `dokument:kommunikasjonsplan`.
    pub const fn href(self) -> &'static str {
        match self {
            Sibling::Plan => "dokument:handlingsplan",
            Sibling::Communication => "dokument:kommunikasjonsplan",
        }
    }

    /// The document a markup `href` names, if it names one.
    pub fn from_href(href: &str) -> Option<Sibling> {
        [Sibling::Plan, Sibling::Communication]
            .into_iter()
            .find(|s| s.href() == href)
    }
}

/// The deepest a list may nest (a list in a list in a list).
pub const MAX_LIST_DEPTH: usize = 3;

/// A bullet or numbered list; an item may hold a list one level deeper.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Numbered (1., 2., …) rather than bulleted.
    pub ordered: bool,
    /// The first number of a numbered list.
    pub start: u32,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub text: Vec<Inline>,
    /// The list under this item, if any.
    pub sub: Option<List>,
}

impl List {
    /// A bullet list of one-line items.
    pub fn bullets(items: Vec<Vec<Inline>>) -> List {
        List {
            ordered: false,
            start: 1,
            items: items
                .into_iter()
                .map(|text| ListItem { text, sub: None })
                .collect(),
        }
    }

    /// The items as plain text lines, nested ones indented, each with its bullet or number.
    pub fn plain_lines(&self, depth: usize, out: &mut Vec<String>) {
        for (n, item) in self.items.iter().enumerate() {
            let mark = if self.ordered {
                format!("{}.", u64::from(self.start) + n as u64)
            } else {
                "•".to_string()
            };
            out.push(format!(
                "{}{mark} {}",
                "  ".repeat(depth),
                Inline::plain(&item.text)
            ));
            if let Some(sub) = &item.sub {
                sub.plain_lines(depth + 1, out);
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Relative column widths (any unit; writers scale them to the text width).
    pub widths: Vec<u32>,
    pub caption: Option<String>,
    pub head: Vec<Row>,
    pub body: Vec<Row>,
    pub foot: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub sum: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub numeric: bool,
    pub colspan: u32,
    /// Paragraphs and lists inside the cell.
    pub content: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Image bytes and their kind ("png" or "svg").
    pub data: Vec<u8>,
    pub kind: String,
    pub alt: String,
    /// Width in millimetres.
    pub width_mm: u32,
    /// A figure's caption («Figur 1: …»); a logo has none.
    pub caption: Option<String>,
    /// The same drawing laid out for a phone's screen (an SVG), which the HTML shows there
    /// instead of `data`; the image named [`phone_drawing`] of `src` (the PDF and DOCX are
    /// pages, and print `data`).
    pub phone: Option<Vec<u8>>,
}

/// The name under which the drawing of image `src` for a phone's screen is given to the
/// markup reader, beside `src` itself.
pub fn phone_drawing(src: &str) -> String {
    format!("{src}#telefon")
}

impl Inline {
    /// The plain text of inlines (for alt texts, bookmarks and dumps).
    pub fn plain(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(t),
                Inline::Bold(c)
                | Inline::Italic(c)
                | Inline::Link { text: c, .. }
                | Inline::DocumentLink { text: c, .. } => out.push_str(&Inline::plain(c)),
                Inline::Gap(t) => out.push_str(&format!("[{t}]")),
                Inline::LineBreak => out.push('\n'),
            }
        }
        out
    }
}

/// The most items (sub-items counted) of a list kept on one page: a short list split across
/// a page break leaves an item or two stranded at a page's foot or head.
pub const SHORT_LIST_ITEMS: usize = 8;

impl List {
    /// Its items, sub-items counted.
    pub fn len_all(&self) -> usize {
        self.items
            .iter()
            .map(|i| 1 + i.sub.as_ref().map_or(0, List::len_all))
            .sum()
    }
}

/// Whether the paragraph at `at` leads in to the list or table right after it (a text
/// paragraph ending in «:»): both writers keep it with what follows, so that no page ends with
/// a lead-in whose list or table is on the next.
pub fn is_lead_in(blocks: &[Block], at: usize) -> bool {
    match (blocks.get(at), blocks.get(at + 1)) {
        (
            Some(Block::Paragraph {
                style: ParaStyle::Normal,
                text,
            }),
            Some(Block::List(_) | Block::Table(_)),
        ) => Inline::plain(text).trim_end().ends_with(':'),
        _ => false,
    }
}

/// Whether a list is kept on one page: a short one, whose items travel together (no item
/// alone at a page's foot or head). A longer list breaks between items.
pub fn list_kept_whole(list: &List) -> bool {
    list.len_all() <= SHORT_LIST_ITEMS
}

/// Whether item `index` of a list, with its sub-items, keeps with the item after it: in a
/// longer list (one not kept whole), the first item and the one before the last, so that
/// neither the first item stands alone at a page's foot nor the last alone at a page's head.
/// Both writers keep items so (`write::pdf` in groups, the DOCX with keep-with-next).
pub fn list_item_keeps_with_next(list: &List, index: usize) -> bool {
    let n = list.items.len();
    !list_kept_whole(list) && n >= 4 && (index == 0 || index + 2 == n)
}

/// How many of a table's last body rows stay with its tail (the sum rows and the notes under
/// it), so that no page begins with the tail alone.
pub const BODY_ROWS_WITH_TAIL: usize = 1;

/// The index (in body rows followed by foot rows) of the first row kept together with the
/// table's tail: the last body rows and the foot rows, when the table has a tail (foot rows or
/// notes); past the last row when it has none.
pub fn kept_tail_from(t: &Table, notes_follow: bool) -> usize {
    let rows = t.body.len() + t.foot.len();
    if t.foot.is_empty() && !notes_follow {
        return rows;
    }
    t.body.len().saturating_sub(BODY_ROWS_WITH_TAIL)
}

/// About how many characters of 10 pt table text fit on a line of the A4 page's text width.
const TABLE_LINE_CHARS: f64 = 92.0;

/// Whether a cell shows nothing at all. A dash is not blank: it says «none» or «not
/// reported», which the reader should see.
pub fn is_blank(cell: &Cell) -> bool {
    cell.plain().trim().is_empty()
}

impl Table {
    /// The columns each cell of a row covers, as (first column, cell index).
    fn cell_starts(row: &Row) -> Vec<(usize, usize)> {
        let mut column = 0;
        row.cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let start = column;
                column += c.colspan as usize;
                (start, i)
            })
            .collect()
    }

    /// Leaves out every column (but the first) that is blank in every body and footer row
    /// and where no cell spanning several columns starts: a column the plan gives nothing for
    /// takes no width from the ones it does. Spanning cells narrow with it.
    pub fn drop_empty_columns(&mut self) {
        let columns = self.widths.len();
        let mut keep = vec![false; columns];
        if let Some(k) = keep.first_mut() {
            *k = true;
        }
        for row in self.body.iter().chain(&self.foot) {
            for (start, i) in Table::cell_starts(row) {
                let cell = &row.cells[i];
                if cell.colspan > 1 {
                    // A spanning cell (a sum row's label) keeps the column it starts in; it
                    // narrows when columns it spans are left out.
                    keep[start] = true;
                } else if !is_blank(cell) {
                    keep[start] = true;
                }
            }
        }
        if keep.iter().all(|k| *k) || self.body.is_empty() {
            return;
        }
        for row in self
            .head
            .iter_mut()
            .chain(&mut self.body)
            .chain(&mut self.foot)
        {
            let starts = Table::cell_starts(row);
            let mut cells = Vec::with_capacity(row.cells.len());
            for ((start, _), mut cell) in starts.into_iter().zip(std::mem::take(&mut row.cells)) {
                let covered = start..start + cell.colspan as usize;
                let kept = covered
                    .filter(|c| keep.get(*c).copied().unwrap_or(true))
                    .count();
                if kept > 0 {
                    cell.colspan = kept as u32;
                    cells.push(cell);
                }
            }
            row.cells = cells;
        }
        self.widths = self
            .widths
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(w, _)| *w)
            .collect();
    }

    /// Column widths from the content: a column of numbers as wide as its widest figure or
    /// heading word; a column of text as wide as its longest word, and wider the more text it
    /// carries (growing with the average cell's length to the power ¾, so one long text column
    /// does not starve the others).
    pub fn fitted_widths(&self) -> Vec<u32> {
        let columns = self.widths.len();
        let mut longest_word = vec![0usize; columns];
        let mut total = vec![0usize; columns];
        let mut rows = vec![0usize; columns];
        let mut numeric = vec![true; columns];
        let mut widest = vec![0usize; columns];
        for (part, row) in self
            .head
            .iter()
            .map(|r| (true, r))
            .chain(self.body.iter().chain(&self.foot).map(|r| (false, r)))
        {
            for (start, i) in Table::cell_starts(row) {
                let cell = &row.cells[i];
                if cell.colspan != 1 || start >= columns {
                    continue;
                }
                let text = cell.plain();
                let word = text
                    .split(|c: char| c.is_whitespace() && c != '\u{a0}')
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0);
                longest_word[start] = longest_word[start].max(word);
                if part {
                    continue;
                }
                let length = text.chars().count();
                widest[start] = widest[start].max(length);
                total[start] += length;
                rows[start] += 1;
                if !cell.numeric && !is_blank(cell) {
                    numeric[start] = false;
                }
            }
        }
        let fitted: Vec<f64> = (0..columns)
            .map(|c| {
                if numeric[c] {
                    // Room for a bold figure or heading word and the cell margins in any viewer (LibreOffice
                    // wrapped a bold «1 366 667» with three characters to spare).
                    widest[c].max(longest_word[c]) as f64 + 4.0
                } else {
                    let average = total[c] as f64 / rows[c].max(1) as f64;
                    (longest_word[c] as f64 + 2.0).max(average.powf(0.75) * 1.6)
                }
            })
            .collect();
        // The widths are shares of the line. Figures need their characters whatever the
        // text columns weigh, so the text columns share what the figure columns leave of a
        // table line (at least half of it), in the same proportions among themselves.
        let figures: f64 = (0..columns)
            .filter(|c| numeric[*c])
            .map(|c| fitted[c])
            .sum();
        let text: f64 = (0..columns)
            .filter(|c| !numeric[*c])
            .map(|c| fitted[c])
            .sum();
        let text_room = (TABLE_LINE_CHARS - figures).max(TABLE_LINE_CHARS / 2.0);
        // Each text column keeps its longest word when the room allows; what is left is
        // shared by how much more each column would like.
        let floor = |c: usize| (longest_word[c] as f64 + 2.0).min(fitted[c]);
        let floors: f64 = (0..columns).filter(|c| !numeric[*c]).map(floor).sum();
        let wish = text - floors;
        let text_width = |c: usize| {
            if floors >= text_room {
                // Not every longest word fits: each column's share is the mean of its share
                // by longest word and its share by amount of text, so a column of short texts
                // is not squeezed to a few letters by a column of long ones, nor the reverse.
                text_room * (floor(c) / floors.max(1.0) + fitted[c] / text.max(1.0)) / 2.0
            } else if wish <= 0.0 {
                fitted[c] * text_room / text.max(1.0)
            } else {
                floor(c) + (fitted[c] - floor(c)) * (text_room - floors) / wish
            }
        };
        (0..columns)
            .map(|c| {
                let width = if numeric[c] { fitted[c] } else { text_width(c) };
                // In tenths, so the writers' proportions keep a decimal's precision.
                (width * 10.0).round().max(10.0) as u32
            })
            .collect()
    }
}

impl Cell {
    pub fn plain(&self) -> String {
        let mut parts = Vec::new();
        for b in &self.content {
            match b {
                Block::Paragraph { text, .. } => parts.push(Inline::plain(text)),
                Block::List(list) => list.plain_lines(0, &mut parts),
                _ => {}
            }
        }
        parts.join("\n")
    }
}

/// Removes control characters (except line breaks and tabs) from user text: XML cannot carry
/// them and a document has no use for them.
pub fn clean(text: &str) -> String {
    let unwanted = |c: char| c.is_control() && c != '\n' && c != '\t';
    // Nearly all text has none: copied whole, not character by character.
    if !text.contains(unwanted) {
        return text.to_string();
    }
    text.chars().filter(|c| !unwanted(*c)).collect()
}

/// Escapes text for XML and XHTML (the markup vocabulary, the HTML page, DOCX parts), after
/// removing the control characters XML cannot carry.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for ch in clean(text).chars() {
        match ch {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}
