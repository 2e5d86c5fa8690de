//! The seam between `serve` and the library: plan (+ accounts, logo, templates) on disk → a
//! checked plan → the HTML pages, the figures summary and the diagnostics as `check` prints
//! them; and, on demand, the DOCX or PDF of a good build. This is the only file in
//! `src/serve/` that calls other modules of the crate; when the library's API changes, only
//! this file changes.
//!
//! The surface, on purpose small:
//! - [`build`] reads everything from disk and gives a [`Built`]: the files it read (to watch),
//!   the diagnostics ([`Note`]), and a [`Good`] build when the plan has no errors.
//! - [`render_download`] turns a [`Good`] build into DOCX or PDF bytes, from the document
//!   already built in memory (nothing is read again).

use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::{self, Failure, Sources};
use crate::plan::Plan;
use crate::write::{WriteOptions, docx::Reference};
use std::path::{Path, PathBuf};

/// One diagnostic, with everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub error: bool,
    pub message: String,
    /// The file the diagnostic is about, as given on the command line (or joined to it).
    pub file: String,
    /// 1-based; 0 when the problem has no single place.
    pub line: u64,
    pub column: u64,
    /// The YAML path, e.g. `innsatsområder[2].strategier[0].budsjett`.
    pub field: Option<String>,
    pub help: Option<String>,
    /// The diagnostic exactly as `check` prints it (message, file:line:column, excerpt with a
    /// caret, field and hint).
    pub text: String,
    /// For a warning about a gap: the id of the gap's element in the plan's HTML page.
    pub gap: Option<String>,
}

/// A plan that built: its pages and summary, and the documents for downloads.
pub struct Good {
    /// The document title (for the page's heading and title).
    pub title: String,
    /// The plan as a standalone HTML page; every gap has an id (`mangler-1`, …).
    pub plan_html: String,
    /// The communication plan as a standalone HTML page, when the plan has one.
    pub communication_html: Option<String>,
    /// The figures summary, as `check` prints it.
    pub summary: String,
    /// A hash of what the documents are made from: equal keys give equal downloads.
    pub key: u64,
    documents: crate::render::Documents,
    date: time::Date,
    /// The DOCX's reference document (the plan's `referansedokument:` or the default).
    reference: Reference,
}

/// The outcome of one build.
pub struct Built {
    /// Every file this build read or looked for (plan, accounts, logo, the template files a
    /// user may override); a change to any of them calls for a new build.
    pub inputs: Vec<PathBuf>,
    /// Errors and warnings, errors first.
    pub notes: Vec<Note>,
    /// The documents, when the plan has no errors.
    pub good: Option<Good>,
    /// What each step took, in order (reading, checking, templates, HTML), as serve reports it.
    pub steps: Vec<(&'static str, std::time::Duration)>,
}

/// The time each step of a build took.
struct Steps {
    done: Vec<(&'static str, std::time::Duration)>,
    since: std::time::Instant,
}

impl Steps {
    /// The step `name` ended now.
    fn end(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.done.push((name, now.duration_since(self.since)));
        self.since = now;
    }
}

/// Which document to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Doc {
    Plan,
    Communication,
}

/// Which format to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Pdf,
}

/// A diagnostic as a note, with its text as the terminal shows it (`text`).
fn note(d: &Diagnostic, file: &str, text: String) -> Note {
    Note {
        error: d.severity == Severity::Error,
        message: crate::diagnostic::sanitize(&d.message),
        file: file.to_string(),
        line: d.line,
        column: d.column,
        field: d.path.clone(),
        help: d.help.as_deref().map(crate::diagnostic::sanitize),
        text,
        gap: None,
    }
}

/// Diagnostics against the files they point into (the plan or its accounts), each file's lines
/// found once, however many there are.
fn notes_in<'d>(
    sources: &'d Sources,
    diagnostics: &'d [Diagnostic],
) -> impl Iterator<Item = Note> + 'd {
    diagnostics
        .iter()
        .zip(sources.render_all(diagnostics))
        .map(|(d, text)| note(d, &sources.of(d.file).name(), text))
}

fn plain_error(file: &str, message: String) -> Note {
    let d = Diagnostic::error(message);
    let text = d.render(file, "");
    note(&d, file, text)
}

/// Why the pipeline gave no plan, as notes; the files it read are watched.
fn failure_notes(failure: &Failure, notes: &mut Vec<Note>, inputs: &mut Vec<PathBuf>) {
    match failure {
        Failure::Unreadable { path, message } => {
            let file = path.display().to_string();
            notes.push(plain_error(&file, format!("{file}: {message}")));
            if !inputs.contains(path) {
                inputs.push(path.clone());
            }
        }
        Failure::Invalid {
            sources,
            diagnostics,
            ..
        } => {
            if let Some(accounts) = &sources.accounts {
                inputs.push(accounts.path.clone());
            }
            notes.extend(notes_in(sources, diagnostics));
        }
    }
}

/// Loads, checks and renders the plan. Never panics on any input: what goes wrong becomes a
/// [`Note`].
pub fn build(plan_path: &Path, accounts: Option<&Path>, templates: Option<&Path>) -> Built {
    let plan_dir = match plan_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut inputs = vec![plan_path.to_path_buf()];
    if let Some(dir) = templates {
        inputs.extend(
            crate::render::DEFAULT_TEMPLATES
                .iter()
                .map(|(n, _)| dir.join(n)),
        );
    }
    let mut notes = Vec::new();
    let mut steps = Steps {
        done: Vec::new(),
        since: std::time::Instant::now(),
    };
    let good = build_good(
        plan_path,
        &plan_dir,
        accounts,
        templates,
        &mut inputs,
        &mut notes,
        &mut steps,
    );
    notes.sort_by_key(|n| !n.error);
    Built {
        inputs,
        notes,
        good,
        steps: steps.done,
    }
}

fn build_good(
    plan_path: &Path,
    plan_dir: &Path,
    accounts: Option<&Path>,
    templates: Option<&Path>,
    inputs: &mut Vec<PathBuf>,
    notes: &mut Vec<Note>,
    steps: &mut Steps,
) -> Option<Good> {
    if let Some(accounts) = accounts {
        inputs.push(accounts.to_path_buf());
    }
    let loaded = match pipeline::load(plan_path, accounts) {
        Ok(loaded) => loaded,
        Err(failure) => {
            failure_notes(&failure, notes, inputs);
            return None;
        }
    };
    steps.end("lesing");
    if let Some(logo) = &loaded.plan().program.logo {
        inputs.push(plan_dir.join(logo));
    }
    if let Some(a) = &loaded.sources().accounts
        && !inputs.contains(&a.path)
    {
        inputs.push(a.path.clone());
    }
    let warned = match loaded.check(plan_path) {
        Ok(warned) => warned,
        Err(failure) => {
            failure_notes(&failure, notes, inputs);
            return None;
        }
    };
    steps.end("kontroll");
    let valid = warned.output;
    notes.extend(notes_in(valid.sources(), &warned.warnings));
    let file = valid.sources().name();
    let templates = match templates_for(templates) {
        Ok(t) => t,
        Err(e) => {
            notes.push(plain_error(
                &templates
                    .map(|t| t.display().to_string())
                    .unwrap_or_default(),
                e.to_string(),
            ));
            return None;
        }
    };
    steps.end("maler");
    let documents = match pipeline::documents(&valid, &templates) {
        Ok(d) => d,
        Err(e) => {
            notes.push(plain_error(&file, e.to_string()));
            return None;
        }
    };
    let reference = match pipeline::reference_docx(&valid, None) {
        Ok(r) => r,
        Err(e) => {
            notes.push(plain_error(&file, e.to_string()));
            return None;
        }
    };
    steps.end("dokument");
    let date = valid.document_date();
    let (plan_html, gaps) = number_gaps(&html(&documents.plan, date, &reference));
    link_gaps(notes, valid.plan(), &gaps);
    let communication_html = documents
        .communication
        .as_ref()
        .map(|d| html(d, date, &reference));
    steps.end("HTML");
    let mut summary = crate::summary::render(valid.plan(), valid.figures());
    if let Some(r) = valid.revised() {
        summary.push_str(&format!(
            "\nRevidert etter godkjent regnskap for {}: {} tall endret\n",
            r.revision.accounts_year,
            r.changes.len()
        ));
    }
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        plan_html.hash(&mut h);
        communication_html.hash(&mut h);
        date.hash(&mut h);
        h.finish()
    };
    Some(Good {
        title: documents.plan.title.clone(),
        plan_html,
        communication_html,
        summary,
        key,
        documents,
        date,
        reference,
    })
}

/// The templates: the embedded ones read once for the server's life, a user's folder read
/// again for each build (its files are watched).
fn templates_for(
    dir: Option<&Path>,
) -> Result<std::sync::Arc<crate::render::Templates>, crate::render::RenderError> {
    static EMBEDDED: std::sync::OnceLock<std::sync::Arc<crate::render::Templates>> =
        std::sync::OnceLock::new();
    match dir {
        Some(dir) => crate::render::Templates::load(Some(dir)).map(std::sync::Arc::new),
        None => match EMBEDDED.get() {
            Some(t) => Ok(t.clone()),
            None => {
                let t = std::sync::Arc::new(crate::render::Templates::load(None)?);
                Ok(EMBEDDED.get_or_init(|| t).clone())
            }
        },
    }
}

fn html(doc: &crate::doc::Document, date: time::Date, reference: &Reference) -> String {
    let options = WriteOptions {
        date,
        docx_reference: reference,
        toc_pages: None,
        siblings: crate::write::Siblings::default(),
        docx_ahead: None,
        carried: None,
    };
    match crate::write::html::write(doc, &options) {
        Ok(written) => String::from_utf8_lossy(&written.bytes).into_owned(),
        Err(e) => format!("<p>{}</p>", crate::doc::escape(&e.to_string())),
    }
}

/// A gap as the HTML page shows it: its id, its text, the paragraph text before it, the
/// heading it falls under, and whether it is on the cover.
struct Gap {
    id: String,
    text: String,
    before: String,
    heading: String,
    cover: bool,
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Gives every gap in the HTML writer's output an id, and says where each one is.
fn number_gaps(html: &str) -> (String, Vec<Gap>) {
    const MARK: &str = "<mark class=\"gap\">";
    let cover_end = html.find("</header>").unwrap_or(0);
    let mut out = String::with_capacity(html.len() + 256);
    let mut gaps = Vec::new();
    let mut rest = html;
    let mut offset = 0;
    while let Some(at) = rest.find(MARK) {
        let pos = offset + at;
        let done = &html[..pos];
        let heading = ["<h1", "<h2", "<h3"]
            .iter()
            .filter_map(|h| done.rfind(h))
            .max()
            .map(|start| {
                let text = &done[start..];
                let end = text.find("</h").unwrap_or(text.len());
                strip_tags(&text[..end])
            })
            .unwrap_or_default();
        let before = done
            .rfind("<p")
            .map(|p| strip_tags(&done[p..]))
            .unwrap_or_default();
        let after = &rest[at + MARK.len()..];
        let text = strip_tags(&after[..after.find("</mark>").unwrap_or(0)]);
        let id = format!("mangler-{}", gaps.len() + 1);
        out.push_str(&rest[..at]);
        out.push_str(&format!("<mark class=\"gap\" id=\"{id}\">"));
        gaps.push(Gap {
            id,
            text,
            before,
            heading,
            cover: pos < cover_end,
        });
        offset = pos + MARK.len();
        rest = &rest[at + MARK.len()..];
    }
    out.push_str(rest);
    (out, gaps)
}

/// Links each warning about a gap to the gap it causes, by the field it names.
fn link_gaps(notes: &mut [Note], plan: &Plan, gaps: &[Gap]) {
    for n in notes.iter_mut().filter(|n| !n.error) {
        let Some(field) = n.field.as_deref() else {
            continue;
        };
        let found = match field {
            "program.visjon" => gaps.iter().find(|g| g.cover && g.text.contains("visjon")),
            "program.styrebehandlet" => {
                gaps.iter().find(|g| g.cover && g.before.contains("styret"))
            }
            "program.kommunestyregodkjent" => gaps
                .iter()
                .find(|g| g.cover && g.before.contains("Godkjen")),
            "resultater.tekst" => gaps.iter().find(|g| g.text.contains("oppsummering")),
            other => area_gap(other, plan, gaps),
        };
        n.gap = found.map(|g| g.id.clone());
    }
}

/// `innsatsområder[i].beskrivelse` (or effektmål, resultatmål): the gap under the area's
/// heading.
fn area_gap<'g>(field: &str, plan: &Plan, gaps: &'g [Gap]) -> Option<&'g Gap> {
    let rest = field.strip_prefix("innsatsområder[")?;
    let (index, rest) = rest.split_once("].")?;
    let area = plan.innsatsområder.get(index.parse::<usize>().ok()?)?;
    let wanted = match rest {
        "beskrivelse" => "omfatt",
        "effektmål" => "effektmål",
        "resultatmål" => "resultatmål",
        _ => return None,
    };
    let name = area.navn.value.trim();
    gaps.iter()
        .find(|g| !g.cover && g.heading.contains(name) && g.text.contains(wanted))
}

/// The DOCX or PDF of a good build, rendered from the documents built for the pages.
pub fn render_download(good: &Good, doc: Doc, format: Format) -> Result<Vec<u8>, String> {
    let document = match doc {
        Doc::Plan => &good.documents.plan,
        Doc::Communication => good
            .documents
            .communication
            .as_ref()
            .ok_or_else(|| "planen har ingen kommunikasjonsplan".to_string())?,
    };
    let toc_pages = match format {
        Format::Docx if crate::write::docx::has_toc(document) => Some(
            crate::write::pdf::lay_out(document, good.date)
                .and_then(|layout| crate::write::pdf::heading_pages(&layout))
                .map_err(|e| e.to_string())?,
        ),
        _ => None,
    };
    let options = WriteOptions {
        date: good.date,
        docx_reference: &good.reference,
        toc_pages: toc_pages.as_deref(),
        siblings: crate::write::Siblings::default(),
        docx_ahead: None,
        carried: None,
    };
    let written = match format {
        Format::Docx => crate::write::docx::write(document, &options),
        Format::Pdf => crate::write::pdf::write(document, &options),
    };
    // Typst memoises across compilations; keep what a live preview reuses, drop the rest. A
    // large plan's memo takes hundreds of megabytes per version (a 3.8 MB plan: 680 MB), and
    // its re-render gains little from it: dropped whole.
    typst::comemo::evict(if good.plan_html.len() > LARGE_HTML {
        0
    } else {
        10
    });
    release_freed_memory();
    written.map(|w| w.bytes).map_err(|e| e.to_string())
}

/// A plan whose page is larger than this (bytes of HTML; Drangedal's is about 0.2 MB) keeps
/// no Typst memo between downloads.
const LARGE_HTML: usize = 2 * 1024 * 1024;

/// Hands memory freed after a build back to the system: glibc's allocator keeps freed memory
/// in its arenas, so a server that once laid out a large plan would hold its peak for ever.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory at the top of the heaps to the system; it
    // touches no memory in use and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_get_ids_and_context() {
        let html = "<header><p class=\"cover-line\">Behandlet av styret i X <mark class=\"gap\">[mangler: dato]</mark></p></header><main><h2 id=\"a\">2.1 Reiseliv</h2><p><b>Effektmål:</b> <mark class=\"gap\">[mangler: effektmål]</mark></p></main>";
        let (out, gaps) = number_gaps(html);
        assert!(out.contains("<mark class=\"gap\" id=\"mangler-1\">[mangler: dato]"));
        assert!(out.contains("<mark class=\"gap\" id=\"mangler-2\">[mangler: effektmål]"));
        assert_eq!(gaps.len(), 2);
        assert!(gaps[0].cover && gaps[0].before.contains("styret"));
        assert!(!gaps[1].cover && gaps[1].heading.contains("Reiseliv"));
    }
}
