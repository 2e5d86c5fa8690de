//! Section 4 for the structure reader: the communication plan's activity table.

use super::Reader;
use super::draft::{Activity, Chapter};
use super::tables::{by_column, column, header};
use crate::import::docx::Table;
use crate::import::text;

impl Reader<'_> {
    pub(super) fn activities(&mut self, t: &Table) {
        let h = header(t);
        let col = |words: &[&str]| column(&h, words);
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
            let months = get(when).unwrap_or_default();
            if crate::plan::months::parse_months(&months).is_err() {
                self.draft.notes.push(format!(
                    "aktiviteten «{name}» har ingen måned planen kan lese ({}); den står i kapittelet etter seksjon 4",
                    crate::import::own::quote(&months)
                ));
                let chapter = self.chapter.get_or_insert_with(|| Chapter {
                    heading: "Aktiviteter".into(),
                    level: 2,
                    place: "etter_4",
                    text: Vec::new(),
                });
                chapter.text.push(format!(
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
