//! The job-targets chart of section 1: one stacked bar per year of the period, a segment per
//! row of the targets table (focus area or industry), the year's total above each bar. The
//! numbers themselves are in the table beside it; the chart shows the shape of the period.

use super::{Anchor, Svg, text_width};
use std::fmt::Write as _;

/// Segment colours, in row order (Okabe–Ito, then greys).
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6B6B6B", "#B0B0B0",
];

const PLOT_HEIGHT: f64 = 170.0;
const WIDTH: f64 = 540.0;
const LEFT: f64 = 40.0;

/// The chart: `years` along the bottom, `rows` as (name, target per year, aligned with `years`).
pub fn job_targets(years: &[i32], rows: &[(String, Vec<u32>)], title: &str) -> String {
    let mut svg = Svg::new();
    let totals: Vec<u32> = (0..years.len())
        .map(|i| rows.iter().map(|r| r.1.get(i).copied().unwrap_or(0)).sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let step = nice_step(max);
    let top_value = max.div_ceil(step) * step;
    let scale = PLOT_HEIGHT / f64::from(top_value);
    let plot_width = WIDTH - LEFT - 10.0;
    let slot = plot_width / years.len().max(1) as f64;
    let bar = (slot * 0.6).min(60.0);

    // Grid and axis labels.
    let mut value = 0;
    while value <= top_value {
        let y = PLOT_HEIGHT - f64::from(value) * scale;
        svg.raw(&format!(
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#D9DEE3" stroke-width="1"/>"##,
            WIDTH - 10.0
        ));
        svg.text(
            LEFT - 6.0,
            y + 4.0,
            11.0,
            Anchor::End,
            r##"fill="#444444""##,
            &value.to_string(),
        );
        value += step;
    }
    for (i, year) in years.iter().enumerate() {
        let centre = LEFT + slot * (i as f64 + 0.5);
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
        svg.text(
            centre,
            base - 5.0,
            12.0,
            Anchor::Middle,
            r##"font-weight="bold" fill="#1A1A1A""##,
            &totals[i].to_string(),
        );
        svg.text(
            centre,
            PLOT_HEIGHT + 16.0,
            12.0,
            Anchor::Middle,
            r##"fill="#1A1A1A""##,
            &year.to_string(),
        );
    }

    // Legend under the axis, wrapped to the chart's width.
    let mut y = PLOT_HEIGHT + 40.0;
    let mut x = LEFT;
    for (r, (name, _)) in rows.iter().enumerate() {
        let width = 16.0 + text_width(name, 12.0) + 18.0;
        if x + width > WIDTH && x > LEFT {
            x = LEFT;
            y += 18.0;
        }
        svg.raw(&format!(
            r##"<rect x="{x:.1}" y="{:.1}" width="10" height="10" fill="{}"/>"##,
            y - 9.0,
            PALETTE[r % PALETTE.len()]
        ));
        svg.text(
            x + 14.0,
            y,
            12.0,
            Anchor::Start,
            r##"fill="#1A1A1A""##,
            name,
        );
        x += width;
    }
    svg.finish((0.0, -24.0, WIDTH, y + 34.0), title)
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
        let svg = job_targets(&[2022, 2023, 2024], &rows, "Arbeidsplassmål");
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
    fn the_value_axis_steps_are_round() {
        assert_eq!(nice_step(28), 10);
        assert_eq!(nice_step(150), 50);
        assert_eq!(nice_step(4), 1);
    }
}
