//! Free text: the Markdown a plan writes in its text fields, read once by one walker that both
//! checks it (`problem`, for `check`) and turns it into the document markup (`to_markup`, for
//! the templates), by the rules of the place the text stands. So a text `check` accepts always
//! renders, and what a place cannot hold is refused with what to write instead.

use crate::doc::escape;
use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Where a text stands in the document, which decides what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A text of its own in a section whose heading has `level`: paragraphs, lists nested to
    /// three levels, sub-headings (one level under the section's), tables, images and links.
    Section { level: u8 },
    /// A table cell: paragraphs, lists and links.
    Cell,
    /// Inside a sentence of the template's (a note after its marker): one run of text, where
    /// paragraphs become line breaks and a bullet list becomes bulleted lines.
    Line,
}

impl Place {
    fn blocks(self) -> bool {
        matches!(self, Place::Section { .. })
    }
}

/// The deepest sub-heading level (`<h4>`).
const DEEPEST_HEADING: u8 = 4;

/// The widest an image in a text is drawn, in millimetres (the page's text width).
pub const IMAGE_WIDTH_MM: u32 = 160;

/// The Markdown extensions a plan may use: tables (`| a | b |`).
/// Footnotes are read only to be refused with a message (otherwise `[^1]: …` would vanish as
/// a link definition).
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

/// A link target as the documents use it: a web or mail address, with `www.` addresses made
/// `https://` ones; `None` for anything else (a file, a script).
pub fn web_address(dest: &str) -> Option<String> {
    let dest = dest.trim();
    let url = if dest.to_ascii_lowercase().starts_with("www.") {
        format!("https://{dest}")
    } else {
        dest.to_string()
    };
    crate::doc::read::is_web_address(&url).then_some(url)
}

/// The image file names a text refers to (`![alt](bilde.png "caption")`), as written.
pub fn images(text: &str) -> Vec<String> {
    Parser::new_ext(&crate::doc::clean(text), options())
        .filter_map(|e| match e {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// The key an image in a text has in the renderer's image map.
pub fn image_key(file: &str) -> String {
    format!("fil:{file}")
}

/// The first thing in `text` that its place cannot hold, as «what; what to write instead».
pub fn problem(text: &str, place: Place) -> Option<&'static str> {
    let mut w = Walker::new(place);
    // Read as `to_markup` reads it: without the control characters no document can carry.
    w.walk(&crate::doc::clean(text));
    w.problem
}

/// The text as markup in the document vocabulary (escaped; never raw HTML from the plan).
pub fn to_markup(text: &str, place: Place) -> String {
    let mut w = Walker::new(place);
    w.walk(&crate::doc::clean(text));
    let out = w.out.trim().to_string();
    if place == Place::Line {
        out.trim_start_matches("<br/>")
            .trim_end_matches("<br/>")
            .to_string()
    } else {
        out
    }
}

/// The text as paragraphs whose first one begins with `label` (markup, e.g. `<b>Effektmål:</b>`);
/// when the text begins with something else (a list, a table), the label stands alone first.
pub fn labelled(label: &str, text: &str, level: u8) -> String {
    let body = to_markup(text, Place::Section { level });
    match body.strip_prefix("<p>") {
        Some(rest) => format!("<p>{label} {rest}"),
        None => format!("<p>{label}</p>\n{body}"),
    }
}

/// A paragraph being written: its markup, its plain text, and an image standing alone in it.
#[derive(Default)]
struct Paragraph {
    markup: String,
    plain: String,
    image: Option<String>,
    other: bool,
}

/// An image being read: its file, caption and alt text (the text between the brackets).
struct PendingImage {
    file: String,
    caption: String,
    alt: String,
}

struct Walker {
    place: Place,
    out: String,
    problem: Option<&'static str>,
    /// Open lists: numbered, and the number of the next item (for `Place::Line`).
    lists: Vec<(bool, u64)>,
    /// In each open item: paragraphs so far, and whether its sub-list has been written.
    items: Vec<(usize, bool)>,
    paragraph: Option<Paragraph>,
    image: Option<PendingImage>,
    table: Option<Vec<Alignment>>,
    in_head: bool,
    cell: usize,
    /// The level of the sub-heading being written.
    heading: Option<u8>,
    /// Open links: whether each is written as `<a>` (a refused one is shown as its text).
    links: Vec<bool>,
    /// The last block written was a table or a note under one: a paragraph that begins with
    /// a note marker is then a note.
    after_table: bool,
    /// In a list of notes under a table: the number the next note has.
    notes: Option<u64>,
    /// Lists opened inside a note (refused; their events are passed over).
    notes_nested: usize,
    /// Whether the sub-heading being written has any text.
    heading_text: bool,
    /// The level of the last heading, so a sub-heading never skips a level.
    last_level: u8,
}

/// Whether a paragraph under a table is a note to it: it begins «1)», «¹», «*» or «NB».
fn is_note(plain: &str) -> bool {
    let t = plain.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && t[digits..].starts_with(')'))
        || t.starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '*'])
        || t.starts_with("NB")
}

impl Walker {
    fn new(place: Place) -> Walker {
        Walker {
            place,
            out: String::new(),
            problem: None,
            lists: Vec::new(),
            items: Vec::new(),
            paragraph: None,
            image: None,
            table: None,
            in_head: false,
            cell: 0,
            heading: None,
            links: Vec::new(),
            after_table: false,
            notes: None,
            notes_nested: 0,
            heading_text: false,
            last_level: match place {
                Place::Section { level } => level,
                _ => 0,
            },
        }
    }

    fn refuse(&mut self, problem: &'static str) {
        self.problem.get_or_insert(problem);
    }

    /// Where inline markup goes now: the open paragraph, or the output.
    fn push(&mut self, markup: &str) {
        match &mut self.paragraph {
            Some(p) => {
                p.markup.push_str(markup);
                p.other = true;
            }
            None => self.out.push_str(markup),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        if self.items.last().is_some_and(|(_, sub)| *sub) && !text.trim().is_empty() {
            self.refuse(
                "tekst etter en underliste i samme punkt; skriv teksten før underlisten, eller som et eget punkt",
            );
        }
        if let Some(p) = &mut self.paragraph {
            p.plain.push_str(text);
        }
        if self.heading.is_some() && !text.trim().is_empty() {
            self.heading_text = true;
        }
        self.push(&escape(text));
    }

    fn walk(&mut self, text: &str) {
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            // A list numbered «1)», «2)» right under a table is the table's notes.
            if let Event::Start(Tag::List(Some(start))) = &event
                && self.after_table
                && self.place.blocks()
                && self.items.is_empty()
            {
                let source = text.get(range).unwrap_or_default().trim_start();
                let digits = source.chars().take_while(char::is_ascii_digit).count();
                if source[digits..].starts_with(')') {
                    self.notes = Some(*start);
                    continue;
                }
            }
            if self.notes.is_some() && self.note_event(&event) {
                continue;
            }
            self.event(event);
        }
    }

    /// An event of a list of notes under a table: each item a note paragraph «1) …», its
    /// paragraphs joined by line breaks. Whether the event was taken.
    fn note_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Start(Tag::List(_)) => {
                self.refuse(
                    "en liste inne i en merknad under en tabell; skriv merknaden som ett avsnitt",
                );
                self.notes_nested += 1;
                true
            }
            Event::End(TagEnd::List(_)) if self.notes_nested > 0 => {
                self.notes_nested -= 1;
                true
            }
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) if self.notes_nested > 0 => true,
            Event::Start(Tag::Item) => {
                let n = self.notes.unwrap_or(1);
                self.notes = Some(n.saturating_add(1));
                self.out.push_str(&format!("<p class=\"note\">{n}) "));
                self.items.push((0, false));
                true
            }
            Event::End(TagEnd::Item) => {
                self.items.pop();
                self.out.push_str("</p>\n");
                true
            }
            Event::End(TagEnd::List(_)) => {
                self.notes = None;
                true
            }
            Event::Start(Tag::Paragraph) => {
                if let Some((n, _)) = self.items.last_mut() {
                    if *n > 0 {
                        self.out.push_str("<br/>");
                    }
                    *n += 1;
                }
                true
            }
            Event::End(TagEnd::Paragraph) => true,
            _ => false,
        }
    }

    fn event(&mut self, event: Event) {
        let in_item = !self.items.is_empty();
        match event {
            Event::Start(Tag::Paragraph) => {
                if in_item || self.table.is_some() {
                    let first = self.items.last().map(|(n, _)| *n).unwrap_or(0);
                    if first > 0 {
                        self.push("<br/>");
                    }
                    if let Some((n, _)) = self.items.last_mut() {
                        *n += 1;
                    }
                } else if self.place == Place::Line {
                    self.out.push_str("<br/>");
                } else {
                    self.paragraph = Some(Paragraph::default());
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = self.paragraph.take() {
                    match (p.image, p.other) {
                        (Some(image), false) => {
                            self.out.push_str(&image);
                            self.out.push('\n');
                        }
                        (image, _) => {
                            if image.is_some() {
                                self.refuse(
                                    "et bilde midt i et avsnitt; sett bildet (![alternativ tekst](fil.png \"Figur 1. …\")) på en egen linje med tom linje før og etter",
                                );
                            }
                            let note = self.after_table && is_note(&p.plain);
                            self.out
                                .push_str(if note { "<p class=\"note\">" } else { "<p>" });
                            self.out.push_str(p.markup.trim());
                            self.out.push_str("</p>\n");
                            self.after_table = note;
                            return;
                        }
                    }
                }
                self.after_table = false;
            }
            Event::Start(Tag::List(first)) => {
                if self.lists.len() >= crate::doc::MAX_LIST_DEPTH {
                    self.refuse(
                        "en liste mer enn tre nivåer inne i hverandre; skriv punktene med høyst tre nivåer innrykk",
                    );
                }
                if self.place == Place::Line && !self.lists.is_empty() {
                    self.refuse(
                        "en liste inne i en liste, som denne teksten ikke kan ha (den står inne i en setning); skriv punktene med ett nivå",
                    );
                }
                if self.table.is_some() {
                    self.refuse("en liste i en tabellcelle; skriv cellen som vanlig tekst");
                }
                if self.items.last().is_some_and(|(_, sub)| *sub) {
                    self.refuse(
                        "to lister under samme punkt (for eksempel en nummerert og en med strek); skriv dem som én liste, eller gi hver sitt punkt",
                    );
                }
                if let Some((_, sub)) = self.items.last_mut() {
                    *sub = true;
                }
                let ordered = first.is_some();
                let start = first.unwrap_or(1);
                self.lists.push((ordered, start));
                if self.place != Place::Line {
                    if !ordered {
                        self.out.push_str("<ul>");
                    } else if start == 1 {
                        self.out.push_str("<ol>");
                    } else {
                        // A number beyond u32 is shown from 1: the list stays readable.
                        let start = u32::try_from(start).unwrap_or(1);
                        self.out.push_str(&format!("<ol start=\"{start}\">"));
                    }
                }
                self.after_table = false;
            }
            Event::End(TagEnd::List(ordered)) => {
                self.lists.pop();
                if self.place != Place::Line {
                    self.out
                        .push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
                }
            }
            Event::Start(Tag::Item) => {
                if self.place == Place::Line {
                    let mark = match self.lists.last_mut() {
                        Some((true, n)) => {
                            let mark = format!("{n}. ");
                            *n = n.saturating_add(1);
                            mark
                        }
                        _ => "• ".to_string(),
                    };
                    self.out.push_str("<br/>");
                    self.out.push_str(&mark);
                } else {
                    self.out.push_str("<li>");
                }
                self.items.push((0, false));
            }
            Event::End(TagEnd::Item) => {
                self.items.pop();
                if self.place != Place::Line {
                    self.out.push_str("</li>");
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                if !self.place.blocks() || in_item || self.table.is_some() {
                    self.refuse(
                        "en overskrift (en linje som begynner med «#»), som ikke kan stå her; skriv den som et avsnitt med **fet** tekst, eller legg teksten i et eget kapittel (kapitler:)",
                    );
                    self.paragraph = Some(Paragraph::default());
                    return;
                }
                let Place::Section { level: base } = self.place else {
                    return;
                };
                // One level under the section, and never more than one under the heading
                // before it (`###` right after the section is its first sub-heading).
                let level = base
                    .saturating_add(level as u8)
                    .min(self.last_level.saturating_add(1))
                    .max(base.saturating_add(1))
                    .min(DEEPEST_HEADING);
                self.out.push_str(&format!("<h{level} class=\"sub\">"));
                self.heading = Some(level);
                self.heading_text = false;
                self.last_level = level;
                self.after_table = false;
            }
            Event::End(TagEnd::Heading(_)) => match self.heading.take() {
                Some(level) => {
                    if !self.heading_text {
                        self.refuse(
                            "en tom overskrift (en linje med bare «#»); skriv overskriften etter «# », eller fjern linjen",
                        );
                    }
                    self.out.push_str(&format!("</h{level}>\n"));
                    self.after_table = false;
                }
                // A refused heading was kept as a paragraph.
                None => self.event(Event::End(TagEnd::Paragraph)),
            },
            Event::Start(Tag::Table(alignments)) => {
                if !self.place.blocks() || in_item {
                    self.refuse(
                        "en tabell, som ikke kan stå her; legg tabellen i et eget kapittel (kapitler:) eller i innledningen til seksjonen",
                    );
                }
                self.out.push_str("<table widths=\"auto\">");
                self.table = Some(alignments);
            }
            Event::End(TagEnd::Table) => {
                self.out.push_str("</tbody></table>\n");
                self.table = None;
                self.after_table = true;
            }
            Event::Start(Tag::TableHead) => {
                self.out.push_str("<thead><tr>");
                self.in_head = true;
                self.cell = 0;
            }
            Event::End(TagEnd::TableHead) => {
                self.out.push_str("</tr></thead><tbody>");
                self.in_head = false;
            }
            Event::Start(Tag::TableRow) => {
                self.out.push_str("<tr>");
                self.cell = 0;
            }
            Event::End(TagEnd::TableRow) => self.out.push_str("</tr>"),
            Event::Start(Tag::TableCell) => {
                let numeric = self
                    .table
                    .as_ref()
                    .and_then(|a| a.get(self.cell))
                    .is_some_and(|a| *a == Alignment::Right);
                let tag = if self.in_head { "th" } else { "td" };
                self.out.push_str(&format!(
                    "<{tag}{}>",
                    if numeric { " class=\"num\"" } else { "" }
                ));
            }
            Event::End(TagEnd::TableCell) => {
                self.out
                    .push_str(if self.in_head { "</th>" } else { "</td>" });
                self.cell += 1;
            }
            Event::Start(Tag::Strong) => self.push("<b>"),
            Event::End(TagEnd::Strong) => self.push("</b>"),
            Event::Start(Tag::Emphasis) => self.push("<i>"),
            Event::End(TagEnd::Emphasis) => self.push("</i>"),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let url = match link_type {
                    LinkType::Email => web_address(&format!("mailto:{dest_url}")),
                    _ => web_address(&dest_url),
                };
                match url {
                    Some(url) => {
                        self.push(&format!("<a href=\"{}\">", escape(&url)));
                        self.links.push(true);
                    }
                    None => {
                        self.refuse(
                            "en lenke som ikke er en nettadresse; skriv [tekst](https://…) eller [tekst](mailto:…)",
                        );
                        self.links.push(false);
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                // A refused link was shown as its text, with nothing to close.
                let close = if self.links.pop() == Some(true) {
                    "</a>"
                } else {
                    ""
                };
                self.push(close);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                if !self.place.blocks() || in_item || self.table.is_some() {
                    self.refuse(
                        "et bilde, som ikke kan stå her; sett bildet i et eget kapittel (kapitler:) eller i innledningen til seksjonen",
                    );
                }
                self.image = Some(PendingImage {
                    file: dest_url.to_string(),
                    caption: title.to_string(),
                    alt: String::new(),
                });
            }
            Event::End(TagEnd::Image) => {
                let Some(image) = self.image.take() else {
                    return;
                };
                if image.alt.trim().is_empty() {
                    self.refuse(
                        "et bilde uten alternativ tekst; skriv hva bildet viser mellom klammene: ![Kart over regionen](kart.png)",
                    );
                }
                let caption = if image.caption.trim().is_empty() {
                    String::new()
                } else {
                    format!(" caption=\"{}\"", escape(image.caption.trim()))
                };
                let markup = format!(
                    "<img src=\"{}\" alt=\"{}\" width=\"{IMAGE_WIDTH_MM}\"{caption}/>",
                    escape(&image_key(&image.file)),
                    escape(image.alt.trim())
                );
                match &mut self.paragraph {
                    Some(p) if p.image.is_none() && !p.other => p.image = Some(markup),
                    Some(p) => {
                        // A second image, or one among text: shown as its alt text.
                        self.problem.get_or_insert(
                            "et bilde midt i et avsnitt; sett hvert bilde på en egen linje med tom linje før og etter",
                        );
                        p.markup.push_str(&escape(image.alt.trim()));
                        p.other = true;
                    }
                    None => self.out.push_str(&escape(image.alt.trim())),
                }
            }
            // A line break written as HTML is a line break; other inline HTML is shown as text.
            Event::InlineHtml(t)
                if matches!(
                    t.trim().to_ascii_lowercase().as_str(),
                    "<br>" | "<br/>" | "<br />"
                ) =>
            {
                self.push("<br/>")
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::InlineMath(t) => {
                self.text(&t)
            }
            Event::Html(t) | Event::DisplayMath(t) => {
                self.refuse(
                    "HTML-kode (linjer som begynner med «<»); skriv vanlig tekst, med **fet** og *kursiv* der det trengs",
                );
                if self.paragraph.is_none() && self.place != Place::Line {
                    self.out.push_str("<p>");
                    self.out.push_str(&escape(&t));
                    self.out.push_str("</p>\n");
                } else {
                    self.text(&t);
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push("<br/>"),
            Event::Start(Tag::BlockQuote(_)) => {
                self.refuse(
                    "et sitat (linjer som begynner med «>»); skriv sitatet som et vanlig avsnitt, gjerne i anførselstegn",
                );
            }
            Event::Start(Tag::CodeBlock(_)) => {
                if in_item {
                    self.refuse(
                        "en kodeblokk (innrykk på fire mellomrom) inne i en liste; skriv punktene som vanlig tekst med to mellomroms innrykk",
                    );
                }
                self.event(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::CodeBlock) => self.event(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_) => {
                self.refuse(
                    "en fotnote, som fritekst ikke kan ha; skriv merknaden som et avsnitt som begynner med «1)»",
                );
            }
            Event::Rule => {}
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTION: Place = Place::Section { level: 1 };

    #[test]
    fn paragraphs_lists_and_emphasis() {
        assert_eq!(
            to_markup(
                "Første **fet** og *kursiv* <w:t> & \"q\"\n\n- en\n- to {{ 7*7 }}\u{7}",
                SECTION
            ),
            "<p>Første <b>fet</b> og <i>kursiv</i> &lt;w:t&gt; &amp; &quot;q&quot;</p>\n<ul><li>en</li><li>to {{ 7*7 }}</li></ul>"
        );
    }

    #[test]
    fn numbered_and_nested_lists_to_three_levels() {
        let m = to_markup("3. tre\n4. fire\n   - under\n     1. dypest", SECTION);
        assert_eq!(
            m,
            "<ol start=\"3\"><li>tre</li><li>fire<ul><li>under<ol><li>dypest</li></ol>\n</li></ul>\n</li></ol>"
        );
        assert_eq!(
            problem("- a\n  - b\n    - c\n      - d", SECTION).map(|p| &p[..10]),
            Some("en liste m")
        );
        assert_eq!(problem("- a\n  - b\n    - c", SECTION), None);
    }

    #[test]
    fn sub_headings_sit_under_the_section() {
        assert_eq!(
            to_markup(
                "# Særskilte satsinger\n\nTekst",
                Place::Section { level: 1 }
            ),
            "<h2 class=\"sub\">Særskilte satsinger</h2>\n<p>Tekst</p>"
        );
        assert_eq!(
            to_markup("## Dypere", Place::Section { level: 3 }),
            "<h4 class=\"sub\">Dypere</h4>"
        );
        assert!(problem("# Overskrift", Place::Cell).is_some());
    }

    #[test]
    fn tables_with_figures_right_aligned_and_notes_under() {
        let m = to_markup(
            "| Strategi | Jobber |\n|---|---:|\n| A 1) | 10 |\n\n1) Delmål er delvis konkrete.\n2) Måltall.\n\nVanlig avsnitt.",
            SECTION,
        );
        assert_eq!(
            m,
            "<table widths=\"auto\"><thead><tr><th>Strategi</th><th class=\"num\">Jobber</th></tr></thead><tbody><tr><td>A 1)</td><td class=\"num\">10</td></tr></tbody></table>\n<p class=\"note\">1) Delmål er delvis konkrete.</p>\n<p class=\"note\">2) Måltall.</p>\n<p>Vanlig avsnitt.</p>"
        );
        assert!(problem("| a |\n|---|\n| b |", Place::Cell).is_some());
    }

    #[test]
    fn links_are_web_addresses_only() {
        assert_eq!(
            to_markup(
                "Se [regionalomstilling.no](www.regionalomstilling.no).",
                SECTION
            ),
            "<p>Se <a href=\"https://regionalomstilling.no\">regionalomstilling.no</a>.</p>"
                .replace(
                    "https://regionalomstilling",
                    "https://www.regionalomstilling"
                )
        );
        assert!(problem("[x](javascript:alert(1))", SECTION).is_some());
        assert_eq!(to_markup("[x](fil.txt)", SECTION), "<p>x</p>");
    }

    #[test]
    fn an_image_on_its_own_line_is_a_figure() {
        assert_eq!(
            to_markup("![Kart](kart.png \"Figur 1. Kart\")", SECTION),
            "<img src=\"fil:kart.png\" alt=\"Kart\" width=\"160\" caption=\"Figur 1. Kart\"/>"
        );
        assert_eq!(images("Tekst\n\n![Kart](kart.png)"), ["kart.png"]);
        assert!(problem("Tekst ![Kart](kart.png) midt i", SECTION).is_some());
        assert!(problem("![](kart.png)", SECTION).is_some());
        assert!(problem("![Kart](kart.png)", Place::Cell).is_some());
    }

    #[test]
    fn a_line_keeps_lists_as_bulleted_lines() {
        assert_eq!(
            to_markup("Ett\n\nTo\n\n- a\n- b", Place::Line),
            "Ett<br/>To<br/>• a<br/>• b"
        );
        assert!(problem("- a\n  - b", Place::Line).is_some());
    }

    #[test]
    fn a_label_starts_the_first_paragraph() {
        assert_eq!(
            labelled("<b>Effektmål:</b>", "Flere jobber.\n\n- a", 2),
            "<p><b>Effektmål:</b> Flere jobber.</p>\n<ul><li>a</li></ul>"
        );
        assert_eq!(
            labelled("<b>Effektmål:</b>", "- a", 2),
            "<p><b>Effektmål:</b></p>\n<ul><li>a</li></ul>"
        );
    }

    #[test]
    fn headings_never_skip_a_level_and_are_never_empty() {
        assert_eq!(
            to_markup("### Dypt\n\n# Grunt\n\n## Under", SECTION),
            "<h2 class=\"sub\">Dypt</h2>\n<h2 class=\"sub\">Grunt</h2>\n<h3 class=\"sub\">Under</h3>"
        );
        assert!(problem("#", SECTION).is_some());
        assert!(problem("# [](https://x.no)", SECTION).is_some());
    }

    #[test]
    fn notes_keep_their_numbers_and_paragraphs_and_refuse_lists() {
        let table = "| a |\n|---|\n| b |\n\n";
        assert!(
            to_markup(&format!("{table}0) null\n1) en\n\n   mer"), SECTION)
                .ends_with("<p class=\"note\">0) null</p>\n<p class=\"note\">1) en<br/>mer</p>")
        );
        assert!(problem(&format!("{table}1) note\n   - sub"), SECTION).is_some());
    }

    #[test]
    fn control_characters_are_removed_before_reading() {
        // A control character in a table's rule would make it a table only after cleaning.
        assert!(problem("| a |\n|-\u{7}--|\n| b |", Place::Cell).is_some());
        assert_eq!(images("![Kart](kart\u{1b}.png)"), ["kart.png"]);
    }

    #[test]
    fn quotes_html_and_footnotes_are_refused() {
        assert!(problem("> sitat", SECTION).is_some());
        assert!(problem("<div>x</div>", SECTION).is_some());
        assert!(problem("Tekst[^1]\n\n[^1]: note", SECTION).is_some());
        assert_eq!(problem("Vanlig **tekst**.", Place::Line), None);
    }

    /// Pieces real texts are made of, and the odd ones a careless edit makes.
    const PIECES: [&str; 46] = [
        "- a",
        "1. b",
        "3. c",
        "0. null",
        "99999999999. stor",
        "3) c",
        "# H",
        "## H2",
        "#",
        "| a | b |\n|---|--:|\n| 1 | 2 |",
        "| |\n|---|\n| x |",
        "![alt](x.png \"cap\")",
        "![](y.png)",
        "![alt](x.png)",
        "[l](https://x.no)",
        "[l](fil)",
        "[![alt](x.png)](https://x.no)",
        "**b [l](mailto:a@b.no) b**",
        "*i*",
        "> q",
        "<div>",
        "    code",
        "1) note",
        "NB note",
        "text",
        "",
        "---",
        "* star",
        "+ plus",
        "  - nested",
        "    - deeper",
        "      - deepest",
        "        - too deep",
        "Tekst[^1]",
        "[^1]: fotnote",
        "<br>",
        "&amp; \\",
        "`code`",
        "   1. innrykket",
        "-",
        "| a |\n|-\u{7}--|\n| b |",
        "![Kart](kart\u{1b}.png)",
        "| a |\n|---|\n| b |\n\n1) note\n   - sub",
        "1) a\n\n   mer",
        "# [](https://x.no)",
        "Tekst\n---",
    ];
    const SEPARATORS: [&str; 4] = ["\n", "\n\n", "\n  ", " "];

    /// A small deterministic generator (xorshift), so a failure is the same every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// The markup of a text at its place, in a whole document, as the templates put it.
    fn in_document(markup: &str, place: Place) -> String {
        let body = match place {
            Place::Section { level } => {
                let mut headings = String::new();
                for l in 1..=level {
                    headings.push_str(&format!("<h{l}>Seksjon</h{l}>"));
                }
                format!("{headings}{markup}")
            }
            Place::Cell => {
                format!("<table widths=\"auto\"><tbody><tr><td>{markup}</td></tr></tbody></table>")
            }
            Place::Line => format!("<p class=\"note\">¹ {markup}</p>"),
        };
        format!(
            "<document title=\"T\" lang=\"nb-NO\" author=\"A\" header=\"H\" accent=\"#000000\"><body>{body}</body></document>"
        )
    }

    /// What `problem` accepts at a place, the reader reads and the DOCX and HTML writers write
    /// (and Typst lays out, for some): `check` accepting means `render` succeeds.
    #[test]
    fn every_text_accepted_at_its_place_is_read_and_written() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let places = [
            Place::Section { level: 1 },
            Place::Section { level: 2 },
            Place::Cell,
            Place::Line,
        ];
        let reference = crate::write::docx::Reference::builtin();
        let options = crate::write::WriteOptions {
            date: time::Date::from_calendar_date(2024, time::Month::January, 1).unwrap(),
            docx_reference: &reference,
            toc_pages: None,
            siblings: crate::write::Siblings::default(),
            docx_ahead: None,
            carried: None,
        };
        let (mut accepted, mut written, mut typeset) = (0, 0, 0);
        for round in 0..2000 {
            let mut text = String::new();
            for _ in 0..1 + rng.next(6) {
                text.push_str(PIECES[rng.next(PIECES.len())]);
                text.push_str(SEPARATORS[rng.next(SEPARATORS.len())]);
            }
            for place in places {
                if problem(&text, place).is_some() {
                    continue;
                }
                accepted += 1;
                let markup = in_document(&to_markup(&text, place), place);
                let images: std::collections::HashMap<String, (Vec<u8>, String)> = images(&text)
                    .into_iter()
                    .map(|f| (image_key(&f), (b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".to_vec(), "svg".to_string())))
                    .collect();
                let doc = crate::doc::read::read(&markup, "test", &images)
                    .unwrap_or_else(|e| panic!("{text:?} at {place:?}: {e}\n{markup}"));
                // Each writer subsets and embeds the fonts: every fourth round is written as
                // DOCX and HTML (the whole run took minutes), every hundredth typeset as PDF.
                if round % 4 == 0 {
                    crate::write::docx::write(&doc, &options)
                        .unwrap_or_else(|e| panic!("DOCX of {text:?} at {place:?}: {e}"));
                    crate::write::html::write(&doc, &options).unwrap();
                    written += 1;
                }
                if round % 100 == 0 {
                    crate::write::pdf::write(&doc, &options)
                        .unwrap_or_else(|e| panic!("PDF of {text:?} at {place:?}: {e}"));
                    typeset += 1;
                }
            }
        }
        assert!(
            accepted > 2000 && written > 500 && typeset >= 4,
            "{accepted} accepted, {written} written, {typeset} typeset"
        );
    }
}
