//! SHA-256 content hashes of the files a build reads.
//!
//! Only contents count, never modification times: a fresh CI checkout gives every file a
//! new mtime, and a nightly run must still see that nothing changed.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// Lower-case hexadecimal SHA-256 of the file at `path`. Read whole: sources and media are
/// small, and one exact-size read costs less than zeroing a chunk buffer per file (46,000
/// files in the no-change benchmark).
pub(crate) fn file_sha256(path: &Path) -> io::Result<String> {
    Ok(hex(&Sha256::digest(fs::read(path)?)))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    out
}

/// One hash for a list of (path, hash) entries: a change of name, content, addition or
/// removal changes it.
pub(crate) fn combine<'a>(
    label: &str,
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(label.as_bytes());
    hasher.update(b"\n");
    for (path, hash) in entries {
        hasher.update(path.as_bytes());
        hasher.update(b"\0");
        hasher.update(hash.as_bytes());
        hasher.update(b"\n");
    }
    hex(&hasher.finalize())
}

/// The hashes of a folder, and the file-system identity of the files that had settled when
/// they were read (see [`tree_hashes`]).
#[derive(Debug, Default)]
pub(crate) struct Hashed {
    /// Relative path with `/` → SHA-256 (or `lien:<target>` for a symbolic link).
    pub(crate) files: BTreeMap<String, String>,
    /// Relative path → size, mtime, ctime and inode, for files whose hash can be reused
    /// while these do not change.
    pub(crate) stats: BTreeMap<String, String>,
    /// Files left to the build, which hashes what it reads ([`Hashed::complete`]): relative
    /// path with `/`, and as listed.
    deferred: Vec<(String, PathBuf)>,
}

impl Hashed {
    /// Hashes the deferred files: with the digest the build made of its own read, or by
    /// reading them now (the build failed before reading them).
    pub(crate) fn complete(
        mut self,
        root: &Path,
        read: &BTreeMap<PathBuf, [u8; 32]>,
    ) -> io::Result<Hashed> {
        for (rel, path) in std::mem::take(&mut self.deferred) {
            let sha256 = match read.get(&path) {
                Some(digest) => hex(digest),
                None => file_sha256(&root.join(&path))?,
            };
            self.files.insert(rel, sha256);
        }
        Ok(self)
    }
}

/// What a previous run recorded: hashes, and the stat data of settled files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Previous<'a> {
    pub(crate) files: &'a BTreeMap<String, String>,
    pub(crate) stats: &'a BTreeMap<String, String>,
}

/// A file whose times are this close to the start of hashing may change again within the
/// same clock tick, unseen: its stat data is not recorded and it is read again next time
/// (git's "racily clean" entries).
const SETTLE: Duration = Duration::from_secs(2);

/// The files modified or changed before this instant have settled (see [`SETTLE`]): taken
/// before anything reads them.
pub(crate) fn settled_before_now() -> SystemTime {
    SystemTime::now().checked_sub(SETTLE).unwrap_or(UNIX_EPOCH)
}

/// Every file below `root`, skipping hidden entries the way `load` does. A symbolic link is
/// recorded by its target, so changing it changes the hash (the build refuses links).
///
/// With `previous`, a file whose stat data (size, mtime, ctime, inode) is the one recorded
/// there is not read again: its recorded hash is reused. The ctime cannot be set by any
/// tool (`touch`, `tar` and `rsync -t` set the mtime only) and every write moves it, so a
/// changed file always has new stat data, and a fresh checkout is simply read in full.
pub(crate) fn tree_hashes(root: &Path, previous: Option<Previous<'_>>) -> io::Result<Hashed> {
    tree_hashes_leaving(root, previous, settled_before_now(), &|_| false)
}

/// [`tree_hashes`], but a file for which `defer` says yes (by its path relative to `root`)
/// is only listed: the build reads it and hashes what it read ([`Hashed::complete`]). Its
/// stat data is recorded only if it settled before `settled_before`, taken before the build
/// started, so a file changed after the build read it is read again next time.
pub(crate) fn tree_hashes_leaving(
    root: &Path,
    previous: Option<Previous<'_>>,
    settled_before: SystemTime,
    defer: &dyn Fn(&Path) -> bool,
) -> io::Result<Hashed> {
    let mut hashed = Hashed::default();
    // Files to read, hashed in parallel once the folder is listed.
    let mut to_read = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(io::Error::other)?;
        let Ok(rel_path) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel_path.to_string_lossy().replace('\\', "/");
        if entry.path_is_symlink() {
            let target = fs::read_link(entry.path())?;
            hashed
                .files
                .insert(rel, format!("lien:{}", target.display()));
        } else if entry.file_type().is_file() {
            // Stat before reading: a change in between leaves new stat data, read next time.
            let metadata = entry.metadata().map_err(io::Error::other)?;
            let stat = stat_key(&metadata);
            let reused = previous
                .zip(stat.as_ref())
                .filter(|(p, stat)| p.stats.get(&rel) == Some(*stat))
                .and_then(|(p, _)| p.files.get(&rel).cloned());
            if let Some(stat) = stat.filter(|_| settled(&metadata, settled_before)) {
                hashed.stats.insert(rel.clone(), stat);
            }
            match reused {
                Some(sha256) => {
                    hashed.files.insert(rel, sha256);
                }
                None if defer(rel_path) => hashed.deferred.push((rel, rel_path.to_path_buf())),
                None => to_read.push((rel, entry.into_path())),
            }
        }
    }
    let read: Vec<(String, String)> = to_read
        .into_par_iter()
        .map(|(rel, path)| Ok((rel, file_sha256(&path)?)))
        .collect::<io::Result<_>>()?;
    hashed.files.extend(read);
    Ok(hashed)
}

#[cfg(unix)]
fn stat_key(metadata: &fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    Some(format!(
        "{}:{}.{}:{}.{}:{}:{}",
        metadata.len(),
        metadata.mtime(),
        metadata.mtime_nsec(),
        metadata.ctime(),
        metadata.ctime_nsec(),
        metadata.ino(),
        metadata.dev()
    ))
}

#[cfg(not(unix))]
fn stat_key(_: &fs::Metadata) -> Option<String> {
    None
}

/// Modified and changed before `instant`.
#[cfg(unix)]
fn settled(metadata: &fs::Metadata, instant: SystemTime) -> bool {
    use std::os::unix::fs::MetadataExt;
    let limit = instant
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    metadata.mtime() < limit && metadata.ctime() < limit
}

#[cfg(not(unix))]
fn settled(_: &fs::Metadata, _: SystemTime) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferred_files_take_the_digest_of_what_the_build_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), "lu").unwrap();
        fs::write(dir.path().join("b.md"), "pas lu").unwrap();
        fs::write(dir.path().join("c.pdf"), "%PDF").unwrap();
        let defer = |rel: &Path| rel.extension().is_some_and(|e| e == "md");
        let listed = tree_hashes_leaving(dir.path(), None, settled_before_now(), &defer).unwrap();
        assert_eq!(listed.files.keys().collect::<Vec<_>>(), ["c.pdf"]);
        // The build read `a.md` before it changed on disk, and failed before reading `b.md`.
        fs::write(dir.path().join("a.md"), "changé depuis").unwrap();
        let read = [(PathBuf::from("a.md"), Sha256::digest("lu").into())].into();
        let hashed = listed.complete(dir.path(), &read).unwrap();
        assert_eq!(hashed.files["a.md"], hex(&Sha256::digest("lu")));
        assert_eq!(hashed.files["b.md"], hex(&Sha256::digest("pas lu")));
        assert_eq!(hashed.files.len(), 3);
    }

    #[test]
    fn sha256_of_a_known_text() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("abc"), "abc").unwrap();
        assert_eq!(
            file_sha256(&dir.path().join("abc")).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn tree_hashes_skip_hidden_files_and_follow_contents() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("contenu")).unwrap();
        fs::write(dir.path().join("contenu/a.md"), "un").unwrap();
        fs::write(dir.path().join(".cache"), "x").unwrap();
        let first = tree_hashes(dir.path(), None).unwrap();
        assert_eq!(first.files.keys().collect::<Vec<_>>(), ["contenu/a.md"]);
        fs::write(dir.path().join("contenu/a.md"), "deux").unwrap();
        let previous = Previous {
            files: &first.files,
            stats: &first.stats,
        };
        let second = tree_hashes(dir.path(), Some(previous)).unwrap();
        assert_ne!(first.files, second.files);
    }

    #[test]
    fn recorded_hashes_are_reused_only_for_identical_settled_files() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.md");
        fs::write(&page, "un").unwrap();
        // Just written: not settled, so no stat data is recorded and it is read again.
        let fresh = tree_hashes(dir.path(), None).unwrap();
        assert!(fresh.stats.is_empty());
        // A recorded entry with the file's current stat data and a (deliberately wrong) hash:
        // the hash is reused without reading the file...
        let stat = stat_key(&fs::symlink_metadata(&page).unwrap()).unwrap();
        let files = [("a.md".to_owned(), "recorded".to_owned())].into();
        let stats = [("a.md".to_owned(), stat)].into();
        let previous = Previous {
            files: &files,
            stats: &stats,
        };
        assert_eq!(
            tree_hashes(dir.path(), Some(previous)).unwrap().files["a.md"],
            "recorded"
        );
        // ...and rewriting the file, even with the same size, changes its ctime: read again.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&page, "UN").unwrap();
        let again = tree_hashes(dir.path(), Some(previous)).unwrap();
        assert_eq!(again.files["a.md"], file_sha256(&page).unwrap());
    }
}
