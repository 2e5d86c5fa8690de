//! DOCX writer (docx-rs): real Heading 1–3 styles, a TOC field Word fills on opening, tables
//! whose header row repeats and whose rows do not split, right-aligned numbers, bold sum rows,
//! A4, running header and "Side X av Y" footer (none on the cover), document properties.
//! docx-rs lacks a repeating header row, `updateFields` and core properties: those are
//! patched into the built XML parts.

use super::{WriteError, WriteOptions, Written};
use crate::doc::{Block, Cell, Document, Inline, ParaStyle, Row, Table};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, TableCell, TableOfContents, TableRow,
    WidthType,
};

#[derive(Debug)]
struct DocxError(String);

/// A4 with 22 mm side margins, in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_X: i32 = 1247;
const TEXT_W: usize = (PAGE_W as usize) - 2 * (MARGIN_X as usize);
/// A row height no table of ours uses, marking header rows for the `w:tblHeader` patch.
const HEADER_MARK: f32 = 1.05;

fn hex(accent: &str) -> String {
    accent.trim_start_matches('#').to_uppercase()
}

fn runs(
    mut p: Paragraph,
    inlines: &[Inline],
    bold: bool,
    italic: bool,
    size: Option<usize>,
    color: Option<&str>,
) -> Paragraph {
    for i in inlines {
        let styled = |mut r: Run| {
            if bold {
                r = r.bold();
            }
            if italic {
                r = r.italic();
            }
            if let Some(s) = size {
                r = r.size(s);
            }
            if let Some(c) = color {
                r = r.color(c);
            }
            r
        };
        p = match i {
            Inline::Text(t) => p.add_run(styled(Run::new().add_text(t.as_str()))),
            Inline::Bold(c) => runs(p, c, true, italic, size, color),
            Inline::Italic(c) => runs(p, c, bold, true, size, color),
            Inline::Gap(t) => p.add_run(
                styled(Run::new().add_text(format!("[mangler: {t}]"))).highlight("yellow"),
            ),
            Inline::LineBreak => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
        };
    }
    p
}

fn paragraph(style: ParaStyle, text: &[Inline], accent: &str) -> Paragraph {
    let p = Paragraph::new();
    match style {
        ParaStyle::Normal => runs(p, text, false, false, None, None),
        ParaStyle::Note => runs(p.style("Merknad"), text, false, false, None, None),
        ParaStyle::Notice => runs(p.style("Viktig"), text, true, false, None, None),
        // The cover spaced like the PDF's: title a third down, vision well above the approval lines.
        ParaStyle::CoverTitle => runs(
            p.style("Title")
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(2400)),
            text,
            true,
            false,
            None,
            Some(accent),
        ),
        ParaStyle::CoverSubtitle => runs(
            p.style("Subtitle")
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(900)),
            text,
            false,
            false,
            None,
            None,
        ),
        ParaStyle::CoverVision => runs(
            p.align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(2400)),
            text,
            false,
            true,
            Some(28),
            None,
        ),
        ParaStyle::CoverLine => runs(
            p.align(AlignmentType::Center),
            text,
            false,
            false,
            None,
            None,
        ),
    }
}

fn styles(docx: Docx, accent: &str) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .color(accent)
            .outline_lvl(level)
    };
    docx.add_style(heading("Heading1", "heading 1", 34, 0))
        .add_style(heading("Heading2", "heading 2", 28, 1))
        .add_style(heading("Heading3", "heading 3", 24, 2))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .size(68)
                .bold()
                .color(accent),
        )
        .add_style(
            Style::new("Subtitle", StyleType::Paragraph)
                .name("Subtitle")
                .based_on("Normal")
                .size(40),
        )
        .add_style(
            Style::new("Merknad", StyleType::Paragraph)
                .name("Merknad")
                .based_on("Normal")
                .size(18)
                .color("333333"),
        )
        .add_style(
            Style::new("Viktig", StyleType::Paragraph)
                .name("Viktig")
                .based_on("Normal")
                .bold()
                .color("7A3E00"),
        )
}

fn cell_width(t: &Table, index: usize, span: u32) -> usize {
    let total: u32 = t.widths.iter().sum::<u32>().max(1);
    let w: u32 = t.widths.iter().skip(index).take(span as usize).sum();
    TEXT_W * w as usize / total as usize
}

fn table(t: &Table, accent: &str) -> docx_rs::Table {
    let mut rows = Vec::new();
    let mk_row = |r: &Row, header: bool| {
        let mut col = 0usize;
        let cells: Vec<TableCell> = r
            .cells
            .iter()
            .map(|c: &Cell| {
                let mut cell =
                    TableCell::new().width(cell_width(t, col, c.colspan), WidthType::Dxa);
                col += c.colspan as usize;
                if c.colspan > 1 {
                    cell = cell.grid_span(c.colspan as usize);
                }
                if header {
                    cell = cell.shading(Shading::new().fill(accent));
                } else if r.sum {
                    cell = cell.shading(Shading::new().fill("EEF1F5"));
                }
                let align = if c.numeric {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                };
                let color = if header { Some("FFFFFF") } else { None };
                let bold = header || r.sum;
                if c.content.is_empty() {
                    return cell.add_paragraph(Paragraph::new().align(align));
                }
                for b in &c.content {
                    match b {
                        Block::Paragraph { text, .. } => {
                            cell = cell.add_paragraph(runs(
                                Paragraph::new().align(align),
                                text,
                                bold,
                                false,
                                None,
                                color,
                            ));
                        }
                        Block::List(items) => {
                            for item in items {
                                let mut with_bullet = vec![Inline::Text("• ".into())];
                                with_bullet.extend(item.iter().cloned());
                                cell = cell.add_paragraph(runs(
                                    Paragraph::new(),
                                    &with_bullet,
                                    bold,
                                    false,
                                    None,
                                    color,
                                ));
                            }
                        }
                        _ => {}
                    }
                }
                cell
            })
            .collect();
        let mut row = TableRow::new(cells).cant_split();
        if header {
            row = row.row_height(HEADER_MARK);
        }
        row
    };
    for r in &t.head {
        rows.push(mk_row(r, true));
    }
    for r in t.body.iter().chain(&t.foot) {
        rows.push(mk_row(r, false));
    }
    let grid: Vec<usize> = (0..t.widths.len()).map(|i| cell_width(t, i, 1)).collect();
    docx_rs::Table::new(rows)
        .set_grid(grid)
        .width(TEXT_W, WidthType::Dxa)
}

fn add_blocks(mut docx: Docx, blocks: &[Block], accent: &str) -> Docx {
    for b in blocks {
        docx = match b {
            Block::Heading { level, text } => docx.add_paragraph(runs(
                Paragraph::new().style(&format!("Heading{level}")),
                text,
                false,
                false,
                None,
                None,
            )),
            Block::Paragraph { style, text } => docx.add_paragraph(paragraph(*style, text, accent)),
            Block::List(items) => {
                let mut d = docx;
                for item in items {
                    let mut with_bullet = vec![Inline::Text("•\u{a0}".into())];
                    with_bullet.extend(item.iter().cloned());
                    d = d.add_paragraph(runs(
                        Paragraph::new().indent(
                            Some(360),
                            Some(docx_rs::SpecialIndentType::Hanging(240)),
                            None,
                            None,
                        ),
                        &with_bullet,
                        false,
                        false,
                        None,
                        None,
                    ));
                }
                d
            }
            Block::Table(t) => docx
                .add_table(table(t, accent))
                .add_paragraph(Paragraph::new()),
            Block::Image(i) => {
                // DOCX gets a raster of an SVG, sharp enough for print.
                let png = match i.kind.as_str() {
                    "png" => Ok(i.data.clone()),
                    _ => String::from_utf8(i.data.clone())
                        .map_err(|e| e.to_string())
                        .and_then(|svg| super::raster::to_png(&svg, i.width_mm, RASTER_DPI)),
                };
                let docx = match png {
                    Ok(png) => {
                        let emu_w = i.width_mm * 36_000;
                        let pic = Pic::new(&png);
                        let (w, h) = pic.size;
                        let emu_h = if w > 0 {
                            (u64::from(emu_w) * u64::from(h) / u64::from(w)) as u32
                        } else {
                            emu_w
                        };
                        docx.add_paragraph(
                            Paragraph::new()
                                .align(AlignmentType::Center)
                                .keep_next(i.caption.is_some())
                                .add_run(Run::new().add_image(pic.size(emu_w, emu_h))),
                        )
                    }
                    // An image that cannot be drawn is described instead, never dropped.
                    Err(_) => docx.add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .add_run(Run::new().add_text(format!("[{}]", i.alt)).italic()),
                    ),
                };
                match &i.caption {
                    Some(caption) => docx.add_paragraph(
                        Paragraph::new().align(AlignmentType::Center).add_run(
                            Run::new()
                                .add_text(caption.as_str())
                                .italic()
                                .size(19)
                                .color("404040"),
                        ),
                    ),
                    None => docx,
                }
            }
            Block::Toc { title } => docx
                .add_paragraph(
                    Paragraph::new().add_run(
                        Run::new()
                            .add_text(title.as_str())
                            .bold()
                            .size(34)
                            .color(accent),
                    ),
                )
                .add_table_of_contents(TableOfContents::new().heading_styles_range(1, 3).auto()),
            Block::PageBreak => {
                docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            }
        };
    }
    docx
}

fn xml_escape(s: &str) -> String {
    crate::doc::escape(s)
}

/// Writes the document as DOCX.
pub fn write(doc: &Document, options: &WriteOptions) -> Result<Written, WriteError> {
    let d = options.date;
    let created = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year(),
        u8::from(d.month()),
        d.day()
    );
    build(doc, &created)
        .map(Written::clean)
        .map_err(|e| WriteError::Docx(e.0))
}

fn build(doc: &Document, created: &str) -> Result<Vec<u8>, DocxError> {
    let accent = hex(&doc.accent);
    let header = Header::new().add_paragraph(
        Paragraph::new().align(AlignmentType::Right).add_run(
            Run::new()
                .add_text(doc.running_header.as_str())
                .size(18)
                .color("555555"),
        ),
    );
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("Side ").size(18))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" av ").size(18))
            .add_num_pages(NumPages::new()),
    );
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(1417)
                .bottom(1247)
                .left(MARGIN_X)
                .right(MARGIN_X)
                .header(708)
                .footer(708),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .east_asia("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        // lineRule spelled out: LibreOffice reads a bare w:line as exact and clips inline images.
        .default_line_spacing(
            LineSpacing::new()
                .after(120)
                .line(264)
                .line_rule(docx_rs::LineSpacingType::Auto),
        )
        .header(header)
        .footer(footer)
        .first_header(Header::new())
        .first_footer(Footer::new())
        .title_pg()
        .created_at(created);
    docx = styles(docx, &accent);
    docx = add_blocks(docx, &doc.cover, &accent);
    docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    docx = add_blocks(docx, &doc.body, &accent);
    let mut xml = docx.build();
    xml.document = describe_images(&fix_element_order(&patch_header_rows(&xml.document)), doc);
    xml.headers = xml.headers.iter().map(|h| fix_element_order(h)).collect();
    xml.footers = xml.footers.iter().map(|f| fix_element_order(f)).collect();
    // Word fills the TOC and the page fields on opening; settings children in schema order.
    xml.settings = patch(
        &xml.settings,
        "<w:compat>",
        "<w:updateFields w:val=\"true\" /><w:compat>",
    )?;
    xml.settings = patch(
        &xml.settings,
        "<w:defaultTabStop w:val=\"840\" /><w:zoom w:percent=\"100\" />",
        "<w:zoom w:percent=\"100\" /><w:defaultTabStop w:val=\"840\" />",
    )?;
    let lang = &doc.lang;
    xml.styles = String::from_utf8_lossy(&xml.styles)
        .replacen("<w:rPrDefault><w:rPr>", &format!("<w:rPrDefault><w:rPr><w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"ar-SA\" />"), 1)
        .into_bytes();
    xml.styles = fix_element_order(&xml.styles);
    xml.doc_props.core = patch(
        &xml.doc_props.core,
        "</cp:coreProperties>",
        &format!(
            "<dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language></cp:coreProperties>",
            xml_escape(&doc.title),
            xml_escape(&doc.author),
            xml_escape(lang)
        ),
    )?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

fn patch(part: &[u8], anchor: &str, replacement: &str) -> Result<Vec<u8>, DocxError> {
    let text = String::from_utf8_lossy(part);
    if !text.contains(anchor) {
        return Err(DocxError(format!("fant ikke {anchor} i DOCX-delen")));
    }
    Ok(text.replacen(anchor, replacement, 1).into_bytes())
}

/// Resolution of the raster an SVG chart becomes in DOCX.
const RASTER_DPI: u32 = 220;

/// docx-rs names every drawing `id="1" name="Figure"` without a description; give each its own
/// id and the image's alt text (`descr`), which Word and screen readers read.
fn describe_images(document: &[u8], doc: &Document) -> Vec<u8> {
    const UNNAMED: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";
    let alts: Vec<&str> = doc
        .cover
        .iter()
        .chain(&doc.body)
        .filter_map(|b| match b {
            Block::Image(i) => Some(i.alt.as_str()),
            _ => None,
        })
        .collect();
    let text = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    let mut n = 0;
    while let Some(at) = rest.find(UNNAMED) {
        out.push_str(&rest[..at]);
        let alt = alts.get(n).copied().unwrap_or_default();
        n += 1;
        out.push_str(&format!(
            "<wp:docPr id=\"{n}\" name=\"Bilde {n}\" descr=\"{}\" />",
            xml_escape(alt)
        ));
        rest = &rest[at + UNNAMED.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Header rows carry a marker height; replace it with `w:tblHeader` so Word repeats them.
fn patch_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    let mark = format!(
        "<w:trHeight w:val=\"{}\" w:hRule=\"atLeast\" />",
        HEADER_MARK
    );
    text.replace(&mark, "<w:tblHeader />").into_bytes()
}

/// docx-rs writes some children in an order the schema forbids: an empty paragraph-mark
/// `w:rPr` first in `w:pPr` (it must be last; empty, it can go), and the header and footer
/// references after the page settings in `w:sectPr` (they must come first).
fn fix_element_order(part: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(part)
        .replace("<w:pPr><w:rPr /></w:pPr>", "")
        .replace("<w:pPr><w:rPr />", "<w:pPr>")
        .replace(" w:type=\"dxa\" />", " />");
    // Tab stops (docx-rs puts the TOC's right tab far outside the page) at the text width.
    let text = text.replace("w:pos=\"80000\"", &format!("w:pos=\"{TEXT_W}\""));
    let text = if text.contains("<w:styles") {
        sort_children(
            &sort_children(&text, "style", &STYLE_ORDER),
            "rPr",
            &RPR_ORDER,
        )
    } else {
        sort_children(&sort_children(&text, "rPr", &RPR_ORDER), "pPr", &PPR_ORDER)
    };
    let Some(start) = text.find("<w:sectPr>") else {
        return text.into_bytes();
    };
    let Some(len) = text[start..].find("</w:sectPr>") else {
        return text.into_bytes();
    };
    let body_start = start + "<w:sectPr>".len();
    let body = &text[body_start..start + len];
    let mut references = String::new();
    let mut rest = String::new();
    let mut remaining = body;
    while let Some(open) = remaining.find('<') {
        rest.push_str(&remaining[..open]);
        let Some(close) = remaining[open..].find("/>") else {
            break;
        };
        let element = &remaining[open..open + close + 2];
        if element.starts_with("<w:headerReference") || element.starts_with("<w:footerReference") {
            references.push_str(element);
        } else {
            rest.push_str(element);
        }
        remaining = &remaining[open + close + 2..];
    }
    rest.push_str(remaining);
    format!(
        "{}{references}{rest}{}",
        &text[..body_start],
        &text[start + len..]
    )
    .into_bytes()
}

/// The schema's order of run properties (CT_RPr) and paragraph properties (CT_PPr).
const RPR_ORDER: [&str; 26] = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "vanish",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "lang",
    "specVanish",
];
const PPR_ORDER: [&str; 14] = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
];

/// The schema's order of a style's children (CT_Style).
const STYLE_ORDER: [&str; 16] = [
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "pPr",
    "rPr",
    "tblPr",
    "tcPr",
];

/// Sorts the children of every `<w:{name}>` element by the schema's order (docx-rs writes
/// e.g. `w:sz` before `w:b`). Children may have one level of content (`w:tabs`).
fn sort_children(text: &str, name: &str, order: &[&str]) -> String {
    let open = format!("<w:{name}");
    let close = format!("</w:{name}>");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let tag_rest = &rest[start + open.len()..];
        let Some(gt) = tag_rest.find('>') else { break };
        let next = tag_rest.as_bytes().first().copied();
        if !matches!(next, Some(b'>') | Some(b' ')) || tag_rest[..gt].ends_with('/') {
            // Another element with this prefix (w:rPrChange) or an empty one: leave it.
            out.push_str(&rest[..start + open.len()]);
            rest = tag_rest;
            continue;
        }
        let content_start = start + open.len() + gt + 1;
        let Some(len) = find_closing(&rest[content_start..], &close) else {
            break;
        };
        out.push_str(&rest[..content_start]);
        let mut children = split_children(&rest[content_start..content_start + len]);
        let rank = |c: &str| {
            let tag: String = c[3..]
                .chars()
                .take_while(|ch| ch.is_alphanumeric())
                .collect();
            order.iter().position(|o| *o == tag).unwrap_or(order.len())
        };
        children.sort_by_key(|c| rank(c));
        for c in children {
            if name == "rPr" {
                out.push_str(c);
            } else {
                out.push_str(&sort_children(
                    &sort_children(c, "rPr", &RPR_ORDER),
                    "pPr",
                    &PPR_ORDER,
                ));
            }
        }
        out.push_str(&close);
        rest = &rest[content_start + len + close.len()..];
    }
    out.push_str(rest);
    out
}

/// The position of the `close` tag that ends the element whose content starts `text`.
fn find_closing(text: &str, close: &str) -> Option<usize> {
    text.find(close)
}

/// Splits element content into its child elements (self-closing or with content).
fn split_children(content: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("<w:") {
        let after = &rest[start..];
        let Some(gt) = after.find('>') else { break };
        let end = if after[..gt].ends_with('/') {
            gt + 1
        } else {
            let tag: String = after[3..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            let close = format!("</w:{tag}>");
            match after.find(&close) {
                Some(p) => p + close.len(),
                None => break,
            }
        };
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}
