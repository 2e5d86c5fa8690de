//! The plan's own YAML inside the board's DOCX: a custom XML part (`customXml/item1.xml`),
//! invisible to readers and kept by Word's and LibreOffice's saves, from which `handlingsplan
//! import` knows every field of the plan exactly. `write_docx` adds these parts to the package
//! when the options carry the plan.

use super::xml::Xml;
use super::{DocxError, ns};
use crate::write::Carried;

/// The namespace of the custom XML part that carries the plan.
pub const PLAN_NAMESPACE: &str = "urn:handlingsplan:plan";
/// The part's name in the package.
const ITEM: &str = "customXml/item1.xml";
const ITEM_PROPS: &str = "customXml/itemProps1.xml";
const ITEM_RELS: &str = "customXml/_rels/item1.xml.rels";
/// The part as the document's relationship names it.
pub const TARGET: &str = "../customXml/item1.xml";
/// A fixed item id: the same plan gives the same bytes.
const ITEM_ID: &str = "{6C1A3E2B-9F4D-4F7A-8E55-2B1D7C0A9E11}";

/// The YAML as XML text: a carriage return as a character reference, which an XML reader
/// would otherwise turn into a line feed (the plan must come back byte for byte).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// The part's XML: the plan's YAML as written, and the accounts merged into it when there were.
fn item(plan: &str, accounts: Option<&str>) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plan xmlns=\"{PLAN_NAMESPACE}\" versjon=\"1\"><yaml>{}</yaml>",
        escape(plan)
    );
    if let Some(accounts) = accounts {
        xml.push_str(&format!("<regnskap>{}</regnskap>", escape(accounts)));
    }
    xml.push_str("</plan>\n");
    xml
}

/// A part of the package: its path, its content type when it needs an override, its bytes.
type Part = (&'static str, Option<String>, Vec<u8>);

/// The parts that carry the plan.
pub fn parts(carried: Carried) -> Result<Vec<Part>, DocxError> {
    let mut props = Xml::new()?;
    props.open(
        "ds:datastoreItem",
        &[
            ("ds:itemID", ITEM_ID),
            (
                "xmlns:ds",
                "http://schemas.openxmlformats.org/officeDocument/2006/customXml",
            ),
        ],
    )?;
    props.open("ds:schemaRefs", &[])?;
    props.empty("ds:schemaRef", &[("ds:uri", PLAN_NAMESPACE)])?;
    props.end("ds:schemaRefs")?;
    props.end("ds:datastoreItem")?;
    let rels = super::relationships(std::iter::once((
        "rId1",
        format!("{}/customXmlProps", ns::REL_TYPE),
        "itemProps1.xml",
        false,
    )))?;
    Ok(vec![
        (
            ITEM,
            None,
            item(carried.plan, carried.accounts).into_bytes(),
        ),
        (
            ITEM_PROPS,
            Some("application/vnd.openxmlformats-officedocument.customXmlProperties+xml".into()),
            props.finish()?,
        ),
        (ITEM_RELS, None, rels),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_kept_with_its_markup_characters_and_line_ends() {
        let xml = item("a: \"<b> & c\"\r\n# kommentar\n", Some("x: 1\n"));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(PLAN_NAMESPACE));
        let yaml = root.first_element_child().unwrap();
        assert_eq!(yaml.text(), Some("a: \"<b> & c\"\r\n# kommentar\n"));
    }
}
