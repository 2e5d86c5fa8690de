//! PDF writer: the IR as Typst markup (every user string a string literal), compiled in
//! process with the embedded Carlito fonts, exported as PDF/A-2a and PDF/UA-1 in one file.

use super::{WriteError, WriteOptions, Written};
use crate::doc::{Block, Document, Image, Inline, ParaStyle, Table};
use std::fmt::Write;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Fonts, font book and standard library: built once per process.
static SHARED: LazyLock<(Vec<Font>, LazyHash<FontBook>, LazyHash<Library>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = crate::fonts::ALL
        .iter()
        .flat_map(|b| Font::iter(Bytes::new(*b)))
        .collect();
    let book = LazyHash::new(FontBook::from_fonts(&fonts));
    (fonts, book, LazyHash::new(Library::builder().build()))
});

/// One of Typst's diagnostics as text, with its hints.
fn diagnostic_text(d: &typst::diag::SourceDiagnostic) -> String {
    let mut text = d.message.to_string();
    for hint in &d.hints {
        text.push_str(" (hint: ");
        text.push_str(hint.v.as_str());
        text.push(')');
    }
    text
}

fn error_of(errs: &[typst::diag::SourceDiagnostic]) -> WriteError {
    WriteError::Pdf(
        errs.iter()
            .map(diagnostic_text)
            .collect::<Vec<_>>()
            .join("; "),
    )
}

struct PlanWorld {
    main: Source,
    /// The images, each at its own path.
    files: Vec<(FileId, Bytes)>,
    today: Datetime,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("static virtual path");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.2
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.1
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        SHARED.0.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// A Typst string literal, ended with `;` so that following text never continues the
/// expression.
fn lit(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 4);
    s.push_str("#\"");
    for ch in text.chars() {
        match ch {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push(' '),
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s.push_str("\";");
    s
}

fn inlines(out: &mut String, i: &[Inline]) {
    for x in i {
        match x {
            Inline::Text(t) => out.push_str(&lit(t)),
            Inline::Bold(c) => {
                out.push_str("#strong[");
                inlines(out, c);
                out.push(']');
            }
            Inline::Italic(c) => {
                out.push_str("#emph[");
                inlines(out, c);
                out.push(']');
            }
            Inline::Gap(t) => {
                let _ = write!(
                    out,
                    "#highlight(fill: rgb(\"#ffe08a\"))[{}]",
                    lit(&format!("[{t}]"))
                );
            }
            Inline::LineBreak => out.push_str("#linebreak()"),
            Inline::Link { url, text } => {
                let _ = write!(out, "#link({})[", str_lit(url));
                // An address as its own text («www.regionalomstilling.no») is one word: kept
                // whole on a line rather than broken between any two letters.
                let plain = Inline::plain(text);
                if !plain.contains(char::is_whitespace) && plain.chars().count() <= 60 {
                    out.push_str("#box[");
                    inlines(out, text);
                    out.push(']');
                } else {
                    inlines(out, text);
                }
                out.push(']');
            }
        }
    }
}

/// The document as Typst markup.
pub fn markup(doc: &Document) -> String {
    let lang = doc.lang.split('-').next().unwrap_or("nb");
    let accent = if crate::format::parse_hex_colour(&doc.accent).is_some() {
        doc.accent.as_str()
    } else {
        "#1F4E79"
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#set document(title: {}, author: {})",
        str_lit(&doc.title),
        str_lit(&doc.author)
    );
    let _ = writeln!(out, "#let accent = rgb(\"{accent}\")");
    let _ = writeln!(
        out,
        "#set text(font: \"Carlito\", size: 11pt, lang: \"{lang}\", region: \"NO\", hyphenate: false)"
    );
    let _ = writeln!(out, "#set par(leading: 0.6em, spacing: 0.9em)");
    let _ = writeln!(
        out,
        "#set page(paper: \"a4\", margin: (x: 22mm, top: 25mm, bottom: 22mm),\n  header: context {{ if counter(page).get().first() > 1 [#set text(size: 9pt, fill: rgb(\"#555555\")); {} #h(1fr)] }},\n  footer: context {{ if counter(page).get().first() > 1 {{ align(center, text(size: 9pt)[Side #counter(page).display() av #counter(page).final().first()]) }} }})",
        lit(&doc.running_header)
    );
    out.push_str("#show heading: set text(fill: accent)\n#show heading.where(level: 1): set text(size: 17pt)\n#show heading.where(level: 2): set text(size: 14pt)\n#show heading.where(level: 3): set text(size: 12pt)\n#show heading: set block(above: 1.4em, below: 0.8em)\n#show link: set text(fill: rgb(\"#0B57A4\"))\n#show link: underline\n");
    out.push_str("#set table(stroke: 0.5pt + rgb(\"#8c8c8c\"), inset: 5pt)\n#show table: set text(size: 10pt)\n#set table.cell(breakable: false)\n#show outline.entry.where(level: 1): set block(above: 0.9em)\n");
    // The cover: centred, without header or footer.
    out.push_str("#align(center)[\n#set text(hyphenate: false)\n#v(30mm)\n");
    blocks(&mut out, &doc.cover);
    out.push_str("]\n#pagebreak()\n");
    blocks(&mut out, &doc.body);
    out
}

/// The virtual path of an image: named by its content, so the same image is one file.
fn image_path(image: &Image) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    image.data.hash(&mut hasher);
    format!("/bilde-{:016x}.{}", hasher.finish(), image.kind)
}

/// Every image in the blocks, table cells included.
fn collect_images<'a>(blocks: impl Iterator<Item = &'a Block>, out: &mut Vec<Image>) {
    for b in blocks {
        match b {
            Block::Image(i) => out.push(i.clone()),
            Block::Table(t) => {
                for row in t.head.iter().chain(&t.body).chain(&t.foot) {
                    for cell in &row.cells {
                        collect_images(cell.content.iter(), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A Typst string literal as a value (no leading `#`).
fn str_lit(text: &str) -> String {
    let l = lit(text);
    l[1..l.len() - 1].to_string()
}

fn blocks(out: &mut String, bs: &[Block]) {
    let mut i = 0;
    while i < bs.len() {
        let b = &bs[i];
        i += 1;
        match b {
            Block::Heading {
                level,
                text,
                outlined,
            } => {
                // A heading whose few paragraphs lead to a short table: heading, text and
                // table go to the next page together rather than leave the heading behind.
                let section = lead_in_to_short_table(&bs[i..]);
                if section > 0 {
                    out.push_str("#block(breakable: false)[\n");
                }
                if *outlined {
                    let _ = write!(out, "#heading(level: {level})[");
                } else {
                    let _ = write!(
                        out,
                        "#heading(level: {level}, outlined: false, bookmarked: false)["
                    );
                }
                inlines(out, text);
                out.push_str("]\n");
                if section > 0 {
                    blocks(out, &bs[i..i + section]);
                    out.push_str("]\n");
                    i += section;
                }
            }
            Block::Paragraph { style, text } => {
                let (open, close) = match style {
                    ParaStyle::Normal => ("#par[", "]"),
                    ParaStyle::Note => ("#par[#text(size: 9pt, fill: rgb(\"#333333\"))[", "]]"),
                    ParaStyle::Notice => (
                        "#block(width: 100%, fill: rgb(\"#fff7e6\"), stroke: (left: 3pt + rgb(\"#b45309\")), inset: 8pt)[#strong[",
                        "]]",
                    ),
                    ParaStyle::CoverTitle => (
                        "#par[#text(size: 34pt, weight: \"bold\", fill: accent)[",
                        "]]",
                    ),
                    ParaStyle::CoverSubtitle => ("#par[#text(size: 20pt)[", "]]\n#v(15mm)"),
                    ParaStyle::CoverVision => {
                        ("#par[#text(size: 14pt, style: \"italic\")[", "]]\n#v(40mm)")
                    }
                    ParaStyle::CoverLine => ("#par[", "]"),
                };
                out.push_str(open);
                inlines(out, text);
                out.push_str(close);
                out.push('\n');
            }
            Block::List(l) => {
                list(out, l);
                out.push('\n');
            }
            Block::Table(t) => {
                let notes = notes_at(&bs[i..]);
                table(out, t, &bs[i..i + notes]);
                i += notes;
            }
            Block::Image(i) => {
                let image = format!(
                    "image({}, width: {}mm, alt: {})",
                    str_lit(&image_path(i)),
                    i.width_mm,
                    str_lit(&i.alt)
                );
                match &i.caption {
                    // A figure: tagged as one, with its caption, kept on one page.
                    Some(caption) => {
                        let _ = writeln!(
                            out,
                            "#figure({image}, caption: [{}], numbering: none)",
                            lit(caption)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "#{image}\n#v(10mm)");
                    }
                }
            }
            Block::Toc { title } => {
                let _ = writeln!(out, "#outline(title: [{}], depth: 2)", lit(title));
            }
            Block::PageBreak => out.push_str("#pagebreak(weak: true)\n"),
        }
    }
}

/// A bullet list or a numbered one (from its first number), items with their sub-lists.
fn list(out: &mut String, l: &crate::doc::List) {
    if l.ordered {
        let _ = write!(out, "#enum(start: {}, ", l.start);
    } else {
        out.push_str("#list(");
    }
    for item in &l.items {
        out.push('[');
        inlines(out, &item.text);
        if let Some(sub) = &item.sub {
            out.push(' ');
            list(out, sub);
        }
        out.push_str("], ");
    }
    out.push(')');
}

fn cell_content(out: &mut String, c: &crate::doc::Cell, sum: bool) {
    match c.content.as_slice() {
        [Block::Paragraph { text, .. }] => {
            if sum {
                out.push_str("#strong[");
            }
            inlines(out, text);
            if sum {
                out.push(']');
            }
        }
        other => {
            let mut inner = String::new();
            blocks(&mut inner, other);
            out.push_str(&inner);
        }
    }
}

// Estimates of how a table will be laid out (10 pt Carlito in cells, A4 with 22 mm margins),
// good enough to choose column sizing, hyphenation and page-break behaviour before Typst lays
// the table out for real.
/// The text width of the page, in millimetres.
const TEXT_WIDTH_MM: f64 = 166.0;
/// An average character of 10 pt Carlito, in millimetres.
const CHAR_MM: f64 = 1.8;
/// A line of 10 pt text with the document's leading, in millimetres.
const LINE_MM: f64 = 5.4;
/// A cell's inset on both sides together (2 × 5 pt), in millimetres.
const INSET_MM: f64 = 3.5;
/// A row taller than this (about a third of the body height) may break across pages.
const BREAKABLE_ROW_MM: f64 = 83.0;
/// A table shorter than this is kept whole on one page, with its notes.
const KEEP_WHOLE_MM: f64 = 110.0;

/// The columns each cell of a row starts in.
fn cell_columns(row: &crate::doc::Row) -> Vec<usize> {
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
struct TableLayout {
    /// Typst column sizes: `auto` for figures, shares of the rest for text.
    columns: Vec<String>,
    /// Per column: whether its longest word is wider than the column, so it must hyphenate.
    hyphenate: Vec<bool>,
    /// Per body row: whether it is tall enough to break across pages.
    breakable: Vec<bool>,
    /// Whether the whole table (and its notes) fits in a block kept on one page.
    keep_whole: bool,
    /// The estimated height of the table, in millimetres.
    height_mm: f64,
}

fn layout(t: &Table) -> TableLayout {
    let columns = t.widths.len();
    let numeric: Vec<bool> = (0..columns).map(|i| numeric_column(t, i)).collect();
    let mut widest = vec![0usize; columns];
    let mut longest_word = vec![0usize; columns];
    for row in t.head.iter().chain(&t.body).chain(&t.foot) {
        for (start, c) in cell_columns(row).into_iter().zip(&row.cells) {
            if c.colspan != 1 || start >= columns {
                continue;
            }
            for line in cell_lines(c) {
                widest[start] = widest[start].max(line.chars().count());
                let word = line
                    .split(' ')
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0);
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
        hyphenate,
        breakable,
        keep_whole: total < KEEP_WHOLE_MM,
        height_mm: total,
    }
}

/// How many of `blocks` (those after a table) are the table's notes.
fn notes_at(blocks: &[Block]) -> usize {
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
fn lead_in_to_short_table(after: &[Block]) -> usize {
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

/// A table and the notes under it (the template's footnotes): a short table is kept whole on
/// one page; the header row repeats on every page; the sum rows and the notes form the
/// table's footer, which stays together at its end.
fn table(out: &mut String, t: &Table, notes: &[Block]) {
    let l = layout(t);
    if l.keep_whole {
        out.push_str("#block(breakable: false, above: 0.8em, below: 0.8em)[\n");
    } else {
        out.push_str("#block(above: 0.8em, below: 0.8em)[\n");
    }
    let _ = writeln!(out, "#table(columns: ({},),", l.columns.join(", "));
    let row = |out: &mut String, r: &crate::doc::Row, header: bool, breakable: bool| {
        for (start, c) in cell_columns(r).into_iter().zip(&r.cells) {
            let align = if c.numeric { "right" } else { "left" };
            let fill = if header {
                ", fill: accent"
            } else if r.sum {
                ", fill: rgb(\"#eef1f5\")"
            } else {
                ""
            };
            let breaks = if breakable { ", breakable: true" } else { "" };
            let _ = write!(
                out,
                "  table.cell(colspan: {}, align: {align}{fill}{breaks})[",
                c.colspan
            );
            if header {
                out.push_str("#set text(fill: white, weight: \"bold\");");
            } else if l.hyphenate.get(start).copied().unwrap_or(false) {
                // Running text is ragged right without hyphenation; a column narrower than
                // its longest word hyphenates (Norwegian patterns) rather than overflow.
                out.push_str("#set text(hyphenate: true);");
            }
            cell_content(out, c, r.sum);
            out.push_str("],\n");
        }
    };
    if !t.head.is_empty() {
        out.push_str("  table.header(repeat: true,\n");
        for r in &t.head {
            row(out, r, true, false);
        }
        out.push_str("  ),\n");
    }
    for (r, breakable) in t.body.iter().zip(&l.breakable) {
        row(out, r, false, *breakable);
    }
    if !t.foot.is_empty() || !notes.is_empty() {
        // The sum rows and the notes end the table together: a footer is never split.
        out.push_str("  table.footer(repeat: false,\n");
        for r in &t.foot {
            row(out, r, false, false);
        }
        if !notes.is_empty() {
            let _ = write!(
                out,
                "  table.cell(colspan: {}, stroke: none, inset: (x: 0pt, top: 6pt, bottom: 0pt))[",
                t.widths.len()
            );
            out.push_str("#set text(size: 11pt);");
            blocks(out, notes);
            out.push_str("],\n");
        }
        out.push_str("  ),\n");
    }
    out.push_str(")\n]\n");
}

/// Compiles the document to PDF/A-2a + PDF/UA-1.
/// The document laid out by Typst (the markup, its images, `date` as today), with Typst's
/// warnings: what the PDF is exported from and the table-of-contents pages are read from.
fn compile(
    doc: &Document,
    date: time::Date,
) -> Result<(typst_layout::PagedDocument, Vec<String>, Datetime), WriteError> {
    let mut images = Vec::new();
    collect_images(doc.cover.iter().chain(&doc.body), &mut images);
    let today = Datetime::from_ymd(date.year(), u8::from(date.month()), date.day())
        .ok_or_else(|| WriteError::Pdf(format!("datoen {date} kan ikke stå i en PDF")))?;
    let world = PlanWorld {
        main: Source::new(file_id("/main.typ"), markup(doc)),
        files: images
            .into_iter()
            .map(|i| (file_id(&image_path(&i)), Bytes::new(i.data)))
            .collect(),
        today,
    };
    let compiled = typst::compile::<typst_layout::PagedDocument>(&world);
    let warnings: Vec<String> = compiled.warnings.iter().map(diagnostic_text).collect();
    let document = compiled.output.map_err(|errs| error_of(&errs))?;
    Ok((document, warnings, today))
}

pub fn write(doc: &Document, options: &WriteOptions) -> Result<Written, WriteError> {
    let (document, warnings, today) = compile(doc, options.date)?;
    let standards =
        typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2a, typst_pdf::PdfStandard::Ua_1])
            .map_err(|e| WriteError::Pdf(e.message().to_string()))?;
    let pdf_options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(doc.title.clone()),
        creator: typst::foundations::Smart::Custom(Some(format!(
            "handlingsplan {} (Typst)",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
        standards,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &pdf_options).map_err(|errs| error_of(&errs))?;
    Ok(Written {
        bytes: pad_streams_ending_in_line_breaks(pdf)?,
        warnings,
    })
}

fn ends_in_line_break(data: &[u8]) -> bool {
    matches!(data.last(), Some(b'\n' | b'\r'))
}

/// A stream whose data happens to end in a line-end byte (for a compressed stream: when the
/// last byte of its Adler-32 checksum is 0x0A or 0x0D, about one stream in 128) is valid PDF,
/// but PDF/A checkers that take the line end before `endstream` as optional then count one
/// byte too few and report a wrong /Length. Such streams get harmless padding (zero bytes after
/// a font program, a space after a content stream or the XMP packet) until their data ends
/// otherwise. lopdf rewrites the file; the common case, no such stream, is left untouched.
fn pad_streams_ending_in_line_breaks(pdf: Vec<u8>) -> Result<Vec<u8>, WriteError> {
    use lopdf::Object;
    if !pdf
        .windows(11)
        .any(|w| matches!(w[0], b'\n' | b'\r') && &w[1..] == b"\nendstream")
    {
        return Ok(pdf);
    }
    let mut doc =
        lopdf::Document::load_mem(&pdf).map_err(|e| WriteError::Pdf(format!("les PDF: {e}")))?;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !ends_in_line_break(&stream.content) {
            continue;
        }
        let is_font = stream.dict.get(b"Length1").is_ok();
        let padding: u8 = if is_font { 0 } else { b' ' };
        if stream.dict.get(b"Filter").is_ok() {
            let plain = stream
                .decompressed_content()
                .map_err(|e| WriteError::Pdf(format!("pakk ut strøm: {e}")))?;
            for extra in 1..=32 {
                let mut data = plain.clone();
                data.extend(std::iter::repeat_n(padding, extra));
                let length = data.len() as i64;
                stream.set_plain_content(data);
                stream
                    .compress()
                    .map_err(|e| WriteError::Pdf(format!("pakk strøm: {e}")))?;
                if is_font {
                    stream.dict.set("Length1", length);
                }
                if !ends_in_line_break(&stream.content) {
                    break;
                }
            }
        } else {
            let mut data = stream.content.clone();
            data.push(padding);
            if is_font {
                stream.dict.set("Length1", data.len() as i64);
            }
            stream.set_content(data);
        }
    }
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out)
        .map_err(|e| WriteError::Pdf(format!("skriv PDF: {e}")))?;
    Ok(out)
}

/// The page (counted from the cover, as the footer counts) on which each heading of the
/// table of contents lands in this PDF: one number per outlined heading of level 1 and 2, in
/// document order, the entries `write::docx::toc_entries` lists. The DOCX writer stores them
/// in its table of contents, so that viewers that do not lay out fields show true numbers.
/// Compiles the document as `write` does (for `date`); the PDF itself is not exported.
pub fn heading_pages(doc: &Document, date: time::Date) -> Result<Vec<u32>, WriteError> {
    use typst::foundations::{NativeElement, Selector};
    use typst::introspection::Introspector;
    use typst::model::{HeadingElem, Outlinable};
    // Laid out exactly as `write` lays it out (same world, same date), so Typst's memo cache
    // serves the PDF's own layout when both are made.
    let (document, _, _) = compile(doc, date)?;
    let introspector = document.introspector();
    let mut pages = Vec::new();
    for heading in introspector.query(&Selector::Elem(HeadingElem::ELEM, None)) {
        let Some(h) = heading.to_packed::<HeadingElem>() else {
            continue;
        };
        if !h.outlined() || h.level().get() > usize::from(super::docx::TOC_DEPTH) {
            continue;
        }
        let page = heading
            .location()
            .and_then(|l| introspector.page(l))
            .ok_or_else(|| WriteError::Pdf("en overskrift har ingen side".into()))?;
        pages.push(u32::try_from(page.get()).unwrap_or(u32::MAX));
    }
    Ok(pages)
}
