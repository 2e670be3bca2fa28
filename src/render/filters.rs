//! Template filters the theme needs beyond tera's built-ins.

use tera::{Kwargs, State, Tera};

pub(crate) fn register(tera: &mut Tera) {
    // `{{ "2026-11-23" | date_fr }}` → `23 novembre 2026`.
    tera.register_filter("date_fr", |value: &str, _: Kwargs, _: &State| {
        value
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .map(|d| crate::dates::Date(d).french())
            .unwrap_or_else(|| value.to_owned())
    });
}
