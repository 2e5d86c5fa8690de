//! Section 1 for the structure reader: the job target sentence, the job table and its sums.

use super::Reader;
use super::draft::Draft;
use super::facts::{found_in, jobs_in, split_sentences, year_range};
use super::tables::{by_column, header};
use super::words::{bare, para_markdown, placeholder, sum_label, years};
use crate::import::docx::{Para, Table};
use crate::import::text;
use std::collections::BTreeMap;

impl Reader<'_> {
    /// A paragraph of section 1: the template's target sentence (its period and job target
    /// become the programme's), the text before the job table, or its note after it.
    pub(super) fn goals_paragraph(&mut self, p: &Para, t: &str) {
        let lower = t.to_lowercase();
        if lower.contains("skal bidra til å sikre og skape") && lower.contains("arbeidsplasser") {
            for s in split_sentences(t) {
                if self.draft.period.is_none()
                    && let Some(period) = year_range(&s)
                {
                    self.draft.period = Some(period);
                    self.draft.guess("program.periode", found_in(&s));
                }
                if self.draft.total_jobs.is_none()
                    && let Some(n) = jobs_in(&s)
                {
                    self.draft.total_jobs = Some(n);
                    self.draft.guess("program.arbeidsplassmål", found_in(&s));
                }
            }
            return;
        }
        if self.draft.job_rows.is_empty() {
            self.draft.goals_intro.push(para_markdown(p));
        } else {
            self.draft.job_note.push(para_markdown(p));
        }
    }

    /// The job table: a row per area (or industry) with its target per year; the sum rows
    /// are checked against the rows above them.
    pub(super) fn jobs(&mut self, t: &Table) {
        let first = header(t).first().cloned().unwrap_or_default();
        self.draft.job_kind_industries = first.contains("næring");
        self.jobs_intro();
        let (year_cols, rows) = job_grid(t);
        let mut stated_sums: Vec<(String, Vec<Option<u32>>)> = Vec::new();
        for (label, values) in rows {
            self.job_row(label, values, &year_cols, &mut stated_sums);
        }
        self.check_job_sums(stated_sums, &year_cols);
        self.draft.found.push(format!(
            "arbeidsplasstabellen: {} rader",
            self.draft.job_rows.len()
        ));
    }

    /// The sentence that leads into the job table («Periodisert og fordelt på næringer vil
    /// målet se slik ut:») is the plan's own in place of the template's.
    fn jobs_intro(&mut self) {
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
    }

    /// One row of the job table: a sum row (kept to be checked), a row without targets (an
    /// area without job targets) or an area's targets by year.
    fn job_row(
        &mut self,
        label: String,
        values: Vec<Option<u32>>,
        year_cols: &[(usize, i32)],
        stated_sums: &mut Vec<(String, Vec<Option<u32>>)>,
    ) {
        let lower = label.to_lowercase();
        if sum_label(&lower) {
            if lower != "sum arbeidsplasser pr år" && lower != "sum arbeidsplassar per år" {
                self.draft.texts.insert("arbeidsplasser_sum", label.clone());
            }
            stated_sums.push((label, values));
        } else if values.iter().all(Option::is_none) {
            // «-» in every year: a supporting area without job targets.
            self.draft.notes.push(format!(
                "raden «{label}» i arbeidsplasstabellen har ingen mål; innsatsområdet er merket uten arbeidsplassmål"
            ));
        } else {
            let goals: BTreeMap<i32, u32> = year_cols
                .iter()
                .zip(&values)
                .filter_map(|((_, y), v)| v.map(|v| (*y, v)))
                .collect();
            self.draft.job_rows.push((label, goals));
        }
    }

    /// The job table's sum rows against the rows above them: a difference is told.
    fn check_job_sums(
        &mut self,
        stated_sums: Vec<(String, Vec<Option<u32>>)>,
        year_cols: &[(usize, i32)],
    ) {
        for (label, values) in stated_sums {
            for ((_, y), v) in year_cols.iter().zip(values) {
                let computed: u32 = self
                    .draft
                    .job_rows
                    .iter()
                    .filter_map(|(_, g)| g.get(y))
                    .fold(0u32, |s, n| s.saturating_add(*n));
                if let Some(v) = v
                    && v != computed
                {
                    self.draft.notes.push(format!(
                        "raden «{label}» sier {v} arbeidsplasser for {y}, men radene over summerer til {computed}; planen bruker radene, se over tallene"
                    ));
                }
            }
        }
    }
}

/// Areas without job targets: marked where the job table has no row for them, and the job
/// total from the table when the text did not give it.
pub(super) fn check_jobs(d: &mut Draft) {
    lettered_job_rows(d);
    undivided_jobs(d);
    if !d.job_kind_industries && !d.jobs_undivided {
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

/// A row of the job table as read: its label and its target for each of the table's years.
type JobRowRead = (String, Vec<Option<u32>>);

/// A job table's years (with the column each stands in) and its rows, each a label and its
/// targets by year (a table with the years as rows comes here turned).
fn job_grid(t: &Table) -> (Vec<(usize, i32)>, Vec<JobRowRead>) {
    let h = header(t);
    let year_cols: Vec<(usize, i32)> = h
        .iter()
        .enumerate()
        .filter(|(_, c)| years(c).len() == 1 && c.len() <= 6)
        .map(|(i, c)| (i, years(c)[0]))
        .collect();
    let rows = t.rows.iter().skip(1).filter_map(|row| {
        let cells = by_column(row);
        let label = job_label(&cells.first()?.text());
        let values = year_cols
            .iter()
            .map(|(i, _)| {
                cells
                    .get(*i)
                    .and_then(|c| text::normalize(&c.text()).parse::<u32>().ok())
            })
            .collect();
        (!label.is_empty()).then_some((label, values))
    });
    let rows = rows.collect();
    (year_cols, rows)
}

/// Job table rows named by an area's letter and name («A Kraft og industri») where the area is
/// headed by its name («Innsatsområde A – Kraft og industri»): each row gets the area's name,
/// which the documents match its targets by, and the change is told.
fn lettered_job_rows(d: &mut Draft) {
    let areas: Vec<String> = d.areas.iter().map(|a| a.name.clone()).collect();
    let mut renamed = Vec::new();
    for (name, _) in &mut d.job_rows {
        let Some((letter, rest)) = name.split_once([' ', '.', ':', ')']) else {
            continue;
        };
        let rest = rest.trim_start_matches(['.', ':', ')', ' ', '–', '-']);
        let lettered = letter.chars().count() == 1 && letter.chars().all(char::is_alphabetic);
        if let Some(area) = areas
            .iter()
            .find(|a| lettered && bare(a).to_lowercase() == rest.to_lowercase())
        {
            renamed.push(format!("«{name}» → «{area}»"));
            *name = area.clone();
        }
    }
    if !renamed.is_empty() {
        d.found.push(format!(
            "arbeidsplasstabellens rader har innsatsområdenes navn uten bokstaven foran: {}",
            renamed.join(", ")
        ));
    }
}

/// A job table whose rows name none of the plan's areas («Nye og sikrede arbeidsplasser» by
/// year) gives the programme's own targets per year: it is kept as it is (`fordelt_på: ingen`),
/// and no area is marked as without job targets for it.
fn undivided_jobs(d: &mut Draft) {
    if d.job_kind_industries || d.job_rows.is_empty() || d.areas.is_empty() {
        return;
    }
    let areas: Vec<String> = d
        .areas
        .iter()
        .map(|a| bare(&a.name).to_lowercase())
        .collect();
    // A row that names an area, or nearly («Industri» for «Industri og energi»): the table is
    // split on the areas, and a name that differs is for check to tell.
    let names_an_area = |row: &str| {
        let row = bare(row).to_lowercase();
        areas
            .iter()
            .any(|a| *a == row || a.starts_with(&row) || row.starts_with(a.as_str()))
    };
    if d.job_rows.iter().any(|(n, _)| names_an_area(n)) {
        return;
    }
    d.jobs_undivided = true;
    let names: Vec<String> = d.job_rows.iter().map(|(n, _)| format!("«{n}»")).collect();
    d.notes.push(format!(
        "arbeidsplasstabellen er ikke fordelt på innsatsområdene: radene ({}) er programmets egne mål per år og er tatt med slik (`fordelt_på: ingen`)",
        names.join(", ")
    ));
}

/// A job table row's label without its number and footnote mark; empty for a placeholder.
fn job_label(cell: &str) -> String {
    let label = text::normalize(cell);
    if placeholder(&label) {
        return String::new();
    }
    label
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim()
        .trim_end_matches('*')
        .trim()
        .to_string()
}

/// The list of the focus areas in section 1's text, when it names exactly the plan's areas in
/// order: the template writes that list from the areas, so it is taken out of the plan's own
/// text, and the sentence that leads into it becomes the plan's words for the template's
/// (`tekster: mål_innsatsområder`).
pub(super) fn area_list(d: &mut Draft) {
    let names: Vec<String> = d
        .areas
        .iter()
        .map(|a| bare(&a.name).to_lowercase())
        .collect();
    if names.is_empty() {
        return;
    }
    let item = |p: &String| {
        let t = p.trim_start();
        let rest = t.strip_prefix("1. ").or_else(|| t.strip_prefix("- "))?;
        Some(bare(rest).to_lowercase())
    };
    let Some(start) = (0..d.goals_intro.len()).find(|&i| {
        d.goals_intro.len() >= i + names.len()
            && d.goals_intro[i..i + names.len()]
                .iter()
                .zip(&names)
                .all(|(p, n)| item(p).as_deref() == Some(n.as_str()))
    }) else {
        return;
    };
    d.goals_intro.drain(start..start + names.len());
    if start > 0 && d.goals_intro[start - 1].trim_end().ends_with(':') {
        let lead = d.goals_intro.remove(start - 1);
        d.texts.insert("mål_innsatsområder", lead);
    }
}
