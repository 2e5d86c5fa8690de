//! Figure-by-figure comparison of two versions of a plan, after `figures`: every figure the
//! documents show, named as the documents name it, with its value as data (amount and state,
//! share, count). The changes section of a revised plan and `diff` both come from here; they
//! format the values only when they show them.

use crate::figures::Figures;
use crate::format;
use crate::money::Figure;
use crate::plan::Plan;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// One figure that differs: its name, and its value before and after (None when the figure
/// is not in that version at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A figure's value with its kind, compared as data: an amount keeps its state, so a
/// provisional figure made final by the accounts is a change even when the amount is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Year(i32),
    Count(u64),
    Amount(Figure),
    Share(Decimal),
}

impl Value {
    /// Whether the value is a provisional or unknown amount.
    pub fn is_provisional(&self) -> bool {
        matches!(self, Value::Amount(f) if f.is_provisional())
    }

    /// The value as the documents show it.
    pub fn display(&self) -> String {
        match self {
            Value::Year(y) => y.to_string(),
            Value::Count(n) => n.to_string(),
            Value::Amount(f) => format::figure(*f),
            Value::Share(s) => format::percent(*s),
        }
    }

    /// The value as a nynorsk (`nn`) or bokmål document shows it.
    pub fn display_in(&self, nn: bool) -> String {
        match self {
            Value::Amount(f) => format::figure_in(*f, nn),
            other => other.display(),
        }
    }
}

/// Every figure of a plan, in document order, as (name as the documents name it, value).
pub fn labelled_figures(plan: &Plan, f: &Figures) -> Vec<(String, Value)> {
    // Labels read as the document names the figure, in the plan's målform.
    let nn = plan.program.målform == crate::plan::Målform::Nynorsk;
    let word = |nb: &'static str, nynorsk: &'static str| if nn { nynorsk } else { nb };
    let (jobs_word, applicable, granted_word, remaining_word) = (
        word("arbeidsplasser", "arbeidsplassar"),
        word("Søkbare midler", "Søkbare midlar"),
        word("Innvilget", "Innvilga"),
        word("Gjenstående", "Ståande att"),
    );
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut push = |label: String, value: Value| out.push((label, value));
    push("Planår".into(), Value::Year(plan.program.år.value));
    push(
        "Arbeidsplassmål for perioden".into(),
        Value::Count(u64::from(plan.program.arbeidsplassmål.value.0)),
    );
    for row in &f.jobs.rows {
        for (year, jobs) in f.jobs.years.iter().zip(&row.per_year) {
            push(
                format!("Arbeidsplassmål {year}, {}", row.name),
                Value::Count(u64::from(*jobs)),
            );
        }
    }
    for (year, sum) in f.jobs.years.iter().zip(&f.jobs.year_sums) {
        push(
            format!("Sum {jobs_word} {year}"),
            Value::Count(u64::from(*sum)),
        );
    }
    if let Some(results) = &plan.resultater {
        for (year, jobs) in &results.oppnådde_arbeidsplasser {
            push(
                format!("Oppnådde {jobs_word} {year}"),
                Value::Count(u64::from(jobs.value.0)),
            );
        }
    }
    for (area, af) in plan.innsatsområder.iter().zip(&f.areas) {
        let name = &area.navn.value;
        for (s, sf) in area.strategier.iter().zip(&af.strategies) {
            let strategy = match &sf.letter {
                Some(letter) => format!("strategi {letter} {} ({name})", s.navn),
                None => format!("strategi {} ({name})", s.navn),
            };
            for (what, value) in [
                ("Budsjett", sf.budget),
                (applicable, sf.applicable),
                (granted_word, sf.granted),
                (remaining_word, sf.granted.and(sf.remaining)),
            ] {
                if let Some(v) = value {
                    push(format!("{what}, {strategy}"), Value::Amount(v));
                }
            }
        }
        let r = &af.resources;
        for (what, value) in [
            ("Prosjektkostnader", Some(r.project_costs)),
            // Søkbare midler the plan does not give are not a figure of 0.
            (
                applicable,
                af.applicable_funds_given.then_some(r.applicable_funds),
            ),
            ("Programmets ressursinnsats", Some(r.programme_effort)),
            ("Sum kostnader", Some(r.sum)),
            (granted_word, af.granted),
            (remaining_word, af.remaining),
        ] {
            if let Some(v) = value {
                push(format!("{what}, {name}"), Value::Amount(v));
            }
        }
    }
    let s = &f.subtotal;
    push(
        "Delsum prosjektkostnader".into(),
        Value::Amount(s.project_costs),
    );
    push(
        format!("Delsum {}", applicable.to_lowercase()),
        Value::Amount(s.applicable_funds),
    );
    push(
        "Delsum programmets ressursinnsats".into(),
        Value::Amount(s.programme_effort),
    );
    push("Delsum kostnader".into(), Value::Amount(s.sum));
    for (name, cost) in &f.other_costs {
        push(name.clone(), Value::Amount(*cost));
    }
    push("Administrasjon".into(), Value::Amount(f.administration));
    push(
        word("Samlet kostnad", "Samla kostnad").into(),
        Value::Amount(f.total_cost),
    );
    for row in &f.financing {
        if let Some(share) = row.share {
            push(
                format!(
                    "{}, {}",
                    word("Andel av finansieringen", "Del av finansieringa"),
                    row.name
                ),
                Value::Share(share),
            );
        }
        push(
            format!(
                "{} {}",
                word("Finansiering fra", "Finansiering frå"),
                row.name
            ),
            Value::Amount(row.amount),
        );
    }
    push(
        "Finansiering totalt".into(),
        Value::Amount(f.financing_total),
    );
    if let Some(m) = &f.municipalities {
        for row in &m.rows {
            push(
                format!(
                    "{}, {}",
                    word("Kommunenes andel", "Kommunane sin del"),
                    row.name
                ),
                Value::Amount(row.sum),
            );
        }
    }
    out
}

/// The figures that differ between two versions, in the order of the newer version (figures
/// only in the older one come last, in their own order).
pub fn changes(old: &[(String, Value)], new: &[(String, Value)]) -> Vec<Change> {
    let old_map: HashMap<&str, Value> = old.iter().map(|(l, v)| (l.as_str(), *v)).collect();
    let new_labels: HashSet<&str> = new.iter().map(|(l, _)| l.as_str()).collect();
    let mut out: Vec<Change> = new
        .iter()
        .filter_map(|(label, value)| match old_map.get(label.as_str()) {
            Some(before) if before == value => None,
            before => Some(Change {
                label: label.clone(),
                before: before.copied(),
                after: Some(*value),
            }),
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|(label, _)| !new_labels.contains(label.as_str()))
            .map(|(label, value)| Change {
                label: label.clone(),
                before: Some(*value),
                after: None,
            }),
    );
    out
}

/// The comparison of two plans, figure by figure.
pub fn compare(old: (&Plan, &Figures), new: (&Plan, &Figures)) -> Vec<Change> {
    changes(
        &labelled_figures(old.0, old.1),
        &labelled_figures(new.0, new.1),
    )
}

/// What the cover and the changes section say about a revised plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub accounts_year: i32,
    pub approved: time::Date,
    pub revised: time::Date,
}

/// A plan revised after the accounts: what the cover says, and every figure that changed.
#[derive(Debug, Clone)]
pub struct Revised {
    pub revision: Revision,
    pub changes: Vec<Change>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn figures(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
        pairs.iter().map(|(l, v)| (l.to_string(), *v)).collect()
    }

    #[test]
    fn only_changed_added_and_removed_figures_are_listed() {
        let amount = |v| Value::Amount(Figure::Final(v));
        let old = figures(&[
            ("A", amount(dec!(1))),
            ("B", amount(dec!(2))),
            ("Gone", Value::Count(3)),
        ]);
        let new = figures(&[
            ("A", amount(dec!(1))),
            ("B", amount(dec!(5))),
            ("New", Value::Count(4)),
        ]);
        assert_eq!(
            changes(&old, &new),
            vec![
                Change {
                    label: "B".into(),
                    before: Some(amount(dec!(2))),
                    after: Some(amount(dec!(5)))
                },
                Change {
                    label: "New".into(),
                    before: None,
                    after: Some(Value::Count(4))
                },
                Change {
                    label: "Gone".into(),
                    before: Some(Value::Count(3)),
                    after: None
                },
            ]
        );
        assert_eq!(changes(&old, &old), vec![]);
    }

    #[test]
    fn a_provisional_figure_made_final_is_a_change_even_at_the_same_amount() {
        let old = figures(&[("Overføring", Value::Amount(Figure::Provisional(dec!(500))))]);
        let new = figures(&[("Overføring", Value::Amount(Figure::Final(dec!(500))))]);
        let c = changes(&old, &new);
        assert_eq!(c.len(), 1);
        assert!(c[0].before.unwrap().is_provisional());
        assert_eq!(c[0].before.unwrap().display(), "500*");
        assert_eq!(c[0].after.unwrap().display(), "500");
    }

    #[test]
    fn a_strategys_funds_and_a_cost_line_are_figures_named_by_their_area_and_name() {
        use crate::figures::tests::{BASE, plan_from};
        let plan = |funds: &str, cost: &str| {
            let yaml = BASE
                .replace(
                    "budsjett: 300000, innvilget: 100000",
                    &format!("budsjett: 300000, søkbare_midler: {funds}"),
                )
                .replace("    søkbare_midler: 100000\n", "")
                .replace(
                    "{ bokstav: C, navn: Tre }",
                    "{ navn: Tre, budsjett: 150000 }",
                );
            plan_from(&format!(
                "{yaml}andre_kostnader:\n  - {{ navn: Uforutsett, beløp: {cost} }}\nfinansiering:\n  - {{ kilde: KDD, andel: 100 }}\n"
            ))
        };
        let (old, new) = (plan("100000", "50000"), plan("200000", "80000"));
        let (fo, fn_) = (crate::figures::compute(&old), crate::figures::compute(&new));
        let labels: Vec<String> = compare((&old, &fo), (&new, &fn_))
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert!(
            labels.contains(&"Søkbare midler, strategi A En (Industri)".to_string()),
            "{labels:?}"
        );
        assert!(labels.contains(&"Uforutsett".to_string()), "{labels:?}");
        // A strategy without a letter is named by its name alone.
        let figures = labelled_figures(&old, &fo);
        assert!(
            figures
                .iter()
                .any(|(l, _)| l == "Budsjett, strategi Tre (Støtte)"),
            "{figures:?}"
        );
    }
}
