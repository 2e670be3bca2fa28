//! Sites of communes removed from the communes folder.
//!
//! A commune whose folder is gone keeps its published site: unpublishing is never the build's
//! decision (a wrong `--communes` would take the whole metropole offline). Each run names
//! such sites instead. Once someone deletes a site's folder, the run also deletes what the
//! build kept for that commune in `OUT/.usine/`: its spare generation, its manifest and its
//! sobriety report.

use std::fs;
use std::path::Path;

use crate::incremental::{MANIFEST_DIR, manifest_path};
use crate::sobriety::{REPORT_DIR, report_path};
use crate::write::{WORK_DIR, spare_path};

/// The sites under `out_dir` that this tool published for a commune not in `communes`,
/// sorted; forgets the removed communes whose site folder was deleted.
pub(crate) fn sites_without_commune(out_dir: &Path, communes: &[String]) -> Vec<String> {
    let mut sites = Vec::new();
    for slug in published_slugs(out_dir) {
        if communes.contains(&slug) {
            continue;
        }
        if out_dir.join(&slug).is_dir() {
            sites.push(slug);
        } else {
            forget(out_dir, &slug);
        }
    }
    sites
}

/// The communes the build keeps something for in `OUT/.usine/`: a manifest, a sobriety
/// report or a spare generation. A folder of `OUT/` without any is not a site of ours.
fn published_slugs(out_dir: &Path) -> std::collections::BTreeSet<String> {
    let work = out_dir.join(WORK_DIR);
    let json = |dir: &Path| {
        let names = dir_names(dir).into_iter();
        names.filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
    };
    let spares = dir_names(&work)
        .into_iter()
        .filter_map(|n| n.strip_prefix("spare-").map(str::to_owned));
    json(&work.join(MANIFEST_DIR))
        .chain(json(&work.join(REPORT_DIR)))
        .chain(spares)
        .filter(|slug| is_slug(slug))
        .collect()
}

fn dir_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let names = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned());
    names.collect()
}

/// A commune folder's name as the build accepts it: never `..` nor a path.
fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Deletes what the build kept for `slug`, whose site is no longer published.
fn forget(out_dir: &Path, slug: &str) {
    let _ = fs::remove_dir_all(spare_path(&out_dir.join(WORK_DIR), slug));
    let _ = fs::remove_file(manifest_path(out_dir, slug));
    let _ = fs::remove_file(report_path(out_dir, slug));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_sites_without_commune_are_named_and_deleted_ones_forgotten() {
        let out = tempfile::tempdir().unwrap();
        let out = out.path();
        let work = out.join(WORK_DIR);
        fs::create_dir_all(work.join(REPORT_DIR)).unwrap();
        fs::create_dir_all(work.join(MANIFEST_DIR)).unwrap();
        for slug in ["ville", "partie", "supprimee"] {
            fs::write(report_path(out, slug), "{}").unwrap();
        }
        fs::write(manifest_path(out, "supprimee"), "{}").unwrap();
        fs::create_dir_all(spare_path(&work, "supprimee")).unwrap();
        // `ville` is still a commune; the build published `partie`, not `autre`.
        for site in ["ville", "partie", "autre"] {
            fs::create_dir_all(out.join(site)).unwrap();
        }
        fs::write(report_path(out, "..").with_file_name("...json"), "{}").unwrap();
        let communes = ["ville".to_owned()];
        assert_eq!(sites_without_commune(out, &communes), ["partie"]);
        // The site of `supprimee` was deleted: what the build kept for it is gone too.
        assert!(!spare_path(&work, "supprimee").exists());
        assert!(!manifest_path(out, "supprimee").exists());
        assert!(!report_path(out, "supprimee").exists());
        assert!(report_path(out, "partie").exists());
        assert!(out.join("partie").is_dir());
    }
}
