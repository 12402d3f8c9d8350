//! Whole numbers as JSON Schema (draft 2020-12) counts them: `1`, and also `1.0` or `1e0`,
//! numbers whose fraction is zero. The published schemas say `"type": "integer"`, which such a
//! number satisfies, so the record types accept it too when read from JSON (a CSV cell is
//! still read as digits only: `1.0` in a CSV integer column is not a whole number there, as
//! Table Schema's `integer` type says).

use std::fmt;
use std::num::NonZeroU32;

use serde::de::{self, Deserializer, Visitor};

/// A field type that holds a whole number (see the module docs).
pub(crate) trait Whole: Sized {
    /// The value of `n`, or why not.
    fn from_u64<E: de::Error>(n: u64) -> Result<Self, E>;
    /// What the field expects, for an error.
    const EXPECTED: &'static str;
}

impl Whole for u32 {
    fn from_u64<E: de::Error>(n: u64) -> Result<Self, E> {
        u32::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(n), &Self::EXPECTED))
    }
    const EXPECTED: &'static str = "a whole number from 0 to 4294967295";
}

impl Whole for NonZeroU32 {
    fn from_u64<E: de::Error>(n: u64) -> Result<Self, E> {
        u32::try_from(n)
            .ok()
            .and_then(NonZeroU32::new)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(n), &Self::EXPECTED))
    }
    const EXPECTED: &'static str = "a whole number from 1 to 4294967295";
}

/// The whole number a float stands for, when its fraction is zero and it is not negative.
pub(crate) fn integral(f: f64) -> Option<u64> {
    // 2^64 as a float: every float below it with no fraction is a u64.
    (f.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&f)).then_some(f as u64)
}

struct WholeVisitor<T>(std::marker::PhantomData<T>);

impl<T: Whole> Visitor<'_> for WholeVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
        T::from_u64(n)
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
        let n = u64::try_from(n)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &T::EXPECTED))?;
        T::from_u64(n)
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<T, E> {
        let n =
            integral(f).ok_or_else(|| E::invalid_type(de::Unexpected::Float(f), &T::EXPECTED))?;
        T::from_u64(n)
    }
}

/// Deserializes a whole number field (`#[serde(deserialize_with = "whole::number")]`).
pub(crate) fn number<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<T, D::Error> {
    d.deserialize_u32(WholeVisitor(std::marker::PhantomData))
}

/// Deserializes an optional whole number field (with `#[serde(default)]`).
pub(crate) fn optional<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<Option<T>, D::Error> {
    struct Maybe<T>(std::marker::PhantomData<T>);
    impl<'de, T: Whole> Visitor<'de> for Maybe<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{} or nothing", T::EXPECTED)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            number(d).map(Some)
        }
    }
    d.deserialize_option(Maybe(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct R {
        #[serde(deserialize_with = "number")]
        p: NonZeroU32,
        #[serde(default, deserialize_with = "optional")]
        c: Option<u32>,
    }

    fn read(json: &str) -> Option<(u32, Option<u32>)> {
        serde_json::from_str::<R>(json)
            .ok()
            .map(|r| (r.p.get(), r.c))
    }

    #[test]
    fn a_zero_fraction_is_a_whole_number_in_json() {
        assert_eq!(read(r#"{"p": 1}"#), Some((1, None)));
        assert_eq!(read(r#"{"p": 1.0, "c": 0e0}"#), Some((1, Some(0))));
        assert_eq!(read(r#"{"p": 1e0, "c": null}"#), Some((1, None)));
        assert_eq!(read(r#"{"p": 2.50e1}"#), Some((25, None)));
        for bad in [
            "1.5",
            "0",
            "0.0",
            "-1",
            "-1.0",
            "4294967296",
            "4294967296.0",
            "\"1\"",
            "1e400",
        ] {
            assert_eq!(read(&format!(r#"{{"p": {bad}}}"#)), None, "{bad}");
        }
    }
}
