//! `import`: a Word plan back into plan data. Reads the DOCX (within a size cap), runs the
//! library's `import`, writes the plan (a new file with `-o`, the changed plan file with
//! `--onto`, only when something changed), prints what changed and what to look at, and
//! checks the result as `check` would.

use crate::cli::ImportArgs;
use crate::report::{Exit, Report};
use handlingsplan::import::{self, Origin};
use handlingsplan::pipeline::load_and_check;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;

fn read_docx(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: filen finnes ikke", path.display()),
        _ => format!(
            "{}: kunne ikke lese filen: {}",
            path.display(),
            handlingsplan::diagnostic::io_cause(&e)
        ),
    })?;
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err(format!("{}: er ikke en vanlig fil", path.display()));
    }
    let mut bytes = Vec::new();
    file.take(import::docx::MAX_DOCX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            format!(
                "{}: kunne ikke lese filen: {}",
                path.display(),
                handlingsplan::diagnostic::io_cause(&e)
            )
        })?;
    if bytes.len() as u64 > import::docx::MAX_DOCX_BYTES {
        return Err(format!("{}: er større enn 64 MB", path.display()));
    }
    Ok(bytes)
}

/// The plan `--onto` edits, read as `check` reads a plan (a regular file, within the plan size
/// limit) and only when it may be written back.
fn read_onto(path: &Path) -> Result<String, String> {
    use handlingsplan::plan::load::{LoadError, MAX_FILE_BYTES, read_source};
    let bytes = read_source(path).map_err(|e| match e {
        LoadError::Io { message, .. } => message,
        LoadError::Invalid { .. } => "kunne ikke leses".to_string(),
    })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "er større enn {} MB; en handlingsplan er vanligvis under 100 kB",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    handlingsplan::output::editable(path)?;
    String::from_utf8(bytes)
        .map_err(|_| "er ikke tekst i UTF-8; lagre planen som UTF-8 i redigeringsprogrammet".into())
}

pub fn run(args: ImportArgs) -> Exit {
    let (target, onto) = match (&args.output, &args.onto) {
        (Some(o), None) => {
            if o.symlink_metadata().is_ok() {
                return crate::report::usage(&format!(
                    "{} finnes fra før; `import -o` overskriver ingen fil. Velg et annet navn, eller før endringene inn i den med `--onto {}`",
                    o.display(),
                    o.display()
                ));
            }
            (o.clone(), None)
        }
        (None, Some(p)) => match read_onto(p) {
            Ok(text) => (p.clone(), Some(text)),
            Err(why) => {
                return crate::report::usage(&format!("{}: {why}", p.display()));
            }
        },
        _ => {
            return crate::report::usage(
                "oppgi enten `-o NY.yaml` (en ny planfil) eller `--onto PLAN.yaml` (før endringene inn i en plan du har)",
            );
        }
    };
    let bytes = match read_docx(&args.docx) {
        Ok(b) => b,
        Err(m) => return crate::report::usage(&m),
    };
    let imported = match import::import(&bytes, &target, onto.as_deref()) {
        Ok(i) => i,
        Err(m) => return crate::report::usage(&format!("{}: {m}", args.docx.display())),
    };
    let mut report = Report::new();
    let docx = args.docx.display();
    let name = target.display();
    let from = match imported.origin {
        Origin::Embedded => "planen dokumentet ble laget av",
        Origin::Onto => "planfilen",
        Origin::Structure => "dokumentets oppbygning (overskrifter, merkelapper og tabeller)",
    };
    let _ = writeln!(report.out, "{docx}: lest fra {from}.");
    if imported.origin != Origin::Structure {
        if imported.applied.is_empty() {
            let _ = writeln!(report.out, "Ingen endringer i dokumentet å føre inn.");
        } else {
            let _ = writeln!(report.out, "Endret i Word (før → etter):");
            report.out.push_str(&import::change_list(&imported.applied));
            let _ = writeln!(report.out, "\n{} endringer.", imported.applied.len());
        }
    }
    // A plan read by its structure gets the editor's line to the schema, as `new` writes it;
    // the plan a DOCX carries comes back exactly as it was.
    let text = if imported.origin == Origin::Structure {
        super::new::with_schema_beside(&imported.text)
    } else {
        imported.text.clone()
    };
    let unchanged = onto.is_some() && imported.applied.is_empty();
    if !imported.notes.is_empty() {
        let lines = if unchanged {
            String::new()
        } else {
            format!(" (linjene er i {name})")
        };
        let _ = writeln!(report.out, "\nSe over{lines}:");
        // What concerns the whole document first, then each field's in the file's order.
        let mut notes = import::note_lines(&imported.notes, &text);
        notes.sort_by_key(|(line, _)| line.filter(|_| !unchanged));
        for (line, note) in notes {
            match line.filter(|_| !unchanged) {
                Some(line) => {
                    let _ = writeln!(report.out, "- linje {line}, {note}");
                }
                None => {
                    let _ = writeln!(report.out, "- {note}");
                }
            }
        }
    }
    if unchanged {
        let _ = writeln!(report.out, "{name} er ikke endret.");
        return report.print();
    }
    let written = if onto.is_some() {
        handlingsplan::output::write_in_place(&target, text.as_bytes())
    } else {
        // A new plan goes into the folder named, made when it is not there.
        match target.parent().filter(|f| !f.as_os_str().is_empty()) {
            Some(folder) => std::fs::create_dir_all(folder),
            None => Ok(()),
        }
        .and_then(|()| handlingsplan::output::write_new(&target, text.as_bytes()))
    };
    if let Err(e) = written {
        let _ = writeln!(
            report.err,
            "feil: {name}: kunne ikke skrive planen: {}",
            handlingsplan::diagnostic::io_cause(&e)
        );
        report.exit = Exit::Trouble;
        return report.print();
    }
    // The schema the plan's first line names, beside a new plan (an existing one is kept).
    if onto.is_none() && text.contains(&super::new::modeline()) {
        super::new::write_plan_schema(&target, &mut report);
    }
    let _ = writeln!(report.out, "\nSkrev {name}. Kontroll av planen:");
    match load_and_check(&target, None) {
        Ok(warned) => {
            let valid = warned.output;
            report.diagnostics(valid.sources(), &warned.warnings);
            report.out.push_str(&handlingsplan::summary::render(
                valid.plan(),
                valid.figures(),
            ));
            let _ = writeln!(
                report.out,
                "\n{name}: gyldig ({})",
                crate::report::warnings(warned.warnings.len())
            );
        }
        // The plan is written all the same: what is left is to mend it, not to import again.
        Err(failure) => report.failure(
            &failure,
            &format!(
                "planen er likevel skrevet til {name}: rett feilene der og kjør `handlingsplan check {name}`"
            ),
        ),
    }
    report.print()
}
