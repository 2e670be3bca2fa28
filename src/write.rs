//! Stage 7, write: output files → a staging folder → swapped in whole.
//!
//! A commune's site is written to `OUT/.usine/staging-<slug>-<pid>` and replaces `OUT/<slug>`
//! only once every file is written, by an atomic exchange of the two folders (Linux
//! `renameat2(RENAME_EXCHANGE)`). A build that fails or is killed at any moment leaves the
//! published site exactly as it was; leftovers of killed builds are removed by the next one.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Hidden folder of the output root where sites are prepared.
pub const WORK_DIR: &str = ".usine";

/// A site being written.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    published: bool,
}

impl Staging {
    /// Creates an empty staging folder for `slug` under `out_root`.
    pub fn create(out_root: &Path, slug: &str) -> io::Result<Staging> {
        let work = out_root.join(WORK_DIR);
        fs::create_dir_all(&work)?;
        remove_leftovers(&work, slug);
        let dir = work.join(format!("staging-{slug}-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: out_root.join(slug),
            published: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` inside the site.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    /// Copies the file `from` to `rel` inside the site; returns its size.
    pub fn copy(&self, from: &Path, rel: &Path) -> io::Result<u64> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, path)
    }

    /// Puts the cached file `from` at `rel` inside the site as a hard link (no copy: the
    /// cache and the sites share one file system, `OUT/`), or a copy where linking fails;
    /// returns its size. Only for files nobody edits in place: the build's own cache.
    pub fn link(&self, from: &Path, rel: &Path) -> io::Result<u64> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        match fs::hard_link(from, &path) {
            Ok(()) => Ok(fs::metadata(&path)?.len()),
            Err(_) => fs::copy(from, path),
        }
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

    /// Replaces the published site with this one.
    pub fn publish(mut self) -> io::Result<()> {
        if self.target.exists() {
            match exchange(&self.dir, &self.target) {
                // The staging path now holds the previous site.
                Ok(()) => {
                    let _ = fs::remove_dir_all(&self.dir);
                }
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
        let _ = fs::remove_dir_all(&old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Removes staging folders of `slug` left by builds that died, and puts back a site left
/// aside by an interrupted two-rename publication.
fn remove_leftovers(work: &Path, slug: &str) {
    let Ok(entries) = fs::read_dir(work) else {
        return;
    };
    let prefix = format!("staging-{slug}-");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix(&prefix) {
            let alive = pid.parse::<u32>().is_ok_and(|pid| {
                pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
            });
            if !alive {
                let _ = fs::remove_dir_all(entry.path());
            }
        } else if name == format!("old-{slug}") {
            let target = work.parent().map(|p| p.join(slug));
            match target {
                Some(target) if !target.exists() => {
                    let _ = fs::rename(entry.path(), target);
                }
                _ => {
                    let _ = fs::remove_dir_all(entry.path());
                }
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
        let leftovers: Vec<_> = fs::read_dir(out.path().join(WORK_DIR)).unwrap().collect();
        assert!(leftovers.is_empty());
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
