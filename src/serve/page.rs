//! The pages of `serve` as text: the shell page around the document, the state the script
//! fetches (diagnostics and downloads as HTML fragments, the figures summary), and the small
//! pages shown instead of a document (no valid version yet, not found).

use super::build::{Good, Note};
use std::fmt::Write;

pub const INDEX: &str = include_str!("static/index.html");
pub const SCRIPT: &str = include_str!("static/app.js");
pub const STYLE: &str = include_str!("static/app.css");

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the page shows: the same for the first page and for every state the script fetches.
pub struct View<'a> {
    pub version: u64,
    pub doc_version: u64,
    pub notes: &'a [Note],
    pub valid: bool,
    pub good: Option<&'a Good>,
    pub stem: &'a str,
}

impl View<'_> {
    fn title(&self) -> &str {
        self.good
            .map(|g| g.title.as_str())
            .unwrap_or("Handlingsplan")
    }

    fn status(&self) -> String {
        let errors = self.notes.iter().filter(|n| n.error).count();
        let warnings = self.notes.len() - errors;
        match (self.valid, self.good.is_some()) {
            (true, _) => format!(
                "Gyldig ({warnings} {})",
                if warnings == 1 {
                    "advarsel"
                } else {
                    "advarsler"
                }
            ),
            (false, true) => format!("{errors} feil – viser siste gyldige versjon"),
            (false, false) => format!("{errors} feil – ingen gyldig versjon ennå"),
        }
    }

    fn summary(&self) -> &str {
        self.good
            .map(|g| g.summary.as_str())
            .unwrap_or("Ingen gyldig versjon ennå.")
    }

    fn summary_applies(&self) -> &'static str {
        if !self.valid && self.good.is_some() {
            "Siste gyldige versjon."
        } else {
            ""
        }
    }

    fn downloads(&self) -> String {
        self.good
            .map(|g| downloads(g, self.stem))
            .unwrap_or_default()
    }

    /// The shell page, complete before the script runs: the first paint shows everything.
    pub fn index(&self) -> String {
        let diagnostics = diagnostics(self.notes, self.valid, self.good.is_some());
        let hidden = |yes: bool| if yes { " hidden" } else { "" };
        INDEX
            .replace("{{dokumentversjon}}", &self.doc_version.to_string())
            .replace("{{klasse}}", if self.valid { "" } else { "has-errors" })
            .replace("{{tittel}}", &escape(self.title()))
            .replace("{{status}}", &escape(&self.status()))
            .replace("{{diagnostikk-skjult}}", hidden(diagnostics.is_empty()))
            .replace(
                "{{kommunikasjonsplan-skjult}}",
                hidden(self.good.is_none_or(|g| g.communication_html.is_none())),
            )
            .replace("{{sammendrag-gjelder}}", self.summary_applies())
            .replace("{{sammendrag}}", &escape(self.summary()))
            .replace("{{nedlastinger}}", &self.downloads())
            // Last: the diagnostics quote the plan, which may contain anything.
            .replace("{{diagnostikk}}", &diagnostics)
    }

    /// The state the script fetches after every event.
    pub fn json(&self) -> String {
        let errors = self.notes.iter().filter(|n| n.error).count();
        serde_json::json!({
            "versjon": self.version,
            "dokument": self.doc_version,
            "gyldig": self.valid,
            "feil": errors,
            "advarsler": self.notes.len() - errors,
            "status": self.status(),
            "tittel": self.title(),
            "diagnostikk": diagnostics(self.notes, self.valid, self.good.is_some()),
            "sammendrag": self.summary(),
            "sammendragGjelder": self.summary_applies(),
            "kommunikasjonsplan": self.good.is_some_and(|g| g.communication_html.is_some()),
            "nedlastinger": self.downloads(),
        })
        .to_string()
    }
}

fn note_html(out: &mut String, n: &Note) {
    let (class, label) = if n.error {
        ("error", "Feil")
    } else {
        ("warning", "Advarsel")
    };
    let _ = write!(
        out,
        "<li class=\"note {class}\"><p class=\"message\"><strong>{label}:</strong> {}</p>",
        escape(&n.message)
    );
    let mut place = format!("<code>{}</code>", escape(&n.file));
    if n.line > 0 {
        let _ = write!(place, ", linje {}, kolonne {}", n.line, n.column);
    }
    if let Some(field) = &n.field {
        let _ = write!(place, ", felt <code>{}</code>", escape(field));
    }
    let _ = write!(out, "<p class=\"place\">{place}</p>");
    // As `check` prints it, without the first line (the message, shown above).
    let details: Vec<&str> = n.text.lines().skip(1).collect();
    if !details.is_empty() {
        let _ = write!(
            out,
            "<pre class=\"excerpt\">{}</pre>",
            escape(&details.join("\n"))
        );
    }
    if let Some(gap) = &n.gap {
        let _ = write!(
            out,
            "<p><a class=\"gap-link\" href=\"#{0}\" data-gap=\"{0}\">Vis den tomme plassen i dokumentet</a></p>",
            escape(gap)
        );
    }
    out.push_str("</li>\n");
}

/// The diagnostics above the document: errors open, warnings folded away when the plan is
/// valid.
pub fn diagnostics(notes: &[Note], valid: bool, has_good: bool) -> String {
    let errors: Vec<&Note> = notes.iter().filter(|n| n.error).collect();
    let warnings: Vec<&Note> = notes.iter().filter(|n| !n.error).collect();
    let mut out = String::new();
    if !errors.is_empty() || !valid {
        let _ = write!(
            out,
            "<h2 id=\"diagnostikk-tittel\">{} feil, {} {}</h2>\n<p>{}</p>\n<ol class=\"notes\">\n",
            errors.len(),
            warnings.len(),
            if warnings.len() == 1 {
                "advarsel"
            } else {
                "advarsler"
            },
            if has_good {
                "Planen har feil. Dokumentet under er siste gyldige versjon; det oppdateres når feilene er rettet."
            } else {
                "Planen har feil, og ingen gyldig versjon er vist ennå. Rett feilene og lagre."
            }
        );
        for n in errors.iter().chain(warnings.iter()) {
            note_html(&mut out, n);
        }
        out.push_str("</ol>\n");
    } else if !warnings.is_empty() {
        let _ = write!(
            out,
            "<details><summary><h2 id=\"diagnostikk-tittel\">Gyldig, {} {}</h2></summary>\n<ol class=\"notes\">\n",
            warnings.len(),
            if warnings.len() == 1 {
                "advarsel"
            } else {
                "advarsler"
            }
        );
        for n in &warnings {
            note_html(&mut out, n);
        }
        out.push_str("</ol>\n</details>\n");
    }
    out
}

/// The download links for the last good build.
pub fn downloads(good: &Good, stem: &str) -> String {
    let mut out = String::from("<ul>\n");
    let mut docs = vec![("plan", "Handlingsplanen", stem.to_string())];
    if good.communication_html.is_some() {
        docs.push((
            "kommunikasjonsplan",
            "Kommunikasjonsplanen",
            format!("{stem}-kommunikasjonsplan"),
        ));
    }
    for (path, label, name) in docs {
        for (ext, format) in [("docx", "DOCX, til styret"), ("pdf", "PDF, til arkivet")] {
            let _ = writeln!(
                out,
                "<li><a href=\"/last-ned/{path}.{ext}\" download=\"{}.{ext}\">{label} ({format})</a></li>",
                escape(&name)
            );
        }
    }
    out.push_str("</ul>\n");
    out
}

/// Shown in the document's place while no version of the plan has been valid.
pub fn no_document(notes: &[Note]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Ingen gyldig versjon ennå</title>\
         <style>body{font-family:system-ui,sans-serif;color:#1a1a1a;max-width:50rem;margin:2rem auto;padding:0 1rem}\
         pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}</style></head><body>\
         <h1>Ingen gyldig versjon ennå</h1><p>Planen kan ikke vises før feilene under er rettet. \
         Siden oppdateres når du lagrer.</p>\n<ol>",
    );
    for n in notes.iter().filter(|n| n.error) {
        let _ = write!(out, "<li><pre>{}</pre></li>", escape(&n.text));
    }
    out.push_str("</ol></body></html>\n");
    out
}

pub fn not_found(path: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Finnes ikke</title></head>\
         <body><h1>Finnes ikke</h1><p>Det finnes ingen side <code>{}</code> her. \
         <a href=\"/\">Til forhåndsvisningen</a>.</p></body></html>\n",
        escape(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(error: bool) -> Note {
        Note {
            error,
            message: "Andelene <summerer> til 90 %".into(),
            file: "plan.yaml".into(),
            line: 12,
            column: 5,
            field: Some("finansiering[0].andel".into()),
            help: None,
            text: "feil: Andelene\n  --> plan.yaml:12:5\n   |\n12 |   andel: 90\n".into(),
            gap: None,
        }
    }

    #[test]
    fn errors_show_message_place_and_excerpt_escaped() {
        let html = diagnostics(&[note(true)], false, true);
        assert!(html.contains("&lt;summerer&gt;"));
        assert!(html.contains("linje 12, kolonne 5"));
        assert!(html.contains("felt <code>finansiering[0].andel</code>"));
        assert!(html.contains("12 |   andel: 90"));
        assert!(html.contains("siste gyldige versjon"));
    }

    #[test]
    fn warnings_of_a_valid_plan_are_folded() {
        let html = diagnostics(&[note(false)], true, true);
        assert!(html.starts_with("<details>"));
        assert!(diagnostics(&[], true, true).is_empty());
    }
}
