//! The embedded Carlito for the HTML page and its SVG charts: each face the page uses, subset to
//! the characters it shows and compressed as WOFF2, as `@font-face` rules with `data:` URLs.
//! The page then looks the same on a machine without Calibri or Carlito, and still asks no
//! server for anything. The subset is `fonts::subset`'s (klippa); WOFF2 (woofwoof, the
//! reference encoder) is about a third smaller than the same subset as TTF deflated.

use super::faces::Faces;
use std::collections::HashSet;
use std::fmt::Write as _;

/// The family the page and its charts name first (`html.css`, `chart::FONT_FAMILY`).
pub const FAMILY: &str = crate::fonts::FAMILY;

/// Characters every subset keeps beside the text's own: printable ASCII (figures,
/// punctuation, what markup may show), the no-break and narrow spaces and hyphen the number
/// formats use, and the list markers a browser draws (disc, circle, square).
fn always() -> impl Iterator<Item = char> {
    (' '..='~').chain([
        '\u{a0}', '\u{202f}', '\u{2011}', '–', '•', '◦', '▪', '«', '»', '…',
    ])
}

/// The characters of `text` (markup included: tags and entities are ASCII, which every
/// subset has anyway) and the ones every subset keeps.
pub fn characters(text: &str) -> HashSet<char> {
    let mut chars: HashSet<char> = always().collect();
    chars.extend(text.chars().filter(|c| !c.is_ascii() && !c.is_control()));
    chars
}

/// One `@font-face` rule per face in `faces`, each subset to `chars`; a face that cannot be
/// subset is left out (the page then falls back to the reader's fonts for it) and named in
/// the warnings.
pub fn font_faces(faces: Faces, chars: &HashSet<char>, warnings: &mut Vec<String>) -> String {
    let mut css = String::new();
    for (used, data, weight, style, name) in [
        (
            faces.regular,
            crate::fonts::REGULAR,
            400,
            "normal",
            "normal",
        ),
        (faces.bold, crate::fonts::BOLD, 700, "normal", "fet"),
        (faces.italic, crate::fonts::ITALIC, 400, "italic", "kursiv"),
        (
            faces.bold_italic,
            crate::fonts::BOLD_ITALIC,
            700,
            "italic",
            "fet kursiv",
        ),
    ] {
        if !used {
            continue;
        }
        let woff2 = crate::fonts::subset(data, chars).and_then(|ttf| {
            woofwoof::compress(&ttf, "", 9, true).ok_or_else(|| "WOFF2".to_string())
        });
        match woff2 {
            Ok(woff2) => {
                let _ = writeln!(
                    css,
                    "@font-face {{ font-family: \"{FAMILY}\"; font-style: {style}; font-weight: {weight}; font-display: block; src: url(data:font/woff2;base64,{}) format(\"woff2\"); }}",
                    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, woff2)
                );
            }
            Err(e) => warnings.push(format!(
                "HTML: skriften {FAMILY} ({name}) kunne ikke bygges inn ({e}); siden bruker lesarens skrifter for den"
            )),
        }
    }
    css
}

/// An SVG image with the faces its text is set in embedded in a `<style>` of its own (an image
/// cannot use the page's fonts), subset to its characters. An SVG without text, or whose root
/// element cannot be found, is returned as it is.
pub fn svg_with_fonts(svg: &str, warnings: &mut Vec<String>) -> String {
    if !svg.contains("<text") {
        return svg.to_string();
    }
    let Some(insert_at) = root_start_tag_end(svg) else {
        return svg.to_string();
    };
    let faces = Faces {
        regular: true,
        bold: svg.contains("bold"),
        italic: false,
        bold_italic: false,
    };
    let css = font_faces(faces, &characters(svg), warnings);
    if css.is_empty() {
        return svg.to_string();
    }
    format!(
        "{}<style>{}</style>{}",
        &svg[..insert_at],
        css.trim_end(),
        &svg[insert_at..]
    )
}

/// The byte just after the `>` that ends the root `<svg …>` start tag (quotes respected);
/// `None` when there is none or the element is empty (`<svg …/>`).
fn root_start_tag_end(svg: &str) -> Option<usize> {
    let start = svg.find("<svg")?;
    let mut quote: Option<char> = None;
    for (i, c) in svg[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                let end = start + i;
                return (!svg[..end].ends_with('/')).then_some(end + 1);
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_is_small_and_woff2() {
        let chars = characters("Handlingsplan for omstilling – Øvre Årdal");
        let mut warnings = Vec::new();
        let css = font_faces(
            Faces {
                regular: true,
                ..Faces::default()
            },
            &chars,
            &mut warnings,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(css.matches("@font-face").count(), 1);
        assert!(css.contains("font/woff2;base64,d09GMg"), "WOFF2 («wOF2»)");
        // The whole face is over 600 KB; a subset for one page a small fraction of it.
        assert!(css.len() < 60_000, "{} bytes", css.len());
    }

    #[test]
    fn an_svg_gets_its_fonts_inside_its_root_element() {
        let mut warnings = Vec::new();
        let svg = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" data-x="a>b"><text font-weight="bold">Mål</text></svg>"#;
        let out = svg_with_fonts(svg, &mut warnings);
        assert!(out.starts_with(
            r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" data-x="a>b"><style>@font-face"#
        ));
        assert_eq!(out.matches("@font-face").count(), 2, "regular and bold");
        assert!(out.ends_with("</style><text font-weight=\"bold\">Mål</text></svg>"));
        roxmltree::Document::parse(&out).unwrap();
        let plain = r#"<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#;
        assert_eq!(svg_with_fonts(plain, &mut warnings), plain);
        assert!(warnings.is_empty());
    }
}
