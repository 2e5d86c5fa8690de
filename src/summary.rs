//! The terminal summary that `check` prints after the diagnostics: jobs per year, cost per
//! area, samlet kostnad and financing, read straight from `figures`.

use crate::figures::Figures;
use crate::format::{self, plain};
use crate::money::Figure;
use crate::plan::Plan;
use std::fmt::Write;

/// A figure as the documents show it, with plain spaces so that columns line up in any
/// terminal.
fn cell(f: Figure) -> String {
    plain(&format::figure(f))
}

/// A figure the plan may leave out (søkbare midler): «–» when it does, never 0.
fn given(given: bool, f: Figure) -> String {
    if given {
        cell(f)
    } else {
        format::ABSENT.to_string()
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(width - n))
    }
}

fn padr(s: &str, width: usize) -> String {
    let shown: String = s.chars().take(width).collect();
    let n = shown.chars().count();
    format!("{shown}{}", " ".repeat(width.saturating_sub(n)))
}

pub fn render(plan: &Plan, f: &Figures) -> String {
    let mut out = String::new();
    let p = &plan.program;
    let _ = writeln!(
        out,
        "Handlingsplan {} – Omstilling i {} ({}–{})",
        p.år.value, p.område, p.periode.fra.value, p.periode.til.value
    );
    let _ = writeln!(out);
    if f.jobs.rows.is_empty() {
        let _ = writeln!(
            out,
            "Arbeidsplasser:  {} i perioden (planen har ingen tabell per år)",
            p.arbeidsplassmål.value.0
        );
    } else {
        let years: Vec<String> = f.jobs.years.iter().map(|y| y.to_string()).collect();
        let _ = writeln!(out, "Arbeidsplasser:  {} = sum", years.join(" / "));
        // A year no row gives a target for is not given, not 0.
        let sums: Vec<String> = f
            .jobs
            .year_sums
            .iter()
            .zip(&f.jobs.year_given)
            .map(|(s, given)| if *given { s.to_string() } else { "–".into() })
            .collect();
        let _ = writeln!(
            out,
            "                 {} = {}",
            sums.join(" / "),
            f.jobs.total
        );
    }
    if let Some(this_year) = f.jobs.for_year(p.år.value) {
        let _ = writeln!(
            out,
            "Mål for {}:     {this_year} arbeidsplasser",
            p.år.value
        );
    }
    let _ = writeln!(out);
    let w = 34;
    let _ = writeln!(
        out,
        "{} {} {} {} {}",
        padr("Innsatsområde", w),
        pad("Prosjektkost.", 14),
        pad("Søkbare", 12),
        pad("Ressursinns.", 12),
        pad("Sum", 14)
    );
    for a in &f.areas {
        let r = &a.resources;
        let _ = writeln!(
            out,
            "{} {} {} {} {}",
            padr(&a.name, w),
            pad(&cell(r.project_costs), 14),
            pad(&given(a.applicable_funds_given, r.applicable_funds), 12),
            pad(&given(a.effort_given, r.programme_effort), 12),
            pad(&cell(r.sum), 14)
        );
    }
    let s = &f.subtotal;
    let _ = writeln!(
        out,
        "{} {} {} {} {}",
        padr("Delsum", w),
        pad(&cell(s.project_costs), 14),
        pad(
            &given(
                f.areas.iter().any(|a| a.applicable_funds_given),
                s.applicable_funds
            ),
            12
        ),
        pad(
            &given(f.areas.iter().any(|a| a.effort_given), s.programme_effort),
            12
        ),
        pad(&cell(s.sum), 14)
    );
    for (name, cost) in &f.other_costs {
        let _ = writeln!(
            out,
            "{} {}",
            padr(name, w),
            pad(&cell(*cost), 14 + 12 + 12 + 14 + 3)
        );
    }
    let _ = writeln!(
        out,
        "{} {}",
        padr("Administrative kostnader", w),
        pad(&cell(f.administration), 14 + 12 + 12 + 14 + 3)
    );
    let _ = writeln!(
        out,
        "{} {}",
        padr("Samlet kostnad", w),
        pad(&cell(f.total_cost), 14 + 12 + 12 + 14 + 3)
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} {} {}",
        padr("Finansieringskilde", w),
        pad("Andel", 8),
        pad("Sum", 14)
    );
    for r in &f.financing {
        let share = r
            .share
            .map(format::percent)
            .unwrap_or_default()
            .replace('\u{a0}', " ");
        let _ = writeln!(
            out,
            "{} {} {}",
            padr(&r.name, w),
            pad(&share, 8),
            pad(&cell(r.amount), 14)
        );
    }
    let total_share = f
        .financing_share_total
        .map(format::percent)
        .unwrap_or_default()
        .replace('\u{a0}', " ");
    let _ = writeln!(
        out,
        "{} {} {}",
        padr("Totalt", w),
        pad(&total_share, 8),
        pad(&cell(f.financing_total), 14)
    );
    if let Some(m) = &f.municipalities {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Fordeling av «{}» ({} likt, {} etter innbyggertall):",
            m.source,
            format::percent(m.equal_percent).replace('\u{a0}', " "),
            format::percent(m.population_percent).replace('\u{a0}', " ")
        );
        for r in &m.rows {
            let _ = writeln!(
                out,
                "  {} {} {} {} {}",
                padr(&r.name, 20),
                pad(&r.population.to_string(), 8),
                pad(&cell(r.equal_part), 12),
                pad(&cell(r.population_part), 12),
                pad(&cell(r.sum), 12)
            );
        }
        let _ = writeln!(
            out,
            "  {} {} {} {} {}",
            padr("Sum", 20),
            pad(&m.population_total.to_string(), 8),
            pad(&cell(m.equal_total), 12),
            pad(&cell(m.population_part_total), 12),
            pad(&cell(m.amount), 12)
        );
    }
    if [f.total_cost, f.financing_total]
        .iter()
        .any(|x| x.is_provisional())
    {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "* foreløpig tall, eller summer som avhenger av et foreløpig tall"
        );
    }
    out
}
