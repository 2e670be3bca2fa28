//! What templates see: plain serialisable views of the `Site`, named in French like the
//! keys editors know (`site.nom`, `page.titre`, `page.contenu`...). Documented in
//! `themes/README.md`.

use serde::Serialize;

use crate::config::CommuneConfig;
use crate::model::{Generated, OutputJob, Page, PageId, PageKind, Site};

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    nom: &'a str,
    slug: &'a str,
    url: &'a str,
    adresse: &'a str,
    telephone: &'a str,
    courriel: &'a str,
    horaires: &'a [String],
    population: u32,
    code_insee: &'a str,
    siret: &'a str,
    maire: &'a crate::config::Mayor,
    dpo: &'a crate::config::Dpo,
    hebergeur: Option<&'a crate::config::Host>,
    logo: Option<String>,
    couleur_principale: &'a str,
    accessibilite: AccessibilityView<'a>,
    fonctionnalites: &'a crate::config::Features,
    annee: i16,
    date_construction: String,
    /// `/contact/` when the commune has that page.
    contact: Option<&'static str>,
}

#[derive(Serialize)]
struct AccessibilityView<'a> {
    mention: &'static str,
    etat: crate::config::ConformityState,
    date_audit: Option<String>,
    taux: Option<f64>,
    auditeur: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(site: &'a Site) -> Self {
        let c: &CommuneConfig = &site.config;
        let audit = &c.accessibility;
        SiteView {
            nom: &c.identity.name,
            slug: &site.slug,
            url: c.identity.url.trim_end_matches('/'),
            adresse: &c.identity.address,
            telephone: &c.identity.phone,
            courriel: &c.identity.email,
            horaires: &c.identity.opening_hours,
            population: c.identity.population,
            code_insee: &c.identity.insee_code,
            siret: &c.identity.siret,
            maire: &c.mayor,
            dpo: &c.dpo,
            hebergeur: c.host.as_ref(),
            logo: c
                .branding
                .logo
                .as_ref()
                .and_then(|l| site.assets.get(std::path::Path::new(l)))
                .map(|out| format!("/{out}")),
            couleur_principale: &c.branding.primary_colour,
            accessibilite: AccessibilityView {
                mention: audit.state.mention(),
                etat: audit.state,
                date_audit: audit.audit_date.map(|d| d.french()),
                taux: audit.rate,
                auditeur: audit.auditor.as_deref(),
            },
            fonctionnalites: &c.features,
            annee: site.options.today.0.year(),
            date_construction: site.options.today.french(),
            contact: site.by_url.contains_key("/contact/").then_some("/contact/"),
        }
    }
}

/// A link to a page, as listings, breadcrumbs and the menu show it.
#[derive(Serialize)]
pub(crate) struct LinkView<'a> {
    titre: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    date_fr: Option<String>,
    est_rubrique: bool,
}

impl<'a> LinkView<'a> {
    fn of(page: &'a Page) -> Self {
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
        }
    }
}

#[derive(Serialize)]
pub(crate) struct MenuView<'a> {
    titre: &'a str,
    url: &'a str,
    /// The current page is this entry or below it (aria-current / open state).
    actif: bool,
    courant: bool,
    sous_menu: Vec<MenuLeafView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct MenuLeafView<'a> {
    titre: &'a str,
    url: &'a str,
    actif: bool,
    courant: bool,
}

pub(crate) fn menu<'a>(site: &'a Site, current_url: &str) -> Vec<MenuView<'a>> {
    let is_within =
        |link: &str| link != "/" && current_url.starts_with(link) || link == current_url;
    site.config
        .menu
        .iter()
        .map(|entry| MenuView {
            titre: &entry.title,
            url: &entry.link,
            actif: is_within(&entry.link) || entry.children.iter().any(|c| is_within(&c.link)),
            courant: entry.link == current_url,
            sous_menu: entry
                .children
                .iter()
                .map(|c| MenuLeafView {
                    titre: &c.title,
                    url: &c.link,
                    actif: is_within(&c.link),
                    courant: c.link == current_url,
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    titre: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    date_fr: Option<String>,
    genre: PageKind,
    gabarit: &'a str,
    contenu: &'a str,
    etiquettes: &'a [String],
    est_accueil: bool,
    evenement: Option<EventView<'a>>,
    acte: Option<&'a crate::parse::Act>,
    /// Ancestors, home first; the page itself excluded.
    fil_ariane: Vec<LinkView<'a>>,
    /// The children shown on this listing page.
    enfants: Vec<LinkView<'a>>,
    pagination: Option<PagerView>,
}

#[derive(Serialize)]
struct EventView<'a> {
    debut: String,
    debut_fr: String,
    fin: Option<String>,
    fin_fr: Option<String>,
    lieu: Option<&'a str>,
    a_venir: bool,
}

#[derive(Serialize)]
struct PagerView {
    courante: usize,
    total: usize,
    precedente: Option<String>,
    suivante: Option<String>,
}

pub(crate) fn page<'a>(site: &'a Site, job: &'a OutputJob) -> PageView<'a> {
    let page = &site.pages[job.page];
    let mut breadcrumb = Vec::new();
    let mut parent = page.parent;
    while let Some(id) = parent {
        breadcrumb.push(LinkView::of(&site.pages[id]));
        parent = site.pages[id].parent;
    }
    breadcrumb.reverse();
    let children: &[PageId] = match &job.pager {
        Some(pager) => &page.children[pager.items.clone()],
        None => &page.children,
    };
    let page_url = |n: usize| {
        if n == 1 {
            page.url.clone()
        } else {
            format!("{}page/{n}/", page.url)
        }
    };
    PageView {
        titre: &page.title,
        url: &job.url,
        description: page.description.as_deref(),
        date: page.date.map(|d| d.to_string()),
        date_fr: page.date.map(|d| d.french()),
        genre: page.kind,
        gabarit: &page.template,
        contenu: &page.content,
        etiquettes: &page.tags,
        est_accueil: page.kind == PageKind::Home,
        evenement: page.event.as_ref().map(|e| EventView {
            debut: e.start.to_string(),
            debut_fr: e.start.french(),
            fin: e.end.map(|d| d.to_string()),
            fin_fr: e.end.map(|d| d.french()),
            lieu: e.place.as_deref(),
            a_venir: e.end.unwrap_or(e.start).date() >= site.options.today,
        }),
        acte: page.act.as_ref(),
        fil_ariane: breadcrumb,
        enfants: children
            .iter()
            .map(|&c| LinkView::of(&site.pages[c]))
            .collect(),
        pagination: job.pager.as_ref().map(|p| PagerView {
            courante: p.current,
            total: p.total,
            precedente: (p.current > 1).then(|| page_url(p.current - 1)),
            suivante: (p.current < p.total).then(|| page_url(p.current + 1)),
        }),
    }
}

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
