//! Sections of council acts (template `actes.html`): the acts of one listing page grouped by
//! year of adoption (newest first), then by type, for the « listing by year and type » the
//! law's publicity asks to be easy to browse (issue #7).

use serde::Serialize;

use super::LinkView;
use crate::model::{OutputJob, Page, PageId, Site};
use crate::parse::ActNature;

/// The template that lists acts; [`crate::acts::listing_template`] gives it to sections of acts.
const TEMPLATE: &str = crate::acts::LISTING_TEMPLATE;

const NATURES: [(ActNature, &str); 4] = [
    (ActNature::Deliberation, "Délibérations"),
    (ActNature::Arrete, "Arrêtés"),
    (ActNature::ProcesVerbal, "Procès-verbaux"),
    (ActNature::ListeDeliberations, "Listes des délibérations"),
];

#[derive(Serialize)]
pub(crate) struct ActYearView<'a> {
    annee: i16,
    natures: Vec<ActTypeView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ActTypeView<'a> {
    nature: ActNature,
    /// Plural heading: `Délibérations`, `Arrêtés`…
    titre: &'static str,
    actes: Vec<LinkView<'a>>,
}

/// The acts of this listing page (all of them without pagination), by year then type.
pub(super) fn by_year<'a>(site: &'a Site, page: &'a Page, job: &OutputJob) -> Vec<ActYearView<'a>> {
    if page.template != TEMPLATE {
        return Vec::new();
    }
    let mut acts: Vec<PageId> = page
        .children
        .iter()
        .copied()
        .filter(|&id| site.pages[id].act.is_some())
        .collect();
    let key = |id: PageId| {
        let act = site.pages[id]
            .act
            .as_ref()
            .map(|a| (a.date_adoption, a.number.clone()));
        std::cmp::Reverse(act)
    };
    acts.sort_by_key(|&id| key(id));
    let slice = match &job.pager {
        Some(pager) => &acts[pager.items.start.min(acts.len())..pager.items.end.min(acts.len())],
        None => &acts[..],
    };
    let mut years: Vec<ActYearView<'a>> = Vec::new();
    for &id in slice {
        let Some(act) = site.pages[id].act.as_ref() else {
            continue;
        };
        let year = act.date_adoption.0.year();
        if years.last().is_none_or(|y| y.annee != year) {
            years.push(ActYearView {
                annee: year,
                natures: Vec::new(),
            });
        }
        if let Some(current) = years.last_mut() {
            current.natures.push(ActTypeView {
                nature: act.nature,
                titre: "",
                actes: vec![LinkView::of(site, &site.pages[id])],
            });
        }
    }
    // Within a year, one group per type, in the law's order.
    for year in &mut years {
        let mut groups: Vec<ActTypeView<'a>> = Vec::new();
        for (nature, title) in NATURES {
            let actes: Vec<LinkView<'a>> = year
                .natures
                .iter_mut()
                .filter(|g| g.nature == nature)
                .flat_map(|g| std::mem::take(&mut g.actes))
                .collect();
            if !actes.is_empty() {
                groups.push(ActTypeView {
                    nature,
                    titre: title,
                    actes,
                });
            }
        }
        year.natures = groups;
    }
    years
}
