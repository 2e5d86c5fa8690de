//! The document IR: the format-neutral blocks, tables and inlines that the rendered template
//! markup is parsed into (`read`) and that every writer (DOCX, PDF, HTML) takes as input.
//! `dump` gives a stable text form for golden tests.

pub mod dump;
pub mod read;

/// A whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// BCP 47 language tag, "nb-NO" or "nn-NO".
    pub lang: String,
    pub author: String,
    /// Running header text (pages after the cover).
    pub running_header: String,
    /// Accent colour of the programme's profile, "#RRGGBB".
    pub accent: String,
    pub cover: Vec<Block>,
    pub body: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph {
        style: ParaStyle,
        text: Vec<Inline>,
    },
    List(Vec<Vec<Inline>>),
    Table(Table),
    Image(Image),
    /// The table of contents (filled by the writer: a TOC field in DOCX, an outline in PDF).
    Toc {
        title: String,
    },
    PageBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaStyle {
    Normal,
    /// Small text under a table (the template's footnotes).
    Note,
    /// A highlighted notice, e.g. the NB note about provisional figures.
    Notice,
    CoverTitle,
    CoverSubtitle,
    CoverVision,
    CoverLine,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Bold(Vec<Inline>),
    Italic(Vec<Inline>),
    /// A value the plan does not give yet: shown as a visible, clearly marked gap.
    Gap(String),
    LineBreak,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Relative column widths (any unit; writers scale them to the text width).
    pub widths: Vec<u32>,
    pub caption: Option<String>,
    pub head: Vec<Row>,
    pub body: Vec<Row>,
    pub foot: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub sum: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub numeric: bool,
    pub colspan: u32,
    /// Paragraphs and lists inside the cell.
    pub content: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Image bytes and their kind ("png" or "svg").
    pub data: Vec<u8>,
    pub kind: String,
    pub alt: String,
    /// Width in millimetres.
    pub width_mm: u32,
    /// A figure's caption («Figur 1: …»); a logo has none.
    pub caption: Option<String>,
}

impl Inline {
    /// The plain text of inlines (for alt texts, bookmarks and dumps).
    pub fn plain(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(t),
                Inline::Bold(c) | Inline::Italic(c) => out.push_str(&Inline::plain(c)),
                Inline::Gap(t) => out.push_str(&format!("[{t}]")),
                Inline::LineBreak => out.push('\n'),
            }
        }
        out
    }
}

impl Cell {
    pub fn plain(&self) -> String {
        let mut parts = Vec::new();
        for b in &self.content {
            match b {
                Block::Paragraph { text, .. } => parts.push(Inline::plain(text)),
                Block::List(items) => {
                    parts.extend(items.iter().map(|i| format!("• {}", Inline::plain(i))))
                }
                _ => {}
            }
        }
        parts.join("\n")
    }
}

/// Removes control characters (except line breaks and tabs) from user text: XML cannot carry
/// them and a document has no use for them.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Escapes text for XML and XHTML (the markup vocabulary, the HTML page, DOCX parts), after
/// removing the control characters XML cannot carry.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for ch in clean(text).chars() {
        match ch {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}
