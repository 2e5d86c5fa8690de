//! The job-targets chart of section 1: one stacked bar per year of the period, a segment per
//! row of the targets table (focus area or industry), the year's total above each bar. The
//! numbers themselves are in the table beside it; the chart shows the shape of the period.

use super::{Anchor, Svg, Width, text_width, wrap};
use std::fmt::Write as _;

/// Segment colours, in row order (Okabe–Ito, then greys).
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6B6B6B", "#B0B0B0",
];

const PLOT_HEIGHT: f64 = 170.0;
const LEFT: f64 = 40.0;
const RIGHT_MARGIN: f64 = 10.0;
/// The size of the years, totals and legend; the value axis is a point smaller.
const TEXT: f64 = 12.0;
const LEGEND_LINE: f64 = 15.0;

/// The chart's width in its own units: on a page, or on a phone's screen about 360 px wide,
/// where it is shown at about its own size (its text at 11–12 px).
fn chart_width(width: Width) -> f64 {
    match width {
        Width::Page => 540.0,
        Width::Phone => 340.0,
    }
}

/// The chart: `years` along the bottom, `rows` as (name, target per year, aligned with `years`).
pub fn job_targets(
    years: &[i32],
    rows: &[(String, Vec<u32>)],
    title: &str,
    width: Width,
) -> String {
    let mut svg = Svg::new();
    let full = chart_width(width);
    let totals: Vec<u32> = (0..years.len())
        .map(|i| rows.iter().map(|r| r.1.get(i).copied().unwrap_or(0)).sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let step = nice_step(max);
    let top_value = max.div_ceil(step) * step;
    let scale = PLOT_HEIGHT / f64::from(top_value);
    grid(&mut svg, full, step, top_value, scale);
    let slot = (full - LEFT - RIGHT_MARGIN) / years.len().max(1) as f64;
    let every = label_every(years, &totals, slot);
    for (i, year) in years.iter().enumerate() {
        let centre = LEFT + slot * (i as f64 + 0.5);
        let top = bar(&mut svg, rows, i, centre, (slot * 0.6).min(60.0), scale);
        if i % every != 0 {
            continue;
        }
        let bold = r##"font-weight="bold" fill="#1A1A1A""##;
        svg.text(
            centre,
            top - 5.0,
            TEXT,
            Anchor::Middle,
            bold,
            &totals[i].to_string(),
        );
        let plain = r##"fill="#1A1A1A""##;
        svg.text(
            centre,
            PLOT_HEIGHT + 16.0,
            TEXT,
            Anchor::Middle,
            plain,
            &year.to_string(),
        );
    }
    let bottom = legend(&mut svg, rows, full, PLOT_HEIGHT + 40.0);
    svg.finish((0.0, -24.0, full, bottom + 34.0), title)
}

/// The value axis: a grid line and its value at each step.
fn grid(svg: &mut Svg, full: f64, step: u32, top_value: u32, scale: f64) {
    let mut value = 0;
    while value <= top_value {
        let y = PLOT_HEIGHT - f64::from(value) * scale;
        svg.raw(&format!(
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#D9DEE3" stroke-width="1"/>"##,
            full - RIGHT_MARGIN
        ));
        let label = value.to_string();
        svg.text(
            LEFT - 6.0,
            y + 4.0,
            TEXT - 1.0,
            Anchor::End,
            r##"fill="#444444""##,
            &label,
        );
        value += step;
    }
}

/// Year `i`'s bar, a segment per row stacked from the axis; returns the bar's top.
fn bar(
    svg: &mut Svg,
    rows: &[(String, Vec<u32>)],
    i: usize,
    centre: f64,
    bar: f64,
    scale: f64,
) -> f64 {
    let x = centre - bar / 2.0;
    let mut base = PLOT_HEIGHT;
    for (r, (_, per_year)) in rows.iter().enumerate() {
        let v = per_year.get(i).copied().unwrap_or(0);
        if v == 0 {
            continue;
        }
        let h = f64::from(v) * scale;
        base -= h;
        let mut rect = String::new();
        let _ = write!(
            rect,
            r##"<rect x="{x:.1}" y="{base:.1}" width="{bar:.1}" height="{h:.1}" fill="{}" stroke="#ffffff" stroke-width="0.8"/>"##,
            PALETTE[r % PALETTE.len()]
        );
        svg.raw(&rect);
    }
    base
}

/// Every how many years a year and its total are written: every year where they fit their
/// slot, else every second (third …) year, so that no two run into each other.
fn label_every(years: &[i32], totals: &[u32], slot: f64) -> usize {
    let widest = years
        .iter()
        .map(|y| y.to_string())
        .chain(totals.iter().map(|t| t.to_string()))
        .map(|text| text_width(&text, TEXT))
        .fold(0.0, f64::max);
    let every = ((widest + 6.0) / slot.max(1.0)).ceil();
    if every.is_finite() && every >= 1.0 {
        (every as usize).min(years.len().max(1))
    } else {
        1
    }
}

/// The legend under the axis, its items in rows no wider than the chart (a long name wrapped
/// on lines of its own); returns the baseline of its last line.
fn legend(svg: &mut Svg, rows: &[(String, Vec<u32>)], full: f64, first_baseline: f64) -> f64 {
    let right = full - RIGHT_MARGIN;
    let (mut x, mut y) = (LEFT, first_baseline);
    let mut row_lines = 1;
    for (r, (name, _)) in rows.iter().enumerate() {
        let lines = wrap(name, TEXT, right - LEFT - 14.0);
        let width = 14.0
            + lines
                .iter()
                .map(|l| text_width(l, TEXT))
                .fold(0.0, f64::max)
            + 20.0;
        if x > LEFT && (x + width > full || lines.len() > 1) {
            x = LEFT;
            y += LEGEND_LINE * f64::from(row_lines) + 3.0;
            row_lines = 1;
        }
        svg.raw(&format!(
            r##"<rect x="{x:.1}" y="{:.1}" width="10" height="10" fill="{}"/>"##,
            y - 9.0,
            PALETTE[r % PALETTE.len()]
        ));
        for (n, line) in lines.iter().enumerate() {
            let baseline = y + f64::from(n as u32) * LEGEND_LINE;
            svg.text(
                x + 14.0,
                baseline,
                TEXT,
                Anchor::Start,
                r##"fill="#1A1A1A""##,
                line,
            );
        }
        row_lines = row_lines.max(lines.len() as u32);
        x += width;
    }
    y + LEGEND_LINE * f64::from(row_lines - 1)
}

/// A round step for the value axis: 1, 2 or 5 times a power of ten, about five steps in all.
fn nice_step(max: u32) -> u32 {
    let rough = f64::from(max) / 5.0;
    let power = 10f64.powf(rough.log10().floor().max(0.0));
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    (step as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_each_years_total_and_the_legend_each_row() {
        let rows = vec![
            ("Matproduksjon".to_string(), vec![3, 4, 4]),
            ("Øvrig næringsliv".to_string(), vec![8, 10, 12]),
        ];
        let svg = job_targets(&[2022, 2023, 2024], &rows, "Arbeidsplassmål", Width::Page);
        for total in [">11</text>", ">14</text>", ">16</text>"] {
            assert!(svg.contains(total), "{total}");
        }
        assert!(svg.contains(">Øvrig næringsliv</text>"));
        let segments = svg
            .matches(r##"stroke="#ffffff" stroke-width="0.8""##)
            .count();
        assert_eq!(segments, 6, "a segment per row and year");
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }

    #[test]
    fn on_a_phone_every_year_label_fits_its_slot_or_every_other_year_is_named() {
        let rows = vec![(
            "Opplevelsesnæring, reiseliv, kultur og varehandel i hele Indre Namdal-regionen"
                .to_string(),
            vec![7; 12],
        )];
        let years: Vec<i32> = (2020..2032).collect();
        let svg = job_targets(&years, &rows, "Arbeidsplassmål", Width::Phone);
        assert!(svg.contains("viewBox=\"0.0 -24.0 340.0 "), "{svg}");
        // Twelve years in 290 units: every other one is named, and its total given.
        assert!(svg.contains(">2020</text>") && svg.contains(">2022</text>"));
        assert!(!svg.contains(">2021</text>"));
        assert_eq!(svg.matches(">7</text>").count(), 6);
        // The long name is wrapped within the drawing, no word lost.
        let legend: Vec<&str> = svg
            .lines()
            .filter(|l| l.contains("text-anchor=\"start\""))
            .map(|l| l.split('>').nth(1).unwrap().trim_end_matches("</text"))
            .collect();
        assert_eq!(legend.len(), 2, "{legend:?}");
        assert_eq!(legend.join(" "), rows[0].0);
        for line in svg.lines().filter(|l| l.contains("text-anchor=\"start\"")) {
            let x: f64 = line
                .split("x=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let text = line.split('>').nth(1).unwrap().trim_end_matches("</text");
            assert!(
                x + text_width(text, TEXT) <= 340.0,
                "{text} runs out of the drawing"
            );
        }
        // On a page, the same six years are all named.
        let six = job_targets(&years[..6], &rows, "Arbeidsplassmål", Width::Page);
        assert_eq!(six.matches(">7</text>").count(), 6);
    }

    #[test]
    fn the_value_axis_steps_are_round() {
        assert_eq!(nice_step(28), 10);
        assert_eq!(nice_step(150), 50);
        assert_eq!(nice_step(4), 1);
    }
}
