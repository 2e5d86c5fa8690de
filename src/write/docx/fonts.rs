//! The fonts embedded in the DOCX, so that it is laid out alike on a machine without Calibri or
//! Carlito (Linux and Mac desktops, file previews): the faces of the embedded Carlito (the
//! metric twin of Calibri, the template's font) that the document uses, each under the family
//! name the styles give («Calibri»), subset to the document's characters and what an editor
//! of Latin-script text types (`fonts::repertoire`), obfuscated as ECMA-376 Part 1 §17.8.1 prescribes
//! (`word/fonts/fontN.odttf`, the first 32 bytes XORed with the reversed bytes of a GUID key)
//! and named in `word/fontTable.xml` by `w:embedRegular` and its siblings with the key as
//! `w:fontKey`. Word and LibreOffice use an embedded font where the machine lacks the family.

use super::DocxError;
use super::ns;
use super::xml::Xml;
use crate::write::faces::Faces;
use std::collections::BTreeSet;

/// The families the embedded Carlito stands for: itself, and Calibri, whose metrics it shares.
const FAMILIES: [&str; 2] = ["Calibri", "Carlito"];

/// (element, font data, name) of each face used.
fn used(faces: Faces) -> Vec<(&'static str, &'static [u8], &'static str)> {
    [
        (
            faces.regular,
            "w:embedRegular",
            crate::fonts::REGULAR,
            "regular",
        ),
        (faces.bold, "w:embedBold", crate::fonts::BOLD, "bold"),
        (
            faces.italic,
            "w:embedItalic",
            crate::fonts::ITALIC,
            "italic",
        ),
        (
            faces.bold_italic,
            "w:embedBoldItalic",
            crate::fonts::BOLD_ITALIC,
            "bolditalic",
        ),
    ]
    .into_iter()
    .filter(|(used, ..)| *used)
    .map(|(_, element, data, name)| (element, data, name))
    .collect()
}

/// The font families the styles (and the theme, where the styles name its fonts) set text in
/// that the embedded Carlito stands for, each once, in the order met.
pub fn families(styles: &[u8], theme: Option<&[u8]>) -> Vec<&'static str> {
    let mut text = String::from_utf8_lossy(styles).into_owned();
    if let Some(theme) = theme {
        text.push_str(&String::from_utf8_lossy(theme));
    }
    let mut out: Vec<&'static str> = Vec::new();
    // Attribute values as written: w:ascii="Calibri" in the styles, typeface="Calibri" in the
    // theme's font scheme.
    for family in FAMILIES {
        if text.contains(&format!("=\"{family}\"")) && !out.contains(&family) {
            out.push(family);
        }
    }
    out
}

/// A 64-bit FNV-1a hash: stable across builds, so the same document gives the same key.
fn fnv1a(data: &[u8], seed: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for b in data {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The obfuscation key of a face: 16 bytes derived from its name and data.
fn key(stem: &str, data: &[u8]) -> [u8; 16] {
    let head = &data[..data.len().min(4096)];
    let a = fnv1a(head, fnv1a(stem.as_bytes(), 1));
    let b = fnv1a(head, fnv1a(stem.as_bytes(), 2));
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&a.to_be_bytes());
    key[8..].copy_from_slice(&b.to_be_bytes());
    // A version 4 GUID in form (the key is any 128 bits; the form keeps strict readers calm).
    key[6] = (key[6] & 0x0f) | 0x40;
    key[8] = (key[8] & 0x3f) | 0x80;
    key
}

/// The key as `w:fontKey` writes it: `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, its hex digits
/// the key's bytes in order.
pub fn guid(key: &[u8; 16]) -> String {
    let hex: String = key.iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The font obfuscated (§17.8.1): each of its first 32 bytes XORed with the key's bytes taken
/// from the last to the first, twice over. The same operation undoes it.
pub fn obfuscate(font: &[u8], key: &[u8; 16]) -> Vec<u8> {
    let mut out = font.to_vec();
    for (i, byte) in out.iter_mut().take(32).enumerate() {
        *byte ^= key[15 - i % 16];
    }
    out
}

/// The font table and its embedded fonts.
pub struct Embedded {
    pub font_table: Vec<u8>,
    pub relationships: Vec<u8>,
    /// (part name under `word/`, obfuscated font data deflated ahead: `deflated_part`).
    pub files: Vec<(String, Vec<u8>)>,
}

/// `face` subset to `chars`, obfuscated with `key` and deflated ahead (`deflated_part`):
/// deflating the fonts was about a tenth of a DOCX's time, so the result is kept in the font
/// cache (`cache`), used when it inflates to a font that draws every character as the
/// face does, and kept in memory while among the last few asked for (the plan and its
/// attachment almost always share one set).
fn deflated_font(
    face: &'static [u8],
    chars: &BTreeSet<char>,
    key: &[u8; 16],
) -> Result<Vec<u8>, String> {
    let kept = DEFLATED.get_or_make(face, chars, || {
        crate::cache::font(
            DEFLATED_KIND,
            face,
            chars,
            |part| {
                super::inflated_part(part, crate::cache::MAX_ENTRY)
                    .map(|font| std::borrow::Cow::Owned(obfuscate(&font, key)))
            },
            || {
                let font = crate::fonts::subset(face, chars)?;
                super::deflated_part(&obfuscate(&font, key)).map_err(|e| e.to_string())
            },
        )
        .map(std::sync::Arc::<[u8]>::from)
    })?;
    Ok(kept.to_vec())
}

/// The fonts deflated lately.
static DEFLATED: crate::fonts::Recent<std::sync::Arc<[u8]>> = crate::fonts::Recent::new();

/// Forgets the fonts deflated (for a benchmark of a first render).
pub fn forget() {
    DEFLATED.clear();
}

/// What [`deflated_font`] makes, for the cache's key: a change here makes every entry new.
const DEFLATED_KIND: &str = "docx odttf zip-8 deflated-default";

/// Subsets and deflates the faces `faces` for the characters of `text`, as [`embed`] will ask
/// for them for the same text (made ahead: `docx::ahead`): [`embed`] itself, its package
/// left, the fonts kept among the last few made. What fails here is told when [`embed`]
/// makes it again.
pub fn prepare(faces: Faces, text: &str) {
    let _ = embed(&FAMILIES[..1], faces, text);
}

/// The font table naming each family with the faces used embedded, or `None` when the styles
/// set no text in a family the embedded font stands for (a programme's reference in another
/// font).
pub fn embed(families: &[&str], faces: Faces, text: &str) -> Result<Option<Embedded>, DocxError> {
    if families.is_empty() {
        return Ok(None);
    }
    let chars = crate::fonts::repertoire(text);
    let used = used(faces);
    let mut files = Vec::new();
    let mut rels: Vec<(String, String)> = Vec::new();
    let mut x = Xml::new()?;
    x.open("w:fonts", &[("xmlns:w", ns::W), ("xmlns:r", ns::R)])?;
    // One file per face, shared by the families it stands for.
    let keys: Vec<[u8; 16]> = used.iter().map(|(_, data, stem)| key(stem, data)).collect();
    for ((_, data, name), key) in used.iter().zip(&keys) {
        let n = files.len() + 1;
        let target = format!("fonts/font{n}.odttf");
        let file = deflated_font(data, &chars, key).map_err(|e| {
            DocxError::Internal(format!("skriften {name} kunne ikke bygges inn: {e}"))
        })?;
        rels.push((format!("rIdFont{n}"), target.clone()));
        files.push((target, file));
    }
    for family in families {
        x.open("w:font", &[("w:name", family)])?;
        x.empty("w:panose1", &[("w:val", "020F0502020204030204")])?;
        x.empty("w:charset", &[("w:val", "00")])?;
        x.empty("w:family", &[("w:val", "swiss")])?;
        x.empty("w:pitch", &[("w:val", "variable")])?;
        for (((element, ..), key), (id, _)) in used.iter().zip(&keys).zip(&rels) {
            x.empty(element, &[("r:id", id), ("w:fontKey", &guid(key))])?;
        }
        x.end("w:font")?;
    }
    x.end("w:fonts")?;
    let font_table = x.finish()?;
    let mut r = Xml::new()?;
    r.open("Relationships", &[("xmlns", ns::REL)])?;
    for (id, target) in &rels {
        r.empty(
            "Relationship",
            &[
                ("Id", id),
                ("Type", &format!("{}/font", ns::REL_TYPE)),
                ("Target", target),
            ],
        )?;
    }
    r.end("Relationships")?;
    Ok(Some(Embedded {
        font_table,
        relationships: r.finish()?,
        files,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscation_follows_the_standard_and_undoes_itself() {
        // The key {00112233-4455-6677-8899-AABBCCDDEEFF}: byte 0 is XORed with 0xFF, byte 15
        // with 0x00, byte 16 with 0xFF again; byte 32 on is left alone.
        let key: [u8; 16] = [
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD,
            0xEE, 0xFF,
        ];
        assert_eq!(guid(&key), "{00112233-4455-6677-8899-AABBCCDDEEFF}");
        let font = vec![0u8; 40];
        let hidden = obfuscate(&font, &key);
        assert_eq!(hidden[0], 0xFF);
        assert_eq!(hidden[1], 0xEE);
        assert_eq!(hidden[15], 0x00);
        assert_eq!(hidden[16], 0xFF);
        assert_eq!(hidden[31], 0x00);
        assert_eq!(&hidden[32..], &[0u8; 8]);
        assert_eq!(obfuscate(&hidden, &key), font);
    }

    #[test]
    fn only_the_faces_used_and_only_for_calibri_or_carlito() {
        assert_eq!(
            families(br#"<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/>"#, None),
            ["Calibri"]
        );
        assert!(families(br#"<w:rFonts w:ascii="Georgia"/>"#, None).is_empty());
        let theme = br#"<a:minorFont><a:latin typeface="Calibri"/></a:minorFont>"#;
        assert_eq!(
            families(br#"<w:rFonts w:asciiTheme="minorHAnsi"/>"#, Some(theme)),
            ["Calibri"]
        );
        let faces = Faces {
            regular: true,
            bold: true,
            ..Faces::default()
        };
        let embedded = embed(&["Calibri"], faces, "Ŋ").unwrap().unwrap();
        assert_eq!(embedded.files.len(), 2);
        let table = String::from_utf8(embedded.font_table).unwrap();
        assert!(table.contains("<w:font w:name=\"Calibri\">"));
        assert!(table.contains("<w:embedRegular r:id=\"rIdFont1\" w:fontKey=\"{"));
        assert!(table.contains("<w:embedBold r:id=\"rIdFont2\""));
        assert!(!table.contains("embedItalic"));
        // The file is the font once the key is applied again.
        let key_text = table
            .split("w:fontKey=\"{")
            .nth(1)
            .unwrap()
            .split('}')
            .next()
            .unwrap()
            .replace('-', "");
        let mut key = [0u8; 16];
        for (i, k) in key.iter_mut().enumerate() {
            *k = u8::from_str_radix(&key_text[2 * i..2 * i + 2], 16).unwrap();
        }
        let file = super::super::inflated_part(&embedded.files[0].1, 1 << 22).unwrap();
        let face = obfuscate(&file, &key);
        let parsed = ttf_parser::Face::parse(&face, 0).unwrap();
        for c in ['A', 'ø', 'Ŋ', '–'] {
            assert!(parsed.glyph_index(c).is_some(), "{c}");
        }
        assert!(parsed.glyph_index('Ж').is_none(), "Cyrillic is left out");
        let family = parsed
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::FAMILY)
            .and_then(|n| n.to_string());
        assert_eq!(family.as_deref(), Some("Carlito"));
        assert!(
            face.len() < crate::fonts::REGULAR.len() / 4,
            "{}",
            face.len()
        );
        assert!(embed(&[], faces, "").unwrap().is_none());
    }
}
