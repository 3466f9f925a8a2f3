//! A fixed-size table of the merchants a card has paid, so "never seen this merchant",
//! duplicates, recurring charges and trials can be judged without keeping the history.
//!
//! Merchants are stored as 32-bit hashes of their normalised names (no names in the state),
//! in a 4-way set-associative table; when a set is full the least recently used merchant is
//! evicted. Memory stays at [`MERCHANT_SLOTS`] × 16 bytes whatever the history length.

use crate::time::Timestamp;

/// Number of sets.
pub(crate) const SETS: usize = 128;
/// Ways per set.
pub(crate) const WAYS: usize = 4;
/// Total merchant slots.
pub(crate) const MERCHANT_SLOTS: usize = SETS * WAYS;

/// Flag: the user confirmed a payment to this merchant as theirs.
pub(crate) const FLAG_TRUSTED: u8 = 1;
/// Flag: the last charge was a free or tiny trial charge.
pub(crate) const FLAG_TRIAL: u8 = 2;
/// All valid flags.
pub(crate) const FLAG_MASK: u8 = FLAG_TRUSTED | FLAG_TRIAL;

/// One merchant slot. `hash == 0` marks an empty slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct MerchantEntry {
    pub hash: u32,
    /// Minutes since the epoch of the last charge.
    pub last_min: i32,
    /// Last charge in minor units, saturated to `u32`.
    pub last_amount: u32,
    /// Charges seen, saturating.
    pub count: u16,
    pub flags: u8,
    /// Consecutive roughly monthly intervals between charges of a (nearly) unchanged amount
    /// (within [`STABLE_PERMILLE`]): how established a fixed recurring charge is.
    pub streak: u8,
}

/// Two consecutive charges within this many thousandths of each other count as the same
/// amount for a recurring charge (1%).
pub(crate) const STABLE_PERMILLE: i64 = 10;

/// Whether `amount` is within [`STABLE_PERMILLE`] of `previous` (minor units).
pub(crate) fn same_amount(previous: i64, amount: i64) -> bool {
    amount
        .saturating_sub(previous)
        .saturating_abs()
        .saturating_mul(1000)
        <= previous.saturating_abs().saturating_mul(STABLE_PERMILLE)
}

/// FNV-1a over the ASCII-lowercased, trimmed name; never 0.
pub(crate) fn merchant_hash(name: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.trim().bytes() {
        h ^= u32::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0193);
    }
    h.max(1)
}

/// Minutes since the epoch, clamped to `i32`.
pub(crate) fn to_minutes(ts: Timestamp) -> i32 {
    i32::try_from(ts.div_euclid(60)).unwrap_or(if ts < 0 { i32::MIN } else { i32::MAX })
}

/// The fixed merchant table.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct MerchantTable {
    pub slots: Box<[MerchantEntry; MERCHANT_SLOTS]>,
}

impl Default for MerchantTable {
    fn default() -> Self {
        MerchantTable {
            slots: Box::new([MerchantEntry::default(); MERCHANT_SLOTS]),
        }
    }
}

impl MerchantTable {
    fn set_range(hash: u32) -> std::ops::Range<usize> {
        let set = (hash as usize) % SETS;
        set * WAYS..set * WAYS + WAYS
    }

    /// The entry for `hash`, if present.
    pub fn get(&self, hash: u32) -> Option<&MerchantEntry> {
        self.slots
            .get(Self::set_range(hash))?
            .iter()
            .find(|e| e.hash == hash)
    }

    /// The entry for `hash`, inserting (and evicting the least recently used of its set) when
    /// absent.
    pub fn entry(&mut self, hash: u32) -> Option<&mut MerchantEntry> {
        let set = self.slots.get_mut(Self::set_range(hash))?;
        let pos = match set.iter().position(|e| e.hash == hash) {
            Some(p) => p,
            None => {
                let p = set
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, e)| {
                        if e.hash == 0 {
                            i64::MIN
                        } else {
                            i64::from(e.last_min)
                        }
                    })
                    .map_or(0, |(i, _)| i);
                if let Some(slot) = set.get_mut(p) {
                    *slot = MerchantEntry {
                        hash,
                        ..MerchantEntry::default()
                    };
                }
                p
            }
        };
        set.get_mut(pos)
    }

    /// Number of occupied slots.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|e| e.hash != 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_lookup_and_lru_eviction() {
        let mut t = MerchantTable::default();
        // Five hashes in the same set: the oldest one is evicted.
        let hs: Vec<u32> = (1..=5).map(|i| i * SETS as u32 + 7).collect();
        for (i, h) in hs.iter().enumerate() {
            let e = t.entry(*h).unwrap();
            e.last_min = i as i32 * 10;
            e.count = 1;
        }
        assert!(t.get(hs[0]).is_none());
        for h in &hs[1..] {
            assert!(t.get(*h).is_some());
        }
        assert_eq!(t.len(), WAYS);
    }

    #[test]
    fn hash_normalises_case_and_space() {
        assert_eq!(merchant_hash(" Coffee Shop "), merchant_hash("coffee shop"));
        assert_ne!(merchant_hash("a"), merchant_hash("b"));
        assert_ne!(merchant_hash(""), 0);
        assert_eq!(to_minutes(i64::MAX), i32::MAX);
        assert_eq!(to_minutes(i64::MIN), i32::MIN);
    }
}
