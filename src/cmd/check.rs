//! `check`: loads and checks each plan (in parallel), prints the diagnostics and, for a valid
//! plan, the figures summary.

use crate::cli::CheckArgs;
use crate::report::{self, Exit, Report};
use handlingsplan::pipeline::load_and_check;
use std::fmt::Write as _;
use std::path::Path;

pub fn run(args: CheckArgs) -> Exit {
    let accounts = match super::accounts_for(&args.plans, args.regnskap) {
        Ok(a) => a,
        Err(message) => return report::usage(&message),
    };
    let reports = super::in_parallel(&args.plans, |path| {
        check_one(path, accounts.as_deref(), args.quiet)
    });
    report::print_all(reports)
}

fn check_one(path: &Path, accounts: Option<&Path>, quiet: bool) -> Report {
    let mut report = Report::new();
    let warned = match load_and_check(path, accounts) {
        Ok(warned) => warned,
        Err(failure) => {
            let warnings = match &failure {
                handlingsplan::Failure::Invalid { diagnostics, .. } => {
                    diagnostics.iter().filter(|d| !d.is_error()).count()
                }
                handlingsplan::Failure::Unreadable { .. } => 0,
            };
            report.failure(&failure, &crate::report::warnings(warnings));
            return report;
        }
    };
    let valid = &warned.output;
    report.diagnostics(valid.sources(), &warned.warnings);
    if !quiet {
        let _ = writeln!(
            report.out,
            "{}",
            handlingsplan::summary::render(valid.plan(), valid.figures())
        );
        if let Some(r) = valid.revised() {
            let _ = writeln!(
                report.out,
                "Revidert etter godkjent regnskap for {}: {} tall endret\n",
                r.revision.accounts_year,
                r.changes.len()
            );
        }
    }
    let _ = writeln!(
        report.out,
        "{}: gyldig ({})\n",
        valid.sources().name(),
        crate::report::warnings(warned.warnings.len())
    );
    report
}
