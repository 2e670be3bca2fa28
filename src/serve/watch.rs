//! Watching the files a commune's site is made from: its folder (with `commune.toml`), the
//! theme and `_metropole.toml`.
//!
//! The watcher only says *that* something changed: a rebuild reads every source again (see
//! `rebuild`), so a missed or reordered event can cost a reload, never a stale page. Events
//! the build itself causes (it opens and reads files) and hidden files (editors' swap files,
//! which the build ignores too) do not count.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};

use crate::diagnostic::Diagnostic;
use crate::fleet::METROPOLE_FILE;

/// Quiet time before a batch of events is handed over: one save often makes several
/// (write to a temporary file, rename, change of attributes).
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The watched paths, made absolute like the paths in events.
#[derive(Debug, Clone)]
pub(crate) struct Roots {
    communes: PathBuf,
    commune: PathBuf,
    theme: PathBuf,
}

impl Roots {
    pub(crate) fn new(communes_dir: &Path, slug: &str, theme: &Path) -> Result<Roots, Diagnostic> {
        let absolute = |path: &Path| {
            path.canonicalize().map_err(|err| {
                Diagnostic::error(
                    "apercu.surveillance",
                    format!("dossier introuvable : {err}"),
                )
                .in_file(&path.display().to_string())
            })
        };
        let communes = absolute(communes_dir)?;
        Ok(Roots {
            commune: communes.join(slug),
            communes,
            theme: absolute(theme)?,
        })
    }

    /// Whether a change at `path` can change the site.
    pub(crate) fn concerns(&self, path: &Path) -> bool {
        if let Ok(inside) = path.strip_prefix(&self.commune) {
            // `load` skips hidden files and folders at any depth.
            return !inside
                .components()
                .any(|c| c.as_os_str().to_str().is_some_and(|n| n.starts_with('.')));
        }
        path.starts_with(&self.theme) || path == self.communes.join(METROPOLE_FILE)
    }
}

/// Changes since the last call, from a watcher running in the background.
pub(crate) struct Changes {
    // Dropping the debouncer stops the watch.
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    receiver: Receiver<DebounceEventResult>,
    roots: Roots,
}

impl Changes {
    /// Blocks until a change concerns the site, then swallows those already queued behind it
    /// (one rebuild for them all). `None` when the watcher has stopped.
    pub(crate) fn wait(&self) -> Option<()> {
        loop {
            let batch = self.receiver.recv().ok()?;
            if self.concerns(&batch) {
                break;
            }
        }
        while self.receiver.try_recv().is_ok() {}
        Some(())
    }

    fn concerns(&self, batch: &DebounceEventResult) -> bool {
        match batch {
            Ok(events) => events.iter().any(|event| self.event_concerns(event)),
            // Lost events (queue overflow...): rebuild, to be sure.
            Err(_) => true,
        }
    }

    fn event_concerns(&self, event: &DebouncedEvent) -> bool {
        if event.need_rescan() {
            return true;
        }
        let changes_content = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
            _ => true,
        };
        changes_content && event.paths.iter().any(|p| self.roots.concerns(p))
    }
}

/// Starts watching.
pub(crate) fn start(roots: Roots) -> Result<Changes, Vec<Diagnostic>> {
    let (sender, receiver) = mpsc::channel();
    let failure = |path: &Path, err: notify::Error| {
        Diagnostic::error(
            "apercu.surveillance",
            format!("impossible de surveiller les fichiers : {err}"),
        )
        .in_file(&path.display().to_string())
        .with_hint(
            "sous Linux, le nombre de fichiers surveillés est limité : \
             augmentez fs.inotify.max_user_watches.",
        )
    };
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, sender)
        .map_err(|err| vec![failure(&roots.commune, err)])?;
    let watches = [
        (&roots.commune, RecursiveMode::Recursive),
        (&roots.theme, RecursiveMode::Recursive),
        // Only `_metropole.toml` matters here: see `Roots::concerns`.
        (&roots.communes, RecursiveMode::NonRecursive),
    ];
    for (path, mode) in watches {
        debouncer
            .watch(path, mode)
            .map_err(|err| vec![failure(path, err)])?;
    }
    Ok(Changes {
        _debouncer: debouncer,
        receiver,
        roots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_files_and_other_communes_do_not_count() {
        let roots = Roots {
            communes: PathBuf::from("/c"),
            commune: PathBuf::from("/c/ville"),
            theme: PathBuf::from("/t"),
        };
        assert!(roots.concerns(Path::new("/c/ville/contenu/a.md")));
        assert!(roots.concerns(Path::new("/c/ville/commune.toml")));
        assert!(roots.concerns(Path::new("/c/_metropole.toml")));
        assert!(roots.concerns(Path::new("/t/templates/base.html")));
        assert!(!roots.concerns(Path::new("/c/ville/contenu/.a.md.swp")));
        assert!(!roots.concerns(Path::new("/c/ville/.git/index")));
        assert!(!roots.concerns(Path::new("/c/autre/contenu/a.md")));
    }
}
