//! Loading the labelled JSON-lines intent data (`text`, `intent`, optional `domain`).

use std::fmt;
use std::path::Path;
use tacit_core::intent::Intent;

/// One labelled utterance.
#[derive(Clone)]
pub struct Example {
    /// The utterance.
    pub text: String,
    /// Its label.
    pub intent: Intent,
    /// True when the source dataset itself marked it out of scope (the hard negatives).
    pub hard_oos: bool,
    /// Loss weight relative to an ordinary example of its class.
    pub weight: f32,
}

impl fmt::Debug for Example {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Example")
            .field("intent", &self.intent)
            .finish_non_exhaustive()
    }
}

/// Why data could not be loaded.
#[derive(Debug)]
pub enum DataError {
    /// The file could not be read.
    Io(String),
    /// A line is not valid JSON with a known label (1-based line number).
    BadLine(usize),
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Io(file) => write!(f, "cannot read {file}"),
            DataError::BadLine(n) => write!(f, "line {n}: not a labelled example"),
        }
    }
}

impl std::error::Error for DataError {}

/// Reads `dir/name` as JSON lines.
pub fn load(dir: &Path, name: &str) -> Result<Vec<Example>, DataError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|_| DataError::Io(name.to_string()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|_| DataError::BadLine(i + 1))?;
        let text = value.get("text").and_then(|v| v.as_str());
        let intent = value
            .get("intent")
            .and_then(|v| v.as_str())
            .and_then(Intent::parse);
        let (Some(text), Some(intent)) = (text, intent) else {
            return Err(DataError::BadLine(i + 1));
        };
        let hard_oos = value.get("domain").and_then(|v| v.as_str()) == Some("oos");
        out.push(Example {
            text: text.to_string(),
            intent,
            hard_oos,
            weight: 1.0,
        });
    }
    Ok(out)
}
