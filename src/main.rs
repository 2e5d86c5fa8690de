//! The binary: parses arguments, runs one command, prints diagnostics once, sets the exit code
//! (0 valid, 1 the plan has errors, 2 usage or I/O problems).

mod cli;

use clap::Parser;
use cli::{Cli, Command, Format};
use handlingsplan::diagnostic::Diagnostic;
use handlingsplan::plan::Plan;
use handlingsplan::plan::load::{LoadError, load_yaml};
use handlingsplan::validate::Checked;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check { plans, quiet } => check(&plans, quiet),
        Command::Render {
            plans,
            output,
            format,
            templates,
        } => render(&plans, &output, &format, templates.as_deref()),
        Command::Schema { output } => schema(output.as_deref()),
    }
}

fn print_diagnostics(file: &str, source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{}", d.render(file, source));
    }
}

/// Loads one plan and checks it, printing every diagnostic. Gives the plan, its source name and
/// the check's outcome, or the exit code when the file cannot be read (2) or parsed (1).
fn load_and_check(path: &Path) -> Result<(String, Plan, Checked), u8> {
    match load_yaml::<Plan>(path) {
        Err(LoadError::Io { path, message }) => {
            eprintln!("feil: {}: {message}", path.display());
            Err(2)
        }
        Err(LoadError::Invalid {
            source,
            diagnostics,
        }) => {
            print_diagnostics(&source.name(), &source.text, &diagnostics);
            eprintln!(
                "{}: planen kan ikke leses ({} feil)\n",
                source.name(),
                diagnostics.len()
            );
            Err(1)
        }
        Ok((source, plan)) => {
            let checked = handlingsplan::validate::check(&plan);
            print_diagnostics(&source.name(), &source.text, &checked.diagnostics);
            Ok((source.name(), plan, checked))
        }
    }
}

fn error_count(checked: &Checked) -> usize {
    checked.diagnostics.iter().filter(|d| d.is_error()).count()
}

fn check(plans: &[std::path::PathBuf], quiet: bool) -> ExitCode {
    let mut worst = 0u8;
    for path in plans {
        let (name, plan, checked) = match load_and_check(path) {
            Ok(loaded) => loaded,
            Err(code) => {
                worst = worst.max(code);
                continue;
            }
        };
        let errors = error_count(&checked);
        let warnings = checked.diagnostics.len() - errors;
        if errors > 0 {
            eprintln!("{name}: {errors} feil, {warnings} advarsler\n");
            worst = worst.max(1);
        } else {
            if !quiet {
                println!(
                    "{}",
                    handlingsplan::summary::render(&plan, &checked.figures)
                );
            }
            println!("{name}: gyldig ({warnings} advarsler)\n");
        }
    }
    ExitCode::from(worst)
}

/// Loads and checks one plan for rendering: the plan and its figures when valid, else the
/// exit code to report.
fn load_checked(path: &Path) -> Result<(Plan, handlingsplan::figures::Figures), u8> {
    let (name, plan, checked) = load_and_check(path)?;
    if checked.has_errors() {
        eprintln!(
            "{name}: {} feil; ingen dokumenter skrevet\n",
            error_count(&checked)
        );
        return Err(1);
    }
    Ok((plan, checked.figures))
}

fn render(
    plans: &[std::path::PathBuf],
    out_dir: &Path,
    formats: &[Format],
    templates: Option<&Path>,
) -> ExitCode {
    let templates = match handlingsplan::render::Templates::load(templates) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("feil: {e}");
            return ExitCode::from(2);
        }
    };
    let mut worst = 0u8;
    for path in plans {
        let (plan, figures) = match load_checked(path) {
            Ok(p) => p,
            Err(code) => {
                worst = worst.max(code);
                continue;
            }
        };
        let plan_dir = path.parent().unwrap_or(Path::new("."));
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "plan".into());
        match handlingsplan::render_files(
            &plan,
            &figures,
            plan_dir,
            &templates,
            formats_of(formats),
        ) {
            Err(e) => {
                eprintln!("feil: {}: {e}", path.display());
                worst = worst.max(1);
            }
            Ok(files) => {
                if let Err(e) = std::fs::create_dir_all(out_dir) {
                    eprintln!("feil: kunne ikke lage mappen {}: {e}", out_dir.display());
                    return ExitCode::from(2);
                }
                for (ext, bytes) in files {
                    let target = out_dir.join(format!("{stem}.{ext}"));
                    match handlingsplan::write_atomically(&target, &bytes) {
                        Ok(()) => println!("skrev {}", target.display()),
                        Err(e) => {
                            eprintln!("feil: kunne ikke skrive {}: {e}", target.display());
                            worst = 2;
                        }
                    }
                }
            }
        }
    }
    ExitCode::from(worst)
}

fn formats_of(formats: &[Format]) -> handlingsplan::Formats {
    handlingsplan::Formats {
        docx: formats.contains(&Format::Docx),
        pdf: formats.contains(&Format::Pdf),
        html: formats.contains(&Format::Html),
    }
}

fn schema(output: Option<&Path>) -> ExitCode {
    let text = handlingsplan::json_schema();
    match output {
        None => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match handlingsplan::write_atomically(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("feil: {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
    }
}
