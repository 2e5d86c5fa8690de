//! Figure-by-figure comparison of two versions of a plan, after `figures`: every figure the
//! documents show, named as the documents name it, and the ones whose value changed. Used by
//! `diff` and by the changes section of a plan revised after the accounts.

use crate::figures::Figures;
use crate::money::format_percent;
use crate::plan::Plan;
use crate::view::cell;

/// One figure that differs: its name, and its value before and after (None when the figure
/// is not in that version at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Every figure of a plan, in document order, as (name, value as shown in the documents).
pub fn labelled_figures(plan: &Plan, f: &Figures) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |label: String, value: String| out.push((label, value));
    push("Planår".into(), plan.program.år.value.to_string());
    push(
        "Arbeidsplassmål for perioden".into(),
        plan.program.arbeidsplassmål.value.0.to_string(),
    );
    for row in &f.jobs.rows {
        for (year, jobs) in f.jobs.years.iter().zip(&row.per_year) {
            push(
                format!("Arbeidsplassmål {year}: {}", row.name),
                jobs.to_string(),
            );
        }
    }
    for (year, sum) in f.jobs.years.iter().zip(&f.jobs.year_sums) {
        push(format!("Sum arbeidsplasser {year}"), sum.to_string());
    }
    if let Some(results) = &plan.resultater {
        for (year, jobs) in &results.oppnådde_arbeidsplasser {
            push(
                format!("Oppnådde arbeidsplasser {year}"),
                jobs.value.0.to_string(),
            );
        }
    }
    for (area, af) in plan.innsatsområder.iter().zip(&f.areas) {
        let name = &area.navn.value;
        for (s, sf) in area.strategier.iter().zip(&af.strategies) {
            let strategy = format!("{name}, {} {}", sf.letter, s.navn);
            for (what, value) in [
                ("budsjett", sf.budget),
                ("innvilget", sf.granted),
                ("gjenstående", sf.granted.and(sf.remaining)),
            ] {
                if let Some(v) = value {
                    push(format!("{strategy}: {what}"), cell(v));
                }
            }
        }
        let r = &af.resources;
        push(format!("{name}: prosjektkostnader"), cell(r.project_costs));
        push(format!("{name}: søkbare midler"), cell(r.applicable_funds));
        push(
            format!("{name}: programmets ressursinnsats"),
            cell(r.programme_effort),
        );
        push(format!("{name}: sum kostnader"), cell(r.sum));
        if let Some(g) = af.granted {
            push(format!("{name}: innvilget"), cell(g));
        }
        if let Some(g) = af.remaining {
            push(format!("{name}: gjenstående"), cell(g));
        }
    }
    let s = &f.subtotal;
    push("Delsum prosjektkostnader".into(), cell(s.project_costs));
    push("Delsum søkbare midler".into(), cell(s.applicable_funds));
    push(
        "Delsum programmets ressursinnsats".into(),
        cell(s.programme_effort),
    );
    push("Delsum kostnader".into(), cell(s.sum));
    push("Administrasjon".into(), cell(f.administration));
    push("Samlet kostnad".into(), cell(f.total_cost));
    for row in &f.financing {
        if let Some(share) = row.share {
            push(
                format!("Finansiering, {}: andel", row.name),
                format_percent(share),
            );
        }
        push(
            format!("Finansiering, {}: beløp", row.name),
            cell(row.amount),
        );
    }
    push("Finansiering totalt".into(), cell(f.financing_total));
    if let Some(m) = &f.municipalities {
        for row in &m.rows {
            push(format!("Kommunefordeling, {}", row.name), cell(row.sum));
        }
    }
    out
}

/// The figures that differ between two versions, in the order of the newer version (figures
/// only in the older one come last, in their own order).
pub fn changes(old: &[(String, String)], new: &[(String, String)]) -> Vec<Change> {
    let old_map: std::collections::HashMap<&str, &str> =
        old.iter().map(|(l, v)| (l.as_str(), v.as_str())).collect();
    let new_labels: std::collections::HashSet<&str> = new.iter().map(|(l, _)| l.as_str()).collect();
    let mut out: Vec<Change> = new
        .iter()
        .filter_map(|(label, value)| match old_map.get(label.as_str()) {
            Some(before) if before == value => None,
            before => Some(Change {
                label: label.clone(),
                before: before.map(|b| b.to_string()),
                after: Some(value.clone()),
            }),
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|(label, _)| !new_labels.contains(label.as_str()))
            .map(|(label, value)| Change {
                label: label.clone(),
                before: Some(value.clone()),
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

const ABSENT: &str = "–";

/// The changes as aligned text for the terminal.
pub fn to_text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "Ingen tall er endret.\n".into();
    }
    let width = |s: &str| s.chars().count();
    let label_width = changes.iter().map(|c| width(&c.label)).max().unwrap_or(0);
    let before_width = changes
        .iter()
        .map(|c| width(c.before.as_deref().unwrap_or(ABSENT)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for c in changes {
        let before = c.before.as_deref().unwrap_or(ABSENT);
        let after = c.after.as_deref().unwrap_or(ABSENT);
        out.push_str(&format!(
            "{}{}  {}{} → {}\n",
            c.label,
            " ".repeat(label_width - width(&c.label)),
            " ".repeat(before_width - width(before)),
            before,
            after
        ));
    }
    out.push_str(&format!("\n{} tall endret.\n", changes.len()));
    out
}

/// Escapes a table cell for Markdown.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The changes as a Markdown table, for pasting into a board case (saksframlegg).
pub fn to_markdown(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "Ingen tall er endret.\n".into();
    }
    let mut out = String::from("| Tall | Før | Etter |\n|---|---:|---:|\n");
    for c in changes {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            md_cell(&c.label),
            md_cell(c.before.as_deref().unwrap_or(ABSENT)),
            md_cell(c.after.as_deref().unwrap_or(ABSENT))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(l, v)| (l.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_changed_added_and_removed_figures_are_listed() {
        let old = figures(&[("A", "1"), ("B", "2"), ("Gone", "3")]);
        let new = figures(&[("A", "1"), ("B", "5"), ("New", "4")]);
        let c = changes(&old, &new);
        assert_eq!(
            c,
            vec![
                Change {
                    label: "B".into(),
                    before: Some("2".into()),
                    after: Some("5".into())
                },
                Change {
                    label: "New".into(),
                    before: None,
                    after: Some("4".into())
                },
                Change {
                    label: "Gone".into(),
                    before: Some("3".into()),
                    after: None
                },
            ]
        );
        assert_eq!(changes(&old, &old), vec![]);
    }

    #[test]
    fn markdown_escapes_pipes_and_marks_absent_figures() {
        let c = vec![Change {
            label: "A | B".into(),
            before: None,
            after: Some("1 000".into()),
        }];
        assert_eq!(
            to_markdown(&c),
            "| Tall | Før | Etter |\n|---|---:|---:|\n| A \\| B | – | 1 000 |\n"
        );
    }
}
