//! What templates see: plain serialisable views of the `Site`, named in French like the
//! keys editors know (`site.nom`, `page.titre`, `page.contenu`...). Documented in
//! `themes/README.md`: a key added here is added there too.

mod acts;
mod listing;
mod site_map;
mod tags;
mod when;

pub(crate) use listing::LinkView;
pub(crate) use site_map::site_map;

use serde::Serialize;

use crate::config::CommuneConfig;
use crate::downloads::french_size;
use crate::model::{OutputJob, Page, PageKind, Site};
use crate::parse::{Act, ActNature, Event, Votes};

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    nom: &'a str,
    slug: &'a str,
    url: &'a str,
    adresse: &'a str,
    telephone: &'a str,
    /// The phone number for a `tel:` link: digits and a leading `+` only.
    telephone_lien: String,
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
    /// `/recherche/` when the commune has search on (the build then adds that page).
    recherche: Option<&'static str>,
    /// Search is on and this build makes its index: the search page can query it.
    recherche_disponible: bool,
    /// The site has news, hence Atom and RSS feeds (issue #7).
    flux_actualites: bool,
    /// `/agenda.ics` when the site has events: the whole calendar (issue #7).
    agenda_ics: Option<&'static str>,
    /// The alert banners active on the build date (issue #7).
    bandeaux: Vec<crate::banner::BannerView<'a>>,
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
    pub(crate) fn new(site: &'a Site, search_index: bool) -> Self {
        let c: &CommuneConfig = &site.config;
        let audit = &c.accessibility;
        SiteView {
            nom: &c.identity.name,
            slug: &site.slug,
            url: c.identity.url.trim_end_matches('/'),
            adresse: &c.identity.address,
            telephone: &c.identity.phone,
            telephone_lien: c
                .identity
                .phone
                .chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                .collect(),
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
            recherche: c.features.search.then_some(crate::search::SEARCH_URL),
            recherche_disponible: c.features.search && search_index,
            flux_actualites: site.pages.iter().any(crate::feeds::is_news),
            agenda_ics: crate::agenda::has_events(site).then_some("/agenda.ics"),
            bandeaux: crate::banner::active(&c.banners, site.options.today),
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
    /// The same tags, each with the address of its page when it has one (news items).
    etiquettes_liens: Vec<tags::TagLinkView<'a>>,
    /// The index of the tags (`/actualites/etiquettes/`): every tag with its count.
    liste_etiquettes: Vec<tags::TagCountView<'a>>,
    /// The news section and the tag pages: the address of the index of the tags.
    lien_etiquettes: Option<&'a str>,
    est_accueil: bool,
    evenement: Option<EventView<'a>>,
    /// Event pages: the address of their `.ics` (issue #7).
    evenement_ics: Option<String>,
    acte: Option<ActView<'a>>,
    /// Ancestors, home first; the page itself excluded.
    fil_ariane: Vec<LinkView<'a>>,
    /// The children shown on this listing page (agenda order for sections with events).
    enfants: Vec<LinkView<'a>>,
    /// Sections with events: upcoming and past events of this listing page.
    a_venir: Vec<LinkView<'a>>,
    passes: Vec<LinkView<'a>>,
    est_agenda: bool,
    pagination: Option<PagerView>,
    /// Home page only: latest news and next events.
    accueil: Option<listing::HomeView<'a>>,
    /// Pages only: the other pages of their section, when it is short enough for a sidebar.
    rubrique: Option<SectionNavView<'a>>,
    /// Sections of council acts (`actes.html`): this listing page's acts by year and type.
    actes_par_annee: Vec<acts::ActYearView<'a>>,
}

/// « Dans cette rubrique »: a page's section and its pages, for the sidebar.
#[derive(Serialize)]
pub(crate) struct SectionNavView<'a> {
    titre: &'a str,
    url: &'a str,
    pages: Vec<NavLinkView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct NavLinkView<'a> {
    titre: &'a str,
    url: &'a str,
    courant: bool,
}

/// Longer sections (news, acts) are browsed through their listing, not a sidebar.
const SIDEBAR_MAX_PAGES: usize = 12;

fn section_nav<'a>(site: &'a Site, page: &'a Page) -> Option<SectionNavView<'a>> {
    let parent = &site.pages[page.parent?];
    if page.kind != PageKind::Page
        || parent.kind != PageKind::Section
        || parent.children.len() < 2
        || parent.children.len() > SIDEBAR_MAX_PAGES
    {
        return None;
    }
    Some(SectionNavView {
        titre: &parent.title,
        url: &parent.url,
        pages: parent
            .children
            .iter()
            .map(|&id| {
                let sibling = &site.pages[id];
                NavLinkView {
                    titre: &sibling.title,
                    url: &sibling.url,
                    courant: sibling.url == page.url,
                }
            })
            .collect(),
    })
}

#[derive(Serialize)]
pub(crate) struct EventView<'a> {
    debut: String,
    debut_fr: String,
    fin: Option<String>,
    fin_fr: Option<String>,
    /// The whole period in one phrase: `du samedi 5 décembre 2026 au …`.
    quand: String,
    /// Date badge: day of the month and short month of the start.
    jour: String,
    mois: &'static str,
    lieu: Option<&'a str>,
    a_venir: bool,
}

impl<'a> EventView<'a> {
    fn new(site: &Site, event: &'a Event) -> Self {
        let (jour, mois) = when::badge(event.start.date());
        EventView {
            debut: event.start.to_string(),
            debut_fr: event.start.french(),
            fin: event.end.map(|d| d.to_string()),
            fin_fr: event.end.map(|d| d.french()),
            quand: when::period(event.start, event.end),
            jour,
            mois,
            lieu: event.place.as_deref(),
            a_venir: event.end.unwrap_or(event.start).date() >= site.options.today,
        }
    }
}

/// A council act, with its dates in French and its document's published address.
#[derive(Serialize)]
pub(crate) struct ActView<'a> {
    numero: &'a str,
    nature: ActNature,
    /// `Délibération`, `Arrêté`, `Procès-verbal`, `Liste des délibérations`.
    nature_fr: &'static str,
    objet: &'a str,
    code_matiere: Option<&'a str>,
    date_adoption: String,
    date_adoption_fr: String,
    date_mise_en_ligne: String,
    date_mise_en_ligne_fr: String,
    document: &'a str,
    /// `/mairie/…/2026-030.pdf` when the document is published with the site.
    document_url: Option<String>,
    /// `PDF, 3 Ko`.
    document_infos: Option<String>,
    votes: Option<&'a Votes>,
    /// Author's name and title, shown on the act (CGCT R2131-1; the mayor by default).
    signataire: String,
    qualite: String,
    /// SHA-256 of the published document, for integrity (issue #7).
    empreinte_sha256: Option<String>,
}

impl<'a> ActView<'a> {
    fn new(site: &Site, page: &Page, act: &'a Act) -> Self {
        let source = page
            .source
            .as_ref()
            .and_then(|s| s.rel.parent())
            .map(|folder| folder.join(&act.document));
        let output = source.as_ref().and_then(|s| site.assets.get(s));
        let infos = source.as_ref().filter(|_| output.is_some()).map(|s| {
            let format = s
                .extension()
                .map(|e| e.to_string_lossy().to_uppercase())
                .unwrap_or_else(|| "fichier".to_owned());
            match std::fs::metadata(site.root.join(s)) {
                Ok(meta) => format!("{format}, {}", french_size(meta.len())),
                Err(_) => format,
            }
        });
        ActView {
            numero: &act.number,
            nature: act.nature,
            nature_fr: match act.nature {
                ActNature::Deliberation => "Délibération",
                ActNature::Arrete => "Arrêté",
                ActNature::ProcesVerbal => "Procès-verbal",
                ActNature::ListeDeliberations => "Liste des délibérations",
            },
            objet: &act.subject,
            code_matiere: act.code_matiere.as_deref(),
            date_adoption: act.date_adoption.to_string(),
            date_adoption_fr: act.date_adoption.french(),
            date_mise_en_ligne: act.date_mise_en_ligne.to_string(),
            date_mise_en_ligne_fr: act.date_mise_en_ligne.french(),
            document: &act.document,
            document_url: output.map(|o| format!("/{o}")),
            document_infos: infos,
            votes: act.votes.as_ref(),
            empreinte_sha256: None,
            signataire: crate::acts::author(site, act).0,
            qualite: crate::acts::author(site, act).1,
        }
    }
}

impl ActView<'_> {
    /// The act's own page shows its document's SHA-256 (listings do not: hashing is costly).
    fn with_hash(mut self, site: &Site, page: &Page) -> Self {
        let source = page.source.as_ref().and_then(|s| s.rel.parent());
        self.empreinte_sha256 = source
            .map(|folder| folder.join(self.document))
            .filter(|s| site.assets.contains_key(s))
            .and_then(|s| crate::acts::sha256_file(&site.root.join(s)));
        self
    }
}

#[derive(Serialize)]
struct PagerView {
    courante: usize,
    total: usize,
    precedente: Option<String>,
    suivante: Option<String>,
    /// Every page of the listing, for numbered links.
    pages: Vec<PagerLink>,
}

#[derive(Serialize)]
struct PagerLink {
    numero: usize,
    url: String,
    courante: bool,
}

pub(crate) fn page<'a>(site: &'a Site, job: &'a OutputJob) -> PageView<'a> {
    let page = &site.pages[job.page];
    let mut breadcrumb = Vec::new();
    let mut parent = page.parent;
    while let Some(id) = parent {
        breadcrumb.push(LinkView::of(site, &site.pages[id]));
        parent = site.pages[id].parent;
    }
    breadcrumb.reverse();
    let children = listing::children(site, page, job);
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
        etiquettes_liens: tags::links(site, page),
        liste_etiquettes: tags::index(site, page),
        lien_etiquettes: tags::index_link(site, page),
        est_accueil: page.kind == PageKind::Home,
        evenement: page.event.as_ref().map(|e| EventView::new(site, e)),
        evenement_ics: crate::agenda::event_file_url(page),
        acte: page
            .act
            .as_ref()
            .map(|a| ActView::new(site, page, a).with_hash(site, page)),
        fil_ariane: breadcrumb,
        enfants: children.enfants,
        a_venir: children.a_venir,
        passes: children.passes,
        est_agenda: children.est_agenda,
        pagination: job.pager.as_ref().map(|p| PagerView {
            courante: p.current,
            total: p.total,
            precedente: (p.current > 1).then(|| page_url(p.current - 1)),
            suivante: (p.current < p.total).then(|| page_url(p.current + 1)),
            pages: (1..=p.total)
                .map(|n| PagerLink {
                    numero: n,
                    url: page_url(n),
                    courante: n == p.current,
                })
                .collect(),
        }),
        accueil: (page.kind == PageKind::Home).then(|| listing::home(site)),
        rubrique: section_nav(site, page),
        actes_par_annee: acts::by_year(site, page, job),
    }
}
