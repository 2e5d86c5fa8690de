//! Every computed figure of the plan, computed once, exactly, from the input model: the job
//! table, each area's strategy table, the resource table, the financing table and the
//! municipalities' split. Validation cross-checks these; the views only format them.

use crate::money::{Figure, apportion};
use crate::plan::{Amount, At, EffortKey, JobRowKind, Plan};
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub jobs: JobFigures,
    pub areas: Vec<AreaFigures>,
    pub subtotal: ResourceRow,
    pub administration: Figure,
    pub total_cost: Figure,
    pub financing: Vec<FundingFigure>,
    pub financing_total: Figure,
    /// The sum of the Andel column, when the column is filled.
    pub financing_share_total: Option<Decimal>,
    pub municipalities: Option<MunicipalityFigures>,
    /// Whether any strategy records granted amounts (then the Innvilget/Gjenstående columns show).
    pub tracks_grants: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobFigures {
    pub years: Vec<i32>,
    pub rows: Vec<JobRowFigures>,
    pub year_sums: Vec<u32>,
    pub total: u32,
    /// Areas without a job target, shown as "-" rows (only when rows are innsatsområder).
    pub without_target: Vec<String>,
}

impl JobFigures {
    pub fn for_year(&self, year: i32) -> Option<u32> {
        self.years.iter().position(|y| *y == year).map(|i| self.year_sums[i])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobRowFigures {
    pub name: String,
    pub per_year: Vec<u32>,
    pub sum: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StrategyFigures {
    pub letter: String,
    pub budget: Option<Figure>,
    pub granted: Option<Figure>,
    pub remaining: Option<Figure>,
}

/// One row of the resource table, and the totals under an area's strategy table.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceRow {
    pub project_costs: Figure,
    pub applicable_funds: Figure,
    pub programme_effort: Figure,
    pub sum: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    pub name: String,
    pub strategies: Vec<StrategyFigures>,
    pub resources: ResourceRow,
    /// Prosjektkostnader + søkbare midler: «Sum innsatsområde» in the area's table.
    pub area_sum: Figure,
    pub granted: Option<Figure>,
    pub remaining: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FundingFigure {
    pub name: String,
    /// The share shown in the Andel column, in percent.
    pub share: Option<Decimal>,
    /// True when the share was computed from the amounts rather than given.
    pub share_computed: bool,
    pub amount: Figure,
    /// The amount the share implies, when the plan also gives a fixed amount.
    pub amount_from_share: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalityFigures {
    pub source: String,
    pub amount: Figure,
    pub equal_percent: Decimal,
    pub population_percent: Decimal,
    pub rows: Vec<MunicipalityRow>,
    pub population_total: u64,
    pub equal_total: Figure,
    pub population_part_total: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalityRow {
    pub name: String,
    pub population: u64,
    pub equal_part: Figure,
    pub population_part: Figure,
    pub sum: Figure,
}

fn amount(a: &Option<At<Amount>>) -> Option<Figure> {
    a.as_ref().map(|a| a.value.0)
}

const KRONE: Decimal = Decimal::ONE;

/// Apportions a figure by weights with the largest-remainder method, keeping its state.
fn apportion_figure(total: Figure, weights: &[Decimal]) -> Vec<Figure> {
    match total.value().and_then(|v| apportion(v, weights, KRONE)) {
        Some(parts) => parts.into_iter().map(|p| total.with_value(p)).collect(),
        None if total == Figure::Unknown => vec![Figure::Unknown; weights.len()],
        None => vec![Figure::ZERO; weights.len()],
    }
}

pub fn compute(plan: &Plan) -> Figures {
    let jobs = job_figures(plan);
    let mut areas: Vec<AreaFigures> = plan.innsatsområder.iter().map(area_figures).collect();
    if let Some(effort) = &plan.programmets_ressursinnsats {
        let weights: Vec<Decimal> = match effort.fordeling {
            EffortKey::Likt => vec![Decimal::ONE; areas.len()],
            EffortKey::EtterBudsjett => {
                areas.iter().map(|a| a.resources.project_costs.value().unwrap_or_default()).collect()
            }
        };
        for (area, part) in areas.iter_mut().zip(apportion_figure(effort.beløp.value.0, &weights)) {
            area.resources.programme_effort = area.resources.programme_effort + part;
            area.resources.sum = area.area_sum + area.resources.programme_effort;
        }
    }
    let subtotal = ResourceRow {
        project_costs: Figure::sum(areas.iter().map(|a| a.resources.project_costs)),
        applicable_funds: Figure::sum(areas.iter().map(|a| a.resources.applicable_funds)),
        programme_effort: Figure::sum(areas.iter().map(|a| a.resources.programme_effort)),
        sum: Figure::sum(areas.iter().map(|a| a.resources.sum)),
    };
    let administration = plan.administrasjon.beløp.value.0;
    let total_cost = subtotal.sum + administration;
    let (financing, financing_total, financing_share_total) = funding_figures(plan, total_cost);
    let municipalities = municipality_figures(plan, &financing);
    let tracks_grants = plan
        .innsatsområder
        .iter()
        .any(|a| a.strategier.iter().any(|s| s.innvilget.is_some()));
    Figures {
        jobs,
        areas,
        subtotal,
        administration,
        total_cost,
        financing,
        financing_total,
        financing_share_total,
        municipalities,
        tracks_grants,
    }
}

fn job_figures(plan: &Plan) -> JobFigures {
    let (from, to) = (plan.program.periode.fra.value, plan.program.periode.til.value);
    // A reversed or absurd period is reported by validation; keep the table bounded here.
    let years: Vec<i32> = if to >= from && to - from < 50 { (from..=to).collect() } else { vec![] };
    let rows: Vec<JobRowFigures> = plan
        .arbeidsplasser
        .rader
        .iter()
        .map(|row| {
            let per_year: Vec<u32> =
                years.iter().map(|y| row.mål.get(y).map(|j| j.value.0).unwrap_or(0)).collect();
            JobRowFigures { name: row.navn.value.clone(), sum: per_year.iter().sum(), per_year }
        })
        .collect();
    let year_sums: Vec<u32> = (0..years.len()).map(|i| rows.iter().map(|r| r.per_year[i]).sum()).collect();
    let without_target = if plan.arbeidsplasser.fordelt_på == JobRowKind::Innsatsområder {
        plan.innsatsområder
            .iter()
            .filter(|a| a.uten_arbeidsplassmål)
            .map(|a| a.navn.value.clone())
            .collect()
    } else {
        vec![]
    };
    JobFigures { total: year_sums.iter().sum(), years, rows, year_sums, without_target }
}

fn area_figures(area: &crate::plan::FocusArea) -> AreaFigures {
    let strategies: Vec<StrategyFigures> = area
        .strategier
        .iter()
        .map(|s| {
            let budget = amount(&s.budsjett);
            let granted = amount(&s.innvilget);
            let remaining = match (budget, granted) {
                (Some(b), Some(g)) => Some(b - g),
                (Some(b), None) => Some(b),
                _ => None,
            };
            StrategyFigures { letter: s.bokstav.value.clone(), budget, granted, remaining }
        })
        .collect();
    let strategy_budgets: Vec<Figure> = strategies.iter().filter_map(|s| s.budget).collect();
    let project_costs = match (amount(&area.budsjett), strategy_budgets.is_empty()) {
        (Some(area_budget), true) => area_budget,
        _ => Figure::sum(strategy_budgets),
    };
    let applicable_funds = amount(&area.søkbare_midler).unwrap_or(Figure::ZERO);
    let programme_effort = amount(&area.ressursinnsats).unwrap_or(Figure::ZERO);
    let area_sum = project_costs + applicable_funds;
    let grants: Vec<Figure> = strategies.iter().filter_map(|s| s.granted).collect();
    let granted = (!grants.is_empty()).then(|| Figure::sum(grants));
    let remaining = granted.map(|g| project_costs - g);
    AreaFigures {
        name: area.navn.value.clone(),
        strategies,
        resources: ResourceRow { project_costs, applicable_funds, programme_effort, sum: area_sum + programme_effort },
        area_sum,
        granted,
        remaining,
    }
}

/// The financing table. Sources with a fixed amount and no share are taken first; what is
/// left of the total cost is split between the sources that have a share, by the largest-
/// remainder method. When no source has a share, the shares are computed from the amounts
/// (to a tenth of a percent, adding up to exactly 100).
fn funding_figures(plan: &Plan, total_cost: Figure) -> (Vec<FundingFigure>, Figure, Option<Decimal>) {
    let sources = &plan.finansiering;
    let fixed_total = Figure::sum(
        sources.iter().filter(|s| s.andel.is_none()).map(|s| amount(&s.beløp).unwrap_or(Figure::ZERO)),
    );
    let pool = total_cost - fixed_total;
    let share_weights: Vec<Decimal> = sources.iter().filter_map(|s| s.andel.as_ref().map(|a| a.value.0)).collect();
    let shares_sum: Decimal = share_weights.iter().sum();
    // Split the pool over shares as given (normalised when they do not add up to 100, which
    // validation reports).
    let pool_for_shares = if shares_sum == Decimal::ONE_HUNDRED || shares_sum.is_zero() {
        pool
    } else {
        pool.value().map(|v| pool.with_value(v * shares_sum / Decimal::ONE_HUNDRED)).unwrap_or(pool)
    };
    let mut from_share = apportion_figure(pool_for_shares, &share_weights).into_iter();
    let mut rows: Vec<FundingFigure> = sources
        .iter()
        .map(|s| {
            let implied = s.andel.as_ref().and_then(|_| from_share.next());
            let given = amount(&s.beløp);
            FundingFigure {
                name: s.kilde.value.clone(),
                share: s.andel.as_ref().map(|a| a.value.0),
                share_computed: false,
                amount: given.or(implied).unwrap_or(Figure::ZERO),
                amount_from_share: if given.is_some() { implied } else { None },
            }
        })
        .collect();
    let total = Figure::sum(rows.iter().map(|r| r.amount));
    let share_total = if share_weights.is_empty() {
        let amounts: Option<Vec<Decimal>> = rows.iter().map(|r| r.amount.value()).collect();
        match amounts.and_then(|a| apportion(Decimal::ONE_HUNDRED, &a, Decimal::new(1, 1))) {
            Some(shares) => {
                for (row, share) in rows.iter_mut().zip(shares) {
                    row.share = Some(share.normalize());
                    row.share_computed = true;
                }
                Some(Decimal::ONE_HUNDRED)
            }
            None => None,
        }
    } else {
        Some(shares_sum)
    };
    (rows, total, share_total)
}

fn municipality_figures(plan: &Plan, financing: &[FundingFigure]) -> Option<MunicipalityFigures> {
    let split = plan.kommunefordeling.as_ref()?;
    let amount = financing.iter().find(|f| f.name == split.kilde.value)?.amount;
    let equal_percent = split.nøkkel.likt.as_ref().map(|s| s.value.0).unwrap_or_default();
    let population_percent = split.nøkkel.innbyggere.as_ref().map(|s| s.value.0).unwrap_or_default();
    let n = split.kommuner.len();
    if n == 0 {
        return None;
    }
    // First the two halves (or whatever the key says), in whole kroner, then each half over
    // the municipalities: both columns and the sum column add up exactly.
    let halves = apportion_figure(amount, &[equal_percent, population_percent]);
    let (equal_total, population_part_total) = (halves[0], halves[1]);
    let equal = apportion_figure(equal_total, &vec![Decimal::ONE; n]);
    let populations: Vec<Decimal> = split.kommuner.iter().map(|k| Decimal::from(k.innbyggere.value)).collect();
    let by_population = apportion_figure(population_part_total, &populations);
    let rows = split
        .kommuner
        .iter()
        .zip(equal.into_iter().zip(by_population))
        .map(|(k, (e, p))| MunicipalityRow {
            name: k.navn.clone(),
            population: k.innbyggere.value,
            equal_part: e,
            population_part: p,
            sum: e + p,
        })
        .collect();
    Some(MunicipalityFigures {
        source: split.kilde.value.clone(),
        amount,
        equal_percent,
        population_percent,
        rows,
        population_total: split.kommuner.iter().map(|k| k.innbyggere.value).sum(),
        equal_total,
        population_part_total,
    })
}
