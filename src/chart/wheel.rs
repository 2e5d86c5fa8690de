//! The årshjul (annual wheel): twelve month sectors clockwise from January at the top, each
//! event a dot in its month's sector with a leader line to its label. An event over several
//! months is an arc along them (across the year end too) and a whole-year event a full ring,
//! each on its own track outside the dots, with the dot and leader at the arc's middle. Labels stand in two
//! columns beside the wheel (January–June right, July–December left), stacked in the order of
//! their dots and pushed apart where a month is crowded, so no two labels overlap however many
//! events a month holds; the drawing grows taller instead.

use super::{Anchor, Svg, text_width, wrap};
use crate::plan::{EventKind, MonthSpan, Målform};
use std::f64::consts::PI;
use std::fmt::Write as _;

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

/// Draws the wheel for the plan year.
pub fn wheel(events: &[WheelEvent], year: i32, målform: Målform, title: &str) -> Wheel {
    let mut svg = Svg::new();
    // Month sectors and names.
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
        svg.text(
            tx,
            ty + 5.0,
            14.0,
            Anchor::Middle,
            r##"font-weight="bold" fill="#1F3B57""##,
            name,
        );
    }
    svg.raw(&format!(
        r##"<circle cx="0" cy="0" r="{R_DOT}" fill="none" stroke="#C5D2DE" stroke-width="1"/>"##
    ));
    svg.text(
        0.0,
        4.0,
        30.0,
        Anchor::Middle,
        r##"font-weight="bold" fill="#1F3B57""##,
        &year.to_string(),
    );
    svg.text(
        0.0,
        24.0,
        13.0,
        Anchor::Middle,
        r##"fill="#1F3B57""##,
        "Årshjul",
    );

    // Arcs for events over several months and rings for whole-year events, on their tracks.
    let event_tracks = tracks(events);
    let outermost = event_tracks.iter().copied().max().unwrap_or(0);
    let elbow = R_ELBOW.max(track_radius(outermost) + 10.0);
    for (e, &track) in events.iter().zip(&event_tracks) {
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

    // Labels: wrapped, then stacked per column in the order of their dots.
    let dot_angles = angles(events);
    let lines: Vec<Vec<String>> = events
        .iter()
        .map(|e| wrap(&e.name, LABEL_SIZE, LABEL_WIDTH))
        .collect();
    let mut tops = vec![0.0; events.len()];
    for right_side in [true, false] {
        let mut column: Vec<usize> = (0..events.len())
            .filter(|&i| (dot_angles[i] < 180.0) == right_side)
            .collect();
        let elbow_y = |i: usize| point(elbow, dot_angles[i]).1;
        column.sort_by(|&a, &b| elbow_y(a).total_cmp(&elbow_y(b)));
        let wanted: Vec<(f64, f64)> = column
            .iter()
            .map(|&i| (elbow_y(i), lines[i].len() as f64 * LINE))
            .collect();
        for (&i, top) in column.iter().zip(stack(&wanted, elbow + 40.0)) {
            tops[i] = top;
        }
    }

    let mut labels = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let (colour, _) = kind_style(e.kind, målform);
        let angle = dot_angles[i];
        let right_side = angle < 180.0;
        let (dx, dy) = point(track_radius(event_tracks[i]), angle);
        let (ex, ey) = point(elbow, angle);
        let column_x = if right_side { COLUMN_X } else { -COLUMN_X };
        let text_x = column_x + if right_side { 6.0 } else { -6.0 };
        let first_line_y = tops[i] + LINE / 2.0;
        let mut leader = String::new();
        let _ = write!(
            leader,
            r##"<polyline points="{dx:.1},{dy:.1} {ex:.1},{ey:.1} {column_x:.1},{first_line_y:.1}" fill="none" stroke="#7F8C99" stroke-width="0.8"/>"##
        );
        svg.raw(&leader);
        svg.raw(&format!(
            r##"<circle cx="{dx:.1}" cy="{dy:.1}" r="4.5" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##
        ));
        let anchor = if right_side {
            Anchor::Start
        } else {
            Anchor::End
        };
        let mut widest: f64 = 0.0;
        for (n, line) in lines[i].iter().enumerate() {
            let baseline = first_line_y + LABEL_SIZE * 0.35 + n as f64 * LINE;
            svg.text(
                text_x,
                baseline,
                LABEL_SIZE,
                anchor,
                r##"fill="#1A1A1A""##,
                line,
            );
            widest = widest.max(text_width(line, LABEL_SIZE));
        }
        let (left, right) = if right_side {
            (text_x, text_x + widest)
        } else {
            (text_x - widest, text_x)
        };
        labels.push(LabelBox {
            name: e.name.clone(),
            month: e.mark.first_month(),
            mark: e.mark,
            angle,
            left,
            top: tops[i],
            right,
            bottom: tops[i] + lines[i].len() as f64 * LINE,
        });
    }

    // The legend: the kinds in use, in a row (or rows) under the wheel.
    let mut kinds: Vec<EventKind> = Vec::new();
    for e in events {
        if !kinds.contains(&e.kind) {
            kinds.push(e.kind);
        }
    }
    kinds.sort_by_key(|k| *k as u8);
    let half_width = COLUMN_X + LABEL_WIDTH + 16.0;
    let reach = track_radius(outermost) + 10.0;
    let lowest = labels.iter().map(|l| l.bottom).fold(reach, f64::max);
    let highest = labels.iter().map(|l| l.top).fold(-reach, f64::min);
    let mut legend_y = lowest + 28.0;
    let items: Vec<(&str, &str, f64)> = kinds
        .iter()
        .map(|k| {
            let (colour, name) = kind_style(*k, målform);
            (colour, name, 16.0 + text_width(name, 13.0) + 22.0)
        })
        .collect();
    let mut row: Vec<(&str, &str, f64)> = Vec::new();
    let flush = |row: &mut Vec<(&str, &str, f64)>, y: f64, svg: &mut Svg| {
        let total: f64 = row.iter().map(|i| i.2).sum();
        let mut x = -total / 2.0;
        for (colour, name, width) in row.drain(..) {
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
            x += width;
        }
    };
    for item in items {
        let used: f64 = row.iter().map(|i| i.2).sum();
        if used + item.2 > 2.0 * half_width && !row.is_empty() {
            flush(&mut row, legend_y, &mut svg);
            legend_y += 20.0;
        }
        row.push(item);
    }
    let has_legend = !row.is_empty() || !kinds.is_empty();
    flush(&mut row, legend_y, &mut svg);
    let bottom = if has_legend {
        legend_y + 10.0
    } else {
        lowest + 10.0
    };
    let top = highest - 10.0;
    Wheel {
        svg: svg.finish((-half_width, top, 2.0 * half_width, bottom - top), title),
        labels,
    }
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
        let w = wheel(&events, 2025, Målform::Bokmål, "Årshjul 2025");
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
        let w = wheel(&events, 2025, Målform::Bokmål, "Årshjul 2025");
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
        let w = wheel(&crowded_year(), 2025, Målform::Bokmål, "Årshjul 2025");
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
    fn empty_months_are_still_drawn_and_an_empty_year_has_no_legend() {
        let w = wheel(&[], 2025, Målform::Bokmål, "Årshjul 2025");
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
        );
        assert!(w.svg.contains("Møte &lt;styret&gt; &amp; «råd»"));
        assert!(w.svg.contains("<title>Årshjul 2025</title>"));
        assert!(w.svg.contains(">Anna</text>"));
        assert!(roxmltree::Document::parse(&w.svg).is_ok());
    }
}
