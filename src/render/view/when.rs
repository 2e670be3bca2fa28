//! Dates as visitors read them: `vendredi 4 décembre 2026 à 18 h`, event periods, and the
//! short day/month pair of the agenda's date badges.

use jiff::civil;

use crate::dates::{Date, DateTime};

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// Abbreviations of the Imprimerie nationale (juin and juillet are not abbreviated).
const SHORT_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

fn weekday(date: civil::Date) -> &'static str {
    WEEKDAYS[date.weekday().to_monday_zero_offset() as usize]
}

/// `4 décembre 2026` with the weekday: `vendredi 4 décembre 2026`.
pub(super) fn long_day(date: Date) -> String {
    format!("{} {}", weekday(date.0), date.french())
}

/// `18 h`, `18 h 30`, or `None` at midnight (a whole-day event).
fn time_of_day(at: DateTime) -> Option<String> {
    let t = at.0.time();
    match (t.hour(), t.minute()) {
        (0, 0) => None,
        (h, 0) => Some(format!("{h} h")),
        (h, m) => Some(format!("{h} h {m:02}")),
    }
}

/// The period of an event in one phrase:
/// `vendredi 4 décembre 2026 à 18 h`, `samedi 5 décembre 2026 de 14 h à 18 h`,
/// `du samedi 5 décembre 2026 au dimanche 6 décembre 2026`.
pub(super) fn period(start: DateTime, end: Option<DateTime>) -> String {
    let start_day = long_day(start.date());
    let Some(end) = end.filter(|e| *e > start) else {
        return match time_of_day(start) {
            Some(t) => format!("{start_day} à {t}"),
            None => start_day,
        };
    };
    if end.date() == start.date() {
        return match (time_of_day(start), time_of_day(end)) {
            (Some(a), Some(b)) => format!("{start_day} de {a} à {b}"),
            (Some(a), None) => format!("{start_day} à {a}"),
            _ => start_day,
        };
    }
    let at = |d: DateTime| match time_of_day(d) {
        Some(t) => format!("{} à {t}", long_day(d.date())),
        None => long_day(d.date()),
    };
    format!("du {} au {}", at(start), at(end))
}

/// Day of the month and short month, for a date badge: (`4`, `déc.`).
pub(super) fn badge(date: Date) -> (String, &'static str) {
    (
        date.0.day().to_string(),
        SHORT_MONTHS[date.0.month() as usize - 1],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime {
        DateTime(text.parse().unwrap())
    }

    #[test]
    fn periods_read_naturally() {
        assert_eq!(
            period(at("2026-12-04T18:00:00"), None),
            "vendredi 4 décembre 2026 à 18 h"
        );
        assert_eq!(
            period(at("2026-12-05T14:00:00"), Some(at("2026-12-05T18:30:00"))),
            "samedi 5 décembre 2026 de 14 h à 18 h 30"
        );
        assert_eq!(
            period(at("2026-12-05T00:00:00"), Some(at("2026-12-24T00:00:00"))),
            "du samedi 5 décembre 2026 au jeudi 24 décembre 2026"
        );
        assert_eq!(
            period(at("2026-11-01T00:00:00"), None),
            "dimanche 1er novembre 2026"
        );
    }

    #[test]
    fn badges_use_short_months() {
        let date = Date("2026-12-04".parse().unwrap());
        assert_eq!(badge(date), ("4".to_owned(), "déc."));
    }
}
