//! DOCX writer: the IR as WordprocessingML on a reference document, as pandoc writes DOCX.
//! Styles, list numbering and theme come from the reference (`reference`: the embedded
//! default, or a programme's own reference.docx); `body` writes `document.xml` itself (real
//! Heading 1–3 with bookmarks, Word bullet lists, tables in the table style with repeating
//! header rows, images with alt text, and a table of contents whose stored result already
//! holds the page numbers the PDF has); `fonts` embeds the faces of the font the text is set
//! in; this module writes the remaining parts and the package. Every part is written element by element (`xml`), never patched as text.

mod body;
pub mod embed;
pub mod fonts;
pub mod reference;
mod xml;

use super::{WriteError, WriteOptions, Written};
use crate::doc::{Block, Document, Inline};
pub use reference::Reference;
use xml::Xml;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("referansedokumentet {0}")]
    Reference(String),
    #[error("DOCX: {0}")]
    Xml(String),
    #[error(
        "DOCX: innholdsfortegnelsen har {entries} overskrifter, men {pages} sidetall fra PDF-en"
    )]
    TocPages { entries: usize, pages: usize },
    #[error("DOCX: bildet «{alt}» kan ikke brukes: {message}")]
    Image { alt: String, message: String },
    #[error("DOCX: kunne ikke pakke dokumentet: {0}")]
    Package(String),
    #[error("DOCX: intern feil: {0}")]
    Internal(String),
}

/// What the writer needs besides the document.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The document date (`YYYY-MM-DD`), stamped as created and modified.
    pub date: (i32, u8, u8),
    /// The styles' source: `Reference::builtin()` or a programme's reference.docx.
    pub reference: &'a Reference,
    /// The page each table-of-contents entry (`toc_entries`) lands on in the PDF, from
    /// `write::pdf::heading_pages`. Without them the entries are listed without page numbers,
    /// for Word to fill in.
    pub toc_pages: Option<&'a [u32]>,
    /// The plan data the document carries (`embed`), when it carries any.
    pub carried: Option<super::Carried<'a>>,
    /// What was made ahead for this document ([`ahead`]), if anything.
    pub ahead: Option<&'a Ahead<'a>>,
}

/// What a document's DOCX needs that Typst's layout does not decide, made before it is
/// written: `pipeline::render` makes it on a second thread while Typst lays the document out
/// for the contents' page numbers, so that a DOCX takes no longer than a PDF. Its charts drawn
/// as PNG, and the faces it uses subset and deflated for the characters its text gives (kept
/// by [`fonts`] among the last few made, where [`write`] finds them).
pub struct Ahead<'d> {
    rasters: body::Rasters<'d>,
}

impl std::fmt::Debug for Ahead<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ahead")
            .field("charts", &self.rasters.len())
            .finish()
    }
}

/// Makes ahead what [`write`] will need of `doc` ([`Ahead`]).
pub fn ahead(doc: &Document) -> Ahead<'_> {
    fonts::prepare(super::faces::faces_used(doc), &doc.text());
    Ahead {
        rasters: body::Rasters::of(doc),
    }
}

/// Heading levels the table of contents lists (as the PDF's outline).
pub const TOC_DEPTH: u8 = 2;

/// Whether the document has a table of contents (and so needs `Options::toc_pages`).
pub fn has_toc(doc: &Document) -> bool {
    doc.cover
        .iter()
        .chain(&doc.body)
        .any(|b| matches!(b, Block::Toc { .. }))
}

/// The table of contents: (level, text) of every heading it lists, in document order.
pub fn toc_entries(doc: &Document) -> Vec<(u8, String)> {
    doc.cover
        .iter()
        .chain(&doc.body)
        .filter_map(|b| match b {
            Block::Heading {
                level,
                text,
                outlined: true,
            } if *level <= TOC_DEPTH => Some((*level, Inline::plain(text))),
            _ => None,
        })
        .collect()
}

/// The level and first number of every numbered list, in the order the body writer meets
/// them: cover, body, table cells row by row, a list before the lists inside its items.
pub fn ordered_lists(doc: &Document) -> Vec<(u8, u32)> {
    fn list(l: &crate::doc::List, level: u8, out: &mut Vec<(u8, u32)>) {
        if l.ordered {
            out.push((level, l.start));
        }
        for item in &l.items {
            if let Some(sub) = &item.sub {
                list(sub, level + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    doc.each_block(&mut |b| {
        if let Block::List(l) = b {
            list(l, 0, &mut out);
        }
    });
    out
}

/// A4 with 22 mm side margins, 25 mm top and 22 mm bottom (as the PDF), in twentieths of a
/// point.
pub(crate) mod page {
    pub const WIDTH: u32 = 11906;
    pub const HEIGHT: u32 = 16838;
    pub const MARGIN_X: u32 = 1247;
    pub const MARGIN_TOP: u32 = 1417;
    pub const MARGIN_BOTTOM: u32 = 1247;
    pub const TEXT_WIDTH: u32 = WIDTH - 2 * MARGIN_X;
}

pub(crate) mod ns {
    pub const W: &str = super::reference::W_NS;
    pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    pub const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
    pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
    pub const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
    pub const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    pub const REL_TYPE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
}

const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// Writes the DOCX (the writers' common signature): the styles from the options' reference
/// document, the table of contents with the PDF's page numbers when given.
pub fn write(doc: &Document, options: &WriteOptions) -> Result<Written, WriteError> {
    let d = options.date;
    let docx_options = Options {
        date: (d.year(), u8::from(d.month()), d.day()),
        reference: options.docx_reference,
        toc_pages: options.toc_pages,
        carried: options.carried,
        ahead: options.docx_ahead,
    };
    write_docx(doc, &docx_options)
        .map(Written::clean)
        .map_err(|e| WriteError::Docx(e.to_string()))
}

/// Writes the DOCX with the writer's own options.
pub fn write_docx(doc: &Document, options: &Options) -> Result<Vec<u8>, DocxError> {
    let entries = toc_entries(doc);
    if let Some(pages) = options.toc_pages
        && pages.len() != entries.len()
    {
        return Err(DocxError::TocPages {
            entries: entries.len(),
            pages: pages.len(),
        });
    }
    let accent = crate::format::parse_hex_colour(&doc.accent)
        .map(|_| doc.accent.trim_start_matches('#').to_uppercase());
    let prepared = reference::prepare(
        options.reference,
        &doc.lang,
        accent.as_deref(),
        &ordered_lists(doc),
    )?;
    let body = body::write(
        doc,
        &prepared,
        &entries,
        options.toc_pages,
        options.ahead.map(|a| &a.rasters),
    )?;
    let embedded = fonts::embed(
        &fonts::families(&prepared.styles, prepared.theme.as_deref()),
        super::faces::faces_used(doc),
        &doc.text(),
    )?;

    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    // Parts deflated ahead ([`deflated_part`]): the embedded fonts.
    let mut deflated: Vec<(String, Vec<u8>)> = Vec::new();
    let mut overrides: Vec<(String, String)> = Vec::new();
    let mut rels: Vec<(String, &str, String)> = vec![
        ("rIdStyles".into(), "styles", "styles.xml".into()),
        ("rIdNumbering".into(), "numbering", "numbering.xml".into()),
        ("rIdSettings".into(), "settings", "settings.xml".into()),
        ("rIdHeader".into(), "header", "header1.xml".into()),
        ("rIdHeaderFirst".into(), "header", "header2.xml".into()),
        ("rIdFooter".into(), "footer", "footer1.xml".into()),
        ("rIdFooterFirst".into(), "footer", "footer2.xml".into()),
    ];
    let mut add = |path: &str, content_type: Option<String>, bytes: Vec<u8>| {
        if let Some(t) = content_type {
            overrides.push((format!("/{path}"), t));
        }
        parts.push((path.to_string(), bytes));
    };
    add(
        "word/document.xml",
        Some(format!("{MAIN}.document.main+xml")),
        body.document,
    );
    add(
        "word/styles.xml",
        Some(format!("{MAIN}.styles+xml")),
        prepared.styles.clone(),
    );
    add(
        "word/numbering.xml",
        Some(format!("{MAIN}.numbering+xml")),
        prepared.numbering.clone(),
    );
    add(
        "word/settings.xml",
        Some(format!("{MAIN}.settings+xml")),
        settings(&doc.lang, embedded.is_some())?,
    );
    let header = body::header(&doc.running_header, &prepared)?;
    add(
        "word/header1.xml",
        Some(format!("{MAIN}.header+xml")),
        header,
    );
    add(
        "word/header2.xml",
        Some(format!("{MAIN}.header+xml")),
        body::empty_header_footer("w:hdr", &prepared)?,
    );
    add(
        "word/footer1.xml",
        Some(format!("{MAIN}.footer+xml")),
        body::footer(&prepared)?,
    );
    add(
        "word/footer2.xml",
        Some(format!("{MAIN}.footer+xml")),
        body::empty_header_footer("w:ftr", &prepared)?,
    );
    if let Some(theme) = &prepared.theme {
        add(
            "word/theme/theme1.xml",
            Some("application/vnd.openxmlformats-officedocument.theme+xml".into()),
            theme.clone(),
        );
        rels.push(("rIdTheme".into(), "theme", "theme/theme1.xml".into()));
    }
    if let Some(embedded) = embedded {
        add(
            "word/fontTable.xml",
            Some(format!("{MAIN}.fontTable+xml")),
            embedded.font_table,
        );
        add(
            "word/_rels/fontTable.xml.rels",
            None,
            embedded.relationships,
        );
        for (target, data) in embedded.files {
            deflated.push((format!("word/{target}"), data));
        }
        rels.push(("rIdFontTable".into(), "fontTable", "fontTable.xml".into()));
    }
    for image in body.media {
        add(&format!("word/{}", image.target), None, image.png);
        rels.push((image.id, "image", image.target));
    }
    if let Some(carried) = options.carried {
        for (path, content_type, bytes) in embed::parts(carried)? {
            add(path, content_type, bytes);
        }
        rels.push(("rIdPlanData".into(), "customXml", embed::TARGET.into()));
    }
    add(
        "word/_rels/document.xml.rels",
        None,
        relationships(
            rels.iter()
                .map(|(id, kind, target)| {
                    (
                        id.as_str(),
                        format!("{}/{kind}", ns::REL_TYPE),
                        target.as_str(),
                        false,
                    )
                })
                .chain(body.links.iter().map(|(id, url)| {
                    (
                        id.as_str(),
                        format!("{}/hyperlink", ns::REL_TYPE),
                        url.as_str(),
                        true,
                    )
                })),
        )?,
    );
    add(
        "docProps/core.xml",
        Some("application/vnd.openxmlformats-package.core-properties+xml".into()),
        core_properties(doc, options.date)?,
    );
    add(
        "docProps/app.xml",
        Some("application/vnd.openxmlformats-officedocument.extended-properties+xml".into()),
        app_properties()?,
    );
    add(
        "_rels/.rels",
        None,
        relationships(
            [
                (
                    "rIdDocument",
                    format!("{}/officeDocument", ns::REL_TYPE),
                    "word/document.xml",
                    false,
                ),
                (
                    "rIdCore",
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties".to_string(),
                    "docProps/core.xml",
                    false,
                ),
                (
                    "rIdApp",
                    format!("{}/extended-properties", ns::REL_TYPE),
                    "docProps/app.xml",
                    false,
                ),
            ]
            .into_iter(),
        )?,
    );
    let types = content_types(&overrides)?;
    parts.insert(0, ("[Content_Types].xml".into(), types));
    package(&parts, &deflated)
}

fn content_types(overrides: &[(String, String)]) -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new()?;
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    )?;
    for (ext, t) in [
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
        ("png", "image/png"),
        (
            "odttf",
            "application/vnd.openxmlformats-officedocument.obfuscatedFont",
        ),
    ] {
        x.empty("Default", &[("Extension", ext), ("ContentType", t)])?;
    }
    for (part, t) in overrides {
        x.empty("Override", &[("PartName", part), ("ContentType", t)])?;
    }
    x.end("Types")?;
    x.finish()
}

/// The relationships part: (id, type, target, whether the target is outside the package).
fn relationships<'a>(
    rels: impl Iterator<Item = (&'a str, String, &'a str, bool)>,
) -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new()?;
    x.open("Relationships", &[("xmlns", ns::REL)])?;
    for (id, kind, target, external) in rels {
        if external {
            x.empty(
                "Relationship",
                &[
                    ("Id", id),
                    ("Type", &kind),
                    ("Target", target),
                    ("TargetMode", "External"),
                ],
            )?;
        } else {
            x.empty(
                "Relationship",
                &[("Id", id), ("Type", &kind), ("Target", target)],
            )?;
        }
    }
    x.end("Relationships")?;
    x.finish()
}

/// Document settings: hyphenation on (in the styles' language), no field update prompt,
/// Word 2013+ layout, and the embedded fonts kept when Word saves the document again.
fn settings(lang: &str, embedded_fonts: bool) -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new()?;
    x.open("w:settings", &[("xmlns:w", ns::W)])?;
    x.empty("w:zoom", &[("w:percent", "100")])?;
    if embedded_fonts {
        // Word keeps the fonts embedded when it saves, only the characters used.
        x.empty("w:embedTrueTypeFonts", &[])?;
        x.empty("w:saveSubsetFonts", &[])?;
    }
    x.empty("w:defaultTabStop", &[("w:val", "708")])?;
    x.empty("w:autoHyphenation", &[])?;
    x.empty("w:consecutiveHyphenLimit", &[("w:val", "2")])?;
    x.empty("w:hyphenationZone", &[("w:val", "425")])?;
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")])?;
    x.open("w:compat", &[])?;
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    )?;
    x.end("w:compat")?;
    x.empty("w:themeFontLang", &[("w:val", lang)])?;
    x.empty("w:decimalSymbol", &[("w:val", ",")])?;
    x.empty("w:listSeparator", &[("w:val", ";")])?;
    x.end("w:settings")?;
    x.finish()
}

/// Title, author (once), language and the document date as both created and modified.
fn core_properties(doc: &Document, date: (i32, u8, u8)) -> Result<Vec<u8>, DocxError> {
    let stamp = format!("{:04}-{:02}-{:02}T00:00:00Z", date.0, date.1, date.2);
    let mut x = Xml::new()?;
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    )?;
    x.text_element("dc:title", &[], &doc.title)?;
    if !doc.author.trim().is_empty() {
        x.text_element("dc:creator", &[], &doc.author)?;
        x.text_element("cp:lastModifiedBy", &[], &doc.author)?;
    }
    x.text_element("dc:language", &[], &doc.lang)?;
    for element in ["dcterms:created", "dcterms:modified"] {
        x.text_element(element, &[("xsi:type", "dcterms:W3CDTF")], &stamp)?;
    }
    x.end("cp:coreProperties")?;
    x.finish()
}

fn app_properties() -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new()?;
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    )?;
    x.text_element(
        "Application",
        &[],
        &format!("handlingsplan {}", env!("CARGO_PKG_VERSION")),
    )?;
    x.end("Properties")?;
    x.finish()
}

/// How every entry of the package is stored: deflated, dated 1980-01-01 so the same document
/// gives the same bytes.
fn entry_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT)
}

/// The zip package of `parts`, and of the parts in `deflated` ([`deflated_part`]) copied in
/// as they are, without deflating them again.
fn package(
    parts: &[(String, Vec<u8>)],
    deflated: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, DocxError> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let err = |e: &dyn std::fmt::Display| DocxError::Package(e.to_string());
    for (path, bytes) in parts {
        zip.start_file(path.as_str(), entry_options())
            .map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))?;
    }
    for (path, part) in deflated {
        let mut one = zip::ZipArchive::new(std::io::Cursor::new(part)).map_err(|e| err(&e))?;
        let entry = one.by_index_raw(0).map_err(|e| err(&e))?;
        zip.raw_copy_file_rename(entry, path).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

/// The name of a part deflated ahead inside its own one-entry package.
const DEFLATED_NAME: &str = "part";

/// `bytes` deflated ahead, as the only entry of a package of its own, which [`package`]
/// copies into the document without deflating it again: for parts that are the same in
/// many documents (an embedded font), kept so in the font cache.
pub fn deflated_part(bytes: &[u8]) -> Result<Vec<u8>, DocxError> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let err = |e: &dyn std::fmt::Display| DocxError::Package(e.to_string());
    zip.start_file(DEFLATED_NAME, entry_options())
        .map_err(|e| err(&e))?;
    zip.write_all(bytes).map_err(|e| err(&e))?;
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

/// The bytes of a part deflated ahead, when `part` is one package of that one entry (its
/// checksum right) of at most `limit` bytes; `None` otherwise.
pub fn inflated_part(part: &[u8], limit: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut one = zip::ZipArchive::new(std::io::Cursor::new(part)).ok()?;
    if one.len() != 1 {
        return None;
    }
    let entry = one.by_index(0).ok()?;
    if entry.name() != DEFLATED_NAME
        || entry.compression() != zip::CompressionMethod::Deflated
        || entry.size() > limit
    {
        return None;
    }
    let mut bytes = Vec::new();
    // Reading to the end checks the entry's CRC-32.
    entry.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::ParaStyle;

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading {
            level,
            text: vec![Inline::Text(text.into())],
            outlined: true,
        }
    }

    fn sample() -> Document {
        Document {
            title: "Handlingsplan 2024".into(),
            lang: "nb-NO".into(),
            author: "Kari".into(),
            running_header: "Handlingsplan 2024 – Omstilling i Drangedal".into(),
            accent: "#5B2C6F".into(),
            cover: vec![Block::Paragraph {
                style: ParaStyle::CoverTitle,
                text: vec![Inline::Text("Handlingsplan 2024".into())],
            }],
            body: vec![
                Block::Toc {
                    title: "Innhold".into(),
                },
                Block::PageBreak,
                heading(1, "1. Mål"),
                Block::List(crate::doc::List::bullets(vec![vec![Inline::Text(
                    "Én".into(),
                )]])),
                heading(2, "1.1 Resultater"),
                heading(3, "Ikke i innholdet"),
                heading(1, "2. Strategier"),
            ],
        }
    }

    fn part(docx: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    fn options<'a>(reference: &'a Reference, pages: Option<&'a [u32]>) -> Options<'a> {
        Options {
            date: (2023, 12, 12),
            reference,
            toc_pages: pages,
            carried: None,
            ahead: None,
        }
    }

    #[test]
    fn the_toc_lists_levels_one_and_two() {
        let entries = toc_entries(&sample());
        assert_eq!(
            entries,
            vec![
                (1, "1. Mål".to_string()),
                (2, "1.1 Resultater".to_string()),
                (1, "2. Strategier".to_string())
            ]
        );
    }

    #[test]
    fn same_document_same_bytes_and_one_creator_with_the_plans_date() {
        let r = Reference::builtin();
        let a = write_docx(&sample(), &options(&r, Some(&[3, 3, 4]))).unwrap();
        let b = write_docx(&sample(), &options(&r, Some(&[3, 3, 4]))).unwrap();
        assert_eq!(a, b);
        let core = part(&a, "docProps/core.xml");
        assert_eq!(core.matches("<dc:creator>").count(), 1);
        assert!(core.contains(">2023-12-12T00:00:00Z</dcterms:modified>"));
        let settings = part(&a, "word/settings.xml");
        assert!(settings.contains("<w:autoHyphenation/>"));
        assert!(!settings.contains("updateFields"), "no prompt on opening");
    }

    #[test]
    fn toc_pages_must_match_the_entries() {
        let r = Reference::builtin();
        let e = write_docx(&sample(), &options(&r, Some(&[3]))).unwrap_err();
        assert!(matches!(
            e,
            DocxError::TocPages {
                entries: 3,
                pages: 1
            }
        ));
    }

    #[test]
    fn every_part_is_well_formed_xml() {
        let r = Reference::builtin();
        let docx = write_docx(&sample(), &options(&r, None)).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        for name in names
            .iter()
            .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
        {
            use std::io::Read;
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            roxmltree::Document::parse(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
