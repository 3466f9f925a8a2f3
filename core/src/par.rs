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
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = cores
        .min(MAX_WORKERS)
        .min(items.len() / min_per_worker.max(1))
        .max(1);
    if workers == 1 {
        return Some(items.into_iter().map(&f).collect());
    }
    let total = items.len();
    let chunk = total.div_ceil(workers);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(workers);
    let mut rest = items.into_iter();
    loop {
        let c: Vec<T> = rest.by_ref().take(chunk).collect();
        if c.is_empty() {
            break;
        }
        chunks.push(c);
    }
    let f = &f;
    std::thread::scope(|s| {
        let mut chunks = chunks.into_iter();
        let first = chunks.next().unwrap_or_default();
        let handles: Vec<_> = chunks
            .map(|c| s.spawn(move || c.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out: Vec<R> = Vec::with_capacity(total);
        out.extend(first.into_iter().map(f));
        for h in handles {
            out.extend(h.join().ok()?);
        }
        Some(out)
    })
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
}
