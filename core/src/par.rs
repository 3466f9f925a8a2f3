//! Pure per-item work spread over the device's cores: sealing vault blocks inside one write,
//! folding blocks for the assistant's summary, building an OFX file's transactions. SQLite
//! itself stays on the calling thread: only work that touches no connection is split, and
//! results come back in input order, so what is produced does not depend on how many cores
//! there are.

/// Most threads one call uses (the calling thread included): phones have 6 to 8 cores, and
/// the fraud engine may be scoring on another one during an ingest.
const MAX_WORKERS: usize = 4;

/// `f` over `items`, in order, on up to [`MAX_WORKERS`] threads when there are at least
/// `min_per_worker` items per thread; `None` if a worker thread died (a bug: the work is
/// pure and total, so callers report it as an error rather than panicking in turn).
pub(crate) fn map<T: Send, R: Send>(
    items: Vec<T>,
    min_per_worker: usize,
    f: impl Fn(T) -> R + Sync,
) -> Option<Vec<R>> {
    let mut chunks = map_chunks(items, min_per_worker, f)?;
    if chunks.len() == 1 {
        return chunks.pop();
    }
    Some(chunks.into_iter().flatten().collect())
}

/// [`map`] with the results left in one vector per thread, in order: for large items
/// (a transaction is a few hundred bytes) a caller that walks the results once saves
/// copying them all into one vector.
pub(crate) fn map_chunks<T: Send, R: Send>(
    mut items: Vec<T>,
    min_per_worker: usize,
    f: impl Fn(T) -> R + Sync,
) -> Option<Vec<Vec<R>>> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = cores
        .min(MAX_WORKERS)
        .min(items.len() / min_per_worker.max(1))
        .max(1);
    if workers == 1 {
        return Some(vec![items.into_iter().map(&f).collect()]);
    }
    let tails = split_back(&mut items, workers);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = tails
            .into_iter()
            .map(|c| s.spawn(move || c.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out: Vec<Vec<R>> = Vec::with_capacity(workers);
        out.push(items.into_iter().map(f).collect());
        for h in handles {
            out.push(h.join().ok()?);
        }
        Some(out)
    })
}

/// Splits `items` into at most `parts` runs of equal length (the last shorter): the first
/// stays in `items`, the others are returned in order. Split from the back, so each element
/// moves at most once.
fn split_back<T>(items: &mut Vec<T>, parts: usize) -> Vec<Vec<T>> {
    let chunk = items.len().div_ceil(parts.max(1)).max(1);
    let mut tails: Vec<Vec<T>> = Vec::with_capacity(parts.saturating_sub(1));
    while items.len() > chunk {
        let at = items.len() - (items.len() - 1) % chunk - 1;
        tails.push(items.split_off(at));
    }
    tails.reverse();
    tails
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_whatever_the_split() {
        let items: Vec<u64> = (0..10_007).collect();
        for min in [1, 7, 100, 5_000, 20_000] {
            let out = map(items.clone(), min, |x| x * 3).unwrap();
            assert_eq!(out, items.iter().map(|x| x * 3).collect::<Vec<_>>());
        }
        assert_eq!(map(Vec::<u8>::new(), 1, |x| x), Some(vec![]));
    }

    #[test]
    fn back_splits_are_contiguous_and_bounded() {
        for n in 0usize..40 {
            for parts in 1..=5 {
                let mut items: Vec<usize> = (0..n).collect();
                let tails = split_back(&mut items, parts);
                assert!(tails.len() < parts.max(1), "n {n}, parts {parts}");
                let mut all = items.clone();
                for t in &tails {
                    assert!(!t.is_empty());
                    assert!(t.len() <= items.len(), "n {n}, parts {parts}");
                    all.extend(t);
                }
                assert_eq!(all, (0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn chunks_cover_every_item_once_in_order() {
        for n in [0usize, 1, 2, 3, 7, 8, 9, 100, 10_007] {
            let items: Vec<usize> = (0..n).collect();
            for min in [1, 2, 3, 1_000] {
                let chunks = map_chunks(items.clone(), min, |x| x).unwrap();
                assert!(!chunks.is_empty());
                assert!(chunks.len() <= MAX_WORKERS);
                let flat: Vec<usize> = chunks.iter().flatten().copied().collect();
                assert_eq!(flat, items, "n {n}, min {min}");
                if chunks.len() > 1 {
                    assert!(chunks.iter().all(|c| !c.is_empty()), "n {n}, min {min}");
                }
            }
        }
    }
}
