//! The binary: parses the arguments, runs one command, and exits with the command's outcome
//! (0 valid, 1 the plan has errors, 2 usage or I/O problems). The work is in `cmd`, the
//! reporting in `report`, the pipeline in the library.

mod cli;
mod cmd;
mod report;

use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let parsed = cli::norwegian::localise(Cli::command())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let e = e.apply::<cli::norwegian::Norwegian>();
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let exit = match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Render(args) => cmd::render::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Import(args) => cmd::import::run(args),
    };
    exit.into()
}
