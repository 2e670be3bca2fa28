//! Stage 7, write: output files → a staging folder → swapped in whole.
//!
//! A commune's site is written to `OUT/.usine/staging-<slug>-<pid>` and replaces `OUT/<slug>`
//! only once every file is written, by an atomic exchange of the two folders (Linux
//! `renameat2(RENAME_EXCHANGE)`). A build that fails or is killed at any moment leaves the
//! published site exactly as it was; leftovers of killed builds are taken up by the next one.
//!
//! The replaced site is not deleted: it becomes the commune's [`spare`] generation, the
//! staging folder of its next build, which writes its pages over the old files in place
//! (copies and hard links are made anew) and removes the files the new site no longer has.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

mod spare;

pub(crate) use spare::path as spare_path;

/// Hidden folder of the output root where sites are prepared.
pub const WORK_DIR: &str = ".usine";

/// A site being written.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    work: PathBuf,
    slug: String,
    /// The staging folder is a recycled generation (see [`spare`]).
    recycled: bool,
    /// Files of the recycled generation this build has not written (yet): removed before
    /// publication.
    stale: Mutex<HashSet<PathBuf>>,
    published: bool,
}

impl Staging {
    /// Creates the staging folder for `slug` under `out_root`: the commune's spare
    /// generation if it has one, else an empty folder.
    pub fn create(out_root: &Path, slug: &str) -> io::Result<Staging> {
        let work = out_root.join(WORK_DIR);
        fs::create_dir_all(&work)?;
        remove_leftovers(&work, slug);
        let dir = work.join(format!("staging-{slug}-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        let stale = spare::take(&work, slug, &dir);
        if stale.is_none() {
            fs::create_dir_all(&dir)?;
        }
        Ok(Staging {
            dir,
            target: out_root.join(slug),
            work,
            slug: slug.to_owned(),
            recycled: stale.is_some(),
            stale: Mutex::new(stale.unwrap_or_default()),
            published: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` inside the site.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if self.take_stale(rel) && spare::write_over(&path, bytes).is_ok() {
            return Ok(());
        }
        self.create_file(&path, |path| fs::write(path, bytes))
    }

    /// Copies the file `from` to `rel` inside the site; returns its size.
    ///
    /// A new file, even over the recycled generation: writing over the old one in place would
    /// read both whole into memory, and copied files are the commune's documents and media,
    /// the largest of a site. `fs::copy` streams them.
    pub fn copy(&self, from: &Path, rel: &Path) -> io::Result<u64> {
        let path = self.path_of(rel)?;
        self.clear_stale(rel, &path);
        self.create_file(&path, |path| fs::copy(from, path))
    }

    /// Puts the cached file `from` at `rel` inside the site as a hard link (no copy: the
    /// cache and the sites share one file system, `OUT/`), or a copy where linking fails;
    /// returns its size. Only for files nobody edits in place: the build's own cache.
    pub fn link(&self, from: &Path, rel: &Path) -> io::Result<u64> {
        let path = self.path_of(rel)?;
        self.clear_stale(rel, &path);
        match self.create_file(&path, |path| fs::hard_link(from, path)) {
            Ok(()) => Ok(fs::metadata(&path)?.len()),
            Err(_) => self.create_file(&path, |path| fs::copy(from, path)),
        }
    }

    /// `rel` is a file of the recycled generation not written yet: this build writes it now.
    fn take_stale(&self, rel: &Path) -> bool {
        // A new staging folder has none: no lock for each of its files.
        self.recycled
            && self
                .stale
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(rel)
    }

    /// Removes the file of the recycled generation at `rel` (`path`), if any, for a new one.
    fn clear_stale(&self, rel: &Path, path: &Path) {
        if self.take_stale(rel) {
            let _ = fs::remove_file(path);
        }
    }

    /// Makes a new file at `path` with `make`, creating its folders; in a recycled
    /// generation, clears what stands in the way (a folder where a file goes, or the
    /// reverse) and tries again.
    fn create_file<T>(&self, path: &Path, make: impl Fn(&Path) -> io::Result<T>) -> io::Result<T> {
        let attempt = || {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            make(path)
        };
        match attempt() {
            Err(_) if self.recycled => {
                spare::clear_way(&self.dir, path);
                attempt()
            }
            result => result,
        }
    }

    /// Removes the files of the recycled generation this build did not write, so that the
    /// staging folder holds the new site only. Before anything else writes into the folder
    /// without going through [`Staging`] (the search index); [`Staging::publish`] does it too.
    pub fn prune(&self) -> io::Result<()> {
        let stale = std::mem::take(&mut *self.stale.lock().unwrap_or_else(PoisonError::into_inner));
        spare::remove_stale(&self.dir, stale)
    }

    fn path_of(&self, rel: &Path) -> io::Result<PathBuf> {
        if rel.components().all(|c| matches!(c, Component::Normal(_))) {
            Ok(self.dir.join(rel))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("chemin de sortie refusé : {}", rel.display()),
            ))
        }
    }

    /// Replaces the published site with this one; the previous one becomes the spare
    /// generation.
    pub fn publish(mut self) -> io::Result<()> {
        self.prune()?;
        if self.target.exists() {
            match exchange(&self.dir, &self.target) {
                // The staging path now holds the previous site.
                Ok(()) => spare::keep(&self.work, &self.slug, &self.dir),
                Err(_) => self.publish_by_two_renames()?,
            }
        } else {
            fs::rename(&self.dir, &self.target)?;
        }
        self.published = true;
        Ok(())
    }

    /// Fallback where the file system cannot exchange folders: a short window without the
    /// site, recovered by [`remove_leftovers`] if the process dies inside it.
    fn publish_by_two_renames(&self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            "old-{}",
            self.target
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        fs::rename(&self.target, &old)?;
        if let Err(err) = fs::rename(&self.dir, &self.target) {
            fs::rename(&old, &self.target)?;
            return Err(err);
        }
        spare::keep(&self.work, &self.slug, &old);
        Ok(())
    }
}

impl Drop for Staging {
    /// An unpublished site is kept as the spare generation: the next build writes over it.
    fn drop(&mut self) {
        if !self.published {
            spare::keep(&self.work, &self.slug, &self.dir);
        }
    }
}

fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Keeps (as the spare generation) or removes staging folders of `slug` left by builds that
/// died, and puts back a site left aside by an interrupted two-rename publication.
fn remove_leftovers(work: &Path, slug: &str) {
    let Ok(entries) = fs::read_dir(work) else {
        return;
    };
    let prefix = format!("staging-{slug}-");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // `staging-vern-sur-seiche-…` is not a folder of `vern`: only a number may follow.
        let pid = name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            let alive = pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists();
            if !alive {
                spare::keep(work, slug, &entry.path());
            }
        } else if name == format!("old-{slug}") {
            let target = work.parent().map(|p| p.join(slug));
            match target {
                Some(target) if !target.exists() => {
                    let _ = fs::rename(entry.path(), target);
                }
                _ => spare::keep(work, slug, &entry.path()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_replaces_the_site_whole() {
        let out = tempfile::tempdir().unwrap();
        let first = Staging::create(out.path(), "ville").unwrap();
        first.write(Path::new("index.html"), b"v1").unwrap();
        first.write(Path::new("vieux/index.html"), b"old").unwrap();
        first.publish().unwrap();
        let second = Staging::create(out.path(), "ville").unwrap();
        second.write(Path::new("index.html"), b"v2").unwrap();
        second.publish().unwrap();
        assert_eq!(
            fs::read(out.path().join("ville/index.html")).unwrap(),
            b"v2"
        );
        assert!(!out.path().join("ville/vieux").exists());
        // The replaced site is kept for the next build, and nothing else.
        assert_eq!(work_entries(out.path()), ["spare-ville"]);
    }

    fn work_entries(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(out.join(WORK_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Publishes a site of `files` for `ville`.
    fn publish(out: &Path, files: &[(&str, &[u8])]) {
        let staging = Staging::create(out, "ville").unwrap();
        for (rel, bytes) in files {
            staging.write(Path::new(rel), bytes).unwrap();
        }
        staging.publish().unwrap();
    }

    /// Every file of `dir`, relative, with its bytes.
    fn site_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                (rel, fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_recycled_generation_holds_the_new_site_only() {
        let out = tempfile::tempdir().unwrap();
        let out = out.path();
        publish(out, &[("index.html", b"v1"), ("a/index.html", b"a1")]);
        publish(out, &[("index.html", b"v2"), ("b/index.html", b"b2")]);
        // The third build writes over the first site: same bytes, other bytes, shorter
        // bytes, a new file, a folder turned into a file; `b/` (only in the second) and
        // `a/index.html` are gone.
        let staging = Staging::create(out, "ville").unwrap();
        assert!(staging.recycled);
        staging.write(Path::new("index.html"), b"v1").unwrap();
        staging.write(Path::new("c/index.html"), b"c3").unwrap();
        staging.write(Path::new("a"), b"file").unwrap();
        staging.publish().unwrap();
        let expected = [("a", "file"), ("c/index.html", "c3"), ("index.html", "v1")]
            .map(|(rel, bytes)| (rel.to_owned(), bytes.as_bytes().to_vec()));
        assert_eq!(site_files(&out.join("ville")), expected);
        // The second site is the spare now, whole.
        let second = [("b/index.html", "b2"), ("index.html", "v2")]
            .map(|(rel, bytes)| (rel.to_owned(), bytes.as_bytes().to_vec()));
        assert_eq!(site_files(&out.join(WORK_DIR).join("spare-ville")), second);
        // And the next build writes a shorter page over it, and a file where a folder was.
        publish(out, &[("index.html", b"4"), ("b", b"b4")]);
        let fourth = [("b", "b4"), ("index.html", "4")]
            .map(|(rel, bytes)| (rel.to_owned(), bytes.as_bytes().to_vec()));
        assert_eq!(site_files(&out.join("ville")), fourth);
    }

    #[test]
    fn a_copy_over_the_recycled_generation_is_a_new_file() {
        let out = tempfile::tempdir().unwrap();
        let out = out.path();
        let document = out.join("document.pdf");
        fs::write(&document, b"pdf v1").unwrap();
        publish(out, &[("doc.pdf", b"old"), ("index.html", b"v1")]);
        publish(out, &[("index.html", b"v2")]);
        let staging = Staging::create(out, "ville").unwrap();
        assert!(staging.recycled);
        assert_eq!(staging.copy(&document, Path::new("doc.pdf")).unwrap(), 6);
        staging.write(Path::new("index.html"), b"v3").unwrap();
        staging.publish().unwrap();
        let expected = [("doc.pdf", "pdf v1"), ("index.html", "v3")]
            .map(|(rel, bytes)| (rel.to_owned(), bytes.as_bytes().to_vec()));
        assert_eq!(site_files(&out.join("ville")), expected);
        assert_eq!(fs::read(&document).unwrap(), b"pdf v1");
    }

    #[test]
    fn writing_over_a_spare_never_reaches_outside_it() {
        let out = tempfile::tempdir().unwrap();
        let out = out.path();
        let cached = out.join("variante.jpg");
        let secret = out.join("secret.txt");
        fs::write(&cached, b"jpeg").unwrap();
        fs::write(&secret, b"secret").unwrap();
        let first = Staging::create(out, "ville").unwrap();
        first.link(&cached, Path::new("photo.jpg")).unwrap();
        first.publish().unwrap();
        publish(out, &[("index.html", b"v2")]);
        // The spare holds the first site: a hard link to the cache, and a planted symbolic
        // link to a file outside.
        let spare = out.join(WORK_DIR).join("spare-ville");
        std::os::unix::fs::symlink(&secret, spare.join("lien.html")).unwrap();
        std::os::unix::fs::symlink(out, spare.join("dossier")).unwrap();
        let staging = Staging::create(out, "ville").unwrap();
        staging.write(Path::new("photo.jpg"), b"autre").unwrap();
        staging.write(Path::new("lien.html"), b"page").unwrap();
        staging
            .write(Path::new("dossier/secret.txt"), b"page")
            .unwrap();
        staging.publish().unwrap();
        assert_eq!(fs::read(&cached).unwrap(), b"jpeg");
        assert_eq!(fs::read(&secret).unwrap(), b"secret");
        let site = out.join("ville");
        assert_eq!(fs::read(site.join("photo.jpg")).unwrap(), b"autre");
        assert!(fs::symlink_metadata(site.join("dossier")).unwrap().is_dir());
    }

    #[test]
    fn a_failed_build_leaves_a_spare_the_next_one_cleans() {
        let out = tempfile::tempdir().unwrap();
        let out = out.path();
        publish(out, &[("index.html", b"v1")]);
        let failed = Staging::create(out, "ville").unwrap();
        failed
            .write(Path::new("moitie/index.html"), b"half")
            .unwrap();
        drop(failed);
        assert_eq!(work_entries(out), ["spare-ville"]);
        publish(out, &[("index.html", b"v3")]);
        let expected = vec![("index.html".to_owned(), b"v3".to_vec())];
        assert_eq!(site_files(&out.join("ville")), expected);
    }

    #[test]
    fn leftovers_of_a_longer_slug_are_not_taken() {
        let out = tempfile::tempdir().unwrap();
        let work = out.path().join(WORK_DIR);
        // A dead build of `vern`, and one of `vern-sur-seiche` (pid 1 is alive, never ours).
        fs::create_dir_all(work.join("staging-vern-4000000000")).unwrap();
        fs::create_dir_all(work.join("staging-vern-sur-seiche-1")).unwrap();
        let staging = Staging::create(out.path(), "vern").unwrap();
        drop(staging);
        assert_eq!(
            work_entries(out.path()),
            ["spare-vern", "staging-vern-sur-seiche-1"]
        );
    }

    #[test]
    fn dropped_staging_leaves_the_site_alone() {
        let out = tempfile::tempdir().unwrap();
        let first = Staging::create(out.path(), "ville").unwrap();
        first.write(Path::new("index.html"), b"v1").unwrap();
        first.publish().unwrap();
        let failed = Staging::create(out.path(), "ville").unwrap();
        failed.write(Path::new("index.html"), b"half").unwrap();
        drop(failed);
        assert_eq!(
            fs::read(out.path().join("ville/index.html")).unwrap(),
            b"v1"
        );
    }

    #[test]
    fn linked_files_share_the_cached_bytes() {
        let out = tempfile::tempdir().unwrap();
        let cached = out.path().join("variante.jpg");
        fs::write(&cached, b"jpeg").unwrap();
        let staging = Staging::create(out.path(), "ville").unwrap();
        assert_eq!(
            staging
                .link(&cached, Path::new("a/photo-480w.jpg"))
                .unwrap(),
            4
        );
        staging.publish().unwrap();
        assert_eq!(
            fs::read(out.path().join("ville/a/photo-480w.jpg")).unwrap(),
            b"jpeg"
        );
        assert_eq!(fs::read(&cached).unwrap(), b"jpeg");
    }

    #[test]
    fn refuses_paths_leaving_the_site() {
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::create(out.path(), "ville").unwrap();
        assert!(staging.write(Path::new("../evil.html"), b"x").is_err());
    }
}
