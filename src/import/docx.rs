//! Reading a DOCX package, the first step of `import`: the body as paragraphs and tables with
//! what Word says about them (style and its heading level, list level and kind, bold, italic,
//! links), without the table of contents and page fields; and the plan the tool embedded, when
//! it is there. Word's, LibreOffice's and this tool's own documents read alike.

use crate::doc::package::{self, Limits, Package as ZipPackage, PackageError};
use std::collections::{HashMap, HashSet};

/// The most a DOCX file may hold (what its parts may unpack to is `doc::package`'s limits).
pub const MAX_DOCX_BYTES: u64 = 64 * 1024 * 1024;

/// A run of text with its look.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
}

/// A paragraph: its style (id and name), heading level, list membership and runs.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub style_id: String,
    pub style_name: String,
    /// 1 for «Overskrift 1»/«Heading 1»…, from the style's name, id or outline level.
    pub heading: Option<u8>,
    /// In a Word list: its level (0 = outermost) and whether it is numbered.
    pub list: Option<(u8, bool)>,
    pub runs: Vec<Run>,
}

impl Para {
    /// The paragraph's text as one string.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A table cell: its paragraphs and how many grid columns it spans.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub paras: Vec<Para>,
    pub span: usize,
}

impl Cell {
    pub fn text(&self) -> String {
        self.paras
            .iter()
            .map(Para::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// The plan a DOCX made by this tool carries.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub plan: String,
    pub accounts: Option<String>,
}

/// A DOCX as `import` needs it.
#[derive(Debug)]
pub struct Package {
    pub blocks: Vec<Block>,
    pub embedded: Option<Embedded>,
    /// What the document holds beside its body and the reading leaves out (footnotes, Word
    /// comments), each said in a sentence for the import's summary.
    pub left_out: Vec<String>,
    /// The paragraphs of its page headers and footers, as text («Reisa Vekst – Handlingsplan
    /// 2026 – godkjent av styret 25. november 2025»): where some plans give the board's date.
    pub page_lines: Vec<String>,
}

/// Reads a DOCX from its bytes; the error is a sentence for the user.
pub fn read(bytes: &[u8]) -> Result<Package, String> {
    read_within(bytes, Limits::DEFAULT).map_err(|e| e.to_string())
}

/// Reads a DOCX within `limits`: every part unpacked and parsed through `doc::package`.
pub fn read_within(bytes: &[u8], limits: Limits) -> Result<Package, PackageError> {
    let mut zip = ZipPackage::with_limits(bytes, limits)?;
    let document = zip
        .text("word/document.xml")?
        .ok_or_else(|| PackageError::NotWord {
            missing: "word/document.xml".into(),
        })?;
    let mut part =
        |name: &str| -> Result<String, PackageError> { Ok(zip.text(name)?.unwrap_or_default()) };
    let styles = part("word/styles.xml")?;
    let numbering = part("word/numbering.xml")?;
    let rels = part("word/_rels/document.xml.rels")?;
    let context = Context {
        styles: read_styles(parse_loose("word/styles.xml", &styles, limits)?),
        numbering: read_numbering(parse_loose("word/numbering.xml", &numbering, limits)?),
        links: read_links(parse_loose("word/_rels/document.xml.rels", &rels, limits)?),
    };
    let doc = package::parse("word/document.xml", &document, limits)?;
    let mut reader = BodyReader {
        context: &context,
        fields: Vec::new(),
    };
    let mut blocks = Vec::new();
    if let Some(body) = child(doc.root_element(), "body") {
        reader.blocks(body, &mut blocks);
    }
    let footnotes = part("word/footnotes.xml")?;
    let comments = part("word/comments.xml")?;
    let left_out = left_out(
        parse_loose("word/footnotes.xml", &footnotes, limits)?,
        parse_loose("word/comments.xml", &comments, limits)?,
    );
    let page_lines = page_lines(&mut zip, limits)?;
    Ok(Package {
        blocks,
        embedded: embedded(&mut zip)?,
        left_out,
        page_lines,
    })
}

/// The paragraphs of the page headers and footers (`word/header1.xml`, `word/footer2.xml`, …),
/// as text, each once.
fn page_lines(zip: &mut ZipPackage, limits: Limits) -> Result<Vec<String>, PackageError> {
    let names: Vec<String> = zip
        .names()
        .into_iter()
        .filter(|n| {
            let part = n.strip_prefix("word/").unwrap_or("");
            (part.starts_with("header") || part.starts_with("footer"))
                && part.ends_with(".xml")
                && !part.contains('/')
        })
        .collect();
    let mut lines = Vec::new();
    for name in names {
        let text = zip.text(&name)?.unwrap_or_default();
        let Some(doc) = parse_loose(&name, &text, limits)? else {
            continue;
        };
        for p in doc
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "p")
        {
            let line: String = p
                .descendants()
                .filter(|d| d.is_element() && d.tag_name().name() == "t")
                .filter_map(|d| d.text())
                .collect();
            let line = crate::import::text::normalize(&line);
            if !line.is_empty() && !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    Ok(lines)
}

/// The footnotes and the Word comments of a document, which the plan has no place for: told,
/// with their text, so that nothing goes without a word (a comment may be an open question:
/// «Skal søkbare midler være 500?»).
fn left_out(
    footnotes: Option<roxmltree::Document>,
    comments: Option<roxmltree::Document>,
) -> Vec<String> {
    let texts = |doc: &Option<roxmltree::Document>, element: &str| -> Vec<String> {
        let Some(doc) = doc else {
            return Vec::new();
        };
        doc.root_element()
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == element)
            // Word's separator «footnotes» have a type; the plan's own have none.
            .filter(|n| attr(*n, "type").is_none())
            .map(|n| {
                let text: String = n
                    .descendants()
                    .filter(|d| d.is_element() && d.tag_name().name() == "t")
                    .filter_map(|d| d.text())
                    .collect();
                crate::import::text::normalize(&text)
            })
            .filter(|t| !t.is_empty())
            .collect()
    };
    let mut out = Vec::new();
    for (what, list) in [
        ("fotnote", texts(&footnotes, "footnote")),
        ("kommentar i Word", texts(&comments, "comment")),
    ] {
        for text in list.iter().take(20) {
            out.push(format!(
                "dokumentets {what} «{text}» er ikke tatt med i planen; før den inn i teksten den hører til om den skal stå i dokumentet"
            ));
        }
        if list.len() > 20 {
            out.push(format!("og {} til av samme slag ({what})", list.len() - 20));
        }
    }
    out
}

/// How much of a custom XML part is read to tell whether it carries the plan: its root
/// element, which names the plan's namespace.
const CUSTOM_XML_START: u64 = 1024;

/// The plan the tool embedded (`write::docx::embed`), in whichever custom XML part a save
/// left it. Only a part whose root names the plan's namespace is unpacked whole; the others
/// (a document may carry many, and large) are looked at no further than their start.
fn embedded(zip: &mut ZipPackage) -> Result<Option<Embedded>, PackageError> {
    let names: Vec<String> = zip
        .names()
        .into_iter()
        .filter(|n| n.starts_with("customXml/item") && !n.contains("Props") && n.ends_with(".xml"))
        .collect();
    let namespace = crate::write::docx::embed::PLAN_NAMESPACE;
    for name in names {
        let start = zip.start(&name, CUSTOM_XML_START)?.unwrap_or_default();
        if !start.contains(namespace) {
            continue;
        }
        let Some(text) = zip.text(&name)? else {
            continue;
        };
        let Ok(doc) = package::parse(&name, &text, zip.limits()) else {
            continue;
        };
        let root = doc.root_element();
        if root.tag_name().namespace() != Some(namespace) {
            continue;
        }
        let text_of = |tag: &str| {
            root.children()
                .find(|c| c.tag_name().name() == tag)
                .map(|c| c.text().unwrap_or("").to_string())
        };
        if let Some(plan) = text_of("yaml") {
            return Ok(Some(Embedded {
                plan,
                accounts: text_of("regnskap"),
            }));
        }
    }
    Ok(None)
}

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    numbering: Option<(String, u8)>,
}

struct Context {
    styles: HashMap<String, Style>,
    /// numId → the levels that are numbered (not bullets).
    numbering: HashMap<String, Vec<bool>>,
    links: HashMap<String, String>,
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// A WordprocessingML attribute (`w:val`) by its local name.
fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

fn val<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

/// A part the reading can do without: one that is not XML reads as empty (as one that is not
/// there), but one past the limits is refused.
fn parse_loose<'t>(
    part: &str,
    text: &'t str,
    limits: Limits,
) -> Result<Option<roxmltree::Document<'t>>, PackageError> {
    match package::parse(part, text, limits) {
        Ok(doc) => Ok(Some(doc)),
        Err(PackageError::NotXml { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

fn read_styles(doc: Option<roxmltree::Document>) -> HashMap<String, Style> {
    let mut out = HashMap::new();
    let Some(doc) = doc else {
        return out;
    };
    for s in doc
        .root_element()
        .children()
        .filter(|c| c.tag_name().name() == "style")
    {
        let Some(id) = attr(s, "styleId") else {
            continue;
        };
        let ppr = child(s, "pPr");
        let numbering = ppr.and_then(|p| child(p, "numPr")).and_then(|n| {
            let id = val(n, "numId")?.to_string();
            let level = val(n, "ilvl").and_then(|l| l.parse().ok()).unwrap_or(0);
            Some((id, level))
        });
        out.insert(
            id.to_string(),
            Style {
                name: val(s, "name").unwrap_or(id).to_string(),
                based_on: val(s, "basedOn").map(String::from),
                outline: ppr
                    .and_then(|p| val(p, "outlineLvl"))
                    .and_then(|l| l.parse().ok()),
                numbering,
            },
        );
    }
    out
}

fn read_numbering(doc: Option<roxmltree::Document>) -> HashMap<String, Vec<bool>> {
    let mut out = HashMap::new();
    let Some(doc) = doc else {
        return out;
    };
    let root = doc.root_element();
    let mut abstracts: HashMap<&str, Vec<bool>> = HashMap::new();
    for a in root
        .children()
        .filter(|c| c.tag_name().name() == "abstractNum")
    {
        let Some(id) = attr(a, "abstractNumId") else {
            continue;
        };
        let mut levels = vec![false; 9];
        for l in a.children().filter(|c| c.tag_name().name() == "lvl") {
            let i: usize = attr(l, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
            if let Some(slot) = levels.get_mut(i) {
                *slot = !matches!(val(l, "numFmt"), Some("bullet") | Some("none") | None);
            }
        }
        abstracts.insert(id, levels);
    }
    for n in root.children().filter(|c| c.tag_name().name() == "num") {
        if let (Some(id), Some(abs)) = (attr(n, "numId"), val(n, "abstractNumId"))
            && let Some(levels) = abstracts.get(abs)
        {
            out.insert(id.to_string(), levels.clone());
        }
    }
    out
}

fn read_links(doc: Option<roxmltree::Document>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(doc) = doc {
        for r in doc.root_element().children().filter(|c| c.is_element()) {
            if let (Some(id), Some(target)) = (attr(r, "Id"), attr(r, "Target")) {
                out.insert(id.to_string(), target.to_string());
            }
        }
    }
    out
}

impl Context {
    /// A style's heading level: from its name («heading 1», «Overskrift 1»), its id
    /// («Heading1», «Overskrift1»), or its outline level, through the styles it is based on.
    fn heading(&self, id: &str) -> Option<u8> {
        let number = |s: &str| -> Option<u8> {
            let lower = s.to_lowercase().replace(' ', "");
            ["heading", "overskrift", "rubrik", "titre", "überschrift"]
                .iter()
                .find_map(|w| lower.strip_prefix(w))
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=9).contains(n))
        };
        for (key, style) in self.based_on_chain(id) {
            if let Some(n) = number(key) {
                return Some(n);
            }
            let style = style?;
            if let Some(n) = number(&style.name) {
                return Some(n);
            }
            if let Some(l) = style.outline.filter(|l| *l < 9) {
                return Some(l + 1);
            }
        }
        None
    }

    fn style_numbering(&self, id: &str) -> Option<(String, u8)> {
        self.based_on_chain(id)
            .map_while(|(_, style)| style)
            .find_map(|style| style.numbering.clone())
    }

    /// A style id and the styles it is based on, nearest first, each with its style when the
    /// document has it: every style once, so a chain that comes back on itself ends there.
    fn based_on_chain<'s>(
        &'s self,
        id: &'s str,
    ) -> impl Iterator<Item = (&'s str, Option<&'s Style>)> {
        let mut seen = HashSet::new();
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let key = next.take().filter(|k| seen.insert(*k))?;
            let style = self.styles.get(key);
            next = style.and_then(|s| s.based_on.as_deref());
            Some((key, style))
        })
    }
}

/// Walks the body; `fields` is the stack of complex fields open (their instruction words),
/// kept across paragraphs because a table of contents spans many.
struct BodyReader<'c> {
    context: &'c Context,
    fields: Vec<(String, bool)>,
}

/// Fields whose shown result is not the author's text: the table of contents and page numbers.
fn hidden_field(instruction: &str) -> bool {
    let word = instruction.split_whitespace().next().unwrap_or("");
    ["TOC", "PAGEREF", "PAGE", "NUMPAGES", "SECTIONPAGES"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

impl BodyReader<'_> {
    fn hidden(&self) -> bool {
        self.fields.iter().any(|(instr, _)| hidden_field(instr))
    }

    fn blocks(&mut self, node: roxmltree::Node, out: &mut Vec<Block>) {
        for c in node.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "p" => {
                    self.text_boxes(c, out);
                    if let Some(p) = self.para(c) {
                        out.push(Block::Para(p));
                    }
                }
                "tbl" => out.push(Block::Table(self.table(c))),
                "sdt" => {
                    let toc = child(c, "sdtPr")
                        .and_then(|p| child(p, "docPartObj"))
                        .and_then(|o| val(o, "docPartGallery"))
                        .is_some_and(|g| g.contains("Table of Contents"));
                    if let Some(content) = child(c, "sdtContent")
                        && !toc
                    {
                        self.blocks(content, out);
                    }
                }
                "customXml" | "smartTag" | "ins" | "moveTo" => self.blocks(c, out),
                _ => {}
            }
        }
    }

    /// The paragraphs of the text boxes anchored in a paragraph (a cover made from Word's
    /// gallery holds its title, subtitle and date in them), as blocks before it. A text box
    /// is written twice, as a drawing and as its older VML fallback: only the drawing is read;
    /// a text box inside another is read with it.
    fn text_boxes(&mut self, paragraph: roxmltree::Node, out: &mut Vec<Block>) {
        let outermost: Vec<roxmltree::Node> = paragraph
            .descendants()
            .filter(|d| d.tag_name().name() == "txbxContent")
            .filter(|d| {
                !d.ancestors()
                    .skip(1)
                    .take_while(|a| *a != paragraph)
                    .any(|a| matches!(a.tag_name().name(), "Fallback" | "txbxContent"))
            })
            .collect();
        for content in outermost {
            self.blocks(content, out);
        }
    }

    fn table(&mut self, node: roxmltree::Node) -> Table {
        let mut table = Table::default();
        let grid = grid_columns(node);
        for tr in node.children().filter(|c| c.tag_name().name() == "tr") {
            let mut row = Vec::new();
            for tc in tr.children().filter(|c| c.tag_name().name() == "tc") {
                let pr = child(tc, "tcPr");
                // A span is at most the grid's width (however large the number written).
                let span = pr
                    .and_then(|p| val(p, "gridSpan"))
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(1)
                    .clamp(1, grid as u64) as usize;
                let continued = pr
                    .and_then(|p| child(p, "vMerge"))
                    .is_some_and(|m| attr(m, "val").is_none_or(|v| v == "continue"));
                let mut blocks = Vec::new();
                self.blocks(tc, &mut blocks);
                let mut paras = Vec::new();
                flatten(blocks, &mut paras);
                if continued {
                    paras.clear();
                }
                row.push(Cell { paras, span });
            }
            table.rows.push(row);
        }
        table
    }

    /// Whether a paragraph has numbering of its own: not its style's numbering written out
    /// again on the paragraph (LibreOffice writes a heading's outline numbering so).
    fn own_numbering(&self, ppr: Option<roxmltree::Node>, style_id: &str) -> bool {
        let own = ppr
            .and_then(|p| child(p, "numPr"))
            .map(|n| val(n, "numId").unwrap_or_default().to_string());
        own.is_some() && own != self.context.style_numbering(style_id).map(|(id, _)| id)
    }

    fn para(&mut self, node: roxmltree::Node) -> Option<Para> {
        let ppr = child(node, "pPr");
        let style_id = ppr
            .and_then(|p| val(p, "pStyle"))
            .unwrap_or("Normal")
            .to_string();
        let style_name = self
            .context
            .styles
            .get(&style_id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| style_id.clone());
        let heading = ppr
            .and_then(|p| val(p, "outlineLvl"))
            .and_then(|l| l.parse::<u8>().ok())
            .map(|l| (l < 9).then_some(l + 1))
            .unwrap_or_else(|| self.context.heading(&style_id));
        let numbering = ppr
            .and_then(|p| child(p, "numPr"))
            .and_then(|n| {
                let id = val(n, "numId")?.to_string();
                let level = val(n, "ilvl").and_then(|l| l.parse().ok()).unwrap_or(0);
                Some((id, level))
            })
            .or_else(|| self.context.style_numbering(&style_id));
        let list = numbering.and_then(|(id, level)| {
            // numId 0 means «no list».
            if id == "0" {
                return None;
            }
            let ordered = self
                .context
                .numbering
                .get(&id)
                .and_then(|l| l.get(level as usize).copied())
                .unwrap_or(false);
            Some((level, ordered))
        });
        let toc_style = style_id.to_uppercase().starts_with("TOC")
            || style_name.to_lowercase().starts_with("toc ")
            || style_name.to_lowercase().starts_with("contents ");
        let mut runs = Vec::new();
        self.inlines(node, &Run::default(), &mut runs);
        if toc_style || runs.iter().all(|r| r.text.trim().is_empty()) {
            return None;
        }
        let own_list = self.own_numbering(ppr, &style_id);
        let (heading, list) = heading_or_item(heading, list, own_list);
        Some(Para {
            style_id,
            style_name,
            heading,
            list,
            runs: merge(runs),
        })
    }

    fn inlines(&mut self, node: roxmltree::Node, look: &Run, out: &mut Vec<Run>) {
        for c in node.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "r" => self.run(c, look, out),
                "hyperlink" => {
                    let url = attr(c, "id")
                        .and_then(|id| self.context.links.get(id).cloned())
                        .or_else(|| attr(c, "anchor").map(|a| format!("#{a}")));
                    let link = Run {
                        link: url,
                        ..look.clone()
                    };
                    self.inlines(c, &link, out);
                }
                "fldSimple" => {
                    let instr = attr(c, "instr").unwrap_or("");
                    if !hidden_field(instr) {
                        self.inlines(c, look, out);
                    }
                }
                "sdt" => {
                    if let Some(content) = child(c, "sdtContent") {
                        self.inlines(content, look, out);
                    }
                }
                "ins" | "moveTo" | "smartTag" | "customXml" => self.inlines(c, look, out),
                _ => {}
            }
        }
    }

    /// A complex field's begin, separator (its result follows) or end.
    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => self.fields.push((String::new(), false)),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    f.1 = true;
                }
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    fn run(&mut self, node: roxmltree::Node, look: &Run, out: &mut Vec<Run>) {
        let rpr = child(node, "rPr");
        let on = |name: &str| {
            rpr.and_then(|p| child(p, name))
                .is_some_and(|b| !matches!(attr(b, "val"), Some("0" | "false" | "off")))
        };
        let hidden = on("vanish");
        let mut run = Run {
            bold: look.bold || on("b"),
            italic: look.italic || on("i"),
            link: look.link.clone(),
            text: String::new(),
        };
        for c in node.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "fldChar" => self.field_char(attr(c, "fldCharType")),
                "instrText" => {
                    if let Some(f) = self.fields.last_mut() {
                        f.0.push_str(c.text().unwrap_or(""));
                    }
                }
                _ if hidden || self.hidden() || self.fields.iter().any(|f| !f.1) => {}
                "t" => run.text.push_str(c.text().unwrap_or("")),
                "tab" | "ptab" => run.text.push('\t'),
                "br" | "cr" if attr(c, "type").is_none_or(|t| t == "textWrapping") => {
                    run.text.push('\n');
                }
                "noBreakHyphen" => run.text.push('\u{2011}'),
                "sym" => {
                    if let Some(ch) = attr(c, "char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        run.text.push(ch);
                    }
                }
                "drawing" | "pict" => {
                    let alt = c
                        .descendants()
                        .find(|d| d.tag_name().name() == "docPr")
                        .and_then(|d| attr(d, "descr").or_else(|| attr(d, "title")))
                        .unwrap_or("");
                    if !alt.is_empty() {
                        run.text.push_str(&format!("[bilde: {alt}]"));
                    }
                }
                _ => {}
            }
        }
        if !run.text.is_empty() {
            out.push(run);
        }
    }
}

/// The most columns a table may have in Word.
const MAX_COLUMNS: usize = 63;

/// The columns of a table's grid (`w:tblGrid`); a table without a grid is taken to be as wide
/// as Word allows.
fn grid_columns(table: roxmltree::Node) -> usize {
    let written = child(table, "tblGrid")
        .map(|g| {
            g.children()
                .filter(|c| c.tag_name().name() == "gridCol")
                .count()
        })
        .unwrap_or(0);
    match written {
        0 => MAX_COLUMNS,
        n => n,
    }
}

/// A paragraph with a heading style and a list's numbering: a heading numbered through its
/// style (Word's and LibreOffice's outline numbering) is a heading; numbering of its own on
/// the paragraph (`own_list`) makes it a list item.
fn heading_or_item(
    heading: Option<u8>,
    list: Option<(u8, bool)>,
    own_list: bool,
) -> (Option<u8>, Option<(u8, bool)>) {
    match heading {
        Some(_) if own_list => (None, list),
        Some(level) => (Some(level), None),
        None => (None, list),
    }
}

/// Paragraphs of the blocks, tables' cells in order (a table inside a cell).
fn flatten(blocks: Vec<Block>, out: &mut Vec<Para>) {
    for b in blocks {
        match b {
            Block::Para(p) => out.push(p),
            Block::Table(t) => {
                for cell in t.rows.into_iter().flatten() {
                    out.extend(cell.paras);
                }
            }
        }
    }
}

/// Neighbouring runs with the same look as one (Word splits runs at every edit).
fn merge(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for r in runs {
        match out.last_mut() {
            Some(last) if last.bold == r.bold && last.italic == r.italic && last.link == r.link => {
                last.text.push_str(&r.text)
            }
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        let mut styles = HashMap::new();
        styles.insert(
            "Overskrift1".to_string(),
            Style {
                name: "heading 1".into(),
                ..Style::default()
            },
        );
        styles.insert(
            "Egen".to_string(),
            Style {
                name: "Min overskrift".into(),
                based_on: Some("Heading2".into()),
                ..Style::default()
            },
        );
        Context {
            styles,
            numbering: HashMap::new(),
            links: HashMap::new(),
        }
    }

    fn body_texts(body: &str) -> Vec<String> {
        let xml = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}</w:body></w:document>"#
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let c = context();
        let mut reader = BodyReader {
            context: &c,
            fields: Vec::new(),
        };
        let mut blocks = Vec::new();
        reader.blocks(child(doc.root_element(), "body").unwrap(), &mut blocks);
        blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text(),
                Block::Table(_) => "[tabell]".into(),
            })
            .collect()
    }

    #[test]
    fn a_covers_text_boxes_are_read_once_before_their_paragraph() {
        let text_box = |text: &str| {
            format!(r#"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"#)
        };
        let body = format!(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Ankeret</w:t></w:r></w:p><w:p><w:moveTo><w:r><w:t>Flyttet tekst</w:t></w:r></w:moveTo><w:moveFrom><w:r><w:t>Gammel plass</w:t></w:r></w:moveFrom></w:p>"#,
            text_box("Handlingsplan 2025"),
            text_box("Handlingsplan 2025"),
        );
        assert_eq!(
            body_texts(&body),
            ["Handlingsplan 2025", "Ankeret", "Flyttet tekst"]
        );
    }

    #[test]
    fn headings_are_known_by_name_id_or_the_style_they_are_based_on() {
        let c = context();
        assert_eq!(c.heading("Overskrift1"), Some(1));
        assert_eq!(c.heading("Heading3"), Some(3));
        assert_eq!(c.heading("Egen"), Some(2));
        assert_eq!(c.heading("Normal"), None);
    }

    #[test]
    fn footnotes_and_comments_are_told_not_dropped() {
        let footnotes = r#"<w:footnotes xmlns:w="w"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Kilde: SSB, 2022.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let comments = r#"<w:comments xmlns:w="w"><w:comment w:id="0" w:author="KN"><w:p><w:r><w:t>Skal søkbare midler være 500?</w:t></w:r></w:p></w:comment></w:comments>"#;
        let said = left_out(
            roxmltree::Document::parse(footnotes).ok(),
            roxmltree::Document::parse(comments).ok(),
        );
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("fotnote «Kilde: SSB, 2022.»"), "{said:?}");
        assert!(
            said[1].contains("«Skal søkbare midler være 500?»"),
            "{said:?}"
        );
    }
}
