//! The embedded Carlito for the HTML page: each face the page uses, subset to the characters
//! it shows and compressed as WOFF2, as `@font-face` rules with `data:` URLs. The page then
//! looks the same on a machine without Calibri or Carlito, and still asks no server for
//! anything. Its charts stand inline in the page and use these faces; an SVG image of the
//! plan's own carries the faces its text needs inside it.
//!
//! The subset is `fonts::subset`'s (klippa); WOFF2 is woofwoof's (the reference encoder) at
//! Brotli quality 5. Measured on Drangedal's page subsets (about 50 KB of TrueType per face):
//! quality 9 took 50–100 ms a face for 20.8 KB, quality 5 about 2 ms for 21.1 KB; WOFF 1.0
//! (zlib, level 9) took as long as quality 5 for 24.1 KB. One subset shared by every document
//! and format (the DOCX's repertoire, or Latin-1 and punctuation added to the text's own)
//! would save about 3 ms a face at 45–100 % more bytes on each page, so the page keeps its own
//! characters, and each rule is kept once made (a plan and its attachment with the same
//! characters, the page after each save in the live preview, a batch).

use super::faces::Faces;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The family the page and its charts name first (`html.css`, `chart::FONT_FAMILY`).
pub const FAMILY: &str = crate::fonts::FAMILY;

/// The characters a page's subsets keep: printable ASCII (figures, punctuation, what markup
/// may show), the no-break and narrow spaces and hyphen the number formats use, the list
/// markers a browser draws (disc, circle, square), the quotes and the ellipsis; and the
/// characters of `text` (markup included: tags and entities are ASCII) that Carlito has.
pub fn characters(text: &str) -> BTreeSet<char> {
    let mut chars: BTreeSet<char> = (' '..='~')
        .chain([
            '\u{a0}', '\u{202f}', '\u{2011}', '–', '•', '◦', '▪', '«', '»', '…',
        ])
        .collect();
    chars.extend(crate::fonts::in_carlito_of(text));
    chars
}

/// WOFF2's Brotli quality (0–11): see the module's notes.
const BROTLI_QUALITY: usize = 5;

/// The `@font-face` rules made lately.
static RULES: crate::fonts::Recent<Arc<str>> = crate::fonts::Recent::new();

/// Forgets the rules made (for a benchmark of a first render).
pub fn forget() {
    RULES.clear();
}

/// One `@font-face` rule per face in `faces`, each subset to `chars` ([`characters`]); a
/// face that cannot be subset is left out (the page then falls back to the reader's fonts for
/// it) and named in the warnings. Each rule is made once per face and set and kept (the
/// plan and its attachment, the page after each save in the live preview, the plans of a
/// batch share it). The faces are made side by side, each on a thread of its own.
pub fn font_faces(faces: Faces, chars: &BTreeSet<char>, warnings: &mut Vec<String>) -> String {
    let used: Vec<_> = [
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
    ]
    .into_iter()
    .filter(|(used, ..)| *used)
    .collect();
    let rule = |&(_, data, weight, style, _): &(bool, &'static [u8], u16, &str, &str)| {
        RULES.get_or_make(data, chars, || {
            let woff2 = woff2(data, chars)?;
            Ok::<_, String>(Arc::from(format!(
                "@font-face {{ font-family: \"{FAMILY}\"; font-style: {style}; font-weight: {weight}; font-display: block; src: url(data:font/woff2;base64,{}) format(\"woff2\"); }}\n",
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, woff2)
            )))
        })
    };
    let rules: Vec<Result<Arc<str>, String>> = std::thread::scope(|scope| {
        let others: Vec<_> = used
            .iter()
            .skip(1)
            .map(|face| scope.spawn(move || rule(face)))
            .collect();
        let first = used.first().map(rule);
        first
            .into_iter()
            .chain(others.into_iter().map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }))
            .collect()
    });
    let mut css = String::new();
    for ((.., name), rule) in used.iter().zip(rules) {
        match rule {
            Ok(rule) => css.push_str(&rule),
            Err(e) => warnings.push(format!(
                "HTML: skriften {FAMILY} ({name}) kunne ikke bygges inn ({e}); siden bruker lesarens skrifter for den"
            )),
        }
    }
    css
}

/// `face` subset to `chars` as WOFF2: from the font cache when it has one that decodes to a
/// font drawing every character as the face does, else made (and kept there).
fn woff2(face: &'static [u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    crate::cache::font(
        &format!("woff2 woofwoof-1 quality-{BROTLI_QUALITY} transform"),
        face,
        chars,
        |woff2| woofwoof::decompress(woff2).map(std::borrow::Cow::Owned),
        || {
            let ttf = crate::fonts::subset(face, chars)?;
            woofwoof::compress(&ttf, "", BROTLI_QUALITY, true).ok_or_else(|| "WOFF2".to_string())
        },
    )
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

/// Where the root start tag of `svg` ends (the byte after its `>`), when the SVG can stand
/// inline in the page and take the page's fonts: a plain drawing, as the charts are, of shapes
/// and text alone. Nothing in it may act or refer outside itself (no script, style, link,
/// image, event handler, id or `url(…)`), so that it can neither run in the page nor clash
/// with another drawing's names; any other SVG stays an image (`svg_with_fonts`).
pub fn inline_svg(svg: &str) -> Option<usize> {
    const ELEMENTS: [&str; 13] = [
        "svg", "title", "desc", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "path", "text", "tspan",
    ];
    const NAMED: [&str; 6] = ["id", "class", "style", "href", "aria-label", "lang"];
    if !svg.starts_with("<svg") || svg.contains("<!") || svg.contains("<?") {
        return None;
    }
    let doc = roxmltree::Document::parse(svg).ok()?;
    let plain = doc.descendants().filter(|n| n.is_element()).all(|n| {
        n.tag_name().namespace() == Some("http://www.w3.org/2000/svg")
            && ELEMENTS.contains(&n.tag_name().name())
            && n.attributes().all(|a| {
                a.namespace().is_none()
                    && !a.name().starts_with("on")
                    && !NAMED.contains(&a.name())
                    && !a.value().contains("url(")
            })
    });
    plain.then(|| root_start_tag_end(svg)).flatten()
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
    fn a_chart_stands_inline_and_anything_that_could_act_stays_an_image() {
        let chart = crate::chart::bars::job_targets(
            &[2024, 2025],
            &[("Reiseliv".to_string(), vec![3, 4])],
            "Arbeidsplassmål per år",
            crate::chart::Width::Page,
        );
        let end = inline_svg(&chart).expect("a chart is a plain drawing");
        assert!(chart[..end].starts_with("<svg") && chart[..end].ends_with('>'));
        for (what, svg) in [
            (
                "script",
                r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            ),
            (
                "handler",
                r#"<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>"#,
            ),
            (
                "link",
                r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink"><path l:href="#a"/></svg>"##,
            ),
            (
                "style",
                r#"<svg xmlns="http://www.w3.org/2000/svg"><style>text{}</style></svg>"#,
            ),
            (
                "reference",
                r##"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#g)"/></svg>"##,
            ),
            (
                "id",
                r#"<svg xmlns="http://www.w3.org/2000/svg"><rect id="a"/></svg>"#,
            ),
            (
                "image",
                r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="x.png"/></svg>"#,
            ),
            (
                "declaration",
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            ),
            (
                "entities",
                r#"<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            ),
        ] {
            assert_eq!(inline_svg(svg), None, "{what}");
        }
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
