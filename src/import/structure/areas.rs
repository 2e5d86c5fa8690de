//! Section 2 for the structure reader: a focus area's labelled texts and its strategy table
//! with the sum rows under it.

use super::draft::{Area, AreaLabel, Draft, Strategy, funds_beside, strategies_applicable, sum};
use super::facts::{found_in, split_sentences};
use super::tables::{by_column, cell_markdown, column, header, money_cell};
use super::words::{
    lower_aligned, money, para_markdown, placeholder, strategy_label, sum_label, years,
};
use super::{Reader, Under};
use crate::import::amount;
use crate::import::amount::Stated;
use crate::import::docx::{Cell, Para, Table};
use crate::import::text;
use rust_decimal::Decimal;

impl Reader<'_> {
    /// A paragraph in a focus area: the text of a strategy or of the budget under their
    /// headings (a plan written as prose), or the area's own.
    pub(super) fn area_paragraph(&mut self, p: &Para, t: &str) {
        let Some(area) = self.draft.areas.last_mut() else {
            return;
        };
        // «Strategi A – Vertskap: Kurs i vertskap. Budsjett: 300 000 kr.»: a strategy in a
        // paragraph of its own, its fields after the colon.
        if let Some((head, rest)) = t.split_once(':')
            && head.to_lowercase().starts_with("strategi ")
            && let Some((id, name, content)) = strategy_label(head)
        {
            let mut s = Strategy {
                id,
                name,
                content,
                ..Strategy::default()
            };
            let rest = rest.trim();
            if !rest.is_empty() {
                strategy_text(&mut s, &plain_para(rest), rest);
            }
            area.strategies.push(s);
            self.under = Under::Strategy;
            return;
        }
        let lower = t.to_lowercase();
        if (lower.starts_with("søkbare midl") || lower.starts_with("søkbare middel"))
            && area.applicable.is_none()
            && let Some(funds) = match amounts_by_year(t, self.lead.unit) {
                by_year if by_year.is_empty() => amount::in_text(t).first().copied(),
                by_year => of_year(&by_year, self.draft.year).map(|(funds, _)| funds),
            }
        {
            // «Søkbare midlar: 400 000 kr. Sum innsatsområde: 900 000 kr.» after the strategies:
            // the area's søkbare midler, and its sum checked against them and the strategies.
            area.applicable = Some(funds);
            let i = self.draft.areas.len() - 1;
            self.draft
                .guess(&format!("innsatsområder[{i}].søkbare_midler"), found_in(t));
            if let Some(sum_sentence) = split_sentences(t).into_iter().find(|s| area_sum_line(s)) {
                self.stated_area_sum(p, &sum_sentence);
            }
            return;
        }
        match self.under {
            Under::Strategy if area_sum_line(t) => self.stated_area_sum(p, t),
            // «Samla ramme for havbruk og sjømat er 0,95 mill. kr, av dette 0,5 mill. kr i
            // søkbare midlar.» after the last strategy: the area's sum, checked as one.
            Under::Strategy if frame_after_strategies(t) => self.stated_area_sum(p, t),
            Under::Strategy => {
                if let Some(s) = area.strategies.last_mut() {
                    strategy_text(s, p, t);
                }
            }
            Under::AreaBudget => {
                area.comment.push(para_markdown(p));
                self.stated_frame(t);
            }
            Under::StrategyList if area_sum_line(t) => self.stated_area_sum(p, t),
            // A list item, a line numbered by hand («1. Fjellsport og guiding – …») or one
            // that ends in its budget («Leverandørutvikling – kurs: 250»).
            Under::StrategyList
                if p.list.is_some()
                    || strategy_label(t).is_some()
                    || ends_in_budget(p, self.lead.unit) && !area_figure_line(t) =>
            {
                area.strategies
                    .push(listed_strategy(p, self.draft.year, self.lead.unit));
            }
            // «Leverandørkvalifisering – sertifisering: kr 400 000 (2025), kr 450 000 (2026)»
            // as a list item right under an area, without «Strategier:» before it: a strategy
            // with its budget, as under that label.
            Under::Area if p.list.is_some() && ends_in_budget(p, self.lead.unit) => {
                area.strategies
                    .push(listed_strategy(p, self.draft.year, self.lead.unit));
                self.under = Under::StrategyList;
            }
            Under::StrategyList => {
                self.under = Under::Area;
                let count = area.strategies.len();
                let name = area.name.clone();
                self.draft.found.push(format!(
                    "«{name}»: {count} strategier fra listen under «Strategier:»"
                ));
                self.area_text(p, t);
            }
            Under::Area => self.area_text(p, t),
        }
    }

    /// The area's budget as a sentence states it («Ramme 2026: 0,9 mill. kr, av dette 600’ i
    /// søkbare midlar», «ca. 1,7 mill. kr»), when its strategies give none: the first amount is
    /// the area's sum, one said to be «søkbare» its applicable funds.
    /// A line «Sum innsatsområde: 500 000 kr» after an area's strategies written as prose: the
    /// sum the documents compute from the strategies, so it is checked, not kept; a sum that
    /// disagrees stays in the area's text and is told.
    fn stated_area_sum(&mut self, p: &Para, t: &str) {
        // «Sum innsatsområdet 2026: 1 000', herav søkbare midler 400'. Ramme 2027: 1 100'.»:
        // the sum's sentence is checked; the others are the area's text.
        let sentences = split_sentences(t);
        if sentences.len() > 1
            && let Some(at) = sentences.iter().position(|s| area_sum_line(s))
        {
            for (n, sentence) in sentences.iter().enumerate() {
                if n == at {
                    self.stated_area_sum(&plain_para(sentence), sentence);
                } else {
                    let i = self.draft.areas.len() - 1;
                    self.draft.areas[i].comment.push(sentence.clone());
                }
            }
            return;
        }
        let i = self.draft.areas.len() - 1;
        let area = &mut self.draft.areas[i];
        let budgets: Vec<Decimal> = area.strategies.iter().filter_map(|s| s.budget).collect();
        // «Sum innsatsområde: 500 000» without its unit: the label's whole value.
        let mut amounts = amount::in_text(t);
        if amounts.is_empty()
            && let Some(unit) = self.lead.unit
        {
            // «Sum innsatsområde A: 450, av dette søkbare midlar 200.» under «(beløp i 1000 kr)».
            amounts = bare_amounts(t, unit);
        }
        let stated = amounts.first().copied().or_else(|| amount::after_label(t));
        // «…, herav søkbare midler 400'»: søkbare midler the strategies' budgets hold.
        let lower = t.to_lowercase();
        let within = amounts.get(1).copied().filter(|_| {
            (lower.contains("herav") || lower.contains("av dette")) && lower.contains("søkbar")
        });
        if let (Some(stated), Some(funds)) = (stated, within)
            && budgets.len() == area.strategies.len()
            && area.applicable.is_none()
            && sum(budgets.clone()) == stated
        {
            funds_within_strategies(&mut self.draft, i, funds);
            return;
        }
        match stated {
            // The strategies' budgets and the søkbare midler beside them make the area's sum.
            Some(stated)
                if budgets.len() == area.strategies.len()
                    && sum(budgets.clone()).checked_add(area.applicable.unwrap_or_default())
                        == Some(stated) =>
            {
                self.draft.found.push(format!(
                    "«{}»: linjen «{t}» stemmer med strategienes budsjetter og er ikke tatt med som tekst (dokumentene regner ut summen)",
                    area.name
                ));
            }
            _ => {
                area.comment.push(para_markdown(p));
                self.draft.notes.push(format!(
                    "«{}»: linjen «{t}» stemmer ikke med strategienes budsjetter ({}); den står i innsatsområdets kommentar — se over",
                    area.name,
                    money(sum(budgets))
                ));
            }
        }
    }

    /// «Herav søkbare midler: kr 500 000» after an area's frame in prose: the frame's part
    /// that is søkbare midler (the area's budget is the rest).
    fn stated_area_funds_line(&mut self, p: &Para, t: &str) {
        let i = self.draft.areas.len() - 1;
        let area = &mut self.draft.areas[i];
        match (amount::in_text(t).first(), area.budget) {
            (Some(&funds), Some(frame)) if area.applicable.is_none() && funds <= frame => {
                area.applicable = Some(funds);
                area.budget = frame.checked_sub(funds);
                self.draft.guess(
                    &format!("innsatsområder[{i}].budsjett"),
                    format!(
                        "rammen {} minus de søkbare midlene {} («{t}»)",
                        money(frame),
                        money(funds)
                    ),
                );
            }
            _ => area.comment.push(para_markdown(p)),
        }
    }

    fn stated_frame(&mut self, t: &str) {
        let i = self.draft.areas.len() - 1;
        let area = &mut self.draft.areas[i];
        let sentence = frame_sentence(t);
        let amounts = amount::in_text(&sentence);
        let Some(&sum) = amounts.first() else {
            return;
        };
        if area.budget.is_some() || area.strategies.iter().any(|s| s.budget.is_some()) {
            return;
        }
        let lower = sentence.to_lowercase();
        let applicable = amounts
            .get(1)
            .copied()
            .filter(|_| lower.contains("søkbar"))
            .filter(|a| *a <= sum);
        area.budget = sum.checked_sub(applicable.unwrap_or_default());
        area.applicable = applicable;
        let why = match applicable {
            Some(a) => format!(
                "{}; budsjettet er rammen {} minus de søkbare midlene {}",
                found_in(&sentence),
                money(sum),
                money(a)
            ),
            None => found_in(&sentence),
        };
        self.draft
            .guess(&format!("innsatsområder[{i}].budsjett"), why);
    }

    /// A paragraph of the area's own: its labelled texts («Beskrivelse:», «Effektmål:»,
    /// «Resultatmål 2025:»), its frame («Ramme 2026:»), or its description and comment.
    fn area_text(&mut self, p: &Para, t: &str) {
        let lower = t.to_lowercase();
        if lower.starts_with("herav søkbare") || lower.starts_with("av dette søkbare") {
            self.stated_area_funds_line(p, t);
            return;
        }
        let Some(area) = self.draft.areas.last_mut() else {
            return;
        };
        if strategy_list_label(&lower) && area.strategies.is_empty() {
            self.under = Under::StrategyList;
            // «Strategiar (beløp i 1000 kr):»: the unit of the bare figures below.
            self.lead = super::financing::Lead::of(t, self.draft.year);
            return;
        }
        // «Kommentar til budsjettforslaget:» alone: the template writes it before the comment.
        if lower.starts_with("kommentar til budsjett")
            && lower.ends_with(':')
            && !area.strategies.is_empty()
        {
            return;
        }
        // «Beskrivelse: … Effektmål: … Resultatmål 2025: …» in one paragraph: each label's
        // text its field.
        let parts = labelled_parts(t, AREA_LABELS);
        if parts.len() > 1 && area_label(area, &plain_para(parts[0]), parts[0]) {
            for part in &parts[1..] {
                if !area_label(area, &plain_para(part), part) {
                    area.comment.push((*part).to_string());
                }
            }
            return;
        }
        if area_label(area, p, t) {
            return;
        }
        if frame_line(t) {
            area.comment.push(para_markdown(p));
            self.stated_frame(t);
        } else {
            self.unlabelled_area_text(p);
        }
    }

    /// An area's paragraph without a label: its first is its description (said so), one
    /// right after the description and before the strategies goes on with it, any other is
    /// the area's text.
    fn unlabelled_area_text(&mut self, p: &Para) {
        let i = self.draft.areas.len() - 1;
        let area = &mut self.draft.areas[i];
        let before_strategies = area.strategies.is_empty() && area.result.is_none();
        if before_strategies
            && area.description.is_none()
            && area.impact.is_none()
            && area.comment.is_empty()
        {
            area.description = Some(para_markdown(p));
            self.draft.guess(
                &format!("innsatsområder[{i}].beskrivelse"),
                "innsatsområdets første avsnitt, uten merkelappen «Beskrivelse:»".into(),
            );
        } else if before_strategies && let Some(d) = area.description.as_mut() {
            d.push_str("\n\n");
            d.push_str(&para_markdown(p));
        } else {
            area.comment.push(para_markdown(p));
        }
    }

    /// A focus area's strategy table: a row per strategy (id and name, measures, goal,
    /// budget, granted), the area's figures in the header, and the sum rows checked against
    /// the rows above them.
    pub(super) fn strategies(&mut self, t: &Table) {
        let columns = StrategyColumns::of(&header(t));
        let area = self.draft.areas.len() - 1;
        for (_, head) in &columns.others {
            self.draft.found.push(format!(
                "kolonnen «{head}» i strategitabellen for «{}» står i strategienes merknad",
                self.draft.areas[area].name
            ));
        }
        let stated_granted = self.header_figures(t, area, &columns);
        let mut sums: Vec<(String, Decimal)> = Vec::new();
        // «Herav prosjektkostnader | 900 000» and «Herav søkbare midler | 600 000» under the
        // strategies: how their budgets divide.
        let (mut herav_costs, mut herav_funds) = (None, None);
        let width = header(t).len();
        // A table where no row has a letter or number lists its strategies by name alone.
        let by_name_alone = t.rows.iter().skip(1).all(|row| {
            let label = columns.label(&by_column(row));
            strategy_label(&label).is_none()
        });
        for row in t.rows.iter().skip(1) {
            // A row of one cell over the whole table («1) Tallene er foreløpige»): a note.
            if width > 1 && row.len() == 1 && row[0].span >= width {
                let note = cell_markdown(&row[0]);
                self.draft.areas[area].comment.extend(note);
                continue;
            }
            let cells = by_column(row);
            let label = columns.label(&cells);
            let lower = label.to_lowercase();
            let stated = cells
                .get(columns.budget.unwrap_or(usize::MAX))
                .and_then(|c| amount::read(&c.text()));
            let herav = lower
                .strip_prefix("herav ")
                .or_else(|| lower.strip_prefix("av dette "));
            if let (Some(part), Some(Stated::Amount(a))) = (herav, stated) {
                if part.starts_with("prosjektkostnad") {
                    herav_costs = Some(a);
                    continue;
                }
                if part.starts_with("søkbare midl") {
                    herav_funds = Some(a);
                    continue;
                }
            }
            if lower.starts_with("prosjektkostnader") || sum_label(&lower) {
                let funds = cells
                    .get(columns.applicable.unwrap_or(usize::MAX))
                    .and_then(|c| amount::read(&c.text()));
                if let (true, Some(Stated::Amount(f))) = (sum_label(&lower), funds) {
                    self.stated_area_funds(area, &label, f);
                }
                if let Some(Stated::Amount(a)) = stated {
                    sums.push((label, a));
                }
            } else if lower.starts_with("søkbare midl") {
                if let Some(Stated::Amount(a)) = stated {
                    self.draft.areas[area].applicable = Some(a);
                }
            } else {
                self.strategy_row(area, &label, &cells, &columns, by_name_alone);
            }
        }
        if let Some(funds) = herav_funds {
            self.herav_funds(area, herav_costs, funds);
        }
        self.check_strategy_sums(area, sums, stated_granted);
    }

    /// Søkbare midler a strategy table gives «herav», of its strategies' budgets together:
    /// held by the strategies, when they and the project costs make those budgets (said so,
    /// [`funds_within_strategies`]); else told.
    fn herav_funds(&mut self, area: usize, costs: Option<Decimal>, funds: Decimal) {
        let a = &self.draft.areas[area];
        let budgets = sum(a.strategies.iter().filter_map(|s| s.budget));
        let adds_up = costs.is_none_or(|c| c.checked_add(funds) == Some(budgets));
        if adds_up
            && funds <= budgets
            && a.applicable.is_none()
            && strategies_applicable(a).is_none()
        {
            funds_within_strategies(&mut self.draft, area, funds);
        } else {
            let name = a.name.clone();
            self.draft.notes.push(format!(
                "strategitabellen for «{name}» sier «herav søkbare midler» {}, som ikke går opp med strategienes budsjett ({}); se over",
                money(funds),
                money(budgets)
            ));
        }
    }

    /// The søkbare midler of a strategy table's sum row, when its strategies give theirs: the
    /// area's, when they add up to it; else told, and the strategies' kept.
    fn stated_area_funds(&mut self, area: usize, label: &str, stated: Decimal) {
        let a = &mut self.draft.areas[area];
        let Some(within) = strategies_applicable(a) else {
            return;
        };
        if within == stated {
            a.applicable = Some(stated);
        } else {
            let name = a.name.clone();
            self.draft.notes.push(format!(
                "raden «{label}» i strategitabellen for «{name}» sier {} i søkbare midler, men strategiene har {} til sammen; planen bruker strategienes — se over",
                money(stated),
                money(within)
            ));
        }
    }

    /// Figures in a strategy table's header: a budget there («Budsjett 500.000») is the
    /// area's as a whole; others («Innvilget 650.000», «Gjenstående 100.000») have no place on
    /// the area, so they are told. Returns the granted amount the header states.
    fn header_figures(
        &mut self,
        t: &Table,
        area: usize,
        columns: &StrategyColumns,
    ) -> Option<Decimal> {
        let head = t.rows.first().map(|r| by_column(r)).unwrap_or_default();
        let path = format!("innsatsområder[{area}].budsjett");
        if let Some(cell) = columns.budget.and_then(|b| head.get(b)) {
            let text = text::normalize(&cell.text());
            let after = text.to_lowercase().replace("budsjett", "");
            // «Budsjett 2026»: the year the column is for, not an amount.
            let a_year =
                years(after.trim()).first().map(i32::to_string).as_deref() == Some(after.trim());
            if let (Some(Stated::Amount(a)), false) = (amount::read(after.trim()), a_year) {
                self.draft.areas[area].budget = Some(a);
                self.draft.guess(
                    &path,
                    format!("fra tabellens overskrift «{text}»: budsjett for hele innsatsområdet"),
                );
            }
        }
        let mut stated_granted = None;
        for (c, cell) in head.iter().enumerate() {
            let text = text::normalize(&cell.text());
            let Some((word, figure)) = text.split_once(' ') else {
                continue;
            };
            // «Tiltak 2018»: a column's year, not a figure.
            if Some(c) == columns.budget
                || c == 0
                || years(figure).first().map(i32::to_string).as_deref() == Some(figure.trim())
            {
                continue;
            }
            if let Some(Stated::Amount(a)) = amount::read(figure) {
                if Some(c) == columns.granted {
                    stated_granted = Some(a);
                }
                self.draft.guess(
                    &path,
                    format!(
                        "tabellens overskrift sier også «{word} {}» for hele innsatsområdet; planen har ikke et slikt felt på innsatsområdet",
                        money(a)
                    ),
                );
            }
        }
        stated_granted
    }

    /// One row of a strategy table: a strategy when its first cell has an id and a name.
    fn strategy_row(
        &mut self,
        area: usize,
        label: &str,
        cells: &[&Cell],
        columns: &StrategyColumns,
        by_name_alone: bool,
    ) {
        let area_name = self.draft.areas[area].name.clone();
        let named = || {
            let name = text::normalize(label);
            (by_name_alone && !placeholder(&name) && name.chars().any(char::is_alphabetic))
                .then(|| (String::new(), name, None))
        };
        let Some((id, name, content)) = strategy_label(label).or_else(named) else {
            if !label.is_empty() && !placeholder(label) {
                self.draft.notes.push(format!(
                    "raden {} i strategitabellen for «{area_name}» har ingen strategi-bokstav eller -nummer og er ikke tatt med som strategi; se over",
                    crate::import::own::quote(label)
                ));
            }
            return;
        };
        let cell =
            |col: Option<usize>| -> Option<&Cell> { col.and_then(|c| cells.get(c)).map(|c| &**c) };
        let money_of = |col| {
            cell(col)
                .map(|c| money_cell(&c.text()))
                .unwrap_or((None, None))
        };
        let amount_of = |stated: Option<Stated>| match stated {
            Some(Stated::Amount(a)) => Some(a),
            _ => None,
        };
        let (budget, budget_note) = money_of(columns.budget);
        let (applicable, _) = money_of(columns.applicable);
        let (granted, granted_note) = money_of(columns.granted);
        let money_note: Vec<String> = [budget_note, granted_note].into_iter().flatten().collect();
        if !money_note.is_empty() {
            self.draft.notes.push(format!(
                "teksten {} i beløpskolonnene for {id} {name} i «{area_name}» er strategiens merknad",
                crate::import::own::quote(&money_note.join("; "))
            ));
        }
        let note: Vec<String> = money_note
            .into_iter()
            .chain(columns.own_columns(cells))
            .collect();
        let note = (!note.is_empty()).then(|| note.join("; "));
        let content = match (content, cell(columns.content).and_then(cell_markdown)) {
            (Some(label), Some(column)) => Some(format!("{label}\n\n{column}")),
            (label, column) => label.or(column),
        };
        self.draft.areas[area].strategies.push(Strategy {
            id,
            name,
            content,
            measures: cell(columns.measures).and_then(cell_markdown),
            goal: cell(columns.goal).and_then(cell_markdown),
            budget: amount_of(budget),
            applicable: amount_of(applicable),
            granted: amount_of(granted),
            note,
        });
    }

    /// A strategy table whose strategies add up to its «Sum» row, which also holds the
    /// applicable funds («Prosjektkostnader» + «Søkbare midler» = «Sum innsatsområde»): the
    /// strategies' budgets include the applicable funds, so the area's budget is the
    /// «Prosjektkostnader» row (the plan's strategies then add up to it and the funds).
    fn applicable_within(
        &mut self,
        area: usize,
        sums: &[(String, Decimal)],
        costs: Option<Decimal>,
    ) -> bool {
        let a = &self.draft.areas[area];
        let (Some(costs), Some(applicable)) = (costs, a.applicable) else {
            return false;
        };
        let stated = |word: &str| {
            sums.iter()
                .find(|(l, _)| l.to_lowercase().starts_with(word))
                .map(|(_, v)| *v)
        };
        // The area's total row: «Sum innsatsområde», «Ramme innsatsområde», «Totalt».
        let total = sums.iter().find(|(l, _)| {
            let l = l.to_lowercase();
            sum_label(&l) && !l.starts_with("prosjektkostnader")
        });
        let (Some((total_label, sum)), Some(project)) = (total, stated("prosjektkostnader")) else {
            return false;
        };
        let (total_label, sum) = (total_label.clone(), *sum);
        if sum != costs || project.checked_add(applicable) != Some(sum) {
            return false;
        }
        let name = a.name.clone();
        let count = a.strategies.len();
        self.draft.areas[area].budget = Some(project);
        self.draft.guess(
            &format!("innsatsområder[{area}].budsjett"),
            format!(
                "raden «Prosjektkostnader» ({}): strategiene summerer til «{total_label}» ({}), som også holder de søkbare midlene ({})",
                money(project),
                money(sum),
                money(applicable)
            ),
        );
        self.draft
            .found
            .push(format!("«{name}»: {count} strategier fra strategitabellen"));
        true
    }

    /// The sum rows under a strategy table against the strategies' figures: a difference is
    /// told and the strategies' figures kept; with no strategy budgets, the «Sum» row gives
    /// the area's budget. The header's granted amount is checked against the strategies'.
    fn check_strategy_sums(
        &mut self,
        area: usize,
        sums: Vec<(String, Decimal)>,
        stated_granted: Option<Decimal>,
    ) {
        let a = &self.draft.areas[area];
        let area_name = a.name.clone();
        let costs: Option<Decimal> = a
            .strategies
            .iter()
            .try_fold(Decimal::ZERO, |s, st| {
                st.budget.and_then(|b| s.checked_add(b))
            })
            .filter(|_| a.strategies.iter().any(|s| s.budget.is_some()));
        let applicable = funds_beside(a);
        let total = costs.and_then(|c| c.checked_add(applicable));
        let no_budget = a.budget.is_none();
        let granted_sum = sum(a.strategies.iter().filter_map(|s| s.granted));
        let strategies = a.strategies.len();
        if self.applicable_within(area, &sums, costs) {
            return;
        }
        for (label, stated) in sums {
            let lower = label.to_lowercase();
            let computed = if lower.starts_with("prosjektkostnader") {
                costs
            } else {
                total
            };
            match computed {
                Some(c) if c != stated => self.draft.notes.push(format!(
                    "raden «{label}» i strategitabellen for «{area_name}» sier {}, men tallene over summerer til {}; planen bruker tallene over — se over",
                    money(stated),
                    money(c)
                )),
                None if no_budget && sum_label(&lower) => {
                    self.draft.areas[area].budget = stated.checked_sub(applicable);
                    self.draft.guess(
                        &format!("innsatsområder[{area}].budsjett"),
                        format!("strategiene har ingen beløp; budsjettet er tatt fra raden «{label}»"),
                    );
                }
                _ => {}
            }
        }
        if let Some(stated) = stated_granted
            && stated != granted_sum
        {
            self.draft.notes.push(format!(
                "tabellens overskrift sier innvilget {} for «{area_name}», men strategiene har innvilget {} til sammen; dokumentet viser {} og regner det gjenstående av det — se over beløpene i radene",
                money(stated),
                money(granted_sum),
                money(granted_sum)
            ));
        }
        self.draft.found.push(format!(
            "«{area_name}»: {strategies} strategier fra strategitabellen"
        ));
    }
}

/// The columns of a strategy table, by the words in its header.
struct StrategyColumns {
    /// The strategy's name, when its id stands in a column of its own before it («Nr.»).
    name: Option<usize>,
    measures: Option<usize>,
    goal: Option<usize>,
    budget: Option<usize>,
    /// «Herav søkbare midler»: the part of each budget set aside for applications.
    applicable: Option<usize>,
    granted: Option<usize>,
    /// «Beskrivelse» or «Innhold»: what the strategy is.
    content: Option<usize>,
    /// Columns of the plan's own («Ansvarlig»), with their headers: kept in the strategy's
    /// note as «Ansvarlig: Programleder».
    others: Vec<(usize, String)>,
}

impl StrategyColumns {
    fn of(h: &[String]) -> StrategyColumns {
        let measures = column(h, &["tiltak"]);
        let mut columns = StrategyColumns {
            name: column(h, &["strategi"]).filter(|c| *c > 0),
            measures,
            goal: column(h, &["prosjektmål", "delmål", "mål"]).filter(|c| Some(*c) != measures),
            budget: column(h, &["budsjett"])
                .or_else(|| column(h, &["kostnad"]))
                // «Ramme»: the frame the strategy has for the year.
                .or_else(|| column(h, &["ramme"]))
                .or_else(|| column(h, &["beløp"]).filter(|c| Some(*c) != column(h, &["innvilg"]))),
            applicable: column(h, &["søkbar"]),
            granted: column(h, &["innvilg"]),
            content: column(h, &["beskrivelse", "innhold", "innhald", "skildring"])
                .filter(|c| Some(*c) != measures),
            others: Vec::new(),
        };
        let known = [
            columns.name,
            columns.measures,
            columns.goal,
            columns.budget,
            columns.applicable,
            columns.granted,
            columns.content,
        ];
        columns.others = h
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(c, head)| !head.is_empty() && !known.contains(&Some(*c)))
            // A header merged over several columns is one column of the plan's own.
            .filter(|(c, head)| h.get(c - 1) != Some(*head))
            .map(|(c, head)| (c, head.clone()))
            .collect();
        columns
    }

    /// A row's cells in the columns of the plan's own, each as «Ansvarlig: Programleder».
    fn own_columns(&self, cells: &[&Cell]) -> Vec<String> {
        self.others
            .iter()
            .filter_map(|(c, head)| {
                let text = text::normalize(&cells.get(*c)?.text());
                let mut head = head.chars();
                let head: String = head
                    .next()
                    .map(|f| f.to_uppercase().chain(head).collect())?;
                (!text.is_empty()).then(|| format!("{head}: {text}"))
            })
            .collect()
    }

    /// A row's label: its first cell, with the name beside it when the id has a column of its
    /// own («1.1» | «Leverandørutvikling» → «1.1 Leverandørutvikling»).
    fn label(&self, cells: &[&Cell]) -> String {
        let text = |c: Option<&&Cell>| c.map(|c| text::normalize(&c.text())).unwrap_or_default();
        let first = text(cells.first());
        match self.name.map(|c| cells.get(c)) {
            Some(name) if strategy_label(&format!("{first} x")).is_some() => {
                format!("{first} {}", text(name))
            }
            _ => first,
        }
    }
}

/// The sentence of a paragraph that states an area's frame: of those with an amount, the
/// last that says what the area has at its disposal («… slik at det samlet står ca. 1,7 mill.
/// kr til rådighet»), else the first with an amount.
fn frame_sentence(t: &str) -> String {
    let with_amount: Vec<String> = split_sentences(t)
        .into_iter()
        .filter(|s| !amount::in_text(s).is_empty())
        .collect();
    let words = [
        "disposisjon",
        "rådighet",
        "ramme",
        "samla",
        "samlet",
        "til sammen",
    ];
    with_amount
        .iter()
        .rev()
        .find(|s| {
            let lower = s.to_lowercase();
            words.iter().any(|w| lower.contains(w))
        })
        .or(with_amount.first())
        .cloned()
        .unwrap_or_default()
}

/// A strategy listed as a list item under «Strategier:»: «A: Navn – innhold» as the template
/// heads one; a bold lead-in («**Nettverk** – bygge nettverk …») as its name and the rest as
/// its content; else the whole item is its name, without a letter. An amount at its end is its
/// budget; amounts for several years («kr 400 000 (2025), kr 450 000 (2026)») give the plan
/// year's, and the others stay in its note.
fn listed_strategy(p: &Para, year: Option<i32>, unit: Option<Decimal>) -> Strategy {
    let t = text::normalize(&p.text());
    let Some((before, figure)) = trailing_figure(&t, unit) else {
        return listed_strategy_text(p, &t);
    };
    let by_year = amounts_by_year(figure, unit);
    if by_year.is_empty() {
        return match single_amount(figure, unit) {
            Some(budget) => Strategy {
                budget: Some(budget),
                ..listed_strategy_text(p, before)
            },
            None => listed_strategy_text(p, &t),
        };
    }
    let (budget, others) = of_year(&by_year, year).unzip();
    Strategy {
        budget,
        // Without the plan's year among them, every year's amount stays in the note.
        note: Some(others.unwrap_or_else(|| years_note(&by_year, None))),
        ..listed_strategy_text(p, before)
    }
}

/// Whether a list item ends with a budget: one amount, or amounts for several years.
fn ends_in_budget(p: &Para, unit: Option<Decimal>) -> bool {
    let t = text::normalize(&p.text());
    trailing_figure(&t, unit).is_some_and(|(_, figure)| {
        single_amount(figure, unit).is_some() || !amounts_by_year(figure, unit).is_empty()
    })
}

/// The figure a list item ends with, and the item before it: in brackets («… og booking
/// (500')»), or after its last «:» or «–».
fn trailing_figure(t: &str, unit: Option<Decimal>) -> Option<(&str, &str)> {
    if let Some(open) = t.strip_suffix(')').and_then(|r| r.rfind('(')) {
        let inside = &t[open + 1..t.len() - 1];
        if single_amount(inside, unit).is_some() || !amounts_by_year(inside, unit).is_empty() {
            return Some((t[..open].trim_end(), inside));
        }
    }
    let at = t.rfind([':', '–'])?;
    let figure = t[at..]
        .trim_start_matches([':', '–'])
        .trim()
        .trim_end_matches('.');
    Some((t[..at].trim_end(), figure))
}

/// `figure` as one amount («0,8 mill.», «kr 300 000»); not a year («… ferdig: 2026»). A bare
/// figure is in `unit` (a label's «beløp i 1000 kr»); without one it is kroner, and one under
/// 1000 («: 250») is no budget: its unit is not known.
fn single_amount(figure: &str, unit: Option<Decimal>) -> Option<Decimal> {
    let a_year = figure.len() == 4 && years(figure).len() == 1;
    let bare = !amount::has_unit(figure);
    let read = match (bare, unit) {
        (true, Some(unit)) => amount::read_in(figure, unit),
        _ => amount::read(figure),
    };
    match read {
        Some(Stated::Amount(a))
            if !a_year
                && figure.chars().any(|c| c.is_ascii_digit())
                && !(bare && unit.is_none() && a < Decimal::from(1000)) =>
        {
            Some(a)
        }
        _ => None,
    }
}

/// Amounts given for several years in one text: «kr 400 000 (2025), kr 450 000 (2026)»,
/// «2025: 0,4 mill., 2026: 0,45 mill.», each piece (cut at «, », «; » or « og ») one amount
/// and one year. Empty unless every piece is one and there are at least two.
fn amounts_by_year(t: &str, unit: Option<Decimal>) -> Vec<(i32, Decimal)> {
    let figure = t.split_once(':').map_or(t, |(head, rest)| {
        // «Søkbare midler: kr 600 000 (2025), …»: the label before the figures.
        if years(head).is_empty() { rest } else { t }
    });
    let mut out = Vec::new();
    for piece in figure
        .split([';'])
        .flat_map(|p| p.split(", "))
        .flat_map(|p| p.split(" og "))
    {
        let [year] = years(piece)[..] else {
            return Vec::new();
        };
        let without = piece.replacen(&year.to_string(), "", 1);
        let without = without.trim_matches(|c: char| c.is_whitespace() || "():.".contains(c));
        match single_amount(without, unit) {
            Some(a) if out.iter().all(|(y, _)| *y != year) => out.push((year, a)),
            _ => return Vec::new(),
        }
    }
    if out.len() < 2 { Vec::new() } else { out }
}

/// The bare figures after a line's label, in `unit` («Sum innsatsområde A: 450, av dette
/// søkbare midlar 200.» in 1000 kr: 450 000 and 200 000); a year is none.
fn bare_amounts(t: &str, unit: Decimal) -> Vec<Decimal> {
    let after = t.split_once(':').map_or(t, |(_, rest)| rest);
    after
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', '.', ';']))
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()) && years(w).is_empty())
        .filter_map(|w| match amount::read_in(w, unit) {
            Some(Stated::Amount(a)) => Some(a),
            _ => None,
        })
        .collect()
}

/// The amount for `year` among amounts by year, and the others as a note («2026: 450 000 kr»).
fn of_year(by_year: &[(i32, Decimal)], year: Option<i32>) -> Option<(Decimal, String)> {
    let year = year?;
    let (_, amount) = by_year.iter().find(|(y, _)| *y == year)?;
    Some((*amount, years_note(by_year, Some(year))))
}

/// The amounts of the years other than `except`, as a note.
fn years_note(by_year: &[(i32, Decimal)], except: Option<i32>) -> String {
    by_year
        .iter()
        .filter(|(y, _)| Some(*y) != except)
        .map(|(y, a)| format!("{y}: {} kr", money(*a)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A listed strategy's id, name and content from its text.
fn listed_strategy_text(p: &Para, t: &str) -> Strategy {
    let t = t.to_string();
    let separated = t
        .split_once([':', '.'])
        .is_some_and(|(id, _)| crate::plan::strategy_id_style(id).is_some());
    if let Some((id, name, content)) = strategy_label(&t).filter(|_| separated) {
        return Strategy {
            id,
            name,
            content,
            ..Strategy::default()
        };
    }
    let lead: String = p
        .runs
        .iter()
        .take_while(|r| r.bold)
        .map(|r| r.text.as_str())
        .collect();
    let lead = lead.trim().trim_end_matches([':', '.', '–', '-']).trim();
    let rest = t
        .get(lead.len()..)
        .map(|r| r.trim_start_matches([':', '.', '–', '-', ' ']).trim())
        .unwrap_or_default();
    if !lead.is_empty() && t.starts_with(lead) && !rest.is_empty() {
        return Strategy {
            name: lead.to_string(),
            content: Some(rest.to_string()),
            ..Strategy::default()
        };
    }
    Strategy {
        name: t,
        ..Strategy::default()
    }
}

/// An area's frame read from its text («Samla ramme … 1,2 mill. kr») that its strategies'
/// budgets make up, when those budgets hold søkbare midler («herav»): it is the area's sum,
/// not its project costs, and the plan computes it from the strategies.
pub(super) fn frames_of_strategies(draft: &mut super::draft::Draft) {
    for (i, a) in draft.areas.iter_mut().enumerate() {
        if strategies_applicable(a).is_none() || !a.strategies.iter().any(|s| s.budget.is_some()) {
            continue;
        }
        let within = sum(a.strategies.iter().filter_map(|s| s.budget));
        if a.budget == Some(within) {
            a.budget = None;
            draft
                .guesses
                .entry(format!("innsatsområder[{i}].budsjett"))
                .or_default()
                .push(format!(
                    "rammen {} er strategienes budsjett til sammen, søkbare midler medregnet; planen regner den ut av strategiene",
                    money(within)
                ));
        }
    }
}

/// The text after a paragraph's label, when it opens with one of `words` and a colon soon
/// after («**Beskrivelse:** …», «Resultatmål 2025: …»), as Markdown.
fn labelled(p: &Para, t: &str, words: &[&str]) -> Option<String> {
    let lower = t.to_lowercase();
    let w = words.iter().find(|w| lower.starts_with(*w))?;
    t.find(':').filter(|colon| *colon <= w.len() + 8)?;
    let md = para_markdown(p);
    let after = md.split_once(':').map_or("", |(_, r)| r);
    let after = after.trim_start_matches("**").trim_start_matches('*');
    Some(after.trim().to_string())
}

/// «Strategier:» (or «Strategiar for 2026:») alone: a list of the area's strategies follows.
pub(super) fn strategy_list_label(lower: &str) -> bool {
    // «Strategiar (beløp i 1000 kr):»: the brackets are no part of the label.
    let label = match (lower.find('('), lower.rfind(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &lower[..open], &lower[close + 1..])
        }
        _ => lower.to_string(),
    };
    label.starts_with("strategi") && label.ends_with(':') && label.split_whitespace().count() <= 4
}

/// A paragraph under a strategy's heading, in a plan written as prose: a labelled line is the
/// strategy's field («Tiltak 2025:», «Prosjektmål:», «Budsjett 2025: kr 300 000, herav kr
/// 200 000 i søkbare midler»); any other text is its content.
fn strategy_text(s: &mut Strategy, p: &Para, t: &str) {
    // «Tiltak 2025: Forprosjekt. Budsjett: 300 000 kr.»: each label in one paragraph its field.
    let parts = labelled_parts(t, STRATEGY_LABELS);
    if parts.len() > 1 {
        for part in parts {
            strategy_field(s, &plain_para(part), part);
        }
        return;
    }
    strategy_field(s, p, t);
}

/// Søkbare midler that an area's strategies' budgets hold, given for the area only («Sum …,
/// herav søkbare midler 400'»): the plan cannot tell which strategies hold them, so they stay
/// in the area's text, said so.
pub(super) fn funds_within_strategies(d: &mut Draft, area: usize, funds: Decimal) {
    let a = &mut d.areas[area];
    a.comment
        .push(format!("Herav søkbare midler: {} kr", money(funds)));
    let name = a.name.clone();
    d.notes.push(format!(
        "«{name}»: søkbare midler {} er en del av strategienes budsjett, uten at dokumentet sier hvilke strategier; de står i innsatsområdets kommentar — før dem inn som `søkbare_midler` under strategiene om du vil ha dem som tall",
        money(funds)
    ));
}

/// «Søkbare midler» written as one of an area's strategies (a row «A3 Søkbare midler» of its
/// table, a heading «2.1.3 Søkbare midlar», a bullet): the area's søkbare midler, not a
/// strategy, said so.
pub(super) fn funds_written_as_strategies(d: &mut Draft) {
    for (i, area) in d.areas.iter_mut().enumerate() {
        let Some(at) = area.strategies.iter().position(|s| {
            let name = s.name.to_lowercase();
            name.starts_with("søkbare midl") || name.starts_with("søkbare middel")
        }) else {
            continue;
        };
        let written = area.strategies.remove(at);
        let name = area.name.clone();
        match (written.budget, area.applicable) {
            (Some(funds), None) => {
                area.applicable = Some(funds);
                d.guesses
                    .entry(format!("innsatsområder[{i}].søkbare_midler"))
                    .or_default()
                    .push(format!("fra «{}» blant strategiene i «{name}»", written.name));
            }
            _ => d.notes.push(format!(
                "«{}» står blant strategiene i «{name}»; søkbare midler er ikke en strategi — før beløpet inn som `søkbare_midler` for innsatsområdet",
                written.name
            )),
        }
    }
}

/// A paragraph that states an area's frame: «Ramme for innsatsområdet: NOK 1,0 mill.»,
/// «Samla ramme …», «Budsjett: kr 1.200.000», with an amount.
fn frame_line(t: &str) -> bool {
    let lower = t.to_lowercase();
    (lower.starts_with("ramme")
        || lower.starts_with("samla ramme")
        || lower.starts_with("samlet ramme")
        || lower.starts_with("budsjett") && t.find(':').is_some_and(|c| c <= 20))
        && !amount::in_text(t).is_empty()
}

/// An area's labelled paragraph («Beskrivelse:», «Effektmål:» or «Mål for innsatsområdet:»,
/// «Resultatmål …:»), or the text below a label that stood on a line of its own, into its
/// field. False when the paragraph is neither.
fn area_label(area: &mut Area, p: &Para, t: &str) -> bool {
    let stated = [
        (AreaLabel::Description, &AREA_LABELS[..2]),
        (AreaLabel::Impact, &AREA_LABELS[2..5]),
        (AreaLabel::Result, &AREA_LABELS[5..]),
    ]
    .into_iter()
    .find_map(|(which, words)| labelled(p, t, words).map(|v| (which, v)));
    let Some((which, value)) = stated else {
        // The text of a label that stood on a line of its own.
        return match area.awaiting.take() {
            Some(which) => {
                *area.labelled(which) = Some(para_markdown(p));
                true
            }
            None => false,
        };
    };
    if value.is_empty() {
        area.awaiting = Some(which);
    }
    match which {
        AreaLabel::Description => {
            // Text taken as the description before its label came stays, as the area's text.
            if let Some(before) = area.description.replace(value) {
                area.comment.insert(0, before);
            }
        }
        AreaLabel::Impact => area.impact = Some(value),
        AreaLabel::Result => {
            let lower = t.to_lowercase();
            area.no_jobs |= [
                "ikke ha arbeidsplasser som målsetting",
                "ikkje ha arbeidsplassar",
                "ikke arbeidsplassmål",
                "ikkje arbeidsplassmål",
            ]
            .iter()
            .any(|w| lower.contains(w));
            area.result = Some(value);
        }
    }
    true
}

/// A line of the area's own figures, not a strategy's: «Budsjett: kr 1.200.000», «Herav
/// søkbare midlar: …», «Sum …», «Ramme …».
fn area_figure_line(t: &str) -> bool {
    let lower = t.to_lowercase();
    frame_line(t)
        || area_sum_line(t)
        || sum_label(&lower)
        || ["herav", "av dette", "søkbare", "ramme", "budsjett"]
            .iter()
            .any(|w| lower.starts_with(w))
}

/// A sentence of an area's frame after its strategies («Samla ramme for … er 0,95 mill. kr»).
fn frame_after_strategies(t: &str) -> bool {
    let lower = t.to_lowercase();
    [
        "samla ramme",
        "samlet ramme",
        "ramme for innsatsområd",
        "total ramme",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
        && !amount::in_text(t).is_empty()
}

/// A line after an area's strategies that states their sum: «Sum innsatsområde: 500 000 kr»,
/// «Totalt for innsatsområdet: …» (not a strategy's own «Samla budsjett»).
fn area_sum_line(t: &str) -> bool {
    let lower = t.to_lowercase();
    (lower.starts_with("sum") || lower.starts_with("total")) && lower.contains("innsatsområd")
}

/// A paragraph of plain text, for a part of one read on its own.
fn plain_para(text: &str) -> Para {
    Para {
        runs: vec![crate::import::docx::Run {
            text: text.to_string(),
            ..Default::default()
        }],
        ..Para::default()
    }
}

/// The labels of an area's fields (`area_label`).
const AREA_LABELS: &[&str] = &[
    "beskrivelse",
    "skildring",
    "effektmål",
    "mål for innsatsområdet",
    "mål for innsatsområde",
    "resultatmål",
];

/// The labels of a strategy's fields in a plan written as prose («Ramme: 0,35 mill. kr» is its
/// budget, as «Budsjett:» is).
pub(super) const STRATEGY_LABELS: &[&str] =
    &["tiltak", "prosjektmål", "delmål", "budsjett", "ramme"];

/// The labels of a strategy's budget among [`STRATEGY_LABELS`].
pub(super) const BUDGET_LABELS: &[&str] = &["budsjett", "ramme"];

/// A paragraph cut where a sentence begins with one of the labels («… trelastlager. Budsjett:
/// 300 000 kr.»); the whole paragraph when it holds at most one.
pub(super) fn labelled_parts<'t>(t: &'t str, labels: &[&str]) -> Vec<&'t str> {
    let lower = lower_aligned(t);
    let mut starts: Vec<usize> = vec![0];
    for (i, _) in lower.match_indices(". ") {
        let next = i + 2;
        let rest = &lower[next..];
        let label = labels
            .iter()
            .any(|w| rest.starts_with(w) && rest.find(':').is_some_and(|c| c <= w.len() + 8));
        if label {
            starts.push(next);
        }
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain(std::iter::once(&t.len())))
        .map(|(a, b)| t[*a..*b].trim())
        .filter(|p| !p.is_empty())
        .collect()
}

/// One labelled line of a strategy written as prose, or its content.
fn strategy_field(s: &mut Strategy, p: &Para, t: &str) {
    let lower = t.to_lowercase();
    let labelled = |words: &[&str]| labelled(p, t, words);
    let append = |field: &mut Option<String>, text: String| {
        *field = Some(match field.take() {
            Some(c) => format!("{c}\n\n{text}"),
            None => text,
        });
    };
    if let Some(v) = labelled(&["tiltak"]) {
        append(&mut s.measures, v);
        return;
    }
    if let Some(v) = labelled(&["prosjektmål", "delmål"]) {
        append(&mut s.goal, v);
        return;
    }
    if s.budget.is_none() && labelled(BUDGET_LABELS).is_some() {
        let amounts = amount::in_text(t);
        if let Some(&budget) = amounts.first() {
            s.budget = Some(budget);
            s.applicable = amounts
                .get(1)
                .copied()
                .filter(|a| lower.contains("søkbar") && *a <= budget);
            return;
        }
    }
    append(&mut s.content, para_markdown(p));
}
#[cfg(test)]
mod tests {
    use crate::import::docx::{Block, Package, Para, Run};

    fn para(text: &str, bold: bool, heading: Option<u8>) -> Block {
        Block::Para(Para {
            heading,
            runs: vec![Run {
                text: text.into(),
                bold,
                ..Run::default()
            }],
            ..Para::default()
        })
    }

    /// What the structure reader makes of these blocks.
    fn imported(blocks: Vec<Block>) -> super::super::Read {
        super::super::read(&Package {
            blocks,
            embedded: None,
            left_out: Vec::new(),
            page_lines: Vec::new(),
        })
        .unwrap()
    }

    #[test]
    fn a_label_on_a_line_of_its_own_takes_the_paragraph_below_it() {
        let blocks = vec![
            para(
                "2. Strategier og tiltak for innsatsområdene",
                false,
                Some(1),
            ),
            para("2.1 Industri og prosess", false, Some(2)),
            para("Beskrivelse:", true, None),
            para("Prosessindustri og leverandører.", false, None),
            para("Effektmål:", true, None),
            para("Flere robuste industribedrifter.", false, None),
            para("Resultatmål 2025: 12 nye arbeidsplasser.", false, None),
        ];
        let read = imported(blocks);
        for want in [
            "beskrivelse: Prosessindustri og leverandører.",
            "effektmål: Flere robuste industribedrifter.",
            "resultatmål: 12 nye arbeidsplasser.",
        ] {
            assert!(read.text.contains(want), "«{want}» not in\n{}", read.text);
        }
    }

    fn item(text: &str) -> Block {
        match para(text, false, None) {
            Block::Para(p) => Block::Para(Para {
                list: Some((0, false)),
                ..p
            }),
            b => b,
        }
    }

    /// Lines in the budget section that only look like sources or the administration stay
    /// the plan's text: a bullet for an area, the administration or a sum is no source, and a
    /// sentence about the «administrasjonskommune» is not the administration's budget.
    #[test]
    fn only_sources_are_read_as_sources_and_only_the_administration_as_it() {
        let blocks = vec![
            para(
                "2. Strategier og tiltak for innsatsområdene",
                false,
                Some(1),
            ),
            para("2.1 Industri", false, Some(2)),
            para("Beskrivelse:", true, None),
            para("Industrien i kommunen.", false, None),
            para("3. Budsjett og finansiering", false, Some(1)),
            para(
                "Administrasjonskommunen bidrar med kr 600 000 i egenandel.",
                false,
                None,
            ),
            item("Industri: kr 2 000 000"),
            item("Administrasjon: kr 1 100 000"),
            item("Totalt: kr 3 100 000"),
            item("Nordland fylkeskommune: kr 1 550 000 (50 %)"),
        ];
        let read = imported(blocks);
        let sources: Vec<&str> = read
            .text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- kilde: "))
            .collect();
        assert_eq!(sources, ["Nordland fylkeskommune"], "{}", read.text);
        assert!(read.text.contains("beløp: 1100000"), "{}", read.text);
        assert!(!read.text.contains("beløp: 600000"), "{}", read.text);
    }

    fn row(cells: &[&str]) -> Vec<crate::import::docx::Cell> {
        cells
            .iter()
            .map(|t| crate::import::docx::Cell {
                paras: vec![Para {
                    runs: vec![Run {
                        text: (*t).into(),
                        ..Run::default()
                    }],
                    ..Para::default()
                }],
                span: 1,
            })
            .collect()
    }

    /// Strategies numbered by the area's letter («A1», «A2»), a row «Søkbare midler» among
    /// them and a column «Budsjett 2026»: two strategies with their budgets, the area's
    /// søkbare midler, and no budget of 2 026 kr from the header; check's model takes «A1».
    #[test]
    fn a_cover_line_naming_the_programme_or_its_period_is_no_vision() {
        let blocks = vec![
            para("Handlingsplan 2027", true, None),
            para(
                "Nome Neste – omstillingsprogrammet i Nome kommune",
                false,
                None,
            ),
            para(
                "Tydal kommune, Trøndelag · Omstillingsperiode 2024–2029",
                false,
                None,
            ),
            para("Innsatsområder og strategier", false, None),
            para(
                "Nome – der industri og natur skaper framtid sammen",
                false,
                None,
            ),
            para("Mål og innsatsområder", false, Some(1)),
        ];
        let read = imported(blocks);
        assert!(
            read.text
                .contains("visjon: Nome – der industri og natur skaper framtid sammen"),
            "{}",
            read.text
        );
    }

    #[test]
    fn a_strategy_table_without_letters_lists_its_strategies_by_name() {
        let table = crate::import::docx::Table {
            rows: vec![
                row(&["Strategi", "Tiltak 2027", "Ramme"]),
                row(&["Foredling på gården", "Forstudier", "NOK 450 000"]),
                row(&["Salgskanaler", "Felles nettbutikk", "NOK 400 000"]),
                row(&["Prosjektkostnader", "", "NOK 0.45m"]),
                row(&["Søkbare midler", "", "NOK 400 000"]),
                row(&["Ramme innsatsområde", "", "NOK 0.85m"]),
            ],
        };
        let budget = crate::import::docx::Table {
            rows: vec![
                row(&[
                    "Innsatsområde",
                    "Prosjektkostnader",
                    "Søkbare midler",
                    "Sum",
                ]),
                row(&["Landbruk", "NOK 450 000", "NOK 400 000", "NOK 0.85m"]),
                row(&["Delsum", "NOK 450 000", "NOK 400 000", "NOK 0.85m"]),
                row(&["Programledelse og administrasjon", "", "", "NOK 1.1m"]),
                row(&["Totalt 2027", "", "", "NOK 1.95m"]),
            ],
        };
        let blocks = vec![
            para("Innsatsområder og strategier", false, Some(1)),
            para("Landbruk", false, Some(2)),
            para("Beskrivelse: Jordbruk og lokalmat.", false, None),
            Block::Table(table),
            para("Ressursinnsats og finansiering", false, Some(1)),
            para("Ressursinnsats per innsatsområde", false, Some(2)),
            Block::Table(budget),
        ];
        let read = imported(blocks);
        for want in [
            "- navn: Foredling på gården",
            "budsjett: 450000",
            "- navn: Salgskanaler",
            "budsjett: 400000",
            "søkbare_midler: 400000",
            "administrasjon:\n  beløp: 1100000",
        ] {
            assert!(read.text.contains(want), "«{want}» not in\n{}", read.text);
        }
        // The sum rows are no strategies, nor costs of their own.
        for unwanted in [
            "navn: Ramme innsatsområde",
            "navn: Prosjektkostnader",
            "Delsum",
        ] {
            assert!(
                !read.text.contains(unwanted),
                "«{unwanted}» in\n{}",
                read.text
            );
        }
    }

    #[test]
    fn strategies_numbered_by_the_areas_letter_and_the_funds_among_them() {
        assert_eq!(
            crate::plan::strategy_id_style("A1"),
            Some(crate::plan::StrategyIdStyle::Numbers)
        );
        assert_eq!(
            crate::plan::strategy_id_style("B2.1"),
            Some(crate::plan::StrategyIdStyle::Numbers)
        );
        assert_eq!(crate::plan::strategy_id_style("ABC1"), None);
        let table = crate::import::docx::Table {
            rows: vec![
                row(&["Nr", "Strategi / tiltak", "Prosjektmål", "Budsjett 2026"]),
                row(&["A1", "Marin restråstoff", "Pilot vurdert", "800 000,-"]),
                row(&["A2", "Kompetanse sjømat", "15 studenter", "250 000,-"]),
                row(&["A3", "Søkbare midler", "–", "1 200 000,-"]),
            ],
        };
        let blocks = vec![
            para("Strategier og tiltak", false, Some(1)),
            para("Innsatsområde A: Marin næring", false, Some(2)),
            para("Beskrivelse: Fiskeri og havbruk.", false, None),
            Block::Table(table),
        ];
        let read = imported(blocks);
        for want in [
            "- navn: Marin næring",
            "søkbare_midler: 1200000",
            "bokstav: A1",
            "budsjett: 800000",
            "bokstav: A2",
        ] {
            assert!(read.text.contains(want), "«{want}» not in\n{}", read.text);
        }
        assert!(!read.text.contains("navn: Søkbare midler"), "{}", read.text);
        assert!(!read.text.contains("budsjett: 2026"), "{}", read.text);
    }

    #[test]
    fn a_listed_strategy_s_amount_at_its_end_is_its_budget() {
        let item = |t: &str| match super::super::areas::tests::item(t) {
            Block::Para(p) => super::listed_strategy(&p, Some(2026), None),
            Block::Table(_) => unreachable!(),
        };
        let s = item("Leverandørnettverk – felles innkjøp: 0,8 mill.");
        assert_eq!(s.budget, Some(rust_decimal::Decimal::from(800_000)));
        assert_eq!(s.name, "Leverandørnettverk – felles innkjøp");
        let s = item("Nytt bygg – ferdig: 2026");
        assert_eq!(s.budget, None);
        // A bare figure without a unit is no budget: «250» may be kroner or thousands.
        let s = item("Leverandørutvikling – kurs og nettverk: 250");
        assert_eq!(s.budget, None);
    }

    /// «Strategiar (beløp i 1000 kr):» over lines «Namn – innhald: 250» and a sum line with
    /// bare figures: the strategies' budgets in thousands, the sum checked, and the søkbare
    /// midlar they hold kept in the area's text.
    #[test]
    fn a_label_s_unit_gives_the_bare_figures_below_it_theirs() {
        let read = imported(vec![
            para("2 Innsatsområde og strategiar", false, Some(1)),
            para("Kraft og industri", false, Some(2)),
            para("Skildring: Kraftanlegg og industri.", false, None),
            para("Strategiar (beløp i 1000 kr):", false, None),
            para("Leverandørutvikling – kurs og nettverk: 250", false, None),
            para("Energi – forstudie om overskotsvarme: 200", false, None),
            para(
                "Sum innsatsområde A: 450, av dette søkbare midlar 200.",
                false,
                None,
            ),
        ]);
        for want in [
            "navn: Leverandørutvikling – kurs og nettverk",
            "budsjett: 250000",
            "budsjett: 200000",
            "Herav søkbare midler: 200 000 kr",
        ] {
            assert!(read.text.contains(want), "«{want}» not in\n{}", read.text);
        }
        assert!(!read.text.contains("budsjett: 250\n"), "{}", read.text);
    }

    /// Strategies each in a paragraph of their own, and the area's søkbare midler and sum in
    /// a line after them: two strategies with their budgets, the søkbare midler, and the sum
    /// (which agrees) not kept as text.
    #[test]
    fn strategies_written_as_paragraphs_and_the_funds_after_them() {
        let read = imported(vec![
            para("2 Strategiar og tiltak", false, Some(1)),
            para("Reiseliv og kultur", false, Some(2)),
            para("Skildring: Overnatting og servering.", false, None),
            para(
                "Strategi A – Vertskap: Kurs i vertskap for 15 verksemder. Budsjett: 300 000 kr.",
                false,
                None,
            ),
            para(
                "Strategi B – Arrangement: Utvikle to nye festivalar. Budsjett: 200 000 kr.",
                false,
                None,
            ),
            para(
                "Søkbare midlar: 400 000 kr. Sum innsatsområde: 900 000 kr.",
                false,
                None,
            ),
        ]);
        for want in [
            "bokstav: A",
            "navn: Vertskap",
            "budsjett: 300000",
            "navn: Arrangement",
            "budsjett: 200000",
            "søkbare_midler: 400000",
        ] {
            assert!(read.text.contains(want), "«{want}» not in\n{}", read.text);
        }
        assert!(!read.text.contains("kommentar:"), "{}", read.text);
    }
}
