//! The view model: everything the templates show, as preformatted strings (amounts with
//! Norwegian grouping, dates in words, free text as safe XHTML). Templates never compute.

use crate::changes::Revised;
use crate::doc::{clean, escape};
use crate::figures::Figures;
use crate::format::{self, date_in_words};
use crate::markdown::Place;
use crate::money::Figure;
use crate::plan::{JobRowKind, Målform, Plan};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct View {
    pub nn: bool,
    pub lang: &'static str,
    pub title: String,
    pub accent: String,
    pub has_logo: bool,
    /// The logo's width on the cover (mm), fitted to its box.
    pub logo_width: Option<u32>,
    /// The picture on the cover, when the plan has one.
    pub cover_picture: Option<CoverPictureView>,
    pub program: ProgramView,
    pub jobs: JobsView,
    /// The programme's other quantitative targets (section 1), when the plan has any.
    pub other_targets: Option<OtherTargetsView>,
    pub results: Option<String>,
    /// Whether section 1.1 stands: the plan reports results, or the year is not the first
    /// (a first-year plan leaves 1.1 out without a word).
    pub results_shown: bool,
    /// Whether section 4 stands: the plan has a communication plan or its own words for it.
    pub communication_shown: bool,
    pub achieved: Vec<ResultRow>,
    /// Achieved figures of the other targets (section 1.1), for the targets that report any.
    pub other_results: Vec<ResultRow>,
    pub special_efforts: Option<String>,
    /// The plan's own texts in place of the template's fixed ones, by name (see
    /// `plan::TemplateText::key`), as safe XHTML; an empty text removes the template's.
    pub texts: BTreeMap<&'static str, String>,
    /// The plan's own chapters, as markup, by the template's place name (every place, empty
    /// where the plan has none).
    pub chapters: BTreeMap<&'static str, String>,
    /// The plan's own headings on the template's sections, by `plan::Section::key`.
    pub headings: BTreeMap<&'static str, String>,
    /// The number each of the template's sections has («1.», «1.1», or in sequence «2.»).
    pub section_numbers: BTreeMap<&'static str, String>,
    pub areas: Vec<AreaView>,
    pub tracks_grants: bool,
    pub resources: Vec<ResourceRowView>,
    pub subtotal: ResourceRowView,
    /// Whether table 3.1 has the column «Programmets ressursinnsats» (the plan gives it).
    pub effort_shown: bool,
    /// Whether a cell of table 3.1 reads «–» (a figure the plan does not give): the note under
    /// the table says so.
    pub resources_not_given: bool,
    /// Table 3.1's rows between Delsum and the administration (`andre_kostnader`).
    pub other_costs: Vec<OtherCostView>,
    /// The other cost rows' explanations, numbered as their markers.
    pub other_cost_notes: Vec<NoteView>,
    pub administration: String,
    pub administration_note: Option<String>,
    pub effort_note: Option<String>,
    pub total_cost: String,
    pub financing: FinancingView,
    /// The markers of the template's own notes under the tables.
    pub marks: Marks,
    pub provisional: bool,
    pub provisional_note: String,
    /// Set when the plan is revised after the approved accounts.
    pub revision: Option<RevisionView>,
    pub communication: Option<CommunicationView>,
    /// The job-targets chart of section 1, when the table has rows.
    pub jobs_chart: Option<ChartView>,
}

/// A cost line of table 3.1 that is neither an area nor the administration.
#[derive(Debug, Serialize)]
pub struct OtherCostView {
    pub name: String,
    pub amount: String,
    /// The marker of its explanation under the table, empty without one.
    pub marker: String,
}

/// The picture on the cover: what it shows, and its width (mm) fitted to the cover.
#[derive(Debug, Serialize)]
pub struct CoverPictureView {
    pub alt: String,
    pub width: u32,
}

/// The markers («¹», «²») of the template's notes under its tables, each empty when the
/// note is not printed.
#[derive(Debug, Serialize, Default)]
pub struct Marks {
    /// The job table's rows of areas without a job target.
    pub without_target: String,
    /// The strategy tables' column Strategi (only when the plan writes the note).
    pub strategy: String,
    /// The strategy tables' «Søkbare midler» / «Sum innsatsområde» (only when the plan
    /// writes the note).
    pub area_sum: String,
    /// Table 3.1's «Programmets ressursinnsats».
    pub effort: String,
    /// Table 3.1's «Administrative kostnader til programledelse».
    pub administration: String,
}

/// Section 3.2: the financing table, its notes, and the split between municipalities.
#[derive(Debug, Serialize)]
pub struct FinancingView {
    pub rows: Vec<FundingView>,
    pub has_notes: bool,
    /// The rows' notes, numbered as their markers.
    pub notes: Vec<NoteView>,
    /// The note under the whole table.
    pub table_note: Option<String>,
    /// What the Forklaring column says on the Totalt row.
    pub total_note: Option<String>,
    /// Said under the table when a source has both a share (the funding model's) and a fixed
    /// amount that is not that share of the total.
    pub model_note: Option<String>,
    pub total_share: String,
    pub total: String,
    pub municipalities: Option<MunicipalitiesView>,
}

/// A figure's alt text (the whole content in words) and caption.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub alt: String,
    pub caption: String,
}

/// A row of section 1.1: a year before the plan year (or the years up to one, for a
/// cumulative figure), its target and what was achieved.
#[derive(Debug, Serialize)]
pub struct ResultRow {
    /// What is measured (the other targets' table; empty for jobs).
    pub name: String,
    /// "2023", or "2022–2023 samlet" for a cumulative figure.
    pub year: String,
    pub target: String,
    pub achieved: String,
    /// A cumulative row (shown as a sum row).
    pub cumulative: bool,
}

/// A note under a table, with the marker its row carries.
#[derive(Debug, Serialize)]
pub struct NoteView {
    pub marker: String,
    /// Safe inline XHTML.
    pub text: String,
}

/// Section 1's table of the other targets.
#[derive(Debug, Serialize)]
pub struct OtherTargetsView {
    pub years: Vec<i32>,
    pub rows: Vec<OtherTargetRow>,
    /// Whether some target is given for the whole period (then the column shows).
    pub has_period: bool,
    pub notes: Vec<NoteView>,
}

#[derive(Debug, Serialize)]
pub struct OtherTargetRow {
    pub name: String,
    pub marker: String,
    pub cells: Vec<String>,
    pub period: String,
}

#[derive(Debug, Serialize)]
pub struct RevisionView {
    pub accounts_year: i32,
    pub approved: String,
    pub revised: String,
    pub changes: Vec<ChangeView>,
    /// Whether some «before» figure was provisional (marked `*`), so the table needs the key.
    pub provisional_before: bool,
}

#[derive(Debug, Serialize)]
pub struct ChangeView {
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Serialize)]
pub struct ProgramView {
    pub name: String,
    /// What the programme calls its omstillingsplan («omstillingsplanen 2022–27»).
    pub plan_name: String,
    pub area: String,
    pub vision: Option<String>,
    pub year: i32,
    pub from: i32,
    pub to: i32,
    pub period_target: u32,
    pub year_target: String,
    pub board_date: Option<String>,
    pub council_date: Option<String>,
    pub approved_by: String,
    pub author: String,
}

#[derive(Debug, Serialize)]
pub struct JobsView {
    pub by_industry: bool,
    /// The rows are the programme's own targets per year, not split on areas or industries.
    pub undivided: bool,
    pub years: Vec<i32>,
    pub rows: Vec<JobRowView>,
    /// The sum per year, «–» for a year no row gives a target for.
    pub year_sums: Vec<String>,
    pub total: u32,
    pub without_target: Vec<String>,
    pub note: Option<String>,
    /// The rows' own notes, numbered after the note on areas without a target.
    pub notes: Vec<NoteView>,
}

#[derive(Debug, Serialize)]
pub struct JobRowView {
    pub name: String,
    pub marker: String,
    /// The target per year, «–» for a year the plan gives none.
    pub cells: Vec<String>,
    pub sum: u32,
}

#[derive(Debug, Serialize)]
pub struct AreaView {
    /// The plan's chapters placed right before this area, as markup.
    pub chapters_before: String,
    pub number: String,
    pub name: String,
    pub description: Option<String>,
    pub period_goal: Option<String>,
    pub impact_goal: Option<String>,
    /// The year the impact goal is for, when the plan gives it.
    pub impact_goal_year: Option<i32>,
    pub result_goal: Option<String>,
    /// Whether the budget is given per strategy (or grants are, or no budget at all); when
    /// it is given only for the area as a whole, the strategy table has no figure columns and
    /// the area's total stands once, in a line under it.
    pub by_strategy: bool,
    pub strategies: Vec<StrategyView>,
    /// Whether some strategy gives its søkbare midler: the table then has a column for them.
    pub applicable_by_strategy: bool,
    /// The strategy rows' notes, numbered after the table's ¹ and ².
    pub notes: Vec<NoteView>,
    pub project_costs: String,
    pub applicable_funds: String,
    /// Whether the plan gives the area's søkbare midler (else they read «–», or the row is
    /// left out where the area's total stands alone).
    pub applicable_funds_given: bool,
    pub area_sum: String,
    /// The same three figures in running text, with their unit («500 000 kr»).
    pub project_costs_kr: String,
    pub applicable_funds_kr: String,
    pub area_sum_kr: String,
    pub granted: String,
    pub remaining: String,
    /// «Gjenstående» of «Sum innsatsområde»: the area's sum less what is granted.
    pub sum_remaining: String,
    pub comment: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StrategyView {
    /// The strategy's identifier as the plan writes it: «A», «A.», «3.1.1»; empty when it has
    /// none.
    pub letter: String,
    /// The identifier and name as the table heads the strategy: «A: Navn», «A. Navn», or the
    /// name alone.
    pub label: String,
    pub name: String,
    pub content: Option<String>,
    pub measures: Option<String>,
    pub goal: Option<String>,
    pub budget: String,
    /// Herav søkbare midler: «–» where the strategy does not give them.
    pub applicable: String,
    pub granted: String,
    pub remaining: String,
    pub marker: String,
}

#[derive(Debug, Serialize)]
pub struct ResourceRowView {
    pub name: String,
    pub project_costs: String,
    pub applicable_funds: String,
    pub programme_effort: String,
    pub sum: String,
}

#[derive(Debug, Serialize)]
pub struct FundingView {
    pub name: String,
    pub marker: String,
    pub share: String,
    pub amount: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MunicipalitiesView {
    pub source: String,
    pub key: String,
    pub rows: Vec<MunicipalityView>,
    pub population_total: String,
    pub equal_total: String,
    pub population_part_total: String,
    pub total: String,
}

#[derive(Debug, Serialize)]
pub struct MunicipalityView {
    pub name: String,
    pub population: String,
    pub equal_part: String,
    pub population_part: String,
    pub sum: String,
}

#[derive(Debug, Serialize)]
pub struct CommunicationView {
    pub text: Option<String>,
    pub audiences: Option<String>,
    /// Activities ordered by their first month.
    pub activities: Vec<ActivityView>,
    /// The year's events ordered by month, for the wheel's table.
    pub events: Vec<EventView>,
    pub wheel: ChartView,
}

#[derive(Debug, Serialize)]
pub struct ActivityView {
    pub what: String,
    pub audience: String,
    pub channel: String,
    pub owner: String,
    pub when: String,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub month: String,
    pub what: String,
    pub kind: String,
}

/// Free text at its place, as markup (`None` when the plan gives none).
fn md(text: &Option<String>, place: Place) -> Option<String> {
    text.as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::markdown::to_markup(t, place))
}

/// Free text whose first paragraph begins with a bold label («Effektmål:»).
fn md_labelled(text: &Option<String>, label: &str, level: u8) -> Option<String> {
    text.as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::markdown::labelled(&format!("<b>{}</b>", escape(label)), t, level))
}

/// The wheel's events in month order (the whole year first), as the plan lists them within a
/// month. An event listed in several months or ranges is on the wheel once for each.
pub fn wheel_events(c: &crate::plan::CommunicationPlan) -> Vec<crate::chart::wheel::WheelEvent> {
    use crate::chart::wheel::{Mark, WheelEvent};
    use crate::plan::Months;
    let mut events: Vec<WheelEvent> = c
        .hendelser
        .iter()
        .flat_map(|e| {
            let marks: Vec<Mark> = match &e.måned.value {
                Months::Ongoing => vec![Mark::WholeYear],
                Months::Spans(spans) => spans.iter().map(|s| Mark::Months(*s)).collect(),
            };
            marks.into_iter().map(|mark| WheelEvent {
                name: clean(&e.hendelse),
                mark,
                kind: e.kind.unwrap_or(crate::plan::EventKind::Annet),
            })
        })
        .collect();
    events.sort_by_key(|e| e.mark.first_month());
    events
}

fn communication_view(
    c: &crate::plan::CommunicationPlan,
    year: i32,
    målform: Målform,
) -> CommunicationView {
    let nn = målform == Målform::Nynorsk;
    let mut activities: Vec<&crate::plan::Activity> = c.aktiviteter.iter().collect();
    activities.sort_by_key(|a| a.måneder.value.sort_key());
    let text_or_dash = |t: &Option<String>| t.as_deref().map(clean).unwrap_or_else(|| "–".into());
    let kind_name = |k| crate::chart::wheel::kind_style(k, målform).1;
    // The events as the plan gives them (a list of months stays one event), in month order.
    let mut plan_events: Vec<&crate::plan::Event> = c.hendelser.iter().collect();
    plan_events.sort_by_key(|e| e.måned.value.sort_key());
    let events: Vec<EventView> = plan_events
        .iter()
        .map(|e| EventView {
            month: e.måned.value.words(nn),
            what: clean(&e.hendelse),
            kind: kind_name(e.kind.unwrap_or(crate::plan::EventKind::Annet)).to_string(),
        })
        .collect();
    // The alt text names the events grouped by when they are, in the same order.
    let mut by_when: Vec<(String, Vec<String>)> = Vec::new();
    for e in &events {
        let name = format!("{} ({})", e.what, e.kind.to_lowercase());
        match by_when.last_mut() {
            Some((when, names)) if *when == e.month => names.push(name),
            _ => by_when.push((e.month.clone(), vec![name])),
        }
    }
    let by_month: Vec<String> = by_when
        .iter()
        .map(|(when, names)| format!("{when}: {}", names.join(", ")))
        .collect();
    let events_word = if nn { "hendingar" } else { "hendelser" };
    let alt = if events.is_empty() {
        format!(
            "Årshjul for {year}, {} {events_word}.",
            if nn { "utan" } else { "uten" }
        )
    } else {
        format!(
            "Årshjul for {year} med {} {events_word}: {}.",
            events.len(),
            by_month.join("; ")
        )
    };
    CommunicationView {
        text: md(&c.tekst, Place::Section { level: 1 }),
        audiences: md(&c.målgrupper, Place::Section { level: 2 }),
        activities: activities
            .iter()
            .map(|a| ActivityView {
                what: clean(&a.aktivitet),
                audience: text_or_dash(&a.målgruppe),
                channel: text_or_dash(&a.kanal),
                owner: text_or_dash(&a.ansvar),
                when: a.måneder.value.short(nn),
            })
            .collect(),
        events,
        wheel: ChartView {
            alt,
            caption: format!("Figur 1: Årshjul med viktige {events_word} i {year}"),
        },
    }
}

/// Section 1's chart: its alt text carries every yearly total, the table beside it the rest.
/// The note that tells the reader why a source's share and amount disagree: the share is the
/// funding model's, the amount is fixed; with the share of the total the amount really is.
fn financing_model_note(f: &Figures, nn: bool) -> Option<String> {
    let total = f.financing_total.value();
    let parts: Vec<String> = f
        .financing
        .iter()
        .filter(|ff| !ff.share_computed)
        .filter_map(|ff| {
            let share = ff.share?;
            let implied = ff.amount_from_share?;
            if implied == ff.amount {
                return None;
            }
            let amount = ff.amount.value()?;
            let actual = total
                .filter(|t| !t.is_zero())
                .and_then(|t| {
                    amount
                        .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?
                        .checked_div(t)
                })
                // «av totalen» and «i modellen» read the same in bokmål and nynorsk.
                .map(|p| format!(", {} av totalen", format::percent(p.round_dp(0))))
                .unwrap_or_default();
            Some(format!(
                "{}: {} i modellen, {}{actual}",
                clean(&ff.name),
                format::percent(share),
                format::kr(amount),
            ))
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(if nn {
        format!(
            "Andel er fordelinga i finansieringsmodellen; summen er det faste beløpet kjelda gir i år ({}).",
            parts.join("; ")
        )
    } else {
        format!(
            "Andel er fordelingen i finansieringsmodellen; summen er det faste beløpet kilden gir i år ({}).",
            parts.join("; ")
        )
    })
}

/// The plan's replacements for the template's fixed texts. A communication plan's own `tekst`
/// takes the place of section 4's first paragraph (it says the same in the programme's words),
/// unless `tekster: kommunikasjon` is given too.
fn texts(plan: &Plan) -> BTreeMap<&'static str, String> {
    use crate::plan::TemplateText;
    let mut texts: BTreeMap<&'static str, String> = plan
        .tekster
        .iter()
        // An empty text leaves the paragraph or the note out (see `marks`).
        .map(|(name, text)| {
            // A note stands inside the template's own paragraph, after its marker.
            let shown = crate::markdown::to_markup(text, name.place());
            (name.key(), shown)
        })
        .collect();
    if let Some(own) = plan
        .kommunikasjonsplan
        .as_ref()
        .and_then(|c| c.tekst.as_deref())
        .filter(|t| !t.trim().is_empty())
    {
        texts
            .entry(TemplateText::Kommunikasjon.key())
            .or_insert_with(|| {
                crate::markdown::to_markup(own, TemplateText::Kommunikasjon.place())
            });
    }
    if plan.kommunikasjonsplan.is_some() {
        let title = escape(&communication_title(plan));
        for key in [
            TemplateText::Kommunikasjon.key(),
            TemplateText::KommunikasjonVedlegg.key(),
        ] {
            if let Some(text) = texts.get_mut(key) {
                *text = link_first_mention(text, &title, crate::doc::Sibling::Communication);
            }
        }
    }
    texts
}

/// The communication plan's title, as its cover and running header give it.
fn communication_title(plan: &Plan) -> String {
    format!(
        "Kommunikasjonsplan {} – Omstilling i {}",
        plan.program.år.value,
        clean(&plan.program.område)
    )
}

/// The plan's own words about its attachment link its title to it, as the template's words
/// do: the first mention of `title` (escaped, as in `markup`; a line break may stand for a
/// space) that is in the text, not in a tag or another link, becomes a link to `to`. The
/// words stay as the plan wrote them.
fn link_first_mention(markup: &str, title: &str, to: crate::doc::Sibling) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return markup.to_string();
    };
    let mut from = 0;
    while let Some(found) = markup[from..].find(first) {
        let start = from + found;
        from = start + first.len();
        let before = &markup[..start];
        let in_tag = before.rfind('<') > before.rfind('>');
        let in_link = before.rfind("<a ") > before.rfind("</a>");
        if in_tag || in_link {
            continue;
        }
        // Each further word after at least one space or line break.
        let mut end = Some(from);
        for word in rest {
            end = end.and_then(|at| {
                let after = &markup[at..];
                let spaced = after.trim_start();
                (spaced.len() < after.len() && spaced.starts_with(word))
                    .then(|| at + (after.len() - spaced.len()) + word.len())
            });
        }
        // The whole title, not the start of a longer word («Drangedalsporten»).
        let end = end.filter(|e| {
            !markup[*e..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        });
        if let Some(end) = end {
            return format!(
                "{}<a href=\"{}\">{}</a>{}",
                &markup[..start],
                to.href(),
                &markup[start..end],
                &markup[end..]
            );
        }
    }
    markup.to_string()
}

/// The plan's chapters at each place, in the plan's order: heading (in the contents, with
/// its number when the plan numbers in sequence) and text. A chapter placed before a named
/// area is not among them: it stands with that area (`AreaView::chapters_before`).
fn chapters(plan: &Plan, numbers: &Numbers) -> BTreeMap<&'static str, String> {
    crate::plan::ChapterPlace::ALL
        .iter()
        .map(|place| {
            let markup = chapters_markup(plan, numbers, |c| {
                c.plassering == *place && before_which_area(plan, c).is_none()
            });
            (place.key(), markup)
        })
        .collect()
}

/// The area (by index) a chapter stands right before, when it names one that the plan has.
fn before_which_area(plan: &Plan, c: &crate::plan::Chapter) -> Option<usize> {
    if c.plassering != crate::plan::ChapterPlace::In2 {
        return None;
    }
    plan.innsatsområder
        .iter()
        .position(|a| c.before_area(&a.navn.value))
}

/// The markup of the chapters `which` picks, in the plan's order.
fn chapters_markup(
    plan: &Plan,
    numbers: &Numbers,
    which: impl Fn(&crate::plan::Chapter) -> bool,
) -> String {
    plan.kapitler
        .iter()
        .zip(&numbers.chapters)
        .filter(|(c, _)| which(c))
        .map(|(c, number)| {
            let level = c.level();
            let text = md(&c.tekst, Place::Section { level }).unwrap_or_default();
            let number = if number.is_empty() {
                String::new()
            } else {
                format!("{number} ")
            };
            match &c.overskrift {
                Some(heading) => format!(
                    "<h{level}>{number}{}</h{level}>\n{text}\n",
                    escape(&heading.value)
                ),
                // A chapter without a heading: its text alone, at its place.
                None => format!("{text}\n"),
            }
        })
        .collect()
}

/// Job counts as the table shows them: «–» where the plan gives none.
fn given_or_dash(counts: &[u32], given: &[bool]) -> Vec<String> {
    counts
        .iter()
        .zip(given)
        .map(|(n, g)| if *g { n.to_string() } else { "–".to_string() })
        .collect()
}

fn jobs_chart_view(f: &Figures, nn: bool) -> Option<ChartView> {
    let jobs = &f.jobs;
    // A chart of nothing (no rows, or every target 0, as in the blank template) says nothing.
    if !jobs.worth_a_chart() {
        return None;
    }
    let (first, last) = (jobs.years[0], jobs.years[jobs.years.len() - 1]);
    let per_year: Vec<String> = jobs
        .years
        .iter()
        .zip(&jobs.year_sums)
        .map(|(y, n)| format!("{y}: {n}"))
        .collect();
    let rows: Vec<String> = jobs.rows.iter().map(|r| clean(&r.name)).collect();
    Some(ChartView {
        alt: if nn {
            format!(
                "Stolpediagram over arbeidsplassmåla per år {first}–{last}, delt på {}. Sum per år: {}; til saman {}. Tala står i tabellen over.",
                rows.join(", "),
                per_year.join(", "),
                jobs.total
            )
        } else {
            format!(
                "Stolpediagram over arbeidsplassmålene per år {first}–{last}, fordelt på {}. Sum per år: {}; til sammen {}. Tallene står i tabellen over.",
                rows.join(", "),
                per_year.join(", "),
                jobs.total
            )
        },
        caption: format!("Arbeidsplassmål per år {first}–{last}"),
    })
}

/// Row notes of a table: each row with a note gets the next marker from `first`; returns
/// the markers (empty for rows without a note) and the notes in order.
fn number_notes(notes: &[Option<&str>], first: usize) -> (Vec<String>, Vec<NoteView>) {
    let mut next = first;
    let mut list = Vec::new();
    let markers = notes
        .iter()
        .map(|n| match n.filter(|t| !t.trim().is_empty()) {
            Some(text) => {
                let marker = format::superscript(next);
                next = next.saturating_add(1);
                list.push(NoteView {
                    marker: marker.clone(),
                    text: crate::markdown::to_markup(text, Place::Line),
                });
                marker
            }
            None => String::new(),
        })
        .collect();
    (markers, list)
}

/// «ikke rapportert» in the plan's målform.
fn not_reported(nn: bool) -> String {
    if nn {
        format::NOT_REPORTED_NN
    } else {
        format::NOT_REPORTED
    }
    .to_string()
}

/// The label of a cumulative row: "2022–2023 samlet" (nn «samla»).
fn cumulative_label(from: i32, to: i32, nn: bool) -> String {
    let word = if nn { "samla" } else { "samlet" };
    if from == to {
        format!("{to} {word}")
    } else {
        format!("{from}–{to} {word}")
    }
}

/// Section 1.1's table, when the plan reports any result: every year of the period before
/// the plan year (and any other year with a reported result), the target from the job table
/// beside what was achieved; a year without a reported figure reads «ikke rapportert», not
/// 0. A cumulative figure follows, against the targets of the same years added up. A plan
/// that reports nothing has no table (its text says what there is to say).
fn results_by_year(plan: &Plan, f: &Figures, nn: bool) -> Vec<ResultRow> {
    let reports = plan
        .resultater
        .as_ref()
        .is_some_and(|r| !r.oppnådde_arbeidsplasser.is_empty() || r.oppnådd_samlet.is_some());
    if !reports {
        return Vec::new();
    }
    let achieved = plan.resultater.as_ref().map(|r| &r.oppnådde_arbeidsplasser);
    let from = plan.program.periode.fra.value;
    let mut years: std::collections::BTreeSet<i32> = (from..plan.program.år.value).collect();
    years.extend(achieved.into_iter().flat_map(|a| a.keys().copied()));
    let dash = || format::ABSENT.to_string();
    let mut rows: Vec<ResultRow> = years
        .into_iter()
        .map(|year| ResultRow {
            name: String::new(),
            year: year.to_string(),
            target: f.jobs.for_year(year).map_or_else(dash, |t| t.to_string()),
            achieved: achieved
                .and_then(|a| a.get(&year))
                .map_or_else(|| not_reported(nn), |j| j.value.0.to_string()),
            cumulative: false,
        })
        .collect();
    if let Some(c) = plan
        .resultater
        .as_ref()
        .and_then(|r| r.oppnådd_samlet.as_ref())
    {
        let n = c.verdi.value.0.to_string();
        rows.push(ResultRow {
            name: String::new(),
            year: cumulative_label(from, c.til.value, nn),
            target: f
                .jobs
                .cumulative_to(c.til.value)
                .map_or_else(dash, |t| t.to_string()),
            achieved: if c.omtrent { format!("ca. {n}") } else { n },
            cumulative: true,
        });
    }
    rows
}

/// Section 1.1's table of the other targets: for each target that reports anything, the
/// years before the plan year (and any reported year) and the cumulative figure.
fn other_results(plan: &Plan, f: &Figures, nn: bool) -> Vec<ResultRow> {
    let from = plan.program.periode.fra.value;
    let mut rows = Vec::new();
    for (t, tf) in plan.andre_mål.iter().zip(&f.other_targets) {
        if t.oppnådd.is_empty() && t.oppnådd_samlet.is_none() {
            continue;
        }
        let name = clean(&t.navn.value);
        let mut years: std::collections::BTreeSet<i32> = (from..plan.program.år.value).collect();
        years.extend(t.oppnådd.keys().copied());
        let shown = |v: Decimal, about: bool| format::quantity(v, t.enhet.unit(), about);
        for year in years {
            rows.push(ResultRow {
                name: name.clone(),
                year: year.to_string(),
                target: t.mål.get(&year).map_or_else(
                    || format::ABSENT.to_string(),
                    |q| shown(q.value.value, false),
                ),
                achieved: t
                    .oppnådd
                    .get(&year)
                    .map_or_else(|| not_reported(nn), |q| shown(q.value.value, false)),
                cumulative: false,
            });
        }
        if let Some(c) = &t.oppnådd_samlet {
            rows.push(ResultRow {
                name: name.clone(),
                year: cumulative_label(from, c.til.value, nn),
                target: tf
                    .cumulative_to(&f.jobs.years, c.til.value)
                    .map_or_else(|| format::ABSENT.to_string(), |v| shown(v, false)),
                achieved: shown(c.verdi.value.value, c.omtrent),
                cumulative: true,
            });
        }
    }
    rows
}

/// Section 1's table of the other targets, when the plan has any.
fn other_targets_view(plan: &Plan, f: &Figures) -> Option<OtherTargetsView> {
    if plan.andre_mål.is_empty() {
        return None;
    }
    let notes: Vec<Option<&str>> = plan
        .andre_mål
        .iter()
        .map(|t| t.merknad.as_deref())
        .collect();
    let (markers, notes) = number_notes(&notes, 1);
    let rows = plan
        .andre_mål
        .iter()
        .zip(&f.other_targets)
        .zip(markers)
        .map(|((t, tf), marker)| {
            let shown = |v: Option<Decimal>| {
                v.map_or_else(
                    || format::ABSENT.to_string(),
                    |v| format::quantity(v, t.enhet.unit(), false),
                )
            };
            OtherTargetRow {
                name: clean(&t.navn.value),
                marker,
                cells: tf.per_year.iter().map(|v| shown(*v)).collect(),
                period: shown(tf.period),
            }
        })
        .collect();
    Some(OtherTargetsView {
        years: f.jobs.years.clone(),
        rows,
        has_period: plan.andre_mål.iter().any(|t| t.periodemål.is_some()),
        notes,
    })
}

fn revision_view(r: &Revised, nn: bool) -> RevisionView {
    let shown = |v: &Option<crate::changes::Value>| {
        v.map_or_else(|| format::ABSENT.to_string(), |v| v.display_in(nn))
    };
    RevisionView {
        provisional_before: r
            .changes
            .iter()
            .any(|c| c.before.is_some_and(|b| b.is_provisional())),
        accounts_year: r.revision.accounts_year,
        approved: date_in_words(r.revision.approved),
        revised: date_in_words(r.revision.revised),
        changes: r
            .changes
            .iter()
            .map(|c| ChangeView {
                label: clean(&c.label),
                before: shown(&c.before),
                after: shown(&c.after),
            })
            .collect(),
    }
}

/// The sizes of the cover's images (width over height), when the plan has them: the
/// template gives each the width that keeps the cover on one page.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoverImages {
    pub logo: Option<f64>,
    pub picture: Option<f64>,
}

/// The widest and tallest the cover's picture and logo may be, in millimetres.
const PICTURE_MAX: (f64, f64) = (160.0, 85.0);
const LOGO_MAX: (f64, f64) = (50.0, 22.0);

/// The width (mm) that fits an image of this aspect (width over height) in the box.
fn fitted_width(aspect: f64, (max_w, max_h): (f64, f64)) -> u32 {
    let width = if aspect.is_finite() && aspect > 0.0 {
        max_w.min(max_h * aspect)
    } else {
        max_w
    };
    (width.round() as u32).max(10)
}

/// The whole view of a plan: the cover, then each of the template's sections in order.
pub fn build(plan: &Plan, f: &Figures, revised: Option<&Revised>, cover: CoverImages) -> View {
    let p = &plan.program;
    let nn = p.målform == Målform::Nynorsk;
    // A figure in a table cell, in the plan's målform («ikkje kjent*»).
    let cell = |figure| format::figure_in(figure, nn);
    let year = p.år.value;
    let texts = texts(plan);
    let marks = marks(plan, f, &texts);
    let numbers = numbers(plan);
    let (other_costs, other_cost_notes) = other_costs_view(plan, f, &marks);
    View {
        nn,
        lang: if nn { "nn-NO" } else { "nb-NO" },
        title: format!("Handlingsplan {year} – Omstilling i {}", clean(&p.område)),
        accent: p.aksentfarge.clone().unwrap_or_else(|| "#1F4E79".into()),
        has_logo: cover.logo.is_some(),
        logo_width: cover.logo.map(|a| fitted_width(a, LOGO_MAX)),
        cover_picture: p
            .forsidebilde
            .as_ref()
            .zip(cover.picture)
            .map(|(c, aspect)| CoverPictureView {
                alt: clean(c.tekst.trim()),
                width: fitted_width(aspect, PICTURE_MAX),
            }),
        program: program_view(plan, f),
        jobs: jobs_view(plan, f, &marks),
        other_targets: other_targets_view(plan, f),
        results: plan
            .resultater
            .as_ref()
            .and_then(|r| md(&r.tekst, Place::Section { level: 2 })),
        results_shown: plan.has_results_section(),
        communication_shown: shows_communication(plan),
        achieved: results_by_year(plan, f, nn),
        other_results: other_results(plan, f, nn),
        special_efforts: md(&plan.særskilte_satsinger, Place::Section { level: 1 }),
        chapters: chapters(plan, &numbers),
        headings: headings(plan),
        areas: areas_view(plan, f, &marks, &numbers),
        section_numbers: numbers.sections,
        texts,
        tracks_grants: f.tracks_grants,
        resources: resources_view(plan, f),
        subtotal: subtotal_view(plan, f),
        effort_shown: effort_given(plan),
        resources_not_given: resources_not_given(plan, f),
        other_costs,
        other_cost_notes,
        administration: cell(f.administration),
        administration_note: md(&plan.administrasjon.forklaring, Place::Line),
        effort_note: plan
            .programmets_ressursinnsats
            .as_ref()
            .and_then(|e| md(&e.forklaring, Place::Line)),
        total_cost: cell(f.total_cost),
        financing: financing_view(plan, f),
        marks,
        provisional: provisional(f),
        revision: revised.map(|r| revision_view(r, nn)),
        provisional_note: provisional_note(year, nn),
        communication: plan
            .kommunikasjonsplan
            .as_ref()
            .map(|c| communication_view(c, year, plan.program.målform)),
        jobs_chart: jobs_chart_view(f, nn),
    }
}

/// The cover's and section 1's facts about the programme.
fn program_view(plan: &Plan, f: &Figures) -> ProgramView {
    let p = &plan.program;
    let nn = p.målform == Målform::Nynorsk;
    let year = p.år.value;
    ProgramView {
        name: clean(&p.navn),
        plan_name: p
            .omstillingsplan
            .as_deref()
            .map(clean)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| {
                if nn {
                    "omstillingsplanen"
                } else {
                    "omstillingsplan"
                }
                .into()
            }),
        area: clean(&p.område),
        vision: p
            .visjon
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(clean),
        year,
        from: p.periode.fra.value,
        to: p.periode.til.value,
        period_target: p.arbeidsplassmål.value.0,
        year_target: f
            .jobs
            .for_year(year)
            .map(|v| v.to_string())
            .unwrap_or_default(),
        board_date: p.styrebehandlet.as_ref().map(|d| date_in_words(d.value.0)),
        council_date: p
            .kommunestyregodkjent
            .as_ref()
            .map(|d| date_in_words(d.value.0)),
        approved_by: p
            .godkjent_av
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "kommunestyret".into()),
        author: p
            .forfatter
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| clean(&p.navn)),
    }
}

/// Section 1's job table, its row notes numbered after the note on areas without a target.
fn jobs_view(plan: &Plan, f: &Figures, marks: &Marks) -> JobsView {
    let row_notes: Vec<Option<&str>> = plan
        .arbeidsplasser
        .rader
        .iter()
        .map(|r| r.merknad.as_deref())
        .collect();
    let (markers, notes) = number_notes(
        &row_notes,
        1 + usize::from(!marks.without_target.is_empty()),
    );
    JobsView {
        by_industry: plan.arbeidsplasser.fordelt_på == JobRowKind::Næringer,
        undivided: plan.arbeidsplasser.fordelt_på == JobRowKind::Ingen,
        years: f.jobs.years.clone(),
        rows: f
            .jobs
            .rows
            .iter()
            .zip(&markers)
            .map(|(r, marker)| JobRowView {
                name: clean(&r.name),
                marker: marker.clone(),
                cells: given_or_dash(&r.per_year, &r.given),
                sum: r.sum,
            })
            .collect(),
        notes,
        year_sums: given_or_dash(&f.jobs.year_sums, &f.jobs.year_given),
        total: f.jobs.total,
        without_target: f.jobs.without_target.iter().map(|s| clean(s)).collect(),
        note: md(&plan.arbeidsplasser.merknad, Place::Section { level: 1 }),
    }
}

/// Section 2's focus areas, each with its strategy table; the rows' notes are numbered after
/// the table's own notes (those the plan has).
fn areas_view(plan: &Plan, f: &Figures, marks: &Marks, numbers: &Numbers) -> Vec<AreaView> {
    let nn = plan.program.målform == Målform::Nynorsk;
    // A figure in a table cell, in the plan's målform («ikkje kjent*»).
    let cell = |figure| format::figure_in(figure, nn);
    let year = plan.program.år.value;
    let table_notes = [&marks.strategy, &marks.area_sum]
        .iter()
        .filter(|m| !m.is_empty())
        .count();
    plan.innsatsområder
        .iter()
        .zip(&f.areas)
        .enumerate()
        .map(|(i, (a, af))| {
            let row_notes: Vec<Option<&str>> =
                a.strategier.iter().map(|s| s.merknad.as_deref()).collect();
            let (markers, notes) = number_notes(&row_notes, 1 + table_notes);
            AreaView {
                chapters_before: chapters_markup(plan, numbers, |c| {
                    before_which_area(plan, c) == Some(i)
                }),
                number: numbers.areas.get(i).cloned().unwrap_or_default(),
                name: clean(&a.navn.value),
                description: md_labelled(
                    &a.beskrivelse,
                    if nn { "Skildring:" } else { "Beskrivelse:" },
                    2,
                ),
                period_goal: md_labelled(
                    &a.periodemål.as_ref().map(|g| g.text().to_string()),
                    &match a.periodemål.as_ref().and_then(|g| g.period()) {
                        Some(p) => format!("Periodemål {}–{}:", p.fra.value, p.til.value),
                        None => "Periodemål:".to_string(),
                    },
                    2,
                ),
                impact_goal: md_labelled(
                    &a.effektmål.as_ref().map(|g| g.text().to_string()),
                    &match a.effektmål.as_ref().and_then(|g| g.year()) {
                        Some(y) => format!("Effektmål {}:", y.value),
                        None => "Effektmål:".to_string(),
                    },
                    2,
                ),
                impact_goal_year: a.effektmål.as_ref().and_then(|g| g.year()).map(|y| y.value),
                result_goal: md_labelled(&a.resultatmål, &format!("Resultatmål {year}:"), 2),
                by_strategy: a.budsjett.is_none()
                    || a.strategier
                        .iter()
                        .any(|s| s.budsjett.is_some() || s.innvilget.is_some()),
                notes,
                applicable_by_strategy: af.strategies.iter().any(|s| s.applicable.is_some()),
                strategies: a
                    .strategier
                    .iter()
                    .zip(&af.strategies)
                    .zip(markers)
                    .map(|((s, sf), marker)| strategy_view(s, sf, marker, nn))
                    .collect(),
                project_costs: cell(af.resources.project_costs),
                // Søkbare midler the plan does not give are shown as not given, not as 0.
                applicable_funds: if af.applicable_funds_given {
                    cell(af.resources.applicable_funds)
                } else {
                    format::ABSENT.to_string()
                },
                applicable_funds_given: af.applicable_funds_given,
                area_sum: cell(af.area_sum),
                project_costs_kr: format::figure_kr_in(af.resources.project_costs, nn),
                applicable_funds_kr: format::figure_kr_in(af.resources.applicable_funds, nn),
                area_sum_kr: format::figure_kr_in(af.area_sum, nn),
                granted: af.granted.map(cell).unwrap_or_default(),
                remaining: af.remaining.map(cell).unwrap_or_default(),
                sum_remaining: af
                    .granted
                    .map(|g| cell(af.area_sum - g))
                    .unwrap_or_default(),
                comment: comment_view(
                    &a.kommentar,
                    if nn {
                        "Kommentar til budsjettframlegget:"
                    } else {
                        "Kommentar til budsjettforslaget:"
                    },
                    2,
                ),
            }
        })
        .collect()
}

/// An area's comment under its table, labelled as the template labels it, unless the plan's
/// text opens with its own heading or bold label: a label belongs to the plan that wrote it.
fn comment_view(text: &Option<String>, label: &str, level: u8) -> Option<String> {
    let own_label = text.as_deref().is_some_and(|t| {
        let t = t.trim_start();
        t.starts_with('#') || t.starts_with("**") || t.starts_with("__")
    });
    if own_label {
        md(text, Place::Section { level })
    } else {
        md_labelled(text, label, level)
    }
}

/// One row of a strategy table.
fn strategy_view(
    s: &crate::plan::Strategy,
    sf: &crate::figures::StrategyFigures,
    marker: String,
    nn: bool,
) -> StrategyView {
    // A figure in a table cell, in the plan's målform («ikkje kjent*»).
    let cell = |figure| format::figure_in(figure, nn);
    let letter = s.bokstav.as_ref().map(|l| clean(l.value.trim()));
    StrategyView {
        marker,
        letter: letter.clone().unwrap_or_default(),
        label: crate::plan::strategy_label(letter.as_deref(), &clean(&s.navn)),
        name: clean(&s.navn),
        content: md(&s.innhold, Place::Line),
        measures: md(&s.tiltak, Place::Cell),
        goal: md(&s.prosjektmål, Place::Cell),
        budget: sf.budget.map(cell).unwrap_or_default(),
        applicable: sf
            .applicable
            .map_or_else(|| format::ABSENT.to_string(), cell),
        granted: sf.granted.map(cell).unwrap_or_default(),
        remaining: if sf.granted.is_some() {
            sf.remaining.map(cell).unwrap_or_default()
        } else {
            String::new()
        },
    }
}

/// Whether the plan gives the programme's own effort anywhere (per area or for the whole
/// programme); without it table 3.1 has no column for it.
fn effort_given(plan: &Plan) -> bool {
    plan.programmets_ressursinnsats.is_some()
        || plan
            .innsatsområder
            .iter()
            .any(|a| a.ressursinnsats.is_some())
}

/// Table 3.1's other cost lines, each with the marker of its explanation, and the
/// explanations numbered after the table's own notes (the programme's effort, the
/// administration).
fn other_costs_view(
    plan: &Plan,
    f: &Figures,
    marks: &Marks,
) -> (Vec<OtherCostView>, Vec<NoteView>) {
    let nn = plan.program.målform == Målform::Nynorsk;
    let notes: Vec<Option<&str>> = plan
        .andre_kostnader
        .iter()
        .map(|c| c.forklaring.as_deref())
        .collect();
    let first = [&marks.effort, &marks.administration]
        .iter()
        .filter(|m| !m.is_empty())
        .count()
        + 1;
    let (markers, notes) = number_notes(&notes, first);
    let rows = f
        .other_costs
        .iter()
        .zip(markers)
        .map(|((name, amount), marker)| OtherCostView {
            name: clean(name),
            amount: format::figure_in(*amount, nn),
            marker,
        })
        .collect();
    (rows, notes)
}

/// A row of table 3.1; a figure the plan does not give reads «–».
fn resource_row(
    name: &str,
    r: &crate::figures::ResourceRow,
    funds_given: bool,
    effort_given: bool,
    nn: bool,
) -> ResourceRowView {
    // A figure in a table cell, in the plan's målform («ikkje kjent*»).
    let cell = |figure| format::figure_in(figure, nn);
    let given = |given: bool, figure: Figure| {
        if given {
            cell(figure)
        } else {
            format::ABSENT.to_string()
        }
    };
    ResourceRowView {
        name: clean(name),
        project_costs: cell(r.project_costs),
        applicable_funds: given(funds_given, r.applicable_funds),
        programme_effort: given(effort_given, r.programme_effort),
        sum: cell(r.sum),
    }
}

/// Table 3.1's rows, one per focus area.
fn resources_view(plan: &Plan, f: &Figures) -> Vec<ResourceRowView> {
    let programme_wide = plan.programmets_ressursinnsats.is_some();
    plan.innsatsområder
        .iter()
        .zip(&f.areas)
        .map(|(a, af)| {
            resource_row(
                &a.navn.value,
                &af.resources,
                af.applicable_funds_given,
                programme_wide || a.ressursinnsats.is_some(),
                plan.program.målform == Målform::Nynorsk,
            )
        })
        .collect()
}

/// Whether some cell of table 3.1 shows a figure the plan does not give: søkbare midler of
/// an area that gives none, or the programme's effort where the plan gives it for some areas
/// only.
fn resources_not_given(plan: &Plan, f: &Figures) -> bool {
    let areas = &plan.innsatsområder;
    f.areas.iter().any(|a| !a.applicable_funds_given)
        || (effort_given(plan)
            && plan.programmets_ressursinnsats.is_none()
            && areas.iter().any(|a| a.ressursinnsats.is_none()))
}

/// Table 3.1's Delsum: a column's sum is given when some area gives its figure.
fn subtotal_view(plan: &Plan, f: &Figures) -> ResourceRowView {
    resource_row(
        "Delsum",
        &f.subtotal,
        f.areas.iter().any(|a| a.applicable_funds_given),
        effort_given(plan),
        plan.program.målform == Målform::Nynorsk,
    )
}

/// Section 3.2's rows, each with the marker of its note.
fn financing_view(plan: &Plan, f: &Figures) -> FinancingView {
    let nn = plan.program.målform == Målform::Nynorsk;
    // A figure in a table cell, in the plan's målform («ikkje kjent*»).
    let cell = |figure| format::figure_in(figure, nn);
    let row_notes: Vec<Option<&str>> = plan
        .finansiering
        .iter()
        .map(|s| s.merknad.as_deref())
        .collect();
    let (markers, notes) = number_notes(&row_notes, 1);
    FinancingView {
        rows: plan
            .finansiering
            .iter()
            .zip(&f.financing)
            .zip(markers)
            .map(|((s, ff), marker)| FundingView {
                name: clean(&s.kilde.value),
                marker,
                share: ff.share.map(format::percent).unwrap_or_default(),
                amount: cell(ff.amount),
                note: md(&s.forklaring, Place::Cell),
            })
            .collect(),
        has_notes: plan.finansiering.iter().any(|s| s.forklaring.is_some())
            || plan.finansiering.sum_forklaring.is_some(),
        notes,
        table_note: plan
            .finansiering
            .merknad
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| crate::markdown::to_markup(t, Place::Line)),
        total_note: plan.finansiering.sum_forklaring.as_deref().map(clean),
        model_note: financing_model_note(f, nn),
        total_share: f
            .financing_share_total
            .map(format::percent)
            .unwrap_or_default(),
        total: cell(f.financing_total),
        municipalities: municipalities_view(f, nn),
    }
}

/// The split of the municipalities' share, when the plan has one.
fn municipalities_view(f: &Figures, nn: bool) -> Option<MunicipalitiesView> {
    // A figure in a table cell, in the plan's målform («ikkje kjent*»).
    let cell = |figure| format::figure_in(figure, nn);
    let m = f.municipalities.as_ref()?;
    let (equal, population) = (
        format::percent(m.equal_percent),
        format::percent(m.population_percent),
    );
    Some(MunicipalitiesView {
        source: clean(&m.source),
        key: if nn {
            format!("{equal} likt og {population} etter innbyggjartal")
        } else {
            format!("{equal} likt og {population} etter innbyggertall")
        },
        rows: m
            .rows
            .iter()
            .map(|r| MunicipalityView {
                name: clean(&r.name),
                population: format::amount(r.population.into()),
                equal_part: cell(r.equal_part),
                population_part: cell(r.population_part),
                sum: cell(r.sum),
            })
            .collect(),
        population_total: format::amount(m.population_total.into()),
        equal_total: cell(m.equal_total),
        population_part_total: cell(m.population_part_total),
        total: cell(m.amount),
    })
}

/// Whether some figure is provisional (then the notes and the NB notice say so).
fn provisional(f: &Figures) -> bool {
    f.total_cost.is_provisional()
        || f.financing_total.is_provisional()
        || f.areas.iter().any(|a| {
            a.strategies.iter().any(|s| {
                s.budget.is_some_and(Figure::is_provisional)
                    || s.granted.is_some_and(Figure::is_provisional)
            })
        })
}

/// The template's NB notice on provisional figures.
fn provisional_note(year: i32, nn: bool) -> String {
    if nn {
        format!(
            "NB! Tala i framlegget til handlingsplan er mellombelse og må kvalitetssikrast etter godkjent rekneskap for {}.",
            year - 1
        )
    } else {
        format!(
            "NB! Oppgitte tall i forslaget til handlingsplan er midlertidige og må kvalitetssikres etter godkjent regnskap for {}.",
            year - 1
        )
    }
}

/// The markers of the template's own notes, each empty when its note is not printed: the
/// plan removed it (an empty text under `tekster:`), or, for the strategy tables' notes
/// (the template's instructions to the author), the plan did not write one.
fn marks(plan: &Plan, f: &Figures, texts: &BTreeMap<&'static str, String>) -> Marks {
    use crate::plan::TemplateText as T;
    let removed = |t: T| texts.get(t.key()).is_some_and(|s| s.trim().is_empty());
    let written = |t: T| texts.get(t.key()).is_some_and(|s| !s.trim().is_empty());
    let mut strategy_notes = [
        written(T::MerknadStrategi),
        written(T::MerknadSumInnsatsomrade),
    ]
    .into_iter()
    .scan(0, |n, shown| {
        Some(if shown {
            *n += 1;
            format::superscript(*n)
        } else {
            String::new()
        })
    });
    let (strategy, area_sum) = (
        strategy_notes.next().unwrap_or_default(),
        strategy_notes.next().unwrap_or_default(),
    );
    let effort = effort_given(plan)
        && (!removed(T::MerknadRessursinnsats)
            || plan
                .programmets_ressursinnsats
                .as_ref()
                .is_some_and(|e| e.forklaring.is_some()));
    let administration =
        !removed(T::MerknadAdministrasjon) || plan.administrasjon.forklaring.is_some();
    Marks {
        without_target: if !f.jobs.without_target.is_empty()
            && !removed(T::MerknadUtenArbeidsplassmal)
        {
            format::superscript(1)
        } else {
            String::new()
        },
        strategy,
        area_sum,
        effort: if effort {
            format::superscript(1)
        } else {
            String::new()
        },
        administration: if administration {
            format::superscript(1 + usize::from(effort))
        } else {
            String::new()
        },
    }
}

/// The numbers of the headings: the template's sections, the focus areas and the plan's own
/// chapters. By default the template's numbers, the chapters unnumbered; numbered in
/// sequence (`nummerering: sammenhengende`), every heading of level 1 and 2 in the order the
/// document has them.
struct Numbers {
    sections: BTreeMap<&'static str, String>,
    areas: Vec<String>,
    /// By the chapter's index in `kapitler`.
    chapters: Vec<String>,
}

/// A heading of the document's outline, in the template's order.
enum Heading {
    Section(crate::plan::Section),
    Area(usize),
    Chapter(usize),
}

/// Every numbered heading in the order the templates write them, with its level.
fn outline(plan: &Plan) -> Vec<(Heading, u8)> {
    use crate::plan::{ChapterPlace as C, Section as S};
    let chapters_where = |which: &dyn Fn(&crate::plan::Chapter) -> bool| -> Vec<(Heading, u8)> {
        plan.kapitler
            .iter()
            .enumerate()
            .filter(|(_, c)| which(c) && c.overskrift.is_some())
            .map(|(i, c)| (Heading::Chapter(i), c.level()))
            .collect()
    };
    let chapters_at = |place: C| {
        chapters_where(&|c| c.plassering == place && before_which_area(plan, c).is_none())
    };
    let section = |s: S| vec![(Heading::Section(s), s.level())];
    let section_if = |s: S, shown: bool| if shown { section(s) } else { Vec::new() };
    let areas: Vec<(Heading, u8)> = (0..plan.innsatsområder.len())
        .flat_map(|i| {
            let mut before = chapters_where(&|c| before_which_area(plan, c) == Some(i));
            before.push((Heading::Area(i), 2));
            before
        })
        .collect();
    [
        chapters_at(C::Before1),
        section(S::Goals),
        chapters_at(C::Start1),
        chapters_at(C::In1),
        section_if(S::Results, plan.has_results_section()),
        chapters_at(C::After1_1),
        section(S::Strategies),
        chapters_at(C::In2),
        areas,
        chapters_at(C::After2),
        section(S::Resources),
        chapters_at(C::In3),
        section(S::Effort),
        chapters_at(C::After3_1),
        section(S::Financing),
        chapters_at(C::After3_2),
        section_if(S::Communication, shows_communication(plan)),
        chapters_at(C::After4),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Whether the document has section 4: only when the plan has a communication plan or writes
/// its own text for the section.
fn shows_communication(plan: &Plan) -> bool {
    plan.kommunikasjonsplan.is_some()
        || plan
            .tekster
            .get(&crate::plan::TemplateText::Kommunikasjon)
            .is_some_and(|t| !t.trim().is_empty())
}

fn numbers(plan: &Plan) -> Numbers {
    let mut numbers = Numbers {
        sections: BTreeMap::new(),
        areas: vec![String::new(); plan.innsatsområder.len()],
        chapters: vec![String::new(); plan.kapitler.len()],
    };
    let in_sequence = plan.program.nummerering == crate::plan::Numbering::Sammenhengende;
    // The last numbers given at level 1 and 2.
    let (mut major, mut minor) = (0u32, 0u32);
    for (heading, level) in outline(plan) {
        let number = if in_sequence {
            if level <= 1 {
                major += 1;
                minor = 0;
                format!("{major}.")
            } else {
                minor += 1;
                // A sub-heading before the first chapter has no chapter to be numbered in.
                if major == 0 {
                    String::new()
                } else {
                    format!("{major}.{minor}")
                }
            }
        } else {
            match &heading {
                Heading::Section(s) => s.template_number().to_string(),
                Heading::Area(i) => format!("2.{}", i + 1),
                Heading::Chapter(_) => String::new(),
            }
        };
        match heading {
            Heading::Section(s) => {
                numbers.sections.insert(s.key(), number);
            }
            Heading::Area(i) => numbers.areas[i] = number,
            Heading::Chapter(i) => numbers.chapters[i] = number,
        }
    }
    numbers
}

/// The plan's own headings on the template's sections, by the templates' name for them.
fn headings(plan: &Plan) -> BTreeMap<&'static str, String> {
    plan.overskrifter
        .iter()
        .filter(|(_, h)| !h.trim().is_empty())
        .map(|(s, h)| (s.key(), clean(h.trim())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attachments_title_in_the_plans_own_words_links_to_it_once() {
        use crate::doc::Sibling::Communication;
        let title = "Kommunikasjonsplan 2024 – Omstilling i Drangedal";
        let linked = |t: &str| link_first_mention(t, title, Communication);
        assert_eq!(
            linked(
                "<p>Se «Kommunikasjonsplan 2024 – Omstilling i Drangedal». Og Kommunikasjonsplan 2024 – Omstilling i Drangedal.</p>"
            ),
            "<p>Se «<a href=\"dokument:kommunikasjonsplan\">Kommunikasjonsplan 2024 – Omstilling i Drangedal</a>». Og Kommunikasjonsplan 2024 – Omstilling i Drangedal.</p>"
        );
        // A line break in the plan's text stands for a space; the words stay as written.
        assert_eq!(
            linked("<p>Kommunikasjonsplan 2024 –\nOmstilling i Drangedal</p>"),
            "<p><a href=\"dokument:kommunikasjonsplan\">Kommunikasjonsplan 2024 –\nOmstilling i Drangedal</a></p>"
        );
        // Not inside a tag, another link, or a longer word; nothing when the title is not there.
        for unchanged in [
            "<p><a href=\"https://x.no\">Kommunikasjonsplan 2024 – Omstilling i Drangedal</a></p>",
            "<img alt=\"Kommunikasjonsplan 2024 – Omstilling i Drangedal\"/>",
            "<p>Kommunikasjonsplan 2024 – Omstilling i Drangedalsporten</p>",
            "<p>Kommunikasjonsplanen er vedlagt.</p>",
        ] {
            assert_eq!(linked(unchanged), unchanged);
        }
    }

    #[test]
    fn dates_in_words() {
        let d = time::Date::from_calendar_date(2023, time::Month::December, 12).unwrap();
        assert_eq!(date_in_words(d), "12. desember 2023");
    }
}
