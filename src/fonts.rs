//! The embedded fonts, shared by the PDF writer, the charts (text measurement) and their
//! rasteriser for DOCX: Carlito (metric-compatible with Calibri, the template's font), and
//! fallback faces for what municipalities write beyond it: DejaVu Sans (symbols such as ✓,
//! Cyrillic, Greek, Hebrew, Arabic, combining accents, U+2011), Symbola (monochrome emoji and
//! other symbols) and Droid Sans Fallback (Chinese, Japanese, Korean). Typst and resvg fall
//! back to them by themselves; `check` warns about, and [`replace_uncovered`] replaces, any
//! character that none of them has, so a render never fails for want of a glyph.

use std::sync::LazyLock;

/// The family name of the embedded faces, as charts and the PDF name it.
pub const FAMILY: &str = "Carlito";

pub const REGULAR: &[u8] = include_bytes!("../fonts/Carlito-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/Carlito-Bold.ttf");
pub const ITALIC: &[u8] = include_bytes!("../fonts/Carlito-Italic.ttf");
pub const BOLD_ITALIC: &[u8] = include_bytes!("../fonts/Carlito-BoldItalic.ttf");

/// DejaVu Sans (Bitstream Vera licence, DejaVu changes public domain).
pub const DEJAVU: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// Symbola 2.60 («free for any use»): emoji in black and white, and rare symbols.
pub const SYMBOLA: &[u8] = include_bytes!("../fonts/Symbola.ttf");
/// Droid Sans Fallback (Apache 2.0): CJK in one regular face.
pub const CJK: &[u8] = include_bytes!("../fonts/DroidSansFallbackFull.ttf");

/// All four Carlito faces.
pub const CARLITO: [&[u8]; 4] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];

/// Every embedded face: Carlito first, then the fallbacks in the order they are tried.
pub const ALL: [&[u8]; 7] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC, DEJAVU, SYMBOLA, CJK];

/// What stands in for a character that no embedded font has: a white square, which the
/// fallback fonts have, so the gap is visible in the document.
pub const REPLACEMENT: char = '□';

/// The characters the DOCX's subsets of Carlito keep: what a reader editing the document in
/// Norwegian, Sámi or another Latin-script language types (printable ASCII, Latin-1 and Latin
/// Extended-A, the dashes, quotes and bullets, the euro sign, the narrow and no-break spaces),
/// and the characters of `text` that Carlito has beyond them. A face with these is about a
/// sixth of the whole. The set depends on the text only where the text leaves this
/// repertoire, so the plan and its attachment almost always share one subset of each face.
pub fn repertoire(text: &str) -> std::collections::BTreeSet<char> {
    let mut chars: std::collections::BTreeSet<char> = (' '..='~')
        .chain('\u{a0}'..='\u{17f}')
        .chain('\u{2010}'..='\u{203a}')
        .chain(['€', '−', '\u{202f}'])
        .collect();
    chars.extend(in_carlito_of(text));
    chars
}

/// The characters of `text` beyond ASCII that Carlito has, each once: what a subset of it
/// must keep for the text (the others are drawn by the fallback faces).
pub fn in_carlito_of(text: &str) -> std::collections::BTreeSet<char> {
    let mut seen = std::collections::HashSet::new();
    text.chars()
        .filter(|c| !c.is_ascii() && seen.insert(*c) && in_carlito(*c))
        .collect()
}

/// Keeps the last few results of a costly function of a face and a character set (a subset,
/// its WOFF form), so that the formats and documents of one render, and the renders of a live
/// preview or a batch, make each once. Each entry is some tens of kilobytes.
pub struct Recent<T> {
    entries: std::sync::Mutex<Vec<(usize, std::collections::BTreeSet<char>, T)>>,
}

impl<T: Clone> Recent<T> {
    const KEPT: usize = 16;

    pub const fn new() -> Self {
        Recent {
            entries: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Forgets every value kept.
    pub fn clear(&self) {
        if let Ok(mut recent) = self.entries.lock() {
            recent.clear();
        }
    }

    /// The value for `face` and `chars`, made by `make` unless kept from before.
    pub fn get_or_make<E>(
        &self,
        face: &'static [u8],
        chars: &std::collections::BTreeSet<char>,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        let id = face.as_ptr() as usize;
        if let Ok(recent) = self.entries.lock()
            && let Some((_, _, value)) = recent.iter().find(|(f, c, _)| *f == id && c == chars)
        {
            return Ok(value.clone());
        }
        let value = make()?;
        if let Ok(mut recent) = self.entries.lock() {
            if recent.len() == Self::KEPT {
                recent.remove(0);
            }
            recent.push((id, chars.clone(), value.clone()));
        }
        Ok(value)
    }
}

impl<T: Clone> Default for Recent<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// `face` (one of the embedded fonts) reduced to the glyphs of `chars` and what they need
/// (accents, ligatures, kerning pairs among them), with its character map, metrics and names:
/// a font a browser or a word processor uses as it uses the whole face. Done by klippa, the
/// fontations subsetter (as HarfBuzz's hb-subset); Typst's `subsetter` is made for PDF and
/// drops the character map. The names kept are the family, style, version and licence ones
/// (ids 0–6 and 13–14), in every language the face has them in. Made once per face and set
/// on a machine ([`cache`]), and kept in memory while it is among the last few asked for.
pub fn subset(
    face: &'static [u8],
    chars: &std::collections::BTreeSet<char>,
) -> Result<std::sync::Arc<[u8]>, String> {
    SUBSETS.get_or_make(face, chars, || {
        crate::cache::font(
            SUBSET_KIND,
            face,
            chars,
            |font| Some(std::borrow::Cow::Borrowed(font)),
            || subset_uncached(face, chars),
        )
        .map(std::sync::Arc::from)
    })
}

/// What a subset is made with, for the cache's key: a change here makes every entry new.
const SUBSET_KIND: &str = "subset klippa-0.1.2 names-0-6-13-14 default-features";

/// The subsets made lately.
static SUBSETS: Recent<std::sync::Arc<[u8]>> = Recent::new();

/// Forgets the subsets made (for a benchmark of a first render).
pub fn forget_subsets() {
    SUBSETS.clear();
}

pub(crate) fn subset_uncached(
    face: &[u8],
    chars: &std::collections::BTreeSet<char>,
) -> Result<Vec<u8>, String> {
    use fontcull_klippa::{Plan, SubsetFlags, subset_font};
    use fontcull_skrifa::FontRef;
    use fontcull_skrifa::raw::collections::IntSet;
    use fontcull_skrifa::raw::types::{GlyphId, NameId, Tag};
    let font = FontRef::new(face).map_err(|e| format!("{e:?}"))?;
    let mut unicodes: IntSet<u32> = IntSet::empty();
    for c in chars {
        unicodes.insert(u32::from(*c));
    }
    let mut name_ids: IntSet<NameId> = IntSet::empty();
    for id in (0..=6).chain(13..=14) {
        name_ids.insert(NameId::new(id));
    }
    let features: IntSet<Tag> = fontcull_klippa::DEFAULT_LAYOUT_FEATURES
        .iter()
        .copied()
        .collect();
    let plan = Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &font,
        SubsetFlags::default(),
        &IntSet::<Tag>::empty(),
        &IntSet::<Tag>::all(),
        &features,
        &name_ids,
        &IntSet::<u16>::all(),
    );
    subset_font(&font, &plan).map_err(|e| format!("{e:?}"))
}

/// The parsed faces, for coverage look-ups.
static FACES: LazyLock<Vec<ttf_parser::Face<'static>>> = LazyLock::new(|| {
    [REGULAR, DEJAVU, SYMBOLA, CJK]
        .iter()
        .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
        .collect()
});

/// Carlito regular and bold, for measuring text.
static MEASURED: LazyLock<[Option<ttf_parser::Face<'static>>; 2]> =
    LazyLock::new(|| [REGULAR, BOLD].map(|data| ttf_parser::Face::parse(data, 0).ok()));

/// The width of `text` set in Carlito (bold or regular) at `size`, in the units of `size`
/// (points for points): the sum of the glyphs' advances, a space Carlito lacks as a space and
/// any other character it lacks as 0.6 em. The charts lay out their labels by it, and the writers size a figure column.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let Some(face) = MEASURED[usize::from(bold)].as_ref() else {
        return text.chars().count() as f64 * size * 0.6;
    };
    let per_unit = size / f64::from(face.units_per_em());
    let advance = |c: char| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
    text.chars()
        .map(|c| {
            advance(c)
                // A space Carlito lacks (the no-break space) is set as wide as a space.
                .or_else(|| c.is_whitespace().then(|| advance(' ')).flatten())
                .map_or(size * 0.6, |a| f64::from(a) * per_unit)
        })
        .sum()
}

/// Characters that need no glyph: line breaks (U+2028 and U+2029 too, which become one),
/// tabs, and the invisible formatting characters (joiners, direction marks, variation
/// selectors) that text shaping consumes.
fn needs_no_glyph(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | ' ' | '\u{2028}' | '\u{2029}') || invisible(c)
}

/// The invisible formatting characters: joiners, direction marks, variation selectors.
fn invisible(c: char) -> bool {
    matches!(c as u32,
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFE00..=0xFE0F
        | 0xE0100..=0xE01EF)
}

/// Text for an SVG drawing (a chart, an SVG image): as [`replace_uncovered`], and without the
/// invisible formatting characters, which an SVG's text cannot carry into a PDF/UA file (a
/// joined emoji sequence, 👨‍👩‍👧‍👦, left its glyph without a character): the joined
/// emoji are drawn side by side.
pub fn for_drawing(text: &str) -> std::borrow::Cow<'_, str> {
    let replaced = replace_uncovered(text);
    if !replaced.chars().any(invisible) {
        return replaced;
    }
    std::borrow::Cow::Owned(replaced.chars().filter(|c| !invisible(*c)).collect())
}

/// Whether some embedded font draws `c`.
pub fn covered(c: char) -> bool {
    if c.is_ascii() && !c.is_ascii_control() {
        return true;
    }
    if needs_no_glyph(c) {
        return true;
    }
    if c.is_control() || not_in_xml(c) || private_use(c) {
        return false;
    }
    looked_up(c) & IN_ANY != 0
}

/// [`looked_up`]'s bits: the answer is known, Carlito has the character, some face has it.
const KNOWN: u8 = 1;
const IN_CARLITO: u8 = 2;
const IN_ANY: u8 = 4;

/// Which embedded faces have a glyph for `c`, as [`KNOWN`], [`IN_CARLITO`] and [`IN_ANY`]:
/// asked of the faces' character maps once per character of the Basic Multilingual Plane
/// (every character of a plan goes through here, and a large plan has millions), each time
/// for the rare others.
fn looked_up(c: char) -> u8 {
    use std::sync::atomic::{AtomicU8, Ordering};
    static BMP: [AtomicU8; 0x10000] = [const { AtomicU8::new(0) }; 0x10000];
    let ask = || {
        let carlito = FACES.first().is_some_and(|f| f.glyph_index(c).is_some());
        let any = carlito || FACES.iter().skip(1).any(|f| f.glyph_index(c).is_some());
        KNOWN | if carlito { IN_CARLITO } else { 0 } | if any { IN_ANY } else { 0 }
    };
    let Some(slot) = BMP.get(c as usize) else {
        return ask();
    };
    match slot.load(Ordering::Relaxed) {
        0 => {
            let bits = ask();
            slot.store(bits, Ordering::Relaxed);
            bits
        }
        bits => bits,
    }
}

/// Private-use code points (U+E000–U+F8FF and planes 15 and 16): a font may draw something
/// there, but what it means is private to that font, and PDF/UA cannot say which character
/// it is. Handled as a missing glyph: replaced visibly and warned about.
fn private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// Noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two of every plane), which XML
/// may not carry even where a font maps them.
fn not_in_xml(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Whether Carlito itself draws `c`.
fn in_carlito(c: char) -> bool {
    looked_up(c) & IN_CARLITO != 0
}

/// `text` in NFC, each character paired with whether it can be drawn where it stands. A
/// combining mark is drawn with its base character's font, so one that follows a character
/// of Carlito must be in Carlito too (NFC has already composed «a» + U+0301 into «á»).
fn judged(text: &str) -> Vec<(char, bool)> {
    use unicode_normalization::UnicodeNormalization;
    let mut out: Vec<(char, bool)> = Vec::with_capacity(text.len());
    let mut base_in_carlito = false;
    for c in text.nfc() {
        // A byte-order mark inside text (U+FEFF) is invisible, and PDF/A forbids it: dropped.
        if c == '\u{FEFF}' {
            continue;
        }
        let ok = if unicode_normalization::char::is_combining_mark(c) {
            covered(c) && (!base_in_carlito || in_carlito(c))
        } else {
            base_in_carlito = in_carlito(c);
            covered(c)
        };
        out.push((c, ok));
    }
    out
}

/// Whether `text` is as [`replace_uncovered`] gives it, as nearly all text is: in NFC, and
/// each character printable ASCII, a tab or line break that stays one, an invisible formatting
/// character, or one some face draws whatever stands before it (not a combining mark, whose
/// face is its base character's). One pass of table look-ups, without the allocations of
/// [`judged`].
fn plainly_drawn(text: &str) -> bool {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    text.chars().all(|c| {
        c.is_ascii() && !c.is_ascii_control()
            || !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
                && !unicode_normalization::char::is_combining_mark(c)
                && covered(c)
    }) && (text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes)
}

/// The characters of `text` that no embedded font can draw there, each once, in order.
pub fn uncovered(text: &str) -> Vec<char> {
    if plainly_drawn(text) {
        return Vec::new();
    }
    let mut out: Vec<char> = Vec::new();
    for (c, ok) in judged(text) {
        if !ok && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// `text` (in NFC) with every character that no embedded font can draw replaced by
/// [`REPLACEMENT`]. Control characters other than line breaks and tabs are dropped (XML
/// cannot carry them).
pub fn replace_uncovered(text: &str) -> std::borrow::Cow<'_, str> {
    if plainly_drawn(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        judged(text)
            .into_iter()
            .filter_map(|(c, ok)| {
                if matches!(c, '\u{2028}' | '\u{2029}') {
                    // A line or paragraph separator is a line break; no font draws it.
                    Some('\n')
                } else if ok {
                    Some(c)
                } else if c.is_control() {
                    None
                } else {
                    Some(REPLACEMENT)
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_municipalities_write_is_covered() {
        for text in [
            "Æøå ÆØÅ é ü",
            "Sámi: Áá Čč Đđ Ŋŋ Šš Ŧŧ Žž",
            "✓ ✔ ✗ → ′ ″ \u{2011}",
            "Привет",
            "שלום",
            "مرحبا",
            "中文字 日本語",
            "🎉 🚀 😀",
            "a\u{301}",
        ] {
            assert_eq!(uncovered(text), Vec::<char>::new(), "{text}");
        }
        assert!(covered(REPLACEMENT));
    }

    #[test]
    fn plain_text_is_passed_through_and_what_needs_work_still_gets_it() {
        let norwegian = "Særskilte satsinger – «økt utviklingsevne» … Áá Ŋŋ ✓ 中文";
        assert!(matches!(
            replace_uncovered(norwegian),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(uncovered(norwegian).is_empty());
        assert_eq!(replace_uncovered("a\u{2028}b"), "a\nb");
        assert_eq!(replace_uncovered("Å\u{FEFF}"), "Å");
        assert_eq!(replace_uncovered("e\u{301}"), "é", "composed");
        assert_eq!(uncovered("ø\u{E000}"), vec!['\u{E000}']);
        // Asked twice (the second answer from the table), the same.
        assert!(covered('ø') && covered('ø') && !covered('\u{E000}'));
    }

    #[test]
    fn what_no_font_has_is_replaced_visibly() {
        assert_eq!(uncovered("a\u{E000}b\u{E000}"), vec!['\u{E000}']);
        assert_eq!(replace_uncovered("a\u{E000}b"), "a□b");
        assert_eq!(replace_uncovered("a\u{7}b"), "ab");
        assert_eq!(replace_uncovered("a\u{FFFF}b\u{FDD0}"), "a□b□");
        assert_eq!(replace_uncovered("a\u{FEFF}b"), "ab");
        assert!(uncovered("a\u{FEFF}b").is_empty());
        assert_eq!(replace_uncovered("vanlig tekst"), "vanlig tekst");
        // Composed where Unicode can; a mark Carlito lacks after a Carlito letter is replaced.
        assert_eq!(replace_uncovered("a\u{301}"), "á");
    }
}
