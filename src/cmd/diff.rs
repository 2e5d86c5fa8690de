//! `diff`: every figure that differs between two versions of a plan, as terminal text or a
//! Markdown table.

use crate::cli::{DiffArgs, DiffFormat};
use crate::report::{Exit, Report};
use handlingsplan::pipeline::load_and_check;

pub fn run(args: DiffArgs) -> Exit {
    let load = |path, accounts: &Option<std::path::PathBuf>| {
        load_and_check(path, accounts.as_deref()).map_err(|failure| {
            let mut report = Report::new();
            report.failure(&failure, "ingen sammenligning");
            // As diff(1): 1 means «changed», so a plan that cannot be compared is trouble (2).
            report.exit = Exit::Trouble;
            report
        })
    };
    let (old, new) = match (
        load(&args.old, &args.old_regnskap),
        load(&args.new, &args.new_regnskap),
    ) {
        (Ok(old), Ok(new)) => (old.output, new.output),
        (old, new) => {
            let reports = [old.err(), new.err()].into_iter().flatten().collect();
            return crate::report::print_all(reports);
        }
    };
    let changes =
        handlingsplan::changes::compare((old.plan(), old.figures()), (new.plan(), new.figures()));
    match args.format {
        DiffFormat::Text => print!(
            "{}",
            crate::report::terminal(&handlingsplan::diff::to_text(&changes))
        ),
        DiffFormat::Md => print!(
            "{}",
            crate::report::terminal(&handlingsplan::diff::to_markdown(&changes))
        ),
    }
    if changes.is_empty() {
        Exit::Ok
    } else {
        Exit::Changed
    }
}
