//! The binary: parses arguments, runs one command, prints diagnostics once, sets the exit code
//! (0 valid, 1 the plan has errors, 2 usage or I/O problems).

mod cli;

use clap::Parser;
use cli::{Cli, Command, DiffFormat, Format};
use handlingsplan::accounts::{Accounts, Revised};
use handlingsplan::diagnostic::Diagnostic;
use handlingsplan::plan::Plan;
use handlingsplan::plan::load::{LoadError, Source, load_yaml};
use handlingsplan::validate::Checked;
use std::path::{Path, PathBuf};
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
        Command::Check {
            plans,
            quiet,
            regnskap,
        } => check(&plans, quiet, regnskap.as_deref()),
        Command::Render {
            plans,
            output,
            format,
            templates,
            regnskap,
        } => render(
            &plans,
            &output,
            &format,
            templates.as_deref(),
            regnskap.as_deref(),
        ),
        Command::Diff {
            old,
            new,
            old_regnskap,
            new_regnskap,
            format,
        } => diff(
            &old,
            &new,
            old_regnskap.as_deref(),
            new_regnskap.as_deref(),
            format,
        ),
        Command::New {
            from,
            regnskap,
            year,
            output,
        } => new_plan(from.as_deref(), regnskap.as_deref(), year, &output),
        Command::Schema { regnskap, output } => schema(regnskap, output.as_deref()),
        Command::Serve {
            plan,
            regnskap,
            templates,
            port,
            address,
            open,
        } => match handlingsplan::serve::run(handlingsplan::serve::Options {
            plan,
            accounts: regnskap,
            templates,
            address,
            port,
            open,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("feil: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn print_diagnostics(file: &str, source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{}", d.render(file, source));
    }
}

/// A plan loaded, merged with its accounts (when given) and checked.
struct Loaded {
    name: String,
    source: Source,
    plan: Plan,
    checked: Checked,
    revised: Option<Revised>,
}

/// Loads one YAML file, printing why when it cannot be read (exit code 2) or parsed (1).
fn load_file<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<(Source, T), u8> {
    match load_yaml::<T>(path) {
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
                "{}: {what} kan ikke leses ({} feil)\n",
                source.name(),
                diagnostics.len()
            );
            Err(1)
        }
        Ok(loaded) => Ok(loaded),
    }
}

/// Loads one plan, merges the accounts (the `--regnskap` file, else the plan's own `regnskap:`
/// reference) and checks it, printing every diagnostic (warnings only when asked). Gives the
/// exit code when a file cannot be read (2) or parsed, or the accounts do not fit (1).
fn load_and_check(path: &Path, accounts: Option<&Path>, warnings: bool) -> Result<Loaded, u8> {
    let (source, mut plan) = load_file::<Plan>(path, "planen")?;
    let accounts_path = accounts.map(Path::to_path_buf).or_else(|| {
        plan.regnskap
            .as_ref()
            .map(|r| path.parent().unwrap_or(Path::new(".")).join(&r.value))
    });
    let mut revised = None;
    if let Some(accounts_path) = accounts_path {
        let (accounts_source, accounts) = load_file::<Accounts>(&accounts_path, "regnskapet")?;
        let (revision, diagnostics) = handlingsplan::accounts::revise(&mut plan, &accounts);
        let shown: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| warnings || d.is_error())
            .cloned()
            .collect();
        print_diagnostics(&accounts_source.name(), &accounts_source.text, &shown);
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            eprintln!(
                "{}: regnskapet passer ikke til {} ({errors} feil)\n",
                accounts_source.name(),
                source.name()
            );
            return Err(1);
        }
        revised = revision;
    }
    let checked = handlingsplan::validate::check(&plan);
    let shown: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| warnings || d.is_error())
        .cloned()
        .collect();
    print_diagnostics(&source.name(), &source.text, &shown);
    Ok(Loaded {
        name: source.name(),
        source,
        plan,
        checked,
        revised,
    })
}

fn error_count(checked: &Checked) -> usize {
    checked.diagnostics.iter().filter(|d| d.is_error()).count()
}

/// `--regnskap` belongs to one plan: refuse it with several.
fn one_plan_for_accounts(plans: &[PathBuf], accounts: Option<&Path>) -> Result<(), ExitCode> {
    if accounts.is_some() && plans.len() > 1 {
        eprintln!(
            "feil: --regnskap gjelder én plan, men {} planer er gitt; gi planen en `regnskap:`-linje i stedet",
            plans.len()
        );
        return Err(ExitCode::from(2));
    }
    Ok(())
}

fn check(plans: &[PathBuf], quiet: bool, accounts: Option<&Path>) -> ExitCode {
    if let Err(code) = one_plan_for_accounts(plans, accounts) {
        return code;
    }
    let mut worst = 0u8;
    for path in plans {
        let loaded = match load_and_check(path, accounts, true) {
            Ok(loaded) => loaded,
            Err(code) => {
                worst = worst.max(code);
                continue;
            }
        };
        let (name, checked) = (&loaded.name, &loaded.checked);
        let errors = error_count(checked);
        let warnings = checked.diagnostics.len() - errors;
        if errors > 0 {
            eprintln!("{name}: {errors} feil, {warnings} advarsler\n");
            worst = worst.max(1);
        } else {
            if !quiet {
                println!(
                    "{}",
                    handlingsplan::summary::render(&loaded.plan, &checked.figures)
                );
                if let Some(r) = &loaded.revised {
                    println!(
                        "Revidert etter godkjent regnskap for {}: {} tall endret\n",
                        r.revision.accounts_year,
                        r.changes.len()
                    );
                }
            }
            println!("{name}: gyldig ({warnings} advarsler)\n");
        }
    }
    ExitCode::from(worst)
}

/// Loads and checks one plan for rendering or comparing: the plan when valid, else the exit
/// code to report.
fn load_valid(
    path: &Path,
    accounts: Option<&Path>,
    warnings: bool,
    consequence: &str,
) -> Result<Loaded, u8> {
    let loaded = load_and_check(path, accounts, warnings)?;
    if loaded.checked.has_errors() {
        eprintln!(
            "{}: {} feil; {consequence}\n",
            loaded.name,
            error_count(&loaded.checked)
        );
        return Err(1);
    }
    Ok(loaded)
}

fn diff(
    old: &Path,
    new: &Path,
    old_accounts: Option<&Path>,
    new_accounts: Option<&Path>,
    format: DiffFormat,
) -> ExitCode {
    let (old, new) = match (
        load_valid(old, old_accounts, false, "ingen sammenligning"),
        load_valid(new, new_accounts, false, "ingen sammenligning"),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(a), Err(b)) => return ExitCode::from(a.max(b)),
        (Err(code), _) | (_, Err(code)) => return ExitCode::from(code),
    };
    let changes = handlingsplan::diff::compare(
        (&old.plan, &old.checked.figures),
        (&new.plan, &new.checked.figures),
    );
    match format {
        DiffFormat::Text => print!("{}", handlingsplan::diff::to_text(&changes)),
        DiffFormat::Md => print!("{}", handlingsplan::diff::to_markdown(&changes)),
    }
    ExitCode::from(u8::from(!changes.is_empty()))
}

fn render(
    plans: &[PathBuf],
    out_dir: &Path,
    formats: &[Format],
    templates: Option<&Path>,
    accounts: Option<&Path>,
) -> ExitCode {
    if let Err(code) = one_plan_for_accounts(plans, accounts) {
        return code;
    }
    let templates = match handlingsplan::render::Templates::load(templates) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("feil: {e}");
            return ExitCode::from(2);
        }
    };
    let mut worst = 0u8;
    for path in plans {
        let loaded = match load_valid(path, accounts, true, "ingen dokumenter skrevet") {
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
            &loaded.plan,
            &loaded.checked.figures,
            loaded.revised.as_ref(),
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
                for file in files {
                    let target = out_dir.join(file.file_name(&stem));
                    match handlingsplan::write_atomically(&target, &file.bytes) {
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

fn schema(accounts: bool, output: Option<&Path>) -> ExitCode {
    let text = if accounts {
        handlingsplan::accounts_json_schema()
    } else {
        handlingsplan::json_schema()
    };
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

fn new_plan(
    from: Option<&Path>,
    accounts: Option<&Path>,
    year: Option<i32>,
    output: &Path,
) -> ExitCode {
    if output.exists() {
        eprintln!(
            "feil: {} finnes fra før; `new` overskriver ingen fil, velg et annet navn",
            output.display()
        );
        return ExitCode::from(2);
    }
    let (text, notes) = match from {
        None => {
            let year = year.unwrap_or_else(|| time::OffsetDateTime::now_utc().year() + 1);
            (handlingsplan::roll::blank(year), Vec::new())
        }
        Some(from) => {
            let loaded = match load_valid(from, accounts, false, "ingen ny plan skrevet") {
                Ok(loaded) => loaded,
                Err(code) => return ExitCode::from(code),
            };
            let year = year.unwrap_or(loaded.plan.program.år.value + 1);
            match handlingsplan::roll::roll_forward(&loaded.source.text, &loaded.plan, year) {
                Ok(rolled) => (rolled.text, rolled.notes),
                Err(message) => {
                    eprintln!("feil: {}: {message}", loaded.name);
                    return ExitCode::from(1);
                }
            }
        }
    };
    // The new plan is checked as the user will check it, before anything is written.
    let (source, plan) =
        match handlingsplan::plan::load::parse_yaml::<Plan>(output, text.as_bytes()) {
            Ok(parsed) => parsed,
            Err(LoadError::Invalid {
                source,
                diagnostics,
            }) => {
                print_diagnostics(&source.name(), &source.text, &diagnostics);
                eprintln!("feil: den nye planen kunne ikke leses; ingen fil skrevet");
                return ExitCode::from(1);
            }
            Err(LoadError::Io { message, .. }) => {
                eprintln!("feil: {message}");
                return ExitCode::from(2);
            }
        };
    let checked = handlingsplan::validate::check(&plan);
    print_diagnostics(&source.name(), &source.text, &checked.diagnostics);
    if let Err(e) = handlingsplan::write_atomically(output, text.as_bytes()) {
        eprintln!("feil: kunne ikke skrive {}: {e}", output.display());
        return ExitCode::from(2);
    }
    println!(
        "skrev {} (Handlingsplan {})",
        output.display(),
        plan.program.år.value
    );
    if !notes.is_empty() {
        println!("\nGå gjennom før styrebehandlingen:");
        for note in &notes {
            println!("  – {note}");
        }
    }
    let errors = error_count(&checked);
    if errors > 0 {
        eprintln!(
            "\n{}: {errors} feil må rettes før dokumentene kan lages",
            output.display()
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
