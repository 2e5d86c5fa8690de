//! Section 4 for the structure reader: the communication plan's activity table, with a column
//! saying when, or a column per month marked where the activity takes place.

use super::Reader;
use super::draft::Activity;
use super::tables::{by_column, column, header};
use crate::format::MONTHS;
use crate::import::docx::Table;
use crate::import::text;

impl Reader<'_> {
    /// The activity table: an activity per row, with its audience, channel, responsible and
    /// months; an activity without months the plan can read is kept as a line of text.
    pub(super) fn activities(&mut self, t: &Table) {
        let h = header(t);
        let col = |words: &[&str]| column(&h, words);
        let grid = month_columns(&h);
        let (audience, channel, responsible, when) = (
            col(&["målgruppe"]),
            col(&["kanal"]),
            col(&["ansvar"]),
            col(&["når", "tid", "måned"]),
        );
        for row in t.rows.iter().skip(1) {
            let cells = by_column(row);
            let get = |c: Option<usize>| {
                c.and_then(|c| cells.get(c))
                    .map(|c| text::normalize(&c.text()))
                    .filter(|t| !t.is_empty())
            };
            let Some(name) = get(Some(0)) else { continue };
            let months = match when {
                Some(_) => get(when).unwrap_or_default(),
                None => marked_months(&grid, |c| get(Some(c)).is_some()),
            };
            if crate::plan::months::parse_months(&months).is_err() {
                self.draft.notes.push(format!(
                    "aktiviteten «{name}» har ingen måned planen kan lese ({}); den står i kapittelet etter seksjon 4",
                    crate::import::own::quote(&months)
                ));
                self.open_text("etter_4").push(format!(
                    "- {name}{}",
                    if months.is_empty() {
                        String::new()
                    } else {
                        format!(" ({months})")
                    }
                ));
                continue;
            }
            self.draft.activities.push(Activity {
                name,
                audience: get(audience),
                channel: get(channel),
                responsible: get(responsible),
                months,
            });
        }
    }
}

/// The columns of a month grid, by their month (0 = January): «Jan», «feb.», «Mars».
fn month_columns(h: &[String]) -> Vec<(usize, usize)> {
    h.iter()
        .enumerate()
        .filter_map(|(c, head)| {
            let head = head.trim().trim_end_matches('.');
            let month = MONTHS
                .iter()
                .position(|m| head.chars().count() >= 3 && m.starts_with(head))?;
            Some((c, month))
        })
        .collect()
}

/// The months a row of a month grid marks, as the plan writes them («januar, mars»).
fn marked_months(grid: &[(usize, usize)], marked: impl Fn(usize) -> bool) -> String {
    grid.iter()
        .filter(|(c, _)| marked(*c))
        .map(|(_, m)| MONTHS[*m])
        .collect::<Vec<_>>()
        .join(", ")
}
