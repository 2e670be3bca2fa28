//! The image step with the feature `images`: each source read once, its variants taken from
//! the cache or made, in parallel across sources.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::{self, Store};
use super::{ImageRef, Prepared, Rendition, Variant, as_it_is, codec, policy};
use crate::diagnostic::Diagnostic;

/// Why a source image cannot be published.
#[derive(Debug)]
pub(super) enum Problem {
    Read(String),
    NotAnImage,
    Unreadable(String),
    TooLarge { width: u32, height: u32 },
    Cache(String),
}

enum Outcome {
    Rendered {
        rendition: Rendition,
        converted: bool,
    },
    /// An animated GIF: published as it is.
    AsItIs,
    Failed(Problem),
}

pub(super) fn prepare(
    root: &Path,
    by_source: BTreeMap<PathBuf, Vec<ImageRef>>,
    store: &Store,
) -> Prepared {
    let sources: Vec<(PathBuf, Vec<ImageRef>)> = by_source.into_iter().collect();
    let outcomes: Vec<(Vec<ImageRef>, Outcome)> = sources
        .into_par_iter()
        .map(|(source, refs)| {
            let outcome = process(&root.join(&source), &refs[0].url, store);
            (refs, outcome)
        })
        .collect();
    let mut prepared = Prepared::default();
    // Variant URL → source: two sources must not publish the same file.
    let mut published: HashMap<String, PathBuf> = HashMap::new();
    for (refs, outcome) in outcomes {
        let (rendition, converted) = match outcome {
            Outcome::Rendered {
                rendition,
                converted,
            } => (rendition, converted),
            Outcome::AsItIs => {
                prepared.copied.push(as_it_is(&refs[0]));
                continue;
            }
            Outcome::Failed(problem) => {
                let errors = refs.iter().map(|r| diagnostic(&problem, r));
                prepared.diagnostics.extend(errors);
                continue;
            }
        };
        let clash = rendition
            .variants
            .iter()
            .find_map(|v| published.get(&v.url).map(|other| (&v.url, other)));
        if let Some((url, other)) = clash {
            let message = format!(
                "les images « {} » et « {} » seraient publiées sous le même nom {url}",
                other.display(),
                refs[0].source.display()
            );
            prepared.diagnostics.extend(refs.iter().map(|r| {
                located(
                    Diagnostic::error("contenu.image-en-double", message.clone()).with_hint(
                        "renommez l'une des deux images : les accents, les majuscules et l'extension ne suffisent pas à les distinguer.",
                    ),
                    r,
                )
            }));
            continue;
        }
        for variant in &rendition.variants {
            published.insert(variant.url.clone(), refs[0].source.clone());
        }
        if converted {
            prepared.images.counts.converted += 1;
        } else {
            prepared.images.counts.from_cache += 1;
        }
        let url = refs[0].url.clone();
        prepared.images.renditions.insert(url, rendition);
    }
    prepared
}

/// One source: its variants from the cache, or made now.
fn process(path: &Path, url: &str, store: &Store) -> Outcome {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return Outcome::Failed(Problem::Read(err.to_string())),
    };
    let source = match codec::open(&bytes) {
        Ok(source) => source,
        Err(problem) => return Outcome::Failed(problem),
    };
    if source.animated {
        return Outcome::AsItIs;
    }
    let (width, height, kind) = (source.width, source.height, source.kind);
    if u64::from(width) * u64::from(height) > policy::MAX_PIXELS {
        return Outcome::Failed(Problem::TooLarge { width, height });
    }
    let hash = cache::sha256(&bytes);
    let extensions: Vec<&'static str> = kind.encodings().iter().map(|e| e.extension()).collect();
    let widths = policy::widths(width);
    let largest = widths[widths.len() - 1];
    let mut variants = Vec::new();
    let mut missing = Vec::new();
    for &w in &widths {
        let h = policy::height_for(w, width, height);
        let name = cache::variant_name(&hash, kind, w);
        match store.find(&name, &extensions) {
            Some((stored, extension)) => {
                variants.push(variant(url, w, h, &name, extension, stored))
            }
            None => missing.push((w, h, name)),
        }
    }
    let converted = !missing.is_empty();
    if converted {
        let decoded = match source.decode() {
            Ok(decoded) => decoded.reduced(largest, policy::height_for(largest, width, height)),
            Err(problem) => return Outcome::Failed(problem),
        };
        for (w, h, name) in missing {
            // Each variant from the same reduced pixels, whatever the cache held: the same
            // bytes as a cold build, so builds stay reproducible.
            let (encoding, encoded) = match decoded.encode(&decoded.resized(w, h)) {
                Ok(done) => done,
                Err(problem) => return Outcome::Failed(problem),
            };
            let extension = encoding.extension();
            match store.save(&name, extension, encoded) {
                Ok(stored) => variants.push(variant(url, w, h, &name, extension, stored)),
                Err(err) => return Outcome::Failed(Problem::Cache(err.to_string())),
            }
        }
        variants.sort_by_key(|v| v.width);
    }
    Outcome::Rendered {
        rendition: Rendition { variants },
        converted,
    }
}

fn variant(
    url: &str,
    width: u32,
    height: u32,
    name: &str,
    extension: &str,
    stored: cache::Stored,
) -> Variant {
    Variant {
        width,
        height,
        url: policy::variant_url(url, width, extension),
        file: format!("{name}.{extension}"),
        stored,
    }
}

/// The error about `problem`, on the Markdown line of `image`.
fn diagnostic(problem: &Problem, image: &ImageRef) -> Diagnostic {
    let file = image.source.display();
    let diagnostic = match problem {
        Problem::Read(err) => Diagnostic::error(
            "contenu.image-illisible",
            format!("lecture de l'image « {file} » impossible : {err}"),
        )
        .with_hint("vérifiez que le fichier est bien là et lisible."),
        Problem::NotAnImage => Diagnostic::error(
            "contenu.image-illisible",
            format!("« {file} » n'est pas une image JPEG, PNG ou GIF"),
        )
        .with_hint("ouvrez-la dans un logiciel d'images et enregistrez-la en JPEG (photo) ou en PNG (dessin, plan) : changer l'extension du nom ne suffit pas."),
        Problem::Unreadable(detail) => Diagnostic::error(
            "contenu.image-illisible",
            format!("l'image « {file} » est abîmée ou incomplète (détail technique : {detail})"),
        )
        .with_hint("ouvrez-la dans un logiciel d'images et enregistrez-la à nouveau ; si elle vient d'un courriel ou d'un téléchargement, récupérez-la encore une fois."),
        Problem::TooLarge { width, height } => Diagnostic::error(
            "contenu.image-trop-grande",
            format!(
                "l'image « {file} » est trop grande : {width} × {height} pixels, soit {} mégapixels (au plus {})",
                (u64::from(*width) * u64::from(*height)).div_ceil(1_000_000),
                policy::MAX_PIXELS / 1_000_000
            ),
        )
        .with_hint("réduisez-la avant de l'ajouter, par exemple à 2 400 pixels de large : le site n'en publie pas plus de 1 200."),
        Problem::Cache(err) => Diagnostic::error(
            "ecriture",
            format!("écriture dans le cache des images impossible pour « {file} » : {err}"),
        )
        .with_hint("vérifiez les droits d'écriture et la place libre sur le disque (dossier .usine/images du dossier de sortie)."),
    };
    located(diagnostic, image)
}

fn located(mut diagnostic: Diagnostic, image: &ImageRef) -> Diagnostic {
    diagnostic.location = Some(image.location.clone());
    diagnostic.source_line = Some(image.source_line.clone());
    diagnostic
}
