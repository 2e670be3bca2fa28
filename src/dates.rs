//! Calendar dates as editors write them in TOML, and their French rendering.
//!
//! Editors may write `date = 2026-11-23` (TOML date) or `date = "2026-11-23"` (string):
//! both are accepted, anything else is an error that says which form is expected.

use std::fmt;

use jiff::civil;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub civil::Date);

/// A day with an optional time of day (events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub civil::DateTime);

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Date {
    /// `5 décembre 2026`, with `1er` for the first of the month.
    pub fn french(self) -> String {
        let d = self.0;
        let day = if d.day() == 1 {
            "1er".to_owned()
        } else {
            d.day().to_string()
        };
        format!("{day} {} {}", MONTHS[d.month() as usize - 1], d.year())
    }

    /// Today, in the local time zone of the machine.
    pub fn today() -> Date {
        Date(jiff::ZonedDateTime::now().date())
    }
}

impl DateTime {
    pub fn date(self) -> Date {
        Date(self.0.date())
    }

    /// `5 décembre 2026 à 14 h 30` (no time shown at midnight).
    pub fn french(self) -> String {
        let t = self.0.time();
        let day = self.date().french();
        match (t.hour(), t.minute()) {
            (0, 0) => day,
            (h, 0) => format!("{day} à {h} h"),
            (h, m) => format!("{day} à {h} h {m:02}"),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%Y-%m-%dT%H:%M:%S"))
    }
}

/// The TOML value as text: native dates and strings alike.
fn toml_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match toml::Value::deserialize(deserializer)? {
        toml::Value::String(s) => Ok(s),
        toml::Value::Datetime(dt) => Ok(dt.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "une date est attendue (AAAA-MM-JJ), pas « {other} »"
        ))),
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = toml_text(deserializer)?;
        text.trim().parse::<civil::Date>().map(Date).map_err(|_| {
            serde::de::Error::custom(format!(
                "date invalide « {text} » : écrivez-la AAAA-MM-JJ, par exemple 2026-11-23"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = toml_text(deserializer)?;
        let trimmed = text.trim();
        trimmed
            .parse::<civil::DateTime>()
            .or_else(|_| {
                trimmed
                    .parse::<civil::Date>()
                    .map(|d| d.to_datetime(civil::Time::midnight()))
            })
            .map(DateTime)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "date et heure invalides « {text} » : écrivez AAAA-MM-JJTHH:MM:SS, \
                     par exemple 2026-12-05T14:00:00"
                ))
            })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        a: Date,
        b: Date,
        c: DateTime,
    }

    #[test]
    fn accepts_native_and_quoted_dates() {
        let doc: Doc =
            toml::from_str("a = 2026-11-01\nb = \"2026-02-14\"\nc = 2026-12-05T14:30:00").unwrap();
        assert_eq!(doc.a.french(), "1er novembre 2026");
        assert_eq!(doc.b.french(), "14 février 2026");
        assert_eq!(doc.c.french(), "5 décembre 2026 à 14 h 30");
    }

    #[test]
    fn rejects_french_order_with_a_hint() {
        let err = toml::from_str::<Doc>("a = \"23/11/2026\"\nb = 2026-01-01\nc = 2026-01-01")
            .err()
            .unwrap();
        assert!(err.message().contains("AAAA-MM-JJ"), "{}", err.message());
    }
}
