//! Stage 3, model: parsed pages + configuration → the read-only [`Site`].
//!
//! Builds the page tree (folders are sections with an `_index.md`), gives every page its URL,
//! converts Markdown bodies (in parallel), converts the images they show (once per source,
//! through a cache: [`crate::images`]), adds the generated pages, checks the menu, and plans
//! the output files (one per page, plus one per extra listing page). Nothing is left to be
//! filled in later: later stages only read the `Site`.

mod generated;
pub mod markdown;
pub(crate) mod sanitize;
pub mod tags;
pub mod url;

pub use generated::Generated;
pub use tags::Tags;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::CommuneConfig;
use crate::dates::Date;
use crate::diagnostic::Diagnostic;
use crate::load::CONTENT_DIR;
use crate::parse::{Act, Event, ParsedPage};

pub type PageId = usize;

/// Settings of one build that are not in the commune's files.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    /// The day of the build: decides upcoming events and the footer year.
    pub today: Date,
    /// Preview shows drafts; published sites never do.
    pub include_drafts: bool,
    /// A page over the sobriety budget is an error (`usine build --sobriete-stricte`).
    pub strict_sobriety: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    Home,
    Section,
    Page,
    Generated(Generated),
    /// `/actualites/etiquettes/`: the tags of the news (see [`tags`]).
    TagIndex,
    /// `/actualites/etiquettes/<slug>/`: the news items with one tag.
    Tag,
}

/// Where a page comes from, for diagnostics.
#[derive(Debug, Clone)]
pub struct PageSource {
    pub display: String,
    pub rel: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub weight: i64,
    pub tags: Vec<String>,
    pub draft: bool,
    pub template: String,
    /// HTML of the Markdown body, with line markers (see [`markdown`]).
    pub content: String,
    pub source: Option<PageSource>,
    pub parent: Option<PageId>,
    /// Sorted: weight, then newest date, then title.
    pub children: Vec<PageId>,
    pub event: Option<Event>,
    pub act: Option<Act>,
    pub per_page: usize,
}

impl Page {
    /// A news item: a dated page that is neither an event nor an act (feeds, tag pages).
    pub fn is_news(&self) -> bool {
        self.kind == PageKind::Page
            && self.date.is_some()
            && self.event.is_none()
            && self.act.is_none()
    }
}

/// One HTML file to write.
#[derive(Debug, Clone)]
pub struct OutputJob {
    pub page: PageId,
    pub url: String,
    pub output: PathBuf,
    pub pager: Option<Pager>,
}

/// Which slice of a section's children a listing file shows.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// 1-based.
    pub current: usize,
    pub total: usize,
    #[serde(skip)]
    pub items: Range<usize>,
}

/// One commune's site, read-only once built.
#[derive(Debug)]
pub struct Site {
    pub slug: String,
    pub config: CommuneConfig,
    /// The commune folder.
    pub root: PathBuf,
    pub pages: Vec<Page>,
    pub outputs: Vec<OutputJob>,
    /// Source (relative to `root`) → output path (relative to the site root).
    pub assets: BTreeMap<PathBuf, String>,
    pub by_url: HashMap<String, PageId>,
    pub home: PageId,
    pub options: BuildOptions,
    /// Published documents with their format and size, for download links (issue #7).
    pub downloads: crate::downloads::Downloads,
    /// The content images in their published widths (issue #7).
    pub images: crate::images::Images,
    /// The tags of the news and their pages (issue #7).
    pub tags: Tags,
}

const DEFAULT_PER_PAGE: usize = 20;

/// What the model stage needs, handed over by value.
pub struct ModelInput {
    pub slug: String,
    pub root: PathBuf,
    pub config: CommuneConfig,
    pub config_display: String,
    pub config_text: String,
    pub pages: Vec<ParsedPage>,
    pub files: BTreeSet<PathBuf>,
    pub options: BuildOptions,
}

/// Builds the site, its images through `images`. Returns every error found; warnings come
/// back with the site.
pub fn build_site(
    input: ModelInput,
    images: &crate::images::Store,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let ModelInput {
        slug,
        root,
        config,
        config_display,
        config_text,
        pages: parsed,
        files,
        options,
    } = input;
    let mut problems = Vec::new();
    // A draft section hides everything below it.
    let draft_folders: Vec<PathBuf> = parsed
        .iter()
        .filter(|p| p.front.draft && p.is_section())
        .filter_map(|p| p.rel.parent().map(Path::to_path_buf))
        .collect();
    let parsed: Vec<ParsedPage> = parsed
        .into_iter()
        .filter(|p| {
            options.include_drafts
                || !p.front.draft && !draft_folders.iter().any(|f| p.rel.starts_with(f))
        })
        .collect();

    // URLs and the source → URL table used to resolve links.
    let mut by_url: HashMap<String, PageId> = HashMap::new();
    let mut url_of_source: HashMap<PathBuf, String> = HashMap::new();
    let mut urls = Vec::with_capacity(parsed.len());
    for (id, page) in parsed.iter().enumerate() {
        let in_content = page.rel.strip_prefix(CONTENT_DIR).unwrap_or(&page.rel);
        let url = url::page_url(in_content, page.front.slug.as_deref());
        if let Some(&other) = by_url.get(&url) {
            problems.push(
                Diagnostic::error(
                    "site.url-en-double",
                    format!("deux pages ont la même adresse {url} : celle-ci et {}", parsed[other].display),
                )
                .at(&page.display, &page.text, 1, 1)
                .with_hint("renommez l'un des deux fichiers (les accents et majuscules sont ignorés dans les adresses)."),
            );
        } else {
            by_url.insert(url.clone(), id);
        }
        url_of_source.insert(page.rel.clone(), url.clone());
        urls.push(url);
    }

    // Parents: the `_index.md` of the folder (or of the parent folder, for sections).
    let mut parents = vec![None; parsed.len()];
    let home_source = Path::new(CONTENT_DIR).join("_index.md");
    let home = parsed.iter().position(|p| p.rel == home_source);
    if home.is_none() {
        problems.push(
            Diagnostic::error(
                "site.accueil-manquant",
                "la page d'accueil contenu/_index.md manque",
            )
            .in_file(&format!("{}/{}", root.display(), CONTENT_DIR))
            .with_hint("créez contenu/_index.md avec un en-tête +++ titre = \"Accueil\" +++."),
        );
    }
    let mut missing_sections = BTreeSet::new();
    // Section sources by path: a linear search per page is quadratic on large communes.
    let sections: HashMap<&Path, PageId> = parsed
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section())
        .map(|(id, p)| (p.rel.as_path(), id))
        .collect();
    for (id, page) in parsed.iter().enumerate() {
        let folder = page.rel.parent().unwrap_or(Path::new(""));
        let parent_folder = if page.is_section() {
            folder.parent()
        } else {
            Some(folder)
        };
        let Some(parent_folder) = parent_folder.filter(|f| f.starts_with(CONTENT_DIR)) else {
            continue;
        };
        let parent_source = parent_folder.join("_index.md");
        match sections.get(parent_source.as_path()).copied() {
            Some(parent) => parents[id] = Some(parent),
            None => {
                if missing_sections.insert(parent_folder.to_path_buf()) {
                    problems.push(
                        Diagnostic::error(
                            "site.rubrique-sans-index",
                            format!("le dossier {} n'a pas de fichier _index.md", parent_folder.display()),
                        )
                        .in_file(&page.display)
                        .with_hint("chaque dossier est une rubrique : créez-y un _index.md avec son titre (ou un brouillon, s'il ne doit pas être publié)."),
                    );
                }
            }
        }
    }

    // Markdown bodies, in parallel: the slowest part of the model.
    let context = markdown::LinkContext {
        pages: &url_of_source,
        files: &files,
    };
    let converted: Vec<markdown::MarkdownOutput> = parsed
        .par_iter()
        .map(|page| markdown::to_html(page, &context))
        .collect();

    let mut assets = BTreeMap::new();
    let mut warnings = Vec::new();
    // Council acts: their signed documents are published, deadlines checked (issue #7).
    let acts = crate::acts::check_pages(&parsed, &files);
    assets.extend(acts.assets);
    problems.extend(acts.errors);
    warnings.extend(acts.warnings);
    let mut image_refs = Vec::new();
    let mut pages = Vec::with_capacity(parsed.len() + Generated::ALL.len());
    for ((id, page), (converted, url)) in parsed
        .into_iter()
        .enumerate()
        .zip(converted.into_iter().zip(urls))
    {
        for diagnostic in converted.diagnostics {
            if diagnostic.is_error() {
                problems.push(diagnostic);
            } else {
                warnings.push(diagnostic);
            }
        }
        assets.extend(converted.assets);
        image_refs.extend(converted.images);
        let kind = if Some(id) == home {
            PageKind::Home
        } else if page.is_section() {
            PageKind::Section
        } else {
            PageKind::Page
        };
        let front = page.front;
        let template = front
            .template
            .clone()
            .unwrap_or_else(|| default_template(kind, &front).to_owned());
        pages.push(Page {
            kind,
            url,
            title: front.title,
            description: front.description,
            date: front
                .date
                .or(front.act.as_ref().map(|a| a.date_mise_en_ligne)),
            weight: front.weight,
            tags: front.tags,
            draft: front.draft,
            template,
            content: converted.html,
            source: Some(PageSource {
                display: page.display,
                rel: page.rel,
            }),
            parent: parents[id],
            children: Vec::new(),
            event: front.event,
            act: front.act,
            per_page: front.per_page.unwrap_or(DEFAULT_PER_PAGE).max(1),
        });
    }

    // Each image once, in parallel; its problems are errors on the lines that show it.
    let prepared = crate::images::prepare(&root, image_refs, images);
    assets.extend(prepared.copied);
    for diagnostic in prepared.diagnostics {
        if diagnostic.is_error() {
            problems.push(diagnostic);
        } else {
            warnings.push(diagnostic);
        }
    }

    // The logo is published with the site although no page links to it (issue #3: the
    // theme shows it in the header).
    if let Some(logo) = config.branding.logo.as_deref().map(PathBuf::from) {
        if files.contains(&logo) {
            let output = url::asset_output_path(&logo);
            assets.insert(logo, output);
        }
    }

    let home = home.unwrap_or(0);
    let wanted = Generated::ALL
        .into_iter()
        .filter(|&g| g != Generated::Search || config.features.search);
    for generated in wanted {
        match by_url.get(generated.url()) {
            // The editor's page at that URL becomes the additions of the generated page.
            Some(&id) => {
                let page = &mut pages[id];
                page.kind = generated.kind();
                page.template = generated.template().to_owned();
            }
            None => {
                let id = pages.len();
                by_url.insert(generated.url().to_owned(), id);
                pages.push(Page {
                    kind: generated.kind(),
                    url: generated.url().to_owned(),
                    title: generated.title().to_owned(),
                    description: None,
                    date: None,
                    weight: i64::MAX,
                    tags: Vec::new(),
                    draft: false,
                    template: generated.template().to_owned(),
                    content: String::new(),
                    source: None,
                    parent: (generated != Generated::NotFound && !pages.is_empty()).then_some(home),
                    children: Vec::new(),
                    event: None,
                    act: None,
                    per_page: DEFAULT_PER_PAGE,
                });
            }
        }
    }

    // Children, sorted for listings and the plan du site. Generated pages stay out of listings.
    let mut children: Vec<Vec<PageId>> = vec![Vec::new(); pages.len()];
    for (id, page) in pages.iter().enumerate() {
        if let (Some(parent), PageKind::Section | PageKind::Page) = (page.parent, page.kind) {
            children[parent].push(id);
        }
    }
    for (id, mut list) in children.into_iter().enumerate() {
        list.sort_by(|&a, &b| listing_order(&pages[a], &pages[b]));
        pages[id].children = list;
    }

    // Sections of council acts list them by year and type (issue #7).
    crate::acts::listing_template(&mut pages);
    // Tag pages of the news, once the items are sorted (issue #7).
    let tags = tags::add_pages(&mut pages, &mut by_url, &mut problems, &mut warnings);
    problems.extend(check_menu(&config, &by_url, &config_display, &config_text));
    if !problems.is_empty() {
        return Err(problems);
    }
    let outputs = plan_outputs(&pages);
    let downloads = crate::downloads::table(&root, &assets);
    let site = Site {
        slug,
        config,
        root,
        pages,
        outputs,
        assets,
        by_url,
        home,
        options,
        downloads,
        images: prepared.images,
        tags,
    };
    Ok((site, warnings))
}

/// The order of listings: weight, then newest date, then title.
fn listing_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    a.weight
        .cmp(&b.weight)
        .then(b.date.cmp(&a.date))
        .then_with(|| a.title.cmp(&b.title))
}

fn default_template(kind: PageKind, front: &crate::parse::FrontMatter) -> &'static str {
    match kind {
        PageKind::Home => "accueil.html",
        PageKind::Section => "rubrique.html",
        PageKind::Generated(g) => g.template(),
        PageKind::TagIndex | PageKind::Tag => tags::template(kind),
        PageKind::Page if front.act.is_some() => "acte.html",
        PageKind::Page if front.event.is_some() => "evenement.html",
        PageKind::Page if front.date.is_some() => "actualite.html",
        PageKind::Page => "page.html",
    }
}

/// Internal menu links must lead to a page of the site.
fn check_menu(
    config: &CommuneConfig,
    by_url: &HashMap<String, PageId>,
    file: &str,
    text: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let links = config
        .menu
        .iter()
        .flat_map(|e| std::iter::once(&e.link).chain(e.children.iter().map(|c| &c.link)));
    for link in links.filter(|l| l.starts_with('/')) {
        let path = link.split('#').next().unwrap_or(link);
        if !by_url.contains_key(path) {
            let line = text
                .lines()
                .position(|l| l.contains(&format!("\"{link}\"")))
                .map_or(1, |i| i as u32 + 1);
            problems.push(
                Diagnostic::error(
                    "config.lien-menu",
                    format!("le menu mène à {link}, mais aucune page n'a cette adresse"),
                )
                .at(file, text, line, 1)
                .with_hint(
                    "corrigez le lien, ou créez la page ; l'adresse d'un dossier se termine par /.",
                ),
            );
        }
    }
    problems
}

/// One output per page, plus the extra listing pages of long sections.
fn plan_outputs(pages: &[Page]) -> Vec<OutputJob> {
    let mut outputs = Vec::with_capacity(pages.len());
    for (id, page) in pages.iter().enumerate() {
        let listing = matches!(page.kind, PageKind::Section | PageKind::Tag);
        let paginated = listing && page.children.len() > page.per_page;
        if !paginated {
            outputs.push(OutputJob {
                page: id,
                url: page.url.clone(),
                output: url::output_path(&page.url),
                pager: None,
            });
            continue;
        }
        let total = page.children.len().div_ceil(page.per_page);
        for current in 1..=total {
            let url = if current == 1 {
                page.url.clone()
            } else {
                format!("{}page/{current}/", page.url)
            };
            let start = (current - 1) * page.per_page;
            let end = (start + page.per_page).min(page.children.len());
            outputs.push(OutputJob {
                page: id,
                output: url::output_path(&url),
                url,
                pager: Some(Pager {
                    current,
                    total,
                    items: start..end,
                }),
            });
        }
    }
    outputs
}
