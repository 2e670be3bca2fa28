//! # liens-internes — Liens internes cassés
//!
//! ## Ce que la règle vérifie
//!
//! Règle du produit, hors RGAA. Chaque lien interne (absolu `/x/y/` ou relatif, résolu depuis
//! l’adresse de la page) mène à une page du site, et chaque ancre `#id` existe dans la page
//! visée. Les liens externes, `mailto:`, `tel:` et les fichiers qui ne sont pas des pages
//! (`.pdf`, images…) ne sont pas vérifiés. Sur la page « plan du site », un lien cassé fait aussi
//! échouer le test RGAA 12.3.2. Cette règle porte sur le site entier : elle est appliquée par `SiteChecker`.
//!
//! ## Pourquoi
//!
//! Un lien cassé est une impasse, et un lien d’évitement ou un sommaire dont l’ancre manque
//! ne mène nulle part.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="/mairie/horaire/">Horaires</a>
//! <a href="/mairie/#acces">Accès</a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="/mairie/horaires/">Horaires</a>
//! <a href="/mairie/#plan-acces">Accès</a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 12.3, test 12.3.2 pour le plan du site ; ailleurs, règle du produit.

/// Resolves `href` from the page at `base` into `(page path, fragment)`, or `None` when the
/// link leaves the site or points to a file that is not a page.
pub(crate) fn resolve(base: &str, href: &str) -> Option<(String, Option<String>)> {
    let href = href.trim();
    // A scheme (`https:`, `mailto:`…) or a host (`//`): another site. Only `:` and `/` matter
    // here, so the case of the letters does not.
    if href.starts_with("//")
        || href.contains("://")
        || href.contains(':')
            && !href.starts_with('/')
            && href.split(':').next().is_some_and(|s| !s.contains('/'))
    {
        return None;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(f.to_owned())),
        None => (href, None),
    };
    let path = rest.split('?').next().unwrap_or_default();
    let joined = if path.is_empty() {
        normalize(base)
    } else if path.starts_with('/') {
        path.to_owned()
    } else {
        let base = normalize(base);
        let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{path}")
    };
    let last = joined.rsplit('/').next().unwrap_or_default();
    if let Some((_, ext)) = last.rsplit_once('.') {
        if !matches!(ext.to_ascii_lowercase().as_str(), "html" | "htm") {
            return None;
        }
    }
    Some((normalize(&joined), fragment.filter(|f| !f.is_empty())))
}

/// Canonical form of a page path: leading `/`, no `index.html`, `.` and `..` resolved,
/// trailing `/` for directories.
pub(crate) fn normalize(path: &str) -> String {
    let path = path.trim();
    let path = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix("index.htm"))
        .unwrap_or(path);
    // `/` and each kept segment; `starts` holds where each segment's `/` stands in `out`.
    let mut out = String::with_capacity(path.len() + 2);
    let mut starts: Vec<usize> = Vec::new();
    let mut last = None;
    let climbs = path.split('/').any(|seg| seg == "..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if let Some(start) = starts.pop() {
                    out.truncate(start);
                }
                last = starts.last().copied();
            }
            s => {
                if climbs {
                    starts.push(out.len());
                }
                last = Some(out.len());
                out.push('/');
                out.push_str(s);
            }
        }
    }
    let file = last.is_some_and(|start| out[start + 1..].contains('.'));
    if out.is_empty() || !file && !out.ends_with('/') {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links() {
        assert_eq!(resolve("/a/b/", "c/"), Some(("/a/b/c/".into(), None)));
        assert_eq!(
            resolve("/a/b/index.html", "../x.html#y"),
            Some(("/a/x.html".into(), Some("y".into())))
        );
        assert_eq!(
            resolve("/a/", "#top"),
            Some(("/a/".into(), Some("top".into())))
        );
        assert_eq!(resolve("/a/", "/doc/x.pdf"), None);
        assert_eq!(resolve("/a/", "https://example.org/"), None);
        assert_eq!(resolve("/a/", "mailto:mairie@example.org"), None);
        assert_eq!(normalize("actualites"), "/actualites/");
        assert_eq!(normalize("/"), "/");
        assert_eq!(normalize(""), "/");
        assert_eq!(normalize("/a/./b/../c.html"), "/a/c.html");
        assert_eq!(normalize("a/b/.."), "/a/");
        assert_eq!(normalize("../.."), "/");
        assert_eq!(normalize("/x/index.html"), "/x/");
        assert_eq!(normalize("/a//b"), "/a/b/");
        assert_eq!(normalize("/a/b.c/../d"), "/a/d/");
    }
}
