//! The library's API, the whole pipeline in three steps: [`load`] a plan (and the accounts
//! merged into it) → [`Loaded::check`] it into a [`ValidPlan`] (the only way to get one) →
//! [`render`] the valid plan to files in memory. The commands, the tests and the benchmark
//! all go through here.

use crate::changes::Revised;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::figures::Figures;
use crate::plan::Plan;
use crate::plan::load::{LoadError, Source, load_yaml_as};
use crate::render::{RenderError, Templates};
use crate::write::{self, WriteError, WriteOptions};
use std::path::{Path, PathBuf};

/// A value with the warnings found while making it.
#[derive(Debug)]
pub struct Warned<T> {
    pub output: T,
    pub warnings: Vec<Diagnostic>,
}

/// The files a plan was read from, kept so that each diagnostic is shown against the text of
/// the file it points into.
#[derive(Debug, Clone)]
pub struct Sources {
    pub plan: Source,
    pub accounts: Option<Source>,
}

impl Sources {
    /// The file a diagnostic points into (the plan when the accounts were not read).
    pub fn of(&self, file: SourceFile) -> &Source {
        match file {
            SourceFile::Accounts => self.accounts.as_ref().unwrap_or(&self.plan),
            SourceFile::Plan => &self.plan,
        }
    }

    /// The diagnostic rustc-style, against its own file's text.
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let source = self.of(diagnostic.file);
        diagnostic.render(&source.name(), &source.text)
    }

    /// The plan file's name, as messages name it.
    pub fn name(&self) -> String {
        self.plan.name()
    }
}

/// Why a plan gives no documents.
#[derive(Debug)]
pub enum Failure {
    /// A file could not be read at all (exit code 2).
    Unreadable { path: PathBuf, message: String },
    /// A file was read, but the plan (or its accounts) has errors (exit code 1). The
    /// diagnostics include the warnings found on the way.
    Invalid {
        sources: Box<Sources>,
        diagnostics: Vec<Diagnostic>,
        /// What failed, for the closing line: «planen kan ikke leses», «regnskapet passer ikke».
        what: &'static str,
    },
}

impl Failure {
    /// The number of errors (not warnings) among the diagnostics.
    pub fn error_count(&self) -> usize {
        match self {
            Failure::Unreadable { .. } => 1,
            Failure::Invalid { diagnostics, .. } => {
                diagnostics.iter().filter(|d| d.is_error()).count()
            }
        }
    }

    fn from_load(error: LoadError, file: SourceFile, plan: Option<&Source>) -> Failure {
        match error {
            LoadError::Io { path, message } => Failure::Unreadable { path, message },
            LoadError::Invalid {
                source,
                diagnostics,
            } => {
                let sources = match (file, plan) {
                    (SourceFile::Accounts, Some(plan)) => Sources {
                        plan: plan.clone(),
                        accounts: Some(source),
                    },
                    _ => Sources {
                        plan: source,
                        accounts: None,
                    },
                };
                Failure::Invalid {
                    sources: Box::new(sources),
                    diagnostics,
                    what: match file {
                        SourceFile::Plan => "planen kan ikke leses",
                        SourceFile::Accounts => "regnskapet kan ikke leses",
                    },
                }
            }
        }
    }
}

/// A plan read from its file, with the accounts merged in when given: not yet checked.
#[derive(Debug)]
pub struct Loaded {
    sources: Sources,
    plan: Plan,
    revised: Option<Revised>,
    /// The merge's warnings (about the accounts file).
    warnings: Vec<Diagnostic>,
}

/// Reads a plan and merges its accounts: the `accounts` file when given, else the one the
/// plan names with `regnskap:` (relative to the plan file).
pub fn load(plan_path: &Path, accounts: Option<&Path>) -> Result<Loaded, Failure> {
    let (plan_source, plan) = load_yaml_as::<Plan>(SourceFile::Plan, plan_path)
        .map_err(|e| Failure::from_load(e, SourceFile::Plan, None))?;
    let accounts_path = accounts.map(Path::to_path_buf).or_else(|| {
        plan.regnskap
            .as_ref()
            .map(|r| plan_dir(plan_path).join(&r.value))
    });
    let Some(accounts_path) = accounts_path else {
        return Ok(Loaded {
            sources: Sources {
                plan: plan_source,
                accounts: None,
            },
            plan,
            revised: None,
            warnings: Vec::new(),
        });
    };
    let (accounts_source, accounts) =
        load_yaml_as::<crate::accounts::Accounts>(SourceFile::Accounts, &accounts_path)
            .map_err(|e| Failure::from_load(e, SourceFile::Accounts, Some(&plan_source)))?;
    merge_accounts(plan_source, plan, accounts_source, &accounts)
}

/// Reads a plan from text already in memory, as if it were the file `plan_path` (its
/// relative paths are read beside that file), with the accounts' text when given: the plan
/// a DOCX carries, for `import`.
pub fn load_text(
    plan_path: &Path,
    plan_text: &str,
    accounts: Option<(&Path, &str)>,
) -> Result<Loaded, Failure> {
    let (plan_source, plan) =
        crate::plan::load::parse_yaml_as::<Plan>(SourceFile::Plan, plan_path, plan_text.as_bytes())
            .map_err(|e| Failure::from_load(e, SourceFile::Plan, None))?;
    let Some((accounts_path, accounts_text)) = accounts else {
        return Ok(Loaded {
            sources: Sources {
                plan: plan_source,
                accounts: None,
            },
            plan,
            revised: None,
            warnings: Vec::new(),
        });
    };
    let (accounts_source, accounts) =
        crate::plan::load::parse_yaml_as::<crate::accounts::Accounts>(
            SourceFile::Accounts,
            accounts_path,
            accounts_text.as_bytes(),
        )
        .map_err(|e| Failure::from_load(e, SourceFile::Accounts, Some(&plan_source)))?;
    merge_accounts(plan_source, plan, accounts_source, &accounts)
}

/// The plan with its accounts merged in, or the merge's errors.
fn merge_accounts(
    plan_source: Source,
    mut plan: Plan,
    accounts_source: Source,
    accounts: &crate::accounts::Accounts,
) -> Result<Loaded, Failure> {
    let (revised, diagnostics) = crate::accounts::revise(&mut plan, accounts);
    let sources = Sources {
        plan: plan_source,
        accounts: Some(accounts_source),
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Failure::Invalid {
            sources: Box::new(sources),
            diagnostics,
            what: "regnskapet passer ikke til planen",
        });
    }
    Ok(Loaded {
        sources,
        plan,
        revised,
        warnings: diagnostics,
    })
}

/// The folder a plan's relative paths (logo, accounts) are read from.
fn plan_dir(plan_path: &Path) -> PathBuf {
    match plan_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Loaded {
    /// Validates the plan: a valid plan with its warnings, or every problem found.
    pub fn check(self, plan_path: &Path) -> Result<Warned<ValidPlan>, Failure> {
        let checked = crate::validate::check(&self.plan);
        let mut diagnostics = self.warnings;
        diagnostics.extend(checked.diagnostics);
        diagnostics.extend(crate::validate::check_files(
            &self.plan,
            &plan_dir(plan_path),
        ));
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Failure::Invalid {
                sources: Box::new(self.sources),
                diagnostics,
                what: "planen har feil",
            });
        }
        Ok(Warned {
            output: ValidPlan {
                sources: self.sources,
                plan: self.plan,
                figures: checked.figures,
                revised: self.revised,
                dir: plan_dir(plan_path),
            },
            warnings: diagnostics,
        })
    }

    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The plan as read (and merged with its accounts), before checking.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
}

/// Loads and checks in one step.
pub fn load_and_check(
    plan_path: &Path,
    accounts: Option<&Path>,
) -> Result<Warned<ValidPlan>, Failure> {
    load(plan_path, accounts)?.check(plan_path)
}

/// A plan that passed `check`: every figure computed, nothing in the way of rendering.
#[derive(Debug)]
pub struct ValidPlan {
    sources: Sources,
    plan: Plan,
    figures: Figures,
    revised: Option<Revised>,
    dir: PathBuf,
}

impl ValidPlan {
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    pub fn figures(&self) -> &Figures {
        &self.figures
    }
    /// The revision after the accounts, when the accounts were merged in.
    pub fn revised(&self) -> Option<&Revised> {
        self.revised.as_ref()
    }
    pub fn sources(&self) -> &Sources {
        &self.sources
    }
    /// The folder the plan's relative paths are read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The date stamped into the documents' metadata: the revision date, else the board's
    /// date, else 1 January of the plan year, so the same plan always gives the same files.
    pub fn document_date(&self) -> time::Date {
        if let Some(r) = &self.revised {
            return r.revision.revised;
        }
        match &self.plan.program.styrebehandlet {
            Some(d) => d.value.0,
            None => {
                time::Date::from_calendar_date(self.plan.program.år.value, time::Month::January, 1)
                    .unwrap_or(time::Date::MIN)
            }
        }
    }
}

/// Which documents to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub docx: bool,
    pub pdf: bool,
    pub html: bool,
}

impl Formats {
    pub const ALL: Formats = Formats {
        docx: true,
        pdf: true,
        html: true,
    };
}

/// How to render: the formats and the templates (shared by every plan of a run).
pub struct RenderOptions<'a> {
    pub formats: Formats,
    pub templates: &'a Templates,
    /// `--reference-docx`: the Word document the DOCX's styles come from; it goes before the
    /// plan's own `referansedokument:`, which goes before the embedded default.
    pub reference_docx: Option<&'a Path>,
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

/// A plan's documents in memory, with the writers' warnings (as text: they are about the
/// generated markup, not a place in the plan).
#[derive(Debug)]
pub struct Rendered {
    pub files: Vec<RenderedFile>,
    pub warnings: Vec<String>,
}

/// Why a valid plan could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("{path}: {message}")]
    ReferenceDocx { path: String, message: String },
}

/// The reference document for the DOCX: `given` (the command line's) when there is one, else
/// the plan's `referansedokument:` (relative to the plan file), else the embedded default.
pub fn reference_docx(
    valid: &ValidPlan,
    given: Option<&Path>,
) -> Result<write::docx::Reference, OutputError> {
    let path = match (given, &valid.plan.program.referansedokument) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(rel)) => valid.dir.join(rel),
        (None, None) => return Ok(write::docx::Reference::builtin()),
    };
    crate::validate::reference_document(&path).map_err(|message| OutputError::ReferenceDocx {
        path: path.display().to_string(),
        message,
    })
}

/// The IR of a valid plan's documents: the plan, and its communication plan when it has one.
pub fn documents(
    valid: &ValidPlan,
    templates: &Templates,
) -> Result<crate::render::Documents, RenderError> {
    crate::render::documents(
        &valid.plan,
        &valid.figures,
        valid.revised.as_ref(),
        &valid.dir,
        templates,
    )
}

/// Renders a valid plan to the requested formats, all in memory: the plan, and its
/// communication plan as a separate document when the plan has one. Either every file is
/// made or none.
pub fn render(valid: &ValidPlan, options: &RenderOptions) -> Result<Rendered, OutputError> {
    let documents = documents(valid, options.templates)?;
    let mut list = vec![("", documents.plan)];
    if let Some(attachment) = documents.communication {
        list.push(("-kommunikasjonsplan", attachment));
    }
    let formats = options.formats;
    let reference = if formats.docx {
        reference_docx(valid, options.reference_docx)?
    } else {
        write::docx::Reference::builtin()
    };
    type Writer = fn(&crate::doc::Document, &WriteOptions) -> Result<write::Written, WriteError>;
    let writers: [(bool, &'static str, Writer); 3] = [
        (formats.docx, "docx", write::docx::write),
        (formats.pdf, "pdf", write::pdf::write),
        (formats.html, "html", write::html::write),
    ];
    let mut rendered = Rendered {
        files: Vec::new(),
        warnings: Vec::new(),
    };
    let date = valid.document_date();
    for (suffix, doc) in &list {
        // The DOCX's table of contents stores the pages its headings have in the PDF.
        let toc_pages = if formats.docx && write::docx::has_toc(doc) {
            Some(write::pdf::heading_pages(doc, date)?)
        } else {
            None
        };
        let write_options = WriteOptions {
            date,
            docx_reference: &reference,
            toc_pages: toc_pages.as_deref(),
        };
        for (wanted, extension, writer) in writers {
            if !wanted {
                continue;
            }
            let mut written = writer(doc, &write_options)?;
            if extension == "docx" && suffix.is_empty() {
                // The board's DOCX carries the plan it was made from, for `import`.
                written.bytes = write::docx::embed::embed_plan(
                    &written.bytes,
                    &valid.sources.plan.text,
                    valid.sources.accounts.as_ref().map(|a| a.text.as_str()),
                )
                .map_err(|e| WriteError::Docx(e.to_string()))?;
            }
            rendered.warnings.extend(written.warnings);
            rendered.files.push(RenderedFile {
                suffix,
                extension,
                bytes: written.bytes,
            });
        }
    }
    Ok(rendered)
}

/// Frees what Typst memoised while laying out earlier plans (as typst-cli does between
/// compilations), so a run over many plans keeps its memory flat. What a plan still being laid
/// out on another thread has used since the last call survives one more call (age 1), so
/// plans in parallel do not throw away each other's work.
pub fn evict_layout_cache() {
    typst::comemo::evict(1);
}

/// Empties Typst's memo cache entirely: the next render is a fresh one (the benchmark's).
pub fn clear_layout_cache() {
    typst::comemo::evict(0);
}

/// The JSON Schema of the plan format, for editors (yaml-language-server).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Plan);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The JSON Schema of the accounts file (`--regnskap`).
pub fn accounts_json_schema() -> String {
    let schema = schemars::schema_for!(crate::accounts::Accounts);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
