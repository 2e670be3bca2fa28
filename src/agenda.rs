//! The agenda in iCalendar (RFC 5545, issue #7): one `evenement.ics` next to each event page
//! (`/agenda/concert/evenement.ics`) and `agenda.ics` at the site root with every event of
//! the commune, past and upcoming, soonest first.
//!
//! The `icalendar` crate writes the format (line folding at 75 octets on character
//! boundaries, text escaping, CRLF). Choices:
//! - **Floating local time** (RFC 5545 §3.3.5, form #1): `DTSTART:20261205T140000`, no
//!   `TZID`. Editors write the commune's wall-clock time; a floating time is shown at that
//!   same clock time in every calendar, which is right for the residents and needs neither
//!   a `VTIMEZONE` block (RFC 5545 requires one per `TZID`, and the crate cannot write it
//!   without adding `UID`/`DTSTAMP` to it) nor a time-zone database at build time. It also
//!   holds for overseas communes, which are not in Europe/Paris.
//! - **Whole-day events**: an event whose start (and end, if any) is at midnight is a
//!   whole-day event, as the theme shows it: `DTSTART;VALUE=DATE`, and `DTEND` the day after
//!   its last day (RFC 5545's end is exclusive, the editor's `fin` is the last day).
//! - **UID**: the page's absolute address, stable across builds.
//! - **DTSTAMP** (required): the page's `date` if the editor wrote one, else the event's first
//!   day, at 00:00 UTC. Not the build date: that would change every `.ics` every night, so an
//!   unchanged commune could no longer be skipped by the incremental build (its output must
//!   stay byte-identical to a cold build's, see `incremental::horizon`). Calendar clients use
//!   `UID` to recognise an event, and subscribed calendars are fetched whole.

use std::path::PathBuf;

use icalendar::{Calendar, Component, EventLike, Property};

use crate::dates::DateTime;
use crate::minify::OutputFile;
use crate::model::{Page, PageKind, Site};
use crate::parse::Event;

/// The whole calendar, at the site root.
pub const CALENDAR: &str = "agenda.ics";
/// Each event's file, in its page's folder.
pub const EVENT_FILE: &str = "evenement.ics";

/// The address of an event page's `.ics`, or `None` for a page that is no event.
pub fn event_file_url(page: &Page) -> Option<String> {
    (page.event.is_some() && page.url.ends_with('/')).then(|| format!("{}{EVENT_FILE}", page.url))
}

/// The events of the site, soonest first.
fn events(site: &Site) -> Vec<(&Page, &Event)> {
    let mut events: Vec<(&Page, &Event)> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Page)
        .filter_map(|p| Some((p, p.event.as_ref()?)))
        .collect();
    events.sort_by(|a, b| {
        a.1.start
            .cmp(&b.1.start)
            .then_with(|| a.0.url.cmp(&b.0.url))
    });
    events
}

/// Whether the site has an agenda, hence `agenda.ics`.
pub fn has_events(site: &Site) -> bool {
    site.pages
        .iter()
        .any(|p| p.kind == PageKind::Page && p.event.is_some())
}

/// One `.ics` per event and the whole calendar; nothing for a site without events.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let events = events(site);
    if events.is_empty() {
        return Vec::new();
    }
    let name = format!("Agenda – {}", site.config.identity.name);
    let mut files = Vec::with_capacity(events.len() + 1);
    let mut whole = calendar(site, &name);
    for (page, event) in &events {
        let Some(url) = event_file_url(page) else {
            continue;
        };
        let entry = vevent(site, page, event);
        let mut single = calendar(
            site,
            &format!("{} – {}", page.title, site.config.identity.name),
        );
        single.push(entry.clone());
        files.push(OutputFile {
            path: PathBuf::from(url.trim_start_matches('/')),
            bytes: single.to_string().into_bytes(),
        });
        whole.push(entry);
    }
    files.push(OutputFile {
        path: PathBuf::from(CALENDAR),
        bytes: whole.to_string().into_bytes(),
    });
    files
}

fn calendar(site: &Site, name: &str) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Usine a sites//Agenda//FR"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .name(name)
        .append_property(("URL", site.config.identity.url.as_str()));
    calendar
}

fn vevent(site: &Site, page: &Page, event: &Event) -> icalendar::Event {
    let base = site.config.identity.url.trim_end_matches('/');
    let address = format!("{base}{}", page.url);
    let stamp = page.date.unwrap_or(event.start.date());
    let mut entry = icalendar::Event::new();
    entry
        .uid(&address)
        .add_property("DTSTAMP", format!("{}T000000Z", compact(stamp.0)))
        .summary(&page.title)
        .add_property("URL", &address);
    if let Some(description) = &page.description {
        entry.description(description);
    }
    if let Some(place) = &event.place {
        entry.location(place);
    }
    let end = event.end.filter(|e| *e >= event.start);
    let whole_day = is_midnight(event.start) && end.is_none_or(is_midnight);
    if whole_day {
        let last = end.unwrap_or(event.start).0.date();
        entry.append_property(date_property("DTSTART", event.start.0.date()));
        if let Ok(after) = last.tomorrow() {
            entry.append_property(date_property("DTEND", after));
        }
    } else {
        entry.add_property("DTSTART", local(event.start));
        if let Some(end) = end.filter(|e| *e > event.start) {
            entry.add_property("DTEND", local(end));
        }
    }
    entry.done()
}

fn is_midnight(at: DateTime) -> bool {
    at.0.time() == jiff::civil::Time::midnight()
}

/// `20261205`.
fn compact(date: jiff::civil::Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// `20261205T140000`: floating local time.
fn local(at: DateTime) -> String {
    at.0.strftime("%Y%m%dT%H%M%S").to_string()
}

fn date_property(key: &str, date: jiff::civil::Date) -> Property {
    Property::new(key, compact(date))
        .add_parameter("VALUE", "DATE")
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_forms() {
        let at = DateTime("2026-12-05T14:30:00".parse().unwrap());
        assert_eq!(local(at), "20261205T143000");
        assert_eq!(compact(at.0.date()), "20261205");
        assert!(!is_midnight(at));
    }
}
