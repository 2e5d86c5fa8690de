//! PDF writer: the IR as Typst markup (every user string a string literal), compiled in
//! process with the embedded Carlito fonts, exported as PDF/A-2a and PDF/UA-1 in one file.

use super::estimate::{cell_columns, layout, lead_in_to_short_table, notes_at};
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
    let text = breakable(text);
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

/// The longest word set as it is; a longer one (an address, a code, a run of letters) gets a
/// break opportunity between every two characters, so it breaks where the column ends
/// instead of running off the page and being cut (Typst breaks words only by hyphenation).
const MAX_WHOLE_WORD: usize = 40;

/// `text` with break opportunities (U+200B, which draws nothing and is not read as text) in
/// every word longer than [`MAX_WHOLE_WORD`].
fn breakable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .split_whitespace()
        .any(|w| w.chars().count() > MAX_WHOLE_WORD)
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() > MAX_WHOLE_WORD {
            for (i, c) in word.chars().enumerate() {
                if i > 0 && !unicode_normalization::char::is_combining_mark(c) {
                    out.push('\u{200B}');
                }
                out.push(c);
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    std::borrow::Cow::Owned(out)
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
            // The PDF goes to the archive and by e-mail on its own: the other document is
            // named in words, not linked to a file that may not travel with it.
            Inline::DocumentLink { text, .. } => inlines(out, text),
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

/// A Typst string literal as a value (no leading `#`).
fn str_lit(text: &str) -> String {
    let l = lit(text);
    l[1..l.len() - 1].to_string()
}

fn blocks(out: &mut String, bs: &[Block]) {
    flow(out, bs, true)
}

/// The blocks in order; `page` when they stand on the page (where it may break), not in a
/// table cell (which never breaks).
fn flow(out: &mut String, bs: &[Block], page: bool) {
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
                    // The heading's space above is the group's (at the top of a block it
                    // would be dropped).
                    let _ = writeln!(
                        out,
                        "#block(breakable: false, above: {})[",
                        heading_above(*level)
                    );
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
                    flow(out, &bs[i..i + section], page);
                    out.push_str("]\n");
                    i += section;
                }
            }
            Block::Paragraph { style, text } => {
                // A lead-in travels with its list or table (a sticky block).
                let lead_in = page && crate::doc::is_lead_in(bs, i - 1);
                if lead_in {
                    out.push_str(LEAD_IN_OPEN);
                }
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
                if lead_in {
                    out.push_str("]\n");
                }
            }
            Block::List(l) if page && crate::doc::list_kept_whole(l) => {
                out.push_str(KEPT_OPEN);
                list(out, l);
                out.push_str("\n]\n");
            }
            Block::List(l) if page => long_list(out, l),
            Block::List(l) => {
                list(out, l);
                out.push('\n');
            }
            Block::Table(t) => {
                let notes = notes_at(&bs[i..]);
                // A heading after the table gets its full space above.
                let below = match bs.get(i + notes) {
                    Some(Block::Heading { level, .. }) => heading_above(*level),
                    _ => "0.8em".to_string(),
                };
                let parts = in_parts(t, &bs[i..i + notes]);
                let last = parts.len() - 1;
                for (n, (part, notes)) in parts.into_iter().enumerate() {
                    let gap = if n == last { below.as_str() } else { "0.8em" };
                    table(out, &part, notes, gap);
                }
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

/// A group kept on one page (a short list), spaced as the paragraphs are.
const KEPT_OPEN: &str = "#block(breakable: false, above: 0.9em, below: 0.9em)[\n";
/// A lead-in paragraph, kept with the block after it, spaced as the paragraphs are.
const LEAD_IN_OPEN: &str = "#block(sticky: true, above: 0.9em, below: 0.9em)[";

/// The space above a heading of `level` (the `show heading` rule's 1.4em in the heading's
/// size), for a block that takes a heading's place in the flow.
fn heading_above(level: u8) -> String {
    let size = match level {
        1 => 17.0,
        2 => 14.0,
        _ => 12.0,
    };
    format!("{:.1}pt", 1.4 * size)
}

/// A list that may break across pages, between items: an item kept with the next
/// (`doc::list_item_keeps_with_next`) shares an unbreakable run with it, each run a list of
/// its own, spaced as a list's items are, a numbered list's numbers in one column across them.
fn long_list(out: &mut String, l: &crate::doc::List) {
    let runs = list_runs(l);
    if runs.len() < 2 {
        list(out, l);
        out.push('\n');
        return;
    }
    let count = u32::try_from(l.items.len()).unwrap_or(u32::MAX);
    let last_number = l.start.saturating_add(count.saturating_sub(1));
    let last = runs.len() - 1;
    for (n, (from, to, kept)) in runs.into_iter().enumerate() {
        let above = if n == 0 { "0.9em" } else { LIST_ITEM_GAP };
        let below = if n == last { "0.9em" } else { LIST_ITEM_GAP };
        let breakable = !kept;
        let _ = write!(
            out,
            "#block(breakable: {breakable}, above: {above}, below: {below})["
        );
        let run = crate::doc::List {
            items: l.items[from..to].to_vec(),
            start: l
                .start
                .saturating_add(u32::try_from(from).unwrap_or(u32::MAX)),
            ordered: l.ordered,
        };
        list_numbered_to(out, &run, l.ordered.then_some(last_number));
        out.push_str("]\n");
    }
}

/// A list's items in runs (from, to, kept together): each item kept with the next in a run
/// of two, the items between in one run.
fn list_runs(l: &crate::doc::List) -> Vec<(usize, usize, bool)> {
    let keeps = |i| crate::doc::list_item_keeps_with_next(l, i);
    let n = l.items.len();
    let mut runs = Vec::new();
    let mut from = 0;
    while from < n {
        if keeps(from) {
            runs.push((from, (from + 2).min(n), true));
            from += 2;
            continue;
        }
        let mut to = from + 1;
        while to < n && !keeps(to) {
            to += 1;
        }
        runs.push((from, to, false));
        from = to;
    }
    runs
}

/// The space between a list's items (Typst's for a tight list: the paragraph leading).
const LIST_ITEM_GAP: &str = "0.6em";

/// A bullet list or a numbered one (from its first number), items with their sub-lists.
fn list(out: &mut String, l: &crate::doc::List) {
    list_numbered_to(out, l, None)
}

/// [`list`], a numbered list's numbers right-aligned in a column as wide as the number
/// `widest` needs (the same in every run of a list in runs).
fn list_numbered_to(out: &mut String, l: &crate::doc::List, widest: Option<u32>) {
    if l.ordered {
        let _ = write!(out, "#enum(start: {}, ", l.start);
        if let Some(widest) = widest {
            // Carlito's figures are 0.507 em wide, the full stop 0.252 em.
            let em = widest.to_string().len() as f64 * 0.507 + 0.252;
            let _ = write!(
                out,
                "numbering: n => box(width: {em:.3}em, align(end)[#n.]), "
            );
        }
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
            flow(&mut inner, other, false);
            out.push_str(&inner);
        }
    }
}

/// The most body rows one PDF table holds: PDF/UA validators refuse a table of more than
/// 1 024 rows, so a longer one (2 000 activities, a Markdown table) is set as several tables
/// in a row, each with the header.
const MAX_TABLE_ROWS: usize = 1000;

/// A table as the parts it is set in: the header in each, the caption on the first, the sum
/// rows and the notes under the last.
fn in_parts<'t, 'a>(
    t: &'t Table,
    notes: &'a [Block],
) -> Vec<(std::borrow::Cow<'t, Table>, &'a [Block])> {
    if t.body.len() <= MAX_TABLE_ROWS {
        return vec![(std::borrow::Cow::Borrowed(t), notes)];
    }
    let chunks: Vec<&[crate::doc::Row]> = t.body.chunks(MAX_TABLE_ROWS).collect();
    let last = chunks.len() - 1;
    chunks
        .into_iter()
        .enumerate()
        .map(|(n, rows)| {
            let part = Table {
                widths: t.widths.clone(),
                caption: if n == 0 { t.caption.clone() } else { None },
                head: t.head.clone(),
                body: rows.to_vec(),
                foot: if n == last {
                    t.foot.clone()
                } else {
                    Vec::new()
                },
            };
            let notes = if n == last { notes } else { &[][..] };
            (std::borrow::Cow::Owned(part), notes)
        })
        .collect()
}

/// A table and the notes under it (the template's footnotes): a short table is kept whole on
/// one page; the header row repeats on every page; the sum rows and the notes form the
/// table's footer, which stays together at its end.
fn table(out: &mut String, t: &Table, notes: &[Block], below: &str) {
    let l = layout(t);
    let _ = writeln!(
        out,
        "#block({}above: 0.8em, below: {below})[",
        if l.keep_whole {
            "breakable: false, "
        } else {
            ""
        }
    );
    // Figure columns at their natural width (`auto`), the text columns sharing the rest; when
    // the figures are too wide for that, every column as wide as the DOCX sets it.
    let columns: Vec<String> = if crate::write::estimate::figures_by_share(t) {
        crate::write::estimate::column_widths_mm(t)
            .iter()
            .map(|mm| format!("{mm:.2}mm"))
            .collect()
    } else {
        l.figure_mm
            .iter()
            .zip(&t.widths)
            .map(|(f, w)| match f {
                Some(_) => "auto".to_string(),
                None => format!("{w}fr"),
            })
            .collect()
    };
    let _ = writeln!(out, "#table(columns: ({},),", columns.join(", "));
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
    // The last body rows go into the footer with the sum rows and the notes: a footer is
    // never split, so no page begins with the table's tail alone. A row tall enough to break
    // across pages stays in the body.
    let kept_from = crate::write::estimate::tail_from(t, &l, !notes.is_empty());
    for (r, breakable) in t.body[..kept_from].iter().zip(&l.breakable) {
        row(out, r, false, *breakable);
    }
    if !t.foot.is_empty() || !notes.is_empty() {
        out.push_str("  table.footer(repeat: false,\n");
        for r in t.body[kept_from..].iter().chain(&t.foot) {
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

/// The document laid out by Typst (the markup, its images, the date as today), with Typst's
/// warnings: what the PDF is exported from and the table-of-contents pages are read from, so
/// that a render writing both the PDF and the DOCX lays the document out once.
pub struct Layout {
    document: typst_layout::PagedDocument,
    warnings: Vec<String>,
    today: Datetime,
}

/// Lays the document out as the PDF shows it, for `date`.
pub fn lay_out(doc: &Document, date: time::Date) -> Result<Layout, WriteError> {
    let today = Datetime::from_ymd(date.year(), u8::from(date.month()), date.day())
        .ok_or_else(|| WriteError::Pdf(format!("datoen {date} kan ikke stå i en PDF")))?;
    let world = PlanWorld {
        main: Source::new(file_id("/main.typ"), markup(doc)),
        files: doc
            .images()
            .into_iter()
            .map(|i| (file_id(&image_path(i)), Bytes::new(i.data.clone())))
            .collect(),
        today,
    };
    let compiled = typst::compile::<typst_layout::PagedDocument>(&world);
    let warnings: Vec<String> = compiled.warnings.iter().map(diagnostic_text).collect();
    let document = compiled.output.map_err(|errs| error_of(&errs))?;
    Ok(Layout {
        document,
        warnings,
        today,
    })
}

/// Lays the document out and writes it as PDF/A-2a + PDF/UA-1.
pub fn write(doc: &Document, options: &WriteOptions) -> Result<Written, WriteError> {
    export(doc, &lay_out(doc, options.date)?)
}

/// The PDF/A-2a + PDF/UA-1 file of a document laid out by [`lay_out`].
pub fn export(doc: &Document, layout: &Layout) -> Result<Written, WriteError> {
    let standards =
        typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2a, typst_pdf::PdfStandard::Ua_1])
            .map_err(|e| WriteError::Pdf(e.message().to_string()))?;
    let pdf_options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(doc.title.clone()),
        creator: typst::foundations::Smart::Custom(Some(format!(
            "handlingsplan {} (Typst)",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp: Some(typst_pdf::Timestamp::new_utc(layout.today)),
        standards,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&layout.document, &pdf_options).map_err(|errs| error_of(&errs))?;
    Ok(Written {
        bytes: pad_streams_ending_in_line_breaks(pdf)?,
        warnings: layout.warnings.clone(),
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
pub fn heading_pages(layout: &Layout) -> Result<Vec<u32>, WriteError> {
    use typst::foundations::{NativeElement, Selector};
    use typst::introspection::Introspector;
    use typst::model::{HeadingElem, Outlinable};
    let introspector = layout.document.introspector();
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
