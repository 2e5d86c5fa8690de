//! `render`: checks each plan and writes its documents, plans in parallel (every core, one
//! process, fonts and templates shared), with Typst's layout cache trimmed after each plan so
//! memory stays flat; messages print in the order the plans were given.

use crate::cli::{Format, RenderArgs};
use crate::report::{self, Exit, Report};
use handlingsplan::pipeline::{self, Formats, RenderOptions, load_and_check};
use handlingsplan::render::Templates;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `render`'s arguments, resolved before any plan is read.
struct Job {
    plans: Vec<PathBuf>,
    accounts: Option<PathBuf>,
    out_dir: PathBuf,
    formats: Formats,
    templates: Templates,
    reference_docx: Option<PathBuf>,
}

fn resolve(args: RenderArgs) -> Result<Job, String> {
    let accounts = super::accounts_for(&args.plans, args.regnskap)?;
    let templates = Templates::load(args.templates.as_deref()).map_err(|e| e.to_string())?;
    let formats = Formats {
        docx: args.format.contains(&Format::Docx),
        pdf: args.format.contains(&Format::Pdf),
        html: args.format.contains(&Format::Html),
    };
    Ok(Job {
        plans: args.plans,
        accounts,
        out_dir: args.output,
        formats,
        templates,
        reference_docx: args.reference_docx,
    })
}

pub fn run(args: RenderArgs) -> Exit {
    let job = match resolve(args) {
        Ok(job) => job,
        Err(message) => return report::usage(&message),
    };
    let reports = super::in_parallel(&job.plans, |path| {
        let report = render_one(&job, path);
        pipeline::evict_layout_cache();
        report
    });
    report::print_all(reports)
}

fn render_one(job: &Job, path: &Path) -> Report {
    let mut report = Report::new();
    let warned = match load_and_check(path, job.accounts.as_deref()) {
        Ok(warned) => warned,
        Err(failure) => {
            report.failure(&failure, "ingen dokumenter skrevet");
            return report;
        }
    };
    let valid = &warned.output;
    report.diagnostics(valid.sources(), &warned.warnings);
    let options = RenderOptions {
        formats: job.formats,
        templates: &job.templates,
        reference_docx: job.reference_docx.as_deref(),
    };
    let rendered = match pipeline::render(valid, &options) {
        Ok(rendered) => rendered,
        Err(e) => {
            report.error(&path.display().to_string(), &e, Exit::PlanErrors);
            return report;
        }
    };
    for warning in &rendered.warnings {
        let _ = writeln!(report.err, "advarsel: {}: {warning}", path.display());
    }
    let stem = super::stem(path);
    let files: Vec<(PathBuf, &[u8])> = rendered
        .files
        .iter()
        .map(|f| (job.out_dir.join(f.file_name(&stem)), f.bytes.as_slice()))
        .collect();
    if let Err(e) = std::fs::create_dir_all(&job.out_dir) {
        let folder = job.out_dir.display();
        report.error(
            &format!("kunne ikke lage mappen {folder}"),
            &e,
            Exit::Trouble,
        );
        return report;
    }
    handlingsplan::output::remove_leftovers(&job.out_dir);
    match handlingsplan::output::write_all(&files) {
        Ok(()) => {
            for (target, _) in &files {
                let _ = writeln!(report.out, "skrev {}", target.display());
            }
        }
        Err((target, e)) => {
            report.error(
                &format!("kunne ikke skrive {}", target.display()),
                &e,
                Exit::Trouble,
            );
        }
    }
    report
}
