//! The structure reader's walk over headings and paragraphs: which section a heading opens,
//! where text that fits no field goes (a chapter at its place).

use super::Reader;
use super::Under;
use super::cover::{date_in, is_council_line};
use super::draft::{Area, Chapter, Section, Strategy, place_in_words};
use super::sections::{own_heading, template_section};
use super::tables::{Kind, kind};
use super::words::{
    bare, heading_name, lower_aligned, para_markdown, placeholder, strategy_label,
    template_sentence, years,
};
use crate::import::amount;
use crate::import::docx::{Block, Para};
use crate::import::text;

impl Reader<'_> {
    pub(super) fn close_chapter(&mut self) {
        if let Some(c) = self.chapter.take() {
            self.draft.found.push(match &c.heading {
                Some(h) => format!(
                    "«{h}» ble et eget kapittel {} (`kapitler`, `plassering: {}`)",
                    place_in_words(c.place),
                    c.place
                ),
                None => format!(
                    "tekst som ikke passet i noe felt, står uten egen overskrift {} (`kapitler`, `plassering: {}`)",
                    place_in_words(c.place),
                    c.place
                ),
            });
            self.draft.chapters.push(c);
        }
    }

    /// Whether the heading at `i` opens a focus area: a «Beskrivelse:» label, a «Strategier:»
    /// label over a list, an «Effektmål:» or a strategy table follows before the next heading,
    /// or the next heading is a strategy's («Strategi A: …»).
    pub(super) fn opens_area(&self, i: usize) -> bool {
        for b in &self.blocks[i + 1..] {
            match b {
                // A strategy's heading right under it («Strategi A: Treindustri»).
                Block::Para(p) if p.heading.is_some() => {
                    let t = text::normalize(&p.text());
                    return t.to_lowercase().starts_with("strategi ")
                        && strategy_label(&t).is_some();
                }
                Block::Para(p) => {
                    let t = text::normalize(&p.text()).to_lowercase();
                    if ["beskrivelse", "skildring", "effektmål"]
                        .iter()
                        .any(|w| t.starts_with(w))
                        || super::areas::strategy_list_label(&t)
                    {
                        return true;
                    }
                }
                Block::Table(t) => return matches!(kind(t), Kind::Strategies),
            }
        }
        false
    }

    /// A heading: a template section, a focus area, a cover title, «Særskilte satsinger», or
    /// else a chapter of the plan's own.
    pub(super) fn heading(&mut self, p: &Para, level: u8, i: usize) {
        self.lead = super::financing::Lead::default();
        let t = text::normalize(&p.text());
        let lower = bare(&t).to_lowercase();
        if lower == "innhold" || lower == "innhald" || lower.starts_with("innholdsfortegnelse") {
            return;
        }
        let named = area_named(&t);
        if let Some(section) = template_section(&t, level, self.section).filter(|_| named.is_none())
        {
            self.open_section(section, &t);
            return;
        }
        // «Strategi 1 – Navn» under an area names a strategy at any level; other headings one
        // level below the area's («2.2 Reiseliv» may be the next area).
        let strategy = self.section == Section::Area
            && lower.starts_with("strategi ")
            && strategy_label(&t).is_some();
        if named.is_some()
            || !strategy
                && self.section >= Section::Strategies
                && self.section <= Section::AfterAreas
                && self.opens_area(i)
        {
            self.open_area(named.unwrap_or_else(|| heading_name(&t)));
            return;
        }
        if self.section == Section::Area && (level >= 3 || strategy) {
            self.area_sub_heading(&t, i);
            return;
        }
        if let Some(c) = self.chapter.as_mut()
            && level > c.level
            && level >= 3
        {
            // A heading under a chapter's, deeper than a chapter can be: a sub-heading in its
            // text, numbered as written.
            let depth = (level - c.level) as usize;
            c.text.push(format!("{} {t}", "#".repeat(depth)));
            return;
        }
        if self.section == Section::Guidance
            || self.section == Section::Cover && self.draft.year.is_none() && self.cover_line(&t)
        {
            return;
        }
        if self.section == Section::Strategies
            && (lower.starts_with("særskilte satsing") || lower.starts_with("særskilde satsing"))
        {
            self.close_chapter();
            self.special = true;
            self.draft.special.push(format!("# {}", bare(&t)));
            return;
        }
        if self.section == Section::Communication && level >= 2 && self.chapter.is_none() {
            // A sub-heading of the communication plan («3.3.1 Nettside»): a line of its text.
            self.draft.communication.push(format!("**{t}**"));
            return;
        }
        self.open_chapter(&t, level);
    }

    /// A focus area's heading: the area, with what follows as its text.
    fn open_area(&mut self, name: String) {
        self.close_chapter();
        self.section = Section::Area;
        self.under = Under::Area;
        self.draft.areas.push(Area {
            name,
            ..Area::default()
        });
    }

    /// A heading under a focus area's, in a plan written as prose: the area's budget
    /// («3.1.6 Økonomiske rammer for innsatsområde 1»), a numbered strategy («3.1.1 Systematisk
    /// kontakt med bedriftene»), or a sub-heading in the area's text.
    fn area_sub_heading(&mut self, t: &str, i: usize) {
        let lower = bare(t).to_lowercase();
        let budget_below = self.budget_below(i);
        let Some(area) = self.draft.areas.last_mut() else {
            return;
        };
        if ["økonomisk", "ramme", "budsjett"]
            .iter()
            .any(|w| lower.starts_with(w))
        {
            self.under = Under::AreaBudget;
            area.comment.push(format!("# {t}"));
        } else if lower.starts_with("søkbare midl") || lower.starts_with("søkbare middel") {
            // «Søkbare midler» over «Budsjett: 500’»: written as a strategy, read as one,
            // then made the area's søkbare midler (`areas::funds_written_as_strategies`).
            self.under = Under::Strategy;
            area.strategies.push(Strategy {
                name: heading_name(t),
                ..Strategy::default()
            });
        } else if let Some((id, name, content)) = strategy_label(t) {
            self.under = Under::Strategy;
            area.strategies.push(Strategy {
                id,
                name,
                content,
                ..Strategy::default()
            });
        } else if budget_below {
            // «Leverandørnettverk» over its text and «Budsjett 2026: 0,4 mill. kr»: a strategy
            // without a number.
            self.under = Under::Strategy;
            area.strategies.push(Strategy {
                name: heading_name(t),
                ..Strategy::default()
            });
        } else {
            area.comment.push(format!("# {t}"));
        }
    }

    /// Whether a line «Budsjett …: amount» (or «Ramme: …», also at the end of a paragraph)
    /// stands under the heading at `i`, before the next heading.
    fn budget_below(&self, i: usize) -> bool {
        self.blocks[i + 1..]
            .iter()
            .map_while(|b| match b {
                Block::Para(p) if p.heading.is_none() => Some(Some(p)),
                Block::Para(_) => None,
                Block::Table(_) => Some(None),
            })
            .flatten()
            .any(|p| {
                let t = text::normalize(&p.text());
                super::areas::labelled_parts(&t, super::areas::STRATEGY_LABELS)
                    .iter()
                    .any(|part| {
                        let lower = part.to_lowercase();
                        super::areas::BUDGET_LABELS
                            .iter()
                            .any(|w| lower.starts_with(w))
                            && !amount::in_text(part).is_empty()
                    })
            })
    }

    /// A heading that opens one of the template's sections: the plan's own words for it are
    /// kept, and the name of its own plan («Mål og innsatsområde fra omstillingsplanen»).
    fn open_section(&mut self, section: Section, t: &str) {
        self.close_chapter();
        self.flush_pending();
        self.section = section;
        self.special = false;
        let name = without_unit(super::sections::section_title(&bare(t)));
        if section == Section::Goals
            && let Some((_, word)) = name
                .split_once(" fra ")
                .or_else(|| name.split_once(" frå "))
        {
            self.draft.plan_word = Some(word.trim().to_string());
        }
        if let Some(key) = own_heading(section, &name.to_lowercase()) {
            self.draft.headings.insert(key, name);
        }
        if section == Section::Guidance {
            self.draft
                .notes
                .push("malens «Veiledning til bruk av malen» er ikke tatt med".into());
        }
    }

    /// A heading of the plan's own: a chapter at this place. The document's own number
    /// («1. Innledning») means the plan numbers its headings itself, in one sequence with the
    /// template's sections when the document does so before them.
    fn open_chapter(&mut self, t: &str, level: u8) {
        self.close_chapter();
        let name = heading_name(t);
        if name != t && self.section == Section::Cover {
            self.draft.continuous = true;
        }
        let place = self.section.place();
        let text = if place == "før_1" {
            std::mem::take(&mut self.pending)
        } else {
            Vec::new()
        };
        self.chapter = Some(Chapter {
            heading: Some(name),
            level: level.clamp(1, 2),
            place,
            text,
        });
    }

    /// Cover text that fits no field and no chapter followed: a chapter of its own.
    pub(super) fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.draft.chapters.push(Chapter {
            heading: None,
            level: 1,
            place: "før_1",
            text: std::mem::take(&mut self.pending),
        });
        self.draft.found.push(
            "tekst på forsiden står uten egen overskrift foran seksjon 1 (`kapitler`, `plassering: før_1`)"
                .into(),
        );
    }

    pub(super) fn paragraph(&mut self, p: &Para) {
        let t = text::normalize(&p.text());
        if t.is_empty() {
            return;
        }
        if self.section == Section::Financing {
            self.financing_footnote(&t);
        }
        if self.section == Section::Financing
            || self.section == Section::Resources && t.to_lowercase().contains("finansier")
        {
            self.sources_in_sentence(&t);
        }
        if matches!(
            self.section,
            Section::Resources | Section::Effort | Section::Financing
        ) {
            self.stated_administration(&t);
            // A source as a list item, or under «Finansiering» as a line of its own
            // («– Rauma kommune: 700' (20 %)», «Tydal kommune: 420 (20 %)»).
            let line = p.list.is_some() || self.section == Section::Financing;
            if line && self.listed_source(&t) {
                return;
            }
            // The lines of another year's sources keep the lead-in that said so.
            if !(self.lead.other_year && super::financing::source_shaped(&t)) {
                self.lead = super::financing::Lead::of(&t, self.draft.year);
            }
        }
        if let Some(c) = self.chapter.as_mut() {
            c.text.push(para_markdown(p));
            return;
        }
        if placeholder(&t) {
            self.draft.notes.push(format!(
                "malens plassholder {} står i dokumentet og er ikke tatt med",
                crate::import::own::quote(&t)
            ));
            return;
        }
        if self.section == Section::Strategies {
            let md = para_markdown(p);
            if self.special {
                self.draft.special.push(md);
            } else {
                self.draft.strategies_intro.push(md);
            }
            return;
        }
        if template_sentence(&t) {
            return;
        }
        match self.section {
            Section::Cover => self.cover_paragraph(p, &t),
            Section::Guidance => {}
            Section::Goals => self.goals_paragraph(p, &t),
            Section::Results => self.draft.results.push(para_markdown(p)),
            Section::Area => self.area_paragraph(p, &t),
            Section::Communication => self.draft.communication.push(para_markdown(p)),
            Section::Financing if t.starts_with('*') => self.draft.financing_note.push(t),

            _ => self.chapter_text(p),
        }
    }

    /// A paragraph before the first heading: a cover line, the lines of a table of contents
    /// typed by hand (left out), the vision, or text for the chapter that follows.
    fn cover_paragraph(&mut self, p: &Para, t: &str) {
        if contents_line(p) || self.cover_line(t) {
            return;
        }
        let lower = t.to_lowercase();
        let caption = p.style_name.to_lowercase() == "caption"
            || p.runs.iter().all(|r| r.italic || r.text.trim().is_empty());
        let dated = date_in(t).is_some() || is_council_line(&lower);
        let labelled = lower.starts_with("visjon:");
        // «Alle beløp i planen er oppgitt i tusen kroner.»: a note on the plan, not a vision.
        let note = !labelled
            && (lower.contains("beløp") || lower.contains("kroner") || lower.contains(" kr"));
        // A word or two alone («Innledning») is a heading typed as a line, a paragraph of
        // text is the plan's text: neither is a vision.
        let words = t.split_whitespace().count();
        let note = note || !labelled && !(3..=25).contains(&words);
        // A line that names the programme, its plan or its period («Nome Neste –
        // omstillingsprogrammet i Nome kommune», «Tydal kommune · Omstillingsperiode
        // 2024–2029»): a cover line, not a vision.
        let names_the_programme = [
            "omstillingsprogram",
            "omstillingsperiode",
            "programperiode",
            "handlingsplan",
        ]
        .iter()
        .any(|w| lower.contains(w))
            || !years(t).is_empty()
            // A section's title typed as a line («Innsatsområder og strategier»).
            || super::sections::template_section(t, 1, Section::Cover).is_some();
        let note = note || !labelled && names_the_programme;
        if self.draft.vision.is_none() && p.list.is_none() && !caption && !dated && !note {
            let vision = t.get(7..).filter(|_| labelled).unwrap_or(t).trim();
            // «Visjon: «Tydal – kraft til å skape»»: the vision without its quotes.
            let vision = match vision.strip_prefix('«').and_then(|v| v.strip_suffix('»')) {
                Some(inside) if !inside.contains(['«', '»']) => inside.trim(),
                _ => vision,
            };
            self.draft.vision = Some(vision.to_string());
            self.draft.guess(
                "program.visjon",
                "linjen på forsiden som ikke er tittel, område eller dato".into(),
            );
        } else {
            self.chapter_text(p);
        }
    }

    /// The text of the chapter open here, or of a new one at `place` when none is: where
    /// text and tables that fit no field go. A chapter opened so has no heading: the document
    /// has none for it, and none is made up.
    pub(super) fn open_text(&mut self, place: &'static str) -> &mut Vec<String> {
        &mut self
            .chapter
            .get_or_insert_with(|| Chapter {
                heading: None,
                level: 2,
                place,
                text: Vec::new(),
            })
            .text
    }

    /// Text that fits no field: into a chapter at this place.
    pub(super) fn chapter_text(&mut self, p: &Para) {
        let place = self.section.place();
        if self.section == Section::Cover && self.chapter.is_none() {
            self.pending.push(para_markdown(p));
            return;
        }
        self.open_text(place).push(para_markdown(p));
        self.draft.notes.push(format!(
            "teksten {} passet ikke i noe felt og står uten egen overskrift {}",
            crate::import::own::quote(&text::normalize(&p.text())),
            place_in_words(place)
        ));
    }
}

/// A line of a table of contents not in Word's contents styles: its title, a line typed by
/// hand («1 Innledning<TAB>s. 3», or «1 Innledning s. 3» where the tab was lost), or a line
/// that is wholly a link to a heading in the document (as pandoc and HTML write contents).
fn contents_line(p: &Para) -> bool {
    let raw = p.text();
    let lower = raw.trim().to_lowercase();
    if ["innhold", "innhald", "innholdsfortegnelse", "innhaldsliste"].contains(&lower.as_str()) {
        return true;
    }
    let to_heading = p
        .runs
        .iter()
        .filter(|r| !r.text.trim().is_empty())
        .all(|r| r.link.as_deref().is_some_and(|l| l.starts_with('#')));
    if to_heading {
        return true;
    }
    let page_number = |page: &str| {
        let page = page.trim();
        !page.is_empty() && page.chars().all(|c| c.is_ascii_digit())
    };
    if let Some((_, page)) = raw.rsplit_once('\t') {
        return page_number(page.trim().trim_start_matches("s."));
    }
    // «1.2 Programstatusvurdering 2015 s. 3» (or «1 Innlednings. 3», the space lost too): a
    // section's number, and a page after «s.».
    raw.trim().starts_with(|c: char| c.is_ascii_digit())
        && raw
            .rsplit_once("s.")
            .is_some_and(|(_, page)| page_number(page))
}

/// The focus area a heading names as one: «3.1 Innsatsområde 1. Nyskaping i næringslivet»,
/// «Innsatsområde 2: Attraktivitet» → the name after the area's number.
/// A section's heading without the unit its table was written in («Ressursinnsats (i 1000
/// kr)»): the documents give every figure in kroner.
fn without_unit(heading: &str) -> String {
    match heading.rfind(" (") {
        Some(i) if heading.ends_with(')') => {
            let remark = heading[i..].to_lowercase();
            if ["kr", "tusen", "mill"].iter().any(|w| remark.contains(w)) {
                heading[..i].trim_end().to_string()
            } else {
                heading.to_string()
            }
        }
        _ => heading.to_string(),
    }
}

fn area_named(heading: &str) -> Option<String> {
    let t = bare(heading);
    let lower = lower_aligned(&t);
    let rest = ["innsatsområdet", "innsatsområde"]
        .iter()
        .find_map(|w| lower.strip_prefix(w))
        // «Innsatsområder – …» is the section, not an area.
        .filter(|r| !r.starts_with(char::is_alphabetic))?
        .trim_start();
    // «Innsatsområde 1: Navn», «Innsatsområde 1 Navn», «Innsatsområde: Navn», «Innsatsområde – Navn»,
    // «Innsatsområde A: Navn», «Innsatsområde II – Navn».
    let after_number = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let numbered = after_number.len() < rest.len() && after_number.starts_with([' ', '.', ':']);
    let lettered = rest
        .split_once([':', '.', ' '])
        .filter(|(id, after)| {
            let id_letters = id.len() == 1 && id.chars().all(char::is_alphabetic)
                || !id.is_empty() && id.chars().all(|c| "ivx".contains(c));
            let separated = after.trim_start().starts_with(['–', '-'])
                || rest[id.len()..].starts_with([':', '.']);
            id_letters && separated
        })
        .map(|(id, _)| &rest[id.len()..]);
    let (after_number, numbered) = match lettered {
        Some(after) if !numbered => (after, true),
        _ => (after_number, numbered),
    };
    let separated = after_number.trim_start().starts_with([':', '–', '-']);
    if !numbered && !separated {
        return None;
    }
    let start = t.len() - after_number.len();
    let name = t[start..]
        .trim_start_matches(['.', ':', '–', '-', ' '])
        .trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::Run;

    fn para(runs: &[(&str, Option<&str>)]) -> Para {
        Para {
            runs: runs
                .iter()
                .map(|(text, link)| Run {
                    text: (*text).into(),
                    link: link.map(str::to_string),
                    ..Run::default()
                })
                .collect(),
            ..Para::default()
        }
    }

    #[test]
    fn contents_lines_are_known_however_they_were_written() {
        assert!(contents_line(&para(&[("Innhold", None)])));
        assert!(contents_line(&para(&[("1 Innledning\ts. 3", None)])));
        // The tab lost (as pandoc writes it): the number, and the page after «s.».
        assert!(contents_line(&para(&[(
            "1.2 Programstatusvurdering 2015 s. 3",
            None
        )])));
        assert!(contents_line(&para(&[("1 Innlednings. 3", None)])));
        // Wholly a link to a heading of the document.
        assert!(contents_line(&para(&[
            ("2. Strategier og tiltak", Some("#strategier")),
            (" 5", Some("#strategier"))
        ])));
        // A sentence, a link to a web page, a vision.
        assert!(!contents_line(&para(&[("Se side 12 for mer.", None)])));
        assert!(!contents_line(&para(&[(
            "Programmets nettside",
            Some("https://example.no")
        )])));
        assert!(!contents_line(&para(&[(
            "«Kraft til å skape – i hele Tinn»",
            None
        )])));
    }

    #[test]
    fn an_area_is_named_by_its_heading_in_the_ways_plans_number_them() {
        for (heading, name) in [
            ("Innsatsområde 1: Treindustri", Some("Treindustri")),
            ("Innsatsområde 2 Landbruk", Some("Landbruk")),
            ("Innsatsområde: Skog og tre", Some("Skog og tre")),
            ("Innsatsområde – Reiseliv", Some("Reiseliv")),
            ("Innsatsområde A: Marin næring", Some("Marin næring")),
            ("Innsatsområde II – Industri", Some("Industri")),
            ("3.1 Innsatsområde 1. Nyskaping", Some("Nyskaping")),
            ("Innsatsområde i Nordfjord", None),
            ("Innsatsområder og strategier", None),
            (
                "3. Innsatsområder – aktivitet, budsjett og delmål 2022",
                None,
            ),
        ] {
            assert_eq!(area_named(heading).as_deref(), name, "{heading}");
        }
    }
}
