//! `new`: next year's plan from this year's (its YAML text edited in place, comments kept), or
//! the blank template; checked before it is written, and never over an existing file. The
//! JSON Schema is written beside it, where the plan's first line points the editor. With
//! `--eksempler`, the example plans and their accounts instead, from the binary itself, so that
//! the installed tool alone can show what a plan looks like.

use crate::cli::NewArgs;
use crate::report::{Exit, Report};
use handlingsplan::diagnostic::Diagnostic;
use handlingsplan::pipeline::{Sources, load_and_check};
use handlingsplan::plan::Plan;
use handlingsplan::plan::load::{LoadError, parse_yaml};
use std::fmt::Write as _;

fn exists_message(path: &std::path::Path) -> String {
    format!(
        "{} finnes fra før; `new` overskriver ingen fil, velg et annet navn",
        path.display()
    )
}

pub fn run(args: NewArgs) -> Exit {
    if args.examples {
        return write_examples(&args.output);
    }
    if args.output.symlink_metadata().is_ok() {
        return crate::report::usage(&exists_message(&args.output));
    }
    if let Some(year) = args.year
        && !(1900..=2200).contains(&year)
    {
        return crate::report::usage(&format!(
            "--år {year} er ikke et planår; skriv et år fra 1900 til 2200, f.eks. --år 2026"
        ));
    }
    let mut report = Report::new();
    let (text, notes) = match &args.from {
        None => {
            let year = args
                .year
                .unwrap_or_else(|| time::OffsetDateTime::now_utc().year() + 1);
            (handlingsplan::roll::blank(year), Vec::new())
        }
        Some(from) => {
            let valid = match load_and_check(from, args.regnskap.as_deref()) {
                Ok(warned) => warned.output,
                Err(failure) => {
                    report.failure(&failure, "ingen ny plan skrevet");
                    return report.print();
                }
            };
            let year = args.year.unwrap_or(valid.plan().program.år.value + 1);
            match handlingsplan::roll::roll_forward(&valid.sources().plan.text, valid.plan(), year)
            {
                Ok(rolled) => (rolled.text, rolled.notes),
                Err(message) => {
                    let _ = writeln!(report.err, "feil: {}: {message}", valid.sources().name());
                    report.exit = Exit::PlanErrors;
                    return report.print();
                }
            }
        }
    };
    let text = with_schema_beside(&text);
    // The new plan is checked as the user will check it, before anything is written.
    let (source, plan) = match parse_yaml::<Plan>(&args.output, text.as_bytes()) {
        Ok(parsed) => parsed,
        Err(LoadError::Invalid {
            source,
            diagnostics,
        }) => {
            let sources = Sources {
                plan: source,
                accounts: None,
            };
            report.diagnostics(&sources, &diagnostics);
            let _ = writeln!(
                report.err,
                "feil: den nye planen kunne ikke leses; ingen fil skrevet"
            );
            report.exit = Exit::PlanErrors;
            return report.print();
        }
        Err(LoadError::Io { message, .. }) => {
            let _ = writeln!(report.err, "feil: {message}");
            report.exit = Exit::Trouble;
            return report.print();
        }
    };
    let checked = handlingsplan::validate::check(&plan);
    let sources = Sources {
        plan: source,
        accounts: None,
    };
    // The «…» a new plan leaves to fill in are its purpose, not a mistake: counted, not listed.
    let (unfilled, diagnostics): (Vec<Diagnostic>, Vec<Diagnostic>) = checked
        .diagnostics
        .into_iter()
        .partition(handlingsplan::validate::is_unfilled);
    report.diagnostics(&sources, &diagnostics);
    if let Some(folder) = args.output.parent().filter(|f| !f.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(folder)
    {
        report.error(
            &format!("kunne ikke lage mappen {}", folder.display()),
            &e,
            Exit::Trouble,
        );
        return report.print();
    }
    match handlingsplan::output::write_new(&args.output, text.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(report.err, "feil: {}", exists_message(&args.output));
            report.exit = Exit::Trouble;
            return report.print();
        }
        Err(e) => {
            report.error(
                &format!("kunne ikke skrive {}", args.output.display()),
                &e,
                Exit::Trouble,
            );
            return report.print();
        }
    }
    let _ = writeln!(
        report.out,
        "skrev {} (Handlingsplan {})",
        args.output.display(),
        plan.program.år.value
    );
    write_plan_schema(&args.output, &mut report);
    if !notes.is_empty() {
        let _ = writeln!(report.out, "\nGå gjennom før styrebehandlingen:");
        for note in &notes {
            let _ = writeln!(report.out, "  – {note}");
        }
    }
    if !unfilled.is_empty() {
        let _ = writeln!(
            report.out,
            "\nFyll inn der det står «…» ({} steder): `handlingsplan check {}` viser hvor, og godtar \
             planen når alle er fylt inn.",
            unfilled.len(),
            args.output.display()
        );
    }
    let errors = diagnostics
        .iter()
        .filter(|d| Diagnostic::is_error(d))
        .count();
    if errors > 0 {
        let _ = writeln!(
            report.err,
            "\n{}: {errors} feil må rettes før dokumentene kan lages",
            args.output.display()
        );
        report.exit = Exit::PlanErrors;
    }
    report.print()
}

/// The schema's file name, beside the plan.
const SCHEMA_FILE: &str = "handlingsplan.schema.json";

/// The accounts schema's file name, beside the accounts file.
const ACCOUNTS_SCHEMA_FILE: &str = "regnskap.schema.json";

/// The example plans (transcribed from real plans) and the accounts the first is revised with,
/// as the source has them in data/.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "drangedal-2024.yaml",
        include_str!("../../data/drangedal-2024.yaml"),
    ),
    (
        "hallingdal-2022.yaml",
        include_str!("../../data/hallingdal-2022.yaml"),
    ),
    (
        "regnskap-2023.yaml",
        include_str!("../../data/regnskap-2023.yaml"),
    ),
];

/// The editor's first line, pointing to the schema beside the plan.
pub(crate) fn modeline() -> String {
    format!("# yaml-language-server: $schema={SCHEMA_FILE}")
}

/// The plan's text with its `yaml-language-server` line pointing to the schema beside it (the
/// template's and a rolled plan's pointed to where the old plan was), or with one added.
pub(crate) fn with_schema_beside(text: &str) -> String {
    with_modeline(text, &modeline())
}

fn with_modeline(text: &str, modeline: &str) -> String {
    let marker = "# yaml-language-server: $schema=";
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    match lines
        .iter()
        .position(|l| l.trim_start().starts_with(marker))
    {
        Some(i) => lines[i] = modeline.to_string(),
        None => lines.insert(0, modeline.to_string()),
    }
    lines.join("\n")
}

/// Writes the example plans and accounts into `dir` (made if missing), each pointing to its
/// schema beside it, and the schemas. Nothing is written when one of the files is there.
fn write_examples(dir: &std::path::Path) -> Exit {
    let files: Vec<(std::path::PathBuf, String)> = EXAMPLES
        .iter()
        .map(|(name, text)| {
            let schema = if name.starts_with("regnskap") {
                ACCOUNTS_SCHEMA_FILE
            } else {
                SCHEMA_FILE
            };
            let line = format!("# yaml-language-server: $schema={schema}");
            (dir.join(name), with_modeline(text, &line))
        })
        .collect();
    if let Some((path, _)) = files.iter().find(|(p, _)| p.symlink_metadata().is_ok()) {
        return crate::report::usage(&exists_message(path));
    }
    let mut report = Report::new();
    if let Err(e) = std::fs::create_dir_all(dir) {
        report.error(
            &format!("kunne ikke lage mappen {}", dir.display()),
            &e,
            Exit::Trouble,
        );
        return report.print();
    }
    for (path, text) in &files {
        if let Err(e) = handlingsplan::output::write_new(path, text.as_bytes()) {
            report.error(
                &format!("kunne ikke skrive {}", path.display()),
                &e,
                Exit::Trouble,
            );
            return report.print();
        }
        let _ = writeln!(report.out, "skrev {}", path.display());
    }
    let plan = &files[0].0;
    let accounts = &files[2].0;
    write_schema(
        plan,
        SCHEMA_FILE,
        &handlingsplan::schema::plan(),
        &mut report,
    );
    let accounts_schema = handlingsplan::schema::accounts();
    write_schema(
        accounts,
        ACCOUNTS_SCHEMA_FILE,
        &accounts_schema,
        &mut report,
    );
    let _ = writeln!(
        report.out,
        "\nLag dokumentene av eksemplene med\n  handlingsplan render {} {} --format docx,pdf,html\n\
         og den reviderte Drangedal-planen med\n  handlingsplan render {} --regnskap {}",
        plan.display(),
        files[1].0.display(),
        plan.display(),
        accounts.display()
    );
    report.print()
}

/// Writes the plan schema beside a new plan, so that the editor completes and checks it.
pub(crate) fn write_plan_schema(plan: &std::path::Path, report: &mut Report) {
    write_schema(plan, SCHEMA_FILE, &handlingsplan::schema::plan(), report);
}

/// Writes `schema` as `name` beside `file`. One that is there already is kept: when it differs
/// from this version's, the user is told how to make it anew.
fn write_schema(file: &std::path::Path, name: &str, schema: &str, report: &mut Report) {
    let path = file.with_file_name(name);
    let option = if name == ACCOUNTS_SCHEMA_FILE {
        " --regnskap"
    } else {
        ""
    };
    match std::fs::read(&path) {
        Ok(existing) if existing == schema.as_bytes() => {}
        Ok(_) => {
            let _ = writeln!(
                report.out,
                "merk: {} finnes fra før og er et annet skjema enn denne versjonens; den er ikke \
                 endret. Vil du ha autofullføring for denne versjonen, skriv \
                 `handlingsplan schema{option} -o {}`",
                path.display(),
                path.display()
            );
        }
        Err(_) => match handlingsplan::output::write_new(&path, schema.as_bytes()) {
            Ok(()) => {
                let _ = writeln!(
                    report.out,
                    "skrev {} (skjemaet redigeringsprogrammet bruker til autofullføring)",
                    path.display()
                );
            }
            Err(e) => report.error(
                &format!("kunne ikke skrive {}", path.display()),
                &e,
                Exit::Trouble,
            ),
        },
    }
}
