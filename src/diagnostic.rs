//! Diagnostics about a plan: what is wrong (or worth a look), where in the YAML file, and what
//! to do, in which file. Loading, the accounts merge and validation produce them; the
//! binary prints each against its own file's text, rustc-style.

use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// The file a position points into: a plan's own YAML, or the accounts file merged into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum SourceFile {
    #[default]
    Plan,
    Accounts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file `line` and `column` point into.
    pub file: SourceFile,
    /// 1-based; 0 when the problem has no single place (then the file is named alone).
    pub line: u64,
    pub column: u64,
    /// The YAML path, e.g. `innsatsområder[2].strategier[0].budsjett`.
    pub path: Option<String>,
    pub help: Option<String>,
    /// The problem is a file the plan names that cannot be read (missing, no access): the
    /// command ends with exit code 2, as for any file that cannot be read.
    pub unreadable: bool,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: SourceFile::Plan,
            line: 0,
            column: 0,
            path: None,
            help: None,
            unreadable: false,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, line: u64, column: u64) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Says which file the position is in (the plan unless told).
    pub fn within(mut self, file: SourceFile) -> Self {
        self.file = file;
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks the problem as a file that cannot be read, when `unreadable`.
    pub fn unreadable(mut self, unreadable: bool) -> Self {
        self.unreadable = unreadable;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic like rustc: the message, `--> file:line:column`, the source line
    /// with a caret under the column, the YAML path and the hint.
    pub fn render(&self, file: &str, source: &str) -> String {
        let line = usize::try_from(self.line.saturating_sub(1)).unwrap_or(usize::MAX);
        self.render_line(file, source.lines().nth(line))
    }

    /// [`Diagnostic::render`] with the source's lines found once, for many diagnostics against
    /// one file.
    pub fn render_in(&self, file: &str, lines: &Lines) -> String {
        self.render_line(file, lines.get(self.line))
    }

    /// The rendering, given the text of the diagnostic's line.
    fn render_line(&self, file: &str, line_text: Option<&str>) -> String {
        let label = match self.severity {
            Severity::Error => "feil",
            Severity::Warning => "advarsel",
        };
        let mut out = format!("{label}: {}\n", sanitize(&self.message));
        if self.line == 0 {
            let _ = writeln!(out, "  --> {file}");
        } else {
            let _ = writeln!(out, "  --> {file}:{}:{}", self.line, self.column);
            if let Some(text) = line_text {
                let number = self.line.to_string();
                let pad = " ".repeat(number.len());
                let shown: String = sanitize(text).chars().take(160).collect();
                let caret_at = (self.column.saturating_sub(1) as usize).min(shown.chars().count());
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{number} | {shown}");
                let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret_at));
            }
        }
        if let Some(path) = &self.path {
            let _ = writeln!(out, "   = felt: {path}");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   = hjelp: {}", sanitize(help));
        }
        out
    }
}

/// The lines of a text, found once: a message about any line shows it without reading the text
/// from its start again (thousands of messages about one file stay linear).
pub struct Lines<'a> {
    text: &'a str,
    /// Where each line starts.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `number` (1-based) without its line ending, as `str::lines` gives it.
    pub fn get(&self, number: u64) -> Option<&'a str> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        let start = *self.starts.get(index)?;
        if start == self.text.len() {
            return None;
        }
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |e| e - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Shows control characters as escapes (`\u{1b}`), so that text from a file cannot move the
/// terminal's cursor, clear the screen, set the window's title or hide text: the C0 and C1
/// controls other than tab and line feed, and the marks that reverse the direction of the text
/// after them. Every string printed to a terminal goes through here (`report` in the binary).
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if shown_escaped(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a character is one [`sanitize`] shows as an escape.
fn shown_escaped(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// The candidate closest to `word` (Jaro–Winkler above 0.8), for «mente du …?» hints.
pub fn best_match<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// What an operating system's error on a file means, in Norwegian (the system's own text is
/// English): said after the file's name and what was being done.
pub fn io_cause(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let said = match e.kind() {
        NotFound => "filen eller mappen finnes ikke",
        PermissionDenied => "mangler tilgang (rettigheter)",
        AlreadyExists => "finnes fra før",
        IsADirectory => "er en mappe, ikke en fil",
        NotADirectory => "en del av stien er en fil, ikke en mappe",
        StorageFull => "disken er full",
        ReadOnlyFilesystem => "disken kan bare leses",
        DirectoryNotEmpty => "mappen er ikke tom",
        InvalidData => "innholdet kan ikke leses",
        FileTooLarge => "filen er for stor",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("systemfeil {code} ({e})"),
                None => e.to_string(),
            };
        }
    };
    said.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_caret_path_and_help() {
        let src = "program:\n  år: tjue\n";
        let d = Diagnostic::error("Året må være et tall")
            .at(2, 7)
            .path("program.år")
            .help("skriv f.eks. 2024");
        let text = d.render("plan.yaml", src);
        assert!(text.starts_with("feil: Året må være et tall\n  --> plan.yaml:2:7\n"));
        assert!(text.contains("2 |   år: tjue\n  |       ^\n"));
        assert!(text.contains("= felt: program.år"));
        assert!(text.contains("= hjelp: skriv f.eks. 2024"));
    }

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in ["", "a", "a\n", "a\r\nb", "a\n\nb\n", "\n"] {
            let lines = Lines::new(text);
            for n in 0..5u64 {
                let expected = n.checked_sub(1).and_then(|i| text.lines().nth(i as usize));
                assert_eq!(lines.get(n), expected, "{text:?} line {n}");
            }
        }
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::warning("tekst med \u{1b}[31m farge");
        assert!(!d.render("p.yaml", "").contains('\u{1b}'));
        assert_eq!(
            sanitize("a\u{1b}]0;tittel\u{7}b\r\u{9b}c\u{202e}d\te\nf"),
            "a\\u{1b}]0;tittel\\u{7}b\\u{d}\\u{9b}c\\u{202e}d\te\nf"
        );
    }
}
