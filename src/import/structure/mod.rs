//! A plan written by hand in Word, read by its structure for `import`, as a pipeline: the
//! package's document tree (`docx`: paragraphs with style, level and numbering; tables by grid
//! column) is walked block by block; each section of the plan has a reader that claims what it
//! recognises (`cover`, `headings`, `goals`, `areas`, `transposed`, `budget`, `financing`,
//! `communication`), all filling one [`draft::Draft`]; then the plan is written (`write`).
//! Amounts are read exactly; a figure the document does not state is left out; a sum row that
//! disagrees with the figures above it is reported. Every guess is a `# importert: …` comment
//! in the plan written.

mod areas;
mod budget;
mod communication;
mod cover;
mod draft;
mod facts;
mod financing;
mod goals;
mod headings;
mod sections;
mod tables;
mod transposed;
mod typed_headings;
mod words;
mod write;

use super::docx::{Block, Package, Table};
use draft::{Chapter, Draft, Section};
use tables::{Kind, kind, table_markdown, transpose};

/// The plan read from a document: its YAML text and what the user should look at.
#[derive(Debug)]
pub struct Read {
    pub text: String,
    pub notes: Vec<super::Note>,
}

/// The walk over the document's blocks: the draft filled so far and where the walk stands.
struct Reader<'a> {
    draft: Draft,
    section: Section,
    blocks: &'a [Block],
    /// The chapter open for text that fits no field.
    chapter: Option<Chapter>,
    /// Text on the cover that fits no field: it goes into the chapter that follows.
    pending: Vec<String>,
    /// Under a «Særskilte satsinger» heading in section 2.
    special: bool,
    /// What the text under a focus area's sub-heading belongs to.
    under: Under,
    /// What a lead-in line ending in «:» said of the lines after it, until a heading or a line
    /// that is not a listed source.
    lead: financing::Lead,
}

/// What the paragraphs in a focus area belong to, in a plan written as prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Under {
    /// The area itself (its labelled texts, its comment).
    Area,
    /// The strategy whose heading is above them: its content.
    Strategy,
    /// The area's budget heading: its figures and the comment.
    AreaBudget,
    /// A label «Strategier:» alone: the list after it is the area's strategies.
    StrategyList,
}

/// Reads a plan from the document's structure.
pub fn read(package: &Package) -> Result<Read, String> {
    let typed = typed_headings::with_typed_headings(&package.blocks);
    let blocks = typed.as_deref().unwrap_or(&package.blocks);
    let opened = cover::cover_table_opened(blocks);
    let blocks = opened.as_deref().unwrap_or(blocks);
    let headings = blocks
        .iter()
        .filter(|b| matches!(b, Block::Para(p) if p.heading.is_some()))
        .count();
    if headings == 0 && !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(
            "dokumentet har verken overskrifter eller tabeller, og ser ikke ut som en handlingsplan"
                .into(),
        );
    }
    let mut reader = Reader {
        draft: Draft::default(),
        section: Section::Cover,
        blocks,
        chapter: None,
        pending: Vec::new(),
        special: false,
        under: Under::Area,
        lead: financing::Lead::default(),
    };
    for i in 0..blocks.len() {
        reader.block(i);
    }
    reader.close_chapter();
    reader.flush_pending();
    reader.dates_in_page_lines(&package.page_lines);
    reader.board_date_in_text();
    let mut draft = reader.draft;
    draft.nynorsk = nynorsk(reader.blocks);
    goals::check_jobs(&mut draft);
    areas::frames_of_strategies(&mut draft);
    areas::funds_written_as_strategies(&mut draft);
    goals::area_list(&mut draft);
    facts::complete(&mut draft, blocks);
    facts::capitals_as_written(&mut draft, blocks);
    transposed::describe_strategies(&mut draft);
    let text = write::write(&mut draft);
    let mut notes: Vec<super::Note> = draft
        .found
        .iter()
        .chain(&draft.notes)
        .chain(&package.left_out)
        .cloned()
        .map(super::Note::from)
        .collect();
    notes.extend(write::review(&draft));
    Ok(Read { text, notes })
}

/// Whether the document is written in nynorsk, as a reader tells it: clearly more of the
/// words only nynorsk has than of bokmål's; with the counts, for the comment.
fn nynorsk(blocks: &[Block]) -> Option<(usize, usize)> {
    let text: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p.text()),
            Block::Table(_) => None,
        })
        .collect();
    let (nn, nb) = words::written_forms(&text.join(" "));
    (nn >= 3 && nn > nb.saturating_mul(2)).then_some((nn, nb))
}

impl Reader<'_> {
    fn block(&mut self, i: usize) {
        match &self.blocks[i] {
            Block::Para(p) => match p.heading {
                Some(level) => self.heading(p, level, i),
                None => self.paragraph(p),
            },
            Block::Table(t) => self.table(t, i),
        }
    }

    /// Whether a table has the plan's areas as its columns (at least two of them, each once)
    /// and budget lines as its rows: a budget table turned on its side.
    fn areas_as_columns(&self, t: &Table) -> bool {
        let head = tables::header(t);
        // «A Kraft og industri» names the area «Kraft og industri», as the budget rows do.
        let areas = head
            .iter()
            .skip(1)
            .filter(|h| self.area_index(h).is_some())
            .count();
        let budget_rows = t.rows.iter().skip(1).any(|r| {
            let label = tables::row_label(r);
            label.starts_with("prosjekt") || label.starts_with("søkbar")
        });
        areas >= 2 && budget_rows && !matches!(kind(t), Kind::Budget | Kind::Effort)
    }

    /// A table, read by the section reader of its kind wherever it stands.
    fn table(&mut self, t: &Table, i: usize) {
        let spanned = tables::spanning_header_dropped(t);
        let t = spanned.as_ref().unwrap_or(t);
        if self.section >= Section::Resources && tables::sources_as_columns(t) {
            // «| KDD | Innlandet fylkeskommune | …» over «Beløp | …» and «Andel | …»: the
            // financing table turned.
            let turned = transpose(t);
            self.financing(&turned, self.table_unit(t, i));
            return;
        }
        if self.section >= Section::Resources && self.areas_as_columns(t) {
            // «Budsjett 2025 | Havbruk | Reiseliv | Sum» over «Prosjektmidler», «Søkbare
            // midler»: the budget table turned, read as the budget table.
            self.budget(&transpose(t), self.table_unit(t, i));
            return;
        }
        // The template's tables are read wherever they stand, also under a heading of the
        // plan's own (which holds the text around them as a chapter).
        let data = match kind(t) {
            Kind::Jobs | Kind::JobsByYear => self.section <= Section::Results,
            Kind::Strategies => !self.draft.areas.is_empty(),
            Kind::Other | Kind::Activities => false,
            _ => true,
        };
        if !data {
            self.described_strategies(t);
        }
        if self.chapter.is_some() && !data {
            if let Some(c) = self.chapter.as_mut() {
                c.text.push(table_markdown(t));
            }
            return;
        }
        if matches!(kind(t), Kind::Jobs)
            && self.section == Section::Goals
            && let Some(c) = self.chapter.as_mut()
        {
            // A sub-heading over the goals' text and the job table («2.1 Hovedmål»): its text
            // stands first in section 1, the table is the template's, and the text after the
            // table is the table's note.
            if self.draft.goals_intro.is_empty()
                && self.draft.chapters.iter().all(|c| c.place != "i_1")
            {
                c.place = "først_i_1";
            }
            self.jobs(t);
            self.close_chapter();
            return;
        }
        match kind(t) {
            Kind::Jobs if self.section <= Section::Results => self.jobs(t),
            Kind::JobsByYear if self.section <= Section::Results => self.jobs(&transpose(t)),
            Kind::Strategies if !self.draft.areas.is_empty() => self.strategies(t),
            Kind::Transposed(row) => self.transposed(t, row),
            Kind::Effort => self.effort(t, self.table_unit(t, i)),
            Kind::Budget => self.budget(t, self.table_unit(t, i)),
            Kind::Financing => self.financing(t, self.table_unit(t, i)),
            Kind::Activities => self.activities(t),
            _ => {
                let place = self.section.place();
                self.open_text(place).push(table_markdown(t));
                self.draft.notes.push(format!(
                    "en tabell som ikke er en av malens, står som tabell i et kapittel ({place})"
                ));
            }
        }
    }
}
