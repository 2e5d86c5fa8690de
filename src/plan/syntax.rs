//! YAML syntax errors in Norwegian, at the line where the user can fix them: the parser's
//! error (`granit_parser::ScanError`) says where it noticed the problem, which is often a line
//! after the mistake (an unclosed `{`, a text with «: », a line missing its colon or a quote
//! left open). Each explanation comes with how its line is mended (`recover`), so that
//! `yaml` reads on and one run names every syntax error.

use super::recover::Mend;
use crate::diagnostic::Diagnostic;
use granit_parser::{ErrorKind, ScanError};

/// A value and the comment after it (two or more spaces before `#`, as `new` writes them),
/// the comment with two spaces in front: in a fix that quotes the value, the comment stays
/// after the closing quote (in the quotes it would be printed in the documents).
fn without_comment(value: &str) -> (&str, String) {
    match value.find("  #").or_else(|| value.find("\t#")) {
        Some(at) => (&value[..at], format!("  {}", value[at..].trim_start())),
        None => (value, String::new()),
    }
}

/// How to keep the text on `line` as written: in quotes, shown with its own key and text.
fn quote_help(line: &str) -> String {
    let line = line.trim().trim_start_matches("- ");
    match line.split_once(": ") {
        Some((key, value)) if !value.trim().is_empty() => {
            let (value, comment) = without_comment(value);
            format!(
                "sett hele teksten i anførselstegn: `{key}: \"{}\"{comment}`",
                value.trim().replace('"', "\\\"")
            )
        }
        _ => "sett hele teksten i anførselstegn (\"…\"); et anførselstegn inne i teksten skrives \\\""
            .to_string(),
    }
}

/// The Norwegian diagnostic for a syntax error, and how its line can be mended so that reading
/// goes on (`recover`). `last_scalar` is where the parser's last complete scalar began
/// (1-based), to tell a continued text from a new key.
pub fn explain(e: &ScanError, text: &str, last_scalar: Option<(u64, u64)>) -> (Diagnostic, Mend) {
    let line = e.marker().line() as u64;
    // A quote left open runs on over the lines below until the next quote, and the parser
    // notices it far from where it was written: the line that opened it is the one to fix.
    match left_open(text, line) {
        Some((l, c, '"' | '\'')) => {
            return (
                Diagnostic::error(format!("Anførselstegnet på linje {l} blir aldri lukket"))
                    .at(l, c)
                    .help(UNCLOSED_HELP),
                Mend::CloseQuote,
            );
        }
        Some((l, c, open)) => {
            return (
                unclosed(open, l, c, (l < line).then_some(line)),
                Mend::CloseBrackets,
            );
        }
        None => {}
    }
    // The first key indented: every key after it at the start of a line is then out of place.
    if let Some((l, c)) = first_key_indented(text, line) {
        return (
            Diagnostic::error(format!(
                "Linje {l} står rykket inn, men planens første nøkkel skal stå helt til venstre"
            ))
            .at(l, c)
            .help("fjern mellomrommene foran nøkkelen; nøklene på øverste nivå (`program:`, `innsatsområder:` …) står helt til venstre"),
            Mend::Reindent,
        );
    }
    // `område:Nome`: a colon without the space after it.
    if let Some((l, c)) = colon_without_space(text, line) {
        return (
            Diagnostic::error(format!("Linje {l} mangler mellomrom etter kolon"))
                .at(l, c)
                .help("skriv mellomrom etter kolon: `nøkkel: verdi`"),
            Mend::SpaceAfterColon,
        );
    }
    // A line that should be `key: value` but has no colon.
    if matches!(
        e.kind(),
        ErrorKind::SimpleKeyExpected
            | ErrorKind::InvalidSimpleKey
            | ErrorKind::ExpectedBlockMappingKey
            | ErrorKind::InvalidIndentation
    ) && let Some((l, c)) = missing_colon(text, line)
    {
        return (colon_missing(text, l, c), Mend::InsertColon);
    }
    (
        explain_kind(e, text, last_scalar),
        mend_for(e, text, last_scalar),
    )
}

/// The first key of the file, when it is indented and the error is noticed on a line further
/// left: its line and column.
fn first_key_indented(text: &str, noticed: u64) -> Option<(u64, u64)> {
    let (i, first) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let here = text.lines().nth(noticed.saturating_sub(1) as usize)?;
    let indent = indent_of(first);
    (indent > 0 && (i as u64) + 1 < noticed && indent_of(here) < indent)
        .then_some((i as u64 + 1, indent as u64 + 1))
}

/// The line at or just before `noticed` whose key is followed by a colon and no space
/// (`område:Nome`): its line and the column after the colon.
fn colon_without_space(text: &str, noticed: u64) -> Option<(u64, u64)> {
    let lines: Vec<&str> = text.lines().collect();
    [noticed, noticed.saturating_sub(1)]
        .into_iter()
        .find_map(|n| {
            let line = n.checked_sub(1).and_then(|i| lines.get(i as usize))?;
            let start = content_column(line);
            let rest = &line[start..];
            let (key, after) = rest.split_once(':')?;
            let is_key = !key.is_empty()
                && key.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !key.chars().all(|c| c.is_ascii_digit());
            let glued = after
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != ':');
            (is_key && glued && !after.starts_with("//"))
                .then(|| (n, (start + key.chars().count()) as u64 + 2))
        })
}

/// «Line `l` lacks the colon after its key».
fn colon_missing(text: &str, l: u64, c: u64) -> Diagnostic {
    let written = text
        .lines()
        .nth(l.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim();
    Diagnostic::error(format!("Linje {l} mangler kolon etter nøkkelen: «{written}»"))
        .at(l, c)
        .help("skriv `nøkkel: verdi`, med kolon og mellomrom; er linjen en fortsettelse av teksten over, sett hele teksten i anførselstegn eller skriv den som blokk med `|`")
}

/// The line at or just before `noticed` that stands among keys as a key would, but has no
/// colon (`prosjektmål 20 nye kursplasser` between `tiltak: …` and `budsjett: …`): its
/// line and the column its key begins at.
fn missing_colon(text: &str, noticed: u64) -> Option<(u64, u64)> {
    let lines: Vec<&str> = text.lines().collect();
    let is_key_line = |l: &str| {
        let t = l.trim_start().trim_start_matches("- ");
        t.split_once(':').is_some_and(|(key, rest)| {
            !key.is_empty() && !key.contains(' ') && (rest.is_empty() || rest.starts_with(' '))
        })
    };
    for n in [noticed, noticed.saturating_sub(1)] {
        let Some(line) = n.checked_sub(1).and_then(|i| lines.get(i as usize)) else {
            continue;
        };
        let t = line.trim_start().trim_start_matches("- ");
        let first = t.split(' ').next().unwrap_or("");
        let looks_like_key = !first.is_empty()
            && first.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !first.chars().all(|c| c.is_ascii_digit());
        if t.is_empty() || t.starts_with('#') || is_key_line(line) || !looks_like_key {
            continue;
        }
        let indent = indent_of(line);
        let neighbour_is_key = lines[..(n - 1) as usize]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .is_some_and(|l| is_key_line(l) && content_column(l) == indent);
        if neighbour_is_key {
            return Some((n, indent as u64 + 1));
        }
    }
    None
}

/// The column (0-based) where a line's content starts: after its indentation and any `- `.
pub fn content_column(line: &str) -> usize {
    let mut at = indent_of(line);
    while line[at..].starts_with("- ") {
        at += 2;
        at += indent_of(&line[at..]);
    }
    at
}

const UNCLOSED_HELP: &str = "avslutt teksten med samme slags anførselstegn som den begynte med; et \" inne i teksten skrives \\\", og et ' inne i '…' skrives ''";

/// The diagnostic for a syntax error the parser noticed where it was made.
fn explain_kind(e: &ScanError, text: &str, last_scalar: Option<(u64, u64)>) -> Diagnostic {
    let line = e.marker().line() as u64;
    let column = e.marker().col() as u64 + 1;
    let source_line = |n: u64| text.lines().nth(n.saturating_sub(1) as usize).unwrap_or("");
    let here = source_line(line);
    let trimmed = here.trim_start();
    let indent = (here.len() - trimmed.len()) as u64 + 1;
    match e.kind() {
        ErrorKind::MappingValueNotAllowed => match last_scalar {
            // The text on this line has «: » in it after a key: `prosjektmål: Mål: eitt`.
            Some((l, c)) if l == line => {
                let value = source_line(l)
                    .chars()
                    .skip(c.saturating_sub(1) as usize)
                    .collect::<String>();
                let (value, comment) = without_comment(&value);
                let value = value.trim();
                let key = source_line(l)
                    .split(": ")
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches("- ");
                Diagnostic::error(format!(
                    "Teksten «{value}» har kolon og mellomrom («: ») inne i seg, som YAML leser som en ny nøkkel"
                ))
                .at(l, c)
                .help(format!(
                    "sett hele teksten i anførselstegn: `{key}: \"{}\"{comment}`",
                    value.replace('"', "\\\"")
                ))
            }
            // The line before has no «key:», so its text ran on into this line.
            Some((l, c)) if l < line && !source_line(l).contains(": ") && !source_line(l).trim_end().ends_with(':') => {
                Diagnostic::error(format!(
                    "Linje {l} mangler kolon etter nøkkelen: «{}»",
                    source_line(l).trim()
                ))
                .at(l, c)
                .help("skriv `nøkkel: verdi`, med kolon og mellomrom; er linjen en fortsettelse av teksten over, sett hele teksten i anførselstegn eller skriv den som blokk med `|`")
            }
            _ => Diagnostic::error(format!(
                "Linje {line} står lenger inn enn linjene rundt, så YAML leser den som en fortsettelse av teksten over"
            ))
            .at(line, indent)
            .help("rykk inn linjen like langt som nøkkelen over (samme antall mellomrom); en tekst over flere linjer må ha anførselstegn eller `|`"),
        },
        ErrorKind::ExpectedBlockMappingKey | ErrorKind::InvalidIndentation => {
            if trimmed.starts_with("- ") || trimmed == "-" {
                Diagnostic::error(format!(
                    "Linje {line} begynner med «-» (et punkt i en liste), men står der det skulle stå en nøkkel"
                ))
                .at(line, indent)
                .help("et listepunkt må stå under en nøkkel som slutter med kolon (f.eks. `strategier:`), rykket inn under den")
            } else {
                Diagnostic::error(format!(
                    "Innrykket på linje {line} passer ikke med linjene over"
                ))
                .at(line, indent)
                .help("nøkler i samme del skal stå nøyaktig like langt inn (samme antall mellomrom) som nøkkelen over")
            }
        }
        ErrorKind::ExpectedBlockSequenceEntry => Diagnostic::error(format!(
            "Linje {line} står i en liste, men begynner ikke med «-» og har feil innrykk"
        ))
        .at(line, indent)
        .help("hvert punkt i en liste begynner med «- »; nøklene i et punkt står like langt inn som den første nøkkelen etter «- »"),
        ErrorKind::BlockSequenceEntryNotAllowed | ErrorKind::BlockEntryInFlowCollection => {
            Diagnostic::error("En liste med «-» kan ikke begynne på samme linje som nøkkelen")
                .at(line, column)
                .help("flytt «- …» til linjen under, rykket inn; skal teksten begynne med bindestrek, sett den i anførselstegn")
        }
        ErrorKind::UnclosedFlowCollection { open } => unclosed(*open, line, column, None),
        ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::InvalidColonPlacement
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofImplicitFlowMapping => {
            match open_bracket(text, line, column) {
                Some((open, l, c)) if l < line => unclosed(open, l, c, Some(line)),
                Some((open, l, c)) => {
                    let close = if open == '{' { '}' } else { ']' };
                    Diagnostic::error(format!(
                        "Mellom «{open}» og «{close}» mangler et komma, eller teksten har tegn som må stå i anførselstegn"
                    ))
                    .at(l, c)
                    .help(format!("skill verdiene med komma, f.eks. `{{ kilde: KDD, andel: 50 }}`, og sett en tekst med komma, kolon, «{open}» eller «{close}» i anførselstegn"))
                }
                None => Diagnostic::error("Et «]» eller «}» står uten et «[» eller «{» før seg")
                    .at(line, column)
                    .help("fjern tegnet, eller sett teksten i anførselstegn"),
            }
        }
        ErrorKind::MismatchedFlowCollectionEnd { open, .. } => {
            // Where the parser noticed it, the wrong bracket may already have closed the
            // bracket it stands for: the last one of the same kind is the one left open.
            let at = open_brackets(text, line, column.saturating_sub(1))
                .into_iter()
                .rfind(|(o, _, _)| o == open);
            match at {
                Some((o, l, c)) => unclosed(o, l, c, (l < line).then_some(line)),
                None => unclosed(*open, line, column, None),
            }
        }
        ErrorKind::MisplacedFlowCollectionEnd => {
            Diagnostic::error("Et «]» eller «}» står uten et «[» eller «{» som passer")
                .at(line, column)
                .help("en liste skrives [a, b] og et kart { a: 1 }; sett en tekst med slike tegn i anførselstegn")
        }
        ErrorKind::UnexpectedCharacter { character } => Diagnostic::error(format!(
            "Teksten begynner med «{character}», som YAML ikke tillater først i en verdi"
        ))
        .at(line, column)
        .help(quote_help(here)),
        ErrorKind::UnknownAnchor | ErrorKind::MissingAnchorOrAliasName => Diagnostic::error(
            "Teksten begynner med «*», som YAML leser som en henvisning til et anker (alias)",
        )
        .at(line, column)
        .help("sett hele teksten i anførselstegn, f.eks. `\"*viktig* tiltak\"`"),
        ErrorKind::ExpectedTagBang
        | ErrorKind::UndeclaredTagHandle
        | ErrorKind::InvalidTagTerminator
        | ErrorKind::MissingTagUri
        | ErrorKind::InvalidGlobalTagCharacter => Diagnostic::error(
            "Teksten begynner med «!», som YAML leser som en merkelapp (tag)",
        )
        .at(line, column)
        .help(quote_help(here)),
        ErrorKind::UnclosedQuotedScalar => Diagnostic::error(format!(
            "Anførselstegnet på linje {line} blir aldri lukket"
        ))
        .at(line, column)
        .help(UNCLOSED_HELP),
        ErrorKind::InvalidTrailingDoubleQuotedScalar | ErrorKind::InvalidTrailingSingleQuotedScalar => {
            Diagnostic::error("Det står tekst etter det avsluttende anførselstegnet")
                .at(line, column)
                .help("sett anførselstegnene rundt hele teksten; et \" inne i teksten skrives \\\", eller bruk «» eller '…' rundt sitater")
        }
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidLowSurrogateHexEscape => Diagnostic::error(
            "En omvendt skråstrek (\\) i en tekst i \"…\" starter en kode YAML ikke kjenner",
        )
        .at(line, column)
        .help("skriv \\\\ for en skråstrek, eller bruk enkle anførselstegn '…', der \\ er et vanlig tegn"),
        ErrorKind::TabInPlainScalar
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabAtBlockScalarStart => Diagnostic::error("Tabulator der YAML ikke tillater det")
            .at(line, column)
            .help("bytt tabulatoren ut med mellomrom"),
        ErrorKind::CommentInterceptedScalar | ErrorKind::CommentNotSeparated => Diagnostic::error(
            "Et «#» avbryter teksten: YAML leser « #» og resten av linjen som en kommentar",
        )
        .at(line, column)
        .help(quote_help(here)),
        ErrorKind::InvalidBlockScalarIndent | ErrorKind::InvalidBlockScalarHeader | ErrorKind::ZeroBlockScalarIndent => {
            Diagnostic::error("Teksten etter «|» eller «>» har feil innrykk")
                .at(line, column)
                .help("skriv `|` alene etter kolon, og teksten på linjene under, alle rykket like langt inn")
        }
        ErrorKind::ExpectedNodeContent => Diagnostic::error("Her mangler en verdi")
            .at(line, column)
            .help("skriv en verdi etter kolon, eller sett teksten i anførselstegn"),
        ErrorKind::RecursionLimitExceeded => Diagnostic::error(
            "Filen er for dypt nestet til å være en handlingsplan",
        )
        .at(line, column)
        .help("kontroller at det er riktig fil"),
        ErrorKind::DirectiveDisallowed
        | ErrorKind::MissingDirectiveName
        | ErrorKind::InvalidDirectiveName
        | ErrorKind::InvalidDirectiveTerminator => Diagnostic::error(
            "En linje som begynner med «%» er en YAML-instruks, ikke tekst",
        )
        .at(line, column)
        .help(quote_help(here)),
        ErrorKind::BomInsideDocument => Diagnostic::error("Et usynlig tegn (BOM, U+FEFF) står inne i filen")
            .at(line, column)
            .help("slett tegnet; det kommer ofte med når tekst limes inn fra et annet program"),
        _ => Diagnostic::error(format!("Linje {line} kan ikke leses som YAML"))
            .at(line, column)
            .help("kontroller innrykk, kolon etter nøklene og anførselstegn rundt tekster med spesialtegn"),
    }
}

/// How the line an error is told at is mended, by the same reading of the error as
/// `explain_kind`.
fn mend_for(e: &ScanError, text: &str, last_scalar: Option<(u64, u64)>) -> Mend {
    let line = e.marker().line() as u64;
    let source_line = |n: u64| text.lines().nth(n.saturating_sub(1) as usize).unwrap_or("");
    match e.kind() {
        ErrorKind::MappingValueNotAllowed => match last_scalar {
            Some((l, _)) if l == line => Mend::QuoteValue,
            Some((l, _))
                if l < line
                    && !source_line(l).contains(": ")
                    && !source_line(l).trim_end().ends_with(':') =>
            {
                Mend::InsertColon
            }
            _ => Mend::Reindent,
        },
        ErrorKind::ExpectedBlockMappingKey | ErrorKind::InvalidIndentation
            if source_line(line).trim_start().starts_with("- ") =>
        {
            Mend::KeyNotItem
        }
        ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::InvalidIndentation
        | ErrorKind::ExpectedBlockSequenceEntry => Mend::Reindent,
        ErrorKind::UnexpectedCharacter { .. }
        | ErrorKind::UnknownAnchor
        | ErrorKind::MissingAnchorOrAliasName
        | ErrorKind::ExpectedTagBang
        | ErrorKind::UndeclaredTagHandle
        | ErrorKind::InvalidTagTerminator
        | ErrorKind::MissingTagUri
        | ErrorKind::InvalidGlobalTagCharacter
        | ErrorKind::CommentInterceptedScalar
        | ErrorKind::CommentNotSeparated
        | ErrorKind::DirectiveDisallowed
        | ErrorKind::MissingDirectiveName
        | ErrorKind::InvalidDirectiveName
        | ErrorKind::InvalidDirectiveTerminator
        | ErrorKind::InvalidTrailingDoubleQuotedScalar
        | ErrorKind::InvalidTrailingSingleQuotedScalar => Mend::QuoteValue,
        ErrorKind::UnclosedQuotedScalar => Mend::CloseQuote,
        ErrorKind::UnclosedFlowCollection { .. }
        | ErrorKind::MismatchedFlowCollectionEnd { .. }
        | ErrorKind::MisplacedFlowCollectionEnd
        | ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofImplicitFlowMapping => Mend::CloseBrackets,
        ErrorKind::TabInPlainScalar
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabAtBlockScalarStart => Mend::Untab,
        _ => Mend::Drop,
    }
}

/// The first line before `noticed` (1-based) that opens what it does not close — a quote or
/// a bracket — with the next line a key or a list item no further in than the line's own keys:
/// left open (a text in quotes or a list in brackets that goes on over several lines has its
/// following lines further in). Its line, the column of what was opened, and what it is.
fn left_open(text: &str, noticed: u64) -> Option<(u64, u64, char)> {
    let lines: Vec<&str> = text.lines().take(noticed as usize + 1).collect();
    // The indentation of the key of the block text (`|`, `>`) being passed, if any.
    let mut block: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().take(noticed as usize) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match block {
            Some(key_indent) if indent_of(line) > key_indent => continue,
            _ => block = None,
        }
        if value_start(line).is_some_and(|v| line[v..].starts_with(['|', '>'])) {
            block = Some(indent_of(line));
            continue;
        }
        let Some((opened, at)) = opened_on(line) else {
            continue;
        };
        let keys_at = content_column(line);
        let next = lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let next_is_new_entry = next.is_some_and(|n| {
            let t = n.trim_start();
            indent_of(n) <= keys_at && (t.starts_with("- ") || t.contains(": ") || t.ends_with(':'))
        });
        if next_is_new_entry || next.is_none() {
            let column = line[..at].chars().count() as u64 + 1;
            return Some((i as u64 + 1, column, opened));
        }
    }
    None
}

/// What a line opens and leaves open, and where: the quote its value begins with, or the
/// first bracket still open at its end.
fn opened_on(line: &str) -> Option<(char, usize)> {
    if let Some((quote, at)) = opening_quote(line)
        && !closes(&line[at + 1..], quote)
    {
        return Some((quote, at));
    }
    let mut open: Vec<(char, usize)> = Vec::new();
    for (at, c) in brackets(line).0 {
        match c {
            '[' | '{' => open.push((c, at)),
            _ => match open.pop() {
                // `[jan, feb }`: the `}` closes a `{`, so the `[` is the one left open.
                Some((o, at)) if (o == '[') != (c == ']') => return Some((o, at)),
                _ => {}
            },
        }
    }
    open.first().copied()
}

/// The number of spaces a line begins with.
pub fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The quote a line's value begins with (after `key: ` or `- `), and its byte offset.
pub fn opening_quote(line: &str) -> Option<(char, usize)> {
    let start = value_start(line)?;
    let c = line[start..].chars().next()?;
    matches!(c, '"' | '\'').then_some((c, start))
}

/// Where a line's value begins: after the first `: ` of a key, or after `- ` of a list item
/// without a key; `None` for a line with neither.
pub fn value_start(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let mut at = indent;
    while line[at..].starts_with("- ") {
        at += 2;
        at += line[at..].len() - line[at..].trim_start().len();
    }
    let rest = &line[at..];
    if rest.starts_with(['"', '\'']) {
        return Some(at);
    }
    let key_end = rest.find(": ")?;
    let after = at + key_end + 2;
    Some(after + line[after..].len() - line[after..].trim_start().len())
}

/// Whether `rest` (what follows an opening quote) closes it on the line.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

/// An opening bracket that is never closed.
fn unclosed(open: char, line: u64, column: u64, noticed: Option<u64>) -> Diagnostic {
    let close = if open == '{' { '}' } else { ']' };
    let what = if open == '{' { "Kartet" } else { "Listen" };
    let when = noticed
        .map(|n| format!(" (oppdaget på linje {n})"))
        .unwrap_or_default();
    Diagnostic::error(format!(
        "{what} som begynner med «{open}» på linje {line} blir ikke lukket med «{close}»{when}"
    ))
    .at(line, column)
    .help(format!(
        "avslutt med «{close}» på samme linje, f.eks. `{}`; en tekst med «{open}» eller «{close}» må stå i anførselstegn",
        if open == '{' {
            "{ kilde: KDD, andel: 50 }"
        } else {
            "[jan, mars, sep–des]"
        }
    ))
}

/// The innermost bracket still open at (line, column), outside quotes and comments: where a
/// flow collection that runs on began.
fn open_bracket(text: &str, line: u64, column: u64) -> Option<(char, u64, u64)> {
    open_brackets(text, line, column).pop()
}

/// Every bracket still open at (line, column), outermost first.
fn open_brackets(text: &str, line: u64, column: u64) -> Vec<(char, u64, u64)> {
    let mut stack: Vec<(char, u64, u64)> = Vec::new();
    for (i, l) in text.lines().enumerate().take(line as usize) {
        let n = i as u64 + 1;
        let (marks, _) = brackets(l);
        for (at, c) in marks {
            let col = l[..at].chars().count() as u64 + 1;
            if n == line && col >= column {
                break;
            }
            match c {
                '[' | '{' => stack.push((c, n, col)),
                _ => {
                    stack.pop();
                }
            }
        }
    }
    stack
}

/// A line's brackets outside quotes and its comment, each bracket with its byte offset, and
/// where the comment (`#` after a space) begins, if the line has one.
pub fn brackets(line: &str) -> (Vec<(usize, char)>, Option<usize>) {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(previous, ' ' | '[' | '{' | ',' | ':') => {
                quote = Some(c)
            }
            (None, '#') if previous == ' ' => return (out, Some(at)),
            (None, '[' | '{' | ']' | '}') => out.push((at, c)),
            _ => {}
        }
        previous = c;
    }
    (out, None)
}
