//! Scalar values of the input model with their own YAML spelling: amounts (exact, possibly
//! provisional), shares, job counts, dates, and `At<T>`, a value with the line and column it
//! was written at, so that validation can point into the file.

use crate::diagnostic::SourceFile;
use crate::money::Figure;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A value and where it stands in the YAML file (1-based line and column; 0 when unknown),
/// with its byte range in the source when known, so that `new` can edit the text in place.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    /// The file the position is in: the plan, or the accounts file a value was merged from.
    pub file: SourceFile,
    pub line: u64,
    pub column: u64,
    pub bytes: Option<std::ops::Range<usize>>,
    /// Written as «…» (the blank template's mark for a figure still to fill in): the value is
    /// a stand-in (an unknown amount, 0 jobs), and `check` says the figure is not filled in.
    pub unfilled: bool,
}

impl<T> At<T> {
    pub fn new(value: T) -> Self {
        At {
            value,
            file: SourceFile::Plan,
            line: 0,
            column: 0,
            bytes: None,
            unfilled: false,
        }
    }
}

impl<T> At<T> {
    /// The same place with another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> At<U> {
        At {
            value: f(self.value),
            file: self.file,
            line: self.line,
            column: self.column,
            bytes: self.bytes,
            unfilled: self.unfilled,
        }
    }
}

impl<T> At<T> {
    /// The same place without the value.
    pub fn place(&self) -> At<()> {
        At {
            value: (),
            file: self.file,
            line: self.line,
            column: self.column,
            bytes: self.bytes.clone(),
            unfilled: self.unfilled,
        }
    }
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = At<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en verdi")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<At<T>, D::Error> {
                // The reader hands over the place just before the value.
                let position = super::de::take_position().unwrap_or_default();
                // A «…» read inside this value (and not inside a nearer `At`) is this one's.
                let outer = UNFILLED.with(|u| u.replace(false));
                let value = T::deserialize(d);
                let unfilled = UNFILLED.with(|u| u.replace(outer));
                Ok(At {
                    value: value?,
                    file: super::load::reading(),
                    line: position.line,
                    column: position.column,
                    bytes: position.bytes,
                    unfilled,
                })
            }
        }
        d.deserialize_newtype_struct(super::de::AT, V(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for At<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<T>()
    }
}

thread_local! {
    /// Set when a figure was read from «…»; taken by the `At` around it.
    static UNFILLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The blank template's mark for a value still to fill in.
pub const TO_FILL: &str = "…";

/// Whether a figure's text is the blank template's «…»; marks the value being read as unfilled.
fn to_fill(text: &str) -> bool {
    let unfilled = text.trim() == TO_FILL;
    if unfilled {
        UNFILLED.with(|u| u.set(true));
    }
    unfilled
}

/// The message for a float where a whole number was expected: `500.000` is 500,0 to YAML.
fn float_message(v: f64, what: &str) -> String {
    format!(
        "{what} er skrevet som et desimaltall, som YAML leser som {v}: `500.000` blir 500, ikke \
         fem hundre tusen. Skriv hele kroner uten punktum, f.eks. `500000`, eller i \
         anførselstegn med mellomrom: `\"500 000\"`"
    )
}

/// An amount of money as written in the plan: a whole number (`500000`), a quoted Norwegian
/// number (`"1 250 000"`, `"12 500,50"`), or a provisional figure (`{ foreløpig: 185000 }`,
/// `{ foreløpig: ukjent }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Figure);

/// Parses "1 250 000", "1250000", "12 500,50", "-3 000", with an optional "kr" or ",-".
pub fn parse_norwegian_amount(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let t = t.strip_prefix("kr").unwrap_or(t);
    let t = t.strip_suffix(",-").unwrap_or(t);
    let t = t.strip_suffix("kr").unwrap_or(t);
    let compact: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    // «ca. 450000», «inntil 200 000»: a word before the figure.
    let word_end = t.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let word = t[..word_end].trim();
    if word.chars().any(char::is_alphabetic) {
        let figure = t[word_end..].trim();
        return Err(format!(
            "«{text}» har «{word}» foran tallet. Skriv bare beløpet, f.eks. \"{figure}\"; er \
             det ikke endelig, skriv {{ foreløpig: \"{figure}\" }}"
        ));
    }
    if compact.contains('.') {
        return Err(format!(
            "«{text}» har punktum. Bruk mellomrom mellom tusener og komma før øre, f.eks. \
             \"1 250 000\" eller \"12 500,50\""
        ));
    }
    let normal = compact.replace(',', ".");
    if normal.is_empty()
        || !normal
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))
    {
        return Err(format!(
            "«{text}» er ikke et beløp. Skriv f.eks. 500000 eller \"500 000\""
        ));
    }
    let value = Decimal::from_str(&normal).map_err(|_| too_large(text))?;
    if value.scale() > 2 {
        return Err(format!("«{text}» har mer enn to desimaler (øre)"));
    }
    bounded(value, text)
}

/// The largest amount a plan may hold, in kroner (10^12, a thousand billion): a restructuring
/// programme's figures are a few hundred million at most. Bounding every amount when it is
/// read keeps every sum and apportionment far inside `Decimal`'s range.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// The message for an amount beyond [`MAX_AMOUNT`].
fn too_large(text: &str) -> String {
    format!(
        "Beløpet «{text}» er urimelig stort: en handlingsplan har beløp under \
         1 000 000 000 000 kr. Skriv beløpet i hele kroner, f.eks. 500000 eller \"500 000\""
    )
}

/// The amount when it is within ±[`MAX_AMOUNT`], else the message.
fn bounded(value: Decimal, text: &str) -> Result<Decimal, String> {
    if value.abs() > MAX_AMOUNT {
        return Err(too_large(text));
    }
    Ok(value)
}

/// An amount from a YAML integer, within bounds.
fn amount_from_i128(v: i128) -> Result<Decimal, String> {
    let d = Decimal::try_from_i128_with_scale(v, 0).map_err(|_| too_large(&v.to_string()))?;
    bounded(d, &v.to_string())
}

struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("et beløp i kroner, f.eks. 500000, \"500 000\" eller { foreløpig: 500000 }")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        amount_from_i128(i128::from(v))
            .map(|d| Amount(Figure::Final(d)))
            .map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        amount_from_i128(i128::from(v))
            .map(|d| Amount(Figure::Final(d)))
            .map_err(E::custom)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Amount, E> {
        amount_from_i128(v)
            .map(|d| Amount(Figure::Final(d)))
            .map_err(E::custom)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Amount, E> {
        Err(E::custom(too_large(&v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        Err(E::custom(float_message(v, "Beløpet")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        if to_fill(v) {
            return Ok(Amount(Figure::Unknown));
        }
        parse_norwegian_amount(v)
            .map(|d| Amount(Figure::Final(d)))
            .map_err(E::custom)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Amount, E> {
        // A stand-in for an amount that could not be read: not known.
        if super::de::placeholder() {
            return Ok(super::de::stand_in(
                Amount(Figure::Unknown),
                Amount(Figure::Final(Decimal::ONE)),
            ));
        }
        Err(E::custom(
            "Beløpet står tomt: skriv et beløp, f.eks. 500000, eller { foreløpig: ukjent } når \
             det ikke er kjent ennå",
        ))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
        let mut result = None;
        while let Some(key) = map.next_key::<String>()? {
            // `førebels` is the nynorsk form.
            if !matches!(key.as_str(), "foreløpig" | "førebels") || result.is_some() {
                return Err(de::Error::custom(format!(
                    "ukjent nøkkel «{key}» i et beløp: skriv et tall, eller \
                     {{ foreløpig: 500000 }} / {{ foreløpig: ukjent }}"
                )));
            }
            let inner: ProvisionalValue = map.next_value()?;
            result = Some(match inner.0 {
                Some(v) => Amount(Figure::Provisional(v)),
                None => Amount(Figure::Unknown),
            });
        }
        result.ok_or_else(|| de::Error::custom("et beløp kan ikke være et tomt kart"))
    }
}

/// The value under `foreløpig:`: an amount, or `ukjent` when it is not known yet.
struct ProvisionalValue(Option<Decimal>);

impl<'de> Deserialize<'de> for ProvisionalValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ProvisionalValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("et beløp, eller «ukjent»")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                amount_from_i128(i128::from(v))
                    .map(|d| ProvisionalValue(Some(d)))
                    .map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                amount_from_i128(i128::from(v))
                    .map(|d| ProvisionalValue(Some(d)))
                    .map_err(E::custom)
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
                amount_from_i128(v)
                    .map(|d| ProvisionalValue(Some(d)))
                    .map_err(E::custom)
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
                Err(E::custom(too_large(&v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Err(E::custom(float_message(v, "Beløpet")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                // `ukjend` is the nynorsk form.
                let v_trimmed = v.trim();
                if v_trimmed.eq_ignore_ascii_case("ukjent")
                    || v_trimmed.eq_ignore_ascii_case("ukjend")
                {
                    return Ok(ProvisionalValue(None));
                }
                parse_norwegian_amount(v)
                    .map(|d| ProvisionalValue(Some(d)))
                    .map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AmountVisitor)
    }
}

/// A share in percent: `50`, `12.5`, `"25 %"` or `"12,5 %"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share(pub Decimal);

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Share;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en andel i prosent, f.eks. 50 eller \"12,5 %\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Share, E> {
                share_within(Decimal::from(v), &v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Share, E> {
                share_within(Decimal::from(v), &v.to_string()).map_err(E::custom)
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Share, E> {
                Err(E::custom(share_range(&v.to_string())))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Share, E> {
                Err(E::custom(share_range(&v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Share, E> {
                // A share is a percentage, not money: a YAML float like 12.5 is meant as
                // written. Round away binary noise beyond four decimals.
                Decimal::from_f64(v)
                    .ok_or_else(|| E::custom(share_range(&v.to_string())))
                    .and_then(|d| {
                        share_within(d.round_dp(4).normalize(), &v.to_string()).map_err(E::custom)
                    })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Share, E> {
                let t = v.trim().trim_end_matches('%').trim().replace(',', ".");
                Decimal::from_str(&t)
                    .map_err(|_| {
                        E::custom(format!(
                            "«{v}» er ikke en andel. Skriv f.eks. 50 eller \"12,5 %\""
                        ))
                    })
                    .and_then(|d| share_within(d.normalize(), v).map_err(E::custom))
            }
        }
        d.deserialize_any(V)
    }
}

/// The message for a share outside 0–100 %.
fn share_range(text: &str) -> String {
    format!("Andelen «{text}» må være en prosent fra 0 til 100, f.eks. 50 eller \"12,5 %\"")
}

/// The share when it is a percentage from 0 to 100 (with at most four decimals).
fn share_within(d: Decimal, text: &str) -> Result<Share, String> {
    if d.is_sign_negative() && !d.is_zero() || d > Decimal::ONE_HUNDRED {
        return Err(share_range(text));
    }
    if d.scale() > 4 {
        return Err(format!(
            "Andelen «{text}» har mer enn fire desimaler: skriv f.eks. \"12,5 %\""
        ));
    }
    Ok(Share(d))
}

/// A number of jobs (arbeidsplasser): a whole, non-negative number, at most [`MAX_JOBS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Jobs(pub u32);

/// The most jobs one figure may hold: a programme's target is tens or hundreds; the bound
/// keeps every sum of them far inside `u32`.
pub const MAX_JOBS: u32 = 100_000;

fn jobs_too_many(v: &str) -> String {
    format!(
        "{v} arbeidsplasser er urimelig mange: skriv et helt antall fra 0 til {}",
        crate::format::amount(Decimal::from(MAX_JOBS))
    )
}

impl<'de> Deserialize<'de> for Jobs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Jobs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("et helt antall arbeidsplasser, f.eks. 40")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Jobs, E> {
                if v < 0 {
                    return Err(E::custom(format!(
                        "{v} arbeidsplasser er ikke mulig: antallet kan ikke være negativt"
                    )));
                }
                self.visit_u64(v.unsigned_abs())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Jobs, E> {
                match u32::try_from(v) {
                    Ok(n) if n <= MAX_JOBS => Ok(Jobs(n)),
                    _ => Err(E::custom(jobs_too_many(&v.to_string()))),
                }
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Jobs, E> {
                Err(E::custom(jobs_too_many(&v.to_string())))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Jobs, E> {
                Err(E::custom(jobs_too_many(&v.to_string())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Jobs, E> {
                if to_fill(v) {
                    return Ok(Jobs(0));
                }
                match v.trim().parse::<u64>() {
                    Ok(n) => self.visit_u64(n),
                    Err(_) => Err(E::custom(format!(
                        "«{v}» er ikke et antall arbeidsplasser: skriv et helt tall, f.eks. 40"
                    ))),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Jobs, E> {
                if super::de::placeholder() {
                    return Ok(super::de::stand_in(Jobs(0), Jobs(1)));
                }
                Err(E::custom(
                    "Antallet arbeidsplasser står tomt: skriv et helt tall, f.eks. 40",
                ))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Jobs, E> {
                Err(E::custom(format!(
                    "Antall arbeidsplasser må være et helt tall, ikke {v}"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// The years a plan may name: wide enough for any programme, narrow enough that year
/// arithmetic (the year before, a period's length) never overflows.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// A whole number read from YAML (integer or digits in a string), or a message; `None` for a
/// stand-in of a number that could not be read.
struct Whole(Option<Result<i128, String>>);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Whole;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("et helt tall")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(Some(Ok(i128::from(v)))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Whole, E> {
                Ok(Whole(Some(Ok(i128::from(v)))))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Whole, E> {
                Ok(Whole(Some(Ok(v))))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Whole, E> {
                Ok(Whole(Some(Ok(i128::try_from(v).unwrap_or(i128::MAX)))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Whole, E> {
                Ok(Whole(Some(Err(format!("{v} er ikke et helt tall")))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Whole, E> {
                Ok(Whole(Some(
                    v.trim().parse::<i128>().map_err(|_| format!("«{v}»")),
                )))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Whole, E> {
                Ok(Whole(Some(Err(format!("«{v}»")))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Whole, E> {
                if super::de::placeholder() {
                    return Ok(Whole(None));
                }
                Ok(Whole(Some(Err("En tom verdi".into()))))
            }
        }
        d.deserialize_any(V)
    }
}

/// A year (`år`, `periode.fra`, `periode.til`), from 1900 to 2200.
pub fn year<'de, D: Deserializer<'de>>(d: D) -> Result<At<i32>, D::Error> {
    let at = At::<Whole>::deserialize(d)?;
    match at.value.0 {
        // A stand-in: the year could not be read (said already).
        None => Ok(at.map(|_| MIN_YEAR)),
        Some(Ok(y)) if (i128::from(MIN_YEAR)..=i128::from(MAX_YEAR)).contains(&y) => {
            Ok(at.map(|_| y as i32))
        }
        Some(Ok(y)) => Err(de::Error::custom(format!(
            "Året {y} er ikke mulig: skriv et årstall fra {MIN_YEAR} til {MAX_YEAR}, f.eks. 2024"
        ))),
        Some(Err(text)) => Err(de::Error::custom(format!(
            "{text} er ikke et årstall: skriv året med fire sifre, f.eks. 2024"
        ))),
    }
}

/// An optional year (`effektmål.år`): empty or a year from 1900 to 2200.
pub fn optional_year<'de, D: Deserializer<'de>>(d: D) -> Result<Option<At<i32>>, D::Error> {
    #[derive(Deserialize)]
    struct Y(#[serde(deserialize_with = "year")] At<i32>);
    Ok(Option::<Y>::deserialize(d)?.map(|y| y.0))
}

/// A figure of another target (`andre_mål`): a count, an amount in kroner or a percentage,
/// exact. Written as a whole number (`12`, `500000`) or a quoted Norwegian number
/// (`"500 000"`, `"12,5"`, `"12,5 %"`); never a YAML decimal (`500.000` is 500 to YAML).
/// Validation checks it against the target's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    /// Whether it was written with a «%».
    pub percent_sign: bool,
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn whole<E: de::Error>(v: i128) -> Result<Quantity, E> {
            if v < 0 {
                return Err(E::custom(format!(
                    "{v} er negativt: et mål eller et oppnådd tall kan ikke være negativt"
                )));
            }
            amount_from_i128(v)
                .map(|value| Quantity {
                    value,
                    percent_sign: false,
                })
                .map_err(E::custom)
        }
        impl<'de> Visitor<'de> for V {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("et tall, f.eks. 12, \"500 000\" eller \"12,5 %\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                whole(i128::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                whole(i128::from(v))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Quantity, E> {
                whole(v)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Quantity, E> {
                if super::de::placeholder() {
                    let value = super::de::stand_in(Decimal::ZERO, Decimal::ONE);
                    return Ok(Quantity {
                        value,
                        percent_sign: false,
                    });
                }
                Err(E::custom("Tallet står tomt: skriv et tall, f.eks. 12"))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Quantity, E> {
                Err(E::custom(too_large(&v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                Err(E::custom(format!(
                    "Tallet er skrevet som et desimaltall, som YAML leser som {v} (`500.000` blir \
                     500). Skriv hele tall uten punktum, f.eks. `500000`, eller i anførselstegn \
                     med komma: `\"12,5\"`"
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                let t = v.trim();
                let (t, percent_sign) = match t.strip_suffix('%') {
                    Some(rest) => (rest.trim_end(), true),
                    None => (t, false),
                };
                let value = parse_norwegian_amount(t).map_err(|_| {
                    E::custom(format!(
                        "«{v}» er ikke et tall. Skriv f.eks. 12, \"500 000\" eller \"12,5 %\""
                    ))
                })?;
                if value.is_sign_negative() && !value.is_zero() {
                    return Err(E::custom(format!(
                        "«{v}» er negativt: et mål eller et oppnådd tall kan ikke være negativt"
                    )));
                }
                Ok(Quantity {
                    value,
                    percent_sign,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// The most inhabitants a municipality may be given (Norway has about 5,6 million people).
pub const MAX_POPULATION: u64 = 100_000_000;

/// A municipality's population (`innbyggere`).
pub fn population<'de, D: Deserializer<'de>>(d: D) -> Result<At<u64>, D::Error> {
    let at = At::<Whole>::deserialize(d)?;
    match at.value.0 {
        None => Ok(at.map(|_| 0)),
        Some(Ok(n)) if (0..=i128::from(MAX_POPULATION)).contains(&n) => Ok(at.map(|_| n as u64)),
        Some(Ok(n)) => Err(de::Error::custom(format!(
            "{n} innbyggere er ikke mulig: skriv antallet innbyggere som et helt tall fra 0 til \
             100 000 000, f.eks. 4585"
        ))),
        Some(Err(text)) => Err(de::Error::custom(format!(
            "{text} er ikke et antall innbyggere: skriv et helt tall, f.eks. 4585"
        ))),
    }
}

/// A calendar date, written `2023-12-12` or `12.12.2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub time::Date);

pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let iso = t.contains('-');
    let parts: Vec<&str> = if iso {
        t.split('-').collect()
    } else {
        t.split(['.', '/']).collect()
    };
    let how = "Skriv ÅÅÅÅ-MM-DD, f.eks. 2025-12-09, eller DD.MM.ÅÅÅÅ, f.eks. 9.12.2025";
    let nums: Option<Vec<i32>> = parts.iter().map(|p| p.trim().parse::<i32>().ok()).collect();
    let (y, m, d) = match (nums.as_deref(), iso) {
        (Some([y, m, d]), true) => (*y, *m, *d),
        (Some([d, m, y]), false) => (*y, *m, *d),
        _ => return Err(format!("«{text}» er ikke en dato. {how}")),
    };
    let year_text = if iso { parts[0] } else { parts[2] }.trim();
    if year_text.len() < 4 {
        return Err(format!(
            "«{text}» har året med {} sifre: skriv hele året, f.eks. {d}.{m}.{}",
            year_text.len(),
            if year_text.len() == 2 { 2000 + y } else { y }
        ));
    }
    if t.contains('/') {
        return Err(format!(
            "«{text}» er skrevet med skråstrek: skriv {d}.{m}.{y} eller {y}-{m:02}-{d:02}"
        ));
    }
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return Err(format!(
            "«{text}» har året {y}: skriv et år fra {MIN_YEAR} til {MAX_YEAR}"
        ));
    }
    let month = u8::try_from(m)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    let day = u8::try_from(d).ok();
    match (month, day) {
        (Some(month), Some(day)) => time::Date::from_calendar_date(y, month, day)
            .map(Date)
            .map_err(|_| format!("«{text}» er ikke en dato som finnes ({d}. i måned {m}). {how}")),
        _ => Err(format!(
            "«{text}» er ikke en gyldig dato: måneden må være 1–12. {how}"
        )),
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en dato, ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                parse_date(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Date, E> {
                parse_date(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Date, E> {
                parse_date(&v.to_string()).map_err(E::custom)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Date, E> {
                // A stand-in for a required date that could not be read (said already).
                if super::de::placeholder() {
                    return Ok(Date(super::de::stand_in(
                        time::Date::MIN,
                        time::Date::MIN.next_day().unwrap_or(time::Date::MIN),
                    )));
                }
                Err(E::custom(
                    "Datoen står tom: skriv ÅÅÅÅ-MM-DD, f.eks. 2025-12-09, eller DD.MM.ÅÅÅÅ",
                ))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Date, E> {
                Err(E::custom(format!(
                    "«{v}» er ikke en dato: skriv ÅÅÅÅ-MM-DD, f.eks. 2025-12-09, eller \
                     DD.MM.ÅÅÅÅ, f.eks. 9.12.2025"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn norwegian_amounts_parse_exactly() {
        assert_eq!(parse_norwegian_amount("1 250 000").unwrap(), dec!(1250000));
        assert_eq!(parse_norwegian_amount("12 500,50").unwrap(), dec!(12500.50));
        assert_eq!(
            parse_norwegian_amount("kr 500 000,-").unwrap(),
            dec!(500000)
        );
        assert!(
            parse_norwegian_amount("500.000")
                .unwrap_err()
                .contains("punktum")
        );
        assert!(parse_norwegian_amount("fem").is_err());
        assert!(parse_norwegian_amount("1,005").is_err());
        // A word before the figure is named, not taken for a thousands separator.
        let about = parse_norwegian_amount("ca. 450 000").unwrap_err();
        assert!(
            about.contains("har «ca.» foran tallet") && about.contains("\"450 000\""),
            "{about}"
        );
    }

    #[test]
    fn dates_in_both_spellings() {
        let a = parse_date("2023-12-12").unwrap();
        let b = parse_date("12.12.2023").unwrap();
        assert_eq!(a, b);
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("i morgen").is_err());
        // Two-digit years printed «9. desember 25»; a slash is not a Norwegian date.
        assert!(parse_date("9.12.25").unwrap_err().contains("9.12.2025"));
        assert!(parse_date("12/12/2025").unwrap_err().contains("12.12.2025"));
    }
}
