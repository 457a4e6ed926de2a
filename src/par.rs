//! Doing independent work on all cores, with the standard library only.

/// Below this many items, work stays on the calling thread: spawning a
/// thread costs tens of microseconds, more than a few hundred small items
/// take, and a history walk, already one thread per core, validates
/// thousands of small plans.
const MIN_ITEMS: usize = 512;

/// The number of threads to use: as many as the system gives this process
/// (asked once: on Linux that reads cgroup files, not something to do per
/// call), or fewer if `MILEPOST_THREADS` says so (see [`configured`]).
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        match configured() {
            Ok(Some(n)) => n.min(cores),
            _ => cores,
        }
    })
}

/// The number of threads `MILEPOST_THREADS` asks for, if it is set. Checked
/// before any command runs, so that a bad value is an error rather than
/// ignored.
pub fn configured() -> crate::error::Result<Option<usize>> {
    parse_threads(std::env::var_os("MILEPOST_THREADS").as_deref())
}

/// A thread count as `MILEPOST_THREADS` gives it: a whole number from 1 up
/// (more than there are cores is no error: [`threads`] uses the cores).
fn parse_threads(value: Option<&std::ffi::OsStr>) -> crate::error::Result<Option<usize>> {
    let Some(value) = value else {
        return Ok(None);
    };
    match value.to_str().map(|v| v.trim().parse::<usize>()) {
        Some(Ok(n)) if n > 0 => Ok(Some(n)),
        // Beyond `usize`: more than any machine has.
        Some(Err(e)) if *e.kind() == std::num::IntErrorKind::PosOverflow => Ok(Some(usize::MAX)),
        _ => Err(crate::error::Error::Threads(value.to_string_lossy().into_owned())),
    }
}

thread_local! {
    /// Whether this thread works beside others already ([`beside`]).
    static BESIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with this thread marked as one of several working side by side
/// (every core busy): the functions of this module called from within stay
/// on the thread instead of spreading their work over more threads. Work
/// spread once is not spread again: a history walk levels a plan per commit
/// on every core, and threads of its own for each would only contend.
pub fn beside<R>(f: impl FnOnce() -> R) -> R {
    /// Puts the mark back as it was, on a panic too.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = BESIDE.try_with(|b| b.set(self.0));
        }
    }
    let _restore = Restore(BESIDE.try_with(|b| b.replace(true)).unwrap_or(true));
    f()
}

/// Frees `value` on a thread of its own when there is a core to spare
/// (here, otherwise): a large plan, schedule or template context is a tree
/// of hundreds of thousands of allocations, freed while this thread goes
/// on. The thread is not waited for: at the process's exit, what it has
/// not freed yet is the system's again anyway.
pub fn free<T: Send + 'static>(value: T) {
    if threads() > 1 {
        std::thread::spawn(move || drop(value));
    } else {
        drop(value);
    }
}

/// Whether `n` items of work would be spread over more than one thread
/// here: at least [`MIN_ITEMS`], more than one thread, and not from within
/// work spread already ([`beside`]).
pub fn forks(n: usize) -> bool {
    n >= MIN_ITEMS && threads() >= 2 && !BESIDE.try_with(std::cell::Cell::get).unwrap_or(true)
}

/// Maps `f` over `items` on all available cores, keeping the order. The
/// calling thread takes a share of the work too. Small inputs (below
/// [`MIN_ITEMS`]) stay on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    spread(items, items.len(), f)
}

/// [`map`] for items that each cost more than starting a thread does
/// (milliseconds, not microseconds): spread over the cores from two items.
pub fn map_costly<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let n = if items.len() >= 2 { MIN_ITEMS } else { items.len() };
    spread(items, n, f)
}

/// [`map`], spread as `n` items would be ([`forks`]).
fn spread<T: Sync, R: Send>(items: &[T], n: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if !forks(n) {
        return items.iter().map(f).collect();
    }
    let threads = threads();
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut chunks = items.chunks(chunk);
        let mine = chunks.next().unwrap_or_default();
        let f = &f;
        let handles: Vec<_> = chunks
            .map(|part| scope.spawn(move || beside(|| part.iter().map(f).collect::<Vec<R>>())))
            .collect();
        let mut out: Vec<R> = Vec::with_capacity(items.len());
        beside(|| out.extend(mine.iter().map(f)));
        for handle in handles {
            match handle.join() {
                Ok(part) => out.extend(part),
                // A panic in a worker is a bug: let it surface as one.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// Runs `f` on consecutive ranges that share out `0..n`, one range per
/// thread (the calling thread takes the first), and returns the results in
/// range order. For work whose items share state on a thread (buffers
/// reused from one item to the next, sums): `f` sees a range, not an item.
/// Below [`MIN_ITEMS`], or on one thread, it is one call on `0..n`.
pub fn ranges<R: Send>(n: usize, f: impl Fn(std::ops::Range<usize>) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if !forks(n) {
        return vec![f(0..n)];
    }
    let chunk = n.div_ceil(threads);
    let parts: Vec<std::ops::Range<usize>> = (0..n).step_by(chunk).map(|from| from..(from + chunk).min(n)).collect();
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = parts[1..]
            .iter()
            .map(|r| scope.spawn(move || beside(|| f(r.clone()))))
            .collect();
        let mut out = Vec::with_capacity(parts.len());
        out.push(beside(|| f(parts[0].clone())));
        for handle in handles {
            match handle.join() {
                Ok(part) => out.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// Runs `a` and `b`, `b` on a thread of its own when there are two threads
/// and the two have `n` items between them, at least [`MIN_ITEMS`]; on the
/// calling thread one after the other otherwise (or from within work
/// spread already, [`beside`]). Their results, in order.
pub fn join<A: Send, B: Send>(n: usize, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if !forks(n) {
        return (a(), b());
    }
    side_by_side(a, b)
}

/// Runs `a` here and, meanwhile, `b` on a thread of its own when there are
/// two threads (one after the other otherwise, or from within work spread
/// already, [`beside`]). Unlike [`join`], only `b` moves to another
/// thread: `a` may borrow what cannot be shared between threads (a Git
/// repository). Their results, in order.
pub fn meanwhile<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    // Two pieces of work, each worth a thread: spread as any large work.
    if !forks(MIN_ITEMS) {
        return (a(), b());
    }
    side_by_side(a, b)
}

/// `a` here and `b` on a thread of its own, each marked [`beside`]; a
/// panic in `b` surfaces here.
fn side_by_side<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let other = scope.spawn(|| beside(b));
        let first = beside(a);
        match other.join() {
            Ok(second) => (first, second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    /// `meanwhile` gives both results in order; `a` may borrow what
    /// cannot be shared between threads; from within work spread already,
    /// both run on the calling thread.
    #[test]
    fn meanwhile_gives_both_results_and_stays_here_within_work_spread() {
        let here = std::thread::current().id();
        let cell = std::cell::Cell::new(1);
        let (a, b) = super::meanwhile(
            || {
                cell.set(2);
                cell.get()
            },
            || 3,
        );
        assert_eq!((a, b), (2, 3));
        let ids = super::beside(|| super::meanwhile(|| std::thread::current().id(), || std::thread::current().id()));
        assert_eq!(ids, (here, here));
    }

    #[test]
    fn a_thread_count_is_a_whole_number_from_one_up() {
        let parse = |v: &str| super::parse_threads(Some(OsStr::new(v))).ok();
        assert_eq!(super::parse_threads(None).ok(), Some(None));
        assert_eq!(parse("1"), Some(Some(1)));
        assert_eq!(parse(" 8 "), Some(Some(8)));
        // More than any machine: the cores are used.
        assert_eq!(parse("100000"), Some(Some(100000)));
        assert_eq!(parse("99999999999999999999999"), Some(Some(usize::MAX)));
        for bad in ["0", "-1", "two", "", "1.5", "+"] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            assert!(super::parse_threads(Some(OsStr::from_bytes(b"\xff"))).is_err());
        }
    }

    #[test]
    fn ranges_cover_every_item_once_in_order() {
        for n in [0, 1, 511, 512, 1000, 1001] {
            let parts = super::ranges(n, |r| r);
            let items: Vec<usize> = parts.into_iter().flatten().collect();
            assert_eq!(items, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn keeps_order_on_large_and_small_inputs() {
        for n in [0, 1, 63, 64, 1000, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let doubled: Vec<usize> = items.iter().map(|i| i * 2).collect();
            assert_eq!(super::map(&items, |i| i * 2), doubled);
        }
    }
}
