//! The library's API, the whole pipeline in three steps: [`load`] a plan (and the accounts
//! merged into it) → [`Loaded::check`] it into a [`ValidPlan`] (the only way to get one) →
//! [`render`] the valid plan to files in memory. The commands, the tests and the benchmark
//! all go through here.

use crate::changes::Revised;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::figures::Figures;
use crate::plan::Plan;
use crate::plan::load::{LoadError, Reading, Source, read_file_as};
use crate::render::{RenderError, Templates};
use crate::write::{self, WriteError, WriteOptions};
use std::collections::HashSet;
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

    /// Many diagnostics rustc-style, each against its own file's text, in time linear in the
    /// files and the diagnostics (each file's lines are found once).
    pub fn render_all<'d>(
        &'d self,
        diagnostics: impl IntoIterator<Item = &'d Diagnostic> + 'd,
    ) -> impl Iterator<Item = String> + 'd {
        let plan = crate::diagnostic::Lines::new(&self.plan.text);
        let accounts = self
            .accounts
            .as_ref()
            .map(|a| crate::diagnostic::Lines::new(&a.text));
        let (plan_name, accounts_name) =
            (self.plan.name(), self.accounts.as_ref().map(|a| a.name()));
        diagnostics
            .into_iter()
            .map(move |d| match (d.file, &accounts, &accounts_name) {
                (SourceFile::Accounts, Some(lines), Some(name)) => d.render_in(name, lines),
                _ => d.render_in(&plan_name, &plan),
            })
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
                let (source, diagnostics) = unshown_unless_yaml(source, diagnostics);
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

/// A file read past its mistakes is shown as [`unshown_unless_yaml`] says, when it has any.
fn unshown_reading<T>(reading: Reading<T>) -> Reading<T> {
    if !reading.diagnostics.iter().any(Diagnostic::is_error) {
        return reading;
    }
    let (source, diagnostics) = unshown_unless_yaml(reading.source, reading.diagnostics);
    Reading {
        source,
        diagnostics,
        ..reading
    }
}

/// A file that does not parse, named without a YAML ending (`.yaml`, `.yml`), may be any file
/// at all (`--regnskap /proc/self/environ`): none of its text is shown, neither a line as an
/// excerpt nor a value quoted in a message, in the terminal or on the preview page. One
/// diagnostic says what is wrong and how to see more.
fn unshown_unless_yaml(source: Source, diagnostics: Vec<Diagnostic>) -> (Source, Vec<Diagnostic>) {
    let name = source.path.to_string_lossy().to_lowercase();
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        let diagnostics = with_pasted_text_hint(&source, diagnostics);
        return (source, diagnostics);
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let file = diagnostics.first().map(|d| d.file).unwrap_or_default();
    let diagnostic = match document_kind(&name) {
        Some(kind) => Diagnostic::error(format!(
            "Filen er {kind}, ikke en planfil: check og render leser planen fra en YAML-fil"
        ))
        .within(file)
        .help(format!(
            "lag planfilen fra dokumentet med `handlingsplan import {} -o plan.yaml`{}, og kjør check på plan.yaml",
            source.path.display(),
            if name.ends_with(".docx") { "" } else { " (lagre det som .docx i Word eller LibreOffice først)" }
        )),
        None => Diagnostic::error(format!(
            "Filen kan ikke leses som YAML ({errors} feil); innholdet vises ikke, fordi filnavnet \
             ikke slutter på .yaml"
        ))
        .within(file)
        .help("kontroller at det er riktig fil; er det en plan eller et regnskap, gi filen endelsen .yaml og kjør på nytt for å se hvor feilene er"),
    };
    (
        Source {
            path: source.path,
            text: String::new(),
            positions: Default::default(),
        },
        vec![diagnostic],
    )
}

/// The fewest errors of a file that looks like a document's text pasted into a plan file.
const PASTED_TEXT_ERRORS: usize = 5;

/// A file of many errors and none of a plan's top-level keys is no plan written wrong but a
/// document's text pasted into a plan file: one message first says so and what to do instead.
fn with_pasted_text_hint(source: &Source, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let plan_keys = [
        "program:",
        "innsatsområder:",
        "innsatsområde:",
        "arbeidsplasser:",
        "arbeidsplassar:",
        "finansiering:",
        "administrasjon:",
        "kommunikasjonsplan:",
        // An accounts file's keys.
        "år:",
        "regnskap:",
        "rekneskap:",
    ];
    let has_plan_key = source
        .text
        .lines()
        .any(|l| plan_keys.iter().any(|k| l.starts_with(k)));
    if errors < PASTED_TEXT_ERRORS || has_plan_key {
        return diagnostics;
    }
    let file = diagnostics.first().map(|d| d.file).unwrap_or_default();
    let hint = Diagnostic::error(
        "Filen ser ut som tekst fra et dokument, ikke som en plan i YAML: den har ingen av planens nøkler (program:, innsatsområder:, finansiering: …)",
    )
    .within(file)
    .help("har du planen i Word, lag planfilen med `handlingsplan import PLAN.docx -o plan.yaml`; vil du begynne på en ny, lag en mal med `handlingsplan new -o plan.yaml` og fyll den inn");
    std::iter::once(hint).chain(diagnostics).collect()
}

/// What a document a plan is written in is, by its file name's ending: the file `import`
/// makes a plan from.
fn document_kind(lower_name: &str) -> Option<&'static str> {
    [
        (".docx", "et Word-dokument"),
        (".doc", "et eldre Word-dokument"),
        (".odt", "et OpenDocument-dokument"),
        (".rtf", "et RTF-dokument"),
    ]
    .iter()
    .find(|(ending, _)| lower_name.ends_with(ending))
    .map(|(_, kind)| *kind)
}

/// A plan read from its file, with the accounts merged in when given: not yet checked. Reading
/// goes on past bad values, so a loaded plan may already carry errors; `check` adds what
/// validation finds and fails when there is any.
#[derive(Debug)]
pub struct Loaded {
    sources: Sources,
    plan: Plan,
    revised: Option<Revised>,
    /// What reading and the merge found (reading errors among them).
    warnings: Vec<Diagnostic>,
    /// The plan's stand-ins for values that could not be read.
    stand_ins: StandIns<Plan>,
}

/// What stands in for values of a file that could not be read.
#[derive(Debug)]
struct StandIns<T> {
    /// The paths that hold stand-ins.
    paths: Vec<String>,
    /// Those whose stand-in is one of two (`de::stand_in`).
    varied: HashSet<String>,
    /// The value read with the other stand-ins.
    other: Option<T>,
}

impl<T> Default for StandIns<T> {
    fn default() -> Self {
        StandIns {
            paths: Vec::new(),
            varied: HashSet::new(),
            other: None,
        }
    }
}

/// The value read from a file, or the failure when not even a stand-in could be made.
fn value_of<T>(
    reading: Reading<T>,
    sources: impl FnOnce(Source) -> Sources,
    diagnostics: &mut Vec<Diagnostic>,
    stand_ins: &mut StandIns<T>,
    what: &'static str,
) -> Result<(Source, T), Failure> {
    let reading = unshown_reading(reading);
    diagnostics.extend(reading.diagnostics);
    stand_ins.paths.extend(reading.tainted);
    stand_ins.varied.extend(reading.varied);
    stand_ins.other = reading.other;
    match reading.value {
        Some(value) => Ok((reading.source, value)),
        None => Err(Failure::Invalid {
            sources: Box::new(sources(reading.source)),
            diagnostics: std::mem::take(diagnostics),
            what,
        }),
    }
}

/// Reads a plan and merges its accounts: the `accounts` file when given, else the one the
/// plan names with `regnskap:` (relative to the plan file).
pub fn load(plan_path: &Path, accounts: Option<&Path>) -> Result<Loaded, Failure> {
    let reading = read_file_as::<Plan>(SourceFile::Plan, plan_path)
        .map_err(|e| Failure::from_load(e, SourceFile::Plan, None))?;
    merged(plan_path, reading, accounts, |path| {
        read_file_as::<crate::accounts::Accounts>(SourceFile::Accounts, path)
    })
}

/// Reads a plan from text already in memory, as if it were the file `plan_path` (its
/// relative paths are read beside that file), with the accounts' text when given: the plan
/// a DOCX carries, for `import`.
pub fn load_text(
    plan_path: &Path,
    plan_text: &str,
    accounts: Option<(&Path, &str)>,
) -> Result<Loaded, Failure> {
    let reading =
        crate::plan::load::read_yaml_as::<Plan>(SourceFile::Plan, plan_path, plan_text.as_bytes())
            .map_err(|e| Failure::from_load(e, SourceFile::Plan, None))?;
    // Accounts the plan names without their text given are read from their file, as `load`.
    merged(
        plan_path,
        reading,
        accounts.map(|(path, _)| path),
        |path| match accounts {
            Some((_, text)) => crate::plan::load::read_yaml_as::<crate::accounts::Accounts>(
                SourceFile::Accounts,
                path,
                text.as_bytes(),
            ),
            None => read_file_as::<crate::accounts::Accounts>(SourceFile::Accounts, path),
        },
    )
}

/// The plan read, with the accounts merged in when there are any: those at `accounts`, else
/// those the plan names, each read by `read_accounts`.
fn merged(
    plan_path: &Path,
    reading: Reading<Plan>,
    accounts: Option<&Path>,
    read_accounts: impl FnOnce(&Path) -> Result<Reading<crate::accounts::Accounts>, LoadError>,
) -> Result<Loaded, Failure> {
    let mut diagnostics = Vec::new();
    let mut stand_ins = StandIns::default();
    let only_plan = |plan| Sources {
        plan,
        accounts: None,
    };
    let (plan_source, mut plan) = value_of(
        reading,
        only_plan,
        &mut diagnostics,
        &mut stand_ins,
        "planen kan ikke leses",
    )?;
    let accounts_path = match (accounts, &plan.regnskap) {
        // Given on the command line: the user's own choice, wherever it lies.
        (Some(given), _) => Some(given.to_path_buf()),
        // Named in the plan: only a YAML file in the plan's folder. A name that is not is the
        // plan's error, told with the rest; the plan is still read and checked without accounts.
        (None, Some(named)) => match named_accounts(plan_path, named) {
            Ok(path) => Some(path),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                None
            }
        },
        (None, None) => None,
    };
    let Some(accounts_path) = accounts_path else {
        return Ok(Loaded {
            sources: only_plan(plan_source),
            plan,
            revised: None,
            warnings: diagnostics,
            stand_ins,
        });
    };
    let reading = read_accounts(&accounts_path)
        .map_err(|e| Failure::from_load(e, SourceFile::Accounts, Some(&plan_source)))?;
    // The accounts' stand-ins are not paths of the plan.
    let mut accounts_stand_ins = StandIns::default();
    let with_accounts = |accounts| Sources {
        plan: plan_source.clone(),
        accounts: Some(accounts),
    };
    let (accounts_source, accounts) = value_of(
        reading,
        with_accounts,
        &mut diagnostics,
        &mut accounts_stand_ins,
        "regnskapet kan ikke leses",
    )?;
    let (revised, mut merged) = crate::accounts::revise(&mut plan, &accounts);
    if let Some(other) = stand_ins.other.as_mut() {
        crate::accounts::revise(other, &accounts);
    }
    // What the merge says about a value of the accounts that could not be read is told already.
    merged.retain(|d| {
        d.file != SourceFile::Accounts
            || !follows_from_stand_in(d, &accounts_stand_ins.paths, &HashSet::new())
    });
    let sources = Sources {
        plan: plan_source,
        accounts: Some(accounts_source),
    };
    let merge_failed = merged.iter().any(Diagnostic::is_error);
    diagnostics.extend(merged);
    if merge_failed {
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
        stand_ins,
    })
}

/// The accounts file a plan names (`regnskap:`): a YAML file in the plan's own folder, so a
/// plan received from someone else cannot have any other file of this machine read and shown.
fn named_accounts(
    plan_path: &Path,
    named: &crate::plan::scalar::At<String>,
) -> Result<PathBuf, Diagnostic> {
    let place = |message: String| {
        Diagnostic::error(format!("Regnskapsfilen «{}» {message}", named.value))
            .at(named.line, named.column)
            .path("regnskap")
    };
    let lower = named.value.to_lowercase();
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return Err(place("er ikke en YAML-fil".into()).help(
            "oppgi regnskapsfilen (.yaml) relativt til planfilen, f.eks. `regnskap: regnskap-2023.yaml`",
        ));
    }
    crate::plan::logo::inside(&plan_dir(plan_path), &named.value).map_err(|message| {
        place(message).help(
            "flytt regnskapsfilen til planens mappe, eller gi den på kommandolinjen med --regnskap",
        )
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
        let read_badly = self.warnings.iter().any(Diagnostic::is_error);
        let mut diagnostics = self.warnings;
        // What validation says only with one of the two stand-ins follows from them.
        let with_other: Option<HashSet<(String, Option<String>)>> =
            self.stand_ins.other.as_ref().map(|other| {
                crate::validate::check(other)
                    .diagnostics
                    .into_iter()
                    .map(|d| (d.message, d.path))
                    .collect()
            });
        let mut found: Vec<Diagnostic> = checked
            .diagnostics
            .into_iter()
            .filter(|d| {
                with_other
                    .as_ref()
                    .is_none_or(|other| other.contains(&(d.message.clone(), d.path.clone())))
            })
            .collect();
        found.extend(crate::validate::check_files(
            &self.plan,
            &plan_dir(plan_path),
        ));
        let stand_ins = &self.stand_ins;
        diagnostics.extend(
            found
                .into_iter()
                .filter(|d| !follows_from_stand_in(d, &stand_ins.paths, &stand_ins.varied)),
        );
        locate(&mut diagnostics, &self.sources);
        if diagnostics.iter().any(Diagnostic::is_error) {
            // Errors first, each file in line order.
            diagnostics
                .sort_by_key(|d| (d.severity, d.file == SourceFile::Accounts, d.line, d.column));
            return Err(Failure::Invalid {
                sources: Box::new(self.sources),
                diagnostics,
                what: if read_badly {
                    "planen har feil (også verdier som ikke kunne leses)"
                } else {
                    "planen har feil"
                },
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

/// Whether a diagnostic of validation follows from a value that could not be read (and is
/// told already): it is about that value, a part of it or a part it is in, or, for a stand-in
/// that is not one of two (`varied`; those are told apart by validating with each), about the
/// same item of a list at the top, or the same section (sums and comparisons within it); a
/// stand-in for the year or the period makes every check of validation meaningless.
fn follows_from_stand_in(d: &Diagnostic, tainted: &[String], varied: &HashSet<String>) -> bool {
    let within = |inner: &str, outer: &str| {
        outer.is_empty()
            || inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with(['.', '[']))
    };
    let section = |p: &str| p.split(['.', '[']).next().unwrap_or("").to_string();
    // The part of the plan a stand-in's comparisons stay within: its item of a list at the
    // top (an area with its strategies, one activity), else its section.
    let part = |t: &str| match t.find(']') {
        Some(end) => t[..=end].to_string(),
        None => section(t),
    };
    tainted.iter().any(|t| {
        if within(t, "program.år") || within(t, "program.periode") || t == "program" {
            return true;
        }
        let Some(p) = d.path.as_deref() else {
            return false;
        };
        // A name that could not be read matches no other: what is said of names not
        // matching between the job table and the areas follows from it.
        let names = |s: String| match s.as_str() {
            "innsatsområder" => "arbeidsplasser".to_string(),
            _ => s,
        };
        let unmatched_name =
            t.ends_with(".navn") && p.ends_with(".navn") && names(section(p)) == names(section(t));
        within(p, t)
            || within(t, p)
            || unmatched_name
            || (!varied.contains(t) && section(p) != "program" && within(p, &part(t)))
    })
}

/// Gives a diagnostic that names a path but no line the line its key is written on.
fn locate(diagnostics: &mut [Diagnostic], sources: &Sources) {
    for d in diagnostics.iter_mut().filter(|d| d.line == 0) {
        if let Some((line, column)) = d
            .path
            .as_deref()
            .and_then(|p| sources.of(d.file).position(p))
        {
            d.line = line;
            d.column = column;
        }
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
    /// The stem the files will be named from (`drangedal-2024` for `drangedal-2024.yaml`,
    /// see [`RenderedFile::file_name`]), so that the plan's HTML links to its communication
    /// plan's file and back. `None` when the files are not written beside each other under
    /// those names: the documents then name each other in words only.
    pub stem: Option<&'a str>,
}

/// What each document's file name adds to the plan file's stem.
const PLAN_SUFFIX: &str = "";
const COMMUNICATION_SUFFIX: &str = "-kommunikasjonsplan";

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
        (None, Some(rel)) => crate::plan::logo::inside(&valid.dir, rel).map_err(|message| {
            OutputError::ReferenceDocx {
                path: rel.clone(),
                message,
            }
        })?,
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
///
/// Typst's layouts (the PDF's, and the one the DOCX's table of contents takes its page
/// numbers from) are most of a render. What does not depend on them is made meanwhile on a
/// second thread ([`MadeAhead`]), so that the DOCX and the HTML add little to a PDF's time.
pub fn render(valid: &ValidPlan, options: &RenderOptions) -> Result<Rendered, OutputError> {
    let documents = documents(valid, options.templates)?;
    // Each document links to the other's file in the same format, written by this render
    // under the same stem.
    let communication_stem = documents
        .communication
        .as_ref()
        .zip(options.stem)
        .map(|(_, stem)| format!("{stem}{COMMUNICATION_SUFFIX}"));
    let plan_stem = communication_stem
        .as_ref()
        .zip(options.stem)
        .map(|(_, stem)| format!("{stem}{PLAN_SUFFIX}"));
    let siblings = write::Siblings {
        plan: plan_stem.as_deref(),
        communication: communication_stem.as_deref(),
    };
    let mut list = vec![(PLAN_SUFFIX, documents.plan)];
    if let Some(attachment) = documents.communication {
        list.push((COMMUNICATION_SUFFIX, attachment));
    }
    let formats = options.formats;
    let reference = if formats.docx {
        reference_docx(valid, options.reference_docx)?
    } else {
        write::docx::Reference::builtin()
    };
    let date = valid.document_date();
    let write_options: Vec<WriteOptions> = list
        .iter()
        .map(|(suffix, _)| WriteOptions {
            date,
            docx_reference: &reference,
            toc_pages: None,
            docx_ahead: None,
            siblings,
            // The board's DOCX carries the plan it was made from, for `import`.
            carried: suffix.is_empty().then(|| write::Carried {
                plan: &valid.sources.plan.text,
                accounts: valid.sources.accounts.as_ref().map(|a| a.text.as_str()),
            }),
        })
        .collect();
    let docs: Vec<&crate::doc::Document> = list.iter().map(|(_, doc)| doc).collect();
    let (layouts, ahead) = std::thread::scope(|scope| {
        let make_ahead = || MadeAhead::make(&docs, &write_options, formats);
        let laid_out = |doc: &&crate::doc::Document| {
            laid_out_needed(doc, formats)
                .then(|| write::pdf::lay_out(doc, date))
                .transpose()
        };
        if docs.iter().any(|d| laid_out_needed(d, formats)) && (formats.html || formats.docx) {
            let ahead = scope.spawn(make_ahead);
            let layouts: Result<Vec<_>, _> = docs.iter().map(laid_out).collect();
            let ahead = ahead
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (layouts, ahead)
        } else {
            (docs.iter().map(laid_out).collect(), make_ahead())
        }
    });
    let layouts = layouts?;
    let mut rendered = Rendered {
        files: Vec::new(),
        warnings: Vec::new(),
    };
    let mut pages = ahead.html.into_iter();
    for (n, ((suffix, doc), layout)) in list.iter().zip(&layouts).enumerate() {
        let mut add = |extension: &'static str, written: write::Written| {
            rendered.warnings.extend(written.warnings);
            rendered.files.push(RenderedFile {
                suffix,
                extension,
                bytes: written.bytes,
            });
        };
        if formats.docx {
            let toc_pages = match layout {
                Some(layout) if write::docx::has_toc(doc) => {
                    Some(write::pdf::heading_pages(layout)?)
                }
                _ => None,
            };
            let options = WriteOptions {
                toc_pages: toc_pages.as_deref(),
                docx_ahead: ahead.docx.get(n),
                ..write_options[n]
            };
            add("docx", write::docx::write(doc, &options)?);
        }
        if let Some(layout) = layout.as_ref().filter(|_| formats.pdf) {
            add("pdf", write::pdf::export(doc, layout)?);
        }
        if let Some(page) = pages.next() {
            add("html", page);
        }
    }
    Ok(rendered)
}

/// Whether `doc` is laid out by Typst in a render of `formats`: for the PDF, and for the
/// page numbers of a DOCX's table of contents.
fn laid_out_needed(doc: &crate::doc::Document, formats: Formats) -> bool {
    formats.pdf || (formats.docx && write::docx::has_toc(doc))
}

/// What a render makes of its documents without their layout: the HTML pages whole, their
/// fonts subset once for all of them (`html::write_all`), and what each DOCX needs ahead
/// (`docx::ahead`: its charts drawn, its fonts subset).
struct MadeAhead<'d> {
    html: Vec<write::Written>,
    docx: Vec<write::docx::Ahead<'d>>,
}

impl<'d> MadeAhead<'d> {
    fn make(
        docs: &[&'d crate::doc::Document],
        options: &[WriteOptions],
        formats: Formats,
    ) -> MadeAhead<'d> {
        let html = if formats.html {
            let pages: Vec<_> = docs.iter().copied().zip(options.iter().copied()).collect();
            write::html::write_all(&pages)
        } else {
            Vec::new()
        };
        let docx = if formats.docx {
            docs.iter().map(|doc| write::docx::ahead(doc)).collect()
        } else {
            Vec::new()
        };
        MadeAhead { html, docx }
    }
}

/// Frees what Typst memoised while laying out earlier plans (as typst-cli does between
/// compilations), so a run over many plans keeps its memory flat. What a plan still being laid
/// out on another thread has used since the last call survives one more call (age 1), so
/// plans in parallel do not throw away each other's work.
pub fn evict_layout_cache() {
    typst::comemo::evict(1);
}

/// Empties Typst's memo cache and forgets the font subsets and their web forms kept in
/// memory: the next render is the first of its process, as from the command line (the
/// benchmarks'). The font cache on disk stays as it is ([`use_font_cache`]).
pub fn clear_caches() {
    typst::comemo::evict(0);
    crate::fonts::forget_subsets();
    write::webfont::forget();
    write::docx::fonts::forget();
}

/// Keeps font subsets in the folder `dir` from now on in this process, or nowhere (`None`),
/// instead of the user's cache folder (see `cache`): the benchmarks measure a first
/// render on a machine (an empty folder) apart from a later one.
pub fn use_font_cache(dir: Option<&Path>) {
    crate::cache::use_folder(dir);
}

/// The JSON Schema of the plan format, for editors (yaml-language-server).
pub fn json_schema() -> String {
    crate::schema::plan()
}

/// The JSON Schema of the accounts file (`--regnskap`).
pub fn accounts_json_schema() -> String {
    crate::schema::accounts()
}
