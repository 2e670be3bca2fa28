//! The spare generation: the site a publication replaced, kept to be written over by the next
//! build of the commune.
//!
//! Deleting a site of 1,000 pages and creating the next one file by file is most of the disk
//! work of a rebuild: with online discard (`mount -o discard`), every freed block is trimmed,
//! and ext4 without a journal scans past recently freed inodes at each new file. A page
//! written over in place, or left alone when its bytes did not change, costs neither.
//!
//! The spare is never published as it is: the build that takes it writes every file of the
//! new site into it and removes the rest ([`super::Staging::prune`]) before the atomic swap.
//! It only ever holds plain files and folders: anything else (a symbolic link, a file with
//! other hard links, such as an image variant shared with the cache) is removed when the
//! spare is taken, so that writing in place never reaches outside the spare.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Where the spare generation of `slug` is kept, under `OUT/.usine/`.
pub(crate) fn path(work: &Path, slug: &str) -> PathBuf {
    work.join(format!("spare-{slug}"))
}

/// Moves the spare generation of `slug` to `dir` (which must not exist) and returns its files,
/// relative to `dir`; `None` when there is no usable spare, `dir` not created then.
pub(super) fn take(work: &Path, slug: &str, dir: &Path) -> Option<HashSet<PathBuf>> {
    fs::rename(path(work, slug), dir).ok()?;
    let real_folder = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    let files = if real_folder {
        files_to_reuse(dir)
    } else {
        Err(not_reusable())
    };
    match files {
        Ok(files) => Some(files),
        Err(_) => {
            let _ = fs::remove_file(dir);
            let _ = fs::remove_dir_all(dir);
            None
        }
    }
}

/// Keeps the folder `dir` (a replaced site, an unpublished staging folder) as the spare
/// generation of `slug`, or deletes it if a spare is already there.
pub(super) fn keep(work: &Path, slug: &str, dir: &Path) {
    if fs::rename(dir, path(work, slug)).is_err() {
        let _ = fs::remove_dir_all(dir);
    }
}

/// The plain files under `dir` that have no other hard link; removes every other entry that
/// is not a folder.
fn files_to_reuse(dir: &Path) -> io::Result<HashSet<PathBuf>> {
    let mut files = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if kind.is_file() && entry.metadata()?.nlink() == 1 {
            let rel = entry.path().strip_prefix(dir).map_err(|_| not_reusable())?;
            files.insert(rel.to_path_buf());
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(files)
}

fn not_reusable() -> io::Error {
    io::Error::other("génération de réserve inutilisable")
}

/// Writes `bytes` over the plain file at `path`, in place; leaves it alone if it already
/// holds them. Fails on anything but a plain file with no other hard link, and then removes
/// what stood at `path`, for the caller to create a new file there.
pub(super) fn write_over(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let written = write_in_place(path, bytes);
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written
}

fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() || metadata.nlink() != 1 {
        return Err(not_reusable());
    }
    if metadata.len() == bytes.len() as u64 {
        let mut old = Vec::with_capacity(bytes.len());
        file.read_to_end(&mut old)?;
        if old == bytes {
            return Ok(());
        }
    }
    file.write_all_at(bytes, 0)?;
    file.set_len(bytes.len() as u64)
}

/// Clears what the old generation left in the way of a new file at `path` inside `dir`: a
/// folder at its place, a file at the place of one of its folders.
pub(super) fn clear_way(dir: &Path, path: &Path) {
    let Ok(rel) = path.strip_prefix(dir) else {
        return;
    };
    let mut at = dir.to_path_buf();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        at.push(part);
        let Ok(metadata) = fs::symlink_metadata(&at) else {
            return;
        };
        let last = parts.peek().is_none();
        if last && metadata.is_dir() {
            let _ = fs::remove_dir_all(&at);
        } else if !last && !metadata.is_dir() {
            let _ = fs::remove_file(&at);
            return;
        }
    }
}

/// Removes `files` (relative to `dir`) and the folders they leave empty. A file already gone,
/// or whose folder became a file, is no error.
pub(super) fn remove_stale(dir: &Path, files: HashSet<PathBuf>) -> io::Result<()> {
    for rel in files {
        let path = dir.join(&rel);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) => {}
            Err(err) => return Err(err),
        }
        let mut folder = path.parent();
        while let Some(at) = folder.filter(|at| *at != dir) {
            if fs::remove_dir(at).is_err() {
                break;
            }
            folder = at.parent();
        }
    }
    Ok(())
}
