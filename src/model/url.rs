//! URLs from file names: accents folded, lower case, words joined by `-`.

use std::path::{Component, Path, PathBuf};

/// `Été à la Médiathèque` → `ete-a-la-mediatheque`.
pub fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The URL of a page source relative to `contenu/`:
/// `_index.md` → `/`, `mairie/_index.md` → `/mairie/`, `mairie/elus.md` → `/mairie/elus/`.
/// `slug` replaces the last part when the front matter sets one.
pub fn page_url(rel_in_content: &Path, slug: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let is_index = rel_in_content.file_name().is_some_and(|n| n == "_index.md");
    let dir = rel_in_content.parent().unwrap_or(Path::new(""));
    for component in dir.components() {
        if let Component::Normal(part) = component {
            parts.push(slugify(&part.to_string_lossy()));
        }
    }
    if !is_index {
        let stem = rel_in_content
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        parts.push(slugify(&stem));
    }
    if let (Some(slug), Some(last)) = (slug, parts.last_mut()) {
        *last = slugify(slug);
    }
    let mut url = String::from("/");
    for part in parts.iter().filter(|p| !p.is_empty()) {
        url.push_str(part);
        url.push('/');
    }
    url
}

/// Where an asset of the commune is published: `contenu/` is dropped, folders and name are
/// slugified, the extension lower-cased: `contenu/Mairie/Façade.JPG` → `mairie/facade.jpg`.
pub fn asset_output_path(rel: &Path) -> String {
    let rel = rel.strip_prefix(crate::load::CONTENT_DIR).unwrap_or(rel);
    let mut parts: Vec<String> = Vec::new();
    let dir = rel.parent().unwrap_or(Path::new(""));
    for component in dir.components() {
        if let Component::Normal(part) = component {
            parts.push(slugify(&part.to_string_lossy()));
        }
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let name = match rel.extension() {
        Some(ext) => format!(
            "{}.{}",
            slugify(&stem),
            ext.to_string_lossy().to_lowercase()
        ),
        None => slugify(&stem),
    };
    parts.push(name);
    parts.join("/")
}

/// The output file of a page URL: `/` → `index.html`, `/a/b/` → `a/b/index.html`.
pub fn output_path(url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if trimmed.ends_with(".html") {
        PathBuf::from(trimmed)
    } else {
        PathBuf::from(trimmed).join("index.html")
    }
}

/// Resolves `target` (a relative link) against the folder `base`, both relative to the
/// commune folder. `None` when the result would leave the commune folder.
pub fn resolve_relative(base: &Path, target: &str) -> Option<PathBuf> {
    let mut resolved: Vec<String> = base
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                resolved.pop()?;
            }
            other => resolved.push(percent_decode(other)),
        }
    }
    Some(resolved.iter().collect())
}

/// Decodes `%20`-style escapes (editors' links to files with spaces).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_accents() {
        assert_eq!(slugify("Été à la Médiathèque !"), "ete-a-la-mediatheque");
        assert_eq!(slugify("Œuvres sociales"), "oeuvres-sociales");
        assert_eq!(slugify("  État civil  "), "etat-civil");
    }

    #[test]
    fn page_urls_are_pretty() {
        assert_eq!(page_url(Path::new("_index.md"), None), "/");
        assert_eq!(page_url(Path::new("Mairie/_index.md"), None), "/mairie/");
        assert_eq!(
            page_url(Path::new("mairie/Conseil municipal.md"), None),
            "/mairie/conseil-municipal/"
        );
        assert_eq!(
            page_url(Path::new("mairie/elus.md"), Some("Nos élus")),
            "/mairie/nos-elus/"
        );
    }

    #[test]
    fn relative_paths_cannot_escape() {
        let base = Path::new("contenu/mairie");
        assert_eq!(
            resolve_relative(base, "../photo%20mairie.jpg"),
            Some(PathBuf::from("contenu/photo mairie.jpg"))
        );
        assert_eq!(
            resolve_relative(base, "../../commune.toml"),
            Some(PathBuf::from("commune.toml"))
        );
        assert_eq!(resolve_relative(base, "../../../autre/secret.txt"), None);
    }

    #[test]
    fn asset_paths_drop_contenu() {
        assert_eq!(
            asset_output_path(Path::new("contenu/Mairie/Façade.JPG")),
            "mairie/facade.jpg"
        );
        assert_eq!(
            asset_output_path(Path::new("medias/logo.svg")),
            "medias/logo.svg"
        );
    }
}
