//! Council acts (délibérations, arrêtés, procès-verbaux, listes des délibérations), published
//! online since 1 July 2022 (CGCT L2131-1, R2131-1; domain.md §3).
//!
//! 1. Model stage ([`check_pages`]): each act's signed document must exist beside its page
//!    (error) and is published with the site even if the body does not link it; a liste des
//!    délibérations or a procès-verbal put online more than 7 days after its session is a
//!    warning (L2121-25, L2121-15); SCDL fields are checked (matter code in the ACTES
//!    nomenclature, budget year, préfecture id).
//! 2. Before publishing ([`removed_too_early`]): an act must stay online at least 2 months.
//!    The build compares the acts with the registry of the site published last time,
//!    `donnees/actes.json`; an act listed there, missing now and put online less than 2 months
//!    before the build date, is an error. A first build (no published site) has nothing to
//!    compare with.
//! 3. Files of the site ([`files`]): the registry `donnees/actes.json` (every act with its
//!    document's SHA-256), and the SCDL « Délibérations » 2.1.5 export ([`scdl`]).

pub(crate) mod nomenclature;
pub mod scdl;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dates::Date;
use crate::diagnostic::Diagnostic;
use crate::minify::OutputFile;
use crate::model::{Page, Site, url};
use crate::parse::{Act, ActNature, ParsedPage};

/// Where the registry of published acts lives in a site.
pub const REGISTRY: &str = "donnees/actes.json";

/// Days allowed between a session and putting its list of decisions or its minutes online.
const DEADLINE_DAYS: i64 = 7;

/// What the model stage learns from the acts: documents to publish, errors and warnings.
#[derive(Default)]
pub struct ActChecks {
    pub assets: Vec<(PathBuf, String)>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Checks every act page and lists the documents to publish with the site.
pub fn check_pages(pages: &[ParsedPage], files: &BTreeSet<PathBuf>) -> ActChecks {
    let mut out = ActChecks::default();
    for page in pages {
        let Some(act) = &page.front.act else { continue };
        let at = |key: &str| key_line(&page.text, key);
        let document = document_source(&page.rel, act);
        if files.contains(&document) {
            let output = url::asset_output_path(&document);
            out.assets.push((document, output));
        } else {
            out.errors.push(
                Diagnostic::error(
                    "acte.document-manquant",
                    format!(
                        "le document signé « {} » de l'acte {} est introuvable",
                        act.document, act.number
                    ),
                )
                .at(&page.display, &page.text, at("document"), 1)
                .with_hint("l'acte doit être publié en entier : déposez le PDF à côté de la page, sous ce nom exact."),
            );
        }
        if matches!(
            act.nature,
            ActNature::ListeDeliberations | ActNature::ProcesVerbal
        ) {
            let deadline = act.date_adoption.0.checked_add(DEADLINE_DAYS.days()).ok();
            if deadline.is_some_and(|d| act.date_mise_en_ligne.0 > d) {
                let what = match act.nature {
                    ActNature::ListeDeliberations => {
                        ("la liste des délibérations", "mise", "L2121-25")
                    }
                    _ => ("le procès-verbal", "mis", "L2121-15"),
                };
                out.warnings.push(
                    Diagnostic::warning(
                        "acte.mise-en-ligne-tardive",
                        format!(
                            "{} de la séance du {} est {} en ligne le {}, plus de {DEADLINE_DAYS} jours après (CGCT {})",
                            what.0,
                            act.date_adoption.french(),
                            what.1,
                            act.date_mise_en_ligne.french(),
                            what.2
                        ),
                    )
                    .at(&page.display, &page.text, at("date_mise_en_ligne"), 1)
                    .with_hint("la loi demande une mise en ligne dans la semaine qui suit la séance ; vérifiez la date."),
                );
            }
        }
        check_scdl_fields(page, act, &mut out);
    }
    out
}

fn check_scdl_fields(page: &ParsedPage, act: &Act, out: &mut ActChecks) {
    let at = |key: &str| key_line(&page.text, key);
    match &act.code_matiere {
        Some(code) if nomenclature::matter_name(code).is_none() => out.errors.push(
            Diagnostic::error(
                "acte.code-matiere",
                format!("code matière « {code} » hors de la nomenclature ACTES"),
            )
            .at(&page.display, &page.text, at("code_matiere"), 1)
            .with_hint("écrivez le code de niveau 2 donné par la préfecture, de 1.1 à 9.4 (par exemple 7.1 pour une décision budgétaire)."),
        ),
        None if act.nature == ActNature::Deliberation => out.warnings.push(
            Diagnostic::warning(
                "acte.code-matiere-manquant",
                format!(
                    "la délibération {} n'a pas de code matière : elle manquera aux données ouvertes (SCDL)",
                    act.number
                ),
            )
            .at(&page.display, &page.text, key_line(&page.text, "[acte]"), 1)
            .with_hint("ajoutez code_matiere = \"7.1\" (code ACTES de niveau 2, celui transmis à la préfecture)."),
        ),
        _ => {}
    }
    if let Some(year) = &act.budget_annee {
        if !scdl::is_budget_year(year) {
            out.errors.push(
                Diagnostic::error(
                    "acte.budget-annee",
                    format!("année budgétaire « {year} » mal écrite"),
                )
                .at(&page.display, &page.text, at("budget_annee"), 1)
                .with_hint(
                    "écrivez l'année sur 4 chiffres, ou deux années : \"2026\" ou \"2026/2027\".",
                ),
            );
        }
    }
    if let Some(id) = &act.prefecture {
        if !scdl::is_prefecture_id(id) {
            out.errors.push(
                Diagnostic::error(
                    "acte.prefecture",
                    format!("identifiant de préfecture « {id} » mal écrit"),
                )
                .at(&page.display, &page.text, at("prefecture"), 1)
                .with_hint("écrivez PREF suivi du département sur 3 chiffres (PREF038), SPREF + département + chiffre, ou SGAR + département."),
            );
        }
    }
}

/// The act's document, relative to the commune folder.
fn document_source(page_rel: &Path, act: &Act) -> PathBuf {
    page_rel
        .parent()
        .unwrap_or(Path::new(""))
        .join(&act.document)
}

/// The line of a front-matter key (1 if not found).
fn key_line(text: &str, key: &str) -> u32 {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '=', '\t']))
        })
        .map_or(1, |i| i as u32 + 1)
}

/// An act of the site with what its page and the exports show.
pub struct PublishedAct<'a> {
    pub page: &'a Page,
    pub act: &'a Act,
    /// `/mairie/deliberations/2026-013.pdf`.
    pub document_url: Option<String>,
    pub document_file: Option<PathBuf>,
}

/// Every act of the site, in page order.
pub fn published(site: &Site) -> Vec<PublishedAct<'_>> {
    site.pages
        .iter()
        .filter_map(|page| {
            let act = page.act.as_ref()?;
            let source = page.source.as_ref().map(|s| document_source(&s.rel, act));
            let output = source.as_ref().and_then(|s| site.assets.get(s));
            Some(PublishedAct {
                page,
                act,
                document_url: output.map(|o| format!("/{o}")),
                document_file: source
                    .filter(|_| output.is_some())
                    .map(|s| site.root.join(s)),
            })
        })
        .collect()
}

/// The author shown on an act: its `signataire`/`qualite`, else the mayor.
pub fn author(site: &Site, act: &Act) -> (String, String) {
    let mayor = &site.config.mayor;
    (
        act.signataire.clone().unwrap_or_else(|| mayor.name.clone()),
        act.qualite.clone().unwrap_or_else(|| mayor.title.clone()),
    )
}

/// SHA-256 of a file, in lowercase hex; `None` if it cannot be read.
pub fn sha256_file(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Some(
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// One act in `donnees/actes.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct RegistryEntry {
    pub numero: String,
    pub nature: ActNature,
    pub objet: String,
    pub date_adoption: Date,
    pub date_mise_en_ligne: Date,
    pub signataire: String,
    pub qualite: String,
    pub page: String,
    pub document: Option<String>,
    pub sha256: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Registry {
    commune: String,
    actes: Vec<RegistryEntry>,
}

fn registry(site: &Site, acts: &[PublishedAct<'_>]) -> Registry {
    let base = site.config.identity.url.trim_end_matches('/');
    Registry {
        commune: site.config.identity.name.clone(),
        actes: acts
            .iter()
            .map(|p| {
                let (signataire, qualite) = author(site, p.act);
                RegistryEntry {
                    numero: p.act.number.clone(),
                    nature: p.act.nature,
                    objet: p.act.subject.clone(),
                    date_adoption: p.act.date_adoption,
                    date_mise_en_ligne: p.act.date_mise_en_ligne,
                    signataire,
                    qualite,
                    page: format!("{base}{}", p.page.url),
                    document: p.document_url.as_ref().map(|u| format!("{base}{u}")),
                    sha256: p.document_file.as_deref().and_then(sha256_file),
                }
            })
            .collect(),
    }
}

/// The open-data files of a site: the registry of acts and the SCDL export.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let acts = published(site);
    if acts.is_empty() {
        return Vec::new();
    }
    let registry = registry(site, &acts);
    let mut out = vec![OutputFile {
        path: PathBuf::from(REGISTRY),
        bytes: serde_json::to_vec_pretty(&registry).unwrap_or_default(),
    }];
    out.extend(scdl::files(site, &acts));
    out
}

/// Acts of the previously published site (`published_site`) that are gone and were put
/// online less than 2 months before the build date: each one is an error.
pub fn removed_too_early(site: &Site, published_site: &Path) -> Vec<Diagnostic> {
    let path = published_site.join(REGISTRY);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let Ok(previous) = serde_json::from_str::<Registry>(&text) else {
        return Vec::new();
    };
    let present: BTreeSet<(ActNature, &str)> = site
        .pages
        .iter()
        .filter_map(|p| p.act.as_ref())
        .map(|a| (a.nature, a.number.as_str()))
        .collect();
    let today = site.options.today;
    previous
        .actes
        .iter()
        .filter(|old| !present.contains(&(old.nature, old.numero.as_str())))
        .filter_map(|old| {
            let until = old.date_mise_en_ligne.0.checked_add(2.months()).ok()?;
            (today.0 < until).then(|| {
                Diagnostic::error(
                    "acte.retrait-premature",
                    format!(
                        "l'acte {} (« {} »), mis en ligne le {}, a disparu du site : il doit rester en ligne au moins deux mois, jusqu'au {}",
                        old.numero,
                        old.objet,
                        old.date_mise_en_ligne.french(),
                        Date(until).french()
                    ),
                )
                .in_file(&format!("{}/contenu", site.root.display()))
                .with_hint("remettez la page de l'acte et son document (CGCT R2131-1 : publicité d'au moins deux mois) ; si c'est un brouillon, retirez « brouillon = true ».")
            })
        })
        .collect()
}

impl PartialOrd for ActNature {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ActNature {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

/// The theme's template for sections of acts.
pub const LISTING_TEMPLATE: &str = "actes.html";

/// Sections whose pages are all acts, and that use the default section template, list them by
/// year and type with [`LISTING_TEMPLATE`].
pub fn listing_template(pages: &mut [Page]) {
    for id in 0..pages.len() {
        let page = &pages[id];
        let all_acts =
            !page.children.is_empty() && page.children.iter().all(|&c| pages[c].act.is_some());
        if page.kind == crate::model::PageKind::Section
            && page.template == "rubrique.html"
            && all_acts
        {
            pages[id].template = LISTING_TEMPLATE.to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_are_found() {
        let text = "+++\ntitre = \"a\"\n[acte]\ndocument = \"x.pdf\"\ndocument_bis = 1\n+++\n";
        assert_eq!(key_line(text, "document"), 4);
        assert_eq!(key_line(text, "[acte]"), 3);
        assert_eq!(key_line(text, "absent"), 1);
    }
}
