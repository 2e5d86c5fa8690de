//! The plan's own YAML inside the board's DOCX, the last step of writing it: a custom XML
//! part (`customXml/item1.xml`), invisible to readers and kept by Word's and LibreOffice's
//! saves, from which `handlingsplan import` knows every field of the plan exactly. Added to
//! a finished package by copying its entries unchanged (no recompression).

use super::DocxError;
use std::io::{Read, Write};

/// The namespace of the custom XML part that carries the plan.
pub const PLAN_NAMESPACE: &str = "urn:handlingsplan:plan";
/// The part's name in the package.
const ITEM: &str = "customXml/item1.xml";
const ITEM_PROPS: &str = "customXml/itemProps1.xml";
const ITEM_RELS: &str = "customXml/_rels/item1.xml.rels";
/// A fixed item id: the same plan gives the same bytes.
const ITEM_ID: &str = "{6C1A3E2B-9F4D-4F7A-8E55-2B1D7C0A9E11}";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A carriage return would become a line feed when the part is read back.
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

/// `docx` with the plan's YAML (and the accounts' when merged) added as a custom XML part.
pub fn embed_plan(docx: &[u8], plan: &str, accounts: Option<&str>) -> Result<Vec<u8>, DocxError> {
    let err = |e: &dyn std::fmt::Display| DocxError::Package(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(|e| err(&e))?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let name = archive
            .by_index_raw(i)
            .map_err(|e| err(&e))?
            .name()
            .to_string();
        let (close, addition) = match name.as_str() {
            "[Content_Types].xml" => (
                "</Types>",
                format!(
                    "<Override PartName=\"/{ITEM_PROPS}\" ContentType=\"application/vnd.openxmlformats-officedocument.customXmlProperties+xml\"/>"
                ),
            ),
            "word/_rels/document.xml.rels" => (
                "</Relationships>",
                "<Relationship Id=\"rIdPlanData\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml\" Target=\"../customXml/item1.xml\"/>".to_string(),
            ),
            _ => {
                let file = archive.by_index_raw(i).map_err(|e| err(&e))?;
                out.raw_copy_file(file).map_err(|e| err(&e))?;
                continue;
            }
        };
        let mut text = String::new();
        archive
            .by_index(i)
            .map_err(|e| err(&e))?
            .read_to_string(&mut text)
            .map_err(|e| err(&e))?;
        let at = text
            .rfind(close)
            .ok_or_else(|| DocxError::Internal(format!("{name} mangler {close}")))?;
        text.insert_str(at, &addition);
        out.start_file(name.as_str(), options)
            .map_err(|e| err(&e))?;
        out.write_all(text.as_bytes()).map_err(|e| err(&e))?;
    }
    let props = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<ds:datastoreItem ds:itemID=\"{ITEM_ID}\" xmlns:ds=\"http://schemas.openxmlformats.org/officeDocument/2006/customXml\"><ds:schemaRefs><ds:schemaRef ds:uri=\"{PLAN_NAMESPACE}\"/></ds:schemaRefs></ds:datastoreItem>\n"
    );
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps\" Target=\"itemProps1.xml\"/></Relationships>\n".to_string();
    for (name, text) in [
        (ITEM, item(plan, accounts)),
        (ITEM_PROPS, props),
        (ITEM_RELS, rels),
    ] {
        out.start_file(name, options).map_err(|e| err(&e))?;
        out.write_all(text.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
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
