//! The binary's one place for reporting: exit codes, diagnostics against their files, errors
//! with their cause chain. Commands collect what they say in a [`Report`] per plan, so that
//! plans handled in parallel still print in the order they were given. Everything printed goes
//! through [`terminal`], so no text from a file can steer the terminal.

use handlingsplan::diagnostic::Diagnostic;
use handlingsplan::pipeline::{Failure, Sources};
use std::fmt::Write as _;
use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything valid (warnings allowed), or nothing changed.
    Ok,
    /// 1: a plan has errors.
    PlanErrors,
    /// 1: `diff` found changed figures.
    Changed,
    /// 2: wrong use, or a file that cannot be read or written.
    Trouble,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::PlanErrors | Exit::Changed => 1,
            Exit::Trouble => 2,
        }
    }

    /// The worse of two outcomes, by exit code.
    pub fn worst(self, other: Exit) -> Exit {
        if other.code() > self.code() {
            other
        } else {
            self
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

/// What a command says about one plan: standard output, standard error, and the outcome.
#[derive(Debug)]
pub struct Report {
    pub out: String,
    pub err: String,
    pub exit: Exit,
}

impl Report {
    pub fn new() -> Report {
        Report {
            out: String::new(),
            err: String::new(),
            exit: Exit::Ok,
        }
    }

    /// Diagnostics, each against the file it points into.
    pub fn diagnostics(&mut self, sources: &Sources, diagnostics: &[Diagnostic]) {
        for text in sources.render_all(diagnostics) {
            let _ = writeln!(self.err, "{text}");
        }
    }

    /// Why a plan gave nothing: its diagnostics and a closing line, or the unreadable file.
    pub fn failure(&mut self, failure: &Failure, consequence: &str) {
        match failure {
            Failure::Unreadable { path, message } => {
                let _ = writeln!(self.err, "feil: {}: {message}", path.display());
                self.exit = self.exit.worst(Exit::Trouble);
            }
            Failure::Invalid {
                sources,
                diagnostics,
                what,
            } => {
                self.diagnostics(sources, diagnostics);
                let _ = writeln!(
                    self.err,
                    "{}: {what} ({} feil); {consequence}\n",
                    sources.name(),
                    failure.error_count()
                );
                // A file the plan names that cannot be read is trouble (2), as any unreadable
                // file; everything else is the plan's errors (1).
                let exit = if diagnostics.iter().any(|d| d.unreadable) {
                    Exit::Trouble
                } else {
                    Exit::PlanErrors
                };
                self.exit = self.exit.worst(exit);
            }
        }
    }

    /// An error with its whole cause chain.
    pub fn error(&mut self, context: &str, error: &(dyn std::error::Error + 'static), exit: Exit) {
        match error.downcast_ref::<std::io::Error>() {
            Some(io) => {
                let _ = write!(
                    self.err,
                    "feil: {context}: {}",
                    handlingsplan::diagnostic::io_cause(io)
                );
            }
            None => {
                let _ = write!(self.err, "feil: {context}: {error}");
            }
        }
        let mut source = error.source();
        while let Some(cause) = source {
            let _ = write!(self.err, ": {cause}");
            source = cause.source();
        }
        self.err.push('\n');
        self.exit = self.exit.worst(exit);
    }

    /// Prints the report (standard output first) and gives its outcome.
    pub fn print(self) -> Exit {
        print!("{}", terminal(&self.out));
        eprint!("{}", terminal(&self.err));
        self.exit
    }
}

/// Prints the reports in order and gives the worst outcome.
pub fn print_all(reports: Vec<Report>) -> Exit {
    reports
        .into_iter()
        .fold(Exit::Ok, |worst, r| worst.worst(r.print()))
}

/// A usage problem found before any work: the message, and exit code 2.
pub fn usage(message: &str) -> Exit {
    eprintln!("feil: {}", terminal(message));
    Exit::Trouble
}

/// «1 advarsel», «3 advarsler».
pub fn warnings(count: usize) -> String {
    if count == 1 {
        "1 advarsel".to_string()
    } else {
        format!("{count} advarsler")
    }
}

/// Text as it may reach the terminal: what a plan, a document or a file name holds may say
/// anything, and a control character in it is shown, never obeyed
/// ([`handlingsplan::diagnostic::sanitize`]).
pub fn terminal(text: &str) -> String {
    handlingsplan::diagnostic::sanitize(text)
}
