//! Stage 4, render: `&Site` + theme → one HTML string per output file (tera).

mod filters;
mod theme;
mod view;

pub use theme::{STATIC_PREFIX, Theme};

use std::path::PathBuf;

use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::model::{Generated, OutputJob, PageKind, Site};

/// One rendered HTML file, not yet checked.
#[derive(Debug)]
pub struct RenderedPage {
    pub page: crate::model::PageId,
    pub url: String,
    pub output: PathBuf,
    pub html: String,
    /// The template used, for findings that come from it.
    pub template: String,
}

/// The part of the template context shared by every page of a site, built once.
pub struct SiteContext(Context);

impl SiteContext {
    /// `search_index`: the build makes a search index for the sites with search on, so their
    /// search page can query it (`usine build` with Pagefind found).
    pub fn new(site: &Site, search_index: bool) -> Self {
        let mut context = Context::new();
        context.insert("site", &view::SiteView::new(site, search_index));
        // The legal pages' data (issue #5).
        context.insert(
            "vie_privee",
            &crate::legal::PrivacyNotice::new(&site.config),
        );
        context.insert("declaration", &crate::legal::Declaration::new(&site.config));
        SiteContext(context)
    }
}

/// Renders one output file.
pub fn render_page(
    theme: &Theme,
    site: &Site,
    shared: &SiteContext,
    job: &OutputJob,
) -> Result<RenderedPage, Diagnostic> {
    let page = &site.pages[job.page];
    let template = if let Some(special) = template_for_url(theme, page) {
        special.to_owned()
    } else if theme.has_template(&page.template) {
        page.template.clone()
    } else if page
        .source
        .as_ref()
        .is_some_and(|_| explicit_template(page))
    {
        let source = page
            .source
            .as_ref()
            .map(|s| s.display.clone())
            .unwrap_or_default();
        return Err(Diagnostic::error(
            "page.gabarit-inconnu",
            format!(
                "le gabarit « {} » n'existe pas dans le thème",
                page.template
            ),
        )
        .in_file(&source)
        .with_hint("retirez la clé gabarit de l'en-tête, ou choisissez un gabarit du thème."));
    } else {
        "page.html".to_owned()
    };
    let mut context = shared.0.clone();
    context.insert("page", &view::page(site, job));
    context.insert("menu", &view::menu(site, &page.url));
    if page.kind == PageKind::Generated(Generated::SiteMap) {
        context.insert("plan", &view::site_map(site));
    }
    let html = theme
        .tera
        .render(&template, &context)
        .map_err(|err| theme::template_error(&err, &theme.templates_dir()))?;
    Ok(RenderedPage {
        page: job.page,
        url: job.url.clone(),
        output: job.output.clone(),
        html,
        template,
    })
}

/// Pages the theme knows by their address: `/contact/` shows the commune's coordinates above
/// the editor's text. Only when the editor chose no template. (The search page is a
/// generated page, see `model::Generated::Search`.)
fn template_for_url(theme: &Theme, page: &crate::model::Page) -> Option<&'static str> {
    if page.kind != PageKind::Page || page.template != "page.html" {
        return None;
    }
    let name = match page.url.as_str() {
        "/contact/" => "contact.html",
        _ => return None,
    };
    theme.has_template(name).then_some(name)
}

/// Default templates fall back to `page.html`; one named by the editor must exist.
fn explicit_template(page: &crate::model::Page) -> bool {
    !matches!(
        page.template.as_str(),
        "accueil.html"
            | "rubrique.html"
            | "acte.html"
            | "evenement.html"
            | "actualite.html"
            | "page.html"
    ) && !matches!(
        page.kind,
        PageKind::Generated(_) | PageKind::TagIndex | PageKind::Tag
    )
}
