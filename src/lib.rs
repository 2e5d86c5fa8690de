//! handlingsplan: the annual Handlingsplan of a Norwegian regional restructuring programme,
//! from YAML plan data to checked figures and documents.
//!
//! The pipeline: `plan::load` (YAML → `Plan`) → `accounts` (the approved accounts merged in,
//! when given) → `validate` (diagnostics, using `figures`) → `figures` (exact sums and
//! apportionments) → views and writers. `diff` compares the figures of two plans; `roll`
//! writes next year's plan from this year's.

pub mod accounts;
pub mod chart;
pub mod diagnostic;
pub mod diff;
pub mod doc;
pub mod figures;
pub mod fonts;
pub mod money;
pub mod plan;
pub mod render;
pub mod roll;
pub mod serve;
pub mod summary;
pub mod validate;
pub mod view;
pub mod write;

/// The JSON Schema of the plan format, for editors (yaml-language-server).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(plan::Plan);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The JSON Schema of the accounts file (`--regnskap`).
pub fn accounts_json_schema() -> String {
    let schema = schemars::schema_for!(accounts::Accounts);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Writes a file through a temporary file beside it and a rename, so a reader never sees a
/// half-written file and a failure leaves nothing behind.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Which documents to produce.
#[derive(Debug, Clone, Copy)]
pub struct Formats {
    pub docx: bool,
    pub pdf: bool,
    pub html: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Pdf(#[from] write::pdf::PdfError),
    #[error(transparent)]
    Docx(#[from] write::docx::DocxError),
}

/// The date stamped into the documents' metadata: the revision date, else the board's date,
/// else 1 January of the plan year, so the same plan always gives the same files.
pub fn document_date(plan: &plan::Plan, revised: Option<&accounts::Revised>) -> (i32, u8, u8) {
    if let Some(r) = revised {
        let d = r.revision.revised;
        return (d.year(), u8::from(d.month()), d.day());
    }
    match &plan.program.styrebehandlet {
        Some(d) => (
            d.value.0.year(),
            u8::from(d.value.0.month()),
            d.value.0.day(),
        ),
        None => (plan.program.år.value, 1, 1),
    }
}

/// One rendered file: the plan or its communication plan, in one format.
#[derive(Debug)]
pub struct RenderedFile {
    /// Added to the plan file's stem: "" for the plan, "-kommunikasjonsplan" for the attachment.
    pub suffix: &'static str,
    pub extension: &'static str,
    pub bytes: Vec<u8>,
}

impl RenderedFile {
    /// The file name for a plan file with this stem: `drangedal-2024-kommunikasjonsplan.pdf`.
    pub fn file_name(&self, stem: &str) -> String {
        format!("{stem}{}.{}", self.suffix, self.extension)
    }
}

/// Renders one valid plan to the requested formats, all in memory: the plan, and its
/// communication plan as a separate document when the plan has one. Nothing is written
/// unless every document succeeded.
pub fn render_files(
    plan: &plan::Plan,
    figures: &figures::Figures,
    revised: Option<&accounts::Revised>,
    plan_dir: &std::path::Path,
    templates: &render::Templates,
    formats: Formats,
) -> Result<Vec<RenderedFile>, OutputError> {
    let rendered = render::documents(plan, figures, revised, plan_dir, templates)?;
    let mut documents = vec![("", rendered.plan)];
    if let Some(attachment) = rendered.communication {
        documents.push(("-kommunikasjonsplan", attachment));
    }
    let date = document_date(plan, revised);
    let mut files = Vec::new();
    for (suffix, doc) in &documents {
        let mut file = |extension, bytes| {
            files.push(RenderedFile {
                suffix,
                extension,
                bytes,
            })
        };
        if formats.docx {
            let created = format!("{:04}-{:02}-{:02}T00:00:00Z", date.0, date.1, date.2);
            file("docx", write::docx::write(doc, &created)?);
        }
        if formats.pdf {
            file("pdf", write::pdf::write(doc, date)?);
        }
        if formats.html {
            file("html", write::html::write(doc));
        }
    }
    Ok(files)
}
