//! Files a harness writes (inputs, journals), removed when the harness is done with them.

use std::path::{Path, PathBuf};

/// A file of this run's (with SQLite's `-wal` and `-shm` beside it), removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// `ytx-bench-PID-NAME` in the temporary directory, removed first if it is there.
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("ytx-bench-{}-{name}", std::process::id()));
        let scratch = Self(path);
        scratch.remove();
        scratch
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.remove();
    }
}

#[cfg(test)]
mod tests {
    use super::Scratch;

    #[test]
    fn the_file_and_its_sqlite_companions_are_removed_when_dropped() {
        let scratch = Scratch::new("scratch-test");
        for suffix in ["", "-wal", "-shm"] {
            std::fs::write(format!("{}{suffix}", scratch.display()), b"x").unwrap();
        }
        let path = scratch.to_path_buf();
        drop(scratch);
        for suffix in ["", "-wal", "-shm"] {
            assert!(!std::path::Path::new(&format!("{}{suffix}", path.display())).exists());
        }
    }
}
