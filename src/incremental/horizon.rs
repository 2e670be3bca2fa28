//! How long a build stays right as the days pass.
//!
//! The build date (`--date`, today by default) is an input like the files: it decides which
//! events are "à venir", the year in the footer, and the warnings about an ageing audit or
//! a yearly plan. A nightly run has a new date every night, yet most nights none of these
//! decisions change. So instead of hashing the date, a build records the first day on which
//! one of them could flip ([`valid_until`]); a later run skips the commune only while its
//! date stays in `[built_on, valid_until)`. Inside that window the output is the same as a
//! cold build's, byte for byte (tested in `tests/cli/operations.rs`).
//!
//! The uses of the build date, and the day each one can change:
//! - footer year (`site.annee`), yearly plan warning: 1 January of the next year;
//! - events (`a_venir`, agenda order): the day after an event ends (or starts, without end);
//! - audit older than 3 years: any anniversary of the audit date (a superset of the expiry);
//! - alert banners (`[[bandeau]]`): the day of `debut` and the day after `fin`;
//! - a theme that prints `date_construction`: the next day (checked in [`super::Shared`]);
//! - an act removed less than 2 months after going online (an error): needs a content change,
//!   which rebuilds the commune anyway.
//!
//! A new use of the build date must be added here: the `date_uses_are_all_known` test
//! counts them in the sources and fails until this list is reviewed.

use jiff::ToSpan;

use crate::dates::Date;
use crate::model::Site;

/// The first day after `site.options.today` whose build could differ from this one.
pub(crate) fn valid_until(site: &Site) -> Date {
    let today = site.options.today.0;
    let mut until = jiff::civil::date(today.year().saturating_add(1), 1, 1);
    let mut consider = |day: jiff::civil::Date| {
        if day > today && day < until {
            until = day;
        }
    };
    for page in &site.pages {
        if let Some(event) = &page.event {
            let last_day = event.end.unwrap_or(event.start).date().0;
            if let Ok(after) = last_day.checked_add(1.day()) {
                consider(after);
            }
        }
    }
    // Alert banners appear on their first day and go the day after their last (issue #7).
    for banner in &site.config.banners {
        for day in banner.changes_on() {
            consider(day);
        }
    }
    if let Some(audit) = site.config.accessibility.audit_date {
        // Anniversaries as `legal_warnings` computes the expiry (jiff clamps 29 February), and
        // the day after each: a superset of the day the warning appears.
        for year in [today.year(), today.year().saturating_add(1)] {
            let years = year.saturating_sub(audit.0.year());
            if let Ok(day) = audit.0.checked_add(years.years()) {
                consider(day);
                if let Ok(after) = day.checked_add(1.day()) {
                    consider(after);
                }
            }
        }
    }
    Date(until)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Every use of the build date, by file: `today` outside this module, not counting where
    /// it is declared or set (`today:`, `Date::today`, `fn today`). When this test fails, a
    /// use was added or removed: make sure [`super::valid_until`] knows the day it can change
    /// the output, then update the table.
    const KNOWN_USES: &[(&str, usize)] = &[
        // Acts removed less than 2 months after going online: only when the content changed,
        // which rebuilds anyway (an unchanged commune has the acts of its published site).
        ("acts/mod.rs", 3),
        // The log's build date, not the output.
        ("cli.rs", 1),
        ("config/legal.rs", 5),
        ("pipeline.rs", 1),
        ("render/view/listing.rs", 1),
        // Event states, footer year, build date; alert banners (issue #7).
        ("render/view/mod.rs", 4),
        ("serve/rebuild.rs", 1),
        // The sobriety report's build date, beside the site, not in it; a skipped commune
        // keeps the report of its published site.
        ("sobriety/mod.rs", 1),
    ];

    fn uses(text: &str) -> usize {
        text.match_indices("today")
            .filter(|(at, _)| {
                let before = &text[..*at];
                let after = &text[at + "today".len()..];
                !after.starts_with(':') && !before.ends_with("::") && !before.ends_with("fn ")
            })
            .count()
    }

    #[test]
    fn date_uses_are_all_known() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = entry
                .path()
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if !rel.ends_with(".rs") || rel.starts_with("incremental/") {
                continue;
            }
            let count = uses(&std::fs::read_to_string(entry.path()).unwrap());
            if count > 0 {
                found.insert(rel, count);
            }
        }
        let known: BTreeMap<String, usize> = KNOWN_USES
            .iter()
            .map(|(f, n)| ((*f).to_owned(), *n))
            .collect();
        assert_eq!(
            found, known,
            "the uses of the build date changed: check incremental::horizon::valid_until"
        );
    }
}
