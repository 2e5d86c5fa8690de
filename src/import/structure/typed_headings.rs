//! Headings typed as bold paragraphs, for the structure reader: a document written without
//! heading styles («2.1 Industri og prosess» in bold on a line of its own) is read as a person
//! reads it, with those lines as headings, before the walk over the blocks.

use super::draft::Section;
use super::sections::template_section;
use crate::import::docx::{Block, Para};
use crate::import::text;

/// The longest line read as a heading typed in bold; a longer bold line is emphasised text.
const LONGEST_HEADING: usize = 100;

/// The document's blocks with its bold heading lines as headings, when it has no heading
/// styles of its own (a document with heading styles uses them for its headings, and a bold
/// line there is emphasis or a label). `None` when nothing changes.
///
/// Levels as a reader sees them: in a document that numbers its sections («1. Mål og …»), a
/// numbered line's depth is its level and an unnumbered bold line is emphasis; in one whose
/// section titles are unnumbered («Strategier og tiltak for innsatsområdene»), those titles are
/// level 1 and every other heading line, numbered («1. Matproduksjon») or not («Særskilte
/// satsinger i 2024»), one level below.
pub(super) fn with_typed_headings(blocks: &[Block]) -> Option<Vec<Block>> {
    let styled = blocks
        .iter()
        .any(|b| matches!(b, Block::Para(p) if p.heading.is_some()));
    if styled {
        return None;
    }
    let lines: Vec<Option<Line>> = blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => heading_line(p),
            Block::Table(_) => None,
        })
        .collect();
    let numbered_sections = lines
        .iter()
        .flatten()
        .any(|l| matches!(l, Line::Numbered { title: true, .. }));
    let unnumbered_sections = lines.iter().flatten().any(|l| *l == Line::Title);
    let below_titles = unnumbered_sections && !numbered_sections;
    let mut out = blocks.to_vec();
    let mut changed = false;
    let mut depth_above = 0;
    // The cover's bold lines (the title, the programme's name) stand before the first section.
    let mut in_sections = false;
    for (i, (block, line)) in out.iter_mut().zip(&lines).enumerate() {
        let level = match line {
            // An area's name, as its «Beskrivelse:» below it shows.
            Some(Line::Other) if !below_titles && describes_an_area(&blocks[i + 1..]) => Some(2),
            Some(Line::Title) if !numbered_sections => {
                in_sections = true;
                Some(1)
            }
            Some(Line::Numbered { depth, .. }) if below_titles => Some((depth + 1).min(3)),
            Some(Line::Numbered { depth, .. }) => {
                depth_above = *depth;
                Some(*depth)
            }
            Some(Line::Other) if below_titles && in_sections => Some(2),
            // «Budsjett 2022» under «4. Budsjett og finansiering»: a template title without a
            // number in a numbered document heads a part of the numbered section above it.
            Some(Line::Title) if depth_above > 0 => Some((depth_above + 1).min(3)),
            _ => None,
        };
        if let (Block::Para(p), Some(level)) = (block, level) {
            p.heading = Some(level);
            changed = true;
        }
    }
    changed.then_some(out)
}

/// Whether the first text after a line is a focus area's «Beskrivelse:» (or «Skildring:»).
fn describes_an_area(after: &[Block]) -> bool {
    let next = after.iter().find_map(|b| match b {
        Block::Para(p) => Some(text::normalize(&p.text()).to_lowercase()).filter(|t| !t.is_empty()),
        Block::Table(_) => Some(String::new()),
    });
    next.is_some_and(|t| t.starts_with("beskrivelse") || t.starts_with("skildring"))
}

/// A line typed as a heading, by what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// «2.1 Industri og prosess»: its number's depth, and whether it names a template section.
    Numbered { depth: u8, title: bool },
    /// One of the template's section titles without a number.
    Title,
    /// Any other bold line of its own.
    Other,
}

/// A paragraph typed as a heading: bold throughout, short, not a list item, not a label
/// («Beskrivelse:») or a sentence.
fn heading_line(p: &Para) -> Option<Line> {
    let t = text::normalize(&p.text());
    let t = t.trim();
    let bold = p
        .runs
        .iter()
        .filter(|r| !r.text.trim().is_empty())
        .all(|r| r.bold);
    if !bold
        || p.list.is_some()
        || t.is_empty()
        || t.chars().count() > LONGEST_HEADING
        || t.ends_with([':', '.', '!'])
        || t.starts_with(|c: char| c.is_ascii_digit()) && number_depth(t).is_none()
    {
        return None;
    }
    // «Mål for …» opens section 1 as a numbered heading («2. Mål for programmet») or as «Mål for
    // programmet» itself: a bold «Mål for kompetanse» is a sub-heading or emphasis.
    let lower = t.to_lowercase();
    let programme_goals =
        ["mål for programmet", "mål for omstillingsprogrammet"].contains(&lower.as_str());
    let title = template_section(t, 1, Section::Cover).is_some()
        && (programme_goals || !(number_depth(t).is_none() && lower.starts_with("mål for ")));
    Some(match number_depth(t) {
        Some(depth) => Line::Numbered { depth, title },
        None if title => Line::Title,
        None => Line::Other,
    })
}

/// The depth of the number a heading line starts with: «3» and «3.» are 1, «3.1» 2, «3.1.2»
/// 3 (deeper is 3); `None` without a number followed by words.
fn number_depth(t: &str) -> Option<u8> {
    let number: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let rest = &t[number.len()..];
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    // «2. Reiseliv», «2.1 Reiseliv», and «2.Reiseliv» typed without the space.
    let apart = rest.starts_with(char::is_whitespace) || number.ends_with('.');
    let numbered = !number.is_empty()
        && parts.iter().all(|p| (1..=2).contains(&p.len()))
        && apart
        && rest.trim_start().starts_with(char::is_alphabetic);
    numbered.then(|| u8::try_from(parts.len().min(3)).unwrap_or(3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::Run;

    fn para(text: &str, bold: bool) -> Para {
        Para {
            runs: vec![Run {
                text: text.into(),
                bold,
                ..Run::default()
            }],
            ..Para::default()
        }
    }

    fn levels(lines: &[&str]) -> Vec<Option<u8>> {
        let blocks: Vec<Block> = lines.iter().map(|l| Block::Para(para(l, true))).collect();
        with_typed_headings(&blocks)
            .unwrap_or(blocks)
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.heading,
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn in_a_document_that_numbers_its_sections_the_number_gives_the_level() {
        assert_eq!(
            levels(&[
                "1. Mål og innsatsområder fra omstillingsplanen 2023–2028",
                "2.1 Industri og prosess",
                "3.1 Innsatsområde 1. Nyskaping i næringslivet",
                "3.1.2 Videreutvikle trebasert industri",
                "1.1 Hva sier utviklingsplanen?",
                // Emphasis, a label, a sentence, an amount and a year are not headings.
                "Mål for kompetanse",
                "Reiseliv",
                "Beskrivelse:",
                "Målet er 30 nye arbeidsplasser.",
                "2024 Drivkraft",
                "500 000",
                "4. Budsjett og finansiering",
                "Budsjett 2022",
            ]),
            [
                Some(1),
                Some(2),
                Some(2),
                Some(3),
                Some(2),
                None,
                Some(2),
                None,
                None,
                None,
                None,
                Some(1),
                Some(2)
            ]
        );
    }

    #[test]
    fn in_a_document_with_unnumbered_section_titles_the_rest_is_one_level_below() {
        assert_eq!(
            levels(&[
                "Mål og innsatsområder fra omstillingsplanen 2022-27",
                "Strategier og tiltak for innsatsområdene",
                "Særskilte satsinger i 2024",
                "1. Matproduksjon",
                "Beskrivelse:",
                "2.Opplevelsesnæring",
                "Handlingsplan kommunikasjon ",
            ]),
            [Some(1), Some(1), Some(2), Some(2), None, Some(2), Some(1)]
        );
    }

    #[test]
    fn the_programmes_goals_typed_in_bold_open_a_section_before_the_bold_lines_below_them() {
        assert_eq!(
            levels(&[
                "RAUMA NÆRINGSLØFT",
                "Mål for programmet",
                "Mål for kompetanse",
                "Finansiering",
            ]),
            [None, Some(1), Some(2), Some(1)]
        );
    }

    #[test]
    fn a_document_with_heading_styles_keeps_them() {
        let styled = Para {
            heading: Some(1),
            ..para("1. Mål", false)
        };
        let blocks = vec![Block::Para(styled), Block::Para(para("2.1 Industri", true))];
        assert!(with_typed_headings(&blocks).is_none());
        let typed = vec![Block::Para(para("2.1 Industri", true))];
        assert!(with_typed_headings(&[Block::Para(para("2.1 Industri", false))]).is_none());
        let read = with_typed_headings(&typed).unwrap();
        assert!(matches!(&read[0], Block::Para(p) if p.heading == Some(2)));
    }
}
