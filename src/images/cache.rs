//! The variants already made, by content: a variant's name is the SHA-256 of its source's
//! bytes, its width and a digest of the encoding parameters ([`super::policy::Kind::parameters`]),
//! so a source renamed, moved or used by several communes is converted once, and a changed
//! source or policy never reuses a stale variant.
//!
//! `usine build` keeps them in `OUT/.usine/images/` beside the incremental manifests: never
//! published (sites are `OUT/<commune>/`), untouched by the staging swap, and carried from
//! one nightly run to the next with the rest of `OUT/.usine/`. A file is written under a
//! temporary name then renamed, so communes built in parallel, or a killed build, never leave
//! a half-written variant under its final name. `usine serve` keeps them in memory.
//!
//! Published sites hold hard links to the variants, so a variant whose link count is 1 is
//! used by no published site. [`Store::prune`] removes those left unused for
//! [`UNUSED_GRACE`] at the end of each `usine build`: the cache does not grow with every
//! image ever replaced, and a variant just saved by a build running beside this one, or an
//! image put back a few days after its removal, is never re-converted.
//!
//! Several runs may share one cache (two builds into one `OUT`, `usine check` jobs sharing
//! the user's cache). Each run holds a shared lock on a file beside the folder
//! (`images.verrou`, so that the folder holds variants only) while it uses the cache
//! ([`Store::share`]); pruning takes it exclusively, without waiting: while another run is
//! using the cache, it is not pruned, so no variant goes between the moment a build finds it
//! and the moment it links it into a site.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::write::WORK_DIR;

/// Folder of the variants, inside the output's work folder.
pub const CACHE_DIR: &str = "images";

/// The extension of the file beside the cache folder that runs lock (see the module
/// documentation): `images.verrou`.
const LOCK_EXTENSION: &str = "verrou";

/// How long a variant used by no published site stays in the cache.
pub const UNUSED_GRACE: Duration = Duration::from_secs(7 * 24 * 3600);

/// What [`Store::prune`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pruned {
    pub files: u64,
    pub bytes: u64,
}

/// Where a variant's bytes are.
#[derive(Clone, PartialEq, Eq)]
pub enum Stored {
    /// A file of the cache folder.
    File(PathBuf),
    /// In memory (`usine serve`).
    Bytes(Arc<[u8]>),
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stored::File(path) => write!(f, "File({})", path.display()),
            Stored::Bytes(bytes) => write!(f, "Bytes({} octets)", bytes.len()),
        }
    }
}

/// The variants made so far.
#[derive(Debug)]
pub struct Store {
    place: Place,
    /// The lock file, held shared while this run uses a folder cache ([`Store::share`]).
    lock: Mutex<Option<fs::File>>,
}

#[derive(Debug)]
enum Place {
    Folder(PathBuf),
    Memory(Mutex<HashMap<String, Arc<[u8]>>>),
}

impl Store {
    /// The cache of builds into `out_dir`: `OUT/.usine/images/`.
    pub fn in_output(out_dir: &Path) -> Store {
        Store::in_folder(out_dir.join(WORK_DIR).join(CACHE_DIR))
    }

    /// A cache in `dir`, which may be shared by several output folders.
    pub fn in_folder(dir: PathBuf) -> Store {
        Store {
            place: Place::Folder(dir),
            lock: Mutex::default(),
        }
    }

    /// A cache that lives as long as the value (the preview).
    pub fn in_memory() -> Store {
        Store {
            place: Place::Memory(Mutex::default()),
            lock: Mutex::default(),
        }
    }

    /// The variant stored under `name` with one of `extensions`, if there is one.
    pub fn find(&self, name: &str, extensions: &[&'static str]) -> Option<(Stored, &'static str)> {
        extensions.iter().find_map(|&extension| {
            let file = format!("{name}.{extension}");
            let stored = match &self.place {
                Place::Folder(dir) => {
                    let path = dir.join(&file);
                    path.is_file().then_some(Stored::File(path))
                }
                Place::Memory(map) => lock(map).get(&file).cloned().map(Stored::Bytes),
            };
            stored.map(|stored| (stored, extension))
        })
    }

    /// Stores `bytes` as `name.extension`.
    pub fn save(&self, name: &str, extension: &str, bytes: Vec<u8>) -> io::Result<Stored> {
        let file = format!("{name}.{extension}");
        match &self.place {
            Place::Folder(dir) => {
                fs::create_dir_all(dir)?;
                let path = dir.join(&file);
                write_atomically(&path, &bytes)?;
                Ok(Stored::File(path))
            }
            Place::Memory(map) => {
                let bytes: Arc<[u8]> = Arc::from(bytes);
                lock(map).insert(file, Arc::clone(&bytes));
                Ok(Stored::Bytes(bytes))
            }
        }
    }

    /// Marks the folder cache as used by this run until the store is dropped: no other run
    /// prunes it meanwhile. Waits while another run prunes it. Without a usable lock file
    /// (a read-only cache), the run goes on unmarked.
    pub fn share(&self) {
        let Place::Folder(dir) = &self.place else {
            return;
        };
        let file = fs::create_dir_all(dir).and_then(|()| open_lock(dir));
        let Ok(file) = file else {
            return;
        };
        if rustix::fs::flock(&file, rustix::fs::FlockOperation::LockShared).is_ok() {
            *lock(&self.lock) = Some(file);
        }
    }

    /// Removes the variants of the folder cache that no published site links to and that
    /// are older than `grace`, and the temporary files of killed builds as old. A variant
    /// copied into a site where hard links are impossible is only kept `grace` after its
    /// conversion: at worst it is converted again. Nothing goes while another run uses the
    /// cache ([`Store::share`]): the next run prunes it.
    pub fn prune(&self, grace: Duration, now: SystemTime) -> Pruned {
        use std::os::unix::fs::MetadataExt;
        let mut pruned = Pruned::default();
        let Place::Folder(dir) = &self.place else {
            return pruned;
        };
        // This run's own lock turns exclusive (a second one of this process would conflict
        // with it); without waiting, and whatever happens, this run is done with the cache.
        let held = lock(&self.lock).take();
        let Some(file) = held.or_else(|| open_lock(dir).ok()) else {
            return pruned;
        };
        let exclusive = rustix::fs::FlockOperation::NonBlockingLockExclusive;
        if rustix::fs::flock(&file, exclusive).is_err() {
            return pruned;
        }
        let Ok(entries) = fs::read_dir(dir) else {
            return pruned;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            let old = meta
                .modified()
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age >= grace);
            if meta.is_file() && meta.nlink() == 1 && old && fs::remove_file(entry.path()).is_ok() {
                pruned.files += 1;
                pruned.bytes += meta.len();
            }
        }
        pruned
    }

    /// Forgets the variants in memory that the latest build did not use (`usine serve`, so
    /// replaced images do not pile up); the folder cache keeps everything.
    pub fn keep_only(&self, used: &HashSet<String>) {
        if let Place::Memory(map) = &self.place {
            lock(map).retain(|file, _| used.contains(file));
        }
    }
}

/// The name of the variant `width` pixels wide of the source whose SHA-256 is `source`.
#[cfg(feature = "images")]
pub(super) fn variant_name(source: &str, kind: super::policy::Kind, width: u32) -> String {
    let parameters = sha256(kind.parameters().as_bytes());
    format!("{source}-{width}-{}", &parameters[..12])
}

/// Lower-case hexadecimal SHA-256 of `bytes`.
#[cfg(feature = "images")]
pub(super) fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::incremental::hex(&Sha256::digest(bytes))
}

/// Opens (creating it) the lock file of the cache folder `dir`, beside it.
fn open_lock(dir: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.with_extension(LOCK_EXTENSION))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes `path` through a temporary file of the same folder and a rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let temporary = path.with_extension(format!(
        "tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = fs::File::create(&temporary).and_then(|mut file| file.write_all(bytes));
    match written.and_then(|()| fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(err) => {
            let _ = fs::remove_file(&temporary);
            Err(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "images")]
    use crate::images::policy::Kind;

    #[test]
    #[cfg(feature = "images")]
    fn names_change_with_source_width_and_parameters() {
        const SOURCE: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let name = variant_name(SOURCE, Kind::Photo, 800);
        assert!(name.starts_with(&format!("{SOURCE}-800-")), "{name}");
        assert_eq!(name, variant_name(SOURCE, Kind::Photo, 800));
        assert_ne!(name, variant_name(SOURCE, Kind::Photo, 480));
        assert_ne!(name, variant_name(SOURCE, Kind::Graphic, 800));
        assert_ne!(name, variant_name(&sha256(b"autre"), Kind::Photo, 800));
        assert_eq!(sha256(b"abc"), SOURCE);
    }

    #[test]
    fn a_folder_store_finds_what_it_saved_under_either_extension() {
        let out = tempfile::tempdir().unwrap();
        let store = Store::in_output(out.path());
        assert_eq!(store.find("a-480-x", &["webp", "png"]), None);
        let saved = store.save("a-480-x", "png", b"png".to_vec()).unwrap();
        let path = out.path().join(".usine/images/a-480-x.png");
        assert_eq!(saved, Stored::File(path.clone()));
        assert_eq!(
            store.find("a-480-x", &["webp", "png"]),
            Some((Stored::File(path.clone()), "png"))
        );
        assert_eq!(fs::read(&path).unwrap(), b"png");
        // Nothing but the variant is left in the folder.
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn pruning_removes_only_old_variants_no_site_links_to() {
        let out = tempfile::tempdir().unwrap();
        let store = Store::in_output(out.path());
        for name in ["publiee", "inutilisee", "recente"] {
            store.save(name, "jpg", name.as_bytes().to_vec()).unwrap();
        }
        let cache = out.path().join(".usine/images");
        fs::hard_link(cache.join("publiee.jpg"), out.path().join("site.jpg")).unwrap();
        let later = SystemTime::now() + UNUSED_GRACE + Duration::from_secs(60);
        // "recente" was converted an hour before: still within its grace.
        let recent = fs::File::options()
            .write(true)
            .open(cache.join("recente.jpg"))
            .unwrap();
        recent
            .set_modified(later - Duration::from_secs(3600))
            .unwrap();

        let pruned = store.prune(UNUSED_GRACE, later);

        assert_eq!(
            pruned,
            Pruned {
                files: 1,
                bytes: 10
            }
        );
        assert!(!cache.join("inutilisee.jpg").exists());
        assert!(cache.join("publiee.jpg").exists() && cache.join("recente.jpg").exists());
        assert_eq!(fs::read(out.path().join("site.jpg")).unwrap(), b"publiee");
        // Nothing is old yet: nothing goes.
        assert_eq!(
            store.prune(UNUSED_GRACE, SystemTime::now()),
            Pruned::default()
        );
    }

    #[test]
    fn a_cache_another_run_uses_is_not_pruned() {
        let out = tempfile::tempdir().unwrap();
        let (this, other) = (Store::in_output(out.path()), Store::in_output(out.path()));
        this.share();
        other.share();
        this.save("inutilisee", "jpg", b"x".to_vec()).unwrap();
        let later = SystemTime::now() + UNUSED_GRACE + Duration::from_secs(60);
        assert_eq!(this.prune(UNUSED_GRACE, later), Pruned::default());
        let cache = out.path().join(".usine/images");
        assert!(cache.join("inutilisee.jpg").exists());
        // The other run ends: the next prune goes ahead. The lock file is beside the cache.
        drop(other);
        assert_eq!(this.prune(UNUSED_GRACE, later).files, 1);
        assert!(!cache.join("inutilisee.jpg").exists());
        assert!(out.path().join(".usine/images.verrou").is_file());
    }

    #[test]
    fn a_memory_store_forgets_what_the_last_build_did_not_use() {
        let store = Store::in_memory();
        store.save("a", "jpg", b"a".to_vec()).unwrap();
        store.save("b", "jpg", b"b".to_vec()).unwrap();
        store.keep_only(&HashSet::from(["b.jpg".to_owned()]));
        assert_eq!(store.find("a", &["jpg"]), None);
        assert!(matches!(
            store.find("b", &["jpg"]),
            Some((Stored::Bytes(bytes), "jpg")) if &*bytes == b"b"
        ));
    }
}
