//! Which Pagefind program a run uses, looked up once before any commune is built.
//!
//! In this order: `--pagefind CHEMIN`, the `USINE_PAGEFIND` variable, the npm install of
//! `tools/pagefind/` under the current folder, `pagefind` on `PATH`. A program named
//! explicitly but absent is not replaced by another one: the warning names it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::{Indexer, Missing, Pagefind};

/// Names the program when `--pagefind` is not given.
pub const ENV_VAR: &str = "USINE_PAGEFIND";
/// Where `npm ci --prefix tools/pagefind` puts it, relative to the current folder.
const NPM_PROGRAM: &str = "tools/pagefind/node_modules/.bin/pagefind";

/// Finds the program for this run.
pub fn locate(option: Option<&Path>) -> Indexer {
    let found = find(
        option,
        std::env::var_os(ENV_VAR),
        std::env::var_os("PATH"),
        Path::new(NPM_PROGRAM),
    );
    match found {
        Ok(program) => Indexer::Pagefind(Pagefind::new(program)),
        Err(missing) => Indexer::Missing(missing),
    }
}

fn find(
    option: Option<&Path>,
    env: Option<OsString>,
    path: Option<OsString>,
    npm_program: &Path,
) -> Result<PathBuf, Missing> {
    let explicit = match (option, env.filter(|v| !v.is_empty())) {
        (Some(given), _) => Some((given.to_path_buf(), "--pagefind")),
        (None, Some(given)) => Some((PathBuf::from(given), ENV_VAR)),
        (None, None) => None,
    };
    if let Some((given, origin)) = explicit {
        return resolve(&given, path.as_deref()).ok_or_else(|| Missing {
            looked_for: format!("{} ({origin})", given.display()),
        });
    }
    if npm_program.is_file() {
        return Ok(absolute(npm_program));
    }
    in_path("pagefind", path.as_deref()).ok_or_else(|| Missing {
        looked_for: format!("{}, puis pagefind dans le PATH", npm_program.display()),
    })
}

/// A path with a separator is a file; a bare name is looked up in `PATH`, as shells do.
fn resolve(given: &Path, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    if given.components().count() > 1 || given.is_absolute() {
        given.is_file().then(|| absolute(given))
    } else {
        in_path(given.as_os_str(), path)
    }
}

fn in_path(name: impl AsRef<std::ffi::OsStr>, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let name = name.as_ref();
    std::env::split_paths(path?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
        .map(|found| absolute(&found))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The program runs with another current folder: its path must not depend on ours.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    fn program(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, "#!/bin/sh\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn lookup_order_is_option_variable_npm_then_path() {
        let dir = tempfile::tempdir().unwrap();
        let option = program(dir.path(), "option");
        let variable = program(dir.path(), "variable");
        let npm = program(dir.path(), "npm");
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        let on_path = program(&bin, "pagefind");
        let path = Some(bin.clone().into_os_string());
        let env = Some(variable.clone().into_os_string());
        let found = |option: Option<&Path>, env: Option<OsString>, npm: &Path| {
            find(option, env, path.clone(), npm).unwrap()
        };
        assert_eq!(found(Some(&option), env.clone(), &npm), option);
        assert_eq!(found(None, env.clone(), &npm), variable);
        assert_eq!(found(None, Some(OsString::new()), &npm), npm);
        assert_eq!(found(None, None, &dir.path().join("absent")), on_path);
    }

    #[test]
    fn a_named_program_that_is_absent_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let npm = program(dir.path(), "npm");
        let missing = find(Some(Path::new("/nulle/part/pagefind")), None, None, &npm).unwrap_err();
        assert_eq!(missing.looked_for, "/nulle/part/pagefind (--pagefind)");
        let missing = find(None, Some("introuvable".into()), None, &npm).unwrap_err();
        assert_eq!(missing.looked_for, "introuvable (USINE_PAGEFIND)");
    }

    #[test]
    fn nothing_found_names_both_places_looked_at() {
        let dir = tempfile::tempdir().unwrap();
        let npm = dir.path().join("tools/pagefind/node_modules/.bin/pagefind");
        let missing = find(None, None, Some(dir.path().as_os_str().to_owned()), &npm).unwrap_err();
        assert_eq!(
            missing.looked_for,
            format!("{}, puis pagefind dans le PATH", npm.display())
        );
    }

    #[test]
    fn a_file_without_execute_permission_on_path_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("pagefind"), "").unwrap();
        assert_eq!(in_path("pagefind", Some(dir.path().as_os_str())), None);
    }
}
