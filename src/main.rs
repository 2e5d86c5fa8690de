//! The binary: parses arguments, runs one command, prints diagnostics once, sets the exit code
//! (0 valid, 1 the plan has errors, 2 usage or I/O problems).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use handlingsplan::diagnostic::Diagnostic;
use handlingsplan::plan::Plan;
use handlingsplan::plan::load::{LoadError, load_yaml};
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
        Command::Schema { output } => schema(output.as_deref()),
    }
}

fn print_diagnostics(file: &str, source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{}", d.render(file, source));
    }
}

fn check(plans: &[std::path::PathBuf], quiet: bool) -> ExitCode {
    let mut worst = 0u8;
    for path in plans {
        match load_yaml::<Plan>(path) {
            Err(LoadError::Io { path, message }) => {
                eprintln!("feil: {}: {message}", path.display());
                worst = 2;
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
                worst = worst.max(1);
            }
            Ok((source, plan)) => {
                let checked = handlingsplan::validate::check(&plan);
                print_diagnostics(&source.name(), &source.text, &checked.diagnostics);
                let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = checked.diagnostics.len() - errors;
                if !quiet && !checked.has_errors() {
                    println!(
                        "{}",
                        handlingsplan::summary::render(&plan, &checked.figures)
                    );
                }
                if errors > 0 {
                    eprintln!("{}: {errors} feil, {warnings} advarsler\n", source.name());
                    worst = worst.max(1);
                } else {
                    println!("{}: gyldig ({warnings} advarsler)\n", source.name());
                }
            }
        }
    }
    ExitCode::from(worst)
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
