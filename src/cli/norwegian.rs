//! clap's own texts in Norwegian, between the argument types (`cli`) and `main`: the help's
//! layout and headings («Bruk:», «Kommandoer:», «Valg:»), the help and version flags, default
//! and possible values, and every parse error («feil: ukjent kommando 'sjekk'», «mente du
//! 'check'?»). clap has no translations; it has a help template, help headings, its own flags
//! replaceable by ordinary arguments, and an `ErrorFormatter` that sees each error's kind and
//! context, which is all this module uses.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};
use std::error::Error as _;
use std::fmt::Write as _;

/// The layout of every help page: clap's own, with the usage heading in Norwegian.
const TEMPLATE: &str = "{about-with-newline}\nBruk: {usage}\n\n{all-args}{after-help}";

/// The command with Norwegian help: its own help and version flags, headings, default and
/// possible values said in Norwegian, and a usage line without clap's «[OPTIONS]»; the same for
/// every subcommand.
pub fn localise(command: Command) -> Command {
    let top = command.get_name().to_string();
    let command = command
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Skriv ut versjonen"),
        )
        .subcommand_help_heading("Kommandoer")
        .subcommand_value_name("KOMMANDO")
        .disable_help_subcommand(true);
    let command = localise_one(command, &top);
    command.mut_subcommands(|sub| {
        let path = format!("{top} {}", sub.get_name());
        localise_one(sub, &path)
    })
}

/// One command's help: the template, the help flag, and its arguments' headings and values.
fn localise_one(command: Command, path: &str) -> Command {
    let mut order = 0;
    let mut command = command
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Skriv ut hjelp"),
        )
        .mut_args(|arg| {
            // Under a heading of their own, clap lists the arguments in their display order,
            // which is not the order they are given in: the order they are defined in is.
            order += 1;
            localise_arg(arg).display_order(order)
        });
    let usage = usage_line(&mut command, path);
    command.override_usage(usage)
}

/// An argument under a Norwegian heading, its default and possible values in its help text.
fn localise_arg(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        "Argumenter"
    } else {
        "Valg"
    };
    let mut extra = Vec::new();
    // A flag (`-q`) takes no value: its value parser's «true, false» are not the user's to write.
    let takes_values = arg.get_action().takes_values();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_values && !values.is_empty() && !arg.is_hide_possible_values_set() {
        extra.push(format!("mulige verdier: {}", values.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        extra.push(format!("standard: {}", defaults.join(",")));
    }
    let help = match (arg.get_help(), extra.is_empty()) {
        (Some(help), false) => Some(format!("{help} [{}]", extra.join("] ["))),
        (None, false) => Some(format!("[{}]", extra.join("] ["))),
        (help, true) => help.map(ToString::to_string),
    };
    let arg = arg.help_heading(heading);
    let arg = if takes_values {
        arg.hide_possible_values(true).hide_default_value(true)
    } else {
        arg
    };
    match help {
        Some(help) => arg.help(help),
        None => arg,
    }
}

/// The usage line clap would write, with «[VALG]» for its «[OPTIONS]» and «KOMMANDO» for
/// «COMMAND».
fn usage_line(command: &mut Command, path: &str) -> String {
    let mut probe = command.clone().bin_name(path);
    let rendered = probe.render_usage().to_string();
    let line = rendered
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(rendered.trim())
        .trim()
        .to_string();
    line.replace("[OPTIONS]", "[VALG]")
}

/// clap's errors in Norwegian: what was wrong, a «mente du» where clap has a suggestion, the
/// usage line and where to read more.
pub struct Norwegian;

impl ErrorFormatter for Norwegian {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut out = String::from("feil: ");
        out.push_str(&message(error));
        let suggestions = [
            (ContextKind::SuggestedSubcommand, "kommandoen"),
            (ContextKind::SuggestedArg, "valget"),
            (ContextKind::SuggestedValue, "verdien"),
        ];
        let mut first = true;
        for (kind, what) in suggestions {
            if let Some(value) = error.get(kind) {
                if first {
                    out.push('\n');
                    first = false;
                }
                let _ = write!(
                    out,
                    "\n  mente du {what} {}?",
                    quoted_list(value, " eller ")
                );
            }
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.trim();
            let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
            let _ = write!(out, "\n\nBruk: {}", usage.replace("[OPTIONS]", "[VALG]"));
        }
        out.push_str("\n\nSkriv «--help» for mer hjelp.\n");
        StyledStr::from(out)
    }
}

/// The first line of an error: what was wrong, in Norwegian.
fn message(error: &clap::error::Error<Norwegian>) -> String {
    let get = |kind| error.get(kind).map(|v| quoted_list(v, ", "));
    let invalid_arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let invalid_value = get(ContextKind::InvalidValue).unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "ukjent kommando {}",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("ukjent valg eller argument {invalid_arg}"),
        ErrorKind::MissingRequiredArgument => {
            format!("dette må være med: {invalid_arg}")
        }
        ErrorKind::MissingSubcommand => "skriv en kommando (se listen under)".to_string(),
        ErrorKind::InvalidValue => {
            let mut m = if invalid_value.is_empty() || invalid_value == "''" {
                format!("{invalid_arg} mangler en verdi")
            } else {
                format!("ugyldig verdi {invalid_value} for {invalid_arg}")
            };
            if let Some(valid) = get(ContextKind::ValidValue) {
                let _ = write!(m, "\n  mulige verdier: {valid}");
            }
            m
        }
        ErrorKind::ValueValidation => {
            let mut m = format!("ugyldig verdi {invalid_value} for {invalid_arg}");
            if let Some(reason) = error.source().and_then(|s| parse_reason(&s.to_string())) {
                let _ = write!(m, ": {reason}");
            }
            m
        }
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(prior) if prior != invalid_arg => {
                format!("{invalid_arg} kan ikke brukes sammen med {prior}")
            }
            _ => format!("{invalid_arg} kan bare stå én gang"),
        },
        ErrorKind::TooManyValues => {
            format!("for mange verdier: {invalid_value} (til {invalid_arg})")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("feil antall verdier til {invalid_arg}")
        }
        ErrorKind::NoEquals => format!("{invalid_arg} skrives med likhetstegn: {invalid_arg}=…"),
        ErrorKind::InvalidUtf8 => "et argument er ikke gyldig UTF-8-tekst".to_string(),
        _ => "argumentene kunne ikke leses".to_string(),
    }
}

/// A value or list of values from an error's context, each in quotes.
fn quoted_list(value: &ContextValue, separator: &str) -> String {
    match value {
        ContextValue::String(s) => format!("'{s}'"),
        ContextValue::Strings(list) => list
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(separator),
        ContextValue::StyledStr(s) => format!("'{s}'"),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(separator),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => if *b { "ja" } else { "nei" }.to_string(),
        _ => String::new(),
    }
}

/// Why a value was refused, from the standard library's parse errors (English) to Norwegian;
/// `None` for a reason this module does not know, which is then left out.
fn parse_reason(english: &str) -> Option<&'static str> {
    let known = [
        ("invalid digit", "skriv et heltall"),
        ("too large", "tallet er for stort"),
        ("too small", "tallet er for lite"),
        ("cannot parse integer from empty string", "skriv et heltall"),
        (
            "invalid IP address",
            "skriv en IP-adresse, f.eks. 127.0.0.1 eller 0.0.0.0",
        ),
    ];
    known
        .iter()
        .find(|(en, _)| english.contains(en))
        .map(|(_, nb)| *nb)
}
