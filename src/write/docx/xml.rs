//! The XML writer every DOCX part is written with: quick-xml's `Writer` behind a small API that
//! escapes every attribute and text, drops the characters XML 1.0 cannot hold, and checks that
//! each element is closed in order (a mismatch is an error, never a malformed part).

use super::DocxError;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// A part being written.
pub struct Xml {
    writer: Writer<Vec<u8>>,
    open: Vec<String>,
}

fn io(e: std::io::Error) -> DocxError {
    DocxError::Xml(e.to_string())
}

/// The text with the characters XML 1.0 forbids (most C0 controls) left out.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r') || c > '\u{9f}';
    if text.chars().all(allowed) {
        text.into()
    } else {
        text.chars()
            .filter(|c| allowed(*c))
            .collect::<String>()
            .into()
    }
}

fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut s = BytesStart::new(name);
    for (k, v) in attrs {
        s.push_attribute((*k, clean(v).as_ref()));
    }
    s
}

impl Xml {
    /// A new part, starting with the XML declaration.
    pub fn new() -> Result<Xml, DocxError> {
        let mut writer = Writer::new(Vec::new());
        writer
            .write_event(Event::Decl(BytesDecl::new(
                "1.0",
                Some("UTF-8"),
                Some("yes"),
            )))
            .map_err(io)?;
        Ok(Xml {
            writer,
            open: Vec::new(),
        })
    }

    /// Opens an element; `end` closes it.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), DocxError> {
        self.writer
            .write_event(Event::Start(start(name, attrs)))
            .map_err(io)?;
        self.open.push(name.to_string());
        Ok(())
    }

    /// Closes the innermost open element, which must be `name`.
    pub fn end(&mut self, name: &str) -> Result<(), DocxError> {
        match self.open.pop() {
            Some(open) if open == name => {}
            other => {
                return Err(DocxError::Xml(format!(
                    "</{name}> lukker {}",
                    other.map_or("ingenting".to_string(), |o| format!("<{o}>"))
                )));
            }
        }
        self.writer
            .write_event(Event::End(BytesEnd::new(name)))
            .map_err(io)
    }

    /// An element without content.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), DocxError> {
        self.writer
            .write_event(Event::Empty(start(name, attrs)))
            .map_err(io)
    }

    /// Escaped text inside the open element.
    pub fn text(&mut self, text: &str) -> Result<(), DocxError> {
        self.writer
            .write_event(Event::Text(BytesText::new(&clean(text))))
            .map_err(io)
    }

    /// An element holding only text: `<w:t xml:space="preserve">text</w:t>`.
    pub fn text_element(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> Result<(), DocxError> {
        self.open(name, attrs)?;
        self.text(text)?;
        self.end(name)
    }

    /// The finished part; an element left open is an error.
    pub fn finish(self) -> Result<Vec<u8>, DocxError> {
        if let Some(open) = self.open.last() {
            return Err(DocxError::Xml(format!("<{open}> er ikke lukket")));
        }
        Ok(self.writer.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes_and_drops_control_characters() {
        let mut x = Xml::new().unwrap();
        x.open("p", &[("val", "a\"<b>&'")]).unwrap();
        x.text_element("t", &[], "<w:t>x</w:t> & \u{7}\u{1b}ok\u{a0}")
            .unwrap();
        x.end("p").unwrap();
        let out = String::from_utf8(x.finish().unwrap()).unwrap();
        let doc = roxmltree::Document::parse(&out).unwrap();
        let p = doc.root_element();
        assert_eq!(p.attribute("val"), Some("a\"<b>&'"));
        assert_eq!(
            p.first_element_child().unwrap().text(),
            Some("<w:t>x</w:t> & ok\u{a0}")
        );
    }

    #[test]
    fn a_wrongly_closed_or_unclosed_element_fails() {
        let mut x = Xml::new().unwrap();
        x.open("w:p", &[]).unwrap();
        assert!(x.end("w:r").is_err());
        let mut x = Xml::new().unwrap();
        x.open("w:p", &[]).unwrap();
        assert!(x.finish().is_err());
    }
}
