//! `serve`: the live preview in the browser (the server itself is the library's `serve`).

use crate::cli::ServeArgs;
use crate::report::Exit;

pub fn run(args: ServeArgs) -> Exit {
    let options = handlingsplan::serve::Options {
        plan: args.plan,
        accounts: args.regnskap,
        templates: args.templates,
        address: args.address,
        port: args.port,
        open: args.open,
    };
    match handlingsplan::serve::run(options) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("feil: {}", crate::report::terminal(&e.to_string()));
            Exit::Trouble
        }
    }
}
