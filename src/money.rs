//! Exact money and shares: the arithmetic under `figures` (figure states, largest-remainder
//! apportionment). Everything is `rust_decimal`; no float ever touches an amount. How a
//! figure reads is `format`'s business.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A figure in the plan: known, provisional (foreløpig, until the accounts are approved), or
/// not known yet. Totals inherit the weakest state of their parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    Final(Decimal),
    Provisional(Decimal),
    Unknown,
}

impl Figure {
    pub const ZERO: Figure = Figure::Final(Decimal::ZERO);

    pub fn value(self) -> Option<Decimal> {
        match self {
            Figure::Final(v) | Figure::Provisional(v) => Some(v),
            Figure::Unknown => None,
        }
    }

    pub fn is_provisional(self) -> bool {
        !matches!(self, Figure::Final(_))
    }

    /// Keeps this figure's state but replaces its value.
    pub fn with_value(self, v: Decimal) -> Figure {
        match self {
            Figure::Final(_) => Figure::Final(v),
            Figure::Provisional(_) => Figure::Provisional(v),
            Figure::Unknown => Figure::Unknown,
        }
    }

    pub fn sum<I: IntoIterator<Item = Figure>>(items: I) -> Figure {
        items.into_iter().fold(Figure::ZERO, |a, b| a + b)
    }
}

/// `a + b`, saturating at `Decimal`'s range instead of panicking. Amounts are bounded when
/// read (`plan::scalar::MAX_AMOUNT`), so no real sum comes near; validation reports any total
/// beyond [`MAX_TOTAL`] as an error, which a saturated sum always is.
pub fn add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap_or(if b.is_sign_negative() {
        Decimal::MIN
    } else {
        Decimal::MAX
    })
}

/// The largest total a plan's tables may show (10^15 kr); see [`add`].
pub const MAX_TOTAL: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

impl Figure {
    /// Whether the figure is beyond what any table may show (±[`MAX_TOTAL`]).
    pub fn out_of_range(self) -> bool {
        self.value().is_some_and(|v| v.abs() > MAX_TOTAL)
    }
}

impl std::ops::Add for Figure {
    type Output = Figure;
    fn add(self, rhs: Figure) -> Figure {
        match (self, rhs) {
            (Figure::Unknown, _) | (_, Figure::Unknown) => Figure::Unknown,
            (Figure::Final(a), Figure::Final(b)) => Figure::Final(add(a, b)),
            (a, b) => Figure::Provisional(add(
                a.value().unwrap_or_default(),
                b.value().unwrap_or_default(),
            )),
        }
    }
}

impl std::ops::Sub for Figure {
    type Output = Figure;
    fn sub(self, rhs: Figure) -> Figure {
        match rhs {
            Figure::Final(v) => self + Figure::Final(-v),
            Figure::Provisional(v) => self + Figure::Provisional(-v),
            Figure::Unknown => Figure::Unknown,
        }
    }
}

/// Splits `total` into parts proportional to `weights`, in units of `unit` (1 for whole
/// kroner, 0.01 for øre), by the largest-remainder method: every part is the floor of its
/// exact quota plus at most one unit, the parts add up to `total` exactly, and ties go to the
/// earliest entry, so the result is deterministic.
///
/// Returns `None` when the weights are empty, negative or all zero.
pub fn apportion(total: Decimal, weights: &[Decimal], unit: Decimal) -> Option<Vec<Decimal>> {
    if weights.is_empty() || weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
        return None;
    }
    // Every step is checked: an overflow gives `None` (the figure is then not split), never a
    // panic. With amounts bounded when read, none occurs in practice.
    let weight_sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))?;
    if weight_sum.is_zero() || unit <= Decimal::ZERO {
        return None;
    }
    let units_total = total.checked_div(unit)?.trunc();
    let quotas: Vec<Decimal> = weights
        .iter()
        .map(|w| units_total.checked_mul(*w)?.checked_div(weight_sum))
        .collect::<Option<_>>()?;
    let mut parts: Vec<Decimal> = quotas.iter().map(|q| q.floor()).collect();
    let assigned = parts
        .iter()
        .try_fold(Decimal::ZERO, |a, p| a.checked_add(*p))?;
    let mut leftover = units_total.checked_sub(assigned)?.to_i64().unwrap_or(0);
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (quotas[b] - parts[b])
            .cmp(&(quotas[a] - parts[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(weights.len() * 2) {
        if leftover <= 0 {
            break;
        }
        parts[i] = parts[i].checked_add(Decimal::ONE)?;
        leftover -= 1;
    }
    // Whatever does not divide into whole units (an øre left from a whole-krone split) goes
    // to the first part, so the sum is still exact.
    let mut result: Vec<Decimal> = parts
        .into_iter()
        .map(|p| p.checked_mul(unit))
        .collect::<Option<_>>()?;
    let sum = result
        .iter()
        .try_fold(Decimal::ZERO, |a, p| a.checked_add(*p))?;
    let rest = total.checked_sub(sum)?;
    if !rest.is_zero() {
        let first = result.first_mut()?;
        *first = first.checked_add(rest)?;
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn seven_way_split_adds_up_exactly() {
        let parts = apportion(dec!(500000), &[Decimal::ONE; 7], Decimal::ONE).unwrap();
        assert_eq!(parts.iter().sum::<Decimal>(), dec!(500000));
        // 500 000 / 7 = 71 428.57...: four parts get the extra krone, three do not.
        assert_eq!(parts.iter().filter(|p| **p == dec!(71429)).count(), 4);
        assert_eq!(parts.iter().filter(|p| **p == dec!(71428)).count(), 3);
    }

    #[test]
    fn largest_remainder_prefers_largest_fraction_then_first() {
        // Quotas 1.5, 1.5, 1.0 of 4: the first tie wins the leftover unit.
        let parts = apportion(dec!(4), &[dec!(3), dec!(3), dec!(2)], Decimal::ONE).unwrap();
        assert_eq!(parts, vec![dec!(2), dec!(1), dec!(1)]);
        // Quotas 0.333.., 0.666..: the larger remainder wins.
        let parts = apportion(dec!(1), &[dec!(1), dec!(2)], Decimal::ONE).unwrap();
        assert_eq!(parts, vec![dec!(0), dec!(1)]);
    }

    #[test]
    fn apportion_in_ore_and_odd_remainders() {
        let parts = apportion(dec!(100.00), &[Decimal::ONE; 3], dec!(0.01)).unwrap();
        assert_eq!(parts, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
        let parts = apportion(dec!(10.5), &[Decimal::ONE; 2], Decimal::ONE).unwrap();
        assert_eq!(parts.iter().sum::<Decimal>(), dec!(10.5));
    }

    #[test]
    fn apportion_rejects_meaningless_weights() {
        assert!(apportion(dec!(10), &[], Decimal::ONE).is_none());
        assert!(apportion(dec!(10), &[Decimal::ZERO, Decimal::ZERO], Decimal::ONE).is_none());
        assert!(apportion(dec!(10), &[dec!(-1), dec!(2)], Decimal::ONE).is_none());
    }

    #[test]
    fn figure_sums_take_the_weakest_state() {
        let a = Figure::Final(dec!(100));
        let p = Figure::Provisional(dec!(50));
        assert_eq!(a + a, Figure::Final(dec!(200)));
        assert_eq!(a + p, Figure::Provisional(dec!(150)));
        assert_eq!(a + Figure::Unknown, Figure::Unknown);
        assert_eq!(Figure::sum([a, p, a]), Figure::Provisional(dec!(250)));
        assert_eq!(a - p, Figure::Provisional(dec!(50)));
    }
}
