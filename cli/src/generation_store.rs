//! The CLI's rollback guard: the last write generation of each vault, kept OUTSIDE the vault
//! file, so that `tacit` refuses an older copy of a vault put back in its place (`Rollback`).
//!
//! Where: one small file per vault, named by the hex of the vault's random id, in
//! `$TACIT_STATE_DIR` if set, else `$XDG_STATE_HOME/tacit/generations`, else
//! `~/.local/state/tacit/generations`. Not beside the vault: whoever restores the vault's
//! folder from a backup would restore the record with it. The files hold a generation number
//! only (no key, no bank datum); the folder is 0700 and the files 0600, written through a
//! temporary file and a rename so a crash never leaves half a number.
//!
//! Limits (docs/security-design.md): the record detects a restored copy, not one whose record
//! was deleted too (a user who can write the state folder can remove it); a missing or
//! unreadable record means "nothing seen" and prints a warning for the unreadable case.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tacit_core::{GenerationStore, OpenOptions};

/// Generations in files under one folder.
#[derive(Debug)]
pub struct FileGenerationStore {
    dir: PathBuf,
}

/// The folder the CLI keeps generations in (see the module doc), if one can be named.
pub fn default_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = var("TACIT_STATE_DIR") {
        return Some(d);
    }
    let base = var("XDG_STATE_HOME").or_else(|| var("HOME").map(|h| h.join(".local/state")))?;
    Some(base.join("tacit").join("generations"))
}

/// Open options with the CLI's generation store (none when no folder can be named).
pub fn open_options() -> OpenOptions {
    OpenOptions {
        generation_store: default_dir()
            .map(|dir| Arc::new(FileGenerationStore::new(dir)) as Arc<dyn GenerationStore>),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl FileGenerationStore {
    /// A store in `dir` (created on the first record).
    pub fn new(dir: PathBuf) -> FileGenerationStore {
        FileGenerationStore { dir }
    }

    fn file(&self, vault_id: &[u8]) -> PathBuf {
        self.dir.join(hex(vault_id))
    }

    fn read(path: &Path) -> Result<Option<u64>, ()> {
        match fs::read_to_string(path) {
            Ok(s) => s.trim().parse::<u64>().map(Some).map_err(|_| ()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(_) => Err(()),
        }
    }

    fn write(&self, path: &Path, generation: u64) -> std::io::Result<()> {
        create_private_dir(&self.dir)?;
        let tmp = path.with_extension("tmp");
        let mut f = private_file(&tmp)?;
        writeln!(f, "{generation}")?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

fn private_file(path: &Path) -> std::io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

impl GenerationStore for FileGenerationStore {
    fn last_seen(&self, vault_id: &[u8]) -> Option<u64> {
        let path = self.file(vault_id);
        FileGenerationStore::read(&path).unwrap_or_else(|()| {
            eprintln!(
                "tacit: warning: the rollback record {} is unreadable; rollback not checked",
                path.display()
            );
            None
        })
    }

    fn record(&self, vault_id: &[u8], generation: u64) {
        let path = self.file(vault_id);
        // Generations only grow; never lower a record (two processes on one vault).
        if let Ok(Some(seen)) = FileGenerationStore::read(&path) {
            if seen >= generation {
                return;
            }
        }
        if self.write(&path, generation).is_err() {
            eprintln!(
                "tacit: warning: could not write the rollback record in {}",
                self.dir.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_grow_and_survive_a_new_store() {
        let dir = tempfile::tempdir().unwrap();
        let s = FileGenerationStore::new(dir.path().join("g"));
        assert_eq!(s.last_seen(b"id"), None);
        s.record(b"id", 5);
        s.record(b"id", 3);
        assert_eq!(s.last_seen(b"id"), Some(5));
        let again = FileGenerationStore::new(dir.path().join("g"));
        assert_eq!(again.last_seen(b"id"), Some(5));
        assert_eq!(again.last_seen(b"other"), None);
        assert!(dir.path().join("g").join("6964").exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("g").join("6964"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "not readable by others");
        }
        fs::write(dir.path().join("g").join("6964"), "garbage").unwrap();
        assert_eq!(again.last_seen(b"id"), None);
    }
}
