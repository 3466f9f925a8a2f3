//! Word lists stored as one string, entries separated by `|`. A `&[&str]` table costs a
//! 16-byte slice header per entry in the mobile library besides the text (about 3,000 such
//! entries in the chat and language code); this costs one byte. Lookups scan the string, as
//! they scanned the slice.

/// A constant list of words or phrases: `Words("spent|spend|spending")`. No entry is empty
/// or holds a `|`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Words(pub(crate) &'static str);

impl Words {
    /// The entries, in their written order (none for `Words("")`).
    pub(crate) fn iter(self) -> std::str::SplitTerminator<'static, char> {
        self.0.split_terminator('|')
    }

    /// Whether `w` is one of the entries (the whole entry, as `<[&str]>::contains`). Most
    /// words asked about are in no list: a substring search (vectorised) turns them away
    /// before the entries are split.
    pub(crate) fn contains(self, w: &str) -> bool {
        self.0.contains(w) && self.iter().any(|e| e == w)
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    const W: Words = Words(
        "spent|spend|posting date\
         |a",
    );

    #[test]
    fn entries_are_whole_and_in_order() {
        assert_eq!(
            W.iter().collect::<Vec<_>>(),
            ["spent", "spend", "posting date", "a"]
        );
        assert!(W.contains("spend") && W.contains("posting date") && W.contains("a"));
        assert!(!W.contains("spen") && !W.contains("") && !W.contains("spent|spend"));
        assert!(!W.contains("posting") && !W.contains("date"));
        assert_eq!(Words("").iter().count(), 0);
        assert!(!Words("").contains(""));
    }
}
