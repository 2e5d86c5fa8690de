//! `word/document.xml` and the header and footer parts: the IR's blocks as WordprocessingML
//! paragraphs, runs, tables and drawings, in the reference's styles (`reference::Prepared`).

use super::reference::{Prepared, id};
use super::xml::Xml;
use super::{DocxError, ns, page};
use crate::doc::{Block, Cell, Document, Image, Inline, ParaStyle, Row, Table};
use crate::write::estimate;

/// Resolution of the raster an SVG chart becomes in DOCX.
const RASTER_DPI: u32 = 220;

/// A chart (an SVG image) drawn as the PNG the DOCX shows.
fn drawn(i: &Image) -> Result<Vec<u8>, String> {
    String::from_utf8(i.data.clone())
        .map_err(|e| e.to_string())
        .and_then(|svg| crate::write::raster::to_png_kept(&svg, i.width_mm, RASTER_DPI))
}

/// The charts of a document drawn ahead of writing it (`docx::ahead`), each with the image
/// it was drawn from.
#[derive(Default)]
pub struct Rasters<'d>(Vec<(&'d Image, Result<Vec<u8>, String>)>);

impl<'d> Rasters<'d> {
    /// Every chart of `doc` drawn, each once.
    pub fn of(doc: &'d Document) -> Rasters<'d> {
        let mut rasters = Rasters::default();
        for image in doc.images() {
            if image.kind != "png" && rasters.get(image).is_none() {
                rasters.0.push((image, drawn(image)));
            }
        }
        rasters
    }

    /// How many charts were drawn.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The raster of a chart with the same drawing at the same width, if one was made.
    fn get(&self, i: &Image) -> Option<&Result<Vec<u8>, String>> {
        self.0
            .iter()
            .find(|(d, _)| d.width_mm == i.width_mm && d.data == i.data)
            .map(|(_, raster)| raster)
    }
}

/// An image part: relationship id, target (relative to `word/`) and bytes.
pub struct Media {
    pub id: String,
    pub target: String,
    pub png: Vec<u8>,
}

pub struct Written {
    pub document: Vec<u8>,
    pub media: Vec<Media>,
    /// Hyperlinks: relationship id and web address.
    pub links: Vec<(String, String)>,
}

/// Direct run formatting (emphasis from the markup; the look comes from the styles).
#[derive(Clone, Copy, Default)]
struct Emphasis {
    bold: bool,
    italic: bool,
    /// Inside a hyperlink: underlined in the link colour.
    link: bool,
}

/// Direct paragraph properties, written in the schema's order.
#[derive(Default)]
struct Para<'a> {
    style: &'a str,
    keep_next: Option<bool>,
    page_break_before: bool,
    /// The list's `w:numId` and the item's level.
    numbering: Option<(&'a str, u8)>,
    /// A right tab with a dot leader at the text width (table-of-contents entries).
    toc_tab: bool,
    align: Option<&'static str>,
    /// Body text in the outline (`w:outlineLvl` 9): a sub-heading in a heading style that
    /// Word's table of contents must not list.
    body_level: bool,
    /// A line exactly this high, in twips (the space between a table and its notes).
    exact_line: Option<u32>,
}

struct Writer<'a> {
    x: Xml,
    styles: &'a Prepared,
    entries: &'a [(u8, String)],
    pages: Option<&'a [u32]>,
    /// The charts drawn ahead, when they were.
    rasters: Option<&'a Rasters<'a>>,
    /// Headings listed in the table of contents so far (their bookmarks are numbered).
    headings_seen: usize,
    media: Vec<Media>,
    links: Vec<(String, String)>,
    /// Numbered lists written so far (each has its own `w:num`, in `styles.ordered_nums`).
    ordered_seen: usize,
    page_break: bool,
    /// Every paragraph written now keeps with the next: inside a table row kept with the next
    /// row, or a paragraph of a heading's lead-in to a short table.
    keep_all: bool,
    /// Inside a table cell: whether its paragraphs hyphenate (the table text style does), as
    /// the PDF hyphenates only a body cell of a column narrower than its longest word
    /// (`estimate::layout`); the other cells suppress it, so that Word and LibreOffice break
    /// their lines where the PDF does. `None` outside tables (the body styles do not hyphenate).
    cell_hyphenates: Option<bool>,
}

/// The bookmark of table-of-contents entry `n` (from 1).
fn bookmark(n: usize) -> String {
    format!("_Toc{n:08}")
}

/// The size of a PNG in pixels, from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

pub fn write(
    doc: &Document,
    styles: &Prepared,
    entries: &[(u8, String)],
    pages: Option<&[u32]>,
    rasters: Option<&Rasters>,
) -> Result<Written, DocxError> {
    let mut w = Writer {
        x: Xml::new()?,
        styles,
        entries,
        pages,
        rasters,
        headings_seen: 0,
        media: Vec::new(),
        links: Vec::new(),
        ordered_seen: 0,
        page_break: false,
        keep_all: false,
        cell_hyphenates: None,
    };
    w.x.open(
        "w:document",
        &[
            ("xmlns:w", ns::W),
            ("xmlns:r", ns::R),
            ("xmlns:wp", ns::WP),
            ("xmlns:a", ns::A),
            ("xmlns:pic", ns::PIC),
        ],
    )?;
    w.x.open("w:body", &[])?;
    w.blocks(&doc.cover)?;
    w.page_break = true;
    w.blocks(&doc.body)?;
    w.section()?;
    w.x.end("w:body")?;
    w.x.end("w:document")?;
    Ok(Written {
        document: w.x.finish()?,
        media: w.media,
        links: w.links,
    })
}

/// The space between a table and the notes under it, in twips: the PDF sets the notes 6 pt
/// under the table; LibreOffice, with the space after a table (`Tabellavstand`, 7.15 pt),
/// left 4 pt more, so that a table's notes reached further down the page than in the PDF.
const NOTES_UNDER_TABLE: u32 = 61;

impl Writer<'_> {
    fn style(&self, default_id: &'static str) -> &str {
        self.styles.style(default_id)
    }

    fn para_open(&mut self, p: &Para) -> Result<(), DocxError> {
        let pending = std::mem::take(&mut self.page_break);
        let break_before = p.page_break_before || pending;
        let x = &mut self.x;
        x.open("w:p", &[])?;
        x.open("w:pPr", &[])?;
        x.empty("w:pStyle", &[("w:val", p.style)])?;
        let keep_next = if self.keep_all {
            Some(true)
        } else {
            p.keep_next
        };
        match keep_next {
            Some(true) => x.empty("w:keepNext", &[])?,
            Some(false) => x.empty("w:keepNext", &[("w:val", "0")])?,
            None => {}
        }
        if break_before {
            x.empty("w:pageBreakBefore", &[])?;
        }
        if let Some((num, level)) = p.numbering {
            x.open("w:numPr", &[])?;
            x.empty("w:ilvl", &[("w:val", &level.to_string())])?;
            x.empty("w:numId", &[("w:val", num)])?;
            x.end("w:numPr")?;
        }
        if p.toc_tab {
            x.open("w:tabs", &[])?;
            x.empty(
                "w:tab",
                &[
                    ("w:val", "right"),
                    ("w:leader", "dot"),
                    ("w:pos", &page::TEXT_WIDTH.to_string()),
                ],
            )?;
            x.end("w:tabs")?;
        }
        if self.cell_hyphenates == Some(false) {
            x.empty("w:suppressAutoHyphens", &[])?;
        }
        let line = p.exact_line.map(|l| l.to_string());
        let mut spacing: Vec<(&str, &str)> = Vec::new();
        if break_before {
            // At the top of a page, no space above (as the PDF, and Word at a natural break).
            spacing.push(("w:before", "0"));
        }
        if let Some(line) = &line {
            spacing.extend([("w:line", line.as_str()), ("w:lineRule", "exact")]);
        }
        if !spacing.is_empty() {
            x.empty("w:spacing", &spacing)?;
        }
        if let Some(align) = p.align {
            x.empty("w:jc", &[("w:val", align)])?;
        }
        if p.body_level {
            x.empty("w:outlineLvl", &[("w:val", "9")])?;
        }
        x.end("w:pPr")
    }

    fn paragraph(&mut self, p: &Para, text: &[Inline], e: Emphasis) -> Result<(), DocxError> {
        self.para_open(p)?;
        self.runs(text, e)?;
        self.x.end("w:p")
    }

    fn run(&mut self, text: &str, e: Emphasis, highlight: bool) -> Result<(), DocxError> {
        let x = &mut self.x;
        x.open("w:r", &[])?;
        if e.bold || e.italic || e.link || highlight {
            x.open("w:rPr", &[])?;
            if e.bold {
                x.empty("w:b", &[])?;
                x.empty("w:bCs", &[])?;
            }
            if e.italic {
                x.empty("w:i", &[])?;
                x.empty("w:iCs", &[])?;
            }
            if e.link {
                x.empty("w:color", &[("w:val", "0563C1")])?;
            }
            if highlight {
                x.empty("w:highlight", &[("w:val", "yellow")])?;
            }
            if e.link {
                x.empty("w:u", &[("w:val", "single")])?;
            }
            x.end("w:rPr")?;
        }
        x.text_element("w:t", &[("xml:space", "preserve")], text)?;
        x.end("w:r")
    }

    fn runs(&mut self, inlines: &[Inline], e: Emphasis) -> Result<(), DocxError> {
        for i in inlines {
            match i {
                Inline::Text(t) => self.run(t, e, false)?,
                Inline::Bold(c) => self.runs(c, Emphasis { bold: true, ..e })?,
                Inline::Italic(c) => self.runs(c, Emphasis { italic: true, ..e })?,
                Inline::Gap(t) => self.run(&format!("[{t}]"), e, true)?,
                Inline::Link { url, text } => {
                    let id = format!("rIdLink{}", self.links.len() + 1);
                    self.links.push((id.clone(), url.clone()));
                    self.x.open("w:hyperlink", &[("r:id", &id)])?;
                    self.runs(text, Emphasis { link: true, ..e })?;
                    self.x.end("w:hyperlink")?;
                }
                // The board's DOCX travels on its own (e-mail, the board's comments): the other
                // document is named in words, not linked to a file that may not be beside it.
                Inline::DocumentLink { text, .. } => self.runs(text, e)?,
                Inline::LineBreak => {
                    self.x.open("w:r", &[])?;
                    self.x.empty("w:br", &[])?;
                    self.x.end("w:r")?;
                }
            }
        }
        Ok(())
    }

    fn blocks(&mut self, blocks: &[Block]) -> Result<(), DocxError> {
        // A heading whose few paragraphs lead to a short table goes to the next page with them
        // and the whole table, as in the PDF: the blocks before `group_end` keep with the next.
        let mut group_end = 0;
        for (i, b) in blocks.iter().enumerate() {
            let in_group = i < group_end;
            match b {
                Block::Heading {
                    level,
                    text,
                    outlined,
                } => {
                    let lead_in = estimate::lead_in_to_short_table(&blocks[i + 1..]);
                    if lead_in > 0 {
                        group_end = i + 1 + lead_in;
                    }
                    self.heading(*level, text, *outlined)?
                }
                Block::Paragraph { style, text } => {
                    self.keep_all = in_group && *style == ParaStyle::Normal;
                    // A lead-in keeps with its list or table (as in the PDF).
                    let keep = crate::doc::is_lead_in(blocks, i);
                    self.styled_paragraph(*style, text, keep)?;
                    self.keep_all = false;
                }
                Block::List(list) => {
                    // A short list on one page: each item kept with the next (as in the
                    // PDF).
                    let mut kept = if crate::doc::list_kept_whole(list) {
                        list.len_all()
                    } else {
                        0
                    };
                    self.list(list, 0, Emphasis::default(), &mut kept)?
                }
                Block::Table(t) => {
                    let after = &blocks[i + 1..];
                    let notes = estimate::notes_at(after) > 0;
                    self.table(t, notes, in_group)?;
                    self.space_after_table(notes, after.is_empty())?;
                }
                Block::Image(i) => self.image(i)?,
                Block::Toc { title } => self.toc(title)?,
                Block::PageBreak => self.page_break = true,
            }
        }
        Ok(())
    }

    fn heading(&mut self, level: u8, text: &[Inline], outlined: bool) -> Result<(), DocxError> {
        let style = self
            .style(id::HEADINGS[usize::from(level.clamp(1, 3)) - 1])
            .to_string();
        self.para_open(&Para {
            style: &style,
            body_level: !outlined,
            ..Default::default()
        })?;
        if outlined && level <= super::TOC_DEPTH {
            self.headings_seen += 1;
            let n = self.headings_seen.to_string();
            self.x.empty(
                "w:bookmarkStart",
                &[("w:id", &n), ("w:name", &bookmark(self.headings_seen))],
            )?;
            self.runs(text, Emphasis::default())?;
            self.x.empty("w:bookmarkEnd", &[("w:id", &n)])?;
        } else {
            self.runs(text, Emphasis::default())?;
        }
        self.x.end("w:p")
    }

    fn styled_paragraph(
        &mut self,
        style: ParaStyle,
        text: &[Inline],
        keep_next: bool,
    ) -> Result<(), DocxError> {
        let style_id = match style {
            ParaStyle::Normal => id::NORMAL,
            ParaStyle::Note => id::NOTE,
            ParaStyle::Notice => id::NOTICE,
            ParaStyle::CoverTitle => id::TITLE,
            ParaStyle::CoverSubtitle => id::SUBTITLE,
            ParaStyle::CoverVision => id::VISION,
            ParaStyle::CoverLine => id::COVER_LINE,
        };
        let style_id = self.style(style_id).to_string();
        self.paragraph(
            &Para {
                style: &style_id,
                keep_next: keep_next.then_some(true),
                ..Default::default()
            },
            text,
            Emphasis::default(),
        )
    }

    /// A bullet or numbered list at `level` (0 for the outermost), in Word numbering: the
    /// reference's list style, the bullet definition or this list's own numbering.
    /// `kept` counts down the items still to write of a list kept on one page (0 for one that
    /// is not): each but the last is kept with the next. In a longer list, an item kept with
    /// the next (`doc::list_item_keeps_with_next`) keeps every paragraph of it so.
    fn list(
        &mut self,
        list: &crate::doc::List,
        level: u8,
        e: Emphasis,
        kept: &mut usize,
    ) -> Result<(), DocxError> {
        let style = self.style(id::LIST_BULLET).to_string();
        let num = if list.ordered {
            let num = self.styles.ordered_nums.get(self.ordered_seen).cloned();
            self.ordered_seen += 1;
            // Counted from the same document as the numbering part; a miss is a bug.
            num.ok_or_else(|| DocxError::Internal("nummerert liste uten nummerering".into()))?
        } else {
            self.styles.bullet_num.clone()
        };
        for (index, item) in list.items.iter().enumerate() {
            let with_next = crate::doc::list_item_keeps_with_next(list, index);
            let keep_next = (*kept > 1 || with_next).then_some(true);
            *kept = kept.saturating_sub(1);
            let outer_keep_all = self.keep_all;
            self.keep_all |= with_next;
            self.paragraph(
                &Para {
                    style: &style,
                    numbering: Some((&num, level)),
                    keep_next,
                    ..Default::default()
                },
                &item.text,
                e,
            )?;
            if let Some(sub) = &item.sub {
                self.list(sub, level + 1, e, kept)?;
            }
            self.keep_all = outer_keep_all;
        }
        Ok(())
    }

    /// Column widths in twips: the PDF's (`estimate::column_widths_mm`), the last column
    /// taking the rounding.
    fn column_widths(t: &Table) -> Vec<u32> {
        const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
        let mut out: Vec<u32> = estimate::column_widths_mm(t)
            .iter()
            .map(|mm| (mm * TWIPS_PER_MM).floor() as u32)
            .collect();
        let used: u32 = out.iter().sum();
        if let Some(last) = out.last_mut() {
            *last += page::TEXT_WIDTH.saturating_sub(used);
        }
        out
    }

    /// A table in the reference's table style, at the widths fitted to its content. A row
    /// splits across pages only where the PDF splits it (a row taller than a third of a page);
    /// the header row repeats; the last body row, the sum rows and the notes under
    /// the table keep together (each paragraph of their rows keeps with the next), so that no
    /// page begins with a table's tail alone; a `whole` table, and one short enough that the PDF
    /// keeps it on one page (`estimate::layout`), keeps every row together.
    fn table(&mut self, t: &Table, notes_follow: bool, whole: bool) -> Result<(), DocxError> {
        if std::mem::take(&mut self.page_break) {
            // A table cannot carry a page break: a spacer paragraph does.
            let style = self.style(id::AFTER_TABLE).to_string();
            self.para_open(&Para {
                style: &style,
                page_break_before: true,
                ..Default::default()
            })?;
            self.x.end("w:p")?;
        }
        let widths = Self::column_widths(t);
        let layout = estimate::layout(t);
        let whole = whole || layout.keep_whole;
        let style = self.style(id::TABLE).to_string();
        let x = &mut self.x;
        x.open("w:tbl", &[])?;
        x.open("w:tblPr", &[])?;
        x.empty("w:tblStyle", &[("w:val", &style)])?;
        x.empty(
            "w:tblW",
            &[("w:w", &page::TEXT_WIDTH.to_string()), ("w:type", "dxa")],
        )?;
        x.empty("w:tblLayout", &[("w:type", "fixed")])?;
        x.empty(
            "w:tblLook",
            &[
                ("w:val", "0620"),
                ("w:firstRow", if t.head.is_empty() { "0" } else { "1" }),
                ("w:lastRow", "0"),
                ("w:firstColumn", "0"),
                ("w:lastColumn", "0"),
                ("w:noHBand", "1"),
                ("w:noVBand", "1"),
            ],
        )?;
        x.end("w:tblPr")?;
        x.open("w:tblGrid", &[])?;
        for w in &widths {
            x.empty("w:gridCol", &[("w:w", &w.to_string())])?;
        }
        x.end("w:tblGrid")?;
        for r in &t.head {
            self.row(r, &widths, &[], false)?;
        }
        let rows: Vec<&Row> = t.body.iter().chain(&t.foot).collect();
        let kept_from = if whole {
            0
        } else {
            estimate::tail_from(t, &layout, notes_follow)
        };
        for (n, r) in rows.iter().enumerate() {
            // The last row keeps with the space after the table only when notes follow.
            self.keep_all = n >= kept_from && (n + 1 < rows.len() || notes_follow);
            let splits = n < kept_from && layout.breakable.get(n).copied().unwrap_or(false);
            self.row(r, &widths, &layout.hyphenate, splits)?;
        }
        self.keep_all = false;
        self.x.end("w:tbl")
    }

    /// The space after a table, as in the PDF (Word needs a paragraph between tables, and after
    /// a table that ends the body), kept with the notes that follow. Where the table is the
    /// last thing in the body (the cover, a blank plan's last section), the paragraph is a
    /// point high, so that it does not take a page of its own.
    fn space_after_table(&mut self, notes_follow: bool, last: bool) -> Result<(), DocxError> {
        let style = self.style(id::AFTER_TABLE).to_string();
        if !last {
            self.para_open(&Para {
                style: &style,
                keep_next: notes_follow.then_some(true),
                exact_line: notes_follow.then_some(NOTES_UNDER_TABLE),
                ..Default::default()
            })?;
            return self.x.end("w:p");
        }
        let x = &mut self.x;
        x.open("w:p", &[])?;
        x.open("w:pPr", &[])?;
        x.empty("w:pStyle", &[("w:val", &style)])?;
        x.empty(
            "w:spacing",
            &[
                ("w:before", "0"),
                ("w:after", "0"),
                ("w:line", "20"),
                ("w:lineRule", "exact"),
            ],
        )?;
        x.open("w:rPr", &[])?;
        x.empty("w:sz", &[("w:val", "2")])?;
        x.empty("w:szCs", &[("w:val", "2")])?;
        x.end("w:rPr")?;
        x.end("w:pPr")?;
        x.end("w:p")
    }

    /// A row: a header row (repeated on each page) when `hyphenate` is empty, else a body
    /// row whose cells hyphenate in the columns `hyphenate` marks.
    fn row(
        &mut self,
        r: &Row,
        widths: &[u32],
        hyphenate: &[bool],
        splits: bool,
    ) -> Result<(), DocxError> {
        let header = hyphenate.is_empty();
        let x = &mut self.x;
        x.open("w:tr", &[])?;
        x.open("w:trPr", &[])?;
        if !splits {
            x.empty("w:cantSplit", &[])?;
        }
        if header {
            x.empty("w:tblHeader", &[])?;
        }
        x.end("w:trPr")?;
        let mut col = 0usize;
        for c in &r.cells {
            let span = (c.colspan.max(1) as usize).min(widths.len().saturating_sub(col).max(1));
            let width: u32 = widths.iter().skip(col).take(span).sum();
            self.cell_hyphenates = Some(hyphenate.get(col).copied().unwrap_or(false));
            col += span;
            self.cell(c, width, span, r.sum)?;
        }
        self.cell_hyphenates = None;
        self.x.end("w:tr")
    }

    fn cell(&mut self, c: &Cell, width: u32, span: usize, sum: bool) -> Result<(), DocxError> {
        let x = &mut self.x;
        x.open("w:tc", &[])?;
        x.open("w:tcPr", &[])?;
        x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")])?;
        if span > 1 {
            x.empty("w:gridSpan", &[("w:val", &span.to_string())])?;
        }
        if sum {
            x.empty(
                "w:shd",
                &[
                    ("w:val", "clear"),
                    ("w:color", "auto"),
                    ("w:fill", "EEF1F5"),
                ],
            )?;
        }
        x.end("w:tcPr")?;
        let style = self.style(id::TABLE_TEXT).to_string();
        let para = Para {
            style: &style,
            align: Some(if c.numeric { "right" } else { "left" }),
            ..Default::default()
        };
        let e = Emphasis {
            bold: sum,
            ..Default::default()
        };
        let mut wrote = false;
        for b in &c.content {
            match b {
                Block::Paragraph { text, .. } => {
                    self.paragraph(&para, text, e)?;
                    wrote = true;
                }
                Block::List(list) if !list.items.is_empty() => {
                    self.list(list, 0, e, &mut 0)?;
                    wrote = true;
                }
                _ => {}
            }
        }
        if !wrote {
            // A cell must end in a paragraph.
            self.paragraph(&para, &[], e)?;
        }
        self.x.end("w:tc")
    }

    fn image(&mut self, i: &Image) -> Result<(), DocxError> {
        let png = match (i.kind.as_str(), self.rasters.and_then(|r| r.get(i))) {
            ("png", _) => Ok(i.data.clone()),
            (_, Some(drawn_ahead)) => drawn_ahead.clone(),
            (_, None) => drawn(i),
        };
        let figure = self.style(id::FIGURE).to_string();
        let para = Para {
            style: &figure,
            keep_next: Some(i.caption.is_some()),
            ..Default::default()
        };
        let sized = png.and_then(|png| {
            png_size(&png)
                .map(|size| (png, size))
                .ok_or_else(|| "ikke et PNG-bilde".to_string())
        });
        match sized {
            Ok((png, (w, h))) => {
                let n = self.media.len() + 1;
                let rel = format!("rIdImage{n}");
                self.media.push(Media {
                    id: rel.clone(),
                    target: format!("media/image{n}.png"),
                    png,
                });
                let cx = u64::from(i.width_mm) * 36_000;
                let cy = cx * u64::from(h) / u64::from(w);
                self.para_open(&para)?;
                self.drawing(n, &rel, cx, cy, &i.alt)?;
                self.x.end("w:p")?;
            }
            // An image that cannot be drawn is described instead, never dropped.
            Err(_) => {
                self.paragraph(
                    &para,
                    &[Inline::Text(format!("[{}]", i.alt))],
                    Emphasis {
                        italic: true,
                        ..Default::default()
                    },
                )?;
            }
        }
        if let Some(caption) = &i.caption {
            let style = self.style(id::CAPTION).to_string();
            self.paragraph(
                &Para {
                    style: &style,
                    ..Default::default()
                },
                &[Inline::Text(caption.clone())],
                Emphasis::default(),
            )?;
        }
        Ok(())
    }

    /// An inline picture with its alt text (`descr`), which Word and screen readers read.
    fn drawing(
        &mut self,
        n: usize,
        rel: &str,
        cx: u64,
        cy: u64,
        alt: &str,
    ) -> Result<(), DocxError> {
        let (cx, cy, n_s) = (cx.to_string(), cy.to_string(), n.to_string());
        let name = format!("Bilde {n}");
        let x = &mut self.x;
        x.open("w:r", &[])?;
        x.open("w:drawing", &[])?;
        x.open(
            "wp:inline",
            &[
                ("distT", "0"),
                ("distB", "0"),
                ("distL", "0"),
                ("distR", "0"),
            ],
        )?;
        x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)])?;
        x.empty("wp:docPr", &[("id", &n_s), ("name", &name), ("descr", alt)])?;
        x.open("wp:cNvGraphicFramePr", &[])?;
        x.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")])?;
        x.end("wp:cNvGraphicFramePr")?;
        x.open("a:graphic", &[])?;
        x.open("a:graphicData", &[("uri", ns::PIC)])?;
        x.open("pic:pic", &[])?;
        x.open("pic:nvPicPr", &[])?;
        x.empty(
            "pic:cNvPr",
            &[("id", &n_s), ("name", &name), ("descr", alt)],
        )?;
        x.empty("pic:cNvPicPr", &[])?;
        x.end("pic:nvPicPr")?;
        x.open("pic:blipFill", &[])?;
        x.empty("a:blip", &[("r:embed", rel)])?;
        x.open("a:stretch", &[])?;
        x.empty("a:fillRect", &[])?;
        x.end("a:stretch")?;
        x.end("pic:blipFill")?;
        x.open("pic:spPr", &[])?;
        x.open("a:xfrm", &[])?;
        x.empty("a:off", &[("x", "0"), ("y", "0")])?;
        x.empty("a:ext", &[("cx", &cx), ("cy", &cy)])?;
        x.end("a:xfrm")?;
        x.open("a:prstGeom", &[("prst", "rect")])?;
        x.empty("a:avLst", &[])?;
        x.end("a:prstGeom")?;
        x.end("pic:spPr")?;
        x.end("pic:pic")?;
        x.end("a:graphicData")?;
        x.end("a:graphic")?;
        x.end("wp:inline")?;
        x.end("w:drawing")?;
        x.end("w:r")
    }

    fn field_char(&mut self, kind: &str) -> Result<(), DocxError> {
        self.x.open("w:r", &[])?;
        self.x.empty("w:fldChar", &[("w:fldCharType", kind)])?;
        self.x.end("w:r")
    }

    fn instruction(&mut self, text: &str) -> Result<(), DocxError> {
        self.x.open("w:r", &[])?;
        self.x
            .text_element("w:instrText", &[("xml:space", "preserve")], text)?;
        self.x.end("w:r")
    }

    /// The table of contents: a TOC field whose stored result lists every entry with the page
    /// it has in the PDF, each entry a link to its heading's bookmark and its page number a
    /// PAGEREF field. Viewers that do not compute fields show the stored result; Word can
    /// update it. Begin, instruction, separator and end are each their own run.
    fn toc(&mut self, title: &str) -> Result<(), DocxError> {
        let heading = self.style(id::TOC_HEADING).to_string();
        self.paragraph(
            &Para {
                style: &heading,
                ..Default::default()
            },
            &[Inline::Text(title.to_string())],
            Emphasis::default(),
        )?;
        let instruction = format!(" TOC \\o \"1-{}\" \\h \\z \\u ", super::TOC_DEPTH);
        let toc_styles: Vec<String> = id::TOC.iter().map(|s| self.style(s).to_string()).collect();
        let entries = self.entries;
        if entries.is_empty() {
            self.para_open(&Para {
                style: toc_styles[0].as_str(),
                toc_tab: true,
                ..Default::default()
            })?;
            self.field_char("begin")?;
            self.instruction(&instruction)?;
            self.field_char("separate")?;
            self.field_char("end")?;
            return self.x.end("w:p");
        }
        for (n, (level, text)) in entries.iter().enumerate() {
            let style = toc_styles[usize::from((*level).clamp(1, 3)) - 1].as_str();
            self.para_open(&Para {
                style,
                toc_tab: true,
                ..Default::default()
            })?;
            if n == 0 {
                self.field_char("begin")?;
                self.instruction(&instruction)?;
                self.field_char("separate")?;
            }
            let target = bookmark(n + 1);
            self.x
                .open("w:hyperlink", &[("w:anchor", &target), ("w:history", "1")])?;
            self.run(text, Emphasis::default(), false)?;
            self.x.open("w:r", &[])?;
            self.x.empty("w:tab", &[])?;
            self.x.end("w:r")?;
            self.field_char("begin")?;
            self.instruction(&format!(" PAGEREF {target} \\h "))?;
            self.field_char("separate")?;
            if let Some(page) = self.pages.and_then(|p| p.get(n)) {
                self.run(&page.to_string(), Emphasis::default(), false)?;
            }
            self.field_char("end")?;
            self.x.end("w:hyperlink")?;
            if n + 1 == entries.len() {
                self.field_char("end")?;
            }
            self.x.end("w:p")?;
        }
        Ok(())
    }

    /// The section: A4, the PDF's margins, the running header and footer on every page but
    /// the cover.
    fn section(&mut self) -> Result<(), DocxError> {
        let x = &mut self.x;
        x.open("w:sectPr", &[])?;
        for (element, kind, rel) in [
            ("w:headerReference", "default", "rIdHeader"),
            ("w:headerReference", "first", "rIdHeaderFirst"),
            ("w:footerReference", "default", "rIdFooter"),
            ("w:footerReference", "first", "rIdFooterFirst"),
        ] {
            x.empty(element, &[("w:type", kind), ("r:id", rel)])?;
        }
        x.empty(
            "w:pgSz",
            &[
                ("w:w", &page::WIDTH.to_string()),
                ("w:h", &page::HEIGHT.to_string()),
            ],
        )?;
        x.empty(
            "w:pgMar",
            &[
                ("w:top", &page::MARGIN_TOP.to_string()),
                ("w:right", &page::MARGIN_X.to_string()),
                ("w:bottom", &page::MARGIN_BOTTOM.to_string()),
                ("w:left", &page::MARGIN_X.to_string()),
                ("w:header", "708"),
                ("w:footer", "567"),
                ("w:gutter", "0"),
            ],
        )?;
        x.empty("w:titlePg", &[])?;
        x.end("w:sectPr")
    }
}

fn header_footer_open(x: &mut Xml, root: &str) -> Result<(), DocxError> {
    x.open(root, &[("xmlns:w", ns::W), ("xmlns:r", ns::R)])
}

/// The running header (pages after the cover), in the reference's Header style.
pub fn header(text: &str, styles: &Prepared) -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new()?;
    header_footer_open(&mut x, "w:hdr")?;
    x.open("w:p", &[])?;
    x.open("w:pPr", &[])?;
    x.empty("w:pStyle", &[("w:val", styles.style(id::HEADER))])?;
    x.end("w:pPr")?;
    x.open("w:r", &[])?;
    x.text_element("w:t", &[("xml:space", "preserve")], text)?;
    x.end("w:r")?;
    x.end("w:p")?;
    x.end("w:hdr")?;
    x.finish()
}

/// «Side X av Y» (nynorsk alike), every run in the Footer style's size.
pub fn footer(styles: &Prepared) -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new()?;
    header_footer_open(&mut x, "w:ftr")?;
    x.open("w:p", &[])?;
    x.open("w:pPr", &[])?;
    x.empty("w:pStyle", &[("w:val", styles.style(id::FOOTER))])?;
    x.end("w:pPr")?;
    let text = |x: &mut Xml, t: &str| -> Result<(), DocxError> {
        x.open("w:r", &[])?;
        x.text_element("w:t", &[("xml:space", "preserve")], t)?;
        x.end("w:r")
    };
    let field = |x: &mut Xml, name: &str| -> Result<(), DocxError> {
        for (kind, instruction) in [("begin", None), ("instr", Some(name)), ("separate", None)] {
            x.open("w:r", &[])?;
            match instruction {
                Some(i) => x.text_element(
                    "w:instrText",
                    &[("xml:space", "preserve")],
                    &format!(" {i} \\* MERGEFORMAT "),
                )?,
                None => x.empty("w:fldChar", &[("w:fldCharType", kind)])?,
            }
            x.end("w:r")?;
        }
        x.open("w:r", &[])?;
        x.text_element("w:t", &[], "1")?;
        x.end("w:r")?;
        x.open("w:r", &[])?;
        x.empty("w:fldChar", &[("w:fldCharType", "end")])?;
        x.end("w:r")
    };
    text(&mut x, "Side ")?;
    field(&mut x, "PAGE")?;
    text(&mut x, " av ")?;
    field(&mut x, "NUMPAGES")?;
    x.end("w:p")?;
    x.end("w:ftr")?;
    x.finish()
}

/// The cover's header and footer: one empty paragraph.
pub fn empty_header_footer(root: &str, styles: &Prepared) -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new()?;
    header_footer_open(&mut x, root)?;
    x.open("w:p", &[])?;
    x.open("w:pPr", &[])?;
    let style = if root == "w:hdr" {
        id::HEADER
    } else {
        id::FOOTER
    };
    x.empty("w:pStyle", &[("w:val", styles.style(style))])?;
    x.end("w:pPr")?;
    x.end("w:p")?;
    x.end(root)?;
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::super::reference::{Reference, prepare};
    use super::*;

    fn doc(body: Vec<Block>) -> Document {
        Document {
            title: "T".into(),
            lang: "nb-NO".into(),
            author: "A".into(),
            running_header: "H".into(),
            accent: "#1F4E79".into(),
            cover: vec![],
            body,
        }
    }

    fn document_xml(d: &Document, pages: Option<&[u32]>) -> String {
        let p = prepare(
            &Reference::builtin(),
            "nb-NO",
            None,
            &super::super::ordered_lists(d),
        )
        .unwrap();
        let entries = super::super::toc_entries(d);
        String::from_utf8(write(d, &p, &entries, pages, None).unwrap().document).unwrap()
    }

    fn text(t: &str) -> Vec<Inline> {
        vec![Inline::Text(t.into())]
    }

    #[test]
    fn the_toc_is_a_field_in_separate_runs_with_the_pdfs_page_numbers() {
        let d = doc(vec![
            Block::Toc {
                title: "Innhold".into(),
            },
            Block::Heading {
                level: 1,
                text: text("1. Mål"),
                outlined: true,
            },
            Block::Heading {
                level: 2,
                text: text("1.1 Resultater"),
                outlined: true,
            },
            Block::Heading {
                level: 3,
                text: text("Underoverskrift"),
                outlined: false,
            },
        ]);
        let xml = document_xml(&d, Some(&[3, 4]));
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        // Each field character and instruction in a run of its own.
        for r in parsed
            .descendants()
            .filter(|n| n.has_tag_name((ns::W, "r")))
        {
            let kinds = r
                .children()
                .filter(|c| {
                    c.is_element()
                        && ["fldChar", "instrText", "t", "tab"].contains(&c.tag_name().name())
                })
                .count();
            assert!(kinds <= 1, "one field part per run");
        }
        let paragraphs: Vec<String> = parsed
            .descendants()
            .filter(|n| n.has_tag_name((ns::W, "p")))
            .map(|p| {
                p.descendants()
                    .filter(|t| t.has_tag_name((ns::W, "t")))
                    .filter_map(|t| t.text())
                    .collect::<String>()
            })
            .collect();
        assert_eq!(paragraphs[1], "1. Mål3");
        assert_eq!(paragraphs[2], "1.1 Resultater4");
        let begins = xml.matches("w:fldCharType=\"begin\"").count();
        assert_eq!(begins, xml.matches("w:fldCharType=\"end\"").count());
        assert_eq!(begins, 3, "TOC and two PAGEREFs");
        assert!(xml.contains("<w:bookmarkStart w:id=\"2\" w:name=\"_Toc00000002\"/>"));
        assert!(xml.contains(" PAGEREF _Toc00000002 \\h "));
    }

    #[test]
    fn lists_are_word_lists_and_tables_use_the_table_style() {
        let d = doc(vec![
            Block::List(crate::doc::List::bullets(vec![text("Én"), text("To")])),
            Block::Table(Table {
                widths: vec![3, 1],
                caption: None,
                head: vec![Row {
                    sum: false,
                    cells: vec![
                        Cell {
                            numeric: false,
                            colspan: 1,
                            content: vec![Block::Paragraph {
                                style: ParaStyle::Normal,
                                text: text("A"),
                            }],
                        },
                        Cell {
                            numeric: true,
                            colspan: 1,
                            content: vec![],
                        },
                    ],
                }],
                body: vec![],
                foot: vec![],
            }),
        ]);
        let xml = document_xml(&d, None);
        assert_eq!(xml.matches("<w:numId w:val=\"1\"/>").count(), 2);
        assert!(!xml.contains('•'), "no typed bullets");
        assert!(xml.contains("<w:tblStyle w:val=\"Handlingsplantabell\"/>"));
        assert!(xml.contains("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"));
        // The grid fills the text width exactly.
        assert!(xml.contains("<w:gridCol w:w=\"7058\"/><w:gridCol w:w=\"2354\"/>"));
    }

    #[test]
    fn a_figure_column_is_as_wide_as_its_text_and_only_a_narrow_column_hyphenates() {
        let cell = |s: &str, numeric: bool| Cell {
            numeric,
            colspan: 1,
            content: vec![Block::Paragraph {
                style: ParaStyle::Normal,
                text: text(s),
            }],
        };
        let row = |a: &str, b: &str, c: &str| Row {
            sum: false,
            cells: vec![cell(a, false), cell(b, false), cell(c, true)],
        };
        let d = doc(vec![Block::Table(Table {
            widths: vec![1, 12, 1],
            caption: None,
            head: vec![row("Strategi", "Tiltak", "Av dette søkbare midlar")],
            body: vec![row("Leverandørutvikling", "Kort tekst", "400\u{a0}000")],
            foot: vec![],
        })]);
        let xml = document_xml(&d, None);
        let grid: Vec<u32> = xml
            .split("<w:gridCol w:w=\"")
            .skip(1)
            .map(|g| g[..g.find('"').unwrap()].parse().unwrap())
            .collect();
        // The bold header is about 35 mm wide in Carlito (40 mm with the insets), as Typst
        // sets the PDF's auto column; counted by characters it took 54 mm.
        assert!(grid[2] < 40 * 1440 / 25, "{grid:?}");
        let body_cells: Vec<&str> = xml
            .split("</w:trPr>")
            .nth(2)
            .unwrap()
            .split("<w:tc>")
            .skip(1)
            .collect();
        let suppressed: Vec<bool> = body_cells
            .iter()
            .map(|c| c.contains("<w:suppressAutoHyphens/>"))
            .collect();
        // The narrow first column hyphenates its long word, as the PDF; the others do not.
        assert_eq!(suppressed, vec![false, true, true], "{xml}");
    }

    #[test]
    fn a_long_lists_first_item_and_the_one_before_its_last_keep_with_the_next() {
        let items: Vec<Vec<Inline>> = (1..=12).map(|i| text(&format!("Punkt {i}"))).collect();
        let xml = document_xml(
            &doc(vec![Block::List(crate::doc::List::bullets(items))]),
            None,
        );
        let kept: Vec<usize> = xml
            .split("<w:p>")
            .skip(1)
            .enumerate()
            .filter(|(_, p)| p.contains("<w:keepNext/>"))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(kept, vec![1, 11], "{xml}");
    }

    #[test]
    fn numbered_and_nested_lists_restart_and_indent_links_are_hyperlinks() {
        use crate::doc::{List, ListItem};
        let numbered = |start: u32| List {
            ordered: true,
            start,
            items: vec![
                ListItem {
                    text: text("Første"),
                    sub: Some(List::bullets(vec![text("Under")])),
                },
                ListItem {
                    text: vec![Inline::Link {
                        url: "https://regionalomstilling.no".into(),
                        text: text("lenke"),
                    }],
                    sub: None,
                },
            ],
        };
        let d = doc(vec![Block::List(numbered(1)), Block::List(numbered(4))]);
        let p = prepare(
            &Reference::builtin(),
            "nb-NO",
            None,
            &super::super::ordered_lists(&d),
        )
        .unwrap();
        assert_eq!(p.ordered_nums, ["2", "3"]);
        let numbering = String::from_utf8(p.numbering.clone()).unwrap();
        assert!(numbering.contains(
            r#"<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>"#
        ));
        let written = write(&d, &p, &[], None, None).unwrap();
        let xml = String::from_utf8(written.document).unwrap();
        // Each numbered list its own numbering; the bullet list under an item one level in.
        assert_eq!(xml.matches("<w:numId w:val=\"2\"/>").count(), 2);
        assert_eq!(xml.matches("<w:numId w:val=\"3\"/>").count(), 2);
        assert_eq!(
            xml.matches("<w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/>")
                .count(),
            2
        );
        assert!(xml.contains("<w:hyperlink r:id=\"rIdLink1\">"));
        assert_eq!(
            written.links[0],
            (
                "rIdLink1".to_string(),
                "https://regionalomstilling.no".to_string()
            )
        );
    }

    #[test]
    fn an_image_that_cannot_be_drawn_is_described() {
        let d = doc(vec![Block::Image(Image {
            data: b"<svg".to_vec(),
            kind: "svg".into(),
            alt: "Et diagram".into(),
            width_mm: 100,
            caption: None,
            phone: None,
        })]);
        assert!(document_xml(&d, None).contains("[Et diagram]"));
    }

    #[test]
    fn png_sizes_are_read_from_the_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((640, 480)));
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
