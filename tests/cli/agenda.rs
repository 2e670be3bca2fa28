//! The agenda (issue #7): `.ics` files per event and for the whole commune, parsed back.
//!
//! The fixture `agenda` is laid over `modele`: a timed concert (with `,` and `;` to escape and
//! a description long enough to fold), a two-day market (whole days) and a past event.

use std::fs;
use std::path::{Path, PathBuf};

use icalendar::{Calendar, CalendarComponent, Component, Event, EventLike};

use super::support::{Workspace, code, copy_dir, repo, stderr};

fn build() -> (Workspace, PathBuf) {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    copy_dir(&repo().join("tests/fixtures/agenda"), &commune);
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    (ws, site)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text as RFC 5545 writes it (CRLF, lines of at most 75 octets), then parsed.
fn parse_ics(text: &str) -> Vec<Event> {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
    }
    let calendar: Calendar = text.parse().expect("the .ics parses");
    calendar
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .collect()
}

fn param(event: &Event, key: &str, param: &str) -> Option<String> {
    let property = event.properties().get(key)?;
    Some(property.params().get(param)?.value().to_owned())
}

#[test]
fn agenda_ics_lists_every_event_and_each_event_has_its_own() {
    let (_ws, site) = build();
    let events = parse_ics(&read(&site.join("agenda.ics")));
    let summaries: Vec<&str> = events.iter().filter_map(|e| e.get_summary()).collect();
    assert_eq!(
        summaries,
        ["Fête de la science", "Concert de l’Avent", "Marché de Noël"],
        "every event, soonest first"
    );
    let concert = &events[1];
    assert_eq!(
        concert.get_uid(),
        Some("https://modele.example/agenda/concert-de-l-avent/")
    );
    assert_eq!(
        concert.property_value("DTSTAMP"),
        Some("20261205T000000Z"),
        "the event's first day: not the build date, which would change the file every night"
    );
    // Floating local time: no TZID, no Z.
    assert_eq!(concert.property_value("DTSTART"), Some("20261205T203000"));
    assert_eq!(concert.property_value("DTEND"), Some("20261205T220000"));
    assert_eq!(param(concert, "DTSTART", "TZID"), None);
    assert_eq!(
        concert.get_location(),
        Some("Église Saint-Pierre, place de l’Église; parvis"),
        "commas and semicolons round-trip"
    );
    assert!(
        concert
            .get_description()
            .is_some_and(|d| d.ends_with("dans la limite des places disponibles.")),
        "the long description is folded and unfolded whole"
    );
    let market = &events[2];
    assert_eq!(market.property_value("DTSTART"), Some("20261212"));
    assert_eq!(param(market, "DTSTART", "VALUE").as_deref(), Some("DATE"));
    assert_eq!(
        market.property_value("DTEND"),
        Some("20261214"),
        "the end of whole days is exclusive: the day after the last"
    );
    let past = &events[0];
    assert_eq!(past.property_value("DTSTART"), Some("20261010T140000"));
    assert_eq!(past.property_value("DTEND"), None);

    let single = parse_ics(&read(&site.join("agenda/concert-de-l-avent/evenement.ics")));
    assert_eq!(single.len(), 1);
    assert_eq!(single[0].get_summary(), Some("Concert de l’Avent"));
    assert_eq!(
        single[0].get_uid(),
        concert.get_uid(),
        "same UID in both files"
    );
}

#[test]
fn event_pages_and_the_agenda_link_their_ics() {
    let (_ws, site) = build();
    let page = read(&site.join("agenda/marche-de-noel/index.html"));
    assert!(
        page.contains("/agenda/marche-de-noel/evenement.ics"),
        "the event page links its .ics"
    );
    assert!(page.contains("Ajouter à mon agenda (fichier iCalendar .ics)"));
    let agenda = read(&site.join("agenda/index.html"));
    assert!(
        agenda.contains("/agenda.ics"),
        "the agenda links the whole calendar"
    );
    let home = read(&site.join("index.html"));
    assert!(!home.contains("evenement.ics"));
}

#[test]
fn site_without_events_has_no_ics() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!ws.path().join("public/ville/agenda.ics").exists());
}
