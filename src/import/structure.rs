//! A plan written by hand in Word from Innovasjon Norges template, read by its structure for
//! `import`: the cover lines, the template's headings (by style in any language, and by their
//! text, bokmål or nynorsk, also the plan's own words for them), the labelled texts, the job
//! table, the strategy tables with their sum rows (also turned on their side, strategies as
//! columns), tables 3.1 and 3.2 (also a budget table in place of 3.1, and figures in millions)
//! and the communication plan become plan data; text that fits no field becomes a chapter at
//! its place. Amounts are read exactly; a figure the document does not state is
//! left out; a sum row that disagrees with the figures above it is reported. Every guess is a
//! `# importert: …` comment in the plan written.

use super::amount::{self, Stated};
use super::docx::{Block, Cell, Package, Para, Table};
use super::text;
use crate::format::MONTHS;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The plan read from a document: its YAML text and what the user should look at.
#[derive(Debug)]
pub struct Read {
    pub text: String,
    pub notes: Vec<String>,
}

/// The template's sections, in order: where a paragraph or an own chapter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
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
    fn place(self) -> &'static str {
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

#[derive(Debug, Default)]
struct Strategy {
    id: String,
    name: String,
    content: Option<String>,
    measures: Option<String>,
    goal: Option<String>,
    budget: Option<Decimal>,
    granted: Option<Decimal>,
    /// Text beside a figure, or in place of one («(IN: 175’)», «Drivkraft 2024 50.000»).
    note: Option<String>,
}

#[derive(Debug, Default)]
struct Area {
    name: String,
    description: Option<String>,
    impact: Option<String>,
    result: Option<String>,
    strategies: Vec<Strategy>,
    budget: Option<Decimal>,
    applicable: Option<Decimal>,
    effort: Option<Decimal>,
    comment: Vec<String>,
    no_jobs: bool,
}

#[derive(Debug, Default)]
struct Source {
    name: String,
    share: Option<String>,
    amount: Option<Decimal>,
    /// The cell said the amount is not known yet («xxx», «?»).
    unknown: Option<String>,
    explanation: Option<String>,
    /// Why the reader chose what it did.
    comment: Vec<String>,
}

#[derive(Debug)]
struct Chapter {
    heading: String,
    level: u8,
    place: &'static str,
    text: Vec<String>,
}

#[derive(Debug, Default)]
struct Activity {
    name: String,
    audience: Option<String>,
    channel: Option<String>,
    responsible: Option<String>,
    months: String,
}

/// Everything read, before it is written as YAML.
#[derive(Debug, Default)]
struct Draft {
    year: Option<i32>,
    region: Option<String>,
    name: Option<String>,
    vision: Option<String>,
    board_date: Option<String>,
    council_date: Option<String>,
    period: Option<(i32, i32)>,
    total_jobs: Option<u32>,
    plan_word: Option<String>,
    goals_intro: Vec<String>,
    job_kind_industries: bool,
    job_rows: Vec<(String, BTreeMap<i32, u32>)>,
    job_note: Vec<String>,
    results: Vec<String>,
    /// The paragraphs under section 2's heading (the plan's version of the template's).
    strategies_intro: Vec<String>,
    special: Vec<String>,
    /// The plan's own words for the template's texts (`tekster:`), by key.
    texts: BTreeMap<&'static str, String>,
    /// The plan's own headings on the template's sections (`overskrifter:`), by key.
    headings: BTreeMap<&'static str, String>,
    /// The document numbers its own chapters and the template's sections in one sequence.
    continuous: bool,
    /// Strategies described in a table of the plan's own («A. Rekruttering. Sikre …»): id,
    /// name and content, for the strategies found later that have no content.
    described: Vec<(String, String, String)>,
    areas: Vec<Area>,
    administration: Option<Decimal>,
    /// «Prosjektledelse/prosjektarbeid» in a budget table: the programme's own effort.
    programme_effort: Option<(String, Decimal)>,
    financing: Vec<Source>,
    financing_note: Vec<String>,
    financing_total_note: Option<String>,
    communication: Vec<String>,
    activities: Vec<Activity>,
    chapters: Vec<Chapter>,
    /// `# importert:` comments by the YAML path they go above.
    guesses: BTreeMap<String, Vec<String>>,
    /// What the summary lists: what became what, what needs a look.
    notes: Vec<String>,
    /// What went where, for the summary.
    found: Vec<String>,
}

impl Draft {
    fn guess(&mut self, path: &str, text: String) {
        self.guesses.entry(path.to_string()).or_default().push(text);
    }
}

/// A heading's text without its number («2.1 », «3. », «1)»), in lower case.
fn bare(heading: &str) -> String {
    let t = text::normalize(heading);
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
    let rest = if rest.len() < t.len() {
        rest.trim_start()
    } else {
        &t
    };
    rest.to_string()
}

/// A heading's text without its number, as written.
fn heading_name(heading: &str) -> String {
    bare(heading)
}

/// The template section a heading opens, when it is one of the template's.
fn template_section(heading: &str, level: u8, current: Section) -> Option<Section> {
    let h = bare(heading).to_lowercase();
    let starts = |w: &str| h.starts_with(w);
    if starts("veiledning til bruk av malen") || starts("rettleiing") {
        Some(Section::Guidance)
    } else if starts("mål og innsatsområde") || starts("mål og innsatsområda") || h == "mål" {
        Some(Section::Goals)
    } else if starts("resultater fra tidligere") || starts("resultat frå tidlegare") {
        Some(Section::Results)
    } else if starts("strategier og tiltak") || starts("strategiar og tiltak") {
        Some(Section::Strategies)
    } else if starts("ressursinnsats og finansiering") || starts("budsjett og finansiering") {
        Some(Section::Resources)
    } else if starts("ressursinnsats fordelt")
        || (current == Section::Resources || current == Section::Financing)
            && starts("budsjett")
            && years(&h).len() == 1
    {
        Some(Section::Effort)
    } else if h == "finansiering"
        || current >= Section::Resources
            && current < Section::Communication
            && h.contains("finansiering")
    {
        Some(Section::Financing)
    } else if starts("kommunikasjonsplan")
        || level == 1 && (starts("handlingsplan kommunikasjon") || starts("kommunikasjon"))
    {
        Some(Section::Communication)
    } else if level == 1 && current >= Section::Area && current < Section::Resources {
        Some(Section::AfterAreas)
    } else {
        None
    }
}

/// The key of a template section in `overskrifter:`, when the document's heading for it is not
/// the template's own wording (`lower`: the heading without its number, lower case).
fn own_heading(section: Section, lower: &str) -> Option<&'static str> {
    let (key, template): (&'static str, &[&str]) = match section {
        Section::Goals => ("mål", &["mål og innsatsområde"]),
        Section::Results => (
            "resultater",
            &["resultater fra tidligere", "resultat frå tidlegare"],
        ),
        Section::Strategies => (
            "strategier",
            &["strategier og tiltak", "strategiar og tiltak"],
        ),
        Section::Resources => ("ressurser", &["ressursinnsats og finansiering"]),
        Section::Effort => ("ressursinnsats", &["ressursinnsats fordelt"]),
        Section::Financing => ("finansiering", &["finansiering"]),
        Section::Communication => ("kommunikasjon", &["kommunikasjonsplan"]),
        _ => return None,
    };
    let standard = template
        .iter()
        .any(|w| lower.starts_with(w) && (key != "finansiering" || lower == *w));
    (!standard).then_some(key)
}

/// The template's own introduction to section 2, paragraph by paragraph, in both written
/// forms: a document that has exactly these needs no text of its own.
const STRATEGIES_INTRO: [[&str; 2]; 2] = [
    [
        "For hvert innsatsområde er det utviklet strategier. Disse er beskrevet i omstillingsplan og konkretisert med mulige prosjekter og tiltak, prosjektmål og ressursinnsats i årlig handlingsplan.",
        "Prioriteringene av prosjekter og tiltak i årlig handlingsplan skal ivareta målet om å styrke utviklingsevnen i næringslivet og kommunen, i tillegg til de øvrige målene som er definert i omstillingsplan.",
    ],
    [
        "For kvart innsatsområde er det utvikla strategiar. Desse er skildra i omstillingsplanen og konkretiserte med moglege prosjekt og tiltak, prosjektmål og ressursinnsats i årleg handlingsplan.",
        "Prioriteringa av prosjekt og tiltak i årleg handlingsplan skal ta vare på målet om å styrkje utviklingsevna i næringslivet og kommunen, i tillegg til dei andre måla som er definerte i omstillingsplanen.",
    ],
];

/// A paragraph as Markdown: list items with their marker and indentation, the runs' bold,
/// italic and links.
fn para_markdown(p: &Para) -> String {
    let inline = text::markdown(&p.runs).trim().to_string();
    match p.list {
        Some((level, ordered)) => format!(
            "{}{} {inline}",
            "  ".repeat(level as usize),
            if ordered { "1." } else { "-" }
        ),
        None => inline,
    }
}

/// Paragraphs as one Markdown text: list items on their own lines, paragraphs apart.
fn join_markdown(paras: &[String]) -> String {
    let mut out = String::new();
    let mut last_item = false;
    for p in paras {
        let item = p.trim_start().starts_with("- ") || p.trim_start().starts_with("1. ");
        if !out.is_empty() {
            out.push_str(if item && last_item { "\n" } else { "\n\n" });
        }
        out.push_str(p);
        last_item = item;
    }
    out
}

/// Whether a text is one of the template's own [placeholders] or guidance lines.
fn placeholder(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('[') && t.ends_with(']') || t.starts_with("[*") || t.starts_with("[**")
}

/// The template's fixed sentences, which a plan does not need to carry.
const TEMPLATE_SENTENCES: [&str; 9] = [
    "For hvert innsatsområde er det utviklet strategier.",
    "For kvart innsatsområde er det utvikla strategiar.",
    "Prioriteringene av prosjekter og tiltak i årlig",
    "Prioriteringa av prosjekt og tiltak i årleg",
    "Årlig periodiserte arbeidsplassmål fordelt på",
    "Årleg periodiserte arbeidsplassmål fordelte på",
    "innsatsområdet vil ikke ha arbeidsplasser som målsetting, men skal understøtte",
    "Alle strategiene fra omstillingsplan",
    "«Sum innsatsområde» er spesifisert",
];

fn template_sentence(t: &str) -> bool {
    let t = t.trim_start_matches(['*', '¹', '²', ' ', '[']);
    TEMPLATE_SENTENCES
        .iter()
        .any(|s| t.to_lowercase().starts_with(&s.to_lowercase()))
}

/// The years in a text, in order.
fn years(t: &str) -> Vec<i32> {
    let chars: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let n: String = chars[start..i].iter().collect();
            if n.len() == 4
                && let Ok(y) = n.parse::<i32>()
                && (2000..2100).contains(&y)
            {
                out.push(y);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The whole numbers in a text, in order.
fn numbers(t: &str) -> Vec<u32> {
    t.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty() && n.len() < 9)
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// A date in a cover line («12. desember 2023», «12.12.2023», «2023-12-12») as YYYY-MM-DD.
fn date_in(t: &str) -> Option<String> {
    let lower = t.to_lowercase();
    for word in lower.split_whitespace() {
        let w = word.trim_end_matches(['.', ',']);
        if let Ok(d) = crate::plan::scalar::parse_date(w)
            && w.len() >= 8
        {
            return Some(d.0.to_string());
        }
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    for i in 1..words.len().saturating_sub(1) {
        let Some(m) = MONTHS
            .iter()
            .position(|m| words[i].trim_end_matches(',') == *m)
        else {
            continue;
        };
        let day: Option<u32> = words[i - 1].trim_end_matches('.').parse().ok();
        let year: Option<i32> = words[i + 1].trim_end_matches(['.', ',']).parse().ok();
        if let (Some(day), Some(year)) = (day, year) {
            return Some(format!("{year:04}-{:02}-{day:02}", m + 1));
        }
    }
    None
}

/// A strategy label: «A: Navn – innhold», «A. Navn», «3.1 Navn» → (id as written, name,
/// content after a dash).
fn strategy_label(label: &str) -> Option<(String, String, Option<String>)> {
    let t = text::normalize(label);
    let end = t.find([' ', ':']).unwrap_or(t.len());
    let id_part = &t[..end];
    let id = id_part.trim_end_matches(':');
    crate::plan::strategy_id_style(id)?;
    let rest = t[end..].trim_start_matches(':').trim();
    if rest.is_empty() {
        return None;
    }
    // «A: Navn – innhold»: a dash before a content of a few words or more; «Etablererkultur -
    // ungdom» is one name.
    let (name, content) = match rest.split_once(" – ").or_else(|| rest.split_once(" - ")) {
        Some((n, c)) if c.split_whitespace().count() >= 4 => {
            (n.trim().to_string(), Some(c.trim().to_string()))
        }
        _ => (rest.to_string(), None),
    };
    Some((id.to_string(), name, content))
}

fn cell_markdown(cell: &Cell) -> Option<String> {
    let paras: Vec<String> = cell
        .paras
        .iter()
        .map(para_markdown)
        .filter(|p| !p.trim().is_empty() && !placeholder(p))
        .collect();
    (!paras.is_empty()).then(|| join_markdown(&paras))
}

/// The columns of a table's first row, in lower case, one per grid column.
fn header(t: &Table) -> Vec<String> {
    t.rows
        .first()
        .map(|r| {
            r.iter()
                .flat_map(|c| {
                    std::iter::repeat_n(text::normalize(&c.text()).to_lowercase(), c.span)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A row's cells by grid column.
fn by_column(row: &[Cell]) -> Vec<&Cell> {
    row.iter()
        .flat_map(|c| std::iter::repeat_n(c, c.span))
        .collect()
}

fn column(head: &[String], words: &[&str]) -> Option<usize> {
    head.iter()
        .position(|h| words.iter().any(|w| h.contains(w)))
}

/// What a table is, by its header.
enum Kind {
    Jobs,
    Strategies,
    /// Strategies as columns (focus areas as groups of columns), figures as rows; the row
    /// of strategy labels is at the index.
    Transposed(usize),
    Effort,
    /// A budget by focus area with the administration in a row («Budsjett 2022»: area,
    /// amount), in place of table 3.1.
    Budget,
    Financing,
    Activities,
    Other,
}

/// The row of a transposed strategy table that names the strategies: at least two of its
/// cells after the first are strategy labels, and the table has a budget row.
fn transposed(t: &Table) -> Option<usize> {
    let has_budget = t.rows.iter().any(|r| {
        r.first().is_some_and(|c| {
            let l = text::normalize(&c.text()).to_lowercase();
            l.starts_with("buds") || l.starts_with("ramme")
        })
    });
    if !has_budget {
        return None;
    }
    // The last such row of the first three: a row above it that looks the same names the
    // focus areas («1. Kompetanse og rekruttering» over «A. Rekruttering»).
    t.rows.iter().take(3).rposition(|row| {
        let first = row
            .first()
            .map(|c| text::normalize(&c.text()).to_lowercase())
            .unwrap_or_default();
        let labels = row
            .iter()
            .skip(1)
            .filter(|c| strategy_label(&c.text()).is_some())
            .count();
        (first.is_empty() || first.starts_with("strategi")) && labels >= 2
    })
}

/// The label in a row's first cell, lower case.
fn row_label(row: &[Cell]) -> String {
    row.first()
        .map(|c| text::normalize(&c.text()).to_lowercase())
        .unwrap_or_default()
}

fn is_admin(label: &str) -> bool {
    label.starts_with("administrasjon") || label.starts_with("administrative")
}

fn kind(t: &Table) -> Kind {
    let h = header(t);
    let first = h.first().map(String::as_str).unwrap_or("");
    let years = h
        .iter()
        .filter(|c| years(c).len() == 1 && c.len() <= 6)
        .count();
    if let Some(row) = transposed(t) {
        Kind::Transposed(row)
    } else if first.starts_with("strategi") && column(&h, &["budsjett"]).is_some() {
        Kind::Strategies
    } else if first.starts_with("finansieringskild") || first.starts_with("finansieringskjeld") {
        Kind::Financing
    } else if first.starts_with("innsatsområde") && column(&h, &["prosjektkostnader"]).is_some() {
        Kind::Effort
    } else if years >= 2 {
        Kind::Jobs
    } else if h.len() <= 4 && t.rows.iter().any(|r| is_admin(&row_label(r))) {
        Kind::Budget
    } else if first.starts_with("aktivitet") {
        Kind::Activities
    } else {
        Kind::Other
    }
}

/// A table as Markdown, for a chapter.
fn table_markdown(t: &Table) -> String {
    let cell = |c: &Cell| text::normalize(&c.text()).replace('|', "\\|");
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        // A merged cell's text once, in its first column.
        let cells: Vec<String> = row
            .iter()
            .flat_map(|c| {
                std::iter::once(cell(c)).chain(std::iter::repeat_n(String::new(), c.span - 1))
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let _ = writeln!(out, "|{}", "---|".repeat(cells.len()));
        }
    }
    out.trim_end().to_string()
}

/// A money cell: the amount, and the text beside it or in its place. «500.000* (IN: 175’)» is
/// 500 000 with the note «(IN: 175’)»; «Ungt entreprenørskap (U-skolen) 50.000» is 50 000 with
/// the note before it; «Drivkraft 2024 50.000 (bidrag fra Gr.l)» is a note only: the amount
/// is in the middle of a sentence, so it is not taken as the cell's figure.
fn money_cell(cell: &str) -> (Option<Stated>, Option<String>) {
    let t = text::normalize(cell);
    if t.is_empty() {
        return (None, None);
    }
    if let Some(s) = amount::read(&t) {
        return (Some(s), None);
    }
    let words: Vec<&str> = t.split(' ').collect();
    for n in (1..words.len()).rev() {
        if let Some(Stated::Amount(a)) = amount::read(&words[..n].join(" ")) {
            return (Some(Stated::Amount(a)), Some(words[n..].join(" ")));
        }
    }
    for n in 1..words.len() {
        if let Some(Stated::Amount(a)) = amount::read(&words[n..].join(" ")) {
            return (Some(Stated::Amount(a)), Some(words[..n].join(" ")));
        }
    }
    (None, Some(t))
}

fn money(d: Decimal) -> String {
    crate::format::plain(&crate::format::amount(d))
}

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
}

/// Reads a plan from the document's structure.
pub fn read(package: &Package) -> Result<Read, String> {
    let headings = package
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Para(p) if p.heading.is_some()))
        .count();
    if headings == 0 && !package.blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(
            "dokumentet har verken overskrifter eller tabeller, og ser ikke ut som en handlingsplan"
                .into(),
        );
    }
    let mut reader = Reader {
        draft: Draft::default(),
        section: Section::Cover,
        blocks: &package.blocks,
        chapter: None,
        pending: Vec::new(),
        special: false,
    };
    for i in 0..package.blocks.len() {
        reader.block(i);
    }
    reader.close_chapter();
    reader.flush_pending();
    let mut draft = reader.draft;
    check_jobs(&mut draft);
    describe_strategies(&mut draft);
    let text = write(&mut draft);
    let mut notes = draft.found.clone();
    notes.extend(draft.notes.clone());
    Ok(Read { text, notes })
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

    fn close_chapter(&mut self) {
        if let Some(c) = self.chapter.take() {
            self.draft.found.push(format!(
                "«{}» ble et eget kapittel (kapitler, plassering {})",
                c.heading, c.place
            ));
            self.draft.chapters.push(c);
        }
    }

    /// Whether the heading at `i` opens a focus area: a «Beskrivelse:» label or a strategy
    /// table follows before the next heading.
    fn opens_area(&self, i: usize) -> bool {
        for b in &self.blocks[i + 1..] {
            match b {
                Block::Para(p) if p.heading.is_some() => return false,
                Block::Para(p) => {
                    let t = text::normalize(&p.text()).to_lowercase();
                    if t.starts_with("beskrivelse") || t.starts_with("skildring") {
                        return true;
                    }
                }
                Block::Table(t) => return matches!(kind(t), Kind::Strategies),
            }
        }
        false
    }

    fn heading(&mut self, p: &Para, level: u8, i: usize) {
        let t = text::normalize(&p.text());
        let lower = bare(&t).to_lowercase();
        if lower == "innhold" || lower == "innhald" || lower.starts_with("innholdsfortegnelse") {
            return;
        }
        if let Some(section) = template_section(&t, level, self.section) {
            self.close_chapter();
            self.flush_pending();
            self.section = section;
            self.special = false;
            let name = bare(&t);
            if section == Section::Goals
                && let Some((_, word)) = name
                    .split_once(" fra ")
                    .or_else(|| name.split_once(" frå "))
            {
                self.draft.plan_word = Some(word.trim().to_string());
            }
            if let Some(key) = own_heading(section, &lower) {
                self.draft.headings.insert(key, bare(&t));
            }
            if section == Section::Guidance {
                self.draft
                    .notes
                    .push("malens «Veiledning til bruk av malen» er ikke tatt med".into());
            }
            return;
        }
        if self.section >= Section::Strategies
            && self.section <= Section::AfterAreas
            && self.opens_area(i)
        {
            self.close_chapter();
            self.section = Section::Area;
            self.draft.areas.push(Area {
                name: heading_name(&t),
                ..Area::default()
            });
            return;
        }
        if self.section == Section::Guidance {
            return;
        }
        if self.section == Section::Cover && self.draft.year.is_none() {
            // A cover title styled as a heading.
            if self.cover_line(&t) {
                return;
            }
        }
        if self.section == Section::Strategies
            && (lower.starts_with("særskilte satsing") || lower.starts_with("særskilde satsing"))
        {
            self.close_chapter();
            self.special = true;
            self.draft.special.push(format!("# {}", bare(&t)));
            return;
        }
        self.close_chapter();
        // The document's own number («1. Innledning»): the plan numbers its headings itself,
        // in one sequence with the template's sections when the document does so before them.
        let name = heading_name(&t);
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
            heading: name,
            level: level.clamp(1, 2),
            place,
            text,
        });
    }

    /// Cover text that fits no field and no chapter followed: a chapter of its own.
    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.draft.chapters.push(Chapter {
            heading: "Innledning".into(),
            level: 1,
            place: "før_1",
            text: std::mem::take(&mut self.pending),
        });
        self.draft.found.push(
            "tekst på forsiden ble kapittelet «Innledning» (kapitler, plassering før_1)".into(),
        );
    }

    /// Reads a cover line; false when it is none of the template's.
    fn cover_line(&mut self, t: &str) -> bool {
        let lower = t.to_lowercase();
        if lower.starts_with("handlingsplan") && years(t).len() == 1 {
            self.draft.year = years(t).first().copied();
            return true;
        }
        if let Some(region) = t.strip_prefix("Omstilling i ") {
            self.draft.region = Some(region.trim().to_string());
            return true;
        }
        if lower.starts_with("behandlet av styret")
            || lower.starts_with("handsama av styret")
            || lower.starts_with("behandla av styret")
        {
            self.draft.board_date = date_in(t);
            let rest = t.split_once(" styret i ").map(|(_, r)| r).unwrap_or("");
            let name = match &self.draft.board_date {
                Some(_) => rest
                    .rsplit_once(|c: char| c.is_ascii_digit())
                    .map(|_| strip_date(rest))
                    .unwrap_or_else(|| rest.to_string()),
                None => rest.to_string(),
            };
            if !name.trim().is_empty() && !placeholder(name.trim()) {
                self.draft.name = Some(name.trim().to_string());
            }
            return true;
        }
        if lower.starts_with("godkjent av") || lower.starts_with("godkjend av") {
            self.draft.council_date = date_in(t);
            return true;
        }
        false
    }

    fn paragraph(&mut self, p: &Para) {
        let t = text::normalize(&p.text());
        if t.is_empty() {
            return;
        }
        if let Some(c) = self.chapter.as_mut() {
            c.text.push(para_markdown(p));
            return;
        }
        if placeholder(&t) {
            self.draft.notes.push(format!(
                "malens plassholder {} står i dokumentet og er ikke tatt med",
                super::own::quote(&t)
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
            Section::Cover => {
                if !self.cover_line(&t) {
                    let caption = p.style_name.to_lowercase() == "caption"
                        || p.runs.iter().all(|r| r.italic || r.text.trim().is_empty());
                    if self.draft.vision.is_none() && p.list.is_none() && !caption {
                        self.draft.vision = Some(t.clone());
                        self.draft.guess(
                            "program.visjon",
                            "linjen på forsiden som ikke er tittel, område eller dato".into(),
                        );
                    } else {
                        self.chapter_text(p);
                    }
                }
            }
            Section::Guidance => {}
            Section::Goals => self.goals_paragraph(p, &t),
            Section::Results => self.draft.results.push(para_markdown(p)),
            Section::Area => self.area_paragraph(p, &t),
            Section::Communication => self.draft.communication.push(para_markdown(p)),
            Section::Financing if t.starts_with('*') => self.draft.financing_note.push(t),
            _ => self.chapter_text(p),
        }
    }

    /// Text that fits no field: into a chapter at this place.
    fn chapter_text(&mut self, p: &Para) {
        let place = self.section.place();
        if self.section == Section::Cover && self.chapter.is_none() {
            self.pending.push(para_markdown(p));
            return;
        }
        let chapter = self.chapter.get_or_insert_with(|| Chapter {
            heading: match place {
                "før_1" => "Innledning".into(),
                _ => "Mer om planen".into(),
            },
            level: 2,
            place,
            text: Vec::new(),
        });
        chapter.text.push(para_markdown(p));
        self.draft.notes.push(format!(
            "teksten {} passet ikke i noe felt og står i et kapittel ({place}); se om overskriften passer",
            super::own::quote(&text::normalize(&p.text()))
        ));
    }

    fn goals_paragraph(&mut self, p: &Para, t: &str) {
        let lower = t.to_lowercase();
        if lower.contains("skal bidra til å sikre og skape") && lower.contains("arbeidsplasser") {
            let ys = years(t);
            if ys.len() >= 2 {
                self.draft.period = Some((ys[0], ys[1]));
            }
            if let Some(n) = lower
                .split("skape")
                .nth(1)
                .and_then(|r| numbers(r).first().copied())
            {
                self.draft.total_jobs = Some(n);
            }
            return;
        }
        if self.draft.job_rows.is_empty() {
            self.draft.goals_intro.push(para_markdown(p));
        } else {
            self.draft.job_note.push(para_markdown(p));
        }
    }

    fn area_paragraph(&mut self, p: &Para, t: &str) {
        let Some(area) = self.draft.areas.last_mut() else {
            return;
        };
        let lower = t.to_lowercase();
        // «Kommentar til budsjettforslaget:» alone: the template writes it before the comment.
        if lower.starts_with("kommentar til budsjett")
            && lower.ends_with(':')
            && !area.strategies.is_empty()
        {
            return;
        }
        let label = |words: &[&str]| -> Option<String> {
            let w = words.iter().find(|w| lower.starts_with(*w))?;
            let colon = t.find(':')?;
            if colon > w.len() + 8 {
                return None;
            }
            let md = para_markdown(p);
            let after = md.split_once(':').map(|(_, r)| r).unwrap_or("");
            let after = after
                .trim_start_matches("**")
                .trim_start_matches('*')
                .trim();
            Some(after.to_string())
        };
        if let Some(v) = label(&["beskrivelse", "skildring"]) {
            area.description = Some(v);
        } else if let Some(v) = label(&["effektmål"]) {
            area.impact = Some(v);
        } else if let Some(v) = label(&["resultatmål"]) {
            if lower.contains("ikke ha arbeidsplasser som målsetting")
                || lower.contains("ikkje ha arbeidsplassar")
            {
                area.no_jobs = true;
            }
            area.result = Some(v);
        } else if area.strategies.is_empty() && area.description.is_some() && area.result.is_none()
        {
            let d = area.description.get_or_insert_with(String::new);
            d.push_str("\n\n");
            d.push_str(&para_markdown(p));
        } else {
            area.comment.push(para_markdown(p));
        }
    }

    fn table(&mut self, t: &Table, i: usize) {
        // The template's tables are read wherever they stand, also under a heading of the
        // plan's own (which holds the text around them as a chapter).
        let data = match kind(t) {
            Kind::Jobs => self.section <= Section::Results,
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
            Kind::Strategies if !self.draft.areas.is_empty() => self.strategies(t),
            Kind::Transposed(row) => self.transposed(t, row),
            Kind::Effort => self.effort(t),
            Kind::Budget => self.budget(t),
            Kind::Financing => self.financing(t, self.in_millions(i)),
            Kind::Activities => self.activities(t),
            _ => {
                let place = self.section.place();
                let chapter = self.chapter.get_or_insert_with(|| Chapter {
                    heading: "Tabell".into(),
                    level: 2,
                    place,
                    text: Vec::new(),
                });
                chapter.text.push(table_markdown(t));
                self.draft.notes.push(format!(
                    "en tabell som ikke er en av malens, står som tabell i et kapittel ({place})"
                ));
            }
        }
    }

    fn jobs(&mut self, t: &Table) {
        let h = header(t);
        let year_cols: Vec<(usize, i32)> = h
            .iter()
            .enumerate()
            .filter(|(_, c)| years(c).len() == 1 && c.len() <= 6)
            .map(|(i, c)| (i, years(c)[0]))
            .collect();
        let first = h.first().cloned().unwrap_or_default();
        self.draft.job_kind_industries = first.contains("næring");
        // The sentence that leads into the table («Periodisert og fordelt på næringer vil målet
        // se slik ut:») is the plan's own in place of the template's.
        let intro = match self.chapter.as_mut() {
            Some(c) => c.text.last_mut(),
            None => self.draft.goals_intro.last_mut(),
        };
        if let Some(last) = intro
            && last.trim_end().ends_with(':')
            && !last.trim_start().starts_with(['-', '1'])
        {
            let text = std::mem::take(last);
            self.draft.texts.insert("arbeidsplasser_innledning", text);
            match self.chapter.as_mut() {
                Some(c) => c.text.retain(|t| !t.is_empty()),
                None => self.draft.goals_intro.retain(|t| !t.is_empty()),
            }
        }
        let mut stated_sums: Vec<(String, Vec<Option<u32>>)> = Vec::new();
        for row in t.rows.iter().skip(1) {
            let cells = by_column(row);
            let Some(label) = cells.first().map(|c| text::normalize(&c.text())) else {
                continue;
            };
            if label.is_empty() || placeholder(&label) {
                continue;
            }
            let label = label
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .trim()
                .trim_end_matches('*')
                .trim()
                .to_string();
            let values: Vec<Option<u32>> = year_cols
                .iter()
                .map(|(i, _)| {
                    cells
                        .get(*i)
                        .map(|c| text::normalize(&c.text()))
                        .and_then(|t| t.parse::<u32>().ok())
                })
                .collect();
            if label.to_lowercase().starts_with("sum") {
                let lower = label.to_lowercase();
                if lower != "sum arbeidsplasser pr år" && lower != "sum arbeidsplassar per år" {
                    self.draft.texts.insert("arbeidsplasser_sum", label.clone());
                }
                stated_sums.push((label, values));
                continue;
            }
            if values.iter().all(Option::is_none) {
                // «-» in every year: a supporting area without job targets.
                self.draft.notes.push(format!(
                    "raden «{label}» i arbeidsplasstabellen har ingen mål; innsatsområdet er merket uten arbeidsplassmål"
                ));
                continue;
            }
            let goals: BTreeMap<i32, u32> = year_cols
                .iter()
                .zip(&values)
                .filter_map(|((_, y), v)| v.map(|v| (*y, v)))
                .collect();
            self.draft.job_rows.push((label, goals));
        }
        for (label, values) in stated_sums {
            for ((_, y), v) in year_cols.iter().zip(values) {
                let computed: u32 = self
                    .draft
                    .job_rows
                    .iter()
                    .filter_map(|(_, g)| g.get(y))
                    .sum();
                if let Some(v) = v
                    && v != computed
                {
                    self.draft.notes.push(format!(
                        "raden «{label}» sier {v} arbeidsplasser for {y}, men radene over summerer til {computed}; planen bruker radene, se over tallene"
                    ));
                }
            }
        }
        self.draft.found.push(format!(
            "arbeidsplasstabellen: {} rader",
            self.draft.job_rows.len()
        ));
    }

    fn strategies(&mut self, t: &Table) {
        let h = header(t);
        let measures = column(&h, &["tiltak"]);
        let goal = column(&h, &["prosjektmål", "delmål", "mål"]).filter(|c| Some(*c) != measures);
        let budget = column(&h, &["budsjett"]);
        let granted = column(&h, &["innvilg"]);
        let area = self.draft.areas.len() - 1;
        let area_name = self.draft.areas[area].name.clone();
        let mut notes = Vec::new();
        // A budget in the header («Budsjett 500.000»): the area's as a whole.
        if let Some(b) = budget
            && let Some(head) = t.rows.first().map(|r| by_column(r))
            && let Some(cell) = head.get(b)
        {
            let text = text::normalize(&cell.text());
            let after = text.to_lowercase().replace("budsjett", "");
            if let Some(Stated::Amount(a)) = amount::read(after.trim()) {
                self.draft.areas[area].budget = Some(a);
                self.draft.guess(
                    &format!("innsatsområder[{area}].budsjett"),
                    format!("fra tabellens overskrift «{text}»: budsjett for hele innsatsområdet"),
                );
            }
        }
        // Other figures in the header («Innvilget 650.000», «Gjenstående 100.000»): the plan
        // has no place for them on the area, so they are told.
        let mut stated_granted = None;
        if let Some(head) = t.rows.first().map(|r| by_column(r)) {
            for (c, cell) in head.iter().enumerate() {
                let text = text::normalize(&cell.text());
                let Some((word, figure)) = text.split_once(' ') else {
                    continue;
                };
                if Some(c) == budget || c == 0 {
                    continue;
                }
                if let Some(Stated::Amount(a)) = amount::read(figure) {
                    if Some(c) == granted {
                        stated_granted = Some(a);
                    }
                    self.draft.guess(
                        &format!("innsatsområder[{area}].budsjett"),
                        format!(
                            "tabellens overskrift sier også «{word} {}» for hele innsatsområdet; planen har ikke et slikt felt på innsatsområdet",
                            money(a)
                        ),
                    );
                }
            }
        }
        let mut sums: Vec<(String, Decimal)> = Vec::new();
        for row in t.rows.iter().skip(1) {
            let cells = by_column(row);
            let Some(first) = cells.first() else { continue };
            let label = text::normalize(&first.text());
            let lower = label.to_lowercase();
            let stated = |col: Option<usize>| -> Option<Stated> {
                let cell = cells.get(col?)?;
                amount::read(&cell.text())
            };
            if lower.starts_with("prosjektkostnader")
                || lower.starts_with("sum innsatsområde")
                || lower.starts_with("sum")
            {
                if let Some(Stated::Amount(a)) = stated(budget) {
                    sums.push((label, a));
                }
                continue;
            }
            if lower.starts_with("søkbare midl") {
                if let Some(Stated::Amount(a)) = stated(budget) {
                    self.draft.areas[area].applicable = Some(a);
                }
                continue;
            }
            let Some((id, name, content)) = strategy_label(&label) else {
                if !label.is_empty() && !placeholder(&label) {
                    notes.push(format!(
                        "raden {} i strategitabellen for «{area_name}» har ingen strategi-bokstav eller -nummer og er ikke tatt med som strategi; se over",
                        super::own::quote(&label)
                    ));
                }
                continue;
            };
            let cell_text = |col: Option<usize>| {
                col.and_then(|c| cells.get(c))
                    .and_then(|c| cell_markdown(c))
            };
            let money_of = |col: Option<usize>| {
                col.and_then(|c| cells.get(c))
                    .map(|c| money_cell(&c.text()))
                    .unwrap_or((None, None))
            };
            let (budget_stated, budget_note) = money_of(budget);
            let (granted_stated, granted_note) = money_of(granted);
            let budget_value = match budget_stated {
                Some(Stated::Amount(a)) => Some(a),
                _ => None,
            };
            let granted_value = match granted_stated {
                Some(Stated::Amount(a)) => Some(a),
                _ => None,
            };
            let note: Vec<String> = [budget_note, granted_note].into_iter().flatten().collect();
            let note = (!note.is_empty()).then(|| note.join("; "));
            if let Some(n) = &note {
                notes.push(format!(
                    "teksten {} i beløpskolonnene for {id} {name} i «{area_name}» er strategiens merknad",
                    super::own::quote(n)
                ));
            }
            self.draft.areas[area].strategies.push(Strategy {
                id,
                name,
                content,
                measures: cell_text(measures),
                goal: cell_text(goal),
                budget: budget_value,
                granted: granted_value,
                note,
            });
        }
        let a = &self.draft.areas[area];
        let costs: Option<Decimal> = a
            .strategies
            .iter()
            .try_fold(Decimal::ZERO, |s, st| st.budget.map(|b| s + b))
            .filter(|_| a.strategies.iter().any(|s| s.budget.is_some()));
        let total = costs.map(|c| c + a.applicable.unwrap_or_default());
        let (no_budget, applicable) = (a.budget.is_none(), a.applicable.unwrap_or_default());
        for (label, stated) in sums {
            let lower = label.to_lowercase();
            let computed = if lower.starts_with("prosjektkostnader") {
                costs
            } else {
                total
            };
            match computed {
                Some(c) if c != stated => notes.push(format!(
                    "raden «{label}» i strategitabellen for «{area_name}» sier {}, men tallene over summerer til {}; planen bruker tallene over — se over",
                    money(stated),
                    money(c)
                )),
                None if no_budget && lower.starts_with("sum") => {
                    self.draft.areas[area].budget = Some(stated - applicable);
                    self.draft.guess(
                        &format!("innsatsområder[{area}].budsjett"),
                        format!("strategiene har ingen beløp; budsjettet er tatt fra raden «{label}»"),
                    );
                }
                _ => {}
            }
        }
        // The header's granted amount against the strategies': the document shows theirs (and
        // what remains from them), so a difference is told.
        let strategies = &self.draft.areas[area].strategies;
        let granted_sum: Decimal = strategies.iter().filter_map(|s| s.granted).sum();
        if let Some(stated) = stated_granted
            && stated != granted_sum
        {
            notes.push(format!(
                "tabellens overskrift sier innvilget {} for «{area_name}», men strategiene har innvilget {} til sammen; dokumentet viser {} og regner det gjenstående av det — se over beløpene i radene",
                money(stated),
                money(granted_sum),
                money(granted_sum)
            ));
        }
        let n = strategies.len();
        self.draft.found.push(format!(
            "«{area_name}»: {n} strategier fra strategitabellen"
        ));
        self.draft.notes.extend(notes);
    }

    fn effort(&mut self, t: &Table) {
        let h = header(t);
        let effort = column(&h, &["ressursinnsats"]);
        let sum = h.len().checked_sub(1);
        for row in t.rows.iter().skip(1) {
            let cells = by_column(row);
            let label = cells
                .first()
                .map(|c| text::normalize(&c.text()))
                .unwrap_or_default();
            let lower = label.to_lowercase();
            if lower.starts_with("administrative") || lower.starts_with("administrasjon") {
                let value = cells
                    .iter()
                    .rev()
                    .find_map(|c| match amount::read(&c.text()) {
                        Some(Stated::Amount(a)) => Some(a),
                        _ => None,
                    });
                self.draft.administration = value;
                continue;
            }
            let key = bare(&label).to_lowercase();
            let Some(i) = self
                .draft
                .areas
                .iter()
                .position(|a| bare(&a.name).to_lowercase() == key)
            else {
                continue;
            };
            if let Some(Stated::Amount(a)) = effort
                .and_then(|c| cells.get(c))
                .and_then(|c| amount::read(&c.text()))
                && !a.is_zero()
            {
                self.draft.areas[i].effort = Some(a);
            }
            let _ = sum;
        }
        self.draft
            .found
            .push("tabell 3.1: ressursinnsats og administrasjon".into());
    }

    /// The financing table (3.2). `millions`: the text above it says its figures are in
    /// millions of kroner.
    fn financing(&mut self, t: &Table, millions: bool) {
        let h = header(t);
        let share = column(&h, &["andel"]);
        let explanation = column(&h, &["forklaring", "merknad", "kommentar"]);
        let sum = column(&h, &["sum", "beløp", "kr"]).or_else(|| {
            (0..h.len())
                .rev()
                .find(|c| Some(*c) != explanation && *c > 0)
        });
        let scale = if millions {
            Decimal::from(1_000_000)
        } else {
            Decimal::ONE
        };
        let mut stated_total = None;
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let cells = by_column(row);
            let get = |c: Option<usize>| {
                c.and_then(|c| cells.get(c))
                    .map(|c| text::normalize(&c.text()))
                    .filter(|t| !t.is_empty() && !placeholder(t))
            };
            let name = get(Some(0)).unwrap_or_default();
            let amount_text = get(sum);
            let explained = get(explanation);
            let lower = name.to_lowercase();
            let mut source = Source {
                name: name.clone(),
                explanation: explained.clone(),
                ..Source::default()
            };
            match amount_text.as_deref().map(amount::read) {
                Some(Some(Stated::Amount(a))) => {
                    source.amount = a.checked_mul(scale);
                    if millions {
                        source.comment.push(format!(
                            "«{}» millioner kroner (teksten over tabellen sier «tall i millioner»)",
                            amount_text.as_deref().unwrap_or_default()
                        ));
                    }
                    if amount_text.as_deref().is_some_and(|t| t.contains('*')) {
                        source.comment.push(format!(
                            "beløpet er merket med * i dokumentet («{}»)",
                            amount_text.as_deref().unwrap_or_default()
                        ));
                    }
                }
                Some(_) => source.unknown = amount_text.clone(),
                None => {}
            }
            if lower.starts_with("total") || lower.starts_with("sum") {
                stated_total = source.amount;
                self.draft.financing_total_note = explained;
                continue;
            }
            if name.is_empty() {
                if source.amount.is_none() && source.unknown.is_none() && explained.is_none() {
                    continue; // an empty row
                }
                source.name = format!("Uten navn (rad {})", r + 1);
                source
                    .comment
                    .push("raden har ikke noe navn i dokumentet; gi kilden et navn".into());
                self.draft.notes.push(format!(
                    "rad {} i finansieringstabellen har beløp, men ikke navn; den heter «{}» i planen — gi den et navn",
                    r + 1,
                    source.name
                ));
            }
            if let Some(u) = &source.unknown {
                source.comment.push(format!(
                    "«{u}» står i dokumentet: beløpet er ikke kjent ennå"
                ));
            }
            source.share = share
                .and_then(|c| cells.get(c))
                .map(|c| text::normalize(&c.text()))
                .filter(|s| s.contains('%') || s.parse::<Decimal>().is_ok())
                .filter(|s| !placeholder(s));
            self.draft.financing.push(source);
        }
        let computed: Decimal = self.draft.financing.iter().filter_map(|s| s.amount).sum();
        if let Some(total) = stated_total
            && total != computed
        {
            self.draft.notes.push(format!(
                "raden «Totalt» i finansieringstabellen sier {}, men kildene over summerer til {}; planen bruker kildene — se over",
                money(total),
                money(computed)
            ));
        }
        self.draft.found.push(format!(
            "finansieringstabellen: {} kilder",
            self.draft.financing.len()
        ));
        if self.section < Section::Financing {
            self.close_chapter();
            self.section = Section::Financing;
        }
    }

    fn activities(&mut self, t: &Table) {
        let h = header(t);
        let col = |words: &[&str]| column(&h, words);
        let (audience, channel, responsible, when) = (
            col(&["målgruppe"]),
            col(&["kanal"]),
            col(&["ansvar"]),
            col(&["når", "tid", "måned"]),
        );
        for row in t.rows.iter().skip(1) {
            let cells = by_column(row);
            let get = |c: Option<usize>| {
                c.and_then(|c| cells.get(c))
                    .map(|c| text::normalize(&c.text()))
                    .filter(|t| !t.is_empty())
            };
            let Some(name) = get(Some(0)) else { continue };
            let months = get(when).unwrap_or_default();
            if crate::plan::months::parse_months(&months).is_err() {
                self.draft.notes.push(format!(
                    "aktiviteten «{name}» har ingen måned planen kan lese ({}); den står i kapittelet etter seksjon 4",
                    super::own::quote(&months)
                ));
                let chapter = self.chapter.get_or_insert_with(|| Chapter {
                    heading: "Aktiviteter".into(),
                    level: 2,
                    place: "etter_4",
                    text: Vec::new(),
                });
                chapter.text.push(format!(
                    "- {name}{}",
                    if months.is_empty() {
                        String::new()
                    } else {
                        format!(" ({months})")
                    }
                ));
                continue;
            }
            self.draft.activities.push(Activity {
                name,
                audience: get(audience),
                channel: get(channel),
                responsible: get(responsible),
                months,
            });
        }
    }
}

impl Reader<'_> {
    /// A table of the plan's own with a «Strategi» column whose cells name and describe
    /// strategies («A. **Rekruttering.** Sikre næringslivet …»): remembered, so the strategies
    /// read later get their content. The table itself stays where it is.
    fn described_strategies(&mut self, t: &Table) {
        let h = header(t);
        let Some(col) = h.iter().position(|c| c == "strategi" || c == "strategiar") else {
            return;
        };
        for row in t.rows.iter().skip(1) {
            let Some(cell) = by_column(row).get(col).copied() else {
                continue;
            };
            let Some((id, rest, _)) = strategy_label(&cell.text()) else {
                continue;
            };
            if let Some((name, content)) = rest.split_once(". ")
                && !content.trim().is_empty()
            {
                let content = content.trim();
                let content = if content.ends_with(['.', '!', '?']) {
                    content.to_string()
                } else {
                    format!("{content}.")
                };
                self.draft
                    .described
                    .push((id, name.trim().to_string(), content));
            }
        }
    }

    /// Whether the paragraph just before the table at `i` says its figures are in millions
    /// («(tall i millioner)»).
    fn in_millions(&self, i: usize) -> bool {
        self.blocks[..i].iter().rev().take(2).any(|b| {
            matches!(b, Block::Para(p) if {
                let t = p.text().to_lowercase();
                t.contains("i millioner") || t.contains("i mill.") || t.contains("mill. kr")
            })
        })
    }

    /// A strategy table turned on its side: the focus areas as groups of columns in the rows
    /// above the strategies, the strategies as columns, and the measures, goals, budget and
    /// sum as rows. Rows after the budget's sum (such as job targets per strategy) are kept
    /// as a table in the chapter the table stands in.
    fn transposed(&mut self, t: &Table, strategy_row: usize) {
        let grid: Vec<Vec<&Cell>> = t.rows.iter().map(|r| by_column(r)).collect();
        let groups = area_groups(&t.rows[..strategy_row]);
        let columns = self.strategy_columns(&grid[strategy_row], &groups);
        let mut label = String::new();
        let mut budget_seen = false;
        let mut rest_from = None;
        for (r, row) in t.rows.iter().enumerate().skip(strategy_row + 1) {
            let own = row_label(row);
            if !own.is_empty() {
                label = own; // a row merged down (vMerge) keeps the label above
            }
            if label.starts_with("resultat") {
                rest_from = Some(r);
                break;
            }
            if label.starts_with("sum") && budget_seen {
                self.transposed_sums(&grid[r], &columns);
                budget_seen = false;
                continue;
            }
            for &(col, area, index) in &columns {
                if let Some(cell) = grid[r].get(col) {
                    let strategy = &mut self.draft.areas[area].strategies[index];
                    budget_seen |= strategy_cell(strategy, &label, cell);
                }
            }
        }
        if let Some(from) = rest_from {
            self.keep_rows(t, strategy_row, from);
        }
        let mut areas: Vec<usize> = columns.iter().map(|c| c.1).collect();
        areas.dedup();
        let names: Vec<String> = areas
            .iter()
            .map(|a| {
                let a = &self.draft.areas[*a];
                format!("«{}» ({})", a.name, a.strategies.len())
            })
            .collect();
        self.draft.found.push(format!(
            "strategitabell med strategiene som kolonner: {}",
            names.join(", ")
        ));
    }

    /// The strategies named in a transposed table's strategy row, each added to the focus area
    /// whose group of columns it stands in: (grid column, area, strategy) for each.
    fn strategy_columns(
        &mut self,
        row: &[&Cell],
        groups: &[(std::ops::Range<usize>, String)],
    ) -> Vec<(usize, usize, usize)> {
        let mut columns: Vec<(usize, usize, usize)> = Vec::new();
        for (col, cell) in row.iter().enumerate().skip(1) {
            if col > 0 && std::ptr::eq(row[col - 1], *cell) {
                continue; // the same cell, spanning
            }
            let Some((id, name, content)) = strategy_label(&cell.text()) else {
                continue;
            };
            let Some((_, area_name)) = groups.iter().find(|(range, _)| range.contains(&col)) else {
                self.draft.notes.push(format!(
                    "strategien «{id} {name}» står ikke under noe innsatsområde i tabellen og er ikke tatt med; se over"
                ));
                continue;
            };
            let area = match self.draft.areas.iter().position(|a| &a.name == area_name) {
                Some(a) => a,
                None => {
                    self.draft.areas.push(Area {
                        name: area_name.clone(),
                        ..Area::default()
                    });
                    self.draft.areas.len() - 1
                }
            };
            let strategies = &mut self.draft.areas[area].strategies;
            strategies.push(Strategy {
                id,
                name,
                content,
                ..Strategy::default()
            });
            columns.push((col, area, strategies.len() - 1));
        }
        columns
    }

    /// The rows of a table from `from` on, under its strategy row, as a Markdown table in the
    /// chapter open here: nothing the plan has no field for is lost.
    fn keep_rows(&mut self, t: &Table, strategy_row: usize, from: usize) {
        let mut rest = Table {
            rows: vec![t.rows[strategy_row].clone()],
        };
        rest.rows.extend(t.rows[from..].iter().cloned());
        let place = self.section.place();
        let chapter = self.chapter.get_or_insert_with(|| Chapter {
            heading: "Tabell".into(),
            level: 2,
            place,
            text: Vec::new(),
        });
        chapter.text.push(table_markdown(&rest));
        self.draft.notes.push(format!(
            "radene fra «{}» i strategitabellen passer ikke i noe felt og står som tabell i kapittelet ({place})",
            text::normalize(&t.rows[from].first().map(Cell::text).unwrap_or_default())
        ));
    }

    /// The sum row under a transposed table's budgets: each area's cell is checked against
    /// its strategies' budgets.
    fn transposed_sums(&mut self, cells: &[&Cell], columns: &[(usize, usize, usize)]) {
        let mut seen = Vec::new();
        for (col, area, _) in columns {
            if seen.contains(area) {
                continue;
            }
            seen.push(*area);
            let Some(Stated::Amount(stated)) =
                cells.get(*col).and_then(|c| amount::read(&c.text()))
            else {
                continue;
            };
            let a = &self.draft.areas[*area];
            let sum: Decimal = a.strategies.iter().filter_map(|s| s.budget).sum();
            if a.strategies.iter().any(|s| s.budget.is_some()) && sum != stated {
                let note = format!(
                    "summen for «{}» i strategitabellen sier {}, men strategiene summerer til {}; planen bruker strategiene — se over",
                    a.name,
                    money(stated),
                    money(sum)
                );
                self.draft.notes.push(note);
            }
        }
    }

    /// A budget by focus area with the administration and the programme's own project work in
    /// rows, in place of table 3.1 (Hallingdal's «Budsjett 2022»).
    fn budget(&mut self, t: &Table) {
        let mut stated_areas: Vec<(String, Decimal)> = Vec::new();
        for row in t.rows.iter().skip(1) {
            let label = text::normalize(&row.first().map(Cell::text).unwrap_or_default());
            let lower = label.to_lowercase();
            let value = row
                .iter()
                .skip(1)
                .rev()
                .find_map(|c| match amount::read(&c.text()) {
                    Some(Stated::Amount(a)) => Some(a),
                    _ => None,
                });
            let Some(value) = value else { continue };
            if is_admin(&lower) {
                self.draft.administration = Some(value);
            } else if lower.starts_with("prosjektledelse")
                || lower.starts_with("prosjektarbeid")
                || lower.starts_with("programmets ressursinnsats")
            {
                self.draft.programme_effort = Some((label, value));
            } else if lower.starts_with("sum") {
                let computed: Decimal = self.draft.areas.iter().filter_map(area_budget).sum();
                if lower.contains("innsatsområde") && computed != value {
                    self.draft.notes.push(format!(
                        "raden «{label}» i budsjettabellen sier {}, men innsatsområdene summerer til {}; planen bruker innsatsområdene — se over",
                        money(value),
                        money(computed)
                    ));
                }
            } else {
                stated_areas.push((label, value));
            }
        }
        for (label, value) in stated_areas {
            let key = bare(&label).to_lowercase();
            let Some(i) = self
                .draft
                .areas
                .iter()
                .position(|a| bare(&a.name).to_lowercase() == key)
            else {
                self.draft.notes.push(format!(
                    "raden «{label}» ({}) i budsjettabellen er ikke et innsatsområde i planen og er ikke tatt med; se over",
                    money(value)
                ));
                continue;
            };
            match area_budget(&self.draft.areas[i]) {
                None => {
                    self.draft.areas[i].budget = Some(value);
                    self.draft.guess(
                        &format!("innsatsområder[{i}].budsjett"),
                        format!("fra budsjettabellen, raden «{label}»"),
                    );
                }
                Some(b) if b != value => self.draft.notes.push(format!(
                    "budsjettabellen sier {} for «{label}», men strategitabellen gir {}; planen bruker strategitabellen — se over",
                    money(value),
                    money(b)
                )),
                Some(_) => {}
            }
        }
        self.draft
            .found
            .push("budsjettabellen: innsatsområdene, administrasjonen og prosjektarbeidet".into());
    }
}

/// The focus areas of a transposed strategy table: the named cells in the rows above its
/// strategies, by the grid columns they span (the first column holds the rows' labels).
fn area_groups(rows: &[Vec<Cell>]) -> Vec<(std::ops::Range<usize>, String)> {
    let mut groups = Vec::new();
    for row in rows {
        let mut col = 0;
        for cell in row {
            let name = text::normalize(&cell.text());
            if col > 0 && !name.is_empty() {
                groups.push((col..col + cell.span, bare(&name)));
            }
            col += cell.span;
        }
    }
    groups
}

/// One cell of a transposed strategy table into its strategy, by the row's label: measures
/// (several rows become a list), goal, or budget. True when it was the budget row.
fn strategy_cell(strategy: &mut Strategy, label: &str, cell: &Cell) -> bool {
    if label.starts_with("tiltak") || label.starts_with("prosjekter") {
        if let Some(md) = cell_markdown(cell) {
            strategy.measures = Some(match strategy.measures.take() {
                Some(m) if m.starts_with("- ") => format!("{m}\n- {md}"),
                Some(m) => format!("- {m}\n- {md}"),
                None => md,
            });
        }
    } else if label.starts_with("delmål") || label.contains("prosjektmål") {
        strategy.goal = cell_markdown(cell);
    } else if label.starts_with("buds") || label.starts_with("ramme") {
        let (stated, note) = money_cell(&cell.text());
        if let Some(Stated::Amount(a)) = stated {
            strategy.budget = Some(a);
        }
        strategy.note = note;
        return true;
    }
    false
}

/// Strategies without content get it from a table of the plan's own that describes them, by
/// their id (unique in a plan); a different name there is told.
fn describe_strategies(d: &mut Draft) {
    let key = |id: &str| id.trim_end_matches(['.', ':', ')']).to_lowercase();
    let mut guesses = Vec::new();
    for (i, area) in d.areas.iter_mut().enumerate() {
        for (j, s) in area.strategies.iter_mut().enumerate() {
            if s.content.is_some() {
                continue;
            }
            let Some((id, name, content)) =
                d.described.iter().find(|(id, _, _)| key(id) == key(&s.id))
            else {
                continue;
            };
            s.content = Some(content.clone());
            let same = name.to_lowercase() == s.name.to_lowercase();
            guesses.push((
                format!("innsatsområder[{i}].strategier[{j}].innhold"),
                if same {
                    format!("fra tabellen som beskriver strategiene («{id} {name}»)")
                } else {
                    format!(
                        "fra tabellen som beskriver strategiene, der strategien {id} heter «{name}»; se at det er den samme"
                    )
                },
            ));
        }
    }
    for (path, text) in guesses {
        d.guess(&path, text);
    }
}

/// An area's budget as the plan gives it: its own, or its strategies' together.
fn area_budget(a: &Area) -> Option<Decimal> {
    a.budget.or_else(|| {
        a.strategies
            .iter()
            .any(|s| s.budget.is_some())
            .then(|| a.strategies.iter().filter_map(|s| s.budget).sum())
    })
}

/// A cover line's text with its date at the end taken away.
fn strip_date(t: &str) -> String {
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut end = words.len();
    while end > 0 {
        let w = words[end - 1].to_lowercase();
        let w = w.trim_end_matches(['.', ',']);
        if w.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
            || MONTHS.contains(&w)
        {
            end -= 1;
        } else {
            break;
        }
    }
    words[..end].join(" ")
}

/// Areas without job targets: marked where the job table has no row for them, and the job
/// total from the table when the text did not give it.
fn check_jobs(d: &mut Draft) {
    if !d.job_kind_industries {
        let names: Vec<String> = d
            .job_rows
            .iter()
            .map(|(n, _)| bare(n).to_lowercase())
            .collect();
        for area in &mut d.areas {
            if !names.contains(&bare(&area.name).to_lowercase()) && !d.job_rows.is_empty() {
                area.no_jobs = true;
            }
        }
    }
}

/// A scalar as YAML: plain where safe, else double-quoted; Markdown with several lines as a
/// literal block at `indent`.
/// Paragraphs as one Markdown text, written as a block scalar at `indent`.
fn paragraphs(paras: &[String], indent: usize) -> String {
    scalar(&(join_markdown(paras) + "\n"), indent)
}

fn scalar(text: &str, indent: usize) -> String {
    if text.contains('\n') {
        let pad = " ".repeat(indent);
        let mut out = String::from("|");
        for line in text.trim_end().split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        out
    } else {
        crate::plan::edit::plain_or_quoted(text)
    }
}

fn comment(out: &mut String, d: &Draft, path: &str, indent: usize) {
    for g in d.guesses.get(path).into_iter().flatten() {
        let _ = writeln!(out, "{}# importert: {g}", " ".repeat(indent));
    }
}

/// The plan as YAML text with comments.
fn write(d: &mut Draft) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Importert fra et Word-dokument med `handlingsplan import`. Linjer merket «importert:»\n# er tolket av leseren; se over dem, og sammendraget nederst.\n"
    );
    // Program.
    let region = d.region.clone();
    let name = d.name.clone().or_else(|| {
        region
            .as_ref()
            .map(|r| format!("Omstillingsprogrammet i {r}"))
    });
    if d.name.is_none() && name.is_some() {
        d.guess(
            "program.navn",
            "navnet står ikke i dokumentet; laget av området".into(),
        );
    }
    let period = d.period.or_else(|| {
        let ys: Vec<i32> = d
            .job_rows
            .iter()
            .flat_map(|(_, g)| g.keys().copied())
            .collect();
        Some((*ys.iter().min()?, *ys.iter().max()?))
    });
    if d.period.is_none() && period.is_some() {
        d.guess(
            "program.periode",
            "perioden er årene i arbeidsplasstabellen".into(),
        );
    }
    let total_jobs = d.total_jobs.or_else(|| {
        (!d.job_rows.is_empty()).then(|| d.job_rows.iter().flat_map(|(_, g)| g.values()).sum())
    });
    if d.total_jobs.is_none() && total_jobs.is_some() {
        d.guess(
            "program.arbeidsplassmål",
            "målet for perioden er summen av arbeidsplasstabellen".into(),
        );
    }
    o.push_str("program:\n");
    let field = |o: &mut String, d: &Draft, key: &str, value: Option<String>, missing: &str| {
        comment(o, d, &format!("program.{key}"), 2);
        match value {
            Some(v) => {
                let _ = writeln!(o, "  {key}: {v}");
            }
            None => {
                let _ = writeln!(o, "  # importert: {missing}\n  {key}:");
            }
        }
    };
    field(
        &mut o,
        d,
        "navn",
        name.as_deref().map(|n| scalar(n, 4)),
        "programmets navn står ikke i dokumentet; fyll det inn",
    );
    field(
        &mut o,
        d,
        "område",
        region.as_deref().map(|n| scalar(n, 4)),
        "«Omstilling i …» står ikke på forsiden; fyll inn kommunen eller regionen",
    );
    if let Some(v) = &d.vision {
        field(&mut o, d, "visjon", Some(scalar(v, 4)), "");
    }
    if let Some(w) = &d.plan_word {
        field(&mut o, d, "omstillingsplan", Some(scalar(w, 4)), "");
    }
    field(
        &mut o,
        d,
        "år",
        d.year.map(|y| y.to_string()),
        "året står ikke på forsiden («Handlingsplan ÅÅÅÅ»); fyll det inn",
    );
    field(
        &mut o,
        d,
        "periode",
        period.map(|(a, b)| format!("{{ fra: {a}, til: {b} }}")),
        "perioden står ikke i dokumentet; skriv { fra: ÅÅÅÅ, til: ÅÅÅÅ }",
    );
    field(
        &mut o,
        d,
        "arbeidsplassmål",
        total_jobs.map(|n| n.to_string()),
        "arbeidsplassmålet for perioden står ikke i dokumentet; fyll det inn",
    );
    let _ = writeln!(
        o,
        "  styrebehandlet: {}",
        d.board_date.clone().unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "  kommunestyregodkjent: {}",
        d.council_date.clone().unwrap_or_default()
    );
    if d.continuous {
        o.push_str("  # importert: dokumentet nummererer sine egne kapitler og malens seksjoner i ett\n  nummerering: sammenhengende\n");
    }
    o.push('\n');

    // Section 1.
    o.push_str("arbeidsplasser:\n");
    if d.job_kind_industries {
        o.push_str("  fordelt_på: næringer\n");
    }
    if d.job_rows.is_empty() {
        o.push_str(
            "  # importert: arbeidsplasstabellen ble ikke funnet; fyll inn radene\n  rader: []\n",
        );
    } else {
        o.push_str("  rader:\n");
        for (name, goals) in &d.job_rows {
            let goals: Vec<String> = goals.iter().map(|(y, n)| format!("{y}: {n}")).collect();
            let _ = writeln!(
                o,
                "    - navn: {}\n      mål: {{ {} }}",
                scalar(name, 8),
                goals.join(", ")
            );
        }
    }
    if !d.job_note.is_empty() {
        let _ = writeln!(o, "  merknad: {}", paragraphs(&d.job_note, 4));
    }
    o.push('\n');
    if !d.results.is_empty() {
        let _ = writeln!(o, "resultater:\n  tekst: {}\n", paragraphs(&d.results, 4));
    }
    if !d.special.is_empty() {
        let _ = writeln!(
            o,
            "# importert: teksten under «Strategier og tiltak» som ikke er malens egen\nsærskilte_satsinger: {}\n",
            paragraphs(&d.special, 2)
        );
    }

    // Section 2.
    o.push_str("innsatsområder:\n");
    if d.areas.is_empty() {
        o.push_str("  # importert: ingen innsatsområder ble funnet (overskrift med «Beskrivelse:» eller en strategitabell under)\n");
    }
    for (i, a) in d.areas.iter().enumerate() {
        let _ = writeln!(o, "  - navn: {}", scalar(&a.name, 6));
        if a.no_jobs {
            o.push_str("    # importert: ingen rad med mål i arbeidsplasstabellen\n    uten_arbeidsplassmål: true\n");
        }
        for (key, value) in [
            ("beskrivelse", &a.description),
            ("effektmål", &a.impact),
            ("resultatmål", &a.result),
        ] {
            match value {
                Some(v) => {
                    let _ = writeln!(o, "    {key}: {}", scalar(v, 6));
                }
                None => {
                    let _ = writeln!(
                        o,
                        "    # importert: «{key}» står ikke i dokumentet\n    {key}:"
                    );
                }
            }
        }
        if !a.no_jobs
            && let Some((_, goals)) = d
                .job_rows
                .iter()
                .find(|(n, _)| bare(n).to_lowercase() == bare(&a.name).to_lowercase())
            && let Some(y) = d.year
            && let Some(n) = goals.get(&y)
        {
            let _ = writeln!(o, "    arbeidsplassmål: {n}");
        }
        comment(&mut o, d, &format!("innsatsområder[{i}].budsjett"), 4);
        if let Some(b) = a.budget {
            let _ = writeln!(o, "    budsjett: {}", yaml_amount(b));
        }
        if let Some(b) = a.applicable {
            let _ = writeln!(o, "    søkbare_midler: {}", yaml_amount(b));
        }
        if let Some(b) = a.effort {
            let _ = writeln!(
                o,
                "    # importert: fra tabell 3.1, kolonnen Programmets ressursinnsats\n    ressursinnsats: {}",
                yaml_amount(b)
            );
        }
        if a.strategies.is_empty() {
            o.push_str("    # importert: ingen strategitabell ble funnet under innsatsområdet\n    strategier: []\n");
        } else {
            o.push_str("    strategier:\n");
        }
        for (j, s) in a.strategies.iter().enumerate() {
            let _ = writeln!(o, "      - bokstav: {}", scalar(&s.id, 10));
            let _ = writeln!(o, "        navn: {}", scalar(&s.name, 10));
            comment(
                &mut o,
                d,
                &format!("innsatsområder[{i}].strategier[{j}].innhold"),
                8,
            );
            for (key, value) in [
                ("innhold", &s.content),
                ("tiltak", &s.measures),
                ("prosjektmål", &s.goal),
            ] {
                if let Some(v) = value {
                    let _ = writeln!(o, "        {key}: {}", scalar(v, 10));
                }
            }
            if let Some(b) = s.budget {
                let _ = writeln!(o, "        budsjett: {}", yaml_amount(b));
            }
            if let Some(b) = s.granted {
                let _ = writeln!(o, "        innvilget: {}", yaml_amount(b));
            }
            if let Some(n) = &s.note {
                let _ = writeln!(
                    o,
                    "        # importert: teksten i beløpskolonnene\n        merknad: {}",
                    scalar(n, 10)
                );
            }
        }
        if !a.comment.is_empty() {
            let _ = writeln!(
                o,
                "    # importert: tekst under strategitabellen\n    kommentar: {}",
                paragraphs(&a.comment, 6)
            );
        }
        o.push('\n');
    }

    // Section 3.
    if let Some((label, amount)) = &d.programme_effort {
        let _ = writeln!(
            o,
            "# importert: raden «{label}» i budsjettabellen: programmets egen innsats, fordelt etter budsjettet\nprogrammets_ressursinnsats:\n  beløp: {}\n",
            yaml_amount(*amount)
        );
    }
    match d.administration {
        Some(a) => {
            let _ = writeln!(o, "administrasjon:\n  beløp: {}\n", yaml_amount(a));
        }
        None => o.push_str("administrasjon:\n  # importert: dokumentet oppgir ikke administrasjonen (raden «Administrative kostnader» i tabell 3.1); fyll inn beløpet når det er kjent\n  beløp: { foreløpig: ukjent }\n\n"),
    }
    write_financing(&mut o, d);

    // Section 4.
    if !d.communication.is_empty() || !d.activities.is_empty() {
        o.push_str("kommunikasjonsplan:\n");
        if !d.communication.is_empty() {
            let _ = writeln!(o, "  tekst: {}", paragraphs(&d.communication, 4));
        }
        if !d.activities.is_empty() {
            o.push_str("  aktiviteter:\n");
            for a in &d.activities {
                let _ = writeln!(o, "    - aktivitet: {}", scalar(&a.name, 8));
                for (key, v) in [
                    ("målgruppe", &a.audience),
                    ("kanal", &a.channel),
                    ("ansvar", &a.responsible),
                ] {
                    if let Some(v) = v {
                        let _ = writeln!(o, "      {key}: {}", scalar(v, 8));
                    }
                }
                let _ = writeln!(
                    o,
                    "      måneder: {}",
                    crate::plan::edit::plain_or_quoted(&a.months)
                );
            }
        }
        o.push('\n');
    }

    // Own chapters and texts.
    write_texts(&mut o, d);
    if !d.chapters.is_empty() {
        o.push_str("kapitler:\n");
        for c in &d.chapters {
            let _ = writeln!(o, "  - overskrift: {}", scalar(&c.heading, 6));
            let _ = writeln!(o, "    plassering: {}", c.place);
            if c.level != default_level(c.place) {
                let _ = writeln!(o, "    nivå: {}", c.level);
            }
            if !c.text.is_empty() {
                let _ = writeln!(o, "    tekst: {}", paragraphs(&c.text, 6));
            }
        }
        o.push('\n');
    }

    // The summary.
    o.push_str("# ── Sammendrag av importen ──\n");
    for f in &d.found {
        let _ = writeln!(o, "# - {f}");
    }
    for n in &d.notes {
        let _ = writeln!(o, "# - se over: {n}");
    }
    o
}

/// The plan's own words where the template has fixed texts and headings (`tekster:`,
/// `overskrifter:`), and its numbering.
fn write_texts(o: &mut String, d: &Draft) {
    let mut texts: Vec<(&str, &str, String)> = Vec::new();
    if !d.goals_intro.is_empty() {
        texts.push((
            "mål_innledning",
            "teksten i seksjon 1 før arbeidsplasstabellen",
            join_markdown(&d.goals_intro) + "\n",
        ));
    }
    let standard = STRATEGIES_INTRO.iter().any(|form| {
        d.strategies_intro.len() == form.len()
            && d.strategies_intro
                .iter()
                .zip(form)
                .all(|(a, b)| text::normalize(a) == *b)
    });
    if !d.strategies_intro.is_empty() && !standard {
        texts.push((
            "strategier_innledning",
            "teksten under overskriften for seksjon 2, i stedet for malens",
            join_markdown(&d.strategies_intro) + "\n",
        ));
    }
    for (key, text) in &d.texts {
        let why = match *key {
            "arbeidsplasser_innledning" => "setningen over arbeidsplasstabellen",
            "arbeidsplasser_sum" => "sumraden i arbeidsplasstabellen",
            _ => "dokumentets egen tekst",
        };
        texts.push((key, why, text.clone()));
    }
    if !texts.is_empty() {
        o.push_str("tekster:\n");
        for (key, why, text) in &texts {
            let _ = writeln!(o, "  # importert: {why}\n  {key}: {}", scalar(text, 4));
        }
        o.push('\n');
    }
    if !d.headings.is_empty() {
        o.push_str(
            "# importert: dokumentets egne overskrifter på malens seksjoner\noverskrifter:\n",
        );
        for (key, heading) in &d.headings {
            let _ = writeln!(o, "  {key}: {}", scalar(heading, 4));
        }
        o.push('\n');
    }
}

/// Section 3.2: the sources, with the note under the table and the sum row's explanation
/// when the document has them.
fn write_financing(o: &mut String, d: &Draft) {
    let table = !d.financing_note.is_empty() || d.financing_total_note.is_some();
    o.push_str("finansiering:\n");
    let pad = if table { "    " } else { "  " };
    if table {
        if !d.financing_note.is_empty() {
            let note = d.financing_note.join(" ");
            let note = note.trim_start_matches('*').trim();
            let _ = writeln!(o, "  merknad: {}", scalar(note, 4));
        }
        if let Some(n) = &d.financing_total_note {
            let _ = writeln!(o, "  sum_forklaring: {}", scalar(n, 4));
        }
        o.push_str("  kilder:\n");
    }
    if d.financing.is_empty() {
        let _ = writeln!(
            o,
            "{pad}# importert: finansieringstabellen (3.2) ble ikke funnet; fyll inn kildene\n{pad}[]"
        );
    }
    for s in &d.financing {
        let _ = writeln!(o, "{pad}- kilde: {}", scalar(&s.name, pad.len() + 4));
        let inner = format!("{pad}  ");
        for c in &s.comment {
            let _ = writeln!(o, "{inner}# importert: {c}");
        }
        match (s.amount, &s.share) {
            (Some(a), share) => {
                if let Some(share) = share {
                    let _ = writeln!(
                        o,
                        "{inner}# importert: andelen {share} står i dokumentet; beløpet brukes"
                    );
                }
                let _ = writeln!(o, "{inner}beløp: {}", yaml_amount(a));
            }
            (None, Some(share)) => {
                let _ = writeln!(
                    o,
                    "{inner}andel: {}",
                    crate::plan::edit::plain_or_quoted(share)
                );
            }
            (None, None) => {
                if s.unknown.is_none() {
                    let _ = writeln!(
                        o,
                        "{inner}# importert: verken andel eller beløp står i dokumentet"
                    );
                }
                let _ = writeln!(o, "{inner}beløp: {{ foreløpig: ukjent }}");
            }
        }
        if let Some(e) = &s.explanation {
            let _ = writeln!(o, "{inner}forklaring: {}", scalar(e, inner.len() + 2));
        }
    }
    o.push('\n');
}

/// The level a chapter at `place` has by default (as `ChapterPlace::default_level`).
fn default_level(place: &str) -> u8 {
    if place == "før_1" || place == "etter_4" {
        1
    } else {
        2
    }
}

/// An amount as the plan writes it.
fn yaml_amount(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() == 0 {
        n.to_string()
    } else {
        format!("\"{}\"", money(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategy_labels_are_read_as_the_template_writes_them() {
        assert_eq!(
            strategy_label("A: Nettverk – Bygge nettverk for gründere"),
            Some((
                "A".into(),
                "Nettverk".into(),
                Some("Bygge nettverk for gründere".into())
            ))
        );
        assert_eq!(
            strategy_label("B.    Bedriftsrettete tiltak"),
            Some(("B.".into(), "Bedriftsrettete tiltak".into(), None))
        );
        assert_eq!(strategy_label("Prosjektkostnader"), None);
    }

    #[test]
    fn a_name_with_a_short_dash_part_stays_one_name() {
        assert_eq!(
            strategy_label("I. Etablererkultur - ungdom"),
            Some(("I.".into(), "Etablererkultur - ungdom".into(), None))
        );
    }

    #[test]
    fn money_cells_give_the_figure_and_the_words_beside_it() {
        let amount = |n: i64| Some(Stated::Amount(Decimal::from(n)));
        assert_eq!(
            money_cell("500.000* (IN: 175’)"),
            (amount(500_000), Some("(IN: 175’)".into()))
        );
        assert_eq!(
            money_cell("Ungt entreprenørskap (U-skolen) 50.000"),
            (
                amount(50_000),
                Some("Ungt entreprenørskap (U-skolen)".into())
            )
        );
        // A figure inside a sentence is the sentence's, not the cell's.
        assert_eq!(
            money_cell("Drivkraft 2024 50.000 (bidrag fra Gr.l)"),
            (None, Some("Drivkraft 2024 50.000 (bidrag fra Gr.l)".into()))
        );
        assert_eq!(money_cell("xxx"), (None, Some("xxx".into())));
        assert_eq!(money_cell(""), (None, None));
    }

    #[test]
    fn sections_are_known_by_the_templates_words_in_both_forms_and_by_the_plans_own() {
        let s = |h: &str, current| template_section(h, 1, current);
        assert_eq!(
            s("2. Strategiar og tiltak for innsatsområda", Section::Goals),
            Some(Section::Strategies)
        );
        assert_eq!(
            s("Mål og innsatsområde frå omstillingsplanen", Section::Cover),
            Some(Section::Goals)
        );
        assert_eq!(
            s(
                "3.1 Ressursinnsats fordelt på innsatsområda",
                Section::Resources
            ),
            Some(Section::Effort)
        );
        assert_eq!(s("2. Mål", Section::Cover), Some(Section::Goals));
        assert_eq!(
            s("4. Budsjett og finansiering", Section::Goals),
            Some(Section::Resources)
        );
        assert_eq!(
            s("Budsjett 2022", Section::Financing),
            Some(Section::Effort)
        );
        assert_eq!(
            s("Ramme og finansiering 2022", Section::Resources),
            Some(Section::Financing)
        );
        assert_eq!(
            s("Handlingsplan kommunikasjon", Section::AfterAreas),
            Some(Section::Communication)
        );
        // The plan's own words become `overskrifter:`; the template's do not.
        assert_eq!(own_heading(Section::Goals, "mål"), Some("mål"));
        assert_eq!(
            own_heading(
                Section::Strategies,
                "strategiar og tiltak for innsatsområda"
            ),
            None
        );
        assert_eq!(own_heading(Section::Financing, "finansiering"), None);
        assert_eq!(
            own_heading(Section::Financing, "ramme og finansiering 2022"),
            Some("finansiering")
        );
    }

    #[test]
    fn cover_dates_are_read_in_words_and_figures() {
        assert_eq!(
            date_in("Behandlet av styret i Driv 12. desember 2023").as_deref(),
            Some("2023-12-12")
        );
        assert_eq!(
            date_in("Godkjent av kommunestyret 14.02.2024").as_deref(),
            Some("2024-02-14")
        );
        assert_eq!(date_in("Godkjent av kommunestyret [dato]"), None);
        assert_eq!(strip_date("Driv 12. desember 2023"), "Driv");
    }
}
