//! News feeds: `actualites.atom` (Atom 1.0, RFC 4287) and `actualites.rss` (RSS 2.0) at the
//! root of a site, with the 20 newest news items (pages with a date that are neither an event
//! nor a council act). Each entry carries the page's title, address, date and description;
//! a site without news gets no feed.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::escape::xml as xml_escape;
use crate::minify::OutputFile;
use crate::model::{Page, Site};

/// Feed files, relative to the site root.
pub const ATOM: &str = "actualites.atom";
pub const RSS: &str = "actualites.rss";

const ENTRIES: usize = 20;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A news item: a dated page that is neither an event nor an act.
pub fn is_news(page: &Page) -> bool {
    page.is_news()
}

/// The newest news items, newest first.
fn news(site: &Site) -> Vec<&Page> {
    let mut items: Vec<&Page> = site.pages.iter().filter(|p| is_news(p)).collect();
    items.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    items.truncate(ENTRIES);
    items
}

/// Both feeds, or nothing when the site has no news.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let items = news(site);
    if items.is_empty() {
        return Vec::new();
    }
    vec![
        OutputFile {
            path: PathBuf::from(ATOM),
            bytes: atom(site, &items).into_bytes(),
        },
        OutputFile {
            path: PathBuf::from(RSS),
            bytes: rss(site, &items).into_bytes(),
        },
    ]
}

fn atom(site: &Site, items: &[&Page]) -> String {
    let base = site.config.identity.url.trim_end_matches('/');
    let name = xml_escape(&site.config.identity.name);
    let updated = items[0].date.map(|d| d.to_string()).unwrap_or_default();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n<title>Actualités – {name}</title>\n<id>{base}/{ATOM}</id>\n<link rel=\"self\" href=\"{base}/{ATOM}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/\"/>\n<updated>{updated}T00:00:00Z</updated>\n<author><name>{name}</name></author>\n"
    );
    for page in items {
        let url = xml_escape(&format!("{base}{}", page.url));
        let date = page.date.map(|d| d.to_string()).unwrap_or_default();
        let _ = write!(
            out,
            "<entry>\n<title>{}</title>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n<updated>{date}T00:00:00Z</updated>\n",
            xml_escape(&page.title)
        );
        if let Some(description) = &page.description {
            let _ = writeln!(out, "<summary>{}</summary>", xml_escape(description));
        }
        for tag in &page.tags {
            let _ = writeln!(out, "<category term=\"{}\"/>", xml_escape(tag));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn rss(site: &Site, items: &[&Page]) -> String {
    let base = site.config.identity.url.trim_end_matches('/');
    let name = xml_escape(&site.config.identity.name);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        out,
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>Actualités – {name}</title>\n<link>{base}/</link>\n<description>Les actualités de {name}</description>\n<language>fr</language>\n<atom:link href=\"{base}/{RSS}\" rel=\"self\" type=\"application/rss+xml\"/>\n"
    );
    for page in items {
        let url = xml_escape(&format!("{base}{}", page.url));
        let _ = write!(
            out,
            "<item>\n<title>{}</title>\n<link>{url}</link>\n<guid isPermaLink=\"true\">{url}</guid>\n",
            xml_escape(&page.title)
        );
        if let Some(date) = page.date {
            let _ = writeln!(out, "<pubDate>{}</pubDate>", rfc822(date));
        }
        if let Some(description) = &page.description {
            let _ = writeln!(
                out,
                "<description>{}</description>",
                xml_escape(description)
            );
        }
        for tag in &page.tags {
            let _ = writeln!(out, "<category>{}</category>", xml_escape(tag));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// `Mon, 23 Nov 2026 00:00:00 +0000` (RSS 2.0 dates are RFC 822).
fn rfc822(date: crate::dates::Date) -> String {
    let d = date.0;
    format!(
        "{}, {:02} {} {} 00:00:00 +0000",
        DAYS[d.weekday().to_monday_zero_offset() as usize],
        d.day(),
        MONTHS[d.month() as usize - 1],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    use super::rfc822;
    use crate::dates::Date;

    #[test]
    fn rss_dates() {
        let date = Date(jiff::civil::date(2026, 11, 23));
        assert_eq!(rfc822(date), "Mon, 23 Nov 2026 00:00:00 +0000");
    }
}
