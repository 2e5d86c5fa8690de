//! The årshjul (annual wheel): twelve month sectors clockwise from January at the top, each
//! event a dot in its month's sector with a leader line to its label. An event over several
//! months is an arc along them (across the year end too) and a whole-year event a full ring,
//! each on its own track outside the dots, with the dot and leader at the arc's middle. Labels stand in two
//! columns beside the wheel (January–June right, July–December left), stacked in the order of
//! their dots and pushed apart where a month is crowded, so no two labels overlap however many
//! events a month holds; the drawing grows taller instead.

use super::{Anchor, Svg, Width, text_width, wrap};
use crate::plan::{EventKind, MonthSpan, Målform};
use std::f64::consts::PI;

/// When an event on the wheel is: some months (one month is a dot, more an arc), or the whole
/// year (a ring).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Months(MonthSpan),
    WholeYear,
}

impl Mark {
    /// One month.
    pub fn month(month: u8) -> Option<Mark> {
        MonthSpan::new(month, month).map(Mark::Months)
    }

    /// The first month (1–12), or 0 for the whole year.
    pub fn first_month(self) -> u8 {
        match self {
            Mark::Months(s) => s.first(),
            Mark::WholeYear => 0,
        }
    }

    /// Whether the mark is a single month (a dot in its sector, no track).
    fn is_single(self) -> bool {
        matches!(self, Mark::Months(s) if s.is_single())
    }

    /// The months covered, as a set of bits (bit 0 is January).
    fn covered(self) -> u16 {
        match self {
            Mark::Months(s) => s.months().fold(0, |bits, m| bits | 1 << (m - 1)),
            Mark::WholeYear => 0x0fff,
        }
    }
}

/// One event to place on the wheel.
#[derive(Debug, Clone)]
pub struct WheelEvent {
    pub name: String,
    pub mark: Mark,
    pub kind: EventKind,
}

/// Where a label ended up (user units), for tests and for checking the layout.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelBox {
    pub name: String,
    /// The event's first month (1–12), 0 for the whole year.
    pub month: u8,
    pub mark: Mark,
    /// The angle of the event's dot, degrees clockwise from the top.
    pub angle: f64,
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl LabelBox {
    pub fn overlaps(&self, other: &LabelBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

#[derive(Debug, Clone)]
pub struct Wheel {
    pub svg: String,
    pub labels: Vec<LabelBox>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des",
];
const R_INNER: f64 = 80.0;
const R_OUTER: f64 = 130.0;
const R_DOT: f64 = 137.0;
const R_ELBOW: f64 = 154.0;
/// The distance between the tracks of arcs and rings, outside the dots' circle.
const TRACK: f64 = 7.0;
/// The most tracks drawn; more overlapping arcs share the outermost.
const MAX_TRACKS: usize = 4;
const COLUMN_X: f64 = 184.0;
const LABEL_WIDTH: f64 = 170.0;
const LABEL_SIZE: f64 = 13.0;
const LINE: f64 = 15.5;
const GAP: f64 = 3.0;

/// The colour of a kind of event (Okabe–Ito, distinguishable with colour-blindness) and its
/// name in the legend.
pub fn kind_style(kind: EventKind, målform: Målform) -> (&'static str, &'static str) {
    let nn = målform == Målform::Nynorsk;
    match kind {
        EventKind::Styre => ("#0072B2", "Styret"),
        EventKind::Kommunestyre => ("#D55E00", "Kommunestyret"),
        EventKind::Rapportering => ("#007A5A", "Rapportering"),
        EventKind::Kommunikasjon => ("#B3478F", "Kommunikasjon"),
        EventKind::Annet => ("#555555", if nn { "Anna" } else { "Annet" }),
    }
}

fn point(radius: f64, degrees: f64) -> (f64, f64) {
    let rad = degrees * PI / 180.0;
    (radius * rad.sin(), -radius * rad.cos())
}

/// The dot angles of the events: each month's single-month events spread evenly inside its
/// 30° sector, in the order given; an arc's dot at its middle, a ring's at the top.
fn angles(events: &[WheelEvent]) -> Vec<f64> {
    let index = |s: MonthSpan| usize::from(s.first().clamp(1, 12) - 1);
    let mut per_month = [0usize; 12];
    for e in events {
        if let Mark::Months(s) = e.mark
            && s.is_single()
        {
            per_month[index(s)] += 1;
        }
    }
    let mut seen = [0usize; 12];
    events
        .iter()
        .map(|e| match e.mark {
            Mark::Months(s) if s.is_single() => {
                let m = index(s);
                seen[m] += 1;
                m as f64 * 30.0 + seen[m] as f64 * 30.0 / (per_month[m] + 1) as f64
            }
            Mark::Months(s) => {
                (index(s) as f64 * 30.0 + f64::from(s.month_count()) * 15.0).rem_euclid(360.0)
            }
            Mark::WholeYear => 0.0,
        })
        .collect()
}

/// The track of each event (0 for a single month's dot on the dots' circle; 1, 2 … for arcs
/// and rings outside it): the innermost track where the event's months are free.
fn tracks(events: &[WheelEvent]) -> Vec<usize> {
    let mut used: Vec<u16> = Vec::new();
    events
        .iter()
        .map(|e| {
            if e.mark.is_single() {
                return 0;
            }
            let covered = e.mark.covered();
            let free = used.iter().position(|bits| bits & covered == 0);
            match free {
                Some(t) => {
                    used[t] |= covered;
                    t + 1
                }
                None if used.len() < MAX_TRACKS => {
                    used.push(covered);
                    used.len()
                }
                None => MAX_TRACKS,
            }
        })
        .collect()
}

/// The radius of a track.
fn track_radius(track: usize) -> f64 {
    R_DOT + track.min(MAX_TRACKS) as f64 * TRACK
}

/// An arc along a span of months at radius `r`, inset a little at each end so that
/// neighbouring arcs stay apart.
fn arc(span: MonthSpan, r: f64, colour: &str) -> String {
    let start = f64::from(span.first() - 1) * 30.0 + 2.5;
    let sweep = f64::from(span.month_count()) * 30.0 - 5.0;
    let (x0, y0) = point(r, start);
    let (x1, y1) = point(r, start + sweep);
    let large = if sweep > 180.0 { 1 } else { 0 };
    format!(
        r##"<path d="M {x0:.2} {y0:.2} A {r:.1} {r:.1} 0 {large} 1 {x1:.2} {y1:.2}" fill="none" stroke="{colour}" stroke-width="5" stroke-linecap="round"/>"##
    )
}

/// One column of labels: each wants to sit at its elbow's height; stacked in that order and
/// pushed apart so none overlap, kept within `limit` of the centre where there is room.
fn stack(wanted: &[(f64, f64)], limit: f64) -> Vec<f64> {
    // (wanted centre of the first line, block height) → top of each block.
    let mut tops: Vec<f64> = Vec::with_capacity(wanted.len());
    for (i, (centre, _)) in wanted.iter().enumerate() {
        let want = centre - LINE / 2.0;
        let top = match i {
            0 => want,
            _ => want.max(tops[i - 1] + wanted[i - 1].1 + GAP),
        };
        tops.push(top);
    }
    // Pull back up from the bottom limit where the stack ran past it.
    for i in (0..tops.len()).rev() {
        let bottom_limit = match tops.get(i + 1) {
            Some(next) => next - GAP,
            None => limit,
        };
        let over = tops[i] + wanted[i].1 - bottom_limit;
        if over > 0.0 {
            tops[i] -= over;
        }
    }
    tops
}

/// Draws the wheel for the plan year, `width` wide: on a page its labels stand in two columns
/// beside it, on a phone in a list below it (month, then the event), under the legend.
pub fn wheel(
    events: &[WheelEvent],
    year: i32,
    målform: Målform,
    title: &str,
    width: Width,
) -> Wheel {
    let mut svg = Svg::new();
    sectors(&mut svg, year);
    let event_tracks = tracks(events);
    let reach = track_radius(event_tracks.iter().copied().max().unwrap_or(0)) + 10.0;
    arcs_and_rings(&mut svg, events, &event_tracks, målform);
    let dots = angles(events)
        .into_iter()
        .zip(&event_tracks)
        .map(|(angle, &track)| (angle, track_radius(track)))
        .collect::<Vec<_>>();
    let kinds = kinds_in_use(events);
    let (labels, half_width, bottom) = match width {
        Width::Page => {
            let labels = labels_beside(&mut svg, events, &dots, reach, målform);
            let half_width = COLUMN_X + LABEL_WIDTH + 16.0;
            let lowest = labels.iter().map(|l| l.bottom).fold(reach, f64::max);
            let bottom = legend(&mut svg, &kinds, lowest + 28.0, 2.0 * half_width, målform);
            (labels, half_width, bottom.unwrap_or(lowest) + 10.0)
        }
        Width::Phone => {
            draw_dots(&mut svg, events, &dots, målform);
            let below = legend(
                &mut svg,
                &kinds,
                reach + 28.0,
                2.0 * PHONE_HALF_WIDTH,
                målform,
            );
            let first_top = below.map_or(reach + 10.0, |y| y + 16.0);
            let labels = labels_below(&mut svg, events, &dots, first_top, målform);
            let lowest = labels.iter().map(|l| l.bottom).fold(first_top, f64::max);
            (labels, PHONE_HALF_WIDTH, lowest + 10.0)
        }
    };
    let top = labels.iter().map(|l| l.top).fold(-reach, f64::min) - 10.0;
    Wheel {
        svg: svg.finish((-half_width, top, 2.0 * half_width, bottom - top), title),
        labels,
    }
}

/// Half the width of the phone's drawing: the wheel with its outermost track, a little wider
/// than a phone's screen of about 360 px, so its text is shown at about its own size.
const PHONE_HALF_WIDTH: f64 = 180.0;

/// The twelve month sectors with their names, and the year in the middle.
fn sectors(svg: &mut Svg, year: i32) {
    for (m, name) in MONTHS.iter().enumerate() {
        let (a0, a1) = (m as f64 * 30.0, (m + 1) as f64 * 30.0);
        let (x0, y0) = point(R_OUTER, a0);
        let (x1, y1) = point(R_OUTER, a1);
        let (x2, y2) = point(R_INNER, a1);
        let (x3, y3) = point(R_INNER, a0);
        let fill = if m % 2 == 0 { "#E6EEF5" } else { "#F3F6F9" };
        svg.raw(&format!(
            r##"<path d="M {x0:.2} {y0:.2} A {R_OUTER} {R_OUTER} 0 0 1 {x1:.2} {y1:.2} L {x2:.2} {y2:.2} A {R_INNER} {R_INNER} 0 0 0 {x3:.2} {y3:.2} Z" fill="{fill}" stroke="#8AA2B8" stroke-width="1"/>"##
        ));
        let (tx, ty) = point((R_INNER + R_OUTER) / 2.0, a0 + 15.0);
        let style = r##"font-weight="bold" fill="#1F3B57""##;
        svg.text(tx, ty + 5.0, 14.0, Anchor::Middle, style, name);
    }
    svg.raw(&format!(
        r##"<circle cx="0" cy="0" r="{R_DOT}" fill="none" stroke="#C5D2DE" stroke-width="1"/>"##
    ));
    let style = r##"font-weight="bold" fill="#1F3B57""##;
    svg.text(0.0, 4.0, 30.0, Anchor::Middle, style, &year.to_string());
    svg.text(
        0.0,
        24.0,
        13.0,
        Anchor::Middle,
        r##"fill="#1F3B57""##,
        "Årshjul",
    );
}

/// Arcs for events over several months and rings for whole-year events, on their tracks.
fn arcs_and_rings(svg: &mut Svg, events: &[WheelEvent], tracks: &[usize], målform: Målform) {
    for (e, &track) in events.iter().zip(tracks) {
        let (colour, _) = kind_style(e.kind, målform);
        let r = track_radius(track);
        match e.mark {
            Mark::Months(s) if !s.is_single() => svg.raw(&arc(s, r, colour)),
            Mark::WholeYear => svg.raw(&format!(
                r##"<circle cx="0" cy="0" r="{r:.1}" fill="none" stroke="{colour}" stroke-width="5" stroke-opacity="0.85"/>"##
            )),
            Mark::Months(_) => {}
        }
    }
}

/// Each event's dot, at its (angle, radius).
fn draw_dots(svg: &mut Svg, events: &[WheelEvent], dots: &[(f64, f64)], målform: Målform) {
    for (e, &(angle, radius)) in events.iter().zip(dots) {
        let (colour, _) = kind_style(e.kind, målform);
        let (dx, dy) = point(radius, angle);
        svg.raw(&format!(
            r##"<circle cx="{dx:.1}" cy="{dy:.1}" r="4.5" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##
        ));
    }
}

/// The labels in two columns beside the wheel (January–June right), wrapped, stacked per
/// column in the order of their dots, each led to its dot by a line; the dots drawn last.
fn labels_beside(
    svg: &mut Svg,
    events: &[WheelEvent],
    dots: &[(f64, f64)],
    reach: f64,
    målform: Målform,
) -> Vec<LabelBox> {
    let elbow = R_ELBOW.max(reach);
    let lines: Vec<Vec<String>> = events
        .iter()
        .map(|e| wrap(&e.name, LABEL_SIZE, LABEL_WIDTH))
        .collect();
    let tops = column_tops(dots, &lines, elbow);
    let mut labels = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let (angle, radius) = dots[i];
        let right_side = angle < 180.0;
        let (dx, dy) = point(radius, angle);
        let (ex, ey) = point(elbow, angle);
        let column_x = if right_side { COLUMN_X } else { -COLUMN_X };
        let first_line_y = tops[i] + LINE / 2.0;
        svg.raw(&format!(
            r##"<polyline points="{dx:.1},{dy:.1} {ex:.1},{ey:.1} {column_x:.1},{first_line_y:.1}" fill="none" stroke="#7F8C99" stroke-width="0.8"/>"##
        ));
        let text_x = column_x + if right_side { 6.0 } else { -6.0 };
        let anchor = if right_side {
            Anchor::Start
        } else {
            Anchor::End
        };
        let widest = text_lines(svg, &lines[i], text_x, first_line_y, anchor);
        let (left, right) = if right_side {
            (text_x, text_x + widest)
        } else {
            (text_x - widest, text_x)
        };
        labels.push(label_box(e, angle, (left, tops[i], right), lines[i].len()));
    }
    draw_dots(svg, events, dots, målform);
    labels
}

/// The top of each event's label block: per column, stacked in the order of the elbows'
/// heights and pushed apart so none overlap.
fn column_tops(dots: &[(f64, f64)], lines: &[Vec<String>], elbow: f64) -> Vec<f64> {
    let mut tops = vec![0.0; dots.len()];
    for right_side in [true, false] {
        let mut column: Vec<usize> = (0..dots.len())
            .filter(|&i| (dots[i].0 < 180.0) == right_side)
            .collect();
        let elbow_y = |i: usize| point(elbow, dots[i].0).1;
        column.sort_by(|&a, &b| elbow_y(a).total_cmp(&elbow_y(b)));
        let wanted: Vec<(f64, f64)> = column
            .iter()
            .map(|&i| (elbow_y(i), lines[i].len() as f64 * LINE))
            .collect();
        for (&i, top) in column.iter().zip(stack(&wanted, elbow + 40.0)) {
            tops[i] = top;
        }
    }
    tops
}

/// The labels in a list under the wheel, in the events' order (by month): a dot in the event's
/// colour, when it is (bold) and the event's name wrapped beside it.
fn labels_below(
    svg: &mut Svg,
    events: &[WheelEvent],
    dots: &[(f64, f64)],
    first_top: f64,
    målform: Målform,
) -> Vec<LabelBox> {
    let nn = målform == Målform::Nynorsk;
    let whens: Vec<String> = events.iter().map(|e| when(e.mark, nn)).collect();
    let left = -PHONE_HALF_WIDTH + 6.0;
    let when_x = left + 14.0;
    let name_x = when_x
        + whens
            .iter()
            .map(|w| text_width(w, LABEL_SIZE) * BOLD_WIDER)
            .fold(0.0, f64::max)
        + 8.0;
    let mut top = first_top;
    let mut labels = Vec::with_capacity(events.len());
    for ((e, when), &(angle, _)) in events.iter().zip(&whens).zip(dots) {
        let (colour, _) = kind_style(e.kind, målform);
        let first_line_y = top + LINE / 2.0;
        svg.raw(&format!(
            r##"<circle cx="{:.1}" cy="{:.1}" r="4.5" fill="{colour}"/>"##,
            left + 5.0,
            first_line_y - 1.0
        ));
        let bold = r##"font-weight="bold" fill="#1A1A1A""##;
        let baseline = first_line_y + LABEL_SIZE * 0.35;
        svg.text(when_x, baseline, LABEL_SIZE, Anchor::Start, bold, when);
        let lines = wrap(&e.name, LABEL_SIZE, PHONE_HALF_WIDTH - 4.0 - name_x);
        let widest = text_lines(svg, &lines, name_x, first_line_y, Anchor::Start);
        labels.push(label_box(
            e,
            angle,
            (left, top, name_x + widest),
            lines.len(),
        ));
        top += lines.len() as f64 * LINE + GAP;
    }
    labels
}

/// How much wider bold text is than regular, at most (the list's months are bold).
const BOLD_WIDER: f64 = 1.1;

/// When an event is, as the list under a phone's wheel says it: «mar», «sep.–des.», «hele året».
fn when(mark: Mark, nn: bool) -> String {
    match mark {
        Mark::Months(s) => crate::format::months_short(&[(s.first(), s.last())], false, nn),
        Mark::WholeYear => crate::format::months_short(&[], true, nn),
    }
}

/// A label's lines, the first centred on `first_line_y`; returns the widest line's width.
fn text_lines(svg: &mut Svg, lines: &[String], x: f64, first_line_y: f64, anchor: Anchor) -> f64 {
    let mut widest: f64 = 0.0;
    for (n, line) in lines.iter().enumerate() {
        let baseline = first_line_y + LABEL_SIZE * 0.35 + n as f64 * LINE;
        svg.text(x, baseline, LABEL_SIZE, anchor, r##"fill="#1A1A1A""##, line);
        widest = widest.max(text_width(line, LABEL_SIZE));
    }
    widest
}

/// Where event `e`'s label of `line_count` lines stands: (left, top, right).
fn label_box(
    e: &WheelEvent,
    angle: f64,
    (left, top, right): (f64, f64, f64),
    line_count: usize,
) -> LabelBox {
    LabelBox {
        name: e.name.clone(),
        month: e.mark.first_month(),
        mark: e.mark,
        angle,
        left,
        top,
        right,
        bottom: top + line_count as f64 * LINE,
    }
}

/// The kinds of event the wheel shows, in the legend's order.
fn kinds_in_use(events: &[WheelEvent]) -> Vec<EventKind> {
    let mut kinds: Vec<EventKind> = Vec::new();
    for e in events {
        if !kinds.contains(&e.kind) {
            kinds.push(e.kind);
        }
    }
    kinds.sort_by_key(|k| *k as u8);
    kinds
}

/// The legend: a dot and a name per kind, in centred rows no wider than `width`, the first
/// row's baseline at `first_baseline`; returns the last row's baseline (none without kinds).
fn legend(
    svg: &mut Svg,
    kinds: &[EventKind],
    first_baseline: f64,
    width: f64,
    målform: Målform,
) -> Option<f64> {
    let items: Vec<(&str, &str, f64)> = kinds
        .iter()
        .map(|k| {
            let (colour, name) = kind_style(*k, målform);
            (colour, name, 16.0 + text_width(name, 13.0) + 22.0)
        })
        .collect();
    let mut rows: Vec<Vec<(&str, &str, f64)>> = Vec::new();
    for item in items {
        match rows.last_mut() {
            Some(row) if row.iter().map(|i| i.2).sum::<f64>() + item.2 <= width => row.push(item),
            _ => rows.push(vec![item]),
        }
    }
    let mut y = first_baseline;
    for (n, row) in rows.iter().enumerate() {
        y = first_baseline + n as f64 * 20.0;
        let mut x = -row.iter().map(|i| i.2).sum::<f64>() / 2.0;
        for (colour, name, item_width) in row {
            svg.raw(&format!(
                r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="{colour}"/>"##,
                x + 5.0,
                y - 4.0
            ));
            svg.text(
                x + 14.0,
                y,
                13.0,
                Anchor::Start,
                r##"fill="#1A1A1A""##,
                name,
            );
            x += item_width;
        }
    }
    (!rows.is_empty()).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, month: u8, kind: EventKind) -> WheelEvent {
        WheelEvent {
            name: name.into(),
            mark: Mark::month(month).unwrap(),
            kind,
        }
    }

    fn over(name: &str, first: u8, last: u8) -> WheelEvent {
        WheelEvent {
            name: name.into(),
            mark: Mark::Months(MonthSpan::new(first, last).unwrap()),
            kind: EventKind::Kommunikasjon,
        }
    }

    #[test]
    fn ranges_are_arcs_on_their_own_tracks_and_the_whole_year_a_ring() {
        let events = vec![
            event("Styremøte", 10, EventKind::Styre),
            over("Høstkampanje", 9, 12),
            over("Vinterkampanje", 12, 1),
            WheelEvent {
                name: "Nyhetsbrev".into(),
                mark: Mark::WholeYear,
                kind: EventKind::Kommunikasjon,
            },
        ];
        assert_eq!(tracks(&events), vec![0, 1, 2, 3]);
        let w = wheel(&events, 2025, Målform::Bokmål, "Årshjul 2025", Width::Page);
        // Two arcs (September–December, December–January across the year end) and a ring.
        let arcs = w
            .svg
            .matches(r##"stroke="#B3478F" stroke-width="5" stroke-linecap="round""##)
            .count();
        assert_eq!(arcs, 2, "{}", w.svg);
        assert!(
            w.svg
                .contains(r##"<circle cx="0" cy="0" r="158.0" fill="none" stroke="#B3478F""##)
        );
        // The range's dot stands in the middle of its months (October/November boundary).
        let autumn = w.labels.iter().find(|l| l.name == "Høstkampanje").unwrap();
        assert!((autumn.angle - 300.0).abs() < 1e-9, "{}", autumn.angle);
        let winter = w
            .labels
            .iter()
            .find(|l| l.name == "Vinterkampanje")
            .unwrap();
        assert!(winter.angle.abs() < 1e-9 || (winter.angle - 360.0).abs() < 1e-9);
        for (i, a) in w.labels.iter().enumerate() {
            for b in &w.labels[i + 1..] {
                assert!(!a.overlaps(b), "«{}» overlaps «{}»", a.name, b.name);
            }
        }
        assert!(roxmltree::Document::parse(&w.svg).is_ok());
        // Arcs that do not share a month share a track.
        assert_eq!(tracks(&[over("a", 1, 3), over("b", 4, 6)]), vec![1, 1]);
        // However many overlap, the tracks stop at the outermost.
        let many: Vec<WheelEvent> = (0..10).map(|i| over(&format!("{i}"), 1, 12)).collect();
        assert!(tracks(&many).iter().all(|&t| t <= MAX_TRACKS));
    }

    /// 24 events over the year, four of them in October, some with long names.
    pub fn crowded_year() -> Vec<WheelEvent> {
        let mut events = Vec::new();
        for month in 1..=12u8 {
            if month != 10 && month != 7 {
                events.push(event("Styremøte", month, EventKind::Styre));
            }
        }
        events.extend([
            event(
                "Årsrapport 2024 til Innovasjon Norge",
                2,
                EventKind::Rapportering,
            ),
            event("Godkjent regnskap 2024", 4, EventKind::Rapportering),
            event("Programstatusvurdering", 10, EventKind::Rapportering),
            event(
                "Næringsforum med lokale bedrifter og kommunens administrasjon",
                10,
                EventKind::Kommunikasjon,
            ),
            event("Gründeruka", 10, EventKind::Kommunikasjon),
            event("Nyhetsbrev til næringslivet", 10, EventKind::Kommunikasjon),
            event("Drivkraft 2025 – festaften", 11, EventKind::Kommunikasjon),
            event("Handlingsplan 2026 i styret", 12, EventKind::Styre),
            event(
                "Handlingsplan 2026 godkjent i kommunestyret",
                12,
                EventKind::Kommunestyre,
            ),
            event("Budsjettmøte", 9, EventKind::Annet),
            event("Sommeråpent kontor", 6, EventKind::Kommunikasjon),
            event("Kommunestyret orienteres", 3, EventKind::Kommunestyre),
            event("Bedriftsbesøk", 5, EventKind::Kommunikasjon),
            event("Strategisamling", 1, EventKind::Styre),
        ]);
        events
    }

    #[test]
    fn every_dot_lies_in_its_months_sector() {
        let events = crowded_year();
        assert_eq!(events.len(), 24);
        let w = wheel(&events, 2025, Målform::Bokmål, "Årshjul 2025", Width::Page);
        for l in &w.labels {
            let sector = f64::from(l.month - 1) * 30.0..f64::from(l.month) * 30.0;
            assert!(sector.contains(&l.angle), "{} at {}°", l.name, l.angle);
        }
        // January's event is right of the centre line, December's left.
        let jan = w.labels.iter().find(|l| l.month == 1).unwrap();
        let dec = w.labels.iter().find(|l| l.month == 12).unwrap();
        assert!(jan.left > 0.0 && dec.right < 0.0);
    }

    #[test]
    fn twenty_four_events_four_in_one_month_have_no_overlapping_labels() {
        let w = wheel(
            &crowded_year(),
            2025,
            Målform::Bokmål,
            "Årshjul 2025",
            Width::Page,
        );
        for (i, a) in w.labels.iter().enumerate() {
            for b in &w.labels[i + 1..] {
                assert!(!a.overlaps(b), "«{}» overlaps «{}»", a.name, b.name);
            }
            // Labels stay clear of the wheel itself.
            assert!(a.left >= COLUMN_X || a.right <= -COLUMN_X, "{a:?}");
        }
        let october: Vec<&LabelBox> = w.labels.iter().filter(|l| l.month == 10).collect();
        assert_eq!(october.len(), 4);
        let long = w
            .labels
            .iter()
            .find(|l| l.name.starts_with("Næringsforum"))
            .unwrap();
        assert!(long.bottom - long.top > LINE, "a long name is wrapped");
    }

    #[test]
    fn on_a_phone_the_labels_stand_in_a_list_under_the_wheel_and_its_legend_within_its_width() {
        let events = crowded_year();
        let w = wheel(&events, 2025, Målform::Bokmål, "Årshjul 2025", Width::Phone);
        let view = w.svg.split("viewBox=\"").nth(1).unwrap();
        let numbers: Vec<f64> = view
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(
            numbers[2],
            2.0 * PHONE_HALF_WIDTH,
            "the drawing is a phone's width"
        );
        // The legend comes first under the wheel, then every event in month order.
        let legend_y = w.svg.find(">Kommunestyret</text>").unwrap();
        let first_label = w.svg.find(">Strategisamling</text>").unwrap();
        assert!(legend_y < first_label);
        assert_eq!(w.labels.len(), events.len());
        for (a, b) in w.labels.iter().zip(&w.labels[1..]) {
            assert!(a.bottom <= b.top, "«{}» then «{}»", a.name, b.name);
        }
        for l in &w.labels {
            assert!(
                l.top > track_radius(MAX_TRACKS),
                "{} is under the wheel",
                l.name
            );
            assert!(
                l.left >= -PHONE_HALF_WIDTH && l.right <= PHONE_HALF_WIDTH,
                "{l:?}"
            );
        }
        // When each event is, before its name.
        assert!(w.svg.contains(">okt.</text>"), "{}", w.svg);
        assert!(roxmltree::Document::parse(&w.svg).is_ok());
    }

    #[test]
    fn empty_months_are_still_drawn_and_an_empty_year_has_no_legend() {
        let w = wheel(&[], 2025, Målform::Bokmål, "Årshjul 2025", Width::Page);
        for month in MONTHS {
            assert!(w.svg.contains(&format!(">{month}</text>")), "{month}");
        }
        assert!(w.labels.is_empty());
        assert!(!w.svg.contains("Styret"));
        let one = wheel(
            &[event("Styremøte", 3, EventKind::Styre)],
            2025,
            Målform::Bokmål,
            "Årshjul 2025",
            Width::Page,
        );
        assert!(one.svg.contains(">Styret</text>"));
        assert!(!one.svg.contains("Kommunestyret"));
    }

    #[test]
    fn event_names_are_escaped_and_the_title_names_the_figure() {
        let w = wheel(
            &[event("Møte <styret> & «råd»", 5, EventKind::Annet)],
            2025,
            Målform::Nynorsk,
            "Årshjul 2025",
            Width::Page,
        );
        assert!(w.svg.contains("Møte &lt;styret&gt; &amp; «råd»"));
        assert!(w.svg.contains("<title>Årshjul 2025</title>"));
        assert!(w.svg.contains(">Anna</text>"));
        assert!(roxmltree::Document::parse(&w.svg).is_ok());
    }
}
