//! The writers, last in the pipeline: each a pure function from the IR to the bytes of one
//! format, with one signature, `(&Document, &WriteOptions) -> Result<Written, WriteError>`.
//! They depend on the IR (`doc`), the embedded fonts and `format` only.

pub mod docx;
pub mod estimate;
pub mod faces;
pub mod html;
pub mod pdf;
pub mod raster;
pub mod webfont;

/// What every writer is told besides the document.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions<'a> {
    /// The date stamped into the file's metadata (the same plan always gives the same file).
    pub date: time::Date,
    /// DOCX: the reference document the styles come from (the embedded default, or the
    /// programme's own).
    pub docx_reference: &'a docx::Reference,
    /// DOCX: the page each table-of-contents entry has in the PDF (`pdf::heading_pages`),
    /// so the stored table of contents is right before any field update.
    pub toc_pages: Option<&'a [u32]>,
    /// The plan's documents written beside this one, for the links between them.
    pub siblings: Siblings<'a>,
    /// DOCX: what was made ahead for the document (`docx::ahead`), or `None` to make all of
    /// it while writing.
    pub docx_ahead: Option<&'a docx::Ahead<'a>>,
    /// DOCX: the plan data the document carries for `import` (the board's DOCX of the plan);
    /// `None` for one that carries none (the communication plan, the preview, a test).
    pub carried: Option<Carried<'a>>,
}

/// The plan's YAML as written, and the approved accounts' when they were merged in.
#[derive(Debug, Clone, Copy)]
pub struct Carried<'a> {
    pub plan: &'a str,
    pub accounts: Option<&'a str>,
}

/// The file names, without extension, of the plan's documents that the same render writes in
/// the same folder (`drangedal-2024`, `drangedal-2024-kommunikasjonsplan`), each in every
/// format written. `None` where no such file lies beside the document (the live preview, a
/// plan without a communication plan): the document then names the other in words only.
#[derive(Debug, Clone, Copy, Default)]
pub struct Siblings<'a> {
    pub plan: Option<&'a str>,
    pub communication: Option<&'a str>,
}

impl Siblings<'_> {
    /// The relative address of the other document's file in `extension`, as a URL path
    /// segment (a space, «#» or «æ» in a plan's file name is percent-encoded).
    pub fn href(&self, to: crate::doc::Sibling, extension: &str) -> Option<String> {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        /// Everything but RFC 3986's unreserved characters.
        const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let stem = match to {
            crate::doc::Sibling::Plan => self.plan,
            crate::doc::Sibling::Communication => self.communication,
        }?;
        Some(format!(
            "{}.{extension}",
            utf8_percent_encode(stem, SEGMENT)
        ))
    }
}

/// A written file, with the warnings the writer had (Typst's, for the PDF).
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

impl Written {
    /// A file written without warnings.
    pub fn clean(bytes: Vec<u8>) -> Written {
        Written {
            bytes,
            warnings: Vec::new(),
        }
    }
}

/// Why a writer could not write the document.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("DOCX: {0}")]
    Docx(String),
    #[error("PDF: {0}")]
    Pdf(String),
}
