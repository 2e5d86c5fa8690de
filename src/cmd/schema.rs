//! `schema`: the JSON Schema of the plan format (or the accounts file), for editors.

use crate::cli::SchemaArgs;
use crate::report::Exit;
use handlingsplan::pipeline::{accounts_json_schema, json_schema};

pub fn run(args: SchemaArgs) -> Exit {
    let text = if args.regnskap {
        accounts_json_schema()
    } else {
        json_schema()
    };
    match args.output {
        None => {
            println!("{text}");
            Exit::Ok
        }
        Some(path) => match handlingsplan::output::write_atomically(&path, text.as_bytes()) {
            Ok(()) => Exit::Ok,
            Err(e) => {
                eprintln!("feil: {}: {e}", path.display());
                Exit::Trouble
            }
        },
    }
}
