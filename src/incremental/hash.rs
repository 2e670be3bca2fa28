//! SHA-256 content hashes of the files a build reads.
//!
//! Only contents count, never modification times: a fresh CI checkout gives every file a
//! new mtime, and a nightly run must still see that nothing changed.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;
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

/// Every file below `root`, skipping hidden entries the way `load` does. A symbolic link is
/// recorded by its target, so changing it changes the hash (the build refuses links).
///
/// With `previous`, a file whose stat data (size, mtime, ctime, inode) is the one recorded
/// there is not read again: its recorded hash is reused. The ctime cannot be set by any
/// tool (`touch`, `tar` and `rsync -t` set the mtime only) and every write moves it, so a
/// changed file always has new stat data, and a fresh checkout is simply read in full.
pub(crate) fn tree_hashes(root: &Path, previous: Option<Previous<'_>>) -> io::Result<Hashed> {
    let settled_before = SystemTime::now().checked_sub(SETTLE).unwrap_or(UNIX_EPOCH);
    let mut hashed = Hashed::default();
    // Files to read, hashed in parallel once the folder is listed.
    let mut to_read = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(io::Error::other)?;
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
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
