//! Lists of pages: section listings (agenda order, pagination slices) and the home page's
//! latest news and upcoming events.

use serde::Serialize;

use super::{ActView, EventView};
use crate::model::{OutputJob, Page, PageId, PageKind, Site};

/// A link to a page, as listings, breadcrumbs and the home page show it.
#[derive(Serialize)]
pub(crate) struct LinkView<'a> {
    titre: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    date_fr: Option<String>,
    est_rubrique: bool,
    evenement: Option<EventView<'a>>,
    acte: Option<ActView<'a>>,
    /// News items: their tags, linked to their pages.
    etiquettes: Vec<super::tags::TagLinkView<'a>>,
}

impl<'a> LinkView<'a> {
    pub(super) fn of(site: &'a Site, page: &'a Page) -> Self {
        LinkView {
            titre: &page.title,
            url: &page.url,
            description: page.description.as_deref(),
            date: page.date.map(|d| d.to_string()),
            date_fr: page
                .event
                .as_ref()
                .map(|e| e.start.french())
                .or_else(|| page.date.map(|d| d.french())),
            est_rubrique: page.kind == PageKind::Section,
            evenement: page.event.as_ref().map(|e| EventView::new(site, e)),
            acte: page.act.as_ref().map(|a| ActView::new(site, page, a)),
            etiquettes: if page.is_news() {
                super::tags::links(site, page)
            } else {
                Vec::new()
            },
        }
    }
}

/// The children a listing page shows, split for the agenda.
#[derive(Serialize)]
pub(crate) struct ChildrenView<'a> {
    /// Every child of this listing page (this slice, when paginated).
    pub(super) enfants: Vec<LinkView<'a>>,
    /// Sections with events: upcoming ones, soonest first. Empty elsewhere.
    pub(super) a_venir: Vec<LinkView<'a>>,
    /// Sections with events: past ones, latest first. Empty elsewhere.
    pub(super) passes: Vec<LinkView<'a>>,
    /// At least one child is an event: the section is an agenda.
    pub(super) est_agenda: bool,
}

fn is_upcoming(site: &Site, page: &Page) -> Option<bool> {
    page.event
        .as_ref()
        .map(|e| e.end.unwrap_or(e.start).date() >= site.options.today)
}

/// A section's children in the order its listing shows them. An agenda lists upcoming events
/// soonest first, then past events latest first (the model sorts by weight, then newest
/// date): the pager's slices then cut the same list, so pagination stays consistent.
pub(super) fn children<'a>(site: &'a Site, page: &'a Page, job: &OutputJob) -> ChildrenView<'a> {
    let est_agenda = page.children.iter().any(|&c| site.pages[c].event.is_some());
    let mut ordered: Vec<PageId> = page.children.clone();
    if est_agenda {
        let start = |id: PageId| site.pages[id].event.as_ref().map(|e| e.start);
        let rank = |id: PageId| match is_upcoming(site, &site.pages[id]) {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        };
        // Stable sort: pages without an event keep the model's order, at the end.
        ordered.sort_by(|&a, &b| {
            rank(a).cmp(&rank(b)).then_with(|| match rank(a) {
                0 => start(a).cmp(&start(b)),
                1 => start(b).cmp(&start(a)),
                _ => std::cmp::Ordering::Equal,
            })
        });
    }
    let slice: &[PageId] = match &job.pager {
        Some(pager) => &ordered[pager.items.clone()],
        None => &ordered,
    };
    let links = |keep: fn(Option<bool>) -> bool| -> Vec<LinkView<'a>> {
        slice
            .iter()
            .filter(|&&id| keep(is_upcoming(site, &site.pages[id])))
            .map(|&id| LinkView::of(site, &site.pages[id]))
            .collect()
    };
    ChildrenView {
        enfants: links(|_| true),
        a_venir: if est_agenda {
            links(|u| u == Some(true))
        } else {
            Vec::new()
        },
        passes: if est_agenda {
            links(|u| u == Some(false))
        } else {
            Vec::new()
        },
        est_agenda,
    }
}

/// What the home page adds to the editor's text.
#[derive(Serialize)]
pub(crate) struct HomeView<'a> {
    /// The latest dated pages that are neither events nor acts, newest first.
    actualites: Vec<LinkView<'a>>,
    /// The section of the latest news, for « Toutes les actualités ».
    lien_actualites: Option<&'a str>,
    /// The next events, soonest first (ongoing ones included).
    evenements: Vec<LinkView<'a>>,
    /// The section of those events, for « Tout l'agenda ».
    lien_agenda: Option<&'a str>,
}

const HOME_NEWS: usize = 4;
const HOME_EVENTS: usize = 4;

pub(super) fn home(site: &Site) -> HomeView<'_> {
    let listed = |p: &&Page| p.kind == PageKind::Page;
    let mut news: Vec<&Page> = site
        .pages
        .iter()
        .filter(listed)
        .filter(|p| p.date.is_some() && p.event.is_none() && p.act.is_none())
        .collect();
    news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    news.truncate(HOME_NEWS);
    let mut events: Vec<&Page> = site
        .pages
        .iter()
        .filter(listed)
        .filter(|p| is_upcoming(site, p) == Some(true))
        .collect();
    events.sort_by_key(|p| p.event.as_ref().map(|e| e.start));
    events.truncate(HOME_EVENTS);
    let section_of = |pages: &[&'_ Page]| -> Option<&str> {
        let parent = pages.first()?.parent?;
        (parent != site.home).then(|| site.pages[parent].url.as_str())
    };
    HomeView {
        lien_actualites: section_of(&news),
        lien_agenda: section_of(&events).or_else(|| {
            // No upcoming event: still point to the agenda if the site has one.
            site.pages
                .iter()
                .find(|p| p.event.is_some())
                .and_then(|p| p.parent)
                .filter(|&parent| parent != site.home)
                .map(|parent| site.pages[parent].url.as_str())
        }),
        actualites: news.into_iter().map(|p| LinkView::of(site, p)).collect(),
        evenements: events.into_iter().map(|p| LinkView::of(site, p)).collect(),
    }
}
