//! The markup reader: rendered template output (a small, strict XHTML vocabulary) to the IR.
//! An element outside the vocabulary is an error naming the template and the line, never
//! silently dropped.

use super::{Block, Cell, Document, Image, Inline, List, ListItem, ParaStyle, Row, Table};
use roxmltree::{Node, NodeType};
use std::collections::HashMap;

/// The longest alt text kept, in characters: PDF/A allows strings of at most 32 767 bytes
/// (UTF-16), and no reader reads more than a few thousand characters aloud. A longer alt
/// text (an årshjul with hundreds of events) is cut at a word and marked with «…»; the
/// table beside the figure has every entry.
pub const MAX_ALT_CHARS: usize = 4_000;

/// The alt text within [`MAX_ALT_CHARS`].
fn shorten_alt(alt: &str) -> String {
    if alt.chars().count() <= MAX_ALT_CHARS {
        return alt.to_string();
    }
    let cut: String = alt.chars().take(MAX_ALT_CHARS - 2).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{cut} …")
}

/// The widest image a template may ask for, in millimetres (an A4 page is 210 mm wide).
pub const MAX_IMAGE_WIDTH_MM: u32 = 200;

#[derive(Debug, thiserror::Error)]
#[error("mal {template}, linje {line} i den ferdige markeringen: {message}")]
pub struct ReadError {
    pub template: String,
    pub line: u32,
    pub message: String,
}

/// Parses rendered markup. `images` resolves `<img src="…">` to bytes and kind.
pub fn read(
    markup: &str,
    template: &str,
    images: &HashMap<String, (Vec<u8>, String)>,
) -> Result<Document, ReadError> {
    let doc = roxmltree::Document::parse(markup).map_err(|e| ReadError {
        template: template.into(),
        line: e.pos().row,
        message: format!("ikke gyldig XHTML: {e}"),
    })?;
    let root = doc.root_element();
    // A gap says what is missing in the document's own language.
    let missing = if root.attribute("lang").is_some_and(|l| l.starts_with("nn")) {
        "manglar"
    } else {
        "mangler"
    };
    let r = Reader {
        doc: &doc,
        template,
        images,
        missing,
    };
    if root.tag_name().name() != "document" {
        return Err(r.error(root, "rotelementet skal være <document>"));
    }
    let attr = |n: &str| root.attribute(n).unwrap_or_default().to_string();
    let mut cover = Vec::new();
    let mut body = Vec::new();
    for child in root.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "cover" => cover = r.blocks(child)?,
            "body" => body = r.blocks(child)?,
            other => {
                return Err(r.error(
                    child,
                    &format!("<{other}> kan ikke stå direkte i <document>"),
                ));
            }
        }
    }
    Ok(Document {
        title: attr("title"),
        lang: attr("lang"),
        author: attr("author"),
        running_header: attr("header"),
        accent: attr("accent"),
        cover,
        body,
    })
}

struct Reader<'a, 'i> {
    doc: &'a roxmltree::Document<'i>,
    template: &'a str,
    images: &'a HashMap<String, (Vec<u8>, String)>,
    /// «mangler» (nynorsk «manglar»), the word a gap starts with.
    missing: &'static str,
}

impl Reader<'_, '_> {
    fn error(&self, node: Node, message: &str) -> ReadError {
        ReadError {
            template: self.template.into(),
            line: self.doc.text_pos_at(node.range().start).row,
            message: message.into(),
        }
    }

    fn blocks(&self, parent: Node) -> Result<Vec<Block>, ReadError> {
        let mut out = Vec::new();
        for n in parent.children() {
            match n.node_type() {
                NodeType::Text if n.text().unwrap_or_default().trim().is_empty() => {}
                NodeType::Text => return Err(self.error(n, "tekst må stå i et avsnitt (<p>)")),
                NodeType::Element => out.push(self.block(n)?),
                _ => {}
            }
        }
        Ok(out)
    }

    fn block(&self, n: Node) -> Result<Block, ReadError> {
        let name = n.tag_name().name();
        Ok(match name {
            "h1" | "h2" | "h3" | "h4" => Block::Heading {
                level: name[1..].parse().unwrap_or(1),
                text: self.inlines(n)?,
                // A sub-heading inside a text (`class="sub"`) stays out of the contents.
                outlined: n.attribute("class") != Some("sub"),
            },
            "p" => {
                let style = match n.attribute("class").unwrap_or("") {
                    "" => ParaStyle::Normal,
                    "note" => ParaStyle::Note,
                    "notice" => ParaStyle::Notice,
                    "cover-title" => ParaStyle::CoverTitle,
                    "cover-subtitle" => ParaStyle::CoverSubtitle,
                    "cover-vision" => ParaStyle::CoverVision,
                    "cover-line" => ParaStyle::CoverLine,
                    other => return Err(self.error(n, &format!("ukjent avsnittsklasse «{other}»"))),
                };
                Block::Paragraph {
                    style,
                    text: self.inlines(n)?,
                }
            }
            "ul" | "ol" => Block::List(self.list(n, 1)?),
            "table" => Block::Table(self.table(n)?),
            "img" => {
                let src = n.attribute("src").unwrap_or_default();
                let alt = n
                    .attribute("alt")
                    .ok_or_else(|| self.error(n, "<img> mangler alt-tekst"))?;
                let (data, kind) = self
                    .images
                    .get(src)
                    .cloned()
                    .ok_or_else(|| self.error(n, &format!("ukjent bilde «{src}»")))?;
                let width_mm: u32 = n
                    .attribute("width")
                    .and_then(|w| w.parse().ok())
                    .unwrap_or(50);
                // The text area of an A4 page is 160 mm wide; a wider image would not fit and
                // its raster (for DOCX) would take gigabytes.
                if !(1..=MAX_IMAGE_WIDTH_MM).contains(&width_mm) {
                    return Err(self.error(
                        n,
                        &format!("<img width=\"{width_mm}\">: bredden skal være fra 1 til {MAX_IMAGE_WIDTH_MM} mm"),
                    ));
                }
                Block::Image(Image {
                    data,
                    kind,
                    alt: shorten_alt(alt),
                    width_mm,
                    caption: n.attribute("caption").map(str::to_string),
                    phone: self
                        .images
                        .get(&super::phone_drawing(src))
                        .map(|(data, _)| data.clone()),
                })
            }
            "toc" => Block::Toc {
                title: n.attribute("title").unwrap_or("Innhold").into(),
            },
            "pagebreak" => Block::PageBreak,
            other => return Err(self.error(n, &format!("ukjent element <{other}>"))),
        })
    }

    /// A `<ul>` or `<ol start="…">`; an item's text may end in a list one level deeper.
    fn list(&self, n: Node, depth: usize) -> Result<List, ReadError> {
        if depth > super::MAX_LIST_DEPTH {
            return Err(self.error(
                n,
                &format!(
                    "lister kan ligge høyst {} nivåer inne i hverandre",
                    super::MAX_LIST_DEPTH
                ),
            ));
        }
        let ordered = n.tag_name().name() == "ol";
        let start = match n.attribute("start") {
            Some(s) => s
                .parse()
                .map_err(|_| self.error(n, "start skal være et heltall"))?,
            None => 1,
        };
        let mut items = Vec::new();
        for li in n.children() {
            match li.node_type() {
                NodeType::Element if li.tag_name().name() == "li" => {
                    let mut sub = None;
                    for c in li.children().filter(Node::is_element) {
                        if matches!(c.tag_name().name(), "ul" | "ol") {
                            if sub.is_some() {
                                return Err(self.error(c, "et punkt kan ha bare én underliste"));
                            }
                            sub = Some(self.list(c, depth + 1)?);
                        }
                    }
                    let mut text = self.inline_children_until_list(li)?;
                    trim_inlines(&mut text);
                    items.push(ListItem { text, sub });
                }
                NodeType::Element => {
                    return Err(self.error(li, "en liste kan bare inneholde <li>"));
                }
                NodeType::Text if !li.text().unwrap_or_default().trim().is_empty() => {
                    return Err(self.error(li, "tekst må stå i <li>"));
                }
                _ => {}
            }
        }
        Ok(List {
            ordered,
            start,
            items,
        })
    }

    /// A list item's own text: its inline content, leaving out its sub-list (which must come
    /// last).
    fn inline_children_until_list(&self, li: Node) -> Result<Vec<Inline>, ReadError> {
        let mut out = Vec::new();
        let mut after_list = false;
        for c in li.children() {
            if c.is_element() && matches!(c.tag_name().name(), "ul" | "ol") {
                after_list = true;
                continue;
            }
            if after_list && !(c.is_text() && c.text().unwrap_or_default().trim().is_empty()) {
                return Err(self.error(c, "underlisten må stå sist i punktet"));
            }
            out.extend(self.inline_node(c)?);
        }
        Ok(out)
    }

    fn table(&self, n: Node) -> Result<Table, ReadError> {
        let given = n
            .attribute("widths")
            .ok_or_else(|| self.error(n, "<table> mangler widths"))?;
        // `auto`: widths fitted to the content once the rows are read; the column count comes
        // from the header row.
        let auto = given.trim() == "auto";
        let widths: Vec<u32> = if auto {
            Vec::new()
        } else {
            given
                .split(',')
                .map(|w| {
                    w.trim().parse().map_err(|_| {
                        self.error(n, "widths skal være heltall skilt med komma, eller auto")
                    })
                })
                .collect::<Result<_, _>>()?
        };
        let mut t = Table {
            widths,
            caption: n.attribute("caption").map(str::to_string),
            head: vec![],
            body: vec![],
            foot: vec![],
        };
        for part in n.children().filter(Node::is_element) {
            let rows = part
                .children()
                .filter(Node::is_element)
                .map(|tr| self.row(tr))
                .collect::<Result<Vec<_>, _>>()?;
            match part.tag_name().name() {
                "thead" => t.head = rows,
                "tbody" => t.body = rows,
                "tfoot" => t.foot = rows,
                other => return Err(self.error(part, &format!("ukjent tabelldel <{other}>"))),
            }
        }
        if auto {
            let columns = t
                .head
                .iter()
                .chain(&t.body)
                .chain(&t.foot)
                .next()
                .map_or(0, |r| r.cells.iter().map(|c| c.colspan).sum::<u32>());
            t.widths = vec![1; columns as usize];
        }
        for r in t.head.iter().chain(&t.body).chain(&t.foot) {
            let span: u32 = r.cells.iter().map(|c| c.colspan).sum();
            if span as usize != t.widths.len() {
                return Err(self.error(
                    n,
                    &format!(
                        "en rad har {span} kolonner, tabellen har {}",
                        t.widths.len()
                    ),
                ));
            }
        }
        // A header row with nothing in it (a Markdown table written without one) is no
        // header: no empty dark band above the rows.
        t.head.retain(|r| !r.cells.iter().all(super::is_blank));
        if auto {
            t.drop_empty_columns();
            t.widths = t.fitted_widths();
        }
        Ok(t)
    }

    fn row(&self, tr: Node) -> Result<Row, ReadError> {
        if tr.tag_name().name() != "tr" {
            return Err(self.error(tr, "en tabelldel kan bare inneholde <tr>"));
        }
        let mut cells = Vec::new();
        for c in tr.children().filter(Node::is_element) {
            if !matches!(c.tag_name().name(), "td" | "th") {
                return Err(self.error(c, &format!("ukjent celle <{}>", c.tag_name().name())));
            }
            let has_blocks = c
                .children()
                .any(|k| k.is_element() && matches!(k.tag_name().name(), "p" | "ul" | "ol"));
            let content = if has_blocks {
                self.blocks(c)?
            } else {
                let text = self.inlines(c)?;
                if text.is_empty() {
                    vec![]
                } else {
                    vec![Block::Paragraph {
                        style: ParaStyle::Normal,
                        text,
                    }]
                }
            };
            cells.push(Cell {
                numeric: c.attribute("class") == Some("num"),
                colspan: c
                    .attribute("colspan")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(1),
                content,
            });
        }
        Ok(Row {
            sum: tr.attribute("class") == Some("sum"),
            cells,
        })
    }

    /// Inline content with HTML-like whitespace: runs collapse to one space, the ends trim.
    fn inlines(&self, n: Node) -> Result<Vec<Inline>, ReadError> {
        let mut out = self.inline_children(n)?;
        trim_inlines(&mut out);
        Ok(out)
    }

    fn inline_children(&self, n: Node) -> Result<Vec<Inline>, ReadError> {
        let mut out = Vec::new();
        for c in n.children() {
            out.extend(self.inline_node(c)?);
        }
        Ok(out)
    }

    /// One node of inline content: text, emphasis, a gap, a line break or a link.
    fn inline_node(&self, c: Node) -> Result<Option<Inline>, ReadError> {
        Ok(match c.node_type() {
            NodeType::Text => {
                let t = collapse(c.text().unwrap_or_default());
                (!t.is_empty()).then_some(Inline::Text(t))
            }
            NodeType::Element => Some(match c.tag_name().name() {
                "b" | "strong" => Inline::Bold(self.inline_children(c)?),
                "i" | "em" => Inline::Italic(self.inline_children(c)?),
                "gap" => Inline::Gap(format!(
                    "{}: {}",
                    self.missing,
                    collapse(c.text().unwrap_or_default()).trim()
                )),
                "br" => Inline::LineBreak,
                "a" => {
                    let url = c.attribute("href").unwrap_or_default();
                    if let Some(to) = super::Sibling::from_href(url) {
                        Inline::DocumentLink {
                            to,
                            text: self.inline_children(c)?,
                        }
                    } else if is_web_address(url) {
                        Inline::Link {
                            url: url.to_string(),
                            text: self.inline_children(c)?,
                        }
                    } else {
                        return Err(self.error(
                            c,
                            &format!(
                                "<a href=\"{url}\">: en lenke skal begynne med https://, http:// eller mailto:, eller være {} eller {}",
                                super::Sibling::Plan.href(),
                                super::Sibling::Communication.href()
                            ),
                        ));
                    }
                }
                other => {
                    return Err(self.error(c, &format!("<{other}> kan ikke stå inne i tekst")));
                }
            }),
            _ => None,
        })
    }
}

/// Whether a link target is a web or mail address (nothing a viewer would run or open
/// locally).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn collapse(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    let mut space = false;
    for ch in t.chars() {
        // A non-breaking space is content, not layout whitespace.
        if ch.is_whitespace() && ch != '\u{a0}' {
            if !space {
                s.push(' ');
            }
            space = true;
        } else {
            s.push(ch);
            space = false;
        }
    }
    s
}

fn trim_inlines(v: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = v.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        *t = t.trim_end().to_string();
    }
    v.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    // Join adjacent text runs and drop spaces around line breaks.
    let mut out: Vec<Inline> = Vec::with_capacity(v.len());
    for i in v.drain(..) {
        match (out.last_mut(), i) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, i) => out.push(i),
        }
    }
    *v = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<Document, ReadError> {
        let markup = format!(
            "<document title=\"T\" lang=\"nb-NO\" author=\"A\" header=\"H\" accent=\"#000000\">\n<body>\n{body}\n</body>\n</document>"
        );
        read(&markup, "plan.html", &HashMap::new())
    }

    #[test]
    fn reads_headings_paragraphs_and_inlines() {
        let d =
            parse("<h1>1. Mål</h1>\n<p>Et  <b>fett</b>\n ord <gap>beskrivelse</gap></p>").unwrap();
        assert_eq!(
            d.body[0],
            Block::Heading {
                level: 1,
                text: vec![Inline::Text("1. Mål".into())],
                outlined: true,
            }
        );
        assert_eq!(
            d.body[1],
            Block::Paragraph {
                style: ParaStyle::Normal,
                text: vec![
                    Inline::Text("Et ".into()),
                    Inline::Bold(vec![Inline::Text("fett".into())]),
                    Inline::Text(" ord ".into()),
                    Inline::Gap("mangler: beskrivelse".into())
                ]
            }
        );
    }

    #[test]
    fn reads_tables_with_numeric_and_sum_cells() {
        let d = parse("<table widths=\"3,1\"><thead><tr><th>A</th><th class=\"num\">B</th></tr></thead><tbody><tr class=\"sum\"><td>Sum</td><td class=\"num\">1&#160;000</td></tr></tbody></table>").unwrap();
        let Block::Table(t) = &d.body[0] else {
            panic!()
        };
        assert_eq!(t.widths, vec![3, 1]);
        assert!(t.body[0].sum);
        assert!(t.body[0].cells[1].numeric);
        assert_eq!(t.body[0].cells[1].plain(), "1\u{a0}000");
    }

    #[test]
    fn unknown_element_names_template_and_line() {
        let e = parse("<p>ok</p>\n<blink>nei</blink>").unwrap_err();
        assert_eq!(e.template, "plan.html");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("<blink>"));
    }

    #[test]
    fn a_link_names_a_web_address_or_the_plans_other_document_and_nothing_else() {
        let d = parse("<p>Se <a href=\"dokument:kommunikasjonsplan\">vedlegget</a>.</p>").unwrap();
        let Block::Paragraph { text, .. } = &d.body[0] else {
            panic!()
        };
        assert_eq!(
            text[1],
            Inline::DocumentLink {
                to: crate::doc::Sibling::Communication,
                text: vec![Inline::Text("vedlegget".into())]
            }
        );
        for refused in [
            "dokument:annet",
            "plan.html",
            "file:///etc/passwd",
            "javascript:x",
        ] {
            let e = parse(&format!("<p><a href=\"{refused}\">x</a></p>")).unwrap_err();
            assert!(
                e.message.contains("dokument:kommunikasjonsplan"),
                "{refused}: {}",
                e.message
            );
        }
    }

    #[test]
    fn rows_must_fill_the_columns() {
        let e =
            parse("<table widths=\"1,1\"><tbody><tr><td>x</td></tr></tbody></table>").unwrap_err();
        assert!(e.message.contains("1 kolonner"));
    }
}
