//! `import`: a Word plan back into plan data, beside the pipeline (it runs the pipeline to
//! compare). A DOCX this tool wrote carries its plan (`write::docx::embed`): that plan is the
//! base, and what the user changed in Word is traced to the plan values it came from (`own`).
//! With `--onto PLAN.yaml` the same changes go into the given plan file. A plan written by hand
//! in Word from the template is read by its structure (`structure`). `docx` reads the package,
//! `text` and `amount` read its text, `yaml` finds and writes values in a plan's text.

pub mod amount;
pub mod docx;
pub mod own;
pub mod structure;
pub mod text;

use std::path::Path;

/// Where the imported plan came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The plan the DOCX carries, with the document's changes.
    Embedded,
    /// The plan file given with `--onto`, with the document's changes.
    Onto,
    /// Read from the document's structure (a plan written in Word).
    Structure,
}

/// The result of an import: the plan's text, the values changed from the base, and what the
/// user should look at.
#[derive(Debug)]
pub struct Imported {
    pub text: String,
    pub origin: Origin,
    pub applied: Vec<own::Applied>,
    pub notes: Vec<Note>,
}

/// One thing the user should look at after an import: a sentence, and the field of the plan
/// it is about (its YAML path, `innsatsområder[0].resultatmål`) when it is about one, so that
/// the summary can name the line where the field stands in the plan written.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub field: Option<String>,
    pub text: String,
}

impl Note {
    /// A note about the field at `path`.
    pub fn on(path: &str, text: String) -> Note {
        Note {
            field: Some(path.to_string()),
            text,
        }
    }
}

impl From<String> for Note {
    fn from(text: String) -> Note {
        Note { field: None, text }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.text),
            None => f.write_str(&self.text),
        }
    }
}

/// Each note with the line where its field stands in `text` (the plan file written), when it
/// names a field that is there; for a field written without a value of its own (an empty
/// field is written as its key), the key's line.
pub fn note_lines<'n>(notes: &'n [Note], text: &str) -> Vec<(Option<u64>, &'n Note)> {
    let positions = crate::plan::yaml::parse(text)
        .map(|parsed| parsed.tree.positions())
        .unwrap_or_default();
    notes
        .iter()
        .map(|note| {
            let line = note
                .field
                .as_ref()
                .and_then(|field| positions.get(field))
                .map(|(line, _)| *line);
            (line, note)
        })
        .collect()
}

/// Reads `docx` into a plan. `context` is the plan file the result is for (its folder is where
/// the plan's logo and images are found when it is rendered for comparison); `onto` is that
/// file's text when the changes go into an existing plan.
pub fn import(docx_bytes: &[u8], context: &Path, onto: Option<&str>) -> Result<Imported, String> {
    if let Some(other) = other_kind(docx_bytes) {
        return Err(other);
    }
    let package = docx::read(docx_bytes)?;
    let (base, accounts) = match (&package.embedded, onto) {
        (Some(e), _) => (e.plan.clone(), e.accounts.clone()),
        (None, Some(text)) => (text.to_string(), None),
        (None, None) => {
            let read = structure::read(&package)?;
            return Ok(Imported {
                text: read.text,
                origin: Origin::Structure,
                applied: Vec::new(),
                notes: read.notes,
            });
        }
    };
    let origin = if onto.is_some() {
        Origin::Onto
    } else {
        Origin::Embedded
    };
    let carried = package.embedded.is_some();
    let rendered = match rendered_units(&base, accounts.as_deref(), context, carried) {
        Ok(units) => units,
        Err(why) if onto.is_none() => {
            return Ok(Imported {
                text: base,
                origin,
                applied: Vec::new(),
                notes: vec![Note::from(format!(
                    "planen dokumentet ble laget av, er skrevet som den var; endringer gjort i Word kunne ikke finnes fordi den ikke kunne lages på nytt her: {why}"
                ))],
            });
        }
        Err(why) => return Err(format!("kan ikke sammenligne med planen: {why}")),
    };
    let edited = own::units(&package.blocks);
    let found = own::compare(&base, &rendered, &edited);
    let target = onto.unwrap_or(&base);
    let (text, applied, left_out) = own::apply(target, &found.edits);
    let mut notes: Vec<Note> = found
        .untraced
        .into_iter()
        .chain(left_out)
        .map(Note::from)
        .collect();
    if package.embedded.is_none() {
        notes.insert(
            0,
            Note::from("dokumentet har ikke planen det ble laget av i seg (laget av en eldre versjon, eller lagret på en måte som tok den bort); det er sammenlignet med planfilen".to_string()),
        );
    }
    Ok(Imported {
        text,
        origin,
        applied,
        notes,
    })
}

/// What messages call the plan a DOCX carries: its lines are not the plan file's.
pub const CARRIED_PLAN: &str = "planen som ligger i Word-dokumentet";

/// The paragraphs of the DOCX the plan `text` renders as (with the built-in styles: only the
/// text is compared). `carried`: the text is the plan the DOCX carries (not the file
/// `context`), and its messages name it so.
pub fn rendered_units(
    text: &str,
    accounts: Option<&str>,
    context: &Path,
    carried: bool,
) -> Result<Vec<own::Unit>, String> {
    use crate::pipeline::{self, Failure};
    let accounts_path = context.with_file_name("regnskap-fra-dokumentet.yaml");
    let failure = |f: Failure| match f {
        Failure::Unreadable { path, message } => format!("{}: {message}", path.display()),
        Failure::Invalid {
            mut sources,
            diagnostics,
            ..
        } => {
            if carried {
                sources.plan.path = CARRIED_PLAN.into();
            }
            sources
                .render_all(diagnostics.iter().filter(|d| d.is_error()))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let loaded = pipeline::load_text(
        context,
        text,
        accounts.map(|a| (accounts_path.as_path(), a)),
    )
    .map_err(failure)?;
    let valid = loaded.check(context).map_err(failure)?.output;
    let templates = crate::render::Templates::load(None).map_err(|e| e.to_string())?;
    let documents = pipeline::documents(&valid, &templates).map_err(|e| e.to_string())?;
    let reference = crate::write::docx::Reference::builtin();
    let written = crate::write::docx::write(
        &documents.plan,
        &crate::write::WriteOptions {
            date: valid.document_date(),
            docx_reference: &reference,
            toc_pages: None,
            siblings: crate::write::Siblings::default(),
            docx_ahead: None,
            carried: None,
        },
    )
    .map_err(|e| e.to_string())?;
    let package = docx::read(&written.bytes)?;
    Ok(own::units(&package.blocks))
}

/// The part of two texts that differs, with a few words around it: «… fire nye …».
fn excerpts(before: &str, after: &str) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    let (prefix, suffix) = own::same_ends(&a, &b);
    let show = |chars: &[char]| -> String {
        // From a word's start before the change to a word's end after it.
        let mut start = prefix.saturating_sub(20);
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let mut end = (chars.len() - suffix + 20).min(chars.len());
        while end < chars.len() && !chars[end].is_whitespace() {
            end += 1;
        }
        let mut s: String = chars[start..end].iter().collect();
        s = s.replace('\n', " ");
        if s.chars().count() > 90 {
            s = s.chars().take(87).collect::<String>() + "…";
        }
        let lead = if start > 0 { "…" } else { "" };
        let tail = if end < chars.len() { "…" } else { "" };
        format!("«{lead}{}{tail}»", s.trim())
    };
    (show(&a), show(&b))
}

/// The changes as `diff` shows figures: one line each, the value's place, before → after.
pub fn change_list(applied: &[own::Applied]) -> String {
    let rows: Vec<(String, String, String)> = applied
        .iter()
        .map(|a| {
            let label = format!("{} (linje {})", a.path, a.line);
            match a.figure {
                Some((before, after)) => (
                    label,
                    crate::format::plain(&crate::format::amount(before)),
                    crate::format::plain(&crate::format::amount(after)),
                ),
                None => {
                    let (b, c) = excerpts(&a.before, &a.after);
                    (label, b, c)
                }
            }
        })
        .collect();
    let width = |s: &str| s.chars().count();
    let label_width = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0);
    let mut out = String::new();
    for (label, before, after) in &rows {
        out.push_str(&format!(
            "{label}{}  {before} → {after}\n",
            " ".repeat(label_width - width(label))
        ));
    }
    out
}

/// What to do with a document of another kind than DOCX, told by its first bytes: the
/// programme has its plan as an older Word file, an OpenDocument file, RTF or a PDF.
fn other_kind(bytes: &[u8]) -> Option<String> {
    const SAVE_AS: &str = "åpne det i Word eller LibreOffice, lagre det som Word-dokument (.docx) med Fil → Lagre som, og importer den filen";
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        Some(
            "er en PDF, ikke et Word-dokument (.docx): import leser planen fra Word-dokumentets overskrifter og tabeller. Bruk Word-filen planen ble skrevet i; har du bare PDF-en, åpne den i Word (Fil → Åpne), lagre den som .docx og se ekstra godt over det importerte"
                .into(),
        )
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(format!(
            "er et eldre Word-dokument (.doc), ikke .docx: {SAVE_AS}"
        ))
    } else if starts(b"{\\rtf") {
        Some(format!("er et RTF-dokument, ikke .docx: {SAVE_AS}"))
    } else if starts(b"PK\x03\x04")
        && bytes.get(30..38) == Some(b"mimetype")
        && bytes
            .get(38..bytes.len().min(120))
            .is_some_and(|m| m.windows(12).any(|w| w == b"opendocument"))
    {
        Some(format!(
            "er et OpenDocument-dokument (.odt), ikke .docx: {SAVE_AS}"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_change_is_shown_by_the_words_that_changed() {
        let (b, a) = excerpts(
            "Programmet skal skape fire nye arbeidsplasser innen matproduksjon i perioden.",
            "Programmet skal skape fem nye arbeidsplasser innen matproduksjon i perioden.",
        );
        assert_eq!(b, "«Programmet skal skape fire nye arbeidsplasser innen…»");
        assert_eq!(a, "«Programmet skal skape fem nye arbeidsplasser innen…»");
    }

    #[test]
    fn a_document_of_another_kind_is_told_how_to_make_it_a_docx() {
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        for (bytes, kind) in [
            (b"%PDF-1.7 ...".to_vec(), "er en PDF"),
            (
                vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                "eldre Word-dokument (.doc)",
            ),
            (b"{\\rtf1\\ansi".to_vec(), "RTF-dokument"),
            (odt, "OpenDocument-dokument (.odt)"),
        ] {
            let said = import(&bytes, Path::new("plan.yaml"), None).unwrap_err();
            assert!(said.contains(kind), "{said}");
            assert!(said.contains(".docx"), "{said}");
        }
    }
}
