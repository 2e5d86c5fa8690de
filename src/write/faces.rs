//! Which faces of the embedded font a document's text is set in (regular, bold, italic, bold
//! italic), so that the DOCX and the HTML page embed only those.

use crate::doc::{Block, Document, Inline, ParaStyle};

/// The four faces of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Faces {
    pub regular: bool,
    pub bold: bool,
    pub italic: bool,
    pub bold_italic: bool,
}

impl Faces {
    fn mark(&mut self, bold: bool, italic: bool) {
        match (bold, italic) {
            (false, false) => self.regular = true,
            (true, false) => self.bold = true,
            (false, true) => self.italic = true,
            (true, true) => self.bold_italic = true,
        }
    }
}

/// The faces the document's text is set in: regular text, bold headings, table headers, sum
/// rows and notices, italic captions and vision, and the emphasis inside them. The running
/// header and the footer are regular text.
pub fn faces_used(doc: &Document) -> Faces {
    let mut faces = Faces {
        regular: true,
        ..Faces::default()
    };
    blocks(&mut faces, doc.cover.iter().chain(&doc.body), false);
    faces
}

fn blocks<'a>(faces: &mut Faces, bs: impl Iterator<Item = &'a Block>, bold: bool) {
    for b in bs {
        match b {
            Block::Heading { text, .. } => inlines(faces, text, true, false),
            Block::Paragraph { style, text } => {
                let (b, i) = match style {
                    ParaStyle::CoverTitle | ParaStyle::Notice => (true, false),
                    ParaStyle::CoverVision => (false, true),
                    _ => (false, false),
                };
                inlines(faces, text, bold || b, i);
            }
            Block::List(l) => list(faces, l, bold),
            Block::Table(t) => {
                for r in &t.head {
                    cells(faces, r, true);
                }
                for r in t.body.iter().chain(&t.foot) {
                    cells(faces, r, r.sum);
                }
            }
            Block::Image(i) => {
                if i.caption.is_some() {
                    faces.mark(false, true);
                }
            }
            Block::Toc { .. } | Block::PageBreak => {}
        }
    }
}

fn cells(faces: &mut Faces, r: &crate::doc::Row, bold: bool) {
    for c in &r.cells {
        blocks(faces, c.content.iter(), bold);
    }
}

fn list(faces: &mut Faces, l: &crate::doc::List, bold: bool) {
    for item in &l.items {
        inlines(faces, &item.text, bold, false);
        if let Some(sub) = &item.sub {
            list(faces, sub, bold);
        }
    }
}

fn inlines(faces: &mut Faces, text: &[Inline], bold: bool, italic: bool) {
    for i in text {
        match i {
            Inline::Text(t) if !t.trim().is_empty() => faces.mark(bold, italic),
            Inline::Gap(_) => faces.mark(bold, italic),
            Inline::Bold(c) => inlines(faces, c, true, italic),
            Inline::Italic(c) => inlines(faces, c, bold, true),
            Inline::Link { text, .. } | Inline::DocumentLink { text, .. } => {
                inlines(faces, text, bold, italic)
            }
            Inline::Text(_) | Inline::LineBreak => {}
        }
    }
}
