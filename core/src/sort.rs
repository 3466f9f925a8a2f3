//! One compiled sort for the whole library.
//!
//! Every `sort_by` or `sort_unstable` call compiles its own copy of the standard library's
//! sort (about 4 KB for a stable one, 2.5 KB for an unstable one), once per element type and
//! comparator. The mobile library had 36 such copies (about 130 KB of its 4 MiB budget). Here
//! a single sort orders the element *indices*, calling the caller's comparator through a
//! `&dyn Fn`, and a small per-type loop then moves the elements into that order.
//!
//! [`by`], [`by_key`] and [`sort`] are stable, like `slice::sort_by`: equal elements keep
//! their order. They also serve where an unstable sort was enough (a stable order is one of
//! the orders an unstable sort may give).

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, stably (as `items.sort_by(cmp)`).
pub(crate) fn by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        // Unreachable: every index is below `items.len()`.
        _ => a.cmp(&b),
    });
    permute(items, &mut order);
}

/// Sorts `items` by `key`, stably (as `items.sort_by_key(key)`).
pub(crate) fn by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order (as `items.sort()`).
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    by(items, T::cmp);
}

/// The one compiled sort: orders indices by `cmp`, ties in index order (so the result is
/// that of a stable sort of the elements). Stable itself, so runs already in order (a block's
/// rows, transactions in time order) are merged rather than sorted again.
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Puts `items[order[k]]` (as it was on entry) at position `k`, for every `k`, following each
/// cycle of the permutation once. `order` is used up: each position visited is set to itself.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut k = start;
        while let Some(slot) = order.get_mut(k) {
            let from = std::mem::replace(slot, k);
            if from == start {
                break;
            }
            // The element wanted at `k` is still at `from`; the one moved out of `start`
            // travels along the cycle until its own place comes up.
            items.swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_like_the_standard_sort() {
        // Pairs sorted by the first field only: equal keys keep their input order.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in 0..200 {
            let mut v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            by_key(&mut v, |p| p.0);
            assert_eq!(v, want, "len {len}");
        }
    }

    #[test]
    fn natural_order_reverse_and_owned_elements() {
        let mut words: Vec<String> = ["pear", "apple", "fig", "apple", "kiwi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "kiwi", "pear"]);
        by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["pear", "kiwi", "fig", "apple", "apple"]);
        let mut empty: Vec<String> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }
}
