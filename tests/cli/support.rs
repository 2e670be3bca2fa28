//! Helpers shared by the CLI tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary workspace with a `communes/` folder.
pub(crate) struct Workspace {
    pub(crate) dir: tempfile::TempDir,
}

impl Workspace {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("communes")).unwrap();
        Workspace { dir }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copies the `modele` fixture as commune `slug`; returns its folder.
    pub(crate) fn add_commune(&self, slug: &str) -> PathBuf {
        let target = self.path().join("communes").join(slug);
        copy_dir(&repo().join("tests/fixtures/modele"), &target);
        target
    }

    pub(crate) fn commune(&self, slug: &str) -> PathBuf {
        self.path().join("communes").join(slug)
    }

    /// Runs `usine <args>` in the workspace with the repo's theme and a fixed date, on a
    /// machine without Pagefind: the current folder has no `tools/`, `PATH` leads nowhere
    /// and `USINE_PAGEFIND` is unset (see [`Workspace::usine_with`]).
    pub(crate) fn usine(&self, args: &[&str]) -> Output {
        self.usine_with(args, &[])
    }

    /// [`Workspace::usine`] with extra environment variables, e.g. `USINE_PAGEFIND`.
    pub(crate) fn usine_with(&self, args: &[&str], vars: &[(&str, &std::ffi::OsStr)]) -> Output {
        let theme = repo().join("themes/commun");
        let mut command = self.command();
        command.args(args).envs(vars.iter().copied());
        let reads_communes =
            matches!(args.first(), Some(&"build") | Some(&"check")) && !args.contains(&"--html");
        if reads_communes {
            command
                .arg("--theme")
                .arg(theme)
                .args(["--date", "2026-11-23"]);
        }
        command.output().expect("run usine")
    }

    /// The `usine` binary, run in the workspace without colours, on a machine without
    /// Pagefind whatever this one has (the tests that want it name it).
    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_usine"));
        command
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("USINE_PAGEFIND")
            // `usine check` keeps converted images in the user's cache: this workspace's.
            .env("XDG_CACHE_HOME", self.path().join("cache-utilisateur"))
            .env("PATH", self.path().join("sans-programmes"));
        command
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr without the parts that change from run to run: every `  <number> ms` becomes
/// ` N ms` (the padding before a duration depends on its width, so it goes too).
pub(crate) fn stable_stderr(output: &Output) -> String {
    let text = stderr(output).replace(&repo().display().to_string(), "[DÉPÔT]");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(" ms") {
        let before = &rest[..at];
        let number = before.trim_end_matches(|c: char| c.is_ascii_digit());
        if number.len() < before.len() {
            out.push_str(number.trim_end_matches(' '));
            out.push_str(" N ms");
        } else {
            out.push_str(before);
            out.push_str(" ms");
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

pub(crate) fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// Every file of a folder with its bytes, to compare trees.
pub(crate) fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Replaces `from` by `to` in a file, failing loudly if `from` is absent.
pub(crate) fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}
