//! The tables of a plan for the structure reader: what kind a table is by its header, its
//! cells by grid column, its figures and its text as Markdown.

use super::words::{bare, join_markdown, para_markdown, placeholder, strategy_label, years};
use crate::import::amount;
use crate::import::amount::Stated;
use crate::import::docx::{Cell, Table};
use crate::import::text;
use std::fmt::Write as _;

pub(super) fn cell_markdown(cell: &Cell) -> Option<String> {
    let paras: Vec<String> = cell
        .paras
        .iter()
        .map(para_markdown)
        .filter(|p| !p.trim().is_empty() && !placeholder(p))
        .collect();
    (!paras.is_empty()).then(|| join_markdown(&paras))
}

/// The columns of a table's first row, in lower case, one per grid column.
pub(super) fn header(t: &Table) -> Vec<String> {
    t.rows
        .first()
        .map(|r| {
            r.iter()
                .flat_map(|c| {
                    std::iter::repeat_n(text::normalize(&c.text()).to_lowercase(), c.span)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A table without a first header row that only spans the second's columns with one word
/// («År | Innsatsområde (over three columns) | Sum» over «År | A Kraft | B Reiseliv | C
/// Busetjing | Sum»): the second row is the header that names the columns, with the first's
/// words where a cell spans both rows. `None` for a table with one header row.
pub(super) fn spanning_header_dropped(t: &Table) -> Option<Table> {
    let [first, second, third, ..] = &t.rows[..] else {
        return None;
    };
    let grid = |row: &[Cell]| -> Vec<String> {
        row.iter()
            .flat_map(|c| std::iter::repeat_n(text::normalize(&c.text()), c.span))
            .collect()
    };
    let (top, names) = (grid(first), grid(second));
    if top.len() != names.len() || top.len() < 3 || grid(third).len() != top.len() {
        return None;
    }
    // A word over two or more columns whose cells below name different things.
    let spans = (1..top.len()).any(|c| {
        !top[c].is_empty()
            && top[c] == top[c - 1]
            && !names[c].is_empty()
            && names[c] != names[c - 1]
            && names[c] != top[c]
    });
    // The rest of the first row says nothing the second does not (a cell merged down over
    // both rows is empty in the second).
    let only_spans = (0..top.len()).all(|c| {
        top[c].is_empty()
            || names[c].is_empty()
            || top[c] == names[c]
            || c > 0 && top[c] == top[c - 1]
            || c + 1 < top.len() && top[c] == top[c + 1]
    });
    // One word over them all: a grouping by several names («1. Kompetanse» over A and B,
    // «2. Innovasjonskultur» over C to F) is the table's data, not a header.
    let spanning: std::collections::BTreeSet<&String> = (0..top.len())
        .filter(|c| !top[*c].is_empty() && !names[*c].is_empty() && top[*c] != names[*c])
        .map(|c| &top[c])
        .collect();
    // Names below, not figures: a year names its column («Arbeidsplassmål» over «2025 | 2026»).
    let figures_below = second.iter().all(|c| {
        is_year(&text::normalize(&c.text()))
            || !matches!(amount::read(&c.text()), Some(Stated::Amount(_)))
    });
    if !(spans && only_spans && figures_below && spanning.len() == 1) {
        return None;
    }
    // One header row: the second's names, and the first's words where a cell spans both.
    let header: Vec<Cell> = by_column(first)
        .into_iter()
        .zip(by_column(second))
        .map(|(top, below)| {
            let cell = if below.text().trim().is_empty() {
                top
            } else {
                below
            };
            Cell {
                paras: cell.paras.clone(),
                span: 1,
            }
        })
        .collect();
    let mut rows = vec![header];
    rows.extend(t.rows[2..].iter().cloned());
    Some(Table { rows })
}

/// A financing table with the sources as columns and «Beløp» and «Andel» as rows
/// («| KDD | Innlandet fylkeskommune | Lesja kommune | Sum» over «Beløp | NOK 1.55m | …»).
pub(super) fn sources_as_columns(t: &Table) -> bool {
    let labels: Vec<String> = t
        .rows
        .iter()
        .skip(1)
        .map(|r| row_label(r).to_lowercase())
        .collect();
    let h = header(t);
    let names_sources = h.iter().skip(1).any(|c| {
        [
            "kdd",
            "fylkeskommune",
            "kommune",
            "departement",
            "innovasjon norge",
        ]
        .iter()
        .any(|w| c.contains(w))
    });
    names_sources
        && h.first()
            .is_some_and(|c| c.is_empty() || c.starts_with("kilde") || c.starts_with("kjelde"))
        && labels
            .iter()
            .any(|l| l.starts_with("beløp") || l.starts_with("sum"))
        && labels.len() <= 4
}

/// A row's cells by grid column.
pub(super) fn by_column(row: &[Cell]) -> Vec<&Cell> {
    row.iter()
        .flat_map(|c| std::iter::repeat_n(c, c.span))
        .collect()
}

pub(super) fn column(head: &[String], words: &[&str]) -> Option<usize> {
    head.iter()
        .position(|h| words.iter().any(|w| h.contains(w)))
}

/// The first column whose header has `word` as a word of its own («Beløp (kr)», «1000 kr»;
/// not «Beskrivelse»).
pub(super) fn header_word(head: &[String], word: &str) -> Option<usize> {
    head.iter()
        .position(|h| h.split(|c: char| !c.is_alphanumeric()).any(|w| w == word))
}

/// What a table is, by its header.
pub(super) enum Kind {
    Jobs,
    /// The job table turned on its side: the years as rows.
    JobsByYear,
    Strategies,
    /// Strategies as columns (focus areas as groups of columns), figures as rows; the row
    /// of strategy labels is at the index.
    Transposed(usize),
    Effort,
    /// A budget by focus area with the administration in a row («Budsjett 2022»: area,
    /// amount), in place of table 3.1.
    Budget,
    Financing,
    Activities,
    Other,
}

/// The row of a transposed strategy table that names the strategies: at least two of its
/// cells after the first are strategy labels, and the table has a budget row.
pub(super) fn transposed(t: &Table) -> Option<usize> {
    let has_budget = t.rows.iter().any(|r| {
        r.first().is_some_and(|c| {
            let l = text::normalize(&c.text()).to_lowercase();
            l.starts_with("buds") || l.starts_with("ramme")
        })
    });
    if !has_budget {
        return None;
    }
    // The last such row of the first three: a row above it that looks the same names the
    // focus areas («1. Kompetanse og rekruttering» over «A. Rekruttering»).
    t.rows.iter().take(3).rposition(|row| {
        let first = row
            .first()
            .map(|c| text::normalize(&c.text()).to_lowercase())
            .unwrap_or_default();
        let labels = row
            .iter()
            .skip(1)
            .filter(|c| strategy_label(&c.text()).is_some())
            .count();
        (first.is_empty() || first.starts_with("strategi")) && labels >= 2
    })
}

/// The label in a row's first cell, lower case.
pub(super) fn row_label(row: &[Cell]) -> String {
    row.first()
        .map(|c| text::normalize(&c.text()).to_lowercase())
        .unwrap_or_default()
}

/// Whether a row is the programme's administration («Administrative kostnader»,
/// «Administrasjon og programleiing», «Programadministrasjon»).
pub(super) fn is_admin(label: &str) -> bool {
    label.starts_with("administrative") || label.contains("administrasjon")
}

/// Whether a table with the years as rows is the job targets: its first header is the year
/// («År») or its columns are targets («Arbeidsplassar», «Mål»), and nothing says it reports
/// what was reached (1.1's «Oppnådd», «Rapportert», «Resultat»).
fn turned_jobs(h: &[String]) -> bool {
    let first = h.first().map(String::as_str).unwrap_or("");
    let year_first = ["år", "årstal", "årstall"].contains(&first);
    let targets = h
        .iter()
        .skip(1)
        .any(|c| c.contains("arbeidsplass") || c.starts_with("mål"));
    let reported = h.iter().any(|c| {
        ["oppnådd", "rapport", "resultat", "budsjett"]
            .iter()
            .any(|w| c.contains(w))
    });
    (year_first || targets) && !reported
}

/// How many rows of a table have a year as their label.
fn year_rows(t: &Table) -> usize {
    t.rows.iter().filter(|r| is_year(&row_label(r))).count()
}

/// Whether a cell's text is a year and nothing else («2026»).
fn is_year(text: &str) -> bool {
    text.len() == 4 && years(text).len() == 1
}

/// A table turned on its side: its rows as columns, a merged cell repeated in each position.
pub(super) fn transpose(t: &Table) -> Table {
    let grid: Vec<Vec<&Cell>> = t.rows.iter().map(|r| by_column(r)).collect();
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let rows = (0..width)
        .map(|c| {
            grid.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| Cell {
                    paras: cell.paras.clone(),
                    span: 1,
                })
                .collect()
        })
        .collect();
    Table { rows }
}

impl super::Reader<'_> {
    /// A table with a column per year («Kilde | 2025 | 2026», «Innsatsområde | 2025 | 2026»):
    /// the plan's year's column, or none (told, with `table` naming the table) when it has no
    /// column for it. `None` for a table without year columns.
    pub(super) fn year_column(&mut self, h: &[String], table: &str) -> Option<Option<usize>> {
        let years: Vec<(usize, i32)> = h
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(c, head)| {
                let found = years(head);
                (found.len() == 1 && head.len() <= 12).then(|| (c, found[0]))
            })
            .collect();
        if years.len() < 2 {
            return None;
        }
        let column = years
            .iter()
            .find(|(_, y)| Some(*y) == self.draft.year)
            .map(|(c, _)| *c);
        if column.is_none() {
            self.draft.notes.push(format!(
                "{table} har en kolonne per år, men ingen for planens år; beløpene er ikke tatt med — fyll dem inn"
            ));
        }
        Some(column)
    }
}

pub(super) fn kind(t: &Table) -> Kind {
    let h = header(t);
    let first = h.first().map(String::as_str).unwrap_or("");
    let years = h
        .iter()
        .filter(|c| years(c).len() == 1 && c.len() <= 6)
        .count();
    if let Some(row) = transposed(t) {
        Kind::Transposed(row)
    } else if column(&h, &["strategi"]).is_some_and(|c| c <= 1)
        && column(&h, &["budsjett", "tiltak"]).is_some()
        && !first.starts_with("innsatsområd")
    {
        Kind::Strategies
    } else if first.starts_with("finansieringskild")
        || first.starts_with("finansieringskjeld")
        || ["kilde", "kjelde", "finansiør", "finansiering"]
            .iter()
            .any(|w| first.starts_with(w))
            && column(&h, &["beløp", "andel", "%"])
                .or_else(|| header_word(&h, "kr"))
                .is_some_and(|c| c > 0)
    {
        Kind::Financing
    } else if first.starts_with("innsatsområde") && column(&h, &["prosjektkostnader"]).is_some() {
        Kind::Effort
    } else if years >= 2 && t.rows.iter().any(|r| is_admin(&row_label(r))) {
        // «Innsatsområde | 2025 | 2026» with the administration among its rows: a budget
        // over several years (a job table has no administration).
        Kind::Budget
    } else if years >= 2 {
        Kind::Jobs
    } else if years == 0 && year_rows(t) >= 2 && turned_jobs(&h) {
        Kind::JobsByYear
    } else if h.len() <= 4 && t.rows.iter().any(|r| is_admin(&row_label(r))) {
        Kind::Budget
    } else if first.starts_with("aktivitet") {
        Kind::Activities
    } else {
        Kind::Other
    }
}

/// A table as Markdown, for a chapter.
pub(super) fn table_markdown(t: &Table) -> String {
    let cell = |c: &Cell| text::normalize(&c.text()).replace('|', "\\|");
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        // A merged cell's text once, in its first column.
        let cells: Vec<String> = row
            .iter()
            .flat_map(|c| {
                std::iter::once(cell(c)).chain(std::iter::repeat_n(String::new(), c.span - 1))
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let _ = writeln!(out, "|{}", "---|".repeat(cells.len()));
        }
    }
    out.trim_end().to_string()
}

/// A money cell: the amount, and the text beside it or in its place. «500.000* (IN: 175’)» is
/// 500 000 with the note «(IN: 175’)»; «Ungt entreprenørskap (U-skolen) 50.000» is 50 000 with
/// the note before it; «Drivkraft 2024 50.000 (bidrag fra Gr.l)» is a note only: the amount
/// is in the middle of a sentence, so it is not taken as the cell's figure.
pub(super) fn money_cell(cell: &str) -> (Option<Stated>, Option<String>) {
    let t = text::normalize(cell);
    if t.is_empty() {
        return (None, None);
    }
    if let Some(s) = amount::read(&t) {
        return (Some(s), None);
    }
    let words: Vec<&str> = t.split(' ').collect();
    for n in (1..words.len()).rev() {
        if let Some(Stated::Amount(a)) = amount::read(&words[..n].join(" ")) {
            return (Some(Stated::Amount(a)), Some(words[n..].join(" ")));
        }
    }
    for n in 1..words.len() {
        if let Some(Stated::Amount(a)) = amount::read(&words[n..].join(" ")) {
            return (Some(Stated::Amount(a)), Some(words[..n].join(" ")));
        }
    }
    (None, Some(t))
}

/// The focus areas of a transposed strategy table: the named cells in the rows above its
/// strategies, by the grid columns they span (the first column holds the rows' labels).
pub(super) fn area_groups(rows: &[Vec<Cell>]) -> Vec<(std::ops::Range<usize>, String)> {
    let mut groups = Vec::new();
    for row in rows {
        let mut col = 0;
        for cell in row {
            let name = text::normalize(&cell.text());
            if col > 0 && !name.is_empty() {
                groups.push((col..col + cell.span, bare(&name)));
            }
            col += cell.span;
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::amount::Stated;
    use rust_decimal::Decimal;

    fn table(rows: &[&[&str]]) -> Table {
        let cell = |t: &str| Cell {
            paras: vec![crate::import::docx::Para {
                runs: vec![crate::import::docx::Run {
                    text: t.to_string(),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            span: 1,
        };
        Table {
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| cell(t)).collect())
                .collect(),
        }
    }

    #[test]
    fn a_financing_table_turned_is_known_by_its_sources_over_amount_and_share() {
        assert!(sources_as_columns(&table(&[
            &["", "KDD", "Innlandet fylkeskommune", "Lesja kommune", "Sum"],
            &["Beløp", "NOK 1.55m", "NOK 0.93m", "NOK 0.62m", "NOK 3.1m"],
            &["Andel", "50 %", "30 %", "20 %", "100 %"],
        ])));
        // The budget with the areas as columns is not.
        assert!(!sources_as_columns(&table(&[
            &["Post", "Havbruk", "Reiseliv", "Sum"],
            &["Prosjektkostnader", "250", "250", "500"],
            &["Søkbare midlar", "200", "250", "450"],
        ])));
    }

    #[test]
    fn a_header_in_two_rows_is_one_when_one_word_spans_the_names() {
        let t = table(&[
            &["År", "Innsatsområde", "Innsatsområde", "Sum"],
            &["", "A Kraft", "B Reiseliv", ""],
            &["2026", "4", "5", "9"],
        ]);
        assert_eq!(
            header(&spanning_header_dropped(&t).unwrap()),
            ["år", "a kraft", "b reiseliv", "sum"]
        );
        // Areas over their strategies are the table's data.
        let grouped = table(&[
            &["", "1. Kompetanse", "1. Kompetanse", "2. Innovasjon"],
            &[
                "Strategier",
                "A. Rekruttering",
                "B. Kompetanse",
                "C. Nettverk",
            ],
            &["Buds. 2022", "400.000,-", "400.000,-", "200.000,-"],
        ]);
        assert!(spanning_header_dropped(&grouped).is_none());
        // One word over the years.
        let years = table(&[
            &[
                "Innsatsområde",
                "Arbeidsplassmål",
                "Arbeidsplassmål",
                "Arbeidsplassmål",
            ],
            &["", "2025", "2026", "Sum"],
            &["Industri", "8", "10", "18"],
        ]);
        assert_eq!(
            header(&spanning_header_dropped(&years).unwrap()),
            ["innsatsområde", "2025", "2026", "sum"]
        );
    }

    #[test]
    fn money_cells_give_the_figure_and_the_words_beside_it() {
        let amount = |n: i64| Some(Stated::Amount(Decimal::from(n)));
        assert_eq!(
            money_cell("500.000* (IN: 175’)"),
            (amount(500_000), Some("(IN: 175’)".into()))
        );
        assert_eq!(
            money_cell("Ungt entreprenørskap (U-skolen) 50.000"),
            (
                amount(50_000),
                Some("Ungt entreprenørskap (U-skolen)".into())
            )
        );
        // A figure inside a sentence is the sentence's, not the cell's.
        assert_eq!(
            money_cell("Drivkraft 2024 50.000 (bidrag fra Gr.l)"),
            (None, Some("Drivkraft 2024 50.000 (bidrag fra Gr.l)".into()))
        );
        assert_eq!(money_cell("xxx"), (None, Some("xxx".into())));
        assert_eq!(money_cell(""), (None, None));
    }

    #[test]
    fn a_table_with_years_as_rows_is_the_job_targets_only_when_it_says_so() {
        let h = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(turned_jobs(&h(&["år", "industri", "reiseliv"])));
        assert!(turned_jobs(&h(&["", "arbeidsplassar"])));
        assert!(!turned_jobs(&h(&["rapportert", "nye arbeidsplasser"])));
        assert!(!turned_jobs(&h(&["år", "oppnådde arbeidsplasser"])));
        assert!(!turned_jobs(&h(&["", "kostnader"])));
    }

    #[test]
    fn kr_is_a_column_s_unit_only_as_a_word_of_its_own() {
        let h = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            header_word(&h(&["kilde", "beskrivelse", "1000 kr"]), "kr"),
            Some(2)
        );
        assert_eq!(header_word(&h(&["kilde", "beskrivelse"]), "kr"), None);
    }
}
