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
    /// The folder the templates were read from, when not the built-in ones.
    templates_dir: Option<PathBuf>,
    reference_docx: Option<PathBuf>,
}

fn resolve(args: RenderArgs) -> Result<Job, String> {
    refuse_clashes(&args.plans)?;
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
        templates_dir: args.templates,
        reference_docx: args.reference_docx,
    })
}

/// Two plans that would write the same file names are refused before anything is written:
/// the second would silently replace the first's documents.
fn refuse_clashes(plans: &[PathBuf]) -> Result<(), String> {
    let names: Vec<(&Path, Vec<String>)> = plans
        .iter()
        .map(|p| {
            let stem = super::stem(p);
            let names = ["", "-kommunikasjonsplan"]
                .iter()
                .flat_map(|suffix| {
                    let stem = &stem;
                    ["docx", "pdf", "html"]
                        .iter()
                        .map(move |ext| format!("{stem}{suffix}.{ext}"))
                })
                .collect();
            (p.as_path(), names)
        })
        .collect();
    match handlingsplan::output::clashing_names(&names) {
        None => Ok(()),
        Some((a, b, _)) if a == b => Err(format!(
            "{} er gitt to ganger; gi hver plan én gang",
            a.display()
        )),
        Some((a, b, name)) => Err(format!(
            "{} og {} ville begge skrive {name} i samme mappe, og den ene ville erstatte den \
             andres dokumenter; gi filene ulike navn, eller lag dem i hver sin mappe (-o)",
            a.display(),
            b.display()
        )),
    }
}

pub fn run(args: RenderArgs) -> Exit {
    let job = match resolve(args) {
        Ok(job) => job,
        Err(message) => return report::usage(&message),
    };
    for recovered in handlingsplan::output::prepare(&job.out_dir) {
        eprintln!(
            "merk: en tidligere kjøring ble avbrutt mens den skrev {}; {}",
            report::terminal(&recovered.files.join(", ")),
            if recovered.completed {
                "de nye filene er nå satt på plass, så alle hører sammen"
            } else {
                "de gamle filene er satt tilbake, så alle hører sammen"
            }
        );
    }
    let reports = super::in_parallel(&job.plans, |path| {
        let report = render_one(&job, path);
        pipeline::evict_layout_cache();
        report
    });
    report::print_all(reports)
}

/// The files a plan's render reads: the plan, its accounts, the reference document and the
/// templates. No document is written over one of them.
fn inputs(job: &Job, valid: &pipeline::ValidPlan) -> Vec<PathBuf> {
    let sources = valid.sources();
    let mut inputs = vec![sources.plan.path.clone()];
    inputs.extend(sources.accounts.iter().map(|a| a.path.clone()));
    inputs.extend(job.reference_docx.clone());
    if let Some(named) = &valid.plan().program.referansedokument {
        inputs.push(valid.dir().join(named));
    }
    if let Some(dir) = &job.templates_dir
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        inputs.extend(entries.flatten().take(1000).map(|e| e.path()));
    }
    inputs
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
    let stem = super::stem(path);
    let options = RenderOptions {
        formats: job.formats,
        templates: &job.templates,
        reference_docx: job.reference_docx.as_deref(),
        stem: Some(&stem),
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
    let files: Vec<(PathBuf, &[u8])> = rendered
        .files
        .iter()
        .map(|f| (job.out_dir.join(f.file_name(&stem)), f.bytes.as_slice()))
        .collect();
    let targets: Vec<PathBuf> = files.iter().map(|(t, _)| t.clone()).collect();
    if let Some((target, input)) = handlingsplan::output::input_among(&targets, &inputs(job, valid))
    {
        let _ = writeln!(
            report.err,
            "feil: {} ville bli skrevet over, men er en fil denne kjøringen leser ({}); ingen \
             dokumenter skrevet; velg en annen mappe med -o",
            target.display(),
            input.display()
        );
        report.exit = report.exit.worst(Exit::Trouble);
        return report;
    }
    if let Err(e) = std::fs::create_dir_all(&job.out_dir) {
        let folder = job.out_dir.display();
        report.error(
            &format!("kunne ikke lage mappen {folder}"),
            &e,
            Exit::Trouble,
        );
        return report;
    }
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
