//! What the structure reader has found, before it is written: the plan's parts as the
//! document gives them, the guesses made and the notes for the summary.

use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The template's sections, in order: where a paragraph or an own chapter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Section {
    Cover,
    Guidance,
    Goals,
    Results,
    Strategies,
    Area,
    AfterAreas,
    Resources,
    Effort,
    Financing,
    Communication,
}

impl Section {
    /// The chapter place (`plassering`) of text met here that fits no field.
    pub(super) fn place(self) -> &'static str {
        match self {
            Section::Cover | Section::Guidance => "før_1",
            Section::Goals => "i_1",
            Section::Results => "etter_1.1",
            Section::Strategies => "i_2",
            Section::Area | Section::AfterAreas => "etter_2",
            Section::Resources => "i_3",
            Section::Effort => "etter_3.1",
            Section::Financing => "etter_3.2",
            Section::Communication => "etter_4",
        }
    }
}

/// Where a chapter at `place` (`plassering`) stands, in the words of the template's sections,
/// for the summary: `etter_2` is «etter det siste innsatsområdet».
pub(super) fn place_in_words(place: &str) -> &'static str {
    match place {
        "før_1" => "foran seksjon 1",
        "først_i_1" => "først i seksjon 1",
        "i_1" => "i seksjon 1, foran 1.1",
        "etter_1.1" => "etter 1.1",
        "i_2" => "i seksjon 2, foran det første innsatsområdet",
        "etter_2" => "etter det siste innsatsområdet",
        "i_3" => "i seksjon 3, foran 3.1",
        "etter_3.1" => "etter 3.1",
        "etter_3.2" => "etter 3.2",
        "etter_4" => "til slutt i planen",
        _ => "der kapittelets `plassering` sier",
    }
}

#[derive(Debug, Default)]
pub(super) struct Strategy {
    /// The letter or number as written; empty for a strategy listed without one.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) content: Option<String>,
    pub(super) measures: Option<String>,
    pub(super) goal: Option<String>,
    pub(super) budget: Option<Decimal>,
    /// «Herav søkbare midler»: the part of the budget set aside for applications.
    pub(super) applicable: Option<Decimal>,
    pub(super) granted: Option<Decimal>,
    /// Text beside a figure, or in place of one («(IN: 175’)», «Drivkraft 2024 50.000»).
    pub(super) note: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Area {
    pub(super) name: String,
    pub(super) description: Option<String>,
    pub(super) impact: Option<String>,
    pub(super) result: Option<String>,
    pub(super) strategies: Vec<Strategy>,
    pub(super) budget: Option<Decimal>,
    pub(super) applicable: Option<Decimal>,
    pub(super) effort: Option<Decimal>,
    pub(super) comment: Vec<String>,
    pub(super) no_jobs: bool,
    /// A label on a line of its own («**Effektmål:**»): the paragraph after it is its text.
    pub(super) awaiting: Option<AreaLabel>,
}

/// The labelled texts of a focus area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AreaLabel {
    Description,
    Impact,
    Result,
}

impl Area {
    /// The field a label names.
    pub(super) fn labelled(&mut self, label: AreaLabel) -> &mut Option<String> {
        match label {
            AreaLabel::Description => &mut self.description,
            AreaLabel::Impact => &mut self.impact,
            AreaLabel::Result => &mut self.result,
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Source {
    pub(super) name: String,
    pub(super) share: Option<String>,
    pub(super) amount: Option<Decimal>,
    /// The number of the note under the table the name points to («… 1)»).
    pub(super) marker: Option<String>,
    /// The cell said the amount is not known yet («xxx», «?»).
    pub(super) unknown: Option<String>,
    pub(super) explanation: Option<String>,
    /// Read from a list item in the text, not from a financing table.
    pub(super) listed: bool,
    /// Why the reader chose what it did.
    pub(super) comment: Vec<String>,
}

#[derive(Debug)]
pub(super) struct Chapter {
    /// The document's heading over the text; `None` for text under one of the template's
    /// headings that fits no field (it stands there without a heading of its own).
    pub(super) heading: Option<String>,
    pub(super) level: u8,
    pub(super) place: &'static str,
    pub(super) text: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct Activity {
    pub(super) name: String,
    pub(super) audience: Option<String>,
    pub(super) channel: Option<String>,
    pub(super) responsible: Option<String>,
    pub(super) months: String,
}

/// Everything read, before it is written as YAML.
#[derive(Debug, Default)]
pub(super) struct Draft {
    pub(super) year: Option<i32>,
    pub(super) region: Option<String>,
    pub(super) name: Option<String>,
    pub(super) vision: Option<String>,
    pub(super) board_date: Option<String>,
    pub(super) council_date: Option<String>,
    pub(super) period: Option<(i32, i32)>,
    pub(super) total_jobs: Option<u32>,
    /// The plan year's job target as a sentence states it («For 2016 er målet 30 …»).
    pub(super) year_jobs: Option<u32>,
    pub(super) plan_word: Option<String>,
    /// The document is in nynorsk: how many words only nynorsk has, and bokmål's.
    pub(super) nynorsk: Option<(usize, usize)>,
    pub(super) goals_intro: Vec<String>,
    pub(super) job_kind_industries: bool,
    /// The job table's rows are the programme's own targets per year, not split on areas.
    pub(super) jobs_undivided: bool,
    pub(super) job_rows: Vec<(String, BTreeMap<i32, u32>)>,
    pub(super) job_note: Vec<String>,
    pub(super) results: Vec<String>,
    /// The paragraphs under section 2's heading (the plan's version of the template's).
    pub(super) strategies_intro: Vec<String>,
    pub(super) special: Vec<String>,
    /// The plan's own words for the template's texts (`tekster:`), by key.
    pub(super) texts: BTreeMap<&'static str, String>,
    /// The plan's own headings on the template's sections (`overskrifter:`), by key.
    pub(super) headings: BTreeMap<&'static str, String>,
    /// The document numbers its own chapters and the template's sections in one sequence.
    pub(super) continuous: bool,
    /// Strategies described in a table of the plan's own («A. Rekruttering. Sikre …»): id,
    /// name and content, for the strategies found later that have no content.
    pub(super) described: Vec<(String, String, String)>,
    pub(super) areas: Vec<Area>,
    pub(super) administration: Option<Decimal>,
    /// Cost lines of the budget that are neither an area nor the administration
    /// («Kommunikasjon og forankring»), by name.
    pub(super) other_costs: Vec<(String, Decimal)>,
    /// «Prosjektledelse/prosjektarbeid» in a budget table: the programme's own effort.
    pub(super) programme_effort: Option<(String, Decimal)>,
    pub(super) financing: Vec<Source>,
    /// The sources came from a financing table (a list in the text is then not read as one).
    pub(super) financing_from_table: bool,
    pub(super) financing_note: Vec<String>,
    pub(super) financing_total_note: Option<String>,
    pub(super) communication: Vec<String>,
    pub(super) activities: Vec<Activity>,
    pub(super) chapters: Vec<Chapter>,
    /// `# importert:` comments by the YAML path they go above.
    pub(super) guesses: BTreeMap<String, Vec<String>>,
    /// What the summary lists: what became what, what needs a look.
    pub(super) notes: Vec<String>,
    /// What went where, for the summary.
    pub(super) found: Vec<String>,
    /// The values written empty because the document does not give them, for the summary:
    /// each field's YAML path, and what to say of it.
    pub(super) empty: Vec<(String, String)>,
}

impl Draft {
    pub(super) fn guess(&mut self, path: &str, text: String) {
        self.guesses.entry(path.to_string()).or_default().push(text);
    }
}

/// An area's budget as the plan gives it: its own, or its strategies' together.
pub(super) fn area_budget(a: &Area) -> Option<Decimal> {
    a.budget.or_else(|| {
        a.strategies
            .iter()
            .any(|s| s.budget.is_some())
            .then(|| sum(a.strategies.iter().filter_map(|s| s.budget)))
    })
}

/// An area's strategies' søkbare midler added up, when some strategy gives them.
pub(super) fn strategies_applicable(a: &Area) -> Option<Decimal> {
    a.strategies
        .iter()
        .any(|s| s.applicable.is_some())
        .then(|| sum(a.strategies.iter().filter_map(|s| s.applicable)))
}

/// An area's søkbare midler beside its strategies' budgets, to add to them for its sum: none
/// when the budgets hold them («herav søkbare midler» per strategy).
pub(super) fn funds_beside(a: &Area) -> Decimal {
    match strategies_applicable(a) {
        Some(_) => Decimal::ZERO,
        None => a.applicable.unwrap_or_default(),
    }
}

/// Amounts added up for a comparison with a stated sum, without overflow: a total beyond what
/// an amount can hold stays at the largest (and so differs from any stated sum).
pub(super) fn sum(amounts: impl IntoIterator<Item = Decimal>) -> Decimal {
    amounts
        .into_iter()
        .fold(Decimal::ZERO, |s, a| s.saturating_add(a))
}
