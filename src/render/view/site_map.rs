//! The plan du site: the page tree, flattened for tera (which has no recursive macros).

use serde::Serialize;

use crate::model::{Generated, PageId, Site};

/// One line of the plan du site: the tree flattened (tera 2 has no recursive macros).
/// `ouvre`: a `<ul>` opens before this item; `a_enfants`: its `<li>` stays open for the
/// child list; `ferme`: how many `</ul></li>` close after it.
#[derive(Serialize)]
pub(crate) struct SiteMapEntry<'a> {
    titre: &'a str,
    url: &'a str,
    profondeur: usize,
    ouvre: bool,
    a_enfants: bool,
    ferme: usize,
}

pub(crate) fn site_map(site: &Site) -> Vec<SiteMapEntry<'_>> {
    fn walk(site: &Site, id: PageId, depth: usize, out: &mut Vec<(PageId, usize)>) {
        out.push((id, depth));
        for &child in &site.pages[id].children {
            walk(site, child, depth + 1, out);
        }
    }
    let mut flat: Vec<(PageId, usize)> = Vec::new();
    walk(site, site.home, 0, &mut flat);
    // The legal pages belong in the plan du site too (RGAA 12.3: it represents the site).
    for generated in [
        Generated::LegalNotice,
        Generated::Privacy,
        Generated::Accessibility,
    ] {
        if let Some(&id) = site.by_url.get(generated.url()) {
            if !flat.iter().any(|&(f, _)| f == id) {
                flat.push((id, 1));
            }
        }
    }
    flat.iter()
        .enumerate()
        .map(|(index, &(id, depth))| {
            let previous = index.checked_sub(1).map(|i| flat[i].1);
            let next = flat.get(index + 1).map_or(0, |&(_, d)| d);
            let page = &site.pages[id];
            SiteMapEntry {
                titre: &page.title,
                url: &page.url,
                profondeur: depth,
                ouvre: previous.is_none_or(|p| depth > p),
                a_enfants: next > depth,
                ferme: depth.saturating_sub(next),
            }
        })
        .collect()
}
