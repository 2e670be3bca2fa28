//! Tags in templates (issue #7): a page's tags as links to their pages, and the index of
//! the tags with their counts.

use serde::Serialize;

use crate::model::{Page, PageKind, Site};

/// A tag of a page: `url` leads to its page, when it has one.
#[derive(Serialize)]
pub(crate) struct TagLinkView<'a> {
    nom: &'a str,
    url: Option<&'a str>,
}

/// A tag on the index page, with the number of news items that carry it.
#[derive(Serialize)]
pub(crate) struct TagCountView<'a> {
    nom: &'a str,
    url: &'a str,
    nombre: usize,
}

/// The tags of `page`, linked to their pages (only news items have tag pages).
pub(crate) fn links<'a>(site: &'a Site, page: &'a Page) -> Vec<TagLinkView<'a>> {
    let news = page.is_news();
    page.tags
        .iter()
        .map(|tag| TagLinkView {
            nom: tag,
            url: news.then(|| site.tags.url_of(tag, &site.pages)).flatten(),
        })
        .collect()
}

/// Every tag with its count, in the order of their slugs (alphabetical, accents folded), on
/// the index page only.
pub(crate) fn index<'a>(site: &'a Site, page: &Page) -> Vec<TagCountView<'a>> {
    if page.kind != PageKind::TagIndex {
        return Vec::new();
    }
    site.tags
        .by_slug
        .values()
        .map(|tag| {
            let page = &site.pages[tag.page];
            TagCountView {
                nom: &tag.name,
                url: &page.url,
                nombre: page.children.len(),
            }
        })
        .collect()
}

/// The address of the index of the tags, on the news section and on the tag pages.
pub(crate) fn index_link<'a>(site: &'a Site, page: &Page) -> Option<&'a str> {
    let index = site.tags.index?;
    let shown = page.kind == PageKind::Tag || page.url == crate::model::tags::NEWS_URL;
    shown.then(|| site.pages[index].url.as_str())
}
