//! PDF writer: the IR as Typst markup (every user string a string literal), compiled in
//! process with the embedded Carlito fonts, exported as PDF/A-2a and PDF/UA-1 in one file.

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

#[derive(Debug, thiserror::Error)]
#[error("PDF: {0}")]
pub struct PdfError(pub String);

impl PdfError {
    fn from_diagnostics(errs: &[typst::diag::SourceDiagnostic]) -> PdfError {
        PdfError(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
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
                    lit(&format!("[mangler: {t}]"))
                );
            }
            Inline::LineBreak => out.push_str("#linebreak()"),
        }
    }
}

/// The document as Typst markup.
pub fn markup(doc: &Document) -> String {
    let lang = doc.lang.split('-').next().unwrap_or("nb");
    let accent = if crate::validate::parse_hex_colour(&doc.accent).is_some() {
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
        "#set text(font: \"Carlito\", size: 11pt, lang: \"{lang}\", region: \"NO\", hyphenate: true)"
    );
    let _ = writeln!(out, "#set par(leading: 0.6em, spacing: 0.9em)");
    let _ = writeln!(
        out,
        "#set page(paper: \"a4\", margin: (x: 22mm, top: 25mm, bottom: 22mm),\n  header: context {{ if counter(page).get().first() > 1 [#set text(size: 9pt, fill: rgb(\"#555555\")); {} #h(1fr)] }},\n  footer: context {{ if counter(page).get().first() > 1 {{ align(center, text(size: 9pt)[Side #counter(page).display() av #counter(page).final().first()]) }} }})",
        lit(&doc.running_header)
    );
    out.push_str("#show heading: set text(fill: accent)\n#show heading.where(level: 1): set text(size: 17pt)\n#show heading.where(level: 2): set text(size: 14pt)\n#show heading.where(level: 3): set text(size: 12pt)\n#show heading: set block(above: 1.4em, below: 0.8em)\n");
    out.push_str("#set table(stroke: 0.5pt + rgb(\"#8c8c8c\"), inset: 5pt)\n#set table.cell(breakable: false)\n#show outline.entry.where(level: 1): set block(above: 0.9em)\n");
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
    for b in bs {
        match b {
            Block::Heading { level, text } => {
                let _ = write!(out, "#heading(level: {level})[");
                inlines(out, text);
                out.push_str("]\n");
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
            Block::List(items) => {
                out.push_str("#list(");
                for i in items {
                    out.push('[');
                    inlines(out, i);
                    out.push_str("], ");
                }
                out.push_str(")\n");
            }
            Block::Table(t) => table(out, t),
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

fn table(out: &mut String, t: &Table) {
    let cols: Vec<String> = t.widths.iter().map(|w| format!("{w}fr")).collect();
    let _ = writeln!(
        out,
        "#block(above: 0.8em, below: 0.8em, table(columns: ({},),",
        cols.join(", ")
    );
    let row = |out: &mut String, r: &crate::doc::Row, header: bool| {
        for c in &r.cells {
            let align = if c.numeric { "right" } else { "left" };
            let fill = if header {
                ", fill: accent"
            } else if r.sum {
                ", fill: rgb(\"#eef1f5\")"
            } else {
                ""
            };
            let _ = write!(
                out,
                "  table.cell(colspan: {}, align: {align}{fill})[",
                c.colspan
            );
            if header {
                out.push_str("#set text(fill: white, weight: \"bold\");");
            }
            cell_content(out, c, r.sum);
            out.push_str("],\n");
        }
    };
    if !t.head.is_empty() {
        out.push_str("  table.header(repeat: true,\n");
        for r in &t.head {
            row(out, r, true);
        }
        out.push_str("  ),\n");
    }
    for r in t.body.iter().chain(&t.foot) {
        row(out, r, false);
    }
    out.push_str("))\n");
}

/// Compiles the document to PDF/A-2a + PDF/UA-1.
pub fn write(doc: &Document, today: (i32, u8, u8)) -> Result<Vec<u8>, PdfError> {
    let mut images = Vec::new();
    collect_images(doc.cover.iter().chain(&doc.body), &mut images);
    let source = markup(doc);
    let today = Datetime::from_ymd(today.0, today.1, today.2)
        .ok_or_else(|| PdfError("ugyldig dato".into()))?;
    let world = PlanWorld {
        main: Source::new(file_id("/main.typ"), source),
        files: images
            .into_iter()
            .map(|i| (file_id(&image_path(&i)), Bytes::new(i.data)))
            .collect(),
        today,
    };
    let compiled = typst::compile::<typst_layout::PagedDocument>(&world);
    let document = compiled
        .output
        .map_err(|errs| PdfError::from_diagnostics(&errs))?;
    let standards =
        typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2a, typst_pdf::PdfStandard::Ua_1])
            .map_err(|e| PdfError(e.message().to_string()))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(doc.title.clone()),
        creator: typst::foundations::Smart::Custom(Some(format!(
            "handlingsplan {} (Typst)",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
        standards,
        ..Default::default()
    };
    let pdf =
        typst_pdf::pdf(&document, &options).map_err(|errs| PdfError::from_diagnostics(&errs))?;
    pad_streams_ending_in_line_breaks(pdf)
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
fn pad_streams_ending_in_line_breaks(pdf: Vec<u8>) -> Result<Vec<u8>, PdfError> {
    use lopdf::Object;
    if !pdf
        .windows(11)
        .any(|w| matches!(w[0], b'\n' | b'\r') && &w[1..] == b"\nendstream")
    {
        return Ok(pdf);
    }
    let mut doc = lopdf::Document::load_mem(&pdf).map_err(|e| PdfError(format!("les PDF: {e}")))?;
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
                .map_err(|e| PdfError(format!("pakk ut strøm: {e}")))?;
            for extra in 1..=32 {
                let mut data = plain.clone();
                data.extend(std::iter::repeat_n(padding, extra));
                let length = data.len() as i64;
                stream.set_plain_content(data);
                stream
                    .compress()
                    .map_err(|e| PdfError(format!("pakk strøm: {e}")))?;
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
        .map_err(|e| PdfError(format!("skriv PDF: {e}")))?;
    Ok(out)
}

/// The page (counted from the cover, as the footer counts) on which each heading of the
/// table of contents lands in this PDF: one number per outlined heading of level 1 and 2, in
/// document order, the entries `write::docx::toc_entries` lists. The DOCX writer stores them
/// in its table of contents, so that viewers that do not lay out fields show true numbers.
/// Compiles the document (as `write` does); the PDF itself is not exported.
pub fn heading_pages(doc: &Document) -> Result<Vec<u32>, PdfError> {
    use typst::foundations::{NativeElement, Selector};
    use typst::introspection::Introspector;
    use typst::model::{HeadingElem, Outlinable};
    let mut images = Vec::new();
    collect_images(doc.cover.iter().chain(&doc.body), &mut images);
    let world = PlanWorld {
        main: Source::new(file_id("/main.typ"), markup(doc)),
        files: images
            .into_iter()
            .map(|i| (file_id(&image_path(&i)), Bytes::new(i.data)))
            .collect(),
        today: Datetime::from_ymd(2000, 1, 1).ok_or_else(|| PdfError("ugyldig dato".into()))?,
    };
    let document = typst::compile::<typst_layout::PagedDocument>(&world)
        .output
        .map_err(|errs| PdfError::from_diagnostics(&errs))?;
    let introspector = document.introspector();
    let mut pages = Vec::new();
    for heading in introspector.query(&Selector::Elem(HeadingElem::ELEM, None)) {
        let Some(h) = heading.to_packed::<HeadingElem>() else {
            continue;
        };
        if !h.outlined() || h.level().get() > usize::from(crate::write::docx::TOC_DEPTH) {
            continue;
        }
        let page = heading
            .location()
            .and_then(|l| introspector.page(l))
            .ok_or_else(|| PdfError("en overskrift har ingen side".into()))?;
        pages.push(u32::try_from(page.get()).unwrap_or(u32::MAX));
    }
    Ok(pages)
}
