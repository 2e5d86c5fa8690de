//! Charts drawn from the plan's data as SVG (between `view` and the writers): the årshjul of
//! the communication plan and the job-targets chart of section 1. The geometry is ours; text
//! is measured with the embedded font so that labels are laid out without overlapping. PDF and
//! HTML take the SVG as it is; DOCX gets a PNG rasterised here with resvg.

pub mod bars;
pub mod wheel;

use std::fmt::Write as _;

/// How wide a chart is drawn: for a page (the PDF, the DOCX and a wide screen), or for a
/// phone's screen, where the page's drawing would be scaled down until its text is too small
/// to read; the HTML shows the phone's drawing on a narrow screen (`html.css`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Page,
    Phone,
}

/// The font family named in the SVGs (the embedded Carlito).
pub const FONT_FAMILY: &str = crate::fonts::FAMILY;

/// The width of `text` set in Carlito at `size` (in the SVG's units).
pub fn text_width(text: &str, size: f64) -> f64 {
    crate::fonts::text_width(text, size, false)
}

/// `text` broken into lines no wider than `max_width`, at spaces; a single word wider than
/// the line stands on a line of its own.
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size) > max_width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text for an SVG text node or attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An SVG document being written, in user units with a view box set when it is finished.
pub struct Svg {
    body: String,
}

/// Where a text line hangs from its x: start, middle or end.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Svg {
    pub fn new() -> Self {
        Svg {
            body: String::new(),
        }
    }

    /// Any element, written as given (callers escape text with [`escape`]).
    pub fn raw(&mut self, element: &str) {
        self.body.push_str(element);
        self.body.push('\n');
    }

    pub fn text(&mut self, x: f64, y: f64, size: f64, anchor: Anchor, style: &str, text: &str) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" {style}>{}</text>"#,
            escape(text)
        );
    }

    /// The finished SVG with the view box `(x, y, width, height)`; `title` is its accessible name.
    pub fn finish(self, view: (f64, f64, f64, f64), title: &str) -> String {
        let (x, y, w, h) = view;
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.1} {y:.1} {w:.1} {h:.1}" width="{w:.1}" height="{h:.1}" font-family="{FONT_FAMILY}, Calibri, 'Liberation Sans', Arial, sans-serif" role="img">
<title>{}</title>
<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#ffffff"/>
{}</svg>
"##,
            escape(title),
            self.body
        )
    }
}

impl Default for Svg {
    fn default() -> Self {
        Self::new()
    }
}

/// The aspect ratio (height / width) of an SVG written by [`Svg::finish`].
pub fn aspect(svg: &str) -> Option<f64> {
    let view = svg.split("viewBox=\"").nth(1)?.split('"').next()?;
    let numbers: Vec<f64> = view
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers.as_slice() {
        [_, _, w, h] if *w > 0.0 => Some(h / w),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_with_the_font_not_counted() {
        let narrow = text_width("iiiiiiiiii", 10.0);
        let wide = text_width("MMMMMMMMMM", 10.0);
        assert!(wide > 2.0 * narrow, "{narrow} vs {wide}");
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = "Handlingsplan 2025 godkjent i kommunestyret etter behandling i styret";
        let lines = wrap(text, 12.0, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 120.0));
        assert_eq!(lines.join(" "), text);
    }
}
