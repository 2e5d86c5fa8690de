//! The reference document (as pandoc's `--reference-doc`): the styles, list numbering and theme
//! every DOCX is dressed in. The embedded default lives as reviewable XML in
//! `assets/reference/`; a programme's own reference.docx replaces it. The parts are parsed
//! (roxmltree) and rewritten element by element (`xml::Xml`), never edited as text: the
//! document language is set, the styles the writer needs and the reference lacks are added
//! from the default, and the bullet list is added to the reference's numbering.

use super::DocxError;
use super::xml::Xml;
use crate::doc::package::{self, Limits, Package, PackageError};
use roxmltree::{Document, Node};
use std::collections::{HashMap, HashSet};

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const DEFAULT_STYLES: &str = include_str!("../../../assets/reference/word/styles.xml");
const DEFAULT_NUMBERING: &str = include_str!("../../../assets/reference/word/numbering.xml");
/// The accent colour the default styles are written in; the plan's `aksentfarge` replaces it.
pub const DEFAULT_ACCENT: &str = "1F4E79";

/// The style ids of the default reference that the writer uses.
pub mod id {
    pub const NORMAL: &str = "Normal";
    pub const TITLE: &str = "Title";
    pub const SUBTITLE: &str = "Subtitle";
    pub const VISION: &str = "Visjon";
    pub const COVER_LINE: &str = "Forsidelinje";
    pub const HEADINGS: [&str; 3] = ["Heading1", "Heading2", "Heading3"];
    pub const TOC_HEADING: &str = "TOCHeading";
    pub const TOC: [&str; 3] = ["TOC1", "TOC2", "TOC3"];
    pub const CAPTION: &str = "Caption";
    pub const FIGURE: &str = "Figur";
    pub const LIST_BULLET: &str = "ListBullet";
    pub const NOTE: &str = "Merknad";
    pub const NOTICE: &str = "Viktig";
    pub const TABLE_TEXT: &str = "Tabelltekst";
    /// The paragraph after a table (Word needs one between tables): exactly 7.15 pt high in the
    /// default reference, measured so that LibreOffice leaves the PDF's space between a table
    /// and what follows (at 10.15 pt it left 3 pt more, and a heading after a table at a
    /// page's foot went to the next page).
    pub const AFTER_TABLE: &str = "Tabellavstand";
    pub const HEADER: &str = "Header";
    pub const FOOTER: &str = "Footer";
    pub const TABLE: &str = "Handlingsplantabell";
}

/// The parts taken from a reference document.
#[derive(Debug, Clone)]
pub struct Reference {
    styles: String,
    numbering: Option<String>,
    theme: Option<Vec<u8>>,
    builtin: bool,
}

fn reference_error(message: impl Into<String>) -> DocxError {
    DocxError::Reference(message.into())
}

impl Reference {
    /// The embedded default.
    pub fn builtin() -> Reference {
        Reference {
            styles: DEFAULT_STYLES.to_string(),
            numbering: Some(DEFAULT_NUMBERING.to_string()),
            theme: None,
            builtin: true,
        }
    }

    /// A programme's reference.docx (any DOCX whose styles it wants: one saved from Word, or
    /// a plan this program wrote and someone restyled).
    pub fn from_docx(bytes: &[u8]) -> Result<Reference, DocxError> {
        Reference::from_docx_within(bytes, Limits::DEFAULT)
    }

    /// A reference document read within `limits` (`doc::package`: every part it unpacks, and
    /// how deep its XML nests).
    pub fn from_docx_within(bytes: &[u8], limits: Limits) -> Result<Reference, DocxError> {
        let refused = |e: PackageError| reference_error(e.to_string());
        let mut package = Package::with_limits(bytes, limits).map_err(refused)?;
        let styles = package
            .text("word/styles.xml")
            .map_err(refused)?
            .ok_or_else(|| {
                reference_error(
                    "mangler stilene (word/styles.xml); lagre det som et Word-dokument (.docx)",
                )
            })?;
        let numbering = package.text("word/numbering.xml").map_err(refused)?;
        let theme = package.bytes("word/theme/theme1.xml").map_err(refused)?;
        // The parts are walked recursively when the document is written: their depth is
        // bounded here, once.
        package::parse("word/styles.xml", &styles, limits).map_err(refused)?;
        if let Some(numbering) = &numbering {
            package::parse("word/numbering.xml", numbering, limits).map_err(refused)?;
        }
        let reference = Reference {
            styles,
            numbering,
            theme,
            builtin: false,
        };
        // Parse now, so that a broken reference is reported before any writing.
        prepare(&reference, "nb-NO", None, &[])?;
        Ok(reference)
    }

    pub fn is_builtin(&self) -> bool {
        self.builtin
    }
}

/// The finished parts and the ids the document must use.
#[derive(Debug)]
pub struct Prepared {
    pub styles: Vec<u8>,
    pub numbering: Vec<u8>,
    pub theme: Option<Vec<u8>>,
    /// The `w:numId` of the bullet list.
    pub bullet_num: String,
    /// The `w:numId` of each numbered list, in document order (each starts at its own number).
    pub ordered_nums: Vec<String>,
    ids: HashMap<String, String>,
}

impl Prepared {
    /// The style id in the output for a default style id (see `id`).
    pub fn style<'a>(&'a self, default_id: &'a str) -> &'a str {
        self.ids
            .get(default_id)
            .map(String::as_str)
            .unwrap_or(default_id)
    }
}

fn parse<'a>(what: &str, text: &'a str) -> Result<Document<'a>, DocxError> {
    Document::parse(text).map_err(|e| reference_error(format!("{what} er ikke gyldig XML: {e}")))
}

fn is_w(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W_NS)
}

fn w_attr<'a>(node: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W_NS, name))
}

fn w_child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is_w(c, name))
}

/// The style's name as Word matches it (case-insensitive).
fn style_name(style: Node) -> Option<String> {
    w_child(style, "name")
        .and_then(|n| w_attr(&n, "val"))
        .map(str::to_lowercase)
}

/// How a copied element is changed on the way.
struct Copier<'a> {
    /// The prefix of the WordprocessingML namespace in the output ("w").
    w_prefix: &'a str,
    /// Whether namespace declarations are copied (false for nodes moved from the default into
    /// a reference whose root declares the namespace).
    declare: bool,
    /// Colour replacement: (from, to), applied to `w:color/@w:val` and `w:shd/@w:fill`.
    recolour: Option<(&'a str, &'a str)>,
    /// Style id renames (default id → output id), applied to `w:styleId`, `w:basedOn`,
    /// `w:next` and `w:link`.
    rename: Option<&'a HashMap<String, String>>,
    /// The document language, set in `w:docDefaults`.
    lang: Option<&'a str>,
}

impl Copier<'_> {
    /// Opens `name` as a copy of the part's root element: its namespace declarations and its
    /// attributes (their prefixes as this copier writes them); the children are the caller's.
    fn open_root(&self, x: &mut Xml, root: Node, name: &str) -> Result<(), DocxError> {
        let mut attrs: Vec<(String, String)> = root
            .namespaces()
            .filter(|n| n.name() != Some("xml"))
            .map(|n| {
                (
                    n.name().map_or("xmlns".into(), |p| format!("xmlns:{p}")),
                    n.uri().to_string(),
                )
            })
            .collect();
        for a in root.attributes() {
            let key = match a.namespace() {
                None => a.name().to_string(),
                Some(uri) => self.qualified(&root, Some(uri), a.name()),
            };
            attrs.push((key, a.value().to_string()));
        }
        let attrs: Vec<(&str, &str)> = attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        x.open(name, &attrs)
    }

    fn qualified(&self, node: &Node, uri: Option<&str>, local: &str) -> String {
        let prefix = match uri {
            None => None,
            Some(W_NS) => Some(self.w_prefix),
            Some(uri) if node.lookup_namespace_uri(None) == Some(uri) => None,
            Some(uri) => node.lookup_prefix(uri),
        };
        match prefix {
            Some(p) if !p.is_empty() => format!("{p}:{local}"),
            _ => local.to_string(),
        }
    }

    fn w(&self, local: &str) -> String {
        if self.w_prefix.is_empty() {
            local.to_string()
        } else {
            format!("{}:{local}", self.w_prefix)
        }
    }

    fn element(&self, x: &mut Xml, node: Node) -> Result<(), DocxError> {
        let name = self.qualified(&node, node.tag_name().namespace(), node.tag_name().name());
        let mut attrs: Vec<(String, String)> = Vec::new();
        if self.declare {
            let parent: Vec<(Option<&str>, &str)> = node
                .parent_element()
                .map(|p| p.namespaces().map(|n| (n.name(), n.uri())).collect())
                .unwrap_or_default();
            for ns in node.namespaces() {
                if ns.name() == Some("xml") || parent.contains(&(ns.name(), ns.uri())) {
                    continue;
                }
                let key = match ns.name() {
                    Some(p) => format!("xmlns:{p}"),
                    None => "xmlns".to_string(),
                };
                attrs.push((key, ns.uri().to_string()));
            }
        }
        let local = node.tag_name().name();
        let in_w = node.tag_name().namespace() == Some(W_NS);
        for a in node.attributes() {
            let key = match a.namespace() {
                None => a.name().to_string(),
                Some(uri) => self.qualified(&node, Some(uri), a.name()),
            };
            let mut value = a.value().to_string();
            if in_w && a.namespace() == Some(W_NS) {
                if let Some((from, to)) = self.recolour
                    && ((local == "color" && a.name() == "val")
                        || (local == "shd" && a.name() == "fill")
                        || (local == "top"
                            || local == "left"
                            || local == "bottom"
                            || local == "right")
                            && a.name() == "color")
                    && value.eq_ignore_ascii_case(from)
                {
                    value = to.to_string();
                }
                if let Some(rename) = self.rename {
                    let is_ref = (local == "style" && a.name() == "styleId")
                        || (matches!(local, "basedOn" | "next" | "link") && a.name() == "val");
                    if is_ref && let Some(new) = rename.get(&value) {
                        value = new.clone();
                    }
                }
            }
            attrs.push((key, value));
        }
        let attrs: Vec<(&str, &str)> = attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let has_content = node.children().any(|c| c.is_element() || c.is_text());
        // An empty w:docDefaults still gets the language.
        let sets_language = in_w && self.lang.is_some() && local == "docDefaults";
        if !has_content && !sets_language {
            return x.empty(&name, &attrs);
        }
        x.open(&name, &attrs)?;
        if sets_language {
            self.doc_defaults(x, node)?;
        } else if in_w
            && local == "rPr"
            && node
                .parent_element()
                .is_some_and(|p| is_w(&p, "rPrDefault"))
            && let Some(lang) = self.lang
        {
            self.default_run_properties(x, node, lang)?;
        } else {
            self.children(x, node)?;
        }
        x.end(&name)
    }

    fn children(&self, x: &mut Xml, node: Node) -> Result<(), DocxError> {
        for c in node.children() {
            if c.is_element() {
                self.element(x, c)?;
            } else if c.is_text() {
                x.text(c.text().unwrap_or_default())?;
            }
        }
        Ok(())
    }

    /// `w:docDefaults` with the document language, adding the run defaults when missing.
    fn doc_defaults(&self, x: &mut Xml, node: Node) -> Result<(), DocxError> {
        let lang = self.lang.unwrap_or("nb-NO");
        // Run defaults that hold only the language, where the reference has none.
        let lang_default = |x: &mut Xml| -> Result<(), DocxError> {
            let (rpr_default, rpr) = (self.w("rPrDefault"), self.w("rPr"));
            x.open(&rpr_default, &[])?;
            x.open(&rpr, &[])?;
            x.empty(&self.w("lang"), &[(&self.w("val"), lang)])?;
            x.end(&rpr)?;
            x.end(&rpr_default)
        };
        if w_child(node, "rPrDefault").is_none() {
            lang_default(x)?;
        }
        for c in node.children().filter(Node::is_element) {
            if is_w(&c, "rPrDefault") && w_child(c, "rPr").is_none() {
                lang_default(x)?;
            } else {
                self.element(x, c)?;
            }
        }
        Ok(())
    }

    /// The default run properties with `w:lang` set to the document's language (its
    /// `w:eastAsia` and `w:bidi` kept), in the schema's place: before the three elements the
    /// schema puts after it.
    fn default_run_properties(&self, x: &mut Xml, node: Node, lang: &str) -> Result<(), DocxError> {
        const AFTER_LANG: [&str; 3] = ["eastAsianLayout", "specVanish", "oMath"];
        let children: Vec<Node> = node.children().filter(Node::is_element).collect();
        for c in children
            .iter()
            .filter(|c| !is_w(c, "lang") && !AFTER_LANG.iter().any(|a| is_w(c, a)))
        {
            self.element(x, *c)?;
        }
        let val = self.w("val");
        let mut attrs: Vec<(String, String)> = vec![(val.clone(), lang.to_string())];
        if let Some(old) = children.iter().find(|c| is_w(c, "lang")) {
            for name in ["eastAsia", "bidi"] {
                if let Some(v) = w_attr(old, name) {
                    attrs.push((self.w(name), v.to_string()));
                }
            }
        }
        let attrs: Vec<(&str, &str)> = attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        x.empty(&self.w("lang"), &attrs)?;
        for c in children
            .iter()
            .filter(|c| AFTER_LANG.iter().any(|a| is_w(c, a)))
        {
            self.element(x, *c)?;
        }
        Ok(())
    }
}

/// The prefix the root element gives the WordprocessingML namespace ("" when it is the default
/// namespace).
fn w_prefix<'a>(root: &Node<'a, '_>, what: &str) -> Result<&'a str, DocxError> {
    if root.lookup_namespace_uri(None) == Some(W_NS) {
        return Ok("");
    }
    root.namespaces()
        .find(|n| n.uri() == W_NS)
        .and_then(|n| n.name())
        .ok_or_else(|| reference_error(format!("{what} er ikke WordprocessingML")))
}

/// The styles, numbering and theme for one document: the reference's, with the document's
/// language, the default's styles the reference lacks, and the bullet list. `accent`
/// recolours the default reference only: a programme's own reference keeps its colours.
/// `ordered` has the level and first number of each numbered list, in document order.
pub fn prepare(
    reference: &Reference,
    lang: &str,
    accent: Option<&str>,
    ordered: &[(u8, u32)],
) -> Result<Prepared, DocxError> {
    let defaults = parse("standardstilene", DEFAULT_STYLES)?;
    let styles = parse("word/styles.xml", &reference.styles)?;
    let root = styles.root_element();
    if !is_w(&root, "styles") {
        return Err(reference_error(
            "word/styles.xml har ikke <w:styles> som rot",
        ));
    }
    let prefix = w_prefix(&root, "word/styles.xml")?;

    // The reference's styles by name and id.
    let mut by_name: HashMap<String, String> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for s in root.children().filter(|c| is_w(c, "style")) {
        if let Some(id) = w_attr(&s, "styleId") {
            taken.insert(id.to_string());
            if let Some(name) = style_name(s) {
                by_name.entry(name).or_insert_with(|| id.to_string());
            }
        }
    }
    // Each default style: the reference's style of that name, or a copy of the default.
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut missing: Vec<Node> = Vec::new();
    for s in defaults
        .root_element()
        .children()
        .filter(|c| is_w(c, "style"))
    {
        let (Some(id), Some(name)) = (w_attr(&s, "styleId"), style_name(s)) else {
            continue;
        };
        match by_name.get(&name) {
            Some(existing) => {
                ids.insert(id.to_string(), existing.clone());
            }
            None => {
                let mut new = id.to_string();
                while taken.contains(&new) {
                    new.push('_');
                }
                taken.insert(new.clone());
                ids.insert(id.to_string(), new);
                missing.push(s);
            }
        }
    }
    let recolour = match accent {
        Some(a) if reference.builtin => Some((DEFAULT_ACCENT, a)),
        _ => None,
    };

    let mut x = Xml::new()?;
    let copy = Copier {
        w_prefix: prefix,
        declare: true,
        recolour,
        rename: None,
        lang: Some(lang),
    };
    let root_name = copy.qualified(&root, Some(W_NS), "styles");
    // The root by hand: its children in order, the missing styles after the last.
    copy.open_root(&mut x, root, &root_name)?;
    if w_child(root, "docDefaults").is_none() {
        let d = w_child(defaults.root_element(), "docDefaults")
            .ok_or_else(|| reference_error("standardstilene mangler docDefaults"))?;
        Copier {
            declare: false,
            ..copy
        }
        .element(&mut x, d)?;
    }
    for c in root.children().filter(Node::is_element) {
        copy.element(&mut x, c)?;
    }
    let moved = Copier {
        w_prefix: prefix,
        declare: false,
        recolour: Some((DEFAULT_ACCENT, accent.unwrap_or(DEFAULT_ACCENT))),
        rename: Some(&ids),
        lang: None,
    };
    for s in missing {
        moved.element(&mut x, s)?;
    }
    x.end(&root_name)?;
    let styles_out = x.finish()?;

    let (numbering, bullet_num, ordered_nums) = numbering(reference, ordered)?;
    Ok(Prepared {
        styles: styles_out,
        numbering,
        theme: reference.theme.clone(),
        bullet_num,
        ordered_nums,
        ids,
    })
}

/// The reference's numbering (none for the built-in reference) with the default's bullet and
/// numbered list definitions added under fresh ids, one `w:num` for the bullet list and one for
/// each numbered list (restarting at its first number, at its level); with the bullet list's
/// `w:numId` and the numbered lists'.
fn numbering(
    reference: &Reference,
    ordered: &[(u8, u32)],
) -> Result<(Vec<u8>, String, Vec<String>), DocxError> {
    let defaults = parse("standardnummereringen", DEFAULT_NUMBERING)?;
    let mut definitions = defaults
        .root_element()
        .children()
        .filter(|c| is_w(c, "abstractNum"));
    let (Some(bullet), Some(decimal)) = (definitions.next(), definitions.next()) else {
        return Err(reference_error(
            "standardnummereringen mangler punktlisten eller nummereringen",
        ));
    };
    const EMPTY: &str =
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#;
    let text = match &reference.numbering {
        Some(t) if !reference.builtin => t.as_str(),
        _ => EMPTY,
    };
    let doc = parse("word/numbering.xml", text)?;
    let root = doc.root_element();
    if !is_w(&root, "numbering") {
        return Err(reference_error(
            "word/numbering.xml har ikke <w:numbering> som rot",
        ));
    }
    let prefix = w_prefix(&root, "word/numbering.xml")?;
    let max = |element: &str, attr: &str| {
        root.children()
            .filter(|c| is_w(c, element))
            .filter_map(|c| w_attr(&c, attr).and_then(|v| v.parse::<u32>().ok()))
            .max()
    };
    let bullet_abstract = max("abstractNum", "abstractNumId").map_or(0, |m| m + 1);
    let decimal_abstract = bullet_abstract + 1;
    let bullet_num = max("num", "numId").map_or(1, |m| m + 1);
    let ordered_nums: Vec<String> = (1..=ordered.len() as u32)
        .map(|k| (bullet_num + k).to_string())
        .collect();
    let copy = Copier {
        w_prefix: prefix,
        declare: true,
        recolour: None,
        rename: None,
        lang: None,
    };
    let w = |local: &str| copy.w(local);
    let mut x = Xml::new()?;
    let root_name = w("numbering");
    copy.open_root(&mut x, root, &root_name)?;
    // Schema order: numPicBullet*, abstractNum*, num*, numIdMacAtCleanup?.
    let write_abstracts = |x: &mut Xml| -> Result<(), DocxError> {
        let name = w("abstractNum");
        for (id, definition) in [(bullet_abstract, bullet), (decimal_abstract, decimal)] {
            x.open(&name, &[(&w("abstractNumId"), &id.to_string())])?;
            Copier {
                declare: false,
                ..copy
            }
            .children(x, definition)?;
            x.end(&name)?;
        }
        Ok(())
    };
    let write_nums = |x: &mut Xml| -> Result<(), DocxError> {
        let name = w("num");
        x.open(&name, &[(&w("numId"), &bullet_num.to_string())])?;
        x.empty(
            &w("abstractNumId"),
            &[(&w("val"), &bullet_abstract.to_string())],
        )?;
        x.end(&name)?;
        for (num, (level, start)) in ordered_nums.iter().zip(ordered) {
            x.open(&name, &[(&w("numId"), num)])?;
            x.empty(
                &w("abstractNumId"),
                &[(&w("val"), &decimal_abstract.to_string())],
            )?;
            x.open(&w("lvlOverride"), &[(&w("ilvl"), &level.to_string())])?;
            x.empty(&w("startOverride"), &[(&w("val"), &start.to_string())])?;
            x.end(&w("lvlOverride"))?;
            x.end(&name)?;
        }
        Ok(())
    };
    let (mut abstracts_done, mut nums_done) = (false, false);
    for c in root.children().filter(Node::is_element) {
        if !abstracts_done && (is_w(&c, "num") || is_w(&c, "numIdMacAtCleanup")) {
            write_abstracts(&mut x)?;
            abstracts_done = true;
        }
        if !nums_done && is_w(&c, "numIdMacAtCleanup") {
            write_nums(&mut x)?;
            nums_done = true;
        }
        copy.element(&mut x, c)?;
    }
    if !abstracts_done {
        write_abstracts(&mut x)?;
    }
    if !nums_done {
        write_nums(&mut x)?;
    }
    x.end(&root_name)?;
    Ok((x.finish()?, bullet_num.to_string(), ordered_nums))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles_of(prepared: &Prepared) -> String {
        String::from_utf8(prepared.styles.clone()).unwrap()
    }

    /// The `w:style` element of that id in a styles part.
    fn style<'a>(doc: &'a Document, id: &str) -> Node<'a, 'a> {
        doc.root_element()
            .children()
            .find(|c| is_w(c, "style") && w_attr(c, "styleId") == Some(id))
            .unwrap_or_else(|| panic!("no style {id}"))
    }

    #[test]
    fn every_style_the_writer_uses_is_in_the_default_reference() {
        let p = prepare(&Reference::builtin(), "nb-NO", None, &[]).unwrap();
        let text = styles_of(&p);
        let doc = Document::parse(&text).unwrap();
        let mut all = vec![
            id::NORMAL,
            id::TITLE,
            id::SUBTITLE,
            id::VISION,
            id::COVER_LINE,
            id::TOC_HEADING,
            id::CAPTION,
            id::FIGURE,
            id::LIST_BULLET,
            id::NOTE,
            id::NOTICE,
            id::TABLE_TEXT,
            id::AFTER_TABLE,
            id::HEADER,
            id::FOOTER,
            id::TABLE,
        ];
        all.extend(id::HEADINGS);
        all.extend(id::TOC);
        for i in all {
            assert_eq!(p.style(i), i, "the default maps to itself");
            style(&doc, i);
        }
        // Headings keep with the next paragraph.
        for h in id::HEADINGS {
            let ppr = w_child(style(&doc, h), "pPr").unwrap();
            assert!(w_child(ppr, "keepNext").is_some(), "{h} keeps with next");
        }
    }

    #[test]
    fn the_accent_recolours_the_default_and_the_language_is_set() {
        let p = prepare(&Reference::builtin(), "nn-NO", Some("5B2C6F"), &[]).unwrap();
        let text = styles_of(&p);
        assert!(!text.contains(DEFAULT_ACCENT), "every accent use replaced");
        assert!(text.matches("5B2C6F").count() >= 6);
        let doc = Document::parse(&text).unwrap();
        let lang = doc
            .descendants()
            .find(|n| is_w(n, "lang"))
            .expect("a language");
        assert_eq!(w_attr(&lang, "val"), Some("nn-NO"));
        assert!(
            lang.parent_element()
                .and_then(|p| p.parent_element())
                .is_some_and(|p| is_w(&p, "rPrDefault"))
        );
    }

    /// A reference as Norwegian Word saves it: own ids, its own heading look, no lists.
    const WORD_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:color w:val="C00000"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Merknad"><w:name w:val="Noe annet"/></w:style>
</w:styles>"#;

    #[test]
    fn a_users_reference_keeps_its_styles_and_gets_the_missing_ones() {
        let r = Reference {
            styles: WORD_STYLES.into(),
            numbering: None,
            theme: None,
            builtin: false,
        };
        let p = prepare(&r, "nb-NO", Some("5B2C6F"), &[]).unwrap();
        let text = styles_of(&p);
        let doc = Document::parse(&text).unwrap();
        // Headings by name: Word's own id, its font and colour untouched by the accent.
        assert_eq!(p.style("Heading1"), "Overskrift1");
        let h1 = style(&doc, "Overskrift1");
        assert!(
            h1.descendants()
                .any(|n| is_w(&n, "color") && w_attr(&n, "val") == Some("C00000"))
        );
        // A missing style is copied; one whose id is taken by another style gets a new id.
        assert_eq!(p.style("Heading2"), "Heading2");
        let h2 = style(&doc, "Heading2");
        assert_eq!(
            w_child(h2, "basedOn").and_then(|b| w_attr(&b, "val")),
            Some("Normal")
        );
        assert_eq!(p.style("Merknad"), "Merknad_");
        style(&doc, "Merknad_");
        // A copied TOC Heading is based on the reference's heading 1.
        let toc = style(&doc, p.style("TOCHeading"));
        assert_eq!(
            w_child(toc, "basedOn").and_then(|b| w_attr(&b, "val")),
            Some("Overskrift1")
        );
        // The copied styles take the plan's accent; the reference's own colours stay.
        assert!(!text.contains(DEFAULT_ACCENT) && text.contains("5B2C6F"));
        // The language replaced, eastAsia kept, the mc:Ignorable prefix still declared.
        assert!(text.contains(r#"<w:lang w:val="nb-NO" w:eastAsia="en-US" w:bidi="ar-SA"/>"#));
        assert!(text.contains("xmlns:w14="));
        // Default numbering, bullet list 1.
        assert_eq!(p.bullet_num, "1");
    }

    #[test]
    fn a_users_numbering_gets_the_bullet_list_under_new_ids() {
        let numbering = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#;
        let r = Reference {
            styles: WORD_STYLES.into(),
            numbering: Some(numbering.into()),
            theme: None,
            builtin: false,
        };
        let p = prepare(&r, "nb-NO", None, &[]).unwrap();
        assert_eq!(p.bullet_num, "8");
        let text = String::from_utf8(p.numbering).unwrap();
        let doc = Document::parse(&text).unwrap();
        let names: Vec<String> = doc
            .root_element()
            .children()
            .filter(Node::is_element)
            .map(|c| {
                format!(
                    "{}{}",
                    c.tag_name().name(),
                    w_attr(&c, "abstractNumId")
                        .or(w_attr(&c, "numId"))
                        .unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                "abstractNum3",
                "abstractNum4",
                "abstractNum5",
                "num7",
                "num8"
            ]
        );
        assert!(text.contains(r#"<w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num>"#));
    }

    #[test]
    fn a_reference_that_is_not_a_docx_is_refused_in_norwegian() {
        let e = Reference::from_docx(b"not a zip").unwrap_err();
        assert!(e.to_string().contains("ikke et Word-dokument"), "{e}");
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let e = Reference::from_docx(&bytes).unwrap_err();
        assert!(e.to_string().contains("mangler stilene"), "{e}");
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/styles.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"<w:styles").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let e = Reference::from_docx(&bytes).unwrap_err();
        assert!(e.to_string().contains("ikke gyldig XML"), "{e}");
    }
}
